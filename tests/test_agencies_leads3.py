"""Leads in letters, notices, dispatches and commune plans never seen (issue 11, batch da200-da207): an agency's own
bullet with a colon ('- Sở Tài chính: …', 'a) …: …') and the '+' items under an agency line ending in a colon; inline
leads on the task's own line or the next one ('Đơn vị chủ trì: …; phối hợp: …', 'Chủ trì: …, thời gian: …'); a công
điện's '… điện:' addressees (no requests) and its leaders' titles ('Chỉ huy trưởng …'), deadlines in hours; a notice's
and a submission's closing lines (no tasks); units the registry lacks kept as written ('Văn phòng Ban', a ministry's
own 'Cục Chuyển đổi số', 'Phòng Quản lý dự án 2', a hospital's 'Khoa …'); a collective narrowed by 'ven …'."""

from __future__ import annotations

from typing import Any

import pytest

from extract.agencies import AgencyRegistry, plausible_agency
from extract.deadlines import find_deadline
from tests.conftest import SIGNED_TAIL, task_rows

CV = ("ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\n\nSố: 21/UBND-NL\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
      "Độc lập - Tự do - Hạnh phúc\n\nHà Tĩnh, ngày 14 tháng 5 năm 2026\nV/v phòng, chống dịch bệnh trên đàn gia súc\n\n"
      "Kính gửi:\n- Các sở, ban, ngành cấp tỉnh;\n- Ủy ban nhân dân các xã, phường.\n\n")
PLAN = ("ỦY BAN NHÂN DÂN\nXÃ GIA PHÚ\n\nSố: 5/KH-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Gia Phú, ngày 03 tháng 3 năm 2026\n\nKẾ HOẠCH\nBảo đảm nước sạch nông thôn năm 2026\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\nNâng cao tỷ lệ hộ dân được sử dụng nước sạch.\n\nII. NHIỆM VỤ CỤ THỂ\n")


def _rows(text: str) -> list[tuple[str, list[str], str | None]]:
    return [(r["text"][:30], r["lead"], r["deadline"]) for r in task_rows(text)]


def test_agency_bullets_and_items_under_an_agency_line() -> None:
    """A letter's requests written as each agency's own bullet: the agency before the colon leads; the '+' items
    under an agency line that ends with a colon are that agency's; the closing request to all is no task."""
    body = ("Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các cơ quan, đơn vị thực hiện các nội dung sau:\n\n"
            "- Sở Tài chính: tham mưu bố trí kinh phí hỗ trợ tiêu hủy gia súc bệnh trong tháng 6/2026.\n"
            "- Chi cục Chăn nuôi và Thú y: cung ứng vắc xin cho các xã có dịch, hoàn thành trước ngày 31/5/2026.\n"
            "- Ủy ban nhân dân các xã, phường:\n+ Thành lập chốt kiểm dịch tạm thời, hoàn thành trước ngày 20/5/2026.\n"
            "+ Tổ chức tiêu độc, khử trùng môi trường chăn nuôi, thực hiện hằng tuần.\n\n"
            "Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.\n")
    assert _rows(CV + body + SIGNED_TAIL) == [
        ("Sở Tài chính: tham mưu bố trí ", ["Sở Tài chính"], "trong tháng 6/2026"),
        ("Chi cục Chăn nuôi và Thú y: cu", ["Chi cục Chăn nuôi và Thú y"], "trước ngày 31/5/2026"),
        ("Thành lập chốt kiểm dịch tạm t", ["Ủy ban nhân dân các xã, phường"], "trước ngày 20/5/2026"),
        ("Tổ chức tiêu độc, khử trùng mô", ["Ủy ban nhân dân các xã, phường"], "hằng tuần")]


