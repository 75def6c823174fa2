"""What the text-layer gate costs: time per page of scoring a PDF's text layer against an OCR of that page.

Pages: the born-digital and scanner-layer PDFs of bench/scan_eval.py (generated from held-out corpus
text and cached under build/scan_eval/). Per page:

* gate = what run_job does before deciding: open the PDF, probe the layer with pdfium (text, page
  objects: image cover, invisible text) and score it (ingest.textlayer.decide); median of repeats;
* read = reading a kept layer with its word boxes (pdfplumber), which replaces the OCR;
* OCR = what run_job does when the layer is replaced: render at 300 dpi, prepare, Tesseract ``vie``
  (one thread, as in the pipeline's workers).

The restoration model's lexicon is loaded once per process, before the first score; that one-off cost
is printed separately. Target: the gate under 5% of the OCR.

    python bench/gate_bench.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scan_eval import CACHE, build_synthetic  # noqa: E402

from ingest import ocr, pdf, preprocess, textlayer  # noqa: E402


def gate(path: Path) -> textlayer.Decision:
    doc = pdf.open_pdf(path)
    try:
        probe = pdf.probe_layer(doc, 0)
    finally:
        doc.close()
    return textlayer.decide(probe.text, scanned=probe.scanned)


def ocr_page(path: Path) -> str:
    doc = pdf.open_pdf(path)
    try:
        img = pdf.render_page(doc, 0)
    finally:
        doc.close()
    return ocr.ocr_image(preprocess.prepare(img), dpi=pdf.OCR_DPI).text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    ocr.single_threaded()
    items = [it for it in build_synthetic(CACHE) if it.path.suffix == ".pdf" and it.group != "low-dpi scan"]

    t0 = time.perf_counter()
    textlayer.score_text("Cộng hòa xã hội chủ nghĩa Việt Nam")
    load = time.perf_counter() - t0
    print(f"gate vs OCR, per page ({len(items)} one-page PDFs; lexicon load once per process: {load:.2f} s)")
    print(f"{'page':22} {'decision':9} {'score':>5} {'words':>5} {'gate ms':>8} {'score ms':>8} {'read ms':>8} {'OCR s':>6} {'gate/OCR':>8}")
    ratios, gates, ocrs = [], [], []
    for it in items:
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            d = gate(it.path)
            times.append(time.perf_counter() - t)
        g = statistics.median(times)
        doc = pdf.open_pdf(it.path)
        try:
            text = pdf.probe_layer(doc, 0).text
        finally:
            doc.close()
        t = time.perf_counter()
        s = textlayer.score_text(text)
        sc = time.perf_counter() - t
        t = time.perf_counter()
        pdf.text_layer_page(it.path, 0)
        read = time.perf_counter() - t
        t = time.perf_counter()
        ocr_page(it.path)
        o = time.perf_counter() - t
        ratios.append(g / o)
        gates.append(g)
        ocrs.append(o)
        print(f"{it.name:22} {d.action:9} {s.score:5.2f} {s.n_words:5d} {g * 1000:8.1f} {sc * 1000:8.2f} {read * 1000:8.1f} {o:6.2f} "
              f"{g / o:8.2%}")
    print(f"\nmean: gate {statistics.mean(gates) * 1000:.1f} ms, OCR {statistics.mean(ocrs):.2f} s, "
          f"gate/OCR {statistics.mean(ratios):.2%} (max {max(ratios):.2%}; target < 5%)")


if __name__ == "__main__":
    main()
