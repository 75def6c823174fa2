"""Targets in every document type, stated as real documents state them (issue 11, the dg100-dg109 round): counts whose
noun no list names, money and yearly rates, a resolution's or decision's list of main targets (targets, not tasks),
tables by year with a baseline column and an introducing line, a target statement in a numbered item. Each case goes
through the real extractor (and the real restoration model's syllable bigrams for the counting noun)."""

from __future__ import annotations

from functools import partial

from extract.targets import compound, parse_target_text
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nTrần Văn Bình\n"

_head = partial(official_head, issuer="ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH", place="Hà Tĩnh", date="ngày 12 tháng 01 năm 2026")


def _units(text: str) -> list[tuple[float, str]]:
    return [(p["value"], p["unit"]) for p in parse_target_text(text)]


def test_counting_noun_after_a_number_is_found_generally() -> None:
    """The unit of a count is the noun after its number, one syllable or two that make one word, whatever the noun
    ('giáo viên', 'nghiệp vụ', 'lao động' are in no list); money and rates keep their whole unit; a time, an age, a
    date's year and a budget are no count."""
    assert compound("giáo", "viên") and compound("lao", "động") and compound("phòng", "học")
    assert not compound("cuộc", "kiểm") and not compound("hộ", "chuyển")
    assert _units("Bồi dưỡng kỹ năng số cho 1.150 giáo viên cốt cán;") == [(1150, "giáo viên")]
    assert _units("Số hóa 20 nghiệp vụ quản lý trên nền tảng số;") == [(20, "nghiệp vụ")]
    assert _units("Giải quyết việc làm mới cho 9.200 lao động;") == [(9200, "lao động")]
    assert _units("Hỗ trợ 300 hộ chuyển đổi sang sản xuất hữu cơ.") == [(300, "hộ")]
    assert _units("Tổ chức ít nhất 02 cuộc kiểm tra.") == [(2, "cuộc")]
    assert _units("Số bác sĩ trên một vạn dân đạt 12,5 bác sĩ;") == [(12.5, "bác sĩ")]
    assert _units("Tổng thu ngân sách nhà nước trên địa bàn đạt 2.150 tỷ đồng;") == [(2150, "tỷ đồng")]
    assert _units("Thu nhập bình quân đầu người đạt 52 triệu đồng/người/năm;") == [(52, "triệu đồng/người/năm")]
    assert _units("Tỷ lệ hộ nghèo giảm bình quân 3,5%/năm;") == [(3.5, "%/năm")]
    assert _units("Duy trì phổ cập giáo dục cho trẻ em 5 tuổi trong 6 tháng.") == []
    assert _units("Tổng kinh phí thực hiện dự kiến 640 tỷ đồng.") == []
    # a comparator far before the value ('trên địa bàn') does not bound it
    assert parse_target_text("Tổng thu ngân sách trên địa bàn đạt 2.150 tỷ đồng")[0]["comparator"] == "="


def test_resolution_list_of_main_targets_is_targets_not_tasks() -> None:
    """'Điều 1. Thông qua … các chỉ tiêu chủ yếu như sau:' over group titles and '-' lines: every line a target (counts
    and money too), none a task; the article that assigns ('Giao Ủy ban nhân dân tỉnh …') stays the one task."""
    body = ("QUYẾT NGHỊ:\n\nĐiều 1. Thông qua kế hoạch năm 2026 với các chỉ tiêu chủ yếu như sau:\n"
            "1. Các chỉ tiêu về kinh tế\n- Tổng thu ngân sách nhà nước trên địa bàn đạt 2.150 tỷ đồng;\n"
            "- Tổng sản lượng lương thực có hạt đạt 285.000 tấn.\n2. Các chỉ tiêu về xã hội\n"
            "- Tỷ lệ hộ nghèo giảm bình quân 3,5%/năm;\n- Giải quyết việc làm mới cho 9.200 lao động.\n\n"
            "Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này, báo cáo trước ngày 30/11/2026.\n")
    ex = extract_text(_head("NGHỊ QUYẾT", "86/NQ-HĐND", "Về kế hoạch phát triển kinh tế - xã hội năm 2026",
                            issuer="HỘI ĐỒNG NHÂN DÂN\nTỈNH HÀ TĨNH", date="ngày 11 tháng 12 năm 2025")
                      + body + _TAIL, "nq")
    assert target_tuples(ex) == [(3.5, "%/năm", 2026), (2150, "tỷ đồng", 2026), (9200, "lao động", 2026),
                                 (285000, "tấn", 2026)]
    assert [t["text"][:20] for t in ex.tasks] == ["Giao Ủy ban nhân dân"]


