"""Tasks and leads in more layouts (issue 11, batch da270-da277): 'Phần I' / 'Mục 1.' / 'Nhiệm vụ 1:' headings over
'-' tasks; a submission's summary of the plan it submits (no tasks) beside its own undertakings; a report's 'Kiến nghị'
part (no tasks, as before); a lone 'Giao X theo dõi …' closing an implementation part; a Sở's own offices
('Thanh tra Sở thanh tra …', 'Phòng Quản lý xây dựng và chất lượng công trình'); long names that end at their level
('Ban Quản lý dự án … dân dụng và công nghiệp tỉnh'); a name's part after a dash that holds a verb word ('Cục Kinh tế -
Quản lý đầu tư xây dựng'); a province's people's committee under a central issuer ('… tỉnh Đồng Tháp cấp phép …')."""

from __future__ import annotations

from typing import Any

import pytest

from extract.agencies import AgencyRegistry, plausible_agency
from extract.letters import item_lead
from tests.conftest import SIGNED_TAIL, official_head, task_triples


def _tasks(text: str) -> list[dict[str, Any]]:
    return task_triples(text)


@pytest.fixture(scope="module")
def reg() -> AgencyRegistry:
    return AgencyRegistry("tỉnh Hà Tĩnh", "Hà Tĩnh", "tỉnh")


@pytest.mark.parametrize(("text", "lead"), [
    # a Sở's inspectorate whose verb is its own name's word
    ("Thanh tra Sở thanh tra việc chấp hành quy định về an toàn lao động.", "Thanh tra Sở"),
    ("Sở Xây dựng thanh tra các công trình nhà ở riêng lẻ.", "Sở Xây dựng"),
    # a verb word joined by 'và' to a noun, then the request's verb: the office's name goes on
    ("Phòng Quản lý xây dựng và chất lượng công trình rà soát hồ sơ hoàn thành công trình.",
     "Phòng Quản lý xây dựng và chất lượng công trình"),
    ("Sở Tài chính thẩm định và trình Ủy ban nhân dân tỉnh phê duyệt.", "Sở Tài chính"),  # two verbs, as before
    ("Trung tâm Kiểm định xây dựng và ban hành quy trình kiểm định.", "Trung tâm Kiểm định"),  # 'và' a verb
    # the part of a name after its dash holds a verb word, the request's verb right after it
    ("Cục Kinh tế - Quản lý đầu tư xây dựng hướng dẫn điều chỉnh giá hợp đồng.", "Cục Kinh tế - Quản lý đầu tư xây dựng"),
    ("Phòng Kinh tế - Hạ tầng xây dựng kế hoạch duy tu.", "Phòng Kinh tế - Hạ tầng"),  # a registry name, as before
    ("Vụ Kế hoạch - Tài chính chủ trì bố trí kinh phí.", "Vụ Kế hoạch - Tài chính"),  # a part of two words is whole
    ("Phòng Giáo dục Mầm non - Tiểu học tổ chức triển khai chuyên đề.", "Phòng Giáo dục Mầm non - Tiểu học"),
    # a verb word's object of up to eight words before the name's level
    ("Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh hoàn thành cải tạo trạm y tế.",
     "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh"),
    # 'cấp phép' is the request's verb, not a level's 'cấp'
    ("Đề nghị Ủy ban nhân dân tỉnh Đồng Tháp cấp phép khai thác các mỏ cát.", "Ủy ban nhân dân tỉnh Đồng Tháp"),
    # 'công trình' is a noun, never the verb 'trình'
    ("Ban Quản lý dự án công trình giao thông tỉnh tổ chức nghiệm thu.", "Ban Quản lý dự án công trình giao thông tỉnh"),
])
def test_where_a_lead_ends(reg: AgencyRegistry, text: str, lead: str) -> None:
    assert item_lead(text, reg) == lead


