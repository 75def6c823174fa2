"""`vnplan ingest` of a scanned PDF against bare Tesseract, both timed as whole processes.

The fair baseline (issue 16): bare ``tesseract PAGE.pgm OUT -l vie --dpi 300`` on the same page
images as PGM (the format vnplan hands Tesseract; PNG decoding would slow the baseline), the same
number at a time as vnplan's workers, one OpenMP thread each, each one a process timed from launch
to exit. vnplan's workers keep one Tesseract process each for all their pages
(``ingest.ocrstream``), so a second baseline batches bare Tesseract the same way (one process per
worker reading a list file of its pages): the first ratio is issue 16's, the second shows what
vnplan adds around Tesseract rather than what the batching saves. vnplan is run as ``vnplan ingest PDF --out DIR --workers N`` (restoration and extraction
on), so its start-up, rendering, clean-up, restoration, extraction and store are all counted.

CPU seconds are those of every process of the run: the benchmark makes itself a child subreaper
(``PR_SET_CHILD_SUBREAPER``), so vnplan's fork server and workers, which outlive their parents'
``wait``, are reaped here and their CPU is counted too (without it a ``wait4`` on ``vnplan``
misses them). The machine may be shared: runs alternate (vnplan, baseline, vnplan, ...), figures
are medians, and the ratio is taken within one run.

The per-stage breakdown comes from vnplan's own timing (``VNPLAN_TIMINGS``, ``ingest.timing``):
CPU and wall summed over pages per step, start-up (launch to the first page's rendering) and the
serial tail (the end of the last Tesseract to the exit of ``vnplan``).

    python bench/ingest_speed.py [PDF ...] [--workers 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import ctypes
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.parallel import WORKER_CPU_STEP  # noqa: E402

VNPLAN = Path(sys.executable).parent / "vnplan"
PR_SET_CHILD_SUBREAPER = 36

log = logging.getLogger("ingest_speed")

# Steps of a page job in the order a page goes through them, then a document's.
STAGES = ("render", "preprocess", "ocr i/o", "tesseract", "osd", "layout", "restore", "extract", "store")


def become_subreaper() -> None:
    """Orphaned descendants (vnplan's fork server and its workers) are re-parented to this process,
    so reaping them here adds their CPU time to RUSAGE_CHILDREN."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def reap_orphans(timeout: float = 10.0) -> None:
    """Wait for every descendant left (they exit once vnplan is gone)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.01)
    log.warning("descendants still running after %.0f s; their CPU is not counted", timeout)


def children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


@dataclass
class Run:
    wall: float
    cpu: float
    timings: list[dict] = field(default_factory=list)
    launched: float = 0.0
    ended: float = 0.0


def run_vnplan(pdf: Path, workers: int, work: Path, command: str | None = None) -> Run:
    """One whole `vnplan ingest` process (``command``: another vnplan executable, e.g. an older
    checkout's, to compare before and after in one run)."""
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        timings = Path(tmp) / "timings.jsonl"
        env = {**os.environ, "VNPLAN_TIMINGS": str(timings)}
        cpu0, launched, t0 = children_cpu(), time.time(), time.perf_counter()
        subprocess.run(
            [command or str(VNPLAN), "-q", "ingest", str(pdf), "--out", str(Path(tmp) / "out"), "--workers", str(workers)],
            check=True, stdout=subprocess.DEVNULL, env=env, cwd=ROOT,
        )
        wall, ended = time.perf_counter() - t0, time.time()
        reap_orphans()
        cpu = children_cpu() - cpu0
        rows = [json.loads(line) for line in timings.read_text().splitlines()] if timings.exists() else []
    return Run(wall, cpu, rows, launched, ended)


def run_tesseract(pgms: list[Path], parallel: int, work: Path) -> Run:
    """A pool of ``parallel`` tesseract processes, one page each, one thread each."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory(dir=work) as tmp:

        def one(pgm: Path) -> None:
            subprocess.run(
                ["tesseract", str(pgm), str(Path(tmp) / pgm.stem), "-l", "vie", "--dpi", "300"],
                check=True, capture_output=True, env=env,
            )

        cpu0, t0 = children_cpu(), time.perf_counter()
        with ThreadPoolExecutor(parallel) as pool:
            list(pool.map(one, pgms))
        return Run(time.perf_counter() - t0, children_cpu() - cpu0)


def run_tesseract_batched(pgms: list[Path], parallel: int, work: Path) -> Run:
    """``parallel`` tesseract processes, one thread each, each reading its share of the pages from
    a list file in one process (pages dealt out in turn): Tesseract's start-up paid once per
    process instead of once per page, as vnplan's workers do with their Tesseract streams."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        lists = []
        for i in range(min(parallel, len(pgms))):
            lst = Path(tmp) / f"list-{i}.txt"
            lst.write_text("".join(f"{p}\n" for p in pgms[i::parallel]))
            lists.append(lst)

        def one(lst: Path) -> None:
            subprocess.run(
                # output beside the list, never onto it (list-0.txt would be the text output of "list-0")
                ["tesseract", str(lst), str(lst.with_name(f"out-{lst.stem}")), "-l", "vie", "--dpi", "300"],
                check=True, capture_output=True, env=env,
            )

        cpu0, t0 = children_cpu(), time.perf_counter()
        with ThreadPoolExecutor(parallel) as pool:
            list(pool.map(one, lists))
        return Run(time.perf_counter() - t0, children_cpu() - cpu0)


def page_images(pdf: Path, out: Path) -> list[Path]:
    """The PDF's pages as 300-dpi grayscale PGM, the images bare Tesseract reads."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "300", "-gray", str(pdf), str(out / "page")], check=True)
    return sorted(out.glob("page-*.pgm"))


def tesseract_cpu(run: Run) -> float:
    """CPU seconds of the run's Tesseract calls that bare Tesseract makes too (its own timing)."""
    return sum(r["cpu"] for r in run.timings if r["stage"] == "tesseract")


def breakdown(run: Run) -> dict[str, tuple[float, float]]:
    """(wall, CPU) seconds per step, summed over the run's processes; plus start-up and tail, and
    the workers' own CPU outside their steps (their totals less the steps they timed)."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    workers = {r["pid"]: r["cpu"] for r in run.timings if r["stage"] == WORKER_CPU_STEP}
    in_steps = 0.0  # the workers' own CPU inside their steps
    for row in run.timings:
        if row["stage"] == WORKER_CPU_STEP:
            continue
        sums[row["stage"]][0] += row["wall"]
        sums[row["stage"]][1] += row["cpu"]
        # a Tesseract step's CPU is the Tesseract process's (the worker waits on its output)
        if row["pid"] in workers and row["stage"] not in ("tesseract", "osd"):
            in_steps += row["cpu"]
    out = {k: (v[0], v[1]) for k, v in sums.items()}
    if workers:
        out[f"page workers ({len(workers)}): own CPU outside their steps (fork, job hand-off, exit)"] = (
            float("nan"), sum(workers.values()) - in_steps)
    pages = [r for r in run.timings if r["stage"] == "render"]
    ocr = [r for r in run.timings if r["stage"] == "tesseract"]
    if pages:
        out["start-up (launch to first page)"] = (min(r["start"] for r in pages) - run.launched, float("nan"))
    if ocr:
        out["serial tail (last tesseract to exit)"] = (run.ended - max(r["end"] for r in ocr), float("nan"))
    return out


def compare(pdf: Path, workers: int, repeat: int, work: Path, before: str | None = None) -> tuple[float, float]:
    """Alternate vnplan and bare Tesseract ``repeat`` times (and ``before``, another vnplan
    executable, when given); print medians; (wall, CPU) ratios."""
    pgms = page_images(pdf, work / f"pgm-{pdf.stem}")
    n = len(pgms)
    ours: list[Run] = []
    bare: list[Run] = []
    batched: list[Run] = []
    old: list[Run] = []
    for _ in range(repeat):
        ours.append(run_vnplan(pdf, workers, work))
        bare.append(run_tesseract(pgms, workers, work))
        batched.append(run_tesseract_batched(pgms, workers, work))
        if before:
            old.append(run_vnplan(pdf, workers, work, before))
    med = {
        "vnplan": (statistics.median(r.wall for r in ours), statistics.median(r.cpu for r in ours)),
        "tesseract": (statistics.median(r.wall for r in bare), statistics.median(r.cpu for r in bare)),
    }
    print(f"\n### {pdf.name}: {n} pages, 300 dpi, {workers} at a time, {repeat} alternating runs each, medians")
    print("| | wall s | pages/s | CPU s | runs (wall) |")
    print("|---|---|---|---|---|")
    sides = [
        ("`vnplan ingest` (restore + extract on)", ours),
        ("bare `tesseract -l vie --dpi 300`, PGM, one process per page", bare),
        (f"bare `tesseract`, PGM, one process per {workers}-th of the pages (list file)", batched),
    ]
    if old:
        sides.append((f"`{before} ingest` (before)", old))
    for name, runs in sides:
        w, c = statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs)
        print(f"| {name} | {w:.2f} | {n / w:.2f} | {c:.2f} | {', '.join(f'{r.wall:.1f}' for r in runs)} |")
    ratio = (med["vnplan"][0] / med["tesseract"][0], med["vnplan"][1] / med["tesseract"][1])
    print(f"vnplan / bare tesseract: **{ratio[0]:.2f}x wall, {ratio[1]:.2f}x CPU** (goal <= 1.10x)")
    # vnplan's workers keep one Tesseract process each (ingest.ocrstream): against bare Tesseract
    # batched the same way, the ratio shows what vnplan adds, not what the batching saves.
    w, c = statistics.median(r.wall for r in batched), statistics.median(r.cpu for r in batched)
    print(f"vnplan / bare tesseract batched as vnplan does: {med['vnplan'][0] / w:.2f}x wall, "
          f"{med['vnplan'][1] / c:.2f}x CPU (bare batched / bare per page: {w / med['tesseract'][0]:.2f}x wall, "
          f"{c / med['tesseract'][1]:.2f}x CPU)")
    if old:
        w, c = statistics.median(r.wall for r in old), statistics.median(r.cpu for r in old)
        print(f"before / bare tesseract: {w / med['tesseract'][0]:.2f}x wall, {c / med['tesseract'][1]:.2f}x CPU")
    # On a shared machine a Tesseract call's own CPU time moves by several percent from run to run
    # (caches, frequency), as much as all of vnplan's own work: that work, the run's CPU less what
    # its Tesseract calls took, is the steadier figure of what vnplan adds.
    print("\nCPU beyond the Tesseract calls (what vnplan adds; medians; runs):")
    for name, runs in [(n, r) for n, r in sides if r is not bare and r is not batched]:
        own = [r.cpu - tesseract_cpu(r) for r in runs]
        ocr = statistics.median(tesseract_cpu(r) for r in runs)
        batched_cpu = statistics.median(r.cpu for r in batched)
        print(f"- {name}: **{statistics.median(own):.2f} s** ({statistics.median(own) / n:.3f} s/page; "
              f"{', '.join(f'{x:.2f}' for x in own)}); its Tesseract calls {ocr:.2f} s "
              f"(bare: {med['tesseract'][1]:.2f} s one process per page, {batched_cpu:.2f} s batched)")
    # The breakdown of the vnplan run with the median wall time.
    mid = sorted(ours, key=lambda r: r.wall)[len(ours) // 2]
    parts = breakdown(mid)
    print(f"\nvnplan's own timing of its median run ({mid.wall:.2f} s wall, {mid.cpu:.2f} s CPU), summed over pages:")
    print("| step | wall s | CPU s | CPU s/page |")
    print("|---|---|---|---|")
    for name in [*STAGES, *sorted(k for k in parts if k not in STAGES)]:
        if name in parts:
            w, c = parts[name]
            cpu = "" if c != c else f"{c:.2f}"  # NaN: a span of the time line, not a step's CPU
            per = "" if c != c else f"{c / n:.3f}"
            print(f"| {name} | {'' if w != w else f'{w:.2f}'} | {cpu} | {per} |")
    counted = sum(c for k, (_, c) in parts.items() if c == c)
    print(f"| other (imports, model load, scheduling, pickling: CPU not in a step) | | {mid.cpu - counted:.2f} | |")
    return ratio


def sample_scan(work: Path) -> Path:
    """The bundled 13-page scan (devkit.samples: plan 004 rendered and lightly degraded)."""
    from devkit.samples import SCAN_NAME, make_samples

    raw = work / "samples"
    make_samples(raw)
    return raw / SCAN_NAME


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdfs", nargs="*", type=Path, help="scanned PDFs (default: the bundled 13-page scan)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--before",
        help="another vnplan executable to time alongside (e.g. an older checkout's). vnplan runs with this "
        "repository as its working directory: a wrapper that runs `python -c` with the older tree on "
        "PYTHONPATH must pass -P, else the current directory comes first and this tree is what runs",
    )
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    become_subreaper()
    print("## Ingest against bare Tesseract (whole processes; machine may be shared: alternating runs, medians)")
    with tempfile.TemporaryDirectory(prefix="vnplan-speed-") as tmp:
        work = Path(tmp)
        for pdf in args.pdfs or [sample_scan(work)]:
            compare(pdf, args.workers, args.repeat, work, args.before)


if __name__ == "__main__":
    main()
