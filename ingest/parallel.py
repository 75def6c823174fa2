"""Run page jobs in worker processes, with a bounded number in flight, a time limit per page and
workers that never outlive the run.

A manager thread hands one job at a time to each worker over its own pipe and keeps at most
``2 * workers`` results waiting for the caller, so memory stays bounded however many pages a
run has, and the workers keep going while the caller restores and extracts finished documents.

- A page that runs longer than ``timeout`` seconds: its worker (and the Tesseract it started) is
  killed, the page is reported as an error (the document becomes 'partial') and a fresh worker
  takes the next job.
- A worker that dies (out of memory, a crash in PDFium) costs only its current page.
- Each worker limits its own address space (``memory_mb``, see :func:`ingest.pages.init_worker`).
- Workers die with the run: each holds the read end of a "lifeline" pipe whose only write end
  is in the parent; when the parent dies, even by ``kill -9``, the pipe reads EOF and a watchdog
  thread in the worker kills the worker's children and exits. (PR_SET_PDEATHSIG is not used: it
  fires when the *thread* that started the worker exits, and workers are started from the
  manager thread.)

Jobs are page jobs (:class:`ingest.pages.PageJob`) or any picklable object with a ``run()``
method (the application's per-document work: restore, extract, write): both kinds share the
workers, and more can be submitted while the pool runs (:meth:`PagePool.submit`), so a finished
document's work overtakes the pages still waiting instead of running in the caller. A job with a
``timeout`` attribute (seconds, 0 = none) gets that limit instead of the pool's.

Workers are started through a fork server: they fork from a clean single-threaded process with
the page code preloaded, not from the (threaded) main process, and hold none of its files (such
as the output folder's lock).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing as mp
import os
import queue
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

from ingest.records import Page

from . import timing
from .pages import PageJob, init_worker, run_job
from .sources import InputError

log = logging.getLogger(__name__)

# The timing step (ingest.timing) a worker records as it exits: its own CPU from fork to exit, its
# steps included, so a benchmark can tell what a worker spends outside them (job hand-off, exit).
WORKER_CPU_STEP = "worker process (own CPU, steps included)"
DEFAULT_PAGE_TIMEOUT = 300.0  # seconds; an A4 page takes 2-10 s on one core
DEFAULT_WORKER_MEMORY_MB = 3072  # address space a worker may add to what it maps at start
PRELOAD = ("ingest.pages", "ingest.ocr")  # what the fork server imports by default


def safe_run(job: PageJob | Any) -> Page | Exception | Any:
    """A page (or the job's result) or the reason it failed: one bad page must not stop a run."""
    try:
        return run_job(job) if isinstance(job, PageJob) else job.run()
    except InputError as e:
        return e
    except MemoryError:
        return InputError("out of memory: the page needs more than the worker's memory limit")
    except Exception as e:  # anything a broken page makes PDFium, PIL or Tesseract raise
        log.debug("page job failed: %r", job, exc_info=True)
        return InputError(f"{type(e).__name__}: {e}")


def children_of(pid: int) -> list[int]:
    """Pids of the direct children of ``pid`` (Linux /proc), e.g. a worker's Tesseract."""
    kids = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return kids
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # the command name may hold spaces or parentheses: fields resume after the last ')'
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            kids.append(int(entry))
    return kids


def _kill_tree(pid: int) -> None:
    for child in children_of(pid):
        _kill_tree(child)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGKILL)


def _watch_parent(lifeline: Connection) -> None:
    with contextlib.suppress(EOFError, OSError):
        lifeline.recv()  # nothing is ever sent: returns only by EOF, when the parent is gone
    for child in children_of(os.getpid()):
        _kill_tree(child)
    os._exit(70)


def _log_setup() -> tuple[int, str | None, str | None]:
    """The parent's logging level and format, for workers (a forkserver child starts unconfigured,
    so its warnings and -v debug lines would be lost)."""
    root = logging.getLogger()
    fmt = next((h.formatter for h in root.handlers if h.formatter is not None), None)
    return root.level, getattr(fmt, "_fmt", None), getattr(fmt, "datefmt", None)


