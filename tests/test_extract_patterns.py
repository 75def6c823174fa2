"""The rule files in extract/patterns/ are validated when loaded: every regex compiles, keys and types right."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from extract import patterns
from extract.nlp import matcher_from
from extract.pattern_schemas import JSONL_SCHEMAS, SCHEMAS
from extract.patterns import PatternError, load_json, load_jsonl, pattern_files


def _regexes(node: object, schema: dict) -> int:
    """Compile every string the schema declares a regex; how many there were."""
    n = 0
    if schema.get("format") == "regex":
        re.compile(node)  # type: ignore[arg-type]
        return 1
    if isinstance(node, dict):
        for k, v in node.items():
            sub = schema.get("properties", {}).get(k)
            if sub is None:
                sub = next((s for p, s in schema.get("patternProperties", {}).items() if re.search(p, k)), None)
            if sub is None and isinstance(schema.get("additionalProperties"), dict):
                sub = schema["additionalProperties"]
            n += _regexes(v, sub) if sub is not None and isinstance(v, (dict, list, str)) else 0
    elif isinstance(node, list):
        items = schema.get("items", {})
        for i, v in enumerate(node):
            sub = items[i] if isinstance(items, list) else items
            n += _regexes(v, sub) if isinstance(sub, dict) else 0
    return n


def test_every_pattern_file_has_a_schema_loads_and_compiles():
    names = pattern_files()
    assert set(names) == set(SCHEMAS) | set(JSONL_SCHEMAS), "a rule file without a schema, or a schema without its file"
    compiled = 0
    for name in names:
        if name.endswith(".jsonl"):
            rows = load_jsonl(name)
            assert rows
            compiled += sum(_regexes(r, JSONL_SCHEMAS[name]) for r in rows)
        else:
            compiled += _regexes(load_json(name), SCHEMAS[name])
    assert compiled >= 100  # the rules really are regexes the schemas name (120 today)
    assert len(matcher_from("targets.jsonl")) > 0  # spaCy accepts every token pattern


@pytest.fixture
def pattern_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A copy of extract/patterns/ that a test may break; the loaders read it, uncached."""
    d = tmp_path / "patterns"
    shutil.copytree(patterns.PATTERN_DIR, d)
    monkeypatch.setattr(patterns, "PATTERN_DIR", d)
    load_json.cache_clear()
    load_jsonl.cache_clear()
    yield d
    load_json.cache_clear()
    load_jsonl.cache_clear()


def _edit(d: Path, name: str, change) -> None:
    path = d / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        ("sections.json", lambda d: d.update(number_heading="^(\\d{1,2}\\.\\s+"), r"sections\.json: at number_heading: must be a valid regex"),
        ("deadlines.json", lambda d: d["rules"][0].pop("recurrence"), r"deadlines\.json: at rules\[0\]: must contain \['recurrence'\] properties"),
        ("header.json", lambda d: d["letterhead"].update(subjetc="^v/v"), r"header\.json: at letterhead: must not contain \{'subjetc'\} properties \(unknown keys"),
        ("agencies.json", lambda d: d["agencies"][0].update(scope="city"), r"agencies\.json: at agencies\[0\]\.scope: must be one of \['local', 'parent', 'national'\]"),
        ("domains.json", lambda d: d["domains"].update({"thể chế": "th\\w chế"}), r"domains\.json: at domains\.thể chế: must be array"),
    ],
    ids=["bad-regex", "missing-key", "unknown-key", "wrong-enum", "wrong-type"],
)
def test_a_broken_rule_file_fails_when_loaded(pattern_copy, name, change, message):
    _edit(pattern_copy, name, change)
    with pytest.raises(PatternError, match=message):
        load_json(name)


def test_a_broken_line_of_a_jsonl_rule_file_names_its_line(pattern_copy):
    path = pattern_copy / "targets.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = json.dumps({"label": "VALUE_PCT", "pattern": [{"TEXT": {"REGEX": "^\\d+([.,]\\d+$"}}]})
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(PatternError, match=r"targets\.jsonl line 3: at pattern\[0\]\.TEXT\.REGEX: must be a valid regex"):
        load_jsonl("targets.jsonl")