def test_inline_leads_on_the_tasks_line_or_the_next() -> None:
    """A commune plan's items with their lead and deadline written after them ('… . Đơn vị chủ trì: …; thời gian:
    …'), or on the next line with several labels ('Đơn vị chủ trì: …; phối hợp: …', 'Chủ trì: …, thời gian: …'): the
    item is the task without its labels, the agency after 'phối hợp' supports, the deadline is its phrase."""
    body = ("1. Rà soát hiện trạng các công trình cấp nước tập trung trên địa bàn xã.\n"
            "Đơn vị chủ trì: Phòng Kinh tế; phối hợp: Phòng Văn hóa - Xã hội.\n"
            "Thời gian thực hiện: hoàn thành trước ngày 30/4/2026.\n"
            "2. Kiểm tra chất lượng nước tại các công trình cấp nước. Đơn vị chủ trì: Trạm Y tế xã; thời gian: hằng quý.\n"
            "3. Tập huấn kỹ năng vận hành công trình cấp nước cho tổ quản lý thôn.\n"
            "Chủ trì: Phòng Kinh tế, Hạ tầng và Đô thị, thời gian: trong Quý II/2026.\n"
            "\nIII. TỔ CHỨC THỰC HIỆN\nPhòng Kinh tế là cơ quan thường trực, theo dõi, tổng hợp, báo cáo Ủy ban nhân dân xã.\n")
    assert _rows(PLAN + body + SIGNED_TAIL) == [
        ("Rà soát hiện trạng các công tr", ["Phòng Kinh tế"], "trước ngày 30/4/2026"),
        ("Kiểm tra chất lượng nước tại c", ["Trạm Y tế xã"], "hằng quý"),
        ("Tập huấn kỹ năng vận hành công", ["Phòng Kinh tế"], "trong Quý II/2026")]
    assert task_rows(PLAN + body + SIGNED_TAIL)[1]["text"] == "Kiểm tra chất lượng nước tại các công trình cấp nước"


def test_dispatch_addressees_titles_and_hours() -> None:
    """A công điện: the bullets under '… điện:' are its addressees, not requests; each request opens with a leader's
    title ('Chủ tịch …', 'Giám đốc …', 'Chỉ huy trưởng …') naming the body it heads; a collective narrowed by 'ven …'
    is the collective; a deadline in hours is read."""
    text = ("ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG THÁP\n\nSố: 09/CĐ-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\n\nĐồng Tháp, ngày 02 tháng 10 năm 2026\n\nCÔNG ĐIỆN\nVề việc ứng phó với lũ lớn\n\n"
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP điện:\n- Giám đốc các sở, ngành tỉnh;\n"
            "- Chủ tịch Ủy ban nhân dân các xã, phường.\n\n"
            "Để chủ động ứng phó với lũ lớn, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:\n\n"
            "1. Chủ tịch Ủy ban nhân dân các xã, phường ven sông Tiền: gia cố các tuyến đê bao xung yếu, hoàn thành "
            "trước 17 giờ 00 ngày 04/10/2026.\n"
            "2. Giám đốc Sở Giáo dục và Đào tạo: cho học sinh vùng ngập sâu nghỉ học, thực hiện trong 24 giờ tới.\n"
            "3. Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh: bố trí lực lượng sẵn sàng hỗ trợ di dời dân.\n" + SIGNED_TAIL)
    assert _rows(text) == [
        ("Chủ tịch Ủy ban nhân dân các x", ["Ủy ban nhân dân các xã, phường"], "trước 17 giờ 00 ngày 04/10/2026"),
        ("Giám đốc Sở Giáo dục và Đào tạ", ["Sở Giáo dục và Đào tạo"], "trong 24 giờ tới"),
        ("Chỉ huy trưởng Bộ Chỉ huy Quân", ["Bộ Chỉ huy Quân sự tỉnh"], None)]


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("chỉ đạo các trường cho học sinh nghỉ học, thực hiện trong 24 giờ tới.", "trong 24 giờ tới"),
    ("báo cáo trong vòng 48 giờ kể từ khi nhận được Công điện.", "trong vòng 48 giờ kể từ khi nhận được Công điện"),
    ("tổ chức lực lượng trực 24/24 giờ tại các điểm xung yếu.", None),
])
def test_deadlines_in_hours(sentence: str, phrase: str | None) -> None:
    assert find_deadline(sentence) == phrase


def test_closing_lines_are_no_tasks() -> None:
    """A notice's closing line ('… thông báo để các cơ quan, đơn vị biết, thực hiện') names an agency and a verb but
    assigns nothing; nor does a submission's 'kính trình'."""
    head = CV.replace("Số: 21/UBND-NL", "Số: 31/TB-VP").replace("V/v phòng, chống dịch bệnh trên đàn gia súc\n\n", "\n")
    head = head[: head.index("Kính gửi")] + "THÔNG BÁO\nKết luận tại cuộc họp về chống ngập\n\n"
    body = ("Phó Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:\n\n"
            "a) Sở Xây dựng: rà soát các điểm ngập, báo cáo trước ngày 25/7/2026.\n"
            "b) Sở Tài chính: bố trí vốn cho các công trình chống ngập trong Quý III/2026.\n\n"
            "Văn phòng Ủy ban nhân dân tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.\n")
    assert _rows(head + body + SIGNED_TAIL) == [
        ("Sở Xây dựng: rà soát các điểm ", ["Sở Xây dựng"], "trước ngày 25/7/2026"),
        ("Sở Tài chính: bố trí vốn cho c", ["Sở Tài chính"], "trong Quý III/2026")]


