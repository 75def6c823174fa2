"""A second reading of the filing line's codes ('Lưu: VT, KSTT') with Tesseract's ``eng`` model.

Decree 30's filing line ends the 'Nơi nhận:' list with the drafting unit's code in Latin capitals (``KSTT``,
``QLTM``, ``P.KT``, ``NV2``). The ``vie`` model reads such runs of capitals as if they were Vietnamese syllables:
on rendered scans it gave ``QLUTM``, ``QUTM`` and ``QUIM`` for QLTM, ``KSŠTT`` and ``KSTF`` for KSTT, ``QUCL`` for
QLCL, with low word confidence (34-78), at body size and in page or single-line mode alike; the ``eng`` model
read the same crops right at confidence 91-92. So where a code of that line was read with low confidence or with
a letter no code has, the line's crop is read again with ``eng``, and each such word takes the
``eng`` reading that overlaps it only when that reading is itself a code (capitals, digits, '.', '-', '(', ')')
read with more confidence, and at least two of six readings of the crop at different sizes agree on it (more
than on any other). Nothing else is
touched; a code neither model reads well stays as ``vie`` read it (never guessed).

Small capitals (11-12 pt at 300 dpi) come out of ``vie`` as glyph soup too, no longer all capitals ('KSÏl1',
'Rö5I1' for a code, 'UBRI)' for UBND inside an item): a word whose letters are no Vietnamese spelling (a letter
outside the Vietnamese alphabet, letters and digits mixed, capitals and small letters mixed inside it) counts as a
doubtful code on the filing line, and :func:`list_codes` reads the doubtful capitals of the other 'Nơi nhận' items
again the same way (the left column only, never a word with a Vietnamese letter eng cannot read, such as 'HĐND').

The crops are pasted on a white sheet, half a line apart, and the sheet is read once per zoom as a block of lines
(``--psm 6``): a crop read alone and tight (``--psm 7``) gave 'BST', 'KSTL.', 'KSTI.' for KSTT at confidence 0-34
where the same crop with white round it gave 'KSTT.' at 87-89, and one sheet per zoom for all the page's doubtful
lines, the six sheets read by one ``eng`` process (a list file), keeps the cost at one small ``eng`` call a page whose
list has any doubt, nothing on the others.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import tempfile
import unicodedata
from dataclasses import replace

from PIL import Image

from ingest.records import Word
from normalize.text import caps_run_together, fold, is_vietnamese_syllable, syllable_key

from .tesseract import pytesseract

log = logging.getLogger(__name__)

# 'Lưu:' as OCR reads it ('Lưu:', 'Luu', '1ưu.', 'LƯU:'), and the 'VT' (văn thư) after it ('VT,', 'VI,', 'VÌ')
_LUU = re.compile(r"^[-–>°]?[LlI1|][ưuƯUừứ][uUư]?[:.;,]?$")
_VT = re.compile(r"^V[TtÌIÍĨỊìíĩịi1l|][,.;:]?$")
# ... as vie also reads it on rendered scans: a glyph added or its T read 'E' ('VTI,', 'VE,'), or run into the code
# after its comma ('VT,QLXDHT.', 'VI,T1H1,')
_VT_LOOSE = re.compile(r"^V(?:[TtÌIÍĨỊìíĩịi1l|E][TIl1|]?[,.;:]?|[TtÌIÍĨỊìíĩịi1l|][,.;:]\S+)$")
# a code as the eng model gives it: capitals and digits, with a room's dot or a dash inside, a copy count in
# parentheses, the list's ',' or final '.' after it
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9.\-()]*[,.;]?$")
# a code word vie read well enough to keep: plain capitals and digits, confident
_SURE = 88.0
# the crop read at several sizes: one eng reading alone varies with the crop ('QLTM.' at 90, 'OLCE,' at 83 for
# QLCL, 'QLT™M.' at 51), so a code is taken only where two of them agree
_ZOOMS = (1.0, 1.5, 2.0, 2.5, 3.0, 3.5)
# (six sizes: eng's reading of a small crop does not get better with size, it varies from one size to the next; on
# a filing line 'VT, TH3.' it read 'VT, TH3.' (87-92) at x2 and x3.5 and 'V1, 1H.', 'VI. TH:', 'VI, TH.' (0-64) at
# x1, x1.5, x2.5, x3 and x4: two agreeing readings of three sizes were often not there)
_AGREE = 2  # readings that must agree, and more of them than on any other clean reading
_EXTRA_CONF = 70.0  # the eng reading is taken only at this confidence or more (and above vie's)


# the letters of Vietnamese spelling: the Latin ones, 'đ', and the vowels with their marks and tones
_VIET_LETTERS = frozenset(
    unicodedata.normalize("NFC", v + t).upper() if up else unicodedata.normalize("NFC", v + t)
    for v in "aăâeêioôơuưy" for t in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323") for up in (False, True)
) | set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZđĐ")


def _soup(text: str) -> bool:
    """A word whose letters are no spelling at all ('KSÏl1', 'Rö5I1', 'UB№D'): a letter outside the Vietnamese
    alphabet, letters and digits mixed, or capitals and small letters mixed other than a capital first letter. A
    word in plain capitals, small letters or with a capital first ('Nguyễn', 'VHXH', 'tỉnh') is not."""
    core = re.sub(r"\(\d{1,2}b\)", "", text).strip(".,;:()-")  # a copy count ('VP(2b)') is no soup
    letters = [c for c in core if c.isalpha()]
    if not letters:
        return False
    if any(c not in _VIET_LETTERS for c in letters) or any(not c.isalnum() for c in core if c not in ".-()/"):
        return True
    if any(c.isdigit() for c in core):
        return True
    word = "".join(letters)
    return not (word.isupper() or word.islower() or (word[0].isupper() and word[1:].islower()))


def _is_code_like(text: str) -> bool:
    """A word that may be a code (no small letter: a name or 'Hồ sơ' on the same line is left alone)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _small_code(text: str) -> bool:
    """A word after the filing line's 'VT' of one to three small letters ('lì.' for 'TL.', 'l1.', 'tl,'): no word
    Decree 30 writes there (its units are capitals), a code vie read in small letters."""
    core = text.strip(".,;:")
    return 1 <= len(core) <= 3 and any(c.isalpha() for c in core) and core.lower() == core and " " not in core


