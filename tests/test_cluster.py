"""Per-document work in worker processes: the local pool and a Dask cluster (issues 15 and 16).

The cluster tests start a real Dask LocalCluster of 2 worker *processes* (nanny-managed, as on a
real cluster) in this test process; the inputs are the committed sample plans (text) and a small
born-digital PDF (page jobs, then the document's task, as for a scan, without OCR's cost).
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pytest

from vnplan.pipeline import Options, doc_task, run
from vnplan.schemas import SCHEMAS
from vnplan.store import Store
from vnplan.work import process_document

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _tables(out: Path) -> dict[str, pa.Table]:
    """Every table, sorted, without the one column that differs between runs (ingested_at)."""
    store = Store(out)
    tables = {}
    for name in SCHEMAS:
        t = store.read(name)
        tables[name] = t.drop(["ingested_at"]) if "ingested_at" in t.column_names else t
    return tables


def _assert_same_tables(a: Path, b: Path) -> None:
    ta, tb = _tables(a), _tables(b)
    for name in SCHEMAS:
        assert ta[name].num_rows == tb[name].num_rows, name
        assert ta[name].equals(tb[name]), f"{name} differs"


def _text_pdf(path: Path, n_pages: int = 3) -> Path:
    """A born-digital PDF with a real Vietnamese text layer (sample plan 004's lines, DejaVu Sans)."""
    from fpdf import FPDF

    from devkit.paths import SEEDS

    lines = [" ".join(ln.split()) for ln in next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if len(ln) > 20]
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=10)
    for p in range(n_pages):
        pdf.add_page()
        for k in range(20):
            pdf.multi_cell(0, 5, lines[(p * 20 + k) % len(lines)][:180], new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, seeds_dir: Path) -> Path:
    """The five sample plans, a 3-page text-layer PDF and one file that cannot be read."""
    raw = tmp_path_factory.mktemp("raw")
    for p in sorted(seeds_dir.glob("*.txt")):
        shutil.copy(p, raw / p.name)
    _text_pdf(raw / "born_digital.pdf")
    (raw / "broken.pdf").write_bytes(b"")  # fails: the summary and exit code must count it
    return raw


@pytest.fixture(scope="module")
def local_run(inputs: Path, tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    summary = run([inputs], out, Options(progress=False, workers=2))
    return out, summary


def test_local_pool_matches_the_serial_path(inputs: Path, local_run, tmp_path: Path):
    """The pool's tables are the rows the same work gives done serially in this process."""
    from ingest.parallel import safe_run
    from ingest.sources import InputError, discover_inputs
    from vnplan.pipeline import failed_outcome, page_jobs
    from vnplan.work import READERS

    out, summary = local_run
    assert len(summary.ok) == 6 and [p for p, _ in summary.failed] == [str(inputs / "broken.pdf")]
    serial = tmp_path / "serial"
    store = Store(serial)
    with store.locked():
        store.prepare()
        opts = Options(progress=False)
        for src in discover_inputs([inputs]).sources:
            task = doc_task(src, serial, opts)
            if src.kind in READERS:
                process_document(task)
                continue
            try:
                jobs = page_jobs(src, opts)
            except InputError as e:
                failed_outcome(store, task, str(e))
                continue
            process_document(task.with_pages({j.index: safe_run(j) for j in jobs}))
    _assert_same_tables(out, serial)
    pages = _tables(out)["pages"].to_pandas()
    assert set(pages.method) == {"text", "text_layer"} and pages.text.notna().all()


def test_restore_and_extract_run_in_the_workers(inputs: Path, tmp_path: Path, monkeypatch):
    """Break restoration and extraction in this process: the run is unaffected, so the documents
    (text plans and the PDF, whose pages come back first) were finished elsewhere."""
    import extract
    import normalize.restore

    def broken(*a, **k):
        raise RuntimeError("ran in the main process")

    monkeypatch.setattr(normalize.restore, "restore_text", broken)
    monkeypatch.setattr(extract, "extract_document", broken)
    out = tmp_path / "out"
    summary = run([inputs], out, Options(progress=False, workers=2))
    docs = Store(out).read("documents").to_pandas().set_index("file_name")
    assert len(summary.ok) == 6
    assert (docs.drop(index="broken.pdf").status == "ok").all(), docs.error.to_dict()
    assert len(Store(out).read("tasks")) > 0


def test_vnplan_cluster_sets_the_option(monkeypatch):
    monkeypatch.setenv("VNPLAN_CLUSTER", "tcp://10.0.0.5:8786")
    assert Options().cluster == "tcp://10.0.0.5:8786"
    monkeypatch.delenv("VNPLAN_CLUSTER")
    assert Options().cluster is None


# --- Dask ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", memory_limit="3GiB"
    ) as c:
        yield c


