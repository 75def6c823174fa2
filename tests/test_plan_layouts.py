"""Tasks and targets of plans, programmes and reports laid out otherwise than the seeds' template (issue 11, the
dp70-dp79 round): each document goes through the real extractor from its text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import extract_text

_HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\n\nSố: 9/KH-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
         "Độc lập - Tự do - Hạnh phúc\n\nHà Tĩnh, ngày 12 tháng 01 năm 2026\n\nKẾ HOẠCH\nChuyển đổi số năm 2026\n\n")
_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nTrần Văn Bình\n"


def _tasks(ex: Any) -> list[tuple[str, list[str], str | None]]:
    names = {a["agency_id"]: a["name"] for a in ex.agencies}
    out = []
    for t in ex.tasks:
        lead = sorted(names[x["agency_id"]] for x in ex.task_agencies if x["task_id"] == t["task_id"]
                      and x["role"] == "lead")
        out.append((t["text"], lead, t["deadline_text"]))
    return out


def test_task_table_over_a_page_break_keeps_its_merged_lead() -> None:
    """A table whose header is repeated after the page number: one table, so the empty lead cell of its first
    row on the new page is the lead merged down from the row above; 'Kinh phí' is no field of a task."""
    body = ("I. NHIỆM VỤ\nSTT\tNhiệm vụ\tCơ quan chủ trì\tSản phẩm\tThời gian hoàn thành\tKinh phí\n"
            "1\tXây dựng cơ sở dữ liệu đất đai\tSở Nông nghiệp và Môi trường\tCơ sở dữ liệu\tQuý III/2026\t"
            "Ngân sách tỉnh\n- 2 -\nSTT\tNhiệm vụ\tCơ quan chủ trì\tSản phẩm\tThời gian hoàn thành\tKinh phí\n"
            "2\tSố hóa hồ sơ địa chính\t\tDữ liệu số\tThường xuyên\tNgân sách tỉnh\n")
    got = _tasks(extract_text(_HEAD + body + _TAIL, "pb"))
    assert got == [("Xây dựng cơ sở dữ liệu đất đai", ["Sở Nông nghiệp và Môi trường"], "Quý III/2026"),
                   ("Số hóa hồ sơ địa chính", ["Sở Nông nghiệp và Môi trường"], "Thường xuyên")]


def test_task_table_with_one_column_of_executing_agencies() -> None:
    """'Đơn vị thực hiện' names the lead of a table without a 'chủ trì' column; 'Hoạt động' holds the tasks."""
    body = ("I. NHIỆM VỤ\nTT\tHoạt động\tĐơn vị thực hiện\tThời gian thực hiện\n"
            "1\tTập huấn kỹ năng số cho công chức\tSở Nội vụ\tQuý II/2026\n")
    got = _tasks(extract_text(_HEAD + body + _TAIL, "dv"))
    assert got == [("Tập huấn kỹ năng số cho công chức", ["Sở Nội vụ"], "Quý II/2026")]


def test_named_items_and_three_level_numbering() -> None:
    """'Nhiệm vụ 1: …' over its paragraph is the paragraph's heading, not part of the task; '3.1.1.' items are
    tasks under '3.1.' (a plan whose parts are numbered '1.', '2.', '3.'); a lead whose name holds a verb-like
    word ('Cục Quản lý …') or is followed by a verb the list lacks ('xúc tiến') is found."""
    named = ("I. NHIỆM VỤ\nNhiệm vụ 1: Hoàn thiện thể chế\n"
             "Cục Quản lý Khám, chữa bệnh chủ trì xây dựng Thông tư hướng dẫn chuyển tuyến, hoàn thành trong Quý II/2026.\n"
             "Nhiệm vụ 2: Thương mại\nSở Công Thương xúc tiến tiêu thụ nông sản cho các hợp tác xã, thực hiện hằng quý.\n")
    got = _tasks(extract_text(_HEAD + named + _TAIL, "ni"))
    assert got == [
        ("Cục Quản lý Khám, chữa bệnh chủ trì xây dựng Thông tư hướng dẫn chuyển tuyến, hoàn thành trong Quý II/2026.",
         ["Cục Quản lý Khám, chữa bệnh"], "trong Quý II/2026"),
        ("Sở Công Thương xúc tiến tiêu thụ nông sản cho các hợp tác xã, thực hiện hằng quý.", ["Sở Công Thương"],
         "hằng quý")]
    deep = ("1. MỤC TIÊU\nNâng cao chất lượng giáo dục.\n\n2. NHIỆM VỤ, GIẢI PHÁP\n2.1. Về cơ sở vật chất\n"
            "2.1.1. Sở Giáo dục và Đào tạo rà soát danh mục phòng học, hoàn thành trước ngày 30/6/2026.\n"
            "2.1.2. Sở Tài chính tham mưu bố trí vốn cho các công trình trường học trong Quý III/2026.\n")
    got = _tasks(extract_text(_HEAD + deep + _TAIL, "dn"))
    assert [(t[0][:20], t[1], t[2]) for t in got] == [
        ("Sở Giáo dục và Đào t", ["Sở Giáo dục và Đào tạo"], "trước ngày 30/6/2026"),
        ("Sở Tài chính tham mư", ["Sở Tài chính"], "trong Quý III/2026")]


def test_targets_beside_baselines_results_and_counts() -> None:
    """A past year's figure is a baseline ('Năm 2025 … đạt 72%'), not a target; counts in hectares, kilometres,
    beds and communes are targets in a 'chỉ tiêu' part; '1.000' is a thousand; a report's 'Kế hoạch năm 2025'
    column beside 'Thực hiện năm 2025' is the plan reported on."""
    body = ("I. CHỈ TIÊU\n1. Năm 2025, tỷ lệ hồ sơ được số hóa đạt 72%; năm 2026 phấn đấu đạt 95%.\n"
            "2. Phấn đấu năm 2026 có thêm 12 xã đạt chuẩn nông thôn mới; cứng hóa 45 km đường nội đồng.\n"
            "3. Số giường bệnh trên một vạn dân đạt 33 giường.\n"
            "STT\tChỉ tiêu\tĐơn vị tính\tKế hoạch năm 2025\tThực hiện năm 2025\tKế hoạch năm 2026\n"
            "1\tDiện tích lúa chất lượng cao\tha\t800\t850\t1.000\n\nII. NHIỆM VỤ\nCác sở tổ chức thực hiện.\n")
    ex = extract_text(_HEAD + body + _TAIL, "tg")
    assert sorted((t["value"], t["unit"], t["target_year"]) for t in ex.targets) == [
        (12, "xã", 2026), (33, "giường", 2026), (45, "km", 2026), (95, "%", 2026), (1000, "ha", 2026)]


def test_spaced_ocr_table_of_a_report_reads_digits_and_skips_the_reported_plan() -> None:
    """The same tables as OCR runs their cells together: '§50' is 850, the plan of the reported year no target."""
    body = ("I. KẾT QUẢ NĂM 2025\nSTT Chỉ tiêu Đơn vị tính Kế hoạch năm 2025 Thực hiện năm 2025\n"
            "l Tỷ lệ người dân tham gia bảo hiểm y tế % 94 94,6\n\nII. CHỈ TIÊU\n"
            "STT Chỉ tiêu Đơn vị tính Thực hiện năm 2025 Kế hoạch năm 2026\n"
            "l Diện tích lúa chất lượng cao ha §50 1.000\n\nIII. NHIỆM VỤ\nCác sở tổ chức thực hiện.\n")
    ex = extract_text(_HEAD + body + _TAIL, "sp")
    assert sorted((t["value"], t["unit"], t["target_year"]) for t in ex.targets) == [(1000, "ha", 2026)]


def test_heading_over_lettered_items_and_one_agency_column_naming_both_roles() -> None:
    """'1.1. Về …' over its 'a)' items is their heading, not a task; a 'Cơ quan thực hiện' cell naming both roles
    ('Sở Tư pháp chủ trì; Sở Nội vụ phối hợp', 'Sở Nội vụ chủ trì, phối hợp với Thanh tra tỉnh') gives the lead
    and the supporting agency apart."""
    body = ("I. NHIỆM VỤ\n1. Cải cách thủ tục hành chính\n"
            "1.1. Về kiểm soát thủ tục hành chính và hiện đại hóa nền hành chính\n"
            "a) Sở Tư pháp rà soát quy định thủ tục hành chính, hoàn thành trong Quý II/2026.\n"
            "b) Văn phòng Ủy ban nhân dân tỉnh công khai thủ tục hành chính, thực hiện thường xuyên.\n")
    got = _tasks(extract_text(_HEAD + body + _TAIL, "hl"))
    assert [t[1] for t in got] == [["Sở Tư pháp"], ["Văn phòng Ủy ban nhân dân tỉnh"]]
    body = ("I. NHIỆM VỤ\nTT\tNhiệm vụ\tCơ quan thực hiện\tThời gian\n"
            "1\tRà soát thủ tục hành chính\tSở Tư pháp chủ trì; Sở Nội vụ phối hợp\tQuý II/2026\n"
            "2\tKiểm tra công vụ\tSở Nội vụ chủ trì, phối hợp với Thanh tra tỉnh\tQuý III/2026\n")
    ex = extract_text(_HEAD + body + _TAIL, "rl")
    names = {a["agency_id"]: a["name"] for a in ex.agencies}
    roles = [sorted((names[x["agency_id"]], x["role"]) for x in ex.task_agencies if x["task_id"] == t["task_id"])
             for t in ex.tasks]
    assert roles == [[("Sở Nội vụ", "support"), ("Sở Tư pháp", "lead")],
                     [("Sở Nội vụ", "lead"), ("Thanh tra tỉnh", "support")]]


def test_item_attributes_on_lines_of_their_own() -> None:
    """'1. Rà soát …' with '- Cơ quan chủ trì: …', '- Cơ quan phối hợp: …', '- Sản phẩm: …', '- Thời gian hoàn
    thành: …' under it: one task, its attributes from those lines (which are no tasks themselves)."""
    body = ("I. NHIỆM VỤ CỤ THỂ\n1. Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực đất đai\n"
            "- Cơ quan chủ trì: Sở Nông nghiệp và Môi trường.\n- Cơ quan phối hợp: Sở Tư pháp.\n"
            "- Sản phẩm: Báo cáo rà soát.\n- Thời gian hoàn thành: Quý II/2026.\n"
            "2. Triển khai thanh toán trực tuyến nghĩa vụ tài chính về đất đai\n"
            "- Đơn vị thực hiện: Thuế tỉnh.\n- Kinh phí: ngân sách tỉnh.\n- Thời gian thực hiện: năm 2026.\n")
    ex = extract_text(_HEAD + body + _TAIL, "at")
    assert _tasks(ex) == [
        ("Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực đất đai", ["Sở Nông nghiệp và Môi trường"], "Quý II/2026"),
        ("Triển khai thanh toán trực tuyến nghĩa vụ tài chính về đất đai", ["Thuế tỉnh"], "năm 2026")]
    assert ex.tasks[0]["product"] == "Báo cáo rà soát"
    names = {a["agency_id"]: a["name"] for a in ex.agencies}
    assert [names[x["agency_id"]] for x in ex.task_agencies if x["role"] == "support"] == ["Sở Tư pháp"]


