"""normalize: Vietnamese Unicode normalisation, legacy encodings and diacritics/OCR restoration.

Public API::

    restore_text(text) -> Restored          # noisy-channel + trigram LM restoration, same line count
    to_nfc(text) -> str                     # NFC + traditional tone placement (hoà -> hòa)
    legacy.detect_and_convert(text) -> (text, encoding_name)   # TCVN3 (ABC) / VNI -> Unicode
    cli_restore(in_stream, out_stream) -> Restored
"""

from __future__ import annotations

from . import legacy
from .cli import cli_restore
from .restore import Restored, TokenRecord, restore_text
from .text import strip_diacritics, to_nfc

__all__ = ["Restored", "TokenRecord", "restore_text", "to_nfc", "strip_diacritics", "legacy", "cli_restore"]
