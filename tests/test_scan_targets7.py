"""Targets a scan lost where the text kept them (issue 11, round 7 of reading scans, the ds304-ds307 batch): a table by
area with no number column ('Khu vực | Số hộ … (hộ) | …') whose row names wrap below their figures; a header's
bracketed unit OCR misread by a mark ('(cân)' under 'Số căn nhà'); a unit cell whose words OCR glued or lost a letter
of ('kgOE/nghnUSD'); a figure with a letter for a digit ('l,2', 'I2' among decimals); a garbled figure ('2IÓ') left
empty; a strive clause opened by its year inside a sentence ('Để …, trong năm 2026 phấn đấu …'); a unit cell in
small letters as every unit ('triệu kwh'); a part's roman heading whose dot OCR lost ('II CHỈ TIÊU …')."""

from __future__ import annotations

from extract.boxes import _bracket_unit, _figure, _lettered_decimals, _named_rows, _unit, target_tables
from extract.structure import _classify
from extract.targets import _small_unit, target_sentences
from ingest.records import Word
from tests.conftest import extract_text, official_head, target_tuples


def _row(words: list[Word], y: int, cells: list[tuple[int, str]]) -> None:
    for x, text in cells:
        for k, tok in enumerate(text.split()):
            words.append(Word(1, y, 1, len(words), tok, x + 70 * k, y, 60, 30, 90.0))


def test_a_table_by_area_with_no_number_column_and_row_names_wrapped_below_their_figures() -> None:
    """'Khu vực | Số hộ … (hộ) | Số bao … (bao) | Tỷ lệ … (%)': the header's cells wrapped over two lines, their units
    on the second; a row name's tail alone on the line under the row's figures (as close under it as a cell's lines
    are) joins that row; the next row, a row's height below, is a row of its own; the total row too."""
    cols = [100, 700, 1200, 1700]
    words: list[Word] = []
    _row(words, 100, [(cols[0], "Khu vực"), (cols[1], "Số hộ phân"), (cols[2], "Số bao đựng"), (cols[3], "Tỷ lệ thu")])
    _row(words, 140, [(cols[1], "loại (hộ)"), (cols[2], "rác (bao)"), (cols[3], "gom (%)")])
    _row(words, 210, [(cols[0], "Khu vực Tây Lộc"), (cols[1], "2.450"), (cols[2], "4.900"), (cols[3], "98,5")])
    _row(words, 270, [(cols[0], "Khu vực ven sông"), (cols[1], "1.820"), (cols[2], "3.640"), (cols[3], "96,2")])
    _row(words, 308, [(cols[0], "Hương phía Bắc")])
    _row(words, 370, [(cols[0], "Khu vực đồi núi")])  # a row's gap below: a row of its own, its figures lost
    _row(words, 430, [(cols[0], "Toàn phường"), (cols[1], "4.270"), (cols[2], "8.540"), (cols[3], "97,4")])
    (table,) = target_tables(words, 1)
    assert table.header == ["Khu vực", "Số hộ phân loại (hộ)", "Số bao đựng rác (bao)", "Tỷ lệ thu gom (%)"]
    assert table.fig_cols == {1, 2, 3}
    assert [cells for cells, _ in table.rows] == [
        ["Khu vực Tây Lộc", "2.450", "4.900", "98,5"],
        ["Khu vực ven sông Hương phía Bắc", "1.820", "3.640", "96,2"],
        ["Khu vực đồi núi", "", "", ""],
        ["Toàn phường", "4.270", "8.540", "97,4"],
    ]


def test_the_kinds_of_place_a_first_column_names() -> None:
    for first in ("Khu vực", "Tên xã", "Xã, phường", "Địa bàn", "Tổ dân phố", "Thôn"):
        assert _named_rows([first, "Số hộ (hộ)"]), first
    for first in ("STT", "TT", "Chỉ tiêu", "Nội dung"):
        assert not _named_rows([first, "Số hộ (hộ)"]), first


def test_a_header_without_a_number_column_or_a_place_is_no_table() -> None:
    """Prose set in two blocks with a bracket in it is no table of targets: its first cell names no kind of place."""
    words: list[Word] = []
    _row(words, 100, [(100, "Ghi chú"), (900, "Số liệu (hộ)"), (1500, "Nguồn")])
    _row(words, 170, [(100, "Theo báo cáo"), (900, "120"), (1500, "140")])
    assert target_tables(words, 1) == []


