"""What a piece is in its context: list markers, heading numbers, figures, dates, place names, codes.

Pieces these recognise are fixed before decoding (kept as written, or spelt from a table)."""

from __future__ import annotations

import re
from collections.abc import Callable

from .gazetteer import match_names
from .model import Model
from .restorer import Restorer
from .text import is_vietnamese_syllable, syllable_key

SYMBOL_WORD = re.compile(r"^(?=.*[¢€&§£])[0-9¢€&§£]{2,4}$")  # '1€', '¢6', '1&': a syllable in English-model OCR
MARK_NOISE = re.compile(r"(?<=\w)[’'`{}^~\"]+(?=\w)")  # marks an English OCR model writes inside a syllable
MARK_CHARS = frozenset("’'`{}^~\"")  # the characters MARK_NOISE matches (a cheap test before it)


def fix_code(core: str, model: Model, dd_abbreviations: frozenset[str]) -> str:
    """Parts of a document code in their canonical spelling (``QD`` -> ``QĐ``); an unknown part that is a
    known Đ-abbreviation with its Đ read as P or B (``QP-UBND``, ``NP-CP``) gets the Đ back."""
    parts = re.split(r"([/\-_])", core)
    out = []
    for part in parts:
        canon = model.abbreviations.get(part)
        if canon is None and part.isupper() and len(part) >= 2:
            fixes = {part[:i] + "Đ" + part[i + 1:] for i, ch in enumerate(part) if ch in "PB"}
            known = fixes & dd_abbreviations
            canon = known.pop() if len(known) == 1 else None
        out.append(canon if canon is not None else part)
    return "".join(out)



def channel_fits(r: Restorer, mode: str) -> Callable[[str, str], bool]:
    """Whether a raw token has the syllable among its candidates (channel cost <= ``name_fit_cost``): in OCR
    text any reading of the channel ('Cén' for 'Cần'), in diacritics-free text the P/B-for-Đ ones ('Pai')."""
    ids = r.m.ids

    def fits(raw: str, syllable: str) -> bool:
        wid = ids.get(syllable.lower())
        return wid is not None and any(w == wid and c <= r.cfg.name_fit_cost for w, c in r.candidates(raw.lower(), mode))

    return fits


def place_names(pieces: list, norm: str, fits: Callable[[str, str], bool] | None = None,
                units: bool = True, spans: list[tuple[int, int]] | None = None) -> dict[int, str]:
    """Piece index -> spelling for runs of capitalised words that spell a province / region name, or a
    commune / ward name after 'xã' / 'phường' (``fits``, ``units``: see :func:`normalize.gazetteer.match_names`).

    ``spans``: only the pieces in these [lo, hi) ranges, each starting after a piece that is not a word (a run
    of words never crosses such a piece, so the runs found are those of the whole list)."""
    out: dict[int, str] = {}
    for lo, hi in spans if spans is not None else ((0, len(pieces)),):
        run: list[tuple[int, str]] = []
        prev = None
        for pi in range(lo, hi):
            p = pieces[pi]
            if p.kind == "word" and prev is not None and run and norm[prev.end:p.start].strip(" ") == "":
                run.append((pi, p.text))
            else:
                if len(run) > 1:
                    out.update(match_names(run, fits, units))
                run = [(pi, p.text)] if p.kind == "word" else []
            prev = p
        if len(run) > 1:
            out.update(match_names(run, fits, units))
    return out


def plain_in_marked_names(pieces: list, lone: bool = False) -> frozenset[int]:
    """Piece indices of plain-letter words in title case or in capitals inside a run of two or more capitalised
    words that has a word with Vietnamese marks: 'Ba' of 'phường Ba Đình', 'Sin' of 'Chư Yang Sin', 'An' and
    'Phong' of 'Hồ An Phong', 'NGA' of 'XÃ NGA SƠN'.  Such a run was typed (or read by Tesseract vie) with its
    marks, so a plain word in it is written so ('Ba', not 'Bà'); only well-formed Vietnamese syllables count
    (no abbreviations).  A run is adjacent word pieces (only spaces between: pieces of other kinds cut it).
    ``lone``: also such words in title case in a name's place (right after a word) in runs without a marked word
    ('phường Sa Pa', 'xã Giang'), for text whose plain words show no lost marks."""
    out: set[int] = set()
    run: list[int] = []

    def close() -> None:
        marked = len(run) > 1 and any(not pieces[j].text.isascii() for j in run)
        if not marked and not lone:
            return
        for j in run:
            t = pieces[j].text
            if not (t.isascii() and t.isalpha() and is_vietnamese_syllable(t.lower())):
                continue
            in_marked = marked and (t[1:].islower() or t.isupper())
            if in_marked or (lone and t[1:].islower() and j > 0 and pieces[j - 1].kind == "word"):
                out.add(j)

    for pi, p in enumerate(pieces):
        if p.kind == "word" and p.text[:1].isupper():
            run.append(pi)
            continue
        close()
        run = []
    close()
    return frozenset(out)


