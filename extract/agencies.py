"""Agency registry: seeded from patterns/agencies.json, mentions resolved with a spaCy PhraseMatcher
(exact, on folded text) and rapidfuzz (OCR variants, abbreviations), scoped to a jurisdiction."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from extract.nlp import blank_vi
from extract.patterns import load_json
from extract.rows import AgencyRow, agency_id
from normalize.text import clean_space, fold, nfc, strip_tags, token_spans

log = logging.getLogger(__name__)

FUZZY_THRESHOLD = 85.0
MERGE_THRESHOLD = 92.0  # pieces between separators merged into one mention: a near-exact name only
_RULES = load_json("agencies.json")
CENTRAL_CITIES = frozenset(_RULES["central_cities"])
_BRANCHES = frozenset(nfc(x) for x in _RULES["branch_names"])
# folded words of a place's level: what follows one names a place ('tỉnh Đắk Lắk', 'khu vực VII')
_REGION = re.compile(r"^\s*khu vuc\s+(?:[ivxl]{1,5}|\d{1,2})\s*$")  # a region's number after a name ('… Khu vực IX')
_PLACE_WORDS = frozenset({"tinh", "thanh", "pho", "xa", "phuong", "huyen", "quan", "khu", "vuc", "dac"})
_HEAD_WORDS = frozenset(_RULES["head_words"])
_NOISE = frozenset(_RULES["noise_words"])


@dataclass
class Agency:
    agency_id: str
    name: str
    kind: str
    jurisdiction: str | None
    aliases: list[str] = field(default_factory=list)

    def row(self) -> AgencyRow:
        return AgencyRow(agency_id=self.agency_id, name=self.name, kind=self.kind, jurisdiction=self.jurisdiction,
                         aliases=list(self.aliases))


@dataclass(frozen=True)
class SeedAgency:
    name: str
    kind: str
    scope: str
    keys: tuple[str, ...]  # folded, abbreviation-expanded forms


def expand(s: str) -> str:
    """Folded, punctuation-free, abbreviation-expanded key of a mention."""
    abbr: dict[str, str] = load_json("abbreviations.json")["tokens"]
    toks = re.findall(r"[\w&]+", fold(nfc(s)))
    return " ".join(abbr.get(t, t) for t in toks)


@lru_cache(maxsize=1)
def seed_agencies() -> tuple[SeedAgency, ...]:
    out = []
    for a in load_json("agencies.json")["agencies"]:
        keys = {expand(a["name"]), *(expand(x) for x in a.get("aliases", []))}
        out.append(SeedAgency(nfc(a["name"]), a["kind"], a["scope"], tuple(sorted(keys))))
    return tuple(out)


@lru_cache(maxsize=1)
def _phrase_matcher() -> PhraseMatcher:
    nlp = blank_vi()
    pm = PhraseMatcher(nlp.vocab)
    for i, seed in enumerate(seed_agencies()):
        forms = {fold(seed.name), *(fold(nfc(a)) for a in _aliases_raw(seed.name))}
        docs = [Doc(nlp.vocab, words=[t for t, _, _ in token_spans(f)]) for f in forms if f.strip()]
        pm.add(str(i), docs)
    return pm


def _aliases_raw(name: str) -> list[str]:
    for a in load_json("agencies.json")["agencies"]:
        if nfc(a["name"]) == name:
            return list(a.get("aliases", []))
    return []


def _squash(key: str) -> str:
    return re.sub(r"\s+", "", key).translate(str.maketrans("06", "oo"))


# heads of agencies of different levels: a mention never matches a registry name with another of them
_RIVAL_HEADS = frozenset({"so", "bo", "phong", "cuc", "vu"})
# the body a unit belongs to, as the last word of its name ('Văn phòng Sở', 'Thanh tra Bộ', a management board's
# 'Văn phòng Ban')
_OWNER_LEVELS = frozenset({"so", "bo", "ban"})
# words that set a national body apart from the units of the same name every ministry or province has ('Cục
# Chuyển đổi số quốc gia' is not a ministry's own 'Cục Chuyển đổi số'): a mention without them is no truncation
_NATIONAL_TAILS = ("quoc gia", "trung uong", "viet nam")
_KIND_BY_HEAD: list[tuple[str, str]] = [(head, kind) for head, kind in _RULES["kind_by_head"]]


UNRESOLVED = "Cơ quan chưa xác định"
# bodies every level has under one name ('Ủy ban nhân dân'): a mention that names another place keeps it
_GENERIC_BODIES = frozenset({"ubnd", "hđnd"})
_LEVELS: dict[str, str] = load_json("header.json")["levels"]
_LEVEL_KEYS = frozenset(_LEVELS)  # folded level words ('tinh', 'thanh pho', 'xa', …)
# words an agency's name starts with (folded, abbreviations expanded); a mention that resolves to no registry
# agency makes a new one only when it starts like this (possibly after 'các', 'giao', 'thủ trưởng')
_AGENCY_HEAD = re.compile(_RULES["agency_head"])


def _tail_differs(a: str, b: str) -> bool:
    """Two names alike but for the words that tell them apart ('Phòng Quản lý đầu tư' / 'Phòng Quản lý đô thị'):
    same length, the last two words far apart (more than OCR noise changes)."""
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) >= 4 and fuzz.ratio(" ".join(wa[-2:]), " ".join(wb[-2:])) <= 55


_PLURAL_PLACES = re.compile(rf"\s+cac (?:{'|'.join(sorted(_LEVELS, key=len, reverse=True))})\b")


def _many_of(key: str, seed: SeedAgency) -> bool:
    """Whether a mention (folded, expanded) speaks of many bodies of the seed's kind ('Y tế các bộ, ngành': the health
    units of every ministry), so it is never that one body ('Bộ Y tế') whatever words they share."""
    head = seed.keys[0].split()[0]
    if head in _RIVAL_HEADS and re.search(rf"\bcac {head}\b", key) is not None:
        return True
    # a department named for every place of a level ('Sở Giáo dục và Đào tạo các tỉnh, thành phố'): the departments of
    # many provinces, never the registry's one 'Sở' (a registry collective, 'Ủy ban nhân dân các xã, phường', names
    # its places itself; a centre so named, 'Trung tâm Phục vụ hành chính công các tỉnh, thành phố', is the
    # registry's, as the gold has it)
    # ('Ủy ban nhân dân các tỉnh' is the people's committees of many provinces, never the registry's one 'Ủy ban nhân
    # dân' a level's name stands for)
    return ((head in _RIVAL_HEADS or seed.kind in _GENERIC_BODIES) and _PLURAL_PLACES.search(key) is not None
            and not any(" cac " in f" {k} " for k in seed.keys))


# head words as written that open a second name after 'và' (as written: 'Bảo vệ thực vật' folds as 'Báo' does)
_AND_HEADS = ("Trung tâm ", "Bệnh viện ", "Sở ", "Ban ", "Phòng ", "Chi cục ", "Cục ", "Ủy ban ", "UBND ", "Hội ",
              "Văn phòng ", "Công an ", "Bộ Chỉ huy ", "Trường ", "Viện ", "Trạm ", "Thư viện ", "Đài ", "Báo ",
              "Bảo tàng ", "Hạt ", "Đội ", "Đoàn ", "Kho bạc ", "Thanh tra ", "Tổng công ty ", "Công ty ")


def _and_split(text: str) -> list[str]:
    """Two names no registry holds joined by 'và' ('Trung tâm Y tế khu vực và Trung tâm Kiểm soát bệnh tật tỉnh',
    'Bệnh viện Đa khoa tỉnh và Bệnh viện Sản Nhi tỉnh'): cut where 'và' is followed by a capitalised agency head word
    and both sides read as agencies; a 'và' inside a name ('Sở Giáo dục và Đào tạo', 'Trung tâm Văn hóa và Thông
    tin') is followed by no head word and stays."""
    cuts = [m for m in re.finditer(r"\s+và\s+(?=[^\W\d_])", text)
            if text[m.end() :].startswith(_AND_HEADS) and _AGENCY_HEAD.match(expand(text[m.end() :]) + " ")]
    if not cuts:
        return [text]
    bounds = [0, *[x for m in cuts for x in (m.start(), m.end())], len(text)]
    parts = [text[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2)]
    return parts if all(plausible_agency(x) for x in parts) else [text]


def plausible_agency(mention: str) -> bool:
    """Whether an unknown mention reads like an agency's name: an agency head word at the start, mostly
    letters, two words or more, not a sentence (no digits, at most 16 syllables: 'Ban Quản lý dự án đầu tư xây dựng
    các công trình giao thông tỉnh' is 14)."""
    text = clean_space(mention)
    if _HAMLET_HEADS.match(text):
        return True  # 'Trưởng các bản', 'Trưởng các thôn, tổ dân phố': the heads of a commune's residential units
    # a unit numbered by its region or rank ('Ngân hàng Nhà nước Khu vực 11', 'Trường Tiểu học số 2'): the number
    # is part of the name; any other digit (a date, an amount) is a sentence's
    # ('Phòng Quản lý dự án 2': a unit numbered among its like, in a name of four words or more, the number after no
    # word of time: 'Sở Y tế ngày 15' is a sentence's)
    text = re.sub(r"(\b(?:[Vv]ực|[Ss]ố))\s+\d{1,3}$", r"\1", text)
    text = re.sub(r"^((?:\S+\s+){3,}(?!(?:ngày|tháng|năm|quý|giờ|tuần|lần|đợt)\s)\S+)\s+\d{1,2}$", r"\1", text,
                  flags=re.IGNORECASE)
    letters = sum(c.isalpha() for c in text)
    if letters < 6 or letters < 0.8 * len(text.replace(" ", "")) or re.search(r"\d", text):
        return False
    key = expand(text)
    words = key.split()
    # a name that ends at its place's level word may run to 20 ('Ban Quản lý dự án đầu tư xây dựng các công trình dân
    # dụng và công nghiệp tỉnh' is 18): the level closes it as no sentence does
    # (one name: no list's comma, and its only level word the last: 'Ủy ban MTTQ … huyện và các tổ chức … huyện' is two)
    written = text.split()  # ('phường', never the 'phương' of 'địa phương')
    at_level = (written[-1] in _LEVELS.values() or " ".join(written[-2:]) in _LEVELS.values()) and not re.search(
        r"[,;]", text) and sum(w in _LEVELS.values() for w in written[:-1]) == 0
    if not 2 <= len(words) <= (20 if at_level else 16) or not _AGENCY_HEAD.match(key):
        return False
    if text.split()[0].lower() == "số":
        return False  # 'Số người tham gia …' (a number of), never 'Sở …' though both fold to 'so'
    # a head word alone with a stray fragment ('Phòng Văn', 'Sở thông'): a cut-off name, not a new agency; but a unit
    # named by the body it belongs to ('Văn phòng Ban', 'Thanh tra Sở') is whole
    head_len = _AGENCY_HEAD.match(key).end()
    if (key.startswith(("van phong ", "thanh tra ")) and key[head_len:].split() in ([w] for w in _OWNER_LEVELS)
            and text.split()[-1][:1].isupper()):
        return True
    # ... nor is a unit named by its head word and its level ('Thư viện tỉnh', 'Bảo tàng tỉnh')
    return len(key[head_len:].replace(" ", "")) >= 5 or key[head_len:].strip() in _LEVEL_KEYS


# the residential units of a commune addressed together ('Các thôn, tổ dân phố', 'Các ấp, khu phố ven biển', a
# southern ward's 'Các khóm'): no agency and no registry name, but the ones a plan gives the work to
_UNIT = r"(?:thon|ban|ap|buon|lang|xom|khom|khu pho|to dan pho|khu dan cu|tdp)"
# the heads of a commune's residential units as a lead, as written ('Trưởng các bản', 'Trưởng các xóm có hộ di dời'): the
# written word, as 'Trưởng các ban' (heads of boards) folds alike
_HAMLET_HEADS = re.compile(r"^Trưởng\s+các\s+(?:thôn|bản|ấp|buôn|làng|xóm|khóm|khu phố|tổ dân phố|khu dân cư)(?!\w)",
                           re.IGNORECASE)
_RESIDENTIAL = re.compile(rf"^cac\s+{_UNIT}(?:\s*(?:,|va)\s*{_UNIT})*(?:\s+(?:ven|tren dia ban|thuoc|vung|doc)\b.{{1,40}})?$")


def _proper_name(mention: str) -> bool:
    """A name written as one: three to sixteen words, the first and one of the next two with a capital, letters only
    ('Cảng vụ Hàng hải Thanh Hóa', 'Khu Bảo tồn thiên nhiên Xuân Liên', 'Nhà Văn hóa Thiếu nhi tỉnh'): an office no
    registry holds, kept as written though its head word is none of the agency heads. It ends on a name's word (one
    of its last two with a capital: '… Môi trường') or on its level ('tỉnh'): a name run on into a sentence ('Truyền hình Cao Bằng đưa tin dự báo thời tiết') is none."""
    words = clean_space(mention).split()
    return (3 <= len(words) <= 16 and words[0][:1].isupper() and any(w[:1].isupper() for w in words[1:3])
            and all(w.replace("-", "").isalpha() for w in words)
            and (any(w[:1].isupper() for w in words[-2:]) or fold(words[-1]) in _LEVEL_KEYS))


def residential_units(mention: str) -> bool:
    """Whether a mention is a commune's residential units together ('Các thôn, tổ dân phố', 'Các thôn, bản', 'Các
    ấp, khu phố ven biển'), a lead kept as written."""
    return _RESIDENTIAL.match(fold(clean_space(mention))) is not None


_TITLE = re.compile(r"(?:(?<=^)|(?<=[,;] ))(?:Phó |phó )?(?:Chủ tịch|Giám đốc|Thủ trưởng|Lãnh đạo|Trưởng ban|Hiệu trưởng|"
                    r"Chánh Văn phòng|Chỉ huy trưởng|chủ tịch|giám đốc|thủ trưởng|lãnh đạo|trưởng ban|hiệu trưởng|"
                    r"chỉ huy trưởng)\s+(?=\S)")
# what narrows a collective: 'có …' (those that have …), 'thuộc …' (under …), 'trên địa bàn …' (in …), 'ven …' /
# 'vùng …' / 'dọc …' (those along a river or coast, in an area: 'các xã, phường ven biển')
# the places of a collective mention listed together ('Trạm Y tế các xã, phường', '… các xã, phường, đặc khu'): their
# commas separate no agencies
_PLACES = r"(?:xa|phuong|thi tran|dac khu|huyen|quan|thi xa|thanh pho)"
_PLACE_LIST = re.compile(rf"\bcac\s+{_PLACES}(?:\s*,\s*{_PLACES}\b)+")
_QUALIFIER = re.compile(r"\bcac\b.*?(\s+(?:co|thuoc|tren dia ban|ven|vung|doc)\s+\S.*)$")
# a collective over places or residential units, the words after it naming which ('Ủy ban nhân dân các phường Bình Đông,
# Chánh Hưng', 'Các tổ dân phố Tân Mai, Tương Mai', 'Ủy ban nhân dân các xã biên giới'; folded)
_COLLECTIVE_TAIL = re.compile(rf"^(.{{0,60}}?\bcac\s+(?:{_PLACES}|{_UNIT})(?:\s*(?:,|va)\s*(?:{_PLACES}|{_UNIT})\b)*)\s+(\S.*)$")
_GLUED_STOP = re.compile(r"(?<=\s)([^\W\d_]*[^\W\d_A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ])\.\s+"
                         r"(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ])")


def _unglue(text: str) -> str:
    """Two names OCR joined with a full stop ('Sở Nội vụ. Văn phòng Ủy ban nhân dân tỉnh') read as a list: a stop after
    a word in small letters ('vụ', 'tế') or of three letters or more ending in a small one, a capital after it (an
    abbreviation's 'TP. Huế', 'Tp. Cần Thơ' stay)."""
    return _GLUED_STOP.sub(lambda m: m.group(0) if len(m.group(1)) < 3 and not m.group(1)[:1].islower()
                           else f"{m.group(1)}; ", text)


_NAME_LIST = re.compile(r"^[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][\w-]*(?:\s+[\w-]+)*?"
                        r"(?:\s*(?:,|và)\s*[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][\w-]*(?:\s+[\w-]+)*?)*$")


def collective_head(mention: str) -> str:
    """A collective mention without the place it names or the word that narrows it: 'Ủy ban nhân dân các xã, phường,
    đặc khu Cồn Cỏ' -> 'Ủy ban nhân dân các xã, phường, đặc khu', 'Các tổ dân phố Tân Mai, Tương Mai' -> 'Các tổ dân
    phố', 'Ủy ban nhân dân các xã biên giới' -> 'Ủy ban nhân dân các xã' (the agencies are the collective ones, and a
    list's commas would split it into pieces that are no agencies). The tail is a list of names each written with a
    capital, or one to three words in lower case; anything else is left as written. Communes or wards named two or
    more ('Ủy ban nhân dân các phường Phú Xuân, Thuận Hóa') are those bodies, no collective: the mention stays whole,
    as the held-out gold writes it (doctypes_heldout9.json)."""
    text = clean_space(mention)
    m = _COLLECTIVE_TAIL.match(fold(text))
    if m is None:
        return text
    head, tail = text[: m.end(1)], text[m.start(2) :]
    if head.split()[-1][:1].isupper():
        return text  # 'Các Ban Quản lý dự án …': a name ('Ban', no 'bản'), not a collective of places
    words = tail.split()
    names = all(w[:1].isupper() for w in re.split(r"\s*(?:,|\bvà\b)\s*", tail) if w)
    # (a word that narrows residential units is kept: 'Các thôn, tổ dân phố ven biển' is a lead as written)
    places = re.search(rf"\b{_PLACES}$", fold(head)) is not None
    qualifier = places and len(words) <= 3 and all(w[:1].islower() and w.isalpha() for w in words)
    if not (names and _NAME_LIST.match(tail) or qualifier):
        return text
    if places and names and re.search(r",|\bvà\b", tail):
        return text  # two or more named communes or wards ('… các phường Phú Xuân, Thuận Hóa'): those, as written
    return text[: m.end(1)].rstrip(" ,;")


def best_seed_name(text: str, threshold: float = 92.0) -> str | None:
    """The registry's spelling of a name written otherwise (upper case in a header): a near-exact match only."""
    seed, score = AgencyRegistry(None, None, None).best_seed(text)
    if seed is None or score < threshold or expand(seed.name).split()[:1] != expand(text).split()[:1]:
        return None  # 'BỘ KHOA HỌC ...' is no 'Sở Khoa học ...': the head word must agree
    return seed.name


def _without_place(name: str) -> str:
    """A name without the place it ends on, a level word and the place's proper name ('Thông tin và Thể thao xã Hòa
    An' -> 'Thông tin và Thể thao'): the words that name the body itself, counted apart from where it is."""
    words = name.split()
    for i in range(1, len(words)):
        level = fold(" ".join(words[i : i + 2])) if fold(" ".join(words[i : i + 2])) in _LEVEL_KEYS else fold(words[i])
        if level in _LEVEL_KEYS and words[i][:1].islower() and all(
                w[:1].isupper() for w in words[i + len(level.split()) :]):
            return " ".join(words[:i])
    return name


# levels that are one tier whatever their word: a commune ('xã', 'phường', 'đặc khu', 'thị trấn'), a province ('tỉnh',
# a centrally-run 'thành phố'), a district ('huyện', 'quận', 'thị xã')
_TIERS = (frozenset({"xa", "phuong", "dac khu", "thi tran"}), frozenset({"tinh", "thanh pho"}),
          frozenset({"huyen", "quan", "thi xa"}))
_PROVINCE = _TIERS[1]
# kinds of registry agency every level has under one name (a province's and a commune's 'Ủy ban Mặt trận Tổ quốc', a
# 'Trung tâm Phục vụ hành chính công' of each): a level word names whose it is, the name stays the registry's
_EVERY_LEVEL = frozenset({"ubnd", "hđnd", "đoàn thể", "trung tâm", "generic"})


def _same_level(a: str, b: str) -> bool:
    return a == b or any(a in t and b in t for t in _TIERS)


def _level_of(mention: str) -> str | None:
    """The level word (folded) a mention's name ends on, before its place's proper name if any ('Công an huyện',
    'Phòng Kinh tế xã Ia Grai' -> 'xa'); None when it ends on none ('Bảo hiểm xã hội', 'Phòng Văn hóa - Xã hội')."""
    mention = clean_space(mention).strip(" .,;")
    body = _without_place(mention)
    if body == mention:
        return None
    rest = fold(mention[len(body) :]).split()
    return " ".join(rest[:2]) if " ".join(rest[:2]) in _LEVEL_KEYS else rest[0] if rest and rest[0] in _LEVEL_KEYS else None


def _key_level(key: str) -> str | None:
    """The level word a registry key (folded, expanded) ends on ('cong an xa' -> 'xa'), None for none."""
    words = key.split()
    if len(words) >= 3 and " ".join(words[-2:]) in _LEVEL_KEYS:
        return " ".join(words[-2:])
    return words[-1] if len(words) >= 2 and words[-1] in _LEVEL_KEYS and words[-2] not in ("cac", "va") else None


def _listed_levels(key: str) -> frozenset[str]:
    """The levels a collective lists after its 'các' (folded, expanded: 'uy ban nhan dan cac xa phuong dac khu' ->
    {xa, phuong, dac khu}; 'thành phố' one level); empty for a key that lists none."""
    m = re.search(r"\bcac\s+(.*)$", key)
    if m is None:
        return frozenset()
    words, out, i = m.group(1).split(), set(), 0
    while i < len(words):
        two = " ".join(words[i : i + 2])
        if two in _LEVEL_KEYS:
            out.add(two)
            i += 2
        elif words[i] in _LEVEL_KEYS:
            out.add(words[i])
            i += 1
        elif words[i] == "va" and out:
            i += 1
        else:
            break
    return frozenset(out)


def _collective(seed: SeedAgency, mention: str) -> bool:
    """Whether a mention or the registry agency is many bodies ('Các cơ quan, đơn vị thuộc Bộ', 'Trung tâm Phục vụ
    hành chính công các tỉnh, thành phố'): the words after its kind narrow it, as a qualifier does."""
    return seed.kind == "generic" or " cac " in f" {expand(mention)} " or any(" cac " in f" {k} " for k in seed.keys)


def _extra_words(seed: SeedAgency, mention: str, own: set[str]) -> bool:
    """Whether the mention's name holds content words no name of the registry agency has, beyond OCR's variants of its
    own ('Phòng Văn hóa, Khoa học và Thông tin' is no 'Phòng Văn hóa và Thông tin', 'Ủy ban Trung ương Mặt trận Tổ
    quốc Việt Nam' no commune's 'Ủy ban Mặt trận Tổ quốc Việt Nam'): the words of each key are used up one for one,
    exactly first, then the nearest alike (OCR), and what is left of the mention's (two letters or more, no noise
    word, no place or level word, no word of the document's own place) are the extra words; none left against some
    key is the same body. Lower-case words after the name's last capitalised one, not joined by 'và', are a sentence
    run on ('Ủy ban nhân dân tỉnh chỉ đạo'), where the lead ends is another rule's."""
    written = _without_place(clean_space(mention)).split()
    while len(written) > 1 and written[-1][:1].islower() and fold(written[-2]).rstrip(",") not in ("va", "và"):
        written.pop()  # lower-case words run on after the name ('Ủy ban nhân dân tỉnh chỉ đạo'): the sentence's
    words = [w for w in expand(" ".join(written)).split()
             if len(w) >= 2 and w not in _NOISE and w not in _PLACE_WORDS and w not in own]
    for k in seed.keys:
        left = [w for w in k.split() if w not in _NOISE]
        rest = []
        for w in words:
            if w in left:
                left.remove(w)
            else:
                rest.append(w)
        for w in list(rest):
            near = max(left, key=lambda x: fuzz.ratio(w, x), default=None)
            # a short word with one letter misread is OCR's too ('Sự Tại chính' for 'Sở Tài chính': 'su'/'so')
            if near is not None and (fuzz.ratio(w, near) >= 60 or len(w) == len(near)
                                     and Levenshtein.distance(w, near) == 1):
                left.remove(near)
                rest.remove(w)
        if not rest:
            return False
    return True


def national_branch(mention: str) -> bool:
    """Whether a mention names a national body's branch by its place ('Thuế tỉnh Nghệ An', 'Bảo hiểm xã hội tỉnh',
    'Kho bạc Nhà nước khu vực XIV'): an agency, though no registry name matches it whole."""
    return AgencyRegistry._branch(clean_space(mention).strip(" .,;:")) is not None


def _place_after(text: str, end: int) -> int:
    """Where a place's proper name right after ``text[:end]`` ends (one to three words with a capital, up to a
    separator or the end): 'Thuế tỉnh| Quảng Ngãi, Kho bạc …' -> after 'Ngãi'; ``end`` itself when none follows."""
    m = re.match(r"((?:\s+[^\s,;]+){1,3}?)\s*(?=[,;]|$)", text[end:])
    if m is None or not all(w[:1].isupper() for w in m.group(1).split()):
        return end
    return end + m.end(1)


def to_place(piece: str) -> str | None:
    """The words of a piece up to the place it names, when lower-case words of a sentence follow ('Truyền hình Cao
    Bằng đưa tin dự báo …' -> 'Truyền hình Cao Bằng', 'Truyền hình tỉnh đưa tin …' -> 'Truyền hình tỉnh'): a place's
    proper name (two capitalised words or more) or its level word; None when the piece has no such end."""
    words = piece.split()
    for i in range(2, len(words)):
        if words[i][:1].isupper() or not words[i][:1].isalpha():
            continue
        prev = fold(words[i - 1])
        proper = words[i - 1][:1].isupper() and words[i - 2][:1].isupper()
        if proper or (prev in _LEVEL_KEYS and words[i - 1][:1].islower()):
            return " ".join(words[:i])
    return None


class AgencyRegistry:
    """Agencies of one document's world: the issuer's jurisdiction and its parent."""

    def __init__(self, jurisdiction: str | None, province: str | None, issuer_level: str | None) -> None:
        self.jurisdiction = jurisdiction
        self.level = issuer_level
        if province:
            self.parent = f"thành phố {province}" if province in CENTRAL_CITIES else f"tỉnh {province}"
        else:
            self.parent = None
        if issuer_level in ("tỉnh", "thành phố") and jurisdiction:
            self.parent = jurisdiction
        self.agencies: dict[str, Agency] = {}
        # agencies the document itself names as addressees ('Kính gửi'): where their names end, for the leads
        self.local_names: list[str] = []
        # every addressee the 'Kính gửi' list names (folded): the document says it is a body, so one no registry
        # holds is kept as written even when it opens with no agency's head word ('Y tế các bộ, ngành')
        self.addressees: set[str] = set()

    # -- single mention -------------------------------------------------------------------------
    def best_seed(self, mention: str) -> tuple[SeedAgency | None, float]:
        key = expand(mention)
        if not key:
            return None, 0.0
        variants = [key]
        # the same name with a trailing jurisdiction word ('... xã', '... xã Thạnh Phú') removed
        words = key.split()
        for i in range(len(words) - 1, 0, -1):
            tail = words[i + 1 :]
            if len(tail) > 3 or "va" in tail or _HEAD_WORDS & set(tail):
                continue  # 'xã hội', 'xã, Trung tâm ...': not a jurisdiction after the name
            if words[i] in ("xa", "phuong", "huyen", "tinh") or words[i : i + 2] == ["thanh", "pho"]:
                variants.append(" ".join(words[:i]))
        if len(words) > 3 and words[-2:] == ["viet", "nam"]:
            variants.append(" ".join(words[:-2]))  # a national body's full name ('Bảo hiểm xã hội Việt Nam')
        if words and words[0] != "cac" and re.match(r"\s*\w+\s*,", mention):
            # a list of kinds without its 'các' ('Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ'): the plural
            variants.append("cac " + key)
        best: tuple[SeedAgency | None, float] = (None, 0.0)
        sq = _squash(key)
        head = words[0] if words else ""
        owner = words[-1] if len(words) >= 2 else ""
        plural = head == "cac"
        for seed in seed_agencies():
            if (plural or _many_of(key, seed)) and not any(k.startswith("cac ") for k in seed.keys):
                continue  # 'Các sở giáo dục và đào tạo' (every province's) is no one 'Sở Giáo dục và Đào tạo'
            if head in _RIVAL_HEADS and seed.keys[0].split()[0] in _RIVAL_HEADS - {head} and not any(
                    k.split()[0] == head for k in seed.keys):
                continue  # a 'Sở …' is never a 'Bộ …' (nor a 'Phòng …', 'Cục …', 'Vụ …'), however alike the rest
            if head in _RIVAL_HEADS and _PLURAL_PLACES.search(key) and not any(k.split()[0] == head for k in seed.keys):
                continue  # 'Sở Xây dựng các tỉnh, thành phố …' (every province's Sở) is no 'Ủy ban nhân dân các tỉnh, …'
            if owner in _OWNER_LEVELS and all(k.split()[-1] in _OWNER_LEVELS - {owner} for k in seed.keys):
                continue  # nor is a unit of a ministry ('Văn phòng Bộ', 'Thanh tra Bộ') the same unit of a Sở
            if len(sq) >= 6:
                # words run together or digits for letters by OCR ('S6N6ivu'): compare without spaces, stricter
                for k in seed.keys:
                    score = fuzz.ratio(sq, _squash(k)) - 8
                    if score > best[1]:
                        best = (seed, score)
            for k in seed.keys:
                for n, v in enumerate(variants):
                    score = fuzz.ratio(v, k) - 0.5 * n - (15.0 if _tail_differs(v, k) else 0.0)
                    if (k.startswith(v + " ") and len(v.split()) >= 3 and len(v) >= 0.65 * len(k)
                            and k[len(v) + 1 :] not in _NATIONAL_TAILS):
                        score = max(score, 86.0 - 0.5 * n)  # truncated by OCR: 'Phòng Văn hóa' for '... - Xã hội'

                    if score > best[1]:
                        best = (seed, score)
        return best

    def _juris_for(self, seed_scope: str, mention: str) -> str | None:
        key = expand(mention)
        if seed_scope == "national":
            return "Việt Nam"
        if seed_scope == "parent":
            return self.parent
        if self.jurisdiction and re.search(r"\b(thanh pho|tinh)\s*$", key) and not fold(self.jurisdiction).startswith(
            ("thanh pho", "tinh")
        ):
            return self.parent
        return self.jurisdiction

    def resolve(self, mention: str) -> Agency:
        """Resolve one mention (as written) to a registry agency, creating it when unknown."""
        written = mention = clean_space(nfc(mention)).strip(" .,;:-–")
        # a collective narrowed by a qualifier, given whole ('Kính gửi: - Các sở, ban, ngành thuộc Ủy ban nhân dân
        # tỉnh'): the collective registry agency
        mention = self._drop_qualifier(mention)
        head = collective_head(mention)
        if head != mention and self.best_seed(head)[1] >= MERGE_THRESHOLD:
            # 'Ủy ban nhân dân các xã, phường, đặc khu Cồn Cỏ' (a 'Kính gửi' item the request repeats whole): the
            # registry's collective, the place it names aside
            mention = head
        seed, score = self.best_seed(mention)
        if seed is None or score < FUZZY_THRESHOLD:
            seed, score = self.reordered_seed(mention), 0.0
        other = self._other_place(seed, mention) if seed is not None else None
        branch = self._branch(mention)
        region = branch is not None and self.jurisdiction is not None \
            and (_REGION.match(fold(branch[1][len(branch[0]) :])) is not None or self._own_place(*branch))
        if region:
            # 'Kho bạc Nhà nước Khu vực IX' in a province's or commune's letter: the regional branch that serves its
            # province since 2025 is the body the registry's name stands for there (a central issuer, no
            # jurisdiction of its own, names one region among many: kept as written); so is 'Thuế tỉnh Khánh Hòa'
            # in Khánh Hòa's own letter, the registry's 'Thuế tỉnh' with the document's place
            seed, branch = next(x for x in seed_agencies() if x.name == branch[0]), None  # type: ignore[index]
        # 'Bảo hiểm xã hội Việt Nam': the registry's national body by its full name, one agency
        national = seed is not None and fold(mention).endswith(" viet nam") \
            and expand(mention[: -len(" Việt Nam")]) in seed.keys
        if seed is not None and other is None and branch is None and not region and not national \
                and not self._same_body(seed, score, mention):
            seed = None  # 'Trung tâm Dịch vụ nông nghiệp xã' is no 'Trung tâm Dịch vụ tổng hợp': kept as written
        if branch is not None:
            # 'Bảo hiểm xã hội tỉnh', 'Thuế tỉnh Tuyên Quang': a national body's branch, named with its place
            seed = next(x for x in seed_agencies() if x.name == branch[0])
            name, kind, juris = branch[1], seed.kind, self._juris_for(seed.scope, mention)
        elif other is not None:
            # 'Ủy ban nhân dân tỉnh Đắk Lắk' in a ministry's letter: the registry's name says no place, the mention
            # names another jurisdiction's body: the name with its place ('UBND tỉnh Đắk Lắk' written out)
            name, kind, juris = f"{seed.name} {other}", seed.kind, other  # type: ignore[union-attr]
        elif seed is not None:
            name, kind, juris = seed.name, seed.kind, self._juris_for(seed.scope, mention)
        elif plausible_agency(mention) or fold(mention) in self.addressees or residential_units(mention) \
                or _proper_name(mention):
            # an agency no registry knows is kept as written, its place word too ('Trạm Y tế xã' is not 'Trạm Y tế')
            name = self._district_room(mention[:1].upper() + mention[1:])
            key = expand(name)
            kind = next((k for head, k in _KIND_BY_HEAD if key == head or key.startswith(head + " ")), "khác")
            juris = self.jurisdiction
            log.debug("unknown agency %r (best %s %.0f)", mention, seed.name if seed else None, score)
        else:
            # OCR garbage or a fragment: kept as the mention of one 'unresolved' agency, never a new name
            name, kind, juris = UNRESOLVED, "unresolved", self.jurisdiction
            log.debug("unresolved agency mention %r", mention)
        aid = agency_id(juris, name)
        ag = self.agencies.get(aid)
        if ag is None:
            ag = self.agencies[aid] = Agency(aid, name, kind, juris, [])
        if written not in ag.aliases:
            ag.aliases.append(written)
        return ag

    def _district_room(self, name: str) -> str:
        """A district's own 'Phòng' no registry holds, written with the district's level word alone ('Phòng Nông
        nghiệp và Phát triển nông thôn huyện' in a huyện's document): its name without it, as the registry writes a
        district's Phòng ('Phòng Y tế'); any other body keeps its place word ('Trạm Khuyến nông huyện'), and so does a
        Phòng of another level or one named with a place."""
        level = _level_of(name)
        if self.level in ("huyện", "quận", "thị xã") and fold(name).startswith("phong ") and level in _TIERS[2] \
                and fold(name).endswith(" " + level):
            return _without_place(name)
        return name

    def _other_place(self, seed: SeedAgency, mention: str) -> str | None:
        """The place a mention of a generic local body names after it, when that place is not the document's own
        ('Ủy ban nhân dân tỉnh Đắk Lắk' in a ministry's letter -> 'tỉnh Đắk Lắk'); None otherwise (no place named,
        a place in lower case, the issuer's own jurisdiction or its parent (a central issuer has none), or a registry
        name that is no bare
        body: 'Sở Y tế tỉnh …' stays 'Sở Y tế')."""
        if seed.kind not in _GENERIC_BODIES or seed.scope != "local":
            return None
        words = mention.split()
        for i in range(1, len(words) - 1):
            level = " ".join(words[i : i + 2]) if fold(" ".join(words[i : i + 2])) in _LEVELS else words[i]
            if fold(level) not in _LEVELS:
                continue
            rest = words[i + len(level.split()) :]
            body = expand(" ".join(words[:i]))
            if not rest or not all(w[:1].isupper() for w in rest) or body not in seed.keys:
                return None
            place = f"{_LEVELS[fold(level)]} {' '.join(rest)}"
            # (a central issuer has no place of its own: the province its letter is about, the 'Kính gửi' list's,
            # is another jurisdiction's: 'Ủy ban nhân dân tỉnh Phú Thọ' in the State Audit's letter to Phú Thọ)
            return None if fold(place) in self._own_places() else place
        return None

    def _own_place(self, name: str, written: str) -> bool:
        """Whether a branch whose registry name ends on its level ('Thuế tỉnh') is written with the document's own
        place after it ('Thuế tỉnh Khánh Hòa' under Khánh Hòa's issuer): the place is the jurisdiction, not part of
        the name. Another province's ('Thuế tỉnh Tuyên Quang' in a Gia Lai letter) is kept as written."""
        level = fold(name).split()[-1]
        if level not in _LEVEL_KEYS:
            return False
        return fold(f"{_LEVELS[level]} {written[len(name) :].strip()}") in self._own_places()

    def _own_places(self) -> set[str]:
        """The document's own place and its parent's, folded ('tinh khanh hoa'); none for a central issuer (no
        jurisdiction of its own: the province its letter is about is another's)."""
        return {fold(x) for x in (self.jurisdiction, self.parent) if x} if self.jurisdiction else set()

    @staticmethod
    def _branch(mention: str) -> tuple[str, str] | None:
        """(registry name, the mention as written) when the mention names a national body's branch by its place:
        a ``branch_names`` name followed by a place's level ('Bảo hiểm xã hội tỉnh', 'Kho bạc Nhà nước khu vực
        VII') or a proper name ('Thuế tỉnh Tuyên Quang'); None otherwise."""
        words = mention.split()
        for name in _BRANCHES:
            base = expand(name).split()
            if len(words) <= len(base) or expand(" ".join(words[: len(base)])).split() != base:
                continue
            rest = words[len(base) :]
            if fold(" ".join(rest)) == "viet nam":
                return None  # 'Bảo hiểm xã hội Việt Nam': the national body itself, no branch
            if fold(rest[0]) in _PLACE_WORDS or all(w[:1].isupper() for w in rest):
                return name, mention[:1].upper() + mention[1:]
        return None

    def _own_words(self) -> set[str]:
        return {w for x in (self.jurisdiction, self.parent) if x for w in expand(x).split()}

    def _same_body(self, seed: SeedAgency, score: float, mention: str) -> bool:
        """Whether a registry agency the mention matched is truly the body it names, not one alike: no other place
        named after it ('Sở Y tế tỉnh Đắk Lắk' in a Gia Lai document, 'Trung tâm Phục vụ hành chính công tỉnh Kon
        Tum'), and, for a match short of near-exact (or found by reordering words), no word of the name that the
        registry's name lacks ('Trung tâm Dịch vụ nông nghiệp xã' is no 'Trung tâm Dịch vụ tổng hợp xã'; OCR
        variants of the registry's words still match). Only for a mention that reads as a name of its own: a garbled
        one keeps its nearest registry agency. A ministry matched by a unit that only shares its field's words
        ('Báo Nông nghiệp và Môi trường', 'Tạp chí Nông nghiệp và Môi trường': a newspaper, a journal) is none."""
        if fold(seed.name).startswith("bo ") and score < 100 and not re.match(r"(?:cac\s+)?bo\b", expand(mention)) \
                and (plausible_agency(mention) or _proper_name(mention)):
            return False
        if (plausible_agency(mention) or _proper_name(mention)) and (not self._level_agrees(seed, mention) or (
                not _collective(seed, mention) and _extra_words(seed, mention, self._own_words()))):
            return False  # 'Công an huyện' is no 'Công an xã'; 'Phòng Văn hóa, Khoa học và Thông tin' no '… Văn hóa và …'
        if seed.scope == "national" or not plausible_agency(mention):
            return True
        words = mention.split()
        own = self._own_words()
        for i, w in enumerate(words[1:], 1):
            if fold(w) not in _PLACE_WORDS:
                continue
            rest = words[i + 1 :]
            # another province's or commune's body; a ministry (no place of its own) writes 'Sở Y tế tỉnh …' for
            # the registry's 'Sở Y tế' of the province it writes to
            if own and rest and all(x[:1].isupper() for x in rest) and not set(expand(" ".join(rest)).split()) <= own:
                return False
        if score >= 95:
            return True
        keys = [k.split() for k in seed.keys]
        extra = [w for w in expand(mention).split() if len(w) >= 3 and w not in _NOISE and w not in _PLACE_WORDS
                 and w not in own]
        return any(all(max(fuzz.ratio(w, x) for x in k) >= 60 for w in extra) for k in keys)

    def _level_agrees(self, seed: SeedAgency, mention: str) -> bool:
        """Whether the level a mention's name ends on ('Công an huyện', 'Phòng Tư pháp tỉnh', 'Thanh tra xã') is one the
        registry agency has: a level its own names end on ('Công an xã', alias 'Công an phường'), else, for a name that
        says none, the level its scope gives (a local agency the issuer's own or a commune's, whose offices of the
        two-tier government the registry holds: 'Bộ phận Một cửa phường'; a parent one the province's; a commune's or
        district's 'Phòng …' never a province's, whose units are 'Sở'); a unit named by the body it belongs to
        ('Thanh tra Sở', 'Văn phòng Bộ') by no level at all. A mention with no level, a collective, a bare body every
        level has ('Ủy ban nhân dân tỉnh': its place decides its jurisdiction) and a national body agree."""
        listed = _listed_levels(expand(mention))
        if listed and any(_listed_levels(k) for k in seed.keys):
            # a collective names its places' levels: the registry's must list the same ('Ủy ban nhân dân các tỉnh' is
            # no '… các tỉnh, thành phố trực thuộc Trung ương': the provinces without the centrally-run cities); the
            # commune level's are addressed together whichever of its words a text lists ('các xã' is the registry's
            # '… các xã, phường', its 'cấp xã')
            # (the wards alone, 'Ủy ban nhân dân các phường', name a city's wards and no commune: kept as written)
            return any(_listed_levels(k) == listed or listed < _listed_levels(k) and listed <= _TIERS[0]
                       and listed != {"phuong"} for k in seed.keys)
        level = _level_of(mention)
        if level is None or expand(mention).startswith("cac ") or any(" cac " in f" {k} " for k in seed.keys):
            return True
        if all(k.split()[-1] in _OWNER_LEVELS for k in seed.keys):
            return False
        allowed = {lv for k in seed.keys if (lv := _key_level(k))}
        if any(_key_level(k) is None for k in seed.keys):
            if seed.scope == "national" or seed.kind in _EVERY_LEVEL:
                return True
            if seed.scope == "parent":
                allowed |= _PROVINCE
            elif self.jurisdiction is None or (own := _level_of(f"X {self.jurisdiction}")) is None:
                return True
            else:
                allowed |= {own, *_TIERS[0]}  # the issuer's own, or a commune's: the two-tier offices the registry holds
            if seed.kind == "phòng":
                allowed -= _PROVINCE
        return any(_same_level(level, x) for x in allowed)

    def reordered_seed(self, mention: str) -> SeedAgency | None:
        """A registry agency whose words the mention holds in another order or with one or two OCR
        insertions ('Phục vụ Trung tâm hành chính công'): rapidfuzz token_set_ratio plus word coverage."""
        toks = set(expand(mention).split()) - _NOISE
        if len(toks) < 2:
            return None
        best: tuple[float, SeedAgency | None] = (0.0, None)
        plural = expand(mention).startswith("cac ")
        for seed in seed_agencies():
            if (plural or _many_of(expand(mention), seed)) and not any(k.startswith("cac ") for k in seed.keys):
                continue  # many agencies of a kind ('Các sở giáo dục và đào tạo') are none of them
            for k in seed.keys:
                kt = set(k.split()) - _NOISE
                if len(kt) < 2:
                    continue
                first, seed_first = expand(mention).split()[:1], k.split()[:1]
                if first != seed_first and first and first[0] in _HEAD_WORDS | {"vu", "bo", "so"}:
                    continue  # 'Vụ Kế hoạch - Tài chính' is no 'Phòng Tài chính - Kế hoạch': heads must agree
                cover = len(kt & toks) / len(kt)
                extra = len(toks - kt)
                if cover < 0.75 or extra > max(1, len(kt) // 3):
                    continue
                if len(kt - toks) >= 2 and (toks - kt) & _PLACE_WORDS:
                    continue  # a name cut short by its level ('Văn phòng HĐND tỉnh'): not the '… và UBND' reordered
                score = fuzz.token_set_ratio(" ".join(sorted(toks)), " ".join(sorted(kt))) + 10 * cover - extra
                if score >= 95 and score > best[0]:
                    best = (score, seed)
        return best[1]

    # -- a cell or phrase holding several agencies ------------------------------------------------
    def split_mentions(self, text: str) -> list[str]:
        """Agency mentions in a cell, as written ('A, B; C', or run together without separators)."""
        text = clean_space(strip_tags(nfc(text)).replace("\n", "; ")).strip(" .;,")
        # words in brackets after a name name a unit of it or the channel through it ('Sở Tài chính (Phòng Quản lý
        # giá)', 'Bảo hiểm xã hội tỉnh (Phòng Quản lý thu)', 'UBND các xã (qua Phòng Văn hóa - Xã hội)'): no agency
        # of their own; a cell's roles ('(chủ trì)') are split before (extract.tasks._split_roles)
        text = clean_space(re.sub(r"(?<=\w)\s*\([^()]*\)", "", text)).strip(" .;,")
        # two names OCR joined with a full stop for the cell's line break or semicolon
        text = _unglue(text)
        while ((lead := re.match(r"([^,;]*)[,;]\s*", text)) and sum(c.isalpha() for c in lead.group(1)) < 3
               and fold(lead.group(1).strip()) not in ("bo", "so")):  # 'Bộ, cơ quan ngang Bộ': a kind, not a speck
            text = text[lead.end() :]  # stray characters before the first mention ('¬=; 1; Phòng ...')
        # the head's title before an addressee ('Chủ tịch UBND các xã, phường', 'Giám đốc các Sở, Thủ trưởng các ban,
        # ngành'): the agency is the body, and a title would match registry aliases that carry another one
        text = _TITLE.sub("", text).strip(" .;,")
        text = self._drop_qualifier(text)
        if not text:
            return []
        # (a piece cut where the registry's name after it starts keeps no 'và' that joined them: 'Hội Cựu chiến binh
        # tỉnh và Tỉnh đoàn' -> 'Hội Cựu chiến binh tỉnh', 'Tỉnh đoàn'; a name cut at its end, 'Sở Kế hoạch và', is left)
        pieces = self._join_continuations(text, self._split(text))
        last = len(pieces) - 1
        return [self._drop_qualifier(re.sub(r"\s+(?:và|cùng)$", "", m) if k < last else m) for k, m in enumerate(pieces)]

    def _drop_qualifier(self, text: str) -> str:
        """A collective mention without the qualifier that narrows it ('Ủy ban nhân dân các xã, phường có khu, điểm
        du lịch' -> 'Ủy ban nhân dân các xã, phường'): the agencies are the collective registry ones, and the
        qualifier's commas would split it into pieces that are no agencies. Only when the words before 'có' are a
        registry name and the whole is none ('Các cơ quan, đơn vị có liên quan' stays itself)."""
        m = _QUALIFIER.search(fold(text))
        if m is None:
            return text
        head = text[: m.start(1)].rstrip(" ,;")
        score = self.best_seed(head)[1]
        # (the whole may look like another name: 'các xã, phường có cửa khẩu' like '…, đặc khu')
        return head if score >= MERGE_THRESHOLD and score > self.best_seed(text)[1] else text

    def _join_continuations(self, text: str, mentions: list[str]) -> list[str]:
        """A piece after a comma that starts in lower case and is no agency continues the name before it ('Cục Phổ
        biến, giáo dục pháp luật', 'Các đơn vị thu gom, vận chuyển chất thải'): one mention, as written."""
        out: list[tuple[int, int]] = []  # spans of the mentions in text; (-1, k) for mention k not found as written
        for k, m in enumerate(mentions):
            at = text.find(m, out[-1][1] if out and out[-1][0] >= 0 else 0)
            if (at >= 0 and out and out[-1][0] >= 0 and re.fullmatch(r"\s*,\s*", text[out[-1][1] : at])
                    and (m[:1].islower() and self.best_seed(m)[1] < FUZZY_THRESHOLD and not plausible_agency(m)
                         or self._name_part(text[out[-1][0] : out[-1][1]], m))):
                out[-1] = (out[-1][0], at + len(m))
            elif (at >= 0 and out and out[-1][0] >= 0 and re.fullmatch(r"\s*,\s*", text[out[-1][1] : at])
                  and (cut := to_place(m)) and self._name_part(text[out[-1][0] : out[-1][1]], cut)):
                # the name's part after its comma run on into the sentence past its place ('Báo và Phát thanh,
                # Truyền hình Cao Bằng đưa tin …'): the name ends on its place, the words after are no agency
                out[-1] = (out[-1][0], at + len(cut))
            else:
                out.append((at, at + len(m)) if at >= 0 else (-1, k))
        return [text[a:b] if a >= 0 else mentions[b] for a, b in out]

    def _name_part(self, before: str, piece: str) -> bool:
        """Whether a capitalised piece after a comma is the next part of a name that holds a comma ('Trung tâm Văn hóa,
        Nghệ thuật tỉnh', 'Vụ Kế hoạch, Tài chính', 'Chi cục Chăn nuôi, Thú y và Thủy sản'): the name before the comma
        opens with an agency's head word and is no registry name of its own, and the piece opens with none (a field's
        name, a few words of letters: no agency by itself). A list of registry names ('Sở Y tế, Giáo dục và Đào tạo'
        after a registry name) is left as it was."""
        words = _without_place(piece).split()
        if not piece[:1].isupper() or not 1 <= len(words) <= 6 or re.search(r"[^\w\s\-–&]", piece):
            return False
        if plausible_agency(piece) or _AGENCY_HEAD.match(expand(piece) + " "):
            return False
        return plausible_agency(before) and self.best_seed(before)[1] < MERGE_THRESHOLD

    def _split(self, text: str) -> list[str]:
        if self.best_seed(text)[1] >= (MERGE_THRESHOLD if re.search(r"[,;]", text) else FUZZY_THRESHOLD):
            return [text]
        if self._joined_fields(text):
            return [text]
        for m in re.finditer(r"\s+và\s+", text):
            # two registry names joined by 'và', the first holding commas or ending on its place ('các bộ, cơ quan
            # ngang bộ, cơ quan thuộc Chính phủ và Ủy ban nhân dân các tỉnh, thành phố …', 'Ủy ban Mặt trận Tổ quốc
            # Việt Nam tỉnh và Tỉnh đoàn'): the two, never the first's pieces read apart
            left, right = text[: m.start()], text[m.end() :]
            # (a collective after it in lower case, each at its place: 'Ủy ban Mặt trận Tổ quốc Việt Nam huyện và các
            # đoàn thể huyện')
            if not right[:1].isupper() and not re.search(r"[,;]", left) and not (
                    fold(right).startswith("cac ") and _without_place(left) != left):
                continue
            if self.best_seed(left)[1] >= (MERGE_THRESHOLD if re.search(r"[,;]", left) else FUZZY_THRESHOLD) \
                    and self.best_seed(right)[1] >= (MERGE_THRESHOLD if re.search(r"[,;]", right) else FUZZY_THRESHOLD):
                return [left, right]
        # pieces between separators, greedily merged while the merge is a known agency
        seps = [(m.start(), m.end()) for m in re.finditer(r"\s*[,;]\s*", text)]
        bounds = [0] + [e for _, e in seps]
        ends = [s for s, _ in seps] + [len(text)]
        pieces = [(b, e) for b, e in zip(bounds, ends, strict=True) if text[b:e].strip()]
        out: list[str] = []
        region: list[tuple[int, int]] = []
        i = 0
        while i < len(pieces):
            for j in range(len(pieces), i, -1):
                cand = text[pieces[i][0] : pieces[j - 1][1]]
                if self.best_seed(cand)[1] >= (MERGE_THRESHOLD if j - i > 1 else FUZZY_THRESHOLD):
                    out.extend(self._exact(text, region))
                    region = []
                    out.append(cand)
                    i = j
                    break
            else:
                region.append(pieces[i])
                i += 1
        out.extend(self._exact(text, region))
        # stray characters between separators ('¬=', '1') are no mention
        return [m.strip(" .,;-–") for m in out if sum(c.isalpha() for c in m) >= 3]

    def _joined_fields(self, text: str) -> bool:
        """A ministry department named by two fields joined by 'và', the second a registry body's name ('Cục Tiền
        lương và Bảo hiểm xã hội', 'Vụ Pháp chế và Bảo hiểm xã hội'): one name. The first part is a 'Cục'/'Vụ' no
        registry holds, ending on a word in lower case (no place, no level), the second a registry name with nothing
        after it; 'Cục Thuế và Bảo hiểm xã hội tỉnh' (a registry name first, a level after) stays two bodies."""
        m = re.fullmatch(r"((?:Cục|Vụ)\s+\S+(?:\s+\S+){0,4}?)\s+và\s+(\S+(?:\s+\S+){1,5})", text)
        if m is None or re.search(r"[,;]", text):
            return False
        left, right = m.group(1), m.group(2)
        last = left.split()[-1]
        return (last[:1].islower() and fold(last) not in _LEVEL_KEYS and self.best_seed(left)[1] < FUZZY_THRESHOLD
                and right[:1].isupper() and self.best_seed(right)[1] >= 95 and _level_of(right) is None)

    def _exact(self, text: str, region: list[tuple[int, int]]) -> list[str]:
        """Mentions inside a run of unresolved pieces: exact alias hits, the rest split on 'và'."""
        if not region:
            return []
        start, end = region[0][0], region[-1][1]
        sub = text[start:end]
        toks = token_spans(fold(sub))
        doc = Doc(blank_vi().vocab, words=[t for t, _, _ in toks])
        # a name right after 'các' is a kind of agency in the plural ('các sở giáo dục và đào tạo'), not that agency
        # nor is a hit in lower case run on from the words before it with no separator between ('Ban Quản lý các cảng
        # cá tỉnh': 'cá tỉnh' is no 'CA tỉnh'), a piece of that name
        spans = sorted(filter_spans([doc[s:e] for _, s, e in _phrase_matcher()(doc)
                                     if not (s and toks[s - 1][0] == "cac")
                                     and not (s and sub[toks[s][1]].islower() and toks[s - 1][0] != "va"
                                              and not re.search(r"[,;.:]", sub[toks[s - 1][2] : toks[s][1]]))]),
                       key=lambda s: s.start)
        out: list[str] = []
        pos = 0
        for sp in spans:
            s, e = toks[sp.start][1], toks[sp.end - 1][2]
            if sp.end < len(toks) and toks[sp.end][0] in ("xa", "phuong"):
                e = toks[sp.end][2]
            elif toks[sp.end - 1][0] in _LEVEL_KEYS or " ".join(t for t, _, _ in toks[max(sp.start, sp.end - 2) : sp.end]) \
                    in _LEVEL_KEYS:
                e = _place_after(sub, e)  # 'Thuế tỉnh Quảng Ngãi': the branch with its place's name, one mention
            out.extend(self._leftover(sub[pos:s]))
            out.append(sub[s:e])
            pos = e
        out.extend(self._leftover(sub[pos:]))
        return out

    def _leftover(self, chunk: str) -> list[str]:
        places = [m.span() for m in _PLACE_LIST.finditer(fold(chunk))]
        cuts = [m.start() for m in re.finditer(r"[,;]", chunk) if not any(a < m.start() < b for a, b in places)]
        parts = [chunk[a + (a > 0) : b].strip(" .,;-–") for a, b in zip([0, *cuts], [*cuts, len(chunk)], strict=True)]
        out = []
        for p in parts:
            if not p or all(w in _NOISE for w in fold(p).split()):
                continue
            halves = re.split(r"\s+(?:và|va)\s+", p)
            if len(halves) > 1 and all(self.best_seed(h)[1] >= FUZZY_THRESHOLD for h in halves):
                out.extend(halves)
            else:
                out.extend(_and_split(re.sub(r"^(và|va)\s+", "", p)))
        return out

    def resolve_cell(self, text: str) -> list[tuple[str, Agency]]:
        return [(m, self.resolve(m)) for m in self.split_mentions(text)]

    def rows(self) -> list[AgencyRow]:
        return [a.row() for a in sorted(self.agencies.values(), key=lambda a: a.agency_id)]
