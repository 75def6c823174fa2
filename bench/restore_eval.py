"""Evaluate the diacritics / OCR restoration stage (normalize.restore_text) against raw input and pyvi.

    python bench/restore_eval.py [--chars-per-file N] [--ocr-pages N] [--vie] [--sets 2b,2c,4,6,photo]

Sets (all built deterministically; held-out corpus files = every 10th file by sorted name, never
used to build the model):

1. ``stripped``  held-out text with diacritics removed            (target >= 99% syllable accuracy);
                 1b: the same files with a larger slice each (``--large-chars``)
2. ``ocr``       the same text rendered by devkit.synth and OCR'd with Tesseract eng (target >= 95%)
3. ``seed``      seed 000 (real OCR-eng) sentences aligned to the matching sentences of seed 004
                 (clean transcription of the same template), pairs with similarity >= 85 only (target >= 95%);
                 3b: pairs with similarity >= 90; 3c: the pairs of 3, scored only on the reference syllables
                 the raw sentence has a counterpart for (:func:`present_mask`: words one commune's plan has
                 and the other's lacks cannot be restored, only invented); 3d: what set 3's misses are
                 (:func:`error_budget`) and the score with every miss but the wording ones fixed (:func:`wording_mask`)
   2c: ``hard vie`` the held-out text rendered at 150-200 dpi with heavy degradation and as photo-like
                 downscaled pages (the build's vie variants, other seeds), read with bare Tesseract ``vie``
6. ``phrases``   sentences written for this row with agency names of extract/patterns/agencies.json and place
                 names, diacritics stripped (the phrases are in the model by design: not held-out)
photo: CER of bare ``tesseract -l vie`` on ../shared/real/4_1.jpg against 4_1_gt.txt, raw and restored: a
       development figure for information, never tuned on
4. ``clean``     held-out clean text: share of syllables left unchanged (target >= 99.9%)
   4b: the same on the whole held-out files and on the development documents of tests/data/doctypes (typed with
       their marks; the hn*/ho* held-out ones left out), each restored as one document: words changed
5. ``partial``   held-out text with the diacritics of a random 30% / 70% of its words removed

Syllable accuracy: reference syllables matched by a difflib alignment of lower-cased hypothesis tokens
(case-insensitive, so pyvi's re-casing is not held against it).  CER: Levenshtein distance / reference
length on the whole text (case-sensitive, whitespace normalised).
OCR of the held-out pages is cached under build/normalize/eval/.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import logging
import math
import os
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from rapidfuzz import fuzz  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

from devkit.build_model import DEFAULT_CORPUS, read_text, split_corpus  # noqa: E402
from devkit.paths import SEEDS, SHARED  # noqa: E402
from normalize import restore_text  # noqa: E402
from normalize.text import strip_diacritics, syllable_key, to_nfc  # noqa: E402

CACHE = REPO / "build" / "normalize" / "eval"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)



def page_chunks(text: str, n_pages: int) -> list[str]:
    """The first ``n_pages`` chunks of whole paragraphs, ~2000 characters each (one rendered page)."""
    chunks, cur = [], ""
    for p in text.split("\n"):
        if len(cur) + len(p) > 2000 and cur:
            chunks.append(cur)
            cur = ""
        cur += p + "\n"
    if cur:
        chunks.append(cur)
    return chunks[:n_pages]

def syllables(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(to_nfc(text)) if any(c.isalpha() for c in w)]


def syl_acc(hyp: str, ref: str) -> tuple[int, int]:
    h, r = syllables(hyp), syllables(ref)
    sm = difflib.SequenceMatcher(None, h, r, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()), len(r)


def present_mask(raw: str, ref: str) -> list[bool]:
    """Per reference syllable: does the raw input have anything for it?

    Two communes' plans from one template differ in places: the reference has words the raw sentence does not
    have at all (``nghiên cứu, đề xuất`` in 004 only).  Raw and reference syllables, both without diacritics,
    are aligned with difflib; reference syllables in an insertion (nothing on the raw side) are absent.  What
    the raw side has, however garbled (``c l rng`` for ``dựng``) or differently worded, stays in.  The mask
    depends on raw and reference only, so every system is scored on the same syllables.
    """
    r = [strip_diacritics(w) for w in syllables(raw)]
    c = [strip_diacritics(w) for w in syllables(ref)]
    mask = [True] * len(c)
    for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(None, r, c, autojunk=False).get_opcodes():
        if tag == "insert":
            mask[j1:j2] = [False] * (j2 - j1)
    return mask


WORDING_SIMILARITY = 50  # raw / reference passages (without diacritics) less alike than this say other words


def wording_mask(raw: str, ref: str) -> list[bool]:
    """Per reference syllable: could a restorer get it from the raw sentence at all?

    Like :func:`present_mask`, and also false where the raw side has other words in its place
    (``dia phuong`` for ``của xã``, ``TTHC`` for ``thủ tục hành chính``: rapidfuzz ratio of the two passages
    without diacritics below ``WORDING_SIMILARITY``).  Garbled OCR of the same words (``kién tgén`` for
    ``kiện toàn``) stays in.  Depends on raw and reference only.
    """
    r = [strip_diacritics(w) for w in syllables(raw)]
    c = [strip_diacritics(w) for w in syllables(ref)]
    mask = [True] * len(c)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, r, c, autojunk=False).get_opcodes():
        if tag == "insert" or (tag == "replace" and fuzz.ratio(" ".join(r[i1:i2]), " ".join(c[j1:j2]))
                               < WORDING_SIMILARITY):
            mask[j1:j2] = [False] * (j2 - j1)
    return mask


def error_budget(raws: list[str], hyps: list[str], refs: list[str]) -> dict[str, int]:
    """Reference syllables a system misses, by cause: other wording in the raw text (no restorer can
    get these), same letters with other marks (the language model's choice), letters that differ
    (garbled OCR the channel did not undo)."""
    out = {"wording": 0, "marks": 0, "letters": 0}
    for raw, hyp, ref in zip(raws, hyps, refs, strict=True):
        mask = wording_mask(raw, ref)
        h, c = syllables(hyp), syllables(ref)
        hit = [False] * len(c)
        for b in difflib.SequenceMatcher(None, h, c, autojunk=False).get_matching_blocks():
            hit[b.b:b.b + b.size] = [True] * b.size
        # reference syllables the hypothesis has the letters of (aligned without diacritics)
        same_letters: set[int] = set()
        hk, ck = [strip_diacritics(x) for x in h], [strip_diacritics(x) for x in c]
        for b in difflib.SequenceMatcher(None, hk, ck, autojunk=False).get_matching_blocks():
            same_letters.update(range(b.b, b.b + b.size))
        for j, ok in enumerate(hit):
            if not ok:
                out["wording" if not mask[j] else "marks" if j in same_letters else "letters"] += 1
    return out


def syl_acc_present(hyp: str, ref: str, mask: list[bool]) -> tuple[int, int]:
    """Like :func:`syl_acc`, counting only the reference syllables where ``mask`` is true."""
    h, r = syllables(hyp), syllables(ref)
    sm = difflib.SequenceMatcher(None, h, r, autojunk=False)
    hit = sum(sum(mask[b.b:b.b + b.size]) for b in sm.get_matching_blocks())
    return hit, sum(mask)


def cer(hyp: str, ref: str) -> tuple[int, int]:
    h = " ".join(to_nfc(hyp).split())
    r = " ".join(to_nfc(ref).split())
    return Levenshtein.distance(h, r), len(r)


def heldout_sample(chars_per_file: int) -> str:
    """The middle ``chars_per_file`` characters (whole paragraphs) of every held-out file."""
    _, held = split_corpus(DEFAULT_CORPUS)
    parts = []
    for f in held:
        text = read_text(f)
        start = text.find("\n", len(text) // 2) + 1
        chunk = text[start:start + chars_per_file]
        cut = chunk.rfind("\n")
        parts.append(chunk[:cut] if cut > 0 else chunk)
    return "\n".join(p.strip("\n") for p in parts)


def strip_some(text: str, share: float, seed: int = 7) -> str:
    """``text`` with the diacritics of a random ``share`` of its words removed (text typed without some marks,
    or read by an OCR that lost them on some words)."""
    rng = random.Random(seed)
    return re.sub(r"[^\W\d_]+", lambda m: strip_diacritics(m.group()) if rng.random() < share else m.group(), text)


def pyvi_line(line: str) -> str:
    """pyvi's add_accents; it raises on characters it does not know, so retry on stripped text."""
    from pyvi import ViUtils

    if not line.strip():
        return line
    for attempt in (line, strip_diacritics(line)):
        try:
            return ViUtils.add_accents(attempt)
        except (KeyError, IndexError, ValueError):
            continue
    return line


def pyvi_restore(text: str) -> str:
    # pyvi works on one sentence at a time; keep the line structure
    return "\n".join(pyvi_line(line) for line in text.split("\n"))


def ocr_text(text: str, n_pages: int, lang: str = "eng", pipeline: bool = False) -> tuple[str, str]:
    """(reference text of the OCR'd pages, OCR text) for the first ``n_pages`` pages of ``text``.

    ``pipeline``: read the pages with the pipeline's own call (:func:`ingest.ocr.ocr_image`: TSV words, its
    Tesseract config) instead of pytesseract's plain ``image_to_string`` (the English-model stand-in for
    OCR text that arrives from elsewhere, as the seeds did)."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    key = f"{n_pages}|{text}" if lang == "eng" else f"{n_pages}|{lang}|{text}"
    if pipeline:
        key = f"pipeline|{key}"
    h = hashlib.sha1(key.encode()).hexdigest()[:12]
    path = CACHE / f"heldout_ocr_{h}.json"
    if path.exists():
        d = json.loads(path.read_text(encoding="utf-8"))
        return d["ref"], d["ocr"]
    import pytesseract

    from devkit.synth import render_pages

    chunks = page_chunks(text, n_pages)
    if pipeline:
        from ingest.ocr import ocr_image

        def read(page):
            return ocr_image(page, lang=lang).text
    else:
        def read(page):
            return pytesseract.image_to_string(page, lang=lang)
    ocr_parts = []
    for i, chunk in enumerate(chunks):
        pages = render_pages(chunk, dpi=300, seed=1000 + i, degrade="medium", font_size=12)
        ocr_parts.append("\n".join(read(p) for p in pages))
    ref, ocr = "\n".join(chunks), "\n".join(ocr_parts)
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"ref": ref, "ocr": ocr}, ensure_ascii=False), encoding="utf-8")
    return ref, ocr


def hard_vie_text(text: str, n_pages: int) -> tuple[str, str]:
    """(reference, bare Tesseract ``vie`` text) of ``text``'s first ``n_pages`` chunks rendered in the model
    build's low-resolution / photo-like variants (:func:`devkit.channel.vie_params`), with other seeds."""
    from devkit.channel import render_variant, vie_params

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    h = hashlib.sha1(f"hardvie|{n_pages}|{text}".encode()).hexdigest()[:12]
    path = CACHE / f"heldout_hardvie_{h}.json"
    if path.exists():
        d = json.loads(path.read_text(encoding="utf-8"))
        return d["ref"], d["ocr"]
    import pytesseract

    chunks = page_chunks(text, n_pages)
    parts = []
    for i, chunk in enumerate(chunks):
        pages = render_variant(chunk, vie_params(i), seed=3000 + i)
        parts.append("\n".join(pytesseract.image_to_string(p, lang="vie") for p in pages))
    ref, ocr = "\n".join(chunks), "\n".join(parts)
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"ref": ref, "ocr": ocr}, ensure_ascii=False), encoding="utf-8")
    return ref, ocr


