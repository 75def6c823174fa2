"""Inputs and outputs on object storage (issue 15): ``s3://`` through fsspec/s3fs, against a real
S3-compatible server (moto's, started in this process on a free port), with the local pool and a
Dask LocalCluster of 2 worker processes. Tables are compared with a local run of the same files.

Runs here skip diacritics restoration (``restore=False``, in the local run compared with too): it
does not touch storage, and it is most of a text document's time.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("moto.server", reason="needs moto[server] (dev extra): the local S3 server")
pytest.importorskip("s3fs", reason="needs s3fs (the 's3' extra)")
boto3 = pytest.importorskip("boto3", reason="needs boto3 (dev extra) to set up the bucket")

from typer.testing import CliRunner  # noqa: E402

from devkit.compare_stores import differing_tables  # noqa: E402
from tests.test_cluster import (  # noqa: E402
    _text_pdf,
    assert_each_document_once,
    distinct_plans,
    run_killing_a_worker,
)
from tests.test_fuzz import _good_docx  # noqa: E402
from vnplan.api import load  # noqa: E402
from vnplan.cli import app  # noqa: E402
from vnplan.objstore import ObjectStore  # noqa: E402
from vnplan.pipeline import Options, run  # noqa: E402
from vnplan.schemas import SCHEMAS  # noqa: E402
from vnplan.store import StoreLockedError, open_store  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The S3 endpoint and credentials come from the standard environment, as for a user. They are set
# when this module is collected, before any test starts the local pool's fork server (its workers
# keep the environment it started with) or a Dask cluster.
PORT = _free_port()
ENDPOINT = f"http://127.0.0.1:{PORT}"
os.environ.update(
    AWS_ENDPOINT_URL=ENDPOINT,
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_DEFAULT_REGION="us-east-1",
)
BUCKET = "vnplan-test"


def opts(**kw) -> Options:
    return Options(progress=False, restore=False, **kw)


@pytest.fixture(scope="module")
def s3():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=PORT, verbose=False)
    server.start()
    client = boto3.client("s3", endpoint_url=ENDPOINT)
    client.create_bucket(Bucket=BUCKET)
    yield client
    server.stop()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, seeds_dir: Path, s3) -> Path:
    """The five sample plans, a 3-page text-layer PDF, a .docx and a broken PDF, locally and under
    s3://BUCKET/raw/."""
    raw = tmp_path_factory.mktemp("raw")
    for p in sorted(seeds_dir.glob("*.txt")):
        shutil.copy(p, raw / p.name)
    _text_pdf(raw / "born_digital.pdf")
    (raw / "ke_hoach.docx").write_bytes(_good_docx())  # a ZIP: told from other ZIPs by reading the object
    (raw / "broken.pdf").write_bytes(b"%PDF-1.4\n truncated")  # fails locally and remotely alike
    for p in sorted(raw.iterdir()):
        s3.upload_file(str(p), BUCKET, f"raw/{p.name}")
    s3.put_object(Bucket=BUCKET, Key="raw/.hidden/skip.txt", Body="bỏ qua".encode())  # hidden: not picked up
    return raw


