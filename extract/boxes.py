"""Rebuild appendix tables of scanned pages from OCR word boxes.

Visual lines come from grouping words by vertical centre; column boundaries from the header row's
words (x-extents merged across the header band, boundaries at the middle of the gaps); table rows
start at a task number in the task column, a group heading (I., II.) or a large vertical gap.
"""

from __future__ import annotations

import logging
import re
import statistics
import unicodedata
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz.distance import Hamming

from extract.patterns import load_json
from extract.structure import OCR_NAMED_PART, Line
from extract.tasks import TableRow, map_columns
from ingest.layout import line_groups
from ingest.records import Page, Word
from normalize.text import clean_space, fold, nfc

log = logging.getLogger(__name__)

_CFG = load_json("appendix.json")["boxes"]
_HEADER_WORDS = frozenset(load_json("tables.json")["header_words"] + load_json("tables.json")["task_table_words"])
_TASK_NO = re.compile(_CFG["task_no"])
_ROMAN = re.compile(_CFG["roman"])  # restoration may read 'VI.' as 'VỊ.'
_OCR_NO: dict[str, str] = _CFG["ocr_digits"]
_BARE_NO = re.compile(_CFG["bare_no"])


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
_KEYS: list[str] = _CFG["header_keys"]


def clean_words(words: list[Word]) -> list[Word]:
    """Drop table rulings read as characters ('|', '[') and empty words."""
    out = []
    paired = _paired_brackets(words)
    tall = statistics.median([w.height for w in words if w.text.strip()] or [0])
    for k, w in enumerate(words):
        t = nfc(w.text).strip().strip(_EDGE_KEEP if k in paired else _EDGE).strip()
        if re.fullmatch(r"§\d?[.)]", t):
            t = "".join(_OCR_NO.get(c, c) for c in t)  # '§.' is how Tesseract reads '8.'
        if len(t) <= 2 and not all(map(_vietnamese, t)):
            continue  # a speck or a ruling's end read as a letter no Vietnamese word has ('Ä', 'z')
        if re.fullmatch(r"[-–]+", t) and w.height > 1.5 * w.width and w.height >= 1.25 * tall:
            # a cell's vertical ruling read as a dash (a printed dash is wider than it is tall, and no taller than the
            # line's letters): left in, it fills the gutter between two columns, which are then read as one
            # ('Nội dung … Đơn vị chủ trì')
            continue
        if t and w.confidence >= 0:
            out.append(Word(w.block, w.par, w.line, w.word, t, w.left, w.top, w.width, w.height, w.confidence))
    return out


_EDGE_KEEP = "|[]{}—_"
# the marks Vietnamese letters carry: tones (grave, acute, tilde, hook, dot below), circumflex, breve, horn
_VI_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


def _vietnamese(c: str) -> bool:
    """A character a Vietnamese word may hold (a letter of its alphabet, with its marks; not f, j, w, z), or no letter
    at all."""
    if not c.isalpha():
        return True
    base, *marks = unicodedata.normalize("NFD", c.lower())
    return (base.isascii() and base not in "fjwz" or base == "đ") and all(m in _VI_MARKS for m in marks)


def _paired_brackets(words: list[Word]) -> set[int]:
    """Words that open a bracket closed a few words on in the same Tesseract paragraph, and the words that close it:
    a cell's own aside ('Bảo hiểm xã hội tỉnh (Phòng Quản lý thu)'), whose brackets stay (a ruling OCR read as a
    bracket has no partner); without them the aside reads as more agencies."""
    keep: set[int] = set()
    for k, w in enumerate(words):
        if not nfc(w.text).strip().strip(_EDGE_KEEP).startswith("("):
            continue
        for j in range(k, min(k + 12, len(words))):
            v = words[j]
            t = nfc(v.text).strip().strip(_EDGE_KEEP)
            if (v.block, v.par) != (w.block, w.par) or j > k and "(" in t:
                break
            if t.endswith(")"):
                keep |= {k, j}
                break
    return keep


_NUMBERED_KEYS: list[str] = _CFG["numbered_header_keys"]
_RECIPIENTS = re.compile(r"^\W*n\w{1,2}i nh\w{1,2}n\b")


def _header_index(lines: list[VLine]) -> int | None:
    for i, ln in enumerate(lines):
        toks = ln.folded_tokens()
        joined = " ".join(toks)
        keys = sum(joined.count(k) for k in _KEYS)
        if toks and toks[0] in ("stt", "tt"):
            keys += sum(joined.count(k) for k in _NUMBERED_KEYS)
        if keys >= 2 or "chu tri" in joined:
            return i
    return None


def _is_header_line(ln: VLine, share: float = 0.7) -> bool:
    toks = [t for t in ln.folded_tokens() if t]
    return bool(toks) and sum(t in _HEADER_WORDS for t in toks) / len(toks) >= share


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


DEFAULT_COLUMNS = {int(n): fields for n, fields in _CFG["default_columns"].items()}


@dataclass
class TableLayout:
    """Columns of a table found on one page, carried to continuation pages that repeat no header."""

    starts: list[float]
    header_cells: list[str]
    text_col: int
    group_col: int


