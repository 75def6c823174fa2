"""Extraction from a SCANNED seed 004: render it with devkit.synth (tab lines become ruled tables) into an
image-only PDF, read every page as the pipeline does (ingest.pages.run_job: the scanner's image out of the PDF,
then ingest.ocr.read_page: background, deskew, rule removal, enlarging, Tesseract 'vie', reading order of
ingest.layout), restore with normalize when it works, extract (appendix tables rebuilt from the word boxes) and
score against the same gold as extract_eval.py.

    python bench/extract_scan_eval.py [--degrade light|medium] [--dpi 300] [-v]

Slow (one Tesseract run per page, about a minute on two cores).
"""

from __future__ import annotations

import argparse
import logging
import pickle
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from extract_eval import GOLD, SEEDS, align, eval_targets, eval_tasks, prefix_score, restorer  # noqa: E402

from devkit.provcheck import Score  # noqa: E402
from extract import extract_document  # noqa: E402
from extract.boxes import restored_words  # noqa: E402
from ingest.pages import PageJob, init_worker, run_job  # noqa: E402
from ingest.records import Document, Page  # noqa: E402
from normalize.text import nfc  # noqa: E402


def _read(job: PageJob) -> Page:
    """One page as the pipeline's page workers read it (one Tesseract thread each)."""
    init_worker()
    return run_job(job)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--degrade", default="light")
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--cache", help="pickle of the OCR'd pages: written if missing, else read (outside the repo!)")
    a = ap.parse_args()
    logging.basicConfig(level=logging.INFO if a.v else logging.WARNING, format="%(message)s")
    import tempfile

    from devkit.synth import render_pages, save_pdf

    t0 = time.perf_counter()
    path = next(SEEDS.glob("004_*.txt"))
    cache = Path(a.cache) if a.cache else None
    if cache is not None and cache.exists():
        pages = pickle.loads(cache.read_bytes())
    else:
        imgs = render_pages(nfc(path.read_text(encoding="utf-8")), dpi=a.dpi, seed=0, degrade=a.degrade)
        with tempfile.TemporaryDirectory() as tmp, ProcessPoolExecutor(max_workers=2) as ex:
            pdf = save_pdf(imgs, Path(tmp) / "scan004.pdf", dpi=a.dpi)
            jobs = [PageJob(doc_id="scan004", path=str(pdf), kind="pdf", index=i) for i in range(len(imgs))]
            pages = sorted(ex.map(_read, jobs), key=lambda p: p.page_no)
        if cache is not None:
            cache.write_bytes(pickle.dumps(pages))
    restore, how = restorer()
    print(f"{len(pages)} pages rendered ({a.degrade}, {a.dpi} dpi) and OCR'd in {time.perf_counter() - t0:.0f} s; "
          f"text source: {how}")
    for p in pages:
        p.text = restore(p.text_raw).text if restore else None
    doc = Document(doc_id="scan004", source_path=str(path), file_name=path.name, pages=pages)
    result = extract_document(doc)
    print("meta:", {k: result.meta[k] for k in ("doc_number", "issue_date", "issuer", "period_start", "period_end")})
    r1 = eval_targets("004", "seed004_targets.json", None, ex=result, label=" [scanned]")
    r2 = eval_tasks(None, ex=result, label=" [scanned]")
    tasks, targets = provenance(result, pages)
    print(tasks.line("[scanned] appendix tasks"))
    print(targets.line("[scanned] targets"))
    for m in tasks.misses + targets.misses:
        logging.info("provenance miss %s", m)
    print(f"\nsummary (table F1, scanned 004): targets={r1['f1']:.3f} tasks={r2['f1']:.3f}; provenance accuracy: "
          f"tasks={tasks.accuracy:.3f} targets={targets.accuracy:.3f} ({time.perf_counter() - t0:.0f} s)")


def provenance(result: object, pages: list[Page]) -> tuple[Score, Score]:
    """Provenance accuracy (devkit.provcheck) of the gold appendix tasks and targets: rows aligned to the gold
    by text as the F1 above aligns them, their boxes against the words carrying the gold row on the page."""
    import json

    words = {p.page_no: restored_words(p.words, p.text) for p in pages}
    gold = json.loads((GOLD / "seed004_tasks.json").read_text(encoding="utf-8"))["tasks"]
    pred = [t for t in result.tasks if t["source"] == "appendix"]  # type: ignore[attr-defined]
    tasks = Score()
    for gi, pi in align(gold, pred, lambda g, p: prefix_score(g["text"], p["text"])):
        g = gold[gi]
        tasks.add(f"task {g['task_no']}", [g["text"], g["product"] or "", *g["lead"], *g["support"],
                                           g["deadline_text"] or ""], pred[pi], words)
    gold = json.loads((GOLD / "seed004_targets.json").read_text(encoding="utf-8"))["targets"]
    pred = result.targets  # type: ignore[attr-defined]
    targets = Score()
    for gi, pi in align(gold, pred, lambda g, p: prefix_score(g["text"], p["text"])):
        targets.add("target", [gold[gi]["text"]], pred[pi], words, prose=True)
    return tasks, targets


if __name__ == "__main__":
    main()
