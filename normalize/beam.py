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
from functools import cached_property
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

    @cached_property
    def arrays(self) -> tuple:
        """:meth:`args`, made once (the decoders read it on every call)."""
        return self.args()


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
    return viterbi(ids, costs, offs, UNK, UNK_LOGP, BOS, EOS, beam, gap, *lm.arrays, _NO_X, _NO_X, _NO_E2, _NO_E2,
                   _NO_E1).tolist()


def choice_posteriors(lm: LMArrays, seq: list[list[tuple[int, float]]], choice: list[int]) -> list[float]:
    """P(chosen | neighbours) per position (see :func:`posteriors`)."""
    if not seq:
        return []
    ids, costs, offs = flatten(seq)
    return posteriors(ids, costs, offs, np.asarray(choice, dtype=np.int64), UNK, UNK_LOGP, BOS, EOS,
                      *lm.arrays, _NO_X).tolist()


def decode_with_posteriors(lm: LMArrays, seq: list[list[tuple[int, float]]], beam: int,
                           gap: float) -> tuple[list[int], list[float]]:
    """:func:`decode` and then :func:`choice_posteriors` of its choice, flattening the input once."""
    if not seq:
        return [], []
    ids, costs, offs = flatten(seq)
    ch, post = _decode_many(ids, costs, offs, np.array([0, len(seq)], np.int64), UNK, UNK_LOGP, BOS, EOS, beam, gap,
                            *lm.arrays)
    return ch.tolist(), post.tolist()


def decode_lattice(lm: LMArrays, seq: list[list[tuple[int, float]]], merges: dict[int, list[tuple[int, float]]],
                   beam: int, gap: float) -> list[tuple[int, int, int]] | None:
    """:func:`lattice_viterbi` of a sentence: the best path as ``(position, candidate index, span)``, or None
    when no state reaches the end."""
    ids, costs, offs = flatten(seq)
    medges = [merges.get(i, ()) for i in range(len(seq))]
    mids, mcosts, moffs = flatten(medges)
    pi, pc, ps = lattice_viterbi(ids, costs, offs, mids, mcosts, moffs, UNK, UNK_LOGP, BOS, EOS, beam, gap,
                                 *lm.arrays)
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
    if len(seqs) == 1:
        # one sentence (the usual call for a line): no joining or cutting (a line's call costs ~25 us in all)
        seq = seqs[0]
        ids, costs, offs = flatten(seq)
        ch, post = _decode_many(ids, costs, offs, np.array((0, len(seq)), np.int64), UNK, UNK_LOGP, BOS, EOS, beam,
                                gap, *lm.arrays)
        return [(ch.tolist(), post.tolist())]
    lens = list(map(len, seqs))
    ids, costs, offs = flatten(list(chain.from_iterable(seqs)))
    ch, post = _decode_many(ids, costs, offs, np.fromiter(accumulate(lens, initial=0), np.int64, len(seqs) + 1), UNK,
                            UNK_LOGP, BOS, EOS, beam, gap, *lm.arrays)
    ch_l, post_l = ch.tolist(), post.tolist()
    out = []
    a = 0
    for n in lens:
        out.append((ch_l[a:a + n], post_l[a:a + n]))
        a += n
    return out


# ----------------------------------------------------------------------------- rewrite expansion (candidates)
# The OCR channel's two-step rewrite expansion of a token's key (normalize.candidates.CandidateGenerator._rewrites,
# whose plain Python version this is, step for step).  Strings are arrays of code points; sets of strings are
# open-addressing hash tables over (start, length) slices of one character buffer.


@njit(cache=_CACHE)
def _str_hash(buf, s: int, n: int) -> int:
    h = 1469598103934665603  # int64 arithmetic wraps: only equality of equal strings' hashes matters
    for q in range(s, s + n):
        h = (h ^ buf[q]) * 1099511628211
    return h


