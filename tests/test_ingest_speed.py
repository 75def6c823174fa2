"""Speed work on scanned pages (issue 16) that must not change a pixel or a row: the fast paths of
the page clean-up against the plain computations they replace, and where each step of a scan's run
happens (vnplan's own timing, VNPLAN_TIMINGS, of a real `vnplan ingest` process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage

from devkit.synth import degrade_page, layout_pages, photo_page, render_pages, save_pdf
from ingest import preprocess
from ingest.parallel import WORKER_CPU_STEP
from tests.conftest import plan_text
from vnplan.store import Store

VNPLAN = Path(sys.executable).parent / "vnplan"


@pytest.fixture(scope="module")
def table_pages() -> list[Image.Image]:
    """Sample plan 004's appendix (a ruled table) and its prose, rendered and degraded like scans."""
    pages = layout_pages(plan_text(278, 40))[:1] + layout_pages(plan_text(67, 40))[:1]
    return [degrade_page(p, "light", seed=i).convert("L") for i, p in enumerate(pages)]


def _background_plain(img: Image.Image) -> np.ndarray:
    """The page background as computed before (a float32 reshape and a two-axis max)."""
    arr = np.asarray(img, dtype=np.float32)
    f = 4 if min(arr.shape) >= 800 else 2
    small = arr[: arr.shape[0] // f * f, : arr.shape[1] // f * f].reshape(arr.shape[0] // f, f, -1, f).max(axis=(1, 3))
    win = max(5, int(max(small.shape) / 40) | 1)
    return ndimage.uniform_filter(ndimage.grey_closing(small, size=win), size=3)


def _runs_plain(ink: np.ndarray, length: int, axis: int) -> np.ndarray:
    """Pixels on a run of >= length ink pixels along axis, by brute force over every window."""
    a = ink if axis == 1 else ink.T
    out = np.zeros(a.shape, dtype=bool)
    windows = np.lib.stride_tricks.sliding_window_view(a, length, axis=1).all(axis=2)
    for k in range(length):
        out[:, k : k + windows.shape[1]] |= windows
    return out if axis == 1 else out.T


def test_background_is_the_plain_block_maximum(table_pages):
    for page in table_pages:
        assert np.array_equal(preprocess.background(page), _background_plain(page))
    small = table_pages[1].reduce(4)  # under 800 px a side: blocks of 2
    assert min(small.size) < 800
    assert np.array_equal(preprocess.background(small), _background_plain(small))


def test_flat_closing_test_never_claims_a_closing_that_is_not_flat():
    # Random pages of every size around the window, with the brightest level placed sparsely (so the test
    # goes both ways): where it says flat, the closing is the maximum everywhere; on a clean page it says so.
    rng = np.random.default_rng(0)
    said = [0, 0]
    for _ in range(400):
        win = int(rng.choice([5, 7, 11, 21]))
        shape = tuple(int(x) for x in rng.integers(2, 4 * win, size=2))
        small = rng.integers(0, 200, size=shape).astype(np.uint8)
        small[rng.random(shape) < rng.choice([0.02, 0.05, 0.1, 0.3])] = 230
        flat = preprocess._closing_is_flat(small, win)
        said[flat] += 1
        if flat:
            assert (ndimage.grey_closing(small, size=win) == small.max()).all()
    assert min(said) > 20


def test_background_of_a_clean_page_skips_the_closing(table_pages, monkeypatch):
    page = table_pages[1]
    expected = _background_plain(page)
    monkeypatch.setattr(preprocess.ndimage, "grey_closing", None)  # not called: the page is paper round text
    assert np.array_equal(preprocess.background(page), expected)
    lo, hi = np.percentile(expected, [5, 95])
    monkeypatch.setattr(preprocess.np, "percentile", None)  # nor are the percentiles of the flat background
    assert preprocess.uneven_light(page) is bool(hi > 0 and (hi - lo) / hi > preprocess.UNEVEN_LIGHT) is False


def _normalise_plain(img: Image.Image) -> np.ndarray:
    """Background division as computed before (repeat, edge padding, then whole-page arithmetic)."""
    arr = np.asarray(img, dtype=np.float32)
    small = preprocess.background(img)
    f = arr.shape[0] // small.shape[0]
    bg = np.repeat(np.repeat(small, f, axis=0), f, axis=1)
    bg = np.pad(bg, ((0, arr.shape[0] - bg.shape[0]), (0, arr.shape[1] - bg.shape[1])), mode="edge")
    return np.clip(arr / np.maximum(bg, 1.0) * 255.0, 0, 255).astype(np.uint8)


def test_background_division_is_the_plain_one(table_pages):
    # A phone photo (uneven light, sizes that are no multiple of the block) and 300-dpi pages, whole
    # and halved (as text_height divides them).
    photo = photo_page(layout_pages(plan_text(67, 40))[0], seed=2).convert("L")
    for img in [photo, *table_pages, *(p.reduce(2) for p in table_pages)]:
        assert np.array_equal(np.asarray(preprocess.normalise_background(img)), _normalise_plain(img))


def _skew_plain(img: Image.Image, max_angle: float = 6.0, step: float = 0.1) -> float:
    """The projection-profile skew estimate as computed before (float32 copy of every rotation)."""
    arr = np.asarray(img.reduce(4), dtype=np.uint8)
    base = Image.fromarray((arr < (arr.mean() - 2 * arr.std()).clip(60, 200)).astype(np.uint8) * 255)

    def score(angle: float) -> float:
        rot = np.asarray(base.rotate(angle, resample=Image.NEAREST, fillcolor=0), dtype=np.float32)
        return float(np.var(rot.sum(axis=1)))

    best = max(np.arange(-max_angle, max_angle + 1e-9, 0.5), key=score)
    return float(max(np.arange(best - 0.5, best + 0.5 + 1e-9, step), key=score))


def test_skew_estimate_is_the_plain_one(table_pages):
    for page in table_pages:
        for angle in (0.0, 2.7, -4.2):
            turned = page.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
            found = preprocess.estimate_skew(turned)
            assert found == _skew_plain(turned)
            assert abs(found + angle) < 1.0  # the correction undoes the turn


def test_deskew_skips_the_fine_search_only_where_it_cannot_turn_the_page(table_pages):
    page = table_pages[1]
    for angle in (0.0, 0.4, -0.8, 1.3, 2.7, -4.2):
        turned = page.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
        full = preprocess.estimate_skew(turned)  # the whole search, as before
        out, found = preprocess.deskew(turned)
        if abs(full) < preprocess._MIN_CORRECTION:
            assert out is turned and abs(found) < preprocess._MIN_CORRECTION
        else:
            assert found == full
            expected = turned.rotate(full, resample=Image.BICUBIC, expand=False, fillcolor=255)
            assert np.array_equal(np.asarray(out), np.asarray(expected))


def test_rule_runs_match_brute_force_on_a_table_and_on_prose(table_pages):
    found = []
    for page in table_pages:
        ink = np.asarray(page.reduce(2), dtype=np.uint8) < 170
        for axis, length in ((1, int(ink.shape[1] * 0.08)), (0, int(ink.shape[0] * 0.04))):
            rows = ink if axis == 1 else np.ascontiguousarray(ink.T)
            n_lines, runs = preprocess._lines_with_runs(rows, length)
            fast = preprocess._run_mask(rows.shape, runs)
            plain = _runs_plain(ink, length, axis)
            assert np.array_equal(fast if axis == 1 else fast.T, plain)
            assert n_lines == int((plain.sum(axis=axis) > length).sum())
        found.append(preprocess.remove_rules(page)[1])
    assert found == [True, False]  # the appendix is a grid, the prose is not


def _unrule_plain(img: Image.Image, min_frac: float = 0.08) -> np.ndarray:
    """Rule removal as computed before: full-size mask grown by 1 and 2 pixels each way, whitened."""
    arr = np.asarray(img, dtype=np.uint8)
    small = np.asarray(img.reduce(2), dtype=np.uint8) < 170
    horiz = _runs_plain(small, max(10, int(small.shape[1] * min_frac)), 1)
    vert = _runs_plain(small, max(10, int(small.shape[0] * min_frac / 2)), 0)
    mask = np.repeat(np.repeat(horiz | vert, 2, axis=0), 2, axis=1)[: arr.shape[0], : arr.shape[1]]
    grown = mask.copy()
    for shift in (1, 2):
        grown[shift:, :] |= mask[:-shift, :]
        grown[:-shift, :] |= mask[shift:, :]
        grown[:, shift:] |= mask[:, :-shift]
        grown[:, :-shift] |= mask[:, shift:]
    out = arr.copy()
    out[grown] = 255
    return out


def test_rules_whitened_as_before_at_any_size(table_pages):
    grid = table_pages[0]
    # even and odd sizes: the half-size mask's blocks are cut at the page's last row and column
    for page in (grid, grid.crop((1, 1, grid.width, grid.height)), grid.crop((0, 0, grid.width - 3, grid.height - 1))):
        out, changed = preprocess.remove_rules(page)
        assert changed and out.size == page.size and out.mode == "L"
        assert np.array_equal(np.asarray(out), _unrule_plain(page))


def test_ink_mask_is_that_of_the_divided_page(table_pages):
    photo = photo_page(layout_pages(plan_text(67, 40))[0], seed=2).convert("L")
    for img in [photo, photo.reduce(3), *table_pages, *(p.reduce(2) for p in table_pages)]:
        divided = np.asarray(preprocess.normalise_background(img), dtype=np.uint8)
        for level in (170, 128):
            assert np.array_equal(preprocess.ink_after_normalising(img, level), divided < level)


@pytest.fixture(scope="module")
def timed_scan(tmp_path_factory):
    """A real `vnplan ingest --workers 2` of a 3-page scanned PDF, with VNPLAN_TIMINGS on."""
    tmp = tmp_path_factory.mktemp("timed")
    pages = render_pages(plan_text(67, 90), dpi=300, seed=3, degrade="light")[:3]
    pdf = save_pdf(pages, tmp / "scan.pdf")
    timings = tmp / "timings.jsonl"
    proc = subprocess.Popen(
        [VNPLAN, "-q", "ingest", str(pdf), "--out", str(tmp / "out"), "--workers", "2"],
        env={**os.environ, "VNPLAN_TIMINGS": str(timings)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    rows = [json.loads(line) for line in timings.read_text().splitlines()]
    return proc.pid, len(pages), rows, Store(tmp / "out")


def test_every_step_of_a_scan_is_timed_in_the_workers(timed_scan):
    main_pid, n, rows, _ = timed_scan
    by_stage: dict[str, list[dict]] = {}
    for r in rows:
        by_stage.setdefault(r["stage"], []).append(r)
        assert r["end"] >= r["start"] and r["wall"] >= 0 and r["cpu"] >= 0
    for stage in ("render", "preprocess", "ocr i/o", "tesseract", "layout"):
        assert len({r["pid"] for r in by_stage[stage]}) >= 1
    assert len(by_stage["render"]) == n and len(by_stage["tesseract"]) >= n
    # Tesseract's CPU is counted (a child of the worker): most of a page's cost.
    assert sum(r["cpu"] for r in by_stage["tesseract"]) > sum(r["cpu"] for r in by_stage["preprocess"])
    assert len(by_stage["extract"]) == 1 and len(by_stage["store"]) == 1
    # The scheduling process does none of the work: its one row is its own CPU (imports, scheduling);
    # the fork server's is its imports and the model, loaded once for every worker.
    assert [r["stage"] for r in rows if r["pid"] == main_pid] == ["main process (imports, scheduling)"]
    server = [r for r in rows if r["stage"].startswith("fork server")]
    assert len(server) == 1 and server[0]["pid"] not in {r["pid"] for r in by_stage["tesseract"]}
    # Each page worker records its own CPU from fork to exit, which holds its steps' (the benchmark
    # reports the rest: hand-off, pickling, exit).
    totals = {r["pid"]: r["cpu"] for r in by_stage[WORKER_CPU_STEP]}
    assert set(totals) >= {r["pid"] for r in by_stage["render"]}
    for pid, cpu in totals.items():
        steps = [r["cpu"] for r in rows if r["pid"] == pid and r["stage"] in ("render", "preprocess", "layout")]
        assert cpu >= sum(steps) > 0


def test_scan_pages_are_restored_by_the_workers_that_read_them(timed_scan):
    _, n, rows, store = timed_scan
    ocr_pids = {r["pid"] for r in rows if r["stage"] == "tesseract"}
    restores = [r for r in rows if r["stage"] == "restore"]
    # One restoration per page, in a page worker, each finished before the document's extraction:
    # plus the document job's pass, which finds every page restored already.
    extract = next(r for r in rows if r["stage"] == "extract")
    per_page = [r for r in restores if r["pid"] in ocr_pids and r["end"] <= extract["start"]]
    assert len(per_page) >= n
    assert len(restores) == n + 1
    doc_pass = max(restores, key=lambda r: r["start"])
    assert doc_pass["cpu"] < min(r["cpu"] for r in per_page if r is not doc_pass)
    pages = store.read("pages").to_pandas()
    assert len(pages) == n and pages.text.notna().all() and (pages.text.str.len() > 100).all()


def test_scheduling_process_and_page_code_load_no_pandas(tmp_path):
    """pandas costs ~0.2 s to import; the scheduling process of an ingest into a new store (its
    imports, the Tesseract check, the done-documents read, the strip) and the page code do without
    it, and so do the workers' store writes (pyarrow is kept from importing it, vnplan.work.warm_up)."""
    code = f"""
import sys
import vnplan.cli, vnplan.pipeline
from vnplan.deps import probe_tesseract
from vnplan.store import open_store
import ingest.pages, ingest.ocr, ingest.pdf
probe_tesseract(["vie"])
store = open_store({str(tmp_path / "out")!r})
with store.locked():
    store.prepare()
    assert store.read("documents", ["a"]).num_rows == 0
    store.strip_documents(["a"])
print("pandas" in sys.modules, "pdfplumber" in sys.modules)
from vnplan.work import warm_up
from ingest.records import Document, Page
from vnplan.work import document_rows
warm_up(restore=False, extract=False)
# a worker's store write (pyarrow converting Python values) after the warm-up: still no pandas
doc = Document("d1", "x.txt", "x.txt", pages=[Page(1, "text", "KẾ HOẠCH", text="KẾ HOẠCH")])
store.write_document("d1", document_rows(doc, None))
print("pandas" in sys.modules)
# what asks for pandas itself still gets it
print(store.read("documents").to_pandas().shape[0], "pandas" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False", "False", "1", "True"]


def test_extraction_warm_up_imports_spacy_without_its_cli():
    """spaCy's command line (typer, weasel, httpx, rich, ~200 modules: half of spaCy's import) is not
    loaded by the extraction warm-up of the fork server; extraction still works, ``spacy.info`` still
    answers, and ``import spacy.cli`` afterwards gives the real package."""
    code = """
import sys
from vnplan.work import warm_up
warm_up(restore=False, extract=True)
from extract import extract_document
from ingest.records import Document, Page
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("typer", "weasel", "httpx", "rich", "requests")
               or m.startswith("spacy.cli"))
print(len(heavy))
text = ("ỦY BAN NHÂN DÂN\\nTỈNH CAO BẰNG\\n\\nKẾ HOẠCH\\nTriển khai công tác y tế năm 2026\\n\\nI. NHIỆM VỤ\\n"
        "1. Sở Y tế chủ trì tổ chức tập huấn cho các xã trước ngày 30/6/2026.\\n")
ex = extract_document(Document("d", "x.txt", "x.txt", pages=[Page(1, "text", text, text=text)]))
print(len(ex.tasks) == 1 and len(ex.agencies) == 1)
import spacy
print(spacy.info(silent=True)["spacy_version"] == spacy.__version__)
import spacy.cli
print(callable(spacy.cli.download), "spacy.cli._util" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", "True", "True", "True", "True"]


def test_spacy_that_wants_more_of_its_cli_is_loaded_in_full():
    """Should a spaCy release import more of ``spacy.cli`` than ``info`` at import, the stand-in fails that
    import; spaCy is then loaded the ordinary way, never left broken (an import error raised once inside
    spaCy's import plays that release here)."""
    code = """
import sys
from importlib.abc import MetaPathFinder

class FailOnce(MetaPathFinder):
    failed = False
    def find_spec(self, name, path, target=None):
        if name == "spacy.glossary" and not FailOnce.failed:
            FailOnce.failed = True
            raise ImportError("cannot import name 'x' from 'spacy.cli'")
        return None

sys.meta_path.insert(0, FailOnce())
from vnplan.work import _spacy_without_cli
_spacy_without_cli()
import spacy
print(FailOnce.failed, type(spacy.load).__name__, callable(spacy.explain))
import spacy.cli
print(callable(spacy.cli.download))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "function", "True", "True"]


def test_warm_up_loads_what_a_documents_extraction_loads(seed_paths):
    """After the fork server's warm-up, a real plan's restoration and extraction import nothing more:
    what the first document would load (spaCy's registered loggers, ...) is loaded once, before the
    workers fork, not by each worker's first document (in the run's serial tail)."""
    code = f"""
import sys
from vnplan.work import warm_up, finish_document
from ingest.records import Document, Page
warm_up()
before = set(sys.modules)
text = open({str(seed_paths["004"])!r}, encoding="utf-8").read()
ex = finish_document(Document("d1", "x.txt", "x.txt", pages=[Page(1, "text", text)]), {{}})
print(len(ex.tasks) > 10, sorted(set(sys.modules) - before))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "True []"


def test_pages_pickle_their_words_as_field_tuples():
    """A page crosses process boundaries twice in a scan's run; its words go as tuples of their
    fields (not an object and a dict each), and come back as the same Word objects."""
    import pickle

    from ingest.records import Page, Word

    words = [Word(1, 1 + i // 40, i // 8, i % 8, f"chữ{i}", 10 * i, 20 + i, 30, 25, 90.5 + i % 7) for i in range(500)]
    page = Page(3, "ocr", "văn bản", words, ocr_confidence=88.2, text="văn bản", image_width=2480,
                image_height=3508, rotation=0, skew=0.4)
    data = pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)
    back = pickle.loads(data)
    assert back == page and all(type(w) is Word for w in back.words)
    assert back.words is not page.words
    # as plain objects the same words take a third more bytes (and 2x the time)
    assert len(data) < 0.75 * len(pickle.dumps(vars(page), protocol=pickle.HIGHEST_PROTOCOL))
    empty = Page(1, "text", "")
    assert pickle.loads(pickle.dumps(empty)) == empty


def test_a_workers_first_page_imports_no_image_plugins():
    """Tesseract gets each page as a TIFF; PIL imports every plugin it has (~60 modules) on the first
    save in a format it has not registered. ``ingest.ocrstream`` registers the TIFF writer where it
    is imported (the fork server's preload), so no page worker pays for that at its first page."""
    code = """
import sys, tempfile, os
import ingest.ocrstream
from PIL import Image
before = set(sys.modules)
with tempfile.TemporaryDirectory() as tmp:
    Image.new("L", (40, 30), 255).save(os.path.join(tmp, "p.tif"), format="TIFF", dpi=(300, 300))
print(sorted(m for m in set(sys.modules) - before if m.startswith("PIL")))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def _processes_mentioning(marker: str) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    if marker.encode() in f.read():
                        pids.append(int(entry))
            except OSError:
                continue
    return pids


def test_fork_server_starts_before_the_checks_and_is_stopped_when_one_fails(tmp_path):
    """``vnplan ingest`` starts the workers' fork server (its imports and the model: the run's
    start-up) before the Tesseract check, the overrides and the output check, so those overlap it;
    a run that one of them stops kills the server at once, leaving no process behind."""
    marker = tmp_path / "marker-on-sys-path"  # on the fork server's command line (its sys.path)
    marker.mkdir()
    out = tmp_path / "out"
    out.write_text("a file, not a folder", encoding="utf-8")
    scan = tmp_path / "scan.pdf"
    save_pdf(render_pages(plan_text(), degrade="light", seed=1)[:1], scan)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([os.environ.get("PYTHONPATH", ""), str(marker)]).strip(os.pathsep)}
    res = subprocess.run([str(VNPLAN), "ingest", str(scan), "--out", str(out)], capture_output=True, text=True,
                         env=env, timeout=120)
    assert res.returncode == 4 and "is a file" in res.stderr  # ExitCode.output_not_writable
    assert _processes_mentioning(str(marker)) == []
    # the server was started (and killed): the order is the point of the change
    code = f"""
import vnplan.cli as cli, vnplan.forkserver as fs
calls = []
fs.start = lambda *a: calls.append("start")
fs.stop = lambda: calls.append("stop")
real = cli._checked_run_setup
def checked(*a):
    calls.append("checks")
    return real(*a)
cli._checked_run_setup = checked
try:
    cli.app(["ingest", {str(scan)!r}, "--out", {str(out)!r}])
except SystemExit as e:
    print(calls, e.code)
"""
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert printed == "['start', 'checks', 'stop'] 4"


def test_stopping_the_fork_server_kills_it_mid_preload():
    """:func:`vnplan.forkserver.stop` does not wait for a server still importing (it would read its
    pipe only after the preload): it is gone at once, and a second stop does nothing."""
    code = """
import os, time
import vnplan.forkserver as fs
from multiprocessing import forkserver
fs.start()
pid = forkserver._forkserver._forkserver_pid
t = time.monotonic()
fs.stop()
took = time.monotonic() - t
fs.stop()
try:
    os.kill(pid, 0)
    alive = True
except ProcessLookupError:
    alive = False
print(alive, took < 1.0, forkserver._forkserver._forkserver_pid)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False True None"


def test_fork_server_preloads_without_the_collector_and_workers_run_with_it(tmp_path):
    # The preload's first module switches the collector off, vnplan.warm freezes what was loaded and switches it
    # back on; a worker forked from a preload that never reached vnplan.warm switches it on for itself.
    code = (
        "import gc, vnplan.gcpause; off = not gc.isenabled(); import vnplan.warm; "
        "print(off, gc.isenabled(), gc.get_freeze_count() > 0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "True", "True"]
    (tmp_path / "gcjob.py").write_text(
        "import gc\n\nclass GcState:\n    def run(self):\n        return gc.isenabled()\n"
    )
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import gcjob\n"
        "from ingest.parallel import PagePool\n"
        "with PagePool([gcjob.GcState()], workers=1, preload=('vnplan.gcpause', 'ingest.pages')) as pool:\n"
        "    print([outcome for _, outcome in pool])\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[True]"


def test_filing_line_sheets_read_by_one_eng_process_as_by_one_call_each():
    # The re-read of the filing codes (ingest/recheck.py) hands its six zoomed sheets to one Tesseract process
    # (a list file of PGMs) instead of one pytesseract call (a PNG) per zoom: every sheet's rows are the same.
    from ingest import recheck
    from ingest.records import Word
    from ingest.tesseract import pytesseract

    text = (
        "Nơi nhận:\n- Như trên;\n- UBND tỉnh (để b/c);\n- Sở Nội vụ TPCT;\n- Lưu: VT, KSTT.\n"
    )
    page = render_pages(text, degrade="light", seed=3)[0].convert("L")
    data = pytesseract.image_to_data(page, lang="vie", output_type=pytesseract.Output.DICT)
    words = [Word(int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]),
                  int(data["word_num"][i]), t.strip(), int(data["left"][i]), int(data["top"][i]),
                  int(data["width"][i]), int(data["height"][i]), float(data["conf"][i]))
             for i, t in enumerate(data["text"]) if t.strip() and float(data["conf"][i]) >= 0]
    key = lambda w: (w.block, w.par, w.line)  # noqa: E731
    lines = [[w for w in words if key(w) == k] for k in dict.fromkeys(key(w) for w in words)]
    groups = [ws for ws in lines if any(w.text.startswith(("Lưu", "Sở")) for w in ws)]
    assert groups
    batched = recheck._read_zooms(page, groups, 1.0, recheck._ZOOMS)
    for zoom, got in zip(recheck._ZOOMS, batched, strict=True):
        sheet, tops, origins = recheck._sheet(page, groups, 1.0, zoom)
        alone = pytesseract.image_to_data(sheet, lang="eng", config="--oem 1 --psm 6",
                                          output_type=pytesseract.Output.DICT)
        assert got == recheck._placed(alone, tops, origins, zoom, len(groups))
    assert all(any(found for found in zoom) for zoom in batched)  # eng read words at every size


def test_run_without_progress_bar_does_not_import_tqdm(tmp_path):
    # tqdm (~0.09 CPU-s to import) is loaded only by a run that shows its bar; a quiet run counts pages without it
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(plan_text(), encoding="utf-8")
    code = f"""
import sys
from vnplan import pipeline
opts = pipeline.Options(progress=False, restore=False, extract=False, workers=1)
summary = pipeline.run([{str(tmp_path / "in")!r}], {str(tmp_path / "out")!r}, opts)
print(len(summary.ok), summary.pages > 0, "tqdm" in sys.modules)
bar, redirect = pipeline._progress_bar(True)
bar.close()
print("tqdm" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["1", "True", "False", "True"]


def test_run_mask_in_the_rows_with_runs_is_the_whole_page_one():
    """The mask is filled in the rows that hold a run only: the same as the marks summed over every row,
    runs at the first and last column and pages without a run included."""
    rng = np.random.default_rng(5)
    for shape, density in (((40, 33), 0.9), ((17, 64), 0.6), ((25, 10), 0.0), ((9, 50), 1.0)):
        ink = rng.random(shape) < density
        ink[rng.random(shape[0]) < 0.5] = False  # rows with no run at all
        for length in (1, 3, 8):
            runs = preprocess._long_runs(ink, length)
            h, w = shape
            marks = np.zeros(h * (w + 1) + 1, np.int8)
            marks[runs[0]] = 1
            marks[runs[1]] = -1
            whole = np.cumsum(marks[:-1], dtype=np.int8).reshape(h, w + 1)[:, :w].astype(bool)
            assert np.array_equal(preprocess._run_mask(shape, runs), whole)
            assert np.array_equal(whole, _runs_plain(ink, length, 1))


def test_a_page_is_halved_once_for_rule_removal_and_text_height(table_pages, monkeypatch):
    prose = table_pages[1]
    calls = []
    reduce = Image.Image.reduce

    def counted(self, *a, **k):
        calls.append(a)
        return reduce(self, *a, **k)

    monkeypatch.setattr(Image.Image, "reduce", counted)
    out, changed = preprocess.remove_rules(prose)
    assert not changed and out is prose
    height = preprocess.text_height(out)
    assert calls == [(2,)]  # the unruled page's half-size copy measured the text too
    assert np.array_equal(np.asarray(preprocess.half_size(prose)), np.asarray(reduce(prose, 2)))
    other = prose.copy()  # another image object: halved afresh
    assert preprocess.text_height(other) == height and len(calls) == 2


def test_pixels_are_those_of_asarray_with_or_without_a_copy():
    """preprocess.pixels lends a grey page's own memory (Pillow's Arrow export) and copies anything else:
    the same values, shape and read-only array as np.asarray in every case."""
    import gc

    rng = np.random.default_rng(3)
    grey = Image.fromarray(rng.integers(0, 256, (877, 1237), dtype=np.uint8)).rotate(3)  # odd width
    big = Image.new("L", (3508, 4961), 7)  # A3 at 300 dpi: rows in more than one block, copied
    for img in (grey, grey.reduce(2), big, Image.new("1", (64, 40), 1), Image.new("RGB", (30, 20), (1, 2, 3))):
        got, want = preprocess.pixels(img), np.asarray(img)
        assert got.dtype == want.dtype and got.shape == want.shape and np.array_equal(got, want)
        assert not got.flags.writeable
    lent = preprocess.pixels(Image.new("L", (500, 400), 9))  # the image itself is gone at once
    gc.collect()
    assert int(lent.sum()) == 9 * 500 * 400


def test_row_counts_are_the_plain_row_sums():
    rng = np.random.default_rng(8)
    for w in (620, 640, 1016, 1024, 2040, 2048, 638, 7, 1):  # packed by 4, by 8, too wide to pack, odd
        for density in (0.0, 0.3, 1.0):
            ones = (rng.random((37, w)) < density).astype(np.uint8)
            got = preprocess.row_counts(ones)
            assert got.dtype == np.int64 and np.array_equal(got, ones.sum(axis=1, dtype=np.int64))


def test_component_sizes_are_those_of_find_objects(table_pages):
    """text_height's glyph boxes: the heights and widths of ndimage.find_objects' slices, on real pages
    (a ruled table and prose, at half size as text_height measures them) and on random speckle."""
    rng = np.random.default_rng(5)
    inks = [preprocess.ink_after_normalising(preprocess.half_size(p)) for p in table_pages]
    inks += [rng.random((97, 131)) < d for d in (0.05, 0.4, 0.7)] + [np.ones((3, 5), bool), np.zeros((4, 4), bool)]
    for ink in inks:
        labels, n = ndimage.label(ink)
        boxes = ndimage.find_objects(labels)
        hs, ws = preprocess.component_sizes(labels, n)
        assert hs.dtype == ws.dtype == np.int32 and len(hs) == len(ws) == n
        assert hs.tolist() == [b[0].stop - b[0].start for b in boxes]
        assert ws.tolist() == [b[1].stop - b[1].start for b in boxes]


class MainScriptProbe:
    """A pool job reporting whether the worker re-ran the parent's ``__main__`` script (which sets a marker)."""

    timeout = 0

    def run(self) -> bool:
        return "vnplan_test_main_marker" in sys.modules


def test_pipeline_workers_do_not_rerun_the_main_script(tmp_path):
    """A forkserver worker re-runs the parent's script as __mp_main__ (for jobs defined there); a pool of the
    stage packages' own jobs (the pipeline's, own_jobs=True) starts its workers without it, so the vnplan
    console script no longer imports the command line in every worker. Other pools keep the re-run."""
    script = tmp_path / "main_script.py"
    script.write_text(
        "import json, sys, types\n"
        "sys.modules['vnplan_test_main_marker'] = types.ModuleType('vnplan_test_main_marker')\n"
        "from ingest.parallel import PagePool\n"
        "from tests.test_ingest_speed import MainScriptProbe\n"
        "if __name__ == '__main__':\n"
        "    out = {}\n"
        "    for own in (False, True):\n"
        "        with PagePool([MainScriptProbe(), MainScriptProbe()], 2, preload=['ingest.records'], own_jobs=own) as pool:\n"
        "            out[str(own)] = [r for _, r in pool]\n"
        "    print(json.dumps(out))\n"
    )
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    proc = subprocess.run([sys.executable, str(script)], cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out == {"False": [True, True], "True": [False, False]}
