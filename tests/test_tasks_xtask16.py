"""Tasks of batch da356-da361 (issue 11, round xtask16): a guide's items that name no body under a part titled for
the body that does them ('III. TRÁCH NHIỆM CỦA CÁC CƠ SỞ GIÁO DỤC' / 'a) Lập sổ …'), or under a part of steps whose
doer is the reader ('II. CÁC BƯỚC THỰC HIỆN', no lead); role statements ('Giao X làm đầu mối theo dõi …', a role
line with no subject under a numbered agency heading) no task; two bodies as one numbered sentence's subject, one in
no registry, both leads; a conclusion item that sets the year's goals and names no agency among items that name
theirs (targets, no task); the issuer's own Phòng named in the plural ('Các phòng … thuộc Sở'); a tourist season."""

from __future__ import annotations

import pytest

from extract.agencies import AgencyRegistry
from extract.deadlines import find_deadline
from extract.letters import item_lead
from extract.tasks import standing_body
from tests.conftest import SIGNED_TAIL, extract_text, official_head, task_triples

GUIDE = official_head("HƯỚNG DẪN", "41/HD-BGDĐT", "Bảo đảm an toàn trường học năm 2027", issuer="BỘ GIÁO DỤC VÀ ĐÀO TẠO",
                      place="Hà Nội", date="ngày 02 tháng 12 năm 2026")


def test_items_under_a_part_titled_for_its_body() -> None:
    body = ("I. MỤC ĐÍCH, YÊU CẦU\nKịp thời phát hiện công trình xuống cấp để sửa chữa.\n\n"
            "II. TRÁCH NHIỆM CỦA SỞ GIÁO DỤC VÀ ĐÀO TẠO CÁC TỈNH, THÀNH PHỐ\n"
            "1. Chỉ đạo các trường tự kiểm tra toàn bộ phòng học trước ngày 31/3/2027.\n"
            "2. Báo cáo kết quả rà soát về Bộ Giáo dục và Đào tạo trước ngày 30/4/2027.\n\n"
            "III. TRÁCH NHIỆM CỦA CÁC CƠ SỞ GIÁO DỤC\n"
            "a) Lập sổ theo dõi hiện trạng từng hạng mục công trình.\n"
            "b) Tổ chức diễn tập sơ tán cho học sinh trong tháng 4/2027.\n")
    tasks = task_triples(GUIDE + body + SIGNED_TAIL)
    so = ["Sở Giáo dục và Đào tạo các tỉnh, thành phố"]
    assert [(t["text"][:12], t["lead"], t["deadline"]) for t in tasks] == [
        ("Chỉ đạo các ", so, "trước ngày 31/3/2027"),
        ("Báo cáo kết ", so, "trước ngày 30/4/2027"),
        ("Lập sổ theo ", ["Các cơ sở giáo dục"], None),
        ("Tổ chức diễn", ["Các cơ sở giáo dục"], "trong tháng 4/2027")]


def test_a_part_titled_for_bodies_whose_headings_name_theirs_is_read_by_them() -> None:
    body = ("I. TRÁCH NHIỆM CỦA CÁC SỞ, NGÀNH\n1. Sở Tư pháp:\n- Rà soát các văn bản quy phạm pháp luật về an toàn "
            "trường học.\n2. Sở Tài chính:\n- Tham mưu bố trí kinh phí sửa chữa trường học.\n")
    tasks = task_triples(GUIDE + body + SIGNED_TAIL)
    assert [(t["text"][:8], t["lead"]) for t in tasks] == [("Rà soát ", ["Sở Tư pháp"]), ("Tham mưu", ["Sở Tài chính"])]


