"""Find input files, key them by content hash, and decide each file's kind from its bytes.

Every input path given to a run is accounted for: a file that cannot be read (permissions, a
broken link, a FIFO), a folder that cannot be listed, or a file whose content is no supported kind
becomes a :class:`Source` of kind ``'failed'`` with the reason, so it gets a ``documents`` row
instead of stopping (or silently shrinking) the run. Identical files under several names are read
once; the later names are returned as duplicates so the caller can report them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import IO

from . import remote

log = logging.getLogger(__name__)

KIND_BY_EXT = {
    ".pdf": "pdf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
    ".bmp": "image",
    ".gif": "image",
    ".webp": "image",
    ".txt": "text",
    ".docx": "docx",
    ".doc": "doc",
}
PDF_EXT = {".pdf"}
IMAGE_EXT = {e for e, k in KIND_BY_EXT.items() if k == "image"}
TEXT_EXT = {".txt"}
# Extensions picked up when a folder is searched; a file named explicitly is always taken.
SUPPORTED_EXT = set(KIND_BY_EXT)
_KIND_NAME = {"pdf": "a PDF", "image": "an image", "text": "a text file", "docx": "a .docx", "doc": "a .doc"}
_SNIFF_BYTES = 64 * 1024


class InputError(Exception):
    """A file that cannot be ingested; the message is shown to the user as the reason."""


@dataclass(frozen=True)
class Source:
    path: Path
    doc_id: str
    kind: str  # 'pdf' | 'image' | 'text' | 'docx' | 'doc' | 'failed'
    error: str | None = None  # why it cannot be read (kind 'failed')
    # Set when the extension names another kind than the content: prefixed to any failure reason.
    mislabel: str | None = None
    # An object on remote storage (``s3://bucket/raw/plan.pdf``); ``path`` is then its key, for
    # its name only (readers get a local copy, see ingest.remote).
    url: str | None = None

    @property
    def display(self) -> str:
        return self.url if self.url is not None else display_path(self.path)

    @property
    def location(self) -> str:
        """What a worker reads: the URL, or the local path."""
        return self.url if self.url is not None else str(self.path)


@dataclass
class Discovery:
    sources: list[Source] = field(default_factory=list)
    # (path, first path with its bytes); URLs (str) for objects on remote storage
    duplicates: list[tuple[Path | str, Path | str]] = field(default_factory=list)


def display_path(path: str | Path) -> str:
    """The path as storable UTF-8 text: bytes that are not UTF-8 (Python keeps them as lone
    surrogates) are written as backslash escapes, e.g. ``b'\\xff'`` -> ``\\xff``."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def path_id(path: Path) -> str:
    """Key of a file whose bytes cannot be read: a hash of its path, stable across runs."""
    return hashlib.sha256(b"path:" + os.fsencode(str(path.absolute()))).hexdigest()[:16]


