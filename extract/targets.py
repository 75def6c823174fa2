"""Targets (chỉ tiêu): paragraphs of the 'chỉ tiêu' sections, values found with a spaCy Matcher
(patterns/targets.jsonl) over the diacritics-folded tokens."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import replace
from typing import Any

from spacy.util import filter_spans

from extract.conditions import condition_figure, condition_numbers
from extract.nlp import folded_doc, matcher_from
from extract.patterns import load_json, match_domain, roles_of
from extract.provenance import Provenance, place
from extract.rows import TargetRow, section_id, unplaced
from extract.structure import Para, Structure
from extract.tables import PLACE_CELL, table_view, unit_words
from normalize.model import get_model
from normalize.text import clean_space, fold, roman_to_int

log = logging.getLogger(__name__)

_RULES = load_json("targets.json")
_CMP: dict[str, str] = _RULES["comparators"]
_YEAR_RE = re.compile(_RULES["heading_year"])
STATED_YEAR = re.compile(_RULES["stated_year"])
_TRAIL = re.compile(_RULES["indicator_trail"])
_PERIOD_RE = re.compile(_RULES["heading_period"])
_SPAN_RE = re.compile(r"((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)")
# a period's header cell whose dash OCR lost ('Giai đoạn 2026 2028', folded)
_BARE_SPAN_RE = re.compile(r"\bgiai do\w{0,2}n\s+((?:19|20)\d\d)\s+((?:19|20)\d\d)\b")
_RANK_END = re.compile(_RULES["rank_end"])
STATEMENT = re.compile(_RULES["statement"])
ACHIEVED = re.compile(_RULES["achieved"])
_STRIVE = re.compile(_RULES["strive"])
_GENERAL_GOAL = re.compile(_RULES["general_goal"])
_TABLE = {k: re.compile(v) for k, v in _RULES["table"].items() if not k.startswith("_") and isinstance(v, str)}
_TWO_WORD_UNITS = set(_RULES["table"]["two_word_units"])
_COUNT = _RULES["count"]
_NOT_NOUNS = set(_COUNT["not_nouns"])
_NOT_AFTER = re.compile(_COUNT["not_after"])
_MONEY = re.compile(_COUNT["money"])
_BUDGET = re.compile(_COUNT["budget"])
# a sentence that sets money aside ('Ngân sách tỉnh bố trí khoảng 42 tỷ đồng …', 'Kinh phí thực hiện: …', 'Tổng vốn
# thực hiện khoảng 300 tỷ đồng' under a table; folded)
_FUNDING = re.compile(r"^(?:(?:tong |nguon )?kinh phi|nguon von|tong von|tong muc (?:dau tu|von)|du toan|ngan sach (?:nha nuoc|trung uong|tinh|thanh pho|huyen|xa"
                      r"|phuong|dia phuong))\b")
_SYMBOLS = set(_COUNT["symbols"])
_NOT_BEFORE = re.compile(_COUNT["not_before"])
_MEASURES = set(_COUNT["measures"])
_CLASSIFIERS = set(_COUNT["classifiers"])
_MULTIPLIERS = set(_COUNT["multipliers"])
_OCCASIONS = set(_COUNT["occasions"])
_PLACE_BEFORE = set(_COUNT["place_before"])
_NOUN_SPELLINGS = set(_COUNT["noun_spellings"])
_PER_UNIT = set(_COUNT["per_unit"])
_DURATIONS = set(_COUNT["durations"])
_DURATION_TAILS = [t.split() for t in _COUNT["duration_tails"]]
_DURATION_SUBJECT = re.compile(_COUNT["duration_subject"])
_REDUCED_TO = set(_COUNT["reduced_to"])
_AVERAGED = set(_COUNT["averaged"])
_TARGET_LIST = re.compile(_RULES["target_list"]["announces"])
_LIST_TITLE = re.compile(_RULES["target_list"]["title"])
_LIST_HEADING = re.compile(_RULES["target_list"]["heading"])
_ANNOUNCE_END = re.compile(_RULES["target_list"]["announce_end"])
_GOAL_HEADING = re.compile(_RULES["target_list"]["goal_heading"])
_UNIT_NOTE = re.compile(_RULES["table"]["unit_note"])
_VISION = re.compile(_RULES["vision"])
_REACH = re.compile(_RULES["reach"])
_CONDITION_CLAUSE = re.compile(_RULES["condition_clause"])
_CONDITION_HOLDER = re.compile(_RULES["condition_holder"])
# a holder and 'có' then the measure it has, up to six words, before 'dưới' ('các xã có tỷ lệ hộ nghèo dưới 50%'), folded
# or whoever has priority by it ('ưu tiên các chợ có tỷ lệ mẫu đạt dưới 80%')
_BELOW_HOLDER = re.compile(r"(?:" + _RULES["condition_holder"].removesuffix("\\s+co\\s+$")
                           + r"|\buu tien\s+(?:cac\s+)?[a-z]+)\s+co\s+(?:[a-z]+\s+){1,6}$")
_BUDGET_SHARE = re.compile(_RULES["budget_share"])
_RESULTS_PART = re.compile(_RULES["results_part"])
_RESULTS_NOT = re.compile(_RULES["results_part_not"])
_PAST_OPENING = re.compile(_RULES["past_opening"])
_TOPIC_HEADING = re.compile(_RULES["topic_heading"])
_PAST_BRACKET = re.compile(_RULES["past_bracket"])
_HORIZON_SPLIT = re.compile(_RULES["horizon_split"])


def cohesion(first: str, second: str) -> float | None:
    """How much two syllables make one word: infinite for a known two-word unit ('phòng học'), else their pointwise
    mutual information in the restoration model's syllable bigrams (trained on the law corpus; 'giáo viên' 4.2,
    'lao động' 6.8, 'cuộc kiểm' 2.4, 'hộ chuyển' -1.7); None when the model never saw the pair."""
    if fold(f"{first} {second}").lower() in _TWO_WORD_UNITS:
        return float("inf")
    m = get_model()
    a, b = m.ids.get(first.lower()), m.ids.get(second.lower())
    lp = m.stored_bigram(a, b) if a is not None and b is not None else None
    return None if lp is None else lp - m.uni[b]


def compound(first: str, second: str) -> bool:
    """Whether two syllables make one word ('giáo viên', 'phòng học'; not 'cuộc kiểm', 'hộ chuyển')."""
    c = cohesion(first, second)
    return c is not None and c >= _COUNT["compound_pmi"]


def _rate_end(toks: list[tuple[str, int, int]], at: int) -> int:
    """The token after a rate's '/người/năm' that follows a unit ending before token ``at`` (``at`` if none); a rate's
    word of two syllables keeps both ('m3/ngày đêm': 'ngay dem' a known two-word unit, by ``compound``)."""
    while at + 1 < len(toks) and toks[at][0] == "/" and toks[at + 1][0].isalpha():
        at += 2
        if at < len(toks) and toks[at][0].isalpha() and toks[at][1] == toks[at - 1][2] + 1 and compound(
                toks[at - 1][0], toks[at][0]):
            at += 1
    return at


def count_unit(text: str, toks: list[tuple[str, int, int]], num: int) -> tuple[str, int] | None:
    """The unit of the count whose number is token ``num`` and the token after it: money as printed ('tỷ đồng',
    'triệu đồng/người/năm'); else the counting noun, the word after the number, of one syllable or two when they
    make one word ('1.150 giáo viên cốt cán' -> 'giáo viên', '300 hộ chuyển đổi' -> 'hộ', '02 cuộc kiểm tra' ->
    'cuộc'), with a rate after it ('/năm'). None when the word is no counting noun (a time, an age, a grammar word:
    '6 tháng', '5 tuổi') or the number is a date's, an article's or a session's ('năm 2026', 'kỳ họp thứ 31')."""
    if (num + 1 >= len(toks) or not (toks[num + 1][0].isalpha() or toks[num + 1][0] in _SYMBOLS)
            or toks[num + 1][0] in _NOT_NOUNS and text[toks[num + 1][1] : toks[num + 1][2]].lower() not in _NOUN_SPELLINGS):
        return None  # ('m3', 'km2': a symbol with its power; 'mã số' is no 'mà')
    before = " ".join(t for t, _, _ in toks[max(0, num - 3) : num])
    if num and (_NOT_AFTER.search(before) or _NOT_BEFORE.match(toks[num - 1][0])
                or toks[num - 1][2] == toks[num][1] and toks[num - 1][0].isalnum()):
        return None  # 'năm 2026', '22/12/2024', 'giai đoạn 2026-2031', OCR's 'x4'
    if toks[num][2] == toks[num + 1][1] or re.fullmatch(r"(?:19|20)\d\d", toks[num][0]):
        return None  # OCR's '1am' ('làm'), '1y' ('lý'); a bare year
    noun = text[toks[num + 1][1] : toks[num + 1][2]]
    if not noun.islower() or noun not in get_model().ids and fold(noun) not in _SYMBOLS and noun not in _MEASURES | _CLASSIFIERS:
        return None  # OCR's debris ('161 sOng', '4 dugc'), no word
    rest = " ".join(t for t, _, _ in toks[num + 1 : num + 4])
    m = _MONEY.match(rest)
    if m:
        end = num + 1 + len(m.group().split())
    else:
        # a multiplier before the counting word ('16,5 triệu lượt khách'): part of the unit, as money's 'tỷ đồng'
        first = num + 1
        if (toks[first][0] in _MULTIPLIERS and first + 1 < len(toks) and toks[first + 1][0].isalpha()
                and toks[first + 1][0] not in _NOT_NOUNS and text[toks[first + 1][1] : toks[first + 1][2]].islower()):
            first += 1
        end = first + 1
        words = [text[s:e] for _, s, e in toks[first : first + 4]]
        # two syllables that make a word, unless the second makes a stronger one with the third ('nhà văn hóa'); three
        # when the second and third make a word too and the third none stronger with the next ('câu lạc bộ', 'giấy
        # chứng nhận', 'hợp tác xã'); a measure or classifier stays alone, the noun it counts being the indicator's
        # ('420.000 lượt khách' -> 'lượt')
        if len(words) > 1 and words[1].isalpha() and compound(words[0], words[1]) and not _is_measure(words[0]) and not (
                words[0].lower() in _CLASSIFIERS and (cohesion(words[0], words[1]) or 0.0) < _COUNT["classifier_pmi"]):
            nxt = cohesion(words[1], words[2]) if len(words) > 2 and words[2].isalpha() else None
            after = cohesion(words[2], words[3]) if len(words) > 3 and words[3].isalpha() else None
            if nxt is not None and nxt >= _COUNT["third_pmi"] and (after is None or after <= nxt):
                end = first + 3
            elif (nxt is None or nxt <= (pair := cohesion(words[0], words[1]) or 0.0)) and not (
                    nxt is not None and pair < _COUNT["third_pmi"] and compound(words[1], words[2])):
                # ('4 cống ngăn mặn' -> 'cống': a second syllable that makes a word with the third, 'ngăn mặn', when the
                # first two make a weaker one than a counting word of three does, names what the work is for)
                end = first + 2
    if (fold(toks[end - 1][0]) in _SYMBOLS and end + 1 < len(toks) and toks[end][0].isalpha()
            and toks[end + 1][0] == "/" and toks[end + 1][1] == toks[end][2]):
        end += 1  # an area's measure with what it measures before its rate ('30 m² sàn/người'): one unit
    end = _rate_end(toks, end)
    return text[toks[num + 1][1] : toks[end - 1][2]].lower(), end


def _is_measure(word: str) -> bool:
    """A unit of measure or a counting noun of occasions or households ('ha', 'tấn', 'km', 'lượt', 'hộ'): a closed
    class, unlike the nouns counted (pyvi's tagger was tried for it: it writes its model to a temporary file at import,
    which fails on a full disk, and splits words such as 'bài giảng' into a classifier and a noun)."""
    return word.lower() in _MEASURES or fold(word) in _SYMBOLS


def target_sections(st: Structure) -> list[str]:
    """Deepest sections whose heading names 'chỉ tiêu'; else 'mục tiêu' sections inside a domain."""
    secs = [s for s in st.sections.values() if "targets" in s.roles and s.level <= 2 and _own_targets(s.heading)
            and not results_part(st, s.label) and not _target_line(s.heading)]
    deepest = [s.label for s in secs if not any(o.parent == s.label and "targets" in o.roles for o in secs)]
    if deepest:
        return deepest
    out = []
    for s in st.sections.values():
        if "goals" in s.roles and len(s.heading) < 40:
            chain = st.chain(s.parent)
            if any(match_domain(fold(c.heading)) for c in chain) or (s.level == 1 and "tasks" not in s.roles):
                out.append(s.label)
    return out


def results_part(st: Structure, label: str | None) -> bool:
    """Whether a section stands in a part that reports or assesses results ('I. KẾT QUẢ THỰC HIỆN NĂM 2025', '1. Kết
    quả thực hiện các chỉ tiêu', 'Điều 1. Đánh giá tình hình thực hiện năm 2025'; 'results_part'), not one whose
    heading also names what comes next ('Kết quả năm 2025 và phương hướng, nhiệm vụ năm 2026')."""
    return any(_RESULTS_PART.search(fh := fold(c.heading)) and not _RESULTS_NOT.search(fh) for c in st.chain(label))


def _goal_part(st: Structure, para: Para) -> bool:
    """Whether a paragraph stands in a plan's part of goals ('I. MỤC TIÊU', 'II. MỤC TIÊU NĂM 2026'), not its general
    aim ('Mục tiêu chung'), nor a part that reports results."""
    chain = st.chain(para.section)
    return (any(s.level == 1 and "goals" in s.roles and "tasks" not in s.roles and len(s.heading) < 60 for s in chain)
            and not any(_GENERAL_GOAL.match(fold(s.heading)) for s in chain) and not results_part(st, para.section))


# a part that sets the requirements of a year ('I. YÊU CẦU NĂM 2026'), or a report's part on the next year's tasks
# ('II. NHIỆM VỤ NĂM 2026', 'PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026'), folded headings
_REQUIREMENT_YEAR = re.compile(r"^yeu cau (?:nam|den nam|den het nam) ((?:19|20)\d\d)$")
# ('PHƯƠNG HƯỚNG NĂM 2027' alone; 'PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM TỚI': the year after the issue's)
_TASKS_YEAR = re.compile(r"^(?:(?:phuong huong,?\s+)?nhiem vu(?:,? giai phap)?(?: (?:trong tam|chu yeu))?|phuong huong)"
                         r" nam ((?:19|20)\d\d|toi|ke tiep)$")


def _year_part(st: Structure, para: Para, issue_year: int | None, report: bool) -> bool:
    """Whether a paragraph stands in a part that sets a year's figures: a guide's or letter's 'I. YÊU CẦU NĂM 2026' (a
    year from the issue's on; its items state requirements), or, in a report, its part on a later year's tasks ('II.
    NHIỆM VỤ NĂM 2026' in a report of December 2025) when the paragraph is no numbered item (those are its tasks)."""
    if issue_year is None:
        return False
    for sec in st.chain(para.section):
        if sec.level != 1:
            continue
        fh = fold(sec.heading).strip()
        if (m := _REQUIREMENT_YEAR.match(fh)) and int(m.group(1)) >= issue_year:
            return True
        if report and para.marker == "plain" and (m := _TASKS_YEAR.match(fh)) and (
                not m.group(1).isdigit() or int(m.group(1)) > issue_year):
            return True
    return False


def _target_line(heading: str) -> bool:
    """A numbered line of a list of targets that names 'chỉ tiêu' inside its sentence ('1. Giảm số mẫu thực phẩm vi
    phạm chỉ tiêu an toàn xuống còn 3%.' under 'II. CHỈ TIÊU'): a target itself, no heading of the targets under
    it; a heading opens with its 'chỉ tiêu' ('2. Chỉ tiêu cụ thể', 'Các chỉ tiêu năm 2026')."""
    fh = fold(heading).strip()
    return not re.match(r"^(?:cac\s+)?(?:muc tieu,?\s+)?(?:nhom\s+)?chi tieu\b", fh) and bool(
        re.search(r"\d\s*%|\d\s+[a-z]", fh)) and bool(parse_target_text(heading))


def _own_targets(heading: str) -> bool:
    """A heading that swallowed the header line of a table under it ('Kết quả theo năm' + 'Chỉ tiêu Đơn vị tính
    Năm 2024 Năm 2025', as OCR'd lines join) names targets only if its own words before that line do."""
    fh = fold(heading)
    m = _TABLE["swallowed_head"].search(fh)
    return m is None or "targets" in roles_of(fh[: m.start()])


def _in_sections(st: Structure, para: Para, labels: list[str]) -> str | None:
    for sec in st.chain(para.section):
        if sec.label in labels:
            return sec.label
    return None


def _domain(st: Structure, para: Para) -> str | None:
    for sec in st.chain(para.section):
        d = match_domain(fold(sec.heading))
        if d:
            return d
    return None


# an indicator that counts a noun, then a colon and its bare figure ('Số tài khoản … được kích hoạt: 4.500.')
_COUNTED_VALUE = re.compile(r"^\W*(Số\s+(.*?))\s*:\s*(\d+(?:[.,]\d+)*)\s*[.;]?\s*$")


def _counted_value(text: str) -> dict[str, Any] | None:
    """The piece of a line that names a count by its noun and gives the figure after a colon ('- Số tài khoản định
    danh điện tử được kích hoạt trong năm 2026: 45.000.' -> 45000 'tài khoản', 2026), as a table's count column
    whose header names the noun would (_counted_noun): None for any other line, a count of money or a 'Số lượng'."""
    m = _COUNTED_VALUE.match(text.strip())
    if m is None or "(" in m.group(1) or _COUNTED_NOT.match(fold(m.group(2)).lower()):
        return None  # (a bracket names a unit or a reference, 'Số văn bản (Phụ lục II): 12': _bracketed_value's or none)
    noun = "1 " + clean_space(m.group(2))
    _, toks = folded_doc(noun)
    got = count_unit(noun, toks, 0)
    if not got or _MONEY.match(fold(got[0])):
        return None
    years = stated_years(fold(m.group(1)))
    return {"value": _num(m.group(3)), "unit": got[0], "comparator": "=", "indicator": clean_space(m.group(1)),
            "year": years[-1] if len(years) == 1 else None}


def heading_year(heading: str) -> int | None:
    """The year a heading sets its targets for: 'đến năm 2025'; a period's end ('giai đoạn 2026 - 2030'); the
    one year it names ('PHƯƠNG HƯỚNG NĂM 2026'); none when it names several ('NĂM 2026 VÀ NĂM 2027')."""
    fh = fold(heading)
    vision = _VISION.sub(" ", fh)
    if _YEAR_RE.search(vision) or _PERIOD_RE.search(vision) or stated_years(vision):
        # 'KẾ HOẠCH NĂM 2026 VÀ ĐỊNH HƯỚNG ĐẾN NĂM 2030': a vision beside the year planned sets none of its own
        fh = vision
    m = _YEAR_RE.search(fh) or _PERIOD_RE.search(fh)
    if m:
        return int(m.group(m.lastindex or 1))
    years = set(stated_years(fh))
    return years.pop() if len(years) == 1 else None


