"""OCR one page image with Tesseract (``vie``) through pytesseract, keeping word boxes and confidences."""

from __future__ import annotations

import atexit
import logging
import os
import tempfile
import threading
import unicodedata
from dataclasses import dataclass, replace

from PIL import Image

from ingest.records import Word

from . import figures, layout, numerals, preprocess, recheck, timing
from .ocrstream import StreamError, TesseractStream
from .tesseract import pytesseract

log = logging.getLogger(__name__)

DEFAULT_LANG = "vie"
# psm 3: automatic page segmentation, as bare `tesseract` does; keeps the benchmark comparable.
DEFAULT_CONFIG = "--oem 1 --psm 3"


@dataclass
class OcrResult:
    text: str
    words: list[Word]
    confidence: float | None  # mean word confidence, 0-100
    size: tuple[int, int] | None = None  # (width, height) in pixels of the space the word boxes are in


def single_threaded() -> None:
    """One OpenMP thread per Tesseract: we parallelise across pages, and on 2 cores Tesseract's own
    threads only contend (measured: 1.9 s vs 8.9 s wall for one page)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


def words_to_text(words: list[Word]) -> str:
    """Reading-order text: one line per Tesseract line, a blank line between blocks."""
    return "\n".join(" ".join(w.text for w in group) for group in layout.line_groups(words))


def ocr_image(
    img: Image.Image, lang: str = DEFAULT_LANG, config: str = DEFAULT_CONFIG, dpi: int = 300
) -> OcrResult:
    """Run Tesseract once and build both the words table rows and the page text from its TSV.

    The page goes to Tesseract uncompressed: pytesseract's default PNG costs ~0.8 s of encoding per
    noisy 300 dpi page, a third of the OCR time. Where :func:`keep_tesseract` is on (page workers),
    through the process's one Tesseract (a TIFF carrying its dpi, :mod:`ingest.ocrstream`); else a
    Tesseract process for this page (a PGM, which carries no resolution: it is passed explicitly).
    Both give the same rows."""
    data = _streamed_data(img, lang, config, dpi) if _streaming else None
    if data is None:
        data = _page_call_data(img, lang, config, dpi)
    words: list[Word] = []
    for i, raw in enumerate(data["text"]):
        text = unicodedata.normalize("NFC", (raw or "").strip())
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        words.append(
            Word(
                block=int(data["block_num"][i]),
                par=int(data["par_num"][i]),
                line=int(data["line_num"][i]),
                word=int(data["word_num"][i]),
                text=text,
                left=int(data["left"][i]),
                top=int(data["top"][i]),
                width=int(data["width"][i]),
                height=int(data["height"][i]),
                confidence=conf,
            )
        )
    conf = sum(w.confidence for w in words) / len(words) if words else None
    return OcrResult(words_to_text(words), words, conf, img.size)


def _page_call_data(img: Image.Image, lang: str, config: str, dpi: int) -> dict[str, list]:
    """One Tesseract process for this page (pytesseract), the page handed over as a PGM."""
    with tempfile.TemporaryDirectory(prefix="vnplan-ocr-") as tmp:
        path = os.path.join(tmp, "page.pgm")
        with timing.stage("ocr i/o"):
            img.convert("L").save(path, format="PPM")
        with timing.stage("tesseract"):
            return pytesseract.image_to_data(
                path, lang=lang, config=f"{config} --dpi {dpi}", output_type=pytesseract.Output.DICT
            )


# The process's Tesseract stream (ingest.ocrstream), when keep_tesseract() switched streaming on:
# page workers read every page through one Tesseract process instead of one per page.
_streaming = False
_stream: TesseractStream | None = None
_stream_failures = 0
# After this many pages in a row the stream could not read (each then read by a per-page call),
# the process reads every page by per-page calls: a Tesseract that cannot stream, say.
_MAX_STREAM_FAILURES = 3
_stream_lock = threading.Lock()


def keep_tesseract(on: bool = True) -> None:
    """Read pages through one long-running Tesseract process (``on``) or one process per page."""
    global _streaming, _stream_failures
    _streaming, _stream_failures = on, 0
    if on:
        atexit.unregister(close_tesseract)  # once, however often this is called
        atexit.register(close_tesseract)
    else:
        close_tesseract()


def close_tesseract() -> None:
    """End this process's Tesseract stream, if one runs (a page worker, before it exits)."""
    global _stream
    if _stream is not None:
        stream, _stream = _stream, None
        stream.close()


def _streamed_data(img: Image.Image, lang: str, config: str, dpi: int) -> dict[str, list] | None:
    """The page's TSV as pytesseract's ``image_to_data`` gives it, from the process's stream;
    None when the stream failed on it (the caller reads it by a per-page call, so a page Tesseract
    cannot stream costs no more than before, and the next page gets a fresh stream)."""
    # one page at a time through the stream: a second thread reads its page by a per-page call
    if not _stream_lock.acquire(blocking=False):
        return None
    try:
        return _streamed_locked(img, lang, config, dpi)
    finally:
        _stream_lock.release()


