"""`vnplan export`: CSV, Excel and DuckDB hold the same tables as the Parquet store."""

from __future__ import annotations

import csv
import math
import shutil
from datetime import datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from vnplan.cli import app
from vnplan.exitcodes import ExitCode
from vnplan.export import DICTIONARY_SHEET, export, export_xlsx, load_tables
from vnplan.pipeline import Options, run
from vnplan.schemas import SCHEMAS, TABLE_DESCRIPTIONS

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
    return {name: pq.read_table(data_dir / f"{name}.parquet").to_pandas() for name in SCHEMAS}


def test_parquet_carries_schema_and_descriptions(data_dir):
    for name, schema in SCHEMAS.items():
        stored = pq.read_schema(data_dir / f"{name}.parquet")
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