@njit(cache=_CACHE)
def _str_find(buf, s: int, n: int, h: int, slots, tab_buf, tab_s, tab_n) -> int:
    """Slot of ``buf[s:s + n]`` in the table (its entry index there: ``slots[slot]``; -1: an empty slot where
    it would go)."""
    mask = slots.shape[0] - 1
    q = h & mask
    while True:
        e = slots[q]
        if e < 0:
            return q
        if tab_n[e] == n:
            ts = tab_s[e]
            same = True
            for t in range(n):
                if tab_buf[ts + t] != buf[s + t]:
                    same = False
                    break
            if same:
                return q
        q = (q + 1) & mask


@njit(cache=_CACHE)
def _in_index(buf, s: int, n: int, ix_buf, ix_s, ix_n, ix_slots) -> bool:
    return ix_slots[_str_find(buf, s, n, _str_hash(buf, s, n), ix_slots, ix_buf, ix_s, ix_n)] >= 0


_RW_ENTRIES = 4096  # the most working room the expansion takes for a key (one needing more is left to Python)


@njit(cache=_CACHE)
def rewrite_expand(kbuf, koffs, pat, first_ok, pat_lo, rep_buf, rep_s, rep_n, rep_cost, ini_first, ini_lo,
                   ini_buf, ini_s, ini_n, ini_cost, ini_dd, ix_buf, ix_s, ix_n, ix_slots, width: int,
                   max_cost: float, kept_cost: float):
    """The rewrite expansion of each key ``kbuf[koffs[k]:koffs[k + 1]]``: the keys reachable with up to two
    rules, each with its cheapest cost and whether the rule that gave it needs an initial đ (the first arrival
    of that cost), in first-arrival order, only those with a cost <= ``kept_cost`` or in the index, the key
    itself left out.

    Rules: pattern ``pat[r]`` (sorted, :func:`_pattern` codes; ``first_ok[c]``: some pattern starts
    with code point c, for c below its length) has the replacements
    ``pat_lo[r]:pat_lo[r + 1]`` (``rep_buf[rep_s[j]:rep_s[j] + rep_n[j]]`` at ``rep_cost[j]``); the initial-letter
    rules of first character ``ini_first[f]`` are ``ini_lo[f]:ini_lo[f + 1]`` (replacement, cost, gives đ).  The
    index: the strings ``ix_buf[ix_s[e]:ix_s[e] + ix_n[e]]`` in the hash table ``ix_slots``.

    Returns (characters, entry starts, entry lengths, costs, đ flags, per-key entry offsets, per-key overflow:
    keys whose expansion outgrew the working room, left empty for the caller to expand otherwise)."""
    nkeys = koffs.shape[0] - 1
    npat = pat.shape[0]
    # output
    o_buf = np.empty(4 * kbuf.shape[0] + 16, np.int32)
    o_nb = 0
    cap = 4 * nkeys + 16
    o_s = np.empty(cap, np.int64)
    o_n = np.empty(cap, np.int64)
    o_c = np.empty(cap, np.float64)
    o_d = np.empty(cap, np.bool_)
    o_cnt = 0
    o_koff = np.zeros(nkeys + 1, np.int64)
    over = np.zeros(nkeys, np.bool_)
    # per key: the entries (strings in w_buf, after the key itself at 0) and their hash table; the frontiers.
    # Small at first (most keys have a few dozen rewrites): a key that outgrows them is expanded again in
    # four times the room, up to _RW_ENTRIES entries
    ecap = 256
    wcap = 4096
    w_buf = np.empty(wcap, np.int32)
    e_s = np.empty(ecap, np.int64)
    e_n = np.empty(ecap, np.int64)
    e_c = np.empty(ecap, np.float64)
    e_d = np.empty(ecap, np.bool_)
    e_q = np.empty(ecap, np.int64)  # the slot of each entry (to empty the table for the next key)
    slots = np.full(2 * ecap, -1, np.int64)
    mask = 2 * ecap - 1
    f_e = np.empty(ecap, np.int64)  # frontier: entry (-1: the key), cost, đ
    f_c = np.empty(ecap, np.float64)
    f_d = np.empty(ecap, np.bool_)
    x_e = np.empty(ecap, np.int64)  # the next frontier
    x_c = np.empty(ecap, np.float64)
    x_d = np.empty(ecap, np.bool_)
    ne = 0
    kk = 0
    while kk < nkeys:
        for e in range(ne):
            slots[e_q[e]] = -1
        ne = 0
        ks = koffs[kk]
        kn = koffs[kk + 1] - ks
        ok = 8 * kn < wcap
        if ok:
            for t in range(kn):
                w_buf[t] = kbuf[ks + t]
        nbuf = kn
        nf = 1
        f_e[0] = -1
        f_c[0] = 0.0
        f_d[0] = False
        for depth in range(2):
            if not ok:
                break
            last = depth == 1
            nx = 0
            for fi in range(nf):
                fe = f_e[fi]
                cost0 = f_c[fi]
                dd = f_d[fi]
                s0 = 0 if fe < 0 else e_s[fe]
                n = kn if fe < 0 else e_n[fe]
                # (i, L, j): the positional rules, each position's from the shortest; then (-1, 1, j): the
                # initial-letter ones (when no rule so far needs an initial đ)
                ini_f = -1
                if not dd and n > 0:
                    for f in range(ini_first.shape[0]):
                        if ini_first[f] == w_buf[s0]:
                            ini_f = f
                            break
                for i in range(n + 1):
                    if not ok:
                        break
                    if i == n:
                        if ini_f < 0:
                            break
                        j_lo = ini_lo[ini_f]
                        j_hi = ini_lo[ini_f + 1]
                        nL = 1
                    else:
                        ch = w_buf[s0 + i]
                        if ch >= first_ok.shape[0] or not first_ok[ch]:
                            continue  # no rule starts with this character
                        j_lo = 0
                        j_hi = 0
                        nL = width
                    code = 0
                    for L in range(1, nL + 1):
                        if i < n:
                            if i + L > n:
                                break
                            code = (code << 21) | w_buf[s0 + i + L - 1]  # _pattern(k[i:i + L])
                            lo = 0
                            hi = npat
                            while lo < hi:
                                mid = (lo + hi) >> 1
                                if pat[mid] < code:
                                    lo = mid + 1
                                else:
                                    hi = mid
                            if lo == npat or pat[lo] != code:
                                continue
                            j_lo = pat_lo[lo]
                            j_hi = pat_lo[lo + 1]
                        for j in range(j_lo, j_hi):
                            if i < n:
                                cost = cost0 + rep_cost[j]
                                if cost > max_cost:
                                    continue
                                rb = rep_buf
                                rs = rep_s[j]
                                rn = rep_n[j]
                                a = i
                                b = i + L
                                ndd = dd
                            else:
                                cost = cost0 + ini_cost[j]
                                rb = ini_buf
                                rs = ini_s[j]
                                rn = ini_n[j]
                                a = 0
                                b = 1
                                ndd = ini_dd[j]
                            # nk = k[:a] + rep + k[b:], written at the end of the buffer
                            nn = n - (b - a) + rn
                            if nbuf + nn > wcap:
                                ok = False
                                break
                            p = nbuf
                            for t in range(a):
                                w_buf[p] = w_buf[s0 + t]
                                p += 1
                            for t in range(rn):
                                w_buf[p] = rb[rs + t]
                                p += 1
                            for t in range(b, n):
                                w_buf[p] = w_buf[s0 + t]
                                p += 1
                            if i == n and cost > max_cost:
                                continue
                            if last and cost > kept_cost and not _in_index(w_buf, nbuf, nn, ix_buf, ix_s, ix_n,
                                                                             ix_slots):
                                continue
                            q = _str_hash(w_buf, nbuf, nn) & mask
                            e = slots[q]
                            while e >= 0:
                                if e_n[e] == nn:
                                    same = True
                                    es = e_s[e]
                                    for t in range(nn):
                                        if w_buf[es + t] != w_buf[nbuf + t]:
                                            same = False
                                            break
                                    if same:
                                        break
                                q = (q + 1) & mask
                                e = slots[q]
                            if e < 0:
                                if ne == ecap:
                                    ok = False
                                    break
                                e = ne
                                ne += 1
                                e_s[e] = nbuf
                                e_n[e] = nn
                                e_q[e] = q
                                nbuf += nn
                                slots[q] = e
                            elif not e_c[e] > cost:
                                continue
                            e_c[e] = cost
                            e_d[e] = ndd
                            if nx == ecap:
                                ok = False
                                break
                            x_e[nx] = e
                            x_c[nx] = cost
                            x_d[nx] = ndd
                            nx += 1
                        if not ok:
                            break
            # the next frontier becomes the current one
            f_e, x_e = x_e, f_e
            f_c, x_c = x_c, f_c
            f_d, x_d = x_d, f_d
            nf = nx
        if not ok:
            ne = 0
            if ecap < _RW_ENTRIES:  # this key again, in more room
                ecap *= 4
                wcap *= 4
                w_buf = np.empty(wcap, np.int32)
                e_s = np.empty(ecap, np.int64)
                e_n = np.empty(ecap, np.int64)
                e_c = np.empty(ecap, np.float64)
                e_d = np.empty(ecap, np.bool_)
                e_q = np.empty(ecap, np.int64)
                slots = np.full(2 * ecap, -1, np.int64)
                mask = 2 * ecap - 1
                f_e = np.empty(ecap, np.int64)
                f_c = np.empty(ecap, np.float64)
                f_d = np.empty(ecap, np.bool_)
                x_e = np.empty(ecap, np.int64)
                x_c = np.empty(ecap, np.float64)
                x_d = np.empty(ecap, np.bool_)
                continue
            slots[:] = -1
            over[kk] = True
            o_koff[kk + 1] = o_cnt
            kk += 1
            continue
        # the kept entries, in first-arrival order, without the key itself
        for e in range(ne):
            s = e_s[e]
            n = e_n[e]
            if not e_c[e] <= kept_cost and not _in_index(w_buf, s, n, ix_buf, ix_s, ix_n, ix_slots):
                continue
            if n == kn:
                same = True
                for t in range(n):
                    if w_buf[s + t] != w_buf[t]:
                        same = False
                        break
                if same:
                    continue
            if o_cnt == o_s.shape[0]:
                o_s = _grow(o_s)
                o_n = _grow(o_n)
                o_c = _grow(o_c)
                o_d = _grow(o_d)
            if o_nb + n > o_buf.shape[0]:
                o_buf = _grow(o_buf, o_nb + n)
            o_s[o_cnt] = o_nb
            o_n[o_cnt] = n
            o_c[o_cnt] = e_c[e]
            o_d[o_cnt] = e_d[e]
            for t in range(n):
                o_buf[o_nb + t] = w_buf[s + t]
            o_nb += n
            o_cnt += 1
        o_koff[kk + 1] = o_cnt
        kk += 1
    return o_buf[:o_nb], o_s[:o_cnt], o_n[:o_cnt], o_c[:o_cnt], o_d[:o_cnt], o_koff, over


