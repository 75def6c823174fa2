"""Reading order of Vietnamese administrative pages (Decree 30/2020/ND-CP layout) from OCR word boxes.

The first page opens with a two-column header (left: governing and issuing body, 'Số: …', 'V/v …';
right: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', the motto, place and date) and the last one closes with
a two-column signature block ('Nơi nhận:' and its list | title and signer). Tesseract's automatic
segmentation often makes one line of 'UBND THÀNH PHỐ …' and 'CỘNG HÒA …', interleaving the columns
in the page text. Here the words of such a region are split at the gutter between the columns and
each column becomes its own block (left first), read top to bottom; the rest of the page keeps
Tesseract's order. Only word order and block/par/line numbering change: boxes, texts and
confidences are Tesseract's.

Words that do not belong to their printed line (a handwritten fill-in or margin note that
Tesseract glued into it: far taller or smaller than the line's printed words and read with low
confidence) are dropped rather than mixed into the printed text.
"""

from __future__ import annotations

import logging
import statistics
import unicodedata
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # words are ingest.records.Word; ocr.py builds them, this module only reorders them
    from ingest.records import Word

log = logging.getLogger(__name__)

# A glued foreign word: height this far off the line's median and confidence below _ODD_CONF.
_ODD_HEIGHT = (0.45, 1.8)
_ODD_CONF = 40.0
# The gutter lies in this part of the text width (Decree 30: the left column is ~40% wide).
_GUTTER_BAND = (0.2, 0.75)
_MAX_HEADER_LINES = 14
# Continuation lines of one column (e.g. a 'V/v' subject wrapped under 'Số:') join the region while
# the vertical gap to the line above is at most this many median line pitches.
_MAX_PITCHES = 1.6


@dataclass
class _Line:
    words: list[Word]

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.top + w.height for w in self.words)

    @property
    def left(self) -> int:
        return min(w.left for w in self.words)

    @property
    def right(self) -> int:
        return max(w.left + w.width for w in self.words)


def _fold(text: str) -> str:
    """Lower case without diacritics ('Nơi nhận' -> 'noi nhan'), for cue words only."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _is_junk(w: Word) -> bool:
    """A word with no letter or digit: '_', '|', '—' that Tesseract reads in a gutter."""
    return not any(c.isalnum() for c in w.text)


def tesseract_lines(words: list[Word]) -> list[_Line]:
    lines: list[_Line] = []
    key = None
    for w in words:
        k = (w.block, w.par, w.line)
        if k != key:
            lines.append(_Line([]))
            key = k
        lines[-1].words.append(w)
    return lines


def glued(lines: list[_Line]) -> set[int]:
    """ids of words far off their line's printed height that Tesseract read with low confidence."""
    out: set[int] = set()
    for ln in lines:
        if len(ln.words) < 3:
            continue
        med = statistics.median(w.height for w in ln.words)
        for w in ln.words:
            if w.confidence < _ODD_CONF and not _ODD_HEIGHT[0] * med <= w.height <= _ODD_HEIGHT[1] * med:
                log.debug("dropped a word glued into a printed line: %r", w.text)
                out.add(id(w))
    return out


def _gutter(lines: list[_Line], x0: int, x1: int, min_gap: float) -> tuple[int, int] | None:
    """The widest x interval inside the gutter band that no (non-junk) word of ``lines`` covers."""
    width = x1 - x0
    lo, hi = x0 + int(_GUTTER_BAND[0] * width), x0 + int(_GUTTER_BAND[1] * width)
    covered = [False] * (hi - lo)
    for ln in lines:
        for w in ln.words:
            if _is_junk(w):
                continue
            a, b = max(lo, w.left), min(hi, w.left + w.width)
            for x in range(a, b):
                covered[x - lo] = True
    best: tuple[int, int] | None = None
    start = None
    for i, c in enumerate([*covered, True]):
        if not c and start is None:
            start = i
        elif c and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (lo + start, lo + i)
            start = None
    if best is None or best[1] - best[0] < min_gap:
        return None
    return best


def _sides(lines: list[_Line], gutter: tuple[int, int]) -> tuple[bool, bool, bool]:
    """(some word left of the gutter, some word right of it, some line with words on both sides)."""
    mid = (gutter[0] + gutter[1]) / 2
    any_l = any_r = both = False
    for ln in lines:
        has_l = any(w.left + w.width / 2 < mid and not _is_junk(w) for w in ln.words)
        has_r = any(w.left + w.width / 2 >= mid and not _is_junk(w) for w in ln.words)
        any_l, any_r, both = any_l or has_l, any_r or has_r, both or (has_l and has_r)
    return any_l, any_r, both


