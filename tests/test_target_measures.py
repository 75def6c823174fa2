"""Targets in the kinds the newest held-out round missed (issue 11, the dv190-dv197 round): a count whose counting word
is a measure or classifier keeps that word alone, the noun it counts being the indicator's ('8.200 ha rừng' -> 'ha',
'420.000 lượt khách' -> 'lượt'), with a multiplier before it ('triệu lượt'); a table whose rows are the years ('Lộ
trình'); a table by commune under the line that announces it, whose units its column headers bracket in up to three
words. Each case goes through the real extractor."""

from __future__ import annotations

from functools import partial

import pytest

from extract.targets import _TABLE, parse_target_text
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nHoàng Văn Bình\n"

_head = partial(official_head, issuer="ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA", place="Thanh Hóa", date="ngày 20 tháng 01 năm 2026")


def _units(sentence: str) -> list[tuple[float, str]]:
    return [(p["value"], p["unit"]) for p in parse_target_text(sentence)]


@pytest.mark.parametrize(("sentence", "want"), [
    # a measure or classifier alone: the noun it counts is the indicator's
    ("Trồng mới 8.200 ha rừng tập trung;", [(8200, "ha")]),
    ("Cứng hóa 540 km đường giao thông nông thôn;", [(540, "km")]),
    ("Thu gom, xử lý 1.450 tấn rác sinh hoạt mỗi ngày.", [(1450, "tấn")]),
    ("Duy trì tổng đàn 1.150.000 con gia súc;", [(1150000, "con")]),
    ("Đón 420.000 lượt khách quốc tế;", [(420000, "lượt")]),
    ("Có thêm 3.200 hộ gia đình được sử dụng nước sạch.", [(3200, "hộ")]),
    ("Đào tạo nghề cho 45.000 lượt người lao động.", [(45000, "lượt")]),
    # a multiplier before the counting word is part of the unit
    ("Đón 16,5 triệu lượt khách du lịch.", [(16.5, "triệu lượt")]),
    ("Đón 12 triệu lượt, tăng 10% so với năm 2025.", [(12, "triệu lượt"), (10, "%")]),
    ("Duy trì 28 triệu con gia cầm.", [(28, "triệu con")]),
    # no noun after the measure: a comma, a verb; a plain counting noun keeps its own word
    ("Sản lượng thủy sản đạt 720.000 tấn, trong đó tôm 310.000 tấn.", [(720000, "tấn"), (310000, "tấn")]),
    ("Hỗ trợ 300 hộ chuyển đổi sang sản xuất hữu cơ.", [(300, "hộ")]),
    ("Xây dựng mới 45 cầu dân sinh.", [(45, "cầu")]),
    ("Có thêm 38 trường đạt chuẩn quốc gia.", [(38, "trường")]),
    ("Bồi dưỡng 1.150 giáo viên cốt cán.", [(1150, "giáo viên")]),
    ("Xây dựng 3.000 bài giảng điện tử.", [(3000, "bài giảng")]),
    # money keeps its own rule
    ("Tổng thu từ khách du lịch đạt 46.000 tỷ đồng.", [(46000, "tỷ đồng")]),
])
def test_count_unit_is_the_measure_not_the_noun_it_counts(sentence: str, want: list[tuple[float, str]]) -> None:
    assert _units(sentence) == want


