"""Tasks in prose (batch da346-da351): a công văn whose requests are unnumbered paragraphs, each opening with its body
and a colon, right after the introduction that announces them; a body whose sentence's verb moves people or goods
('Các bệnh viện … chuyển trẻ …'); the heads of a commune's hamlets as a lead ('Trưởng các bản'); 'thường xuyên' that
describes a place short of water is no deadline."""

from __future__ import annotations

import pytest

from extract.agencies import AgencyRegistry, plausible_agency
from extract.deadlines import find_deadline
from extract.letters import item_lead
from tests.conftest import SIGNED_TAIL, official_head, task_triples

LETTER = ("UBND TỈNH QUẢNG NGÃI\nSỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\n\nSố: 15/SNNMT-TL\n\n"
          "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
          "Quảng Ngãi, ngày 20 tháng 11 năm 2026\n"
          "V/v bảo đảm nước tưới vụ Đông Xuân\n\n"
          "Kính gửi:\n- Chi cục Thủy lợi;\n- Công ty TNHH Một thành viên Khai thác công trình thủy lợi Quảng Ngãi.\n\n")


@pytest.fixture(scope="module")
def reg() -> AgencyRegistry:
    return AgencyRegistry("xã Mường Khương", "Lào Cai", "xã")


def test_unnumbered_requests_after_an_announcing_introduction() -> None:
    body = ("Để bảo đảm nước tưới, Sở Nông nghiệp và Môi trường đề nghị các đơn vị thực hiện các nội dung sau:\n\n"
            "Chi cục Thủy lợi: theo dõi mực nước các hồ chứa, báo cáo Sở trước ngày 25 hằng tháng.\n\n"
            "Công ty TNHH Một thành viên Khai thác công trình thủy lợi Quảng Ngãi: nạo vét kênh mương, hoàn thành "
            "trước ngày\n15/12/2026.\n\n"
            "Phòng Thủy lợi và Phòng Trồng trọt: tham mưu Giám đốc Sở kiểm tra tình hình cấp nước tại các địa phương.\n\n"
            "Nhận được Công văn này, đề nghị các đơn vị khẩn trương triển khai thực hiện./.\n")
    tasks = task_triples(LETTER + body + SIGNED_TAIL)
    assert [(t["text"][:14], t["lead"], t["deadline"]) for t in tasks] == [
        ("Chi cục Thủy l", ["Chi cục Thủy lợi"], "trước ngày 25 hằng tháng"),
        ("Công ty TNHH M", ["Công ty TNHH Một thành viên Khai thác công trình thủy lợi Quảng Ngãi"],
         "trước ngày 15/12/2026"),
        ("Phòng Thủy lợi", ["Phòng Thủy lợi", "Phòng Trồng trọt"], None)]


def test_agency_paragraphs_need_an_announcing_introduction() -> None:
    # a letter whose body only informs, no list announced: its paragraphs are no requests
    body = ("Sở Nông nghiệp và Môi trường nhận được báo cáo về tình hình hạn hán trên địa bàn.\n\n"
            "Chi cục Thủy lợi đã kiểm tra các hồ chứa trong tháng 10/2026.\n")
    assert task_triples(LETTER + body + SIGNED_TAIL) == []


@pytest.mark.parametrize(("text", "lead"), [
    ("Các bệnh viện đa khoa khu vực chuyển trẻ có phản ứng nặng về Bệnh viện Nhi tỉnh.", "Các bệnh viện đa khoa khu vực"),
    ("Trưởng các bản vận động hộ gia đình di dời chuồng trại.", "Trưởng các bản"),
    ("Trưởng các thôn lập danh sách trẻ em trong độ tuổi tiêm chủng.", "Trưởng các thôn"),
    ("Trung tâm Chuyển đổi số tỉnh hướng dẫn các xã cập nhật dữ liệu.", "Trung tâm Chuyển đổi số tỉnh"),
])
def test_lead_names(reg: AgencyRegistry, text: str, lead: str) -> None:
    assert item_lead(text, reg) == lead


def test_hamlet_heads_are_a_lead_but_heads_of_boards_are_not_read_so() -> None:
    assert plausible_agency("Trưởng các bản")
    assert plausible_agency("Trưởng các xóm")
    assert not plausible_agency("Trưởng các")


