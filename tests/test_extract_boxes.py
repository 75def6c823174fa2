"""Appendix tables rebuilt from OCR word boxes (scanned pages)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from extract import extract_document
from extract.agencies import AgencyRegistry
from extract.boxes import appendix_rows_from_words, cell_starts, visual_lines
from extract.deadlines import parse_deadline
from extract.tasks import parse_table_rows
from ingest.records import Document, Page, Word

COLS = [100, 420, 900, 1120, 1420, 1720]  # left edges of the six template columns (px)
WIDTH = 290  # wrap width of a cell (px)
CHAR = 13
H = 22
PITCH = 30


def _cell_lines(text: str, width: int = WIDTH) -> list[str]:
    if "\n" in text:  # paragraphs of one cell, each from a new line
        return [ln for para in text.split("\n") for ln in _cell_lines(para, width)]
    lines, cur = [], ""
    for w in text.split():
        if cur and (len(cur) + 1 + len(w)) * CHAR > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    return [*lines, cur] if cur else lines


def table_words(rows: list[list[str]], top: int = 200, rulings: bool = True) -> list[Word]:
    """Words laid out like a ruled table: cells wrap, rows stack, '|' where rulings are misread."""
    words: list[Word] = []
    y = top
    n = 0
    for r_i, row in enumerate(rows):
        cells = [_cell_lines(c, min(WIDTH, nxt - left - 24)) for c, left, nxt in zip(row, COLS, [*COLS[1:], 2100], strict=False)]
        depth = max(len(c) for c in cells) or 1
        for c_i, lines in enumerate(cells):
            for l_i, line in enumerate(lines):
                x = COLS[c_i] + 8
                for w_i, w in enumerate(line.split()):
                    text = f"|{w}" if rulings and w_i == 0 and c_i and (r_i + l_i) % 3 == 0 else w
                    words.append(Word(1, r_i, l_i, w_i, text, x, y + l_i * PITCH, len(w) * CHAR, H, 90.0))
                    x += len(w) * CHAR + 6  # a space is about a quarter of the line height
                    n += 1
        y += depth * PITCH + 16
    return words


HEADER = ["Nhiệm vụ chung", "Nhiệm vụ cụ thể", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp",
          "Thời gian hoàn thành"]
ROWS = [
    ["1", "2", "3", "4", "5", "6"],
    ["I. Công tác chỉ đạo điều hành", "1. Xây dựng kế hoạch CCHC hàng năm", "Kế hoạch",
     "Phòng Văn hóa – Xã hội", "Các cơ quan, đơn vị liên quan", "Hàng năm"],
    ["", "2. Thực hiện kiểm tra công vụ hàng năm và báo cáo kết quả về UBND xã", "Kế hoạch, báo cáo",
     "Phòng Văn hóa – Xã hội", "Các cơ quan, đơn vị liên quan", "Quý II hàng năm"],
    ["II. Cải cách thể chế", "3. Kiểm tra theo dõi thi hành pháp luật", "Kế hoạch, Quyết định",
     "Văn phòng HĐND và UBND xã", "Phòng Kinh tế, Trung tâm Phục vụ hành chính công", "31/12/2026"],
]


def test_visual_lines_and_cell_starts() -> None:
    words = table_words([HEADER, *ROWS])
    lines = visual_lines(words)
    assert len(lines) >= 8
    starts = cell_starts(lines, H)
    assert len(starts) == 6
    assert all(abs(s - (c + 8)) < H for s, c in zip(starts, COLS, strict=True))


def test_rows_from_boxes() -> None:
    rows = appendix_rows_from_words(table_words([HEADER, *ROWS]), page_no=3)
    assert rows[0][2] == HEADER
    reg = AgencyRegistry("xã Thạnh Phú", "Cần Thơ", "xã")
    drafts = parse_table_rows(rows, "PL", reg)
    assert [d.task_no for d in drafts] == ["1", "2", "3"]
    assert drafts[1].text == "Thực hiện kiểm tra công vụ hàng năm và báo cáo kết quả về UBND xã"
    assert drafts[1].deadline_text == "Quý II hàng năm"
    assert drafts[2].group == "Cải cách thể chế"
    assert drafts[2].support == [("Phòng Kinh tế, Trung tâm Phục vụ hành chính công", "")]
    assert all(d.page_no == 3 for d in drafts)


def test_header_partly_lost_uses_template_order() -> None:
    # OCR dropped most header words: only 'Nhiệm vụ chung Nhiệm vụ cụ thể' survived
    words = [w for w in table_words([HEADER, *ROWS]) if w.top > 200 or w.left < 600]
    rows = appendix_rows_from_words(words, page_no=1)
    drafts = parse_table_rows(rows, "PL", AgencyRegistry("xã Thạnh Phú", "Cần Thơ", "xã"))
    assert [d.task_no for d in drafts] == ["1", "2", "3"]
    assert drafts[0].lead == [("Phòng Văn hóa – Xã hội", "")]


@pytest.mark.parametrize("method", ["ocr", "ocr_replaced_layer"])  # a scanner's layer replaced by OCR is OCR too
def test_extract_document_uses_boxes_on_ocr_pages(method: str) -> None:
    body = "UỶ BAN NHÂN DÂN\nXÃ THẠNH PHÚ\n\nKẾ HOẠCH\nCải cách hành chính năm 2026\n\nI. MỤC ĐÍCH\n\nNội dung.\n"
    table_page_text = "PHỤ LỤC\nNhiem vu chung Nhiem vu cu the San pham ... (garbled OCR text of the table)\n"
    words = table_words([HEADER, *ROWS], top=300)
    doc = Document("scan", "scan.pdf", "scan.pdf", pages=[
        Page(1, method, body, text=body),
        Page(2, method, table_page_text, words=words, text=table_page_text),
    ])
    ex = extract_document(doc)
    tasks = [t for t in ex.tasks if t["source"] == "appendix"]
    assert [t["task_no"] for t in tasks] == ["1", "2", "3"]
    assert tasks[2]["deadline_date"] == dt.date(2026, 12, 31) and tasks[2]["page_no"] == 2
    names = {a["agency_id"]: a["name"] for a in ex.agencies}
    support3 = {names[x["agency_id"]] for x in ex.task_agencies if x["task_id"] == tasks[2]["task_id"]
                and x["role"] == "support"}
    assert support3 == {"Phòng Kinh tế", "Trung tâm Phục vụ hành chính công"}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_real_ocr_of_simulated_scan() -> None:
    pytesseract = pytest.importorskip("pytesseract")
    if "vie" not in pytesseract.get_languages():
        pytest.skip("tesseract 'vie' data missing")
    from devkit.synth import render_pages

    text = "PHỤ LỤC\n" + "\n".join("\t".join(r) for r in [HEADER, *ROWS])
    img = render_pages(text, dpi=200, seed=0, degrade="light")[0]
    d = pytesseract.image_to_data(img, lang="vie", output_type=pytesseract.Output.DICT)
    words = [
        Word(d["block_num"][i], d["par_num"][i], d["line_num"][i], d["word_num"][i], d["text"][i], d["left"][i],
             d["top"][i], d["width"][i], d["height"][i], float(d["conf"][i]))
        for i in range(len(d["text"])) if d["text"][i].strip()
    ]
    rows = appendix_rows_from_words(words, 1)
    drafts = parse_table_rows(rows, "PL", AgencyRegistry("xã Thạnh Phú", "Cần Thơ", "xã"))
    assert [d.task_no for d in drafts] == ["1", "2", "3"]
    assert parse_deadline(drafts[0].deadline_text).recurrence == "annual"  # OCR may read 'Hàng nắm'
    assert parse_deadline(drafts[2].deadline_text).date == dt.date(2026, 12, 31)
    reg = AgencyRegistry("xã Thạnh Phú", "Cần Thơ", "xã")
    assert reg.resolve(drafts[2].lead[0][0]).name == "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"


def test_table_continues_on_next_page_without_header() -> None:
    page2_rows = [
        ["", "4. Báo cáo thực hiện giải ngân kế hoạch đầu tư vốn ngân sách nhà nước hàng năm", "Báo cáo",
         "Phòng Kinh tế", "Các cơ quan, đơn vị liên quan", "Quý I hàng năm"],
        ["III. Cải cách TTHC", "5. Rà soát, bổ sung các TTHC toàn trình", "Quyết định",
         "Trung tâm Phục vụ hành chính công", "Các cơ quan, đơn vị liên quan", "Thường xuyên"],
    ]
    doc = Document("scan", "scan.pdf", "scan.pdf", pages=[
        Page(1, "ocr", "I. MỤC ĐÍCH\n\nNội dung.\n\nPHỤ LỤC\n", words=table_words([HEADER, *ROWS], top=400),
             text="I. MỤC ĐÍCH\n\nNội dung.\n\nPHỤ LỤC\n"),
        Page(2, "ocr", "(table)", words=table_words(page2_rows, top=150), text="(table)"),
    ])
    tasks = [t for t in extract_document(doc).tasks if t["source"] == "appendix"]
    assert [t["task_no"] for t in tasks] == ["1", "2", "3", "4", "5"]
    assert (tasks[3]["page_no"], tasks[3]["recurrence"], tasks[3]["task_group"]) == (2, "annual", "Cải cách thể chế")
    assert tasks[4]["task_group"] == "Cải cách TTHC" and tasks[4]["recurrence"] == "ongoing"


def test_group_row_spilling_into_task_column_and_toned_roman() -> None:
    rows = [
        ["II Cải cách", "thể chế", "", "", "", ""],
        ["", "§. Kiểm tra theo dõi thi hành pháp luật", "Kế hoạch", "Văn phòng HĐND và UBND xã",
         "Các cơ quan, đơn vị liên quan", "Thường xuyên"],
        ["VỊ. Cải cách tài chính công", "9. Báo cáo giải ngân vốn đầu tư công", "Báo cáo", "Phòng Kinh tế",
         "Các cơ quan, đơn vị liên quan", "Quý I hàng năm"],
    ]
    words = table_words([HEADER, *rows], rulings=False)
    drafts = parse_table_rows(appendix_rows_from_words(words, 1), "PL", AgencyRegistry("xã Thạnh Phú", "Cần Thơ", "xã"))
    assert [(d.task_no, d.group) for d in drafts] == [("8", "Cải cách thể chế"), ("9", "Cải cách tài chính công")]


def test_tasks_stacked_in_one_table_row_get_their_own_cells() -> None:
    # seed 004's rows 25/26 and 27/28: two numbered tasks as paragraphs of one cell, the other cells'
    # paragraphs stacked at the top of the row (no white band between them)
    rows = [
        ["", "24. Nâng cao hiệu quả hoạt động của Trung tâm Phục vụ hành chính công xã", "Điểm số",
         "Trung tâm Phục vụ hành chính công", "Các cơ quan, đơn vị liên quan", "Thường xuyên"],
        ["", "25. Rà soát, bổ sung các TTHC toàn trình\n26. Thực hiện việc kết nối, chia sẻ cơ sở dữ liệu giữa "
             "Hệ thống thông tin giải quyết TTHC của xã với Cổng dịch vụ công quốc gia",
         "Quyết định\nĐiểm số các chỉ số: Công khai minh bạch", "Trung tâm Phục vụ hành chính công\nTrung tâm Phục vụ "
         "hành chính công", "Các cơ quan, đơn vị liên quan\nVăn phòng HĐND và UBND", "Thường xuyên\n31/12/2026"],
        ["IV. Cải cách tổ chức bộ máy", "27. Thực hiện các quy định tiếp nhận, xử lý phản ánh kiến nghị\n28. Thực "
         "hiện sắp xếp, kiện toàn tổ chức bộ máy", "Báo cáo\nQuyết định của UBND xã",
         "Các phòng chuyên môn xã, Trung tâm Phục vụ hành chính công\nCác cơ quan, đơn vị liên quan",
         "Văn phòng HĐND và UBND\nPhòng Văn hóa – Xã hội", "Hàng năm\nGiai đoạn 2026-2030"],
        ["", "29. Xây dựng vị trí việc làm", "Kế hoạch", "Phòng Văn hóa – Xã hội", "Các cơ quan, đơn vị liên quan",
         "Giai đoạn 2026-2030"],
    ]
    reg = AgencyRegistry("xã Thạnh Phú", "Cần Thơ", "xã")
    drafts = parse_table_rows(appendix_rows_from_words(table_words([HEADER, *rows], rulings=False), 1), "PL", reg)
    got = {d.task_no: d for d in drafts}
    assert list(got) == ["24", "25", "26", "27", "28", "29"]
    assert [got[n].deadline_text for n in ("25", "26", "27", "28")] == [
        "Thường xuyên", "31/12/2026", "Hàng năm", "Giai đoạn 2026-2030"]
    assert got["26"].support == [("Văn phòng HĐND và UBND", "")]
    assert got["26"].product == "Điểm số các chỉ số: Công khai minh bạch"
    names = [{reg.resolve(m).name for c, _ in got[n].lead for m in reg.split_mentions(c)} for n in ("27", "28")]
    assert names == [{"Các phòng chuyên môn", "Trung tâm Phục vụ hành chính công"}, {"Các cơ quan, đơn vị liên quan"}]
    assert got["28"].group == "Cải cách tổ chức bộ máy" and got["29"].deadline_text == "Giai đoạn 2026-2030"


STT_HEADER = ["STT", "Nội dung công việc", "Thờihạn", "Đơn vị chủ trì", "Đơn vị phốihợp", "Kết quả"]


def test_garbled_row_number_in_an_stt_column_starts_its_row() -> None:
    """OCR read row 2's number as 'Đ' and glued the header's words ('Thờihạn'): the row is still a row of its own,
    numbered from its neighbours, and takes the lead cell merged down over it; the deadline column is found."""
    rows = [
        STT_HEADER,
        ["1", "Đăng tải tin, bài về cải cách hành chính", "Hằng tháng", "Văn phòng HĐND và UBND xã",
         "Phòng Văn hóa – Xã hội", "Tin, bài"],
        ["Đ", "Cập nhật bộ thủ tục hành chính tại Bộ phận Một cửa", "Quý I/2026", "",
         "Trung tâm Phục vụ hành chính công", "Danh mục"],
        ["3", "Tổ chức cuộc thi tìm hiểu về cải cách hành chính", "Quý III/2026", "Phòng Văn hóa – Xã hội",
         "Các tổ chức chính trị - xã hội", "Cuộc thi"],
        ["H", "Đào tạo, tuyên truyền", "", "", "", ""],
    ]
    reg = AgencyRegistry("xã Tân Phú", "Đồng Nai", "xã")
    drafts = parse_table_rows(appendix_rows_from_words(table_words(rows, rulings=False), 1), "PL", reg)
    assert [(d.task_no, d.deadline_text) for d in drafts] == [
        ("1", "Hằng tháng"), ("2", "Quý I/2026"), ("3", "Quý III/2026")]
    assert drafts[1].lead == drafts[0].lead == [("Văn phòng HĐND và UBND xã", "")]
    # the header's 'TT' read 'TỊ', row 1's number a ruling ('|', dropped) and row 2's 'Đ)': rows 1 and 2 of a
    # table whose row 3 follows
    rows[0] = ["TỊ", *rows[0][1:]]
    rows[1] = ["|", *rows[1][1:]]
    rows[2] = ["Đ)", *rows[2][1:]]
    drafts = parse_table_rows(appendix_rows_from_words(table_words(rows, rulings=False), 1), "PL", reg)
    assert [(d.task_no, d.deadline_text) for d in drafts] == [
        ("1", "Hằng tháng"), ("2", "Quý I/2026"), ("3", "Quý III/2026")]
    assert drafts[1].lead == [("Văn phòng HĐND và UBND xã", "")]


def test_rows_of_a_page_that_lost_its_row_numbers() -> None:
    """A continuation page whose STT cells OCR dropped: rows are cut at the white band between table rows,
    never inside a cell of several lines."""
    page1 = [STT_HEADER, ["1", "Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh", "Quý II/2026",
                          "Sở Khoa học và Công nghệ", "Văn phòng UBND tỉnh", "Hệ thống được nâng cấp"]]
    page2 = [["", "Tập huấn kỹ năng số cho công chức bộ phận một cửa của các xã, phường", "Quý III/2026",
              "Sở Nội vụ", "Sở Khoa học và Công nghệ", "Lớp tập huấn"],
             ["", "Tuyên truyền dịch vụ công trực tuyến trên báo, đài", "Hằng năm",
              "Sở Văn hóa, Thể thao và Du lịch", "Báo Nghệ An", "Tin, bài"]]
    from extract.boxes import BoxTableReader

    reader = BoxTableReader()
    rows = reader.rows(table_words(page1, rulings=False), 1) + reader.rows(table_words(page2, top=150, rulings=False), 2)
    drafts = parse_table_rows(rows, "PL", AgencyRegistry("tỉnh Nghệ An", "Nghệ An", "tỉnh"))
    assert [(d.text[:20], d.deadline_text, d.page_no) for d in drafts] == [
        ("Nâng cấp Hệ thống th", "Quý II/2026", 1), ("Tập huấn kỹ năng số ", "Quý III/2026", 2),
        ("Tuyên truyền dịch vụ", "Hằng năm", 2)]
    assert [d.lead for d in drafts[1:]] == [[("Sở Nội vụ", "")], [("Sở Văn hóa, Thể thao và Du lịch", "")]]


def test_group_heading_whose_roman_number_ocr_misread() -> None:
    """Seed 004 read through the pipeline: 'I.' came out 'IL.', 'III.' 'IH.', 'VIII.' 'VHI.'; the heading is still
    the group of the tasks below it (the number itself is not kept)."""
    rows = [
        ["IL. Công tác chỉ đạo điều hành", "1. Xây dựng kế hoạch CCHC hàng năm", "Kế hoạch", "Phòng Văn hóa – Xã hội",
         "Các cơ quan, đơn vị liên quan", "Hàng năm"],
        ["IH. Cải cách TTHC", "18. Thực hiện công tác rà soát TTHC", "Báo cáo", "Trung tâm Phục vụ hành chính công",
         "Các cơ quan, đơn vị liên quan", "Thường xuyên"],
        ["VHI. Xây dựng chính quyền số", "36. Thực hiện 100% TTHC đủ điều kiện trực tuyến", "Dịch vụ công",
         "Trung tâm Phục vụ hành chính công", "Các cơ quan, đơn vị liên quan", "Năm 2030"],
    ]
    words = table_words([HEADER, *rows], rulings=False)
    drafts = parse_table_rows(appendix_rows_from_words(words, 1), "PL", AgencyRegistry("xã Thạnh Phú", "Cần Thơ", "xã"))
    assert [(d.task_no, d.group) for d in drafts] == [
        ("1", "Công tác chỉ đạo điều hành"), ("18", "Cải cách TTHC"), ("36", "Xây dựng chính quyền số")]


def test_section_heading_whose_roman_number_ocr_garbled_is_no_header_cell() -> None:
    """'III. NHIỆM VỤ CỤ THỂ' right above a task table, its number read 'HI.': the heading's words would join the
    header's cells (two task columns, no table the header names, the template's column order assumed, leads read
    from the neighbouring column); it stays a heading and the header names the table's own columns."""
    header = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời gian hoàn thành"]
    rows = [["1", "Khảo sát hiện trạng tài nguyên du lịch tại các buôn, làng", "Sở Văn hóa, Thể thao và Du lịch",
             "Ủy ban nhân dân các xã, phường", "Báo cáo khảo sát", "Quý I/2026"],
            ["2", "Bố trí kinh phí hỗ trợ các hộ gia đình làm du lịch", "Sở Tài chính", "Sở Nội vụ",
             "Quyết định", "Trước ngày 30/6/2026"]]
    table = table_words([header, *rows], top=200, rulings=False)
    heading = [Word(1, 0, 0, i, t, x, 200 - PITCH - 12, len(t) * CHAR, H, 90.0)
               for i, (t, x) in enumerate([("HI.", 700), ("NHIỆM", 760), ("VỤ", 860), ("CỤ", 910), ("THỂ", 960)])]
    out = appendix_rows_from_words(heading + table, 1)
    header_row = next(r[2] for r in out if isinstance(r[2], list))
    assert header_row == header
    drafts = parse_table_rows(out, "PL", AgencyRegistry("tỉnh Gia Lai", "Gia Lai", "tỉnh"))
    assert [(d.lead, d.deadline_text) for d in drafts] == [
        ([("Sở Văn hóa, Thể thao và Du lịch", "")], "Quý I/2026"), ([("Sở Tài chính", "")], "Trước ngày 30/6/2026")]