def _doubtful(w: Word) -> bool:
    return (_is_code_like(w.text) and (w.confidence < _SURE or not w.text.isascii())) or _soup(w.text)


def filing_codes(work: Image.Image, words: list[Word], scale: float) -> list[Word]:
    """``words`` with the filing line's doubtful codes re-read (see the module's doc). ``work`` is the image
    Tesseract read, ``scale`` the factor from the words' boxes to it."""
    return _reread(work, words, scale, _filing_todo(words))


def list_codes(work: Image.Image, words: list[Word], scale: float) -> list[Word]:
    """``words`` with the doubtful capitals of the 'Nơi nhận' items above the filing line re-read with ``eng``; the
    filing line itself is :func:`filing_codes`'s. Only the left half of the page (the signature block is right)."""
    return _reread(work, words, scale, _list_todo(work, words, scale))


def distribution_codes(work: Image.Image, words: list[Word], scale: float) -> list[Word]:
    """:func:`filing_codes` and :func:`list_codes` at once: every doubtful line of the list in one image per zoom,
    so a page pays one small ``eng`` call of six sheets at most (none when vie read the list's capitals
    confidently). A list line vie read as capitals that spell nothing is read again with vie first
    (:func:`glyph_items`), and eng leaves it alone."""
    words = glyph_items(work, words, scale)
    return _reread(work, words, scale, _filing_todo(words) + _list_todo(work, words, scale))


# a 'Nơi nhận' item vie read as a run of capitals that spell nothing ('EBO YTIE;' for '- Bộ Y tế;', its dash read as
# an 'E'): its crop read again by vie at other sizes
_GLYPH_ZOOMS = (1.5, 2.0, 2.5, 3.0)


def _glyph_run(texts: list[str]) -> bool:
    """Two or more words of capitals alone, none a Vietnamese syllable, one with two vowels or more (the initials of
    a body's name, 'UBND', 'TT', 'HĐND', 'PCVP', hold at most one): no reading of an item (extract.letterhead's
    rule of the same name)."""
    ws = [w for w in (re.sub(r"[^\w]|[\d_]", "", t) for t in texts) if w]
    if len(ws) < 2 or any(not w.isupper() or len(w) > 5 for w in ws):
        return False
    if any(is_vietnamese_syllable(w.lower()) for w in ws):
        return False
    return any(sum(c in "aeiouy" for c in syllable_key(w)) >= 2 for w in ws)


