"""The text-layer quality gate on real PDFs: a born-digital Vietnamese PDF keeps its layer, a scan
with an English-model scanner layer (real ``ocrmypdf -l eng``) is OCR'd again with ``vie``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from fpdf import FPDF
from fpdf.enums import TextMode
from PIL import Image

from devkit.synth import clean_markup, render_pages, save_pdf, scanner_layer_pdf
from ingest.textlayer import GOOD, POOR, decide, score_text
from tests.conftest import plan_text
from tests.test_ingest_inputs import FONT, text_pdf
from vnplan.metrics import cer
from vnplan.pipeline import Options, run
from vnplan.store import Store

SOURCE = (67, 16)  # one A4 page of a real plan's prose (sample plan 004)


def _opts(mode: str) -> Options:
    return Options(restore=False, extract=False, progress=False, workers=1, text_layer=mode)


@pytest.fixture(scope="module")
def source() -> str:
    return clean_markup(plan_text(*SOURCE))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, source) -> dict[str, Path]:
    """born.pdf: fpdf2 + DejaVu (real Unicode text); scan.pdf: degraded image only; eng.pdf: the same
    scan with the layer an office scanner embeds (ocrmypdf -l eng)."""
    if not shutil.which("ocrmypdf"):
        pytest.fail("ocrmypdf is missing: scripts/ensure-system-deps.sh ocrmypdf installs it")
    d = tmp_path_factory.mktemp("pdfs")
    pages = render_pages(plan_text(*SOURCE), seed=3, degrade="medium")
    save_pdf(pages[:1], d / "scan.pdf")
    scanner_layer_pdf(d / "scan.pdf", d / "eng.pdf")
    text_pdf(d / "born.pdf", [source])
    return {p.stem: p for p in d.glob("*.pdf")}


def _page(pdf: Path, tmp_path: Path, mode: str = "auto") -> pd.Series:
    raw = tmp_path / f"raw-{pdf.stem}-{mode}"
    raw.mkdir()
    shutil.copy(pdf, raw / pdf.name)
    summary = run([raw], tmp_path / f"out-{pdf.stem}-{mode}", _opts(mode))
    assert not summary.failed
    pages = Store(tmp_path / f"out-{pdf.stem}-{mode}").read("pages").to_pandas()
    assert len(pages) == 1
    return pages.iloc[0]


def test_scores_separate_vietnamese_from_english_model_ocr():
    good = score_text(plan_text(99, 20))
    assert good.score >= GOOD and good.lexicon_share > 0.95
    # the layers office scanners embed (English-model OCR of Vietnamese), and the same text stripped
    assert score_text("CONG Hcok xA HQI CHiJ NGHiA VIVT NAM\nDc 1p - Ty do - Hph phtic\nKinh grri").score < POOR
    assert score_text("Cong hoa xa hoi chu nghia Viet Nam, doc lap tu do hanh phuc").score < POOR
    assert score_text("(cid:12)(cid:44)(cid:87)(cid:3)(cid:55)" * 5).garble_share == 1.0


def test_decisions_without_a_pdf():
    viet = plan_text(99, 10)
    assert decide(None, scanned=True).action == "ocr" and decide(None, scanned=True).score is None
    assert decide(viet, scanned=False).action == "keep"
    assert decide("Kinh grri cac Sd ban nganh " * 5, scanned=True, mode="trust").action == "keep"
    assert decide(viet, scanned=False, mode="ignore").action == "ocr"
    # half the words real Vietnamese, half a scanner's garble: on a scan, OCR is compared
    mixed = "\n".join(f"{a} {b}" for a, b in zip(viet.split()[:60], ["CONG", "Hcok", "xA", "HQI", "CHiJ", "VIVT"] * 10, strict=False))
    d = decide(mixed, scanned=True)
    assert POOR <= d.score < GOOD and d.action == "compare"
    assert decide(mixed, scanned=False).action == "keep"
    with pytest.raises(ValueError):
        decide(viet, scanned=False, mode="sometimes")


def test_born_digital_vietnamese_keeps_its_layer(pdfs, tmp_path, source):
    page = _page(pdfs["born"], tmp_path)
    assert page.method == "text_layer"
    assert pd.isna(page.ocr_confidence)  # no OCR ran
    assert page.layer_score >= GOOD and "kept" in page.layer_reason
    assert cer(source, page.text_raw) <= 0.001


def test_scanner_english_layer_is_replaced_by_vie_ocr(pdfs, tmp_path, source):
    page = _page(pdfs["eng"], tmp_path)
    assert page.method == "ocr_replaced_layer"
    assert page.layer_score < POOR and "replaced" in page.layer_reason
    assert page.ocr_confidence > 80
    assert cer(source, page.text_raw) < 0.03
    # the layer itself is far worse: this is what trusting it gave before the gate
    trusted = _page(pdfs["eng"], tmp_path, "trust")
    assert trusted.method == "text_layer" and pd.isna(trusted.layer_score)
    assert cer(source, trusted.text_raw) > 0.1


def test_ignore_ocrs_a_good_layer_and_no_layer_is_plain_ocr(pdfs, tmp_path, source):
    ignored = _page(pdfs["born"], tmp_path, "ignore")
    assert ignored.method == "ocr_replaced_layer" and "ignore" in ignored.layer_reason
    assert cer(source, ignored.text_raw) < 0.03
    bare = _page(pdfs["scan"], tmp_path)
    assert bare.method == "ocr" and pd.isna(bare.layer_score) and bare.layer_reason == "no text layer"
    assert cer(source, bare.text_raw) < 0.03


def _scan_with_invisible_layer(path: Path, image: Image.Image, layer: str) -> Path:
    """A full-page image with an invisible text layer drawn over it (render mode 3), as scanners write."""
    img_path = path.with_suffix(".png")
    image.save(img_path)
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    pdf.image(str(img_path), x=0, y=0, w=210, h=297)
    pdf.set_xy(20, 20)
    with pdf.local_context(text_mode=TextMode.INVISIBLE):
        pdf.multi_cell(0, 6, layer)
    pdf.output(str(path))
    return path


def _mediocre(text: str) -> str:
    """Every other word of real text swapped for a scanner's garble: a layer scoring between POOR and GOOD."""
    words = text.split()
    junk = ["CONG", "Hcok", "xA", "HQI", "CHiJ", "VIVT", "grri", "Dc"]
    return " ".join(w if i % 2 else junk[i % len(junk)] for i, w in enumerate(words))