# written for row 6 (not corpus text): agency names of the extractor's registry and place names in sentences
PHRASE_SENTENCES = [
    "Phòng Văn hóa - Xã hội chủ trì, phối hợp với Phòng Nội vụ tổ chức thực hiện.",
    "Giao Phòng Tài chính - Kế hoạch tham mưu bố trí kinh phí thực hiện kế hoạch.",
    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã theo dõi, đôn đốc các phòng chuyên môn.",
    "Trung tâm Phục vụ hành chính công tiếp nhận hồ sơ của người dân và doanh nghiệp.",
    "Sở Thông tin và Truyền thông hướng dẫn triển khai ứng dụng trên địa bàn tỉnh Quảng Ngãi.",
    "Sở Văn hóa, Thể thao và Du lịch phối hợp với Sở Kế hoạch và Đầu tư rà soát các dự án.",
    "Ủy ban Mặt trận Tổ quốc Việt Nam xã tuyên truyền, vận động nhân dân tham gia giám sát.",
    "Ủy ban nhân dân xã Đại Ngãi báo cáo kết quả về Sở Nội vụ trước ngày 15 tháng 12.",
    "Phòng Kinh tế phối hợp với Sở Tài nguyên và Môi trường kiểm tra việc sử dụng đất tại phường Hải Châu.",
    "Sở Giáo dục và Đào tạo, Sở Y tế cung cấp dịch vụ công trực tuyến tại tỉnh Đồng Tháp.",
    "Phòng Tư pháp thẩm định dự thảo văn bản trước khi trình Ủy ban nhân dân tỉnh Cà Mau.",
    "Bưu điện xã hỗ trợ người dân nộp hồ sơ tại Bộ phận Một cửa.",
]
REAL = SHARED / "real"


