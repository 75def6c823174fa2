"""Read already-OCR'd or transcribed ``.txt`` files into pages."""

from __future__ import annotations

import codecs
import logging
import unicodedata
from pathlib import Path

from vnplan.records import Page

log = logging.getLogger(__name__)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text whose encoding is not declared: BOMs, UTF-8, UTF-16, then legacy 8-bit Vietnamese."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Legacy Vietnamese encodings (TCVN3/ABC, VNI) live in 8-bit code pages: decode as cp1252 so each
    # byte keeps its identity, then let normalize.legacy recognise and convert it.
    from normalize.legacy import detect_and_convert

    text = data.decode("cp1252", errors="replace")
    converted, encoding = detect_and_convert(text)
    return converted, encoding or "cp1252"


def read_text_pages(path: Path) -> list[Page]:
    """One page per form feed (``\\f``); a file without form feeds is one page."""
    text, encoding = decode_bytes(path.read_bytes())
    if encoding not in ("utf-8", "utf-8-sig"):
        log.info("%s decoded as %s", path, encoding)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    parts = text.split("\f")
    return [Page(page_no=i + 1, method="text", text_raw=part) for i, part in enumerate(parts)]
