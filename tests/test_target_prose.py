"""Targets read from prose in the kinds the newest held-out round missed (issue 11, round xtgt11, batch 63): 'tuyến'
as a counting word ('15 tuyến đường' -> 'tuyến'), a working day as a duration's unit ('không quá 05 ngày làm việc'),
a clause that names whom a rule is for by a figure ('đối với xã có trên 50% …', 'hộ có trên 50% …': no target, nor
its year the next clause's), the year after the issue's named without its number ('Năm tới, xã phấn đấu …') and a
rate inside a directive's numbered task. Each rule has its own case; the last ones go through the real extractor."""

from __future__ import annotations

from extract.targets import NEXT_YEAR, parse_target_text, without_conditions
from normalize.text import fold
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nLò Văn Minh\n"


def _pieces(text: str, statement: bool = True) -> list[tuple[float, str, int | None]]:
    return [(p["value"], p["unit"], p["year"]) for p in parse_target_text(text, statement=statement)]


def test_tuyen_counts_the_road_after_it() -> None:
    """'tuyến' is the counting word of roads, streets and lanes: the unit alone, whatever road it counts; a counting
    word of two syllables that make one word ('trạm bơm') keeps both."""
    assert _pieces("Phấn đấu hoàn thành cứng hóa 15 tuyến đường liên thôn.") == [(15, "tuyến", None)]
    assert _pieces("Phấn đấu thay thế 25 tuyến phố chiếu sáng bằng đèn LED.") == [(25, "tuyến", None)]
    assert _pieces("Phấn đấu đưa vào vận hành 3 trạm bơm tiêu úng.") == [(3, "trạm bơm", None)]


def test_a_working_day_is_a_durations_unit() -> None:
    """A time limit in working days keeps its 'làm việc' ('không quá 05 ngày làm việc' -> 'ngày làm việc'), a calendar
    day stays 'ngày'; a deadline 'trong 05 ngày làm việc kể từ …' is none."""
    assert _pieces("Thời gian giải quyết hồ sơ rút ngắn còn không quá 07 ngày làm việc.") == [(7, "ngày làm việc", None)]
    assert _pieces("Bảo đảm thời gian giải quyết thủ tục không quá 05 ngày.") == [(5, "ngày", None)]
    assert _pieces("Gửi báo cáo trong 05 ngày làm việc kể từ ngày nhận được văn bản.", statement=False) == []


def test_a_condition_clause_gives_no_figure_nor_year() -> None:
    """'đối với xã có trên 50% …' names the communes a rule is for: no target; its year ('trong năm 2025') is no year
    of the target in the clause after it, which keeps its own; an 'đối với' clause naming no figure it has is read as
    before."""
    assert _pieces("Vận động nhân dân hiến đất; đối với xã có trên 50% số tuyến đường chưa được cứng hóa, ưu tiên "
                   "bố trí vốn ngân sách xã.") == []
    assert _pieces("Đối với xã có từ 05 vụ tai nạn giao thông trở lên trong năm 2025, xây dựng kế hoạch khắc phục, "
                   "giảm 26,5% số vụ tai nạn giao thông.") == [(26.5, "%", None)]
    assert _pieces("Đối với trẻ em dưới 1 tuổi, tỷ lệ tiêm chủng đầy đủ đạt 95% trong năm 2026.") == [(95, "%", 2026)]
    text = "Trường hợp xã có trên 30% hồ sơ trễ hạn năm 2025, Chủ tịch xã kiểm điểm."
    assert fold(without_conditions(text)).strip() == ", chu tich xa kiem diem." and len(without_conditions(text)) == len(text)


def test_a_holder_with_a_bounded_figure_is_whom_a_rule_is_for() -> None:
    """'hộ có trên 50% diện tích … được hỗ trợ …': the threshold of a support, no target; a target's 'toàn tỉnh có
    trên 80% …' names no holder and stays."""
    assert _pieces("Hộ có trên 50% diện tích đất lúa chuyển đổi được ưu tiên vay vốn.") == []
    assert _pieces("Phấn đấu toàn tỉnh có trên 80% số xã đạt chuẩn.") == [(80, "%", None)]


def test_next_year_named_without_its_number() -> None:
    """'năm tới' is the year after the issue's; 'những năm tới', the years ahead, is none."""
    assert NEXT_YEAR.search(fold("phấn đấu năm tới đưa tỷ lệ hộ nghèo xuống dưới 5%"))
    assert not NEXT_YEAR.search(fold("trong những năm tới, tỷ lệ …"))


