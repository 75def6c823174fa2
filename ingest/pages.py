"""Page jobs: the unit of parallel work. Each job reads its own page from disk, so only small
objects cross process boundaries and memory stays bounded by the number of jobs in flight.

Resource limits (issue: a 424-byte PDF with a 100x100-inch page took minutes and gigabytes):
a page is rasterised at no more than ``max_pixels`` (the resolution is lowered to fit), a page
that would need less than ``MIN_DPI`` to fit is refused with a reason, and images above the cap
are scaled down the same way. Memory per worker and time per page are bounded by the pool
(:mod:`ingest.parallel`).
"""

from __future__ import annotations

import logging
import os
import resource
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ingest.records import Page

from . import pdf, remote, textlayer, timing

log = logging.getLogger(__name__)

# 25 Mpx holds an A3 page at 300 dpi (17.4 Mpx); larger pages are rendered at a lower resolution.
DEFAULT_MAX_PIXELS = 25_000_000
# Below this a page's ordinary text is unreadable: refuse instead of OCRing a blur.
MIN_DPI = 40
# Images whose header declares more than 8 x max_pixels are refused before decoding (bombs): PIL
# refuses above twice its MAX_IMAGE_PIXELS, which is set to this factor times max_pixels.
MAX_IMAGE_PIXELS_FACTOR = 4


@dataclass(frozen=True)
class PageJob:
    doc_id: str
    path: str
    kind: str  # 'pdf' | 'image'
    index: int  # 0-based page (PDF) or frame (image)
    lang: str = "vie"  # ingest.ocr.DEFAULT_LANG (ingest.ocr is imported where pages are OCR'd, see below)
    deskew: bool = True
    max_pixels: int = DEFAULT_MAX_PIXELS
    text_layer: str = "auto"  # 'auto' (the quality gate) | 'trust' | 'ignore'


def init_worker(memory_mb: int | None = None) -> None:
    """Set up a worker process: one Tesseract thread, one Tesseract process kept for every page it
    reads (``VNPLAN_OCR_STREAM=0``: one per page), and an address-space limit of ``memory_mb``
    MB on top of what the process already maps, so one runaway page fails alone (MemoryError)
    instead of taking the machine's memory. The limit is inherited by the Tesseract it runs."""
    from . import ocr

    ocr.single_threaded()
    # One Tesseract process for all of this worker's pages (ingest.ocrstream), unless switched off.
    ocr.keep_tesseract(os.environ.get("VNPLAN_OCR_STREAM", "1").strip() != "0")
    if memory_mb:
        base = _vm_size()
        limit = base + memory_mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        log.debug("worker %d: address space limited to %d MB", os.getpid(), limit >> 20)


def _vm_size() -> int:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _ocr_page(img: Image.Image, job: PageJob, dpi: int) -> Page:
    # Imported here: pytesseract (which imports pandas) and scipy cost the scheduling process, which
    # only counts pages, about a second; workers have them from the fork server (its preload).
    from . import ocr

    # Word boxes come back in pixels of ``img`` (300 dpi renders for PDFs) whatever scale OCR used.
    opts = ocr.ReadOptions(deskew=job.deskew, first_page=job.index == 0)
    res = ocr.read_page(img, lang=job.lang, dpi=dpi, opts=opts)
    size = res.size if res.words and res.size else (None, None)
    return Page(page_no=job.index + 1, method="ocr", text_raw=res.text, words=res.words, ocr_confidence=res.confidence,
                image_width=size[0], image_height=size[1], rotation=res.rotation, skew=res.skew)


def scan_dpi(probe: pdf.LayerProbe) -> int:
    """The resolution to render a page at for OCR: a scanned page at its own image's resolution when
    that is below 300 dpi (rendering a 150-200 dpi scan up to 300 dpi only resamples the pixels the
    scanner gave, and Tesseract read such pages worse than the scan itself: bench/scan_eval.py), else
    300 dpi. Small text is enlarged later from its measured height (ingest/ocr.read_page)."""
    if probe.scanned and probe.image_dpi and MIN_DPI <= probe.image_dpi < pdf.OCR_DPI:
        return round(probe.image_dpi)
    return pdf.OCR_DPI


def fit_dpi(width_pt: float, height_pt: float, dpi: int, max_pixels: int) -> int:
    """The resolution to render a page of this size at: ``dpi``, lowered so the bitmap holds at most
    ``max_pixels``. Raises InputError for pages too large (or degenerate) to read."""
    w_in, h_in = width_pt / 72, height_pt / 72
    if not (w_in > 0 and h_in > 0):
        raise pdf.InputError(f"page has no area ({w_in:.2f} x {h_in:.2f} inches)")
    if (w_in * dpi) * (h_in * dpi) <= max_pixels:
        return dpi
    fit = int((max_pixels / (w_in * h_in)) ** 0.5)
    if fit < MIN_DPI:
        raise pdf.InputError(
            f"page too large: {w_in:.0f} x {h_in:.0f} inches would need {fit} dpi to stay within "
            f"{max_pixels / 1e6:.0f} Mpx (minimum {MIN_DPI} dpi)"
        )
    log.info("page of %.0f x %.0f inches rendered at %d dpi instead of %d", w_in, h_in, fit, dpi)
    return fit


