"""Targets as the newest held-out round's kinds of misses state them (issue 11, the dv150-dv159 round): a resolution's
lettered list of main targets under a title without a colon, a qualifier that is no count ('từ 3 sao trở lên'), tables
of targets by commune or unit whose unit stands only in a column's header (or in a note over the table, or in the
indicator's brackets), the items under a lead-in target sentence, and a year given once earlier in a paragraph. Each
case goes through the real extractor."""

from __future__ import annotations

from functools import partial

from extract.targets import in_target_list, parse_target_text
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nHoàng Văn Bình\n"

_head = partial(official_head, issuer="ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN", place="Lạng Sơn", date="ngày 16 tháng 12 năm 2025")


def test_lettered_list_under_a_title_without_colon_is_targets_not_tasks() -> None:
    """'Điều 1. Mục tiêu và các chỉ tiêu chủ yếu năm 2026' / '2. Các chỉ tiêu chủ yếu' over 'a)' … items: each item a
    target (its money and counts too; two figures or two years give two), none a task."""
    body = ("QUYẾT NGHỊ:\n\nĐiều 1. Mục tiêu và các chỉ tiêu chủ yếu năm 2026\n1. Mục tiêu tổng quát\n"
            "Phát triển kinh tế nhanh và bền vững.\n2. Các chỉ tiêu chủ yếu\n"
            "a) GRDP bình quân đầu người đạt 142 triệu đồng.\n"
            "b) Tổng thu ngân sách nhà nước trên địa bàn đạt 48.500 tỷ đồng, trong đó thu nội địa đạt 41.200 tỷ đồng.\n"
            "c) Tỷ lệ dân số tham gia bảo hiểm y tế đạt 95,5% năm 2026 và 97% năm 2027.\n"
            "d) Giải quyết việc làm mới cho 9.200 lao động.\n\n"
            "Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này, báo cáo trước ngày 30/11/2026.\n")
    ex = extract_text(_head("NGHỊ QUYẾT", "112/NQ-HĐND", "Về nhiệm vụ phát triển kinh tế - xã hội năm 2026",
                            issuer="HỘI ĐỒNG NHÂN DÂN\nTỈNH LẠNG SƠN") + body + _TAIL, "nq")
    assert target_tuples(ex) == [(95.5, "%", 2026), (97, "%", 2027), (142, "triệu đồng", 2026),
                                 (9200, "lao động", 2026), (41200, "tỷ đồng", 2026), (48500, "tỷ đồng", 2026)]
    assert [t["text"][:20] for t in ex.tasks] == ["Giao Ủy ban nhân dân"]
    # a title of such a list, with or without its colon; a request that names targets is none
    assert in_target_list("Tỷ lệ hộ nghèo giảm còn 4,5%.", ["Các chỉ tiêu chủ yếu", "Điều 1 text"])
    assert in_target_list("x", ["Giao chỉ tiêu thu ngân sách năm 2026 cho các thôn như sau"])
    assert not in_target_list("Báo cáo kết quả trước ngày 30/6/2026.", ["Sở Tài chính theo dõi việc thực hiện chỉ tiêu."])


def test_a_qualifier_of_what_is_counted_is_no_target() -> None:
    """'từ 3 sao trở lên' says which products or places are counted: the figure before it is the target."""
    assert [(p["value"], p["unit"]) for p in parse_target_text("Có thêm 04 sản phẩm OCOP đạt từ 3 sao trở lên;")] \
        == [(4, "sản phẩm")]
    assert [(p["value"], p["unit"]) for p in parse_target_text(
        "Năm 2026, phấn đấu 80% cơ sở lưu trú từ 3 sao trở lên sử dụng phần mềm quản lý.")] == [(80, "%")]
    # a bound figure of its own, after a comma, stays a target
    assert [(p["value"], p["unit"]) for p in parse_target_text(
        "Tỷ lệ hài lòng đạt 90%, chỉ số đạt từ 88 điểm trở lên.")] == [(90, "%"), (88, "điểm")]


_PLAN = ("ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\n\nSố: 48/KH-UBND\n\nCà Mau, ngày 20 tháng 01 năm 2026\n\nKẾ HOẠCH\n"
         "Bảo hiểm y tế toàn dân năm 2026\n\n")


