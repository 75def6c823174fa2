"""The whole run: find inputs, read their pages, restore, extract, store, all in worker processes.

This process only schedules, counts pages and writes the rows of files that could not be opened.
Every other step runs in workers (:mod:`vnplan.work`): a text or Word document is one job (read,
restore, extract, write its files); a PDF or image is one job per page (OCR or text layer), then
one job that restores, extracts and writes it, queued ahead of the pages still waiting, so OCR of
other pages goes on meanwhile. The workers are the local process pool (:mod:`ingest.parallel`) or,
with ``Options.cluster``, a Dask cluster (:mod:`vnplan.cluster`). A bounded number of documents is
in flight at a time, so memory does not grow with the input.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow.compute as pc

from ingest import office, textfile
from ingest import pdf as pdf_io
from ingest.pages import DEFAULT_MAX_PIXELS, PageJob, count_image_frames
from ingest.parallel import DEFAULT_PAGE_TIMEOUT, DEFAULT_WORKER_MEMORY_MB, PagePool
from ingest.records import Document, Page
from ingest.remote import readable_path
from ingest.sources import InputError, Source, discover_inputs, display_path

from . import __version__
from .forkserver import PAGE_PRELOAD, WORKER_PRELOAD
from .overrides import Overrides
from .store import Store, open_store
from .work import MIN_DOC_TIMEOUT, READERS, DocOutcome, DocTask, PageTask, restore_pages, write_document

if TYPE_CHECKING:
    from tqdm import tqdm

    from .objstore import ObjectStore

__all__ = ["Options", "RunSummary", "restore_pages", "run"]

log = logging.getLogger(__name__)


@dataclass
class RunSummary:
    ok: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    skipped: list[str] = field(default_factory=list)
    # Inputs with the same bytes as an earlier one: (path, path ingested). Read once, one row; a
    # duplicate of a failed file also counts in `failed`, so the exit code counts every bad input.
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    partial: list[tuple[str, str]] = field(default_factory=list)  # (path, what was lost); also in ok
    warnings: list[str] = field(default_factory=list)  # e.g. overrides that no longer match a row
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
    # Address of a Dask scheduler ('tcp://host:8786') to run the work on instead of the local pool
    # (needs `pip install vnplan[cluster]`); default VNPLAN_CLUSTER.
    cluster: str | None = field(default_factory=lambda: os.environ.get("VNPLAN_CLUSTER", "").strip() or None)
    # Documents in flight at a time (0: 2 per worker, at least 4): bounds memory whatever the input size.
    window: int = 0
    # Analyst overrides applied to every document (vnplan.overrides; the CLI finds and loads the files).
    overrides: Overrides | None = None


def _env(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        log.warning("ignoring %s=%r: not a number", name, value)
        return default



class _NoBar:
    """The page counter of a run without a progress bar (``-q``, or standard error no terminal): what the run uses
    of tqdm's bar, doing nothing, so such a run does not import tqdm (~0.09 CPU-s on the way to the first page)."""

    total: int | None = 0

    def refresh(self) -> None:
        pass

    def update(self, n: int = 1) -> None:
        pass

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def _progress_bar(show: bool) -> tuple[tqdm | _NoBar, contextlib.AbstractContextManager]:
    """The run's page counter and the context that routes log lines round it: a tqdm bar when ``show``."""
    if not show:
        return _NoBar(), contextlib.nullcontext()
    from tqdm import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    return tqdm(total=0, unit="page", desc="vnplan ingest"), logging_redirect_tqdm()


class Progress:
    """What the run has done so far: the summary and the page counter, fed by either engine."""

    def __init__(self, summary: RunSummary, bar: tqdm | _NoBar):
        self.summary = summary
        self.bar = bar

    def add_pages(self, n: int) -> None:
        """Pages now known to be coming (a PDF counted, a text document read)."""
        self.bar.total = (self.bar.total or 0) + n
        self.bar.refresh()

    def page_done(self, n: int = 1) -> None:
        self.bar.update(n)

    def document(self, outcome: DocOutcome) -> None:
        if outcome.status == "failed":
            self.summary.failed.append((outcome.source_path, outcome.error or "unknown error"))
            log.warning("failed: %s: %s", outcome.source_path, outcome.error)
        else:
            self.summary.ok.append(outcome.source_path)
            if outcome.status == "partial":
                self.summary.partial.append((outcome.source_path, outcome.error or ""))
                log.warning("partial: %s: %s", outcome.source_path, outcome.error)
        self.summary.pages += outcome.n_pages
        for w in outcome.warnings:
            log.warning("override: %s", w)
            self.summary.warnings.append(w)


