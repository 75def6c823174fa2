"""Per-document work, done where the pages are: in a worker of the local pool or on a Dask worker.

A :class:`DocTask` reads a text/Word document (scanned documents bring the pages their page jobs
read), restores and extracts it, and writes the document's own files to the store, ``documents``
last (:meth:`vnplan.store.Store.write_document`). Only a small :class:`DocOutcome` goes back to
the process that runs the show, so no document's rows cross a process boundary and a retried task
(a Dask worker killed mid-run) simply rewrites the same files.

The restoration model and the extraction patterns are module-level caches of ``normalize`` and
``extract``: a worker process loads them once, for its first document, and keeps them
(:func:`warm_up` loads them ahead, e.g. in a Dask worker plugin).
"""

from __future__ import annotations

import logging
import os
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ingest import office, textfile, timing
from ingest.office import read_doc_pages, read_docx_pages
from ingest.pages import PageJob, run_job
from ingest.records import Document, Page, Word
from ingest.remote import readable_path
from ingest.sources import InputError
from ingest.textfile import read_text_pages

from . import __version__
from .checks import document_checks
from .overrides import Overrides
from .overrides import apply as apply_overrides
from .schemas import SCHEMAS
from .store import WRITE_ORDER, Store, open_store

if TYPE_CHECKING:
    from extract import Extraction

    from .objstore import ObjectStore

log = logging.getLogger(__name__)

T = TypeVar("T")

READERS: dict[str, Callable[[Path], list[Page]]] = {
    "text": read_text_pages,
    "docx": read_docx_pages,
    "doc": read_doc_pages,
}
# A document's restoration and extraction take seconds; the limit only catches a runaway.
MIN_DOC_TIMEOUT = 600.0


@dataclass(frozen=True)
class DocTask:
    """One document's work. ``pages`` holds the page outcomes of a PDF or image (0-based index,
    page or the reason it failed); text kinds are read by the task itself."""

    doc_id: str
    path: str
    source_path: str  # as shown to the user (documents.source_path)
    file_name: str
    kind: str
    out_dir: str
    restore: bool = True
    extract: bool = True
    mislabel: str | None = None
    pages: tuple[tuple[int, Page | Exception], ...] | None = None
    timeout: float | None = None  # seconds in the local pool (None: the pool's page timeout)
    # The readers' size limits as the scheduling process has them (so a limit set there holds in
    # every worker, as max_page_pixels does for page jobs); None: the worker's own.
    max_text_bytes: int | None = None
    max_docx_expanded: int | None = None
    overrides: Overrides | None = None  # the run's analyst overrides (vnplan.overrides)

    @property
    def label(self) -> str:
        return self.source_path

    def run(self) -> DocOutcome:
        return process_document(self)

    def with_pages(self, pages: dict[int, Page | Exception]) -> DocTask:
        return DocTask(**{**self.__dict__, "pages": tuple(sorted(pages.items(), key=lambda kv: kv[0]))})


@dataclass(frozen=True)
class PageTask:
    """A page job whose page is also restored by the worker that read it, as soon as it is read:
    restoration of a scan's pages overlaps the OCR of the pages still coming, instead of running
    for the whole document in its finishing job after the last page, one core idle (issue 16's
    serial tail). Restoration is per page (:func:`restore_pages`), so the text is the same."""

    page_job: PageJob
    restore: bool = True

    @property
    def doc_id(self) -> str:
        return self.page_job.doc_id

    @property
    def index(self) -> int:
        return self.page_job.index

    def run(self) -> Page:
        page = run_job(self.page_job)
        if self.restore:
            try:
                with timing.stage("restore"):
                    restore_page(page)
            except Exception:  # left unrestored: the finishing job tries again and reports it
                log.debug("restoring %s page %d failed", self.page_job.path, page.page_no, exc_info=True)
                page.text = page.restore_confidence = None
        return page


@dataclass(frozen=True)
class DocOutcome:
    """What the scheduling process needs to know of a finished document (its rows are on disk)."""

    doc_id: str
    source_path: str
    status: str
    error: str | None
    n_pages: int
    pid: int  # the process that did the work (tests check that it was not the main one)
    host: str = ""
    warnings: tuple[str, ...] = ()  # for the run's log: overrides that no longer match a row


# A plan with a header, a section and a task: extracting it loads what a real document's extraction
# loads on first use (spaCy's registered loggers and legacy functions among them, ~35 modules and
# 0.03 CPU-s), so that is paid once where the fork server warms up, not by each worker's first
# document (a one-word text left them to the first document, in the run's serial tail).
_WARM_UP_PLAN = (
    "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG\n\nKẾ HOẠCH\nPhát triển nông nghiệp năm 2025\n\nI. MỤC TIÊU\n"
    "Đạt 90% số xã.\nII. NHIỆM VỤ\n1. Sở Nông nghiệp chủ trì tổ chức hội nghị trước ngày 15/3/2025.\n"
)


