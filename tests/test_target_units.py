"""Targets in the kinds the newest held-out round missed (issue 11, the dv230-dv237 round): a quyết định's appendix
table of targets by commune after the signature, titled in capitals, with a total row; a table whose rows are the
indicators (with their 'Đơn vị tính') and whose columns are the communes; list items 'indicator + đạt + figure + unit'
with no 'phấn đấu'; a báo cáo's next-year figures beside a later year (a vision in the heading, a later clause of the
sentence). Each case goes through the real extractor."""

from __future__ import annotations

from functools import partial

from extract.targets import heading_year, parse_target_text
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLò Văn Minh\n"

_head = partial(official_head, issuer="ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN", place="Điện Biên",
                date="ngày 20 tháng 01 năm 2026")


def test_appendix_table_by_commune_after_the_signature_with_its_total() -> None:
    """The article refers to an appendix; the appendix's title in capitals (longer than a heading) names the targets,
    its '(Kèm theo …)' note stands between: every cell is a target, the 'Toàn tỉnh' row's too."""
    body = ("QUYẾT ĐỊNH:\n\nĐiều 1. Giao chỉ tiêu phát triển người tham gia bảo hiểm xã hội năm 2026 cho Ủy ban nhân dân "
            "các xã, phường (chi tiết tại Phụ lục kèm theo Quyết định này).\n\n"
            "Điều 2. Bảo hiểm xã hội tỉnh chủ trì hướng dẫn thực hiện, báo cáo hằng quý.\n" + _TAIL +
            "\nPHỤ LỤC\nCHỈ TIÊU PHÁT TRIỂN NGƯỜI THAM GIA BẢO HIỂM XÃ HỘI, BẢO HIỂM Y TẾ NĂM 2026\n"
            "(Kèm theo Quyết định số 14/QĐ-UBND ngày 20 tháng 01 năm 2026 của Chủ tịch Ủy ban nhân dân tỉnh)\n\n"
            "STT\tTên đơn vị\tSố người tham gia BHXH bắt buộc (người)\tTỷ lệ bao phủ BHYT (%)\n"
            "1\tPhường Điện Biên Phủ\t9.850\t97,5\n2\tXã Tuần Giáo\t2.480\t95,2\n\tToàn tỉnh\t12.330\t96\n")
    ex = extract_text(_head("QUYẾT ĐỊNH", "14/QĐ-UBND", "Về việc giao chỉ tiêu bảo hiểm xã hội năm 2026") + body, "qd")
    assert target_tuples(ex) == [(95.2, "%", 2026), (96, "%", 2026), (97.5, "%", 2026), (2480, "người", 2026),
                                 (9850, "người", 2026), (12330, "người", 2026)]
    assert "Tỷ lệ bao phủ BHYT - Toàn tỉnh" in {t["indicator"] for t in ex.targets}


def test_a_capital_title_that_names_no_targets_gives_none() -> None:
    """The same appendix under a title of results ('KẾT QUẢ …', no 'chỉ tiêu') is no table of targets."""
    body = ("QUYẾT ĐỊNH:\n\nĐiều 1. Công nhận kết quả thực hiện năm 2025 của các xã (Phụ lục kèm theo).\n" + _TAIL +
            "\nPHỤ LỤC\nKẾT QUẢ PHÁT TRIỂN NGƯỜI THAM GIA BẢO HIỂM XÃ HỘI NĂM 2025\n(Kèm theo Quyết định số 14/QĐ-UBND)\n\n"
            "STT\tTên đơn vị\tSố người tham gia BHXH bắt buộc (người)\n1\tXã Tuần Giáo\t2.480\n")
    ex = extract_text(_head("QUYẾT ĐỊNH", "14/QĐ-UBND", "Về việc công nhận kết quả năm 2025") + body, "qd")
    assert target_tuples(ex) == []


