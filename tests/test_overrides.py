"""Analyst overrides (vnplan/overrides.py): applied on every run, marked, validated, stale fixes warned."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import ROOT
from vnplan import overrides as ov
from vnplan.exitcodes import ExitCode
from vnplan.pipeline import Options, run
from vnplan.store import Store

SAMPLE = next((ROOT / "data" / "samples").glob("004_*.txt"))  # a real plan: tasks, deadlines, agencies
VNPLAN = ROOT / ".venv" / "bin" / "vnplan"


def _ingest(src: Path, out: Path, overrides: ov.Overrides | None = None):
    return run([src], out, Options(progress=False, workers=1, overrides=overrides))


def _links(store: Store) -> list[tuple]:
    return sorted((r["task_id"], r["agency_id"], r["role"]) for r in store.read("task_agencies").to_pylist())


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> tuple[Path, Store]:
    src = tmp_path_factory.mktemp("in") / "ke_hoach_004.txt"
    src.write_bytes(SAMPLE.read_bytes())
    out = tmp_path_factory.mktemp("out")
    summary = _ingest(src, out)
    assert summary.ok and not summary.failed
    return src, Store(out)


def test_overrides_fix_merge_ignore_and_survive_reruns(baseline, tmp_path):
    src, base = baseline
    tasks = base.read("tasks").to_pylist()
    registry = {a["agency_id"]: a for a in base.read("agencies").to_pylist()}
    uses = Counter(aid for _, aid, _ in _links(base))
    # What an analyst would pick: the most used placeholder to ignore, a rarely used agency merged
    # into the most used named one, and a task's deadline to correct.
    placeholder = max((a for a in uses if registry[a]["kind"] == "generic"), key=uses.__getitem__)
    named = sorted((a for a in uses if registry[a]["kind"] != "generic"), key=lambda a: (uses[a], a))
    merged, into = named[0], named[-1]
    task = next(t for t in tasks if t["deadline_text"] and t["task_no"])
    n = int(task["task_id"].rsplit(":k", 1)[1])
    assert task["deadline_quarter"] != 2

    mention = next(r["mention"] for r in base.read("task_agencies").to_pylist() if r["agency_id"] == merged)
    toml = tmp_path / "vnplan.toml"
    toml.write_text(
        f"""
[[agency]]
match = [{_toml_str(mention)}]
name = {_toml_str(registry[into]["name"])}

[[agency]]
match = [{_toml_str(registry[placeholder]["name"])}]
ignore = true

[[fix]]
table = "tasks"
doc = "{src.name}"
row = {n}
where = {{ task_no = {_toml_str(task["task_no"])} }}
set = {{ deadline_text = "Quý II/2026" }}

[[fix]]                      # the pipeline found fewer tasks: this row is gone
table = "tasks"
doc = "{src.name}"
row = 9999
set = {{ product = "Báo cáo" }}

[[fix]]                      # the row no longer says what the analyst saw
table = "tasks"
id = "{task["task_id"]}"
where = {{ task_no = "không có" }}
set = {{ product = "Báo cáo" }}

[[fix]]                      # a file name that is no input and not in the store
table = "tasks"
doc = "ke_hoach_004.pdf"
row = 1
set = {{ product = "Báo cáo" }}

