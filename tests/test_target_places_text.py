"""Targets read from text (issue 11, the dv308-dv315 round): a table by place whose columns give the population and
the current rate beside the target column; count columns whose unit is the noun their header counts, beside a budget;
a resolution's table of targets by place and year under its title and unit lines; the items of a goals part or heading
(a notice's '1. Mục tiêu', an article 'Mục tiêu …', a plan's 'II. MỤC TIÊU NĂM 2026' beside its 'chỉ tiêu' list);
averages, scales, land quotas, a year that closes a sentence, the issue year's figures in a document that plans from a
later year. Each case goes through the real extractor, the helpers on their own too."""

from __future__ import annotations

from functools import partial

from extract.targets import (
    _counted_noun,
    _figures_head,
    _list_heading,
    _past,
    _target_columns,
    parse_target_text,
)
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nHà Văn Lâm\n"

_head = partial(official_head, issuer="ỦY BAN NHÂN DÂN\nTỈNH TUYÊN QUANG", place="Tuyên Quang",
                date="ngày 15 tháng 01 năm 2026")


def _pieces(text: str, statement: bool = True) -> list[tuple[float, str, int | None]]:
    return [(p["value"], p["unit"], p["year"]) for p in parse_target_text(text, statement=statement)]


def test_a_table_by_place_gives_only_its_target_column() -> None:
    """'Số học sinh năm 2025 (người) | Tỷ lệ … năm 2025 (%) | Chỉ tiêu tỷ lệ … năm 2026 (%)': the count and the current
    rate describe the place; the target column (whose 'Chỉ tiêu' is no indicator column) gives the targets."""
    body = ("I. CHỈ TIÊU NĂM 2026\n"
            "STT\tXã, phường\tSố học sinh năm 2025 (người)\tTỷ lệ học sinh bơi an toàn năm 2025 (%)\t"
            "Chỉ tiêu tỷ lệ học sinh bơi an toàn năm 2026 (%)\n"
            "1\tPhường Minh Xuân\t5.400\t61\t70\n2\tXã Hàm Yên\t3.100\t48\t60\n\n"
            "II. TỔ CHỨC THỰC HIỆN\nSở Giáo dục và Đào tạo chủ trì hướng dẫn các trường tổ chức dạy bơi.\n" + _TAIL)
    ex = extract_text(_head("KẾ HOẠCH", "12/KH-UBND", "Phổ cập bơi an toàn cho học sinh năm 2026") + body, "kh")
    assert target_tuples(ex) == [(60, "%", 2026), (70, "%", 2026)]


def test_target_columns_and_figures_heads() -> None:
    fhead = ["stt", "xa", "dan so (nguoi)", "ty le nam 2025 (%)", "chi tieu ty le nam 2026 (%)", "ty le nam 2027 (%)"]
    assert _target_columns({2: 0, 3: 2025, 4: 2026, 5: 2027}, fhead) == {4: 2026, 5: 2027}
    assert _target_columns({3: 2025, 5: 2027}, fhead) == {3: 2025, 5: 2027}  # no column names a target: all kept
    # every column of the plan year (no earlier year, none without one): the target-named column's neighbours are
    # the plan's figures too ('Dân số … trong năm kế hoạch', '… phải đạt theo chỉ tiêu giao', 'Tỷ lệ …')
    assert _target_columns({2: 2026, 3: 2026, 4: 2026}, ["stt", "xa", "dan so (nguoi)", "chi tieu giao (nguoi)", "ty le (%)"]) == {
        2: 2026, 3: 2026, 4: 2026}
    assert _figures_head("Chỉ tiêu tỷ lệ bao phủ năm 2026 (%)")
    assert not _figures_head("Chỉ tiêu")
    assert not _figures_head("Chỉ tiêu năm 2026")