def test_decision_giving_targets_lists_them_as_targets() -> None:
    """A commune's 'Điều 1. Giao chỉ tiêu … như sau:' over numbered lines: targets of the year, not tasks."""
    body = ("QUYẾT ĐỊNH:\n\nĐiều 1. Giao chỉ tiêu kế hoạch phát triển kinh tế - xã hội năm 2026 như sau:\n"
            "1. Thu nhập bình quân đầu người: 65 triệu đồng/người/năm.\n2. Tỷ lệ hộ nghèo giảm còn dưới 1,2%.\n"
            "3. Làm mới và nâng cấp 4,5 km đường giao thông nông thôn.\n\n"
            "Điều 2. Giao Phòng Kinh tế chủ trì theo dõi việc thực hiện, báo cáo trước ngày 15/12/2026.\n")
    ex = extract_text(_head("QUYẾT ĐỊNH", "08/QĐ-UBND", "Về việc giao chỉ tiêu kế hoạch năm 2026",
                            issuer="ỦY BAN NHÂN DÂN\nXÃ TÂN LẬP", date="ngày 05 tháng 01 năm 2026") + body + _TAIL,
                      "qd")
    assert target_tuples(ex) == [(1.2, "%", 2026), (4.5, "km", 2026), (65, "triệu đồng/người/năm", 2026)]
    assert [t["text"][:20] for t in ex.tasks] == ["Giao Phòng Kinh tế c"]


def test_table_by_year_with_a_baseline_column_and_an_introducing_line() -> None:
    """A plan's table of targets by year: the introducing line is no (qualitative) target, a 'Hiện trạng năm 2025'
    or plain past year column gives none, a period column gives its end year; a unit cell of several syllables."""
    body = ("I. MỤC TIÊU\n1. Mục tiêu chung\nNâng cao chất lượng dữ liệu số.\n2. Mục tiêu cụ thể\n"
            "Chỉ tiêu theo từng năm như sau:\n"
            "STT\tChỉ tiêu\tĐơn vị tính\tHiện trạng năm 2025\tNăm 2027\tGiai đoạn 2028 - 2030\n"
            "1\tSố cơ sở dữ liệu được kết nối\tcơ sở dữ liệu\t5\t12\t20\n"
            "2\tTỷ lệ giáo viên đạt chuẩn\t%\t78\t85\t95\n\nII. NHIỆM VỤ\nCác sở tổ chức thực hiện.\n")
    ex = extract_text(_head("KẾ HOẠCH", "9/KH-UBND", "Dữ liệu số giai đoạn 2026 - 2030") + body + _TAIL, "tb")
    assert target_tuples(ex) == [(12, "cơ sở dữ liệu", 2027), (20, "cơ sở dữ liệu", 2030), (85, "%", 2027),
                                 (95, "%", 2030)]
    spaced = body.replace("\t", " ").replace("Năm 2027 Giai", "Năm 2027  Giai")
    ex = extract_text(_head("KẾ HOẠCH", "9/KH-UBND", "Dữ liệu số giai đoạn 2026 - 2030") + spaced + _TAIL, "sp")
    assert (12, "cơ sở dữ liệu", 2027) in target_tuples(ex)


def test_target_statement_in_a_numbered_item_of_any_part() -> None:
    """'1. Mục tiêu: đến hết năm 2026, 100% …' under a part that holds no targets states them all the same."""
    body = ("I. NỘI DUNG CHỦ YẾU\n1. Mục tiêu: đến hết năm 2026, 100% hồ sơ tiếp nhận mới được số hóa; tối thiểu "
            "80% kết quả giải quyết được số hóa.\n2. Kinh phí thực hiện: 1.250 triệu đồng từ ngân sách tỉnh.\n\n"
            "II. TỔ CHỨC THỰC HIỆN\nCác sở tổ chức thực hiện.\n")
    ex = extract_text(_head("KẾ HOẠCH", "9/KH-UBND", "Số hóa hồ sơ năm 2026") + body + _TAIL, "st")
    assert target_tuples(ex) == [(80, "%", 2026), (100, "%", 2026)]