def stated_years(folded: str, starts: bool = False) -> list[int]:
    """'năm YYYY' of a folded text, but a baseline or start ('so với năm 2020', 'từ năm 2025'); with ``starts``,
    start years too (never a baseline)."""
    skip = {"voi"} if starts else _NOT_TARGET_YEAR
    return [int(m.group(1)) for m in STATED_YEAR.finditer(folded) if folded[: m.start()].split()[-1:] not in [[w] for w in skip]]


def default_year(meta: dict[str, Any]) -> int | None:
    """The year a document's targets are for when neither their sentence nor their heading names one: the
    period of its title; else the latest year its title or subject names ('Kết quả năm 2025, phương hướng năm
    2026' -> 2026: a report's targets are for the year ahead)."""
    if meta.get("period_end"):
        return int(meta["period_end"])
    years = stated_years(fold(" ".join(x for x in (meta.get("title"), meta.get("subject")) if x)))
    return max(years) if years else None


def _heading_year(st: Structure, para: Para, issue_year: int | None = None) -> int | None:
    """The year the nearest heading above a paragraph names (heading_year); with ``issue_year``, a heading's 'năm tới'
    ('II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM TỚI' in a report of December 2026) is the year after it."""
    for sec in st.chain(para.section):
        if sec.line_idx == para.line_idx:
            continue  # a numbered item heads a section of its own: its own years are its figures' (_value_years)
        y = heading_year(sec.heading)
        if y is None and issue_year is not None and NEXT_YEAR.search(fold(sec.heading)):
            y = issue_year + 1
        if y:
            return y
    return None


