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
from PIL import Image, ImageChops
from scipy import ndimage

_MAX_ANGLE = 6.0  # degrees; plans are scanned roughly straight
_MIN_CORRECTION = 1.5  # degrees; below this Tesseract does better on the unrotated page


def to_gray(img: Image.Image) -> Image.Image:
    return img if img.mode == "L" else img.convert("L")


def pixels(img: Image.Image) -> np.ndarray:
    """``np.asarray(img)`` of a grey page: its pixels as a read-only (height, width) uint8 array, without a
    copy where Pillow can lend them. ``np.asarray`` copies the whole image (``tobytes``: ~5 ms for a
    300-dpi page, ~0.5 ms for each of the skew search's 25 quarter-size rotations); Pillow's Arrow
    export hands out the image's own memory when its rows lie in one block (any page up to 16 MB:
    A4 at 300 dpi), and the array keeps the image's memory alive. Any other image, mode or failure:
    the copy, as before (the same values either way)."""
    if img.mode == "L":
        try:
            import pyarrow as pa  # loaded in the page workers anyway (the store)

            flat = pa.array(img).to_numpy(zero_copy_only=True)
        except Exception:  # rows in several blocks (ValueError), no pyarrow, an older Pillow: copy
            pass
        else:
            if flat.dtype == np.uint8 and flat.size == img.width * img.height:
                return flat.reshape(img.height, img.width)
    return np.asarray(img)


def row_counts(ones: np.ndarray) -> np.ndarray:
    """The row sums (int64) of a C-contiguous uint8 array of 0s and 1s. Where its width allows, 4 or 8
    pixels are summed at once as the bytes of one uint32 or uint64 (each byte's column sum stays below
    256, so no byte carries into the next) and the bytes of the row totals added up: 4-8x fewer
    elements to add than a sum over every pixel, each widened to int64 (the skew search sums 25 pages a
    page). Other widths: that plain sum."""
    h, w = ones.shape
    for lanes, kind in ((8, np.uint64), (4, np.uint32)):
        if w % lanes == 0 and w // lanes < 256 and ones.flags.c_contiguous:
            packed = np.add.reduce(ones.view(kind), axis=1, dtype=kind)
            return packed.view(np.uint8).reshape(h, lanes).sum(axis=1, dtype=np.int64)
    return ones.sum(axis=1, dtype=np.int64)


def estimate_skew(
    img: Image.Image, max_angle: float = _MAX_ANGLE, step: float = 0.1, min_correction: float = 0.0
) -> float:
    """Skew angle in degrees by the projection-profile method on a downscaled, binarised copy:
    the rotation that makes text rows sharpest (max variance of the row sums). With
    ``min_correction``, a page whose coarse answer shows it cannot reach that angle (the fine
    search moves it by half a degree at most) gets the coarse answer: the caller would not turn it."""
    small = img.reduce(4) if min(img.size) > 1200 else img
    arr = pixels(small)
    # Ink as 1 (the row sums are counted, see row_counts), the sums and the blank test those of ink as 255.
    ink = (arr < (arr.mean() - 2 * arr.std()).clip(60, 200)).astype(np.uint8)
    if 255 * int(np.count_nonzero(ink)) / ink.size < 0.5:  # blank page (the mean of the 0/255 page, exactly)
        return 0.0
    base = Image.fromarray(ink)

    def score(angle: float) -> float:
        rot = pixels(base.rotate(angle, resample=Image.NEAREST, fillcolor=0))
        # Row sums of the 0/255 page in integers, then float32 as before: they are exact either way
        # (< 2**24), and summing the uint8 rows skips a float copy of the page per angle.
        return float(np.var((row_counts(rot) * 255).astype(np.float32)))

    # Coarse then fine search.
    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, step)
    if max(abs(fine[0]), abs(fine[-1])) < min_correction:
        # A third of the rotations spared on the (usual) straight page, and nothing changes.
        return float(best)
    return float(max(fine, key=score))


def deskew(img: Image.Image) -> tuple[Image.Image, float]:
    """The page turned upright when it is skewed by ``_MIN_CORRECTION`` or more, and the angle
    found (on a straight page: the coarse estimate only, see :func:`estimate_skew`)."""
    angle = estimate_skew(img, min_correction=_MIN_CORRECTION)
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


