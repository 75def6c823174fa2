"""The data dictionary in the README is the schemas; Parquet files carry the descriptions."""

from __future__ import annotations

import dataclasses
import re

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extract.rows import (
    ROW_TYPES,
    TargetRow,
    agency_id,
    check_id,
    section_id,
    target_id,
    task_id,
)
from extract.rows import (
    RowError as ExtractRowError,
)
from tests.conftest import ROOT
from vnplan.pipeline import Options, run
from vnplan.schemas import SCHEMAS, TABLE_DESCRIPTIONS, RowError, blank_row, dictionary_markdown
from vnplan.store import Store


def test_readme_dictionary_matches_schemas():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- data-dictionary:start -->\n(.*)<!-- data-dictionary:end -->", readme, re.S)
    assert m, "README lost its data-dictionary markers"
    assert m.group(1) == dictionary_markdown(), "README data dictionary is stale: python -m vnplan.schemas"


def test_every_column_is_described():
    assert set(SCHEMAS) == set(TABLE_DESCRIPTIONS)
    for name, schema in SCHEMAS.items():
        for f in schema:
            assert f.metadata and f.metadata.get(b"description"), f"{name}.{f.name} has no description"


def test_parquet_keeps_schema_and_descriptions(tmp_path):
    store = Store(tmp_path)
    rows = [blank_row("pages", doc_id="abc", page_no=1, method="text", text_raw="Mục đích", n_words=0)]
    with store.locked():
        store.replace_documents(["abc"], {"pages": rows})
    schema = pq.read_schema(tmp_path / "pages" / "abc.parquet")
    assert schema.field("text_raw").metadata[b"description"].decode().startswith("Text as read")
    assert schema.metadata[b"description"].decode() == TABLE_DESCRIPTIONS["pages"]
    assert store.read("pages").to_pylist()[0]["text_raw"] == "Mục đích"


# ---- strict rows: the store refuses rows that do not fit their table ------------------------------


def _task(**kw) -> dict:
    return blank_row("tasks", **({"task_id": "abc:k1", "doc_id": "abc", "text": "Rà soát thủ tục hành chính"} | kw))


def test_pyarrow_alone_would_drop_a_misspelt_key_and_write_null():
    # why the store checks: from_pylist accepts all three of these bad rows without a word
    row = dict(_task(), dedline_text="Quý II")
    assert pa.Table.from_pylist([row], schema=SCHEMAS["tasks"]).column("task_id").to_pylist() == ["abc:k1"]
    null_key = dict(_task(), task_id=None)
    assert pa.Table.from_pylist([null_key], schema=SCHEMAS["tasks"]).column("task_id").null_count == 1


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (lambda r: dict(r, dedline_text="Quý II"), r"table 'tasks', row 1 \(task_id='abc:k2', doc_id='abc'\): unknown column\(s\) \['dedline_text'\]"),
        (lambda r: {k: v for k, v in r.items() if k != "product"}, r"table 'tasks', row 1 .*missing column\(s\) \['product'\]"),
        (lambda r: dict(r, doc_id=None), r"table 'tasks', row 1 .*column 'doc_id' is null \(non-nullable\)"),
    ],
    ids=["misspelt", "missing", "null"],
)
def test_store_refuses_a_bad_row_and_writes_nothing(tmp_path, bad, message):
    store = Store(tmp_path)
    rows = [_task(), bad(_task(task_id="abc:k2"))]
    with store.locked(), pytest.raises(RowError, match=message):
        store.replace_documents(["abc"], {"tasks": rows})
    assert not list(tmp_path.glob("*/*.parquet")), "a bad row must stop the write before any file"


def test_store_refuses_rows_of_an_unknown_table(tmp_path):
    store = Store(tmp_path)
    with store.locked(), pytest.raises(RowError, match="unknown table 'task'"):
        store.replace_documents(["abc"], {"task": [_task()]})


def test_blank_row_refuses_an_unknown_column():
    with pytest.raises(RowError, match=r"table 'pages': unknown column\(s\) \['txt'\]"):
        blank_row("pages", doc_id="abc", page_no=1, txt="Mục đích")


# ---- the extractor's typed rows match the schemas field for field ---------------------------------

_PY_TYPES = {
    pa.string(): "str", pa.int32(): "int", pa.float64(): "float", pa.date32(): "dt.date",
    pa.list_(pa.string()): "list[str]",
}