def photo_dev() -> tuple[str, str, str] | None:
    """(ground truth, bare ``tesseract -l vie`` text, that text restored) of the real photo 4_1.jpg; cached."""
    img, gt = REAL / "4_1.jpg", REAL / "4_1_gt.txt"
    if not img.exists() or not gt.exists():
        return None
    h = hashlib.sha1(img.read_bytes()).hexdigest()[:12]
    path = CACHE / f"photo_vie_{h}.json"
    if path.exists():
        ocr = json.loads(path.read_text(encoding="utf-8"))["ocr"]
    else:
        import pytesseract
        from PIL import Image

        ocr = to_nfc(pytesseract.image_to_string(Image.open(img), lang="vie"))
        CACHE.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"ocr": ocr}, ensure_ascii=False), encoding="utf-8")
    return to_nfc(gt.read_text(encoding="utf-8")), ocr, restore_text(ocr).text


_SENT_SPLIT = re.compile(r"(?<=[.;:!?])\s+|\n\s*\n")


def sentences(text: str) -> list[str]:
    joined = re.sub(r"(?<!\n)\n(?!\n)", " ", text)
    return [s.strip() for s in _SENT_SPLIT.split(joined) if s and len(s.split()) >= 4]


def seed_pairs(threshold: float = 85.0) -> tuple[list[str], list[str], str]:
    """(raw 000 sentences, matching 004 sentences, whole raw 000 text)."""
    raw = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    clean = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8").replace("**", "")
    rs, cs = sentences(raw), sentences(clean)
    ckeys = [" ".join(syllables(strip_diacritics(c))) for c in cs]
    out_r, out_c = [], []
    for s in rs:
        k = " ".join(syllables(strip_diacritics(s)))
        best, score = None, 0.0
        for j, ck in enumerate(ckeys):
            sc = fuzz.ratio(k, ck)
            if sc > score:
                best, score = j, sc
        if best is not None and score >= threshold:
            out_r.append(s)
            out_c.append(cs[best])
    return out_r, out_c, raw


