"""Text-layer quality gate: is a PDF page's text layer real Vietnamese, or a scanner's junk OCR?

Office scanners (Kodak, HP, OmniPage) embed their own OCR layer, made with an English model, under
the page image: ``CONG Hcok xA HQI CHiJ NGHiA VIVT NAM``, ``Kinh grri``. Such a layer has letters, so a
"has text" test takes it; a fresh Tesseract ``vie`` OCR of the page image reads far better. Like
OCRmyPDF's ``--redo-ocr``, each layer is scored and a poor one is replaced by OCR.

The score (0-1) multiplies two shares of the layer's words, both cheap to count:

* **lexicon share**: words that are syllables of the restoration model's lexicon (``normalize``), in
  the case shapes real text has (``Hcok``, ``xA``, ``CHiJ`` are garble even when the letters spell a
  syllable), or abbreviations the laws use (``UBND``, ``HĐND``); words carrying marks must be in the
  lexicon *with* those marks;
* **Vietnamese-letter share**, against what Vietnamese text has: about half of its syllables carry a
  letter an English model never writes (``ư ơ đ ạ ế`` ...). An English-model layer has almost none, and
  a layer with its diacritics lost cannot be told from another language by the lexicon alone.

Scoring a 300-word page takes under a millisecond; with the pdfium probe the gate costs ~0.3% of an OCR
of the page (``make bench``: bench/gate_bench.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Decision thresholds. On the synthetic held-out pages of bench/scan_eval.py born-digital layers score
# 1.00 and Tesseract-vie text 0.99, English-model scanner layers 0.00 (their lexicon share alone is
# 0.37-0.55: `cong`, `xa`, `nam` are syllables too). The band between is for mixed or damaged layers.
GOOD = 0.80  # at or above: keep the layer
POOR = 0.50  # below: OCR the page instead; between: OCR too when the page is a scanned image
MIN_CHARS = 25  # fewer non-space characters than this is not a layer worth scoring (page stamps)
# Share of syllables of Vietnamese prose with a Vietnamese-only letter is ~0.5 (corpus laws); a layer
# reaching 0.3 is taken as having its marks.
_VI_SHARE_FULL = 0.30

_CID = re.compile(r"\(cid:\d+\)")
_WORD = re.compile(r"[^\W_]+")  # runs of letters and digits
_MIXED = re.compile(r"[^\W\d_]\d|\d[^\W\d_]")


@dataclass(frozen=True)
class LayerScore:
    score: float  # 0-1: the higher, the more the layer reads as real Vietnamese text
    n_words: int
    lexicon_share: float
    vi_share: float  # share of words with a Vietnamese-only letter
    garble_share: float  # words with letters and digits mixed, odd case, or glyph ids

    def reason(self) -> str:
        return (
            f"layer score {self.score:.2f} ({self.n_words} words: {self.lexicon_share:.0%} Vietnamese syllables, "
            f"{self.vi_share:.0%} with Vietnamese letters, {self.garble_share:.0%} garbled)"
        )


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """The restoration model's vocabulary (lower-case syllables with their marks) and its abbreviations
    as written in the laws (UBND, HĐND, CCHC, Roman numerals)."""
    from normalize.model import get_model

    model = get_model()
    return frozenset(w for w in model.ids if w.isalpha()), frozenset(model.abbreviations.values())


def _vi_letters() -> frozenset[str]:
    from normalize.text import VI_SPECIFIC

    return VI_SPECIFIC


def _odd_case(word: str) -> bool:
    """Case shapes real text does not have: ``xA``, ``CHiJ``, ``HcOk`` (lower then upper)."""
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:], strict=False))


def score_text(text: str) -> LayerScore:
    """Score a page's text layer; see the module docstring."""
    from normalize.text import is_vietnamese_syllable, to_nfc

    text = to_nfc(text)
    (lex, abbreviations), vi = _lexicon(), _vi_letters()
    n_cid = len(_CID.findall(text))
    words = _WORD.findall(_CID.sub(" ", text))
    n = len(words) + n_cid
    if n == 0:
        return LayerScore(0.0, 0, 0.0, 0.0, 1.0 if n_cid else 0.0)
    good = garbled = with_vi = 0
    for w in words:
        if any(ch.isdigit() for ch in w):
            # numbers and codes (2020, 15/KH) are neutral unless letters and digits interleave (x4, Po6i)
            if _MIXED.search(w):
                garbled += 1
            else:
                n -= 1
            continue
        low = w.lower()
        odd = _odd_case(w)
        garbled += odd
        has_vi = any(ch in vi for ch in w)
        with_vi += has_vi
        if w in abbreviations or (not odd and (low in lex or (len(low) == 1 and is_vietnamese_syllable(low)))):
            good += 1
    n = max(n, 1)
    lexicon_share, vi_share, garble_share = good / n, with_vi / n, (garbled + n_cid) / n
    score = lexicon_share * min(1.0, vi_share / _VI_SHARE_FULL)
    return LayerScore(round(score, 4), n, round(lexicon_share, 4), round(vi_share, 4), round(garble_share, 4))


def _legacy_score(text: str) -> tuple[str, LayerScore] | None:
    """The score of the layer read as TCVN3 / VNI, when normalize takes it for such a legacy encoding."""
    from normalize.legacy import detect_and_convert

    converted, encoding = detect_and_convert(text)
    return (encoding, score_text(converted)) if encoding != "unicode" else None


@dataclass(frozen=True)
class Decision:
    action: str  # 'keep' | 'ocr' (replace the layer) | 'compare' (OCR and keep the better text)
    score: float | None
    reason: str


def decide(text: str | None, *, scanned: bool, mode: str = "auto") -> Decision:
    """What to do with a page's text layer.

    ``text`` is the layer (None or blank: no layer); ``scanned`` says the page is a full-page image,
    so a layer is OCR of it; ``mode`` is the user's ``--text-layer``: ``auto`` (the gate), ``trust``
    (any layer with text is kept, the behaviour before the gate) or ``ignore`` (always OCR)."""
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFC", text or ""))
    if not compact:
        return Decision("ocr", None, "no text layer")
    if mode == "ignore":
        return Decision("ocr", None, "text layer ignored (--text-layer ignore)")
    if mode == "trust":
        return Decision("keep", None, "text layer trusted (--text-layer trust)")
    if mode != "auto":
        raise ValueError(f"text-layer mode must be auto, trust or ignore, not {mode!r}")
    s = score_text(text or "")
    kind = "layer of a scanned page" if scanned else "text layer"
    legacy = _legacy_score(text or "")
    if legacy is not None and legacy[1].score > s.score:
        # Old fonts (.VnTime: TCVN3, VNI) give a layer of Latin-1 letters; normalize converts it
        # exactly, which beats any OCR, so the layer is judged as converted.
        kind, s = f"{kind} ({legacy[0].upper()} encoding)", legacy[1]
    if len(compact) < MIN_CHARS:
        return Decision("ocr", s.score, f"{kind} too short ({len(compact)} characters)")
    if s.score >= GOOD:
        return Decision("keep", s.score, f"{kind} kept: {s.reason()}")
    if s.score < POOR:
        return Decision("ocr", s.score, f"{kind} replaced by OCR: {s.reason()}")
    if scanned:
        return Decision("compare", s.score, f"{kind} mediocre, OCR compared: {s.reason()}")
    return Decision("keep", s.score, f"{kind} kept (not a scan, OCR would read the same glyphs): {s.reason()}")
