"""Targets in a decision's first article and what is no target (issue 11, round w4tgt, batch 67): a list of targets
run on into the article's paragraph ('Điều 1. Giao chỉ tiêu … như sau: 1. Giảm … xuống còn 2,5%; 2. … 350 hộ …; 3. …
chiếm 40% …'), 'trạm' and 'điểm' as counting words of facilities, a line of a target list that names 'chỉ tiêu' inside
its sentence, a loan's ceiling per household, a share that says who is below a line, and a notice's opening item
that states the past month's results. Each rule has its own case; the last ones go through the real extractor."""

from __future__ import annotations

import datetime as dt

from extract.targets import _target_line, inline_target_list, parse_target_text, past_period_opening
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nLê Văn Nam\n"


def _pieces(text: str, statement: bool = True) -> list[tuple[float, str, int | None]]:
    return [(p["value"], p["unit"], p["year"]) for p in parse_target_text(text, statement=statement)]


def test_facility_counting_words() -> None:
    """'trạm' and 'điểm' count the facility after them ('03 trạm quan trắc …' -> 'trạm', '2 điểm cấp nước' ->
    'điểm'); 'trạm bơm' and 'trạm sạc' are words of their own and stay whole."""
    assert _pieces("Lắp đặt 03 trạm quan trắc nước thải tự động.") == [(3, "trạm", None)]
    assert _pieces("Bố trí 2 điểm cấp nước an toàn tại mỗi cụm dân cư.") == [(2, "điểm", None)]
    assert _pieces("Đưa vào vận hành 3 trạm bơm tiêu úng.") == [(3, "trạm bơm", None)]


def test_an_announcement_run_on_into_its_items() -> None:
    """The items after 'như sau:' when the words before it announce targets and the first item's number follows; an
    announcement of tasks, or one with its items on lines of their own, gives none."""
    text = ("Điều 1. Giao chỉ tiêu giảm nghèo năm 2026 cho các xã như sau: 1. Giảm tỷ lệ hộ nghèo xuống còn 2,5%; "
            "2. Hỗ trợ 350 hộ thoát nghèo; 3. Lao động có việc làm chiếm 40% số lao động được hỗ trợ.")
    rest = inline_target_list(text)
    assert rest is not None and rest.startswith("1. Giảm")
    assert [(v, u) for v, u, _ in _pieces(rest)] == [(2.5, "%"), (350, "hộ"), (40, "%")]
    assert inline_target_list("Điều 1. Giao nhiệm vụ cho các sở như sau: 1. Sở Y tế kiểm tra 100% cơ sở.") is None
    assert inline_target_list("Điều 1. Giao chỉ tiêu năm 2026 cho các xã như sau:") is None


def test_a_target_line_naming_chi_tieu_is_no_heading() -> None:
    """'1. Giảm số mẫu … vi phạm chỉ tiêu an toàn xuống còn 3%.' is a line of the list, no heading of targets;
    '2. Chỉ tiêu cụ thể' and 'Các chỉ tiêu năm 2026' are headings."""
    assert _target_line("Giảm số mẫu thực phẩm vi phạm chỉ tiêu an toàn xuống còn 3%.")
    assert not _target_line("Chỉ tiêu cụ thể")
    assert not _target_line("Các chỉ tiêu năm 2026")


def test_a_loan_ceiling_and_a_below_threshold_are_no_targets() -> None:
    """'cho vay tối đa 100 triệu đồng/hộ' is money lent; 'các xã có tỷ lệ hộ nghèo dưới 50%' and 'ưu tiên các chợ có
    tỷ lệ mẫu đạt dưới 80%' say who is below a line; 'giảm tỷ lệ hộ nghèo xuống dưới 3%' and 'toàn tỉnh có … trên 80%'
    stay targets."""
    assert _pieces("Hộ nghèo được Ngân hàng Chính sách xã hội cho vay tối đa 100 triệu đồng/hộ.") == []
    assert _pieces("Các xã có tỷ lệ hộ nghèo dưới 50% so với năm 2025 được ưu tiên bố trí vốn.") == []
    assert _pieces("Hỗ trợ dụng cụ kiểm tra; ưu tiên các chợ có tỷ lệ mẫu đạt dưới 80%.") == []
    assert _pieces("Phấn đấu giảm tỷ lệ hộ nghèo xuống dưới 3%.") == [(3, "%", None)]
    assert _pieces("Phấn đấu toàn tỉnh có trên 80% số xã đạt chuẩn.") == [(80, "%", None)]


def test_a_past_month_or_quarter_opening() -> None:
    """A sentence opening on a month or quarter over at the issue date states results; the coming month's does not."""
    issue = dt.date(2026, 4, 6)
    assert past_period_opening("Trong tháng 3, toàn tỉnh thu gom được 1.240 tấn, đạt 86%.", issue)
    assert past_period_opening("1. Quý I/2026, tỷ lệ … đạt 80%.", issue)
    assert past_period_opening("Trong tháng qua, các xã đã …", issue)
    assert not past_period_opening("Trong tháng 4, các địa phương phấn đấu đạt 92%.", issue)
    assert not past_period_opening("Trong quý II, phấn đấu đạt 95%.", issue)
    assert not past_period_opening("Trong tháng 3, toàn tỉnh thu gom được 1.240 tấn.", None)


