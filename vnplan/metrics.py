"""Accuracy measures shared by tests, `make eval` and `make bench`."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Levenshtein


def canonical(text: str) -> str:
    """NFC with runs of white space folded to one space: layout is not what CER measures."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate: edit distance / reference length, on canonical text."""
    ref, hyp = canonical(reference), canonical(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return Levenshtein.distance(ref, hyp) / len(ref)
