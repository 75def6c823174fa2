"""The issue date of a scanned header (issue 11, round xscan15): 'ngày' read 'nqày', a year's digit read as a letter
('2O26'), the date line broken over two lines (extract.header.scan_year, extract.header._date_lines); the date is
found again where it was read (extract.header_fields). A date the scan does not show stays null. A number's digits
read as glyphs ('Số: O9/…', '8ó2'; header._number_glyphs); distribution items a scan glued, wrapped or garbled
(extract.letterhead)."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.core import extract_document
from extract.header import _number_glyphs, scan_year
from extract.letterhead import _item_head
from extract.patterns import load_json
from ingest.records import Document, Page

_HEAD = ("UBND TỈNH CAO BẰNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
         "Số: 5086/UBND-KT Độc lập - Tự do - Hạnh phúc\n")
_BODY = ("\nV/v khắc phục sạt lở trên các tuyến đường tỉnh\n"
         "Kính gửi: Sở Xây dựng.\n\n"
         "Sở Xây dựng chủ trì kiểm tra các điểm sạt lở trên các tuyến đường tỉnh.\n\n"
         "Nơi nhận:\n- Như trên;\n- Lưu: VT, KT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nHoàng Văn Thạch\n")


def _run(head: str) -> tuple[dict, list]:
    text = head + _BODY
    ex = extract_document(Document("d", "d.pdf", "d.pdf", pages=[Page(1, "ocr", text, text=text)]))
    return ex.meta, ex.header_fields


@pytest.mark.parametrize(("read", "want"), [
    ("2026", 2026), ("2O26", 2026), ("2o26", 2026), ("2OZ6", 2026), ("2O2G", 2026), ("2O2b", 2026), ("2O1S", 2015),
    ("2O2B", 2028),
    ("OO26", None),  # its first glyph no digit: not read
    ("2OOO", None),  # one digit read as a digit: not guessed
    ("2O2X", None),  # a glyph that stands for no digit
    ("2ZZZ", None),
    ("3O26", None),  # no year of a document
    ("202", None),
])
def test_scan_year(read: str, want: int | None) -> None:
    assert scan_year(read) == want


@pytest.mark.parametrize("date", [
    "Cao Bằng, nqày 18 tháng 8 năm 2026",  # the g of 'ngày' read q
    "Cao Bằng, ngày 18 tháng 8 năm 2O26",  # a 0 of the year read O
    "Cao Bằng, ngày 18 tháng 8 năm 2O2G",
    "Cao Bằng, ngày 18 tháng 8\nnăm 2026",  # broken before its year
    "Cao Bằng, ngày 18\ntháng 8 năm 2026",  # broken after its day
    "Độc lập - Tự do - Hạnh phúc Cao Bằng,\nngày 18 tháng 8 năm 2026",  # the place left on the motto's line
    "Cao Bằng. ngày 18 tháng 8 năm 2026",  # the place's comma read as a stop
    "Cao Bằng, ngày 18 tháng § năm 2026",
])
def test_scanned_date_line(date: str) -> None:
    head = _HEAD.replace("Độc lập - Tự do - Hạnh phúc\n", "") if date.startswith("Độc lập") else _HEAD
    meta, rows = _run(head + date)
    assert meta["issue_place"] == "Cao Bằng"
    assert meta["issue_date"] == dt.date(2026, 8, 18)
    row = next(r for r in rows if r["field"] == "issue_date")
    assert row["line_start"] is not None  # found again where it was read


@pytest.mark.parametrize(("date", "want"), [
    ("Cao Bằng, ngày Ø7 tháng 8 năm 2026", dt.date(2026, 8, 7)),  # a slashed zero
    ("Cao Bằng, ngày 1ó tháng 8 năm 2026", dt.date(2026, 8, 16)),  # a 6 read 'ó' (folded it is an 'o', no 0)
    ("Cao Bằng, ngày 18 tháng 1B năm 2026", None),  # no month 18: none guessed
])
def test_scanned_day_and_month_glyphs(date: str, want: dt.date | None) -> None:
    meta, rows = _run(_HEAD + date)
    assert meta["issue_date"] == want
    if want:
        assert next(r for r in rows if r["field"] == "issue_date")["line_start"] is not None


def test_a_six_read_o_acute_inside_a_number() -> None:
    meta, _ = _run(_HEAD.replace("5086", "8ó2") + "Cao Bằng, ngày 18 tháng 8 năm 2026")
    assert meta["doc_number"] == "862/UBND-KT"


@pytest.mark.parametrize("date", [
    "Cao Bằng, ngày 18 tháng 8 năm 2OOO",  # the year's digits lost: no year guessed
    "Cao Bằng, ngày 18 tháng 8 năm OO2O",
])
def test_no_date_guessed(date: str) -> None:
    meta, _ = _run(_HEAD + date)
    assert meta["issue_date"] is None


def test_a_date_broken_over_lines_is_not_joined_to_other_text() -> None:
    # the year on the next line but not at its start: no date of two lines (the body's first date is no issue date)
    meta, _ = _run(_HEAD + "Cao Bằng, ngày 18 tháng 8\nKính gửi các sở năm 2026")
    assert meta["issue_date"] is None


_SIG = "\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nHoàng Văn Thạch\n"


@pytest.mark.parametrize(("closing", "want"), [
    # the filing line glued to the last item after its ';'
    ("- Như trên;\n- Công an tỉnh; Lưu: VT, KT.", ["Như trên", "Công an tỉnh", "Lưu: VT, KT"]),
    # an item's purpose mark wrapped onto a line of its own
    ("- Như trên;\n- TT Tỉnh ủy, TT HĐND tỉnh\n(b/c);\n- Lưu: VT, KT.",
     ["Như trên", "TT Tỉnh ủy, TT HĐND tỉnh (b/c)", "Lưu: VT, KT"]),
    # an item's last words on the line below (a place's name, not the signer's)
    ("- Như trên;\n- Báo và Phát thanh, Truyền hình\nCao Bằng;\n- Lưu: VT, KT.",
     ["Như trên", "Báo và Phát thanh, Truyền hình Cao Bằng", "Lưu: VT, KT"]),
    # an item closed with its ';' above: a line without a dash below is an item of its own, as before
    ("- Như trên;\n- Công an tỉnh;\nSở Y tế;\n- Lưu: VT, KT.", ["Như trên", "Công an tỉnh", "Sở Y tế", "Lưu: VT, KT"]),
    # an item whose ';' the scan lost above a body's name: two items, as before
    ("- Như trên;\n- Sở Nội vụ\n- Sở Tài chính;\n- Lưu: VT, KT.", ["Như trên", "Sở Nội vụ", "Sở Tài chính", "Lưu: VT, KT"]),
    ("- Như trên;\n- Sở Nội vụ\nSở Tài chính;\n- Lưu: VT, KT.", ["Như trên", "Sở Nội vụ", "Sở Tài chính", "Lưu: VT, KT"]),
    # a list without its filing line: the signature block below is no item's last words
    ("- Như trên;\n- Công an tỉnh", ["Như trên", "Công an tỉnh"]),
])
def test_scanned_distribution_items(closing: str, want: list[str]) -> None:
    meta, _ = _run(_HEAD + "Cao Bằng, ngày 18 tháng 8 năm 2026" + _BODY.split("Nơi nhận:")[0] + "Nơi nhận:\n"
                   + closing + _SIG)
    assert meta["distribution"] == want
    assert meta["signer"] == "Hoàng Văn Thạch"


@pytest.mark.parametrize(("read", "want"), [
    ("=Cl CáCPC | UBND tỉnh", "CT, các PCT UBND tỉnh"),  # the head-and-deputies abbreviations garbled
    ("CVPCACECVE", "CVP, các PCVP"),  # run together
    ("CVP các PCYVE", "CVP, các PCVP"),
    ("Các PCT UBND tỉnh", "Các PCT UBND tỉnh"),  # words read whole: another item, kept
    ("VP, các PVP", "VP, các PVP"),  # a pair read whole, kept
    ("NC, các PCT", "NC, các PCT"),  # its deputies read whole: the pair rule's
    ("CT, PCT UBND tỉnh", "CT, PCT UBND tỉnh"),
    ("VP CT(VL", "VP CT(VL"),  # too far from any pair: kept as read
])
def test_garbled_head_and_deputies(read: str, want: str) -> None:
    assert _item_head(read) == want


@pytest.mark.parametrize(("line", "want"), [
    ("Số: O9/CT-UBND", "Số: 09/CT-UBND"),  # a number's first digit read as a round glyph
    ("Số: Ø8/CT-UBND", "Số: 08/CT-UBND"),
    ("Số: B6/KH-UBND", "Số: 86/KH-UBND"),
    ("Số: 8ó2/SGDĐT-KHTC", "Số: 862/SGDĐT-KHTC"),  # 'ó' between digits
    ("Số: S6/KH-UBND", "Số: S6/KH-UBND"),  # 'S' first: a 5 or an 8, not guessed
    ("Số: I15/KH-UBND", "Số: I15/KH-UBND"),  # a stroke first: a speck or a 1, not guessed
    ("Số: OO/KH-UBND", "Số: OO/KH-UBND"),  # no digit read as a digit
])
def test_number_first_glyph(line: str, want: str) -> None:
    assert _number_glyphs(line, load_json("header.json")["digit_ocr"]) == want


def test_a_subjects_tail_in_small_letters_is_no_type_line() -> None:
    head = _HEAD + "Cao Bằng, ngày 18 tháng 8 năm 2026"
    text = head.replace("Số: 5086/UBND-KT Độc lập", "Số: 5086/UBND-KT\nĐộc lập") + _BODY.replace(
        "V/v khắc phục sạt lở trên các tuyến đường tỉnh\n", "V/v đẩy mạnh cung cấp dịch vụ công trực tuyến\ntoàn trình\n")
    ex = extract_document(Document("d", "d.pdf", "d.pdf", pages=[Page(1, "ocr", text, text=text)]))
    assert ex.meta["doc_type"] == "CÔNG VĂN"
    assert ex.meta["subject"] == "đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình"
