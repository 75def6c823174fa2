"""Word documents: ``.docx`` through python-docx, ``.doc`` through Debian's ``antiword``.

Paragraphs come out in document order, one line each; a table comes out as one line per row
with its cells separated by tabs, the form the appendix-task extractor reads (as in OCR'd and
transcribed appendix tables). A hard page break starts a new page.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

from ingest.records import Page

from .sources import InputError

log = logging.getLogger(__name__)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ANTIWORD_TIMEOUT = 120
# A .docx whose parts expand to more than this is refused before parsing (a ZIP bomb).
MAX_DOCX_EXPANDED = 256 * 1024 * 1024


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _row_cells(row) -> list[str]:
    """Cell texts of a table row; a horizontally merged cell counts once (python-docx repeats it)."""
    cells: list[str] = []
    prev = None
    for cell in row.cells:
        if prev is not None and cell._tc is prev:
            continue
        prev = cell._tc
        cells.append(_clean(cell.text))
    return cells


def _has_page_break(paragraph) -> bool:
    return any(br.get(f"{_W}type") == "page" for br in paragraph._p.iter(f"{_W}br"))


def read_docx_pages(path: Path) -> list[Page]:
    import docx
    from docx.table import Table

    try:
        with zipfile.ZipFile(path) as z:
            expanded = sum(info.file_size for info in z.infolist())
    except Exception as e:  # zipfile raises BadZipFile, EOFError, struct.error... on damaged archives
        raise InputError(f"unreadable .docx: {type(e).__name__}: {e}") from e
    if expanded > MAX_DOCX_EXPANDED:
        raise InputError(f".docx too large: its parts expand to {expanded >> 20} MB")
    try:
        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises KeyError, ValueError, lxml errors... on broken files
        raise InputError(f"unreadable .docx: {type(e).__name__}: {e}") from e
    pages: list[list[str]] = [[]]
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = _row_cells(row)
                if any(cells):
                    pages[-1].append("\t".join(cells))
            continue
        if text := _clean(block.text):
            pages[-1].append(text)
        if _has_page_break(block):
            pages.append([])
    if not pages[-1] and len(pages) > 1:
        pages.pop()
    return [Page(page_no=i + 1, method="docx", text_raw="\n".join(lines)) for i, lines in enumerate(pages)]


def read_doc_pages(path: Path) -> list[Page]:
    """An old Word (.doc) file through antiword (UTF-8 output); without antiword, a clear reason."""
    exe = shutil.which("antiword")
    if exe is None:
        raise InputError("old Word .doc files need antiword (not installed): convert to .docx or PDF")
    try:
        res = subprocess.run(
            [exe, "-m", "UTF-8.txt", "-w", "0", str(path)],
            capture_output=True,
            timeout=ANTIWORD_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as e:
        raise InputError(f".doc conversion took longer than {ANTIWORD_TIMEOUT} s: convert to .docx or PDF") from e
    if res.returncode != 0:
        why = res.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"unreadable .doc ({why[-1] if why else 'antiword failed'}): convert to .docx or PDF")
    text = unicodedata.normalize("NFC", res.stdout.decode("utf-8", "replace"))
    # antiword draws tables as '|cell|cell|' rows: turn them into tab-separated rows.
    lines = []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("|") and s.endswith("|") and s.count("|") >= 3:
            line = "\t".join(_clean(c) for c in s[1:-1].split("|"))
        lines.append(line.rstrip())
    return [Page(page_no=i + 1, method="doc", text_raw=part.strip("\n")) for i, part in enumerate("\n".join(lines).split("\f"))]