SO_GUIDE = official_head("HƯỚNG DẪN", "28/HD-SYT", "Tiêm vắc xin bổ sung năm 2027",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN\nSỞ Y TẾ", place="Điện Biên", date="ngày 04 tháng 12 năm 2026")


def test_steps_whose_doer_is_the_reader_have_no_lead() -> None:
    body = ("I. ĐỐI TƯỢNG\nTrẻ em từ 1 đến 5 tuổi chưa tiêm đủ 02 mũi vắc xin.\n\n"
            "II. CÁC BƯỚC THỰC HIỆN\n"
            "1. Lập danh sách trẻ trong diện tiêm theo từng thôn, bản, hoàn thành trước ngày 10/01/2027.\n"
            "2. Bố trí điểm tiêm, bảo đảm đủ phương tiện cấp cứu phản vệ tại mỗi điểm tiêm.\n\n"
            "Các đơn vị căn cứ nội dung Hướng dẫn này chủ động xây dựng kế hoạch chi tiết tại đơn vị.\n")
    tasks = task_triples(SO_GUIDE + body + SIGNED_TAIL)
    assert [(t["text"][:10], t["lead"], t["deadline"]) for t in tasks] == [
        ("Lập danh s", [], "trước ngày 10/01/2027"), ("Bố trí điể", [], None)]


@pytest.mark.parametrize(("sentence", "role"), [
    ("Giao Văn phòng Ủy ban nhân dân tỉnh làm đầu mối theo dõi, đôn đốc việc thực hiện Quyết định này.", True),
    ("Giao Ủy ban nhân dân các xã làm đầu mối theo dõi việc thực hiện Đề án trên địa bàn.", True),
    ("Là cơ quan đầu mối về hạ tầng, có trách nhiệm:", True),
    ("Cục Cơ sở vật chất là đơn vị đầu mối, theo dõi, đôn đốc, tổng hợp tình hình thực hiện.", True),
    # a duty, no role
    ("Giao Sở Xây dựng làm việc với các chủ đầu tư để đẩy nhanh tiến độ.", False),
    ("Cử 01 công chức làm đầu mối phối hợp với Sở Nội vụ trong quá trình thực hiện.", False),  # a request, no role
    ("Sở Tài chính tham mưu bố trí kinh phí thực hiện.", False),
])
def test_role_statements(sentence: str, role: bool) -> None:
    assert standing_body(sentence, None) is role


PLAN = official_head("ĐỀ ÁN", "41/ĐA-UBND", "Phát triển du lịch cộng đồng giai đoạn 2027-2030",
                     issuer="ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG", place="Cao Bằng", date="ngày 08 tháng 12 năm 2026")


def test_closing_part_roles_and_two_bodies_as_one_subject() -> None:
    body = ("I. SỰ CẦN THIẾT\nCác bản du lịch cộng đồng có tiềm năng lớn nhưng hạ tầng còn thiếu.\n\n"
            "II. TỔ CHỨC THỰC HIỆN\n"
            "1. Sở Văn hóa, Thể thao và Du lịch là cơ quan thường trực của Đề án, theo dõi, đôn đốc, tổng hợp kết quả.\n"
            "2. Sở Nông nghiệp và Môi trường, Chi cục Kiểm lâm tỉnh hướng dẫn các bản xây dựng quy ước bảo vệ rừng "
            "trước ngày 30/6/2027.\n"
            "3. Sở Tài chính, Kho bạc Nhà nước khu vực cân đối, bố trí vốn đầu tư hạ tầng du lịch.\n"
            "4. Sở Xây dựng\nLà cơ quan đầu mối về hạ tầng, có trách nhiệm:\n"
            "- Hướng dẫn cải tạo đường vào các bản du lịch trước mùa du lịch năm 2028.\n"
            "5. Giao Ủy ban nhân dân các xã có bản du lịch làm đầu mối theo dõi việc thực hiện Đề án trên địa bàn.\n")
    tasks = task_triples(PLAN + body + SIGNED_TAIL)
    assert [(t["text"][:12], sorted(t["lead"]), t["deadline"]) for t in tasks] == [
        ("Sở Nông nghi", ["Chi cục Kiểm lâm tỉnh", "Sở Nông nghiệp và Môi trường"], "trước ngày 30/6/2027"),
        ("Sở Tài chính", ["Kho bạc Nhà nước", "Sở Tài chính"], None),
        ("Hướng dẫn cả", ["Sở Xây dựng"], "trước mùa du lịch năm 2028")]


def test_a_role_paragraph_counts_among_a_part_written_by_agency() -> None:
    body = ("I. NHIỆM VỤ\n1. Các sở giáo dục và đào tạo rà soát phòng học xuống cấp trên địa bàn.\n\n"
            "II. TỔ CHỨC THỰC HIỆN\n"
            "Cục Cơ sở vật chất là đơn vị đầu mối, theo dõi, đôn đốc, tổng hợp tình hình thực hiện Hướng dẫn này.\n"
            "Vụ Kế hoạch - Tài chính tổng hợp nhu cầu kinh phí sửa chữa, đề xuất Bộ trưởng trước ngày 15/6/2027.\n")
    tasks = task_triples(GUIDE + body + SIGNED_TAIL)
    assert [(t["text"][:12], t["lead"], t["deadline"]) for t in tasks][1:] == [
        ("Vụ Kế hoạch ", ["Vụ Kế hoạch - Tài chính"], "trước ngày 15/6/2027")]


def test_a_lone_role_sentence_in_the_closing_part_stays_the_closing_word() -> None:
    body = ("I. NHIỆM VỤ\n1. Các sở giáo dục và đào tạo rà soát phòng học xuống cấp trên địa bàn.\n\n"
            "II. TỔ CHỨC THỰC HIỆN\n"
            "Cục Cơ sở vật chất là đơn vị đầu mối, theo dõi, đôn đốc, tổng hợp tình hình thực hiện Hướng dẫn này.\n")
    assert len(task_triples(GUIDE + body + SIGNED_TAIL)) == 1


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("Hướng dẫn cải tạo đường vào các bản du lịch trước mùa du lịch năm 2028.", "trước mùa du lịch năm 2028"),
    ("Kiểm tra an toàn thực phẩm tại các điểm trong mùa lễ hội năm 2027.", "trong mùa lễ hội năm 2027"),
    ("Quảng bá sản phẩm du lịch mùa du lịch hè.", None),  # the work's topic, no deadline
])
def test_tourist_and_festival_seasons(sentence: str, phrase: str | None) -> None:
    assert find_deadline(sentence) == phrase


