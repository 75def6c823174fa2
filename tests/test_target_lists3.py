"""Targets as the w2b round's kinds of misses state them (issue 11, the dv305-dv307 round): the figures listed after a
first one in the same sentence ('Giảm …%; cải tạo … km; xây mới … điểm', '… và có thêm …'), units of a measure per
person or per population kept whole ('giường bệnh/vạn dân', 'm² sàn/người'), the figure of the issue year beside a
later target of the same measure, a share of land a task sets aside, and the items of an article headed by the goals
alone. Each case goes through the real extractor."""

from __future__ import annotations

from extract.targets import current_figure, parse_target_text, plan_start
from tests.conftest import extract_text, official_head, target_tuples


def _units(text: str, statement: bool = False) -> list[tuple[float, str]]:
    return [(p["value"], p["unit"]) for p in parse_target_text(text, statement=statement)]


def test_units_per_person_or_population_are_kept_whole() -> None:
    """A rate per 'vạn dân' / 'nghìn dân' keeps both syllables; an area's measure keeps what it measures ('sàn')
    before its rate, in either spelling of the square metre."""
    assert _units("Phấn đấu đạt 40 giường bệnh/vạn dân.") == [(40, "giường bệnh/vạn dân")]
    assert _units("Số bác sĩ đạt 2 bác sĩ/nghìn dân.") == [(2, "bác sĩ/nghìn dân")]
    assert _units("Diện tích nhà ở bình quân đạt 28 m² sàn/người.") == [(28, "m² sàn/người")]
    assert _units("Diện tích nhà ở tối thiểu đạt 10 m2/người.") == [(10, "m2/người")]
    assert _units("Xây dựng 300 m2 nhà văn hóa.", statement=True) == [(300, "m2")]  # no rate: the measure alone


def test_figures_listed_after_a_first_one_in_the_same_sentence() -> None:
    """Outside a target list, a reduction's percentage opens a list whose ';' clauses each start with a verb and a
    count; a count after 'và' right after a reached count's unit, and one after 'và có thêm', are the list's too. A
    sentence whose first figure is no target (a task's '02 hội nghị') opens no list."""
    assert _units("Giảm 20% số vụ sạt lở bờ sông so với năm 2025; nâng cấp 30 km đê bao; trồng mới 8 ha rừng "
                  "phòng hộ.") == [(20, "%"), (30, "km"), (8, "ha")]
    assert _units("Mạng lưới y tế đạt 40 giường bệnh/vạn dân và 12 bác sĩ/vạn dân.") == [(40, "giường bệnh/vạn dân"),
                                                                        (12, "bác sĩ/vạn dân")]
    assert _units("100% trường học có nhà vệ sinh hợp vệ sinh và có thêm 12 trường đạt chuẩn quốc gia.") == [
        (100, "%"), (12, "trường")]
    assert _units("Tổ chức 02 hội nghị tập huấn; in 500 tờ rơi tuyên truyền.") == []
    # a ';' clause whose count stands far into it is a task's detail, not the list's next figure
    assert _units("Giảm 20% số vụ sạt lở; các xã ven sông tổ chức diễn tập tại 3 điểm xung yếu.") == [(20, "%")]


def test_a_share_of_land_a_task_sets_aside_is_no_target() -> None:
    """'bố trí tối thiểu 20% diện tích …', 'dành 25% quỹ đất cho …' set a share aside; a rate of green land to
    reach is a target."""
    assert _units("Chủ đầu tư bố trí tối thiểu 20% tổng diện tích đất ở để xây dựng nhà ở xã hội.") == []
    assert _units("Các dự án khu dân cư dành 25% quỹ đất cho công trình công cộng.") == []
    assert _units("Tỷ lệ đất cây xanh đô thị đạt 20% diện tích đất xây dựng.") == [(20, "%")]


