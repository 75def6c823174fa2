"""Evaluate extract/ against the hand-made gold in tests/gold/ (seed 004 tasks and targets, seed 000 targets,
seed 002 index criteria, seed 003 body tasks and duties). The seeds are the DEVELOPMENT set: these figures are not held-out.

    python bench/extract_eval.py

Prints precision, recall and F1 per table and per field. Rows are aligned one-to-one by source text
(rapidfuzz ratio on diacritics-folded text, gold text being a prefix); a row counts for the table when its
key fields are all right (targets: value + unit + year + domain; tasks: text + lead agencies + deadline).
Per field: P = right values / predicted rows, R = right values / gold rows.
Seeds are run through normalize.restore_text when it is importable and works, as the pipeline does;
otherwise on the raw text, and the script says so.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
import time
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devkit.paths import SEEDS  # noqa: E402
from extract import extract_document  # noqa: E402
from ingest.records import Document, Page  # noqa: E402
from normalize.text import fold, nfc  # noqa: E402

GOLD = ROOT / "tests" / "gold"
TEXT_MATCH = 85.0

log = logging.getLogger("extract_eval")


def norm(s: str | None) -> str:
    return re.sub(r"[^a-z0-9%]+", " ", fold(nfc(s or ""))).strip()


def prefix_score(gold: str, pred: str) -> float:
    g, p = norm(gold), norm(pred)
    if not g or not p:
        return 0.0
    return max(fuzz.ratio(g, p[: len(g)]), fuzz.ratio(g, p))


def restorer() -> tuple[Any, str]:
    try:
        from normalize import restore_text

        restore_text("Ke hoach cai cach hanh chinh")
        return restore_text, "normalize.restore_text"
    except Exception as exc:  # the colleague's package may be missing or mid-change
        return None, f"normalize.restore_text NOT usable ({type(exc).__name__}: {str(exc)[:80]}); raw text used"


def run(seed: str, restore: Any) -> Any:
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    raw = nfc(path.read_text(encoding="utf-8"))
    text = restore(raw).text if restore else None
    doc = Document(doc_id=path.stem.split("_")[1], source_path=str(path), file_name=path.name,
                   pages=[Page(page_no=1, method="text", text_raw=raw, text=text)])
    return extract_document(doc)


def align(gold: list[dict[str, Any]], pred: list[dict[str, Any]], score_fn: Any) -> list[tuple[int, int]]:
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            s = score_fn(g, p)
            if s >= TEXT_MATCH:
                pairs.append((s, gi, pi))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(name: str, n_gold: int, n_pred: int, field_tp: dict[str, int], table_tp: int) -> dict[str, float]:
    p, r, f = prf(table_tp, n_pred, n_gold)
    print(f"\n== {name}: gold {n_gold}, predicted {n_pred}")
    print(f"  {'TABLE (all key fields)':<28} P={p:.3f} R={r:.3f} F1={f:.3f}")
    for fld, tp in field_tp.items():
        fp, fr, ff = prf(tp, n_pred, n_gold)
        print(f"  {fld:<28} P={fp:.3f} R={fr:.3f} F1={ff:.3f}")
    return {"p": p, "r": r, "f1": f}


def agency_roles(ex: Any) -> dict[tuple[str, str], set[str]]:
    """(task_id, role) -> folded names of the agencies an extraction links to that task in that role."""
    names = {a["agency_id"]: a["name"] for a in ex.agencies}
    roles: dict[tuple[str, str], set[str]] = {}
    for link in ex.task_agencies:
        roles.setdefault((link["task_id"], link["role"]), set()).add(norm(names[link["agency_id"]]))
    return roles


def eval_targets(seed: str, gold_file: str, restore: Any, ex: Any = None, label: str = "") -> dict[str, float]:
    gold = json.loads((GOLD / gold_file).read_text(encoding="utf-8"))["targets"]
    pred = (ex or run(seed, restore)).targets

    def score(g: dict[str, Any], p: dict[str, Any]) -> float:
        s = fuzz.partial_ratio(norm(g["text"]), norm(p["text"]))
        return s + (10 if g["value"] == p["value"] else -20)

    pairs = align(gold, pred, score)
    fields = ["text", "value", "unit", "target_year", "domain", "kind", "comparator"]
    tp = dict.fromkeys(fields, 0)
    table = 0
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        ok = {
            "text": True,
            "value": g["value"] == p["value"],
            "unit": g["unit"] == p["unit"],
            "target_year": g["target_year"] == p["target_year"],
            "domain": g["domain"] == p["domain"],
            "kind": g["kind"] == p["kind"],
            "comparator": g["comparator"] == p["comparator"],
        }
        for k, v in ok.items():
            tp[k] += v
        table += all(ok[k] for k in ("value", "unit", "target_year", "domain"))
        if not all(ok.values()):
            bad = {k: (g[k], p[k]) for k, v in ok.items() if not v}
            log.info("target mismatch %s: %s | %s", seed, g["text"][:50], bad)
    for gi, g in enumerate(gold):
        if gi not in {a for a, _ in pairs}:
            log.info("target missed %s: %s (%s)", seed, g["text"][:60], g["value"])
    for pi, p in enumerate(pred):
        if pi not in {b for _, b in pairs}:
            log.info("target spurious %s: %s (%s)", seed, p["text"][:60], p["value"])
    return report(f"targets seed {seed}{label}", len(gold), len(pred), tp, table)


def eval_tasks(restore: Any, ex: Any = None, label: str = "") -> dict[str, float]:
    gold = json.loads((GOLD / "seed004_tasks.json").read_text(encoding="utf-8"))["tasks"]
    ex = ex or run("004", restore)
    pred = [t for t in ex.tasks if t["source"] == "appendix"]
    roles = agency_roles(ex)
    pairs = align(gold, pred, lambda g, p: prefix_score(g["text"], p["text"]))
    fields = ["text", "task_no", "lead", "support", "deadline_text", "deadline_date", "recurrence", "group"]
    tp = dict.fromkeys(fields, 0)
    table = 0
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        gdate = dt.date.fromisoformat(g["deadline_date"]) if g["deadline_date"] else None
        dl_ok = any(fuzz.ratio(norm(p["deadline_text"]), norm(x)) >= TEXT_MATCH
                    for x in [g["deadline_text"], *g.get("deadline_alternatives", [])])
        ok = {
            "text": True,
            "task_no": g["task_no"] == p["task_no"],
            "lead": {norm(x) for x in g["lead"]} == roles.get((p["task_id"], "lead"), set()),
            "support": {norm(x) for x in g["support"]} == roles.get((p["task_id"], "support"), set()),
            "deadline_text": dl_ok,
            "deadline_date": gdate == p["deadline_date"] or (dl_ok and "deadline_alternatives" in g),
            "recurrence": g["recurrence"] == p["recurrence"] or (dl_ok and "deadline_alternatives" in g),
            "group": norm(g["group"]) == norm(p["task_group"]),
        }
        for k, v in ok.items():
            tp[k] += v
        table += ok["lead"] and ok["deadline_text"] and ok["deadline_date"]
        if not all(ok.values()):
            log.info("task %s mismatch: %s", g["task_no"], [k for k, v in ok.items() if not v])
    for gi, g in enumerate(gold):
        if gi not in {a for a, _ in pairs}:
            log.info("task missed: %s %s", g["task_no"], g["text"][:60])
    return report(f"tasks seed 004 (appendix){label}", len(gold), len(pred), tp, table)


def eval_body_tasks(restore: Any, label: str = "") -> dict[str, float]:
    """Seed 003's body tasks (section II items) and implementation duties (section IV) vs the hand-read gold.

    A task row counts when its text prefix aligns and its group is right (folded ratio >= 80); a duty row when its text aligns
    and its lead agencies are right (a null gold lead is not scored). Both lists are scored as one table.
    """
    gold_doc = json.loads((GOLD / "seed003_tasks.json").read_text(encoding="utf-8"))
    ex = run("003", restore)
    roles = agency_roles(ex)
    tp = dict.fromkeys(["text", "group", "lead", "support"], 0)
    table = n_gold = n_pred = 0
    for source, key in (("body", "tasks"), ("responsibility", "responsibilities")):
        gold = gold_doc[key]
        pred = [t for t in ex.tasks if t["source"] == source]
        n_gold += len(gold)
        n_pred += len(pred)
        pairs = align(gold, pred, lambda g, p: prefix_score(g["text"], p["text"]))
        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            ok = {
                "text": True,
                # OCR spelling of the heading ('Cải cách tổ chiec ở máy') is tolerated
                "group": source != "body" or fuzz.ratio(norm(g["group"]), norm(p["task_group"])) >= 80,
                "lead": g["lead"] is None or {norm(x) for x in g["lead"]} == roles.get((p["task_id"], "lead"), set()),
                "support": g["lead"] is None or {norm(x) for x in g["support"]} == roles.get((p["task_id"], "support"),
                                                                                               set()),
            }
            for k, v in ok.items():
                tp[k] += v
            table += ok["group"] and ok["lead"]
            if not all(ok.values()):
                log.info("003 %s mismatch %s: %s | %s", source, [k for k, v in ok.items() if not v], g["text"][:50],
                         {"group": p["task_group"], "lead": roles.get((p["task_id"], "lead"))})
        for gi, g in enumerate(gold):
            if gi not in {a for a, _ in pairs}:
                log.info("003 %s missed: %s", source, g["text"][:70])
        for pi, p in enumerate(pred):
            if pi not in {b for _, b in pairs}:
                log.info("003 %s spurious: %s", source, p["text"][:70])
    return report(f"body tasks + duties seed 003{label}", n_gold, n_pred, tp, table)


def eval_criteria(restore: Any, label: str = "") -> tuple[dict[str, float], dict[str, float]]:
    """Seed 002's index-criteria appendix: targets (scores) and tasks (by criterion code) vs the hand-read gold.

    Gold fields that are null (illegible in the OCR) are not scored for that row; an OCR'd criterion name
    counts as right when its folded prefix matches the gold reading at rapidfuzz ratio >= 75.
    """
    gold = json.loads((GOLD / "seed002_criteria.json").read_text(encoding="utf-8"))["criteria"]
    ex = run("002", restore)
    pred_t = [t for t in ex.targets if t["max_value"] is not None or t["baseline_value"] is not None]

    def name_score(g: str, p: str | None) -> float:
        gn, pn = norm(g), norm(p)
        return max(fuzz.ratio(gn, pn[: len(gn)]), fuzz.ratio(gn[: len(pn)], pn) if len(pn) >= 15 else 0.0)

    def score(g: dict[str, Any], p: dict[str, Any]) -> float:
        return 0.6 * name_score(g["indicator"], p["indicator"]) + 30 * (g["baseline_value"] == p["baseline_value"]) \
            + 10 * (g["max_value"] == p["max_value"])

    pairs = align(gold, pred_t, score)
    fields = ["indicator", "max_value", "baseline_value", "baseline_year", "target_year", "comparator", "domain"]
    tp = dict.fromkeys(fields, 0)
    table = 0
    for gi, pi in pairs:
        g, p = gold[gi], pred_t[pi]
        ok = {
            "indicator": name_score(g["indicator"], p["indicator"]) >= 75,
            "max_value": g["max_value"] is None or g["max_value"] == p["max_value"],
            "baseline_value": g["baseline_value"] is None or g["baseline_value"] == p["baseline_value"],
            "baseline_year": g["baseline_year"] is None or g["baseline_year"] == p["baseline_year"],
            "target_year": g["target_year"] == p["target_year"],
            "comparator": p["comparator"] == ("=" if p["max_value"] is not None else None),
            "domain": g["domain"] == p["domain"],
        }
        for k, v in ok.items():
            tp[k] += v
        table += all(ok[k] for k in ("max_value", "baseline_value", "baseline_year", "target_year"))
        if not all(ok.values()):
            log.info("criterion %s mismatch: %s", g["code"], {k: p.get(k) for k, v in ok.items() if not v})
    for gi, g in enumerate(gold):
        if gi not in {a for a, _ in pairs}:
            log.info("criterion missed: %s %s", g["code"], g["indicator"][:50])
    r1 = report(f"criteria targets seed 002 (Phụ lục I){label}", len(gold), len(pred_t), tp, table)

    roles = agency_roles(ex)
    gold_k = [g for g in gold if g["task_text"]]
    pred_k = [t for t in ex.tasks if t["source"] == "appendix" and re.fullmatch(r"\d(\.\d)+", t["task_no"] or "")]
    by_no = {t["task_no"]: t for t in pred_k}
    # a criterion whose gold task is null (merged cell, illegible) is not scored either way
    unscored = {g["code"] for g in gold if not g["task_text"]}
    n_pred = sum(t["task_no"] not in unscored for t in pred_k)
    fields = ["task_no", "text", "lead", "recurrence", "group"]
    tp = dict.fromkeys(fields, 0)
    table = 0
    for g in gold_k:
        p = by_no.get(g["code"])
        if p is None:
            log.info("criterion task missed: %s", g["code"])
            continue
        ok = {
            "task_no": True,
            "text": name_score(g["task_text"], p["text"]) >= 70,
            "lead": g["lead"] is None or {norm(x) for x in g["lead"]} == roles.get((p["task_id"], "lead"), set()),
            "recurrence": g["recurrence"] is None or g["recurrence"] == p["recurrence"],
            "group": fuzz.ratio(norm(g["group"]), norm(p["task_group"])) >= 80,
        }
        for k, v in ok.items():
            tp[k] += v
        table += ok["lead"] and ok["recurrence"] and ok["text"]
        if not all(ok.values()):
            log.info("criterion task %s mismatch: %s", g["code"], [k for k, v in ok.items() if not v])
    r2 = report(f"criteria tasks seed 002 (Phụ lục I, by code){label}", len(gold_k), n_pred, tp, table)
    return r1, r2


def main() -> None:
    logging.basicConfig(level=logging.INFO if "-v" in sys.argv else logging.WARNING, format="%(message)s")
    restore, how = restorer()
    print(f"text source: {how}")
    t0 = time.perf_counter()
    results = {
        "targets/004": eval_targets("004", "seed004_targets.json", None),
        "targets/000": eval_targets("000", "seed000_targets.json", restore),
        "targets/000 raw OCR": eval_targets("000", "seed000_targets.json", None, label=" [raw OCR text]"),
        "tasks/004": eval_tasks(None),
    }
    results["criteria/002"], results["criteria tasks/002"] = eval_criteria(None)
    if restore is not None:  # what the pipeline extracts from: the restored text
        results["criteria/002 restored"], results["criteria tasks/002 restored"] = eval_criteria(
            restore, label=" [restored text]")
    results["body tasks/003"] = eval_body_tasks(restore)
    if restore is not None:
        results["body tasks/003 raw OCR"] = eval_body_tasks(None, label=" [raw OCR text]")
    if restore is not None:
        results["targets/004 restored"] = eval_targets("004", "seed004_targets.json", restore)
        results["tasks/004 restored"] = eval_tasks(restore)
    print("\nsummary (table F1): " + ", ".join(f"{k}={v['f1']:.3f}" for k, v in results.items()))
    print(f"({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
