"""Targets in prose (issue 11, round xtgt13, batch 79): the works a sentence sets for the year it opens with ('Trong
năm 2026, … cải tạo 12 tuyến đường, nạo vét 85 km kênh …') after a notice's results, a requirement that opens on a
bounded share ('Tối thiểu 95% hồ sơ …') in a guide, and the works a resolution's goal item sets for a phase ('Giai
đoạn 2026 - 2030, xây mới 460 phòng học …'). Each rule has its own case; the last ones go through the real
extractor; so do a decision's count of what it issues ('cấp 350 giấy chứng nhận') and a report's count under a
heading run on into its strive sentence ('2. Phương hướng' over 'Năm 2026, phấn đấu thụ lý 450 vụ việc')."""

from __future__ import annotations

from extract.letters import _SUBJECT_STRIVE
from extract.targets import parse_target_text, target_sentences, work_clauses, year_statement
from normalize.text import fold
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


def test_an_articles_count_of_what_it_issues() -> None:
    """'cấp 350 giấy chứng nhận' is a work counted as 'nạo vét 85 km kênh' is; a level ('cấp 2') is none."""
    assert work_clauses("Giao Sở Nông nghiệp và Môi trường cấp 350 giấy chứng nhận quyền sử dụng đất lần đầu") is not None
    assert work_clauses("Ứng phó sự cố cấp 2 trở lên") is None
    head = official_head("QUYẾT ĐỊNH", "18/QĐ-UBND", "Về việc giao nhiệm vụ cấp giấy chứng nhận năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH HÀ NAM", place="Hà Nam", date="ngày 05 tháng 3 năm 2026")
    ex = extract_text(head + "QUYẾT ĐỊNH:\n\nĐiều 1. Giao Sở Nông nghiệp và Môi trường chủ trì cấp 350 giấy chứng nhận quyền sử "
                      "dụng đất lần đầu, hoàn thành trước ngày 31/12/2026.\n\nĐiều 2. Quyết định này có hiệu lực kể từ ngày "
                      "ký.\n" + _TAIL)
    assert target_tuples(ex) == [(350, "giấy chứng nhận", 2026)]


def test_a_reports_heading_run_on_into_its_strive_sentence() -> None:
    """'Phương hướng năm 2026, phấn đấu …' strives as 'Các xã phấn đấu …' does (its count a target), 'đã phấn đấu' does
    not; in a report of December 2025 the 2026 count is read, the 2025 results are not."""
    assert _SUBJECT_STRIVE.match(fold("Phương hướng Năm 2026, phấn đấu thụ lý 450 vụ việc"))
    assert not _SUBJECT_STRIVE.match(fold("Năm 2025, toàn tỉnh đã phấn đấu thụ lý 412 vụ việc"))
    head = official_head("BÁO CÁO", "12/BC-STP", "Kết quả năm 2025 và phương hướng năm 2026", issuer="ỦY BAN NHÂN DÂN\n"
                         "TỈNH HÀ NAM\nSỞ TƯ PHÁP", place="Hà Nam", date="ngày 15 tháng 12 năm 2025")
    ex = extract_text(head + "Sở báo cáo như sau:\n1. Kết quả\nNăm 2025, toàn tỉnh đã thụ lý 412 vụ việc, tỷ lệ đạt 92%.\n"
                      "2. Phương hướng\nNăm 2026, phấn đấu thụ lý 450 vụ việc, tỷ lệ tham gia tố tụng đạt 95%.\n" + _TAIL)
    assert target_tuples(ex) == [(95, "%", 2026), (450, "vụ việc", 2026)]


