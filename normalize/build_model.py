"""Rebuild the committed restoration model under ``normalize/model/``.

    python -m normalize.build_model [--corpus DIR] [--out DIR] [--ocr-pages N] [--no-ocr]

Reproducible: files are read in sorted order, the held-out split is fixed
(every 10th file by sorted name, see :func:`split_corpus`), rendering and
OCR use fixed seeds, and the output files are written deterministically.
OCR pairs are cached under ``build/normalize/`` (gitignored).
"""

from __future__ import annotations

import argparse
import logging
import math
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from .channel import build_channel
from .model import BOS, EOS, MODEL_DIR, SPECIALS, UNK, save_model
from .text import strip_diacritics, to_nfc
from .tokens import is_boundary_punct, tokenize

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "vlc"
BUILD_DIR = REPO / "build" / "normalize"
MIN_WORD_COUNT = 2
MIN_BIGRAM_COUNT = 1
MIN_TRIGRAM_COUNT = 1
HELDOUT_EVERY = 10


def split_corpus(corpus_dir: Path) -> tuple[list[Path], list[Path]]:
    """(train, heldout): held-out = every 10th file by sorted name (indices 9, 19, 29, ...)."""
    files = sorted(corpus_dir.glob("*.txt"))
    held = [f for i, f in enumerate(files) if i % HELDOUT_EVERY == HELDOUT_EVERY - 1]
    train = [f for i, f in enumerate(files) if i % HELDOUT_EVERY != HELDOUT_EVERY - 1]
    return train, held


def read_text(path: Path) -> str:
    return to_nfc(path.read_text(encoding="utf-8", errors="replace"))


def lm_tokens(text: str, *, paragraph_lines: bool = True) -> Iterable[str]:
    """LM token stream of clean text: lower-cased words, specials, '</s>' at boundaries.

    With ``paragraph_lines`` every newline ends a sentence (corpus: one paragraph per line).
    """
    prev_nl = False
    for p in tokenize(text):
        if p.kind == "nl":
            if paragraph_lines or prev_nl:
                yield "</s>"
            prev_nl = True
            continue
        prev_nl = False
        if p.kind == "punct":
            if is_boundary_punct(p.text):
                yield "</s>"
            elif "," in p.text:
                yield ","
        elif p.kind == "word":
            w = p.text.lower()
            yield w if w.isalpha() else "<unk>"
        elif p.kind == "num":
            yield "<num>"
        elif p.kind == "code":
            yield "<code>"
        else:
            yield "<unk>"


def _abbreviation_forms(texts: list[str]) -> dict[str, str]:
    """Tokens that are written in capitals (almost) always: keep them; map D-for-Đ forms back.

    Returns ``{observed upper form: canonical form}``, e.g. ``HDND -> HĐND``, ``UBND -> UBND``.
    """
    upper: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for text in texts:
        for p in tokenize(text):
            if p.kind not in ("word", "code"):
                continue
            for part in p.text.replace("/", "-").split("-"):
                if len(part) < 2 or not part.isalpha():
                    continue
                total[part.lower()] += 1
                if part.isupper() or (part[0].isupper() and any(c.isupper() for c in part[1:])):
                    upper[part] += 1
    out: dict[str, str] = {}
    for form, n in sorted(upper.items()):
        if n >= 3 and n >= 0.9 * total[form.lower()]:
            out[form] = form
    # D-for-Đ variants (OCR and ASCII typing): HDND -> HĐND, QD -> QĐ
    for form in sorted(out):
        if "Đ" in form:
            plain = strip_diacritics(form)
            if plain not in out:
                out[plain] = form
    for form in list(SEED_ABBREVIATIONS):
        out.setdefault(form, form)
        plain = strip_diacritics(form)
        out.setdefault(plain, form)
    return out


# short list from the issue; everything else comes from the corpus
SEED_ABBREVIATIONS = ["QĐ", "NĐ", "HĐND", "UBND", "TTHC", "CCHC", "TTg", "NQ", "CP", "BCĐ", "PAR", "INDEX",
                      "SIPAS", "PAPI", "CT", "TU", "BTV", "MTTQ", "ĐU", "VP", "KH", "TB", "BC", "HĐ", "CV"]


