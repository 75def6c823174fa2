"""Byte-identity check for restoration speed work: save the outputs of the current code, diff later runs.

    python bench/restore_identity.py save [--out build/normalize/identity.json]
    python bench/restore_identity.py check [--out ...]

Inputs (fixed): the English-model OCR of sample plans 001-003 (``data/samples``, what restore_bench's
``seeds-OCR`` row times), the held-out law sample of bench/restore_eval.py with diacritics stripped and as
Tesseract ``eng`` OCR (its cache), a partly stripped and a clean (native) copy of that sample, and the bare
``vie`` OCR of it (set 2c's cache); each restored whole and line by line.  Every output is compared in full:
the text, every token record (raw, restored, confidence, span, kind), the mean confidence and the encoding.
``check`` exits 1 and names the first differences when anything changed.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from restore_eval import SEEDS, hard_vie_text, heldout_sample, ocr_text, strip_some  # noqa: E402

from normalize import restore_text  # noqa: E402
from normalize.text import strip_diacritics  # noqa: E402

log = logging.getLogger("restore_identity")


def inputs() -> dict[str, str]:
    """The fixed input texts, by name (OCR from bench/restore_eval.py's caches, made once if missing)."""
    sample = heldout_sample(2500)
    out = {"seeds-OCR": "\n".join(p.read_text(encoding="utf-8")
                                  for p in sorted(p for i in (1, 2, 3) for p in SEEDS.glob(f"00{i}_*.txt"))),
           "stripped": strip_diacritics(sample),
           "OCR-eng": ocr_text(sample, 6)[1],
           "partial": strip_some(sample[:20000], 0.3),
           "native": sample[:20000]}
    try:
        out["hard-vie"] = hard_vie_text(sample, 6)[1]
    except Exception as e:  # noqa: BLE001 - optional input (renders + Tesseract vie when not cached)
        log.warning("hard-vie input skipped: %s", e)
    return out


def outputs(texts: dict[str, str]) -> dict[str, list]:
    """Every restoration of every input: whole text, and line by line."""
    def one(t: str) -> list:
        r = restore_text(t)
        return [r.text, r.confidence, r.encoding,
                [[x.raw, x.restored, x.confidence, x.start, x.end, x.kind] for x in r.tokens]]

    res = {}
    for name, text in texts.items():
        res[f"{name}/whole"] = [one(text)]
        res[f"{name}/lines"] = [one(line) for line in text.split("\n")]
    return res


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=("save", "check"))
    ap.add_argument("--out", type=Path, default=REPO / "build" / "normalize" / "identity.json")
    args = ap.parse_args()
    got = outputs(inputs())
    if args.action == "save":
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(got, ensure_ascii=False), encoding="utf-8")
        log.info("saved %d outputs to %s", sum(len(v) for v in got.values()), args.out)
        return
    want = json.loads(args.out.read_text(encoding="utf-8"))
    bad = 0
    for name, runs in want.items():
        mine = json.loads(json.dumps(got.get(name), ensure_ascii=False))  # floats and tuples as saved
        if mine == runs:
            continue
        for k, (a, b) in enumerate(zip(runs, mine or [], strict=False)):
            if a == b:
                continue
            bad += 1
            if a[0] != b[0]:
                log.info("%s #%d text differs:\n  was %r\n  now %r", name, k, a[0][:300], b[0][:300])
            for ta, tb in zip(a[3], b[3], strict=False):
                if ta != tb:
                    log.info("%s #%d token: was %s now %s", name, k, ta, tb)
                    break
            if len(a[3]) != len(b[3]) or a[1] != b[1]:
                log.info("%s #%d: %d/%d tokens, mean confidence %s / %s", name, k, len(a[3]), len(b[3]), a[1], b[1])
        if mine is None or len(mine) != len(runs):
            bad += 1
            log.info("%s: %s outputs, saved %d", name, "no" if mine is None else len(mine), len(runs))
    log.info("%s: %d differing outputs of %d", "IDENTICAL" if not bad else "DIFFERENT", bad,
             sum(len(v) for v in want.values()))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
