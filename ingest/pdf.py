"""PDF pages: the text layer (probed with pdfium, read with pdfplumber) and page rendering for OCR.

Whether a layer is kept is decided by the gate in ``ingest.textlayer``."""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from ingest.records import Page, Word

from .sources import InputError, check_pdf_bytes

if TYPE_CHECKING:
    import pdfplumber

log = logging.getLogger(__name__)

OCR_DPI = 300
_PT_TO_PX = OCR_DPI / 72  # text-layer boxes are reported in OCR pixels too, so tables line up either way


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
    import pdfplumber
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
    """A text layer that reads as real Vietnamese (the gate's 'keep' verdict on a born-digital page)."""
    from .textlayer import decide

    return decide(text, scanned=False).action == "keep"


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


# The document a worker read its last page from, kept open for the next page: pdfplumber walks the
# whole page tree on every open (even for one page), so opening per page made the cost per page grow
# with the page count (issue 16: 69 -> 88 ms/page from 25 to 100 pages). Keyed by the file's identity,
# so a file replaced under the same name is opened afresh.
_OPEN_PLUMBER: tuple[tuple, pdfplumber.PDF] | None = None


def _file_key(path: Path) -> tuple:
    st = path.stat()
    return (str(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _plumber(path: Path) -> pdfplumber.PDF:
    global _OPEN_PLUMBER
    key = _file_key(path)
    if _OPEN_PLUMBER is not None and _OPEN_PLUMBER[0] == key:
        return _OPEN_PLUMBER[1]
    # Imported here: pdfplumber (with pdfminer) costs every process that imports this module ~0.07 s,
    # and scanned pages, the scheduling process and the fork server never read a text layer with it.
    import pdfplumber

    close_cached()
    doc = pdfplumber.open(str(path))
    _OPEN_PLUMBER = (key, doc)
    return doc


def close_cached() -> None:
    """Close the document :func:`text_layer_page` keeps open (tests, long-lived callers)."""
    global _OPEN_PLUMBER
    if _OPEN_PLUMBER is not None:
        _OPEN_PLUMBER[1].close()
        _OPEN_PLUMBER = None


def text_layer_page(path: Path, index: int) -> Page:
    """The page from its text layer (pdfplumber: text in reading order and word boxes)."""
    page = _plumber(path).pages[index]
    try:
        text = page.extract_text() or ""
        words = _line_words(page.extract_words(keep_blank_chars=False, use_text_flow=False))
        # the words' pixel space: the page in points scaled as the boxes are
        width, height = round(float(page.width) * _PT_TO_PX), round(float(page.height) * _PT_TO_PX)
    finally:
        page.close()  # drop the page's parsed objects: memory stays flat over a long document
    return Page(page_no=index + 1, method="text_layer", text_raw=unicodedata.normalize("NFC", text), words=words,
                image_width=width if words else None, image_height=height if words else None)


@dataclass(frozen=True)
class LayerProbe:
    """What pdfium tells about a page's text layer, cheaply (no layout analysis)."""

    text: str  # the layer's characters in content order ('' when there is none)
    image_cover: float  # share of the page area covered by its largest image (a scan: ~1.0)
    invisible: float  # share of text objects drawn invisible (render mode 3: an OCR layer under a scan)
    image_dpi: float | None = None  # resolution of the largest image as placed on the page (a scan's dpi)

    @property
    def scanned(self) -> bool:
        """A full-page image with text under it: the layer is somebody's OCR of the image."""
        return self.image_cover >= SCAN_COVER


SCAN_COVER = 0.8  # an image over this share of the page makes it a scanned page


def probe_layer(pdf: pdfium.PdfDocument, index: int) -> LayerProbe:
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range() if textpage.count_chars() else ""
        finally:
            textpage.close()
        area = max(page.get_width() * page.get_height(), 1.0)
        cover, n_text, n_invisible, image_dpi = 0.0, 0, 0, None
        for obj in page.get_objects(max_depth=2):
            if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                left, bottom, right, top = obj.get_bounds()
                share = (right - left) * (top - bottom) / area
                if share > cover:
                    cover = share
                    w_px, h_px = obj.get_px_size()
                    image_dpi = min(w_px / max(right - left, 1e-6), h_px / max(top - bottom, 1e-6)) * 72
            elif obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                n_text += 1
                n_invisible += pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
    finally:
        page.close()
    return LayerProbe(unicodedata.normalize("NFC", text.replace("\r\n", "\n")), min(cover, 1.0),
                      n_invisible / n_text if n_text else 0.0, image_dpi)


def scan_image(pdf: pdfium.PdfDocument, index: int, max_pixels: int) -> tuple[Image.Image, int] | None:
    """The scanner's own pixels of a page that is one upright image covering the page, with its
    resolution; None for any other page (those are rendered). Rendering a 150-200 dpi scan at another
    scale resamples it, and Tesseract read the resampled page worse than the scan (bench/scan_eval.py)."""
    page = pdf[index]
    try:
        if page.get_rotation():
            return None
        area = max(page.get_width() * page.get_height(), 1.0)
        images, others = [], 0
        for obj in page.get_objects(max_depth=2):
            if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                images.append(obj)
            elif obj.type not in (pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_FORM):
                others += 1  # invisible OCR text under a scan is fine, and so is a form wrapping the image
        if len(images) != 1 or others:
            return None
        obj = images[0]
        m = obj.get_matrix()
        left, bottom, right, top = obj.get_bounds()
        w_px, h_px = obj.get_px_size()
        if m.b or m.c or (right - left) * (top - bottom) / area < SCAN_FULL_COVER or w_px * h_px > max_pixels:
            return None
        dpi = round(min(w_px / (right - left), h_px / (top - bottom)) * 72)
        return obj.get_bitmap(render=False).to_pil().convert("L"), dpi
    except pdfium.PdfiumError:
        return None  # an image pdfium cannot decode on its own: the page is rendered instead
    finally:
        page.close()


SCAN_FULL_COVER = 0.95  # an image this much of the page is the page


def render_page(pdf: pdfium.PdfDocument, index: int, dpi: int = OCR_DPI) -> Image.Image:
    page = pdf[index]
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        return bitmap.to_pil().convert("L")
    finally:
        page.close()
