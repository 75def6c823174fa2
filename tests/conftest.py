"""Shared fixtures: the committed sample plans, real rendered scans, real PDFs.

Everything here works from the repository alone. Only tests of restoration on held-out laws read the
corpus in ../shared (``corpus_excerpt``); without it they are skipped with the reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devkit.paths import CORPUS, SEEDS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    assert SEEDS.is_dir(), f"{SEEDS} is missing: the sample plans are part of the repository"
    return SEEDS


@pytest.fixture(scope="session")
def seed_paths(seeds_dir: Path) -> dict[str, Path]:
    """Sample plans by their number: {'000': Path, ...}."""
    return {p.name[:3]: p for p in sorted(seeds_dir.glob("*.txt"))}


def corpus_excerpt(name: str = "luat-bao-chi.txt", start: int = 20, n_lines: int = 30) -> str:
    """Lines of a law from the corpus in ../shared; skips the calling test when it is not there."""
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"needs the law corpus ({path}): restoration is measured on held-out laws")
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[start : start + n_lines])


def plan_text(start: int = 67, n_lines: int = 40) -> str:
    """Lines of sample plan 004, a clean transcription: real Vietnamese administrative prose to render.

    Lines 67-135 are the plan's purposes, targets and tasks as numbered prose (the appendix table
    starts at line 278)."""
    path = next(SEEDS.glob("004_*.txt"))
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[start : start + n_lines])


def extract_text(text: str, doc_id: str = "d"):  # -> extract.Extraction (imported lazily: spaCy)
    """Extraction of a one-page text document, as a .txt input whose restoration changed nothing reads."""
    from extract.core import extract_document
    from ingest.records import Document, Page

    return extract_document(Document(doc_id, f"{doc_id}.txt", f"{doc_id}.txt", pages=[Page(1, "text", text, text=text)]))


# the signed end of a one-page document (distribution, filing line, authority, title, signer) the task tests append
SIGNED_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn An\n"


def official_head(kind: str, number: str, title: str, *, issuer: str, place: str, date: str) -> str:
    """The head of a Decree 30 document as text: issuer, number, national title, place and date, type and title."""
    return (f"{issuer}\n\nSố: {number}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            f"{place}, {date}\n\n{kind}\n{title}\n\n")


def target_tuples(ex) -> list[tuple[float, str, int]]:  # ex: extract.Extraction
    """An extraction's targets as sorted (value, unit, year)."""
    return sorted((t["value"], t["unit"], t["target_year"]) for t in ex.targets)


def task_rows(text: str) -> list[dict]:
    """Text, lead names (sorted), deadline phrase and recurrence of each task extracted from a one-page text."""
    ex = extract_text(text)
    names = {a["agency_id"]: a["name"] for a in ex.agencies}
    return [{"text": t["text"], "lead": sorted(names[x["agency_id"]] for x in ex.task_agencies
                                                if x["task_id"] == t["task_id"] and x["role"] == "lead"),
             "deadline": t["deadline_text"], "recurrence": t["recurrence"]} for t in ex.tasks]


def task_triples(text: str) -> list[dict]:
    """Text, deadline and lead names of each task extracted from a one-page text (task_rows without recurrence)."""
    return [{k: row[k] for k in ("text", "deadline", "lead")} for row in task_rows(text)]


def scanned_document_row(text: str, seed: int, out: Path) -> dict:
    """The ``documents`` row the real pipeline (Tesseract 'vie') gives for ``text`` rendered as a light scan."""
    from devkit import synth
    from vnplan import pipeline
    from vnplan.store import Store

    pdf = synth.save_pdf(synth.render_pages(text, degrade="light", seed=seed), out / "scan.pdf")
    summary = pipeline.run([pdf], out / "store", pipeline.Options(progress=False, workers=1))
    assert not summary.failed
    return Store(out / "store").read("documents").to_pylist()[0]