def test_a_reports_coming_year_without_its_number() -> None:
    """A commune's report of December 2025: 'Năm tới, xã phấn đấu … đạt 92%, xây dựng mới 3 trạm …' under its part
    for the next year, and a strive clause after a results clause ('…; phấn đấu năm tới … xuống dưới 5%') under its
    results part, are targets of 2026; the results before them are none."""
    text = official_head("BÁO CÁO", "318/BC-UBND", "Kết quả thực hiện năm 2025 và nhiệm vụ năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nXÃ NA SẦM", place="Na Sầm", date="ngày 15 tháng 12 năm 2025") + (
        "I. KẾT QUẢ THỰC HIỆN NĂM 2025\n\nNăm 2025, xã đã xây dựng 2 trạm cấp nước, tỷ lệ hộ dân sử dụng nước sạch "
        "đạt 87,5%.\n\nTỷ lệ hộ nghèo giảm còn 6,8%, giảm 2,1% so với năm 2024; phấn đấu năm tới đưa tỷ lệ hộ nghèo "
        "xuống dưới 5%.\n\nII. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026\n\nNăm tới, xã phấn đấu tỷ lệ hộ dân sử dụng nước sạch "
        "đạt 92%, xây dựng mới 3 trạm cấp nước tập trung tại các thôn vùng cao.\n" + _TAIL)
    assert target_tuples(extract_text(text)) == [(3, "trạm", 2026), (5, "%", 2026), (92, "%", 2026)]


def test_a_rate_in_a_directives_task_after_a_condition() -> None:
    """A directive's numbered task that sets a rate after a condition's clause ('đối với xã có từ 05 vụ … trở lên
    trong năm 2025, …, giảm 26,5% số vụ …'): a target of the directive's year, the condition's figure and year none;
    a rate the task is to keep ('bảo đảm tỷ lệ … đạt 97%') is one too."""
    text = official_head("CHỈ THỊ", "03/CT-UBND", "Về tăng cường bảo đảm trật tự, an toàn giao thông năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH SƠN LA", place="Sơn La", date="ngày 20 tháng 01 năm 2026") + (
        "Để kéo giảm tai nạn giao thông, Chủ tịch Ủy ban nhân dân tỉnh chỉ thị:\n\n"
        "1. Công an tỉnh chủ trì tuần tra, kiểm soát; bảo đảm tỷ lệ người đội mũ bảo hiểm đúng quy cách đạt 97%.\n\n"
        "2. Ủy ban nhân dân các xã, phường lắp đặt biển báo; đối với xã có từ 05 vụ tai nạn giao thông trở lên trong "
        "năm 2025, xây dựng kế hoạch khắc phục, giảm 26,5% số vụ tai nạn giao thông trên địa bàn.\n" + _TAIL)
    assert target_tuples(extract_text(text)) == [(26.5, "%", 2026), (97, "%", 2026)]