def test_a_count_column_takes_the_noun_its_header_counts() -> None:
    """'Số hộ tái định cư', 'Số lao động được đào tạo' beside 'Kinh phí (triệu đồng)': counts of households and
    workers, the money none."""
    body = ("I. CHỈ TIÊU THEO XÃ\n"
            "STT\tXã, thôn\tSố hộ tái định cư\tSố lao động được đào tạo\tKinh phí (triệu đồng)\n"
            "1\tXã Lâm Bình\t45\t120\t2.700\n2\tXã Na Hang\t30\t85\t1.800\n\n"
            "II. TỔ CHỨC THỰC HIỆN\nSở Nông nghiệp và Môi trường chủ trì theo dõi, đôn đốc thực hiện.\n" + _TAIL)
    ex = extract_text(_head("PHƯƠNG ÁN", "13/PA-UBND", "Tái định cư vùng thiên tai năm 2026") + body, "pa")
    assert target_tuples(ex) == [(30, "hộ", 2026), (45, "hộ", 2026), (85, "lao động", 2026), (120, "lao động", 2026)]


def test_counted_noun_of_a_header() -> None:
    assert _counted_noun("Số hộ di dời") == "hộ"
    assert _counted_noun("Số hộ nghèo") == "hộ"
    assert _counted_noun("Số lao động được đào tạo") == "lao động"
    assert _counted_noun("Số lượng") is None
    assert _counted_noun("Số tiền hỗ trợ") is None
    assert _counted_noun("Số hộ (hộ)") is None  # a bracketed unit is read as such
    assert _counted_noun("Dân số") is None


def test_a_resolutions_table_by_place_and_year_under_its_title_and_unit_lines() -> None:
    """'Điều 1. Mục tiêu …' / '2. Số … theo địa bàn và theo năm như sau:' / 'Đơn vị tính: km' / the table: its cells
    are targets of their year column, the unit the line's; neither the title nor the table is a task; the item above
    ('Năm 2026 cứng hóa 60 km …') is a target, not a task."""
    body = ("QUYẾT NGHỊ:\n\nĐiều 1. Mục tiêu phát triển giao thông nông thôn\n\n"
            "1. Năm 2026 cứng hóa 60 km đường trục xã.\n\n"
            "2. Số km đường giao thông nông thôn được cứng hóa theo địa bàn và theo năm như sau:\n"
            "Đơn vị tính: km\n"
            "STT\tĐịa bàn\tNăm 2026\tNăm 2027\n1\tXã Sơn Dương\t25\t30\n2\tXã Yên Sơn\t35\t40\n\n"
            "Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.\n")
    tail = "\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nLê Thị Kim\n"
    ex = extract_text(official_head("NGHỊ QUYẾT", "61/NQ-HĐND", "Về phát triển giao thông nông thôn giai đoạn 2026 - "
                                    "2027", issuer="HỘI ĐỒNG NHÂN DÂN\nTỈNH TUYÊN QUANG", place="Tuyên Quang",
                                    date="ngày 10 tháng 12 năm 2025") + body + tail, "nq")
    assert target_tuples(ex) == [(25, "km", 2026), (30, "km", 2027), (35, "km", 2026), (40, "km", 2027),
                                 (60, "km", 2026)]
    assert [t["text"][:20] for t in ex.tasks] == ["Giao Ủy ban nhân dân"]


def test_a_notices_goals_heading_lists_its_items_as_targets() -> None:
    """'1. Mục tiêu' over lettered items in a thông báo kết luận: their bare counts of several syllables, an average
    duration and points are targets (the scale's 'thang 10 điểm' none), no tasks."""
    body = ("Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:\n\n1. Mục tiêu\n\n"
            "a) Chỉ số hài lòng đạt 8,5 điểm trên thang 10 điểm; thời gian cấp phép xây dựng bình quân 6 ngày.\n\n"
            "b) Cấp 420 giấy chứng nhận quyền sử dụng đất; chỉnh trang 12 tuyến phố.\n\n"
            "2. Nhiệm vụ\n\na) Sở Xây dựng chủ trì chỉnh trang các tuyến phố, hoàn thành trong Quý III/2026.\n")
    ex = extract_text(_head("THÔNG BÁO", "9/TB-UBND", "Kết luận về cải cách hành chính năm 2026") + body + _TAIL, "tb")
    assert target_tuples(ex) == [(6, "ngày", 2026), (8.5, "điểm", 2026), (12, "tuyến", 2026),
                                 (420, "giấy chứng nhận", 2026)]
    assert [t["text"][:12] for t in ex.tasks] == ["Sở Xây dựng "]


