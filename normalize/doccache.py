"""Document cache: a second pass that favours the spelling the document itself uses elsewhere."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable

from .model import SPECIALS
from .restorer import Restorer

_MISSING = object()


def cache_pass(r: Restorer, seq: list[list[tuple[int, float]]], segments: list[tuple[int, int]],
               choice: list[int], conf: list[float],
               caps: list[int] | Callable[[], list[int]] | None = None) -> None:
    """Document cache: a second pass that favours the spelling the document itself uses elsewhere.

    Legal and administrative texts repeat their terms (``hưởng``, ``đường``, ``thường trú``).  From the first
    pass, confident choices are counted per diacritics-free key, and also per key *next to a neighbouring
    key* (``luu tru`` → lưu trú in a residence law, lưu trữ in a film law; ``dong bao`` → đóng bảo hiểm where
    ``dong`` alone is mostly đồng / động).  A candidate's channel cost is then lowered by ``weight * log`` of
    its (add-one smoothed) share among the confident choices of its key, taken next to the same neighbour
    when the document has ``cache_ctx_min`` such choices, else of the key alone; the segments where that
    changes anything are decoded again.  Keys seen fewer than ``cache_min`` times are left alone, so short
    inputs (one line) are decoded once.

    ``caps`` per position: 2 a capitalised word after a word, 1 another capitalised word, else 0 (a callable
    that makes the list: called only when the pass goes beyond its first test).
    """
    if len(seq) < 2 and min(r.cfg.cache_min, r.cfg.cache_name_min) >= 2:
        return  # one position: no distribution reaches its minimum count (the test below, without its lists)
    m = r.m
    keyof = r.keys.__getitem__
    n_special = len(SPECIALS)
    # first-pass key of every position (None: not a word) and its segment, for neighbour contexts
    ws = [cands[ch][0] for cands, ch in zip(seq, choice, strict=True)]  # first-pass word per position
    kat: list[str | None] = [keyof(w) if w >= n_special else None for w in ws]
    if min(r.cfg.cache_min, r.cfg.cache_name_min) >= 2:
        caps = _caps_if_counted(kat, caps, r.cfg.cache_min, r.cfg.cache_name_min)
        if caps is None:
            return  # no distribution can reach its minimum count (a short line): nothing to re-decode
    caps = (caps() if callable(caps) else caps) or [0] * len(seq)
    # (left, right) first-pass keys of the neighbours in the same segment, per position (None: none)
    nbs: list[tuple[str | None, str | None]] = [(None, None)] * len(seq)
    for a, b in segments:
        if b > a:
            nbs[a:b] = zip([None, *kat[a:b - 1]], [*kat[a + 1:b], None], strict=True)

    counts: dict[str, dict[int, int]] = {}
    ctx_counts: dict[tuple[str, str, int], dict[int, int]] = {}  # (neighbour key, key, side) -> word -> n
    # names: capitalised words after a word of the same line (2) are counted with a lower confidence bar
    # and their majority spelling is favoured, with more weight, at every capitalised occurrence (1 or 2)
    cap_counts: dict[str, dict[int, int]] = {}
    cache_conf, name_conf, use_ctx = r.cfg.cache_conf, r.cfg.cache_name_conf, bool(r.cfg.cache_ctx_min)
    for si, cands in enumerate(seq):
        w = ws[si]
        if len(cands) < 2:
            if caps[si] == 2 and w >= n_special:
                # a name fixed before decoding (the gazetteer's 'Cần Thơ'): its spelling counts for the
                # document's other capitalised uses of the key ('Tho)' at a line start)
                d = cap_counts.setdefault(kat[si], {})  # type: ignore[arg-type]
                d[w] = d.get(w, 0) + 1
            continue
        if w < n_special:
            continue
        k = kat[si]
        c0 = conf[si]
        if c0 >= cache_conf:
            d = counts.setdefault(k, {})  # type: ignore[arg-type]
            d[w] = d.get(w, 0) + 1
            if use_ctx:
                left, right = nbs[si]
                if left is not None:
                    d = ctx_counts.setdefault((left, k, 0), {})  # type: ignore[arg-type]
                    d[w] = d.get(w, 0) + 1
                if right is not None:
                    d = ctx_counts.setdefault((right, k, 1), {})  # type: ignore[arg-type]
                    d[w] = d.get(w, 0) + 1
        if caps[si] == 2 and c0 >= name_conf:
            d = cap_counts.setdefault(k, {})  # type: ignore[arg-type]
            d[w] = d.get(w, 0) + 1
    counts = {k: d for k, d in counts.items() if sum(d.values()) >= r.cfg.cache_min}
    ctx_counts = {k: d for k, d in ctx_counts.items() if sum(d.values()) >= max(r.cfg.cache_ctx_min, 1)}
    cap_counts = {k: d for k, d in cap_counts.items() if sum(d.values()) >= r.cfg.cache_name_min}
    if not counts and not cap_counts:
        return
    index = m.index
    log = math.log
    counted = set(counts) | set(cap_counts)  # keys with any distribution

    def summary(d: dict[int, int]) -> tuple[dict[int, int], int, int]:
        return d, sum(d.values()), max(d, key=d.__getitem__)  # counts, total, favourite (first of equals)

    counts_s = {k: summary(d) for k, d in counts.items()}
    ctx_s = {k: summary(d) for k, d in ctx_counts.items()}
    cap_s = {k: summary(d) for k, d in cap_counts.items()}
    cache_weight, name_weight, ctx_weight = r.cfg.cache_weight, r.cfg.cache_name_weight, r.cfg.cache_ctx_weight

    # each distribution as the tuple the cache uses: (counts, weight, total, alternatives, favourite, the
    # favourite's bonus: what the swings read most)
    def alternatives(k: str) -> int:
        return len(index.get(k, ())) or 1

    def as_dd(sd: tuple[dict[int, int], int, int], weight: float, alts: int) -> tuple:
        d, tot, fav = sd
        return d, weight, tot, alts, fav, weight * log((d.get(fav, 0) + 0.5) / (tot + 0.5 * alts) * alts)

    base_dd = {k: as_dd(sd, cache_weight, alternatives(k)) for k, sd in counts_s.items()}
    cap_dd = {k: as_dd(sd, name_weight, alternatives(k)) for k, sd in cap_s.items()}
    ctx_dd = {ck: as_dd(sd, ctx_weight, alternatives(ck[1])) for ck, sd in ctx_s.items()}
    # key -> its context distributions by the left neighbour's key and by the right one's (no tuple to build per
    # look-up; None, no neighbour, is never a context)
    ctx_of: dict[str, tuple[dict[str, tuple], dict[str, tuple]]] = {}
    for (nb, k, side), dd in ctx_dd.items():
        ctx_of.setdefault(k, ({}, {}))[side][nb] = dd

    def dist(k: str, cap: bool, left: str | None, right: str | None) -> tuple | None:
        """The distribution the cache uses for key k at a position: a capitalised word's names', else the
        key's next to the neighbour with more counts (when the document has that context often enough), else
        the key's own (None: none)."""
        if cap and k in cap_dd:
            return cap_dd[k]
        base = base_dd.get(k)
        if base is None:  # (cache_min)
            return None
        by_side = ctx_of.get(k)
        if by_side is None:  # no context of it counted
            return base
        best = by_side[0].get(left)  # type: ignore[arg-type]
        c = by_side[1].get(right)  # type: ignore[arg-type]
        if c is not None and (best is None or c[2] > best[2]):
            best = c
        return best if best is not None else base

    # every word that is a favourite of some distribution of a key (the key's own, its names', any context's):
    # a position can only be drawn to one of these
    favs: dict[str, set[int]] = {}
    for k, sd in counts_s.items():
        favs.setdefault(k, set()).add(sd[2])
    for k, sd in cap_s.items():
        favs.setdefault(k, set()).add(sd[2])
    for (_nb, k, _side), sd in ctx_s.items():
        favs.setdefault(k, set()).add(sd[2])

    # candidate lists are shared by repeated tokens: their words grouped by counted key, once per list, with the
    # favourites of the key among them
    groups: dict[int, tuple[tuple[str, frozenset[int], frozenset[int]], ...]] = {}

    def key_groups(cands: list[tuple[int, float]]) -> tuple[tuple[str, frozenset[int], frozenset[int]], ...]:
        by_key: dict[str, set[int]] = {}
        for w, _ in cands:
            if w >= n_special:
                k = keyof(w)
                if k in counted:
                    by_key.setdefault(k, set()).add(w)
        return tuple((k, frozenset(ws), frozenset(favs.get(k, set()) & ws)) for k, ws in by_key.items())

    def bonus(w: int, dd: tuple) -> float:
        d, weight, tot, alts, fav, fav_bonus = dd
        if w == fav:
            return fav_bonus  # (the same arithmetic, done once)
        return weight * math.log((d.get(w, 0) + 0.5) / (tot + 0.5 * alts) * alts)

    # the runs to decode again, of every segment: (first, end, free positions, candidates); they do not
    # overlap (see below) and the first-pass choices they read are their own, so all are decoded in one call
    # the positions whose candidates include a favourite of some distribution: only these can be drawn to
    # another spelling (one pass over the distinct candidate lists, one cheap pass over the positions)
    for cands in {id(c): c for c in seq if len(c) >= 2}.values():
        groups[id(cands)] = key_groups(cands)
    drawn = {lid for lid, kg in groups.items() if any(cf for _k, _ws, cf in kg)}
    drawable = [si for si, c in enumerate(seq) if id(c) in drawn]

    def swing_of(kg: tuple, w0: int, cap: bool, left: str | None, right: str | None) -> float | None:
        """The bonus swing towards the first favourite (of a key among the candidates) the cache prefers to the
        first-pass word w0, or None."""
        d0 = _MISSING
        for k, ws, cf in kg:
            if not cf or (w0 in cf and len(cf) == 1):
                continue  # no favourite of this key but the first-pass word is a candidate here
            dd = dist(k, cap, left, right)
            if dd is None or dd[4] == w0 or dd[4] not in ws:
                continue
            if d0 is _MISSING:
                d0 = dist(keyof(w0), cap, left, right) if w0 >= n_special and keyof(w0) in counted else None
            swing = dd[5] - (bonus(w0, d0) if d0 is not None else 0.0)  # type: ignore[arg-type]
            if swing > 0.0:  # else the cache favours the first-pass choice at least as much
                return swing
        return None


    def recost(cands: list[tuple[int, float]], cap: bool, left: str | None,
               right: str | None) -> list[tuple[int, float]]:
        """The candidates with each cost lowered by the cache's bonus of its word (the list itself: no bonus)."""
        kg = groups.get(id(cands))
        if kg is None:
            kg = groups[id(cands)] = key_groups(cands)
        dds = [dist(k, cap, left, right) for k, _ws, _cf in kg]  # the distribution of each key here
        # the list re-costed is a function of the list and these distributions (objects of this pass): positions
        # with other neighbours or capitals that select the same ones share it
        rk = (id(cands), *map(id, dds))
        hit = by_dists.get(rk)
        if hit is not None:
            return hit
        by_word = {}  # candidate word -> the distribution of its key here
        for (_k, ws, _cf), dd in zip(kg, dds, strict=True):
            if dd is not None:
                for w in ws:
                    by_word[w] = dd
        if not by_word:
            by_dists[rk] = cands
            return cands
        adj = []
        for w, cost in cands:
            dd = by_word.get(w)
            if dd is not None:
                # bonus(w, dd), inlined (the same arithmetic): this loop runs per candidate
                d, weight, tot, alts, _fav, _fb = dd
                cost = cost - weight * log((d.get(w, 0) + 0.5) / (tot + 0.5 * alts) * alts)
            adj.append((w, cost))
        by_dists[rk] = adj
        return adj

    by_dists: dict[tuple, list[tuple[int, float]]] = {}
    adjusted: dict[tuple, list[tuple[int, float]]] = {}
    batch: list[tuple[int, int, set[int], list[list[tuple[int, float]]]]] = []
    for a, b in segments:
        # decode again only around tokens where the document prefers another spelling than the first pass
        # chose (a window of r.cfg.cache_window tokens each side); elsewhere the first-pass choice is kept fixed
        wanted: dict[int, float] = {}  # position -> bonus swing towards the document's favourite
        for si in drawable[bisect_left(drawable, a):bisect_left(drawable, b)]:
            cands = seq[si]
            left, right = nbs[si]
            swing = swing_of(groups[id(cands)], cands[choice[si]][0], caps[si] > 0, left, right)
            if swing is not None:
                wanted[si] = swing
        hot: list[int] = []
        for si, swing in wanted.items():
            # an isolated token that the first pass chose with local odds conf / (1 - conf) far above the
            # swing cannot change; neighbours that may change too (within a trigram) are decoded jointly
            c0 = conf[si]
            isolated = not any(sj in wanted for sj in (si - 2, si - 1, si + 1, si + 2))
            if isolated and (c0 >= 1.0 or math.log(c0 / (1.0 - c0)) > swing + r.cfg.cache_skip_margin):
                continue
            hot.append(si)
        if not hot:
            continue
        free: set[int] = set()
        for si in hot:
            free.update(range(max(a, si - r.cfg.cache_window), min(b, si + r.cfg.cache_window + 1)))
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
                ak = (id(cands), caps[si] > 0, nbs[si])  # what the re-costed list depends on
                adj = adjusted.get(ak)
                if adj is None:
                    adj = adjusted[ak] = recost(cands, ak[1], *ak[2])
                new_sub.append(adj)
            batch.append((a2, b2, free, new_sub))
    for (a2, b2, free, _sub), (ch, post) in zip(batch, r.decode_many([x[3] for x in batch]), strict=True):
        for j, si in enumerate(range(a2, b2)):
            if si in free:
                choice[si] = ch[j]
                conf[si] = post[j]


def _caps_if_counted(kat: list[str | None], caps: list[int] | Callable[[], list[int]] | None, cache_min: int,
                     name_min: int) -> list[int] | Callable[[], list[int]] | None:
    """None when no distribution of :func:`cache_pass` can reach its minimum count, judged from the first-pass
    keys ``kat`` alone (a position counts at most once, for its own key): no key ``cache_min`` times, and no key
    ``name_min`` times among the capitalised words after a word (``caps`` 2; made only when a key repeats, which
    a short line seldom does).  Else ``caps`` (made when it had to be).  Both minimums at least 2."""
    words = [k for k in kat if k is not None]
    if len(set(words)) == len(words):
        return None  # no key twice
    if max(Counter(words).values()) >= cache_min:
        return caps
    caps = (caps() if callable(caps) else caps) or [0] * len(kat)
    named = [k for k, c in zip(kat, caps, strict=True) if c == 2 and k is not None]
    if not named or max(Counter(named).values()) < name_min:
        return None
    return caps