[[fix]]                      # a header field
table = "documents"
doc = "{src.name}"
set = {{ doc_number = "178/KH-UBND", issue_date = 2026-02-02 }}
""",
        encoding="utf-8",
    )
    overrides = ov.load([toml])
    out = tmp_path / "out"
    summary = _ingest(src, out, overrides)
    assert summary.ok and not summary.failed
    store = Store(out)

    fixed = {t["task_id"]: t for t in store.read("tasks").to_pylist()}[task["task_id"]]
    assert fixed["deadline_text"] == "Quý II/2026"
    assert fixed["deadline_quarter"] == 2 and fixed["deadline_date"] == dt.date(2026, 6, 30)
    assert set(fixed["overridden"]) >= {"deadline_text", "deadline_quarter", "deadline_date"}
    assert fixed["product"] == task["product"]  # the stale fixes changed nothing
    untouched = [t for t in store.read("tasks").to_pylist() if t["task_id"] != task["task_id"]]
    assert all(t["overridden"] is None for t in untouched)

    # The stale fixes are warned about, each naming its place in the file.
    assert len(summary.warnings) == 3, summary.warnings
    assert any("fix[4]" in w and "no document 'ke_hoach_004.pdf'" in w for w in summary.warnings)
    assert any("fix[2]" in w and "no tasks row 9999" in w for w in summary.warnings)
    assert any("fix[3]" in w and "no longer reads" in w for w in summary.warnings)

    links = store.read("task_agencies").to_pylist()
    ids = {r["agency_id"] for r in links}
    assert placeholder not in ids and merged not in ids
    assert len(links) == len({(r["task_id"], r["agency_id"], r["role"]) for r in links}), "duplicate links"
    moved = [r for r in links if r["mention"] == mention]
    assert moved and all(r["agency_id"] == into and r["overridden"] == ["agency_id"] for r in moved)
    before = {(t, r) for t, a, r in _links(base) if a in (merged, into)}
    assert {(r["task_id"], r["role"]) for r in links if r["agency_id"] == into} == before
    reg = {a["agency_id"]: a for a in store.read("agencies").to_pylist()}
    assert placeholder not in reg and merged not in reg
    assert mention in reg[into]["aliases"]
    # The checks run on the corrected rows: no placeholder check on the ignored agency.
    flagged = {r["row_id"] for r in store.read("checks").to_pylist()}
    assert not any(placeholder in f for f in flagged)
    doc = store.read("documents").to_pylist()[0]
    assert doc["overrides_digest"]
    assert (doc["doc_number"], doc["issue_date"]) == ("178/KH-UBND", dt.date(2026, 2, 2))
    assert sorted(doc["overridden"]) == ["doc_number", "issue_date"]
    base_doc = base.read("documents").to_pylist()[0]
    assert base_doc["doc_number"] != "178/KH-UBND" and base_doc["overridden"] is None
    fields = {h["field"]: h["value"] for h in store.read("header_fields").to_pylist()}
    assert fields.get("issue_date") == "2026-02-02"  # where it was read, with the corrected value

    # Same overrides: the document is done, nothing duplicated.
    again = _ingest(src, out, ov.load([toml]))
    assert again.skipped and not again.ok
    assert _links(store) == sorted((r["task_id"], r["agency_id"], r["role"]) for r in links)

    # The analyst drops the deadline fix: the next run redoes the document by itself.
    toml.write_text(toml.read_text(encoding="utf-8").split("[[fix]]")[0], encoding="utf-8")
    redo = _ingest(src, out, ov.load([toml]))
    assert redo.ok and not redo.skipped and not redo.warnings
    back = {t["task_id"]: t for t in store.read("tasks").to_pylist()}[task["task_id"]]
    assert back["deadline_text"] == task["deadline_text"] and back["overridden"] is None
    assert store.read("documents").to_pylist()[0]["doc_number"] == base_doc["doc_number"]
    assert _links(store) == sorted((r["task_id"], r["agency_id"], r["role"]) for r in links)  # same, once
    assert len(store.read("tasks")) == len(tasks)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[fix]]\ntable = "tasks"\nid = "x:k1"\nset = { deadline_txt = "Quý II" }\n',
         r"fix\[1\]\.set\.deadline_txt: no column 'deadline_txt' in table 'tasks'"),
        ('[[fix]]\ntable = "tasks"\nid = "x:k1"\nset = { deadline_quarter = "hai" }\n',
         r"fix\[1\]\.set\.deadline_quarter: 'hai' does not fit column tasks\.deadline_quarter"),
        ('[[fix]]\ntable = "tasks"\ndoc = "a.pdf"\nset = { product = "x" }\n', r"fix\[1\]: with doc, say which row"),
        ('[[fix]]\ntable = "tasks"\nid = "x:k1"\nset = { task_id = "y" }\n', r"fix\[1\]\.set\.task_id: a key"),
        ('[[agency]]\nmatch = ["A"]\n', r"agency\[1\]: give either ignore = true or the agency"),
        ('[[agency]]\nmatch = ["A"]\nignore = true\nalias = "B"\n', r"agency\[1\]: unknown key\(s\) \['alias'\]"),
        ("[agencies]\nx = 1\n", r"unknown key\(s\) \['agencies'\]"),
        ("[[fix]\n", r"not valid TOML"),
    ],
)
def test_bad_overrides_name_the_file_and_key(tmp_path, text, message):
    bad = tmp_path / "vnplan.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ov.OverridesError, match=str(bad).replace(".", r"\.") + ": " + message):
        ov.load([bad])


def test_cli_refuses_a_bad_overrides_file_with_exit_2(tmp_path):
    src = tmp_path / "plan.txt"
    src.write_text("KẾ HOẠCH\nCải cách hành chính năm 2026\n", encoding="utf-8")
    bad = tmp_path / "fixes.toml"
    bad.write_text('[[fix]]\ntable = "tasks"\nid = "x:k1"\nset = { dedline = "Quý II" }\n', encoding="utf-8")
    out = tmp_path / "out"
    res = subprocess.run([VNPLAN, "ingest", src, "--out", out, "--overrides", bad],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert res.returncode == ExitCode.bad_args, res.stderr
    assert f"{bad}: fix[1].set.dedline: no column 'dedline' in table 'tasks'" in res.stderr
    assert "Traceback" not in res.stderr
    assert not out.exists()  # nothing was created: the run never started


def test_override_files_are_found_in_the_working_dir_and_beside_the_store(tmp_path, monkeypatch):
    work, data = tmp_path / "work", tmp_path / "data"
    (work / "overrides").mkdir(parents=True)
    data.mkdir()
    for p in (work / "vnplan.toml", work / "overrides" / "b.toml", work / "overrides" / "a.toml", data / "vnplan.toml"):
        p.write_text('[[agency]]\nmatch = ["X"]\nignore = true\n', encoding="utf-8")
    (work / "overrides" / "notes.txt").write_text("not an overrides file", encoding="utf-8")
    monkeypatch.chdir(work)
    found = ov.find_files(data / "processed")
    assert found == [work / "vnplan.toml", work / "overrides" / "a.toml", work / "overrides" / "b.toml",
                     data / "vnplan.toml"]
    assert ov.find_files(data / "processed", [data / "vnplan.toml"]) == [data / "vnplan.toml"]  # given: only those
    assert len(ov.load(found).agencies) == 4


def test_api_ingest_loads_the_overrides_it_is_given(tmp_path):
    import vnplan

    bad = tmp_path / "vnplan.toml"
    bad.write_text('[[agency]]\nmatch = ["A"]\nname = "B"\nignore = true\n', encoding="utf-8")
    with pytest.raises(ov.OverridesError, match="agency\\[1\\]: give either ignore = true or the agency"):
        vnplan.ingest([SAMPLE], tmp_path / "out", overrides=bad)
    assert not (tmp_path / "out").exists()  # refused before the run