def _spelled(text: str) -> bool:
    """A re-read item that reads as the language: each word a Vietnamese syllable or an item's punctuation, at
    least one word written with a Vietnamese letter or mark, or in small letters."""
    ws = [w for w in (re.sub(r"^[-–(]+|[;.,:)]+$", "", t) for t in text.split()) if w]
    return bool(ws) and all(is_vietnamese_syllable(w.lower()) for w in ws) and any(
        not w.isascii() or w.islower() for w in ws)


def _glued_caps(texts: list[str]) -> bool:
    """An item line vie read with words run together into one of capitals and small letters ('TĨHPNDxã;' for '- TT
    HĐND xã;'): a word (its dash and punctuation aside) of two capitals or more with a small letter after its second
    capital; a name in title case ('Đảng', 'Sở'), plain capitals ('UBND') or small letters are not."""
    for t in texts:
        core = re.sub(r"^[-–(]+|[;.,:)]+$", "", t)
        if core.isalpha() and caps_run_together(core):
            return True
    return False


def _caps_around_small(texts: list[str]) -> bool:
    """An item line with a word of three letters or more whose small letters stand between capitals ('CáC' for
    'Các', its line read '=(CáC SƠ, L, RH CT;' for '- Các sở: TC, KHCN, CT;'): no spelling of a name ('Các',
    'Đảng' are title case, 'UBND' capitals); the line is read again as a run-together one is."""
    for t in texts:
        core = re.sub(r"^[-–=(]+|[;.,:)]+$", "", t)
        caps = [i for i, c in enumerate(core) if c.isupper()]
        if (core.isalpha() and len(core) >= 3 and len(caps) >= 2
                and any(c.islower() for c in core[caps[0] : caps[-1]])):
            return True
    return False


def _spelled_item(text: str) -> bool:
    """A re-read item of a list: each word a Vietnamese syllable or an abbreviation of two to five capitals ('TT',
    'HĐND', 'PCT'), at least one word in small letters (the level: 'xã', 'tỉnh'), and no run-together word left
    (:func:`_glued_caps`)."""
    ws = [w for w in (re.sub(r"^[-–(]+|[;.,:)]+$", "", t) for t in text.split()) if w]
    ok = [is_vietnamese_syllable(w.lower()) or (w.isupper() and w.isalpha() and 2 <= len(w) <= 5) for w in ws]
    return bool(ws) and all(ok) and any(w.islower() for w in ws) and not _glued_caps(ws)


def glyph_items(work: Image.Image, words: list[Word], scale: float) -> list[Word]:
    """``words`` with each 'Nơi nhận' line of the left column that vie read as a glyph run (:func:`_glyph_run`) read
    again by vie at :data:`_GLYPH_ZOOMS`: the line takes the reading two sizes or more give alike (more than any
    other) when it spells Vietnamese words (:func:`_spelled`); else it stays as read (never guessed)."""
    todo = [(ws, idx) for ws, idx in _list_lines(work, words, scale)
            if _glyph_run(texts := [w.text for w in ws if w.text.strip("-–—+•")]) or _glued_caps(texts)
            or _caps_around_small(texts)]
    if not todo:
        return list(words)
    sheets, tops, origins = [], [], []
    for zoom in _GLYPH_ZOOMS:
        sheet, tops, origins = _sheet(work, [ws for ws, _ in todo], scale, zoom)
        sheets.append(sheet)
    try:
        pages = _tsv(sheets, "vie")
    except pytesseract.TesseractError as err:
        log.warning("list items not re-read: %s", err)
        return list(words)
    readings = [_placed(data, tops, origins, zoom, len(todo)) for data, zoom in zip(pages, _GLYPH_ZOOMS, strict=True)]
    out: list[Word | None] = list(words)
    for n, (ws, idx) in enumerate(todo):
        lines = [" ".join(r[0] for r in z[n]) for z in readings]
        glued = _glued_caps(texts := [w.text for w in ws if w.text.strip("-–—+•")]) or _caps_around_small(texts)
        found = _agreed([(t, 0.0) if t and (_spelled_item(t) if glued else _spelled(t)) else None for t in lines])
        if not found:
            continue
        reading = next(z[n] for z, t in zip(readings, lines, strict=True) if t == found[0])
        first = ws[0]
        top, height = min(w.top for w in ws), max(w.top + w.height for w in ws) - min(w.top for w in ws)
        log.debug("list item %r re-read as %r", " ".join(w.text for w in ws), found[0])
        for k in idx:
            out[k] = None
        new = [replace(first, word=first.word + j, text=r[0], confidence=max(r[1], 0.0), left=round(r[2] / scale),
                       top=top, width=max(1, round((r[3] - r[2]) / scale)), height=height)
               for j, r in enumerate(reading)]
        out[idx[0]] = new  # type: ignore[call-overload]
    flat: list[Word] = []
    for w in out:
        if isinstance(w, list):
            flat.extend(w)
        elif w is not None:
            flat.append(w)
    return flat


