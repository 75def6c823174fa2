"""Provenance accuracy: does a row's box cover the words on the page that really carry its text?

For a gold row (its text, and for a table row its other cells: lead, support, deadline, product) the words
carrying it are found on the page by matching the gold text's folded tokens against the words table in
reading order (the best window holding them, difflib), the other cells only within the vertical band of the
main text. A row is a hit when its box covers at least half of those words (half of each word's area inside)
and is not more than twice the area of their union. Used by ``bench/extract_scan_eval.py``,
``bench/doctype_eval.py`` (``make eval``) and tests/test_provenance.py. Dev tool: not run by the pipeline.
"""

from __future__ import annotations

import difflib
import math
import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ingest.records import Word
from normalize.text import fold, nfc

Box = tuple[int, int, int, int]

MIN_COVER = 0.5  # share of the gold words the row box must cover
MAX_AREA = 2.0  # the row box may be at most this many times the gold words' union


def _tok(s: str) -> str:
    return re.sub(r"[^a-z0-9%]", "", fold(nfc(s)))


def tokens(text: str) -> list[str]:
    return [t for t in (_tok(x) for x in re.split(r"[\s/|;,]+", text or "")) if t]


def locate(text: str, words: Sequence[Word], band: tuple[float, float] | None = None,
           last: bool = False) -> list[Word]:
    """The words of ``words`` (reading order) that carry ``text``: the window of at most ~3x the text's
    length matching most of its tokens (the first such window, or the ``last``); only words whose centre
    lies in the vertical ``band`` when given. Empty when under 60% of the tokens are found."""
    want = tokens(text)
    if not want:
        return []
    ws = [w for w in words if band is None or band[0] <= w.top + w.height / 2 <= band[1]]
    # each word split as the text is ('30/8/2026' one word on the page, three tokens of the gold deadline; before,
    # it never matched and a row's deadline cell was never located), each piece knowing its word
    owner = [j for j, w in enumerate(ws) for _ in (tokens(w.text) or [""])]
    have = [t for w in ws for t in (tokens(w.text) or [""])]
    span = 3 * len(want) + 8
    heads = set(want[:3])
    best: tuple[int, list[int]] = (0, [])
    for i, t in enumerate(have):
        if t not in heads:
            continue
        sm = difflib.SequenceMatcher(None, want, have[i : i + span], autojunk=False)
        hit = [i + b + k for _, b, n in sm.get_matching_blocks() for k in range(n)]
        if len(hit) > best[0] or last and hit and len(hit) == best[0]:
            best = (len(hit), hit)
    if best[0] < math.ceil(0.6 * len(want)):
        return []
    return [ws[j] for j in dict.fromkeys(owner[k] for k in best[1])]


def union(words: Iterable[Word]) -> Box | None:
    ws = list(words)
    if not ws:
        return None
    return (min(w.left for w in ws), min(w.top for w in ws),
            max(w.left + w.width for w in ws), max(w.top + w.height for w in ws))


def _area(b: Box) -> int:
    return max(0, b[2] - b[0]) * max(0, b[3] - b[1])


def covered(box: Box, w: Word) -> bool:
    """At least half of the word's box inside ``box``."""
    inter = (max(box[0], w.left), max(box[1], w.top), min(box[2], w.left + w.width), min(box[3], w.top + w.height))
    return _area(inter) >= 0.5 * max(1, w.width * w.height)


def hit(box: Box | None, gold: Sequence[Word]) -> bool:
    if box is None or not gold:
        return False
    share = sum(covered(box, w) for w in gold) / len(gold)
    gold_box = union(gold)
    assert gold_box is not None
    return share >= MIN_COVER and _area(box) <= MAX_AREA * max(1, _area(gold_box))


def row_box(row: dict[str, Any]) -> Box | None:
    if row.get("bbox_x0") is None:
        return None
    return (row["bbox_x0"], row["bbox_y0"], row["bbox_x1"], row["bbox_y1"])


_SENTENCE_END = re.compile(r"[.;:]$")
_ITEM_START = re.compile(r"^(?:[-+•–]|\d{1,2}[.)]|[a-zđ]\))")
# a table row's number alone before its first cell ('3 | Chuẩn bị …', '4 Khắc phục …' as OCR reads a ruled row): the
# next row of a task table, where a row's 'sentence' (no '.' in its cells) ends
_ROW_NUMBER = re.compile(r"^\d{1,2}$")


def _row_cell(number: Word, after: Word) -> bool:
    """The word after a line's lone number opens a table cell: a rule ('|') or a capital, on the number's line."""
    same = (after.block, after.par, after.line) == (number.block, number.par, number.line)
    return same and (after.text.startswith("|") or after.text[:1].isupper())


