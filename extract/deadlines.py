"""Deadline text -> (date, recurrence), rules in patterns/deadlines.json."""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from dataclasses import dataclass

from extract.patterns import load_json, rx
from normalize.text import clean_space, fold, nfc

log = logging.getLogger(__name__)

_QUARTERS: dict[str, int] = load_json("deadlines.json")["quarters"]  # 't', 'l': OCR's 'I'


@dataclass(frozen=True)
class Deadline:
    text: str | None
    date: dt.date | None
    recurrence: str | None
    quarter: int | None = None


def parse_deadline(text: str | None) -> Deadline:
    """Parse a 'Thời gian hoàn thành' cell.

    'Hàng năm' -> annual; '31/12/2026' -> 2026-12-31; 'Năm 2030' -> 2030-12-31 (once); '6 tháng đầu năm 2026' ->
    2026-06-30;
    'Thường xuyên' -> ongoing; 'Định kỳ 6 tháng' -> semiannual; 'Quý II hàng năm' -> annual with quarter 2;
    'Giai đoạn 2026-2030' -> period
    ending 2030-12-31; a span 'Từ tháng 11/2026 đến tháng 4/2027' -> 2027-04-30, its end.
    """
    if text is None or not text.strip():
        return Deadline(None, None, None)
    text = _respace(_unbracketed(clean_space(nfc(text))))
    if not text:
        return Deadline(None, None, None)
    ft = _quarter_ocr(fold(text))
    span = _SPAN_END.match(ft)
    if span:
        ft = ft[span.end() :]  # 'Từ tháng 11/2026 đến tháng 4/2027', a cell as printed: due at its end
    for rule in load_json("deadlines.json")["rules"]:
        m = rx(rule["re"]).search(ft)
        if not m:
            continue
        g = {k: v for k, v in m.groupdict().items() if v is not None}
        kind = rule["date"]
        date: dt.date | None = None
        try:
            if kind == "dmy":
                date = dt.date(int(g["y"]), int(g["m"].replace(" ", "")), int(g["d"]))
            elif kind == "month_end":
                y, mo = int(g["y"]), int(g["m"])
                date = dt.date(y, mo, calendar.monthrange(y, mo)[1])
            elif kind == "half_end":
                date = dt.date(int(g["y"]), 6, 30) if g["half"] == "dau" else dt.date(int(g["y"]), 12, 31)
            elif kind == "mid_year":
                date = dt.date(int(g["y"]), 6, 30)
            elif kind == "year_end":
                date = dt.date(int(g.get("y") or g["y_"]), 12, 31)
            elif kind == "period_end":
                date = dt.date(int(g["y2"]), 12, 31)
            elif kind == "school_year_end":
                date = dt.date(int(g["y2"]), 5, 31)  # the school year closes by 31 May
            elif kind == "quarter_end":
                q = _QUARTERS[g["q"]]
                y = int(g["y"])
                date = dt.date(y, 3 * q, calendar.monthrange(y, 3 * q)[1])
        except (ValueError, KeyError):
            log.debug("bad date in deadline %r", text)
            continue
        quarter = _QUARTERS.get(g.get("q", ""))
        return Deadline(text, date, rule["recurrence"], quarter)
    if re.search(r"\d{4}", ft) is None:
        log.debug("deadline not understood: %r", text)
    return Deadline(text, None, None)


# a span written whole ('Từ ngày 15/9/2026 đến ngày 30/9/2026', 'Từ tháng 11/2026 đến tháng 4/2027'): up to its end
_SPAN_END = re.compile(r"^\s*tu\s+(?:ngay|thang|quy|nam|\d).*?\bden\s+(?:het\s+)?(?=(?:ngay\s+|thang\s+|nam\s+)?\d|quy\s)")


def _unbracketed(text: str) -> str:
    """A cell's text without a bracket left over at its end or start that closes or opens nothing ('Năm 2026 - 2027)',
    a cell cut from '(2026 - 2027)' or printed so): 'Năm 2026 - 2027'. A bracket that pairs ('Hằng năm (2026-2030)')
    stays."""
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip()
    while text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:].lstrip()
    return text


# where OCR ran a deadline's words together ('Hằngquý', '6thángđầu năm 2026', 'Thườngxuyên', 'QuýII/2026',
# 'Trướcngày 30/6/2026'), folded: a space goes back between two words the phrases are made of, no word is added
_END = r"(?=[^a-z]|$|dau|cuoi|nam|ngay|quy|thang|\d)"
_GLUED = re.compile(
    rf"(?<=\bhang)(?=(?:quy|nam|thang|tuan|ngay){_END})|(?<=\d)(?=thang{_END})|(?<=\bthang)(?=(?:dau|cuoi){_END})"
    rf"|(?<=\bdau)(?=nam{_END})|(?<=\bcuoi)(?=nam{_END})|(?<=\btruoc)(?=ngay{_END})|(?<=\bthuong)(?=xuyen\b)"
    r"|(?<=\bquy)(?=(?:iv|iii|ii|i)\b)|(?<=\bnam)(?=\d{4}\b)|(?<=\bthang)(?=\d{1,2}\b)|(?<=\bngay)(?=\d{1,2}\b)")