def test_table_by_commune_with_units_in_column_headers() -> None:
    """One target per cell: the unit from the column's '(…)', the year the column's or the plan's; a past year's column
    is a baseline; the indicator is the column's measure of the row's commune."""
    body = ("I. CHỈ TIÊU\n1. Chỉ tiêu giao cho các xã, phường\n"
            "STT\tXã, phường\tDân số năm 2025 (người)\tSố người tham gia năm 2026 (người)\tTỷ lệ bao phủ (%)\n"
            "1\tPhường An Xuyên\t82.400\t79.500\t96,5\n2\tXã Tân Thành\t38.600\t36.100\t93,5\n\n"
            "II. NHIỆM VỤ\n1. Sở Y tế chỉ đạo thực hiện thường xuyên.\n")
    ex = extract_text(_PLAN + body + _TAIL, "kh")
    assert target_tuples(ex) == [(93.5, "%", 2026), (96.5, "%", 2026), (36100, "người", 2026), (79500, "người", 2026)]
    assert "Tỷ lệ bao phủ - Phường An Xuyên" in {t["indicator"] for t in ex.targets}


def test_table_units_from_a_note_or_the_indicator_brackets() -> None:
    """'(Đơn vị tính: triệu đồng)' over a table by village gives its plan column's unit (its results column none); a
    table by year whose indicator cell ends '(ha)' or '(%)' gives that unit."""
    body = ("I. CHỈ TIÊU\nChỉ tiêu thu ngân sách giao các thôn\n(Đơn vị tính: triệu đồng)\n"
            "STT\tThôn\tThực hiện năm 2025\tKế hoạch năm 2026\n1\tThôn Nà Rụa\t1.200\t1.350\n"
            "2\tThôn Bản Giới\t800\t950\n\nII. CHỈ TIÊU THEO NĂM\n"
            "STT\tChỉ tiêu\tNăm 2026\tNăm 2027\n1\tTrồng rừng tập trung (ha)\t9.500\t9.800\n"
            "2\tTỷ lệ che phủ rừng (%)\t65,2\t65,5\n\nIII. NHIỆM VỤ\n1. Sở Tài chính hướng dẫn thường xuyên.\n")
    ex = extract_text(_PLAN + body + _TAIL, "kh2")
    assert target_tuples(ex) == [(65.2, "%", 2026), (65.5, "%", 2027), (950, "triệu đồng", 2026),
                                 (1350, "triệu đồng", 2026), (9500, "ha", 2026), (9800, "ha", 2027)]


def test_items_under_a_lead_in_target_sentence() -> None:
    """'Phấn đấu năm 2026 có 95% …, cụ thể như sau:' in a part of tasks: its '-' items are targets of its year."""
    body = ("I. MỤC ĐÍCH, YÊU CẦU\nĐẩy mạnh chuyển đổi số.\n\nII. NHIỆM VỤ TRỌNG TÂM\n"
            "Phấn đấu năm 2026 có 95% hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng, cụ thể như sau:\n"
            "- 100% văn bản đi được ký số;\n- Số hóa 80% hồ sơ thủ tục hành chính còn hiệu lực;\n"
            "- Đào tạo kỹ năng số cho 2.000 cán bộ, công chức.\n"
            "1. Sở Khoa học và Công nghệ chủ trì triển khai nền tảng số trước ngày 30/6/2026.\n")
    ex = extract_text(_head("KẾ HOẠCH", "12/KH-UBND", "Chuyển đổi số tỉnh Lạng Sơn") + body + _TAIL, "kh3")
    assert target_tuples(ex) == [(80, "%", 2026), (95, "%", 2026), (100, "%", 2026), (2000, "cán bộ", 2026)]


def test_a_letters_year_given_once_earlier_in_its_paragraph() -> None:
    """A letter of December 2025: 'Trong năm 2026, … . Tỷ lệ … đạt tối thiểu 60%; …' sets its figures for 2026 (the
    paragraph before the numbered requests, and the later sentences of a request)."""
    body = ("V/v đẩy mạnh thanh toán không dùng tiền mặt\n\nKính gửi: Các sở, ban, ngành tỉnh.\n\n"
            "Trong năm 2026, Ủy ban nhân dân tỉnh yêu cầu các cơ quan đẩy mạnh thanh toán không dùng tiền mặt. "
            "Tỷ lệ hồ sơ được thanh toán phí trực tuyến đạt tối thiểu 60%; tỷ lệ trường học thu học phí không dùng "
            "tiền mặt đạt 100%.\n"
            "1. Sở Tài chính hướng dẫn thực hiện trong năm 2027. Tỷ lệ giao dịch không dùng tiền mặt đạt tối thiểu "
            "70%.\n")
    ex = extract_text(_head("", "77/UBND-VP", "").replace("\n\n\n\n", "\n\n") + body + _TAIL, "cv")
    assert target_tuples(ex) == [(60, "%", 2026), (70, "%", 2027), (100, "%", 2026)]
