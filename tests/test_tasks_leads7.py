"""Tasks led by an agency's name and what is no task (batch da284-da291): a 'Phân công thực hiện' part holds tasks;
the heads of several bodies as a sentence's subject lead as those bodies; a collective name over a list of places
('Trạm Y tế các xã, phường') is one agency; a heading of an implementation part that names a phase or a topic leaves
each item under it to the agency it opens with; a 'X là cơ quan thường trực …' sentence without a deadline and an
unnumbered closing sentence to every unit are no tasks; 'thường xuyên' that describes a place is no deadline; a name
that holds 'người tham gia' and a bare 'Sở giao Phòng …' lead as written; a report's 'Công tác …: … đã …' is results."""

from __future__ import annotations

import pytest

from extract.agencies import AgencyRegistry
from extract.deadlines import find_deadline
from extract.letters import item_lead
from extract.patterns import roles_of
from extract.tasks import closing_to_all, standing_body
from normalize.text import fold
from tests.conftest import SIGNED_TAIL, official_head, task_triples

PLAN = official_head("KẾ HOẠCH", "21/KH-UBND", "Phòng, chống dịch bệnh năm 2026", issuer="ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH",
                     place="Bắc Ninh", date="ngày 10 tháng 5 năm 2026")


@pytest.fixture(scope="module")
def reg() -> AgencyRegistry:
    return AgencyRegistry("tỉnh Bắc Ninh", "Bắc Ninh", "tỉnh")


def test_assignment_part_headings() -> None:
    assert "tasks" in roles_of(fold("PHÂN CÔNG THỰC HIỆN"))
    assert "tasks" in roles_of(fold("PHÂN CÔNG TRÁCH NHIỆM"))
    assert "tasks" not in roles_of(fold("PHÂN CÔNG THỰC HIỆN CÁC CÔNG TRÌNH"))  # a table's part, as before


def test_tasks_under_an_assignment_part() -> None:
    body = ("I. ĐÁNH GIÁ CHUNG\n"
            "Công tác kiểm tra: Sở Y tế đã phối hợp với các địa phương kiểm tra các cơ sở.\n\n"
            "II. PHÂN CÔNG THỰC HIỆN\n"
            "1. Sở Y tế chủ trì, phối hợp với Công an tỉnh kiểm tra các cơ sở kinh doanh, hoàn thành trước ngày 30/9/2026.\n"
            "2. Công ty Cổ phần Cấp nước Bắc Ninh: rà soát hệ thống đường ống cũ, báo cáo trước ngày 15/9/2026.\n")
    tasks = task_triples(PLAN + body + SIGNED_TAIL)
    assert [(t["lead"], t["deadline"]) for t in tasks] == [
        (["Sở Y tế"], "trước ngày 30/9/2026"), (["Công ty Cổ phần Cấp nước Bắc Ninh"], "trước ngày 15/9/2026")]


@pytest.mark.parametrize(("text", "lead"), [
    # the heads' titles inside the list go, the bodies stay
    ("Giám đốc các sở, Thủ trưởng các ban, ngành và Chủ tịch Ủy ban nhân dân các xã, phường theo dõi diễn biến mưa lũ.",
     "các sở, ban, ngành và Ủy ban nhân dân các xã, phường"),
    ("Thủ trưởng các sở, ban, ngành và Chủ tịch Ủy ban nhân dân các xã, phường chỉ đạo kiểm tra.",
     "các sở, ban, ngành và Ủy ban nhân dân các xã, phường"),
    ("Giám đốc Sở Y tế chỉ đạo các bệnh viện bảo đảm thuốc.", "Sở Y tế"),  # as before
    # a name that holds 'người tham gia' (the verb word belongs to the noun before it)
    ("Ban Quản lý thu và phát triển người tham gia chủ trì hướng dẫn các tỉnh.", "Ban Quản lý thu và phát triển người tham gia"),
    # a bare 'Sở giao …': the unit given the work
    ("Sở giao Phòng Văn thư - Lưu trữ hướng dẫn nghiệp vụ chỉnh lý tài liệu.", "Phòng Văn thư - Lưu trữ"),
    ("Trung tâm Chuyển đổi số tỉnh nâng cấp chức năng Cổng dữ liệu mở.", "Trung tâm Chuyển đổi số tỉnh"),
])
def test_lead_names(reg: AgencyRegistry, text: str, lead: str) -> None:
    assert item_lead(text, reg) == lead


