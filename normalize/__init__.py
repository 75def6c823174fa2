"""normalize: Vietnamese Unicode normalisation, legacy encodings and diacritics/OCR restoration.

Public API::

    restore_text(text) -> Restored          # noisy-channel + trigram LM restoration, same line count
    to_nfc(text) -> str                     # NFC + traditional tone placement (hoà -> hòa)
    legacy.detect_and_convert(text) -> (text, encoding_name)   # TCVN3 (ABC) / VNI -> Unicode
    cli_restore(in_stream, out_stream) -> Restored
"""

from __future__ import annotations

from . import aot as _aot

# the compiled restoration modules (normalize/aot.py), when `make setup` built them from these very sources;
# before the first import of any of them
_aot.install()

from .text import strip_diacritics, to_nfc  # noqa: E402

__all__ = ["Restored", "TokenRecord", "restore_text", "to_nfc", "strip_diacritics", "legacy", "cli_restore"]

# The decoder (numba, the LM) loads only when asked for: ingest workers import normalize.text,
# normalize.model or normalize.legacy alone, and must not pay for (or map the memory of) the compiler.
_LAZY = {"Restored": "restore", "TokenRecord": "restore", "restore_text": "restore", "cli_restore": "cli"}


def __getattr__(name: str):
    import importlib

    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    if name == "legacy":
        return importlib.import_module(".legacy", __name__)
    raise AttributeError(f"module 'normalize' has no attribute {name!r}")
