"""Tasks read from text (batch da307-da309): a task table written with '|' between its cells (its header repeated
after a page break), numbered sub-items under an agency heading with no colon, the issuer's own unit ('Phòng … của Sở
hướng dẫn …'), closing sentences to every unit ('Thủ trưởng các … chịu trách nhiệm tổ chức thực hiện …'), a relative
deadline that closes with an agency's name, a season with no year."""

from __future__ import annotations

import pytest

from extract.agencies import AgencyRegistry, _and_split
from extract.deadlines import find_deadline
from extract.letters import item_lead
from extract.structure import Line, heading_over_agency, pipe_table_lines
from extract.tasks import closing_to_all
from tests.conftest import SIGNED_TAIL, official_head, task_triples

PLAN = official_head("KẾ HOẠCH", "88/KH-UBND", "Phòng cháy rừng năm 2026", issuer="ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NINH",
                     place="Quảng Ninh", date="ngày 10 tháng 6 năm 2026")
LETTER = official_head("CÔNG VĂN", "241/STC-QLNS", "V/v quyết toán vốn đầu tư", issuer="UBND TỈNH NGHỆ AN\nSỞ TÀI CHÍNH",
                       place="Nghệ An", date="ngày 22 tháng 7 năm 2026")


def _lines(text: str) -> list[Line]:
    return [Line(i, 1, t) for i, t in enumerate(text.splitlines())]


def test_pipe_rows_become_tab_rows() -> None:
    text = ("2.4 | Chất lượng văn bản | 43,2 | điểm\nCác nhiệm vụ như sau:\nSTT | Nội dung | Cơ quan chủ trì | Thời gian\n"
            "1 | Rà soát phương án | Sở Xây dựng | Quý III/2026\n | tiếp theo của dòng trên | |\n"
            "| 2 | Kiểm tra | Công an tỉnh | Hằng năm |\nMột câu có dấu | ở giữa.")
    out = pipe_table_lines(_lines(text))
    assert [ln.text.count("\t") for ln in out] == [0, 0, 3, 3, 3, 3, 0]  # no header: left alone
    assert all(len(a.text) == len(b.text) for a, b in zip(out, _lines(text), strict=True))  # spans keep offsets
    assert pipe_table_lines(_lines(text), {1})[2].text == _lines(text)[2].text  # a scan's page: OCR's rules
    # a two-row header's second row opens with an empty cell, no border: its bar is a cell's edge
    two = pipe_table_lines(_lines("STT | Chỉ tiêu | Đơn vị tính | Kế hoạch\n |  |  | 2026 | 2027 | 2028\n"))
    assert two[1].text.split("\t") == [" ", "  ", "  ", " 2026 ", " 2027 ", " 2028"]


def test_pipe_task_table_over_a_page_break() -> None:
    body = ("I. MỤC ĐÍCH\nPhòng ngừa cháy rừng.\n\nII. NHIỆM VỤ CỤ THỂ\n"
            "STT | Nội dung | Cơ quan chủ trì | Phối hợp | Thời gian\n"
            "1 | Rà soát phương án chữa cháy rừng cấp tỉnh | Sở Nông nghiệp và Môi trường | Công an tỉnh | Quý III/2026\n"
            "\n- 2 -\n\n"
            "STT | Nội dung | Cơ quan chủ trì | Phối hợp | Thời gian\n"
            "2 | Kiểm tra việc sử dụng lửa ven rừng | Công an tỉnh | | Hằng năm\n")
    tasks = task_triples(PLAN + body + SIGNED_TAIL)
    assert [(t["text"][:20], t["lead"], t["deadline"]) for t in tasks] == [
        ("Rà soát phương án ch", ["Sở Nông nghiệp và Môi trường"], "Quý III/2026"),
        ("Kiểm tra việc sử dụn", ["Công an tỉnh"], "Hằng năm"),
    ]  # its header rows no tasks


