"""Safe file writing: the one atomic-write helper the store, the exports and the report share.

A file is written under a fresh temporary name in the target's folder (created with O_EXCL by
``tempfile``, so a planted symlink is never followed or truncated), flushed to disk and renamed over
the target. Readers see the old file or the new one, never half of one; an interrupted writer leaves
only a ``.<name>.tmp-*`` file that :func:`remove_stale_temps` clears.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

TMP_MARK = ".tmp-"


def temp_name_prefix(target: Path) -> str:
    return f".{target.name}{TMP_MARK}"


@contextlib.contextmanager
def atomic_path(target: str | Path, *, fsync: bool = True) -> Iterator[Path]:
    """``with atomic_path(out) as tmp: write(tmp)`` puts the finished file at ``out`` atomically.

    The temporary file exists (empty, created exclusively) when the block starts; a writer that
    opens it by name rewrites that same regular file. On an exception the target is untouched."""
    with atomic_paths([target], fsync=fsync) as (tmp,):
        yield tmp


@contextlib.contextmanager
def atomic_paths(targets: Sequence[str | Path], *, fsync: bool = True) -> Iterator[list[Path]]:
    """:func:`atomic_path` for several files: all are written to temporaries and flushed together,
    then renamed into place in the order given (so the last one can mark the others as done). One
    flush of many files costs about one journal commit, not one each."""
    temps: list[Path] = []
    try:
        for target in map(Path, targets):
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=temp_name_prefix(target), dir=target.parent)
            # mkstemp makes the file private (0600); the finished file gets the mode a plain open() gives.
            os.fchmod(fd, 0o666 & ~_umask())
            os.close(fd)
            temps.append(Path(name))
        yield temps
        if fsync:
            for tmp in temps:
                with open(tmp, "rb") as f:
                    os.fsync(f.fileno())
        for tmp, target in zip(temps, targets, strict=True):
            os.replace(tmp, target)
    finally:
        for tmp in temps:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


def _umask() -> int:
    """The process umask (os.umask can only be read by setting it; set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write_text(target: str | Path, text: str, encoding: str = "utf-8") -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding=encoding)


def remove_stale_temps(folder: Path, pattern: str = f".*{TMP_MARK}*") -> int:
    """Delete temporary files an interrupted writer left in ``folder`` (never following links)."""
    n = 0
    for tmp in folder.glob(pattern):
        if tmp.is_symlink() or tmp.is_file():
            log.info("removing %s left by an interrupted run", tmp)
            tmp.unlink(missing_ok=True)
            n += 1
    return n
