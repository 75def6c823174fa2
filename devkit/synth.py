"""Scan simulator: render Vietnamese text to degraded page images and image-only PDFs.

Used to make the bundled sample scan, the OCR tests, the benchmarks and the OCR error model.
Paragraphs are wrapped on an A4 page with administrative-document margins; lines containing
tabs are drawn as a ruled table (the shape of the plans' appendices). Degradation (skew, blur,
noise, JPEG) is seeded, so the same arguments always give the same pixels.
"""

from __future__ import annotations

import io
import logging
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

log = logging.getLogger(__name__)

A4_MM = (210.0, 297.0)
# Decree 30/2020/ND-CP margins (mm): top, bottom, left, right.
MARGINS_MM = (20.0, 20.0, 30.0, 15.0)

_FONT_FILES = {
    "regular": ("TeX Gyre Termes:style=Regular", "texgyretermes-regular.otf"),
    "bold": ("TeX Gyre Termes:style=Bold", "texgyretermes-bold.otf"),
}


@dataclass(frozen=True)
class Degradation:
    skew_deg: float  # max absolute rotation
    blur: float  # Gaussian radius in pixels at 300 dpi
    noise: float  # std of additive Gaussian noise (0-255 scale)
    jpeg_quality: int  # 0 = no JPEG round trip
    speckle: float  # fraction of pixels flipped to black/white


DEGRADATIONS: dict[str, Degradation] = {
    "none": Degradation(0.0, 0.0, 0.0, 0, 0.0),
    "light": Degradation(0.4, 0.5, 6.0, 85, 0.0005),
    "medium": Degradation(1.0, 0.9, 12.0, 60, 0.001),
    "heavy": Degradation(1.8, 1.3, 22.0, 35, 0.003),
}


@lru_cache(maxsize=8)
def font_path(style: str = "regular") -> str:
    """Path of a Times-like font with Vietnamese glyphs (TeX Gyre Termes, Debian fonts-texgyre)."""
    pattern, file_name = _FONT_FILES[style]
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()
        if out.endswith(file_name):
            return out
    except (OSError, subprocess.SubprocessError):
        pass
    guess = Path("/usr/share/texmf/fonts/opentype/public/tex-gyre") / file_name
    if guess.exists():
        return str(guess)
    raise FileNotFoundError(
        f"font {file_name} not found: install the Debian package fonts-texgyre (make setup does)"
    )


@lru_cache(maxsize=16)
def _font(style: str, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(style), size_px)


_TAG = re.compile(r"<[^>]+>")


def clean_markup(text: str) -> str:
    """Drop the light markup found in transcriptions (``**bold**``, ``*italic*``, HTML fragments)."""
    text = re.sub(r"</p>\s*<p>|<li>|<br\s*/?>", "\n", text)
    text = _TAG.sub(" ", text)
    text = text.replace("**", "").replace("*", "")
    return unicodedata.normalize("NFC", text)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    words = text.split()
    if not words:
        return [""]
    lines: list[str] = []
    cur = words[0]
    for w in words[1:]:
        trial = f"{cur} {w}"
        if draw.textlength(trial, font=font) <= width:
            cur = trial
        else:
            lines.append(cur)
            cur = w
    lines.append(cur)
    return lines