def test_indicators_as_rows_and_communes_as_columns() -> None:
    """'STT | Chỉ tiêu | Đơn vị tính | Xã A | Xã B | Tổng' under the article that announces it: one target per indicator
    and commune (the 'Tổng' too), the unit from the row's 'Đơn vị tính' cell; a 'Ghi chú' column gives none."""
    body = ("QUYẾT ĐỊNH:\n\nĐiều 1. Giao chỉ tiêu cấp nước sạch nông thôn năm 2026 cho các xã như sau:\n"
            "STT\tChỉ tiêu\tĐơn vị tính\tXã Gio Linh\tXã Hướng Hóa\tTổng\tGhi chú\n"
            "1\tTỷ lệ dân số nông thôn sử dụng nước sạch\t%\t62\t48\t55\t\n"
            "2\tSố hộ được đấu nối nước sạch mới\thộ\t850\t1.200\t2.050\tnăm 2026\n\n"
            "Điều 2. Sở Nông nghiệp và Môi trường hướng dẫn thực hiện trước ngày 30/4/2026.\n")
    ex = extract_text(_head("QUYẾT ĐỊNH", "305/QĐ-UBND", "Về việc giao chỉ tiêu cấp nước sạch năm 2026") + body + _TAIL,
                      "qd")
    assert target_tuples(ex) == [(48, "%", 2026), (55, "%", 2026), (62, "%", 2026), (850, "hộ", 2026),
                                 (1200, "hộ", 2026), (2050, "hộ", 2026)]
    assert "Số hộ được đấu nối nước sạch mới - Xã Hướng Hóa" in {t["indicator"] for t in ex.targets}


def test_reach_items_of_a_plan_are_targets() -> None:
    """'- Số người … đạt 186.000 người;' in a list under a heading that names no 'chỉ tiêu', no 'phấn đấu': targets,
    counts too; a sentence of the purpose without a figure to reach is none."""
    body = ("I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nTạo việc làm bền vững cho người lao động.\n2. Kết quả cần đạt\n"
            "- Số lao động được tạo việc làm mới đạt 21.500 người;\n"
            "- Số người tham gia bảo hiểm thất nghiệp đạt 186.000 người;\n"
            "- Tỷ lệ thất nghiệp khu vực thành thị dưới 3%.\n\n"
            "II. NHIỆM VỤ\n1. Sở Nội vụ chủ trì tổ chức các phiên giao dịch việc làm hằng tháng.\n")
    ex = extract_text(_head("KẾ HOẠCH", "57/KH-UBND", "Giải quyết việc làm năm 2026") + body + _TAIL, "kh")
    assert target_tuples(ex) == [(3, "%", 2026), (21500, "người", 2026), (186000, "người", 2026)]


def test_reach_count_is_a_figure_to_reach_but_not_a_result() -> None:
    assert [(p["value"], p["unit"]) for p in parse_target_text(
        "Số người tham gia bảo hiểm thất nghiệp đạt 152.000 người", statement=False)] == [(152000, "người")]
    assert parse_target_text("Số người tham gia bảo hiểm thất nghiệp đã đạt 152.000 người", statement=False) == []


def test_report_next_year_beside_a_vision() -> None:
    """A báo cáo's 'KẾ HOẠCH NĂM 2026 VÀ ĐỊNH HƯỚNG ĐẾN NĂM 2030': its items are for 2026 but the one that names 2030;
    its own year's results ('đạt 61,2%' in 2025's part) are none; in a sentence, 'đạt 95%, phấn đấu đến năm 2030 đạt
    100%' gives 95% for the heading's year and 100% for 2030."""
    assert heading_year("II. KẾ HOẠCH NĂM 2026 VÀ ĐỊNH HƯỚNG ĐẾN NĂM 2030") == 2026
    assert heading_year("MỤC TIÊU ĐẾN NĂM 2030") == 2030
    head = official_head("BÁO CÁO", "2410/BC-SNNMT", "Kết quả cấp nước sạch năm 2025, kế hoạch năm 2026",
                         issuer="UBND TỈNH PHÚ THỌ\nSỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", place="Phú Thọ",
                         date="ngày 19 tháng 12 năm 2025")
    body = ("I. KẾT QUẢ NĂM 2025\n1. Tỷ lệ dân số nông thôn sử dụng nước sạch đạt quy chuẩn đạt 61,2%.\n\n"
            "II. KẾ HOẠCH NĂM 2026 VÀ ĐỊNH HƯỚNG ĐẾN NĂM 2030\n"
            "1. Tỷ lệ dân số nông thôn sử dụng nước sạch đạt quy chuẩn đạt 66%, phấn đấu đến năm 2030 đạt 80%.\n"
            "2. Số hộ nông thôn được đấu nối nước sạch mới đạt 9.500 hộ.\n\n"
            "III. GIẢI PHÁP\n1. Chi cục Thủy lợi rà soát công trình cấp nước trước ngày 30/6/2026.\n")
    ex = extract_text(head + body + _TAIL, "bc")
    assert target_tuples(ex) == [(66, "%", 2026), (80, "%", 2030), (9500, "hộ", 2026)]