NOTICE = official_head("THÔNG BÁO", "214/TB-UBND", "Kết luận tại cuộc họp về hạ tầng nông thôn",
                       issuer="ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU", place="Cà Mau", date="ngày 08 tháng 4 năm 2026")


def test_a_goal_item_among_items_that_name_their_agencies_is_no_task() -> None:
    body = ("Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:\n\n"
            "1. Năm nay, các địa phương phải hoàn thành cứng hóa không dưới 40 km đường giao thông nông thôn.\n\n"
            "2. Bảo đảm 100% công trình giao thông được nghiệm thu đúng quy định trước khi đưa vào sử dụng.\n\n"
            "3. Giao Sở Xây dựng chủ trì kiểm tra chất lượng công trình, báo cáo trước ngày 30/6/2026.\n\n"
            "4. Sở Nông nghiệp và Môi trường chỉ đạo nạo vét kênh thủy lợi nội đồng trước mùa khô.\n")
    assert [t["lead"] for t in task_triples(NOTICE + body + SIGNED_TAIL)] == [
        ["Sở Xây dựng"], ["Sở Nông nghiệp và Môi trường"]]


def test_a_goal_item_alone_stays_a_task() -> None:
    body = ("Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:\n\n"
            "1. Năm nay, các địa phương phải hoàn thành cứng hóa không dưới 40 km đường giao thông nông thôn.\n\n"
            "2. Giao Sở Xây dựng chủ trì kiểm tra chất lượng công trình, báo cáo trước ngày 30/6/2026.\n")
    assert len(task_triples(NOTICE + body + SIGNED_TAIL)) == 2


@pytest.mark.parametrize(("sentence", "lead"), [
    ("Các phòng giáo dục và đào tạo thuộc Sở rà soát nhu cầu phòng học.", "Phòng Giáo dục và Đào tạo"),
    ("Các Ban Quản lý dự án thuộc Bộ rà soát tiến độ giải ngân.", "Các Ban Quản lý dự án thuộc Bộ"),
])
def test_the_issuers_own_phong_named_in_the_plural(sentence: str, lead: str) -> None:
    assert item_lead(sentence, AgencyRegistry(None, None, None)) == lead


DECISION = official_head("QUYẾT ĐỊNH", "2215/QĐ-UBND", "Về việc giao nhiệm vụ chống buôn lậu dịp cuối năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN", place="Lạng Sơn", date="ngày 09 tháng 12 năm 2026")


def test_a_role_article_sets_no_task_and_no_target() -> None:
    body = ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\n\nQUYẾT ĐỊNH:\n\n"
            "Điều 1. Giao Sở Công Thương chủ trì kiểm tra hàng hóa nhập khẩu tại các chợ cửa khẩu, hoàn thành trước "
            "ngày 25/01/2027.\n\n"
            "Điều 2. Sở Công Thương là cơ quan thường trực của Ban Chỉ đạo 389 tỉnh, theo dõi, tổng hợp kết quả, báo cáo "
            "Chủ tịch Ủy ban nhân dân tỉnh.\n\n"
            "Điều 3. Giao Văn phòng Ủy ban nhân dân tỉnh làm đầu mối theo dõi, đôn đốc việc thực hiện Quyết định này.\n\n"
            "Điều 4. Quyết định có hiệu lực kể từ ngày ký.\n")
    ex = extract_text(DECISION + body + SIGNED_TAIL)
    assert [t["text"][:12] for t in ex.tasks] == ["Giao Sở Công"]
    assert ex.targets == []


def test_a_request_after_a_role_in_one_article_stays_a_task() -> None:
    body = ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\n\nQUYẾT ĐỊNH:\n\n"
            "Điều 1. Giao Sở Công Thương chủ trì kiểm tra hàng hóa nhập khẩu tại các chợ cửa khẩu.\n\n"
            "Điều 2. Sở Công Thương là cơ quan thường trực, theo dõi, tổng hợp kết quả. Đề nghị Hiệp hội Doanh nghiệp "
            "tỉnh vận động doanh nghiệp không kinh doanh hàng nhập lậu.\n\n"
            "Điều 3. Quyết định có hiệu lực kể từ ngày ký.\n")
    tasks = task_triples(DECISION + body + SIGNED_TAIL)
    assert [t["text"][:12] for t in tasks] == ["Giao Sở Công", "Đề nghị Hiệp"]
