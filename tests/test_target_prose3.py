"""Targets in prose of issue 11, round xtgt14 (batch 88): one owner of 'a figure that is a condition, not a goal'
(extract.conditions); a request's counted works with no year of their own (a notice's or letter's item that names its
agency: the task's object, no target); a network's sites ('phát sóng 5G thêm 650 trạm'); a figure before a later clause's
horizon keeps the year above it; a counting word whose second syllable starts the word of what the work is for
('cống ngăn mặn' -> 'cống'). Each rule has its own case; the last ones go through the real extractor."""

from __future__ import annotations

from extract.conditions import condition_numbers
from extract.nlp import folded_doc
from extract.targets import count_unit, parse_target_text, target_sentences, work_clauses
from normalize.text import fold
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn An\n"


def test_the_conditions_owner_reads_both_kinds() -> None:
    """Ages and thresholds that say who qualifies give their numerals; a goal's figure none; a sentence's condition
    threshold and a salinity's '%' are no pieces, the goal beside them is."""
    assert condition_numbers(fold("- Người lao động trên 18 tuổi chưa có nhà ở;")) == ["18"]
    assert {"4", "10"} <= set(condition_numbers(fold("- Hộ có từ 4 người trở lên đang ở nhà dưới 10 m2 mỗi người.")))
    assert condition_numbers(fold("Tỷ lệ hộ dân sử dụng nước sạch đạt trên 95%.")) == []
    assert [p["value"] for p in parse_target_text("Không thả rông gia súc khi nhiệt độ dưới 12 độ C; bảo đảm 100% "
                                                  "chuồng trại được che chắn.")] == [100]
    assert parse_target_text("Đóng cống lấy nước khi độ mặn vượt 1%o.") == []


def test_a_network_s_sites_are_a_work() -> None:
    """'phát sóng 5G thêm 650 trạm' sets sites to build, counted, as 'lắp đặt' does; a broadcast's hours do not."""
    assert work_clauses("Sở Khoa học và Công nghệ phối hợp với các doanh nghiệp phát sóng 5G thêm 650 trạm") is not None
    assert work_clauses("Đài Phát thanh tăng thời lượng chương trình tiếng dân tộc") is None
    # (a network's generation is no count: 'phát triển 500 trạm phát sóng 5G phủ sóng các xã' names no work verb)
    assert work_clauses("các doanh nghiệp phát triển 500 trạm phát sóng 5G phủ sóng các xã") is None


def test_a_counting_word_before_what_the_work_is_for() -> None:
    """'4 cống ngăn mặn' -> 'cống' ('ngăn mặn' the word the second syllable makes); 'giấy chứng nhận', 'tài khoản' and
    'trạm bơm' stay whole."""
    for text, unit in (("xây dựng 4 cống ngăn mặn trước mùa khô", "cống"),
                       ("cấp 350 giấy chứng nhận quyền sử dụng đất", "giấy chứng nhận"),
                       ("cấp 12.000 tài khoản định danh điện tử", "tài khoản"),
                       ("xây dựng 3 trạm bơm điện", "trạm bơm")):
        _, toks = folded_doc(text)
        num = next(i for i, t in enumerate(toks) if t[0][0].isdigit())
        got = count_unit(text, toks, num)
        assert got is not None and got[0] == unit, (text, got)


