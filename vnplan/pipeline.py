"""The whole run: find inputs, read their pages (in parallel), restore, extract, store.

Page jobs from every document share one process pool, with a bounded number in flight; a
document is finished (restored, extracted, turned into rows) as soon as its last page is back.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pyarrow.compute as pc
from tqdm import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm

from ingest import pdf as pdf_io
from ingest.office import read_doc_pages, read_docx_pages
from ingest.pages import DEFAULT_MAX_PIXELS, PageJob, count_image_frames
from ingest.parallel import DEFAULT_PAGE_TIMEOUT, DEFAULT_WORKER_MEMORY_MB, PagePool
from ingest.records import Document, Page
from ingest.sources import InputError, Source, discover_inputs, display_path
from ingest.textfile import read_text_pages

from . import __version__
from .checks import document_checks

if TYPE_CHECKING:
    from extract import Extraction
from .schemas import SCHEMAS
from .store import WRITE_ORDER, Store

log = logging.getLogger(__name__)

T = TypeVar("T")

# Write finished documents after this many, or when this many seconds have passed since the last write, so long
# runs keep their progress; each write costs the same whatever the store's size.
FLUSH_EVERY = 20
FLUSH_SECONDS = 30.0


@dataclass
class RunSummary:
    ok: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    skipped: list[str] = field(default_factory=list)
    # Inputs with the same bytes as an earlier one: (path, path ingested). Read once, one row; a
    # duplicate of a failed file also counts in `failed`, so the exit code counts every bad input.
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    partial: list[tuple[str, str]] = field(default_factory=list)  # (path, what was lost); also in ok
    pages: int = 0

    def line(self) -> str:
        dup = f", {len(self.duplicates)} duplicate(s) of other inputs" if self.duplicates else ""
        part = f" ({len(self.partial)} partial)" if self.partial else ""
        return (
            f"{len(self.ok)} ingested{part}, {len(self.failed)} failed, {len(self.skipped)} already done{dup} "
            f"({self.pages} pages read)"
        )


@dataclass
class Options:
    force: bool = False
    workers: int | None = None
    lang: str = "vie"
    deskew: bool = True
    text_layer: str = "auto"  # PDF text layers: 'auto' (quality gate), 'trust' (keep any), 'ignore' (always OCR)
    restore: bool = True
    extract: bool = True
    progress: bool = True
    # Resource limits of the page workers (0 = no limit): see ingest.pages and ingest.parallel.
    # Defaults can be set with VNPLAN_MAX_PAGE_PIXELS, VNPLAN_PAGE_TIMEOUT, VNPLAN_WORKER_MEMORY_MB.
    max_page_pixels: int = field(default_factory=lambda: int(_env("VNPLAN_MAX_PAGE_PIXELS", DEFAULT_MAX_PIXELS)))
    page_timeout: float = field(default_factory=lambda: _env("VNPLAN_PAGE_TIMEOUT", DEFAULT_PAGE_TIMEOUT))
    worker_memory_mb: int = field(
        default_factory=lambda: int(_env("VNPLAN_WORKER_MEMORY_MB", DEFAULT_WORKER_MEMORY_MB))
    )


def _env(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        log.warning("ignoring %s=%r: not a number", name, value)
        return default


def restore_pages(doc: Document) -> None:
    from normalize import restore_text

    for page in doc.pages:
        res = restore_text(page.text_raw)
        page.text = res.text
        page.restore_confidence = res.confidence


def _document_rows(doc: Document, n_pages: int, meta: dict | None) -> dict:
    return {
        **dict.fromkeys(SCHEMAS["documents"].names),  # header columns are null when nothing was extracted
        "doc_id": doc.doc_id,
        "source_path": doc.source_path,
        "file_name": doc.file_name,
        "status": doc.status,
        "error": doc.error,
        "n_pages": n_pages,
        "ingested_at": datetime.now(timezone.utc),
        "pipeline_version": __version__,
        **(meta or {}),
    }


class _Batch:
    """Rows of finished documents waiting to be written."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.doc_ids: list[str] = []
        self.started = time.monotonic()
        self.rows: dict[str, list[dict]] = {name: [] for name in WRITE_ORDER}

    def add(self, doc: Document, ex: Extraction | None) -> None:
        self.doc_ids.append(doc.doc_id)
        if doc.status != "failed":
            for p in doc.pages:
                self.rows["pages"].append(
                    {
                        "doc_id": doc.doc_id,
                        "page_no": p.page_no,
                        "method": p.method,
                        "text_raw": p.text_raw,
                        "text": p.text,
                        "ocr_confidence": p.ocr_confidence,
                        "restore_confidence": p.restore_confidence,
                        "n_words": len(p.words),
                        "layer_score": p.layer_score,
                        "layer_reason": p.layer_reason,
                    }
                )
                self.rows["words"].extend(
                    {"doc_id": doc.doc_id, "page_no": p.page_no, **w.__dict__} for w in p.words
                )
            if ex is not None:
                for name in ("sections", "targets", "tasks", "task_agencies"):
                    self.rows[name].extend(getattr(ex, name))
                # The registry is stored as the agencies each document contributed.
                self.rows["agencies"].extend(dict(a, doc_id=doc.doc_id) for a in ex.agencies)
                self.rows["checks"].extend(document_checks(doc, ex))
        n_pages = len(doc.pages) if doc.status != "failed" else 0
        self.rows["documents"].append(_document_rows(doc, n_pages, ex.meta if ex else None))

    def due(self) -> bool:
        return len(self.doc_ids) >= FLUSH_EVERY or (
            bool(self.doc_ids) and time.monotonic() - self.started >= FLUSH_SECONDS
        )

    def drop_incomplete(self) -> None:
        """Forget a document whose rows were being added when a signal arrived: only documents with
        their documents row (added last) are written, so no table lists half a document."""
        done = {r["doc_id"] for r in self.rows["documents"]}
        self.doc_ids = [d for d in self.doc_ids if d in done]
        for name, rows in self.rows.items():
            self.rows[name] = [r for r in rows if r.get("doc_id") in done]

    def flush(self, store: Store) -> None:
        """One file per document per table (cost independent of the store's size), documents last."""
        if not self.doc_ids:
            return
        store.replace_documents(self.doc_ids, self.rows)
        self.clear()


