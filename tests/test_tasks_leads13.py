"""Deadlines and leads read from prose (batch da322-da325): an HĐND session's time, a day of a quarter's last month,
an event's date, a frequency kept whole, a past date inside a task; a list of HĐND bodies as an article's subject, a
front and the mass organisations at a place, a thông báo's results item and a sentence announcing items."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.agencies import AgencyRegistry
from extract.deadlines import find_deadline, parse_deadline, unless_past
from extract.letters import item_lead
from tests.conftest import SIGNED_TAIL, official_head, task_triples

NOTICE = official_head("THÔNG BÁO", "77/TB-UBND", "Kết luận của Chủ tịch Ủy ban nhân dân xã tại cuộc họp giao ban",
                       issuer="ỦY BAN NHÂN DÂN\nXÃ PHONG NHA", place="Phong Nha", date="ngày 27 tháng 10 năm 2026")
RESOLUTION = official_head("NGHỊ QUYẾT", "41/NQ-HĐND", "Về cấp giấy chứng nhận quyền sử dụng đất",
                           issuer="HỘI ĐỒNG NHÂN DÂN\nTỈNH NINH BÌNH", place="Ninh Bình",
                           date="ngày 10 tháng 12 năm 2026")


@pytest.mark.parametrize(("sentence", "phrase", "date", "recurrence"), [
    ("báo cáo kết quả tại kỳ họp giữa năm 2028 của Hội đồng nhân dân tỉnh.", "giữa năm 2028", dt.date(2028, 6, 30),
     "once"),
    ("báo cáo tiến độ trước ngày 20 của tháng cuối quý.", "trước ngày 20 của tháng cuối quý", None, "quarterly"),
    ("tổ chức đối thoại với hộ nghèo định kỳ 02 lần/năm.", "định kỳ 02 lần/năm", None, "semiannual"),
    ("Giao Sở Xây dựng tổ chức đoàn kiểm tra vào ngày 16/10/2026.", "vào ngày 16/10/2026", dt.date(2026, 10, 16),
     "once"),
    ("báo cáo thiệt hại trong vòng 48 giờ kể từ khi nhận được Công điện này.",
     "trong vòng 48 giờ kể từ khi nhận được Công điện này", None, None),
    ("phát thanh 02 lần/tuần.", None, None, None),  # a frequency without 'định kỳ' is no deadline, as before
])
def test_deadline_phrases_in_prose(sentence: str, phrase: str | None, date: dt.date | None,
                                   recurrence: str | None) -> None:
    assert find_deadline(sentence) == phrase
    if phrase:
        d = parse_deadline(phrase)
        assert (d.date, d.recurrence) == (date, recurrence)


def test_a_past_date_inside_a_task_is_no_deadline() -> None:
    issue = dt.date(2026, 12, 10)
    text = "Cấp giấy chứng nhận cho hộ có đất sử dụng ổn định trước ngày 01/7/2014, hoàn thành trước ngày 30/6/2027."
    assert unless_past(text, find_deadline(text), [], issue) == "trước ngày 30/6/2027"  # the next phrase
    alone = "Cấp giấy chứng nhận cho hộ có đất sử dụng ổn định trước ngày 01/7/2014, không có tranh chấp."
    assert unless_past(alone, find_deadline(alone), [], issue) is None
    assert unless_past(text, "trước ngày 30/6/2027", [], issue) == "trước ngày 30/6/2027"
    assert unless_past(alone, find_deadline(alone), [], None) == "trước ngày 01/7/2014"  # no issue date: as found


def test_a_list_of_bodies_as_the_subject_names_its_agencies() -> None:
    reg = AgencyRegistry(None, "Ninh Bình", "tinh")
    text = ("Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh, các Tổ đại biểu và đại biểu Hội "
            "đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết.")
    assert item_lead(text, reg) == "Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh"


@pytest.mark.parametrize("place", ["xã", "huyện", "tỉnh", "phường"])
def test_front_and_mass_organisations_at_a_place_are_two(place: str) -> None:
    reg = AgencyRegistry(None, "Thanh Hóa", {"xã": "xa", "phường": "xa", "huyện": "huyen", "tỉnh": "tinh"}[place])
    assert reg.split_mentions(f"Ủy ban Mặt trận Tổ quốc Việt Nam {place} và các đoàn thể {place}") == [
        f"Ủy ban Mặt trận Tổ quốc Việt Nam {place}", f"các đoàn thể {place}"]


def test_resolution_article_of_hdnd_bodies_and_session_deadlines() -> None:
    body = ("QUYẾT NGHỊ:\n\nĐiều 1. Tổ chức thực hiện\n"
            "1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết; báo cáo tại kỳ họp giữa năm 2028.\n"
            "2. Giao Ủy ban nhân dân tỉnh cấp giấy chứng nhận cho hộ có đất sử dụng ổn định trước ngày 01/7/2014.\n\n"
            "Điều 2. Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh, các Tổ đại biểu và đại "
            "biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết.\n")
    tasks = task_triples(RESOLUTION + body + SIGNED_TAIL)
    assert [(t["text"][:30], t["lead"], t["deadline"]) for t in tasks] == [
        ("Giao Ủy ban nhân dân tỉnh tổ c", ["Ủy ban nhân dân"], "giữa năm 2028"),
        ("Giao Ủy ban nhân dân tỉnh cấp ", ["Ủy ban nhân dân"], None),
        ("Thường trực Hội đồng nhân dân ", ["Các Ban của Hội đồng nhân dân", "Thường trực Hội đồng nhân dân"], None),
    ]


def test_notice_results_item_and_announcing_sentence_are_no_tasks() -> None:
    body = ("Chủ tịch Ủy ban nhân dân xã kết luận như sau:\n\n"
            "1. Trong tháng 10, xã thu ngân sách đạt 62% dự toán năm; tháng 11 phấn đấu thu đạt 75% dự toán.\n"
            "2. Để hoàn thành các chỉ tiêu năm 2026, Ủy ban nhân dân xã giao:\n"
            "3. Phòng Kinh tế đôn đốc các chủ đầu tư hoàn thiện hồ sơ thanh toán.\n"
            "4. Ủy ban Mặt trận Tổ quốc Việt Nam xã và các đoàn thể xã vận động Nhân dân hiến đất làm đường.\n\n"
            "Ủy ban nhân dân xã thông báo để các cơ quan, đơn vị biết, thực hiện./.\n")
    tasks = task_triples(NOTICE + body + SIGNED_TAIL)
    assert [(t["text"][:24], t["lead"]) for t in tasks] == [
        ("Phòng Kinh tế đôn đốc cá", ["Phòng Kinh tế"]),
        ("Ủy ban Mặt trận Tổ quốc ", ["Các tổ chức chính trị - xã hội", "Ủy ban Mặt trận Tổ quốc Việt Nam"]),
    ]


def test_notice_results_item_keeps_its_goals_as_targets() -> None:
    from tests.conftest import extract_text, target_tuples
    body = ("Chủ tịch Ủy ban nhân dân xã kết luận như sau:\n\n"
            "1. Trong tháng 10, xã thu ngân sách đạt 62% dự toán năm; tháng 11 phấn đấu thu ngân sách đạt 75% dự toán.\n"
            "2. Phòng Kinh tế đôn đốc các chủ đầu tư hoàn thiện hồ sơ thanh toán.\n")
    ex = extract_text(NOTICE + body + SIGNED_TAIL)
    assert [t[:2] for t in target_tuples(ex)] == [(75.0, "%")]  # the goal, not the month's result
    assert len(ex.tasks) == 1


@pytest.mark.parametrize(("text", "lead"), [
    ("Phòng Nông nghiệp và Phát triển nông thôn huyện hướng dẫn các xã xây dựng mô hình sinh kế.",
     "Phòng Nông nghiệp và Phát triển nông thôn huyện"),  # 'các xã': the verb's object, no name's tail
    ("Ban Quản lý dự án đầu tư xây dựng tỉnh hoàn thành hồ sơ.", "Ban Quản lý dự án đầu tư xây dựng tỉnh"),
])
def test_a_verb_before_places_in_the_plural_ends_the_name(text: str, lead: str) -> None:
    assert item_lead(text, AgencyRegistry(None, "Nghệ An", "huyen")) == lead
