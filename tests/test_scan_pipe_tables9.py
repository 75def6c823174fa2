"""Target tables written with '|' between cells, as a scan gives them back (issue 11, the ds314-ds319 round): OCR reads
a bar as 'I', 'l', '!', '[' or ']' or runs it onto a figure, wraps a long header row onto the next line ('… (%)' /
'| Số hộ thoát nghèo (hộ)'), wraps a row's last figure below it, and drops a unit's slash ('lượt xengày'). The table
view (extract/tables.py) mends such lines of an OCR'd page before its one '|'-to-tab step; lines of a text layer are
left as they are. The last test renders a table to a scan and reads it with the real pipeline (Tesseract)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from extract.structure import Line
from extract.tables import _ocr_figure, _per_unit, _place_header, scan_pipe_rows
from tests.conftest import extract_text, official_head, target_tuples

_BY_YEAR = """Các chỉ tiêu như sau:
STT | Chỉ tiêu | Đơn vị tính | Năm 2026 | Năm 2027
1 I Giá trị xuất khẩu hàng hóa | tỷ USD l 4,2 ! 4,6
2 | Lưu lượng xe qua cửa khẩu | lượt xengày | 1.250 |
1.400
3 | Số trung tâm logistics | trung tâm |2 [3

III. TỔ CHỨC THỰC HIỆN
Phụ lục I kèm theo I."""


def _lines(text: str, page: int = 1) -> list[Line]:
    return [Line(i, page, t) for i, t in enumerate(text.split("\n"))]


def test_garbled_bars_a_wrapped_figure_and_a_lost_slash_on_a_scanned_page() -> None:
    out = [ln.text for ln in scan_pipe_rows(_lines(_BY_YEAR), {1})]
    # the rows on consecutive lines (the targets reader reads a table down to a blank), the emptied line after them
    assert out[2:6] == ["1 | Giá trị xuất khẩu hàng hóa | tỷ USD | 4,2 | 4,6",
                        "2 | Lưu lượng xe qua cửa khẩu | lượt xe/ngày | 1.250 | 1.400",
                        "3 | Số trung tâm logistics | trung tâm |2 |3", ""]
    assert [ln.idx for ln in scan_pipe_rows(_lines(_BY_YEAR), {1})][2:7] == [2, 3, 5, 6, 4]  # each row its own line
    assert out[6:] == _BY_YEAR.split("\n")[6:]  # prose under the table: its 'I's no bars
    assert out[0] == "Các chỉ tiêu như sau:"


def test_a_header_row_wrapped_before_its_last_cell_is_one_row_again() -> None:
    text = ("STT | Xã, phường | Số hộ được hỗ trợ (hộ) | Tỷ lệ hộ nghèo (%)\n| Số hộ thoát nghèo (hộ)\n"
            "1 | Xã An Lão | 1.200 | 3,48 | 40\n2 | Xã Tiên Lãng | 1.300 | 4,05 | 52\n| Toàn thành phố | 2.500 | 3,8 | 92")
    out = [ln.text for ln in scan_pipe_rows(_lines(text), {1})]
    assert out[0] == "STT | Xã, phường | Số hộ được hỗ trợ (hộ) | Tỷ lệ hộ nghèo (%) | Số hộ thoát nghèo (hộ)"
    assert out[1:] == [*text.split("\n")[2:], ""]


def test_a_text_layers_lines_and_bordered_rows_are_left_alone() -> None:
    assert [ln.text for ln in scan_pipe_rows(_lines(_BY_YEAR), set())] == _BY_YEAR.split("\n")  # not a scan
    bordered = "| STT | Chỉ tiêu | Năm 2026 |\n| 1 | Số xã đạt chuẩn | 12 |\nTổng kinh phí thực hiện là 300 triệu đồng."
    assert [ln.text for ln in scan_pipe_rows(_lines(bordered), {1})] == bordered.split("\n")


def test_a_units_lost_slash() -> None:
    assert _per_unit("lượt xengày") == "lượt xe/ngày"
    assert _per_unit("kg/người") == "kg/người"
    for cell in ("người", "trung tâm", "hằng năm", "%"):  # a word as it stands, or none of that shape
        assert _per_unit(cell) == cell


def test_a_pipe_table_by_ward_read_from_a_rendered_scan(tmp_path: Path) -> None:
    """The real pipeline on a rendered, OCR'd page: a '|' table by ward whose header row the page wraps before its
    last cell gives each figure of each row, the total row's too."""
    from devkit import synth
    from vnplan import pipeline
    from vnplan.store import Store

    body = ("I. MỤC ĐÍCH\nHỗ trợ hộ nghèo tiếp cận dịch vụ xã hội cơ bản.\n\nII. CHỈ TIÊU NĂM 2026\n"
            "Chỉ tiêu giảm nghèo năm 2026 của các phường, xã như sau:\n"
            "STT | Phường, xã | Số hộ cận nghèo được hỗ trợ sinh kế (hộ) | Tỷ lệ hộ nghèo cuối năm 2026 (%) | "
            "Số hộ thoát nghèo (hộ)\n"
            "1 | Phường Hồng Bàng | 2.140 | 1,35 | 86\n2 | Xã An Lão | 4.860 | 3,48 | 212\n"
            "| Toàn thành phố | 7.000 | 2,4 | 298\n\n"
            "III. TỔ CHỨC THỰC HIỆN\nSở Tài chính bố trí kinh phí hỗ trợ hộ nghèo trong Quý II/2026.\n\n"
            "Nơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Văn An\n")
    text = official_head("KẾ HOẠCH", "86/KH-UBND", "Giảm nghèo bền vững năm 2026", issuer="ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG",
                         place="Hải Phòng", date="ngày 12 tháng 2 năm 2026") + body
    pdf = synth.save_pdf(synth.render_pages(text, degrade="light", seed=3), tmp_path / "scan.pdf")
    summary = pipeline.run([pdf], tmp_path / "store", pipeline.Options(progress=False, workers=1))
    assert not summary.failed
    got = sorted((t["value"], t["unit"], t["target_year"]) for t in Store(tmp_path / "store").read("targets").to_pylist())
    assert got == sorted([(2140, "hộ", 2026), (1.35, "%", 2026), (86, "hộ", 2026), (4860, "hộ", 2026),
                          (3.48, "%", 2026), (212, "hộ", 2026), (7000, "hộ", 2026), (2.4, "%", 2026),
                          (298, "hộ", 2026)])


def _ocr_extract(text: str):  # -> extract.Extraction
    """Extraction of a one-page document whose text is an OCR'd page's (no word boxes)."""
    from extract.core import extract_document
    from ingest.records import Document, Page

    return extract_document(Document("d", "d.pdf", "d.pdf", pages=[Page(1, "ocr", text, text=text)]))


_PLAN = partial(official_head, "KẾ HOẠCH", "73/KH-UBND", "Cấp nước sạch nông thôn năm 2026",
                issuer="ỦY BAN NHÂN DÂN\nTỈNH BẮC KẠN", place="Bắc Kạn", date="ngày 4 tháng 3 năm 2026")
_TAIL = "\nIII. TỔ CHỨC THỰC HIỆN\nSở Xây dựng hướng dẫn các xã thực hiện.\n\nNơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Văn An\n"


def test_a_table_by_place_whose_cells_ocr_read_with_single_spaces() -> None:
    """'STT Xã, phường Số hộ … (hộ) Tỷ lệ … (%)' (the header wrapped onto a second line) over '1 Xã Na Rì 3.420 91,5'
    and a total row: each row's figures under the header's bracketed units, the total's too."""
    body = ("I. MỤC ĐÍCH\nBảo đảm nước sạch cho người dân.\n\nII. CHỈ TIÊU NĂM 2026\n"
            "Chỉ tiêu cấp nước sạch năm 2026 của các xã, phường như sau:\n"
            "STT Xã, phường Số hộ được sử dụng nước sạch (hộ) Tỷ lệ dân số dùng\nnước sạch (%)\n"
            "1 Xã Na Rì 3.420 91,5\n2 Phường 5 4.185 88,2\nTổng cộng 7.605 89,9\n" + _TAIL)
    ex = _ocr_extract(_PLAN() + body)
    assert target_tuples(ex) == [(88.2, "%", 2026), (89.9, "%", 2026), (91.5, "%", 2026),
                                 (3420, "hộ", 2026), (4185, "hộ", 2026), (7605, "hộ", 2026)]


def test_a_table_by_unit_set_in_aligned_columns_in_a_text() -> None:
    """The same kind of table by unit ('Đơn vị') as a text aligns it: runs of spaces, a total row with no number."""
    body = ("I. CHỈ TIÊU NĂM 2026\nGiao chỉ tiêu năm 2026 cho các đơn vị như sau:\n"
            "STT   Đơn vị                         Số trẻ được tiêm chủng (trẻ)   Tỷ lệ tiêm chủng (%)\n"
            "1     Trung tâm Y tế khu vực Na Rì   1.850                          96,5\n"
            "2     Trung tâm Y tế khu vực Ba Bể   1.420                          95\n"
            "      Tổng cộng                      3.270                          95,8\n" + _TAIL)
    ex = extract_text(_PLAN() + body)
    assert target_tuples(ex) == [(95, "%", 2026), (95.8, "%", 2026), (96.5, "%", 2026),
                                 (1420, "trẻ", 2026), (1850, "trẻ", 2026), (3270, "trẻ", 2026)]
    assert _place_header("STT Đơn vị tính Năm 2026 (%)") is None  # a unit column's label is no unit of rows


def test_a_figure_cell_with_one_digit_ocr_read_as_a_letter() -> None:
    assert _ocr_figure(" Z7") == " 27"
    assert _ocr_figure("l,2 ") == "1,2 "
    assert _ocr_figure(" 1O5") == " 105"
    for cell in (" 18", " Số 2", " ZO", " tỷ USD", " 2026 "):  # a figure already, words, two letters misread
        assert _ocr_figure(cell) == cell


def test_the_title_over_a_scanned_pipe_table_is_no_target_of_its_own() -> None:
    """'Các chỉ tiêu … như sau:' over a '|' table on an OCR'd page (the table's rows not yet tabs when the paragraphs
    were made, so the title ran on into them): the title gives no target, the rows give theirs, a figure whose '2' OCR
    read 'Z' too."""
    body = ("I. MỤC ĐÍCH\nPhát triển thủy sản bền vững.\n\nII. MỤC TIÊU\nCác chỉ tiêu chủ yếu theo từng năm như sau:\n"
            "STT | Chỉ tiêu | Đơn vị tính | 2026 | 2027\n1 | Sản lượng tôm nuôi | nghìn tấn | 245 | 260\n"
            "2 | Tỷ lệ diện tích nuôi tôm công nghệ cao | % | 18 | Z7\n" + _TAIL)
    ex = _ocr_extract(_PLAN() + body)
    assert target_tuples(ex) == [(18, "%", 2026), (27, "%", 2027), (245, "nghìn tấn", 2026), (260, "nghìn tấn", 2027)]
