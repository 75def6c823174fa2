"""Tasks and leads of guides, programmes, resolutions and letters never seen (issue 11, batch da240-da247): an
implementation part written as paragraphs whose subject is the agency, also under a 'Trách nhiệm của …' heading that
names many bodies; a closing 'Giao X theo dõi, đôn đốc, tổng hợp …'; sub-headings 'Đối với …:' and numbered agency
headings without a colon over '-' tasks; a resolution's lettered 'Nhiệm vụ, giải pháp' list in an article that also
titles targets; the object of 'Giao' / 'Đề nghị' as lead, members that are no agency left out; a letter's paragraphs
after its lettered requests; a decision's article items that state a figure (targets, not tasks); names holding a
comma or a verb word and their level; deadlines counted from an event."""

from __future__ import annotations

from typing import Any

import pytest

from extract.agencies import AgencyRegistry, plausible_agency
from extract.deadlines import find_deadline
from extract.letters import item_lead, lead_cell
from tests.conftest import SIGNED_TAIL, extract_text, official_head, target_tuples, task_triples


def _tasks(text: str) -> list[dict[str, Any]]:
    return task_triples(text)


@pytest.fixture(scope="module")
def reg() -> AgencyRegistry:
    return AgencyRegistry("tỉnh Sơn La", "Sơn La", "tỉnh")


