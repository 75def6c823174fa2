"""Lone figures re-read from the page's pixels when OCR read some of their digits as letters.

Tesseract's ``vie`` model reads a short figure standing alone in a table cell as a word: '80' came out 'S0', '75'
'T5', '72' 't2', '100' '1OO' on light-degradation scans (bench/doctype_eval.py, dev dt163 and dv365), and the
targets read the digits left over ('S0' -> a false 0%) or lost the figure. A word is re-read only where the
layout says a number stands there:

- its letters are all digit-shaped ('S', 'T', 'O', 'l', ...) and it holds at least one digit ('S0', not 'ST');
- it stands alone as a cell (no word beside it on its line closer than a cell's gap, a '|' rule being a cell's
  edge) or ends in '%' ('S0%');

and it is re-read alone from its box, enlarged, as one line (``eng`` with digits only, then ``eng`` as it is). A
reading is kept only when it is as many digits as the word has characters and agrees with every digit OCR read
the first time ('S0' -> '80', never '90' nor '800'). When no reading does (the eng model read the serif '75' of
a noisy scan as nothing or 'fe'), letters that stand for one digit only are read as it ('T'/'t' 7, 'O'/'o' 0,
'l'/'I' 1, 'B' 8, 'Z' 2: 'T5' -> '75', '1OO' -> '100'); an 'S' is 8 or 5 and is left as read: nothing is
invented where neither the pixels nor the letter's shape say it.

A date OCR read with a letter O for a zero ('30/6/2O26', 'Tháng 6/2O26') is a deadline no reader parses: where all
the rest of the word is a date's figures and slashes, the O is read as 0 (mend_dates).
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from PIL import Image, ImageOps

from ingest.records import Word

from .tesseract import pytesseract

log = logging.getLogger(__name__)

# letters Tesseract's vie model puts for digits of a lone figure (8 -> S, 7 -> T or t, 0 -> O, 1 -> l or I)
DIGIT_SHAPED = "OoSsTtIlBZ"
# the letters that stand for one digit alone ('S' is 8 or 5: the pixels decide it or nothing does)
ONE_DIGIT = str.maketrans("TtOoIlBZ", "77001182")
# the re-readings tried in turn: digits only, then free (the whitelist read some serif figures as nothing)
_CONFIGS = ("--oem 1 --psm 7 -c tessedit_char_whitelist=0123456789", "--oem 1 --psm 7")
_FIGURE = re.compile(rf"^([0-9{DIGIT_SHAPED}]{{2,4}})(%?)$")
# a word that beside a figure cell is the cell's edge, not a neighbour
_RULE = re.compile(r"^[|¦!]$")
CELL_GAP = 1.5  # a neighbour nearer than this many word heights makes the word part of a phrase, not a cell
PAD = 0.6  # share of the word's height of white kept round its crop
# the crop is enlarged to this letter height: at a scan's own ~35 px the eng model read '75' as '13', at ~100 px '75'
ZOOM_PX = 100


def candidate(w: Word) -> bool:
    """Whether a word's text is a figure some of whose digits OCR read as letters."""
    m = _FIGURE.match(w.text)
    # ('I1', 'l1' are a roman 'II' as often as an 11: left as read)
    return m is not None and any(c.isdigit() for c in m.group(1)) and any(not c.isdigit() for c in m.group(1)) \
        and not set(m.group(1)) <= set("Il1")


def _alone(w: Word, words: list[Word]) -> bool:
    """Whether no word stands beside ``w`` on its line nearer than a cell's gap (a '|' rule is a cell's edge)."""
    mid = w.top + w.height / 2
    gap = CELL_GAP * w.height
    left = right = None
    for o in words:
        if o is w or not (o.top <= mid <= o.top + o.height):
            continue
        if o.left + o.width <= w.left and (left is None or o.left + o.width > left.left + left.width):
            left = o
        elif o.left >= w.left + w.width and (right is None or o.left < right.left):
            right = o
    near_left = left is not None and not _RULE.match(left.text) and w.left - (left.left + left.width) < gap
    near_right = right is not None and not _RULE.match(right.text) and right.left - (w.left + w.width) < gap
    return not (near_left or near_right)


def agrees(read: str, digits: str) -> bool:
    """Whether a digits-only reading fits the word OCR read first: as long, and every digit it had kept."""
    return len(read) == len(digits) and read.isdigit() and all(
        not c.isdigit() or c == r for c, r in zip(digits, read, strict=True))


def _rereads(gray: Image.Image, w: Word) -> list[str]:
    pad = max(4, round(PAD * w.height))
    box = (max(0, w.left - pad), max(0, w.top - pad), min(gray.size[0], w.left + w.width + pad),
           min(gray.size[1], w.top + w.height + pad))
    crop = gray.crop(box).convert("L")
    zoom = ZOOM_PX / max(1, w.height)
    crop = crop.resize((round(crop.size[0] * zoom), round(crop.size[1] * zoom)), Image.Resampling.LANCZOS)
    crop = ImageOps.expand(crop, border=20, fill=255)
    out = []
    for config in _CONFIGS:
        try:
            out.append(re.sub(r"\s+", "", pytesseract.image_to_string(crop, lang="eng", config=config)))
        except pytesseract.TesseractError as err:  # no eng model: the word stays as read
            log.debug("figure re-read failed: %s", err)
            break
        if agrees(out[-1], w.text.rstrip("%")):
            break
    return out


# a date OCR read with a letter O for a zero ('30/6/2O26', '3O/6/2026', 'Tháng 6/2O26'): day and month of one or two
# figures, a year of four from 1900 to 2099 ('I/2O26', a roman quarter, keeps its I: only O is read as 0 here)
_DATE = re.compile(r"^(?:([0-9Oo]{1,2})/)?([0-9Oo]{1,2}|[IVXlH|1]{1,4})/([12][0-9Oo]{3})([.,;:)]?)$")


def mend_dates(words: list[Word]) -> list[Word]:
    """``words`` with each date's letter O read as the zero it stands for, where every other character of the date is
    a figure or a slash (a date's form is the layout that says a number stands there)."""
    out = list(words)
    for k, w in enumerate(words):
        m = _DATE.match(w.text)
        if not m or not re.search("[Oo]", w.text):
            continue
        parts = [g for g in m.groups()[:3] if g]
        # each O stands among figures: a part all O's ('OO') is no figure OCR read
        if any(re.search("[Oo]", g) and not re.search(r"\d", g) for g in parts):
            continue
        text = re.sub("[Oo]", "0", w.text[: m.end(3)]) + m.group(4)
        year = int(m.group(3).translate(str.maketrans("Oo", "00")))
        if 1900 <= year <= 2099:
            log.debug("date %r read %s", w.text, text)
            out[k] = replace(w, text=text)
    return out


def reread_figures(gray: Image.Image, words: list[Word]) -> list[Word]:
    """``words`` with each lone figure whose digits OCR read as letters re-read from its box in ``gray`` (the image
    the boxes are in)."""
    out = list(words)
    for k, w in enumerate(words):
        if not candidate(w):
            continue
        m = _FIGURE.match(w.text)
        assert m is not None
        if not (m.group(2) or _alone(w, words)):
            continue
        read = next((r for r in _rereads(gray, w) if agrees(r, m.group(1))), None)
        if read is None and agrees(shaped := m.group(1).translate(ONE_DIGIT), m.group(1)):
            read = shaped
        if read is not None:
            log.debug("figure %r read %s", w.text, read)
            out[k] = replace(w, text=read + m.group(2))
    return out