def test_a_letters_strive_paragraph_with_a_bare_count() -> None:
    """A letter's paragraph outside its numbered requests that strives with a count and no share ('Năm 2026 phấn đấu
    cấp 450 thẻ …', 'Phấn đấu hoàn thành 12 tuyến đường.') states its count as a target."""
    head = official_head("THÔNG BÁO", "30/TB-UBND", "Về việc triển khai nhiệm vụ năm 2026", issuer="ỦY BAN NHÂN DÂN\nTỈNH "
                         "HÀ NAM", place="Hà Nam", date="ngày 15 tháng 3 năm 2026")
    ex = extract_text(head + "Kính gửi: Ủy ban nhân dân các xã.\n\nPhấn đấu hoàn thành 12 tuyến đường giao thông nông thôn."
                      "\n\n1. Sở Y tế rà soát danh sách.\n" + _TAIL)
    assert target_tuples(ex) == [(12, "tuyến", 2026)]


def test_a_results_sentence_with_the_next_years_aim_after_a_semicolon() -> None:
    """'Năm 2025, … ước đạt 96%; năm 2026 phấn đấu đạt 98%.' in a report of December 2025: the aim after the results is
    the sentence's target (the estimate is a result); through a report's paragraph too."""
    assert target_sentences("Năm 2025, tỷ lệ hồ sơ đúng hạn ước đạt 96%; năm 2026 phấn đấu đạt 98%.", 2025) == (
        "năm 2026 phấn đấu đạt 98%.")
    assert target_sentences("Năm 2025, tỷ lệ hồ sơ đúng hạn ước đạt 96%; tổ chức 3 hội nghị.", 2025) is None
    head = official_head("BÁO CÁO", "40/BC-STP", "Kết quả năm 2025", issuer="ỦY BAN NHÂN DÂN\nTỈNH HÀ NAM\nSỞ TƯ PHÁP",
                         place="Hà Nam", date="ngày 15 tháng 12 năm 2025")
    ex = extract_text(head + "Sở báo cáo như sau:\n\nNăm 2025, tỷ lệ hồ sơ đúng hạn ước đạt 96%; năm 2026 phấn đấu đạt 98%."
                      "\n\nKiến nghị: bố trí 2 tỷ đồng.\n" + _TAIL)
    assert target_tuples(ex) == [(98, "%", 2026)]


def test_a_shortening_to_a_number_of_working_days() -> None:
    """'rút ngắn còn 5 ngày làm việc' names the time it shortens as 'rút ngắn thời gian … còn 5 ngày' does: a figure to
    reach; a time to do something in ('trong 5 ngày làm việc') is none."""
    assert [(p["value"], p["unit"]) for p in parse_target_text("Rút ngắn còn 5 ngày làm việc đối với thủ tục cấp phép.")] == [
        (5, "ngày làm việc")]
    assert parse_target_text("Kiểm tra hồ sơ trong 5 ngày làm việc.") == []


def test_a_directives_requirement_for_a_year() -> None:
    """'… Chủ tịch … yêu cầu trong năm 2026 giảm 10% số vụ … và giảm 15% …; tỷ lệ … đạt trên 98%.' in a directive's
    opening: the requirement's figures from 'yêu cầu' on (the baseline 'so với năm 2025' no year of theirs); a request
    with no year, or a sentence of results, is none."""
    sent = ("Để kiềm chế tai nạn, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu trong năm 2026 giảm 10% số vụ tai nạn giao thông so "
            "với năm 2025; tỷ lệ người đội mũ bảo hiểm đạt trên 98%.")
    assert target_sentences(sent, 2026) == sent[sent.index("yêu cầu") :]
    assert target_sentences("Chủ tịch yêu cầu các sở tăng cường kiểm tra 12 cơ sở.", 2026) is None
    head = official_head("CHỈ THỊ", "07/CT-UBND", "Về bảo đảm trật tự, an toàn giao thông năm 2026", issuer="ỦY BAN NHÂN DÂN"
                         "\nTỈNH HÀ NAM", place="Hà Nam", date="ngày 03 tháng 3 năm 2026")
    ex = extract_text(head + "Năm 2025, số vụ tai nạn giao thông giảm 8% so với năm 2024. " + sent + " Chủ tịch Ủy ban nhân dân "
                      "tỉnh chỉ thị:\n\n1. Công an tỉnh tăng cường tuần tra, kiểm soát.\n" + _TAIL)
    assert target_tuples(ex) == [(10, "%", 2026), (98, "%", 2026)]