@pytest.mark.parametrize(("cell", "parts"), [
    # a name that holds a comma: the piece after it opens with no head word and the name before is no registry name
    ("Trung tâm Văn hóa, Nghệ thuật tỉnh", ["Trung tâm Văn hóa, Nghệ thuật tỉnh"]),
    ("Vụ Kế hoạch, Tài chính", ["Vụ Kế hoạch, Tài chính"]),
    ("Chi cục Chăn nuôi, Thú y và Thủy sản", ["Chi cục Chăn nuôi, Thú y và Thủy sản"]),
    ("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh, Sở Tài chính",
     ["Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh", "Sở Tài chính"]),
    # lists stay lists
    ("Sở Tài chính, Kho bạc Nhà nước", ["Sở Tài chính", "Kho bạc Nhà nước"]),
    ("Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh", ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"]),
    ("Sở Văn hóa, Thể thao và Du lịch, Sở Xây dựng", ["Sở Văn hóa, Thể thao và Du lịch", "Sở Xây dựng"]),
])
def test_names_holding_a_comma(reg: AgencyRegistry, cell: str, parts: list[str]) -> None:
    assert reg.split_mentions(cell) == parts


def test_what_reads_as_an_agency() -> None:
    assert plausible_agency("Thư viện tỉnh") and plausible_agency("Bảo tàng tỉnh")
    assert not plausible_agency("Số người tham gia")  # 'Số' folds like 'Sở'
    assert not plausible_agency("các đại biểu Hội đồng nhân dân huyện")  # deputies, no 'Đài'
    assert not plausible_agency("Phòng Văn")  # a head word with a stray fragment, as before


@pytest.mark.parametrize(("text", "lead"), [
    # a verb word, its level and the request's verb: the verb word is the tail of the name
    ("Ban Quản lý dự án đầu tư xây dựng tỉnh hoàn thành nâng cấp tuyến đường.", "Ban Quản lý dự án đầu tư xây dựng tỉnh"),
    ("Trung tâm Phát triển quỹ đất huyện Mường La chủ trì rà soát quỹ đất.", "Trung tâm Phát triển quỹ đất huyện Mường La"),
    ("Sở Xây dựng xây dựng tỉnh Sơn La thành trung tâm vùng.", "Sở Xây dựng"),  # a place for its object
    ("Sở Nông nghiệp và Môi trường lồng ghép nguồn vốn Chương trình mục tiêu quốc gia xây dựng nông thôn mới.",
     "Sở Nông nghiệp và Môi trường"),
    ("Đối với các sở, ban, ngành tỉnh:", "các sở, ban, ngành tỉnh"),
    # the object of 'Giao' / 'Đề nghị': the agencies of the list, members that are none left out
    ("Giao Thường trực HĐND huyện, các Ban HĐND huyện và các đại biểu HĐND huyện giám sát việc thực hiện Nghị quyết.",
     "Thường trực HĐND huyện, các Ban HĐND huyện"),
    ("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện và các tổ chức chính trị - xã hội huyện tuyên truyền, vận động.",
     "Ủy ban Mặt trận Tổ quốc Việt Nam huyện và các tổ chức chính trị - xã hội huyện"),  # split at 'và' (below)
    # a list the heading gives a duty to after a full stop (seed 004's template) stays without a lead of its own
    ("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã và các tổ chức chính trị - xã hội. Tích cực tuyên truyền.", None),
])
def test_lead_of_a_request(reg: AgencyRegistry, text: str, lead: str | None) -> None:
    assert item_lead(text, reg) == lead


def test_a_request_to_two_bodies_joined_by_va_splits_into_both(reg: AgencyRegistry) -> None:
    """The mention keeps its 'và' as printed; the split gives each body, at any level ('huyện' as 'xã')."""
    for level in ("huyện", "xã"):
        mention = item_lead(f"Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam {level} và các tổ chức chính trị - xã hội {level} "
                            "tuyên truyền, vận động.", reg)
        assert mention is not None
        assert [reg.resolve(m).name for m in reg.split_mentions(mention)] == [
            "Ủy ban Mặt trận Tổ quốc Việt Nam", "Các tổ chức chính trị - xã hội"]


def test_giao_list_splits_into_its_agencies(reg: AgencyRegistry) -> None:
    mention = item_lead("Giao Thường trực Hội đồng nhân dân huyện, các Ban của Hội đồng nhân dân huyện, các Tổ đại "
                        "biểu và đại biểu Hội đồng nhân dân huyện giám sát việc thực hiện Nghị quyết.", reg)
    assert mention is not None and lead_cell(mention, reg)[1] == ""  # split at its commas: each piece an agency
    assert [reg.resolve(m).name for m in reg.split_mentions(mention)] == [
        "Thường trực Hội đồng nhân dân", "Các Ban của Hội đồng nhân dân"]


def test_guide_implementation_paragraphs_by_agency() -> None:
    text = official_head("HƯỚNG DẪN", "310/HD-SVHTTDL", "Tổ chức Ngày hội văn hóa các dân tộc năm 2026",
                         issuer="UBND TỈNH SƠN LA\nSỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", place="Sơn La",
                         date="ngày 02 tháng 4 năm 2026") + (
        "I. MỤC ĐÍCH\n1. Tôn vinh bản sắc văn hóa các dân tộc trên địa bàn tỉnh.\n\n"
        "II. TỔ CHỨC THỰC HIỆN\n"
        "Trung tâm Văn hóa, Nghệ thuật tỉnh chủ trì, phối hợp với Bảo tàng tỉnh xây dựng chương trình nghệ thuật, "
        "hoàn thành trước ngày 30/5/2026.\n"
        "Thư viện tỉnh trưng bày sách, tư liệu về văn hóa các dân tộc trong tháng 6/2026.\n"
        "Ủy ban nhân dân các xã, phường chỉ đạo các thôn, bản cử đội văn nghệ tham gia trước ngày 15/6/2026.\n"
        "Giao Văn phòng Sở theo dõi, đôn đốc, tổng hợp kết quả, báo cáo Giám đốc Sở trước ngày 30/7/2026.\n\n"
        "Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị phản ánh về Sở để được hướng dẫn./.\n") + SIGNED_TAIL
    got = _tasks(text)
    assert [t["lead"] for t in got] == [["Trung tâm Văn hóa, Nghệ thuật tỉnh"], ["Thư viện tỉnh"],
                                        ["Ủy ban nhân dân các xã, phường"], ["Văn phòng Sở"]]
    assert [t["deadline"] for t in got] == ["trước ngày 30/5/2026", "trong tháng 6/2026", "trước ngày 15/6/2026",
                                            "trước ngày 30/7/2026"]


def test_programme_duties_under_a_heading_of_many_bodies() -> None:
    text = official_head("CHƯƠNG TRÌNH", "21/CTr-UBND", "Phát triển nông nghiệp hữu cơ năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH SƠN LA", place="Sơn La", date="ngày 10 tháng 02 năm 2026") + (
        "I. MỤC TIÊU\nPhát triển vùng sản xuất hữu cơ gắn với chế biến.\n\n"
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Trách nhiệm của các sở, ngành\n"
        "Sở Tài chính chủ trì xây dựng phương án hỗ trợ chứng nhận hữu cơ, trình Ủy ban nhân dân tỉnh trước ngày "
        "31/3/2026.\n"
        "Ban Quản lý dự án đầu tư xây dựng tỉnh hoàn thành hạ tầng vùng sản xuất trước ngày 30/10/2026.\n"
        "2. Trách nhiệm của Ủy ban nhân dân các xã, phường\n"
        "Vận động hợp tác xã, hộ nông dân tham gia chuỗi liên kết sản xuất hữu cơ thường xuyên.\n"
        "3. Giao Sở Nông nghiệp và Môi trường theo dõi, đôn đốc, tổng hợp tình hình thực hiện, báo cáo Ủy ban nhân "
        "dân tỉnh trước ngày 15/12/2026.\n") + SIGNED_TAIL
    got = _tasks(text)
    assert [t["lead"] for t in got] == [["Sở Tài chính"], ["Ban Quản lý dự án đầu tư xây dựng tỉnh"],
                                        ["Ủy ban nhân dân các xã, phường"], ["Sở Nông nghiệp và Môi trường"]]
    assert got[0]["text"].startswith("Sở Tài chính chủ trì")  # the heading did not run on into it


def test_plan_sub_headings_name_the_lead_of_the_tasks_below() -> None:
    text = official_head("KẾ HOẠCH", "45/KH-UBND", "Phổ cập kỹ năng số năm 2026", issuer="ỦY BAN NHÂN DÂN\nTỈNH SƠN LA",
                         place="Sơn La", date="ngày 12 tháng 02 năm 2026") + (
        "I. MỤC ĐÍCH\n1. Nâng cao kỹ năng số cho người dân.\n\n"
        "II. NHIỆM VỤ\n"
        "1. Đối với các sở, ban, ngành tỉnh:\n"
        "- Cử công chức tham gia tập huấn kỹ năng số trong Quý II/2026.\n"
        "2. Sở Khoa học và Công nghệ\n"
        "- Xây dựng học liệu số dùng chung, hoàn thành trong tháng 4/2026.\n"
        "- Đánh giá kết quả phổ cập kỹ năng số hằng quý.\n"
        "3. Về truyền thông\n"
        "- Đăng tải tin bài về phong trào trên các nền tảng số thường xuyên.\n") + SIGNED_TAIL
    got = _tasks(text)
    assert [t["lead"] for t in got] == [["Các sở, ban, ngành"], ["Sở Khoa học và Công nghệ"],
                                        ["Sở Khoa học và Công nghệ"], []]
    assert got[0]["text"].startswith("Cử công chức")  # the heading is no part of the task's text


def test_resolution_tasks_list_beside_its_targets() -> None:
    text = official_head("NGHỊ QUYẾT", "09/NQ-HĐND", "Về nhiệm vụ phát triển kinh tế - xã hội năm 2026",
                         issuer="HỘI ĐỒNG NHÂN DÂN\nXÃ MƯỜNG BÚ", place="Mường Bú", date="ngày 18 tháng 12 năm 2025") + (
        "QUYẾT NGHỊ:\n\n"
        "Điều 1. Mục tiêu, chỉ tiêu và nhiệm vụ, giải pháp năm 2026\n"
        "1. Các chỉ tiêu chủ yếu\n"
        "a) Tỷ lệ hộ nghèo giảm còn 4,5%.\n"
        "b) Tỷ lệ người dân tham gia bảo hiểm y tế đạt 96%.\n"
        "2. Nhiệm vụ, giải pháp chủ yếu\n"
        "a) Phát triển vùng cà phê chất lượng cao gắn với chế biến sâu.\n"
        "b) Hoàn thành kiên cố hóa kênh mương nội đồng trước ngày 30/9/2026.\n\n"
        "Điều 2. Tổ chức thực hiện\n"
        "1. Giao Ủy ban nhân dân xã tổ chức thực hiện Nghị quyết.\n"
        "2. Giao Thường trực Hội đồng nhân dân xã, các Ban của Hội đồng nhân dân xã và các đại biểu Hội đồng nhân dân "
        "xã giám sát việc thực hiện Nghị quyết.\n") + "\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nLò Văn Thành\n"
    got = _tasks(text)
    assert [(t["lead"], t["deadline"]) for t in got] == [
        ([], None), ([], "trước ngày 30/9/2026"), (["Ủy ban nhân dân"], None),
        (["Các Ban của Hội đồng nhân dân", "Thường trực Hội đồng nhân dân"], None)]
    assert target_tuples(extract_text(text)) == [(4.5, "%", 2026), (96.0, "%", 2026)]


def test_letter_paragraphs_after_its_lettered_requests() -> None:
    text = ("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH\n\nSố: 880/BVHTTDL-KHTC\nV/v kiểm kê tài sản năm 2026\n\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nHà Nội, ngày 05 tháng 3 năm 2026\n\n"
            "Kính gửi: Các cơ quan, đơn vị thuộc Bộ.\n\n"
            "Bộ Văn hóa, Thể thao và Du lịch đề nghị các cơ quan, đơn vị thực hiện:\n"
            "a) Kiểm kê tài sản công đang quản lý trước ngày 30/5/2026.\n"
            "b) Công khai tình hình sử dụng tài sản công hằng năm.\n\n"
            "Vụ Kế hoạch, Tài chính chủ trì tổng hợp, báo cáo Lãnh đạo Bộ trước ngày 30/6/2026.\n\n"
            "Bộ Văn hóa, Thể thao và Du lịch đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện./.\n"
            "\nNơi nhận:\n- Như trên;\n- Lưu: VT, KHTC.\n\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nHồ An Phong\n")
    got = _tasks(text)
    assert [t["lead"] for t in got] == [["Các cơ quan, đơn vị"], ["Các cơ quan, đơn vị"], ["Vụ Kế hoạch, Tài chính"]]
    assert got[-1]["deadline"] == "trước ngày 30/6/2026"


def test_decision_items_that_state_a_figure_are_targets() -> None:
    text = official_head("QUYẾT ĐỊNH", "12/QĐ-UBND", "Về việc giao chỉ tiêu phát triển người tham gia bảo hiểm năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH SƠN LA", place="Sơn La", date="ngày 05 tháng 01 năm 2026") + (
        "QUYẾT ĐỊNH:\n\n"
        "Điều 1. Giao chỉ tiêu phát triển người tham gia bảo hiểm xã hội năm 2026 trên địa bàn tỉnh\n"
        "1. Số người tham gia bảo hiểm xã hội bắt buộc đạt 52.000 người.\n"
        "2. Số hóa 100% hồ sơ tham gia bảo hiểm xã hội trong năm 2026.\n\n"
        "Điều 2. Giao Bảo hiểm xã hội tỉnh theo dõi, đôn đốc, tổng hợp kết quả, báo cáo trước ngày 15/12/2026.\n") + SIGNED_TAIL
    got = _tasks(text)
    assert [t["text"][:12] for t in got] == ["Số hóa 100% ", "Giao Bảo hiể"]  # 'Số hóa' opens with its verb
    assert got[1]["lead"] == ["Bảo hiểm xã hội tỉnh"]
    assert (52000.0, "người", 2026) in target_tuples(extract_text(text))


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("Báo cáo kết quả trong vòng 24 giờ kể từ khi xảy ra sự cố.", "trong vòng 24 giờ kể từ khi xảy ra sự cố"),
    ("Trả lời trong thời hạn 10 ngày kể từ ngày nhận được hồ sơ hợp lệ, gửi về Sở.",
     "trong thời hạn 10 ngày kể từ ngày nhận được hồ sơ hợp lệ"),
    ("Giải quyết hồ sơ trong 05 ngày làm việc.", "trong 05 ngày làm việc"),
    ("Sơ tán dân ra khỏi vùng nguy hiểm trong 24 giờ tới.", "trong 24 giờ tới"),
    ("Bố trí kinh phí thực hiện trong dự toán năm 2026 của các cơ quan, đơn vị.", None),  # a budget year
    ("Tổ chức hội thi trong 03 ngày.", None),  # how long it lasts, not when it is due
])
def test_deadlines_counted_from_an_event(sentence: str, phrase: str | None) -> None:
    assert find_deadline(sentence) == phrase