# The last page halved (see half_size): (the page, its half-size copy).
_last_half: tuple[Image.Image, Image.Image] | None = None


def half_size(img: Image.Image) -> Image.Image:
    """``img.reduce(2)``, made once per page: rule removal finds the rules at half size and text height
    measures there too, and on a page without a grid (most pages) rule removal hands back the very
    image it was given, so text height would halve the same page again. The last page's copy is kept
    (one image, replaced by the next page's) and handed out again for the same image object: images
    are not changed in place anywhere in the page code (every step makes a new image)."""
    global _last_half
    if _last_half is not None and _last_half[0] is img:
        return _last_half[1]
    half = img.reduce(2)
    _last_half = (img, half)
    return half


def _long_runs(ink: np.ndarray, length: int) -> tuple[np.ndarray, np.ndarray]:
    """Runs of at least ``length`` ink pixels along the rows of ``ink``: (start, end) flat indices
    into the rows padded by one column (``end`` exclusive), found from where the ink turns on and
    off. One pass of a few vector operations over the page, however many runs it holds."""
    h, w = ink.shape
    padded = np.zeros((h, w + 2), np.int8)
    padded[:, 1:-1] = ink
    edges = np.diff(padded, axis=1).ravel()  # (h, w + 1): +1 where a run starts, -1 past its end
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    keep = (ends - starts) >= length  # each row starts and ends unlit: starts and ends pair up in order
    return starts[keep], ends[keep]