class BoxTableReader:
    """Reads appendix tables page after page; remembers the last header's columns.

    A page is cut into segments at header bands; each segment's columns come from the white
    gutters between its words (x-coverage valleys), named by its header row (or, on a continuation
    segment without header, by the previous table's header).
    """

    def __init__(self) -> None:
        self.layout: TableLayout | None = None
        self.runs_off = False  # the last table read ran to the foot of its page: it may go on on the next one

    def rows(self, words: list[Word], page_no: int, body: bool = False) -> list[TableRow]:
        """Rows for extract.tasks.parse_table_rows: header cells first, then one cell list per table row.

        ``body``: the page is in a document's body, where prose may follow a table that goes on from the page
        before (an appendix page holds its table to the foot)."""
        lines = visual_lines(clean_words(words))
        self.runs_off = False
        if not lines:
            return []
        h = statistics.median(w.height for ln in lines for w in ln.words)
        bands = _header_bands(lines)
        out: list[TableRow] = []
        first = bands[0][0] if bands else len(lines)
        if self.layout is not None and first > 0:
            # the previous page's table continues above this page's first header (or on the whole page)
            seg = lines[:first]
            rest: list[VLine] = []
            if body and self.layout.starts:
                # the prose under the table's end on this page is no row
                edges = [*self.layout.starts, max(w.left + w.width for ln in seg for w in ln.words)]
                cut = _table_end(seg, [(a, b - 1, []) for a, b in zip(edges, edges[1:], strict=False)])
                seg, rest = seg[:cut], seg[cut:]
            self.runs_off = not rest and not bands
            starts = gutter_starts(seg, h) if seg else []
            header_cells = self.layout.header_cells
            if len(self.layout.starts) == len(header_cells) and not _same_columns(starts, self.layout.starts, h):
                # the table's columns do not move between its pages: gutters that do not line up with the header's
                # columns are a column this page left empty (row numbers OCR lost) or a gap inside a cell ('Sở |
                # Tài chính'), not the table's columns
                starts = _shifted(self.layout.starts, starts, h)
            if len(starts) != len(header_cells):
                if len(self.layout.starts) == len(header_cells):
                    # the table goes on in the columns its header named (a column mostly empty shows no gutter here)
                    starts = self.layout.starts
                elif len(starts) in DEFAULT_COLUMNS:
                    header_cells = [TEMPLATE_HEADER[n] for n in DEFAULT_COLUMNS[len(starts)]]
                elif self.layout.starts:
                    starts = self.layout.starts
            mapping = map_columns(header_cells) or {}
            text_col = next((i for i, n in mapping.items() if n == "text"), min(1, len(starts) - 1))
            group_col = next((i for i, n in mapping.items() if n in ("group", "no")), 0)
            self.layout = TableLayout(starts, header_cells, text_col, group_col)
            out.append((-1, page_no, self.layout.header_cells))
            out += self._body(seg, h, page_no) if seg else []
            out += [(-1, page_no, ln_text(ln)) for ln in rest]
            log.debug("page %d: table continues without header (%d columns)", page_no, len(starts))
        elif first > 0:
            out += [(-1, page_no, ln_text(ln)) for ln in lines[:first]]
        for k, (lo_i, hi_i) in enumerate(bands):
            end = bands[k + 1][0] if k + 1 < len(bands) else len(lines)
            body = lines[hi_i + 1 : end]
            band = [w for ln in lines[lo_i : hi_i + 1] for w in ln.words]
            cut = _table_end(body, column_bounds(band, gap=0.9 * h))
            after, body = body[cut:], body[:cut]  # a table in the body: the prose below it is no row
            if not body:
                # header at the foot of the page: its table starts on the next page
                cols = column_bounds(band, gap=0.9 * h)
                cells = [clean_space(" ".join(w.text for w in c[2])) for c in cols]
                if map_columns(cells) is None:
                    cells = [TEMPLATE_HEADER[n] for n in DEFAULT_COLUMNS[6]]
                self.layout = TableLayout([], cells, 1, 0)
                self.runs_off = True
                continue
            starts = gutter_starts(body + lines[lo_i : hi_i + 1], h) if body else []
            hcols = column_bounds(band, gap=0.9 * h)
            if not starts:
                starts = [c[0] for c in hcols]
            elif len(starts) < len(hcols) and _header_mapping([_cell_text(c[2], h) for c in hcols]):
                # a readable header names more columns than the gutters show: keep, for each, the gutter just left
                # of its text (fewer header columns than gutters: two labels whose words OCR set close, the gutters
                # stand)
                snapped: list[float] = []
                for c in hcols:
                    s = max([s for s in starts if s <= c[0] + h] or [starts[0]])
                    if snapped and s <= snapped[-1]:
                        s = c[0] - 0.3 * h  # a column mostly empty ('Ghi chú') shows no gutter: its header's edge
                    snapped.append(s)
                if len(snapped) == len(hcols) and all(a < b for a, b in zip(snapped, snapped[1:], strict=False)):
                    starts = snapped
            hcells: list[list[Word]] = [[] for _ in starts]
            for ln in lines[lo_i : hi_i + 1]:
                for w in ln.words:
                    hcells[_col_of(w, starts, h)].append(w)
            header_cells = [clean_space(" ".join(w.text for w in c)) for c in hcells]
            mapping = _header_mapping(header_cells)
            # two header words OCR set as one ('Nộidung', 'Chủtrì'): the header names its columns once split
            if (mapping is None and (unglued := [_unglue(c) for c in header_cells]) != header_cells
                    and (found := _header_mapping(unglued)) is not None):
                header_cells, mapping = unglued, found
            if mapping is None and len(starts) in DEFAULT_COLUMNS:
                # the OCR lost part of the header: the national template's column order
                header_cells = [TEMPLATE_HEADER[n] for n in DEFAULT_COLUMNS[len(starts)]]
                mapping = map_columns(header_cells)
                log.debug("page %d: header incomplete, template columns assumed", page_no)
            mapping = mapping or map_columns(header_cells, single_task_column=True) or {}
            text_col = next((i for i, n in mapping.items() if n == "text"), min(1, len(starts) - 1))
            group_col = next((i for i, n in mapping.items() if n in ("group", "no")), 0)
            self.layout = TableLayout(starts, header_cells, text_col, group_col)
            out.append((-1, page_no, header_cells))
            out += self._body(body, h, page_no, fresh=True)
            out += [(-1, page_no, ln_text(ln)) for ln in after]
            self.runs_off = not after and k == len(bands) - 1
        return out

    def _body(self, body: list[VLine], h: float, page_no: int, fresh: bool = False) -> list[TableRow]:
        """Rows of a table segment; ``fresh``: it starts under its header (its first row is row 1)."""
        assert self.layout is not None
        starts, text_col, group_col = self.layout.starts, self.layout.text_col, self.layout.group_col
        mapping = map_columns(self.layout.header_cells, single_task_column=True) or {}
        no_col = next((i for i, n in mapping.items() if n == "no"), None)
        rows: list[list[list[Word]]] = []
        shares: list[bool] = []  # row i begins inside the table row of row i-1 (tasks stacked in one cell)
        out: list[TableRow] = []
        prev_bottom: float | None = None
        for ln in body:
            cells: list[list[Word]] = [[] for _ in starts]
            for w in ln.words:
                cells[_col_of(w, starts, h)].append(w)
            filled = sum(bool(c) for c in cells)
            first_text = ln.words[0].text
            if filled == 1 and cells[0] and _ROMAN.match(first_text) and len(starts) > 2 and ln.words[-1].left > starts[2]:
                # a group heading written across the page between two tables ('II. Cải cách thể chế')
                out += [(-1, page_no, [clean_space(" ".join(w.text for w in c)) for c in r]) for r in rows]
                rows, shares = [], []
                out.append((-1, page_no, ln_text(ln)))
                prev_bottom = ln.bottom
                continue
            starts_task = bool(cells[text_col]) and bool(_TASK_NO.match(cells[text_col][0].text))
            starts_group = bool(cells[group_col]) and bool(
                _ROMAN.match(cells[group_col][0].text) or _TASK_NO.match(cells[group_col][0].text)
            )
            # a bare row number in an 'STT' column ('2', OCR 'l' for 1) starts a row, even when a merged cell
            # leaves the agency column empty
            # ... and so does any short token there: an STT cell holds nothing but its number, which OCR may
            # garble ('Đ', '?' for 2; 'H' for II)
            # ('2/9' for 2.2: a short token with a digit)
            starts_no = no_col is not None and bool(cells[no_col]) and bool(
                _BARE_NO.match(cells[no_col][0].text) or len(cells[no_col][0].text) <= 2
                or len(cells[no_col][0].text) <= 4 and any(c.isdigit() for c in cells[no_col][0].text))
            # a table whose row numbers OCR lost on a page: a row still starts after the white band of a row
            # boundary (lines of one cell sit closer than ROW_GAP word heights) with a capital in the task cell
            starts_band = (
                no_col is not None and not cells[no_col] and prev_bottom is not None
                and ln.top - prev_bottom >= ROW_GAP * h and bool(cells[text_col])
                and cells[text_col][0].text[:1].isupper() and bool(rows) and not any(r[no_col] for r in rows)
            )
            # a line that fills an agency, product or deadline cell under a group row ('I | Hạ tầng và dữ liệu',
            # which fills only its number and name) is the first task row, its number lost by OCR
            after_group = (no_col is not None and bool(rows) and _is_group_row(rows[-1], no_col, text_col)
                           and any(c for i, c in enumerate(cells) if i not in (no_col, text_col)))
            # a line that starts three cells or more at once (capital or digit), each already filled in the row
            # above: the next row, its number lost ('Bồi dưỡng … | Sở Nội vụ | Trung tâm … | 2026-2030')
            fresh_cells = [i for i, c in enumerate(cells) if c and i != no_col and (c[0].text[:1].isupper()
                                                                                     or c[0].text[:1].isdigit())]
            # (one of them may be a cell the row above left empty: a 'Ghi chú' filled on this row only)
            filled_above = [i for i in fresh_cells if rows and rows[-1][i]]
            starts_cells = (bool(rows) and len(filled_above) >= 3 and len(filled_above) >= len(fresh_cells) - 1
                            and text_col in filled_above)
            # a group title in capitals ('NHIỆM VỤ VỀ HẠ TẦNG', its roman number lost or read '|') ends at its last
            # line in capitals: a line whose task cell opens in small letters' words is the group's first task, its
            # number lost, never the title's tail
            after_title = (bool(rows) and bool(cells[text_col]) and _sentence_case(cells[text_col])
                           and _capitals_group(rows[-1], [clean_space(" ".join(w.text for w in c)) for c in rows[-1]],
                                               group_col, text_col))
            # ... and a line in capitals that fills only the group's number and title cells, under a task's row, is
            # the next group's title, never the task cell's tail
            title = (bool(rows) and bool(rows[-1][text_col]) and _sentence_case(rows[-1][text_col])
                     and _capitals_group(cells, [clean_space(" ".join(w.text for w in c)) for c in cells],
                                         group_col, text_col))
            numbering = _is_numbering_line(ln)
            if not rows or starts_task or after_title or title or starts_cells or starts_group or starts_no or starts_band or numbering or after_group:
                # a task number a line below the previous one, without the white band of a row boundary:
                # two numbered tasks written as paragraphs of one table cell
                shares.append(bool(
                    rows and starts_task and not starts_group and prev_bottom is not None
                    and ln.top - prev_bottom < ROW_GAP * h and rows[-1][text_col]
                    and _TASK_NO.match(rows[-1][text_col][0].text)
                ))
                rows.append(cells)
            else:
                for i, c in enumerate(cells):
                    rows[-1][i].extend(c)
            prev_bottom = ln.bottom
        if no_col is not None:
            _renumber(rows, no_col, fresh)
        blocks: list[list[list[list[Word]]]] = []
        for r, share in zip(rows, shares, strict=True):
            if share and blocks:
                blocks[-1].append(r)
            else:
                blocks.append([r])
        for block in blocks:
            # the words each task of the row was read from (provenance): one list per stacked task
            row_words = [[w for c in r for w in c] for r in block]
            if len(block) > 1:
                out.append((-1, page_no, _block_cells(block, text_col, h), row_words))
                continue
            r = block[0]
            cells = [clean_space(" ".join(w.text for w in c)) for c in r]
            filled = [i for i, c in enumerate(cells) if c]
            if (filled and filled[0] == group_col and set(filled) <= {group_col, text_col} and _ROMAN.match(r[group_col][0].text)
                    and not (r[text_col] and _TASK_NO.match(r[text_col][0].text))
                    or _capitals_group(r, cells, group_col, text_col)):
                # a group heading row whose words spill into the task column; a group row in capitals whose roman
                # number OCR read as a mark ('| SẢN PHẨM LÀ ĐỀ ÁN, …') or lost
                out.append((-1, page_no, clean_space(" ".join(cells[i] for i in filled))))
            else:
                out.append((-1, page_no, cells, row_words))
        log.debug("page %d: rebuilt %d table rows with %d columns from boxes", page_no, len(rows), len(starts))
        return out


