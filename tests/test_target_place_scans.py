"""Tables of targets by place on scans (round 6 of targets from scans, batch ds300-ds303): the line that announces
the table wrapped over two lines, a header alone at the foot of a page whose rows are on the next, a header repeated
over the rows of the next page, a mark OCR set after a header's bracketed unit, and rates whose decimal comma OCR
dropped. Each rule through its own function, the readers' ones through the real extractor."""

from __future__ import annotations

from functools import partial

from extract.boxes import _dropped_commas, _head_cell, target_tables
from ingest.records import Word
from tests.conftest import extract_text, official_head, target_tuples

_head = partial(official_head, issuer="ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NINH", place="Quảng Ninh",
                date="ngày 09 tháng 02 năm 2026")
_TABLE = ("STT\tXã, phường\tTỷ lệ hộ nghèo (%)\tSố hộ thoát nghèo (hộ)\n"
          "1\tXã Ba Chẽ\t3,85\t96\n2\tXã Bình Liêu\t4,6\t118\n\tToàn tỉnh\t4,2\t214\n")
_WANT = [(3.85, "%", 2026), (4.2, "%", 2026), (4.6, "%", 2026), (96, "hộ", 2026), (118, "hộ", 2026),
         (214, "hộ", 2026)]


def test_the_announcing_line_wrapped_over_two_lines() -> None:
    """'Điều 1. Giao chỉ tiêu … như sau:' as a scan wraps it (the colon on the second line) still announces the
    table right under it; two sentences (the first one ended) do not join."""
    body = ("QUYẾT ĐỊNH:\n\nĐiều 1. Giao chỉ tiêu giảm nghèo bền vững và giải quyết việc làm năm 2026 cho Ủy ban "
            "nhân\ndân các xã, phường như sau:\n"
            + _TABLE + "\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.\n")
    ex = extract_text(_head("QUYẾT ĐỊNH", "418/QĐ-UBND", "Về việc giao chỉ tiêu giảm nghèo năm 2026") + body, "qd")
    assert target_tuples(ex) == _WANT
    body = ("QUYẾT ĐỊNH:\n\nĐiều 1. Công nhận các xã, phường hoàn thành chỉ tiêu giảm nghèo của năm 2025 trên địa "
            "bàn tỉnh.\nKết quả của các xã, phường như sau:\n" + _TABLE)
    ex = extract_text(_head("QUYẾT ĐỊNH", "418/QĐ-UBND", "Về việc công nhận kết quả năm 2025") + body, "qd")
    assert target_tuples(ex) == []


def test_a_header_repeated_over_the_rows_of_the_next_page_is_in_the_same_part() -> None:
    """The rebuilt header at the foot of one page and again over its rows on the next (blank lines between): the
    second is in the targets part the first is, under the appendix's title (too far above it to be read as its own)."""
    header = _TABLE.split("\n")[0]
    body = ("QUYẾT ĐỊNH:\n\nĐiều 1. Giao chỉ tiêu cho các xã (Phụ lục kèm theo).\n\nNơi nhận:\n- Lưu: VT.\n\n"
            "CHỦ TỊCH\n\nLò Văn Minh\n\nPHỤ LỤC\nCHỈ TIÊU GIẢM NGHÈO NĂM 2026\n\n" + header + "\n" * 8 + _TABLE)
    ex = extract_text(_head("QUYẾT ĐỊNH", "418/QĐ-UBND", "Về việc giao chỉ tiêu giảm nghèo năm 2026") + body, "qd")
    assert target_tuples(ex) == _WANT


def _row(words: list[Word], y: int, cells: list[tuple[int, str]]) -> None:
    for x, text in cells:
        for k, tok in enumerate(text.split()):
            words.append(Word(1, y, 1, len(words), tok, x + 70 * k, y, 60, 30, 90.0))


def test_a_header_at_the_foot_of_a_page_takes_the_next_pages_rows() -> None:
    """A table by commune whose wrapped header ends page 1: page 2's first lines, with figures in its columns and
    their numbers lost, are its rows (a place's name wrapped onto a second line joins its row); a page that opens
    with prose takes none."""
    cols = [100, 250, 800, 1300]
    page1: list[Word] = []
    _row(page1, 100, [(100, "Điều 1. Giao chỉ tiêu cho các xã như sau:")])
    _row(page1, 3000, [(cols[0], "STT"), (cols[1], "Xã, phường"), (cols[2], "Tỷ lệ hộ"), (cols[3], "Số hộ thoát")])
    _row(page1, 3050, [(cols[2], "nghèo (%)"), (cols[3], "nghèo (hộ)")])
    (head,) = target_tables(page1, 1)
    assert head.rows == [] and head.runs_off
    page2: list[Word] = []
    _row(page2, 200, [(cols[1], "Xã Ba"), (cols[2], "3,85"), (cols[3], "96")])
    _row(page2, 250, [(cols[1], "Chẽ")])
    _row(page2, 320, [(cols[1], "Xã Bình Liêu"), (cols[2], "4,6"), (cols[3], "118")])
    (table,) = target_tables(page2, 2, carry=head)
    assert table.continued
    assert table.header == ["STT", "Xã, phường", "Tỷ lệ hộ nghèo (%)", "Số hộ thoát nghèo (hộ)"]
    assert [cells for cells, _ in table.rows] == [["", "Xã Ba Chẽ", "3,85", "96"], ["", "Xã Bình Liêu", "4,6", "118"]]
    prose: list[Word] = []
    _row(prose, 200, [(100, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký và thay thế các quyết định")])
    assert target_tables(prose, 2, carry=head) == []


def test_a_mark_after_a_header_cells_bracketed_unit_is_dropped() -> None:
    assert _head_cell("Số lao động được tạo việc làm mới (người) ˆ") == "Số lao động được tạo việc làm mới (người)"
    assert _head_cell("Tỷ lệ (%)'") == "Tỷ lệ (%)"
    assert _head_cell("Số hộ (hộ) mới") == "Số hộ (hộ) mới"  # words after the bracket stay


def test_a_rates_dropped_decimal_comma_is_put_back() -> None:
    """A rate over 100 ('925') and a total rate above every place's whose tenth lies among them ('12' under 0,15 …
    4,6) lost their decimal comma; a count column, and a total whose tenth lies outside the places', stay."""
    header = ["STT", "Xã", "Tỷ lệ hộ nghèo (%)", "Số hộ (hộ)", "Tỷ lệ che phủ (%)"]
    rows = [["1", "Xã A", "0,15", "120", "925"], ["2", "Xã B", "4,6", "118", "60"], ["3", "Xã C", "2,4", "64", "70"],
            ["", "Toàn tỉnh", "12", "302", "76"]]
    _dropped_commas(rows, header, {2, 3, 4})
    assert [r[2] for r in rows] == ["0,15", "4,6", "2,4", "1,2"]
    assert [r[3] for r in rows] == ["120", "118", "64", "302"]
    assert [r[4] for r in rows] == ["92,5", "60", "70", "76"]
    rows = [["1", "Xã A", "1,5", "1", "1"], ["2", "Xã B", "2,5", "1", "1"], ["", "Toàn tỉnh", "90", "2", "2"]]
    _dropped_commas(rows, header, {2})
    assert rows[-1][2] == "90"
