"""Compare every table of two output folders: are the rows identical (``ingested_at`` and paths aside)?

    python -m devkit.compare_stores data/processed-before data/processed
    python -m devkit.compare_stores data/processed s3://bucket/store   # a store on object storage too

Used to show a refactor leaves the tables unchanged: run an ingest of the same inputs before and
after, then compare. Exit code 0 when every table is equal, else the number of tables that differ.
"""

from __future__ import annotations

import argparse
import logging
import sys

import pyarrow as pa

from vnplan.objstore import ObjectStore
from vnplan.schemas import SCHEMAS
from vnplan.store import Store, open_store

log = logging.getLogger(__name__)

# columns that differ between two runs of the same inputs by design
VOLATILE = {"documents": ["ingested_at", "source_path"]}


def differing_tables(before: Store | ObjectStore, after: Store | ObjectStore) -> dict[str, str]:
    """Table name -> what differs, for every table whose rows are not identical."""
    out: dict[str, str] = {}
    for name in SCHEMAS:
        a, b = before.read(name), after.read(name)
        drop = [c for c in VOLATILE.get(name, []) if c in a.column_names]
        a, b = a.drop_columns(drop), b.drop_columns(drop)
        if a.num_rows != b.num_rows:
            out[name] = f"{a.num_rows} rows before, {b.num_rows} after"
        elif not a.equals(b, check_metadata=True):
            cols = [c for c in a.column_names if not a.column(c).equals(b.column(c))]
            out[name] = f"columns differ: {cols}" if cols else "schema metadata differs"
        log.info("%-14s %6d rows  %s", name, a.num_rows, out.get(name, "identical"))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("before")
    ap.add_argument("after")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    diff = differing_tables(open_store(args.before), open_store(args.after))  # folders or URLs
    for name, what in diff.items():
        log.warning("%s: %s", name, what)
    return len(diff)


if __name__ == "__main__":
    pa.set_cpu_count(1)
    sys.exit(main())
