"""The partitioned Parquet store: one file per document per table, atomic, replaced on re-run,
readable as one table by pandas, pyarrow.dataset and DuckDB; migration of the one-file layout;
compaction; the writers' lock."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from vnplan import store as store_mod
from vnplan.cli import app
from vnplan.exitcodes import ExitCode
from vnplan.pipeline import Options, run
from vnplan.schemas import SCHEMAS, blank_row
from vnplan.store import JOURNAL, MIGRATED_PART, WRITE_ORDER, Store, StoreLockedError

duckdb = pytest.importorskip("duckdb")

ROOT = Path(__file__).resolve().parent.parent


def doc_rows(i: int, n_tasks: int = 3, version: str = "a") -> tuple[str, dict[str, list[dict]]]:
    """Rows of one synthetic document for every table (agencies shared across documents)."""
    did = f"{i:016x}"
    tasks = [
        {"task_id": f"{did}:k{j}", "doc_id": did, "text": f"Nhiệm vụ {j} ({version})", "task_no": str(j)}
        for j in range(n_tasks)
    ]
    tables = {
        "documents": [{"doc_id": did, "file_name": f"kh-{i:03d}.txt", "status": "ok", "n_pages": 1}],
        "pages": [{"doc_id": did, "page_no": 1, "method": "text", "text_raw": "Kế hoạch", "text": "Kế hoạch"}],
        "words": [{"doc_id": did, "page_no": 1, "block": 1, "par": 1, "line": 1, "word": w, "text": "x"} for w in range(4)],
        "sections": [{"doc_id": did, "section_id": f"{did}:I", "label": "I", "heading": "Mục đích"}],
        "targets": [{"target_id": f"{did}:t1", "doc_id": did, "value": 97.0, "unit": "%"}],
        "tasks": tasks,
        "task_agencies": [
            {"task_id": t["task_id"], "doc_id": did, "agency_id": "ubnd-xa", "role": "lead", "mention": "UBND xã"}
            for t in tasks
        ],
        "agencies": [
            {"doc_id": did, "agency_id": "ubnd-xa", "name": "UBND xã", "kind": "ubnd", "aliases": [f"UBND xã {i}"]},
            {"doc_id": did, "agency_id": f"phong-{i % 3}", "name": f"Phòng {i % 3}", "kind": "phòng", "aliases": []},
        ],
    }
    # the store takes complete rows only: the columns left out here are null on purpose
    return did, {name: [blank_row(name, **r) for r in rs] for name, rs in tables.items()}


def add(store: Store, *docs: tuple[str, dict[str, list[dict]]]) -> None:
    rows: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
    for _, r in docs:
        for name, rs in r.items():
            rows[name].extend(rs)
    with store.locked():
        store.replace_documents([d for d, _ in docs], rows)


def all_tables(store: Store) -> dict[str, pa.Table]:
    return {name: store.read(name) for name in SCHEMAS}


# ---- layout, readers, replacement -----------------------------------------------------------


def test_one_file_per_document_read_as_one_table_by_pandas_pyarrow_duckdb(tmp_path: Path):
    store = Store(tmp_path)
    add(store, *(doc_rows(i) for i in range(5)))
    for name in SCHEMAS:
        files = sorted(p.name for p in (tmp_path / name).iterdir())
        assert files == [f"{i:016x}.parquet" for i in range(5)], name
    keys = {"tasks": ["task_id", "text"], "words": ["doc_id", "word"], "documents": ["doc_id", "file_name"]}
    keys["task_agencies"] = ["task_id", "agency_id"]
    for name, cols in keys.items():
        want = sorted(store.read(name).select(cols).to_pylist(), key=str)
        by_pandas = pd.read_parquet(tmp_path / name)
        by_arrow = ds.dataset(tmp_path / name, format="parquet").to_table().to_pandas()
        glob = str(tmp_path / name / "*.parquet").replace("'", "''")
        by_duckdb = duckdb.sql(f"SELECT * FROM read_parquet('{glob}')").df()
        assert len(want) == {"tasks": 15, "words": 20, "documents": 5, "task_agencies": 15}[name]
        for got in (by_pandas, by_arrow, by_duckdb):
            assert sorted(got[cols].to_dict("records"), key=str) == want, name
    # Every file carries the schema with its column descriptions.
    schema = pq.read_schema(tmp_path / "tasks" / f"{3:016x}.parquet")
    assert schema.field("deadline_date").metadata[b"description"].startswith(b"Deadline as a date")
    # The agency registry: one row per agency, aliases of every document united.
    agencies = store.read("agencies").to_pandas().set_index("agency_id")
    assert sorted(agencies.index) == ["phong-0", "phong-1", "phong-2", "ubnd-xa"]
    assert list(agencies.loc["ubnd-xa", "aliases"]) == [f"UBND xã {i}" for i in range(5)]
    assert store.read("agencies").schema.equals(SCHEMAS["agencies"])
    # DuckDB through the store's query gives the same registry.
    reg = duckdb.sql(store.duckdb_sql("agencies")).df().set_index("agency_id").sort_index()
    assert list(reg.loc["ubnd-xa", "aliases"]) == [f"UBND xã {i}" for i in range(5)]
    assert len(reg) == 4


def test_rerun_replaces_a_documents_rows_never_duplicates(tmp_path: Path):
    store = Store(tmp_path)
    add(store, *(doc_rows(i) for i in range(3)))
    add(store, doc_rows(1, n_tasks=1, version="b"))
    add(store, doc_rows(1, n_tasks=1, version="b"))
    tasks = store.read("tasks").to_pandas()
    assert len(tasks) == 3 + 1 + 3
    assert tasks[tasks.doc_id == f"{1:016x}"].text.tolist() == ["Nhiệm vụ 0 (b)"]
    assert len(pd.read_parquet(tmp_path / "tasks")) == 7
    assert store.read("documents").to_pandas().doc_id.is_unique


def test_adding_a_document_writes_only_its_own_files(tmp_path: Path, monkeypatch):
    """Cost flat in store size: adding one document touches one new file per table, nothing else."""
    store = Store(tmp_path, durable=False)
    add(store, *(doc_rows(i) for i in range(30)))
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.parquet")}
    written: list[Path] = []
    real = pq.write_table
    monkeypatch.setattr(pq, "write_table", lambda t, where, **kw: (written.append(Path(where)), real(t, where, **kw)))
    add(Store(tmp_path), doc_rows(99))
    assert len(written) == len(SCHEMAS)
    assert {p: p.stat().st_mtime_ns for p in before} == before  # no other file rewritten
    assert store.read("documents").num_rows == 31


def test_documents_are_written_last(tmp_path: Path, monkeypatch):
    order: list[str] = []
    real = pq.write_table
    monkeypatch.setattr(
        pq, "write_table", lambda t, where, **kw: (order.append(Path(where).parent.name), real(t, where, **kw))
    )
    add(Store(tmp_path), doc_rows(1), doc_rows(2))
    assert order[-2:] == ["documents", "documents"] and "documents" not in order[:-2]
    assert [n for i, n in enumerate(order) if i == 0 or order[i - 1] != n] == WRITE_ORDER


def test_an_interrupted_write_leaves_the_previous_file(tmp_path: Path, monkeypatch):
    store = Store(tmp_path)
    add(store, doc_rows(1), doc_rows(2))
    path = tmp_path / "tasks" / f"{1:016x}.parquet"
    old = path.read_bytes()
    real = pq.write_table

    def dying(table, where, **kw):
        if Path(where).parent.name == "tasks":
            Path(where).write_bytes(b"PAR1 half a file")
            raise KeyboardInterrupt("simulated Ctrl-C")
        return real(table, where, **kw)

    monkeypatch.setattr(pq, "write_table", dying)
    with pytest.raises(KeyboardInterrupt):
        add(Store(tmp_path), doc_rows(1, n_tasks=1, version="b"))
    monkeypatch.setattr(pq, "write_table", real)
    assert path.read_bytes() == old
    assert not list(tmp_path.rglob(".*tmp*"))
    assert len(store.read("tasks")) == 6


def test_bad_doc_id_and_foreign_rows_are_refused(tmp_path: Path):
    store = Store(tmp_path)
    with store.locked(), pytest.raises(ValueError):
        store.replace_documents(["../escape"], {})
    did, rows = doc_rows(1)
    with store.locked(), pytest.raises(ValueError, match="not being written"):
        store.replace_documents(["0000000000000002"], rows)
    assert not (tmp_path / "escape.parquet").exists()


def test_real_run_lands_one_file_per_document(tmp_path: Path, seed_paths):
    raw = tmp_path / "raw"
    raw.mkdir()
    for key in ("003", "004"):
        shutil.copy(seed_paths[key], raw)
    out = tmp_path / "out"
    summary = run([raw], out, Options(restore=False, progress=False, workers=1))
    assert len(summary.ok) == 2
    store = Store(out)
    docs = store.read("documents").to_pandas()
    for name in SCHEMAS:
        assert sorted(p.stem for p in store.files(name)) == sorted(docs.doc_id), name
    tasks = store.read("tasks").to_pandas()
    assert len(tasks) > 10 and len(pd.read_parquet(out / "tasks")) == len(tasks)
    glob = str(out / "tasks" / "*.parquet")
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{glob}')").fetchall()[0][0] == len(tasks)
    # Every task_agencies row finds its agency in the merged registry.
    agencies = store.read("agencies").to_pandas()
    assert agencies.agency_id.is_unique
    assert set(store.read("task_agencies").to_pandas().agency_id) <= set(agencies.agency_id)
    # A forced re-run replaces the files; counts stay.
    before = {name: store.read(name).num_rows for name in SCHEMAS}
    run([raw], out, Options(restore=False, progress=False, workers=1, force=True))
    assert {name: store.read(name).num_rows for name in SCHEMAS} == before
    # After compaction a run still knows what is done.
    store.compact()
    again = run([raw], out, Options(restore=False, progress=False, workers=1))
    assert len(again.skipped) == 2 and not again.ok
    assert {name: Store(out).read(name).num_rows for name in SCHEMAS} == before


def test_reading_some_documents_reads_only_their_files(tmp_path: Path):
    store = Store(tmp_path, durable=False)
    add(store, *(doc_rows(i) for i in range(6)))
    store.compact(rows_per_file=6)  # tasks: parts of 2 documents
    add(store, doc_rows(1, n_tasks=1, version="b"), doc_rows(8))
    want = {f"{i:016x}" for i in (1, 4, 8, 77)}
    tasks = Store(tmp_path).read("tasks", want).to_pandas()
    assert sorted(tasks.text) == sorted(["Nhiệm vụ 0 (b)"] + [f"Nhiệm vụ {j} (a)" for j in range(3)] * 2)
    assert set(Store(tmp_path).read("documents", want).to_pandas().doc_id) == want - {f"{77:016x}"}
    old_layout_store(tmp_path / "old")
    assert Store(tmp_path / "old").read("tasks", [f"{2:016x}"]).num_rows == 3


# ---- migration ------------------------------------------------------------------------------


def old_layout_store(out: Path, n: int = 4) -> dict[str, pa.Table]:
    """A store as the earlier layout wrote it: one <table>.parquet per table, the agency registry
    already merged, and a tasks file from before `deadline_quarter` existed."""
    out.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
    for i in range(n):
        for name, rs in doc_rows(i)[1].items():
            rows[name].extend(rs)
    registry: dict[str, dict] = {}
    for a in rows.pop("agencies"):
        a = {k: v for k, v in a.items() if k != "doc_id"}
        cur = registry.setdefault(a["agency_id"], dict(a, aliases=[]))
        cur["aliases"] = sorted(set(cur["aliases"]) | set(a["aliases"]))
    rows["agencies"] = list(registry.values())
    tables = {}
    for name in SCHEMAS:
        table = pa.Table.from_pylist(rows[name], schema=SCHEMAS[name])
        if name == "tasks":
            table = table.drop_columns(["deadline_quarter"])
        pq.write_table(table, out / f"{name}.parquet")
        tables[name] = table
    return tables


def test_old_layout_is_read_transparently_and_converted_on_first_write(tmp_path: Path):
    old = old_layout_store(tmp_path)
    store = Store(tmp_path)
    read = all_tables(store)  # no lock, no change on disk
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{n}.parquet" for n in SCHEMAS)
    assert read["tasks"].num_rows == old["tasks"].num_rows == 12
    assert read["tasks"].column("deadline_quarter").null_count == 12
    assert read["agencies"].num_rows == 4

    add(store, doc_rows(1, n_tasks=1, version="b"), doc_rows(7))  # re-run one old document, add one
    assert not list(tmp_path.glob("*.parquet")), "the one-file tables are gone"
    for name in SCHEMAS:
        assert (tmp_path / name / MIGRATED_PART).exists(), name
    tasks = store.read("tasks").to_pandas()
    assert len(tasks) == 12 - 3 + 1 + 3
    assert tasks[tasks.doc_id == f"{1:016x}"].text.tolist() == ["Nhiệm vụ 0 (b)"]
    assert store.read("documents").to_pandas().doc_id.is_unique
    assert store.read("documents").num_rows == 5
    aliases = store.read("agencies").to_pandas().set_index("agency_id").loc["ubnd-xa", "aliases"]
    assert set(aliases) == {f"UBND xã {i}" for i in (0, 1, 2, 3, 7)}
    # Readers of the files see the migrated part plus the new documents' files.
    assert len(pd.read_parquet(tmp_path / "tasks")) == len(tasks)


def test_migration_interrupted_after_the_part_is_written(tmp_path: Path):
    old_layout_store(tmp_path)
    store = Store(tmp_path)
    want = all_tables(store)
    # Simulate a crash after writing the migrated part, before the old file was removed.
    (tmp_path / "tasks").mkdir()
    with Store(tmp_path).locked():
        Store(tmp_path)._migrate("tasks")
    shutil.copy(tmp_path / "tasks" / MIGRATED_PART, tmp_path / "tmp.parquet")
    old_layout_store(tmp_path)  # the old tasks.parquet is back beside the part
    (tmp_path / "tmp.parquet").unlink()
    assert store.read("tasks").num_rows == want["tasks"].num_rows  # not twice
    with store.locked():
        store.prepare()
    assert {n: t.num_rows for n, t in all_tables(Store(tmp_path)).items()} == {n: t.num_rows for n, t in want.items()}


def test_files_with_renamed_columns_are_read_under_the_new_names(tmp_path: Path, caplog):
    """Files written before tasks.group and words.left/top/width/height were renamed (SQL reserved words)
    keep their values: read, exported through DuckDB and compacted under the new names, with a warning."""
    store = Store(tmp_path, durable=False)
    add(store, doc_rows(1), doc_rows(2))
    for name, renames in (("tasks", {"task_group": "group"}),
                          ("words", {"box_left": "left", "box_top": "top", "box_width": "width", "box_height": "height"})):
        path = tmp_path / name / f"{1:016x}.parquet"
        t = pq.read_table(path)
        if name == "tasks":
            t = t.set_column(t.column_names.index("task_group"), "task_group", pa.array(["Cải cách thể chế"] * 3))
        else:
            t = t.set_column(t.column_names.index("box_left"), "box_left", pa.array([10, 20, 30, 40], pa.int32()))
        pq.write_table(t.rename_columns([renames.get(c, c) for c in t.column_names]), path)  # an old file
    with caplog.at_level(logging.WARNING, logger="vnplan.store"):
        tasks = store.read("tasks").to_pandas()
    assert "group -> task_group" in caplog.text and "vnplan compact" in caplog.text
    assert tasks[tasks.doc_id == f"{1:016x}"].task_group.tolist() == ["Cải cách thể chế"] * 3
    assert store.read("words").to_pandas().box_left.dropna().tolist() == [10, 20, 30, 40]
    got = duckdb.sql(store.duckdb_sql("tasks")).df()
    assert (got.task_group == "Cải cách thể chế").sum() == 3
    store.compact()
    assert store.read("tasks").to_pandas().task_group.notna().sum() == 3
    assert "group" not in pq.read_schema(store.files("tasks")[0]).names


# ---- compaction -----------------------------------------------------------------------------


def test_compaction_merges_files_and_keeps_every_row(tmp_path: Path):
    store = Store(tmp_path, durable=False)
    add(store, *(doc_rows(i) for i in range(40)))
    before = all_tables(store)
    counts = store.compact()
    assert counts["tasks"] == (40, 1) and counts["documents"] == (40, 1)
    assert len(list((tmp_path / "tasks").glob("*.parquet"))) == 1
    after = all_tables(store)
    for name in SCHEMAS:
        assert after[name].equals(before[name]), name
    assert len(pd.read_parquet(tmp_path / "words")) == before["words"].num_rows
    glob = str(tmp_path / "tasks" / "*.parquet")
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{glob}')").fetchall()[0][0] == 120
    assert json.loads(pq.read_schema(store.files("documents")[0]).metadata[b"vnplan.doc_ids"]) == sorted(
        f"{i:016x}" for i in range(40)
    )


def test_rerun_after_compaction_rewrites_only_the_part_holding_the_document(tmp_path: Path):
    store = Store(tmp_path, durable=False)
    add(store, *(doc_rows(i) for i in range(12)))
    store.compact(rows_per_file=12)  # tasks: 3 rows per document -> parts of 4 documents
    parts = {p.name: p.read_bytes() for p in (tmp_path / "tasks").glob("part-*.parquet")}
    assert len(parts) == 3
    holder = next(n for n in parts if f"{5:016x}" in json.loads(pq.read_schema(tmp_path / "tasks" / n).metadata[b"vnplan.doc_ids"]))
    add(store, doc_rows(5, n_tasks=1, version="b"))
    now = {p.name: p.read_bytes() for p in (tmp_path / "tasks").glob("part-*.parquet")}
    assert {n for n in parts if now.get(n) != parts[n]} == {holder}, "only the holding part is rewritten"
    assert (tmp_path / "tasks" / f"{5:016x}.parquet").exists()
    tasks = Store(tmp_path).read("tasks").to_pandas()
    assert len(tasks) == 12 * 3 - 2 and tasks.task_id.is_unique
    assert Store(tmp_path).read("documents").to_pandas().doc_id.is_unique
    assert len(pd.read_parquet(tmp_path / "tasks")) == len(tasks)
    # A second compaction folds the document back in.
    Store(tmp_path).compact(rows_per_file=1000)
    assert len(list((tmp_path / "tasks").glob("*.parquet"))) == 1
    assert Store(tmp_path).read("tasks").num_rows == len(tasks)


def test_compaction_interrupted_is_invisible_and_finished_by_the_next_writer(tmp_path: Path, monkeypatch):
    store = Store(tmp_path, durable=False)
    add(store, *(doc_rows(i) for i in range(6)))
    want = all_tables(store)
    # Crash after the parts are written, before the merged files are deleted.
    monkeypatch.setattr(Store, "_finish_compaction", lambda self, d: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        Store(tmp_path).compact()
    monkeypatch.undo()
    assert (tmp_path / "words" / JOURNAL).exists()
    assert all_tables(Store(tmp_path))["words"].equals(want["words"])  # no duplicates meanwhile
    # Crash while writing a part: sources stay authoritative.
    real = pq.write_table
    monkeypatch.setattr(pq, "write_table", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        Store(tmp_path).compact()  # prepare finishes words, then pages' part fails
    monkeypatch.setattr(pq, "write_table", real)
    assert all_tables(Store(tmp_path)) == want
    with Store(tmp_path).locked():
        Store(tmp_path).prepare()
    assert not list(tmp_path.rglob(JOURNAL))
    assert len(list((tmp_path / "words").glob("*.parquet"))) == 1
    assert all_tables(Store(tmp_path)) == want


def test_compact_command(tmp_path: Path):
    add(Store(tmp_path), *(doc_rows(i) for i in range(5)))
    result = CliRunner().invoke(app, ["compact", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in SCHEMAS:
        assert len(Store(tmp_path).files(name)) == 1, name
    assert Store(tmp_path).read("tasks").num_rows == 15
    assert CliRunner().invoke(app, ["compact", "--data", str(tmp_path / "nothing")]).exit_code == ExitCode.store_unreadable


# ---- the lock and links ---------------------------------------------------------------------


def test_planted_lock_symlink_never_touches_its_target(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (out / ".lock").symlink_to(victim)
    src = tmp_path / "a.txt"
    src.write_text("Kế hoạch cải cách hành chính năm 2025\n", encoding="utf-8")
    with pytest.raises(StoreLockedError, match="symbolic link"):
        run([src], out, Options(restore=False, extract=False, progress=False, workers=1))
    assert victim.read_text() == "keep me"
    # A hard link would have the PID written into the other file: refused too.
    (out / ".lock").unlink()
    os.link(victim, out / ".lock")
    with pytest.raises(StoreLockedError, match="plain file"), Store(out).locked():
        pass
    assert victim.read_text() == "keep me"


def test_lock_records_the_pid_is_not_inheritable_and_refuses_a_second_writer(tmp_path: Path):
    store = Store(tmp_path)
    with store.locked():
        assert (tmp_path / ".lock").read_text().split() == [str(os.getpid()), socket.gethostname()]
        (fd,) = store_mod._HELD_LOCK_FDS
        assert not os.get_inheritable(fd)
        with pytest.raises(StoreLockedError, match=f"pid {os.getpid()}"), Store(tmp_path).locked():
            pass
    with Store(tmp_path).locked():  # released on exit
        pass


HOLDER = """
import os, sys, time
from concurrent.futures import ProcessPoolExecutor
sys.path.insert(0, {root!r})
from vnplan.store import Store