def test_a_headers_bracketed_unit_is_spelled_as_its_own_words_spell_it() -> None:
    assert _bracket_unit("Số căn nhà đại đoàn kết xây mới (cân)") == "Số căn nhà đại đoàn kết xây mới (căn)"
    assert _bracket_unit("Sản lượng tôm nuôi (tắn)") == "Sản lượng tôm nuôi (tấn)"  # the one measure word
    assert _bracket_unit("Tỷ lệ hộ nghèo (%)") == "Tỷ lệ hộ nghèo (%)"
    # (a label OCR glued spaces no unit anew; a bracket no word spells stays as read)
    assert _bracket_unit("Số hộ giađình (hộ gia đình)") == "Số hộ giađình (hộ gia đình)"
    assert _bracket_unit("Số bao cấp phát (bao)") == "Số bao cấp phát (bao)"


def test_a_unit_cells_glued_words_and_a_lost_letter() -> None:
    assert _unit("kgOE/nghnUSD") == "kgOE/nghìn USD"
    assert _unit("kgOE/nghìnUSD") == "kgOE/nghìn USD"
    assert _unit("triệukWh") == "triệu kWh"
    assert _unit("tỷ đồng") == "tỷ đồng"
    # (no lost letter in a short word, none at a word's start: 'h' stays; an unknown word stays as read)
    assert _unit("h") == "h"
    assert _unit("cái") == "cái"


def test_a_figure_with_a_letter_for_a_digit_and_a_garbled_one() -> None:
    assert _figure("l,2") == "1,2"
    assert _figure("1O5") == "105"
    assert _figure("2IÓ") == ""  # capitals among digits: garbled, never guessed (not 2)
    assert _figure("IO") == ""  # no digit: no figure
    assert _figure("Tối thiểu 90%") == "Tối thiểu 90%"
    rows = [["1", "A", "0,15"], ["2", "B", "I2"], ["3", "C", "3,85"], ["", "T", "4,6"]]
    raw = [r[:] for r in rows]
    out = [[_figure(c) if k == 2 else c for k, c in enumerate(r)] for r in rows]
    _lettered_decimals(out, raw, {2})
    assert [r[2] for r in out] == ["0,15", "1,2", "3,85", "4,6"]
    # among whole numbers a lettered figure stays whole
    rows = [["1", "A", "150"], ["2", "B", "I2"], ["3", "C", "385"]]
    out = [[_figure(c) if k == 2 else c for k, c in enumerate(r)] for r in rows]
    _lettered_decimals(out, [r[:] for r in rows], {2})
    assert [r[2] for r in out] == ["150", "12", "385"]


def test_a_strive_clause_opened_by_its_year_inside_a_sentence() -> None:
    text = ("Để thực hiện các chỉ tiêu tiết kiệm năng lượng của tỉnh, trong năm 2026 phấn đấu giảm 15% số cơ sở chưa "
            "kiểm toán năng lượng so với năm 2025 và có 80% cơ quan sử dụng thiết bị chiếu sáng hiệu suất cao.")
    assert target_sentences(text, 2026) == text[text.index("trong năm 2026") :]
    head = official_head("CHỈ THỊ", "04/CT-UBND", "Về tăng cường sử dụng năng lượng tiết kiệm năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH HƯNG YÊN", place="Hưng Yên", date="ngày 20 tháng 02 năm 2026")
    body = ("Thời gian qua, công tác tiết kiệm năng lượng đạt kết quả tích cực. " + text + "\n\nChủ tịch Ủy ban nhân "
            "dân tỉnh yêu cầu:\n\n1. Sở Công Thương chủ trì kiểm tra, hoàn thành trước ngày 30/10/2026.\n\n"
            "Nơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nTrần Văn An\n")
    assert target_tuples(extract_text(head + body, "ct")) == [(15, "%", 2026), (80, "%", 2026)]


def test_a_units_cell_is_written_in_small_letters() -> None:
    assert _small_unit("triệu kWh") == "triệu kwh"
    assert _small_unit("kgOE/nghìn USD") == "kgoe/nghìn usd"
    assert _small_unit("Tỷ đồng") == "tỷ đồng"
    assert _small_unit("%") == "%"


def test_a_parts_roman_heading_whose_dot_ocr_lost() -> None:
    assert _classify("II CHỈ TIÊU NĂM 2026 THEO KHU VỰC") == ("roman", "II", "CHỈ TIÊU NĂM 2026 THEO KHU VỰC")
    assert _classify("IV TỔ CHỨC THỰC HIỆN") == ("roman", "IV", "TỔ CHỨC THỰC HIỆN")
    assert _classify("II CỘNG HÒA XÃ HỘI")[0] == "plain"  # no part's name
