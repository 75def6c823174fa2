"""Which kind of text a document is (native, stripped, English-model OCR), and legacy-encoding conversion."""

from __future__ import annotations

import math
import re
from collections.abc import Container
from dataclasses import astuple, dataclass, fields

from .config import DEFAULT_CONFIG, RestoreConfig
from .text import VI_SPECIFIC, is_vietnamese_syllable, syllable_key, to_nfc

_LATIN1_MARKS = frozenset("àáâãèéêìíòóôõùúýäëïöü")
_OCR_SYMBOLS = re.compile(r"[0-9&§¢@£€]")
_CODE_LIKE = re.compile(r"^(?:[A-Z]{1,3}\d{1,3}|\d{1,2}[A-Z]{1,2}|(?:mm|cm|dm|km|m)[23])$")  # A1, B2; 4G, 5G, 3D; cm3


def detect_mode(words: list[str], cfg: RestoreConfig = DEFAULT_CONFIG) -> str:
    """'native' (real Vietnamese with diacritics), 'stripped' (no diacritics) or 'ocr' (English-model OCR).

    English-model OCR shows in about a fifth of the words (``nhiém``, ``x4``, ``ctia``); a few codes with
    digits in diacritics-free text (``hạng A1``, ``cm3``) must not switch a whole document to OCR mode,
    whose cheaper rewrites would then touch every clean syllable, so the noisy words must reach a share.
    """
    if not words:
        return "stripped"
    vi_disjoint = VI_SPECIFIC.isdisjoint
    vi = sum(1 for w in words if not vi_disjoint(w))
    if vi >= max(1, 0.12 * len(words)):
        return "native"
    marks_disjoint = _LATIN1_MARKS.isdisjoint
    noisy = sum(1 for w in words
                if not marks_disjoint(w.lower()) or (_OCR_SYMBOLS.search(w) and not _CODE_LIKE.match(w)))
    if noisy == 0 or noisy < cfg.ocr_min_noisy_share * len(words):
        return "stripped"
    return "ocr"


def native_change_cost(words: list[str], cfg: RestoreConfig = DEFAULT_CONFIG, lexicon: Container[str] | None = None,
                       keys: Container[str] = ()) -> float:
    """Cost of reading a plain-letter lexicon word of native text as another word, from the document.

    Clean Vietnamese writes about 13% of its (not all-capital) words with plain letters only (``ban``,
    ``theo``); text where marks were lost on some words (typed without them, or OCR) has more.  With s the
    document's plain share, shrunk towards the clean share by ``ascii_prior_words`` pseudo-words so that a
    short line says little, q = (s - cfg.clean_ascii_share) / s estimates how many of its plain words lost their
    marks, and reading one as another word costs -log q (at most ``native_change_cost``).

    ``lexicon`` / ``keys`` (the model's words and diacritics-free keys): q is also bounded by the plain words
    that look as if they lost their marks (:func:`plain_lost_count`).  A clean document that repeats its own
    plain words (a film law's ``phim``, a tourism plan's ``du lịch``) has a high plain share but no such word.
    """
    plain, ascii_words = _plain_words(words)
    lost = plain_lost_count(ascii_words, lexicon, keys) if lexicon is not None else None
    return _change_cost(len(plain), len(ascii_words), lost, cfg)


def _plain_words(words: list[str]) -> tuple[list[str], list[str]]:
    """The letters-only words not all in capitals, and those of them in plain letters only."""
    plain = [w for w in words if w.isalpha() and not w.isupper()]
    return plain, [w for w in plain if w.isascii()]


def plain_lost_count(ascii_words: list[str], lexicon: Container[str], keys: Container[str]) -> int:
    """Plain-letter words that spell no lexicon word as written but a lexicon word's letters (``nguoi``,
    ``duoc``, ``cac``): what a word that lost its marks leaves.  Clean text has next to none (the development
    documents and the held-out laws: 0 to 8 in thousands of plain words, rare words such as ``mi`` of ``sơ mi``);
    text with some words stripped, about half of those words."""
    n = 0
    for w in ascii_words:
        low = w.lower()
        if low not in lexicon and low in keys:  # a plain word is its own key
            n += 1
    return n


