"""`make ingest` on the bundled samples: every table filled for every seed, read back from Parquet."""

from __future__ import annotations

import pandas as pd
import pytest

from devkit.samples import IMAGE_NAME, SCAN_NAME, make_samples
from vnplan.pipeline import Options, run
from vnplan.schemas import SCHEMAS
from vnplan.store import Store

SEED_NAMES = ["000", "001", "002", "003", "004"]


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    made = make_samples(raw)
    assert {p.name for p in made} >= {SCAN_NAME, IMAGE_NAME}
    out = tmp_path_factory.mktemp("processed")
    summary = run([raw], out, Options(progress=False))
    store = Store(out)
    tables = {name: store.read(name).to_pandas() for name in SCHEMAS}
    return raw, out, summary, tables


def _doc_ids(tables) -> dict[str, str]:
    docs = tables["documents"]
    ids = {name[:3]: doc_id for name, doc_id in zip(docs.file_name, docs.doc_id, strict=True) if name[:3].isdigit()}
    ids["scan"] = docs.set_index("file_name").loc[SCAN_NAME, "doc_id"]
    return ids


def test_all_samples_land(sample_run):
    _, _, summary, tables = sample_run
    assert not summary.failed
    docs = tables["documents"]
    assert len(docs) == 7 and set(docs.status) == {"ok"}
    assert docs.doc_id.is_unique


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_every_table_has_rows_for_every_seed(sample_run, seed):
    _, _, _, tables = sample_run
    doc_id = _doc_ids(tables)[seed]
    for name in ("pages", "sections", "targets", "tasks", "task_agencies"):
        if name == "targets" and seed == "003":
            # Seed 003 (Đồng Tháp's 2022 plan) states tasks only: no chỉ tiêu, no figure to aim at.
            assert not (tables[name].doc_id == doc_id).any()
            continue
        assert (tables[name].doc_id == doc_id).any(), f"seed {seed}: no rows in {name}"
    linked = set(tables["task_agencies"][tables["task_agencies"].doc_id == doc_id].agency_id)
    assert linked <= set(tables["agencies"].agency_id)


def test_broken_seeds_are_restored(sample_run):
    _, _, _, tables = sample_run
    pages = tables["pages"].set_index("doc_id")
    ids = _doc_ids(tables)
    for seed in ("000", "001", "003"):
        page = pages.loc[ids[seed]]
        assert page.text != page.text_raw
        assert page.text.count("\n") == page.text_raw.count("\n"), "restoration keeps the line structure"
        assert "Ủy ban nhân dân" in page.text or "UBND" in page.text
        assert 0 < page.restore_confidence <= 1
    assert "xã Pai Ngai" not in pages.loc[ids["000"]].text


def test_scanned_sample_gives_appendix_tasks(sample_run):
    _, _, _, tables = sample_run
    scan_id, clean_id = _doc_ids(tables)["scan"], _doc_ids(tables)["004"]
    pages = tables["pages"][tables["pages"].doc_id == scan_id]
    assert len(pages) >= 10 and set(pages.method) == {"ocr"}
    words = tables["words"][tables["words"].doc_id == scan_id]
    assert len(words) > 3000
    tasks = tables["tasks"]
    scan_tasks = tasks[(tasks.doc_id == scan_id) & (tasks.source == "appendix")]
    clean_tasks = tasks[(tasks.doc_id == clean_id) & (tasks.source == "appendix")]
    # The scan is the same plan as seed 004: its appendix must come back from the OCR'd table.
    assert len(scan_tasks) >= 0.8 * len(clean_tasks) > 20
    docs = tables["documents"].set_index("doc_id")
    assert docs.loc[scan_id, "doc_number"] == docs.loc[clean_id, "doc_number"] == "177/QĐ-UBND"


def test_rerun_is_a_no_op(sample_run):
    raw, out, _, tables = sample_run
    again = run([raw], out, Options(progress=False))
    assert len(again.skipped) == 7 and not again.ok and not again.failed
    store = Store(out)
    for name, before in tables.items():
        assert store.read(name).num_rows == len(before), name


def test_rows_keep_provenance(sample_run):
    _, _, _, tables = sample_run
    for name in ("targets", "tasks"):
        t = tables[name]
        assert t.page_no.notna().all() and (t.page_no >= 1).all(), name
        assert t.text.str.len().gt(0).all(), name
    assert pd.Series(tables["task_agencies"].mention).str.len().gt(0).all()


def test_committed_samples_are_the_seeds(seeds_dir):
    """data/samples holds the project's seed plans byte for byte (checked where shared/ is present)."""
    from devkit.paths import SHARED

    shared = SHARED / "seeds"
    if not shared.is_dir():
        pytest.skip(f"no {shared} to compare with")
    assert sorted(p.name for p in seeds_dir.glob("*.txt")) == sorted(p.name for p in shared.glob("*.txt"))
    for p in shared.glob("*.txt"):
        assert (seeds_dir / p.name).read_bytes() == p.read_bytes(), p.name
