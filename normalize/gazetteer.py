"""Vietnamese place names (general knowledge, not from any evaluation document).

The 63 provinces and centrally-run cities (before the 2025 merger) plus a few regions, and the 3,321
communes, wards and special zones of the 2025 two-tier system (from the ``vietnam-provinces`` package).
:func:`match_names` finds runs of capitalised raw tokens whose diacritics-free keys spell one of these
names (``Can Tho``, ``CAN THO``, ``Dong Thap``; a commune or ward only right after ``xã`` / ``phường`` /
``đặc khu``: ``xa Dai Ngai``) so that restoration writes the name's own spelling instead of whatever the
lower-case LM prefers (``cần thơ`` is fine, but ``Hải Phòng`` / ``hài phong`` is a coin toss).
"""

from __future__ import annotations

from collections.abc import Callable

from vietnam_provinces import Ward

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


_UNIT_PREFIXES = ("Xã ", "Phường ", "Đặc khu ")
# the word before a commune / ward name, as written and as English-model OCR writes 'xã'; how to spell it
UNIT_WORDS = {"xa": "xã", "x4": "xã", "x3": "xã", "x&": "xã", "x8": "xã", "phuong": "phường", "khu": "khu"}


def _build(names: list[str]) -> dict[tuple[str, ...], list[str]]:
    table: dict[tuple[str, ...], list[str]] = {}
    spellings: dict[tuple[str, ...], set[str]] = {}
    for name in names:
        parts = [p for p in name.split() if p != "-"]
        key = tuple(syllable_key(p) for p in parts)
        spellings.setdefault(key, set()).add(" ".join(parts))
        table[key] = parts
    return {k: v for k, v in table.items() if len(spellings[k]) == 1}  # ambiguous keys are left to the LM


def _unit_names() -> list[str]:
    """Commune / ward names without their 'Xã' / 'Phường' (one name may be a commune in several provinces)."""
    out = []
    for w in Ward.iter_all():
        name = w.name
        for pre in _UNIT_PREFIXES:
            if name.startswith(pre):
                name = name[len(pre):]
                break
        if len(name.split()) >= 2 and not name[0].isdigit():  # 'Phường 1' and one-word names: too loose
            out.append(name)
    return out


NAMES = _build(PROVINCES + REGIONS)
UNITS = _build(_unit_names())
MAX_LEN = max(len(k) for k in (*NAMES, *UNITS))


def _by_part(table: dict[tuple[str, ...], list[str]]) -> dict[tuple[int, int, str], list[tuple[tuple[str, ...], list[str]]]]:
    """(length, position, syllable key) -> the names with that key at that position (for OCR-tolerant lookups)."""
    out: dict[tuple[int, int, str], list[tuple[tuple[str, ...], list[str]]]] = {}
    for key, parts in table.items():
        for j, k in enumerate(key):
            out.setdefault((len(key), j, k), []).append((key, parts))
    return out


_BY_PART = _by_part(NAMES)
_NAME_KEYS = frozenset(k for key in NAMES for k in key)  # every syllable key of a province / region name
_UNITS_BY_PART = _by_part(UNITS)


def match_names(words: list[tuple[int, str]], fits: Callable[[str, str], bool] | None = None,
                units: bool = True) -> dict[int, str]:
    """``words``: (piece index, raw text) of consecutive word pieces of one line, only spaces between.

    Returns {piece index: restored spelling} for runs that spell a place name, its first token
    capitalised (``Can Tho``, ``CAN THO``; inner words of regions may be lower case as in the name);
    commune and ward names only right after a word of :data:`UNIT_WORDS`, and only with ``units``; that word
    is then spelt too (``XA NGUYEN GIAP`` → ``XÃ NGUYÊN GIÁP``), as are ``tỉnh`` and ``thành phố`` before a
    province (``TINH DONG THAP`` → ``TỈNH ĐỒNG THÁP``).
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
            named = [j for j, k in enumerate(keys) if k in _NAME_KEYS]  # ascending
        unit = units and i > 0 and keys[i - 1] in UNIT_WORDS
        # without a unit word only province / region names can match, exactly or by the channel, and either
        # way the run holds one of their keys: the lengths that reach none are not tried
        first = next((j for j in named if j >= i), n) if not unit else i
        for L in range(min(MAX_LEN, n - i), max(1, first - i), -1):
            run = words[i:i + L]
            key = tuple(keys[i:i + L])
            parts, is_unit = NAMES.get(key), False
            if parts is None and unit:
                parts = UNITS.get(key)
                is_unit = parts is not None
            if parts is None and fits is not None:
                # names sharing at least one syllable key with the run, the other tokens read as theirs
                near = {pk: (ps, table is _UNITS_BY_PART)
                        for table in ((_BY_PART, _UNITS_BY_PART) if unit else (_BY_PART,))
                        for j, k in enumerate(key) for pk, ps in table.get((L, j, k), ())}
                found = [(ps, u) for pk, (ps, u) in near.items()
                         if all(a == b or fits(t, p) for a, b, p, (_, t) in zip(pk, key, ps, run, strict=True))]
                if len({" ".join(ps) for ps, _ in found}) == 1:
                    parts, is_unit = found[0]
            if parts is None:
                continue
            if any(p[:1].isupper() and not t[:1].isupper() for p, (_, t) in zip(parts, run, strict=True)):
                continue
            upper = all(t.isupper() for _, t in run)
            for p, (pi, _) in zip(parts, run, strict=True):
                out[pi] = p.upper() if upper else p
            before: list[tuple[int, str, str]] = []  # (piece, raw, spelling) of the unit word(s) before the name
            if is_unit:
                before = [(*words[i - 1], UNIT_WORDS[keys[i - 1]])]
            elif i > 0:
                # a province after 'tỉnh' / 'thành phố' ('UBND TINH DONG THAP': 'tinh' is no 'tính' there)
                if keys[i - 1] == "tinh":
                    before = [(*words[i - 1], "tỉnh")]
                elif i > 1 and keys[i - 2:i] == ["thanh", "pho"]:
                    before = [(*words[i - 2], "thành"), (*words[i - 1], "phố")]
            for pi, t, word in before:
                out[pi] = word.upper() if t.isupper() else word.capitalize() if t[:1].isupper() else word
            hit = L
            break
        i += hit or 1
    return out
