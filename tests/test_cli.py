"""The `vnplan` command line: exit codes, argument checks before any work, the dependency probe,
environment errors as one line, logging and progress, `restore` input (issue 12, items 8 and 9).

Most cases run the installed `vnplan` script in a subprocess, as a user would, on small .txt inputs
(no OCR) or on files that fail before OCR starts."""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from devkit.synth import layout_pages, photo_page
from tests.conftest import plan_text
from vnplan import __version__
from vnplan.cli import app
from vnplan.exitcodes import MEANING, ExitCode
from vnplan.store import Store

VNPLAN = str(Path(sys.executable).parent / "vnplan")
runner = CliRunner()


def vnplan(*args: str | Path, timeout: float = 180, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([VNPLAN, *map(str, args)], capture_output=True, text=True, timeout=timeout, **kw)


def no_traceback(res: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in res.stderr, res.stderr


def error_lines(res: subprocess.CompletedProcess) -> list[str]:
    return [ln for ln in res.stderr.splitlines() if " ERROR " in ln]


@pytest.fixture
def raw(tmp_path: Path, seed_paths) -> Path:
    """One real plan as already-OCR'd text: ingests in seconds, no Tesseract needed."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(seed_paths["001"], raw / "plan001.txt")
    return raw


def test_exit_codes_are_distinct_and_documented():
    codes = [int(c) for c in ExitCode]
    assert len(set(codes)) == len(codes)
    assert set(MEANING) == set(ExitCode)
    assert ExitCode.ok == 0 and ExitCode.interrupted == 128 + signal.SIGINT
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for c in ExitCode:
        assert f"| {c.value} | `{c.name}` |" in readme, f"README lacks exit code {c.name}"


# --- version, help, verbosity, progress ------------------------------------------------------------


def test_version_alone():
    res = vnplan("--version")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == f"vnplan {__version__}"


def test_help_shows_choices_and_no_bool_metavar():
    for cmd in ("ingest", "export", "report", "restore"):
        res = runner.invoke(app, [cmd, "--help"])
        assert res.exit_code == 0
        assert "<bool>" not in res.output, cmd
    ingest = runner.invoke(app, ["ingest", "--help"]).output
    assert "--deskew / --no-deskew" in ingest and "--no-progress" in ingest and "-q, --quiet" in ingest
    assert "csv|jsonl|xlsx|duckdb" in runner.invoke(app, ["export", "--help"]).output


def test_verbose_and_quiet_after_the_subcommand(raw, tmp_path):
    res = vnplan("ingest", raw, "--out", tmp_path / "a", "-v")
    assert res.returncode == 0, res.stderr
    assert " DEBUG " in res.stderr
    res = vnplan("ingest", raw, "--out", tmp_path / "b", "--quiet")
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""  # nothing to warn about, no progress bar
    res = vnplan("-q", "ingest", raw, "--out", tmp_path / "c")
    assert res.returncode == 0 and res.stderr == ""
    assert Store(tmp_path / "c").read("documents").num_rows == 1


def test_no_progress_bar_when_stderr_is_not_a_terminal_and_logs_name_files(raw, tmp_path):
    res = vnplan("ingest", raw, "--out", tmp_path / "out")
    assert res.returncode == 0, res.stderr
    # tqdm redraws with carriage returns; captured stderr gets plain log lines only.
    assert "\r" not in res.stderr and "page/s" not in res.stderr
    doc_id = hashlib.sha256((raw / "plan001.txt").read_bytes()).hexdigest()[:16]
    assert doc_id not in res.stderr, "log lines name files, not content hashes"
    assert "plan001.txt:" in res.stderr
    assert "1 ingested, 0 failed" in res.stderr


def test_partial_document_warned_by_name(raw, tmp_path):
    (raw / "blank_page.txt").write_text("  \n\n \n", encoding="utf-8")
    res = vnplan("ingest", raw, "--out", tmp_path / "out", "-q")
    assert res.returncode == ExitCode.ok, res.stderr
    warnings = [ln for ln in res.stderr.splitlines() if " WARNING " in ln]
    assert any("partial" in ln and "blank_page.txt" in ln for ln in warnings), res.stderr


# --- arguments checked before any work -------------------------------------------------------------


def test_missing_input_path_is_a_bad_argument_and_creates_nothing(raw, tmp_path):
    out = tmp_path / "out"
    res = vnplan("ingest", raw, tmp_path / "nowhere.pdf", "--out", out)
    assert res.returncode == ExitCode.bad_args
    no_traceback(res)
    assert len(error_lines(res)) == 1 and "nowhere.pdf" in res.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", "RAW", "--lang", "xyz"],
        ["ingest", "RAW", "--lang", "vie+"],
        ["ingest", "RAW", "-j", "-1"],
        ["report", "--ocr-low", "200"],
        ["report", "--restore-low", "1.5"],
        ["export", "--format", "json"],
    ],
)
def test_bad_values_refused_up_front(args, raw, tmp_path):
    out = tmp_path / "out"
    argv = [str(raw) if a == "RAW" else a for a in args] + ["--out", str(out)]
    res = runner.invoke(app, argv)
    assert res.exit_code == ExitCode.bad_args, res.output
    assert not out.exists()


def test_language_not_installed_is_a_missing_dependency(tmp_path):
    import pytesseract

    if "fra" in pytesseract.get_languages(config=""):
        pytest.skip("French language data is installed here")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n")
    res = vnplan("ingest", scan, "--out", tmp_path / "out", "--lang", "vie+fra")
    assert res.returncode == ExitCode.missing_dependency
    no_traceback(res)
    assert "fra" in res.stderr and "tesseract-ocr-fra" in res.stderr
    assert not (tmp_path / "out").exists()


def test_missing_tesseract_stops_scans_but_not_text(raw, tmp_path):
    env = {**os.environ, "PATH": str(tmp_path / "empty-bin")}  # no tesseract on PATH
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n")
    res = vnplan("ingest", scan, raw, "--out", tmp_path / "a", env=env)
    assert res.returncode == ExitCode.missing_dependency, res.stderr
    no_traceback(res)
    assert "Tesseract" in res.stderr and "not installed" in res.stderr
    # Text input needs no OCR: the probe is skipped and the run works without Tesseract.
    res = vnplan("ingest", raw, "--out", tmp_path / "b", env=env)
    assert res.returncode == ExitCode.ok, res.stderr


# --- outcome of a run ------------------------------------------------------------------------------


def test_failed_file_beside_a_good_one(raw, tmp_path):
    (raw / "broken.pdf").write_bytes(b"this is not a PDF at all\n" * 10)
    res = vnplan("ingest", raw, "--out", tmp_path / "out")
    assert res.returncode == ExitCode.files_failed, res.stderr
    assert "1 ingested, 1 failed" in res.stderr
    assert any("broken.pdf" in ln for ln in error_lines(res))
    docs = Store(tmp_path / "out").read("documents").to_pandas()
    assert sorted(docs.status) == ["failed", "ok"]


@pytest.mark.parametrize("how", ["sigterm-to-main", "ctrl-c-to-group"])
def test_stop_signal_writes_finished_documents_and_exits_interrupted(how, tmp_path, seed_paths):
    """SIGTERM to vnplan, or Ctrl-C (SIGINT to the whole process group, OCR workers and Tesseract
    included): the documents finished before the signal are written, exit 130, nothing left running."""
    raw = tmp_path / "raw"
    raw.mkdir()
    text = seed_paths["003"].read_text(encoding="utf-8")
    for i in range(12):  # distinct content, so none is skipped as a duplicate
        (raw / f"plan{i:02d}.txt").write_text(f"{text}\nBản sao số {i}\n", encoding="utf-8")
    for i, page in enumerate(layout_pages(plan_text(67, 60))[:2]):  # phone photos: OCR workers run
        photo_page(page, seed=i).save(raw / f"photo{i}.jpg", quality=75)
    out = tmp_path / "out"
    log_path = tmp_path / "stderr.txt"
    with log_path.open("w") as log_file:
        proc = subprocess.Popen(
            [VNPLAN, "ingest", str(raw), "--out", str(out), "-j", "2"],
            stderr=log_file,
            text=True,
            start_new_session=True,
        )
    # Workers write each document as it is finished: signal once the first documents are on disk.
    deadline = time.monotonic() + 240
    while len(written := sorted((out / "documents").glob("*.parquet"))) < 2 and time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail("the run ended before it could be interrupted")
        time.sleep(0.05)
    before = {p.stem for p in written}
    if how == "sigterm-to-main":
        proc.send_signal(signal.SIGTERM)
    else:
        os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("vnplan or its workers hung after the signal")
    stderr = log_path.read_text()
    assert proc.returncode == ExitCode.interrupted, stderr
    assert "Traceback" not in stderr
    docs = Store(out).read("documents").to_pandas()
    assert 2 <= len(docs) < 14 and (docs.status == "ok").all()
    assert before <= set(docs.doc_id), "documents written before the signal are kept"
    pages = Store(out).read("pages").to_pandas()
    assert set(pages.doc_id) == set(docs.doc_id)
    # Workers (and multiprocessing's helper processes) see the run's end on a pipe and exit within seconds.
    deadline = time.monotonic() + 15
    while (left := _group(proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left, "worker processes outlived the run"


def _group(pgid: int) -> list[str]:
    return subprocess.run(["pgrep", "-g", str(pgid)], capture_output=True, text=True).stdout.split()


# --- environment errors: one line, their own code --------------------------------------------------


def test_out_is_a_file(raw, tmp_path):
    out = tmp_path / "out"
    out.write_text("mine", encoding="utf-8")
    res = vnplan("ingest", raw, "--out", out)
    assert res.returncode == ExitCode.output_not_writable
    no_traceback(res)
    assert len(error_lines(res)) == 1 and "is a file" in res.stderr
    assert out.read_text(encoding="utf-8") == "mine"


def _small_file_limit() -> None:
    # A disk that fills up: writes beyond 8 KB fail with EFBIG (the signal is ignored so they return).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))


def test_full_disk_is_one_line_and_its_own_code(raw, tmp_path):
    proc = subprocess.run(
        [VNPLAN, "ingest", str(raw), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=180,
        preexec_fn=_small_file_limit,
    )
    assert proc.returncode == ExitCode.output_not_writable, proc.stderr
    no_traceback(proc)
    errors = error_lines(proc)
    assert len(errors) == 1 and "File too large" in errors[0], proc.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_read_only_out(raw, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        res = vnplan("ingest", raw, "--out", out)
    finally:
        out.chmod(0o755)
    assert res.returncode == ExitCode.output_not_writable
    no_traceback(res)


def test_corrupt_table_in_the_store(raw, tmp_path):
    out = tmp_path / "out"
    assert vnplan("ingest", raw, "--out", out, "-q").returncode == 0
    (next((out / "documents").glob("*.parquet"))).write_bytes(b"PAR1 not really parquet")
    for args in (["ingest", raw, "--out", out], ["export", "-f", "csv", "-d", out, "-o", tmp_path / "csv"]):
        res = vnplan(*args)
        assert res.returncode == ExitCode.store_unreadable, res.stderr
        no_traceback(res)
        assert len(error_lines(res)) == 1 and ".parquet" in res.stderr


# --- restore ---------------------------------------------------------------------------------------


def test_restore_reads_stdin_with_dash():
    res = subprocess.run(
        [VNPLAN, "restore", "-"], input="ke hoach cai cach hanh chinh\n", capture_output=True, text=True, timeout=120
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout == "kế hoạch cải cách hành chính\n"


def test_restore_missing_file_is_one_line(tmp_path):
    res = vnplan("restore", tmp_path / "missing.txt")
    assert res.returncode == ExitCode.bad_args
    no_traceback(res)
    assert len(error_lines(res)) == 1 and "missing.txt" in res.stderr


def test_restore_decodes_tcvn3_like_ingest(tmp_path):
    from normalize.legacy import _TCVN3

    sentence = "Kế hoạch cải cách hành chính của ủy ban nhân dân xã Thạnh Phú năm 2026."
    to_tcvn3 = {uni: legacy for legacy, uni in _TCVN3.items()}
    path = tmp_path / "tcvn3.txt"
    path.write_bytes("".join(to_tcvn3.get(ch, ch) for ch in sentence).encode("cp1252"))
    res = vnplan("restore", path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == sentence
