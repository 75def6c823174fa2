"""A scanned page holding a few words (the signer's name run onto a page of its own) or none, through real
Tesseract: the paper's noise must not swallow Otsu's threshold (ingest.preprocess.whiten_paper)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from devkit.synth import degrade_page, layout_pages, render_pages, save_pdf
from ingest.pdf import open_pdf, scan_image
from ingest.preprocess import otsu_threshold, paper_level, whiten_paper
from vnplan.pipeline import Options, run
from vnplan.store import Store

OCR_ONLY = Options(restore=False, extract=False, progress=False, workers=2)
SIGNER = "Nguyễn Văn Hùng"
# Enough body lines that the signature block's title lines end the first page and its name opens the second.
BODY = "\n".join(f"Nội dung văn bản dòng số {i} về kế hoạch phát triển kinh tế xã hội của tỉnh." for i in range(43))
SIGNED = f"{BODY}\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\n\n{SIGNER}"


def _pdf_pages(pages: list[Image.Image], path: Path) -> list[Image.Image]:
    """The pages as a reader gets them back from an image-only PDF (compressed on the way)."""
    save_pdf(pages, path)
    doc = open_pdf(path)
    try:
        return [scan_image(doc, i, 10**9)[0] for i in range(len(pages))]
    finally:
        doc.close()


@pytest.fixture(scope="module")
def sparse_run(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    save_pdf(render_pages(SIGNED, seed=3, degrade="light"), raw / "signed.pdf")
    text_page = render_pages(BODY, seed=4, degrade="light")[0]
    blank = degrade_page(layout_pages("")[0], "light", seed=5)
    save_pdf([text_page, blank], raw / "blank.pdf")
    out = tmp_path_factory.mktemp("out")
    summary = run([raw], out, OCR_ONLY)
    store = Store(out)
    docs = store.read("documents").to_pandas().set_index("file_name")
    pages = store.read("pages").to_pandas()
    return summary, docs, pages


def _page_texts(docs, pages, name: str) -> list[str]:
    own = pages[pages.doc_id == docs.loc[name].doc_id].sort_values("page_no")
    return list(own.text_raw)


def test_the_signers_page_loses_otsu_to_the_paper_noise(tmp_path: Path):
    # The cause, in pixels: after the PDF round trip, the page of one name has Otsu's threshold inside the
    # paper's noise (Tesseract then binarises the page into speckle); the first page has it between ink and paper.
    first, last = _pdf_pages(render_pages(SIGNED, seed=3, degrade="light"), tmp_path / "s.pdf")
    for img, in_noise in ((first, False), (last, True)):
        hist = np.asarray(img.histogram(), dtype=np.int64)
        level, spread = paper_level(hist)
        assert (otsu_threshold(hist) >= level - 4 * spread) is in_noise
    assert not whiten_paper(first)[1]
    white, changed = whiten_paper(last)
    assert changed
    arr = np.asarray(white)
    assert 0 < (arr < 255).mean() < 0.005  # the name's strokes are left, the paper is white
    assert otsu_threshold(np.asarray(white.histogram())) < 200


def test_signer_alone_on_a_scanned_page_is_read(sparse_run):
    summary, docs, pages = sparse_run
    assert not summary.failed
    texts = _page_texts(docs, pages, "signed.pdf")
    assert len(texts) == 2
    assert texts[1].strip() == SIGNER
    assert "PHÓ CHỦ TỊCH" in texts[0]


def test_blank_scanned_page_stays_blank(sparse_run):
    _, docs, pages = sparse_run
    texts = _page_texts(docs, pages, "blank.pdf")
    assert len(texts) == 2
    assert "dòng số 0" in texts[0]
    assert texts[1].strip() == ""


def test_page_with_ink_is_left_as_it_is():
    # a full page of text, and a few words on grey paper with a wide noise: Otsu's threshold is clear of the
    # paper in both, so the page goes to Tesseract untouched
    page = render_pages(BODY, seed=4, degrade="light")[0]
    assert whiten_paper(page) == (page, False)
    rng = np.random.default_rng(0)
    arr = np.clip(rng.normal(200, 3, (600, 900)), 0, 255).astype(np.uint8)
    img = Image.fromarray(arr)
    ImageDraw.Draw(img).rectangle([100, 100, 800, 500], fill=20)  # a block of ink: half the page
    out, changed = whiten_paper(img)
    assert not changed and out is img