def test_goal_headings() -> None:
    assert _list_heading("Mục tiêu")
    assert _list_heading("Mục tiêu phát triển nhà ở xã hội")
    assert _list_heading("Mục tiêu năm 2026")
    assert not _list_heading("Mục tiêu chung")
    assert not _list_heading("Mục tiêu, nhiệm vụ và giải pháp")
    assert not _list_heading("Mục tiêu:")
    assert not _list_heading("Mục tiêu đến năm 2030 đạt 95% hộ dân có nước sạch.")


def test_a_goals_parts_items_beside_its_list_of_targets() -> None:
    """'II. MỤC TIÊU NĂM 2026' over '1. Tiết kiệm 3% …' and '2. Các chỉ tiêu cụ thể:' with its table: the items' figures
    are targets of the part's year too (not the plan's end), the table's of its year column; a unit cell's capitals
    are written small."""
    body = ("I. MỤC ĐÍCH, YÊU CẦU\nNâng cao nhận thức về sử dụng năng lượng tiết kiệm.\n\n"
            "II. MỤC TIÊU NĂM 2026\n"
            "1. Tiết kiệm 3% tổng điện năng tiêu thụ; hỗ trợ 15 cơ sở thực hiện kiểm toán năng lượng.\n"
            "2. Các chỉ tiêu cụ thể:\n"
            "STT\tChỉ tiêu\tĐơn vị tính\tNăm 2026\n1\tĐiện năng tiết kiệm được\tTriệu kWh\t12\n\n"
            "III. TỔ CHỨC THỰC HIỆN\nSở Công Thương chủ trì hướng dẫn, kiểm tra việc thực hiện.\n" + _TAIL)
    ex = extract_text(_head("KẾ HOẠCH", "14/KH-UBND", "Sử dụng năng lượng tiết kiệm giai đoạn 2026 - 2030") + body,
                      "kh")
    assert target_tuples(ex) == [(3, "%", 2026), (12, "triệu kwh", 2026), (15, "cơ sở", 2026)]


def test_averages_scales_and_quotas() -> None:
    assert _pieces("Thời gian giải quyết hồ sơ bình quân 2,5 ngày.") == [(2.5, "ngày", None)]
    assert _pieces("Thời gian chờ khám trung bình 30 phút.") == [(30, "phút", None)]
    assert _pieces("Tổ chức tập huấn bình quân 3 ngày mỗi lớp.") == []  # no time's indicator: no duration to reach
    assert _pieces("Chỉ số hài lòng đạt 4,5 điểm trên thang 5 điểm.") == [(4.5, "điểm", None)]
    assert _pieces("Chủ đầu tư bố trí quỹ đất 15% trong các dự án để xây nhà ở xã hội.") == []
    assert _pieces("Dành diện tích đất tối thiểu 10% cho công trình công cộng.") == []
    assert _pieces("Tỷ lệ đất cây xanh đạt 15% diện tích đô thị.") == [(15, "%", None)]


def test_a_year_that_closes_a_sentence_is_its_last_figures() -> None:
    """'Năm 2026 …, … đạt 80% và đạt 90% đến năm 2030': 80% keeps the year that opens the sentence."""
    assert _pieces("Năm 2026 xây mới 500 căn nhà, tỷ lệ nhà kiên cố đạt 80% và đạt 90% đến năm 2030.") == [
        (500, "căn", 2026), (80, "%", 2026), (90, "%", 2030)]
    # (a later year that opens a figure of its own stays the nearest for the figure before it, as it was)
    assert _pieces("Tỷ lệ hộ dùng nước sạch năm 2026 đạt 70%, năm 2027 đạt 75% và 85% đến năm 2030.") == [
        (70, "%", 2026), (75, "%", 2027), (85, "%", 2030)]


