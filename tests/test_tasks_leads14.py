"""Tasks read from prose (batch da326-da331, issue 11): a guide's agency-subject sentences, a unit named with its
parent, communes or wards named in a collective, a relative deadline counted from an event, and what is no task: a
'Mục' heading over 'Nhiệm vụ N:' items, a focal body given its role ('Giao X là cơ quan đầu mối …'), a closing that
asks every unit to report back."""

from __future__ import annotations

import pytest

from extract.agencies import AgencyRegistry
from extract.deadlines import find_deadline
from extract.letters import item_lead
from extract.tasks import closing_to_all, standing_body
from tests.conftest import SIGNED_TAIL, official_head, task_triples

GUIDE = official_head("HƯỚNG DẪN", "2140/HD-SYT", "Giám sát ca bệnh sởi", issuer="UBND TỈNH QUẢNG NGÃI\nSỞ Y TẾ",
                      place="Quảng Ngãi", date="ngày 06 tháng 11 năm 2026")
PLAN = official_head("KẾ HOẠCH", "298/KH-UBND", "Phát triển kinh tế số năm 2027", issuer="ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN",
                     place="Lạng Sơn", date="ngày 18 tháng 11 năm 2026")


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("chuyển mẫu bệnh phẩm trong 48 giờ sau khi tiếp nhận người bệnh.", "trong 48 giờ sau khi tiếp nhận người bệnh"),
    ("khơi thông cống rãnh trong 06 giờ sau mỗi đợt mưa lớn, báo cáo Ủy ban.", "trong 06 giờ sau mỗi đợt mưa lớn"),
    ("tiếp nhận, xử lý người bị động vật cắn trong 24 giờ.", "trong 24 giờ"),
])
def test_hours_after_an_event_are_kept_whole(sentence: str, phrase: str) -> None:
    assert find_deadline(sentence) == phrase


@pytest.mark.parametrize(("text", "lead"), [
    ("Các bệnh viện đa khoa khu vực thiết lập khu vực cách ly.", "Các bệnh viện đa khoa khu vực"),
    # a unit named with the body it belongs to: the unit
    ("Phòng Nghiệp vụ Y, Sở Y tế theo dõi, tổng hợp tình hình dịch.", "Phòng Nghiệp vụ Y"),
    ("Chi cục Thủy lợi, Sở Nông nghiệp và Môi trường hướng dẫn các xã.", "Chi cục Thủy lợi"),
    # communes or wards named two or more: as written
    ("Ủy ban nhân dân các phường Phú Xuân, Thuận Hóa bố trí lực lượng trực.",
     "Ủy ban nhân dân các phường Phú Xuân, Thuận Hóa"),
    ("Ủy ban nhân dân các xã Đồng Đăng và Lộc Bình tổ chức thí điểm.", "Ủy ban nhân dân các xã Đồng Đăng và Lộc Bình"),
])
def test_leads_of_prose_sentences(text: str, lead: str) -> None:
    assert item_lead(text, AgencyRegistry(None, "Quảng Ngãi", "tinh")) == lead


def test_named_wards_resolve_as_written_and_one_named_place_to_the_collective() -> None:
    reg = AgencyRegistry(None, "Huế", "thanh pho")
    assert reg.resolve("Ủy ban nhân dân các phường Phú Xuân, Thuận Hóa").name \
        == "Ủy ban nhân dân các phường Phú Xuân, Thuận Hóa"
    assert reg.resolve("Ủy ban nhân dân các xã, phường, đặc khu Cồn Cỏ").name \
        == reg.resolve("Ủy ban nhân dân các xã, phường, đặc khu").name


def test_peers_before_one_verb_stay_two() -> None:
    reg = AgencyRegistry(None, "Hà Tĩnh", "tinh")
    assert item_lead("Phòng Kinh tế, Phòng Văn hóa - Xã hội rà soát các hộ.", reg) \
        == "Phòng Kinh tế, Phòng Văn hóa - Xã hội"


def test_a_focal_body_given_its_role_is_no_task() -> None:
    assert standing_body("Giao Sở Khoa học và Công nghệ là cơ quan đầu mối, theo dõi, đôn đốc việc thực hiện.", None)
    # a closing to every unit run on after it: its deadline is none of the role's
    text = ("Giao Chi cục Quản lý đất đai là cơ quan đầu mối theo dõi, tổng hợp kết quả. Các cơ quan, đơn vị báo cáo "
            "kết quả về Sở Nông nghiệp và Môi trường trước ngày 20/12/2026.")
    assert standing_body(text, "trước ngày 20/12/2026")
    # its own report with a deadline is a task
    assert not standing_body("Sở Nội vụ là cơ quan thường trực, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.",
                             "trước ngày 15/12/2026")


def test_a_closing_that_asks_every_unit_to_report_back_is_no_task() -> None:
    text = "Các cơ quan, đơn vị báo cáo kết quả thực hiện về Sở Y tế (qua Phòng Nghiệp vụ Y) trước ngày 25 hằng tháng."
    assert closing_to_all("plain", text)
    assert not closing_to_all("number", text)  # a numbered item so worded is a task
    assert not closing_to_all("plain", "Sở Y tế báo cáo kết quả về Bộ Y tế trước ngày 25 hằng tháng.")


