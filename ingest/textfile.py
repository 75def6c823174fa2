"""Read already-OCR'd or transcribed ``.txt`` files into pages.

The encoding is decided from the bytes: a BOM; UTF-16 without a BOM (recognised by its zero
bytes); UTF-8; else the 8-bit Vietnamese encodings (Windows-1258, TCVN3, VNI) by how well each
decodes into Vietnamese syllables (normalize.legacy). Bytes that are not text (zero bytes outside
UTF-16, control characters) are refused instead of being read as pages of junk.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from pathlib import Path

from ingest.records import Page

log = logging.getLogger(__name__)

# Control characters other than tab, line/page breaks and carriage return: text has almost none.
_CONTROLS = {*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F}
_MAX_CONTROL_SHARE = 0.01
_SNIFF_LIMIT = 64 * 1024
# Transcribed plans are a few hundred KB; beyond this a "text" file is something else.
MAX_TEXT_BYTES = 100 * 1024 * 1024


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when the zero bytes fall on one side of the code units, as they do
    for text that is mostly ASCII letters, digits and spaces (Vietnamese included)."""
    sample = data[:_SNIFF_LIMIT] if len(data) % 2 == 0 else data[: min(len(data) - 1, _SNIFF_LIMIT)]
    n = len(sample) // 2
    if n < 4:
        return None
    zero_even = sample[0::2].count(0) / n
    zero_odd = sample[1::2].count(0) / n
    for enc, hi, lo in (("utf-16-le", zero_odd, zero_even), ("utf-16-be", zero_even, zero_odd)):
        if hi >= 0.3 and lo <= 0.02:
            try:
                data[: len(data) - len(data) % 2].decode(enc)
            except UnicodeDecodeError:
                return None
            return enc
    return None


def sniff_text(head: bytes) -> str | None:
    """None when these first bytes look like text, else what they look like ('binary data')."""
    if head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if _utf16_without_bom(head):
        return None
    if b"\x00" in head:
        return "binary data (contains zero bytes)"
    controls = sum(1 for b in head if b in _CONTROLS)
    if controls > _MAX_CONTROL_SHARE * len(head):
        return "binary data (control characters)"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text whose encoding is not declared: a BOM wins; then UTF-16 without a BOM, UTF-8,
    and legacy 8-bit Vietnamese (cp1258, TCVN3/ABC, VNI) recognised by normalize.legacy."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), enc
    if enc := _utf16_without_bom(data):
        return data[: len(data) - len(data) % 2].decode(enc), enc
    from normalize.legacy import bytes_to_text

    return bytes_to_text(data)


def text_problem(text: str) -> str | None:
    """Why decoded text is not text (zero or control characters), or None."""
    if not text:
        return None
    if "\x00" in text:
        return "not text: the file holds zero bytes (binary data)"
    controls = sum(1 for ch in text if ord(ch) in _CONTROLS)
    if controls > _MAX_CONTROL_SHARE * len(text):
        return f"not text: {controls} control characters in {len(text)} (binary data)"
    return None


# A line that is only a page number, as documents print it: '- 2 -', 'Trang 2', 'Trang 2/13', '2/13'. A bare
# number is no marker (table numbering rows, list items).
_PAGE_MARKER = re.compile(
    r"^[ \t]*(?:[-–—][ \t]*(\d{1,3})[ \t]*[-–—]|(?:trang|page)[ \t]+(\d{1,3})(?:[ \t]*/[ \t]*\d{1,3})?"
    r"|(\d{1,3})[ \t]*/[ \t]*\d{1,3})[ \t]*$",
    re.IGNORECASE,
)


def split_on_page_markers(text: str) -> list[str]:
    """Pages of a text without form feeds, cut at its own page-number lines; the text whole when it has none.

    Conservative: the markers must number pages 1, 2, 3, ... or 2, 3, ... in order with no gap, at least two
    of them. Numbers from 2 on are Decree 30's page numbers at the top of each page after the first: a page
    starts at its marker. Numbers from 1 are footers: a page ends with its marker. Marker lines stay in the
    text (of their page); joined with '\\n' the pages are the text again.
    """
    lines = text.split("\n")
    marks: list[tuple[int, int]] = []  # (line index, page number)
    for i, ln in enumerate(lines):
        m = _PAGE_MARKER.match(ln)
        if m:
            marks.append((i, int(next(g for g in m.groups() if g))))
    numbers = [n for _, n in marks]
    if len(marks) < 2 or numbers[0] not in (1, 2) or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return [text]
    if numbers[0] == 2:
        cuts = [i for i, _ in marks]  # a page starts at its number
    else:
        cuts = [i + 1 for i, _ in marks]  # a page ends with its number
        if not "\n".join(lines[cuts[-1] :]).strip():
            cuts.pop()  # nothing after the last footer: it closes the last page
            if len(cuts) < 1:
                return [text]
    bounds = [0, *cuts, len(lines)]
    return ["\n".join(lines[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


def read_text_pages(path: Path) -> list[Page]:
    """One page per form feed (``\\f``); a file without form feeds is cut at its own page-number lines
    (:func:`split_on_page_markers`), else it is one page."""
    from .sources import InputError

    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise InputError(f"text file too large: {size >> 20} MB (at most {MAX_TEXT_BYTES >> 20} MB)")
    data = path.read_bytes()
    if not data:
        raise InputError("empty file (0 bytes)")
    text, encoding = decode_bytes(data)
    if problem := text_problem(text):
        raise InputError(problem)
    if encoding not in ("unicode", "utf-8-sig"):
        log.info("%s decoded as %s", path, encoding)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    parts = text.split("\f") if "\f" in text else split_on_page_markers(text)
    if len(parts) > 1 and "\f" not in text:
        log.info("%s: %d pages by its page-number lines", path, len(parts))
    return [Page(page_no=i + 1, method="text", text_raw=part) for i, part in enumerate(parts)]
