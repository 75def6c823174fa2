"""Targets of issue 11, round w7tgt (batch 91): a table by commune, ward or hamlet written one cell per line whose
header cells a line break inside the cell split ('Diện tích lúa' / '(ha)', 'Tỷ lệ hộ phân loại rác' / 'tại nguồn (%)')
or whose rows are numbered '01', '02'; a past month's or quarter's results item with no comma after the period ('Tháng
10 đã tiêm …; phấn đấu trong tháng 12 …') and its goal clause after a comma or in a paragraph of its own. Each rule has
its own case; the last ones go through the real extractor."""

from __future__ import annotations

import datetime

from extract.letters import _past_results, _period_goals
from extract.structure import Line
from extract.tables import _cell_per_line, _wrapped_head
from extract.targets import past_period_opening
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn An\n"


def _lines(text: str) -> list[Line]:
    return [Line(k, 1, t) for k, t in enumerate(text.split("\n"))]


def test_a_header_cell_carried_on_over_lines_joins_its_cell() -> None:
    """A bracketed unit alone or words in lower case on the line under a header cell carry it on; a cell that has its
    unit already, a capitalised cell and the label 'STT' stand alone."""
    assert _wrapped_head(["STT", "Xã", "Diện tích gieo trồng", "(ha)", "Tỷ lệ cơ giới hóa", "khâu thu hoạch (%)"]) == [
        "STT", "Xã", "Diện tích gieo trồng (ha)", "Tỷ lệ cơ giới hóa khâu thu hoạch (%)"]
    # (a scan's '(%)' OCR garbled into marks about the sign)
    assert _wrapped_head(["STT", "Xã", "Tỷ lệ cơ giới hóa", "Œ%&)"]) == ["STT", "Xã", "Tỷ lệ cơ giới hóa (%)"]
    assert _wrapped_head(["STT", "Thôn", "Số hộ (hộ)", "(%)"]) == ["STT", "Thôn", "Số hộ (hộ)", "(%)"]
    assert _wrapped_head(["STT", "Xã, phường", "Số hộ (hộ)", "Tỷ lệ (%)"]) == ["STT", "Xã, phường", "Số hộ (hộ)",
                                                                                "Tỷ lệ (%)"]


def test_a_one_cell_table_with_wrapped_header_cells_and_zero_numbered_rows() -> None:
    """Each row takes one cell per header cell, not per header line; '01' opens the first row as '1' does."""
    got = _cell_per_line(_lines("STT\nThôn\nSố hộ được cấp nước\n(hộ)\nTỷ lệ hộ dùng nước sạch\n(%)\n01\nThôn Đông\n"
                                "210\n92\n02\nThôn Tây\n180\n90\nToàn xã\n390\n91"), 0)
    assert got is not None
    rows, end = got
    assert [r for _, r in rows] == ["STT\tThôn\tSố hộ được cấp nước (hộ)\tTỷ lệ hộ dùng nước sạch (%)",
                                    "01\tThôn Đông\t210\t92", "02\tThôn Tây\t180\t90", "\tToàn xã\t390\t91"]
    assert end == 17
    # (a lone 'STT' over one word cell and a number is no table)
    assert _cell_per_line(_lines("STT\nThôn\n01\nThôn Đông"), 0) is None


def test_a_district_decision_s_one_cell_table_by_commune() -> None:
    """A huyện's quyết định that assigns each commune its area and rate in a one-cell-per-line table whose units stand
    under their headers: every row's count and rate, the total's too, for the year its article names."""
    head = official_head("QUYẾT ĐỊNH", "88/QĐ-UBND", "Về việc giao chỉ tiêu trồng rừng năm 2025",
                         issuer="ỦY BAN NHÂN DÂN\nHUYỆN HƯƠNG SƠN", place="Hương Sơn", date="ngày 10 tháng 3 năm 2025")
    ex = extract_text(head + "QUYẾT ĐỊNH:\n\nĐiều 1. Giao chỉ tiêu trồng rừng năm 2025 cho các xã như sau:\n\nSTT\nXã\n"
                      "Diện tích trồng rừng mới\n(ha)\nTỷ lệ cây giống có chứng nhận\n(%)\n01\nXã Sơn Kim\n120\n90\n02\n"
                      "Xã Sơn Tây\n85\n95\nToàn huyện\n205\n92\n\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký./.\n"
                      + _TAIL)
    assert sorted(target_tuples(ex)) == sorted([(120.0, "ha", 2025), (90.0, "%", 2025), (85.0, "ha", 2025),
                                                (95.0, "%", 2025), (205.0, "ha", 2025), (92.0, "%", 2025)])


