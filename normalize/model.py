"""The committed restoration model: syllable lexicon, n-gram LM and OCR channel.

Files under ``normalize/model/`` (no pickles):

* ``lexicon.json.gz`` – vocabulary (index = LM id), unigram counts, abbreviation table, meta
* ``lm.npz``          – interpolated modified Kneser-Ney trigram LM: n-gram keys (int64, ``(a*V+b)*V+c``),
  log-probs and per-context backoff weights (float16)
* ``channel.json.gz`` – OCR channel: character confusion table, substring rewrite rules and a token map
* ``channel_vie.json.gz`` – Tesseract ``vie`` channel: tone and letter (hat, horn, breve, đ) confusion costs

The model is loaded once per process (:func:`get_model`).
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import threading
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .text import syllable_key

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent / "model"

SPECIALS = ["<s>", "</s>", "<unk>", "<num>", "<code>", ","]
BOS, EOS, UNK, NUM, CODE, COMMA = range(6)
UNK_LOGP = -14.0


@dataclass
class Channel:
    # P(observed char | intended char) as costs (-log); missing pairs use defaults in restore.py
    char_cost: dict[str, dict[str, float]] = field(default_factory=dict)
    # substring rewrite rules on diacritics-free keys: observed -> [(intended, cost)]
    rules: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    # whole-token map: observed (lower) -> [(intended syllable, cost)]
    token_map: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    # digits / symbols read for a vowel: observed char -> {intended letter with diacritics: cost relative to the
    # likeliest} ('4' -> 'ã' 0, 'a' 2.1 ...): which accented vowel a rewrite like 4 -> a stood for
    symbol_diac: dict[str, dict[str, float]] = field(default_factory=dict)
    # Tesseract vie (native-Vietnamese OCR): {"tone": {intended tone: {observed tone: cost}}, "letter":
    # {intended letter: {observed letter: cost}}}, costs relative to reading it right ('*': unseen)
    vie: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)


class Model:
    def __init__(self, vocab: list[str], unigram: np.ndarray, lm: dict[str, np.ndarray],
                 abbreviations: dict[str, str], channel: Channel, meta: dict) -> None:
        self.vocab = vocab
        self.V = len(vocab)
        self.ids = {w: i for i, w in enumerate(vocab)}
        uni = lm["unigram_logp"].astype(np.float64)
        uni[UNK] = UNK_LOGP
        self.uni: list[float] = uni.tolist()
        self.counts: list[int] = unigram.astype(np.int64).tolist()
        self.bi: dict[int, float] = dict(zip(lm["bigram_keys"].tolist(), lm["bigram_logp"].astype(np.float32).tolist(), strict=True))
        self.bo2: list[float] = lm["bigram_bo"].astype(np.float64).tolist()
        self.tri: dict[int, float] = dict(zip(lm["trigram_keys"].tolist(), lm["trigram_logp"].astype(np.float32).tolist(), strict=True))
        self.bo3: dict[int, float] = dict(zip(lm["trictx_keys"].tolist(), lm["trictx_bo"].astype(np.float32).tolist(), strict=True))
        self.abbreviations = abbreviations  # observed form -> canonical (e.g. HDND -> HĐND)
        self.channel = channel
        self.meta = meta
        index: dict[str, list[int]] = defaultdict(list)
        for i, w in enumerate(vocab):
            if i < len(SPECIALS) or not w.isalpha():
                continue
            index[syllable_key(w)].append(i)
        for k in index:
            index[k].sort(key=lambda i: -self.counts[i])
        self.index: dict[str, list[int]] = dict(index)

    def logp(self, a: int, b: int, c: int) -> float:
        """Interpolated (modified Kneser-Ney) log P(c | a b): the trigram if stored, else the context's
        back-off weight plus the bigram (or the bigram back-off plus the unigram)."""
        if c == UNK:
            return UNK_LOGP
        V = self.V
        ab = a * V + b
        t = self.tri.get(ab * V + c)
        if t is not None:
            return t
        t = self.stored_bigram(b, c)
        if t is None:
            t = self.bo2[b] + self.uni[c]
        return self.bo3.get(ab, 0.0) + t

    def stored_bigram(self, b: int, c: int) -> float | None:
        """log P(c | b) when the model stores the pair, else None (the corpus never showed it)."""
        return self.bi.get(b * self.V + c)


_LM_DTYPES = {"unigram_logp": np.float32, "bigram_keys": np.int64, "bigram_logp": np.float16,
              "bigram_bo": np.float16, "trigram_keys": np.int64, "trigram_logp": np.float16,
              "trictx_keys": np.int64, "trictx_bo": np.float16}


def save_model(out_dir: Path, vocab: list[str], unigram: np.ndarray, lm: dict[str, np.ndarray],
               abbreviations: dict[str, str], channel: Channel, meta: dict) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    lex = {"vocab": vocab, "unigram": unigram.astype(int).tolist(), "abbreviations": abbreviations, "meta": meta}
    _write_json_gz(out_dir / "lexicon.json.gz", lex)
    _write_npz(out_dir / "lm.npz", {k: np.asarray(lm[k]).astype(dt) for k, dt in _LM_DTYPES.items()})
    ch = {"char_cost": channel.char_cost, "rules": channel.rules, "token_map": channel.token_map,
          "symbol_diac": channel.symbol_diac}
    _write_json_gz(out_dir / "channel.json.gz", ch)
    # the vie channel in a file of its own: rebuilding it (low-resolution renders read with vie) leaves the
    # English-model channel's file as it was
    _write_json_gz(out_dir / "channel_vie.json.gz", channel.vie)


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """``np.savez_compressed`` with fixed zip timestamps, so rebuilding gives byte-identical files."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue())


def _write_json_gz(path: Path, obj: object) -> None:
    data = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    # mtime=0 so rebuilding gives byte-identical files
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as fh:
        fh.write(data)


def _read_json_gz(path: Path) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def load_channel(model_dir: Path) -> Channel:
    path = model_dir / "channel.json.gz"
    if not path.exists():
        return Channel()
    ch = _read_json_gz(path)
    return Channel(
        char_cost=ch.get("char_cost", {}),
        rules={k: [(a, float(b)) for a, b in v] for k, v in ch.get("rules", {}).items()},
        token_map={k: [(a, float(b)) for a, b in v] for k, v in ch.get("token_map", {}).items()},
        symbol_diac={k: {a: float(b) for a, b in v.items()} for k, v in ch.get("symbol_diac", {}).items()},
        vie=load_vie_channel(model_dir),
    )


def load_vie_channel(model_dir: Path) -> dict[str, dict[str, dict[str, float]]]:
    path = model_dir / "channel_vie.json.gz"
    if not path.exists():
        return {}
    return {t: {k: {a: float(b) for a, b in v.items()} for k, v in d.items()} for t, d in _read_json_gz(path).items()}


def load_model(model_dir: Path = MODEL_DIR) -> Model:
    lex = _read_json_gz(model_dir / "lexicon.json.gz")
    with np.load(model_dir / "lm.npz", allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    model = Model(lex["vocab"], np.asarray(lex["unigram"], dtype=np.float64), arrays,
                  lex.get("abbreviations", {}), load_channel(model_dir), lex.get("meta", {}))
    log.info("loaded restoration model: %d words, %d bigrams, %d trigrams", model.V, len(model.bi), len(model.tri))
    return model


_MODEL: Model | None = None
_LOCK = threading.Lock()


def get_model() -> Model:
    """The committed model, loaded on first use and cached for the process."""
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                _MODEL = load_model()
    return _MODEL


def reset_model_cache() -> None:
    global _MODEL
    _MODEL = None
