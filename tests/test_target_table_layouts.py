"""Targets tables from text in the layouts other than tab-separated cells (issue 11, the dv316-dv318 round): one cell
per line with a total row, '|' between cells under a two-row header whose group cell spans the year columns, aligned
columns (runs of spaces) with abbreviated year headers and a row pasted with single spaces; multi-word units ('nghìn
tấn', 'tỷ USD', 'lượt xe/ngày'); a budget sentence under a table and a table's header rows give no target. Each case
goes through the real extractor, the helpers on their own too."""

from __future__ import annotations

from functools import partial

from extract.structure import page_lines, parse_structure
from extract.tables import table_view, unit_words
from extract.targets import _target_columns, _two_row_header, compound
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nHà Văn Lâm\n"

_head = partial(official_head, issuer="ỦY BAN NHÂN DÂN\nTỈNH PHÚ THỌ", place="Phú Thọ",
                date="ngày 12 tháng 01 năm 2026")


def test_a_table_written_one_cell_per_line_with_its_total() -> None:
    """'STT' / 'Xã, phường' / 'Số hộ … (hộ)' / 'Tỷ lệ … (%)' / '1' / 'Xã …' / '40' / '2,5' / … / 'Tổng cộng' / '95' /
    '2,1': one row per number (and the total's, a cell fewer), in a part that names targets; the budget sentence under
    it is none."""
    body = ("I. MỤC ĐÍCH\nBảo đảm nước sạch cho người dân nông thôn.\n\nII. CHỈ TIÊU\n\n"
            "1. Số hộ được cấp nước sạch theo địa bàn như sau:\n"
            "STT\nXã, phường\nSố hộ được cấp nước (hộ)\nTỷ lệ thất thoát nước (%)\n"
            "1\nXã Thanh Sơn\n40\n2,5\n2\nXã Yên Lập\n55\n1,8\nTổng cộng\n95\n2,1\n\n"
            "Tổng kinh phí thực hiện là 3.200 triệu đồng từ ngân sách tỉnh.\n\n"
            "III. TỔ CHỨC THỰC HIỆN\nSở Xây dựng chủ trì hướng dẫn các xã thực hiện.\n" + _TAIL)
    ex = extract_text(_head("KẾ HOẠCH", "7/KH-UBND", "Cấp nước sạch nông thôn năm 2026") + body, "kh")
    assert target_tuples(ex) == [(1.8, "%", 2026), (2.1, "%", 2026), (2.5, "%", 2026),
                                 (40, "hộ", 2026), (55, "hộ", 2026), (95, "hộ", 2026)]


def test_a_pipe_table_whose_group_cell_spans_the_year_columns() -> None:
    """'STT | Chỉ tiêu | Đơn vị tính | Kế hoạch' over ' | | | 2026 | 2027': the header's first row shorter than the
    second; its rows' figures are targets of those years, the header rows none."""
    body = ("I. CHỈ TIÊU\n"
            "STT | Chỉ tiêu | Đơn vị tính | Kế hoạch\n |  |  | 2026 | 2027\n"
            "1 | Số xã đạt chuẩn nông thôn mới | xã | 12 | 15\n2 | Tỷ lệ hộ dùng nước sạch | % | 80 | 85\n\n"
            "II. TỔ CHỨC THỰC HIỆN\nSở Nông nghiệp và Môi trường chủ trì theo dõi, đôn đốc.\n" + _TAIL)
    ex = extract_text(_head("KẾ HOẠCH", "8/KH-UBND", "Xây dựng nông thôn mới năm 2026 - 2027") + body, "kh")
    assert target_tuples(ex) == [(12, "xã", 2026), (15, "xã", 2027), (80, "%", 2026), (85, "%", 2027)]


