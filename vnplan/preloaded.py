"""Imported last by the fork server of a run with scans (:data:`vnplan.forkserver.SCAN_PRELOAD`):
records the CPU of its imports (``VNPLAN_TIMINGS``), which no step of a page or document counts."""

from __future__ import annotations

from ingest import timing

timing.process_so_far("fork server (imports)")
