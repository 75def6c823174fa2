"""Target and task tables of the dt150-dt155 round (issue 11): a target table by category whose year columns read
'Đến 2027' / 'Đến 2030' (a horizon: a target column wherever the table stands), a table under an article that
announces 'các chỉ tiêu sau:', a task table written one cell per line with a column of figures (a budget) whose
cells look like row numbers; and the same tables as Tesseract reads their scans: a count header run into the rate
beside it, row numbers read as marks ('Ị', '?', '°', '` ` z'), figures with a letter for a digit, an empty cell's line
dropped, a bar read as a letter. Each case goes through the real extractor or the helper that reads it."""

from __future__ import annotations

from functools import partial

from extract.structure import page_lines
from extract.tables import (
    _dropped_cell,
    _mark_no,
    _next_row_no,
    _title_cells,
    cell_task_lines,
    scan_pipe_rows,
)
from extract.targets import _brackets_back
from extract.tasks import _group_row
from tests.conftest import SIGNED_TAIL, extract_text, official_head, target_tuples, task_triples

_head = partial(official_head, issuer="ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG", place="Cao Bằng",
                date="ngày 14 tháng 02 năm 2026")


def test_columns_up_to_a_year_give_that_years_targets() -> None:
    """'Đến 2027 | Đến 2030' columns are targets of their years; the result column beside them gives none, and the
    unit stands in the row label's brackets. The table stands under a plain heading that names no targets."""
    body = ("I. NỘI DUNG\n"
            "STT | Nội dung | Thực hiện 2025 | Đến 2027 | Đến năm 2030\n"
            "1 | Nhà ở xã hội hoàn thành (căn) | 120 | 450 | 1.200\n"
            "2 | Đường đô thị được chỉnh trang (km) | 8 | 15 | 42\n\n"
            "II. TỔ CHỨC THỰC HIỆN\nSở Xây dựng là cơ quan thường trực.\n" + SIGNED_TAIL)
    ex = extract_text(_head("KẾ HOẠCH", "12/KH-UBND", "Phát triển nhà ở") + body)
    assert target_tuples(ex) == [(15.0, "km", 2027), (42.0, "km", 2030), (450.0, "căn", 2027), (1200.0, "căn", 2030)]


def test_a_column_up_to_a_past_year_gives_none() -> None:
    """'Đến 2025' in a document of 2026 is a result up to then: no target."""
    body = ("I. NỘI DUNG\n"
            "STT | Nội dung | Đến 2025 | Đến 2027\n"
            "1 | Nhà ở xã hội hoàn thành (căn) | 120 | 450\n\n" + SIGNED_TAIL)
    ex = extract_text(_head("KẾ HOẠCH", "12/KH-UBND", "Phát triển nhà ở") + body)
    assert target_tuples(ex) == [(450.0, "căn", 2027)]


def test_an_article_that_announces_the_targets_after_it() -> None:
    """'Điều 1. Ban hành Kế hoạch … với các chỉ tiêu sau:' over a table of plain year columns: its targets."""
    body = ("QUYẾT ĐỊNH:\n\nĐiều 1. Ban hành Kế hoạch phát triển đô thị với các chỉ tiêu sau:\n"
            "STT\tChỉ tiêu\tĐơn vị tính\tNăm 2026\tNăm 2027\n"
            "1\tĐường đô thị được chỉnh trang\tkm\t6\t9\n\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n" + SIGNED_TAIL)
    ex = extract_text(_head("QUYẾT ĐỊNH", "205/QĐ-UBND", "Về việc ban hành Kế hoạch phát triển đô thị") + body)
    assert target_tuples(ex) == [(6.0, "km", 2026), (9.0, "km", 2027)]


_BUDGET = ("STT\nNhiệm vụ\nCơ quan chủ trì\nKinh phí (triệu đồng)\nThời hạn\n"
           "1\nLập chương trình phát triển nhà ở xã hội\nSở Xây dựng\n1.500\nQuý II/2026\n"
           "2\nBố trí quỹ đất cho các dự án nhà ở xã hội\nSở Nông nghiệp và Môi trường\n800\nTrước ngày 30/9/2026\n"
           "3\nCân đối vốn đầu tư công cho chỉnh trang đô thị\nSở Tài chính\n-\nHằng năm\n")


