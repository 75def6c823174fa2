"""Time per page of each preprocessing step (ingest.preprocess, ingest.layout) and of the OCR it
feeds, on three kinds of page: a 300 dpi scan, a 150 dpi scan and a 576 px phone photo.

    python bench/preprocess_bench.py [--repeat 3]

Steps are timed one by one on the same page (median of --repeat runs, one Tesseract thread), so
the cost of upscaling shows twice: the resize itself and the longer OCR of the bigger image.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from devkit import synth  # noqa: E402
from ingest import layout, ocr, preprocess  # noqa: E402

log = logging.getLogger("preprocess_bench")

DOC = synth.AdminDoc(
    "UBND TỈNH QUẢNG NAM", "SỞ NỘI VỤ", "Số: 215/SNV-CCHC", "V/v triển khai kế hoạch cải cách hành chính năm 2024",
    "Quảng Nam, ngày 3 tháng 4 năm 2024", "",
    ("Như trên;", "Lưu: VT, CCHC."), ("GIÁM ĐỐC",), "Nguyễn Văn An",
)


def _pages() -> dict[str, tuple[Image.Image, int]]:
    from normalize.build_model import DEFAULT_CORPUS, read_text, split_corpus

    _, held = split_corpus(DEFAULT_CORPUS)
    paras = [p for p in read_text(held[0]).splitlines()[10:] if p.strip() and "\t" not in p]
    body, n = [], 0
    for p in paras:
        if n > 1500:
            break
        body.append(synth.clean_markup(p))
        n += len(p)
    clean = synth.layout_admin_pages(synth.AdminDoc(**{**DOC.__dict__, "body": "\n".join(body)}))[0]
    return {
        "scan 300 dpi": (synth.degrade_page(clean, "medium", seed=1), 300),
        "scan 150 dpi": (synth.resample_dpi(synth.degrade_page(clean, "light", seed=1), 300, 150), 150),
        "photo 576 px": (synth.photo_page(clean, seed=1).convert("L"), 300),
    }


def _time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    ocr.single_threaded()
    rows: list[tuple[str, str, float]] = []
    for kind, (img, dpi) in _pages().items():
        h = preprocess.text_height(img)
        f = preprocess.upscale_factor(h)
        big = preprocess.upscale(img, f)
        words = ocr.ocr_image(big, dpi=dpi).words
        steps: list[tuple[str, Callable[[], object]]] = [
            ("deskew (estimate + rotate)", lambda img=img: preprocess.deskew(img)),
            ("table-rule removal", lambda img=img: preprocess.remove_rules(img)),
            ("sideways check (profiles)", lambda img=img: preprocess.looks_sideways(img)),
            ("text height (components)", lambda img=img: preprocess.text_height(img)),
            (f"upscale x{f:g} (resize)", lambda img=img, f=f: preprocess.upscale(img, f)),
            ("uneven-light check", lambda big=big: preprocess.uneven_light(big)),
            ("background division", lambda big=big: preprocess.normalise_background(big)),
            ("OCR at native size", lambda img=img, dpi=dpi: ocr.ocr_image(img, dpi=dpi)),
            (f"OCR after upscale x{f:g}", lambda big=big, dpi=dpi, f=f: ocr.ocr_image(big, dpi=round(dpi * f))),
            ("OSD (only on poor/sideways pages)", lambda big=big, dpi=dpi: ocr.detect_rotation(big, dpi)),
            ("layout (column reading)", lambda words=words: layout.arrange(words)),
            ("read_page, all steps", lambda img=img, dpi=dpi: ocr.read_page(img, dpi=dpi)),
        ]
        for name, fn in steps:
            rows.append((kind, name, _time(fn, a.repeat)))
            log.info("%s %s %.3f", kind, name, rows[-1][2])
        print(f"\n{kind}: {img.width}x{img.height} px, text height {h:.0f} px, upscale x{f:g}")
        for k, name, t in rows:
            if k == kind:
                print(f"  {name:36} {t:7.3f} s")


if __name__ == "__main__":
    main()