class _Pager:
    """Lays out lines top to bottom, starting a new page when the current one is full."""

    def __init__(self, dpi: int, font_size: int):
        self.dpi = dpi
        px = lambda mm: round(mm / 25.4 * dpi)  # noqa: E731
        self.size = (px(A4_MM[0]), px(A4_MM[1]))
        self.top, self.bottom, self.left, self.right = (px(m) for m in MARGINS_MM)
        self.text_width = self.size[0] - self.left - self.right
        self.size_px = round(font_size / 72 * dpi)
        self.line_h = round(self.size_px * 1.3)
        self.font = _font("regular", self.size_px)
        self.bold = _font("bold", self.size_px)
        self.pages: list[Image.Image] = []
        self._new_page()

    def _new_page(self) -> None:
        self.img = Image.new("L", self.size, 255)
        self.draw = ImageDraw.Draw(self.img)
        self.pages.append(self.img)
        self.y = self.top

    def need(self, height: int) -> None:
        if self.y + height > self.size[1] - self.bottom and self.y > self.top:
            self._new_page()

    def paragraph(self, text: str) -> None:
        stripped = text.strip()
        if not stripped:
            self.y += self.line_h // 2
            return
        # Headings in capitals are bold and centred, as in the plans.
        is_heading = stripped.isupper() and len(stripped) < 120
        font = self.bold if is_heading else self.font
        for line in _wrap(self.draw, stripped, font, self.text_width):
            self.need(self.line_h)
            x = self.left
            if is_heading:
                x += max(0, (self.text_width - int(self.draw.textlength(line, font=font))) // 2)
            self.draw.text((x, self.y), line, fill=0, font=font)
            self.y += self.line_h

    def table_row(self, cells: list[str], widths: list[int]) -> None:
        pad = round(self.size_px * 0.25)
        small = _font("regular", round(self.size_px * 0.85))
        lh = round(small.size * 1.25)
        wrapped = [
            [ln for part in clean_markup(c).split("\n") for ln in _wrap(self.draw, part.strip(), small, w - 2 * pad)]
            for c, w in zip(cells, widths, strict=True)
        ]
        height = max(len(w) for w in wrapped) * lh + 2 * pad
        self.need(height)
        x = self.left
        for lines, w in zip(wrapped, widths, strict=True):
            self.draw.rectangle([x, self.y, x + w, self.y + height], outline=0, width=2)
            for i, ln in enumerate(lines):
                self.draw.text((x + pad, self.y + pad + i * lh), ln, fill=0, font=small)
            x += w
        self.y += height


def _column_widths(rows: list[list[str]], total: int) -> list[int]:
    n = max(len(r) for r in rows)
    lengths = np.ones(n)
    for r in rows:
        for i, c in enumerate(r):
            lengths[i] = max(lengths[i], min(len(c), 120))
    share = np.sqrt(lengths)  # long cells wrap; sqrt keeps short columns readable
    widths = np.maximum(share / share.sum() * total, total * 0.07)
    widths = widths / widths.sum() * total
    return [int(w) for w in widths]


def layout_pages(text: str, *, dpi: int = 300, font_size: int = 12) -> list[Image.Image]:
    """Render ``text`` onto clean A4 pages (grayscale); tab-separated lines become a ruled table."""
    pager = _Pager(dpi, font_size)
    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            block = []
            while i < len(lines) and "\t" in lines[i]:
                block.append(lines[i].split("\t"))
                i += 1
            n = max(len(r) for r in block)
            rows = [r + [""] * (n - len(r)) for r in block]
            widths = _column_widths(rows, pager.text_width)
            for r in rows:
                pager.table_row(r, widths)
            pager.y += pager.line_h // 2
            continue
        pager.paragraph(clean_markup(lines[i]))
        i += 1
    return pager.pages


def degrade_page(img: Image.Image, level: str = "medium", seed: int = 0, dpi: int = 300) -> Image.Image:
    """Make a clean page look scanned: rotate, blur, add noise and speckle, JPEG round trip."""
    d = DEGRADATIONS[level]
    if d == DEGRADATIONS["none"]:
        return img
    rng = np.random.default_rng(seed)
    scale = dpi / 300
    out = img
    if d.skew_deg:
        angle = float(rng.uniform(-d.skew_deg, d.skew_deg))
        out = out.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    if d.blur:
        out = out.filter(ImageFilter.GaussianBlur(d.blur * scale))
    arr = np.asarray(out, dtype=np.float32)
    if d.noise:
        arr = arr + rng.normal(0, d.noise, arr.shape)
    if d.speckle:
        mask = rng.random(arr.shape)
        arr[mask < d.speckle / 2] = 0
        arr[mask > 1 - d.speckle / 2] = 255
    # Paper is rarely pure white on a scan.
    arr = arr * 0.92 + 10
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), mode="L")
    if d.jpeg_quality:
        buf = io.BytesIO()
        out.save(buf, format="JPEG", quality=d.jpeg_quality)
        buf.seek(0)
        out = Image.open(buf).convert("L")
    return out


