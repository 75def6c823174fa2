"""The local pool's fork server, started as early as the command line can.

Workers fork from a fork server (:mod:`ingest.parallel`) that has imported the modules named here
and loaded the restoration model and extraction patterns (:mod:`vnplan.warm`) once: each worker
then has them without paying for them (issue 16: every worker imported the application layer and
loaded the model for itself, about 2 CPU seconds each, the first of them in the serial tail after
the last page). ``vnplan ingest`` starts the server before importing the pipeline, so its imports
and the server's run on two cores at once. This module imports nothing heavy.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
import threading
from multiprocessing import forkserver

# Page work, the application's per-document work, then the warm caches; the garbage collector off
# until vnplan.warm has loaded them (vnplan.gcpause).
WORKER_PRELOAD = ("vnplan.gcpause", "ingest.pages", "ingest.ocr", "vnplan.work", "vnplan.warm")
# Without restoration and extraction the caches are not needed.
PAGE_PRELOAD = ("ingest.pages", "ingest.ocr", "vnplan.work")


def start(preload: tuple[str, ...] = WORKER_PRELOAD) -> None:
    """Start the fork server in the background (no-op when it runs already); it imports
    ``preload`` while this process goes on."""
    mp.get_context("forkserver").set_forkserver_preload(list(preload))
    if threading.current_thread() is not threading.main_thread():
        forkserver.ensure_running()
        return
    # Started with SIGINT ignored (kept across its exec): a Ctrl-C to the process group while it is
    # still importing must not kill it with a traceback of its own; this process handles the stop,
    # and the server ignores SIGINT itself once it serves (so do the workers).
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


def stop() -> None:
    """End the fork server :func:`start` started, if one runs (a run that stops at its checks after
    starting it). Killed rather than asked: it reads its pipe only once its preload is done, so it
    would go on importing and loading the model for a second or more after this process is gone."""
    server = forkserver._forkserver
    pid = getattr(server, "_forkserver_pid", None)
    if pid is None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError, ChildProcessError):
        server._stop()  # closes its pipe, reaps it and removes its socket