def _is_group_row(row: list[list[Word]], no_col: int, text_col: int) -> bool:
    """A group heading row so far: a roman or capital-letter number, a name, no other cell."""
    no = row[no_col]
    return (len(no) == 1 and bool(_ROMAN_LIKE.match(no[0].text) or re.fullmatch(r"[A-ZĐ][.)]?", no[0].text))
            and bool(row[text_col]) and not any(c for i, c in enumerate(row) if i not in (no_col, text_col)))


def _capitals_group(row: list[list[Word]], cells: list[str], group_col: int, text_col: int) -> bool:
    """A group row by its title: only its number and task cells filled, the number (if any) no digit, the title in
    capitals over two words or more ('I | SẢN PHẨM LÀ ĐỀ ÁN, KẾ HOẠCH …', its 'I' read '|'); no task is written so."""
    filled = {i for i, c in enumerate(cells) if c}
    if group_col == text_col or text_col not in filled or not filled <= {group_col, text_col}:
        return False
    if any(ch.isdigit() for ch in cells[group_col]) or len(cells[group_col]) > 4:
        return False
    letters = [ch for w in row[text_col] for ch in w.text if ch.isalpha()]
    return len(row[text_col]) >= 2 and len(letters) >= 6 and all(ch.isupper() for ch in letters)


def _sentence_case(words: list[Word]) -> bool:
    """Whether a cell's line opens as a sentence does: a word with small letters among its first two."""
    return any(any(ch.islower() for ch in w.text) for w in words[:2])


ROW_GAP = 0.7  # white band between table rows, in word heights (rows: >= 0.85 h; lines of a cell: <= 0.5 h)
_CONT_END = re.compile(_CFG["continues"])
_DATE_LINE = re.compile(_CFG["date_line"])


def _row_no(row: list[list[Word]], no_col: int) -> int | None:
    cell = row[no_col]
    if not cell:
        return None
    text = cell[0].text.rstrip(".")
    return int(text) if text.isdigit() else None


def _renumber(rows: list[list[list[Word]]], no_col: int, fresh: bool) -> None:
    """STT cells OCR garbled ('Đ', '?') or lost ('|' for 1, a ruling) between rows a and b, where exactly
    b - a - 1 rows lie between, are rows a + 1 ... b - 1: the numbering says so. A table that starts under its
    header counts from row 0 before its first row. Anywhere else (the last rows, a gap in the numbering, a
    group row's roman number) a cell stays as read."""
    nums: list[int | None] = [_row_no(r, no_col) for r in rows]
    k = 0
    while k < len(rows):
        if nums[k] is not None:
            k += 1
            continue
        j = k
        while j < len(rows) and nums[j] is None:
            j += 1
        before = nums[k - 1] if k > 0 else (0 if fresh else None)
        after = nums[j] if j < len(rows) else None
        run = rows[k:j]
        if (before is not None and after is not None and after - before - 1 == len(run)
                and not any(r[no_col] and (_ROMAN_LIKE.match(r[no_col][0].text) or _SUB_NO.match(r[no_col][0].text))
                            for r in run)):
            for i in range(k, j):
                r, n = rows[i], before + 1 + i - k
                w = r[no_col][0] if r[no_col] else next(w for c in r for w in c)
                r[no_col][:1] = [Word(w.block, w.par, w.line, w.word, str(n), w.left, w.top, w.width, w.height,
                                      w.confidence)]
                nums[i] = n
        k = j


# a group row's roman number as OCR may read it: 'H' is how Tesseract reads 'II', 'HI' 'III'
_ROMAN_LIKE = re.compile(_CFG["roman_like"])
_SUB_NO = re.compile(r"^\d{1,3}(?:\.\d{1,3})+\.?$")  # '1.2' under a group row '1': read, not garbled


def _is_numbering_line(ln: VLine) -> bool:
    """The column-number row under a header ('1 2 3 4 5 6'), tolerating misread digits ('z', '5;', 'S')."""
    toks = [re.sub(r"[^\w]", "", w.text) for w in ln.words]
    if len(toks) < 3 or any(len(t) > 2 for t in toks):
        return False
    return sum(t.isdigit() or t == "I" for t in toks) >= max(3, 0.6 * len(toks))


def _cell_paragraphs(words: list[Word], h: float) -> list[str]:
    """Paragraph candidates of one cell: a new one at each line starting with a capital (or '-') after a
    line that does not run on (',' ':' 'và' ...). Wrapped names ('Trung tâm / Phục vụ ...') may be cut:
    the reader of the row (extract.tasks) rejoins candidates to the number of tasks."""
    if not words:
        return []
    sub: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top + w.height / 2, w.left)):
        c = w.top + w.height / 2
        if sub and abs(sub[-1][0].top + sub[-1][0].height / 2 - c) <= 0.5 * h:
            sub[-1].append(w)
        else:
            sub.append([w])
    col_right = max(w.left + w.width for w in words)
    paras: list[str] = []
    prev_right = 0.0
    for ln in sub:
        ln.sort(key=lambda w: w.left)
        text = clean_space(" ".join(w.text for w in ln))
        first = text[:1]
        # the line's first word would have fitted on the previous line: that line ended its paragraph
        fits = prev_right + 0.3 * h + ln[0].width <= col_right
        starts = first.isupper() or first in "-–+•" or bool(_DATE_LINE.match(text))
        if paras and not fits and not (starts and not _CONT_END.search(paras[-1])):
            paras[-1] = f"{paras[-1]} {text}"
        else:
            paras.append(text)
        prev_right = ln[-1].left + ln[-1].width
    return paras


def _block_cells(block: list[list[list[Word]]], text_col: int, h: float) -> list[str]:
    """One table row holding k numbered tasks: the task cell as k paragraphs, the other cells as
    paragraph candidates, written as '<p>..</p>' for extract.tasks.parse_table_rows."""
    out = []
    for i in range(len(block[0])):
        if i == text_col:
            paras = [clean_space(" ".join(w.text for w in r[i])) for r in block]
        else:
            paras = _cell_paragraphs([w for r in block for w in r[i]], h)
        paras = [p for p in paras if p]
        out.append("".join(f"<p>{p}</p>" for p in paras) if len(paras) > 1 else "".join(paras))
    return out


def _header_bands(lines: list[VLine]) -> list[tuple[int, int]]:
    """(first, last) line index of each table header on the page."""
    bands: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if _header_index([lines[i]]) is not None and _is_header_line(lines[i], 0.6) and _has_cell_gaps(lines[i]):
            lo, hi = i, i
            # (a section heading just above the table, 'III. NHIỆM VỤ CỤ THỂ', is made of header words too)
            # (its roman number as OCR may garble it, 'HI.' for 'III.', is no header cell either)
            while lo > 0 and (not bands or lo - 1 > bands[-1][1]) and _is_header_line(lines[lo - 1]) \
                    and not _ROMAN.match(lines[lo - 1].words[0].text) \
                    and not _ROMAN_LIKE.match(lines[lo - 1].words[0].text) \
                    and not _centred_heading(lines[lo - 1], lines[i]):
                lo -= 1
            while hi + 1 < len(lines) and _is_header_line(lines[hi + 1]):
                hi += 1
            bands.append((lo, hi))
            i = hi + 1
        else:
            i += 1
    return bands


def _centred_heading(ln: VLine, head: VLine) -> bool:
    """Whether a line just above a table's header is a part's heading with no number ('NHIỆM VỤ CỤ THỂ' under 'Phần
    II'), not the header's upper line: capitals, one run of words (word spaces only) over the middle of a gutter between
    two of the header line's columns. A header label wrapped upward stays over its own column."""
    h = statistics.median(w.height for w in ln.words)
    gaps = [b.left - (a.left + a.width) for a, b in zip(ln.words, ln.words[1:], strict=False)]
    letters = [c for w in ln.words for c in w.text if c.isalpha()]
    if len(ln.words) < 2 or max(gaps, default=0.0) > 0.8 * h or len(letters) < 6 or not all(c.isupper() for c in letters):
        return False
    left, right = ln.words[0].left, max(w.left + w.width for w in ln.words)
    cols = column_bounds(head.words, gap=0.9 * h)
    return any(left < (a[1] + b[0]) / 2 < right for a, b in zip(cols, cols[1:], strict=False))


def _table_end(body: list[VLine], header_cols: list[tuple[float, float, list[Word]]]) -> int:
    """Index of the first line under a table that is prose, not a row: no gap between cells, across the centres
    of two header columns or more ('Phần III. TỔ CHỨC THỰC HIỆN', a paragraph below a table in the body). A
    roman-numbered group heading written across the table ('I. Hạ tầng và dữ liệu') stays in it."""
    centres = [(a + b) / 2 for a, b, _ in header_cols]
    if len(centres) < 3:
        return len(body)
    for i, ln in enumerate(body):
        if _RECIPIENTS.match(fold(ln_text(ln))):
            return i  # 'Nơi nhận:' under a table in the body: the distribution list and signature follow
        if OCR_NAMED_PART.match(ln_text(ln)):
            return i  # the next part's 'Phần III' (its name on the line below) right under the table's last row
        h = statistics.median(w.height for w in ln.words)
        left, right = ln.words[0].left, max(w.left + w.width for w in ln.words)
        gaps = [b.left - (a.left + a.width) for a, b in zip(ln.words, ln.words[1:], strict=False)]
        # prose starts at the table's left edge and runs on with word spaces only; a row's cells, however
        # close OCR set them, leave a wider gap somewhere
        if (left <= header_cols[0][1] + h and max(gaps, default=0.0) <= 0.8 * h
                and not _ROMAN.match(ln.words[0].text) and sum(left <= c <= right for c in centres) >= 2):
            return i
        # the next part's centred heading ('IV. TỔ CHỨC THỰC HIỆN'): roman, right of the number column, one run
        # of words (a group row's roman number stands in the number column)
        if (_ROMAN.match(ln.words[0].text) and left > header_cols[0][1] + h and max(gaps, default=0.0) <= 0.8 * h
                and len(ln.words) > 1 and sum(c.isupper() for w in ln.words[1:] for c in w.text)
                >= 0.6 * sum(c.isalpha() for w in ln.words[1:] for c in w.text)):
            return i
    return len(body)


