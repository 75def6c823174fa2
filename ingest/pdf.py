"""PDF pages: use the text layer when it holds real text, otherwise rasterise for OCR."""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from PIL import Image

from vnplan.records import Page, Word

from .sources import InputError, check_pdf_bytes

log = logging.getLogger(__name__)

OCR_DPI = 300
_PT_TO_PX = OCR_DPI / 72  # text-layer boxes are reported in OCR pixels too, so tables line up either way
_CID = re.compile(r"\(cid:\d+\)")


def open_pdf(path: Path) -> pdfium.PdfDocument:
    if reason := check_pdf_bytes(path):
        raise InputError(reason)
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        raise InputError(_diagnose(path, e)) from e
    if len(pdf) == 0:
        pdf.close()
        raise InputError("PDF has no pages")
    return pdf


def _diagnose(path: Path, err: Exception) -> str:
    """Why PDFium refused a file. Its own error code can be stale or 'Success' (it also refuses
    documents with an empty page tree), so pdfminer gives the second opinion."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(str(path)) as doc:
            if len(doc.pages) == 0:
                return "PDF has no pages"
    except Exception as e:  # pdfminer raises many types on broken files; pdfplumber wraps them
        causes = [e, e.__cause__, e.__context__, *e.args]
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
            return "encrypted PDF: a password is required to open it"
        inner = next((c for c in causes[1:] if isinstance(c, Exception)), e)
        return f"corrupt PDF: {type(inner).__name__}: {inner}".rstrip(": ")
    return f"corrupt PDF: PDFium could not load it ({err})"


def count_pages(path: Path) -> int:
    pdf = open_pdf(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def is_real_text(text: str) -> bool:
    """A text layer worth trusting: enough letters, not glyph ids or an invisible junk layer."""
    compact = re.sub(r"\s+", "", text)
    if len(compact) < 25:
        return False
    if len(_CID.findall(text)) * 8 > len(compact) * 0.1:
        return False
    letters = sum(ch.isalpha() for ch in compact)
    return letters / len(compact) >= 0.5


def _line_words(raw_words: list[dict]) -> list[Word]:
    words: list[Word] = []
    line = 0
    line_top: float | None = None
    n_in_line = 0
    for w in sorted(raw_words, key=lambda w: (round(w["top"]), w["x0"])):
        if line_top is None or abs(w["top"] - line_top) > 3:
            line += 1
            line_top = w["top"]
            n_in_line = 0
        n_in_line += 1
        words.append(
            Word(
                block=1,
                par=1,
                line=line,
                word=n_in_line,
                text=unicodedata.normalize("NFC", w["text"]),
                left=round(w["x0"] * _PT_TO_PX),
                top=round(w["top"] * _PT_TO_PX),
                width=round((w["x1"] - w["x0"]) * _PT_TO_PX),
                height=round((w["bottom"] - w["top"]) * _PT_TO_PX),
                confidence=100.0,
            )
        )
    return words


def text_layer_page(path: Path, index: int) -> Page | None:
    """The page from its text layer, or None when the layer is missing or not real text."""
    with pdfplumber.open(str(path), pages=[index + 1]) as doc:
        page = doc.pages[0]
        text = page.extract_text() or ""
        if not is_real_text(text):
            return None
        words = _line_words(page.extract_words(keep_blank_chars=False, use_text_flow=False))
    return Page(page_no=index + 1, method="text_layer", text_raw=unicodedata.normalize("NFC", text), words=words)


def has_text_layer(pdf: pdfium.PdfDocument, index: int) -> bool:
    """Fast pre-check with pdfium (pdfplumber is only asked when there are characters at all)."""
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            return textpage.count_chars() >= 25
        finally:
            textpage.close()
    finally:
        page.close()


def render_page(pdf: pdfium.PdfDocument, index: int, dpi: int = OCR_DPI) -> Image.Image:
    page = pdf[index]
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        return bitmap.to_pil().convert("L")
    finally:
        page.close()
