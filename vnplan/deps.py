"""Dependency probe run before any work: Tesseract present, recent enough, with the languages asked for.

One ``tesseract --version`` and one ``tesseract --list-langs`` (a few milliseconds) replace a run in
which every scanned page fails one by one with the same message.
"""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .exitcodes import ExitCode, VnplanError

log = logging.getLogger(__name__)

# The pipeline OCRs with the LSTM engine (--oem 1), which Tesseract has had since 4.0.
MIN_TESSERACT = (4, 0)

# Language codes of Tesseract's official traineddata (tessdata), as Debian packages them
# (tesseract-ocr-<code>, '-' for '_'); 'script/<Name>' models are accepted as well.
KNOWN_LANGUAGES = frozenset(
    """afr amh ara asm aze aze_cyrl bel ben bod bos bre bul cat ceb ces chi_sim chi_sim_vert chi_tra
    chi_tra_vert chr cos cym dan deu div dzo ell eng enm epo equ est eus fao fas fil fin fra frk frm fry
    gla gle glg grc guj hat heb hin hrv hun hye iku ind isl ita ita_old jav jpn jpn_vert kan kat
    kat_old kaz khm kir kmr kor kor_vert lao lat lav lit ltz mal mar mkd mlt mon mri msa mya nep nld
    nor oci ori osd pan pol por pus que ron rus san sin slk slv snd spa spa_old sqi srp srp_latn sun
    swa swe syr tam tat tel tgk tha tir ton tur uig ukr urd uzb uzb_cyrl vie yid yor""".split()  # noqa: SIM905 (a list literal of 125 codes reads worse)
)
_LANG_RE = re.compile(r"^(?:[a-z]{3}(?:_[a-z]+)*|script/[A-Za-z_]+)$")
OCR_SUFFIXES = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"})


class MissingDependency(VnplanError):
    exit_code = ExitCode.missing_dependency


class BadArgument(VnplanError):
    exit_code = ExitCode.bad_args


@dataclass(frozen=True)
class TesseractInfo:
    path: str
    version: str
    languages: frozenset[str]


def parse_lang(lang: str) -> list[str]:
    """``'vie+eng'`` -> ``['vie', 'eng']``; a malformed or unknown code is a bad argument."""
    parts = [p.strip() for p in lang.split("+")]
    if not lang.strip() or any(not p for p in parts):
        raise BadArgument(f"--lang {lang!r}: give Tesseract language codes joined by '+', e.g. 'vie' or 'vie+eng'")
    for p in parts:
        if not _LANG_RE.match(p) or (not p.startswith("script/") and p not in KNOWN_LANGUAGES):
            raise BadArgument(f"--lang {lang!r}: {p!r} is not a Tesseract language code (e.g. vie, eng, fra)")
    return parts


def probe_tesseract(langs: Iterable[str]) -> TesseractInfo:
    """Check Tesseract and its language data; raise :class:`MissingDependency` with what to install."""
    from ingest.tesseract import pytesseract

    cmd = pytesseract.pytesseract.tesseract_cmd
    path = shutil.which(cmd)
    if path is None:
        raise MissingDependency(
            f"Tesseract ({cmd!r}) is not installed or not on PATH; scanned pages need it "
            "(Debian/Ubuntu: apt install tesseract-ocr tesseract-ocr-vie)"
        )
    try:
        version = pytesseract.get_tesseract_version()
        installed = frozenset(pytesseract.get_languages(config=""))
    except (OSError, pytesseract.TesseractError, pytesseract.TesseractNotFoundError) as e:
        raise MissingDependency(f"Tesseract at {path} does not run: {e}") from e
    if (version.major, version.minor) < MIN_TESSERACT:
        raise MissingDependency(
            f"Tesseract {version} at {path} is too old: vnplan needs {'.'.join(map(str, MIN_TESSERACT))} or newer"
        )
    missing = [lang for lang in langs if lang not in installed]
    if missing:
        pkgs = " ".join(f"tesseract-ocr-{m.replace('_', '-')}" for m in missing if not m.startswith("script/"))
        raise MissingDependency(
            f"Tesseract {version} has no language data for {', '.join(missing)} "
            f"(installed: {', '.join(sorted(installed)) or 'none'})" + (f"; apt install {pkgs}" if pkgs else "")
        )
    log.debug("Tesseract %s at %s, languages %s", version, path, ", ".join(sorted(installed)))
    return TesseractInfo(path, str(version), installed)


def needs_ocr(paths: Iterable[Path | str]) -> bool:
    """Whether any input may need OCR (a PDF or an image, given or under a given folder or URL prefix)."""
    for p in paths:
        if isinstance(p, str):  # a URL: the objects' names, as a folder's
            from ingest.remote import key_name, list_objects

            if any(key_name(u).suffix.lower() in OCR_SUFFIXES for u in list_objects(p, lambda rel: True)):
                return True
        elif p.is_dir():
            if any(f.suffix.lower() in OCR_SUFFIXES for f in p.rglob("*")):
                return True
        elif p.suffix.lower() in OCR_SUFFIXES:
            return True
    return False
