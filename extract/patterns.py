"""Loading of the rule files in ``extract/patterns/`` (rules are data, not code).

Each file is checked against its JSON Schema (``extract/pattern_schemas.py``) when it is first loaded:
a regex that does not compile, a missing or unknown key, or a wrong type raises :class:`PatternError`
naming the file and the place in it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema

from extract.pattern_schemas import JSONL_SCHEMAS, SCHEMAS
from normalize.text import nfc

PATTERN_DIR = Path(__file__).with_name("patterns")


class PatternError(ValueError):
    """A rule file that does not fit its schema (extract/pattern_schemas.py)."""


@cache
def _validator(name: str) -> Callable[[Any], Any]:
    schema = SCHEMAS.get(name) or JSONL_SCHEMAS.get(name)
    if schema is None:
        raise PatternError(f"{PATTERN_DIR / name}: no schema in extract/pattern_schemas.py")
    return fastjsonschema.compile({"$schema": "http://json-schema.org/draft-07/schema#", **schema})


def _validate(name: str, data: Any, where: str = "") -> None:
    try:
        _validator(name)(data)
    except fastjsonschema.JsonSchemaValueException as e:
        place = e.name.removeprefix("data").lstrip(".") or "(top)"
        what = e.message.removeprefix(e.name).strip()
        if e.rule == "additionalProperties":
            what += " (unknown keys: a typo? comments start with '_')"
        raise PatternError(f"{PATTERN_DIR / name}{where}: at {place}: {what}") from None


@cache
def load_json(name: str) -> dict[str, Any]:
    """A rule file, NFC, validated against its schema (every regex compiles, keys and types right)."""
    with (PATTERN_DIR / name).open(encoding="utf-8") as fh:
        data = json.loads(nfc(fh.read()))
    _validate(name, data)
    return data


@cache
def load_jsonl(name: str) -> list[dict[str, Any]]:
    """A rule file of one JSON object a line ('//' comments), each validated against its schema."""
    rows = []
    with (PATTERN_DIR / name).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if line and not line.startswith("//"):
                row = json.loads(nfc(line))
                _validate(name, row, f" line {n}")
                rows.append(row)
    return rows


def pattern_files() -> list[str]:
    """Names of every rule file in extract/patterns/."""
    return sorted(p.name for p in PATTERN_DIR.iterdir() if p.suffix in (".json", ".jsonl"))


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
