"""Compiled inner loops of the decoder: beam Viterbi over trigram states and per-token posteriors.

The restorer spends most of its time scoring (hypothesis x candidate) pairs against the trigram model.
These kernels do that arithmetic with numba on flat arrays; :class:`LMArrays` holds the model's tables in
that form (compressed sparse rows: a word's bigram successors, a context's trigrams, each row sorted and
searched by bisection).  The arithmetic is the
same as :meth:`normalize.model.Model.logp` (interpolated back-off: trigram if seen, else bigram-or-backed-off
unigram plus the context's back-off weight), operation for operation, so scores and ties are the ones the
plain Python model gives.

Candidates of a sentence arrive flattened: ``ids[offs[i]:offs[i+1]]`` and ``costs[...]`` are position
``i``'s candidate word ids and channel costs.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from itertools import accumulate, chain
from operator import itemgetter
from pathlib import Path

import numba
import numpy as np
from numba import njit
from numba.core.caching import UserWideCacheLocator

from .model import BOS, EOS, UNK, UNK_LOGP, Model

log = logging.getLogger(__name__)


def _kernel_cache(src: Path = Path(__file__)) -> bool:
    """Make the kernels compiled at install time (``make setup`` runs :func:`warm_up`, which numba caches in
    ``__pycache__`` beside this file) reachable by every process; returns njit's ``cache`` flag.

    numba only uses that directory when it can write to it.  A read-only install (a system site-packages, a
    container image) would make it compile again (~5 s per process, ~20 s on a busy machine) into the user's
    cache directory, and with no writable directory at all it refuses to import.  So: the install-time files
    are copied into the user's numba cache when they are newer, and with nowhere to write the kernels are
    compiled without a cache (slow, but they work)."""
    installed = src.parent / "__pycache__"
    if numba.config.CACHE_DIR or os.access(installed if installed.is_dir() else src.parent, os.W_OK):
        return True  # numba's own choice: the directory the user named, or the in-tree cache
    try:
        locator = UserWideCacheLocator(_kernel_cache, str(src))
        locator.ensure_cache_path()
    except OSError:
        log.warning("no writable numba cache for %s: the restoration kernels compile in every process", src)
        return False
    dest = Path(locator.get_cache_path())
    for f in installed.glob(f"{src.stem}.*.nb[ic]"):
        target = dest / f.name
        try:
            if target.exists() and target.stat().st_mtime >= f.stat().st_mtime:
                continue
            # beside the target, then renamed: a process starting at the same time never reads half a file
            fd, tmp = tempfile.mkstemp(dir=dest, prefix=f".{f.name}.", suffix=".tmp")
            os.close(fd)
            try:
                shutil.copyfile(f, tmp)
                os.replace(tmp, target)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError as e:  # numba then compiles that kernel and caches it there itself
            log.debug("numba cache: %s not copied (%s)", f.name, e)
    return True


_CACHE = _kernel_cache()


@dataclass(frozen=True)
class LMArrays:
    """The trigram model as compressed sparse rows (successors sorted ascending in each row).

    ``bi_c[bi_ptr[b]:bi_ptr[b + 1]]`` are the words c with a bigram (b, c), ``bi_v`` their log P;
    ``cx_b[cx_ptr[a]:cx_ptr[a + 1]]`` the words b such that (a, b) is a trigram context, ``cx_v`` its back-off
    weight; for the context at index j of that array, ``tri_c[tri_ptr[j]:tri_ptr[j + 1]]`` and ``tri_v`` are
    its trigrams.  A lookup is then a binary search in one short row.
    """

    V: int
    uni: np.ndarray  # (V,) unigram log P
    bo2: np.ndarray  # (V,) bigram back-off weight per context word
    bi_ptr: np.ndarray
    bi_c: np.ndarray
    bi_v: np.ndarray
    cx_ptr: np.ndarray
    cx_b: np.ndarray
    cx_v: np.ndarray
    tri_ptr: np.ndarray
    tri_c: np.ndarray
    tri_v: np.ndarray

    @classmethod
    def of(cls, m: Model) -> LMArrays:
        V = m.V

        def table(d: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
            k = np.fromiter(d.keys(), dtype=np.int64, count=len(d))
            v = np.fromiter(d.values(), dtype=np.float64, count=len(d))
            order = np.argsort(k, kind="stable")
            return k[order], v[order]

        def rows(keys: np.ndarray, n_rows: int) -> tuple[np.ndarray, np.ndarray]:
            """Row pointers and column ids of sorted keys row * V + col."""
            row, col = np.divmod(keys, V)
            ptr = np.zeros(n_rows + 1, np.int64)
            np.cumsum(np.bincount(row, minlength=n_rows), out=ptr[1:])
            return ptr, col

        bi_k, bi_v = table(m.bi)
        bi_ptr, bi_c = rows(bi_k, V)
        cx_k, cx_v = table(m.bo3)
        cx_ptr, cx_b = rows(cx_k, V)
        tri_k, tri_v = table(m.tri)
        # every trigram's context (a, b) is a context with a back-off weight: row j of the trigram table
        tri_ctx, tri_c = np.divmod(tri_k, V)
        j = np.searchsorted(cx_k, tri_ctx)
        if not np.array_equal(cx_k[np.minimum(j, len(cx_k) - 1)], tri_ctx):
            raise ValueError("model: a trigram's context has no back-off weight")
        tri_ptr = np.zeros(len(cx_k) + 1, np.int64)
        np.cumsum(np.bincount(j, minlength=len(cx_k)), out=tri_ptr[1:])
        # the searched tables in the narrowest types that hold them exactly (word ids in 16 bits, row pointers in
        # 32, the log-probs, stored as float16 in the model, in 32): a third of the bytes, so more of them stay
        # in the CPU caches between the lookups (the kernels widen each value to float64 as it is read, so the
        # arithmetic and its results are the same)
        col = np.int16 if V < 2**15 else np.int32
        return cls(V, np.asarray(m.uni, dtype=np.float64), np.asarray(m.bo2, dtype=np.float64),
                   _narrow(bi_ptr), bi_c.astype(col), _exact32(bi_v), _narrow(cx_ptr), cx_b.astype(col),
                   _exact32(cx_v), _narrow(tri_ptr), tri_c.astype(col), _exact32(tri_v))

    def args(self) -> tuple:
        return (self.uni, self.bo2, self.bi_ptr, self.bi_c, self.bi_v, self.cx_ptr, self.cx_b, self.cx_v,
                self.tri_ptr, self.tri_c, self.tri_v)


def _narrow(ptr: np.ndarray) -> np.ndarray:
    """Row pointers as int32 when they fit."""
    return ptr.astype(np.int32) if ptr[-1] <= np.iinfo(np.int32).max else ptr


def _exact32(v: np.ndarray) -> np.ndarray:
    """float64 values as float32 when every one is a float32 (else as they are: no value may change)."""
    v32 = v.astype(np.float32)
    return v32 if np.array_equal(v32.astype(np.float64), v) else v


@njit(cache=_CACHE)
def _row(cols: np.ndarray, lo: int, hi: int, key: int) -> int:
    """Index of ``key`` in the sorted ``cols[lo:hi]``, or -1."""
    while lo < hi:
        mid = (lo + hi) >> 1
        v = cols[mid]
        if v < key:
            lo = mid + 1
        elif v > key:
            hi = mid
        else:
            return mid
    return -1


@njit(cache=_CACHE)
def _ctx(a: int, b: int, cx_ptr, cx_b) -> int:
    """Index of the trigram context (a, b), or -1 when no trigram has it."""
    return _row(cx_b, cx_ptr[a], cx_ptr[a + 1], b)


@njit(cache=_CACHE)
def _lp_ctx(j: int, b: int, c: int, uni, bo2, bi_ptr, bi_c, bi_v, cx_v, tri_ptr, tri_c, tri_v) -> float:
    """log P(c | a b) for a known context index j of (a, b) (-1: none), as Model.logp (c is not <unk>)."""
    if j >= 0:
        t = _row(tri_c, tri_ptr[j], tri_ptr[j + 1], c)
        if t >= 0:
            return tri_v[t]
    k = _row(bi_c, bi_ptr[b], bi_ptr[b + 1], c)
    lp = bi_v[k] if k >= 0 else bo2[b] + uni[c]
    if j >= 0:
        return cx_v[j] + lp
    return lp


@njit(cache=_CACHE)
def _lp(a: int, b: int, c: int, unk: int, unk_lp: float,
        uni, bo2, bi_ptr, bi_c, bi_v, cx_ptr, cx_b, cx_v, tri_ptr, tri_c, tri_v) -> float:
    """log P(c | a b), as Model.logp."""
    if c == unk:
        return unk_lp
    j = _ctx(a, b, cx_ptr, cx_b)
    return _lp_ctx(j, b, c, uni, bo2, bi_ptr, bi_c, bi_v, cx_v, tri_ptr, tri_c, tri_v)


@njit(cache=_CACHE)
def _top(sc, ns: int, k: int, order) -> int:
    """Indexes of the ``k`` best of ``sc[:ns]`` into ``order``, best first, equals in index order: the head of
    a stable descending sort (``np.argsort(-sc[:ns], kind="mergesort")[:k]``) without sorting all ``ns``
    (and without allocating: this runs once per position).  Returns how many (min(k, ns))."""
    cnt = 0
    for idx in range(ns):
        s = sc[idx]
        if cnt == k:
            if not s > sc[order[k - 1]]:
                continue
            j = k - 1
        else:
            j = cnt
            cnt += 1
        while j > 0 and sc[order[j - 1]] < s:
            order[j] = order[j - 1]
            j -= 1
        order[j] = idx
    return cnt


@njit(cache=_CACHE)
def viterbi(ids, costs, offs, unk: int, unk_lp: float, bos: int, eos: int, beam: int, gap: float,
            uni, bo2, bi_ptr, bi_c, bi_v, cx_ptr, cx_b, cx_v, tri_ptr, tri_c, tri_v, xs, lpv, ent_a, ent_b,
            ent_n) -> np.ndarray:
    """Best candidate index (within its position) per position.

    ``xs``: when not empty (one slot per candidate of this sentence: ``xs[offs[i] - offs[0] + ci]``), it receives
    log P(candidate | the best path's two words before it) for every candidate, which :func:`posteriors` then reads instead of computing it again (the scores
    the search made for the path's hypothesis).

    ``lpv``, ``ent_a``, ``ent_b``, ``ent_n``: when ``ent_n`` is not empty, they receive every score the search made,
    ``lpv[(offs[i] - offs[0] + ci) * beam + h]`` = log P(candidate ci of position i | hypothesis h entering i), and
    the hypotheses entering each position i, ``ent_n[i]`` states ``(ent_a[i, h], ent_b[i, h])``:
    :func:`posteriors_shared` reads its terms there (``lpv`` then has ``(offs[-1] - offs[0]) * beam`` slots).

    Hypotheses are trigram states (b, c); per position every hypothesis x candidate pair is scored, a state
    reached twice keeps the first arrival unless a later one scores strictly higher, the states are sorted
    by score (stable: ties keep their first-arrival order) and the best ``beam`` within ``gap`` of the top
    survive (all of them when the position has a single candidate).
    """
    npos = offs.shape[0] - 1
    maxc = 1
    for i in range(npos):
        maxc = max(maxc, offs[i + 1] - offs[i])
    h_sc = np.empty(beam, np.float64)  # current hypotheses: score and state (a, b)
    h_a = np.empty(beam, np.int64)
    h_b = np.empty(beam, np.int64)
    nh = 1
    h_sc[0] = 0.0
    h_a[0] = bos
    h_b[0] = bos
    # back-pointers: for position i and kept hypothesis m, the previous hypothesis and the candidate index
    bp_h = np.zeros((npos, beam), np.int64)
    bp_c = np.zeros((npos, beam), np.int64)
    cap = beam * maxc
    st_sc = np.empty(cap, np.float64)
    st_src = np.empty(cap, np.int64)
    slot = np.empty(cap, np.int64)
    bi_lp = np.empty(cap, np.float64)  # per (distinct previous word, candidate): the backed-off bigram log P
    bi_have = np.zeros(cap, np.bool_)
    first = np.empty(maxc, np.int64)
    order = np.empty(beam, np.int64)
    bdist = np.empty(beam, np.int64)
    hb_idx = np.empty(beam, np.int64)
    n_sc = np.empty(beam, np.float64)
    n_a = np.empty(beam, np.int64)
    n_b = np.empty(beam, np.int64)
    want_x = xs.shape[0] > 0
    want_ent = ent_n.shape[0] > 0
    o0 = offs[0]
    # log P per (candidate, hypothesis): row offs[i] - o0 + ci of position i's candidate ci
    if not want_ent:
        lpv = np.empty(((offs[npos] - o0) * beam) if want_x else 0, np.float64)
    keep_lp = want_x or want_ent
    for i in range(npos):
        o = offs[i]
        n = offs[i + 1] - o
        if want_ent:
            ent_n[i] = nh
            for hi in range(nh):
                ent_a[i, hi] = h_a[hi]
                ent_b[i, hi] = h_b[hi]
        # candidates with the same id reach the same state: map each to its first occurrence
        for ci in range(n):
            first[ci] = ci
            for cj in range(ci):
                if ids[o + cj] == ids[o + ci]:
                    first[ci] = cj
                    break
        # distinct previous words b, in hypothesis order
        nb = 0
        for hi in range(nh):
            k = -1
            for q in range(nb):
                if bdist[q] == h_b[hi]:
                    k = q
                    break
            if k < 0:
                bdist[nb] = h_b[hi]
                k = nb
                nb += 1
            hb_idx[hi] = k
        for q in range(nb * n):
            slot[q] = -1
            bi_have[q] = False
        ns = 0
        for hi in range(nh):
            sc = h_sc[hi]
            b = h_b[hi]
            j = _ctx(h_a[hi], b, cx_ptr, cx_b)
            qb = hb_idx[hi] * n
            for ci in range(n):
                c = ids[o + ci]
                if c == unk:
                    lp = unk_lp
                else:
                    # _lp_ctx(j, b, c), with the bigram part shared by the hypotheses that end in the same b
                    t = _row(tri_c, tri_ptr[j], tri_ptr[j + 1], c) if j >= 0 else -1
                    if t >= 0:
                        lp = tri_v[t]
                    else:
                        if not bi_have[qb + ci]:
                            k = _row(bi_c, bi_ptr[b], bi_ptr[b + 1], c)
                            bi_lp[qb + ci] = bi_v[k] if k >= 0 else bo2[b] + uni[c]
                            bi_have[qb + ci] = True
                        lp = bi_lp[qb + ci]
                        if j >= 0:
                            lp = cx_v[j] + lp
                if keep_lp:
                    lpv[(o - o0 + ci) * beam + hi] = lp
                s = sc + lp - costs[o + ci]
                q = hb_idx[hi] * n + first[ci]
                k = slot[q]
                if k < 0:
                    slot[q] = ns
                    st_sc[ns] = s
                    st_src[ns] = hi * n + ci
                    ns += 1
                elif st_sc[k] < s:
                    st_sc[k] = s
                    st_src[k] = hi * n + ci
        kept = _top(st_sc, ns, beam, order)
        cut = st_sc[order[0]] - gap if n > 1 else -np.inf
        m = 0
        for r in range(kept):
            k = order[r]
            s = st_sc[k]
            if s < cut:
                break
            hi = st_src[k] // n
            ci = st_src[k] % n
            n_sc[m] = s
            n_a[m] = h_b[hi]
            n_b[m] = ids[o + ci]
            bp_h[i, m] = hi
            bp_c[i, m] = ci
            m += 1
        nh = m
        h_sc[:m] = n_sc[:m]
        h_a[:m] = n_a[:m]
        h_b[:m] = n_b[:m]
    # best final hypothesis with the end-of-sentence term (the first of equals wins)
    best = 0
    best_s = -np.inf
    for hi in range(nh):
        s = h_sc[hi] + _lp(h_a[hi], h_b[hi], eos, unk, unk_lp,
                           uni, bo2, bi_ptr, bi_c, bi_v, cx_ptr, cx_b, cx_v, tri_ptr, tri_c, tri_v)
        if s > best_s:
            best_s = s
            best = hi
    out = np.empty(npos, np.int64)
    j = best
    for i in range(npos - 1, -1, -1):
        out[i] = bp_c[i, j]
        j = bp_h[i, j]
        if want_x:  # j: the path's hypothesis before position i
            o = offs[i]
            for ci in range(offs[i + 1] - o):
                xs[o - o0 + ci] = lpv[(o - o0 + ci) * beam + j]
    return out


@njit(cache=_CACHE)
def _bigram(a: int, b: int, uni, bo2, bi_ptr, bi_c, bi_v) -> float:
    """log P(b | a), backed off to the unigram when the bigram is unseen."""
    k = _row(bi_c, bi_ptr[a], bi_ptr[a + 1], b)
    return bi_v[k] if k >= 0 else bo2[a] + uni[b]


@njit(cache=_CACHE)
def _next_lp(c: int, n1: int, n2: int, bz: float, cx_ptr, cx_b, cx_v, tri_ptr, tri_c, tri_v) -> float:
    """_lp(c, n1, n2) with its backed-off bigram part ``bz`` = :func:`_bigram` (n1, n2) given (the posteriors
    share it between a position's candidates)."""
    jz = _ctx(c, n1, cx_ptr, cx_b)
    t = _row(tri_c, tri_ptr[jz], tri_ptr[jz + 1], n2) if jz >= 0 else -1
    if t >= 0:
        return tri_v[t]
    return cx_v[jz] + bz if jz >= 0 else bz


@njit(cache=_CACHE)
def _path_words(ids, offs, choice, bos: int, eos: int) -> np.ndarray:
    """The chosen words with two sentence marks either side (the posteriors' contexts)."""
    npos = offs.shape[0] - 1
    words = np.empty(npos + 4, np.int64)
    words[0] = bos
    words[1] = bos
    for i in range(npos):
        words[i + 2] = ids[offs[i] + choice[i]]
    words[npos + 2] = eos
    words[npos + 3] = eos
    return words


@njit(cache=_CACHE)
def _widest(offs) -> int:
    """The most candidates at any position (at least 1)."""
    maxc = 1
    for i in range(offs.shape[0] - 1):
        maxc = max(maxc, offs[i + 1] - offs[i])
    return maxc


@njit(cache=_CACHE)
def _share(scores, n: int, k: int) -> float:
    """Softmax share of candidate ``k`` among the first ``n`` scores."""
    mx = scores[0]
    for ci in range(1, n):
        mx = max(mx, scores[ci])
    z = 0.0
    for ci in range(n):
        z += np.exp(scores[ci] - mx)
    return np.exp(scores[k] - mx) / z


@njit(cache=_CACHE)
def posteriors(ids, costs, offs, choice, unk: int, unk_lp: float, bos: int, eos: int,
               uni, bo2, bi_ptr, bi_c, bi_v, cx_ptr, cx_b, cx_v, tri_ptr, tri_c, tri_v, xs) -> np.ndarray:
    """P(chosen candidate | the chosen words two positions either side), per position.  ``xs``: the first
    term of every candidate's score as :func:`viterbi` left it for this choice, or empty (computed here)."""
    npos = offs.shape[0] - 1
    words = _path_words(ids, offs, choice, bos, eos)
    out = np.ones(npos, np.float64)
    scores = np.empty(_widest(offs), np.float64)
    for i in range(npos):
        o = offs[i]
        n = offs[i + 1] - o
        if n == 1:
            continue
        p2 = words[i]
        p1 = words[i + 1]
        n1 = words[i + 3]
        n2 = words[i + 4]
        last = i + 1 >= npos
        jx = _ctx(p2, p1, cx_ptr, cx_b)  # the left context is the same for every candidate
        # the backed-off bigram log P(n2 | n1), the same for every candidate: once per position (in the arrays'
        # own float type, as _lp adds it)
        bz = _bigram(n1, n2, uni, bo2, bi_ptr, bi_c, bi_v)
        have_x = xs.shape[0] > 0
        for ci in range(n):
            c = ids[o + ci]
            if have_x:
                x = xs[o - offs[0] + ci]
            elif c == unk:
                x = unk_lp
            else:
                x = _lp_ctx(jx, p1, c, uni, bo2, bi_ptr, bi_c, bi_v, cx_v, tri_ptr, tri_c, tri_v)
            y = _lp(p1, c, n1, unk, unk_lp, uni, bo2, bi_ptr, bi_c, bi_v, cx_ptr, cx_b, cx_v, tri_ptr, tri_c, tri_v)
            if last:
                scores[ci] = x + y - costs[o + ci]
            else:
                z = unk_lp if n2 == unk else _next_lp(c, n1, n2, bz, cx_ptr, cx_b, cx_v, tri_ptr, tri_c, tri_v)
                scores[ci] = x + y + z - costs[o + ci]
        out[i] = _share(scores, n, choice[i])
    return out


@njit(cache=_CACHE)
def _find(ent_a, ent_b, ent_n, i: int, a: int, b: int) -> int:
    """The hypothesis entering position ``i`` in state (a, b), or -1 (the beam dropped it)."""
    for h in range(ent_n[i]):
        if ent_b[i, h] == b and ent_a[i, h] == a:
            return h
    return -1


@njit(cache=_CACHE)
def posteriors_shared(ids, costs, offs, choice, unk: int, unk_lp: float, bos: int, eos: int, beam: int,
                      uni, bo2, bi_ptr, bi_c, bi_v, cx_ptr, cx_b, cx_v, tri_ptr, tri_c, tri_v, lpv, ent_a, ent_b,
                      ent_n) -> np.ndarray:
    """:func:`posteriors`, reading each of its three LM terms from the scores :func:`viterbi` made (its ``lpv``,
    ``ent_*``) when the search scored that trigram, and computing it as :func:`posteriors` does otherwise: the
    same values (the search's log P is :func:`_lp`'s, operation for operation), so the same posteriors to the bit.

    For candidate c of position i between the chosen p2 p1 and n1 n2: log P(c | p2 p1) is the search's score of
    c from the path's hypothesis (p2, p1) entering i; log P(n1 | p1 c) its score of n1 from (p1, c) entering
    i + 1, and log P(n2 | c n1) of n2 from (c, n1) entering i + 2, when the beam kept those states."""
    npos = offs.shape[0] - 1
    words = _path_words(ids, offs, choice, bos, eos)
    out = np.ones(npos, np.float64)
    scores = np.empty(_widest(offs), np.float64)
    o0 = offs[0]
    for i in range(npos):
        o = offs[i]
        n = offs[i + 1] - o
        if n == 1:
            continue
        p2 = words[i]
        p1 = words[i + 1]
        n1 = words[i + 3]
        n2 = words[i + 4]
        last = i + 1 >= npos
        hx = _find(ent_a, ent_b, ent_n, i, p2, p1)  # the path's hypothesis entering i (always kept)
        jx = -2  # the left context's index, looked up once when needed
        # rows of the chosen next words' scores in lpv
        ry = (offs[i + 1] - o0 + choice[i + 1]) * beam if not last else -1
        rz = (offs[i + 2] - o0 + choice[i + 2]) * beam if i + 2 < npos else -1
        # the backed-off bigram log P(n2 | n1), the same for every candidate: once per position (in the arrays'
        # own float type, as _lp adds it)
        bz = _bigram(n1, n2, uni, bo2, bi_ptr, bi_c, bi_v)
        for ci in range(n):
            c = ids[o + ci]
            if hx >= 0:
                x = lpv[(o - o0 + ci) * beam + hx]
            elif c == unk:
                x = unk_lp
            else:
                if jx == -2:
                    jx = _ctx(p2, p1, cx_ptr, cx_b)
                x = _lp_ctx(jx, p1, c, uni, bo2, bi_ptr, bi_c, bi_v, cx_v, tri_ptr, tri_c, tri_v)
            hy = _find(ent_a, ent_b, ent_n, i + 1, p1, c) if ry >= 0 else -1
            if hy >= 0:
                y = lpv[ry + hy]
            else:
                y = _lp(p1, c, n1, unk, unk_lp, uni, bo2, bi_ptr, bi_c, bi_v, cx_ptr, cx_b, cx_v, tri_ptr, tri_c,
                        tri_v)
            if last:
                scores[ci] = x + y - costs[o + ci]
            else:
                hz = _find(ent_a, ent_b, ent_n, i + 2, c, n1) if rz >= 0 else -1
                if hz >= 0:
                    z = lpv[rz + hz]
                elif n2 == unk:
                    z = unk_lp
                else:
                    z = _next_lp(c, n1, n2, bz, cx_ptr, cx_b, cx_v, tri_ptr, tri_c, tri_v)
                scores[ci] = x + y + z - costs[o + ci]
        out[i] = _share(scores, n, choice[i])
    return out


@njit(cache=_CACHE)
def lattice_viterbi(ids, costs, offs, mids, mcosts, moffs, unk: int, unk_lp: float, bos: int, eos: int, beam: int,
                    gap: float, uni, bo2, bi_ptr, bi_c, bi_v, cx_ptr, cx_b, cx_v, tri_ptr, tri_c, tri_v):
    """Beam Viterbi over a lattice (see :meth:`normalize.restorer.Restorer.decode_lattice`, whose plain Python
    version this is, operation for operation): position ``i`` has candidates ``ids[offs[i]:offs[i + 1]]``
    and may also be read together with ``i + 1`` (``mids[moffs[i]:moffs[i + 1]]``, empty: no edge).

    The states reaching position j arrive as in the Python dict: first the two-position edges from j - 2,
    then the one-position ones from j - 1; a state reached twice keeps its first slot and takes a later
    arrival only when it scores strictly higher; each position's states are sorted by score (stable), the
    best ``beam`` within ``gap`` of the top kept.  Returns (positions, candidate indexes, spans) of the best
    path, or empty arrays when no state reaches the end."""
    n = offs.shape[0] - 1
    maxc = 1
    for i in range(n):
        maxc = max(maxc, offs[i + 1] - offs[i], moffs[i + 1] - moffs[i])
    # kept hypotheses per position: score, state (a, b), back-pointer (source position, candidate, span, hyp)
    h_sc = np.empty((n + 1, beam), np.float64)
    h_a = np.empty((n + 1, beam), np.int64)
    h_b = np.empty((n + 1, beam), np.int64)
    bk_i = np.zeros((n + 1, beam), np.int64)
    bk_c = np.zeros((n + 1, beam), np.int64)
    bk_s = np.zeros((n + 1, beam), np.int64)
    bk_m = np.zeros((n + 1, beam), np.int64)
    nh = np.zeros(n + 1, np.int64)
    nh[0] = 1
    h_sc[0, 0] = 0.0
    h_a[0, 0] = bos
    h_b[0, 0] = bos
    cap = 2 * beam * maxc
    st_sc = np.empty(cap, np.float64)
    st_b = np.empty(cap, np.int64)
    st_c = np.empty(cap, np.int64)
    st_i = np.empty(cap, np.int64)
    st_ci = np.empty(cap, np.int64)
    st_sp = np.empty(cap, np.int64)
    st_m = np.empty(cap, np.int64)
    # state (b, c) -> slot: b among the distinct previous words, c among the distinct candidate words
    bdist = np.empty(2 * beam, np.int64)
    cdist = np.empty(2 * maxc, np.int64)
    slot = np.empty(4 * beam * maxc, np.int64)
    hb_idx = np.empty(beam, np.int64)
    cc_idx = np.empty(maxc, np.int64)
    order = np.empty(beam, np.int64)
    ns = 0
    for j in range(1, n + 1):
        nb = 0
        nc = 0
        for q in range(4 * beam * maxc):
            slot[q] = -1
        ns = 0
        for span in (2, 1):
            i = j - span
            if i < 0:
                continue
            if span == 2:
                o = moffs[i]
                m = moffs[i + 1] - o
                cid = mids
                cco = mcosts
            else:
                o = offs[i]
                m = offs[i + 1] - o
                cid = ids
                cco = costs
            if m == 0 or nh[i] == 0:
                continue
            for ci in range(m):
                w = cid[o + ci]
                k = -1
                for q in range(nc):
                    if cdist[q] == w:
                        k = q
                        break
                if k < 0:
                    cdist[nc] = w
                    k = nc
                    nc += 1
                cc_idx[ci] = k
            for hi in range(nh[i]):
                w = h_b[i, hi]
                k = -1
                for q in range(nb):
                    if bdist[q] == w:
                        k = q
                        break
                if k < 0:
                    bdist[nb] = w
                    k = nb
                    nb += 1
                hb_idx[hi] = k
            for hi in range(nh[i]):
                sc = h_sc[i, hi]
                a = h_a[i, hi]
                b = h_b[i, hi]
                jc = _ctx(a, b, cx_ptr, cx_b)  # _lp's context look-up, once per hypothesis
                for ci in range(m):
                    c = cid[o + ci]
                    if c == unk:
                        lp = unk_lp
                    else:
                        lp = _lp_ctx(jc, b, c, uni, bo2, bi_ptr, bi_c, bi_v, cx_v, tri_ptr, tri_c, tri_v)
                    s = sc + lp - cco[o + ci]
                    q = hb_idx[hi] * (2 * maxc) + cc_idx[ci]
                    k = slot[q]
                    if k < 0:
                        slot[q] = ns
                        k = ns
                        ns += 1
                    elif not st_sc[k] < s:
                        continue
                    st_sc[k] = s
                    st_b[k] = b
                    st_c[k] = c
                    st_i[k] = i
                    st_ci[k] = ci
                    st_sp[k] = span
                    st_m[k] = hi
        if j == n or ns == 0:
            continue
        kept = _top(st_sc, ns, beam, order)
        cut = st_sc[order[0]] - gap
        m = 0
        for r in range(kept):
            k = order[r]
            if st_sc[k] < cut:
                break
            h_sc[j, m] = st_sc[k]
            h_a[j, m] = st_b[k]
            h_b[j, m] = st_c[k]
            bk_i[j, m] = st_i[k]
            bk_c[j, m] = st_ci[k]
            bk_s[j, m] = st_sp[k]
            bk_m[j, m] = st_m[k]
            m += 1
        nh[j] = m
    out_i = np.empty(n, np.int64)
    out_c = np.empty(n, np.int64)
    out_s = np.empty(n, np.int64)
    if ns == 0:
        return out_i[:0], out_c[:0], out_s[:0]
    # the best final state with the end-of-sentence term (the first of equals wins), then back along the path
    best = 0
    best_s = -np.inf
    for k in range(ns):
        s = st_sc[k] + _lp(st_b[k], st_c[k], eos, unk, unk_lp, uni, bo2, bi_ptr, bi_c, bi_v, cx_ptr, cx_b, cx_v,
                           tri_ptr, tri_c, tri_v)
        if s > best_s:
            best_s = s
            best = k
    cnt = 0
    i, ci, sp, hm = st_i[best], st_ci[best], st_sp[best], st_m[best]
    while True:
        out_i[cnt] = i
        out_c[cnt] = ci
        out_s[cnt] = sp
        cnt += 1
        if i == 0:
            break
        i, ci, sp, hm = bk_i[i, hm], bk_c[i, hm], bk_s[i, hm], bk_m[i, hm]
    return out_i[:cnt][::-1].copy(), out_c[:cnt][::-1].copy(), out_s[:cnt][::-1].copy()


def flatten(seq: list[list[tuple[int, float]]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ids, costs, offsets) of a candidate sequence (built with fromiter: no intermediate 2-D array)."""
    offs = np.fromiter(accumulate(map(len, seq), initial=0), np.int64, len(seq) + 1)
    flat = list(chain.from_iterable(seq))
    n = len(flat)
    return (np.fromiter(map(_first, flat), np.int64, n), np.fromiter(map(_second, flat), np.float64, n), offs)


_first, _second = itemgetter(0), itemgetter(1)
_NO_X = np.empty(0, np.float64)  # viterbi / posteriors without the shared first term (see viterbi)
_NO_E1 = np.empty(0, np.int64)  # viterbi without its scores kept for posteriors_shared
_NO_E2 = np.empty((0, 0), np.int64)


def decode(lm: LMArrays, seq: list[list[tuple[int, float]]], beam: int, gap: float) -> list[int]:
    """Best candidate index per position (see :func:`viterbi`)."""
    if not seq:
        return []
    ids, costs, offs = flatten(seq)
    return viterbi(ids, costs, offs, UNK, UNK_LOGP, BOS, EOS, beam, gap, *lm.args(), _NO_X, _NO_X, _NO_E2, _NO_E2,
                   _NO_E1).tolist()


def choice_posteriors(lm: LMArrays, seq: list[list[tuple[int, float]]], choice: list[int]) -> list[float]:
    """P(chosen | neighbours) per position (see :func:`posteriors`)."""
    if not seq:
        return []
    ids, costs, offs = flatten(seq)
    return posteriors(ids, costs, offs, np.asarray(choice, dtype=np.int64), UNK, UNK_LOGP, BOS, EOS,
                      *lm.args(), _NO_X).tolist()


def decode_with_posteriors(lm: LMArrays, seq: list[list[tuple[int, float]]], beam: int,
                           gap: float) -> tuple[list[int], list[float]]:
    """:func:`decode` and then :func:`choice_posteriors` of its choice, flattening the input once."""
    if not seq:
        return [], []
    ids, costs, offs = flatten(seq)
    ch, post = _decode_many(ids, costs, offs, np.array([0, len(seq)], np.int64), UNK, UNK_LOGP, BOS, EOS, beam, gap,
                            *lm.args())
    return ch.tolist(), post.tolist()


def decode_lattice(lm: LMArrays, seq: list[list[tuple[int, float]]], merges: dict[int, list[tuple[int, float]]],
                   beam: int, gap: float) -> list[tuple[int, int, int]] | None:
    """:func:`lattice_viterbi` of a sentence: the best path as ``(position, candidate index, span)``, or None
    when no state reaches the end."""
    ids, costs, offs = flatten(seq)
    medges = [merges.get(i, ()) for i in range(len(seq))]
    mids, mcosts, moffs = flatten(medges)
    pi, pc, ps = lattice_viterbi(ids, costs, offs, mids, mcosts, moffs, UNK, UNK_LOGP, BOS, EOS, beam, gap,
                                 *lm.args())
    if not len(pi):
        return None
    return list(zip(pi.tolist(), pc.tolist(), ps.tolist(), strict=True))


_LM_ARRAYS: dict[int, tuple[Model, LMArrays]] = {}


def lm_arrays(model: Model) -> LMArrays:
    """``LMArrays.of(model)``, built once per loaded model (every restorer config shares it)."""
    hit = _LM_ARRAYS.get(id(model))
    if hit is None or hit[0] is not model:
        _LM_ARRAYS.clear()
        hit = _LM_ARRAYS[id(model)] = (model, LMArrays.of(model))
    return hit[1]


@njit(cache=_CACHE)
def _decode_many(ids, costs, offs, bounds, unk: int, unk_lp: float, bos: int, eos: int, beam: int, gap: float,
                 uni, bo2, bi_ptr, bi_c, bi_v, cx_ptr, cx_b, cx_v, tri_ptr, tri_c, tri_v):
    """:func:`viterbi` and :func:`posteriors` of each sentence ``bounds[k]:bounds[k + 1]`` (positions) of one
    flattened batch; ``offs`` holds absolute offsets into ``ids``, so a sentence's slice of it is used as is."""
    total = offs.shape[0] - 1
    ch = np.zeros(total, np.int64)
    post = np.ones(total, np.float64)
    # buffers reused by the sentences (grown when one needs more)
    lpv = np.empty(0, np.float64)
    ent_a = np.empty((0, beam), np.int64)
    ent_b = np.empty((0, beam), np.int64)
    ent_n = np.empty(0, np.int64)
    no_x = np.empty(0, np.float64)
    for k in range(bounds.shape[0] - 1):
        s = bounds[k]
        e = bounds[k + 1]
        if e == s:
            continue
        o = offs[s:e + 1]
        # the search's scores and hypotheses, for the posteriors (this sentence's: the whole batch's would be a peak)
        npos = e - s
        if lpv.shape[0] < (o[-1] - o[0]) * beam:
            lpv = np.empty((o[-1] - o[0]) * beam, np.float64)
        if ent_n.shape[0] < npos:
            ent_a = np.empty((npos, beam), np.int64)
            ent_b = np.empty((npos, beam), np.int64)
            ent_n = np.empty(npos, np.int64)
        c = viterbi(ids, costs, o, unk, unk_lp, bos, eos, beam, gap,
                    uni, bo2, bi_ptr, bi_c, bi_v, cx_ptr, cx_b, cx_v, tri_ptr, tri_c, tri_v, no_x, lpv, ent_a,
                    ent_b, ent_n[:npos])
        p = posteriors_shared(ids, costs, o, c, unk, unk_lp, bos, eos, beam,
                              uni, bo2, bi_ptr, bi_c, bi_v, cx_ptr, cx_b, cx_v, tri_ptr, tri_c, tri_v, lpv, ent_a,
                              ent_b, ent_n)
        ch[s:e] = c
        post[s:e] = p
    return ch, post


def decode_many(lm: LMArrays, seqs: list[list[list[tuple[int, float]]]], beam: int,
                gap: float) -> list[tuple[list[int], list[float]]]:
    """:func:`decode_with_posteriors` of several independent sentences in one compiled call (one flatten,
    one dispatch): the same choices and posteriors as one call per sentence."""
    if not seqs:
        return []
    bounds = np.fromiter(accumulate(map(len, seqs), initial=0), np.int64, len(seqs) + 1)
    ids, costs, offs = flatten(list(chain.from_iterable(seqs)))
    ch, post = _decode_many(ids, costs, offs, bounds, UNK, UNK_LOGP, BOS, EOS, beam, gap, *lm.args())
    ch_l, post_l = ch.tolist(), post.tolist()
    b = bounds.tolist()
    return [(ch_l[b[k]:b[k + 1]], post_l[b[k]:b[k + 1]]) for k in range(len(seqs))]


def warm_up() -> None:
    """Compile the kernels now (numba caches them on disk, so later processes start at once)."""
    import logging
    import time

    from .model import get_model

    t0 = time.perf_counter()
    lm = lm_arrays(get_model())
    seq = [[(BOS, 0.0)], [(UNK, 0.0), (EOS, 1.0)]]
    decode_with_posteriors(lm, seq, 2, 10.0)
    choice_posteriors(lm, seq, [0, 0])
    decode_many(lm, [seq, seq], 2, 10.0)
    decode_lattice(lm, seq, {0: [(UNK, 0.5)]}, 2, 10.0)
    logging.getLogger(__name__).info("restoration decoder ready in %.1fs", time.perf_counter() - t0)
