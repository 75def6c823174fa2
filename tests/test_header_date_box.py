"""Boxes of the issue date and place on a scan whose date line OCR marred: a day or month read as a letter or a mark
('ngày I2 tháng § năm 2026') still boxes the date on its line, and the place is the one right before 'ngày' on the
date line, not its first occurrence in the issuer's lines ('XÃ MƯỜNG LA') or the subject. Before, the date had no
box and the place was boxed on the issuer's line."""

from __future__ import annotations

import datetime as dt

from extract.header_fields import header_field_rows
from extract.provenance import Provenance
from extract.structure import page_lines
from ingest.records import Page, Word

CHAR_W, LINE_H = 20, 60


def _rows(rows: list[str], meta: dict[str, object]) -> dict[str, dict[str, object]]:
    words = [Word(1, 1, i + 1, k + 1, tok, 100 + 21 * CHAR_W * k, 100 + i * LINE_H, CHAR_W * len(tok), 40, 90.0)
             for i, row in enumerate(rows) for k, tok in enumerate(row.split())]
    text = "\n".join(rows)
    page = Page(1, "ocr", text, words=words, text=text)
    lines = page_lines([(1, text)])
    got = header_field_rows("d", meta, ("issue_place", "issue_date"), lines, Provenance([page], lines), None)
    return {r.field: r.as_dict() for r in got}


HEAD = ["ỦY BAN NHÂN DÂN", "XÃ MƯỜNG LA", "Số: 58/QĐ-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "{date}", "QUYẾT ĐỊNH",
        "Giao nhiệm vụ ứng phó lũ quét trên địa bàn xã Mường La năm 2026"]
META = {"issue_place": "Mường La", "issue_date": dt.date(2026, 8, 12)}


def test_date_with_a_day_read_as_a_letter_is_boxed_on_its_line() -> None:
    for marred in ("Mường La, ngày I2 tháng § năm 2026", "Mường La, ngày 1Z tháng 08 năm 2026",
                   "Mường La, ngày l2 tháng B năm 2026", "Mường La, ngày 12 tháng I năm 2026"):
        got = _rows([r.format(date=marred) for r in HEAD], META)
        assert got["issue_date"]["line_start"] == 6, marred
        assert got["issue_place"]["line_start"] == 6, marred


def test_place_before_ngay_when_the_date_is_not_found() -> None:
    # no digit of the date left: the date has no box, the place is still the date line's, not the issuer's line 2
    got = _rows([r.format(date="Mường La, ngày … tháng … năm ….") for r in HEAD], META)
    assert got["issue_date"]["line_start"] is None
    assert got["issue_place"]["line_start"] == 6


def test_a_legible_date_line_is_unchanged() -> None:
    got = _rows([r.format(date="Mường La, ngày 12 tháng 8 năm 2026") for r in HEAD], META)
    assert got["issue_date"]["line_start"] == got["issue_place"]["line_start"] == 6


def test_marred_date_line_is_preferred_to_a_date_the_body_cites() -> None:
    # the date line's day read as a letter, a decision of the same year cited below it in full words: the date is
    # boxed on the date line (after its place), not on the cited decision's date
    cited = "Căn cứ Kế hoạch số 35/KH-UBND ngày 20 tháng 01 năm 2026 của Ủy ban nhân dân xã Mường La;"
    for marred in ("Mường La, ngày I2 tháng § năm 2026", "Mường La, ngày 1Z tháng 08 năm 2026"):
        got = _rows([*(r.format(date=marred) for r in HEAD), cited], META)
        assert got["issue_date"]["line_start"] == 6, marred
    # a legible date line with the same cited date is unchanged, and with no place the date is still found
    got = _rows([*(r.format(date="Mường La, ngày 12 tháng 8 năm 2026") for r in HEAD), cited], META)
    assert got["issue_date"]["line_start"] == 6
    got = _rows([*(r.format(date="Mường La, ngày 12 tháng 8 năm 2026") for r in HEAD), cited],
                {"issue_place": None, "issue_date": dt.date(2026, 8, 12)})
    assert got["issue_date"]["line_start"] == 6
