"""Targets in the kinds the held-out rounds still missed (issue 11, the dv294-dv301 round): the year of a figure when
its sentence parts two horizons ('…, trong đó năm 2027 …'), results that are no targets (a part that reports results,
'đã cấp …', a bracketed past figure, a results table compared with its plan), figures that are no values (a rating, a
topic heading, the measure a figure is given per) and targets formerly missed (counting words of three syllables,
yields, durations). Each rule has its own case; the last ones go through the real extractor."""

from __future__ import annotations

from functools import partial

from extract.targets import parse_target_text, without_past
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn An\n"

_head = partial(official_head, issuer="ỦY BAN NHÂN DÂN\nTỈNH TÂY NINH", place="Tây Ninh",
                date="ngày 12 tháng 12 năm 2025")


def _pieces(text: str, statement: bool = True) -> list[tuple[float, str, int | None]]:
    return [(p["value"], p["unit"], p["year"]) for p in parse_target_text(text, statement=statement)]


def test_a_counting_word_of_three_syllables() -> None:
    """Three syllables each bound to the next make the counting word ('câu lạc bộ', 'giấy chứng nhận', 'hợp tác xã');
    a third that makes a stronger word with the next stays out ('02 cơ sở dữ liệu' keeps 'cơ sở'), and so does a
    weak one ('18 cống ngăn mặn' keeps its two)."""
    assert _pieces("Thành lập mới 20 câu lạc bộ khuyến nông cộng đồng.") == [(20, "câu lạc bộ", None)]
    assert _pieces("Cấp mới ít nhất 350 giấy chứng nhận sản phẩm an toàn.") == [(350, "giấy chứng nhận", None)]
    assert _pieces("Thành lập mới 150 hợp tác xã nông nghiệp.") == [(150, "hợp tác xã", None)]
    assert _pieces("Xây dựng 02 cơ sở dữ liệu chuyên ngành.") == [(2, "cơ sở", None)]
    # ('ngăn mặn' what the sluice is for, the word its second syllable makes: 'cống', as ds293's gold)
    assert _pieces("Xây dựng mới 18 cống ngăn mặn.") == [(18, "cống", None)]


def test_a_noun_spelled_like_a_grammar_word_and_a_measure_the_model_lacks() -> None:
    """'12 mã số vùng trồng' counts 'mã số' ('mã' folds onto 'mà'); '58 tạ/ha' is a measure with its rate."""
    assert _pieces("Cấp 12 mã số vùng trồng cho các hợp tác xã.") == [(12, "mã số", None)]
    assert _pieces("Năng suất lúa bình quân đạt 58 tạ/ha.", statement=False) == [(58, "tạ/ha", None)]
    assert _pieces("Phấn đấu hoàn thành 5 mà không để chậm trễ.") == []  # the grammar word itself is still none


def test_a_rating_or_grade_is_no_value() -> None:
    """'hạng 4 sao', '3 sao' rate what the figure counts; a number after a grade word ('hạng', 'loại') is none."""
    assert _pieces("Có thêm 12 cơ sở lưu trú được công nhận hạng 4 sao trở lên.") == [(12, "cơ sở", None)]
    assert _pieces("Số sản phẩm OCOP đạt 3 sao trở lên được công nhận mới: 25 sản phẩm.") == [(25, "sản phẩm", None)]
    assert _pieces("Phấn đấu có 2 bệnh viện hạng 1 mới.") == [(2, "bệnh viện", None)]


def test_the_measure_a_figure_is_given_per_is_no_target() -> None:
    """'trên 01 ha … đạt 130 triệu đồng': the one hectare is what the figure is given per; a count of one with no figure
    after it in its clause is still a target, and so is 'trên 1 triệu lượt' (a bound, no figure after it)."""
    assert _pieces("Giá trị sản phẩm thu hoạch trên 01 ha đất trồng trọt đạt 130 triệu đồng.") == [
        (130, "triệu đồng", None)]
    assert _pieces("Thu nhập bình quân trên 01 hộ đạt 180 triệu đồng/năm.") == [(180, "triệu đồng/năm", None)]
    assert _pieces("Phấn đấu đón trên 1 triệu lượt khách.") == [(1, "triệu lượt", None)]
    assert _pieces("Giá trị trên 01 ha đất trồng trọt; tổ chức 2 hội nghị.") == [(1, "ha", None), (2, "hội nghị", None)]


def test_a_duration_brought_down_or_bounded_is_a_target() -> None:
    """A time the clause names brought down to ('xuống còn 2,2 ngày', 'giảm còn 25 phút') or bounded ('không quá 5
    ngày') is a figure to reach; a deadline, a response time or an age is none."""
    assert _pieces("Rút ngắn thời gian giải quyết trung bình một hồ sơ xuống còn 2,2 ngày.") == [(2.2, "ngày", None)]
    assert _pieces("Thời gian thông quan trung bình giảm còn 25 phút.", statement=False) == [(25, "phút", None)]
    assert _pieces("Thời gian giải ngân vốn vay không quá 5 ngày.", statement=False) == [(5, "ngày", None)]
    assert _pieces("Báo cáo kết quả trong 15 ngày.") == []
    assert _pieces("Thời gian phản hồi trong vòng 48 giờ.") == []
    assert _pieces("Tiêm chủng cho trẻ dưới 6 ngày tuổi.") == []
    assert _pieces("Còn 3 ngày nữa thì hết hạn.") == []  # no time the clause names