def sleeper():
    time.sleep(60)

if __name__ == "__main__":
    with Store({out!r}).locked():
        pool = ProcessPoolExecutor(1)  # forks a worker, as the page pool does
        pool.submit(sleeper)
        time.sleep(0.5)
        print(" ".join(str(p) for p in pool._processes), flush=True)
        time.sleep(60)
"""

# What an earlier vnplan left behind: a flock whose fd a forked worker inherited.
OLD_HOLDER = """
import fcntl, os, sys, time
fd = os.open({lock!r}, os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
os.write(fd, str(os.getpid()).encode())
child = os.fork()
if child == 0:
    time.sleep(60)
    os._exit(0)
print(child, flush=True)
time.sleep(60)
"""


def _spawn(code: str) -> tuple[subprocess.Popen, list[int]]:
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert line.strip(), "holder did not start"
    return proc, [int(p) for p in line.split()]


def _kill9(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)


def _cleanup(pids: list[int]) -> None:
    for pid in pids:  # the orphans this test made, by their PIDs
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def test_workers_of_a_killed_run_do_not_keep_the_lock(tmp_path: Path):
    out = tmp_path / "out"
    proc, workers = _spawn(HOLDER.format(root=str(ROOT), out=str(out)))
    try:
        with pytest.raises(StoreLockedError), Store(out).locked():
            pass
        _kill9(proc)
        assert workers and all(store_mod._pid_alive(w) for w in workers), "the forked worker outlives its parent"
        with Store(out).locked():  # the next run proceeds
            assert (out / ".lock").read_text().split()[0] == str(os.getpid())
    finally:
        if proc.poll() is None:
            _kill9(proc)
        _cleanup(workers)


def test_a_lock_left_by_a_dead_run_is_taken_over(tmp_path: Path, caplog):
    out = tmp_path / "out"
    out.mkdir()
    proc, (orphan,) = _spawn(OLD_HOLDER.format(lock=str(out / ".lock")))
    try:
        dead = proc.pid
        _kill9(proc)
        assert store_mod._pid_alive(orphan)  # still holding the flock
        src = tmp_path / "a.txt"
        src.write_text("Kế hoạch cải cách hành chính năm 2025\n", encoding="utf-8")
        with caplog.at_level(logging.WARNING, logger="vnplan.store"):
            summary = run([src], out, Options(restore=False, extract=False, progress=False, workers=1))
        assert len(summary.ok) == 1
        assert f"vnplan run {dead}, which is gone" in caplog.text
        assert Store(out).read("documents").num_rows == 1
    finally:
        if proc.poll() is None:
            _kill9(proc)
        _cleanup([orphan])


def test_stale_temps_are_removed_without_following_links(tmp_path: Path):
    store = Store(tmp_path)
    add(store, doc_rows(1))
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / "tasks" / ".x.parquet.tmp-abc").write_bytes(b"PAR1 half")
    (tmp_path / "tasks" / ".y.parquet.tmp-def").symlink_to(victim)
    (tmp_path / ".tasks.parquet.tmp-123").write_bytes(b"old layout temp")
    (tmp_path / ".report.html.tmp-9").write_text("a report being written by someone else")
    with store.locked():
        store.prepare()
    assert not list((tmp_path / "tasks").glob(".*tmp*"))
    assert not (tmp_path / ".tasks.parquet.tmp-123").exists()
    assert (tmp_path / ".report.html.tmp-9").exists()  # not the store's
    assert victim.read_text() == "keep me"


def test_a_table_folder_planted_as_a_link_is_refused(tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "tasks").symlink_to(elsewhere)
    with pytest.raises(StoreLockedError, match="not a plain folder"):
        add(Store(out), doc_rows(1))
    assert not list(elsewhere.iterdir())


def test_lock_is_released_when_the_holder_dies_quickly(tmp_path: Path):
    """A plain kill -9 of a lone holder (no workers): the next writer proceeds at once."""
    code = f"import sys, time; sys.path.insert(0, {str(ROOT)!r})\nfrom vnplan.store import Store\n"
    code += f"with Store({str(tmp_path)!r}).locked():\n    print(1, flush=True); time.sleep(60)\n"
    proc, _ = _spawn(code)
    _kill9(proc)
    t0 = time.monotonic()
    with Store(tmp_path).locked():
        pass
    assert time.monotonic() - t0 < 5


def test_rerunning_a_document_without_rows_in_a_part_leaves_the_part(tmp_path: Path):
    """A failed file is retried every run: after compaction that must not rewrite the big parts."""
    store = Store(tmp_path, durable=False)
    add(store, *(doc_rows(i) for i in range(4)), doc_rows(9, n_tasks=0))
    store.compact()
    (part,) = (tmp_path / "tasks").glob("part-*.parquet")
    before = part.read_bytes()
    add(Store(tmp_path), doc_rows(9, n_tasks=0))
    assert part.read_bytes() == before
    assert Store(tmp_path).read("documents").num_rows == 5
    assert Store(tmp_path).read("tasks").num_rows == 12


def test_a_lock_held_on_another_host_is_never_taken_over(tmp_path: Path):
    """The PID of another machine (network folder, container) cannot be checked: refuse, naming it."""
    out = tmp_path / "out"
    out.mkdir()
    code = textwrap.dedent(f"""
        import fcntl, os, time
        fd = os.open({str(out / ".lock")!r}, os.O_RDWR | os.O_CREAT)
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, b"999999999 other-host")
        print(1, flush=True)
        time.sleep(60)
    """)
    proc, _ = _spawn(code)
    try:
        with pytest.raises(StoreLockedError, match="pid 999999999 on other-host"), Store(out).locked():
            pass
    finally:
        _kill9(proc)
