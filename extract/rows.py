"""Typed rows of the tables extract produces, and the one place their IDs are made.

Each extracted table has a dataclass whose fields are the table's columns, in the order of
``vnplan/schemas.py`` (the application layer, which extract must not import; ``tests/test_schemas.py``
checks the two field for field: names, order, Arrow type and nullability). The classes have no
defaults and use ``__slots__``, so a misspelt column is an error where the row is built
(``TypeError: TaskRow.__init__() got an unexpected keyword argument``) or assigned (``AttributeError``),
and a forgotten one is too (``missing 1 required positional argument``). A field typed without
``| None`` is a non-nullable column: :meth:`Row.as_dict`, which hands the row over to the next
stage, raises :class:`RowError` when it is null. The store checks the dicts once more against the
Arrow schema when it writes them (``vnplan.schemas.check_rows``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar

from normalize.text import slug

__all__ = [
    "RowError",
    "Row",
    "SectionRow",
    "TargetRow",
    "TaskRow",
    "AgencyRow",
    "TaskAgencyRow",
    "HeaderFieldRow",
    "ROW_TYPES",
    "PROVENANCE_COLUMNS",
    "unplaced",
    "section_id",
    "target_id",
    "task_id",
    "check_id",
    "agency_id",
]


class RowError(ValueError):
    """A row that does not fit its table: unknown or missing column, or null in a non-nullable one."""


# ---------------------------------------------------------------------------------------------------
# IDs: every key of an extracted or checked row is made here


def section_id(doc_id: str, label: str) -> str:
    """'<doc_id>:<label>', e.g. 'ab12…:II.2.b'."""
    return f"{doc_id}:{label}"


def target_id(doc_id: str, n: int) -> str:
    """'<doc_id>:t<n>', n counting a document's targets from 1."""
    return f"{doc_id}:t{n}"


def task_id(doc_id: str, n: int) -> str:
    """'<doc_id>:k<n>', n counting a document's tasks from 1."""
    return f"{doc_id}:k{n}"


def check_id(doc_id: str, n: int) -> str:
    """'<doc_id>:c<n>', n counting a document's failed checks from 1."""
    return f"{doc_id}:c{n}"


def agency_id(jurisdiction: str | None, name: str) -> str:
    """'<jurisdiction slug>:<name slug>' ('unknown' without a jurisdiction): the same agency of the same
    place has the same id in every document, which is what merges the shared registry."""
    return f"{slug(jurisdiction or 'unknown')}:{slug(name)}"


# ---------------------------------------------------------------------------------------------------
# rows


@cache
def _non_nullable(cls: type[Row]) -> tuple[str, ...]:
    # annotations are strings (postponed evaluation): 'str' is required, 'str | None' nullable
    return tuple(f.name for f in dataclasses.fields(cls) if "None" not in str(f.type))


class Row:
    """Base of the row dataclasses: ``TABLE`` names the table in errors and in the schema check."""

    __slots__ = ()  # with the subclasses' slots: assigning a misspelt column raises AttributeError
    TABLE: ClassVar[str] = ""
    ID: ClassVar[str] = ""  # the column that identifies a row in error messages

    def as_dict(self) -> dict[str, Any]:
        """The row as the next stage takes it: exactly the table's columns, non-nullable ones set."""
        for name in _non_nullable(type(self)):
            if getattr(self, name) is None:
                ident = getattr(self, self.ID, None) if self.ID else None
                raise RowError(f"table {self.TABLE!r}: column {name!r} is null (non-nullable) in row {ident or self!r}")
        if self.ID and not getattr(self, self.ID):
            # '' is the placeholder of a row built before its number is known (targets)
            raise RowError(f"table {self.TABLE!r}: row without its id ({self.ID!r} is empty): {self!r}")
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}  # type: ignore[arg-type]