@pytest.mark.parametrize(("text", "deadline"), [
    ("Khuyến cáo chuyển đổi sang cây trồng cạn ở vùng thường xuyên thiếu nước.", None),
    ("Bố trí máy bơm dã chiến tại nơi thường xuyên hạn hán.", None),
    ("Chi cục Thủy lợi thường xuyên kiểm tra mực nước hồ chứa.", "thường xuyên"),
])
def test_a_place_short_of_water_is_no_deadline(text: str, deadline: str | None) -> None:
    assert find_deadline(text) == deadline


@pytest.mark.parametrize(("text", "deadline"), [
    ("Phòng Văn hóa - Xã hội tuyên truyền lợi ích của tiêm chủng trên loa truyền thanh xã trước mỗi đợt tiêm.",
     "trước mỗi đợt tiêm"),
    ("Trạm Y tế xã phun hóa chất tại các điểm nguy cơ trước mỗi đợt ra quân làm vệ sinh.",
     "trước mỗi đợt ra quân làm vệ sinh"),
    ("Kiểm tra các đoạn đê xung yếu trước mỗi đợt lũ và báo cáo kết quả.", "trước mỗi đợt lũ"),
])
def test_a_recurring_event_is_the_deadline_whole(text: str, deadline: str) -> None:
    assert find_deadline(text) == deadline


def test_a_list_of_whom_the_work_is_for_is_no_task() -> None:
    head = official_head("CHỈ THỊ", "05/CT-UBND", "Về phòng, chống đuối nước năm 2026", issuer="ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI",
                         place="Lào Cai", date="ngày 10 tháng 4 năm 2026")
    body = ("Để phòng, chống đuối nước, Chủ tịch Ủy ban nhân dân tỉnh chỉ thị:\n\n"
            "1. Ủy ban nhân dân các xã, phường lập danh sách và cấp áo phao cho các đối tượng sau:\n"
            "- Học sinh dưới 15 tuổi sinh sống ven sông, suối;\n"
            "- Người dân trên 70 tuổi thường xuyên đi đò ngang.\n\n"
            "2. Giám đốc các sở, ngành:\n"
            "- Sở Y tế hướng dẫn sơ cứu người bị đuối nước;\n"
            "- Sở Giáo dục và Đào tạo tổ chức dạy bơi cho học sinh.\n")
    tasks = task_triples(head + body + SIGNED_TAIL)
    assert [(t["text"][:14], t["lead"]) for t in tasks] == [
        ("Ủy ban nhân dâ", ["Ủy ban nhân dân các xã, phường"]),
        ("Sở Y tế hướng ", ["Sở Y tế"]),
        ("Sở Giáo dục và", ["Sở Giáo dục và Đào tạo"])]


def test_a_goal_paragraph_above_numbered_tasks_is_no_task() -> None:
    head = official_head("BÁO CÁO", "12/BC-SNNMT", "Kết quả cấp nước sạch năm 2025", issuer="UBND TỈNH QUẢNG NGÃI\n"
                         "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", place="Quảng Ngãi", date="ngày 10 tháng 12 năm 2025")
    body = ("I. KẾT QUẢ NĂM 2025\n"
            "Toàn tỉnh đã hoàn thành 17 công trình cấp nước tập trung.\n\n"
            "II. NHIỆM VỤ NĂM 2026\n"
            "Tiếp tục huy động các nguồn lực, phấn đấu đến hết năm 2027 hoàn thành 96 công trình cấp nước tập trung.\n\n"
            "1. Chi cục Thủy lợi hướng dẫn các xã sắp xếp mô hình quản lý công trình sau đầu tư.\n"
            "2. Tham mưu bố trí kinh phí bảo trì công trình cấp nước trong quý I/2026.\n")
    tasks = task_triples(head + body + SIGNED_TAIL)
    assert [t["text"][:14] for t in tasks] == ["Chi cục Thủy l", "Tham mưu bố tr"]


