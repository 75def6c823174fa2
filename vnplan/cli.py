"""Command line: ``vnplan ingest``, ``vnplan restore`` and friends."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import typer

from . import __version__

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Scanned Vietnamese government plans to Parquet tables: OCR, diacritics restoration, extraction.",
)


def _logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
    )


@app.callback()
def main(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Debug logging."),
    version: bool = typer.Option(False, "--version", help="Print the version and exit."),
) -> None:
    _logging(verbose)
    if version:
        typer.echo(__version__)
        raise typer.Exit()


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(None, help="Files or folders to ingest (default: data/raw)."),
    out: Path = typer.Option(Path("data/processed"), "--out", "-o", help="Folder for the Parquet tables."),
    force: bool = typer.Option(False, "--force", help="Redo documents already ingested."),
    workers: int = typer.Option(0, "--workers", "-j", help="Parallel OCR processes (0 = one per core)."),
    lang: str = typer.Option("vie", help="Tesseract language(s), e.g. 'vie' or 'vie+eng'."),
    deskew: bool = typer.Option(True, help="Deskew scanned pages before OCR."),
    text_layer: str = typer.Option(
        "auto",
        "--text-layer",
        help="PDF text layers: auto (keep a layer that reads as Vietnamese, OCR pages whose layer is a "
        "scanner's garbled OCR), trust (keep any layer) or ignore (OCR every page).",
    ),
    cluster: str = typer.Option(
        None,
        "--cluster",
        envvar="VNPLAN_CLUSTER",
        help="Run the work on this Dask scheduler (tcp://host:8786) instead of local processes; needs "
        "vnplan's optional 'cluster' extra (Dask distributed) here and on the workers, and the inputs and "
        "--out on a filesystem the workers share.",
    ),
) -> None:
    """Read PDFs (text layer or OCR), images and .txt files into Parquet tables.

    Documents are keyed by content hash: a re-run skips what is done. Files that cannot be read
    are recorded in the documents table with status 'failed' and the reason. The exit code is the
    number of failed files (capped at 100), so 0 means every file landed.
    """
    from .pipeline import Options, run

    log = logging.getLogger("vnplan")
    inputs = paths or [Path("data/raw")]
    if text_layer not in ("auto", "trust", "ignore"):
        log.error("unknown --text-layer %r: choose auto, trust or ignore", text_layer)
        raise typer.Exit(code=2)
    try:
        opts = Options(force=force, workers=workers or None, lang=lang, deskew=deskew, text_layer=text_layer)
        opts.cluster = cluster or None
        summary = run(inputs, out, opts)
    except (FileNotFoundError, RuntimeError) as e:
        log.error("%s", e)
        raise typer.Exit(code=101) from e
    for path, reason in summary.failed:
        log.error("FAILED %s: %s", path, reason)
    log.info("%s -> %s", summary.line(), out)
    raise typer.Exit(code=min(len(summary.failed), 100))


@app.command()
def restore(
    file: Path = typer.Argument(None, help="Text file to repair (default: standard input)."),
) -> None:
    """Repair broken Vietnamese (diacritics, OCR confusions, encodings) to standard output.

    Line i of the output repairs line i of the input."""
    from normalize import cli_restore

    if file is None:
        cli_restore(sys.stdin, sys.stdout)
    else:
        with file.open(encoding="utf-8") as f:
            cli_restore(f, sys.stdout)


@app.command("export")
def export_cmd(
    fmt: str = typer.Option(..., "--format", "-f", help="csv (folder, UTF-8 with BOM), xlsx (one sheet per table) or duckdb."),
    data: Path = typer.Option(Path("data/processed"), "--data", "-d", help="Folder holding the Parquet tables."),
    out: Path = typer.Option(
        None, "--out", "-o", help="Target folder (csv) or file (xlsx, duckdb); default DATA/exports/..."
    ),
) -> None:
    """Export every table for other tools: a CSV folder, an Excel workbook or a DuckDB database."""
    from .export import FORMATS, export

    log = logging.getLogger("vnplan")
    if fmt not in FORMATS:
        log.error("unknown --format %r: choose one of %s", fmt, ", ".join(FORMATS))
        raise typer.Exit(code=2)
    try:
        path = export(data, fmt, out)
    except FileNotFoundError as e:
        log.error("%s", e)
        raise typer.Exit(code=1) from e
    typer.echo(str(path))


@app.command("report")
def report_cmd(
    data: Path = typer.Option(Path("data/processed"), "--data", "-d", help="Folder holding the Parquet tables."),
    out: Path = typer.Option(None, "--out", "-o", help="HTML file to write (default: DATA/report.html)."),
    ocr_low: float = typer.Option(None, help="Pages with mean OCR confidence below this (0-100) are listed."),
    restore_low: float = typer.Option(None, help="Pages with restoration confidence below this (0-1) are listed."),
) -> None:
    """Write a self-contained HTML quality report of the run: documents, failures, weak pages."""
    from .report import Thresholds, write_report

    log = logging.getLogger("vnplan")
    th = Thresholds()
    th = Thresholds(
        ocr=th.ocr if ocr_low is None else ocr_low, restore=th.restore if restore_low is None else restore_low
    )
    try:
        path = write_report(data, out if out is not None else data / "report.html", th)
    except FileNotFoundError as e:
        log.error("%s", e)
        raise typer.Exit(code=1) from e
    typer.echo(str(path))


@app.command("compact")
def compact_cmd(
    data: Path = typer.Option(Path("data/processed"), "--data", "-d", help="Folder holding the Parquet tables."),
    rows_per_file: int = typer.Option(
        1_000_000, "--rows-per-file", min=1, help="Merge small files into files of up to this many rows."
    ),
) -> None:
    """Merge each table's many small per-document files into a few larger ones (atomically).

    A later run that redoes a merged document rewrites only the merged file that holds it."""
    from .store import Store, StoreLockedError

    log = logging.getLogger("vnplan")
    store = Store(data)
    if not store.exists():
        log.error("no vnplan tables in %s: run `vnplan ingest` first", data)
        raise typer.Exit(code=1)
    try:
        with store.locked():
            counts = store.compact(rows_per_file)
    except StoreLockedError as e:
        log.error("%s", e)
        raise typer.Exit(code=1) from e
    for name, (before, after) in counts.items():
        log.info("%s: %d files -> %d", name, before, after)


if __name__ == "__main__":
    app()
