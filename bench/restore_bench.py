"""Throughput of the restoration stage vs pyvi's ViUtils.add_accents on the same text.

    python bench/restore_bench.py [--chars-per-file N] [--repeat N] [--no-ocr] [--no-seeds] [--no-memory]

Inputs: the held-out corpus sample of bench/restore_eval.py (a) with diacritics stripped and (b) rendered
and read back with Tesseract ``eng`` (OCR-looking text; cached by bench/restore_eval.py).  Both systems get
the same lines, one call per line; ours also gets the whole text in one call (as the pipeline restores a
page).  The model is loaded (and warmed up on one line) before timing; our per-token caches (candidate
lists, keys) are cleared before every timed run.  Runs alternate (ours per line, pyvi, ours whole, ours
per line, ...) so that load from other processes affects all alike; the median of ``--repeat`` runs is
reported (and the best), as CPU seconds of this process (wall time on a shared machine mostly measures the
other processes).  Syllables per second are counted on the input's syllables.  A third input, ``seeds-OCR``, is the
English-model OCR of sample plans 001-003 (``data/samples``, 22k syllables: the set issue 16 measured).

Memory: peak RSS of a fresh process that restores the OCR text once (1x) and ten times over in one call (10x),
and ten times one after another (10 docs, as the pipeline restores page after page), next to the process
with the model loaded and warmed up (baseline).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from restore_eval import SEEDS, heldout_sample, ocr_text, pyvi_line, syllables  # noqa: E402

from normalize import aot, restore_text  # noqa: E402
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


def timed(lines: list[str], repeat: int) -> dict[str, list[float]]:
    """CPU seconds of ``repeat`` alternating runs: ours per line, pyvi per line, ours on the whole text."""
    text = "\n".join(lines)
    runs: dict[str, list[float]] = {"line": [], "pyvi": [], "whole": []}
    clock = time.process_time
    for _ in range(repeat):
        clear_cache()
        t0 = clock()
        _ours(lines)
        runs["line"].append(clock() - t0)
        t0 = clock()
        _pyvi(lines)
        runs["pyvi"].append(clock() - t0)
        clear_cache()
        t0 = clock()
        restore_text(text)
        runs["whole"].append(clock() - t0)
    return runs


_MEM_PROBE = """
import json, sys
from pathlib import Path
from normalize import restore_text


def status(field):  # kB in /proc/self/status (ru_maxrss would carry the parent's peak across fork + exec)
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024


text = open(sys.argv[1], encoding="utf-8").read()
factor, how = int(sys.argv[2]), sys.argv[3]
restore_text(text.split(chr(10))[0])
base = status("VmRSS")
Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from here
if how == "docs":
    for _ in range(factor):
        restore_text(text)
else:
    restore_text(chr(10).join([text] * factor))
print(json.dumps({"base": base, "peak": status("VmHWM")}))
"""


def peak_memory(text: str) -> list[tuple[str, float, float]]:
    """(case, baseline MiB, peak MiB) of fresh processes restoring ``text`` 1x, 10x in one call, 10x as docs."""
    out = []
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write(text)
    try:
        for label, factor, how in (("1x", 1, "whole"), ("10x, one call", 10, "whole"), ("10x, 10 docs", 10, "docs")):
            done = subprocess.run([sys.executable, "-c", _MEM_PROBE, f.name, str(factor), how], capture_output=True,
                                  text=True, check=True, cwd=str(REPO))
            d = json.loads(done.stdout.strip().splitlines()[-1])
            out.append((label, d["base"], d["peak"]))
    finally:
        Path(f.name).unlink()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars-per-file", type=int, default=2500)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--no-ocr", action="store_true", help="skip the OCR-text rows (it OCRs 6 pages if not cached)")
    ap.add_argument("--no-seeds", action="store_true", help="skip the rows of sample plans 001-003")
    ap.add_argument("--no-memory", action="store_true", help="skip the peak-memory rows")
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
        rows.append((kind, n, len(lines), timed(lines, args.repeat)))

    print(f"\nrestoration modules: {'compiled (normalize/_aot)' if aot.compiled() else 'Python'}"
          f"{'' if aot.compiled() else ' (make setup compiles them; VNPLAN_PURE_PYTHON=1 keeps Python)'}")
    print(f"\nRestoration throughput, held-out sample ({args.chars_per_file} chars per file): CPU seconds, median "
          f"(best) of {args.repeat} alternating runs; model load + warm-up {load:.2f}s\n")
    head = (f"{'text':10} {'syllables':>9} {'lines':>6} {'system':36} {'median s':>9} {'best s':>7} {'syl/s':>8} "
            f"{'vs pyvi':>8}")
    print(head)
    print("-" * len(head))
    for kind, n, n_lines, runs in rows:
        pyvi = statistics.median(runs["pyvi"])
        for system, key in (("vnplan restore_text (per line)", "line"), ("vnplan restore_text (whole text)", "whole"),
                            ("pyvi ViUtils.add_accents (per line)", "pyvi")):
            med, best = statistics.median(runs[key]), min(runs[key])
            print(f"{kind:10} {n:9d} {n_lines:6d} {system:36} {med:9.3f} {best:7.3f} {n / med:8.0f} {pyvi / med:7.2f}x")
    print("\n'vs pyvi': pyvi's median seconds on the same lines in the same run / this row's (> 1: faster).")

    if not args.no_memory:
        kind = "seeds-OCR" if "seeds-OCR" in texts else next(iter(texts))
        print(f"\nPeak memory restoring {kind} ({len(texts[kind])} chars) in a fresh process (RSS, MiB)\n")
        print(f"{'input':16} {'baseline':>9} {'peak':>7} {'above baseline':>15}")
        for label, base, peak in peak_memory(texts[kind]):
            print(f"{label:16} {base:9.0f} {peak:7.0f} {peak - base:15.0f}")
        print("\n(baseline: model loaded and kernels warm; a 10x text over RestoreConfig.stream_chars is restored in "
              "parts, so only its result grows with it)")

if __name__ == "__main__":
    main()