@pytest.fixture(scope="module")
def local_run(inputs: Path, tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    return out, run([inputs], out, opts(workers=2))


def _assert_same(local: Path, url: str | Path) -> None:
    assert differing_tables(open_store(local), open_store(url)) == {}


@pytest.fixture(scope="module")
def pool_store(inputs: Path, s3):
    """s3 in, s3 out, with the local pool."""
    url = f"s3://{BUCKET}/store-pool"
    return url, run([f"s3://{BUCKET}/raw/"], url, opts(workers=2))


def test_s3_in_s3_out_with_the_local_pool(inputs: Path, local_run, pool_store, s3):
    out, summary = local_run
    url, s = pool_store
    assert s.line() == summary.line() and len(s.ok) == 7 and len(s.failed) == 1
    assert s.failed[0][0] == f"s3://{BUCKET}/raw/broken.pdf"
    _assert_same(out, url)
    t = load(url)
    assert sorted(t.documents.source_path) == sorted(f"s3://{BUCKET}/raw/{p.name}" for p in inputs.iterdir())
    assert set(t.pages.method) == {"text", "text_layer", "docx"} and len(t.tasks) > 0
    # The store's layout is the local one: one object per document and table, plus nothing else.
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET, Prefix="store-pool/")["Contents"]]
    assert len(keys) == len(SCHEMAS) * 8 and all(k.endswith(".parquet") for k in keys), keys
    # Re-run: everything done is skipped, nothing is doubled; the failed file is retried.
    again = run([f"s3://{BUCKET}/raw/"], url, opts(workers=2))
    assert len(again.skipped) == 7 and len(again.failed) == 1 and not again.ok
    assert len(load(url).documents) == 8
    _assert_same(out, url)


def test_s3_in_local_out(inputs: Path, local_run, s3, tmp_path: Path):
    out, _ = local_run
    local = tmp_path / "from-s3"
    run([f"s3://{BUCKET}/raw/"], local, opts(workers=2))
    _assert_same(out, local)


def test_the_command_line_takes_urls(local_run, pool_store, s3, seed_paths, tmp_path: Path):
    """`vnplan ingest s3://…/ local.txt --out s3://…` (an object and a local file into a store on S3),
    then `vnplan export --data s3://…` gives the CSV and JSON Lines a local store's export gives
    (documents aside: source paths and times differ)."""
    vnplan = str(Path(sys.executable).with_name("vnplan"))
    # Short plans: the command line's own work, not restoration's, is what is tested here.
    lines = seed_paths["003"].read_text(encoding="utf-8").splitlines()
    s3.put_object(Bucket=BUCKET, Key="raw-cli/plan.txt", Body="\n".join(lines[:30]).encode())
    local_plan = tmp_path / "local plan.txt"
    local_plan.write_text("\n".join(lines[30:60]), encoding="utf-8")
    url = f"s3://{BUCKET}/store-cli"
    r = subprocess.run(
        [vnplan, "ingest", f"s3://{BUCKET}/raw-cli/", str(local_plan), "--out", url, "-j", "1"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "2 ingested, 0 failed" in r.stderr
    assert sorted(load(url).documents.source_path) == sorted(
        [f"s3://{BUCKET}/raw-cli/plan.txt", str(local_plan)]
    )

    out, _ = local_run
    store_url, _ = pool_store
    runner = CliRunner()
    for fmt in ("csv", "jsonl"):
        a, b = tmp_path / f"local-{fmt}", tmp_path / f"s3-{fmt}"
        for data, target in ((str(out), a), (store_url, b)):
            res = runner.invoke(app, ["export", "-f", fmt, "--data", data, "--out", str(target)])
            assert res.exit_code == 0, res.output
        for name in SCHEMAS:
            if name != "documents":
                assert (a / f"{name}.{fmt}").read_bytes() == (b / f"{name}.{fmt}").read_bytes(), name
    res = runner.invoke(app, ["compact", "--data", store_url])
    assert res.exit_code == 2 and "local stores only" in res.output


def test_a_half_written_document_is_invisible_and_redone(inputs: Path, s3, monkeypatch):
    """A writer that dies after some tables' objects but before the documents marker: readers do
    not see the document, and the next run does not count it as done."""
    from ingest.sources import discover_inputs
    from vnplan.pipeline import doc_task
    from vnplan.work import process_document

    url = f"s3://{BUCKET}/store-crash"
    store = ObjectStore(url)
    real_pipe = store.fs.pipe_file

    def die_at_marker(path, data, **kw):
        if "/documents/" in path:
            raise ConnectionError("writer died")
        return real_pipe(path, data, **kw)

    plan = f"s3://{BUCKET}/raw/{next(inputs.glob('000_*.txt')).name}"
    src = discover_inputs([plan]).sources[0]
    # The document's work, in this process, on the store's (cached, shared) filesystem object;
    # restoration and extraction are beside the point here (and cost seconds).
    cheap = opts(workers=1, extract=False)
    monkeypatch.setattr(store.fs, "pipe_file", die_at_marker)
    with pytest.raises(ConnectionError):
        process_document(doc_task(src, url, cheap))
    monkeypatch.undo()
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET, Prefix="store-crash/").get("Contents", [])]
    assert any("/pages/" in k for k in keys) and not any("/documents/" in k for k in keys)
    assert len(store.read("pages")) == 0 and not store.exists()
    s = run([plan], url, cheap)
    assert len(s.ok) == 1 and not s.skipped
    assert len(store.read("documents")) == 1 and len(store.read("pages")) > 0


