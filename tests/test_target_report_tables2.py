"""Targets of issue 11, round w6tgt (batch 83): a report's aligned table whose row number stands in a column of its own
and whose indicators wrap onto a second line under their column, its result columns before the plan's; a directive's
opening purpose clause that cuts a share ('nhằm giảm ít nhất 10% …'); a cumulative total to reach by a later year beside
the current year's count; a line under the targets that states only an age or a threshold (no target); a directive's
task item that sets a counted work for the year it names. Each rule has its own case; the last ones go through the
real extractor."""

from __future__ import annotations

from extract.conditions import CONDITION_FIGURE
from extract.tables import _spans, _wrapped_name
from extract.targets import parse_target_text, target_sentences
from normalize.text import fold
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nLê Văn Nam\n"
_HEAD = "TT   Chỉ tiêu                                    ĐVT           Thực hiện 2024   Thực hiện 2025   Kế hoạch 2026"


def test_an_indented_wrap_under_the_indicators_column() -> None:
    """With a row number's column first, the indicator's wrapped words stand indented under its column, up to where the
    unit's column starts: the row's; words that reach into the unit's column, a capital or a figure are not."""
    spans = _spans(_HEAD)
    assert _wrapped_name("     nâng cấp, sửa chữa", spans, 1)
    assert not _wrapped_name("     nâng cấp, sửa chữa", spans)  # (the header's cell alone is narrower)
    assert not _wrapped_name("     nâng cấp, sửa chữa các công trình đã hư hỏng nặng", spans, 1)
    assert not _wrapped_name("     Tổng cộng", spans, 1)
    assert not _wrapped_name("     năm 2026", spans, 1)


def test_a_reports_table_with_results_before_the_plan() -> None:
    """Every row's plan column is a target of its year, the unit its 'ĐVT' cell lower-cased, the indicator joined with
    its wrapped words; the two result columns give none."""
    head = official_head("BÁO CÁO", "1342/BC-SNNMT", "Kết quả cấp nước sạch nông thôn năm 2025 và kế hoạch năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", place="Quảng Ngãi",
                         date="ngày 18 tháng 12 năm 2025")
    ex = extract_text(head + "I. KẾT QUẢ THỰC HIỆN NĂM 2025\n\nKết quả các chỉ tiêu chủ yếu như sau:\n\n" + _HEAD + "\n"
                      "1    Công trình cấp nước tập trung được          Công trình    14               17               21\n"
                      "     nâng cấp, sửa chữa\n"
                      "2    Hộ gia đình nông thôn được cấp nước         Hộ            2.350            2.810            3.400\n"
                      "     sạch đạt quy chuẩn\n"
                      "3    Tỷ lệ dân cư nông thôn sử dụng nước         %             58,5             61,2             65\n"
                      "     sạch đạt quy chuẩn\n" + _TAIL)
    assert target_tuples(ex) == [(21, "công trình", 2026), (65, "%", 2026), (3400, "hộ", 2026)]
    assert sorted(t["indicator"] for t in ex.targets)[0] == "Công trình cấp nước tập trung được nâng cấp, sửa chữa"


def test_a_purpose_clause_that_cuts_a_share() -> None:
    """'…, nhằm giảm ít nhất 10% số vụ … so với năm 2025, bảo đảm 100% …, Chủ tịch … chỉ thị:': both shares from the verb
    on; a purpose without a share, or one that only mentions the past, sets none."""
    sent = ("Để kiềm chế tai nạn đuối nước trên các sông, hồ, nhằm giảm ít nhất 10% số vụ tai nạn giao thông đường thủy "
            "so với năm 2025, bảo đảm 100% bến khách ngang sông có giấy phép hoạt động, Chủ tịch Ủy ban nhân dân tỉnh "
            "chỉ thị:")
    clause = target_sentences(sent, 2026)
    assert clause is not None and clause.startswith("giảm ít nhất 10%")
    assert [p["value"] for p in parse_target_text(clause)] == [10, 100]
    assert target_sentences("Để kiềm chế tai nạn đuối nước, nhằm giảm thiệt hại về người, Chủ tịch … chỉ thị:",
                            2026) is None


def test_an_age_or_threshold_is_no_goal() -> None:
    """Ages and thresholds that say who qualifies match; a count to reach does not."""
    assert CONDITION_FIGURE.search(fold("- Người dân trên 70 tuổi có bệnh nền;"))
    assert CONDITION_FIGURE.search(fold("- Hộ gia đình có từ 4 người trở lên đang ở nhà dưới 10 m2 mỗi người."))
    assert not CONDITION_FIGURE.search(fold("- Tổ chức 3 hội nghị tập huấn"))
    assert not CONDITION_FIGURE.search(fold("Tỷ lệ hộ dân được tuyên truyền trên 90 thôn"))


