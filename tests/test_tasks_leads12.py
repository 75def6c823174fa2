"""Tasks read from prose (batch da316-da321, issue 11): a request heading with two addressees over lettered items, a
region's branch of a national body in a province's letter, an item whose first words are its task under an agency
heading, a guide's numbered steps under a 'Mục' whose opening line names the unit once, role statements ('là đơn vị
đầu mối'), a notice's item reporting what was done, a closing 'nghiêm túc thực hiện' sentence, a deadline an
article's opening sentence sets for all its items."""

from __future__ import annotations

import pytest

from extract.agencies import AgencyRegistry
from extract.letters import item_lead
from extract.structure import Line, parse_structure
from extract.tasks import closing_to_all, standing_body
from tests.conftest import SIGNED_TAIL, official_head, task_triples

LETTER = official_head("CÔNG VĂN", "3185/SNNMT-TL", "V/v bảo đảm nước tưới vụ Đông Xuân",
                       issuer="UBND TỈNH THÁI NGUYÊN\nSỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", place="Thái Nguyên",
                       date="ngày 14 tháng 10 năm 2026")
GUIDE = official_head("HƯỚNG DẪN", "5126/HD-BYT", "Triển khai Sổ sức khỏe điện tử", issuer="BỘ Y TẾ",
                      place="Hà Nội", date="ngày 18 tháng 9 năm 2026")