@pytest.mark.parametrize(("text", "closing"), [
    ("Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm tổ chức thực hiện nghiêm các nội dung trên.", True),
    ("Thủ trưởng các đơn vị thuộc Bộ chịu trách nhiệm thi hành Quyết định này.", True),
    ("Các sở, ngành chịu trách nhiệm triển khai Kế hoạch này.", True),
    ("Các đơn vị chủ động triển khai thực hiện, báo cáo kết quả về Sở Y tế.", True),
    ("Các cơ quan, đơn vị được giao nhiệm vụ chủ động triển khai; định kỳ báo cáo kết quả.", True),
    ("Các xã chủ động triển khai kế hoạch tiêm chủng trước ngày 30/6/2026.", False),  # with its object: a task
    ("Thủ trưởng các đơn vị thuộc Bộ chủ động xây dựng kế hoạch chi tiết.", False),
    ("Sở Tài chính chịu trách nhiệm thực hiện thẩm định.", False),
])
def test_closing_to_all_responsible_for_carrying_out(text: str, closing: bool) -> None:
    assert closing_to_all("plain", text) is closing
    assert closing_to_all("number", text) is False  # a numbered item so worded is a task


def test_sub_items_under_an_agency_heading_and_own_unit() -> None:
    body = ("Kính gửi: Các sở, ban, ngành.\n\nSở Tài chính đề nghị triển khai các nội dung sau:\n\n"
            "1. Ban Quản lý dự án đầu tư xây dựng tỉnh\n"
            "1.1. Rà soát báo cáo quyết toán các dự án hoàn thành trước ngày 30/9/2026.\n"
            "1.2. Thanh toán khối lượng hoàn thành trong mùa mưa bão.\n"
            "2. Phòng Tài chính đầu tư của Sở hướng dẫn các xã lập hồ sơ quyết toán.\n\n"
            "Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm tổ chức thực hiện.\n")
    tasks = task_triples(LETTER + body + SIGNED_TAIL)
    assert [(t["text"][:20], t["lead"], t["deadline"]) for t in tasks] == [
        ("Rà soát báo cáo quyế", ["Ban Quản lý dự án đầu tư xây dựng tỉnh"], "trước ngày 30/9/2026"),
        ("Thanh toán khối lượn", ["Ban Quản lý dự án đầu tư xây dựng tỉnh"], None),  # a season with no year
        ("Phòng Tài chính đầu ", ["Phòng Tài chính đầu tư"], None),
    ]


@pytest.mark.parametrize(("text", "lead"), [
    ("Ban Quản lý dự án đầu tư xây dựng tỉnh", "Ban Quản lý dự án đầu tư xây dựng tỉnh"),  # a heading alone
    ("Ban Quản lý dự án đầu tư xây dựng tỉnh hoàn thành hồ sơ.", "Ban Quản lý dự án đầu tư xây dựng tỉnh"),
    ("Phòng Tài chính đầu tư của Sở hướng dẫn các xã lập hồ sơ.", "Phòng Tài chính đầu tư"),
    ("Vụ Kế hoạch của Bộ chủ trì tổng hợp báo cáo.", "Vụ Kế hoạch"),
    ("Thư viện tỉnh trưng bày sách mới.", "Thư viện tỉnh"),
    ("Về công tác chuẩn bị", None),
])
def test_item_lead_heading_and_own_unit(text: str, lead: str | None) -> None:
    assert item_lead(text, AgencyRegistry(None, "Nghệ An", "tỉnh")) == lead


