"""The Parquet store on object storage (``--out s3://bucket/store``), through fsspec.

Same layout as a local store (:mod:`vnplan.store`): ``<table>/<doc_id>.parquet``, one object per
document and table, so ``pd.read_parquet("s3://bucket/store/tasks")`` and DuckDB's httpfs read it
too. Object storage has no rename and no flock; what it has is an atomic PUT of one object (a
reader sees the old object or the new one, never a part; a multipart upload appears whole when it
completes) and, on S3, conditional writes. The store is built on those alone:

- **The ``documents`` object is the commit marker.** A document's write deletes its
  ``documents/<doc_id>.parquet`` first, then puts every other table's object, then the
  ``documents`` object last. Readers (:meth:`ObjectStore.read`) list ``documents/`` and take only
  the rows of documents listed there: a document whose writer died half way (objects of some
  tables written, no marker) is invisible, and is not counted as done, so the next run redoes it.
- **Replace is idempotent.** A retried task (a killed Dask worker) puts the same keys again: no
  document is doubled, whatever was written before it died.
- **What is not guaranteed:** a reader running *while* a document it already listed is re-done
  (``--force``, or a failed/partial document retried) may read that document's old rows in one
  table and new rows in another, as on a local store (whose files are also replaced one at a
  time). Documents not being re-done are never affected.
- **One writer per store**, as locally: ``<store>/.lock`` is created with a conditional write
  (``If-None-Match: *``, which S3 and moto honour), so a second run fails at once (exit 7) instead
  of interleaving. The lock names the holder (PID, host). It is deleted when the run ends; a run
  killed with ``kill -9`` leaves it behind: a later run on the same host takes it over when that
  PID is gone, otherwise the message says to delete the object once no run is writing.
- No compaction and no earlier-layout migration on object storage (``vnplan compact`` refuses):
  a store of per-document objects is what object storage serves well.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import time
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from ingest import remote

from .exitcodes import ExitCode, VnplanError
from .schemas import SCHEMAS, stored_schema
from .store import (
    _SAFE_ID,
    PART_PREFIX,
    WRITE_ORDER,
    StoreLockedError,
    _check_rows,
    _merge_agencies,
    _pid_alive,
    _sorted,
)

log = logging.getLogger(__name__)

LOCK = ".lock"


def url_filesystem(url: str) -> tuple[Any, str]:
    """fsspec's filesystem for ``url``; a missing package (s3fs) is exit code 3 with what to install."""
    try:
        return remote.filesystem(url)
    except ImportError as e:
        raise VnplanError(str(e), ExitCode.missing_dependency) from e


