"""`vnplan export`: CSV, Excel and DuckDB hold the same tables as the Parquet store."""

from __future__ import annotations

import csv
import math
import os
import shutil
from datetime import datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from vnplan.cli import app
from vnplan.exitcodes import ExitCode
from vnplan.export import DICTIONARY_SHEET, export, export_csv, export_xlsx, load_tables
from vnplan.pipeline import Options, run
from vnplan.schemas import SCHEMAS, TABLE_DESCRIPTIONS, stored_schema
from vnplan.store import Store

duckdb = pytest.importorskip("duckdb")
openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, seed_paths) -> Path:
    """Two seed plans through the real pipeline (text input, restoration, extraction)."""
    raw = tmp_path_factory.mktemp("raw")
    for key in ("001", "002"):
        shutil.copy(seed_paths[key], raw)
    out = tmp_path_factory.mktemp("processed")
    summary = run([raw], out, Options(progress=False))
    assert len(summary.ok) == 2 and not summary.failed
    return out


@pytest.fixture(scope="module")
def parquet(data_dir) -> dict[str, pd.DataFrame]:
    store = Store(data_dir)
    return {name: store.read(name).to_pandas() for name in SCHEMAS}


def test_parquet_carries_schema_and_descriptions(data_dir):
    store = Store(data_dir)
    for name in SCHEMAS:
        schema = stored_schema(name)
        files = store.files(name)
        assert len(files) == 2, name  # one file per document
        for path in files:
            stored = pq.read_schema(path)
            assert stored.remove_metadata().equals(schema.remove_metadata()), name
            for f in schema:
                assert stored.field(f.name).metadata[b"description"] == f.metadata[b"description"], (
                    f"{name}.{f.name}"
                )


