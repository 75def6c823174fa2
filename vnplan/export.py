"""Exports of the Parquet tables for other tools: CSV, Excel (xlsx) and DuckDB.

Every export holds the same tables as the Parquet store (``vnplan.schemas.SCHEMAS``), read through
``Store.read`` so they have the current schema even when a table is missing or older.

- **csv**: one ``<table>.csv`` per table in a folder, UTF-8 *with a byte-order mark* so that Excel
  shows Vietnamese correctly when the file is double-clicked; list columns (``aliases``) are joined
  with ``'; '``; timestamps are ISO 8601 with their UTC offset; dates ``YYYY-MM-DD``; missing values
  are empty fields.
- **xlsx**: one workbook, one sheet per table plus a ``dictionary`` sheet with the column
  descriptions. Excel cannot store time zones, so timestamps are written as naive UTC; list columns
  are joined with ``'; '``; characters Excel refuses (control characters) are dropped and cells are
  cut at Excel's 32,767-character limit; a table longer than Excel's row limit continues on sheets
  ``<table>_2``, ``<table>_3``, ...
- **duckdb**: one database file with a table per Parquet table (same column types: ``VARCHAR[]``
  for lists, ``TIMESTAMP WITH TIME ZONE``, ``DATE``), with ``COMMENT ON TABLE`` / ``COMMENT ON
  COLUMN`` taken from the schema descriptions.

Each export is written to a temporary name beside the target and renamed into place.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa

from .schemas import SCHEMAS, TABLE_DESCRIPTIONS
from .store import Store

log = logging.getLogger(__name__)

FORMATS = ("csv", "xlsx", "duckdb")
LIST_SEPARATOR = "; "
EXCEL_MAX_ROWS = 1_048_576 - 1  # one row for the header
EXCEL_MAX_CELL = 32_767
DICTIONARY_SHEET = "dictionary"


def load_tables(data_dir: str | Path, names: Iterable[str] | None = None) -> dict[str, pa.Table]:
    """Tables of the store (default: all), in schema order, cast to the current schema."""
    data_dir = Path(data_dir)
    store = Store(data_dir)
    if not store.exists():
        raise FileNotFoundError(f"no vnplan tables in {data_dir} (no documents table): run `vnplan ingest` first")
    wanted = set(SCHEMAS if names is None else names)
    return {name: store.read(name) for name in SCHEMAS if name in wanted}


def column_descriptions(name: str) -> dict[str, str]:
    return {f.name: (f.metadata or {}).get(b"description", b"").decode() for f in SCHEMAS[name]}


def to_frame(table: pa.Table, *, naive_utc: bool = False) -> pd.DataFrame:
    """A DataFrame fit for flat files: nullable integers, lists joined, optional naive-UTC timestamps."""
    cols: dict[str, pd.Series] = {}
    for field, column in zip(table.schema, table.columns, strict=True):
        t = field.type
        if pa.types.is_list(t) or pa.types.is_large_list(t):
            values = [
                None if v is None else LIST_SEPARATOR.join(str(x) for x in v) for v in column.to_pylist()
            ]
            cols[field.name] = pd.Series(values, dtype=object)
        elif pa.types.is_integer(t):
            cols[field.name] = pd.Series(column.to_pandas(types_mapper=_nullable_int), dtype="Int64")
        elif pa.types.is_timestamp(t):
            s = column.to_pandas()
            if naive_utc and t.tz is not None:
                s = s.dt.tz_convert("UTC").dt.tz_localize(None)
            cols[field.name] = s
        elif pa.types.is_string(t) or pa.types.is_large_string(t):
            cols[field.name] = pd.Series(column.to_pylist(), dtype=object)
        else:
            cols[field.name] = column.to_pandas()
    return pd.DataFrame(cols, columns=table.column_names)


def _nullable_int(t: pa.DataType) -> pd.api.extensions.ExtensionDtype | None:
    return pd.Int64Dtype() if pa.types.is_integer(t) else None


def _tmp_beside(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _replace(tmp: Path, out: Path) -> None:
    if out.is_dir():
        old = _tmp_beside(out).with_suffix(".old")
        os.replace(out, old)
        os.replace(tmp, out)
        shutil.rmtree(old)
    else:
        os.replace(tmp, out)


# --- CSV -------------------------------------------------------------------------------------------


def export_csv(tables: dict[str, pa.Table], out_dir: str | Path) -> Path:
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_beside(out_dir)
    _remove(tmp)
    tmp.mkdir()
    try:
        for name, table in tables.items():
            df = to_frame(table)
            for col in df.columns:
                if isinstance(df[col].dtype, pd.DatetimeTZDtype):
                    df[col] = df[col].map(lambda v: None if pd.isna(v) else v.isoformat())
            df.to_csv(tmp / f"{name}.csv", index=False, encoding="utf-8-sig", lineterminator="\n")
            log.debug("csv %s: %d rows", name, len(df))
        _replace(tmp, out_dir)
    finally:
        _remove(tmp)
    return out_dir


# --- Excel -----------------------------------------------------------------------------------------


def _excel_clean(value: object) -> object:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(value) > EXCEL_MAX_CELL:
            value = value[: EXCEL_MAX_CELL - 1] + "…"
    return value


def _sheet_chunks(name: str, df: pd.DataFrame, max_rows: int) -> list[tuple[str, pd.DataFrame]]:
    if len(df) <= max_rows:
        return [(name, df)]
    chunks = [df.iloc[i : i + max_rows] for i in range(0, len(df), max_rows)]
    log.warning(
        "%s has %d rows, more than an Excel sheet holds: split over %d sheets", name, len(df), len(chunks)
    )
    return [(name if i == 0 else f"{name}_{i + 1}"[:31], c) for i, c in enumerate(chunks)]


def export_xlsx(tables: dict[str, pa.Table], out_path: str | Path, *, max_rows: int = EXCEL_MAX_ROWS) -> Path:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_beside(out_path)
    dictionary = [
        {
            "table": name,
            "column": f.name,
            "type": str(f.type),
            "description": column_descriptions(name)[f.name],
        }
        for name in tables
        for f in SCHEMAS[name]
    ]
    try:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, table in tables.items():
                df = to_frame(table, naive_utc=True)
                for col in df.columns:
                    if df[col].dtype == object:
                        df[col] = df[col].map(_excel_clean)
                for sheet, chunk in _sheet_chunks(name, df, max_rows):
                    chunk.to_excel(writer, sheet_name=sheet, index=False)
            pd.DataFrame(dictionary).to_excel(writer, sheet_name=DICTIONARY_SHEET, index=False)
            for ws in writer.book.worksheets:
                ws.freeze_panes = "A2"
                if ws.max_row > 1:
                    ws.auto_filter.ref = ws.dimensions
                for cell in ws[1]:
                    cell.font = Font(bold=True)
                for i, col in enumerate(ws.iter_cols(min_row=1, max_row=min(ws.max_row, 200)), start=1):
                    width = max((len(str(c.value)) for c in col if c.value is not None), default=8)
                    ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
        os.replace(tmp, out_path)
    finally:
        _remove(tmp)
    return out_path


# --- DuckDB ----------------------------------------------------------------------------------------


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def export_duckdb(tables: dict[str, pa.Table], out_path: str | Path) -> Path:
    import duckdb

    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_beside(out_path)
    _remove(tmp)
    try:
        con = duckdb.connect(str(tmp))
        try:
            for name, table in tables.items():
                con.register("_incoming", table)
                con.execute(f"CREATE TABLE {_ident(name)} AS SELECT * FROM _incoming")
                con.unregister("_incoming")
                con.execute(f"COMMENT ON TABLE {_ident(name)} IS {_literal(TABLE_DESCRIPTIONS[name])}")
                for col, desc in column_descriptions(name).items():
                    con.execute(f"COMMENT ON COLUMN {_ident(name)}.{_ident(col)} IS {_literal(desc)}")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, out_path)
    finally:
        _remove(tmp)
        _remove(tmp.with_name(tmp.name + ".wal"))
    return out_path


# Default targets, inside the data folder (so they stay beside the tables they were made from).
DEFAULT_OUT = {"csv": "exports/csv", "xlsx": "exports/vnplan.xlsx", "duckdb": "exports/vnplan.duckdb"}


def export(data_dir: str | Path, fmt: str, out: str | Path | None = None) -> Path:
    """Export every table of ``data_dir`` as ``fmt``; returns what was written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    tables = load_tables(data_dir)
    target = Path(out) if out is not None else Path(data_dir) / DEFAULT_OUT[fmt]
    writer = {"csv": export_csv, "xlsx": export_xlsx, "duckdb": export_duckdb}[fmt]
    path = writer(tables, target)
    log.info(
        "exported %d tables (%d rows) as %s to %s",
        len(tables),
        sum(len(t) for t in tables.values()),
        fmt,
        path,
    )
    return path
