"""What every `vnplan ingest` run pays once (issue 16's fixed cost), cut without changing what a run does: the
command line's plain values converted without pydantic (``vnplan.argcoerce``), and the main process and the
fork server ending without the interpreter's module teardown (``vnplan.fastexit``)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import typer
from typer import _coercion
from typer.main import get_command

from vnplan import argcoerce
from vnplan.cli import app
from vnplan.store import Store

VNPLAN = Path(sys.executable).parent / "vnplan"


def _outcome(fn):
    try:
        return "ok", fn()
    except Exception as e:  # the error and its message are part of the behaviour
        return type(e).__name__, str(getattr(e, "message", e))


# Values each of ingest's options may get from a command line (or its default), good and bad.
VALUES = ["2", "0", "02", "-1", "abc", " 3", "+4", "1_0", 2, 0, -5, "vie", "", "auto", "trust", "AUTO", "bogus",
          ("a.pdf", "b"), [], (Path("x.toml"),), ("x.toml",), "data/processed"]


@pytest.mark.parametrize("command", ["ingest", "export", "report"])
def test_plain_conversion_gives_typers_own_values_and_errors(command):
    assert argcoerce.install()
    group = get_command(app)
    cmd = group.commands[command]  # type: ignore[attr-defined]
    ctx = None
    checked = 0
    for param in cmd.params:
        d = getattr(param, "type_descriptor", None)
        if d is None or d.file_annotation is not None:
            continue
        plain = param.get_runtime_param()
        assert type(plain).__name__ == "PlainRuntimeParam"
        own = _coercion.build_runtime_param(d)
        for value in VALUES + [param.default]:
            if value is None:
                continue
            got = _outcome(lambda: plain._coerce_value(value, param=param, ctx=ctx))  # noqa: B023
            want = _outcome(lambda: own._coerce_value(value, param=param, ctx=ctx))  # noqa: B023
            assert got == want, (command, param.name, value)
            assert type(got[1]) is type(want[1])
            checked += 1
    assert checked > 20


def test_plain_value_declines_what_needs_pydantic():
    from typer.models import OptionInfo

    info = OptionInfo(min=0)
    assert argcoerce.plain_value(int, info, "7") == 7
    assert argcoerce.plain_value(str, info, "x") == "x"
    assert argcoerce.plain_value(list[str], info, ("a", "b")) == ["a", "b"]
    for annotation, value in [(int, "007"), (int, "-1"), (int, " 1"), (float, "1"), (Path, "a"), (bool, "yes"),
                              (list[int], ("1", "x")), (tuple[str, str], ("a", "b"))]:
        assert argcoerce.plain_value(annotation, info, value) is argcoerce._NOT_PLAIN, (annotation, value)


def test_ingest_parses_its_options_without_pydantic(tmp_path):
    code = textwrap.dedent(f"""
        import sys
        from vnplan.cli import app
        sys.argv = ["vnplan", "-q", "ingest", "{tmp_path}/missing.pdf", "--out", "{tmp_path}/out", "--workers", "2"]
        try:
            app()
        except SystemExit as e:
            print(e.code, "pydantic" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["2", "False"]  # bad arguments (no such file): the parse itself needed no pydantic
    # a bad value still gets Typer's own message (its pydantic conversion, built then)
    res = subprocess.run([str(VNPLAN), "ingest", str(tmp_path), "--workers", "x"], capture_output=True, text=True)
    assert res.returncode == 2 and "--workers" in res.stderr and "valid integer" in res.stderr


def test_exit_now_runs_the_exit_handlers_and_keeps_the_code(tmp_path):
    mark = tmp_path / "mark"
    code = textwrap.dedent(f"""
        import atexit, sys, logging
        from vnplan.fastexit import exit_now
        atexit.register(lambda: open({str(mark)!r}, "w").write("handlers ran"))
        logging.basicConfig(level=logging.INFO, format="%(message)s")
        logging.getLogger("t").info("logged")
        sys.stdout.write("unflushed output")
        exit_now(3)
        print("not reached")
    """)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (res.returncode, res.stdout, res.stderr.strip()) == (3, "unflushed output", "logged")
    assert mark.read_text() == "handlers ran"


def test_exit_now_leaves_a_running_thread_to_the_ordinary_exit():
    code = textwrap.dedent("""
        import threading, time
        from vnplan.fastexit import exit_now
        t = threading.Thread(target=lambda: (time.sleep(0.5), print("thread done")))
        t.start()
        exit_now(0)
        print("returned")
    """)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.split("\n")[:2] == ["returned", "thread done"]


def test_fork_server_ends_through_its_exit_handlers(tmp_path):
    (tmp_path / "probe_preload.py").write_text(textwrap.dedent("""
        import atexit, os
        from vnplan.fastexit import at_fork_server_exit, in_fork_server
        mark = os.environ["PROBE_MARK"]
        atexit.register(lambda: open(mark, "a").write("handlers ran\\n"))
        open(mark, "a").write(f"registered {at_fork_server_exit()}\\n")
    """))
    mark = tmp_path / "mark"
    code = textwrap.dedent("""
        import multiprocessing as mp, os
        from vnplan.fastexit import at_fork_server_exit
        assert not at_fork_server_exit()  # not the fork server: nothing registered
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["probe_preload"])
        p = ctx.Process(target=os.getpid)
        p.start(); p.join()
        print(p.exitcode)
    """)
    env = {**os.environ, "PROBE_MARK": str(mark),
           "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", ""), str(Path.cwd())])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "0"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and "handlers ran" not in (mark.read_text() if mark.exists() else ""):
        time.sleep(0.1)
    # registered once in the server; the worker forked from it left through os._exit, running no handler
    assert mark.read_text().splitlines() == ["registered True", "handlers ran"]


