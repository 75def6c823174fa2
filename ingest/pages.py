"""Page jobs: the unit of parallel work. Each job reads its own page from disk, so only small
objects cross process boundaries and memory stays bounded by the number of jobs in flight."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from vnplan.records import Page

from . import ocr, pdf

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageJob:
    doc_id: str
    path: str
    kind: str  # 'pdf' | 'image'
    index: int  # 0-based page (PDF) or frame (image)
    lang: str = ocr.DEFAULT_LANG
    deskew: bool = True


def init_worker() -> None:
    ocr.single_threaded()


def _ocr_page(img: Image.Image, job: PageJob, dpi: int) -> Page:
    # Word boxes come back in pixels of ``img`` (300 dpi renders for PDFs) whatever scale OCR used.
    opts = ocr.ReadOptions(deskew=job.deskew, first_page=job.index == 0)
    res = ocr.read_page(img, lang=job.lang, dpi=dpi, opts=opts)
    return Page(page_no=job.index + 1, method="ocr", text_raw=res.text, words=res.words, ocr_confidence=res.confidence)


def run_job(job: PageJob) -> Page:
    path = Path(job.path)
    if job.kind == "pdf":
        doc = pdf.open_pdf(path)
        try:
            if pdf.has_text_layer(doc, job.index) and (page := pdf.text_layer_page(path, job.index)):
                return page
            img = pdf.render_page(doc, job.index)
        finally:
            doc.close()
        return _ocr_page(img, job, pdf.OCR_DPI)
    if job.kind == "image":
        with Image.open(path) as im:
            im.seek(job.index)
            img = im.convert("L")
            dpi = im.info.get("dpi", (300, 300))[0]
        # Scanners write their resolution; files without it are taken as 300 dpi scans.
        return _ocr_page(img, job, int(round(float(dpi))) if 70 <= float(dpi) <= 1200 else 300)
    raise ValueError(f"no page jobs for kind {job.kind!r}")


def count_image_frames(path: Path) -> int:
    try:
        with Image.open(path) as im:
            im.verify()
        with Image.open(path) as im:
            return getattr(im, "n_frames", 1)
    except Exception as e:  # PIL raises many types for bad images
        raise pdf.InputError(f"unreadable image: {e}") from e