def test_csv_round_trip(data_dir, parquet, tmp_path):
    out = export(data_dir, "csv", tmp_path / "csv")
    assert sorted(p.stem for p in out.glob("*.csv")) == sorted(SCHEMAS)
    raw = (out / "tasks.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV needs a UTF-8 BOM so Excel shows Vietnamese"
    for name, df in parquet.items():
        back = pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
        assert list(back.columns) == list(SCHEMAS[name].names)
        assert len(back) == len(df), name
    tasks = pd.read_csv(out / "tasks.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert tasks.text.tolist() == parquet["tasks"].text.fillna("").tolist()
    assert any("Ủy ban" in t or "UBND" in t or "xã" in t for t in tasks.text), "Vietnamese text survives"
    # Integers stay integers (no '2030.0'), lists are joined, timestamps keep their UTC offset.
    targets = pd.read_csv(out / "targets.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    years = [y for y in targets.target_year if y]
    assert years and all(y.isdigit() for y in years)
    agencies = pd.read_csv(out / "agencies.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    want = ["; ".join(a) for a in parquet["agencies"].aliases]
    assert agencies.aliases.tolist() == want
    with open(out / "documents.csv", encoding="utf-8-sig", newline="") as f:
        row = next(csv.DictReader(f))
    assert datetime.fromisoformat(row["ingested_at"]).utcoffset() is not None


def test_xlsx_round_trip(data_dir, parquet, tmp_path):
    out = export(data_dir, "xlsx", tmp_path / "vnplan.xlsx")
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == [*SCHEMAS, DICTIONARY_SHEET]
    for name, df in parquet.items():
        back = pd.read_excel(out, sheet_name=name)
        assert list(back.columns) == list(SCHEMAS[name].names)
        assert len(back) == len(df), name
    docs = pd.read_excel(out, sheet_name="documents")
    # Excel cannot store a time zone: naive UTC, the same instant.
    want = parquet["documents"].ingested_at.dt.tz_convert("UTC").dt.tz_localize(None)
    assert docs.ingested_at.dt.tz is None
    assert (abs(docs.ingested_at - want) < pd.Timedelta(milliseconds=1)).all()
    agencies = pd.read_excel(out, sheet_name="agencies", keep_default_na=False)
    assert agencies.aliases.tolist() == ["; ".join(a) for a in parquet["agencies"].aliases]
    targets = pd.read_excel(out, sheet_name="targets")
    p = parquet["targets"]
    assert [v for v in targets.value if not math.isnan(v)] == [v for v in p.value if not math.isnan(v)]
    assert targets.indicator.fillna("").tolist() == p.indicator.fillna("").tolist()
    dictionary = pd.read_excel(out, sheet_name=DICTIONARY_SHEET)
    assert len(dictionary) == sum(len(s) for s in SCHEMAS.values())
    row = dictionary[(dictionary.table == "tasks") & (dictionary.column == "deadline_date")].iloc[0]
    assert row.description.startswith("Deadline as a date")


def test_xlsx_splits_long_tables_and_drops_illegal_characters(data_dir, tmp_path):
    tables = load_tables(data_dir)
    pages = tables["pages"]
    bad = pages.set_column(
        pages.schema.get_field_index("text_raw"), "text_raw", [["a\x0cb\x01c"] * len(pages)]
    )
    tables["pages"] = bad
    out = export_xlsx(
        {"pages": tables["pages"], "sections": tables["sections"]}, tmp_path / "x.xlsx", max_rows=10
    )
    wb = openpyxl.load_workbook(out, read_only=True)
    n_sections = len(tables["sections"])
    assert n_sections > 10
    sheets = [s for s in wb.sheetnames if s.startswith("sections")]
    assert sheets[:2] == ["sections", "sections_2"]
    total = sum(len(pd.read_excel(out, sheet_name=s)) for s in sheets)
    assert total == n_sections
    assert pd.read_excel(out, sheet_name="pages").text_raw.iloc[0] == "abc"


def test_duckdb_round_trip_with_comments(data_dir, parquet, tmp_path):
    out = export(data_dir, "duckdb", tmp_path / "vnplan.duckdb")
    con = duckdb.connect(str(out), read_only=True)
    try:
        for name, df in parquet.items():
            assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == len(df), name
        comments = dict(
            con.execute(
                "SELECT table_name || '.' || column_name, comment FROM duckdb_columns() WHERE database_name = 'vnplan'"
            ).fetchall()
        )
        for name, schema in SCHEMAS.items():
            for f in schema:
                assert comments[f"{name}.{f.name}"] == f.metadata[b"description"].decode(), f"{name}.{f.name}"
        table_comments = dict(con.execute("SELECT table_name, comment FROM duckdb_tables()").fetchall())
        assert table_comments == TABLE_DESCRIPTIONS
        aliases = con.execute("SELECT aliases FROM agencies ORDER BY agency_id").fetchall()
        assert [list(a[0]) for a in aliases] == [
            list(a) for a in parquet["agencies"].sort_values("agency_id").aliases
        ]
        # A join an analyst would write: lead agencies per document.
        leads = con.execute(
            """SELECT d.file_name, count(*) FROM task_agencies ta JOIN documents d USING (doc_id)
               JOIN agencies a USING (agency_id) WHERE ta.role = 'lead' GROUP BY ALL"""
        ).fetchall()
        ta = parquet["task_agencies"]
        assert sum(n for _, n in leads) == int((ta.role == "lead").sum())
        types = dict(
            con.execute(
                "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name='documents'"
            ).fetchall()
        )
        assert types["ingested_at"] == "TIMESTAMP WITH TIME ZONE" and types["issue_date"] == "DATE"
    finally:
        con.close()


def test_cli_export(data_dir, tmp_path):
    runner = CliRunner()
    for fmt, target in (
        ("csv", tmp_path / "c"),
        ("xlsx", tmp_path / "w.xlsx"),
        ("duckdb", tmp_path / "d.duckdb"),
    ):
        res = runner.invoke(app, ["export", "--format", fmt, "--data", str(data_dir), "--out", str(target)])
        assert res.exit_code == 0, res.output
        assert target.exists()
    # Exporting again replaces, and no temporary files are left beside the target.
    res = runner.invoke(
        app, ["export", "--format", "csv", "--data", str(data_dir), "--out", str(tmp_path / "c")]
    )
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "d.duckdb", "w.xlsx"]
    res = runner.invoke(app, ["export", "--format", "json", "--data", str(data_dir)])
    assert res.exit_code == 2
    res = runner.invoke(app, ["export", "--format", "csv", "--data", str(tmp_path / "nothing")])
    assert res.exit_code == ExitCode.store_unreadable


# --- Hardening (issue 12): exports never destroy data, spreadsheets run no formulas ------------------


def _csv_cli(data: Path, out: Path, fmt: str = "csv"):
    return CliRunner().invoke(app, ["export", "--format", fmt, "--data", str(data), "--out", str(out)])


def test_csv_export_never_deletes_a_users_folder(data_dir, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "a").write_text("keep", encoding="utf-8")
    res = _csv_cli(data_dir, mine)
    assert res.exit_code == ExitCode.output_exists
    assert [p.name for p in mine.iterdir()] == ["a"] and (mine / "a").read_text(encoding="utf-8") == "keep"
    assert [p.name for p in tmp_path.iterdir()] == ["mine"], "no temporary folder is left behind"
    # A file where the folder should be is not replaced either.
    f = tmp_path / "file"
    f.write_text("keep", encoding="utf-8")
    assert _csv_cli(data_dir, f).exit_code == ExitCode.output_exists
    assert f.read_text(encoding="utf-8") == "keep"


def test_csv_export_never_overlaps_the_data_folder(tmp_path, data_dir):
    data = tmp_path / "data"
    shutil.copytree(data_dir, data)
    before = sorted(p.name for p in data.iterdir())
    for out in (data, tmp_path, data / ".." / "data"):
        res = _csv_cli(data, out)
        assert res.exit_code == ExitCode.output_exists, (out, res.output)
    assert sorted(p.name for p in data.iterdir()) == before
    assert Store(data).read("documents").num_rows == 2
    table_file = next((data / "documents").glob("*.parquet"))
    for fmt in ("xlsx", "duckdb"):
        for target in (table_file, data / "tasks" / "new.duckdb"):
            res = _csv_cli(data, target, fmt)
            assert res.exit_code == ExitCode.output_exists
    assert Store(data).read("documents").num_rows == 2


def test_csv_export_into_empty_new_or_previous_export(data_dir, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _csv_cli(data_dir, empty).exit_code == 0
    assert sorted(p.stem for p in empty.glob("*.csv")) == sorted(SCHEMAS)
    assert _csv_cli(data_dir, empty).exit_code == 0, "a previous export is replaced"
    # An export made before the marker file existed (exactly the table CSVs) is recognised too.
    (empty / ".vnplan-export").unlink()
    assert _csv_cli(data_dir, empty).exit_code == 0
    # ...but not once the user put a file of their own in it.
    (empty / "notes.txt").write_text("mine", encoding="utf-8")
    assert _csv_cli(data_dir, empty).exit_code == ExitCode.output_exists
    assert (empty / "notes.txt").exists()


def test_file_exports_refuse_foreign_files_and_ignore_planted_links(data_dir, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    foreign = tmp_path / "plan.xlsx"
    foreign.write_text("not a workbook", encoding="utf-8")
    assert _csv_cli(data_dir, foreign, "xlsx").exit_code == ExitCode.output_exists
    assert foreign.read_text(encoding="utf-8") == "not a workbook"
    for name, fmt in (("w.xlsx", "xlsx"), ("d.duckdb", "duckdb")):
        target = tmp_path / name
        # The temporary name the old writer used (pid of this process): a link to another file.
        planted = target.with_name(f".{name}.tmp-{os.getpid()}")
        planted.symlink_to(victim)
        export(data_dir, fmt, target)
        assert victim.read_text(encoding="utf-8") == "precious"
        assert planted.is_symlink()
        assert target.is_file() and not target.is_symlink()
        planted.unlink()


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    """A real ingest of a .txt whose lines are spreadsheet formulas, under a file name that is one."""
    raw = tmp_path_factory.mktemp("hostile_raw")
    (raw / "@SUM(1+1).txt").write_text(
        HYPERLINK + "\nKẾ HOẠCH\nCải cách hành chính năm 2026\n-1 điểm\n", encoding="utf-8"
    )
    out = tmp_path_factory.mktemp("hostile_out")
    summary = run([raw], out, Options(progress=False))
    assert len(summary.ok) == 1
    return out


HYPERLINK = '=HYPERLINK("http://evil.example","x")'
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def test_formulas_neutralised_in_csv(hostile_dir, tmp_path):
    out = export(hostile_dir, "csv", tmp_path / "csv")
    cells = []
    for f in out.glob("*.csv"):
        with open(f, encoding="utf-8-sig", newline="") as fh:
            cells += [c for row in csv.reader(fh) for c in row]
    assert "'@SUM(1+1).txt" in cells, "the file name is prefixed"
    assert any(c.startswith("'" + HYPERLINK) for c in cells), "the document text is prefixed"
    assert not [c for c in cells if c.startswith(FORMULA_START)]


def test_formulas_stored_as_text_in_xlsx(hostile_dir, tmp_path):
    out = export(hostile_dir, "xlsx", tmp_path / "h.xlsx")
    wb = openpyxl.load_workbook(out)
    formulas, texts = [], []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    formulas.append((ws.title, c.coordinate, c.value))
                elif isinstance(c.value, str):
                    texts.append(c.value)
    assert not formulas
    # The text itself is unchanged, only typed as text.
    assert "@SUM(1+1).txt" in texts
    assert any(t.startswith(HYPERLINK) for t in texts)


def test_negative_numbers_stay_numbers(data_dir, tmp_path):
    tables = load_tables(data_dir, ["targets"])
    t = tables["targets"]
    assert len(t) > 0
    i = t.schema.get_field_index("value")
    tables["targets"] = t.set_column(i, t.schema.field(i), pa.array([-5.5] * len(t), pa.float64()))
    csv_dir = export_csv(tables, tmp_path / "csv")
    back = pd.read_csv(csv_dir / "targets.csv", encoding="utf-8-sig")
    assert back.value.dtype.kind == "f" and (back.value == -5.5).all()
    xlsx = export_xlsx(tables, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(xlsx)["targets"]
    col = [c.value for c in ws[1]].index("value")
    cells = [row[col] for row in ws.iter_rows(min_row=2)]
    assert all(c.data_type == "n" and c.value == -5.5 for c in cells)


def test_exports_get_the_usual_file_mode(data_dir, tmp_path):
    """Written through a private temp file, the finished export still has the mode open() gives."""
    mask = os.umask(0o022)
    os.umask(mask)
    for fmt, name in (("xlsx", "w.xlsx"), ("duckdb", "d.duckdb")):
        out = export(data_dir, fmt, tmp_path / name)
        assert out.stat().st_mode & 0o777 == 0o666 & ~mask, fmt


def test_duckdb_declares_keys(data_dir, tmp_path):
    from vnplan.schemas import FOREIGN_KEYS, PRIMARY_KEYS

    out = export(data_dir, "duckdb", tmp_path / "keys.duckdb")
    con = duckdb.connect(str(out), read_only=True)
    try:
        got = {
            (t, kind, tuple(cols))
            for t, kind, cols in con.execute(
                "SELECT table_name, constraint_type, constraint_column_names FROM duckdb_constraints() "
                "WHERE constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')"
            ).fetchall()
        }
    finally:
        con.close()
    assert {(t, "PRIMARY KEY", cols) for t, cols in PRIMARY_KEYS.items()} <= got
    assert {(t, "FOREIGN KEY", cols) for (t, cols) in FOREIGN_KEYS} <= got


def test_jsonl_folder_and_one_table_to_stdout(data_dir, parquet, tmp_path):
    import json

    out = export(data_dir, "jsonl", tmp_path / "jsonl")
    for name, df in parquet.items():
        rows = [json.loads(line) for line in (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
        assert len(rows) == len(df) and (not rows or list(rows[0]) == list(df.columns)), name
    tasks = [json.loads(line) for line in (out / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [t["text"] for t in tasks] == parquet["tasks"].text.tolist()  # NFC Vietnamese, not escaped
    assert all(t["deadline_date"] is None or len(t["deadline_date"]) == 10 for t in tasks)  # ISO dates
    agencies = [json.loads(line) for line in (out / "agencies.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(isinstance(a["aliases"], list) for a in agencies)

    res = CliRunner().invoke(app, ["export", "-f", "jsonl", "-d", str(data_dir), "-t", "targets", "-o", "-"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["target_id"] for r in lines] == parquet["targets"].target_id.tolist()
    res = CliRunner().invoke(app, ["export", "-f", "csv", "-d", str(data_dir), "-o", "-"])
    assert res.exit_code == ExitCode.bad_args  # stdout takes one table
    res = CliRunner().invoke(app, ["export", "-f", "csv", "-d", str(data_dir), "-t", "taks", "-o", "-"])
    assert res.exit_code == ExitCode.bad_args and "unknown table" in res.output
