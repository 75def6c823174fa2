"""Exit codes of the ``vnplan`` command, one per kind of outcome (modelled on OCRmyPDF's ``ExitCode``).

A script can tell "some input files failed" (look at the documents table) from "nothing could run"
(fix the environment or the arguments). The number of failed files is not encoded in the code: the
summary line says how many failed. ``python -m vnplan.exitcodes`` prints the table in the README.
"""

from __future__ import annotations

import sys
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit status of ``vnplan``; the meaning of each is in :data:`MEANING` and the README."""

    ok = 0
    files_failed = 1
    bad_args = 2  # click's own code for usage errors, so typer's checks and ours agree
    missing_dependency = 3
    output_not_writable = 4
    output_exists = 5
    store_unreadable = 6
    busy = 7
    cluster_unreachable = 8
    internal_error = 15
    interrupted = 130  # 128 + SIGINT, what a shell reports for Ctrl-C


MEANING: dict[ExitCode, str] = {
    ExitCode.ok: "Every input file landed (a 'partial' one is warned about and says what was lost in documents.error).",
    ExitCode.files_failed: "The run finished, but at least one input file failed (status 'failed'); the summary line says how many.",
    ExitCode.bad_args: "Bad command line: unknown option, value out of range, unknown --lang, missing input path or file.",
    ExitCode.missing_dependency: "Tesseract is missing or lacks a language asked for with --lang, or an s3:// input or output needs s3fs (pip install 'vnplan[s3]').",
    ExitCode.output_not_writable: "The output cannot be written: read-only or full disk, --out is a file, permission denied.",
    ExitCode.output_exists: "Refused to overwrite: the export target holds files vnplan did not write, or overlaps the data folder.",
    ExitCode.store_unreadable: "The data folder has no vnplan tables, or a Parquet table in it is unreadable.",
    ExitCode.busy: "Another vnplan run is writing to the same output folder.",
    ExitCode.cluster_unreachable: "--cluster (or VNPLAN_CLUSTER) names a Dask scheduler that cannot be reached.",
    ExitCode.internal_error: "A bug: an unexpected exception (logged with its traceback).",
    ExitCode.interrupted: "Stopped by Ctrl-C or SIGTERM; documents finished before the signal were written.",
}


class VnplanError(Exception):
    """An error the command line reports as one log line and a specific exit code (no traceback)."""

    exit_code: ExitCode = ExitCode.internal_error

    def __init__(self, message: str, exit_code: ExitCode | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


def markdown_table() -> str:
    rows = ["| code | name | meaning |", "|---|---|---|"]
    rows += [f"| {c.value} | `{c.name}` | {MEANING[c]} |" for c in ExitCode]
    return "\n".join(rows)


if __name__ == "__main__":
    sys.stdout.write(markdown_table() + "\n")
