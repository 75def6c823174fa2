"""A task table written one cell per line whose rows a scan breaks up (issue 11, round w5scan, the ds338-ds341
batch): OCR dropped a row's empty-cell '-' line and misread the next row's number ('3' as '_'), so the row holds one
cell short and ends on its deadline; the next row's lines are never taken as this row's cells or deadline."""

from __future__ import annotations

from extract.structure import Line
from extract.tables import _short_row_done, cell_task_lines

# as Tesseract read it: row 2's '-' (no coordinator) dropped, row 3's number read '_'
BROKEN = """STT
Nội dung công việc
Đơn vị chủ trì
Đơn vị phối hợp
Thời gian hoàn thành
1
Lập danh mục hồ sơ cần số hóa
Phòng Hành chính
Văn phòng
Quý I/2026
2
Số hóa hồ sơ lưu trữ của cơ quan
Phòng Lưu trữ
Trước ngày 30/4/2026
_
Kiểm tra chất lượng dữ liệu số hóa
Thanh tra
Phòng Lưu trữ
Tháng 6/2026
III. TỔ CHỨC THỰC HIỆN"""


def _rows(text: str) -> list[list[str]]:
    out = cell_task_lines([Line(i, 1, t) for i, t in enumerate(text.splitlines())])
    return [ln.text.split("\t") for ln in out if ln.text.strip("\t").strip() and "\t" in ln.text]


def test_a_row_one_cell_short_ending_on_its_deadline_stops_at_the_next_number() -> None:
    rows = _rows(BROKEN)
    assert [r[0] for r in rows] == ["STT", "1", "2", "3"]  # '_' is the number after 2
    assert rows[2][1:] == ["Số hóa hồ sơ lưu trữ của cơ quan", "Phòng Lưu trữ", "", "Trước ngày 30/4/2026"]
    assert rows[3][1:] == ["Kiểm tra chất lượng dữ liệu số hóa", "Thanh tra", "Phòng Lưu trữ", "Tháng 6/2026"]


def test_the_short_row_rule_needs_its_deadline_last_and_taken() -> None:
    fields = ["no", "text", "lead", "support", "deadline"]
    after = [Line(0, 1, "Kiểm tra chất lượng dữ liệu số hóa")]
    row = ["Số hóa hồ sơ", "Phòng Lưu trữ", "Trước ngày 30/4/2026"]
    assert _short_row_done("_", row, fields, after)
    assert _short_row_done("3", row, fields, after)
    assert not _short_row_done("_", ["Số hóa hồ sơ", "Phòng Lưu trữ", "Văn phòng"], fields, after)  # no deadline yet
    assert not _short_row_done("_", row[:2] + ["Văn phòng", "Trước ngày 30/4/2026"], fields, after)  # row full
    assert not _short_row_done("_", row, ["no", "text", "lead", "deadline", "support"], after)  # deadline not last
    assert not _short_row_done("_", row, fields, [Line(0, 1, "")])  # nothing follows
    assert not _short_row_done("Văn phòng Sở", row, fields, after)  # no number
