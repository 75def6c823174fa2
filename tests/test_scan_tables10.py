"""Task tables and headings a scan lost where the text kept them (issue 11, round 10 of reading scans, the ds320-ds325
batch): a '|'-separated task table whose rows the OCR'd page wraps over lines and whose header is repeated after a page
number; a danh mục's group rows in capitals under an OCR'd header before any part of the document; numbered task
paragraphs above a table read from the boxes."""

from __future__ import annotations

from extract.core import _above
from extract.provenance import Span
from extract.structure import Line, ocr_pipe_rows, parse_structure
from extract.tasks import TaskDraft
from ingest.records import Document, Page, Word
from tests.conftest import SIGNED_TAIL, official_head

PLAN = official_head("KẾ HOẠCH", "96/KH-UBND", "Bảo đảm an toàn thực phẩm năm 2026", issuer="ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA",
                     place="Thanh Hóa", date="ngày 12 tháng 1 năm 2026")

# a '|' table as Tesseract reads it off the page: rows wrapped at the page's width, the row number '1' read 'I', '5'
# read 'Š', the page number '- 2 -' read 'an.', the header repeated under it
WRAPPED = """II. NHIỆM VỤ CỤ THỂ
Các sở, ngành thực hiện các nhiệm vụ sau:
STT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian | Sản phẩm
I | Rà soát, cập nhật danh mục cơ sở sản xuất thực phẩm thuộc diện cấp giấy chứng
nhận đủ điều kiện | Sở Y tế | Sở Công Thương; Sở Nông nghiệp và Môi trường
| Quý II/2026 | Danh mục được cập nhật
2 | Tổ chức kiểm tra liên ngành an toàn thực phẩm dịp Tết Nguyên đán | Sở Y
tế | Công an tỉnh | Tháng 02/2026 | Báo cáo kết quả kiểm tra
3 | Kiểm soát dư lượng thuốc bảo vệ thực vật trong rau | Sở Nông nghiệp và Môi trường | Ủy ban nhân dân các xã | Thường xuyên | Mẫu kiểm nghiệm đạt
yêu cầu

an.

STT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian | Sản phẩm
Š | Đấu tranh, xử lý hành vi buôn bán thực phẩm không rõ nguồn gốc | Công an tỉnh | Sở Công Thương | Thường xuyên | Số vụ việc

III. TỔ CHỨC THỰC HIỆN
Sở Y tế theo dõi, tổng hợp tình hình thực hiện Kế hoạch.
"""


def _lines(text: str, page: int = 1) -> list[Line]:
    return [Line(i, page, t) for i, t in enumerate(text.splitlines())]


def _ocr_tasks(text: str) -> list[tuple[str, list[str], str | None]]:
    from extract.core import extract_document

    doc = Document("d", "d.pdf", "d.pdf", pages=[Page(1, "ocr", text, text=text)])
    ex = extract_document(doc)
    names = {a["agency_id"]: a["name"] for a in ex.agencies}
    return [(t["text"][:24], [names[x["agency_id"]] for x in ex.task_agencies
                              if x["task_id"] == t["task_id"] and x["role"] == "lead"], t["deadline_text"])
            for t in ex.tasks]


def test_ocr_pipe_rows_joins_a_rows_wrapped_lines() -> None:
    out = ocr_pipe_rows(_lines(WRAPPED), {1})
    rows = [ln.text.split("\t") for ln in out if ln.text.strip("\t").strip() and "\t" in ln.text]
    assert [r[0] for r in rows] == ["STT", "I", "2", "3", "STT", "Š"]
    assert all(len(r) == 6 for r in rows)  # each row has the header's cells
    assert rows[1][2:4] == ["Sở Y tế", "Sở Công Thương; Sở Nông nghiệp và Môi trường"]
    assert rows[2][2] == "Sở Y tế"  # 'Sở Y' / 'tế | …': a cell's tail in small letters opens no row
    assert rows[3][5] == "Mẫu kiểm nghiệm đạt yêu cầu"  # a full row's last cell goes on in small letters
    assert len(out) == len(_lines(WRAPPED)) and [ln.idx for ln in out] == list(range(len(out)))  # lines keep places
    assert out[12].text == ""  # the page number between the table's parts is no paragraph
    assert out[1].text == _lines(WRAPPED)[1].text and out[-1].text == _lines(WRAPPED)[-1].text
    assert ocr_pipe_rows(_lines(WRAPPED), set()) == _lines(WRAPPED)  # pages not OCR'd: pipe_table_lines' work


def test_ocr_pipe_rows_needs_a_tables_header() -> None:
    """A '|' OCR read for a rule, or a line of prose with two bars, opens no table: only a header row does."""
    text = "Tổ chức | kiểm tra | các cơ sở\n1 | Rà soát danh mục | Sở Y tế | Quý II/2026\nSTT | Nội dung\n"
    assert ocr_pipe_rows(_lines(text), {1}) == _lines(text)


