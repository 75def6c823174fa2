"""Tasks read from text (batch da310-da315): a guide's part of activities by topic whose sentences open with their
agency, 'Agency: task' items kept with their lead as printed, a 'Cơ quan thực hiện' cell of labelled roles
('Chủ trì: …; phối hợp: …'), a span written whole ('Từ tháng 11/2026 đến tháng 4/2027') due at its end, a weekly
report's weekday kept with its recurrence."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.deadlines import find_deadline, parse_deadline
from extract.structure import heading_over_agency
from extract.tasks import _split_roles
from tests.conftest import SIGNED_TAIL, official_head, task_triples

GUIDE = official_head("HƯỚNG DẪN", "58/HD-SYT", "Phòng, chống bệnh tay chân miệng năm 2026",
                      issuer="UBND TỈNH HƯNG YÊN\nSỞ Y TẾ", place="Hưng Yên", date="ngày 08 tháng 9 năm 2026")
PLAN = official_head("KẾ HOẠCH", "42/KH-UBND", "Phòng cháy rừng mùa khô 2026 - 2027",
                     issuer="ỦY BAN NHÂN DÂN\nTỈNH GIA LAI", place="Gia Lai", date="ngày 20 tháng 10 năm 2026")


def test_activity_part_sentences_that_open_with_their_agency() -> None:
    body = ("I. MỤC ĐÍCH, YÊU CẦU\n1. Phát hiện sớm các ổ dịch tại trường mầm non.\n\n"
            "II. NỘI DUNG HOẠT ĐỘNG\n1. Giám sát ca bệnh\n"
            "Trạm Y tế các xã, phường tổ chức khám sàng lọc trẻ em tại các trường mầm non. Trạm Y tế các xã, phường "
            "báo cáo ca bệnh về Trung tâm Kiểm soát bệnh tật tỉnh trong vòng 24 giờ kể từ khi phát hiện.\n"
            "2. Điều trị\nViệc điều trị thực hiện theo hướng dẫn của Bộ Y tế tại các cơ sở khám bệnh.\n"
            "Bệnh viện Đa khoa tỉnh đã bố trí khu điều trị riêng cho bệnh nhi trong năm 2025.\n"
            "Bảo tàng tỉnh chủ trì, phối hợp với các xã hoàn thiện hồ sơ di tích trước ngày 30/11/2026.\n")
    tasks = task_triples(GUIDE + body + SIGNED_TAIL)
    assert [(t["text"][:24], t["lead"], t["deadline"]) for t in tasks] == [
        ("Trạm Y tế các xã, phường", ["Trạm Y tế các xã, phường"], None),
        # the same agency again with a deadline of its own, after a sentence with none: a task of its own
        ("Trạm Y tế các xã, phường", ["Trạm Y tế các xã, phường"], "trong vòng 24 giờ kể từ khi phát hiện"),
        ("Bảo tàng tỉnh chủ trì, p", ["Bảo tàng tỉnh"], "trước ngày 30/11/2026"),
    ]  # a sentence that describes the activity, and what an agency did ('đã bố trí'), assign nothing


def test_agency_colon_items_of_an_implementation_part_keep_their_lead() -> None:
    body = ("I. MỤC ĐÍCH\nPhòng ngừa cháy rừng.\n\nII. TỔ CHỨC THỰC HIỆN\n"
            "1. Sở Tài chính: tham mưu bố trí kinh phí thực hiện Kế hoạch trong dự toán năm 2026.\n"
            "2. Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh: huy động lực lượng hỗ trợ chữa cháy rừng khi có yêu cầu.\n"
            "3. Các xã, phường\n- Trạm Y tế xã: chuẩn bị cơ số thuốc trong vòng 48 giờ kể từ khi nước rút.\n")
    tasks = task_triples(PLAN + body + SIGNED_TAIL)
    assert [(t["text"][:28], sorted(t["lead"]), t["deadline"]) for t in tasks][:2] == [
        ("Sở Tài chính: tham mưu bố tr", ["Sở Tài chính"], None),  # 'trong dự toán năm 2026' names a budget
        ("Công an tỉnh, Bộ Chỉ huy Quâ", ["Bộ Chỉ huy Quân sự tỉnh", "Công an tỉnh"], None),
    ]


@pytest.mark.parametrize(("cell", "roles"), [
    ("Chủ trì: Sở Nông nghiệp và Môi trường; phối hợp: Công an tỉnh", ("Sở Nông nghiệp và Môi trường", "Công an tỉnh")),
    ("Chủ trì: Công an tỉnh", ("Công an tỉnh", None)),
    ("Cơ quan chủ trì: Sở Y tế. Phối hợp: Sở Tài chính", ("Sở Y tế", "Sở Tài chính")),
    ("Sở Tư pháp chủ trì; Sở Nội vụ phối hợp", ("Sở Tư pháp", "Sở Nội vụ")),  # the roles after the names, as before
])
def test_split_roles_labelled(cell: str, roles: tuple[str, str | None]) -> None:
    assert _split_roles(cell) == roles


def test_task_table_lead_cell_of_labelled_roles() -> None:
    body = ("I. MỤC ĐÍCH\nPhòng ngừa cháy rừng.\n\nII. NHIỆM VỤ CỤ THỂ\n"
            "STT | Nội dung nhiệm vụ | Thời gian thực hiện | Cơ quan thực hiện\n"
            "1 | Tổ chức trực canh lửa tại các chòi canh | Từ tháng 11/2026 đến tháng 4/2027 | "
            "Chủ trì: Ủy ban nhân dân các xã, phường; phối hợp: Công an tỉnh\n"
            "2 | Điều tra các vụ vi phạm gây cháy rừng | Thường xuyên | Chủ trì: Công an tỉnh\n")
    tasks = task_triples(PLAN + body + SIGNED_TAIL)
    assert [(t["text"][:20], t["lead"], t["deadline"]) for t in tasks] == [
        ("Tổ chức trực canh lử", ["Ủy ban nhân dân các xã, phường"], "đến tháng 4/2027"),  # a span: its end
        ("Điều tra các vụ vi p", ["Công an tỉnh"], "Thường xuyên"),
    ]


@pytest.mark.parametrize(("text", "date"), [
    ("Từ tháng 11/2026 đến tháng 4/2027", dt.date(2027, 4, 30)),  # a span whole: due at its end
    ("Từ ngày 15/9/2026 đến ngày 30/9/2026", dt.date(2026, 9, 30)),
    ("từ năm 2026 đến hết năm 2030", dt.date(2030, 12, 31)),
    ("Trước ngày 15/11/2026", dt.date(2026, 11, 15)),
    ("Tháng 11/2026", dt.date(2026, 11, 30)),
])
def test_span_deadline_parses_to_its_end(text: str, date: dt.date) -> None:
    assert parse_deadline(text).date == date


def test_weekday_kept_with_its_recurrence() -> None:
    assert find_deadline("Tổng hợp số liệu, báo cáo Sở Y tế trước 16 giờ 00 thứ Sáu hằng tuần.") == \
        "trước 16 giờ 00 thứ Sáu hằng tuần"
    assert find_deadline("báo cáo trước 16 giờ hằng ngày") == "trước 16 giờ hằng ngày"


@pytest.mark.parametrize(("line", "over"), [
    ("Trạm Y tế các xã, phường tổ chức khám sàng lọc.", True),
    ("Bảo tàng tỉnh chủ trì hoàn thiện hồ sơ di tích.", True),
    ("Vụ Kế hoạch - Tài chính tổng hợp kết quả.", True),
    ("Trường hợp phát hiện ca bệnh, báo cáo ngay.", False),  # a condition, no agency
    ("Tổ chức khám sàng lọc cho trẻ em.", False),
])
def test_topic_heading_over_an_agency_sentence(line: str, over: bool) -> None:
    assert heading_over_agency("Giám sát, phát hiện ca bệnh", line) is over


def test_task_table_content_cell_that_opens_with_its_agencies() -> None:
    head = official_head("PHƯƠNG ÁN", "12/PA-UBND", "Ứng phó bão năm 2026", issuer="ỦY BAN NHÂN DÂN\nXÃ AN PHÚ",
                         place="An Phú", date="ngày 10 tháng 6 năm 2026")
    body = ("I. MỤC ĐÍCH\nỨng phó kịp thời.\n\nII. PHÂN CÔNG NHIỆM VỤ\nSTT | Nội dung | Đơn vị thực hiện | Thời gian\n"
            "1 | Phòng Kinh tế: chủ trì lập phương án sơ tán dân cư | | Trước ngày 15/7/2026\n"
            "2 | Công an xã, Ban Chỉ huy Quân sự xã: huy động lực lượng hỗ trợ sơ tán | | Tháng 8/2026\n"
            "3 | Kiểm tra các hồ chứa nước | Phòng Kinh tế | Tháng 7/2026\n")
    tasks = task_triples(head + body + SIGNED_TAIL)
    assert [(t["text"][:14], sorted(t["lead"])) for t in tasks] == [
        ("Phòng Kinh tế:", ["Phòng Kinh tế"]),
        ("Công an xã, Ba", ["Ban Chỉ huy Quân sự xã", "Công an xã"]),  # not the lead of the row above
        ("Kiểm tra các h", ["Phòng Kinh tế"]),
    ]


def test_main_activities_part_with_unnumbered_lines_and_bullets() -> None:
    head = official_head("PHƯƠNG ÁN", "13/PA-UBND", "Ứng phó bão năm 2026", issuer="ỦY BAN NHÂN DÂN\nXÃ AN PHÚ",
                         place="An Phú", date="ngày 10 tháng 6 năm 2026")
    body = ("I. MỤC ĐÍCH\nỨng phó kịp thời.\n\nII. CÁC HOẠT ĐỘNG CHÍNH\n1. Tuyên truyền\n"
            "Trưởng các thôn tuyên truyền, vận động nhân dân gia cố nhà cửa trước ngày 30/7/2026.\n"
            "2. Sơ tán\n- Công an xã: bảo đảm an ninh trật tự tại các điểm sơ tán.\n")
    tasks = task_triples(head + body + SIGNED_TAIL)
    assert [(t["text"][:14], t["lead"], t["deadline"]) for t in tasks] == [
        ("Trưởng các thô", ["Trưởng các thôn"], "trước ngày 30/7/2026"),
        ("Công an xã: bả", ["Công an xã"], None),
    ]