def test_a_decisions_run_on_article() -> None:
    """'Điều 1. Giao chỉ tiêu … như sau: 1. …; 2. …; 3. …' in a decision of December 2025 for 2026: three targets of
    2026; the loan's ceiling and the priority's threshold in the paragraph after it are none."""
    text = official_head("QUYẾT ĐỊNH", "1875/QĐ-UBND", "Về việc giao chỉ tiêu giảm nghèo năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH PHÚ THỌ", place="Phú Thọ", date="ngày 22 tháng 12 năm 2025") + (
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ\n\nQUYẾT ĐỊNH:\n\n"
        "Điều 1. Giao chỉ tiêu giảm nghèo năm 2026 cho Ủy ban nhân dân các xã như sau: 1. Giảm tỷ lệ hộ nghèo xuống "
        "còn 2,5%; 2. Hỗ trợ 350 hộ nghèo thoát nghèo; 3. Lao động có việc làm chiếm 40% số lao động được hỗ trợ.\n\n"
        "Hộ nghèo được cho vay tối đa 100 triệu đồng/hộ; các xã có tỷ lệ hộ nghèo dưới 50% được ưu tiên bố trí vốn.\n\n"
        "Điều 2. Sở Nội vụ chủ trì theo dõi việc thực hiện, báo cáo trước ngày 20/12/2026.\n" + _TAIL)
    assert target_tuples(extract_text(text)) == [(2.5, "%", 2026), (40, "%", 2026), (350, "hộ", 2026)]


def test_a_notices_opening_item_of_last_months_results() -> None:
    """A notice of April: '1. Trong tháng 3, … thu gom được 1.240 tấn …, đạt 86%. Trong tháng 4, … phấn đấu … đạt 92%
    và lắp đặt 03 trạm …': the coming month's figures are targets, the past month's none, and the item no task."""
    text = official_head("THÔNG BÁO", "214/TB-VP", "Kết luận của Phó Chủ tịch tại cuộc họp về chất thải rắn",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA\nVĂN PHÒNG", place="Thanh Hóa",
                         date="ngày 06 tháng 4 năm 2026") + (
        "Phó Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:\n\n"
        "1. Trong tháng 3, toàn tỉnh thu gom được 1.240 tấn chất thải rắn, tỷ lệ chất thải được xử lý đạt 86%. Trong "
        "tháng 4, các địa phương phấn đấu tỷ lệ chất thải được xử lý đạt 92% và lắp đặt 03 trạm quan trắc tự động.\n\n"
        "2. Giao Sở Nông nghiệp và Môi trường kiểm tra các bãi chôn lấp, báo cáo trước ngày 30/4/2026.\n" + _TAIL)
    ex = extract_text(text)
    assert target_tuples(ex) == [(3, "trạm", 2026), (92, "%", 2026)]
    assert [t["text"][:14] for t in ex.tasks] == ["Giao Sở Nông n"]


def test_a_plans_target_list_with_a_support_paragraph() -> None:
    """A plan's 'II. CHỈ TIÊU' whose first line names 'chỉ tiêu' inside its sentence: all three lines are targets; the
    paragraph of support money and a priority's threshold under them is no target, not even a qualitative one."""
    text = official_head("KẾ HOẠCH", "96/KH-UBND", "Bảo đảm an toàn thực phẩm tại chợ năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG THÁP", place="Đồng Tháp", date="ngày 18 tháng 3 năm 2026") + (
        "I. MỤC ĐÍCH, YÊU CẦU\n\nNâng cao chất lượng an toàn thực phẩm tại chợ.\n\nII. CHỈ TIÊU\n\n"
        "1. Giảm số mẫu thực phẩm vi phạm chỉ tiêu an toàn xuống còn 3%.\n"
        "2. Lắp đặt 04 điểm kiểm tra nhanh thực phẩm tại chợ đầu mối.\n"
        "3. Tiểu thương được tập huấn chiếm 60% tổng số tiểu thương.\n\n"
        "Cơ sở kinh doanh được hỗ trợ mua dụng cụ tối đa 5 triệu đồng/cơ sở; ưu tiên các chợ có tỷ lệ mẫu đạt dưới 80%.\n\n"
        "III. NHIỆM VỤ\n\n1. Sở Công Thương kiểm tra an toàn thực phẩm tại chợ, hoàn thành trước ngày 30/11/2026.\n" + _TAIL)
    assert target_tuples(extract_text(text)) == [(3, "%", 2026), (4, "điểm", 2026), (60, "%", 2026)]


def test_a_quarter_already_over_at_the_issue_in_roman_or_arabic_numerals() -> None:
    """'Trong quý II/2026, …' in an August letter states results; quý III is not over; a numeral past IV is no
    quarter (never over)."""
    import datetime as dt

    from extract.targets import past_period_opening

    issue = dt.date(2026, 8, 1)
    assert past_period_opening("Trong quý II/2026, toàn tỉnh thu được 5 tỷ đồng.", issue)
    assert past_period_opening("Quý 2, toàn tỉnh thu được 5 tỷ đồng.", issue)
    assert not past_period_opening("Trong quý III/2026, phấn đấu thu 5 tỷ đồng.", issue)
    assert not past_period_opening("Quý V, phấn đấu thu 5 tỷ đồng.", issue)
