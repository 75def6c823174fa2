"""The one place that defines every output table: Arrow schemas with column descriptions.

Each table is a folder of Parquet files, ``<out>/<name>/<doc_id>.parquet`` (one file per document)
plus ``part-*.parquet`` files that ``vnplan compact`` merges many documents into; read the folder as
one table (``vnplan.store``). Column descriptions travel inside every file as field metadata (key
``description``), and the README's data dictionary is checked against this module by the tests.
The shared ``agencies`` registry is stored as the agencies each document contributed, with one
extra ``doc_id`` column (:func:`stored_schema`), and merged by ``agency_id`` when the store reads it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa

TABLE_DESCRIPTIONS: dict[str, str] = {
    "documents": "One row per input file: status of its ingest and the document's header metadata (Decree 30/2020/NĐ-CP format).",
    "pages": "One row per page: raw OCR/text-layer text and the restored Vietnamese text.",
    "words": "One row per word with its box: OCR words, and words of real PDF text layers (none for .txt pages).",
    "sections": "The plan's numbered headings (I., 1., a), ...) as a tree.",
    "targets": "Targets (chỉ tiêu): indicator, value, unit, comparator, year.",
    "tasks": "Tasks (nhiệm vụ): what, product, deadline, recurrence.",
    "agencies": "Registry of responsible agencies, resolved to canonical names.",
    "task_agencies": "Which agency leads or supports which task.",
    "header_fields": "Where each header field of documents was read: one row per non-null field, its value as text "
                     "and its place on the page.",
    "checks": "Quality checks that failed on extracted rows: which row, which rule, and why (vnplan/checks.py).",
}


def _f(name: str, typ: pa.DataType, description: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, typ, nullable=nullable, metadata={"description": description})


def _provenance(what: str) -> list[pa.Field]:
    """Where on its page the row was read: line span and character span of ``pages.text`` and the box
    on the page image. A row running onto the next page keeps its first page, spans to that page's end."""
    return [
        _f("line_start", pa.int32(), f"First line of {what}: 1-based line number in pages.text of page_no."),
        _f("line_end", pa.int32(), f"Last line of {what} (inclusive), 1-based in pages.text of page_no; a row "
           "running onto the next page ends at its first page's last line."),
        _f("char_start", pa.int32(), f"Start of {what}: Python str offset into pages.text of page_no."),
        _f("char_end", pa.int32(), f"End of {what} (exclusive): Python str offset into pages.text of page_no."),
        _f("bbox_x0", pa.int32(), f"Left edge of the box of {what}: union of the boxes of its words, pixels of the "
           "words table (pages.image_width); null when the page has no words (.txt, Word)."),
        _f("bbox_y0", pa.int32(), f"Top edge of the box of {what}, pixels; null when the page has no words."),
        _f("bbox_x1", pa.int32(), f"Right edge (exclusive) of the box of {what}, pixels; null when the page has no words."),
        _f("bbox_y1", pa.int32(), f"Bottom edge (exclusive) of the box of {what}, pixels; null when the page has no "
           "words."),
    ]


def _overridden(note: str = "") -> pa.Field:
    """The column vnplan.overrides marks: which columns an analyst's correction set."""
    return _f("overridden", pa.list_(pa.string()), "Columns an analyst's override set (vnplan.toml / overrides/*.toml, README: Overrides); null when none" + (note or "."))


def _ordinal() -> pa.Field:
    return _f("ordinal", pa.int32(), "Position of the row in document order within its document (by page_no, "
              "char_start), from 1: ORDER BY doc_id, ordinal reads the document.")


SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            _f("doc_id", pa.string(), "Content hash of the file (first 16 hex digits of SHA-256); for a file that could not be read, a hash of its path.", False),
            _f("source_path", pa.string(), "Path of the input file as given to the run."),
            _f("file_name", pa.string(), "Base name of the input file."),
            _f("status", pa.string(), "'ok'; 'partial' (some pages unreadable, error says which); 'failed' (nothing read)."),
            _f("error", pa.string(), "Why the file (or some of its pages) failed, readable; null when status is 'ok'."),
            _f("n_pages", pa.int32(), "Number of pages read (0 for failed files)."),
            _f("ingested_at", pa.timestamp("us", tz="UTC"), "When this row was produced."),
            _f("pipeline_version", pa.string(), "vnplan version that produced the row."),
            _f("doc_type", pa.string(), "KẾ HOẠCH, QUYẾT ĐỊNH, BÁO CÁO, THÔNG BÁO, TỜ TRÌNH, CHỈ THỊ, NGHỊ QUYẾT, ... from the "
               "header; CÔNG VĂN for a letter with a 'V/v' line and no type word."),
            _f("doc_number", pa.string(), "Document number as printed, e.g. '1906/SGDĐT-CTrTT'; null when not legible "
               "(a handwritten number a scan lost)."),
            _f("issuer", pa.string(), "Issuing body, e.g. 'UBND xã Thạnh Phú', 'Bộ Nội vụ', or 'Sở Giáo dục và Đào tạo "
               "thành phố Đà Nẵng' for a department under its parent (issuer_parent); a joint document (liên tịch, liên sở) "
               "names every issuer, joined by '; ' in the header's order."),
            _f("issuer_level", pa.string(), "xã, phường, huyện, tỉnh, thành phố, ..."),
            _f("province", pa.string(), "Province or centrally-run city, when stated."),
            _f("issue_place", pa.string(), "Place in the '…, ngày … tháng … năm …' line."),
            _f("issue_date", pa.date32(), "Date in the '…, ngày … tháng … năm …' line."),
            _f("title", pa.string(), "Title line(s) under the document type."),
            _f("period_start", pa.int32(), "First year of the plan's period."),
            _f("period_end", pa.int32(), "Last year of the plan's period."),
            _f("signer", pa.string(), "Name of the signer, when found; a joint document's signature blocks joined by '; ', "
               "in the issuers' order (so are signer_authority and signer_title; a part a block lacks is empty)."),
            _f("issuer_parent", pa.string(),
               "Body above the issuer when the header has two lines, e.g. 'Ủy ban nhân dân thành phố Đà Nẵng' "
               "over 'SỞ GIÁO DỤC VÀ ĐÀO TẠO'; null for a one-line issuer."),
            _f("subject", pa.string(), "What the document is about: the 'V/v' text of a công văn, else the title."),
            _f("recipients", pa.list_(pa.string()), "The 'Kính gửi:' addressees (a công điện's: the list under its '… điện:' line), one per item as written; null when none."),
            _f("distribution", pa.list_(pa.string()), "The 'Nơi nhận:' list, one per item as written (incl. 'Lưu: VT')."),
            _f("signer_authority", pa.string(),
               "Signing authority marks as printed (TM., KT., TL., Q., TUQ.), several joined by ' / '; null when "
               "the head signs in own name."),
            _f("signer_title", pa.string(), "The signer's title line as printed, e.g. 'PHÓ GIÁM ĐỐC'."),
            _overridden(". Header fields only."),
            _f("overrides_digest", pa.string(), "Digest of the overrides that applied to this document when it was ingested (null: none); a run whose overrides differ redoes the document."),
        ]
    ),
    "pages": pa.schema(
        [
            _f("doc_id", pa.string(), "Document key (documents.doc_id).", False),
            _f("page_no", pa.int32(), "1-based page number.", False),
            _f(
                "method",
                pa.string(),
                "'text_layer' (PDF text layer kept), 'ocr' (Tesseract; no layer), 'ocr_replaced_layer' (the PDF had "
                "a text layer, the quality gate or --text-layer ignore replaced it by OCR), 'text' (.txt input), "
                "'docx' (Word .docx) or 'doc' (Word .doc via antiword).",
            ),
            _f("text_raw", pa.string(), "Text as read (OCR output or text layer), NFC."),
            _f("text", pa.string(), "Restored Vietnamese text (normalize stage), same line structure."),
            _f("ocr_confidence", pa.float64(), "Mean Tesseract word confidence 0-100; null when not OCR'd."),
            _f("restore_confidence", pa.float64(), "Mean per-syllable restoration confidence 0-1."),
            _f("n_words", pa.int32(), "Number of rows for this page in the words table."),
            _f(
                "layer_score",
                pa.float64(),
                "Quality of the PDF text layer 0-1 (share of its words that are Vietnamese syllables, scaled down when "
                "few carry Vietnamese-only letters; see ingest/textlayer.py); "
                "null when the page had no layer or --text-layer trust/ignore skipped the gate.",
            ),
            _f("layer_reason", pa.string(), "Why the text layer was kept or replaced by OCR, readable; null for images and .txt."),
            _f("image_width", pa.int32(), "Width in pixels of the space of this page's word boxes (the OCR image, or "
               "the text-layer page scaled as its words are); null when the page has no words."),
            _f("image_height", pa.int32(), "Height in pixels of the space of this page's word boxes; null when the "
               "page has no words."),
            _f("rotation", pa.int16(), "Degrees clockwise OCR turned the page to read it upright (0, 90, 180, 270; "
               "after the skew): the word boxes are in the turned page. Null when the page was not OCR'd."),
            _f("skew", pa.float32(), "Degrees counter-clockwise deskew turned the page about its centre before OCR (0 "
               "when it was left straight). Null when the page was not OCR'd."),
        ]
    ),
    "words": pa.schema(
        [
            _f("doc_id", pa.string(), "Document key.", False),
            _f("page_no", pa.int32(), "1-based page number.", False),
            _f("block", pa.int32(), "Tesseract block number."),
            _f("par", pa.int32(), "Tesseract paragraph number within the block."),
            _f("line", pa.int32(), "Tesseract line number within the paragraph."),
            _f("word", pa.int32(), "Word number within the line."),
            _f("text", pa.string(), "Word as recognised, NFC."),
            _f("box_left", pa.int32(), "Box left edge, pixels at the OCR resolution (pages.image_width wide); named "
               "box_* because LEFT is an SQL keyword."),
            _f("box_top", pa.int32(), "Box top edge, pixels."),
            _f("box_width", pa.int32(), "Box width, pixels."),
            _f("box_height", pa.int32(), "Box height, pixels."),
            _f("confidence", pa.float64(), "Tesseract confidence 0-100 (100 for text-layer words)."),
        ]
    ),
    "sections": pa.schema(
        [
            _f("doc_id", pa.string(), "Document key.", False),
            _f("section_id", pa.string(), "Stable id: '<doc_id>:<label>'.", False),
            _f("parent_id", pa.string(), "section_id of the enclosing heading; null at top level."),
            _f("label", pa.string(), "Dotted numbering path, e.g. 'II.2.b'."),
            _f("heading", pa.string(), "Heading text without its number."),
            _f("page_no", pa.int32(), "Page the heading is on."),
            *_provenance("the heading"),
            _ordinal(),
            _overridden(),
        ]
    ),
    "targets": pa.schema(
        [
            _f("target_id", pa.string(), "Stable id: '<doc_id>:t<n>'.", False),
            _f("doc_id", pa.string(), "Document key.", False),
            _f("section_id", pa.string(), "Section the target sits in."),
            _f("domain", pa.string(), "Reform domain: thể chế, thủ tục hành chính, tổ chức bộ máy, ..."),
            _f("indicator", pa.string(), "What is measured, e.g. 'mức độ hài lòng ... về giải quyết TTHC'."),
            _f("kind", pa.string(), "'quantitative' or 'qualitative'."),
            _f("value", pa.float64(), "Target value (e.g. 97 for 97%); null for qualitative targets."),
            _f("unit", pa.string(), "Unit of value, e.g. '%'."),
            _f("comparator", pa.string(), "'>=', '<=', '=', 'increase' or 'decrease'."),
            _f("target_year", pa.int32(), "Year by which the target applies."),
            _f("max_value", pa.float64(), "Maximum attainable value, e.g. an index criterion's full score."),
            _f("baseline_value", pa.float64(), "Value already achieved in the baseline year, when stated."),
            _f("baseline_year", pa.int32(), "Year of baseline_value."),
            _f("text", pa.string(), "Source sentence."),
            _f("page_no", pa.int32(), "Page of the source sentence."),
            *_provenance("the source sentence"),
            _ordinal(),
            _f("confidence", pa.float64(), "Probability 0-1 that the row's key fields are right, from the rule's certainty and how "
               "its words were read (extract/confidence.py; README: Row confidence)."),
            _overridden(),
        ]
    ),
    "tasks": pa.schema(
        [
            _f("task_id", pa.string(), "Stable id: '<doc_id>:k<n>'.", False),
            _f("doc_id", pa.string(), "Document key.", False),
            _f("section_id", pa.string(), "Section the task sits in."),
            _f("source", pa.string(), "'body', 'appendix' or 'responsibility'."),
            _f("task_no", pa.string(), "Number as written in the document, e.g. '12'."),
            _f("task_group", pa.string(), "Enclosing group, e.g. 'Cải cách thể chế' (not 'group': an SQL reserved word)."),
            _f("text", pa.string(), "What is to be done."),
            _f("product", pa.string(), "Expected product (sản phẩm)."),
            _f("deadline_text", pa.string(), "Deadline as written (thời gian hoàn thành)."),
            _f("deadline_date", pa.date32(), "Deadline as a date (end of the named period)."),
            _f("recurrence", pa.string(), "'once', 'annual', 'semiannual', 'quarterly', 'monthly', 'weekly', 'daily', 'ongoing', 'period'."),
            _f("deadline_quarter", pa.int32(), "Quarter (1-4) named in the deadline, e.g. 2 for 'Quý II hàng năm'."),
            _f("page_no", pa.int32(), "Page of the source text."),
            *_provenance("the task's source text (an appendix row: its table cells)"),
            _ordinal(),
            _f("confidence", pa.float64(), "Probability 0-1 that the row's key fields are right, from the rule's certainty and how "
               "its words were read (extract/confidence.py; README: Row confidence)."),
            _overridden(),
        ]
    ),
    "agencies": pa.schema(
        [
            _f("agency_id", pa.string(), "Stable id derived from jurisdiction and canonical name.", False),
            _f("name", pa.string(), "Canonical name, NFC with proper diacritics."),
            _f("kind", pa.string(), "phòng, văn phòng, sở, ubnd, trung tâm, đoàn thể, generic, ..."),
            _f("jurisdiction", pa.string(), "Whose agency it is, e.g. 'xã Thạnh Phú'."),
            _f("aliases", pa.list_(pa.string()), "Mentions resolved to this agency, as written."),
        ]
    ),
    "task_agencies": pa.schema(
        [
            _f("task_id", pa.string(), "Task key (tasks.task_id).", False),
            _f("doc_id", pa.string(), "Document key (provenance; a re-run replaces a document's rows).", False),
            _f("agency_id", pa.string(), "Agency key (agencies.agency_id).", False),
            _f("role", pa.string(), "'lead' (chủ trì) or 'support' (phối hợp)."),
            _f("mention", pa.string(), "The agency as written in the document."),
            _f("page_no", pa.int32(), "Page of the task the mention belongs to."),
            *_provenance("the mention's own words in its task's text or table row (the task's source text when they are not there, e.g. a lead cell merged down from a row above)"),
            _ordinal(),
            _overridden(" ('agency_id' for an alias or merge)."),
        ]
    ),
    "header_fields": pa.schema(
        [
            _f("doc_id", pa.string(), "Document key.", False),
            _f("field", pa.string(), "Column of documents, e.g. 'doc_number', 'issue_date', 'signer'.", False),
            _f("value", pa.string(), "The field's value as text (lists joined with '; ', dates ISO)."),
            _f("page_no", pa.int32(), "Page the value was read on; null when it is not found as such on a page "
               "(a derived value: 'CÔNG VĂN' for a letter without a type word, a level read off the issuer)."),
            *_provenance("the value"),
            _ordinal(),
        ]
    ),
    "checks": pa.schema(
        [
            _f("check_id", pa.string(), "Stable id: '<doc_id>:c<n>'.", False),
            _f("doc_id", pa.string(), "Document key.", False),
            _f("table_name", pa.string(), "Table of the flagged row: targets, tasks, task_agencies or agencies."),
            _f("row_id", pa.string(), "Key of the flagged row in that table (task_agencies: 'task_id|agency_id|role')."),
            _f("rule", pa.string(), "Rule that failed, e.g. 'percent_out_of_range' (README: Quality checks)."),
            _f("severity", pa.string(), "'error' (the stored value is wrong) or 'warning' (check it on the page)."),
            _f("page_no", pa.int32(), "Page of the flagged row, when known."),
            _f("observed", pa.string(), "The value the rule looked at, as text."),
            _f("message", pa.string(), "Why the check failed, readable."),
            _f("ordinal", pa.int32(), "Position of the check in document order within its document (by the flagged "
               "row's page_no and char_start; checks of the agency registry last), from 1."),
        ]
    ),
}