def test_cluster_gives_the_local_tables(inputs: Path, local_run, cluster, tmp_path: Path):
    out, summary = local_run
    on_cluster = tmp_path / "cluster"
    csum = run([inputs], on_cluster, Options(progress=False, cluster=cluster.scheduler_address))
    assert csum.line() == summary.line()
    assert sorted(csum.ok) == sorted(summary.ok) and csum.failed == summary.failed
    _assert_same_tables(out, on_cluster)


def distinct_plans(seeds_dir: Path, raw: Path, n: int = 16) -> list[Path]:
    """``n`` text plans of distinct contents (each copy is its own document), written to ``raw``."""
    raw.mkdir(parents=True, exist_ok=True)
    seeds = sorted(seeds_dir.glob("*.txt"))
    out = []
    for i in range(n):
        src = seeds[i % len(seeds)]
        out.append(raw / f"{i:02d}_{src.name}")
        out[-1].write_text(src.read_text(encoding="utf-8") + f"\nBản sao số {i}.\n")
    return out


def run_killing_a_worker(cluster, ingest: Callable[[], object], n_done: Callable[[], int]) -> tuple[object, int]:
    """Run ``ingest`` on the cluster in a thread; once ``n_done()`` documents are written, SIGKILL one
    worker. Returns the run's result and how many documents were done at the kill."""
    from distributed import Client

    result: dict = {}
    with Client(cluster.scheduler_address) as client:
        t = threading.Thread(target=lambda: result.setdefault("summary", ingest()))
        t.start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not n_done():
            time.sleep(0.05)
        done_at_kill = n_done()
        victim = next(iter(client.run(os.getpid).values()))
        os.kill(victim, signal.SIGKILL)  # mid-run: the other documents are queued or running
        t.join(300)
    assert not t.is_alive()
    return result["summary"], done_at_kill


def assert_each_document_once(tables: dict[str, pa.Table], n: int) -> None:
    docs = tables["documents"].to_pandas()
    assert len(docs) == n and docs.doc_id.is_unique and set(docs.status) == {"ok"}
    pages = tables["pages"].to_pandas()
    assert not pages.duplicated(["doc_id", "page_no"]).any() and set(pages.doc_id) == set(docs.doc_id)
    tasks = tables["tasks"].to_pandas()
    assert tasks.task_id.is_unique and set(tasks.doc_id) == set(docs.doc_id)


def test_killed_worker_loses_no_document_and_doubles_none(seeds_dir: Path, cluster, tmp_path: Path):
    n = 16
    raw = tmp_path / "raw"
    distinct_plans(seeds_dir, raw, n)
    out = tmp_path / "out"
    docs_dir = out / "documents"
    summary, done_at_kill = run_killing_a_worker(
        cluster,
        lambda: run([raw], out, Options(progress=False, cluster=cluster.scheduler_address)),
        lambda: len(list(docs_dir.glob("*.parquet"))) if docs_dir.is_dir() else 0,
    )
    assert 1 <= done_at_kill < n, "the worker must be killed while documents are still to do"
    assert len(summary.ok) == n and not summary.failed
    assert_each_document_once(_tables(out), n)


def test_a_text_layer_pdf_is_opened_once_not_per_page(tmp_path: Path, monkeypatch):
    """Issue 16: pdfplumber walked the whole page tree at each per-page open (cost per page grew
    with the page count). A worker now keeps the document open; the pages read the same."""
    import pdfplumber

    from ingest import pdf

    path = _text_pdf(tmp_path / "doc.pdf", n_pages=4)
    expected = []
    for i in range(4):
        with pdfplumber.open(str(path), pages=[i + 1]) as doc:
            expected.append(doc.pages[0].extract_text())
    opened = []
    real_open = pdfplumber.open
    # ingest.pdf imports pdfplumber where a layer is read: the module it gets is this one
    monkeypatch.setattr(pdfplumber, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    pdf.close_cached()
    pages = [pdf.text_layer_page(path, i) for i in range(4)]
    assert len(opened) == 1
    assert [p.text_raw for p in pages] == [pdf.unicodedata.normalize("NFC", t) for t in expected]
    _text_pdf(path, n_pages=2)  # replaced under the same name: read afresh
    assert pdf.text_layer_page(path, 1).page_no == 2 and len(opened) == 2
    pdf.close_cached()
