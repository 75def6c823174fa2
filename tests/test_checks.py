"""Quality checks: each rule on rows made by hand, and the checks table from a real run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extract import Extraction
from ingest.records import Document, Page, Word
from vnplan.checks import RULES, document_checks
from vnplan.pipeline import Options, run
from vnplan.store import Store

DOC = "d0"


def _doc(words: list[Word] | None = None) -> Document:
    return Document(DOC, "x.pdf", "x.pdf", pages=[Page(1, "ocr", "", words=words or [])])


def _ex(**kw) -> Extraction:
    meta = {"period_start": 2026, "period_end": 2030, "issue_date": dt.date(2026, 1, 29)}
    return Extraction(meta=meta, **kw)


def _task(n: int, text: str = "Xây dựng kế hoạch CCHC", **kw) -> dict:
    return {"task_id": f"{DOC}:k{n}", "doc_id": DOC, "text": text, "page_no": 1, **kw}


def _rules(rows: list[dict]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(r["rule"], []).append(r["row_id"])
    return out


def test_targets_out_of_range_outside_period_and_low_confidence_digits():
    targets = [
        {"target_id": f"{DOC}:t1", "value": 805.0, "unit": "%", "target_year": 2030, "page_no": 1},
        {"target_id": f"{DOC}:t2", "value": 95.0, "unit": "%", "target_year": 2035, "page_no": 1},
        {"target_id": f"{DOC}:t3", "value": 97.0, "unit": "%", "target_year": 2030, "page_no": 1},
        {"target_id": f"{DOC}:t4", "value": 100.0, "unit": "%", "target_year": 2030, "page_no": 1},
    ]
    words = [Word(1, 1, 1, 1, "97%", 0, 0, 10, 10, 41.0), Word(1, 1, 1, 2, "100%", 0, 0, 10, 10, 96.0)]
    got = _rules(document_checks(_doc(words), _ex(targets=targets)))
    assert got == {
        "percent_out_of_range": [f"{DOC}:t1"],
        "target_year_outside_period": [f"{DOC}:t2"],
        "low_confidence_digits": [f"{DOC}:t3"],
    }


def test_tasks_header_rows_merged_deadlines_dates_and_leads():
    tasks = [
        _task(1, "Nhiệm vụ cụ thể Sản phẩm"),
        _task(2, deadline_text="Năm 2030 Trong năm 2026"),
        _task(3, deadline_text="2026 - 2030"),
        _task(4, deadline_date=dt.date(2025, 12, 31), deadline_text="Năm 2025"),
        _task(5, deadline_date=dt.date(2030, 12, 31), deadline_text="Năm 2030"),
    ]
    links = [{"task_id": f"{DOC}:k{n}", "agency_id": "a", "role": "lead", "mention": "Phòng Văn hóa"} for n in (2, 3, 4)]
    agencies = [{"agency_id": "a", "name": "Phòng Văn hóa - Xã hội", "kind": "phòng"}]
    got = _rules(document_checks(_doc(), _ex(tasks=tasks, task_agencies=links, agencies=agencies)))
    assert got["header_as_row"] == [f"{DOC}:k1"]  # and no other rule for a header
    assert got["deadlines_merged"] == [f"{DOC}:k2"]  # a range ('2026 - 2030') is one deadline
    assert got["deadline_before_issue"] == [f"{DOC}:k4"]
    assert got["deadline_outside_period"] == [f"{DOC}:k4"]
    assert got["task_without_lead"] == [f"{DOC}:k5"]


def test_deadline_read_from_low_confidence_words_is_flagged():
    """'Quý I' where the page says 'Quý II': Tesseract gave the 'I' 39. Only the words inside the row's box
    count, so a badly read word elsewhere on the page flags nothing."""
    box = {"bbox_x0": 0, "bbox_y0": 0, "bbox_x1": 400, "bbox_y1": 60}
    words = [Word(1, 1, 1, 1, "Quý", 300, 20, 50, 20, 92.0), Word(1, 1, 1, 2, "I", 360, 20, 10, 20, 39.0),
             Word(1, 1, 2, 1, "Quý", 300, 220, 50, 20, 93.0), Word(1, 1, 2, 2, "Ihàng", 360, 220, 60, 20, 86.0),
             Word(1, 1, 3, 1, "I", 360, 520, 10, 20, 20.0)]
    tasks = [
        _task(1, deadline_text="Quý I hàng năm", **box),
        _task(2, deadline_text="Quý Ihàng năm", bbox_x0=0, bbox_y0=200, bbox_x1=500, bbox_y1=260),
        _task(3, deadline_text="Quý I hàng năm"),  # no box: nothing to look at
    ]
    links = [{"task_id": f"{DOC}:k{n}", "agency_id": "a", "role": "lead", "mention": "x"} for n in (1, 2, 3)]
    got = _rules(document_checks(_doc(words), _ex(tasks=tasks, task_agencies=links, agencies=[])))
    assert got.get("low_confidence_deadline") == [f"{DOC}:k1"]


def test_agencies_placeholders_headers_and_garble():
    agencies = [
        {"agency_id": "p", "name": "Các cơ quan, đơn vị liên quan", "kind": "generic"},
        {"agency_id": "g1", "name": "Số Ngivu", "kind": "khác"},
        {"agency_id": "g2", "name": "Cơ quan chuyên môn w%o cao", "kind": "khác"},
        {"agency_id": "ok", "name": "Sở Nội vụ", "kind": "sở"},
        {"agency_id": "ab", "name": "UBND xã Thạnh Phú", "kind": "ubnd"},
    ]
    links = [
        {"task_id": f"{DOC}:k1", "agency_id": "p", "role": "support", "mention": "Các cơ quan liên quan"},
        {"task_id": f"{DOC}:k1", "agency_id": "ok", "role": "lead", "mention": "Sở Nội vụ"},
        {"task_id": f"{DOC}:k1", "agency_id": "ok", "role": "support", "mention": "Cơ quanphối hợp"},
    ]
    got = _rules(document_checks(_doc(), _ex(tasks=[_task(1)], agencies=agencies, task_agencies=links)))
    assert got["placeholder_agency"] == [f"{DOC}:k1|p|support"]
    assert got["header_as_agency"] == [f"{DOC}:k1|ok|support"]
    assert sorted(got["garbled_agency"]) == ["g1", "g2"]


def test_every_rule_is_documented():
    assert len({r.name for r in RULES}) == len(RULES)
    assert all(r.severity in ("error", "warning") and r.description for r in RULES)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert all(f"`{r.name}`" in readme for r in RULES)


@pytest.fixture(scope="module")
def checked_run(tmp_path_factory, seed_paths):
    """Plan 004 with a target misread as 805% and two deadlines glued into one appendix cell."""
    text = seed_paths["004"].read_text(encoding="utf-8")
    text = text.replace("đạt tối thiểu 80%.", "đạt tối thiểu 805%.", 1)
    lines = text.split("\n")
    row = next(i for i, ln in enumerate(lines) if ln.startswith("\t2. Thực hiện kiểm tra CCHC"))
    lines[row] = lines[row].rsplit("\t", 1)[0] + "\tNăm 2030 Trong năm 2026"
    raw = tmp_path_factory.mktemp("raw")
    (raw / "plan.txt").write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    run([raw], out, Options(progress=False, workers=1))
    return Store(out)


def test_checks_table_flags_the_wrong_values(checked_run):
    checks = checked_run.read("checks").to_pandas()
    targets = checked_run.read("targets").to_pandas().set_index("target_id")
    tasks = checked_run.read("tasks").to_pandas().set_index("task_id")
    bad = checks[checks.rule == "percent_out_of_range"]
    assert len(bad) == 1 and targets.loc[bad.row_id.iloc[0], "value"] == 805
    merged = checks[checks.rule == "deadlines_merged"]
    assert len(merged) == 1 and tasks.loc[merged.row_id.iloc[0], "deadline_text"] == "Năm 2030 Trong năm 2026"
    assert set(checks.severity) <= {"error", "warning"}
    assert checks.check_id.is_unique and (checks.doc_id == tasks.doc_id.iloc[0]).all()
    # The clean plan's own figures pass: no other percentage is out of range.
    assert (targets[targets.unit == "%"].value <= 100).sum() == (targets.unit == "%").sum() - 1


def test_checks_read_in_document_order(checked_run):
    """ordinal sorts the checks as their flagged rows sit in the document (page, then character offset)."""
    checks = checked_run.read("checks").to_pandas()
    assert sorted(checks.ordinal) == list(range(1, len(checks) + 1))
    pos = {}
    for table, key in (("targets", "target_id"), ("tasks", "task_id")):
        for r in checked_run.read(table).to_pylist():
            pos[(table, r[key])] = (r["page_no"], r["char_start"])
    for r in checked_run.read("task_agencies").to_pylist():
        pos[("task_agencies", f"{r['task_id']}|{r['agency_id']}|{r['role']}")] = (r["page_no"], r["char_start"])
    located = checks[checks.table_name != "agencies"].sort_values("ordinal")
    keys = [pos[(t, i)] for t, i in zip(located.table_name, located.row_id, strict=True)]
    assert len(keys) >= 3 and keys == sorted(keys)
    # the 805% target (body) reads before the merged deadline cell (appendix)
    first = checks.set_index("rule").ordinal
    assert first["percent_out_of_range"] < first["deadlines_merged"]