# The table's description travels in the Parquet schema metadata too.
SCHEMAS = {name: schema.with_metadata({"description": TABLE_DESCRIPTIONS[name]}) for name, schema in SCHEMAS.items()}

# Keys, declared in the DuckDB export (and kept by the pipeline: ids are unique by construction).
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id",),
    "pages": ("doc_id", "page_no"),
    "sections": ("section_id",),
    "targets": ("target_id",),
    "tasks": ("task_id",),
    "agencies": ("agency_id",),
    "checks": ("check_id",),
    "header_fields": ("doc_id", "field"),
}
# (table, columns) -> (referenced table, columns); the referenced columns are that table's primary key.
FOREIGN_KEYS: dict[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]] = {
    ("pages", ("doc_id",)): ("documents", ("doc_id",)),
    ("words", ("doc_id", "page_no")): ("pages", ("doc_id", "page_no")),
    ("sections", ("doc_id",)): ("documents", ("doc_id",)),
    ("targets", ("doc_id",)): ("documents", ("doc_id",)),
    ("tasks", ("doc_id",)): ("documents", ("doc_id",)),
    ("task_agencies", ("task_id",)): ("tasks", ("task_id",)),
    ("task_agencies", ("agency_id",)): ("agencies", ("agency_id",)),
    ("checks", ("doc_id",)): ("documents", ("doc_id",)),
    ("header_fields", ("doc_id",)): ("documents", ("doc_id",)),
}

