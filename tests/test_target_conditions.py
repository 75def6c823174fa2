"""Targets in the kinds the newest held-out round missed (issue 11, the dv280-dv287 round): compound and rate units
('m3/ngày đêm'), counting words of two syllables ('02 nhà máy'), and figures that are no targets in a directive: a
condition's threshold ('khi nhiệt độ dưới 12 độ C') and a frequency after a bounded age ('từ 75 tuổi trở lên 01
lần/năm'). Each rule has its own case; the last ones go through the real extractor."""

from __future__ import annotations

from functools import partial

from extract.targets import parse_target_text
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn Bình\n"

_head = partial(official_head, issuer="ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG", place="Lâm Đồng",
                date="ngày 08 tháng 01 năm 2026")


def _units(text: str, statement: bool = True) -> list[tuple[float, str]]:
    return [(p["value"], p["unit"]) for p in parse_target_text(text, statement=statement)]


def test_a_symbol_with_its_power_and_a_rate_of_two_syllables() -> None:
    """'m3', 'km2' count as a measure's symbol does, and a rate's word of two syllables keeps both ('/ngày đêm')."""
    assert _units("Tổng công suất các nhà máy nước sạch đạt 185.000 m3/ngày đêm.") == [(185000, "m3/ngày đêm")]
    assert _units("Diện tích rừng phòng hộ được khoanh nuôi đạt 12 km2.") == [(12, "km2")]
    # a one-syllable rate stays as it was, a word after the rate is no part of it
    assert _units("Lượng hành khách đạt 2.400.000 lượt/năm.") == [(2400000, "lượt/năm")]
    assert _units("Thu nhập bình quân đạt 62 triệu đồng/năm trở lên.") == [(62, "triệu đồng/năm")]


def test_a_counting_word_of_two_syllables() -> None:
    """'02 nhà máy xử lý …' counts 'nhà máy', not 'nhà' (a known two-word unit)."""
    assert _units("Đưa vào vận hành thêm 02 nhà máy xử lý nước thải đô thị.") == [(2, "nhà máy")]


def test_a_condition_is_no_target() -> None:
    """A figure in a clause a 'khi'/'nếu' opens is a directive's threshold; a time's 'sau khi' opens no condition, and
    a clause after the condition's comma is read as before."""
    assert _units("Không thả rông gia súc khi nhiệt độ ngoài trời dưới 12 độ C, che chắn chuồng trại.") == []
    assert _units("Tạm dừng tiếp nhận người bệnh nếu công suất giường bệnh trên 95%.") == []
    assert _units("Tạm dừng tiếp nhận người bệnh, công suất giường bệnh trên 95%.") == [(95, "%")]
    assert _units("Khi có rét đậm, tỷ lệ trường được kiểm tra đạt 100%.") == [(100, "%")]
    assert _units("Phấn đấu sau khi tiếp nhận, 95% hồ sơ được giải quyết đúng hạn.") == [(95, "%")]
    assert _units("Phấn đấu giải quyết hồ sơ sau khi tiếp nhận đạt tối thiểu 95%.") == [(95, "%")]


def test_a_bound_after_a_figure_bounds_no_figure_after_it() -> None:
    """'từ 75 tuổi trở lên 01 lần/năm': the 'trở lên' bounds the age before it, the frequency after it is unbounded (no
    target outside a target statement); a figure with its own 'trở lên' keeps it."""
    text = "Khám sức khỏe cho người cao tuổi từ 75 tuổi trở lên 01 lần/năm."
    assert _units(text, statement=False) == []
    assert [p["comparator"] for p in parse_target_text("Tỷ lệ hài lòng đạt 95% trở lên.")] == [">="]


