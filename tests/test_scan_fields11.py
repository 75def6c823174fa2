"""Fields a scan garbles in rows it finds, and the provenance of wrapped rows (issue 11, round 11 of reading scans,
the ds326-ds331 batch): a '|' row whose last cell the page pushed onto a line of its own, or whose deadline it cut
after 'Trước ngày'; the lines such a row takes are its source; a closing formula that bids every unit carry the plan
out is no task; a purpose mark whose 'b' OCR read as another letter with a stem ('(Đ/c)')."""

from __future__ import annotations

import pytest

from extract.letterhead import _purpose
from extract.structure import Line, ocr_pipe_rows
from extract.tasks import closing_to_all
from ingest.records import Document, Page
from tests.conftest import SIGNED_TAIL, official_head, task_triples

PLAN = official_head("KẾ HOẠCH", "84/KH-UBND", "Phòng, chống dịch bệnh động vật năm 2026",
                     issuer="ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU", place="Cà Mau", date="ngày 16 tháng 3 năm 2026")

# a '|' table as Tesseract reads it off the page: row 1's last cell alone on the line under it (the row ended on its
# bar), row 2's deadline cut after 'Trước ngày', row 3's last cell empty above the next part's heading
WRAPPED = """III. NHIỆM VỤ CỤ THỂ
STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực hiện
1 | Kiểm soát vận chuyển động vật, sản phẩm động vật ra, vào địa bàn tỉnh qua các chốt kiểm
dịch đầu mối giao thông | Sở Nông nghiệp và Môi trường | Công an tỉnh; Sở Công Thương |
Thường xuyên
2 | Bố trí kinh phí mua vắc xin, hóa chất tiêu độc khử trùng dự phòng | Sở Tài chính | Sở Y tế | Trước ngày
30/6/2026
3 | Tuyên truyền, hướng dẫn người chăn nuôi thực hiện các biện pháp an toàn sinh học | Sở Y tế | Sở Tài chính |
IV. TỔ CHỨC THỰC HIỆN
Sở Nông nghiệp và Môi trường tổng hợp kết quả thực hiện.
"""


def _lines(text: str, page: int = 1) -> list[Line]:
    return [Line(i, page, t) for i, t in enumerate(text.splitlines())]


def test_ocr_pipe_rows_takes_a_last_cell_pushed_onto_its_own_line() -> None:
    out = ocr_pipe_rows(_lines(WRAPPED), {1})
    rows = [ln.text.split("\t") for ln in out if ln.text.strip("\t").strip() and "\t" in ln.text]
    assert [r[0] for r in rows] == ["STT", "1", "2", "3"]
    assert rows[1][4] == "Thường xuyên"  # the row ended on its bar: the line under it is its last cell
    assert rows[2][4] == "Trước ngày 30/6/2026"  # a date's figures go on with the cell cut before them
    assert rows[3][4] == ""  # an empty last cell never takes the next part's heading
    assert out[8].text == "IV. TỔ CHỨC THỰC HIỆN" and out[4].text == "\t" and out[6].text == "\t"


@pytest.mark.parametrize("line", ["Sở Y tế tổng hợp kết quả thực hiện.", "Nơi nhận:", "2. Sở Tài chính bố trí kinh phí",
                                  "TỔ CHỨC THỰC HIỆN"])
def test_ocr_pipe_rows_last_cell_is_no_sentence_or_heading(line: str) -> None:
    text = ("STT | Nội dung công việc | Đơn vị chủ trì | Thời gian\n1 | Rà soát danh mục cơ sở | Sở Y tế |\n" + line + "\n")
    out = ocr_pipe_rows(_lines(text), {1})
    assert out[2].text == line


def _ocr_doc(text: str) -> Document:
    return Document("d", "d.pdf", "d.pdf", pages=[Page(1, "ocr", text, text=text)])


def test_a_wrapped_pipe_row_on_a_scan_spans_all_its_lines() -> None:
    from extract.core import extract_document

    text = PLAN + "I. MỤC ĐÍCH\nPhòng ngừa dịch bệnh.\n\n" + WRAPPED + SIGNED_TAIL
    ex = extract_document(_ocr_doc(text))
    lines = text.split("\n")
    spans = {t["text"][:10]: (t["line_start"], t["line_end"]) for t in ex.tasks}
    first = lines.index(WRAPPED.splitlines()[2]) + 1  # 1-based
    assert spans["Kiểm soát "] == (first, first + 2)  # the row's three lines, its last cell's own line too
    assert spans["Bố trí kin"] == (first + 3, first + 4)
    assert [t["deadline_text"] for t in ex.tasks] == ["Thường xuyên", "Trước ngày 30/6/2026", None]