@pytest.mark.parametrize("table", sorted(ROW_TYPES))
def test_row_dataclass_matches_schema_field_for_field(table):
    cls = ROW_TYPES[table]
    fields = dataclasses.fields(cls)
    schema = SCHEMAS[table]
    assert [f.name for f in fields] == schema.names, f"{cls.__name__} columns differ from vnplan.schemas"
    for f, col in zip(fields, schema, strict=True):
        nullable = str(f.type).endswith(" | None")
        assert nullable == col.nullable, f"{table}.{col.name}: nullable in schema {col.nullable}, in {cls.__name__} {nullable}"
        assert str(f.type).removesuffix(" | None") == _PY_TYPES[col.type], f"{table}.{col.name}: {f.type} vs {col.type}"
        assert f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING, "no defaults: every column given"


def _target(**kw) -> TargetRow:
    values = dict.fromkeys(SCHEMAS["targets"].names) | {"target_id": "abc:t1", "doc_id": "abc"} | kw
    return TargetRow(**values)


def test_row_dataclass_refuses_misspelt_missing_and_null_columns():
    assert _target(value=97.0).as_dict()["value"] == 97.0
    with pytest.raises(TypeError, match="unexpected keyword argument 'valeu'"):
        _target(valeu=97.0)
    values = dict.fromkeys(SCHEMAS["targets"].names) | {"target_id": "abc:t1", "doc_id": "abc"}
    del values["unit"]
    with pytest.raises(TypeError, match="missing 1 required .*'unit'"):
        TargetRow(**values)
    row = _target()
    with pytest.raises(AttributeError):
        row.valeu = 97.0  # type: ignore[attr-defined]
    with pytest.raises(ExtractRowError, match=r"table 'targets': row without its id \('target_id' is empty\)"):
        _target(target_id="").as_dict()  # built before it was numbered, never numbered
    row.doc_id = None  # type: ignore[assignment]
    with pytest.raises(ExtractRowError, match=r"table 'targets': column 'doc_id' is null \(non-nullable\) in row 'abc:t1'"):
        row.as_dict()


def test_ids_are_made_by_one_module():
    assert (section_id("abc", "II.2.b"), target_id("abc", 3), task_id("abc", 4), check_id("abc", 5)) == (
        "abc:II.2.b", "abc:t3", "abc:k4", "abc:c5",
    )
    assert agency_id("xã Thạnh Phú", "Văn phòng HĐND và UBND") == "xa-thanh-phu:van-phong-hdnd-va-ubnd"
    assert agency_id(None, "Sở Nội vụ") == "unknown:so-noi-vu"


# ---- the samples: every extracted row read back from Parquet fits its typed row, ids from extract.rows


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Store:
    out = tmp_path_factory.mktemp("out")
    summary = run(sorted((ROOT / "data" / "samples").glob("*.txt")), out, Options(progress=False, workers=1))
    assert not summary.failed
    return Store(out)


def test_sample_rows_fit_their_dataclasses_and_ids(sample_store):
    for table, cls in ROW_TYPES.items():
        rows = sample_store.read(table).to_pylist()
        assert rows, table
        for row in rows:
            assert cls(**row).as_dict() == row  # every column there, none extra, non-nullable ones set
    for doc_id, tasks in _by_doc(sample_store.read("tasks").to_pylist()).items():
        assert sorted(t["task_id"] for t in tasks) == sorted(task_id(doc_id, n) for n in range(1, len(tasks) + 1))
    for doc_id, targets in _by_doc(sample_store.read("targets").to_pylist()).items():
        assert sorted(t["target_id"] for t in targets) == sorted(target_id(doc_id, n) for n in range(1, len(targets) + 1))
    for s in sample_store.read("sections").to_pylist():
        assert s["section_id"] == section_id(s["doc_id"], s["label"])
    for a in sample_store.read("agencies").to_pylist():
        assert a["agency_id"] == agency_id(a["jurisdiction"], a["name"])


def _by_doc(rows: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(r["doc_id"], []).append(r)
    return out


# ---- column names: no SQL reserved words ---------------------------------------------------------


def test_no_column_is_an_sql_reserved_word():
    import duckdb

    reserved = {r[0].lower() for r in duckdb.sql(
        "SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category = 'reserved'").fetchall()}
    assert {"group", "order", "select"} <= reserved  # the list is the real one
    # the words the issue named too (LEFT is reserved in standard SQL, and TOP in SQL Server)
    reserved |= {"left", "right", "top"}
    bad = [f"{name}.{c}" for name, schema in SCHEMAS.items() for c in schema.names if c.lower() in reserved]
    assert bad == []
    assert "task_group" in SCHEMAS["tasks"].names
    assert {"box_left", "box_top", "box_width", "box_height"} <= set(SCHEMAS["words"].names)