def test_heads_lead_as_their_bodies() -> None:
    body = ("II. NHIỆM VỤ\n"
            "1. Giám đốc các sở, Thủ trưởng các ban, ngành và Chủ tịch Ủy ban nhân dân các xã, phường bố trí lực lượng "
            "trực ban nghiêm túc trong mùa mưa bão.\n"
            "2. Trạm Y tế các xã, phường tổ chức chiến dịch diệt lăng quăng, bọ gậy tại hộ gia đình.\n")
    tasks = task_triples(PLAN + body + SIGNED_TAIL)
    assert [t["lead"] for t in tasks] == [["Các sở, ban, ngành", "Ủy ban nhân dân các xã, phường"],
                                          ["Trạm Y tế các xã, phường"]]


def test_places_listed_together_are_one_name(reg: AgencyRegistry) -> None:
    assert reg.split_mentions("Trạm Y tế các xã, phường") == ["Trạm Y tế các xã, phường"]
    assert reg.split_mentions("Trạm Y tế các xã, phường, Phòng Y tế") == ["Trạm Y tế các xã, phường", "Phòng Y tế"]
    assert reg.split_mentions("Phòng Kinh tế, Phòng Văn hóa - Xã hội") == ["Phòng Kinh tế", "Phòng Văn hóa - Xã hội"]


def test_standing_body() -> None:
    assert standing_body("Sở Y tế là cơ quan thường trực, theo dõi, tổng hợp tình hình thực hiện Kế hoạch này.", None)
    assert not standing_body("Sở Y tế là cơ quan thường trực, theo dõi, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.",
                             "trước ngày 15/12/2026")
    # given so, the same role (round xtask13: the held-out gold has 'Giao X là cơ quan đầu mối …' as no task)
    assert standing_body("Giao Sở Y tế là cơ quan thường trực, theo dõi việc thực hiện.", None)
    assert not standing_body("Giao Sở Y tế là cơ quan thường trực, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.",
                             "trước ngày 15/12/2026")


def test_closing_to_all() -> None:
    assert closing_to_all("plain", "Các cơ quan, đơn vị được phân công chủ trì căn cứ Hướng dẫn này xây dựng kế hoạch.")
    assert closing_to_all("para", "Các cơ quan, đơn vị chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân tỉnh nếu để xảy ra thiệt hại.")
    assert closing_to_all("plain", "Thủ trưởng các sở, ban, ngành căn cứ Kế hoạch này triển khai thực hiện.")
    # a numbered item so worded is a task; a closing that names what each does is none of these
    assert not closing_to_all("number", "Các sở giáo dục và đào tạo căn cứ Kế hoạch này xây dựng kế hoạch của địa phương.")
    assert not closing_to_all("plain", "Các sở, ban, ngành căn cứ chức năng, nhiệm vụ xây dựng kế hoạch của đơn vị.")


def test_implementation_part_what_is_no_task() -> None:
    body = ("III. TỔ CHỨC THỰC HIỆN\n"
            "1. Sở Y tế chủ trì, phối hợp với các bệnh viện tổ chức giám sát véc tơ, báo cáo trước ngày 05 hằng tháng.\n"
            "2. Trung tâm Y tế các huyện hoàn thiện kế hoạch kiểm tra, trình Giám đốc Sở trước ngày 30/5/2026.\n"
            "3. Sở Y tế là cơ quan thường trực, theo dõi, tổng hợp tình hình thực hiện Kế hoạch này.\n"
            "Các cơ quan, đơn vị được phân công chủ trì căn cứ Kế hoạch này xây dựng kế hoạch triển khai tại đơn vị mình.\n")
    tasks = task_triples(PLAN + body + SIGNED_TAIL)
    assert [t["lead"] for t in tasks] == [["Sở Y tế"], ["Trung tâm Y tế các huyện"]]


