"""Diacritics / OCR restoration: noisy channel + syllable trigram LM + beam Viterbi.

For each raw word token the candidates are lexicon syllables with the same
diacritics-free key (``cua`` → của, cua, cùa …), syllables reachable by OCR
rewrite rules (``ctia`` → ``cua`` → của) and whole-token OCR confusions
(``x4`` → xã).  Each candidate has a channel cost ``-log P(raw | candidate)``;
a beam search over each sentence adds the LM log-probabilities.  Token
confidence is the posterior of the chosen candidate given its neighbours on the
best path.  Tokens nothing explains are kept as they are, with low confidence.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator

from .config import DEFAULT_CONFIG, RestoreConfig
from .decode import decode, kept_whole
from .mode import (
    WordStats,
    change_cost_of,
    detect_mode,
    legacy_convert,
    marked_extra_of,
    mode_of,
    native_change_cost,
    plain_clean_of,
    plain_names_of,
)
from .model import Model, get_model
from .restorer import get_restorer
from .result import Restored, TokenRecord
from .segmentation import split_glued
from .tokens import Piece, tokenize

__all__ = ["RestoreConfig", "DEFAULT_CONFIG", "Restored", "TokenRecord", "restore_text", "detect_mode",
           "native_change_cost"]

log = logging.getLogger(__name__)


def _rejoin(split: list[Piece], glued: set[int], kept: set[int]) -> tuple[list[Piece], set[int]]:
    """The pieces of :func:`normalize.segmentation.split_glued` with the glued tokens starting at an offset in
    ``kept`` whole again (as ``split_glued(r, pieces, skip=kept)`` returns them: it decides each piece alone)."""
    out: list[Piece] = []
    new_glued: set[int] = set()
    i = 0
    while i < len(split):
        p = split[i]
        if i in glued:
            q = split[i + 1]
            if p.start in kept:
                out.append(Piece(p.kind, p.text + q.text, p.start, q.end))
            else:
                new_glued.add(len(out))
                out += (p, q)
            i += 2
            continue
        out.append(p)
        i += 1
    return out, new_glued


def restore_text(text: str, *, model: Model | None = None, config: RestoreConfig = DEFAULT_CONFIG,
                 ocr: bool = False) -> Restored:
    """Restore Vietnamese diacritics and fix OCR confusions, line by line.

    The output has exactly as many lines as the input (line *i* repairs line *i*);
    whitespace and punctuation are kept, but for OCR text's lost and extra spaces inside words (a syllable
    split at a diacritic, ``ngu ời``, is joined; two glued syllables, ``Coquan``, are parted: see
    :func:`normalize.segmentation.merge_edges`, :func:`normalize.segmentation.split_glued`).  Token spans refer to ``to_nfc(text)``
    (identical to ``text`` when the input is already NFC with traditional tone placement).

    Legacy 8-bit text that arrives as Unicode mojibake (TCVN3 ``Céng hßa``, VNI ``Coäng hoøa``) is
    converted first (:func:`normalize.legacy.detect_and_convert`); then spans refer to the converted
    text and ``Restored.encoding`` names the legacy encoding.

    ``config``: the tuned values (:class:`normalize.config.RestoreConfig`); the default is the tuned one.

    ``ocr``: the caller knows the text is OCR output (a page it rasterised and OCR'd). Then the text's own
    evidence that its marks are clean (:func:`normalize.mode.marked_change_extra`) is not asked for: one page
    of Tesseract ``vie`` output can show no misread-looking form and still hold mark confusions.
    """
    if not text or (text.isascii() and text.isspace()):
        return Restored(text=text)  # nothing to restore (blank lines are common when restoring line by line)
    if not gc.isenabled():
        return _restore(text, model, config, ocr)
    # the cyclic garbage collector off for one restore: a restore allocates ~10 objects per token that live
    # until it returns (pieces, candidate lists, records) and makes no cycles, so collections during it find
    # nothing but cost ~15% of its time walking them and the model's tables.  Left as it was found (inline:
    # a context manager costs ~2 us a call, and a line takes ~100 us)
    gc.disable()
    try:
        return _restore(text, model, config, ocr)
    finally:
        gc.enable()


def _restore(text: str, model: Model | None, config: RestoreConfig, ocr: bool = False) -> Restored:
    model = model or get_model()
    norm, encoding = legacy_convert(text)
    if len(norm) > config.stream_chars:
        return _restore_parts(model, norm, encoding, config, ocr)
    pieces = tokenize(norm)
    word_texts = [p.text for p in pieces if p.kind == "word"]
    mode = detect_mode(word_texts, config)
    change, marked, clean, names_plain = config.native_change_cost, 0.0, False, 0
    if mode == "native" and ocr:
        # a page the pipeline OCR'd: its words' own evidence of clean text is not asked for (see restore_text),
        # but for names its plain words' (vie keeps a word's letters and seldom loses all its marks)
        change = native_change_cost(word_texts, config)
        names_plain = plain_names_of(WordStats.of_plain(word_texts, model.ids, model.index), config)
    elif mode == "native":
        # the lexicon bounds the plain words' loss; marked words' misreads; a page clean by both has its plain
        # words read as another word at the full cost, as a clean share of them would (normalize.mode)
        st = WordStats.of_native(word_texts, model.ids, model.index)
        change, marked = change_cost_of(st, config, bounded=True), marked_extra_of(st, config)
        clean = plain_clean_of(st, config) and marked > 0.0
        names_plain = plain_names_of(st, config)
        if clean:
            change = max(change, config.native_change_cost)
    return _restore_pieces(model, config, norm, encoding, pieces, mode, change, marked, clean, names_plain)


def _parts(norm: str, size: int) -> Iterator[tuple[int, int]]:
    """[a, b) spans of ``norm`` of at most ``size`` characters (unless one line is longer), cut at a blank
    line, else at a line end; the newline at each cut belongs to neither part."""
    a, n = 0, len(norm)
    while n - a > size:
        cut = norm.rfind("\n\n", a, a + size)
        if cut <= a:
            cut = norm.rfind("\n", a, a + size)
        if cut <= a:
            cut = norm.find("\n", a + size)  # one line longer than a part: it stays whole
            if cut < 0:
                break
        yield a, cut
        a = cut + 1
    yield a, n


def _restore_parts(model: Model, norm: str, encoding: str, config: RestoreConfig, ocr: bool = False) -> Restored:
    """A long text restored part after part (``config.stream_chars``): the same lines, spans in ``norm``."""
    spans = list(_parts(norm, config.stream_part_chars))
    stats = WordStats()
    for a, b in spans:  # the whole text's mode, from counts (the parts' pieces are not kept)
        stats += WordStats.of([p.text for p in tokenize(norm[a:b]) if p.kind == "word"], model.ids, model.index)
    mode = mode_of(stats, config)
    change = change_cost_of(stats, config, bounded=not ocr) if mode == "native" else config.native_change_cost
    marked = marked_extra_of(stats, config) if mode == "native" and not ocr else 0.0
    clean = mode == "native" and not ocr and plain_clean_of(stats, config) and marked > 0.0
    names_plain = plain_names_of(stats, config) if mode == "native" else 0
    if clean:
        change = max(change, config.native_change_cost)
    log.debug("restore: %d chars in %d parts, mode=%s", len(norm), len(spans), mode)
    texts: list[str] = []
    tokens: list[TokenRecord] = []
    for a, b in spans:
        part = norm[a:b]
        res = _restore_pieces(model, config, part, encoding, tokenize(part), mode, change, marked, clean,
                              names_plain)
        texts.append(res.text)
        for t in res.tokens:
            t.start += a
            t.end += a
        tokens += res.tokens
    syl = [t.confidence for t in tokens if t.kind == "word"]
    return Restored(text="\n".join(texts), tokens=tokens, confidence=sum(syl) / len(syl) if syl else 1.0,
                    encoding=encoding)


def _restore_pieces(model: Model, config: RestoreConfig, norm: str, encoding: str, pieces: list[Piece], mode: str,
                    change: float, marked: float = 0.0, clean: bool = False, names_plain: int = 0) -> Restored:
    """``clean``: native text whose plain-letter words show no lost marks and whose marked words no misreads (a
    .txt, Word or text-layer page; Tesseract vie text shows some of both): its plain words are read as another
    word at the full change cost, names in plain letters kept, rewrites dearer, unknown plain tokens kept
    (:meth:`normalize.restorer.Restorer.plain_kept`).  ``names_plain``: how far native text's plain words show
    few lost marks (:func:`normalize.mode.plain_names_of`): plain words in names are kept as written."""
    r = get_restorer(model, config)
    log.debug("restore: %d pieces, mode=%s", len(pieces), mode)
    if mode == "ocr":
        # every OCR word's candidates read its rewrite expansion: all of them in one compiled call
        r.prefetch_rewrites({t.lower() for t in {p.text for p in pieces if p.kind == "word"}})
    if mode == "ocr" and r.cfg.split_cost is not None:
        split, glued = split_glued(r, pieces)
        if glued:
            # the decoder chooses per glued token between its halves and keeping it whole (a lattice decode
            # of the sentences that hold one); the tokens it split are then split for good, the others left
            # whole, and the text decoded once (so the document cache also runs on those sentences)
            kept = kept_whole(model, r, norm, split, mode, change, glued)
            if kept:
                # split_glued(r, pieces, skip=kept), without deciding every piece again: the kept tokens whole
                split, glued = _rejoin(split, glued, kept)
            if glued:
                return decode(model, r, norm, encoding, split, mode, change, glued, forced=True)
    return decode(model, r, norm, encoding, pieces, mode, change, set(), forced=False, marked=marked,
                  plain_clean=clean and mode == "native", plain_names=names_plain if mode == "native" else 0)