def test_long_names_end_at_their_level() -> None:
    assert plausible_agency("Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh")
    # up to 16 words otherwise, as before: a long run that ends on no level word is a sentence
    assert not plausible_agency("Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp của địa "
                                "phương")
    # two bodies, each with its level, are a list, not one long name
    assert not plausible_agency("Ủy ban Mặt trận Tổ quốc Việt Nam huyện và các tổ chức chính trị - xã hội huyện")


def test_plan_parts_sections_and_task_labels() -> None:
    text = official_head("KẾ HOẠCH", "96/KH-UBND", "Nâng cao năng lực y tế cơ sở năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH", place="Hà Tĩnh", date="ngày 14 tháng 4 năm 2026") + (
        "Phần I\nMỤC ĐÍCH, YÊU CẦU\nMục 1. Mục đích\nBảo đảm người dân được tiếp cận dịch vụ y tế cơ bản tại xã.\n\n"
        "Phần II\nNHIỆM VỤ, GIẢI PHÁP\nMục 1. Về hạ tầng\nNhiệm vụ 1: Củng cố trạm y tế xã\n"
        "- Sở Y tế rà soát mạng lưới trạm y tế, hoàn thành trước ngày 30/6/2026.\n"
        "Nhiệm vụ 2: Bổ sung nhân lực\n"
        "- Sở Nội vụ tham mưu tuyển dụng bác sĩ về công tác tại trạm y tế trước ngày 31/8/2026.\n\n"
        "Phần III\nTỔ CHỨC THỰC HIỆN\n"
        "Giao Sở Y tế theo dõi, đôn đốc, tổng hợp kết quả thực hiện, báo cáo Ủy ban nhân dân tỉnh trước ngày "
        "15/12/2026.\n") + SIGNED_TAIL
    got = _tasks(text)
    assert [t["text"][:14] for t in got] == ["Sở Y tế rà soá", "Sở Nội vụ tham", "Giao Sở Y tế t"]
    assert [t["lead"] for t in got] == [["Sở Y tế"], ["Sở Nội vụ"], ["Sở Y tế"]]
    assert got[-1]["deadline"] == "trước ngày 15/12/2026"


def test_a_lone_closing_sentence_without_giao_is_no_task() -> None:
    text = official_head("KẾ HOẠCH", "12/KH-UBND", "Cải cách hành chính năm 2026", issuer="ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH",
                         place="Hà Tĩnh", date="ngày 14 tháng 1 năm 2026") + (
        "I. NHIỆM VỤ\n1. Sở Tư pháp rà soát văn bản quy phạm pháp luật trong Quý II/2026.\n\n"
        "II. TỔ CHỨC THỰC HIỆN\nSở Nội vụ là cơ quan thường trực, theo dõi việc thực hiện Kế hoạch.\n") + SIGNED_TAIL
    assert [t["lead"] for t in _tasks(text)] == [["Sở Tư pháp"]]


SUBMISSION = ("UBND TỈNH HÀ TĨNH\nSỞ XÂY DỰNG\n\nSố: 412/TTr-SXD\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
              "Độc lập - Tự do - Hạnh phúc\n\nHà Tĩnh, ngày 22 tháng 4 năm 2026\n\nTỜ TRÌNH\n"
              "Về việc ban hành Kế hoạch phát triển nhà ở xã hội năm 2026\n\n"
              "Kính gửi: Ủy ban nhân dân tỉnh Hà Tĩnh.\n\n"
              "I. SỰ CẦN THIẾT\nNhu cầu nhà ở của công nhân tăng nhanh.\n\n"
              "II. NỘI DUNG CHỦ YẾU CỦA DỰ THẢO KẾ HOẠCH\n"
              "1. Nhiệm vụ, giải pháp chủ yếu\n"
              "a) Rà soát quỹ đất dành cho nhà ở xã hội tại các khu công nghiệp.\n"
              "b) Công khai danh sách dự án nhà ở xã hội trên Cổng thông tin điện tử.\n\n"
              "III. TỔ CHỨC THỰC HIỆN\n"
              "1. Hướng dẫn các chủ đầu tư lập hồ sơ dự án nhà ở xã hội trong Quý II/2026.\n"
              "2. Đề nghị Sở Tài chính bố trí kinh phí lập quy hoạch chi tiết trước ngày 30/6/2026.\n\n"
              "Sở Xây dựng kính trình Ủy ban nhân dân tỉnh xem xét, ban hành Kế hoạch./.\n"
              "\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nGIÁM ĐỐC\n\nĐỗ Văn Thắng\n")


