"""Roman quarter numbers re-counted from the page's pixels.

Tesseract's ``vie`` model reads the thin serif strokes of a roman quarter number unreliably: 'Quý III/2025'
came out 'II/2025', 'Quý II/2026' 'I/2026' and 'Quý III/2026' 'I1⁄2026' on light-degradation scans
(bench/doctype_eval.py), a wrong date with nothing to flag it. The strokes are on the page: in the word's box,
the number is a run of vertical stems (ink over the full letter height) before the slash, whose ink is
diagonal. A word OCR read as such a number ('I', 'II', '1', 'l', 'H', ...) followed by a slash is rewritten
with as many 'I's as the box has stems, 1 to 3. A 'V' (IV) is no stem: a word OCR read with a V, or whose box
shows no clean stems, stays as read.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

import numpy as np
from PIL import Image

from ingest.records import Word
from normalize.text import fold

log = logging.getLogger(__name__)

# an I-only roman number as OCR reads it (the slash may come out as a fraction slash)
_NUMBER = re.compile(r"^([IÍÌ1l|H]{1,4})[/⁄]{1,2}(\d{4}\W{0,2})$")
# the same, but starting with a letter I (or the H OCR makes of 'II'): a quarter even without 'Quý' before it
# (a table cell that wrapped 'Quý' and 'II/2026' onto two lines)
_ROMAN_START = re.compile(r"^[IÍÌH]")
STEM_COVER = 0.85  # share of the letter height a stem's ink covers (a slash's column: its stroke width)
# a run of ink in the middle band that holds ink on fewer than this share of the band's rows is a speck the scan left
# between two stems ('Quý III/2026' read 'I/2026', its stems counted 1: a dot before the second stem was taken for
# the slash, which crosses the whole band)
SPECK_BAND = 0.5
INK = 128


def count_stems(gray: Image.Image, w: Word) -> int:
    """Vertical stems at the left of a word's box, before the first ink that is no stem."""
    a = np.asarray(gray.crop((w.left, w.top, w.left + w.width, w.top + w.height)), dtype=np.uint8) < INK
    per_row = a.sum(axis=1)
    if not per_row.any():
        return 0
    # the letters' height: rows with a fair share of ink (a comma's descender, a speck are no letter)
    rows = np.flatnonzero(per_row >= 0.15 * per_row.max())
    a = a[rows[0] : rows[-1] + 1]
    h = a.shape[0]
    band = a[int(h * 0.3) : max(int(h * 0.7), int(h * 0.3) + 1)]
    mid = band.any(axis=0)  # serifs have no ink here
    cover = a.sum(axis=0) / h
    n, x = 0, 0
    while x < a.shape[1]:
        if not mid[x]:
            x += 1
            continue
        end = x
        while end < a.shape[1] and mid[end]:
            end += 1
        if band[:, x:end].any(axis=1).sum() < SPECK_BAND * band.shape[0]:
            x = end  # a speck between two stems (a stem or the slash crosses the whole band)
            continue
        if cover[x:end].max() < STEM_COVER:
            break  # the slash
        n, x = n + 1, end
    return n


def recount_quarters(gray: Image.Image, words: list[Word]) -> list[Word]:
    """``words`` with each roman quarter number re-counted from its stems in ``gray`` (the image the boxes
    are in)."""
    out = list(words)
    for k, w in enumerate(words):
        m = _NUMBER.match(w.text)
        if not m:
            continue
        after_quy = k > 0 and fold(words[k - 1].text).rstrip(".,:") == "quy"
        if not (after_quy or _ROMAN_START.match(w.text)):
            continue  # '1/2026' after 'tháng' is a month
        n = count_stems(gray, w)
        text = f"{'I' * n}/{m.group(2)}"
        if 1 <= n <= 3 and text != w.text:
            log.debug("quarter %r re-counted from its stems: %s", w.text, text)
            out[k] = replace(w, text=text)
    return out