@pytest.mark.parametrize(("text", "deadline"), [
    ("Xử lý trong vòng 05 ngày kể từ ngày nhận được phản ánh của Sở Y tế và Công an tỉnh.",
     "trong vòng 05 ngày kể từ ngày nhận được phản ánh của Sở Y tế và Công an tỉnh"),
    ("Thanh toán trong vòng 10 ngày kể từ ngày nhận được văn bản của Sở Công Thương và Du lịch để tổng hợp.",
     "trong vòng 10 ngày kể từ ngày nhận được văn bản của Sở Công Thương và Du lịch"),
    ("Xử lý trong vòng 05 ngày kể từ ngày nhận được đề nghị của Ủy ban nhân dân các xã, phường.",
     "trong vòng 05 ngày kể từ ngày nhận được đề nghị của Ủy ban nhân dân các xã, phường"),
    ("Hoàn thành trong 07 ngày làm việc kể từ ngày nhận được hồ sơ của Sở Tài chính và báo cáo kết quả.",
     "trong 07 ngày làm việc kể từ ngày nhận được hồ sơ của Sở Tài chính"),
    ("Cử người trong vòng 48 giờ kể từ khi có cảnh báo và Chủ tịch xã báo cáo.", "trong vòng 48 giờ kể từ khi có cảnh báo"),
    ("Bảo đảm an toàn công trình trong mùa mưa bão.", None),
    ("Trực ứng phó trong mùa mưa năm 2026.", "trong mùa mưa năm 2026"),
    ("Nạo vét kênh mương trước mùa khô năm 2026.", "trước mùa khô năm 2026"),
])
def test_relative_deadline_to_the_end_of_a_name_and_seasons(text: str, deadline: str | None) -> None:
    assert find_deadline(text) == deadline


def test_plan_sub_items_under_an_agency_heading_and_a_list_before_a_colon() -> None:
    body = ("I. MỤC ĐÍCH\nBảo đảm nước sinh hoạt.\n\nIII. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế\n"
            "1.1. Hướng dẫn các xã xử lý nước sinh hoạt trước ngày 30/9/2026.\n"
            "1.2. Kiểm tra chất lượng nước tại các trạm cấp nước.\n"
            "2. Trung tâm Kiểm soát bệnh tật tỉnh, Trung tâm Khuyến nông tỉnh: tuyên truyền người dân trữ nước sạch.\n")
    tasks = task_triples(PLAN + body + SIGNED_TAIL)
    assert [(t["text"][:25], sorted(t["lead"]), t["deadline"]) for t in tasks] == [
        ("Hướng dẫn các xã xử lý nư", ["Sở Y tế"], "trước ngày 30/9/2026"),
        ("Kiểm tra chất lượng nước ", ["Sở Y tế"], None),
        ("Trung tâm Kiểm soát bệnh ", ["Trung tâm Khuyến nông tỉnh", "Trung tâm Kiểm soát bệnh tật tỉnh"], None),
    ]  # the heading itself no task; the list before the colon kept in the text as printed


@pytest.mark.parametrize(("text", "parts"), [
    ("Trung tâm Y tế khu vực và Trung tâm Kiểm soát bệnh tật tỉnh",
     ["Trung tâm Y tế khu vực", "Trung tâm Kiểm soát bệnh tật tỉnh"]),
    ("Bệnh viện Đa khoa tỉnh và Bệnh viện Sản Nhi tỉnh", ["Bệnh viện Đa khoa tỉnh", "Bệnh viện Sản Nhi tỉnh"]),
    ("Trung tâm Văn hóa và Thông tin tỉnh", ["Trung tâm Văn hóa và Thông tin tỉnh"]),  # a 'và' inside one name
    ("Chi cục Trồng trọt và Bảo vệ thực vật", ["Chi cục Trồng trọt và Bảo vệ thực vật"]),  # 'Bảo' is no 'Báo'
    ("Ủy ban Mặt trận Tổ quốc tỉnh và các tổ chức chính trị - xã hội",
     ["Ủy ban Mặt trận Tổ quốc tỉnh và các tổ chức chính trị - xã hội"]),
])
def test_two_unregistered_agencies_joined_by_and(text: str, parts: list[str]) -> None:
    assert _and_split(text) == parts


