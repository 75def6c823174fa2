"""Scan and photo clean-up before OCR: grayscale, deskew, table rules removed, light, size.

Rule removal: on the scanned sample of seed 004, Tesseract dropped whole cells next to cell
borders; whitening the borders raised appendix-task F1 (bench/extract_scan_eval.py) from 0.43 to
0.77 and made OCR of table pages faster.

Also: background division for unevenly lit pages, the text's size (to enlarge small text before
OCR) and a sideways check; ingest.ocr.read_page chains them and bench/preprocess_eval.py measures
each. Binarisation is left to Tesseract (its Otsu step works on the grayscale image we hand it). Deskew is
done only for clear rotations. Measured with `make bench` (deskew experiment) on rendered corpus
pages: below ~1.5 degrees Tesseract copes by itself and resampling a noisy scan costs a little
(CER 0.0148 -> 0.0154 at 0.8 degrees); from 2 degrees on deskewing helps, and at 3-4 degrees it is
the difference between a usable page and a lost one (CER 0.23-0.37 -> 0.015).
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import ndimage

_MAX_ANGLE = 6.0  # degrees; plans are scanned roughly straight
_MIN_CORRECTION = 1.5  # degrees; below this Tesseract does better on the unrotated page


def to_gray(img: Image.Image) -> Image.Image:
    return img if img.mode == "L" else img.convert("L")


def estimate_skew(img: Image.Image, max_angle: float = _MAX_ANGLE, step: float = 0.1) -> float:
    """Skew angle in degrees by the projection-profile method on a downscaled, binarised copy:
    the rotation that makes text rows sharpest (max variance of the row sums)."""
    small = img.reduce(4) if min(img.size) > 1200 else img
    arr = np.asarray(small, dtype=np.uint8)
    ink = (arr < (arr.mean() - 2 * arr.std()).clip(60, 200)).astype(np.uint8) * 255
    if ink.mean() < 0.5:  # blank page
        return 0.0
    base = Image.fromarray(ink)

    def score(angle: float) -> float:
        rot = np.asarray(base.rotate(angle, resample=Image.NEAREST, fillcolor=0))
        # Row sums in integers, then float32 as before: they are exact either way (< 2**24), and
        # summing the uint8 rows skips a float copy of the page per angle (a third of the time).
        return float(np.var(rot.sum(axis=1, dtype=np.int64).astype(np.float32)))

    # Coarse then fine search.
    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, step)
    return float(max(fine, key=score))


def deskew(img: Image.Image) -> tuple[Image.Image, float]:
    angle = estimate_skew(img)
    if abs(angle) < _MIN_CORRECTION:
        return img, angle
    return img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255), angle


def prepare(img: Image.Image, do_deskew: bool = True, unrule: bool = True) -> Image.Image:
    img = to_gray(img)
    if do_deskew:
        img, _ = deskew(img)
    if unrule:
        img, _ = remove_rules(img)
    return img


def _runs_at_least(ink: np.ndarray, length: int, axis: int) -> np.ndarray:
    """Pixels lying on a straight run of at least ``length`` ink pixels along ``axis``."""
    # Only lines (rows for axis 1, columns for axis 0) holding ``length`` ink pixels in all can hold
    # such a run: the scan runs on those alone, copied contiguous (a column walk is 3x slower).
    lines = np.flatnonzero(ink.sum(axis=axis) >= length)
    out = np.zeros(ink.shape, dtype=bool)
    if not len(lines):
        return out
    if axis == 1:
        out[lines] = _runs_in_rows(np.ascontiguousarray(ink[lines]), length)
    else:
        out[:, lines] = _runs_in_rows(np.ascontiguousarray(ink[:, lines].T), length).T
    return out


def _runs_in_rows(a: np.ndarray, length: int) -> np.ndarray:
    """Pixels of each row of ``a`` lying on a run of at least ``length`` ink pixels along the row."""
    c = np.cumsum(a, axis=1, dtype=np.int32)
    c = np.concatenate([np.zeros((a.shape[0], 1), np.int32), c], axis=1)
    full = (c[:, length:] - c[:, :-length]) == length  # window starting at j is all ink
    f = np.cumsum(full, axis=1, dtype=np.int32)
    f = np.concatenate([np.zeros((a.shape[0], 1), np.int32), f], axis=1)
    # Pixel j is covered if a full window starts in [j - length + 1, j]: f[j + 1] - f[j - length + 1],
    # with f padded so both ends read as slices.
    w = a.shape[1]
    ahead = np.concatenate([f, np.repeat(f[:, -1:], length, axis=1)], axis=1)[:, 1 : w + 1]
    behind = np.concatenate([np.zeros((a.shape[0], length - 1), np.int32), f], axis=1)[:, :w]
    return (ahead - behind) > 0


def remove_rules(img: Image.Image, min_frac: float = 0.08) -> tuple[Image.Image, bool]:
    """Whiten the ruling lines of tables. Tesseract's page segmentation reads cell borders as
    text or drops whole cells next to them; with the borders gone, cells become plain text blocks
    whose word boxes still sit in their columns. Pages without a grid are returned unchanged."""
    arr = np.asarray(img, dtype=np.uint8)
    # Find the rules at half resolution (4x less work; a rule is still 2+ px thick there).
    small = np.asarray(img.reduce(2), dtype=np.uint8) < 170
    h_len = max(10, int(small.shape[1] * min_frac))
    v_len = max(10, int(small.shape[0] * min_frac / 2))
    horiz = _runs_at_least(small, h_len, axis=1)
    n_h = int((horiz.sum(axis=1) > h_len).sum())
    if n_h < 3:  # not a grid: a rule under a heading is no table (and the columns need no scan)
        return img, False
    vert = _runs_at_least(small, v_len, axis=0)
    n_v = int((vert.sum(axis=0) > v_len).sum())
    if n_v < 3:
        return img, False
    mask = np.repeat(np.repeat(horiz | vert, 2, axis=0), 2, axis=1)[: arr.shape[0], : arr.shape[1]]
    if mask.shape != arr.shape:  # odd sizes: pad the last row/column
        mask = np.pad(mask, ((0, arr.shape[0] - mask.shape[0]), (0, arr.shape[1] - mask.shape[1])))
    # Grow the mask by 2 px so anti-aliased edges of the rules go too.
    grown = mask.copy()
    for shift in (1, 2):
        grown[shift:, :] |= mask[:-shift, :]
        grown[:-shift, :] |= mask[shift:, :]
        grown[:, shift:] |= mask[:, :-shift]
        grown[:, :-shift] |= mask[:, shift:]
    out = arr.copy()
    out[grown] = 255
    return Image.fromarray(out), True


# Background division only where the light is uneven: on evenly lit scans and on the synthetic
# photos (10-30% falloff) it changed nothing measurable and cost ~1 s per upscaled page.
UNEVEN_LIGHT = 0.35

# Median height of glyph components (letters, with the diacritics that touch them) of 12-13 pt
# text at 300 dpi, measured by text_height() on rendered pages: the size Tesseract reads best.
REFERENCE_TEXT_PX = 25.0
# Upscaling aims a little below that: measured (bench/preprocess_eval.py) on synthetic phone photos
# and the dev photos, 20 px read as well as or better than 25 px, at 2/3 of the pixels to OCR.
UPSCALE_TARGET_PX = 20.0
# Pages whose text is this close to the target are read as they are: enlarging 200 dpi scans
# (text ~16-18 px) by 1.5 made them worse (CER 0.003 -> 0.010-0.015 with Lanczos), and 150 dpi
# scans (13 px) gained nothing from x1.5 (mean CER 0.0757 -> 0.0758) for +1.5 s per page.
MIN_UPSCALE = 1.6


def background(img: Image.Image) -> np.ndarray:
    """The paper's grey level at reduced size: a grey-level closing wider than a stroke."""
    arr = np.asarray(to_gray(img))
    # A quarter of the size: the background varies slowly, and this is 16x less work.
    f = 4 if min(arr.shape) >= 800 else 2
    # The max of each f x f block, as f + f element-wise maxima of strided views on the uint8 page:
    # the same values as a reshape(...).max(axis=(1, 3)) in float32, 30x faster (3 vs 88 ms on a
    # 300-dpi A4 page; the multi-axis reduction walks memory badly).
    view = arr[: arr.shape[0] // f * f, : arr.shape[1] // f * f]
    rows = np.maximum.reduce([view[i::f] for i in range(f)])
    small = np.maximum.reduce([rows[:, j::f] for j in range(f)]).astype(np.float32)
    # A window of ~1/40 of the page side spans a stroke at any resolution.
    win = max(5, int(max(small.shape) / 40) | 1)
    # A closing (max then min filter) keeps the step at a shadow's edge where it is; a max filter
    # alone, or one smoothed wide, spreads the bright side over the shadow and makes a band of
    # false ink along the edge (synthetic shadowed photos: mean CER 0.135 -> 0.012).
    return ndimage.uniform_filter(ndimage.grey_closing(small, size=win), size=3)


def uneven_light(img: Image.Image, threshold: float = UNEVEN_LIGHT) -> bool:
    """Does the paper's brightness vary across the page by more than ``threshold`` (share of its
    brightest level)? Measured between the 5th and 95th percentiles, ignoring dark borders."""
    bg = background(img)
    lo, hi = np.percentile(bg, [5, 95])
    return bool(hi > 0 and (hi - lo) / hi > threshold)


def normalise_background(img: Image.Image) -> Image.Image:
    """Divide the page by an estimate of its paper (a grey-level closing wider than a stroke, then
    smoothed): uneven light, shadows and a grey paper tone become flat white; ink keeps its grey
    levels, so Tesseract's own thresholding and the LSTM still see anti-aliased strokes."""
    arr = np.asarray(to_gray(img), dtype=np.float32)
    small = np.maximum(background(img), 1.0)
    f = arr.shape[0] // small.shape[0]
    # Each background pixel repeated over its f x f block, the last row and column also over the
    # rows and columns left over (edge padding), in one repeat per axis; then the same float32
    # arithmetic in place: the same bytes as before in half the time (fewer full-page passes).
    rows = np.full(small.shape[0], f)
    rows[-1] += arr.shape[0] - f * small.shape[0]
    cols = np.full(small.shape[1], f)
    cols[-1] += arr.shape[1] - f * small.shape[1]
    out = np.divide(arr, np.repeat(np.repeat(small, rows, axis=0), cols, axis=1))
    out *= 255.0
    np.clip(out, 0, 255, out=out)
    return Image.fromarray(out.astype(np.uint8))


def text_height(img: Image.Image) -> float | None:
    """Median height in pixels of the page's glyph components (connected ink blobs of letter size),
    or None when the page holds too little text to say. Measured on a background-normalised copy
    so dark or unevenly lit photos binarise cleanly."""
    gray = to_gray(img)
    f = 2 if min(gray.size) > 1500 else 1  # 300 dpi pages: half size is precise enough, 4x faster
    if f > 1:
        gray = gray.reduce(f)
    ink = np.asarray(normalise_background(gray), dtype=np.uint8) < 170
    labels, n = ndimage.label(ink)
    if n < 50:
        return None
    boxes = ndimage.find_objects(labels)
    hs = np.fromiter((b[0].stop - b[0].start for b in boxes), dtype=np.int32, count=n)
    ws = np.fromiter((b[1].stop - b[1].start for b in boxes), dtype=np.int32, count=n)
    # Letters and merged letter groups; not specks, rules or pictures.
    ok = (hs >= 3) & (ws >= 2) & (hs < ink.shape[0] / 20) & (ws < ink.shape[1] / 4)
    if ok.sum() < 50:
        return None
    return float(np.median(hs[ok])) * f


def upscale_factor(
    height: float | None, target: float = UPSCALE_TARGET_PX, min_gain: float = MIN_UPSCALE
) -> float:
    """How much to enlarge a page whose text measures ``height`` px to reach ``target``; 1.0 when the
    text is already near that size (never shrink: large text reads fine) or unknown."""
    if not height:
        return 1.0
    factor = target / height
    if factor < min_gain:
        return 1.0
    return float(min(4.0, round(factor * 4) / 4))


def upscale(img: Image.Image, factor: float) -> Image.Image:
    if factor == 1.0:
        return img
    size = (round(img.width * factor), round(img.height * factor))
    # Bilinear: Lanczos and bicubic ring around strokes and JPEG blocks; on the photos bilinear
    # read best (CER 0.0124 vs 0.0138 Lanczos, synthetic photos) and it is the cheapest.
    return img.resize(size, Image.BILINEAR)


def looks_sideways(img: Image.Image) -> bool:
    """Do the text lines run vertically (a page turned by 90 or 270 degrees)? Within the inked
    area, horizontal lines make the row profile alternate (line, gap, line) while the column
    profile stays flat; turned by a quarter, it is the other way round. A few milliseconds, so
    OSD (about a second) runs only on pages that need it."""
    gray = to_gray(img)
    f = max(1, max(gray.size) // 600)
    small = gray.reduce(f) if f > 1 else gray
    ink = np.asarray(normalise_background(small), dtype=np.uint8) < 170
    ys, xs = np.nonzero(ink)
    if len(ys) < 500:
        return False
    y0, y1 = np.percentile(ys, [2, 98]).astype(int)
    x0, x1 = np.percentile(xs, [2, 98]).astype(int)
    core = ink[y0 : y1 + 1, x0 : x1 + 1].astype(np.float32)
    rows, cols = core.sum(axis=1), core.sum(axis=0)

    def cv(p: np.ndarray) -> float:
        return float(p.std() / max(p.mean(), 1e-6))

    return cv(cols) > 1.5 * cv(rows)
