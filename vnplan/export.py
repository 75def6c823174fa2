"""Exports of the Parquet tables for other tools: CSV, JSON Lines, Excel (xlsx) and DuckDB.

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
  COLUMN`` taken from the schema descriptions, and the primary and foreign keys of
  ``vnplan.schemas`` declared.
- **jsonl**: JSON Lines, one ``<table>.jsonl`` per table in a folder (one object a row; lists as arrays,
  dates and timestamps ISO 8601, nulls as ``null``). With ``-o -`` and one ``--table``, csv or jsonl go
  to standard output.

Each export is written under a fresh temporary name beside the target and renamed into place
(``vnplan.fsutil``). An export never deletes what it did not write: a CSV folder is only written into
when it is new, empty or a previous vnplan CSV export, and no target may overlap the data folder.
Text cells that a spreadsheet would run as a formula (starting with ``= + - @``, tab or carriage
return) are neutralised: an apostrophe prefix in CSV (OWASP), explicit text cells in xlsx.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import secrets
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pandas as pd
import pyarrow as pa

from ingest.remote import is_url

from . import __version__
from .exitcodes import ExitCode, VnplanError
from .fsutil import atomic_path, temp_name_prefix
from .schemas import FOREIGN_KEYS, PRIMARY_KEYS, SCHEMAS, TABLE_DESCRIPTIONS
from .store import open_store

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

log = logging.getLogger(__name__)

FORMATS = ("csv", "jsonl", "xlsx", "duckdb")
# Formats written as a folder of one file per table (and to standard output for one table).
FOLDER_FORMATS = {"csv": ".csv", "jsonl": ".jsonl"}
LIST_SEPARATOR = "; "
EXCEL_MAX_ROWS = 1_048_576 - 1  # one row for the header
EXCEL_MAX_CELL = 32_767
DICTIONARY_SHEET = "dictionary"


def load_tables(data_dir: str | Path, names: Iterable[str] | None = None) -> dict[str, pa.Table]:
    """Tables of the store (default: all), in schema order, cast to the current schema."""
    data_dir = data_dir if is_url(data_dir) else Path(data_dir)
    store = open_store(data_dir)
    if not store.exists():
        raise NoStore(f"no vnplan tables in {data_dir} (no documents table): run `vnplan ingest` first")
    wanted = set(SCHEMAS if names is None else names)
    tables = {}
    for name in SCHEMAS:
        if name in wanted:
            try:
                tables[name] = store.read(name)
            except (pa.ArrowException, OSError) as e:
                raise StoreUnreadable(f"cannot read {store.table_dir(name)}: {e}") from e
    return tables


class StoreUnreadable(VnplanError):
    exit_code = ExitCode.store_unreadable


class NoStore(StoreUnreadable, FileNotFoundError):
    """The folder holds no vnplan tables (also a FileNotFoundError, for callers in Python)."""


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


# --- Formula injection ----------------------------------------------------------------------------

# Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV Injection"); text
# from documents and file names may start so, e.g. a line '=HYPERLINK("http://evil.example","x")'.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A text cell that is just a signed number ('-5', '+84', '-0,5') is harmless as a number: left alone.
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)*%?$")


def neutralise_formula(value: object) -> object:
    """CSV cell value safe to open in a spreadsheet: a text that would start a formula gets the
    apostrophe prefix OWASP recommends (spreadsheets then show it as text). Numbers are untouched."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


# --- Safe targets ----------------------------------------------------------------------------------


class ExportRefused(VnplanError):
    """The target holds something an export must not overwrite."""

    exit_code = ExitCode.output_exists


# Written into every CSV export folder, so that a later export knows the folder is its own.
CSV_MARKER = ".vnplan-export"


def _overlaps(a: Path, b: Path) -> bool:
    a, b = a.resolve(), b.resolve()
    return a == b or a in b.parents or b in a.parents


