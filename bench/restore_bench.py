"""Throughput of the restoration stage vs pyvi's ViUtils.add_accents on the same text.

    python bench/restore_bench.py [--chars-per-file N] [--repeat N]

Input: the held-out corpus sample of bench/restore_eval.py with diacritics stripped (both systems get the
same lines).  The model is loaded (and warmed up on one line) before timing, the candidate
cache is cleared before every timed run; syllables per second
are counted on the input's syllables.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from restore_eval import heldout_sample, pyvi_line, syllables  # noqa: E402

from normalize import restore_text  # noqa: E402
from normalize.model import get_model  # noqa: E402
from normalize.text import strip_diacritics  # noqa: E402


def clear_cache() -> None:
    """Forget memoised candidate lists so every timed run starts cold (fair to pyvi)."""
    from normalize.restore import _restorer

    _restorer(get_model())._cands.clear()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars-per-file", type=int, default=2500)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    text = strip_diacritics(heldout_sample(args.chars_per_file))
    lines = text.split("\n")
    n = len(syllables(text))

    t0 = time.perf_counter()
    get_model()
    restore_text(lines[0])
    load = time.perf_counter() - t0

    best_ours = float("inf")
    for _ in range(args.repeat):
        clear_cache()
        t0 = time.perf_counter()
        for line in lines:
            restore_text(line)
        best_ours = min(best_ours, time.perf_counter() - t0)
    clear_cache()
    t0 = time.perf_counter()
    restore_text(text)
    whole = time.perf_counter() - t0

    pyvi_line(lines[0])  # load pyvi's model
    best_pyvi = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for line in lines:
            pyvi_line(line)
        best_pyvi = min(best_pyvi, time.perf_counter() - t0)

    print(f"\nRestoration throughput on {n} syllables ({len(lines)} lines, held-out sample, diacritics stripped; "
          f"best of {args.repeat})\n")
    print(f"{'system':40} {'seconds':>8} {'syllables/s':>12}")
    print("-" * 62)
    print(f"{'normalize.restore_text (line by line)':40} {best_ours:8.3f} {n / best_ours:12.0f}")
    print(f"{'normalize.restore_text (whole text)':40} {whole:8.3f} {n / whole:12.0f}")
    print(f"{'pyvi ViUtils.add_accents (line by line)':40} {best_pyvi:8.3f} {n / best_pyvi:12.0f}")
    print(f"\nspeed-up vs pyvi: {best_pyvi / best_ours:.1f}x   (model load + warm-up: {load:.2f}s)")


if __name__ == "__main__":
    main()
