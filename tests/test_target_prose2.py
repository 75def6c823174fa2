"""Targets in prose (issue 11, round xtgt13, batch 79): the works a sentence sets for the year it opens with ('Trong
năm 2026, … cải tạo 12 tuyến đường, nạo vét 85 km kênh …') after a notice's results, a requirement that opens on a
bounded share ('Tối thiểu 95% hồ sơ …') in a guide, and the works a resolution's goal item sets for a phase ('Giai
đoạn 2026 - 2030, xây mới 460 phòng học …'). Each rule has its own case; the last ones go through the real
extractor."""

from __future__ import annotations

from extract.targets import target_sentences, year_statement
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nLê Văn Nam\n"


def test_a_years_sentence_of_works_opening_with_trong() -> None:
    """'Trong năm 2026, …' opens on its year as 'Năm 2026, …' does; its works' counts are the year's targets, an
    activity's count is not, and a past year's sentence is none."""
    works = "Trong năm 2026, các xã tập trung cải tạo 12 tuyến đường nội đồng, nạo vét 85 km kênh tưới tiêu."
    assert year_statement(works, 2026)
    assert year_statement("Năm 2026, xây dựng 3 trạm bơm điện tại các vùng hạn hán.", 2026)
    assert not year_statement("Trong năm 2026, tổ chức 10 lớp tập huấn cho cán bộ xã.", 2026)
    assert not year_statement("Trong năm 2025, các xã đã nạo vét 62 km kênh.", 2026)
    assert target_sentences("Năm 2025, các xã đã nạo vét 62 km kênh, tỷ lệ tưới chủ động đạt 88%. " + works, 2026) == works


def test_a_requirement_opening_on_a_bounded_share() -> None:
    """'Tối thiểu 95% …', 'Ít nhất 80% …' opening a sentence set the share (with the sentence's other figures); the
    words inside a sentence, after a task, do not make it a goal."""
    req = "Tối thiểu 95% hồ sơ được giải quyết đúng hạn; rút ngắn thời gian cấp bản sao còn 2 ngày làm việc."
    assert target_sentences(req, 2026) == req
    assert target_sentences("2. Ít nhất 80% cơ sở giáo dục có phòng học tin học.", 2026) is not None
    assert target_sentences("Tổ chức kiểm tra các cơ sở, tối thiểu 95% cơ sở được kiểm tra.", 2026) is None


def test_a_notices_coming_year_works_after_its_results() -> None:
    """A notice's item of results then the coming year's works: the works' counts are targets, the results are not."""
    head = official_head("THÔNG BÁO", "96/TB-UBND", "Kết luận của Phó Chủ tịch Ủy ban nhân dân tỉnh về công tác thủy lợi",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH NAM ĐỊNH", place="Nam Định", date="ngày 18 tháng 3 năm 2026")
    ex = extract_text(head + "Phó Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:\n\n1. Năm 2025, các xã đã nạo vét 40 km "
                      "kênh mương, cải tạo 5 tuyến đường nội đồng. Trong năm 2026, các xã tập trung cải tạo 9 tuyến đường "
                      "nội đồng, nạo vét 70 km kênh, xây dựng 2 trạm bơm điện.\n\n2. Giao Sở Tài chính bố trí kinh phí "
                      "thực hiện, báo cáo trước ngày 30/4/2026.\n" + _TAIL)
    assert target_tuples(ex) == [(2, "trạm bơm", 2026), (9, "tuyến", 2026), (70, "km", 2026)]


def test_a_guides_requirements_and_a_resolutions_phase_works() -> None:
    """A guide's requirements with no 'chỉ tiêu' word take the issue year; a resolution's goal item for a phase gives
    its works' count that phase's end, beside the year's own targets."""
    head = official_head("HƯỚNG DẪN", "21/HD-STP", "Giải quyết thủ tục hộ tịch trực tuyến",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nSỞ TƯ PHÁP", place="Kon Tum", date="ngày 09 tháng 4 năm 2026")
    ex = extract_text(head + "I. YÊU CẦU\n1. Tối thiểu 90% hồ sơ được giải quyết đúng hạn.\n2. Bảo đảm 100% hồ sơ được "
                      "trả kết quả trực tuyến.\nII. TỔ CHỨC THỰC HIỆN\n1. Ủy ban nhân dân các xã theo dõi hồ sơ hằng ngày."
                      "\n" + _TAIL)
    assert target_tuples(ex) == [(90, "%", 2026), (100, "%", 2026)]
    head = official_head("NGHỊ QUYẾT", "12/NQ-HĐND", "Về phát triển giáo dục năm 2026 và giai đoạn 2026 - 2030",
                         issuer="HỘI ĐỒNG NHÂN DÂN\nTỈNH NINH BÌNH", place="Ninh Bình", date="ngày 12 tháng 12 năm 2025")
    ex = extract_text(head + "QUYẾT NGHỊ:\n\nĐiều 1. Thông qua các mục tiêu phát triển giáo dục của tỉnh như sau:\n\n1. Năm "
                      "2026, tỷ lệ trường đạt chuẩn quốc gia đạt 70%.\n\n2. Giai đoạn 2026 - 2030, xây mới 300 phòng học cho "
                      "các trường tiểu học.\n\nĐiều 2. Tổ chức thực hiện\n\n1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện "
                      "Nghị quyết này.\n" + _TAIL)
    assert target_tuples(ex) == [(70, "%", 2026), (300, "phòng học", 2030)]
