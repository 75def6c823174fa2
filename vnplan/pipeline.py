"""The whole run: find inputs, read their pages (in parallel), restore, extract, store.

Page jobs from every document share one process pool, with a bounded number in flight; a
document is finished (restored, extracted, turned into rows) as soon as its last page is back.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyarrow.compute as pc
from tqdm import tqdm

from ingest import pdf as pdf_io
from ingest.pages import PageJob, count_image_frames, init_worker, run_job
from ingest.sources import Source, discover
from ingest.textfile import read_text_pages

from . import __version__
from .records import Document, Page
from .store import WRITE_ORDER, Store

log = logging.getLogger(__name__)

# Flush tables to disk after this many finished documents, so long runs keep their progress.
FLUSH_EVERY = 20


@dataclass
class RunSummary:
    ok: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    skipped: list[str] = field(default_factory=list)
    pages: int = 0

    def line(self) -> str:
        return (
            f"{len(self.ok)} ingested, {len(self.failed)} failed, {len(self.skipped)} already done "
            f"({self.pages} pages read)"
        )


@dataclass
class Options:
    force: bool = False
    workers: int | None = None
    lang: str = "vie"
    deskew: bool = True
    restore: bool = True
    extract: bool = True
    progress: bool = True


def restore_pages(doc: Document) -> None:
    from normalize import restore_text

    for page in doc.pages:
        res = restore_text(page.text_raw)
        page.text = res.text
        page.restore_confidence = res.confidence


def _document_rows(doc: Document, n_pages: int, meta: dict | None) -> dict:
    return {
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
        self.doc_ids: list[str] = []
        self.rows: dict[str, list[dict]] = {name: [] for name in WRITE_ORDER}

    def add(self, doc: Document, opts: Options) -> None:
        self.doc_ids.append(doc.doc_id)
        meta = None
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
                    }
                )
                self.rows["words"].extend(
                    {"doc_id": doc.doc_id, "page_no": p.page_no, **w.__dict__} for w in p.words
                )
            if opts.extract:
                from extract import extract_document

                ex = extract_document(doc)
                meta = ex.meta
                self.rows["sections"].extend(ex.sections)
                self.rows["targets"].extend(ex.targets)
                self.rows["tasks"].extend(ex.tasks)
                self.rows["agencies"].extend(ex.agencies)
                self.rows["task_agencies"].extend(ex.task_agencies)
        n_pages = len(doc.pages) if doc.status != "failed" else 0
        self.rows["documents"].append(_document_rows(doc, n_pages, meta))

    def flush(self, store: Store) -> None:
        if not self.doc_ids:
            return
        for name in WRITE_ORDER:
            if name == "agencies":
                table = store.merge_agencies(self.rows[name])
            else:
                table = store.replace_documents(name, self.doc_ids, self.rows[name])
            store.write(name, table)
        self.__init__()


def _open(src: Source) -> tuple[Document, list[PageJob]]:
    """The document shell and its page jobs; text files are read right here (no OCR needed)."""
    doc = Document(doc_id=src.doc_id, source_path=str(src.path), file_name=src.path.name)
    if src.kind == "text":
        doc.pages = read_text_pages(src.path)
        return doc, []
    n = pdf_io.count_pages(src.path) if src.kind == "pdf" else count_image_frames(src.path)
    return doc, [PageJob(src.doc_id, str(src.path), src.kind, i) for i in range(n)]


def _finish(doc: Document, results: dict[int, Page | Exception], opts: Options) -> None:
    errors = [f"page {i + 1}: {e}" for i, e in sorted(results.items()) if isinstance(e, Exception)]
    doc.pages = [p for _, p in sorted(results.items()) if isinstance(p, Page)] if results else doc.pages
    if errors and not doc.pages:
        doc.status, doc.error = "failed", "; ".join(errors)
    elif errors:
        # Some pages could not be read: keep the others, say which were lost.
        doc.status, doc.error = "partial", "; ".join(errors)
    if doc.status != "failed" and opts.restore:
        restore_pages(doc)


def run(
    paths: Sequence[str | Path] | Iterable[str | Path],
    out_dir: str | Path,
    opts: Options | None = None,
    on_page: Callable[[], None] | None = None,
) -> RunSummary:
    opts = opts or Options()
    store = Store(out_dir)
    summary = RunSummary()
    with store.locked():
        store.clean_stale_temps()
        sources = discover(paths)
        done = _done_ids(store) if not opts.force else set()
        todo = [s for s in sources if s.doc_id not in done]
        summary.skipped = [str(s.path) for s in sources if s.doc_id in done]
        log.info("%d input files, %d to do, %d already done", len(sources), len(todo), len(summary.skipped))

        batch = _Batch()
        docs: dict[str, Document] = {}
        jobs: list[PageJob] = []
        pending: dict[str, int] = {}
        results: dict[str, dict[int, Page | Exception]] = {}

        def finish(doc: Document) -> None:
            _finish(doc, results.pop(doc.doc_id, {}), opts)
            batch.add(doc, opts)
            if doc.status == "failed":
                summary.failed.append((doc.source_path, doc.error or "unknown error"))
                log.warning("failed: %s: %s", doc.source_path, doc.error)
            else:
                summary.ok.append(doc.source_path)
            summary.pages += len(doc.pages) if doc.status != "failed" else 0
            if len(batch.doc_ids) >= FLUSH_EVERY:
                batch.flush(store)

        for src in todo:
            try:
                doc, doc_jobs = _open(src)
            except (pdf_io.InputError, OSError, UnicodeError) as e:
                doc, doc_jobs = Document(src.doc_id, str(src.path), src.path.name, "failed", str(e)), []
            docs[src.doc_id] = doc
            if doc_jobs:
                jobs.extend(doc_jobs)
                pending[src.doc_id] = len(doc_jobs)
                results[src.doc_id] = {}
            else:
                finish(doc)

        bar = tqdm(total=len(jobs), unit="page", desc="OCR/text layer", disable=not opts.progress or not jobs)
        for job, outcome in _run_jobs(jobs, opts):
            results[job.doc_id][job.index] = outcome
            bar.update(1)
            if on_page:
                on_page()
            pending[job.doc_id] -= 1
            if pending[job.doc_id] == 0:
                finish(docs[job.doc_id])
        bar.close()
        batch.flush(store)
    return summary


def _done_ids(store: Store) -> set[str]:
    docs = store.read("documents")
    if not len(docs):
        return set()
    ok = pc.and_(pc.equal(docs.column("status"), "ok"), pc.equal(docs.column("pipeline_version"), __version__))
    return set(docs.filter(ok).column("doc_id").to_pylist())


def _run_jobs(jobs: list[PageJob], opts: Options):
    """Yield (job, Page | Exception) as pages finish; at most 2 jobs per worker in flight."""
    if not jobs:
        return
    jobs = [PageJob(j.doc_id, j.path, j.kind, j.index, opts.lang, opts.deskew) for j in jobs]
    workers = max(1, min(opts.workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        init_worker()
        for job in jobs:
            yield job, _safe(job)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=init_worker) as pool:
        queue = iter(jobs)
        inflight: dict[Future, PageJob] = {}

        def top_up() -> None:
            while len(inflight) < 2 * workers:
                job = next(queue, None)
                if job is None:
                    return
                inflight[pool.submit(_safe, job)] = job

        top_up()
        while inflight:
            finished, _ = wait(inflight, return_when=FIRST_COMPLETED)
            for fut in finished:
                job = inflight.pop(fut)
                yield job, fut.result()
            top_up()


def _safe(job: PageJob) -> Page | Exception:
    try:
        return run_job(job)
    except Exception as e:  # one bad page must not stop the run; its reason is recorded
        log.debug("page job failed: %r", job, exc_info=True)
        return pdf_io.InputError(f"{type(e).__name__}: {e}") if not isinstance(e, pdf_io.InputError) else e
