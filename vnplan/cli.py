"""Command line: ``vnplan ingest``, ``vnplan restore`` and friends.

Exit codes are :class:`vnplan.exitcodes.ExitCode`. Errors of the environment (output not writable,
a corrupt table, a missing dependency) are one log line and their own code, never a traceback; only
an unexpected exception (a bug) is logged with its traceback.
"""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import os
import signal
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import typer

from . import __version__
from .argcoerce import install as _plain_arguments
from .exitcodes import ExitCode, VnplanError

if TYPE_CHECKING:
    from .overrides import Overrides

# Plain option values (strings, digits, enum defaults) converted without pydantic: ~0.06 CPU-s less per run.
_plain_arguments()


class _App(typer.Typer):
    """The command line as the ``vnplan`` script runs it: a command that marked its end as the program's end
    (:data:`_END`, set by ``ingest`` once its run is over) exits without the interpreter's module teardown
    (:func:`vnplan.fastexit.exit_now`: the exit handlers run, output is flushed; ~0.04 CPU-s less per run).
    Tests invoke the command, not this, so their process is never ended here."""

    def __call__(self, *args: object, **kwargs: object) -> object:
        try:
            return super().__call__(*args, **kwargs)
        except SystemExit as e:
            if _END and (e.code is None or isinstance(e.code, int)):
                from .fastexit import exit_now

                exit_now(e.code or 0)
            raise


_END: list[bool] = []  # non-empty once a command's work is over and only the exit is left

app = _App(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Scanned Vietnamese government plans to Parquet tables: OCR, diacritics restoration, extraction.",
)
log = logging.getLogger("vnplan")

# errno values that mean "the output cannot be written" whatever the file (a full or read-only disk).
_DISK_ERRNOS = {errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
# ...and these when the file is in the output area (elsewhere they are about an input).
_WRITE_ERRNOS = _DISK_ERRNOS | {errno.EACCES, errno.EPERM, errno.ENOTDIR, errno.EISDIR}


class _Verbosity:
    """-v / -q given before the subcommand (to the app) or after it (to the command) both count."""

    verbose = False
    quiet = False


def _logging(verbose: bool = False, quiet: bool = False) -> None:
    verbose = verbose or _Verbosity.verbose
    quiet = (quiet or _Verbosity.quiet) and not verbose
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
        force=True,
    )


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"vnplan {__version__}")
        raise typer.Exit()


VERBOSE = typer.Option(False, "--verbose", "-v", help="Debug logging.")
QUIET = typer.Option(False, "--quiet", "-q", help="Warnings and errors only; no progress bar.")


@app.callback()
def main(
    verbose: bool = VERBOSE,
    quiet: bool = QUIET,
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", is_eager=True, callback=_show_version
    ),
) -> None:
    _Verbosity.verbose, _Verbosity.quiet = verbose, quiet
    _logging()


def _under(path: Path, folder: Path) -> bool:
    with contextlib.suppress(OSError, ValueError):
        p, f = path.resolve(), folder.resolve()
        return p == f or f in p.parents
    return False


_MAIN_PID = os.getpid()


