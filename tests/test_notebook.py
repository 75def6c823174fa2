"""The analyst notebook: committed without outputs, and runs top to bottom on a real pipeline run."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import ROOT
from vnplan.pipeline import Options, run

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_is_a_notebook():
    assert ROOT / "notebooks" / "analysis.ipynb" in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for i, cell in enumerate(nb.cells):
        src = cell.source
        assert src == unicodedata.normalize("NFC", src), f"cell {i} is not NFC"
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {i} has outputs: strip them before committing"
            assert cell.execution_count is None, f"cell {i} has an execution count"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, seed_paths) -> Path:
    """The five seed plans plus a file that fails, through the real pipeline."""
    raw = tmp_path_factory.mktemp("raw")
    for p in seed_paths.values():
        shutil.copy(p, raw)
    (raw / "empty.pdf").write_bytes(b"")
    out = tmp_path_factory.mktemp("processed")
    summary = run([raw], out, Options(progress=False))
    assert len(summary.ok) == len(seed_paths) and len(summary.failed) == 1
    return out


def _execute(path: Path, data_dir: Path, monkeypatch) -> list[dict]:
    """Run the notebook on ``data_dir``; its code cells' outputs."""
    monkeypatch.setenv("VNPLAN_DATA", str(data_dir))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()  # raises CellExecutionError when a cell fails
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert f"tables from {data_dir}" in text, "the notebook must read the folder named by VNPLAN_DATA"
    return outputs


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_runs_top_to_bottom(path: Path, data_dir: Path, monkeypatch):
    outputs = _execute(path, data_dir, monkeypatch)
    if path.name == "analysis.ipynb":
        images = [o for o in outputs if "image/png" in o.get("data", {})]
        assert len(images) >= 4, "targets, workload, deadlines and confidence plots"
        html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
        assert "thủ tục hành chính" in html, "targets by domain, Vietnamese NFC"
        assert "empty.pdf" in html and "failed" in html


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_runs_when_nothing_was_extracted(path: Path, tmp_path: Path, monkeypatch):
    """A run where every file failed: empty tables, and still no cell fails."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.pdf").write_bytes(b"")
    summary = run([raw], tmp_path / "out", Options(progress=False))
    assert len(summary.failed) == 1
    _execute(path, tmp_path / "out", monkeypatch)