DECISION = official_head("QUYẾT ĐỊNH", "915/QĐ-UBND", "Về việc giao nhiệm vụ chuyển đổi số năm 2027",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH TUYÊN QUANG", place="Tuyên Quang", date="ngày 05 tháng 12 năm 2026")
NOTICE = official_head("THÔNG BÁO", "41/TB-UBND", "Kết luận của Chủ tịch UBND xã về vệ sinh môi trường",
                       issuer="ỦY BAN NHÂN DÂN\nXÃ TÂN LẬP", place="Tân Lập", date="ngày 03 tháng 6 năm 2026")


def _triples(text: str) -> list[tuple[str, list[str], str | None]]:
    return [(t["text"][:24], t["lead"], t["deadline"]) for t in task_triples(text)]


def test_region_branch_of_a_national_body_in_a_local_letter() -> None:
    local = AgencyRegistry("tỉnh Thái Nguyên", "Thái Nguyên", "tỉnh")
    assert local.resolve("Kho bạc Nhà nước Khu vực V").name == "Kho bạc Nhà nước"
    assert local.resolve("Bảo hiểm xã hội tỉnh").name == "Bảo hiểm xã hội tỉnh"  # a province's branch: as written
    # a central issuer (no jurisdiction of its own) names one region among many: kept as written
    # a commune-level collective repeated whole from the 'Kính gửi' list with the place it names: the registry's
    assert local.resolve("Ủy ban nhân dân các xã, phường, đặc khu Cồn Cỏ").name == "Ủy ban nhân dân các xã, phường, đặc khu"
    central = AgencyRegistry(None, "Phú Thọ", None)
    assert central.resolve("Kho bạc Nhà nước Khu vực VIII").name == "Kho bạc Nhà nước Khu vực VIII"


def test_two_registry_collectives_joined_by_va_are_two_leads() -> None:
    reg = AgencyRegistry(None, None, "bộ")
    text = ("các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ và Ủy ban nhân dân các tỉnh, thành phố trực thuộc "
            "Trung ương")
    assert [reg.resolve(m).name for m in reg.split_mentions(text)] == [
        "Các bộ, cơ quan ngang bộ", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]  # no 'Chính phủ'
    local = AgencyRegistry("tỉnh Lai Châu", "Lai Châu", "tỉnh")
    for text, names in [
        ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và Tỉnh đoàn", ["Ủy ban Mặt trận Tổ quốc Việt Nam", "Tỉnh đoàn"]),
        ("Bảo hiểm xã hội Việt Nam và Bộ Tài chính", ["Bảo hiểm xã hội", "Bộ Tài chính"]),
        ("Văn phòng HĐND và UBND xã", ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"]),  # a 'và' inside a name
        ("Chi cục Trồng trọt và Bảo vệ thực vật", ["Chi cục Trồng trọt và Bảo vệ thực vật"]),
    ]:
        assert [local.resolve(m).name for m in local.split_mentions(text)] == names


def test_national_body_by_its_full_name_is_one_lead() -> None:
    for reg in (AgencyRegistry(None, None, "bộ"), AgencyRegistry("tỉnh Lai Châu", "Lai Châu", "tỉnh")):
        assert [reg.resolve(m).name for m in reg.split_mentions("Bảo hiểm xã hội Việt Nam")] == ["Bảo hiểm xã hội"]
        assert reg.resolve("Ngân hàng Nhà nước Việt Nam").name == "Ngân hàng Nhà nước Việt Nam"  # the registry's own


def test_item_that_opens_with_its_task_is_led_by_its_heading() -> None:
    reg = AgencyRegistry("tỉnh Thái Nguyên", "Thái Nguyên", "tỉnh")
    assert item_lead("Bảo dưỡng máy bơm, cửa cống tại các trạm bơm, hoàn thành trong tháng 11/2026.", reg) is None
    assert item_lead("Bảo hiểm xã hội tỉnh hướng dẫn thủ tục chi trả.", reg) == "Bảo hiểm xã hội tỉnh"
    body = ("Sở Nông nghiệp và Môi trường đề nghị các đơn vị thực hiện các nội dung sau:\n"
            "1. Đề nghị Ủy ban nhân dân các xã, phường và Công ty TNHH MTV Khai thác thủy lợi Thái Nguyên:\n"
            "a) Rà soát diện tích có nguy cơ thiếu nước, gửi Sở Nông nghiệp và Môi trường trước ngày\n30/10/2026.\n"
            "2. Công ty TNHH MTV Khai thác thủy lợi Thái Nguyên:\n"
            "a) Bảo dưỡng máy bơm, cửa cống tại các trạm bơm điện, hoàn thành trong tháng 11/2026.\n"
            "3. Đề nghị Kho bạc Nhà nước Khu vực V thanh toán kịp thời kinh phí cho các đơn vị.\n"
            "4. Chi cục Thủy lợi là cơ quan thường trực, tổng hợp tình hình, báo cáo Giám đốc Sở.\n\n"
            "Thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện./.\n")
    company = "Công ty TNHH MTV Khai thác thủy lợi Thái Nguyên"
    assert _triples(LETTER + body + SIGNED_TAIL) == [
        ("Rà soát diện tích có ngu", [company, "Ủy ban nhân dân các xã, phường"], "trước ngày 30/10/2026"),
        ("Bảo dưỡng máy bơm, cửa c", [company], "trong tháng 11/2026"),
        ("Đề nghị Kho bạc Nhà nước", ["Kho bạc Nhà nước"], None),
    ]  # the heading of two addressees, the standing body and the closing sentence: no tasks


def test_steps_under_a_muc_led_by_the_unit_its_opening_line_names() -> None:
    body = ("Phần I. MỤC ĐÍCH, YÊU CẦU\n1. Bảo đảm dữ liệu được cập nhật đầy đủ.\n\n"
            "Phần II. NỘI DUNG TRIỂN KHAI\nMục 1. Tại các cơ sở khám bệnh, chữa bệnh\n"
            "Các cơ sở khám bệnh, chữa bệnh thực hiện theo các bước sau:\n"
            "1. Phân công đầu mối kỹ thuật kết nối dữ liệu trước ngày 15/10/2026.\n"
            "2. Cập nhật thông tin lượt khám lên Sổ sức khỏe điện tử.\n"
            "Mục 2. Tại các Sở Y tế\nSở Y tế các tỉnh, thành phố trực thuộc Trung ương thực hiện:\n"
            "1. Tổng hợp tiến độ triển khai, báo cáo Bộ Y tế trước ngày 10 hằng tháng.\n\n"
            "Phần III. TỔ CHỨC THỰC HIỆN\n1. Cục Quản lý Khám, chữa bệnh là đơn vị đầu mối, tổng hợp kết quả.\n"
            "2. Đề nghị các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ và Ủy ban nhân dân các tỉnh, thành phố "
            "trực thuộc Trung ương phối hợp thực hiện các nội dung sau:\n"
            "a) Chỉ đạo các cơ sở y tế thuộc phạm vi quản lý triển khai Sổ sức khỏe điện tử.\n")
    both = ["Các bộ, cơ quan ngang bộ", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]
    assert _triples(GUIDE + body + SIGNED_TAIL) == [
        ("Chỉ đạo các cơ sở y tế t", both, None),
        ("Phân công đầu mối kỹ thu", ["Các cơ sở khám bệnh, chữa bệnh"], "trước ngày 15/10/2026"),
        ("Cập nhật thông tin lượt ", ["Các cơ sở khám bệnh, chữa bệnh"], None),
        ("Tổng hợp tiến độ triển k", ["Sở Y tế các tỉnh, thành phố trực thuộc Trung ương"], "trước ngày 10 hằng tháng"),
    ]  # the opening lines that announce the steps and the focal unit's statement: no tasks


def test_muc_numbers_its_steps_one_level_below() -> None:
    text = "II. NỘI DUNG\nMục 1. Tại cơ sở\n1. Bước một.\n2. Bước hai.\nMục 2. Tại Sở\n1. Bước ba.\n"
    st = parse_structure([Line(i, 1, t) for i, t in enumerate(text.splitlines())])
    assert [(s.label, s.level) for s in st.sections.values()] == [
        ("II", 1), ("II.1", 2), ("II.1.1", 3), ("II.1.2", 3), ("II.2", 2), ("II.2.1", 3)]


@pytest.mark.parametrize(("text", "standing"), [
    ("Cục Quản lý Khám, chữa bệnh là đơn vị đầu mối, tổng hợp kết quả triển khai.", True),
    ("Văn phòng Sở là đầu mối theo dõi việc thực hiện.", True),
    ("Sở Nội vụ là cơ quan thường trực, theo dõi, đôn đốc.", True),
    ("Sở Y tế chủ trì, làm đầu mối tổng hợp kết quả.", False),
])
def test_role_statements(text: str, standing: bool) -> None:
    assert standing_body(text, None) is standing


@pytest.mark.parametrize(("marker", "text", "closing"), [
    ("plain", "Thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện./.", True),
    ("plain", "Thủ trưởng các sở, ban, ngành nghiêm túc thực hiện Chỉ thị này.", True),
    ("plain", "Các xã nghiêm túc thực hiện việc kiểm tra hồ sơ trước ngày 30/6/2026.", False),  # with its object
    ("number", "Thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện.", False),  # a numbered item so worded
])
def test_closing_to_carry_out_strictly(marker: str, text: str, closing: bool) -> None:
    assert closing_to_all(marker, text) is closing


def test_notice_item_that_reports_what_was_done() -> None:
    body = ("Chủ tịch Ủy ban nhân dân xã kết luận như sau:\n"
            "1. Từ đầu năm đến nay, xã đã tổ chức 4 đợt ra quân dọn vệ sinh, thu gom 8 tấn rác thải.\n"
            "2. Từ nay đến ngày 30/6/2026, Công an xã tăng cường tuần tra, xử lý các trường hợp đổ rác.\n"
            "3. Giao Văn phòng HĐND và UBND xã tổng hợp kết quả, báo cáo trước ngày 30/6/2026.\n"
            "Ủy ban nhân dân xã thông báo để các cơ quan, đơn vị biết, thực hiện./.\n")
    assert [t[:2] for t in _triples(NOTICE + body + SIGNED_TAIL)] == [
        ("Từ nay đến ngày 30/6/202", ["Công an xã"]),
        ("Giao Văn phòng HĐND và U", ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"]),
    ]  # results since a past time ('… đến nay, xã đã …'): no task


def test_deadline_of_an_article_opening_sentence_for_all_its_items() -> None:
    body = ("QUYẾT ĐỊNH:\n"
            "Điều 1. Sở Khoa học và Công nghệ chủ trì hoàn thành các nhiệm vụ sau trước ngày 30/6/2027:\n"
            "1. Xây dựng nền tảng số dùng chung của tỉnh.\n"
            "2. Hướng dẫn các sở, ngành kết nối dữ liệu, hoàn thành trong quý I/2027.\n"
            "Điều 2. Giao Sở Tài chính cân đối, bố trí kinh phí thực hiện trước ngày 20/01/2027.\n"
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở "
            "chịu trách nhiệm thi hành Quyết định này./.\n")
    assert _triples(DECISION + body + SIGNED_TAIL) == [
        ("Xây dựng nền tảng số dùn", ["Sở Khoa học và Công nghệ"], "trước ngày 30/6/2027"),
        ("Hướng dẫn các sở, ngành ", ["Sở Khoa học và Công nghệ"], "trong quý I/2027"),  # its own first
        ("Giao Sở Tài chính cân đố", ["Sở Tài chính"], "trước ngày 20/01/2027"),
    ]


@pytest.mark.parametrize(("text", "lead"), [
    # a partner after 'phối hợp với' is the verb's, never the name's tail
    ("Ban Quản lý Vườn quốc gia Cúc Phương phối hợp với các xã xây dựng quy chế bảo vệ rừng.",
     "Ban Quản lý Vườn quốc gia Cúc Phương"),
    # a name that ends on its level does not run on over the verb after it
    ("Trung tâm Văn hóa - Thể thao và Truyền thanh xã mở chuyên mục tuyên truyền bảo vệ rừng.",
     "Trung tâm Văn hóa - Thể thao và Truyền thanh xã"),
    ("Ban Quản lý dự án đầu tư xây dựng tỉnh hoàn thành hồ sơ quyết toán.",
     "Ban Quản lý dự án đầu tư xây dựng tỉnh"),  # a verb word inside the name and its level: the name's
    ("Cục Nhà giáo và Cán bộ quản lý giáo dục tổ chức tập huấn.", "Cục Nhà giáo và Cán bộ quản lý giáo dục"),
])
def test_lead_ends_before_the_verb(text: str, lead: str) -> None:
    assert item_lead(text, AgencyRegistry("tỉnh Ninh Bình", "Ninh Bình", "tỉnh")) == lead


def test_giao_sentences_under_an_article_title() -> None:
    body = ("QUYẾT ĐỊNH:\nĐiều 1. Phê duyệt Kế hoạch chuyển đổi số năm 2027 (kèm theo Kế hoạch).\n"
            "Điều 2. Tổ chức thực hiện\n"
            "Giao Sở Khoa học và Công nghệ chủ trì triển khai Kế hoạch, báo cáo Ủy ban nhân dân tỉnh trước ngày "
            "15/12/2027.\nGiao Sở Tài chính bố trí kinh phí thực hiện Kế hoạch trong dự toán năm 2027.\n"
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.\n")
    assert _triples(DECISION + body + SIGNED_TAIL) == [
        ("Giao Sở Khoa học và Công", ["Sở Khoa học và Công nghệ"], "trước ngày 15/12/2027"),
        ("Giao Sở Tài chính bố trí", ["Sở Tài chính"], None),
    ]  # each 'Giao …' sentence a request of its own, not the wrapped end of the article's title


def test_deadline_of_an_agency_heading_for_its_items() -> None:
    plan = official_head("KẾ HOẠCH", "77/KH-UBND", "Phòng chống dịch bệnh gia súc năm 2025",
                         issuer="ỦY BAN NHÂN DÂN\nHUYỆN ĐÔNG HƯNG", place="Đông Hưng", date="ngày 10 tháng 3 năm 2025")
    body = ("I. MỤC ĐÍCH, YÊU CẦU\n1. Chủ động phòng, chống dịch bệnh.\nII. TỔ CHỨC THỰC HIỆN\n"
            "1. Phòng Nông nghiệp và Phát triển nông thôn huyện thực hiện các nhiệm vụ sau, hoàn thành trước ngày "
            "30/6/2025:\na) Hướng dẫn các xã xây dựng kế hoạch tiêm phòng.\n"
            "b) Kiểm tra công tác tiêm phòng tại các xã, báo cáo trong tháng 5/2025.\n"
            "2. Ủy ban nhân dân các xã, thị trấn:\na) Tổ chức tiêm phòng đợt 1 cho đàn gia súc.\n")
    # the district's own Phòng without its level word, as the registry writes a district's Phòng (round w6task)
    office = ["Phòng Nông nghiệp và Phát triển nông thôn"]
    assert _triples(plan + body + SIGNED_TAIL) == [
        ("Hướng dẫn các xã xây dựn", office, "trước ngày 30/6/2025"),
        ("Kiểm tra công tác tiêm p", office, "trong tháng 5/2025"),  # its own first
        ("Tổ chức tiêm phòng đợt 1", ["Ủy ban nhân dân các xã, thị trấn"], None),  # a heading with no verb: whole
    ]


def test_a_goal_year_in_an_announcing_heading_is_no_deadline_of_its_items() -> None:
    """'… phấn đấu trong năm 2026 có 100% xã …, yêu cầu … các nội dung sau:' names the goal's year; a heading's
    date is its items' deadline ('… hoàn thành trước ngày 30/6/2026:')."""
    from extract.deadlines import announced_deadline
    goal = ("2. Để chủ động ứng phó với thiên tai, phấn đấu trong năm 2026 có 100% xã, phường xây dựng xong phương "
            "án, yêu cầu các cơ quan thực hiện tốt các nội dung sau:")
    assert announced_deadline(goal, []) is None
    due = "1. Sở Xây dựng thực hiện các nhiệm vụ sau, hoàn thành trước ngày 30/6/2026:"
    assert announced_deadline(due, ["Sở Xây dựng"]) == "trước ngày 30/6/2026"