def test_an_article_that_announces_unnumbered_requests() -> None:
    head = official_head("QUYẾT ĐỊNH", "1024/QĐ-UBND", "Về việc giao nhiệm vụ phòng, chống hạn năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK", place="Đắk Lắk", date="ngày 10 tháng 3 năm 2026")
    body = ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n\nQUYẾT ĐỊNH:\n\n"
            "Điều 1. Giao nhiệm vụ phòng, chống hạn năm 2026 cho các cơ quan, đơn vị như sau:\n"
            "Sở Nông nghiệp và Môi trường chỉ đạo vận hành các hồ chứa bảo đảm nước tưới.\n"
            "Công ty TNHH Một thành viên Khai thác công trình thủy lợi Đắk Lắk: điều tiết nước giữa các hồ, hoàn thành "
            "trước ngày\n30/4/2026.\n"
            "Ủy ban nhân dân các xã, phường chỉ đạo người dân sử dụng nước tiết kiệm.\n\n"
            "Điều 2. Quyết định có hiệu lực kể từ ngày ký.\n")
    tasks = task_triples(head + body + SIGNED_TAIL)
    assert [(t["text"][:10], t["lead"], t["deadline"]) for t in tasks] == [
        ("Sở Nông ng", ["Sở Nông nghiệp và Môi trường"], None),
        ("Công ty TN", ["Công ty TNHH Một thành viên Khai thác công trình thủy lợi Đắk Lắk"], "trước ngày 30/4/2026"),
        ("Ủy ban nhâ", ["Ủy ban nhân dân các xã, phường"], None)]


def test_two_bodies_joined_by_va_keep_no_va() -> None:
    reg = AgencyRegistry("tỉnh Nghệ An", "Nghệ An", "tỉnh")
    assert reg.split_mentions("Hội Cựu chiến binh tỉnh và Tỉnh đoàn") == ["Hội Cựu chiến binh tỉnh", "Tỉnh đoàn"]
    assert reg.split_mentions("Sở Y tế và Tỉnh đoàn") == ["Sở Y tế", "Tỉnh đoàn"]
    assert reg.split_mentions("Sở Kế hoạch và") == ["Sở Kế hoạch và"]  # a name a scan cut at its end: left whole


def test_a_submission_proposed_assignments_are_its_summary() -> None:
    head = official_head("TỜ TRÌNH", "66/TTr-SYT", "Về việc ban hành Kế hoạch phòng, chống dịch bệnh năm 2026",
                         issuer="UBND TỈNH CAO BẰNG\nSỞ Y TẾ", place="Cao Bằng", date="ngày 10 tháng 3 năm 2026")
    body = ("Kính gửi: Ủy ban nhân dân tỉnh Cao Bằng.\n\n"
            "Sở Y tế kính trình Ủy ban nhân dân tỉnh ban hành Kế hoạch với các nội dung chính sau:\n\n"
            "1. Dự kiến phân công:\n"
            "- Sở Tài chính tham mưu bố trí kinh phí.\n"
            "- Ủy ban nhân dân các xã, phường tổ chức chiến dịch diệt bọ gậy.\n\n"
            "2. Sở Y tế sẽ tiếp thu ý kiến các sở, ngành, hoàn thiện dự thảo Kế hoạch trước ngày 25/3/2026.\n\n"
            "Sở Y tế kính trình Ủy ban nhân dân tỉnh xem xét, ban hành./.\n")
    tasks = task_triples(head + body + SIGNED_TAIL)
    assert [(t["lead"], t["deadline"]) for t in tasks] == [(["Sở Y tế"], "trước ngày 25/3/2026")]


def test_a_fragment_beside_a_real_lead_is_dropped() -> None:
    from extract.tasks import TaskDraft, draft_rows
    reg = AgencyRegistry("tỉnh Nghệ An", "Nghệ An", "tỉnh")
    d = TaskDraft("body", "Sở Y tế và x1 kiểm tra các cơ sở.", 1, 0, None)
    d.lead = [("Sở Y tế; x1", ";")]
    _, links = draft_rows([d], "doc", reg)
    names = {a.agency_id: a.name for a in reg.agencies.values()}
    assert [names[x.agency_id] for x in links] == ["Sở Y tế"]
    alone = TaskDraft("body", "x1 kiểm tra các cơ sở.", 1, 0, None)
    alone.lead = [("x1", "=")]
    _, links = draft_rows([alone], "doc", reg)
    assert [names.get(x.agency_id) or reg.agencies[x.agency_id].name for x in links] == ["Cơ quan chưa xác định"]


