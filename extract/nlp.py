"""spaCy pipeline (blank Vietnamese, no pyvi, no downloads) and the rule matchers built from pattern files."""

from __future__ import annotations

from functools import cache, lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from extract.patterns import load_jsonl
from normalize.text import fold, token_spans


@lru_cache(maxsize=1)
def blank_vi() -> Language:
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


@cache
def matcher_from(name: str) -> Matcher:
    m = Matcher(blank_vi().vocab)
    for i, row in enumerate(load_jsonl(name)):
        m.add(row["label"], [row["pattern"]], greedy=None)
        del i
    return m


def folded_doc(text: str) -> tuple[Doc, list[tuple[str, int, int]]]:
    """spaCy Doc over the folded text's tokens; token i spans text[toks[i][1]:toks[i][2]]."""
    toks = token_spans(fold(text))
    return Doc(blank_vi().vocab, words=[t for t, _, _ in toks]), toks
