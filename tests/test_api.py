"""The notebook API: vnplan.ingest -> vnplan.load gives typed frames; vnplan.restore repairs text."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import vnplan


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, seed_paths) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    for key in ("003", "004"):
        shutil.copy(seed_paths[key], raw)
    out = tmp_path_factory.mktemp("out")
    summary = vnplan.ingest(raw, out, workers=1)
    assert len(summary.ok) == 2 and not summary.failed
    return out


def test_load_gives_typed_frames(store_dir: Path):
    t = vnplan.load(store_dir)
    assert set(t) >= {"documents", "pages", "tasks", "targets", "agencies", "task_agencies"}
    assert t.tasks is t["tasks"] and len(t.tasks) > 20
    docs = t.documents
    assert str(docs.period_start.dtype) == "Int16" and docs.period_start.notna().all()
    assert pd.api.types.is_datetime64_any_dtype(docs.issue_date)
    assert isinstance(docs.status.dtype, pd.CategoricalDtype)
    assert str(t.targets.target_year.dtype) == "Int16"
    assert pd.api.types.is_datetime64_any_dtype(t.tasks.deadline_date)
    assert isinstance(t.task_agencies.role.dtype, pd.CategoricalDtype)
    assert set(t.task_agencies.role.dropna()) <= {"lead", "support"}
    # provenance: character offsets are not years (a page of a .txt plan runs past Int16)
    assert str(t.tasks.char_end.dtype) == "Int32" and str(t.tasks.line_start.dtype) == "Int32"
    hf = t.header_fields
    assert isinstance(hf.field.dtype, pd.CategoricalDtype) and {"doc_number", "signer"} <= set(hf.field)
    # ORDER BY doc_id, ordinal reads each document
    one = t.tasks[t.tasks.doc_id == t.tasks.doc_id.iloc[0]].sort_values("ordinal")
    assert one.char_start.is_monotonic_increasing


def test_load_one_table_and_clear_errors(store_dir: Path, tmp_path: Path):
    assert list(vnplan.load(store_dir, ["tasks"])) == ["tasks"]
    with pytest.raises(KeyError, match="unknown table"):
        vnplan.load(store_dir, ["taks"])
    with pytest.raises(FileNotFoundError, match="no vnplan store"):
        vnplan.load(tmp_path / "nothing")


def test_restore_repairs_stripped_text():
    assert vnplan.restore("Ke hoach cai cach hanh chinh") == "Kế hoạch cải cách hành chính"


def test_ingest_from_a_script_on_standard_input(tmp_path: Path, seed_paths):
    """`python - <<EOF` with vnplan.ingest: the worker processes must not try to re-import '<stdin>'."""
    sample = seed_paths["003"]
    script = (
        "import vnplan\n"
        f"summary = vnplan.ingest([{str(sample)!r}], {str(tmp_path / 'out')!r}, workers=2)\n"
        "print('failed', len(summary.failed))\n"
    )
    done = subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "failed 0" in done.stdout
    docs = vnplan.load(tmp_path / "out", tables=["documents", "tasks"])
    assert docs["documents"].status.tolist() == ["ok"]
    assert len(docs["tasks"]) > 0