def _worker_main(
    conn: Connection, lifeline: Connection, memory_mb: int | None, log_setup: tuple[int, str | None, str | None]
) -> None:
    # Ctrl-C reaches the whole process group: the run stops its workers itself, so a worker
    # must not die mid-page with a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # the collector on, whatever the fork server's preload did with it (vnplan.gcpause switches it off
    # while the preload loads and on again at its end, which an import that failed may have skipped)
    gc.enable()
    threading.Thread(target=_watch_parent, args=(lifeline,), name="lifeline", daemon=True).start()
    level, fmt, datefmt = log_setup
    if fmt is not None:
        logging.basicConfig(level=level, format=fmt, datefmt=datefmt)
    init_worker(memory_mb)
    try:
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):
                return
            if job is None:
                return
            conn.send(safe_run(job))
    finally:
        # the worker's Tesseract process (ingest.ocrstream) ends with it
        from .ocr import close_tesseract

        close_tesseract()
        timing.process_so_far(WORKER_CPU_STEP)


@contextlib.contextmanager
def _main_not_reimported(always: bool = False) -> Iterator[None]:
    """A forkserver child re-runs the parent's ``__main__`` script (as ``__mp_main__``) before its first
    job, for jobs whose classes live there. A script read from standard input (``python - <<EOF``) has no
    file to re-run, and the child dies trying: such a path is hidden while the worker starts. With
    ``always`` (a pool whose jobs are all the stage packages' own, e.g. the pipeline's), any script's
    path is: the ``vnplan`` console script re-run in every worker imported the command line (typer,
    pydantic) there for nothing, ~0.02 CPU-s per worker."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or path is None or getattr(main, "__spec__", None) is not None:
        yield
        return
    if not always and os.path.isfile(path):
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


class _Worker:
    def __init__(
        self, ctx: mp.context.BaseContext, lifeline: Connection, memory_mb: int | None, own_jobs: bool = False
    ):
        self.conn, child_conn = ctx.Pipe()
        self.proc = ctx.Process(
            target=_worker_main, args=(child_conn, lifeline, memory_mb, _log_setup()), daemon=True
        )
        with _main_not_reimported(always=own_jobs):
            self.proc.start()
        child_conn.close()
        self.job: PageJob | None = None
        self.started = 0.0

    def give(self, job: PageJob) -> None:
        self.job, self.started = job, time.monotonic()
        self.conn.send(job)

    def kill(self) -> None:
        if self.proc.pid is not None:
            _kill_tree(self.proc.pid)
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)


def describe(job: Any) -> str:
    """A job in a log line: 'path page n' or the job's own description."""
    page = page_job(job)
    if page is not None:
        return f"{page.path} page {page.index + 1}"
    return str(getattr(job, "label", job))


def page_job(job: Any) -> PageJob | None:
    """The page job a job reads: itself, or the one a wrapper carries (``page_job`` attribute, e.g.
    a page job whose page is also restored where it is read)."""
    return job if isinstance(job, PageJob) else getattr(job, "page_job", None)


def _death_reason(code: int | None) -> str:
    if code is not None and code < 0:
        sig = -code
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        hint = " (out of memory?)" if sig == signal.SIGKILL else ""
        return f"worker process killed by {name}{hint}"
    return f"worker process exited with code {code}"