def _num(s: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        return float(s.replace(".", ""))  # Vietnamese thousands: '24.000 người', '1.000 ha'
    s = s.replace(",", ".")
    if s.count(".") > 1:
        s = s.replace(".", "")
    return float(s)


def _value_years(doc: Any, values: list[tuple[int, int]], skip: set[int] | None = None) -> list[int | None]:
    """The year each value of a sentence is set for: 'đạt 90% trong năm 2026 và 95% trong năm 2027', 'Năm 2026
    đạt 75%, năm 2027 đạt 85%' pair values and years in order; one year serves every value; else each value
    takes the nearest year. A baseline or start year ('so với năm 2020', 'từ năm 2025') sets none, nor one in a
    condition's clause (``skip``: 'đối với xã có từ 05 vụ … trong năm 2025, …')."""
    toks = [t.lower_ for t in doc]
    mentions = [i + 1 for i in range(len(toks) - 1)
                if (skip is None or i + 1 not in skip) and _YEAR_WORD.match(toks[i]) and _YEAR_NUM.match(toks[i + 1]) and not (i and toks[i - 1] in _NOT_TARGET_YEAR)
                # 'đến 2030', 'đến hết 2026' without 'năm'
                or toks[i] in _UNTIL and _YEAR_NUM.match(toks[i + 1])
                # a period's end: 'giai đoạn 2026 - 2030' -> 2030; not a baseline ('so với giai đoạn 2021-2025')
                or i >= 2 and toks[i] in ("-", "–") and _YEAR_NUM.match(toks[i - 1]) and _YEAR_NUM.match(toks[i + 1])
                and toks[i - 2] == "doan" and not (i >= 4 and toks[i - 4] in _NOT_TARGET_YEAR)
                or _YEAR_NUM.match(toks[i + 1]) and _event_year(toks, i + 1)]
    mentions = [y for y in mentions if skip is None or y not in skip]
    if (values and len(mentions) == 1 and toks[mentions[0] - 1] in ("-", "–") and all(e <= mentions[0] for _, e in values)
            and any(t in (",", ";") for t in toks[max(e for _, e in values) : mentions[0]])):
        # '… đạt 85%, hướng tới mục tiêu giai đoạn 2026 - 2030 của Chương trình': a period a later clause refers to,
        # stating no figure of its own, is no year of the figures before it
        return [None] * len(values)
    if not mentions:
        return [None] * len(values)
    if len(mentions) == 1 and len(values) > 1 and any(s > mentions[0] for s, _ in values):
        # 'đạt 95%, phấn đấu đến năm 2030 đạt 100%': the year a later clause names is its own figures', not those of
        # a clause before it (they keep their heading's or the document's year)
        y = mentions[0]
        # (nor the year of a sentence's own figure those of the next sentence: 'năm 2025 đạt 24,5 m²/người. Diện
        # tích … tối thiểu đạt 12 m2/người'; a sentence naming the year alone, 'Đến năm 2028, … . Doanh số … tăng
        # 20%/năm', gives it to those after it)
        stop = next((i for i in range(y, len(toks)) if toks[i] == "."), len(toks))
        own = any(y < s < stop for s, _ in values)
        return [None if e <= y and any(t in (",", ";") for t in toks[e:y]) or own and s > stop
                else int(toks[y]) for s, e in values]
    if len(mentions) == len(values) or len(mentions) == 1:
        return [int(toks[mentions[min(k, len(mentions) - 1)]]) for k in range(len(values))]
    out: list[int | None] = []
    # where the sentence parts its horizons ('…, trong đó năm 2027 đạt 10%', a full stop): no year across them
    parts = [i for i in range(len(toks)) if _HORIZON_SPLIT.match(" ".join(toks[i : i + 2]))]
    for s, e in values:
        own = [y for y in mentions if not any(y < i < s if y < s else e <= i < y for i in parts)]
        # a year that closes the sentence after a later figure ('Năm 2026 hoàn thành 900 căn …, tỷ lệ … đạt 85% và đạt
        # 95% đến năm 2030') is that figure's, not of those before it when a year before them opens theirs
        if any(y < s for y in own):
            own = [y for y in own if y < s or not any(e <= s2 < y for s2, _ in values)]
        if not own:
            # 'Thành lập mới 150 hợp tác xã, trong đó năm 2026 thành lập 30 hợp tác xã': 150 names no year of its
            # own, the year its heading or the document names
            out.append(None)
            continue
        # the nearest year of its own ';' clause first ('Giai đoạn 2025 - 2027, … đạt 620.000 tấn; giai đoạn 2028 -
        # 2030 đạt 700.000 …' where OCR lost the second figure's unit: 620.000 keeps 2027)
        best = min(own, key=lambda y: (";" in toks[min(y, s) : max(y, e)], s - y if y < s else y - e + 1, y < s))
        out.append(int(toks[best]))
    return out


_YEAR_WORD = re.compile(r"^n\w{0,2}m$")
_EVENT = re.compile(_RULES["event_year"])
_EVENT_REACH = 16  # words an event's name may run from its first word to its year


def _event_year(toks: list[str], y: int) -> bool:
    """Whether the bare year at token ``y`` (folded tokens) closes an event's or a season's name ('mùa khô 2026', 'kỳ
    thi 2026', 'Đại hội … lần thứ X - 2026', 'Festival Hoa 2026'): no 'năm' before it, an event's first word at most
    ``_EVENT_REACH`` words back with no punctuation but a dash between, and no baseline's word before that name ('so
    với mùa khô 2025')."""
    if y < 2 or _YEAR_WORD.match(toks[y - 1]) or toks[y - 1] in _UNTIL or not (toks[y - 1].isalpha() or toks[y - 1] in ("-", "–")):
        return False
    if toks[y - 1] in ("-", "–") and _YEAR_NUM.match(toks[y - 2]):
        return False  # a period '2026 - 2030', read elsewhere
    for j in range(y - 1, max(-1, y - 1 - _EVENT_REACH), -1):
        if not toks[j].isalnum() and toks[j] not in ("-", "–"):
            return False
        if _EVENT.match(toks[j]) or j + 1 < y and _EVENT.match(f"{toks[j]} {toks[j + 1]}"):
            return not (j and toks[j - 1] in _NOT_TARGET_YEAR)
    return False
# a sentence that opens with its year, after an item's number: 'Năm 2026, …', 'Đến (hết) năm 2026, …' (folded)
# ('Trong năm 2026, các địa phương tập trung cải tạo 12 tuyến …': the year the sentence opens with, as 'Năm 2026, …')
_YEAR_OPENING = re.compile(r"^\W*(?:\d{1,2}\s*[.)]\s*)?(?:(?:den|toi)\s+(?:het\s+)?|trong\s+)?n\w{0,2}m\s+((?:19|20)\d\d)\s*,")
# a sentence that opens on the year of issue without its number ('2. Trong năm nay, hoàn thành …', 'Năm nay, …'), folded
# the year of issue named without its number ('năm nay', '… hoàn thành trong năm.', 'Trong năm, …'), folded: not
# 'trong năm 2026', 'trong năm học', 'trong năm tới'
THIS_YEAR = re.compile(r"\bnam nay\b|\btrong nam\s*(?:[,.;:]|$)")
THIS_YEAR_OPENING = re.compile(r"^\W*(?:\d{1,2}\s*[.)]\s*)?(?:trong\s+)?nam\s+nay\s*,")
# the year after the issue's, named without its number ('Năm tới, xã phấn đấu …', 'phấn đấu năm tới …' in a report of
# December 2025 -> 2026); not 'những năm tới', the years ahead (folded)
NEXT_YEAR = re.compile(r"(?<!nhung )(?<!cac )\bnam (?:toi|ke tiep)\b")
_YEAR_NUM = re.compile(r"^(19|20)\d\d$")
_NOT_TARGET_YEAR = set(_RULES["not_target_year"])
_UNTIL = set(_RULES["until"])
_RANKED = set(_RULES["ranked"])
_RANKS = ("VALUE_RANK", "VALUE_TOP", "VALUE_PLACE")  # matcher labels of a rank: unit 'hạng', comparator '<='


def in_target_list(text: str, ancestors: list[str]) -> bool:
    """Whether an item of a letter, decision or resolution is a line of a list of targets, not a task: a group title
    of its own ('1. Các chỉ tiêu về kinh tế' over its lines), or under an article or item that announces targets
    ('Điều 1. Giao chỉ tiêu kế hoạch … năm 2026 như sau:', '… với các chỉ tiêu chủ yếu như sau:'; 'target_list'), or
    under a heading that titles such a list without a colon ('2. Các chỉ tiêu chủ yếu')."""
    return bool(_LIST_TITLE.match(fold(text))) or any(
        (_TARGET_LIST.search(fold(a)) or goals_named(fold(a))) and (a.rstrip().endswith(":") or _ANNOUNCE_END.search(fold(a)))
        or _list_heading(a) for a in ancestors)


# an announcement run on into its numbered items in one paragraph ('Điều 1. Giao chỉ tiêu … như sau: 1. Giảm …; 2. …'),
# folded: the colon after the announcing words, then the first item's number
_INLINE_ANNOUNCE = re.compile(r"\b(?:nhu sau|sau day|gom)\s*:\s*(?=(?:1|a)\s*[.)]\s+\S)")


# an article that assigns targets and runs them on after its colon, unnumbered ('Điều 1. Giao chỉ tiêu giảm nghèo năm
# 2026 cho Ủy ban nhân dân các xã, phường: giảm tỷ lệ hộ nghèo 2%, hỗ trợ 120 hộ thoát nghèo'), folded
_ASSIGNED_LIST = re.compile(r"^\W*(?:dieu\s+\d+\s*[.:]\s*)?(?:giao|phan bo|phan khai)\s+(?:cac\s+)?chi tieu\b[^:;]{0,200}:\s*(?=\S)")


def inline_target_list(text: str) -> str | None:
    """The items of a list of targets that a paragraph runs on after its announcement ('Điều 1. Giao chỉ tiêu giảm
    nghèo năm 2026 … như sau: 1. Giảm tỷ lệ hộ nghèo xuống còn 2,5%; 2. Hỗ trợ 350 hộ …; 3. … chiếm 40% …'): the text
    after the colon when the words before it announce targets ('target_list') and the rest states figures; else None.
    The items are a target list's lines (their counts are targets)."""
    ft = fold(text)
    m = _INLINE_ANNOUNCE.search(ft)
    if m is None or not _TARGET_LIST.search(ft[: m.start()]):
        m = _ASSIGNED_LIST.match(ft)  # 'Điều 1. Giao chỉ tiêu … năm 2026 cho …: giảm tỷ lệ … 2%, hỗ trợ 120 hộ …'
        if m is not None and re.search(r"\b(?:nhu sau|sau day|gom)\s*:\s*$", ft[: m.end()]):
            m = None  # '… cho các xã như sau:' over a table or lines of its own: read there
    if m is None:
        return None
    rest = text[m.end() :]
    return rest if parse_target_text(rest) else None


# a sentence that opens on a month or quarter of the issue year ('Trong tháng 3, …', 'Tháng 3/2026, …', 'Quý I, …',
# 'Trong tháng qua, …'), folded: group 1 the month, group 2 the quarter, group 3 the year if printed
_PERIOD_OPENING = re.compile(r"^\W*(?:\d{1,2}\s*[.)]\s*)?(?:trong\s+)?(?:thang\s+(\d{1,2}|qua|vua qua)|quy\s+([ivx]+|\d))"
                             r"(?:\s*(?:/|nam)\s*((?:19|20)\d\d))?(?:\s*,|\s+(?=da\b))")


def past_period_opening(text: str, issue: Any) -> bool:
    """Whether a sentence opens on a month or quarter already over at the issue date (``issue``, a date): 'Trong tháng
    3, toàn tỉnh thu gom được 1.240 tấn …, đạt 86%.' in a notice of April states the month's results beside the
    coming month's targets ('Trong tháng 4, … phấn đấu … đạt 92%'): its figures are no targets."""
    if issue is None:
        return False
    m = _PERIOD_OPENING.match(fold(text))
    if m is None:
        return False
    year = int(m.group(3)) if m.group(3) else issue.year
    if year != issue.year:
        return year < issue.year
    if m.group(1) is not None:
        return not m.group(1).isdigit() or int(m.group(1)) < issue.month
    q = m.group(2)
    # a numeral past IV names no quarter; its three months would end past December, so it is never over
    quarter = int(q) if q.isdigit() else roman_to_int(q) or 0
    return quarter > 0 and quarter * 3 < issue.month


# an opening on a day already past at the issue ('Đến ngày 15/3/2026, toàn tỉnh đã gieo cấy …', 'Tính đến hết ngày
# 20/11, …'), folded: group 1 the day, 2 the month, 3 the year if printed
_DATE_OPENING = re.compile(r"^\W*(?:\d{1,2}\s*[.)]\s*)?(?:tinh\s+)?(?:den|toi)\s+(?:het\s+)?ngay\s+(\d{1,2})\s*[/-]\s*"
                           r"(\d{1,2})(?:\s*[/-]\s*((?:19|20)\d\d))?\s*,")


_MONTH_OPENING = re.compile(r"^\W*(?:\d{1,2}\s*[.)]\s*)?(?:tinh\s+)?(?:den|toi)\s+(?:het\s+)?thang\s+(\d{1,2})"
                            r"(?:\s*(?:/|nam)\s*((?:19|20)\d\d))?\s*,")


def past_date_opening(text: str, issue: Any) -> bool:
    """Whether a sentence opens on a day before the issue date (``issue``, a date): 'Đến ngày 15/3/2026, toàn tỉnh đã
    gieo cấy 71.300 ha, đạt 78% kế hoạch' in a notice of 20 March states what was done by then, its figures no
    targets ('Đến ngày 30/6/2026, …' in March sets a goal)."""
    if issue is None:
        return False
    if (mo := _MONTH_OPENING.match(fold(text))) is not None:
        # 'Đến hết tháng 6/2026, …' in July: the month is over
        return (int(mo.group(2) or issue.year), int(mo.group(1))) < (issue.year, issue.month)
    m = _DATE_OPENING.match(fold(text))
    if m is None:
        return False
    try:
        day = dt.date(int(m.group(3) or issue.year), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return False
    return day <= issue


# a sentence that names the goals it goes on to state ('Điều 1. Phê duyệt Kế hoạch … năm 2026 với mục tiêu bảo đảm đủ
# nước tưới cho 42.000 ha …', '… với các chỉ tiêu sau: giảm …; hỗ trợ 210 hộ …'), folded: its counts are targets
_GOALS_NAMED = re.compile(r"\bvoi (?:cac |nhung )?(?:muc tieu|chi tieu)\b(?! (?:da|duoc) )")


def horizon(folded: str, issue_year: int | None) -> bool:
    """Whether a (folded) sentence sets its figure for a horizon not yet reached ('… phủ sóng di động tới 300 thôn, bản
    đến năm 2027' in a notice of 2026): its count is a target, not a task's product ('tổ chức 10 lớp trong năm 2026')."""
    return issue_year is not None and any(int(m.group(1)) >= issue_year for m in _YEAR_RE.finditer(folded))


def horizon_clauses(text: str, issue_year: int | None) -> str | None:
    """The clauses of a plan's paragraph (a task's too) that set a figure for a horizon ('… kết nối phần mềm quản lý
    tiêm chủng tới 136 trạm y tế xã, phường đến năm 2027'), joined by '; ', or None."""
    picked = [c for c in re.split(r"\s*;\s*|(?<=[^\W\d_])\.\s+", text)
              if horizon(fold(c), issue_year) and parse_target_text(c, statement=True)]
    return "; ".join(picked) or None


# ('… bảo đảm cấp 10.000 giấy chứng nhận …': one verb between; a comparator's share, 'bảo đảm tối thiểu 30% …', is a
# figure anyway and makes no count beside it a goal)
_ENSURE_COUNT = re.compile(r"\b(?:bao dam|dam bao)\s+(?!(?:toi|it|tren|duoi|khoang|hon|co)\b)[a-z]+\s+\d")


def ensured_count(folded: str) -> bool:
    """Whether a (folded) clause ensures a count ('… bảo đảm cấp 10.000 giấy chứng nhận trong năm 2026'): a goal, its
    count a target."""
    return bool(_ENSURE_COUNT.search(folded))


def goals_named(folded: str) -> bool:
    """Whether a (folded) sentence states the goals it names: 'với mục tiêu …', 'với các chỉ tiêu sau: …'."""
    return bool(_GOALS_NAMED.search(folded))


# a work a decision's article sets to do, counted ('nạo vét 64 km kênh', 'sửa chữa 12 cống', 'đào mới 15 giếng', 'xây
# dựng 3 trạm bơm'; what it issues, 'cấp 350 giấy chứng nhận …', 'cấp đổi 1.200 thẻ …'), folded: a verb of building,
# repair or issue right before the count
_WORK = re.compile(r"\b(?:cap(?: moi| doi| lai)?|nao vet|xay dung(?: moi)?|xay moi|sua chua|nang cap|cai tao|dao(?: moi)?|lap dat|lam moi"
                   r"|kien co hoa|cung hoa|be tong hoa|trong moi|duy tu|khoi phuc|mo moi|mo rong|xoa"
                   # ('phát sóng 5G thêm 650 trạm', 'phủ sóng 4G 120 thôn': a network's sites, its generation between)
                   r"|(?:phat|phu) song(?:\s+[2-6]g)?)"
                   r"\s+(?:(?:them|moi|khoang|it nhat|toi thieu)\s+)?\d(?!\d*g\b)")  # (not a network's generation, '5G')


def work_clauses(text: str) -> str | None:
    """The clauses of a decision's article that set works to do by their count ('Các công trình chủ yếu: nạo vét 64 km
    kênh mương, sửa chữa 12 cống đầu kênh, đào mới 15 giếng …'; 'Giao … nạo vét 85 km kênh, xây dựng 3 trạm bơm'),
    joined by ';', or None: their counts are targets, as a target list's are (an activity's count, 'tổ chức 10 lớp',
    is none)."""
    # (a work already done, 'toàn xã đã cứng hóa 14 km đường', is a result)
    picked = [c.strip() for c in re.split(r"[,;:]\s+|(?<=[^\d\s])\.\s+", text)
              if (m := _WORK.search(fold(c))) and not re.search(r"\bda\s+$", fold(c)[: m.start()])]
    picked = [c for c in picked if parse_target_text(c, statement=True)]
    return "; ".join(picked) or None


def run_on_figures(text: str) -> str | None:
    """The figures a numbered heading runs on into after its colon ('2. Chỉ tiêu đến năm 2030: tỷ lệ lao động … được
    đào tạo đạt 70%.'): the text after the colon when it states one, else None."""
    m = re.search(r":\s*(\S.{10,})$", text)
    return m.group(1) if m and parse_target_text(m.group(1), statement=True) else None


def _list_heading(text: str) -> bool:
    """A heading that titles a list of targets without announcing it by a colon ('2. Các chỉ tiêu chủ yếu', 'Điều 1.
    Mục tiêu và các chỉ tiêu chủ yếu năm 2026'), or the goals its items state ('1. Mục tiêu', 'Điều 1. Mục tiêu phát
    triển nhà ở xã hội'; 'goal_heading': not a general aim's nor one of goals and tasks): short, no figure of its own,
    no sentence's full stop."""
    t = text.strip()
    ft = fold(t)
    return (len(t) <= 100 and not t.endswith((".", ";", ":")) and bool(_LIST_HEADING.match(ft) or _GOAL_HEADING.match(ft))
            and not parse_target_text(t))


def parse_target_text(text: str, statement: bool = True) -> list[dict[str, Any]]:
    """Quantitative pieces of one target sentence: value, unit, comparator, indicator, explicit year.

    A percentage is always a figure; a rank as 'nhóm 20 … dẫn đầu', 'trong 15 tỉnh … dẫn đầu', 'top 20', and a
    place ('xếp thứ 10') in a target statement only; points ('88 điểm') and counts with
    their counting noun ('02 cuộc kiểm tra', '01 hội nghị') only when a comparator bounds them ('ít nhất 02
    cuộc', 'từ 88 điểm trở lên'; points after 'đạt' too) or the sentence is a target ``statement`` (a 'chỉ tiêu'
    section's sentence, 'Phấn đấu …'): elsewhere '03 điểm cầu' is a place and 'tổ chức 01 hội nghị' a task's
    product. A bracketed past figure ('2.100 hộ (năm 2025 thực hiện 1.850 hộ)') is no piece and names no year."""
    text = without_past(text)
    doc, toks = folded_doc(text)
    matches = matcher_from("targets.jsonl")(doc)
    vocab = doc.vocab.strings
    labelled = [(vocab[m], s, e) for m, s, e in matches]
    values = filter_spans([doc[s:e] for lab, s, e in labelled if lab.startswith("VALUE")])
    value_label: dict[tuple[int, int], str] = {}
    for lab, s, e in labelled:
        if lab.startswith("VALUE") and value_label.get((s, e), "VALUE_CNT") == "VALUE_CNT":
            value_label[(s, e)] = lab  # '88 điểm' is points, not a count of 'điểm'
    counts: dict[int, tuple[str, int]] = {}  # a count's start -> its unit and the token after it
    splits = sorted((s, e) for lab, s, e in labelled if lab == "SPLIT")
    cmps = [(lab, s, e) for lab, s, e in labelled if lab in _CMP]
    ftext = fold(text)
    spans = []
    ordered = sorted(values, key=lambda x: x.start)
    conditioned = _condition_tokens(doc, toks, ftext)
    for n, sp in enumerate(ordered):
        label = value_label[(sp.start, sp.end)]
        if sp.start in conditioned or _condition_holder(doc, toks, ftext, sp.start, cmps):
            continue  # 'đối với xã có trên 50% số tuyến …', 'hộ có trên 50% diện tích …': whom a rule is for
        if label == "VALUE_CNT" and _per_unit(doc, sp, ordered[n + 1 :], splits):
            continue  # 'Giá trị … trên 01 ha đất trồng trọt đạt 130 triệu đồng': the measure the figure is given per
        threshold = any(c[2] in (sp.start, sp.start - 1) and c[1] < sp.start and not _postfix(doc, c) for c in cmps)
        if condition_figure(text, doc, toks, ftext, sp.start, percent=label == "VALUE_PCT", bounded=threshold):
            # 'không thả rông gia súc khi nhiệt độ dưới 12 độ C': a directive's condition; 'khi độ mặn vượt 1%o' ('1‰'
            # as OCR reads it), 'độ mặn trên 2%': a salinity, no percentage; no figure to reach
            continue
        bound = threshold or (
            label not in _RANKS and sp.end < len(doc) - 1 and doc[sp.end].lower_ == "tro" and doc[sp.end + 1].lower_ == "len"
        ) or label == "VALUE_CNT" and _reached_count(doc, sp.start)
        if label == "VALUE_RANK" and (not _RANK_END.match(ftext[toks[sp.end - 1][2]:]) or doc[sp.start].lower_ != "nhom"
                                      and (sp.end >= len(doc) or doc[sp.end].lower_ not in _RANKED)):
            continue  # 'nhóm 2' of a list, not a rank among the leaders ('thuộc nhóm 20 tỉnh dẫn đầu')
        if label == "VALUE_PLACE" and not statement:
            continue  # 'xếp thứ 25/34' of a report's results; 'phấn đấu xếp thứ 10' is a target
        if label == "VALUE_PTS" and not (statement or bound or sp.start and doc[sp.start - 1].lower_ == "dat"):
            continue
        if label == "VALUE_PTS" and sp.start and doc[sp.start - 1].lower_ == "thang":
            continue  # 'đạt 5,5 điểm trên thang 6 điểm': the scale the figure is given on, no figure to reach
        if label in ("VALUE_CNT", "VALUE_PTS") and n and _qualifier(doc, ordered[n - 1], sp):
            continue  # '80% cơ sở lưu trú từ 3 sao trở lên', '04 sản phẩm OCOP đạt từ 3 sao trở lên': a qualifier
        if label == "VALUE_PCT" and _BUDGET_SHARE.search(ftext[max(0, toks[sp.start][1] - 60) : toks[sp.start][1]]):
            continue  # '… 520 tỷ đồng, trong đó ngân sách trung ương 55%, ngân sách tỉnh 45%': the budget's split
        if label == "VALUE_PCT" and _required_share(ftext, toks, sp.start, sp.end):
            continue  # 'bố trí tối thiểu 20% diện tích đất … cho cây xanh': a share a task sets aside, no figure to reach
        if label in ("VALUE_CNT", "VALUE_PTS") and not bound and spans and _listed_count(doc, spans[-1], sp.start, counts):
            bound = True  # 'đạt 35 giường bệnh/vạn dân và 14 bác sĩ/vạn dân', 'Giảm 15% …; cải tạo 25 km …'
        if label == "VALUE_CNT":
            unit_end = count_unit(text, toks, sp.start)
            if unit_end is None and (duration := _duration(text, doc, toks, ftext, sp.start, splits, cmps)):
                counts[sp.start] = duration  # 'rút ngắn thời gian … xuống còn 2,2 ngày', '… không quá 5 ngày'
                spans.append(sp)
                continue
            if unit_end is not None and not (statement or bound) and _completed_measure(doc, sp.start, unit_end):
                bound = True  # 'hoàn thành cứng hóa 85 km kênh mương': a length or area to complete, a figure to reach
            if unit_end is None or not (statement or bound):
                continue
            if _population_base(doc, spans, counts, sp.start, unit_end):
                continue  # 'đạt 12 bác sĩ trên 10.000 dân': the population the count is given per, no figure to reach
            if sp.start and doc[sp.start - 1].lower_ in _PLACE_BEFORE:
                continue  # 'hỗ trợ chuyển đổi sản xuất tại 12 xã, đạt 500 hộ': the places, not the figure to reach
            if _frequency(doc, unit_end) and not _reached_count(doc, sp.start):
                continue  # 'kiểm tra … ít nhất 01 lần/năm', '… tối thiểu 02 đợt, hoàn thành …': how often, no target
            counts[sp.start] = unit_end
        spans.append(sp)
    if not spans and (bracketed := _bracketed_value(text) or _counted_value(text)):
        return [bracketed]
    years = _value_years(doc, [(sp.start, sp.end) for sp in spans], conditioned)
    out = []
    for sp, year in zip(spans, years, strict=True):
        label = value_label[(sp.start, sp.end)]
        lo = max([e for s, e in splits if e <= sp.start], default=0)
        hi = min([s for s, e in splits if s >= sp.end], default=len(doc))
        # a comparator near the value ('đạt tối thiểu 97%', 'giảm bình quân 3,5%'), not a word far before it ('trên
        # địa bàn' of 'Tổng thu ngân sách nhà nước trên địa bàn đạt 2.150 tỷ đồng')
        before = [c for c in cmps if lo <= c[1] and sp.start - 2 <= c[2] <= sp.start and not _postfix(doc, c)]
        after = [c for c in cmps if sp.end <= c[1] <= sp.end + 1 and c[0] == "CMP_GE" and c[2] - c[1] == 2]
        comparator = "="
        if before:
            # the comparator nearest the value, the longest of those ending there ('không dưới', not 'dưới')
            comparator = _CMP[max(before, key=lambda c: (c[2], -c[1]))[0]]
        elif after:
            comparator = ">="
        value_tok = sp.start
        vend_tok = sp.end
        if label == "VALUE_PCT":
            # a yearly rate: 'giảm bình quân 3,5%/năm'
            vend_tok = _rate_end(toks, sp.end)
            unit = "%" + text[toks[sp.end][1] : toks[vend_tok - 1][2]].lower() if vend_tok > sp.end else "%"
        elif label == "VALUE_PTS":
            unit = "điểm"
        elif label in _RANKS or doc[sp.start + 1].lower_ in _RANKED and _RANK_END.match(ftext[toks[sp.start][2] :]):
            # 'thuộc nhóm 20 tỉnh dẫn đầu', 'top 15', 'xếp thứ 10', '20 tỉnh, thành phố dẫn đầu' (its 'nhóm' OCR
            # garbled): rank 20 or better
            unit, comparator = "hạng", "<="
            value_tok = sp.end - 1 if label in _RANKS else sp.start
        else:
            unit, vend_tok = counts[sp.start]  # the counting noun as printed, or money
        cstart = toks[lo][1] if lo < len(toks) else 0
        cend = toks[hi - 1][2] if hi - 1 < len(toks) else len(text)
        vend = toks[max(sp.end, vend_tok) - 1][2]
        if label == "VALUE_CNT" and _MONEY.match(fold(unit)) and _BUDGET.search(fold(text[cstart : toks[sp.start][1]])):
            continue  # a budget ('Tổng kinh phí thực hiện … 640 tỷ đồng'), no target
        # the words of the figure's own ';' clause before it, up to 12 ('hỗ trợ 50% chi phí mua giống, tối đa 10 triệu
        # đồng/ha': the support's words farther back than its cap), with no 'đạt' between (a figure to reach)
        near = [t for t, _, _ in toks[max(lo, sp.start - 12) : sp.start]]
        near = near[max([k + 1 for k, t in enumerate(near) if t in (";", ".", "dat")], default=0) :]
        if label == "VALUE_CNT" and "/" in unit and _MONEY.match(fold(unit)) and (
                _SUPPORT_RATE.search(" ".join(t for t, _, _ in toks[max(lo, sp.start - 5) : sp.start]))
                or _SUPPORT_RATE.search(" ".join(near))):
            continue  # a support rate ('hỗ trợ 15 triệu đồng/ha', 'mức hỗ trợ tối đa 60 triệu đồng/hộ'): money given, no aim
        if label == "VALUE_CNT" and "/" in unit and _MONEY.match(fold(unit)) and _EXPECTED.search(
                ftext[toks[lo][1] if lo < len(toks) else 0 : toks[sp.start][1]]) and not re.search(
                r"\b(?:phan dau|muc tieu|chi tieu)\b", ftext[: toks[sp.start][1]]):
            # 'Hiệu quả dự kiến: giá trị sản xuất … bình quân đạt 142 triệu đồng/ha/năm': an output a résumé expects,
            # not phrased as a goal
            continue
        if label == "VALUE_PCT" and _SUPPORT_SHARE.search(" ".join(near)) and (
                re.match(r"\s*%\s+(?:chi phi|kinh phi|hoc phi|gia|tien|muc|von|lai suat)\b", ftext[toks[sp.start][2] :])
                or "lai suat" in " ".join(near[-3:])):
            continue  # 'hỗ trợ 50% chi phí mua giống', 'hỗ trợ lãi suất 3%/năm': a share of the cost paid, no aim
        cmp_before = [c for c in before if c[2] >= sp.start - 2]
        pred_start = min(c[1] for c in cmp_before) if cmp_before else sp.start
        prev_tok = doc[pred_start - 1].lower_ if pred_start > lo else ""
        if prev_tok in ("dat", "le", "la") or (cmp_before and pred_start - lo >= 3 and prev_tok != "hien"):
            indicator = text[cstart : toks[pred_start][1]]  # '<indicator> đạt tối thiểu 97%'
        else:
            start = toks[pred_start][1] if pred_start > lo else cstart
            indicator = text[cstart:start] + " " + text[vend:cend]  # 'Thực hiện 100% nhiệm vụ ...'
        indicator = clean_space(_TRAIL.sub("", clean_space(indicator).strip(" -–,.;:")).strip(" -–,.;:"))
        out.append(
            {
                "value": _num(doc[value_tok].text),
                "unit": unit,
                "comparator": comparator,
                "indicator": indicator or None,
                "year": year,
            }
        )
    return out


# an indicator whose brackets give its unit, then a colon and its bare figure ('Kim ngạch xuất khẩu (triệu USD): 1.450.')
_BRACKETED_VALUE = re.compile(r"^\W*(.*?\([^()]+\))\s*:\s*(\d+(?:[.,]\d+)*)\s*[.;]?\s*$")


def _bracketed_value(text: str) -> dict[str, Any] | None:
    """The piece of a line that names an indicator with its unit in brackets and gives the figure after a colon
    ('- Giá trị sản xuất thủy sản (tỷ VNĐ): 28.500.' -> 28500, 'tỷ vnđ'), as a table's row would: None for any other
    line or a bracket that holds no unit."""
    m = _BRACKETED_VALUE.match(text.strip())
    unit = _paren_unit(m.group(1)) if m else None
    if m is None or unit is None:
        return None
    indicator = clean_space(re.sub(r"\([^()]+\)\s*$", "", m.group(1)))
    years = stated_years(fold(indicator))
    return {"value": _num(m.group(2)), "unit": unit if unit == "%" else unit.lower(), "comparator": "=",
            "indicator": indicator or None, "year": years[-1] if len(years) == 1 else None}


def _frequency(doc: Any, unit_end: tuple[str, int]) -> bool:
    """Whether a count is how often a task is done: a counting word of occasions ('lần', 'đợt') with a rate ('01
    lần/năm', '01 lần/quý') or with nothing counted after it ('tối thiểu 02 đợt, thực hiện …', '02 đợt trong năm'),
    not a count of events ('ít nhất 03 đợt kiểm tra đột xuất')."""
    unit, end = unit_end
    if unit.split("/")[0] not in _OCCASIONS:
        return False
    return "/" in unit or end >= len(doc) or not doc[end].text.isalpha() or doc[end].lower_ in _NOT_NOUNS


def without_past(text: str) -> str:
    """The text with its bracketed past figures blanked out, offsets kept ('Số hộ thoát nghèo: 2.100 hộ (năm 2025 thực
    hiện 1.850 hộ).' -> 'Số hộ thoát nghèo: 2.100 hộ                             .')."""
    return _PAST_BRACKET.sub(lambda m: " " * len(m.group()) if _past_bracket(fold(m.group())) else m.group(), text)


def without_conditions(text: str) -> str:
    """The text with the clauses blanked out that name whom a rule is for by a figure ('condition_clause': '…; đối
    với xã có từ 05 vụ … trở lên trong năm 2025, xây dựng …'), offsets kept: their years are no sentence's year."""
    ft = fold(text)
    out = text
    for m in re.finditer(r"(?:[^,;:.]|\.(?=\d))+", ft):
        if _CONDITION_CLAUSE.match(m.group()):
            out = out[: m.start()] + " " * (m.end() - m.start()) + out[m.end() :]
    return out


def _past_bracket(folded: str) -> bool:
    """Whether a bracket (folded) states a past figure beside a target ('(năm 2025 thực hiện 1.850 hộ)', '(năm 2024:
    1.126 hộ)'): a figure with a result's word or a year, no 'phấn đấu' or horizon ('đến năm 2030')."""
    return bool(re.search(r"\d", folded)) and bool(
        _TABLE["result"].search(folded) or ACHIEVED.search(folded)
        or STATED_YEAR.search(folded) and not re.search(r"\b(phan dau|den|toi|muc tieu)\b", folded))


# words a few tokens before a rate of money that make it a support rate, folded
# ('cho vay tối đa 100 triệu đồng/hộ': a loan's ceiling per household, money lent, no aim)
_SUPPORT_RATE = re.compile(r"\b(?:ho tro|tro cap|phu cap|dinh muc|muc chi|muc thuong|bo tri|cho vay|muc vay)\b")
# a support's share of a cost right after its verb ('hỗ trợ 50% chi phí …', 'hỗ trợ lãi suất 3%/năm'), folded words
_SUPPORT_SHARE = re.compile(r"\bho tro(?: (?:lai suat|toi da|den|khoang))*$")
# an output a résumé expects ('Hiệu quả dự kiến: …', '… dự kiến bình quân 142 triệu đồng/ha/năm'), folded clause
_EXPECTED = re.compile(r"^\W*(?:\d{1,2}\s*[.)]\s*)?hieu qua\b|\bdu kien\b")
# the population a count is given per ('… trên 10.000 dân', '… trên 100 người dân'), folded
_POPULATION = re.compile(r"^(?:dan|dan so|nguoi|nguoi dan)$")


def _population_base(doc: Any, spans: list[Any], counts: dict[int, tuple[str, int]], start: int,
                     unit_end: tuple[str, int]) -> bool:
    """Whether the count at token ``start`` is the population the count before it is given per ('đạt 12 bác sĩ trên
    10.000 dân', '30 thuê bao băng rộng trên 100 dân'): right after that count's unit and its 'trên'/'mỗi', and its
    noun the people ('dân', 'người dân')."""
    if not spans or spans[-1].start not in counts or start < 1 or doc[start - 1].lower_ not in ("tren", "moi"):
        return False
    # (the counted words after the first count's unit may run on: '30 thuê bao băng rộng trên 100 dân')
    if start - 1 - counts[spans[-1].start][1] > 3:
        return False
    return bool(_POPULATION.match(fold(unit_end[0])))


def _per_unit(doc: Any, sp: Any, later: list[Any], splits: list[tuple[int, int]]) -> bool:
    """Whether a count of one is the measure the next figure of its clause is given per ('Giá trị … trên 01 ha đất
    trồng trọt đạt 130 triệu đồng', 'Thu nhập bình quân trên 01 hộ … đạt 180 triệu đồng/năm'): 'trên'/'mỗi' before it
    ('per_unit') and a figure after it with no clause break between."""
    if not sp.start or doc[sp.start - 1].lower_ not in _PER_UNIT or _num(doc[sp.start].text) != 1:
        return False
    return any(not any(sp.end <= s < o.start for s, _ in splits) for o in later)


def _duration(text: str, doc: Any, toks: list[tuple[str, int, int]], ftext: str, start: int,
              splits: list[tuple[int, int]], cmps: list[tuple[str, int, int]]) -> tuple[str, int] | None:
    """The unit of a duration to reach and the token after it ('thời gian … xuống còn 2,2 ngày' -> 'ngày', '… không
    quá 5 ngày'): a time word after the number ('durations'), what a time its clause names ('duration_subject') is
    brought down to ('reduced_to': 'còn'), bounded by ('không quá', 'dưới') or reaches ('đạt'); None for a deadline, a response time
    or an age ('trong 15 ngày', 'trong vòng 48 giờ', '… 6 tháng tuổi')."""
    nxt = start + 1
    if nxt >= len(doc) or doc[nxt].lower_ not in _DURATIONS or nxt + 1 < len(doc) and doc[nxt + 1].lower_ == "tuoi":
        return None
    bounded = any(c[0] == "CMP_LE" and c[2] == start for c in cmps)
    # an average to keep to ('thời gian giải quyết … bình quân 2,2 ngày'), as a bound is
    averaged = start >= 2 and f"{doc[start - 2].lower_} {doc[start - 1].lower_}" in _AVERAGED
    # a time to reach ('thời gian lưu trú bình quân của khách đạt 2,2 ngày'): its clause names the time, as below
    reached = start and doc[start - 1].lower_ == "dat"
    if not (start and doc[start - 1].lower_ in _REDUCED_TO or bounded or averaged or reached):
        return None
    lo = max([e for s, e in splits if e <= start], default=0)
    if not _DURATION_SUBJECT.search(ftext[toks[lo][1] : toks[start][1]]):
        return None
    end = nxt + 1
    for tail in _DURATION_TAILS:  # 'không quá 05 ngày làm việc': the working day its unit
        if [t.lower_ for t in doc[end : end + len(tail)]] == tail:
            end += len(tail)
            break
    return text[toks[nxt][1] : toks[end - 1][2]].lower(), end


def _postfix(doc: Any, cmp: tuple[str, int, int]) -> bool:
    """Whether a comparator bounds the figure before it ('từ 75 tuổi trở lên'), so none after it ('… trở lên 01
    lần/năm': the next figure is unbounded)."""
    return cmp[2] - cmp[1] == 2 and doc[cmp[1] + 1].lower_ == "len"


def _condition_tokens(doc: Any, toks: list[tuple[str, int, int]], ftext: str) -> set[int]:
    """The tokens of the clauses that name whom a rule is for by a figure they have ('đối với xã có trên 50% số tuyến
    đường … chưa được cứng hóa', 'trường hợp xã có từ 05 vụ … trở lên trong năm 2025'; 'condition_clause'): clauses
    between commas, ';', ':' and stops; their figures and years belong to the condition."""
    marks = [i for i, t in enumerate(doc) if t.text in (",", ";", ":", ".")]
    out: set[int] = set()
    for s, e in zip([0] + [m + 1 for m in marks], marks + [len(doc)], strict=True):
        if s < e <= len(toks) and _CONDITION_CLAUSE.match(ftext[toks[s][1] : toks[e - 1][2]]):
            out.update(range(s, e))
    return out


def _condition_holder(doc: Any, toks: list[tuple[str, int, int]], ftext: str, start: int,
                      cmps: list[tuple[str, int, int]]) -> bool:
    """Whether the figure at token ``start`` is bounded ('trên', 'từ … trở lên') right after a holder and 'có' ('hộ có
    trên 50% diện tích đất lúa chuyển đổi được hỗ trợ thêm …', 'xã có từ 05 vụ … trở lên'; 'condition_holder'): the
    threshold that says who a rule is for, no figure to reach."""
    first = min([c[1] for c in cmps if c[2] in (start, start - 1) and c[1] < start and not _postfix(doc, c)],
                default=start)
    if first == start and start and doc[start - 1].lower_ == "tu":
        first = start - 1  # 'từ 05 vụ … trở lên'
    if first == start:
        return False
    if doc[first].lower_ == "duoi" and _BELOW_HOLDER.search(ftext[: toks[first][1]]):
        return True  # 'các xã có tỷ lệ hộ nghèo dưới 50% …', 'hộ có thu nhập dưới …': who is below a line, a threshold
    return bool(_CONDITION_HOLDER.search(ftext[: toks[first][1]]))


def _completed_measure(doc: Any, start: int, unit_end: tuple[str, int]) -> bool:
    """Whether the count at token ``start`` is a length, area or weight a sentence sets to complete ('hoàn thành cứng
    hóa 85 km kênh mương', 'hoàn thành trồng mới 120 ha rừng'): a measure ('km', 'ha', 'tấn'), 'hoàn thành' at most
    three words before it; a task's product ('hoàn thành 02 báo cáo') is no measure."""
    unit = unit_end[0].split()[0] if unit_end[0] else ""
    if not (_is_measure(unit) and unit not in ("lượt", "hộ")):
        return False
    # ('hoàn thành' at most three words before the figure, not a result's 'đã hoàn thành cứng hóa 64 km')
    return any(doc[k].lower_ == "hoan" and doc[k + 1].lower_ == "thanh" and not (k and doc[k - 1].lower_ == "da")
               for k in range(max(0, start - 5), start - 1))


def _reached_count(doc: Any, start: int) -> bool:
    """Whether the count at token ``start`` is the figure an indicator is to reach ('Số người tham gia bảo hiểm thất
    nghiệp đạt 152.000 người'; 'Các xã … đạt thêm 3 tiêu chí'): right after an 'đạt' ('đạt thêm') that opens no report
    of a result ('đã đạt', 'đạt được')."""
    if start >= 3 and doc[start - 1].lower_ == "them" and doc[start - 2].lower_ == "dat":
        # ('Các xã đã phấn đấu đạt thêm 03 tiêu chí': a result, 'đã' a few words before)
        return not any(t.lower_ == "da" for t in doc[max(0, start - 6) : start - 2])
    return start >= 2 and doc[start - 1].lower_ == "dat" and doc[start - 2].lower_ != "da"


# a share of land or floor a task sets aside for a use ('bố trí tối thiểu 20% diện tích đất ở để xây dựng nhà ở xã
# hội', 'dành 15% quỹ đất cho …'): the verb (and a bound) before the figure, the land or area after it
_SHARE_BEFORE = re.compile(r"\b(?:bo tri|danh)\s+(?:(?:toi thieu|it nhat|khong it hon|khong duoi)\s+)?$")
_SHARE_AFTER = re.compile(r"^\s*%\s+(?:tong\s+)?(?:dien tich|quy dat|quy nha|dat)\b")


# (or the land first: 'bố trí quỹ đất 20% trong các dự án', 'dành diện tích đất tối thiểu 15% cho …')
_SHARE_LAND_BEFORE = re.compile(r"\b(?:bo tri|danh)\s+(?:quy dat|quy nha|dien tich)(?:\s+[a-z]+){0,3}?\s+"
                                r"(?:(?:toi thieu|it nhat|khong it hon|khong duoi)\s+)?$")


def _required_share(ftext: str, toks: list[tuple[str, int, int]], start: int, end: int) -> bool:
    """Whether the percentage from token ``start`` to ``end`` is a share of land or area a task sets aside ('bố trí
    tối thiểu 20% diện tích … cho …', 'bố trí quỹ đất 20% trong các dự án'), no figure an indicator is to reach."""
    before = ftext[: toks[start][1]]
    return bool(_SHARE_BEFORE.search(before)) and bool(_SHARE_AFTER.match(ftext[toks[end - 1][1]:])) or bool(
        _SHARE_LAND_BEFORE.search(before))


def _listed_count(doc: Any, prev: Any, start: int, counts: dict[int, tuple[str, int]]) -> bool:
    """Whether the count at token ``start`` is the next figure of a list the figure ``prev`` (taken) opens, in the
    same sentence: right after the unit of a count and 'và' ('đạt 35 giường bệnh/vạn dân và 14 bác sĩ/vạn dân'), or
    the first figure of a ';' clause, after its verb of two words at most ('Giảm 15% số điểm ngập úng …; cải tạo 25 km
    cống …; xây mới 12 điểm …'), or after 'và có thêm' ('100% … được thu gom và có thêm 30 xã …')."""
    if any(t.text == "." for t in doc[prev.end : start]):
        return False
    if start and doc[start - 1].lower_ == "va" and prev.start in counts and counts[prev.start][1] == start - 1:
        return True
    if start >= 3 and [t.lower_ for t in doc[start - 3 : start]] == ["va", "co", "them"]:
        return True
    semis = [i for i in range(prev.end, start) if doc[i].text == ";"]
    return bool(semis) and 1 <= start - semis[-1] - 1 <= 2 and all(t.is_alpha for t in doc[semis[-1] + 1 : start])


def _qualifier(doc: Any, prev: Any, sp: Any) -> bool:
    """Whether the bounded count ``sp`` ('từ 3 sao trở lên') qualifies what the figure before it in the same clause
    counts ('80% cơ sở lưu trú từ 3 sao trở lên'), rather than setting a figure of its own: 'từ N … trở lên' with
    only the counted noun phrase between the two (no comma, 'và', clause break)."""
    between = [t.lower_ for t in doc[prev.end : sp.start]]
    return (sp.start > prev.end and len(between) <= 8 and between[-1] == "tu"
            and not any(t in (",", ";", ".", "va", "hoac") for t in between)
            and sp.end + 1 < len(doc) and doc[sp.end].lower_ == "tro" and doc[sp.end + 1].lower_ == "len")


def future_statement(text: str, issue_year: int | None) -> bool:
    """A sentence whose every figure is set for a year after the document's ('Năm 2026, tỷ lệ … đạt 75%' in a
    report of December 2025) and reports nothing reached: a target, whatever section it stands in; not one that
    opens on a time already past ('Năm 2025, …', 'Thời gian qua, …': past_opening), whose later year is only the goal
    its results lead to ('…, đạt 9,5%, tạo tiền đề thực hiện mục tiêu năm 2026')."""
    pieces = parse_target_text(text, statement=False)
    return (issue_year is not None and bool(pieces) and all(p["year"] and p["year"] > issue_year for p in pieces)
            and not ACHIEVED.search(fold(text)) and not past_opening(text, issue_year))


def events_year(st: Structure) -> int | None:
    """The year of the event a document names no year of its own for (a plan for 'Festival Hoa … lần thứ XI' whose
    body says 'Festival Hoa … 2026'): the one year its paragraphs give in an event's or season's name (_event_year);
    None when they give none or several."""
    years = set()
    for para in st.paras:
        toks = re.findall(r"\w+|[^\w\s]", fold(para.text))
        years |= {int(toks[i]) for i in range(len(toks)) if _YEAR_NUM.match(toks[i]) and _event_year(toks, i)}
    return years.pop() if len(years) == 1 else None


def past_result(text: str, issue_year: int | None) -> bool:
    """Whether a sentence of a part on results tells what was reached, not what is set: it opens on a past time
    (past_opening) before the issue year, or on the issue year itself when it says 'đã' or names a later year only
    after ('Năm 2025, … đạt 9,5%, tạo tiền đề thực hiện mục tiêu năm 2026'); never one that strives ('Năm 2026, phấn đấu
    …', a year's report issued in January on the year ahead: 'Năm 2026, tỷ lệ … đạt 90%')."""
    fs = fold(text)
    m = _PAST_OPENING.match(fs)
    if m is None or issue_year is None or _INNER_STRIVE.search(fs) or not past_opening(text, issue_year):
        return False
    year = m.group(1) or m.group(2)
    later = [y for y in stated_years(fs[m.end() :]) if y > int(year or issue_year)]
    return year is None or int(year) < issue_year or bool(re.search(r"\bda\b", fs)) or bool(later)


def past_opening(text: str, issue_year: int | None) -> bool:
    """Whether a sentence opens on a time already past or under way at the issue ('Năm 2025, …' or 'Giai đoạn 2021 -
    2025, …' up to the issue year, 'Thời gian qua, …', 'Những năm qua …')."""
    m = _PAST_OPENING.match(fold(text))
    if m is None or issue_year is None:
        return False
    year = m.group(1) or m.group(2)
    return year is None or int(year) <= issue_year


def year_statement(text: str, issue_year: int | None) -> bool:
    """A sentence that opens with the year its figures are set for, the document's own or a later one ('2. Năm 2026, tỷ
    lệ che phủ rừng của tỉnh đạt 47%.', 'Đến năm 2026, diện tích … chiếm 70%'; the issue's year unnamed: 'Trong năm
    nay, hoàn thành cứng hóa 85 km …'), every figure for such a year and
    nothing reported as reached: a target wherever it stands in a plan (a report's sentence on its own year is a
    result: the caller asks this of no báo cáo)."""
    m = _YEAR_OPENING.match(fold(text))
    year = int(m.group(1)) if m else issue_year if THIS_YEAR_OPENING.match(fold(text)) else None
    if issue_year is None or year is None or year < issue_year or ACHIEVED.search(fold(text)):
        return False
    # ('Trong năm nay, …' states the year's goals as a 'Phấn đấu …' does: its counts are targets, '85 km', '3 trạm bơm';
    # so are the works a year's sentence sets by their count, 'Trong năm 2026, … cải tạo 12 tuyến đường, nạo vét 85 km
    # kênh …', as a decision's article's are: work_clauses)
    pieces = parse_target_text(text, statement=m is None or bool(_WORK.search(fold(text))))
    return bool(pieces) and all(p["year"] is None or p["year"] >= issue_year for p in pieces)


# a sentence that opens on what has been reached without a year ('Đến nay, …', 'Qua 5 năm thực hiện, …'), folded
_RESULTS_OPENING = re.compile(r"^\W*(?:\d{1,2}\s*[.)]\s*)?(?:den nay|tinh den nay|hien nay|ket qua|qua \w+ nam (?:thuc hien|trien khai))\b")
# a strive clause after a first clause or sentence ('…, phấn đấu …', '…; năm 2026 phấn đấu …', '… . Phấn đấu …'), folded
_STRIVE_AFTER = re.compile(r"[,;.]\s+(?:va\s+)?(?=(?:(?:trong |den |den het )?nam (?:19|20)\d\d,?\s+)?phan dau\b)")


def strive_after_results(text: str, issue_year: int | None) -> str | None:
    """The part of a paragraph from its 'phấn đấu' on when it opens on results ('Năm 2025, tỷ lệ … đạt 92%, phấn đấu
    năm 2026 đạt 95%', 'Đến nay, … đạt 92%; phấn đấu … đạt 20%'): the figures before it were reached, no targets. A
    paragraph that opens on the issue year or a later one ('Năm 2026, … đạt 60%, phấn đấu đến năm 2030 …') keeps all."""
    ft = fold(text)
    m = _PAST_OPENING.match(ft)
    year = (m.group(1) or m.group(2)) if m else None
    past = m is not None and (year is None or issue_year is not None and int(year) < issue_year)
    at = _STRIVE_AFTER.search(ft)
    if (m is not None and year and issue_year and int(year) == issue_year and at
            and issue_year + 1 in stated_years(ft[at.end() :])):
        # 'Năm 2025, tỷ lệ … đạt 93,1%; năm 2026, phấn đấu đạt 95%' in December 2025: the year's result beside the next
        # year's aim (a horizon's, 'Năm 2026, … đạt 60%, phấn đấu đến năm 2030 …', keeps both)
        past = True
    if not (past or _RESULTS_OPENING.match(ft)):
        return None
    return text[at.end() :] if at and parse_target_text(text[at.end() :]) else None


def strive_clause(text: str) -> str | None:
    """The clause of a sentence that sets a target after a first clause that does not ('Nâng cao năng lực …; phấn đấu
    năm 2026 đạt 95% dân số tham gia bảo hiểm y tế'): from its 'phấn đấu' on, when it states a figure."""
    for clause in re.split(r"\s*;\s*", text)[1:]:
        if _STRIVE.match(fold(clause)) and parse_target_text(clause):
            return clause
    return None


# a purpose clause that sets a share to reach ('Để bảo đảm 100% bếp ăn tập thể … được kiểm tra …, Chủ tịch … chỉ thị:')
_PURPOSE = re.compile(_RULES["purpose"])
# a strive clause inside a sentence that opens otherwise ('Thực hiện Kế hoạch …, nhằm phấn đấu …', 'Để phấn đấu …',
# 'Để thực hiện …, trong năm 2026 phấn đấu …'): its figures from 'phấn đấu' on, or from the year the clause opens with
# ('trong năm 2026', 'đến hết năm 2026'), its targets' (fold keeps the text's length, so the folded match cuts the
# sentence)
_INNER_STRIVE = re.compile(# ('Tối thiểu 95% hồ sơ … được giải quyết đúng hạn', 'Ít nhất 80% …' opening a requirement
                           # of a guide or a directive: the share it sets, as 'Bảo đảm 95% …'; at the opening only)
                           r"^\W*(?=(?:toi thieu|it nhat)\s+\d+(?:[.,]\d+)?\s*%)|"
                           # ('Để kiềm chế …, nhằm giảm ít nhất 10% số vụ … so với năm 2025, bảo đảm 100% …, Chủ tịch …
                           # chỉ thị:': a purpose clause that cuts or raises by a share, a directive's opening; its
                           # figures from the verb on)
                           r"(?:^|,\s*|\s)(?:nham|de)\s+(?=(?:giam|tang|nang)\s+(?:(?:toi thieu|it nhat|tren|them)\s+)?"
                           r"\d+(?:[.,]\d+)?\s*%)|"
                           # ('Nhằm chủ động phòng, chống dịch …, giảm ít nhất 15% số ca mắc …': the purpose's share a
                           # clause after its first sets)
                           r"^\W*(?:nham|de)\s[^.;:]*?,\s*(?=(?:giam|tang)\s+(?:(?:toi thieu|it nhat|tren|them)\s+)?"
                           r"\d+(?:[.,]\d+)?\s*%)|"
                           r"(?:^|,\s*)(?:nham |de |va )?"
                           r"(?=(?:(?:trong |den |den het |trong nam |ngay trong )?nam (?:19|20)\d\d,?\s+)?phan dau\b"
                           # ('Năm tới, xã phấn đấu …', 'Năm 2026, toàn ngành phấn đấu …': the year, a short subject)
                           r"|(?:trong )?nam (?:(?:19|20)\d\d|toi|ke tiep),\s+(?:[a-z]+\s+){1,4}phan dau\b"
                           # ('…, bảo đảm đến hết năm 2026 có 90% …', '…, nhằm đạt mục tiêu 98% … và 85% …': a share to
                           # reach the clause opens with; 'với mục tiêu bảo đảm 95% …')
                           r"|(?:dat |thuc hien )?muc tieu\b(?:\s+[a-z0-9]+){0,4}?\s+(?:(?:toi thieu|it nhat|tren)\s+)?\d+(?:[.,]\d+)?\s*%"
                           r"|(?:bao dam|dam bao)\s+(?:(?:den|den het|trong) nam (?:19|20)\d\d,?\s+)?(?:co\s+)?"
                           r"(?:(?:toi thieu|it nhat|tren)\s+)?\d+(?:[.,]\d+)?\s*%)"
                           # ('Sở đề nghị các xã phấn đấu trong năm 2026 …', '… năm 2026 nhằm đạt mục tiêu 98% …': a
                           # 'phấn đấu' or a goal's share inside the clause, not a past one's 'đã phấn đấu', 'nỗ lực …')
                           # ('Chủ tịch … yêu cầu trong năm 2026 giảm 10% số vụ …': a requirement for a year, its figures)
                           r"|(?<=[a-z] )(?<!da )(?<!luc )(?=phan dau\b|(?:yeu cau|de nghi)\s+(?:trong |den |den het )?"
                           r"nam (?:19|20)\d\d\b|(?:dat |thuc hien )?muc tieu\b(?:\s+[a-z0-9]+){0,4}?\s+"
                           r"(?:(?:toi thieu|it nhat|tren)\s+)?\d+(?:[.,]\d+)?\s*%)")


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph: a full stop ends one before a capital ('… so với năm 2025. Để bảo đảm …'), not
    a figure's ('1.450') nor OCR's stray stop before a lower-case word."""
    out: list[str] = []
    for piece in re.split(r"(?<=[.!?])\s+", text):
        if out and not piece[:1].isupper():
            out[-1] += " " + piece
        elif piece.strip():
            out.append(piece)
    return out


# a requirement that opens on the share it sets, or on a cut or rise by it ('100% cơ sở … có …', 'Không dưới 95% hồ sơ …',
# 'Giảm 20% thời gian …'), folded: no 'chỉ tiêu' word needed (not in a report, not with 'đã': a result)
_SHARE_OPENING = re.compile(r"^\W*(?:\d{1,2}\s*[.)]\s*)?(?:(?:giam|tang|nang)\s+)?(?:(?:toi thieu|it nhat|tren|khong duoi|khong it hon)\s+)?"
                            r"\d+(?:[.,]\d+)?\s*%\s+[a-z]")


# a share a requirement inside a sentence sets ('… yêu cầu các cơ quan, địa phương bảo đảm 100% trường học … và tối
# thiểu 90% hộ … trong năm 2026', '… chỉ đạo các địa phương phải bảo đảm 100% …', '… tập trung thực hiện để đến hết năm
# 2026 có 100% …'), folded: 'bảo đảm' or a purpose 'để'/'nhằm' with a year, then the share; not a past 'đã bảo đảm'
_REQUIRED_SHARE = re.compile(r"(?<![a-z])(?<!da )(?:(?:bao dam|dam bao)\s+(?:(?:den|den het|trong|ngay trong) nam (?:19|20)\d\d,?\s+)?"
                             r"|(?:de|nham)\s+(?:den|den het|trong) nam (?:19|20)\d\d,?\s+)(?:co\s+)?"
                             r"(?:(?:toi thieu|it nhat|tren|khong duoi|khong it hon)\s+)?\d+(?:[.,]\d+)?\s*%\s*[a-z]")


def required_shares(text: str, issue_year: int | None) -> str | None:
    """The clause of a sentence on from the one whose requirement sets a share, when the sentence opens on no time
    already past and reports nothing reached (a letter's or notice's opening paragraph: 'Ủy ban nhân dân tỉnh yêu cầu
    các cơ quan, địa phương bảo đảm 100% … và tối thiểu 90% … trong năm 2026.'); the clause keeps a year stated before
    the requirement ('trong năm 2026 các địa phương cần bảo đảm 100% …'). None otherwise."""
    fs = fold(text)
    m = _REQUIRED_SHARE.search(fs)
    if (m is None or past_opening(text, issue_year) or _RESULTS_OPENING.match(fs) or ACHIEVED.search(fs)
            or _PAST_BRACKET.search(fs) or _FUNDING.match(fs) or _FUNDING.match(fs[m.end() - 1 :])):
        return None  # ('Kết quả, toàn tỉnh bảo đảm 95% …'; 'Ngân sách tỉnh bảo đảm 70% kinh phí …': money's shares)
    start = max(fs.rfind(",", 0, m.start()), fs.rfind(";", 0, m.start()), fs.rfind(":", 0, m.start())) + 1
    clause = text[start:].strip()
    return clause if parse_target_text(clause) else None


def target_sentences(text: str, issue_year: int | None, report: bool = False) -> str | None:
    """The sentences of a paragraph that set targets when the paragraph opens with none ('Năm 2025, công tác … có
    chuyển biến. Năm 2026, toàn tỉnh phấn đấu giảm ít nhất 10% … . Để bảo đảm 100% … được …, Chủ tịch … chỉ thị:'):
    one that strives or states targets, a purpose clause's share ('purpose'), one whose every figure is for a later
    year than the document's, or (not in a báo cáo) one that opens with the document's year or a later one or with
    the share it requires ('100% cơ sở … có phòng y tế', _SHARE_OPENING). Sentences
    of results ('Năm 2025, toàn tỉnh đã đạt 85% …') stay out."""
    picked = []
    for sent in sentences(text):
        fs = fold(sent)
        if report and past_result(sent, issue_year):
            continue  # 'Năm 2025, … đạt 9,5%, tạo tiền đề thực hiện mục tiêu năm 2026' in a part on results
        if ((_STRIVE.match(fs) or STATEMENT.match(fs) or _PURPOSE.match(fs)) and not ACHIEVED.search(fs)
                and parse_target_text(sent) or future_statement(sent, issue_year)
                or not report and year_statement(sent, issue_year)):
            # ('Năm 2025, … đạt 93,1%; năm 2026, phấn đấu đạt 95%' issued in 2025: the strive clause, its first a result)
            picked.append(strive_after_results(sent, issue_year) or sent)
        elif (not report and (r := _REQUIRED_SHARE.search(fs))
              and ((m := _INNER_STRIVE.search(fs)) is None or r.start() < m.start())
              and (clause := required_shares(sent, issue_year)) is not None):
            picked.append(clause)  # '… yêu cầu các cơ quan bảo đảm 100% … và tối thiểu 90% … trong năm 2026.'
        elif (m := _INNER_STRIVE.search(fs)) and not ACHIEVED.search(fs[m.end() :]) and parse_target_text(sent[m.end() :]):
            picked.append(sent[m.end() :])  # 'Thực hiện …, nhằm phấn đấu đến hết năm 2026 có 50% …, đến năm 2030 đạt 80%, …'
        elif not report and _SHARE_OPENING.match(fs) and not re.search(r"\bda\b", fs) and parse_target_text(sent):
            picked.append(sent)  # '100% cơ sở giáo dục có phòng y tế.', 'Giảm 20% thời gian …' under a guide's 'YÊU CẦU'
        elif (after := strive_after_results(sent, issue_year)) is not None:
            picked.append(after)  # 'Năm 2025, tỷ lệ … ước đạt 96%; năm 2026 phấn đấu đạt 98%.' in December 2025: the aim
    return " ".join(picked) or None



def extract_targets(st: Structure, doc_id: str, period_end: int | None, ocr_pages: set[int],
                    prov: Provenance | None = None, issue_year: int | None = None,
                    report: bool = False, plan_start: int | None = None) -> list[TargetRow]:
    """Target rows of the plan's body, not yet numbered (extract_document numbers all targets); with
    ``prov``, placed on their page (the lines of their sentence). A ``report`` (báo cáo) states its own year's
    results in sentences that open with that year: those are no targets."""
    labels = target_sections(st)
    rows: list[TargetRow] = []
    if period_end is None:
        period_end = events_year(st)  # 'Kế hoạch Tổ chức Festival … lần thứ XI': the year its event is held
    # tables in other layouts ('|' between cells, aligned columns, one cell per line) read as tab-separated ones
    view, in_tables = table_view(st, compound, ocr_pages)
    tables = table_targets(view, labels, doc_id, period_end, ocr_pages, prov, in_tables, issue_year, plan_start)
    lead_in: float | None = None  # depth of a target sentence that announces items ('…, cụ thể như sau:')
    lead_year: int | None = None  # the year that sentence names: its items' too
    by_idx = {ln.idx: ln for ln in st.lines}
    for para in st.paras:
        if para.line_idx in in_tables:
            continue  # a table's lines as OCR ran its cells together: read by table_targets
        cut = next((k for k in range(para.line_idx + 1, para.last_line + 1) if k in in_tables), None)
        if cut is not None:
            # a table's title run on into the table's rows (a scan's '|' rows, not tabs when the paragraphs were made):
            # the title alone, its rows the table's
            para = replace(para, text=" ".join(by_idx[k].text.strip() for k in range(para.line_idx, cut) if k in by_idx),
                           line_end=cut - 1)
        clause: str | None = None  # the one clause of the paragraph that sets its target, when only one does
        depth = _ITEM_DEPTH.get(para.marker, _ITEM_DEPTH["plain"])
        # a part that reports results ('Điều 1. Đánh giá tình hình thực hiện năm 2025'): its sentences on the document's
        # own year are results, as a báo cáo's are ('Năm 2025, toàn tỉnh đón khoảng 4,2 triệu lượt khách, …')
        reported = report or results_part(st, para.section)
        if lead_in is not None and depth <= lead_in:
            lead_in = None  # the items the lead-in announced have ended
        sec_label = _in_sections(st, para, labels)
        if sec_label is None and lead_in is not None and parse_target_text(para.text):
            # '- Số hóa 80% hồ sơ …' under 'Phấn đấu năm 2026 có 95% hồ sơ …, cụ thể như sau:'
            sec_label = para.section or ""
        elif sec_label is None and para.marker != "roman" and (
                (_STRIVE.match(fold(para.text)) or STATEMENT.match(fold(para.text))) and parse_target_text(para.text)
                or future_statement(para.text, issue_year) or not reported and year_statement(para.text, issue_year)):
            # 'Phấn đấu năm 2026, … đạt 60%', '1. Mục tiêu: đến hết năm 2026, 100% …' set targets wherever they stand
            sec_label = para.section or ""
            if para.text.rstrip().endswith(":"):
                lead_in = depth
                lead_year = next((p["year"] for p in parse_target_text(para.text) if p["year"]), None)
        elif sec_label is None and para.marker != "roman" and _goal_part(st, para) and parse_target_text(para.text):
            # '1. Tiết kiệm 2,5% …; hỗ trợ 40 cơ sở …' under 'II. MỤC TIÊU NĂM 2026' beside its '3. Các chỉ tiêu cụ thể:'
            # (the deepest 'chỉ tiêu' section, the one target_sections gives): the goals part's items with figures
            sec_label = para.section or ""
        elif sec_label is None and para.marker != "roman" and _year_part(st, para, issue_year, report) \
                and parse_target_text(para.text):
            # 'Tỷ lệ phòng học kiên cố bảo đảm không dưới 91%; xây mới 260 phòng học …' under a report's 'II. NHIỆM VỤ
            # NĂM 2026'; '2. Diện tích rừng … trồng mới trên 230.000 ha; …' under a guide's 'I. YÊU CẦU NĂM 2026'
            sec_label = para.section or ""
        elif sec_label is None and _reach_item(st, para, issue_year, reported):
            sec_label = para.section or ""  # '- Số người tham gia bảo hiểm thất nghiệp đạt 186.000 người;'
        elif sec_label is None and para.marker != "roman" and (clause := strive_clause(para.text)):
            sec_label = para.section or ""  # '…; phấn đấu năm 2026 đạt 95% …': that clause's figures only
        elif sec_label is None and para.marker != "roman" and (clause := target_sentences(para.text, issue_year, reported)):
            sec_label = para.section or ""  # '… . Năm 2026, toàn tỉnh phấn đấu …': the sentences that set targets
        elif sec_label is None and para.marker != "roman" and not reported and (
                clause := horizon_clauses(para.text, issue_year)):
            sec_label = para.section or ""  # '… kết nối phần mềm … tới 136 trạm y tế … đến năm 2027': a horizon's count
        elif sec_label is None or para.section == sec_label and para.marker in ("roman", "number") \
                and not (para.marker == "number" and run_on_figures(para.text)):
            continue  # a heading of targets ('1. Chỉ tiêu năm 2027:'), not one that runs on into its figure
        if any(_GENERAL_GOAL.match(fold(s.heading)) for s in st.chain(para.section)):
            continue  # 'Mục tiêu chung': the plan's general aim, not a target
        text = para.text
        if para.marker == "roman" or para.marker == "number" and not (
                (len(text) > 40 or re.search(r"\d\s*%?\s*\.$", text.rstrip())) and parse_target_text(text)):
            continue  # a numbered heading; a numbered sentence stating a figure is a target (a short one too when it
            # closes on its figure and a full stop: '2. Tỷ lệ trường đạt chuẩn quốc gia đạt 72%.')
        if para.marker == "subnumber" and len(text) < 40 and not parse_target_text(text):
            continue  # '2.2. Mục tiêu cụ thể': the heading of the targets under it
        if para.marker == "letter" and (len(text) < 90 and match_domain(fold(text)) and not re.search(r"\d\s*%", text)
                                        or len(text) < 25):
            continue  # 'a) Về cải cách thể chế' is a domain heading, not a target
        if text.startswith("(") or len(text) < 15:
            continue
        domain = _domain(st, para) or match_domain(fold(text))
        year = (lead_year if lead_in is not None else None) or _heading_year(st, para, issue_year) or period_end
        sec_id = section_id(doc_id, para.section) if para.section else None
        conf = 0.9 if para.page_no not in ocr_pages else 0.75
        clause = clause or strive_after_results(text, issue_year)
        pieces = parse_target_text(clause or text)
        span = prov.lines(para.line_idx, para.last_line) if prov is not None else None
        first = len(rows)
        if not pieces and (text.rstrip().endswith(":") or _UNIT_NOTE.search(fold(text)) or len(text) <= 100) \
                and _table_below(view, para.last_line):
            # 'Chỉ tiêu theo từng năm như sau:', 'Chỉ tiêu giao các thôn (Đơn vị tính: triệu đồng)' title the table of
            # targets below, no target themselves (below as the table view reads it: a scan's '|' rows too)
            continue
        if _results_header(fold(text)):
            continue  # a results table OCR ran into one paragraph ('STT Chỉ tiêu Đơn vị tính … Thực hiện năm …')
        if not pieces and para.page_no in ocr_pages and _TABLE_DEBRIS.match(fold(text)):
            continue  # a table OCR read column by column ('STT Chỉ tiêu 1 …', 'Năm 2026 5000 45'): cells, no target
        if not pieces and _figure_elsewhere(fold(text)):
            continue  # 'Duy trì tỷ lệ tiêm chủng cao; chỉ tiêu cụ thể … tại Phụ lục': a measure without its value
        if not pieces and text.rstrip().endswith(":") and (announced := heading_year(text)):
            # 'Các chỉ tiêu khác năm 2026:' announces the items under it and their year, no target of its own
            lead_in, lead_year = depth, announced
            continue
        if not pieces and _TOPIC_HEADING.match(fold(text)):
            continue  # 'Về chăn nuôi, thú y:' heads the items under it by their topic: no target of its own
        if not pieces and _FUNDING.match(fold(text)):
            continue  # 'Ngân sách tỉnh bố trí khoảng 42 tỷ đồng …' under the targets: money set aside, no aim
        if not pieces and _SUPPORT_RATE.search(fold(text)) and re.search(r"\d\s*(?:(?:triệu|nghìn|tỷ)\s+)?đồng\s*/", text):
            continue  # 'Cơ sở … được hỗ trợ … tối đa 5 triệu đồng/cơ sở; …' under the targets: a support's terms, no aim
        if (conditions := condition_numbers(fold(text))) and all(
                any(_num(n) == p["value"] for n in conditions) for p in pieces):
            # '- Người dân trên 70 tuổi có bệnh nền;', '- Hộ gia đình có từ 4 người trở lên … dưới 10 m2 mỗi người' under
            # the targets: who qualifies, every figure an age or a threshold, none a goal
            continue
        if not pieces and text.rstrip().endswith(":") and not re.search(r"\d", text) and len(text) <= 120 \
                and _bullets_below(st, para):
            continue  # 'Ưu tiên giám sát các nhóm sau:' announces the lines below it, no target of its own
        if not pieces:
            rows.append(_row(doc_id, sec_id, domain, clean_space(text)[:300], "qualitative", None, None, None,
                             year, text, para.page_no, conf - 0.2))
            place(rows[-1], span)
            continue
        # a plan of several years names its target's year in the sentence ('Năm 2026, phấn đấu 100% …')
        stated = [int(y) for y in STATED_YEAR.findall(fold(text))] if year is None else []
        # 'Phấn đấu năm nay 100% …' in a plan for 2026 - 2030 issued in 2026: the year of issue, not the period's end
        this_year = issue_year if issue_year and THIS_YEAR.search(fold(clause or text)) else None
        if issue_year and this_year is None and NEXT_YEAR.search(fold(clause or text)):
            this_year = issue_year + 1  # 'Năm tới, xã phấn đấu …' in a report of December 2025: 2026
        for p in pieces:
            if p["year"] and issue_year and p["year"] < issue_year:
                continue  # a figure of a year before the document's: a baseline or result ('Năm 2025, … đạt 72%')
            if p["year"] and issue_year and plan_start and p["year"] == issue_year < plan_start:
                # the issue year's figure in a document that plans from a later year ('Năm 2025, toàn tỉnh đón khoảng
                # 4,2 triệu lượt khách, …' in a resolution of December 2025 for 2026): where the year ends, no target
                continue
            if current_figure(p, pieces, issue_year, year, plan_start):
                continue  # '… đạt 35 giường bệnh/vạn dân; năm 2025 đạt 28,5 giường bệnh/vạn dân' in a plan to 2030
            rows.append(_row(doc_id, sec_id, domain, p["indicator"], "quantitative", p["value"], p["unit"],
                             # (no year anywhere, 'Phấn đấu tỷ lệ … đạt 95%.' in a notice whose title names none: its
                             # issue year's, as a letter's)
                             p["comparator"], p["year"] or this_year or year or (stated[0] if stated else None)
                             or issue_year, text,
                             para.page_no, conf))
        for r in rows[first:]:
            place(r, span)
    rows += opening_targets(st, doc_id, period_end or issue_year, issue_year, ocr_pages, prov)
    rows += tables
    log.debug("%s: %d targets", doc_id, len(rows))
    return rows


_PURPOSE_OPENING = re.compile(r"^\W*(?:nham|de)\s")


def opening_targets(st: Structure, doc_id: str, year: int | None, issue_year: int | None, ocr_pages: set[int],
                    prov: Provenance | None = None) -> list[TargetRow]:
    """The targets of the purpose paragraph right above a plan's, guide's or phương án's first part ('Nhằm chủ động …,
    giảm ít nhất 15% số ca mắc so với năm 2025, bảo đảm 100% ổ dịch …, Ủy ban nhân dân phường xây dựng Phương án như
    sau:' over 'I. CÁC CHỈ TIÊU'), which no part holds: its purpose clause's shares, for their own year or ``year``."""
    first = min((s.line_idx for s in st.sections.values()), default=None)
    at = next((k for k, ln in enumerate(st.lines) if ln.idx == first), None) if first is not None else None
    if not at:
        return []
    k = at - 1
    while k >= 0 and not st.lines[k].text.strip():
        k -= 1
    block = []
    while k >= 0 and st.lines[k].text.strip():
        block.insert(0, st.lines[k])
        k -= 1
    text = clean_space(" ".join(ln.text for ln in block))
    if len(text) < 60 or not _PURPOSE_OPENING.match(fold(text)):
        return []
    clause = target_sentences(text, issue_year)
    rows: list[TargetRow] = []
    for p in parse_target_text(clause) if clause else []:
        if p["year"] and issue_year and p["year"] < issue_year:
            continue
        conf = 0.85 if block[0].page_no not in ocr_pages else 0.7
        rows.append(_row(doc_id, None, match_domain(fold(text)), p["indicator"], "quantitative", p["value"], p["unit"],
                         p["comparator"], p["year"] or year, text, block[0].page_no, conf))
        place(rows[-1], prov.lines(block[0].idx, block[-1].idx) if prov is not None else None)
    return rows


def plan_start(meta: dict[str, Any]) -> int | None:
    """The first year a document's title or subject names ('… giai đoạn 2026 - 2030' -> 2026), the year its plan
    starts; None when it names none."""
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", " ".join(x for x in (meta.get("title"), meta.get("subject")) if x))]
    return min(years) if years else None


def current_figure(p: dict[str, Any], others: list[dict[str, Any]], issue_year: int | None,
                   year: int | None = None, start: int | None = None) -> bool:
    """Whether the piece ``p`` is the figure its indicator stands at in the year the document is issued, beside the
    target of the same measure set for a later year in the same paragraph ('Đạt 30 m² sàn/người; năm 2025 đạt 24,5
    m²/người' under 'Mục tiêu đến năm 2030', issued in 2025): the document plans from a later year than its issue
    (``start``, plan_start: a resolution of December for the next period; in a plan issued in its first year, 'Năm
    2026 đạt 80%; năm 2028 đạt 95%' are both targets), the piece's own year the issue year, another piece's (or, for
    one without its own, ``year``) later, and the same unit or the same rate ('/người')."""
    if not (issue_year and start and start > issue_year and p["year"] == issue_year and p["unit"]):
        return False
    rate = "/" + p["unit"].rsplit("/", 1)[-1] if "/" in p["unit"] else None
    return any(o is not p and (o["year"] or year or 0) > issue_year and o["unit"]
               and (o["unit"] == p["unit"] or rate is not None and o["unit"].endswith(rate)) for o in others)


def _results_header(fp: str) -> bool:
    """Whether folded text opens with a table's header run together whose columns name results ('STT Chỉ tiêu Đơn
    vị tính Kế hoạch năm Thực hiện năm Tỷ lệ so với kế hoạch'): a report's results, its rows no targets."""
    m_ind = _TABLE["spaced_head"].search(fp)
    m_unit = _TABLE["spaced_unit"].search(fp, m_ind.end(), m_ind.end() + 40) if m_ind else None
    return m_unit is not None and bool(_TABLE["result"].search(fp[m_unit.end() : m_unit.end() + 80]))


def _year_colon(m: re.Match[str]) -> bool:
    """Whether a _REACH match is its second form: the indicator, its year and a colon before the figure."""
    return m.group().rstrip()[-1:].isdigit() and ":" in m.group()


def year_figure_line(text: str, issue_year: int | None) -> bool:
    """A bare line that states an indicator's figure for a year, the document's own or a later one, after a colon
    ('Số hộ chăn nuôi được hỗ trợ năm 2026: 420 hộ.', 'Tỷ lệ … năm 2027: 95%'): a target wherever it stands, as a
    'chỉ tiêu' line is, unless it reports a figure reached or a past year's."""
    fp = fold(text)
    m = _REACH.match(fp)
    if m is None or not _year_colon(m) or ACHIEVED.search(fp) or issue_year is None:
        return False
    year = int(re.findall(r"(?:19|20)\d\d", m.group())[-1])
    pieces = parse_target_text(text, statement=True)
    return year >= issue_year and bool(pieces) and not any(p["year"] and p["year"] < issue_year for p in pieces)


def _reach_item(st: Structure, para: Para, issue_year: int | None, report: bool) -> bool:
    """An item of a list that names an indicator and the figure it is to reach ('- Số lao động được tạo việc làm mới
    đạt 21.500 người;', '2. Tỷ lệ … dưới 3%'), no 'phấn đấu', nothing reported as reached: a target wherever the list
    stands; in a báo cáo only under a heading for a year after the report's (its own year's are results)."""
    fp = fold(para.text)
    m = _REACH.match(fp)
    if para.marker == "roman" or not m or ACHIEVED.search(fp):
        return False
    # (the year and a colon state the figure as a 'chỉ tiêu' line does: its bare count is one, '… năm 2026: 350 hộ')
    year_colon = _year_colon(m)
    if para.marker == "plain" and not year_figure_line(para.text, issue_year):
        return False  # a loose sentence 'Số … đạt …' may report; a bare line 'Số hộ … năm 2026: 420 hộ.' sets its year's
    if report and not (issue_year and (hy := _heading_year(st, para, issue_year)) and hy > issue_year):
        return False
    pieces = parse_target_text(para.text, statement=year_colon)
    return bool(pieces) and not any(p["year"] and issue_year and p["year"] < issue_year for p in pieces)


# how deep a paragraph's mark puts it: the items under a lead-in sentence are deeper than it
_ITEM_DEPTH = {"roman": 0.0, "number": 1.0, "subnumber": 2.0, "plain": 2.5, "letter": 3.0, "bullet": 4.0, "sub": 5.0}

# a sentence without a figure that names a measure to keep or raise ('Duy trì tỷ lệ tiêm chủng đầy đủ cao', 'Nâng cao
# tỷ lệ …'), or that sends the reader to the figures of an appendix or table ('chỉ tiêu cụ thể … tại Phụ lục kèm
# theo'): a target needs its value, and such a one's values (if any) are where it points; folded text
_RATE_NO_VALUE = re.compile(r"^\W*(?:(?:duy tri|giu vung|giu|nang cao|tang|on dinh|cai thien)\s+)?(?:ty le|toc do)\b")
_POINTS_ELSEWHERE = re.compile(r"\bchi tieu\b.{0,60}?\b(?:tai|theo|o)\s+(?:cac\s+)?(?:phu luc|bieu|bang|mau)\b")


def _figure_elsewhere(folded: str) -> bool:
    """Whether a paragraph without a figure names a rate without its value or points to the figures of an appendix,
    so it is no target of its own (a plan's qualitative aim, 'Hình thành nền tảng dữ liệu dùng chung', still is)."""
    return _RATE_NO_VALUE.match(folded) is not None or _POINTS_ELSEWHERE.search(folded) is not None


# a table's column as OCR reads it on its own: its header cell first, then the cells under it
_TABLE_DEBRIS = re.compile(r"^\W*(?:stt|tt|don vi tinh|nam \d{4}(?:\s+[\d.,%]+)+\W*$)\b")


def _bullets_below(st: Structure, para: Para) -> bool:
    """Whether the paragraph after ``para`` is a bullet or item of a list (the lines a lead-in announces)."""
    at = next((k for k, p in enumerate(st.paras) if p is para), None)
    return at is not None and at + 1 < len(st.paras) and st.paras[at + 1].marker in ("bullet", "letter", "number")


def _table_below(st: Structure, idx: int) -> bool:
    """Whether the first non-empty line after line ``idx`` is a table's header (tab-separated or as OCR runs it)."""
    nxt = next((ln for ln in st.lines[idx + 1 :] if ln.text.strip()), None)
    return nxt is not None and ("\t" in nxt.text or bool(_TABLE["spaced_head"].search(fold(nxt.text).strip())))


def _cells(text: str) -> list[str]:
    return [clean_space(c) for c in text.split("\t")]


def _section_at(st: Structure, idx: int) -> str | None:
    """Label of the section a line sits in: the last one opened above it."""
    above = [s for s in st.sections.values() if s.line_idx <= idx]
    return max(above, key=lambda s: s.line_idx).label if above else None


def _in_target_part(st: Structure, labels: list[str], sec: str | None, i: int) -> bool:
    """Whether the table whose header is line ``i`` stands in a 'chỉ tiêu' section, or right under a heading that
    names one (OCR may have broken the numbering that makes it a section: 'IL. MỤC TIỂU' / '2. Chỉ tiêu cụ thể')."""
    prev = _repeated_header(st, i)
    if prev is not None:
        # the same table's header over its rows on the page before (a scan's table that goes on over a page break):
        # in a targets part as that one is
        return _in_target_part(st, labels, _section_at(st, st.lines[prev].idx), prev)
    above = [ln.text.strip() for ln in st.lines[max(0, i - 4) : i] if ln.text.strip()][-2:]
    if sec is not None and _TABLE["result"].search(fold(st.sections[sec].heading)) and \
            not any("targets" in roles_of(fold(a)) and not _TABLE["result"].search(fold(a)) for a in above):
        return False  # a part that reports results ('I. KẾT QUẢ THỰC HIỆN MỘT SỐ CHỈ TIÊU'): its tables are results
    if sec is not None and any(s.label in labels for s in st.chain(sec)):
        return True
    if sec is not None and any(s.level == 1 and "goals" in s.roles and "tasks" not in s.roles and len(s.heading) < 60
                               and not _GENERAL_GOAL.match(fold(s.heading)) for s in st.chain(sec)):
        return True  # in a plan's goals part ('II. MỤC TIÊU NĂM 2026' / '3. Số hộ di dời …:'), beside its 'chỉ tiêu' list
    if sec is not None and any(s.level == 1 and s.roles == {"targets"} and len(s.heading) < 60
                               and not _TABLE["result"].search(fold(s.heading)) for s in st.chain(sec)):
        return True  # in a part that names targets alone ('II. CHỈ TIÊU' / '2. Số hộ thoát nghèo … như sau:'), beside a
        # deeper 'chỉ tiêu' item that target_sections gives instead
    if sec is not None and any(s.level == 1 and _PLAN_PART.match(fold(s.heading).lower()) and len(s.heading) < 60
                               for s in st.chain(sec)):
        return True  # a report's part of the plan ahead ('II. KẾ HOẠCH GIAI ĐOẠN 2026 - 2030', 'III. KẾ HOẠCH NĂM 2026')
    # a short heading that names targets, or the line that announces them ('Điều 1. Giao chỉ tiêu … như sau:')
    if any(len(a) < 60 and "targets" in roles_of(fold(a)) or a.endswith(":") and _announces(a) for a in above):
        return True
    announce = _wrapped_announce(st, i)
    if announce and _announces(announce):
        return True
    if sec is None and _goal_article(st, i):
        return True
    if sec is None and _goal_item_above(st, i):
        return True
    # an appendix's title in capitals over its table ('CHỈ TIÊU PHÁT TRIỂN NGƯỜI THAM GIA BẢO HIỂM … NĂM 2026'), a
    # bracketed note between them ('(Kèm theo Quyết định số …)', '(Đơn vị tính: người)') aside
    titles = [ln.text.strip() for ln in st.lines[max(0, i - 6) : i]
              if ln.text.strip() and not ln.text.strip().startswith("(")][-2:]
    # (a title that reports results, 'KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU …', is no table of targets: a báo cáo's)
    return any(len(a) < 200 and a == a.upper() and "targets" in roles_of(fold(a)) and not _TABLE["result"].search(fold(a))
               for a in titles)


# a part of the plan ahead by its heading ('KẾ HOẠCH NĂM 2026', 'KẾ HOẠCH GIAI ĐOẠN 2026 - 2030'), folded: its tables set
# targets (a report's results part is 'KẾT QUẢ …')
_PLAN_PART = re.compile(r"^ke hoach (?:nam|giai doan) (?:19|20)\d\d(?:\s*-\s*(?:19|20)\d\d)?\s*$")


# an article's heading ('Điều 1. Mục tiêu phát triển nhà ở xã hội'), folded: its number aside, the words that title it
_ARTICLE = re.compile(r"^\W*dieu\s+\d+\s*[.:]\s*")
# an article that assigns what it titles ('Điều 1. Giao chỉ tiêu …'), folded: the verb before the title
_ASSIGNED = re.compile(r"^giao\s+")


# a numbered item's number ('2.', '2.1.', 'II.'), folded; a lettered one's ('c)') is no heading of a part
_NUMBERED = re.compile(r"^\W*(?:\d{1,2}(?:\.\d{1,2})*|[ivx]{1,4})\s*[.)]\s+")


def _goal_item_above(st: Structure, i: int) -> bool:
    """Whether the table whose header is line ``i`` stands under a numbered item that titles goals or targets inside
    an article that no section opens ('Điều 1. Thông qua Kế hoạch …' / '2. Mục tiêu' / 'c) Số lượng nhà ở … như
    sau:' / the table): the nearest numbered line above it, within its article, is a short title of goals ('Mục
    tiêu', 'Chỉ tiêu cụ thể'), not of results nor the general goal."""
    for ln in reversed(st.lines[max(0, i - 15) : i]):
        text = ln.text.strip()
        fl = fold(text)
        if _ARTICLE.match(fl):
            return False
        m = _NUMBERED.match(fl)
        if m is None or "\t" in text:
            continue
        rest = fl[m.end() :].rstrip(" :")
        roles = roles_of(rest)
        return (len(text) < 60 and bool(roles & {"goals", "targets"}) and "tasks" not in roles
                and not _TABLE["result"].search(rest) and not _GENERAL_GOAL.match(rest))
    return False


def _goal_article(st: Structure, i: int) -> bool:
    """Whether the table whose header is line ``i`` stands in an article of a resolution or decision that sets goals or
    targets ('Điều 1. Mục tiêu phát triển nhà ở xã hội' over '3. Số căn … theo địa bàn và theo năm như sau:' / 'Đơn
    vị tính: căn' / the table): the nearest article heading above it opens with them ('goal_heading', 'Chỉ tiêu …'),
    and names no results ('Điều 1. Công nhận … hoàn thành chỉ tiêu … năm 2025' is none)."""
    for ln in reversed(st.lines[:i]):
        fl = fold(ln.text)
        m = _ARTICLE.match(fl)
        if m:
            # its title, the first sentence ('Điều 1. Giao chỉ tiêu sản xuất năm 2025 cho các xã. Năm 2024 toàn huyện
            # đạt 81%.': the results after it no title's), and the targets an article that assigns them names
            title = _ASSIGNED.sub("", re.split(r"(?<=[^\W\d_])\.\s", fl[m.end() :], maxsplit=1)[0])
            return bool(_GOAL_HEADING.match(title) or _LIST_TITLE.match(title)) and not _TABLE["result"].search(title)
    return False


def _announces(line: str) -> bool:
    """Whether a line announces the targets below it ('Điều 1. Giao chỉ tiêu … như sau:')."""
    fl = fold(line)
    # an aside in brackets before its colon ('… như sau (năm 2025 toàn tỉnh đạt …):') leaves it an announcement
    fl = re.sub(r"\s*\([^()]*\)(?=\W*$)", "", fl)
    return bool(_TARGET_LIST.search(fl) and _ANNOUNCE_END.search(fl))


def _repeated_header(st: Structure, i: int) -> int | None:
    """The line of the header that table line ``i`` repeats: a line that reads the same among the tab-separated
    rows right above it (blank lines aside), as a table's header repeated over its rows on the next page."""
    want = st.lines[i].text.strip()
    for k in range(i - 1, -1, -1):
        text = st.lines[k].text
        if not text.strip():
            continue
        if "\t" not in text:
            return None
        if text.strip() == want:
            return k
    return None


def _wrapped_announce(st: Structure, i: int) -> str | None:
    """The sentence that ends with a colon right over line ``i``, joined as a scan wraps it over up to three lines
    ('Điều 1. Giao chỉ tiêu … năm 2026 cho Ủy ban nhân' / 'dân các xã, phường như sau:'): its lines back to one that
    ends a sentence ('.', ';', ':') or is a table's; None when the line over the table ends no such sentence."""
    above = [ln.text.strip() for ln in st.lines[max(0, i - 6) : i] if ln.text.strip()]
    if not above or not above[-1].endswith(":"):
        return None
    parts = [above[-1]]
    for prev in reversed(above[-3:-1]):
        if prev.endswith((".", ";", ":")) or "\t" in prev:
            break
        parts.insert(0, prev)
    return " ".join(parts) if len(parts) > 1 else None


def _is_head(fcells: list[str]) -> bool:
    return any(_TABLE["indicator"].match(c) for c in fcells) and any(_TABLE["unit"].match(c) for c in fcells)


def _paren_unit(cell: str, head: bool = False) -> str | None:
    """The unit a header or indicator cell gives in its closing brackets ('Tỷ lệ bao phủ (%)', 'Số hộ (hộ)', 'Kế hoạch
    năm 2026 (tỷ đồng)', 'Trồng rừng tập trung (ha)'): a few words, no figure (not a note's '(1)' nor a date's); a
    column's ``head`` may bracket three ('(hộ gia đình)'), an indicator's two (its '(giá so sánh)' is no unit)."""
    m = _TABLE["paren_unit_head" if head else "paren_unit"].search(cell)
    if not head and m is None and (m3 := _COUNTED_UNIT.search(cell)) and m3.group(1).islower():
        # the words the indicator itself counts ('Số cơ sở dữ liệu … được kết nối (cơ sở dữ liệu)'): its unit, not a
        # qualifier such as '(giá so sánh)'
        m = m3 if f" {fold(m3.group(1))} " in f" {fold(cell[: m3.start()])} " else None
    if m and not m.group(1).islower() and m.group(1) != "%" and _MONEY.match(fold(m.group(1)).lower()):
        return clean_space(m.group(1)).lower()  # a currency's capitals ('(triệu USD)', '(tỷ VNĐ)'): a unit all the same
    return clean_space(m.group(1)) if m and m.group(1).islower() or m and m.group(1) == "%" else None


# brackets closing an indicator's cell, up to four words: a unit when the indicator names them ('Số cơ sở dữ liệu …')
_COUNTED_UNIT = re.compile(r"\(\s*([^\s()\d/]+(?: [^\s()\d/]+){0,3})\s*\)\s*$")


def _unit_note(lines: list[Any], i: int) -> str | None:
    """The unit a note over the table (or at the end of the line above it) gives all its figures: '(Đơn vị tính: tỷ
    đồng)', 'ĐVT: người'."""
    above = [ln.text for ln in lines[max(0, i - 2) : i] if ln.text.strip()][-1:]
    m = _UNIT_NOTE.search(fold(above[0])) if above else None
    if m is None and above and (m := _TABLE["title_unit"].search(fold(above[0]))) is not None:
        # a title that closes with the unit in brackets before its colon ('Số hộ được hỗ trợ … (hộ) như sau:'): the
        # unit as printed, lower-case (a bracketed name in capitals, '(UBND)', is none)
        unit = above[0][m.start(1) : m.end(1)]
        return clean_space(unit) if unit == "%" or unit.islower() else None
    return clean_space(above[0][m.start(1) : m.end(1)]).lower() if m else None


def _two_row_header(head: list[str], sub: str) -> list[str] | None:
    """The header of a table whose group cells span sub-columns on the line below ('STT | Xã, phường | Chỉ tiêu năm
    2026 | | Kinh phí (triệu đồng)' over ' | | Số hộ (hộ) | Tỷ lệ (%) | '): each sub-column's own header with its
    group's words ('Số hộ - Chỉ tiêu năm 2026 (hộ)'), its unit kept last; the other cells as they are. None when the
    line below is no such row: it must leave the first cells empty (merged down), hold no figure, and fill a cell that
    the header leaves empty (a group cell's span) with a header of its own."""
    cells = _cells(sub)
    if "\t" not in sub or cells[0] or not any(cells) or any(re.search(r"\d", c) and not _paren_unit(c, head=True)
                                                            and not _TABLE["year"].search(fold(c)) for c in cells if c):
        return None
    # (a group cell that spans the last columns leaves them out of the header's line: 'STT | Chỉ tiêu | Đơn vị tính |
    # Kế hoạch' over ' | | | 2026 | 2027 | 2028')
    if not any(c and (k >= len(head) or not head[k]) for k, c in enumerate(cells)):
        return None
    out = list(head) + [""] * max(0, len(cells) - len(head))
    group = ""
    for k, own in enumerate(cells):
        group = head[k] if k < len(head) and head[k] else group  # an empty header cell: the group's span goes on
        if not own or not group:
            continue
        unit = _paren_unit(own, head=True)
        measure = _TABLE["paren_unit_head"].sub("", own).strip() if unit else own
        out[k] = f"{measure} - {group} ({unit})" if unit else f"{measure} - {group}"
    return out


def _name_column(fhead: list[str], value_cols: set[int]) -> int | None:
    """The column that names each row of a table whose first header is no indicator's ('Xã, phường', 'Đơn vị',
    'Trường'): the first one that is neither the row number nor a column of figures."""
    return next((k for k, c in enumerate(fhead) if k not in value_cols and c and not _TABLE["row_number"].match(c)),
                None)


def _category_column(fhead: list[str], unit_given: bool = False) -> int | None:
    """The column that names each row of a table of targets by category ('STT | Loại nhà ở | Đơn vị tính | Năm 2026 |
    Năm 2027 | Giai đoạn 2026 - 2030', 'Hạng mục | ĐVT | 2026'): a header that names no indicator, but a 'Đơn vị
    tính' column and a column of a year beside it make its rows indicators, named by the first column that is
    neither the row number, the unit nor a year's. With the unit given elsewhere (``unit_given``: a note or the
    announcing sentence over the table, '… đến năm 2030 (căn) như sau:'), a table with no unit column whose every
    other column is a year's ('Loại nhà ở | Năm 2026 | Năm 2027 | Đến năm 2030') is one too."""
    unit = next((k for k, c in enumerate(fhead) if _TABLE["unit"].match(c)), None)
    if unit is None and unit_given:
        names = [k for k, c in enumerate(fhead) if c and not _TABLE["row_number"].match(c)
                 and not _TABLE["year"].search(c)]
        return names[0] if len(names) == 1 and names[0] < len(fhead) - 1 else None
    if unit is None or not any(_TABLE["year"].search(c) for c in fhead):
        return None
    return next((k for k, c in enumerate(fhead[:unit]) if c and not _TABLE["row_number"].match(c)
                 and not _TABLE["year"].search(c)), None)


def _quota_head(head: list[str], k: int) -> bool:
    """Whether header cell ``k`` heads a column of quotas beside the column that names each row ('STT | Đơn vị | Chỉ
    tiêu giao (người) | Tỷ lệ (%)'): it brackets a unit and a column of words stands before it (the first such column
    is the rows' names; 'Chỉ tiêu (ĐVT)' first after the number is the indicator's), or the column before it names
    places or units ('Đơn vị', 'Xã, phường')."""
    names = [c for c in head[:k] if c.strip() and not _TABLE["row_number"].match(fold(c))]
    # (with no unit: when the column before names the rows' places or units, 'Đơn vị | Chỉ tiêu giao')
    return bool(names) and (_paren_unit(head[k], head=True) is not None
                            or any(PLACE_CELL.fullmatch(fold(c).lower().strip()) for c in names))


def _figures_head(cell: str) -> bool:
    """Whether a header cell heads a column of figures: it names a year and brackets a unit ('Chỉ tiêu tỷ lệ bao phủ
    năm 2026 (%)')."""
    return bool(_TABLE["year"].search(fold(cell))) and _paren_unit(cell, head=True) is not None


def _counted_noun(cell: str) -> str | None:
    """The noun a count column's header counts when it gives no unit ('Số hộ di dời' -> 'hộ', 'Số lao động được đào tạo'
    -> 'lao động'): the counting word after 'Số', as a count's unit is read in a sentence (count_unit); None for a
    header that is no count's ('Số lượng', 'Số tiền', 'Số TT'), brackets a unit or names a figure."""
    m = re.match(r"^\s*Số\s+", cell)
    if m is None or re.search(r"[\d()]", cell) or _COUNTED_NOT.match(fold(cell[m.end() :]).lower()):
        return None
    text = "1 " + clean_space(cell[m.end() :])
    _, toks = folded_doc(text)
    got = count_unit(text, toks, 0)
    return got[0] if got and not _MONEY.match(fold(got[0])) else None


_COUNTED_NOT = re.compile(r"^(?:luong|tien|tt|thu tu|hieu|lieu|du|ky|hieu)\b")


def _target_columns(years: dict[int, int], fhead: list[str]) -> dict[int, int]:
    """The figures columns of a table by place that give targets when some of its columns name the target ('Chỉ tiêu
    tỷ lệ bao phủ năm 2026 (%)', 'Kế hoạch năm 2026'): those, and a column of a later year; a column beside them that
    names none, of their year or before or of no year, states the place's population or its current figure ('Số người
    tham gia năm 2025 (người)', 'Tỷ lệ bao phủ năm 2025 (%)', 'Dân số (người)'), no target."""
    # (a column whose header names the target and its year: 'Số người … theo chỉ tiêu giao (người)' names no year, and
    # its table's other columns, the plan year's population and rate, are targets beside it)
    named = {k for k, y in years.items() if y and _TABLE["plan"].search(fhead[k])}
    if not named or len(named) == len(years):
        return years
    top = max((years[k] for k in named), default=0)
    if not any(y < top for y in years.values()):
        # no column states an earlier year: every column is the plan year's ('Dân số trung bình … trong năm kế hoạch',
        # 'Tỷ lệ … (%)' beside '… phải đạt theo chỉ tiêu giao' under 'II. CHỈ TIÊU NĂM 2026'), all targets
        return years
    return {k: y for k, y in years.items() if k in named or top and y > top}


# a count's or a rate's header whose 'thực hiện' is what its counted noun does ('Số hộ thực hiện phân loại (hộ)', 'Tỷ lệ
# hộ thực hiện (%)'), folded: no result's column ('Thực hiện 2025', 'Tỷ lệ thực hiện (%)', 'Số thực hiện')
_DOING = re.compile(r"^(?:so|ty le)\s+(?!thuc hien\b)[^\W\d]+(?:\s+[^\W\d]+){0,2}\s+thuc hien\b")


def _doing_head(fcell: str) -> bool:
    """Whether a folded header cell that the result pattern matches only names what its counted noun does: 'Số hộ thực
    hiện phân loại (hộ)', 'Tỷ lệ hộ thực hiện (%)' in a table of targets are the plan's measures; with a year, or any
    other result word ('Số hộ thực hiện năm 2025', 'Kết quả …'), a result's all the same."""
    m = _DOING.match(fcell)
    rest = fcell[m.end():] if m else ""
    return m is not None and not _TABLE["year"].search(fcell) and not _TABLE["result"].search(rest) \
        and not _TABLE["result"].search(fcell[: m.end() - len("thuc hien")])


def _value_cell(cell: str) -> float | None:
    m = re.search(r"\d+(?:[.,]\d+)*", cell)
    return _num(m.group()) if m and not re.search(r"\d\s*/\s*\d", cell) else None


def table_targets(st: Structure, labels: list[str], doc_id: str, default: int | None, ocr_pages: set[int],
                  prov: Provenance | None = None, consumed: set[int] | None = None,
                  issue_year: int | None = None, plan_start: int | None = None) -> list[TargetRow]:
    """Rows of a table of targets ('Chỉ tiêu | Đơn vị tính | Năm 2026 | Năm 2027', cells separated by tabs as a
    text or Word table reads): one target per indicator row and year column, the unit from the unit column. A
    column of results ('Thực hiện năm 2025', a báo cáo's table by year outside any 'chỉ tiêu' section) gives
    none; a column headed 'kế hoạch' or 'chỉ tiêu' gives targets wherever the table stands; a column of a year
    before the document's ('Năm 2025' in a plan of 2026: the baseline) gives none."""
    rows: list[TargetRow] = []
    lines = st.lines
    i = 0
    while i < len(lines):
        head = _cells(lines[i].text)
        if "\t" not in lines[i].text:
            i += 1
            continue
        # a two-row header: the group cells' sub-columns on the next line, the rows after it
        merged = _two_row_header(head, lines[i + 1].text) if i + 1 < len(lines) else None
        head = merged or head
        fhead = [fold(c) for c in head]
        # (a column of figures whose header opens with 'Chỉ tiêu' and gives its year and unit, 'Chỉ tiêu tỷ lệ bao phủ năm
        # 2026 (%)', is no indicator column)
        ind = next((k for k, c in enumerate(fhead) if _TABLE["indicator"].match(c) and not _figures_head(head[k])
                    and not _quota_head(head, k)), None)
        if ind is None:
            ind = _category_column(fhead)
        sec = _section_at(st, lines[i].idx)
        in_targets = _in_target_part(st, labels, sec, i)
        # a column of figures whose unit its header gives ('Tỷ lệ bao phủ (%)', 'Số người tham gia năm 2026 (người)')
        measured = {k: u for k, c in enumerate(head) if (u := _paren_unit(c, head=True)) is not None}
        note = _unit_note(lines, i)
        if ind is None and note and in_targets:
            ind = _category_column(fhead, unit_given=True)
        if note:
            # '(Đơn vị tính: tỷ đồng)' over the table: the unit of every figures column that names none
            measured.update({k: note for k, c in enumerate(fhead) if k not in measured and _TABLE["year"].search(c)})
            if ind is None and in_targets:
                # ('Chỉ tiêu năm 2026 theo tổ dân phố (hộ):' over 'STT | Tổ dân phố | Chỉ tiêu'): a plan's column
                # that names no year takes the note's unit too
                measured.update({k: note for k, c in enumerate(fhead) if k not in measured and k > 0
                                 and _TABLE["plan"].match(c) and not _TABLE["result"].search(c)})
        by_name = False
        planned = any(_TABLE["plan"].search(c) and _TABLE["year"].search(c) for c in fhead)
        # a count column whose header names the counted noun alone ('Số hộ di dời', 'Số hộ nghèo'): its unit that noun
        counted = {k: u for k, c in enumerate(head) if k not in measured and (u := _counted_noun(c))}
        if ind is None and (in_targets or planned) and (measured or counted):
            # targets by commune, ward, unit or school: each row names one, each column a measure
            measured.update(counted)
            ind = _name_column(fhead, set(measured) | {k for k, c in enumerate(fhead) if _TABLE["year"].search(c)})
            by_name = ind is not None
        if ind is None and measured and _TABLE["year_rows"].match(fhead[0]):
            # a table whose rows are the years ('Lộ trình | Tỷ lệ … (%)' over 'Năm 2026 | 40'): read on its own
            j = _year_rows(st, i, head, measured, doc_id, sec, issue_year, ocr_pages, prov, rows)
            if j > i + 1:
                i = j
                continue
        if ind is None:
            i += 1
            continue
        unit_col = next((k for k, c in enumerate(fhead) if _TABLE["unit"].match(c) and k != ind), None)
        years: dict[int, int] = {}
        # a year the table reports results for ('Thực hiện năm 2025'): its plan column beside ('Kế hoạch năm 2025')
        # is the plan being reported on, no target
        reported = {int(m.group(1)) for c in fhead if _TABLE["result"].search(c) and (m := _TABLE["year"].search(c))}
        compared = any(_TABLE["result"].search(c) and not _TABLE["year"].search(c) for c in fhead) and any(
            _TABLE["comparison"].match(c) for c in fhead)
        if compared:
            # 'Kế hoạch năm 2025 | Thực hiện | So sánh (%)': a result compared with its plan, the plan reported on
            # (a plan column after the result's, 'Kế hoạch năm 2025 | Thực hiện | Tỷ lệ (%) | Kế hoạch năm 2026', is
            # the year ahead's: targets; the plan reported on stands before the result it is compared with)
            first_result = next(k for k, c in enumerate(fhead) if _TABLE["result"].search(c))
            plans = {k: int(m.group(1)) for k, c in enumerate(fhead) if _TABLE["plan"].search(c)
                     and (m := _TABLE["year"].search(c))}
            before = {y for k, y in plans.items() if k < first_result}
            reported |= before or set(plans.values())
        for k, c in enumerate(fhead):
            m = _TABLE["year"].search(c)
            if k == ind or not m or _TABLE["result"].search(c) or int(m.group(1)) in reported or _past(c, issue_year, plan_start):
                continue
            if in_targets or _TABLE["plan"].search(c):
                span = _SPAN_RE.search(c) or _BARE_SPAN_RE.search(c)  # 'Giai đoạn 2026 - 2030': the period's end
                years[k] = int(span.group(2)) if span else int(m.group(1))
        if by_name:
            # a measure's column without a year ('Tỷ lệ bao phủ (%)') is for the plan's year (0: the default)
            years.update({k: 0 for k in measured if k != ind and k not in years and not _TABLE["year"].search(fhead[k])
                          and (not _TABLE["result"].search(fhead[k]) or in_targets and _doing_head(fhead[k]))})
            # a column of money set aside beside the targets ('Kinh phí hỗ trợ (triệu đồng)'): a budget, no target
            years = {k: y for k, y in years.items() if not _TABLE["budget"].match(fhead[k])}
            years = _target_columns(years, fhead)
        by_place = False
        if not years and in_targets and unit_col is not None and not by_name and not compared:
            # indicators as rows with their 'Đơn vị tính', the communes, wards or units (and a 'Tổng') as columns:
            # each other column's figures are that place's targets for the plan's year (0: the default)
            years = {k: 0 for k, c in enumerate(fhead) if k not in (ind, unit_col) and c
                     and not _TABLE["row_number"].match(c) and not _TABLE["result"].search(c)
                     and not _TABLE["not_place"].match(c) and not _TABLE["year"].search(c)}  # (a year's column is no place)
            by_place = bool(years)
        # a column without a year of its own is for the year of the part the table stands in ('II. MỤC TIÊU NĂM 2026'
        # of a plan for 2026 - 2030), else the document's
        part_year = next((y for c in st.chain(sec) if (y := heading_year(c.heading))), None) if sec else None
        j = i + 2 if merged else i + 1
        if not merged and lines[i].page_no in ocr_pages and j + 1 < len(lines) and "\t" not in lines[j].text \
                and "\t" in lines[j + 1].text and _garbled_sub_header(lines[j].text, head):
            j += 1  # a two-row header's lower line OCR garbled ('|I[I KHỊ THỊ' for ' | | | KH | TH |'): no row
        prev: list[TargetRow] = []  # the last row's targets
        while j < len(lines) and "\t" in lines[j].text:
            cells = _cells(lines[j].text)
            if j > i + 1 and _is_head([fold(c) for c in cells]):
                break  # the next table's header
            indicator = cells[ind] if ind < len(cells) else ""
            words = [c for c in cells if c]
            if prev and len(words) == 1 and words[0][:1].islower() and not re.search(r"\d", words[0]):
                # the last row's indicator wrapped onto this line ('nâng cấp, sửa chữa' under 'Công trình cấp nước …')
                for r in prev:
                    r.indicator = clean_space(f"{r.indicator} {words[0]}")
                prev = []
                j += 1
                continue
            first_row = len(rows)
            for k, year in years.items():
                value = _value_cell(cells[k]) if k < len(cells) else None
                if value is None or not indicator:
                    continue  # a group row ('I | Hạ tầng'), an empty cell
                unit = cells[unit_col] if unit_col is not None and unit_col < len(cells) and cells[unit_col] else None
                if unit and lines[j].page_no in ocr_pages and _OCR_PERCENT.match(unit):
                    unit = "%"  # a scan's '%' unit cell with a mark OCR trailed it with ('%o', '%.'), as boxes' _unit
                # else the unit the column's header or the indicator's cell gives in brackets
                unit = unit or measured.get(k) or _paren_unit(indicator)
                # a cell that states its figure ('Tối thiểu 90%', '02 cuộc') gives its unit and comparator
                piece = next(iter(parse_target_text(cells[k])), None)
                comparator = piece["comparator"] if piece else "="
                if piece and (unit is None or piece["unit"] == "%"):
                    value, unit = piece["value"], piece["unit"]
                ln = lines[j]
                conf = 0.85 if ln.page_no not in ocr_pages else 0.7
                # a table by commune or unit: the measure (its column's header, bracketed unit and year aside) of the
                # row's place ('Tỷ lệ bao phủ - Phường An Xuyên')
                name = (f"{_measure(head[k])} - {indicator}" if by_name
                        else f"{indicator} - {head[k]}" if by_place else indicator)
                rows.append(_row(doc_id, section_id(doc_id, sec) if sec else None, match_domain(fold(name)),
                                 name, "quantitative", value, _small_unit(unit),
                                 comparator, year or part_year or default, clean_space(ln.text.replace("\t", " | ")), ln.page_no,
                                 conf))
                place(rows[-1], prov.lines(ln.idx, ln.idx) if prov is not None else None)
            prev = rows[first_row:]
            j += 1
        i = j
    rows += _spaced_table_targets(st, labels, doc_id, default, ocr_pages, prov, consumed, issue_year)
    for r in rows:
        if r.page_no in ocr_pages and r.unit in _OCR_UNITS:
            r.unit = _OCR_UNITS[r.unit]  # '(cân)' on a scan: 'căn' (targets.json 'ocr_units')
    return rows


_OCR_UNITS: dict[str, str] = _RULES["table"]["ocr_units"]


def _garbled_sub_header(text: str, head: list[str]) -> bool:
    """Whether an OCR'd line right under a table's header, before its rows, is the header's lower line garbled (a
    two-row header's 'KH | TH' read '|I[I KHỊ THỊ'): short, no figure, no word of three small letters, and the header
    leaves a cell empty (the span its lower line fills)."""
    t = text.strip()
    return 0 < len(t) <= 30 and not re.search(r"\d", t) \
        and not any(len(w) >= 3 and w.isalpha() and w.islower() for w in t.split()) and any(not c.strip() for c in head[1:])


def _year_rows(st: Structure, i: int, head: list[str], measured: dict[int, str], doc_id: str, sec: str | None,
               issue_year: int | None, ocr_pages: set[int], prov: Provenance | None, rows: list[TargetRow]) -> int:
    """Targets of a table whose rows are the years ('Lộ trình | Tỷ lệ … (%) | Số cơ sở … (cơ sở)' over 'Năm 2026 | 40 |
    600'): one per year row and figures column, the unit its header brackets; a row of a year before the document's
    (a baseline, a result) gives none. Returns the line after the table (``i + 1`` when no row names a year)."""
    lines = st.lines
    j = i + 1
    while j < len(lines) and "\t" in lines[j].text:
        cells = _cells(lines[j].text)
        years = [int(y) for y in re.findall(r"(?:19|20)\d\d", cells[0])]
        if not years or not _TABLE["year"].search(fold(cells[0])):
            break
        year = max(years)  # 'Giai đoạn 2028 - 2030': the period's end
        ln = lines[j]
        if issue_year is None or year >= issue_year:
            for k, unit in measured.items():
                value = _value_cell(cells[k]) if 0 < k < len(cells) else None
                if value is None:
                    continue
                conf = 0.85 if ln.page_no not in ocr_pages else 0.7
                name = _measure(head[k])
                rows.append(_row(doc_id, section_id(doc_id, sec) if sec else None, match_domain(fold(name)), name,
                                 "quantitative", value, unit if unit == "%" else unit.lower(), "=", year,
                                 clean_space(ln.text.replace("\t", " | ")), ln.page_no, conf))
                place(rows[-1], prov.lines(ln.idx, ln.idx) if prov is not None else None)
        j += 1
    return j


# a unit cell's '%' as OCR trailed it with a mark ('%o', '%0', '%.'): on a scan, no per-mille sign a table prints as '‰'
_OCR_PERCENT = re.compile(r"^%[o0ø°.,]$")


def _small_unit(unit: str | None) -> str | None:
    """A unit cell's unit in small letters ('Tỷ đồng' is 'tỷ đồng', 'triệu kWh' 'triệu kwh'), as every unit of the
    targets table is written (the gold's convention, so that one unit is one value to group by)."""
    return unit if not unit or unit == "%" else unit.lower()


def _measure(header: str) -> str:
    """A figures column's header without its bracketed unit and its year: what the column measures."""
    out = _TABLE["paren_unit"].sub("", header) if _paren_unit(header) else header
    return clean_space(re.sub(r"\b[Nn]ăm\s+(?:19|20)\d\d\b", "", out)) or clean_space(header)


def _past(header: str, issue_year: int | None, start: int | None = None) -> bool:
    """Whether a year column's (folded) header is for a year before the document's: every year it names is past; or,
    in a document that plans from the year after its issue (``start``, plan_start: a resolution of December 2025 for
    2026 - 2030), before that start ('Năm 2025' beside 'Năm 2026': the current year's estimate, the baseline)."""
    years = [int(y) for y in re.findall(r"(?:19|20)\d\d", header)]
    # (only the next year: a title's later year is its horizon's end, 'đến năm 2030', whose earlier columns are targets)
    if issue_year is not None and start is not None and start == issue_year + 1:
        issue_year = start
    return issue_year is not None and bool(years) and max(years) < issue_year


# a comparison column's words anywhere in a header OCR ran together ('… Thực hiện So sánh (%)')
_COMPARED = re.compile(r"\b" + _TABLE["comparison"].pattern.lstrip("^"))
_NUM_CELL = re.compile(r"^\d+(?:[.,]\d+)*%?$")
_OCR_DIGITS: dict[str, str] = load_json("appendix.json")["boxes"]["ocr_digits"]


def _spaced_table_targets(st: Structure, labels: list[str], doc_id: str, default: int | None,
                          ocr_pages: set[int], prov: Provenance | None,
                          consumed: set[int] | None = None, issue_year: int | None = None) -> list[TargetRow]:
    """The same table as OCR reads it, cells run together with spaces ('STT Chỉ tiêu Đơn vị tính Năm 2026 Năm
    2027' / 'l Tỷ lệ hồ sơ trực tuyến %o 55 70'): the header's year columns in order, each row's values the
    numbers it ends with, its unit the word before them; a row wrapped onto the next line keeps its values."""
    rows: list[TargetRow] = []
    starts = {s.line_idx for s in st.sections.values()}
    lines = st.lines
    for i, ln in enumerate(lines):
        fl = fold(ln.text)
        m_ind = _TABLE["spaced_head"].search(fl)
        note = None
        if m_ind is None and "\t" not in ln.text and (m_ind := _NAME_YEARS_HEAD.match(fl)) is not None:
            # a table by place or category whose header names its rows, then only years ('Loại nhà ở Năm 2026 Năm
            # 2027 Đến năm 2030', 'Vùng KH 2026 TH 2025'), as OCR runs its cells together: read as one with an
            # indicator's header when its unit stands over it ('… (căn) như sau:', '(đơn vị tính: căn):') and it
            # stands in a targets part
            note = _unit_note(lines, i)
            if note is None or not _in_target_part(st, labels, _section_at(st, ln.idx), i):
                continue
        if "\t" in ln.text or not m_ind:
            continue
        m_unit = _TABLE["spaced_unit"].search(fl, m_ind.end()) if note is None else None
        heads = _spaced_head(fl, m_unit.end() if m_unit else m_ind.end(), fold(lines[i + 1].text) if i + 1 < len(lines) else "")
        if note is not None and (len(heads) < 2 or fl[m_ind.end():].strip() != "".join(h[1] for h in heads).strip()):
            continue  # words after the years, or one year: no such header
        sec = _section_at(st, ln.idx)
        in_targets = _in_target_part(st, labels, sec, i)
        if not heads and m_unit and in_targets and not fl.rstrip().endswith((".", ":", ";")) \
                and not _TABLE["year"].search(fl[m_unit.end() :]) and len(fl[m_unit.end() :].split()) >= 2 \
                and not _TABLE["result"].search(fl[m_unit.end() :]):
            # indicators by place ('STT Chỉ tiêu Đơn vị tính Xã Gio Linh Xã Hướng Hóa Tổng' over '1 Tỷ lệ … % 62 48
            # 56'): as many place columns as the first row ends with figures, each for the plan's year (0: the default);
            # a header naming results ('Thực hiện năm', 'Tỷ lệ so với kế hoạch') is a report's table, not one by place
            heads = [(0, "", 0)] * _trailing_figures(lines[i + 1 : i + 4])
            if len(heads) < 2:
                continue
        elif not heads or not (m_unit or len(heads) > 1) or fl.rstrip().endswith((".", ":", ";")):
            continue  # a sentence ('Chỉ tiêu năm 2026: …'), not a table's header
        wrapped = heads[0][2]  # the header's years stand on the line below it (OCR wrapped its cells)
        # a plan column beside the results of its year ('Kế hoạch năm 2025 | Thực hiện năm 2025'): reported on
        reported = {y for y, lab, _ in heads if _TABLE["result"].search(lab)}
        after = fl[(m_unit or m_ind).end() :]
        last = list(re.finditer(r"(?:19|20)\d\d", after))
        rest = after[last[-1].end() :] if last else after  # (the years OCR wrapped onto the line below: all of it)
        if _TABLE["result"].search(rest) and _COMPARED.search(rest):
            # 'Kế hoạch năm 2025 Thực hiện So sánh (%)' as OCR runs it: the plan reported on, as a text table's
            reported |= {y for y, _, _ in heads}
        keep: list[int | None] = []
        for y, label, _ in heads:
            ok = not _TABLE["result"].search(label) and (in_targets or _TABLE["plan"].search(label)) \
                and y not in reported and not (issue_year is not None and y and y < issue_year)
            keep.append(y if ok else None)
        cols = heads
        if all(y is None for y in keep):
            continue
        last: list[TargetRow] = []
        if consumed is not None:
            consumed.add(ln.idx)
        if wrapped and consumed is not None:
            consumed.add(lines[i + 1].idx)
        body = lines[i + 1 + wrapped :]
        for k, row in enumerate(body):
            if not row.text.strip() and _row_ahead(body[k + 1 :], len(cols)):
                continue  # OCR left a blank line between two rows of the table (or a row and its wrapped words)
            if not row.text.strip() and last and _unit_rest(body[k + 1 :]):
                continue  # the last row's wrapped words, its bracketed unit, after a blank line ('danh điện tử (%)')
            if not row.text.strip() or row.idx in starts or "\t" in row.text:
                break
            if consumed is not None:
                consumed.add(row.idx)
            toks = row.text.split()
            vals = _values(toks, len(cols))
            if len(toks) <= len(cols) or not all(_NUM_CELL.match(v) for v in vals):
                for r in last:  # a wrapped row's second line: the rest of its indicator (and the unit it brackets)
                    r.indicator = clean_space(f"{r.indicator} {row.text}")
                    r.unit = r.unit or _paren_unit(r.indicator)
                last = []
                continue
            rest = toks[: -len(cols)]
            unit = None
            if m_unit:
                # the unit cell's syllables: as long as each makes one word with the next ('bác sĩ', 'cơ sở dữ liệu')
                n = unit_words(rest, compound)  # and a multiplier before them ('nghìn tấn', 'tỷ USD')
                unit, rest = " ".join(rest[-n:]), rest[:-n]
                unit = "%" if unit.startswith("%") else _small_unit(unit)
            if rest and re.fullmatch(r"\d{1,2}[.)]?|[ivxlIVXL|]{1,4}[.)]?", rest[0]):
                rest = rest[1:]  # the row's number ('1', OCR's 'l')
            indicator = clean_space(" ".join(rest))
            if not indicator:
                continue
            conf = 0.75 if row.page_no not in ocr_pages else 0.6
            first = len(rows)
            for v, year in zip(vals, keep, strict=True):
                if year is None:
                    continue
                rows.append(_row(doc_id, section_id(doc_id, sec) if sec else None, match_domain(fold(indicator)),
                                 indicator, "quantitative", _num(v.rstrip("%")),
                                 unit or _paren_unit(indicator) or note or ("%" if v.endswith("%") else None),
                                 "=", year or default, clean_space(row.text), row.page_no, conf))
                place(rows[-1], prov.lines(row.idx, row.idx) if prov is not None else None)
            last = rows[first:]
    return rows


# a header that names its rows in a few words, then its year columns only ('loai nha o nam 2026 …', 'stt dia ban nam
# 2026 …', 'vung kh 2026 th 2025'), folded: up to the first year column's words
_NAME_YEARS_HEAD = re.compile(r"^\s*(?:(?:stt|tt)\s+)?(?:[^\W\d]+\s+){0,5}[^\W\d]+(?=\s+(?:nam|kh|th|ke hoach|thuc hien|"
                              r"den (?:het )?nam|giai doan)\s+(?:19|20)\d\d)")


def _trailing_figures(rows: list[Any]) -> int:
    """How many figures the first of these OCR'd lines that ends with two or more ends with (a wrapped header's
    words, 'Hóa', before it aside)."""
    for row in rows:
        toks = row.text.split()
        n = 0
        while n < len(toks) - 1 and _NUM_CELL.match(_values(toks, n + 1)[0]):
            n += 1
        if n >= 2:
            return n
    return 0


def _values(toks: list[str], n: int) -> list[str]:
    """The last ``n`` cells of a row OCR ran together, with digits OCR read as marks ('§50' for 850)."""
    return ["".join(_OCR_DIGITS.get(c, c) for c in v) for v in toks[-n:]]


def _is_row(text: str, n: int) -> bool:
    toks = text.split()
    return len(toks) > n and all(_NUM_CELL.match(v) for v in _values(toks, n))


def _unit_rest(rest: list[Any]) -> bool:
    """Whether the next non-empty line is a short piece that ends with a bracketed unit: a row's wrapped words."""
    nxt = next((ln.text.strip() for ln in rest[:3] if ln.text.strip()), "")
    return 0 < len(nxt) <= 40 and _paren_unit(nxt) is not None


def _row_ahead(rest: list[Any], n: int) -> bool:
    """Whether a table row comes next after blank lines: the next line is one, or a short piece of a wrapped row
    ('được kết nối') with one after it."""
    texts = [ln.text.strip() for ln in rest[:6] if ln.text.strip()][:2]
    return bool(texts) and (_is_row(texts[0], n) or len(texts[0]) <= 40 and not texts[0].endswith(".")
                            and len(texts) > 1 and _is_row(texts[1], n))


# a wrapped header's years on their own line, and a last column's bracketed unit wrapped beside them ('2025 2025 (%)')
_YEARS_LINE = re.compile(r"^\s*(?:(?:19|20)\d\d\s*[-–]?\s*)+(?:\(\s*[^()\d]{1,12}\)\s*)*$")


def _spaced_head(fl: str, start: int, below: str) -> list[tuple[int, str, int]]:
    """(year, header words, 1 if the years stood on the line below else 0) of each year column of a header OCR ran
    together ('năm 2026 năm 2027', a period 'giai đoạn 2028 - 2030' one column for its end year). OCR wraps a
    narrow header: its years alone on the next line ('Kế hoạch năm Ước thực hiện năm Kế hoạch năm' / '2025 2025
    2026': the words up to each 'năm' pair with the years in order), or a period's end ('giai đoạn 2028 -' /
    '2030')."""
    head = fl[start:]
    years = [(m, head[: m.end()]) for m in _TABLE["year"].finditer(head)]
    if head.rstrip().endswith(("-", "–")) and _YEARS_LINE.match(below) and years:
        end = re.search(r"((?:19|20)\d\d)\s*$", below)
        if re.search(r"(?:19|20)\d\d\s*[-–]\s*$", head):
            years = years[:-1]  # 'giai đoạn 2028 -' / '2030': the period's end, not its start
        # (a start OCR garbled, 'giai đoạn 202§-', leaves the period's column to its end year alone)
        years = [*years, (end, head + " " + below)]
        return [(int(m.group(1)), lab, 1) for m, lab in _period_cols(years, head)]
    if not years and _YEARS_LINE.match(below):
        found = re.findall(r"(?:19|20)\d\d", below)
        segs = re.findall(r".*?\bn\w{0,2}m\b", head)
        if len(segs) == len(found):
            return [(int(y), f"{seg} {y}", 1) for seg, y in zip(segs, found, strict=True)]
        return []
    return _brackets_back([(int(m.group(1)), lab, 0) for m, lab in _period_cols(years, head)])


def _brackets_back(cols: list[tuple[int, str, int]]) -> list[tuple[int, str, int]]:
    """Year columns whose words OCR ran together, a bracket that opens a column's words given back to the column
    before it: it closes that column's header ('Năm 2025 (thực hiện) Đến 2027': the result is 2025's, not 2027's)."""
    out = list(cols)
    for k in range(1, len(out)):
        m = re.match(r"\s*\([^()]*\)", out[k][1])
        if m:
            out[k - 1] = (out[k - 1][0], out[k - 1][1] + m.group(), out[k - 1][2])
            out[k] = (out[k][0], out[k][1][m.end() :], out[k][2])
    return out


def _period_cols(years: list[tuple[Any, str]], head: str) -> list[tuple[Any, str]]:
    """Year matches of a header with a period's start dropped ('2026 - 2030' is one column, for 2030), each with the
    header words since the previous column."""
    out: list[tuple[Any, str]] = []
    prev = 0
    for m, upto in years:
        if m.re is _TABLE["year"] and re.match(r"\s*[-–]\s*\d{4}", head[m.end(1) :]):
            continue
        end = len(upto)
        out.append((m, upto[prev:end]))
        prev = end
    return out


def _row(doc_id: str, sec_id: str | None, domain: str | None, indicator: str | None, kind: str,
         value: float | None, unit: str | None, comparator: str | None, year: int | None, text: str,
         page_no: int, confidence: float) -> TargetRow:
    return TargetRow(
        target_id="", doc_id=doc_id, section_id=sec_id, domain=domain, indicator=indicator,
        kind=kind, value=value, unit=unit, comparator=comparator, target_year=year,
        max_value=None, baseline_value=None, baseline_year=None, text=text, **{**unplaced(), "page_no": page_no},
        confidence=round(confidence, 2), overridden=None,
    )


# a year OCR may misread in a scanned table's header ('2050' for '2030'): one this far past the document's issue year
# is a stray when the document names it nowhere else and names no other year so far ahead
_STRAY_AFTER = 15
_NEAR_AFTER = 10


def stray_ocr_years(rows: list[TargetRow], text: str, ocr_pages: set[int], issue_year: int | None,
                    period_end: int | None) -> None:
    """Set right the year of targets read on an OCR'd page when OCR misread it: a year at least _STRAY_AFTER years
    past the issue year that the document's text holds once (the column header it was read from), while every other
    year the document names lies within _NEAR_AFTER years of the issue (no 'tầm nhìn đến năm 2050' anywhere). It
    gives way to the year the document names that differs from it in one digit and lies between the issue year and
    the stated period's end ('2050' -> '2030'), else to the period's end; with neither it is left as read."""
    if not issue_year:
        return
    counts: dict[int, int] = {}
    for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", text):
        counts[int(y)] = counts.get(int(y), 0) + 1
    end = period_end if period_end and issue_year <= period_end <= issue_year + _NEAR_AFTER else None
    for r in rows:
        y = r.target_year
        if r.page_no not in ocr_pages or not y or y - issue_year < _STRAY_AFTER or counts.get(y, 0) > 1:
            continue
        if any(o != y and o - issue_year > _NEAR_AFTER for o in counts):
            continue
        near = [o for o in counts if issue_year <= o <= (end or issue_year + _NEAR_AFTER)
                and sum(a != b for a, b in zip(str(o), str(y), strict=True)) == 1]
        fixed = near[0] if len(near) == 1 else end
        if fixed:
            log.debug("target year %d read on OCR'd page %s taken as %d", y, r.page_no, fixed)
            r.target_year = fixed
