"""Lead agencies in every position and form (issue 11, batch dl90-dl99): a lead ends where the agency's name ends,
not where a verb the rules know starts; agencies no registry holds keep their place word; the closing 'Tổ chức thực
hiện' part written as one paragraph per agency; collective leads; lead columns named otherwise; 'phân công'."""

from __future__ import annotations

from typing import Any

import pytest

from extract.agencies import AgencyRegistry
from extract.deadlines import find_deadline
from extract.letters import item_lead
from extract.tasks import map_columns
from tests.conftest import task_triples

HEAD = ("{issuer}\n\nSố: {number}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "{place}, ngày 10 tháng 3 năm 2026\n\n")
TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn An\n"


def _tasks(text: str) -> list[dict[str, Any]]:
    """(text, lead names, deadline phrase) of each task extracted from a one-page text, read as a .txt input."""
    return task_triples(text)


@pytest.fixture(scope="module")
def reg() -> AgencyRegistry:
    return AgencyRegistry("tỉnh Cao Bằng", "Cao Bằng", "tỉnh")


@pytest.mark.parametrize(("text", "lead"), [
    # a registry name, then a verb the rules do not know, then one they know: the name ends where the registry's does
    ("Sở Tài chính rót vốn, bố trí kinh phí cho các xã.", "Sở Tài chính"),
    ("Sở Tài chính cân đối, bố trí kinh phí hỗ trợ các hộ.", "Sở Tài chính"),
    # 'cấp' that gives (no level after it) ends the name as such a verb does; 'cấp tỉnh' carries it on
    ("Giám đốc Sở Tài chính cấp kinh phí chi trả kịp thời theo đề nghị của Sở Y tế.", "Sở Tài chính"),
    # an unknown agency ends at a verb of the wider list ('siết chặt', 'lắp đặt', 'cân đối, ưu tiên')
    ("Cục Đăng kiểm Việt Nam siết chặt công tác kiểm định xe cơ giới.", "Cục Đăng kiểm Việt Nam"),
    ("Ban Quản lý Công viên địa chất non nước Cao Bằng lắp đặt biển chỉ dẫn.",
     "Ban Quản lý Công viên địa chất non nước Cao Bằng"),
    ("Vụ Kế hoạch - Tài chính cân đối, ưu tiên bố trí vốn bảo trì.", "Vụ Kế hoạch - Tài chính"),
    # a verb word written with a capital is a word of the name ('Đầu tư Xây dựng'), the verb after it ends it
    ("Ban Quản lý Dự án Đầu tư Xây dựng tỉnh tổ chức lựa chọn nhà thầu.", "Ban Quản lý Dự án Đầu tư Xây dựng tỉnh"),
    # 'phân công' assigns like 'giao'; a copula before the agency's role ends its name
    ("Phân công Thanh tra Bộ chủ trì kiểm tra đột xuất các bến xe khách.", "Thanh tra Bộ"),
    ("Vụ Giáo dục Tiểu học là đơn vị đầu mối, theo dõi, đôn đốc các đơn vị.", "Vụ Giáo dục Tiểu học"),
    # the one assigned, without its head's title; a name that opens like a verb ('Báo Cao Bằng', not 'Báo cáo')
    ("Chủ tịch UBND tỉnh yêu cầu Giám đốc Sở Y tế chỉ đạo các bệnh viện.", "Sở Y tế"),
    ("Báo Cao Bằng đăng tải tin bài về du lịch cộng đồng.", "Báo Cao Bằng"),
    ("Đài Phát thanh và Truyền hình tỉnh mở chuyên mục du lịch.", "Đài Phát thanh và Truyền hình tỉnh"),
    ("Trung tâm Y tế khu vực được giao chủ trì triển khai tiêm chủng.", "Trung tâm Y tế khu vực"),
    ("Báo cáo kết quả về Sở Nội vụ trước ngày 15/12/2026.", None),
])
def test_lead_ends_where_the_agency_name_ends(reg: AgencyRegistry, text: str, lead: str | None) -> None:
    assert item_lead(text, reg) == lead


def test_unknown_agency_kept_as_written_and_collective_is_no_single_agency(reg: AgencyRegistry) -> None:
    """An agency no registry knows keeps its place word ('Trạm Y tế xã' was cut to 'Trạm Y tế'); 'Các sở giáo dục và
    đào tạo' (every province's) is not the one registry 'Sở Giáo dục và Đào tạo'; a registry unit with its level
    ('Bộ phận Một cửa phường') is still the registry's."""
    assert reg.resolve("Trạm Y tế xã").name == "Trạm Y tế xã"
    assert reg.resolve("Đoàn kiểm tra liên ngành xã").name == "Đoàn kiểm tra liên ngành xã"
    assert reg.resolve("Các sở giáo dục và đào tạo").name == "Các sở giáo dục và đào tạo"
    assert reg.resolve("Thủ trưởng các sở, ban, ngành tỉnh").name == "Các sở, ban, ngành"
    assert reg.resolve("Bộ phận Một cửa phường").name == "Bộ phận Một cửa"
    # nor is a registry name inside the plural one a mention of its own
    assert reg.split_mentions("Các sở giáo dục và đào tạo") == ["Các sở giáo dục và đào tạo"]
    assert reg.split_mentions("Sở Nội vụ, Sở Tư pháp") == ["Sở Nội vụ", "Sở Tư pháp"]


@pytest.mark.parametrize(("header", "lead_column"), [
    (["TT", "Nội dung", "Đơn vị thực hiện", "Thời gian hoàn thành"], 2),
    (["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian"], 2),
    (["TT", "Nhiệm vụ", "Đơn vị phụ trách", "Thời gian"], 2),
    (["TT", "Nhiệm vụ", "Trách nhiệm thực hiện", "Thời gian"], 2),
    (["STT", "Tên nhiệm vụ", "Cơ quan, đơn vị được giao", "Thời gian"], 2),
    (["TT", "Nhiệm vụ", "Cơ quan thực hiện chính", "Cơ quan phối hợp", "Thời gian"], 2),
    (["TT", "Nhiệm vụ", "Đơn vị phối hợp thực hiện", "Đơn vị chủ trì"], 3),
])
def test_lead_column_named_otherwise(header: list[str], lead_column: int) -> None:
    cols = map_columns(header, single_task_column=True)
    assert cols is not None and cols[lead_column] == "lead"


def test_deadline_of_a_span_after_ban_hanh() -> None:
    """'trình … ban hành trong Quý II/2026' is the request's deadline; a date after 'ban hành' still qualifies another
    document ('văn bản do tỉnh ban hành trước ngày 01/7/2025')."""
    assert find_deadline("Sở X biên soạn bộ tiêu chí, trình Ủy ban nhân dân tỉnh ban hành trong Quý II/2026.") \
        == "trong Quý II/2026"
    assert find_deadline("Rà soát các văn bản do tỉnh ban hành trước ngày 01/7/2025.") is None


def test_addressee_named_in_kinh_gui_ends_where_the_letter_says() -> None:
    """A request that opens with an agency the 'Kính gửi' list names takes that whole name, a verb word inside it or
    not ('… Kiểm định xây dựng khảo sát …' was cut at 'xây dựng')."""
    text = HEAD.format(issuer="UBND TỈNH HƯNG YÊN\nSỞ XÂY DỰNG", number="14/SXD-QLN\nV/v rà soát nhà ở",
                       place="Hưng Yên") + (
        "Kính gửi:\n- Ủy ban nhân dân các xã, phường;\n- Trung tâm Quy hoạch và Kiểm định xây dựng.\n\n"
        "Sở Xây dựng đề nghị Ủy ban nhân dân các xã, phường thực hiện các nội dung sau:\n\n"
        "1. Rà soát, lập danh sách nhà ở xuống cấp, gửi về Sở Xây dựng trước ngày 10/6/2026.\n"
        "2. Trung tâm Quy hoạch và Kiểm định xây dựng khảo sát, đánh giá mức độ an toàn của nhà ở, hoàn thành trong "
        "tháng 7 năm 2026.\n") + TAIL
    tasks = _tasks(text)
    assert [t["lead"] for t in tasks] == [["Ủy ban nhân dân các xã, phường"],
                                          ["Trung tâm Quy hoạch và Kiểm định xây dựng"]]


PLAN = HEAD.format(issuer="ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG", number="7/KH-UBND", place="Cao Bằng") + (
    "KẾ HOẠCH\nPhát triển du lịch năm 2026\n\nI. MỤC ĐÍCH, YÊU CẦU\n1. Khai thác hiệu quả tiềm năng du lịch.\n\n"
    "II. NHIỆM VỤ\n1. Sở Văn hóa, Thể thao và Du lịch biên soạn bộ tiêu chí homestay, hoàn thành trong Quý II/2026.\n\n"
    "III. TỔ CHỨC THỰC HIỆN\n{impl}\n") + TAIL


def test_implementation_part_one_paragraph_per_agency() -> None:
    """The closing part written as plain paragraphs, one per agency, gives each agency's duty (a collective lead
    split into its agencies); a part of one sentence stays the plan's closing word, no task."""
    impl = ("Sở Văn hóa, Thể thao và Du lịch là cơ quan thường trực, theo dõi, đôn đốc việc thực hiện Kế hoạch; báo cáo "
            "Ủy ban nhân dân tỉnh trước ngày 15/12/2026.\n"
            "Sở Tài chính tham mưu bố trí kinh phí thực hiện Kế hoạch theo phân cấp ngân sách.\n"
            "Các sở, ban, ngành, Ủy ban nhân dân các xã, phường căn cứ chức năng, nhiệm vụ triển khai thực hiện, báo "
            "cáo kết quả hằng quý.")
    tasks = _tasks(PLAN.format(impl=impl))
    assert [(t["lead"], t["deadline"]) for t in tasks[1:]] == [
        (["Sở Văn hóa, Thể thao và Du lịch"], "trước ngày 15/12/2026"),
        (["Sở Tài chính"], None),
        (["Các sở, ban, ngành", "Ủy ban nhân dân các xã, phường"], "hằng quý"),
    ]
    one = _tasks(PLAN.format(impl="Sở Văn hóa, Thể thao và Du lịch là cơ quan thường trực, theo dõi, tổng hợp kết quả, "
                                  "báo cáo Ủy ban nhân dân tỉnh."))
    assert len(one) == 1


def test_article_that_hands_work_to_the_agencies_generically_is_no_task() -> None:
    """'Điều 1. Phân công các cơ quan, đơn vị thực hiện … (Phụ lục kèm theo)' names who does what nowhere itself."""
    text = HEAD.format(issuer="ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG", number="9/QĐ-UBND", place="Cao Bằng") + (
        "QUYẾT ĐỊNH\nVề việc phân công nhiệm vụ\n\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n\nQUYẾT ĐỊNH:\n\n"
        "Điều 1. Phân công các cơ quan, đơn vị thực hiện nhiệm vụ cải cách hành chính năm 2026 (Phụ lục kèm theo).\n"
        "Điều 2. Giao Sở Nội vụ theo dõi, đôn đốc việc thực hiện, báo cáo hằng quý.\n"
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.\n") + TAIL
    tasks = _tasks(text)
    assert [(t["lead"], t["deadline"]) for t in tasks] == [(["Sở Nội vụ"], "hằng quý")]


def test_recurrence_word_inside_the_agency_name_is_no_deadline() -> None:
    """'Trung tâm Giáo dục thường xuyên' names a centre: its 'thường xuyên' sets no deadline of the request."""
    text = HEAD.format(issuer="UBND TỈNH ĐIỆN BIÊN\nSỞ GIÁO DỤC VÀ ĐÀO TẠO", number="23/SGDĐT-KHTC\nV/v bồi dưỡng",
                       place="Điện Biên") + (
        "Kính gửi: Các cơ sở giáo dục trực thuộc.\n\n"
        "Sở Giáo dục và Đào tạo đề nghị các đơn vị thực hiện các nội dung sau:\n\n"
        "1. Trung tâm Giáo dục thường xuyên tỉnh tổ chức bồi dưỡng kỹ năng số cho giáo viên.\n"
        "2. Các trường trung học phổ thông cập nhật cơ sở dữ liệu ngành thường xuyên.\n") + TAIL
    tasks = _tasks(text)
    assert [(t["lead"], t["deadline"]) for t in tasks] == [
        (["Trung tâm Giáo dục thường xuyên tỉnh"], None), (["Các trường trung học phổ thông"], "thường xuyên")]


def test_scanned_table_whose_lead_column_is_named_otherwise() -> None:
    """On a scan, a numbered table whose lead column is 'Đơn vị đầu mối' is a task table: its header line is found
    among the page's word boxes (it counted one header key, 'nội dung', before), and the column is the lead."""
    from extract.boxes import page_has_table_header
    from tests.test_extract_boxes import table_words

    header = ["TT", "Nội dung", "Đơn vị đầu mối", "Ghi chú"]
    words = table_words([header, ["1", "Kiểm tra an toàn thực phẩm", "Trạm Y tế xã", ""]], rulings=False)
    assert page_has_table_header(words)
    assert (map_columns(header, single_task_column=True) or {}).get(2) == "lead"