def _on_stop_signal(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C and SIGTERM stop the run: finished documents are written, then exit 130.

    Forked OCR workers inherit this handler. There, Ctrl-C (sent to the whole process group) is
    ignored, so the parent alone decides how the run stops and the worker pool shuts down cleanly;
    SIGTERM keeps its default meaning (the worker dies at once)."""
    if os.getpid() == _MAIN_PID:
        raise KeyboardInterrupt(f"signal {signum}")
    if signum != signal.SIGINT:
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)


@contextlib.contextmanager
def _outcome(out: Path | None = None) -> Iterator[None]:
    """Turn what a command raises into one log line and its exit code."""
    previous = {sig: signal.signal(sig, _on_stop_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except VnplanError as e:
        log.error("%s", e)
        raise typer.Exit(int(e.exit_code)) from None
    except KeyboardInterrupt:
        log.warning("interrupted: what was finished before the signal is written")
        raise typer.Exit(int(ExitCode.interrupted)) from None
    except BrokenPipeError:
        # The reader of standard output went away (`vnplan export -o - | head`): stop quietly, as
        # Unix tools do; the interpreter must not complain again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(int(ExitCode.ok)) from None
    except OSError as e:
        name = getattr(e, "filename", None)
        in_out = out is not None and name is not None and _under(Path(name), out)
        if e.errno in _DISK_ERRNOS or in_out or (name is None and e.errno in _WRITE_ERRNOS):
            where = name or out
            log.error("cannot write %s: %s", where, e.strerror or e)
            raise typer.Exit(int(ExitCode.output_not_writable)) from None
        log.exception("unexpected error")
        raise typer.Exit(int(ExitCode.internal_error)) from None
    except Exception as e:
        import pyarrow as pa

        if isinstance(e, pa.ArrowException):
            log.error("a table in %s cannot be read: %s", out, e)
            raise typer.Exit(int(ExitCode.store_unreadable)) from None
        log.exception("unexpected error (a bug; please report it)")
        raise typer.Exit(int(ExitCode.internal_error)) from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _url_exists(url: str) -> bool:
    """Whether a URL input names an object or a non-empty prefix (exit 3 when s3fs is missing)."""
    from .objstore import url_filesystem

    fs, path = url_filesystem(url)
    # One level of listing is enough to tell an empty prefix from one holding something.
    return bool(fs.exists(path) or fs.find(path.rstrip("/") + "/", maxdepth=1, withdirs=True))


def _check_out_dir(out: Path) -> None:
    """The output folder exists or can be made, and is writable: checked before any work."""
    if out.exists() and not out.is_dir():
        raise VnplanError(f"--out {out} is a file, not a folder", ExitCode.output_not_writable)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise VnplanError(f"cannot create --out {out}: {e.strerror or e}", ExitCode.output_not_writable) from e
    if not os.access(out, os.W_OK | os.X_OK):
        raise VnplanError(f"--out {out} is not writable", ExitCode.output_not_writable)


class TextLayer(str, Enum):
    auto = "auto"
    trust = "trust"
    ignore = "ignore"


def _checked_run_setup(
    inputs: list[str | Path], langs: list[str], out: str, remote_out: bool, overrides: list[Path] | None
) -> Overrides:
    """The checks of an ingest run after its arguments: Tesseract (when an input may need OCR), the
    overrides files (a bad one: exit 2) and the output (writable folder or reachable bucket); the
    run's overrides."""
    from . import overrides as ov
    from .deps import needs_ocr, probe_tesseract

    if needs_ocr(inputs):
        info = probe_tesseract(langs)
        log.info("Tesseract %s, languages %s", info.version, "+".join(langs))
    # a bad file stops the run here (exit 2); beside --out means beside a local store only
    corrections = ov.load(ov.find_files(out if not remote_out else Path.cwd() / "x", overrides or ()))
    if remote_out:
        from .objstore import url_filesystem

        fs, root = url_filesystem(out)  # s3fs installed (else exit 3) before any work
        bucket = root.split("/", 1)[0]
        if not fs.exists(bucket):
            raise VnplanError(f"--out {out}: no bucket {bucket!r} (or no access to it)", ExitCode.output_not_writable)
    else:
        _check_out_dir(Path(out))
    return corrections


@app.command()
def ingest(
    paths: list[str] = typer.Argument(
        None,
        metavar="PATH",
        help="Files or folders to ingest (default: data/raw), or URLs of objects or prefixes on object "
        "storage (s3://bucket/raw/; needs vnplan's 's3' extra).",
    ),
    out: str = typer.Option(
        "data/processed", "--out", "-o", help="Folder for the Parquet tables, or a URL (s3://bucket/store)."
    ),
    force: bool = typer.Option(False, "--force", help="Redo documents already ingested."),
    workers: int = typer.Option(0, "--workers", "-j", min=0, help="Parallel OCR processes (0 = one per core)."),
    lang: str = typer.Option("vie", "--lang", "-l", help="Tesseract language(s), e.g. 'vie' or 'vie+eng'."),
    deskew: bool = typer.Option(True, "--deskew/--no-deskew", help="Deskew scanned pages before OCR."),
    no_progress: bool = typer.Option(
        False, "--no-progress", help="No progress bar (there is none anyway when stderr is not a terminal)."
    ),
    verbose: bool = VERBOSE,
    quiet: bool = QUIET,
    text_layer: TextLayer = typer.Option(
        TextLayer.auto,
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
        "--out on a filesystem the workers share, or on object storage (s3://...).",
    ),
    overrides: list[Path] = typer.Option(
        None,
        "--overrides",
        help="Analyst overrides file (TOML) or folder of *.toml, repeatable; default: vnplan.toml and "
        "overrides/*.toml in the working directory and beside --out (README: Overrides).",
    ),
) -> None:
    """Read PDFs (text layer or OCR), images and .txt files into Parquet tables.

    Documents are keyed by content hash: a re-run skips what is done. Files that cannot be read
    are recorded in the documents table with status 'failed' and the reason; the run goes on.
    Exit code 0 when every file landed, 1 when some failed (the summary line says how many);
    the other codes are in the README (Hardening).
    """
    _logging(verbose, quiet)
    from ingest.remote import is_url

    from .deps import parse_lang

    # URLs stay strings (a Path would fold 's3://' into 's3:/'); local paths become Paths.
    inputs: list[str | Path] = [p if is_url(p) else Path(p) for p in (paths or ["data/raw"])]
    remote_out = is_url(out)
    with _outcome(None if remote_out else Path(out)):
        # Arguments and dependencies first: nothing is created when the run cannot start.
        langs = parse_lang(lang)
        local = [p for p in inputs if isinstance(p, Path)]
        missing = [str(p) for p in local if not p.exists()] + [u for u in inputs if isinstance(u, str) and not _url_exists(u)]
        if missing:
            raise VnplanError(f"no such file or folder: {', '.join(missing)}", ExitCode.bad_args)
        if not cluster:
            from .forkserver import start

            # The workers' fork server imports and loads the model (the run's start-up, ~1.5 s before
            # the first page) while this process checks Tesseract, reads the overrides and imports
            # the pipeline: started before those checks (0.2-0.7 s of wall time) instead of after
            # them, and stopped (killed, not left importing) when one of them stops the run.
            start()
        try:
            corrections = _checked_run_setup(inputs, langs, out, remote_out, overrides)
        except BaseException:
            if not cluster:
                from .forkserver import stop

                stop()
            raise

        from .pipeline import Options, run

        progress = not (no_progress or quiet or _Verbosity.quiet) and sys.stderr.isatty()
        opts = Options(
            force=force, workers=workers or None, lang=lang, deskew=deskew, progress=progress,
            text_layer=text_layer.value, cluster=cluster or None, overrides=corrections or None,
        )  # fmt: skip
        summary = run(inputs, out if remote_out else Path(out), opts)
    from ingest import timing

    timing.process_so_far("main process (imports, scheduling)")
    for path, reason in summary.failed:
        log.error("FAILED %s: %s", path, reason)
    # The summary is a warning when files failed, so that --quiet still shows it.
    (log.warning if summary.failed else log.info)("%s -> %s", summary.line(), out)
    _END.append(True)
    raise typer.Exit(int(ExitCode.files_failed if summary.failed else ExitCode.ok))


@app.command()
def restore(
    file: str = typer.Argument(None, help="Text file to repair; '-' or nothing reads standard input."),
    verbose: bool = VERBOSE,
    quiet: bool = QUIET,
) -> None:
    """Repair broken Vietnamese (diacritics, OCR confusions, encodings) to standard output.

    Line i of the output repairs line i of the input. Bytes are decoded as `ingest` does: a BOM,
    else UTF-8, else legacy TCVN3/VNI."""
    _logging(verbose, quiet)
    from ingest.textfile import decode_bytes
    from normalize import cli_restore

    with _outcome():
        if file is None or file == "-":
            data = sys.stdin.buffer.read()
        else:
            path = Path(file)
            if not path.is_file():
                what = "is a folder" if path.is_dir() else "does not exist"
                raise VnplanError(f"{file} {what}: give a text file, or '-' for standard input", ExitCode.bad_args)
            data = path.read_bytes()
        text, encoding = decode_bytes(data)
        if encoding not in ("unicode", "utf-8-sig"):
            log.info("input decoded as %s", encoding)
        cli_restore(io.StringIO(text, newline=None), sys.stdout)


class ExportFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    xlsx = "xlsx"
    duckdb = "duckdb"


@app.command("export")
def export_cmd(
    fmt: ExportFormat = typer.Option(
        ...,
        "--format",
        "-f",
        help="csv (folder, UTF-8 with BOM), jsonl (folder of JSON Lines), xlsx (one sheet per table) or "
        "duckdb (with primary and foreign keys).",
    ),
    data: str = typer.Option(
        "data/processed", "--data", "-d", help="Folder holding the Parquet tables, or a store's URL (s3://…)."
    ),
    out: Path = typer.Option(
        None,
        "--out",
        "-o",
        help="Target folder (csv, jsonl: new, empty or a previous export) or file (xlsx, duckdb); "
        "'-' writes one --table as csv or jsonl to standard output; default DATA/exports/...",
    ),
    table: list[str] = typer.Option(None, "--table", "-t", help="Export only this table (repeatable)."),
    verbose: bool = VERBOSE,
    quiet: bool = QUIET,
) -> None:
    """Export every table for other tools: a CSV folder, an Excel workbook or a DuckDB database.

    Never deletes what it did not write: a CSV target folder holding other files is refused
    (exit 5), and so is a target that overlaps --data."""
    _logging(verbose, quiet)
    from ingest.remote import is_url

    from .export import export

    # Temporary files go beside the target: its folder is where a write error comes from.
    with _outcome((out if out is not None else Path(data) / "exports").parent):
        if is_url(data) and out is None:
            raise VnplanError(f"--data {data} is a URL: give the export's local target with --out", ExitCode.bad_args)
        path = export(data if is_url(data) else Path(data), fmt.value, out, table or None)
    if path is not None:  # None: the table went to standard output
        typer.echo(str(path))


@app.command("report")
def report_cmd(
    data: Path = typer.Option(Path("data/processed"), "--data", "-d", help="Folder holding the Parquet tables."),
    out: Path = typer.Option(None, "--out", "-o", help="HTML file to write (default: DATA/report.html)."),
    ocr_low: float = typer.Option(
        None, min=0, max=100, help="Pages with mean OCR confidence below this (0-100) are listed."
    ),
    restore_low: float = typer.Option(
        None, min=0, max=1, help="Pages with restoration confidence below this (0-1) are listed."
    ),
    verbose: bool = VERBOSE,
    quiet: bool = QUIET,
) -> None:
    """Write a self-contained HTML quality report of the run: documents, failures, weak pages."""
    _logging(verbose, quiet)
    from .report import Thresholds, write_report

    th = Thresholds()
    th = Thresholds(
        ocr=th.ocr if ocr_low is None else ocr_low, restore=th.restore if restore_low is None else restore_low
    )
    target = out if out is not None else data / "report.html"
    with _outcome(target.parent):
        if target.is_dir():
            raise VnplanError(f"--out {target} is a folder: give the HTML file's name", ExitCode.output_not_writable)
        path = write_report(data, target, th)
    typer.echo(str(path))


@app.command("show")
def show_cmd(
    document: str = typer.Argument(..., metavar="FILE_OR_DOC_ID", help="A doc_id (or a unique prefix), the input file, or its name."),
    data: Path = typer.Option(Path("data/processed"), "--store", "--data", "-d", help="Folder holding the Parquet tables."),
    out: Path = typer.Option(None, "--out", "-o", help="HTML file to write (default: STORE/show-<doc_id>.html)."),
    verbose: bool = VERBOSE,
    quiet: bool = QUIET,
) -> None:
    """Write one document as a self-contained HTML page: page images with a box per extracted row (red:
    a failed check), raw and restored text side by side with the changes marked, and the rows."""
    _logging(verbose, quiet)
    from .show import write_show

    with _outcome((out if out is not None else data / "x").parent):
        if out is not None and out.is_dir():
            raise VnplanError(f"--out {out} is a folder: give the HTML file's name", ExitCode.output_not_writable)
        path = write_show(data, document, out)
    typer.echo(str(path))


@app.command("compact")
def compact_cmd(
    data: str = typer.Option("data/processed", "--data", "-d", help="Folder holding the Parquet tables."),
    rows_per_file: int = typer.Option(
        1_000_000, "--rows-per-file", min=1, help="Merge small files into files of up to this many rows."
    ),
) -> None:
    """Merge each table's many small per-document files into a few larger ones (atomically).

    A later run that redoes a merged document rewrites only the merged file that holds it."""
    from ingest.remote import is_url

    from .store import open_store

    with _outcome(None if is_url(data) else Path(data)):
        store = open_store(data if is_url(data) else Path(data))
        if not store.exists():
            raise VnplanError(f"no vnplan tables in {data}: run `vnplan ingest` first", ExitCode.store_unreadable)
        with store.locked():
            counts = store.compact(rows_per_file)
    for name, (before, after) in counts.items():
        log.info("%s: %d files -> %d", name, before, after)


if __name__ == "__main__":
    app()