def _lines_with_runs(ink: np.ndarray, length: int) -> tuple[int, tuple[np.ndarray, np.ndarray]]:
    """How many rows of ``ink`` hold more than ``length`` pixels on runs of at least ``length``
    (the rules test), and those runs."""
    starts, ends = _long_runs(ink, length)
    per_row = np.bincount(starts // (ink.shape[1] + 1), weights=ends - starts, minlength=ink.shape[0])
    return int((per_row > length).sum()), (starts, ends)


def _run_mask(shape: tuple[int, int], runs: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """The pixels of ``runs`` (from :func:`_long_runs` on an array of ``shape``) as a mask. Filled in
    the rows that hold a run only (a table's rules are a few dozen rows of a page's thousands): the
    marks of those rows summed along each, the other rows left unlit, the same mask as marks summed
    over the whole page."""
    h, w = shape
    mask = np.zeros((h, w), bool)
    if not len(runs[0]):
        return mask
    row_of = runs[0] // (w + 1)  # a run ends in the row it starts in (every padded row ends unlit)
    rows, k = np.unique(row_of, return_inverse=True)
    offset = (k - row_of) * (w + 1)  # flat index in the page's rows -> in the rows that hold a run
    marks = np.zeros(len(rows) * (w + 1) + 1, np.int8)
    marks[runs[0] + offset] = 1  # runs never touch: a start is never another run's end
    marks[runs[1] + offset] = -1
    mask[rows] = np.cumsum(marks[:-1], dtype=np.int8).reshape(len(rows), w + 1)[:, :w].astype(bool)
    return mask


def remove_rules(img: Image.Image, min_frac: float = 0.08) -> tuple[Image.Image, bool]:
    """Whiten the ruling lines of tables. Tesseract's page segmentation reads cell borders as
    text or drops whole cells next to them; with the borders gone, cells become plain text blocks
    whose word boxes still sit in their columns. Pages without a grid are returned unchanged."""
    # Find the rules at half resolution (4x less work; a rule is still 2+ px thick there). PIL's
    # reduce rounds the size up, so each full-size pixel (y, x) lies in half-size pixel (y//2, x//2).
    small = pixels(half_size(img)) < 170
    h_len = max(10, int(small.shape[1] * min_frac))
    v_len = max(10, int(small.shape[0] * min_frac / 2))
    # A row counts as a rule when more than h_len of its pixels lie on runs of at least h_len;
    # counted from the runs themselves, so a page without a grid never builds a mask.
    n_h, h_runs = _lines_with_runs(small, h_len)
    if n_h < 3:  # not a grid: a rule under a heading is no table (and the columns need no scan)
        return img, False
    small_t = np.ascontiguousarray(small.T)
    n_v, v_runs = _lines_with_runs(small_t, v_len)
    if n_v < 3:
        return img, False
    horiz = _run_mask(small.shape, h_runs)
    vert = _run_mask(small_t.shape, v_runs).T
    # The rules grown by 2 full-size pixels up, down, left and right (so anti-aliased edges go
    # too): on the 2x2 blocks of the half-size mask that is exactly one block each way along
    # each axis (a plus, not a square), then each block back to 2x2 pixels.
    rules = horiz | vert
    grown = rules.copy()
    grown[1:, :] |= rules[:-1, :]
    grown[:-1, :] |= rules[1:, :]
    grown[:, 1:] |= rules[:, :-1]
    grown[:, :-1] |= rules[:, 1:]
    mask = Image.fromarray(grown.astype(np.uint8) * 255)
    mask = mask.resize((2 * mask.width, 2 * mask.height), Image.Resampling.NEAREST)
    if mask.size != img.size:  # an odd width or height: the last half-size block is cut (a crop copies the page)
        mask = mask.crop((0, 0, *img.size))
    # White where the mask is: the lighter of the page and the mask, in PIL (no full-size array).
    return ImageChops.lighter(to_gray(img), mask), True


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
    arr = pixels(to_gray(img))
    # A quarter of the size: the background varies slowly, and this is 16x less work.
    f = 4 if min(arr.shape) >= 800 else 2
    # The max of each f x f block, as element-wise maxima on the uint8 page: the same values as a
    # reshape(...).max(axis=(1, 3)) in float32, much faster (the multi-axis reduction walks memory
    # badly). Rows first, over whole contiguous rows (f consecutive rows side by side in one
    # reshape: no copy of the page), then the columns of the f-times smaller result, f at a time.
    h, w = arr.shape[0] // f, arr.shape[1] // f
    stacked = arr[: h * f].reshape(h, f, arr.shape[1])
    rows = np.maximum.reduce([stacked[:, i] for i in range(f)])
    cols = rows[:, : w * f].reshape(h, w, f)
    small = np.maximum.reduce([cols[:, :, j] for j in range(f)])
    # A window of ~1/40 of the page side spans a stroke at any resolution.
    win = max(5, int(max(small.shape) / 40) | 1)
    if _closing_is_flat(small, win):
        # every window holds the page's brightest level (a clean page: paper all round the text), so the
        # closing is that level everywhere, and so is its smoothing (the filters below give exactly that)
        return np.full(small.shape, small.max(), np.float32)
    # A closing (max then min filter) keeps the step at a shadow's edge where it is; a max filter
    # alone, or one smoothed wide, spreads the bright side over the shadow and makes a band of
    # false ink along the edge (synthetic shadowed photos: mean CER 0.135 -> 0.012). Closed on the
    # uint8 grey levels, then made float: max and min pick values, so this is the float32 closing
    # exactly, in less time.
    return ndimage.uniform_filter(ndimage.grey_closing(small, size=win).astype(np.float32), size=3)


def _closing_is_flat(small: np.ndarray, win: int) -> bool:
    """Does every ``win`` x ``win`` window of ``small`` (odd ``win``, edges reflected, as
    ``ndimage.grey_closing`` has them) hold a pixel at the array's maximum? Then the closing's
    dilation is that maximum everywhere, and so is the closing. Checked on tiles of half a window
    (the last ones in each axis shorter): every run of ``win`` rows or columns, and every window's
    part inside the page at an edge (at least half a window plus one, from the edge), holds a whole
    tile, so a maximum pixel in every tile is enough. A few array passes on a page of paper round
    text, against a closing and a smoothing; a page with shadows, grey paper or blocks of ink
    fails the test and is closed as before."""
    t = (win - 1) // 2
    hit = small == small.max()
    tiles = np.logical_or.reduceat(hit, np.arange(0, hit.shape[0], t), axis=0)
    tiles = np.logical_or.reduceat(tiles, np.arange(0, hit.shape[1], t), axis=1)
    return bool(tiles.all())


def uneven_light(img: Image.Image, threshold: float = UNEVEN_LIGHT) -> bool:
    """Does the paper's brightness vary across the page by more than ``threshold`` (share of its
    brightest level)? Measured between the 5th and 95th percentiles, ignoring dark borders."""
    bg = background(img)
    if bg.min() == bg.max():  # flat (a clean page, see background): no percentiles to look for
        lo = hi = float(bg.flat[0])
    else:
        lo, hi = np.percentile(bg, [5, 95])
    return bool(hi > 0 and (hi - lo) / hi > threshold)


def _block_repeats(shape: tuple[int, int], small: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """How often each row and column of the block-level ``small`` repeats to cover a page of
    ``shape``: f x f blocks, the last row and column also over the rows and columns left over."""
    f = shape[0] // small.shape[0]
    rows = np.full(small.shape[0], f)
    rows[-1] += shape[0] - f * small.shape[0]
    cols = np.full(small.shape[1], f)
    cols[-1] += shape[1] - f * small.shape[1]
    return rows, cols, f


def normalise_background(img: Image.Image) -> Image.Image:
    """Divide the page by an estimate of its paper (a grey-level closing wider than a stroke, then
    smoothed): uneven light, shadows and a grey paper tone become flat white; ink keeps its grey
    levels, so Tesseract's own thresholding and the LSTM still see anti-aliased strokes."""
    arr = np.asarray(pixels(to_gray(img)), dtype=np.float32)
    small = np.maximum(background(img), 1.0)
    # Each background pixel repeated over its block (edge padding at the end), in one repeat per
    # axis; then the same float32 arithmetic in place: the same bytes as before in half the time.
    rows, cols, _ = _block_repeats(arr.shape, small)
    out = np.divide(arr, np.repeat(np.repeat(small, rows, axis=0), cols, axis=1))
    out *= 255.0
    np.clip(out, 0, 255, out=out)
    return Image.fromarray(out.astype(np.uint8))


def ink_after_normalising(img: Image.Image, level: int = 170) -> np.ndarray:
    """``np.asarray(normalise_background(img)) < level``, without dividing the page: the divided
    value is ``a / b * 255`` in float32 (a the pixel, b its block's background), which grows with
    a, so for each block there is a grey level t(b) below which its pixels come out darker than
    ``level``. t is found per block with the same float32 arithmetic (a few candidates around
    ``level * b / 255``), and the page is compared with it: the same mask, a third of the time
    (no float copy of the page)."""
    gray = to_gray(img)
    arr = pixels(gray)
    small = np.maximum(background(gray), 1.0).astype(np.float32)
    # Rounding moves a / b * 255 by far less than one grey level: the threshold is within
    # [floor(level * b / 255) - 2, + 3]; below the window every value is darker than level.
    first = np.floor(small * np.float32(level / 255.0)).astype(np.int32) - 2
    t = np.full(small.shape, 256, np.int32)  # 256: every pixel of the block is ink
    for k in range(5, -1, -1):  # from the top, so the smallest passing candidate is kept
        cand = np.clip(first + k, 0, 256)
        value = np.divide(cand.astype(np.float32), small)
        value *= 255.0
        t = np.where(value >= level, cand, t)
    rows, cols, _ = _block_repeats(arr.shape, small)
    return arr < np.repeat(np.repeat(t.astype(np.int16), rows, axis=0), cols, axis=1)


def text_height(img: Image.Image) -> float | None:
    """Median height in pixels of the page's glyph components (connected ink blobs of letter size),
    or None when the page holds too little text to say. Measured on a background-normalised copy
    so dark or unevenly lit photos binarise cleanly."""
    gray = to_gray(img)
    f = 2 if min(gray.size) > 1500 else 1  # 300 dpi pages: half size is precise enough, 4x faster
    if f > 1:
        gray = half_size(gray)
    ink = ink_after_normalising(gray)
    labels, n = ndimage.label(ink)
    if n < 50:
        return None
    hs, ws = component_sizes(labels, n)
    # Letters and merged letter groups; not specks, rules or pictures.
    ok = (hs >= 3) & (ws >= 2) & (hs < ink.shape[0] / 20) & (ws < ink.shape[1] / 4)
    if ok.sum() < 50:
        return None
    return float(np.median(hs[ok])) * f


def component_sizes(labels: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Heights and widths (int32) of the bounding boxes of components 1..``n`` of a 2-D ``labels``
    array (``ndimage.label``'s, every label present): those of ``ndimage.find_objects``' slices,
    from the rows and columns of the labelled pixels' first and last occurrences instead of a slice
    object per component read back in Python (a 300-dpi page at half size holds ~3,000 components:
    find_objects 10 ms, this about a third of that)."""
    h, w = labels.shape
    flat = labels.ravel()
    at = np.flatnonzero(flat)
    lab = flat[at]
    rows = at // w
    cols = at - rows * w
    size = n + 1
    top, bottom = np.full(size, h, np.intp), np.full(size, -1, np.intp)
    left, right = np.full(size, w, np.intp), np.full(size, -1, np.intp)
    np.minimum.at(top, lab, rows)
    np.maximum.at(bottom, lab, rows)
    np.minimum.at(left, lab, cols)
    np.maximum.at(right, lab, cols)
    return (bottom - top + 1)[1:].astype(np.int32), (right - left + 1)[1:].astype(np.int32)


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
    ink = ink_after_normalising(small)
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


# A page whose Otsu threshold lands within this many noise spreads of its paper level is binarised
# into speckle by Tesseract (it thresholds the whole page with Otsu's method): see whiten_paper.
_PAPER_SPREADS = 4.0
# ... and only a page this little of which is darker than the paper's noise (a near-empty page):
# a page with more ink than that has it weigh in Otsu's threshold, whatever the noise.
_MAX_INK_SHARE = 0.05
# ... and only where the paper, four spreads down, is still lighter than this: below it the median
# is no paper (a page half ink) or the "noise" spans the page's whole range; nothing to whiten.
_MIN_PAPER_CUT = 64.0


def otsu_threshold(hist: np.ndarray) -> int:
    """Otsu's threshold of a 256-bin grey-level histogram (levels at or below it are ink), as
    Tesseract's own binarisation picks it for the page."""
    p = hist.astype(np.float64) / max(1, int(hist.sum()))
    omega = np.cumsum(p)
    mu = np.cumsum(p * np.arange(256))
    between = (mu[-1] * omega - mu) ** 2 / np.maximum(omega * (1.0 - omega), 1e-12)
    return int(np.argmax(between))


def paper_level(hist: np.ndarray) -> tuple[int, float]:
    """(the paper's grey level, the spread of its noise) from the histogram of a page that is mostly
    paper: the median level, and the larger of two estimates of the noise's standard deviation:
    the root mean square distance from the median of the brighter pixels (ink only darkens, so
    that half is noise alone, but a scan's paper clipped at white narrows it) and the distance
    from the median down to the lower quartile, over 0.674 (unclipped; ink moves it little while
    it is a small share of the page, the only pages whiten_paper changes)."""
    cum = np.cumsum(hist)
    level = int(np.searchsorted(cum, cum[-1] / 2))
    quartile = int(np.searchsorted(cum, cum[-1] / 4))
    above = hist[level + 1 :].astype(np.float64)
    n = above.sum()
    d = np.arange(1, 256 - level, dtype=np.float64)
    bright = float(np.sqrt((above * d**2).sum() / n)) if n else 0.0
    return level, max(bright, (level - quartile) / 0.674)


def whiten_paper(img: Image.Image, spreads: float = _PAPER_SPREADS) -> tuple[Image.Image, bool]:
    """Turn the paper white on a page with so little ink that Otsu's threshold falls in the paper's
    own noise (a last page holding only the signer's name, a blank page): Tesseract, which
    binarises the page with that threshold, then sees a field of speckle and reads no word. The
    levels brighter than ``spreads`` noise spreads below the paper become white, so the threshold
    falls between ink and paper again; strokes keep their grey levels. Any other page (the
    threshold well below the paper: ink enough to weigh in the histogram) is returned unchanged."""
    gray = to_gray(img)
    hist = np.asarray(gray.histogram()[:256], dtype=np.int64)
    level, spread = paper_level(hist)
    cut = level - max(spreads * spread, 2.0)
    if cut < _MIN_PAPER_CUT or otsu_threshold(hist) < cut:
        return img, False
    if hist[: int(np.ceil(cut))].sum() > _MAX_INK_SHARE * hist.sum():
        return img, False
    lut = [255 if v >= cut else v for v in range(256)]
    return gray.point(lut), True
