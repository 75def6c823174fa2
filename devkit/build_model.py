"""Rebuild the committed restoration model under ``normalize/model/``.

    python -m devkit.build_model [--corpus DIR] [--out DIR] [--ocr-pages N] [--no-ocr]

Reproducible: files are read in sorted order, the held-out split is fixed
(every 10th file by sorted name, see :func:`split_corpus`), rendering and
OCR use fixed seeds, and the output files are written deterministically.
OCR pairs are cached under ``build/normalize/`` (gitignored).
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import math
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from devkit.channel import VIE_PAGES, build_channel, build_vie_channel
from devkit.paths import CORPUS
from normalize.model import BOS, EOS, MODEL_DIR, SPECIALS, UNK, save_model
from normalize.text import is_vietnamese_syllable, strip_diacritics, to_nfc
from normalize.tokens import is_boundary_punct, tokenize

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = CORPUS
BUILD_DIR = REPO / "build" / "normalize"
MIN_WORD_COUNT = 2
HELDOUT_EVERY = 10
KN_DISCOUNT = 0.75
EXTRA_OCR_PAGES = 240


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
    for form in DOCUMENT_TYPE_CODES:
        out.setdefault(form, form)
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


# short list from the issue, plus the signature and filing marks of the official document format (Decree
# 30/2020/NĐ-CP: TM. thay mặt, KT. ký thay, TL. thừa lệnh, TUQ. thừa ủy quyền, "Lưu: VT" văn thư) and TP
# (thành phố), TT (thường trực), VN; everything else comes from the corpus
SEED_ABBREVIATIONS = ["QĐ", "NĐ", "HĐND", "UBND", "TTHC", "CCHC", "TTg", "NQ", "CP", "BCĐ", "PAR", "INDEX",
                      "SIPAS", "PAPI", "CT", "TU", "BTV", "MTTQ", "ĐU", "VP", "KH", "TB", "BC", "HĐ", "CV",
                      "TM", "KT", "TL", "TUQ", "VT", "TP", "TT", "VN"]


# document types' codes spelt with a plain D (Decree 30/2020/NĐ-CP appendix III): HD (hướng dẫn) beside HĐ (hợp
# đồng), DA (dự án) beside ĐA (đề án) are two codes each, so a number's 'HD' ('96/HD-SNNMT') is no misread 'HĐ'
DOCUMENT_TYPE_CODES = ["HD", "DA"]


AGENCIES_JSON = REPO / "extract" / "patterns" / "agencies.json"
PHRASE_REPEAT = 3  # each agency / place phrase counts as this many sentences of the LM's training text


def phrases_digest(phrases: list[str]) -> str:
    """SHA-256 of the LM's phrase lines, recorded in the model's meta."""
    return hashlib.sha256("\n".join(phrases).encode("utf-8")).hexdigest()


def phrase_lines(agencies_json: Path = AGENCIES_JSON) -> list[str]:
    """Names the decoder should know as phrases, one a line: the agencies of the extractor's registry (names and
    aliases written with their marks; read as data, extract's code is not imported) and the provinces of the
    gazetteer (with 'tỉnh').

    A stripped 'Phong Van hoa - Xa hoi' otherwise reads as 'Phỏng Vấn hòa - Xã hội': the laws have 'phỏng vấn'
    and never 'Phòng Văn hóa'.  The 3,321 commune and ward names are left out: their rare syllables made the
    held-out stripped and OCR sets worse (99.20% -> 99.14%, 97.26% -> 97.14%), and the gazetteer already spells
    a commune after 'xã' / 'phường' in text without marks.  The regions ('Tây Nguyên', 'Tây Bắc') are left out
    too: they made one 'tay' of row 1b 'tây'.
    """
    from normalize.gazetteer import PROVINCES

    lines: list[str] = []
    if agencies_json.exists():
        import json

        reg = json.loads(agencies_json.read_text(encoding="utf-8"))
        for a in reg.get("agencies", []):
            for name in [a["name"], *a.get("aliases", [])]:
                if not name.isascii():  # forms typed without marks would teach the LM plain-letter words
                    lines.append(to_nfc(name))
    else:
        log.warning("%s missing: no agency phrases", agencies_json)
    lines += [f"tỉnh {p}" for p in PROVINCES]
    return lines


def build_lm(train_files: list[Path], phrases: list[str] | None = None):
    t0 = time.time()
    texts = [read_text(f) for f in train_files]
    counts: Counter[str] = Counter()
    streams: list[list[str]] = []
    extra = "\n".join(phrases or []) + "\n"
    corpus_counts: Counter[str] = Counter()
    for text in texts + [extra] * (PHRASE_REPEAT if phrases else 0):
        toks = list(lm_tokens(text))
        streams.append(toks)
        counts.update(toks)
        if len(streams) == len(texts):
            corpus_counts = counts.copy()
    for s in SPECIALS:
        counts.pop(s, None)
        corpus_counts.pop(s, None)
    # words seen twice, plus words seen once that have the shape of a Vietnamese syllable
    words = sorted((w for w, n in counts.items() if n >= MIN_WORD_COUNT or is_vietnamese_syllable(w)),
                   key=lambda w: (-counts[w], w))
    vocab = SPECIALS + words
    # the words of the laws alone: what the OCR channels are learned against (their pairs are corpus text), so
    # adding phrases leaves the English-model channel as it was
    corpus_words = {w for w, n in corpus_counts.items() if n >= MIN_WORD_COUNT or is_vietnamese_syllable(w)}
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
    ok = arr[1:-1] != EOS  # no trigram across a sentence boundary
    tkeys, tcounts = np.unique(tri[ok], return_counts=True)
    lm = kneser_ney(V, unigram, bkeys, bcounts, tkeys, tcounts, modified=True)
    log.info("LM: %d tokens, V=%d, %d bigrams, %d trigrams (%.1fs)", len(arr), V, len(bkeys), len(tkeys),
             time.time() - t0)
    return (vocab, unigram, lm, texts, SPECIALS + sorted(corpus_words))


def _mkn_discounts(counts: np.ndarray) -> np.ndarray:
    """Modified Kneser-Ney discounts D(0), D1, D2, D3+ from the count-of-counts (Chen & Goodman 1998)."""
    n1, n2, n3, n4 = (float(np.sum(counts == i)) for i in (1, 2, 3, 4))
    if min(n1, n2, n3, n4) == 0:
        return np.array([0.0, KN_DISCOUNT, KN_DISCOUNT, KN_DISCOUNT])
    y = n1 / (n1 + 2 * n2)
    return np.array([0.0, 1 - 2 * y * n2 / n1, 2 - 3 * y * n3 / n2, 3 - 4 * y * n4 / n3])


def kneser_ney(V: int, unigram: np.ndarray, bkeys: np.ndarray, bcounts: np.ndarray, tkeys: np.ndarray,
               tcounts: np.ndarray, d: float = KN_DISCOUNT, modified: bool = False) -> dict[str, np.ndarray]:
    """Interpolated Kneser-Ney trigram LM as arrays of keys and log-probs.

    P1(c) = continuation probability N1+(. c) / N1+(. .) (add-one smoothed);
    P2(c|b) = max(c(bc)-D, 0)/c(b.) + gamma(b) P1(c);  P3(c|ab) likewise over P2, where
    gamma(h) = sum of the discounts of h's n-grams / c(h).  ``modified``: D depends on the count
    (D1, D2, D3+ estimated from the count-of-counts of each order), else D = ``d`` for all.
    Unseen n-grams: log(backoff weight of the context) + lower order (weights stored per context).
    """
    b_ctx = bkeys // V
    b_w = bkeys % V
    cont = np.bincount(b_w, minlength=V).astype(np.float64)
    p1 = (cont + 1.0) / (cont.sum() + V)
    lp1 = np.log(p1)
    D2 = _mkn_discounts(bcounts) if modified else np.array([0.0, d, d, d])
    d2 = D2[np.minimum(bcounts, 3)]
    ctx_c = np.bincount(b_ctx, weights=bcounts, minlength=V)
    gam_num = np.bincount(b_ctx, weights=d2, minlength=V)
    gamma_b = np.where(ctx_c > 0, gam_num / np.maximum(ctx_c, 1), 1.0)
    p2 = np.maximum(bcounts - d2, 0) / np.maximum(ctx_c[b_ctx], 1) + gamma_b[b_ctx] * p1[b_w]
    bo2 = np.log(np.maximum(gamma_b, 1e-12))
    t_ctx = tkeys // V
    t_w = tkeys % V
    t_b = t_ctx % V
    uctx, inv = np.unique(t_ctx, return_inverse=True)
    c3 = np.bincount(inv, weights=tcounts)
    D3 = _mkn_discounts(tcounts) if modified else np.array([0.0, d, d, d])
    d3 = D3[np.minimum(tcounts, 3)]
    gamma3 = np.bincount(inv, weights=d3) / c3
    lower_keys = t_b * V + t_w
    pos = np.minimum(np.searchsorted(bkeys, lower_keys), len(bkeys) - 1)
    found = bkeys[pos] == lower_keys
    p2_lower = np.where(found, p2[pos], np.exp(bo2[t_b] + lp1[t_w]))
    p3 = np.maximum(tcounts - d3, 0) / c3[inv] + gamma3[inv] * p2_lower
    bo3 = np.log(np.maximum(gamma3, 1e-12))
    return {
        "unigram_logp": lp1.astype(np.float32),
        "bigram_keys": bkeys, "bigram_logp": np.log(p2), "bigram_bo": bo2.astype(np.float32),
        "trigram_keys": tkeys, "trigram_logp": np.log(p3),
        "trictx_keys": uctx, "trictx_bo": bo3,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--ocr-pages", type=int, default=72, help="pages rendered and OCR'd to learn the channel")
    ap.add_argument("--ocr-extra-pages", type=int, default=EXTRA_OCR_PAGES,
                    help="further pages in other fonts / resolutions (Liberation Serif, DejaVu Serif, Termes)")
    ap.add_argument("--vie-pages", type=int, default=VIE_PAGES,
                    help="low-resolution / photo-like pages read with Tesseract vie (the native-OCR channel)")
    ap.add_argument("--no-phrases", action="store_true", help="no agency / place phrases in the LM")
    ap.add_argument("--no-ocr", action="store_true", help="seed channel only (no rendering / OCR)")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    t0 = time.time()
    train, held = split_corpus(args.corpus)
    log.info("corpus: %d train files, %d held-out files: %s", len(train), len(held), [f.name for f in held])
    phrases = [] if args.no_phrases else phrase_lines()
    vocab, unigram, lm, texts, corpus_vocab = build_lm(train, phrases)
    abbreviations = _abbreviation_forms(texts)
    channel = build_channel(texts, corpus_vocab, n_pages=0 if args.no_ocr else args.ocr_pages, cache_dir=BUILD_DIR,
                            jobs=args.jobs, n_extra=args.ocr_extra_pages)
    channel.vie = build_vie_channel(texts, corpus_vocab, 0 if args.no_ocr else args.vie_pages, BUILD_DIR, jobs=args.jobs)
    meta = {
        "heldout_every": HELDOUT_EVERY,
        "heldout_files": [f.name for f in held],
        "train_files": len(train),
        "tone_style": "traditional (hòa, thúy, ủy)",
        "lm": "interpolated modified Kneser-Ney (D1, D2, D3+ from count-of-counts) syllable trigram, "
              "all observed n-grams",
        "ocr_pages": 0 if args.no_ocr else args.ocr_pages,
        "ocr_extra_pages": 0 if args.no_ocr else args.ocr_extra_pages,
        "vie_pages": 0 if args.no_ocr else args.vie_pages,
        "phrases": len(phrases),
        # which registry the LM's phrases came from: tests/test_model_build.py fails when the registry changed and
        # the model was not rebuilt (`make model`)
        "phrases_sha256": phrases_digest(phrases),
    }
    save_model(args.out, vocab, unigram, lm, abbreviations, channel, meta)
    size = sum(p.stat().st_size for p in args.out.iterdir())
    log.info("model written to %s: %.1f MB in %.0fs", args.out, size / 1e6, time.time() - t0)
    if not math.isfinite(size):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
