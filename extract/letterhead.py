"""Header parts of any document in Decree 30/2020/NĐ-CP's format beyond the seed plans' template: a two-line
issuer with its parent body, the 'V/v' subject of a công văn, 'Kính gửi' and 'Nơi nhận' lists, and the signature
block (authority marks TM./KT./TL./Q./TUQ., title, name). Rules are data in patterns/header.json ('letterhead').

The two header columns may come as separate blocks (left column first) or interleaved on one line, as OCR reads a
two-column header ('UBND TỈNH QUẢNG NAM CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'): the right column's text is cut off
each line before the left column is read. A part a scan lost (a handwritten number or day) stays null.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import Any

from rapidfuzz.distance import Levenshtein

from extract.agencies import best_seed_name, expand
from extract.patterns import load_json, rx
from extract.structure import Line
from normalize.names import SURNAMES
from normalize.text import (
    caps_run_together,
    clean_space,
    fold,
    is_vietnamese_syllable,
    nfc,
    syllable_key,
    title_case_vi,
)

HEAD_LINES = 40


def _cfg() -> dict[str, Any]:
    return load_json("header.json")["letterhead"]


# the words of the administrative levels ('thanh', 'pho', 'xa', …), from the one list of levels
_MARKS = "TM|KT|TL|TUQ|Q"  # Decree 30's authority marks of a signature block (TM., KT., TL., TUQ., Q.)
_LEVEL_WORDS = frozenset(w for level in load_json("header.json")["levels"] for w in level.split())


_VOWELS = "aeiouy"


def _type_types() -> dict[str, str | None]:
    return {k: v for k, v in load_json("header.json")["doc_types"].items() if not k.startswith("_")}


@cache
def doc_types() -> dict[str, str]:
    """Folded type word -> the type as printed ('ke hoach' -> 'KẾ HOẠCH'), every Decree 30 type (header.json)."""
    return {fold(t): t for t in _type_types()}


@cache
def type_symbols() -> dict[str, str]:
    """Type -> the abbreviation that opens its number's symbol ('TỜ TRÌNH' -> 'TTr'); none for a công văn."""
    return {t: s for t, s in _type_types().items() if s}


def _lenient_word(word: str) -> str:
    """A folded syllable as OCR may read it: its first consonants and its last ones as printed, the vowels between
    them one fewer to two more ('hoach' -> 'h\\w{1,4}ch'; a lost or doubled mark glyph changes only those)."""
    m = re.match(rf"^([^{_VOWELS}]*)([{_VOWELS}]+)([^{_VOWELS}]*)$", word)
    if not m:
        return re.escape(word)
    onset, nucleus, coda = m.groups()
    n = len(nucleus)
    return rf"{re.escape(onset)}\w{{{max(1, n - 1)},{n + 2}}}{re.escape(coda)}"


@cache
def type_line_re() -> re.Pattern[str]:
    """A line (folded) that is only a document type word, as OCR may read it ('KÉ HOẠCH', 'CHỈTHỊ'): built from the
    one table of types (header.json 'doc_types'), longest first."""
    alts = [r"\s*".join(_lenient_word(w) for w in key.split()) for key in sorted(doc_types(), key=len, reverse=True)]
    return re.compile(rf"^\s*(?:{'|'.join(alts)})\s*$")


def place_start(text: str, start: int, end: int) -> int:
    """Where the place of a date line begins inside ``text[start:end]``: OCR puts the left column's last words
    before it on the same line ('V/v hướng dẫn kết nối … Hà Nội, ngày …'). The place is the trailing run of
    capitalised words, with a level word before it ('Thành phố Hồ Chí Minh')."""
    words = list(re.finditer(r"\S+", text[start:end]))
    k = len(words)

    def joined(j: int, test: Callable[[str], bool]) -> bool:
        """Word j passes, or is a dash between two words that pass: the 2025 reform named many communes and wards
        for two places ('Xuân Hương - Đà Lạt')."""
        w = words[j].group()
        if w in _DASHES:
            return 0 < j < len(words) - 1 and test(words[j - 1].group()) and test(words[j + 1].group())
        return test(w)

    while k > 0 and joined(k - 1, lambda w: w[:1].isupper()):
        k -= 1
    while k > 0 and fold(words[k - 1].group()) in _LEVEL_WORDS and (k < len(words)):
        k -= 1  # 'Thành phố', 'thị xã' before the name
    # the left column's last line in capitals, OCR read on the date's line ('TỈNH QUẢNG TRỊ Quảng Trị, ngày …'): a
    # place is written in title case, so a run of two or more words in capitals before it is the left column's
    caps = [j for j in range(k, len(words)) if joined(j, _caps_word)]
    if len(caps) >= 2 and caps[-1] + 1 < len(words) and caps == list(range(caps[0], caps[-1] + 1)):
        k = caps[-1] + 1
    while k < len(words) and words[k].group() in _DASHES:
        k += 1  # a speck between the columns OCR read as a dash ('TỈNH NGHỆ AN - Nghệ An, ngày …')
    if k == len(words):
        return start
    return start + words[k].start()


_DASHES = ("-", "–")


def _caps_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def left_column(text: str) -> str:
    """The left header column's part of one line: text before the right column's motto or date."""
    cfg = load_json("header.json")
    t = text.strip().replace("*", "")
    m = rx(_cfg()["right_column"]).search(fold(t))
    # (the motto is printed in capitals, OCR'd or not: a subject's small 'cứng hóa đường …' is no 'CỘNG HÒA')
    if m and any(c.isupper() for c in t[m.start() : m.end()]):
        t = t[: m.start()]
    dm = rx(cfg["date_line"]).search(fold(t)) or rx(_cfg()["date_lenient"]).search(fold(t))
    if dm:
        num = rx(cfg["number"]).search(fold(t))
        t = t[: num.end()] if num and num.end() <= dm.end(1) else t[: place_start(t, dm.start(1), dm.end(1))]
    # specks between the columns ('ỦY BAN NHÂN DÂN -_ CỘNG HÒA …'): tokens without a letter or digit, except a
    # dash between two words ('giai đoạn 2026 - 2030')
    words = t.split()
    keep = [w for k, w in enumerate(words) if any(c.isalnum() for c in w)
            or (w in ("-", "–") and 0 < k < len(words) - 1 and any(c.isalnum() for c in words[k - 1])
                and any(c.isalnum() for c in words[k + 1]))]
    return clean_space(" ".join(keep))


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) / len(letters) >= 0.8


# the number's line whose 'Số' OCR lost or set apart (': 1032/QĐ-SKHCN'), folded: a ':' opening the line, then a
# number and a symbol with its dash, as Decree 30 writes it
LOST_SO = re.compile(r"^[:;]\s*(\d{1,5})\s*/\s*((?:(?:19|20)\d\d\s*/\s*)?[a-z0-9]{1,10}(?:-[a-z0-9]{1,10})+)(?![\w/])")


def issuer_bodies(lines: list[Line]) -> list[str]:
    """Upper-case bodies of the header's left column, top to bottom: ['UBND THÀNH PHỐ ĐÀ NẴNG', 'SỞ GIÁO DỤC VÀ
    ĐÀO TẠO']. A line that starts with a place word ('THÀNH PHỐ HUẾ') or no body word continues the body above."""
    cfg = _cfg()
    head_re, place_re = rx(cfg["body_head"]), rx(cfg["place_head"])
    number = rx(load_json("header.json")["number"])
    bodies: list[str] = []
    for ln in lines[:HEAD_LINES]:
        raw = ln.text.strip().replace("*", "")
        if not raw:
            continue
        fl = fold(raw).strip()
        num = number.search(fl)
        if num and bodies and num.start() > 0 and _office(fold(raw[: num.start()]).strip(" .,-")):
            # 'VĂN PHÒNG Số: 517/TB-VP': the office's line that OCR ran into the number's below it
            bodies.append(clean_space(raw[: num.start()]).strip(" .,-"))
            break
        if num or re.match(r"^s\w{0,2}\s*:", fl) or LOST_SO.match(fl) or rx(cfg["subject"]).match(fl):
            break
        left = left_column(raw)
        if bodies and left and not _is_upper(left) and _office(fold(left).strip(" .,-")):
            left = left.upper()  # 'Văn PHÒNG', 'Văn phòng' under its parent: OCR's case slip on the office's line
        if not left or not _is_upper(left):
            if bodies:
                if type_line_re().match(fl):
                    break
                continue
            continue
        fleft = fold(left)
        if type_line_re().match(fleft):
            break
        if bodies and (place_re.match(fleft) or not head_re.match(fleft)):
            bodies[-1] = clean_space(bodies[-1] + " " + left)
        else:
            bodies.append(left)
        if len(bodies) > 3:
            break
    # a word OCR garbled into no syllable ('CHI CỤC KIÊM LÂẦM') takes the spelling the document's own text prints
    # between the same neighbours ('Chi cục Kiểm lâm đề nghị …'); a word the text does not print stays as read
    return [mend_from_text(b, lines) for b in bodies]


# offices a parent body's own name completes ('VĂN PHÒNG' under 'UBND TỈNH X' is the Văn phòng of that Ủy ban), folded,
# with their spelling whatever marks OCR lost or misread on them ('VẢN PHÔNG')
_OFFICES = {"van phong": "Văn phòng", "thanh tra": "Thanh tra", "ban tiep cong dan": "Ban Tiếp công dân"}


def _office(folded: str) -> str | None:
    """The spelling of an office named by a line alone (folded: 'van phong' -> 'Văn phòng'), else None."""
    return _OFFICES.get(clean_space(folded))


def _marks(word: str) -> Counter[str]:
    """The combining marks of a word ('quận' -> circumflex, dot below)."""
    return Counter(c for c in unicodedata.normalize("NFD", word.lower()) if unicodedata.combining(c))


def _is_level_word(word: str, level_word: str) -> bool:
    """``word`` (folding to ``level_word``) is that level's word as printed or as OCR slipped on it: one mark lost,
    added or misread ('PHÔ', 'PHÓ' for 'PHỐ', 'TĨNH' for 'TỈNH', 'XÂ' for 'XÃ'), or every mark lost ('QUAN 1'); a word
    whose marks differ more is another word ('QUẢN' in 'BAN QUẢN LÝ' folds to 'quan' and is no 'QUẬN')."""
    a, b = _marks(word), _marks(level_word)
    return fold(word) == word.lower() or sum(((a - b) + (b - a)).values()) <= 2


