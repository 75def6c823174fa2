"""Targets in a decision's articles and results beside targets (issue 11, round xtgt12, batch 72): an article that names
its goals in passing ('… với mục tiêu bảo đảm … 42.000 ha …'), one that assigns targets run on after its colon ('Giao
chỉ tiêu … cho …: …'), the works an article sets by their count ('nạo vét 64 km kênh, sửa chữa 12 cống'), the year of
the heading or article that announces a list, and a notice's item that opens on a day already past (results: no
task, no target). Each rule has its own case; the last ones go through the real extractor."""

from __future__ import annotations

import datetime as dt

from extract.letters import _done_item
from extract.targets import (
    ACHIEVED,
    ensured_count,
    goals_named,
    horizon,
    horizon_clauses,
    in_target_list,
    inline_target_list,
    past_date_opening,
    run_on_figures,
    work_clauses,
)
from normalize.text import fold
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nLê Văn Nam\n"


def _decision(body: str) -> str:
    return official_head("QUYẾT ĐỊNH", "15/QĐ-UBND", "Về việc phòng, chống hạn hán năm 2026", issuer="ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG",
                         place="Cao Bằng", date="ngày 20 tháng 01 năm 2026") + "QUYẾT ĐỊNH:\n\n" + body + _TAIL


def test_a_past_day_opening() -> None:
    """'Đến ngày 15/3/2026, …' in a notice of 20 March tells what was done; 'Đến ngày 30/6/2026, …' sets a goal; a day
    without its year takes the issue's."""
    issue = dt.date(2026, 3, 20)
    assert past_date_opening("1. Đến ngày 15/3/2026, toàn tỉnh đã gieo cấy 71.300 ha lúa, đạt 78% kế hoạch.", issue)
    assert past_date_opening("Tính đến hết ngày 10/3, toàn xã thu ngân sách đạt 40% dự toán.", issue)
    assert not past_date_opening("Đến ngày 30/6/2026, hoàn thành cấp 500 giấy chứng nhận.", issue)
    assert not past_date_opening("Trong tháng 4, phấn đấu đạt 92%.", issue)
    assert not past_date_opening("Đến ngày 15/3/2026, toàn tỉnh đã gieo cấy 71.300 ha.", None)
    assert past_date_opening("Đến hết tháng 2/2026, toàn tỉnh đã cấp 1.200 giấy chứng nhận.", issue)
    assert not past_date_opening("Đến hết tháng 6/2026, hoàn thành cấp 3.000 giấy chứng nhận.", issue)


def test_a_sentence_that_names_its_goals() -> None:
    """'với mục tiêu …', 'với các chỉ tiêu sau: …' state the goals they name; a goal already reached does not."""
    assert goals_named(fold("Phê duyệt Kế hoạch năm 2026 với mục tiêu bảo đảm đủ nước tưới cho 42.000 ha lúa"))
    assert goals_named(fold("Giao các xã thực hiện Chương trình với các chỉ tiêu sau: giảm tỷ lệ hộ nghèo 3,2%"))
    assert not goals_named(fold("Tổ chức hội nghị với mục tiêu đã đề ra"))
    assert not goals_named(fold("Hoàn thành các chỉ tiêu được giao"))
    assert in_target_list("Tỷ lệ hộ nghèo giảm còn 1,5%.", ["Điều 1. Phê duyệt Đề án với mục tiêu đến năm 2030 như sau:"])


def test_an_assignment_of_targets_run_on_after_its_colon() -> None:
    """'Điều 1. Giao chỉ tiêu … cho …: giảm …, hỗ trợ 120 hộ …' runs its targets on after the colon; an assignment of
    tasks does not."""
    rest = inline_target_list("Điều 1. Giao chỉ tiêu giảm nghèo năm 2026 cho Ủy ban nhân dân các xã, phường: giảm tỷ lệ "
                              "hộ nghèo 2%, hỗ trợ 120 hộ thoát nghèo.")
    assert rest is not None and rest.startswith("giảm tỷ lệ")
    assert inline_target_list("Điều 1. Giao nhiệm vụ cho các sở: Sở Y tế kiểm tra 100% cơ sở.") is None


