"""Four small kinds of earlier rounds' misses: a body no registry holds whose name has a comma, an article number OCR
read with a letter for a digit, a bare line stating a year's figure, and a 'Duy trì tỷ lệ …' without a figure."""

from __future__ import annotations

import pytest

from extract.agencies import AgencyRegistry
from extract.letters import item_lead, parse_items
from extract.structure import page_lines
from tests.conftest import extract_text, official_head, target_tuples
from tests.conftest import task_triples as _tasks


@pytest.mark.parametrize(("juris", "province", "level", "sentence", "lead"), [
    # the 2025 merged press-and-broadcast body of a province, its name run on into the sentence past its place
    ("tỉnh Cao Bằng", "Cao Bằng", "tỉnh",
     "Báo và Phát thanh, Truyền hình Cao Bằng đưa tin dự báo thời tiết, hướng dẫn biện pháp phòng, chống rét.",
     "Báo và Phát thanh, Truyền hình Cao Bằng"),
    ("tỉnh Điện Biên", "Điện Biên", "tỉnh", "Báo và Phát thanh, Truyền hình tỉnh đưa tin thường xuyên, kịp thời.",
     "Báo và Phát thanh, Truyền hình tỉnh"),
    # a commune's centre named with its commune: the place is no part of the name's length
    ("xã Hòa An", "Cao Bằng", "xã",
     "Trung tâm Văn hóa, Thông tin và Thể thao xã Hòa An tổ chức các hoạt động tuyên truyền.",
     "Trung tâm Văn hóa, Thông tin và Thể thao xã Hòa An"),
])
def test_unknown_name_holding_a_comma_is_kept_whole(juris: str, province: str, level: str, sentence: str,
                                                    lead: str) -> None:
    reg = AgencyRegistry(juris, province, level)
    mention = item_lead(sentence, reg)
    assert mention is not None
    assert [a.name for _, a in reg.resolve_cell(mention)] == [lead]


def test_registry_names_and_lists_with_commas_are_left_as_they_were() -> None:
    reg = AgencyRegistry("xã Hòa An", "Cao Bằng", "xã")
    assert [a.name for _, a in reg.resolve_cell("Phòng Kinh tế, Hạ tầng và Đô thị")] == ["Phòng Kinh tế"]
    assert [a.name for _, a in reg.resolve_cell("Sở Y tế, Sở Giáo dục và Đào tạo")] == [
        "Sở Y tế", "Sở Giáo dục và Đào tạo"]


RESOLUTION = official_head("NGHỊ QUYẾT", "15/NQ-HĐND", "Về nhiệm vụ năm 2026", issuer="HỘI ĐỒNG NHÂN DÂN\nXÃ TÂN LẬP",
                           place="Tân Lập", date="ngày 10 tháng 12 năm 2025") + (
    "QUYẾT NGHỊ:\n\n"
    "{first} Thông qua các chỉ tiêu chủ yếu năm 2026 như sau:\n"
    "1. Tổng sản lượng lương thực đạt 12.400 tấn.\n"
    "2. Làm mới 6,5 km đường giao thông nông thôn.\n\n"
    "{second} Tổ chức thực hiện\n"
    "1. Giao Ủy ban nhân dân xã tổ chức thực hiện Nghị quyết này, báo cáo trước ngày 15/12/2026.\n\n"
    "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n\nCHỦ TỊCH\n\nLê Văn An\n")


@pytest.mark.parametrize("first", ["Điều 1.", "Điều I1.", "Điều l1."])
def test_article_number_with_an_ocr_letter_read_when_the_next_follows(first: str) -> None:
    ex = extract_text(RESOLUTION.format(first=first, second="Điều 2."))
    assert target_tuples(ex) == [(6.5, "km", 2026), (12400.0, "tấn", 2026)]
    assert [t["text"][:31] for t in _tasks(RESOLUTION.format(first=first, second="Điều 2."))] == [
        "Giao Ủy ban nhân dân xã tổ chức"]


