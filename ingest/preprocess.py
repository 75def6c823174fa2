"""Light scan clean-up before OCR: grayscale and deskew.

Binarisation is left to Tesseract (its Otsu step works on the grayscale image we hand it). Deskew is
done only for clear rotations. Measured with `make bench` (deskew experiment) on rendered corpus
pages: below ~1.5 degrees Tesseract copes by itself and resampling a noisy scan costs a little
(CER 0.0148 -> 0.0154 at 0.8 degrees); from 2 degrees on deskewing helps, and at 3-4 degrees it is
the difference between a usable page and a lost one (CER 0.23-0.37 -> 0.015).
"""

from __future__ import annotations

import numpy as np
from PIL import Image

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
        rot = np.asarray(base.rotate(angle, resample=Image.NEAREST, fillcolor=0), dtype=np.float32)
        return float(np.var(rot.sum(axis=1)))

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


def prepare(img: Image.Image, do_deskew: bool = True) -> Image.Image:
    img = to_gray(img)
    if do_deskew:
        img, _ = deskew(img)
    return img
