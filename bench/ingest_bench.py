"""Ingest speed and accuracy against bare Tesseract and OCRmyPDF, on the same scanned PDFs, in one run.

Speed (``bench/ingest_speed.py``): `vnplan ingest --workers N` against a pool of N bare
``tesseract -l vie --dpi 300`` processes on the same PGM page images (one process per page, and
one per worker reading a list of its pages, as vnplan's workers keep one Tesseract each), all
timed as whole processes (wall and CPU of every process), runs alternated, medians, with vnplan's
per-step breakdown; on the bundled 13-page scan (``devkit.samples``) and on a scan rendered from held-out
corpus text (``devkit.synth``, 300 dpi, 'medium' degradation), whose source text is known exactly,
so character error rate (CER) can be computed for every tool.

    python bench/ingest_bench.py [--pages 8] [--degrade medium] [--workers 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import ingest_speed  # noqa: E402

from devkit.paths import CORPUS  # noqa: E402
from devkit.synth import clean_markup, degrade_page, layout_pages, render_pages, save_pdf  # noqa: E402
from vnplan.metrics import cer  # noqa: E402
from vnplan.pipeline import Options, run  # noqa: E402
from vnplan.store import Store  # noqa: E402

log = logging.getLogger("bench")


def source_text(n_pages: int) -> str:
    """Enough prose from one law for n_pages A4 pages (no OCR model is trained here, so any law will do)."""
    lines = (CORPUS / "luat-dat-dai.txt").read_text(encoding="utf-8").splitlines()
    text, i = "", 0
    while i < len(lines):
        text = "\n".join(lines[: i + 40])
        if len(layout_pages(text)) > n_pages:
            text = "\n".join(lines[:i])
            break
        i += 40
    return text


def timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def bare_tesseract(pgms: list[Path], parallel: int) -> str:
    """`tesseract page.pgm out -l vie --dpi 300` per page. parallel=1: one at a time with Tesseract's
    default threading; parallel>1: that many at once, one thread each (the best one can do by hand)."""
    env = dict(os.environ)
    if parallel > 1:
        env["OMP_THREAD_LIMIT"] = "1"
    else:
        env.pop("OMP_THREAD_LIMIT", None)

    def one(pgm: Path) -> str:
        base = pgm.with_suffix("")
        cmd = ["tesseract", str(pgm), str(base), "-l", "vie", "--dpi", "300"]
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        return base.with_suffix(".txt").read_text(encoding="utf-8")

    with ThreadPoolExecutor(parallel) as pool:
        return "\n".join(pool.map(one, pgms))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=8)
    ap.add_argument("--degrade", default="medium", choices=["none", "light", "medium", "heavy"])
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--repeat", type=int, default=3, help="alternating runs of each side, for the speed medians")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    ingest_speed.become_subreaper()

    work = Path(tempfile.mkdtemp(prefix="vnplan-bench-"))
    text = source_text(args.pages)
    ref = clean_markup(text)
    pages = render_pages(text, dpi=300, seed=21, degrade=args.degrade)
    pdf = save_pdf(pages, work / "in" / "scan.pdf")
    n = len(pages)
    print(f"scanned PDF: {n} pages, 300 dpi, degradation '{args.degrade}', {args.workers} workers, {os.cpu_count()} cores")

    # Speed, the fair way: whole processes, same PGM images, same parallelism, alternating runs.
    print("\n## Speed (whole processes; the machine may be shared: runs alternate, figures are medians,")
    print("## and each ratio is taken within one run)")
    with tempfile.TemporaryDirectory(prefix="vnplan-speed-") as tmp:
        ingest_speed.compare(ingest_speed.sample_scan(Path(tmp)), args.workers, args.repeat, Path(tmp))
    ingest_speed.compare(pdf, args.workers, args.repeat, work)

    # Accuracy (and the other tools): page images for bare tesseract rasterised outside the timing.
    pgms = ingest_speed.page_images(pdf, work / "pages")
    print("\n## Accuracy on the rendered corpus scan (times: one run each, in this process; for speed see above)")

    rows = []
    t, _ = timed(lambda: run([pdf], work / "out", Options(workers=args.workers, restore=False, extract=False, progress=False)))
    pages_tbl = Store(work / "out").read("pages").to_pandas().sort_values("page_no")
    rows.append(("vnplan ingest (PDF in, OCR + boxes)", t, cer(ref, "\n".join(pages_tbl.text_raw))))

    t, out = timed(lambda: bare_tesseract(pgms, 1))
    rows.append(("tesseract, sequential, default threads", t, cer(ref, out)))
    t, out = timed(lambda: bare_tesseract(pgms, args.workers))
    rows.append((f"tesseract, {args.workers} parallel x 1 thread", t, cer(ref, out)))

    if shutil.which("ocrmypdf"):
        ocr_pdf = work / "ocrmypdf.pdf"
        cmd = ["ocrmypdf", "-l", "vie", "--jobs", str(args.workers), "--optimize", "0", "--output-type", "pdf",
               "--quiet", str(pdf), str(ocr_pdf)]
        t, _ = timed(lambda: subprocess.run(cmd, check=True))
        txt = subprocess.run(["pdftotext", str(ocr_pdf), "-"], capture_output=True, text=True, check=True).stdout
        rows.append(("ocrmypdf (text layer), then pdftotext", t, cer(ref, txt)))
    else:
        print("ocrmypdf not installed: `make bench` installs it (Debian package ocrmypdf)")

    t, _ = timed(lambda: run([pdf], work / "full", Options(workers=args.workers, progress=False)))
    full = Store(work / "full").read("pages").to_pandas().sort_values("page_no")
    rows.append(("vnplan full pipeline (+ restore + extract)", t, cer(ref, "\n".join(full.text))))

    print(f"\n{'method':48} {'s/page':>8} {'total s':>8} {'CER':>8}")
    for name, t, c in rows:
        print(f"{name:48} {t / n:8.2f} {t:8.1f} {c:8.4f}")
    print(f"\nCER: vnplan {rows[0][2]:.4f} vs bare tesseract {min(r[2] for r in rows[1:3]):.4f}")
    deskew_experiment(text)
    shutil.rmtree(work, ignore_errors=True)


def deskew_experiment(text: str) -> None:
    """Does our deskew pay? OCR the same pages rotated by hand, with and without it."""
    from PIL import Image

    from ingest.ocr import ocr_image, single_threaded
    from ingest.preprocess import prepare

    single_threaded()
    lines = text.splitlines()
    one_page = "\n".join(lines[: next(i for i in range(1, len(lines)) if len(layout_pages("\n".join(lines[:i]))) > 1) - 1])
    page = layout_pages(one_page)[0]
    print(f"\n{'deskew experiment (one page, light degradation)':48} {'CER off':>8} {'CER on':>8}")
    for angle in (0.8, -2.0, 2.5, -3.0, 3.5, -4.0):
        rotated = page.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
        scan = degrade_page(rotated, "light", seed=5)
        off = cer(clean_markup(one_page), ocr_image(prepare(scan, do_deskew=False)).text)
        on = cer(clean_markup(one_page), ocr_image(prepare(scan, do_deskew=True)).text)
        print(f"{f'rotated {angle:+.1f} degrees':48} {off:8.4f} {on:8.4f}")


if __name__ == "__main__":
    main()
