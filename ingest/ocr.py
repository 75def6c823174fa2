"""OCR one page image with Tesseract (``vie``) through pytesseract, keeping word boxes and confidences."""

from __future__ import annotations

import os
import tempfile
import unicodedata
from dataclasses import dataclass

import pytesseract
from PIL import Image

from ingest.records import Word

DEFAULT_LANG = "vie"
# psm 3: automatic page segmentation, as bare `tesseract` does; keeps the benchmark comparable.
DEFAULT_CONFIG = "--oem 1 --psm 3"


@dataclass
class OcrResult:
    text: str
    words: list[Word]
    confidence: float | None  # mean word confidence, 0-100


def single_threaded() -> None:
    """One OpenMP thread per Tesseract: we parallelise across pages, and on 2 cores Tesseract's own
    threads only contend (measured: 1.9 s vs 8.9 s wall for one page)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


def words_to_text(words: list[Word]) -> str:
    """Reading-order text: one line per Tesseract line, a blank line between blocks."""
    out: list[str] = []
    prev_block = prev_key = None
    cur: list[str] = []
    for w in words:
        key = (w.block, w.par, w.line)
        if key != prev_key:
            if cur:
                out.append(" ".join(cur))
                cur = []
            if prev_block is not None and w.block != prev_block:
                out.append("")
            prev_key, prev_block = key, w.block
        cur.append(w.text)
    if cur:
        out.append(" ".join(cur))
    return "\n".join(out)


def ocr_image(
    img: Image.Image, lang: str = DEFAULT_LANG, config: str = DEFAULT_CONFIG, dpi: int = 300
) -> OcrResult:
    """Run Tesseract once and build both the words table rows and the page text from its TSV.

    The page goes to Tesseract as an uncompressed PGM: pytesseract's default PNG costs ~0.8 s of
    encoding per noisy 300 dpi page, a third of the OCR time. PGM carries no resolution, so it is
    passed explicitly."""
    with tempfile.TemporaryDirectory(prefix="vnplan-ocr-") as tmp:
        path = os.path.join(tmp, "page.pgm")
        img.convert("L").save(path, format="PPM")
        data = pytesseract.image_to_data(
            path, lang=lang, config=f"{config} --dpi {dpi}", output_type=pytesseract.Output.DICT
        )
    words: list[Word] = []
    for i, raw in enumerate(data["text"]):
        text = unicodedata.normalize("NFC", (raw or "").strip())
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        words.append(
            Word(
                block=int(data["block_num"][i]),
                par=int(data["par_num"][i]),
                line=int(data["line_num"][i]),
                word=int(data["word_num"][i]),
                text=text,
                left=int(data["left"][i]),
                top=int(data["top"][i]),
                width=int(data["width"][i]),
                height=int(data["height"][i]),
                confidence=conf,
            )
        )
    conf = sum(w.confidence for w in words) / len(words) if words else None
    return OcrResult(words_to_text(words), words, conf)