# a line to read again: the words of its crop, and the indices of its doubtful words
_Todo = tuple[list[Word], list[int]]


def _filing_todo(words: list[Word]) -> list[_Todo]:
    todo: list[_Todo] = []
    label = _label(words)
    for i, w in enumerate(words):
        if not ((_VT.match(w.text) or _VT_LOOSE.match(w.text)) and i > 0
                and (_LUU.match(words[i - 1].text) or _garbled_luu(words, i - 1, label))):
            continue
        key = (w.block, w.par, w.line)
        line = [k for k in range(i, len(words)) if (words[k].block, words[k].par, words[k].line) == key]
        # the codes: the 'VT' and the words after it up to the first that is no code (a signer's name beside it)
        codes = []
        for k in line:
            if not (_is_code_like(words[k].text) or _soup(words[k].text) or (k > i and _small_code(words[k].text))):
                break
            codes.append(k)
        doubtful = [k for k in codes if _doubtful(words[k]) or _small_code(words[k].text)]
        if doubtful:
            # the crop from 'Lưu:' on: eng read 'QLTM.' at confidence 56 without it, 92 with it
            todo.append(([words[i - 1], *(words[k] for k in codes)], doubtful))
    return todo


# the 'Nơi nhận' label's first word (folded), and how many lines below it the list may run
_LABEL = re.compile(r"^n[o0]i$")
_LIST_LINES = 20


def _label(words: list[Word]) -> int | None:
    """The index of the 'Nơi nhận' label's first word, None when the page has none."""
    return next((i for i in range(len(words) - 1) if _LABEL.match(fold(words[i].text))
                 and fold(words[i + 1].text).startswith("nhan")), None)


def _line_key(w: Word) -> tuple[int, int, int]:
    return (w.block, w.par, w.line)


def _garbled_luu(words: list[Word], k: int, label: int | None) -> bool:
    """``words[k]`` is the filing line's 'Lưu:' vie garbled past :data:`_LUU` ('MU:', '-LIM', 'ETIMÚU' with its dash
    run in), told by its place rather than its letters: a short word (eight glyphs at most, as extract.letterhead's
    loose filing line) that opens its line, the line a 'VT' follows it on, under the 'Nơi nhận' label (at most
    :data:`_LIST_LINES` lines below it). A word of the body above the list never is."""
    if label is None or not label < k or len(words[k].text) > 8:
        return False
    if k > 0 and _line_key(words[k - 1]) == _line_key(words[k]):
        return False  # not the first word of its line
    lines = {_line_key(w) for w in words[label : k + 1]}
    return len(lines) <= _LIST_LINES + 1


def _list_doubtful(w: Word) -> bool:
    """An abbreviation of a list item eng may read better: plain Latin capitals read with little confidence ('UBRI)'
    for UBND), or capitals in glyph soup; a word with a Vietnamese letter ('HĐND', 'SỞ') is left to vie."""
    letters = [c for c in w.text if c.isalpha()]
    if len(letters) < 2:
        return False
    if _soup(w.text):
        return sum(c.isupper() for c in letters) >= 2
    return _is_code_like(w.text) and w.text.isascii() and w.confidence < _SURE


