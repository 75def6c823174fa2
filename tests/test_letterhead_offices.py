"""A Văn phòng issuing under its parent's abbreviated line ('UBND TỈNH X' / 'VĂN PHÒNG'), as OCR reads the two-column
header of a scan (issue 11, round w3c): the office's line in small letters or run into the number's, its marks
misread, the parent's place word garbled by two glyphs. The issuer is the office of the parent written out, the
parent the Ủy ban of the place the date line names. Each case goes through the real extractor."""

from __future__ import annotations

import pytest

from tests.conftest import extract_text

_BODY = ("\nTHÔNG BÁO\nKết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp giao ban\n\nNgày 11 tháng 12 năm 2025, "
         "Chủ tịch Ủy ban nhân dân tỉnh chủ trì cuộc họp.\n\n1. Sở Tài chính tham mưu bố trí kinh phí.\n\nNơi nhận:\n"
         "- Lưu: VT.\n\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nNguyễn Văn An\n")
_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
_FREEDOM = "Độc lập - Tự do - Hạnh phúc"


def _meta(head: str) -> dict:
    ex = extract_text(head + _BODY, "tb")
    return ex.meta if hasattr(ex, "meta") else ex.document


@pytest.mark.parametrize("parent, office, number_line", [
    ("UBND TỈNH QUẢNC NlNH", "VĂN PHÒNG", True),   # the place garbled by two glyphs
    ("UBND TỈNH QUẢNG NINH", "Văn PHÒNG", True),   # the office's line in small letters: OCR's case slip
    ("UBND TỈNH QUẢNG NINH", "Văn phòng", True),
    ("UBND TỈNH QUẢNG NINH", "VẢN PHÔNG", True),   # its marks misread: the office's own spelling
    ("UBND TỈNH QUẢNC NlNH", "VĂN PHÒNG", False),  # the office's line run into the number's
])
def test_office_under_an_abbreviated_parent(parent: str, office: str, number_line: bool) -> None:
    gap = " " * 10
    if number_line:
        head = (f"{parent}{gap}{_MOTTO}\n{office}{gap}{_FREEDOM}\nSố: 517/TB-VP{gap}Quảng Ninh, ngày 15 tháng 12 năm "
                "2025\n")
    else:
        head = f"{parent}{gap}{_MOTTO}\n{office} Số: 517/TB-VP{gap}{_FREEDOM}\nQuảng Ninh, ngày 15 tháng 12 năm 2025\n"
    meta = _meta(head)
    assert meta["issuer"] == "Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh"
    assert meta["issuer_parent"] == "Ủy ban nhân dân tỉnh Quảng Ninh"


def test_a_place_far_from_the_dated_one_stays_as_read() -> None:
    """The date line's province mends a parent's place only when it is at most two glyphs off: a commune's parent
    line or another province's name is not rewritten to it."""
    gap = " " * 10
    head = (f"UBND TỈNH LÀO CAI{gap}{_MOTTO}\nVĂN PHÒNG{gap}{_FREEDOM}\nSố: 517/TB-VP{gap}Quảng Ninh, ngày 15 tháng 12 "
            "năm 2025\n")
    assert _meta(head)["issuer_parent"] == "Ủy ban nhân dân tỉnh Lào Cai"
