"""Targets of issue 11, round xtgt15 (batch 95): shares a requirement sets inside a letter's or notice's opening
sentence ('… yêu cầu các cơ quan, địa phương bảo đảm 100% … và tối thiểu 90% … trong năm 2026'), not results nor
money's shares; a by-place table written one cell per line whose unit the lead sentence gives ('(đơn vị: hộ):', '(hộ):')
over a plan's column that names no year ('Chỉ tiêu'), and whose notes column ('Ghi chú') leaves its empty cells as
blank lines; then, from the kept-aside dv371-dv373 after their check: a header cell that opens with a capital 'Đ' ('Đã
thực hiện năm 2025 (hộ)') is a cell of its own, not the line before carried on; a work already done ('đã cứng hóa 14
km') is a result; an item of a 'Tổ chức thực hiện' article that names its agency sets counted works only for a year it
names; a report's part 'PHƯƠNG HƯỚNG NĂM 2027' or '… NHIỆM VỤ NĂM TỚI' sets the next year's figures. Each rule has its
own case; the last ones go through the real extractor."""

from __future__ import annotations

import re

from extract.structure import Line
from extract.tables import _cell_per_line, _wrapped_head
from extract.targets import _TASKS_YEAR, _UNIT_NOTE, required_shares, target_sentences, work_clauses
from normalize.text import fold
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn An\n"


def _lines(text: str) -> list[Line]:
    return [Line(k, 1, t) for k, t in enumerate(text.split("\n"))]


def test_a_requirement_s_shares_inside_a_sentence() -> None:
    """'bảo đảm' after the addressee, a purpose 'để đến hết năm …' or 'phải bảo đảm': the clause from the requirement
    on, with a year stated before it in the same clause."""
    s = ("Ủy ban nhân dân tỉnh yêu cầu các cơ quan, địa phương bảo đảm 100% trường học được cấp nước sạch và tối thiểu "
         "90% hộ gia đình sử dụng nước sạch trong năm 2026.")
    assert required_shares(s, 2026) == s[s.index("địa phương") :]
    assert target_sentences(s, 2026) == s[s.index("địa phương") :]
    s = "Thực hiện Kế hoạch số 12/KH-UBND, trong năm 2026 các xã cần bảo đảm 100% trường học có nước sạch."
    assert required_shares(s, 2026) == s[s.index("trong năm") :]
    assert required_shares("Ủy ban nhân dân tỉnh yêu cầu các địa phương tập trung để đến hết năm 2027 có 100% thôn "
                           "có nhà văn hóa.", 2026) is not None
    # (the share before a later 'phấn đấu' is kept: the requirement's clause opens first)
    s = ("Ủy ban nhân dân tỉnh yêu cầu bảo đảm 100% trường học có nước sạch, phấn đấu tối thiểu 90% hộ dùng nước "
         "sạch trong năm 2026.")
    assert target_sentences(s, 2026) == s


def test_results_and_money_are_no_required_shares() -> None:
    """A past opening, a results opening, 'đã bảo đảm' and a budget's shares set nothing."""
    for s in ("Năm 2025, các địa phương bảo đảm 100% trường học có nước sạch.",
              "Thời gian qua, các địa phương đã bảo đảm 100% trường học có nước sạch.",
              "Kết quả, toàn tỉnh bảo đảm 95% trường học có nước sạch.",
              "Ngân sách tỉnh bảo đảm 70% kinh phí, ngân sách xã bảo đảm 30% kinh phí xây dựng công trình.",
              "Các địa phương đã bảo đảm 100% trường học có nước sạch."):
        assert required_shares(s, 2026) is None, s
        assert target_sentences(s, 2026) is None, s


def test_a_bracketed_unit_note_without_tinh() -> None:
    """'(đơn vị: hộ):' closing a table's lead sentence gives the unit, as '(đơn vị tính: hộ)' does; a bare 'Đơn vị:'
    line (who issues) does not."""
    m = _UNIT_NOTE.search(fold("Chỉ tiêu từng tổ dân phố năm 2026 (đơn vị: hộ):"))
    assert m is not None and m.group(1) == "ho"
    assert _UNIT_NOTE.search(fold("Đơn vị: Công an")) is None
    assert re.fullmatch("ho", _UNIT_NOTE.search(fold("(Đơn vị tính: hộ)")).group(1))


