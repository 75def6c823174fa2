"""Tasks in the layouts and numberings of administrative documents from any province: '1.1.' requests, bullet lists
under an item that announces them, a chỉ thị's 'Yêu cầu Giám đốc các sở …:' lists, a thông báo kết luận's items,
the closing article of a quyết định, parts numbered in words ('Phần thứ hai'), task tables with group rows, wrapped
rows and sub-numbered rows, deadlines of half a year and the national agency registry. Each test runs the real
extractor (extract.core.extract_document or the stage it names) on text written for the test."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from extract.agencies import AgencyRegistry
from extract.deadlines import find_deadline, parse_deadline
from extract.structure import page_lines, parse_structure
from extract.tasks import body_drafts, parse_table_rows
from tests.conftest import extract_text

HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH\n\nSố: {no}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nQuy Nhơn, ngày 3 tháng 3 năm 2026\n\n")
FOOT = "\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nTrần Văn Bình\n"


def _extract(text: str) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    ex = extract_text(text, "d")
    names = {a["agency_id"]: a["name"] for a in ex.agencies}
    leads: dict[str, list[str]] = {}
    for x in ex.task_agencies:
        if x["role"] == "lead":
            leads.setdefault(x["task_id"], []).append(names[x["agency_id"]])
    return ex.tasks, {t["text"]: sorted(leads.get(t["task_id"], [])) for t in ex.tasks}


def test_sub_numbered_requests_and_bullets_under_an_announcing_item() -> None:
    """'1.1.' items under '1.' and '-' items under '2. …:' are requests of their own, with the letter's addressees
    as leads; '-' lines under an item without a colon stay that item's detail; '+' under a '- …:' go one deeper."""
    text = HEAD.format(no="77/SNV-CCHC") + (
        "Kính gửi:\n- Các sở, ban, ngành tỉnh;\n- Ủy ban nhân dân các xã, phường.\n\n"
        "Sở Nội vụ đề nghị các cơ quan, đơn vị thực hiện các nội dung sau:\n\n"
        "1. Về thủ tục hành chính\n"
        "1.1. Công bố danh mục thủ tục hành chính nội bộ trước ngày 30/4/2026.\n"
        "1.2. Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa thường xuyên.\n\n"
        "2. Về công vụ:\n"
        "- Kiểm tra việc chấp hành giờ làm việc của công chức hằng quý;\n"
        "- Báo cáo kết quả kiểm tra về Sở Nội vụ 6 tháng đầu năm 2026.\n\n"
        "3. Rà soát biên chế công chức của cơ quan, đơn vị trong tháng 6/2026, gồm:\n"
        "- biên chế được giao;\n- biên chế có mặt.\n\n"
        "4. Về số hóa:\n- Ủy ban nhân dân các xã, phường thực hiện các việc sau:\n"
        "+ Số hóa hồ sơ hộ tịch trước ngày 31/10/2026;\n+ Số hóa hồ sơ đất đai trong năm 2026.\n" + FOOT)
    tasks, leads = _extract(text)
    got = [(t["task_no"], t["text"].split(" ")[0], t["deadline_text"]) for t in tasks]
    assert got == [("1.1", "Công", "trước ngày 30/4/2026"), ("1.2", "Niêm", "thường xuyên"),
                   ("2", "Kiểm", "hằng quý"), ("2", "Báo", "6 tháng đầu năm 2026"),
                   ("3", "Rà", "trong tháng 6/2026"), ("4", "Số", "trước ngày 31/10/2026"), ("4", "Số", "trong năm 2026")]
    both = ["Các sở, ban, ngành", "Ủy ban nhân dân các xã, phường"]
    assert [leads[t["text"]] for t in tasks[:5]] == [both] * 5
    assert tasks[4]["text"].endswith("biên chế được giao; biên chế có mặt.")  # the detail stays in its item
    # the '+' items take the agency their '-' line names, not the letter's addressees
    assert [leads[t["text"]] for t in tasks[5:]] == [["Ủy ban nhân dân các xã, phường"]] * 2
    assert parse_deadline("6 tháng đầu năm 2026").date == dt.date(2026, 6, 30)