def test_letter_closing_that_assigns_and_generic_addressee_without_recipients() -> None:
    head = ("UBND TỈNH SƠN LA\nSỞ Y TẾ\n\nSố: 88/SYT-KHTC\nV/v kiểm kê tài sản\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\n\nSơn La, ngày 05 tháng 3 năm 2026\n\n")
    tail = "\nNơi nhận:\n- Các đơn vị thuộc Sở;\n- Lưu: VT.\n\nGIÁM ĐỐC\n\nNguyễn Văn An\n"
    # no 'Kính gửi' list: the generic addressee the introduction asks is the lead
    got = _tasks(head + "Sở Y tế đề nghị các cơ quan, đơn vị thực hiện:\n"
                        "a) Kiểm kê tài sản công trước ngày 30/4/2026.\nb) Báo cáo kết quả hằng quý.\n\n"
                        "Giao Phòng Kế hoạch - Tài chính theo dõi, đôn đốc, tổng hợp kết quả thực hiện Công văn này./.\n"
                 + tail)
    assert [t["lead"] for t in got] == [["Các cơ quan, đơn vị"], ["Các cơ quan, đơn vị"],
                                        ["Phòng Kế hoạch - Tài chính"]]
    # a closing that assigns nothing stays no task
    got = _tasks(head + "Sở Y tế đề nghị các cơ quan, đơn vị thực hiện:\na) Kiểm kê tài sản công trước ngày 30/4/2026.\n\n"
                        "Sở Y tế đề nghị các cơ quan, đơn vị nghiêm túc thực hiện./.\n" + tail)
    assert len(got) == 1