def _check_folder_target(out_dir: Path, data_dir: Path | None, suffix: str = ".csv") -> bool:
    """Whether ``out_dir`` is a previous CSV (or JSON Lines) export (to be updated file by file). Raises
    :class:`ExportRefused` when writing there could destroy data: the data folder itself, a folder
    holding it, or a folder (or file) with content vnplan did not write."""
    if data_dir is not None:
        d, o = data_dir.resolve(), out_dir.resolve()
        if o == d or o in d.parents:
            raise ExportRefused(f"--out {out_dir} would hold or replace the data folder {data_dir}: choose another folder")
    if not out_dir.exists() and not out_dir.is_symlink():
        return False
    if not out_dir.is_dir():
        raise ExportRefused(f"--out {out_dir} exists and is not a folder: a CSV export is a folder of files")
    entries = {p.name for p in out_dir.iterdir()}
    if not entries:
        return False
    tables = {f"{name}{suffix}" for name in SCHEMAS}
    ours = tables | {CSV_MARKER}
    # Marked by this version, or every table's file and nothing else (exports made before the marker,
    # which had no checks table).
    older = tables - {f"header_fields{suffix}"}  # exports made before header_fields
    if (CSV_MARKER in entries and entries <= ours) or entries in (tables, older, older - {f"checks{suffix}"}):
        return True
    strange = sorted(entries - ours)
    raise ExportRefused(
        f"--out {out_dir} is not empty and not a vnplan {suffix[1:].upper()} export (it holds {', '.join(strange[:3])}"
        f"{', ...' if len(strange) > 3 else ''}): refusing to overwrite; choose an empty or new folder"
    )


# Magic bytes of the formats a file export may replace: a previous export, never anything else.
def _looks_like(fmt: str, head: bytes) -> bool:
    if fmt == "xlsx":
        return head.startswith(b"PK\x03\x04")
    return head[8:12] == b"DUCK"


def _check_file_target(out_path: Path, fmt: str, data_dir: Path | None) -> None:
    if data_dir is not None:
        o, d = out_path.resolve(), data_dir.resolve()
        in_table = d in o.parents and (o.suffix == ".parquet" or o.relative_to(d).parts[0] in SCHEMAS)
        if o == d or o in d.parents or in_table:
            raise ExportRefused(f"--out {out_path} would replace the data folder or one of its tables: choose another file")
    if out_path.is_dir():
        raise ExportRefused(f"--out {out_path} is a folder: an {fmt} export is one file")
    if out_path.is_file() and out_path.stat().st_size:
        with open(out_path, "rb") as f:
            head = f.read(16)
        if not _looks_like(fmt, head):
            raise ExportRefused(f"--out {out_path} exists and is not an {fmt} file: refusing to overwrite it")


# --- CSV -------------------------------------------------------------------------------------------


def write_table(table: pa.Table, fmt: str, out: str | Path | IO[str]) -> None:
    """One table as CSV (UTF-8 with BOM for a file; formula cells neutralised) or JSON Lines (one
    object a row: lists as arrays, dates and times ISO 8601, nulls as null), to a path or a text stream."""
    if fmt == "jsonl":
        lines = (json.dumps(row, ensure_ascii=False, default=_json_value) + "\n" for row in table.to_pylist())
        if isinstance(out, (str, Path)):
            with open(out, "w", encoding="utf-8", newline="\n") as f:
                f.writelines(lines)
        else:
            out.writelines(lines)
        return
    df = to_frame(table)
    for col in df.columns:
        if isinstance(df[col].dtype, pd.DatetimeTZDtype):
            df[col] = df[col].map(lambda v: None if pd.isna(v) else v.isoformat())
        elif df[col].dtype == object:
            df[col] = df[col].map(neutralise_formula)
    if isinstance(out, (str, Path)):
        df.to_csv(out, index=False, encoding="utf-8-sig", lineterminator="\n")
    else:
        df.to_csv(out, index=False, lineterminator="\n")


def _json_value(v: object) -> object:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    raise TypeError(f"not JSON serialisable: {type(v).__name__}")