def warm_up(restore: bool = True, extract: bool = True) -> None:
    """Load the restoration model and the extraction patterns into this process's caches, and what
    a document's store write loads on first use."""
    _pyarrow_without_pandas()
    if restore:
        from normalize import restore_text
        from normalize.model import get_model
        from normalize.restorer import get_restorer

        restore_text("xa hoi")
        # the compiled rewrite expansion's tables are built by the first text with enough new keys: here, once,
        # before the workers fork, not in each worker's first document (in the run's serial tail)
        get_restorer(get_model()).rewrite_tables()
    if extract:
        _spacy_without_cli()
        from extract import extract_document

        extract_document(Document("warmup", "warmup", "warmup", pages=[Page(1, "text", _WARM_UP_PLAN, text=_WARM_UP_PLAN)]))


class _NoPandas:
    """A meta-path finder that refuses pandas (pyarrow's pandas check imports it through Cython,
    which a None in sys.modules does not stop)."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("pandas is not needed here")


def _pyarrow_without_pandas() -> None:
    """pyarrow imports pandas at its first conversion of Python values, a worker's first store
    write, only to ask whether the values are pandas objects (they never are here): make that
    first conversion with pandas refused, so pyarrow takes pandas as absent for its checks;
    whatever asks for pandas itself later (``to_pandas``) still imports it then. Done in the fork
    server, it holds for every worker forked after (its imports and warm-up: 1.73 against 1.86
    CPU-s, 3 alternating pairs)."""
    import pyarrow as pa

    if "pandas" in sys.modules:  # loaded already: nothing to save
        pa.array([0])
        return
    blocker = _NoPandas()
    sys.meta_path.insert(0, blocker)  # type: ignore[arg-type]
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(blocker)  # type: ignore[arg-type]


def _spacy_without_cli() -> None:
    """Import spaCy without its command line (``spacy/__init__`` imports ``spacy.cli`` for one
    name, ``spacy.info``, and with it typer, weasel, httpx, requests, rich and the training loop:
    ~200 modules and about half of spaCy's import, 0.67 against 0.37 CPU-s measured alone).
    Extraction uses spaCy's tokenizer and matchers, never its CLI. While spaCy loads, ``spacy.cli``
    is a stand-in whose ``info`` imports the real one when called; the stand-in is dropped from
    ``sys.modules`` afterwards, so ``import spacy.cli`` later loads the real package."""
    if "spacy" in sys.modules:
        return
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package (for ``spacy.cli.info``) with nothing else in it
    info_mod = types.ModuleType("spacy.cli.info")

    def info(*args: Any, **kwargs: Any) -> Any:
        for name in ("spacy.cli.info", "spacy.cli"):  # the stand-ins, if a caller kept them
            if sys.modules.get(name) in (info_mod, cli):
                del sys.modules[name]
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    info_mod.info = info  # type: ignore[attr-defined]
    cli.info = info_mod  # type: ignore[attr-defined]
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = cli, info_mod
    try:
        import spacy  # noqa: F401
    except ImportError:
        # a spaCy whose __init__ wants more of its CLI than ``info``: forget the half-made import and
        # load it the ordinary way (slower, never broken)
        for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
            del sys.modules[name]
        log.debug("spaCy needs its CLI at import; loaded in full")
        import spacy  # noqa: F401
    finally:
        for name, stand_in in (("spacy.cli.info", info_mod), ("spacy.cli", cli)):
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]


def process_document(task: DocTask) -> DocOutcome:
    """Read (text kinds), restore, extract and store one document; never raises for a bad input."""
    doc = Document(doc_id=task.doc_id, source_path=task.source_path, file_name=task.file_name)
    results: dict[int, Page | Exception] = {}
    if task.kind in READERS:
        if task.max_text_bytes is not None:
            textfile.MAX_TEXT_BYTES = task.max_text_bytes
        if task.max_docx_expanded is not None:
            office.MAX_DOCX_EXPANDED = task.max_docx_expanded
        try:
            doc.pages = READERS[task.kind](readable_path(task.path, task.doc_id))
        except Exception as e:  # one file's reader failing in any way must not cost the run
            if not isinstance(e, (InputError, OSError, UnicodeError)):
                log.debug("reading %s failed", task.source_path, exc_info=True)
                e = InputError(f"{type(e).__name__}: {e}")
            doc.status = "failed"
            doc.error = f"{task.mislabel}; {e}" if task.mislabel else str(e)
    else:
        results = dict(task.pages or ())
    ex = finish_document(doc, results, task.restore, task.extract) if doc.status != "failed" else None
    warnings: list[str] = []
    digest = None
    if task.overrides and ex is not None:
        # after extraction, before the checks and the store: checks judge the corrected rows
        ov = task.overrides
        found, err = _attempt("overrides", lambda d: apply_overrides(ov, d, ex), doc)
        warnings = found or []
        if err:
            doc.status, doc.error = "partial", "; ".join(e for e in (doc.error, err) if e)
        digest = ov.digest(doc.doc_id, doc.file_name)
    write_document(open_store(task.out_dir), doc, ex, digest)
    return outcome_of(doc, warnings)


def outcome_of(doc: Document, warnings: list[str] | None = None) -> DocOutcome:
    import socket

    n_pages = len(doc.pages) if doc.status != "failed" else 0
    return DocOutcome(doc.doc_id, doc.source_path, doc.status, doc.error, n_pages, os.getpid(), socket.gethostname(),
                      tuple(warnings or ()))


def write_document(store: Store | ObjectStore, doc: Document, ex: Extraction | None, overrides_digest: str | None = None) -> None:
    with timing.stage("store"):
        store.write_document(doc.doc_id, document_rows(doc, ex, overrides_digest))


def restore_page(page: Page) -> None:
    from normalize import restore_text

    # a page this run OCR'd is known to be OCR output: its marks are not taken for clean on its own evidence
    res = restore_text(page.text_raw, ocr=page.method.startswith("ocr"))
    page.text = res.text
    page.restore_confidence = res.confidence


def restore_pages(doc: Document, only_missing: bool = False) -> None:
    """Restore every page, or with ``only_missing`` the pages not restored yet (a scan's pages are
    restored by the page tasks that read them)."""
    for page in doc.pages:
        if not (only_missing and page.text is not None):
            restore_page(page)


def finish_document(
    doc: Document, results: dict[int, Page | Exception], restore: bool = True, extract: bool = True
) -> Extraction | None:
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
    if restore:
        with timing.stage("restore"):
            # Pages of a scan come restored from their page tasks (PageTask), unless that failed.
            _, err = _attempt("restoration", partial(restore_pages, only_missing=bool(results)), doc)
        errors += [err] if err else []
    if extract:
        _spacy_without_cli()  # a worker the fork server did not warm up (it failed there, say)
        from extract import extract_document

        with timing.stage("extract"):
            ex, err = _attempt("extraction", extract_document, doc)
        errors += [err] if err else []
        if ex is not None:
            from extract.confidence import calibrate

            # the rule's certainty becomes P(row right) given the words it was read from
            calibrate(doc, {"targets": ex.targets, "tasks": ex.tasks})
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


def word_row(doc_id: str, page_no: int, w: Word) -> dict[str, Any]:
    """A words-table row: the box columns are box_* (LEFT is an SQL keyword)."""
    return {"doc_id": doc_id, "page_no": page_no, "block": w.block, "par": w.par, "line": w.line, "word": w.word,
            "text": w.text, "box_left": w.left, "box_top": w.top, "box_width": w.width, "box_height": w.height,
            "confidence": w.confidence}


def document_rows(doc: Document, ex: Extraction | None, overrides_digest: str | None = None) -> dict[str, list[dict]]:
    """The document's rows for every table (every row carries its doc_id)."""
    rows: dict[str, list[dict]] = {name: [] for name in WRITE_ORDER}
    if doc.status != "failed":
        for p in doc.pages:
            rows["pages"].append(
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
                    "image_width": p.image_width,
                    "image_height": p.image_height,
                    "rotation": p.rotation,
                    "skew": p.skew,
                }
            )
            rows["words"].extend(word_row(doc.doc_id, p.page_no, w) for w in p.words)
        if ex is not None:
            for name in ("sections", "targets", "tasks", "task_agencies", "header_fields"):
                rows[name].extend(getattr(ex, name))
            # The registry is stored as the agencies each document contributed.
            rows["agencies"].extend(dict(a, doc_id=doc.doc_id) for a in ex.agencies)
            rows["checks"].extend(document_checks(doc, ex))
    n_pages = len(doc.pages) if doc.status != "failed" else 0
    rows["documents"].append(
        {
            **dict.fromkeys(SCHEMAS["documents"].names),  # header columns are null when nothing was extracted
            "doc_id": doc.doc_id,
            "source_path": doc.source_path,
            "file_name": doc.file_name,
            "status": doc.status,
            "error": doc.error,
            "n_pages": n_pages,
            "ingested_at": datetime.now(timezone.utc),
            "pipeline_version": __version__,
            **((ex.meta if ex else None) or {}),
            "overrides_digest": overrides_digest,
        }
    )
    return rows
