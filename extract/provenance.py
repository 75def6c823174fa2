"""Where each extracted row was read: line and character span in its page's text, and the box on the
page image (union of the boxes of its words).

Extractors know their source as plain data: a run of the document's lines (``Line.idx``, from
``extract.structure.page_lines``) or, for table rows rebuilt from OCR boxes, the words of their cells.
:class:`Provenance` turns either into a :class:`Span`. Page text lines map to words by
``ingest.layout.line_groups`` (the rule ``ingest.ocr.words_to_text`` wrote the OCR text by; restoration
keeps the lines), and for text-layer pages, whose text pdfplumber lays out on its own, by aligning the
page's tokens with its words.

A row whose lines run onto the next page keeps its first page: its span ends at that page's last line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from extract.rows import PROVENANCE_COLUMNS
from extract.structure import Line
from ingest.layout import line_groups
from ingest.records import Page, Word
from normalize.text import fold, nfc

__all__ = ["Span", "Provenance", "NO_SPAN", "assign_ordinals", "columns", "page_text", "place", "union_box"]

_TOKEN = re.compile(r"\S+")

WordKey = tuple[int, int, int, int]


def _key(w: Word) -> WordKey:
    return (w.block, w.par, w.line, w.word)


@dataclass(frozen=True)
class Span:
    page_no: int
    line_start: int  # 1-based, in the page's text
    line_end: int  # inclusive
    char_start: int  # str offsets into the page's text
    char_end: int  # exclusive
    bbox: tuple[int, int, int, int] | None  # x0, y0, x1, y1 (exclusive) in the words' pixels

    def columns(self) -> dict[str, int | None]:
        x0, y0, x1, y1 = self.bbox if self.bbox else (None, None, None, None)
        return dict(zip(PROVENANCE_COLUMNS, (self.page_no, self.line_start, self.line_end, self.char_start,
                                             self.char_end, x0, y0, x1, y1), strict=True))


NO_SPAN: dict[str, int | None] = dict.fromkeys(PROVENANCE_COLUMNS)


def page_text(page: Page) -> str:
    """The text extract reads of a page (restored, else raw), NFC: the text the spans index."""
    return nfc(page.text if page.text is not None else page.text_raw or "")


def union_box(words: Iterable[Word]) -> tuple[int, int, int, int] | None:
    ws = list(words)
    if not ws:
        return None
    return (min(w.left for w in ws), min(w.top for w in ws),
            max(w.left + w.width for w in ws), max(w.top + w.height for w in ws))


class _PageMap:
    """One page: its text's line offsets, the words of each line, and each word's line and characters."""

    def __init__(self, page: Page) -> None:
        self.page_no = page.page_no
        text = page_text(page)
        self.lines = text.split("\n")
        self.starts: list[int] = []
        pos = 0
        for ln in self.lines:
            self.starts.append(pos)
            pos += len(ln) + 1
        self.line_words: list[list[Word]] = [[] for _ in self.lines]
        # word key -> (0-based line, char_start, char_end) in the page text
        self.word_pos: dict[WordKey, tuple[int, int, int]] = {}
        if page.words:
            self._map_words(page)

    def _map_words(self, page: Page) -> None:
        groups = line_groups(page.words)
        if len(groups) == len(self.lines):
            for i, group in enumerate(groups):
                self._place(i, group)
            return
        # A text layer: pdfplumber wrote the text its own way. Align the raw text's tokens (restoration
        # keeps its lines) with the words, in order.
        raw = nfc(page.text_raw or "").split("\n")
        src = raw if len(raw) == len(self.lines) else self.lines
        toks = [(i, t) for i, ln in enumerate(src) for t in ln.split()]
        words = [w for g in groups for w in g]
        sm = difflib.SequenceMatcher(None, [fold(t) for _, t in toks], [fold(nfc(w.text)) for w in words],
                                     autojunk=False)
        by_line: dict[int, list[Word]] = {}
        for a, b, n in sm.get_matching_blocks():
            for k in range(n):
                by_line.setdefault(toks[a + k][0], []).append(words[b + k])
        for i, ws in by_line.items():
            self._place(i, ws, exact=False)

    def _place(self, i: int, ws: list[Word], exact: bool = True) -> None:
        self.line_words[i] = ws
        toks = list(_TOKEN.finditer(self.lines[i]))
        whole = self.line_span(i)
        for k, w in enumerate(ws):
            if exact and len(toks) == len(ws):
                self.word_pos[_key(w)] = (i, self.starts[i] + toks[k].start(), self.starts[i] + toks[k].end())
            else:
                self.word_pos[_key(w)] = (i, *whole)

    def line_span(self, i: int) -> tuple[int, int]:
        """Characters of line i, leading and trailing blanks left out."""
        ln = self.lines[i]
        lead = len(ln) - len(ln.lstrip())
        return self.starts[i] + min(lead, len(ln.rstrip())), self.starts[i] + len(ln.rstrip())


class Provenance:
    """Spans of a document's rows, from its pages and the lines extract read them as."""

    def __init__(self, pages: Sequence[Page], lines: Sequence[Line]) -> None:
        self._pages = {p.page_no: _PageMap(p) for p in pages}
        self._set_lines(lines)

    def _set_lines(self, lines: Sequence[Line]) -> None:
        first: dict[int, int] = {}
        self._local: list[int] = []
        for ln in lines:
            first.setdefault(ln.page_no, ln.idx)
            self._local.append(ln.idx - first[ln.page_no])
        self._lines = lines

    def relined(self, lines: Sequence[Line]) -> Provenance:
        """The same pages over another reading of their lines (a table's cells joined into rows): the pages' word maps,
        the costly part, are made once and shared."""
        other = object.__new__(Provenance)
        other._pages = self._pages
        other._set_lines(lines)
        return other

    def lines(self, first: int, last: int | None = None) -> Span | None:
        """The span of document lines ``first``..``last`` (inclusive; ``Line.idx``), cut at the end of
        the first line's page."""
        if not 0 <= first < len(self._lines):
            return None
        last = first if last is None else max(first, min(last, len(self._lines) - 1))
        page_no = self._lines[first].page_no
        while self._lines[last].page_no != page_no:
            last -= 1
        pm = self._pages.get(page_no)
        if pm is None:
            return None
        a, b = self._local[first], self._local[last]
        # blank lines at either end carry nothing of the row
        while a < b and not pm.lines[a].strip():
            a += 1
        while b > a and not pm.lines[b].strip():
            b -= 1
        words = [w for i in range(a, b + 1) for w in pm.line_words[i]]
        return Span(page_no, a + 1, b + 1, pm.line_span(a)[0], pm.line_span(b)[1], union_box(words))

    def _keyed(self, lo: int, hi: int) -> tuple[str, list[tuple[int, int]]]:
        """Letters and digits of lines lo..hi-1 folded (spaces, marks, case and punctuation aside), with the
        (Line.idx, offset in the line) each came from: text matched on it survives OCR's spacing."""
        chars: list[str] = []
        pos: list[tuple[int, int]] = []
        for ln in self._lines[lo:hi]:
            for k, c in enumerate(fold(ln.text)):  # fold keeps lengths: k is an offset in ln.text too
                if c.isalnum():
                    chars.append(c)
                    pos.append((ln.idx, k))
        return "".join(chars), pos

    def find(self, value: str, lo: int = 0, hi: int | None = None, last: bool = False,
             pattern: str | None = None, fuzzy: bool = True) -> Span | None:
        """Where ``value`` is written in lines lo..hi-1 (its first occurrence, or its last one): matched on
        letters and digits, exactly, else fuzzily (rapidfuzz alignment, score >= 85); or where the regex
        ``pattern`` matches those keyed letters and digits."""
        hi = len(self._lines) if hi is None else min(hi, len(self._lines))
        key, pos = self._keyed(max(lo, 0), hi)
        want = "".join(c for c in fold(nfc(value)) if c.isalnum())
        if not key or not (want or pattern):
            return None
        if pattern is not None:
            found = list(re.finditer(pattern, key))
            if not found:
                return None
            m = found[-1] if last else found[0]
            a, b = m.start(), m.end()
        else:
            a = key.rfind(want) if last else key.find(want)
            if a >= 0:
                b = a + len(want)
            elif fuzzy and len(want) >= 6:
                al = fuzz.partial_ratio_alignment(want, key, score_cutoff=85)
                if al is None:
                    return None
                a, b = al.dest_start, al.dest_end
            else:
                return None
        if b <= a:
            return None
        return self._chars(pos[a], pos[b - 1])

    def find_split(self, value: str, lo: int = 0, hi: int | None = None, max_lines: int = 4) -> Span | None:
        """Where ``value`` is printed over consecutive lines of one column, other text beside it on each line (a
        letterhead's left column, 'SỞ NÔNG NGHIỆP' / 'VÀ MÔI TRƯỜNG', read line by line with the right column's
        motto between the two): each of at most ``max_lines`` non-blank lines holds the next run of the value's
        letters and digits (the longest run the line holds, at least 4 of them or what is left). The span runs from
        the first run to the last; its box is the union of the runs' boxes only, not of the text beside them.
        The first such place in lines lo..hi-1; None when there is none."""
        want = "".join(c for c in fold(nfc(value)) if c.isalnum())
        hi = len(self._lines) if hi is None else min(hi, len(self._lines))
        if len(want) < 6:
            return None
        rows = [k for k in range(max(lo, 0), hi) if self._lines[k].text.strip()]
        for n in range(len(rows)):
            pieces: list[Span] = []
            rest = want
            for k in rows[n : n + max_lines]:
                key, pos = self._keyed(k, k + 1)
                size = next((m for m in range(len(rest), 0, -1) if rest[:m] in key), 0)
                if size < min(4, len(rest)):
                    break
                at = key.find(rest[:size])
                piece = self._chars(pos[at], pos[at + size - 1])
                if piece is None or pieces and piece.page_no != pieces[0].page_no:
                    break
                pieces.append(piece)
                rest = rest[size:]
                if not rest:
                    break
            if rest or len(pieces) < 2:
                continue
            boxes = [s.bbox for s in pieces if s.bbox]
            box = (min(x[0] for x in boxes), min(x[1] for x in boxes), max(x[2] for x in boxes),
                   max(x[3] for x in boxes)) if boxes else None
            a, b = pieces[0], pieces[-1]
            return Span(a.page_no, a.line_start, b.line_end, a.char_start, b.char_end, box)
        return None

    def within(self, value: str, span: Span | None) -> Span | None:
        """Where ``value`` is written inside ``span`` (an agency's mention in its task's text or table row);
        None when it is not there (a lead cell merged down from a row above)."""
        if span is None:
            return None
        try:
            lo = self.line_idx(span)
        except StopIteration:
            return None
        found = self.find(value, lo, lo + span.line_end - span.line_start + 1)
        if found is None or found.char_start < span.char_start or found.char_end > span.char_end:
            return None
        return found

    def line_idx(self, span: Span) -> int:
        """The document line (Line.idx) a span starts on."""
        return next(ln.idx for ln in self._lines if ln.page_no == span.page_no and self._local[ln.idx] == span.line_start - 1)

    def _chars(self, first: tuple[int, int], last: tuple[int, int]) -> Span | None:
        """The span from character first (Line.idx, offset) to character last (inclusive), cut at the end
        of the first one's page; its box holds the words those characters fall on."""
        page_no = self._lines[first[0]].page_no
        pm = self._pages.get(page_no)
        if pm is None:
            return None
        if self._lines[last[0]].page_no != page_no:
            idx = first[0]
            while idx + 1 < len(self._lines) and self._lines[idx + 1].page_no == page_no:
                idx += 1
            last = (idx, max(len(self._lines[idx].text) - 1, 0))
        a = pm.starts[self._local[first[0]]] + first[1]
        b = pm.starts[self._local[last[0]]] + last[1] + 1
        la, lb = self._local[first[0]], self._local[last[0]]
        words = [w for i in range(la, lb + 1) for w in pm.line_words[i]
                 if (p := pm.word_pos.get(_key(w))) is not None and p[1] < b and p[2] > a]
        return Span(page_no, la + 1, lb + 1, a, b, union_box(words))

    def words(self, page_no: int, words: Iterable[Word]) -> Span | None:
        """The span of these words of page ``page_no`` (e.g. a table row's cells)."""
        ws = list(words)
        pm = self._pages.get(page_no)
        if pm is None or not ws:
            return None
        pos = [pm.word_pos[_key(w)] for w in ws if _key(w) in pm.word_pos]
        if not pos:
            return None
        return Span(page_no, min(p[0] for p in pos) + 1, max(p[0] for p in pos) + 1,
                    min(p[1] for p in pos), max(p[2] for p in pos), union_box(ws))


def columns(span: Span | None) -> dict[str, int | None]:
    """The provenance columns of a row (all null without a span)."""
    return span.columns() if span is not None else dict(NO_SPAN)


def place(row: Any, span: Span | None) -> None:
    """Set a row's provenance columns from ``span`` (a row without a span keeps its page_no)."""
    if span is None:
        return
    for name, value in span.columns().items():
        setattr(row, name, value)


def assign_ordinals(rows: Sequence[Any]) -> None:
    """Number rows (with page_no, char_start and ordinal attributes) 1.. in document order; rows
    without a position keep their relative order after the located ones of their page."""
    big = 1 << 30
    order = sorted(range(len(rows)), key=lambda i: (rows[i].page_no if rows[i].page_no is not None else big,
                                                   rows[i].char_start if rows[i].char_start is not None else big, i))
    for n, i in enumerate(order, 1):
        rows[i].ordinal = n
