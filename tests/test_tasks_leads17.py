"""Tasks, leads and non-tasks of batch da342-da345 (issue 11): a ' | ' task table whose lead column follows the
deadline, its lead in no registry with 'các' in it ('Ban Quản lý các cảng cá tỉnh', never cut at an abbreviation's
letters); a time cell that only names a condition (no deadline); a department named for every province ('Sở Xây dựng
các tỉnh, thành phố trực thuộc Trung ương') as written; a district's Phòng written with its level word; the heads'
closing formula numbered as the last item; an assessment's labelled results item."""

from __future__ import annotations

from extract.agencies import AgencyRegistry
from extract.deadlines import condition_only
from extract.tasks import closing_to_all
from tests.conftest import SIGNED_TAIL, official_head, task_triples

PLAN = official_head("KẾ HOẠCH", "41/KH-UBND", "Bảo đảm an toàn tàu cá năm 2027", issuer="ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH",
                     place="Bình Định", date="ngày 12 tháng 11 năm 2026")


def test_lead_after_the_deadline_in_no_registry_is_one_lead() -> None:
    table = ("II. NHIỆM VỤ\n"
             "STT | Nội dung | Thời gian hoàn thành | Cơ quan chủ trì | Cơ quan phối hợp\n"
             "1 | Kiểm soát tàu cá ra, vào cảng | Thường xuyên | Ban Quản lý các cảng cá tỉnh | Bộ đội Biên phòng tỉnh\n"
             "2 | Tuần tra trên biển | Quý II/2027 | Bộ đội Biên phòng tỉnh | Ban Quản lý các cảng cá tỉnh\n")
    got = task_triples(PLAN + "I. MỤC ĐÍCH\nBảo đảm an toàn.\n\n" + table + SIGNED_TAIL)
    assert [(t["text"], t["lead"], t["deadline"]) for t in got] == [
        ("Kiểm soát tàu cá ra, vào cảng", ["Ban Quản lý các cảng cá tỉnh"], "Thường xuyên"),
        ("Tuần tra trên biển", ["Bộ đội Biên phòng tỉnh"], "Quý II/2027"),
    ]


def test_lower_case_words_run_on_in_a_name_are_no_abbreviation() -> None:
    reg = AgencyRegistry("tỉnh Bình Định", "Bình Định", "tỉnh")
    # 'cá tỉnh' inside the name is no 'CA tỉnh' (Công an tỉnh)
    assert reg.split_mentions("Ban Quản lý các cảng cá tỉnh") == ["Ban Quản lý các cảng cá tỉnh"]
    # two names run together, the second capitalised, are still two
    assert reg.split_mentions("Sở Tài chính Công an tỉnh") == ["Sở Tài chính", "Công an tỉnh"]


def test_condition_cell_is_no_deadline() -> None:
    assert condition_only("Khi triều cường vượt báo động III")
    assert condition_only("Khi gió mạnh trên biển từ cấp 6 trở lên")
    assert condition_only("Nếu mực nước lên trên mức báo động")
    # an event is when the work is due (as the earlier gold has 'Khi có mưa lũ'); a date or rhythm is a deadline
    for cell in ("Khi có mưa lũ", "Khi xảy ra sự cố", "Trước ngày 30/6/2027", "Thường xuyên", "", None):
        assert not condition_only(cell)
    table = ("II. NHIỆM VỤ\n"
             "STT | Nội dung | Thời gian hoàn thành | Cơ quan chủ trì | Cơ quan phối hợp\n"
             "1 | Kêu gọi tàu cá vào nơi tránh trú | Khi gió mạnh trên biển từ cấp 6 trở lên | Bộ đội Biên phòng tỉnh"
             " | Ủy ban nhân dân các xã, phường\n"
             "2 | Chốt chặn các ngầm tràn | Khi có mưa lũ | Công an tỉnh | Ủy ban nhân dân các xã, phường\n")
    got = task_triples(PLAN + "I. MỤC ĐÍCH\nBảo đảm an toàn.\n\n" + table + SIGNED_TAIL)
    assert [t["deadline"] for t in got] == [None, "Khi có mưa lũ"]


def test_department_of_every_province_kept_as_written() -> None:
    reg = AgencyRegistry(None, None, None)
    for name in ("Sở Xây dựng các tỉnh, thành phố trực thuộc Trung ương", "Sở Y tế các tỉnh, thành phố"):
        assert reg.resolve(name).name == name  # never the registry's 'Ủy ban nhân dân các tỉnh, …'
    assert reg.resolve("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương").name == \
        "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"
    head = official_head("HƯỚNG DẪN", "118/HD-BXD", "Cải tạo nhà ở năm 2027", issuer="BỘ XÂY DỰNG", place="Hà Nội",
                         date="ngày 09 tháng 11 năm 2026")
    body = ("I. MỤC ĐÍCH, YÊU CẦU\nBảo đảm hỗ trợ kịp thời.\n\nII. TỔ CHỨC THỰC HIỆN\n"
            "1. Sở Xây dựng các tỉnh, thành phố trực thuộc Trung ương:\n"
            "- Hướng dẫn các xã lập danh sách hộ cần hỗ trợ.\n"
            "- Báo cáo Bộ Xây dựng trước ngày 20/12/2027.\n")
    got = task_triples(head + body + SIGNED_TAIL)
    assert [t["lead"] for t in got] == [["Sở Xây dựng các tỉnh, thành phố trực thuộc Trung ương"]] * 2