def test_a_guide_implementation_part_of_agency_sentences() -> None:
    text = GUIDE + (
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Phát hiện sớm ca bệnh nghi sởi, khoanh vùng, xử lý kịp thời ổ dịch.\n\n"
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Các bệnh viện đa khoa khu vực thiết lập khu vực cách ly, chuyển mẫu bệnh phẩm trong 48 giờ sau khi tiếp "
        "nhận người bệnh.\n"
        "2. Phòng Nghiệp vụ Y, Sở Y tế theo dõi, tổng hợp tình hình dịch, tham mưu Giám đốc Sở chỉ đạo xử lý.\n"
        "3. Trung tâm Kiểm soát bệnh tật tỉnh là cơ quan thường trực, tổng hợp số liệu giám sát của toàn tỉnh.\n\n"
        "Các cơ quan, đơn vị báo cáo kết quả thực hiện về Sở Y tế trước ngày 25 hằng tháng./.\n") + SIGNED_TAIL
    got = task_triples(text)
    assert [(t["lead"], t["deadline"]) for t in got] == [
        (["Các bệnh viện đa khoa khu vực"], "trong 48 giờ sau khi tiếp nhận người bệnh"),
        (["Phòng Nghiệp vụ Y"], None),
    ]


def test_a_muc_heading_over_named_tasks_is_no_task() -> None:
    text = PLAN + (
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Cụ thể hóa các nhiệm vụ phát triển kinh tế số của tỉnh năm 2027.\n\n"
        "II. NHIỆM VỤ CỤ THỂ\n"
        "Mục 1. Hoàn thiện cơ chế, chính sách phát triển kinh tế số\n"
        "Nhiệm vụ 1: Xây dựng chính sách hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số.\n"
        "Chủ trì: Sở Khoa học và Công nghệ; phối hợp: Sở Tài chính. Thời gian hoàn thành: Quý II/2027.\n"
        "Mục 2. Phát triển hạ tầng và nền tảng số\n"
        "Nhiệm vụ 2: Đưa sản phẩm OCOP của tỉnh lên các sàn thương mại điện tử.\n"
        "Chủ trì: Sở Công Thương; phối hợp: Sở Nông nghiệp và Môi trường. Thời gian hoàn thành: Quý IV/2027.\n\n"
        "III. TỔ CHỨC THỰC HIỆN\n"
        "1. Giao Sở Khoa học và Công nghệ là cơ quan đầu mối, theo dõi, đôn đốc việc thực hiện Kế hoạch này.\n"
        "2. Ủy ban nhân dân các xã Đồng Đăng, Lộc Bình tổ chức thí điểm mô hình chợ số, hoàn thành trước ngày "
        "30/6/2027.\n") + SIGNED_TAIL
    got = task_triples(text)
    assert [(t["text"][:30], t["lead"], t["deadline"]) for t in got] == [
        ("Xây dựng chính sách hỗ trợ doa", ["Sở Khoa học và Công nghệ"], "Quý II/2027"),
        ("Đưa sản phẩm OCOP của tỉnh lên", ["Sở Công Thương"], "Quý IV/2027"),
        ("Ủy ban nhân dân các xã Đồng Đă", ["Ủy ban nhân dân các xã Đồng Đăng, Lộc Bình"], "trước ngày 30/6/2027"),
    ]


def test_a_closing_that_first_bids_the_units_act_stays_a_task() -> None:
    assert not closing_to_all("plain", "Các sở, ban, ngành, Ủy ban nhân dân các xã căn cứ chức năng, nhiệm vụ triển khai "
                                       "thực hiện, báo cáo kết quả về Sở Công Thương hằng quý.")


@pytest.mark.parametrize(("item", "task"), [
    ("Đến ngày 05/3/2026, toàn tỉnh đã thành lập 210 tổ đội phòng cháy rừng.", False),  # results as of a day
    ("Tính đến nay, các xã đã phát dọn 120 km đường băng cản lửa.", False),
    ("Đến ngày 30/6/2026, hoàn thành việc rà soát các hộ nghèo.", True),  # a deadline, nothing done yet
])
def test_results_as_of_a_day_are_no_task(item: str, task: bool) -> None:
    text = official_head("THÔNG BÁO", "77/TB-UBND", "Kết luận tại cuộc họp về phòng cháy rừng",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN", place="Điện Biên", date="ngày 10 tháng 3 năm 2026") + (
        "Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:\n\n"
        f"1. {item}\n2. Công an tỉnh điều tra, xử lý các vụ vi phạm về phòng cháy rừng.\n") + SIGNED_TAIL
    got = [t["text"] for t in task_triples(text)]
    assert (item.rstrip(".") in [g.rstrip(".") for g in got]) is task
    assert any(g.startswith("Công an tỉnh điều tra") for g in got)


def test_a_muc_heading_read_with_a_roman_number_is_no_task() -> None:
    text = PLAN + (
        "II. NHIỆM VỤ CỤ THỂ\n"
        "Mục I. Hoàn thiện cơ chế, chính sách phát triển kinh tế số\n"  # 'Mục 1.' as OCR read it
        "Nhiệm vụ 1: Xây dựng chính sách hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số.\n"
        "Chủ trì: Sở Khoa học và Công nghệ; phối hợp: Sở Tài chính. Thời gian hoàn thành: Quý II/2027.\n") + SIGNED_TAIL
    assert [t["text"][:30] for t in task_triples(text)] == ["Xây dựng chính sách hỗ trợ doa"]
