"""Targets of tables whose unit is given elsewhere than in a unit column (issue 11, the dv302-dv304 round): a title
over a table by place and phase that closes with the unit in brackets; a two-row header whose group cell ('Chỉ tiêu năm
2026') spans sub-columns that bracket their units; a money column beside the targets (a budget, no target). Each
case goes through the real extractor, the helpers on their own too."""

from __future__ import annotations

from functools import partial
from types import SimpleNamespace

from extract.boxes import _spaced_label
from extract.targets import _cells, _two_row_header, _unit_note
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLò Văn Minh\n"

_head = partial(official_head, issuer="ỦY BAN NHÂN DÂN\nTỈNH YÊN BÁI", place="Yên Bái",
                date="ngày 10 tháng 02 năm 2026")


def _lines(*texts: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(text=t) for t in texts]


def test_a_title_that_brackets_the_unit_before_its_colon_gives_the_table_its_unit() -> None:
    """'Số hộ … (hộ) như sau:' over 'Xã | Giai đoạn 2026 - 2027 | Giai đoạn 2028 - 2030': each cell a count of
    households for its phase's end year."""
    body = ("I. CHỈ TIÊU CỤ THỂ\n1. Số hộ được hỗ trợ chuyển đổi sinh kế (hộ) như sau:\n"
            "STT\tXã, phường\tGiai đoạn 2026 - 2027\tGiai đoạn 2028 - 2030\n"
            "1\tXã Lục Yên\t120\t200\n2\tXã Văn Chấn\t90\t150\n\n"
            "II. TỔ CHỨC THỰC HIỆN\nSở Nông nghiệp và Môi trường chủ trì theo dõi, đôn đốc thực hiện.\n" + _TAIL)
    ex = extract_text(_head("KẾ HOẠCH", "21/KH-UBND", "Chuyển đổi sinh kế giai đoạn 2026 - 2030") + body, "kh")
    assert target_tuples(ex) == [(90, "hộ", 2027), (120, "hộ", 2027), (150, "hộ", 2030), (200, "hộ", 2030)]


def test_a_title_unit_and_its_limits() -> None:
    """The unit as printed, lower-case; a qualifier in brackets ('(giá so sánh)') or a name in capitals is none, and a
    bracket that does not close the title before its colon is a note of something else."""
    assert _unit_note(_lines("2. Chiều dài đường được cứng hóa (km):", "STT\tXã\t2026"), 1) == "km"
    assert _unit_note(_lines("Tỷ lệ che phủ theo năm (%) cụ thể như sau:", "STT\tXã\t2026"), 1) == "%"
    assert _unit_note(_lines("Giá trị sản xuất (giá so sánh):", "STT\tXã\t2026"), 1) is None
    assert _unit_note(_lines("Giao chỉ tiêu cho các đơn vị (UBND):", "STT\tXã\t2026"), 1) is None
    assert _unit_note(_lines("Số hộ (hộ) được hỗ trợ tại các xã sau:", "STT\tXã\t2026"), 1) is None


def test_a_two_row_header_gives_each_sub_column_its_unit_and_a_budget_column_none() -> None:
    """'Chỉ tiêu năm 2026' spans 'Số hộ … (hộ)' and 'Tỷ lệ … (%)'; 'Kinh phí hỗ trợ (triệu đồng)' beside them is money
    set aside: a count and a rate per commune for 2026, no budget."""
    body = ("I. CHỈ TIÊU GIAO CÁC XÃ\n"
            "STT\tXã, phường\tChỉ tiêu năm 2026\t\tKinh phí hỗ trợ (triệu đồng)\n"
            "\t\tSố hộ được cấp nước sạch (hộ)\tTỷ lệ hộ dùng nước sạch (%)\t\n"
            "1\tXã Lục Yên\t210\t78\t1.050\n2\tPhường Nghĩa Lộ\t95\t96\t480\n\n"
            "II. TỔ CHỨC THỰC HIỆN\nSở Nông nghiệp và Môi trường chủ trì theo dõi, đôn đốc thực hiện.\n" + _TAIL)
    ex = extract_text(_head("KẾ HOẠCH", "22/KH-UBND", "Cấp nước sạch nông thôn năm 2026") + body, "kh")
    assert target_tuples(ex) == [(78, "%", 2026), (95, "hộ", 2026), (96, "%", 2026), (210, "hộ", 2026)]