@pytest.mark.parametrize(("text", "closing"), [
    ("Thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện Kế hoạch này./.", True),
    ("Chủ tịch Ủy ban nhân dân tỉnh yêu cầu Thủ trưởng các sở, ban, ngành và Chủ tịch Ủy ban nhân dân các xã, phường "
     "nghiêm túc triển khai thực hiện./.", True),
    ("Các sở, ngành nghiêm túc chấp hành Chỉ thị này.", True),
    ("Các sở nghiêm túc thực hiện việc rà soát hồ sơ trước ngày 30/6/2026.", False),  # what to do, and when
    ("Sở Y tế chủ trì, nghiêm túc thực hiện.", False),  # one named agency
])
def test_closing_to_all_bids_every_unit_carry_it_out(text: str, closing: bool) -> None:
    assert closing_to_all("plain", text) is closing
    assert closing_to_all("number", text) is False


def test_a_plans_closing_formula_is_no_task() -> None:
    body = ("I. NHIỆM VỤ\n1. Sở Xây dựng hướng dẫn các xã lập quy hoạch chung xây dựng xã, hoàn thành trước ngày "
            "30/9/2026.\n\nII. TỔ CHỨC THỰC HIỆN\nChủ tịch Ủy ban nhân dân tỉnh yêu cầu Thủ trưởng các sở, ban, ngành "
            "nghiêm túc triển khai thực hiện./.\n")
    tasks = task_triples(PLAN + body + SIGNED_TAIL)
    assert [t["text"][:12] for t in tasks] == ["Sở Xây dựng "]


@pytest.mark.parametrize(("read", "mended"), [
    ("TT Tỉnh ủy, TT HĐND tỉnh (Đ/c)", "TT Tỉnh ủy, TT HĐND tỉnh (b/c)"),
    ("Bộ Y tế (để đ/c)", "Bộ Y tế (để b/c)"),
    ("UBND tỉnh (h/c)", "UBND tỉnh (b/c)"),
    ("Sở Tài chính (Đ/h)", "Sở Tài chính (Đ/h)"),  # 't/h' or 'p/h': no one mark ends so
    ("Sở Tài chính (t/h)", "Sở Tài chính (t/h)"),
    ("Đ/c Nguyễn Văn An", "Đ/c Nguyễn Văn An"),  # a comrade named, no mark in brackets
])
def test_purpose_mark_whose_b_ocr_misread(read: str, mended: str) -> None:
    assert _purpose(read) == mended


@pytest.mark.parametrize(("cell", "names"), [
    ("Sở Nội vụ. Văn phòng Ủy ban nhân dân tỉnh", ["Sở Nội vụ", "Văn phòng Ủy ban nhân dân tỉnh"]),
    ("Văn phòng Ủy ban nhân dân tỉnh. Sở Khoa học và Công nghệ", ["Văn phòng Ủy ban nhân dân tỉnh",
                                                                   "Sở Khoa học và Công nghệ"]),
    ("UBND Tp. Cần Thơ", ["UBND Tp. Cần Thơ"]),  # an abbreviation's stop joins no two names
])
def test_two_leads_ocr_glued_with_a_stop(cell: str, names: list[str]) -> None:
    from extract.agencies import AgencyRegistry

    reg = AgencyRegistry("tỉnh Cà Mau", "Cà Mau", "tỉnh")
    assert [a.name for _, a in reg.resolve_cell(cell)] == names


@pytest.mark.parametrize(("read", "text", "recurrence"), [
    ("Hằngquý", "Hằng quý", "quarterly"),
    ("6thángđầu năm 2026", "6 tháng đầu năm 2026", "once"),
    ("6 thángđầunăm 2026", "6 tháng đầu năm 2026", "once"),
    ("Thườngxuyên", "Thường xuyên", "ongoing"),
    ("QuýII/2026", "Quý II/2026", "once"),
    ("Trướcngày 30/6/2026", "Trước ngày 30/6/2026", "once"),
    ("Tháng 02/2026", "Tháng 02/2026", "once"),  # spaced as printed: unchanged
])
def test_deadline_words_ocr_ran_together_are_spaced(read: str, text: str, recurrence: str) -> None:
    from extract.deadlines import parse_deadline

    got, printed = parse_deadline(read), parse_deadline(text)
    assert got.text == text
    assert (got.date, got.recurrence, got.quarter) == (printed.date, printed.recurrence, printed.quarter)
    assert got.recurrence == recurrence


def test_a_quarter_ocr_read_stroke_by_stroke() -> None:
    """'Quý 11/2026' (Tesseract's 'Quý II/2026' on ds327's scan): no quarter is numbered 11, its strokes are II's."""
    from extract.deadlines import find_deadline, parse_deadline

    assert (parse_deadline("Quý 11/2026").quarter, str(parse_deadline("Quý 11/2026").date)) == (2, "2026-06-30")
    assert parse_deadline("Quý 111/2026").quarter == 3
    assert parse_deadline("Quý 11/2026").recurrence == "once"  # never 'quarterly' for a quarter's number misread
    assert find_deadline("Sở Y tế rà soát, hoàn thành trong Quý 11/2026.") == "trong Quý 11/2026"
    assert (parse_deadline("Quý 1V/2026").quarter, str(parse_deadline("Quý 1V/2026").date)) == (4, "2026-12-31")
