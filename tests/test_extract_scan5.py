"""Scans round 5 (batch 33): what a scan lost against the text of the same document, rule by rule, on word boxes
laid out as the rendered scans give them."""

from __future__ import annotations

from extract.boxes import BoxTableReader, clean_words, target_tables
from extract.letters import parse_items
from extract.structure import page_lines
from ingest.records import Word
from tests.conftest import extract_text, official_head


def _put(words: list[Word], y: int, x: int, text: str, *, par: int = 1, step: int = 70, h: int = 30) -> int:
    """Words of ``text`` from ``x`` on line ``y``, each 60 wide; returns the right edge of the last."""
    for k, tok in enumerate(text.split()):
        words.append(Word(1, par, y, len(words), tok, x + step * k, y, 60, h, 90.0))
    return x + step * (len(text.split()) - 1) + 60


def _task_rows(words: list[Word]) -> list[list[str]]:
    return [r[2] for r in BoxTableReader().rows(words, 1, body=True) if isinstance(r[2], list)]


def test_a_ruling_read_as_a_dash_does_not_join_two_columns() -> None:
    """A cell's vertical ruling that Tesseract read as a tall '-' (in the header's number cell and in one row, in the
    narrow gutter between the task and the lead columns) is no word: the two columns stay two."""
    words: list[Word] = []
    _put(words, 100, 100, "STT")
    words.append(Word(1, 1, 100, len(words), "-", 170, 95, 15, 50, 30.0))
    _put(words, 100, 230, "Nội dung công việc")
    _put(words, 100, 525, "Đơn vị chủ trì")
    _put(words, 100, 900, "Thời gian")
    for k, (task, lead, when) in enumerate([("Quan trắc môi trường", "Chi cục Thủy sản", "Hằng tháng"),
                                            ("Kiểm tra thức ăn,", "Sở Tài chính", "Quý IV/2026")]):
        y = 200 + 100 * k
        _put(words, y, 100, str(k + 1))
        _put(words, y, 230, task)
        if k == 1:
            words.append(Word(1, 1, y, len(words), "-", 505, y - 8, 15, 50, 37.0))
        _put(words, y, 525, lead)
        _put(words, y, 900, when)
    rows = _task_rows(words)
    assert rows[0] == ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian"]
    assert rows[2] == ["2", "Kiểm tra thức ăn,", "Sở Tài chính", "Quý IV/2026"]
    # a printed dash (wider than tall) stays a word
    dash = Word(1, 1, 1, 0, "-", 10, 10, 12, 4, 93.0)
    assert [w.text for w in clean_words([dash])] == ["-"]


def test_a_cells_aside_keeps_its_brackets() -> None:
    """'(Phòng Quản' … 'lý thu)' in one Tesseract paragraph: the brackets are the cell's, kept; a bracket with no
    partner in its paragraph (a ruling OCR read as one) is dropped as before."""
    words = [Word(1, 1, 1, k, t, 100 + 80 * k, 100, 60, 30, 90.0)
             for k, t in enumerate(["Bảo", "hiểm", "tỉnh", "(Phòng", "Quản", "lý", "thu)", "(Sở"])]
    words[-1] = Word(1, 2, 2, 7, "(Sở", 100, 200, 60, 30, 90.0)
    assert [w.text for w in clean_words(words)] == ["Bảo", "hiểm", "tỉnh", "(Phòng", "Quản", "lý", "thu)", "Sở"]


def test_specks_read_as_letters_no_vietnamese_word_has_are_dropped() -> None:
    words = [Word(1, 1, 1, k, t, 100 + 80 * k, 100, 20, 20, c)
             for k, (t, c) in enumerate([("Ä", 90.0), ("z", 0.0), ("ø", 93.0), ("I.", 10.0), ("Cơ", 15.0), ("%o", 5.0),
                                         ("y", 91.0), ("Đ", 80.0)])]
    assert [w.text for w in clean_words(words)] == ["I.", "Cơ", "%o", "y", "Đ"]