def build_lm(train_files: list[Path]):
    t0 = time.time()
    texts = [read_text(f) for f in train_files]
    counts: Counter[str] = Counter()
    streams: list[list[str]] = []
    for text in texts:
        toks = list(lm_tokens(text))
        streams.append(toks)
        counts.update(toks)
    for s in SPECIALS:
        counts.pop(s, None)
    words = sorted((w for w, n in counts.items() if n >= MIN_WORD_COUNT), key=lambda w: (-counts[w], w))
    vocab = SPECIALS + words
    ids = {w: i for i, w in enumerate(vocab)}
    V = len(vocab)
    seq: list[int] = [BOS]
    for toks in streams:
        for t in toks:
            if t == "</s>":
                if seq[-1] != BOS:
                    seq.extend((EOS, BOS))
            else:
                seq.append(ids.get(t, UNK))
    seq.append(EOS)
    arr = np.asarray(seq, dtype=np.int64)
    unigram = np.bincount(arr, minlength=V).astype(np.int64)
    unigram[BOS] = unigram[EOS]
    big = arr[:-1] * V + arr[1:]
    bkeys, bcounts = np.unique(big, return_counts=True)
    tri = (arr[:-2] * V + arr[1:-1]) * V + arr[2:]
    # drop trigrams that span a sentence boundary
    ok = arr[1:-1] != EOS
    tkeys, tcounts = np.unique(tri[ok], return_counts=True)
    # log-probs from full counts, then prune
    b_ctx = unigram[bkeys // V].astype(np.float64)
    b_logp = np.log(bcounts / np.maximum(b_ctx, 1))
    ctx_keys = tkeys // V
    pos = np.searchsorted(bkeys, ctx_keys)
    t_ctx = bcounts[np.minimum(pos, len(bkeys) - 1)].astype(np.float64)
    t_logp = np.log(tcounts / np.maximum(t_ctx, 1))
    keep_b = bcounts >= MIN_BIGRAM_COUNT
    keep_t = tcounts >= MIN_TRIGRAM_COUNT
    # a trigram only helps when it differs from its backoff estimate: skip those within 0.25 nats
    log.info("LM: %d tokens, V=%d, bigrams %d -> %d, trigrams %d -> %d (%.1fs)", len(arr), V, len(bkeys),
             int(keep_b.sum()), len(tkeys), int(keep_t.sum()), time.time() - t0)
    return (vocab, unigram, bkeys[keep_b], b_logp[keep_b], tkeys[keep_t], t_logp[keep_t], texts)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--ocr-pages", type=int, default=36, help="pages rendered and OCR'd to learn the channel")
    ap.add_argument("--no-ocr", action="store_true", help="seed channel only (no rendering / OCR)")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    t0 = time.time()
    train, held = split_corpus(args.corpus)
    log.info("corpus: %d train files, %d held-out files: %s", len(train), len(held), [f.name for f in held])
    vocab, unigram, bk, bl, tk, tl, texts = build_lm(train)
    abbreviations = _abbreviation_forms(texts)
    channel = build_channel(texts, vocab, n_pages=0 if args.no_ocr else args.ocr_pages, cache_dir=BUILD_DIR,
                            jobs=args.jobs)
    meta = {
        "heldout_every": HELDOUT_EVERY,
        "heldout_files": [f.name for f in held],
        "train_files": len(train),
        "tone_style": "traditional (hòa, thúy, ủy)",
        "lm": "stupid backoff (0.4), syllable trigram, all observed n-grams",
        "ocr_pages": 0 if args.no_ocr else args.ocr_pages,
    }
    save_model(args.out, vocab, unigram, bk, bl, tk, tl, abbreviations, channel, meta)
    size = sum(p.stat().st_size for p in args.out.iterdir())
    log.info("model written to %s: %.1f MB in %.0fs", args.out, size / 1e6, time.time() - t0)
    if not math.isfinite(size):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