def _respace(text: str) -> str:
    """A deadline's words OCR ran together written apart as the text prints them ('Hằngquý' -> 'Hằng quý',
    '6thángđầu năm 2026' -> '6 tháng đầu năm 2026'): a word set apart may open the next glued one, so again."""
    for _ in range(4):
        ft = fold(text).lower()
        cuts = [m.start() for m in _GLUED.finditer(ft)] if len(ft) == len(text) else []
        if not cuts:
            break
        for at in reversed(cuts):
            text = text[:at] + " " + text[at:]
    return text


def _quarter_ocr(ft: str) -> str:
    """Folded deadline text with OCR's fraction slash ('Quý I1⁄2026') read as the slash it is (same length, so
    spans stay spans of the original). A quarter whose strokes OCR misread ('I1' for 'III' as well as 'II')
    is left alone: its number cannot be known."""
    # '§' is Tesseract's reading of a bold or blurred '8' ('tháng § năm 2026'): no deadline writes a section sign
    return ft.replace("\u2044", "/").replace("§", "8")


def condition_only(cell: str | None) -> bool:
    """Whether a time cell names a condition alone, no time ('Khi triều cường vượt báo động III', 'Nếu …';
    patterns/deadlines.json 'condition_cell'): no deadline. An event ('Khi có mưa lũ') is when the work is due,
    and a cell that holds a date or a rhythm as well is one."""
    if not cell or not rx(load_json("deadlines.json")["condition_cell"]).match(fold(cell)):
        return False
    d = parse_deadline(cell)
    return d.date is None and d.recurrence is None


def dated(text: str) -> bool:
    """Whether a deadline phrase fixes a time: a date or a recurrence ('Trước ngày 30/6/2026', 'Hằng năm')."""
    d = parse_deadline(text)
    return bool(text.strip()) and (d.date is not None or d.recurrence is not None)


# a deadline cut before its date: the opening words a cell ends on ('Trước ngày', 'Chậm nhất ngày', 'Trước 16 giờ',
# 'Từ ngày', 'trong tháng', 'Quý'; as written, since folded 'từ' is 'tử' of 'điện tử') and the start of the line that
# goes on with its date, its month's or quarter's figures or its hour's minutes, folded ('30/6/2026', '6/2026',
# 'III/2026', '00 ngày 13/02/2026', 'ngày 20/01/2026', 'tháng 9/2026'; a scan may glue the next row after it)
_CUT_END = re.compile(r"(?:^|[\s(])(?:trước|chậm nhất|đến|từ|trong|giờ|ngày|tháng|quý|\d{1,2})\s*$")
_CUT_TAIL = re.compile(r"\d{1,2}\s*(?:phut\s*)?,?\s*ngay\b|ngay\b|\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b"
                       r"|(?:\d{1,2}|[ivx]{1,4})\s*/\s*\d{4}\b|(?:thang|quy)\s+\S")
# a month's or a quarter's word alone in a deadline cell, its figures cut off ('Tháng', 'Trong tháng', 'Cuối quý')
_BARE_PERIOD = re.compile(r"(?:(?:trước|đến|trong|từ|cuối|đầu)\s+)?(?:tháng|quý)")


def cut_deadline(cell: str | None, line: str | None = None) -> bool:
    """Whether a deadline cell ends cut before its date ('Trước ngày' over '30/6/2026', a table's cell the page wrapped,
    'Trước 16 giờ' over '00 ngày 13/02/2026'): it ends on a deadline's opening words and fixes no time alone; with the
    ``line`` below it, also that the line goes on with the date and the two together give one; alone, that it names
    no recurrence either."""
    written = nfc(cell or "").lower().strip()
    if not written or not _CUT_END.search(written):
        return False
    d = parse_deadline(cell)
    if d.date is not None or d.recurrence is not None and not _BARE_PERIOD.fullmatch(written):
        return False  # whole: a date, or a recurrence ('Hằng tháng'), which a month's word alone is not ('Tháng')
    if line is None:
        return True
    return bool(_CUT_TAIL.match(fold(line).lower().strip())) and parse_deadline(f"{cell} {line}").date is not None


def deadline_outside(text: str, names: list[str]) -> str | None:
    """find_deadline on a sentence whose agency names are blanked out: a recurrence word inside a name ('Trung tâm
    Giáo dục thường xuyên tỉnh tổ chức …') is no deadline."""
    for name in names:
        at = fold(text).find(fold(name)) if len(name) > 3 else -1
        if at >= 0:
            text = text[:at] + " " * len(name) + text[at + len(name) :]
    return find_deadline(text)


_YEAR_ONLY = re.compile(r"^(?:trong\s+)?(?:ca\s+)?nam\s+\d{4}$")  # folded: a year, no date within it


