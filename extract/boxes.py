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
    return _header_index(visual_lines(clean_words(words))) is not None


_EDGE = "|[]{}()—_"
_KEYS = ("nhiem vu", "chu tri", "phoi hop", "san pham", "thoi gian", "hoan thanh")


def clean_words(words: list[Word]) -> list[Word]:
    """Drop table rulings read as characters ('|', '[') and empty words."""
    out = []
    for w in words:
        t = nfc(w.text).strip().strip(_EDGE).strip()
        if t and w.confidence >= 0:
            out.append(Word(w.block, w.par, w.line, w.word, t, w.left, w.top, w.width, w.height, w.confidence))
    return out


def _header_index(lines: list[VLine]) -> int | None:
    for i, ln in enumerate(lines):
        joined = " ".join(ln.folded_tokens())
        if sum(joined.count(k) for k in _KEYS) >= 2 or "chu tri" in joined:
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


def cell_starts(lines: list[VLine], h: float) -> list[float]:
    """Left edges where table cells start: word lefts after a wide gap, recurring over many lines."""
    lefts: list[float] = []
    for ln in lines:
        prev_right: float | None = None
        for w in ln.words:
            if prev_right is None or w.left - prev_right > 0.9 * h:
                lefts.append(w.left)
            prev_right = w.left + w.width
    lefts.sort()
    clusters: list[list[float]] = []
    for x in lefts:
        if clusters and x - clusters[-1][-1] <= 0.6 * h:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    need = max(2, 0.2 * len(lines))
    return [min(c) for c in clusters if len(c) >= need]


DEFAULT_COLUMNS = {6: ["group", "text", "product", "lead", "support", "deadline"],
                   7: ["no", "group", "text", "product", "lead", "support", "deadline"]}


def appendix_rows_from_words(words: list[Word], page_no: int) -> list[tuple[int, int, list[str] | str]]:
    """Rows for extract.tasks.parse_table_rows: the header cells first, then one cell list per table row."""
    lines = visual_lines(clean_words(words))
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
    body = lines[hi_i + 1 :]
    starts = cell_starts(body, h)
    band = [w for ln in lines[lo_i : hi_i + 1] for w in ln.words]
    for left, _, _ in column_bounds(band, gap=0.9 * h):
        if all(abs(left - s) > 1.5 * h for s in starts):
            starts.append(left)
    starts.sort()
    if not starts:
        return []

    def col_of(w: Word) -> int:
        return max(0, sum(w.left + 0.5 * h >= s for s in starts) - 1)

    hcells: list[list[Word]] = [[] for _ in starts]
    for w in sorted(band, key=lambda w: (w.top, w.left)):
        hcells[col_of(w)].append(w)
    header_cells = [clean_space(" ".join(w.text for w in c)) for c in hcells]
    mapping = map_columns(header_cells)
    if mapping is None and len(starts) in DEFAULT_COLUMNS:
        # the OCR lost part of the header: the national template's column order
        header_cells = [
            {"no": "STT", "group": "Nhiệm vụ chung", "text": "Nhiệm vụ cụ thể", "product": "Sản phẩm",
             "lead": "Cơ quan chủ trì", "support": "Cơ quan phối hợp", "deadline": "Thời gian hoàn thành"}[n]
            for n in DEFAULT_COLUMNS[len(starts)]
        ]
        mapping = map_columns(header_cells)
        log.debug("page %d: header incomplete, template columns assumed", page_no)
    mapping = mapping or {}
    text_col = next((i for i, n in mapping.items() if n == "text"), min(1, len(starts) - 1))
    group_col = next((i for i, n in mapping.items() if n in ("group", "no")), 0)

    out: list[tuple[int, int, list[str] | str]] = [(-1, page_no, ln_text(ln)) for ln in lines[:lo_i]]
    out.append((-1, page_no, header_cells))
    rows: list[list[list[Word]]] = []
    prev_bottom: float | None = None
    for ln in body:
        if _header_index([ln]) is not None and _is_header_line(ln):
            out += [(-1, page_no, [clean_space(" ".join(w.text for w in c)) for c in r]) for r in rows]
            rows = []
            prev_bottom = ln.bottom
            continue  # the header repeated by a following table
        cells: list[list[Word]] = [[] for _ in starts]
        for w in ln.words:
            cells[col_of(w)].append(w)
        starts_task = bool(cells[text_col]) and bool(_TASK_NO.match(cells[text_col][0].text))
        starts_group = bool(cells[group_col]) and bool(
            _ROMAN.match(cells[group_col][0].text) or _TASK_NO.match(cells[group_col][0].text)
        )
        numbering = all(re.fullmatch(r"\d{1,2}|I", w.text) for w in ln.words) and len(ln.words) >= 3
        big_gap = prev_bottom is not None and ln.top - prev_bottom > 1.5 * h
        if not rows or starts_task or starts_group or numbering or big_gap:
            rows.append(cells)
        else:
            for i, c in enumerate(cells):
                rows[-1][i].extend(c)
        prev_bottom = ln.bottom
    out += [(-1, page_no, [clean_space(" ".join(w.text for w in c)) for c in r]) for r in rows]
    log.debug("page %d: rebuilt %d table rows with %d columns from boxes", page_no, len(rows), len(starts))
    return out


def ln_text(ln: VLine) -> str:
    return clean_space(" ".join(w.text for w in ln.words))