def _open(src: Source, opts: Options) -> tuple[Document, list[PageJob]]:
    """The document shell and its page jobs; text files are read right here (no OCR needed)."""
    doc = Document(doc_id=src.doc_id, source_path=src.display, file_name=display_path(src.path.name))
    if src.kind == "failed":
        raise InputError(src.error or "unreadable file")
    readers = {"text": read_text_pages, "docx": read_docx_pages, "doc": read_doc_pages}
    if src.kind in readers:
        doc.pages = readers[src.kind](src.path)
        return doc, []
    max_px = opts.max_page_pixels or 10**12
    n = pdf_io.count_pages(src.path) if src.kind == "pdf" else count_image_frames(src.path, max_px)
    return doc, [
        PageJob(src.doc_id, str(src.path), src.kind, i, opts.lang, opts.deskew, max_px, opts.text_layer)
        for i in range(n)
    ]


def _finish(doc: Document, results: dict[int, Page | Exception], opts: Options) -> Extraction | None:
    """Collect a document's pages, restore and extract. A stage that fails on this document makes
    it 'partial' with the reason; what the earlier stages produced still lands."""
    errors = [f"page {i + 1}: {e}" for i, e in sorted(results.items()) if isinstance(e, Exception)]
    doc.pages = [p for _, p in sorted(results.items()) if isinstance(p, Page)] if results else doc.pages
    if errors and not doc.pages:
        doc.status, doc.error = "failed", "; ".join(errors)
        return None
    if not doc.pages or not any(p.text_raw.strip() for p in doc.pages):
        errors.append("no text found (blank pages?)")
    ex: Extraction | None = None
    if opts.restore:
        _, err = _attempt("restoration", restore_pages, doc)
        errors += [err] if err else []
    if opts.extract:
        from extract import extract_document

        ex, err = _attempt("extraction", extract_document, doc)
        errors += [err] if err else []
    if errors:
        # Some pages or stages failed: keep what was read, say what was lost.
        doc.status, doc.error = "partial", "; ".join(errors)
    return ex


def _attempt(stage: str, fn: Callable[[Document], T], doc: Document) -> tuple[T | None, str | None]:
    try:
        return fn(doc), None
    except Exception as e:  # a bug or an odd document must not cost the rest of the run
        log.exception("%s failed on %s", stage, doc.source_path)
        return None, f"{stage} failed: {type(e).__name__}: {e}"


