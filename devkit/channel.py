"""OCR error (channel) model: P(observed token | intended syllable).

Learned from pairs made by rendering held-in corpus text to degraded page images
(:func:`devkit.synth.render_pages`) and reading them back with Tesseract ``eng``.
OCR tokens are aligned to source tokens with :class:`difflib.SequenceMatcher` on
diacritics-free keys; from 1:1 aligned pairs we count

* character confusions for pairs with the same key (``é`` read for ``ệ``, plain ``o`` for ``ộ``),
* substring rewrites on keys for pairs whose keys differ (``ti``→``u`` as in ``ctia``→``cua``),
* whole-token confusions (``x4`` → ``xã``).

A small seed table (confusions listed in issue 3) is always merged in, so the
model also works before / without OCR.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import logging
import math
import os
import random
from collections import Counter, defaultdict
from pathlib import Path

from normalize.model import Channel
from normalize.text import syllable_key, to_nfc, tone_of
from normalize.tokens import tokenize

log = logging.getLogger(__name__)

# observed key substring -> intended key substring, cost (nats)
SEED_RULES: list[tuple[str, str, float]] = [
    ("4", "a", 1.5), ("3", "a", 2.5), ("&", "a", 1.5), ("@", "a", 2.0),
    ("ti", "u", 2.0), ("t", "u", 3.0), ("ii", "u", 1.5), ("li", "u", 2.5), ("ir", "u", 2.0), ("tr", "u", 2.5),
    ("tt", "u", 2.5), ("it", "u", 2.5), ("iv", "u", 2.5), ("y", "u", 2.5),
    ("6", "o", 1.0), ("o6", "o", 1.0), ("6o", "o", 1.5), ("b", "o", 3.0), ("§", "o", 1.5), ("é", "o", 3.0), ("0", "o", 2.5), ("¢", "o", 2.5),
    ("¢", "c", 2.0), ("1", "l", 2.0), ("1", "i", 2.5), ("l", "i", 3.0),
    ("d", "o", 3.0), ("udi", "uoi", 1.5), ("ud", "uo", 2.0), ("dud", "duo", 1.5),
    ("i", "a", 4.0), ("e", "a", 4.0), ("c", "e", 4.0), ("g", "c", 4.0),
]
# initial-letter rules: OCR of 'Đ' (P, B) — applied only at the start of a token, prefer đ over d
SEED_INITIAL_RULES: list[tuple[str, str, float]] = [("p", "đ", 1.0), ("b", "đ", 2.5), ("8", "đ", 2.5)]
# whole tokens (lower case) -> intended syllable
SEED_TOKENS: list[tuple[str, str, float]] = [
    ("x4", "xã", 0.3), ("x3", "xã", 0.5), ("x&", "xã", 0.3), ("xa", "xã", 1.0),
    ("ctia", "của", 0.2), ("cta", "của", 0.5), ("ciia", "của", 0.2), ("clia", "của", 0.2), ("cla", "của", 0.7),
    ("ca", "của", 3.0),
    ("s6", "số", 0.3), ("sb", "số", 0.5), ("s§", "số", 0.3), ("sé", "số", 1.5),
    ("1a", "là", 0.3), ("ngudi", "người", 0.2), ("d6i", "đối", 0.3), ("ddi", "đối", 1.0),
    ("vé6i", "với", 0.3), ("véi", "với", 0.5), ("v6i", "với", 0.3),
]
# numbers that an English OCR model reads for 'là'; offered only with a high cost (see normalize/config.py (number_as_word))
def _seed_channel() -> Channel:
    rules: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for obs, intended, cost in SEED_RULES:
        rules[obs].append((intended, cost))
    for obs, intended, cost in SEED_INITIAL_RULES:
        rules["^" + obs].append((intended, cost))
    tmap: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for obs, intended, cost in SEED_TOKENS:
        tmap[obs].append((intended, cost))
    return Channel(char_cost={}, rules=dict(rules), token_map=dict(tmap))


# --------------------------------------------------------------------------- OCR pairs

def _chunk_at(text: str, start: int, chars: int) -> str:
    """About ``chars`` characters of whole lines, from the first line starting after ``start``."""
    nl = text.find("\n", start)
    start = nl + 1 if nl >= 0 else 0
    chunk = text[start:start + chars]
    cut = chunk.rfind("\n")
    return chunk[:cut] if cut > chars // 2 else chunk


def _pick_chunks(texts: list[str], n_pages: int, chars: int = 2200, seed: int = 13) -> list[str]:
    rng = random.Random(seed)
    chunks = []
    for i in range(n_pages):
        text = texts[(i * len(texts)) // max(n_pages, 1)]
        chunks.append(_chunk_at(text, rng.randrange(0, max(1, len(text) - chars)), chars))
    return chunks


def _pick_extra_chunks(texts: list[str], n: int, chars: int = 2000) -> list[str]:
    return _pick_chunks_by_index(texts, n, chars, seed_base=1000, stride=37, offset=11)


def _pick_chunks_by_index(
    texts: list[str], n: int, chars: int, *, seed_base: int, stride: int, offset: int
) -> list[str]:
    """Chunk ``j`` depends on ``j`` only (not on ``n``), so a larger ``n`` reuses the cached OCR of the rest."""
    out = []
    for j in range(n):
        rng = random.Random(seed_base + j)
        text = texts[(j * stride + offset) % len(texts)]
        out.append(_chunk_at(text, rng.randrange(0, max(1, len(text) - chars)), chars))
    return out


_LEVELS = ["light", "medium", "heavy", "medium"]
_FONT_SIZES = [12, 13, 12, 14, 11]


def _page_params(i: int) -> tuple[str, int]:
    return _LEVELS[i % len(_LEVELS)], _FONT_SIZES[i % len(_FONT_SIZES)]


# extra pages (second batch): other Times-like / common document fonts and resolutions, so the channel
# sees the confusions of more than one typeface (real plans are typed in Times New Roman & co.)
EXTRA_FONTS: dict[str, dict[str, str]] = {
    "liberation": {"regular": "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
                   "bold": "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf"},
    "dejavu": {"regular": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
               "bold": "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"},
    "termes": {},  # devkit.synth's default (TeX Gyre Termes)
}
_EXTRA_LEVELS = ["medium", "light", "heavy", "medium", "light"]
_EXTRA_SIZES = [13, 12, 14, 12]
_EXTRA_DPI = [300, 300, 240]


def _extra_params(i: int) -> tuple[str, str, int, int]:
    """(font, degradation, font size, dpi) of extra page ``i``."""
    fonts = sorted(EXTRA_FONTS)
    return (fonts[i % len(fonts)], _EXTRA_LEVELS[i % len(_EXTRA_LEVELS)], _EXTRA_SIZES[i % len(_EXTRA_SIZES)],
            _EXTRA_DPI[i % len(_EXTRA_DPI)])


def _use_font(font: str) -> None:
    from devkit import synth

    files = EXTRA_FONTS.get(font) or {}
    if not hasattr(synth, "_orig_font_path"):
        synth._orig_font_path = synth.font_path  # type: ignore[attr-defined]
    if files and all(Path(f).exists() for f in files.values()):
        synth.font_path = lambda style="regular": files[style]  # type: ignore[assignment]
    else:
        synth.font_path = synth._orig_font_path  # type: ignore[attr-defined]
    synth._font.cache_clear()


def _ocr_one(args: tuple) -> tuple[int, str]:
    i, chunk, cache = args[:3]
    extra = args[3] if len(args) > 3 else None
    path = Path(cache)
    if path.exists():
        return i, json.loads(path.read_text(encoding="utf-8"))["ocr"]
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    import pytesseract

    from devkit.synth import render_pages

    if extra is not None:
        font, level, size, dpi = extra
        _use_font(font)
        pages = render_pages(chunk, dpi=dpi, seed=5000 + i, degrade=level, font_size=size)
    else:
        _use_font("termes")
        level, size = _page_params(i)
        pages = render_pages(chunk, dpi=300, seed=i, degrade=level, font_size=size)
    ocr = "\n".join(pytesseract.image_to_string(p, lang="eng") for p in pages)
    path.write_text(json.dumps({"src": chunk, "ocr": ocr}, ensure_ascii=False), encoding="utf-8")
    return i, ocr


def ocr_pairs(texts: list[str], n_pages: int, cache_dir: Path, jobs: int = 2,
              n_extra: int = 0) -> list[tuple[str, str]]:
    """(source chunk, OCR text) for ``n_pages`` rendered pages (+ ``n_extra`` in other fonts); cached."""
    if n_pages <= 0:
        return []
    chunks = _pick_chunks(texts, n_pages)
    out_dir = cache_dir / "ocr"
    out_dir.mkdir(parents=True, exist_ok=True)
    tasks: list[tuple] = []
    for i, chunk in enumerate(chunks):
        level, size = _page_params(i)
        h = hashlib.sha1(f"{i}|{level}|{size}|{chunk}".encode()).hexdigest()[:12]
        tasks.append((i, chunk, str(out_dir / f"{i:03d}_{h}.json")))
    if n_extra > 0:
        extra_chunks = _pick_extra_chunks(texts, n_extra)
        for j, chunk in enumerate(extra_chunks):
            params = _extra_params(j)
            h = hashlib.sha1(f"x{j}|{params}|{chunk}".encode()).hexdigest()[:12]
            tasks.append((len(chunks) + j, chunk, str(out_dir / f"x{j:03d}_{h}.json"), params))
        chunks = chunks + extra_chunks
    results: dict[int, str] = {}
    _ocr_pages(_ocr_one, tasks, jobs, results, "OCR", len(tasks))
    return [(chunks[i], to_nfc(results[i])) for i in range(len(chunks))]


def _ocr_pages(fn, todo: list, jobs: int, results: dict[int, str], label: str, total: int) -> None:
    """Run ``fn`` (task -> (index, text)) over ``todo`` into ``results``, across ``jobs`` processes."""
    if todo and jobs > 1:
        from multiprocessing import get_context

        with get_context("spawn").Pool(jobs) as pool:
            for i, ocr in pool.imap_unordered(fn, todo):
                results[i] = ocr
                log.info("%s page %d/%d done", label, len(results), total)
    else:
        for t in todo:
            i, ocr = fn(t)
            results[i] = ocr


def _word_tokens(text: str) -> list[str]:
    return [p.text.lower() for p in tokenize(text) if p.kind in ("word", "num")]


def align_tokens(src: list[str], ocr: list[str]) -> list[tuple[str, str]]:
    """1:1 (observed, intended) pairs from a token alignment on diacritics-free keys."""
    sk = [syllable_key(t) for t in src]
    ok = [syllable_key(t) for t in ocr]
    sm = difflib.SequenceMatcher(None, ok, sk, autojunk=False)
    pairs = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            pairs.extend(zip(ocr[i1:i2], src[j1:j2], strict=True))
    return pairs


def _rules_of(obs_key: str, int_key: str) -> list[tuple[str, str]]:
    sm = difflib.SequenceMatcher(None, obs_key, int_key, autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        if i1 == i2 or j1 == j2:  # insertion / deletion: add one char of context
            if i1 > 0 and j1 > 0:
                i1, j1 = i1 - 1, j1 - 1
            else:
                i2, j2 = i2 + 1, j2 + 1
        out.append((obs_key[i1:i2], int_key[j1:j2]))
    return out


def learn_channel(pairs: list[tuple[str, str]], vocab: set[str]) -> Channel:
    char_n: dict[str, Counter[str]] = defaultdict(Counter)
    rule_n: Counter[tuple[str, str]] = Counter()
    tok_n: dict[str, Counter[str]] = defaultdict(Counter)
    obs_total: Counter[str] = Counter()
    int_total: Counter[str] = Counter()
    keys_seen: list[str] = []
    sym_n: dict[str, Counter[str]] = defaultdict(Counter)
    for obs, intended in pairs:
        if intended not in vocab or not intended.isalpha():
            continue
        obs_total[obs] += 1
        int_total[intended] += 1
        ok, ik = syllable_key(obs), syllable_key(intended)
        keys_seen.append(ok)
        if ok == ik:
            for o, c in zip(obs, intended, strict=True):
                char_n[c][o] += 1
            continue
        tok_n[obs][intended] += 1
        if len(obs) == len(intended):
            for o, c in zip(obs, intended, strict=True):
                if not o.isalpha() and c.isalpha():
                    sym_n[o][c] += 1
        for r in _rules_of(ok, ik):
            if 0 < len(r[0]) <= 3 and len(r[1]) <= 3:
                rule_n[r] += 1
    # char confusion costs: add-one smoothing over what was seen, '*' for the rest
    char_cost: dict[str, dict[str, float]] = {}
    for c, cnt in sorted(char_n.items()):
        tot = sum(cnt.values())
        if tot < 5:
            continue
        costs = {o: round(-math.log((n + 0.5) / (tot + 2.0)), 3) for o, n in sorted(cnt.items())}
        costs["*"] = round(-math.log(0.5 / (tot + 2.0)), 3)
        char_cost[c] = costs
    # rules: P(rewrite | substring occurs in an observed key)
    occ: Counter[str] = Counter()
    subs = {r[0] for r in rule_n}
    for k in keys_seen:
        for s in subs:
            if s in k:
                occ[s] += k.count(s)
    rules: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (o, i), n in sorted(rule_n.items()):
        if n < 2:
            continue
        p = n / max(occ[o], n)
        if p < 0.005:
            continue
        rules[o].append((i, round(-math.log(p) + 0.5, 3)))
    tmap: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for obs, cnt in sorted(tok_n.items()):
        for intended, n in sorted(cnt.items()):
            if n >= 2:
                # a likelihood P(observed | intended) as the rest of the channel: P(intended | observed)
                # would count the corpus frequency of the intended word twice (the LM has it already) and
                # make a common word read as a valid but rarer one ('phim' for 'phẩm') win everywhere
                tmap[obs].append((intended, round(-math.log(n / max(int_total[intended], n)), 3)))
    symbol_diac: dict[str, dict[str, float]] = {}
    for o, cnt in sorted(sym_n.items()):
        tot = sum(cnt.values())
        if tot < 10:
            continue
        top = max(cnt.values())
        symbol_diac[o] = {c: round(-math.log((n + 0.5) / (top + 0.5)), 3) for c, n in sorted(cnt.items()) if n >= 2}
        symbol_diac[o]["*"] = round(-math.log(0.5 / (top + 0.5)), 3)
    log.info("channel: %d pairs, %d char dists, %d rules, %d token confusions, %d symbol tables", len(pairs),
             len(char_cost), sum(len(v) for v in rules.values()), len(tmap), len(symbol_diac))
    return Channel(char_cost=char_cost, rules=dict(rules), token_map=dict(tmap), symbol_diac=symbol_diac)


def merge_channels(learned: Channel, seed: Channel) -> Channel:
    rules = {k: list(v) for k, v in learned.rules.items()}
    for k, lst in seed.rules.items():
        have = {i for i, _ in rules.get(k, [])}
        rules.setdefault(k, []).extend((i, c) for i, c in lst if i not in have)
    tmap = {k: list(v) for k, v in learned.token_map.items()}
    for k, lst in seed.token_map.items():
        have = {i for i, _ in tmap.get(k, [])}
        tmap.setdefault(k, []).extend((i, c) for i, c in lst if i not in have)
    for d in (rules, tmap):
        for k in d:
            d[k].sort(key=lambda x: (x[1], x[0]))
    return Channel(char_cost=learned.char_cost, rules=rules, token_map=tmap, symbol_diac=learned.symbol_diac,
                   vie=learned.vie)


def build_channel(texts: list[str], vocab: list[str], n_pages: int, cache_dir: Path, jobs: int = 2,
                  n_extra: int = 0) -> Channel:
    seed = _seed_channel()
    if n_pages <= 0:
        return seed
    try:
        pairs_txt = ocr_pairs(texts, n_pages, cache_dir, jobs=jobs, n_extra=n_extra)
    except Exception as exc:  # OCR unavailable: seed table only
        log.warning("OCR pairs unavailable (%s): seed channel only", exc)
        return seed
    pairs: list[tuple[str, str]] = []
    for src, ocr in pairs_txt:
        pairs.extend(align_tokens(_word_tokens(src), _word_tokens(ocr)))
    learned = learn_channel(pairs, set(vocab))
    return merge_channels(learned, seed)


# --------------------------------------------------------------------------- Vietnamese-model (vie) channel
# Tesseract's own Vietnamese model keeps the letters and confuses marks: hook / acute / tilde (`phố` for `phổ`,
# `kiếm` for `kiểm`), a lost tone (`chông` for `chống`), đ / d and the vowel hats (`dõi` for `đối`). Clean
# 300 dpi scans give few such errors; 150-200 dpi scans and page photos (small text, blur, JPEG) many more.
# The channel is learned from corpus pages rendered that way and read back with `vie`: a tone table
# P(observed tone | intended tone) per syllable and a letter table P(observed letter | intended letter) for the
# letters that carry a hat, horn, breve or bar (a ă â, e ê, o ô ơ, u ư, d đ), both as costs relative to reading
# the tone / letter right.

VIE_PAGES = 48
VIE_LETTERS = frozenset("aăâeêoôơuưdđ")

# (kind, dpi, degradation, font size, photo scale, photo blur, JPEG quality): low-resolution scans, and
# photo-like pages (rendered at 300 dpi, blurred, downscaled to 0.22-0.3 and JPEG-compressed, like a phone
# photo of a page about 550-750 px wide)
_VIE_VARIANTS: list[tuple[str, int, str, int, float, float, int]] = [
    ("scan", 150, "heavy", 12, 1.0, 0.0, 0),
    ("photo", 300, "medium", 12, 0.3, 1.0, 50),
    ("scan", 200, "heavy", 13, 1.0, 0.0, 0),
    ("photo", 300, "medium", 12, 0.25, 1.2, 40),
    ("scan", 150, "medium", 12, 1.0, 0.0, 0),
    ("photo", 300, "light", 13, 0.22, 1.0, 60),
]


def vie_params(j: int) -> tuple[str, int, str, int, float, float, int]:
    return _VIE_VARIANTS[j % len(_VIE_VARIANTS)]


def photo_like(img, scale: float, blur: float, quality: int):  # noqa: ANN001, ANN201 (PIL images)
    """A rendered page as a phone photo or a small scan of it: blurred, downscaled, JPEG round trip."""
    import io

    from PIL import Image, ImageFilter

    w, h = img.size
    out = img.filter(ImageFilter.GaussianBlur(blur)) if blur else img
    out = out.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.BILINEAR)
    if quality:
        buf = io.BytesIO()
        out.save(buf, format="JPEG", quality=quality)
        buf.seek(0)
        out = Image.open(buf).convert("L")
    return out


def render_variant(chunk: str, params: tuple[str, int, str, int, float, float, int], seed: int) -> list:
    """``chunk`` rendered (TeX Gyre Termes) and degraded as ``params`` says: a list of page images."""
    from devkit.synth import render_pages

    kind, dpi, level, size, scale, blur, quality = params
    _use_font("termes")
    pages = render_pages(chunk, dpi=dpi, seed=seed, degrade=level, font_size=size)
    if kind == "photo":
        pages = [photo_like(p, scale, blur, quality) for p in pages]
    return pages


def _pick_vie_chunks(texts: list[str], n: int, chars: int = 2000) -> list[str]:
    return _pick_chunks_by_index(texts, n, chars, seed_base=7000, stride=53, offset=7)


def _vie_ocr_one(args: tuple) -> tuple[int, str]:
    j, chunk, cache, params = args
    path = Path(cache)
    if path.exists():
        return j, json.loads(path.read_text(encoding="utf-8"))["ocr"]
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    import pytesseract

    pages = render_variant(chunk, params, seed=9000 + j)
    ocr = "\n".join(pytesseract.image_to_string(p, lang="vie") for p in pages)
    path.write_text(json.dumps({"src": chunk, "ocr": ocr}, ensure_ascii=False), encoding="utf-8")
    return j, ocr


def vie_ocr_pairs(texts: list[str], n_pages: int, cache_dir: Path, jobs: int = 2) -> list[tuple[str, str]]:
    """(source chunk, Tesseract ``vie`` text) for ``n_pages`` low-resolution / photo-like pages; cached."""
    if n_pages <= 0:
        return []
    chunks = _pick_vie_chunks(texts, n_pages)
    out_dir = cache_dir / "ocr_vie"
    out_dir.mkdir(parents=True, exist_ok=True)
    tasks = []
    for j, chunk in enumerate(chunks):
        params = vie_params(j)
        h = hashlib.sha1(f"v{j}|{params}|{chunk}".encode()).hexdigest()[:12]
        tasks.append((j, chunk, str(out_dir / f"v{j:03d}_{h}.json"), params))
    results: dict[int, str] = {}
    todo = [t for t in tasks if not Path(t[2]).exists()]
    for t in tasks:
        if Path(t[2]).exists():
            results[t[0]] = _vie_ocr_one(t)[1]
    _ocr_pages(_vie_ocr_one, todo, jobs, results, "vie OCR", len(tasks))
    return [(chunks[j], to_nfc(results[j])) for j in range(len(chunks))]


def _relative_costs(counts: dict[str, Counter[str]], min_total: int) -> dict[str, dict[str, float]]:
    """-log P(observed | intended) minus -log P(intended | intended), add-0.5 smoothed; '*' for unseen."""
    out: dict[str, dict[str, float]] = {}
    for c, cnt in sorted(counts.items()):
        tot = sum(cnt.values())
        if tot < min_total:
            continue
        ref = -math.log((cnt.get(c, 0) + 0.5) / (tot + 2.0))
        costs = {o: round(max(0.0, -math.log((n + 0.5) / (tot + 2.0)) - ref), 3) for o, n in sorted(cnt.items())
                 if o != c}
        costs["*"] = round(-math.log(0.5 / (tot + 2.0)) - ref, 3)
        out[c] = costs
    return out


def learn_vie_channel(pairs: list[tuple[str, str]], vocab: set[str]) -> dict[str, dict[str, dict[str, float]]]:
    """Tone and letter confusion costs of Tesseract ``vie`` from aligned (observed, intended) token pairs.

    Only pairs with the same diacritics-free key count: the marks are what this channel is about.
    """
    from normalize.text import strip_tone

    tone_n: dict[str, Counter[str]] = defaultdict(Counter)
    letter_n: dict[str, Counter[str]] = defaultdict(Counter)
    n = changed = 0
    for obs, intended in pairs:
        if intended not in vocab or not intended.isalpha() or syllable_key(obs) != syllable_key(intended):
            continue
        n += 1
        changed += obs != intended
        tone_n[tone_of(intended) or "level"][tone_of(obs) or "level"] += 1
        for o, c in zip(strip_tone(obs), strip_tone(intended), strict=True):
            if c in VIE_LETTERS:
                letter_n[c][o] += 1
    tone = _relative_costs(tone_n, 20)
    letter = _relative_costs(letter_n, 20)
    log.info("vie channel: %d same-key pairs, %d with other marks (%.2f%%)", n, changed, 100 * changed / max(n, 1))
    return {"tone": tone, "letter": letter}


def build_vie_channel(texts: list[str], vocab: list[str], n_pages: int, cache_dir: Path,
                      jobs: int = 2) -> dict[str, dict[str, dict[str, float]]]:
    if n_pages <= 0:
        return {}
    try:
        pairs_txt = vie_ocr_pairs(texts, n_pages, cache_dir, jobs=jobs)
    except Exception as exc:  # Tesseract vie unavailable: no vie channel (native text keeps the fixed cost)
        log.warning("vie OCR pairs unavailable (%s): no vie channel", exc)
        return {}
    pairs: list[tuple[str, str]] = []
    for src, ocr in pairs_txt:
        pairs.extend(align_tokens(_word_tokens(src), _word_tokens(ocr)))
    return learn_vie_channel(pairs, set(vocab))