class ObjectStore:
    """The tables of one store on object storage (the API of :class:`vnplan.store.Store` that
    ingest, load and the exports use)."""

    def __init__(self, url: str):
        self.location = url.rstrip("/")
        self.fs, self.root = url_filesystem(self.location)
        self.root = self.root.rstrip("/")
        self.dir = self.location  # what Store.dir is to messages and callers that only show it

    # ---- layout -------------------------------------------------------------------------

    def table_dir(self, name: str) -> str:
        return f"{self.location}/{name}"

    def _key(self, name: str, doc_id: str) -> str:
        if not _SAFE_ID.fullmatch(doc_id) or doc_id.startswith(PART_PREFIX):
            raise ValueError(f"doc_id {doc_id!r} cannot name an object")
        return f"{self.root}/{name}/{doc_id}.parquet"

    def _listed(self, name: str) -> dict[str, str]:
        """doc_id -> key of the table's per-document objects (listed afresh: other processes write)."""
        prefix = f"{self.root}/{name}"
        self.fs.invalidate_cache(prefix)
        try:
            keys = self.fs.ls(prefix, detail=False)
        except FileNotFoundError:
            return {}
        out = {}
        for key in keys:
            base = key.rsplit("/", 1)[-1]
            if base.endswith(".parquet") and not base.startswith((".", "_")):
                out[base[: -len(".parquet")]] = key
        return out

    def committed(self) -> set[str]:
        """Documents whose marker (their ``documents`` object) is written: the ones readers see."""
        return set(self._listed("documents"))

    def exists(self) -> bool:
        return bool(self.committed())

    def files(self, name: str) -> list[str]:
        """URLs of the table's objects a reader takes (committed documents only)."""
        done = self.committed()
        return [self.fs.unstrip_protocol(k) for i, k in sorted(self._listed(name).items()) if i in done]

    # ---- reading ------------------------------------------------------------------------

    def read_stored(self, name: str, doc_ids: Iterable[str] | None = None) -> pa.Table:
        for attempt in range(3):
            try:
                return self._read_stored(name, None if doc_ids is None else list(doc_ids))
            except FileNotFoundError:  # a document being re-done lost its marker meanwhile
                if attempt == 2:
                    raise
                time.sleep(0.2)
        raise AssertionError("unreachable")

    def _read_stored(self, name: str, doc_ids: list[str] | None) -> pa.Table:
        schema = stored_schema(name)
        done = self.committed()
        if doc_ids is not None:
            done &= set(doc_ids)
        listed = self._listed(name) if name != "documents" else None
        keys = [self._key(name, i) for i in sorted(done) if listed is None or i in listed]
        if not keys:
            return schema.empty_table()
        table = ds.dataset(keys, schema=schema, format="parquet", filesystem=self.fs).to_table()
        if doc_ids is not None:
            table = table.filter(
                pc.is_in(table.column("doc_id"), value_set=pa.array(sorted(done), pa.string()))
            )
        return table

    def read(self, name: str, doc_ids: Iterable[str] | None = None) -> pa.Table:
        """The whole table (or these documents' rows), cast to the current schema and sorted."""
        table = self.read_stored(name, doc_ids)
        if name == "agencies":
            return _merge_agencies(table)
        return _sorted(table.select(SCHEMAS[name].names).cast(SCHEMAS[name]), name)

    # ---- writing ------------------------------------------------------------------------

    def prepare(self) -> None:
        """Nothing to clear: an interrupted PUT leaves no object, and there are no parts."""

    def strip_documents(self, doc_ids: Iterable[str]) -> None:
        """No compacted parts on object storage: each document's own objects are replaced."""

    def replace_documents(self, doc_ids: Iterable[str], rows: Mapping[str, list[dict]]) -> None:
        """These documents' rows (each carries its doc_id), one :meth:`write_document` each."""
        by_doc: dict[str, dict[str, list[dict]]] = {i: {} for i in dict.fromkeys(doc_ids)}
        for name, table_rows in rows.items():
            for r in table_rows:
                by_doc.setdefault(r["doc_id"], {}).setdefault(name, []).append(r)
        for doc_id, doc_rows in by_doc.items():
            self.write_document(doc_id, doc_rows)

    def write_document(self, doc_id: str, rows: Mapping[str, list[dict]]) -> None:
        """Put one document's objects, one per table, the ``documents`` marker last; safe to redo."""
        marker = self._key("documents", doc_id)
        _check_rows(rows, [doc_id])
        tables = {
            name: _sorted(pa.Table.from_pylist(list(rows.get(name, [])), schema=stored_schema(name)), name)
            for name in WRITE_ORDER
        }
        # The old marker goes first: from here until the new one is put, readers that list from now
        # on, and the next run, see the document as not there.
        with contextlib.suppress(FileNotFoundError):
            self.fs.rm_file(marker)
        for name in WRITE_ORDER:  # documents last
            buf = pa.BufferOutputStream()
            pq.write_table(tables[name], buf, compression="zstd")
            self.fs.pipe_file(self._key(name, doc_id), buf.getvalue().to_pybytes())

    def compact(self, rows_per_file: int = 0) -> dict[str, tuple[int, int]]:
        raise VnplanError(
            f"{self.location}: compaction works on local stores only (objects on object storage are "
            "replaced whole; there is no rename to make a merge atomic)",
            ExitCode.bad_args,
        )

    # ---- the lock -----------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """One writer at a time: the lock object is created only if absent (a conditional PUT)."""
        key = f"{self.root}/{LOCK}"
        me = f"{os.getpid()} {socket.gethostname()}\n".encode()
        for attempt in range(2):
            try:
                self.fs.pipe_file(key, me, mode="create")
                break
            except FileExistsError:
                try:
                    held = self.fs.cat_file(key).decode("utf-8", "replace").split()
                except FileNotFoundError:
                    continue  # released meanwhile
                pid = int(held[0]) if held and held[0].isdigit() else None
                host = held[1] if len(held) > 1 else ""
                if attempt == 0 and pid is not None and host == socket.gethostname() and not _pid_alive(pid):
                    log.warning(
                        "%s/%s is held by vnplan run %d, which is gone: taking the lock over",
                        self.location,
                        LOCK,
                        pid,
                    )
                    with contextlib.suppress(FileNotFoundError):
                        self.fs.rm_file(key)
                    continue
                who = f" (pid {pid} on {host})" if pid is not None else ""
                raise StoreLockedError(
                    f"another vnplan run{who} is writing to {self.location} (if none is, delete "
                    f"{self.location}/{LOCK})"
                ) from None
        else:
            raise StoreLockedError(f"could not lock {self.location}")
        try:
            yield
        finally:
            with contextlib.suppress(FileNotFoundError):
                self.fs.rm_file(key)
