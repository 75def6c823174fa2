"""The Parquet store: a partitioned dataset, one file per document per table.

Layout of an output folder::

    <out>/<table>/<doc_id>.parquet    the rows of one document (written by `vnplan ingest`)
    <out>/<table>/part-<id>.parquet   the rows of many documents (written by `vnplan compact`)
    <out>/.lock                       one writer at a time; names the writing process (PID, host)

Every table folder reads as one table: ``pd.read_parquet(out / "tasks")``,
``pyarrow.dataset.dataset(out / "tasks")``, DuckDB ``read_parquet('out/tasks/*.parquet')``, or
:meth:`Store.read`, which also casts older files to the current schema.

- **Writes are per document.** A finished document's rows are written as one new file per table
  (zero rows give an empty file), each atomically (:func:`vnplan.fsutil.atomic_path`), so adding a
  document costs the same whatever the store's size, and a re-run replaces the document's files
  instead of adding rows. ``documents`` is written last: no table lists a document as done before
  its rows are on disk.
- **The agency registry is shared by documents.** ``agencies/<doc_id>.parquet`` holds the agencies
  that document contributed (the registry's columns plus ``doc_id``); :meth:`Store.read` merges the
  rows by ``agency_id`` (aliases united), as the single registry file used to be. Readers going to
  the files directly see one row per document and agency (``GROUP BY agency_id`` for the registry).
- **Compaction** (:meth:`Store.compact`) merges small files into ``part-*.parquet`` files of up to
  ``rows_per_file`` rows, keeping each document whole in one part; each part's metadata lists its
  documents. Re-running a document that sits in a part first rewrites that part without it (only
  the parts holding it, never the whole table), ``documents`` part first so the document stops
  counting as done, then writes its own files as usual. A journal (``_compaction.json``, which
  readers skip) makes a compaction that dies half way invisible to :meth:`Store.read` and is
  finished or undone by the next writer.
- **Migration.** A store of the earlier layout (``<out>/<table>.parquet``, one file per table) is
  read transparently, and converted by the first writer into ``<table>/part-migrated.parquet``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import os
import re
import socket
import stat
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .exitcodes import ExitCode, VnplanError
from .fsutil import atomic_path, atomic_paths, atomic_write_text, remove_stale_temps
from .schemas import RENAMED_COLUMNS, SCHEMAS, RowError, check_rows, stored_schema

if TYPE_CHECKING:
    from .objstore import ObjectStore

log = logging.getLogger(__name__)

_SORT_KEYS = {
    "documents": ["file_name", "doc_id"],
    "pages": ["doc_id", "page_no"],
    "words": ["doc_id", "page_no", "block", "par", "line", "word"],
    "sections": ["doc_id", "section_id"],
    "targets": ["doc_id", "target_id"],
    "tasks": ["doc_id", "task_id"],
    "checks": ["doc_id", "check_id"],
    "header_fields": ["doc_id", "ordinal", "field"],
    "agencies": ["agency_id", "doc_id"],
    "task_agencies": ["doc_id", "task_id", "role", "agency_id"],
}
# Written in this order; documents last so that a table never lists a document as done before
# its pages and extractions are on disk.
WRITE_ORDER = [
    "words", "pages", "sections", "targets", "tasks", "task_agencies", "header_fields", "checks", "agencies",
    "documents",
]  # fmt: skip

PART_PREFIX = "part-"
MIGRATED_PART = "part-migrated.parquet"
JOURNAL = "_compaction.json"  # leading underscore: pandas, pyarrow and *.parquet globs skip it
DOC_IDS_KEY = b"vnplan.doc_ids"  # schema metadata of a part: the documents it holds (JSON list)
ROWS_PER_FILE = 1_000_000
_SAFE_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,127}")


def _check_rows(rows: Mapping[str, list[dict]], doc_ids: list[str]) -> None:
    """Every row fits its table and belongs to a document being written, before anything is
    written: pyarrow's from_pylist would drop a misspelt key and write null, even into a
    non-nullable column."""
    for name, table_rows in rows.items():
        if name not in SCHEMAS:
            raise RowError(f"rows for an unknown table {name!r} (tables: {', '.join(SCHEMAS)})")
        check_rows(name, table_rows)
    unknown = {r["doc_id"] for rs in rows.values() for r in rs} - set(doc_ids)
    if unknown:
        raise ValueError(f"rows for documents not being written: {sorted(unknown)[:5]}")


class StoreLockedError(VnplanError):
    """Another process is writing to the folder (or the lock file is not safe to use)."""

    exit_code = ExitCode.busy


def open_store(location: str | Path) -> Store | ObjectStore:
    """The store at a local folder (:class:`Store`) or a URL on object storage
    (:class:`vnplan.objstore.ObjectStore`, ``s3://bucket/store``; needs fsspec and s3fs)."""
    from ingest.remote import is_url

    if is_url(location):
        from .objstore import ObjectStore

        return ObjectStore(str(location))
    return Store(location)


class Store:
    """The tables of one output folder. Writers call :meth:`locked` first, then :meth:`prepare`."""

    def __init__(self, out_dir: str | Path, *, durable: bool = True):
        self.dir = Path(out_dir)
        self.location = str(self.dir)  # as workers are told it (an ObjectStore's is its URL)
        # durable=False skips fsync (benchmarks build big stores quickly); renames stay atomic.
        self.durable = durable
        self._prepared = False
        self._parts: dict[str, dict[str, set[str]]] = {}  # table -> part file name -> doc ids

    # ---- layout -------------------------------------------------------------------------

    def table_dir(self, name: str) -> Path:
        return self.dir / name

    def legacy_path(self, name: str) -> Path:
        """Where the earlier layout kept the whole table in one file."""
        return self.dir / f"{name}.parquet"

    def doc_path(self, name: str, doc_id: str) -> Path:
        if not _SAFE_ID.fullmatch(doc_id) or doc_id.startswith(PART_PREFIX):
            raise ValueError(f"doc_id {doc_id!r} cannot name a file")
        return self.table_dir(name) / f"{doc_id}.parquet"

    def exists(self) -> bool:
        """Whether any run has written this folder (either layout)."""
        return bool(self.files("documents"))

    def _names(self, name: str) -> list[str]:
        """Names of the table's files in its folder that readers should take, sorted."""
        d = self.table_dir(name)
        if d.is_symlink() or not d.is_dir():
            return []
        # scandir's entry types need no stat per file: listing stays cheap in a folder of thousands.
        with os.scandir(d) as it:
            names = sorted(
                e.name
                for e in it
                if e.name.endswith(".parquet") and not e.name.startswith((".", "_")) and e.is_file(follow_symlinks=False)
            )
        journal = _read_journal(d)
        if journal is not None:
            parts, sources = set(journal["parts"]), set(journal["sources"])
            # A finished compaction whose sources are not all deleted yet: the parts hold their rows.
            # An unfinished one: its parts are incomplete, the sources still hold everything.
            drop = sources if all((d / p).exists() for p in parts) else parts
            names = [n for n in names if n not in drop]
        return names

    def files(self, name: str) -> list[Path]:
        """The files that make up the table now, as a reader should take them."""
        d = self.table_dir(name)
        files = [d / n for n in self._names(name)]
        legacy = self.legacy_path(name)
        if legacy.is_file() and not legacy.is_symlink() and not (d / MIGRATED_PART).exists():
            files.append(legacy)
        return files

    # ---- reading ------------------------------------------------------------------------

    def read_stored(self, name: str, doc_ids: Iterable[str] | None = None) -> pa.Table:
        """Every stored row as on disk (for agencies: one row per contributing document), cast to
        the current file schema (columns newer than a file come back null). With ``doc_ids``: only
        those documents' rows, reading only the files that hold them."""
        ids = None if doc_ids is None else list(doc_ids)
        for attempt in range(3):
            try:
                return self._read_stored(name, ids)
            except FileNotFoundError:  # a compaction or re-run removed a file we had listed
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _read_stored(self, name: str, doc_ids: list[str] | None) -> pa.Table:
        schema = stored_schema(name)
        files = self.files(name)
        wanted: set[str] | None = None
        d = self.table_dir(name)
        if doc_ids is not None:
            wanted = set(doc_ids)
            if not (d / JOURNAL).exists() and all(f.parent == d for f in files):
                # Cost follows the documents asked for, not the store's size.
                # A writer keeps its part index current; a reader looks afresh (a writer may have
                # compacted meanwhile).
                index = self._part_index(name) if self._prepared else self._scan_parts(name)
                files = [d / p for p, held in sorted(index.items()) if held & wanted]
                files += [p for i in sorted(wanted) if (p := self.doc_path(name, i)).is_file() and not p.is_symlink()]
        if not files:
            return _empty(schema)
        table = _load(name, files, schema)
        if wanted is not None:
            table = table.filter(pc.is_in(table.column("doc_id"), value_set=pa.array(sorted(wanted), pa.string())))
        return table

    def read(self, name: str, doc_ids: Iterable[str] | None = None) -> pa.Table:
        """The whole table (or these documents' rows), cast to the current schema and sorted;
        empty when not written yet."""
        table = self.read_stored(name, doc_ids)
        if name == "agencies":
            return _merge_agencies(table)
        return _sorted(table.select(SCHEMAS[name].names).cast(SCHEMAS[name]), name)

    def duckdb_sql(self, name: str) -> str | None:
        """A DuckDB query over the table's files (for ``CREATE VIEW``); None when it has none.
        For agencies it merges the per-document rows into the registry, as :meth:`read` does."""
        files = self.files(name)
        if not files:
            return None
        paths = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
        source = f"read_parquet([{paths}], union_by_name = true)"
        if name != "agencies":
            return f"SELECT {', '.join(_renamed_select(name, files))} FROM {source}"
        firsts = ", ".join(
            f"first({c} ORDER BY doc_id NULLS FIRST) FILTER (WHERE {c} IS NOT NULL) AS {c}"
            for c in ("name", "kind", "jurisdiction")
        )
        return (
            f"SELECT agency_id, {firsts}, list_sort(list_distinct(flatten(list(aliases)))) AS aliases "
            f"FROM {source} GROUP BY agency_id"
        )

    # ---- writing ------------------------------------------------------------------------

    def prepare(self) -> None:
        """Make the folder ready for writing (hold :meth:`locked`): clear temporary files of an
        interrupted run, finish or undo an interrupted compaction, convert the earlier layout."""
        self.dir.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(self.dir, ".*.parquet.tmp-*")  # only the store's own temps: report.html's are not ours
        for name in SCHEMAS:
            d = self.table_dir(name)
            if d.is_symlink() or (d.exists() and not d.is_dir()):
                raise StoreLockedError(f"{d} is not a plain folder (a link?): refusing to write through it")
            if d.is_dir():
                remove_stale_temps(d)
                self._recover_compaction(name)
        for name in WRITE_ORDER:
            self._migrate(name)
        self._prepared = True

    def replace_documents(self, doc_ids: Iterable[str], rows: Mapping[str, list[dict]]) -> None:
        """Write these documents' rows (every row carries its doc_id), replacing whatever the store
        held for them: one file per document per table, ``documents`` last."""
        if not self._prepared:
            self.prepare()
        ids = list(dict.fromkeys(doc_ids))
        for doc_id in ids:
            self.doc_path("documents", doc_id)  # validates the id before anything is written
        _check_rows(rows, ids)
        # Documents leaving a compacted part stop counting as done before any of their rows move.
        self._strip("documents", ids)
        for name in WRITE_ORDER:
            self._strip(name, ids)
            by_doc: dict[str, list[dict]] = defaultdict(list)
            for r in rows.get(name, []):
                by_doc[r["doc_id"]].append(r)
            schema = stored_schema(name)
            for doc_id in ids:
                table = pa.Table.from_pylist(by_doc.get(doc_id, []), schema=schema)
                self._write(self.doc_path(name, doc_id), _sorted(table, name))

    def strip_documents(self, doc_ids: Iterable[str]) -> None:
        """Take these documents out of the compacted parts that hold them (``documents`` first, so
        they stop counting as done), before their own files are written by :meth:`write_document`.
        Costs nothing when the store has no parts. Writers only (hold :meth:`locked`)."""
        if not self._prepared:
            self.prepare()
        ids = list(dict.fromkeys(doc_ids))
        self._strip("documents", ids)
        for name in WRITE_ORDER:
            self._strip(name, ids)

    def write_document(self, doc_id: str, rows: Mapping[str, list[dict]]) -> None:
        """Write one document's files, one per table, ``documents`` last, each atomically.

        Safe from worker processes (local or on a cluster) while the run holds the lock: it
        touches only this document's files (no :meth:`prepare`, no parts; the run has called
        :meth:`strip_documents` first), and doing it twice gives the same files, so a retried task
        is harmless."""
        self.doc_path("documents", doc_id)  # validates the id before anything is written
        _check_rows(rows, [doc_id])
        # All files are written to temporaries and flushed together, then renamed into place in
        # WRITE_ORDER (documents last): the first fsync commits the filesystem's journal for all of
        # them, the others find their data on disk. One fsync each cost 8 journal commits per
        # document, and workers writing at the same time queued behind each other's commits (2
        # workers ran 1.2x faster than 1).
        targets = [self.doc_path(name, doc_id) for name in WRITE_ORDER]
        with atomic_paths(targets, fsync=self.durable) as temps:
            for name, tmp in zip(WRITE_ORDER, temps, strict=True):
                table = pa.Table.from_pylist(list(rows.get(name, [])), schema=stored_schema(name))
                pq.write_table(_sorted(table, name), tmp, compression="zstd")

    def compact(self, rows_per_file: int = ROWS_PER_FILE) -> dict[str, tuple[int, int]]:
        """Merge each table's small files into ``part-*.parquet`` files of up to ``rows_per_file``
        rows (a document is never split; files already half full stay). Returns, per table, the
        number of files before and after."""
        if rows_per_file < 1:
            raise ValueError("rows_per_file must be at least 1")
        if not self._prepared:
            self.prepare()
        counts: dict[str, tuple[int, int]] = {}
        for name in WRITE_ORDER:
            files = self.files(name)
            small = [(f, pq.read_metadata(f).num_rows) for f in files]
            small = [(f, n) for f, n in small if n < max(1, rows_per_file // 2)]
            if len(small) > 1:
                self._compact_files(name, small, rows_per_file)
            counts[name] = (len(files), len(self.files(name)))
        return counts

    # ---- internals ----------------------------------------------------------------------

    def _write(self, path: Path, table: pa.Table) -> None:
        with atomic_path(path, fsync=self.durable) as tmp:
            pq.write_table(table, tmp, compression="zstd")

    def _part_index(self, name: str) -> dict[str, set[str]]:
        """Which documents each part file of the table holds (read from the parts' footers)."""
        if name not in self._parts:
            self._parts[name] = self._scan_parts(name)
        return self._parts[name]

    def _scan_parts(self, name: str) -> dict[str, set[str]]:
        d = self.table_dir(name)
        return {n: _part_doc_ids(d / n) for n in self._names(name) if n.startswith(PART_PREFIX)}

    def _strip(self, name: str, doc_ids: list[str]) -> None:
        """Rewrite the parts that hold any of these documents without their rows."""
        wanted = set(doc_ids)
        index = self._part_index(name)
        for part, held in list(index.items()):
            if not held & wanted:
                continue
            path = self.table_dir(name) / part
            table = _load(name, [path], stored_schema(name))
            keep = pc.invert(pc.is_in(table.column("doc_id"), value_set=pa.array(sorted(wanted), pa.string())))
            table = table.filter(pc.fill_null(keep, True))  # null doc_id: migrated agency rows stay
            remaining = held - wanted
            if table.num_rows == 0 and not remaining:
                path.unlink()
                del index[part]
            else:
                self._write(path, _with_doc_ids(table, remaining))
                index[part] = remaining
            log.debug("%s: rewrote %s without %d re-run documents", name, part, len(held & wanted))

    def _compact_files(self, name: str, small: list[tuple[Path, int]], rows_per_file: int) -> None:
        d = self.table_dir(name)
        chunks: list[list[Path]] = [[]]
        rows = 0
        for f, n in small:  # files are whole documents (or whole parts): never split one
            if chunks[-1] and rows + n > rows_per_file:
                chunks.append([])
                rows = 0
            chunks[-1].append(f)
            rows += n
        names = [f"{PART_PREFIX}{uuid.uuid4().hex[:12]}.parquet" for _ in chunks]
        sources = [f.name for f, _ in small]
        outside = [f for f, _ in small if f.parent != d]  # the legacy single file (prepare migrated it)
        if outside:
            raise RuntimeError(f"cannot compact {outside[0]}: not in {d}")
        atomic_write_text(d / JOURNAL, json.dumps({"parts": names, "sources": sources}))
        schema = stored_schema(name)
        for part, chunk in zip(names, chunks, strict=True):
            table = _load(name, chunk, schema)
            # Only documents with rows here: re-running one without (a failed file is retried every
            # run) must not rewrite the part.
            ids = set(table.column("doc_id").drop_null().unique().to_pylist())
            self._write(d / part, _with_doc_ids(_sorted(table, name), ids))
        self._finish_compaction(d)
        self._parts.pop(name, None)
        log.info("%s: %d files merged into %d", name, len(sources), len(names))

    def _finish_compaction(self, d: Path) -> None:
        journal = _read_journal(d)
        if journal is None:
            return
        done = all((d / p).exists() for p in journal["parts"])
        if done and self.durable:
            _fsync_dir(d)  # the parts' names are on disk before the files they replace go
        for f in journal["sources"] if done else journal["parts"]:
            (d / f).unlink(missing_ok=True)
        (d / JOURNAL).unlink()
        if self.durable:
            _fsync_dir(d)

    def _recover_compaction(self, name: str) -> None:
        d = self.table_dir(name)
        if (d / JOURNAL).exists():
            log.warning("%s: finishing a compaction an interrupted run left", d)
            self._finish_compaction(d)
            self._parts.pop(name, None)

    def _migrate(self, name: str) -> None:
        """Convert ``<out>/<name>.parquet`` (the earlier layout) into the table's folder."""
        legacy = self.legacy_path(name)
        if legacy.is_symlink() or not legacy.is_file():
            return
        target = self.table_dir(name) / MIGRATED_PART
        if not target.exists():
            table = pq.read_table(legacy)
            renamed = RENAMED_COLUMNS.get(name, {})
            table = _conform(table.rename_columns([renamed.get(c, c) for c in table.column_names]), stored_schema(name))
            ids = set(table.column("doc_id").drop_null().unique().to_pylist())
            self._write(target, _with_doc_ids(_sorted(table, name), ids))
            log.info("converted %s to %s (one file per document from now on)", legacy.name, target)
        legacy.unlink()  # the migrated part holds every row (readers skip the old file once it exists)
        self._parts.pop(name, None)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """One writer at a time per output folder (see :func:`hold_lock`)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        with hold_lock(self.dir / ".lock"):
            yield


# ---- the lock -------------------------------------------------------------------------------

_HELD_LOCK_FDS: set[int] = set()


def _close_lock_fds_in_child() -> None:
    # A forked worker (the page pool forks) would share the lock's open file description and keep
    # the flock after its parent died (kill -9), refusing every later run. Children drop it.
    for fd in _HELD_LOCK_FDS:
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD_LOCK_FDS.clear()


os.register_at_fork(after_in_child=_close_lock_fds_in_child)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed process its parent has not reaped yet is a zombie: gone for our purpose
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def _lock_owner(content: bytes) -> tuple[int | None, str]:
    """PID and host name a lock file records ("<pid> <host>"; an older vnplan wrote only the PID)."""
    fields = content.decode("utf-8", "replace").split()
    if not fields or not fields[0].isdigit():
        return None, ""
    return int(fields[0]), fields[1] if len(fields) > 1 else socket.gethostname()


def _open_lock(path: Path) -> tuple[int, os.stat_result]:
    """Open (or create) the lock file without following a link and without truncating it."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise StoreLockedError(
                f"{path} is a symbolic link (not made by vnplan): remove it and run again"
            ) from e
        raise
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
        os.close(fd)
        # Writing our PID into a hard link would change another file.
        raise StoreLockedError(f"{path} is not a plain file of its own: remove it and run again")
    return fd, st


@contextlib.contextmanager
def hold_lock(path: Path) -> Iterator[None]:
    """Exclusive flock on ``path``, which records the holder's PID and host name.

    The fd is close-on-exec and closed in forked children, so only this process holds the lock and
    it is released when this process dies, however it dies. A lock still held although the PID it
    names is gone (workers of an older vnplan that outlived a killed run) is taken over: the lock
    file is replaced, with a warning naming the PID. A holder on another host is never presumed dead."""
    for attempt in range(2):
        fd, st = _open_lock(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner, host = _lock_owner(os.pread(fd, 300, 0))
            os.close(fd)
            # Only a PID of this machine can be checked: a holder on another host (a shared or
            # network folder, another container) may well be alive.
            local = host == socket.gethostname()
            if attempt == 0 and owner is not None and local and owner != os.getpid() and not _pid_alive(owner):
                log.warning(
                    "%s is held by processes left over from vnplan run %d, which is gone: taking the lock over "
                    "(leftover workers write nothing; they may be killed)",
                    path,
                    owner,
                )
                with contextlib.suppress(FileNotFoundError):
                    now = os.lstat(path)
                    if (now.st_dev, now.st_ino) == (st.st_dev, st.st_ino):  # not replaced meanwhile
                        os.unlink(path)
                continue
            who = f" (pid {owner}{'' if local else f' on {host}'})" if owner is not None else ""
            raise StoreLockedError(f"another vnplan run{who} is writing to {path.parent}") from None
        break
    else:  # pragma: no cover - the loop always breaks or raises
        raise StoreLockedError(f"could not lock {path}")
    _HELD_LOCK_FDS.add(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {socket.gethostname()}\n".encode(), 0)
        yield
    finally:
        _HELD_LOCK_FDS.discard(fd)
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


# ---- helpers --------------------------------------------------------------------------------


def _quote(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _sorted(table: pa.Table, name: str) -> pa.Table:
    keys = [k for k in _SORT_KEYS.get(name, []) if k in table.column_names]
    if keys and table.num_rows > 1:
        table = table.sort_by([(k, "ascending") for k in keys])
    return table


def _with_doc_ids(table: pa.Table, doc_ids: Iterable[str]) -> pa.Table:
    meta = dict(table.schema.metadata or {})
    meta[DOC_IDS_KEY] = json.dumps(sorted(doc_ids)).encode()
    return table.replace_schema_metadata(meta)


def _part_doc_ids(path: Path) -> set[str]:
    meta = pq.read_schema(path).metadata or {}
    if DOC_IDS_KEY in meta:
        return set(json.loads(meta[DOC_IDS_KEY]))
    return set(pq.read_table(path, columns=["doc_id"]).column("doc_id").drop_null().unique().to_pylist())


def _read_journal(d: Path) -> dict | None:
    try:
        return json.loads((d / JOURNAL).read_text())
    except FileNotFoundError:
        return None


def _fsync_dir(d: Path) -> None:
    fd = os.open(d, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _merge_agencies(stored: pa.Table) -> pa.Table:
    """The registry from the per-document rows: one row per agency_id, aliases united. Rows carried
    over from a single-file store come first, then documents in doc_id order (first name wins)."""
    merged: dict[str, dict] = {}
    rows = sorted(stored.to_pylist(), key=lambda r: (r["doc_id"] is not None, r["doc_id"] or ""))
    for r in rows:
        aliases = set(r.pop("aliases") or [])
        r.pop("doc_id")
        cur = merged.get(r["agency_id"])
        if cur is None:
            merged[r["agency_id"]] = dict(r, aliases=aliases)
        else:
            cur["aliases"] |= aliases
            for k, v in r.items():
                if cur.get(k) is None:
                    cur[k] = v
    out = [dict(r, aliases=sorted(r["aliases"])) for r in merged.values()]
    return _sorted(pa.Table.from_pylist(out, schema=SCHEMAS["agencies"]), "agencies")


def _empty(schema: pa.Schema) -> pa.Table:
    """A table of no rows: ``schema.empty_table()`` imports pandas (~0.2 s, for every ingest that
    asks a new store which documents are done); an empty list of batches does not."""
    return pa.Table.from_batches([], schema=schema)


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` in ``schema``: its columns cast, the ones it lacks null."""
    cols = [table.column(f.name).cast(f.type) if f.name in table.column_names else pa.nulls(len(table), f.type)
            for f in schema]
    return pa.Table.from_arrays(cols, schema=schema)


def _load(name: str, files: list[Path], schema: pa.Schema) -> pa.Table:
    """The rows of these files of table ``name`` in ``schema``. Files written before a column was renamed
    (RENAMED_COLUMNS: tasks.group, words.left, ...) are read with the new names, with a warning: a plain
    dataset read would give the new column as null and drop the old one, and a compaction would lose it."""
    renamed = RENAMED_COLUMNS.get(name, {})
    old = [f for f in files if renamed.keys() & set(pq.read_schema(f).names)] if renamed else []
    new = [str(f) for f in files if f not in old]
    # Imported here: pyarrow.dataset imports pandas, ~0.25 s for every process that only writes
    # (the page workers' fork server) or reads nothing (an ingest into a new store).
    import pyarrow.dataset as ds

    parts = [ds.dataset(new, schema=schema, format="parquet").to_table()] if new else []
    if old:
        log.warning("%s: %d file(s) written by an earlier version name columns %s; read under the new names "
                    "(%s). `vnplan compact` rewrites them in the current schema.", name, len(old),
                    sorted(renamed), ", ".join(f"{a} -> {b}" for a, b in renamed.items()))
        for f in old:
            t = pq.read_table(f)
            parts.append(_conform(t.rename_columns([renamed.get(c, c) for c in t.column_names]), schema))
    if not parts:
        return _empty(schema)
    return pa.concat_tables(parts) if len(parts) > 1 else parts[0]


def _renamed_select(name: str, files: list[Path]) -> list[str]:
    """The SELECT list of a table's columns over its files; a column files of an earlier version hold under
    its old name (RENAMED_COLUMNS) is read from there too."""
    renamed = {new: old for old, new in RENAMED_COLUMNS.get(name, {}).items()}
    present: set[str] = set()
    if renamed:
        for f in files:
            present |= set(pq.read_schema(f).names)
    out = []
    for c in SCHEMAS[name].names:
        old = renamed.get(c)
        if old in present:
            expr = f"COALESCE({_quote(c)}, {_quote(old)})" if c in present else _quote(old)
            out.append(f"{expr} AS {_quote(c)}")
        else:
            out.append(_quote(c))
    return out

