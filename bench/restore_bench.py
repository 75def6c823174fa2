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

from restore_eval import heldout_sample, ocr_text, pyvi_line, syllables  # noqa: E402

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
    ap.add_argument("--no-ocr", action="store_true", help="skip the OCR-text row (it OCRs 6 pages if not cached)")
    args = ap.parse_args()
    text = strip_diacritics(heldout_sample(args.chars_per_file))
    lines = text.split("\n")
    n = len(syllables(text))

    t0 = time.perf_counter()
    get_model()
    restore_text(lines[0])
    load = time.perf_counter() - t0

    def timed(lines: list[str]) -> tuple[float, float]:
        best_ours = best_pyvi = float("inf")
        for _ in range(args.repeat):
            clear_cache()
            t0 = time.perf_counter()
            for line in lines:
                restore_text(line)
            best_ours = min(best_ours, time.perf_counter() - t0)
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            for line in lines:
                pyvi_line(line)
            best_pyvi = min(best_pyvi, time.perf_counter() - t0)
        return best_ours, best_pyvi

    pyvi_line(lines[0])  # load pyvi's model
    best_ours, best_pyvi = timed(lines)
    clear_cache()
    t0 = time.perf_counter()
    restore_text(text)
    whole = time.perf_counter() - t0
    ocr_row = None
    if not args.no_ocr:
        _, ocr = ocr_text(heldout_sample(args.chars_per_file), 6)  # cached by bench/restore_eval.py
        ocr_lines = ocr.split("\n")
        ocr_row = (len(syllables(ocr)), *timed(ocr_lines))

    print(f"\nRestoration throughput on {n} syllables ({len(lines)} lines, held-out sample, diacritics stripped; "
          f"best of {args.repeat})\n")
    print(f"{'system':40} {'seconds':>8} {'syllables/s':>12}")
    print("-" * 62)
    print(f"{'normalize.restore_text (line by line)':40} {best_ours:8.3f} {n / best_ours:12.0f}")
    print(f"{'normalize.restore_text (whole text)':40} {whole:8.3f} {n / whole:12.0f}")
    print(f"{'pyvi ViUtils.add_accents (line by line)':40} {best_pyvi:8.3f} {n / best_pyvi:12.0f}")
    if ocr_row:
        n_ocr, o_ours, o_pyvi = ocr_row
        print(f"\nsynthetic OCR-eng text of the same sample ({n_ocr} syllables):")
        print(f"{'normalize.restore_text (line by line)':40} {o_ours:8.3f} {n_ocr / o_ours:12.0f}")
        print(f"{'pyvi ViUtils.add_accents (line by line)':40} {o_pyvi:8.3f} {n_ocr / o_pyvi:12.0f}")
    print(f"\nspeed-up vs pyvi (stripped text): {best_pyvi / best_ours:.1f}x   (model load + warm-up: {load:.2f}s)")


if __name__ == "__main__":
    main()