def _streamed_locked(img: Image.Image, lang: str, config: str, dpi: int) -> dict[str, list] | None:
    global _stream, _stream_failures, _streaming
    if _stream is not None and (_stream.lang, _stream.config) != (lang, config):
        close_tesseract()
    try:
        if _stream is None:
            _stream = TesseractStream(lang, config, pytesseract.pytesseract.tesseract_cmd)
        stream = _stream
        # Tesseract is no waited-for child here: its CPU is read from /proc, start-up included
        # for the first page (a per-page call pays it every page).
        with timing.stage("ocr i/o"):
            stream.put(img, dpi)
        with timing.stage("tesseract", extra_cpu=stream.cpu):
            tsv = stream.tsv()
    except (StreamError, OSError, ValueError) as e:  # ValueError: a row that would not decode or parse
        _stream_failures += 1
        log.debug("Tesseract stream failed (%s); this page is read by a per-page call", e)
        close_tesseract()
        if _stream_failures >= _MAX_STREAM_FAILURES:
            log.warning("Tesseract stream failed %d times in a row: one process per page from now on", _stream_failures)
            _streaming = False
        return None
    _stream_failures = 0
    # parsed by pytesseract itself, so the values are those image_to_data gives (conf an int, ...)
    return pytesseract.pytesseract.file_to_dict(tsv, "\t", -1)


@dataclass(frozen=True)
class ReadOptions:
    """Steps of reading one page image; each can be switched off (bench/preprocess_eval.py
    measures them one by one)."""

    deskew: bool = True
    unrule: bool = True
    upscale: bool = True  # enlarge small text to the size Tesseract reads best
    background: bool = True  # flatten uneven light / grey paper before Tesseract thresholds
    paper: bool = True  # whiten the paper of a page with too little ink for Tesseract's threshold
    rotate: bool = True  # undo 90/180/270 rotation found by OSD, on pages that read poorly
    layout: bool = True  # two-column header / signature block read column by column
    first_page: bool = True  # the two-column header only opens a document's first page
    text_px: float = preprocess.UPSCALE_TARGET_PX  # text height upscaling aims at


# OSD runs only on pages whose first reading is this poor (mean word confidence), and its answer
# is taken only when it is this sure (Tesseract's orientation confidence; on the dev photos the
# right answer scored 8.7-14 once upscaled, a wrong one on the native 70-dpi image 1.4).
_OSD_BELOW_CONF = 70.0
_OSD_MIN_CONF = 5.0


@dataclass
class PageReading(OcrResult):
    scale: float = 1.0  # upscale factor applied before OCR (boxes are reported divided by it)
    rotation: int = 0  # degrees clockwise the page was turned to read it upright
    skew: float = 0.0  # degrees (counter-clockwise) the page was turned by deskew, before ``rotation``
    text_px: float | None = None  # measured text height (preprocess.text_height) of the given image


def detect_rotation(img: Image.Image, dpi: int) -> tuple[int, float]:
    """(clockwise degrees that make the page upright, OSD confidence); (0, 0.0) when OSD fails
    (too little text on the page)."""
    with timing.stage("osd"), tempfile.TemporaryDirectory(prefix="vnplan-osd-") as tmp:
        path = os.path.join(tmp, "page.pgm")
        img.convert("L").save(path, format="PPM")
        try:
            osd = pytesseract.image_to_osd(
                path, config=f"--psm 0 --dpi {dpi}", output_type=pytesseract.Output.DICT
            )
        except pytesseract.TesseractError:
            return 0, 0.0
    return int(osd.get("rotate", 0)) % 360, float(osd.get("orientation_conf", 0.0))


def _score(res: OcrResult) -> float:
    return (res.confidence or 0.0) * min(1.0, len(res.words) / 20)


