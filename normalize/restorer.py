"""One loaded model with one config: candidate generation plus the decoders, cached per process."""

from __future__ import annotations

from operator import itemgetter

from . import beam
from .candidates import CandidateGenerator
from .config import DEFAULT_CONFIG, RestoreConfig
from .model import BOS, EOS, SPECIALS, UNK, Model


class Restorer(CandidateGenerator):
    """Candidates (:class:`normalize.candidates.CandidateGenerator`) and decoding for one model and config."""

    def __init__(self, model: Model, config: RestoreConfig = DEFAULT_CONFIG) -> None:
        super().__init__(model, config)
        # the LM as flat arrays for the compiled decoder (normalize.beam), shared by every config
        self.lm = beam.lm_arrays(model)

    # -------------------------------------------------------------- native text's channel
    def marked_dearer(self, seq: list[list[tuple[int, float]]], extra: float) -> list[list[tuple[int, float]]]:
        """``seq`` with ``extra`` nats on every other reading of a marked word (native text: the word, or a
        well-formed syllable the lexicon lacks, kept at cost 0 and its vie-channel alternatives after it; see
        :meth:`candidates`), the other lists as they are.  The document says how likely its marked words are misread (:func:`normalize.mode.marked_change_extra`);
        the vie channel's own costs say which misreading, learned on renders noisier than most pages."""
        vocab, specials = self.m.vocab, len(SPECIALS)
        done: dict[int, list[tuple[int, float]]] = {}  # a memoised list recurs for every use of its word
        out = []
        for cands in seq:
            if len(cands) > 1:
                got = done.get(id(cands))
                if got is None:
                    w0, c0 = cands[0]
                    got = cands
                    # a marked word kept at no cost, or a well-formed marked syllable the lexicon lacks (UNK)
                    if c0 == 0.0 and (w0 == UNK or (w0 >= specials and not vocab[w0].isascii())):
                        got = [cands[0]] + [(w, c + extra) for w, c in cands[1:]]
                    done[id(cands)] = got
                cands = got
            out.append(cands)
        return out

    def plain_kept(self, seq: list[list[tuple[int, float]]], raws: list[tuple[str, bool] | None],
                   change: float) -> list[list[tuple[int, float]]]:
        """Native text whose plain-letter words show no lost marks (:func:`normalize.mode.native_change_cost` at
        least ``clean_plain_min_change``): ``seq`` with each plain-letter token's readings re-costed.  ``raws``: per
        position the raw token and whether it stands in a name's place (a capital after a word, a word in
        capitals), None for other positions.

        In a name's place only the token as written is left ('Sa Pa', 'Y Tý': the law-trained LM knows places
        least, and OCR's P-for-Đ rewrite read 'Pa' as 'Đá').  Elsewhere a reading by an OCR rewrite or the token
        map (another key) costs at least the document's change cost, like a lost mark (the candidates' flat 2
        nats for rewrites in native text, normalize.candidates, assume nothing of the document), and keeping a
        token the lexicon lacks costs nothing."""
        ids, keys, specials = self.m.ids, self.keys, len(SPECIALS)
        rise = max(0.0, change - 2.0)
        done: dict[tuple[int, bool], list[tuple[int, float]]] = {}  # a memoised list recurs for every use of its word
        out = []
        for cands, raw in zip(seq, raws, strict=True):
            if raw is not None and len(cands) > 1:
                text, name = raw
                got = done.get((id(cands), name))
                if got is None:
                    low = text.lower()
                    own = ids.get(low, UNK)
                    if name:
                        got = [(w, c) for w, c in cands if w in (own, UNK)] or [(UNK, 0.0)]
                    else:
                        # a plain word is its own key: same-key readings already pay the change cost; keeping a
                        # token the lexicon lacks costs nothing (its ``keep_raw_same_key`` assumes its marks were
                        # lost, which this document's plain words say they are not: 'phu nhân', 'sơ mi')
                        got = [(w, c + rise if w >= specials and w != own and keys[w] != low else
                                0.0 if w == UNK else c) for w, c in cands]
                    done[(id(cands), name)] = got
                cands = got
            out.append(cands)
        return out

    # -------------------------------------------------------------- decoding
    def decode_with_posteriors(self, seq: list[list[tuple[int, float]]]) -> tuple[list[int], list[float]]:
        """Best candidate index per position (beam Viterbi over trigram states, :func:`normalize.beam.viterbi`)
        and :meth:`posteriors` of that choice, in one call."""
        return beam.decode_with_posteriors(self.lm, seq, self.cfg.beam, self.cfg.beam_gap)

    def decode_many(self, seqs: list[list[list[tuple[int, float]]]]) -> list[tuple[list[int], list[float]]]:
        """:meth:`decode_with_posteriors` of independent sentences, in one compiled call."""
        return beam.decode_many(self.lm, seqs, self.cfg.beam, self.cfg.beam_gap)

    def decode_lattice(self, seq: list[list[tuple[int, float]]],
                       merges: dict[int, list[tuple[int, float]]]) -> list[tuple[int, int, int]]:
        """Beam Viterbi over a lattice: position ``i`` may also be read together with ``i+1`` as one
        syllable (``merges[i]``: candidates of the concatenation).  Returns the best path as
        ``(position, candidate index, span)`` with span 1 or 2 (compiled: :func:`normalize.beam.lattice_viterbi`)."""
        path = beam.decode_lattice(self.lm, seq, merges, self.cfg.beam, self.cfg.beam_gap)
        return path if path is not None else self.decode_lattice_reference(seq, merges)

    def decode_lattice_reference(self, seq: list[list[tuple[int, float]]],
                                 merges: dict[int, list[tuple[int, float]]]) -> list[tuple[int, int, int]]:
        """:meth:`decode_lattice` in plain Python over the model's own :meth:`normalize.model.Model.logp`: the
        reference the compiled kernel is tested against (and what runs when no path reaches the end: it
        raises as before)."""
        m = self.m
        lp = m.logp
        n = len(seq)
        # hyps at position j: state (b, c) -> (score, b, c, back); back = (pos, ci, span, back)
        at: list[dict[tuple[int, int], tuple]] = [dict() for _ in range(n + 1)]
        at[0][(BOS, BOS)] = (0.0, BOS, BOS, None)

        def push(j: int, s: float, b: int, c: int, back: tuple) -> None:
            cur = at[j].get((b, c))
            if cur is None or cur[0] < s:
                at[j][(b, c)] = (s, b, c, back)

        for i in range(n):
            hyps = sorted(at[i].values(), key=_score, reverse=True)[:self.cfg.beam]
            if not hyps:
                continue
            cut = hyps[0][0] - self.cfg.beam_gap
            hyps = [h for h in hyps if h[0] >= cut]
            at[i] = {}
            for span, cands in ((1, seq[i]), (2, merges.get(i))):
                if cands is None or i + span > n:
                    continue
                for sc, a, b, back in hyps:
                    for ci, (c, cost) in enumerate(cands):
                        push(i + span, sc + lp(a, b, c) - cost, b, c, (i, ci, span, back))
        best = max(at[n].values(), key=lambda h: h[0] + m.logp(h[1], h[2], EOS))
        out: list[tuple[int, int, int]] = []
        back = best[3]
        while back is not None:
            out.append((back[0], back[1], back[2]))
            back = back[3]
        out.reverse()
        return out

    def posteriors(self, seq: list[list[tuple[int, float]]], choice: list[int]) -> list[float]:
        """P(chosen | neighbours on the best path) at each position (:func:`normalize.beam.posteriors`)."""
        return beam.choice_posteriors(self.lm, seq, choice)

_score = itemgetter(0)  # hypothesis score (C-level key function for decode_lattice's sorts)


_RESTORERS: dict[tuple[int, RestoreConfig], Restorer] = {}
_LAST: list[Restorer | None] = [None]  # the restorer returned last: hashing a config costs ~10 us a call


def get_restorer(model: Model, config: RestoreConfig = DEFAULT_CONFIG) -> Restorer:
    """The process's restorer for ``model`` and ``config`` (built once: its candidate lists are memoised)."""
    last = _LAST[0]
    if last is not None and last.m is model and last.cfg is config:
        return last  # the usual call: the same model and config objects as the previous one (no hashing)
    key = (id(model), config)
    r = _RESTORERS.get(key)
    if r is None or r.m is not model:
        if any(k[0] != id(model) or v.m is not model for k, v in _RESTORERS.items()) or len(_RESTORERS) >= 4:
            _RESTORERS.clear()  # another model (or many configs): keep memory bounded
        r = _RESTORERS[key] = Restorer(model, config)
    _LAST[0] = r
    return r
