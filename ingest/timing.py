"""Per-stage timing of a run (wall and CPU seconds), for the benchmark's breakdown.

Off unless the environment variable ``VNPLAN_TIMINGS`` names a file: then every process of the run
(the scheduler and each worker) appends one JSON line per timed step to it, with the step's name,
its wall and CPU seconds (the process's own CPU plus that of the children it waited for, i.e.
Tesseract) and when it started and ended (``time.time()``), so a benchmark can also place the
steps on one time line (start-up before the first page, a serial tail after the last one). Lines
are written with ``O_APPEND`` in one ``write`` each, so processes writing at once do not mix them.
When off, :func:`stage` costs one dictionary look-up.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import time
from collections.abc import Callable, Iterator

ENV = "VNPLAN_TIMINGS"


def enabled() -> bool:
    return bool(os.environ.get(ENV))


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def record(name: str, start: float, end: float, cpu: float) -> None:
    """Append one step (epoch seconds ``start``..``end``, ``cpu`` seconds) to the timings file."""
    path = os.environ.get(ENV)
    if not path:
        return
    line = json.dumps(
        {"stage": name, "start": start, "end": end, "wall": end - start, "cpu": cpu, "pid": os.getpid()}
    )
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (line + "\n").encode())
    finally:
        os.close(fd)


def process_so_far(name: str) -> None:
    """Record this process's CPU since it started (its own, children aside) as step ``name``, from
    its start to now: e.g. the imports and model loading of a fork server, or the scheduler."""
    if not enabled():
        return
    own = resource.getrusage(resource.RUSAGE_SELF)
    now = time.time()
    record(name, now - _age(), now, own.ru_utime + own.ru_stime)


def _age() -> float:
    """Seconds since this process started (Linux /proc; 0 when unknown)."""
    try:
        with open("/proc/self/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return max(0.0, uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return 0.0


@contextlib.contextmanager
def stage(name: str, extra_cpu: Callable[[], float] | None = None) -> Iterator[None]:
    """Time the enclosed step as ``name`` (nothing is measured when timings are off). ``extra_cpu``:
    CPU seconds so far of a process that works for the step but is nobody's waited-for child (a
    long-running Tesseract), added to the step's CPU."""
    if not enabled():
        yield
        return
    start, cpu0 = time.time(), _cpu() + (extra_cpu() if extra_cpu else 0.0)
    try:
        yield
    finally:
        record(name, start, time.time(), _cpu() + (extra_cpu() if extra_cpu else 0.0) - cpu0)