def test_works_an_article_sets() -> None:
    """A verb of building or repair right before a count: each such clause; an activity's count ('tổ chức 10 lớp') and a
    clause with no count are none."""
    works = work_clauses("Điều 2. Các công trình chủ yếu: nạo vét 64 km kênh mương nội đồng, sửa chữa 12 cống đầu kênh, "
                         "đào mới 15 giếng cấp nước. Kinh phí thực hiện là 18,5 tỷ đồng.")
    assert works == "nạo vét 64 km kênh mương nội đồng; sửa chữa 12 cống đầu kênh; đào mới 15 giếng cấp nước"
    assert work_clauses("Giao Ủy ban nhân dân các xã tổ chức 10 lớp tập huấn, hướng dẫn nông dân.") is None
    assert work_clauses("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.") is None


def test_a_decisions_articles_through_the_extractor() -> None:
    """'Phê duyệt Kế hoạch … với mục tiêu …' gives its counts and share; an article of works without an agency gives
    its counts (no task, no budget); an article that assigns works is a task and gives each count once."""
    ex = extract_text(_decision(
        "Điều 1. Phê duyệt Kế hoạch phòng, chống hạn hán năm 2026 với mục tiêu bảo đảm đủ nước tưới cho 42.000 ha lúa, "
        "giảm diện tích bị thiệt hại xuống dưới 5% và cấp nước sinh hoạt cho 1.850 hộ.\n\n"
        "Điều 2. Các công trình chủ yếu: nạo vét 64 km kênh mương, sửa chữa 12 cống đầu kênh. Kinh phí thực hiện là "
        "18,5 tỷ đồng.\n\n"
        "Điều 3. Giao Ủy ban nhân dân các xã, phường nạo vét 85 km kênh, xây dựng 3 trạm bơm; hoàn thành trước ngày "
        "30/4/2026.\n\nĐiều 4. Quyết định này có hiệu lực kể từ ngày ký.\n"))
    assert target_tuples(ex) == [(3, "trạm bơm", 2026), (5, "%", 2026), (12, "cống", 2026), (64, "km", 2026),
                                 (85, "km", 2026), (1850, "hộ", 2026), (42000, "ha", 2026)]
    assert [t["text"][:30] for t in ex.tasks] == ["Giao Ủy ban nhân dân các xã, p"]


def test_a_list_takes_its_announcing_year() -> None:
    """Items under 'Điều 1. Phê duyệt Đề án với mục tiêu đến năm 2030 như sau:' are targets of 2030 (counts too)."""
    ex = extract_text(_decision("Điều 1. Phê duyệt Đề án với mục tiêu đến năm 2030 như sau:\n1. Tỷ lệ hộ nghèo giảm còn "
                                "1,5%.\n2. Hỗ trợ 500 hộ.\n\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"))
    assert target_tuples(ex) == [(1.5, "%", 2030), (500, "hộ", 2030)]


def test_a_notice_results_by_a_past_day_and_next_years_list() -> None:
    """A notice's item that opens on a day already past states results (no task, no target); the list under '2. Chỉ
    tiêu năm 2027:' takes 2027; a task's count of classes is no target."""
    head = official_head("THÔNG BÁO", "20/TB-UBND", "Kết luận của Chủ tịch UBND xã tại cuộc họp giao ban tháng 11",
                         issuer="ỦY BAN NHÂN DÂN\nXÃ TÂN PHÚ", place="Tân Phú", date="ngày 25 tháng 11 năm 2026")
    ex = extract_text(head + "Chủ tịch Ủy ban nhân dân xã kết luận như sau:\n\n1. Đến ngày 20/11/2026, toàn xã đã thu ngân "
                      "sách đạt 95% dự toán; tỷ lệ hộ nộp thuế đúng hạn đạt 92%.\n\n2. Chỉ tiêu năm 2027:\n- Tỷ lệ hộ sử "
                      "dụng nước sạch đạt 98%;\n- Hỗ trợ 45 hộ nghèo xây nhà.\n\n3. Giao Công an xã tổ chức 10 lớp tuyên "
                      "truyền; hoàn thành trước ngày 15/12/2026.\n" + _TAIL)
    assert target_tuples(ex) == [(45, "hộ", 2027), (98, "%", 2027)]
    assert [t["text"][:20] for t in ex.tasks] == ["Giao Công an xã tổ c"]


def test_an_estimate_is_a_result() -> None:
    """'ước đạt' reports an estimate of what was done: no target; the goal beside it stays one."""
    assert ACHIEVED.search(fold("sản lượng lúa vụ Đông Xuân ước đạt 9.400 tấn"))
    assert not ACHIEVED.search(fold("phấn đấu sản lượng lúa đạt 9.800 tấn"))