def _header_mapping(cells: list[str]) -> dict[int, str] | None:
    """Columns a header row names; a table with one 'Nhiệm vụ' column and no 'Nhiệm vụ chung' holds its tasks
    there. (The seeds' template, 'Nhiệm vụ chung' beside a 'Nhiệm vụ cụ thể' OCR cut short, keeps its template.)"""
    mapping = map_columns(cells)
    if mapping is None and not any("chung" in fold(c) for c in cells):
        mapping = map_columns(cells, single_task_column=True)
    return mapping


def _unglue(cell: str) -> str:
    """A header cell with each word that is two header words run together ('Nộidung') split in two."""
    out = []
    for tok in cell.split():
        f = re.sub(r"[^\w]", "", fold(tok))
        cut = next((k for k in range(2, len(f) - 1) if f[:k] in _HEADER_WORDS and f[k:] in _HEADER_WORDS), None)
        if f not in _HEADER_WORDS and cut is not None and len(fold(tok)) == len(tok) and f == fold(tok):
            out += [tok[:cut], tok[cut:]]
        else:
            out.append(tok)
    return " ".join(out)


def _cell_text(ws: list[Word], h: float | None = None) -> str:
    """A header cell's words in reading order: by visual line (centres within half a word height), then left to
    right ('Cơ quan chủ / trì', whatever the accents do to each word's box top)."""
    if not ws:
        return ""
    h = h or statistics.median(w.height for w in ws)
    rows: list[list[Word]] = []
    for w in sorted(ws, key=lambda w: w.top + w.height / 2):
        c = w.top + w.height / 2
        if rows and abs(rows[-1][0].top + rows[-1][0].height / 2 - c) <= 0.5 * h:
            rows[-1].append(w)
        else:
            rows.append([w])
    return clean_space(" ".join(w.text for r in rows for w in sorted(r, key=lambda w: w.left)))


def _has_cell_gaps(ln: VLine) -> bool:
    h = statistics.median(w.height for w in ln.words)
    gaps = [b.left - (a.left + a.width) for a, b in zip(ln.words, ln.words[1:], strict=False)]
    return sum(g > 1.5 * h for g in gaps) >= 1


def gutter_starts(lines: list[VLine], h: float) -> list[float]:
    """Column left edges: ends of vertical white gutters in the x-coverage of the lines' words."""
    # a group heading written across the page between tables would fill every gutter
    lines = [ln for ln in lines if not (_ROMAN.match(ln.words[0].text) and not _has_cell_gaps(ln))]
    words = [w for ln in lines for w in ln.words]
    if not words:
        return []
    x0 = min(w.left for w in words)
    x1 = max(w.left + w.width for w in words)
    cov = np.zeros(x1 - x0 + 1, dtype=np.int32)
    for ln in lines:
        mark = np.zeros_like(cov, dtype=bool)
        for w in ln.words:
            mark[w.left - x0 : w.left + w.width - x0] = True
        cov += mark
    low = cov <= int(0.04 * len(lines))
    starts = [float(x0)]
    i = 0
    while i < len(low):
        if low[i]:
            j = i
            while j < len(low) and low[j]:
                j += 1
            if j - i >= 0.35 * h and j < len(low):
                starts.append(float(x0 + j))
            i = j
        else:
            i += 1
    # a sparse column (e.g. 'Nhiệm vụ chung', mostly empty) shows false gutters inside it: a column whose
    # peak coverage is low is merged into its left neighbour
    need = max(2, int(0.1 * len(lines)))
    out = [starts[0]]
    for k, s in enumerate(starts[1:], 1):
        e = starts[k + 1] if k + 1 < len(starts) else x1
        if cov[int(s - x0) : int(e - x0)].max(initial=0) >= need:
            out.append(s)
    return out


TEMPLATE_HEADER: dict[str, str] = _CFG["template_header"]


def _same_columns(found: list[float], known: list[float], h: float) -> bool:
    """Whether gutters found on a page are the known columns' left edges, all moved alike (within a word height)."""
    if len(found) != len(known) or not found:
        return False
    diffs = [a - b for a, b in zip(found, known, strict=True)]
    return max(diffs) - min(diffs) <= h


def _shifted(known: list[float], found: list[float], h: float) -> list[float]:
    """The known column edges moved by the shift most found gutters agree on (a page scanned a little off from
    the one before); unmoved when no two agree."""
    best, votes = 0.0, 1
    for d in {round(f - k) for f in found for k in known if abs(f - k) <= 3 * h}:
        n = sum(any(abs(f - (k + d)) <= 0.5 * h for f in found) for k in known)
        if n > votes or n == votes and abs(d) < abs(best):
            best, votes = float(d), n
    return [k + best for k in known]


def _col_of(w: Word, starts: list[float], h: float) -> int:
    return max(0, sum(w.left + 0.5 * h >= s for s in starts) - 1)


def appendix_rows_from_words(words: list[Word], page_no: int) -> list[TableRow]:
    """Rows of one page's table (header cells first); see BoxTableReader for multi-page tables."""
    return BoxTableReader().rows(words, page_no)


def restored_words(words: list[Word], text: str | None) -> list[Word]:
    """Words carrying the restored spelling of ``text`` (the page's restored text).

    ingest writes one text line per Tesseract (block, par, line), a blank line between blocks, and
    restoration keeps lines and tokens; a line whose token count differs keeps its raw words.
    """
    if not text or not words:
        return words
    lines = text.split("\n")
    out: list[Word] = []
    groups = line_groups(words)
    if len(groups) != len(lines):
        log.debug("restored text does not line up with the words (%d vs %d lines)", len(lines), len(groups))
        return words
    for group, line in zip(groups, lines, strict=True):
        toks = line.split()
        if len(toks) == len(group):
            out += [Word(w.block, w.par, w.line, w.word, nfc(t), w.left, w.top, w.width, w.height, w.confidence)
                    for w, t in zip(group, toks, strict=True)]
        else:
            out += group
    return out


def ln_text(ln: VLine) -> str:
    return clean_space(" ".join(w.text for w in ln.words))


# --- tables of targets on scanned pages -------------------------------------------------------------------------
# A table of targets by year ('Chỉ tiêu | Đơn vị tính | Năm 2026 | … | Năm 2030') or by unit ('Đơn vị | Tỷ lệ … (%)
# | Số … (căn)'): Tesseract reads its narrow figure columns apart from the indicator cells (column by column, or a
# wrapped indicator's words between two rows' figures), so the OCR'd lines no longer say which figure is whose. Its
# cells are rebuilt from the word boxes and handed to the targets reader as the tab-separated rows a text table is.
# the indicator or unit column's header as OCR may glue it ('Chỉitiêu', 'Đơn vịtính')
_TARGET_HEAD = re.compile(r"\b(chi ?i? ?ti?eu|tieu ?chi|don ?vi)")
_TASK_HEAD = re.compile(r"\b(nhiem vu|chu tri|phoi hop|thoi gian|thoi han|hoan thanh|san pham)\b")
# (a year OCR glued to the word before it, 'năm2026', is a year too)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# a year in a header cell as OCR may set it: glued to 'năm' ('năm2026'), its last digit an '8' read '§' ('202§')
_HEAD_YEAR = re.compile(r"(?<!\d)((?:19|20)\d[\d§])(?![\d§])")
# the unit column's label in a header ('Đơn vị tính', 'ĐVT', as OCR may glue it)
_UNIT_HEAD = re.compile(r"\b(don ?vi ?tinh|dvt)\b")
_PAREN_UNIT = re.compile(r"\([^()\d]{1,20}\)")
# the first header cell of a table by place with no number column ('Khu vực | Số hộ … (hộ) | …', 'Xã, phường | …',
# 'Địa bàn | …'), folded: its rows' names stand in that column
_PLACE_HEAD = re.compile(r"^(?:ten )?(?:khu vuc|khu dan cu|dia ban|dia phuong|xa|phuong|huyen|thon|to dan pho|cum|vung"
                         r"|dac khu)\b")
_GROUP_NO = re.compile(r"^(?:[IVXHỊÌÍ]{1,5}|[A-ZĐ])[.,]?$")


@dataclass
class BoxTable:
    """A table of targets read from one page's word boxes: its header cells and, per row, its cells and words."""

    page_no: int
    header: list[str]
    rows: list[tuple[list[str], list[Word]]]
    top: float
    bottom: float
    left: float
    right: float
    # its columns' left edges and figure columns, and whether it runs to the foot of its page (it may go on on the
    # next page, under no header)
    starts: list[float] = field(default_factory=list)
    fig_cols: set[int] = field(default_factory=set)
    runs_off: bool = False
    head: list[VLine] = field(default_factory=list)  # its header's lines, when its rows are all on the next page
    continued: bool = False  # the rows of the page before's table, at the top of this page


