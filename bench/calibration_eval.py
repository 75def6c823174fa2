"""Does a row's confidence mean what it says? Reliability of targets' and tasks' confidence.

    python bench/calibration_eval.py [--no-dev]

Rows are labelled right or wrong against hand-made gold (devkit/calibrate.py: tasks need lead and deadline
right, targets value, unit and year; a row the gold lacks is wrong) and binned by confidence. For each bin:
rows, mean confidence, share right. Side by side: the extractors' own rule certainty (the baseline) and the
calibrated confidence (extract/confidence.py with the weights in extract/calibration.json).

Sets:
- seeds 000 and 004 as text, and seed 004 rendered as a light (the bundled sample) and a medium scan:
  HELD OUT for the calibration (the weights never saw a seed), though the extractors were developed on them;
- the newest held-out round of tests/gold/doctypes*.json: HELD OUT for the calibration and never tuned on for
  extraction, the figure that says what a confidence means on a document vnplan has not seen;
- the earlier held-out rounds: IN-SAMPLE, the weights are fitted on them (devkit/calibrate.py says why: layouts
  the extractors were never tuned on);
- held-out documents without a round (ho*): held out for the calibration, tuned on for extraction afterwards;
- the development documents (tests/data/doctypes) as text and scans: IN-SAMPLE too (fitted with the earlier
  rounds, each group weighing half), and the extractors were tuned on them (--no-dev skips them).
--cache reads the rows of the two fitted groups from `python -m devkit.calibrate --cache DIR`.
The goal: rows at >= 0.9 right >= 90% of the time.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devkit import calibrate, doctype_gold, synth  # noqa: E402
from devkit.paths import SEEDS  # noqa: E402
from extract.confidence import probability  # noqa: E402

EDGES = (0.0, 0.5, 0.7, 0.8, 0.9, 1.0001)


def table(rows: list[calibrate.Labelled], title: str, other: dict[str, Any] | None = None) -> None:
    """The reliability table of ``rows``; ``other``: another calibration.json's tables, summarised beside."""
    print(f"\n== {title}: {len(rows)} rows")
    for tab in ("targets", "tasks", "all"):
        mine = [r for r in rows if tab in ("all", r.table)]
        if not mine:
            continue
        print(f"  {tab}: {len(mine)} rows, {sum(r.right for r in mine)} right")
        print(f"    {'bin':<11} {'rule certainty (baseline)':>28}   {'calibrated':>28}")
        print(f"    {'':<11} {'n':>6} {'mean':>7} {'right':>7}        {'n':>6} {'mean':>7} {'right':>7}")
        scored = {"rule": [(r.evidence.rule, r.right) for r in mine],
                  "cal": [(probability(r.table, r.evidence), r.right) for r in mine]}
        if other:
            scored["other"] = [(probability(r.table, r.evidence, other.get(r.table)), r.right) for r in mine]
        for lo, hi in zip(EDGES, EDGES[1:], strict=False):
            cells = []
            for key in ("rule", "cal"):
                b = [(c, ok) for c, ok in scored[key] if lo <= c < hi]
                if b:
                    cells.append(f"{len(b):>6} {sum(c for c, _ in b) / len(b):7.3f} {sum(ok for _, ok in b) / len(b):7.3f}")
                else:
                    cells.append(f"{0:>6} {'':>7} {'':>7}")
            print(f"    {f'{lo:.1f}-{min(hi, 1):.1f}':<11} {cells[0]}        {cells[1]}")
        for key, name in (("rule", "rule certainty"), ("cal", "calibrated"), ("other", "other weights")):
            if key not in scored:
                continue
            hi_rows = [ok for c, ok in scored[key] if c >= 0.9]
            brier = sum((c - ok) ** 2 for c, ok in scored[key]) / len(mine)
            ece = sum(abs(sum(c for c, _ in b) - sum(ok for _, ok in b))
                      for lo, hi in zip(EDGES, EDGES[1:], strict=False)
                      if (b := [(c, ok) for c, ok in scored[key] if lo <= c < hi])) / len(mine)
            share = f"{sum(hi_rows) / len(hi_rows):.3f} of {len(hi_rows)}" if hi_rows else "no rows"
            print(f"    {name:<15} rows >= 0.9 right: {share:<14} Brier {brier:.3f}  ECE {ece:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-dev", action="store_true", help="skip the development documents (the longest part)")
    ap.add_argument("--cache", type=Path, help="the folder `python -m devkit.calibrate --cache` wrote (dev.pkl, "
                                               "unseen.pkl): skips the OCR of those groups; the weights are applied anew")
    ap.add_argument("--other-weights", type=Path, help="another calibration.json (e.g. the previous weights, "
                                                       "`git show REV:extract/calibration.json`) summarised beside")
    args = ap.parse_args()
    other = json.loads(args.other_weights.read_text(encoding="utf-8"))["tables"] if args.other_weights else None
    show = partial(table, other=other)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        seeds = [next(SEEDS.glob(f"{s}_*.txt")) for s in ("000", "004")]
        seed_rows = calibrate.labelled_rows(calibrate.run_pipeline(seeds, tmp / "seeds"), calibrate.label_seed, "text")
        for level, seed in (("light", 4), ("medium", 5)):
            pdf = synth.save_pdf(synth.render_pages(seeds[1].read_text(encoding="utf-8"), degrade=level, seed=seed),
                                 tmp / f"pdf-{level}" / f"{seeds[1].stem}.pdf")
            seed_rows += calibrate.labelled_rows(calibrate.run_pipeline([pdf], tmp / f"seed-{level}"),
                                                 calibrate.label_seed, level)
        show([r for r in seed_rows if r.source == "text"], "seeds 000 + 004 as text (held out for calibration)")
        show([r for r in seed_rows if r.source != "text"], "seed 004 as light + medium scans (held out for calibration)")
        show(seed_rows, "all seed rows (held out for calibration)")
        sets = calibrate.calibration_sets(doctype_gold.load())
        show(calibrate.doc_rows(tmp / "measure", sets["measure"]),
              "newest held-out round (HELD OUT for calibration and extraction: " + ", ".join(sorted(sets["measure"])) + ")")
        fitted = calibrate.group_rows("unseen", sets, args.cache)
        show(fitted, "earlier held-out rounds (IN-SAMPLE: the weights were fitted on them)")
        if sets["tuned"]:
            show(calibrate.doc_rows(tmp / "tuned", sets["tuned"]),
                  "held-out documents without a round (held out for calibration; tuned on for extraction)")
        if not args.no_dev:
            show(calibrate.group_rows("dev", sets, args.cache),
                  "development documents (IN-SAMPLE: fitted on too; the extractors were tuned on them)")


if __name__ == "__main__":
    main()