def test_a_budget_column_of_a_one_row_header_gives_no_target() -> None:
    """A table by commune whose columns bracket their units, one of them money set aside ('Kinh phí (triệu đồng)'):
    the count's column gives targets, the budget's none."""
    body = ("I. CHỈ TIÊU NĂM 2026\n"
            "STT\tXã, phường\tSố nhà tiêu hợp vệ sinh xây mới (nhà)\tKinh phí (triệu đồng)\n"
            "1\tXã Lục Yên\t40\t200\n2\tXã Văn Chấn\t25\t125\n\n"
            "II. TỔ CHỨC THỰC HIỆN\nSở Y tế chủ trì theo dõi, đôn đốc thực hiện.\n" + _TAIL)
    ex = extract_text(_head("KẾ HOẠCH", "23/KH-UBND", "Vệ sinh nông thôn năm 2026") + body, "kh")
    assert target_tuples(ex) == [(25, "nhà", 2026), (40, "nhà", 2026)]


def test_two_row_header_reads_only_a_sub_header_row() -> None:
    """The row under the header is a sub-header only when it leaves its first cells empty, holds no figure and fills a
    cell the header leaves empty; a data row or a header without a span is read as it is."""
    head = _cells("STT\tXã\tNăm 2026\t\tGhi chú")
    assert _two_row_header(head, "\t\tSố hộ (hộ)\tTỷ lệ (%)\t") == [
        "STT", "Xã", "Số hộ - Năm 2026 (hộ)", "Tỷ lệ - Năm 2026 (%)", "Ghi chú"]
    assert _two_row_header(head, "1\tXã A\t30\t80\t") is None
    assert _two_row_header(head, "\t\t30\t80\t") is None
    assert _two_row_header(_cells("STT\tXã\tNăm 2026\tNăm 2027"), "\t\tSố hộ (hộ)\tSố hộ (hộ)") is None


def test_a_plan_column_after_the_compared_result_is_the_year_aheads() -> None:
    """A báo cáo's 'Kế hoạch năm 2025 | Thực hiện | Tỷ lệ (%) | Kế hoạch năm 2026 | Đơn vị tính': the first plan is the
    one reported on (no target), the one after the result and its comparison the year ahead's, its unit the last
    column's."""
    body = ("I. KẾT QUẢ THỰC HIỆN VÀ KẾ HOẠCH\n"
            "STT\tChỉ tiêu\tKế hoạch năm 2025\tThực hiện\tTỷ lệ (%)\tKế hoạch năm 2026\tĐơn vị tính\n"
            "1\tSố trường đạt chuẩn quốc gia\t12\t13\t108\t15\ttrường\n"
            "2\tTỷ lệ huy động trẻ mẫu giáo\t96\t97\t101\t98\t%\n\n"
            "II. PHƯƠNG HƯỚNG NĂM 2026\nSở Giáo dục và Đào tạo chủ trì hướng dẫn thực hiện.\n" + _TAIL)
    ex = extract_text(_head("BÁO CÁO", "310/BC-UBND", "Kết quả giáo dục năm 2025").replace("năm 2026", "năm 2025")
                      .replace("10 tháng 02", "15 tháng 12") + body, "bc")
    assert target_tuples(ex) == [(15, "trường", 2026), (98, "%", 2026)]


def test_a_scans_glued_header_words_are_split_back() -> None:
    """OCR runs a target table's header syllables together ('Thựchiện', 'Kếhoạchnăm 2026', 'Tỷlệ(%)'): split back,
    the plan-and-result table reads as printed; a place's or a unit's words, and a word that is one header syllable,
    stay as read."""
    assert _spaced_label("Thựchiện") == "Thực hiện"
    assert _spaced_label("Kếhoạchnăm 2026") == "Kế hoạch năm 2026"
    assert _spaced_label("Tỷlệ(%)") == "Tỷ lệ (%)"
    assert _spaced_label("Đơnvịtính") == "Đơn vị tính"
    assert _spaced_label("Xã,phường") == "Xã,phường"
    assert _spaced_label("Số hộ (hộ)") == "Số hộ (hộ)"
    assert _spaced_label("Năm 2026") == "Năm 2026"
