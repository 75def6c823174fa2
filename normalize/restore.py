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

import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter

from . import beam
from .beam import LMArrays
from .gazetteer import match_names
from .model import BOS, CODE, COMMA, EOS, NUM, SPECIALS, UNK, Model, get_model
from .text import (
    VI_SPECIFIC,
    apply_case,
    case_pattern,
    is_vietnamese_syllable,
    strip_diacritics,
    strip_tone,
    syllable_key,
    to_nfc,
    tone_of,
)
from .tokens import Piece, is_boundary_punct, tokenize

log = logging.getLogger(__name__)

BEAM = 10
BEAM_GAP = 12.0  # hypotheses this far (nats) behind the best are dropped
TOP_K = 10
TOP_K_OCR = 16  # OCR-eng tokens: more rewrite candidates are plausible
COST_GAP = 6.0  # candidates whose channel cost is this much above the cheapest are dropped
MAX_RULE_COST = 7.0
STRIPPED_RULE_EXTRA = 3.0  # text without any diacritics: OCR rewrites are much less likely
NATIVE_CHANGE_COST = 7.0
CLEAN_ASCII_SHARE = 0.15  # plain-letter share of words in clean Vietnamese (corpus: 12.5%; a margin above)
ASCII_PRIOR_WORDS = 50
NATIVE_TONE_COST: float | None = 10.0  # native text, model without a vie channel: another tone mark, fixed cost
# native text (Tesseract vie OCR): other marks on the same letters at the learned vie channel's cost
VIE_CHANNEL = True
VIE_WEIGHT = 1.0
VIE_EXTRA = 2.0  # nats on every change: the renders are noisier than most real pages
VIE_MAX_COST = 12.0  # readings the vie channel explains worse than this are not offered
VIE_UNSEEN_COST = 9.0  # a tone / letter the channel has no table for
# A short number OCR made of 'là' in a figure-free context ('13', '14', '1a'), and its cost.
NUMBER_AS_WORD = {"13": "là", "14": "là", "1a": "là"}
NUMBER_AS_WORD_COST = 3.5
NUMBER_TOKEN_EXTRA = 3.0  # short OCR numbers as syllables from the learned token map ('6' -> 'ở'): extra cost
NUMBER_AS_LETTER_OK = frozenset({"ở", "ô", "ồ", "ổ", "ơ", "ờ"})  # one-letter syllables a digit may stand for
DD_MISMATCH = 2.5  # P/B read for Đ: candidates with a plain 'd' cost this much more
KEEP_RAW_CONF = 0.1
CACHE_WEIGHT = 0.5  # document cache (second pass): weight of log share among the document's confident choices
CACHE_CONF = 0.9
CACHE_MIN = 3
CACHE_WINDOW = 2
CACHE_CTX_MIN = 2  # confident choices of a key next to the same neighbouring key that make a context count
CACHE_CTX_WEIGHT = 1.0
CACHE_SKIP_MARGIN = 2.0  # nats: a hot token is re-decoded unless its first-pass odds beat the bonus swing by this
CACHE_NAME_WEIGHT = 1.5  # capitalised words: the majority spelling of the document's mid-sentence capitals
CACHE_NAME_CONF = 0.5
CACHE_NAME_MIN = 2
MERGE_COST = 2.0  # reading two OCR pieces as one syllable (split at a diacritic): extra channel cost
MERGE_MAX_CHANNEL = 5.0  # merged candidates must be this well explained by the concatenation
MERGE_MAX_CONF = 0.9
MERGE_NEEDS_FRAGMENT = False
# OCR text: two syllables read without the space between them ('Coquan', 'Noivu', 'thuchién', mostly in
# table cells) may be split; the decoder weighs that against reading the token as one (garbled) word
SPLIT_COST: float | None = 1.0
SPLIT_KEEP_EXTRA = 3.0  # ... and keeping such a token as written costs this much more than keeping other unknowns
SPLIT_MIN_LEN = 4
_VOWEL_START = frozenset("aăâeêioôơuưy")
KEEP_RAW_SAME_KEY = 6.0
EDIT1_COST = 5.0  # unknown OCR token -> syllable one edit away (when no rule explains it)
# English-model OCR drops a vowel under stacked marks and leaves the onset ('can b' for 'cán bộ', 's' for
# 'số'); the learned token map has this for the onsets the renders showed (t, s, tr: 1.5-4.7 nats), this
# backs it off to every onset at about the dear end of that range
LOST_VOWEL_COST: float | None = 4.5
LOST_VOWEL_TOP = 12
ONSETS = frozenset({"b", "c", "ch", "d", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph",
                    "qu", "r", "s", "t", "th", "tr", "v", "x"})
REWRITE_EDIT = True  # unknown OCR tokens: also one edit after one cheap rewrite ('chire' -> 'chue' -> 'chức')
REWRITE_EDIT_MAX = 3.0
MARK_NOISE_COST = 0.5
_MARK_NOISE = re.compile(r"(?<=\w)[’'`{}^~\"]+(?=\w)")  # marks an English OCR model writes inside a syllable
GUESS_COST = 4.0  # a candidate this dear (P(raw | syllable) < 2%) is a guess from the context ...
GUESS_CONF = 0.5  # ... and its confidence is capped here

SYMBOL_DIAC_WEIGHT = 1.0
KEEP_RAW_OCR = 2.0  # OCR-eng text: an unknown token with a rewrite candidate is more likely an OCR error
# ASCII words that clean Vietnamese text has as they are: never re-accented in native text
NATIVE_KEEP = frozenset()
NATIVE_KEEP_UNKNOWN = True  # native text: a well-formed syllable missing from the lexicon is kept as it is


@dataclass(slots=True)
class TokenRecord:
    """One restored token: ``raw`` is ``text[start:end]`` of the (NFC) input."""

    raw: str
    restored: str
    confidence: float
    start: int
    end: int
    kind: str = "word"  # word | num | code | url | other


@dataclass
class Restored:
    text: str
    tokens: list[TokenRecord] = field(default_factory=list)
    confidence: float = 1.0
    encoding: str = "unicode"  # legacy encoding the input was converted from: unicode | tcvn3 | vni


# ----------------------------------------------------------------------------- channel costs

_PLAIN = set("abcdefghijklmnopqrstuvwxyz")


def _char_cost_default(o: str, c: str, mode: str) -> float:
    if o == c:
        return 0.0 if c in _PLAIN else 0.3
    base_c = strip_diacritics(c)
    if mode == "stripped":
        return 0.0 if o == base_c else 4.0
    if o == base_c:
        return 0.4  # diacritics dropped: the common OCR-eng case
    if strip_diacritics(o) == base_c:
        return 1.5 if c not in _PLAIN else 2.5
    return 4.0


_KEY_LETTERS = "abcdeghiklmnopqrstuvxy"


