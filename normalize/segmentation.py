"""Lost and extra spaces in OCR text: syllables split at a diacritic (``ngu ời``) and glued ones (``Coquan``)."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from .model import UNK
from .restorer import Restorer
from .text import syllable_key
from .tokens import Piece

_VOWEL_START = frozenset("aăâeêioôơuưy")


def _is_fragment(r: Restorer, text: str) -> bool:
    """A piece that is unlikely to be a whole syllable: one letter, or not a lexicon word as it is."""
    key = syllable_key(text)
    return len(key) == 1 or key not in r.m.index or text.lower() not in r.m.ids


def merge_edges(r: Restorer, pieces: list, seq: list[list[tuple[int, float]]], seq_piece: list[int],
                fixed: dict[int, str], norm: str, mode: str,
                glued: AbstractSet[int] = frozenset()) -> dict[int, list[tuple[int, float]]]:
    """Lattice edges for syllables an English OCR model split at a diacritic (``ngu ời``, ``hi éu``).

    Only in OCR-looking text, for two word pieces separated by one space of which at least one is a
    fragment (see :func:`_is_fragment`); the edge's candidates are those of the concatenation (never
    the unknown token) that have the same letters (the split is explained by diacritics alone, not by
    further OCR rewrites), at ``merge_cost`` extra.

    The halves of a token :func:`split_glued` cut in two get an edge too: the token read as one word,
    with all its candidates (keeping it as written included), so the split is only a choice.
    """
    out: dict[int, list[tuple[int, float]]] = {}
    if mode != "ocr":
        return out
    index, vocab = r.m.index, r.m.vocab
    for si in range(len(seq) - 1):
        p1, p2 = seq_piece[si], seq_piece[si + 1]
        if p1 < 0 or p2 < 0 or p1 in fixed or p2 in fixed:
            continue
        a, b = pieces[p1], pieces[p2]
        if p1 in glued:
            out[si] = [(w, c + r.cfg.split_keep_extra if w == UNK else c)
                       for w, c in r.candidates((a.text + b.text).lower(), mode)]
            continue
        if a.kind != "word" or b.kind != "word" or norm[a.end:b.start] != " ":
            continue
        if r.cfg.merge_needs_fragment and not (_is_fragment(r, a.text) or _is_fragment(r, b.text)):
            continue
        if b.text[:1].isupper() and not a.text.isupper():
            continue
        joined = (a.text + b.text).lower()
        # the split must be explained by diacritics alone: same letters as the syllable (no OCR rewrites)
        same_key = index.get(syllable_key(joined))
        if not same_key:
            continue
        cands = []
        for w in same_key[:r.cfg.top_k]:
            c = r._diac_cost(joined, vocab[w], mode)
            if c <= r.cfg.merge_max_channel:
                cands.append((w, c + r.cfg.merge_cost))
        if cands:
            out[si] = cands
    return out


def split_glued(r: Restorer, pieces: list, skip: AbstractSet[int] = frozenset()) -> tuple[list, set[int]]:
    """Cut word pieces that read as two syllables without the space between them ('Coquan', 'Noivu').

    A piece qualifies when it is letters only, not all capitals (abbreviations), at least
    ``split_min_len`` long, neither a lexicon word nor the key of one, and no candidate explains it as one
    (garbled) syllable: the choice is then between keeping it as written and two syllables.  It is cut where both halves
    have at least two letters and the key of a lexicon syllable, the second starting with a consonant (a
    syllable boundary); of several such cuts, the one whose halves' most frequent syllables are most
    frequent.  Returns the new piece list and the indexes of first halves.  The decoder then chooses
    between the halves and the whole token (:func:`merge_edges`).  Pieces starting at an offset in
    ``skip`` are left whole.
    """
    m = r.m
    index, ids, uni = m.index, m.ids, m.uni
    out: list = []
    glued: set[int] = set()
    for p in pieces:
        t = p.text
        low = t.lower()
        if (p.kind != "word" or p.start in skip or len(t) < r.cfg.split_min_len or not t.isalpha() or t.isupper()
                or low in ids
                or syllable_key(low) in index or any(w != UNK for w, _ in r.candidates(low, "ocr"))):
            out.append(p)
            continue
        best, cut = None, 0
        for i in range(2, len(t) - 1):
            ka, kb = syllable_key(low[:i]), syllable_key(low[i:])
            if kb[0] in _VOWEL_START or ka not in index or kb not in index:
                continue
            score = uni[index[ka][0]] + uni[index[kb][0]]
            if best is None or score > best:
                best, cut = score, i
        if best is None:
            out.append(p)
            continue
        glued.add(len(out))
        out.append(Piece("word", t[:cut], p.start, p.start + cut))
        out.append(Piece("word", t[cut:], p.start + cut, p.end))
    return out, glued

