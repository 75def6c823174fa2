"""Targets in the kinds the newest held-out rounds missed (issue 11, round xtgt10, batch 59): a table of targets by
category and year whose first header names no indicator ('Loại nhà ở | Đơn vị tính | Năm 2026 | … | Giai đoạn 2026 -
2030') under a numbered 'Mục tiêu' item of an article; an indicator that names its counting noun with the figure after
a colon ('Số tài khoản … được kích hoạt: 4.500'); 'tài khoản' as a counting noun; a notice's sentence that opens on the
year of issue without its number ('Trong năm nay, hoàn thành … 85 km …'). Each case goes through the real extractor or
its sentence reader."""

from __future__ import annotations

from functools import partial

from extract.targets import parse_target_text, strive_after_results, year_statement
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nLê Văn An\n"
_head = partial(official_head, issuer="HỘI ĐỒNG NHÂN DÂN\nTỈNH HÀ TĨNH", place="Hà Tĩnh",
                date="ngày 12 tháng 12 năm 2025")
_TABLE = ("STT\tLoại nhà ở\tĐơn vị tính\tNăm 2026\tNăm 2027\tGiai đoạn 2026 - 2030\n"
          "1\tNhà ở xã hội\tcăn hộ\t600\t750\t4.000\n"
          "2\tNhà ở tái định cư\tcăn\t150\t200\t1.100\n"
          "\tTổng cộng\tcăn\t750\t950\t5.100\n")


def _resolution(items: str) -> str:
    return _head("NGHỊ QUYẾT", "64/NQ-HĐND", "Về Kế hoạch phát triển nhà ở giai đoạn 2026 - 2030") + (
        "QUYẾT NGHỊ:\n\nĐiều 1. Thông qua Kế hoạch phát triển nhà ở giai đoạn 2026 - 2030 như sau:\n\n" + items
        + "\nĐiều 2. Tổ chức thực hiện\n\nGiao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này./.\n" + _TAIL)


def test_a_table_by_category_under_a_numbered_goals_item() -> None:
    """'2. Mục tiêu' over lettered items and the table: one target per category and year column, the total row's too,
    the unit from its 'Đơn vị tính' cell, a phase column its end year."""
    text = _resolution("1. Kết quả giai đoạn 2021 - 2025\n\nĐã hoàn thành 2.140 căn nhà ở xã hội.\n\n2. Mục tiêu\n\n"
                       "a) Số lượng nhà ở phát triển theo loại hình như sau:\n" + _TABLE)
    got = [t for t in target_tuples(extract_text(text)) if t[1] in ("căn", "căn hộ")]
    assert got == sorted([(600, "căn hộ", 2026), (750, "căn hộ", 2027), (4000, "căn hộ", 2030),
                          (150, "căn", 2026), (200, "căn", 2027), (1100, "căn", 2030),
                          (750, "căn", 2026), (950, "căn", 2027), (5100, "căn", 2030)])


def test_a_table_by_category_under_a_results_item_gives_none() -> None:
    """The same table under '1. Kết quả …' (the numbered item nearest above it reports results) is no table of
    targets."""
    text = _resolution("1. Kết quả thực hiện\n\na) Số lượng nhà ở đã phát triển theo loại hình như sau:\n" + _TABLE)
    assert not [t for t in target_tuples(extract_text(text)) if t[1] in ("căn", "căn hộ")]


def test_an_indicator_that_names_its_noun_before_a_colon_and_figure() -> None:
    """'Số <noun> …: <figure>': the noun the indicator counts is the unit, its year the one it names; a count of
    money or a 'Số lượng' is none."""
    got = parse_target_text("- Số tài khoản định danh điện tử mức 2 được kích hoạt trong năm 2026: 45.000.")
    assert [(p["value"], p["unit"], p["year"]) for p in got] == [(45000, "tài khoản", 2026)]
    assert [(p["value"], p["unit"]) for p in parse_target_text("Số giấy chứng nhận được cấp: 1.200")] == [
        (1200, "giấy chứng nhận")]
    assert parse_target_text("Số lượng: 12.") == []
    assert parse_target_text("Số tiền hỗ trợ: 500.") == []