@pytest.mark.parametrize(("issuer", "mention", "name"), [
    # a management board's office is no ministry's 'Văn phòng Bộ'
    (("Ban Quản lý các khu công nghiệp Hà Nội", "Hà Nội", "thành phố"), "Văn phòng Ban", "Văn phòng Ban"),
    # a ministry's own unit is not the national body whose name adds 'quốc gia'
    (("Việt Nam", None, None), "Cục Chuyển đổi số", "Cục Chuyển đổi số"),
    (("Việt Nam", None, None), "Cục Chuyển đổi số quốc gia", "Cục Chuyển đổi số quốc gia"),
    (("Việt Nam", None, None), "Văn phòng Bộ", "Văn phòng Bộ"),
    # a unit numbered among its like, a hospital's ward
    (("thành phố Cần Thơ", "Cần Thơ", "thành phố"), "Phòng Quản lý dự án 2", "Phòng Quản lý dự án 2"),
    (("tỉnh Lai Châu", "Lai Châu", "tỉnh"), "Khoa Phòng, chống bệnh truyền nhiễm", "Khoa Phòng, chống bệnh truyền nhiễm"),
    # a collective narrowed by where its members lie is the collective
    (("tỉnh Đồng Tháp", "Đồng Tháp", "tỉnh"), "Ủy ban nhân dân các xã, phường ven sông Tiền, sông Hậu",
     "Ủy ban nhân dân các xã, phường"),
])
def test_resolution_keeps_units_the_registry_lacks(issuer: tuple[Any, ...], mention: str, name: str) -> None:
    assert AgencyRegistry(*issuer).resolve(mention).name == name


@pytest.mark.parametrize(("mention", "ok"), [
    ("Văn phòng Ban", True), ("Thanh tra Sở", True), ("Phòng Văn", False), ("Khoa học và Công nghệ", False),
    ("Sở Tài chính năm 2026", False), ("Phòng Quản lý dự án 2", True),
])
def test_plausible_unit_names(mention: str, ok: bool) -> None:
    assert plausible_agency(mention) is ok


def test_many_of_a_kind_is_never_the_one_body() -> None:
    """'Y tế các bộ, ngành' (the health units of every ministry) shares every word with 'Bộ Y tế' but speaks of many
    ministries: no match; as a 'Kính gửi' addressee it leads the letter's requests as written."""
    reg = AgencyRegistry("Việt Nam", None, None)
    assert reg.resolve("Bộ Y tế").name == "Bộ Y tế"
    assert reg.resolve("Y tế các bộ, ngành").name != "Bộ Y tế"
    text = ("BỘ Y TẾ\n\nSố: 18/BYT-TCCB\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "Hà Nội, ngày 10 tháng 3 năm 2026\nV/v báo cáo cải cách hành chính quý II năm 2026\n\n"
            "Kính gửi:\n- Sở Y tế các tỉnh, thành phố trực thuộc Trung ương;\n- Y tế các bộ, ngành.\n\n"
            "Bộ Y tế đề nghị các đơn vị thực hiện các nội dung sau:\n\n"
            "1. Báo cáo kết quả cải cách hành chính quý II năm 2026 trước ngày 15/6/2026.\n" + SIGNED_TAIL)
    assert [r["lead"] for r in task_rows(text)] == [
        ["Sở Y tế các tỉnh, thành phố trực thuộc Trung ương", "Y tế các bộ, ngành"]]


def test_target_sentence_after_the_last_item_is_no_task() -> None:
    """A 'Phấn đấu …' sentence under the last numbered task states a target: it neither makes that item a heading
    nor is a task itself."""
    body = ("1. Phòng Công nghệ thông tin triển khai bệnh án điện tử tại các khoa còn lại trước ngày 30/9/2026.\n"
            "2. Phòng Tài chính kế toán mở rộng thanh toán viện phí không dùng tiền mặt trong Quý IV/2026.\n"
            "Phấn đấu đến hết năm 2026, 100% khoa lâm sàng sử dụng bệnh án điện tử.\n")
    assert _rows(PLAN + body + SIGNED_TAIL) == [
        ("Phòng Công nghệ thông tin triể", ["Phòng Công nghệ thông tin"], "trước ngày 30/9/2026"),
        ("Phòng Tài chính kế toán mở rộn", ["Phòng Tài chính kế toán"], "trong Quý IV/2026")]