def test_a_directive_gives_its_strived_figures_not_its_thresholds() -> None:
    """A chỉ thị: items with thresholds, ages, a frequency and a phone number give no targets; the paragraph that
    strives for figures gives them, each a reduction of the document's year."""
    body = ("Để chủ động ứng phó với rét đậm, rét hại, Chủ tịch Ủy ban nhân dân tỉnh chỉ thị:\n\n"
            "1. Sở Nông nghiệp và Môi trường hướng dẫn người dân không thả rông gia súc khi nhiệt độ ngoài trời dưới "
            "12 độ C, hoàn thành trước ngày 15/01/2026.\n\n"
            "2. Sở Y tế khám sức khỏe cho người cao tuổi từ 75 tuổi trở lên 01 lần/năm, tiếp nhận thông tin qua đường "
            "dây nóng 0263.3822.115 thường xuyên.\n\n"
            "Phấn đấu năm 2026 giảm ít nhất 20% số gia súc bị chết do rét so với năm 2025.\n" + _TAIL)
    ex = extract_text(_head("CHỈ THỊ", "03/CT-UBND", "Về phòng, chống rét đậm, rét hại") + body, "ct")
    assert target_tuples(ex) == [(20, "%", 2026)]


def test_a_figure_keeps_the_year_of_its_own_clause() -> None:
    """Two phases in one sentence, the second figure's unit lost (OCR's '(ân.' for 'tấn'): the first figure keeps its
    own clause's period end, not the nearer one after the ';'."""
    text = "Giai đoạn 2025 - 2027, sản lượng cá tra nuôi đạt 620.000 tấn; giai đoạn 2028 - 2030 đạt 700.000 (ân."
    assert [(p["value"], p["year"]) for p in parse_target_text(text)] == [(620000, 2027)]
    whole = text.replace("(ân.", "tấn.")
    assert [(p["value"], p["year"]) for p in parse_target_text(whole)] == [(620000, 2027), (700000, 2030)]


def test_a_stray_full_stop_of_ocr_splits_no_condition() -> None:
    """OCR's stop at a line's end before a lower-case word ('khi nhiệt.' / 'độ dưới 10 độ C') leaves the condition
    whole, in the clause reader and in the letter's sentences; a stop before a capital still ends a sentence."""
    from extract.letters import _sentences

    assert _units("Cho học sinh nghỉ học khi nhiệt. độ dưới 10 độ C.") == []
    assert _sentences("Nghỉ học khi nhiệt. độ dưới 10 độ C. Phấn đấu 90%; năm 2026 đạt 95%.") == [
        "Nghỉ học khi nhiệt. độ dưới 10 độ C.", "Phấn đấu 90%;", "năm 2026 đạt 95%."]


def test_an_unbounded_figure_after_when_is_no_threshold() -> None:
    """'… khi tỷ lệ hộ nghèo là 12,5%' states a baseline, not a threshold (no comparator): read as before."""
    assert _units("Các chỉ tiêu trên tính trên số liệu năm 2025, khi tỷ lệ hộ nghèo là 12,5%.") == [(12.5, "%")]


def test_a_phase_column_whose_dash_ocr_lost_is_for_its_end_year() -> None:
    """A table of targets by phase: 'Giai đoạn 2026 - 2028' gives its end year, and so does the same header cell as OCR
    read it without its dash ('Giai đoạn 2026 2028'); a plain year column keeps its year."""
    head = official_head("KẾ HOẠCH", "77/KH-UBND", "Phát triển giao thông nông thôn giai đoạn 2026 - 2030",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG NAI", place="Đồng Nai", date="ngày 24 tháng 02 năm 2026")
    for period in ("Giai đoạn 2026 - 2028", "Giai đoạn 2026 2028"):
        body = ("I. MỤC TIÊU\n1. Chỉ tiêu\n"
                f"STT\tChỉ tiêu\tĐơn vị tính\t{period}\tGiai đoạn 2029 - 2030\n"
                "1\tĐường giao thông nông thôn được cứng hóa mới\tkm\t420\t300\n\n"
                "II. NHIỆM VỤ\n1. Sở Xây dựng chủ trì hướng dẫn thiết kế mẫu, hoàn thành trước ngày 30/6/2026.\n" + _TAIL)
        assert target_tuples(extract_text(head + body, "kh")) == [(300, "km", 2030), (420, "km", 2028)], period