@njit(cache=_CACHE)
def _grow(a, need: int = 0):
    """``a`` in an array at least twice (and at least ``need``) as long."""
    out = np.empty(max(2 * a.shape[0], need), a.dtype)
    out[:a.shape[0]] = a
    return out


@njit(cache=_CACHE)
def str_table(buf, s, n):
    """The hash table (slots holding entry indexes, -1 empty) of the strings ``buf[s[e]:s[e] + n[e]]``."""
    size = 16
    while size < 2 * s.shape[0]:
        size *= 2
    slots = np.full(size, -1, np.int64)
    for e in range(s.shape[0]):
        q = _str_find(buf, s[e], n[e], _str_hash(buf, s[e], n[e]), slots, buf, s, n)
        if slots[q] < 0:
            slots[q] = e
    return slots


@njit(cache=_CACHE)
def rewrite_expand_packed(kbuf, koffs, ti, tb, tf):
    """:func:`rewrite_expand` with its tables packed in three arrays and its results in three (see
    :class:`RewriteTables`): a restore calls this once per OCR text or line, and numba's dispatch
    costs about 0.3 us an argument and 0.5 us a returned array.  Returns the characters; the per-key entry
    offsets (``nkeys + 1``), the per-key overflow flags (``nkeys``), the entries' starts, lengths and đ flags
    (``m`` each, in that order); and the entries' costs."""
    h = 23  # header: 13 offsets into ti, 5 into tb, 3 into tf, the rule width, the costs' offset in tf
    buf, s, n, c, d, koff, over = rewrite_expand(
        kbuf, koffs, ti[ti[0]:ti[1]], tb[ti[17]:], ti[ti[2]:ti[3]], tb[ti[13]:ti[14]], ti[ti[3]:ti[4]],
        ti[ti[4]:ti[5]], tf[ti[18]:ti[19]], tb[ti[14]:ti[15]], ti[ti[5]:ti[6]], tb[ti[15]:ti[16]], ti[ti[6]:ti[7]],
        ti[ti[7]:ti[8]], tf[ti[19]:ti[20]], ti[ti[8]:ti[9]] != 0, tb[ti[16]:ti[17]], ti[ti[9]:ti[10]],
        ti[ti[10]:ti[11]], ti[ti[11]:ti[12]], ti[h - 2], tf[ti[h - 1]], tf[ti[h - 1] + 1])
    nk = over.shape[0]
    m = s.shape[0]
    meta = np.empty(2 * nk + 1 + 3 * m, np.int64)
    meta[:nk + 1] = koff
    for k in range(nk):
        meta[nk + 1 + k] = 1 if over[k] else 0
    meta[2 * nk + 1:2 * nk + 1 + m] = s
    meta[2 * nk + 1 + m:2 * nk + 1 + 2 * m] = n
    for e in range(m):
        meta[2 * nk + 1 + 2 * m + e] = 1 if d[e] else 0
    return buf, meta, c


