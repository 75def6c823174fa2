"""Parallel ingest: 1 vs 2 workers on 200 text plans, and the per-page cost of text-layer PDFs.

- 200 text plans: the five committed sample plans (data/samples), each copied 40 times with one
  line added ('Bản sao số N.') so that every copy has its own content hash and is really ingested.
  Timed as whole `vnplan ingest` processes (start-up included), restore and extract on, best of
  ``--repeat`` runs each.
- Text-layer PDFs: born-digital PDFs of 25 and 100 pages (fpdf2, DejaVu Sans, the sample plans'
  text), read by the page jobs a worker runs (``ingest.pages.run_job``, in one process, in page
  order as a worker gets them): seconds per page must not rise with the page count. Also the
  whole `vnplan ingest --workers 1` per page.

Run: ``.venv/bin/python bench/parallel_bench.py`` (about 2-4 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devkit.paths import SEEDS  # noqa: E402

log = logging.getLogger("parallel_bench")
VNPLAN = Path(sys.executable).parent / "vnplan"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def make_text_plans(folder: Path, n: int = 200) -> list[Path]:
    seeds = sorted(SEEDS.glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(n):
        src = seeds[i % len(seeds)]
        dst = folder / f"plan_{i:03d}_{src.name}"
        dst.write_text(src.read_text(encoding="utf-8") + f"\nBản sao số {i}.\n", encoding="utf-8")
        made.append(dst)
    return made


def make_text_pdf(path: Path, n_pages: int) -> Path:
    """A born-digital PDF: n_pages of sample plan 004's lines (the clean transcription; the others
    lack diacritics, as OCR left them) in DejaVu Sans: a real Vietnamese text layer."""
    from fpdf import FPDF

    seed = next(SEEDS.glob("004_*.txt"))
    lines = [" ".join(ln.split()) for ln in seed.read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if len(ln) > 20]
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)  # exactly n_pages pages, each one full (no near-empty overflow pages)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=10)
    k = 0
    for _ in range(n_pages):
        pdf.add_page()
        for _ in range(25):
            pdf.multi_cell(0, 5, lines[k % len(lines)][:180], new_x="LMARGIN", new_y="NEXT")
            k += 1
    pdf.output(str(path))
    return path


def time_ingest(inputs: Path, workers: int, repeat: int, extra: tuple[str, ...] = ()) -> float:
    best = float("inf")
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            subprocess.run(
                [str(VNPLAN), "ingest", str(inputs), "--out", out, "--workers", str(workers), *extra],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
            )
            best = min(best, time.perf_counter() - t0)
    return best


def read_per_page(path: Path) -> float:
    """Seconds per page for a worker reading every page of the PDF as page jobs, in one process."""
    code = (
        "import sys, time\n"
        "from ingest.pages import PageJob, run_job\n"
        "from ingest.pdf import count_pages\n"
        "from pathlib import Path\n"
        "p = Path(sys.argv[1]); n = count_pages(p)\n"
        "run_job(PageJob('x', str(p), 'pdf', 0))  # imports, the gate's lexicon\n"
        "t = time.perf_counter()\n"
        "pages = [run_job(PageJob('x', str(p), 'pdf', i)) for i in range(n)]\n"
        "assert all(pg.method == 'text_layer' for pg in pages), {pg.method for pg in pages}\n"
        "print((time.perf_counter() - t) / n)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plans", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--skip-plans", action="store_true")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # fpdf2 subsetting chatter
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        print("## Parallel ingest (whole `vnplan ingest` processes, restore + extract on)")
        if not args.skip_plans:
            plans = tmp_path / "plans"
            make_text_plans(plans, args.plans)
            t1 = time_ingest(plans, 1, args.repeat)
            t2 = time_ingest(plans, 2, args.repeat)
            print(f"{args.plans} text plans: 1 worker {t1:.1f} s, 2 workers {t2:.1f} s: speed-up {t1 / t2:.2f}x")
        print("\n| text-layer PDF | read s/page (worker) | whole ingest s/page (1 worker) |")
        print("|---|---|---|")
        for n in (25, 100):
            pdf = make_text_pdf(tmp_path / f"text_{n}.pdf", n)
            folder = tmp_path / f"pdf_{n}"
            folder.mkdir()
            shutil.copy(pdf, folder / pdf.name)
            per_page = read_per_page(pdf)
            whole = time_ingest(folder, 1, args.repeat) / n
            print(f"| {n} pages | {per_page * 1000:.1f} ms | {whole * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