def _list_lines(work: Image.Image, words: list[Word], scale: float) -> list[_Todo]:
    """The item lines under the 'Nơi nhận' label above its filing line: each line's words of the page's left half
    and their indices in ``words``."""
    label = _label(words)
    first = 1  # the label's line holds no item
    if label is None:
        # a list the page before began: the page opens on a dashed item ('- Như Điều 3;' under 'Nơi nhận:' on the
        # page before) and the list runs down to its filing line
        if not words or not re.match(r"^[-–]", words[0].text) or (words[0].left + words[0].width) * scale > work.size[0] / 2:
            return []
        label, first = 0, 0
    keys: list[tuple[int, int, int]] = []
    lines: dict[tuple[int, int, int], list[int]] = {}
    for k in range(label, len(words)):
        w = words[k]
        key = (w.block, w.par, w.line)
        if key not in lines:
            if len(keys) > _LIST_LINES:
                break
            keys.append(key)
            lines[key] = []
        if (w.left + w.width) * scale <= work.size[0] / 2:
            lines[key].append(k)
    out: list[_Todo] = []
    for key in keys[first:]:
        idx = lines[key]
        if any(fold(words[k].text).startswith(("luu", "1uu")) for k in idx[:2]):
            break
        if len(idx) > 1 and (_VT.match(words[idx[1]].text) or _VT_LOOSE.match(words[idx[1]].text)):
            break  # the filing line, its 'Lưu' garbled ('-LIM VỊ KỈ,')
        if idx:
            out.append(([words[k] for k in idx], idx))
    return out


def _list_todo(work: Image.Image, words: list[Word], scale: float) -> list[_Todo]:
    """The item lines (:func:`_list_lines`) that hold a doubtful abbreviation, with its indices; the label's line holds no
    item's abbreviation ('Nơi nhận:  KT. CHỦ TỊCH') and the filing line is filing_codes'."""
    todo: list[_Todo] = []
    for ws, idx in _list_lines(work, words, scale):
        doubtful = [k for k in idx if _list_doubtful(words[k])]
        if doubtful:
            todo.append((ws, doubtful))
    return todo


def _reread(work: Image.Image, words: list[Word], scale: float, todo: list[_Todo]) -> list[Word]:
    """Each doubtful word of ``todo`` takes the ``eng`` reading over it when two of the zooms agree on it (:func:`_agreed`), it
    is a code read confidently and more so than vie's, and it is about as long (a word or two more or less:
    'UBRI)' -> 'UBND', 'QLUTM.' -> 'QLTM.'). The reading over a word is the eng word that covers most of it, or the
    eng words inside it when vie ran two into one ('VT,QLXDHT.', 'VI,T1H1,' -> 'VT,TH3.'); an eng word that covers
    the doubtful words next to it as well, which vie split one code into ('HỆ LH,' for HCTH.), makes them one."""
    out: list[Word | None] = list(words)
    if not todo:
        return list(words)
    # every line in one image per zoom, every zoom in one eng process
    readings = _read_zooms(work, [ws for ws, _ in todo], scale, _ZOOMS)
    index = {id(w): j for j, w in enumerate(words)}
    for n, (line, doubtful) in enumerate(todo):
        for k in doubtful:
            if out[k] is None:
                continue  # made one with the doubtful word before it
            found = [_over(words[k], line, r[n], scale) for r in readings]
            new = _agreed([(f[0], f[1]) if f else None for f in found])
            if not new:
                continue
            # the line's words the agreed reading covers: this one, or it and doubtful neighbours vie split it into
            span = next(f[2] for f in found if f and f[0] == new[0])
            ks = [index[id(line[j])] for j in span] if span else [k]
            if any(j != k and j not in doubtful for j in ks) or k not in ks:
                continue  # a confident word of vie's would go: keep vie's reading
            old = "".join(words[j].text for j in ks)
            if (new[0] != old and new[1] > max(words[j].confidence for j in ks)
                    and abs(len(new[0]) - len(old)) <= 2):
                log.debug("code %r re-read as %r (%.0f -> %.0f)", old, new[0], words[k].confidence, new[1])
                out[k] = _joined([words[j] for j in ks], new[0], new[1])
                for j in ks:
                    if j != k:
                        out[j] = None
    return [w for w in out if w is not None]