def test_mediocre_layer_of_a_scan_is_compared_with_ocr(tmp_path, source):
    layer = _mediocre(source)
    assert POOR <= score_text(layer).score < GOOD
    scan = render_pages(source, seed=3, degrade="light")[0]
    # the page image reads better than its layer: OCR wins
    page = _page(_scan_with_invisible_layer(tmp_path / "scan.pdf", scan, layer), tmp_path)
    assert page.method == "ocr_replaced_layer" and "OCR compared" in page.layer_reason
    assert "replaced (OCR scored" in page.layer_reason
    assert cer(source, page.text_raw) < 0.03
    # a blank image under the same layer: OCR reads nothing, the layer is kept
    blank = Image.new("L", scan.size, 255)
    page = _page(_scan_with_invisible_layer(tmp_path / "blank.pdf", blank, layer), tmp_path)
    assert page.method == "text_layer" and "kept the layer" in page.layer_reason
    assert POOR <= page.layer_score < GOOD


def test_cli_text_layer_option(pdfs, tmp_path):
    vnplan = [sys.executable, "-m", "vnplan.cli", "ingest"]
    assert "--text-layer" in subprocess.run([*vnplan, "--help"], capture_output=True, text=True, check=True).stdout
    bad = subprocess.run([*vnplan, str(pdfs["born"]), "--out", str(tmp_path / "o"), "--text-layer", "sometimes"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "--text-layer" in bad.stderr
    ok = subprocess.run([*vnplan, str(pdfs["born"]), "--out", str(tmp_path / "o"), "--text-layer", "ignore",
                         "--workers", "1"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert list(Store(tmp_path / "o").read("pages").column("method").to_pylist()) == ["ocr_replaced_layer"]


def test_legacy_encoded_layer_is_kept_for_conversion(tmp_path, source):
    """A born-digital PDF set in a TCVN3 font: its layer is Latin-1 letters that normalize converts
    exactly, so the gate keeps it (OCR would only be worse) and restoration gives the Vietnamese text."""
    from normalize.legacy import _TCVN3

    to_tcvn3 = {uni: legacy for legacy, uni in _TCVN3.items()}
    sentence = max(source.splitlines(), key=len)  # "Luật này quy định ...": no capital toned vowels, which TCVN3 lacks
    encoded = "".join(to_tcvn3.get(ch, ch) for ch in sentence)
    assert score_text(encoded).score < POOR
    d = decide(encoded * 2, scanned=False)
    assert d.action == "keep" and "TCVN3" in d.reason
    raw = tmp_path / "raw"
    raw.mkdir()
    text_pdf(raw / "tcvn3.pdf", [encoded])
    run([raw], tmp_path / "out", Options(extract=False, progress=False, workers=1))
    page = Store(tmp_path / "out").read("pages").to_pandas().iloc[0]
    assert page.method == "text_layer"
    assert cer(sentence, page.text) < 0.01