@pytest.mark.parametrize(("first", "second", "articles"), [
    ("Điều I1.", "Điều 2.", ["1", "2"]),
    ("Điều 9.", "Điều 1O.", ["9", "10"]),  # the previous article confirms it too
    # 'Điều I1.' before an 'Điều 5.': neither 1 nor 11 is the number before 5, so no article is guessed
    ("Điều I1.", "Điều 5.", ["5"]),
])
def test_garbled_article_number_read_only_when_a_neighbour_confirms_it(first: str, second: str,
                                                                       articles: list[str]) -> None:
    lines = page_lines([(1, RESOLUTION.format(first=first, second=second))])
    items, _ = parse_items(lines, len(lines))
    assert [it.no for it in items if it.kind == "article"] == articles


LETTER = official_head("CÔNG ĐIỆN", "05/CĐ-UBND", "Về phòng, chống dịch bệnh trên đàn gia cầm",
                       issuer="ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN", place="Nghệ An", date="ngày 02 tháng 3 năm 2026") + (
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:\n\n- Giám đốc Sở Nông nghiệp và Môi trường;\n"
    "- Chủ tịch Ủy ban nhân dân các xã, phường.\n\n"
    "1. Giám đốc Sở Nông nghiệp và Môi trường: chỉ đạo tiêm phòng cho đàn gia cầm, hoàn thành trước ngày 30/4/2026.\n\n"
    "{line}\n\n"
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Văn Bình\n")


@pytest.mark.parametrize(("line", "want"), [
    ("Số hộ chăn nuôi được hỗ trợ con giống năm 2026: 350 hộ.", [(350.0, "hộ", 2026)]),
    ("Tỷ lệ đàn gia cầm được tiêm phòng năm 2027: 90%.", [(90.0, "%", 2027)]),
    # a past year's figure is a result, never a target
    ("Số hộ chăn nuôi có gia cầm bị tiêu hủy năm 2025: 120 hộ.", []),
])
def test_bare_line_stating_a_years_figure(line: str, want: list[tuple[float, str, int]]) -> None:
    assert target_tuples(extract_text(LETTER.format(line=line))) == want


PLAN = official_head("KẾ HOẠCH", "40/KH-UBND", "Tiêm chủng mở rộng năm 2026", issuer="ỦY BAN NHÂN DÂN\nTỈNH PHÚ YÊN",
                     place="Phú Yên", date="ngày 12 tháng 02 năm 2026") + (
    "I. MỤC TIÊU\n{aim}\n\n"
    "II. NHIỆM VỤ\n1. Sở Y tế chủ trì cung ứng vắc xin cho các trạm y tế, hoàn thành trước ngày 31/3/2026.\n\n"
    "Nơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Văn Cường\n")


@pytest.mark.parametrize(("aim", "qualitative"), [
    # a rate to keep or raise without its figure: no target
    ("Duy trì tỷ lệ tiêm chủng đầy đủ ở mức cao, không để dịch bệnh bùng phát trên địa bàn tỉnh.", False),
    ("Nâng cao tỷ lệ bao phủ tiêm chủng tại các xã vùng sâu, vùng xa.", False),
    # an aim that sends the reader to an appendix's figures: no target of its own
    ("Bảo đảm tiêm chủng an toàn, hiệu quả; chỉ tiêu cụ thể của từng xã, phường tại Phụ lục kèm theo.", False),
    # a plan's qualitative aim naming no measure still is one (dx51, the seeds' gold)
    ("Hình thành hệ thống quản lý tiêm chủng trên nền tảng số, phục vụ chỉ đạo, điều hành.", True),
])
def test_aim_without_a_figure(aim: str, qualitative: bool) -> None:
    ex = extract_text(PLAN.format(aim=aim))
    assert [t["kind"] for t in ex.targets] == (["qualitative"] if qualitative else [])