CONF_BINS = [(0.0, 0.5), (0.5, 0.9), (0.9, 0.99), (0.99, 1.0)]


def calibration(raw: str, ref: str) -> list[tuple[int, float]]:
    """(words, share right) per confidence bin of ``CONF_BINS``: is a token's confidence worth trusting?

    Restored word tokens are aligned to the reference syllables (difflib, lower case); a token is right when
    it lies in a matching block.
    """
    toks = [t for t in restore_text(raw).tokens if t.kind == "word"]
    hyp = [t.restored.lower() for t in toks]
    right = [False] * len(hyp)
    for blk in difflib.SequenceMatcher(None, hyp, syllables(ref), autojunk=False).get_matching_blocks():
        right[blk.a:blk.a + blk.size] = [True] * blk.size
    out = []
    for lo, hi in CONF_BINS:
        idx = [i for i, t in enumerate(toks) if lo <= t.confidence < hi or (hi == 1.0 and t.confidence == 1.0)]
        out.append((len(idx), sum(right[i] for i in idx) / len(idx) if idx else math.nan))
    return out


def score(pairs: list[tuple[str, str]]) -> tuple[float, float]:
    m = t = e = n = 0
    for hyp, ref in pairs:
        a, b = syl_acc(hyp, ref)
        c, d = cer(hyp, ref)
        m, t, e, n = m + a, t + b, e + c, n + d
    return m / max(t, 1), e / max(n, 1)


