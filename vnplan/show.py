"""``vnplan show``: one document of the store as a self-contained HTML page, to check rows against the page.

For each page: the page image (re-rendered from ``documents.source_path``) with a box for every
extracted row that has one (colour by table, red outline when a quality check failed on it), and the
raw text (``pages.text_raw``) beside the restored text (``pages.text``) line by line, with the
syllables restoration changed marked (a token diff, difflib) and each row's character span
(``char_start``/``char_end``) highlighted. A table of the rows follows the pages' order; hovering a row
highlights its box and text span, clicking scrolls to it.

Boxes are in the pixel space of the page's word boxes (``pages.image_width`` × ``image_height``): the
page image is placed in an SVG whose view box is that space, so the boxes draw where the words are
whatever size the embedded image is (it is scaled down to :data:`IMAGE_WIDTH` pixels to keep the file
small). Pages of .txt and Word files have no image: their rows show as text spans only. When the
source file is gone, or its content changed since the ingest, the page says so and still shows the text
and the rows. One HTML file: the images are inlined as data: URIs, the CSS and JavaScript are inline
(``vnplan/templates/show.html.j2``, autoescaped).
"""

from __future__ import annotations

import base64
import difflib
import io
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
from PIL import Image

from . import __version__
from .exitcodes import ExitCode, VnplanError
from .fsutil import atomic_write_text
from .report import templates
from .schemas import SCHEMAS
from .store import Store

log = logging.getLogger(__name__)

# Tables whose rows are drawn, in the order the legend lists them, with their colour.
ROW_TABLES: dict[str, str] = {
    "header_fields": "#8c564b",
    "sections": "#7b3fb3",
    "targets": "#1f6fd1",
    "tasks": "#1e9e3e",
    "task_agencies": "#e07b00",
}
FAILED = "#e00000"
IMAGE_WIDTH = 1100  # pixels of the embedded page images (the boxes do not depend on it)
JPEG_QUALITY = 70
_TOKEN = re.compile(r"\S+")
_BOX = ("bbox_x0", "bbox_y0", "bbox_x1", "bbox_y1")