def test_a_subject_that_says_cung_hoa_is_no_motto() -> None:
    """A letter's 'V/v' subject on rural roads ('… cứng hóa đường …') is read whole: the motto the left column stops at
    ('CỘNG HÒA …', folded as 'cứng hóa' is) is printed in capitals."""
    from extract.letterhead import left_column

    assert left_column("đẩy nhanh tiến độ cứng hóa đường giao thông nông thôn năm 2026") == (
        "đẩy nhanh tiến độ cứng hóa đường giao thông nông thôn năm 2026")
    assert left_column("Số: 12/UBND-KT          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == "Số: 12/UBND-KT"


_LETTER = ("ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\nSỞ NỘI VỤ\n\nSố: 210/SNV-CCHC\nV/v triển khai nhiệm vụ năm 2026\n\n"
           "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nHà Tĩnh, ngày 10 tháng 02 năm 2026\n\n"
           "Kính gửi: Ủy ban nhân dân các xã, phường.\n\n")
_ITEMS = "\n\n1. Rà soát quy trình nội bộ, gửi về Sở trước ngày 15/3/2026.\n\n2. Niêm yết công khai thủ tục hành chính.\n"
_LETTER_TAIL = "\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nGIÁM ĐỐC\n\nLê Văn Hòa\n"


def _letter_targets(opening: str) -> list[tuple[float, str, int]]:
    return target_tuples(extract_text(_LETTER + opening + _ITEMS + _LETTER_TAIL))


def test_a_strive_inside_a_letters_opening_sentence() -> None:
    """'Sở đề nghị các xã phấn đấu trong năm 2026 …': a 'phấn đấu' inside the clause, after its subject, sets the
    counts after it; a past 'đã nỗ lực phấn đấu' does not."""
    assert _letter_targets("Sở đề nghị các xã phấn đấu trong năm 2026 xây dựng 5 điểm bưu điện văn hóa và 12 tuyến "
                           "đường giao thông nông thôn, thực hiện các nội dung sau:") == [
        (5, "điểm", 2026), (12, "tuyến", 2026)]
    assert _letter_targets("Năm 2025, các xã đã nỗ lực phấn đấu hoàn thành 12 tuyến đường giao thông nông thôn. Sở đề "
                           "nghị các xã thực hiện các nội dung sau:") == []


def test_a_goals_share_or_a_share_to_ensure_opening_a_clause() -> None:
    """'… nhằm đạt mục tiêu 98% … và 85% …, cụ thể như sau:' and 'Thực hiện …, bảo đảm đến hết năm 2026 có 90% …,
    Sở … đề nghị:': the shares a letter's opening sets."""
    assert _letter_targets("Sở Nội vụ hướng dẫn triển khai số hóa hồ sơ năm 2026 nhằm đạt mục tiêu 98% hồ sơ được số "
                           "hóa và 85% kết quả được cấp bản điện tử, cụ thể như sau:") == [(85, "%", 2026), (98, "%", 2026)]
    assert _letter_targets("Thực hiện Kế hoạch của Ủy ban nhân dân tỉnh, bảo đảm đến hết năm 2026 có 90% người dân "
                           "trưởng thành sử dụng dịch vụ công trực tuyến, Sở Nội vụ đề nghị:") == [(90, "%", 2026)]


def test_a_budgets_split_is_no_target() -> None:
    """'Kinh phí …, trong đó ngân sách trung ương 55%, ngân sách tỉnh 45%': shares of the money, not figures to
    reach; a rate's 'tỷ lệ giải ngân vốn … đạt 95%' is one."""
    assert _pieces("Kinh phí thực hiện 520 tỷ đồng, trong đó ngân sách trung ương 55%, ngân sách tỉnh 45%.") == []
    assert _pieces("Nguồn vốn: vốn lồng ghép và vốn của người dân 40%.") == []
    assert _pieces("Phấn đấu tỷ lệ giải ngân vốn đầu tư công đạt 95%.") == [(95, "%", None)]


def test_the_issue_years_figure_before_a_strive_clause_is_a_result() -> None:
    """'Năm 2025, tỷ lệ … đạt 93,1%; năm 2026, phấn đấu đạt 95%' in a letter of December 2025: the year is ending,
    its figure a result; the strive clause's the target."""
    text = (_LETTER.replace("ngày 10 tháng 02 năm 2026", "ngày 20 tháng 12 năm 2025") + "Năm 2025, tỷ lệ người dân "
            "tham gia bảo hiểm y tế đạt 93,1%; năm 2026, phấn đấu đạt 95%." + _ITEMS + _LETTER_TAIL)
    assert target_tuples(extract_text(text)) == [(95, "%", 2026)]


def test_a_conditions_time_is_no_deadline() -> None:
    """'…; đối với xã có từ 05 vụ … trở lên trong năm 2025, xây dựng kế hoạch …': the condition's year is no deadline
    of the task; a deadline after the condition's clause, or in a clause that names no figure ('Đối với các cơ quan
    có liên quan báo cáo trước ngày …'), is read as before."""
    from extract.deadlines import find_deadline

    assert find_deadline("Các xã kiểm tra biển báo; đối với xã có từ 05 vụ tai nạn giao thông trở lên trong năm "
                         "2025, xây dựng kế hoạch khắc phục.") is None
    assert find_deadline("Đối với xã có trên 30% hồ sơ trễ hạn, báo cáo trước ngày 10/3/2026.") == "trước ngày 10/3/2026"
    assert find_deadline("Đối với các cơ quan có liên quan báo cáo trước ngày 10/3/2026.") == "trước ngày 10/3/2026"


def test_support_given_and_an_expected_output_are_no_targets() -> None:
    """A support's money and share ('hỗ trợ 50% chi phí mua giống, tối đa 10 triệu đồng/ha; hỗ trợ lãi suất
    3%/năm') and an output a résumé expects ('Hiệu quả dự kiến: … bình quân đạt 142 triệu đồng/ha/năm') are none; the
    same value per area set as a goal is a target."""
    assert _pieces("Chính sách: hỗ trợ 50% chi phí mua giống, tối đa 10 triệu đồng/ha; hỗ trợ lãi suất 3%/năm.") == []
    assert _pieces("Hiệu quả dự kiến: giá trị sản xuất trên diện tích chuyển đổi bình quân đạt 142 triệu đồng/ha/năm.") == []
    assert _pieces("Mục tiêu: đến năm 2030 giá trị sản xuất trên diện tích chuyển đổi đạt 142 triệu đồng/ha/năm.") == [
        (142, "triệu đồng/ha/năm", 2030)]
    assert _pieces("Phấn đấu bảo đảm hỗ trợ 100% học sinh khó khăn được cấp sách giáo khoa.") == [(100, "%", None)]