def test_an_item_of_what_was_done() -> None:
    """An item whose first clause says 'đã' and that asks nothing states results ('Vụ Đông Xuân, toàn xã đã gieo trồng
    186 ha, đạt 62% kế hoạch; …'); one with a goal or a request word, or no figure, is none."""
    assert _done_item("Vụ Đông Xuân, toàn xã đã gieo trồng 186 ha, đạt 62% kế hoạch; sản lượng ước đạt 9.400 tấn.")
    assert not _done_item("Toàn xã đã gieo trồng 186 ha; phấn đấu hoàn thành 300 ha trong tháng 8.")
    assert not _done_item("Các xã đã gieo trồng 186 ha, cần tiếp tục chăm sóc 120 ha còn lại.")
    assert not _done_item("Hội Nông dân xã tổ chức 10 lớp tập huấn cho nông dân.")


def test_a_notices_resume_of_results() -> None:
    """A notice's first item of results, with an estimate, gives no task and no target; the next item's goal does."""
    head = official_head("THÔNG BÁO", "20/TB-UBND", "Kết luận của Chủ tịch UBND xã tại cuộc họp về sản xuất vụ Hè Thu "
                         "năm 2026", issuer="ỦY BAN NHÂN DÂN\nXÃ TÂN PHÚ", place="Tân Phú", date="ngày 25 tháng 7 năm 2026")
    ex = extract_text(head + "Chủ tịch Ủy ban nhân dân xã kết luận như sau:\n\n1. Vụ Đông Xuân, toàn xã đã gieo trồng 186 ha,"
                      " đạt 62% kế hoạch; sản lượng ước đạt 9.400 tấn.\n\n2. Sản lượng vụ Hè năm trước ước đạt 8.200 tấn. "
                      "Vụ Hè Thu phấn đấu gieo trồng 300 ha.\n\n3. Giao Hội Nông dân xã hướng dẫn bà con chăm sóc lúa.\n"
                      + _TAIL)
    assert target_tuples(ex) == [(300, "ha", 2026)]
    assert [t["text"][:20] for t in ex.tasks] == ["Giao Hội Nông dân xã"]


def test_an_article_that_strives_after_its_results() -> None:
    """An article that names no agency and strives after a sentence of results ('Điều 1. Năm 2025, … đạt 62%. Phấn
    đấu đến năm 2028 đạt 64% và đến năm 2030 đạt 65%.') gives the goals with their own years, not the result."""
    head = official_head("NGHỊ QUYẾT", "30/NQ-HĐND", "Về phát triển lâm nghiệp bền vững giai đoạn 2026 - 2030",
                         issuer="HỘI ĐỒNG NHÂN DÂN\nTỈNH LẠNG SƠN", place="Lạng Sơn", date="ngày 08 tháng 12 năm 2025")
    ex = extract_text(head + "QUYẾT NGHỊ:\n\nĐiều 1. Năm 2025, tỷ lệ che phủ rừng đạt 62%. Phấn đấu đến năm 2028 đạt 64% "
                      "và đến năm 2030 đạt 65%.\n\nĐiều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.\n"
                      + _TAIL)
    assert target_tuples(ex) == [(64, "%", 2028), (65, "%", 2030)]


