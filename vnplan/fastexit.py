"""Ending a process without tearing its modules down, once everything it owes is done (issue 16).

At its normal exit the interpreter runs the ``atexit`` handlers (logging's flush, multiprocessing's clean-up of
its temporary folder, a Tesseract stream's close), then clears every module and frees every object one by
one. The second part writes nothing anyone reads, and for the processes of ``vnplan ingest`` it is not small:
~0.04 CPU-s for the main process (pyarrow, numpy, the command line) and ~0.05 for the fork server (spaCy, numba
and the restoration model, ~1,450 modules), measured alone, on every run. :func:`exit_now` does the first part
(the handlers, then flushing standard output and error) and ends the process with ``os._exit``: files written
through their own ``write``/``fsync``/``rename`` (the store's) are on disk already, and the kernel closes the
descriptors and releases the locks as at any exit.

Used where the process's end is known to be the program's end: the ``vnplan ingest`` command once its run is
over (:mod:`vnplan.cli`), and the workers' fork server (:func:`in_fork_server`), whose exit nobody reads.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading


def exit_now(code: int) -> None:
    """Run the ``atexit`` handlers, flush standard output and error, end the process with ``code``. Returns
    (and does nothing) when that could lose something: another thread that is not a daemon still runs (the
    interpreter would wait for it), or standard output cannot be flushed (the interpreter reports that)."""
    if any(t is not threading.main_thread() and not t.daemon and t.is_alive() for t in threading.enumerate()):
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return  # the ordinary exit says so (e.g. a closed pipe)
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        pass  # the handlers ran; what they could not print is lost as it would be at an ordinary exit
    os._exit(code)


def in_fork_server() -> bool:
    """Whether this code runs in multiprocessing's fork server (its preload, or a job it forked)."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "main" and frame.f_globals.get("__name__") == "multiprocessing.forkserver":
            return True
        frame = frame.f_back
    return False


def at_fork_server_exit() -> bool:
    """Called in the fork server's preload: its exit (when the last process that used it is gone) runs the
    ``atexit`` handlers and ends the process without the module teardown. Forked workers inherit the
    registration but leave through ``os._exit`` (multiprocessing's own), so it never runs in them; nor in
    any other process (it checks the pid). True when registered."""
    if not in_fork_server():
        return False
    pid = os.getpid()

    def _end() -> None:
        if os.getpid() != pid:
            return
        atexit.unregister(_end)  # exit_now runs the other handlers, never this one again
        exit_now(0)

    atexit.register(_end)
    return True