def test_ingest_run_exits_with_its_code_and_everything_written(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text("ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG\n\nKẾ HOẠCH\nPhát triển nông nghiệp năm 2025\n", encoding="utf-8")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    out = tmp_path / "out"
    res = subprocess.run([str(VNPLAN), "ingest", str(doc), str(bad), "--out", str(out), "--workers", "1"],
                         capture_output=True, text=True)
    assert res.returncode == 1  # one file failed: the code survives the fast exit
    assert "FAILED" in res.stderr  # the run's log, flushed before the exit
    docs = Store(out).read("documents").to_pylist()
    assert sorted(d["status"] for d in docs) == ["failed", "ok"]


def test_typer_without_pydantic_conversion_is_left_alone(monkeypatch):
    monkeypatch.setattr(_coercion, "RuntimeParam", None)
    from typer.core import _TyperParameter

    was = _TyperParameter.get_runtime_param
    assert argcoerce.install() is False
    assert _TyperParameter.get_runtime_param is was
    assert isinstance(app, typer.Typer)


def test_rule_files_found_valid_are_not_checked_again_unless_edited(tmp_path, monkeypatch, request):
    import shutil

    from extract import patterns

    def forget() -> None:  # the caches this test fills from its copy and its changed schema: none left for the next test
        for f in (patterns.load_json, patterns.load_jsonl, patterns._found_valid, patterns._validator):
            f.cache_clear()

    request.addfinalizer(forget)

    d = tmp_path / "patterns"
    shutil.copytree(patterns.PATTERN_DIR, d)
    monkeypatch.setattr(patterns, "PATTERN_DIR", d)
    monkeypatch.setattr(patterns, "VALID_STAMP", tmp_path / "cache" / "patterns-valid.json")

    def fresh() -> list[str]:  # a new process's caches; the validators it compiles
        for f in (patterns.load_json, patterns.load_jsonl, patterns._found_valid, patterns._validator):
            f.cache_clear()
        compiled: list[str] = []
        real = patterns.fastjsonschema.compile
        monkeypatch.setattr(patterns.fastjsonschema, "compile", lambda schema: compiled.append("x") or real(schema))
        return compiled

    compiled = fresh()
    first = (patterns.load_json("domains.json"), patterns.load_jsonl("targets.jsonl"))
    assert len(compiled) == 2 and (tmp_path / "cache" / "patterns-valid.json").exists()
    compiled = fresh()
    assert (patterns.load_json("domains.json"), patterns.load_jsonl("targets.jsonl")) == first
    assert compiled == []  # the same texts under the same schemas: not checked again
    text = (d / "domains.json").read_text(encoding="utf-8")
    (d / "domains.json").write_text(text.replace('"domains"', '"domainz"', 1), encoding="utf-8")
    fresh()
    with pytest.raises(patterns.PatternError):
        patterns.load_json("domains.json")  # edited: checked again, and the error is the same as ever
    fresh()
    monkeypatch.setitem(patterns.JSONL_SCHEMAS, "targets.jsonl",
                        {**patterns.JSONL_SCHEMAS["targets.jsonl"], "maxProperties": 1})
    with pytest.raises(patterns.PatternError):
        patterns.load_jsonl("targets.jsonl")  # its schema changed: checked again
