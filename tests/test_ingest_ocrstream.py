"""One Tesseract process per worker (ingest.ocrstream): the same words as one process per page,
a failed stream costs no page, and a run starts Tesseract once per worker, not once per page."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from devkit.synth import render_pages, save_pdf
from ingest import ocr
from ingest.ocrstream import TesseractStream
from ingest.tesseract import pytesseract
from tests.conftest import plan_text
from vnplan.store import Store


@pytest.fixture(scope="module")
def pages() -> list[Image.Image]:
    """Two halves of degraded 300-dpi scan pages (half pages: the test reads each twice)."""
    full = render_pages(plan_text(67, 40), dpi=300, seed=11, degrade="medium")
    return [p.crop((0, 0, p.width, p.height // 2)).convert("L") for p in full[:2]]


@pytest.fixture
def streaming():
    ocr.keep_tesseract(True)
    yield
    ocr.keep_tesseract(False)


def _rows(data: dict[str, list]) -> list[tuple]:
    """The TSV's rows, every column but page_num (a stream numbers its pages on)."""
    cols = [c for c in data if c != "page_num"]
    return list(zip(*(data[c] for c in cols), strict=True))


def test_stream_reads_the_words_of_per_page_calls(pages):
    """Page after page through one process, at different resolutions (a TIFF carrying its dpi
    against a PGM with --dpi), gives the rows a per-page call gives, conf and boxes included."""
    stream = TesseractStream(ocr.DEFAULT_LANG, ocr.DEFAULT_CONFIG)
    try:
        for img, dpi in [(pages[0], 300), (pages[1], 300), (pages[0], 220), (pages[1], 410)]:
            stream.put(img, dpi)
            streamed = pytesseract.pytesseract.file_to_dict(stream.tsv(), "\t", -1)
            alone = ocr._page_call_data(img, ocr.DEFAULT_LANG, ocr.DEFAULT_CONFIG, dpi)
            assert _rows(streamed) == _rows(alone)
            assert sum(1 for t in streamed["text"] if str(t).strip()) > 50
    finally:
        stream.close()
    assert stream.proc.returncode == 0


def test_a_dead_stream_costs_no_page(pages, streaming):
    """Tesseract killed between pages: the next page is read by a per-page call, the one after by a
    fresh stream, and both read what a per-page call reads."""
    want = ocr._page_call_data(pages[0], ocr.DEFAULT_LANG, ocr.DEFAULT_CONFIG, 300)
    first = ocr.ocr_image(pages[0])
    stream = ocr._stream
    assert stream is not None and stream.proc.poll() is None
    stream.proc.kill()
    stream.proc.wait()
    second = ocr.ocr_image(pages[0])
    assert ocr._stream is None  # the broken stream was closed; the page came from a per-page call
    third = ocr.ocr_image(pages[0])
    assert ocr._stream is not None and ocr._stream.proc.pid != stream.proc.pid
    assert first.words == second.words == third.words
    assert [w.text for w in first.words] == [
        t.strip() for t, c in zip(want["text"], want["conf"], strict=True) if t.strip() and float(c) >= 0
    ]


def test_a_run_starts_tesseract_once_per_worker(tmp_path: Path):
    """A 4-page scan on 2 workers: 2 Tesseract OCR processes (streams), not 4; the tables hold
    every page's words (a shim first on PATH logs each Tesseract start; the run is a process of
    its own, so its fork server and workers see that PATH)."""
    real = shutil.which("tesseract")
    assert real
    shim_dir = tmp_path / "bin"
    shim_dir.mkdir()
    log = tmp_path / "starts.log"
    shim = shim_dir / "tesseract"
    shim.write_text(f'#!/bin/sh\necho "$*" >> {log}\nexec {real} "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    pdf = save_pdf(render_pages(plan_text(89, 120), dpi=300, seed=3, degrade="light")[:4], tmp_path / "in" / "scan.pdf")
    code = (
        "from vnplan.pipeline import Options, run\n"
        f"s = run([{str(pdf)!r}], {str(tmp_path / 'out')!r}, Options(restore=False, extract=False, progress=False, workers=2))\n"
        "assert not s.failed and s.pages == 4, s\n"
    )
    env = {**os.environ, "PATH": f"{shim_dir}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=Path(__file__).resolve().parent.parent)
    starts = [line for line in log.read_text().splitlines() if "--version" not in line and "--list-langs" not in line]
    assert len(starts) == 2 and all("stream_filelist=1" in line for line in starts), starts
    pages = Store(tmp_path / "out").read("pages").to_pandas()
    assert len(pages) == 4 and (pages.n_words > 50).all()


def test_a_tesseract_that_cannot_stream_reads_page_by_page(tmp_path: Path, pages, streaming, monkeypatch):
    """Every stream fails (a Tesseract that exits at once when asked to stream): each page is still
    read, by a per-page call, and after 3 failures in a row the worker stops trying."""
    real = shutil.which("tesseract")
    assert real
    shim = tmp_path / "tesseract"
    shim.write_text(f'#!/bin/sh\ncase "$*" in *stream_filelist*) exit 1;; esac\nexec {real} "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(shim))
    line = pages[0].crop((0, 0, pages[0].width, 400))
    want = ocr._page_call_data(line, ocr.DEFAULT_LANG, ocr.DEFAULT_CONFIG, 300)
    read = [ocr.ocr_image(line) for _ in range(4)]
    assert all(r.words == read[0].words for r in read) and read[0].words
    assert [w.text for w in read[0].words] == [
        t.strip() for t, c in zip(want["text"], want["conf"], strict=True) if t.strip() and float(c) >= 0
    ]
    assert not ocr._streaming and ocr._stream is None