def _joined(ws: list[Word], text: str, conf: float) -> Word:
    """One word over the boxes of ``ws`` (the first's numbering), read ``text``."""
    x0, y0 = min(w.left for w in ws), min(w.top for w in ws)
    x1, y1 = max(w.left + w.width for w in ws), max(w.top + w.height for w in ws)
    return replace(ws[0], text=text, confidence=conf, left=x0, top=y0, width=x1 - x0, height=y1 - y0)


def _agreed(found: list[tuple[str, float] | None]) -> tuple[str, float] | None:
    """The clean reading at least two of the zooms give, more of them than any other (with its best confidence);
    None when they disagree."""
    texts = [f[0] for f in found if f]
    counts = sorted(((texts.count(t), t) for t in set(texts)), reverse=True)
    if not counts or counts[0][0] < _AGREE or len(counts) > 1 and counts[1][0] == counts[0][0]:
        return None
    best = counts[0][1]
    return best, max(f[1] for f in found if f and f[0] == best)


def _read_zooms(work: Image.Image, groups: list[list[Word]], scale: float, zooms: tuple[float, ...]
                ) -> list[list[list[tuple[str, float, float, float]]]]:
    """The lines of ``groups`` read by ``eng`` at each of ``zooms``: per zoom, each line's words (text, confidence,
    left and right in ``work``'s pixels). The crops are stacked one under the other (a blank gap between them) on
    one sheet per zoom, read as a block of lines (psm 6); all the sheets go to one Tesseract process (a list file of
    PGM images), which gives each sheet the rows a process of its own gives it (its language model loaded once
    instead of once per zoom: ~0.1 CPU-s each)."""
    sheets, tops, origins = [], [], []
    for zoom in zooms:
        sheet, tops, origins = _sheet(work, groups, scale, zoom)
        sheets.append(sheet)
    try:
        pages = _eng_tsv(sheets)
    except pytesseract.TesseractError as err:  # no eng model installed: keep vie's reading
        log.warning("list items not re-read: %s", err)
        return [[[] for _ in groups] for _ in zooms]
    return [_placed(data, tops, origins, zoom, len(groups)) for data, zoom in zip(pages, zooms, strict=True)]


def _sheet(work: Image.Image, groups: list[list[Word]], scale: float, zoom: float
           ) -> tuple[Image.Image, list[tuple[int, int]], list[int]]:
    """The crops of ``groups``' lines on a white sheet enlarged by ``zoom``: (sheet, each crop's rows on the sheet
    before the zoom, each crop's left in ``work``'s pixels)."""
    crops, origins = [], []
    for ws in groups:
        pad = round(max(w.height for w in ws) * scale * 0.4)
        x0 = max(0, round(min(w.left for w in ws) * scale) - pad)
        y0 = max(0, round(min(w.top for w in ws) * scale) - pad)
        x1 = min(work.size[0], round(max(w.left + w.width for w in ws) * scale) + pad)
        y1 = min(work.size[1], round(max(w.top + w.height for w in ws) * scale) + pad)
        crops.append(work.crop((x0, y0, x1, y1)).convert("L"))
        origins.append(x0)
    gap = max(c.size[1] for c in crops) // 2
    sheet = Image.new("L", (max(c.size[0] for c in crops), sum(c.size[1] + gap for c in crops) + gap), 255)
    tops, y = [], gap
    for c in crops:
        sheet.paste(c, (0, y))
        tops.append((y, y + c.size[1]))
        y += c.size[1] + gap
    if zoom != 1:
        sheet = sheet.resize((round(sheet.size[0] * zoom), round(sheet.size[1] * zoom)), Image.BICUBIC)
    return sheet, tops, origins


def _eng_tsv(sheets: list[Image.Image]) -> list[dict[str, list]]:
    return _tsv(sheets, "eng")


