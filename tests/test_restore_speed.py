"""Restoration speed work (issue 16): the compiled lattice decoder, one split decision per text, the GC pause,
bounded per-token caches and the install-time numba cache of a read-only install."""

from __future__ import annotations

import gc
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import normalize
from normalize import aot, restore_text
from normalize.decode import build_lattice
from normalize.model import get_model
from normalize.restore import _rejoin
from normalize.restorer import get_restorer
from normalize.segmentation import split_glued
from normalize.text import syllable_key
from normalize.tokens import tokenize

# English-model OCR as the seeds have it: glued syllables ('Coquan', 'thuchién'), syllables split at a mark
# ('ngu ời'), digits for letters ('x4', 'ctia')
# these patch a module global or a method of the generator, which compiled modules (normalize/aot.py) read
# directly; tests/test_aot.py checks that the compiled modules restore as these Python ones do
_PATCHES_PYTHON = pytest.mark.skipif(aot.active(), reason="patches Python internals; compiled modules in use "
                                     "(VNPLAN_PURE_PYTHON=1 runs it)")

OCR = ("Coquan chuyén mén cia UBND x4 phéi hgp véi cac ngu ời dan.\n"
       "Thuchién nhiém vu theo dung ké hoach, bdo cdo két qua vé Sé N6i vu trudc ngay 15.\n"
       "Noivu huéng dan, kiém tra viéc thuc hién cia cac don vi; Taichinh bé tri kinh phi.")


def test_compiled_lattice_decoder_matches_the_python_one():
    """Every sentence with lattice edges (glued tokens, split syllables): the compiled decoder's path is the
    plain Python decoder's, edge for edge."""
    m = get_model()
    r = get_restorer(m)
    text = OCR + "\n" + OCR.replace("Coquan", "Banchi").replace("Noivu", "Toichuc")
    pieces = tokenize(text)
    split, glued = split_glued(r, pieces)
    assert glued, "the sample must have glued tokens"
    lat = build_lattice(m, r, text, split, "ocr", r.cfg.native_change_cost, glued, forced=False)
    checked = 0
    for a, b in lat.segments:
        sub_merges = {si - a: lat.merges[si] for si in range(a, b - 1) if si in lat.merges}
        if not sub_merges:
            continue
        got = r.decode_lattice(lat.seq[a:b], sub_merges)
        assert got == r.decode_lattice_reference(lat.seq[a:b], sub_merges)
        checked += 1
    assert checked >= 3


def test_rejoin_is_split_glued_with_the_kept_tokens_skipped():
    r = get_restorer(get_model())
    pieces = tokenize(OCR)
    split, glued = split_glued(r, pieces)
    starts = sorted(split[g].start for g in glued)
    assert len(starts) >= 3
    for kept in (set(), {starts[0]}, set(starts[1:]), set(starts)):
        assert _rejoin(split, glued, kept) == split_glued(r, pieces, skip=kept)


def test_restore_leaves_the_collector_as_it_found_it():
    assert gc.isenabled()
    restore_text(OCR)
    assert gc.isenabled()
    gc.disable()
    try:
        restore_text(OCR)
        assert not gc.isenabled()
    finally:
        gc.enable()


_PROBE = """
import json, sys
from normalize import beam, restore_text
out = restore_text(sys.argv[1]).text
stats = {k.__name__: (sum(k.stats.cache_hits.values()), sum(k.stats.cache_misses.values()))
         for k in (beam._decode_many, beam.lattice_viterbi, beam.rewrite_expand_packed, beam.str_table)}
print(json.dumps({"text": out, "stats": stats, "cache": beam._CACHE}))
"""


