"""The restorer's tuned values, in one frozen object passed in (not module globals).

``DEFAULT_CONFIG`` is what :func:`normalize.restore.restore_text` uses; an experiment or a test passes
``dataclasses.replace(DEFAULT_CONFIG, cache_weight=0.0)``.  Costs are in nats (-log P).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


def _number_as_word() -> Mapping[str, str]:
    return MappingProxyType({"13": "là", "14": "là", "1a": "là"})


@dataclass(frozen=True)
class RestoreConfig:
    # ---- decoding (beam Viterbi)
    beam: int = 10
    beam_gap: float = 12.0  # hypotheses this far (nats) behind the best are dropped
    # ---- candidates
    top_k: int = 10
    top_k_ocr: int = 16  # OCR-eng tokens: more rewrite candidates are plausible
    cost_gap: float = 6.0  # candidates whose channel cost is this much above the cheapest are dropped
    max_rule_cost: float = 7.0
    stripped_rule_extra: float = 3.0  # text without any diacritics: OCR rewrites are much less likely
    dd_mismatch: float = 2.5  # P/B read for Đ: candidates with a plain 'd' cost this much more
    keep_raw_same_key: float = 6.0
    keep_raw_ocr: float = 2.0  # OCR-eng text: an unknown token with a rewrite candidate is more likely an OCR error
    edit1_cost: float = 5.0  # unknown OCR token -> syllable one edit away (when no rule explains it)
    rewrite_edit: bool = True  # unknown OCR tokens: also one edit after one cheap rewrite ('chire' -> 'chue' -> 'chức')
    rewrite_edit_max: float = 3.0
    symbol_diac_weight: float = 1.0
    mark_noise_cost: float = 0.5  # quotes / braces an English OCR model writes inside a syllable ('thu'c')
    # English-model OCR drops a vowel under stacked marks and leaves the onset ('can b' for 'cán bộ', 's' for
    # 'số'); the learned token map has this for the onsets the renders showed (t, s, tr: 1.5-4.7 nats), this
    # backs it off to every onset at about the dear end of that range
    lost_vowel_cost: float | None = 4.5
    lost_vowel_top: int = 12
    # ---- native text (typed with marks, or Tesseract vie OCR)
    native_change_cost: float = 7.0
    clean_ascii_share: float = 0.15  # plain-letter share of words in clean Vietnamese (corpus: 12.5%; a margin above)
    ascii_prior_words: int = 50
    # ... and bounded by the document's plain-letter words that spell no lexicon word as written but a lexicon
    # word's letters ('nguoi', 'duoc': what losing its marks leaves, normalize.mode.plain_lost_count): at least
    # this share of the words that lost their marks look so (development documents stripped: 54%, held-out
    # laws: ~65%; a margin below), and a prior of this many such words (no plain words: no bound)
    lost_spelt_share: float = 0.5
    lost_prior: float = 0.5
    # native text whose plain-letter words show no lost marks (change cost at least this) and whose marked words
    # no misreads (normalize.mode.marked_change_extra > 0): a plain-letter word in a name's place (a capital after a
    # word, a word in capitals) is kept as written ('Sa Pa', 'Y Tý'), reading a plain-letter token by an OCR
    # rewrite costs at least the document's change cost, and keeping one the lexicon lacks costs nothing
    # (normalize.restorer.Restorer.plain_kept)
    clean_plain_min_change: float = 3.0
    # native text (typed, or read by Tesseract vie) whose plain-letter words show few lost marks (at most this
    # share of them look as if they lost their marks: clean text has next to none, text with 30% of its words
    # stripped ~40%): a plain-letter word in title case inside a run of capitalised words that has a marked word
    # ('phường Ba Đình', 'Chư Yang Sin', 'Hồ An Phong') is kept as written; the run was typed or read with its
    # marks (normalize.markers.plain_in_marked_names)
    name_lost_share: float = 0.1
    # native text: document codes ('12/HD-UBND', '05/NP-VP') and abbreviations ('DU' of 'DU LỊCH') stay as written
    # (a low confidence where the corpus spells them otherwise) rather than take the corpus's spelling or a
    # P/B-for-Đ rewrite (normalize.decode.build_lattice)
    native_codes_as_written: bool = True
    native_tone_cost: float | None = 10.0  # model without a vie channel: another tone mark, fixed cost
    # ASCII words that clean Vietnamese text has as they are: never re-accented in native text
    native_keep: frozenset[str] = frozenset()
    native_keep_unknown: bool = True  # a well-formed syllable missing from the lexicon is kept as it is
    # other marks on the same letters at the learned vie channel's cost
    vie_channel: bool = True
    vie_weight: float = 1.0
    vie_extra: float = 2.0  # nats on every change: the renders are noisier than most real pages
    vie_max_cost: float = 12.0  # readings the vie channel explains worse than this are not offered
    vie_unseen_cost: float = 9.0  # a tone / letter the channel has no table for
    # the document's own rate of mark misreads (normalize.mode.marked_change_extra): distinct misread-looking
    # forms per marked syllable in clean text (development documents: 0 of 17,338; a margin above) and in the
    # channel's Tesseract vie renders (training split: 202 of 15,153), the prior's weight in syllables, the caps
    marked_clean_bad: float = 0.0005
    marked_render_bad: float = 0.0133
    marked_prior: float = 0.5
    marked_extra_max: float = 12.0
    marked_extra_per_syllable: float = 0.1  # ... and at most this per marked syllable seen (a line says little)
    # ---- numbers in OCR text
    # a short number OCR made of 'là' in a figure-free context ('13', '14', '1a'), and its cost
    number_as_word: Mapping[str, str] = field(default_factory=_number_as_word, hash=False)
    number_as_word_cost: float = 3.5
    number_token_extra: float = 3.0  # short OCR numbers as syllables from the learned token map ('6' -> 'ở')
    number_as_letter_ok: frozenset[str] = frozenset({"ở", "ô", "ồ", "ổ", "ơ", "ờ"})  # one-letter syllables a digit may be
    # ---- confidence
    keep_raw_conf: float = 0.1
    guess_cost: float = 4.0  # a candidate this dear (P(raw | syllable) < 2%) is a guess from the context ...
    guess_conf: float = 0.5  # ... and its confidence is capped here
    # ---- document cache (second pass)
    cache_weight: float = 0.5  # weight of log share among the document's confident choices
    cache_conf: float = 0.9
    cache_min: int = 3
    cache_window: int = 2
    cache_ctx_min: int = 2  # confident choices of a key next to the same neighbouring key that make a context count
    cache_ctx_weight: float = 1.0
    cache_skip_margin: float = 2.0  # a hot token is re-decoded unless its first-pass odds beat the bonus swing by this
    cache_name_weight: float = 1.5  # capitalised words: the majority spelling of the document's mid-sentence capitals
    cache_name_conf: float = 0.5
    cache_name_min: int = 2
    # ---- segmentation (OCR text)
    merge_cost: float = 2.0  # reading two OCR pieces as one syllable (split at a diacritic): extra channel cost
    merge_max_channel: float = 5.0  # merged candidates must be this well explained by the concatenation
    merge_max_conf: float = 0.9
    merge_needs_fragment: bool = False
    # two syllables read without the space between them ('Coquan', 'Noivu', 'thuchién', mostly in table cells)
    # may be split; the decoder weighs that against reading the token as one (garbled) word (None: never)
    split_cost: float | None = 1.0
    split_keep_extra: float = 3.0  # ... and keeping such a token as written costs this much more than other unknowns
    split_min_len: int = 4
    # ---- memory: per-token memos of the candidate generator, entries at most (~0.5 kB a candidate list,
    # ~2.5 kB a rewrite set; a document has a few thousand distinct tokens)
    candidate_cache_max: int = 100_000
    rewrite_cache_max: int = 20_000
    # ---- memory: a text longer than stream_chars is restored in parts of at most stream_part_chars, cut at
    # blank lines (else at line ends), one after another; its mode is the whole text's, its document cache
    # each part's (a part holds thousands of words: plenty for the cache's counts).  Memory then follows the
    # part, not the text (the result's records aside)
    stream_chars: int = 250_000
    stream_part_chars: int = 100_000
    # ---- place names, mode detection
    name_fit_cost: float = 5.0  # a token may read as a place name's syllable it has this cheap a candidate for
    ocr_min_noisy_share: float = 0.02  # English-OCR text: ~20-24% of words; diacritics-free laws with codes: < 0.01%


DEFAULT_CONFIG = RestoreConfig()
