"""Tables of issue 11, round w8tbl (batch 99): a targets table written one cell per line with milestone columns
('Đến năm 2027' / 'Đến năm 2030') and units in its rows, whose indicator a line break wraps over two lines and whose
'-' cells give no target (on a scan OCR may leave such a cell a blank line); a scan's '%' unit cell OCR trailed with a
mark ('%o'). Each rule has its own case; the last goes through the real extractor."""

from __future__ import annotations

from extract.structure import Line
from extract.tables import _cell_per_line
from extract.targets import _OCR_PERCENT
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nNguyễn Văn Bình\n"


def _lines(text: str) -> list[Line]:
    return [Line(k, 1, t) for k, t in enumerate(text.split("\n"))]


_HEAD = "STT\nChỉ tiêu\nĐơn vị tính\nĐến năm 2027\nĐến năm 2030\n"


def test_an_indicator_wrapped_over_two_lines_is_one_cell_and_the_table_goes_on() -> None:
    """A row whose indicator goes on onto a line of words takes that line into its name cell (its row then ends where
    the next row's number stands); the rows after it are kept; a '-' cell stays a cell."""
    got = _cell_per_line(_lines(_HEAD + "1\nSố trường đạt chuẩn quốc gia\nTrường\n40\n55\n2\nTỷ lệ phòng học được\n"
                                "kiên cố hóa\n%\n-\n100\n3\nSố thư viện số\nThư viện\n5\n12"), 0)
    assert got is not None
    rows, end = got
    assert [r for _, r in rows][1:] == ["1\tSố trường đạt chuẩn quốc gia\tTrường\t40\t55",
                                        "2\tTỷ lệ phòng học được kiên cố hóa\t%\t-\t100",
                                        "3\tSố thư viện số\tThư viện\t5\t12"]
    assert end == 21
    # (a row of its full width that ends at the next number is never re-cut: a lower-case unit stays the unit)
    got = _cell_per_line(_lines(_HEAD + "1\nChiều dài đường giao thông\nkm\n12\n30\n2\nSố cầu\ncầu\n3\n8"), 0)
    assert got is not None and [r for _, r in got[0]][1:] == ["1\tChiều dài đường giao thông\tkm\t12\t30",
                                                             "2\tSố cầu\tcầu\t3\t8"]


def test_a_dash_cell_ocr_left_blank_is_an_empty_cell_before_a_figure() -> None:
    """On a scan a '-' cell may come out as a blank line: past the unit and before a figure it is an empty cell, the
    row and the table go on; a blank line after the row's last figure still ends the table."""
    got = _cell_per_line(_lines(_HEAD + "1\nSố chợ được cải tạo\nChợ\n\n6\n2\nSố siêu thị\nSiêu thị\n2\n4\n\nĐiều 2."), 0)
    assert got is not None
    rows, end = got
    assert [r for _, r in rows][1:] == ["1\tSố chợ được cải tạo\tChợ\t\t6", "2\tSố siêu thị\tSiêu thị\t2\t4"]
    assert end == 15
    # (a wrapped indicator's row whose '-' cell OCR left blank)
    got = _cell_per_line(_lines(_HEAD + "1\nSố chợ được cải tạo\nChợ\n3\n6\n2\nSố siêu thị đạt chuẩn\nvăn minh\n"
                                "Siêu thị\n\n4\n3\nSố cửa hàng tiện lợi\nCửa hàng\n10\n25"), 0)
    assert got is not None and [r for _, r in got[0]][2:] == ["2\tSố siêu thị đạt chuẩn văn minh\tSiêu thị\t\t4",
                                                             "3\tSố cửa hàng tiện lợi\tCửa hàng\t10\t25"]
    # (the last row's last cell left blank: the row is kept with it empty, the blank line ends the table)
    got = _cell_per_line(_lines(_HEAD + "1\nSố chợ được cải tạo\nChợ\n6\n9\n2\nSố siêu thị\nSiêu thị\n4\n\nĐiều 2."), 0)
    assert got is not None and [r for _, r in got[0]][1:] == ["1\tSố chợ được cải tạo\tChợ\t6\t9",
                                                             "2\tSố siêu thị\tSiêu thị\t4\t"]


def test_a_percent_unit_cell_ocr_trailed_with_a_mark() -> None:
    assert all(_OCR_PERCENT.match(u) for u in ("%o", "%0", "%."))
    assert not any(_OCR_PERCENT.match(u) for u in ("%", "‰", "%/năm", "ha"))


def test_a_resolution_s_milestone_table_one_cell_per_line() -> None:
    """A nghị quyết HĐND's article with a table one cell per line: each figure cell a target with its row's unit in
    small letters and its column's year; a '-' cell and the past figure in the sentence above give none."""
    head = official_head("NGHỊ QUYẾT", "19/NQ-HĐND", "Về chỉ tiêu phát triển giáo dục đến năm 2030",
                         issuer="HỘI ĐỒNG NHÂN DÂN\nTỈNH LÀO CAI", place="Lào Cai", date="ngày 08 tháng 12 năm 2025")
    ex = extract_text(head + "QUYẾT NGHỊ:\n\nĐiều 1. Chỉ tiêu phát triển giáo dục\nNăm 2025 toàn tỉnh có 310 trường đạt "
                      "chuẩn. Chỉ tiêu đến năm 2027 và năm 2030 như sau:\n" + _HEAD
                      + "1\nSố trường đạt chuẩn quốc gia\nTrường\n340\n400\n2\nTỷ lệ phòng học được\nkiên cố hóa\n%\n-\n"
                      "100\n3\nSố thư viện số\nThư viện\n5\n12\n\nĐiều 2. Nghị quyết này có hiệu lực từ ngày 01 tháng 01 "
                      "năm 2026./.\n" + _TAIL)
    assert sorted(target_tuples(ex)) == sorted([(340.0, "trường", 2027), (400.0, "trường", 2030),
                                                (100.0, "%", 2030), (5.0, "thư viện", 2027),
                                                (12.0, "thư viện", 2030)])
