"""A scan's number line where OCR read a speck after the digits as a small letter with a diacritic ('Số: 486ó/…',
a one-line issuer beside the motto on a two-column header): the number as printed (extract.header._number_glyphs)."""

from __future__ import annotations

import pytest

from extract.core import extract_document
from extract.header import _number_glyphs
from extract.patterns import load_json
from ingest.records import Document, Page

OCR = load_json("header.json")["digit_ocr"]


@pytest.mark.parametrize(("line", "want"), [
    ("Số: 486ó/UBND-KGVX Độc lập - Tự do - Hạnh phúc", "Số: 486/UBND-KGVX Độc lập - Tự do - Hạnh phúc"),
    ("Số: 72ế/KH-UBND", "Số: 72/KH-UBND"),
    ("Số: 1O32/KH-UBND", "Số: 1032/KH-UBND"),  # a digit's glyph: the digit, as before
    ("Số: ó/KH-UBND", "Số: ó/KH-UBND"),  # no digit: nothing guessed
])
def test_number_speck(line: str, want: str) -> None:
    assert _number_glyphs(line, OCR) == want


def test_a_one_line_issuer_beside_the_motto_keeps_its_number_on_a_scan() -> None:
    text = ("UBND TỈNH HÀ TĨNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Số: 486ó/UBND-KGVX Độc lập - Tự do - Hạnh phúc\n"
            "V/v đẩy mạnh phát triển người tham gia bảo hiểm y tế hộ gia đình\n"
            "Hà Tĩnh, ngày 23 tháng 3 năm 2026\n"
            "Kính gửi: Sở Y tế.\n\n"
            "Sở Y tế chỉ đạo các cơ sở khám bệnh nâng cao chất lượng khám bệnh.\n\n"
            "Nơi nhận:\n- Như trên;\n- Lưu: VT, KGVX.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Báu Hà\n")
    ex = extract_document(Document("d", "d.pdf", "d.pdf", pages=[Page(1, "ocr", text, text=text)]))
    assert ex.meta["doc_number"] == "486/UBND-KGVX"
    assert str(ex.meta["issue_date"]) == "2026-03-23"
