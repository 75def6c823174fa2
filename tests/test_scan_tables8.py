"""Tables a scan lost where the text kept them (issue 11, round 8 of reading scans, the ds308-ds313 batch): a table by
place whose number column's label OCR garbled ('SÌ]l. | Xã, phường | …'), whose long headers wrap over six lines or
more, whose columns name two years (a past year's rate, the target year's); figure cells OCR garbled into letters and
digits ('lÚ1 109', 'lÍ') left empty; a year OCR misread in a scanned table's header ('2050' for '2030')."""

from __future__ import annotations

from extract.boxes import _crosses, _figure, _number_label, target_tables, visual_lines
from extract.rows import TargetRow, unplaced
from extract.targets import stray_ocr_years
from ingest.records import Word


def _row(words: list[Word], y: int, cells: list[tuple[int, str]]) -> None:
    for x, text in cells:
        for k, tok in enumerate(text.split()):
            words.append(Word(1, y, 1, len(words), tok, x + 70 * k, y, 60, 30, 90.0))


COLS = [100, 250, 700, 1100, 1500]
BODY = [["1", "Xã An Bình", "1.200", "95,5", "120"], ["2", "Xã Tân Hòa", "2.300", "94", "80"],
        ["", "Toàn tỉnh", "3.500", "94,6", "200"]]


def _table(head: list[list[str]], body: list[list[str]] = BODY) -> list[Word]:
    words: list[Word] = []
    y = 100
    for r in head:
        _row(words, y, [(c, t) for c, t in zip(COLS, r, strict=True) if t])
        y += 40
    for r in body:
        y += 30
        _row(words, y, [(c, t) for c, t in zip(COLS, r, strict=True) if t])
        y += 40
    return words


def test_a_header_wrapped_over_seven_lines_its_units_on_the_last() -> None:
    """Long labels in narrow columns ('Số người cần vận động tham gia mới trong năm (người)') wrap over seven lines:
    the header goes on past its fifth line while its lines keep inside the columns, and the table is read."""
    head = [["STT", "Xã,", "Số người", "Tỷ lệ", "Số người"], ["", "phường", "tham gia", "bao phủ", "cần vận"],
            ["", "", "bảo hiểm", "bảo hiểm", "động"], ["", "", "y tế", "y tế", "tham gia"],
            ["", "", "đến hết", "giao năm", "mới"], ["", "", "năm 2025", "2026", "trong"],
            ["", "", "(người)", "(%)", "năm (người)"]]
    (table,) = target_tables(_table(head), 1)
    assert table.header == ["STT", "Xã, phường", "Số người tham gia bảo hiểm y tế đến hết năm 2025 (người)",
                            "Tỷ lệ bao phủ bảo hiểm y tế giao năm 2026 (%)",
                            "Số người cần vận động tham gia mới trong năm (người)"]
    assert [cells for cells, _ in table.rows] == BODY


def test_a_line_of_prose_crosses_a_headers_gutters_a_wrapped_cell_does_not() -> None:
    words: list[Word] = []
    _row(words, 100, [(c, t) for c, t in zip(COLS, ["STT", "Xã,", "Số người", "Tỷ lệ", "Số người"], strict=True)])
    _row(words, 140, [(COLS[2], "tham gia"), (COLS[4], "cần vận")])
    _row(words, 180, [(100, "Các xã, phường tổ chức tuyên truyền vận động người dân tham gia")])
    first, cell, prose = visual_lines(words)
    starts = [w.left for w in first.words[1:] if w.text in ("Xã,", "Số", "Tỷ")][:4]
    assert not _crosses(cell, starts)
    assert _crosses(prose, starts)


def test_a_table_by_place_whose_number_label_ocr_garbled() -> None:
    """'SÌ]l.' for 'STT' opens the header, the places' kind after it: a table by place, its number column's label
    'STT' again, its places' label kept though two of its columns name years."""
    head = [["SÌ]l.", "Xã, phường", "Dân số", "Tỷ lệ năm", "Tỷ lệ năm"], ["", "", "(người)", "2025 (%)", "2026 (%)"]]
    body = [["l", "Xã An Bình", "1.200", "95,5", "96"], ["2", "Xã Tân Hòa", "2.300", "94", "95"],
            ["", "Toàn tỉnh", "3.500", "94,6", "95,4"]]
    (table,) = target_tables(_table(head, body), 1)
    assert table.header == ["STT", "Xã, phường", "Dân số (người)", "Tỷ lệ năm 2025 (%)", "Tỷ lệ năm 2026 (%)"]
    assert [cells[1:] for cells, _ in table.rows] == [r[1:] for r in body]


