"""Shared fixtures: real corpus text, real rendered scans, real PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from vnplan.paths import CORPUS, SEEDS

ROOT = Path(__file__).resolve().parent.parent


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path} is missing: the tests read the project's shared/ folder beside the repository")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _need(SEEDS)


@pytest.fixture(scope="session")
def seed_paths(seeds_dir: Path) -> dict[str, Path]:
    """Seed files by their number: {'000': Path, ...}."""
    return {p.name[:3]: p for p in sorted(seeds_dir.glob("*.txt"))}


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return _need(CORPUS)


def corpus_excerpt(name: str = "luat-bao-chi.txt", start: int = 20, n_lines: int = 30) -> str:
    lines = _need(CORPUS / name).read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[start : start + n_lines])
