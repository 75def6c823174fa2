"""Unicode and syllable-level helpers for Vietnamese text: the one Vietnamese text toolkit.

Every package uses these (normalize is the lowest layer): plain NFC (:func:`nfc`) and NFC with the
traditional tone placement (:func:`to_nfc`); two ways of dropping diacritics, :func:`strip_diacritics`
(case kept, Vietnamese letters only: the restoration lexicon's key) and :func:`fold` (lower-cased,
OCR look-alikes too, and **length-preserving** so that a match in the folded text is a span of the
original: what extract's rules run on); whitespace and tag clean-up, slugs, roman numerals, and
:func:`token_spans` (numbers, words and punctuation with offsets). The restoration tokeniser, which
classifies pieces for the decoder, is ``normalize.tokens``.

Tone-placement convention
-------------------------
Vietnamese has two conventions for where the tone mark goes in the open
syllables ``oa``, ``oe`` and ``uy``: the *traditional* one (``hòa``, ``khỏe``,
``thúy``, ``Ủy``) and the *new* one (``hoà``, ``khoẻ``, ``thuý``, ``Uỷ``).
Government documents (and the templates of the plans this pipeline reads) use
the traditional one, so **this package normalises everything to the
traditional placement**: ``hoà`` → ``hòa``.  The lexicon and the language
model are built from text passed through :func:`to_nfc`, and every output of
:func:`normalize.restore_text` goes through it too, so both sides agree.
Syllables with a final consonant (``hoàn``, ``thuyết``) are the same in both
conventions and are never touched; ``qu`` + ``y`` (``quý``) is not an ``uy``
nucleus and is left alone.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "to_nfc",
    "strip_diacritics",
    "syllable_key",
    "apply_case",
    "case_pattern",
    "VI_SPECIFIC",
    "has_vi_specific",
    "tone_of",
    "nfc",
    "fold",
    "clean_space",
    "strip_tags",
    "slug",
    "token_spans",
    "roman_to_int",
    "title_case_vi",
]

# tone marks as combining characters (NFD)
_TONES = {"\u0300": "grave", "\u0301": "acute", "\u0309": "hook", "\u0303": "tilde", "\u0323": "dot"}

# old-style <-> new-style re-placement for open oa/oe/uy
_OLD_STYLE_RE = re.compile(
    r"(?<![qQ])([oO])([àáảãạÀÁẢÃẠ])(?=$|[^a-zA-Zà-ỹÀ-Ỹđ])"
    r"|(?<![qQ])([oO])([èéẻẽẹÈÉẺẼẸ])(?=$|[^a-zA-Zà-ỹÀ-Ỹđ])"
    r"|(?<![qQ])([uU])([ỳýỷỹỵỲÝỶỸỴ])(?=$|[^a-zA-Zà-ỹÀ-Ỹđ])"
)

# what every match of _OLD_STYLE_RE starts with: o / u and a toned a, e / y
_OLD_STYLE_HINT = re.compile(r"[oOuU][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ]")

_WORD_CHARS = "a-zA-Zàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ" \
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"


def _move_tone_back(m: re.Match[str]) -> str:
    """``oà`` → ``òa``: put the tone of the second vowel on the first one."""
    groups = [g for g in m.groups() if g is not None]
    first, second = groups
    nfd = unicodedata.normalize("NFD", second)
    base, marks = nfd[0], nfd[1:]
    tone = "".join(ch for ch in marks if ch in _TONES)
    rest = "".join(ch for ch in marks if ch not in _TONES)
    return unicodedata.normalize("NFC", first + tone) + unicodedata.normalize("NFC", base + rest)


def to_nfc(text: str) -> str:
    """NFC-normalise ``text`` and move tone marks to the traditional position (``hoà`` → ``hòa``).

    Idempotent; leaves anything that is not an open ``oa``/``oe``/``uy`` syllable alone.
    """
    text = unicodedata.normalize("NFC", text)
    if not text or not _OLD_STYLE_HINT.search(text):
        return text  # (the usual case; the hint is a plain two-letter test, several times cheaper)
    return _OLD_STYLE_RE.sub(_move_tone_back, text)


_STRIP_TABLE: dict[int, str] = {}


def _build_strip_table() -> None:
    letters = _WORD_CHARS.replace("a-zA-Z", "")
    for ch in letters:
        base = unicodedata.normalize("NFD", ch)[0]
        _STRIP_TABLE[ord(ch)] = base
    _STRIP_TABLE[ord("đ")] = "d"
    _STRIP_TABLE[ord("Đ")] = "D"
    # latin-1 letters an English OCR model produces
    for ch in "äëïöüÿçñåæøœ":
        base = unicodedata.normalize("NFD", ch)[0]
        if base.isascii():
            _STRIP_TABLE[ord(ch)] = base


_build_strip_table()


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics and map ``đ`` → ``d`` (case kept)."""
    return text.translate(_STRIP_TABLE)


