"""vnplan: scanned Vietnamese government plans to Parquet tables (orchestration, schemas, CLI).

For notebooks: ``vnplan.load(dir)``, ``vnplan.ingest(paths, out)``, ``vnplan.restore(text)``
(see ``vnplan.api``)."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__", "ingest", "load", "restore"]


def __getattr__(name: str):
    # Lazy, so that importing a submodule (as worker processes do) does not pay for pandas.
    if name in ("ingest", "load", "restore"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'vnplan' has no attribute {name!r}")