def _side_by_side(lines: list[_Line], gutter: tuple[int, int]) -> bool:
    """Whether words left and right of the gutter share a row somewhere: two columns. A one-column
    page whose titles are centred (right of the gutter) and whose list and name are flush left has
    ink on both sides, but never in the same row."""
    mid = (gutter[0] + gutter[1]) / 2
    words = [w for ln in lines for w in ln.words if not _is_junk(w)]
    left = [w for w in words if w.left + w.width / 2 < mid]
    right = [w for w in words if w.left + w.width / 2 >= mid]
    return any(
        min(a.top + a.height, b.top + b.height) - max(a.top, b.top) > 0.5 * min(a.height, b.height)
        for a in left
        for b in right
    )


def _columns(lines: list[_Line], gutter: tuple[int, int]) -> tuple[list[Word], list[Word]]:
    """Split the words of a region at the gutter; junk words inside the gutter are dropped."""
    mid = (gutter[0] + gutter[1]) / 2
    left, right = [], []
    for ln in lines:
        for w in ln.words:
            c = w.left + w.width / 2
            if _is_junk(w) and gutter[0] - w.width <= w.left <= gutter[1]:
                continue
            (left if c < mid else right).append(w)
    return left, right


def _visual_lines(words: list[Word]) -> list[list[Word]]:
    """Group a column's words into lines by vertical centre, top to bottom, each left to right."""
    if not words:
        return []
    h = statistics.median(w.height for w in words)
    out: list[list[Word]] = []
    centre = 0.0
    for w in sorted(words, key=lambda w: (w.top + w.height / 2, w.left)):
        c = w.top + w.height / 2
        if out and abs(c - centre) <= 0.5 * h:
            out[-1].append(w)
            centre = sum(x.top + x.height / 2 for x in out[-1]) / len(out[-1])
        else:
            out.append([w])
            centre = c
    return [sorted(ln, key=lambda w: w.left) for ln in out]


def _pitch(lines: list[_Line]) -> float:
    tops = sorted(ln.top for ln in lines)
    steps = [b - a for a, b in zip(tops, tops[1:], strict=False) if b > a]
    hs = [ln.bottom - ln.top for ln in lines]
    return statistics.median(steps) if steps else 1.5 * statistics.median(hs)


def _two_column_region(
    lines: list[_Line], x0: int, x1: int, min_gap: float, pitch: float, stop: str | None
) -> tuple[int, tuple[int, int]] | None:
    """How many of ``lines`` (in reading direction) form a two-column region, and its gutter.

    The region grows while a common gutter stays open; then it is cut back to the last line with
    words on both sides plus the one-column lines that follow it closely (a wrapped 'V/v' subject),
    stopping at a line starting with ``stop`` (e.g. 'Kính gửi')."""
    best: tuple[int, tuple[int, int]] | None = None
    for k in range(1, min(len(lines), _MAX_HEADER_LINES) + 1):
        if best and _runs_across(lines[k - 1], best[1]):
            break  # a sentence under the header ('… kinh tế - xã hội …') whose dash fell in the gutter
        g = _gutter(lines[:k], x0, x1, min_gap)
        if g is None:
            break
        best = (k, g)
    if best is None:
        return None
    k, g = best
    _, _, both = _sides(lines[:k], g)
    if not both:
        return None
    last_both = max(i for i in range(k) if _sides([lines[i]], g)[2])
    end = last_both + 1
    while end < k:
        gap = abs(lines[end].top - lines[end - 1].top)
        if gap > _MAX_PITCHES * pitch or (stop and _fold(_line_text(lines[end])).startswith(stop)):
            break
        end += 1
    return end, g


_DASHES = frozenset("-–—")


def _runs_across(line: _Line, gutter: tuple[int, int]) -> bool:
    """Whether a line is one run of text across the gutter: a dash (a junk word, so no gutter is closed by it) lies
    in the gutter with words close on both sides of it, as in a title under the header ('Về kế hoạch phát triển
    kinh tế - xã hội năm 2027'). Two header columns are never that close; a speck or a rule in the gutter ('_',
    '|') has no words beside it."""
    h = statistics.median(w.height for w in line.words)
    for d in line.words:
        if not (d.text.strip() and set(d.text.strip()) <= _DASHES) or d.left + d.width < gutter[0] or d.left > gutter[1]:
            continue
        before = [w for w in line.words if not _is_junk(w) and w.left + w.width <= d.left + d.width / 2]
        after = [w for w in line.words if not _is_junk(w) and w.left >= d.left + d.width / 2]
        if (before and after and d.left - max(w.left + w.width for w in before) <= 1.5 * h
                and min(w.left for w in after) - (d.left + d.width) <= 1.5 * h):
            return True
    return False