def test_submission_summary_of_its_plan_is_no_task() -> None:
    got = _tasks(SUBMISSION)
    assert [t["text"][:12] for t in got] == ["Hướng dẫn cá", "Đề nghị Sở T"]
    assert [t["lead"] for t in got] == [["Sở Xây dựng"], ["Sở Tài chính"]]


def test_a_submission_whose_summary_alone_assigns_tasks_has_them() -> None:
    """A submission with no implementation part of its own (its last part proposes): the summary's assignments
    ('2. Nhiệm vụ và phân công thực hiện', agency-led sentences) are the only tasks it states, so they are its tasks."""
    text = SUBMISSION.replace("1. Nhiệm vụ, giải pháp chủ yếu\n", "1. Nhiệm vụ và phân công thực hiện\n").replace(
        "a) Rà soát quỹ đất", "a) Sở Tài nguyên rà soát quỹ đất").replace(
        "b) Công khai danh sách", "b) Sở Xây dựng công khai danh sách").split("III. TỔ CHỨC THỰC HIỆN")[0] + (
        "III. ĐỀ XUẤT\nSở Xây dựng kính trình Ủy ban nhân dân tỉnh xem xét, ban hành Kế hoạch./.\n"
        "\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nGIÁM ĐỐC\n\nĐỗ Văn Thắng\n")
    got = _tasks(text)
    assert [t["text"][:14] for t in got] == ["Sở Tài nguyên ", "Sở Xây dựng cô"]
    assert got[1]["lead"] == ["Sở Xây dựng"]


def test_report_own_undertakings_offices_and_proposals() -> None:
    # a report's next-period duties that open with a verb are its issuer's own, one that opens with an office of the
    # Sở is that office's; its 'Đề xuất, kiến nghị' part asks other bodies and assigns nothing (as before)
    text = ("UBND TỈNH HÀ TĨNH\nSỞ XÂY DỰNG\n\nSố: 265/BC-SXD\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\n\nHà Tĩnh, ngày 10 tháng 6 năm 2026\n\nBÁO CÁO\n"
            "Kết quả công tác quản lý chất lượng công trình 6 tháng đầu năm 2026\n\n"
            "I. KẾT QUẢ THỰC HIỆN\nSở đã kiểm tra công tác nghiệm thu 48 công trình.\n\n"
            "II. NHIỆM VỤ 6 THÁNG CUỐI NĂM\n"
            "1. Tham mưu Ủy ban nhân dân tỉnh ban hành quy định phân cấp quản lý chất lượng trước ngày 31/8/2026.\n"
            "2. Văn phòng Sở cập nhật cơ sở dữ liệu năng lực hoạt động xây dựng thường xuyên.\n\n"
            "III. ĐỀ XUẤT, KIẾN NGHỊ\n"
            "1. Đề nghị Bộ Xây dựng sớm ban hành hướng dẫn về định mức chi phí quản lý dự án.\n"
            "2. Trong 6 tháng đầu năm, nguồn vốn bố trí cho công tác kiểm tra còn hạn chế.\n\n"
            "Trên đây là báo cáo của Sở Xây dựng./.\n"
            "\nNơi nhận:\n- Lưu: VT.\n\nGIÁM ĐỐC\n\nLâm Minh Hiếu\n")
    got = _tasks(text)
    assert [t["lead"] for t in got] == [["Sở Xây dựng"], ["Văn phòng Sở"]]