def file_hash(path: Path, chunk: int = 1 << 20) -> str:
    """Document key: first 16 hex digits of the SHA-256 of the bytes (renames do not change it)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()[:16]


def kind_of(path: Path) -> str:
    """Kind suggested by the file name alone (the content decides, see :func:`decide_kind`)."""
    return KIND_BY_EXT.get(path.suffix.lower(), "text")


_MAGIC = [
    (b"\x89PNG", "image", "a PNG image"),
    (b"\xff\xd8\xff", "image", "a JPEG image"),
    (b"II*\x00", "image", "a TIFF image"),
    (b"MM\x00*", "image", "a TIFF image"),
    (b"GIF87a", "image", "a GIF image"),
    (b"GIF89a", "image", "a GIF image"),
    (b"BM", "image", "a BMP image"),
    (b"PK\x03\x04", "zip", "a ZIP archive (e.g. .docx/.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc", "an old Office document"),
    (b"\x7fELF", "binary", "an ELF executable"),
    (b"MZ", "binary", "a Windows executable"),
    (b"\x1f\x8b", "binary", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "binary", "a 7-Zip archive"),
    (b"Rar!", "binary", "a RAR archive"),
    (b"SQLite format 3\x00", "binary", "an SQLite database"),
    (b"PAR1", "binary", "a Parquet file"),
    (b"{\\rtf", "binary", "an RTF document"),
]


def sniff(head: bytes) -> tuple[str, str]:
    """``(kind, description)`` of the content from its first bytes. Kinds: pdf, image, docx, doc,
    zip (not a .docx), text, binary (anything else)."""
    from .textfile import sniff_text

    if b"%PDF-" in head[:1024]:
        return "pdf", "a PDF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image", "a WebP image"
    for magic, kind, what in _MAGIC:
        if head.startswith(magic):
            if kind == "image" and magic == b"BM" and len(head) > 14 and head[6:10] != b"\x00\x00\x00\x00":
                continue  # 'BM' also starts text; a real BMP header has four reserved zero bytes
            return kind, what
    if (problem := sniff_text(head)) is None:
        lead = head[:64].lstrip().lower()
        if lead.startswith((b"<!doctype html", b"<html", b"<?xml")):
            return "text", "HTML/XML text"
        return "text", "text"
    return "binary", problem


def _is_docx(path: Path | IO[bytes]) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return "word/document.xml" in z.namelist()
    except Exception:  # zipfile raises BadZipFile, EOFError, struct.error... on damaged archives
        return False


def decide_kind(
    path: PurePath, head: bytes, size: int, opener: Callable[[], IO[bytes]] | None = None
) -> tuple[str, str | None, str | None]:
    """``(kind, error, mislabel)`` from the content, the name only breaking ties. ``opener`` gives
    the whole file when ``path`` cannot be opened (an object on remote storage).

    A recognised document format (PDF, image, .docx, .doc) is read as what it is whatever its
    name; text is read as text unless the name promises a binary format (a '.pdf' that is text is
    an error page or a broken download, not a plan); anything else is refused with a reason.
    """
    if size == 0:
        return "failed", "empty file (0 bytes)", None
    named = KIND_BY_EXT.get(path.suffix.lower())
    kind, what = sniff(head)
    if kind == "zip":
        if opener is None:
            is_docx = _is_docx(Path(path))
        else:
            with opener() as f:
                is_docx = _is_docx(f)
        if is_docx:
            kind, what = "docx", "a .docx document"
    if kind == "zip" and named == "docx":
        return "failed", "not a .docx: a ZIP archive without word/document.xml", None
    if kind in ("pdf", "image", "docx", "doc"):
        mislabel = None
        if named and named != kind:
            mislabel = f"not {_KIND_NAME[named]}: the file is {what}"
            if named == "pdf":
                mislabel = f"not a PDF: the file is {what}"
            log.warning("%s: %s; reading it as such", display_path(path), mislabel)
        return kind, None, mislabel
    if kind == "text":
        if named in ("pdf", "image", "docx", "doc"):
            prefix = "not a PDF" if named == "pdf" else f"not {_KIND_NAME[named]}"
            detail = "looks like HTML/XML text" if what.startswith("HTML") else "is plain text"
            return "failed", f"{prefix}: the file {detail}", None
        return "text", None, None
    if named == "text":
        return "failed", f"not text: the file is {what}", None
    if named == "pdf":
        return "failed", f"not a PDF: no %PDF- header; the file is {what}", None
    return "failed", f"unsupported file type: {what}", None


def _candidates(paths: Iterable[str | Path], failed: list[Source]) -> list[Path]:
    """Files to read, in a stable order. Problems found on the way become failed sources."""
    files: list[Path] = []

    def fail(p: Path, reason: str) -> None:
        log.warning("%s: %s", display_path(p), reason)
        failed.append(Source(p, path_id(p), "failed", reason))

    for p in map(Path, paths):
        if not os.path.lexists(p):
            raise FileNotFoundError(f"no such file or folder: {display_path(p)}")
        if p.is_dir():
            errors: list[OSError] = []
            for root, dirs, names in os.walk(p, onerror=errors.append):
                dirs.sort()
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in sorted(names):
                    f = Path(root) / name
                    if name.startswith(".") or f.suffix.lower() not in SUPPORTED_EXT:
                        continue  # folders hold other files too; only known kinds are picked up
                    files.append(f)
            for e in errors:
                # A folder that cannot be listed is a failed input, never a silent skip.
                fail(Path(e.filename or p), f"cannot list folder: {e.strerror or e}")
        else:
            files.append(p)
    return files


def _file_problem(path: Path) -> str | None:
    """Why this path is no readable regular file, or None. Never opens FIFOs or devices."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "broken symbolic link: its target does not exist" if os.path.islink(path) else "file vanished"
    except OSError as e:
        return f"cannot read file: {e.strerror or e}"
    if not stat.S_ISREG(st.st_mode):
        what = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "a device"
        return f"not a regular file: it is {what}" if not stat.S_ISDIR(st.st_mode) else "is a folder"
    return None


