"""Decoding a tokenised document: its candidate lattice, the beam search per sentence, the document cache,
and the restored text with one record per token."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .doccache import cache_pass
from .markers import (
    MARK_CHARS,
    MARK_NOISE,
    ROMAN_START,
    SYMBOL_WORD,
    beside_number,
    channel_fits,
    date_number,
    enumerator,
    fix_code,
    heading_number,
    list_marker,
    place_names,
    plain_in_marked_names,
)
from .model import CODE, COMMA, NUM, SPECIALS, UNK, Model
from .names import name_readings, person_names
from .restorer import Restorer
from .result import Restored, TokenRecord
from .segmentation import merge_edges
from .text import apply_case, case_pattern, syllable_key, to_nfc
from .tokens import is_boundary_punct


@dataclass(slots=True)
class Lattice:
    """A tokenised document as the decoder sees it: one LM stream of candidate lists."""

    seq: list[list[tuple[int, float]]]  # candidates per position
    seq_piece: list[int]  # index into pieces per position, -1 for structural tokens (commas)
    segments: list[tuple[int, int]]  # sentences: [a, b) ranges of positions, decoded independently
    fixed: dict[int, str]  # piece index -> spelling fixed before decoding
    merges: dict[int, list[tuple[int, float]]]  # position -> candidates of it read with the next one
    fixed_conf: dict[int, float]  # piece index -> confidence of a fixed spelling that is a judgement (names)


def sentence_spans(pieces: list) -> list[tuple[int, int]]:
    """[lo, hi) piece ranges of the sentences :func:`build_lattice` cuts the text into (at a blank line and at
    sentence punctuation, the pieces that cut excluded); the same test as its loop."""
    out: list[tuple[int, int]] = []
    lo = 0
    prev_nl = False
    for pi, p in enumerate(pieces):
        kind = p.kind
        if kind == "nl":
            if prev_nl:
                out.append((lo, pi))
                lo = pi + 1
            prev_nl = True
            continue
        prev_nl = False
        if kind == "punct" and is_boundary_punct(p.text):
            out.append((lo, pi))
            lo = pi + 1
    out.append((lo, len(pieces)))
    return out


def build_lattice(model: Model, r: Restorer, norm: str, pieces: list, mode: str, change: float,
                  glued: set[int], *, forced: bool, only: list[tuple[int, int]] | None = None,
                  plain_names: int = 0) -> Lattice:
    """The candidate lattice of the tokenised text.  ``glued``: first halves of tokens cut in two by
    :func:`normalize.segmentation.split_glued`; ``forced``: they are two syllables (else the decoder may keep
    them whole: an edge of the lattice).  ``only``: just these sentences (ascending spans of
    :func:`sentence_spans`), each the same positions as in the whole text's lattice.  ``plain_names``: how far
    native text's plain words show few lost marks (:func:`normalize.mode.plain_names_of`): 1, a plain word in a
    name typed with marks is kept as written; 2, a plain word in title case in a name's place too
    (:func:`normalize.markers.plain_in_marked_names`)."""
    # one LM stream; None marks a sentence boundary
    seq: list[list[tuple[int, float]]] = []
    seq_piece: list[int] = []  # index into pieces, -1 for structural tokens
    segments: list[tuple[int, int]] = []
    seg_start = 0
    fixed: dict[int, str] = {}
    prev_nl = False

    def boundary() -> None:
        nonlocal seg_start
        if len(seq) > seg_start:
            segments.append((seg_start, len(seq)))
        seg_start = len(seq)

    ids = model.ids
    abbreviations = model.abbreviations
    ocr = mode == "ocr"
    codes_kept = mode == "native" and r.cfg.native_codes_as_written
    doubtful: dict[int, float] = {}  # piece index -> confidence of a code or abbreviation kept as read
    if not ocr:
        # the rewrite expansions its candidates read, in one compiled call (OCR text's were made before its
        # glued tokens were split: normalize.restore)
        r.prefetch_rewrites({p.text.lower() for p in pieces if p.kind == "word"}, mode, change)
    # text typed with its marks keeps its communes' spelling (an old commune may share a current one's letters)
    names = place_names(pieces, norm, channel_fits(r, mode) if mode != "native" else None, units=mode != "native",
                        spans=only)
    # personal names: kept as written, or spelt from the name lists on strong evidence (normalize.names)
    plain_names = plain_names if mode == "native" else 0
    people = person_names(pieces, norm, mode, name_readings(r, mode), skip=names, spans=only,
                          keep_plain=plain_names > 0)
    named_plain = plain_in_marked_names(pieces, lone=plain_names > 1) if plain_names else frozenset()
    last_enum = ""
    spans = [(0, len(pieces))] if only is None else only
    done = 0  # pieces before this one were decoded or passed over
    for lo, hi in spans:
        for pj in range(done, lo):
            # a piece outside the spans: only the list letters' state (d) after d) is đ)) carries across
            if mode != "native" and pieces[pj].kind == "word" and len(pieces[pj].text) == 1:
                enum = enumerator(pieces, pj)
                if enum is not None:
                    letter = enum.lower()
                    canon = model.abbreviations.get(pieces[pj].text) or pieces[pj].text
                    if letter == "d" and last_enum == "d":
                        canon = "Đ" if enum.isupper() else "đ"
                    last_enum = "đ" if canon in ("đ", "Đ") else letter
        if only is not None:
            boundary()  # each span is one sentence (see sentence_spans)
            prev_nl = False
        done = hi
        for pi in range(lo, hi):
            p = pieces[pi]
            kind = p.kind
            if kind == "nl":
                if prev_nl:
                    boundary()
                prev_nl = True
                continue
            prev_nl = False
            if kind == "punct":
                if is_boundary_punct(p.text):
                    boundary()
                elif "," in p.text:
                    seq.append([(COMMA, 0.0)])
                    seq_piece.append(-1)
                continue
            if kind == "word":
                person = people.get(pi)
                abbr = abbreviations.get(p.text)
                if codes_kept and person is None and abbr is not None and abbr != p.text:
                    # an abbreviation written otherwise than the corpus writes it ('DU' of 'DU LỊCH'; 'HDND'):
                    # text typed with its marks, or read by the vie model, has a Đ where it wrote one, so the
                    # letters stay as read; vie's D-for-Đ misread is possible: a low confidence says to look
                    abbr = p.text
                    doubtful[pi] = r.cfg.guess_conf
                canon = (abbr or names.get(pi)) if person is None else person.text
                one = len(p.text) == 1
                enum = enumerator(pieces, pi) if one else None  # (a list letter is one letter)
                if canon is None and one and (enum is not None or list_marker(pieces, pi, close_only=True)):
                    canon = p.text  # list item letter 'b)' / '(c)' / 'd.' at a line start: never a syllable
                if canon is None and p.text[0] in ROMAN_START and heading_number(pieces, pi):
                    canon = p.text  # 'III.', or OCR's 'Il.' / 'I1.' for II.: numbering, left as written
                if (canon is None and mode == "native" and len(p.text) >= 2 and p.text.isupper()
                        and p.text.lower() not in ids and syllable_key(p.text) not in model.index):
                    canon = p.text  # capitals spelling no syllable in real Vietnamese text: an abbreviation (TT, LGSP)
                if enum is not None and mode != "native":
                    # list item letters run a) b) c) d) đ) e) ...: a 'd)' right after a 'd)' item is 'đ)'
                    letter = enum.lower()
                    if letter == "d" and last_enum == "d":
                        canon = "Đ" if enum.isupper() else "đ"
                    last_enum = "đ" if canon in ("đ", "Đ") else letter
                if canon is None and ocr and ((len(p.text) <= 3 and date_number(pieces, pi))
                                                        or (p.text in ("l", "I") and beside_number(pieces, pi))):
                    # 'ngay O6 thing 6', 'ngay A4 thang 9': an OCR'd day or month; 'l 0,792': the digit 1 in a row
                    # of figures.  Not syllables: kept as written (the extractors read OCR digits), a number to the LM
                    fixed[pi] = p.text
                    seq.append([(NUM, 0.0)])
                elif canon is not None:
                    fixed[pi] = canon
                    seq.append([(ids.get(canon.lower(), UNK) if person is None or person.known else UNK, 0.0)])
                else:
                    low = p.text.lower()
                    if mode != "native" and not MARK_CHARS.isdisjoint(low) and MARK_NOISE.search(low):
                        # tone marks / horns read as quotes or braces inside a word ('thu'c', 'quy{n')
                        clean = MARK_NOISE.sub("", low)
                        cands = [(w, c + r.cfg.mark_noise_cost) for w, c in r.candidates(clean, mode, change)] if clean else []
                        if not any(w == UNK for w, _ in cands):
                            cands.append((UNK, r.cfg.keep_raw_ocr))
                        seq.append(cands)
                    else:
                        cands = r.candidates(low, mode, change)
                        if mode == "native" and r.vie and not low.isascii() and not p.text.islower() and (
                                (len(p.text) >= 2 and p.text.isupper()) or (pi > 0 and pieces[pi - 1].kind == "word")):
                            # a name ('xã Thạnh Phú', 'XÃ THẠNH PHÚ'): the LM knows names least, and the vie channel
                            # would read 'Phú' as 'Phủ' (chính phủ); capitals in headings likewise. A capitalised
                            # word after a number or at a line start ('37. Tới thiểu') keeps the alternatives
                            # none free ('Ñ', a letter no syllable spells): kept as written, never an empty
                            # position (the decoder's posteriors would divide by zero)
                            cands = [(w, c) for w, c in cands if c == 0.0] or [(UNK, 0.0)]
                        elif pi in named_plain:
                            # a plain word of a name typed with marks ('phường Ba Đình', 'Chư Yang Sin'): the law-trained
                            # LM knows names least and would mark it ('Bà Đình', 'Chư Yang Sản'); kept as written
                            cands = [(ids.get(low, UNK), 0.0)]
                        seq.append(cands)
                seq_piece.append(pi)
            elif kind == "num":
                cands = [(NUM, 0.0)]
                # a number next to a figure is one of a row of figures ('| 1 0,8219 |'), not a syllable
                as_word = mode == "ocr" and not beside_number(pieces, pi)
                alt = r.cfg.number_as_word.get(p.text)
                if alt is not None and as_word and alt in ids:
                    cands.append((ids[alt], r.cfg.number_as_word_cost))
                if as_word and len(p.text) <= 2 and p.text.isdigit():
                    # short numbers an English OCR model reads for a syllable ('6' for 'ở'), learned token map
                    have = {w for w, _ in cands}
                    for w, c in model.channel.token_map.get(p.text, ()):
                        wid = ids.get(w)
                        if wid is None or wid in have or (len(w) == 1 and w not in r.cfg.number_as_letter_ok):
                            continue
                        cands.append((wid, max(c, 0.0) + r.cfg.number_token_extra))
                        have.add(wid)
                seq.append(cands)
                seq_piece.append(pi)
            elif kind == "code":
                canon = fix_code(p.text, model, r.dd_abbreviations)
                if codes_kept and canon != p.text and canon.replace("Đ", "D") != p.text:
                    # a document code of marked text ('NP' giấy nghỉ phép, not NĐ): kept as written, never made
                    # another code, with a low confidence that says to look. Only the D-for-Đ mend stays ('QD' is
                    # no Decree 30 code, 'QĐ' is): the codes spelt with a plain D (HD hướng dẫn, DA dự án) are
                    # already kept by the abbreviation table
                    doubtful[pi] = r.cfg.guess_conf
                    canon = p.text
                fixed[pi] = canon
                seq.append([(CODE, 0.0)])
                seq_piece.append(pi)
            elif kind == "other" and mode == "ocr" and SYMBOL_WORD.match(p.text):
                # digits and letter-like symbols only ('1€' for 'lệ', '¢6' for 'có'): an OCR'd syllable the
                # tokenizer could not call a word; its candidates come from the learned channel, as for 'x&'
                cands = list(r.candidates(p.text.lower(), mode))
                if not any(w == UNK for w, _ in cands):
                    cands.append((UNK, r.cfg.keep_raw_ocr))
                seq.append(cands)
                seq_piece.append(pi)
            else:
                seq.append([(UNK, 0.0)])
                seq_piece.append(pi)
    boundary()

    if glued:
        halves = glued | {g + 1 for g in glued}
        for si, pi in enumerate(seq_piece):
            if pi in halves:
                # each half is read by its diacritics alone (as a merge is): the lost space is the one OCR
                # error assumed; reading it costs r.cfg.split_cost, the whole-token reading is an edge
                key = syllable_key(pieces[pi].text)
                same = [(w, c) for w, c in seq[si] if w >= len(SPECIALS) and r.keys[w] == key] or seq[si]
                seq[si] = [(w, c + r.cfg.split_cost) for w, c in same] if pi in glued else same  # type: ignore[operator]
    merges = merge_edges(r, pieces, seq, seq_piece, fixed, norm, mode, set() if forced else glued)
    return Lattice(seq, seq_piece, segments, fixed, merges,
                   {**doubtful, **{pi: t.confidence for pi, t in people.items()}})


def _plain_place(pieces: list, pi: int) -> tuple[str, bool] | None:
    """(a plain-letter word token, whether it stands in a name's place: a capital after a word of the sentence,
    or two or more capitals), or None for any other position (``pi`` -1: a comma)."""
    if pi < 0:
        return None
    p = pieces[pi]
    text = p.text
    if p.kind != "word" or not text.isascii() or not text.isalpha():
        return None
    name = not text.islower() and ((len(text) >= 2 and text.isupper()) or (pi > 0 and pieces[pi - 1].kind == "word"))
    return text, name


def kept_whole(model: Model, r: Restorer, norm: str, pieces: list, mode: str, change: float,
               glued: set[int]) -> set[int]:
    """Start offsets of the glued tokens the decoder reads as one word rather than as their two halves.

    Only the sentences that hold a glued token are built and decoded (each sentence is decoded on its own, and
    the choice is the lattice path's), so this costs a fraction of a decode of the document."""
    kept: set[int] = set()
    spans = sentence_spans(pieces)
    starts = [lo for lo, _ in spans]
    # a glued token's halves are adjacent words: one sentence holds both
    only = [spans[k] for k in sorted({bisect_right(starts, g) - 1 for g in glued})]
    lat = build_lattice(model, r, norm, pieces, mode, change, glued, forced=False, only=only)
    seq, seq_piece, merges = lat.seq, lat.seq_piece, lat.merges
    for a, b in lat.segments:
        sub_merges = {si - a: merges[si] for si in range(a, b - 1) if si in merges}
        if not any(seq_piece[a + i] in glued for i in sub_merges):
            continue
        for i, _ci, span in r.decode_lattice(seq[a:b], sub_merges):
            if span == 2 and seq_piece[a + i] in glued:
                kept.add(pieces[seq_piece[a + i]].start)
    return kept


def decode(model: Model, r: Restorer, norm: str, encoding: str, pieces: list, mode: str, change: float,
           glued: set[int], *, forced: bool, marked: float = 0.0, plain_clean: bool = False,
           plain_names: int = 0) -> Restored:
    """Decode the tokenised text (see :func:`normalize.restore.restore_text`; ``glued``, ``forced``: see
    :func:`build_lattice`; ``marked``: native text's extra cost of reading a marked lexicon word with other
    marks, :func:`normalize.mode.marked_change_extra`; ``plain_clean``: native text whose plain-letter words
    show no lost marks, :meth:`normalize.restorer.Restorer.plain_kept`; ``plain_names``: see
    :func:`build_lattice`)."""
    lat = build_lattice(model, r, norm, pieces, mode, change, glued, forced=forced, plain_names=plain_names)
    if marked > 0.0 and mode == "native":
        lat.seq = r.marked_dearer(lat.seq, marked)
    if plain_clean and mode == "native":
        lat.seq = r.plain_kept(lat.seq, [_plain_place(pieces, pi) for pi in lat.seq_piece], change)
    seq, seq_piece, segments, fixed, merges = lat.seq, lat.seq_piece, lat.segments, lat.fixed, lat.merges
    choice: list[int] = [0] * len(seq)
    conf: list[float] = [1.0] * len(seq)
    merged: dict[int, tuple[int, float]] = {}  # position -> (merged word, confidence); position+1 is absorbed
    plain: list[tuple[int, int]] = []  # sentences without lattice edges: decoded together in one call
    merge_at = sorted(merges)
    for a, b in segments:
        # the sentence's lattice edges (an edge from its last position would leave it)
        at = merge_at[bisect_left(merge_at, a):bisect_left(merge_at, b - 1)] if merge_at else ()
        if not at:
            if any(len(c) > 1 for c in seq[a:b]):
                plain.append((a, b))
            continue
        sub = seq[a:b]
        sub_merges = {si - a: merges[si] for si in at}
        path = r.decode_lattice(sub, sub_merges)
        if any(span == 2 for _, _, span in path):
            lin = [sub_merges[i] if span == 2 else sub[i] for i, _, span in path]
            lin_ch = [ci for _, ci, _ in path]
            lin_post = r.posteriors(lin, lin_ch)
            for (i, ci, span), lp in zip(path, lin_post, strict=True):
                if span == 2:
                    merged[a + i] = (sub_merges[i][ci][0], min(lp, r.cfg.merge_max_conf))
                    choice[a + i] = choice[a + i + 1] = 0
                else:
                    choice[a + i] = ci
                    conf[a + i] = lp
            continue
        ch = [ci for _, ci, _ in path]
        post = r.posteriors(sub, ch)
        choice[a:b] = ch
        conf[a:b] = post
    for (a, b), (ch, post) in zip(plain, r.decode_many([seq[a:b] for a, b in plain]), strict=True):
        choice[a:b] = ch
        conf[a:b] = post
    if mode != "native" and r.cfg.cache_weight > 0:
        # the sentences holding a merged syllable keep their lattice path (segments are ascending and disjoint)
        if merged:
            starts = [a for a, _ in segments]
            skip = {segments[k][0] for k in {bisect_right(starts, si) - 1 for si in merged}}
            segments = [sg for sg in segments if sg[0] not in skip]

        def caps() -> list[int]:
            # made only when the pass counts anything (a short line usually repeats no key: it returns first)
            out = [0] * len(seq)
            for si, pi in enumerate(seq_piece):
                if pi > 0:
                    p = pieces[pi]
                    if p.kind == "word" and p.text[:1].isupper():
                        out[si] = 2 if pieces[pi - 1].kind in ("word", "num", "code") else 1
            return out

        cache_pass(r, seq, segments, choice, conf, caps)

    records: list[TokenRecord] = []
    out_parts: list[str] = []
    add_record, add_part = records.append, out_parts.append
    last = 0
    vocab, keys = model.vocab, r.keys
    cfg = r.cfg
    keep_raw_conf, guess_cost, guess_conf, merge_max_conf = (cfg.keep_raw_conf, cfg.guess_cost, cfg.guess_conf,
                                                              cfg.merge_max_conf)
    native = mode == "native"
    absorbed = {si + 1 for si in merged}
    for si, pi in enumerate(seq_piece):
        if pi < 0 or si in absorbed:
            continue
        p = pieces[pi]
        if si in merged:
            # a syllable the OCR split in two ('ngu ời'): one record spanning both raw pieces and the space
            wid, c = merged[si]
            p2 = pieces[seq_piece[si + 1]]
            raw = norm[p.start:p2.end]
            if wid == UNK:  # a glued token read as one word it does not explain: kept as written
                new, c = raw, min(c, keep_raw_conf)
            else:
                new = apply_case(vocab[wid], case_pattern(p.text))
            add_record(TokenRecord(raw, new, round(float(c), 4), p.start, p2.end, "word"))
            add_part(norm[last:p.start])
            add_part(new)
            last = p2.end
            continue
        cands = seq[si]
        wid, _cost = cands[choice[si]]
        c = conf[si]
        text, kind = p.text, p.kind
        if pi in fixed:
            new = fixed[pi]
            c = lat.fixed_conf.get(pi, c)
        elif kind == "word":
            if wid == UNK:
                new = text
                c = min(c, keep_raw_conf) if len(cands) > 1 or not native else min(c, 0.5)
            else:
                w = vocab[wid]
                new = text if w == text.lower() else apply_case(w, case_pattern(text))
                if native and len(cands) == 1:
                    c = 0.99
                elif _cost >= guess_cost or (len(text) == 1 and text.lower() not in keys[wid]):
                    # the channel barely explains it, or a lone letter became another one ('b' -> 'ở'):
                    # a guess from the context
                    c = min(c, guess_conf)
        elif (kind == "num" or kind == "other") and wid != NUM and wid != UNK:
            new = vocab[wid]
            if kind == "other" and _cost >= guess_cost:
                c = min(c, guess_conf)
        else:
            new = text
        sep = ""
        if glued and (pi in glued or pi - 1 in glued):
            # a half of a token read as two syllables: the lost space comes back after the first
            c = min(c, merge_max_conf)
            sep = " " if pi in glued else ""
        add_record(TokenRecord(text, new, round(float(c), 4), p.start, p.end, kind))
        if new != text or sep:
            add_part(norm[last:p.start])
            add_part(new + sep)
            last = p.end
    out_parts.append(norm[last:])
    out = to_nfc("".join(out_parts))
    syl = [t.confidence for t in records if t.kind == "word"]
    mean = sum(syl) / len(syl) if syl else 1.0
    return Restored(text=out, tokens=records, confidence=mean, encoding=encoding)