def _lost_share(n_ascii: int, lost: int, cfg: RestoreConfig) -> float:
    """Upper estimate of the share of plain words that lost their marks, from those that look so: at most
    ~1/lost_spelt_share times as many (1.0 with no plain words: no evidence)."""
    return (lost + cfg.lost_prior) / (cfg.lost_spelt_share * n_ascii + cfg.lost_prior)


def _change_cost(n_plain: int, n_ascii: int, lost: int | None, cfg: RestoreConfig) -> float:
    share = (n_ascii + cfg.ascii_prior_words * cfg.clean_ascii_share) / (n_plain + cfg.ascii_prior_words)
    q = (share - cfg.clean_ascii_share) / share
    if lost is not None:
        lost_q = _lost_share(n_ascii, lost, cfg)
        if -math.log(lost_q) >= cfg.clean_plain_min_change:  # only as strong evidence (:func:`plain_clean_of`)
            q = min(q, lost_q)
    if q <= math.exp(-cfg.native_change_cost):
        return cfg.native_change_cost
    return round(-math.log(q), 1)  # rounded: candidate lists are memoised per cost


def marked_counts(words: list[str], lexicon: Container[str], keys: Container[str]) -> tuple[int, frozenset[str]]:
    """(marked syllables, the misread-looking ones among them) of a text's words, for :func:`marked_change_extra`.

    Counted: lower-case words of two or more letters with a Vietnamese mark (names, capitals, the currency ``đ``
    and lone letters aside).  Misread-looking: no Vietnamese syllable (``tộithuộc``, ``rnở``), or a syllable the
    lexicon lacks whose letters spell a lexicon word with other marks (``đân`` for ``dân``, ``triên`` for
    ``triển``): what a mark confusion leaves.  A well-formed rare word whose letters spell no lexicon word
    (``siết``, ``tuất``) is no sign of one.  Distinct forms: a document's rare word recurs the same way, OCR's
    misreads scatter."""
    n = 0
    bad: set[str] = set()
    for w in words:
        if len(w) < 2 or w.isascii() or not w.islower() or not w.isalpha():
            continue
        n += 1
        if w not in lexicon and (not is_vietnamese_syllable(w) or syllable_key(w) in keys):
            bad.add(w)
    return n, frozenset(bad)


def marked_change_extra(words: list[str], lexicon: Container[str], keys: Container[str],
                        cfg: RestoreConfig = DEFAULT_CONFIG) -> float:
    """Native text: extra nats on reading a marked word with other marks, from how clean the document's marked
    words are (:func:`marked_counts`); 0 keeps the vie channel's cost (:attr:`RestoreConfig.vie_extra` included).

    The vie channel is learned from renders whose Tesseract ``vie`` text misreads ~4.7% of marked syllables and
    leaves ~1.3% misread-looking forms (``cfg.marked_render_bad``); its cost plus ``vie_extra`` assumes a
    document with e^-vie_extra of that rate.  Clean text has next to no misread-looking forms
    (``cfg.marked_clean_bad``; the development documents none at all).  The document's rate of misreads is
    estimated from its misread-looking forms beyond the clean rate, shrunk towards the assumed rate by
    ``cfg.marked_prior`` syllables, and the cost rises by -log of its ratio to the assumed rate (at most
    ``cfg.marked_extra_max``, and at most ``cfg.marked_extra_per_syllable`` per marked syllable): with no such form
    a clean page of ~200 marked syllables gets ~6 nats, a line of twenty 0.6, and a page that has even one
    keeps the channel's cost."""
    n, bad = marked_counts(words, lexicon, keys)
    return _marked_extra(n, len(bad), cfg)