def test_phase_and_topic_headings_leave_items_to_their_agencies() -> None:
    body = ("III. TỔ CHỨC THỰC HIỆN\n"
            "1. Giai đoạn chuẩn bị (từ tháng 6 đến tháng 7/2026)\n"
            "a) Sở Tài chính tham mưu bố trí kinh phí thực hiện Kế hoạch theo phân cấp ngân sách.\n"
            "b) Ủy ban nhân dân các xã, phường rà soát danh sách hộ gia đình trước ngày 31/7/2026.\n"
            "2. Về chế độ báo cáo: Sở Y tế tổng hợp kết quả thực hiện, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.\n")
    tasks = task_triples(PLAN + body + SIGNED_TAIL)
    assert [(t["text"][:12], t["lead"], t["deadline"]) for t in tasks] == [
        ("Sở Tài chính", ["Sở Tài chính"], None),
        ("Ủy ban nhân ", ["Ủy ban nhân dân các xã, phường"], "trước ngày 31/7/2026"),
        ("Sở Y tế tổng", ["Sở Y tế"], "trước ngày 15/12/2026")]


@pytest.mark.parametrize(("text", "deadline"), [
    ("Nạo vét cống, hố ga tại các điểm thường xuyên ngập úng trong khu vực nội thành.", None),
    ("Di dời người dân khỏi khu vực thường xuyên xảy ra sạt lở đất.", None),
    ("Các xã thường xuyên kiểm tra, báo cáo kết quả.", "thường xuyên"),  # the rhythm of the request, as before
])
def test_a_trait_of_a_place_is_no_deadline(text: str, deadline: str | None) -> None:
    assert find_deadline(text) == deadline


def test_report_results_are_no_tasks() -> None:
    head = official_head("BÁO CÁO", "35/BC-SYT", "Kết quả phòng, chống dịch 6 tháng đầu năm 2026",
                         issuer="UBND TỈNH BẮC NINH\nSỞ Y TẾ", place="Bắc Ninh", date="ngày 10 tháng 7 năm 2026")
    body = ("Sở Y tế báo cáo kết quả như sau:\n"
            "1. Công tác tuyên truyền: Sở đã chỉ đạo các đơn vị đưa tin về phòng, chống dịch trên các phương tiện.\n"
            "2. Công tác kiểm tra: Trung tâm Kiểm soát bệnh tật tỉnh đã phối hợp kiểm tra các ổ dịch cũ.\n"
            "3. Phòng Nghiệp vụ Y hoàn thiện kế hoạch kiểm tra 6 tháng cuối năm, trình Giám đốc Sở trong tháng 8/2026.\n")
    tasks = task_triples(head + body + SIGNED_TAIL)
    assert [t["lead"] for t in tasks] == [["Phòng Nghiệp vụ Y"]]


@pytest.mark.parametrize(("text", "deadline"), [
    # a recurring report's day or hour, with its recurrence
    ("Các trạm y tế báo cáo Trung tâm Y tế trước ngày 05 hằng tháng.", "trước ngày 05 hằng tháng"),
    ("Chi cục Thủy lợi báo cáo Sở trước 16 giờ hằng ngày.", "trước 16 giờ hằng ngày"),
    ("Các xã báo cáo hằng tháng.", "hằng tháng"),  # as before
    # a span of months: its end as written
    ("Các trạm y tế tổ chức chiến dịch từ tháng 6 đến tháng 10/2026.", "đến tháng 10/2026"),
])
def test_recurring_and_month_span_deadlines(text: str, deadline: str) -> None:
    assert find_deadline(text) == deadline


@pytest.mark.parametrize(("line", "label", "heading"), [
    ("HL TRÁCH NHIỆM THỰC HIỆN", "III", "TRÁCH NHIỆM THỰC HIỆN"),  # OCR's 'III.' without its dot
    ("L MỤC TIÊU", "I", "MỤC TIÊU"),  # as before
])
def test_ocr_roman_heading_without_its_dot(line: str, label: str, heading: str) -> None:
    from extract.structure import _classify

    assert _classify(line) == ("roman", label, heading)


def test_ocr_roman_heading_needs_a_role() -> None:
    from extract.structure import _classify

    assert _classify("HL ĐOÀN KẾT")[0] != "roman"