def test_a_budget_cell_that_reads_as_a_number_is_a_cell() -> None:
    """'800' in the budget column is no row number (the row after '2' is '3'): every row keeps its cells."""
    rows = [ln.text for ln in cell_task_lines(page_lines([(1, _BUDGET + "\n")])) if ln.text.strip()]
    assert rows[1:] == [
        "1\tLập chương trình phát triển nhà ở xã hội\tSở Xây dựng\t1.500\tQuý II/2026",
        "2\tBố trí quỹ đất cho các dự án nhà ở xã hội\tSở Nông nghiệp và Môi trường\t800\tTrước ngày 30/9/2026",
        "3\tCân đối vốn đầu tư công cho chỉnh trang đô thị\tSở Tài chính\t\tHằng năm",
    ]


def test_the_next_row_number() -> None:
    assert _next_row_no("2", "3") and _next_row_no("I", "1") and _next_row_no("1", "II") and _next_row_no("1", "1.1")
    assert not _next_row_no("2", "800") and not _next_row_no("1", "1")


# the same tables as OCR reads a scan of them: cells run together with single spaces, a row number or a bar misread

def test_a_count_header_ocr_ran_into_the_rate_beside_it() -> None:
    """'… Số hồ sơ trực tuyến Tỷ lệ (%)': the count's column (unit its counted noun) and the rate's apart, the result
    column beside them no target; a row whose number OCR read as 'Ị' is a row all the same."""
    body = ("I. MỤC TIÊU\nChỉ tiêu năm 2026 giao cho các xã, phường như sau:\n\n"
            "STT Xã, phường Thực hiện năm 2025 (%) Số hồ sơ trực tuyến Tỷ lệ (%)\n"
            "Ị Phường Hạ Long 78,2 6.400 90\n"
            "2 Xã Tiên Yên 61,3 1.320 80\n"
            "Toàn tỉnh 71,4 7.720 87\n\n" + SIGNED_TAIL)
    ex = extract_text(_head("KẾ HOẠCH", "46/KH-UBND", "Nâng cao tỷ lệ hồ sơ trực tuyến năm 2026") + body)
    assert target_tuples(ex) == [(80.0, "%", 2026), (87.0, "%", 2026), (90.0, "%", 2026), (1320.0, "hồ sơ", 2026),
                                 (6400.0, "hồ sơ", 2026), (7720.0, "hồ sơ", 2026)]


def test_title_cells_leave_an_abbreviation_in_capitals() -> None:
    assert _title_cells("Số hồ sơ trực tuyến Tỷ lệ (%)") == ["Số hồ sơ trực tuyến", "Tỷ lệ (%)"]
    assert _title_cells("Số người tham gia BHXH (người)") == ["Số người tham gia BHXH (người)"]


def test_a_result_bracket_after_a_year_is_that_years() -> None:
    """'TT Chỉ tiêu Năm 2025 (thực hiện) Đến 2027 Đến 2030' run together: '(thực hiện)' closes 2025's column, so
    2027's is a target column."""
    assert [lab.strip() for _, lab, _ in _brackets_back([(2025, "nam 2025 ", 0), (2027, "(thuc hien) den 2027 ", 0)])] \
        == ["nam 2025 (thuc hien)", "den 2027"]
    body = ("QUYẾT ĐỊNH:\n\nĐiều 1. Ban hành Kế hoạch phát triển đô thị với các chỉ tiêu sau:\n"
            "TT Chỉ tiêu Năm 2025 (thực hiện) Đến 2027 Đến 2030\n"
            "1 Diện tích cây xanh đô thị tăng thêm (ha) 6,5 12 30\n\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n" + SIGNED_TAIL)
    ex = extract_text(_head("QUYẾT ĐỊNH", "205/QĐ-UBND", "Về việc ban hành Kế hoạch phát triển đô thị") + body)
    assert target_tuples(ex) == [(12.0, "ha", 2027), (30.0, "ha", 2030)]


def test_a_header_bar_ocr_read_as_i_with_a_dot() -> None:
    """'STT Ị Chỉ tiêu | Đơn vị tính | …' over rows of six cells: the 'Ị' is the bar."""
    text = ("STT Ị Chỉ tiêu | Đơn vị tính | Năm 2026 | Năm 2027\n"
            "1 | Đường giao thông nông thôn được cứng hóa | km | 120 | 150\n"
            "2 | Diện tích rừng trồng mới | ha | 1.500 | 1.600\n")
    lines = scan_pipe_rows(page_lines([(1, text)]), {1})
    assert lines[0].text == "STT | Chỉ tiêu | Đơn vị tính | Năm 2026 | Năm 2027"