def _column_blocks(words_l: list[Word], words_r: list[Word]) -> list[list[list[Word]]]:
    return [b for b in (_visual_lines(words_l), _visual_lines(words_r)) if b]


def line_groups(words: list[Word]) -> list[list[Word]]:
    """The page text's lines as groups of words: one per Tesseract (block, par, line), and an empty
    group for the blank line between two blocks. ``ingest.ocr.words_to_text`` writes exactly these
    lines, and extract maps the restored text back onto the words by them (one rule, here)."""
    groups: list[list[Word]] = []
    prev_key = prev_block = None
    for w in words:
        key = (w.block, w.par, w.line)
        if key != prev_key:
            if prev_block is not None and w.block != prev_block:
                groups.append([])
            groups.append([])
            prev_key, prev_block = key, w.block
        groups[-1].append(w)
    return groups


def arrange(words: list[Word], *, header: bool = True, signature: bool = True) -> list[Word]:
    """Words in reading order with block/par/line/word renumbered to match: two-column header and
    signature regions as one block per column, everything else in Tesseract's order."""
    lines = tesseract_lines(words)
    if not lines:
        return []
    # Glued words still count as ink when looking for a gutter (a hole where one was would look
    # like a gap between columns); they are left out of the output.
    drop = glued(lines)
    body = [w for ln in lines for w in ln.words if not _is_junk(w)] or [w for ln in lines for w in ln.words]
    x0 = min(w.left for w in body)
    x1 = max(w.left + w.width for w in body)
    hmed = statistics.median(w.height for w in body)
    # The gutter is at least ~2/3 of a word's height wide: on blurred photos word boxes swell
    # and the header's gutter shrinks to about one height; inter-word spaces are ~0.3-0.5.
    min_gap = max(0.6 * hmed, 0.015 * (x1 - x0))
    pitch = _pitch(lines)
    by_top = sorted(range(len(lines)), key=lambda i: lines[i].top)

    head: list[list[list[Word]]] = []
    taken: set[int] = set()
    if header:
        ordered = [lines[i] for i in by_top]
        found = _two_column_region(ordered, x0, x1, min_gap, pitch, stop="kinh gui")
        if found and _has_national_title(_columns(ordered[: found[0]], found[1])[1]):
            n, g = found
            head = _column_blocks(*_columns(ordered[:n], g))
            taken.update(by_top[:n])
            log.debug("two-column header: %d lines, gutter %s", n, g)
    tail: list[list[list[Word]]] = []
    if signature:
        cue = next(
            (
                j
                for j in range(len(by_top) - 1, -1, -1)
                if _fold(_line_text(lines[by_top[j]])).startswith("noi nhan")
            ),
            None,
        )
        if cue is not None and by_top[cue] not in taken:
            # From the cue down; a title on the right may sit a little above 'Nơi nhận:'.
            start = cue
            while (
                start > 0
                and lines[by_top[start - 1]].left > x0 + _GUTTER_BAND[0] * (x1 - x0)
                and (lines[by_top[start]].top - lines[by_top[start - 1]].top <= _MAX_PITCHES * pitch)
                and by_top[start - 1] not in taken
            ):
                start -= 1
            region = [lines[i] for i in by_top[start:]]
            g = _gutter(region, x0, x1, min_gap)
            if g is not None and all(_sides(region, g)[:2]) and _side_by_side(region, g):
                tail = _column_blocks(*_columns(region, g))
                taken.update(by_top[start:])
                log.debug("two-column signature block: %d lines, gutter %s", len(region), g)

    # Body: Tesseract's blocks, in its order, without the lines the regions took.
    body_blocks: list[list[list[Word]]] = []
    prev = None
    for i, ln in enumerate(lines):
        if i in taken:
            continue
        if ln.words[0].block != prev:
            body_blocks.append([])
            prev = ln.words[0].block
        body_blocks[-1].append(ln.words)
    if header:
        body_blocks = _below_first(body_blocks)
    body_blocks, rows = _table_rows(body_blocks)
    out: list[Word] = []
    b_no = 0
    for block, is_column in (
        [(b, True) for b in head]
        + [(b, k in rows) for k, b in enumerate(body_blocks)]
        + [(b, True) for b in tail]
    ):
        kept = [k for k in ([w for w in ln if id(w) not in drop] for ln in block) if k]
        if kept:
            b_no += 1
            out.extend(_number(kept, b_no, is_column))
    return out


