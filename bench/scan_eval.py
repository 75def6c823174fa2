"""Real scans and their look-alikes: vnplan's page text against bare `tesseract -l vie` and the PDF's own layer.

Two sets, each page scored by character error rate (CER, vnplan.metrics.cer: NFC, white space folded):

* **dev** (`../shared/real/`): a real 576x960 page photo and four degraded variants, one ground truth
  (`4_1_gt.txt`, header left column first). Development material: measured, never tuned to.
* **synthetic, held out**: one-page documents rendered from the corpus files the restoration model holds
  out (every 10th, normalize/build_model.split_corpus), seeded and cached under build/scan_eval/:
  born-digital PDFs (fpdf2 + DejaVu, real Unicode text layer), scanner-layer PDFs (degraded 300 dpi
  renders, two of them resampled to 200 dpi, given an English-model layer by `ocrmypdf -l eng`, as office
  scanners do), 150-200 dpi scans
  (image-only PDFs, devkit.synth.resample_dpi of a 300 dpi render) and phone photos
  (devkit.synth.photo_page, JPEG).

For every page (CER with one tone placement on both sides, ``hoá`` = ``hóa``): CER of vnplan's `pages.text` (the real pipeline, vnplan.pipeline.run, with restoration;
read back through vnplan.store.Store), of bare `tesseract IMG out -l vie` on the same page image (as a
user would run it; for PDFs the page image is the scan that went into it, or a 300 dpi render of a
born-digital page) and of the PDF's text layer where there is one. Pages where vnplan is worse than bare
Tesseract are marked. Renders and bare-Tesseract outputs are cached; vnplan itself always runs.

    python bench/scan_eval.py [--workers 2] [--fresh]
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402
import pypdfium2.raw as pdfium_c  # noqa: E402
from fpdf import FPDF  # noqa: E402

from devkit.build_model import split_corpus  # noqa: E402
from devkit.paths import CORPUS, SHARED  # noqa: E402
from devkit.synth import (  # noqa: E402
    clean_markup,
    degrade_page,
    layout_pages,
    photo_page,
    resample_dpi,
    save_pdf,
    scanner_layer_pdf,
)
from normalize.text import to_nfc  # noqa: E402
from vnplan.metrics import cer as _cer  # noqa: E402
from vnplan.pipeline import Options, run  # noqa: E402
from vnplan.store import Store  # noqa: E402

log = logging.getLogger("scan_eval")

CACHE = ROOT / "build" / "scan_eval" / "v2"  # bump when the generated set changes
REAL = SHARED / "real"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
PAGE_CHARS = 1600  # about half an A4 page: enough text per page, and the eval stays a few minutes
GROUPS = ("real photo", "born-digital", "scanner layer", "low-dpi scan", "phone photo")
PER_GROUP = {"born-digital": 5, "scanner layer": 6, "low-dpi scan": 5, "phone photo": 5}


@dataclass
class Item:
    group: str
    name: str  # file name of the input given to vnplan
    path: Path
    image: Path  # the page image bare Tesseract reads
    reference: str


def cer(reference: str, hypothesis: str) -> float:
    """vnplan.metrics.cer after both sides get one tone placement (``hoá`` = ``hóa``): restoration writes
    the traditional one, the corpus and the real ground truth mix both; the same syllable is no error."""
    return _cer(to_nfc(reference), to_nfc(hypothesis))


def page_text(text: str, start: int) -> str:
    """Whole lines from ``start`` (a line index) up to about PAGE_CHARS characters that fit one rendered page."""
    lines = [ln for ln in text.splitlines()[start:] if ln.strip() and "\t" not in ln]  # no tables: their reading order is another question
    out: list[str] = []
    for ln in lines:
        if out and sum(len(x) for x in out) + len(ln) > PAGE_CHARS:
            break
        out.append(ln)
    while len(out) > 1 and len(layout_pages("\n".join(out))) > 1:
        out.pop()
    return clean_markup("\n".join(out))


def heldout_pages(n: int) -> list[str]:
    """n page texts, spread over the held-out corpus files (deterministic)."""
    _, held = split_corpus(CORPUS)
    texts = [f.read_text(encoding="utf-8") for f in held]
    out = []
    for i in range(n):
        text = texts[i % len(texts)]
        n_lines = len(text.splitlines())
        # skip the title block; later pages come from further into the law
        start = 30 + (i // len(texts) + 1) * n_lines // 4
        out.append(page_text(text, start))
    return out


def born_digital_pdf(path: Path, text: str) -> None:
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 6, text)
    pdf.output(str(path))


def render_300(pdf: Path, png: Path) -> None:
    """The page image of a born-digital PDF, as a user would make it for Tesseract."""
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", str(pdf), str(png.with_suffix(""))],
                   check=True)


def pdf_image(pdf: Path, png: Path) -> Path:
    """The scan inside an image-only PDF, as `pdfimages` gives it (the PDF's own, JPEG-compressed pixels),
    with its resolution written into the PNG: the page image a user would hand to bare Tesseract."""
    if not png.exists():
        doc = pdfium.PdfDocument(str(pdf))
        try:
            page = doc[0]
            obj = next(o for o in page.get_objects() if o.type == pdfium_c.FPDF_PAGEOBJ_IMAGE)
            left, _, right, _ = obj.get_bounds()
            dpi = round(obj.get_px_size()[0] / (right - left) * 72)
            tmp = png.with_suffix(".tmp.png")  # renamed when whole: an interrupted run leaves no half image
            obj.get_bitmap(render=False).to_pil().convert("L").save(tmp, dpi=(dpi, dpi))
            tmp.replace(png)
        finally:
            doc.close()
    return png


def build_synthetic(cache: Path) -> list[Item]:
    """Generate (or reuse) the synthetic held-out set; every step is seeded."""
    cache.mkdir(parents=True, exist_ok=True)
    inputs = cache / "inputs"
    inputs.mkdir(exist_ok=True)
    texts = heldout_pages(sum(PER_GROUP.values()))
    items: list[Item] = []
    k = 0
    for group, n in PER_GROUP.items():
        for j in range(n):
            text = texts[k]
            k += 1
            stem = f"{group.split()[0].replace('-', '')}_{j:02d}"
            img = cache / f"{stem}.png"
            if group == "born-digital":
                path = inputs / f"{stem}.pdf"
                if not path.exists():
                    born_digital_pdf(path, text)
                if not img.exists():
                    render_300(path, img)
            elif group == "scanner layer":
                path = inputs / f"{stem}.pdf"
                if not path.exists():
                    # office scanners run at 300 dpi, some at 200
                    dpi = 200 if j >= 4 else 300
                    page = degrade_page(layout_pages(text)[0], ("light", "medium", "heavy")[j % 3], seed=100 + j)
                    page = resample_dpi(page, 300, dpi)
                    page.save(img, dpi=(dpi, dpi))
                    save_pdf([page], cache / f"{stem}_scan.pdf", dpi=dpi)
                    log.info("ocrmypdf -l eng %s", stem)
                    scanner_layer_pdf(cache / f"{stem}_scan.pdf", path)
            elif group == "low-dpi scan":
                dpi = (150, 200)[j % 2]
                path = inputs / f"{stem}.pdf"
                if not path.exists():
                    page = degrade_page(layout_pages(text)[0], "light", seed=200 + j)
                    low = resample_dpi(page, 300, dpi)
                    low.save(img, dpi=(dpi, dpi))
                    save_pdf([low], path, dpi=dpi)
            else:  # phone photo
                path = inputs / f"{stem}.jpg"
                img = path
                if not path.exists():
                    photo_page(layout_pages(text)[0], seed=300 + j).save(path, quality=95)
            if group in ("scanner layer", "low-dpi scan"):
                img = pdf_image(path, cache / f"{stem}_pdfimage.png")
            items.append(Item(group, path.name, path, img, text))
    return items


def real_items() -> list[Item]:
    gt = (REAL / "4_1_gt.txt").read_text(encoding="utf-8")
    return [Item("real photo", p.name, p, p, gt) for p in sorted(REAL.glob("4_1*.jpg"))]


def bare_tesseract(img: Path, cache: Path) -> str:
    """`tesseract IMG out -l vie`, cached by image name and modification time."""
    out = cache / "tesseract" / f"{img.stem}-{int(img.stat().st_mtime)}"
    txt = out.with_suffix(".txt")
    if not txt.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["tesseract", str(img), str(out), "-l", "vie"], check=True, capture_output=True)
    return txt.read_text(encoding="utf-8")


def layer_text(path: Path) -> str | None:
    if path.suffix.lower() != ".pdf":
        return None
    with pdfplumber.open(str(path)) as doc:
        text = "\n".join(p.extract_text() or "" for p in doc.pages)
    return text if text.strip() else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--fresh", action="store_true", help="regenerate the synthetic set and Tesseract outputs")
    ap.add_argument("--text-layer", default="auto", choices=["auto", "trust", "ignore"])
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(name)s: %(message)s")
    if not shutil.which("ocrmypdf"):
        sys.exit("ocrmypdf is missing: run scripts/ensure-system-deps.sh ocrmypdf (make bench/eval do)")
    if args.fresh:
        shutil.rmtree(CACHE, ignore_errors=True)

    t0 = time.perf_counter()
    items = real_items() + build_synthetic(CACHE)
    t_build = time.perf_counter() - t0
    bare = {it.name: bare_tesseract(it.image, CACHE) for it in items}
    t_bare = time.perf_counter() - t0 - t_build

    out = CACHE / "out"
    shutil.rmtree(out, ignore_errors=True)
    t1 = time.perf_counter()
    opts = Options(force=True, workers=args.workers, extract=False, progress=False, text_layer=args.text_layer)
    run([it.path for it in items], out, opts)
    t_run = time.perf_counter() - t1
    store = Store(out)
    docs = store.read("documents").to_pandas()
    pages = store.read("pages").to_pandas().merge(docs[["doc_id", "file_name"]], on="doc_id")

    print(f"scan eval: {len(items)} pages ({len(items) - sum(PER_GROUP.values())} dev photos from shared/real, "
          f"{sum(PER_GROUP.values())} synthetic from held-out corpus files), --text-layer {args.text_layer}")
    print("CER of: layer = the PDF's own text layer, bare = `tesseract IMG out -l vie`, vnplan = pages.text "
          "(restored), raw = pages.text_raw; score = pages.layer_score")
    print(f"{'group':14} {'page':22} {'method':19} {'score':>5} {'layer':>7} {'bare':>7} {'vnplan':>7} {'raw':>7}")
    by_group: dict[str, list[tuple[float | None, float, float]]] = {g: [] for g in GROUPS}
    worse, born_bad = [], []
    for it in items:
        row = pages[pages.file_name == it.name]
        if row.empty:
            print(f"{it.group:14} {it.name:22} FAILED")
            worse.append(it.name)
            continue
        row = row.sort_values("page_no")
        ours = cer(it.reference, "\n".join(t or "" for t in row.text))
        raw = cer(it.reference, "\n".join(row.text_raw))
        b = cer(it.reference, bare[it.name])
        layer = layer_text(it.path)
        lc = cer(it.reference, layer) if layer is not None else None
        method = ",".join(sorted(set(row.method)))
        score = row.layer_score.iloc[0]
        mark = " <-- worse than bare tesseract" if ours > b else ""
        if ours > b:
            worse.append(it.name)
        if it.group == "born-digital" and (method != "text_layer" or row.ocr_confidence.notna().any() or ours > 0.001):
            born_bad.append(it.name)
        by_group[it.group].append((lc, b, ours))
        score_s = f"{score:5.2f}" if score == score and score is not None else "    -"
        lc_s = f"{lc:7.4f}" if lc is not None else "      -"
        print(f"{it.group:14} {it.name:22} {method:19} {score_s} {lc_s} {b:7.4f} {ours:7.4f} {raw:7.4f}{mark}")

    print(f"\n{'mean per group':36} {'n':>3} {'layer':>7} {'bare':>7} {'vnplan':>7}")
    for g, rows in by_group.items():
        if not rows:
            continue
        layers = [r[0] for r in rows if r[0] is not None]
        lm = f"{sum(layers) / len(layers):7.4f}" if layers else "      -"
        set_name = "dev" if g == "real photo" else "synthetic"
        print(f"{g + ' (' + set_name + ')':36} {len(rows):3d} {lm} {sum(r[1] for r in rows) / len(rows):7.4f} "
              f"{sum(r[2] for r in rows) / len(rows):7.4f}")

    def mean_ours(g: str) -> float:
        return sum(r[2] for r in by_group[g]) / max(len(by_group[g]), 1)

    print("\ntargets:")
    print(f"  vnplan at or below bare tesseract on every page: {'yes' if not worse else 'NO'} "
          f"({len(items) - len(worse)}/{len(items)}{'; worse: ' + ', '.join(worse) if worse else ''})")
    for g in ("real photo", "scanner layer"):
        m = mean_ours(g)
        print(f"  mean CER <= 0.05 on {g}: {'yes' if m <= 0.05 else 'NO'} ({m:.4f})")
    print(f"  born-digital pages keep their layer (CER <= 0.001, no OCR): {'yes' if not born_bad else 'NO'}"
          f"{' (' + ', '.join(born_bad) + ')' if born_bad else ''}")
    print(f"\ntime: synthetic set {t_build:.0f} s (cached after the first run), bare tesseract {t_bare:.0f} s "
          f"(cached), vnplan run {t_run:.0f} s ({args.workers} workers, restoration on)")


if __name__ == "__main__":
    main()