def test_scanned_table_with_an_executing_agency_column(tmp_path: Path) -> None:
    """Rendered as a scan and OCR'd (real Tesseract): a table headed 'TT | Nội dung | Đơn vị thực hiện | Thời hạn'
    (no 'chủ trì' word) is read from its word boxes, and it ends at 'Nơi nhận:' (the signature is no row)."""
    from devkit import synth
    from vnplan import pipeline
    from vnplan.store import Store

    body = ("I. MỤC TIÊU\nNâng cao chất lượng dịch vụ công.\n\nII. NHIỆM VỤ\nTT\tNội dung\tĐơn vị thực hiện\tThời hạn\n"
            "1\tTập huấn kỹ năng số cho công chức cấp xã\tSở Nội vụ\tQuý II/2026\n"
            "2\tNâng cấp Cổng Dịch vụ công của tỉnh\tSở Khoa học và Công nghệ\tQuý III/2026\n")
    pdf = synth.save_pdf(synth.render_pages(_HEAD + body + _TAIL, degrade="light", seed=5), tmp_path / "t.pdf")
    summary = pipeline.run([pdf], tmp_path / "out", pipeline.Options(progress=False, workers=1))
    assert not summary.failed
    store = Store(tmp_path / "out")
    names = {a["agency_id"]: a["name"] for a in store.read("agencies").to_pylist()}
    links = store.read("task_agencies").to_pylist()
    got = [(t["text"], [names[x["agency_id"]] for x in links if x["task_id"] == t["task_id"] and x["role"] == "lead"],
            t["deadline_text"]) for t in store.read("tasks").to_pylist()]
    assert got == [("Tập huấn kỹ năng số cho công chức cấp xã", ["Sở Nội vụ"], "Quý II/2026"),
                   ("Nâng cấp Cổng Dịch vụ công của tỉnh", ["Sở Khoa học và Công nghệ"], "Quý III/2026")]


def test_first_part_whose_number_ocr_read_as_a_letter() -> None:
    """'L MỤC TIỂU' is how OCR may read 'I. MỤC TIÊU' (the dot lost, 'I' read 'L'): still the first part, so the
    figure under it is a target."""
    body = ("L MỤC TIỂU\nTỷ lệ hồ sơ trực tuyến toàn trình đạt tối thiểu 80%.\n\nII. NHIỆM VỤ\n"
            "1. Sở Nội vụ kiểm tra công vụ tại các xã, phường, hoàn thành trước ngày 30/9/2026.\n")
    ex = extract_text(_HEAD + body + _TAIL, "lp")
    assert [(t["value"], t["unit"], t["target_year"]) for t in ex.targets] == [(80, "%", 2026)]
    assert [s["heading"] for s in ex.sections if s["parent_id"] is None] == ["MỤC TIỂU", "NHIỆM VỤ"]