def _marked_extra(n: int, k: int, cfg: RestoreConfig) -> float:
    if n == 0:
        return 0.0
    assumed = (cfg.marked_render_bad - cfg.marked_clean_bad) * math.exp(-cfg.vie_extra)  # misread-looking share
    excess = max(k - cfg.marked_clean_bad * n, 0.0)
    ratio = (excess / assumed + cfg.marked_prior) / (n + cfg.marked_prior)  # estimated rate / assumed rate
    if ratio >= 1.0:
        return 0.0
    # a short text's silence says little (a vie line of twenty marked syllables often has no misread-looking
    # form): the extra grows at most linearly with the marked syllables seen
    cap = min(cfg.marked_extra_max, cfg.marked_extra_per_syllable * n)
    return round(min(-math.log(ratio), cap), 1)  # rounded: a few distinct costs


@dataclass(frozen=True)
class WordStats:
    """The counts :func:`detect_mode` and :func:`native_change_cost` decide from; they add up over the parts
    of a text, so a text restored in parts (see :func:`normalize.restore.restore_text`) gets the whole's mode."""

    words: int = 0
    vi: int = 0  # words with a letter only Vietnamese has
    noisy: int = 0  # words with Latin-1 marks or OCR symbols (English-model OCR)
    plain: int = 0  # letters-only words not all in capitals
    plain_ascii: int = 0  # ... of which with plain letters only
    plain_lost: int = 0  # ... of which look as if they lost their marks (:func:`plain_lost_count`)
    lower_ascii: int = 0  # plain-letter words in lower case (no names): what :func:`plain_names_of` reads
    lower_lost: int = 0  # ... of which look as if they lost their marks
    marked: int = 0  # marked syllables (:func:`marked_counts`)
    marked_bad: frozenset[str] = frozenset()  # ... the misread-looking forms among them (distinct over the parts)

    def __reduce__(self) -> tuple[type, tuple]:
        # pickle and copy by the constructor: compiled by mypyc (normalize/aot.py), a frozen dataclass has no
        # setattr-based state to restore
        return type(self), tuple(getattr(self, f.name) for f in fields(self))

    def __add__(self, other: WordStats) -> WordStats:
        *counts, bad = (a + b for a, b in zip(astuple(self)[:-1], astuple(other)[:-1], strict=True))
        return WordStats(*counts, bad, self.marked_bad | other.marked_bad)  # type: ignore[call-arg]

    @classmethod
    def of(cls, words: list[str], lexicon: Container[str] = (), keys: Container[str] = ()) -> WordStats:
        vi_disjoint, marks_disjoint = VI_SPECIFIC.isdisjoint, _LATIN1_MARKS.isdisjoint
        plain, ascii_words = _plain_words(words)
        n_marked, bad = marked_counts(words, lexicon, keys) if lexicon else (0, frozenset())
        lower = [w for w in ascii_words if w.islower()]
        return cls(len(words), sum(1 for w in words if not vi_disjoint(w)),
                   sum(1 for w in words if not marks_disjoint(w.lower())
                       or (_OCR_SYMBOLS.search(w) and not _CODE_LIKE.match(w))),
                   len(plain), len(ascii_words), plain_lost_count(ascii_words, lexicon, keys) if lexicon else 0,
                   len(lower), plain_lost_count(lower, lexicon, keys) if lexicon else 0, n_marked, bad)

    @classmethod
    def of_plain(cls, words: list[str], lexicon: Container[str], keys: Container[str]) -> WordStats:
        """Only the lower-case plain-letter words' counts (what :func:`plain_names_of` reads)."""
        lower = [w for w in words if w.isascii() and w.isalpha() and w.islower()]
        return cls(lower_ascii=len(lower), lower_lost=plain_lost_count(lower, lexicon, keys))

    @classmethod
    def of_native(cls, words: list[str], lexicon: Container[str], keys: Container[str]) -> WordStats:
        """Only the counts native text's costs read (plain, marked words), not those :func:`detect_mode` has read."""
        plain, ascii_words = _plain_words(words)
        n_marked, bad = marked_counts(words, lexicon, keys)
        lower = [w for w in ascii_words if w.islower()]
        return cls(plain=len(plain), plain_ascii=len(ascii_words),
                   plain_lost=plain_lost_count(ascii_words, lexicon, keys), lower_ascii=len(lower),
                   lower_lost=plain_lost_count(lower, lexicon, keys), marked=n_marked, marked_bad=bad)