def test_directive_lists_conclusions_and_closing_article() -> None:
    """A chỉ thị's '1. Yêu cầu Giám đốc các sở, ban, ngành:' gives its lettered and bulleted items that lead; a
    thông báo kết luận's 'Ghi nhận …' assigns nothing; a quyết định's '… chịu trách nhiệm thi hành Quyết định này'
    is no task, even when it names departments first."""
    directive = HEAD.format(no="2/CT-UBND") + (
        "CHỈ THỊ\nVề kỷ cương hành chính\n\nChủ tịch Ủy ban nhân dân tỉnh chỉ thị:\n\n"
        "1. Yêu cầu Giám đốc các sở, ban, ngành:\n"
        "a) Công khai thủ tục hành chính thuộc thẩm quyền trước ngày 15/4/2026;\n"
        "b) Xin lỗi người dân khi giải quyết hồ sơ quá hạn.\n\n"
        "2. Chủ tịch Ủy ban nhân dân các xã, phường:\n- Đối thoại với người dân hằng tháng.\n\n"
        "3. Ghi nhận kết quả cải cách hành chính của các xã, phường năm 2025.\n" + FOOT)
    tasks, leads = _extract(directive)
    assert [(t["task_no"], leads[t["text"]]) for t in tasks] == [
        ("1.a", ["Các sở, ban, ngành"]), ("1.b", ["Các sở, ban, ngành"]), ("2", ["Ủy ban nhân dân các xã, phường"])]
    decision = HEAD.format(no="5/QĐ-UBND") + (
        "QUYẾT ĐỊNH\nVề việc giao nhiệm vụ\n\nQUYẾT ĐỊNH:\n\nĐiều 1. Giao Sở Tư pháp rà soát văn bản trong Quý II/2026.\n\n"
        "Điều 2. Sở Nội vụ, Sở Tài chính và Thủ trưởng các cơ quan, đơn vị liên quan chịu trách nhiệm thi hành "
        "Quyết định này./.\n" + FOOT)
    tasks, leads = _extract(decision)
    assert [(t["text"][:23], leads[t["text"]]) for t in tasks] == [("Giao Sở Tư pháp rà soát", ["Sở Tư pháp"])]


def test_parts_numbered_in_words() -> None:
    """'Phần thứ hai' with its name on the next line, and 'PHẦN THỨ BA. …' on one, are the roman parts II and III."""
    text = ("BÁO CÁO\nKết quả\n\nPhần thứ nhất\nKẾT QUẢ NĂM 2025\nĐã tiếp nhận 1.250 hồ sơ.\n\nPhần thứ hai\n"
            "NHIỆM VỤ NĂM 2026\n1. Rà soát, đề xuất cắt giảm thủ tục hành chính lĩnh vực đầu tư trước ngày 15/6/2026.\n"
            "\nPHẦN THỨ BA. KIẾN NGHỊ\nĐề nghị bố trí kinh phí.\n")
    st = parse_structure(page_lines([(1, text)]))
    assert [(s.label, s.heading) for s in st.sections.values() if s.level == 1] == [
        ("I", "KẾT QUẢ NĂM 2025"), ("II", "NHIỆM VỤ NĂM 2026"), ("III", "KIẾN NGHỊ")]
    assert [d.section_label for d in body_drafts(st)] == ["II.1"]
    # a sentence that starts with the words is no part
    assert parse_structure(page_lines([(1, "I. MỤC TIÊU\nPhần thứ hai của báo cáo nêu kết quả.\n")])).sections.keys() == {"I"}


