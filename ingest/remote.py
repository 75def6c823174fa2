"""Inputs by URL: files on object storage (``s3://bucket/raw/``) or any other fsspec filesystem.

A URL names one object or a prefix; under a prefix the objects are found with fsspec's ``find``
and picked up like files in a folder (known extensions, no hidden names). Bytes are read through
fsspec; a reader that needs a path (Tesseract, pdfium, PIL, python-docx, antiword) gets a local
copy, downloaded once per process and document (:func:`local_copy`). Credentials and endpoints
come from the filesystem's usual environment (for S3: ``AWS_ACCESS_KEY_ID``,
``AWS_SECRET_ACCESS_KEY``, ``AWS_ENDPOINT_URL``), or fsspec's ``FSSPEC_<PROTOCOL>_<OPTION>``
variables. ``fsspec`` and the protocol's package (``s3fs``) are imported only when a URL is used:
the local path needs neither.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import re
import shutil
import tempfile
from collections import OrderedDict
from pathlib import Path, PurePosixPath
from typing import IO, Any

log = logging.getLogger(__name__)

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# Local copies kept per process: a PDF's page jobs on one worker download it once, not per page.
_KEEP_COPIES = 4
_copies: OrderedDict[tuple[str, str], Path] = OrderedDict()
_copy_dir: Path | None = None


def is_url(location: str | Path) -> bool:
    """Whether ``location`` is a URL (``s3://…``, ``gs://…``, ``memory://…``) rather than a local path.
    A ``Path`` never is: ``Path('s3://b/k')`` has already lost the second slash."""
    return isinstance(location, str) and bool(_URL.match(location))


def filesystem(url: str) -> tuple[Any, str]:
    """``(fsspec filesystem, path inside it)`` for a URL. Raises ImportError naming the package to
    install when fsspec or the protocol's implementation (s3fs for ``s3://``) is missing."""
    try:
        from fsspec.core import url_to_fs
    except ImportError as e:
        raise ImportError(f"{url}: URLs need fsspec (and s3fs for s3://): pip install 'vnplan[s3]'") from e
    try:
        return url_to_fs(url)
    except ImportError as e:
        raise ImportError(f"{url}: {e}; pip install 'vnplan[s3]'") from e
    except ValueError as e:  # fsspec: "Protocol not known: xyz"
        raise ImportError(f"{url}: {e}") from e


def key_name(url: str) -> PurePosixPath:
    """The object's path inside its filesystem, for its name and suffix (``raw/plan.pdf``)."""
    return PurePosixPath(re.sub(_URL, "", url))


def list_objects(url: str, keep: Any) -> list[str]:
    """URLs of the objects ``url`` names: itself when it is one object, else every object under
    it (as a prefix) whose path ``keep(PurePosixPath)`` accepts, sorted. Raises FileNotFoundError
    when there is neither."""
    fs, path = filesystem(url)
    fs.invalidate_cache()
    if fs.isfile(path):
        return [url]
    found = sorted(fs.find(path.rstrip("/") + "/"))
    if not found and not fs.isdir(path):
        raise FileNotFoundError(f"no such object or prefix: {url}")
    base = path.rstrip("/")
    out = []
    for key in found:
        rel = PurePosixPath(key[len(base) :].lstrip("/"))
        if keep(rel):
            out.append(fs.unstrip_protocol(key))
    return out


def open_url(url: str) -> IO[bytes]:
    """A seekable binary file of the object (read through fsspec, block by block)."""
    fs, path = filesystem(url)
    return fs.open(path, "rb")


def size(url: str) -> int:
    fs, path = filesystem(url)
    return int(fs.size(path))


def local_copy(url: str, doc_id: str) -> Path:
    """A local file with the object's bytes, for readers that need a path. Kept per process for
    the last few documents (keyed by URL and content hash, so a changed object is fetched anew);
    the copies go when the process exits."""
    global _copy_dir
    key = (url, doc_id)
    if key in _copies and _copies[key].is_file():
        _copies.move_to_end(key)
        return _copies[key]
    if _copy_dir is None:
        _copy_dir = Path(tempfile.mkdtemp(prefix="vnplan-fetch-"))
        atexit.register(shutil.rmtree, _copy_dir, ignore_errors=True)
    target = _copy_dir / f"{doc_id}{key_name(url).suffix.lower()}"
    fs, path = filesystem(url)
    tmp = target.with_name(target.name + ".part")
    fs.get_file(path, str(tmp))
    tmp.replace(target)  # a copy cut short by an error is never taken for the whole file
    _copies[key] = target
    while len(_copies) > _KEEP_COPIES:
        _, old = _copies.popitem(last=False)
        with contextlib.suppress(OSError):
            old.unlink()
    log.debug("fetched %s to %s", url, target)
    return target


def readable_path(location: str, doc_id: str) -> Path:
    """A local path to read ``location`` from: the path itself, or a local copy of a URL."""
    return local_copy(location, doc_id) if is_url(location) else Path(location)