def _target_head(lines: list[VLine], i: int) -> int | None:
    """The last line of a target table's header starting at line ``i``: a line with the indicator ('Chỉ tiêu') or
    unit ('Đơn vị') column set apart from others, and no word of a task table, the header's narrow cells wrapped
    onto the lines below ('Năm' / '2026') until the first row ('1', a group row 'I', 'A'); None when the header
    names neither two years nor a bracketed unit (a table of other figures)."""
    ln = lines[i]
    toks = ln.folded_tokens()
    joined = " ".join(toks)
    # (a table by commune names its rows' column by their kind, 'STT | Xã | Tỷ lệ … (%)': its number column's
    # label opens the header)
    numbered = bool(toks) and (toks[0] in ("stt", "tt") or len(toks[0]) == 3 and toks[0][0] == "s" and toks[0][2] == "t")
    # (a table whose rows are the years opens with their label, 'Lộ trình': no task table does, whatever words its
    # measures hold, 'sản phẩm du lịch')
    by_year = _year_rows(joined)
    task = not by_year and _TASK_HEAD.search(joined)
    # (a table by place may have no number column: 'Khu vực | Số hộ … (hộ) | Số căn … (căn)', its header's first
    # cell the places' kind)
    # (or after its number column's label OCR garbled past reading, 'SÌ]l. | Xã, phường | …': a short first cell set
    # apart from the places' kind)
    by_place = _PLACE_HEAD.match(joined) is not None or (
        len(toks) > 1 and 0 < len(toks[0]) <= 4 and _PLACE_HEAD.match(" ".join(toks[1:])) is not None
        and ln.words[1].left - (ln.words[0].left + ln.words[0].width) > 1.5 * ln.words[0].height)
    if not (_TARGET_HEAD.search(joined) or numbered or by_year or by_place) or not _has_cell_gaps(ln) or task:
        return None
    hi = i
    # (a long label in a narrow column wraps over six lines or more, its bracketed unit on the last: past the fifth
    # line the header goes on only while the line keeps clear of the first line's gutters, as no paragraph does)
    starts = _cell_lefts(ln)
    while hi + 1 < len(lines) and (hi - i < 4 or hi - i < _DEEP_HEAD and not _crosses(lines[hi + 1], starts)):
        nxt = lines[hi + 1]
        first = nxt.words[0].text.strip(".,)")
        figures = sum(bool(_NUMERIC.match(w.text)) and not _YEAR.fullmatch(w.text) for w in nxt.words)
        # (a row whose number OCR lost still shows its figures: no header cell is a bare number but a year)
        # (nor does a header cell wrap in the number column: a word there, 'l' or 'lí' for 'I', opens a row)
        in_no_col = len(ln.words) > 1 and nxt.words[0].left + nxt.words[0].width < ln.words[1].left
        if first.isdigit() and len(first) <= 2 or _GROUP_NO.match(nxt.words[0].text) or figures >= 2 or in_no_col:
            break
        hi += 1
    band = _head_cell(" ".join(w.text for ln in lines[i : hi + 1] for w in ln.words))
    # the figures' columns: two years or more, a unit in brackets, or one year beside a unit column ('Chỉ tiêu | Đơn vị
    # tính | Kế hoạch năm 2027', a report's table of the year ahead)
    years = len(_YEAR.findall(band))
    if not by_year and _TASK_HEAD.search(fold(band)) or not (years >= 2 or _PAREN_UNIT.search(band)
                                             or years == 1 and _UNIT_HEAD.search(fold(band))):
        return None
    return hi