def read_page(
    img: Image.Image, *, lang: str = DEFAULT_LANG, dpi: int = 300, opts: ReadOptions | None = None
) -> PageReading:
    """Clean up, enlarge, OCR and order one page image. Word boxes are in pixels of the page as
    given (after deskew/rotation, which turn the page about its centre), whatever scale Tesseract
    read it at."""
    opts = opts or ReadOptions()
    with timing.stage("preprocess"):
        gray, skew = _clean(img, opts)
        sideways = opts.rotate and preprocess.looks_sideways(gray)
    rotation = 0
    if sideways:
        # Tesseract may still read a sideways page, but with its boxes on their side and after
        # enlarging it for glyphs that only look small: turn it first when OSD is sure.
        scale = preprocess.upscale_factor(preprocess.text_height(gray), opts.text_px) if opts.upscale else 1.0
        angle, conf = detect_rotation(preprocess.upscale(gray, scale), int(round(dpi * scale)))
        log.debug("sideways page: OSD says turn %d degrees, confidence %.1f", angle, conf)
        if angle in (90, 270) and conf >= _OSD_MIN_CONF:
            gray, rotation = gray.rotate(-angle, expand=True), angle
    res, scale, height, work, eff_dpi = _read(gray, lang, dpi, opts)
    if opts.rotate and not rotation and _score(res) < _OSD_BELOW_CONF:
        angle, conf = detect_rotation(work, eff_dpi)
        log.debug(
            "OSD on a poor page (score %.1f): turn %d degrees, confidence %.1f", _score(res), angle, conf
        )
        if angle and conf >= _OSD_MIN_CONF:
            # Measure and enlarge the upright page afresh: glyphs on their side measure smaller.
            upright = gray.rotate(-angle, expand=True)
            turned = _read(upright, lang, dpi, opts)
            log.info("page turned %d degrees: score %.1f -> %.1f", angle, _score(res), _score(turned[0]))
            if _score(turned[0]) > _score(res):
                (res, scale, height, work, eff_dpi), rotation, gray = turned, angle, upright
    with timing.stage("layout"):
        words = res.words
        if scale != 1.0:
            words = [_scaled(w, 1 / scale) for w in words]
        if opts.layout:
            words = layout.arrange(words, header=opts.first_page)
        # a date with a letter O for a zero ('30/6/2O26', 'IIl/2O26'): the zero (before a quarter's stems are counted)
        words = figures.mend_dates(words)
        words = numerals.recount_quarters(gray, words)
        # a lone figure read with letters for digits ('S0' for 80 in a table cell): re-read from its box
        words = figures.reread_figures(gray, words)
        # the vie model garbles codes in capitals ('QLUTM') and small capitals of the 'Nơi nhận' list ('UBRI)')
        words = recheck.distribution_codes(work, words, scale)
        conf = sum(w.confidence for w in words) / len(words) if words else None
        text = words_to_text(words)
    # boxes are in pixels of the page read (upright, before upscaling): its size
    return PageReading(text, words, conf, gray.size, scale=scale, rotation=rotation, skew=skew, text_px=height)


def _clean(img: Image.Image, opts: ReadOptions) -> tuple[Image.Image, float]:
    """Grayscale, flatten uneven light, deskew and whiten table rules, as ``opts`` ask; with the angle
    deskew turned the page by (0.0 when it left it), which a viewer needs to draw the boxes on it."""
    gray = preprocess.to_gray(img)
    # First: deskew, rule removal and the text-height measure all threshold the page, and a
    # shadow or strong falloff reads as ink to them (measured: CER 0.60 -> 1.00 with them on a
    # shadowed photo when the light was flattened only afterwards).
    if opts.background and preprocess.uneven_light(gray):
        gray = preprocess.normalise_background(gray)
    skew = 0.0
    if opts.deskew:
        # deskew hands back the very image when the angle is too small to correct
        turned, angle = preprocess.deskew(gray)
        skew, gray = (angle if turned is not gray else 0.0), turned
    if opts.unrule:
        gray, _ = preprocess.remove_rules(gray)
    if opts.paper:
        # Last: on a page of a few words (the signer's name run onto a page of its own), Otsu's
        # threshold falls in the paper's noise and Tesseract read nothing (see whiten_paper).
        gray, _ = preprocess.whiten_paper(gray)
    return gray, skew


def _read(
    gray: Image.Image, lang: str, dpi: int, opts: ReadOptions
) -> tuple[OcrResult, float, float | None, Image.Image, int]:
    """OCR one upright page: (result, upscale factor, measured text height, image read, its dpi)."""
    with timing.stage("preprocess"):
        height = preprocess.text_height(gray) if opts.upscale else None
        scale = preprocess.upscale_factor(height, opts.text_px)
        work = preprocess.upscale(gray, scale)
    # Tesseract's --dpi: the resolution at which body text would have the enlarged page's text
    # size (a phone photo carries no usable dpi; for a scan this is its own dpi times the scale).
    eff_dpi = int(round(dpi * scale))
    if height:
        eff_dpi = int(round(300 * height * scale / preprocess.REFERENCE_TEXT_PX))
    eff_dpi = min(1200, max(70, eff_dpi))
    return ocr_image(work, lang=lang, dpi=eff_dpi), scale, height, work, eff_dpi


def _scaled(w: Word, f: float) -> Word:
    left, top = round(w.left * f), round(w.top * f)
    return replace(
        w,
        left=left,
        top=top,
        width=max(1, round((w.left + w.width) * f) - left),
        height=max(1, round((w.top + w.height) * f) - top),
    )
