"""Run ingest's per-document work on an existing Dask cluster (``vnplan ingest --cluster ADDRESS``).

Needs the optional extra: ``pip install 'vnplan[cluster]'`` (Dask ``distributed``), on this machine
and on every worker, with the same version of vnplan. The workers must see the input files and the
output folder at the same paths as this process (a shared filesystem; paths are sent absolute), or
both are URLs on object storage (``s3://…``, :mod:`vnplan.objstore`), which every worker reaches
with its own credentials from the environment.

What goes to the cluster is what runs in the local pool's workers:

- a text or Word document is one task (read, restore, extract, write its files);
- a PDF or image is one task per page (OCR or text layer) and one task that depends on them
  (restore, extract, write), given a higher priority than the pages still queued, so a large scan's
  pages spread over the cluster and a finished document does not wait behind them.

Each task writes its document's files straight into the partitioned store
(:meth:`vnplan.store.Store.write_document`); only a small outcome comes back. A worker that dies
mid-run has its tasks rerun elsewhere by the scheduler: the rerun rewrites the same files (one
file per document and table, replaced atomically), so no document is lost or doubled. The
restoration model is loaded once per worker process by a worker plugin (:class:`WorkerSetup`).

This process keeps what it does locally: it holds the output folder's lock, lists the inputs,
counts PDF pages, keeps a bounded number of documents in flight, and shows vnplan's page counter;
the Dask dashboard's link is logged.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .exitcodes import ExitCode, VnplanError

try:
    from distributed import Client, as_completed
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError as e:  # the local pool needs none of this
    raise VnplanError(
        "--cluster needs Dask distributed: pip install 'vnplan[cluster]'", ExitCode.missing_dependency
    ) from e

from ingest.pages import PageJob
from ingest.parallel import safe_run
from ingest.records import Page
from ingest.remote import is_url

from .work import READERS, DocOutcome, DocTask, process_document, warm_up

if TYPE_CHECKING:
    from ingest.sources import Source

    from .objstore import ObjectStore
    from .pipeline import Options, Progress
    from .store import Store

log = logging.getLogger(__name__)

# Tasks that raise are retried this many times (a worker that dies is handled by the scheduler's
# own rescheduling, `distributed.scheduler.allowed-failures`).
RETRIES = 2
DOC_PRIORITY = 10  # a document's finishing task before further pages


class WorkerSetup(WorkerPlugin):
    """Prepares each Dask worker once: Tesseract single-threaded (parallelism is across tasks),
    the restoration model and the extraction patterns loaded into the process's caches."""

    name = "vnplan-setup"

    def __init__(self, restore: bool = True, extract: bool = True):
        self.restore = restore
        self.extract = extract

    def setup(self, worker: Any) -> None:
        from ingest import ocr

        ocr.single_threaded()
        try:
            warm_up(self.restore, self.extract)
        except Exception:  # the first document will load it (or report why it cannot)
            log.exception("vnplan worker set-up: warm-up failed")


def read_page(job: PageJob) -> Page | Exception:
    """A page or the reason it could not be read (never raises for a bad page)."""
    return safe_run(job)


def finish(task: DocTask, *pages: Page | Exception) -> DocOutcome:
    """Restore, extract and store a document; ``pages`` are its page tasks' results in order."""
    if task.kind not in READERS:
        task = task.with_pages(dict(enumerate(pages)))
    return process_document(task)


def connect(address: str) -> Client:
    try:
        return Client(address, timeout="30s")
    except OSError as e:
        raise VnplanError(f"cannot reach the Dask scheduler at {address}: {e}", ExitCode.cluster_unreachable) from e


def run_on_cluster(address: str | Client, todo: list[Source], store: Store | ObjectStore, opts: Options, progress: Progress) -> None:
    from .pipeline import doc_task, failed_outcome, page_jobs

    client = address if isinstance(address, Client) else connect(address)
    try:
        nthreads = sum(client.nthreads().values())
        log.info(
            "Dask cluster %s: %d workers, %d threads; dashboard: %s",
            client.scheduler.address, len(client.nthreads()), nthreads, client.dashboard_link,
        )
        client.register_plugin(WorkerSetup(opts.restore, opts.extract))
        window = opts.window or max(4, 2 * max(nthreads, 1))
        run_id = uuid.uuid4().hex[:8]  # keys unique to this run: a re-run never reuses a stale result
        # Workers are told absolute paths (their working folder is not ours); URLs as they are.
        out_dir = store.location if is_url(store.location) else str(Path(store.location).absolute())
        sources = iter(todo)
        what: dict[str, tuple[str, DocTask]] = {}  # future key -> ('page' | 'doc', the document's task)
        done = as_completed()
        in_flight = 0

        def feed() -> None:
            nonlocal in_flight
            while in_flight < window and (src := next(sources, None)) is not None:
                path = src.url if src.url is not None else str(src.path.absolute())
                task = dataclasses.replace(doc_task(src, out_dir, opts), path=path)
                page_futures = []
                if src.kind not in READERS:
                    try:
                        jobs = page_jobs(src, opts)
                    except Exception as e:
                        progress.document(failed_outcome(store, task, str(e)))
                        continue
                    progress.add_pages(len(jobs))
                    for job in jobs:
                        job = dataclasses.replace(job, path=task.path)
                        fut = client.submit(
                            read_page, job, key=f"vnplan-page-{src.doc_id}-{job.index}-{run_id}", retries=RETRIES
                        )
                        what[fut.key] = ("page", task)
                        done.add(fut)
                        page_futures.append(fut)
                fut = client.submit(
                    finish, task, *page_futures, key=f"vnplan-doc-{src.doc_id}-{run_id}",
                    retries=RETRIES, priority=DOC_PRIORITY,
                )
                what[fut.key] = ("doc", task)
                done.add(fut)
                in_flight += 1

        feed()
        for fut in done:
            kind, task = what.pop(fut.key)
            if kind == "page":
                progress.page_done()  # its result stays on the cluster for the document's task
                continue
            in_flight -= 1
            try:
                outcome = fut.result()
            except Exception as e:  # KilledWorker (the task killed several workers), a lost connection
                log.warning("%s: %s: %s", task.source_path, type(e).__name__, e)
                outcome = failed_outcome(store, task, f"cluster task failed: {type(e).__name__}: {e}")
            fut.release()
            if task.kind in READERS:
                progress.add_pages(outcome.n_pages)
                progress.page_done(outcome.n_pages)
            progress.document(outcome)
            feed()
    finally:
        if not isinstance(address, Client):
            client.close()