def test_a_number_label_is_read_only_over_row_numbers() -> None:
    assert _number_label("SÌl.", ["l", "2", "3", ""]) == "STT"
    assert _number_label("ST]", ["1", "2"]) == "STT"
    assert _number_label("Số", ["Xã A", "Xã B"]) == "Số"  # no row numbers under it
    assert _number_label("Khu vực", ["1", "2"]) == "Khu vực"  # a label of its own


def test_a_figure_cell_garbled_into_letters_and_digits_is_left_empty() -> None:
    assert _figure("lÚ1 109") == ""
    assert _figure("lÍ") == ""
    assert _figure("12,5") == "12,5"
    assert _figure("Tối thiểu 90%") == "Tối thiểu 90%"
    assert _figure("Duy trì") == "Duy trì"


def _target(year: int, page: int = 2) -> TargetRow:
    return TargetRow(target_id="", doc_id="d", section_id=None, domain=None, indicator="Tỷ lệ che phủ rừng",
                     kind="quantitative", value=60.0, unit="%", comparator=None, target_year=year, max_value=None,
                     baseline_value=None, baseline_year=None, text="", **{**unplaced(), "page_no": page},
                     confidence=0.9, overridden=None)


def test_a_year_ocr_misread_in_a_scanned_header_gives_way_to_the_documents_period() -> None:
    """A programme for 2026 - 2030 issued in 2026 whose table header OCR read 'Giai đoạn 2028 - 2050': 2050 is in its
    text once, no other year is as far ahead: its targets are for 2030 (the named year one digit apart)."""
    text = "CHƯƠNG TRÌNH giai đoạn 2026 - 2030\nSTT Chỉ tiêu Giai đoạn 2026 - 2027 Giai đoạn 2028 - 2050\n"
    rows = [_target(2050), _target(2027)]
    stray_ocr_years(rows, text, {2}, 2026, 2030)
    assert [r.target_year for r in rows] == [2030, 2027]


def test_a_far_year_the_document_names_elsewhere_or_reads_from_text_is_kept() -> None:
    vision = "Quy hoạch thời kỳ 2026 - 2030, tầm nhìn đến năm 2050\nSTT Chỉ tiêu Năm 2030 Năm 2050\n"
    rows = [_target(2050)]
    stray_ocr_years(rows, vision, {2}, 2026, 2030)
    assert rows[0].target_year == 2050  # named twice: the vision's year
    text = "giai đoạn 2026 - 2030\nSTT Chỉ tiêu Giai đoạn 2028 - 2050\n"
    rows = [_target(2050, page=1)]
    stray_ocr_years(rows, text, {2}, 2026, 2030)
    assert rows[0].target_year == 2050  # a page not OCR'd: as written
    rows = [_target(2045)]
    stray_ocr_years(rows, "kế hoạch năm 2026\nNăm 2045\n", {2}, 2026, None)
    assert rows[0].target_year == 2045  # no period stated, no named year one digit apart: left as read


def test_a_group_row_in_capitals_whose_roman_number_ocr_read_as_a_mark_is_no_task() -> None:
    from extract.boxes import _capitals_group

    def row(no: str, title: str, lead: str = "") -> tuple[list[list[Word]], list[str]]:
        cells = [no, title, lead, ""]
        return [[Word(1, 1, 1, k, t, 0, 0, 10, 10, 90.0) for k, t in enumerate(c.split())] for c in cells], cells

    assert _capitals_group(*row("|", "SẢN PHẨM LÀ ĐỀ ÁN, KẾ HOẠCH"), 0, 1)
    assert _capitals_group(*row("", "SẢN PHẨM LÀ HỆ THỐNG"), 0, 1)  # its number lost
    assert not _capitals_group(*row("1", "SẢN PHẨM LÀ HỆ THỐNG"), 0, 1)  # a numbered row
    assert not _capitals_group(*row("|", "Xây dựng cơ sở dữ liệu"), 0, 1)  # a task's text
    assert not _capitals_group(*row("|", "SẢN PHẨM LÀ HỆ THỐNG", "Sở Tài chính"), 0, 1)  # a lead: a task row