def test_a_bracketed_past_figure_is_no_piece() -> None:
    """'2.100 hộ (năm 2025 thực hiện 1.850 hộ)': the bracket's figure and year are the past's; offsets are kept, and a
    bracket that holds a unit or a horizon stays."""
    text = "Số hộ thoát nghèo: 2.100 hộ (năm 2025 thực hiện 1.850 hộ)."
    assert len(without_past(text)) == len(text) and "1.850" not in without_past(text)
    assert _pieces(text) == [(2100, "hộ", None)]
    assert without_past("Kim ngạch xuất khẩu (triệu USD): 1.450") == "Kim ngạch xuất khẩu (triệu USD): 1.450"
    assert without_past("đạt 95% (đến năm 2030 đạt 100%)") == "đạt 95% (đến năm 2030 đạt 100%)"


def test_a_figure_takes_no_year_across_a_part_of_its_sentence() -> None:
    """'Giai đoạn 2026 - 2030, … 12%/năm, trong đó năm 2027 đạt 10%': the period's figure keeps the period's end, the
    part after 'trong đó' its own year; a figure whose part names none takes none from another part (its heading's)."""
    text = "Giai đoạn 2026 - 2030, doanh thu du lịch tăng bình quân 12%/năm, trong đó năm 2027 đạt 10%. Năm 2028 đạt 11%."
    assert _pieces(text) == [(12, "%/năm", 2030), (10, "%", 2027), (11, "%", 2028)]
    text = ("Thành lập mới 150 hợp tác xã, trong đó năm 2026 thành lập 30 hợp tác xã. Đến cuối năm 2026, có 40% hợp tác "
            "xã ứng dụng công nghệ số; đến năm 2030 có 80% hợp tác xã ứng dụng.")
    assert _pieces(text) == [(150, "hợp tác xã", None), (30, "hợp tác xã", 2026), (40, "%", 2026), (80, "%", 2030)]


def test_a_report_gives_next_years_targets_not_its_results() -> None:
    """A báo cáo: its results part ('1. Kết quả thực hiện các chỉ tiêu', a 'Về …:' heading, a results table compared
    with its plan) gives no targets; its 'PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026' part gives them for 2026, a topic heading
    among them none."""
    body = ("I. KẾT QUẢ THỰC HIỆN NĂM 2025\n1. Kết quả thực hiện các chỉ tiêu\n"
            "Năm 2025, toàn tỉnh đã cấp 412 giấy chứng nhận, năng suất lúa bình quân đạt 57,2 tạ/ha.\n"
            "STT\tChỉ tiêu\tĐơn vị tính\tKế hoạch năm 2025\tThực hiện\tSo sánh (%)\n"
            "1\tSố cuộc kiểm tra vật tư nông nghiệp\tcuộc\t120\t134\t111,7\n\n"
            "II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026\n1. Các chỉ tiêu chủ yếu\n"
            "- Năng suất lúa bình quân đạt 58 tạ/ha;\n- Về chăn nuôi, thú y:\n"
            "+ Tỷ lệ tiêm phòng cho đàn trâu, bò đạt trên 85%.\n"
            "2. Nhiệm vụ, giải pháp\na) Sở Nông nghiệp và Môi trường chủ trì hướng dẫn các xã, hoàn thành trước ngày "
            "30/6/2026.\n" + _TAIL)
    ex = extract_text(_head("BÁO CÁO", "512/BC-UBND", "Kết quả thực hiện nhiệm vụ nông nghiệp năm 2025") + body, "bc")
    assert target_tuples(ex) == [(58, "tạ/ha", 2026), (85, "%", 2026)]


def test_a_results_table_with_its_plan_gives_no_targets_anywhere() -> None:
    """'Kế hoạch năm 2026 | Thực hiện | Tỷ lệ (%)' outside a results part: the plan column is the plan reported on;
    without the comparison column the plan column is still read (a plan beside an estimate)."""
    for cmp_col, want in (("\tTỷ lệ (%)", []), ("", [(60, "cuộc", 2026)])):
        body = ("1. Các chỉ tiêu\n"
                f"STT\tChỉ tiêu\tĐơn vị tính\tKế hoạch năm 2026\tThực hiện{cmp_col}\n"
                f"1\tSố cuộc kiểm tra\tcuộc\t60\t34{chr(9) + '56,7' if cmp_col else ''}\n\n" + _TAIL)
        ex = extract_text(_head("BÁO CÁO", "15/BC-UBND", "Tình hình thực hiện nhiệm vụ 6 tháng đầu năm 2026")
                          .replace("ngày 12 tháng 12 năm 2025", "ngày 22 tháng 6 năm 2026") + body, "bc")
        assert target_tuples(ex) == want, cmp_col