def test_a_row_number_ocr_misread_in_a_one_cell_per_line_task_table() -> None:
    """'?' where row 2's number stands (row 1's cells full), '-' read as a blank line: three rows."""
    ocr = _BUDGET.replace("\n2\n", "\n?\n").replace("\n800\n", "\ns00\n").replace("\n-\n", "\n\n")
    rows = [ln.text for ln in cell_task_lines(page_lines([(1, ocr + "\n")])) if ln.text.strip()]
    assert rows[1:] == [
        "1\tLập chương trình phát triển nhà ở xã hội\tSở Xây dựng\t1.500\tQuý II/2026",
        "2\tBố trí quỹ đất cho các dự án nhà ở xã hội\tSở Nông nghiệp và Môi trường\ts00\tTrước ngày 30/9/2026",
        "3\tCân đối vốn đầu tư công cho chỉnh trang đô thị\tSở Tài chính\t\tHằng năm",
    ]


def test_a_row_number_ocr_read_as_a_letter_and_a_dash_cell_kept() -> None:
    """'Ẫ' for '3' where row 2's cells are full; a '-' cell is an empty cell, never a row's number."""
    ocr = _BUDGET.replace("\n3\n", "\nẪ\n")
    rows = [ln.text for ln in cell_task_lines(page_lines([(1, ocr + "\n")])) if ln.text.strip()]
    assert rows[-1] == "3\tCân đối vốn đầu tư công cho chỉnh trang đô thị\tSở Tài chính\t\tHằng năm"
    assert len(rows) == 4


def test_place_rows_with_figures_ocr_misread() -> None:
    """'72.0' (a decimal point for its comma) and 'S0' (a letter for a digit) are figures: the rows go on."""
    body = ("I. MỤC TIÊU\nChỉ tiêu năm 2026 giao cho các xã, phường như sau:\n\n"
            "STT Xã, phường Số hộ (hộ) Tỷ lệ (%)\n"
            "1 Phường Uông Bí 4.250 87.5\n"
            "2 Xã Tiên Yên 1.320 S0\n"
            "Toàn tỉnh 5.570 86\n\n" + SIGNED_TAIL)
    ex = extract_text(_head("KẾ HOẠCH", "46/KH-UBND", "Nâng cao tỷ lệ năm 2026") + body)
    assert target_tuples(ex) == [(50.0, "%", 2026), (86.0, "%", 2026), (87.5, "%", 2026), (1320.0, "hộ", 2026),
                                 (4250.0, "hộ", 2026), (5570.0, "hộ", 2026)]


# a task table written one cell per line as Tesseract reads its scan: numbers misread as marks, a blank line after a
# number, an empty cell's '-' line dropped (the row one cell short), a content cell wrapped onto a line in small letters
_OCR_CELLS = ("STT\nNội dung\nĐơn vị chủ trì\nĐơn vị phối hợp\nThời gian\n"
              "` ` z\nNHÓM NHIỆM VỤ VỀ HẠ TẦNG\n"
              "l\n\nNâng cấp hệ thống mạng nội bộ của Sở\nTrung tâm Chuyển đổi số\nVăn phòng Sở\nQuý II/2026\n"
              "2\nRà soát, chuẩn hóa cơ sở dữ liệu về tổ chức\nkhoa học và công nghệ\nPhòng Quản lý khoa học\n"
              "Trước ngày 30/6/2026\n"
              "\"\nNHÓM NHIỆM VỤ VỀ NHÂN LỰC\n"
              "°\nTổ chức bồi dưỡng kỹ năng số cho công chức\nVăn phòng Sở\nTrung tâm Chuyển đổi số\nTháng 8/2026\n")


def test_a_scanned_one_cell_per_line_task_table() -> None:
    """The header ends at the first mark; marks open rows (a group's name in capitals after one); the row one cell
    short gets its empty coordinator cell back, its wrapped line joined to the content."""
    rows = [ln.text for ln in cell_task_lines(page_lines([(1, _OCR_CELLS + "\nIII. TỔ CHỨC THỰC HIỆN\n")]))
            if ln.text.strip() and "\t" in ln.text]
    assert rows == [
        "STT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian",
        "I\tNHÓM NHIỆM VỤ VỀ HẠ TẦNG\t\t\t",
        "l\tNâng cấp hệ thống mạng nội bộ của Sở\tTrung tâm Chuyển đổi số\tVăn phòng Sở\tQuý II/2026",
        "2\tRà soát, chuẩn hóa cơ sở dữ liệu về tổ chức khoa học và công nghệ\tPhòng Quản lý khoa học\t\t"
        "Trước ngày 30/6/2026",
        "II\tNHÓM NHIỆM VỤ VỀ NHÂN LỰC\t\t\t",
        "3\tTổ chức bồi dưỡng kỹ năng số cho công chức\tVăn phòng Sở\tTrung tâm Chuyển đổi số\tTháng 8/2026",
    ]


