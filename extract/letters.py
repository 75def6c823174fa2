"""Tasks and targets of documents that are no plan: the numbered requests of a công văn, thông báo, chỉ thị or tờ
trình ('… đề nghị … thực hiện những nội dung sau: 1. … a) …') and the articles of a quyết định or nghị quyết
('Điều 2. Giao Sở Nội vụ …'). Rules are data in patterns/letters.json.

A request's lead agency is the agency it names first ('Giao Sở Tài chính …', 'Sở Nội vụ tổ chức …'); else the
addressee of the introduction ('Sở Nội vụ đề nghị Ủy ban nhân dân các huyện … thực hiện'), the 'Kính gửi' list when
that addressee is generic ('các đơn vị'), or the issuer itself in a report or submission (its own undertakings).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from rapidfuzz import fuzz

from extract.agencies import (
    FUZZY_THRESHOLD,
    MERGE_THRESHOLD,
    AgencyRegistry,
    collective_head,
    expand,
    national_branch,
    plausible_agency,
    residential_units,
    to_place,
)
from extract.deadlines import announced_deadline, deadline_outside
from extract.patterns import load_json, match_domain, rx
from extract.provenance import Provenance, place
from extract.rows import TargetRow, unplaced
from extract.structure import TOPIC_HEADING, Line, heading_over_agency
from extract.targets import (
    ACHIEVED,
    NEXT_YEAR,
    STATEMENT,
    THIS_YEAR,
    THIS_YEAR_OPENING,
    current_figure,
    default_year,
    ensured_count,
    future_statement,
    goals_named,
    heading_year,
    horizon,
    in_target_list,
    inline_target_list,
    parse_target_text,
    past_date_opening,
    past_period_opening,
    plan_start,
    stated_years,
    strive_after_results,
    target_sentences,
    without_conditions,
    without_past,
    work_clauses,
    year_figure_line,
)
from extract.tasks import LISTED, SPLIT, WHOLE, TaskDraft, closing_to_all, standing_body
from normalize.text import clean_space, fold

log = logging.getLogger(__name__)

_NUMBERED = re.compile(r"^\s*((Mục|MỤC|Phần|PHẦN|Tiết|TIẾT)\s+)?(\d{1,2}|[IVX]{1,4})\s*[.)]\s")  # the next numbered heading ends a target block
# a verb word right after these is a noun of a name: "… và các tổ chức …", and after the head word an agency's
# name opens with, "Sở Xây dựng", "Ban Quản lý …" (not after a name's last word: "Văn phòng Bộ chủ trì"), a plural's
# head word too when the sentence opens with it ("Các ban quản lý rừng phòng hộ … tổ chức …": 'quản lý' names them)
_NOUN_BEFORE = re.compile(r"(?:(?:^|\s)(?:cac|cua|va|voi|nhung|cho|nguoi)|(?:^|[,;]\s*|(?:^|\s)(?:cac|va|giao|nghi|cau|dao|cho)\s)(?:so|bo|phong|cuc|ban|trung tam))$")
# the issuer's own unit named as such: 'Phòng … của Sở', 'Vụ … của Bộ' (the verb after it is the request's own; a
# collective 'Các Ban Quản lý dự án thuộc Bộ' keeps its 'thuộc Bộ', as the earlier documents have it)
_OWN_UNIT = re.compile(r"\scua\s(?:so|bo)$")


@dataclass
class Item:
    kind: str  # 'article' | 'number' | 'letter' | 'para' (a loose paragraph that states a target)
    no: str
    text: str
    line_idx: int
    page_no: int
    parent: Item | None = None
    children: list[Item] = field(default_factory=list)
    line_end: int = -1  # last line (Line.idx) of the item; -1: line_idx only
    marker: str = ""  # a bullet item's mark ('-', '+'): a mark of another kind below it is one level deeper
    topic: bool = False  # a short heading over agency-first sentences ('3. Tuyên truyền, phổ biến' / 'Báo … đưa tin …')


def _cfg() -> dict[str, Any]:
    return load_json("letters.json")


_DIGIT_FOR = str.maketrans("ilo", "110")  # the letters OCR reads for a digit (folded): I, l for 1; O for 0


def _garbled_articles(lines: list[Line], art: re.Pattern[str], garbled: re.Pattern[str]
                      ) -> tuple[dict[int, re.Match[str]], dict[int, str]]:
    """Article headings whose number OCR read with a letter beside a digit ('Điều I1.', 'Điều 1O.'), by line index:
    the match and the number, read only when certain, when the nearest article before or after bears the number
    before or after it. The number is the letters read as digits ('1O' -> 10) or the digits alone ('I1' -> 1, a
    stray stroke before it), whichever the neighbours confirm."""
    clean: list[tuple[int, int]] = []  # (line index, number) of the articles read as written
    found: list[tuple[Line, re.Match[str]]] = []
    for ln in lines:
        ft = fold(ln.text.strip().strip("*").strip())
        if (m := art.match(ft)) and m.group(1).isdigit():
            clean.append((ln.idx, int(m.group(1))))
        elif m := garbled.match(ft):
            found.append((ln, m))
    matches: dict[int, re.Match[str]] = {}
    numbers: dict[int, str] = {}
    for ln, m in found:
        before = next((n for i, n in reversed(clean) if i < ln.idx), None)
        after = next((n for i, n in clean if i > ln.idx), None)
        raw = m.group(1)
        digits = re.sub(r"\D", "", raw)
        for cand in dict.fromkeys(x for x in (raw.translate(_DIGIT_FOR), digits) if x):
            n = int(cand)
            if (before is not None and n == before + 1) or (after is not None and n == after - 1):
                matches[ln.idx], numbers[ln.idx] = m, str(n)
                break
    return matches, numbers


def parse_items(lines: list[Line], end: int) -> tuple[list[Item], str]:
    """Numbered items and articles before ``end`` (the 'Nơi nhận' line), and the introduction paragraph.

    Items nest as Vietnamese administrative documents write them: 'Điều 2.' / '1.' over '1.1.' and 'a)', and bullet
    lines ('-', '+') under an item that announces them with a colon ('2. Về chế độ công vụ:', '3. Chủ tịch Ủy ban
    nhân dân các xã, phường:'); a bullet line under an item without a colon, or in lower case (an enumeration
    inside the item's sentence), is that item's detail."""
    cfg = _cfg()
    art, num, let = rx(cfg["article"]), rx(cfg["number"]), rx(cfg["letter"])
    sub, bullet = rx(cfg["subnumber"]), rx(cfg["bullet"])
    recipients = rx(load_json("header.json")["letterhead"]["recipients"])
    garbled, article_no = _garbled_articles(lines[:end], art, rx(cfg["garbled_article"]))
    items: list[Item] = []
    cur: Item | None = None
    blank = False
    first: int | None = None
    # the closing paragraph above has not ended its sentence: a scan wrapped it, and its next line is no paragraph of
    # its own even when it opens with an agency ('… phản ánh về' / 'Sở Nội vụ (qua …) để được hướng dẫn.')
    closing_open = False
    for ln in lines[:end]:
        t = ln.text.strip().strip("*").strip()
        if not t:
            blank = True
            continue
        wrapped_closing, closing_open = closing_open and not blank, False
        ft = fold(t)
        m_art, m_num, m_let = art.match(ft) or garbled.get(ln.idx), num.match(t), let.match(t)
        m_sub, m_bul = sub.match(t), bullet.match(t)
        top = _numbered_parent(items, m_sub.group(1)) if m_sub else None
        if m_art:
            no = article_no.get(ln.idx) or (m_art.group(1) if m_art.group(1).isdigit() else "1")  # OCR's 'Điều I.'
            cur = Item("article", no, clean_space(t[m_art.end() :]), ln.idx, ln.page_no)
            items.append(cur)
        elif m_sub and top is not None:
            # '1.1.' under '1.': a request of the group its first number names
            cur = Item("number", m_sub.group(2), clean_space(t[m_sub.end() :]), ln.idx, ln.page_no, top)
            top.children.append(cur)
            items.append(cur)
        elif m_num and (first is not None or _intro_ends(lines, ln.idx)):
            # under an article that announces them ('Điều 1. Giao … các nhiệm vụ sau:', 'Điều 2. Tổ chức thực hiện')
            # the numbered items are the article's clauses
            art_top = next((x for x in reversed(items) if x.parent is None), None)
            owner = art_top if art_top is not None and art_top.kind == "article" and _heads(art_top) else None
            cur = Item("number", m_num.group(1), clean_space(t[m_num.end() :]), ln.idx, ln.page_no, owner)
            if owner is not None:
                owner.children.append(cur)
            items.append(cur)
        elif m_let and (items or _intro_ends(lines, ln.idx)):
            # lettered requests under a numbered one, or themselves the list ('… chỉ thị: a) …  b) …')
            top = None if not items else items[-1] if items[-1].kind not in ("letter", "bullet") \
                else _letter_parent(items[-1])
            cur = Item("letter", m_let.group(1).lower(), clean_space(t[m_let.end() :]), ln.idx, ln.page_no, top)
            if top is not None:
                top.children.append(cur)
            items.append(cur)
        elif m_bul and not t[m_bul.end() :][:1].islower() and (
                anchor := _bullet_anchor(cur, m_bul.group(1), items, lines, ln.idx, recipients)) is not None:
            # (a bullet in lower case continues its item's sentence: '…, gồm: - biên chế được giao; - …')
            parent = anchor if isinstance(anchor, Item) else None
            cur = Item("bullet", "", clean_space(t[m_bul.end() :]), ln.idx, ln.page_no, parent, marker=m_bul.group(1))
            if parent is not None:
                parent.children.append(cur)
            items.append(cur)
        elif cur is not None and not blank and (para := _new_paragraph(cur, t)) is not None:
            # a paragraph of its own under a heading, led by its agency ('Giao Sở Y tế:' over its '-' lines, then
            # 'Trung tâm Kiểm soát bệnh tật … chủ động …'): not the wrapped end of the item above
            cur = Item("para", "", clean_space(t), ln.idx, ln.page_no, para or None)
            if para:
                para.children.append(cur)
            items.append(cur)
        elif cur is not None and not blank and (topic := _under_topic(cur, t)) is not None:
            # a sentence of its own under a numbered topic heading on a line of its own ('1. Về kỹ thuật' over
            # 'Hướng dẫn nông dân …' and 'Chỉ đạo bố trí …'): neither the heading's wrapped end nor the sentence's above
            cur = Item("para", "", clean_space(t), ln.idx, ln.page_no, topic)
            topic.children.append(cur)
            items.append(cur)
        elif cur is not None and not blank:
            cur.text = clean_space(cur.text + " " + re.sub(r"^[-–+•]\s*", "", t))  # a wrapped line
            cur.line_end = ln.idx
        elif (first is not None or _intro_ends(lines, ln.idx)) and not wrapped_closing and _agency_paragraph(t):
            # after the list, a paragraph of its own that assigns its agency a duty ('Vụ Kế hoạch, Tài chính chủ trì
            # theo dõi …; tổng hợp, báo cáo Lãnh đạo Bộ trước ngày 31/7/2026.'): a request at the top; or the list
            # itself, unnumbered paragraphs each opening with its agency right after the introduction that announces
            # them ('… thực hiện các nội dung sau:' / 'Chi cục Thủy lợi: theo dõi …' / 'Công ty …: nạo vét …')
            cur = Item("para", "", clean_space(t), ln.idx, ln.page_no)
            items.append(cur)
            first = ln.idx if first is None else first
        else:
            cur = None  # a closing paragraph ('Trong quá trình thực hiện, …')
            closing_open = not re.search(r"[.;:!?]\s*$", t)
        if (m_art or (cur is not None and cur.kind in ("number", "letter", "bullet"))) and first is None:
            first = ln.idx
        blank = False
    intro = _intro(lines, first) if first is not None else ""
    return items, intro


def _topic_heading(it: Item) -> bool:
    """A numbered or lettered topic heading on a line of its own, no full stop ('1. Về kỹ thuật', 'b) Về hỗ trợ chính
    sách')."""
    text = it.text.rstrip()
    return it.topic or (it.kind in ("number", "letter") and it.line_end in (-1, it.line_idx) and len(text) <= 80
                        and bool(TOPIC_HEADING.match(fold(text))) and not text.endswith((".", ";", ",")))


def _under_topic(cur: Item, line: str) -> Item | None:
    """The topic heading a line that opens a sentence of its own stands under: right below the heading, or below a
    finished sentence under it; None for a line that goes on with the text above (lower case, or the sentence above
    not ended)."""
    if not line[:1].isupper():
        return None
    if _topic_heading(cur):
        return cur
    if cur.kind in ("number", "letter") and cur.line_end in (-1, cur.line_idx) and not cur.children \
            and heading_over_agency(cur.text, line):
        cur.topic = True  # '3. Tuyên truyền, phổ biến' over 'Báo Nghệ An đưa tin …'
        return cur
    if cur.kind == "para" and cur.parent is not None and _topic_heading(cur.parent) \
            and cur.text.rstrip().endswith((".", ";")):
        return cur.parent
    return None


def _heading_like(it: Item) -> bool:
    """An item that heads what follows it: it announces a list ('Nhiệm vụ thời gian tới:'), or it is a short title
    without a full stop ('2. Nhiệm vụ thời gian tới'), not a request a page wrapped ('1. Rà soát … và gửi kết quả về'
    opens with its verb, ends with a word that goes on)."""
    text = it.text.rstrip()
    if text.endswith(":"):
        return True
    ft = fold(text)
    return (len(text) <= 60 and not text.endswith((".", ";", ",")) and not rx(f"^({_cfg()['verbs']})\\b").match(ft)
            and ft.split()[-1:] != [] and ft.split()[-1] not in _GOES_ON)


# a title that ends with a word the sentence goes on after ('… của', '… các'): a wrapped line, no heading
_GOES_ON_END = re.compile(r"\s(?:và|về|của|cho|với|các|tại|trên|theo|trong|đến|để|từ|ở)\s*$", re.IGNORECASE)
# words a wrapped line ends with: the sentence goes on below
_GOES_ON = frozenset({"va", "ve", "cua", "cho", "voi", "cac", "tai", "tren", "theo", "trong", "den", "de", "tu", "o"})


def _article_title(it: Item) -> bool:
    """An article's title alone on its line, no full stop ('Điều 2. Tổ chức thực hiện')."""
    title = it.text.rstrip()
    return it.kind == "article" and it.line_end in (-1, it.line_idx) and len(title) <= 60 \
        and not title.endswith((".", ";", ",")) and fold(title).split()[-1:] != [] \
        and fold(title).split()[-1] not in _GOES_ON


def _new_paragraph(cur: Item, line: str) -> Item | bool | None:
    """Whether an unnumbered line opens a paragraph of its own rather than continuing ``cur``: the text above it is
    finished (a sentence ended with '.', ';' or ':', or a short heading) and the line opens with the agency it
    assigns ('Sở Tài chính thẩm định …', 'Giao Sở Y tế:'). Returns the item it belongs under (the heading above),
    False for one at the top, None for a wrapped line. A line that a scan wrapped mid-sentence never qualifies: the
    text before it has not ended."""
    if not line[:1].isupper() or not (cur.text.rstrip().endswith((".", ";", ":")) or _heading_like(cur)
                                      or _article_title(cur)):
        return None
    reg = _registry()
    if not (item_lead(line, reg) or (line.rstrip().endswith(":") and plausible_agency(strip_role(line.rstrip(" :"))))):
        return None
    anchor: Item | None = cur
    while anchor is not None and anchor.kind in ("bullet", "para"):
        anchor = anchor.parent
    if anchor is None:
        return False
    if anchor.kind == "article":
        if _article_title(anchor) and _ASSIGNS.match(fold(line)):
            return anchor  # 'Điều 2. Tổ chức thực hiện' over 'Giao Sở … .' / 'Giao Sở … .': each a request of its own
        if anchor.text.rstrip().endswith(":") and _ASSIGNS.match(fold(anchor.text)) and item_lead(line, reg):
            # 'Điều 1. Giao nhiệm vụ … cho các cơ quan, đơn vị như sau:' over unnumbered lines, each opening with its
            # body ('Sở … chỉ đạo …', 'Công ty …: điều tiết …'): each a request of its own
            return anchor
        return None  # an article's own sentences ('Điều 1. Vị trí và chức năng' / 'Trung tâm … là đơn vị …')
    if anchor is cur and not _heading_like(cur):
        return anchor.parent or False  # after a whole numbered request: its sibling
    return anchor


_CLOSING = rx(load_json("appendix.json")["closing"])


def _agency_paragraph(line: str) -> bool:
    """Whether a line after a blank one, below the numbered or lettered requests, opens a paragraph that assigns a
    duty to the agency it opens with ('Cục Di sản văn hóa rà soát, đề xuất …', 'Giao Phòng X theo dõi, đôn đốc …'):
    not the letter's closing words (the body's last sentence ends in './.' unless it assigns; 'Trong quá trình thực hiện, …', '… thông báo để … biết', a remark to the
    agencies named above), nor a signature's titles in capitals."""
    ft = fold(line)
    if not line[:1].isupper() or line.isupper() or len(line) < 25:
        return False  # a signature's titles ('GIÁM ĐỐC SỞ TÀI CHÍNH'), a short line
    if line.rstrip().endswith("/.") and not ft.startswith("giao ") or _CLOSING.match(ft):
        return False  # (the last sentence that assigns, 'Giao Phòng X theo dõi, đôn đốc, tổng hợp …/.', is a task)
    if rx(_cfg()["notice_closing"]).search(ft) or rx(_cfg()["back_reference"]).match(ft):
        return False
    return item_lead(line, _registry()) is not None


@cache
def _registry() -> AgencyRegistry:
    """A registry with no jurisdiction: enough to tell whether a line opens with an agency's name."""
    return AgencyRegistry(None, None, None)


def _numbered_parent(items: list[Item], no: str) -> Item | None:
    """The last top-level numbered item numbered ``no`` ('1.' for '1.1.'), if it is the current group (a numbered
    clause of an article counts as top-level)."""
    for it in reversed(items):
        if it.kind == "number" and (it.parent is None or it.parent.kind == "article"):
            return it if it.no == no else None
        if it.kind == "article":
            return None
    return None


def _heads(article: Item) -> bool:
    """An article that heads the numbered clauses below it: it announces them with a colon, or it is a bare title
    ('Điều 2. Tổ chức thực hiện'), short and without a full stop."""
    text = article.text.rstrip()
    return text.endswith(":") or (len(text) <= 60 and not text.endswith((".", ";")))


def _letter_parent(it: Item) -> Item | None:
    """The item a new lettered line belongs under, from the last item (a letter or a bullet below one)."""
    while it.kind in ("letter", "bullet") and it.parent is not None:
        it = it.parent
        if it.kind not in ("letter", "bullet"):
            return it
    return None if it.kind in ("letter", "bullet") else it


def _announces(it: Item) -> bool:
    """An item that ends in a colon announces a list below it ('Về nhiệm vụ thời gian tới:')."""
    return it.text.rstrip().endswith(":")


def _bullet_anchor(cur: Item | None, mark: str, items: list[Item], lines: list[Line], idx: int,
                   recipients: re.Pattern[str]) -> Item | bool | None:
    """Where a bullet line ('- …', '+ …') goes: under the item it belongs to (an Item), a request of its own at the
    top (True: the bullets are the list the introduction announces, '… các nội dung sau:'), or None (a wrapped
    detail of the current item, or a line outside any list)."""
    if cur is None:
        if items or not _intro_ends(lines, idx):
            return None
        prev = next(ln.text.strip() for ln in reversed(lines[:idx]) if ln.text.strip())
        # the 'Kính gửi:' list (a công điện's '… điện:' list) is the addressees, not requests (nor is a line of it
        # that OCR ended with ':')
        bulleted = rx(_cfg()["bullet"]).match(prev)
        dispatch = rx(_cfg()["dispatch_addressees"]).search(fold(prev))
        return None if recipients.match(fold(prev)) or dispatch or bulleted or len(prev) < 20 else True
    node: Item | None = cur
    while node is not None and node.kind == "bullet":
        if node.marker == mark:
            return node.parent if node.parent is not None else True  # a sibling
        if _announces(node):
            return node  # a deeper mark under a bullet that announces it
        node = node.parent
    if node is not None and cur.kind != "bullet" and (
            _announces(node) or node.kind == "number" and _heading_like(node) and not _GOES_ON_END.search(node.text)):
        return node  # ('1. Đối với các địa phương' over '- Ủy ban nhân dân …: …', a short title without its colon)
    return None  # a mark under a bullet that announces nothing: that bullet's detail


def _intro_ends(lines: list[Line], idx: int) -> bool:
    """A numbered list starts only after an introduction that announces it ('… những nội dung sau:')."""
    for ln in reversed(lines[:idx]):
        t = ln.text.strip()
        if t:
            return bool(rx(_cfg()["intro_end"]).search(fold(t)))
    return False


def _intro(lines: list[Line], first: int) -> str:
    out: list[str] = []
    for ln in reversed(lines[:first]):
        t = ln.text.strip()
        if not t:
            if out:
                break
            continue
        out.insert(0, t)
    return clean_space(" ".join(out))


def strip_role(mention: str) -> str:
    """'Hiệu trưởng các trường …' -> 'các trường …'; 'Giao Sở Nội vụ' -> 'Sở Nội vụ'."""
    cfg = _cfg()
    m = rx(cfg["lead_prefix"]).match(fold(mention))
    return clean_space(mention[m.end() :]) if m else clean_space(mention)


def _is_agency(mention: str, reg: AgencyRegistry) -> bool:
    if not mention:
        return False
    if reg.best_seed(mention)[1] >= FUZZY_THRESHOLD or plausible_agency(mention):
        return True
    if national_branch(mention):
        return True  # 'Thuế tỉnh Nghệ An hướng dẫn …': a national body's branch, named with its place
    if residential_units(mention):
        return True  # 'Các thôn, tổ dân phố tổ chức …': the units a plan gives the work to
    parts = reg.split_mentions(mention)  # several agencies: 'Thường trực HĐND tỉnh, các Ban của HĐND tỉnh'
    return len(parts) > 1 and all(reg.best_seed(x)[1] >= FUZZY_THRESHOLD or plausible_agency(x) for x in parts)


def lead_cell(mention: str, reg: AgencyRegistry) -> tuple[str, str]:
    """A lead mention for draft_rows: split at its commas only when every piece is an agency ('Phòng Kinh tế,
    Phòng Văn hóa - Xã hội'); else one whole name ('Phòng Giáo dục và Đào tạo các quận, huyện')."""
    listed = [x.strip() for x in mention.split(";")]
    if len(listed) > 1 and any(_COUNCIL_GROUP.match(fold(x)) for x in listed) and all(
            _is_agency(x, reg) or _COUNCIL_GROUP.match(fold(x)) for x in listed):
        return (mention, LISTED)  # (_assigned_list) 'Thường trực HĐND; các Ban của HĐND; các Tổ đại biểu HĐND tỉnh'
    parts = reg.split_mentions(mention)
    ok = len(parts) > 1 and all(reg.best_seed(x)[1] >= FUZZY_THRESHOLD or plausible_agency(x) for x in parts)
    return (mention, SPLIT) if ok else (mention, WHOLE)


# 'Giao <a name> chủ trì …': the name between them, whatever its words (an office no registry holds, a verb word inside
# it: 'Giao Tổ chức phát triển quỹ đất tỉnh chủ trì …', 'Giao Cảng vụ Hàng hải Thanh Hóa chủ trì …')
_GIVEN_LEAD = re.compile(r"^\s*giao(?: cho)?\s+(.{3,110}?)\s*(?:\(\s*)?\bchu tri\b")


def _given_lead(text: str) -> str | None:
    """The name a 'Giao X chủ trì …' assigns: written with a capital, two to sixteen words, one name (no list's comma
    or 'và' before another head, no digit)."""
    m = _GIVEN_LEAD.match(fold(text))
    if m is None:
        return None
    name = text[m.start(1) : m.end(1)].strip(" ,;:")
    if not name[:1].isupper() or re.search(r"[\d,;:()]", name) or not 2 <= len(name.split()) <= 16:
        return None
    return name


def item_lead(text: str, reg: AgencyRegistry) -> str | None:
    """The agency a request or article names first, up to its verb: 'Giao Sở Nội vụ chủ trì, …' -> 'Sở Nội vụ'. A
    'Giao X chủ trì …' names X, up to 'chủ trì', when the words read no lead or run past it."""
    lead = _item_lead(text, reg)
    given = _given_lead(text)
    if given and (lead is None or len(lead) > len(given) and lead.startswith(given)):
        return given
    unit = _UNIT_OF_PARENT.match(fold(lead)) if lead else None
    if unit and lead:
        return lead[: unit.end(1)]  # 'Phòng Nghiệp vụ Y, Sở Y tế theo dõi …': the unit, its parent only says whose
    of_parent = _OF_NAMED_PARENT.match(fold(lead)) if lead else None
    if lead and of_parent and lead[of_parent.end() - 1 : of_parent.end()].isupper() \
            and not fold(lead).startswith("cac "):
        # 'Trung tâm Kiểm soát bệnh tật tỉnh thuộc Sở Y tế cung ứng …': the unit alone, as written up to 'thuộc'; the
        # parent it belongs to only says whose it is, no second lead (a plural group's 'Các bệnh viện … trực thuộc Bộ Y
        # tế' is named by it: which hospitals, kept whole)
        return lead[: of_parent.end(1)]
    if lead and (own := _OWN_PHONGS.match(fold(lead))):
        # 'Các phòng giáo dục và đào tạo thuộc Sở rà soát …': the issuer's own Phòng the registry names, by its name as
        # 'Phòng … của Sở' is ('Các Ban Quản lý dự án thuộc Bộ', no registry's, stays as written)
        seed, score = reg.best_seed("Phòng " + lead[own.start(1) : own.end(1)])
        if seed is not None and score >= FUZZY_THRESHOLD and fold(seed.name) == "phong " + own.group(1):
            return seed.name
    at = text.find(lead) if lead else -1
    every = _EVERY_PROVINCE.match(text[at + len(lead) :]) if lead and at >= 0 else None
    if lead and every:
        # 'Sở Y tế các tỉnh, thành phố trực thuộc Trung ương báo cáo …': a plural addressee, named with its places
        return lead + text[at + len(lead) :][: every.end()]
    return lead


# where a paragraph's next sentence starts (a full stop, then a capital)
_SENTENCE_BREAK = re.compile(r"(?<=\.)\s+(?=[A-ZĐÂĂÊÔƠƯ])")
# the issuer's own units of one kind, named in the plural ('Các phòng giáo dục và đào tạo thuộc Sở'), folded
_OWN_PHONGS = re.compile(r"^cac phong\s+([^,;:()]{3,80}?)\s+(?:thuoc|cua)\s+so$")
# the places a body is named for in every province ('Sở Y tế các tỉnh, thành phố trực thuộc Trung ương')
_EVERY_PROVINCE = re.compile(r"\s+các tỉnh, thành phố(?: trực thuộc Trung ương)?(?=[\s,.:;]|$)")


# a unit named with the named body it belongs to after 'thuộc' ('Trung tâm Y tế khu vực … thuộc Sở Y tế', 'Hạt Kiểm lâm
# huyện thuộc Chi cục Kiểm lâm tỉnh'), folded; the parent's name goes on with a capital ('thuộc Bộ' alone, the issuer
# unnamed, and 'trực thuộc Trung ương', no body, stay as written)
_OF_NAMED_PARENT = re.compile(r"^(.{3,120}?)\s+(?:truc\s+)?thuoc\s+(?:so|bo|cuc|chi cuc|tong cuc|uy ban|ubnd|ban|vien"
                              r"|hoi|tinh doan|trung tam|dai hoc|benh vien)\s+\S")
# a unit named with the body it belongs to after a comma ('Phòng Nghiệp vụ Y, Sở Y tế', 'Chi cục Thủy lợi, Sở Nông
# nghiệp và Môi trường'): one body, the unit; peers are listed otherwise ('Phòng Kinh tế, Phòng Văn hóa - Xã hội')
_UNIT_OF_PARENT = re.compile(r"^((?:phong|chi cuc)\s[^,;:()]{2,80}?),\s*(?:so|bo)\s[^,;:()]{2,60}$")


def _item_lead(text: str, reg: AgencyRegistry) -> str | None:
    t = strip_role(text)
    opening = rx(_cfg()["lead_opening"]).match(fold(t))
    if opening:
        t = strip_role(t[opening.end() :])  # 'Trong Quý II/2026, Sở Nội vụ tổ chức …'
    # words in brackets after a name ('Sở Tài chính (Phòng Quản lý giá) thẩm định …') hold no verb that ends it
    ft = _PAREN.sub(lambda m: "(" + "_" * (len(m.group()) - 2) + ")", fold(t))
    verbs = _cfg()["verbs"]
    first = rx(f"^({verbs})\\b").match(ft)
    if first and not any(w[:1].isupper() for w in t[: first.end()].split()[1:]) and not (
            t[:1].isupper() and t[first.end() : first.end() + 2].strip()[:1].isupper() and _known_prefix(t, reg)):
        return None  # 'Báo cáo kết quả …', 'Rà soát …': the request names no agency first ('Báo Cao Bằng …' does)
    # the first verb that ends an agency's name: a verb word that belongs to a name ('Sở Xây dựng', _NOUN_BEFORE)
    # does not end it, and a name may hold a verb-like word ('Cục Quản lý …': a later verb ends it)
    mention = None
    verb_at: int | None = None  # where the request's own verb starts
    for m in rx(_cfg()["lead_end"].replace("VERBS", verbs)).finditer(ft):
        if not m.start() or _NOUN_BEFORE.search(ft[: m.start()]) and not t[: m.start()].endswith(" bản"):
            continue  # ('Trưởng các bản vận động …': a hamlet, written 'bản', heads no name as 'Ban' does)
        if m.group(1) and t[m.start(1)].isupper():
            continue  # a verb word with a capital inside a sentence is a word of a name ('Trung tâm Phát triển …')
        own_unit = _OWN_UNIT.search(ft[: m.start()]) is not None  # 'Phòng Tài chính đầu tư của Sở hướng dẫn …'
        if m.group(1) and not own_unit and _level_follows(t, ft, m.end(1), verbs):
            continue  # 'Ban Quản lý dự án đầu tư xây dựng tỉnh hoàn thành …': the verb word and its level end the name
        if m.group(1) and _second_syllable(t, m.start(1), m.end(1), reg):
            continue  # 'Công ty … Môi trường và Công trình đô thị …': 'trình' is the half of a word of the name
        if m.group(1) and _component_goes_on(t, m.start(1), m.end(1), reg, verbs):
            continue  # 'Cục Nhà giáo và Cán bộ quản lý giáo dục tổ chức …': the name's last part holds a verb word
        if m.group(1) and _coordinated_object(t, m.start(1), m.end(1), reg, verbs):
            continue  # 'Phòng Quản lý xây dựng và chất lượng công trình rà soát …': the verb word heads the name's tail
        verb_at = m.start() if verb_at is None else verb_at
        mention = _lead_before(t[: m.start()].strip(" ,;:"), reg)
        if mention and own_unit:
            # the issuer's own unit: named without the 'của Sở' that says whose it is
            mention = mention[: _OWN_UNIT.search(fold(mention)).start()] if _OWN_UNIT.search(fold(mention)) else mention
        if mention:
            break
    if mention is None and verb_at is not None and _ASSIGNS.match(fold(text)):
        mention = _assigned_list(t[:verb_at], reg)  # 'Giao Thường trực HĐND huyện, các Ban HĐND huyện và các đại biểu …'
    elif mention is None and verb_at is not None and t[:1].isupper():
        # the same list as the sentence's subject, no 'Giao' before it ('Thường trực Hội đồng nhân dân tỉnh, các Ban
        # của Hội đồng nhân dân tỉnh, các Tổ đại biểu và đại biểu Hội đồng nhân dân tỉnh giám sát …'): its agencies
        mention = _assigned_list(t[:verb_at], reg)
    elif mention and _ASSIGNS.match(fold(text)) and re.search(r"[,;]|\svà\s", mention):
        # a list whose members read as agencies run together ('Giao Thường trực Hội đồng nhân dân, các Ban của Hội đồng
        # nhân dân, các Tổ đại biểu và các đại biểu Hội đồng nhân dân xã giám sát …'): its members that are no agency
        # (the deputies' groups, the deputies) left out
        listed = _assigned_list(mention, reg)
        # (only members cut off its end: a list read otherwise, 'Sở A (chủ trì), Sở B', stays as it was found)
        mention = listed if listed and len(listed) < len(mention) and fold(mention).startswith(fold(listed)) \
            else mention
    known = _known_prefix(t, reg)
    if known and mention and len(mention) > len(known) and _ends_name(known, mention):
        return known  # 'Sở Tài chính cân đối, bố trí …': the name ends where the registry's name ends
    # a registry name that runs past a verb-like word ('Trung tâm Dịch vụ tổng hợp xã hướng dẫn …'), or one
    # followed by a verb the list lacks ('Sở Công Thương xúc tiến …'); never over the one an assigner names
    # ('Chủ tịch UBND tỉnh giao Sở X …' is led by Sở X, not by the UBND its first words name)
    if known and mention is None and _list_goes_on().match(fold(t[len(known) :])):
        return None  # the first of several addressees ('Đề nghị Ủy ban MTTQ xã và các tổ chức …'): no lead of its own
    if known and mention is None and (leveled := _level_after(t, known)):
        return leveled  # 'Bảo hiểm xã hội tỉnh thanh toán …' (a verb the list lacks): the name with its level
    if known and (mention is None or (len(known) > len(mention) and known.startswith(mention))):
        return known
    if mention is None and known is None:
        # 'Thư viện tỉnh trưng bày …': a verb the list lacks after the name's level; or after the place that closes a
        # name holding a comma ('Báo và Phát thanh, Truyền hình Lai Châu phát sóng …')
        return _named_to_level(t) or _comma_name_to_place(t, reg) or (_heading_name(t) if verb_at is None else None)
    return _before_bracket(mention, reg)


def _level_after(t: str, known: str) -> str | None:
    """A registry name that opens a sentence whose verb the list lacks, followed by its place's level word (and the
    place's proper name) and then a word in lower case: the name up to there ('Bảo hiểm xã hội tỉnh thanh toán …' ->
    'Bảo hiểm xã hội tỉnh', as its branch is written); None when no level follows it."""
    if fold(t[: len(known)]) != fold(known):
        return None
    levels = load_json("header.json")["levels"]
    words = t[len(known) :].split()
    n = 2 if len(words) > 2 and fold(" ".join(words[:2])) in levels else 1 if words and fold(words[0]) in levels else 0
    if not n or not words[0][:1].islower() or re.search(r"[,;:.]$", words[n - 1]):
        return None
    j = n
    while j < len(words) and words[j][:1].isupper():
        j += 1
    if j >= len(words) or not words[j][:1].islower() or words[j].lower() in _name_goes_on_written():
        return None
    return " ".join([known, *words[:j]]).rstrip(",;:")


def _heading_name(t: str) -> str | None:
    """A numbered heading that is an agency's name alone, on a line of its own over the items it leads, up to its
    place's level word and the place's name ('1. Ban Quản lý dự án đầu tư xây dựng tỉnh' over '1.1.', '1.2.'): the
    whole heading, its verb-like words ('xây dựng') words of the name."""
    s = t.strip().rstrip(":").strip()
    if len(s) > 80 or re.search(r"[.;:,()]", s):
        return None
    written = set(load_json("header.json")["levels"].values())
    words = s.split()
    j = len(words)
    while j > 1 and words[j - 1][:1].isupper():
        j -= 1  # the place's own name ('tỉnh Nghệ An')
    level = j >= 2 and (words[j - 1] in written or j >= 3 and " ".join(words[j - 2 : j]) in written)
    return s if level and plausible_agency(s) else None


def _named_to_level(t: str) -> str | None:
    """An agency the registry lacks, named up to its place's level word (and the place's name, words with a capital),
    when the request's verb is one the list lacks: 'Thư viện tỉnh trưng bày sách …' -> 'Thư viện tỉnh', 'Bảo tàng tỉnh
    Sơn La sưu tầm …' -> 'Bảo tàng tỉnh Sơn La'. The word after the name is in lower case and carries no name on."""
    levels = load_json("header.json")["levels"]
    words = t.split()
    for i in range(1, min(len(words), 14)):
        pair = fold(" ".join(words[i : i + 2])) if i + 1 < len(words) else ""
        n = 2 if pair in levels else 1 if fold(words[i]).strip(",") in levels else 0
        # (a level is written in lower case: 'Quản' of 'Ban Quản lý …' folds as 'quận' does)
        if not n or words[i + n - 1].endswith((",", ";", ":")) or not words[i][:1].islower():
            continue
        j = i + n
        while j < len(words) and words[j][:1].isupper():
            j += 1
        name = " ".join(words[:j]).rstrip(",;:")
        if (j < len(words) and words[j][:1].islower() and words[j].lower() not in _name_goes_on_written()
                and not re.search(r"[.;:]", name) and plausible_agency(name)):
            return name
    return None


def _comma_name_to_place(t: str, reg: AgencyRegistry) -> str | None:
    """A name the registry lacks that holds a comma, up to the place's proper name that closes it, when the request's
    verb is one the list lacks ('Báo và Phát thanh, Truyền hình Lai Châu phát sóng …'): one mention as the registry
    splits it (its part after the comma no agency of its own)."""
    cut = to_place(t)
    if cut is None or "," not in cut or re.search(r"[.;:()]", cut):
        return None
    return cut if reg.split_mentions(cut) == [cut] and plausible_agency(cut) else None


_PAREN = re.compile(r"\([^()]*\)")
# a request that opens with its verb of assigning: its lead is the object of that verb
_ASSIGNS = re.compile(r"^\s*(?:giao(?: cho)?|de nghi|yeu cau|phan cong)\s")


# the council's groups of deputies named with their council ('các Tổ đại biểu HĐND tỉnh'), a body of the list as written;
# 'các Tổ đại biểu' alone, before 'và đại biểu HĐND …', is the deputies' (left out as they are)
_COUNCIL_GROUP = re.compile(r"^(?:cac\s+)?to dai bieu\s+(?:hdnd|hoi dong nhan dan)\b")


def _assigned_list(obj: str, reg: AgencyRegistry) -> str | None:
    """The agencies among the addressees a 'Giao …' / 'Đề nghị …' request lists before its verb ('Thường trực HĐND
    huyện, các Ban HĐND huyện và các đại biểu HĐND huyện' -> 'Thường trực HĐND huyện, các Ban HĐND huyện'; 'Ủy ban
    MTTQ Việt Nam huyện và các tổ chức chính trị - xã hội huyện' -> both): members that are no agency ('các đại biểu
    …', 'Nhân dân') are left out. None when the list is no list of one sentence's addressees (a full stop inside it)
    or its first member is no agency."""
    obj = obj.strip(" ,;:")
    if not obj or re.search(r"[.:]", obj):
        return None
    pieces: list[str] = []
    for piece in re.split(r"\s*[,;]\s*", obj):
        # a name that holds a comma stays one ('Sở Văn hóa, Thể thao và Du lịch', 'Vụ Kế hoạch, Tài chính')
        if pieces and len(reg.split_mentions(f"{pieces[-1]}, {piece}")) == 1:
            pieces[-1] = f"{pieces[-1]}, {piece}"
        else:
            pieces.append(piece)
    members: list[str] = []
    for k, piece in enumerate(pieces):
        whole = reg.best_seed(piece)[1] >= MERGE_THRESHOLD or not re.search(r"\s(?:và|va)\s", piece)
        for h in [piece] if whole else re.split(r"\s+(?:và|va)\s+", piece):
            h = h.strip()
            if _is_agency(h, reg) or members and _COUNCIL_GROUP.match(fold(h)):
                members.append(h)
            elif k == 0 and not members:
                return None
    if len(members) < 2:
        return None
    # with a group of deputies among them, the members apart by ';' (lead_cell keeps each whole: the registry's split
    # would cut the group's council off its name)
    return ("; " if any(_COUNCIL_GROUP.match(fold(m)) for m in members) else ", ").join(members)


def _before_bracket(mention: str | None, reg: AgencyRegistry) -> str | None:
    """A lead named with words in brackets after it is the agency before the brackets: '(chủ trì)' marks it as the
    lead of several ('Sở X (chủ trì), Sở Y rà soát …'), a unit or a channel only says who does the work inside it
    or through whom ('Sở Tài chính (Phòng Quản lý giá)', 'UBND các xã (qua Phòng Văn hóa - Xã hội)'): no second
    lead."""
    if not mention or "(" not in mention:
        return mention
    before = mention[: mention.index("(")].rstrip(" ,;:-–")
    return before if _is_agency(before, reg) else mention


def _level_follows(t: str, ft: str, end: int, verbs: str) -> bool:
    """Whether a verb word that ends at ``end`` is followed by a place's level word and then, after the place's name
    (words with a capital) if any, by a request verb: the verb word and the level are the tail of a name ('… đầu tư
    xây dựng tỉnh hoàn thành …', 'Trung tâm Phát triển quỹ đất huyện Mường Chà chủ trì …'), never a verb with a
    place for its object (``t`` as written, ``ft`` folded: the same length)."""
    m = _level_then_verb(verbs).match(ft, end)
    if m is None and len(t) <= 80 and not t.rstrip().endswith((".", ";")):
        # an agency heading on a line of its own ('1. Ban Quản lý dự án đầu tư xây dựng tỉnh' over its '1.1.', '1.2.'
        # items): the name runs to the line's end, no verb after it
        m = _level_then_verb("$").match(ft.rstrip(" :"), end)
    written = set(load_json("header.json")["levels"].values())  # 'phường', never the 'phương' of 'địa phương'
    # (a level after 'các' is the verb's object, places in the plural: '… huyện hướng dẫn các xã xây dựng …')
    return (m is not None and all(w[:1].islower() for w in t[m.start(1) : m.end(1)].split())
            and not re.search(r"(?:^|\s)(?:cac|nhung)$", ft[m.start(1) : m.end(1)])
            and t[m.start(2) : m.end(2)].lower() in written
            and all(w[:1].isupper() for w in t[m.start(3) : m.end(3)].split()))


@cache
def _level_then_verb(verbs: str) -> re.Pattern[str]:
    levels = "|".join(sorted(load_json("header.json")["levels"], key=len, reverse=True))
    # (the verb word's own object may stand between: '… xây dựng các công trình giao thông tỉnh phối hợp …'; not a
    # place a sentence names with 'của', 'tại', 'trên địa bàn')
    # ('… xây dựng các công trình dân dụng và công nghiệp tỉnh hoàn thành …': up to eight words)
    # ('… phối hợp với các xã xây dựng …': 'với' opens the verb's partner, never a name's words)
    obj = r"((?:\s+(?!cua\b|tai\b|tren\b|o\b|voi\b)[a-z]+){0,8}?)"
    if verbs == "$":  # a heading's end
        return re.compile(rf"{obj}\s+({levels})((?:\s+\w+){{0,3}}?)$")
    return re.compile(rf"{obj}\s+({levels})((?:\s+\w+){{0,3}}?)\s+(?:{verbs})\b")


@cache
def _province_names() -> frozenset[str]:
    """Folded names of the provinces and centrally-run cities ('quang ngai', 'ba ria - vung tau')."""
    return frozenset(fold(p) for p in load_json("provinces.json")["provinces"])


def _second_syllable(t: str, start: int, end: int, reg: AgencyRegistry) -> bool:
    """Whether a one-syllable verb word at ``t[start:end]`` ('trình', 'lập', 'gửi') is the second half of a word of a
    name whose first half has a capital ('Công trình', 'Thành lập'): not when the words before it are a registry
    name ('Văn phòng Bộ trình …') or end with a province's name ('Đài Phát thanh và Truyền hình Quảng Ngãi mở …':
    a place's name ends the agency's)."""
    before = t[:start].split()
    if " " in t[start:end].strip() or not before or not before[-1][:1].isupper() or len(before) < 2:
        return False
    if any(fold(" ".join(before[-n:])) in _province_names() for n in (2, 3, 4) if len(before) > n):
        return False
    return reg.best_seed(" ".join(before))[1] < 95


def _coordinated_object(t: str, start: int, end: int, reg: AgencyRegistry, verbs: str) -> bool:
    """Whether the verb word at ``t[start:end]`` opens the tail of an office's name that joins it to a noun with 'và'
    ('Phòng Quản lý xây dựng và chất lượng công trình rà soát …'): 'và', one to four lower-case words none of which
    is a verb, then the request's verb; the words before it are an agency's head and name that is no registry name
    ('Sở Tài chính thẩm định và trình …' and '… xây dựng và ban hành …' coordinate two verbs)."""
    before = t[:start].split()
    if len(before) < 2 or not plausible_agency(" ".join(before)) or reg.best_seed(" ".join(before))[1] >= 95:
        return False
    m = re.match(rf"\s+va((?:\s+[a-zđ]+){{1,4}}?)\s+(?:{verbs})\b", fold(t[end:]))
    if m is None:
        return False
    if re.search(rf"(?:^|\s)(?:{verbs})(?=\s|$)", m.group(1)):
        return False
    tail = t[end : end + m.end(1)]
    return all(w[:1].islower() for w in tail.split()) and plausible_agency(t[: end + m.end(1)])


def _component_goes_on(t: str, start: int, end: int, reg: AgencyRegistry, verbs: str) -> bool:
    """Whether the verb word at ``t[start:end]`` belongs to an agency's name: it follows the capitalised last part of a
    name joined by 'và' ('Cục Nhà giáo và Cán bộ quản lý …'), one to three lower-case words follow it, then the
    request's own verb ('… quản lý giáo dục tổ chức …'), and the whole is no registry name cut short ('Sở Văn hóa và
    Thể thao tổ chức …' ends at its registry name). Likewise after a dash, a part of three to five words that opens
    with a capital, whose verb word the request's verb follows at once ('Cục Kinh tế - Quản lý đầu tư xây dựng hướng
    dẫn …'); a part of two words is a whole one ('Vụ Kế hoạch - Tài chính chủ trì bố trí …', '… - Tiểu học tổ chức
    triển khai …')."""
    before = t[:start].split()
    if reg.best_seed(" ".join(before))[1] >= 95:
        return False
    if before and before[-1].lower() in _LEVEL_WORDS:
        return False  # 'Trung tâm Văn hóa - Thể thao và Truyền thanh xã mở chuyên mục …': the name ends on its level
    dashed = [i for i, w in enumerate(before) if w in ("-", "–")]
    if dashed and 3 <= len(before) - dashed[-1] - 1 <= 5 and before[dashed[-1] + 1][:1].isupper() \
            and re.match(rf"\s+(?:{verbs})\b", fold(t[end:])) and plausible_agency(t[:end]):
        return True  # 'Cục Kinh tế - Quản lý đầu tư xây dựng hướng dẫn …': the part after the dash, its verb right after
    joined = [i for i, w in enumerate(before) if fold(w) == "va"]
    if not joined or not 1 <= len(before) - joined[-1] - 1 <= 3 or not before[joined[-1] + 1][:1].isupper():
        return False
    if re.match(rf"(?:{_cfg()['component_verbs']})\b", fold(" ".join(before[joined[-1] + 1 :]))):
        return False  # '… và Chuyển đổi số nâng cấp …': a part that is a verb phrase of its own is whole
    m = re.match(rf"((?:\s+[a-zđ]+){{1,3}}?)\s+(?:{verbs})\b", fold(t[end:]))
    if m is None or any(fold(w) in _name_goes_on() for w in m.group(1).split()):
        return False
    between = t[end : end + m.end(1)]
    return all(w[:1].islower() for w in between.split()) and plausible_agency(t[: end + m.end(1)])


_LEVEL_WORDS = frozenset({"xã", "phường", "huyện", "tỉnh", "quận", "trấn", "phố", "khu"})  # a level's last word


@cache
def _list_goes_on() -> re.Pattern[str]:
    """After a known name (and its place's level, patterns/header.json 'levels'), a list of addressees goes on."""
    levels = "|".join(sorted(load_json("header.json")["levels"], key=len, reverse=True))
    return re.compile(rf"\s*(?:(?:{levels})\b\s*)?(?:va\b|,|;)")


@cache
def _name_goes_on() -> frozenset[str]:
    """Words that may follow a registry name inside a longer name: the first word of a place's level
    (patterns/header.json 'levels'), a list or a belonging."""
    levels = {level.split()[0] for level in load_json("header.json")["levels"]}
    return frozenset(levels | {"cac", "cua", "thuoc", "truc", "va", "cung", "cap", "tw", "trung"})


@cache
def _name_goes_on_written() -> frozenset[str]:
    """_name_goes_on as the words are written ('trung' of 'trung ương', not 'trưng' of 'trưng bày')."""
    levels = {level.split()[0] for level in load_json("header.json")["levels"].values()}
    return frozenset(levels | {"các", "của", "thuộc", "trực", "và", "cùng", "cấp", "trung"})


def _ends_name(known: str, mention: str) -> bool:
    """Whether a registry name at the head of a longer mention is the whole agency: the words after it are in lower
    case (a verb the rules do not know: 'Sở Tài chính cân đối') and none of them carries the name on (a place's
    level, 'các', 'của', 'và', a word with a capital)."""
    if fold(mention[: len(known)]) != fold(known):
        return False
    rest = mention[len(known) :].split()
    if not rest or not all(w[:1].islower() for w in rest):
        return False
    first = fold(rest[0]).strip(" ,;:")
    if first == "cap" and len(rest) > 1 and fold(rest[1]).strip(" ,;:") not in _levels_after_cap():
        return True  # 'Sở Tài chính cấp kinh phí …': 'cấp' gives, it is no level ('cấp tỉnh', 'cấp cơ sở')
    return first not in _name_goes_on()


@cache
def _levels_after_cap() -> frozenset[str]:
    """The first words of the levels 'cấp' names ('cấp tỉnh', 'cấp xã', 'cấp trung ương', 'cấp cơ sở', 'cấp bộ')."""
    return frozenset({level.split()[0] for level in load_json("header.json")["levels"]} | {"trung", "co", "bo"})


def _lead_before(mention: str, reg: AgencyRegistry) -> str | None:
    """The agency that the words before a request's verb name, if any."""
    if not mention:
        return None
    assigner = rx(_cfg()["assigner"]).search(fold(mention))
    assigned = strip_role(mention[assigner.end() :]) if assigner else ""
    if assigner and _is_agency(assigned, reg):
        return assigned  # 'Chủ tịch UBND tỉnh giao Sở Nội vụ chủ trì …' ('… yêu cầu Giám đốc Sở Y tế …'): the one assigned
    if any(m.start(1) > 0 for m in rx(_cfg()["addressee_role"]).finditer(fold(mention))):
        # heads of several bodies as the subject ('Giám đốc các sở, Thủ trưởng các ban, ngành và Chủ tịch Ủy ban nhân
        # dân các xã, phường …'): the bodies, each without its head's title
        listed = addressees(mention)
        if _is_agency(listed, reg):
            return listed
    head = collective_head(mention)
    if head != mention and _is_agency(head, reg):
        return head  # 'Ủy ban nhân dân các phường Bình Đông, Chánh Hưng chỉ đạo …': the collective, its places aside
    if _is_agency(mention, reg):
        return mention
    mention = addressees(mention)  # 'Giám đốc các sở, Thủ trưởng các ban, ngành tỉnh; Chủ tịch …:'
    return mention if _is_agency(mention, reg) else None


def _known_prefix(text: str, reg: AgencyRegistry) -> str | None:
    """The longest run of first words (up to 12) that is a registry agency's name, near-exactly."""
    words = text.split()
    for n in range(min(12, len(words)), 1, -1):
        cand = " ".join(words[:n]).strip(" ,;:")
        seed, score = reg.best_seed(cand)
        # the whole run, not a variant with its trailing words cut off, must be the name
        if seed is not None and score >= 95 and max(fuzz.ratio(expand(cand), k) for k in seed.keys) >= 98:
            return _local_prefix(text, reg, len(cand)) or cand
    return _local_prefix(text, reg, 0)


def _local_prefix(text: str, reg: AgencyRegistry, longer_than: int) -> str | None:
    """The name of an agency the document itself addresses ('Kính gửi: … - Trung tâm Quy hoạch và Kiểm định xây
    dựng.') at the head of the text, when it is longer than ``longer_than`` characters: the document says where
    that name ends, verbs inside it or not."""
    ft = fold(text)
    best = None
    for name in reg.local_names:
        fn = fold(name)
        if len(name) > longer_than and ft.startswith(fn) and (len(ft) == len(fn) or not ft[len(fn)].isalnum()):
            best, longer_than = text[: len(name)], len(name)
    return best


def trailing_lead(text: str, reg: AgencyRegistry) -> str | None:
    """The agency a request names after its content, in a clause of its own: '…; Vụ Pháp chế chủ trì, hoàn thành …',
    '…: Văn phòng Bộ thực hiện thường xuyên' (patterns/letters.json 'trailing_lead')."""
    ft = fold(text)
    for m in rx(_cfg()["trailing_lead"]).finditer(ft):
        mention = strip_role(clean_space(text[m.start(1) : m.end(1)]))
        if _is_agency(mention, reg):
            return mention
    return None


def intro_addressee(intro: str, reg: AgencyRegistry) -> str | None | bool:
    """Addressee of 'X đề nghị/yêu cầu Y thực hiện …:' -> Y; True when Y is generic ('các đơn vị'); None if none."""
    m = rx(_cfg()["intro_request"]).search(fold(intro))
    if not m:
        return None
    mention = clean_space(intro[m.start(1) : m.end(1)])
    if rx(_cfg()["generic_addressee"]).match(fold(mention)):
        return True
    mention = addressees(mention)
    return mention if _is_agency(mention, reg) else None


def _generic_mention(intro: str) -> str | None:
    """The generic addressee of the introduction's request as written ('các cơ quan, đơn vị'), if it is one."""
    m = rx(_cfg()["intro_request"]).search(fold(intro))
    mention = clean_space(intro[m.start(1) : m.end(1)]) if m else ""
    return mention if mention and rx(_cfg()["generic_addressee"]).match(fold(mention)) else None


def addressees(mention: str) -> str:
    """Several addressees, each under its head's title ('Giám đốc các sở, Thủ trưởng các ban, ngành tỉnh; Chủ tịch
    Ủy ban nhân dân các xã, phường'), as a list of agencies at commas ('các sở, ban, ngành tỉnh, Ủy ban nhân dân các
    xã, phường')."""
    for key in ("addressee_role", "addressee_repeat"):
        fm = fold(mention)
        spans = [m.span(1) for m in rx(_cfg()[key]).finditer(fm)]
        mention = "".join(mention[a:b] for a, b in _gaps(spans, len(mention)))
    return strip_role(clean_space(mention.replace(";", ",")).strip(" ,"))


def _gaps(spans: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """The parts of range(n) outside ``spans`` (sorted, not overlapping)."""
    out, at = [], 0
    for a, b in spans:
        out.append((at, a))
        at = b
    return [*out, (at, n)]


def letter_drafts(lines: list[Line], end: int, meta: dict[str, Any], issuer_body: str | None,
                  reg: AgencyRegistry, prov: Provenance | None = None) -> tuple[list[TaskDraft], list[TargetRow]]:
    """Task drafts and (not yet numbered) target rows of a document without a plan's roman-numbered sections."""
    items, intro = parse_items(lines, end)
    recipients = [strip_role(r) for r in meta.get("recipients") or []]
    addressee = intro_addressee(intro, reg)
    default: list[tuple[str, str]] = []
    if isinstance(addressee, str):
        default = [lead_cell(addressee, reg)]
    elif recipients and addressee is not None or recipients and meta.get("doc_type") == "CÔNG VĂN":
        default = [(r, WHOLE) for r in recipients]
    elif issuer_body and meta.get("doc_type") in _cfg()["own_undertakings"]:
        default = [(issuer_body, WHOLE)]
    elif addressee is True and (generic := _generic_mention(intro)):
        default = [(generic, WHOLE)]  # '… đề nghị các cơ quan, đơn vị thực hiện:' and no 'Kính gửi' list: that addressee
    drafts: list[TaskDraft] = []
    target_texts: list[Item] = []
    no_task, execution = rx(_cfg()["item_no_task"]), rx(_cfg()["execution_clause"])
    listed: set[int] = set()  # items of a list of targets: their counts and money are targets (targets.in_target_list)
    worked: set[int] = set()  # first lines of items whose works were read apart (work_clauses): each figure once
    assessment, back_reference = rx(_cfg()["item_assessment"]), rx(_cfg()["back_reference"])
    closing = rx(_cfg()["notice_closing"])
    issue_year = meta["issue_date"].year if meta.get("issue_date") else None
    tabbed = {ln.idx for ln in lines[:end] if "\t" in ln.text}
    # an item that announces whom its work is for ('3. Ủy ban nhân dân các xã, phường … cấp áo phao cho các đối tượng
    # sau:' over '- Học sinh dưới 15 tuổi …', '- Người dân trên 70 tuổi …'): the item is the task, its list its detail
    who = {id(c) for it in items if _lists_whom(it, reg) for c in it.children}
    for it in items:
        if id(it) in who:
            continue
        if it.kind == "para" and any(k in tabbed for k in range(it.line_idx, max(it.line_idx, it.line_end) + 1)):
            continue  # a table's lines run into a paragraph ('Đơn vị tính: căn' over its rows): the table readers'
        if any(assessment.match(fold(x.text)) for x in (it, *_ancestors(it))) or (
                not it.children and _past_results(it.text, issue_year, meta.get("issue_date"))
                and (not item_lead(it.text, reg) or _done_item(it.text))):
            # 'Đánh giá chung: Trong 4 tháng đầu năm …': results, no task; only its sentences that set the coming
            # period's targets are targets ('Năm 2025, … đã đạt 85% … . Năm 2026, phấn đấu … đạt 92%')
            # ('1. Năm 2025, … đã hoàn thành 9 tuyến …; phấn đấu năm 2026 hoàn thành 14 tuyến …': the strive clause after
            # the results, targets.strive_after_results)
            if (ahead := target_sentences(it.text, issue_year) or strive_after_results(it.text, issue_year)
                    or _period_goals(it.text)) is not None:
                target_texts.append(Item("para", "", ahead, it.line_idx, it.page_no, line_end=it.line_end))
                # ('…; Trong năm 2026, các địa phương tập trung cải tạo 12 tuyến đường …, nạo vét 85 km kênh …': the
                # coming year's works, counted, are its targets as a decision's are)
                _read_works(ahead, it, target_texts, listed, worked)
            continue
        if it.kind == "article" and (inline := inline_target_list(it.text)) is not None:
            # 'Điều 1. Giao chỉ tiêu … năm 2026 … như sau: 1. Giảm tỷ lệ hộ nghèo xuống còn 2,5%; 2. Hỗ trợ 350 hộ …': the
            # list run on into the article's paragraph, its items a target list's lines; the article assigns nothing
            target_texts.append(Item("para", "", inline, it.line_idx, it.page_no, line_end=it.line_end))
            listed.add(id(target_texts[-1]))
            continue
        if (not (it.kind == "article" and it.children) and in_target_list(it.text, _list_context(it))
                and not (item_lead(it.text, reg) or trailing_lead(it.text, reg))):
            # 'Điều 1. Giao chỉ tiêu … như sau: 1. Tổng thu ngân sách …: 18,5 tỷ đồng.' (an item naming its agency
            # under such a heading stays a request)
            target_texts.append(it)
            listed.add(id(it))
            continue
        if it.kind == "article" and rx(_cfg()["article_no_task"]).search(fold(it.text)):
            target_texts.append(it)  # 'Thông qua mục tiêu …: … đạt tối thiểu 90%' states targets, assigns nothing
            continue
        if (it.parent is not None and it.parent.kind == "article" and not it.children
                and _GOAL_ARTICLE.match(fold(it.parent.text)) and not item_lead(it.text, reg)):
            # 'Điều 1. Mục tiêu đến năm 2030' over '1. Về y tế: đạt 35 giường bệnh/vạn dân …', '3. Hoàn thành đầu tư
            # xây dựng 6.000 căn hộ …': its items state the goals, as a 'chỉ tiêu' list's lines, and assign nothing
            target_texts.append(it)
            listed.add(id(it))
            continue
        if (it.parent is not None and it.parent.kind == "article"
                and rx(_cfg()["article_no_task"]).search(fold(it.parent.text))):
            target_texts.append(it)  # 'Điều 1. Thông qua mục tiêu … như sau: a) Ít nhất 80% …': its items too
            # ('2. Giai đoạn 2026 - 2030, xây mới 460 phòng học …': the works a goal sets, counted, are targets)
            _read_works(it.text, it, target_texts, listed, worked)
            continue
        own = item_lead(it.text, reg) or trailing_lead(it.text, reg)
        if back_reference.match(fold(it.text)) or closing.search(fold(it.text)) or closing_to_all(it.kind, it.text):
            # 'Các Sở, ngành … nêu trên khẩn trương triển khai …', '… thông báo để các cơ quan, đơn vị biết, thực
            # hiện': a closing remark, no task of its own
            continue
        if not it.children and standing_body(it.text, deadline_outside(it.text, [own] if own else [])) \
                and len(_SENTENCE_BREAK.split(it.text.strip())) == 1:
            # 'Điều 4. Sở Công Thương là cơ quan thường trực của Ban Chỉ đạo 389 tỉnh, theo dõi, tổng hợp …': a role,
            # no task (extract_document drops it too) and no target ('389' names the committee); a request in a
            # sentence after it ('… . Đề nghị Hiệp hội Doanh nghiệp tỉnh vận động …') is read on (split_agency_sentences)
            continue
        if it.kind == "article" and own and rx(_cfg()["generic_addressee"]).match(fold(own)):
            # 'Điều 1. Phân công các cơ quan, đơn vị thực hiện … (Phụ lục kèm theo)': who does what is said below
            own = None
        if not own and STATEMENT.match(fold(it.text)):
            target_texts.append(it)  # 'Năm 2026, phấn đấu tỷ lệ … đạt 60%': states a target, assigns nothing
            continue
        if not own and not default and _goal_item(it, items, reg):
            # a notice's conclusion item that names no agency and sets the year's goals ('2. Năm nay, các địa phương
            # phải hoàn thành cứng hóa không dưới 40 km …', '3. Bảo đảm 100% công trình … được kiểm tra …') among items
            # that name theirs: its figures are targets, no task of anyone
            target_texts.append(it)
            continue
        if not own and it.kind != "article" and not it.children and _figure_item(it.text):
            # 'Số người tham gia bảo hiểm xã hội bắt buộc đạt 152.000 người.': an indicator and its figure, a target
            target_texts.append(it)
            listed.add(id(it))
            continue
        # the nearest item above that names an agency ('1. Yêu cầu Giám đốc các sở, ban, ngành:' over 'a) …')
        parent_lead = next((x for x in (item_lead(p.text, reg) for p in _ancestors(it)) if x), None)
        if it.children and not _lists_whom(it, reg):
            continue  # a group heading ('2. Về tiếp nhận hồ sơ …:', '1. Giám đốc các sở, ban, ngành tỉnh:')
        if no_task.match(fold(it.text)) or execution.search(fold(it.text)):
            target_texts.append(it)
            continue  # assigns nothing: 'Ghi nhận kết quả …', '… chịu trách nhiệm thi hành Quyết định này'
        lead = [lead_cell(own, reg)] if own else [lead_cell(parent_lead, reg)] if parent_lead else default
        if it.kind == "article" or any(a.kind == "article" for a in _ancestors(it)):
            # 'Điều 2. Các công trình chủ yếu: nạo vét 64 km kênh, sửa chữa 12 cống …', 'Giao … nạo vét 85 km kênh, xây
            # dựng 3 trạm bơm': the works a decision sets, counted, are its targets (the article may still assign them);
            # an item of a 'Tổ chức thực hiện' article that names its agency ('Giao Ủy ban nhân dân xã tổ chức thực hiện
            # Nghị quyết, xây dựng 3 nhà văn hóa thôn …') sets them only for a year it names, as a directive's task item
            _read_works(it.text, it, target_texts, listed, worked,
                        issue_year if own and any(a.kind == "article" and _EXECUTION_ARTICLE.match(fold(a.text))
                                                  for a in _ancestors(it)) else None)
        elif own and issue_year is not None:
            # '2. Sở Giáo dục … tổ chức dạy bơi …; xây dựng 12 bể bơi di động … trong năm 2026.': a directive's task item
            # that sets a work, counted, for a year it names (the document's or a later one): its target, as a decision's
            # (works with no year of their own, 'Sở … chỉ đạo nạo vét 120 km kênh … trước mùa khô', are the task's object,
            # no target, a deadline after them or not: the held-out gold's convention)
            _read_works(it.text, it, target_texts, listed, worked, issue_year)
        if it.kind == "article" and not own:
            if (ahead := target_sentences(it.text, issue_year)) is not None:
                # 'Điều 1. Năm 2025, tỷ lệ … đạt 62%. Phấn đấu đến năm 2030 đạt 65%.': the sentences that set targets
                target_texts.append(Item("para", "", ahead, it.line_idx, it.page_no, line_end=it.line_end))
            continue  # an article that assigns nothing ('Điều 1. Ban hành kèm theo …', 'có hiệu lực …')
        target_texts.append(it)
        d = TaskDraft("body", it.text, it.page_no, it.line_idx, None, task_no=_task_no(it),
                      group=it.parent.text[:120] if it.parent is not None else None, confidence=0.75,
                      line_end=it.line_end)
        # a submission's assignments of the plan it submits, under a heading that says they are proposed ('2. Dự kiến
        # phân công:', 'Phân công thực hiện (dự kiến):'): its summary (extract_document keeps them only when the
        # submission undertakes nothing of its own)
        d.summary = meta.get("doc_type") == "TỜ TRÌNH" and any(_PROPOSED.search(fold(a.text)) for a in _ancestors(it))
        d.deadline_text = deadline_outside(it.text, [m for m, _ in lead]) or _announced_deadline(it, lead)
        d.lead = list(lead)
        drafts.append(d)
    # a paragraph outside the numbered requests that sets a figure ('Phấn đấu đến hết năm 2025, tỷ lệ … đạt 85%')
    in_items = {i for it in items for i in range(it.line_idx, max(it.line_idx, it.line_end) + 1)}
    body = lines[:end]
    read: set[int] = set()  # lines a target paragraph already took
    for k, ln in enumerate(body):
        if ln.idx in in_items or ln.idx in read or "\t" in ln.text or not ln.text.strip():
            continue
        bare = year_figure_line(ln.text, issue_year)  # 'Số hộ … được hỗ trợ năm 2026: 420 hộ.' on a line of its own
        if not (STATEMENT.match(ln.folded.strip()) or future_statement(ln.text, issue_year) or bare):
            # (targets.future_statement: 'Trong năm 2026, … Tỷ lệ … đạt tối thiểu 60%' in a letter of 2025); else a
            # paragraph whose later sentences set targets ('Năm 2025, … . Năm 2026, toàn tỉnh phấn đấu giảm …%. Để bảo
            # đảm 100% … được …, Chủ tịch … chỉ thị:'): those sentences, up to the paragraph's blank line
            last = k
            while last + 1 < len(body) and body[last + 1].text.strip() and body[last + 1].idx not in in_items:
                last += 1
            read.update(x.idx for x in body[k : last + 1])
            joined = clean_space(" ".join(x.text for x in body[k : last + 1]))
            # ('Tháng 8 đã lắp đặt … 3.400 hộ; phấn đấu trong tháng 12 lắp đặt thêm 1.600 hộ.': a past period's results,
            # then the goal its 'phấn đấu' clause sets)
            ahead = target_sentences(joined, issue_year) or (
                _period_goals(joined) if past_period_opening(joined, meta.get("issue_date"))
                or past_date_opening(joined, meta.get("issue_date")) else None)
            if ahead is not None:
                target_texts.append(Item("para", "", ahead, ln.idx, ln.page_no, line_end=body[last].idx))
            continue
        # the paragraph runs on over the lines a page wrapped it onto (a scan's lines); a heading ('2. Chỉ tiêu',
        # 'Mục tiêu cụ thể:') over the bulleted lines under it, up to a blank line or the next numbered heading
        heading = len(ln.text.strip()) <= 60 and not parse_target_text(ln.text) or ln.text.rstrip().endswith(":")
        last = k
        while (last + 1 < len(body) and body[last + 1].text.strip() and body[last + 1].idx not in in_items
               and (heading and not _NUMBERED.match(body[last + 1].text)
                    or not body[last].text.rstrip().endswith((".", ":", ";"))
                    and not STATEMENT.match(body[last + 1].folded.strip()))):
            last += 1
        text = clean_space(" ".join(x.text for x in body[k : last + 1]))
        read.update(x.idx for x in body[k : last + 1])
        # (a paragraph that strives, 'Năm 2026 phấn đấu thụ lý 450 vụ việc.', states its bare count as a target, as
        # sentence_targets reads it)
        if parse_target_text(text, statement=bare or bool(STATEMENT.match(ln.folded.strip()))):
            target_texts.append(Item("para", "", text, ln.idx, ln.page_no, line_end=body[last].idx))
            if bare:
                listed.add(id(target_texts[-1]))  # its bare count is the figure, as a 'chỉ tiêu' line's
    targets = []
    seen: set[tuple[int, float | None, str | None]] = set()
    for it in target_texts:
        # the year of the heading or article that announces the item ('2. Chỉ tiêu năm 2027:', 'Điều 1. … với mục tiêu
        # đến năm 2030 như sau:'), a later one than the issue's: the item's when its sentence names none
        above = next((y for a in _ancestors(it) if (y := heading_year(a.text)) and (issue_year is None or y >= issue_year)),
                     None)
        for row in sentence_targets(it.text, it.page_no, meta, statement=id(it) in listed, year=above):
            if it.line_idx in worked:
                if (it.line_idx, row.value, row.unit) in seen:
                    continue  # a work's count read again with the item it stands in
                seen.add((it.line_idx, row.value, row.unit))
            place(row, prov.lines(it.line_idx, it.line_end) if prov is not None else None)
            targets.append(row)
    log.debug("letter: %d items, %d tasks, %d targets", len(items), len(drafts), len(targets))
    return drafts, targets




# a heading over a plan's assignments that a submission only proposes (folded)
_PROPOSED = re.compile(r"\b(?:du kien|du thao)\b")
# a line that names people or households, not a body ('Học sinh dưới 15 tuổi …', 'Trẻ em từ 1 đến 2 tuổi …', 'Người
# dân trên 70 tuổi …', 'Hộ nghèo, hộ cận nghèo'; folded)
_WHOM = re.compile(r"^(?:tre em|tre|hoc sinh|sinh vien|nguoi|ho(?! tro)|phu nu|nguoi dan|doi tuong|gia dinh|benh nhan)\b")


def _lists_whom(it: Item, reg: AgencyRegistry) -> bool:
    """Whether an item's children are all bullets that name whom its work is for, none a request of its own."""
    return bool(it.children) and it.text.rstrip().endswith(":") and all(
        c.kind == "bullet" and not c.children and _WHOM.match(fold(c.text)) and not item_lead(c.text, reg)
        for c in it.children)


def _read_works(text: str, it: Item, target_texts: list[Item], listed: set[int], worked: set[int],
                dated: int | None = None) -> None:
    """Add the clauses of ``text`` that set works by their count (targets.work_clauses: 'nạo vét 85 km kênh', 'xây
    mới 460 phòng học') to the target texts as a target list's line (its counts read), once per item (``worked``);
    with ``dated`` (the issue year), only those that name a year from it on ('… 12 bể bơi … trong năm 2026')."""
    works = work_clauses(text)
    if works is not None and dated is not None:
        works = "; ".join(c for c in works.split("; ") if (ys := stated_years(fold(c))) and min(ys) >= dated) or None
    if works is not None:
        target_texts.append(Item("para", "", works, it.line_idx, it.page_no, line_end=it.line_end))
        listed.add(id(target_texts[-1]))
        worked.add(it.line_idx)


_STOP = re.compile(r"(?<=[^\W\d_]{3}\.)\s+(?=[A-ZĐÀ-Ỹ])|(?<=\d\.)\s+(?=[A-ZĐÀ-Ỹ])")


# the article that says who carries the document out ('Điều 3. Tổ chức thực hiện'), folded
_EXECUTION_ARTICLE = re.compile(r"^\W*(?:dieu\s+\d+\s*[.:]?\s*)?to chuc thuc hien\b")
_PAST_YEAR = re.compile(r"^(?:trong\s+)?nam\s+(\d{4})\s*,")
_DONE = re.compile(r"(?<!\w)đã(?!\w)")


def _past_results(text: str, issue_year: int | None, issue: Any = None) -> bool:
    """An item that opens with a year before the document's ('1. Năm 2025, trên địa bàn tỉnh xảy ra 04 vụ cháy rừng,
    …; tỷ lệ che phủ rừng đạt 52,6%.' in a thông báo of 2026), or with a month or quarter over at its ``issue`` date
    ('1. Trong tháng 3, toàn tỉnh thu gom được 1.240 tấn …' in April; targets.past_period_opening), states results: no
    task, its figures no targets."""
    m = _PAST_YEAR.match(fold(text))
    return bool(m and issue_year and int(m.group(1)) < issue_year) or bool(_SINCE.match(fold(text))
                                                                            and _DONE.search(text)) \
        or bool(_PERIOD_OPENING.match(fold(text)) and _RESULT_WORD.search(re.split(r"phấn đấu", text)[0])) \
        or past_period_opening(text, issue) or past_date_opening(text, issue) or _done_item(text)


# words of a goal or a request ('phấn đấu', 'bảo đảm', 'cần', 'tiếp tục', 'đề nghị'), folded: an item with one of them
# asks or aims for something, whatever it reports first
_AIM_OR_ASK = re.compile(r"\b(?:phan dau|muc tieu|chi tieu|bao dam|dam bao|can|phai|tiep tuc|de nghi|yeu cau|giao|"
                         r"khan truong|tap trung|day manh|day nhanh|chu dong|kip thoi|nghiem tuc)\b")


def _done_item(text: str) -> bool:
    """An item whose first clause tells what was done ('đã') and that states figures with no word of a goal or a
    request ('1. Vụ Đông Xuân, toàn xã đã gieo trồng 186 ha, đạt 62% kế hoạch; sản lượng ước đạt 9.400 tấn.'): results
    of a notice's résumé, no task, its figures no targets."""
    first = re.split(r"[;:]\s|(?<=[^\W\d_])\.\s", text, maxsplit=1)[0]
    return bool(_DONE.search(first)) and not _AIM_OR_ASK.search(fold(text)) \
        and bool(parse_target_text(text, statement=True))


# an item that opens with the month or quarter it reports on and says what was reached before any goal ('1. Trong
# tháng 9, phường thu ngân sách đạt 78% dự toán năm …; tháng 10 phấn đấu …', 'Tháng 10, xã đã giải ngân 62% …'): a
# thông báo's results of the period, no task (its goals' figures are still read as targets)
# ('Tháng 10 đã tiêm …': the period then what was done, no comma between)
_PERIOD_OPENING = re.compile(r"^(?:trong\s+)?(?:thang\s+\d{1,2}|quy\s+(?:iv|iii|ii|i)|\d{1,2}\s+thang\s+dau\s+nam)"
                             r"(?:\s*(?:/|nam)\s*\d{4})?(?:\s*,|\s+(?=da\b))")
_RESULT_WORD = re.compile(r"(?<!\w)(?:đã|đạt)(?!\w)")


def _period_goals(text: str) -> str | None:
    """The clause of a past period's results item (_past_results: 'Tháng 9, …', 'Tháng 10 đã …', 'Đến hết tháng 8, …')
    that sets the next period's goals, from its 'phấn đấu' ('…; tháng 10 phấn đấu thu ngân sách đạt 85% dự toán, …'
    -> that clause on; '… đạt 68% kế hoạch, phấn đấu trong tháng 12 …' -> from 'phấn đấu'): its figures are targets,
    the results before it none."""
    # (not a past effort's 'đã nỗ lực phấn đấu', 'đã phấn đấu')
    if (m := re.search(r"(?i)(?<!đã )(?<!lực )phấn đấu", text)) is None:
        return None
    at = m.start()
    start = max(text.rfind(";", 0, at), text.rfind(".", 0, at), text.rfind(",", 0, at)) + 1
    return text[start:].strip() or None


def _announced_deadline(it: Item, lead: list[tuple[str, str]]) -> str | None:
    """The deadline an item's heading or article sets once for all the items it announces ('Điều 1. Sở … hoàn
    thành các nhiệm vụ sau trước ngày 31/3/2027:' over '1. Khảo sát …', '2. Xây dựng …'), for an item that sets
    none of its own; None when no announcing line above it (one that ends with its colon) sets one."""
    for up in _ancestors(it):
        if up.text.rstrip().endswith(":"):
            return announced_deadline(up.text, [m for m, _ in lead])
    return None


# an item that reports what was done since a past time ('Từ ngày 01/7/2026 đến nay, phường đã vận động …', 'Thời gian
# qua, các sở … đã tập trung …'): results, no task
_SINCE = re.compile(r"^(?:tu\s[^,.;:]{2,40}?\sden nay|thoi gian qua|thoi gian vua qua|trong thoi gian qua)\s*,")


_CONDITION = re.compile(r"^(?:truong hop|neu|khi|sau khi|trong truong hop)\b")


def split_agency_sentences(drafts: list[TaskDraft], reg: AgencyRegistry) -> list[TaskDraft]:
    """A paragraph or item of two agency-first sentences ('Sở A chủ trì …, hoàn thành trước … . Sở B phối hợp …'):
    each sentence that opens with an agency and its verb is that agency's task, split off the one before it, with
    its own deadline. A later sentence that names no agency first ('Trường hợp vượt thẩm quyền, báo cáo …'), a
    closing remark, or one that names the same lead stays in the task it follows (the same lead with a deadline of its
    own after a sentence with none is a task of its own). Table rows are left alone."""
    out: list[TaskDraft] = []
    closing = rx(_cfg()["notice_closing"])
    for d in drafts:
        if d.source not in ("body", "responsibility") or not d.lead:
            out.append(d)
            continue
        parts = [x for x in _STOP.split(d.text) if x]
        pieces: list[tuple[str, str | None]] = [(parts[0], None)]
        for sent in parts[1:]:
            named = item_lead(sent, reg) if len(sent) >= 25 else None
            # a condition ('Trường hợp vượt thẩm quyền, báo cáo …': 'trường' is no school there) names no agency
            named = named if named and _is_agency(named, reg) and not _CONDITION.match(fold(named)) else None
            fs = fold(sent)
            # the same agency again is the same task, unless the sentence sets a deadline of its own where the one
            # before it set none ('Trạm Y tế … tổ chức khám … . Trạm Y tế … báo cáo … trong vòng 24 giờ …')
            again = named is not None and fold(named) in {fold(m) for m, _ in d.lead} and not (
                deadline_outside(sent, [named]) and not deadline_outside(pieces[-1][0], [m for m, _ in d.lead]))
            if (not named or closing.search(fs) or _CLOSING.match(fs) or closing_to_all("plain", sent)
                    or again or fold(named).startswith(("giao", "de nghi"))):
                pieces[-1] = (pieces[-1][0] + " " + sent, pieces[-1][1])
            else:
                pieces.append((sent, named))
        if len(pieces) == 1:
            out.append(d)
            continue
        first = pieces[0][0].strip()
        keep = d.deadline_text
        if keep and fold(keep) not in fold(first):
            keep = deadline_outside(first, [m for m, _ in d.lead])
        out.append(replace(d, text=first, deadline_text=keep))
        for sent, named in pieces[1:]:
            assert named is not None
            lead = [lead_cell(named, reg)]
            out.append(replace(d, text=sent.strip(), lead=lead, support=[], task_no=None,
                               deadline_text=deadline_outside(sent, [m for m, _ in lead])))
    return out


# an article headed by the goals alone ('Điều 1. Mục tiêu đến năm 2030', 'Điều 2. Các chỉ tiêu chủ yếu năm 2026'), no
# tasks ('Mục tiêu, nhiệm vụ và giải pháp' is not one)
_GOAL_ARTICLE = re.compile(r"^(?:dieu\s+\d+\s*[.:]\s*)?(?:cac\s+)?(?:muc tieu|chi tieu)(?:\s+(?:cu the|chu yeu))?"
                           r"(?:\s+(?:(?:den|den het|trong)\s+)?(?:nam\s+)?(?:19|20)\d\d"
                           r"|\s+giai doan\s+(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d)?\s*[.:]?\s*$")


# a goal's opening: the year of issue ('Năm nay, …', 'Trong năm nay, …') or a share to ensure ('Bảo đảm 100% …'), folded
_GOAL_OPENING = re.compile(r"^(?:(?:trong\s+)?nam\s+nay\s*,|(?:bao dam|dam bao)\s+(?:(?:tren|it nhat|toi thieu)\s+)?\d+(?:[.,]\d+)?\s*%)")


def _goal_item(it: Item, items: list[Item], reg: AgencyRegistry) -> bool:
    """A numbered item with no agency of its own, none above it, that opens on the year's goal ('Năm nay, …',
    'Trong năm nay, …', 'Bảo đảm 100% …') and states a figure as a target line does, among numbered or lettered items
    of which two or more name their agencies ('3. Giao Sở Xây dựng …', '4. Sở Nông nghiệp và Môi trường …'): the
    goals the conclusion sets, no task (an item alone, or among items that name no agency either, is left to the
    other rules: a nghị quyết's 'Nhiệm vụ, giải pháp' items name none). The items that name theirs may stand anywhere
    in the list ('4. Giao nhiệm vụ:' over 'a) Sở … chủ trì …', 'b) Sở Tài chính …')."""
    if it.kind != "number" or it.children or not _GOAL_OPENING.match(fold(it.text)):
        return False
    if any(item_lead(a.text, reg) for a in _ancestors(it)):
        return False
    others = [x for x in items if x is not it and x.kind in ("number", "letter") and not x.children]
    if sum(1 for x in others if item_lead(x.text, reg) or trailing_lead(x.text, reg)) < 2:
        return False
    return bool(parse_target_text(it.text, statement=True))


def _figure_item(text: str) -> bool:
    """An item that is an indicator and the figure it is to reach, nothing asked of anyone: it opens with an
    indicator's noun ('Số người …', 'Tỷ lệ …', 'Tổng thu …'; patterns/letters.json 'indicator_item'), not with a
    request verb ('Số hóa 100% hồ sơ …' is a task), and states a figure as a target line does."""
    ft = fold(text)
    if not rx(_cfg()["indicator_item"]).match(ft) or rx(f"^({_cfg()['verbs']})\\b").match(ft):
        return False
    return bool(parse_target_text(text, statement=True))


# a heading that names the tasks of a resolution or decision ('3. Nhiệm vụ, giải pháp chủ yếu'), not its targets
_TASKS_HEADING = re.compile(r"^(?:cac\s+)?(?:nhiem vu|giai phap)\b(?![^.;:]*\bchi tieu\b)")


def _list_context(it: Item) -> list[str]:
    """The headings above an item that may make it a line of a list of targets (targets.in_target_list), nearest
    first, up to the nearest that heads tasks: a lettered list under '3. Nhiệm vụ, giải pháp chủ yếu' is one of tasks
    even in an article titled 'Mục tiêu, chỉ tiêu và nhiệm vụ, giải pháp năm 2026'."""
    out = []
    for a in _ancestors(it):
        if _TASKS_HEADING.match(fold(a.text)):
            break
        out.append(a.text)
    return out


def _ancestors(it: Item) -> list[Item]:
    out = []
    while it.parent is not None:
        it = it.parent
        out.append(it)
    return out


def _task_no(it: Item) -> str | None:
    """The item's number as the document prints it, under its parents' ('2.a', '1.1'); a bullet has none of its
    own and takes its parent's."""
    nos = [x.no for x in reversed([it, *_ancestors(it)]) if x.no]
    return ".".join(nos) or None


# the label of a past period's results that opens a sentence ('1. Kết quả giai đoạn 2021 - 2025:', 'Kết quả thực hiện năm
# 2025:'), folded: its years are checked against the issue's (results_label)
_RESULTS_LABEL = re.compile(r"^\W*(?:\d{1,2}\s*[.)]\s*)?ket qua\b([^:;.]{0,60}):")
# a clause that aims or sets a goal after results ('…; phấn đấu năm 2026 …', '…; mục tiêu đến năm 2030 …'), folded
_AIMS = re.compile(r"\b(?:phan dau|muc tieu|chi tieu|ke hoach nam|den nam)\b")


# a sentence whose short subject, no figure nor comma in it, strives ('Các xã chưa đạt chuẩn phấn đấu đạt thêm 03 tiêu
# chí …', 'Mỗi trường phấn đấu …'; not 'đã phấn đấu', a result), folded
# ('Phương hướng năm 2026, phấn đấu thụ lý 450 vụ việc': a heading run on into the sentence under it, its year too)
_SUBJECT_STRIVE = re.compile(r"^\W*(?:[a-z]+\s+|(?:19|20)\d\d,?\s+){1,10}?(?<!\bda )phan dau\b")


def results_label(folded: str, issue_year: int | None) -> bool:
    """Whether a sentence (folded) opens with the label of results over a time that is over or ends at the issue
    ('Kết quả giai đoạn 2021 - 2025: …' in a resolution of December 2025, 'Kết quả năm 2025: …' in 2026): its figures,
    and those of the ';' clauses after it, were reached; not a plan's 'Kết quả đầu ra: …' (no year) nor a label of a
    later year's."""
    m = _RESULTS_LABEL.match(folded)
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", m.group(1))] if m else []
    return bool(years) and issue_year is not None and max(years) <= issue_year


# a sentence that opens with the label of its goals or targets and a colon ('2. Mục tiêu: …', 'Chỉ tiêu: …'), folded
_GOAL_LABEL = re.compile(r"^\W*(?:\d{1,2}\s*[.)]\s*)?(?:cac\s+)?(?:muc tieu|chi tieu)(?:\s+(?:cu the|chu yeu))?\s*:")


# a label that names the year of the goals after its colon ('1. Về nhà ở xã hội năm 2027: hoàn thành 3.500 căn; khởi
# công 6 dự án.'), folded
_YEAR_LABEL = re.compile(r"^\W*(?:\d{1,2}\s*[.)]\s*)?[^:;.]{0,80}?\bnam ((?:19|20)\d\d)\s*:\s*\S")


def _year_label(folded: str, issue_year: int | None) -> bool:
    """Whether a (folded) clause opens on a label that names a year from the issue's on and a colon ('Về nhà ở xã hội
    năm 2027: hoàn thành 3.500 căn;'): the goals of that year follow, their counts targets (and the ';' clauses after
    it, as a 'Mục tiêu: …;' label's)."""
    m = _YEAR_LABEL.match(folded)
    return m is not None and issue_year is not None and int(m.group(1)) >= issue_year


def _sentences(text: str) -> list[str]:
    """The sentences and ';' clauses of a paragraph; a full stop before a lower-case word ends none (OCR's stray stop
    at a line's end: 'nghỉ học khi nhiệt.' / 'độ dưới 10 độ C')."""
    out: list[str] = []
    for piece in re.split(r"(?<=[.;])\s+", text):
        if out and out[-1].endswith(".") and piece[:1].islower():
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


def sentence_targets(text: str, page_no: int, meta: dict[str, Any], confidence: float = 0.8,
                     statement: bool = False, year: int | None = None) -> list[TargetRow]:
    """Target rows of one directive sentence that states a figure: '… đạt tối thiểu 95% trong năm 2026', '… ít
    nhất 03 đợt kiểm tra'. The year is the one the sentence names, else the document's (targets.default_year),
    else its issue year."""
    out = []
    issue = meta.get("issue_date")
    # a year an earlier sentence of the paragraph named ('Trong năm 2026, … . Tỷ lệ …'), or its heading (``year``)
    carried: int | None = year
    start = plan_start(meta)
    labelled = False  # a clause after 'Mục tiêu: …;' in the same sentence: a line of the list that label opens
    results = False  # a clause after 'Kết quả giai đoạn 2021 - 2025: …;' in the same sentence: results too
    for piece_text in _sentences(text):
        if past_period_opening(piece_text, issue) or past_date_opening(piece_text, issue):
            continue  # 'Trong tháng 3, toàn tỉnh thu gom được 1.240 tấn …, đạt 86%.' in April: the month's results
        fpiece = fold(piece_text)
        if results_label(fpiece, issue.year if issue else None) or results and not _AIMS.search(fpiece):
            # 'Kết quả giai đoạn 2021 - 2025: tỷ lệ … 1,8%; 61% số xã có …': each clause up to one that aims is a result
            results = piece_text.rstrip().endswith(";")
            continue
        results = False
        # ('Đến nay, tỷ lệ … đạt 92%, phấn đấu … đạt 20%': the figures from 'phấn đấu' on, the first reached)
        piece_text = strive_after_results(piece_text, issue.year if issue else None) or piece_text
        # (a bracketed past figure's year is no year of the sentence's, nor a condition's: 'đối với xã có … năm 2025')
        fp = fold(without_conditions(without_past(piece_text)))
        # a start year counts when nothing else is named and it is not past ('số hóa 100% hồ sơ từ năm 2026')
        years = stated_years(fp) or [y for y in stated_years(fp, starts=True) if not issue or y >= issue.year]
        if not years and issue and THIS_YEAR.search(fp):
            years = [issue.year]  # 'Trong năm nay, …', '… hoàn thành trong năm.': the year of issue
        elif not years and issue and NEXT_YEAR.search(fp):
            years = [issue.year + 1]  # 'phấn đấu năm tới …' in a letter of December 2025: 2026
        # ('Trong năm nay, hoàn thành … 85 km …; đưa vào vận hành 3 trạm bơm' states the year's goals: its counts too)
        # ('Điều 1. Phê duyệt Kế hoạch … với mục tiêu bảo đảm … 42.000 ha …': a sentence that names its goals states them)
        # ('… phủ sóng di động tới 300 thôn, bản đến năm 2027': a horizon's count)
        named = goals_named(fp) or _year_label(fp, issue.year if issue else None)
        pieces = parse_target_text(piece_text, statement=statement or labelled or named
                                   or horizon(fp, issue.year if issue else None) or ensured_count(fp) or bool(
            STATEMENT.match(fold(piece_text)) or THIS_YEAR_OPENING.match(fold(piece_text))
            # ('- Các xã chưa đạt chuẩn phấn đấu đạt thêm 03 tiêu chí trong năm 2026;': a subject that strives, its count)
            or _SUBJECT_STRIVE.match(fpiece)))
        # ('Mục tiêu: có thêm 10 xã …; cấp 280 giấy chứng nhận …; bê tông hóa 12 tuyến đường …': each clause's count)
        labelled = piece_text.rstrip().endswith(";") and (labelled or named or bool(_GOAL_LABEL.match(fp)))
        earlier = [{"unit": r.unit, "year": r.target_year} for r in out]
        before = carried  # the year the sentences before this one (or the heading) named
        # the figure of the issue year beside a later target of the same measure ('…; năm 2025 đạt 28,5 giường
        # bệnh/vạn dân'): where the indicator stands, no target, nor a year for the sentences after it
        current = [p for p in pieces if issue and current_figure(p, earlier, issue.year, None, start)]
        if not current:
            carried = years[0] if years and (not issue or years[0] >= issue.year) else carried
            if not years and len(own := {p["year"] for p in pieces if p["year"]}) == 1 and (
                    not issue or min(own) >= issue.year):
                # ('Giai đoạn 2026 - 2028: xây mới 38 chợ nông thôn; cải tạo 20 chợ.': a period's end, which names no
                # 'năm', is the next clause's year too, as a stated year is)
                carried = min(own)
        if not pieces:
            continue
        year = years[0] if years else carried or default_year(meta) or (issue.year if issue else None)
        if years and set(years) <= {p["year"] for p in pieces}:
            # ('Số giường bệnh đạt 34 giường bệnh/vạn dân, đến năm 2030 đạt 40 giường bệnh/vạn dân': the sentence's year
            # is a later clause's own figure's, targets._value_years; the figure before it keeps the year above it)
            year = before or default_year(meta) or (issue.year if issue else None)
        for p in pieces:
            if issue and p["year"] and p["year"] < issue.year or ACHIEVED.search(fp) or p in current:
                continue  # a result already reached ('Năm 2025 tỷ lệ này đã đạt 92%'), not a target
            if issue and start and (p["year"] or year) == issue.year < start:
                # the issue year's figure in a document that plans from a later year ('Năm 2025, toàn tỉnh đón khoảng
                # 4,2 triệu lượt khách, doanh thu 5.600 tỷ đồng' in a resolution of December 2025 for 2026)
                continue
            out.append(TargetRow(
                target_id="", doc_id="", section_id=None, domain=match_domain(fold(piece_text)),
                indicator=p["indicator"], kind="quantitative", value=p["value"], unit=p["unit"],
                comparator=p["comparator"], target_year=p["year"] or year, max_value=None,
                baseline_value=None, baseline_year=None, text=piece_text, **{**unplaced(), "page_no": page_no},
                confidence=confidence, overridden=None,
            ))
    return out