def export_folder(
    tables: dict[str, pa.Table], out_dir: str | Path, *, fmt: str = "csv", data_dir: str | Path | None = None
) -> Path:
    """Write one file per table into a fresh temporary folder beside ``out_dir``, then move them in.
    An existing ``out_dir`` is only written to when it is empty or a previous vnplan export."""
    out_dir = Path(out_dir)
    suffix = FOLDER_FORMATS[fmt]
    update = _check_folder_target(out_dir, Path(data_dir) if data_dir is not None else None, suffix)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = _fresh_dir(out_dir.parent, temp_name_prefix(out_dir))
    try:
        for name, table in tables.items():
            write_table(table, fmt, tmp / f"{name}{suffix}")
            log.debug("%s %s: %d rows", fmt, name, table.num_rows)
        (tmp / CSV_MARKER).write_text(f"vnplan {__version__} {fmt} export\n", encoding="utf-8")
        for f in tmp.iterdir():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
        if update:
            # Replace the previous export's files one by one (each rename atomic); nothing else is there.
            for f in sorted(tmp.iterdir()):
                os.replace(f, out_dir / f.name)
        else:
            # A new or empty folder: the finished one takes its place in one rename.
            os.replace(tmp, out_dir)
    finally:
        if tmp.exists():
            for f in tmp.iterdir():
                f.unlink()
            tmp.rmdir()
    return out_dir


def export_csv(tables: dict[str, pa.Table], out_dir: str | Path, *, data_dir: str | Path | None = None) -> Path:
    return export_folder(tables, out_dir, fmt="csv", data_dir=data_dir)


def export_jsonl(tables: dict[str, pa.Table], out_dir: str | Path, *, data_dir: str | Path | None = None) -> Path:
    return export_folder(tables, out_dir, fmt="jsonl", data_dir=data_dir)


def _fresh_dir(parent: Path, prefix: str) -> Path:
    """A new empty folder under a random name: mkdir fails on anything already there (a planted
    symlink included), and unlike mkdtemp it keeps the user's umask for the finished export."""
    for _ in range(100):
        candidate = parent / f"{prefix}{secrets.token_hex(4)}"
        try:
            candidate.mkdir()
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(f"no free temporary name in {parent}")


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


def _cells_as_text(ws: Worksheet) -> int:
    """Make every formula openpyxl inferred (a text value starting with '=') a plain text cell shown
    with Excel's quote prefix, so opening the workbook runs nothing. Returns how many there were."""
    n = 0
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
                cell.quotePrefix = True
                n += 1
    return n


def export_xlsx(
    tables: dict[str, pa.Table], out_path: str | Path, *, max_rows: int = EXCEL_MAX_ROWS, data_dir: str | Path | None = None
) -> Path:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    out_path = Path(out_path)
    _check_file_target(out_path, "xlsx", Path(data_dir) if data_dir is not None else None)
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
    with atomic_path(out_path) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        for name, table in tables.items():
            df = to_frame(table, naive_utc=True)
            for col in df.columns:
                if df[col].dtype == object:
                    df[col] = df[col].map(_excel_clean)
            for sheet, chunk in _sheet_chunks(name, df, max_rows):
                chunk.to_excel(writer, sheet_name=sheet, index=False)
        pd.DataFrame(dictionary).to_excel(writer, sheet_name=DICTIONARY_SHEET, index=False)
        n_text = 0
        for ws in writer.book.worksheets:
            n_text += _cells_as_text(ws)
            ws.freeze_panes = "A2"
            if ws.max_row > 1:
                ws.auto_filter.ref = ws.dimensions
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for i, col in enumerate(ws.iter_cols(min_row=1, max_row=min(ws.max_row, 200)), start=1):
                width = max((len(str(c.value)) for c in col if c.value is not None), default=8)
                ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
        if n_text:
            log.info("xlsx: %d cells that start with '=' written as text, not formulas", n_text)
    return out_path


# --- DuckDB ----------------------------------------------------------------------------------------


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _key_order(tables: dict[str, pa.Table]) -> list[str]:
    """Tables in an order where every table comes after the tables its foreign keys reference."""
    order: list[str] = []

    def visit(name: str) -> None:
        if name in order:
            return
        for (src, _), (dst, _) in FOREIGN_KEYS.items():
            if src == name and dst in tables and dst != name:
                visit(dst)
        order.append(name)

    for name in tables:
        visit(name)
    return order


