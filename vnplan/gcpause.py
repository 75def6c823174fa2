"""First module of the fork server's preload (:mod:`vnplan.forkserver`): the cyclic garbage collector is
switched off while the preload imports ~1,400 modules and loads the restoration model, and back on once
:mod:`vnplan.warm` has frozen what was loaded (:func:`settle`), as Python's documentation of
``gc.freeze`` advises for a parent that forks workers.

Imports make objects by the hundred thousand and almost no garbage cycles: the collections they set off
only walk the growing heap (the preload measured alone: 1.30 against 1.47 CPU-s, 4 alternating pairs;
its peak memory the same, 334 against 333 MB). The preload is on the way to the first page, so this is
start-up time too. A worker switches the collector on for itself in any case (``ingest.parallel``), so
a preload that stops before :func:`settle` leaves no worker without it."""

from __future__ import annotations

import gc

gc.disable()


def settle() -> None:
    """End of the preload: what was loaded stays out of every later collection (the workers' collector
    no longer walks, and so writes to, the model's and the modules' pages shared with the fork server),
    and the collector runs again."""
    gc.freeze()
    gc.enable()