def test_invitation_agenda_slots_are_no_tasks() -> None:
    text = ("BỘ Y TẾ\nCỤC QUẢN LÝ DƯỢC\n\nSố: 120/GM-QLD\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "Hà Nội, ngày 02 tháng 6 năm 2026\n\nGIẤY MỜI\nDự Hội nghị tập huấn quản lý dược năm 2026\n\n"
            "Cục Quản lý Dược trân trọng kính mời đại diện Sở Y tế các tỉnh, thành phố tới dự Hội nghị như sau:\n"
            "1. Chương trình làm việc:\n"
            "- 08 giờ 00 - 08 giờ 30: Đón tiếp đại biểu;\n"
            "- 08 giờ 30 - 10 giờ 00: Báo cáo tình hình quản lý thuốc năm 2026;\n"
            "2. Đề nghị Sở Y tế các tỉnh, thành phố gửi danh sách đại biểu về Cục trước ngày 10/6/2026.\n") + SIGNED_TAIL
    got = _tasks(text)
    assert [t["text"][:8] for t in got] == ["Đề nghị "]


def test_agency_paragraphs_above_the_first_numbered_duty() -> None:
    # a scan lost the number of the first duty heading ('[. Trách nhiệm …'): its agencies' paragraphs stand in the part
    text = official_head("CHƯƠNG TRÌNH", "21/CTr-UBND", "Phát triển nông nghiệp hữu cơ năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH SƠN LA", place="Sơn La", date="ngày 10 tháng 02 năm 2026") + (
        "I. MỤC TIÊU\nPhát triển vùng sản xuất hữu cơ gắn với chế biến.\n\n"
        "II. TỔ CHỨC THỰC HIỆN\n"
        "Sở Tài chính chủ trì xây dựng phương án hỗ trợ chứng nhận hữu cơ trước ngày 31/3/2026.\n"
        "Sở Khoa học và Công nghệ chủ trì chuyển giao quy trình sản xuất hữu cơ trong Quý III/2026.\n"
        "2. Trách nhiệm của Ủy ban nhân dân các xã, phường\n"
        "Vận động hợp tác xã tham gia chuỗi liên kết sản xuất hữu cơ thường xuyên.\n") + SIGNED_TAIL
    got = _tasks(text)
    assert [t["lead"] for t in got] == [["Sở Tài chính"], ["Sở Khoa học và Công nghệ"],
                                        ["Ủy ban nhân dân các xã, phường"]]