def test_an_aligned_table_with_results_columns_and_a_pasted_row() -> None:
    """Cells separated by runs of spaces, 'Kết quả 2024 … Ước 2025' (results) beside 'KH 2026 … Mục tiêu 2030', a
    row pasted with single spaces among them: its unit keeps its multiplier ('nghìn tấn'), every column is read."""
    body = ("I. CÁC CHỈ TIÊU CHỦ YẾU\n"
            "STT   Chỉ tiêu                      Đơn vị tính     Kết quả 2024   Ước 2025   KH 2026   Mục tiêu 2030\n"
            "1     Kim ngạch xuất khẩu           tỷ USD          3,1            3,4        3,8       5\n"
            "2 Sản lượng thủy sản nghìn tấn 52,4 55,0 58 70\n"
            "3     Lưu lượng xe qua trạm         lượt xe/ngày    9.000          9.500      10.000    14.000\n\n"
            "II. TỔ CHỨC THỰC HIỆN\nSở Tài chính chủ trì tổng hợp, theo dõi.\n" + _TAIL)
    ex = extract_text(_head("KẾ HOẠCH", "9/KH-UBND", "Phát triển kinh tế - xã hội năm 2026") + body, "kh")
    assert target_tuples(ex) == [(3.8, "tỷ usd", 2026), (5, "tỷ usd", 2030), (58, "nghìn tấn", 2026),
                                 (70, "nghìn tấn", 2030), (10000, "lượt xe/ngày", 2026), (14000, "lượt xe/ngày", 2030)]


def test_unit_words_keep_a_multiplier() -> None:
    assert unit_words(["Sản", "lượng", "lương", "thực", "nghìn", "tấn"], compound) == 2
    assert unit_words(["Kim", "ngạch", "xuất", "khẩu", "tỷ", "USD"], compound) == 2
    assert unit_words(["Lưu", "lượng", "phương", "tiện", "lượt", "xe/ngày"], compound) == 2
    assert unit_words(["Tỷ", "lệ", "che", "phủ", "rừng", "%"], compound) == 1


def test_table_view_keeps_lengths_and_indices() -> None:
    """'|' and an aligned table's runs of spaces become tabs with each line's length kept; a table of one cell per
    line becomes its header and rows, each with the index of its first line."""
    text = ("STT | Chỉ tiêu | Đơn vị tính | Năm 2026\n1 | Số trường | trường | 4\n\n"
            "TT   Nội dung          ĐVT    2026\n1    Số bác sĩ         bác sĩ   14\n\n"
            "STT\nĐơn vị\nSố lớp (lớp)\n1\nXã A\n3\nCộng\n3\n")
    st = parse_structure(page_lines([(1, text)]))
    view, done = table_view(st, compound)
    got = [(ln.idx, ln.text) for ln in view.lines]
    assert all(len(a.text) == len(b.text) for a, b in zip(st.lines[:6], view.lines[:6], strict=True))
    assert got[0][1].split("\t")[1].strip() == "Chỉ tiêu"
    assert [c.strip() for c in got[4][1].split("\t")] == ["1", "Số bác sĩ", "bác sĩ", "14"]
    assert got[6:9] == [(6, "STT\tĐơn vị\tSố lớp (lớp)"), (9, "1\tXã A\t3"), (12, "\tCộng\t3")]
    assert {0, 1, 3, 4, 6, 9, 12} <= done
    plain = parse_structure(page_lines([(1, "1. Số hộ nghèo giảm 120 hộ.\nSTT Chỉ tiêu\n")]))
    assert table_view(plain, compound) == (plain, set())


def test_two_row_header_whose_group_spans_the_last_columns() -> None:
    head = ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch"]
    assert _two_row_header(head, "\t\t\t2026\t2027") == ["STT", "Chỉ tiêu", "Đơn vị tính", "2026 - Kế hoạch",
                                                         "2027 - Kế hoạch"]
    assert _two_row_header(head, "1\tSố xã\txã\t12") is None  # a row, not a header's second line