def run(
    paths: Sequence[str | Path] | Iterable[str | Path],
    out_dir: str | Path,
    opts: Options | None = None,
) -> RunSummary:
    opts = opts or Options()
    store = Store(out_dir)
    summary = RunSummary()
    with store.locked():
        store.prepare()  # stale temps, an interrupted compaction, the earlier one-file layout
        found = discover_inputs(paths)
        sources = found.sources
        done = _done_ids(store, [s.doc_id for s in sources]) if not opts.force else set()
        todo = [s for s in sources if s.doc_id not in done]
        summary.skipped = [s.display for s in sources if s.doc_id in done]
        first_of = {display_path(p): display_path(orig) for p, orig in found.duplicates}
        summary.duplicates = sorted(first_of.items())
        log.info("%d input files, %d to do, %d already done", len(sources), len(todo), len(summary.skipped))

        batch = _Batch()
        docs: dict[str, Document] = {}
        jobs: list[PageJob] = []
        pending: dict[str, int] = {}
        results: dict[str, dict[int, Page | Exception]] = {}

        def finish(doc: Document) -> None:
            ex = _finish(doc, results.pop(doc.doc_id, {}), opts) if doc.status != "failed" else None
            batch.add(doc, ex)
            if doc.status == "failed":
                summary.failed.append((doc.source_path, doc.error or "unknown error"))
                log.warning("failed: %s: %s", doc.source_path, doc.error)
            else:
                summary.ok.append(doc.source_path)
                if doc.status == "partial":
                    summary.partial.append((doc.source_path, doc.error or ""))
                    log.warning("partial: %s: %s", doc.source_path, doc.error)
            summary.pages += len(doc.pages) if doc.status != "failed" else 0
            if batch.due():
                batch.flush(store)

        ready: list[Document] = []  # no page jobs: text files, and files that failed to open
        for src in todo:
            try:
                doc, doc_jobs = _open(src, opts)
            except Exception as e:  # one file's reader failing in any way must not cost the run
                if not isinstance(e, (InputError, OSError, UnicodeError)):
                    log.debug("reading %s failed", src.display, exc_info=True)
                    e = InputError(f"{type(e).__name__}: {e}")
                reason = f"{src.mislabel}; {e}" if src.mislabel else str(e)
                doc = Document(src.doc_id, src.display, display_path(src.path.name), "failed", reason)
                doc_jobs = []
            docs[src.doc_id] = doc
            if doc_jobs:
                jobs.extend(doc_jobs)
                pending[src.doc_id] = len(doc_jobs)
                results[src.doc_id] = {}
            else:
                ready.append(doc)

        total = len(jobs) + sum(len(d.pages) for d in ready)
        bar = tqdm(total=total, unit="page", desc="vnplan ingest", disable=not opts.progress)
        pool = PagePool(jobs, opts.workers, opts.page_timeout, opts.worker_memory_mb)
        try:
            with logging_redirect_tqdm(), bar, pool:
                # OCR starts in the workers while this process restores and extracts the text files.
                for doc in ready:
                    finish(doc)
                    bar.update(len(doc.pages))
                for job, outcome in pool:
                    results[job.doc_id][job.index] = outcome
                    bar.update(1)
                    pending[job.doc_id] -= 1
                    if pending[job.doc_id] == 0:
                        finish(docs[job.doc_id])
        except KeyboardInterrupt:
            # Ctrl-C or SIGTERM: documents already finished are written before the run stops.
            batch.drop_incomplete()
            log.warning("interrupted: writing the %d documents finished so far", len(batch.doc_ids))
            batch.flush(store)
            raise
        batch.flush(store)
    # A duplicate of a failed input is a failed input too: the exit code must not undercount.
    failed_reason = dict(summary.failed)
    for dup, orig in summary.duplicates:
        if orig in failed_reason:
            summary.failed.append((dup, f"same content as {orig}: {failed_reason[orig]}"))
    return summary


def _done_ids(store: Store, doc_ids: list[str]) -> set[str]:
    """Which of these documents are done (read from their own files only, not the whole table)."""
    docs = store.read("documents", doc_ids)
    if not len(docs):
        return set()
    ok = pc.and_(pc.equal(docs.column("status"), "ok"), pc.equal(docs.column("pipeline_version"), __version__))
    return set(docs.filter(ok).column("doc_id").to_pylist())
