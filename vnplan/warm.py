"""Imported by the worker pool's fork server (:mod:`vnplan.forkserver`), or for a run with scans by
its document worker as it starts (:data:`vnplan.forkserver.DOC_INIT`): loads the restoration model
and the extraction patterns into the module caches once, so that every worker forked after
inherits them (copy-on-write) instead of loading them itself."""

from __future__ import annotations

import gc
import logging
import multiprocessing as mp

from ingest import timing

from .work import warm_up

try:
    warm_up()
except Exception:  # a worker then loads what it needs itself; the fork server must not die here
    logging.getLogger(__name__).debug("warm-up in the fork server failed", exc_info=True)
# Everything loaded so far stays put: the workers' garbage collector no longer walks (and so writes
# to, copying the shared pages) the model's and the modules' objects.
gc.freeze()
# A fork server was not started as a Process (no parent process); a document worker was.
where = "document worker" if mp.parent_process() is not None else "fork server"
timing.process_so_far(f"{where} (imports, model)")