def sentence(found: list[Word], words: Sequence[Word]) -> list[Word]:
    """``found`` run on in reading order to the end of its sentence: a word ending in '.', ';' or ':', a
    new block, a line opening the next item ('- ', '2.', 'b)') or the next row of a table ('3 | …', '3 Chuẩn …');
    at most 150 words."""
    if not found:
        return found
    at = {id(w): i for i, w in enumerate(words)}
    i = max(at[id(w)] for w in found)
    out = list(found)
    while not _SENTENCE_END.search(words[i].text) and i + 1 < len(words) and len(out) < 150:
        nxt, cur = words[i + 1], words[i]
        new_line = (nxt.block, nxt.par, nxt.line) != (cur.block, cur.par, cur.line)
        if nxt.block != cur.block or new_line and _ITEM_START.match(nxt.text):
            break
        if new_line and _ROW_NUMBER.match(nxt.text) and i + 2 < len(words) and _row_cell(nxt, words[i + 2]):
            break
        out.append(nxt)
        i += 1
    return out


def gold_words(texts: Sequence[str], pages: dict[int, list[Word]], *, prose: bool = False,
               prefer: int | None = None, last: bool = False, anchor: str | None = None
               ) -> tuple[int | None, list[Word]]:
    """(page, words) carrying a gold row: its first text located on the page that matches it best (the
    page ``prefer`` when it matches as well: a plan's appendix repeats sentences of its body), run on to
    the end of its sentence for ``prose`` (gold texts of targets are the sentence's opening); the others (a
    table row's other cells) within the row's band: from the text's top to well below its end (a lead
    cell may run longer than the task's text); ``last``: the last occurrence (a signature block); ``anchor``:
    the first text is looked for on the line of this one only (a place on its date's line)."""
    if anchor is not None:
        page_no, around = gold_words([anchor], pages, prefer=prefer, last=last)
        if page_no is None:
            return None, []
        h = statistics.median(w.height for w in around)
        band = (min(w.top for w in around) - 0.5 * h, max(w.top + w.height for w in around) + 0.5 * h)
        found = locate(texts[0], pages[page_no], band)
        return (page_no, found) if found else (None, [])
    best: tuple[int, int | None, list[Word]] = (0, None, [])
    for page_no, words in sorted(pages.items(), reverse=last):
        found = locate(texts[0], words, last=last)
        if len(found) > best[0] or found and len(found) == best[0] and page_no == prefer:
            best = (len(found), page_no, found)
    _, page_no, found = best
    if page_no is None:
        return None, []
    if prose:
        found = sentence(found, pages[page_no])
    h = statistics.median(w.height for w in found)
    top = min(w.top for w in found) - 1.5 * h
    bottom = max(w.top + w.height for w in found) + 8 * h
    extra = [w for t in texts[1:] if t for w in locate(t, pages[page_no], (top, bottom))]
    seen: set[int] = set()
    out = []
    for w in [*found, *extra]:
        if id(w) not in seen:
            seen.add(id(w))
            out.append(w)
    return page_no, out


@dataclass
class Score:
    """Hits among gold rows whose words were found on a page with words."""

    hits: int = 0
    rows: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, label: str, texts: Sequence[str], row: dict[str, Any], pages: dict[int, list[Word]],
            prose: bool = False, last: bool = False, anchor: str | None = None) -> None:
        page_no, gold = gold_words(texts, pages, prose=prose, prefer=row.get("page_no"), last=last, anchor=anchor)
        if page_no is None:
            return  # the gold text is not legible on any page: no words to check the box against
        self.rows += 1
        ok = row.get("page_no") == page_no and hit(row_box(row), gold)
        self.hits += ok
        if not ok:
            self.misses.append(f"{label}: page {row.get('page_no')} box {row_box(row)} vs page {page_no} "
                               f"words {union(gold)}: {texts[0][:50]!r}")

    @property
    def accuracy(self) -> float:
        return self.hits / self.rows if self.rows else float("nan")

    def line(self, label: str) -> str:
        return f"provenance accuracy {label}: {self.accuracy:.3f} ({self.hits}/{self.rows} gold rows whose box covers their words)"


def pair_rows(gold_texts: Sequence[str], pred: Sequence[dict[str, Any]], min_score: float = 85.0,
              norm: Callable[[str], str] | None = None) -> list[tuple[int, int]]:
    """(gold index, predicted index) one to one, best first: rapidfuzz ratio of the folded gold text against
    the predicted row's text (or its opening, the gold being a prefix), at least ``min_score``; texts compared
    as ``norm`` gives them (default: the folded tokens)."""
    from rapidfuzz import fuzz

    if norm is None:
        def norm(s: str) -> str:
            return " ".join(tokens(s))

    scored = []
    for gi, g in enumerate(gold_texts):
        for pi, p in enumerate(pred):
            gt, pt = norm(g), norm(p.get("text") or "")
            s = max(fuzz.ratio(gt, pt[: len(gt)]), fuzz.ratio(gt, pt)) if gt and pt else 0.0
            if s >= min_score:
                scored.append((s, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in sorted(scored, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def page_words(rows: Iterable[dict[str, Any]]) -> dict[int, list[Word]]:
    """Words-table rows (store columns box_left, ...) of one document as Words by page, in reading order."""
    out: dict[int, list[Word]] = {}
    for r in rows:
        out.setdefault(r["page_no"], []).append(Word(r["block"], r["par"], r["line"], r["word"], r["text"],
                                                     r["box_left"], r["box_top"], r["box_width"],
                                                     r["box_height"], r["confidence"]))
    return out
