"""Plain data passed between the stages (ingest -> normalize -> extract -> store)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any


@dataclass
class Word:
    """One OCR word with its box (pixels at the OCR resolution) and Tesseract confidence (0-100)."""

    block: int
    par: int
    line: int
    word: int
    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float


@dataclass
class Page:
    """One page as read by ingest, later filled with the restored text by normalize."""

    page_no: int  # 1-based
    method: str  # 'text_layer' | 'ocr' | 'ocr_replaced_layer' | 'text' | 'docx' | 'doc'
    text_raw: str
    words: list[Word] = field(default_factory=list)
    ocr_confidence: float | None = None
    text: str | None = None  # restored (normalize)
    restore_confidence: float | None = None
    layer_score: float | None = None  # text-layer quality 0-1 (ingest.textlayer); None: no layer scored
    layer_reason: str | None = None  # why the layer was kept or replaced, readable
    # Size in pixels of the space the word boxes are in (the OCR image, or the text-layer page scaled
    # as its words are); None when the page has no words (.txt, Word).
    image_width: int | None = None
    image_height: int | None = None
    # How OCR turned the page image before reading it (the word boxes are in the turned page): deskew's
    # angle, then a quarter turn from OSD. None when the page was not OCR'd.
    rotation: int | None = None
    skew: float | None = None

    # Pages cross process boundaries twice in a scan's run (worker -> scheduler -> the document's
    # job): pickled as they are, each word is an object with a dict of ten named fields (a
    # 500-word page: 1.3 ms to pickle, 1.7 ms to load); as a tuple of its fields, 4-5x less.
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["words"] = [_word_fields(w) for w in self.words]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["words"] = [Word(*t) for t in state["words"]]
        self.__dict__.update(state)


_word_fields = attrgetter(*(f.name for f in fields(Word)))


@dataclass
class Document:
    """One input file and what ingest made of it."""

    doc_id: str
    source_path: str
    file_name: str
    status: str = "ok"  # 'ok' | 'failed'
    error: str | None = None
    pages: list[Page] = field(default_factory=list)