def run_job(job: PageJob) -> Page:
    path = remote.readable_path(job.path, job.doc_id)  # a URL: a local copy, once per process
    if job.kind == "pdf":
        with timing.stage("render"):
            doc = pdf.open_pdf(path)
            probe, gate, img, dpi = _pdf_page_image(doc, job)
        return _gated_pdf_page(path, job, probe, gate, img, dpi)
    if job.kind == "image":
        with timing.stage("render"):
            img, dpi = _image_frame(path, job)
        return _ocr_page(img, job, dpi)
    raise ValueError(f"no page jobs for kind {job.kind!r}")


def _pdf_page_image(
    doc: pdf.pdfium.PdfDocument, job: PageJob
) -> tuple[pdf.LayerProbe, textlayer.Decision, Image.Image | None, int]:
    """Probe a PDF page's layer, ask the gate, and get the page's pixels when it is to be OCR'd
    (closes ``doc``)."""
    try:
        probe = pdf.probe_layer(doc, job.index)
        gate = textlayer.decide(probe.text, scanned=probe.scanned, mode=job.text_layer)
        img, dpi = None, pdf.OCR_DPI
        if gate.action != "keep":
            native = pdf.scan_image(doc, job.index, job.max_pixels) if probe.scanned else None
            if native is not None and MIN_DPI <= native[1] <= pdf.OCR_DPI:
                img, dpi = native  # a scan read as the scanner gave it
            else:
                w, h = doc.get_page_size(job.index)
                dpi = fit_dpi(w, h, scan_dpi(probe), job.max_pixels)
                img = pdf.render_page(doc, job.index, dpi)
    finally:
        doc.close()
    return probe, gate, img, dpi


def _image_frame(path: Path, job: PageJob) -> tuple[Image.Image, int]:
    """One frame of an image file in grayscale, scaled down to ``max_pixels``, with its dpi."""
    Image.MAX_IMAGE_PIXELS = job.max_pixels * MAX_IMAGE_PIXELS_FACTOR
    with Image.open(path) as im:
        im.seek(job.index)
        dpi_info = im.info.get("dpi", (300, 300))[0]
        # Scanners write their resolution; files without it are taken as 300 dpi scans.
        dpi = int(round(float(dpi_info))) if 70 <= float(dpi_info) <= 1200 else 300
        if im.width * im.height > job.max_pixels:
            scale = (job.max_pixels / (im.width * im.height)) ** 0.5
            im.draft("L", (int(im.width * scale), int(im.height * scale)))  # JPEG decodes smaller
            img = im.convert("L")
            size = (max(1, int(im.width * scale)), max(1, int(im.height * scale)))
            if img.width * img.height > job.max_pixels:
                img = img.resize(size, Image.Resampling.BOX)
            log.info("image of %dx%d px scaled to %dx%d", im.width, im.height, img.width, img.height)
            dpi = max(MIN_DPI, int(dpi * img.width / im.width))
        else:
            img = im.convert("L")
    return img, dpi


def _gated_pdf_page(
    path: Path, job: PageJob, probe: pdf.LayerProbe, gate: textlayer.Decision, img: Image.Image | None, dpi: int
) -> Page:
    """Carry out the gate's decision; the page records method, layer score and the reason."""
    if img is None:  # keep the layer
        page = pdf.text_layer_page(path, job.index)
    else:
        page = _ocr_page(img, job, dpi)
        if probe.text.strip():
            page.method = "ocr_replaced_layer"
    page.layer_score, page.layer_reason = gate.score, gate.reason
    if gate.action == "compare" and gate.score is not None:
        # A scan's mediocre layer against a fresh OCR of the image: keep whichever reads better.
        ocr_score = textlayer.score_text(page.text_raw).score
        if ocr_score < gate.score:
            page = pdf.text_layer_page(path, job.index)
            page.layer_score = gate.score
            page.layer_reason = f"{gate.reason}; kept the layer (OCR scored {ocr_score:.2f})"
        else:
            page.layer_reason = f"{gate.reason}; replaced (OCR scored {ocr_score:.2f})"
    return page


def count_image_frames(path: Path, max_pixels: int = DEFAULT_MAX_PIXELS) -> int:
    Image.MAX_IMAGE_PIXELS = max_pixels * MAX_IMAGE_PIXELS_FACTOR
    try:
        with Image.open(path) as im:
            im.verify()
        with Image.open(path) as im:
            return getattr(im, "n_frames", 1)
    except Image.DecompressionBombError as e:
        raise pdf.InputError(f"image too large: {e}") from e
    except Exception as e:  # PIL raises many types for bad images
        raise pdf.InputError(f"unreadable image: {e}") from e