def render_pages(
    text: str, *, dpi: int = 300, seed: int = 0, degrade: str = "medium", font_size: int = 12
) -> list[Image.Image]:
    """Render text to A4 page images at ``dpi`` and degrade each like a scan (seeded per page)."""
    pages = layout_pages(text, dpi=dpi, font_size=font_size)
    return [degrade_page(p, degrade, seed * 1000 + i, dpi) for i, p in enumerate(pages)]


def save_pdf(pages: list[Image.Image], path: str | Path, dpi: int = 300) -> Path:
    """Write page images as an image-only PDF (what a scanner produces: no text layer)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    first, rest = pages[0], pages[1:]
    first.save(path, format="PDF", save_all=True, append_images=rest, resolution=float(dpi))
    return path


def resample_dpi(img: Image.Image, src_dpi: int, dpi: int) -> Image.Image:
    """The page as a scanner set to ``dpi`` would give it (area-averaged, as a CCD row does)."""
    if dpi == src_dpi:
        return img
    size = (round(img.width * dpi / src_dpi), round(img.height * dpi / src_dpi))
    return img.resize(size, Image.BOX if dpi < src_dpi else Image.BICUBIC)


def photo_page(img: Image.Image, seed: int = 0, width_px: int = 576, tilt_deg: float = 1.5) -> Image.Image:
    """Make a clean 300 dpi page look like a phone photo shared through a messaging app.

    What such photos have in common (the 576x960 photos in shared/real are ~70 dpi for A4): a small
    image, uneven lighting from one side, a slight tilt and keystone from a hand-held camera, a grey
    paper tone, sensor noise and a strong JPEG round trip. Returns an RGB image, as phones save."""
    rng = np.random.default_rng(seed)
    w, h = img.size
    # Keystone: the top edge a little narrower than the bottom (camera tilted back), seeded.
    k = float(rng.uniform(0.0, 0.025)) * w
    quad = (k, 0.0, 0.0, float(h), float(w), float(h), w - k, 0.0)  # UL, LL, LR, UR source corners
    out = img.transform((w, h), Image.QUAD, quad, resample=Image.BICUBIC, fillcolor=235)
    out = out.rotate(float(rng.uniform(-tilt_deg, tilt_deg)), resample=Image.BICUBIC, fillcolor=235)
    small = out.resize((width_px, round(h * width_px / w)), Image.LANCZOS)
    arr = np.asarray(small, dtype=np.float32)
    # Lighting: a linear falloff across the page plus a paper tone; ink never reaches pure black.
    yy, xx = np.mgrid[0 : arr.shape[0], 0 : arr.shape[1]].astype(np.float32)
    angle = float(rng.uniform(0, 2 * np.pi))
    ramp = (np.cos(angle) * xx / arr.shape[1] + np.sin(angle) * yy / arr.shape[0]) / np.sqrt(2)
    light = 1.0 - float(rng.uniform(0.1, 0.3)) * (ramp - ramp.min()) / max(1e-6, float(np.ptp(ramp)))
    arr = (arr * 0.78 + 30) * light + rng.normal(0, 4.0, arr.shape)
    gray = np.clip(arr, 0, 255).astype(np.uint8)
    # A faint colour cast, then the messaging app's JPEG.
    g16 = gray.astype(np.int16)
    rgb = np.stack([gray, np.clip(g16 - 3, 0, 255), np.clip(g16 - 8, 0, 255)], axis=-1).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(rgb, mode="RGB").save(buf, format="JPEG", quality=int(rng.integers(60, 80)))
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def scanner_layer_pdf(src: str | Path, dst: str | Path, lang: str = "eng", jobs: int = 1) -> Path:
    """Give an image-only PDF the text layer an office scanner embeds: OCR made without Vietnamese
    (``ocrmypdf -l eng``, Debian package ocrmypdf), invisible under the page image."""
    dst = Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    cmd = ["ocrmypdf", "-l", lang, "--jobs", str(jobs), "--optimize", "0", "--output-type", "pdf", "--quiet",
           str(src), str(dst)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=600)
    return dst
@dataclass(frozen=True)
class AdminDoc:
    """An administrative document in the Decree 30/2020/ND-CP layout: two-column header, body,
    two-column signature block. ``body`` is plain text, one paragraph per line."""

    parent: str  # governing body, e.g. 'UBND TỈNH QUẢNG NAM'
    issuer: str  # issuing body, e.g. 'SỞ NỘI VỤ'
    number: str  # e.g. 'Số: 215/SNV-CCHC'
    subject: str  # 'V/v ...' (công văn) or '' for documents with a title
    place_date: str  # e.g. 'Quảng Nam, ngày 3 tháng 4 năm 2024'
    body: str
    recipients: tuple[str, ...] = ("Như trên;", "Lưu: VT.")
    sign_title: tuple[str, ...] = ("GIÁM ĐỐC",)
    signer: str = ""

    def reading_order(self) -> str:
        """The text as it should be read: header left column, right column, body, then the
        signature block's left column (recipients) and right column (title, signer)."""
        left = [self.parent, self.issuer, self.number] + ([self.subject] if self.subject else [])
        right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", self.place_date]
        sign_left = ["Nơi nhận:"] + [f"- {r}" for r in self.recipients]
        sign_right = list(self.sign_title) + ([self.signer] if self.signer else [])
        return "\n".join([*left, *right, self.body.strip(), *sign_left, *sign_right])