def test_age_lines_under_the_targets_through_the_extractor() -> None:
    """'- Người dân trên 70 tuổi …' under 'I. CHỈ TIÊU' gives no target (once one of value None); the share above does."""
    head = official_head("KẾ HOẠCH", "19/KH-UBND", "Tiêm chủng năm 2026", issuer="ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI",
                         place="Lào Cai", date="ngày 14 tháng 4 năm 2026")
    ex = extract_text(head + "I. CHỈ TIÊU\n\n1. Tỷ lệ tiêm chủng đầy đủ đạt 95%.\n\n2. Đối tượng ưu tiên:\n"
                      "- Người dân trên 70 tuổi có bệnh nền;\n- Trẻ em dưới 5 tuổi.\n\nII. TỔ CHỨC THỰC HIỆN\n\n"
                      "1. Sở Y tế chủ trì triển khai.\n" + _TAIL)
    assert target_tuples(ex) == [(95, "%", 2026)]


def test_a_directives_opening_and_a_dated_work_through_the_extractor() -> None:
    """A directive's opening purpose clause sets its shares for the document's year; a task item's counted work for a
    year it names is a target ('bể bơi' whole), one without a year is the task's own work."""
    head = official_head("CHỈ THỊ", "09/CT-UBND", "Về phòng, chống đuối nước năm 2026", issuer="ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI",
                         place="Lào Cai", date="ngày 14 tháng 4 năm 2026")
    body = ("Để kiềm chế tai nạn đuối nước, nhằm giảm ít nhất 10% số vụ tai nạn giao thông đường thủy nội địa so với năm "
            "2025, bảo đảm 100% bến khách ngang sông có giấy phép hoạt động, Chủ tịch Ủy ban nhân dân tỉnh chỉ thị:\n\n"
            "1. Sở Giáo dục và Đào tạo tổ chức dạy bơi cho học sinh; xây dựng 12 bể bơi di động tại các trường tiểu học "
            "trong năm 2026.\n\n"
            "2. Sở Xây dựng rà soát các bến khách ngang sông; sửa chữa 5 bến đò hư hỏng.\n\n"
            "Yêu cầu Giám đốc các sở nghiêm túc thực hiện Chỉ thị này./.\n")
    assert target_tuples(extract_text(head + body + _TAIL)) == [(10, "%", 2026), (12, "bể bơi", 2026), (100, "%", 2026)]


def test_a_cumulative_total_beside_the_years_count() -> None:
    """'phấn đấu đến hết năm 2027 hoàn thành tổng cộng 96 công trình …; trong năm 2026 … 1.200 thiết bị': the total for
    the later year, the count for the current one."""
    pieces = parse_target_text("phấn đấu đến hết năm 2027 hoàn thành tổng cộng 96 công trình cấp nước tập trung; trong "
                               "năm 2026 hỗ trợ lắp đặt 1.200 thiết bị lọc nước hộ gia đình.")
    assert [(p["value"], p["unit"], p["year"]) for p in pieces] == [(96, "công trình", 2027), (1200, "thiết bị", 2026)]


def test_a_plans_opening_purpose_paragraph_through_the_extractor() -> None:
    """The purpose paragraph right above a phương án's first part sets its shares (one after the purpose's first clause,
    'Nhằm chủ động …, giảm ít nhất 15% …'); the thresholds of a list under the targets and the lead-in that announces
    it give none."""
    head = official_head("PHƯƠNG ÁN", "21/PA-UBND", "Phòng, chống dịch bệnh trên địa bàn phường năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nPHƯỜNG VIỆT TRÌ", place="Việt Trì", date="ngày 06 tháng 3 năm 2026")
    body = ("Nhằm chủ động phòng, chống dịch bệnh, giảm ít nhất 15% số ca mắc so với năm 2025, bảo đảm 100% ổ dịch "
            "được xử lý kịp thời, Ủy ban nhân dân phường xây dựng Phương án như sau:\n\n"
            "I. CÁC CHỈ TIÊU\n\n1. Tỷ lệ hộ gia đình được tuyên truyền đạt 95%.\n\n"
            "2. Đối tượng ưu tiên hỗ trợ:\n- Hộ gia đình có từ 4 người trở lên đang ở nhà dưới 10 m2 mỗi người;\n"
            "- Người dân trên 60 tuổi có bệnh nền.\n\n"
            "II. TỔ CHỨC THỰC HIỆN\n\n1. Trạm Y tế phường giám sát ca bệnh.\n")
    assert target_tuples(extract_text(head + body + _TAIL)) == [(15, "%", 2026), (95, "%", 2026), (100, "%", 2026)]
    # an opening that states no purpose ('Thực hiện Kế hoạch …, Ủy ban nhân dân phường …') is left to the parts
    other = body.replace("Nhằm chủ động phòng, chống dịch bệnh, giảm ít nhất 15% số ca mắc so với năm 2025, bảo đảm "
                         "100% ổ dịch được xử lý kịp thời,", "Thực hiện Kế hoạch số 12/KH-UBND của Ủy ban nhân dân tỉnh,")
    assert target_tuples(extract_text(head + other + _TAIL)) == [(95, "%", 2026)]


def test_a_threshold_a_goal_reaches_is_a_goal() -> None:
    """'… đạt từ 88 điểm trở lên' sets the figure to reach: no condition."""
    assert not CONDITION_FIGURE.search(fold("6. Chỉ số cải cách hành chính của tỉnh đạt từ 88 điểm trở lên."))