def test_a_header_label_wrapped_over_two_lines_stays_one_column() -> None:
    """'Tỷ lệ dân số tham gia bảo' / 'hiểm y tế (%)': the word spaces after 'dân' and after 'tế' line up, a gutter
    no body word lies right of (the cells' figures stand at their left): one column, its figures read."""
    words: list[Word] = []
    _put(words, 100, 100, "STT")
    _put(words, 100, 230, "Đơn vị")
    _put(words, 100, 500, "Tỷ lệ dân số tham gia bảo", step=75)
    _put(words, 140, 500, "hiểm y tế (%)", step=75)
    _put(words, 100, 1100, "Số hộ (hộ)")
    for k, (unit, rate, n) in enumerate([("Phường A", "97", "40"), ("Xã B", "95", "65"), ("Xã C", "93", "120")]):
        y = 220 + 60 * k
        _put(words, y, 100, str(k + 1))
        _put(words, y, 230, unit)
        _put(words, y, 500, rate)
        _put(words, y, 1100, n)
    (table,) = target_tables(words, 1)
    assert table.header == ["STT", "Đơn vị", "Tỷ lệ dân số tham gia bảo hiểm y tế (%)", "Số hộ (hộ)"]
    assert [cells[2] for cells, _ in table.rows] == ["97", "95", "93"]


def test_a_figure_with_a_digit_more_than_its_box_holds_is_left_empty() -> None:
    """'530' in a box as narrow as the table's two-digit figures (a mark beside '50' read as a digit) is no figure."""
    words: list[Word] = []
    _put(words, 100, 100, "STT")
    _put(words, 100, 230, "Chỉ tiêu")
    _put(words, 100, 600, "Đơn vị tính")
    _put(words, 100, 900, "Năm 2026")
    _put(words, 100, 1100, "Năm 2027")
    for k, (a, b) in enumerate([("30", "40"), ("530", "60"), ("45", "50")]):
        y = 200 + 60 * k
        _put(words, y, 100, str(k + 1))
        _put(words, y, 230, "Tỷ lệ")
        _put(words, y, 600, "%")
        words.append(Word(1, 1, y, len(words), a, 900, y, 40, 30, 90.0))
        words.append(Word(1, 1, y, len(words), b, 1100, y, 40, 30, 90.0))
    (table,) = target_tables(words, 1)
    assert [cells[3:] for cells, _ in table.rows] == [["30", "40"], ["", "60"], ["45", "50"]]


def test_a_closing_paragraph_a_scan_wrapped_before_an_agency_is_no_request() -> None:
    """'… phản ánh về' / 'Sở Nội vụ (qua …) để được hướng dẫn.': the closing sentence goes on; after a blank line an
    agency's own paragraph still is a request."""
    body = ("Sở Nội vụ đề nghị các cơ quan, đơn vị thực hiện các nội dung sau:\n"
            "1. Các sở, ngành rà soát thủ tục hành chính, gửi kết quả trước ngày 20/4/2026.\n\n"
            "Trong quá trình triển khai, nếu có khó khăn, vướng mắc, đề nghị các cơ quan, đơn vị phản ánh về\n"
            "Sở Nội vụ (qua Phòng Cải cách hành chính) để được hướng dẫn.\n")
    lines = page_lines([(1, body)])
    items, _ = parse_items(lines, len(lines))
    assert [it.text[:19] for it in items] == ["Các sở, ngành rà so"]
    lines = page_lines([(1, body.replace("về\n", "về.\n\n"))])
    items, _ = parse_items(lines, len(lines))
    assert [it.text[:19] for it in items] == ["Các sở, ngành rà so", "Sở Nội vụ (qua Phòn"]


def test_a_letter_from_text_still_reads_its_closing_agency_paragraph() -> None:
    """From text nothing changes: a paragraph after the list that assigns its agency a duty is a task."""
    text = official_head("", "15/SNV-CCHC", "V/v rà soát thủ tục hành chính", issuer="SỞ NỘI VỤ\nTỈNH CÀ MAU",
                         place="Cà Mau", date="ngày 02 tháng 4 năm 2026") + (
        "Kính gửi: Các sở, ban, ngành tỉnh.\n\n"
        "Sở Nội vụ đề nghị các cơ quan, đơn vị thực hiện các nội dung sau:\n"
        "1. Rà soát thủ tục hành chính thuộc phạm vi quản lý, gửi kết quả trước ngày 20/4/2026.\n"
        "2. Cập nhật quy trình nội bộ trên hệ thống, hoàn thành trước ngày 30/4/2026.\n\n"
        "Trong quá trình triển khai, nếu có khó khăn, vướng mắc, đề nghị phản ánh về Sở Nội vụ để được hướng dẫn.\n\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT, CCHC.\n\nGIÁM ĐỐC\n\nNguyễn Văn An\n")
    assert len(extract_text(text).tasks) == 2