def test_a_one_cell_table_s_empty_notes_cells() -> None:
    """A 'Ghi chú' column's empty cells are blank lines in the copied text: the rows go on past them. A blank line
    between two figures columns is an empty cell too (w8tbl: a '-' cell a scan left blank), so the rows go on."""
    got = _cell_per_line(_lines("STT\nTổ dân phố\nChỉ tiêu năm 2026 (hộ)\nGhi chú\n1\nTổ 3\n260\nKhu chợ\n2\nTổ 5\n230\n"
                                "\n3\nTổ 8\n300\n\nCộng\n790\n\n\nIII. NHIỆM VỤ"), 0)
    assert got is not None
    rows, end = got
    assert [r for _, r in rows] == ["STT\tTổ dân phố\tChỉ tiêu năm 2026 (hộ)\tGhi chú", "1\tTổ 3\t260\tKhu chợ",
                                    "2\tTổ 5\t230\t", "3\tTổ 8\t300\t", "\tCộng\t790\t"]
    assert end == 19
    got = _cell_per_line(_lines("STT\nTổ dân phố\nChỉ tiêu năm 2026 (hộ)\nTỷ lệ (%)\n1\nTổ 3\n260\n\n2\nTổ 5\n230\n80"),
                         0)
    assert got is not None
    rows, end = got
    assert [r for _, r in rows] == ["STT\tTổ dân phố\tChỉ tiêu năm 2026 (hộ)\tTỷ lệ (%)", "1\tTổ 3\t260\t",
                                    "2\tTổ 5\t230\t80"]
    assert end == 12


def test_a_letter_s_opening_shares_through_the_extractor() -> None:
    """A công văn's opening paragraph: the two shares its requirement sets for 2026; the results sentence after it
    (a share reached, a budget) none; the numbered request's counted works none."""
    head = official_head("CÔNG VĂN", "612/UBND-NN", "bảo đảm nước sạch", issuer="ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN",
                         place="Nghệ An", date="ngày 09 tháng 02 năm 2026")
    ex = extract_text(head + "Kính gửi: Sở Nông nghiệp và Môi trường.\n\nỦy ban nhân dân tỉnh yêu cầu các cơ quan, địa "
                      "phương bảo đảm 100% trường học được cấp nước sạch và tối thiểu 90% hộ gia đình nông thôn sử dụng "
                      "nước sạch trong năm 2026. Năm 2025, toàn tỉnh đã đạt 86,5% hộ sử dụng nước sạch; ngân sách tỉnh "
                      "đã bố trí 45 tỷ đồng. Ủy ban nhân dân tỉnh đề nghị:\n\n1. Sở Nông nghiệp và Môi trường chủ trì "
                      "nâng cấp 12 công trình cấp nước tập trung, hoàn thành trước ngày 30/9/2026.\n" + _TAIL)
    assert target_tuples(ex) == [(90, "%", 2026), (100, "%", 2026)]


def test_a_ward_plan_s_one_cell_table_under_a_unit_in_its_lead() -> None:
    """A ward's plan: 'STT' / 'Tổ dân phố' / 'Chỉ tiêu' under '… năm 2026 theo tổ dân phố (hộ):' -> every row's and
    the total's figure in 'hộ' for 2026."""
    head = official_head("KẾ HOẠCH", "58/KH-UBND", "Trang bị bình chữa cháy năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nPHƯỜNG LÊ CHÂN", place="Lê Chân", date="ngày 12 tháng 3 năm 2026")
    ex = extract_text(head + "I. MỤC ĐÍCH, YÊU CẦU\n\nNâng cao khả năng tự phòng cháy của hộ gia đình.\n\nII. CHỈ TIÊU\n\n"
                      "Chỉ tiêu năm 2026 theo tổ dân phố (hộ):\nSTT\nTổ dân phố\nChỉ tiêu\n1\nTổ dân phố số 3\n260\n2\n"
                      "Tổ dân phố số 5\n230\nTổng cộng\n490\n\nIII. NHIỆM VỤ, GIẢI PHÁP\n\n1. Công an phường tổ chức tập "
                      "huấn kỹ năng thoát nạn.\n" + _TAIL)
    assert target_tuples(ex) == [(230, "hộ", 2026), (260, "hộ", 2026), (490, "hộ", 2026)]


def test_a_header_cell_opening_on_a_capital_d_stands_alone() -> None:
    """'Đã thực hiện năm 2025 (hộ)' under 'Ấp' is a column of its own ('Đ' falls in the lower-case class's range);
    'khâu thu hoạch (%)' in lower case still carries the cell above on."""
    assert _wrapped_head(["STT", "Ấp", "Đã thực hiện năm 2025 (hộ)", "Chỉ tiêu (hộ)"]) == [
        "STT", "Ấp", "Đã thực hiện năm 2025 (hộ)", "Chỉ tiêu (hộ)"]
    assert _wrapped_head(["STT", "Xã", "Tỷ lệ cơ giới hóa", "khâu thu hoạch (%)"]) == [
        "STT", "Xã", "Tỷ lệ cơ giới hóa khâu thu hoạch (%)"]


