"""Targets in the kinds the newest held-out rounds missed (issue 11, round xtgt10, batch 59): a table of targets by
category and year whose first header names no indicator ('Loại nhà ở | Đơn vị tính | Năm 2026 | … | Giai đoạn 2026 -
2030') under a numbered 'Mục tiêu' item of an article; an indicator that names its counting noun with the figure after
a colon ('Số tài khoản … được kích hoạt: 4.500'); 'tài khoản' as a counting noun; a notice's sentence that opens on the
year of issue without its number ('Trong năm nay, hoàn thành … 85 km …'). Each case goes through the real extractor or
its sentence reader."""

from __future__ import annotations

from functools import partial

from extract.targets import parse_target_text, year_statement
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
