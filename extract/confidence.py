"""Row confidence that means something: P(the row's key fields are right), not the rule's own guess.

The extractors give each target and task a rule certainty (0.9 for a table row read cleanly, 0.5 for a
merged cell, ...). On a scan that alone says nothing about the page: a value read from digits Tesseract was
unsure of still got 0.9. Here each row's confidence is a logistic model over what is known about it:

- ``rule``: the extractor's certainty (as a logit);
- ``ocr_mean``: mean OCR confidence of the words inside the row's box (``bbox_*`` provenance columns);
- ``key_min``: lowest OCR confidence among those words that carry the row's key field (a task's deadline,
  a target's value digits);
- ``low_share``: share of the row's words OCR read with confidence below :data:`LOW_WORD`;
- ``restore``: the page's mean restoration confidence;
- ``ocr``: 1 for an OCR'd page (a text layer or a .txt file has no word confidences: the OCR terms are 1).

The weights are fitted per table by ``python -m devkit.calibrate`` on our own development documents (never
on the seeds), stored in ``extract/calibration.json``; ``bench/calibration_eval.py`` (``make eval``) prints
the reliability table on rows it was not fitted on. Without the file (or for a table it lacks) the rule
certainty is kept as it is.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ingest.records import Document, Page, Word
from normalize.text import fold

PARAMS = Path(__file__).with_name("calibration.json")
FEATURES = ("rule", "ocr_mean", "key_min", "low_share", "restore", "ocr")
CALIBRATED_TABLES = ("targets", "tasks")
LOW_WORD = 60.0  # OCR word confidence (0-100) under which a word is more often wrong than not
_TOKEN = re.compile(r"[^\W_]+")
_ROMAN = re.compile(r"[ivx]+")


@dataclass(frozen=True)
class Evidence:
    """What is known about one row, each on a 0-1 scale (``rule`` the extractor's certainty)."""

    rule: float
    ocr_mean: float = 1.0
    key_min: float = 1.0
    low_share: float = 0.0
    restore: float = 1.0
    ocr: float = 0.0

    def vector(self) -> list[float]:
        r = min(max(self.rule, 0.02), 0.98)
        return [math.log(r / (1 - r)), self.ocr_mean, self.key_min, self.low_share, self.restore, self.ocr]


def box_words(page: Page, row: Mapping[str, Any]) -> list[Word]:
    """The page's words whose centre lies in the row's box (none without a box)."""
    box = [row.get(k) for k in ("bbox_x0", "bbox_y0", "bbox_x1", "bbox_y1")]
    if any(v is None for v in box):
        return []
    x0, y0, x1, y1 = box
    return [w for w in page.words if x0 <= w.left + w.width / 2 <= x1 and y0 <= w.top + w.height / 2 <= y1]


def key_text(table: str, row: Mapping[str, Any]) -> str:
    """The text of the row's key field as it would be printed."""
    if table == "targets":
        v = row.get("value")
        if v is None:
            return ""
        return f"{v:g}" if v != int(v) else str(int(v))
    return row.get("deadline_text") or ""


def key_words(words: Sequence[Word], key: str) -> list[Word]:
    """The words that carry the key field: a word sharing a token with it (folded). OCR glues words
    ('Quý Ihàng năm'), so a word token that starts or ends with a key token counts too, for key tokens that
    are numbers, Roman numerals or at least three letters."""
    tokens = set(_TOKEN.findall(fold(key)))
    glued = {t for t in tokens if t.isdigit() or _ROMAN.fullmatch(t) or len(t) >= 3}
    out = []
    for w in words:
        wt = set(_TOKEN.findall(fold(w.text)))
        if wt & tokens or any(a.startswith(t) or a.endswith(t) for a in wt for t in glued):
            out.append(w)
    return out


def evidence(table: str, row: Mapping[str, Any], page: Page | None) -> Evidence:
    rule = float(row.get("confidence") or 0.5)
    if page is None:
        return Evidence(rule)
    restore = page.restore_confidence if page.restore_confidence is not None else 1.0
    if not page.method.startswith("ocr"):
        return Evidence(rule, restore=restore)
    words = [w for w in box_words(page, row) if w.confidence >= 0]
    if not words:
        # an OCR'd page but no box to look in: the page's own mean stands in
        conf = (page.ocr_confidence or 0.0) / 100
        return Evidence(rule, ocr_mean=conf, key_min=conf, restore=restore, ocr=1.0)
    confs = [w.confidence / 100 for w in words]
    keys = key_words(words, key_text(table, row))
    return Evidence(
        rule,
        ocr_mean=sum(confs) / len(confs),
        key_min=min((w.confidence / 100 for w in keys), default=sum(confs) / len(confs)),
        low_share=sum(c < LOW_WORD / 100 for c in confs) / len(confs),
        restore=restore,
        ocr=1.0,
    )


@cache
def _params() -> dict[str, dict[str, Any]]:
    if not PARAMS.exists():
        return {}
    return json.loads(PARAMS.read_text(encoding="utf-8"))["tables"]


def probability(table: str, ev: Evidence, params: Mapping[str, Any] | None = None) -> float:
    """P(row right) under the fitted model for ``table``; the rule certainty when there is none."""
    p = params if params is not None else _params().get(table)
    if not p:
        return ev.rule
    z = p["bias"] + sum(w * x for w, x in zip(p["weights"], ev.vector(), strict=True))
    return 1 / (1 + math.exp(-z))


def row_evidence(doc: Document, table: str, rows: Iterable[Mapping[str, Any]]) -> list[Evidence]:
    pages = {p.page_no: p for p in doc.pages}
    return [evidence(table, r, pages.get(r.get("page_no"))) for r in rows]


def calibrate(doc: Document, tables: Mapping[str, list[dict[str, Any]]]) -> None:
    """Replace the rule certainty in each calibrated table's ``confidence`` by the fitted probability."""
    for table in CALIBRATED_TABLES:
        rows = tables.get(table) or []
        for row, ev in zip(rows, row_evidence(doc, table, rows), strict=True):
            row["confidence"] = round(probability(table, ev), 3)