def test_task_table_group_rows_wrapped_rows_and_sub_numbers() -> None:
    """Group rows inside a table ('A', 'I', '1' over '1.1'), a text-layer line that carries only the wrapped end of
    the row above, a lead cell merged down under a sub-numbered row, extra columns ('Kết quả đầu ra', 'Ghi chú')."""
    header = ["STT", "Nội dung nhiệm vụ", "Kết quả đầu ra", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", "Ghi chú"]
    rows: list[Any] = [
        (0, 1, header),
        (1, 1, ["A", "Nhóm thể chế"]),
        (2, 1, ["1", "Cải cách thủ tục hành chính"]),
        (3, 1, ["1.1", "Công bố thủ tục hành chính", "Quyết định", "Sở Tư pháp", "Các sở", "Quý I/2026", ""]),
        (4, 1, ["", "thuộc thẩm quyền của tỉnh", "công bố"]),
        (5, 1, ["1.2", "Rà soát quy trình nội bộ", "Báo cáo", "", "", "Quý II/2026", "Năm trước chưa xong"]),
        (6, 1, ["2", "Kiểm tra công vụ", "Kết luận", "Sở Nội vụ", "", "Hằng năm", ""]),
    ]
    drafts = parse_table_rows(rows, None, AgencyRegistry("tỉnh Bình Định", "Bình Định", "tỉnh"))
    assert [(d.task_no, d.text, d.product, d.group, [m for m, _ in d.lead], d.deadline_text) for d in drafts] == [
        ("1.1", "Công bố thủ tục hành chính thuộc thẩm quyền của tỉnh", "Quyết định công bố", "Cải cách thủ tục hành chính",
         ["Sở Tư pháp"], "Quý I/2026"),
        ("1.2", "Rà soát quy trình nội bộ", "Báo cáo", "Cải cách thủ tục hành chính", ["Sở Tư pháp"], "Quý II/2026"),
        # '2' is a task: the row below it is no '2.x' and it names its agency and deadline
        ("2", "Kiểm tra công vụ", "Kết luận", "Cải cách thủ tục hành chính", ["Sở Nội vụ"], "Hằng năm"),
    ]


@pytest.mark.parametrize("sentence, phrase, date", [
    ("báo cáo kết quả 6 tháng đầu năm 2026.", "6 tháng đầu năm 2026", dt.date(2026, 6, 30)),
    ("hoàn thành trong sáu tháng cuối năm 2026.", "trong sáu tháng cuối năm 2026", dt.date(2026, 12, 31)),
    ("báo cáo trước 16 giờ 00 ngày 20/3/2026.", "trước 16 giờ 00 ngày 20/3/2026", dt.date(2026, 3, 20)),
    ("duy trì đến hết năm 2027.", "đến hết năm 2027", dt.date(2027, 12, 31)),
    ("hoàn thành đến hết ngày 31/12/2026.", "đến hết ngày 31/12/2026", dt.date(2026, 12, 31)),
])
def test_half_year_hour_and_period_deadlines(sentence: str, phrase: str, date: dt.date) -> None:
    assert find_deadline(sentence) == phrase
    assert parse_deadline(phrase).date == date
    # a year alone sets no deadline, nor does the period in a plan's name
    assert find_deadline("Chỉ số cải cách hành chính năm 2026 của tỉnh") is None
    assert find_deadline("Cụ thể hóa Kế hoạch cải cách hành chính giai đoạn 2026-2030 của xã") is None


def test_registry_after_the_2025_mergers() -> None:
    """A province's own office is not the commune's 'Văn phòng HĐND và UBND'; departments of the provinces that keep
    them apart are themselves, not the merged department they resemble."""
    reg = AgencyRegistry("tỉnh Khánh Hòa", "Khánh Hòa", "tỉnh")
    assert reg.resolve("VP UBND tỉnh").name == "Văn phòng Ủy ban nhân dân tỉnh"
    assert reg.resolve("Văn phòng Ủy ban nhân dân tỉnh").jurisdiction == "tỉnh Khánh Hòa"
    assert reg.resolve("Sở Văn hóa và Thể thao").name == "Sở Văn hóa và Thể thao"
    assert reg.resolve("Sở Văn hóa, Thể thao và Du lịch").name == "Sở Văn hóa, Thể thao và Du lịch"
    assert reg.resolve("Sở Nông nghiệp và Môi trường").name == "Sở Nông nghiệp và Môi trường"
    assert reg.resolve("Văn phòng HĐND và UBND xã").name == "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"
    assert reg.resolve("Ban Quản lý Khu kinh tế Vân Phong").name == "Ban Quản lý Khu kinh tế Vân Phong"
    # abbreviations of merged and old departments; a 'Sở …' never resolves to the 'Bộ …' of the same name
    assert reg.resolve("Sở TN&MT").name == "Sở Tài nguyên và Môi trường"
    assert reg.resolve("SNNMT").name == "Sở Nông nghiệp và Môi trường"
    assert reg.resolve("Sở GD&ĐT").name == "Sở Giáo dục và Đào tạo"
    assert reg.resolve("UBND cấp xã").name == "Ủy ban nhân dân các xã, phường"
    assert reg.resolve("Thuế tỉnh").name == "Thuế tỉnh" and reg.resolve("Tỉnh đoàn").name == "Tỉnh đoàn"


def test_plan_items_under_an_announcing_bullet() -> None:
    """In a plan's 'NHIỆM VỤ', '- Sở Tư pháp:' heads the '+' items under it (they are its tasks, it is none), and a
    '-' item after them is a task of its own again."""
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH\n\nSố: 5/KH-UBND\n\nQuy Nhơn, ngày 3 tháng 3 năm 2026\n\nKẾ HOẠCH\n"
            "Cải cách hành chính năm 2026\n\nI. MỤC ĐÍCH\nNâng cao chất lượng.\n\nII. NHIỆM VỤ\n"
            "1. Cải cách thủ tục hành chính\n- Sở Tư pháp:\n"
            "+ Rà soát, đánh giá thủ tục hành chính trong quá trình thực hiện trước ngày 30/6/2026;\n"
            "+ Công bố danh mục thủ tục hành chính mới ban hành thường xuyên.\n"
            "- Tổ chức đối thoại với doanh nghiệp về thủ tục hành chính hằng năm.\n" + FOOT)
    tasks, leads = _extract(text)
    assert [(t["text"].split(",")[0].split(" ")[0], t["deadline_text"], leads[t["text"]]) for t in tasks] == [
        ("Rà", "trước ngày 30/6/2026", ["Sở Tư pháp"]), ("Công", "thường xuyên", ["Sở Tư pháp"]),
        ("Tổ", "hằng năm", [])]