def test_ocr_run_together_table_of_indicators_by_place() -> None:
    """The same table as OCR reads a scan of it, cells run together with spaces and a wrapped header word ('Hóa'):
    as many place columns as the rows end with figures, the unit the word before them, wrapped indicators joined."""
    body = ("QUYẾT ĐỊNH:\nĐiều 1. Giao chỉ tiêu cấp nước sạch nông thôn năm 2026 cho các xã như sau:\n"
            "STT Chỉ tiêu Đơn vị tính Xã Gio Linh Xã Hướng Xã Vĩnh Linh Tổng\nHóa\n"
            "1 Tỷ lệ dân số nông thôn sử dụng % 62 48 58 56\nnước sạch đạt quy chuẩn\n"
            "2 Số hộ được đấu nối nước sạch hộ 850 1.200 640 2.690\nmới\n\n"
            "Điều 2. Sở Nông nghiệp và Môi trường hướng dẫn thực hiện trước ngày 30/4/2026.\n")
    ex = extract_text(_head("QUYẾT ĐỊNH", "305/QĐ-UBND", "Về việc giao chỉ tiêu cấp nước sạch năm 2026") + body + _TAIL,
                      "qd")
    assert target_tuples(ex) == [(48, "%", 2026), (56, "%", 2026), (58, "%", 2026), (62, "%", 2026),
                                 (640, "hộ", 2026), (850, "hộ", 2026), (1200, "hộ", 2026), (2690, "hộ", 2026)]


def test_an_indicators_brackets_name_its_unit_when_it_counts_them() -> None:
    """'Số cơ sở dữ liệu … (cơ sở dữ liệu)': four words the indicator names are its unit; '(giá so sánh)' is none."""
    from extract.targets import _paren_unit

    assert _paren_unit("Số cơ sở dữ liệu chuyên ngành được kết nối (cơ sở dữ liệu)") == "cơ sở dữ liệu"
    assert _paren_unit("Tổng sản phẩm trên địa bàn tăng (giá so sánh)") is None
    assert _paren_unit("Trồng rừng tập trung (ha)") == "ha"


def test_periodic_work_count_and_a_year_led_strive_clause() -> None:
    """'định kỳ' (periodic) is no 'kỳ' numbering the figure after it; '…; năm 2026 phấn đấu …' (no comma after the
    year) is a clause that sets a target."""
    from extract.targets import strive_clause

    assert [(p["value"], p["unit"]) for p in parse_target_text("Sửa chữa định kỳ 1.450 km quốc lộ;")] == [(1450, "km")]
    assert parse_target_text("Tổ chức kỳ 2 hội nghị của Hội đồng.") == []
    clause = strive_clause("Giải quyết dứt điểm các vụ việc khiếu nại; năm 2026 phấn đấu giải quyết đạt trên 90% số vụ việc.")
    assert clause is not None and clause.startswith("năm 2026 phấn đấu")


def test_a_reports_comparison_column_gives_no_target() -> None:
    """A báo cáo's results table ('Thực hiện năm 2025 | Ước thực hiện năm 2026 | So với cùng kỳ (%)') under a line
    that names 'chỉ tiêu' reports results: its comparison column ('So với cùng kỳ', 'Lũy kế') is no column of targets;
    the next year's table beside it still is."""
    body = ("I. KẾT QUẢ THỰC HIỆN NĂM 2026\nKết quả một số chỉ tiêu chủ yếu như sau:\n"
            "STT\tChỉ tiêu\tĐơn vị tính\tThực hiện năm 2025\tƯớc thực hiện năm 2026\tSo với cùng kỳ (%)\n"
            "1\tDiện tích trồng rừng mới\tha\t8.770\t9.200\t104,9\n"
            "II. CHỈ TIÊU NĂM 2027\nSTT\tChỉ tiêu\tĐơn vị tính\tKế hoạch năm 2027\n"
            "1\tDiện tích trồng rừng mới\tha\t9.500\n" + _TAIL)
    ex = extract_text(_head("BÁO CÁO", "31/BC-UBND", "Kết quả thực hiện năm 2026 và kế hoạch năm 2027") + body, "bc")
    assert target_tuples(ex) == [(9500, "ha", 2027)]