def test_a_past_period_opens_without_a_comma() -> None:
    """'Tháng 8 đã …' opens on a month over at the issue as 'Tháng 8, …' does; a month to come ('Tháng 12 đã' in
    September reads none) and a month's name in a goal ('Tháng 12 phấn đấu …') do not."""
    issue = datetime.date(2026, 9, 10)
    assert past_period_opening("Tháng 8 đã lắp đặt đồng hồ nước cho 3.400 hộ.", issue)
    assert past_period_opening("Quý II đã cấp 1.200 giấy chứng nhận.", issue)
    assert not past_period_opening("Tháng 12 phấn đấu cấp thêm 600 giấy chứng nhận.", issue)
    assert not past_period_opening("Tháng 11 đã có kế hoạch lắp đặt 1.600 đồng hồ.", issue)
    assert _past_results("Tháng 8 đã lắp đặt đồng hồ nước cho 3.400 hộ, đạt 68% kế hoạch; phấn đấu trong tháng 12 "
                         "lắp đặt thêm 1.600 hộ.", 2026, issue)


def test_a_period_s_goal_clause_after_a_comma_or_a_date_opening() -> None:
    """The goal clause of a past period's item from its 'phấn đấu', whichever mark stands before it; none without."""
    assert _period_goals("Tháng 8 đã lắp đặt cho 3.400 hộ, đạt 68% kế hoạch, phấn đấu trong tháng 12 lắp đặt thêm "
                         "1.600 hộ.") == "phấn đấu trong tháng 12 lắp đặt thêm 1.600 hộ."
    assert _period_goals("Đến hết tháng 8, các xã mới hoàn thành 45% khối lượng; phấn đấu trong tháng 12 hoàn thành "
                         "100% khối lượng.") == "phấn đấu trong tháng 12 hoàn thành 100% khối lượng."
    assert _period_goals("Tháng 8, các xã đã hoàn thành 45% khối lượng.") is None


def test_a_notice_s_results_then_goals_without_a_comma() -> None:
    """A conclusion's item and a paragraph that report a past month's results ('Tháng 8 đã …', 'Quý II đã …') then
    strive for the months ahead: the goals' figures, none of the results'."""
    head = official_head("THÔNG BÁO", "120/TB-UBND", "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh về cấp nước sinh hoạt",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN", place="Nghệ An", date="ngày 10 tháng 9 năm 2026")
    for item, want in (
            ("1. Tháng 8 đã lắp đặt đồng hồ nước cho 3.400 hộ, đạt 68% kế hoạch, phấn đấu trong tháng 12 lắp đặt "
             "thêm 1.600 hộ.", [(1600.0, "hộ", 2026)]),
            ("1. Đến hết tháng 8, các xã mới hoàn thành 45% khối lượng; phấn đấu trong tháng 12 hoàn thành 100% khối "
             "lượng.", [(100.0, "%", 2026)]),
            ("Quý II đã lắp đặt đồng hồ nước cho 3.400 hộ, đạt 68% kế hoạch; phấn đấu trong quý IV lắp đặt thêm "
             "1.600 hộ.", [(1600.0, "hộ", 2026)])):
        ex = extract_text(head + "Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:\n\n" + item
                          + "\n\n2. Sở Xây dựng hướng dẫn các xã lập hồ sơ.\n" + _TAIL)
        assert target_tuples(ex) == want, item


def test_a_past_effort_s_strive_sets_no_goal() -> None:
    """'đã nỗ lực phấn đấu hoàn thành …' tells of an effort made: no goal clause."""
    assert _period_goals("Tháng 8, các xã đã nỗ lực phấn đấu hoàn thành 12 tuyến đường.") is None


def test_an_article_that_assigns_targets_over_its_table_sets_them_whatever_results_follow_its_title() -> None:
    """'Điều 1. Giao chỉ tiêu … cho các phường. Năm 2025 … đạt …' over a one-cell-per-line table by ward: the article's
    title (its first sentence) assigns targets, so the table's cells are targets; the results sentence after the title
    makes it no report of results."""
    head = official_head("QUYẾT ĐỊNH", "112/QĐ-UBND", "Về việc giao chỉ tiêu trồng cây xanh năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTHỊ XÃ HƯƠNG TRÀ", place="Hương Trà", date="ngày 12 tháng 01 năm 2026")
    body = ("QUYẾT ĐỊNH:\n\nĐiều 1. Giao chỉ tiêu trồng cây xanh năm 2026 cho các phường. Năm 2025 toàn thị xã trồng "
            "được 9.800 cây, tỷ lệ cây sống đạt 88%.\nSTT\nPhường\nSố cây trồng mới (cây)\nTỷ lệ cây sống (%)\n1\n"
            "Phường Hương Văn\n4.000\n90\n2\nPhường Hương Xuân\n3.500\n92\nToàn thị xã\n7.500\n91\n\n"
            "Điều 2. Ủy ban nhân dân các phường tổ chức trồng cây, báo cáo kết quả trước ngày 15/12/2026.\n")
    assert target_tuples(extract_text(head + body + _TAIL)) == [
        (90.0, "%", 2026), (91.0, "%", 2026), (92.0, "%", 2026),
        (3500.0, "cây", 2026), (4000.0, "cây", 2026), (7500.0, "cây", 2026)]