def test_ocr_table_header_wrapped_onto_the_next_line() -> None:
    """A scanned table's narrow header as OCR reads it: its spaces lost ('Chitiêu', 'Đơn vịitính') and its years on
    the line below ('Kế hoạch năm Ước thực hiện năm Kế hoạch năm' / '2025 2025 2026'), or a period's end there
    ('Giai đoạn 2028 -' / '2030'): the columns pair words and years in order."""
    body = ("I. KẾT QUẢ\nKết quả các chỉ tiêu chủ yếu:\n\nSTT Chitiêu Đơn vịitính Kế hoạch năm Ước thực hiện năm "
            "Kế hoạch năm\n2025 2025 2026\n2 Diện tích cây ăn quả ha 18.500 18.740 19.200\n"
            "3 Số sản phẩm OCOP được sản phẩm 40 46 50\ncông nhận\n\nII. NHIỆM VỤ\nCác sở tổ chức thực hiện.\n")
    ex = extract_text(_head("BÁO CÁO", "9/BC-SNN", "Kết quả năm 2025 và kế hoạch năm 2026",
                            date="ngày 15 tháng 12 năm 2025") + body + _TAIL, "bc")
    assert target_tuples(ex) == [(50, "sản phẩm", 2026), (19200, "ha", 2026)]
    body = ("I. MỤC TIÊU\nCác chỉ tiêu theo năm:\n\nSTT Chỉ tiêu Đơn vị tính Năm2026 Năm2027 Giai đoạn 2028 -\n2030\n"
            "1 Tỷ lệ thanh toán trực tuyến % 70 75 85\n\nII. NHIỆM VỤ\nCác sở tổ chức thực hiện.\n")
    ex = extract_text(_head("KẾ HOẠCH", "9/KH-UBND", "Dữ liệu số giai đoạn 2026 - 2030") + body + _TAIL, "pd")
    assert target_tuples(ex) == [(70, "%", 2026), (75, "%", 2027), (85, "%", 2030)]
    # the period's start garbled ('202§-'): its column is the period's end year all the same
    ex = extract_text(_head("KẾ HOẠCH", "9/KH-UBND", "Dữ liệu số giai đoạn 2026 - 2030")
                      + body.replace("Giai đoạn 2028 -", "Giai đoạn 202§-") + _TAIL, "pg")
    assert target_tuples(ex) == [(70, "%", 2026), (75, "%", 2027), (85, "%", 2030)]


def test_ocr_table_rows_apart_by_blank_lines() -> None:
    """OCR leaves blank lines between a scanned table's rows and a row's wrapped words: the table goes on."""
    body = ("I. MỤC TIÊU\nCác chỉ tiêu theo năm:\n\nSTT Chỉ tiêu Đơn vị tính Năm 2026 Năm 2027\n"
            "1 Số cơ sở dữ liệu chuyên ngành cơ sở dữ liệu 8 12\n\nđược kết nối\n\n"
            "2 Tỷ lệ thanh toán trực tuyến % 70 75\n\nII. NHIỆM VỤ\nCác sở tổ chức thực hiện.\n")
    ex = extract_text(_head("KẾ HOẠCH", "9/KH-UBND", "Dữ liệu số giai đoạn 2026 - 2027") + body + _TAIL, "bl")
    assert target_tuples(ex) == [(8, "cơ sở dữ liệu", 2026), (12, "cơ sở dữ liệu", 2027), (70, "%", 2026), (75, "%", 2027)]


def test_table_read_column_by_column_on_a_scan_gives_no_debris_targets() -> None:
    """Tesseract may read a table of targets one column after the other ('STT Chỉ tiêu / 1 Diện tích …', 'Đơn vị
    tính / ha', 'Năm 2026 / 5000 / 45'): on an OCR'd page those paragraphs are the table's cells, never targets of
    their own; a sentence of the same part that states a figure still is one."""
    from extract.core import extract_document
    from ingest.records import Document, Page

    text = _head("BÁO CÁO", "96/BC-UBND", "Kết quả tái canh cà phê năm 2025") + (
        "II. CHỈ TIÊU GIAI ĐOẠN 2026 - 2027\n\nNăm 2026, tỷ lệ vườn cà phê được tái canh đạt 30%.\n\n"
        "STT Chỉ tiêu\n1 Diện tích cà phê được tái canh\n\n2 Tỷ lệ diện tích cà phê được chứng nhận\n"
        "xuất bền vững\n\nĐơn vị tính\nha\n\nsản %\n\nNăm 2026\n5000\n45\n\n"
        "III. PHƯƠNG HƯỚNG NĂM 2026\nCác sở, ngành triển khai thực hiện.\n" + _TAIL)
    scan = extract_document(Document("d", "d.pdf", "d.pdf", pages=[Page(1, "ocr", text, text=text)]))
    assert [(t["kind"], t["value"], t["unit"], t["target_year"]) for t in scan.targets] == [
        ("quantitative", 30, "%", 2026)]