def layout_admin_pages(doc: AdminDoc, *, dpi: int = 300, font_size: int = 13) -> list[Image.Image]:
    """Render ``doc`` onto clean A4 pages in the Decree 30/2020 layout: the header's left column
    (about 40% of the text width) and right column are each centred in their column; the date line
    is aligned with the 'Số:' line; the signature block puts 'Nơi nhận:' on the left and the title
    and signer on the right, with room for a signature between them."""
    pager = _Pager(dpi, font_size)
    draw, size = pager.draw, pager.size_px
    small = _font("regular", round(size * 0.92))
    bold_small = _font("bold", round(size * 0.92))
    left_w = round(pager.text_width * 0.40)
    right_x, right_w = pager.left + left_w, pager.text_width - left_w
    lh = pager.line_h

    def centred(lines: list[tuple[str, ImageFont.FreeTypeFont]], x0: int, width: int, y: int) -> int:
        for text, font in lines:
            for ln in _wrap(draw, text, font, width - round(size * 0.5)):
                x = x0 + max(0, (width - int(draw.textlength(ln, font=font))) // 2)
                draw.text((x, y), ln, fill=0, font=font)
                y += lh
        return y

    y0 = pager.top
    y_left = centred([(doc.parent, small), (doc.issuer, bold_small)], pager.left, left_w, y0)
    y_right = centred(
        [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold_small), ("Độc lập - Tự do - Hạnh phúc", pager.bold)],
        right_x, right_w, y0,
    )
    # 'Số:' and the date line sit on the same row, below both column heads.
    y_row = max(y_left, y_right) + lh // 2
    y_left = centred([(doc.number, small)] + ([(doc.subject, small)] if doc.subject else []), pager.left, left_w, y_row)
    y_right = centred([(doc.place_date, small)], right_x, right_w, y_row)
    pager.y = max(y_left, y_right) + lh
    for para in doc.body.split("\n"):
        pager.paragraph(para)
    # Signature block: kept on one page.
    rec = [("Nơi nhận:", bold_small)] + [(f"- {r}", small) for r in doc.recipients]
    block_h = (max(len(rec), len(doc.sign_title) + 4) + 1) * lh
    pager.y += lh
    pager.need(block_h)
    y = pager.y
    for text, font in rec:
        for ln in _wrap(pager.draw, text, font, left_w - round(size * 0.5)):
            pager.draw.text((pager.left, y), ln, fill=0, font=font)
            y += round(lh * 0.9)
    title = [(t, pager.bold) for t in doc.sign_title]
    y = centred_on(pager, title, right_x, right_w, pager.y)
    if doc.signer:
        centred_on(pager, [(doc.signer, pager.bold)], right_x, right_w, y + 3 * lh)
    return pager.pages


def centred_on(
    pager: _Pager, lines: list[tuple[str, ImageFont.FreeTypeFont]], x0: int, width: int, y: int
) -> int:
    """Draw lines centred in [x0, x0 + width) on the pager's current page; returns the next y."""
    for text, font in lines:
        x = x0 + max(0, (width - int(pager.draw.textlength(text, font=font))) // 2)
        pager.draw.text((x, y), text, fill=0, font=font)
        y += pager.line_h
    return y
