"""Restoration's pure-Python stages compiled ahead of time with mypyc (issue 16), used only when they are fresh.

``make setup`` runs ``scripts/build_aot.py``, which compiles :data:`MODULES` (the same ``.py`` files, unchanged,
as the source) into extension modules under ``normalize/_aot/`` with a manifest of what they were built from.
:func:`install` (called when ``normalize`` is imported) puts a finder first on ``sys.meta_path`` that loads those
extensions in place of the ``.py`` modules, but only when

* the manifest's digest of every ``normalize/*.py`` file equals the digest of the files now (an edited source,
  or a checkout of another commit, falls back to Python until the next ``make setup``: the compiled modules call
  each other directly, so one stale module would go on running inside the fresh ones),
* it was built for this interpreter (the extension suffix), and its shared library loads,
* ``VNPLAN_PURE_PYTHON`` is unset or empty (``VNPLAN_PURE_PYTHON=1`` keeps the Python modules; the profiler
  ``bench/restore_profile.py`` wraps functions, which needs them).

Missing, stale or broken builds are never an error: the Python modules are the fallback and give the same
output (``tests/test_aot.py`` compares both paths on a sample when a fresh build is present).
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)

PKG_DIR = Path(__file__).resolve().parent
AOT_DIR = PKG_DIR / "_aot"
MANIFEST = AOT_DIR / "manifest.json"
ENV_OFF = "VNPLAN_PURE_PYTHON"

# the compiled group: the stages that run Python per token or per line (beam.py stays numba; config, model and
# result hold data that is pickled, replaced and compared across processes, and cost nothing per token)
MODULES = ("candidates", "decode", "doccache", "gazetteer", "legacy", "markers", "mode", "names", "restore",
           "restorer", "segmentation", "text", "tokens")
GROUP = "vnplan_normalize"  # mypyc's shared library is the top-level module ``vnplan_normalize__mypyc``


def source_digest(pkg_dir: Path = PKG_DIR) -> str:
    """SHA-256 over every ``*.py`` of the package (names and bytes, sorted by name)."""
    h = hashlib.sha256()
    for p in sorted(pkg_dir.glob("*.py")):
        h.update(p.name.encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def fresh_files(manifest: Path = MANIFEST, pkg_dir: Path = PKG_DIR) -> dict[str, Path] | None:
    """Module name -> extension file of a build that matches these sources and this interpreter, else None."""
    try:
        m = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (not isinstance(m, dict) or m.get("suffix") != importlib.machinery.EXTENSION_SUFFIXES[0]
            or m.get("digest") != source_digest(pkg_dir)):
        return None
    files = {name: manifest.parent / f for name, f in m.get("files", {}).items()}
    if not files or not all(p.is_file() for p in files.values()):
        return None
    return files


class _Finder:
    """Serves the compiled modules (and their shared library) by name from ``normalize/_aot``."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.files = files

    def find_spec(self, fullname: str, path=None, target=None):  # noqa: ANN001 - the meta path protocol
        f = self.files.get(fullname)
        if f is None:
            return None
        return importlib.util.spec_from_file_location(
            fullname, f, loader=importlib.machinery.ExtensionFileLoader(fullname, str(f)))


_state: dict[str, bool] = {}


def install() -> bool:
    """Put the finder of a fresh build first on ``sys.meta_path`` (once); True when compiled modules are used."""
    if "on" in _state:
        return _state["on"]
    _state["on"] = False
    if os.environ.get(ENV_OFF):
        return False
    files = fresh_files()
    if files is None:
        return False
    already = [f"{__package__}.{m}" for m in MODULES if f"{__package__}.{m}" in sys.modules]
    if already:  # imported as Python before the finder existed: mixing the two is not worth the risk
        log.debug("compiled modules not used: %s already imported", already)
        return False
    finder = _Finder(files)
    sys.meta_path.insert(0, finder)
    try:
        importlib.import_module(f"{GROUP}__mypyc")  # the shared library: fails here when the build is unusable
    except Exception as e:  # noqa: BLE001 - any failure means: use the Python modules
        sys.meta_path.remove(finder)
        sys.modules.pop(f"{GROUP}__mypyc", None)
        log.warning("compiled restoration modules not loaded (%s); using the Python ones", e)
        return False
    _state["on"] = True
    return True


def active() -> bool:
    """True when :func:`install` put the compiled modules in use in this process."""
    return _state.get("on", False)


def compiled() -> bool:
    """True when ``normalize.restore`` (and the rest of :data:`MODULES`) run compiled in this process."""
    mod = sys.modules.get(f"{__package__}.restore")
    return mod is not None and not str(getattr(mod, "__file__", "")).endswith(".py")
