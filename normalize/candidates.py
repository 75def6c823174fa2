"""Candidate generation: the noisy channel's readings of one raw token, with their costs.

For each raw word token the candidates are lexicon syllables with the same diacritics-free key
(``cua`` → của, cua, cùa …), syllables reachable by OCR rewrite rules (``ctia`` → ``cua`` → của) and
whole-token OCR confusions (``x4`` → xã).  Each candidate has a channel cost ``-log P(raw | candidate)``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import islice

from . import beam
from .config import RestoreConfig
from .legacy import clear_word_memo
from .model import SPECIALS, UNK, Model
from .text import is_vietnamese_syllable, strip_diacritics, strip_tone, syllable_key, tone_of
from .tokens import classify_cached

ONSETS = frozenset({"b", "c", "ch", "d", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph",
                    "qu", "r", "s", "t", "th", "tr", "v", "x"})

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


_N_SPECIAL = len(SPECIALS)  # LM ids below this are no words (UNK, NUM, …)
_UNBUILT = object()  # CandidateGenerator._rw_tables before its first use
_PREFETCH_MIN = 4  # keys to expand that make a compiled call worth it


def _put(memo: dict, key: object, value: object, cap: int) -> None:
    """``memo[key] = value``, first dropping the oldest quarter of the entries when ``memo`` holds ``cap``:
    memory stays bounded however many documents a process restores, and the frequent tokens come back at
    once (entries are pure functions of their key, so what is dropped only costs its recomputation)."""
    if len(memo) >= cap:
        for k in list(islice(memo, max(1, cap // 4))):
            del memo[k]
    memo[key] = value


class CandidateGenerator:
    """Candidate lists for one loaded model and config, memoised per (token, mode, change cost)."""

    def __init__(self, model: Model, config: RestoreConfig) -> None:
        self.m = model
        self.cfg = config
        self._cands: dict[tuple[str, str, float | None], list[tuple[int, float]]] = {}
        cc = model.channel.char_cost
        self.char_cost = {c: dict(d) for c, d in cc.items()}
        rules = model.channel.rules
        self.rules = {k: v for k, v in rules.items() if not k.startswith("^")}
        self.init_rules = {k[1:]: v for k, v in rules.items() if k.startswith("^")}
        self.max_rule_len = max((len(k) for k in self.rules), default=1)
        lens: dict[str, set[int]] = {}
        for k, v in self.rules.items():
            if v and k:
                lens.setdefault(k[0], set()).add(len(k))
        self._rule_lens = {ch: tuple(sorted(ls)) for ch, ls in lens.items()}
        self._rw: dict[str, dict[str, tuple[float, bool]]] = {}  # key -> its rewrites (memo)
        # (OCR token, set of words, max cost) -> whether its OCR candidates hold one of the words that cheaply
        # (memo of :meth:`reads_any`; a frozenset keeps its hash, and the name finder passes the same sets)
        self._reads_any: dict[tuple[str, frozenset[str], float], bool] = {}
        # text at a position (max_rule_len letters, fewer at the end) -> the rules matching there (memo)
        self._rules_at: dict[str, tuple[float, tuple[tuple[int, list[tuple[str, float]]], ...]]] = {}
        self._min_rule_cost = min((c for v in self.rules.values() for _, c in v), default=math.inf)
        # initial-letter rules with the key of the replacement and whether it is a đ precomputed
        self._init_keyed = {k: [(syllable_key(rep), c, "đ" in rep) for rep, c in v] for k, v in self.init_rules.items()}
        # diacritics-free key of every LM word (a model table, like the index)
        self.keys: list[str] = [syllable_key(w) for w in model.vocab]
        # onset -> open syllables whose one vowel carries a mark (bộ, số, tử), most frequent first
        by_onset: dict[str, list[int]] = {}
        for wid, (w, k) in enumerate(zip(model.vocab, self.keys, strict=True)):
            if len(w) >= 2 and k[:-1] in ONSETS and k[-1] in "aeiouy" and not w[-1].isascii() and w == w.lower():
                by_onset.setdefault(k[:-1], []).append(wid)
        self.lost_vowel = {o: sorted(ids, key=lambda i: -model.uni[i])[:self.cfg.lost_vowel_top] for o, ids in by_onset.items()}
        # one-edit neighbourhoods of the lexicon keys (see :meth:`near_keys`): a key with one letter removed
        # -> the keys it came from (that letter one _edits1 inserts), and a key with one letter blanked
        # ("\0") -> the keys that have a substitutable letter there
        self._ins: dict[str, list[str]] = {}
        self._sub: dict[str, list[str]] = {}
        for k in model.index:
            for i, ch in enumerate(k):
                if ch in _KEY_LETTERS:
                    self._ins.setdefault(k[:i] + k[i + 1:], []).append(k)
                    self._sub.setdefault(k[:i] + "\0" + k[i + 1:], []).append(k)
        # the compiled rewrite expansion's tables, built on first use (:meth:`rewrite_tables`; None: expand in Python)
        self._rw_tables: beam.RewriteTables | None | object = _UNBUILT
        # canonical abbreviations with Đ (QĐ, NĐ, HĐND): OCR may read their Đ as P or B inside codes
        self.dd_abbreviations = frozenset(v for v in model.abbreviations.values() if "Đ" in v)
        self.vie = model.channel.vie if self.cfg.vie_channel else {}

    def _rule_matches(self, win: str) -> tuple[float, tuple[tuple[int, list[tuple[str, float]]], ...]]:
        """The cheapest cost and (length, replacements) of the rules that match at the start of ``win``, shortest
        first (no rule: an infinite cost)."""
        out = []
        for L in self._rule_lens.get(win[:1], ()):
            if len(win) < L:
                break
            lst = self.rules.get(win[:L])
            if lst:
                out.append((L, lst))
        hits = (min((c for _, lst in out for _, c in lst), default=math.inf), tuple(out))
        _put(self._rules_at, win, hits, self.cfg.rewrite_cache_max)
        return hits

    def clear_caches(self) -> None:
        """Forget everything memoised per token (candidate lists, rewrites, legacy-encoding word checks, token
        classes); the model tables stay."""
        self._cands.clear()
        self._rw.clear()
        self._rules_at.clear()
        self._reads_any.clear()
        clear_word_memo()
        classify_cached.cache_clear()

    def reads_any(self, low: str, words: frozenset[str], max_cost: float) -> bool:
        """Whether the OCR candidates of the lower-cased token ``low`` hold a word of ``words`` at a channel cost
        of at most ``max_cost``.  Memoised per (token, set, cost): the name finder asks it of every capitalised
        word of every line, for its slots' spellings."""
        mk = (low, words, max_cost)
        hit = self._reads_any.get(mk)
        if hit is None:
            vocab = self.m.vocab
            hit = any(c <= max_cost and w >= _N_SPECIAL and vocab[w] in words for w, c in self.candidates(low, "ocr"))
            _put(self._reads_any, mk, hit, self.cfg.candidate_cache_max)
        return hit

    def key_of(self, wid: int) -> str:
        return self.keys[wid]

    def near_keys(self, key: str) -> set[str]:
        """The lexicon keys among :func:`_edits1` of ``key`` (one deletion, substitution or insertion), found
        through the precomputed neighbourhoods: about 2 x len(key) look-ups instead of ~50 x len(key)."""
        index = self.m.index
        sub_get = self._sub.get
        out = set(self._ins.get(key, ()))
        for i in range(len(key)):
            a, b = key[:i], key[i + 1:]
            d = a + b
            if d in index:
                out.add(d)
            near = sub_get(a + "\0" + b)
            if near:
                out.update(near)
        out.discard(key)
        return out

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
            cost += d.get(to, d["*"]) if d else self.cfg.vie_unseen_cost
        for o, c in zip(strip_tone(obs), strip_tone(cand), strict=True):
            if o != c:
                d = letter.get(c)
                cost += d.get(o, d["*"]) if d else self.cfg.vie_unseen_cost
        return cost

    def _vie_alternatives(self, obs: str, own: int | None) -> list[tuple[int, float]]:
        """Lexicon words with ``obs``'s letters and other marks, at ``vie_weight`` x the vie channel cost plus
        ``vie_extra``; only those the channel explains (at most ``vie_max_cost``)."""
        out = []
        for wid in self.m.index.get(syllable_key(obs), ()):
            if wid == own:
                continue
            c = self.cfg.vie_weight * self.vie_cost(obs, self.m.vocab[wid]) + self.cfg.vie_extra
            if c <= self.cfg.vie_max_cost:
                out.append((wid, round(c, 3)))
        return out

    def _rewrites(self, key: str) -> dict[str, tuple[float, bool]]:
        """Keys reachable with up to two rewrite rules: key -> (cost, needs initial đ), those :meth:`candidates`
        reads (see :meth:`_rewrites_python`), memoised."""
        hit = self._rw.get(key)
        if hit is not None:
            return hit
        # one key alone in Python: a compiled call costs more to dispatch than most keys' expansion (the keys of
        # a whole text or line go through :meth:`prefetch_rewrites` in one call)
        out = self._rewrites_python(key)
        _put(self._rw, key, out, self.cfg.rewrite_cache_max)  # read-only for callers: tokens with other marks or case share the key
        return out

    def prefetch_rewrites(self, texts: Iterable[str], mode: str = "ocr", change: float | None = None) -> None:
        """Memoise :meth:`_rewrites` of the keys of these raw (lower-cased) tokens that :meth:`candidates` will
        expand in ``mode`` in one compiled call (a call per key costs more in dispatch than in the expansion
        itself); what :meth:`candidates` then reads is the same.  ``change``: the change cost the tokens'
        candidates are memoised under (the config's, as for every text that is not native)."""
        if self._rw_tables is None:
            return
        rw, cands = self._rw, self._cands
        change = self.cfg.native_change_cost if change is None else change
        # (a token whose candidates are memoised needs no expansion: the usual case line by line)
        texts = [x for x in texts if (x, mode, change) not in cands]
        keys: Iterable[str]
        if mode == "ocr":
            keys = map(syllable_key, texts)
        elif mode == "stripped":
            # diacritics-free text reads the rewrites of a key the lexicon lacks only (else its initial rules)
            index = self.m.index
            keys = (k for k in map(syllable_key, texts) if k not in index)
        else:
            # native text reads them for a token the lexicon lacks only
            ids = self.m.ids
            keys = map(syllable_key, (x for x in texts if x not in ids))
        todo = [k for k in dict.fromkeys(keys) if k not in rw]
        if not todo:
            return
        # a few keys are left to :meth:`_rewrites` (in Python) until the kernel is loaded: a short text in a fresh
        # process then does not load it (~0.03 s); once loaded, a call costs less than expanding one key in Python
        t = self._rw_tables
        if t is _UNBUILT:
            t = self.rewrite_tables() if len(todo) >= _PREFETCH_MIN else None
        if t is not None:
            cap = self.cfg.rewrite_cache_max
            for k, out in zip(todo, t.expand(todo), strict=True):  # type: ignore[union-attr, attr-defined]
                # None: the key outgrew the kernel's working room (a long garbled token), expanded here
                _put(rw, k, out if out is not None else self._rewrites_python(k), cap)

    def rewrite_tables(self) -> beam.RewriteTables | None:
        """The rules and lexicon keys packed for the compiled expansion (built once; None: a rule the kernel
        cannot take, or switched off by setting ``_rw_tables`` to None)."""
        t = self._rw_tables
        if t is _UNBUILT:
            kept_cost = self.cfg.rewrite_edit_max if self.cfg.rewrite_edit else -1.0
            t = self._rw_tables = beam.RewriteTables.of(self.rules, self._init_keyed, list(self.m.index),
                                                        self.max_rule_len, self.cfg.max_rule_cost, kept_cost)
        return t  # type: ignore[return-value]

    def _rewrites_python(self, key: str) -> dict[str, tuple[float, bool]]:
        """:meth:`_rewrites` of one key in plain Python, not memoised; :meth:`prefetch_rewrites` computes the
        same in compiled code (:func:`normalize.beam.rewrite_expand`) for many keys at once."""
        out: dict[str, tuple[float, bool]] = {}
        out_get = out.get
        at_get = self._rules_at.get
        rules_at = self._rule_matches
        width = self.max_rule_len
        min_rule = self._min_rule_cost
        max_cost = self.cfg.max_rule_cost
        init_get = self._init_keyed.get
        # :meth:`candidates` reads a rewritten key only when it is a lexicon key or cheap enough for an edit after
        # it (``rewrite_edit_max``): the second step keeps nothing else (nothing expands it further), and the
        # first step's others are dropped at the end, so the memo and the loops over it hold only what is read
        index = self.m.index
        kept_cost = self.cfg.rewrite_edit_max if self.cfg.rewrite_edit else -1.0
        frontier = [(key, 0.0, False)]
        for depth in range(2):
            last = depth == 1
            nxt: list[tuple[str, float, bool]] = []
            for k, cost0, dd in frontier:
                n = len(k)
                for i in range(n if cost0 + min_rule <= max_cost else 0):
                    # the rules matching at i, shortest first (as trying lengths 1..max_len), by the text there,
                    # with their cheapest cost: none applies when that is over the budget
                    win = k[i:i + width]
                    hits = at_get(win)
                    if hits is None:
                        hits = rules_at(win)
                    if cost0 + hits[0] > max_cost:
                        continue
                    for L, lst in hits[1]:
                        for rep, c in lst:
                            cost = cost0 + c
                            if cost > max_cost:
                                continue
                            nk = k[:i] + rep + k[i + L:]
                            if last and cost > kept_cost and nk not in index:
                                continue
                            cur = out_get(nk)
                            if cur is None or cur[0] > cost:
                                out[nk] = (cost, dd)
                                nxt.append((nk, cost, dd))
                if not dd and n:
                    for rep_key, c, has_dd in init_get(k[0], ()):
                        cost = cost0 + c
                        nk = rep_key + k[1:]
                        if cost <= max_cost and not (last and cost > kept_cost and nk not in index):
                            cur = out_get(nk)
                            if cur is None or cur[0] > cost:
                                out[nk] = (cost, has_dd)
                                nxt.append((nk, cost, has_dd))
            frontier = nxt
        out = {k: v for k, v in out.items() if v[0] <= kept_cost or k in index}
        out.pop(key, None)
        return out

    def _initial_rewrites(self, key: str) -> dict[str, tuple[float, bool]]:
        out: dict[str, tuple[float, bool]] = {}
        if key:
            for rep, c in self.init_rules.get(key[0], ()):
                nk = syllable_key(rep) + key[1:]
                if c <= self.cfg.max_rule_cost and nk != key and (nk not in out or out[nk][0] > c):
                    out[nk] = (c, "đ" in rep)
        return out

    def candidates(self, obs: str, mode: str, change: float | None = None) -> list[tuple[int, float]]:
        """(LM id, channel cost) for a lower-cased raw token; UNK = keep the raw token.

        ``change``: in native text, the cost of reading a lexicon word as another word (``-log q``, q the
        share of the document's plain-letter words that lost their marks, see :func:`normalize.mode.native_change_cost`);
        keeping the word then costs ``-log(1 - q)``."""
        if change is None:
            change = self.cfg.native_change_cost
        ck = (obs, mode, change)
        hit = self._cands.get(ck)
        if hit is not None:
            return hit
        m = self.m
        ids = m.ids
        own = ids.get(obs)
        if mode == "native" and own is not None and (not obs.isascii() or obs in self.cfg.native_keep):
            res = [(own, 0.0)]
            if self.vie and not obs.isascii():
                # Vietnamese-model OCR reads the letters and confuses the marks ('phố' for 'phổ', 'chông' for
                # 'chống', 'dõi' for 'đối'): the same letters with other marks, at the learned vie channel's cost
                res += self._vie_alternatives(obs, own)
            elif self.cfg.native_tone_cost is not None and not obs.isascii():
                # no vie channel in the model: the same letters with another tone mark at a fixed cost
                base = strip_tone(obs)
                for wid in m.index.get(syllable_key(obs), ()):
                    if wid != own and strip_tone(m.vocab[wid]) == base:
                        res.append((wid, self.cfg.native_tone_cost))
            _put(self._cands, ck, res, self.cfg.candidate_cache_max)
            return res
        if (self.cfg.native_keep_unknown and mode == "native" and own is None and not obs.isascii()
                and is_vietnamese_syllable(obs)):
            # a well-formed syllable the lexicon lacks ('cuống'): real text, keep it; unless it is a vie misread
            # of a lexicon word ('triên' for 'triển', 'huồng' for 'huống'), which the LM then weighs
            res = [(UNK, 0.0)]
            if self.vie:
                res += self._vie_alternatives(obs, None)
            _put(self._cands, ck, res, self.cfg.candidate_cache_max)
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
        rule_extra = self.cfg.stripped_rule_extra if mode == "stripped" else 0.0
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
        # (the loops below run per rewritten key and word of a cold token: the look-ups bound once, and the cost
        # terms that do not depend on the word summed once per key, in the same order of operations)
        index_get, vocab, best_get = m.index.get, m.vocab, best.get
        n_obs = len(obs)
        diac_w, dd_mis = self.cfg.symbol_diac_weight, self.cfg.dd_mismatch
        for nk, (rc, dd) in rewrites.items():
            wids = index_get(nk)
            if not wids:
                continue
            c0 = rc + rule_extra + 0.3
            for wid in wids[:6]:
                c = c0
                if sym_pos or dd:
                    w = vocab[wid]
                    if sym_pos and len(w) == n_obs:
                        # which accented letter the digit / symbol stood for ('x4' -> xã rather than xa)
                        for i, table in sym_pos:
                            c += table.get(w[i], table["*"]) * diac_w
                    if dd and not w.startswith("đ"):
                        c += dd_mis
                if c < best_get(wid, 1e9):
                    best[wid] = c
        if mode == "ocr" and own is None and key not in m.index:
            # unknown OCR token: any syllable one edit away on the key is possible, at a fixed cost
            edit1 = self.cfg.edit1_cost
            for nk in self.near_keys(key):
                for wid in index_get(nk, ())[:4]:
                    if best_get(wid, 1e9) > edit1:
                        best[wid] = edit1
            if self.cfg.rewrite_edit:
                # one edit after a cheap rewrite ('chire' -ir->u- 'chue' -> 'chuc')
                index, edit_max = m.index, self.cfg.rewrite_edit_max
                for rk, (rc, _dd) in rewrites.items():
                    if rc > edit_max or rk in index:
                        continue
                    c = rc + edit1
                    for nk in self.near_keys(rk):
                        for wid in index_get(nk, ())[:4]:
                            if best_get(wid, 1e9) > c:
                                best[wid] = c
        if mode == "ocr" and self.cfg.lost_vowel_cost is not None:
            for wid in self.lost_vowel.get(obs, ()):
                if best.get(wid, 1e9) > self.cfg.lost_vowel_cost:
                    best[wid] = self.cfg.lost_vowel_cost
        tm_extra = rule_extra + ((change if mode == "native" else self.cfg.native_change_cost)
                                 if mode != "ocr" and own is not None else 0.0)
        for w, c in m.channel.token_map.get(obs, ()):
            tid = ids.get(w)
            if tid is not None and c + tm_extra < best.get(tid, 1e9):
                best[tid] = c + tm_extra
        uni, keys = m.uni, self.keys
        # ties (equally rare words) broken by id: the order edits were generated in must not decide
        # (as sorting the items by (score, id): ids are distinct, so the costs after them are never compared; no
        # key function called per item)
        top = self.cfg.top_k_ocr if mode == "ocr" else self.cfg.top_k
        ranked = [(w, c) for _s, w, c in sorted([(c - 0.5 * uni[w], w, c) for w, c in best.items()])[:top]]
        if ranked:
            floor = min(c for _, c in ranked) + self.cfg.cost_gap
            ranked = [x for x in ranked if x[1] <= floor]
        if own is None:
            # keeping an out-of-lexicon token: cheap when nothing explains it, dear when a syllable with
            # the same letters exists (the usual case for text without diacritics)
            same_key = any(keys[w] == key for w, _ in ranked)  # keys[w] is syllable_key(vocab[w])
            keep = self.cfg.keep_raw_same_key if same_key else (self.cfg.keep_raw_ocr if ranked and mode == "ocr" else 0.0)
            ranked.append((UNK, keep))
        res = ranked
        _put(self._cands, ck, res, self.cfg.candidate_cache_max)
        return res
