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
from collections.abc import Iterator
from dataclasses import dataclass

LEAD_PUNCT = "([{\"'“‘«*•·–—-|"
TRAIL_PUNCT = ".,;:!?)]}\"'”’»…*|"
BOUNDARY_CHARS = set(".;:!?()[]{}…\"“”")

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


def _split_chunk(chunk: str, offset: int) -> Iterator[Piece]:
    i, j = 0, len(chunk)
    while i < j and chunk[i] in LEAD_PUNCT:
        i += 1
    while j > i and chunk[j - 1] in TRAIL_PUNCT:
        j -= 1
    # keep a trailing '.' on abbreviations like "TP." / "Tp." short? no: treat as punctuation.
    if i > 0:
        yield Piece("punct", chunk[:i], offset, offset + i)
    if j > i:
        core = chunk[i:j]
        yield Piece(classify(core), core, offset + i, offset + j)
    if j < len(chunk):
        yield Piece("punct", chunk[j:], offset + j, offset + len(chunk))


_CHUNK_RE = re.compile(r"\S+")


def tokenize(text: str) -> list[Piece]:
    """All non-space pieces of ``text`` with their char spans; newlines are reported as ``nl`` pieces."""
    out: list[Piece] = []
    pos = 0
    for line in text.split("\n"):
        for m in _CHUNK_RE.finditer(line):
            out.extend(_split_chunk(m.group(), pos + m.start()))
        pos += len(line) + 1
        out.append(Piece("nl", "\n", pos - 1, pos))
    if out:
        out.pop()  # no newline after the last line
    return out


def is_boundary_punct(text: str) -> bool:
    return any(ch in BOUNDARY_CHARS for ch in text)
