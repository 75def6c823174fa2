"""Vietnamese place names (general knowledge, not from any evaluation document).

The 63 provinces and centrally-run cities plus a few regions.  :func:`match_names` finds runs of
capitalised raw tokens whose diacritics-free keys spell one of these names (``Can Tho``, ``CAN THO``,
``Dong Thap``) so that restoration writes the name's own spelling instead of whatever the
lower-case LM prefers (``cần thơ`` is fine, but ``Hải Phòng`` / ``hài phong`` is a coin toss).
"""

from __future__ import annotations

from collections.abc import Callable

from .text import syllable_key

PROVINCES = [
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre", "Bình Dương",
    "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk",
    "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh",
    "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum",
    "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
    "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị",
    "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế",
    "Tiền Giang", "Hồ Chí Minh", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
]
REGIONS = ["Việt Nam", "Cửu Long", "Tây Nguyên", "Nam Bộ", "Bắc Bộ", "Trung Bộ", "Tây Bắc", "Đông Nam Bộ",
           "Đồng bằng sông Cửu Long", "Đồng bằng sông Hồng"]


def _build() -> dict[tuple[str, ...], list[str]]:
    table: dict[tuple[str, ...], list[str]] = {}
    seen: dict[tuple[str, ...], int] = {}
    for name in PROVINCES + REGIONS:
        parts = [p for p in name.split() if p != "-"]
        key = tuple(syllable_key(p) for p in parts)
        seen[key] = seen.get(key, 0) + 1
        table[key] = parts
    return {k: v for k, v in table.items() if seen[k] == 1}  # ambiguous keys are left to the LM


NAMES = _build()
MAX_LEN = max(len(k) for k in NAMES)
_BY_LEN: dict[int, list[list[str]]] = {}
for _parts in NAMES.values():
    _BY_LEN.setdefault(len(_parts), []).append(_parts)


def match_names(words: list[tuple[int, str]], fits: Callable[[str, str], bool] | None = None) -> dict[int, str]:
    """``words``: (piece index, raw text) of consecutive word pieces of one line, only spaces between.

    Returns {piece index: restored spelling} for runs that spell a place name, its first token
    capitalised (``Can Tho``, ``CAN THO``; inner words of regions may be lower case as in the name).
    ``fits(raw, syllable)``, if given, says whether a raw token may be an OCR reading of a name's syllable:
    then a run also matches when at least one token spells its syllable and all others fit (``Cén Tho``,
    ``Pong Thap``), provided exactly one name matches so.
    """
    out: dict[int, str] = {}
    i = 0
    n = len(words)
    keys: list[str] | None = None
    while i < n:
        hit = 0
        if not words[i][1][:1].isupper():
            i += 1
            continue
        if keys is None:
            keys = [syllable_key(t) for _, t in words]
        for L in range(min(MAX_LEN, n - i), 1, -1):
            run = words[i:i + L]
            parts = NAMES.get(tuple(keys[i:i + L]))
            if parts is None and fits is not None:
                found = [ps for ps in _BY_LEN.get(L, ())
                         if any(syllable_key(p) == k for p, k in zip(ps, keys[i:i + L], strict=True))
                         and all(syllable_key(p) == k or fits(t, p)
                                 for p, k, (_, t) in zip(ps, keys[i:i + L], run, strict=True))]
                parts = found[0] if len(found) == 1 else None
            if parts is None:
                continue
            if any(p[:1].isupper() and not t[:1].isupper() for p, (_, t) in zip(parts, run, strict=True)):
                continue
            upper = all(t.isupper() for _, t in run)
            for p, (pi, _) in zip(parts, run, strict=True):
                out[pi] = p.upper() if upper else p
            hit = L
            break
        i += hit or 1
    return out