@dataclass
class RowView:
    key: str
    table: str
    page_no: int | None
    label: str
    detail: str
    box: tuple[int, int, int, int] | None
    span: tuple[int, int] | None
    rules: list[str] = field(default_factory=list)
    overridden: list[str] = field(default_factory=list)
    order: tuple = ()
    rid: str = ""  # 'r<n>': what the page's elements of this row carry (data-r, data-rows)

    @property
    def failed(self) -> bool:
        return bool(self.rules)

    @property
    def rect(self) -> tuple[int, int, int, int] | None:
        """(x, y, width, height) to draw. A link's box is its task's box (the cell it was read from is
        inside the task's row): drawn inset, so the task's outline stays visible around it."""
        if self.box is None:
            return None
        x0, y0, x1, y1 = self.box
        if self.table == "task_agencies":
            d = max(2, min(x1 - x0, y1 - y0) // 12)
            x0, y0, x1, y1 = x0 + d, y0 + d, max(x0 + d + 1, x1 - d), max(y0 + d + 1, y1 - d)
        return x0, y0, x1 - x0, y1 - y0


@dataclass
class Segment:
    text: str
    changed: bool = False
    rows: tuple[str, ...] = ()
    table: str = ""
    failed: bool = False


@dataclass
class LineView:
    no: int
    raw: list[Segment]
    text: list[Segment]


@dataclass
class PageView:
    page_no: int
    method: str
    lines: list[LineView]
    image: str | None  # data: URI
    width: int | None
    height: int | None
    note: str
    rows: list[RowView]
    n_changed: int


# ---------------------------------------------------------------------------------------------------
# finding the document


def find_document(store: Store, ref: str) -> dict[str, Any]:
    """The documents row for a doc_id (or a unique prefix of one), a file (by content hash) or a
    file name / source path as stored. Raises VnplanError (exit 2) when none or several match."""
    docs = store.read("documents").to_pylist()
    if not docs:
        raise VnplanError(f"no documents in {store.dir}: run `vnplan ingest` first", ExitCode.store_unreadable)
    by_id = [d for d in docs if d["doc_id"] == ref]
    if not by_id:
        path = Path(ref)
        if path.is_file():
            from ingest.sources import file_hash

            try:
                digest = file_hash(path)
            except OSError:
                digest = None
            by_id = [d for d in docs if d["doc_id"] == digest]
        if not by_id:
            by_id = [d for d in docs if ref in (d["source_path"], d["file_name"])]
        if not by_id and re.fullmatch(r"[0-9a-f]{4,16}", ref):
            by_id = [d for d in docs if d["doc_id"].startswith(ref)]
    if len(by_id) == 1:
        return by_id[0]
    if by_id:
        names = ", ".join(f"{d['doc_id']} ({d['file_name']})" for d in by_id[:10])
        raise VnplanError(f"{ref!r} matches {len(by_id)} documents: {names}; give a doc_id", ExitCode.bad_args)
    near = difflib.get_close_matches(ref, [d["file_name"] or "" for d in docs], n=3)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    raise VnplanError(f"no document {ref!r} in {store.dir} (give a doc_id, a file or its name){hint}", ExitCode.bad_args)


# ---------------------------------------------------------------------------------------------------
# rows


def _int(v: Any) -> int | None:
    return None if v is None else int(v)


def _short(text: Any, n: int = 140) -> str:
    s = " ".join(str(text or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _num(v: Any) -> str:
    return "" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))


def _describe(table: str, r: dict[str, Any], agencies: dict[str, str]) -> tuple[str, str, str]:
    """(key, label, detail) of a row, the key as the checks table names rows."""
    if table == "sections":
        return r["section_id"], f"{r.get('label') or ''}", _short(r.get("heading"))
    if table == "targets":
        value = " ".join(x for x in (r.get("comparator") or "", _num(r.get("value")), r.get("unit") or "") if x)
        year = f" ({r['target_year']})" if r.get("target_year") else ""
        return r["target_id"], value + year, _short(r.get("indicator") or r.get("text"))
    if table == "tasks":
        deadline = f" · {r['deadline_text']}" if r.get("deadline_text") else ""
        return r["task_id"], f"{r.get('task_no') or ''}{deadline}", _short(r.get("text"))
    if table == "task_agencies":
        key = f"{r['task_id']}|{r['agency_id']}|{r.get('role')}"
        name = agencies.get(r["agency_id"]) or r["agency_id"]
        return key, f"{r.get('role') or ''}", _short(f"{r.get('mention') or ''} → {name}")
    # header_fields and any other table with provenance: its id column, then the field and its value
    ident = next((str(r[c]) for c in ("field_id", "header_field_id", "id") if r.get(c) is not None), None)
    name = str(r.get("field") or r.get("name") or "")
    value = r.get("value") if "value" in r else r.get("text")
    return ident or f"{r['doc_id']}:{name}:{r.get('ordinal')}", name, _short(value)


def load_rows(store: Store, doc_id: str) -> list[RowView]:
    """Every extracted row of the document, with its box, span and failed checks, in document order."""
    checks = store.read("checks", [doc_id]).to_pylist()
    failed: dict[tuple[str, str], list[str]] = {}
    for c in checks:
        failed.setdefault((c["table_name"], c["row_id"]), []).append(c["rule"])
    registry = {a["agency_id"]: a["name"] for a in store.read("agencies", [doc_id]).to_pylist()}
    out: list[RowView] = []
    for table in ROW_TABLES:
        if table not in SCHEMAS:  # header_fields came with the provenance columns
            continue
        for i, r in enumerate(store.read(table, [doc_id]).to_pylist()):
            key, label, detail = _describe(table, r, registry)
            box = tuple(int(r[c]) for c in _BOX) if all(r.get(c) is not None for c in _BOX) else None
            span = (int(r["char_start"]), int(r["char_end"])) if r.get("char_start") is not None and r.get("char_end") is not None else None
            rules = list(failed.get((table, key), []))
            if table == "task_agencies":  # a check on the agency itself concerns every link to it
                rules += failed.get(("agencies", r["agency_id"]), [])
            order = (_int(r.get("page_no")) or 0, span[0] if span else 1 << 30, _int(r.get("ordinal")) or i)
            out.append(RowView(key, table, _int(r.get("page_no")), label, detail, box, span, rules,  # type: ignore[arg-type]
                               list(r.get("overridden") or []), order))
    out.sort(key=lambda v: v.order)
    for i, v in enumerate(out, 1):
        v.rid = f"r{i}"
    return out


# ---------------------------------------------------------------------------------------------------
# text: raw beside restored, changed tokens marked, row spans highlighted


def changed_ranges(raw: str, text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character ranges of the tokens (whitespace-separated) that differ between a raw line and its
    restored line: (in raw, in text)."""
    a = [(m.start(), m.end()) for m in _TOKEN.finditer(raw)]
    b = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    sm = difflib.SequenceMatcher(None, [raw[s:e] for s, e in a], [text[s:e] for s, e in b], autojunk=False)
    ra: list[tuple[int, int]] = []
    rb: list[tuple[int, int]] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            ra += a[i1:i2]
            rb += b[j1:j2]
    return ra, rb


def _segments(line: str, offset: int, changed: list[tuple[int, int]], spans: list[tuple[int, int, RowView]]) -> list[Segment]:
    """Cut a line into runs of characters with the same marks (changed token, rows covering it)."""
    n = len(line)
    if not n:
        return []
    ch = [False] * n
    for s, e in changed:
        for i in range(s, min(e, n)):
            ch[i] = True
    covers: list[tuple[RowView, ...]] = [()] * n
    for s, e, row in spans:
        lo, hi = max(s - offset, 0), min(e - offset, n)
        for i in range(lo, hi):
            covers[i] = (*covers[i], row)
    out: list[Segment] = []
    start = 0
    for i in range(1, n + 1):
        if i == n or ch[i] != ch[start] or covers[i] != covers[start]:
            rows = covers[start]
            out.append(Segment(line[start:i], ch[start], tuple(r.rid for r in rows),
                               rows[-1].table if rows else "", any(r.failed for r in rows)))
            start = i
    return out


def page_lines(raw: str, text: str, rows: list[RowView]) -> tuple[list[LineView], int]:
    """The page's lines side by side (pages keep the raw text's line structure) and the number of
    changed tokens."""
    raw_lines, text_lines = raw.split("\n"), text.split("\n")
    spans = [(r.span[0], r.span[1], r) for r in rows if r.span]
    # outer rows first: the innermost decides a run's colour (a task over its links' equal spans)
    spans.sort(key=lambda s: (s[0], -s[1], s[2].table != "task_agencies"))
    out: list[LineView] = []
    offset = 0
    n_changed = 0
    for i in range(max(len(raw_lines), len(text_lines))):
        rl = raw_lines[i] if i < len(raw_lines) else ""
        tl = text_lines[i] if i < len(text_lines) else ""
        ca, cb = changed_ranges(rl, tl)
        n_changed += len(cb)
        here = [s for s in spans if s[0] < offset + len(tl) and s[1] > offset]
        out.append(LineView(i + 1, _segments(rl, 0, ca, []), _segments(tl, offset, cb, here)))
        offset += len(tl) + 1
    return out, n_changed


# ---------------------------------------------------------------------------------------------------
# page images


def _data_uri(img: Image.Image) -> str:
    if img.width > IMAGE_WIDTH:
        img = img.resize((IMAGE_WIDTH, max(1, round(img.height * IMAGE_WIDTH / img.width))), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    img.convert("L").save(buf, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


class Source:
    """The document's source file, opened once; ``problem`` says why pages cannot be shown."""

    def __init__(self, doc: dict[str, Any], base: Path | None = None):
        self.path: Path | None = None
        self.kind: str | None = None
        self.problem: str | None = None
        given = Path(doc.get("source_path") or "")
        candidates = [given] + ([base / given] if base is not None and not given.is_absolute() else [])
        path = next((p for p in candidates if p.is_file()), None)
        if path is None:
            self.problem = f"The source file {doc.get('source_path')} is gone: the page image cannot be shown."
            return
        from ingest.sources import file_hash, kind_of

        try:
            same = file_hash(path) == doc["doc_id"]
        except OSError as e:
            self.problem = f"The source file {path} cannot be read ({e.strerror or e}): no page image."
            return
        if not same:
            self.problem = f"The source file {path} changed since it was ingested: its pages are not shown."
            return
        self.path, self.kind = path, kind_of(path)

    def render(self, page_no: int, width: int | None, height: int | None, rotation: int | None = None,
               skew: float | None = None) -> tuple[Image.Image, int, int] | None:
        """The page as an image and the size of its word-box space (image_width × image_height when
        the store has them, else the size ingest read the page at), turned as OCR turned it (``skew``
        then ``rotation``, pages.skew / pages.rotation) so the boxes sit on their words."""
        got = self._render(page_no, width, height, quarter=(rotation or 0) % 180 == 90)
        if got is None:
            return None
        img, width, height = got
        if skew:
            # as ingest.preprocess.deskew: about the centre, the page keeps its size
            img = img.rotate(skew, resample=Image.BICUBIC, expand=False, fillcolor=255)
        if rotation:
            img = img.rotate(-rotation, expand=True)
        return img, width, height

    def _render(self, page_no: int, width: int | None, height: int | None,
                quarter: bool) -> tuple[Image.Image, int, int] | None:
        """The page as the source holds it; ``quarter``: the box space is the page turned a quarter
        (its width is the source page's height)."""
        if self.path is None or self.kind not in ("pdf", "image"):
            return None
        if self.kind == "pdf":
            from ingest import pdf

            doc = pdf.open_pdf(self.path)
            try:
                w_pt, h_pt = doc.get_page_size(page_no - 1)
                if width is None or height is None:
                    # stores before pages.image_width: the space ingest read the page in
                    native = pdf.scan_image(doc, page_no - 1, 10**9)
                    dpi = native[1] if native is not None else pdf.OCR_DPI
                    width, height = round(w_pt * dpi / 72), round(h_pt * dpi / 72)
                across = height if quarter else width  # the box space's extent along the source page's width
                scale = min(IMAGE_WIDTH, across) / w_pt  # rendered straight at the embedded size
                img = doc[page_no - 1].render(scale=scale, grayscale=True).to_pil()
            finally:
                doc.close()
            return img, width, height
        with Image.open(self.path) as im:
            im.seek(page_no - 1)
            img = im.convert("L")
        if width is None or height is None:
            width, height = img.width, img.height
        return img, width, height


def build_pages(store: Store, doc: dict[str, Any], rows: list[RowView], base: Path | None = None) -> list[PageView]:
    pages = sorted(store.read("pages", [doc["doc_id"]]).to_pylist(), key=lambda p: p["page_no"])
    source = Source(doc, base) if any(p["method"] not in ("text", "docx", "doc") for p in pages) else None
    out: list[PageView] = []
    for p in pages:
        mine = [r for r in rows if r.page_no == p["page_no"]]
        lines, n_changed = page_lines(p.get("text_raw") or "", p.get("text") or p.get("text_raw") or "", mine)
        image = width = height = None
        note = ""
        if p["method"] in ("text", "docx", "doc"):
            note = "Text page (no image): rows are highlighted in the text."
        elif source is None or source.problem:
            note = source.problem if source else "No source file."
        else:
            try:
                got = source.render(p["page_no"], p.get("image_width"), p.get("image_height"), p.get("rotation"),
                                    p.get("skew"))
            except Exception as e:  # a page that cannot be rendered must not cost the view
                log.warning("page %d of %s cannot be rendered: %s", p["page_no"], source.path, e)
                got = None
                note = f"The page could not be rendered from {source.path}: {e}"
            if got is not None:
                img, width, height = got
                image = _data_uri(img)
        out.append(PageView(p["page_no"], p["method"], lines, image, width, height, note, mine, n_changed))
    return out


# ---------------------------------------------------------------------------------------------------
# the page


def _light(colour: str, alpha: float = 0.22) -> str:
    """The colour over white at ``alpha``: the background of a row's text span."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - alpha * (255 - v)):02x}" for v in rgb)


def build_show(store: Store, doc: dict[str, Any], base: Path | None = None) -> str:
    rows = load_rows(store, doc["doc_id"])
    pages = build_pages(store, doc, rows, base)
    counts = {t: sum(r.table == t for r in rows) for t in ROW_TABLES}
    return templates().get_template("show.html.j2").render(
        doc=doc,
        title=doc.get("title") or doc.get("file_name") or doc["doc_id"],
        version=__version__,
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        pages=pages,
        rows=rows,
        colours=ROW_TABLES,
        light={t: _light(c) for t, c in ROW_TABLES.items()},
        failed_colour=FAILED,
        counts={t: n for t, n in counts.items() if n},
        n_failed=sum(r.failed for r in rows),
        n_boxes=sum(r.box is not None for r in rows),
        n_spans=sum(r.span is not None for r in rows),
    )


def write_show(data_dir: str | Path, ref: str, out: str | Path | None = None) -> Path:
    """Write the HTML view of one document of the store at ``data_dir`` (atomically); returns its path."""
    store = Store(data_dir)
    if not store.exists():
        raise VnplanError(f"no vnplan tables in {data_dir}: run `vnplan ingest` first", ExitCode.store_unreadable)
    try:
        doc = find_document(store, ref)
        html = build_show(store, doc, base=Path(data_dir).absolute().parent)
    except pa.ArrowException as e:
        raise VnplanError(f"a table in {data_dir} cannot be read: {e}", ExitCode.store_unreadable) from e
    target = Path(out) if out is not None else Path(data_dir) / f"show-{doc['doc_id']}.html"
    atomic_write_text(target, html)
    log.info("show: %s (%s) -> %s (%d kB)", doc["file_name"], doc["doc_id"], target, len(html) // 1024)
    return target
