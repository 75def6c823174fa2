"""What restoration returns: the text and one record per token."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class TokenRecord:
    """One restored token: ``raw`` is ``text[start:end]`` of the (NFC) input."""

    raw: str
    restored: str
    confidence: float
    start: int
    end: int
    kind: str = "word"  # word | num | code | url | other


@dataclass
class Restored:
    text: str
    tokens: list[TokenRecord] = field(default_factory=list)
    confidence: float = 1.0
    encoding: str = "unicode"  # legacy encoding the input was converted from: unicode | tcvn3 | vni