def test_a_reports_results_part_gives_no_targets_from_its_table() -> None:
    """A báo cáo's part that reports results ('I. KẾT QUẢ THỰC HIỆN MỘT SỐ CHỈ TIÊU') holds a table of the half-years'
    figures: its year columns are no places and no plan's columns, so none of it is a target; the year ahead's
    sentence still is."""
    body = ("I. KẾT QUẢ THỰC HIỆN MỘT SỐ CHỈ TIÊU\n"
            "STT\tChỉ tiêu\tĐơn vị tính\t6 tháng đầu năm 2025\t6 tháng đầu năm 2026\tSo sánh (%)\n"
            "1\tSố hộ được hỗ trợ cải thiện nhà ở\thộ\t120\t150\t125,0\n"
            "2\tTỷ lệ hồ sơ giải quyết đúng hạn\t%\t96,5\t98,1\t101,7\n\n"
            "II. PHƯƠNG HƯỚNG NHIỆM VỤ 6 THÁNG CUỐI NĂM 2026\n"
            "1. Phấn đấu đến hết năm 2026, tỷ lệ hồ sơ giải quyết đúng hạn đạt 99%.\n" + _TAIL)
    ex = extract_text(_head("BÁO CÁO", "88/BC-UBND", "Kết quả thực hiện 6 tháng đầu năm 2026") + body, "bc")
    assert target_tuples(ex) == [(99, "%", 2026)]


def test_a_reports_results_table_as_ocr_runs_it_gives_no_targets() -> None:
    """A báo cáo's results table as OCR reads a scan of it: cells run together, the header's years and the last
    column's '(%)' wrapped onto the line below, under a sentence OCR broke so its line that names 'chỉ tiêu' no
    longer says 'kết quả'. The header names results ('Thực hiện năm', 'so với kế hoạch'): no row is a target, neither
    read as a table (by year or by place) nor, when OCR ran the table into one paragraph, as a sentence; the year
    ahead's sentence still is."""
    table = ("STT Chỉ tiêu Đơn vị tính Kế hoạch năm Thực hiện năm Tỷ lệ so với kế hoạch\n2025 2025 (%)\n"
             "1 Số hộ được vay vốn giải quyết việc làm hộ 640 702 109,7\n"
             "2 Tỷ lệ hộ nghèo giảm % 1,5 1,8 120,0\n")
    lead = ("I. KẾT QUẢ THỰC HIỆN NĂM 2025\nNăm 2025, Sở đã tổ chức 12 phiên giao dịch việc làm. Kết quả thực hiện\n"
            "các chỉ tiêu chủ yếu như sau:\n\n")
    after = ("\nII. MỤC TIÊU NĂM 2026\nPhấn đấu năm 2026 giải quyết việc làm mới cho 7.200 lao động.\n" + _TAIL)
    head = _head("BÁO CÁO", "212/BC-SNV", "Kết quả công tác việc làm năm 2025 và nhiệm vụ năm 2026")
    glued = table.replace("\n2025 2025 (%)\n1", " 2025 2025 (%) 1").replace("\n2 ", " 2 ")
    # (OCR reads a narrow space as 'i': 'Chỉitiêu')
    for text in (table, glued, glued.replace("Chỉ tiêu", "Chỉitiêu")):
        ex = extract_text(head + lead + text + after, "bc")
        assert target_tuples(ex) == [(7200, "lao động", 2026)], text


def test_a_results_header_is_told_from_a_plans() -> None:
    from extract.targets import _results_header

    assert _results_header("stt chi tieu don vi tinh ke hoach nam thuc hien nam ty le so voi ke hoach")
    assert not _results_header("stt chi tieu don vi tinh nam 2026 nam 2027")
    assert _results_header("stt chiitieu don vi tinh ke hoach nam thuc hien nam")  # OCR's 'Chỉitiêu'
    assert not _results_header("thuc hien chi tieu don vi tinh")