def _level_at(words: list[str], i: int) -> tuple[str, int] | None:
    """(level, its word count) of the level word(s) at ``words[i]`` ('THÀNH PHỐ', 'XÃ'), else None
    (:func:`_is_level_word`)."""
    levels: dict[str, str] = load_json("header.json")["levels"]
    if fold(words[i]).rstrip(".") == "tp" and words[i].isupper() and i + 1 < len(words):
        return "thành phố", 1  # Decree 30's 'TP' for thành phố ('UBND TP HẢI PHÒNG')
    for key in sorted(levels, key=lambda k: -len(k.split())):
        n = len(key.split())
        got = words[i : i + n]
        if len(got) < n or fold(" ".join(got)) != key:
            continue
        if fold(" ".join(words[i : i + n + 1])) in _cfg()["level_nouns"]:
            return None  # 'XÃ HỘI' in 'VĂN HÓA - XÃ HỘI', 'TỈNH ỦY': a noun, no place starts there
        if all(_is_level_word(w, lv) for w, lv in zip(got, levels[key].split(), strict=True)):
            return levels[key], n
    return None


def _split_place(body: str) -> tuple[str, str | None]:
    """'UBND THÀNH PHỐ ĐÀ NẴNG' -> ('UBND', 'thành phố Đà Nẵng'); 'SỞ NỘI VỤ' -> ('SỞ NỘI VỤ', None)."""
    words = body.split()
    for i in range(1, len(words)):
        found = _level_at(words, i)
        if found and len(words) > i + found[1]:
            level, n = found
            return " ".join(words[:i]), f"{level} {_place_name(' '.join(words[i + n:]), level)}"
    return body, None


def _place_name(name: str, level: str) -> str:
    """'ĐÀ NẴNG' -> 'Đà Nẵng'; a province OCR ran together ('HỒ CHÍMINH') or misread by one glyph takes its
    registered spelling. Only a province-level name is mended by one glyph: a commune or ward one glyph off a
    province ('xã Phúc Thọ', 'Phú Thọ') is another place."""
    key = fold(name).replace(" ", "")
    provinces = load_json("provinces.json")["provinces"]
    for prov in provinces:
        if fold(prov).replace(" ", "") == key:
            return prov
    # one glyph OCR added, lost or misread ('LAI CHÂẦU'): the one province that close, when there is exactly one
    if level not in ("tỉnh", "thành phố"):
        return title_case_vi(name)
    near = {prov for prov in provinces if len(key) >= 5 and Levenshtein.distance(fold(prov).replace(" ", ""), key) == 1}
    return near.pop() if len(near) == 1 else title_case_vi(name)


def body_name(head: str) -> str:
    """Canonical casing of a body's name: the registry's spelling when it names the same words (or the words the
    header's abbreviations stand for), else the header's own words in Decree 30's capitals (:func:`_name_case`).
    Only the case changes: a registry name one word off ('… quận …' for '… QUẢN …') is another body."""
    fh = clean_space(fold(head))
    full = _cfg()["parent_full"].get(fh)
    if full:
        return full
    known = best_seed_name(head)
    if known and (fold(known).split() == fh.split() or expand(known) == expand(head)):
        return known
    return _name_case(head)


def _name_case(head: str) -> str:
    """A body's name printed in capitals, in Decree 30's capitals (appendix II: the word of the body's kind and the
    first word of its field, 'Chi cục Kiểm lâm', 'Ban Quản lý các khu công nghiệp'): the kind ('body_head'), then a
    company's legal form kept as it is ('Công ty TNHH một thành viên Xổ số …', 'body_forms'), the next word
    capitalised, the rest in small letters; an abbreviation (no Vietnamese syllable: 'TNHH') stays in capitals and
    a province's name ('HÀ NỘI') takes its own spelling. Every word stays as printed, only its case changes."""
    words = head.split()
    low = [w.lower() for w in words]
    out = list(low)
    folded = fold(head)
    kind = rx(_cfg()["body_head"]).match(folded)
    n_kind = len(folded[: kind.end()].split()) if kind else 0
    at = n_kind
    rest = " ".join(fold(w) for w in words[at:])
    for form in sorted(_cfg()["body_forms"], key=len, reverse=True):
        if rest == form or rest.startswith(form + " "):
            at += len(form.split())
            break
    for i, w in enumerate(words):
        if any(c.isalpha() for c in w) and not is_vietnamese_syllable(re.sub(r"[^\w]", "", low[i]) or "x"):
            out[i] = w  # an abbreviation ('TNHH', 'MTV'): as printed
        elif i in (0, at):  # the kind's first word ('Trung tâm', 'Chi cục') and the field's
            out[i] = low[i][:1].upper() + low[i][1:]
    provinces = {p.lower(): p for p in [*load_json("provinces.json")["provinces"], *_cfg()["proper_names"]]}
    for name_low, name in provinces.items():
        n = len(name_low.split())
        for i in range(len(low) - n + 1):
            if " ".join(low[i : i + n]) == name_low:
                out[i : i + n] = name.split()
    return " ".join(out)


def _undoubled_words(word: str) -> set[str]:
    """The spellings of ``word`` with one of two neighbouring letters OCR doubled or stacked left out ('Llư' -> 'Lư',
    'Châầu' -> 'Châu', 'Chầu'): a pair the same letter once its marks and case are aside."""
    out = set()
    for i in range(len(word) - 1):
        a, b = word[i], word[i + 1]
        if a.isalpha() and b.isalpha() and fold(a).lower() == fold(b).lower():
            for drop in (i, i + 1):
                w = word[:drop] + word[drop + 1 :]
                out.add(w[:1].upper() + w[1:] if word[:1].isupper() else w)
    return out


def undoubled_place(name: str | None, text: str) -> str | None:
    """A place's name with a letter OCR doubled or stacked ('Hoa Llư', 'Thuận Châầu': no Vietnamese syllable) takes
    the one spelling without it that ``text`` (the document's head: its date line, subject, the issuer's name
    repeated) prints as such; a name printed nowhere without it, or with two such spellings printed, is kept."""
    if not name:
        return name
    words = name.split()
    odd = [i for i, w in enumerate(words) if not is_vietnamese_syllable(w.lower()) and _undoubled_words(w)]
    if len(odd) != 1:
        return name
    i = odd[0]
    low = nfc(text).lower()

    def printed(cand: str) -> int:
        return len(re.findall(rf"(?<!\w){re.escape(cand.lower())}(?!\w)", low))

    hits = {c for w in _undoubled_words(words[i]) if is_vietnamese_syllable(w.lower())
            if printed(c := " ".join([*words[:i], w, *words[i + 1 :]]))}
    return hits.pop() if len(hits) == 1 else name


def two_line_issuer(lines: list[Line]) -> dict[str, Any] | None:
    """Issuer, parent, level and jurisdiction of a header whose issuer sits under a parent body; None otherwise."""
    bodies = issuer_bodies(lines)
    if len(bodies) < 2:
        return None
    parent_head, parent_place = _split_place(bodies[0])
    body_head, body_place = _split_place(bodies[-1])
    parent_place = _place_as_dated(parent_place, lines)
    parent = clean_space(f"{body_name(parent_head)} {parent_place or ''}")
    name = body_name(body_head)
    if body_place:
        issuer = f"{name} {body_place}"
    elif _office(fold(name)):
        issuer = f"{_office(fold(name))} {parent}"  # the office of the parent body itself
    elif parent_place:
        issuer = _with_place(name, parent_place)
    else:
        issuer = name
    level = parent_place.split(" ", 1)[0] if parent_place and not parent_place.startswith("thành") else (
        "thành phố" if parent_place else None)
    return {"issuer": issuer, "issuer_parent": parent, "issuer_level": level, "jurisdiction": parent_place,
            "issuer_body": name}


