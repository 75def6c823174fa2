"""Quality checks on a document's extracted rows, kept as data (the ``checks`` table).

Each rule looks at one kind of row and flags values an analyst should not trust without a look:
out-of-range percentages, years outside the plan's period, deadlines before the issue date, tasks
without a lead, placeholder or garbled agencies, table headers read as rows, two deadlines glued into
one cell, and figures whose digits OCR read with low confidence. A failed check names its rule, the
row (table and key) and the page; it never changes the row. Rules are listed in :data:`RULES`, so the
report and the data dictionary can say what each means.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from extract.confidence import box_words, key_text, key_words
from extract.rows import check_id
from ingest.records import Document
from normalize.text import fold, is_vietnamese_syllable

if TYPE_CHECKING:
    from extract import Extraction

# OCR word confidence (0-100) below which a figure's digits are not trusted.
LOW_DIGIT_CONFIDENCE = 70.0
# Words of the appendix tables' header rows (folded): a task whose text is mostly these is a header.
HEADER_WORDS = (
    "stt", "nhiem vu", "noi dung", "nhiem vu cu the", "san pham", "san pham dau ra", "co quan chu tri",
    "co quan phoi hop", "don vi chu tri", "don vi phoi hop", "thoi gian hoan thanh", "thoi gian thuc hien",
    "ghi chu", "chu tri", "phoi hop", "thoi gian", "co quan", "don vi",
)  # fmt: skip
_HEADER_COMPACT = sorted({h.replace(" ", "") for h in HEADER_WORDS}, key=len, reverse=True)
PLACEHOLDER_KINDS = ("generic", "unresolved")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_RANGE_BETWEEN = re.compile(r"^\s*(-|–|—|đến|den|tới|toi|/)\s*$", re.IGNORECASE)
_AGENCY_JUNK = re.compile(r"[^\w\s,.;:()/&'\-–]|\d")


@dataclass(frozen=True)
class Rule:
    name: str
    table: str  # the table whose rows it checks
    severity: str  # 'error': the value is wrong as stored; 'warning': likely wrong, look at the page
    description: str


RULES = [
    Rule("percent_out_of_range", "targets", "error", "A percentage target outside 0-100."),
    Rule("target_year_outside_period", "targets", "warning", "Target year outside the plan's period."),
    Rule("low_confidence_digits", "targets", "warning", "The value's digits were OCR'd with low confidence."),
    Rule("deadline_before_issue", "tasks", "warning", "Deadline before the document's issue date."),
    Rule("deadline_outside_period", "tasks", "warning", "Deadline year outside the plan's period."),
    Rule("low_confidence_deadline", "tasks", "warning", "The deadline's words were OCR'd with low confidence."),
    Rule("deadlines_merged", "tasks", "warning", "Two deadlines in one cell: two rows may have been merged."),
    Rule("header_as_row", "tasks", "error", "The task reads like a table header, not a task."),
    Rule("task_without_lead", "tasks", "warning", "No lead agency (chủ trì) was found for the task."),
    Rule("placeholder_agency", "task_agencies", "warning", "The agency is a placeholder, not a named body."),
    Rule("garbled_agency", "agencies", "warning", "The agency name has characters or words that are no Vietnamese."),
    Rule("header_as_agency", "task_agencies", "error", "A table header was read as an agency."),
]
_BY_NAME = {r.name: r for r in RULES}


def _row(rule: str, doc_id: str, row_id: str, page_no: Any, value: Any, message: str) -> dict[str, Any]:
    r = _BY_NAME[rule]
    return {
        "doc_id": doc_id,
        "table_name": r.table,
        "row_id": row_id,
        "rule": rule,
        "severity": r.severity,
        "page_no": page_no,
        "observed": None if value is None else str(value),
        "message": message,
        "ordinal": None,  # document order, set by document_checks
    }


def _years(meta: dict[str, Any]) -> tuple[int, int] | None:
    start, end = meta.get("period_start"), meta.get("period_end")
    if start and end and start <= end:
        return int(start), int(end)
    return None


def _is_header_text(text: str) -> bool:
    """Mostly header words, spaces ignored (OCR glues cells: 'Cơ quanphối hợp', 'Cơquan chủmì')."""
    compact = re.sub(r"[^a-z]+", "", fold(text or ""))
    if not 4 <= len(compact) <= 80:
        return False
    rest = compact
    for h in _HEADER_COMPACT:
        rest = rest.replace(h, "")
    return len(rest) <= 0.25 * len(compact)


def _merged_deadline(text: str | None) -> bool:
    """Two different years with no range word between them: 'Năm 2030 Trong năm 2026'."""
    if not text:
        return False
    found = list(_YEAR.finditer(text))
    for a, b in zip(found, found[1:], strict=False):
        if a.group() != b.group() and not _RANGE_BETWEEN.match(text[a.end() : b.start()]):
            return True
    return False


def _key_confidence(doc: Document, table: str, row: dict[str, Any]) -> float | None:
    """Lowest OCR confidence of the words that carry the row's key field (a target's digits, a task's
    deadline): looked for inside the row's box, or for a target without one anywhere on its page.
    None when the page has no OCR words or no word carries the field."""
    page = next((p for p in doc.pages if p.page_no == row.get("page_no")), None)
    if page is None or not page.words:
        return None
    key = key_text(table, row)
    if not key:
        return None
    words = box_words(page, row)
    if not words:
        if table != "targets" or row.get("bbox_x0") is not None:
            return None
        # a number is specific enough to find on the page without a box
        alts = {key, key.replace(".", ",")}
        confs = [w.confidence for w in page.words if any(d in w.text for d in alts)]
        return min(confs) if confs else None
    confs = [w.confidence for w in key_words(words, key)]
    return min(confs) if confs else None


def _garbled(name: str) -> bool:
    if _AGENCY_JUNK.search(name):
        return True
    words = re.findall(r"[^\W\d_]+", name)
    # Abbreviations (UBND, HĐND) are capitals; everything else must be a syllable.
    return any(not w.isupper() and not is_vietnamese_syllable(w.lower()) for w in words)


def _target_checks(doc: Document, ex: Extraction) -> Iterator[dict[str, Any]]:
    period = _years(ex.meta)
    for t in ex.targets:
        tid, page, value = t["target_id"], t.get("page_no"), t.get("value")
        if value is not None and t.get("unit") == "%" and not 0 <= value <= 100:
            yield _row("percent_out_of_range", doc.doc_id, tid, page, value, f"{value:g}% is not a percentage")
        year = t.get("target_year")
        if period and year and not period[0] <= year <= period[1]:
            yield _row("target_year_outside_period", doc.doc_id, tid, page, year,
                       f"target year {year} outside the plan's period {period[0]}-{period[1]}")  # fmt: skip
        if value is not None:
            conf = _key_confidence(doc, "targets", t)
            if conf is not None and conf < LOW_DIGIT_CONFIDENCE:
                yield _row("low_confidence_digits", doc.doc_id, tid, page, value,
                           f"the digits of {value:g} were OCR'd with confidence {conf:.0f}")  # fmt: skip


def _task_checks(doc: Document, ex: Extraction) -> Iterator[dict[str, Any]]:
    period = _years(ex.meta)
    issued = ex.meta.get("issue_date")
    leads = {ta["task_id"] for ta in ex.task_agencies if ta.get("role") == "lead"}
    for t in ex.tasks:
        tid, page, deadline = t["task_id"], t.get("page_no"), t.get("deadline_date")
        if _is_header_text(t.get("text") or ""):
            yield _row("header_as_row", doc.doc_id, tid, page, t.get("text"), "the text is a table header")
            continue
        if isinstance(deadline, date) and isinstance(issued, date) and deadline < issued:
            yield _row("deadline_before_issue", doc.doc_id, tid, page, deadline,
                       f"deadline {deadline} is before the issue date {issued}")  # fmt: skip
        if isinstance(deadline, date) and period and not period[0] <= deadline.year <= period[1] + 1:
            yield _row("deadline_outside_period", doc.doc_id, tid, page, deadline,
                       f"deadline {deadline} outside the plan's period {period[0]}-{period[1]}")  # fmt: skip
        conf = _key_confidence(doc, "tasks", t)
        if conf is not None and conf < LOW_DIGIT_CONFIDENCE:
            yield _row("low_confidence_deadline", doc.doc_id, tid, page, t.get("deadline_text"),
                       f"the deadline {t.get('deadline_text')!r} was OCR'd with confidence {conf:.0f}")  # fmt: skip
        if _merged_deadline(t.get("deadline_text")):
            yield _row("deadlines_merged", doc.doc_id, tid, page, t.get("deadline_text"),
                       f"two deadlines in one cell: {t.get('deadline_text')!r}")  # fmt: skip
        if tid not in leads:
            yield _row("task_without_lead", doc.doc_id, tid, page, None, "no lead agency")


def _agency_checks(doc: Document, ex: Extraction) -> Iterator[dict[str, Any]]:
    agencies = {a["agency_id"]: a for a in ex.agencies}
    pages = {t["task_id"]: t.get("page_no") for t in ex.tasks}
    for ta in ex.task_agencies:
        a = agencies.get(ta["agency_id"], {})
        key = f"{ta['task_id']}|{ta['agency_id']}|{ta.get('role')}"
        page = pages.get(ta["task_id"])
        if _is_header_text(ta.get("mention") or ""):
            yield _row("header_as_agency", doc.doc_id, key, page, ta.get("mention"), "a header cell read as an agency")
        elif a.get("kind") in PLACEHOLDER_KINDS:
            yield _row("placeholder_agency", doc.doc_id, key, page, a.get("name"),
                       f"{a.get('name')!r} names no particular body")  # fmt: skip
    for a in ex.agencies:
        if a.get("kind") not in PLACEHOLDER_KINDS and _garbled(a.get("name") or ""):
            yield _row("garbled_agency", doc.doc_id, a["agency_id"], None, a.get("name"),
                       f"{a.get('name')!r} looks garbled by OCR")  # fmt: skip


CHECKS: list[Callable[[Document, Extraction], Iterator[dict[str, Any]]]] = [
    _target_checks,
    _task_checks,
    _agency_checks,
]


def document_checks(doc: Document, ex: Extraction | None) -> list[dict[str, Any]]:
    """Rows of the ``checks`` table for one document (none when nothing was extracted)."""
    if ex is None:
        return []
    rows = [r for check in CHECKS for r in check(doc, ex)]
    for i, r in enumerate(rows, 1):
        r["check_id"] = check_id(doc.doc_id, i)
    # ordinal: where the flagged row is in the document (page, then character offset); registry rows last
    where: dict[tuple[str, str], tuple[int, int]] = {}
    for table, key in (("targets", "target_id"), ("tasks", "task_id")):
        for x in getattr(ex, table):
            where[(table, x[key])] = (x.get("page_no") or 0, x.get("char_start") or 0)
    for ta in ex.task_agencies:
        where[("task_agencies", f"{ta['task_id']}|{ta['agency_id']}|{ta.get('role')}")] = (
            ta.get("page_no") or 0, ta.get("char_start") or 0)
    last = (1 << 30, 0)
    order = sorted(range(len(rows)), key=lambda i: (*where.get((rows[i]["table_name"], rows[i]["row_id"]), last), i))
    for n, i in enumerate(order, 1):
        rows[i]["ordinal"] = n
    return rows
