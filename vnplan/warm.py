"""Imported by the worker pool's fork server (:mod:`vnplan.forkserver`): loads the restoration model
and the extraction patterns into the module caches once, before any worker forks, so that every
worker inherits them (copy-on-write) instead of loading them itself."""

from __future__ import annotations

import logging

from ingest import timing

from .fastexit import at_fork_server_exit
from .gcpause import settle
from .work import warm_up

try:
    warm_up()
except Exception:  # a worker then loads what it needs itself; the fork server must not die here
    logging.getLogger(__name__).debug("warm-up in the fork server failed", exc_info=True)
# Everything loaded so far stays put: the workers' garbage collector no longer walks (and so writes
# to, copying the shared pages) the model's and the modules' objects; the collector, off during the
# preload (vnplan.gcpause), runs again.
settle()
# The server's own exit (the run is over) skips the teardown of what it loaded (vnplan.fastexit).
at_fork_server_exit()
timing.process_so_far("fork server (imports, model)")
