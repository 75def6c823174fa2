"""The data dictionary in the README is the schemas; Parquet files carry the descriptions."""

from __future__ import annotations

import re

import pyarrow.parquet as pq

from tests.conftest import ROOT
from vnplan.schemas import SCHEMAS, TABLE_DESCRIPTIONS, dictionary_markdown
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
    rows = [{"doc_id": "abc", "page_no": 1, "method": "text", "text_raw": "Mục đích", "n_words": 0}]
    with store.locked():
        store.replace_documents(["abc"], {"pages": rows})
    schema = pq.read_schema(tmp_path / "pages" / "abc.parquet")
    assert schema.field("text_raw").metadata[b"description"].decode().startswith("Text as read")
    assert schema.metadata[b"description"].decode() == TABLE_DESCRIPTIONS["pages"]
    assert store.read("pages").to_pylist()[0]["text_raw"] == "Mục đích"
