"""The hand-made gold of the document-type set (tests/data/doctypes/), read from every
``tests/gold/doctypes*.json`` file: ``doctypes.json`` first, then the others by name, so a new batch of
documents (a development batch, a held-out batch) lives in a file of its own and a document's place in
the whole set, which seeds its rendered scan, never changes when a batch is added: the batches already there
keep their order (FIRST) and any later file comes after them, by name (a new name that sorts between two
old ones must not move the old documents' scans)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "tests" / "data" / "doctypes"
GOLD_DIR = ROOT / "tests" / "gold"


# the batches in the order they were added; their documents' scan seeds depend on it
FIRST = ("doctypes.json", "doctypes_dev_tasks.json", "doctypes_heldout3.json")


def gold_files() -> list[Path]:
    files = GOLD_DIR.glob("doctypes*.json")
    return sorted(files, key=lambda p: (FIRST.index(p.name) if p.name in FIRST else len(FIRST), p.name))


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