def test_table_whose_rows_are_the_years() -> None:
    """'Lộ trình | Tỷ lệ … (%) | Số cơ sở … (cơ sở)' over 'Năm 2026 | 40 | 600': one target per year row and column, the
    unit the column's brackets give; a year before the document's (a baseline) gives none."""
    body = ("I. MỤC ĐÍCH, YÊU CẦU\nPhát triển du lịch cộng đồng bền vững.\n\nII. LỘ TRÌNH THỰC HIỆN\n"
            "Lộ trình\tTỷ lệ tỉnh có sản phẩm du lịch cộng đồng (%)\tSố cơ sở lưu trú đạt chuẩn (cơ sở)\n"
            "Năm 2025\t30\t450\nNăm 2026\t40\t600\nNăm 2027\t55\t900\n\n"
            "III. TỔ CHỨC THỰC HIỆN\n1. Sở Văn hóa, Thể thao và Du lịch chủ trì thực hiện thường xuyên.\n")
    ex = extract_text(_head("CHƯƠNG TRÌNH", "18/CTr-UBND", "Phát triển du lịch cộng đồng giai đoạn 2026 - 2027")
                      + body + _TAIL, "ctr")
    assert target_tuples(ex) == [(40, "%", 2026), (55, "%", 2027), (600, "cơ sở", 2026), (900, "cơ sở", 2027)]
    assert "Số cơ sở lưu trú đạt chuẩn" in {t["indicator"] for t in ex.targets}


def test_table_by_commune_under_the_article_that_announces_it() -> None:
    """'Điều 1. Giao chỉ tiêu … như sau:' over a table by commune: its cells are targets, the unit each column header
    brackets, three words too ('(hộ gia đình)'); 'được' in a header is no 'ước' (estimated) column."""
    body = ("QUYẾT ĐỊNH:\n\nĐiều 1. Giao chỉ tiêu an sinh xã hội năm 2026 cho các xã, phường như sau:\n"
            "STT\tĐơn vị\tSố hộ gia đình được hỗ trợ sửa chữa nhà ở (hộ gia đình)\tTỷ lệ tham gia bảo hiểm y tế (%)\n"
            "1\tPhường Hạc Thành\t40\t97\n2\tXã Nga Sơn\t120\t93\n\n"
            "Điều 2. Sở Tài chính theo dõi, tổng hợp báo cáo trước ngày 15/12/2026.\n")
    ex = extract_text(_head("QUYẾT ĐỊNH", "152/QĐ-UBND", "Về việc giao chỉ tiêu an sinh xã hội năm 2026") + body + _TAIL,
                      "qd")
    assert target_tuples(ex) == [(40, "hộ gia đình", 2026), (93, "%", 2026), (97, "%", 2026), (120, "hộ gia đình", 2026)]
    assert not _TABLE["result"].search("so ho duoc ho tro")
    assert _TABLE["result"].search("uoc thuc hien nam 2025")


def test_a_plans_sentence_that_opens_with_its_year_or_a_strive_clause_is_a_target() -> None:
    """Outside any 'chỉ tiêu' part: 'Năm 2026, … đạt 47%.' in a plan of 2026, and the 'phấn đấu' clause after a ';' (its
    figures only); a báo cáo's sentence on its own year is a result, no target."""
    body = ("I. MỤC ĐÍCH, YÊU CẦU\n1. Bảo vệ, phát triển bền vững diện tích rừng hiện có.\n"
            "2. Năm 2026, tỷ lệ che phủ rừng của tỉnh đạt 47%.\n"
            "3. Nâng cao năng lực của trạm y tế xã; phấn đấu năm 2026 đạt 95% dân số tham gia bảo hiểm y tế.\n\n"
            "II. NHIỆM VỤ\n1. Sở Nông nghiệp và Môi trường chủ trì thực hiện thường xuyên.\n")
    plan = extract_text(_head("KẾ HOẠCH", "12/KH-UBND", "Bảo vệ rừng và chăm sóc sức khỏe năm 2026") + body + _TAIL, "kh")
    assert target_tuples(plan) == [(47, "%", 2026), (95, "%", 2026)]
    report = extract_text(_head("BÁO CÁO", "301/BC-UBND", "Kết quả bảo vệ rừng năm 2026")
                          + "I. KẾT QUẢ\nNăm 2026, tỷ lệ che phủ rừng của tỉnh đạt 47%.\n" + _TAIL, "bc")
    assert target_tuples(report) == []