def test_continuation_page_keeps_the_columns_of_its_table() -> None:
    """A table going on onto a page whose row numbers OCR lost, where a wide gap inside a cell ('Sở   Công Thương')
    shows a gutter: as many gutters as the header has columns, but not its columns. The page keeps the columns of
    the table's header (the table does not move between pages): each cell stays in its column, the lead is the
    whole agency, and the lost row numbers stay empty."""
    from extract.boxes import BoxTableReader

    page1 = [STT_HEADER, ["1", "Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh", "Quý II/2026",
                          "Sở Khoa học và Công nghệ", "Văn phòng UBND tỉnh", "Hệ thống được nâng cấp"]]
    page2 = [["", "Dự trữ vật tư, phương tiện phục vụ cứu hộ, cứu nạn", "Thường xuyên", "Sở Công Thương",
              "Sở Tài chính", "Kho dự trữ"],
             ["", "Bố trí kinh phí phòng, chống thiên tai", "Hằng năm", "Sở Tài chính", "Sở Nội vụ", "Dự toán"]]
    words2 = table_words(page2, top=150, rulings=False)
    # OCR set the lead cell's first word apart from the rest of the cell, on every row of the page
    lead_left = COLS[3] + 8
    words2 = [Word(w.block, w.par, w.line, w.word, w.text, w.left + 30, w.top, w.width, w.height, w.confidence)
              if lead_left < w.left < COLS[4] else w for w in words2]
    reader = BoxTableReader()
    rows = reader.rows(table_words(page1, rulings=False), 1) + reader.rows(words2, 2)
    cells = [r[2] for r in rows if isinstance(r[2], list) and r[1] == 2 and not any("Nội dung" in c for c in r[2])]
    assert [c[0] for c in cells] == ["", ""]
    assert [c[3] for c in cells] == ["Sở Công Thương", "Sở Tài chính"]
    drafts = parse_table_rows(rows, "PL", AgencyRegistry("tỉnh Thanh Hóa", "Thanh Hóa", "tỉnh"))
    assert [(d.text[:12], d.lead, d.deadline_text) for d in drafts[1:]] == [
        ("Dự trữ vật t", [("Sở Công Thương", "")], "Thường xuyên"), ("Bố trí kinh ", [("Sở Tài chính", "")], "Hằng năm")]


def test_header_word_pair_ocr_glued_still_names_its_column() -> None:
    """'Nội dung' read 'Nộidung': the header still names its columns (split into the two header words it is), so the
    deadline is read from 'Thời gian', not from the last column the national template would put there."""
    header = ["TT", "Nộidung", "Thời gian", "Chủ trì", "Phối hợp", "Nguồn vốn"]
    rows = [["1", "Triển khai học bạ số đối với các cấp học phổ thông", "Quý III/2026", "Sở Giáo dục và Đào tạo",
             "Ủy ban nhân dân các xã, phường", "Ngân sách tỉnh"],
            ["2", "Hướng dẫn thanh toán học phí không dùng tiền mặt", "Quý II/2026", "Sở Tài chính",
             "Sở Giáo dục và Đào tạo", "Không"]]
    out = appendix_rows_from_words(table_words([header, *rows], rulings=False), 1)
    drafts = parse_table_rows(out, "PL", AgencyRegistry("tỉnh An Giang", "An Giang", "tỉnh"))
    assert [(d.lead, d.deadline_text) for d in drafts] == [
        ([("Sở Giáo dục và Đào tạo", "")], "Quý III/2026"), ([("Sở Tài chính", "")], "Quý II/2026")]
