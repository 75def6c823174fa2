"""A second reading of the filing line's codes ('Lưu: VT, KSTT') with Tesseract's ``eng`` model.

Decree 30's filing line ends the 'Nơi nhận:' list with the drafting unit's code in Latin capitals (``KSTT``,
``QLTM``, ``P.KT``, ``NV2``). The ``vie`` model reads such runs of capitals as if they were Vietnamese syllables:
on rendered scans it gave ``QLUTM``, ``QUTM`` and ``QUIM`` for QLTM, ``KSŠTT`` and ``KSTF`` for KSTT, ``QUCL`` for
QLCL, with low word confidence (34-78), at body size and in page or single-line mode alike; the ``eng`` model
read the same crops right at confidence 91-92. So where a code of that line was read with low confidence or with
a letter no code has, the line's crop is read again with ``eng --psm 7`` (one line), and each such word takes the
``eng`` reading that overlaps it only when that reading is itself a code (capitals, digits, '.', '-', '(', ')')
read with more confidence, and two of three readings of the crop at different sizes agree on it. Nothing else is
touched; a code neither model reads well stays as ``vie`` read it (never guessed).
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from PIL import Image

from ingest.records import Word

from .tesseract import pytesseract

log = logging.getLogger(__name__)

# 'Lưu:' as OCR reads it ('Lưu:', 'Luu', '1ưu.', 'LƯU:'), and the 'VT' (văn thư) after it ('VT,', 'VI,', 'VÌ')
_LUU = re.compile(r"^[-–>°]?[LlI1|][ưuƯUừứ][uUư]?[:.;,]?$")
_VT = re.compile(r"^V[TtÌIÍĨỊìíĩịi1l|][,.;:]?$")
# a code as the eng model gives it: capitals and digits, with a room's dot or a dash inside, a copy count in
# parentheses, the list's ',' or final '.' after it
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9.\-()]*[,.;]?$")
# a code word vie read well enough to keep: plain capitals and digits, confident
_SURE = 88.0
# the crop read at three sizes: one eng reading alone varies with the crop ('QLTM.' at 90, 'OLCE,' at 83 for
# QLCL, 'QLT™M.' at 51), so a code is taken only where two of the three agree
_ZOOMS = (1.0, 1.5, 2.0)
_EXTRA_CONF = 70.0  # the eng reading is taken only at this confidence or more (and above vie's)


def _is_code_like(text: str) -> bool:
    """A word that may be a code (no small letter: a name or 'Hồ sơ' on the same line is left alone)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _doubtful(w: Word) -> bool:
    return _is_code_like(w.text) and (w.confidence < _SURE or not w.text.isascii())


def filing_codes(work: Image.Image, words: list[Word], scale: float) -> list[Word]:
    """``words`` with the filing line's doubtful codes re-read (see the module's doc). ``work`` is the image
    Tesseract read, ``scale`` the factor from the words' boxes to it."""
    out = list(words)
    for i, w in enumerate(words):
        if not (_VT.match(w.text) and i > 0 and _LUU.match(words[i - 1].text)):
            continue
        key = (w.block, w.par, w.line)
        line = [k for k in range(i, len(words)) if (words[k].block, words[k].par, words[k].line) == key]
        # the codes: the 'VT' and the words after it up to the first that is no code (a signer's name beside it)
        codes = []
        for k in line:
            if not _is_code_like(words[k].text):
                break
            codes.append(k)
        if not any(_doubtful(words[k]) for k in codes):
            continue
        # the crop from 'Lưu:' on: eng read 'QLTM.' at confidence 56 without it, 92 with it
        crop = [words[i - 1], *(words[k] for k in codes)]
        readings = [_read_line(work, crop, scale, zoom) for zoom in _ZOOMS]
        for k in codes:
            if not _doubtful(words[k]):
                continue
            new = _agreed([_overlapping(words[k], r, scale) for r in readings])
            if new and new[0] != words[k].text and new[1] > words[k].confidence:
                log.debug("filing code %r re-read as %r (%.0f -> %.0f)", words[k].text, new[0],
                          words[k].confidence, new[1])
                out[k] = replace(words[k], text=new[0], confidence=new[1])
    return out


def _agreed(found: list[tuple[str, float] | None]) -> tuple[str, float] | None:
    """The reading at least two of the zooms give (with its best confidence); None when they disagree."""
    texts = [f[0] for f in found if f]
    best = max(set(texts), key=texts.count, default=None)
    if best is None or texts.count(best) < 2:
        return None
    return best, max(f[1] for f in found if f and f[0] == best)


def _read_line(work: Image.Image, ws: list[Word], scale: float, zoom: float
               ) -> list[tuple[str, float, float, float]]:
    """(text, confidence, left, right) of the words ``eng`` reads in the crop around ``ws`` (boxes in ``work``),
    enlarged ``zoom`` times; the positions are in ``work``'s pixels."""
    pad = round(max(w.height for w in ws) * scale * 0.4)
    x0 = max(0, round(min(w.left for w in ws) * scale) - pad)
    y0 = max(0, round(min(w.top for w in ws) * scale) - pad)
    x1 = min(work.size[0], round(max(w.left + w.width for w in ws) * scale) + pad)
    y1 = min(work.size[1], round(max(w.top + w.height for w in ws) * scale) + pad)
    try:
        crop = work.crop((x0, y0, x1, y1))
        if zoom != 1:
            crop = crop.resize((round(crop.size[0] * zoom), round(crop.size[1] * zoom)), Image.BICUBIC)
        data = pytesseract.image_to_data(crop, lang="eng", config="--oem 1 --psm 7",
                                         output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError as err:  # no eng model installed: keep vie's reading
        log.warning("filing line not re-read: %s", err)
        return []
    return [(t.strip(), float(c), x0 + left / zoom, x0 + (left + width) / zoom)
            for t, c, left, width in zip(data["text"], data["conf"], data["left"], data["width"], strict=True)
            if t.strip()]


def _overlapping(w: Word, reread: list[tuple[str, float, float, float]], scale: float) -> tuple[str, float] | None:
    """The one re-read word that covers most of ``w`` horizontally, when it is a code read confidently."""
    left, right = w.left * scale, (w.left + w.width) * scale
    best = max(reread, key=lambda r: min(right, r[3]) - max(left, r[2]), default=None)
    if best is None or min(right, best[3]) - max(left, best[2]) < 0.5 * (right - left):
        return None
    text, conf = best[0], best[1]
    return (text, conf) if _CODE.match(text) and conf >= _EXTRA_CONF else None