# Columns renamed since earlier versions (old -> new, per table): SQL reserved words are no column names.
# The store reads files written before under the new names (vnplan.store), and `vnplan compact` rewrites them.
RENAMED_COLUMNS: dict[str, dict[str, str]] = {
    "tasks": {"group": "task_group"},
    "words": {"left": "box_left", "top": "box_top", "width": "box_width", "height": "box_height"},
}

# Tables whose rows belong to one document; a re-run replaces a document's rows by doc_id.
PER_DOCUMENT_TABLES = ("documents", "pages", "words", "sections", "targets", "tasks", "task_agencies", "header_fields",
                       "checks")


# On disk the agency registry is kept per document (the agencies each document contributed) so that
# adding or re-running a document never rewrites the whole registry; the store merges rows by
# agency_id when it reads the table. This is the one column the files carry beyond SCHEMAS.
AGENCY_SOURCE_FIELD = _f(
    "doc_id",
    pa.string(),
    "Document that contributed this agency row (null: carried over from a single-file store); "
    "the agencies table merges rows by agency_id.",
)


def stored_schema(name: str) -> pa.Schema:
    """Schema of the table's files on disk: SCHEMAS[name], plus doc_id for the agency registry."""
    schema = SCHEMAS[name]
    if name == "agencies":
        schema = schema.insert(0, AGENCY_SOURCE_FIELD)
    return schema