def test_district_room_without_its_level_word() -> None:
    reg = AgencyRegistry("huyện Hải Hậu", "Ninh Bình", "huyện")
    assert reg.resolve("Phòng Nông nghiệp và Phát triển nông thôn huyện").name == \
        "Phòng Nông nghiệp và Phát triển nông thôn"
    assert reg.resolve("Phòng Y tế huyện").name == "Phòng Y tế"  # the registry's, as before
    # another body keeps its place word, and so does a Phòng named with its place or of another level's document
    assert reg.resolve("Trạm Khuyến nông huyện").name == "Trạm Khuyến nông huyện"
    assert reg.resolve("Phòng Quản lý xây dựng xã").name == "Phòng Quản lý xây dựng xã"
    assert AgencyRegistry("tỉnh Quảng Trị", "Quảng Trị", "tỉnh").resolve("Phòng Tư pháp tỉnh").name == \
        "Phòng Tư pháp tỉnh"
    head = official_head("QUYẾT ĐỊNH", "842/QĐ-UBND", "Về việc giao nhiệm vụ năm 2024",
                         issuer="ỦY BAN NHÂN DÂN\nHUYỆN TRIỆU PHONG", place="Triệu Phong", date="ngày 02 tháng 3 năm 2024")
    body = ("ỦY BAN NHÂN DÂN HUYỆN TRIỆU PHONG\n\nQUYẾT ĐỊNH:\n\nĐiều 1. Giao nhiệm vụ như sau:\n"
            "1. Phòng Nông nghiệp và Phát triển nông thôn huyện:\n"
            "a) Hướng dẫn các xã tiêm phòng vắc xin cho đàn gia súc.\n"
            "b) Tổng hợp kết quả tiêm phòng, báo cáo Ủy ban nhân dân huyện trước ngày 30/6/2024.\n\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n")
    got = task_triples(head + body + SIGNED_TAIL)
    assert [t["lead"] for t in got] == [["Phòng Nông nghiệp và Phát triển nông thôn"]] * 2


def test_heads_closing_formula_that_ends_the_text_is_no_task_even_numbered() -> None:
    text = ("Thủ trưởng các sở, ban, ngành và Chủ tịch Ủy ban nhân dân các xã, phường chịu trách nhiệm tổ chức "
            "thực hiện Kế hoạch này./.")
    assert closing_to_all("item", text)
    assert closing_to_all("plain", "Chủ tịch Ủy ban nhân dân các phường, xã và Thủ trưởng các sở, ban, ngành chịu "
                                   "trách nhiệm thực hiện nghiêm Chỉ thị này./.")
    # the same words inside the list (no './.' after them), a numbered item that bids them make plans of their own,
    # or one body's duty, stay tasks
    assert not closing_to_all("item", "Thủ trưởng các đơn vị thuộc Bộ chịu trách nhiệm thi hành Quyết định này.")
    assert not closing_to_all("item", "Các sở giáo dục và đào tạo căn cứ Kế hoạch này xây dựng kế hoạch của đơn vị.")
    assert not closing_to_all("item", "Sở Y tế chịu trách nhiệm tổ chức thực hiện Kế hoạch này.")
    body = ("I. MỤC ĐÍCH\nBảo đảm an toàn.\n\nII. TỔ CHỨC THỰC HIỆN\n"
            "1. Sở Nông nghiệp và Môi trường hướng dẫn ngư dân neo đậu tàu trước ngày 15/5/2027.\n"
            f"2. {text}\n")
    assert [t["lead"] for t in task_triples(PLAN + body + SIGNED_TAIL)] == [["Sở Nông nghiệp và Môi trường"]]


def test_results_item_of_an_article_is_no_task() -> None:
    head = official_head("NGHỊ QUYẾT", "45/NQ-HĐND", "Về phát triển giáo dục giai đoạn 2026 - 2030",
                         issuer="HỘI ĐỒNG NHÂN DÂN\nTỈNH HÀ TĨNH", place="Hà Tĩnh", date="ngày 10 tháng 12 năm 2026")
    body = ("HỘI ĐỒNG NHÂN DÂN TỈNH HÀ TĨNH\n\nQUYẾT NGHỊ:\n\nĐiều 1. Nhiệm vụ, giải pháp\n"
            "1. Kết quả giai đoạn 2021 - 2025: hoàn thành sắp xếp mạng lưới trường lớp, xây dựng 120 phòng học.\n"
            "2. Hạn chế: một số trường còn thiếu phòng học bộ môn.\n\n"
            "Điều 2. Tổ chức thực hiện\n1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết.\n")
    texts = [t["text"] for t in task_triples(head + body + SIGNED_TAIL)]
    assert not any(t.startswith(("Kết quả", "Hạn chế")) for t in texts)
    assert any(t.startswith("Giao Ủy ban nhân dân tỉnh") for t in texts)