def test_the_figure_of_the_issue_year_beside_a_later_target() -> None:
    """In a document issued before the year its plan starts (plan_start: the first year of its title), the issue
    year's figure of the same unit or rate beside a target for a later year is where the indicator stands; in a plan
    issued in its first year ('Năm 2026 đạt 80%; năm 2028 đạt 95%'), or of another measure, it stays."""
    later = [{"unit": "m² sàn/người", "year": None}]
    assert plan_start({"subject": "Về phát triển nhà ở giai đoạn 2026 - 2030"}) == 2026
    assert plan_start({"subject": "Về phát triển nhà ở"}) is None
    assert current_figure({"unit": "m²/người", "year": 2025}, later, 2025, 2030, 2026)
    assert current_figure({"unit": "m²/người", "year": 2025}, [{"unit": "m2/người", "year": 2030}], 2025, None, 2026)
    assert not current_figure({"unit": "m²/người", "year": 2025}, later, 2025, 2030, 2025)  # issued in its first year
    assert not current_figure({"unit": "m²/người", "year": 2025}, later, 2025, 2030, None)
    assert not current_figure({"unit": "m²/người", "year": 2025}, later, 2025, 2025, 2026)
    assert not current_figure({"unit": "%", "year": 2025}, later, 2025, 2030, 2026)
    assert not current_figure({"unit": "%", "year": 2026}, [{"unit": "%", "year": 2028}], 2026, None, 2026)


def test_goal_article_of_a_resolution() -> None:
    """'Điều 1. Mục tiêu đến năm 2030' over numbered items: each item's figures are targets of 2030 (a bare count
    too), none a task; the issue year's figure beside a target is none, nor does its year pass to the next sentence;
    a support rate and the budget under a table are none."""
    body = ("QUYẾT NGHỊ:\n\nĐiều 1. Mục tiêu đến năm 2030\n\n"
            "1. Về y tế: đạt 40 giường bệnh/vạn dân và 12 bác sĩ/vạn dân; năm 2025 đạt 31 giường bệnh/vạn dân.\n\n"
            "2. Về nhà ở: diện tích nhà ở bình quân đạt 28 m² sàn/người; năm 2025 đạt 23 m²/người. Diện tích nhà ở "
            "tối thiểu đạt 10 m2/người.\n\n"
            "3. Xây dựng 4.000 căn hộ nhà ở xã hội.\n\n"
            "Điều 2. Nhiệm vụ, giải pháp\n\n"
            "1. Ủy ban nhân dân tỉnh chỉ đạo chủ đầu tư dự án nhà ở thương mại bố trí tối thiểu 20% tổng diện tích đất "
            "ở để xây dựng nhà ở xã hội.\n\n"
            "2. Thực hiện mức hỗ trợ 2 triệu đồng/người cho cộng tác viên dân số.\n\n"
            "Tổng kinh phí thực hiện giai đoạn 2026 - 2030 là 3.800 tỷ đồng.\n\n"
            "Điều 3. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.\n")
    tail = "\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nPhạm Văn Sơn\n"
    ex = extract_text(official_head("NGHỊ QUYẾT", "52/NQ-HĐND", "Về phát triển y tế và nhà ở giai đoạn 2026 - 2030",
                                    issuer="HỘI ĐỒNG NHÂN DÂN\nTỈNH GIA LAI", place="Gia Lai",
                                    date="ngày 10 tháng 12 năm 2025") + body + tail, "nq")
    assert target_tuples(ex) == [(10, "m2/người", 2030), (12, "bác sĩ/vạn dân", 2030), (28, "m² sàn/người", 2030),
                                 (40, "giường bệnh/vạn dân", 2030), (4000, "căn hộ", 2030)]
    assert not any(t["text"].startswith(("Về y tế", "Về nhà ở", "Xây dựng 4.000")) for t in ex.tasks)


def test_a_sentences_own_year_does_not_pass_to_the_next_sentence() -> None:
    """A year named in a sentence with its own figure stays that sentence's; a sentence naming only the year gives it
    to the figures of the sentences after it."""
    assert [p["year"] for p in parse_target_text(
        "Năm 2025 đạt 23 m²/người. Diện tích nhà ở tối thiểu đạt 10 m2/người.", statement=False)] == [2025, None]
    assert [p["year"] for p in parse_target_text(
        "Đến năm 2028, thương mại điện tử là kênh phân phối chính. Doanh số bán lẻ trực tuyến tăng bình quân 20%/năm; "
        "80% doanh nghiệp sử dụng hóa đơn điện tử.", statement=False)] == [2028, 2028]
