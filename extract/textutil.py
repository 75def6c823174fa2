"""Text helpers: NFC, length-preserving diacritics folding, tokenisation into a spaCy Doc."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "¢": "c", "|": "i", "ł": "l"}


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in _SPECIAL:
        return _SPECIAL[c]
    base = unicodedata.normalize("NFD", c)[0].lower()
    return base if len(base) == 1 else c


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def fold(s: str) -> str:
    """Diacritics-stripped, lower-cased copy of ``s`` with the SAME length (offsets map 1:1).

    ``s`` must be NFC (each character folds to exactly one character).
    """
    return "".join(_fold_char(c) for c in s)


def strip_tags(s: str) -> str:
    return re.sub(r"<[^>]*>", " ", s)


def clean_space(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(nfc(s))).strip("-")


_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|\w+|[^\w\s]", re.UNICODE)


def tokenize(s: str) -> list[tuple[str, int, int]]:
    """Tokens (text, start, end) of ``s``; numbers, words and single punctuation marks."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(s)]


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_to_int(s: str) -> int | None:
    s = s.upper()
    if not s or any(c not in _ROMAN for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN[c]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total if 0 < total < 40 else None


def title_case_vi(s: str) -> str:
    """'THẠNH PHÚ' -> 'Thạnh Phú' (NFC preserved)."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in s.split())