def test_a_table_deadline_cell_cut_before_its_date() -> None:
    head = official_head("KẾ HOẠCH", "99/KH-UBND", "Phòng, chống thiên tai năm 2026", issuer="ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ",
                         place="Quảng Trị", date="ngày 10 tháng 3 năm 2026")
    body = ("I. MỤC ĐÍCH, YÊU CẦU\nChủ động phòng, chống thiên tai.\n\n"
            "II. NHIỆM VỤ CỤ THỂ\n"
            "STT | Nội dung | Cơ quan chủ trì | Thời gian hoàn thành\n"
            "1 | Rà soát phương án sơ tán dân | Ủy ban nhân dân các xã, phường | Trước ngày\n"
            " | | | 30/5/2026\n"
            "2 | Kiểm tra hồ chứa | Sở Nông nghiệp và Môi trường | Tháng 5/2026\n")
    tasks = task_triples(head + body + SIGNED_TAIL)
    assert [(t["text"], t["deadline"]) for t in tasks] == [
        ("Rà soát phương án sơ tán dân", "Trước ngày 30/5/2026"), ("Kiểm tra hồ chứa", "Tháng 5/2026")]


def test_guide_parts_by_addressee_over_unnumbered_sentences() -> None:
    head = ("BỘ Y TẾ\n\nSố: 21/HD-BYT\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "Hà Nội, ngày 10 tháng 3 năm 2026\n\nHƯỚNG DẪN\nGiám sát bệnh sởi năm 2026\n\n")
    body = ("I. MỤC ĐÍCH\nPhát hiện sớm ca bệnh sởi.\n\n"
            "II. TỔ CHỨC THỰC HIỆN\n"
            "1. Các đơn vị thuộc Bộ\n"
            "Viện Vệ sinh dịch tễ Trung ương xét nghiệm khẳng định ca bệnh cho các tỉnh phía Bắc.\n\n"
            "2. Địa phương\n"
            "Đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương chỉ đạo tiêm vắc xin cho trẻ.\n"
            "Sở Y tế các tỉnh, thành phố trực thuộc Trung ương báo cáo Bộ Y tế kết quả giám sát trước ngày 05 hằng tháng.\n")
    tasks = task_triples(head + body + SIGNED_TAIL)
    assert [(t["text"][:12], t["lead"]) for t in tasks] == [
        ("Viện Vệ sinh", ["Viện Vệ sinh dịch tễ Trung ương"]),
        ("Đề nghị Ủy b", ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]),
        ("Sở Y tế các ", ["Sở Y tế các tỉnh, thành phố trực thuộc Trung ương"])]


def test_a_programme_content_part_reads_its_bodies_sentences() -> None:
    head = official_head("CHƯƠNG TRÌNH", "41/CTr-UBND", "Vệ sinh môi trường năm 2027", issuer="ỦY BAN NHÂN DÂN\nXÃ MƯỜNG KHƯƠNG",
                         place="Mường Khương", date="ngày 26 tháng 11 năm 2026")
    body = ("I. NỘI DUNG CHƯƠNG TRÌNH\n"
            "Trưởng các bản vận động hộ gia đình phát quang bụi rậm quanh khu dân cư.\n\n"
            "Đề nghị Đoàn Thanh niên xã tổ chức ra quân thu gom rác thải vào tháng 3/2027.\n\n"
            "Các hộ gia đình đã tham gia tích cực trong năm 2026.\n")
    tasks = task_triples(head + body + SIGNED_TAIL)
    assert [(t["lead"], t["deadline"]) for t in tasks] == [
        (["Trưởng các bản"], None), (["Đoàn Thanh niên xã"], "vào tháng 3/2027")]


def test_an_events_time_and_place_is_no_task() -> None:
    head = official_head("TỜ TRÌNH", "318/TTr-SVHTTDL", "Về việc ban hành Kế hoạch tổ chức Lễ hội năm 2027",
                         issuer="UBND TỈNH HÀ TĨNH\nSỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", place="Hà Tĩnh",
                         date="ngày 10 tháng 11 năm 2026")
    body = ("Kính gửi: Ủy ban nhân dân tỉnh Hà Tĩnh.\n\n"
            "Sở Văn hóa, Thể thao và Du lịch kính trình Ủy ban nhân dân tỉnh ban hành Kế hoạch với các nội dung sau:\n\n"
            "1. Thời gian, địa điểm: từ ngày 25/4/2027 đến ngày 30/4/2027 tại khu du lịch biển.\n\n"
            "2. Sở Văn hóa, Thể thao và Du lịch sẽ hoàn thiện dự thảo Kế hoạch, trình Ủy ban nhân dân tỉnh trước ngày "
            "30/11/2026.\n")
    tasks = task_triples(head + body + SIGNED_TAIL)
    assert [t["deadline"] for t in tasks] == ["trước ngày 30/11/2026"]
