"""Tasks read from prose (batch da336-da341, issue 11): leads with names and places. A national body's branch named
with its place ('Thuế tỉnh Nghệ An'), in a sentence and in a cell; a registry name followed by its level before a verb
the list lacks ('Bảo hiểm xã hội tỉnh thanh toán …'); the wards alone ('Ủy ban nhân dân các phường') as written; a
body in no registry whose name's part after 'và' is a verb phrase ('Trung tâm Công nghệ thông tin và Chuyển đổi số
nâng cấp …'); a ministry department that joins two fields ('Cục Tiền lương và Bảo hiểm xã hội'); the verbs 'chuyển'
and 'ra quân' that end a subject."""

from __future__ import annotations

import pytest

from extract.agencies import AgencyRegistry
from extract.letters import item_lead
from tests.conftest import SIGNED_TAIL, official_head, task_triples

PLAN = official_head("KẾ HOẠCH", "12/KH-UBND", "Thực hiện nhiệm vụ năm 2027", issuer="ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN",
                     place="Nghệ An", date="ngày 10 tháng 11 năm 2026")


def _plan(*items: str) -> str:
    body = "I. MỤC ĐÍCH\nBảo đảm hiệu quả.\n\nII. TỔ CHỨC THỰC HIỆN\n"
    return PLAN + body + "\n".join(f"{i}. {s}" for i, s in enumerate(items, 1)) + "\n" + SIGNED_TAIL


def _leads(*items: str) -> list[list[str]]:
    return [t["lead"] for t in task_triples(_plan(*items))]


def test_branch_with_its_place_is_one_lead() -> None:
    reg = AgencyRegistry("tỉnh Nghệ An", "Nghệ An", "tỉnh")
    assert item_lead("Thuế tỉnh Nghệ An hướng dẫn thủ tục miễn thuế.", reg) == "Thuế tỉnh Nghệ An"
    # in a cell: one mention, never 'Thuế tỉnh' and an agency 'Nghệ An'
    assert reg.split_mentions("Sở Tài chính, Thuế tỉnh Nghệ An") == ["Sở Tài chính", "Thuế tỉnh Nghệ An"]
    assert reg.split_mentions("Thuế tỉnh Nghệ An, Kho bạc Nhà nước") == ["Thuế tỉnh Nghệ An", "Kho bạc Nhà nước"]
    assert reg.split_mentions("Công an tỉnh, Thuế tỉnh") == ["Công an tỉnh", "Thuế tỉnh"]
    # resolved: the document's own province is the jurisdiction, the lead the registry's name
    assert _leads("Thuế tỉnh Nghệ An hướng dẫn thủ tục miễn thuế sử dụng đất nông nghiệp.") == [["Thuế tỉnh"]]


def test_registry_name_with_its_level_before_an_unlisted_verb() -> None:
    reg = AgencyRegistry("tỉnh Nghệ An", "Nghệ An", "tỉnh")
    assert item_lead("Bảo hiểm xã hội tỉnh thanh toán chi phí khám bệnh.", reg) == "Bảo hiểm xã hội tỉnh"
    assert item_lead("Đề nghị Bảo hiểm xã hội tỉnh thanh toán chi phí khám bệnh.", reg) == "Bảo hiểm xã hội tỉnh"
    # no level after the name: the registry's name as before
    assert item_lead("Bảo hiểm xã hội thanh toán chi phí khám bệnh.", reg) == "Bảo hiểm xã hội"
    assert _leads("Đề nghị Bảo hiểm xã hội tỉnh thanh toán chi phí khám bệnh cho người bệnh.") == [
        ["Bảo hiểm xã hội tỉnh"]]


def test_wards_alone_kept_as_written() -> None:
    reg = AgencyRegistry("tỉnh Ninh Bình", "Ninh Bình", "tỉnh")
    assert reg.resolve("Ủy ban nhân dân các phường").name == "Ủy ban nhân dân các phường"
    # the communes, or both levels, are the registry's collective
    assert reg.resolve("Ủy ban nhân dân các xã").name == "Ủy ban nhân dân các xã, phường"
    assert reg.resolve("Ủy ban nhân dân các phường, xã").name == "Ủy ban nhân dân các xã, phường"
    assert _leads("Đề nghị Ủy ban nhân dân các phường cung cấp hồ sơ di tích trên địa bàn.") == [
        ["Ủy ban nhân dân các phường"]]


@pytest.mark.parametrize(("text", "lead"), [
    # the part after 'và' opens with a verb of its own: the next verb word is the request's
    ("Trung tâm Công nghệ thông tin và Chuyển đổi số nâng cấp phần mềm báo cáo bệnh truyền nhiễm.",
     "Trung tâm Công nghệ thông tin và Chuyển đổi số"),
    # a part that opens with a noun: the verb word is the name's, as before
    ("Cục Nhà giáo và Cán bộ quản lý giáo dục tổ chức tập huấn.", "Cục Nhà giáo và Cán bộ quản lý giáo dục"),
])
def test_verb_phrase_part_after_va_is_whole(text: str, lead: str) -> None:
    assert item_lead(text, AgencyRegistry(None, None, None)) == lead


def test_department_joining_two_fields_is_one_lead() -> None:
    reg = AgencyRegistry("tỉnh Nghệ An", "Nghệ An", "tỉnh")
    assert reg.split_mentions("Cục Tiền lương và Bảo hiểm xã hội") == ["Cục Tiền lương và Bảo hiểm xã hội"]
    # a registry name first, or a level after the second: two bodies
    assert reg.split_mentions("Sở Tài chính và Bảo hiểm xã hội tỉnh") == ["Sở Tài chính", "Bảo hiểm xã hội tỉnh"]
    assert _leads("Cục Tiền lương và Bảo hiểm xã hội hướng dẫn thực hiện chế độ tiền lương.") == [
        ["Cục Tiền lương và Bảo hiểm xã hội"]]