def _place_as_dated(place: str | None, lines: list[Line]) -> str | None:
    """A province's or city's name OCR garbled beyond one glyph in the parent's line ('TỈNH QUẢNC NlNH') takes the
    spelling of the province the date line names ('Quảng Ninh, ngày …') when that is at most two glyphs off (a
    quarter of the name at most); a registered name, or a commune's or ward's, stays as read."""
    level, _, name = level_and_name(place or "")
    provinces = load_json("provinces.json")["provinces"]
    if not place or level not in ("tỉnh", "thành phố") or name in provinces:
        return place
    date_line = rx(load_json("header.json")["date_line"])
    key = fold(name).replace(" ", "")
    for ln in lines[:HEAD_LINES]:
        m = date_line.search(fold(ln.text))
        if not m:
            continue
        dated = fold(m.group(1)).split()
        for prov in provinces:
            fp = fold(prov).split()
            if dated[-len(fp):] == fp:
                d = Levenshtein.distance(fold(prov).replace(" ", ""), key)
                return f"{level} {prov}" if d <= min(2, len(key) // 4) else place
        return place
    return place


def _with_place(name: str, place: str) -> str:
    """A body's name completed with its parent's place ('Chi cục Kiểm lâm' + 'tỉnh Đắk Lắk'), except where the name
    says it already: ending with the place's name ('Ban Quản lý các khu công nghiệp và chế xuất Hà Nội' under 'THÀNH
    PHỐ HÀ NỘI'), or with its level word alone ('BỆNH VIỆN ĐA KHOA TỈNH' under 'SỞ Y TẾ TỈNH LAI CHÂU': 'Bệnh viện
    Đa khoa tỉnh Lai Châu'), which then takes the name only."""
    level, _, place_name = level_and_name(place)
    # on letters only: a speck or stop OCR left after the name ('THANH TRA TỈNH.') is no other word
    fname, fplace = re.sub(r"[^a-z ]", " ", fold(name)).split(), fold(place_name).split()
    if fplace and fname[-len(fplace):] == fplace:
        return name
    if level and fname[-len(level.split()):] == fold(level).split():
        return f"{name} {place_name}"
    return f"{name} {place}"


def level_and_name(place: str) -> tuple[str, str, str]:
    """'thành phố Hà Nội' -> ('thành phố', ' ', 'Hà Nội'), as str.partition gives."""
    levels: dict[str, str] = load_json("header.json")["levels"]
    for level in sorted(levels.values(), key=lambda v: -len(v.split())):
        if place.startswith(level + " "):
            return level, " ", place[len(level) + 1 :]
    return "", "", place


def one_line_issuer(lines: list[Line]) -> dict[str, Any] | None:
    """A single body that is no Ủy ban nhân dân (those the seed rules read): a ministry, an HĐND."""
    bodies = issuer_bodies(lines)
    if len(bodies) != 1:
        return None
    if not rx(_cfg()["body_head"]).match(fold(bodies[0])):
        return None
    head, place = _split_place(bodies[0])
    short = _cfg()["short_issuer"].get(clean_space(fold(head)))
    if short == "UBND":
        return None
    if short:
        level = place.split(" ", 1)[0] if place and not place.startswith("thành") else ("thành phố" if place else None)
        return {"issuer": f"{short} {place}" if place else short, "issuer_level": level, "jurisdiction": place,
                "issuer_body": body_name(head)}
    name = body_name(bodies[0])
    level = "bộ" if fold(name).startswith("bo ") else None
    return {"issuer": name, "issuer_level": level, "jurisdiction": None, "issuer_body": name}


def lenient_place_date(lines: list[Line]) -> tuple[str | None, dt.date | None]:
    """Place and date of a date line whose day or month a scan lost ('Hòa Vang, ngày    tháng 8 năm 2025'):
    the place, and the date only when every part is there."""
    for i, ln in enumerate(lines[:HEAD_LINES]):
        text = ln.text
        nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
        if re.search(r"n\w{1,2}m\s*$", ln.folded) and re.match(r"^\d{4}\b", nxt):
            text = f"{text.rstrip()} {nxt[:4]}"  # the year wrapped onto the next line
        m = rx(_cfg()["date_lenient"]).search(fold(text))
        if not m or "can cu" in fold(text):
            continue
        place = clean_space(text[place_start(text, m.start(1), m.end(1)) : m.end(1)])
        num = rx(load_json("header.json")["number"]).search(fold(place))
        if num:
            place = clean_space(place[num.end() :])
        place = re.sub(r"^s\w{0,2}\s*:\s*\S*\s*", "", place, flags=re.IGNORECASE) if fold(place).startswith("so") else place
        date = None
        day, month = (m.group(k).replace("§", "8") for k in (2, 3))
        if day and month:
            try:
                date = dt.date(int(m.group(4)), int(month), int(day))
            except ValueError:
                date = None
        return place.strip("*_ ") or None, date
    return None, None


_DATE_ALONE = re.compile(r"^\s*([^\W\d_][^\W\d_ ]*(?: [^\W\d_]+){0,3}),\s*ng\w{1,2}y\s+(\d{1,2})\s+th\w{1,3}ng\s+(\d{1,2})"
                         r"\s+n\w{1,2}m\s+(\d{4})\s*[.]?\s*$")


def date_line_anywhere(lines: list[Line]) -> tuple[str | None, dt.date | None]:
    """The date line of the header where OCR's reading order set it away from the head (after a table that
    split the page into column blocks): on the first page, a line that is nothing but 'Place, ngày d tháng m năm
    yyyy', its place capitalised ('Thanh Hóa, ngày 28 tháng 01 năm 2026'). A date in a sentence never is one."""
    first = lines[0].page_no if lines else 0
    for ln in lines:
        if ln.page_no != first:
            break
        m = _DATE_ALONE.match(ln.folded)
        place = ln.text[m.start(1) : m.end(1)] if m else ""
        if not m or not all(w[:1].isupper() for w in place.split()):
            continue
        try:
            return place, dt.date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
        except ValueError:
            return place, None
    return None, None


def name_beside_distribution(lines: list[Line], stop: int) -> str | None:
    """The signer's name where OCR's reading order put the signature marks away from it (a page read in column
    blocks): the one line after the 'Nơi nhận' label that is nothing but a person's name. None when there is no
    such line or more than one."""
    start = next((i for i, ln in enumerate(lines[:stop]) if rx(_cfg()["distribution"]).match(ln.folded)), None)
    if start is None:
        return None
    names = {n for ln in lines[start + 1 : stop] if not ln.text.lstrip().startswith(("-", "+"))
             and (n := person_name(clean_space(ln.text.replace("*", ""))))}
    return names.pop() if len(names) == 1 else None


# a person's rank in an item ('Đồng chí Nguyễn Văn A', 'Phó Chủ tịch UBND tỉnh Nguyễn Văn B', 'PCT UBND TP Nguyễn Văn
# Dũng'), on folded text: a name after it is the item's own
_RANK = re.compile(r"\b(?:dong chi|ong|ba|chu tich|pct|ct|giam doc|pgd|truong|thu truong|bi thu|thu ky|dai bieu)\b")


def name_after_item(items: list[str] | None) -> tuple[str | None, list[str] | None]:
    """(signer, items) when a 'Nơi nhận' item holds the signer's name OCR ran into it from the signature block beside
    it, the item's ';' lost ('- Trung tâm Khuyến nông tỉnh Hà Văn Tuấn'): asked for only when the block gave a mark
    or a title and no name. The item's last 2-4 words are a person's name opening with a family name (``SURNAMES``),
    after a small-letter word, in an item that names no person's rank ('Đồng chí …', 'PCT UBND TP Nguyễn Văn Dũng' are
    the items' own names); exactly one such item, else (None, items) as read."""
    hits: list[tuple[int, int, str]] = []
    for k, item in enumerate(items or []):
        words = item.split()
        if item.startswith("Lưu") or len(words) < 4:
            continue
        for n in (4, 3, 2):
            if len(words) - n < 2:
                continue
            before, first = words[-n - 1], words[-n]
            name = person_name(" ".join(words[-n:]))
            if (name and first in SURNAMES.get(syllable_key(first), {}) and before.isalpha() and before.islower()
                    and not _RANK.search(fold(" ".join(words[:-n])))):
                hits.append((k, n, name))
                break
    if len(hits) != 1 or items is None:
        return None, items
    k, n, name = hits[0]
    return name, [*items[:k], " ".join(items[k].split()[:-n]), *items[k + 1 :]]


def subject(lines: list[Line]) -> str | None:
    """The 'V/v ...' text under the number, with its wrapped lines (left column only)."""
    cfg = _cfg()
    for i, ln in enumerate(lines[:HEAD_LINES]):
        m = rx(cfg["subject"]).match(ln.folded)
        if not m:
            continue
        parts = [left_column(ln.text[m.end() :])]
        skipped = gap = False
        for nxt in lines[i + 1 : i + 9]:
            t = nxt.text.strip()
            if rx(cfg["right_column"]).search(nxt.folded) or _is_date_line(nxt.folded):
                # OCR read the right column (motto, date) as a block before the left column's last lines
                skipped = True
                continue
            if not t:
                gap = True
                continue
            if rx(cfg["recipients"]).match(nxt.folded) or _is_upper(left_column(t) or "x"):
                break
            left = left_column(t)
            if not left or rx(load_json("header.json")["title_stop"]).match(fold(left)):
                break
            if (skipped or gap) and not left[:1].islower():
                # past the right column, or a blank line OCR set inside the left column's block, only a line that
                # continues the subject ('cải cách …', 'và giải quyết …') is its own
                break
            parts.append(left)
        return clean_space(" ".join(parts)) or None
    return None


def _is_date_line(folded: str) -> bool:
    return bool(rx(load_json("header.json")["date_line"]).search(folded) or rx(_cfg()["date_lenient"]).search(folded))


# an item's dash, or what OCR read for it followed by a space (': Ủy ban nhân dân các xã, phường;', '= Sở Nội vụ;',
# two specks: '_~ Lưu: VT, QLCL.')
# or a dash with a speck run into it ('-= UBND các xã')
_DASH = re.compile(r"^(?:[-–—+•][=~_·]?|[:;=~_·]{1,2}(?=\s+\S))\s*")


# words a body's name never ends with (folded): a conjunction, a preposition, a plural marker ('và', 'của', 'các')
_OPEN_END = re.compile(r"(?:^|\s)(?:va|cua|cac|thuoc|tren|tai|ve|cho|voi|nhung)$")


# a purpose mark alone on its line ('(b/c);', '(để b/c)', '(p/h).'), as OCR may read its letters
_MARK_ALONE = re.compile(r"^\(\s*(?:\w{2,3}\s+)?[^\W\d_]\s*/\s*(?:[^\W\d_]|[©®@€¢])?\s*\)\s*[;.,]?$")
_WRAP_WORDS = 4  # the last words of an item the line above began ('Cao Bằng;', 'và Đô thị;')


def _wraps(prev: str, line: str) -> bool:
    """A list item printed over two lines: the second line goes on with the item when it starts with a small letter
    ('- Ủy ban nhân dân các xã, phường, đặc khu trên địa bàn' / 'tỉnh Khánh Hòa;') or the line above ends with ',',
    the item above not closed by the list's final '.'. A new item, the body or the signature block starts with a
    capital or a dash."""
    if prev.rstrip().endswith("."):
        return False
    # an item ends with ';': one whose line ends with ',' goes on below even with a capital ('… các tỉnh: Điện Biên,
    # …, Tuyên Quang,' / 'Lạng Sơn, Sơn La, Lai Châu;'),
    # unless that line opens a body of its own or is the signature block's, or the item is the filing line ('Lưu: VT,
    # KT,' beside 'TL. CHỦ TỊCH', which the closing columns set after it)
    if line[:1].islower():
        return True
    # an item's purpose mark wrapped onto a line of its own ('- TT Tỉnh ủy, TT HĐND tỉnh' / '(b/c);'): the item's
    if _MARK_ALONE.match(line) and not prev.rstrip().endswith((";", ":")):
        return True
    # an item's last words set on the line below, the item not closed above ('- Báo và Phát thanh, Truyền hình' /
    # 'Cao Bằng;'): a short line that closes with the item's ';' where the line above ends on a word, no mark; a name
    # of the signature block or the filing line closes with none, and a body's head word ('Sở Tài chính;' under 'Sở
    # Nội vụ' whose ';' the scan lost) opens an item of its own
    if (re.search(r"[^\W\d_]$", prev.rstrip()) and line.rstrip().endswith(";") and len(line.split()) <= _WRAP_WORDS
            and not (_DASH.match(line) or _is_sign_line(line) or _FILING.match(line) or _filing_loose(line)
                     or rx(_cfg()["body_head"]).match(fold(line))
                     or _FILING.match(prev) or _filing_loose(prev))):
        return True
    # a line ending in a word no item ends with ('Sở Tài chính, Sở Nông nghiệp và' / 'Môi trường;'): the name goes on
    # below, with the capital of its next word
    if _OPEN_END.search(fold(prev.rstrip())) and not (_is_sign_line(line) or person_name(line) or _FILING.match(line)
                                                       or _filing_loose(line)):
        return True
    return (prev.rstrip().endswith(",") and not rx(_cfg()["body_head"]).match(fold(line)) and not _is_sign_line(line)
            and not person_name(line) and not (_FILING.match(prev) or _filing_loose(prev) or _ARCHIVE.match(fold(prev))))


# two items OCR read as one line ('Sở Nội vụ; - Sở Tài chính;', 'Sở Nội vụ; Sở Tài chính'): an item ends with ';', so a
# dash after a ';' opens the next one, and so does an agency's head word ('body_head'); a small letter after it is a ','
# OCR misread (see _item_head), and 'TT Tỉnh ủy; TT HĐND tỉnh' may be one item whose ',' OCR read ';': kept
_MERGED = re.compile(r";\s*([-–—+•]\s*)?(?=[^\W\d_])")


def _split_merged(item: str) -> list[str]:
    if fold(item.lstrip(">°:=~_ ")).startswith(("luu", "1uu", "iuu")):
        return [item]  # the filing line's codes ('Lưu: VT; CCHC')
    parts: list[str] = []
    last = 0
    head_re = rx(_cfg()["body_head"])
    for m in _MERGED.finditer(item):
        # ... and the filing line glued after the last item ('Công an tỉnh; Lưu: VT, KT.') opens its own
        if item[m.end()].isupper() and (m.group(1) or head_re.match(fold(item[m.end() :]))
                                        or _FILING.match(item[m.end() :])):
            parts.append(item[last : m.start()])
            last = m.end()
    return [x for x in [*parts, item[last:]] if x.strip()]


def _next_text(lines: list[Line], idx: int, stop: int) -> str:
    """The next non-empty line after the line of index ``idx`` (``lines`` indexed by Line.idx), stripped; '' if none."""
    at = next((k for k, ln in enumerate(lines) if ln.idx == idx), None)
    if at is None:
        return ""
    return next((t for ln in lines[at + 1 : stop] if (t := ln.text.strip())), "")


# an item is a body's name (the longest in the gold, 'Ủy ban nhân dân các xã, phường, đặc khu trên địa bàn tỉnh Khánh
# Hòa', has 15 words); a longer line without a dash is a sentence of the body
_ITEM_WORDS = 20


def _lost_dash(text: str, following: str, prev: str) -> bool:
    """A list line whose dash OCR lost ('SỞ Y TẾ:' between '- Như Điều 4;' and '- Lưu: VT'): a line without a dash
    between two list lines (a dashed item or the filing line follows it) is an item, unless it is a line of the
    signature block (a signing mark or title, a name, the note of a published copy), the item above closed the list
    with its '.', or the line is a sentence (the body's opening paragraph before its own dashed requests)."""
    if not following or not (_DASH.match(following) or _FILING.match(following) or _filing_loose(following)):
        return False
    if prev.rstrip().endswith(".") or len(text.split()) > _ITEM_WORDS:
        return False
    return not (_is_sign_line(text) or person_name(text) or _SIGNED_NOTE.search(fold(text)))


def _items(lines: list[Line], start: int, first: str) -> list[str]:
    """List items after a 'Kính gửi:' / 'Nơi nhận:' label: the inline text, or the '- item;' lines below; an item
    wrapped onto a second line is one item (:func:`_wraps`), two items OCR set on one line are two (:func:`_split_merged`)."""
    out: list[str] = []
    if first.strip(" -"):
        out.append(first)
    for nxt in lines[start + 1 : start + 20]:
        t = nxt.text.strip()
        if not t:
            continue  # OCR may set a blank line between two items; a line without a dash ends the list
        dash = _DASH.match(t)
        if not dash:
            if out and (_FILING.match(t) or _filing_loose(t)):
                out.append(t)  # the filing line, its small dash lost ('1ƯU. VÌ CCHC.'): it closes the list
                break
            if out and _wraps(out[-1], t):
                am = re.search(rf"\s({_MARKS})\s*\.\s*[A-ZĐ]", t)
                out[-1] = f"{out[-1]} {t[: am.start()] if am else t}"
                continue
            # the first item's dash lost too ('Kính gửi:' / 'Ủy ban nhân dân tỉnh Phú Thọ;' / '- Sở Tài chính …'):
            # the label's line stands for the item above
            if _lost_dash(t, _next_text(lines, nxt.idx, start + 20), out[-1] if out else lines[start].text):
                out.append(t)
                continue
            break
        item = t[dash.end() :]
        # a signature block OCR put beside the list ('- Như trên;  KT. GIÁM ĐỐC')
        am = re.search(rf"\s({_MARKS})\s*\.\s*[A-ZĐ]", item)
        if am:
            item = item[: am.start()]
        out.append(item)
        if fold(item).startswith("luu"):
            break
    out = [part for x in out for part in _split_merged(x)]
    cleaned = [_purpose(_item_head(_archive_line(clean_space(x).rstrip(" ;,.:").strip(), k == len(out) - 1)))
               for k, x in enumerate(out)]
    return [x for x in cleaned if x and not _glyph_run(x)]


_VOWEL_LETTERS = frozenset("aeiouy")


def _glyph_run(item: str) -> bool:
    """An item OCR turned into capitals that spell nothing ('EBO YTIE' for '- Bộ Y tế;', its dash read as an 'E'): two
    or more words, each of capitals alone, none a Vietnamese syllable, and one of them with two vowels or more, which
    the initials of a body's name ('UBND', 'TT', 'HĐND', 'PCVP', 'MTTQ') do not hold. Such an item is no reading of
    the list: it is left out rather than kept as a recipient. An item with one word of the language ('BQL dự án',
    'TT HĐND tỉnh') or of initials only ('TT UBND TP') is kept. An item of words run together alone ('TĨHPNDxã',
    :func:`_run_together`) is no reading either."""
    if item.startswith("Lưu"):
        return False
    words = re.findall(r"[^\W\d_]+", re.sub(r"\([^)]*\)?", " ", item))  # its note ('(b/c)') aside
    if words and all(_run_together(w) for w in words):
        return True
    if len(words) < 2 or any(not w.isupper() or len(w) > 5 for w in words):
        return False
    if any(is_vietnamese_syllable(w.lower()) for w in words):
        return False
    return any(sum(c in _VOWEL_LETTERS for c in syllable_key(w)) >= 2 for w in words)


def _run_together(word: str) -> bool:
    """A word OCR ran an item's words into ('TĨHPNDxã' for 'TT HĐND xã'): two capitals or more with a small letter
    after the second, no Vietnamese syllable (ingest.recheck reads the crop of such an item again first)."""
    return caps_run_together(word) and not is_vietnamese_syllable(word.lower())


def _item_head(item: str) -> str:
    """An item's abbreviation OCR garbled ('FT Đảng ủy phường', 'ŒT, các PCT UBND tỉnh', 'TT Tỉnh ủy, TF HĐND')
    takes the one abbreviation of 'item_heads' its small-capital readings give, or its 'Đ' read without its stroke
    ('HDND'); a 'TT' that lost a T before the body it heads ('T HĐND xã') is 'TT'; a head before its deputies one
    glyph off ('CTE, các PCT') is their head; a ';' OCR read for the ',' inside the item ('CT;
    các PCT …': an item ends its line, so a small letter after it goes on with the item) is a ','. Anything else is
    kept as read."""
    item = re.sub(r";\s+(?=[^\W\d_])", lambda m: ", " if item[m.end()].islower() else m.group(), item)
    if item.startswith("Lưu: "):
        return item
    heads = _cfg()["item_heads"]
    item = _garbled_pair(item, heads)
    # a head and its deputies ('CT, các PCT UBND tỉnh', 'CVP, các PCVP'): a first word one glyph off the deputies'
    # head ('CTE, các PCT', 'CE các PCT') is that head
    pair = re.match(r"^([^\W\d_]{1,4})([,;.]?\s+các\s+P)([A-ZĐ]{2,4})\b", item)
    if (pair and pair.group(1) != pair.group(3) and pair.group(1)[0].isupper()
            and Levenshtein.distance(pair.group(1), pair.group(3)) == 1):
        item = f"{pair.group(3)},{pair.group(2).lstrip(',;.')}{item[pair.start(3):]}"
    # any abbreviation of the item ('TT Tỉnh ủy, TF HĐND tỉnh', 'CT, các PCT UBNI) tỉnh') whose small-capital
    # readings give exactly one of 'item_heads'
    def mend(m: re.Match[str]) -> str:
        tok = m.group()
        # a speck OCR set before the abbreviation ("'FT Tỉnh ủy", "'TT HĐND"): the abbreviation alone, when it is one
        speck = re.match(r"^['‘’`\"~^.]+(?=[A-ZĐ])", tok)
        if speck:
            core = mend(re.match(r".+", tok[speck.end() :]))  # type: ignore[arg-type]
            return core if core in heads else tok
        if tok in heads or not 2 <= len(tok) <= 5 or not any(c.isupper() for c in tok[1:]):
            return tok
        hits = _readings(tok, _cfg()["filing_ocr"]) & set(heads)
        return hits.pop() if len(hits) == 1 else _stroke(tok, frozenset(heads))  # 'HDND' for HĐND
    item = re.sub(r"(?<![^\s,(])[^\s,;(]+", mend, item)
    # the standing committee's 'TT' that lost a T ('T HĐND xã', 'T Đảng ủy phường'): a lone capital T opening the
    # item before the body it heads
    item = re.sub(r"^T(?=\s+(?:HĐND|UBND|Đảng ủy|Tỉnh ủy|Thành ủy|MTTQ)\b)", "TT", item)
    return re.sub(r"(?<=\b(?:UBND|HĐND) )([^\W\d_]{1,3})$", lambda m: _level_tail(m.group(1)), item)


# an item's head and deputies as printed ('CT, các PCT', 'CVP, các PCVP'), whatever body follows
_PAIR_READ = re.compile(r"^([A-ZĐ]{1,5}),?\s+các\s+(P[A-ZĐ]{1,5})$")
_PAIR_TAIL = re.compile(r"\s+(?=(?:UBND|HĐND)\b)")


def _garbled_pair(item: str, heads: list[str]) -> str:
    """A head-and-deputies item ('CT, các PCT UBND tỉnh', 'CVP, các PCVP': a head of 'item_heads' whose deputies'
    'P' + head is one too) whose abbreviations a scan ran together or garbled ('=Cl CáCPC | UBND tỉnh', 'CVPCACECVE',
    'CVP các PCYVE'): its letters before the body ('UBND …', kept as read) two glyphs at most from one such pair's
    letters, and not a pair read whole ('VP, các PVP'), its deputies read whole ('NC, các PCT'), nor words read whole ('Các PCT UBND tỉnh'), give that pair.
    Anything else is kept as read."""
    parts = _PAIR_TAIL.split(item, maxsplit=1)
    head = parts[0].strip(" =-–~_.:;|")
    read = _PAIR_READ.match(head)
    if read and (read.group(2) == "P" + read.group(1) or read.group(2) in heads):
        return item  # a pair read whole, or whose deputies are ('NC, các PCT': the pair rule below says)
    letters = "".join(c for c in fold(head) if c.isalpha())
    words = [w.strip(",;:.") for w in head.split()]
    # an item read as words ('Các PCT UBND tỉnh', 'Chánh VP, các PCVP'): each a syllable or a head, as printed
    if (not any(c.isupper() for c in head) or len(letters) < 6
            or all(w in heads or is_vietnamese_syllable(w.lower()) for w in words if w)):
        return item
    pairs = [f"{h}, các P{h}" for h in heads if f"P{h}" in heads]
    near = [p for p in pairs if Levenshtein.distance(letters, "".join(c for c in fold(p) if c.isalpha())) <= 2]
    if len(near) != 1:
        return item
    return f"{near[0]} {parts[1]}" if len(parts) > 1 else near[0]


_ITEM_LEVELS = ("tỉnh", "xã", "phường", "huyện", "quận", "thị xã", "thành phố", "đặc khu")  # after an item's UBND


def _level_tail(word: str) -> str:
    """The level word after a body's 'UBND'/'HĐND' that closes an item, its first glyphs lost on the scan ('CT, các
    PCT UBND nh' for '… UBND tỉnh'): the one level word ending on what is left; a level word read whole, or a tail two
    level words end on ('ã': xã, thị xã), is kept as read."""
    if not word.islower() or word in _ITEM_LEVELS:
        return word
    ends = [w for w in _ITEM_LEVELS if w.endswith(word)]
    return ends[0] if len(ends) == 1 else word


# '(để b/c)' after an item, its mark cut or misread by OCR after the slash ('(để b/)', '(để b/e)', '(để b/©)')
# or without its 'để' ('UBND tỉnh (b/©)', '(b/€)')
_PURPOSE = re.compile(r"(\(\s*(?:\w{2,3}\s+)?)([^\W\d_])\s*/\s*([^\W\d_]?|[©®@€¢])\s*\)")


# the shapes OCR reads a purpose mark's small 'b' as ('(Đ/c)', '(đ/c)', '(h/c)'): a letter of a stem and a bowl
_B_READS = frozenset("bBđĐðhk")
# ... and its small 'c' as: a round sign open or crossed ('(Đ/€)', '(b/©)')
_C_READS = frozenset("©€¢@")


def _purpose(item: str) -> str:
    """'Bộ trưởng (để b/)' -> 'Bộ trưởng (để b/c)': a mark of 'purpose_marks' with the same letter before the slash
    when it is the only one, with or without its 'để' ('(b/©)' -> '(b/c)'); a mark read whole, or one no known mark
    starts like, is kept as read. The letter before the slash misread as one of 'b''s shapes ('TT HĐND tỉnh (Đ/c)')
    with the letter after it right, or read as one of 'c''s round signs too ('UBND tỉnh (Đ/€)'): the one mark so
    ending ('b/c'), never a mark read whole."""
    def mend(m: re.Match[str]) -> str:
        read = f"{m.group(2)}/{m.group(3)}"
        marks = [x for x in _cfg()["purpose_marks"] if x[0] == m.group(2).lower()]
        before = fold(m.group(1)).strip(" (")
        if read in marks or not (before == "" or before.startswith("de")):
            return m.group(0)
        if not marks and m.group(2) in _B_READS and m.group(3):
            after = "c" if m.group(3) in _C_READS else m.group(3).lower()
            marks = [x for x in _cfg()["purpose_marks"] if x[0] == "b" and x[-1] == after]
        if len(marks) != 1:
            return m.group(0)
        return f"{m.group(1)}{marks[0]})"
    return _PURPOSE.sub(mend, item)


_ARCHIVE = re.compile(load_json("header.json")["letterhead"]["archive"])  # 'Lưu: VT'
# the filing line as OCR reads it when it lost its dash too: a short first word of 'l'/'1' ('1ƯU.', '1.0u:',
# '1U') then the upper-case 'VT' ('VÌ'); a name ('Lê Văn …') has a title-case second word
# 'VT' as OCR reads it: 'VI', 'VÌ', 'Vĩ', or run into the unit after it ('VICCH')
_VT = r"V[TtÌIÍĨỊìíĩịi](?:(?![^\W\d_])|(?=[A-ZĐ(]{2}))"
_FILING = re.compile(r"^[-–=~_>°:]?\s*[lL1iI|][^\W_]{0,3}[.:]?[.\d]{0,2}[^\W_]{0,2}[.:]?\s+" + _VT + r"[^\n]{0,30}$")


# ... or whose first word OCR made anything short ('x10 VÌ, Rosll', '110 VI (C3 VP'): only as the line that
# closes a list, and never a signature mark ('KT. VĂN …' has no 'VT')
# (its first word any short run of glyphs: '"II, VÌ, …', "'lỪ) VÌ", '°1/jữUu: VÌ.')
_FILING_LOOSE = re.compile(r"^\S{1,8}\s+" + _VT + r"[^\n]{0,30}$")
_MARK = re.compile(rf"^\s*({_MARKS})\s*\.", re.IGNORECASE)


def _filing_loose(t: str) -> bool:
    return bool(_FILING_LOOSE.match(t)) and not _MARK.match(t)


def _archive_line(item: str, last: bool = False) -> str:
    """Decree 30's filing line is 'Lưu: VT, <drafting unit>' (VT: văn thư); OCR garbles its short words
    ('Lưu: VTý CTrTT', 'LẠU: VT,CCHC', 'Lưu: VTE', '1ƯU. VÌ CCHC', '1.0u: VT'): the fixed part is written
    back, the unit kept as read. The last item of a list may be a filing line whose first word OCR garbled
    further ('x10 VÌ, …')."""
    specks = len(item) - len(item.lstrip(">°:=~_ "))  # specks OCR set before the line ('>LƯU: VÌ')
    m = _ARCHIVE.match(fold(item[specks:]))
    if m:
        rest = item[specks + m.end() :].strip()
    elif _FILING.match(item) or (last and _filing_loose(item)):
        rest = re.sub(r"^[-–=~_>°:]?\s*\S+\s+" + _VT, "", item).strip(" ,;.")  # 'VI,CCHC': the unit after 'VT
    else:
        return item
    return f"Lưu: VT, {rest}" if rest else "Lưu: VT"


def drafting_unit(items: list[str] | None, doc_number: str | None) -> list[str] | None:
    """The filing line's unit is the drafting unit that also ends the document number ('512/SNV-CCHC' and
    'Lưu: VT, CCHC', Decree 30 appendix I). Each unit of the line is mended apart (:func:`_mend_units`), and a
    copy count OCR garbled ('(02Đ)' for '(02b)', :func:`_copies`) is written back; anything else is kept as read."""
    if not items or not items[-1].startswith("Lưu: VT, "):
        return items
    read = items[-1][len("Lưu: VT, ") :]
    mended = _copies(_mend_units(read, doc_number))
    return items if mended == read else [*items[:-1], f"Lưu: VT, {mended}"]


# the number of copies filed, '(02b)' ('b' for bản), after a unit: OCR reads the small 'b' as a 'Đ' or a '6'
_COPIES = re.compile(r"\((\d{1,2})\s*[ĐÐđ6]b?\)")


def _copies(read: str) -> str:
    """'P.KSTT(02Đ)' -> 'P.KSTT(02b)': one or two digits and one b-like glyph in parentheses on a filing line (the
    'b' itself after it too: '(02Ðb)', a speck read as the glyph) can only be a copy count; anything else in
    parentheses (three digits, '(035)') is kept as read."""
    return _COPIES.sub(lambda m: f"({m.group(1)}b)", read)


def _readings(tok: str, confusions: dict[str, str]) -> set[str]:
    """Every spelling ``tok`` may stand for under ``confusions``: a glyph's letters (an upper-case glyph also
    stands for itself), a pair of glyphs OCR made of one letter ('II' for H) that letter, an accented small
    letter among capitals a speck or itself."""
    ends: list[set[str]] = [{""}] + [set() for _ in tok]  # ends[i]: readings of tok[:i]
    for i, c in enumerate(tok):
        alts = list(c + confusions.get(c, "") if c.isupper() else confusions.get(c, c))
        if c.islower() and not c.isascii():
            alts.append("")  # an accented small letter inside a unit of capitals is a speck ('KöSIT' for KSTT)
        ends[i + 1] |= {r + a for r in ends[i] for a in alts}
        if tok[i : i + 2] in confusions and i + 2 <= len(tok):
            ends[i + 2] |= {r + a for r in ends[i] for a in confusions[tok[i : i + 2]]}
    return ends[-1]


def mend_number(number: str | None, doc_type: str | None) -> str | None:
    """The type part of a number OCR garbled ('14/TIr--UBND' on a TỜ TRÌNH): Decree 30 opens the symbol with the
    abbreviation of the document's type ('TTr'), so a part whose small-capital confusions ('filing_ocr') read it
    takes it, and a doubled dash is one. A letter (CÔNG VĂN) has no type part. A part whose 'Đ' OCR read as a 'D' or
    the other way round ('12/QD-UBNĐ') takes the known abbreviation it then spells (:func:`_stroke`); any other part
    is kept as read."""
    if not number:
        return number
    number = re.sub(r"-{2,}", "-", number)
    want = type_symbols().get(doc_type or "")
    m = re.match(r"^(\d+/(?:\d{4}/)?)([^-/]+)(.*)$", number)
    if not m:
        return number
    head, part, rest = m.groups()
    if want and part != want and (want in _readings(part, _cfg()["filing_ocr"]) or _stroke(part, {want}) == want):
        part = want
    elif not want or part != want:
        part = _stroke(part)
    rest = re.sub(r"(?<=[-/])[^-/]+", lambda u: _stroke(u.group()), rest)
    return f"{head}{part}{rest}"


@cache
def _known_codes() -> frozenset[str]:
    """The bodies' abbreviations of 'item_heads' ('UBND', 'HĐND', 'BCĐ'), none of which is spelled with the other
    letter by another body (a drafting unit's 'ĐT' may be another unit's 'DT': not these)."""
    return frozenset(_cfg()["item_heads"])


def _stroke(tok: str, known: set[str] | frozenset[str] | None = None) -> str:
    """A code whose 'Đ' OCR read without its stroke, or a 'D' with one ('HDND', 'UBNĐ'; the type part 'QD' against
    its type's 'QĐ'), is the one ``known`` abbreviation it spells with the other letter there; a code known as read,
    or with no such single reading, is kept (a unit of the issuer's own, 'SGDDT', may be spelled either way)."""
    known = _known_codes() if known is None else known
    if tok in known or not re.fullmatch(r"[A-ZĐ]{2,8}", tok) or not any(c in "DĐ" for c in tok):
        return tok
    hits = {k for k in known if len(k) == len(tok)
            and all(a == b or {a, b} == {"D", "Đ"} for a, b in zip(k, tok, strict=True))}
    return hits.pop() if len(hits) == 1 else tok


def _mend_units(read: str, doc_number: str | None) -> str:
    """Units of a filing line OCR garbled, each mended in place (the separators as printed), only where exactly
    one reading is a known unit:

    - with the confusions of small capitals ('1H' for TH, 'KSI]' for KSTT, 'CĐš' for CĐS: 'filing_ocr') into one
      of the document number's own parts or a common drafting unit ('filing_units');
    - else, one character off (a glyph added, lost or misread: 'KHTIC', '(CHC', 'CCHỊC'), into the number's own
      drafting unit of 3 letters or more ('1234/SNNMT-KHTC' and 'Lưu: VT, KHTC', Decree 30 appendix I);
    - else, a unit of 3-4 capitals its last letter cut ('KGV', 'KST'), into the one known unit it begins ('KGVX').

    A unit read as a known one, one no rule turns into a known one, or one with two known readings, is kept as
    read (it may be another unit: 'Lưu: VT, NV' under '…/QĐ-UBND')."""
    cfg = _cfg()
    known = set(cfg["filing_units"])
    own: set[str] = set()
    if doc_number and "/" in doc_number:
        own = {u for u in re.split(r"[-/]", doc_number.split("/", 1)[1]) if u and not u.isdigit()}
        known |= own

    def mend(tok: str) -> str:
        if tok in known or len(tok) > 8:
            return tok
        hits = _readings(tok, confusions) & known
        if not hits and tok.isalpha() and tok.islower() and len(tok) <= 4:
            # small capitals read as small letters ('kĩ' for KT): the readings of the word in capitals
            hits = _readings(tok.upper(), confusions) & known
        if not hits:
            hits = {u for u in own if len(u) >= 3 and Levenshtein.distance(tok, u) == 1}
        if not hits and 3 <= len(tok) <= 4 and tok.isalpha() and tok.isupper():
            # a unit of 4-5 capitals whose last letter the scan cut ('KGV' for KGVX at the line's end or before its
            # '.'): the one known unit it begins
            hits = {u for u in known if len(u) == len(tok) + 1 and u.startswith(tok)}
        if len(hits) == 1:
            return hits.pop()
        # a room's prefix whose dot OCR read '(' with no ')' after it ('P(CCHC' for 'P.CCHC'), the unit after it known
        dot = re.fullmatch(r"([A-Z]{1,2})\(([^()]{2,8})", tok)
        if dot and (unit := mend(dot.group(2))) in known:
            return f"{dot.group(1)}.{unit}"
        # a numbered sub-unit whose digit 1 OCR read as a capital I or a bar ('NCI' for 'NC1'), its stem known
        one = re.fullmatch(r"([^\W\d_]{2,6})[Il|\]]", tok)
        if one and one.group(1) in known:
            return f"{one.group(1)}1"
        return tok

    confusions: dict[str, str] = cfg["filing_ocr"]
    return re.sub(r"[^,;\s]+", lambda m: mend(m.group()), read)


def _split_run_on(text: str) -> list[str]:
    """Addressees run on in one line, split at their ';', or at a ':' OCR read for it when an agency's head word
    follows ('Sở Khoa học và Công nghệ: Sở Nội vụ'); a ':' before anything else is the item's own ('Văn phòng UBND
    tỉnh: CVP, các PCVP')."""
    head_re = rx(_cfg()["body_head"])
    parts: list[str] = []
    last = 0
    for m in re.finditer(r"[;:]", text):
        if m.group() == ";" or head_re.match(fold(text[m.end() :].strip())):
            parts.append(text[last : m.start()])
            last = m.end()
    return [*parts, text[last:]]


def recipients(lines: list[Line], stop: int) -> list[str] | None:
    """The 'Kính gửi:' addressees: items run on after the label ('Kính gửi: Sở A; Sở B; Sở C.'), over as many lines
    as the list goes on (an item closed by ';' or a line starting with a small letter), or '- item;' lines below the
    label (its first one on the label's line when OCR read the label beside the list: 'Kính gửi: - Sở A;')."""
    for i, ln in enumerate(lines[:stop]):
        m = rx(_cfg()["recipients"]).match(ln.folded) or _garbled_label(ln.folded, "kinhgui")  # 'Kính sửi:'
        if m:
            first = ln.text[m.end() :].strip()
            dash = _DASH.match(first) if first[:1] in "-–—+•" else None
            if dash:
                return _items(lines, i, first[dash.end() :]) or None
            k = i
            while first and not first.endswith(".") and k + 1 < stop:
                nxt = lines[k + 1].text.strip()
                if not nxt or _DASH.match(nxt) or not (first.endswith((";", ",")) or nxt[:1].islower()):
                    break
                first, k = f"{first} {nxt}", k + 1
            # a speck OCR set after the label ('Kính gửi: :') is no addressee: an item has a letter or a digit
            inline = [p for p in (clean_space(x).rstrip(" .;,") for x in _split_run_on(first))
                      if any(c.isalnum() for c in p)]
            items = _items(lines, k, "")
            return (inline + items) or None
    return _cable_addressees(lines, stop)


def _cable_addressees(lines: list[Line], stop: int) -> list[str] | None:
    """A công điện names its addressees under the sender's title in capitals and 'điện:' ('CHỦ TỊCH ỦY BAN NHÂN DÂN
    TỈNH điện:', 'BỘ TRƯỞNG BỘ … điện:'), not under 'Kính gửi:': the '- item;' lines below it (or the text after it
    on its line), read as a 'Kính gửi:' list is. A sentence that ends in 'điện:' is no label: its words before
    'điện' are capitals."""
    label = rx(_cfg()["cable_recipients"])
    for i, ln in enumerate(lines[:stop]):
        m = label.match(ln.folded)
        if not m or not _is_upper(ln.text[: m.start(1)]):
            continue
        first = ln.text[m.end() :].strip()
        dash = _DASH.match(first) if first[:1] in "-–—+•" else None
        return _items(lines, i, first[dash.end() :] if dash else first) or None
    return None


def _garbled_label(folded: str, key: str) -> re.Match[str] | None:
    """A list label one glyph off as OCR read it ('hơi nhận:' for 'Nơi nhận:'), with its colon: the letters of its
    two words at most one edit from ``key`` ('noinhan')."""
    m = re.match(r"^[^\w]*([a-z]{2,6} ?[a-z]{2,6})\s*[:;]", folded)
    return m if m and Levenshtein.distance(m.group(1).replace(" ", ""), key) <= 1 else None


# a signing mark inside a line, after the list item OCR set before it ('- Như trên; KT. GIÁM ĐỐC')
_MARK_INSIDE = re.compile(rf"(?:^|\s)(?:{_MARKS})\s*[.,:;]\s*([^\W\d_])")
# the signature note of a published copy ('(Đã ký)', '(Đã ký và đóng dấu)'), on folded text
_SIGNED_NOTE = re.compile(r"\(\s*da\s*ky\b[^)]{0,30}\)?")


def _beside_start(text: str, title_above: bool = False) -> int | None:
    """Where the signature block's part of one line of the closing block starts, when OCR (or a text layer) set it
    on the line of a 'Nơi nhận' item beside it ('- Như trên; KT. CHỦ TỊCH', '- Sở Tư pháp; PHÓ CHỦ TỊCH', '- Lưu: VT,
    TH. Giàng Seo Phử', '- Sở Tài chính; (Đã ký)'); None when the line is the item alone. Decree 30 sets the list on
    the left and the signature on the right, so what follows the item is a signing mark, a signing title, the
    signature note or the signer's name: a name only after the item's own ';' or '.', or after the filing codes.
    ``title_above``: the line above ended with a signing title beside its item, whose next line this may go on with
    ('- Như trên; CỤC TRƯỞNG' / '- Bộ trưởng (để b/c); CỤC BƯU ĐIỆN TRUNG ƯƠNG'), even a body's name."""
    cfg = _cfg()
    gap = re.search(r"\S(\s{3,})\S", text.strip())
    if gap:  # a text layer keeps the gutter between the columns
        return len(text) - len(text.lstrip()) + gap.start(1)
    folded = fold(text)
    cands: list[int] = []
    # a mark opens a title in capitals; a filing code that reads as one ('- Lưu: VT, KT. Trần Hòa Nam': Phòng Kinh tế)
    # ends the list with its stop, and the name after it is the signer's
    mark = next((m for m in _MARK_INSIDE.finditer(text, 1)
                 if m.group(1).isupper() and not person_name(text[m.start(1) :])), None)
    if mark:
        cands.append(mark.start())
    note = _SIGNED_NOTE.search(folded, 1)
    if note:
        cands.append(note.start())
    # a signing title: a run of capitals to the line's end after the item's last word (one with a small letter, or
    # its end mark)
    words = list(re.finditer(r"\S+", text))
    title_re = rx(cfg["sign_title"])
    for k in range(1, len(words)):
        run, before = text[words[k].start() :], words[k - 1].group()
        if (not any(c.islower() for c in run) and _is_upper(run) and title_re.match(fold(run)) and len(run.split()) >= 2
                and (any(c.islower() for c in before) or before[-1] in ";.,")):
            cands.append(words[k].start())
            break
    # a signing title's second line ('TRƯỞNG PHÒNG' / 'KẾ HOẠCH TỔNG HỢP'): a run of two or more words in capitals to
    # the line's end after the item's own ';' (a filing line's codes are capitals after its 'VT,': not this; nor a
    # body's name, 'SỞ TÀI CHÍNH', an item of its own, unless a signing title stood beside the item above: its
    # second line, 'CỤC BƯU ĐIỆN TRUNG ƯƠNG' under 'CỤC TRƯỞNG')
    if not _ARCHIVE.match(fold(text.strip(" -–"))):
        for k in range(1, len(words) - 1):
            run = text[words[k].start() :]
            if (words[k - 1].group().endswith(";") and not any(c.islower() for c in run) and _is_upper(run)
                    and all(_caps_word(w) or w in "-–" for w in run.split()) and len(run.split()) >= 2
                    and not run.rstrip().endswith((";", ","))  # a list's units ('Các sở: CT; NNMT, XD;') close an item
                    and (title_above or not rx(cfg["body_head"]).match(fold(run)))):
                cands.append(words[k].start())
                break
    # a name after the item's end mark; after the filing codes of a 'Lưu:' line without one
    # (a name ends its line: 'Báo Đồng Tháp;' after an item's ';' is the next item on the same line)
    for m in re.finditer(r"[;.]\s+", text):
        if person_name(text[m.end() :]) and not text.rstrip().endswith((";", ",")):
            cands.append(m.end())
            break
    if _ARCHIVE.match(fold(text.strip(" -–"))):
        for k in range(2, len(words) - 1):
            run = text[words[k].start() :]
            if person_name(run) and words[k - 1].group().rstrip(",.;").isupper():
                cands.append(words[k].start())
                break
    return min(cands) if cands else None


def _is_sign_title(part: str) -> bool:
    """A signing title's first line in capitals ('CỤC TRƯỞNG', 'TRƯỞNG PHÒNG'; 'sign_title'), which its next line
    may go on with; not a mark ('KT. GIÁM ĐỐC'), a title's second line ('KẾ HOẠCH TỔNG HỢP'), a name or a note."""
    t = part.strip()
    return (_is_upper(t) and not any(c.islower() for c in t) and not _MARK.match(t)
            and bool(rx(_cfg()["sign_title"]).match(fold(t))))


def closing_columns(lines: list[Line], stop: int) -> list[Line]:
    """The lines before ``stop`` with the closing block read column by column: the 'Nơi nhận' list first, then the
    signature block that stood beside it (marks, title, note, name), as Decree 30 lays the two out side by side. A
    text layer keeps them apart by a wide gap; OCR's line-by-line reading runs them together ('- Như Điều 3; KT.
    CHỦ TỊCH'), and each line's signature part is cut off where :func:`_beside_start` finds it. Lines after the
    list's end belong to the signature block too. Nothing is changed when no line holds both."""
    region = lines[:stop]
    at = next((i for i, ln in enumerate(region) if rx(_cfg()["distribution"]).match(ln.folded)
               or _garbled_label(ln.folded, "noinhan")), None)
    if at is None:
        return region
    left: list[Line] = []
    right: list[Line] = []
    listing = True
    split = False
    title_above = False  # the line above set a signing title beside its item
    for ln in region[at:]:
        t = ln.text.strip()
        if t and ln is not region[at] and re.match(r"^\s{3,}\S", ln.text):
            right.append(Line(ln.idx, ln.page_no, t))  # the right column alone, in a text layer ('    Hoàng Văn Páo')
            split = True
            continue
        if (listing and t and ln is not region[at] and not _DASH.match(t) and not (_FILING.match(t) or _filing_loose(t))
                and not (left and ln is not region[at] and _wraps(left[-1].text, t))
                and not (left and ln is not region[at] and _lost_dash(t, _next_text(region, ln.idx, len(region)), left[-1].text))):
            listing = False  # a line without a dash ends the list (unless it wraps an item): the signature block follows
        cut = _beside_start(ln.text, title_above) if listing and t else None
        title_above = cut is not None and _is_sign_title(ln.text[cut:])
        if cut is None:
            (left if listing else right).append(ln)
            if listing and fold(t.lstrip("-–—+•:;=~_· ")).startswith("luu"):
                listing = False
            continue
        split = True
        head, tail = ln.text[:cut].rstrip(), ln.text[cut:].strip()
        if head.strip():
            left.append(Line(ln.idx, ln.page_no, head))
        right.append(Line(ln.idx, ln.page_no, tail))
        if fold(head.strip().lstrip("-–—+•:;=~_· ")).startswith("luu"):
            listing = False
    if not split:
        return region
    return [*region[:at], *left, *right]


def distribution(lines: list[Line], stop: int) -> list[str] | None:
    for i, ln in enumerate(lines[:stop]):
        m = rx(_cfg()["distribution"]).match(ln.folded) or _garbled_label(ln.folded, "noinhan")
        if m:
            # the first item OCR set on the label's line ('Nơi nhận: - Như trên;'); a signature mark there is not one
            rest = ln.text[m.end() :].strip()
            first = re.sub(r"^[-–—+•]\s*", "", rest) if re.match(r"^[-–—+•]\s*\S", rest) else ""
            return _items(lines, i, first) or None
    return None


# apostrophes as OCR and fonts print them ('H’Hen', 'K‘ Bình'): a name keeps the plain one
# two-letter initial consonants of Vietnamese syllables
_INITIALS = frozenset({"ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr"})
_APOSTROPHES = str.maketrans({c: "'" for c in "’‘`´ʼ′"})


def _name_word(w: str) -> str | None:
    """A word of a person's name as printed, or None. One-letter words occur ('Y Vinh Niê', 'Giàng A Páo'), and
    the prefixes of the Central Highlands' names take an apostrophe ('H'Hen Niê', 'K' Bình'). OCR often loses
    that apostrophe ('HHen', 'HYim'): a known prefix glued to a capitalised word gets it back, unless the two
    letters open a Vietnamese syllable ('KHoa', a case slip of 'Khoa', is not split)."""
    if w.isalpha() and w[0].isupper() and (len(w) == 1 or w[1:].islower()):
        return w
    m = re.fullmatch(r"([^\W\d_])'([^\W\d_]*)", w)
    if m and m.group(1).isupper() and (not m.group(2) or _name_word(m.group(2)) == m.group(2)):
        return w
    prefixes = _cfg()["name_prefixes"]
    if (len(w) > 2 and w[0] in prefixes and w.isalpha() and w[1].isupper() and w[2:].islower()
            and not (w[:2].lower() in _INITIALS and is_vietnamese_syllable(w.lower()))):
        return f"{w[0]}'{w[1:]}"
    return None


def person_name(text: str) -> str | None:
    """The name of a signature line (2 to 5 name words), apostrophes mended, or None."""
    # specks OCR set around the name ('Hồ Văn Mên.', '- Lê Văn Bình'): a name has no marks at its ends
    words = [_name_word(w) for w in text.translate(_APOSTROPHES).strip(" .,;:-_~'\"").split()]
    if not 2 <= len(words) <= 5 or not all(words) or len("".join(w for w in words if w)) < 4:
        return None
    return " ".join(w for w in words if w)


def _is_name(text: str) -> bool:
    return person_name(text) is not None


def _authority(mark: str) -> str:
    """'TUQ.BỘTRƯỞNG — -' -> 'TUQ. BỘ TRƯỞNG': the mark, then a known title when OCR ran its words together or
    left specks after it; anything else as read."""
    m = re.match(rf"^\s*({_MARKS})\s*[.,:;]?\s*(.*)$", mark, flags=re.IGNORECASE)
    if not m:
        return mark
    rest = m.group(2).strip(" -–—_.,")
    key = re.sub(r"[^a-z]", "", fold(rest))
    known = next((t for t in _cfg()["authority_titles"] if re.sub(r"[^a-z]", "", fold(t)) == key), None)
    return f"{m.group(1).upper()}. {known or clean_space(rest)}"


def signature(lines: list[Line], stop: int) -> dict[str, Any]:
    """Authority marks, title and name of the last signature block before ``stop`` (the appendix, if any)."""
    cfg = _cfg()
    auth_re, title_re = rx(cfg["authority"]), rx(cfg["sign_title"])
    region = lines[:stop]
    start = None
    for i in range(len(region) - 1, -1, -1):
        t = region[i].text.strip().replace("*", "")
        ft = fold(t)
        if _is_upper(t) and len(t) < 80 and (auth_re.match(ft) or title_re.match(ft)):
            start = i
            # the marks above it, over a blank line OCR set inside the block ('TM. ỦY BAN NHÂN DÂN' / '' / 'KT. …')
            k = start - 1
            while k >= 0 and (not region[k].text.strip() or auth_re.match(fold(region[k].text.strip().replace("*", "")))):
                if region[k].text.strip():
                    start = k
                k -= 1
            break
    out: dict[str, Any] = {"signer": None, "signer_authority": None, "signer_title": None}
    if start is None:
        return out
    marks: list[str] = []
    titles: list[str] = []
    for ln in region[start : start + 12]:
        t = clean_space(ln.text.replace("*", ""))
        if not t:
            continue
        name = person_name(t)
        if name:
            out["signer"] = name
            break
        if not _is_upper(t):
            if marks or titles:
                continue
            break
        (marks if auth_re.match(fold(t)) else titles).append(t)
    out["signer_authority"] = " / ".join(_authority(m) for m in marks) or None
    out["signer_title"] = _title(titles, lines)
    return out


def _title(titles: list[str], lines: list[Line]) -> str | None:
    """The signing title of a block's upper-case lines under its marks: the last one, with the line above it when it
    goes on with that one (a title printed over two lines, 'TRƯỞNG PHÒNG' / 'KẾ HOẠCH TỔNG HỢP': the last line opens
    with no signing title of its own, the one above does)."""
    if not titles:
        return None
    title_re = rx(_cfg()["sign_title"])
    last = titles[-1]
    if len(titles) >= 2 and not title_re.match(fold(last)) and title_re.match(fold(titles[-2])):
        last = f"{titles[-2]} {last}"
    return _known_title(mend_from_text(last, lines))


def _known_title(title: str) -> str:
    """A signing title whose diacritics OCR misread ('PHÓ GIÁM ĐÔC') takes the spelling of the known title it
    folds to ('PHÓ GIÁM ĐỐC'), or, garbled into no syllable, is one glyph from; any other title is kept as read."""
    key = re.sub(r"[^a-z]", "", fold(title))
    for known in _cfg()["authority_titles"]:
        for form in (known, f"PHÓ {known}"):
            if re.sub(r"[^a-z]", "", fold(form)) == key:
                return form
    # a word OCR garbled into no syllable ('PHÓ CHỦ TJCH'): the one known title one glyph away ('THỨ TRƯỞNG', all
    # syllables, is a title of its own, never mended to 'THỦ TƯỚNG')
    if all(is_vietnamese_syllable(w.lower()) for w in re.findall(r"[^\W\d_]+", title)):
        return title
    near = {form for known in _cfg()["authority_titles"] for form in (known, f"PHÓ {known}")
            if len(key) >= 6 and Levenshtein.distance(re.sub(r"[^a-z]", "", fold(form)), key) == 1}
    return near.pop() if len(near) == 1 else title


def mend_from_text(line: str, lines: list[Line]) -> str:
    """An upper-case line with words OCR garbled into no Vietnamese syllable ('CỤC TRƯỞNG CỤC CHUYÊỀN ĐỔI SỐ
    QUỐC GIA'), each mended from the document's own text where that prints it between the same neighbours
    ('(qua Cục Chuyển đổi số quốc gia)') one character away; a word the text does not print stays as read."""
    words = line.split()
    bad = [i for i, w in enumerate(words) if w.isalpha() and not is_vietnamese_syllable(w.lower())]
    if not bad:
        return line
    text = [w for ln in lines for w in re.findall(r"\w+", ln.text)]
    ftext = [fold(w) for w in text]
    for i in bad:
        before = fold(words[i - 1]) if i > 0 else None
        after = fold(words[i + 1]) if i + 1 < len(words) else None
        key = syllable_key(words[i])
        found = {
            text[k] for k in range(len(text))
            if (before is None or (k > 0 and ftext[k - 1] == before))
            and (after is None or (k + 1 < len(text) and ftext[k + 1] == after))
            and is_vietnamese_syllable(text[k].lower()) and Levenshtein.distance(syllable_key(text[k]), key) <= 1
        }
        if len({w.lower() for w in found}) == 1:
            words[i] = found.pop().upper()
    return " ".join(words)


# --- joint documents (liên tịch, liên sở): two issuers in the header, two signature blocks side by side -------------


def _place_level(place: str | None) -> str | None:
    return place.split(" ", 1)[0] if place and not place.startswith("thành") else ("thành phố" if place else None)


def joint_issuers(lines: list[Line], doc_number: str | None) -> dict[str, Any] | None:
    """Issuers of a joint document, None for a document of one body. Decree 30 names every issuing body in the
    header's left column: stacked, sharing the place line below them ('ỦY BAN NHÂN DÂN' / 'ỦY BAN MẶT TRẬN TỔ QUỐC
    VIỆT NAM' / 'TỈNH QUẢNG TRỊ'), or on one line joined by a dash under their parent ('UBND TỈNH AN GIANG' / 'SỞ NỘI
    VỤ - SỞ TÀI CHÍNH'). A header is joint when such a dashed line joins two bodies, or when its number says so (a
    type part ending 'LT', 'LS' for liên sở: '15/KHLT-UBND-MTTQ', '27/LS-SNV-STC'). Each issuer gets the place it
    shares; the first issuer gives the level and jurisdiction."""
    cfg = _cfg()
    bodies = issuer_bodies(lines)
    head_re = rx(cfg["body_head"])
    pair_at = None
    for k, b in enumerate(bodies):
        parts = [p.strip() for p in re.split(r"\s[-–]\s", b)]
        if len(parts) == 2 and all(head_re.match(fold(p)) for p in parts):
            pair_at = k
            break
    joint_no = bool(doc_number and rx(cfg["joint_number"]).search(fold(doc_number)))
    if pair_at is not None:
        parent_body = bodies[pair_at - 1] if pair_at else None
        members = [p.strip() for p in re.split(r"\s[-–]\s", bodies[pair_at])]
    elif joint_no and len(bodies) >= 2:
        # a parent with its place above two bodies of its own ('UBND TỈNH X' / 'SỞ A' / 'SỞ B')
        first_place = _split_place(bodies[0])[1]
        parent_body = bodies[0] if len(bodies) >= 3 and first_place else None
        members = bodies[1:] if parent_body else bodies
    else:
        return None
    parent_head, parent_place = _split_place(parent_body) if parent_body else (None, None)
    split = [_split_place(m) for m in members]
    shared = next((p for _, p in reversed(split) if p), None) or parent_place
    issuers: list[str] = []
    heads: list[str] = []
    for head, place in split:
        place = place or shared
        short = cfg["short_issuer"].get(clean_space(fold(head)))
        name = body_name(head)
        heads.append(name)
        # a member whose name ends in the shared place's level word ('THANH TRA TỈNH') takes the place's name once
        issuers.append(clean_space(f"{short} {place or ''}") if short or not place else _with_place(name, place))
    parent = clean_space(f"{body_name(parent_head)} {parent_place or ''}") if parent_head else None
    first_place = split[0][1] or shared
    return {"issuer": "; ".join(issuers), "issuer_parent": parent, "issuer_level": _place_level(first_place),
            "jurisdiction": first_place, "issuer_body": heads[0], "heads": heads}


def _is_sign_line(text: str) -> bool:
    """An upper-case line of a signature block: a signing mark or a signing title ('TM. ỦY BAN NHÂN DÂN', 'PHÓ CHỦ
    TỊCH', 'GIÁM ĐỐC SỞ NỘI VỤ')."""
    cfg = _cfg()
    t = text.strip().replace("*", "")
    return _is_upper(t) and bool(rx(cfg["authority"]).match(fold(t)) or rx(cfg["sign_title"]).match(fold(t)))


def two_names(text: str) -> tuple[str, str] | None:
    """Two signers' names OCR read as one line ('Hồ Thị Thu Hằng Hoàng Nam'): the one cut where the second name
    opens with a family name (restoration's list of them, :data:`normalize.names.SURNAMES`) and both halves are
    names of two to four words (as nearly every Vietnamese name is; a rarer surname such as 'Kim' may also stand
    inside a name); None when no cut or more than one fits."""
    words = text.split()
    cuts = [(a, b) for k in range(2, min(len(words) - 1, 5))
            if len(words) - k <= 4 and words[k] in SURNAMES.get(syllable_key(words[k]), {}) and (a := person_name(" ".join(words[:k]))) and (b := person_name(" ".join(words[k:])))]
    return cuts[0] if len(cuts) == 1 else None


def _block_pair(raw: str) -> tuple[str, str] | None:
    """(left, right) parts of one line of two signature blocks set side by side; ('', right) for the right block's
    line alone in a text layer (set off by leading spaces); None for a line of one part OCR gives no column."""
    stripped = raw.strip().replace("*", "")
    gap = re.search(r"\S(\s{3,})\S", stripped)
    if gap:  # a text layer keeps the gutter
        return stripped[: gap.start(1) + 1].strip(), stripped[gap.end(1) - 1 :].strip()
    if re.match(r"^\s{3,}\S", raw):
        return "", stripped
    # OCR ran the two blocks' lines together: a second signing mark ('TM. BAN THƯỜNG TRỰC TM. ỦY BAN NHÂN DÂN',
    # 'CHỦ TỊCH KT. CHỦ TỊCH'), or a second signing title after a first ('GIÁM ĐỐC SỞ TÀI CHÍNH GIÁM ĐỐC SỞ NỘI VỤ')
    mark = next((m for m in _MARK_INSIDE.finditer(stripped, 1) if m.group(1).isupper()), None)
    if mark and _is_sign_line(stripped[: mark.start()]):
        return stripped[: mark.start()].strip(), stripped[mark.start() :].strip()
    words = list(re.finditer(r"\S+", stripped))
    for k in range(2, len(words) - 1):
        a, b = stripped[: words[k].start()].strip(), stripped[words[k].start() :]
        # never inside a title that reads on over the cut ('KT. CHI' | 'CỤC TRƯỞNG' is 'KT. CHI CỤC TRƯỞNG')
        through = rx(_cfg()["sign_title"]).match(fold(f"{words[k - 1].group()} {b}"))
        if (_is_sign_line(a) and _is_sign_line(b) and rx(_cfg()["sign_title"]).match(fold(b))
                and not fold(a).endswith("pho") and not through):
            return a, b
    names = two_names(clean_space(stripped))
    return names if names else None


def _read_block(parts: list[str], lines: list[Line]) -> dict[str, Any]:
    """Marks, title and name of one signature block, its lines top to bottom."""
    auth_re = rx(_cfg()["authority"])
    marks: list[str] = []
    titles: list[str] = []
    name = None
    for t in parts:
        if person_name(t):
            name = person_name(t)
            break
        if _is_upper(t):
            (marks if auth_re.match(fold(t)) else titles).append(t)
    return {"signer": name, "signer_authority": " / ".join(_authority(m) for m in marks) or None,
            "signer_title": _title(titles, lines)}


def signature_blocks(lines: list[Line], stop: int) -> list[dict[str, Any]] | None:
    """The two signature blocks of a joint document, set side by side, left then right; None when the document has
    one block. They start at a line that holds a signing line in each column and end at the 'Nơi nhận' list or the
    page's end. A line OCR read as one part (the other column empty there) goes to the block it continues: a title to
    the block whose last line is a mark, a name to the only block without one; else (both could take it) it is
    dropped, never guessed."""
    region = lines[:stop]
    start = next((i for i, ln in enumerate(region)
                  if (pair := _block_pair(ln.text)) and all(p and _is_sign_line(p) for p in pair)), None)
    if start is None:
        return None
    cols: tuple[list[str], list[str]] = ([], [])
    for ln in region[start : start + 14]:
        t = clean_space(ln.text.replace("*", ""))
        if not t:
            continue
        if rx(_cfg()["distribution"]).match(ln.folded) or _DASH.match(t) and not _is_upper(t):
            break
        pair = _block_pair(ln.text)
        if pair:
            for col, part in zip(cols, pair, strict=True):
                if part:
                    col.append(part)
            continue
        if person_name(t):
            open_ = [c for c in cols if not any(person_name(x) for x in c)]
        elif _is_upper(t):
            open_ = [c for c in cols if c and rx(_cfg()["authority"]).match(fold(c[-1]))]
        else:
            continue  # the published copy's note, specks
        if len(open_) == 1:
            open_[0].append(t)
    blocks = [_read_block(c, lines) for c in cols]
    return blocks if all(b["signer_authority"] or b["signer_title"] for b in blocks) else None


def joint_signature(blocks: list[dict[str, Any]], heads: list[str] | None) -> dict[str, Any]:
    """The signature fields of a joint document, one '; '-joined part per block, in the order of the header's issuers
    (``heads``, their bodies' names): a block that names one issuer's body ('TM. ỦY BAN NHÂN DÂN', 'GIÁM ĐỐC SỞ NỘI
    VỤ') goes with it, the others left to right; a part a block lacks is empty, a field no block has is null."""
    order = list(range(len(blocks)))
    if heads and len(heads) == len(blocks):
        keys = [re.sub(r"[^a-z ]", "", fold(h)) for h in heads]
        texts = [re.sub(r"[^a-z ]", "", fold(f"{b['signer_authority'] or ''} {b['signer_title'] or ''}")) for b in blocks]
        match = {i: [k for k, key in enumerate(keys) if key and key in texts[i]] for i in order}
        placed: dict[int, int] = {}
        for i in order:
            if len(match[i]) == 1 and match[i][0] not in placed.values():
                placed[i] = match[i][0]
        free = iter(k for k in range(len(heads)) if k not in placed.values())
        for i in order:
            if i not in placed:
                placed[i] = next(free)
        order = sorted(order, key=lambda i: placed[i])
    out: dict[str, Any] = {}
    for key in ("signer", "signer_authority", "signer_title"):
        parts = [blocks[i][key] or "" for i in order]
        out[key] = "; ".join(parts) if any(parts) else None
    return out
