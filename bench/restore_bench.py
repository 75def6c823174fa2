"""Throughput of the restoration stage vs pyvi's ViUtils.add_accents on the same text.

    python bench/restore_bench.py [--chars-per-file N] [--repeat N] [--no-ocr] [--no-seeds]

Inputs: the held-out corpus sample of bench/restore_eval.py (a) with diacritics stripped and (b) rendered
and read back with Tesseract ``eng`` (OCR-looking text; cached by bench/restore_eval.py).  Both systems get
the same lines, one call per line; ours also gets the whole text in one call (as the pipeline restores a
page).  The model is loaded (and warmed up on one line) before timing; our per-token caches (candidate
lists, keys) are cleared before every timed run.  Runs alternate (ours per line, pyvi, ours whole, ours
per line, ...) so that load from other processes affects all alike, and the best of ``--repeat`` runs is
reported.  Syllables per second are counted on the input's syllables.  A third input, ``seeds-OCR``, is the
English-model OCR of sample plans 001-003 (``data/samples``, 22k syllables: the set issue 16 measured).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from restore_eval import SEEDS, heldout_sample, ocr_text, pyvi_line, syllables  # noqa: E402

from normalize import restore_text  # noqa: E402
from normalize.model import get_model  # noqa: E402
from normalize.text import strip_diacritics  # noqa: E402


def clear_cache() -> None:
    """Forget memoised per-token work so every timed run starts cold (fair to pyvi)."""
    from normalize.restorer import get_restorer

    get_restorer(get_model()).clear_caches()


def _ours(lines: list[str]) -> None:
    for line in lines:
        restore_text(line)


def _pyvi(lines: list[str]) -> None:
    for line in lines:
        pyvi_line(line)


def timed(lines: list[str], repeat: int) -> tuple[float, float, float]:
    """Best-of-``repeat`` seconds for (ours per line, ours on the whole text, pyvi per line), runs alternating."""
    text = "\n".join(lines)
    best_ours = best_whole = best_pyvi = float("inf")
    for _ in range(repeat):
        clear_cache()
        t0 = time.perf_counter()
        _ours(lines)
        best_ours = min(best_ours, time.perf_counter() - t0)
        t0 = time.perf_counter()
        _pyvi(lines)
        best_pyvi = min(best_pyvi, time.perf_counter() - t0)
        clear_cache()
        t0 = time.perf_counter()
        restore_text(text)
        best_whole = min(best_whole, time.perf_counter() - t0)
    return best_ours, best_whole, best_pyvi


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars-per-file", type=int, default=2500)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--no-ocr", action="store_true", help="skip the OCR-text rows (it OCRs 6 pages if not cached)")
    ap.add_argument("--no-seeds", action="store_true", help="skip the rows of sample plans 001-003")
    args = ap.parse_args()
    sample = heldout_sample(args.chars_per_file)
    texts = {"stripped": strip_diacritics(sample)}
    if not args.no_ocr:
        texts["OCR-eng"] = ocr_text(sample, 6)[1]
    seeds = sorted(p for i in (1, 2, 3) for p in SEEDS.glob(f"00{i}_*.txt"))
    if not args.no_seeds and seeds:
        texts["seeds-OCR"] = "\n".join(p.read_text(encoding="utf-8") for p in seeds)

    t0 = time.perf_counter()
    get_model()
    restore_text(texts["stripped"].split("\n")[0])
    load = time.perf_counter() - t0
    pyvi_line(texts["stripped"].split("\n")[0])  # load pyvi's model

    rows = []
    for kind, text in texts.items():
        lines = text.split("\n")
        n = len(syllables(text))
        ours, whole, pyvi = timed(lines, args.repeat)
        rows.append((kind, n, len(lines), ours, pyvi, whole))

    print(f"\nRestoration throughput, held-out sample ({args.chars_per_file} chars per file), best of "
          f"{args.repeat} alternating runs; model load + warm-up {load:.2f}s\n")
    head = f"{'text':10} {'syllables':>9} {'lines':>6} {'system':34} {'seconds':>8} {'syl/s':>8} {'vs pyvi':>8}"
    print(head)
    print("-" * len(head))
    for kind, n, n_lines, ours, pyvi, whole in rows:
        for system, sec in (("normalize.restore_text (per line)", ours), ("normalize.restore_text (whole)", whole),
                            ("pyvi ViUtils.add_accents (per line)", pyvi)):
            print(f"{kind:10} {n:9d} {n_lines:6d} {system:34} {sec:8.3f} {n / sec:8.0f} {pyvi / sec:7.2f}x")
    print("\n'vs pyvi': pyvi's per-line seconds / this row's seconds (> 1: faster than pyvi).")


if __name__ == "__main__":
    main()
