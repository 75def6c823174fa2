"""extract: header metadata, sections, targets, tasks and agencies from restored plan text.

    from extract import extract_document, Extraction
    ex = extract_document(doc)   # ingest.records.Document with status 'ok'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extract.core import Extraction, extract_document

__all__ = ["Extraction", "extract_document"]


def __getattr__(name: str):
    # Lazy: importing a light submodule (extract.rows, for its ids) must not load spaCy, which the
    # scheduling process of a run never needs (issue 16: about a second of its start-up).
    if name in __all__:
        from extract import core

        return getattr(core, name)
    raise AttributeError(f"module 'extract' has no attribute {name!r}")