def mode_of(st: WordStats, cfg: RestoreConfig = DEFAULT_CONFIG) -> str:
    """:func:`detect_mode` from the counts."""
    if not st.words:
        return "stripped"
    if st.vi >= max(1, 0.12 * st.words):
        return "native"
    if st.noisy == 0 or st.noisy < cfg.ocr_min_noisy_share * st.words:
        return "stripped"
    return "ocr"


def marked_extra_of(st: WordStats, cfg: RestoreConfig = DEFAULT_CONFIG) -> float:
    """:func:`marked_change_extra` from the counts."""
    return _marked_extra(st.marked, len(st.marked_bad), cfg)


def change_cost_of(st: WordStats, cfg: RestoreConfig = DEFAULT_CONFIG, bounded: bool = False) -> float:
    """:func:`native_change_cost` from the counts (``bounded``: with the lexicon, counted by :meth:`WordStats.of`)."""
    return _change_cost(st.plain, st.plain_ascii, st.plain_lost if bounded else None, cfg)


def plain_clean_of(st: WordStats, cfg: RestoreConfig = DEFAULT_CONFIG) -> bool:
    """Whether the document's own plain-letter words show it lost no marks: enough of them (counted with the
    lexicon by :meth:`WordStats.of`) and hardly any that look as if they lost their marks, so that their upper
    estimate of the loss costs ``clean_plain_min_change`` nats or more (about 19 plain words without one).  The
    share of plain words alone says nothing of a short line: it is shrunk towards clean text."""
    return -math.log(_lost_share(st.plain_ascii, st.plain_lost, cfg)) >= cfg.clean_plain_min_change


def plain_names_of(st: WordStats, cfg: RestoreConfig = DEFAULT_CONFIG) -> int:
    """How far the document's lower-case plain-letter words say its plain words are written so (capitalised words
    are not counted: a name's plain word the law lexicon lacks, 'Nga' of 'xã Nga Sơn', looks lost):

    * 0: more than ``cfg.name_lost_share`` of them look as if they lost their marks (:func:`plain_lost_count`);
    * 1: no more (a short line without any passes): a plain word in a name that has a marked word is kept as
      written (the name's marked word is the rest of the evidence);
    * 2: also enough of them to bound the loss as :func:`plain_clean_of` does (``clean_plain_min_change``, about
      19 without a lost-looking one): a plain word in title case in a name's place (after a word) is kept too
      ('phường Sa Pa', 'xã Giang'), on a page the pipeline OCR'd as on a typed one."""
    if st.lower_lost > cfg.name_lost_share * st.lower_ascii:
        return 0
    return 2 if -math.log(_lost_share(st.lower_ascii, st.lower_lost, cfg)) >= cfg.clean_plain_min_change else 1


_LEGACY_HINT = re.compile(r"[\xa1-\xfe]")  # Latin-1 letters/symbols: TCVN3 and VNI bytes read as cp1252
_LEGACY_MIN_HITS = 2


def legacy_convert(text: str) -> tuple[str, str]:
    """``(to_nfc(text), 'unicode')`` or the TCVN3 / VNI conversion when the text is legacy mojibake.

    Cheap pre-check: detection only runs when the text holds at least two Latin-1 characters, so ASCII
    (diacritics-stripped) text costs one regex scan; English-OCR text (``nhiém``) is checked and kept.
    """
    if len(_LEGACY_HINT.findall(text, 0, 20000)) < _LEGACY_MIN_HITS:
        return to_nfc(text), "unicode"
    from .legacy import detect_and_convert

    return detect_and_convert(text)