def test_one_writer_at_a_time(s3):
    url = f"s3://{BUCKET}/store-lock"
    a, b = ObjectStore(url), ObjectStore(url)
    with a.locked(), pytest.raises(StoreLockedError, match="another vnplan run"), b.locked():
        pass
    with b.locked():  # released: the next writer gets it
        pass


def test_missing_s3fs_is_exit_code_3(tmp_path: Path, seed_paths):
    code = "import sys; sys.modules['s3fs'] = None; from vnplan.cli import app; sys.argv[0] = 'vnplan'; app()"
    for args in (
        ["ingest", str(seed_paths["000"]), "--out", f"s3://{BUCKET}/x"],
        ["ingest", f"s3://{BUCKET}/raw/", "--out", str(tmp_path)],
    ):
        r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
        assert r.returncode == 3, r.stderr
        assert "s3fs" in r.stderr and "Traceback" not in r.stderr
    assert not any(tmp_path.iterdir())


def test_bad_urls_fail_before_any_work(s3, seed_paths, tmp_path: Path):
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(seed_paths["003"]), "--out", "s3://no-such-bucket-here/store"])
    assert res.exit_code == 4 and "no bucket 'no-such-bucket-here'" in res.output
    res = runner.invoke(app, ["ingest", f"s3://{BUCKET}/nothing-here/", "--out", str(tmp_path / "out")])
    assert res.exit_code == 2 and "no such file or folder" in res.output
    assert not (tmp_path / "out").exists()


# --- Dask ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster(s3):
    distributed = pytest.importorskip("distributed")
    # Worker processes inherit this process's environment: the endpoint and credentials.
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", memory_limit="3GiB"
    ) as c:
        yield c


def test_s3_on_a_cluster_gives_the_local_tables(inputs: Path, local_run, cluster):
    out, summary = local_run
    url = f"s3://{BUCKET}/store-cluster"
    s = run([f"s3://{BUCKET}/raw/"], url, opts(cluster=cluster.scheduler_address))
    assert s.line() == summary.line()
    _assert_same(out, url)


def test_killed_worker_on_s3_loses_no_document_and_doubles_none(seeds_dir: Path, cluster, s3, tmp_path: Path):
    n = 10
    for p in distinct_plans(seeds_dir, tmp_path / "raw", n):
        s3.upload_file(str(p), BUCKET, f"raw-kill/{p.name}")
    url = f"s3://{BUCKET}/store-kill"

    def n_done() -> int:
        return s3.list_objects_v2(Bucket=BUCKET, Prefix="store-kill/documents/").get("KeyCount", 0)

    summary, done_at_kill = run_killing_a_worker(
        cluster,
        lambda: run([f"s3://{BUCKET}/raw-kill/"], url, opts(cluster=cluster.scheduler_address)),
        n_done,
    )
    assert 1 <= done_at_kill < n, "the worker must be killed while documents are still to do"
    assert len(summary.ok) == n and not summary.failed
    store = open_store(url)
    assert_each_document_once({name: store.read(name) for name in SCHEMAS}, n)
