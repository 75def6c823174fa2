"""Tables of a text in the layouts other than tab-separated cells, as tab-separated lines (the layout the targets'
table reader knows): cells separated by '|', by runs of spaces (aligned columns, a row pasted with single spaces
among them), or written one cell per line. The view keeps each line's index (its provenance) and, for the first two
layouts, its length; the lines it rewrites are returned so that the sentence reader leaves them to the table's."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from extract.patterns import load_json
from extract.structure import Line, Structure, pipe_table_lines
from normalize.text import fold

_TABLE = load_json("targets.json")["table"]
_INDICATOR = re.compile(_TABLE["indicator"])
_ROW_NUMBER = re.compile(_TABLE["row_number"])
_UNIT = re.compile(_TABLE["unit"])
_YEAR = re.compile(_TABLE["year"])
# a run of two or more spaces between two cells of an aligned table
_RUN = re.compile(r"(?<=\S) {2,}(?=\S)")
_FIGURE = re.compile(r"^\d+(?:[.,]\d+)*%?$")
# a row number cell ('1', '2.', 'II', 'a)')
_ROW_NO = re.compile(r"^(?:\d{1,3}|[IVXLivxl]{1,4}|[a-zđ])[.)]?$")
# a total row's label ('Tổng cộng', 'Cộng', 'Tổng', 'Toàn tỉnh'), folded
_TOTAL = re.compile(r"^(?:tong cong|cong|tong|tong so|toan tinh|toan thanh pho)$")
# a multiplier or counting word before a unit: part of the unit ('nghìn tấn', 'tỷ USD', 'lượt xe/ngày'), folded
MULTIPLIER = re.compile(r"^(?:nghin|ngan|trieu|ty|van|tram|luot)$")


def _aligned(text: str) -> list[str]:
    """The cells of a line of an aligned table: its runs of spaces cut them (one cell when it has none)."""
    return _RUN.split(text.strip())


def _spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of an aligned line: words that single spaces join."""
    return [m.span() for m in re.finditer(r"\S+(?: \S+)*", text)]


def _column_tabs(text: str, head: list[tuple[int, int]]) -> str:
    """An aligned row with its cells' gaps made tabs (same length), as many in a gap as the header's columns it
    crosses: each cell goes under the header column whose extent (its start up to the next one's) it overlaps most,
    so that a row that leaves a column empty ('2  Số xã đạt chuẩn  xã        7') keeps its figures under their years, a
    group row ('I  KINH TẾ') its name under the indicator's. Its runs of spaces one tab each when its cells do not
    fall under the header's columns in order, or a gap is too narrow for its tabs."""
    plain = _RUN.sub(lambda m: "\t" + m.group()[1:], text)
    extents = [(a, head[k + 1][0] if k + 1 < len(head) else 10**6) for k, (a, _) in enumerate(head)]
    cols: list[int] = []
    for a, b in _spans(text):
        overlap = [min(b, e) - max(a, s) for s, e in extents]
        cols.append(max(range(len(extents)), key=lambda k: (overlap[k], -k)))
    if any(c2 <= c1 for c1, c2 in zip(cols, cols[1:], strict=False)):
        return plain
    out = list(text)
    cells = _spans(text)
    gaps = [(0 if k == 0 else cells[k - 1][1], a, cols[k] - (cols[k - 1] if k else 0)) for k, (a, _) in enumerate(cells)]
    for start, end, n in gaps:
        if n > end - start:
            return plain
        out[start : start + n] = "\t" * n
    return "".join(out)


def _is_header(cells: list[str]) -> bool:
    """Whether aligned cells read as a targets table's header: an indicator's cell and a year's or a unit's."""
    fcells = [fold(c).lower() for c in cells]
    return len(cells) >= 3 and any(_INDICATOR.match(c) for c in fcells[:3]) and \
        any(_YEAR.search(c) or _UNIT.match(c) for c in fcells)


def unit_words(toks: list[str], compound: Any = None) -> int:
    """How many of a row's last words (before its figures) are its unit: the last one, with the words before it that
    make one word with it (``compound``) and a multiplier or counting word before them ('nghìn tấn', 'tỷ USD',
    'lượt xe/ngày')."""
    n = 1
    while compound is not None and n < 4 and len(toks) > n + 1 and compound(toks[-n - 1], toks[-n]):
        n += 1
    if len(toks) > n + 1 and MULTIPLIER.match(fold(toks[-n - 1]).lower()):
        n += 1
    return n