def test_a_horizons_count_in_a_request() -> None:
    """A request's count set for a horizon ('… phủ sóng di động tới 300 thôn, bản đến năm 2027') is a target of that
    year; a count of classes to hold before a date is the task's product, none."""
    assert horizon(fold("phủ sóng di động tới 300 thôn, bản đến năm 2027"), 2026)
    assert not horizon(fold("tổ chức 8 lớp tập huấn trong năm 2026"), 2026)
    assert not horizon(fold("so với giai đoạn đến năm 2020"), 2026)
    head = official_head("THÔNG BÁO", "55/TB-UBND", "Kết luận của Chủ tịch UBND tỉnh về chuyển đổi số",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH SƠN LA", place="Sơn La", date="ngày 12 tháng 5 năm 2026")
    ex = extract_text(head + "Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:\n\n1. Giao Sở Khoa học và Công nghệ phối hợp "
                      "với các doanh nghiệp viễn thông phủ sóng di động tới 300 thôn, bản đến năm 2027.\n\n2. Giao Sở Y tế tổ "
                      "chức 8 lớp tập huấn sử dụng bệnh án điện tử; hoàn thành trước ngày 30/9/2026.\n" + _TAIL)
    assert target_tuples(ex) == [(300, "thôn", 2027)]
    assert len(ex.tasks) == 2


def test_a_numbered_heading_that_runs_on_into_its_figure() -> None:
    """'2. Chỉ tiêu đến năm 2030: tỷ lệ … đạt 70%.' states its figure after the colon; '1. Chỉ tiêu năm 2027:' heads the
    lines under it, which take its year."""
    assert run_on_figures("Chỉ tiêu đến năm 2030: tỷ lệ lao động du lịch được đào tạo đạt 70%.")
    assert run_on_figures("Chỉ tiêu năm 2027:") is None
    head = official_head("KẾ HOẠCH", "80/KH-UBND", "Phát triển du lịch cộng đồng", issuer="ỦY BAN NHÂN DÂN\nTỈNH SƠN LA",
                         place="Sơn La", date="ngày 12 tháng 5 năm 2026")
    ex = extract_text(head + "I. MỤC TIÊU\n1. Chỉ tiêu năm 2027:\n- Đón 500 nghìn lượt khách;\n- Tỷ lệ cơ sở lưu trú đạt "
                      "chuẩn đạt 80%.\n2. Chỉ tiêu đến năm 2030: tỷ lệ lao động du lịch được đào tạo đạt 70%.\nII. NHIỆM VỤ\n"
                      "1. Sở Văn hóa, Thể thao và Du lịch chủ trì xây dựng sản phẩm du lịch; hoàn thành trong năm 2026.\n"
                      + _TAIL)
    assert target_tuples(ex) == [(70, "%", 2030), (80, "%", 2027), (500, "nghìn lượt", 2027)]


def test_a_notices_goal_without_a_year() -> None:
    """A notice in parts whose title and goal name no year: the goal is for its issue year, not for none."""
    head = official_head("THÔNG BÁO", "55/TB-UBND", "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Sở Y tế",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH SƠN LA", place="Sơn La", date="ngày 12 tháng 5 năm 2026")
    ex = extract_text(head + "I. ĐÁNH GIÁ CHUNG\nThời gian qua, ngành y tế đã khám, chữa bệnh cho 1,2 triệu lượt người, tỷ "
                      "lệ hài lòng đạt 90%.\nII. NHIỆM VỤ THỜI GIAN TỚI\n1. Phấn đấu tỷ lệ người dân có hồ sơ sức khỏe điện "
                      "tử đạt 95%.\n" + _TAIL)
    assert target_tuples(ex) == [(95, "%", 2026)]


def test_a_horizons_clause_in_a_plans_task_and_an_ensured_count() -> None:
    """A plan's task paragraph that sets a count for a horizon gives that clause's figure ('kết nối … tới 136 trạm y tế …
    đến năm 2027'), not the class count of another item; a letter's 'bảo đảm cấp 10.000 giấy chứng nhận' is a goal."""
    assert horizon_clauses("Phòng Kế hoạch - Tài chính kết nối phần mềm tới 136 trạm y tế xã đến năm 2027; tổ chức 10 lớp "
                           "tập huấn.", 2026) == "Phòng Kế hoạch - Tài chính kết nối phần mềm tới 136 trạm y tế xã đến năm 2027"
    assert horizon_clauses("Tổ chức 12 lớp tập huấn; hoàn thành trước ngày 30/6/2026.", 2026) is None
    assert ensured_count(fold("giải quyết hồ sơ tồn đọng, bảo đảm cấp 10.000 giấy chứng nhận trong năm 2026"))
    assert not ensured_count(fold("bảo đảm an toàn cho 500 hộ dân"))
    assert not ensured_count(fold("Kiểm tra 15 cơ quan trong năm 2025, bảo đảm tối thiểu 30% số xã được kiểm tra"))
    head = official_head("HƯỚNG DẪN", "12/HD-SYT", "Ứng dụng công nghệ thông tin trong y tế năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\nSỞ Y TẾ", place="Sơn La", date="ngày 12 tháng 5 năm 2026")
    ex = extract_text(head + "I. MỤC TIÊU\nNăm 2026, phấn đấu 100% bệnh viện triển khai bệnh án điện tử.\nII. NỘI DUNG\n1. Các "
                      "bệnh viện tổ chức 10 lớp tập huấn trong tháng 7/2026.\n2. Trung tâm Y tế các khu vực kết nối dữ liệu "
                      "tới 80 trạm y tế xã đến năm 2027.\n" + _TAIL)
    assert target_tuples(ex) == [(80, "trạm", 2027), (100, "%", 2026)]