def test_a_work_already_done_is_no_work_to_do() -> None:
    """'toàn xã đã cứng hóa 14 km đường' reports; 'cứng hóa thêm 25 km đường' sets."""
    assert work_clauses("toàn xã đã cứng hóa 14 km đường giao thông nông thôn") is None
    assert work_clauses("Giai đoạn 2026 - 2030, cứng hóa thêm 25 km đường giao thông nông thôn") is not None


def test_a_resolution_s_execution_article_sets_no_undated_works() -> None:
    """A commune HĐND's resolution: its targets article's figures are targets; the 'Tổ chức thực hiện' article's item
    'Giao Ủy ban nhân dân xã tổ chức thực hiện Nghị quyết, xây dựng 3 nhà văn hóa thôn …' (no year of its own) and the
    past year's article ('đã cứng hóa 14 km') none."""
    head = official_head("NGHỊ QUYẾT", "31/NQ-HĐND", "Về nhiệm vụ năm 2026", issuer="HỘI ĐỒNG NHÂN DÂN\nXÃ TAM NÔNG",
                         place="Tam Nông", date="ngày 18 tháng 12 năm 2025")
    ex = extract_text(head + "QUYẾT NGHỊ:\n\nĐiều 1. Năm 2025, tỷ lệ hộ nghèo của xã còn 2,1%; toàn xã đã cứng hóa 14 km "
                      "đường giao thông nông thôn.\n\nĐiều 2. Các chỉ tiêu chủ yếu năm 2026\n1. Tỷ lệ hộ nghèo giảm xuống "
                      "dưới 1,5%.\n2. Giai đoạn 2026 - 2030, cứng hóa thêm 25 km đường giao thông nông thôn.\n\nĐiều 3. Tổ "
                      "chức thực hiện\n1. Giao Ủy ban nhân dân xã tổ chức thực hiện Nghị quyết, xây dựng 3 nhà văn hóa thôn "
                      "bằng nguồn xã hội hóa.\n2. Giao Thường trực Hội đồng nhân dân xã giám sát việc thực hiện Nghị quyết."
                      "\n\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nNguyễn Văn Khải\n")
    assert target_tuples(ex) == [(1.5, "%", 2026), (25, "km", 2030)]


def test_a_report_s_next_year_headings() -> None:
    """'PHƯƠNG HƯỚNG NĂM 2027' alone and 'PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM TỚI' head a report's next year's part, as
    'NHIỆM VỤ NĂM 2027' does; 'KẾT QUẢ NĂM 2026' does not."""
    assert _TASKS_YEAR.match("phuong huong nam 2027").group(1) == "2027"
    assert _TASKS_YEAR.match("phuong huong, nhiem vu nam toi").group(1) == "toi"
    assert _TASKS_YEAR.match("ket qua nam 2026") is None


def test_a_december_report_s_next_year_part_through_the_extractor() -> None:
    """A Sở's report of December 2026: the figures under '… NĂM TỚI' are for 2027 (the heading's 'năm tới'), those of
    a request under 'PHƯƠNG HƯỚNG NĂM 2027' too; the results part's none."""
    head = official_head("BÁO CÁO", "4105/BC-SYT", "Kết quả công tác dinh dưỡng năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA\nSỞ Y TẾ", place="Khánh Hòa",
                         date="ngày 16 tháng 12 năm 2026")
    results = ("I. KẾT QUẢ THỰC HIỆN\n\nNăm 2026, tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi còn 17,2%.\n\n")
    ex = extract_text(head + "Kính gửi: Ủy ban nhân dân tỉnh Khánh Hòa.\n\n" + results + "II. PHƯƠNG HƯỚNG, NHIỆM VỤ "
                      "NĂM TỚI\n\n1. Chỉ tiêu: tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi dưới 16,5%; 100% trạm "
                      "y tế xã có bác sĩ làm việc.\n\n2. Phòng Nghiệp vụ Y hướng dẫn các trạm y tế xã.\n" + _TAIL)
    assert target_tuples(ex) == [(16.5, "%", 2027), (100, "%", 2027)]
    ex = extract_text(head + "Kính gửi: Ủy ban nhân dân tỉnh Khánh Hòa.\n\n" + results + "II. PHƯƠNG HƯỚNG NĂM 2027\n\n"
                      "Ngành y tế đề nghị các địa phương bảo đảm 100% trạm y tế xã có bác sĩ làm việc và tối thiểu 95% phụ "
                      "nữ mang thai được khám thai đủ 4 lần.\n\n1. Phòng Nghiệp vụ Y hướng dẫn các trạm y tế xã.\n" + _TAIL)
    assert target_tuples(ex) == [(95, "%", 2027), (100, "%", 2027)]