def test_tai_khoan_is_a_counting_noun() -> None:
    """'tài' folds onto the grammar word 'tại' ('at'): as printed it is a noun all the same."""
    got = parse_target_text("Phấn đấu kích hoạt 4.500 tài khoản định danh điện tử.")
    assert [(p["value"], p["unit"]) for p in got] == [(4500, "tài khoản")]


def test_a_sentence_that_opens_on_this_year() -> None:
    """'Trong năm nay, …' / 'Năm nay, …': the year of issue's goals, its counts targets; no year opening, none."""
    s = "Trong năm nay, hoàn thành cứng hóa 85 km kênh mương và đưa vào vận hành 3 trạm bơm điện."
    assert year_statement(s, 2026)
    assert year_statement("2. Năm nay, tỷ lệ hộ dùng nước sạch đạt 90%.", 2026)
    assert not year_statement("Hoàn thành cứng hóa 85 km kênh mương.", 2026)
    notice = official_head("THÔNG BÁO", "35/TB-VP", "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh về công tác thủy lợi",
                           issuer="UBND TỈNH HƯNG YÊN\nVĂN PHÒNG", place="Hưng Yên", date="ngày 20 tháng 01 năm 2026")
    notice += ("Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:\n\n1. Năm 2025, toàn tỉnh đã cứng hóa 64 km kênh mương.\n\n"
               "2. " + s + "\n\nVăn phòng Ủy ban nhân dân tỉnh thông báo để các cơ quan biết, thực hiện./.\n" + _TAIL)
    assert target_tuples(extract_text(notice)) == [(3, "trạm bơm", 2026), (85, "km", 2026)]


def _pieces(text: str) -> list[tuple[float, str]]:
    return [(p["value"], p["unit"]) for p in parse_target_text(text)]


def test_a_time_that_a_clause_naming_it_reaches() -> None:
    """'thời gian … đạt 2,2 ngày': a duration to reach, as 'bình quân 2,2 ngày' is; a time no clause names, none."""
    assert _pieces("Thời gian lưu trú bình quân của khách quốc tế đạt 2,2 ngày.") == [(2.2, "ngày")]
    assert _pieces("Tỷ lệ hồ sơ đạt 15 ngày.") == []


def test_the_population_a_count_is_given_per_is_no_figure() -> None:
    """'đạt 12 bác sĩ trên 10.000 dân': the 10.000 is the base; a second count of places stays a count."""
    assert _pieces("Phấn đấu đạt 35 giường bệnh trên 10.000 dân.") == [(35, "giường bệnh")]
    assert _pieces("Số sinh viên đại học đạt 210 sinh viên trên 10.000 dân.") == [(210, "sinh viên")]
    assert _pieces("Phấn đấu hỗ trợ 500 hộ trên 12 xã.") == [(500, "hộ"), (12, "xã")]


def test_a_support_rate_in_money_is_no_target() -> None:
    """'hỗ trợ 15 triệu đồng/ha', 'mức hỗ trợ tối đa 60 triệu đồng/hộ': money given; an income to reach is a target."""
    assert _pieces("Phấn đấu hỗ trợ 15 triệu đồng/ha cho 500 ha lúa.") == [(500, "ha")]
    assert _pieces("Mức hỗ trợ tối đa 60 triệu đồng/hộ.") == []
    assert _pieces("Phấn đấu thu nhập bình quân đạt 60 triệu đồng/người/năm.") == [(60, "triệu đồng/người/năm")]