@dataclass(slots=True)
class SectionRow(Row):
    TABLE: ClassVar[str] = "sections"
    ID: ClassVar[str] = "section_id"

    doc_id: str
    section_id: str
    parent_id: str | None
    label: str | None
    heading: str | None
    page_no: int | None
    line_start: int | None
    line_end: int | None
    char_start: int | None
    char_end: int | None
    bbox_x0: int | None
    bbox_y0: int | None
    bbox_x1: int | None
    bbox_y1: int | None
    ordinal: int | None
    overridden: list[str] | None  # set by vnplan.overrides, never by extract


@dataclass(slots=True)
class TargetRow(Row):
    TABLE: ClassVar[str] = "targets"
    ID: ClassVar[str] = "target_id"

    target_id: str  # '' until extract_document numbers the document's targets (target_id())
    doc_id: str
    section_id: str | None
    domain: str | None
    indicator: str | None
    kind: str | None
    value: float | None
    unit: str | None
    comparator: str | None
    target_year: int | None
    max_value: float | None
    baseline_value: float | None
    baseline_year: int | None
    text: str | None
    page_no: int | None
    line_start: int | None
    line_end: int | None
    char_start: int | None
    char_end: int | None
    bbox_x0: int | None
    bbox_y0: int | None
    bbox_x1: int | None
    bbox_y1: int | None
    ordinal: int | None
    confidence: float | None
    overridden: list[str] | None  # set by vnplan.overrides, never by extract


@dataclass(slots=True)
class TaskRow(Row):
    TABLE: ClassVar[str] = "tasks"
    ID: ClassVar[str] = "task_id"

    task_id: str
    doc_id: str
    section_id: str | None
    source: str | None
    task_no: str | None
    task_group: str | None
    text: str | None
    product: str | None
    deadline_text: str | None
    deadline_date: dt.date | None
    recurrence: str | None
    deadline_quarter: int | None
    page_no: int | None
    line_start: int | None
    line_end: int | None
    char_start: int | None
    char_end: int | None
    bbox_x0: int | None
    bbox_y0: int | None
    bbox_x1: int | None
    bbox_y1: int | None
    ordinal: int | None
    confidence: float | None
    overridden: list[str] | None  # set by vnplan.overrides, never by extract


@dataclass(slots=True)
class AgencyRow(Row):
    TABLE: ClassVar[str] = "agencies"
    ID: ClassVar[str] = "agency_id"

    agency_id: str
    name: str | None
    kind: str | None
    jurisdiction: str | None
    aliases: list[str] | None


@dataclass(slots=True)
class TaskAgencyRow(Row):
    TABLE: ClassVar[str] = "task_agencies"
    ID: ClassVar[str] = "task_id"

    task_id: str
    doc_id: str
    agency_id: str
    role: str | None
    mention: str | None
    page_no: int | None
    line_start: int | None
    line_end: int | None
    char_start: int | None
    char_end: int | None
    bbox_x0: int | None
    bbox_y0: int | None
    bbox_x1: int | None
    bbox_y1: int | None
    ordinal: int | None

    overridden: list[str] | None  # set by vnplan.overrides, never by extract


PROVENANCE_COLUMNS = ("page_no", "line_start", "line_end", "char_start", "char_end",
                      "bbox_x0", "bbox_y0", "bbox_x1", "bbox_y1")

def unplaced() -> dict[str, Any]:
    """Provenance columns and ordinal, all null: a row not placed on its page yet (extract.provenance)."""
    return dict.fromkeys((*PROVENANCE_COLUMNS, "ordinal"))


@dataclass(slots=True)
class HeaderFieldRow(Row):
    TABLE: ClassVar[str] = "header_fields"
    ID: ClassVar[str] = "field"

    doc_id: str
    field: str
    value: str | None
    page_no: int | None
    line_start: int | None
    line_end: int | None
    char_start: int | None
    char_end: int | None
    bbox_x0: int | None
    bbox_y0: int | None
    bbox_x1: int | None
    bbox_y1: int | None
    ordinal: int | None


ROW_TYPES: dict[str, type[Row]] = {
    cls.TABLE: cls for cls in (SectionRow, TargetRow, TaskRow, AgencyRow, TaskAgencyRow, HeaderFieldRow)
}
