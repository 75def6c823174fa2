"""Loading of the rule files in ``extract/patterns/`` (rules are data, not code)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from normalize.text import nfc

PATTERN_DIR = Path(__file__).with_name("patterns")


@cache
def load_json(name: str) -> dict[str, Any]:
    with (PATTERN_DIR / name).open(encoding="utf-8") as fh:
        return json.loads(nfc(fh.read()))


@cache
def load_jsonl(name: str) -> list[dict[str, Any]]:
    rows = []
    with (PATTERN_DIR / name).open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith("//"):
                rows.append(json.loads(nfc(line)))
    return rows


@cache
def rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


@cache
def domain_rules() -> list[tuple[str, list[re.Pattern[str]]]]:
    doms = load_json("domains.json")["domains"]
    return [(name, [re.compile(p) for p in pats]) for name, pats in doms.items()]


def match_domain(folded: str) -> str | None:
    for name, pats in domain_rules():
        if any(p.search(folded) for p in pats):
            return name
    return None


@cache
def section_roles() -> dict[str, list[re.Pattern[str]]]:
    roles = load_json("sections.json")["roles"]
    return {k: [re.compile(p) for p in v] for k, v in roles.items()}


def roles_of(folded_heading: str) -> set[str]:
    return {role for role, pats in section_roles().items() if any(p.search(folded_heading) for p in pats)}
