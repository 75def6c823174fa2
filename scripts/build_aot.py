"""Compile restoration's Python stages with mypyc into ``normalize/_aot/`` (``make setup``; see normalize/aot.py).

    python scripts/build_aot.py [--check]

The ``.py`` files are the source, unchanged; the result is used only while they stay byte-identical (the
manifest records their digest).  Never fails: without mypy, a C compiler or Python's headers, or when mypy finds
a type error, it says so and exits 0, and the Python modules are used.  ``--check`` exits 1 when the build
failed (for a developer who wants to know).
"""

from __future__ import annotations

import argparse
import importlib.machinery
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
os.environ["VNPLAN_PURE_PYTHON"] = "1"  # this process imports normalize.aot only for its lists
sys.path.insert(0, str(REPO))

from normalize import aot  # noqa: E402

MYPY_CONFIG = """\
[mypy]
ignore_missing_imports = True
follow_imports = silent
"""


def build() -> str | None:
    """Build into a temporary directory, then replace ``normalize/_aot``; None on success, else the reason."""
    try:
        from mypyc.build import mypycify
        from setuptools import Distribution
    except ImportError as e:
        return f"mypyc not installed ({e})"
    digest = aot.source_digest()
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    with tempfile.TemporaryDirectory(prefix="vnplan-aot-") as tmp:
        cfg = Path(tmp) / "mypy.ini"
        cfg.write_text(MYPY_CONFIG, encoding="utf-8")
        cwd = os.getcwd()
        os.chdir(REPO)  # mypyc names modules by their paths from here
        try:
            exts = mypycify(["--config-file", str(cfg), *(f"normalize/{m}.py" for m in aot.MODULES)],
                            opt_level="3", group_name=aot.GROUP, target_dir=str(Path(tmp) / "c"))
            dist = Distribution({"ext_modules": exts, "script_args": [
                "build_ext", "--build-lib", str(Path(tmp) / "lib"), "--build-temp", str(Path(tmp) / "tmp"),
                "-j", str(min(2, os.cpu_count() or 1))]})
            dist.parse_command_line()
            dist.run_commands()
        except (Exception, SystemExit) as e:  # noqa: BLE001 - type errors, no compiler, no headers: fall back
            return f"build failed ({type(e).__name__}: {e})"
        finally:
            os.chdir(cwd)
        lib = Path(tmp) / "lib"
        files = {f"normalize.{m}": lib / "normalize" / f"{m}{suffix}" for m in aot.MODULES}
        files[f"{aot.GROUP}__mypyc"] = lib / f"{aot.GROUP}__mypyc{suffix}"
        missing = [str(p) for p in files.values() if not p.is_file()]
        if missing:
            return f"build produced no {missing}"
        if aot.source_digest() != digest:
            return "the sources changed during the build"
        out = aot.AOT_DIR
        stage = out.with_name(out.name + ".new")
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir()
        for p in files.values():
            shutil.copy2(p, stage / p.name)
        (stage / "manifest.json").write_text(json.dumps({
            "digest": digest, "suffix": suffix, "python": sys.version.split()[0],
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "files": {name: p.name for name, p in files.items()}}, indent=1), encoding="utf-8")
        shutil.rmtree(out, ignore_errors=True)
        stage.rename(out)
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 when the build failed")
    args = ap.parse_args()
    t0 = time.perf_counter()
    why = build()
    if why is None:
        print(f"compiled {len(aot.MODULES)} restoration modules into {aot.AOT_DIR} "
              f"({time.perf_counter() - t0:.0f} s)")
        return
    print(f"restoration modules not compiled, the Python ones are used: {why}")
    sys.exit(1 if args.check else 0)


if __name__ == "__main__":
    main()