def _code_points(strings: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The strings as one int32 array of code points and their offsets into it."""
    buf = np.frombuffer("".join(strings).encode("utf-32-le"), np.uint32).astype(np.int32)
    offs = np.fromiter(accumulate(map(len, strings), initial=0), np.int64, len(strings) + 1)
    return buf, offs


def _pattern(k: str) -> int:
    """A rule pattern of at most three characters as one int64 (21 bits a code point, the first on top), as
    :func:`rewrite_expand` codes a key's substrings."""
    v = 0
    for ch in k:
        v = (v << 21) | ord(ch)
    return v


class RewriteTables:
    """The OCR channel's rewrite rules and the lexicon's keys packed for :func:`rewrite_expand_packed`."""

    def __init__(self, args: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
        self.args = args

    @classmethod
    def of(cls, rules: dict[str, list[tuple[str, float]]], init_keyed: dict[str, list[tuple[str, float, bool]]],
           index_keys: list[str], width: int, max_cost: float, kept_cost: float) -> RewriteTables | None:
        """``rules``: pattern -> (replacement, cost) anywhere in a key; ``init_keyed``: first letter ->
        (replacement key, cost, gives đ) at a key's start; ``index_keys``: the lexicon's keys; ``width``: the
        longest pattern; a rewrite must cost at most ``max_cost``, a second-step one not in the index at most
        ``kept_cost``.  None when a pattern is longer than three characters (the kernel's int64 codes)."""
        rules = {k: v for k, v in rules.items() if k and v}
        if any(len(k) > 3 for k in rules):
            return None  # 21 bits a code point: a pattern of at most three fits in one int64
        pats = sorted(rules, key=_pattern)
        pat = np.array([_pattern(k) for k in pats], np.int64)
        reps = [rep for k in pats for rep, _c in rules[k]]
        rep_buf, rep_off = _code_points(reps)
        rep_cost = np.array([c for k in pats for _rep, c in rules[k]], np.float64)
        pat_lo = np.fromiter(accumulate((len(rules[k]) for k in pats), initial=0), np.int64, len(pats) + 1)
        # initial-letter rules: only a one-letter pattern can match (the expansion looks them up by a key's first letter)
        ini = [(k, v) for k, v in init_keyed.items() if len(k) == 1 and v]
        ini_first = np.array([ord(k) for k, _v in ini], np.int32)
        ini_reps = [rk for _k, v in ini for rk, _c, _dd in v]
        ini_buf, ini_off = _code_points(ini_reps)
        ini_cost = np.array([c for _k, v in ini for _rk, c, _dd in v], np.float64)
        ini_dd = np.array([dd for _k, v in ini for _rk, _c, dd in v], np.bool_)
        ini_lo = np.fromiter(accumulate((len(v) for _k, v in ini), initial=0), np.int64, len(ini) + 1)
        ix_buf, ix_off = _code_points(index_keys)
        ix_s, ix_n = ix_off[:-1].copy(), np.diff(ix_off)
        ix_slots = str_table(ix_buf, ix_s, ix_n)
        # packed for beam.rewrite_expand_packed: a header of offsets, then the int64 tables; the code points; the costs
        # (the patterns' lengths, second, are not read by the kernel: its codes tell lengths apart)
        i64 = [pat, np.array([len(k) for k in pats], np.int64), pat_lo, rep_off[:-1], np.diff(rep_off), ini_lo,
               ini_off[:-1], np.diff(ini_off), ini_dd.astype(np.int64), ix_s, ix_n, ix_slots]
        # the characters some pattern starts with (its first code point: the top 21 bits), last (to the end)
        firsts = [_pattern(k[0]) for k in pats]
        first_ok = np.zeros(max(firsts, default=0) + 1, np.int32)
        first_ok[firsts] = 1
        i32 = [rep_buf, ini_first, ini_buf, ix_buf, first_ok]
        f64 = [rep_cost, ini_cost, np.array([max_cost, kept_cost], np.float64)]
        head = 23
        i64_offs = list(accumulate((len(a) for a in i64), initial=head))
        i32_offs = list(accumulate((len(a) for a in i32), initial=0))
        f64_offs = list(accumulate((len(a) for a in f64), initial=0))
        header = [*i64_offs, *i32_offs[:5], *f64_offs[:3], max(1, width), f64_offs[2]]
        assert len(header) == head
        ti = np.concatenate([np.array(header, np.int64), *(a.astype(np.int64) for a in i64)])
        return cls((ti, np.concatenate(i32).astype(np.int32), np.concatenate(f64)))

    def expand(self, keys: list[str]) -> list[dict[str, tuple[float, bool]] | None]:
        """The rewrite expansion of each key (see :func:`rewrite_expand`) as key -> (cost, needs initial đ) in
        first-arrival order, in one compiled call; None for a key whose expansion outgrew the kernel's working
        room."""
        kbuf, koffs = _code_points(keys)
        buf, meta, cost = rewrite_expand_packed(kbuf, koffs, *self.args)
        text = buf.tobytes().decode("utf-32-le")
        nk, m = len(keys), len(cost)
        meta_l, c_l = meta.tolist(), cost.tolist()
        ko = meta_l[:nk + 1]
        s_l = meta_l[2 * nk + 1:2 * nk + 1 + m]
        n_l = meta_l[2 * nk + 1 + m:2 * nk + 1 + 2 * m]
        d_l = [d != 0 for d in meta_l[2 * nk + 1 + 2 * m:]]
        over = meta_l[nk + 1:2 * nk + 1]
        return [None if over[k] else {text[s_l[e]:s_l[e] + n_l[e]]: (c_l[e], d_l[e]) for e in range(ko[k], ko[k + 1])}
                for k in range(nk)]


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
    tables = RewriteTables.of({"ct": [("c", 1.0)], "i": [("u", 0.5)]}, {"p": [("d", 1.0, True)]}, ["cua", "da"], 2,
                              7.0, 3.0)
    if tables is not None:
        tables.expand(["ctia", "pa"])
    logging.getLogger(__name__).info("restoration decoder ready in %.1fs", time.perf_counter() - t0)