def test_a_target_word_without_a_year_names_no_target_column() -> None:
    """'Số người tham gia … theo chỉ tiêu giao (người)' beside the plan year's population and rate: no column names the
    target and its year, so every figures column of the table by place is kept; 'Chỉ tiêu tỷ lệ … năm 2026 (%)' does."""
    fhead = ["stt", "xa", "dan so trung binh trong nam ke hoach (nguoi)", "so nguoi tham gia theo chi tieu giao (nguoi)",
             "ty le tham gia (%)"]
    assert _target_columns({2: 0, 3: 0, 4: 0}, fhead) == {2: 0, 3: 0, 4: 0}
    fhead[4] = "chi tieu ty le tham gia nam 2026 (%)"
    assert _target_columns({2: 0, 3: 0, 4: 2026}, fhead) == {4: 2026}


def test_an_aligned_row_keeps_its_figures_under_their_columns() -> None:
    """A group row ('I     KINH TẾ') goes on with the table; a row that leaves a year's column empty keeps its figure
    under the year its position gives ('Số xã đạt chuẩn  xã  (empty)  7': 7 for 2027)."""
    body = ("I. CHỈ TIÊU\nSTT   Chỉ tiêu                      Đơn vị tính     Năm 2026   Năm 2027\n"
            "I     KINH TẾ\n1     Sản lượng lương thực          nghìn tấn       52         55\n"
            "II    XÃ HỘI\n2     Số xã đạt chuẩn               xã                         7\n\n"
            "II. TỔ CHỨC THỰC HIỆN\nSở Tài chính chủ trì tổng hợp, theo dõi.\n" + _TAIL)
    ex = extract_text(_head("KẾ HOẠCH", "10/KH-UBND", "Phát triển kinh tế - xã hội năm 2026") + body, "kh")
    assert target_tuples(ex) == [(7, "xã", 2027), (52, "nghìn tấn", 2026), (55, "nghìn tấn", 2027)]


def test_a_budget_sentence_under_a_two_row_header_table_is_no_target() -> None:
    """'Tổng vốn thực hiện khoảng 300 tỷ đồng.' right under a table whose header's second row holds its years: money set
    aside, no target with no value; the header's rows none either."""
    body = ("I. CHỈ TIÊU\nSTT\tChỉ tiêu\tĐơn vị tính\tKế hoạch\n\t\t\tNăm 2026\tNăm 2027\n"
            "1\tSố xã đạt chuẩn nông thôn mới\txã\t12\t14\nTổng vốn thực hiện khoảng 300 tỷ đồng.\n\n"
            "II. TỔ CHỨC THỰC HIỆN\nSở Tài chính chủ trì tổng hợp, theo dõi.\n" + _TAIL)
    ex = extract_text(_head("KẾ HOẠCH", "11/KH-UBND", "Xây dựng nông thôn mới năm 2026 - 2027") + body, "kh")
    assert target_tuples(ex) == [(12, "xã", 2026), (14, "xã", 2027)]


def test_abbreviated_plan_and_result_headers() -> None:
    """'TH 2025 | KH 2026' over an aligned table outside any part that names targets: 'KH' is a plan's column (its
    figures targets), 'TH' a result's."""
    body = ("I. TÌNH HÌNH CHUNG\nCông tác y tế được triển khai đồng bộ.\n\nII. MỘT SỐ NỘI DUNG CHỦ YẾU\n"
            "TT    Nội dung                          ĐVT      TH 2025    KH 2026\n"
            "1     Số bác sĩ trên vạn dân            bác sĩ   12         13\n"
            "2     Số giường bệnh trên vạn dân       giường   30         32\n\n"
            "III. TỔ CHỨC THỰC HIỆN\nSở Y tế chủ trì tổng hợp, theo dõi.\n" + _TAIL)
    head = partial(official_head, issuer="ỦY BAN NHÂN DÂN\nTỈNH PHÚ THỌ", place="Phú Thọ", date="ngày 12 tháng 12 năm 2025")
    ex = extract_text(head("BÁO CÁO", "9/BC-UBND", "Tình hình thực hiện công tác y tế năm 2025") + body, "bc")
    assert target_tuples(ex) == [(13, "bác sĩ", 2026), (32, "giường", 2026)]
