"""The Python API for notebooks and scripts: ``vnplan.load``, ``vnplan.ingest``, ``vnplan.restore``.

    import vnplan
    t = vnplan.load("data/processed")          # every table as a typed pandas DataFrame
    t.tasks[t.tasks.recurrence == "annual"]
    vnplan.restore("Ke hoach cai cach hanh chinh")  # 'Kế hoạch cải cách hành chính'

Frames are typed for analysis, from the schemas in ``vnplan.schemas``: years are ``Int16``, other
integers nullable ``Int32``/``Int64``, dates ``datetime64``, closed vocabularies (status, method,
unit, role, ...) ``category``; text stays ``object`` strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pandas as pd
import pyarrow as pa

from .schemas import SCHEMAS

# Columns whose values come from a small closed set: categoricals take less memory and sort sensibly.
CATEGORICAL = {
    "documents": ("status", "doc_type", "issuer_level", "province", "pipeline_version"),
    "pages": ("method",),
    "targets": ("domain", "kind", "unit", "comparator"),
    "tasks": ("source", "recurrence"),
    "agencies": ("kind",),
    "task_agencies": ("role",),
    "header_fields": ("field",),
}


class Tables(Mapping[str, pd.DataFrame]):
    """The store's tables by name, also as attributes (``t.tasks``)."""

    def __init__(self, frames: dict[str, pd.DataFrame]):
        self._frames = frames

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self._frames[name]

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self._frames[name]
        except KeyError:
            raise AttributeError(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._frames)

    def __len__(self) -> int:
        return len(self._frames)

    def __repr__(self) -> str:
        return "Tables(" + ", ".join(f"{k}: {len(v)} rows" for k, v in self._frames.items()) + ")"


def typed_frame(name: str, table: pa.Table) -> pd.DataFrame:
    """One table as a DataFrame with analysis-friendly dtypes (see the module docstring)."""
    df = table.to_pandas()
    cats = set(CATEGORICAL.get(name, ()))
    for field in SCHEMAS[name]:
        col, t = field.name, field.type
        if col not in df.columns:
            continue
        if col in cats:
            df[col] = df[col].astype("category")
        elif pa.types.is_integer(t):
            # years are small; line and character offsets (line_start, char_end, ...) are not
            small = col.endswith("year") or col in ("period_start", "period_end")
            df[col] = df[col].astype("Int16" if small else f"Int{t.bit_width}")
        elif pa.types.is_date(t):
            df[col] = pd.to_datetime(df[col])
    return df


def load(data_dir: str | Path = "data/processed", tables: Iterable[str] | None = None) -> Tables:
    """The tables of a vnplan store (default: all), typed for analysis. ``data_dir`` may be a URL
    (``s3://bucket/store``): only documents whose write finished are read (see vnplan.objstore)."""
    from ingest.remote import is_url

    from .store import open_store

    if is_url(data_dir):
        store = open_store(data_dir)
        if not store.exists():
            raise FileNotFoundError(f"no vnplan store at {data_dir}: run `vnplan ingest` (or vnplan.ingest) first")
    else:
        data_dir = Path(data_dir)
        if not data_dir.is_dir():
            raise FileNotFoundError(f"no vnplan store at {data_dir}: run `vnplan ingest` (or vnplan.ingest) first")
        store = open_store(data_dir)
    wanted = list(SCHEMAS if tables is None else tables)
    unknown = [n for n in wanted if n not in SCHEMAS]
    if unknown:
        raise KeyError(f"unknown table(s) {unknown}: the tables are {list(SCHEMAS)}")
    return Tables({name: typed_frame(name, store.read(name)) for name in wanted})


def ingest(paths: str | Path | Iterable[str | Path], out: str | Path = "data/processed", **options):
    """Run the pipeline on files/folders into the store at ``out``; options as ``vnplan.pipeline.Options``
    (``force``, ``workers``, ``lang``, ...; ``overrides`` may be overrides files or a folder of them).
    Returns the run's summary (ok, failed, skipped)."""
    from . import overrides as ov
    from .pipeline import Options, run

    given = options.get("overrides")
    if isinstance(given, (str, Path)) or (isinstance(given, (list, tuple)) and given):
        options["overrides"] = ov.load(ov.find_files(out, [given] if isinstance(given, (str, Path)) else given))

    if isinstance(paths, (str, Path)):
        paths = [paths]
    options.setdefault("progress", False)
    return run(list(paths), out, Options(**options))


def restore(text: str) -> str:
    """Repair broken Vietnamese (lost or wrong diacritics, OCR confusions); same line structure."""
    from normalize import restore_text

    return restore_text(text).text
