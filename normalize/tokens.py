"""Tokenisation shared by model building and restoration.

A text is cut on whitespace into chunks; each chunk is split into leading
punctuation, a *core* and trailing punctuation.  Cores are classified:

* ``word``  – something with letters that may be a (possibly OCR-damaged) syllable: ``cua``, ``x4``, ``Po6i``
* ``num``   – numbers and dates: ``2021``, ``15/7/2021``, ``1.000``
* ``code``  – document codes and other slash/hyphen compounds: ``76/NQ-CP``, ``QĐ-UBND``
* ``url``   – URLs and e-mail addresses
* ``other`` – anything else (symbols)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

LEAD_PUNCT = "([{\"'“‘«*•·–—-|"
TRAIL_PUNCT = ".,;:!?)]}\"'”’»…*|"
BOUNDARY_CHARS = frozenset(".;:!?()[]{}…\"“”")

_NUM_RE = re.compile(r"^[+-]?\d+([.,/:-]\d+)*%?$")
_URL_RE = re.compile(r"^(https?://|www\.)|@|\.(vn|com|org|net|gov)(/|$)", re.I)
_HAS_ALPHA = re.compile(r"[^\W\d_]")


@dataclass(slots=True)
class Piece:
    kind: str  # word | num | code | url | other | punct
    text: str
    start: int
    end: int


def classify(core: str) -> str:
    if _NUM_RE.match(core):
        return "num"
    if _URL_RE.search(core):
        return "url"
    if not _HAS_ALPHA.search(core):
        return "other"
    if "/" in core or "-" in core or "_" in core:
        return "code"
    return "word"


# documents repeat their words: the class of a core is memoised (bounded; cleared with the restorer's caches)
classify_cached = lru_cache(maxsize=16384)(classify)

_CHUNK_RE = re.compile(r"\S+")


def tokenize(text: str) -> list[Piece]:
    """All non-space pieces of ``text`` with their char spans; newlines are reported as ``nl`` pieces.

    Each whitespace-separated chunk gives its leading punctuation, its core (classified, see
    :func:`classify`) and its trailing punctuation, in one loop (this runs on every line restored)."""
    out: list[Piece] = []
    append = out.append
    lead, trail = LEAD_PUNCT, TRAIL_PUNCT
    kind_of = classify_cached
    pos = 0
    for line in text.split("\n"):
        for m in _CHUNK_RE.finditer(line):
            chunk = m.group()
            offset = pos + m.start()
            i, j = 0, len(chunk)
            while i < j and chunk[i] in lead:
                i += 1
            while j > i and chunk[j - 1] in trail:
                j -= 1
            if i > 0:
                append(Piece("punct", chunk[:i], offset, offset + i))
            if j > i:
                core = chunk[i:j]
                append(Piece(kind_of(core), core, offset + i, offset + j))
            if j < len(chunk):
                append(Piece("punct", chunk[j:], offset + j, offset + len(chunk)))
        pos += len(line) + 1
        append(Piece("nl", "\n", pos - 1, pos))
    if out:
        out.pop()  # no newline after the last line
    return out


def is_boundary_punct(text: str) -> bool:
    return not BOUNDARY_CHARS.isdisjoint(text)
