"""Loading of the rule files in ``extract/patterns/`` (rules are data, not code).

Each file is checked against its JSON Schema (``extract/pattern_schemas.py``) when it is first loaded:
a regex that does not compile, a missing or unknown key, or a wrong type raises :class:`PatternError`
naming the file and the place in it.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match

from extract.pattern_schemas import JSONL_SCHEMAS, SCHEMAS
from normalize.text import nfc

PATTERN_DIR = Path(__file__).with_name("patterns")


class PatternError(ValueError):
    """A rule file that does not fit its schema (extract/pattern_schemas.py)."""


def _validate(name: str, data: Any, schema: dict[str, Any] | None, where: str = "") -> None:
    if schema is None:
        raise PatternError(f"{PATTERN_DIR / name}: no schema in extract/pattern_schemas.py")
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    # best_match descends into anyOf alternatives to the error that says what is wrong
    errors = sorted((best_match([e]) for e in validator.iter_errors(data)), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        detail = "; ".join(f"at /{'/'.join(map(str, e.absolute_path))}: {_message(e)}" for e in errors[:5])
        raise PatternError(f"{PATTERN_DIR / name}{where}: {detail}")


def _message(e: ValidationError) -> str:
    if e.validator == "additionalProperties" and isinstance(e.instance, dict):
        known = set(e.schema.get("properties", {}))
        unknown = sorted(k for k in e.instance if k not in known and not k.startswith("_"))
        return f"unknown key(s) {unknown} (a typo? comments start with '_')"
    return e.message


@cache
def load_json(name: str) -> dict[str, Any]:
    """A rule file, NFC, validated against its schema (every regex compiles, keys and types right)."""
    with (PATTERN_DIR / name).open(encoding="utf-8") as fh:
        data = json.loads(nfc(fh.read()))
    _validate(name, data, SCHEMAS.get(name))
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
                _validate(name, row, JSONL_SCHEMAS.get(name), f" line {n}")
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