def test_a_scanned_one_cell_per_line_task_table_gives_its_tasks() -> None:
    body = "I. NHIỆM VỤ CỤ THỂ\n" + _OCR_CELLS + "\nII. TỔ CHỨC THỰC HIỆN\nVăn phòng Sở là đầu mối.\n" + SIGNED_TAIL
    head = official_head("KẾ HOẠCH", "215/KH-SKHCN", "Chuyển đổi số năm 2026", place="Bắc Ninh",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSỞ KHOA HỌC VÀ CÔNG NGHỆ", date="ngày 09 tháng 3 năm 2026")
    got = task_triples(head + body)
    assert [(t["text"], t["lead"], t["deadline"]) for t in got] == [
        ("Nâng cấp hệ thống mạng nội bộ của Sở", ["Trung tâm Chuyển đổi số"], "Quý II/2026"),
        ("Rà soát, chuẩn hóa cơ sở dữ liệu về tổ chức khoa học và công nghệ", ["Phòng Quản lý khoa học"],
         "Trước ngày 30/6/2026"),
        ("Tổ chức bồi dưỡng kỹ năng số cho công chức", ["Văn phòng Sở"], "Tháng 8/2026"),
    ]


def test_marks_and_dropped_cells() -> None:
    assert _mark_no("?") and _mark_no("lì") and _mark_no("` ` z") and _mark_no("°")
    assert not _mark_no("-") and not _mark_no("UBND") and not _mark_no("BQL") and not _mark_no("800")
    fields = ["no", "text", "lead", "support", "deadline"]
    assert _dropped_cell(["Nội dung", "Sở Y tế", "Quý I/2026"], fields, 1) == ["Nội dung", "Sở Y tế", "", "Quý I/2026"]
    assert _dropped_cell(["Nội dung", "Sở Y tế", "Sở Tài chính"], fields, 1) == ["Nội dung", "Sở Y tế", "Sở Tài chính", ""]


def test_a_group_row_whose_empty_cell_holds_a_bar_glyph() -> None:
    """'II| NHÓM NHIỆM VỤ KIỂM TRA | I|': the 'I' is the rule of an empty cell, the row a group; a real lead is no."""
    assert _group_row("II", {"text": ["NHÓM NHIỆM VỤ KIỂM TRA, XỬ LÝ"], "lead": ["I"]}, {"no": "3"}, False)
    assert not _group_row("II", {"text": ["NHÓM NHIỆM VỤ KIỂM TRA, XỬ LÝ"], "lead": ["Công an xã"]}, {"no": "3"}, False)


def test_a_scanned_one_cell_per_line_target_table_with_misread_numbers() -> None:
    """'l' for the first row's number, 'ñ' for the third's: the rows are read all the same."""
    body = ("I. CHỈ TIÊU\nChỉ tiêu gia đình văn hóa năm 2026 theo thôn:\n"
            "STT\nThôn\nSố hộ đạt chuẩn văn hóa (hộ)\nTỷ lệ (%)\n"
            "l\nThôn Phú Thạnh\n420\n92\n2\nThôn Phú Lợi\n385\n90\nñ\nThôn Hòa Bình\n510\n93,5\n\n" + SIGNED_TAIL)
    ex = extract_text(_head("CHƯƠNG TRÌNH", "27/CTr-UBND", "Xây dựng nông thôn mới năm 2026") + body)
    assert target_tuples(ex) == [(90.0, "%", 2026), (92.0, "%", 2026), (93.5, "%", 2026), (385.0, "hộ", 2026),
                                 (420.0, "hộ", 2026), (510.0, "hộ", 2026)]


def test_a_table_by_hamlet() -> None:
    """'TT  Ấp  Số hộ … (hộ)  Tỷ lệ (%)' in aligned columns, a 'Toàn xã' total row: a table by place ('Ấp' names the
    southern hamlets as 'Thôn' the northern ones)."""
    body = ("I. MỤC TIÊU\nNăm 2026, phấn đấu cấp nước sạch cho các hộ dân theo từng ấp như sau:\n"
            "TT    Ấp            Số hộ được cấp nước (hộ)    Tỷ lệ (%)\n"
            "1     Ấp 2          300                         91\n"
            "2     Ấp Bàu Sen    250                         89,5\n"
            "      Toàn xã       550                         90,3\n\n" + SIGNED_TAIL)
    ex = extract_text(_head("PHƯƠNG ÁN", "11/PA-UBND", "Cấp nước sạch năm 2026") + body)
    assert target_tuples(ex) == [(89.5, "%", 2026), (90.3, "%", 2026), (91.0, "%", 2026), (250.0, "hộ", 2026),
                                 (300.0, "hộ", 2026), (550.0, "hộ", 2026)]