def _tsv(sheets: list[Image.Image], lang: str) -> list[dict[str, list]]:
    """Each sheet's TSV rows from one ``tesseract LIST - -l LANG --oem 1 --psm 6 tsv`` call, parsed as
    pytesseract's ``image_to_data`` parses a call of its own (a PGM carries no resolution, as the PNG it would
    write does not: the same rows, tests/test_ingest_speed.py). Raises ``pytesseract.TesseractError`` when
    Tesseract fails (no eng model, say)."""
    with tempfile.TemporaryDirectory(prefix="vnplan-recheck-") as tmp:
        paths = []
        for n, sheet in enumerate(sheets):
            paths.append(os.path.join(tmp, f"sheet{n}.pgm"))
            sheet.save(paths[-1], format="PPM")
        listing = os.path.join(tmp, "sheets.txt")
        with open(listing, "w") as f:
            f.write("".join(f"{p}\n" for p in paths))
        cmd = [pytesseract.pytesseract.tesseract_cmd, listing, "-", "-l", lang, "--oem", "1", "--psm", "6", "tsv"]
        try:
            proc = subprocess.run(cmd, capture_output=True, check=False)
        except OSError as err:
            raise pytesseract.TesseractError(-1, str(err)) from err
    if proc.returncode:
        raise pytesseract.TesseractError(proc.returncode, proc.stderr.decode("utf-8", "replace").strip())
    lines = proc.stdout.decode("utf-8").splitlines(keepends=True)
    if not lines or not lines[0].startswith("level\t"):
        raise pytesseract.TesseractError(-1, f"unexpected output: {proc.stdout[:80]!r}")
    # the rows of sheet n (page n + 1 of the list), with the TSV's header line as a call of its own writes it
    rows: list[list[str]] = [[] for _ in sheets]
    for line in lines[1:]:
        page = int(line.split("\t", 2)[1])
        if not 1 <= page <= len(sheets):
            raise pytesseract.TesseractError(-1, f"row of page {page} from a list of {len(sheets)}")
        rows[page - 1].append(line)
    return [pytesseract.pytesseract.file_to_dict(lines[0] + "".join(r), "\t", -1) for r in rows]


def _placed(data: dict[str, list], tops: list[tuple[int, int]], origins: list[int], zoom: float, n_lines: int
            ) -> list[list[tuple[str, float, float, float]]]:
    """A sheet's words put back on the lines they were cropped from, with positions in the page's pixels."""
    found: list[list[tuple[str, float, float, float]]] = [[] for _ in range(n_lines)]
    for t, c, left, top, width, height in zip(data["text"], data["conf"], data["left"], data["top"], data["width"],
                                              data["height"], strict=True):
        if not t.strip():
            continue
        mid = (top + height / 2) / zoom
        n = next((i for i, (a, b) in enumerate(tops) if a <= mid <= b), None)
        if n is not None:
            found[n].append((t.strip(), float(c), origins[n] + left / zoom, origins[n] + (left + width) / zoom))
    return found


def _over(w: Word, line: list[Word], reread: list[tuple[str, float, float, float]], scale: float
          ) -> tuple[str, float, list[int]] | None:
    """The eng reading over ``w`` when it is a code read confidently: (its text, its lowest confidence, the indices
    in ``line`` of the vie words it covers). Either the eng words that lie inside ``w`` (several when vie ran them
    into one word: joined as printed, without a space), or the one eng word that covers most of ``w``, with the
    words of ``line`` next to ``w`` it covers too."""
    left, right = w.left * scale, (w.left + w.width) * scale

    def inter(a0: float, a1: float, b0: float, b1: float) -> float:
        return max(0.0, min(a1, b1) - max(a0, b0))

    inside = [r for r in reread if inter(left, right, r[2], r[3]) >= 0.5 * (r[3] - r[2])]
    if len(inside) < 2:
        best = max(reread, key=lambda r: inter(left, right, r[2], r[3]), default=None)
        if best is None or inter(left, right, best[2], best[3]) < 0.5 * (right - left):
            return None
        inside = [best]
    x0, x1 = min(r[2] for r in inside), max(r[3] for r in inside)
    if not all(_CODE.match(r[0]) and r[1] >= _EXTRA_CONF for r in inside):
        return None
    covered = [j for j, v in enumerate(line)
               if inter(v.left * scale, (v.left + v.width) * scale, x0, x1) >= 0.5 * v.width * scale]
    return "".join(r[0] for r in inside), min(r[1] for r in inside), covered
