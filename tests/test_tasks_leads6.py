"""Tasks' leads and deadlines in more phrasings (batch da280-da283): a broadcaster named with its province before a
one-syllable verb ('… Quảng Ngãi mở …'); a commune's residential units as a lead ('Các thôn, tổ dân phố', kept as
written); deadlines 'từ ngày … đến ngày …', 'trong 05 ngày làm việc kể từ ngày nhận được văn bản đề nghị …', 'chậm
nhất 02 giờ trước khi …'; a numbered 'X là đầu mối theo dõi, tổng hợp …' and a table's introducing sentence are no
tasks; a wrapped table row whose deadline stands on its continuation line is one task."""

from __future__ import annotations

import pytest

from extract.agencies import AgencyRegistry, residential_units
from extract.deadlines import find_deadline, parse_deadline
from extract.letters import item_lead
from tests.conftest import SIGNED_TAIL, official_head, task_triples

HEAD = official_head("KẾ HOẠCH", "15/KH-UBND", "Tổ chức Tháng hành động năm 2026", issuer="ỦY BAN NHÂN DÂN\nTỈNH PHÚ THỌ",
                     place="Phú Thọ", date="ngày 10 tháng 5 năm 2026")


@pytest.fixture(scope="module")
def reg() -> AgencyRegistry:
    return AgencyRegistry("tỉnh Phú Thọ", "Phú Thọ", "tỉnh")


@pytest.mark.parametrize(("text", "deadline"), [
    # a span of days: its end, as written
    ("Các xã tổ chức ra quân từ ngày 01/6 đến ngày 30/6/2026.", "đến ngày 30/6/2026"),
    ("Báo Phú Thọ đăng tin từ 01/6 - 07/6/2026.", "07/6/2026"),
    ("Các xã triển khai từ ngày 01/6/2026.", None),  # a start alone, as before
    # a counted span's clause goes on over 'đề nghị' ('để' still ends it)
    ("Sở Tư pháp thẩm định trong 05 ngày làm việc kể từ ngày nhận được văn bản đề nghị của Sở Nội vụ.",
     "trong 05 ngày làm việc kể từ ngày nhận được văn bản đề nghị của Sở Nội vụ"),
    ("Sở Tư pháp thẩm định trong 10 ngày kể từ ngày nhận được hồ sơ để trình phê duyệt.",
     "trong 10 ngày kể từ ngày nhận được hồ sơ"),
    # hours or days before an event, with the event
    ("Bệnh viện báo cáo danh sách chậm nhất 02 giờ trước khi khai mạc lễ hội.", "chậm nhất 02 giờ trước khi khai mạc lễ hội"),
    ("Các đơn vị gửi báo cáo chậm nhất 03 ngày làm việc trước khi tổ chức hội nghị, đồng thời gửi qua thư điện tử.",
     "chậm nhất 03 ngày làm việc trước khi tổ chức hội nghị"),
])
def test_deadline_phrasings(text: str, deadline: str | None) -> None:
    assert find_deadline(text) == deadline


def test_a_span_ends_on_its_last_day() -> None:
    assert parse_deadline("đến ngày 30/6/2026").date.isoformat() == "2026-06-30"


@pytest.mark.parametrize(("text", "lead"), [
    # a province's name ends a broadcaster's name: the one-syllable verb after it is the request's
    ("Đài Phát thanh và Truyền hình Quảng Ngãi mở chuyên mục tuyên truyền.", "Đài Phát thanh và Truyền hình Quảng Ngãi"),
    ("Đài Phát thanh và Truyền hình Thanh Hóa mở chuyên mục về du lịch.", "Đài Phát thanh và Truyền hình Thanh Hóa"),
    ("Công ty Cổ phần Môi trường và Công trình đô thị lập kế hoạch.", "Công ty Cổ phần Môi trường và Công trình đô thị"),  # as before
    # a commune's residential units together, with or without a qualifier
    ("Các thôn, tổ dân phố tổ chức ra quân tổng vệ sinh.", "Các thôn, tổ dân phố"),
    ("Các ấp, khu phố ven biển vận động người dân giữ gìn vệ sinh.", "Các ấp, khu phố ven biển"),
])
def test_where_a_lead_ends(reg: AgencyRegistry, text: str, lead: str) -> None:
    assert item_lead(text, reg) == lead


def test_residential_units() -> None:
    assert residential_units("Các thôn, bản")
    assert residential_units("Các thôn, tổ dân phố ven biển")
    assert not residential_units("Các thôn đã hoàn thành")  # a sentence, not units named together
    assert not residential_units("Các sở, ban, ngành")


def test_residential_units_lead_as_written() -> None:
    body = ("II. NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN\n"
            "1. Các thôn, tổ dân phố tổ chức ra quân tổng vệ sinh đường làng, ngõ xóm từ ngày 01/6 đến ngày 30/6/2026.\n"
            "2. Sở Y tế hướng dẫn các xã, phường phun hóa chất diệt muỗi, hoàn thành trong Quý III/2026.\n")
    tasks = task_triples(HEAD + body + SIGNED_TAIL)
    assert [(t["lead"], t["deadline"]) for t in tasks] == [
        (["Các thôn, tổ dân phố"], "đến ngày 30/6/2026"), (["Sở Y tế"], "trong Quý III/2026")]