def announced_deadline(heading: str, names: list[str]) -> str | None:
    """The deadline a heading that announces items sets once for all of them ('1. Phòng … thực hiện các nhiệm vụ
    sau, hoàn thành trước ngày 30/6/2025:'); a bare year is not one: in '… phấn đấu trong năm 2026 có 100% xã …,
    yêu cầu … thực hiện các nội dung sau:' it is the goal's year."""
    due = deadline_outside(heading, names)
    return None if due and _YEAR_ONLY.match(fold(due)) else due


# the collective of places a name may close with ('Ủy ban nhân dân các xã, phường')
_PLACES_ON = re.compile(r"^,\s*(?:phường|thị trấn|đặc khu)\b")
_AND_NAME = re.compile(r"^\s+và\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ])((?:\w+)(?:\s+\w+){0,5})")


def _name_end(text: str, a: int, b: int) -> int:
    """Where a relative deadline that closes with an agency's name ends ('… kể từ ngày nhận được văn bản của Sở Nông
    nghiệp và Môi trường'): a phrase cut at 'và' or at a comma goes on when the words after it carry the name on
    (capitalised: 'và Môi trường'; the places of a collective: 'các xã, phường')."""
    phrase = fold(text[a:b])
    if " ke tu " not in f" {phrase} " or " cua " not in phrase:
        return b
    tail = phrase.rsplit(" cua ", 1)[1]
    if not text[b - len(tail) : b][:1].isupper():
        return b  # '… của' + a name in capitals only
    m = _PLACES_ON.match(text[b:]) if phrase.endswith("cac xa") else None
    if m:
        return b + len(m.group(0))
    m = _AND_NAME.match(text[b:])
    if not m:
        return b
    # the name's words after 'và', up to the request's verb or a word of the sentence ('… và báo cáo' is no name)
    verbs = rx(f"^(?:{load_json('letters.json')['verbs']})\\b")
    end = m.start(1)
    for w in re.finditer(r"\S+", m.group(1)):
        word = w.group(0)
        if w.start() and (verbs.match(fold(m.group(1)[w.start():])) or word[:1].islower() and fold(word) in _SENTENCE_WORDS):
            break
        end = m.start(1) + w.end()
        if word[-1:] in ",;.:":
            end -= 1
            break
    return b + end


_SENTENCE_WORDS = {"de", "va", "theo", "tai", "trong", "truoc", "sau", "khi", "dong", "ve", "cho", "voi", "nham"}


def _conditions_blank(ft: str) -> str:
    """Folded text with the clauses blanked out (same length) that name whom a rule is for by a figure they have
    ('đối với xã có trên 30% hồ sơ trễ hạn trong năm 2025, …'; patterns/targets.json 'condition_clause'): their time
    is the condition's, no deadline."""
    cond = rx(load_json("targets.json")["condition_clause"])
    return re.sub(r"(?:[^,;:.]|\.(?=\d))+", lambda m: " " * len(m.group()) if cond.match(m.group()) else m.group(), ft)


def find_deadline(text: str) -> str | None:
    """The deadline phrase inside a sentence, as written: 'trước 14 giờ 00 ngày 10/3/2025', 'trong Quý IV/2025',
    'hằng năm', 'thường xuyên' (patterns/deadlines.json 'phrases'); None when the sentence sets none."""
    text = nfc(text)
    ft = _conditions_blank(_quarter_ocr(fold(text)))
    cfg = load_json("deadlines.json")["phrases"]
    qualifier, spending, state = rx(cfg["qualifier_before"]), rx(cfg["spending_before"]), rx(cfg["state_after"])
    for pat in cfg["patterns"]:
        for m in rx(pat).finditer(ft):
            dated = any(c.isdigit() for c in m.group(0))  # 'ban hành thường xuyên' is still a recurrence
            # a span of time ('trình … ban hành trong Quý II/2026') is when the request is due, never a qualifier of
            # another document (that is a date: '… do tỉnh ban hành trước ngày 01/7/2025')
            span = re.match(r"(?:trong|quy|thang|cuoi|6|sau)\b", m.group(0)) is not None
            before = ft[: m.start()]
            if (m.start() == 0 or not ft[m.start() - 1].isalnum()) and not (
                    (qualifier.search(before) and not span) if dated
                    else spending.search(before) or state.match(ft[m.end() :])):
                a, b = m.span("at") if "at" in m.re.groupindex else m.span()  # 'Thời hạn: 30/6/2026' -> the date
                return clean_space(text[a:_name_end(text, a, b)])
    return None


def unless_past(text: str, due: str | None, names: list[str], issue: dt.date | None) -> str | None:
    """A task's deadline unless its date lies more than a year before the document's issue date: such a date is one
    the task speaks of ('cấp giấy chứng nhận cho hộ có đất sử dụng ổn định trước ngày 01/7/2014'), no deadline; the
    sentence is read again without it (a later phrase may be the deadline)."""
    if issue is None:
        return due
    blanked = list(names)
    for _ in range(3):
        date = parse_deadline(due).date if due else None
        if date is None or date >= issue - dt.timedelta(days=365):
            return due
        if fold(due or "") not in fold(text):
            return None  # a heading's or cell's past date: none
        blanked.append(due or "")
        due = deadline_outside(text, blanked)
    return None