def test_de_nghi_two_unregistered_agencies_lead_each() -> None:
    body = ("Kính gửi: Các đơn vị y tế.\n\nSở Y tế đề nghị:\n\n"
            "1. Đề nghị Trung tâm Y tế khu vực và Trung tâm Kiểm soát bệnh tật tỉnh phối hợp giám sát dịch.\n"
            "2. Phòng Nghiệp vụ Y của Sở hướng dẫn các xã triển khai.\n\n"
            "Các đơn vị chủ động triển khai thực hiện, báo cáo kết quả về Sở Y tế.\n")
    head = LETTER.replace("SỞ TÀI CHÍNH", "SỞ Y TẾ")
    tasks = task_triples(head + body + SIGNED_TAIL)
    assert [sorted(t["lead"]) for t in tasks] == [
        ["Trung tâm Kiểm soát bệnh tật tỉnh", "Trung tâm Y tế khu vực"], ["Phòng Nghiệp vụ Y"]]  # the closing none


@pytest.mark.parametrize(("heading", "line", "over"), [
    ("Rà soát hệ thống thoát nước", "Sở Xây dựng chủ trì rà soát hệ thống thoát nước đô thị.", True),
    ("Nạo vét kênh mương", "Ủy ban nhân dân các xã, phường tổ chức nạo vét.", True),
    ("Giao", "Sở Xây dựng chủ trì rà soát.", False),  # a word that goes on
    ("Tăng cường công tác kiểm tra, giám sát của", "Sở Y tế đối với các cơ sở.", False),
    ("Rà soát hệ thống thoát nước", "đô thị trên địa bàn tỉnh.", False),
])
def test_heading_over_an_agency_sentence(heading: str, line: str, over: bool) -> None:
    assert heading_over_agency(heading, line) is over


def test_plan_heading_does_not_run_into_the_agency_sentence_below() -> None:
    body = ("I. MỤC ĐÍCH\nGiảm ngập.\n\nII. NHIỆM VỤ\n1. Rà soát hệ thống thoát nước\n"
            "Sở Xây dựng chủ trì rà soát hệ thống thoát nước đô thị, hoàn thành trong Quý III/2026.\n")
    tasks = task_triples(PLAN + body + SIGNED_TAIL)
    assert [(t["text"][:20], t["lead"], t["deadline"]) for t in tasks] == [
        ("Sở Xây dựng chủ trì ", ["Sở Xây dựng"], "trong Quý III/2026")]


def test_letter_heading_does_not_run_into_the_agency_sentence_below() -> None:
    body = ("Kính gửi: Các sở, ban, ngành.\n\nỦy ban nhân dân tỉnh yêu cầu:\n\n1. Công tác ứng phó\n"
            "Công an tỉnh bố trí lực lượng phân luồng giao thông.\n2. Tuyên truyền, phổ biến\n"
            "Sở Văn hóa, Thể thao và Du lịch chỉ đạo các cơ quan báo chí đưa tin.\n")
    head = LETTER.replace("UBND TỈNH NGHỆ AN\nSỞ TÀI CHÍNH", "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN")
    tasks = task_triples(head + body + SIGNED_TAIL)
    assert [(t["text"][:20], t["lead"]) for t in tasks] == [
        ("Công an tỉnh bố trí ", ["Công an tỉnh"]), ("Sở Văn hóa, Thể thao", ["Sở Văn hóa, Thể thao và Du lịch"])]


def test_the_table_views_pipe_rows_go_through_the_same_step() -> None:
    """The targets' table view (headless) takes every line with two or more '|' and no tab as a row, whatever its
    header, each bar a tab; a line with one bar or a tab already is left alone. One '|'-to-tab step for the project."""
    text = "2.4 | Chất lượng văn bản | 43,2 | điểm\nMột câu có dấu | ở giữa.\nChỉ tiêu\tĐơn vị | 2026 | 2027"
    out = pipe_table_lines(_lines(text), headless=True)
    assert out[0].text == "2.4 \t Chất lượng văn bản \t 43,2 \t điểm"
    assert [a.text == b.text for a, b in zip(out, _lines(text), strict=True)] == [False, True, True]