def test_a_focal_point_is_no_task() -> None:
    body = ("II. NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN\n"
            "1. Sở Y tế hướng dẫn các xã, phường phun hóa chất diệt muỗi, hoàn thành trong Quý III/2026.\n"
            "2. Sở Y tế là đầu mối theo dõi, tổng hợp kết quả thực hiện Kế hoạch này.\n"
            "3. Giao Sở Nội vụ là đầu mối tổng hợp, báo cáo kết quả thi đua trước ngày 15/12/2026.\n")
    tasks = task_triples(HEAD + body + SIGNED_TAIL)
    assert [t["lead"] for t in tasks] == [["Sở Y tế"], ["Sở Nội vụ"]]  # an assignment with 'Giao' stays a task


def test_a_table_introduction_and_a_wrapped_deadline() -> None:
    body = ("II. NHIỆM VỤ CỤ THỂ\n"
            "Các sở, ngành thực hiện các nội dung sau:\n"
            "TT\tNội dung nhiệm vụ\tThời hạn hoàn thành\tĐơn vị chủ trì\tĐơn vị phối hợp\n"
            "1\tSố hóa hồ sơ cấp phép khai thác tài nguyên nước và xả\t\tSở Nông nghiệp và Môi trường\tSở Tài chính\n"
            "\tthải vào nguồn nước\tTháng 9/2026\t\t\n"
            "2\tTổng hợp, báo cáo kết quả thực hiện Kế hoạch\tTrước ngày 15/12/2026\tSở Nội vụ\tCác sở, ngành\n")
    tasks = task_triples(HEAD + body + SIGNED_TAIL)
    assert tasks == [
        {"text": "Số hóa hồ sơ cấp phép khai thác tài nguyên nước và xả thải vào nguồn nước", "deadline": "Tháng 9/2026",
         "lead": ["Sở Nông nghiệp và Môi trường"]},
        {"text": "Tổng hợp, báo cáo kết quả thực hiện Kế hoạch", "deadline": "Trước ngày 15/12/2026", "lead": ["Sở Nội vụ"]},
    ]


def test_giao_names_its_lead_up_to_chu_tri() -> None:
    body = ("II. NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN\n"
            "1. Giao Tổ chức phát triển quỹ đất tỉnh chủ trì bồi thường, giải phóng mặt bằng.\n"
            "2. Giao Cảng vụ Hàng hải Thanh Hóa chủ trì kiểm tra tàu thuyền, hoàn thành trước ngày 30/6/2026.\n"
            "3. Giao Khu Bảo tồn thiên nhiên Xuân Liên chủ trì, phối hợp với Ủy ban nhân dân các xã tuần tra rừng.\n"
            "4. Giao Sở Tài chính và Sở Nội vụ chủ trì rà soát biên chế.\n")  # two registry names, as before
    tasks = task_triples(HEAD + body + SIGNED_TAIL)
    assert [t["lead"] for t in tasks] == [["Tổ chức phát triển quỹ đất tỉnh"], ["Cảng vụ Hàng hải Thanh Hóa"],
                                          ["Khu Bảo tồn thiên nhiên Xuân Liên"], ["Sở Nội vụ", "Sở Tài chính"]]


def test_no_given_lead_without_a_name() -> None:
    from extract.letters import _given_lead

    assert _given_lead("Giao Nhà Văn hóa Thiếu nhi tỉnh chủ trì tổ chức trại hè.") == "Nhà Văn hóa Thiếu nhi tỉnh"
    assert _given_lead("Giao các đơn vị chủ trì triển khai.") is None  # no name with a capital
    assert _given_lead("Giao Sở Tư pháp, Sở Nội vụ chủ trì rà soát.") is None  # a list: the usual reading
    assert _given_lead("Sở Tư pháp chủ trì rà soát.") is None  # no 'Giao'


def test_proper_names_kept_as_written() -> None:
    from extract.agencies import _proper_name

    assert _proper_name("Cảng vụ Hàng hải Thanh Hóa")
    assert _proper_name("Nhà Văn hóa Thiếu nhi tỉnh")
    assert _proper_name("Tạp chí Nông nghiệp và Môi trường")
    assert not _proper_name("Truyền hình Cao Bằng đưa tin dự báo thời tiết")  # a name run on into a sentence
    assert not _proper_name("Tổ công tác đặc biệt của tỉnh")  # no second capital: not told from a sentence


def test_a_unit_sharing_a_ministrys_field_is_no_ministry() -> None:
    head = official_head("KẾ HOẠCH", "22/KH-BNNMT", "Chuyển đổi số năm 2026", issuer="BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
                         place="Hà Nội", date="ngày 15 tháng 5 năm 2026")
    body = ("II. NHIỆM VỤ CỤ THỂ\n"
            "TT\tNội dung nhiệm vụ\tThời hạn hoàn thành\tĐơn vị chủ trì\tĐơn vị phối hợp\n"
            "1\tXuất bản số chuyên đề về chuyển đổi số\tQuý IV/2026\tTạp chí Nông nghiệp và Môi trường\tVăn phòng Bộ\n"
            "2\tMở chuyên trang về chuyển đổi số của ngành\tQuý III/2026\tBáo Nông nghiệp và Môi trường\tVăn phòng Bộ\n"
            "3\tBáo cáo Chính phủ kết quả chuyển đổi số\tTháng 12/2026\tBộ NN&MT\tCác đơn vị thuộc Bộ\n")
    tasks = task_triples(head + body + SIGNED_TAIL)
    assert [t["lead"] for t in tasks] == [["Tạp chí Nông nghiệp và Môi trường"], ["Báo Nông nghiệp và Môi trường"],
                                          ["Bộ Nông nghiệp và Môi trường"]]  # the ministry itself, as before
