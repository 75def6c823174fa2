"""Restoration's modules compiled ahead of time (normalize/aot.py, scripts/build_aot.py): used only when built from
the very sources in the tree, falling back to Python otherwise, and restoring exactly as the Python modules do."""

from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import normalize
from normalize import aot

PKG = Path(normalize.__file__).resolve().parent
SEED = sorted((Path(__file__).resolve().parent.parent / "data" / "samples").glob("001_*.txt"))
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]

# restores a text line by line and whole; prints whether the compiled modules ran, and every output
_PROBE = """
import json, sys
import normalize.aot as aot
from normalize import restore_text
text = open(sys.argv[1], encoding="utf-8").read()
out = []
for t in [*text.split(chr(10)), text]:
    r = restore_text(t)
    out.append([r.text, r.confidence, r.encoding,
                [[x.raw, x.restored, x.confidence, x.start, x.end, x.kind] for x in r.tokens]])
print(json.dumps({"active": aot.active(), "compiled": aot.compiled(), "out": out}, ensure_ascii=False))
"""


def _probe(text_path: Path, root: Path, pure: bool) -> dict:
    env = {k: v for k, v in os.environ.items() if k != aot.ENV_OFF}
    if pure:
        env[aot.ENV_OFF] = "1"
    env["PYTHONPATH"] = str(root)
    done = subprocess.run([sys.executable, "-c", _PROBE, str(text_path)], capture_output=True, text=True,
                          env=env, cwd=str(root), check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fake_build(pkg: Path, digest: str, suffix: str = SUFFIX) -> Path:
    """A manifest over files that are not extension modules at all (what a broken build would leave)."""
    out = pkg / "_aot"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    files = {f"normalize.{m}": f"{m}{suffix}" for m in aot.MODULES}
    files[f"{aot.GROUP}__mypyc"] = f"{aot.GROUP}__mypyc{suffix}"
    for f in files.values():
        (out / f).write_bytes(b"not a shared library")
    (out / "manifest.json").write_text(json.dumps({"digest": digest, "suffix": suffix, "files": files}),
                                       encoding="utf-8")
    return out / "manifest.json"


def test_build_used_only_for_the_sources_it_was_built_from(tmp_path):
    pkg = tmp_path / "normalize"
    pkg.mkdir()
    (pkg / "a.py").write_text("X = 1\n", encoding="utf-8")
    (pkg / "b.py").write_text("Y = 2\n", encoding="utf-8")
    manifest = _fake_build(pkg, aot.source_digest(pkg))
    files = aot.fresh_files(manifest, pkg)
    assert files is not None and set(files) == {*(f"normalize.{m}" for m in aot.MODULES), f"{aot.GROUP}__mypyc"}
    (pkg / "b.py").write_text("Y = 3\n", encoding="utf-8")  # a source edited after the build
    assert aot.fresh_files(manifest, pkg) is None
    (pkg / "b.py").write_text("Y = 2\n", encoding="utf-8")
    assert aot.fresh_files(manifest, pkg) is not None
    (pkg / "c.py").write_text("", encoding="utf-8")  # a module added
    assert aot.fresh_files(manifest, pkg) is None
    (pkg / "c.py").unlink()
    _fake_build(pkg, aot.source_digest(pkg), suffix=".cpython-39-x86_64-linux-gnu.so")  # another interpreter
    assert aot.fresh_files(manifest, pkg) is None
    manifest = _fake_build(pkg, aot.source_digest(pkg))
    (pkg / "_aot" / f"restore{SUFFIX}").unlink()  # a file missing
    assert aot.fresh_files(manifest, pkg) is None
    assert aot.fresh_files(tmp_path / "nowhere.json", pkg) is None


@pytest.mark.skipif(not SEED, reason="no sample plans (data/samples)")
def test_broken_or_stale_build_falls_back_to_python(tmp_path):
    """A build whose libraries do not load, or whose sources changed since, leaves the Python modules in use
    and restores all the same."""
    root = tmp_path / "tree"
    shutil.copytree(PKG, root / "normalize", ignore=shutil.ignore_patterns("*.pyc", "_aot*", "*.so"))
    text = tmp_path / "in.txt"
    text.write_text("\n".join(SEED[0].read_text(encoding="utf-8").split("\n")[:12]), encoding="utf-8")
    want = _probe(text, root, pure=True)
    assert want["active"] is False and want["compiled"] is False
    _fake_build(root / "normalize", aot.source_digest(root / "normalize"))  # fresh, but not loadable
    got = _probe(text, root, pure=False)
    assert got["active"] is False and got["compiled"] is False and got["out"] == want["out"]
    _fake_build(root / "normalize", "0" * 64)  # stale
    got = _probe(text, root, pure=False)
    assert got["active"] is False and got["out"] == want["out"]


@pytest.mark.skipif(aot.fresh_files() is None, reason="no fresh compiled build in this tree (make setup builds it)")
@pytest.mark.skipif(not SEED, reason="no sample plans (data/samples)")
def test_compiled_modules_restore_as_the_python_ones(tmp_path):
    """The compiled path and the Python path give byte-identical restorations (text, every token record,
    confidences) of an OCR sample plan, line by line and whole."""
    text = tmp_path / "in.txt"
    text.write_text("\n".join(SEED[0].read_text(encoding="utf-8").split("\n")[:300]), encoding="utf-8")
    root = PKG.parent
    python = _probe(text, root, pure=True)
    compiled = _probe(text, root, pure=False)
    assert python["compiled"] is False
    assert compiled["active"] is True and compiled["compiled"] is True
    assert len(compiled["out"]) > 100
    assert compiled["out"] == python["out"]


def test_frozen_dataclasses_pickle_and_copy():
    """Compiled by mypyc, a frozen dataclass restores no state by setattr: they pickle and copy by constructor."""
    import copy
    import pickle

    from normalize.mode import WordStats
    from normalize.names import NameConfig, NameToken

    for x in (WordStats(words=3, vi=2, marked_bad=frozenset({"tbe"})), NameConfig(min_share=0.8),
              NameToken("Lê", 0.9, True)):
        assert pickle.loads(pickle.dumps(x)) == x
        assert copy.deepcopy(x) == x and copy.copy(x) == x
        assert type(copy.copy(x)) is type(x)