def _number_label(cell: str, firsts: list[str]) -> str:
    """The first header cell as 'STT' when OCR garbled that short label ('SÌl.', 'ST]') over a column of row numbers
    (most rows' first cells a number of one or two digits, or a letter OCR reads for one, 'l'); else as read."""
    key = re.sub(r"\W", "", fold(cell))
    if cell in ("STT", "TT") or not 0 < len(key) <= 4 or key[0] not in "st" or not firsts:
        return cell
    numbers = sum(bool(re.fullmatch(r"[\dlI|]{1,2}[.,]?", c)) for c in firsts)
    return "STT" if numbers >= max(2, len(firsts) // 2) else cell


_DEEP_HEAD = 9  # lines a table's header may wrap over at most (its first line's and eight more)


def _cell_lefts(ln: VLine) -> list[float]:
    """The left edges of a header line's cells after its first: the words that open a cell gap (1.5 word heights)."""
    h = statistics.median(w.height for w in ln.words)
    return [b.left for a, b in zip(ln.words, ln.words[1:], strict=False) if b.left - (a.left + a.width) > 1.5 * h]


def _crosses(ln: VLine, starts: list[float]) -> bool:
    """Whether a word of the line covers the white just left of a cell's start on a header's first line: a line of
    prose runs across the columns, a header cell's wrapped line keeps inside its column."""
    h = statistics.median(w.height for w in ln.words)
    return any(w.left < x - 0.3 * h < w.left + w.width for w in ln.words for x in starts)


_YEAR_ROWS = re.compile(load_json("targets.json")["table"]["year_rows"])


def _year_rows(folded: str) -> bool:
    """A header opening with the label of a table whose rows are the years ('Lộ trình'), as the targets reader
    knows it."""
    return _YEAR_ROWS.match(folded.strip()) is not None


def _head_cell(text: str) -> str:
    """A header cell's years as printed: a '§' OCR read for an '8' put back in a year ('202§' is 2028: no header writes
    a section sign) and a year OCR glued to the word before set apart ('năm2026' -> 'năm 2026')."""
    text = _HEAD_YEAR.sub(lambda m: _digits(m.group(1)), text)
    # a mark OCR set after the unit's closing bracket ('(người) ˆ'): no header cell ends with one
    if (m := re.search(r"\)\s*(\S{1,2})$", text)) and not any(unicodedata.category(c) in ("Lu", "Ll", "Nd")
                                                            for c in m.group(1)):
        text = text[: m.start(1)].rstrip()
    return re.sub(r"(?<=[^\W\d_])((?:19|20)\d\d)(?!\d)", r" \1", text)


def target_tables(words: list[Word], page_no: int, carry: BoxTable | None = None) -> list[BoxTable]:
    """Tables of targets on one OCR'd page, rebuilt from its word boxes: columns from the white gutters of the
    header and rows, a row from its number ('1', a group's 'I' or 'A') down to the next one (a wrapped indicator's
    lines join it). A table whose gutters do not give each header cell a column is left to the OCR'd text.
    ``carry``: the previous page's last table when it ran to the foot of its page (its header alone there, or its
    first rows): rows at the top of this page, under no header, with figures in two of its figure columns or more,
    go on in its columns (a table by commune whose header ends a page); the table is returned with its header."""
    # (a unit's brackets are kept: 'Tỷ lệ … (%)', 'Số nhà ở (căn)' name the unit of their column or row)
    lines = visual_lines([Word(w.block, w.par, w.line, w.word, t, w.left, w.top, w.width, w.height, w.confidence)
                          for w in words if (t := re.sub(r"[|\[\]{}]", "", nfc(w.text)).strip().strip("—_").strip())
                          and w.confidence >= 0])
    if not lines:
        return []
    h = statistics.median(w.height for ln in lines for w in ln.words)
    out: list[BoxTable] = []
    i = 0
    if carry is not None and carry.runs_off and carry.starts:
        cont = _continued_table(lines, carry, h, page_no)
        if cont is not None:
            out.append(cont[0])
            i = cont[1]
    while i < len(lines):
        hi = _target_head(lines, i)
        if hi is None:
            i += 1
            continue
        head = lines[i : hi + 1]
        band = [w for ln in head for w in ln.words]
        body = lines[hi + 1 :]
        end = _table_end(body, column_bounds(band, gap=0.9 * h))
        # the next table's header ends this one too, and so does the next part's heading ('III. NHIỆM VỤ', its
        # roman number as OCR may read it: 'HI.'), which would fill the gutters between the columns
        end = next((k for k, ln in enumerate(body[:end]) if _header_index([ln]) is not None and _has_cell_gaps(ln)
                    or _target_head(body, k) is not None or _part_heading(ln)), end)
        runs_off = end == len(body)
        body = body[:end]
        i = hi + 1 + end
        if not body:
            # the header at the foot of the page: its rows are on the next page, in the header's columns
            starts = [a - 0.3 * h for a, _, _ in column_bounds(band, gap=0.9 * h)]
            header = _header_cells(band, starts, h)
            fig_cols = _fig_cols(header)
            if len(starts) >= 3 and fig_cols and header[0]:
                ws = band
                out.append(BoxTable(page_no, header, [], min(w.top for w in ws), max(w.top + w.height for w in ws),
                                    min(w.left for w in ws), max(w.left + w.width for w in ws), starts, fig_cols,
                                    runs_off=True, head=head))
            continue
        cols = _columns(head, body, h, page_no)
        if cols is None:
            continue
        starts, header = cols
        fig_cols = _fig_cols(header)
        table_rows = _box_rows(body, starts, fig_cols, header, h)
        header[0] = _number_label(header[0], [cells[0] for cells, _ in table_rows])
        ws = band + [w for ln in body for w in ln.words]
        out.append(BoxTable(page_no, header, table_rows, min(w.top for w in ws), max(w.top + w.height for w in ws),
                            min(w.left for w in ws), max(w.left + w.width for w in ws), starts, fig_cols, runs_off))
        log.debug("page %d: target table of %d columns, %d rows from boxes", page_no, len(starts), len(table_rows))
    return out


def _columns(head: list[VLine], body: list[VLine], h: float, page_no: int) -> tuple[list[float], list[str]] | None:
    """A target table's column edges and header cells from the white gutters of its header and body lines; None when
    they do not give each header cell a column."""
    band = [w for ln in head for w in ln.words]
    starts = gutter_starts(head + body, h)
    # a column whose gutter a word across it filled (a wrapped cell set close to the next one): the left edge of
    # its header's words, as the cells' text starts there too
    for a, _, _ in column_bounds(band, gap=0.9 * h):
        if all(abs(a - x) > h for x in starts):
            starts = sorted([*starts, a - 0.3 * h])
    starts = _wrapped_header_gutters(starts, head, body, h)
    header = _header_cells(band, starts, h)
    split = _split_periods(header)
    if split:
        # a period's header cell OCR split at its lost dash ('Giai đoạn 2026' | '2028'): one column again
        starts = [x for k, x in enumerate(starts) if k not in split]
        header = _header_cells(band, starts, h)
    if (len(starts) > 3 and not any(c in ("Chỉ tiêu", "Tiêu chí", "Nội dung") for c in header)
            and sum(bool(_YEAR.search(c)) for c in header[2:]) >= 2 and not _YEAR.search(header[1])
            and not _PLACE_HEAD.match(fold(header[1]))):
        # (a table by place whose columns name two years, 'Tỷ lệ … năm 2025 (%)' | '… năm 2026 (%)', keeps its places'
        # label, 'Xã, phường')
        # a table by year whose indicator label OCR garbled past reading ('CHIt€U'): the column after the
        # number is the indicator's, as in every such table
        header[1] = "Chỉ tiêu"
    if len(starts) < 3 or sum(bool(c) for c in header) < len(header) - 1 or not header[0]:
        log.debug("page %d: target table's columns unclear (%d gutters)", page_no, len(starts))
        return None
    return starts, header


def _cells_of(words: list[Word], starts: list[float], h: float) -> list[list[Word]]:
    cells: list[list[Word]] = [[] for _ in starts]
    for w in words:
        cells[_col_of(w, starts, h)].append(w)
    return cells


def _header_cells(band: list[Word], starts: list[float], h: float) -> list[str]:
    """A target table's header cells (labels) from its header's words in its columns, each bracketed unit spelled
    as the cell's own words spell its letters (_bracket_unit), words OCR ran together split (_spaced_label)."""
    return [_bracket_unit(_label(_spaced_label(_head_cell(_cell_text(c, h))), k))
            for k, c in enumerate(_cells_of(band, starts, h))]


_TARGET_HEADER_WORDS = frozenset(load_json("tables.json")["target_header_words"])


def _split_syllables(f: str) -> list[int] | None:
    """Where a folded run of letters splits into two or more target header syllables ('kehoachnam' -> [2, 7]): the
    cut positions, None when it does not (or is one syllable itself)."""
    if f in _TARGET_HEADER_WORDS:
        return None

    def cuts(start: int) -> list[int] | None:
        if start == len(f):
            return []
        for end in range(len(f), start, -1):
            rest = cuts(end) if f[start:end] in _TARGET_HEADER_WORDS else None
            if rest is not None:
                return [end, *rest] if end < len(f) else rest
        return None

    return cuts(0) or None


def _spaced_label(cell: str) -> str:
    """A target table's header cell with each word OCR ran together from two or more header syllables split back
    ('Thựchiện' -> 'Thực hiện', 'Kếhoạchnăm 2026' -> 'Kế hoạch năm 2026', 'Tỷlệ(%)' -> 'Tỷ lệ (%)'); other words as
    read."""
    out = []
    for tok in cell.split():
        m = re.match(r"^([^\W\d_]+)(\(.*)?$", tok)
        f = fold(m.group(1)).lower() if m else ""
        at = _split_syllables(f) if m and len(f) == len(m.group(1)) else None
        if m is None or at is None:
            out.append(tok)
            continue
        word = m.group(1)
        out += [word[a:b] for a, b in zip([0, *at], [*at, len(word)], strict=False)]
        if m.group(2):
            out.append(m.group(2))
    return " ".join(out)


_CLOSING_UNIT = re.compile(r"\(([^()\d]{1,20})\)\s*$")


def _bracket_unit(cell: str) -> str:
    """A header cell whose closing brackets give its column's unit, that unit spelled as the cell's own words spell the
    same letters ('Số căn nhà … xây mới (cân)' is '(căn)': a count's unit is what it counts, 'Số căn …'); OCR
    misreads marks, not letters. A unit no word of the cell spells stays as read."""
    m = _CLOSING_UNIT.search(cell)
    if m is None:
        return cell
    read = m.group(1).strip()
    unit = _unit(read, cell[: m.start()])
    # (its words as the brackets set them: a label OCR glued, 'hộ giađình', spaces no unit anew)
    return f"{cell[: m.start(1)]}{unit}{cell[m.end(1) :]}" if len(unit.split()) == len(read.split()) else cell


def _fig_cols(header: list[str]) -> set[int]:
    """The figures columns: a year's ('Năm 2026') or a measure's with its unit in brackets ('Tỷ lệ … (%)') (a table
    whose rows are the years, 'Lộ trình | Tỷ lệ … (%) | Số cơ sở … (cơ sở)', has its figures from the second column
    on)."""
    first_fig = 1 if _year_rows(fold(header[0])) or _named_rows(header) else 2
    return {k for k, c in enumerate(header) if k >= first_fig and (_YEAR.search(c) or _PAREN_UNIT.search(c))}


def _named_rows(header: list[str]) -> bool:
    """Whether a table's first column names its rows, no number column before it ('Khu vực | …', _PLACE_HEAD)."""
    return _PLACE_HEAD.match(fold(header[0]).strip()) is not None


def _continued_table(lines: list[VLine], carry: BoxTable, h: float, page_no: int) -> tuple[BoxTable, int] | None:
    """The rows a table carried from the page before has at the top of this page (see target_tables), and the
    index of the first line after them; None when the page opens with no row of it (a first line with fewer than
    two figures in its figure columns: prose, a heading, another table)."""
    end = next((k for k, ln in enumerate(lines) if _target_head(lines, k) is not None or _part_heading(ln)
                or _header_index([ln]) is not None and _has_cell_gaps(ln)), len(lines))
    seg = lines[:end]
    if not seg:
        return None
    right = max(w.left + w.width for ln in seg for w in ln.words)
    edges = [*carry.starts, right + 1]
    cut = _table_end(seg, [(a, b - 1, []) for a, b in zip(edges, edges[1:], strict=False)])
    seg = seg[:cut]
    if not seg:
        return None
    # (the columns do not move between pages but as the scan shifts them all alike; the number column OCR may
    # leave empty shows no gutter)
    starts = _shifted(carry.starts, gutter_starts(seg, h), h)
    first = _cells_of(seg[0].words, starts, h)
    if sum(bool(first[k]) and bool(_NUMERIC.match(_digits(first[k][0].text))) for k in carry.fig_cols
           if k < len(first)) < 2:
        return None
    header, fig_cols = carry.header, carry.fig_cols
    if carry.head:
        # a header alone at the foot of the page before: its columns from its gutters and these rows' together (a
        # header's own gutters miss the narrow ones between wrapped labels)
        cols = _columns(carry.head, seg, h, page_no)
        if cols is None:
            return None
        starts, header = cols
        fig_cols = _fig_cols(header)
    table_rows = _box_rows(seg, starts, fig_cols, header, h)
    ws = [w for ln in seg for w in ln.words]
    log.debug("page %d: target table goes on without header (%d rows)", page_no, len(table_rows))
    return (BoxTable(page_no, header, table_rows, min(w.top for w in ws), max(w.top + w.height for w in ws),
                     min(w.left for w in ws), max(w.left + w.width for w in ws), starts, fig_cols,
                     cut == len(lines), continued=True), cut)


def _box_rows(body: list[VLine], starts: list[float], fig_cols: set[int], header: list[str], h: float
              ) -> list[tuple[list[str], list[Word]]]:
    """A target table's rows from its body's lines in its columns: cells' text and each row's words."""
    rows: list[list[list[Word]]] = []
    named = _named_rows(header)
    prev_bottom = 0.0
    for ln in body:
        cells = _cells_of(ln.words, starts, h)
        # a figure cell already filled in the row above (or figures under a group row, 'A | Giáo dục mầm non',
        # which has none): the next row, its number lost
        figures = [k for k, c in enumerate(cells) if k in fig_cols and c and _NUMERIC.match(_digits(c[0].text))]
        refill = bool(rows) and bool(figures) and (any(rows[-1][k] for k in figures) or _group_row(rows[-1]))
        # (rows named in the first column, no number: a line of no figures set as close under the row above as a
        # cell's lines are is its name's tail, wrapped below the row's figures, 'Khu vực ven sông 1.820 …' / 'Hương
        # phía Bắc')
        tail = named and bool(rows) and not figures and ln.top - prev_bottom < ROW_GAP * h
        if not rows or cells[0] and not tail or refill:
            rows.append(cells)
        else:
            for k, c in enumerate(cells):
                rows[-1][k].extend(c)
        prev_bottom = ln.bottom
    unit_col = next((k for k, c in enumerate(header) if c in ("Đơn vị tính", "ĐVT")), None)
    _crowded_figures(rows, fig_cols)
    out = [([_figure(_cell_text(c, h)) if k in fig_cols
             else _unit(_cell_text(c, h), " ".join(_cell_text(x, h) for i, x in enumerate(r) if i != k))
             if k == unit_col else _cell_text(c, h) for k, c in enumerate(r)],
            [w for c in r for w in c]) for r in rows]
    _lettered_decimals([cells for cells, _ in out], [[_digits(_cell_text(c, h)) for c in r] for r in rows], fig_cols)
    _dropped_commas([cells for cells, _ in out], header, fig_cols)
    return out


def _rate(text: str) -> float | None:
    m = re.fullmatch(r"(\d+)(?:,(\d+))?", text)
    return float(f"{m.group(1)}.{m.group(2) or 0}") if m else None


def _dropped_commas(rows: list[list[str]], header: list[str], fig_cols: set[int]) -> None:
    """Rates ('Tỷ lệ … (%)') whose decimal comma OCR dropped, put back: a rate over 100 ('925' for 92,5: no share
    is) whose tenth is one; a total row's rate (the last row, no number, as 'Toàn tỉnh', 'Tổng cộng') above every
    place's whose tenth lies among theirs (a total's rate is the places' mean: '12' for 1,2 under 0,15 … 4,6). A
    figure with a separator, or one that no tenth makes right, stays as read."""
    for k in fig_cols:
        if "(%)" not in header[k].replace(" ", "") or not fold(header[k]).startswith("ty le"):
            continue
        for r in rows:
            v = _rate(r[k]) if k < len(r) else None
            if v is not None and "," not in r[k] and v > 100 and v / 10 <= 100 and len(r[k]) >= 3:
                r[k] = f"{r[k][:-1]},{r[k][-1]}"
        if len(rows) < 3 or rows[-1][0] or not rows[-1][1] or "," in rows[-1][k]:
            continue
        total = _rate(rows[-1][k])
        places = [v for r in rows[:-1] if (v := _rate(r[k])) is not None]
        if total is not None and len(places) >= 2 and total > max(places) and min(places) <= total / 10 <= max(places):
            t = rows[-1][k]
            rows[-1][k] = f"{t[:-1]},{t[-1]}" if len(t) >= 2 else f"0,{t}"


def _wrapped_header_gutters(starts: list[float], head: list[VLine], body: list[VLine], h: float) -> list[float]:
    """The column edges without those a wrapped header cell made: a long label over two lines ('Tỷ lệ dân số tham
    gia bảo' / 'hiểm y tế (%)') may have a word space at the same place on both lines, a gutter that cuts the label
    in two; no body word lies right of such a gutter (the column's figures stand at the cell's left) and on each
    header line the words either side of it are one word space apart (a cell's edge leaves its two paddings)."""
    out = [starts[0]]
    for k, s in enumerate(starts[1:], 1):
        if not any(_col_of(w, starts, h) == k for ln in body for w in ln.words):
            gaps = []
            for ln in head:
                left = [w.left + w.width for w in ln.words if w.left + 0.5 * h >= out[-1] and _col_of(w, starts, h) < k]
                right = [w.left for w in ln.words if _col_of(w, starts, h) == k]
                if left and right:
                    gaps.append(min(right) - max(left))
            if gaps and max(gaps) < 0.6 * h:
                continue
        out.append(s)
    return out


_NUMERIC = re.compile(r"^\d+(?:[.,]\d+)*%?$")
_PERIOD_START = re.compile(r"\bgiai do\w{0,2}n\s+(?:19|20)\d\d\s*[-–]?$")
_BARE_YEAR = re.compile(r"[-–]?\s*(?:19|20)\d\d")


def _split_periods(header: list[str]) -> set[int]:
    """Header columns that are a period's end year OCR set apart from its start, the dash lost ('Giai đoạn 2026' |
    '2028'): a bare year right after a cell that ends with a period's start."""
    return {k for k in range(1, len(header))
            if _BARE_YEAR.fullmatch(header[k].strip()) and _PERIOD_START.search(fold(header[k - 1]).strip())}


def _crowded_figures(rows: list[list[list[Word]]], fig_cols: set[int]) -> None:
    """Empty the figure cells whose digits are far narrower than the table's others: OCR read a mark beside a
    figure as one digit more ('530' in a box two digits wide, for 50). The figure is unknown, never guessed."""
    def digits(w: Word) -> int:
        return sum(c.isdigit() for c in w.text)

    figs = [w for r in rows for k in fig_cols for w in r[k] if _NUMERIC.match(w.text) and digits(w) >= 2]
    if len(figs) < 4:
        return
    pitch = statistics.median(w.width / digits(w) for w in figs)
    for r in rows:
        for k in fig_cols:
            if any(w in figs and w.width / digits(w) < 0.75 * pitch for w in r[k]):
                r[k] = []


def _digits(text: str) -> str:
    """A figure with the digits OCR reads as marks ('§' for 8) put back."""
    return "".join(_OCR_NO.get(c, c) for c in text)


def _figure(cell: str) -> str:
    """A figures cell: its digits OCR read as marks put back when that makes it a number ('§0' is 80). A cell OCR
    garbled past that ('S0', '9%§': no words, no number) is left empty, never guessed; a cell in words ('Tối thiểu
    90%') stays as read."""
    fixed = _digits(cell)
    if _NUMERIC.match(fixed):
        return fixed
    if _LETTERED.match(fixed) and _NUMERIC.match(lettered := fixed.translate(_LETTER_DIGITS)):
        return lettered
    # (words have a small letter: 'Tối thiểu 90%'; capitals among digits, '2IÓ', are OCR's garbling of a figure, and so
    # are a word with digits in it or one whose capital follows a small letter, 'lÚ1 109', 'lÍ' for 11)
    return cell if _in_words(cell) else ""


def _in_words(cell: str) -> bool:
    """Whether a figures cell is written in words ('Tối thiểu 90%', 'Duy trì'): a word of two letters or more in
    small letters or with a capital first, and no word mixing letters and digits."""
    toks = cell.split()
    if any(re.search(r"\d", t) and re.search(r"[^\W\d_]", t) for t in toks):
        return False
    return any(len(t) >= 2 and t.isalpha() and (t.islower() or t[0].isupper() and t[1:].islower()) for t in toks)


# a figure with a letter OCR reads for a digit inside it ('l,2', 'I2' for 1,2; '1O5' for 105): digits, separators and
# those letters only, one digit at least
_LETTERED = re.compile(r"^(?=.*\d)(?=.*[IlO|])[\dIlO|]+(?:[.,][\dIlO|]+)*$")
_LETTER_DIGITS = str.maketrans({"I": "1", "l": "1", "|": "1", "O": "0"})


def _lettered_decimals(rows: list[list[str]], raw: list[list[str]], fig_cols: set[int]) -> None:
    """A figure read from letters (_LETTERED: 'I2') without the decimal comma every other figure of its column has,
    after as many digits as each of theirs ('1,2' among '0,15', '3,85', '4,6'): OCR read '1,' as the one stroke 'I';
    the comma is put back there. A figure read with its comma, or in a column of other figures, stays as read."""
    for k in fig_cols:
        others = [r[k] for r, w in zip(rows, raw, strict=True) if k < len(r) and r[k] and not _LETTERED.match(w[k])]
        if (len(others) < 2 or not all(re.fullmatch(r"\d+,\d+", o) for o in others)
                or len({len(o.split(",")[0]) for o in others}) != 1):
            continue
        n = len(others[0].split(",")[0])
        for r, w in zip(rows, raw, strict=True):
            if k < len(r) and _LETTERED.match(w[k]) and r[k].isdigit() and len(r[k]) > n:
                r[k] = f"{r[k][:n]},{r[k][n:]}"


def _unit(cell: str, row: str = "") -> str:
    """A unit cell: '%' however OCR trailed it ('%o', '%.'), as the targets reader takes it in a row OCR ran
    together; any other unit as read, each part of it ('tấn/ngày') with the spelling the same letters have in the
    row's own words ('xạ' in 'Số xã đạt chuẩn …' is 'xã', 'hộ giađình' in 'Số hộ gia đình …' is 'hộ gia đình') or,
    when the row has none, of the one measure word of these letters ('tắn' is 'tấn'): OCR and restoration misread
    marks and spaces, never letters so repaired."""
    if cell.startswith("%"):
        return "%"
    return "/".join(_spelled(part, row) for part in cell.split("/"))


_MEASURES: list[str] = load_json("targets.json")["count"]["measures"]


def _letters(text: str) -> str:
    return re.sub(r"[\W_]", "", fold(nfc(text)))


def _spelled(part: str, row: str) -> str:
    """One part of a unit cell as the row's words (or the one measure word) spell its letters; else as read."""
    key = _letters(part)
    if not key or key.isdigit():
        return part
    toks = [t for t in (re.sub(r"^[^\w]+|[^\w]+$", "", w) for w in row.split()) if t]
    for i in range(len(toks)):
        acc = ""
        for j in range(i, min(i + 4, len(toks))):
            acc += _letters(toks[j])
            if acc == key:
                found = " ".join(toks[i : j + 1])
                return found[:1].lower() + found[1:] if part[:1].islower() else found
            if len(acc) >= len(key):
                break
    same = [m for m in _MEASURES if _letters(m) == key]
    if len(same) == 1:
        return same[0]
    words = _unit_words(key)
    return " ".join(words) if words else part


_UNIT_WORDS: list[str] = load_json("targets.json")["count"]["unit_words"]


def _unit_words(key: str, lost: int = 1) -> list[str] | None:
    """The unit words (targets.json 'unit_words', as written) whose letters make up ``key`` (a unit cell's part, its
    letters folded) in order, OCR's glued words ('nghìnUSD', 'triệukWh'); of which one word of four letters or more
    may have lost one letter but its first ('nghnUSD' is 'nghìn USD'); None when no such words make it up."""
    if not key:
        return []
    for word in _UNIT_WORDS:
        w = _letters(word)
        if key.startswith(w) and (rest := _unit_words(key[len(w) :], lost)) is not None:
            return [word, *rest]
        if lost and len(w) >= 4:
            for i in range(1, len(w)):
                short = w[:i] + w[i + 1 :]
                if key.startswith(short) and (rest := _unit_words(key[len(short) :], 0)) is not None:
                    return [word, *rest]
    return None


# header labels OCR glues or garbles by one letter ('Chỉitiêu', 'Đơn vịtính', 'SIT' for 'STT')
_LABELS = ("Chỉ tiêu", "Tiêu chí", "Nội dung", "Đơn vị tính", "Đơn vị")


def _label(cell: str, k: int) -> str:
    """A header cell as the label it is when OCR glued its words or set one letter more ('Chỉitiêu' is 'Chỉ tiêu');
    the number column's 'SIT', 'S1T' is 'STT'. Any other cell as read."""
    key = re.sub(r"\W", "", fold(cell))
    if k == 0 and len(key) == 3 and key[0] == "s" and key[2] == "t":
        return "STT"
    for label in _LABELS:
        want = fold(label).replace(" ", "")
        if key == want or len(key) == len(want) + 1 and any(key[:i] + key[i + 1:] == want for i in range(len(key))):
            return label
    return cell


# a part's roman number as OCR may read it ('III.' as 'HI.', 'HIL.', 'IIL.')
_PART_NO = re.compile(r"^[IVXLHlỊÌÍ1|]{1,5}[.,]$")


def _part_heading(ln: VLine) -> bool:
    """A roman-numbered heading in capitals, one run of words ('III. NHIỆM VỤ VÀ PHÂN CÔNG', 'HI. NHIỆM VU …')."""
    rest = "".join(w.text for w in ln.words[1:])
    letters = [c for c in rest if c.isalpha()]
    return (len(ln.words) > 1 and bool(_PART_NO.match(ln.words[0].text))
            and not _has_cell_gaps(ln) and len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.8 * len(letters))


def _group_row(row: list[list[Word]]) -> bool:
    """A group row so far ('I | Lĩnh vực trồng trọt', 'A | Giáo dục mầm non'): a number, a name and no figures."""
    return bool(row[0]) and _GROUP_NO.match(row[0][0].text) is not None and not any(c for c in row[2:] if c)


# a results column's label ('Thực hiện năm 2025', 'Ước thực hiện 2026', 'So với cùng kỳ (%)', 'Kết quả', 'Lũy kế'),
# folded; OCR may garble a letter of it ('Ước thyc hiện', 'So vói cùng kỳ')
_RESULT_LABELS = ("thuc hien", "ket qua", "so voi", "cung ky", "luy ke")


# a column of the plan's figures ('Kế hoạch năm 2027', 'Mục tiêu đến năm 2030'), folded, spaces out (OCR glues
# 'Kếhoạch')
_PLAN_LABELS = ("kehoach", "muctieu")


def results_table(header: list[str]) -> bool:
    """Whether a rebuilt table's header names a column of results: a label of _RESULT_LABELS in a cell, exactly, or
    with one letter OCR garbled when the label has seven letters or more ('so voi' must be exact: 'số vốn' is no
    result)."""
    return _names_label(header, _RESULT_LABELS)


def plan_table(header: list[str]) -> bool:
    """Whether a rebuilt table's header names a column of the plan's figures for a year (_PLAN_LABELS and a year in
    one cell), as results_table reads labels but with the spaces out."""
    return _names_label([c.replace(" ", "") for c in header if _YEAR.search(c)], _PLAN_LABELS)


def _names_label(header: list[str], labels: tuple[str, ...]) -> bool:
    for cell in header:
        f = re.sub(r"[^a-z ]+", " ", fold(nfc(cell)))
        for label in labels:
            n = len(label)
            allowed = 1 if n >= 7 else 0
            if any(Hamming.distance(label, f[i : i + n]) <= allowed for i in range(len(f) - n + 1)):
                return True
    return False


def with_target_tables(pages: list[Page], lines: list[Line], report: bool = False
                       ) -> tuple[list[Line], dict[tuple[int, int], list[Word]]]:
    """The document's lines with each target table of an OCR'd page read from its word boxes: the page text's lines
    the table's words stand on (one unbroken run of them) give way to the table's header and rows, tab-separated as
    a text table's are, the rest of the run left blank; other lines as they were. Also the words of each rebuilt
    row, by (page, 1-based line of the page text), to place the targets read from it. A table whose words OCR set on
    fewer lines than it has rows, or whose lines other text interrupts, stays as OCR read it; so does, in a ``report``
    (báo cáo), a table whose header names a column of results (results_table) or none of a plan's figures for a
    year (plan_table): once rebuilt, a results column whose
    header OCR garbled past the targets reader's words is not told from a plan's column, while a report's table of the
    year ahead's targets ('Chỉ tiêu | Đơn vị tính | Năm 2027') is read as a plan's is."""
    from extract.provenance import _PageMap  # the page text's lines and the words each was written from

    out = list(lines)
    placed: dict[tuple[int, int], list[Word]] = {}
    first = {}
    for ln in lines:
        first.setdefault(ln.page_no, ln.idx)
    carry: BoxTable | None = None  # the last page's table that ran to its foot
    head_at: dict[int, int] = {}  # the line a table's header was written on, by id(table)
    for p in pages:
        if not p.method.startswith("ocr") or not p.words or p.page_no not in first:
            carry = None
            continue
        found = target_tables(restored_words(p.words, p.text), p.page_no, carry)
        if found and found[0].continued and carry is not None and (at := head_at.get(id(carry))) is not None:
            # a header alone at the foot of the page before, its columns now read with its rows': written as they are
            # (the rows repeat it on this page, as the continuation of the same table)
            out[at] = Line(at, out[at].page_no, "\t".join(found[0].header))
        carry = found[-1] if found and found[-1].runs_off else None
        # (a table of one year's column, 'Thực hiện năm 2025', is a results table in any document; a report's table is
        # rebuilt only when its header names a plan's column of a year: a results header OCR garbled past
        # results_table's labels must not be read as targets)
        tables = [t for t in found
                  if not ((report or sum(bool(_YEAR.search(c)) for c in t.header) == 1) and results_table(t.header))
                  and (not report or plan_table(t.header))]
        if not tables:
            continue
        pm = _PageMap(p)
        for t in tables:
            h = statistics.median(w.height for _, ws in t.rows for w in ws) if t.rows else 0.0
            inside = [i for i, ws in enumerate(pm.line_words) if ws and all(
                t.top - 0.5 * h <= w.top + w.height / 2 <= t.bottom + 0.5 * h
                and t.left - h <= w.left + w.width / 2 <= t.right + h for w in ws)]
            if not inside:
                continue
            # the longest run of the table's lines that no other line interrupts (OCR may set a cell's word apart,
            # before the heading over the table): the rows are written there, the table's other lines left blank
            runs: list[list[int]] = [[]]
            for i in range(inside[0], inside[-1] + 1):
                if i in inside or not pm.lines[i].strip():
                    runs[-1].append(i)
                else:
                    runs.append([])
            run = max(runs, key=len)
            texts = ["\t".join(t.header)] + ["\t".join(cells) for cells, _ in t.rows]
            if len(run) < len(texts):
                log.debug("page %d: target table's OCR lines too few; left as read", p.page_no)
                continue
            for i in inside:
                idx = first[p.page_no] + i
                out[idx] = Line(idx, p.page_no, "")
            head_at[id(t)] = first[p.page_no] + run[0]
            for k, i in enumerate(run):
                idx = first[p.page_no] + i
                out[idx] = Line(idx, p.page_no, texts[k] if k < len(texts) else "")
                if 0 < k < len(texts):
                    placed[(p.page_no, i + 1)] = t.rows[k - 1][1]
    return out, placed