def _below_first(blocks: list[list[list[Word]]]) -> list[list[list[Word]]]:
    """The first page's blocks with each block Tesseract set before a block that lies wholly above it moved down
    to its place by height, in the same column (the two overlap across): before the first block after the last of
    those that starts lower. On a page whose
    header OCR did not read as two columns, Tesseract put the title's second line and a table's 'STT' first,
    above the letterhead (the issuer and the title then read from the wrong lines). Blocks side by side (columns,
    a table's cells) overlap in height and keep their order."""
    out = list(blocks)
    i = 0
    while i < len(out):
        top, (x0, x1) = _span(out[i], 1)[0], _span(out[i], 0)
        # a later block wholly above it in the same column (overlapping it across): blocks of columns read one
        # after the other (a two-column header's, a table's read column by column) are left as Tesseract set them
        above = [j for j in range(i + 1, len(out)) if _span(out[j], 1)[1] <= top
                 and min(x1, _span(out[j], 0)[1]) > max(x0, _span(out[j], 0)[0])]
        if not above:
            i += 1
            continue
        block = out.pop(i)
        at = next((j for j in range(above[-1], len(out)) if _span(out[j], 1)[0] > top), len(out))
        out.insert(at, block)
    return out


def _span(block: list[list[Word]], axis: int) -> tuple[int, int]:
    """(start, end) of a block's words along x (axis 0) or y (axis 1)."""
    ws = [w for ln in block for w in ln]
    if axis == 0:
        return min(w.left for w in ws), max(w.left + w.width for w in ws)
    return min(w.top for w in ws), max(w.top + w.height for w in ws)


def _table_rows(blocks: list[list[list[Word]]]) -> tuple[list[list[list[Word]]], set[int]]:
    """Body blocks that Tesseract cut out of one ruled table, column by column, read again row by row.

    On some scans Tesseract makes each column of a table (or a few columns) a block of its own and orders
    them column after column, even after other blocks ('1 Diện tích … / 2 Tỷ lệ …', then 'ha / %', then
    '5000 / 45', the figures far from their row). Blocks that stand side by side (their rows overlap, their
    columns do not) are one table: their words are read as visual lines across the page, as the table
    prints them, placed where the first of them stood. Returns the blocks and the indexes of those rebuilt
    (one paragraph each)."""
    n = len(blocks)
    xs = [_span(b, 0) for b in blocks]
    ys = [_span(b, 1) for b in blocks]
    hs = [statistics.median(w.height for ln in b for w in ln) for b in blocks]
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            overlap_y = min(ys[i][1], ys[j][1]) - max(ys[i][0], ys[j][0])
            apart_x = xs[i][1] <= xs[j][0] or xs[j][1] <= xs[i][0]
            # side by side: they share at least a line's height of rows and no column
            if apart_x and overlap_y > max(hs[i], hs[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    out: list[list[list[Word]]] = []
    rebuilt: set[int] = set()
    for i in range(n):
        members = groups[find(i)]
        if len(members) == 1 or not _is_table([blocks[k] for k in members]):
            out.append(blocks[i])
        elif i == members[0]:
            rebuilt.add(len(out))
            out.append(_visual_lines([w for k in members for ln in blocks[k] for w in ln]))
            log.debug("table of %d side-by-side blocks read row by row", len(members))
    return out, rebuilt


# Lines that open the columns of a letterhead or a signature block, never a table's cells: side-by-side blocks
# holding one are left in Tesseract's order (the header and signature rules above read those regions).
_NOT_TABLE_CUES = ("noi nhan", "kinh gui", "tm. ", "kt. ", "tl. ", "tuq. ", "q. ")


def _is_table(blocks: list[list[list[Word]]]) -> bool:
    words = [w for b in blocks for ln in b for w in ln]
    if _has_national_title(words):
        return False
    return not any(_fold(" ".join(w.text for w in ln)).startswith(_NOT_TABLE_CUES) for b in blocks for ln in b)


# The right column of the header carries the national title and motto (or the Party's name on
# Party documents). Requiring one keeps tables and other column layouts out of the header rule.
_TITLE_CUES = ("cong hoa", "chu nghia", "viet nam", "doc lap", "hanh phuc", "dang cong san")


def _has_national_title(words: list[Word]) -> bool:
    folded = _fold(" ".join(w.text for ln in _visual_lines(words) for w in ln))
    return any(c in folded for c in _TITLE_CUES)


def _line_text(ln: _Line) -> str:
    return " ".join(w.text for w in ln.words)


def _number(block: list[list[Word]], b_no: int, is_column: bool) -> list[Word]:
    """Renumber one block: a column of a split region is one paragraph; a Tesseract block keeps
    its paragraphs (numbered 1..n in order)."""
    out: list[Word] = []
    par_no, line_no, prev_par = 0, 0, None
    for ln in block:
        par = None if is_column else ln[0].par
        if par_no == 0 or par != prev_par:
            par_no, line_no, prev_par = par_no + 1, 0, par
        line_no += 1
        out.extend(
            replace(w, block=b_no, par=par_no, line=line_no, word=n) for n, w in enumerate(ln, start=1)
        )
    return out