def doc_task(src: Source, out_dir: str | Path, opts: Options) -> DocTask:
    return DocTask(
        doc_id=src.doc_id,
        path=src.location,
        source_path=src.display,
        file_name=display_path(src.path.name),
        kind=src.kind,
        out_dir=str(out_dir),
        restore=opts.restore,
        extract=opts.extract,
        mislabel=src.mislabel,
        max_text_bytes=textfile.MAX_TEXT_BYTES,
        max_docx_expanded=office.MAX_DOCX_EXPANDED,
        overrides=opts.overrides or None,
        timeout=max(MIN_DOC_TIMEOUT, 4 * opts.page_timeout) if opts.page_timeout and opts.page_timeout > 0 else 0,
    )


def page_jobs(src: Source, opts: Options) -> list[PageJob]:
    """The page jobs of a PDF or image (counting its pages: cheap, no page is read here). Raises
    for a file that cannot be opened."""
    max_px = opts.max_page_pixels or 10**12
    try:
        if src.kind == "failed":
            raise InputError(src.error or "unreadable file")
        # An object on remote storage: counted from a local copy (the page jobs fetch their own).
        path = readable_path(src.location, src.doc_id)
        n = pdf_io.count_pages(path) if src.kind == "pdf" else count_image_frames(path, max_px)
    except Exception as e:  # one file's reader failing in any way must not cost the run
        if not isinstance(e, (InputError, OSError, UnicodeError)):
            log.debug("reading %s failed", src.display, exc_info=True)
            e = InputError(f"{type(e).__name__}: {e}")
        raise InputError(f"{src.mislabel}; {e}" if src.mislabel else str(e)) from e
    return [
        PageJob(src.doc_id, src.location, src.kind, i, opts.lang, opts.deskew, max_px, opts.text_layer)
        for i in range(n)
    ]


def failed_outcome(store: Store | ObjectStore, task: DocTask, reason: str, pages: dict[int, Page | Exception] | None = None) -> DocOutcome:
    """Rows for a document whose work could not run (unopenable file, or its worker died or timed
    out): written by this process. A scanned document keeps the pages its page jobs read."""
    from .work import finish_document, outcome_of

    doc = Document(task.doc_id, task.source_path, task.file_name)
    if pages and any(isinstance(p, Page) for p in pages.values()):
        finish_document(doc, pages, restore=False, extract=False)
        doc.status = "partial"
        doc.error = "; ".join(e for e in (doc.error, f"restoration/extraction: {reason}") if e)
    else:
        doc.status, doc.error = "failed", reason
    write_document(store, doc, None)
    return outcome_of(doc)


def _run_local(todo: list[Source], store: Store | ObjectStore, opts: Options, progress: Progress) -> None:
    n = opts.workers or os.cpu_count() or 1
    if all(s.kind in READERS or s.kind == "failed" for s in todo):
        n = min(n, max(1, len(todo)))  # no pages to share out: one worker per document at most
    window = opts.window or max(4, 2 * n)
    sources = iter(todo)
    pages: dict[str, tuple[DocTask, dict[int, Page | Exception], int]] = {}  # scanned docs being read
    in_flight = 0

    preload = WORKER_PRELOAD if opts.restore or opts.extract else PAGE_PRELOAD
    # the pool runs the pipeline's own jobs only (PageTask, DocTask): its workers need no __main__ script
    with PagePool([], n, opts.page_timeout, opts.worker_memory_mb, preload, own_jobs=True) as pool:

        def feed() -> None:
            nonlocal in_flight
            while in_flight < window and (src := next(sources, None)) is not None:
                task = doc_task(src, store.location, opts)
                if src.kind in READERS:
                    pool.submit(task)
                    in_flight += 1
                    continue
                try:
                    jobs = page_jobs(src, opts)
                except InputError as e:
                    progress.document(failed_outcome(store, task, str(e)))
                    continue
                pages[src.doc_id] = (task, {}, len(jobs))
                progress.add_pages(len(jobs))
                for job in jobs:
                    pool.submit(PageTask(job, opts.restore))
                in_flight += 1

        feed()
        for job, outcome in pool:
            if isinstance(job, PageTask):
                task, results, total = pages[job.doc_id]
                results[job.index] = outcome
                progress.page_done()
                if len(results) == total:
                    del pages[job.doc_id]
                    # ahead of the pages waiting: a finished document does not wait for the whole queue
                    pool.submit(task.with_pages(results), first=True)
                continue
            in_flight -= 1
            if not isinstance(outcome, DocOutcome):  # the worker died or timed out on this document
                outcome = failed_outcome(store, job, str(outcome), dict(job.pages) if job.pages else None)
            if job.kind in READERS:
                progress.add_pages(outcome.n_pages)
                progress.page_done(outcome.n_pages)
            progress.document(outcome)
            feed()


