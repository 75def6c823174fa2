"""Lone figures OCR read with letters for digits ('S0' for 80, 'T5' for 75) re-read from the page (ingest.figures)."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from devkit import synth
from ingest import figures
from ingest.records import Word


def _word(text: str, left: int, top: int = 100, width: int = 46, height: int = 35) -> Word:
    return Word(1, 1, 1, 1, text, left, top, width, height, 70.0)


@pytest.mark.parametrize(("text", "figure"), [
    ("S0", True), ("T5", True), ("t2", True), ("1OO", True), ("S0%", True), ("8O", True),
    ("80", False), ("ST", False), ("VT", False), ("I1", False), ("Sở", False), ("S0/2026", False), ("12345", False),
])
def test_a_figure_with_digit_shaped_letters(text: str, figure: bool) -> None:
    assert figures.candidate(_word(text, 0)) is figure


@pytest.mark.parametrize(("read", "first", "ok"), [
    ("80", "S0", True), ("75", "T5", True), ("100", "1OO", True),
    ("90", "T0", True),  # no digit contradicts it: the pixels decide
    ("35", "S0", False), ("800", "S0", False), ("8", "S0", False), ("8o", "S0", False),
])
def test_a_reading_agrees_with_every_digit_read_first(read: str, first: str, ok: bool) -> None:
    assert figures.agrees(read, first) is ok


def test_a_word_beside_others_on_its_line_is_no_lone_cell() -> None:
    w = _word("T5", 400)
    assert not figures._alone(w, [_word("Lưu:", 300, width=80), w])  # 20 px away: a phrase ('Lưu: VT, T5')
    assert figures._alone(w, [_word("|", 380, width=8), w, _word("|", 460, width=8), _word("Tổ", 200, width=60)])
    assert figures._alone(w, [_word("450", 100), w])  # a cell's gap away


def _page(figure: str) -> tuple[Image.Image, Word]:
    """A white 300 dpi strip with ``figure`` in the documents' 12 pt serif, and its word's box."""
    font = ImageFont.truetype(synth.font_path("regular"), round(12 / 72 * 300))
    img = Image.new("L", (600, 200), 255)
    draw = ImageDraw.Draw(img)
    draw.text((300, 80), figure, fill=0, font=font)
    left, top, right, bottom = draw.textbbox((300, 80), figure, font=font)
    return img, _word("", left, top, right - left, bottom - top)


@pytest.mark.parametrize(("printed", "read", "mended"), [
    ("80", "S0", "80"),  # an 'S' is 8 or 5: the pixels say 8
    ("75", "T5", "75"),
    ("100", "1OO", "100"),
    ("80", "S0%", "80%"),
])
def test_a_lone_figure_is_re_read_from_its_box(printed: str, read: str, mended: str) -> None:
    img, w = _page(printed)
    w = Word(**{**w.__dict__, "text": read})
    assert [x.text for x in figures.reread_figures(img, [w])] == [mended]


def test_a_reading_the_pixels_contradict_is_not_taken() -> None:
    img, w = _page("35")
    w = Word(**{**w.__dict__, "text": "S0"})  # the '0' OCR read is not on the page: nothing is invented
    assert [x.text for x in figures.reread_figures(img, [w])] == ["S0"]


def test_a_figure_in_a_phrase_is_left_as_read() -> None:
    img, w = _page("75")
    w = Word(**{**w.__dict__, "text": "T5"})
    near = _word("VT,", w.left - 60, w.top, 50, w.height)
    assert [x.text for x in figures.reread_figures(img, [near, w])] == ["VT,", "T5"]


@pytest.mark.parametrize(("read", "mended"), [
    ("30/6/2O26", "30/6/2026"), ("3O/6/2026", "30/6/2026"), ("15/O6/2026", "15/06/2026"), ("6/2O26", "6/2026"),
    ("30/6/2O26.", "30/6/2026."), ("IIl/2O26", "IIl/2026"),  # the quarter's stems are counted afterwards
    ("OO/6/2026", "OO/6/2026"),  # no figure beside the O's: not a date OCR read
    ("2O26", "2O26"), ("Sở", "Sở"), ("30/6/2026", "30/6/2026"), ("Quý", "Quý"),
])
def test_a_date_with_a_letter_o_for_a_zero(read: str, mended: str) -> None:
    assert [w.text for w in figures.mend_dates([_word(read, 0)])] == [mended]