def test_the_issue_years_figures_in_a_document_that_plans_from_a_later_year() -> None:
    """A plan issued in December 2025 for 2026 - 2030: its 'Năm 2025, …' sentence and its 'Năm 2025' column state
    where things stand, no targets; a plan issued in the first year of its period keeps them."""
    body = ("I. MỤC TIÊU NĂM 2026\n"
            "Năm 2025, toàn tỉnh đón khoảng 2,1 triệu lượt khách; công suất buồng phòng đạt 55%.\n"
            "1. Tổng lượt khách du lịch đến tỉnh đạt 2,5 triệu lượt khách.\n"
            "2. Các chỉ tiêu cụ thể:\n"
            "STT\tChỉ tiêu\tĐơn vị tính\tNăm 2025\tNăm 2026\n1\tSố cơ sở lưu trú đạt chuẩn\tcơ sở\t40\t48\n\n"
            "II. TỔ CHỨC THỰC HIỆN\nSở Văn hóa, Thể thao và Du lịch chủ trì theo dõi thực hiện.\n" + _TAIL)
    head = partial(official_head, "KẾ HOẠCH", "15/KH-UBND", issuer="ỦY BAN NHÂN DÂN\nTỈNH TUYÊN QUANG",
                   place="Tuyên Quang")
    ex = extract_text(head("Phát triển du lịch giai đoạn 2026 - 2030", date="ngày 20 tháng 12 năm 2025") + body, "a")
    assert target_tuples(ex) == [(2.5, "triệu lượt", 2026), (48, "cơ sở", 2026)]
    assert _past("nam 2025", 2025, 2026)
    assert not _past("nam 2025", 2025, 2025)
    assert not _past("nam 2026", 2025, 2026)
    # a title's later year is its horizon's end ('đến năm 2030' in a plan of July 2026): its 2027 column is a target
    assert not _past("den nam 2027", 2026, 2030)


def test_a_table_in_a_plans_goals_part_takes_the_parts_year() -> None:
    """'II. MỤC TIÊU NĂM 2026' / '2. Số hộ được sắp xếp lại dân cư:' / a table by commune: in the targets part (though no
    'chỉ tiêu' heading names it), its counts for the part's year, not the plan's end."""
    body = ("I. MỤC ĐÍCH, YÊU CẦU\nBảo đảm an toàn cho người dân vùng thiên tai.\n\n"
            "II. MỤC TIÊU NĂM 2026\n"
            "1. Nạo vét 20 km kênh tiêu thoát lũ tại các xã vùng trũng.\n"
            "2. Số hộ được sắp xếp lại dân cư:\n"
            "STT\tXã\tSố hộ sắp xếp\tKinh phí (triệu đồng)\n1\tXã Chiêm Hóa\t40\t2.400\n2\tXã Hồng Thái\t25\t1.500\n\n"
            "III. TỔ CHỨC THỰC HIỆN\nSở Nông nghiệp và Môi trường chủ trì theo dõi thực hiện.\n" + _TAIL)
    ex = extract_text(_head("KẾ HOẠCH", "16/KH-UBND", "Phòng chống thiên tai giai đoạn 2026 - 2030") + body, "kh")
    assert target_tuples(ex) == [(20, "km", 2026), (25, "hộ", 2026), (40, "hộ", 2026)]


def test_the_clauses_after_a_goals_label_are_its_list() -> None:
    """'2. Mục tiêu: có thêm 8 xã …; cấp 150 giấy chứng nhận …; cứng hóa 9 tuyến đường …' in a notice: each ';' clause's
    bare count is a target; a clause after a sentence that opens otherwise is none ('tổ chức 02 hội nghị')."""
    body = ("Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:\n\n"
            "1. Mục tiêu: có thêm 8 xã đạt chuẩn nông thôn mới; cấp 150 giấy chứng nhận quyền sử dụng đất; cứng hóa 9 "
            "tuyến đường liên thôn.\n\n"
            "2. Sở Nông nghiệp và Môi trường hướng dẫn các xã hoàn thiện hồ sơ; tổ chức 02 hội nghị tập huấn trong Quý "
            "II/2026.\n")
    ex = extract_text(_head("THÔNG BÁO", "10/TB-UBND", "Kết luận về nông thôn mới năm 2026") + body + _TAIL, "tb")
    assert target_tuples(ex) == [(8, "xã", 2026), (9, "tuyến", 2026), (150, "giấy chứng nhận", 2026)]