def test_ocr_pipe_rows_leaves_a_targets_table_to_the_table_view() -> None:
    """A '|' table of targets by place on a scanned page ('STT | Phường | Số hộ | Tỷ lệ (%)') is no task table: the
    targets' table view reads it with its OCR'd bars (rewriting its rows here lost all of them once merged)."""
    text = ("STT | Phường | Số hộ nghèo | Tỷ lệ hộ nghèo (%) | Số hộ thoát nghèo\n1 | Phường An Biên | 1.204 | 2,15 |"
            " 86\n2 | Phường Lê Chân | 2.310 | 3,05\nI 104\n")
    assert ocr_pipe_rows(_lines(text), {1}) == _lines(text)
    tasks = text.replace("Phường | Số hộ nghèo | Tỷ lệ hộ nghèo (%)", "Nội dung công việc | Đơn vị chủ trì | Thời gian")
    assert ocr_pipe_rows(_lines(tasks), {1}) != _lines(tasks)


def test_a_wrapped_pipe_table_on_a_scanned_page_gives_its_rows() -> None:
    tasks = _ocr_tasks(PLAN + "I. MỤC ĐÍCH\nPhòng ngừa ngộ độc thực phẩm.\n\n" + WRAPPED + SIGNED_TAIL)
    assert tasks == [
        ("Rà soát, cập nhật danh m", ["Sở Y tế"], "Quý II/2026"),
        ("Tổ chức kiểm tra liên ng", ["Sở Y tế"], "Tháng 02/2026"),
        ("Kiểm soát dư lượng thuốc", ["Sở Nông nghiệp và Môi trường"], "Thường xuyên"),
        ("Đấu tranh, xử lý hành vi", ["Công an tỉnh"], "Thường xuyên"),
    ]  # the header rows, read twice, no tasks


DECISION = official_head("QUYẾT ĐỊNH", "418/QĐ-UBND", "Ban hành Danh mục nhiệm vụ logistics năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG", place="Hải Phòng", date="ngày 24 tháng 2 năm 2026")
# a danh mục after the signature as Tesseract reads a ruled table whose cells it cannot keep on one line: the header's
# cells run together, the group row's roman 'I' read '|', the lead column's cells on lines of their own
DANH_MUC = """
DANH MỤC
NHIỆM VỤ PHÁT TRIỂN DỊCH VỤ LOGISTICS NĂM 2026

STT Nội dung nhiệm vụ Cơ quanchủ Cơ quan phối hợp Thời gian Sản phẩm
trì hoàn thành
| NHIỆM VỤ VỀ THỂ CHẾ,
CHÍNH SÁCH

Sở Giáo dục
và Đào tạo

Trường Đại học
Hàng hải Việt Nam
"""


def test_a_group_row_under_an_ocr_header_before_any_part_is_no_part() -> None:
    text = DECISION + "Điều 1. Ban hành kèm theo Quyết định này Danh mục nhiệm vụ.\n" + SIGNED_TAIL + DANH_MUC
    lines = _lines(text)
    assert parse_structure(lines).sections == {}  # no plan's parts: the lead cells are no tasks of a part 'I'
    assert [t for t in _ocr_tasks(text) if "Hàng hải" in t[0] or "Sở Giáo dục" in t[0]] == []
    # a plan printed after a quyết định's signature still opens its parts, a table above its title aside
    plan = text + "\nKẾ HOẠCH\nPhát triển logistics năm 2026\n\nI. MỤC ĐÍCH, YÊU CẦU\nPhát triển dịch vụ logistics.\n"
    assert list(parse_structure(_lines(plan)).sections) == ["I"]


def _words(top: int, n: int = 3) -> list[Word]:
    return [Word(1, 1, 1, k, "Sở", 400 + 80 * k, top, 70, 30, 90.0) for k in range(n)]


def test_a_paragraph_well_above_a_box_table_is_prose() -> None:
    """'1. Sở Nông nghiệp và Môi trường rà soát …' above 'STT | Nhiệm vụ | Đơn vị chủ trì' shares most of its words with
    the table's cells: it is still prose over the table (more than three word heights above its first row), not OCR's
    reading of the table's lines; a paragraph OCR made of the rows themselves is covered."""
    row = TaskDraft("appendix", "Xây dựng chuỗi liên kết", 1, -1, None)
    row.words = _words(1000) + _words(1100)
    assert _above(Span(1, 3, 4, 0, 10, (300, 700, 2000, 800)), [row])
    assert not _above(Span(1, 9, 12, 0, 10, (300, 980, 2000, 1150)), [row])  # the rows' own lines
    assert not _above(Span(2, 3, 4, 0, 10, (300, 700, 2000, 800)), [row])  # the table is on another page
    assert not _above(None, [row])


