"""Run page jobs across processes with a bounded number in flight.

A feeder thread keeps at most ``2 * workers`` jobs submitted; results wait in a queue until the
caller takes them, so memory stays bounded however many pages a run has, and the workers keep
going while the caller does other work (restoring and extracting finished documents).
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from vnplan.records import Page

from .pages import PageJob, init_worker, run_job
from .pdf import InputError

log = logging.getLogger(__name__)


def safe_run(job: PageJob) -> Page | Exception:
    """A page or the reason it could not be read: one bad page must not stop a run."""
    try:
        return run_job(job)
    except InputError as e:
        return e
    except Exception as e:  # anything a broken page makes PDFium, PIL or Tesseract raise
        log.debug("page job failed: %r", job, exc_info=True)
        return InputError(f"{type(e).__name__}: {e}")


class PagePool:
    """``with PagePool(jobs, workers) as pool: for job, page_or_error in pool: ...``"""

    def __init__(self, jobs: list[PageJob], workers: int | None = None):
        self.jobs = jobs
        self.workers = max(1, min(workers or os.cpu_count() or 1, len(jobs) or 1))
        self._results: queue.Queue[tuple[PageJob, Page | Exception]] = queue.Queue()
        self._slots = threading.Semaphore(2 * self.workers)
        self._stop = threading.Event()
        self._executor: ProcessPoolExecutor | None = None
        self._feeder: threading.Thread | None = None

    def __enter__(self) -> PagePool:
        if self.jobs and self.workers > 1:
            self._executor = ProcessPoolExecutor(max_workers=self.workers, initializer=init_worker)
            self._feeder = threading.Thread(target=self._feed, name="page-feeder", daemon=True)
            self._feeder.start()
        return self

    def _feed(self) -> None:
        assert self._executor is not None
        for job in self.jobs:
            self._slots.acquire()
            if self._stop.is_set():
                return
            fut = self._executor.submit(safe_run, job)
            fut.add_done_callback(lambda f, job=job: self._results.put((job, _outcome(f))))

    def __iter__(self) -> Iterator[tuple[PageJob, Page | Exception]]:
        if self._executor is None:  # one worker: run in this process, no pool to start
            init_worker()
            for job in self.jobs:
                yield job, safe_run(job)
            return
        for _ in self.jobs:
            item = self._results.get()
            self._slots.release()
            yield item

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for _ in range(len(self.jobs)):
            self._slots.release()  # unblock the feeder if the caller stopped early
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)


def _outcome(fut: Future) -> Page | Exception:
    try:
        return fut.result()
    except Exception as e:  # a worker that died (e.g. killed by the OOM killer)
        return InputError(f"worker failed: {type(e).__name__}: {e}")