_ROMAN_LIKE = re.compile(r"^(?=.*[IVXl])[IVXlH1]{1,5}$")  # roman numerals as OCR writes them (l, 1 for I; H for II)
ROMAN_START = frozenset("IVXlH1")  # the first letter of every _ROMAN_LIKE piece (a cheap test before it)


def heading_number(pieces: list, pi: int) -> bool:
    """A roman heading number at the start of a line, directly followed by '.' ('III.', 'Il.', 'I1.')."""
    p = pieces[pi]
    if not _ROMAN_LIKE.match(p.text):
        return False
    nxt = pieces[pi + 1] if pi + 1 < len(pieces) else None
    if nxt is None or nxt.kind != "punct" or nxt.start != p.end or not nxt.text.startswith("."):
        return False
    return pi == 0 or pieces[pi - 1].kind == "nl"


_FIGURE = re.compile(r"\d[.,]\d|%|\d{3}")  # a number that cannot be a garbled syllable: 0,8219, 80%, 2023


def beside_number(pieces: list, pi: int) -> bool:
    """The piece before or after ``pi`` is a figure (:data:`_FIGURE`), with only spaces between: ``pi`` is one
    of a row of figures ('| 1 0,8219 |': maximum score, then the score).  Two short numbers side by side may
    both be OCR'd syllables ('x4c dinh 3 1 trinh' for 'xác định rõ lộ trình')."""
    return any(0 <= j < len(pieces) and pieces[j].kind == "num" and _FIGURE.search(pieces[j].text)
               for j in (pi - 1, pi + 1))


_OCR_DIGITS = re.compile(r"^[\dOoIlA]{1,3}$")  # a day / month, with letters OCR writes for 0 and 1


def date_number(pieces: list, pi: int) -> bool:
    """A word piece of digits and digit-like letters ('O6', 'A4', 'lO') in a date as OCR spells it ('ngay O6
    thing 6 ndm 2023'): after 'ngày' / 'tháng' and before 'tháng' / 'năm' ('tháng 1a' alone may be 'tháng là')."""
    text = pieces[pi].text
    if not _OCR_DIGITS.match(text):
        return False
    words = [p for p in pieces[max(0, pi - 3):pi + 4] if p.kind in ("word", "num")]
    at = words.index(pieces[pi])
    before = syllable_key(words[at - 1].text) if at > 0 else ""
    after = syllable_key(words[at + 1].text) if at + 1 < len(words) else ""
    left = before in ("ngay", "thang")
    right = (len(after) >= 4 and after[:2] == "th" and after.endswith("ng")) or (
        len(after) == 3 and after[0] == "n" and after[2] == "m")
    return left and right


def list_marker(pieces: list, pi: int, close_only: bool = False) -> bool:
    """``b)``, ``(c)``, ``d.``: a letter directly followed by ')' or '.' (or preceded by '(').

    ``close_only``: only a directly following ')'."""
    p = pieces[pi]
    nxt = pieces[pi + 1] if pi + 1 < len(pieces) else None
    if nxt is not None and nxt.kind == "punct" and nxt.start == p.end and nxt.text[:1] in (")" if close_only else ")."):
        return True
    if close_only:
        return False
    prv = pieces[pi - 1] if pi > 0 else None
    return prv is not None and prv.kind == "punct" and prv.end == p.start and prv.text.endswith("(")


def enumerator(pieces: list, pi: int) -> str | None:
    """The letter of a list item marker ``d)`` / ``(d)`` / ``d.`` that starts a line, else None."""
    p = pieces[pi]
    if len(p.text) != 1 or not p.text.isalpha():
        return None
    nxt = pieces[pi + 1] if pi + 1 < len(pieces) else None
    if nxt is None or nxt.kind != "punct" or not nxt.text.startswith((")", ".")) or nxt.start != p.end:
        return None
    j = pi - 1
    if j >= 0 and pieces[j].kind == "punct" and pieces[j].text == "(" and pieces[j].end == p.start:
        j -= 1
    if j >= 0 and pieces[j].kind != "nl":
        return None
    return p.text