def test_a_province_committee_under_a_central_issuer_keeps_its_place() -> None:
    # a central issuer (no jurisdiction of its own) writing to one province: that province is not its own
    central = AgencyRegistry(None, "Phú Thọ", None)
    assert central.resolve("Ủy ban nhân dân tỉnh Phú Thọ").name == "Ủy ban nhân dân tỉnh Phú Thọ"
    assert central.resolve("Sở Tài chính tỉnh Phú Thọ").name == "Sở Tài chính"  # a Sở stays the registry's, as before
    # the province's own document: its own committee is the registry's, as before
    local = AgencyRegistry("tỉnh Phú Thọ", "Phú Thọ", "tỉnh")
    assert local.resolve("Ủy ban nhân dân tỉnh Phú Thọ").name == "Ủy ban nhân dân"


def test_a_section_labelled_muc_does_not_run_on_into_its_sentence() -> None:
    text = official_head("KẾ HOẠCH", "50/KH-UBND", "Phát triển thương mại điện tử năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH", place="Hà Tĩnh", date="ngày 14 tháng 4 năm 2026") + (
        "Phần I. MỤC ĐÍCH, YÊU CẦU\nĐưa thương mại điện tử thành kênh phân phối quan trọng.\n\n"
        "Phần II. NHIỆM VỤ CỤ THỂ\n"
        "Nhiệm vụ 1: Đào tạo kỹ năng\n"
        "Sở Công Thương tổ chức 10 lớp tập huấn kỹ năng bán hàng trực tuyến trong Quý III/2026.\n"
        "Mục 3. Quảng bá sản phẩm\n"
        "Trung tâm Xúc tiến Thương mại tỉnh đưa sản phẩm OCOP lên các sàn thương mại điện tử trước ngày 30/9/2026.\n"
        ) + SIGNED_TAIL
    got = _tasks(text)
    assert [t["text"][:20] for t in got] == ["Sở Công Thương tổ ch", "Trung tâm Xúc tiến T"]
    assert got[1]["lead"] == ["Trung tâm Xúc tiến Thương mại tỉnh"]


def test_a_table_goes_on_under_a_group_row_written_across_it() -> None:
    rows = ["STT\tNội dung công việc\tSản phẩm\tThời gian thực hiện\tCơ quan thực hiện\tCơ quan phối hợp\tGhi chú",
            "I. CÔNG TÁC QUY HOẠCH",
            "1\tLập quy hoạch chung đô thị mới\tQuyết định phê duyệt\tQuý II/2026\tSở Xây dựng\tSở Tài chính\t",
            "II. KIỂM TRA, GIÁM SÁT",
            "2\tKiểm tra chất lượng công trình\tBiên bản\tHằng quý\tThanh tra Sở\tVăn phòng Sở\tĐịnh kỳ"]
    text = ("UBND TỈNH HÀ TĨNH\nSỞ XÂY DỰNG\n\nSố: 50/KH-SXD\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\n\nHà Tĩnh, ngày 14 tháng 4 năm 2026\n\nKẾ HOẠCH\n"
            "Công tác quy hoạch năm 2026\n\nI. MỤC ĐÍCH\nPhân công rõ nhiệm vụ.\n\nII. NHIỆM VỤ CỤ THỂ\n"
            + "\n".join(rows) + "\n\nIII. TỔ CHỨC THỰC HIỆN\nCác phòng thuộc Sở triển khai thực hiện.\n" + SIGNED_TAIL)
    got = _tasks(text)
    assert [(t["text"], t["lead"], t["deadline"]) for t in got] == [
        ("Lập quy hoạch chung đô thị mới", ["Sở Xây dựng"], "Quý II/2026"),
        ("Kiểm tra chất lượng công trình", ["Thanh tra Sở"], "Hằng quý")]