def _pasted_tabs(text: str, head: list[str], compound: Any) -> str | None:
    """A row pasted with single spaces under an aligned header ('3 Sản lượng … nghìn tấn 176,4 182,0 190 230'), its
    cell boundaries made tabs (same length): a row number, the indicator, the unit when the header has its column,
    then as many figures as the header has columns after it. None when the row does not end with those figures."""
    fhead = [fold(c).lower() for c in head]
    unit_col = next((k for k, c in enumerate(fhead) if _UNIT.match(c)), None)
    ind = next((k for k, c in enumerate(fhead) if _INDICATOR.match(c)), None)
    if ind is None:
        return None
    after = (unit_col if unit_col is not None else ind) + 1
    nvals = len(head) - after
    toks = text.split(" ")
    if nvals < 1 or len(toks) < nvals + 2 or not all(_FIGURE.match(t) for t in toks[-nvals:]):
        return None
    rest = toks[:-nvals]
    cuts = [len(rest)]  # token indices where a new cell starts
    if unit_col is not None:
        cuts.insert(0, len(rest) - unit_words(rest, compound))
    if ind > 0 and _ROW_NO.match(rest[0]):
        cuts.insert(0, 1)
    out = ""
    for k, t in enumerate(toks):
        out += ("\t" if k in cuts or k > len(rest) else " " if k else "") + t
    return out


def _cell_per_line(lines: list[Line], i: int) -> tuple[list[tuple[int, str]], int] | None:
    """A table written one cell per line from line ``i`` ('STT' / 'Xã, phường' / 'Số hộ (hộ)' / '1' / 'Phường …' /
    '150' / … / 'Tổng cộng' / '880'): its header then each row, each as (index of its first line, tab-separated
    cells), and the position after its last line. A row opens with its number, a total row with its label (no
    number: one cell fewer). None when line ``i`` opens no such table (a lone 'STT' / 'TT', two or more header cells
    of words, then the row '1')."""
    if not _ROW_NUMBER.match(fold(lines[i].text).strip().lower()):
        return None
    k = i + 1
    head = [lines[i].text.strip()]
    while k < len(lines) and (t := lines[k].text.strip()) and not _ROW_NO.match(t) and len(t) <= 80 \
            and not t.endswith((".", ";", ":")) and not _FIGURE.match(t):
        head.append(t)
        k += 1
    n = len(head)
    if n < 3 or k >= len(lines) or lines[k].text.strip() not in ("1", "1."):
        return None
    rows = [(lines[i].idx, "\t".join(head))]
    while k < len(lines) and (t := lines[k].text.strip()):
        total = _TOTAL.match(fold(t).lower())
        if not (_ROW_NO.match(t) or total):
            break
        width = n - 1 if total else n
        cells = [c.text.strip() for c in lines[k : k + width]]
        if len(cells) < width or not all(cells) or not any(_FIGURE.match(c) for c in cells[2 if not total else 1 :]):
            break
        rows.append((lines[k].idx, "\t".join(["", *cells] if total else cells)))
        k += width
    return (rows, k) if len(rows) > 1 else None


def table_view(st: Structure, compound: Any = None) -> tuple[Structure, set[int]]:
    """The structure with its tables in other layouts rewritten as tab-separated lines, and the indices of the lines
    rewritten. '|' becomes a tab; an aligned table's runs of spaces (from a header with an indicator's cell and a
    year's or unit's, over the rows that follow it) and the cell boundaries of a row pasted among them become tabs;
    a table of one cell per line becomes its header and rows on consecutive lines, blank lines after them."""
    lines = pipe_table_lines(list(st.lines), headless=True)
    done = {b.idx for a, b in zip(st.lines, lines, strict=True) if a.text != b.text}
    i = 0
    while i < len(lines):
        text = lines[i].text
        if "\t" not in text and _is_header(head := _aligned(text)):
            spans = _spans(text)
            j = i
            while j < len(lines) and (t := lines[j].text).strip() and "\t" not in t:
                cells = _aligned(t)
                if len(cells) >= 2:
                    lines[j] = replace(lines[j], text=_column_tabs(t, spans))
                elif (pasted := _pasted_tabs(t, head, compound)) is not None:
                    lines[j] = replace(lines[j], text=pasted)
                else:
                    break
                done.add(lines[j].idx)
                j += 1
            i = max(j, i + 1)
            continue
        got = _cell_per_line(lines, i) if "\t" not in text else None
        if got is not None:
            rows, end = got
            for k in range(i, end):
                done.add(lines[k].idx)
                lines[k] = replace(lines[k], text="")
            for k, (idx, row) in enumerate(rows):
                lines[i + k] = Line(idx, lines[i + k].page_no, row)
            i = end
            continue
        i += 1
    if not done:
        return st, done
    return replace(st, lines=lines), done