class PagePool:
    """``with PagePool(jobs, workers) as pool: for job, page_or_error in pool: ...``

    More jobs may be submitted from the iterating thread while iterating (``pool.submit(job)``);
    iteration ends when every job submitted so far has its outcome."""

    def __init__(
        self,
        jobs: Iterable[Any] = (),
        workers: int | None = None,
        timeout: float | None = DEFAULT_PAGE_TIMEOUT,
        memory_mb: int | None = DEFAULT_WORKER_MEMORY_MB,
        preload: Sequence[str] = PRELOAD,
        own_jobs: bool = False,
    ):
        jobs = list(jobs)
        # Every job is a page job or one of the stage packages' own (no class of the ``__main__`` script):
        # workers start without re-running that script (see _main_not_reimported).
        self.own_jobs = own_jobs
        # Modules the fork server imports before forking workers (if this pool starts it; an
        # import that fails there is left to the workers).
        self.preload = list(preload)
        n = workers or os.cpu_count() or 1
        # a fixed job list needs no more workers than jobs; a pool fed later starts all it is given
        self.workers = max(1, min(n, len(jobs)) if jobs else n)
        self.timeout = timeout if timeout and timeout > 0 else None
        self.memory_mb = memory_mb if memory_mb and memory_mb > 0 else None
        self._todo: deque[Any] = deque(jobs)
        self._submitted = len(jobs)
        self._yielded = 0
        self._results: queue.Queue[tuple[Any, Any] | BaseException] = queue.Queue()
        self._slots = threading.Semaphore(2 * self.workers)
        self._stop = threading.Event()
        self._manager: threading.Thread | None = None
        # a byte written here wakes the manager at once (a new job, a slot freed) instead of at its next poll
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)
        self.pids: set[int] = set()  # every worker started (for tests and diagnostics)

    def __enter__(self) -> PagePool:
        if self._todo:
            self._start()
        return self

    def _start(self) -> None:
        if self._manager is None:
            self._manager = threading.Thread(target=self._manage_safely, name="page-pool", daemon=True)
            self._manager.start()

    def _wake(self) -> None:
        with contextlib.suppress(BlockingIOError, OSError):
            os.write(self._wake_w, b"x")

    def submit(self, job: Any, *, first: bool = False) -> None:
        """Queue one more job; ``first`` puts it ahead of those waiting (a document's finishing
        work before more pages, so finished pages do not pile up)."""
        if first:
            self._todo.appendleft(job)
        else:
            self._todo.append(job)
        self._submitted += 1
        self._start()
        self._wake()

    @property
    def outstanding(self) -> int:
        """Jobs submitted whose outcome the caller has not taken yet."""
        return self._submitted - self._yielded

    def _manage_safely(self) -> None:
        try:
            self._manage()
        except BaseException as e:  # surfaced in the caller's thread, never lost in this one
            log.exception("page pool failed")
            self._results.put(e)

    def _timeout_of(self, job: Any) -> float | None:
        own = getattr(job, "timeout", None)
        if own is None or page_job(job) is not None:
            return self.timeout
        return own if own > 0 else None

    def _manage(self) -> None:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(self.preload)
        life_r, life_w = ctx.Pipe(duplex=False)
        todo = self._todo
        workers: list[_Worker] = []

        def spawn() -> _Worker:
            w = _Worker(ctx, life_r, self.memory_mb, self.own_jobs)
            self.pids.add(w.proc.pid or 0)
            return w

        try:
            workers = [spawn() for _ in range(self.workers)]
            while not self._stop.is_set():
                for i, w in enumerate(workers):
                    if w.job is None and todo and self._slots.acquire(blocking=False):
                        try:
                            w.give(todo.popleft())
                        except OSError:  # the worker died while idle: this job fails, not the run
                            job = w.job
                            assert job is not None
                            w.kill()
                            self._results.put((job, InputError("worker process died before it got the page")))
                            workers[i] = spawn()
                busy = [w for w in workers if w.job is not None]
                wait_for = 0.2
                limits = [(w.started + t) for w in busy if (t := self._timeout_of(w.job)) is not None]
                if limits:
                    wait_for = max(0.0, min(wait_for, min(limits) - time.monotonic()))
                ready = set(
                    wait([w.conn for w in busy] + [w.proc.sentinel for w in busy] + [self._wake_r], timeout=wait_for)
                )
                if self._wake_r in ready:
                    with contextlib.suppress(BlockingIOError, OSError):
                        os.read(self._wake_r, 4096)
                for i, w in enumerate(workers):
                    if w.job is None:
                        continue
                    job = w.job
                    if w.conn in ready:
                        try:
                            outcome = w.conn.recv()
                        except (EOFError, OSError):
                            outcome = None
                        if outcome is not None:
                            w.job = None
                            self._results.put((job, outcome))
                            continue
                    limit = self._timeout_of(job)
                    if w.proc.sentinel in ready or w.conn in ready:
                        w.proc.join(1)
                        reason = _death_reason(w.proc.exitcode)
                    elif limit is not None and time.monotonic() - w.started > limit:
                        what = "page" if page_job(job) is not None else "document"
                        reason = f"{what} took longer than {limit:g} s; stopped"
                    else:
                        continue
                    log.warning("%s: %s", describe(job), reason)
                    w.kill()
                    self._results.put((job, InputError(reason)))
                    workers[i] = spawn()
        finally:
            for w in workers:
                if w.job is None:
                    w.stop()
            deadline = time.monotonic() + 2
            for w in workers:
                w.proc.join(max(0.0, deadline - time.monotonic()) if w.job is None else 0)
                if w.proc.is_alive():
                    w.kill()
            life_w.close()
            life_r.close()

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        while self._yielded < self._submitted:
            item = self._results.get()
            if isinstance(item, BaseException):
                raise item
            self._yielded += 1
            self._slots.release()
            self._wake()
            yield item

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._wake()
        if self._manager is not None:
            self._manager.join()
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)
