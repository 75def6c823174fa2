"""vnplan: scanned Vietnamese government plans to Parquet tables (orchestration, schemas, CLI)."""

__version__ = "0.1.0"
