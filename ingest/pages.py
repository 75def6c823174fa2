"""Page jobs: the unit of parallel work. Each job reads its own page from disk, so only small
objects cross process boundaries and memory stays bounded by the number of jobs in flight."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from vnplan.records import Page

from . import ocr, pdf, preprocess, textlayer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageJob:
    doc_id: str
    path: str
    kind: str  # 'pdf' | 'image'
    index: int  # 0-based page (PDF) or frame (image)
    lang: str = ocr.DEFAULT_LANG
    deskew: bool = True
    text_layer: str = "auto"  # 'auto' (the quality gate) | 'trust' | 'ignore'


def init_worker() -> None:
    ocr.single_threaded()


def _ocr_page(img: Image.Image, job: PageJob, dpi: int) -> Page:
    img = preprocess.prepare(img, do_deskew=job.deskew)
    res = ocr.ocr_image(img, lang=job.lang, dpi=dpi)
    return Page(page_no=job.index + 1, method="ocr", text_raw=res.text, words=res.words, ocr_confidence=res.confidence)


def run_job(job: PageJob) -> Page:
    path = Path(job.path)
    if job.kind == "pdf":
        doc = pdf.open_pdf(path)
        try:
            probe = pdf.probe_layer(doc, job.index)
            gate = textlayer.decide(probe.text, scanned=probe.scanned, mode=job.text_layer)
            img = pdf.render_page(doc, job.index) if gate.action != "keep" else None
        finally:
            doc.close()
        return _gated_pdf_page(path, job, probe, gate, img)
    if job.kind == "image":
        with Image.open(path) as im:
            im.seek(job.index)
            img = im.convert("L")
            dpi = im.info.get("dpi", (300, 300))[0]
        # Scanners write their resolution; files without it are taken as 300 dpi scans.
        return _ocr_page(img, job, int(round(float(dpi))) if 70 <= float(dpi) <= 1200 else 300)
    raise ValueError(f"no page jobs for kind {job.kind!r}")


def _gated_pdf_page(
    path: Path, job: PageJob, probe: pdf.LayerProbe, gate: textlayer.Decision, img: Image.Image | None
) -> Page:
    """Carry out the gate's decision; the page records method, layer score and the reason."""
    if img is None:  # keep the layer
        page = pdf.text_layer_page(path, job.index)
    else:
        page = _ocr_page(img, job, pdf.OCR_DPI)
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


def count_image_frames(path: Path) -> int:
    try:
        with Image.open(path) as im:
            im.verify()
        with Image.open(path) as im:
            return getattr(im, "n_frames", 1)
    except Exception as e:  # PIL raises many types for bad images
        raise pdf.InputError(f"unreadable image: {e}") from e