def test_parts_numbered_without_a_dot_and_headings_run_together() -> None:
    """'PHẦN I' alone on its line (its name below), 'Phần II: …', and a roman heading OCR ran together with its name
    ('III.TỔ CHỨC THỰC HIỆN') are the roman parts; a lower-case word after a dot is still no part."""
    text = ("KẾ HOẠCH\nKiểm soát thủ tục hành chính\n\nPHẦN I\nMỤC ĐÍCH, YÊU CẦU\nBảo đảm công khai.\n\n"
            "Phần II: NHIỆM VỤ CỤ THỂ\n1. Sở Tư pháp chủ trì rà soát văn bản quy phạm pháp luật trong Quý III/2026.\n\n"
            "III.TỔ CHỨC THỰC HIỆN\nCác sở triển khai.\n")
    st = parse_structure(page_lines([(1, text)]))
    assert [(s.label, s.heading, s.roles) for s in st.sections.values() if s.level == 1] == [
        ("I", "MỤC ĐÍCH, YÊU CẦU", {"purpose"}), ("II", "NHIỆM VỤ CỤ THỂ", {"tasks"}),
        ("III", "TỔ CHỨC THỰC HIỆN", {"implementation"})]
    assert [d.section_label for d in body_drafts(st)] == ["II.1"]
    assert not parse_structure(page_lines([(1, "V.v triển khai kế hoạch\nI.Mục tiêu chung của xã\n")])).sections