def test_a_strive_clause_after_results() -> None:
    """A paragraph that opens on results ('Đến nay, …', 'Năm 2025, …' in 2026, 'Qua 5 năm thực hiện, …'): its figures
    from 'phấn đấu' on; one that opens on the issue year keeps all."""
    assert strive_after_results("Đến nay, tỷ lệ hộ dùng nước sạch đạt 92%, phấn đấu đạt 20% hộ dùng nước máy.",
                                2026) == "phấn đấu đạt 20% hộ dùng nước máy."
    assert strive_after_results("Qua 5 năm thực hiện, tỷ lệ đạt 92%. Phấn đấu đến năm 2030 đạt 98%.",
                                2026) == "Phấn đấu đến năm 2030 đạt 98%."
    assert strive_after_results("Năm 2026, tỷ lệ đạt 60%, phấn đấu đến năm 2030 đạt 90%.", 2026) is None
    notice = official_head("THÔNG BÁO", "40/TB-VP", "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh về nước sạch nông thôn",
                           issuer="UBND TỈNH HƯNG YÊN\nVĂN PHÒNG", place="Hưng Yên", date="ngày 20 tháng 01 năm 2026")
    notice += ("Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:\n\n1. Đến nay, tỷ lệ hộ dân nông thôn dùng nước sạch đạt "
               "92%, phấn đấu tỷ lệ hộ dùng nước sạch theo quy chuẩn đạt 60%.\n\nVăn phòng Ủy ban nhân dân tỉnh thông báo "
               "để các cơ quan biết, thực hiện./.\n" + _TAIL)
    assert target_tuples(extract_text(notice)) == [(60, "%", 2026)]


def test_this_year_without_its_number() -> None:
    """'năm nay' / '… trong năm.' in a plan for 2026 - 2030 issued in 2026 or a notice: the year of issue, not the
    period's end; 'trong năm học' and 'trong năm 2027' are no such words."""
    from extract.targets import THIS_YEAR

    assert THIS_YEAR.search("phan dau nam nay 100% diem du lich")
    assert THIS_YEAR.search("hoan thanh 85 km duong trong nam.")
    assert not THIS_YEAR.search("trong nam hoc 2026 - 2027")
    assert not THIS_YEAR.search("trong nam 2027, dat 90%")
    plan = official_head("KẾ HOẠCH", "20/KH-UBND", "Phát triển du lịch cộng đồng giai đoạn 2026 - 2030",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH NINH BÌNH", place="Ninh Bình", date="ngày 10 tháng 01 năm 2026")
    plan += ("I. MỤC TIÊU\n\n1. Phấn đấu năm nay 100% điểm du lịch cộng đồng có nhà vệ sinh đạt chuẩn.\n\n"
             "2. Đến năm 2030, đón 3 triệu lượt khách du lịch cộng đồng.\n" + _TAIL)
    assert target_tuples(extract_text(plan)) == [(3, "triệu lượt", 2030), (100, "%", 2026)]


def test_a_length_or_area_to_complete() -> None:
    """'hoàn thành cứng hóa 85 km …' outside any targets part: a measure to complete is a figure; a task's product
    ('hoàn thành 02 báo cáo') and a result ('đã hoàn thành … 64 km') are none."""
    def loose(text: str) -> list[tuple[float, str]]:
        return [(p["value"], p["unit"]) for p in parse_target_text(text, statement=False)]

    assert loose("Các sở tập trung chỉ đạo hoàn thành cứng hóa 85 km đường giao thông nông thôn.") == [(85, "km")]
    assert loose("Hoàn thành trồng mới 120 ha rừng tập trung.") == [(120, "ha")]
    assert loose("Hoàn thành 02 báo cáo chuyên đề.") == []
    assert loose("Đã hoàn thành cứng hóa 64 km kênh mương.") == []


def test_a_short_numbered_sentence_that_closes_on_its_figure() -> None:
    """'2. Tỷ lệ trường đạt chuẩn quốc gia đạt 72%.' (40 characters) under a targets part is a target, not a heading;
    a numbered heading without a figure stays one."""
    report = official_head("BÁO CÁO", "611/BC-UBND", "Kết quả năm 2025, mục tiêu và nhiệm vụ năm 2026",
                           issuer="ỦY BAN NHÂN DÂN\nTỈNH TÂY NINH", place="Tây Ninh", date="ngày 22 tháng 12 năm 2025")
    report += ("II. MỤC TIÊU NĂM 2026\n\n1. Tỷ lệ trường đạt chuẩn quốc gia đạt 72%.\n\n2. Về giáo dục mầm non\n\n"
               "III. NHIỆM VỤ\n\n1. Sở Giáo dục và Đào tạo chủ trì xây dựng kế hoạch ôn tập.\n" + _TAIL)
    assert target_tuples(extract_text(report)) == [(72, "%", 2026)]