def _edits1(key: str) -> set[str]:
    """Keys one deletion / substitution / insertion away (Vietnamese letters only)."""
    splits = [(key[:i], key[i:]) for i in range(len(key) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + ch + b[1:] for a, b in splits if b for ch in _KEY_LETTERS}
    out |= {a + ch + b for a, b in splits for ch in _KEY_LETTERS}
    out.discard(key)
    return out


class Restorer:
    """Candidate generation and decoding for one loaded model (cached per process)."""

    def __init__(self, model: Model) -> None:
        self.m = model
        self._cands: dict[tuple[str, str], list[tuple[int, float]]] = {}
        cc = model.channel.char_cost
        self.char_cost = {c: dict(d) for c, d in cc.items()}
        rules = model.channel.rules
        self.rules = {k: v for k, v in rules.items() if not k.startswith("^")}
        self.init_rules = {k[1:]: v for k, v in rules.items() if k.startswith("^")}
        self.max_rule_len = max((len(k) for k in self.rules), default=1)
        # initial-letter rules with the key of the replacement and whether it is a đ precomputed
        self._init_keyed = {k: [(syllable_key(rep), c, "đ" in rep) for rep, c in v] for k, v in self.init_rules.items()}
        # diacritics-free key of every LM word (a model table, like the index)
        self.keys: list[str] = [syllable_key(w) for w in model.vocab]
        # the LM as flat arrays for the compiled decoder (normalize.beam)
        self.lm = LMArrays.of(model)
        # onset -> open syllables whose one vowel carries a mark (bộ, số, tử), most frequent first
        by_onset: dict[str, list[int]] = {}
        for wid, (w, k) in enumerate(zip(model.vocab, self.keys, strict=True)):
            if len(w) >= 2 and k[:-1] in ONSETS and k[-1] in "aeiouy" and not w[-1].isascii() and w == w.lower():
                by_onset.setdefault(k[:-1], []).append(wid)
        self.lost_vowel = {o: sorted(ids, key=lambda i: -model.uni[i])[:LOST_VOWEL_TOP] for o, ids in by_onset.items()}
        # canonical abbreviations with Đ (QĐ, NĐ, HĐND): OCR may read their Đ as P or B inside codes
        self.dd_abbreviations = frozenset(v for v in model.abbreviations.values() if "Đ" in v)
        self.vie = model.channel.vie if VIE_CHANNEL else {}

    def clear_caches(self) -> None:
        """Forget everything memoised per token (candidate lists); the model tables stay."""
        self._cands.clear()

    def key_of(self, wid: int) -> str:
        return self.keys[wid]

    # -------------------------------------------------------------- channel
    def _diac_cost(self, obs: str, cand: str, mode: str) -> float:
        if obs == cand:
            return 0.0
        table = self.char_cost if mode == "ocr" else {}
        total = 0.0
        for o, c in zip(obs, cand, strict=False):
            if o == c and c in _PLAIN:
                continue
            d = table.get(c)
            if d is not None and mode == "ocr":
                ref = d.get(c, 0.0) if c in _PLAIN else 0.0
                total += max(0.0, d.get(o, d["*"]) - ref)
            else:
                total += _char_cost_default(o, c, mode)
        return total

    def vie_cost(self, obs: str, cand: str) -> float:
        """-log P(obs | cand) of Tesseract vie relative to reading ``cand`` right (same key): the tone table plus
        the letter table (hats, horns, breve, đ bar), learned from low-resolution and photo-like renders."""
        tone = self.vie.get("tone", {})
        letter = self.vie.get("letter", {})
        cost = 0.0
        to, tc = tone_of(obs) or "level", tone_of(cand) or "level"
        if to != tc:
            d = tone.get(tc)
            cost += d.get(to, d["*"]) if d else VIE_UNSEEN_COST
        for o, c in zip(strip_tone(obs), strip_tone(cand), strict=True):
            if o != c:
                d = letter.get(c)
                cost += d.get(o, d["*"]) if d else VIE_UNSEEN_COST
        return cost

    def _vie_alternatives(self, obs: str, own: int | None) -> list[tuple[int, float]]:
        """Lexicon words with ``obs``'s letters and other marks, at ``VIE_WEIGHT`` x the vie channel cost plus
        ``VIE_EXTRA``; only those the channel explains (at most ``VIE_MAX_COST``)."""
        out = []
        for wid in self.m.index.get(syllable_key(obs), ()):
            if wid == own:
                continue
            c = VIE_WEIGHT * self.vie_cost(obs, self.m.vocab[wid]) + VIE_EXTRA
            if c <= VIE_MAX_COST:
                out.append((wid, round(c, 3)))
        return out

    def _rewrites(self, key: str) -> dict[str, tuple[float, bool]]:
        """Keys reachable with up to two rewrite rules: key -> (cost, needs initial đ)."""
        out: dict[str, tuple[float, bool]] = {}
        out_get = out.get
        rules_get = self.rules.get
        max_len = self.max_rule_len
        init_get = self._init_keyed.get
        frontier = [(key, 0.0, False)]
        for _depth in range(2):
            nxt = []
            for k, cost0, dd in frontier:
                n = len(k)
                for i in range(n):
                    for L in range(1, min(max_len, n - i) + 1):
                        lst = rules_get(k[i:i + L])
                        if not lst:
                            continue
                        for rep, c in lst:
                            cost = cost0 + c
                            if cost > MAX_RULE_COST:
                                continue
                            nk = k[:i] + rep + k[i + L:]
                            cur = out_get(nk)
                            if cur is None or cur[0] > cost:
                                out[nk] = (cost, dd)
                                nxt.append((nk, cost, dd))
                if not dd and n:
                    for rep_key, c, has_dd in init_get(k[0], ()):
                        cost = cost0 + c
                        nk = rep_key + k[1:]
                        if cost <= MAX_RULE_COST:
                            cur = out_get(nk)
                            if cur is None or cur[0] > cost:
                                out[nk] = (cost, has_dd)
                                nxt.append((nk, cost, has_dd))
            frontier = nxt
        out.pop(key, None)
        return out

    def _initial_rewrites(self, key: str) -> dict[str, tuple[float, bool]]:
        out: dict[str, tuple[float, bool]] = {}
        if key:
            for rep, c in self.init_rules.get(key[0], ()):
                nk = syllable_key(rep) + key[1:]
                if c <= MAX_RULE_COST and nk != key and (nk not in out or out[nk][0] > c):
                    out[nk] = (c, "đ" in rep)
        return out

    def candidates(self, obs: str, mode: str, change: float = NATIVE_CHANGE_COST) -> list[tuple[int, float]]:
        """(LM id, channel cost) for a lower-cased raw token; UNK = keep the raw token.

        ``change``: in native text, the cost of reading a lexicon word as another word (``-log q``, q the
        share of the document's plain-letter words that lost their marks, see :func:`native_change_cost`);
        keeping the word then costs ``-log(1 - q)``."""
        ck = (obs, mode, change)
        hit = self._cands.get(ck)
        if hit is not None:
            return hit
        m = self.m
        ids = m.ids
        own = ids.get(obs)
        if mode == "native" and own is not None and (not obs.isascii() or obs in NATIVE_KEEP):
            res = [(own, 0.0)]
            if self.vie and not obs.isascii():
                # Vietnamese-model OCR reads the letters and confuses the marks ('phố' for 'phổ', 'chông' for
                # 'chống', 'dõi' for 'đối'): the same letters with other marks, at the learned vie channel's cost
                res += self._vie_alternatives(obs, own)
            elif NATIVE_TONE_COST is not None and not obs.isascii():
                # no vie channel in the model: the same letters with another tone mark at a fixed cost
                base = strip_tone(obs)
                for wid in m.index.get(syllable_key(obs), ()):
                    if wid != own and strip_tone(m.vocab[wid]) == base:
                        res.append((wid, NATIVE_TONE_COST))
            self._cands[ck] = res
            return res
        if (NATIVE_KEEP_UNKNOWN and mode == "native" and own is None and not obs.isascii()
                and is_vietnamese_syllable(obs)):
            # a well-formed syllable the lexicon lacks ('cuống'): real text, keep it; unless it is a vie misread
            # of a lexicon word ('triên' for 'triển', 'huồng' for 'huống'), which the LM then weighs
            res = [(UNK, 0.0)]
            if self.vie:
                res += self._vie_alternatives(obs, None)
            self._cands[ck] = res
            return res
        best: dict[int, float] = {}
        key = syllable_key(obs)
        extra = change if mode == "native" else 0.0
        keep = -math.log1p(-math.exp(-change)) if mode == "native" else 0.0
        for wid in m.index.get(key, ()):
            w = m.vocab[wid]
            c = self._diac_cost(obs, w, mode) + (extra if wid != own else keep)
            if c < best.get(wid, 1e9):
                best[wid] = c
        rule_extra = STRIPPED_RULE_EXTRA if mode == "stripped" else 0.0
        if mode == "native":
            rule_extra += 2.0
        # diacritics-free text: a token whose letters spell syllables is taken at its letters; of the OCR
        # rewrites only the initial P/B-for-Đ ones remain ('Bong thoi' -> 'Đồng thời')
        if mode == "native" and own is not None:
            rewrites = {}
        elif mode == "stripped" and key in m.index:
            rewrites = self._initial_rewrites(key)
        else:
            rewrites = self._rewrites(key)
        sym = m.channel.symbol_diac
        sym_pos = [(i, sym[ch]) for i, ch in enumerate(obs) if ch in sym] if sym else []
        for nk, (rc, dd) in rewrites.items():
            for wid in m.index.get(nk, ())[:6]:
                w = m.vocab[wid]
                c = rc + rule_extra + 0.3
                if sym_pos and len(w) == len(obs):
                    # which accented letter the digit / symbol stood for ('x4' -> xã rather than xa)
                    for i, table in sym_pos:
                        c += table.get(w[i], table["*"]) * SYMBOL_DIAC_WEIGHT
                if dd and not w.startswith("đ"):
                    c += DD_MISMATCH
                if c < best.get(wid, 1e9):
                    best[wid] = c
        if mode == "ocr" and own is None and key not in m.index:
            # unknown OCR token: any syllable one edit away on the key is possible, at a fixed cost
            for nk in _edits1(key):
                for wid in m.index.get(nk, ())[:4]:
                    if best.get(wid, 1e9) > EDIT1_COST:
                        best[wid] = EDIT1_COST
            if REWRITE_EDIT:
                # one edit after a cheap rewrite ('chire' -ir->u- 'chue' -> 'chuc')
                for rk, (rc, _dd) in rewrites.items():
                    if rc > REWRITE_EDIT_MAX or rk in m.index:
                        continue
                    for nk in _edits1(rk):
                        for wid in m.index.get(nk, ())[:4]:
                            c = rc + EDIT1_COST
                            if best.get(wid, 1e9) > c:
                                best[wid] = c
        if mode == "ocr" and LOST_VOWEL_COST is not None:
            for wid in self.lost_vowel.get(obs, ()):
                if best.get(wid, 1e9) > LOST_VOWEL_COST:
                    best[wid] = LOST_VOWEL_COST
        tm_extra = rule_extra + ((change if mode == "native" else NATIVE_CHANGE_COST)
                                 if mode != "ocr" and own is not None else 0.0)
        for w, c in m.channel.token_map.get(obs, ()):
            wid = ids.get(w)
            if wid is not None and c + tm_extra < best.get(wid, 1e9):
                best[wid] = c + tm_extra
        uni = m.uni
        # ties (equally rare words) broken by id: the order edits were generated in must not decide
        ranked = sorted(best.items(), key=lambda x: (x[1] - 0.5 * uni[x[0]], x[0]))[:TOP_K_OCR if mode == "ocr" else TOP_K]
        if ranked:
            floor = min(c for _, c in ranked) + COST_GAP
            ranked = [x for x in ranked if x[1] <= floor]
        if own is None:
            # keeping an out-of-lexicon token: cheap when nothing explains it, dear when a syllable with
            # the same letters exists (the usual case for text without diacritics)
            same_key = any(syllable_key(m.vocab[w]) == key for w, _ in ranked)
            keep = KEEP_RAW_SAME_KEY if same_key else (KEEP_RAW_OCR if ranked and mode == "ocr" else 0.0)
            ranked.append((UNK, keep))
        res = ranked
        if len(self._cands) > 500_000:
            self._cands.clear()
        self._cands[ck] = res
        return res

    # -------------------------------------------------------------- decoding
    def decode_with_posteriors(self, seq: list[list[tuple[int, float]]]) -> tuple[list[int], list[float]]:
        """Best candidate index per position (beam Viterbi over trigram states, :func:`normalize.beam.viterbi`)
        and :meth:`posteriors` of that choice, in one call."""
        return beam.decode_with_posteriors(self.lm, seq, BEAM, BEAM_GAP)

    def decode_lattice(self, seq: list[list[tuple[int, float]]],
                       merges: dict[int, list[tuple[int, float]]]) -> list[tuple[int, int, int]]:
        """Beam Viterbi over a lattice: position ``i`` may also be read together with ``i+1`` as one
        syllable (``merges[i]``: candidates of the concatenation).  Returns the best path as
        ``(position, candidate index, span)`` with span 1 or 2."""
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
            hyps = sorted(at[i].values(), key=_score, reverse=True)[:BEAM]
            if not hyps:
                continue
            cut = hyps[0][0] - BEAM_GAP
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


def _cache_pass(r: Restorer, seq: list[list[tuple[int, float]]], segments: list[tuple[int, int]],
                choice: list[int], conf: list[float], caps: list[int] | None = None) -> None:
    """Document cache: a second pass that favours the spelling the document itself uses elsewhere.

    Legal and administrative texts repeat their terms (``hưởng``, ``đường``, ``thường trú``).  From the first
    pass, confident choices are counted per diacritics-free key, and also per key *next to a neighbouring
    key* (``luu tru`` → lưu trú in a residence law, lưu trữ in a film law; ``dong bao`` → đóng bảo hiểm where
    ``dong`` alone is mostly đồng / động).  A candidate's channel cost is then lowered by ``weight * log`` of
    its (add-one smoothed) share among the confident choices of its key, taken next to the same neighbour
    when the document has ``CACHE_CTX_MIN`` such choices, else of the key alone; the segments where that
    changes anything are decoded again.  Keys seen fewer than ``CACHE_MIN`` times are left alone, so short
    inputs (one line) are decoded once.
    """
    m = r.m
    keyof = r.keys.__getitem__
    caps = caps or [0] * len(seq)
    n_special = len(SPECIALS)
    # first-pass key of every position (None: not a word) and its segment, for neighbour contexts
    kat: list[str | None] = []
    for si, cands in enumerate(seq):
        w = cands[choice[si]][0]
        kat.append(keyof(w) if w >= n_special else None)
    seg = [-1] * len(seq)
    for g, (a, b) in enumerate(segments):
        seg[a:b] = [g] * (b - a)

    def neighbours(si: int) -> tuple[str | None, str | None]:
        if seg[si] < 0:
            return None, None
        left = kat[si - 1] if si > 0 and seg[si - 1] == seg[si] else None
        right = kat[si + 1] if si + 1 < len(seq) and seg[si + 1] == seg[si] else None
        return left, right

    counts: dict[str, dict[int, int]] = {}
    ctx_counts: dict[tuple[str, str, int], dict[int, int]] = {}  # (neighbour key, key, side) -> word -> n
    # names: capitalised words after a word of the same line (2) are counted with a lower confidence bar
    # and their majority spelling is favoured, with more weight, at every capitalised occurrence (1 or 2)
    cap_counts: dict[str, dict[int, int]] = {}
    for si, cands in enumerate(seq):
        if len(cands) < 2:
            w = cands[0][0]
            if caps[si] == 2 and w >= n_special:
                # a name fixed before decoding (the gazetteer's 'Cần Thơ'): its spelling counts for the
                # document's other capitalised uses of the key ('Tho)' at a line start)
                d = cap_counts.setdefault(keyof(w), {})
                d[w] = d.get(w, 0) + 1
            continue
        w = cands[choice[si]][0]
        if w < n_special:
            continue
        k = keyof(w)
        if conf[si] >= CACHE_CONF:
            d = counts.setdefault(k, {})
            d[w] = d.get(w, 0) + 1
            if CACHE_CTX_MIN:
                for side, nk in enumerate(neighbours(si)):
                    if nk is not None:
                        d = ctx_counts.setdefault((nk, k, side), {})
                        d[w] = d.get(w, 0) + 1
        if caps[si] == 2 and conf[si] >= CACHE_NAME_CONF:
            d = cap_counts.setdefault(k, {})
            d[w] = d.get(w, 0) + 1
    counts = {k: d for k, d in counts.items() if sum(d.values()) >= CACHE_MIN}
    ctx_counts = {k: d for k, d in ctx_counts.items() if sum(d.values()) >= max(CACHE_CTX_MIN, 1)}
    cap_counts = {k: d for k, d in cap_counts.items() if sum(d.values()) >= CACHE_NAME_MIN}
    if not counts and not cap_counts:
        return
    index = m.index
    memo: dict[tuple, tuple | None] = {}
    counted = set(counts) | set(cap_counts)  # keys with any distribution

    def dist(k: str, cap: bool, left: str | None, right: str | None) -> tuple | None:
        """(counts, weight, total, alternatives, favourite) the cache uses for key k at a position."""
        dk = (k, cap, left, right)
        hit = memo.get(dk, _MISSING)
        if hit is not _MISSING:
            return hit
        d, weight = counts.get(k), CACHE_WEIGHT
        if cap and k in cap_counts:
            d, weight = cap_counts[k], CACHE_NAME_WEIGHT
        elif ctx_counts and k in counts:  # a key the document uses often enough (CACHE_MIN)
            best = None
            for side, nk in enumerate((left, right)):
                c = ctx_counts.get((nk, k, side)) if nk is not None else None
                if c is not None and (best is None or sum(c.values()) > sum(best.values())):
                    best = c
            if best is not None:
                d, weight = best, CACHE_CTX_WEIGHT
        out = None
        if d is not None:
            out = (d, weight, sum(d.values()), len(index.get(k, ())) or 1, max(d, key=d.__getitem__))
        memo[dk] = out
        return out

    # candidate lists are shared by repeated tokens: their words grouped by counted key, once per list
    groups: dict[int, tuple[tuple[str, frozenset[int]], ...]] = {}

    def key_groups(cands: list[tuple[int, float]]) -> tuple[tuple[str, frozenset[int]], ...]:
        by_key: dict[str, set[int]] = {}
        for w, _ in cands:
            if w >= n_special:
                k = keyof(w)
                if k in counted:
                    by_key.setdefault(k, set()).add(w)
        return tuple((k, frozenset(ws)) for k, ws in by_key.items())

    def bonus(w: int, dd: tuple) -> float:
        d, weight, tot, alts, _fav = dd
        return weight * math.log((d.get(w, 0) + 0.5) / (tot + 0.5 * alts) * alts)

    for a, b in segments:
        # decode again only around tokens where the document prefers another spelling than the first pass
        # chose (a window of CACHE_WINDOW tokens each side); elsewhere the first-pass choice is kept fixed
        wanted: dict[int, float] = {}  # position -> bonus swing towards the document's favourite
        for si in range(a, b):
            cands = seq[si]
            if len(cands) < 2:
                continue
            kg = groups.get(id(cands))
            if kg is None:
                kg = groups[id(cands)] = key_groups(cands)
            if not kg:
                continue
            w0 = cands[choice[si]][0]
            cap = bool(caps[si])
            left, right = neighbours(si)
            for k, ws in kg:
                dd = dist(k, cap, left, right)
                if dd is None or dd[4] == w0 or dd[4] not in ws:
                    continue
                fav = dd[4]
                d0 = dist(keyof(w0), cap, left, right) if w0 >= n_special and keyof(w0) in counted else None
                swing = bonus(fav, dd) - (bonus(w0, d0) if d0 is not None else 0.0)
                if swing > 0.0:  # else the cache favours the first-pass choice at least as much
                    wanted[si] = swing
                    break
        hot: list[int] = []
        for si, swing in wanted.items():
            # an isolated token that the first pass chose with local odds conf / (1 - conf) far above the
            # swing cannot change; neighbours that may change too (within a trigram) are decoded jointly
            c0 = conf[si]
            isolated = not any(sj in wanted for sj in (si - 2, si - 1, si + 1, si + 2))
            if isolated and (c0 >= 1.0 or math.log(c0 / (1.0 - c0)) > swing + CACHE_SKIP_MARGIN):
                continue
            hot.append(si)
        if not hot:
            continue
        free = set()
        for si in hot:
            free.update(range(max(a, si - CACHE_WINDOW), min(b, si + CACHE_WINDOW + 1)))
        # decode each run of free positions with two fixed words either side (the trigram context): runs
        # more than four fixed words apart do not interact, so this is the segment's decode, done in parts
        order = sorted(free)
        runs = []
        lo = prev = order[0]
        for si in order[1:]:
            if si - prev > 4:
                runs.append((lo, prev))
                lo = si
            prev = si
        runs.append((lo, prev))
        for lo, hi in runs:
            a2, b2 = max(a, lo - 2), min(b, hi + 3)
            new_sub = []
            for si in range(a2, b2):
                cands = seq[si]
                if si not in free:
                    new_sub.append([cands[choice[si]]])
                    continue
                if len(cands) < 2:
                    new_sub.append(cands)
                    continue
                adj = []
                cap = bool(caps[si])
                left, right = neighbours(si)
                for w, cost in cands:
                    if w >= n_special and keyof(w) in counted:
                        dd = dist(keyof(w), cap, left, right)
                        if dd is not None:
                            cost = cost - bonus(w, dd)
                    adj.append((w, cost))
                new_sub.append(adj)
            ch, post = r.decode_with_posteriors(new_sub)
            for k, si in enumerate(range(a2, b2)):
                if si in free:
                    choice[si] = ch[k]
                    conf[si] = post[k]


_MISSING = object()
_score = itemgetter(0)  # hypothesis score (C-level key function for decode_lattice's sorts)


_RESTORERS: dict[int, Restorer] = {}


def _restorer(model: Model) -> Restorer:
    r = _RESTORERS.get(id(model))
    if r is None or r.m is not model:
        r = Restorer(model)
        _RESTORERS.clear()
        _RESTORERS[id(model)] = r
    return r


# ----------------------------------------------------------------------------- document level

_LATIN1_MARKS = frozenset("àáâãèéêìíòóôõùúýäëïöü")
_OCR_SYMBOLS = re.compile(r"[0-9&§¢@£€]")
_CODE_LIKE = re.compile(r"^(?:[A-Z]{1,3}\d{1,3}|\d{1,2}[A-Z]{1,2}|(?:mm|cm|dm|km|m)[23])$")  # A1, B2; 4G, 5G, 3D; cm3
_SYMBOL_WORD = re.compile(r"^(?=.*[¢€&§£])[0-9¢€&§£]{2,4}$")  # '1€', '¢6', '1&': a syllable in English-model OCR
OCR_MIN_NOISY_SHARE = 0.02  # English-OCR text: ~20-24% of words; diacritics-free laws with codes: < 0.01%


def detect_mode(words: list[str]) -> str:
    """'native' (real Vietnamese with diacritics), 'stripped' (no diacritics) or 'ocr' (English-model OCR).

    English-model OCR shows in about a fifth of the words (``nhiém``, ``x4``, ``ctia``); a few codes with
    digits in diacritics-free text (``hạng A1``, ``cm3``) must not switch a whole document to OCR mode,
    whose cheaper rewrites would then touch every clean syllable, so the noisy words must reach a share.
    """
    if not words:
        return "stripped"
    vi_disjoint = VI_SPECIFIC.isdisjoint
    vi = sum(1 for w in words if not vi_disjoint(w))
    if vi >= max(1, 0.12 * len(words)):
        return "native"
    marks_disjoint = _LATIN1_MARKS.isdisjoint
    noisy = sum(1 for w in words
                if not marks_disjoint(w.lower()) or (_OCR_SYMBOLS.search(w) and not _CODE_LIKE.match(w)))
    if noisy == 0 or noisy < OCR_MIN_NOISY_SHARE * len(words):
        return "stripped"
    return "ocr"


def native_change_cost(words: list[str]) -> float:
    """Cost of reading a plain-letter lexicon word of native text as another word, from the document.

    Clean Vietnamese writes about 13% of its (not all-capital) words with plain letters only (``ban``,
    ``theo``); text where marks were lost on some words (typed without them, or OCR) has more.  With s the
    document's plain share, shrunk towards the clean share by ``ASCII_PRIOR_WORDS`` pseudo-words so that a
    short line says little, q = (s - CLEAN_ASCII_SHARE) / s estimates how many of its plain words lost their
    marks, and reading one as another word costs -log q (at most ``NATIVE_CHANGE_COST``).
    """
    plain = [w for w in words if w.isalpha() and not w.isupper()]
    n_ascii = sum(1 for w in plain if w.isascii())
    share = (n_ascii + ASCII_PRIOR_WORDS * CLEAN_ASCII_SHARE) / (len(plain) + ASCII_PRIOR_WORDS)
    q = (share - CLEAN_ASCII_SHARE) / share
    if q <= math.exp(-NATIVE_CHANGE_COST):
        return NATIVE_CHANGE_COST
    return round(-math.log(q), 1)  # rounded: candidate lists are memoised per cost


def _fix_code(core: str, model: Model, dd_abbreviations: frozenset[str]) -> str:
    """Parts of a document code in their canonical spelling (``QD`` -> ``QĐ``); an unknown part that is a
    known Đ-abbreviation with its Đ read as P or B (``QP-UBND``, ``NP-CP``) gets the Đ back."""
    parts = re.split(r"([/\-_])", core)
    out = []
    for part in parts:
        canon = model.abbreviations.get(part)
        if canon is None and part.isupper() and len(part) >= 2:
            fixes = {part[:i] + "Đ" + part[i + 1:] for i, ch in enumerate(part) if ch in "PB"}
            known = fixes & dd_abbreviations
            canon = known.pop() if len(known) == 1 else None
        out.append(canon if canon is not None else part)
    return "".join(out)



def restore_text(text: str, *, model: Model | None = None) -> Restored:
    """Restore Vietnamese diacritics and fix OCR confusions, line by line.

    The output has exactly as many lines as the input (line *i* repairs line *i*);
    whitespace and punctuation are kept, but for OCR text's lost and extra spaces inside words (a syllable
    split at a diacritic, ``ngu ời``, is joined; two glued syllables, ``Coquan``, are parted: see
    :func:`_merge_edges`, :func:`_split_glued`).  Token spans refer to ``to_nfc(text)``
    (identical to ``text`` when the input is already NFC with traditional tone placement).

    Legacy 8-bit text that arrives as Unicode mojibake (TCVN3 ``Céng hßa``, VNI ``Coäng hoøa``) is
    converted first (:func:`normalize.legacy.detect_and_convert`); then spans refer to the converted
    text and ``Restored.encoding`` names the legacy encoding.
    """
    model = model or get_model()
    r = _restorer(model)
    norm, encoding = _legacy_convert(text)
    pieces = tokenize(norm)
    word_texts = [p.text for p in pieces if p.kind == "word"]
    mode = detect_mode(word_texts)
    change = native_change_cost(word_texts) if mode == "native" else NATIVE_CHANGE_COST
    log.debug("restore: %d pieces, mode=%s", len(pieces), mode)
    if mode == "ocr" and SPLIT_COST is not None:
        split, glued = _split_glued(r, pieces)
        if glued:
            # first pass: the decoder chooses per glued token between its halves and keeping it whole;
            # the tokens it split are then split for good, the others left whole, and the text decoded
            # again (so the document cache also runs on those segments)
            first = _decode(model, r, norm, encoding, split, mode, change, glued, forced=False)
            spans = {(t.start, t.end) for t in first.tokens}
            kept = {split[g].start for g in glued if (split[g].start, split[g + 1].end) in spans}
            split, glued = _split_glued(r, pieces, skip=kept)
            if glued:
                return _decode(model, r, norm, encoding, split, mode, change, glued, forced=True)
    return _decode(model, r, norm, encoding, pieces, mode, change, set(), forced=False)


def _decode(model: Model, r: Restorer, norm: str, encoding: str, pieces: list, mode: str, change: float,
            glued: set[int], *, forced: bool) -> Restored:
    """Decode the tokenised text (see :func:`restore_text`).  ``glued``: first halves of tokens cut in two
    by :func:`_split_glued`; ``forced``: they are two syllables (else the decoder may keep them whole)."""

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
    # text typed with its marks keeps its communes' spelling (an old commune may share a current one's letters)
    names = _place_names(pieces, norm, _fits(r, mode) if mode != "native" else None, units=mode != "native")
    last_enum = ""
    for pi, p in enumerate(pieces):
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
            canon = model.abbreviations.get(p.text) or names.get(pi)
            if canon is None and len(p.text) == 1 and (_list_marker(pieces, pi, close_only=True)
                                                       or _enumerator(pieces, pi) is not None):
                canon = p.text  # list item letter 'b)' / '(c)' / 'd.' at a line start: never a syllable
            if canon is None and _heading_number(pieces, pi):
                canon = p.text  # 'III.', or OCR's 'Il.' / 'I1.' for II.: numbering, left as written
            if (canon is None and mode == "native" and len(p.text) >= 2 and p.text.isupper()
                    and p.text.lower() not in ids and syllable_key(p.text) not in model.index):
                canon = p.text  # capitals spelling no syllable in real Vietnamese text: an abbreviation (TT, LGSP)
            enum = _enumerator(pieces, pi)
            if enum is not None and mode != "native":
                # list item letters run a) b) c) d) đ) e) ...: a 'd)' right after a 'd)' item is 'đ)'
                letter = enum.lower()
                if letter == "d" and last_enum == "d":
                    canon = "Đ" if enum.isupper() else "đ"
                last_enum = "đ" if canon in ("đ", "Đ") else letter
            if canon is None and mode == "ocr" and (_date_number(pieces, pi)
                                                    or (p.text in ("l", "I") and _beside_number(pieces, pi))):
                # 'ngay O6 thing 6', 'ngay A4 thang 9': an OCR'd day or month; 'l 0,792': the digit 1 in a row
                # of figures.  Not syllables: kept as written (the extractors read OCR digits), a number to the LM
                fixed[pi] = p.text
                seq.append([(NUM, 0.0)])
            elif canon is not None:
                fixed[pi] = canon
                seq.append([(ids.get(canon.lower(), UNK), 0.0)])
            else:
                low = p.text.lower()
                if mode != "native" and _MARK_NOISE.search(low):
                    # tone marks / horns read as quotes or braces inside a word ('thu'c', 'quy{n')
                    clean = _MARK_NOISE.sub("", low)
                    cands = [(w, c + MARK_NOISE_COST) for w, c in r.candidates(clean, mode, change)] if clean else []
                    if not any(w == UNK for w, _ in cands):
                        cands.append((UNK, KEEP_RAW_OCR))
                    seq.append(cands)
                else:
                    cands = r.candidates(low, mode, change)
                    if mode == "native" and r.vie and not low.isascii() and not p.text.islower() and (
                            (len(p.text) >= 2 and p.text.isupper()) or (pi > 0 and pieces[pi - 1].kind == "word")):
                        # a name ('xã Thạnh Phú', 'XÃ THẠNH PHÚ'): the LM knows names least, and the vie channel
                        # would read 'Phú' as 'Phủ' (chính phủ); capitals in headings likewise. A capitalised
                        # word after a number or at a line start ('37. Tới thiểu') keeps the alternatives
                        cands = [(w, c) for w, c in cands if c == 0.0]
                    seq.append(cands)
            seq_piece.append(pi)
        elif kind == "num":
            cands = [(NUM, 0.0)]
            # a number next to a figure is one of a row of figures ('| 1 0,8219 |'), not a syllable
            as_word = mode == "ocr" and not _beside_number(pieces, pi)
            alt = NUMBER_AS_WORD.get(p.text)
            if alt is not None and as_word and alt in ids:
                cands.append((ids[alt], NUMBER_AS_WORD_COST))
            if as_word and len(p.text) <= 2 and p.text.isdigit():
                # short numbers an English OCR model reads for a syllable ('6' for 'ở'), learned token map
                have = {w for w, _ in cands}
                for w, c in model.channel.token_map.get(p.text, ()):
                    wid = ids.get(w)
                    if wid is None or wid in have or (len(w) == 1 and w not in NUMBER_AS_LETTER_OK):
                        continue
                    cands.append((wid, max(c, 0.0) + NUMBER_TOKEN_EXTRA))
                    have.add(wid)
            seq.append(cands)
            seq_piece.append(pi)
        elif kind == "code":
            fixed[pi] = _fix_code(p.text, model, r.dd_abbreviations)
            seq.append([(CODE, 0.0)])
            seq_piece.append(pi)
        elif kind == "other" and mode == "ocr" and _SYMBOL_WORD.match(p.text):
            # digits and letter-like symbols only ('1€' for 'lệ', '¢6' for 'có'): an OCR'd syllable the
            # tokenizer could not call a word; its candidates come from the learned channel, as for 'x&'
            cands = list(r.candidates(p.text.lower(), mode))
            if not any(w == UNK for w, _ in cands):
                cands.append((UNK, KEEP_RAW_OCR))
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
                # error assumed; reading it costs SPLIT_COST, the whole-token reading is an edge
                key = syllable_key(pieces[pi].text)
                same = [(w, c) for w, c in seq[si] if w >= len(SPECIALS) and r.keys[w] == key] or seq[si]
                seq[si] = [(w, c + SPLIT_COST) for w, c in same] if pi in glued else same
    merges = _merge_edges(r, pieces, seq, seq_piece, fixed, norm, mode, set() if forced else glued)
    choice: list[int] = [0] * len(seq)
    conf: list[float] = [1.0] * len(seq)
    merged: dict[int, tuple[int, float]] = {}  # position -> (merged word, confidence); position+1 is absorbed
    for a, b in segments:
        sub = seq[a:b]
        sub_merges = {si - a: merges[si] for si in range(a, b - 1) if si in merges}
        if all(len(c) == 1 for c in sub) and not sub_merges:
            continue
        if sub_merges:
            path = r.decode_lattice(sub, sub_merges)
            if any(span == 2 for _, _, span in path):
                lin = [sub_merges[i] if span == 2 else sub[i] for i, _, span in path]
                lin_ch = [ci for _, ci, _ in path]
                lin_post = r.posteriors(lin, lin_ch)
                for (i, ci, span), post in zip(path, lin_post, strict=True):
                    if span == 2:
                        merged[a + i] = (sub_merges[i][ci][0], min(post, MERGE_MAX_CONF))
                        choice[a + i] = choice[a + i + 1] = 0
                    else:
                        choice[a + i] = ci
                        conf[a + i] = post
                continue
            ch = [ci for _, ci, _ in path]
            post = r.posteriors(sub, ch)
        else:
            ch, post = r.decode_with_posteriors(sub)
        choice[a:b] = ch
        conf[a:b] = post
    if mode != "native" and CACHE_WEIGHT > 0:
        skip = {a for a, b in segments if any(a <= si < b for si in merged)}
        caps = [0] * len(seq)
        for si, pi in enumerate(seq_piece):
            if pi > 0 and pieces[pi].kind == "word" and pieces[pi].text[:1].isupper():
                prev = pieces[pi - 1]
                caps[si] = 2 if prev.kind in ("word", "num", "code") else 1
        _cache_pass(r, seq, [sg for sg in segments if sg[0] not in skip], choice, conf, caps)

    records: list[TokenRecord] = []
    out_parts: list[str] = []
    last = 0
    vocab = model.vocab
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
                new, c = raw, min(c, KEEP_RAW_CONF)
            else:
                new = apply_case(vocab[wid], case_pattern(p.text))
            records.append(TokenRecord(raw, new, round(float(c), 4), p.start, p2.end, "word"))
            out_parts.append(norm[last:p.start])
            out_parts.append(new)
            last = p2.end
            continue
        cands = seq[si]
        wid, _cost = cands[choice[si]]
        c = conf[si]
        if pi in fixed:
            new = fixed[pi]
        elif p.kind == "word":
            if wid == UNK:
                new = p.text
                c = min(c, KEEP_RAW_CONF) if len(cands) > 1 or mode != "native" else min(c, 0.5)
            else:
                w = vocab[wid]
                new = p.text if w == p.text.lower() else apply_case(w, case_pattern(p.text))
                if mode == "native" and len(cands) == 1:
                    c = 0.99
                elif _cost >= GUESS_COST or (len(p.text) == 1 and p.text.lower() not in r.keys[wid]):
                    # the channel barely explains it, or a lone letter became another one ('b' -> 'ở'):
                    # a guess from the context
                    c = min(c, GUESS_CONF)
        elif p.kind in ("num", "other") and wid not in (NUM, UNK):
            new = vocab[wid]
            if p.kind == "other" and _cost >= GUESS_COST:
                c = min(c, GUESS_CONF)
        else:
            new = p.text
        sep = ""
        if pi in glued or pi - 1 in glued:
            # a half of a token read as two syllables: the lost space comes back after the first
            c = min(c, MERGE_MAX_CONF)
            sep = " " if pi in glued else ""
        records.append(TokenRecord(p.text, new, round(float(c), 4), p.start, p.end, p.kind))
        if new != p.text or sep:
            out_parts.append(norm[last:p.start])
            out_parts.append(new + sep)
            last = p.end
    out_parts.append(norm[last:])
    out = to_nfc("".join(out_parts))
    syl = [t.confidence for t in records if t.kind == "word"]
    mean = sum(syl) / len(syl) if syl else 1.0
    return Restored(text=out, tokens=records, confidence=mean, encoding=encoding)


def _is_fragment(r: Restorer, text: str) -> bool:
    """A piece that is unlikely to be a whole syllable: one letter, or not a lexicon word as it is."""
    key = syllable_key(text)
    return len(key) == 1 or key not in r.m.index or text.lower() not in r.m.ids


def _merge_edges(r: Restorer, pieces: list, seq: list[list[tuple[int, float]]], seq_piece: list[int],
                 fixed: dict[int, str], norm: str, mode: str,
                 glued: set[int] = frozenset()) -> dict[int, list[tuple[int, float]]]:
    """Lattice edges for syllables an English OCR model split at a diacritic (``ngu ời``, ``hi éu``).

    Only in OCR-looking text, for two word pieces separated by one space of which at least one is a
    fragment (see :func:`_is_fragment`); the edge's candidates are those of the concatenation (never
    the unknown token) that have the same letters (the split is explained by diacritics alone, not by
    further OCR rewrites), at ``MERGE_COST`` extra.

    The halves of a token :func:`_split_glued` cut in two get an edge too: the token read as one word,
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
            out[si] = [(w, c + SPLIT_KEEP_EXTRA if w == UNK else c)
                       for w, c in r.candidates((a.text + b.text).lower(), mode)]
            continue
        if a.kind != "word" or b.kind != "word" or norm[a.end:b.start] != " ":
            continue
        if MERGE_NEEDS_FRAGMENT and not (_is_fragment(r, a.text) or _is_fragment(r, b.text)):
            continue
        if b.text[:1].isupper() and not a.text.isupper():
            continue
        joined = (a.text + b.text).lower()
        # the split must be explained by diacritics alone: same letters as the syllable (no OCR rewrites)
        same_key = index.get(syllable_key(joined))
        if not same_key:
            continue
        cands = []
        for w in same_key[:TOP_K]:
            c = r._diac_cost(joined, vocab[w], mode)
            if c <= MERGE_MAX_CHANNEL:
                cands.append((w, c + MERGE_COST))
        if cands:
            out[si] = cands
    return out


def _split_glued(r: Restorer, pieces: list, skip: set[int] = frozenset()) -> tuple[list, set[int]]:
    """Cut word pieces that read as two syllables without the space between them ('Coquan', 'Noivu').

    A piece qualifies when it is letters only, not all capitals (abbreviations), at least
    ``SPLIT_MIN_LEN`` long, neither a lexicon word nor the key of one, and no candidate explains it as one
    (garbled) syllable: the choice is then between keeping it as written and two syllables.  It is cut where both halves
    have at least two letters and the key of a lexicon syllable, the second starting with a consonant (a
    syllable boundary); of several such cuts, the one whose halves' most frequent syllables are most
    frequent.  Returns the new piece list and the indexes of first halves.  The decoder then chooses
    between the halves and the whole token (:func:`_merge_edges`).  Pieces starting at an offset in
    ``skip`` are left whole.
    """
    m = r.m
    index, ids, uni = m.index, m.ids, m.uni
    out: list = []
    glued: set[int] = set()
    for p in pieces:
        t = p.text
        low = t.lower()
        if (p.kind != "word" or p.start in skip or len(t) < SPLIT_MIN_LEN or not t.isalpha() or t.isupper()
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


NAME_FIT_COST = 5.0  # a token may read as a place name's syllable it has this cheap a candidate for


def _fits(r: Restorer, mode: str) -> Callable[[str, str], bool]:
    """Whether a raw token has the syllable among its candidates (channel cost <= ``NAME_FIT_COST``): in OCR
    text any reading of the channel ('Cén' for 'Cần'), in diacritics-free text the P/B-for-Đ ones ('Pai')."""
    ids = r.m.ids

    def fits(raw: str, syllable: str) -> bool:
        wid = ids.get(syllable.lower())
        return wid is not None and any(w == wid and c <= NAME_FIT_COST for w, c in r.candidates(raw.lower(), mode))

    return fits


def _place_names(pieces: list, norm: str, fits: Callable[[str, str], bool] | None = None,
                 units: bool = True) -> dict[int, str]:
    """Piece index -> spelling for runs of capitalised words that spell a province / region name, or a
    commune / ward name after 'xã' / 'phường' (``fits``, ``units``: see :func:`normalize.gazetteer.match_names`)."""
    out: dict[int, str] = {}
    run: list[tuple[int, str]] = []
    prev = None
    for pi, p in enumerate(pieces):
        if p.kind == "word" and prev is not None and run and norm[prev.end:p.start].strip(" ") == "":
            run.append((pi, p.text))
        else:
            if len(run) > 1:
                out.update(match_names(run, fits, units))
            run = [(pi, p.text)] if p.kind == "word" else []
        prev = p
    if len(run) > 1:
        out.update(match_names(run, fits, units))
    return out


_ROMAN_LIKE = re.compile(r"^(?=.*[IVXl])[IVXlH1]{1,5}$")  # roman numerals as OCR writes them (l, 1 for I; H for II)


def _heading_number(pieces: list, pi: int) -> bool:
    """A roman heading number at the start of a line, directly followed by '.' ('III.', 'Il.', 'I1.')."""
    p = pieces[pi]
    if not _ROMAN_LIKE.match(p.text):
        return False
    nxt = pieces[pi + 1] if pi + 1 < len(pieces) else None
    if nxt is None or nxt.kind != "punct" or nxt.start != p.end or not nxt.text.startswith("."):
        return False
    return pi == 0 or pieces[pi - 1].kind == "nl"


_FIGURE = re.compile(r"\d[.,]\d|%|\d{3}")  # a number that cannot be a garbled syllable: 0,8219, 80%, 2023


def _beside_number(pieces: list, pi: int) -> bool:
    """The piece before or after ``pi`` is a figure (:data:`_FIGURE`), with only spaces between: ``pi`` is one
    of a row of figures ('| 1 0,8219 |': maximum score, then the score).  Two short numbers side by side may
    both be OCR'd syllables ('x4c dinh 3 1 trinh' for 'xác định rõ lộ trình')."""
    return any(0 <= j < len(pieces) and pieces[j].kind == "num" and _FIGURE.search(pieces[j].text)
               for j in (pi - 1, pi + 1))


_OCR_DIGITS = re.compile(r"^[\dOoIlA]{1,3}$")  # a day / month, with letters OCR writes for 0 and 1


def _date_number(pieces: list, pi: int) -> bool:
    """A word piece of digits and digit-like letters ('O6', 'A4', 'lO') in a date as OCR spells it ('ngay O6
    thing 6 ndm 2023'): after 'ngày' / 'tháng' and before 'tháng' / 'năm' ('tháng 1a' alone may be 'tháng là')."""
    text = pieces[pi].text
    if not _OCR_DIGITS.match(text):
        return False
    words = [p for p in pieces[max(0, pi - 3):pi + 4] if p.kind in ("word", "num")]
    at = words.index(pieces[pi])
    before = syllable_key(words[at - 1].text) if at > 0 else ""
    after = syllable_key(words[at + 1].text) if at + 1 < len(words) else ""
    left = before in ("ngay", "thang")
    right = (len(after) >= 4 and after[:2] == "th" and after.endswith("ng")) or (
        len(after) == 3 and after[0] == "n" and after[2] == "m")
    return left and right


def _list_marker(pieces: list, pi: int, close_only: bool = False) -> bool:
    """``b)``, ``(c)``, ``d.``: a letter directly followed by ')' or '.' (or preceded by '(').

    ``close_only``: only a directly following ')'."""
    p = pieces[pi]
    nxt = pieces[pi + 1] if pi + 1 < len(pieces) else None
    if nxt is not None and nxt.kind == "punct" and nxt.start == p.end and nxt.text[:1] in (")" if close_only else ")."):
        return True
    if close_only:
        return False
    prv = pieces[pi - 1] if pi > 0 else None
    return prv is not None and prv.kind == "punct" and prv.end == p.start and prv.text.endswith("(")


def _enumerator(pieces: list, pi: int) -> str | None:
    """The letter of a list item marker ``d)`` / ``(d)`` / ``d.`` that starts a line, else None."""
    p = pieces[pi]
    if len(p.text) != 1 or not p.text.isalpha():
        return None
    nxt = pieces[pi + 1] if pi + 1 < len(pieces) else None
    if nxt is None or nxt.kind != "punct" or not nxt.text.startswith((")", ".")) or nxt.start != p.end:
        return None
    j = pi - 1
    if j >= 0 and pieces[j].kind == "punct" and pieces[j].text == "(" and pieces[j].end == p.start:
        j -= 1
    if j >= 0 and pieces[j].kind != "nl":
        return None
    return p.text


_LEGACY_HINT = re.compile(r"[\xa1-\xfe]")  # Latin-1 letters/symbols: TCVN3 and VNI bytes read as cp1252
_LEGACY_MIN_HITS = 2


def _legacy_convert(text: str) -> tuple[str, str]:
    """``(to_nfc(text), 'unicode')`` or the TCVN3 / VNI conversion when the text is legacy mojibake.

    Cheap pre-check: detection only runs when the text holds at least two Latin-1 characters, so ASCII
    (diacritics-stripped) text costs one regex scan; English-OCR text (``nhiém``) is checked and kept.
    """
    if len(_LEGACY_HINT.findall(text, 0, 20000)) < _LEGACY_MIN_HITS:
        return to_nfc(text), "unicode"
    from .legacy import detect_and_convert

    return detect_and_convert(text)
