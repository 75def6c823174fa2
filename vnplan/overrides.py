"""Analyst overrides that survive re-runs: agency aliases and merges, agencies to ignore, row fixes.

An analyst who corrects the output by hand loses the work at the next run; written down as
overrides, the corrections are applied on every run instead, after extraction and before the quality
checks and the store, and each changed row says so in its ``overridden`` column (the columns an
override set). The files are TOML (stdlib ``tomllib``)::

    [[agency]]                      # merge mentions into one agency
    match = ["Số Ngivu", "Sở Nội Vụ"]   # mentions as written, agency names or agency_ids
    name = "Sở Nội vụ"              # the canonical name (or agency_id = "xa-thanh-phu:so-noi-vu")

    [[agency]]                      # drop an agency from task_agencies and from the registry
    match = ["Các cơ quan, đơn vị liên quan"]
    ignore = true

    [[fix]]                         # set columns of one row
    table = "tasks"
    doc = "sample_004_scan.pdf"     # file name or doc_id
    row = 12                        # the document's 12th task ('…:k12'); or id = "<task_id>"
    where = { task_no = "3" }       # optional guard: apply only while the row still reads so
    set = { deadline_text = "Quý II/2026" }

Files are validated when loaded (:class:`OverridesError`, exit code 2, naming the file and the key).
A fix that no longer matches a row of its document (the pipeline improved and renumbered rows, or the
guard fails) is reported as a warning of the run, never applied to another row. The digest of the
overrides that concern a document is stored in ``documents.overrides_digest``; a run whose overrides
differ redoes the document, so changing the file is enough to get corrected rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from extract.rows import agency_id as make_agency_id
from normalize.text import clean_space, nfc

from .exitcodes import ExitCode, VnplanError
from .schemas import SCHEMAS

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser as a package
    import tomli as tomllib

if TYPE_CHECKING:
    from extract import Extraction
    from ingest.records import Document

log = logging.getLogger(__name__)

# Tables a [[fix]] may address, with the column that keys their rows and the letter of '<doc_id>:<x><n>'.
FIXABLE: dict[str, tuple[str, str | None]] = {
    "documents": ("doc_id", None),
    "sections": ("section_id", None),
    "targets": ("target_id", "t"),
    "tasks": ("task_id", "k"),
}
# Columns no fix may set: keys (they join tables) and the bookkeeping of this module.
PROTECTED = {"doc_id", "section_id", "target_id", "task_id", "parent_id", "overridden", "overrides_digest",
             "source_path", "file_name", "status", "error", "n_pages", "ingested_at", "pipeline_version"}
# Derived from deadline_text when a fix sets that and not these.
DEADLINE_DERIVED = ("deadline_date", "recurrence", "deadline_quarter")
AGENCY_KEYS = {"match", "name", "agency_id", "ignore", "kind", "jurisdiction"}
FIX_KEYS = {"table", "id", "doc", "row", "where", "set"}


class OverridesError(VnplanError):
    """A malformed overrides file: the message names the file and the bad key."""

    exit_code = ExitCode.bad_args


def _key(text: str) -> str:
    """Mentions, names and ids compare in NFC, case and spacing aside."""
    return clean_space(nfc(text)).casefold()


@dataclass(frozen=True)
class AgencyRule:
    match: tuple[str, ...]  # _key()ed mentions, names or agency_ids
    name: str | None = None
    agency_id: str | None = None
    kind: str | None = None
    jurisdiction: str | None = None
    ignore: bool = False
    where: str = ""  # 'file: agency[1]' for messages


@dataclass(frozen=True)
class Fix:
    table: str
    values: tuple[tuple[str, Any], ...]
    id: str | None = None
    doc: str | None = None
    row: int | None = None
    guard: tuple[tuple[str, Any], ...] = ()
    where: str = ""

    def concerns(self, doc_id: str, file_name: str | None) -> bool:
        if self.id is not None:
            return self.id == doc_id or self.id.startswith(doc_id + ":")
        return self.doc in (doc_id, file_name)


@dataclass(frozen=True)
class Overrides:
    agencies: tuple[AgencyRule, ...] = ()
    fixes: tuple[Fix, ...] = ()
    files: tuple[str, ...] = field(default=(), compare=False)

    def __bool__(self) -> bool:
        return bool(self.agencies or self.fixes)

    def digest(self, doc_id: str, file_name: str | None) -> str | None:
        """What of the overrides concerns this document, hashed; None when nothing does."""
        fixes = [f for f in self.fixes if f.concerns(doc_id, file_name)]
        if not self.agencies and not fixes:
            return None
        data = [[_plain(a) for a in self.agencies], [_plain(f) for f in fixes]]
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _plain(obj: AgencyRule | Fix) -> dict[str, Any]:
    return {k: v for k, v in obj.__dict__.items() if k != "where"}  # the file's place is not content


# ---------------------------------------------------------------------------------------------------
# finding and loading


def find_files(out_dir: str | Path, explicit: Sequence[str | Path] = ()) -> list[Path]:
    """The overrides files of a run: those given (files, or folders of *.toml), else ``vnplan.toml``
    and ``overrides/*.toml`` in the working directory and beside the store folder."""
    if explicit:
        found: list[Path] = []
        for p in map(Path, explicit):
            if p.is_dir():
                found += sorted(p.glob("*.toml"))
            elif p.is_file():
                found.append(p)
            else:
                raise OverridesError(f"--overrides {p}: no such file or folder")
        return found
    out: list[Path] = []
    seen: set[Path] = set()
    for base in (Path.cwd(), Path(out_dir).absolute().parent):
        for p in [base / "vnplan.toml", *sorted((base / "overrides").glob("*.toml"))]:
            if p.is_file() and p.resolve() not in seen:
                seen.add(p.resolve())
                out.append(p)
    return out


def load(paths: Iterable[str | Path]) -> Overrides:
    """Read and validate overrides files; raise :class:`OverridesError` naming the file and the key."""
    agencies: list[AgencyRule] = []
    fixes: list[Fix] = []
    files: list[str] = []
    for path in map(Path, paths):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeError) as e:
            raise OverridesError(f"{path}: cannot read: {e}") from e
        except tomllib.TOMLDecodeError as e:
            raise OverridesError(f"{path}: not valid TOML: {e}") from e
        unknown = sorted(set(data) - {"agency", "fix"})
        if unknown:
            raise OverridesError(f"{path}: unknown key(s) {unknown}: an overrides file has [[agency]] and [[fix]] entries")
        for i, entry in enumerate(_entries(path, data, "agency"), 1):
            agencies.append(_agency_rule(entry, f"{path}: agency[{i}]"))
        for i, entry in enumerate(_entries(path, data, "fix"), 1):
            fixes.append(_fix(entry, f"{path}: fix[{i}]"))
        files.append(str(path))
    if files:
        log.info("overrides: %d agency rule(s), %d fix(es) from %s", len(agencies), len(fixes), ", ".join(files))
    return Overrides(tuple(agencies), tuple(fixes), tuple(files))


def _entries(path: Path, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    entries = data.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise OverridesError(f"{path}: {key}: must be an array of tables ([[{key}]])")
    return entries


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise OverridesError(f"{where}: must be a non-empty string, not {value!r}")
    return nfc(value.strip())


def _agency_rule(e: dict[str, Any], where: str) -> AgencyRule:
    unknown = sorted(set(e) - AGENCY_KEYS)
    if unknown:
        raise OverridesError(f"{where}: unknown key(s) {unknown} (known: {sorted(AGENCY_KEYS)})")
    match = e.get("match")
    if isinstance(match, str):
        match = [match]
    if not isinstance(match, list) or not match:
        raise OverridesError(f"{where}.match: give the mentions, names or agency_ids to match (a list of strings)")
    keys = tuple(_key(_str(m, f"{where}.match")) for m in match)
    ignore = e.get("ignore", False)
    if not isinstance(ignore, bool):
        raise OverridesError(f"{where}.ignore: must be true or false")
    name = _str(e["name"], f"{where}.name") if "name" in e else None
    aid = _str(e["agency_id"], f"{where}.agency_id") if "agency_id" in e else None
    if ignore == bool(name or aid):
        raise OverridesError(f"{where}: give either ignore = true or the agency to merge into (name or agency_id)")
    kind = _str(e["kind"], f"{where}.kind") if "kind" in e else None
    jur = _str(e["jurisdiction"], f"{where}.jurisdiction") if "jurisdiction" in e else None
    return AgencyRule(keys, name, aid, kind, jur, ignore, where)


def _value(table: str, column: str, value: Any, where: str) -> Any:
    """The TOML value as the column's Arrow type takes it (ISO strings are accepted for dates)."""
    schema = SCHEMAS[table]
    if column not in schema.names:
        raise OverridesError(f"{where}: no column {column!r} in table {table!r}")
    typ = schema.field(column).type
    if pa.types.is_date(typ) and isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError as e:
            raise OverridesError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from e
    if isinstance(value, str):
        value = nfc(value)
    if isinstance(value, (bool, dict)):
        raise OverridesError(f"{where}: {value!r} does not fit column {table}.{column} ({typ})")
    try:
        pa.array([value], type=typ)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError) as e:
        raise OverridesError(f"{where}: {value!r} does not fit column {table}.{column} ({typ})") from e
    return value


def _fix(e: dict[str, Any], where: str) -> Fix:
    unknown = sorted(set(e) - FIX_KEYS)
    if unknown:
        raise OverridesError(f"{where}: unknown key(s) {unknown} (known: {sorted(FIX_KEYS)})")
    table = e.get("table")
    if table not in FIXABLE:
        raise OverridesError(f"{where}.table: {table!r} cannot be fixed (one of {sorted(FIXABLE)})")
    key_col, letter = FIXABLE[table]
    values = e.get("set")
    if not isinstance(values, dict) or not values:
        raise OverridesError(f"{where}.set: give the columns to set, e.g. set = {{ deadline_text = \"Quý II/2026\" }}")
    for col in values:
        if col in PROTECTED:
            raise OverridesError(f"{where}.set.{col}: a key or bookkeeping column cannot be set")
    set_values = tuple((c, _value(table, c, v, f"{where}.set.{c}")) for c, v in values.items())
    guard = e.get("where", {})
    if not isinstance(guard, dict):
        raise OverridesError(f"{where}.where: must be a table of column = value")
    guard_values = tuple((c, _value(table, c, v, f"{where}.where.{c}")) for c, v in guard.items())
    fid = _str(e["id"], f"{where}.id") if "id" in e else None
    doc = _str(e["doc"], f"{where}.doc") if "doc" in e else None
    row = e.get("row")
    if row is not None and (not isinstance(row, int) or isinstance(row, bool) or row < 1 or letter is None):
        why = "a positive integer" if letter else f"not available for {table} (use id or where)"
        raise OverridesError(f"{where}.row: {why}")
    if (fid is None) == (doc is None):
        raise OverridesError(f"{where}: give either id (the row's {key_col}) or doc (file name or doc_id)")
    if fid is not None and row is not None:
        raise OverridesError(f"{where}.row: not with id (the id names the row)")
    if doc is not None and table != "documents" and row is None and not guard_values:
        raise OverridesError(f"{where}: with doc, say which row: row = n or where = {{ column = value }}")
    return Fix(table, set_values, fid, doc, row, guard_values, where)


# ---------------------------------------------------------------------------------------------------
# applying


def apply(ov: Overrides, doc: Document, ex: Extraction) -> list[str]:
    """Apply the overrides to one document's extraction in place; returns warnings (stale fixes)."""
    warnings: list[str] = []
    if ov.agencies:
        _apply_agencies(ov.agencies, ex)
    for fix in ov.fixes:
        if fix.concerns(doc.doc_id, doc.file_name):
            problem = _apply_fix(fix, doc.doc_id, ex)
            if problem:
                warnings.append(f"{fix.where}: {problem} in {doc.file_name or doc.doc_id} (stale fix? not applied)")
    return warnings


def _mark(row: dict[str, Any], columns: Iterable[str]) -> None:
    row["overridden"] = sorted(set(row.get("overridden") or ()) | set(columns))


def _rule_for(rules: Sequence[AgencyRule], keys: Iterable[str | None]) -> AgencyRule | None:
    ks = {_key(k) for k in keys if k}
    return next((r for r in rules if ks.intersection(r.match)), None)


def _apply_agencies(rules: Sequence[AgencyRule], ex: Extraction) -> None:
    registry = {a["agency_id"]: a for a in ex.agencies}

    def keys_of(agency: dict[str, Any] | None, *extra: str | None) -> list[str | None]:
        return [*extra, *((agency["agency_id"], agency["name"], *(agency["aliases"] or ())) if agency else ())]

    def target(rule: AgencyRule, was: dict[str, Any] | None, mention: str | None) -> str:
        jur = rule.jurisdiction or (was or {}).get("jurisdiction")
        aid = rule.agency_id or make_agency_id(jur, rule.name or "")
        cur = registry.get(aid)
        if cur is None:  # the merge target is new to this document's registry
            cur = registry[aid] = {"agency_id": aid, "name": rule.name, "kind": rule.kind or (was or {}).get("kind"),
                                   "jurisdiction": jur, "aliases": []}
        elif rule.name:
            cur["name"] = rule.name
        new = [m for m in (mention, *((was or {}).get("aliases") or ())) if m and m not in (cur["aliases"] or [])]
        cur["aliases"] = sorted([*(cur["aliases"] or []), *new])
        return aid

    links: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str | None]] = set()
    for link in ex.task_agencies:
        was = registry.get(link["agency_id"])
        rule = _rule_for(rules, keys_of(was, link["mention"]))
        if rule is not None and rule.ignore:
            continue
        if rule is not None:
            aid = target(rule, was, link["mention"])
            if aid != link["agency_id"]:
                link["agency_id"] = aid
                _mark(link, ["agency_id"])
        key = (link["task_id"], link["agency_id"], link["role"])
        if key in seen:  # two mentions merged into one agency: one link
            continue
        seen.add(key)
        links.append(link)
    ex.task_agencies = links
    # The registry: merged-away and ignored agencies leave it (their aliases went to the target).
    for aid, agency in list(registry.items()):
        rule = _rule_for(rules, keys_of(agency))
        if rule is None:
            continue
        if rule.ignore:
            del registry[aid]
        elif (rule.agency_id or make_agency_id(rule.jurisdiction or agency["jurisdiction"], rule.name or "")) != aid:
            target(rule, agency, None)
            del registry[aid]
    ex.agencies = list(registry.values())


def _matches(row: dict[str, Any], guard: Sequence[tuple[str, Any]]) -> bool:
    return all((nfc(row[c]) if isinstance(row[c], str) else row[c]) == v for c, v in guard)


def _apply_fix(fix: Fix, doc_id: str, ex: Extraction) -> str | None:
    """Apply one fix; return why it could not be applied (None: applied)."""
    key_col, letter = FIXABLE[fix.table]
    rows: list[dict[str, Any]]
    if fix.table == "documents":
        rows = [ex.meta]
        if fix.id is not None and fix.id != doc_id:
            return f"no document {fix.id!r}"
    else:
        rows = getattr(ex, fix.table)
        if fix.id is not None:
            rows = [r for r in rows if r[key_col] == fix.id]
        elif fix.row is not None:
            rows = [r for r in rows if r[key_col] == f"{doc_id}:{letter}{fix.row}"]
    if not rows:
        return f"no {fix.table} row {fix.id or fix.row}"
    hit = [r for r in rows if _matches(r, fix.guard)]
    if not hit:
        if fix.id is None and fix.row is None:
            return f"no {fix.table} row reads {dict(fix.guard)}"
        now = {c: rows[0].get(c) for c, _ in fix.guard}
        return f"{fix.table} row {fix.id or fix.row} no longer reads {dict(fix.guard)} (now {now})"
    values = dict(fix.values)
    if fix.table == "tasks" and "deadline_text" in values and not set(DEADLINE_DERIVED) & set(values):
        from extract.deadlines import parse_deadline

        dl = parse_deadline(values["deadline_text"])
        values.update(deadline_date=dl.date, recurrence=dl.recurrence, deadline_quarter=dl.quarter)
    for r in hit:
        changed = [c for c, v in values.items() if r.get(c) != v]
        r.update(values)
        _mark(r, changed or values)
    if fix.table == "documents":
        # header_fields says where each header value was read: keep its value the document's
        for hf in getattr(ex, "header_fields", []):
            if hf["field"] in values:
                hf["value"] = _as_text(values[hf["field"]])
    return None


def _as_text(value: Any) -> str:
    """A header value as header_fields.value holds it (lists joined with '; ', dates ISO)."""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value.isoformat() if isinstance(value, dt.date) else str(value)
