"""Rebuild appendix tables of scanned pages from OCR word boxes.

Visual lines come from grouping words by vertical centre; column boundaries from the header row's
words (x-extents merged across the header band, boundaries at the middle of the gaps); table rows
start at a task number in the task column, a group heading (I., II.) or a large vertical gap.
"""

from __future__ import annotations

import logging
import re
import statistics
from dataclasses import dataclass

from extract.tasks import map_columns
from extract.textutil import clean_space, fold, nfc
from vnplan.records import Word

log = logging.getLogger(__name__)

_HEADER_WORDS = {
    "nhiem", "vu", "chung", "cu", "the", "san", "pham", "co", "quan", "chu", "tri", "phoi", "hop", "thoi",
    "gian", "hoan", "thanh", "stt", "tt", "noi", "dung", "don", "vi", "thuc", "hien", "ket", "qua", "han",
}
_TASK_NO = re.compile(r"^\d{1,3}[.)]")
_ROMAN = re.compile(r"^[IVX]{1,4}[.,]$")


@dataclass
class VLine:
    words: list[Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.top + w.height for w in self.words)

    @property
    def center(self) -> float:
        return (self.top + self.bottom) / 2

    def folded_tokens(self) -> list[str]:
        return [re.sub(r"[^\w]", "", fold(nfc(w.text))) for w in self.words]


def visual_lines(words: list[Word]) -> list[VLine]:
    ws = [w for w in words if w.text and w.text.strip() and w.confidence >= 0]
    if not ws:
        return []
    h = statistics.median(w.height for w in ws)
    lines: list[VLine] = []
    for w in sorted(ws, key=lambda w: (w.top + w.height / 2, w.left)):
        c = w.top + w.height / 2
        if lines and abs(lines[-1].center - c) <= 0.5 * h:
            lines[-1].words.append(w)
        else:
            lines.append(VLine([w]))
    for ln in lines:
        ln.words.sort(key=lambda w: w.left)
    return lines


def page_has_table_header(words: list[Word]) -> bool:
    return _header_index(visual_lines(words)) is not None


def _header_index(lines: list[VLine]) -> int | None:
    for i, ln in enumerate(lines):
        toks = ln.folded_tokens()
        joined = " ".join(toks)
        if "chu tri" in joined or ("phoi hop" in joined and "nhiem vu" in joined):
            return i
    return None


def _is_header_line(ln: VLine) -> bool:
    toks = [t for t in ln.folded_tokens() if t]
    return bool(toks) and sum(t in _HEADER_WORDS for t in toks) / len(toks) >= 0.7


def column_bounds(header_words: list[Word], gap: float) -> list[tuple[float, float, list[Word]]]:
    """Merge header word extents into columns; returns (left, right, words) per column."""
    cols: list[tuple[float, float, list[Word]]] = []
    for w in sorted(header_words, key=lambda w: w.left):
        left, right = w.left, w.left + w.width
        if cols and left <= cols[-1][1] + gap:
            l0, r0, ws = cols[-1]
            cols[-1] = (l0, max(r0, right), [*ws, w])
        else:
            cols.append((left, right, [w]))
    return cols


def appendix_rows_from_words(words: list[Word], page_no: int) -> list[tuple[int, int, list[str] | str]]:
    """Rows for extract.tasks.parse_table_rows: the header cells first, then one cell list per table row."""
    lines = visual_lines(words)
    hi = _header_index(lines)
    if hi is None:
        return []
    h = statistics.median(w.height for ln in lines for w in ln.words)
    lo_i = hi
    while lo_i > 0 and _is_header_line(lines[lo_i - 1]):
        lo_i -= 1
    hi_i = hi
    while hi_i + 1 < len(lines) and _is_header_line(lines[hi_i + 1]):
        hi_i += 1
    band = [w for ln in lines[lo_i : hi_i + 1] for w in ln.words]
    cols = column_bounds(band, gap=0.9 * h)
    bounds = [(cols[i][1] + cols[i + 1][0]) / 2 for i in range(len(cols) - 1)]
    header_cells = [
        clean_space(" ".join(w.text for w in sorted(ws, key=lambda w: (round((w.top) / h), w.left))))
        for _, _, ws in cols
    ]
    mapping = map_columns(header_cells) or {}
    text_col = next((i for i, n in mapping.items() if n == "text"), 1 if len(cols) > 1 else 0)
    group_col = next((i for i, n in mapping.items() if n in ("group", "no")), 0)

    def col_of(w: Word) -> int:
        x = w.left + w.width / 2
        return sum(x > b for b in bounds)

    out: list[tuple[int, int, list[str] | str]] = [(-1, page_no, ln_text(ln)) for ln in lines[:lo_i]]
    out.append((-1, page_no, header_cells))
    rows: list[list[list[Word]]] = []
    prev_bottom: float | None = None
    pitch = statistics.median(
        [b.center - a.center for a, b in zip(lines[hi_i + 1 :], lines[hi_i + 2 :], strict=False)] or [2 * h]
    )
    for ln in lines[hi_i + 1 :]:
        cells: list[list[Word]] = [[] for _ in cols]
        for w in ln.words:
            cells[col_of(w)].append(w)
        starts_task = bool(cells[text_col]) and bool(_TASK_NO.match(cells[text_col][0].text))
        starts_group = bool(cells[group_col]) and bool(
            _ROMAN.match(cells[group_col][0].text) or _TASK_NO.match(cells[group_col][0].text)
        )
        numbering = all(re.fullmatch(r"\d{1,2}|I", w.text) for w in ln.words) and len(ln.words) >= 3
        big_gap = prev_bottom is not None and ln.top - prev_bottom > max(1.2 * h, pitch)
        if not rows or starts_task or starts_group or numbering or big_gap:
            rows.append(cells)
        else:
            for i, c in enumerate(cells):
                rows[-1][i].extend(c)
        prev_bottom = ln.bottom
    for r in rows:
        out.append((-1, page_no, [clean_space(" ".join(w.text for w in c)) for c in r]))
    log.debug("page %d: rebuilt %d table rows with %d columns from boxes", page_no, len(rows), len(cols))
    return out


def ln_text(ln: VLine) -> str:
    return clean_space(" ".join(w.text for w in ln.words))