def test_task_and_solution_part_closing_paragraph_and_items_that_assign_nothing() -> None:
    """'II. NHIỆM VỤ VÀ GIẢI PHÁP' holds a plan's tasks (a 'GIẢI PHÁP THỰC HIỆN' part does not); a closing 'Trên đây
    là …' under the last item does not make it a heading; a short lettered sentence is a task while a short 'b)
    Nhiệm vụ' over items is not; 'Kinh phí thực hiện: …' assigns nothing."""
    text = HEAD.format(no="38/KH-UBND") + (
        "KẾ HOẠCH\nChuyển đổi số năm 2026\n\nI. MỤC ĐÍCH, YÊU CẦU\nBảo đảm thông suốt.\n\n"
        "II. NHIỆM VỤ VÀ GIẢI PHÁP\n1. Phòng Kinh tế rà soát, số hóa hồ sơ đất đai còn lưu trữ bằng giấy trong Quý IV/2026.\n"
        "2. Kinh phí thực hiện: 450 triệu đồng từ ngân sách xã.\n"
        "3. Nhiệm vụ khác\na) Rà soát thủ tục hành chính nội bộ trong Quý I/2026.\n"
        "4. Phòng Văn hóa - Xã hội tuyên truyền về dịch vụ công trực tuyến hằng tháng.\n"
        "Trên đây là Kế hoạch chuyển đổi số năm 2026 của Ủy ban nhân dân xã.\n\n"
        "III. GIẢI PHÁP THỰC HIỆN\n1. Tăng cường ứng dụng công nghệ thông tin trong chỉ đạo, điều hành của xã.\n") + FOOT
    tasks, leads = _extract(text)
    assert [(t["text"][:30], t["deadline_text"]) for t in tasks] == [
        ("Phòng Kinh tế rà soát, số hóa ", "trong Quý IV/2026"),
        ("Rà soát thủ tục hành chính nội", "trong Quý I/2026"),
        ("Phòng Văn hóa - Xã hội tuyên t", "hằng tháng")]
    assert leads[tasks[2]["text"]] == ["Phòng Văn hóa - Xã hội"]


def test_submission_items_that_assign_nothing() -> None:
    """A tờ trình's funding, legal basis and necessity items are no tasks; its undertaking is."""
    text = HEAD.format(no="12/TTr-UBND") + (
        "TỜ TRÌNH\nVề việc phê duyệt Kế hoạch chuyển đổi số năm 2026\n\nKính gửi: Hội đồng nhân dân xã.\n\n"
        "Ủy ban nhân dân xã kính trình Hội đồng nhân dân xã xem xét, phê duyệt với các nội dung sau:\n\n"
        "1. Sự cần thiết ban hành Kế hoạch: bảo đảm triển khai đồng bộ chuyển đổi số.\n\n"
        "2. Căn cứ pháp lý: Luật Tổ chức chính quyền địa phương năm 2025.\n\n"
        "3. Kinh phí thực hiện: 450 triệu đồng từ ngân sách xã.\n\n"
        "4. Ủy ban nhân dân xã tổ chức thực hiện Kế hoạch, báo cáo kết quả trước ngày 15/7/2026.\n") + FOOT
    tasks, _ = _extract(text)
    assert [(t["text"][:30], t["deadline_text"]) for t in tasks] == [
        ("Ủy ban nhân dân xã tổ chức thự", "trước ngày 15/7/2026")]


@pytest.mark.parametrize(("sentence", "phrase", "recurrence"), [
    # a date that qualifies a document is not the request's deadline: the next phrase is
    ("Sở Tư pháp rà soát văn bản do tỉnh ban hành trước ngày 01/7/2025, hoàn thành trong Quý III/2026.",
     "trong Quý III/2026", "once"),
    ("xử lý kịp thời cảnh báo hồ sơ sắp quá hạn hằng ngày.", "hằng ngày", "daily"),
    ("họp giao ban hàng tuần.", "hàng tuần", "weekly"),
])
def test_deadline_qualifiers_and_daily_weekly(sentence: str, phrase: str, recurrence: str) -> None:
    assert find_deadline(sentence) == phrase
    assert parse_deadline(phrase).recurrence == recurrence


def test_special_zones_are_kept_in_the_lead() -> None:
    """'Ủy ban nhân dân các xã, phường, đặc khu' (2025 special zones) is itself, not the commune-and-ward lead."""
    reg = AgencyRegistry("thành phố Hải Phòng", "Hải Phòng", "tỉnh")
    assert reg.resolve("Ủy ban nhân dân các xã, phường, đặc khu").name == "Ủy ban nhân dân các xã, phường, đặc khu"
    assert reg.resolve("UBND các xã, phường, đặc khu").name == "Ủy ban nhân dân các xã, phường, đặc khu"
    assert reg.resolve("Ủy ban nhân dân các xã, phường").name == "Ủy ban nhân dân các xã, phường"