def _create_table_sql(con, name: str, present: set[str]) -> str:
    """CREATE TABLE with the Arrow table's column types, its primary key and foreign keys (to the
    exported tables), so that SQL tools see how the tables join."""
    cols = [f"{_ident(c)} {t}" for c, t, *_ in con.execute("DESCRIBE SELECT * FROM _incoming").fetchall()]
    if name in PRIMARY_KEYS:
        cols.append(f"PRIMARY KEY ({', '.join(map(_ident, PRIMARY_KEYS[name]))})")
    for (src, src_cols), (dst, dst_cols) in FOREIGN_KEYS.items():
        if src == name and dst in present:
            cols.append(
                f"FOREIGN KEY ({', '.join(map(_ident, src_cols))}) "
                f"REFERENCES {_ident(dst)} ({', '.join(map(_ident, dst_cols))})"
            )
    return f"CREATE TABLE {_ident(name)} ({', '.join(cols)})"


def export_duckdb(tables: dict[str, pa.Table], out_path: str | Path, *, data_dir: str | Path | None = None) -> Path:
    import duckdb

    out_path = Path(out_path)
    _check_file_target(out_path, "duckdb", Path(data_dir) if data_dir is not None else None)
    # DuckDB will not open the empty file atomic_path makes, so it builds the database in a private
    # folder of its own (mode 0700, nothing planted there) and the result is moved onto that file.
    with atomic_path(out_path) as tmp, tempfile.TemporaryDirectory(prefix=temp_name_prefix(out_path), dir=out_path.parent) as work:
        db = Path(work) / out_path.name
        con = duckdb.connect(str(db))
        try:
            for name in _key_order(tables):
                con.register("_incoming", tables[name])
                con.execute(_create_table_sql(con, name, set(tables)))
                con.execute(f"INSERT INTO {_ident(name)} SELECT * FROM _incoming")
                con.unregister("_incoming")
                con.execute(f"COMMENT ON TABLE {_ident(name)} IS {_literal(TABLE_DESCRIPTIONS[name])}")
                for col, desc in column_descriptions(name).items():
                    con.execute(f"COMMENT ON COLUMN {_ident(name)}.{_ident(col)} IS {_literal(desc)}")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(db, tmp)
    return out_path


# Default targets, inside the data folder (so they stay beside the tables they were made from).
DEFAULT_OUT = {
    "csv": "exports/csv", "jsonl": "exports/jsonl", "xlsx": "exports/vnplan.xlsx", "duckdb": "exports/vnplan.duckdb",
}  # fmt: skip


def export(
    data_dir: str | Path, fmt: str, out: str | Path | None = None, tables: Iterable[str] | None = None
) -> Path | None:
    """Export the tables of ``data_dir`` (default: all) as ``fmt``; returns what was written.

    ``out='-'`` writes one table (csv or jsonl) to standard output and returns None."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    names = list(tables) if tables is not None else None
    unknown = [n for n in names or [] if n not in SCHEMAS]
    if unknown:
        raise VnplanError(f"unknown table(s) {', '.join(unknown)}: the tables are {', '.join(SCHEMAS)}", ExitCode.bad_args)
    if str(out) == "-":
        if fmt not in FOLDER_FORMATS or not names or len(names) != 1:
            raise VnplanError("-o - writes one table as csv or jsonl: add --table NAME", ExitCode.bad_args)
        write_table(load_tables(data_dir, names)[names[0]], fmt, sys.stdout)
        sys.stdout.flush()
        return None
    loaded = load_tables(data_dir, names)
    if out is None and is_url(data_dir):
        raise VnplanError(f"{data_dir} is a URL: give the export's local target (out=...)", ExitCode.bad_args)
    target = Path(out) if out is not None else Path(data_dir) / DEFAULT_OUT[fmt]
    writer = {"csv": export_csv, "jsonl": export_jsonl, "xlsx": export_xlsx, "duckdb": export_duckdb}[fmt]
    # A store on object storage cannot overlap a local target.
    path = writer(loaded, target, data_dir=None if is_url(data_dir) else data_dir)
    log.info(
        "exported %d tables (%d rows) as %s to %s",
        len(loaded),
        sum(len(t) for t in loaded.values()),
        fmt,
        path,
    )
    return path
