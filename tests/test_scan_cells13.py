"""What scans still lose in tasks (issue 11, round w5scan, the ds338-ds341 batch): a task table written one cell per
line whose rows a scan breaks up (OCR dropped a row's empty-cell '-' line and misread the next row's number, '3' as
'_': the row holds one cell short and ends on its deadline, the next row's lines are never this row's cells or
deadline); a deadline with an hour the page wrapped after it ('Trước 16 giờ' / '00 ngày 20/01/2026'), in such a table
and in a '|' table; a closing that opens on its request ('Yêu cầu Thủ trưởng các cơ quan, đơn vị … nghiêm túc thực
hiện Kế hoạch này'), no task."""

from __future__ import annotations

import pytest

from extract.deadlines import cut_deadline
from extract.structure import Line, ocr_pipe_rows
from extract.tables import _garbled_label, _short_row_done, cell_task_lines
from extract.tasks import closing_to_all

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


# a deadline cell the page wrapped after its hour: in a one-cell-per-line table and in a '|' table
HOUR_CELLS = """STT
Nội dung công việc
Đơn vị chủ trì
Đơn vị phối hợp
Thời gian hoàn thành
1
Lập danh mục hồ sơ cần số hóa
Phòng Hành chính
Văn phòng
Trước 16 giờ
00 ngày 13/02/2026
2
Số hóa hồ sơ lưu trữ của cơ quan
Phòng Lưu trữ
-
Trước 10 giờ ngày
31/3/2026
III. TỔ CHỨC THỰC HIỆN"""


def test_a_deadline_cell_wrapped_after_its_hour_is_one_cell() -> None:
    rows = _rows(HOUR_CELLS)
    assert rows[1][1:] == ["Lập danh mục hồ sơ cần số hóa", "Phòng Hành chính", "Văn phòng",
                           "Trước 16 giờ 00 ngày 13/02/2026"]
    assert rows[2][1:] == ["Số hóa hồ sơ lưu trữ của cơ quan", "Phòng Lưu trữ", "", "Trước 10 giờ ngày 31/3/2026"]


def test_cut_deadline_needs_a_cut_cell_and_a_date_together() -> None:
    assert cut_deadline("Trước 16 giờ", "00 ngày 20/01/2026")
    assert cut_deadline("Từ ngày", "15/01/2026")
    assert not cut_deadline("Trước ngày 31/3/2026", "2")  # a whole deadline, then the next row's number
    assert not cut_deadline("Văn phòng Sở", "00 ngày 20/01/2026")  # no cut deadline above
    assert not cut_deadline("Trước 16 giờ", "Phòng Lưu trữ")  # no date's tail


PIPE_HOUR = """STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành
1 | Xây dựng phương án dự trữ hàng hóa thiết yếu dịp Tết | Sở Công Thương | Sở Tài chính | Trước 16 giờ
00 ngày 20/01/2026
2 | Kiểm tra an toàn thực phẩm tại chợ đầu mối | Sở Y tế | Công an tỉnh | Trước 16 gid
0O ngày 28/01/2026
3 | Kiểm soát giết mổ gia súc, gia cầm | Sở Nông nghiệp và Môi trường | Sở Y tế | Thường xuyên
III. TỔ CHỨC THỰC HIỆN"""


def test_ocr_pipe_rows_takes_a_deadline_cut_after_its_hour() -> None:
    out = ocr_pipe_rows([Line(i, 1, t) for i, t in enumerate(PIPE_HOUR.splitlines())], {1})
    rows = [ln.text.split("\t") for ln in out if ln.text.strip("\t").strip() and "\t" in ln.text]
    assert [r[0] for r in rows] == ["STT", "1", "2", "3"]
    assert rows[1][4] == "Trước 16 giờ 00 ngày 20/01/2026"
    assert rows[2][4] == "Trước 16 gid 0O ngày 28/01/2026"  # OCR's garbles kept; the date still read
    assert out[2].text == "\t" and out[4].text == "\t"


def test_ocr_pipe_rows_no_hour_cut_no_join() -> None:
    text = PIPE_HOUR.replace("Trước 16 giờ\n00 ngày 20/01/2026", "Trước ngày 20/01/2026\n00 ngày tiếp theo")
    out = ocr_pipe_rows([Line(i, 1, t) for i, t in enumerate(text.splitlines())], {1})
    assert out[1].text.split("\t")[4] == "Trước ngày 20/01/2026"
    assert out[2].text == "00 ngày tiếp theo"


@pytest.mark.parametrize("text", [
    "Yêu cầu Thủ trưởng các cơ quan, đơn vị, Chủ tịch Ủy ban nhân dân các xã, phường nghiêm túc thực hiện Kế hoạch này.",
    "Yêu cầu Thủ trưởng các phòng, đơn vị thuộc Sở nghiêm túc thực hiện Kế hoạch này.",
    "Đề nghị các sở, ngành, địa phương nghiêm túc thực hiện.",
])
def test_a_closing_that_opens_on_its_request_is_no_task(text: str) -> None:
    assert closing_to_all("plain", text)
    assert not closing_to_all("item", text)  # a numbered item so worded is one


def test_a_request_with_work_of_its_own_is_a_task() -> None:
    assert not closing_to_all("plain", "Yêu cầu các sở rà soát danh mục dự án, báo cáo trước ngày 30/6/2026.")


# the table's 'TT' label OCR misread ('ý bí È', 'TÌ'), a header cell with a rule read ' :' after it
GARBLED_LABEL = """II. NHIỆM VỤ
{label}
Nhiệm vụ{colon}
Đơn vị thực hiện
Thời gian
1
Tổ chức chiến dịch diệt bọ gậy tại các thôn
Trạm Y tế xã
Tháng 5/2026
2
Phun hóa chất diệt muỗi tại các ổ dịch
Trạm Y tế xã
Khi có ổ dịch
III. TỔ CHỨC THỰC HIỆN"""


@pytest.mark.parametrize(("label", "colon"), [("ý bí È", ""), ("TÌ", " :"), ("TT", " :")])
def test_a_cell_table_under_a_garbled_label_is_read(label: str, colon: str) -> None:
    rows = _rows(GARBLED_LABEL.format(label=label, colon=colon))
    assert rows[0] == ["STT" if label != "TT" else "TT", "Nhiệm vụ", "Đơn vị thực hiện", "Thời gian"]
    assert [r[1] for r in rows[1:]] == ["Tổ chức chiến dịch diệt bọ gậy tại các thôn", "Phun hóa chất diệt muỗi tại các ổ dịch"]
    assert rows[2][3] == "Khi có ổ dịch"


def test_a_garbled_label_needs_the_first_row_under_its_header() -> None:
    # a short line over lines of words that open no numbered row: no table
    text = GARBLED_LABEL.format(label="ý bí È", colon="").replace("\n1\n", "\nTổ chức thực hiện tốt\n", 1)
    assert _rows(text) == []
    assert not _garbled_label("Sở Y tế")  # a word of three letters
    assert not _garbled_label("2")  # a row's number
    assert _garbled_label("ý bí È") and _garbled_label("TÌ")
