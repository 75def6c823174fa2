"""What scans lose that the text keeps (issue 11, round w6scan, the ds348-ds351 batch): a per-mille sign OCR reads as
'%o' (or cuts to '%') in a salinity condition ('khi độ mặn vượt 1‰'), no target; a task table written one cell per
line whose merged lead cell's '-' line OCR dropped (the page's gap tells the column), a blank line OCR left between
its header and its first row, a next heading whose space OCR dropped ('IV.TỔ CHỨC THỰC HIỆN') that ends it; a title
a 'Chương I' heading follows once OCR lost the blank line (or ran it on to the title's line)."""

from __future__ import annotations

import pytest

from extract.header import _without_part, extract_header
from extract.structure import Line, page_lines
from extract.tables import cell_task_lines
from extract.targets import parse_target_text


@pytest.mark.parametrize("text", [
    "Sở Xây dựng chỉ đạo tạm dừng bơm nước thô khi độ mặn vượt 1%o, bảo đảm nước sinh hoạt",  # '‰' read '%o'
    "Sở Xây dựng chỉ đạo tạm dừng bơm nước thô khi độ mặn vượt 1%, bảo đảm nước sinh hoạt",  # its circle cut
    "chỉ lấy nước tưới khi độ mặn ngoài sông dưới 2%",
    "Phấn đấu giảm tỷ suất sinh 0,2%o",  # a per-mille figure: the text's '0,2‰' gives none either
    "tạm dừng sản xuất khi tỷ lệ hao hụt vượt 5%, báo cáo kết quả",  # 'vượt' in a 'khi' clause: a threshold
])
def test_a_per_mille_or_a_condition_threshold_is_no_percentage(text: str) -> None:
    assert parse_target_text(text) == []


@pytest.mark.parametrize(("text", "value"), [
    ("Phấn đấu tỷ lệ hộ dân dùng nước sạch đạt 95%", 95.0),
    ("Phấn đấu giảm 10% diện tích lúa bị nhiễm mặn", 10.0),  # a salinity word, not the figure's measure
    ("Phấn đấu tăng trưởng kinh tế vượt 8%", 8.0),  # 'vượt' outside a condition
])
def test_a_percentage_beside_those_words_stays_a_target(text: str, value: float) -> None:
    got = parse_target_text(text)
    assert [(t["value"], t["unit"]) for t in got] == [(value, "%")]


# as Tesseract read a table whose row 3 has a merged lead cell ('-', dropped by OCR), with a blank line it left after
# the header, and the next heading's space dropped
SCANNED = """STT
Nội dung
Đơn vị chủ trì
Đơn vị phối hợp
Thời gian

1
Rà soát danh sách hộ dân cần sơ tán
Các tổ dân phố
Công an phường
Trước ngày 31/5/2026
2
Kêu gọi tàu thuyền vào nơi neo đậu an toàn
Đồn Biên phòng
Các tổ dân phố
Khi có bão
3
Bố trí lực lượng trực tại các bãi tắm
Công an phường
Khi có bão
IV.TỔ CHỨC THỰC HIỆN"""
# each line's top on the page: row 3's lead line missing, two pitches between its content and 'Công an phường'
_TOPS = [100 + 60 * i + (60 if i >= 18 else 0) for i in range(21)]


def _rows(text: str, tops: list[int] | None) -> list[list[str]]:
    lines = [Line(i, 1, t) for i, t in enumerate(text.splitlines())]
    out = cell_task_lines(lines, {i: y for i, y in enumerate(tops)} if tops else None)
    return [ln.text.split("\t") for ln in out if ln.text.strip("\t").strip() and "\t" in ln.text]


def test_the_gap_where_ocr_dropped_a_merged_lead_cell_leaves_the_lead_empty() -> None:
    rows = _rows(SCANNED, _TOPS)
    assert [r[0] for r in rows] == ["STT", "1", "2", "3"]  # past the blank line after the header
    # the lead empty (it takes the one above, as the text's '-' does), the coordinator in its column
    assert rows[3][1:] == ["Bố trí lực lượng trực tại các bãi tắm", "", "Công an phường", "Khi có bão"]
    # the heading OCR ran together ends the table: no cell of the last row
    assert all("TỔ CHỨC" not in c for r in rows for c in r)


def test_without_the_page_the_short_row_is_not_guessed_from_the_gap() -> None:
    rows = _rows(SCANNED, None)
    assert rows[3][2] != ""  # no positions: the row is read as before (no column told)


def test_a_gap_of_one_pitch_tells_nothing() -> None:
    tops = [100 + 60 * i for i in range(len(SCANNED.splitlines()))]
    rows = _rows(SCANNED, tops)
    assert rows[3][2] != ""


_HEAD = """SỞ GIÁO DỤC VÀ ĐÀO TẠO

Số: 312/HD-SGDĐT

Lào Cai, ngày 20 tháng 4 năm 2026

HƯỚNG DẪN
Tổ chức hoạt động hè năm 2026 cho học sinh
{part}
QUY ĐỊNH CHUNG

1. Hướng dẫn này áp dụng đối với các trường phổ thông."""


@pytest.mark.parametrize("part", ["Chương I", "Phần I", "Chương II."])
def test_a_title_ends_before_a_part_heading_that_follows_it_at_once(part: str) -> None:
    meta = extract_header(page_lines([(1, _HEAD.format(part=part))]), None)
    assert meta["subject"] == "Tổ chức hoạt động hè năm 2026 cho học sinh"


@pytest.mark.parametrize(("title", "want"), [
    ("Tổ chức hoạt động hè cho học sinh Chương I QUY ĐỊNH CHUNG", "Tổ chức hoạt động hè cho học sinh"),
    ("Tổ chức hoạt động hè cho học sinh Chương I", "Tổ chức hoạt động hè cho học sinh"),
    ("Sửa đổi, bổ sung Chương II", "Sửa đổi, bổ sung Chương II"),  # the part it amends
    ("Chương trình chuyển đổi số năm 2026", "Chương trình chuyển đổi số năm 2026"),
])
def test_a_part_heading_run_on_to_the_title_line_is_cut(title: str, want: str) -> None:
    assert _without_part(title) == want
