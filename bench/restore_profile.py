"""Where restoration's time goes on the seeds' OCR text, and how much of it is the warm path (issue 16).

    python bench/restore_profile.py [--repeat N]

Inputs: the English-model OCR of sample plans 001-003 (``data/samples``, restore_bench's ``seeds-OCR`` row).

* **Warm share**: restoring the three plans line by line from cold memos, which lines find every token's
  candidate list already memoised (no memo grows while the line is restored: candidate lists, rewrite
  expansions), and which share of the word tokens repeat one seen before.  A design that makes memoised
  tokens cheaper can only gain on the warm lines and on the repeated tokens of the others.
* **Warm and cold lines**: CPU seconds of each kind of line against pyvi's on the same lines (one call per
  line each, timed line by line in the same run).
* **Stages**: exclusive CPU seconds of each stage (a wrapper around each function; a stage's time excludes
  the wrapped stages it calls), line by line and on the whole text, median of ``--repeat`` runs from cold
  memos.  ``rest`` is restore_text's own work and everything not wrapped (records, the tokens' loop of the
  lattice build is ``build_lattice``).  Wrappers add ~1 us a call, so the small stages read a little high.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
# the stage wrappers replace module functions and methods, which the compiled modules (normalize/aot.py) call
# directly: this profiles the Python modules, the compiled ones' source
os.environ["VNPLAN_PURE_PYTHON"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from restore_eval import SEEDS, pyvi_line  # noqa: E402

import normalize.beam as beam  # noqa: E402
import normalize.candidates as candidates  # noqa: E402
import normalize.decode as decode  # noqa: E402
import normalize.restore as restore  # noqa: E402
from normalize import restore_text  # noqa: E402
from normalize.model import get_model  # noqa: E402
from normalize.restorer import get_restorer  # noqa: E402
from normalize.tokens import tokenize  # noqa: E402

clock = time.process_time


def seeds() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(p for i in (1, 2, 3) for p in SEEDS.glob(f"00{i}_*.txt"))]


def _timed_lines(docs: list[str], r: Any) -> Iterator[tuple[int, bool, float, float]]:
    """(document, warm, CPU s, pyvi CPU s) of each line with words, restored one by one: warm when no memo grew."""
    for di, doc in enumerate(docs):
        for line in doc.split("\n"):
            if not any(p.kind == "word" for p in tokenize(line)):
                continue
            before = (len(r._cands), len(r._rw))
            t0 = clock()
            restore_text(line)
            t = clock() - t0
            t0 = clock()
            pyvi_line(line)
            yield di, (len(r._cands), len(r._rw)) == before, t, clock() - t0


def warm_share(docs: list[str]) -> None:
    r = get_restorer(get_model())
    r.clear_caches()
    rows = list(_timed_lines(docs, r))  # (document, warm, CPU s, pyvi CPU s)
    later = [x for x in rows if x[0] > 0]
    print(f"lines with words: {len(rows)}; warm (every token memoised) {sum(x[1] for x in rows) / len(rows):.1%}; "
          f"after the first plan {sum(x[1] for x in later) / len(later):.1%}")
    seen: set[str] = set()
    n = hit = n_later = hit_later = 0
    lines_seen = []  # (document, every word token seen before)
    for di, doc in enumerate(docs):
        for line in doc.split("\n"):
            words = [p.text.lower() for p in tokenize(line) if p.kind == "word"]
            if not words:
                continue
            lines_seen.append((di, all(w in seen for w in words)))
            for low in words:
                n += 1
                hit += low in seen
                if di > 0:
                    n_later += 1
                    hit_later += low in seen
                seen.add(low)
    print(f"word tokens: {n}; seen before {hit / n:.1%}; after the first plan {hit_later / n_later:.1%}")
    later = [x for x in lines_seen if x[0] > 0]
    print(f"lines whose every word token was seen before: {sum(x[1] for x in lines_seen) / len(lines_seen):.1%}; "
          f"after the first plan {sum(x[1] for x in later) / len(later):.1%} (the memo test above is stricter: a "
          "line's merge edges and glued halves memoise lists of their own)")
    print("(the first pass also compiles and warms; the split below is of a second, cold-memo pass)")
    r.clear_caches()
    rows2 = [row[1:] for row in _timed_lines(docs, r)]
    total = sum(x[1] for x in rows2)
    for label, sel in (("warm", True), ("cold", False)):
        ours = sum(x[1] for x in rows2 if x[0] is sel)
        py = sum(x[2] for x in rows2 if x[0] is sel)
        print(f"{label} lines: ours {ours:.3f} s ({ours / total:.0%} of ours), pyvi {py:.3f} s: {py / ours:.2f}x pyvi")


def stages(docs: list[str], repeat: int) -> None:
    acc: dict[str, float] = defaultdict(float)
    stack = [0.0]

    def wrap(name: str, f: Callable) -> Callable:
        def timed(*a, **k):
            t0 = clock()
            stack.append(0.0)
            try:
                return f(*a, **k)
            finally:
                dt = clock() - t0
                inner = stack.pop()
                acc[name] += dt - inner
                stack[-1] += dt
        return timed

    saved = []
    for mod, names in ((restore, ("legacy_convert", "tokenize", "detect_mode", "split_glued", "kept_whole")),
                       (decode, ("build_lattice", "place_names", "person_names", "merge_edges", "cache_pass")),
                       (beam, ("flatten", "_decode_many"))):
        for name in names:
            saved.append((mod, name, getattr(mod, name)))
            setattr(mod, name, wrap(name, getattr(mod, name)))
    gen = candidates.CandidateGenerator
    for name in ("candidates", "prefetch_rewrites"):
        saved.append((gen, name, getattr(gen, name)))
        setattr(gen, name, wrap(name, getattr(gen, name)))
    whole = wrap("rest", restore_text)
    r = get_restorer(get_model())
    text = "\n".join(docs)
    lines = text.split("\n")
    try:
        for label, calls in (("line by line", lines), ("whole text", [text])):
            runs: dict[str, list[float]] = defaultdict(list)
            for _ in range(repeat):
                acc.clear()
                r.clear_caches()
                t0 = clock()
                for x in calls:
                    whole(x)
                runs["total"].append(clock() - t0)
                for k, v in acc.items():
                    runs[k].append(v)
            tot = statistics.median(runs["total"])
            print(f"\n{label}: {tot:.3f} s CPU (median of {repeat})")
            for k, v in sorted(runs.items(), key=lambda kv: -statistics.median(kv[1])):
                if k != "total":
                    print(f"  {k:18} {statistics.median(v):.3f} s {statistics.median(v) / tot:6.1%}")
    finally:
        for owner, name, f in saved:
            setattr(owner, name, f)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    docs = seeds()
    restore_text(docs[0].split("\n")[0])
    pyvi_line(docs[0].split("\n")[0])
    warm_share(docs)
    stages(docs, args.repeat)


if __name__ == "__main__":
    main()