def strip_tone(token: str) -> str:
    """``token`` without its tone mark, vowel letters kept (``thẩm`` -> ``thâm``, ``đổi`` -> ``đôi``)."""
    return unicodedata.normalize("NFC", "".join(ch for ch in unicodedata.normalize("NFD", token) if ch not in _TONES))


def syllable_key(token: str) -> str:
    """Lower-cased, diacritics-free form used to index the lexicon."""
    return strip_diacritics(token.lower())


# characters an English OCR model never produces: proof the text is real Vietnamese
VI_SPECIFIC = frozenset(
    "ảãạăằắẳẵặầấẩẫậẻẽẹềếểễệỉĩịỏọồốổỗộơờớởỡợủũụưừứửữựỳỷỹỵđ"
    "ẢÃẠĂẰẮẲẴẶẦẤẨẪẬẺẼẸỀẾỂỄỆỈĨỊỎỌỒỐỔỖỘƠỜỚỞỠỢỦŨỤƯỪỨỬỮỰỲỶỸỴĐ"
)


def has_vi_specific(token: str) -> bool:
    return any(ch in VI_SPECIFIC for ch in token)


_SYLLABLE_RE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(uye|uya|uyu|oai|oay|oeo|uay|uoi|uou|ieu|yeu|[aeiouy]{1,2})"
    r"(ch|ng|nh|[cmnpt])?$"
)


def caps_run_together(word: str) -> bool:
    """Whether a word reads as words OCR ran together ('TĨHPNDxã' for 'TT HĐND xã'): two capitals or more with a
    small letter after its second capital; a name in title case ('Đảng', 'Sở'), plain capitals ('UBND') or small
    letters are not."""
    caps = [i for i, c in enumerate(word) if c.isupper()]
    return len(caps) >= 2 and any(c.islower() for c in word[caps[1] :])


def is_vietnamese_syllable(word: str) -> bool:
    """Rough phonotactic check of a lower-case word (at most one tone mark, Vietnamese shape)."""
    nfd = unicodedata.normalize("NFD", word)
    if sum(1 for ch in nfd if ch in _TONES) > 1:
        return False
    return bool(_SYLLABLE_RE.match(syllable_key(word)))


def tone_of(syllable: str) -> str:
    """The tone mark of a syllable ('' for the level tone): 'grave', 'acute', 'hook', 'tilde' or 'dot'."""
    for ch in unicodedata.normalize("NFD", syllable):
        t = _TONES.get(ch)
        if t is not None:
            return t
    return ""


@lru_cache(maxsize=16384)
def case_pattern(token: str) -> str:
    """'upper', 'title' or 'lower' from the letters of ``token`` (OCR-noise tolerant).  Memoised (bounded):
    restoration asks it for every restored word, and documents repeat their words."""
    letters = [ch for ch in token if ch.isalpha()]
    if not letters:
        return "lower"
    up = sum(1 for ch in letters if ch.isupper())
    if len(letters) >= 2 and up * 3 >= len(letters) * 2:
        return "upper"
    if letters[0].isupper() or (not token[0].isalpha() and token[0] in "P8B" and up >= 1):
        return "title"
    if token[0].isupper():
        return "title"
    return "lower"


def apply_case(word: str, pattern: str) -> str:
    if pattern == "upper":
        return word.upper()
    if pattern == "title":
        return word[:1].upper() + word[1:]
    return word


# ---------------------------------------------------------------------------------------------------
# search-key folding and small text helpers (used by extract's rules)

# OCR look-alikes fold to the letter they stand for ('¢' for 'c', '|' for 'i')
_FOLD_SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "¢": "c", "|": "i", "ł": "l"}


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in _FOLD_SPECIAL:
        return _FOLD_SPECIAL[c]
    base = unicodedata.normalize("NFD", c)[0].lower()
    return base if len(base) == 1 else c


def nfc(s: str) -> str:
    """Plain NFC (tone marks left where they are; :func:`to_nfc` also moves them)."""
    return unicodedata.normalize("NFC", s)


def fold(s: str) -> str:
    """Diacritics-stripped, lower-cased copy of ``s`` with the SAME length (offsets map 1:1).

    ``s`` must be NFC (each character folds to exactly one character).
    """
    return "".join(_fold_char(c) for c in s)


def strip_tags(s: str) -> str:
    return re.sub(r"<[^>]*>", " ", s)


def clean_space(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(nfc(s))).strip("-")


_TOKEN_SPAN_RE = re.compile(r"\d+(?:[.,]\d+)*|\w+|[^\w\s]", re.UNICODE)


def token_spans(s: str) -> list[tuple[str, int, int]]:
    """Tokens (text, start, end) of ``s``; numbers, words and single punctuation marks."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_SPAN_RE.finditer(s)]


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_to_int(s: str) -> int | None:
    s = s.upper()
    if not s or any(c not in _ROMAN for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN[c]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total if 0 < total < 40 else None


def title_case_vi(s: str) -> str:
    """'THẠNH PHÚ' -> 'Thạnh Phú', 'LÂM VIÊN-ĐÀ LẠT' -> 'Lâm Viên-Đà Lạt' (NFC preserved)."""
    return " ".join("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")) for w in s.split())