def test_verbs_chuyen_and_ra_quan_end_the_subject() -> None:
    assert _leads("Các bệnh viện công lập chuyển mẫu bệnh phẩm về Trung tâm Kiểm soát bệnh tật tỉnh.",
                  "Đề nghị Đoàn Thanh niên Cộng sản Hồ Chí Minh xã ra quân hỗ trợ điều tiết giao thông.") == [
        ["Các bệnh viện công lập"], ["Đoàn Thanh niên Cộng sản Hồ Chí Minh xã"]]
    # 'chuyển đổi' inside a name in lower case is no verb
    reg = AgencyRegistry(None, None, None)
    assert item_lead("Ban Chỉ đạo chuyển đổi số tỉnh tổ chức hội nghị.", reg) == "Ban Chỉ đạo chuyển đổi số tỉnh"


def test_verb_chuyen_needs_its_object() -> None:
    reg = AgencyRegistry("tỉnh Lai Châu", "Lai Châu", "tỉnh")
    # 'chuyên mục' (a noun; folded alike) ends no name
    assert item_lead("Báo và Phát thanh, Truyền hình Lai Châu phát sóng chuyên mục thông tin cơ sở hằng tuần.", reg) \
        == "Báo và Phát thanh, Truyền hình Lai Châu"
    # 'vận chuyển' is the second syllable of a word, no verb of its own
    assert item_lead("Các đơn vị thu gom, vận chuyển chất thải bố trí phương tiện.", reg) \
        == "Các đơn vị thu gom, vận chuyển chất thải"


COMMUNE = official_head("CHƯƠNG TRÌNH", "38/CTr-UBND", "Bảo đảm an ninh trật tự dịp Tết",
                        issuer="ỦY BAN NHÂN DÂN\nXÃ MINH SƠN", place="Minh Sơn", date="ngày 19 tháng 11 năm 2026")


def test_closing_report_of_the_units_after_the_last_item() -> None:
    text = COMMUNE + (
        "I. MỤC ĐÍCH, YÊU CẦU\nGiữ vững an ninh trật tự trên địa bàn xã.\n\nII. NHIỆM VỤ CỤ THỂ\n"
        "1. Công an xã tuần tra các tuyến đường liên thôn vào ban đêm.\n"
        "2. Trưởng các thôn chủ động nắm tình hình, báo cáo vụ việc phức tạp về Ủy ban nhân dân xã trong vòng 24 giờ kể từ khi"
        " xảy ra.\n\n"
        "Các bộ phận, đơn vị báo cáo kết quả thực hiện về Ủy ban nhân dân xã trước ngày 10/02/2027./.\n") + SIGNED_TAIL
    got = [(t["text"][:20], t["lead"], t["deadline"]) for t in task_triples(text)]
    # the closing is no task, and it leaves the last item a task, not a heading over it
    assert got == [("Công an xã tuần tra ", ["Công an xã"], None),
                   ("Trưởng các thôn chủ ", ["Trưởng các thôn"], "trong vòng 24 giờ kể từ khi xảy ra")]


PART_PLAN = official_head("KẾ HOẠCH", "35/KH-SGDĐT", "Chuyển đổi số ngành giáo dục năm 2027",
                          issuer="UBND TỈNH BẮC NINH\nSỞ GIÁO DỤC VÀ ĐÀO TẠO", place="Bắc Ninh",
                          date="ngày 25 tháng 11 năm 2026")


def test_results_sentence_under_a_task_part_is_no_task() -> None:
    from extract.tasks import results_sentence

    assert results_sentence("plain", "Năm học 2025-2026, 100% học sinh đã được cấp học bạ số.")
    assert results_sentence("plain", "Đến nay, toàn tỉnh đã hoàn thành 45 công trình.")
    # a period with a task after it, or a numbered item, is no statement of results
    assert not results_sentence("plain", "Năm 2027, Sở Y tế tổ chức tập huấn cho cán bộ y tế xã.")
    assert not results_sentence("number", "Năm học 2025-2026, 100% học sinh đã được cấp học bạ số.")
    text = PART_PLAN + (
        "I. MỤC ĐÍCH, YÊU CẦU\nBảo đảm dữ liệu thống nhất.\n\nII. NHIỆM VỤ TRỌNG TÂM\n"
        "Năm học 2025-2026, 100% trường trung học phổ thông đã triển khai học bạ số.\n"
        "1. Trung tâm Công nghệ thông tin và Truyền thông vận hành hệ thống thi trực tuyến trước ngày 31/5/2027.\n"
        "2. Công tác kiểm tra: Thanh tra Sở kiểm tra việc thu, chi đầu năm học trước ngày 30/10/2027.\n") + SIGNED_TAIL
    got = [(t["text"][:20], t["lead"], t["deadline"]) for t in task_triples(text)]
    # the topic label before the agency ('Công tác kiểm tra:') names no lead: the agency after it does
    assert got == [("Trung tâm Công nghệ ", ["Trung tâm Công nghệ thông tin và Truyền thông"], "trước ngày 31/5/2027"),
                   ("Công tác kiểm tra: T", ["Thanh tra Sở"], "trước ngày 30/10/2027")]