class RowError(ValueError):
    """A row that does not fit its table: an unknown or missing column, or a null in a non-nullable one."""


def _row_ident(row: Mapping[str, Any], schema: pa.Schema) -> str:
    """The row's key columns as 'doc_id='…', page_no=1', for error messages."""
    keys = [f.name for f in schema if not f.nullable and f.name in row] or list(row)[:2]
    return ", ".join(f"{k}={row[k]!r}" for k in keys)


def check_rows(name: str, rows: Iterable[Mapping[str, Any]], schema: pa.Schema | None = None) -> None:
    """Raise :class:`RowError` unless every row has exactly the columns of table ``name`` (its stored
    schema unless ``schema`` is given) and no null in a non-nullable column.

    ``pa.Table.from_pylist(rows, schema=…)`` would silently drop a misspelt key and write null, even
    into a non-nullable column; the store calls this first. A column that is null on purpose is
    given as None, never left out.
    """
    schema = schema if schema is not None else stored_schema(name)
    columns = schema.names
    expected = set(columns)
    required = [f.name for f in schema if not f.nullable]
    for i, row in enumerate(rows):
        if row.keys() != expected:
            unknown = sorted(set(row) - expected)
            missing = [c for c in columns if c not in row]
            what = "; ".join(
                part for part in (f"unknown column(s) {unknown}" if unknown else "",
                                  f"missing column(s) {missing}" if missing else "") if part
            )
            raise RowError(f"table {name!r}, row {i} ({_row_ident(row, schema)}): {what}")
        for c in required:
            if row[c] is None:
                raise RowError(
                    f"table {name!r}, row {i} ({_row_ident(row, schema)}): column {c!r} is null (non-nullable)"
                )


def blank_row(table: str, /, **values: Any) -> dict[str, Any]:
    """A row of ``table`` (stored schema) with every column null but ``values`` (which must be
    columns): for rows that leave most columns empty on purpose."""
    row = dict.fromkeys(stored_schema(table).names)
    unknown = sorted(set(values) - set(row))
    if unknown:
        raise RowError(f"table {table!r}: unknown column(s) {unknown}")
    row.update(values)
    return row


def empty_table(name: str) -> pa.Table:
    return SCHEMAS[name].empty_table()


def _type_name(t: pa.DataType) -> str:
    return str(t).replace("timestamp[us, tz=UTC]", "timestamp (UTC)")


def dictionary_markdown() -> str:
    """The README's data dictionary, generated from the schemas (a test keeps the two equal)."""
    out = []
    for name, schema in SCHEMAS.items():
        out.append(f"### `{name}`\n\n{TABLE_DESCRIPTIONS[name]}\n")
        out.append("| column | type | description |\n|---|---|---|")
        for f in schema:
            desc = (f.metadata or {}).get(b"description", b"").decode()
            out.append(f"| `{f.name}` | {_type_name(f.type)} | {desc} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    print(dictionary_markdown(), end="")