def run(
    paths: Sequence[str | Path] | Iterable[str | Path],
    out_dir: str | Path,
    opts: Options | None = None,
) -> RunSummary:
    opts = opts or Options()
    store = open_store(out_dir)
    summary = RunSummary()
    with store.locked():
        store.prepare()  # stale temps, an interrupted compaction, the earlier one-file layout
        found = discover_inputs(paths)
        sources = found.sources
        # A document counts as done only under the same overrides (documents.overrides_digest).
        ov = opts.overrides
        digests = {s.doc_id: ov.digest(s.doc_id, display_path(s.path.name)) if ov else None for s in sources}
        done = _done_ids(store, digests) if not opts.force else set()
        todo = [s for s in sources if s.doc_id not in done]
        summary.skipped = [s.display for s in sources if s.doc_id in done]
        first_of = {display_path(p): display_path(orig) for p, orig in found.duplicates}
        summary.duplicates = sorted(first_of.items())
        log.info("%d input files, %d to do, %d already done", len(sources), len(todo), len(summary.skipped))
        if ov and ov.fixes:
            _warn_orphan_fixes(ov, store, digests, {s.doc_id: display_path(s.path.name) for s in sources}, summary)
        # Documents redone out of compacted parts leave them first; the workers write only their own files.
        store.strip_documents([s.doc_id for s in todo])

        bar, redirect = _progress_bar(opts.progress)
        progress = Progress(summary, bar)
        with redirect, bar:
            if not todo:
                pass
            elif opts.cluster:  # interrupted: the documents already written stay, the rest are redone next run
                from .cluster import run_on_cluster

                run_on_cluster(opts.cluster, todo, store, opts, progress)
            else:
                _run_local(todo, store, opts, progress)
    # A duplicate of a failed input is a failed input too: the exit code must not undercount.
    failed_reason = dict(summary.failed)
    for dup, orig in summary.duplicates:
        if orig in failed_reason:
            summary.failed.append((dup, f"same content as {orig}: {failed_reason[orig]}"))
    return summary


def _warn_orphan_fixes(
    ov: Overrides, store: Store | ObjectStore, digests: dict[str, str | None], names: dict[str, str], summary: RunSummary
) -> None:
    """A fix naming a document that is neither an input of this run nor in the store (a misspelt file
    name, a doc_id of another store) would never apply: say so once, here."""
    known = dict(names)
    docs = store.read("documents").select(["doc_id", "file_name"]).to_pylist()
    known.update({d["doc_id"]: d["file_name"] for d in docs if d["doc_id"] not in known})
    for fix in ov.fixes:
        if not any(fix.concerns(doc_id, name) for doc_id, name in known.items()):
            msg = f"{fix.where}: no document {fix.doc or fix.id!r} among the inputs or in the store (not applied)"
            log.warning("override: %s", msg)
            summary.warnings.append(msg)


def _done_ids(store: Store | ObjectStore, digests: dict[str, str | None]) -> set[str]:
    """Which of these documents are done, by this version under the same overrides (``digests``:
    doc_id -> overrides digest; read from the documents' own files only, not the whole table)."""
    docs = store.read("documents", list(digests))
    if not len(docs):
        return set()
    ok = pc.and_(pc.equal(docs.column("status"), "ok"), pc.equal(docs.column("pipeline_version"), __version__))
    done = docs.filter(ok).select(["doc_id", "overrides_digest"]).to_pylist()
    return {r["doc_id"] for r in done if r["overrides_digest"] == digests.get(r["doc_id"])}
