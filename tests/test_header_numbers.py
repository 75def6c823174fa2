"""A document's number OCR misread where Decree 30's shapes make the repair certain: a glyph read for a digit in the
number ('Số: 1l/KH-UBND', '1O32'; not a glyph before the first digit, 'Số: I15/…'), an 'Đ' read without its stroke (or a 'D' with one) in the type's symbol or a
body's abbreviation ('12/QD-UBNĐ'); a lost digit is never guessed."""

from __future__ import annotations

import pytest

from extract.header import extract_header
from extract.letterhead import mend_number
from extract.structure import page_lines

HEAD = "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\n{number}\nLào Cai, ngày 09 tháng 3 năm 2026\n\n{kind}\nVề việc phòng chống dịch\n\n"


def _number(line: str, kind: str = "KẾ HOẠCH") -> str | None:
    return extract_header(page_lines([(1, HEAD.format(number=line, kind=kind) + "1. Sở Y tế chủ trì.\n")]), None)[
        "doc_number"]


@pytest.mark.parametrize(("line", "want"), [
    ("Số: 1l/KH-UBND", "11/KH-UBND"),  # 'l' for 1
    ("Số: 1O32/KH-UBND", "1032/KH-UBND"),  # 'O' for 0
    ("Số: 2O7l/KH-UBND", "2071/KH-UBND"),
    ("Số: 12/KH-UBND", "12/KH-UBND"),  # as printed
])
def test_digit_glyphs_in_the_number(line: str, want: str) -> None:
    assert _number(line) == want


@pytest.mark.parametrize("line", ["Số: I /KH-UBND", "Số:      /KH-UBND", "Số: lO/KH-UBND"])
def test_a_number_without_a_digit_read_is_not_guessed(line: str) -> None:
    """A speck where the number was left blank for a hand, or glyphs only: no digit as read, nothing made up."""
    assert _number(line) is None


def test_a_glyph_before_the_first_digit_makes_no_digit() -> None:
    """'Số: I15/…': the 'I' after the colon may be a speck as well as a 1, so no '115' is made of it (the number is
    left unread here rather than guessed either way)."""
    assert _number("Số: I15/NQ-HĐND", "NGHỊ QUYẾT") is None


@pytest.mark.parametrize(("number", "kind", "want"), [
    ("12/QD-UBNĐ", "QUYẾT ĐỊNH", "12/QĐ-UBND"),  # the type's symbol, and a body's abbreviation
    ("17/2026/QD-UBND", "QUYẾT ĐỊNH", "17/2026/QĐ-UBND"),
    ("3/DA-UBND", "ĐỀ ÁN", "3/ĐA-UBND"),
    ("45/HDND-VP", "CÔNG VĂN", "45/HĐND-VP"),  # a letter's first part is its issuer's
    ("5/HD-UBND", "HƯỚNG DẪN", "5/HD-UBND"),  # known as read: kept
    ("7/KH-SGDDT", "KẾ HOẠCH", "7/KH-SGDDT"),  # an issuer's own unit, either spelling: kept
    ("8/KH-DT", "KẾ HOẠCH", "8/KH-DT"),  # a drafting unit may be 'DT' or 'ĐT': kept
])
def test_stroke_of_d_in_known_codes(number: str, kind: str, want: str) -> None:
    assert mend_number(number, kind) == want
