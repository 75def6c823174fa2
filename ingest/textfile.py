"""Read already-OCR'd or transcribed ``.txt`` files into pages."""

from __future__ import annotations

import codecs
import logging
import unicodedata
from pathlib import Path

from vnplan.records import Page

log = logging.getLogger(__name__)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text whose encoding is not declared: a BOM wins; otherwise UTF-8, then legacy 8-bit
    Vietnamese (TCVN3/ABC, VNI) recognised and converted by normalize.legacy."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), enc
    from normalize.legacy import bytes_to_text

    return bytes_to_text(data)


def read_text_pages(path: Path) -> list[Page]:
    """One page per form feed (``\\f``); a file without form feeds is one page."""
    text, encoding = decode_bytes(path.read_bytes())
    if encoding not in ("unicode", "utf-8-sig"):
        log.info("%s decoded as %s", path, encoding)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    parts = text.split("\f")
    return [Page(page_no=i + 1, method="text", text_raw=part) for i, part in enumerate(parts)]
