"""Loading of the rule files in ``extract/patterns/`` (rules are data, not code).

Each file is checked against its JSON Schema (``extract/pattern_schemas.py``) when it is first loaded:
a regex that does not compile, a missing or unknown key, or a wrong type raises :class:`PatternError`
naming the file and the place in it. A file found valid is remembered by a digest of its text and of its
schema (``__pycache__/patterns-valid.json`` beside this module, when that can be written), so the next process
that loads the same file under the same schema does not check it again: compiling the validators and checking
every file cost each run's fork server ~0.1 CPU-s (issue 16); an edited file or schema is checked again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema

from extract.pattern_schemas import JSONL_SCHEMAS, SCHEMAS
from normalize.text import nfc

PATTERN_DIR = Path(__file__).with_name("patterns")
VALID_STAMP = Path(__file__).with_name("__pycache__") / "patterns-valid.json"


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


def _digest(name: str, text: str) -> str:
    """What a file was found valid as: its text under its schema."""
    schema = SCHEMAS.get(name) or JSONL_SCHEMAS.get(name)
    h = hashlib.sha256(json.dumps(schema, sort_keys=True, default=str).encode())
    h.update(b"\0" + text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


@cache
def _found_valid() -> dict[str, str]:
    """File name -> digest of the text found valid, as remembered by earlier processes."""
    try:
        known = json.loads(VALID_STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def _needs_check(name: str, text: str) -> str | None:
    """The digest to remember once ``text`` is found valid, or None when it was found valid before."""
    digest = _digest(name, text)
    return None if _found_valid().get(name) == digest else digest


def _remember_valid(name: str, digest: str) -> None:
    known = _found_valid()
    known[name] = digest
    try:  # beside the stamp, then renamed: a process reading it never sees half a file
        VALID_STAMP.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=VALID_STAMP.parent, prefix=".patterns-valid.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(known, fh, sort_keys=True)
            os.chmod(tmp, 0o644)
            os.replace(tmp, VALID_STAMP)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass  # nowhere to write: the next process checks the file again


@cache
def load_json(name: str) -> dict[str, Any]:
    """A rule file, NFC, validated against its schema (every regex compiles, keys and types right)."""
    with (PATTERN_DIR / name).open(encoding="utf-8") as fh:
        text = fh.read()
    data = json.loads(nfc(text))
    if (digest := _needs_check(name, text)) is not None:
        _validate(name, data)
        _remember_valid(name, digest)
    return data


@cache
def load_jsonl(name: str) -> list[dict[str, Any]]:
    """A rule file of one JSON object a line ('//' comments), each validated against its schema."""
    rows = []
    with (PATTERN_DIR / name).open(encoding="utf-8") as fh:
        text = fh.read()
    digest = _needs_check(name, text)
    # the lines the file object gives (its newlines are '\n' once read as text)
    for n, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if line and not line.startswith("//"):
            row = json.loads(nfc(line))
            if digest is not None:
                _validate(name, row, f" line {n}")
            rows.append(row)
    if digest is not None:
        _remember_valid(name, digest)
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
