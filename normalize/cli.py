"""Entry point for ``vnplan restore [FILE]`` (wired in vnplan/cli.py)."""

from __future__ import annotations

import logging
from typing import TextIO

from .restore import Restored, restore_text

log = logging.getLogger(__name__)


def cli_restore(in_stream: TextIO, out_stream: TextIO) -> Restored:
    """Read all of ``in_stream``, restore it, write the text to ``out_stream`` (same line count).

    Legacy TCVN3 / VNI text is converted to Unicode first (inside :func:`restore_text`).  Returns the :class:`Restored` record
    so the caller can report the mean confidence.
    """
    res = restore_text(in_stream.read())
    if res.encoding != "unicode":
        log.info("input converted from %s", res.encoding)
    out_stream.write(res.text)
    out_stream.flush()
    log.info("restored %d tokens, mean confidence %.3f", len(res.tokens), res.confidence)
    return res
