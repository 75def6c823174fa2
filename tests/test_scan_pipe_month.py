"""A '|' task table on a scan whose month deadline the page cut before its figures ('… | Tháng' / '6/2026', the next
row run onto that line: '6/2026 3 | Rà soát …') and whose name cell it cut inside a word ('… | Trường … Thanh' /
'Sơn | Tháng 6/2026'): the rows as the text has them (extract.structure.ocr_pipe_rows)."""

from __future__ import annotations

import pytest

from extract.structure import Line, month_tail, name_tail, ocr_pipe_rows

HEAD = "STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian"


def _rows(text: str) -> list[list[str]]:
    out = ocr_pipe_rows([Line(i, 1, t) for i, t in enumerate(text.splitlines())], {1})
    return [ln.text.split("\t") for ln in out if "\t" in ln.text and ln.text.strip("\t").strip()]


def test_a_month_cut_before_its_figures_keeps_them_and_the_row_run_onto_them() -> None:
    text = "\n".join([
        HEAD,
        "1 | Tổ chức hội trại hè cho thiếu nhi | Trường Tiểu học | Đoàn Thanh niên xã | Tháng",
        "7/2026 2 | Rà soát, cắm biển cảnh báo tại các ao, hồ | Công an xã | Trưởng các thôn |",
        "Quý III/2026",
        "3 | Diễn tập cứu hộ | Công an xã | Các trường học | Trong tháng",
        "8/2026",
        "III. TỔ CHỨC THỰC HIỆN",
    ])
    rows = _rows(text)
    assert [r[0] for r in rows] == ["STT", "1", "2", "3"]
    assert [r[4] for r in rows[1:]] == ["Tháng 7/2026", "Quý III/2026", "Trong tháng 8/2026"]
    assert rows[2][1] == "Rà soát, cắm biển cảnh báo tại các ao, hồ"


def test_a_name_cut_inside_a_cell_goes_on_with_its_tail_not_a_row_of_its_own() -> None:
    text = "\n".join([
        HEAD,
        "1 | Mở lớp dạy bơi miễn phí cho trẻ em | Đoàn Thanh niên xã | Trường Trung học cơ sở Thanh",
        "Sơn | Tháng 6/2026",
        "2 | Tổ chức hội trại hè | Trường Tiểu học | Đoàn Thanh niên xã | Tháng 7/2026",
    ])
    rows = _rows(text)
    assert [r[0] for r in rows] == ["STT", "1", "2"]
    assert rows[1][3:] == ["Trường Trung học cơ sở Thanh Sơn", "Tháng 6/2026"]


@pytest.mark.parametrize(("above", "line", "want"), [
    ("1 | A | B | C | Tháng", "6/2026", ("6/2026", "")),
    ("1 | A | B | C | Quý", "III/2026 2 | D | E | F | Quý IV/2026", ("III/2026", "2 | D | E | F | Quý IV/2026")),
    ("1 | A | B | C | Hằng tháng", "6/2026", None),  # a whole deadline: nothing cut
    ("1 | A | B | C | Tháng 5/2026", "6/2026", None),
    ("1 | A | B | C | Tháng", "6/2026 của năm sau", None),  # no row after the figures: a sentence
    ("Kế hoạch thực hiện trong tháng", "6/2026", None),  # no row
])
def test_month_tail(above: str, line: str, want: tuple[str, str] | None) -> None:
    assert month_tail(above, line) == want


@pytest.mark.parametrize(("above", "line", "missing", "want"), [
    ("1 | A | B | Trường Thanh", "Sơn | Tháng 6/2026", 1, True),
    ("1 | A | B |", "Sơn | Tháng 6/2026", 1, False),  # the row cut on its bar
    ("1 | A | B | Trường Thanh", "Sơn | Công an | Tháng 6/2026", 1, False),  # more bars than the row lacks
    ("1 | A | B | Trường Thanh", "Il | Tháng 6/2026", 1, False),  # a garbled number opens a row
    ("1 | A | B | Trường Thanh", "UBND | Tháng 6/2026", 1, False),
])
def test_name_tail(above: str, line: str, missing: int, want: bool) -> None:
    assert name_tail(above, line, missing) is want