def _run_read_only(pkg_root: Path, home: Path, env_extra: dict[str, str] | None = None) -> dict:
    """A fresh process importing ``normalize`` from ``pkg_root``, as a user who cannot write there."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
    env.update(HOME=str(home), PYTHONPATH=str(pkg_root), XDG_CACHE_HOME=str(home / ".cache"), **(env_extra or {}))
    cmd = [sys.executable, "-c", _PROBE, OCR]
    if os.geteuid() == 0:  # root writes anywhere: run as nobody, so read-only is read-only
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, cwd=str(pkg_root))
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(os.geteuid() == 0 and shutil.which("setpriv") is None, reason="needs setpriv to drop root")
def test_read_only_install_loads_the_install_time_kernels():
    """A package directory nobody may write to (system site-packages, an image): a fresh process loads the
    kernels `make setup` compiled instead of compiling them again; with nowhere to write at all it still
    restores (compiling, uncached) instead of failing to import."""
    from normalize.beam import warm_up

    warm_up()  # the in-tree cache of the current sources, as `make setup` leaves it
    src = Path(normalize.__file__).parent
    expected = restore_text(OCR).text
    root = Path(tempfile.mkdtemp(prefix="vnplan-ro-"))
    try:
        shutil.copytree(src, root / "normalize", ignore=shutil.ignore_patterns("*.pyc"))
        home, locked = root / "home", root / "locked"
        home.mkdir()
        locked.mkdir()
        if os.geteuid() == 0:
            os.chown(home, 65534, 65534)
        for p in [root, *root.rglob("*")]:
            if p != home:
                mode = p.stat().st_mode
                p.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) | stat.S_IROTH
                        | (stat.S_IXOTH if p.is_dir() else 0))
        got = _run_read_only(root, home)
        assert got["text"] == expected and got["cache"] is True
        for name, (hits, misses) in got["stats"].items():
            assert misses == 0 and hits >= 1, (name, hits, misses)
        assert list((home / ".cache").rglob("beam.*.nbi")), "the install-time index was not copied"
        got = _run_read_only(root, locked)  # HOME not writable either
        assert got["text"] == expected and got["cache"] is False
    finally:
        for p in [root, *root.rglob("*")]:
            p.chmod(p.stat().st_mode | stat.S_IWUSR)
        shutil.rmtree(root, ignore_errors=True)


def test_word_stats_decide_as_the_word_lists_do():
    from normalize.mode import WordStats, change_cost_of, detect_mode, mode_of, native_change_cost

    texts = [OCR, "Cộng hòa xã hội chủ nghĩa Việt Nam", "cong hoa xa hoi chu nghia Viet Nam", "hạng A1 cm3 ban",
             "Ủy ban nhan dan tinh ban hanh ke hoach", ""]
    for t in texts:
        words = [p.text for p in tokenize(t) if p.kind == "word"]
        st = WordStats.of(words)
        assert mode_of(st) == detect_mode(words)
        assert change_cost_of(st) == native_change_cost(words)
    a, b = texts[1].split(), texts[2].split()
    assert WordStats.of(a) + WordStats.of(b) == WordStats.of(a + b)


def _transient_peak(text: str, config) -> tuple[int, object]:
    """Peak traced memory of one restore above what it starts with and what its result keeps."""
    import tracemalloc

    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        res = restore_text(text, config=config)
        cur, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - cur, res  # the result is alive at `cur`: what is left is the work's own memory


def test_long_text_is_restored_in_parts_with_memory_of_one_part():
    from dataclasses import replace

    from normalize.config import DEFAULT_CONFIG

    cfg = replace(DEFAULT_CONFIG, stream_chars=6_000, stream_part_chars=3_000)
    one = "\n\n".join([OCR] * 12)  # ~3 kB paragraphs of English-model OCR
    assert len(one) < cfg.stream_chars
    ten = "\n\n".join([one] * 10)
    restore_text(one, config=cfg)  # candidate memos warm: only the restore's own memory is measured
    peak1, res1 = _transient_peak(one, cfg)
    peak10, res10 = _transient_peak(ten, cfg)
    assert peak10 < 1.5 * peak1, (peak1, peak10)
    # the same lines, spans in the input, the text's mode (OCR rewrites and joins applied) in every part
    assert res10.text.count("\n") == ten.count("\n")
    assert all(t.raw == ten[t.start:t.end] for t in res10.tokens if t.kind == "word" and " " not in t.raw)
    paras = res10.text.split("\n\n")
    assert len(paras) == 120 and set(paras) == set(res1.text.split("\n\n"))
    assert res10.confidence == pytest.approx(res1.confidence, abs=0.02)


def test_candidate_memos_stay_bounded():
    from dataclasses import replace

    from normalize.config import DEFAULT_CONFIG

    cfg = replace(DEFAULT_CONFIG, candidate_cache_max=40, rewrite_cache_max=16)
    r = get_restorer(get_model(), cfg)
    r.clear_caches()
    text = OCR + "\n" + "\n".join(OCR.split("\n")[::-1])
    got = restore_text(text, config=cfg)
    assert 0 < len(r._cands) <= 40 and 0 < len(r._rw) <= 16
    assert got.text == restore_text(text).text  # dropping memo entries changes nothing but time


def test_glued_decision_builds_only_its_sentences_as_the_whole_text_has_them():
    """kept_whole builds the lattice of the sentences holding a glued token only: each of them the same positions,
    candidates, edges and fixed spellings as in the whole text's lattice, the list letters before them included
    (a 'd)' after a 'd)' item is 'đ)' even when the first one lies in a sentence that is not built)."""
    from normalize.decode import sentence_spans

    m = get_model()
    r = get_restorer(m)
    text = ("d) Nhiém vu cia UBND x4.\nCac don vi phéi hgp\nCoquan chuyén mén thuc hién\nd) Bao cao két qua.\n"
            "Thuc hién theo ké hoach; Noivu huéng dan.\nTang cudng kiém tra.")
    pieces = tokenize(text)
    split, glued = split_glued(r, pieces)
    assert len(glued) == 2
    full = build_lattice(m, r, text, split, "ocr", r.cfg.native_change_cost, glued, forced=False)
    spans = sentence_spans(split)
    only = [sp for sp in spans if any(sp[0] <= g < sp[1] for g in glued)]
    assert 0 < len(only) < len(spans)
    part = build_lattice(m, r, text, split, "ocr", r.cfg.native_change_cost, glued, forced=False, only=only)
    assert len(part.seq) < len(full.seq)
    by_piece = {pi: si for si, pi in enumerate(full.seq_piece) if pi >= 0}
    for a, b in part.segments:
        fa = by_piece[next(pi for pi in part.seq_piece[a:b] if pi >= 0)] - next(
            k for k, pi in enumerate(part.seq_piece[a:b]) if pi >= 0)
        assert (fa, fa + b - a) in full.segments
        assert part.seq[a:b] == full.seq[fa:fa + b - a] and part.seq_piece[a:b] == full.seq_piece[fa:fa + b - a]
        for si in range(a, b - 1):
            assert part.merges.get(si) == full.merges.get(fa + si - a)
    assert part.fixed and all(full.fixed[pi] == v for pi, v in part.fixed.items())
    second_d = max(pi for pi, p in enumerate(split) if p.text == "d")
    assert part.fixed[second_d] == "đ"
    assert restore_text(text).text.count("\nđ) Báo") == 1


def test_blank_text_is_returned_as_the_full_path_returns_it():
    from normalize.config import DEFAULT_CONFIG
    from normalize.restore import _restore

    for t in ("", " ", "\n", "\n\n \t\n", "\r\n", "  \n  "):
        assert restore_text(t) == _restore(t, None, DEFAULT_CONFIG)


def test_posteriors_reuse_the_viterbi_terms_bit_for_bit():
    """decode_many / decode_with_posteriors hand the Viterbi's scores to the posteriors: the same choices and the
    same confidences, to the last bit, as computing the posteriors on their own."""
    from normalize import beam

    m = get_model()
    r = get_restorer(m)
    text = OCR + "\n" + OCR.lower()
    lat = build_lattice(m, r, text, tokenize(text), "ocr", r.cfg.native_change_cost, set(), forced=False)
    seqs = [lat.seq[a:b] for a, b in lat.segments]
    assert sum(len(s) for s in seqs) > 40
    for seq, (ch, post) in zip(seqs, r.decode_many(seqs), strict=True):
        assert beam.decode(r.lm, seq, r.cfg.beam, r.cfg.beam_gap) == ch
        assert beam.choice_posteriors(r.lm, seq, ch) == post
        assert beam.decode_with_posteriors(r.lm, seq, r.cfg.beam, r.cfg.beam_gap) == (ch, post)


def test_to_nfc_hint_changes_nothing():
    from normalize.text import _OLD_STYLE_RE, _move_tone_back

    vowels = "àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ"
    texts = [f"{o}{v}{t}" for o in "oOuUqa" for v in vowels for t in ("", " ", "n", ".")]
    texts += [f"q{t}" for t in texts] + ["hoà khoẻ Thuý quý QUÝ", "Cộng hòa", "", "ascii only"]
    import unicodedata

    for t in texts:
        want = _OLD_STYLE_RE.sub(_move_tone_back, unicodedata.normalize("NFC", t))
        assert normalize.text.to_nfc(t) == want, t


def test_legacy_word_memo_keeps_the_decisions():
    """The per-word memo of the legacy-encoding check gives the decisions of a cold check, and the restorer's
    clear_caches forgets it."""
    from normalize import legacy

    samples = ["Céng hßa x· héi chñ nghÜa ViÖt Nam", "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", *OCR.split("\n"),
               "Thuchién nhiém vu héi nghi"]
    cold = []
    for s in samples:
        legacy.clear_word_memo()
        cold.append(legacy.detect_and_convert(s))
    assert cold[0][1] == "tcvn3" and cold[1][1] == "vni" and {c[1] for c in cold[2:]} == {"unicode"}
    for _ in range(2):
        assert [legacy.detect_and_convert(s) for s in samples] == cold
    assert legacy._WORD_MEMO[1]
    get_restorer(get_model()).clear_caches()
    assert not legacy._WORD_MEMO[1]
    every = "".join(sorted(normalize.text.VI_SPECIFIC)) + "aàâéêôõ ĐđƠơ\n" + OCR
    assert len(legacy._VI_RE.findall(every)) == sum(1 for c in every if c in normalize.text.VI_SPECIFIC)


@_PATCHES_PYTHON
def test_place_name_lengths_skipped_only_where_no_name_can_match(monkeypatch):
    """match_names does not try the lengths whose window holds no key of a province / region name (without a
    unit word): the same names as trying every length."""
    from normalize import gazetteer
    from normalize.markers import channel_fits

    r = get_restorer(get_model())
    fits = channel_fits(r, "ocr")
    runs = ["UBND TINH DONG THAP", "Thanh phé Can Tho", "Tang cudng Cén Tho Pong Thap", "xa Dai Ngai Long Phu",
            "Ban Chi Dao tinh Ben Tre", "Coquan Nhan Dan Ha Noi", "phuong An Khanh Ninh Kieu", "Dong bang song Cuu Long"]

    class Everything:
        def __contains__(self, _k: object) -> bool:
            return True

    got = []
    for run in runs:
        words = list(enumerate(run.split()))
        got.append((gazetteer.match_names(words, fits), gazetteer.match_names(words)))
    assert sum(bool(a) for a, _ in got) >= 6
    monkeypatch.setattr(gazetteer, "_NAME_KEYS", Everything())
    for run, want in zip(runs, got, strict=True):
        words = list(enumerate(run.split()))
        assert (gazetteer.match_names(words, fits), gazetteer.match_names(words)) == want, run


def _rewrites_reference(r, key: str) -> dict[str, tuple[float, bool]]:
    """Every key up to two rewrite rules away, as the expansion was written first: each position, each rule
    length from the shortest, then the initial-letter rules; key -> (cheapest cost, needs initial đ) of the
    first path found at that cost."""
    out: dict[str, tuple[float, bool]] = {}
    frontier = [(key, 0.0, False)]
    for _depth in range(2):
        nxt = []
        for k, cost0, dd in frontier:
            for i in range(len(k)):
                for length in range(1, min(r.max_rule_len, len(k) - i) + 1):
                    for rep, c in r.rules.get(k[i:i + length], ()):
                        cost, nk = cost0 + c, k[:i] + rep + k[i + length:]
                        if cost <= r.cfg.max_rule_cost and (nk not in out or out[nk][0] > cost):
                            out[nk] = (cost, dd)
                            nxt.append((nk, cost, dd))
            if not dd and k:
                for rep, c in r.init_rules.get(k[0], ()):
                    cost, nk = cost0 + c, syllable_key(rep) + k[1:]
                    if cost <= r.cfg.max_rule_cost and (nk not in out or out[nk][0] > cost):
                        out[nk] = (cost, "đ" in rep)
                        nxt.append((nk, cost, "đ" in rep))
        frontier = nxt
    out.pop(key, None)
    return out


@_PATCHES_PYTHON
def test_rewrites_keep_only_what_candidates_read():
    """The rewrite expansion keeps a rewritten key only when candidates() can read it: a lexicon key, or one cheap
    enough (rewrite_edit_max) for an edit after it.  Those entries are the full expansion's, cost and đ flag alike;
    the memo holds a fraction of it; and the candidate lists are those of the full expansion."""
    from normalize.restorer import Restorer

    m = get_model()
    r = Restorer(m)
    index = m.index
    tokens = ["ctia", "chire", "nhiém", "thuchién", "kién", "tgén", "cdo", "bdo", "hgp", "phéi", "trudc", "ngudi",
              "dugc", "thyc", "chtre", "Bong", "x4", "quyét", "huéng", "viéc"]
    kept = full = 0
    for tok in tokens:
        key = syllable_key(tok.lower())
        ref = _rewrites_reference(r, key)
        got = r._rewrites(key)
        assert got == {k: v for k, v in ref.items() if v[0] <= r.cfg.rewrite_edit_max or k in index}
        kept, full = kept + len(got), full + len(ref)
    assert kept < full / 2
    plain = Restorer(m)
    plain._rewrites = lambda key: _rewrites_reference(plain, key)  # type: ignore[method-assign]
    for tok in tokens:
        for mode in ("ocr", "stripped", "native"):
            assert r.candidates(tok.lower(), mode) == plain.candidates(tok.lower(), mode)


def test_posteriors_read_from_the_search_equal_computed_ones_at_any_beam():
    """The posteriors take their LM terms from the hypotheses the search kept and compute the others: whatever the
    beam keeps or drops (1 hypothesis: most terms computed; 50: most read), the confidences are bit-identical to
    posteriors computed on their own."""
    from normalize import beam

    m = get_model()
    r = get_restorer(m)
    text = OCR + "\n" + OCR.lower()
    lat = build_lattice(m, r, text, tokenize(text), "ocr", r.cfg.native_change_cost, set(), forced=False)
    seqs = [lat.seq[a:b] for a, b in lat.segments]
    for width in (1, 2, 10, 50):
        for seq, (ch, post) in zip(seqs, beam.decode_many(r.lm, seqs, width, r.cfg.beam_gap), strict=True):
            assert beam.decode(r.lm, seq, width, r.cfg.beam_gap) == ch
            assert beam.choice_posteriors(r.lm, seq, ch) == post


def test_narrow_lm_tables_give_the_model_s_log_probabilities_bit_for_bit():
    """The compiled decoder's tables are stored narrow (16-bit word ids, 32-bit row pointers and log-probs) and
    widened as they are read: log P(c | a b) equals the model's own, to the last bit, for stored trigrams,
    backed-off bigrams and unseen triples alike."""
    import numpy as np

    from normalize import beam
    from normalize.model import UNK, UNK_LOGP

    m = get_model()
    lm = get_restorer(m).lm
    assert lm.tri_c.dtype == np.int16 and lm.tri_v.dtype == np.float32 and lm.tri_ptr.dtype == np.int32
    assert lm.tri_v.nbytes + lm.tri_c.nbytes < (lm.tri_v.size * 16) / 2
    V = m.V
    triples = [(k // V // V, k // V % V, k % V) for k in sorted(m.tri)[::97]]  # stored trigrams
    triples += [(k // V, k % V, c) for k in sorted(m.bo3)[::53] for c in (UNK, 7, V - 1)]  # contexts, other words
    rng = np.random.default_rng(16)
    triples += [tuple(int(x) for x in rng.integers(0, V, 3)) for _ in range(3000)]  # mostly unseen: back-off
    assert len(triples) > 5000
    for a, b, c in triples:
        assert beam._lp(a, b, c, UNK, UNK_LOGP, *lm.args()) == m.logp(a, b, c), (a, b, c)


def test_compiled_rewrite_expansion_equals_the_python_one():
    """The rewrite expansion in one compiled call (prefetch_rewrites, beam.rewrite_expand) gives every key the Python
    expansion's entries: the same keys, costs and đ flags, in the same order; long garbled tokens (past the kernel's
    working room: expanded in Python), symbols, the initial-letter rules and non-Latin letters included."""
    from normalize.restorer import Restorer

    m = get_model()
    r = Restorer(m)
    tables = r.rewrite_tables()
    assert tables is not None
    words = {p.text.lower() for p in tokenize(OCR + "\n" + OCR.lower()) if p.kind in ("word", "other")}
    words |= {"ctia", "chire", "x4", "x&", "8ong", "bong", "pong", "pdi", "1€", "¢6", "thuchiénnhiémvu",
              "uwuwuwuwuwuwuwuwuw", "w" * 60, "ww", "", "α", "quy{n", "nguoi"}
    keys = sorted({syllable_key(w) for w in words})
    got = tables.expand(keys)
    assert any(g is None for g in got), "a key past the working room must be left to Python"
    compared = 0
    for key, g in zip(keys, got, strict=True):
        ref = r._rewrites_python(key)
        if g is not None:
            assert list(g.items()) == list(ref.items()), key
            compared += 1
    assert compared >= 40
    # through the memo: what candidates() reads after a prefetch is the Python expansion, long keys included
    r.clear_caches()
    r.prefetch_rewrites(words)
    for key in keys:
        assert list(r._rw[key].items()) == list(r._rewrites_python(key).items()), key
    plain = Restorer(m)
    plain._rw_tables = None  # no prefetch: every key expanded in Python
    for w in sorted(words):
        assert r.candidates(w, "ocr") == plain.candidates(w, "ocr")


@_PATCHES_PYTHON
def test_prefetch_covers_the_expansions_of_diacritics_free_and_native_text(monkeypatch):
    """Diacritics-free and native text get their rewrite expansions in one compiled call too (made with the
    lattice, any number of keys once the kernel is loaded): their candidates then expand nothing in Python,
    and every candidate list equals the one made with every key expanded in Python."""
    from normalize.candidates import CandidateGenerator
    from normalize.config import DEFAULT_CONFIG
    from normalize.restorer import Restorer

    m = get_model()
    stripped = "Uy ban nhan dan tinh giao Bong thoi Pai ctia xyzq nghien cuu thuchien ke hoach"
    native = "Ủy ban nhân dân tỉnh giao Sở Nội vụ thuchién kế hoạch ctia năm nay"
    r = Restorer(m)
    assert r.rewrite_tables() is not None
    in_python: list[str] = []
    orig = CandidateGenerator._rewrites_python

    def counted(self, key):
        in_python.append(key)
        return orig(self, key)

    monkeypatch.setattr(CandidateGenerator, "_rewrites_python", counted)
    for text, mode, change in ((stripped, "stripped", DEFAULT_CONFIG.native_change_cost), (native, "native", 2.0)):
        words = sorted({p.text.lower() for p in tokenize(text) if p.kind == "word"})
        r.prefetch_rewrites(["ctia"], mode, change)  # one key: through the kernel (it is loaded)
        assert "cua" in r._rw["ctia"], mode
        r.prefetch_rewrites(words, mode, change)
        in_python.clear()
        got = [r.candidates(w, mode, change) for w in words]
        assert not in_python, (mode, in_python)
        plain = Restorer(m)
        plain._rw_tables = None  # every key expanded in Python
        assert got == [plain.candidates(w, mode, change) for w in words], mode
        assert in_python, "the reference expanded its keys in Python"
    # the lattice makes the prefetch: a fresh restorer's candidates of a stripped line expand nothing in Python
    fresh = Restorer(m)
    fresh.rewrite_tables()
    in_python.clear()
    pieces = tokenize(stripped)
    build_lattice(m, fresh, stripped, pieces, "stripped", DEFAULT_CONFIG.native_change_cost, set(), forced=False)
    assert not in_python, in_python


def test_name_slot_spellings_are_made_once_per_process():
    """The OCR name reader's spellings of a slot (surnames, middle, given names) are made once per process, not
    once per line restored (they were ~15% of a short line's time), and are the slot's lower-cased spellings."""
    from normalize import names

    r = get_restorer(get_model())
    for slot in (names.SURNAMES, names.MIDDLE, names.GIVEN):
        want = frozenset(s.lower() for d in slot.values() for s in d)
        assert names._spellings(slot) == want
        assert names._spellings(slot) is names._spellings(slot)
    a = names._slot_reader(names.name_readings(r, "ocr"), names.DEFAULT_NAMES)
    b = names._slot_reader(names.name_readings(r, "ocr"), names.DEFAULT_NAMES)
    assert a is not None and b is not None
    assert a("Nguyén", names.SURNAMES) and b("Nguyén", names.SURNAMES)
    assert not a("quyét", names.SURNAMES)


def test_memoised_name_slot_reads_equal_the_plain_channel():
    """The name finder asks of every capitalised OCR word whether the channel reads a surname / middle / given name
    from it; the restorer's reader memoises that per (token, slot) and must answer as the plain channel does, also
    after the caches are cleared, and the names found in OCR text are the same either way."""
    from normalize import names

    r = get_restorer(get_model())
    channel = names.name_readings(r, "ocr")
    assert isinstance(channel, names.ChannelReadings)
    memo = names._slot_reader(channel, names.DEFAULT_NAMES)
    plain = names._slot_reader(lambda low: channel(low), names.DEFAULT_NAMES)  # not the restorer's: no memo
    assert memo is not None and plain is not None
    words = ["Nguyén", "D6", "Vii", "Tran", "Thi", "Hwong", "quyét", "Coquan", "Lé", "Hoang", "Pham", "Ngoc", "x4"]
    for _ in range(2):
        r.clear_caches()
        got = {(w, id(s)): memo(w, s) for w in words for s in (names.SURNAMES, names.MIDDLE, names.GIVEN)}
        assert got == {(w, id(s)): plain(w, s) for w in words for s in (names.SURNAMES, names.MIDDLE, names.GIVEN)}
        assert got == {(w, id(s)): memo(w, s) for w in words for s in (names.SURNAMES, names.MIDDLE, names.GIVEN)}
    assert any(got.values()) and not all(got.values())
    text = "Ong Nguyén Van Hwng, Phé Chti tich UBND tinh\nPHO CHU TICH\nTran Thi Thu Ha\nBa D6 Thi Huong va ong Lé Vin Nam"
    pieces = tokenize(text)
    found = names.person_names(pieces, text, "ocr", channel)
    assert found and found == names.person_names(pieces, text, "ocr", lambda low: channel(low))


def test_decode_many_of_one_sentence_equals_it_in_a_batch():
    """A line's one sentence goes to the decoder without the batch's joining and cutting: the same choices and
    posteriors as the same sentence decoded among others, and as decode_with_posteriors."""
    from normalize import beam

    m = get_model()
    r = get_restorer(m)
    lat = build_lattice(m, r, OCR, tokenize(OCR), "ocr", r.cfg.native_change_cost, set(), forced=False)
    sents = [lat.seq[a:b] for a, b in lat.segments if any(len(c) > 1 for c in lat.seq[a:b])]
    assert len(sents) >= 3
    batch = beam.decode_many(r.lm, sents, r.cfg.beam, r.cfg.beam_gap)
    assert [len(ch) for ch, _ in batch] == [len(s) for s in sents]
    for s, got in zip(sents, batch, strict=True):
        one = beam.decode_many(r.lm, [s], r.cfg.beam, r.cfg.beam_gap)
        assert one == [got]
        assert one[0] == beam.decode_with_posteriors(r.lm, s, r.cfg.beam, r.cfg.beam_gap)
    assert r.lm.arrays == r.lm.args() and r.lm.arrays is r.lm.arrays


def test_cache_pass_returns_early_only_where_no_distribution_can_count():
    """The document cache's first test (:func:`normalize.doccache._caps_if_counted`) gives up on a line only when
    no key occurs ``cache_min`` times and no key ``cache_name_min`` times among capitalised words after a word,
    the counts its distributions need; the capitals are made only when a key repeats. Checked against counting
    every position, on random lines."""
    import random
    from collections import Counter

    from normalize.doccache import _caps_if_counted

    rng = random.Random(16)
    made = []

    def caps_of(caps: list[int]):
        def make() -> list[int]:
            made.append(1)
            return caps
        return make

    seen = set()
    for _ in range(3000):
        n = rng.randint(0, 9)
        kat = [rng.choice([None, "cua", "va", "cac", "thuong", "ha"]) for _ in range(n)]
        caps = [rng.choice([0, 0, 1, 2]) for _ in range(n)]
        made.clear()
        got = _caps_if_counted(kat, caps_of(caps), 3, 2)
        keys = Counter(k for k in kat if k is not None)
        names = Counter(k for k, c in zip(kat, caps, strict=True) if k is not None and c == 2)
        could = any(v >= 3 for v in keys.values()) or any(v >= 2 for v in names.values())
        assert (got is not None) == could
        if all(v == 1 for v in keys.values()):
            assert not made  # a line repeating no key: its capitals are never made
        if got is not None and made:
            assert got == caps
        seen.add((could, bool(made)))
    assert {(False, False), (False, True), (True, False), (True, True)} <= seen
    assert _caps_if_counted(["cua", "cua"], [0, 0], 3, 2) is None
    assert _caps_if_counted(["cua", "ha", "cua"], [2, 0, 2], 3, 2) == [2, 0, 2]


def test_legacy_word_ratios_of_both_encodings_in_one_pass():
    """TCVN3's and VNI's word ratios come from one pass over a line's words (one memo entry per word holds both);
    each is the share, among the words with that encoding's bytes, of those whose conversion is lexicon words."""
    import re

    from normalize import legacy

    ids = get_model().ids
    samples = ["Céng hßa x· héi chñ nghÜa ViÖt Nam", "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", *OCR.split("\n"),
               "Thuchién nhiém vu héi nghi", "Phßng Noäi vuï", "khong co dau"]

    def cold(sample: str, pat: re.Pattern[str], conv) -> float:
        words = [w for w in sample.split() if pat.search(w)]
        good = [w for w in words if (p := re.findall(r"[^\W\d_]+", conv(w))) and all(x.lower() in ids for x in p)]
        return len(good) / len(words) if words else 0.0

    legacy.clear_word_memo()
    for _ in range(2):  # cold, then from the memo
        for s in samples:
            want = (cold(s, legacy._TCVN3_RE, legacy.tcvn3_to_unicode), cold(s, legacy._VNI_RE, legacy.vni_to_unicode))
            assert legacy._converted_word_ratios(s) == want
            assert (legacy._converted_word_ratio(s, "tcvn3"), legacy._converted_word_ratio(s, "vni")) == want
    assert legacy._converted_word_ratios(samples[0])[0] >= legacy.LEGACY_WORD_RATIO
    assert legacy._converted_word_ratios(samples[1])[1] >= legacy.LEGACY_WORD_RATIO
    assert all(isinstance(v, tuple) and len(v) == 2 for v in legacy._WORD_MEMO[1].values())
