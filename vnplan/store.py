"""The Parquet store: one file per table in the output folder, replaced atomically.

A run rewrites each table it touches as a temporary file in the same folder and renames it over
the old one, so readers always see a whole table and an interrupted run leaves the previous
tables intact. ``documents`` is written last: it is the record of what is done.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .schemas import SCHEMAS

log = logging.getLogger(__name__)

_SORT_KEYS = {
    "documents": ["file_name", "doc_id"],
    "pages": ["doc_id", "page_no"],
    "words": ["doc_id", "page_no", "block", "par", "line", "word"],
    "sections": ["doc_id", "section_id"],
    "targets": ["doc_id", "target_id"],
    "tasks": ["doc_id", "task_id"],
    "agencies": ["agency_id"],
    "task_agencies": ["doc_id", "task_id", "role", "agency_id"],
}
# Written in this order; documents last so that a table never lists a document as done before
# its pages and extractions are on disk.
WRITE_ORDER = ["words", "pages", "sections", "targets", "tasks", "task_agencies", "agencies", "documents"]


class Store:
    def __init__(self, out_dir: str | Path):
        self.dir = Path(out_dir)

    def path(self, name: str) -> Path:
        return self.dir / f"{name}.parquet"

    def read(self, name: str) -> pa.Table:
        """The table as stored, cast to the current schema; empty when not written yet."""
        p = self.path(name)
        if not p.exists():
            return SCHEMAS[name].empty_table()
        table = pq.read_table(p)
        schema = SCHEMAS[name]
        cols = [
            table.column(f.name).cast(f.type) if f.name in table.column_names else pa.nulls(len(table), f.type)
            for f in schema
        ]
        return pa.Table.from_arrays(cols, schema=schema)

    def write(self, name: str, table: pa.Table) -> None:
        """Atomically replace the table: temp file in the same folder, fsync, rename."""
        self.dir.mkdir(parents=True, exist_ok=True)
        table = table.cast(SCHEMAS[name])
        keys = [k for k in _SORT_KEYS.get(name, []) if k in table.column_names]
        if keys and len(table):
            table = table.sort_by([(k, "ascending") for k in keys])
        tmp = self.dir / f".{name}.parquet.tmp-{os.getpid()}"
        try:
            pq.write_table(table, tmp, compression="zstd")
            with open(tmp, "rb") as f:
                os.fsync(f.fileno())
            os.replace(tmp, self.path(name))
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()

    def replace_documents(self, name: str, doc_ids: Iterable[str], rows: list[dict]) -> pa.Table:
        """Table with every row of these documents replaced by ``rows`` (re-runs never duplicate)."""
        old = self.read(name)
        ids = pa.array(sorted(set(doc_ids)), pa.string())
        keep = old.filter(pc.invert(pc.is_in(old.column("doc_id"), value_set=ids))) if len(old) else old
        new = pa.Table.from_pylist(rows, schema=SCHEMAS[name])
        return pa.concat_tables([keep, new])

    def merge_agencies(self, rows: list[dict]) -> pa.Table:
        """The agency registry is shared by documents: union by agency_id, aliases merged."""
        merged: dict[str, dict] = {r["agency_id"]: r for r in self.read("agencies").to_pylist()}
        for r in rows:
            cur = merged.get(r["agency_id"])
            if cur is None:
                merged[r["agency_id"]] = dict(r, aliases=sorted(set(r.get("aliases") or [])))
            else:
                cur["aliases"] = sorted(set(cur.get("aliases") or []) | set(r.get("aliases") or []))
        return pa.Table.from_pylist(list(merged.values()), schema=SCHEMAS["agencies"])

    def clean_stale_temps(self) -> None:
        for tmp in self.dir.glob(".*.parquet.tmp-*"):
            log.info("removing %s left by an interrupted run", tmp)
            tmp.unlink(missing_ok=True)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """One writer at a time per output folder."""
        self.dir.mkdir(parents=True, exist_ok=True)
        with open(self.dir / ".lock", "w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as e:
                raise RuntimeError(f"another vnplan run is writing to {self.dir}") from e
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
