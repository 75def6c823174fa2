"""Find input files, key them by content hash, and check that each is what its name says."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

PDF_EXT = {".pdf"}
IMAGE_EXT = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
TEXT_EXT = {".txt"}
SUPPORTED_EXT = PDF_EXT | IMAGE_EXT | TEXT_EXT


@dataclass(frozen=True)
class Source:
    path: Path
    doc_id: str
    kind: str  # 'pdf' | 'image' | 'text'


def file_hash(path: Path, chunk: int = 1 << 20) -> str:
    """Document key: first 16 hex digits of the SHA-256 of the bytes (renames do not change it)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()[:16]


def kind_of(path: Path) -> str:
    ext = path.suffix.lower()
    if ext in PDF_EXT:
        return "pdf"
    if ext in IMAGE_EXT:
        return "image"
    return "text"


def discover(paths: Iterable[str | Path]) -> list[Source]:
    """Supported files under the given files/folders (recursively), sorted, one per content hash."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(f for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in SUPPORTED_EXT)
        elif p.is_file():
            files.append(p)
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    seen: dict[str, Path] = {}
    sources = []
    for f in files:
        if f.name.startswith("."):
            continue
        doc_id = file_hash(f)
        if doc_id in seen:
            log.info("%s has the same content as %s; ingesting it once", f, seen[doc_id])
            continue
        seen[doc_id] = f
        sources.append(Source(f, doc_id, kind_of(f)))
    return sources


_MAGIC = [
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (e.g. .docx/.xlsx)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"GIF8", "a GIF image"),
]


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
        for magic, what in _MAGIC:
            if head.startswith(magic):
                return f"not a PDF: the file is {what}"
        lead = head[:16].lstrip()
        if lead[:1] in (b"<",) or head[:5].lower() in (b"<!doc", b"<html"):
            return "not a PDF: the file looks like HTML/XML text"
        return "not a PDF: no %PDF- header"
    if b"%%EOF" not in tail:
        return "truncated PDF: no end-of-file marker (%%EOF); the download or copy was cut short"
    return None
