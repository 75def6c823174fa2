"""`vnplan show`: one document as HTML, checked in headless Chromium on a rendered degraded scan."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from devkit.synth import degrade_page, layout_pages, render_pages, resample_dpi, save_pdf
from tests.conftest import ROOT, plan_text
from tests.test_report import _chromium, _headless
from vnplan.exitcodes import ExitCode, VnplanError
from vnplan.pipeline import Options, run
from vnplan.show import FAILED, ROW_TABLES, Source, changed_ranges, find_document, page_lines
from vnplan.store import Store

VNPLAN = ROOT / ".venv" / "bin" / "vnplan"
SAMPLE = next((ROOT / "data" / "samples").glob("004_*.txt"))
BOX_TABLES = ("sections", "targets", "tasks", "task_agencies", "header_fields")
WINDOW = (1600, 2600)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    """A degraded scan rendered from sample plan 004 (its plan pages with targets, and the first table
    of its appendix), an image of its first page, and the plan as text, ingested for real."""
    raw = tmp_path_factory.mktemp("raw")
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    text = "\n".join(lines[54:123] + lines[278:298])
    save_pdf(render_pages(text, dpi=200, seed=4, degrade="medium"), raw / "scan004.pdf", dpi=200)
    degrade_page(layout_pages("\n".join(lines[:40]), dpi=200)[0], "medium", seed=7, dpi=200).save(raw / "page004.png")
    shutil.copyfile(SAMPLE, raw / "plan004.txt")
    out = tmp_path_factory.mktemp("out")
    summary = run([raw], out, Options(progress=False, workers=2))
    assert len(summary.ok) == 3 and not summary.failed, summary.line()
    return Store(out)


def _show(store: Store, ref: str, out: Path) -> str:
    res = subprocess.run([VNPLAN, "show", ref, "--store", store.dir, "-o", out], capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == str(out)
    return out.read_text(encoding="utf-8")


def _doc(store: Store, name: str) -> dict:
    return next(d for d in store.read("documents").to_pylist() if d["file_name"] == name)


def _rows(store: Store, doc_id: str) -> dict[str, list[dict]]:
    have = {p.name for p in store.dir.iterdir()}
    return {t: store.read(t, [doc_id]).to_pylist() for t in BOX_TABLES if t in have}


def test_token_diff_marks_the_changed_syllables():
    raw, fixed = "Ke hoach cai cach hanh chinh xa Thanh Phu", "Kế hoạch cải cách hành chính xã Thạnh Phú"
    a, b = changed_ranges(raw, fixed)
    assert [raw[s:e] for s, e in a] == raw.split()
    assert [fixed[s:e] for s, e in b] == fixed.split()
    a, b = changed_ranges("Phòng Vàn hóa - Xã hội chú trì", "Phòng Văn hóa - Xã hội chủ trì")
    assert [m for m in ("Vàn", "chú")] == ["Phòng Vàn hóa - Xã hội chú trì"[s:e] for s, e in a]
    assert b == [(6, 9), (23, 26)]


def test_scan_in_chromium_boxes_where_the_rows_are(store, tmp_path):
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium not found: install Debian's `chromium` (scripts/ensure-system-deps.sh chromium)")
    doc = _doc(store, "scan004.pdf")
    html_path = tmp_path / "show.html"
    html = _show(store, "scan004.pdf", html_path)
    # self-contained: nothing fetched from anywhere
    assert not re.search(r"""(src|href)=["'](?!data:|#)""", html)
    assert html.count("data:image/jpeg;base64,") == doc["n_pages"]

    rows = _rows(store, doc["doc_id"])
    boxed = {t: [r for r in rs if r.get("bbox_x0") is not None] for t, rs in rows.items()}
    n_boxed = sum(map(len, boxed.values()))
    assert n_boxed >= 10, {t: len(rs) for t, rs in rows.items()}  # the provenance columns reached the store
    failed = {(c["table_name"], c["row_id"]) for c in store.read("checks", [doc["doc_id"]]).to_pylist()}

    # The DOM: one box per row with a box, placed by the script's own geometry.
    probe = """<script>
var out = Array.from(document.querySelectorAll('rect.box')).map(function (el) {
  var b = el.getBoundingClientRect();
  return {t: el.getAttribute('data-table'), r: el.getAttribute('data-r'), f: el.classList.contains('failed'),
          x0: b.left, y0: b.top, x1: b.right, y1: b.bottom};
});
document.body.setAttribute('data-boxes', JSON.stringify(out));
</script></body>"""
    probed = tmp_path / "probe.html"
    probed.write_text(html.replace("</body>", probe), encoding="utf-8")
    res = _headless(browser, probed.resolve().as_uri(), "--dump-dom", f"--window-size={WINDOW[0]},{WINDOW[1]}",
                    cwd=tmp_path)
    m = re.search(r'data-boxes="([^"]*)"', res.stdout)
    assert m, f"script did not run: {res.stderr[-2000:]}"
    boxes = json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert len(boxes) == n_boxed
    for t, rs in boxed.items():
        assert sum(b["t"] == t for b in boxes) == len(rs), t
    n_failed = sum(
        1 for t, rs in boxed.items() for r in rs
        if (t, r.get("task_id") if t == "tasks" else r.get("target_id") if t == "targets" else
            f"{r['task_id']}|{r['agency_id']}|{r['role']}" if t == "task_agencies" else None) in failed
    )  # fmt: skip
    assert sum(b["f"] for b in boxes) >= n_failed > 0

    # The picture: each box on screen has its table's colour (red when a check failed) on its edges.
    png = tmp_path / "show.png"
    res = _headless(browser, html_path.resolve().as_uri(), f"--screenshot={png}",
                    f"--window-size={WINDOW[0]},{WINDOW[1]}", cwd=tmp_path)
    assert png.exists(), f"no screenshot: {res.returncode} {res.stderr[-2000:]}"
    img = Image.open(png).convert("RGB")
    on_screen = [b for b in boxes if b["y1"] < WINDOW[1] - 5 and b["x1"] - b["x0"] > 8 and b["y1"] - b["y0"] > 4]
    assert len(on_screen) >= 10
    drawn = [b for b in on_screen if _edge_has(img, b, _rgb(FAILED if b["f"] else ROW_TABLES[b["t"]]))]
    assert len(drawn) >= 0.8 * len(on_screen), f"{len(drawn)} of {len(on_screen)} boxes in their colour ({png})"
    # red for failed checks and the table colours both on the picture, for every table with a box there
    assert any(b["f"] for b in drawn) and not all(b["f"] for b in drawn)
    assert {b["t"] for b in drawn if not b["f"]} == {b["t"] for b in on_screen if not b["f"]}
    # and the boxes sit on the page image, not somewhere else on the screen
    assert all(b["x0"] >= 430 and b["x1"] <= WINDOW[0] * 0.75 for b in boxes)


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _edge_has(img: Image.Image, b: dict, want: tuple[int, int, int], tol: int = 60) -> bool:
    """Whether the box's left or top edge is drawn in the colour (strokes of other boxes may cover parts)."""
    def close(p: tuple[int, int, int]) -> bool:
        return all(abs(p[i] - want[i]) <= tol for i in range(3))

    def frac(points: list[tuple[int, int]]) -> float:
        hits = 0
        for x, y in points:
            hits += any(close(img.getpixel((x + dx, y + dy))) for dx in (-1, 0, 1) for dy in (-1, 0, 1))
        return hits / max(1, len(points))

    x0, y0, x1, y1 = (round(b[k]) for k in ("x0", "y0", "x1", "y1"))
    top = [(x, y0) for x in range(x0 + 3, x1 - 3, 2)]
    left = [(x0, y) for y in range(y0 + 3, y1 - 3, 2)] or [(x0, (y0 + y1) // 2)]
    return max(frac(top), frac(left)) >= 0.6


def test_text_page_shows_rows_as_text_spans(store, tmp_path):
    doc = _doc(store, "plan004.txt")
    html = _show(store, doc["doc_id"][:8], tmp_path / "txt.html")
    assert "<svg" not in html and "Text page (no image)" in html
    rows = _rows(store, doc["doc_id"])
    spans = [r for rs in rows.values() for r in rs if r.get("char_start") is not None]
    assert len(spans) > 20
    rids = set(re.findall(r'<tr data-r="(r\d+)"', html))
    assert len(rids) == sum(map(len, rows.values()))
    marked = {rid for group in re.findall(r'data-rows="([^"]+)"', html) for rid in group.split()}
    assert len(marked) == len(spans)  # every row with a span is highlighted somewhere in the text


def test_span_segments_follow_the_char_offsets():
    from vnplan.show import RowView

    text = "I. MỤC TIÊU\nPhấn đấu 100% hồ sơ"
    row = RowView("t1", "targets", 1, "", "", None, (21, 25), rid="r1")
    lines, _ = page_lines("I. MUC TIEU\nPhan dau 100% ho so", text, [row])
    marked = "".join(s.text for s in lines[1].text if s.rows == ("r1",))
    assert marked == text[21:25] == "100%"
    assert all(not s.rows for s in lines[0].text)


def test_source_gone_still_shows_text_and_rows(store, tmp_path):
    doc = _doc(store, "page004.png")
    src = Path(doc["source_path"])
    moved = tmp_path / "elsewhere.png"
    shutil.move(src, moved)
    try:
        html = _show(store, doc["doc_id"], tmp_path / "gone.html")
    finally:
        shutil.move(moved, src)
    assert "is gone: the page image cannot be shown" in html
    assert "data:image" not in html
    assert "ỦY BAN NHÂN DÂN" in html or "UBND" in html
    html = _show(store, str(src), tmp_path / "back.html")  # by the file itself
    assert html.count("data:image/jpeg;base64,") == 1


def test_unknown_document_is_a_clear_error(store, tmp_path):
    with pytest.raises(VnplanError, match="no document 'scan04.pdf'.*did you mean scan004.pdf") as e:
        find_document(store, "scan04.pdf")
    assert e.value.exit_code == ExitCode.bad_args
    res = subprocess.run([VNPLAN, "show", "nothing-like-it", "--store", store.dir, "-o", tmp_path / "x.html"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == ExitCode.bad_args and "Traceback" not in res.stderr
    assert not (tmp_path / "x.html").exists()


def _ink_in_boxes(img: Image.Image, words: list[dict], width: int, height: int) -> float:
    """Share of dark pixels inside the word boxes, drawn on ``img`` scaled from the box space."""
    arr = np.asarray(img.convert("L")) < 128
    sx, sy = img.width / width, img.height / height
    dark = total = 0
    for w in words:
        x0, y0 = int(w["box_left"] * sx), int(w["box_top"] * sy)
        x1, y1 = int((w["box_left"] + w["box_width"]) * sx), int((w["box_top"] + w["box_height"]) * sy)
        patch = arr[y0:y1, x0:x1]
        dark, total = dark + int(patch.sum()), total + patch.size
    return dark / max(total, 1)


def test_turned_and_skewed_scans_are_shown_as_ocr_read_them(tmp_path):
    """A page OCR read after a quarter turn (OSD) or after deskew has its boxes in the turned page:
    pages.rotation / pages.skew record the turn, and the viewer turns the page image the same way, so
    the boxes sit on ink (drawn on the page as the source holds it, they miss it)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    page = resample_dpi(layout_pages(plan_text(89, 14))[0], 300, 150)
    page = page.crop((0, 0, page.width, page.height // 2))
    page.rotate(90, expand=True).save(raw / "turned.png", dpi=(150, 150))
    page.rotate(3, resample=Image.BICUBIC, expand=True, fillcolor=255).save(raw / "skewed.png", dpi=(150, 150))
    out = tmp_path / "out"
    summary = run([raw], out, Options(progress=False, workers=1, restore=False, extract=False))
    assert len(summary.ok) == 2 and not summary.failed, summary.line()
    store = Store(out)
    for name, want_rotation in (("turned.png", 90), ("skewed.png", 0)):
        doc = _doc(store, name)
        (p,) = store.read("pages", [doc["doc_id"]]).to_pylist()
        words = [w for w in store.read("words", [doc["doc_id"]]).to_pylist() if w["confidence"] >= 60]
        assert p["rotation"] == want_rotation and len(words) > 40
        assert (abs(p["skew"]) > 2) == (name == "skewed.png")
        source = Source(doc)
        img, width, height = source.render(1, p["image_width"], p["image_height"], p["rotation"], p["skew"])
        assert abs(img.width / img.height - width / height) < 0.01
        plain, _, _ = source.render(1, p["image_width"], p["image_height"])
        on, off = _ink_in_boxes(img, words, width, height), _ink_in_boxes(plain, words, width, height)
        assert on > 0.12 and on > 1.5 * off, (name, on, off)
