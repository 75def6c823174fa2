"""Provenance of extracted rows: line and character spans in pages.text, boxes from the word boxes,
document order (ordinal)."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from devkit.paths import SEEDS
from extract import Extraction, extract_document
from extract.rows import PROVENANCE_COLUMNS
from ingest.records import Document, Page
from ingest.textfile import read_text_pages
from normalize.text import clean_space, fold

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not available")

TABLES = ("sections", "targets", "tasks", "task_agencies")


def _key(s: str) -> str:
    return clean_space(fold(s)).replace(" ", "")


@cache
def seed_pages(n: str, per_page: int = 60) -> tuple[Document, Extraction]:
    """Seed n cut into pages of ``per_page`` lines (as a text file with form feeds reads)."""
    path = next(SEEDS.glob(f"{n}_*.txt"))
    lines = unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).split("\n")
    pages = [Page(page_no=i + 1, method="text", text_raw="\n".join(lines[k : k + per_page]))
             for i, k in enumerate(range(0, len(lines), per_page))]
    doc = Document(doc_id=f"seed{n}", source_path=str(path), file_name=path.name, pages=pages)
    return doc, extract_document(doc)


def _row_text(table: str, row: dict[str, Any]) -> str | None:
    return {"sections": row.get("heading"), "targets": row.get("text"), "tasks": row.get("text")}.get(table)


@pytest.mark.parametrize("n", ["000", "002", "003", "004"])
def test_spans_point_at_the_row_text(n: str) -> None:
    doc, ex = seed_pages(n)
    texts = {p.page_no: p.text_raw for p in doc.pages}
    checked = 0
    for table in TABLES:
        rows = getattr(ex, table)
        for row in rows:
            assert all(row[c] is not None for c in PROVENANCE_COLUMNS[:5]), (table, row)
            assert row["bbox_x0"] is None  # text input has no words
            text = texts[row["page_no"]]
            assert 0 <= row["char_start"] < row["char_end"] <= len(text)
            lines = text.split("\n")
            assert 1 <= row["line_start"] <= row["line_end"] <= len(lines)
            # the character span lies on the line span
            start_line = text.count("\n", 0, row["char_start"]) + 1
            end_line = text.count("\n", 0, row["char_end"]) + 1
            assert (start_line, end_line) == (row["line_start"], row["line_end"]), (table, row)
            own = _row_text(table, row)
            if own and len(own) >= 20 and row.get("source") != "appendix":  # table cells: HTML markup
                span = _key(text[row["char_start"] : row["char_end"]])
                # the row's text (cut at the page end when it runs on) is in its span
                assert _key(own)[:15] in span, (table, own[:60], span[:120])
                checked += 1
    assert checked >= 10


@pytest.mark.parametrize("n", ["002", "004"])
def test_ordinal_is_document_order(n: str) -> None:
    _, ex = seed_pages(n)
    for table in TABLES:
        rows = getattr(ex, table)
        assert sorted(r["ordinal"] for r in rows) == list(range(1, len(rows) + 1)), table
        by_ord = sorted(rows, key=lambda r: r["ordinal"])
        keys = [(r["page_no"], r["char_start"]) for r in by_ord]
        assert keys == sorted(keys), table


def test_rows_on_later_pages_carry_their_page() -> None:
    doc, ex = seed_pages("004", per_page=40)
    pages = {r["page_no"] for t in ("targets", "tasks") for r in getattr(ex, t)}
    assert len(pages) >= 4, pages  # not all on page 1, as before


@pytest.mark.parametrize("n", ["002", "003", "004"])
def test_header_fields_point_at_their_values(n: str) -> None:
    doc, ex = seed_pages(n)
    got = {r["field"]: r for r in ex.header_fields}
    texts = {p.page_no: p.text_raw for p in doc.pages}
    for field in ("doc_number", "title", "signer"):
        r = got[field]
        src = texts[r["page_no"]][r["char_start"] : r["char_end"]]
        assert _key(src) == _key(r["value"]), (field, src, r["value"])
    date = got["issue_date"]
    src = _key(texts[date["page_no"]][date["char_start"] : date["char_end"]])
    y, m, d = date["value"].split("-")
    assert src.endswith(y) and str(int(d)) in src and str(int(m)) in src, src
    # the signature block sits at the end of the decision or plan, after its header
    assert got["signer"]["ordinal"] > got["doc_number"]["ordinal"]
    assert sorted(r["ordinal"] for r in ex.header_fields) == list(range(1, len(ex.header_fields) + 1))


# ---- .txt pages: form feeds, else the document's own page-number lines ------------------------------

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "data" / "samples").glob("*.txt"))


def test_txt_without_page_markers_stays_one_page() -> None:
    assert len(SAMPLES) == 5
    for path in SAMPLES:
        pages = read_text_pages(path)
        assert len(pages) == 1, path.name
        assert pages[0].text_raw.count("\n") == path.read_text(encoding="utf-8").count("\n")


@pytest.mark.parametrize("style", ["top", "footer"])
def test_txt_split_on_its_page_numbers(tmp_path: Path, style: str) -> None:
    lines = unicodedata.normalize("NFC", SAMPLES[4].read_text(encoding="utf-8")).split("\n")
    chunks = [lines[k : k + 70] for k in range(0, len(lines), 70)]
    n = len(chunks)
    if style == "top":  # Decree 30: '- 2 -' centred at the top of every page after the first
        marked = [*chunks[0]] + [ln for i, c in enumerate(chunks[1:], 2) for ln in (f"   - {i} -", *c)]
    else:  # a word processor's footer
        marked = [ln for i, c in enumerate(chunks, 1) for ln in (*c, f"Trang {i}/{n}")]
    path = tmp_path / "marked.txt"
    path.write_text("\n".join(marked), encoding="utf-8")
    pages = read_text_pages(path)
    assert len(pages) == n
    assert "\n".join(p.text_raw for p in pages) == "\n".join(marked)
    for i, (page, chunk) in enumerate(zip(pages, chunks, strict=True), 1):
        body = page.text_raw.split("\n")
        if style == "top":
            assert body[1:] == chunk if i > 1 else body == chunk
        else:
            assert body[:-1] == chunk and body[-1] == f"Trang {i}/{n}"
    ex = extract_document(Document("marked", str(path), path.name, pages=pages))
    assert n >= 4 and len({r["page_no"] for t in TABLES for r in getattr(ex, t)}) >= n - 1
    for t in ex.tasks + ex.targets + ex.sections:
        text = pages[t["page_no"] - 1].text_raw
        assert 0 <= t["char_start"] < t["char_end"] <= len(text)
