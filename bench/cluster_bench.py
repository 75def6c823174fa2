"""Local pool vs a 2-worker Dask LocalCluster on the same input, and the engine's cost per document.

- Pages/s: the same input (text plans, copies of the committed samples with distinct contents,
  plus the 13-page degraded sample scan, which is OCR'd) ingested by ``vnplan.pipeline.run`` with
  the local pool of 2 workers and on a Dask LocalCluster of 2 worker processes (1 thread each),
  restore and extract on. The cluster's start-up is timed apart (a cluster is already running when
  vnplan is pointed at it).
- Overhead per document: one-line text documents with restore and extract off, so a document's
  own work is only reading a few bytes and writing its 8 small Parquet files (fsync'd). That work
  is timed serially in this process; each engine's cost per document is the slope between a
  1-document and a ``--docs``-document run (start-up excluded) in worker-seconds,
  ``2 * (wall_N - wall_1) / (N - 1)``, and the overhead is that minus the serial work. The three
  are measured back to back, ``--repeat`` times, medians (the machine is shared: a busy neighbour
  slows all three alike). Target: under 5% of an OCR page (1.24 s of Tesseract per 300-dpi page,
  issue 16), i.e. under 62 ms.

Run: ``.venv/bin/python bench/cluster_bench.py`` (about 2-3 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devkit.paths import SEEDS  # noqa: E402

log = logging.getLogger("cluster_bench")
OCR_PAGE_S = 1.24  # Tesseract CPU seconds per 300-dpi page (issue 16)


def make_inputs(folder: Path, n_plans: int, scan: bool) -> None:
    from devkit.samples import SCAN_NAME, make_samples

    folder.mkdir(parents=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(n_plans):
        src = seeds[i % len(seeds)]
        (folder / f"plan_{i:03d}_{src.name}").write_text(
            src.read_text(encoding="utf-8") + f"\nBản sao số {i}.\n", encoding="utf-8"
        )
    if scan:
        with tempfile.TemporaryDirectory() as tmp:
            made = make_samples(Path(tmp))
            for p in made:
                if p.name == SCAN_NAME:
                    p.rename(folder / p.name)


def make_tiny(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"tiny_{i:04d}.txt").write_text(f"Kế hoạch số {i}/KH-UBND.\n", encoding="utf-8")


def timed_run(inputs: Path, opts) -> tuple[float, int]:
    from vnplan.pipeline import run

    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        summary = run([inputs], out, opts)
        took = time.perf_counter() - t0
    assert not summary.failed, summary.failed
    return took, summary.pages


def per_doc(one: Path, many: Path, n: int, opts) -> float:
    """Worker-seconds per document of an engine with 2 workers, start-up excluded."""
    return 2 * (timed_run(many, opts)[0] - timed_run(one, opts)[0]) / (n - 1)


def serial_per_doc(inputs: Path) -> float:
    """A tiny document's own work (read, rows, write its files), in this process."""
    from ingest.sources import discover_inputs
    from vnplan.pipeline import Options, doc_task
    from vnplan.store import Store
    from vnplan.work import process_document

    opts = Options(restore=False, extract=False, progress=False)
    with tempfile.TemporaryDirectory() as out:
        store = Store(out)
        store.prepare()
        sources = discover_inputs([inputs]).sources
        t0 = time.perf_counter()
        for src in sources:
            process_document(doc_task(src, Path(out), opts))
        return (time.perf_counter() - t0) / len(sources)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plans", type=int, default=40)
    ap.add_argument("--docs", type=int, default=200, help="tiny documents for the overhead figure")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-scan", action="store_true", help="leave out the 13-page scan (no OCR)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    from statistics import median

    from distributed import LocalCluster

    for name in ("distributed", "bokeh"):  # the cluster's own INFO chatter (start, connections)
        logging.getLogger(name).setLevel(logging.ERROR)

    from vnplan.pipeline import Options

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        inputs, tiny, one = tmp_path / "inputs", tmp_path / "tiny", tmp_path / "one"
        make_inputs(inputs, args.plans, not args.no_scan)
        make_tiny(tiny, args.docs)
        make_tiny(one, 1)
        full = Options(progress=False, workers=2)
        bare = Options(progress=False, workers=2, restore=False, extract=False)

        local_s, pages = timed_run(inputs, full)
        t0 = time.perf_counter()
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
            start_s = time.perf_counter() - t0
            on = {"cluster": cluster.scheduler_address}
            dask_full, dask_bare = Options(**{**full.__dict__, **on}), Options(**{**bare.__dict__, **on})
            timed_run(one, dask_bare)  # workers' set-up (model load) out of the figures
            dask_s, _ = timed_run(inputs, dask_full)
            serial, local, dask = [], [], []
            for _ in range(args.repeat):
                serial.append(serial_per_doc(tiny))
                local.append(per_doc(one, tiny, args.docs, bare))
                dask.append(per_doc(one, tiny, args.docs, dask_bare))

    print("## Local pool vs Dask LocalCluster (2 workers each)")
    what = f"{args.plans} text plans" + ("" if args.no_scan else " + the 13-page sample scan (OCR)")
    print(f"input: {what}, {pages} pages; restore + extract on")
    print("| engine | wall s | pages/s |")
    print("|---|---|---|")
    print(f"| local pool, 2 workers | {local_s:.1f} | {pages / local_s:.2f} |")
    print(f"| Dask LocalCluster, 2 worker processes | {dask_s:.1f} | {pages / dask_s:.2f} |")
    print(f"(cluster start-up, not counted above: {start_s:.1f} s)")
    print()
    print(f"## Overhead per document ({args.docs} one-line documents, restore/extract off, medians of {args.repeat})")
    work = median(serial)
    print(f"document's own work (read, write 8 Parquet files), serial: {work * 1000:.1f} ms")
    for name, costs in (("local pool", local), ("Dask", dask)):
        cost = median(costs)
        over = cost - work
        print(
            f"{name}: {cost * 1000:.1f} ms worker-time per document, overhead {over * 1000:.1f} ms "
            f"= {100 * over / OCR_PAGE_S:.1f}% of an OCR page ({OCR_PAGE_S} s)"
        )


if __name__ == "__main__":
    main()