def test_part_numbers_ocr_misread_still_open_their_parts() -> None:
    """'II' read 'H', 'III' 'IH', 'I.' 'L.', 'IV' 'TV', 'Phần II' 'Phần H': the part a plan names opens there (its
    tasks are not read as the goals part's targets); a capital letter over a name or a phrase that is no part's heading
    stays what it was."""
    from extract.structure import _classify

    for text, tok in [("L. MỤC ĐÍCH, YÊU CẦU", "I"), ("IL. MỤC TIÊU", "II"), ("TV. TỔ CHỨC THỰC HIỆN", "IV"),
                      ("[II. NHIỆM VỤ CỤ THỂ", "II"), ("Y. TỔ CHỨC THỰC HIỆN", "V"), ("Phần H", "II"),
                      ("PHẦN IH", "III"), ("Phần Il", "II")]:
        assert _classify(text)[:2] == ("roman", tok), text
    for text in ("L. Lê Văn An", "T. HỘI NGHỊ", "Phần lớn các xã", "Phần 1"):
        assert _classify(text)[0] != "roman", text
    text = ("I. MỤC ĐÍCH\nPhòng ngừa dịch bệnh.\n\nIL. MỤC TIÊU\nTỷ lệ tiêm chủng đạt 95%.\n\nPhần H\nNHIỆM VỤ\n"
            "1. Sở Y tế giám sát dịch bệnh tại cộng đồng.\n")
    st = parse_structure(_lines(text))
    assert [s.label for s in st.sections.values() if s.level == 1] == ["I", "II", "III"]


def test_a_group_title_in_capitals_ends_where_its_first_task_begins() -> None:
    """A group row whose roman number OCR lost ('NHIỆM VỤ VỀ HẠ TẦNG SỐ') right over its first task, whose number OCR
    lost too and whose line fills only the task and lead cells: the task is a row of its own, not glued to the title."""
    from extract.boxes import appendix_rows_from_words
    from tests.test_extract_boxes import table_words

    head = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Sản phẩm"]
    rows = [head, ["1", "Ban hành quy chế phối hợp", "Sở Công Thương", "Sở Tư pháp", "Quý II/2026", "Quy chế"],
            ["", "NHIỆM VỤ VỀ HẠ TẦNG SỐ", "", "", "", ""],
            ["", "Đầu tư nâng cấp tuyến đường kết nối cảng", "Sở Xây dựng", "", "", ""]]
    words = table_words(rows, rulings=False)
    last = max(w.top for w in words)
    for w in words:  # the task's first line right under the title: no row's white band between them
        if w.top == last - 30 or w.top == last:
            object.__setattr__(w, "top", w.top - 16)
    out = [r[2] for r in appendix_rows_from_words(words, 1)]
    texts = [r if isinstance(r, str) else r[1] for r in out]
    assert "NHIỆM VỤ VỀ HẠ TẦNG SỐ" in texts
    assert any(t.startswith("Đầu tư nâng cấp") for t in texts)


def test_a_tables_ocr_header_above_its_rows_is_still_the_tables() -> None:
    """The header OCR ran into one paragraph ('STT Nội dung nhiệm vụ Cơ quan chủ trì …'), with a group row between it
    and the first task, lies more than three word heights above the rows: it is still the table's, no task."""
    from extract.core import _header_like

    assert _header_like("STT Nội dung nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian Sản phẩm thực hiện")
    assert not _header_like("Sở Nông nghiệp và Môi trường rà soát, điều chỉnh quy hoạch vùng nuôi cá tra tập trung, "
                            "hoàn thành trong Quý II/2026.")


def _line(words: list[Word], x: int, y: int, text: str) -> None:
    for tok in text.split():
        words.append(Word(9, y, 1, len(words), tok, x, y, len(tok) * 13, 22, 90.0))
        x += len(tok) * 13 + 6


def test_a_parts_heading_over_and_under_a_body_table_is_no_header_nor_row() -> None:
    """'Phần II' / 'NHIỆM VỤ CỤ THỂ' (centred, in capitals, across the header's gutters) right over a task table in
    the body, 'Phần III' / 'TỔ CHỨC THỰC HIỆN' right under its last row: the header band starts at the header row
    (its columns stay apart) and the table ends at the next part."""
    from extract.boxes import BoxTableReader
    from tests.test_extract_boxes import table_words

    head = ["STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"]
    rows = [head, ["1", "Giám sát dịch bệnh tại cộng đồng", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Thường xuyên"],
            ["2", "Kiểm dịch y tế biên giới", "Sở Y tế", "Công an tỉnh", "Quý II/2026"]]
    words = table_words(rows, top=300, rulings=False)
    _line(words, 100, 200, "Phần II")
    _line(words, 700, 250, "NHIỆM VỤ CỤ THỂ")
    bottom = max(w.top for w in words) + 36
    _line(words, 100, bottom, "Phần III")
    _line(words, 700, bottom + 45, "TỔ CHỨC THỰC HIỆN")
    out = BoxTableReader().rows(words, 1, body=True)
    cells = [r[2] for r in out if not isinstance(r[2], str)]
    assert cells[0] == head
    assert [c[2] for c in cells[1:]] == ["Sở Y tế", "Sở Y tế"]
    assert cells[-1][1] == "Kiểm dịch y tế biên giới"  # no 'Phần' / 'III' in the last row
    assert "Phần III" in [r[2] for r in out if isinstance(r[2], str)]