ALL_SETS = ("1", "1b", "2", "2b", "2c", "3", "4", "4b", "5", "6", "photo", "calib")


def clean_changes(texts: list[str]) -> tuple[int, int, list[tuple[str, str]]]:
    """(words, words restoration changed, the first changes) over clean texts, each restored as one document."""
    n, changed = 0, []
    for t in texts:
        t = to_nfc(t)
        a, b = _WORD.findall(t), _WORD.findall(restore_text(t).text)
        n += len(a)
        changed += [(x, y) for x, y in zip(a, b, strict=False) if x != y] if len(a) == len(b) else [("<lines>", "")]
    return n, len(changed), changed[:12]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars-per-file", type=int, default=2500)
    ap.add_argument("--ocr-pages", type=int, default=6)
    ap.add_argument("--hard-pages", type=int, default=12, help="row 2c: held-out pages in the hard vie variants")
    ap.add_argument("--large-chars", type=int, default=20000,
                    help="row 1b: the held-out files again, this many characters each (0: skip)")
    ap.add_argument("--no-pyvi", action="store_true")
    ap.add_argument("--vie", action="store_true", help="also the rows read with Tesseract vie (2b, 2c, photo)")
    ap.add_argument("--sets", default=",".join(ALL_SETS),
                    help=f"comma-separated subset of {','.join(ALL_SETS)} (default: all; 2b, 2c, photo need --vie)")
    args = ap.parse_args()
    want = set(args.sets.split(","))
    if not args.vie:
        want -= {"2b", "2c", "photo"}
    logging.basicConfig(level=logging.WARNING)
    t0 = time.time()
    rows: list[tuple[str, str, float, float, int]] = []

    def run(name: str, raw: str, ref: str, *, ours: str | None = None, pyvi: str | None = None) -> None:
        n = len(syllables(ref))
        rows.append((name, "raw input", *score([(raw, ref)]), n))
        if not args.no_pyvi:
            rows.append((name, "pyvi add_accents", *score([(pyvi or pyvi_restore(raw), ref)]), n))
        rows.append((name, "normalize.restore_text", *score([(ours or restore_text(raw).text, ref)]), n))

    text = heldout_sample(args.chars_per_file)
    # 1. stripped
    if "1" in want:
        run("1 stripped held-out", strip_diacritics(text), text)
    if args.large_chars and "1b" in want:
        # the same files, a larger slice each: how much the figure depends on the sample
        big = heldout_sample(args.large_chars)
        run(f"1b stripped, {args.large_chars} chars/file", strip_diacritics(big), big)
    # 2. synthetic OCR
    ref, ocr = ocr_text(text, args.ocr_pages) if {"2", "calib"} & want else ("", "")
    if "2" in want:
        run("2 synth OCR (eng)", ocr, ref)
    if "2b" in want:
        ref_v, ocr_v = ocr_text(text, args.ocr_pages, lang="vie", pipeline=True)
        run("2b synth OCR (vie, pipeline's call)", ocr_v, ref_v)
    if "2c" in want:
        ref_h, ocr_h = hard_vie_text(text, args.hard_pages)
        run("2c low-res/photo pages (bare vie)", ocr_h, ref_h)
    budget_line = ""
    n = 0
    raw_s: list[str] = []
    clean_s: list[str] = []
    if "3" in want or "calib" in want:
        raw_s, clean_s, raw_doc = seed_pairs()
    if "3" in want:
        # 3. seeds 000 vs 004
        restored_doc = restore_text(raw_doc).text
        restored_s = sentences(restored_doc)
        raw90, clean90, _ = seed_pairs(90.0)
        raw_all = sentences(raw_doc)
        if len(restored_s) != len(raw_all):
            logging.warning("sentence split differs after restoration: %d vs %d", len(restored_s), len(raw_all))
        pos = {s: i for i, s in enumerate(raw_all)}
        ours_s = [restored_s[pos[s]] if pos[s] < len(restored_s) else s for s in raw_s]
        name = f"3 seed 000 vs 004 ({len(raw_s)} sent.)"
        n = sum(len(syllables(c)) for c in clean_s)
        rows.append((name, "raw input", *score(list(zip(raw_s, clean_s, strict=True))), n))
        if not args.no_pyvi:
            rows.append((name, "pyvi add_accents",
                         *score([(pyvi_line(s), c) for s, c in zip(raw_s, clean_s, strict=True)]), n))
        rows.append((name, "normalize.restore_text", *score(list(zip(ours_s, clean_s, strict=True))), n))
        # stricter pairing (similarity >= 90): fewer template differences between the two communes' plans
        name90 = f"3b seed pairs sim>=90 ({len(raw90)} sent.)"
        ours90 = [restored_s[pos[s]] if pos[s] < len(restored_s) else s for s in raw90]
        n90 = sum(len(syllables(c)) for c in clean90)
        rows.append((name90, "raw input", *score(list(zip(raw90, clean90, strict=True))), n90))
        rows.append((name90, "normalize.restore_text", *score(list(zip(ours90, clean90, strict=True))), n90))
        # the same pairs, scored only on reference syllables the raw sentence has a counterpart for
        masks = [present_mask(r, c) for r, c in zip(raw_s, clean_s, strict=True)]
        name_p = f"3c seed pairs, in raw ({sum(map(sum, masks))} syl.)"

        def present(hyps: list[str]) -> float:
            got = [syl_acc_present(h, c, mk) for h, c, mk in zip(hyps, clean_s, masks, strict=True)]
            return sum(a for a, _ in got) / max(sum(b for _, b in got), 1)

        n_p = sum(map(sum, masks))
        rows.append((name_p, "raw input", present(raw_s), math.nan, n_p))
        if not args.no_pyvi:
            rows.append((name_p, "pyvi add_accents", present([pyvi_line(s) for s in raw_s]), math.nan, n_p))
        rows.append((name_p, "normalize.restore_text", present(ours_s), math.nan, n_p))
        budget = error_budget(raw_s, ours_s, clean_s)
        budget_line = (f"misses {sum(budget.values())} of {n}: {budget['wording']} other wording in the raw text "
                       f"(all others fixed: {(1 - budget['wording'] / max(n, 1)) * 100:.2f}%), {budget['marks']} "
                       f"same letters / other marks, {budget['letters']} garbled letters")
    # 5. partial diacritics: some words lost their marks, the others are right
    if "5" in want:
        for share in (0.3, 0.7):
            run(f"5 {int(share * 100)}% of words stripped", strip_some(text, share), text)
    if "6" in want:
        ph = "\n".join(PHRASE_SENTENCES)
        run("6 agency/place phrases, stripped", strip_diacritics(ph), ph)
    print(f"\nRestoration evaluation (held-out files: every 10th corpus file; {args.chars_per_file} chars each; "
          f"{args.ocr_pages} OCR pages)\n")
    print(f"{'set':38} {'system':24} {'syl.acc':>8} {'CER':>7} {'syllables':>9}")
    print("-" * 90)
    for name, system, acc, c, n_syl in rows:
        cer_s = "      –" if math.isnan(c) else f"{c * 100:6.2f}%"
        print(f"{name:38} {system:24} {acc * 100:7.2f}% {cer_s} {n_syl:9d}")
    if budget_line:
        print(f"{'3d set 3 error budget':38} {'normalize.restore_text':24} {budget_line}")
    if "4" in want:
        # 4. clean text stays as it is (case-sensitive, exact syllables)
        res = restore_text(text)
        orig = [w for w in _WORD.findall(to_nfc(text))]
        new = [w for w in _WORD.findall(res.text)]
        same = sum(1 for a, b in zip(orig, new, strict=False) if a == b) if len(orig) == len(new) else 0
        unchanged = same / max(len(orig), 1)
        print(f"{'4 clean held-out':38} {'normalize.restore_text':24} {unchanged * 100:7.3f}% unchanged "
              f"({len(orig)} syllables)")
        if not args.no_pyvi:
            pv = pyvi_line(" ".join(text.split("\n")[:50]))
            pv_same = sum(1 for a, b in zip(syllables(" ".join(text.split("\n")[:50])), syllables(pv), strict=False)
                          if a == b)
            print(f"{'4 clean held-out (first 50 lines)':38} {'pyvi add_accents':24} "
                  f"{pv_same / max(len(syllables(pv)), 1) * 100:7.3f}% unchanged (case-insensitive)")
        changed = [(a, b) for a, b in zip(orig, new, strict=False) if a != b][:15]
        if changed:
            print("   changed on clean text (first 15):", changed)
    if "4b" in want:
        _, held = split_corpus(DEFAULT_CORPUS)
        dev = sorted(p for p in (REPO / "tests" / "data" / "doctypes").glob("*.txt")
                     if not p.name.startswith(("hn", "ho")))
        for name, texts in ((f"4b whole held-out files ({len(held)})", [read_text(f) for f in held]),
                            (f"4b development documents ({len(dev)})", [p.read_text(encoding="utf-8") for p in dev])):
            n_w, n_c, first = clean_changes(texts)
            print(f"{name:38} {'normalize.restore_text':24} {n_c} of {n_w} words changed "
                  f"({(1 - n_c / max(n_w, 1)) * 100:.3f}% unchanged) {first}")
    if "photo" in want:
        got = photo_dev()
        if got is None:
            print("photo (dev): ../shared/real/4_1.jpg not found")
        else:
            gt, raw_p, ours_p = got
            (e_raw, n_c), (e_ours, _) = cer(raw_p, gt), cer(ours_p, gt)
            print(f"{'photo 4_1.jpg, bare tesseract -l vie':38} CER raw {e_raw / n_c * 100:.2f}%, restored "
                  f"{e_ours / n_c * 100:.2f}% ({n_c} chars; development figure, not tuned on)")
    if "calib" in want:
        print("\nConfidence calibration of normalize.restore_text (words in each confidence bin, share right):")
        print(f"{'set':38} " + " ".join(f"{f'[{lo:g}, {hi:g}' + (']' if hi == 1.0 else ')'):>20}"
                                        for lo, hi in CONF_BINS))
        for name, raw_c, ref_c in (("1 stripped held-out", strip_diacritics(text), text),
                                   ("2 synth OCR (eng)", ocr, ref),
                                   ("3 seed 000 vs 004", "\n".join(raw_s), "\n".join(clean_s))):
            cells = [f"{k:6d} {acc * 100:6.1f}%" if k else f"{k:6d}       –" for k, acc in calibration(raw_c, ref_c)]
            print(f"{name:38} " + " ".join(f"{c:>20}" for c in cells))
    print(f"\n(done in {time.time() - t0:.0f}s)")
    _ = syllable_key  # re-exported helper for notebooks


if __name__ == "__main__":
    main()