def test_a_notice_s_item_s_works_without_a_year_are_its_object() -> None:
    """A conclusion's item that names its agency and sets works by their count and a deadline, no year of their own,
    sets the task's object, no target (the held-out gold's convention: a task's object is none); a result's works ('đã
    xây mới 17 cầu') none, nor an item's work with no deadline ('sửa chữa 5 bến đò')."""
    head = official_head("THÔNG BÁO", "214/TB-UBND", "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh về hạ tầng nông thôn",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU", place="Cà Mau", date="ngày 08 tháng 4 năm 2026")
    ex = extract_text(head + "Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:\n\n"
                      "1. Năm 2025, các xã đã xây mới 17 cầu giao thông nông thôn.\n\n"
                      "2. Sở Nông nghiệp và Môi trường chỉ đạo nạo vét 120 km kênh thủy lợi nội đồng và xây dựng 4 cống "
                      "ngăn mặn trước mùa khô.\n\n3. Sở Xây dựng hướng dẫn các xã lập hồ sơ; sửa chữa 5 bến đò hư hỏng.\n" + _TAIL)
    assert target_tuples(ex) == []
    assert len(ex.tasks) == 2


def test_a_figure_before_a_later_clause_s_horizon_keeps_the_year_above() -> None:
    """'Số giường bệnh đạt 34 giường bệnh/vạn dân, đến năm 2030 đạt 40 …' under a resolution's list for 2026: 34 for
    2026, 40 for 2030 (the sentence's year is the later clause's own)."""
    head = official_head("NGHỊ QUYẾT", "41/NQ-HĐND", "Về kế hoạch phát triển y tế năm 2026",
                         issuer="HỘI ĐỒNG NHÂN DÂN\nTỈNH ĐẮK LẮK", place="Đắk Lắk", date="ngày 10 tháng 12 năm 2025")
    ex = extract_text(head + "QUYẾT NGHỊ:\n\nĐiều 1. Thông qua kế hoạch phát triển y tế năm 2026 với các chỉ tiêu sau:\n\n"
                      "1. Chỉ tiêu chủ yếu:\na) Số giường bệnh đạt 34 giường bệnh/vạn dân, đến năm 2030 đạt 40 giường "
                      "bệnh/vạn dân;\nb) Tỷ lệ dân số tham gia bảo hiểm y tế trên 95%.\n\n"
                      "Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết.\n" + _TAIL)
    assert target_tuples(ex) == [(34, "giường bệnh/vạn dân", 2026), (40, "giường bệnh/vạn dân", 2030), (95, "%", 2026)]


def test_a_requirement_that_opens_on_its_share() -> None:
    """A guide's or letter's line that opens on the share it requires, or on a cut by it, with no 'chỉ tiêu' word
    ('- 100% cơ sở giáo dục có phòng y tế;', 'Giảm 20% thời gian …'): its sentence; a result with 'đã', or a report's
    line, none."""
    assert target_sentences("100% cơ sở giáo dục có phòng y tế.", 2026) == "100% cơ sở giáo dục có phòng y tế."
    assert target_sentences("Giảm 20% thời gian xử lý hồ sơ so với năm 2025.", 2026) is not None
    assert target_sentences("100% cơ sở giáo dục đã có phòng y tế.", 2026) is None
    assert target_sentences("100% cơ sở giáo dục có phòng y tế.", 2026, report=True) is None


def test_a_count_reached_by_more() -> None:
    """'Các xã … đạt thêm 3 tiêu chí' states the count to reach, as 'đạt 3 tiêu chí' does; 'đã đạt thêm' a result."""
    assert [(p["value"], p["unit"]) for p in parse_target_text("Các xã chưa đạt chuẩn đạt thêm 3 tiêu chí.",
                                                               statement=False)] == [(3, "tiêu chí")]
    assert parse_target_text("Các xã đã đạt thêm 3 tiêu chí.", statement=False) == []


def test_a_period_and_a_year_label_carry_to_the_next_clause() -> None:
    """'Giai đoạn 2026 - 2028: xây mới 38 chợ …; cải tạo 20 chợ.': the period's end is the next clause's year too; a
    conclusion's 'Về nhà ở xã hội năm 2027: hoàn thành 3.500 căn; khởi công 6 dự án.' sets both counts for 2027."""
    tail = "\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nNguyễn Văn An\n"
    head = official_head("NGHỊ QUYẾT", "12/NQ-HĐND", "Về phát triển chợ nông thôn", issuer="HỘI ĐỒNG NHÂN DÂN\nTỈNH NGHỆ AN",
                         place="Nghệ An", date="ngày 10 tháng 12 năm 2025")
    ex = extract_text(head + "Điều 1. Mục tiêu\n\n1. Giai đoạn 2026 - 2028: xây mới 38 chợ nông thôn; cải tạo 20 chợ.\n"
                      "2. Đến năm 2030, tỷ lệ xã có chợ đạt chuẩn đạt 90%.\n\nĐiều 2. Giao Ủy ban nhân dân tỉnh tổ chức "
                      "thực hiện.\n" + tail)
    assert target_tuples(ex) == [(20, "chợ", 2028), (38, "chợ", 2028), (90, "%", 2030)]
    head = official_head("THÔNG BÁO", "12/TB-UBND", "Kết luận về nhà ở", issuer="ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN",
                         place="Nghệ An", date="ngày 22 tháng 3 năm 2026")
    ex = extract_text(head + "Chủ tịch Ủy ban nhân dân tỉnh kết luận:\n\n1. Về nhà ở xã hội năm 2027: hoàn thành 3.500 "
                      "căn; khởi công 6 dự án.\n\n2. Sở Xây dựng theo dõi, đôn đốc.\n" + tail)
    assert target_tuples(ex) == [(6, "dự án", 2027), (3500, "căn", 2027)]


def test_a_year_s_requirements_part_and_a_report_s_next_year_part() -> None:
    """The items of a guide's 'I. YÊU CẦU NĂM 2026' state its figures (counts and a time to bring down to); a report's
    unnumbered paragraph under 'II. NHIỆM VỤ NĂM 2026' of December 2025 too, its numbered tasks none, its results
    part none."""
    head = official_head("HƯỚNG DẪN", "1275/HD-BNNMT", "Triển khai trồng rừng", issuer="BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
                         place="Hà Nội", date="ngày 05 tháng 02 năm 2026")
    ex = extract_text(head + "I. YÊU CẦU NĂM 2026\n\n1. Diện tích rừng trồng tập trung trồng mới trên 230.000 ha; các "
                      "địa phương cấp 350 giấy chứng nhận quản lý rừng bền vững.\n\n2. Rút ngắn thời gian thẩm định hồ sơ "
                      "chuyển loại rừng còn 15 ngày làm việc.\n\nII. TỔ CHỨC THỰC HIỆN\n\n1. Cục Lâm nghiệp và Kiểm lâm "
                      "hướng dẫn, kiểm tra các địa phương.\n" + _TAIL)
    assert target_tuples(ex) == [(15, "ngày làm việc", 2026), (350, "giấy chứng nhận", 2026), (230000, "ha", 2026)]
    head = official_head("BÁO CÁO", "2318/BC-SGDĐT", "Kết quả kiên cố hóa trường lớp năm 2025 và nhiệm vụ năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSỞ GIÁO DỤC VÀ ĐÀO TẠO", place="Lâm Đồng",
                         date="ngày 22 tháng 12 năm 2025")
    ex = extract_text(head + "I. KẾT QUẢ THỰC HIỆN NĂM 2025\n\nNăm 2025, toàn tỉnh đã xây mới 214 phòng học, tỷ lệ phòng "
                      "học kiên cố đạt 88,5%.\n\nII. NHIỆM VỤ NĂM 2026\n\nTỷ lệ phòng học kiên cố bảo đảm không dưới 91%; "
                      "xây mới 260 phòng học.\n\n1. Phòng Kế hoạch - Tài chính tham mưu phân bổ vốn cho 12 công trình, "
                      "báo cáo trước ngày 31/3/2026.\n" + _TAIL)
    assert target_tuples(ex) == [(91, "%", 2026), (260, "phòng học", 2026)]


def test_removing_temporary_houses_is_a_work() -> None:
    """'hỗ trợ xóa 1.800 căn nhà tạm' sets a count of works, as 'xây mới' does."""
    assert work_clauses("Ủy ban nhân dân các xã hoàn thành hỗ trợ xóa 1.800 căn nhà tạm cho hộ nghèo") is not None
