"""The hand-made gold of the document-type set (tests/data/doctypes/), read from every
``tests/gold/doctypes*.json`` file, so a new batch of documents (a development batch, a held-out batch) lives
in a file of its own; a document's place in the whole set, which seeds its rendered scan, never changes when
a batch is added (see gold_files)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "tests" / "data" / "doctypes"
GOLD_DIR = ROOT / "tests" / "gold"


def gold_files() -> list[Path]:
    """``doctypes.json`` first, then the batches in the order their ``"batch"`` number gives (none: 0), by name
    within one number; a new batch takes the next number so that it sorts after every older file whatever its
    name (``doctypes_dev_more.json`` would sort before ``doctypes_dev_targets.json`` by name alone)."""
    files = sorted(GOLD_DIR.glob("doctypes*.json"))
    batch = {p: json.loads(p.read_text(encoding="utf-8")).get("batch", 0) for p in files}
    return sorted(files, key=lambda p: (p.name != "doctypes.json", batch[p], p.name))


def load() -> dict[str, dict[str, Any]]:
    """Gold per document name, in set order; a name given twice is an error, not a silent overwrite."""
    out: dict[str, dict[str, Any]] = {}
    for path in gold_files():
        for name, doc in json.loads(path.read_text(encoding="utf-8"))["documents"].items():
            if name in out:
                raise ValueError(f"{path.name}: document {name!r} already has gold")
            out[name] = doc
    return out


def split(gold: dict[str, dict[str, Any]], heldout: bool) -> dict[str, dict[str, Any]]:
    """The development documents, or those marked ``"heldout": true`` (never tuned on)."""
    return {k: v for k, v in gold.items() if bool(v.get("heldout")) == heldout}
