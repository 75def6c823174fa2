"""Legacy 8-bit Vietnamese encodings: TCVN3 (ABC, .Vn fonts) and VNI (VNI-Windows).

Such files are usually read as Windows-1252 / Latin-1, which gives text like
``Céng hßa x· héi chñ nghÜa ViÖt Nam`` (TCVN3) or ``Coäng hoøa xaõ hoäi chuû
nghóa Vieät Nam`` (VNI).  No maintained PyPI package converts these, so the
mapping tables live here as data (TCVN 5712:1993 VN3 and the VNI-Windows
layout).  :func:`detect_and_convert` converts both candidates and keeps the one
whose words are Vietnamese syllables of the lexicon, or leaves the text alone.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from .text import VI_SPECIFIC, to_nfc

log = logging.getLogger(__name__)

__all__ = ["detect_and_convert", "tcvn3_to_unicode", "vni_to_unicode", "bytes_to_text"]

# TCVN3 (ABC): byte (as Latin-1 char) -> Unicode.  Upper-case toned vowels have no codes in TCVN3
# (".VnTimeH" upper-case fonts draw the lower-case codes), see _recase().
_TCVN3 = {
    "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
    "¨": "ă", "©": "â", "ª": "ê", "«": "ô", "¬": "ơ", "\xad": "ư", "®": "đ",
    "µ": "à", "¶": "ả", "·": "ã", "¸": "á", "¹": "ạ",
    "»": "ằ", "¼": "ẳ", "½": "ẵ", "¾": "ắ", "Æ": "ặ",
    "Ç": "ầ", "È": "ẩ", "É": "ẫ", "Ê": "ấ", "Ë": "ậ",
    "Ì": "è", "Î": "ẻ", "Ï": "ẽ", "Ð": "é", "Ñ": "ẹ",
    "Ò": "ề", "Ó": "ể", "Ô": "ễ", "Õ": "ế", "Ö": "ệ",
    "×": "ì", "Ø": "ỉ", "Ü": "ĩ", "Ý": "í", "Þ": "ị",
    "ß": "ò", "á": "ỏ", "â": "õ", "ã": "ó", "ä": "ọ",
    "å": "ồ", "æ": "ổ", "ç": "ỗ", "è": "ố", "é": "ộ",
    "ê": "ờ", "ë": "ở", "ì": "ỡ", "í": "ớ", "î": "ợ",
    "ï": "ù", "ñ": "ủ", "ò": "ũ", "ó": "ú", "ô": "ụ",
    "õ": "ừ", "ö": "ử", "÷": "ữ", "ø": "ứ", "ù": "ự",
    "ú": "ỳ", "û": "ỷ", "ü": "ỹ", "ý": "ý", "þ": "ỵ",
}

# VNI-Windows: a base letter followed by one mark byte; marks for lower / upper case letters.
_VNI_TONES_LOWER = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_TONES_UPPER = {"Ù": "\u0301", "Ø": "\u0300", "Û": "\u0309", "Õ": "\u0303", "Ï": "\u0323"}
# circumflex (a, e, o) + tone
_VNI_HAT_LOWER = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_HAT_UPPER = {"Â": "", "Á": "\u0301", "À": "\u0300", "Å": "\u0309", "Ã": "\u0303", "Ä": "\u0323"}
# breve (a) + tone
_VNI_BREVE_LOWER = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_BREVE_UPPER = {"Ê": "", "É": "\u0301", "È": "\u0300", "Ú": "\u0309", "Ü": "\u0303", "Ë": "\u0323"}
# single-byte letters
_VNI_SINGLE = {"ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ",
               "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị",
               "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị"}


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}
    for base in "aeouyAEOUY":
        tones = _VNI_TONES_UPPER if base.isupper() else _VNI_TONES_LOWER
        for k, mark in tones.items():
            table[base + k] = unicodedata.normalize("NFC", base + mark)
            # lower-case marks after upper-case letters happen in mixed-case words
            table.setdefault(base + k.lower(), unicodedata.normalize("NFC", base + mark))
    for base in "aeoAEO":
        hats = _VNI_HAT_UPPER if base.isupper() else _VNI_HAT_LOWER
        for k, mark in hats.items():
            table[base + k] = unicodedata.normalize("NFC", base + "\u0302" + mark)
    for base in "aA":
        breves = _VNI_BREVE_UPPER if base.isupper() else _VNI_BREVE_LOWER
        for k, mark in breves.items():
            table[base + k] = unicodedata.normalize("NFC", base + "\u0306" + mark)
    # horned ơ / ư + tone
    for single, uni in (("ô", "ơ"), ("ö", "ư"), ("Ô", "Ơ"), ("Ö", "Ư")):
        tones = _VNI_TONES_UPPER if single.isupper() else _VNI_TONES_LOWER
        for k, mark in tones.items():
            table[single + k] = unicodedata.normalize("NFC", uni + mark)
    for k, v in _VNI_SINGLE.items():
        table.setdefault(k, v)
    return table


_VNI = _build_vni()
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(_VNI, key=len, reverse=True)))
_TCVN3_RE = re.compile("[" + re.escape("".join(_TCVN3)) + "]")


def _recase(text: str) -> str:
    """TCVN3 has no upper-case toned letters: upper-case a word whose other letters are capitals."""

    def fix(m: re.Match[str]) -> str:
        w = m.group()
        letters = [c for c in w if c.isalpha()]
        ups = sum(1 for c in letters if c.isupper())
        if len(letters) >= 2 and ups >= len(letters) - ups and ups >= 2:
            return w.upper()
        return w

    return re.sub(r"\w+", fix, text)


def _tcvn3_line(line: str) -> str:
    conv = _TCVN3_RE.sub(lambda m: _TCVN3[m.group()], line)
    ascii_letters = [c for c in line if c.isascii() and c.isalpha()]
    # a heading typed in an upper-case .VnTimeH font: every plain letter is a capital
    if len(ascii_letters) >= 3 and all(c.isupper() for c in ascii_letters):
        return conv.upper()
    return _recase(conv)


def tcvn3_to_unicode(text: str) -> str:
    return to_nfc("\n".join(_tcvn3_line(line) for line in text.split("\n")))


def vni_to_unicode(text: str) -> str:
    return to_nfc(_VNI_RE.sub(lambda m: _VNI[m.group()], text))


def bytes_to_text(data: bytes) -> tuple[str, str]:
    """Decode file bytes: UTF-8 if valid, else cp1252/latin-1 and then legacy detection."""
    try:
        return detect_and_convert(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        raw = data.decode("cp1252")
    except UnicodeDecodeError:
        raw = data.decode("latin-1")
    text, name = detect_and_convert(raw)
    # Windows-1258 (Windows Vietnamese): base letters plus combining tone bytes, and ă â đ ơ ư as
    # single bytes. Taken when it reads as more Vietnamese syllables than the other decodings.
    if any(b in data for b in _CP1258_MARKS):
        try:
            cp = to_nfc(data.decode("cp1258"))
        except UnicodeDecodeError:
            return text, name
        if _vi_score(cp[:20000]) > _vi_score(text[:20000]) + 0.15:
            log.info("legacy encoding detected: cp1258")
            return cp, "cp1258"
    return text, name


# cp1258 bytes of the combining tone marks and of ă ơ ư đ (lower and upper case).
_CP1258_MARKS = (b"\xcc", b"\xec", b"\xd2", b"\xde", b"\xf2", b"\xe3", b"\xf5", b"\xfd", b"\xf0", b"\xc3", b"\xd5", b"\xdd", b"\xd0")


def _vi_score(text: str) -> float:
    """Share of words that are lexicon syllables containing Vietnamese-only letters or in the lexicon."""
    from .model import get_model

    words = re.findall(r"[^\W\d_]+", text)
    if not words:
        return 0.0
    try:
        ids = get_model().ids
    except Exception:  # no model: count Vietnamese-specific letters only
        return sum(1 for w in words if any(c in VI_SPECIFIC for c in w)) / len(words)
    return sum(1 for w in words if w.lower() in ids) / len(words)


def _converted_word_ratio(sample: str, conv_name: str) -> float:
    """Among words holding legacy bytes, the share whose conversion is a lexicon word.

    Real TCVN3 / VNI text converts almost every such word into a syllable; English-OCR Vietnamese
    (``trién``, ``héi``) only by accident (``héi`` → ``hội``), so this keeps OCR lines from being taken
    for legacy text even when they are short.  See :func:`_converted_word_ratios`, which gives both."""
    return _converted_word_ratios(sample)[0 if conv_name == "tcvn3" else 1]


def _word_state(w: str, pat: re.Pattern[str], conv: object, ids: object) -> int:
    """0: ``w`` holds no legacy bytes of the encoding; 1: its conversion is lexicon words; 2: it is not."""
    if not pat.search(w):
        return 0
    if ids is None:
        return 1
    parts = _LETTERS.findall(conv(w))  # type: ignore[operator]
    return 1 if parts and all(p.lower() in ids for p in parts) else 2  # type: ignore[operator]


def _converted_word_ratios(sample: str) -> tuple[float, float]:
    """:func:`_converted_word_ratio` of TCVN3 and of VNI, in one pass over the words (detection asks both of
    every line with Latin-1 letters).  What each word is for both encodings (no legacy bytes, converts to
    lexicon words, does not) is memoised: every restored line is checked, and OCR text repeats its words."""
    from .model import get_model

    try:
        ids = get_model().ids
    except Exception:
        ids = None
    # a line's words are memoised for the lines after it; a long sample is checked once (its own memo)
    memo = _word_memo(ids) if len(sample) <= _WORD_MEMO_SAMPLE else {}
    n_t = hits_t = n_v = hits_v = 0
    for w in _CHUNK.findall(sample):
        st = memo.get(w)
        if st is None:
            st = (_word_state(w, _TCVN3_RE, tcvn3_to_unicode, ids), _word_state(w, _VNI_RE, vni_to_unicode, ids))
            if len(memo) >= _WORD_MEMO_MAX:
                memo.clear()
            memo[w] = st
        t, v = st
        if t:
            n_t += 1
            hits_t += t == 1
        if v:
            n_v += 1
            hits_v += v == 1

    def ratio(n: int, hits: int) -> float:
        if not n:
            return 0.0
        return 1.0 if ids is None else hits / n

    return ratio(n_t, hits_t), ratio(n_v, hits_v)


LEGACY_WORD_RATIO = 0.7
_LETTERS = re.compile(r"[^\W\d_]+")
_VI_RE = re.compile("[" + re.escape("".join(sorted(VI_SPECIFIC))) + "]")
_CHUNK = re.compile(r"\S+")
# word -> (TCVN3, VNI), each 0: no legacy bytes, 1: converts to lexicon words, 2: does not.  English-OCR lines
# hold legacy-looking bytes ('nhiém') and every restored line is checked: the same words come back
_WORD_MEMO: list = [None, {}]  # [the lexicon the answers are for, memo]
_WORD_MEMO_MAX = 20_000
_WORD_MEMO_SAMPLE = 2_000  # samples up to this long (lines, paragraphs) share the memo


def clear_word_memo() -> None:
    """Forget the memoised words (see :meth:`normalize.candidates.CandidateGenerator.clear_caches`)."""
    _WORD_MEMO[0], _WORD_MEMO[1] = None, {}


def _word_memo(ids: object) -> dict[str, tuple[int, int]]:
    if _WORD_MEMO[0] is not ids:
        _WORD_MEMO[0], _WORD_MEMO[1] = ids, {}
    return _WORD_MEMO[1]


def detect_and_convert(text: str) -> tuple[str, str]:
    """Return ``(unicode_text, encoding_name)`` with encoding_name in ``unicode``, ``tcvn3``, ``vni``.

    Text that already is Unicode Vietnamese (or anything the conversions do not improve) is returned
    NFC-normalised and unchanged otherwise.
    """
    norm = to_nfc(text)
    sample = norm[:20000]
    n_vi = len(_VI_RE.findall(sample))  # letters only Vietnamese has
    n_tcvn = len(_TCVN3_RE.findall(sample))
    n_vni = len(_VNI_RE.findall(sample))
    if n_tcvn == 0 and n_vni == 0:
        return norm, "unicode"
    if n_vi > max(n_tcvn, n_vni):
        return norm, "unicode"
    base = None  # the input's own lexicon score: only wanted once a conversion passes the word-ratio test
    best_name, best_score = "unicode", 0.0
    ratios = _converted_word_ratios(sample)
    for (name, conv), ratio in zip((("tcvn3", tcvn3_to_unicode), ("vni", vni_to_unicode)), ratios, strict=True):
        # both tests must pass; the word-ratio one is the cheaper and usually fails on English-OCR lines
        if ratio < LEGACY_WORD_RATIO:
            continue
        if base is None:
            base = best_score = _vi_score(sample)
        score = _vi_score(conv(sample))
        if score > best_score + 0.15:
            best_name, best_score = name, score
    if best_name == "unicode":
        return norm, "unicode"
    log.info("legacy encoding detected: %s (lexicon hit rate %.2f -> %.2f)", best_name, base, best_score)
    conv = tcvn3_to_unicode if best_name == "tcvn3" else vni_to_unicode
    return conv(text), best_name