def discover_inputs(paths: Iterable[str | Path]) -> Discovery:
    """Every given file, and supported files under given folders (recursively), one source per
    content hash; unreadable inputs are sources of kind 'failed'. A missing path given on the
    command line raises FileNotFoundError (a mistyped argument, not a bad file)."""
    found = Discovery()
    failed: list[Source] = []
    seen: dict[str, Path | str] = {}
    local: list[str | Path] = []
    for p in paths:
        if not remote.is_url(p):
            local.append(p)
            continue
        for url in remote.list_objects(str(p), _wanted_in_folder):
            _add_remote(url, found, seen)
    for f in _candidates(local, failed):
        if problem := _file_problem(f):
            log.warning("%s: %s", display_path(f), problem)
            found.sources.append(Source(f, path_id(f), "failed", problem))
            continue
        try:
            # O_NONBLOCK: a FIFO swapped in after the check must not hang the run.
            fd = os.open(f, os.O_RDONLY | os.O_NONBLOCK)
            with os.fdopen(fd, "rb") as fh:
                if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                    raise InputError("not a regular file")
                head = fh.read(_SNIFF_BYTES)
            size = f.stat().st_size
            doc_id = file_hash(f)
        except (OSError, InputError) as e:
            reason = f"cannot read file: {e.strerror}" if isinstance(e, OSError) and e.strerror else str(e)
            log.warning("%s: %s", display_path(f), reason)
            found.sources.append(Source(f, path_id(f), "failed", reason))
            continue
        if doc_id in seen:
            log.warning("%s has the same content as %s; ingesting it once", display_path(f), display_path(seen[doc_id]))
            found.duplicates.append((f, seen[doc_id]))
            continue
        seen[doc_id] = f
        kind, error, mislabel = decide_kind(f, head, size)
        found.sources.append(Source(f, doc_id, kind, error, mislabel))
    found.sources.extend(failed)
    return found


def _wanted_in_folder(rel: PurePath) -> bool:
    """Whether a file found under a searched folder (or URL prefix) is picked up."""
    return not any(part.startswith(".") for part in rel.parts) and rel.suffix.lower() in SUPPORTED_EXT


def _add_remote(url: str, found: Discovery, seen: dict[str, Path | str]) -> None:
    """One object under a URL: hashed and sniffed through fsspec (no local copy)."""
    key = Path(str(remote.key_name(url)))
    try:
        size = remote.size(url)
        h = hashlib.sha256()
        with remote.open_url(url) as fh:
            head = fh.read(_SNIFF_BYTES)
            h.update(head)
            while block := fh.read(1 << 20):
                h.update(block)
        doc_id = h.hexdigest()[:16]
    except OSError as e:
        reason = f"cannot read object: {e.strerror or e}"
        log.warning("%s: %s", url, reason)
        found.sources.append(Source(key, _url_id(url), "failed", reason, url=url))
        return
    if doc_id in seen:
        log.warning("%s has the same content as %s; ingesting it once", url, seen[doc_id])
        found.duplicates.append((url, seen[doc_id]))
        return
    seen[doc_id] = url
    kind, error, mislabel = decide_kind(key, head, size, opener=lambda: remote.open_url(url))
    found.sources.append(Source(key, doc_id, kind, error, mislabel, url=url))


def _url_id(url: str) -> str:
    """Key of an object whose bytes cannot be read: a hash of its URL."""
    return hashlib.sha256(b"url:" + url.encode()).hexdigest()[:16]


def discover(paths: Iterable[str | Path]) -> list[Source]:
    """The sources of :func:`discover_inputs` (duplicates left out)."""
    return discover_inputs(paths).sources


def check_pdf_bytes(path: Path) -> str | None:
    """Reason the file cannot be a readable PDF, or None. Cheap checks before opening it."""
    size = path.stat().st_size
    if size == 0:
        return "empty file (0 bytes)"
    with path.open("rb") as f:
        head = f.read(1024)
        f.seek(max(0, size - 2048))
        tail = f.read()
    if b"%PDF-" not in head:
        kind, what = sniff(head)
        if kind == "text" and what.startswith("HTML"):
            return "not a PDF: the file looks like HTML/XML text"
        return f"not a PDF: the file is {what}" if kind != "text" else "not a PDF: no %PDF- header"
    if b"%%EOF" not in tail:
        return "truncated PDF: no end-of-file marker (%%EOF); the download or copy was cut short"
    return None
