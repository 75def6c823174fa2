"""Task structure (batch da296-da298): a paragraph of two agency-first sentences is two tasks; a one-line numbered
topic heading ('1. Về công tác tuyên truyền') does not run on into the paragraph under it; a line that introduces a
table is no task; an hour counted from a named day ('trước 17 giờ ngày hôm trước') and a season set by 'trong' /
'trước' ('trước mùa mưa năm 2026') are deadlines as written."""

from __future__ import annotations

import pytest

from extract.deadlines import find_deadline
from extract.patterns import load_json, rx
from extract.structure import Line, parse_structure
from normalize.text import fold
from tests.conftest import SIGNED_TAIL, official_head, task_triples

LETTER = official_head("CÔNG VĂN", "210/UBND-NNMT", "V/v phòng, chống hạn hán", issuer="ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH",
                       place="Bắc Ninh", date="ngày 10 tháng 3 năm 2026")
PLAN = official_head("KẾ HOẠCH", "21/KH-UBND", "Phòng, chống thiên tai năm 2026", issuer="ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH",
                     place="Bắc Ninh", date="ngày 10 tháng 2 năm 2026")


@pytest.mark.parametrize(("text", "deadline"), [
    ("Các xã báo cáo kết quả về Sở trước 17 giờ ngày hôm trước.", "trước 17 giờ ngày hôm trước"),
    ("Chi cục báo cáo trước 16 giờ 00 ngày làm việc trước đó.", "trước 16 giờ 00 ngày làm việc trước đó"),
    ("Các xã gia cố các đập dâng trước mùa mưa năm 2026.", "trước mùa mưa năm 2026"),
    ("Các xã kiểm tra an toàn hồ chứa trong mùa mưa bão.", None),  # within a season, no year: none (leads10)
    ("Sở quan trắc độ mặn, thực hiện thường xuyên trong mùa khô.", "thường xuyên"),  # the recurrence, as before
    ("Trong mùa khô, các xã báo cáo trước ngày 30/4/2026.", "trước ngày 30/4/2026"),  # a date first
    ("Tăng cường công tác phòng, chống thiên tai mùa mưa bão năm 2026.", None),  # a topic, no deadline
    ("Báo cáo trước 16 giờ hằng ngày.", "trước 16 giờ hằng ngày"),  # as before
])
def test_hour_of_a_named_day_and_seasons(text: str, deadline: str | None) -> None:
    assert find_deadline(text) == deadline


def test_two_agency_sentences_are_two_tasks() -> None:
    body = ("Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:\n"
            "1. Sở Nông nghiệp và Môi trường chủ trì rà soát nguồn nước tại các hồ chứa, hoàn thành trước ngày "
            "20/3/2026. Sở Công Thương phối hợp chỉ đạo bảo đảm cung ứng điện cho các trạm bơm.\n"
            "2. Sở Tài chính tham mưu bố trí kinh phí hỗ trợ các địa phương. Trường hợp vượt thẩm quyền, báo cáo "
            "Ủy ban nhân dân tỉnh xem xét.\n")
    tasks = task_triples(LETTER + body + SIGNED_TAIL)
    assert [(t["text"][:25], t["lead"], t["deadline"]) for t in tasks] == [
        ("Sở Nông nghiệp và Môi trư", ["Sở Nông nghiệp và Môi trường"], "trước ngày 20/3/2026"),
        ("Sở Công Thương phối hợp c", ["Sở Công Thương"], None),
        ("Sở Tài chính tham mưu bố ", ["Sở Tài chính"], None),  # its second sentence names no agency first: kept
    ]
    assert tasks[0]["text"].endswith("trước ngày 20/3/2026.")


def _paras(text: str) -> list[tuple[str, str]]:
    lines = [Line(i, 1, t) for i, t in enumerate(text.splitlines())]
    return [(p.marker, p.text) for p in parse_structure(lines).paras]


def test_topic_heading_does_not_run_on() -> None:
    paras = _paras("II. NHIỆM VỤ VÀ GIẢI PHÁP\n1. Về công tác tuyên truyền\n"
                   "Sở Văn hóa, Thể thao và Du lịch chủ trì xây dựng chuyên mục phòng, chống thiên tai.\n"
                   "2. Về diễn tập ứng phó thiên tai\nBộ Chỉ huy Quân sự tỉnh chủ trì diễn tập.\n"
                   "3. Về công tác phối hợp giữa các sở và\nUỷ ban nhân dân các xã.\n")
    assert ("number", "Về công tác tuyên truyền") in paras
    assert ("number", "Về diễn tập ứng phó thiên tai") in paras  # 'thiên tai' is no 'tại' left open
    assert ("number", "Về công tác phối hợp giữa các sở và Uỷ ban nhân dân các xã.") in paras  # a wrapped line goes on


@pytest.mark.parametrize("line", [
    "Các nhiệm vụ diễn tập được phân công cụ thể theo bảng dưới đây:",
    "Chi tiết nhiệm vụ của từng cơ quan tại bảng sau:",
])
def test_table_introduction_is_no_task(line: str) -> None:
    assert rx(load_json("letters.json")["item_no_task"]).match(fold(line))


def test_topic_headings_and_table_intro_in_a_plan() -> None:
    body = ("II. NHIỆM VỤ VÀ GIẢI PHÁP\n1. Về công tác tuyên truyền\n"
            "Sở Văn hóa, Thể thao và Du lịch chủ trì xây dựng chuyên mục phòng, chống thiên tai trên sóng phát thanh.\n"
            "2. Về công tác tập huấn\n"
            "Sở Nông nghiệp và Môi trường chủ trì tổ chức tập huấn cho lực lượng xung kích, hoàn thành trong Quý "
            "II/2026. Sở Nội vụ phối hợp bố trí cán bộ tham gia các lớp tập huấn.\n"
            "3. Về diễn tập\nCác nhiệm vụ diễn tập được phân công cụ thể theo bảng dưới đây:\n\n")
    tasks = task_triples(PLAN + body + SIGNED_TAIL)
    assert [(t["text"][:20], t["lead"], t["deadline"]) for t in tasks] == [
        ("Sở Văn hóa, Thể thao", ["Sở Văn hóa, Thể thao và Du lịch"], None),
        ("Sở Nông nghiệp và Mô", ["Sở Nông nghiệp và Môi trường"], "trong Quý II/2026"),
        ("Sở Nội vụ phối hợp b", ["Sở Nội vụ"], None),
    ]


def test_notice_opening_results_item_is_no_task() -> None:
    notice = official_head("THÔNG BÁO", "112/TB-VP", "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh",
                           issuer="UBND TỈNH BẮC NINH\nVĂN PHÒNG", place="Bắc Ninh", date="ngày 16 tháng 4 năm 2026")
    body = ("Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:\n"
            "1. Năm 2025, trên địa bàn tỉnh xảy ra 04 vụ cháy rừng, diện tích thiệt hại giảm 35% so với năm 2024; tỷ "
            "lệ che phủ rừng đạt 52,6%.\n"
            "2. Năm 2026, Sở Nông nghiệp và Môi trường tổ chức kiểm tra các khu rừng trọng điểm trước ngày 30/5/2026.\n"
            "3. Sở Tài chính tham mưu bố trí kinh phí mua sắm trang thiết bị phòng cháy, chữa cháy rừng.\n")
    tasks = task_triples(notice + body + SIGNED_TAIL)
    assert [t["lead"] for t in tasks] == [["Sở Nông nghiệp và Môi trường"], ["Sở Tài chính"]]
