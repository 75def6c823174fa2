"""Fit the row-confidence model (extract/confidence.py) on documents whose layouts the extractors were never tuned on.

    python -m devkit.calibrate            # writes extract/calibration.json (make calibrate)

A row's confidence must say how often such a row is right on a document vnplan has not seen. The development
documents of tests/data/doctypes cannot tell that: the extraction rules were tuned on them until nearly every row
is right, so a model fitted there learns "rows are right" and is overconfident elsewhere (right 0.40 of the time
at >= 0.9 on the newest held-out round). So the weights are fitted on the EARLIER held-out rounds (gold marked
``"heldout": true`` with a ``"round"`` below the newest; never tuned on for extraction), and the newest round stays
held out for both extraction and calibration: bench/calibration_eval.py measures on it. Documents marked held-out
without a round (``ho*``) were tuned on for extraction afterwards and are left out. Fitted on those rounds alone, no
row ever reaches 0.9, not even on the seeds' familiar layout where nearly every row is right; so by default the
development documents are fitted too, the two groups weighing half each (``--fit-on`` picks one group).

Each document goes through the real pipeline as text and as scans rendered from it at three degradations
(devkit.synth) and OCR'd. Every extracted target and task is labelled right or wrong against the gold (tasks: lead
and deadline right; targets: value, unit and year right; a row the gold does not have is wrong), and a logistic
model per table is fitted on the evidence extract/confidence.py gathers for the row. The seeds are never used here
(they are what bench/calibration_eval.py measures the fitted model on).
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import pickle
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from devkit import doctype_gold
from extract import Extraction, extract_document
from extract.confidence import FEATURES, PARAMS, Evidence, row_evidence
from ingest.records import Document, Page, Word

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "tests" / "data" / "doctypes"
GOLD = ROOT / "tests" / "gold"
L2 = 1.0  # ridge on the weights (not the bias): a few hundred rows, six features
SCAN_LEVELS = ("light", "medium", "heavy")

log = logging.getLogger("devkit.calibrate")


@cache
def _bench(name: str) -> Any:
    """The alignment and scoring of the extraction evals, reused rather than copied."""
    if str(ROOT / "bench") not in sys.path:
        sys.path.insert(0, str(ROOT / "bench"))
    return importlib.import_module(name)


@dataclass(frozen=True)
class Labelled:
    table: str
    evidence: Evidence
    right: bool
    source: str  # 'text' or the scan's degradation
    row: dict[str, Any]


def run_pipeline(paths: list[Path], out: Path) -> dict[str, Document]:
    """Ingest ``paths`` with the real pipeline; the documents rebuilt from the store, by file stem."""
    from vnplan import pipeline
    from vnplan.store import Store

    pipeline.run(paths, out, pipeline.Options(progress=False, force=True, workers=2))
    store = Store(out)
    words: dict[tuple[str, int], list[Word]] = {}
    wt = store.read("words")
    cols = [c for c in wt.column_names if c not in ("doc_id", "page_no")]  # Word's fields, in order
    for r in wt.to_pylist():
        words.setdefault((r["doc_id"], r["page_no"]), []).append(Word(*(r[c] for c in cols)))
    pages: dict[str, list[Page]] = {}
    for r in store.read("pages").to_pylist():
        pages.setdefault(r["doc_id"], []).append(
            Page(r["page_no"], r["method"], r["text_raw"], words.get((r["doc_id"], r["page_no"]), []),
                 r["ocr_confidence"], r["text"], r["restore_confidence"])
        )
    return {
        Path(d["file_name"]).stem: Document(d["doc_id"], d["source_path"], d["file_name"], d["status"], d["error"],
                                             sorted(pages.get(d["doc_id"], []), key=lambda p: p.page_no))
        for d in store.read("documents").to_pylist()
    }


def leads(ex: Extraction) -> dict[str, list[str]]:
    names = {a["agency_id"]: a["name"] for a in ex.agencies}
    out: dict[str, list[str]] = {}
    for link in ex.task_agencies:
        if link["role"] == "lead":
            out.setdefault(link["task_id"], []).append(names[link["agency_id"]])
    return out


def label_doctype(ex: Extraction, gold: dict[str, Any]) -> Iterable[tuple[str, dict[str, Any], bool]]:
    """Rows of one development document, right or wrong as bench/doctype_eval.py scores them."""
    ev = _bench("doctype_eval")
    lead = leads(ex)
    tasks = [dict(t, lead=lead.get(t["task_id"], [])) for t in ex.tasks]
    right = set()
    for gi, pi in ev.align_tasks(gold["tasks"], tasks):
        g, p = gold["tasks"][gi], tasks[pi]
        lead_ok = sorted(ev.norm(x) for x in g["lead"]) == sorted(ev.norm(x) for x in p["lead"])
        dl_ok = ev.norm(g["deadline"]) == ev.norm(p["deadline_text"]) or ev.same_deadline(g["deadline"], p["deadline_text"])
        if lead_ok and dl_ok:
            right.add(pi)
    yield from (("tasks", t, i in right) for i, t in enumerate(ex.tasks))
    used: set[int] = set()
    for g in gold["targets"]:
        cands = [i for i, p in enumerate(ex.targets) if i not in used and p["value"] == g["value"] and p["unit"] == g["unit"]]
        best = next((i for i in cands if ex.targets[i]["target_year"] == g["year"]), None)
        if best is not None:
            used.add(best)
    yield from (("targets", t, i in used) for i, t in enumerate(ex.targets))


def label_seed(stem: str, ex: Extraction) -> Iterable[tuple[str, dict[str, Any], bool]]:
    """Seed rows against the seed gold (tests/gold/seed*.json), scored as bench/extract_eval.py does."""
    ev = _bench("extract_eval")
    seed = stem[:3]
    targets_gold = GOLD / f"seed{seed}_targets.json"
    if targets_gold.exists():
        gold = json.loads(targets_gold.read_text(encoding="utf-8"))["targets"]

        def score(g: dict[str, Any], p: dict[str, Any]) -> float:
            return ev.fuzz.partial_ratio(ev.norm(g["text"]), ev.norm(p["text"])) + (10 if g["value"] == p["value"] else -20)

        right = {pi for gi, pi in ev.align(gold, ex.targets, score)
                 if all(gold[gi][k] == ex.targets[pi][k] for k in ("value", "unit", "target_year"))}
        yield from (("targets", t, i in right) for i, t in enumerate(ex.targets))
    if seed == "004":
        gold = json.loads((GOLD / "seed004_tasks.json").read_text(encoding="utf-8"))["tasks"]
        pred = [t for t in ex.tasks if t["source"] == "appendix"]
        roles = ev.agency_roles(ex)
        right = set()
        for gi, pi in ev.align(gold, pred, lambda g, p: ev.prefix_score(g["text"], p["text"])):
            g, p = gold[gi], pred[pi]
            lead_ok = {ev.norm(x) for x in g["lead"]} == roles.get((p["task_id"], "lead"), set())
            dl_ok = any(ev.fuzz.ratio(ev.norm(p["deadline_text"]), ev.norm(x)) >= ev.TEXT_MATCH
                        for x in [g["deadline_text"], *g.get("deadline_alternatives", [])])
            if lead_ok and dl_ok:
                right.add(pi)
        yield from (("tasks", t, i in right) for i, t in enumerate(pred))


def labelled_rows(docs: dict[str, Document], label: Any, source: str) -> list[Labelled]:
    out = []
    for stem, doc in docs.items():
        ex = extract_document(doc)  # the rule certainties, before any calibration
        rows = list(label(stem, ex))
        for table in ("targets", "tasks"):
            mine = [(r, ok) for t, r, ok in rows if t == table]
            evs = row_evidence(doc, table, [r for r, _ in mine])
            out += [Labelled(table, e, ok, source, r) for (r, ok), e in zip(mine, evs, strict=True)]
    return out


def render(texts: list[Path], level: str, folder: Path) -> list[Path]:
    from devkit import synth

    return [synth.save_pdf(synth.render_pages(p.read_text(encoding="utf-8"), degrade=level, seed=i),
                           folder / f"{p.stem}.pdf") for i, p in enumerate(texts)]


def has_heldout() -> bool:
    return bool(doctype_gold.split(doctype_gold.load(), heldout=True))


def calibration_sets(gold: dict[str, dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """The documents by their use here: ``fit`` (held-out rounds before the newest: layouts the extractors were never
    tuned on), ``measure`` (the newest held-out round), ``tuned`` (held-out documents without a round, tuned on for
    extraction afterwards) and ``dev`` (the development documents)."""
    held = doctype_gold.split(gold, heldout=True)
    newest = max((g["round"] for g in held.values() if g.get("round")), default=None)
    sets: dict[str, dict[str, dict[str, Any]]] = {"fit": {}, "measure": {}, "tuned": {},
                                                  "dev": doctype_gold.split(gold, heldout=False)}
    for name, g in held.items():
        key = "tuned" if not g.get("round") else "measure" if g["round"] == newest else "fit"
        sets[key][name] = g
    return sets


def dev_rows(tmp: Path, heldout: bool = False) -> list[Labelled]:
    """Labelled rows of the development documents (or of the ones marked held-out), as text and as scans."""
    return doc_rows(tmp, doctype_gold.split(doctype_gold.load(), heldout))


def doc_rows(tmp: Path, gold: dict[str, dict[str, Any]]) -> list[Labelled]:
    """Labelled rows of the documents of ``gold``, as text and as scans."""
    texts = [DOCS / f"{name}.txt" for name in gold]
    rows = labelled_rows(run_pipeline(texts, tmp / "text"), lambda s, ex: label_doctype(ex, gold[s]), "text")
    for level in SCAN_LEVELS:
        pdfs = render(texts, level, tmp / f"pdf-{level}")
        rows += labelled_rows(run_pipeline(pdfs, tmp / f"scan-{level}"), lambda s, ex: label_doctype(ex, gold[s]), level)
    return rows


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2, iters: int = 100,
                 sw: np.ndarray | None = None) -> tuple[float, list[float]]:
    """Ridge-penalised logistic regression by Newton's method (the bias is not penalised); ``sw``: row weights."""
    x1 = np.c_[np.ones(len(x)), x]
    sw = np.ones(len(x)) if sw is None else sw
    w = np.zeros(x1.shape[1])
    pen = np.full(x1.shape[1], l2)
    pen[0] = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-x1 @ w))
        grad = x1.T @ (sw * (p - y)) + pen * w
        hess = x1.T @ (x1 * (sw * p * (1 - p))[:, None]) + np.diag(pen + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return float(w[0]), [float(v) for v in w[1:]]


# The direction each weight must have: more rule certainty, better-read words and a surer restoration can
# only raise a row's confidence, more badly read words only lower it. A few hundred rows can fit a weight the
# wrong way round (the dev set's table rows have a high rule certainty and most of the scan errors); a model
# that trusts a merged-cell row more than a clean one would not hold on other documents.
SIGNS = {"rule": 1, "ocr_mean": 1, "key_min": 1, "low_share": -1, "restore": 1, "ocr": 0}


def fit_signed(x: np.ndarray, y: np.ndarray, sw: np.ndarray | None = None) -> tuple[float, list[float]]:
    """:func:`fit_logistic` with each weight held to its sign in :data:`SIGNS`: a weight fitted the wrong way
    is fixed at 0 and the rest refitted, until none is (an active-set fit)."""
    free = list(range(x.shape[1]))
    while True:
        bias, w = fit_logistic(x[:, free], y, sw=sw)
        wrong = [i for i, wi in zip(free, w, strict=True) if SIGNS[FEATURES[i]] * wi < 0]
        if not wrong:
            weights = [0.0] * x.shape[1]
            for i, wi in zip(free, w, strict=True):
                weights[i] = wi
            return bias, weights
        # drop the worst offender only: dropping one can change the sign of another
        free.remove(min(wrong, key=lambda i: SIGNS[FEATURES[i]] * w[free.index(i)]))


def fit(groups: dict[str, list[Labelled]]) -> dict[str, Any]:
    """Weights per table, from rows by group ({'dev': …, 'unseen': …}): each group weighs the same in total."""
    tables = {}
    for table in ("targets", "tasks"):
        parts = {g: [r for r in rs if r.table == table] for g, rs in groups.items()}
        parts = {g: rs for g, rs in parts.items() if rs}
        mine = [r for rs in parts.values() for r in rs]
        if len(mine) < 20 or len({r.right for r in mine}) < 2:
            log.warning("%s: %d rows, not enough to fit; rule certainty kept", table, len(mine))
            continue
        x = np.array([r.evidence.vector() for r in mine])
        y = np.array([float(r.right) for r in mine])
        sw = np.concatenate([np.full(len(rs), len(mine) / (len(parts) * len(rs))) for rs in parts.values()])
        bias, weights = fit_signed(x, y, sw)
        tables[table] = {"bias": round(bias, 4), "weights": [round(w, 4) for w in weights], "n_rows": len(mine),
                         "share_right": round(float(y.mean()), 4)}
    return tables


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=PARAMS, help=f"where to write the weights (default {PARAMS})")
    ap.add_argument("--cache", type=Path, help="folder of the labelled rows, one pickle per group (dev.pkl, unseen.pkl): "
                                               "read if present, else written (to refit without OCR again; keep it "
                                               "outside the repository)")
    ap.add_argument("--fit-on", choices=("both", "unseen", "dev"), default="both",
                    help="both (default): the development documents and the held-out rounds before the newest, each "
                         "group weighing half; unseen: those rounds only; dev: the development documents only")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    sets = calibration_sets(doctype_gold.load())
    groups = {"both": ("dev", "unseen"), "unseen": ("unseen",), "dev": ("dev",)}[args.fit_on]
    rows = {g: group_rows(g, sets, args.cache) for g in groups}
    what = {"dev": "the development documents of tests/data/doctypes (tuned on for extraction)",
            "unseen": "the held-out rounds before the newest (" + ", ".join(sorted(sets["fit"]))
                      + "; never tuned on for extraction)"}
    doc = {
        "_doc": "Row-confidence weights (extract/confidence.py), fitted by `python -m devkit.calibrate` on "
                + " and ".join(what[g] for g in groups) + (", each group weighing half" if len(groups) > 1 else "")
                + ", as text and as rendered scans; never on the seeds nor on the newest held-out round.",
        "features": list(FEATURES),
        "tables": fit(rows),
    }
    args.out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    log.info("wrote %s: %s", args.out, {t: v["n_rows"] for t, v in doc["tables"].items()})


def group_rows(group: str, sets: dict[str, dict[str, dict[str, Any]]], cache: Path | None) -> list[Labelled]:
    """The labelled rows of ``group`` ('dev': the development documents; 'unseen': the held-out rounds before the
    newest), from ``cache``/<group>.pkl when it is there, else from the pipeline (and written there)."""
    path = cache / f"{group}.pkl" if cache else None
    if path and path.exists():
        return pickle.loads(path.read_bytes())
    with tempfile.TemporaryDirectory() as tmp:
        rows = doc_rows(Path(tmp), sets["fit" if group == "unseen" else "dev"])
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(rows))
    return rows

if __name__ == "__main__":
    # run as the importable module, so pickled rows (--cache) name devkit.calibrate.Labelled, not __main__'s
    from devkit import calibrate

    calibrate.main()