def test_an_assessment_article_of_a_resolution_gives_no_targets() -> None:
    """A nghị quyết HĐND's 'Điều 1. Đánh giá …' states the year's results ('Năm 2025, … đã kết nối …'): no targets; its
    next article's targets are read, a rating among them no value."""
    body = ("QUYẾT NGHỊ:\n\nĐiều 1. Đánh giá tình hình thực hiện năm 2025\n\n"
            "Năm 2025, toàn tỉnh đón khoảng 4,2 triệu lượt khách; 100% sở, ban, ngành đã kết nối dữ liệu du lịch.\n\n"
            "Điều 2. Mục tiêu, chỉ tiêu chủ yếu năm 2026\n\n1. Các chỉ tiêu chủ yếu\n"
            "- Có thêm 12 cơ sở lưu trú được công nhận hạng 4 sao trở lên;\n- Doanh thu du lịch đạt 6.500 tỷ đồng.\n\n"
            "Điều 3. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.\n" + _TAIL)
    head = official_head("NGHỊ QUYẾT", "47/NQ-HĐND", "Về kế hoạch phát triển du lịch năm 2026",
                         issuer="HỘI ĐỒNG NHÂN DÂN\nTỈNH KHÁNH HÒA", place="Khánh Hòa", date="ngày 09 tháng 12 năm 2025")
    assert target_tuples(extract_text(head + body, "nq")) == [(12, "cơ sở", 2026), (6500, "tỷ đồng", 2026)]


def test_a_line_that_announces_items_with_a_year_gives_them_its_year() -> None:
    """'Các chỉ tiêu khác năm 2026:' in a plan of 2026 - 2028 announces the items under it for 2026 (not the period's
    end) and is no target itself; a plain sentence after the items is out of its reach."""
    head = official_head("KẾ HOẠCH", "64/KH-UBND", "Phát triển du lịch cộng đồng giai đoạn 2026 - 2028",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NINH", place="Quảng Ninh", date="ngày 05 tháng 3 năm 2026")
    body = ("I. MỤC TIÊU\n1. Mục tiêu cụ thể\n"
            "Đến năm 2028, có 15 làng du lịch cộng đồng đạt chuẩn.\n"
            "Các chỉ tiêu khác năm 2026:\n- Đào tạo 500 lao động làm du lịch cộng đồng;\n- Tỷ lệ hộ có doanh thu ổn định đạt 60%.\n"
            "Tỷ lệ khách quay lại đạt 30%.\n\n"
            "II. NHIỆM VỤ\n1. Sở Văn hóa, Thể thao và Du lịch chủ trì xây dựng bộ tiêu chí, hoàn thành trước ngày 30/5/2026.\n"
            + _TAIL)
    assert target_tuples(extract_text(head + body, "kh")) == [(15, "làng", 2028), (30, "%", 2028), (60, "%", 2026),
                                                               (500, "lao động", 2026)]


def test_a_results_table_ocr_ran_together_gives_no_targets() -> None:
    """The same results table as OCR reads it, cells run together ('… Kế hoạch năm 2025 Thực hiện So sánh (%)'): no
    targets from its rows; a plan's table by year read so still gives its figures."""
    head = _head("BÁO CÁO", "512/BC-UBND", "Kết quả thực hiện nhiệm vụ nông nghiệp năm 2025")
    rows = "1 Số cuộc kiểm tra vật tư nông nghiệp cuộc 120 134 111,7\n2 Số hộ được hỗ trợ hộ 2.000 2.350 117,5\n\n"
    body = ("1. Kết quả thực hiện một số chỉ tiêu\nSTT Chỉ tiêu Đơn vị tính Kế hoạch năm 2025 Thực hiện So sánh (%)\n" + rows
            + "2. Nhiệm vụ\na) Sở Tài chính chủ trì bố trí kinh phí, hoàn thành trước ngày 30/6/2026.\n" + _TAIL)
    assert target_tuples(extract_text(head + body, "bc")) == []
    # the header's year wrapped onto the line below it, a wrapped comparison column
    body = ("1. Kết quả thực hiện một số chỉ tiêu\nSTT Chỉ tiêu Đơn vị tính Kế hoạch năm Thực hiện 6 tháng Tỷ lệ so với "
            "kế hoạch\n2025 (%)\n" + rows.replace(" 111,7", " 55,8").replace(" 117,5", " 58,7")
            + "2. Nhiệm vụ\na) Sở Tài chính chủ trì bố trí kinh phí, hoàn thành trước ngày 30/6/2026.\n" + _TAIL)
    assert target_tuples(extract_text(head + body, "bc")) == []
    body = ("1. Chỉ tiêu\nSTT Chỉ tiêu Đơn vị tính Năm 2026 Năm 2027\n1 Số cuộc kiểm tra vật tư nông nghiệp cuộc 120 134\n\n"
            "2. Nhiệm vụ\na) Sở Tài chính chủ trì bố trí kinh phí, hoàn thành trước ngày 30/6/2026.\n" + _TAIL)
    assert target_tuples(extract_text(head.replace("BÁO CÁO", "KẾ HOẠCH") + body, "kh")) == [
        (120, "cuộc", 2026), (134, "cuộc", 2027)]
