"""Lines -> paragraphs and the numbered section tree (I. / 1. / a)), tolerant to OCR numbering noise."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from extract.deadlines import cut_deadline
from extract.patterns import load_json, roles_of, rx
from normalize.text import clean_space, fold, nfc, roman_to_int

log = logging.getLogger(__name__)


@dataclass
class Line:
    idx: int
    page_no: int
    text: str

    @property
    def folded(self) -> str:
        return fold(self.text)


@dataclass
class Section:
    label: str
    heading: str
    level: int  # 1 roman, 2 number, 3 letter, 0 appendix
    page_no: int
    line_idx: int
    parent: str | None
    roles: set[str] = field(default_factory=set)
    kind: str = "number"  # 'roman' | 'number' | 'subnumber' | 'letter' | 'appendix'


@dataclass
class Para:
    text: str
    page_no: int
    line_idx: int
    marker: str  # 'bullet' | 'sub' | 'letter' | 'number' | 'roman' | 'plain'
    section: str | None  # label of the section the paragraph sits in (for headings: itself)
    blank_before: bool = False
    line_end: int = -1  # last line (Line.idx) of the paragraph; -1: its first line only

    @property
    def last_line(self) -> int:
        return max(self.line_idx, self.line_end)


@dataclass
class Structure:
    lines: list[Line]
    sections: dict[str, Section]
    paras: list[Para]
    appendix_start: int | None  # line index of the appendix title, if any

    def chain(self, label: str | None) -> list[Section]:
        """Sections from ``label`` up to the top level (deepest first)."""
        out = []
        while label is not None and label in self.sections:
            sec = self.sections[label]
            out.append(sec)
            label = sec.parent
        return out


_MUC = re.compile(r"^\s*(?:Mục|MỤC)\s+\d{1,2}\s*[.:]")  # a guide's 'Mục 1.' inside its 'Phần II'
_DUTY_HEADING = re.compile(r"^tr\w{0,3}ch nhi\w{0,2}m\b")  # folded 'Trách nhiệm …' heading
# a numbered topic heading ('2. Về công tác tuyên truyền', folded): it does not run on into the sentence below it
TOPIC_HEADING = re.compile(r"^ve\s+(?:cong tac|viec|linh vuc|nhiem vu|giai phap|che do|[^\W\d_]+)\b[^.;:!?]*$")
# words that leave a heading line unfinished: the line below goes on with it
_OPEN_END = re.compile(r"(?:,|\s(?:va|cua|cho|voi|cac|theo|trong|den|giao|nhu))\s*$")
# an agency's name as written at the start of a line ('Sở Xây dựng chủ trì …', 'Ủy ban nhân dân các xã …'), after the
# verb that assigns or asks ('Đề nghị Ủy ban nhân dân các tỉnh …', 'Giao Sở Y tế …')
_AGENCY_OPENS = re.compile(r"^(?:(?:Đề nghị|Giao)\s+)?(?:Sở|Ủy ban|UBND|Ban|Phòng|Trung tâm|Công an|Bộ Chỉ huy|Cục|Chi cục|Văn phòng|Báo|Đài|"
                           r"Bệnh viện|Thanh tra|Kho bạc|Bảo hiểm xã hội|Điện lực|Các sở|Các cơ quan|"
                           r"Trạm|Bảo tàng|Thư viện|Hạt|Tỉnh đoàn|Công ty|Tổng công ty|Ngân hàng|Hội Liên hiệp|Viện|"
                           r"Chủ tịch|Giám đốc|Trưởng|Vụ(?=\s+[A-ZĐ])|Trường(?!\s+hợp))\s+\w")


def heading_over_agency(heading: str, line: str) -> bool:
    """A short numbered heading on a line of its own, no full stop ('1. Rà soát hệ thống thoát nước', '3. Tuyên
    truyền, phổ biến'), over a line that opens with an agency's name ('Sở Xây dựng chủ trì …'): the heading of that
    sentence, never its first words (a heading that ends on a word that goes on, 'Giao', 'của', does run on)."""
    fh = fold(heading).strip()
    return (len(heading) <= 60 and len(fh.split()) <= 10 and not re.search(r"[.;:,!?]$", fh)
            and not _OPEN_END.search(" " + fh) and not re.search(r"\b(?:de nghi|yeu cau|giao cho)$", fh)
            and bool(_AGENCY_OPENS.match(line)))


# a sub-part by level of administration ('a) Tuyến tỉnh', 'b) Cấp xã, phường', 'Đối với cấp huyện', folded): a heading
# over the sentences of that level's agencies, never the start of the first of them
LEVEL_HEADING = re.compile(r"^(?:doi voi |o )?(?:tuyen|cap)\s+(?:trung uong|bo|tinh|thanh pho|huyen|quan|thi xa|xa|phuong"
                           r"|dac khu|co so|dia phuong)(?:\s*(?:,|va)\s*(?:xa|phuong|thi tran|dac khu|huyen|quan))*\s*:?$")


def _is_upper_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3:
        return False
    return sum(c.isupper() for c in letters) / len(letters) >= 0.6


_BULLET = re.compile(load_json("sections.json")["bullet"])
_SUB = re.compile(load_json("sections.json")["sub_bullet"])
_CAP_PART = re.compile(load_json("sections.json")["capital_part"])
# specks OCR reads before a centred upper-case title (': š PHỤ LỤC :'): punctuation and lone letters
_LEAD_JUNK = re.compile(load_json("sections.json")["lead_junk"])


# OCR's misreadings of a roman number's letters: 'l', '1', '|', 'L', 'T', 'Ị' for I, 'H' for II, 'Y' for V
_OCR_ROMAN_CHARS = str.maketrans({"l": "I", "1": "I", "|": "I", "L": "I", "T": "I", "Ị": "I", "Ì": "I", "Í": "I",
                                  "Y": "V"})
OCR_NAMED_PART = re.compile(r"^\s*(?:Phần|PHẦN)\s+([IVXLHTlỊ1|]{1,4})\s*(?:[.:\-–]\s*(\S.*))?$")
_OCR_ROMAN_HEADING = re.compile(r"^\s*[\[(|]?\s*([IVXLHTYlỊÌÍ1|]{1,4})\s*[.,]\s*(\S.{5,})$")


def _ocr_roman(tok: str) -> str | None:
    """The roman number OCR read as ``tok`` ('IH' → 'III', 'L' → 'I', 'TV' → 'IV'), None when it reads as none."""
    out = tok.translate(_OCR_ROMAN_CHARS).replace("H", "II")
    return out if roman_to_int(out) else None


# OCR's readings of an item's numbering: '2,' or '2.Sở' for '2. Sở', 'b}' or 'b]' for 'b)' (a bracket no text closes
# a letter with)
_OCR_NUMBER_HEADING = re.compile(r"^\s*(\d{1,2})\s*(?:,\s+|\.(?=[^\W\d_]))(\S.*)$")
_OCR_LETTER_HEADING = re.compile(r"^\s*([a-zđ])\s*[}\]]\s+(\S.*)$")


def _classify(text: str) -> tuple[str, str | None, str]:
    """(marker, number-token, rest) of one line."""
    cfg = load_json("sections.json")
    m = rx(cfg["ordinal_part"]).match(fold(text))
    if m and m.group(1) in cfg["ordinals"] and (not m.group(2) or _is_upper_heading(text[m.start(2):])):
        # 'Phần thứ hai' (its name on the next line) or 'PHẦN THỨ HAI. NHIỆM VỤ …': the second part, as 'II.'
        return "roman", to_roman(cfg["ordinals"][m.group(1)]), text[m.start(2):].strip()
    m = rx(cfg["named_roman_part"]).match(text)
    if m and roman_to_int(m.group(1)) and (not m.group(2) or _is_upper_heading(m.group(2))):
        return "roman", m.group(1), (m.group(2) or "").strip()
    m = OCR_NAMED_PART.match(text)
    if m and not m.group(1).isdigit() and (tok := _ocr_roman(m.group(1))) \
            and (not m.group(2) or _is_upper_heading(m.group(2))):
        return "roman", tok, (m.group(2) or "").strip()  # 'Phần H', 'PHẦN IH': 'Phần II', 'PHẦN III' OCR misread
    m = rx(cfg["roman_heading"]).match(text)
    if m:
        tok = m.group(1).replace("l", "I").replace("1", "I").replace("|", "I").replace("H", "II")
        if roman_to_int(tok) and _is_upper_heading(m.group(2)) and not m.group(1).isdigit():
            return "roman", tok, m.group(2)
    m = re.match(r"^\s*([LlI1|H]{1,4}|IV|VI{0,3}|IX|X)\s+(\S.{5,})$", text)
    if m and _is_upper_heading(m.group(2)) and roles_of(fold(m.group(2))):
        # a part's heading whose dot OCR lost ('II CHỈ TIÊU NĂM 2026'), its 'I' maybe read 'L' or 'H' ('L MỤC TIỂU',
        # 'HL TRÁCH NHIỆM THỰC HIỆN' for 'III.')
        tok = re.sub(r"[Ll1|]", "I", m.group(1)).replace("H", "II")
        if roman_to_int(tok):
            return "roman", tok, m.group(2)
    m = _OCR_ROMAN_HEADING.match(text)
    if m and not m.group(1).isdigit() and (tok := _ocr_roman(m.group(1))) and _is_upper_heading(m.group(2)) \
            and roles_of(fold(m.group(2))):
        # a part's roman number OCR misread into letters no roman number has ('L. MỤC ĐÍCH' for 'I.', 'IL. MỤC TIÊU',
        # 'TV. TỔ CHỨC THỰC HIỆN', '[II. NHIỆM VỤ'), before the heading of a part a plan has (its role)
        return "roman", tok, m.group(2)
    m = rx(cfg["subnumber_heading"]).match(text)
    if m and 0 < int(m.group(2)) <= 30:
        return "subnumber", m.group(3) or m.group(2), m.group(4)
    m = rx(cfg["number_heading"]).match(text) or rx(cfg["named_item"]).match(text)
    if m and 0 < int(m.group(1)) <= 30:
        return "number", m.group(1), m.group(2)
    m = _OCR_NUMBER_HEADING.match(text)
    if m and 0 < int(m.group(1)) <= 30 and _AGENCY_OPENS.match(m.group(2)):
        # an item's number whose dot OCR read as a comma or ran into its first word ('2, Sở Y tế …', '2.Sở Y tế …'),
        # before an agency's name as an item opens with one
        return "number", m.group(1), m.group(2)
    m = rx(cfg["letter_heading"]).match(text) or _OCR_LETTER_HEADING.match(text)
    if m:
        letter = m.group(1).lower().replace("¢", "c")
        return "letter", letter, m.group(2)
    m = _SUB.match(text)
    if m:
        return "sub", None, m.group(1)
    m = _BULLET.match(text)
    if m:
        return "bullet", None, m.group(1)
    return "plain", None, text.strip()


# an item's attribute labels ('Đơn vị chủ trì:', 'phối hợp:', 'Thời gian:'), as extract.tasks reads them
# (a product's, 'Kết quả:', or funding's label may head a paragraph of its own: not these)
_ATTR_LABELS = [rx(p) for name, p in load_json("appendix.json")["item_attributes"]
                if name in ("lead", "support", "deadline")]


def _open_label(text: str) -> bool:
    """Whether a line ends with an attribute's label and its colon ('… tại chợ nổi. Đơn vị chủ trì:'): the value
    OCR wrapped onto the next line ('Hội Liên hiệp Phụ nữ phường; thời gian: …') belongs to it, capital or not."""
    ft = fold(text).rstrip()
    if not ft.endswith(":"):
        return False
    seg = ft[max(ft.rfind(". "), ft.rfind("; "), ft.rfind(", ")) + 2 :] if re.search(r"[.;,] ", ft) else ft
    return any((m := p.match(seg)) is not None and m.end() == len(seg) for p in _ATTR_LABELS)


def to_roman(n: int) -> str:
    out = ""
    for v, r in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + r, n - v
    return out


def page_lines(pages: list[tuple[int, str]]) -> list[Line]:
    lines: list[Line] = []
    for page_no, text in pages:
        for raw in nfc(text).split("\n"):
            lines.append(Line(len(lines), page_no, raw.rstrip()))
    return lines


_PIPE_FIRST = re.compile(r"^\s*(?:stt|tt|[ivxlc]{1,5}|[a-zđ]|\d{1,3}(?:\.\d{1,2})*)?\s*[.)]?\s*$", re.IGNORECASE)


def pipe_table_lines(lines: list[Line], skip_pages: set[int] | frozenset[int] = frozenset(),
                     headless: bool = False) -> list[Line]:
    """A table pasted as text with '|' between its cells ('STT | Nội dung | Cơ quan chủ trì | …', a Word table
    copied into a text layer) read as the tab-separated table the extractors know: each '|' of a row becomes a
    tab, the line's length kept (spans index it). A table opens with its header row ('STT | …', 'TT | …'); a row
    under it opens with a number, a letter (or nothing: a wrapped row's empty first cell) and has two or more '|'
    (one for a two-cell row); a border '|' at either end is blanked. A '|' elsewhere (a garbled text layer's rule
    or 'I') is left alone, and so are pages in ``skip_pages`` (scans: OCR reads rules as '|').

    ``headless`` (the targets' table view, extract.tables): any line with two or more '|' and no tab is a table row
    whatever its header ('Chỉ tiêu | Đơn vị | 2026', '2.4 | Chất lượng … | 43,2 | điểm'), its bars all tabs; the one
    '|'-to-tab step of the project, so that a scan's bars are recognised in one place."""
    out: list[Line] = []
    prev = False
    width = 0  # the cells of the table row above
    head_width = 0  # the cells of the table's header row
    if not headless:
        lines = _pasted_wraps(lines, skip_pages)
    for ln in lines:
        text = ln.text
        body = text.strip()
        if headless:
            out.append(Line(ln.idx, ln.page_no, text.replace("|", "\t")) if "\t" not in text and text.count("|") >= 2
                       else ln)
            continue
        if ln.page_no not in skip_pages and "\t" not in text and "|" in body:
            # border bars at both ends ('| 1 | … |'), unless the row has as many cells as the one above with them
            # (a wrapped row whose number cell is empty: ' | tiếp theo … | |')
            # (a bar at the start alone opens an empty first cell: a two-row header's ' |  |  | 2026 | 2027')
            border = body.startswith("|") and body.endswith("|") and not (prev and body.count("|") + 1 == width)
            inner = body[1:] if border else body
            inner = inner[:-1] if border and inner.endswith("|") else inner
            cells = inner.split("|")
            header = fold(cells[0]).strip(" .") in ("stt", "tt", "so tt")
            if (header or prev) and (len(cells) >= 3 or prev and len(cells) == 2) \
                    and _PIPE_FIRST.match(fold(cells[0])) and any(len(c.strip()) > 3 for c in cells[1:]):
                head_width = len(cells) if header else head_width
                if not header and (cut := _glued_group(cells, head_width)) is not None:
                    # the next group row run onto this row's last cell ('… | Hằng tháng III | KIỂM TRA, GIÁM SÁT | |'):
                    # the row's cells alone, its length kept (a group row is no task)
                    at = text.index(body) + (1 if border else 0) + cut
                    text = text[:at] + " " * (len(text) - at)
                    cells = cells[:head_width]
                lead = len(text) - len(text.lstrip())
                chars = list(text)
                if border:
                    chars[lead] = " "
                    if body.endswith("|"):
                        chars[lead + len(body) - 1] = " "
                text = "".join("\t" if c == "|" else c for c in chars)
                out.append(Line(ln.idx, ln.page_no, text))
                prev, width = True, len(cells)
                continue
        prev = prev and not body  # a blank line or a page's number between two parts of one table keeps it open
        prev = prev or bool(out and "\t" in out[-1].text and len(re.sub(r"[\W\d_]", "", body)) == 0 and len(body) <= 8)
        out.append(ln)
    return out


_GLUED_NUMERAL = re.compile(r"\s+([IVX]{1,4})\s*$")
# the figures of a month's or a quarter's deadline at a line's start ('6/2026', 'III/2026'), folded, maybe the next row
# glued after them on the same line ('6/2026 3 | Rà soát …')
_MONTH_TAIL = re.compile(r"(?:\d{1,2}|[ivx]{1,4})\s*/\s*\d{4}\b")


def name_tail(above: str, line: str, missing: int) -> bool:
    """Whether ``line``, though it opens like a row (a short first cell), is the tail of a name the page cut in the row
    ``above``, which is short of its bars ('… | Trường Trung học cơ sở Thanh' / 'Sơn | Tháng 6/2026'): its first cell
    one word of letters, a capital then small ones ('Sơn', 'Hòa'; no row's number, garbled or not), the row cut inside
    a cell (not on its bar), and the line holding just the bars the row lacks."""
    first = line.split("|", 1)[0].strip()
    return len(first) >= 3 and first.isalpha() and first[0].isupper() and first[1:].islower() \
        and not above.rstrip().endswith("|") and line.count("|") == missing


def month_tail(above: str, line: str) -> tuple[str, str] | None:
    """The figures of a month's or a quarter's deadline the page cut off the row ``above`` ('… | Tháng' / '6/2026')
    and what follows them on ``line`` (the next row run onto it: '6/2026 3 | Rà soát …' -> ('6/2026', '3 | Rà soát
    …')); None unless the row's last cell ends cut before them (extract.deadlines.cut_deadline) and the line opens with
    a month's figures and nothing after them but a row of its own. Folding keeps the letters' count, so the split falls where it does on ``line``."""
    m = _MONTH_TAIL.match(fold(line).lower())
    if "|" not in above or m is None or not cut_deadline(above.rsplit("|", 1)[1], line[: m.end()]):
        return None
    rest = line[m.end():].strip()
    return (line[: m.end()].strip(), rest) if not rest or _row_opening(rest) else None


def _pasted_wraps(lines: list[Line], skip_pages: set[int] | frozenset[int]) -> list[Line]:
    """A task table pasted with '|' on a text page whose rows a line break cut inside a cell, joined as OCR'd rows are
    (ocr_pipe_rows): a row short of the header's bars goes on with the lines below it that open no row ('3 | Dự báo
    nguồn nước' / 'theo từng tuần | Cục … | Hằng tuần') until it has them, none more; a full row whose last cell ends
    cut after 'Trước ngày' goes on with the date on the line below ('30/6/2026', a next group's numeral glued after it
    too). The row is written on its first line, the lines it took as a lone tab (no row, no paragraph); a row that
    the lines below do not complete is left as it is."""
    out = list(lines)
    bars = 0
    for j, ln in enumerate(out):
        body = ln.text.strip()
        if ln.page_no in skip_pages or "\t" in ln.text or "|" not in body:
            bars = bars if not body or "\t" in ln.text else 0
            continue
        head = _pipe_header(body)
        if head and _TASK_HEAD.search(fold(body).lower()):
            bars = head
            continue
        if not bars or not _row_opening(body):
            bars = 0 if not _row_opening(body) else bars
            continue
        have, parts, k = body.count("|"), [body], j + 1
        while have < bars and k < len(out) and (t := out[k].text.strip()) and out[k].page_no == ln.page_no \
                and "\t" not in out[k].text and not _row_opening(t) and not _OWN_LINE.match(t) \
                and have + t.count("|") <= bars:
            parts.append(t)
            have += t.count("|")
            k += 1
        if have < bars:
            continue
        if k < len(out) and (t := out[k].text.strip()) and out[k].page_no == ln.page_no and "\t" not in out[k].text \
                and cut_deadline(parts[-1].rsplit("|", 1)[-1], t) and len(t) <= 60 and not _row_opening(t):
            parts.append(t)  # the deadline's date under its cut opening words
            k += 1
        if k == j + 1:
            continue
        out[j] = Line(ln.idx, ln.page_no, " ".join(parts))
        for m in range(j + 1, k):
            out[m] = Line(out[m].idx, out[m].page_no, "\t")
    return out


def _glued_group(cells: list[str], head_width: int) -> int | None:
    """Where a pasted row's own cells end when the next group row ran onto its last cell (the line break between
    them lost: '4 | … | Bảo hiểm xã hội | Hằng tháng III | KIỂM TRA, GIÁM SÁT | |' under a four-cell header): the
    offset in the row (bars counted) of the group's numeral, which closes the header's last cell; the cell after it
    the group's name in capitals and nothing after that. None for any other row (a 'Quý II' deadline in a row of
    the header's width)."""
    if head_width < 3 or len(cells) <= head_width:
        return None
    last, name = cells[head_width - 1], cells[head_width].strip()
    m = _GLUED_NUMERAL.search(last)
    if m is None or not last[: m.start()].strip() or any(c.strip() for c in cells[head_width + 1 :]):
        return None
    if len(name.split()) < 2 or not name.isupper() or sum(c.isalpha() for c in name) < 6:
        return None
    return sum(len(c) + 1 for c in cells[: head_width - 1]) + m.start()


def _pipe_header(body: str) -> int:
    """The number of '|' of a pasted table's header row ('STT | Nội dung công việc | Đơn vị chủ trì | …'): its first
    cell the number's label, three or more cells of words after it; 0 when the line is no such header."""
    cells = body.strip().strip("|").split("|")
    if len(cells) < 4 or fold(cells[0]).strip(" .").lower() not in ("stt", "tt", "so tt"):
        return 0
    return len(cells) - 1 if sum(len(re.sub(r"[\W\d_]", "", c)) > 3 for c in cells[1:]) >= 3 else 0


def _row_opening(body: str) -> bool:
    """Whether an OCR'd line opens a row of a pasted table: a short first cell before its '|' (the row's number, maybe
    garbled: 'I' for 1, 'Š' for 5, '1.2'), or a repeated header. A first cell in small letters is a wrapped cell's
    tail ('tế | Công an tỉnh; …' under '… | Sở Y')."""
    first = body.split("|", 1)[0].strip()
    return "|" in body and (len(first) <= 4 and " " not in first and not first[:1].islower() or _pipe_header(body) > 0
                            or _group_cells(first) is not None)


def _group_cells(cell: str) -> tuple[str, str] | None:
    """A group row's number and name as OCR reads its first cell, its bar after the number lost or read as a letter
    ('IỊ NHÓM NHIỆM VỤ VỀ HẠ TẦNG' for 'I | NHÓM …'), or its name alone (its number lost, a row of one cell across
    the table): its name two or more words in capitals; None for any other cell."""
    toks = cell.split()
    no = toks[0] if len(toks) > 2 and len(toks[0]) <= 3 and not toks[0].isalpha() or len(toks) > 2 \
        and re.fullmatch(r"[IVXLỊÌÍl|¡!]{1,3}[.,]?", toks[0]) else ""
    name = cell[len(no):].strip()
    if len(name.split()) < 2 or not name.isupper() or sum(c.isalpha() for c in name) < 6 or name.endswith((".", ";")):
        return None
    return no.strip("|¡!.,") or no, name


# a line that opens a part, an item or a paragraph of its own ('IV. TỔ CHỨC THỰC HIỆN', '2. Sở …', 'Nơi nhận:', a line in
# capitals): never a cell of the row above
_OWN_LINE = re.compile(r"^(?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]\s|^\S.*:\s*$")


def _last_cell_line(above: str, line: str) -> bool:
    """Whether a line with no '|' under a row that has all its bars is that row's last cell: the row ends on its
    bar (the last cell pushed onto a line of its own: '… | Công an tỉnh; Sở Công Thương |' / 'Thường xuyên'), or
    the line goes on with a date's figures ('… | Trước ngày' / '30/6/2026'). A short line, no part's or item's
    heading, no capitals alone, no sentence."""
    if len(line) > 60 or _OWN_LINE.match(line) or line.isupper() or line.endswith((".", ";")):
        return False
    return above.rstrip().endswith("|") or bool(re.match(r"\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b|\d{4}\b", line)) \
        or bool(_HOUR_CUT.search(fold(above).lower()) and _HOUR_TAIL.match(fold(line).lower()))


# a deadline cut after its hour ('… | Trước 16 giờ' / '00 ngày 20/01/2026'; OCR's 'gid' for 'giờ', 'I6' for 16, 'O' for 0)
_HOUR_CUT = re.compile(r"\b[0-9il]{1,2}\s*(?:gio|gid|gi)\s*$")
_HOUR_TAIL = re.compile(r"[0-9o]{1,2}\s*(?:phut\s*)?,?\s*ngay\b")


# a task table's header cells ('Nội dung công việc', 'Đơn vị chủ trì'): a '|' table of targets ('STT | Phường | Số hộ |
# Tỷ lệ (%)', 'Chỉ tiêu | Đơn vị tính | 2026') is read by the targets' table view (extract.tables), which knows its
# OCR'd bars, not rewritten here
_TASK_HEAD = re.compile(r"\b(?:noi ?dung|nhiem ?vu|cong ?viec|chu ?tri|phoi ?hop|thuc ?hien)\b")


def ocr_pipe_rows(lines: list[Line], ocr_pages: set[int] | frozenset[int]) -> list[Line]:
    """A '|'-separated table on an OCR'd page (a Word table pasted as text, then printed and scanned), whose rows the
    page wraps over two or three lines ('1 | Rà soát … chứng' / 'nhận … | Sở Y tế | Sở Công Thương' / '| Quý II/2026 |
    …'), read as the tab-separated table the extractors know: from a header row ('STT | …', three or more cells of
    words), each row's lines joined until it has the header's cells (a line under a full row that goes on in small
    letters is its last cell's tail) and written as one tab row on its first line, the lines it took written as a
    lone tab (empty cells: no row, no paragraph); a header repeated after a page's furniture (a page number, blank
    lines) goes on with the table. Rule-free text between ('|' OCR read for a rule) never opens one: only the header
    does. Only task tables (a header naming the work or its lead: ``_TASK_HEAD``); pages not OCR'd are left to
    ``pipe_table_lines``."""
    out = list(lines)
    i = 0
    while i < len(out):
        ln = out[i]
        bars = _pipe_header(ln.text) if ln.page_no in ocr_pages and "\t" not in ln.text else 0
        if not bars or not _TASK_HEAD.search(fold(ln.text).lower()):
            i += 1
            continue
        j = i
        while j < len(out):
            body = out[j].text.strip()
            if "|" not in body and (g := _group_cells(body)) is not None and j + 1 < len(out) \
                    and out[j + 1].page_no in ocr_pages and _row_opening(out[j + 1].text.strip()):
                # a group row whose bars OCR lost, or a row of one cell across the table ('NHÓM NHIỆM VỤ …')
                out[j] = Line(out[j].idx, out[j].page_no, "\t".join(g))
                j += 1
                continue
            if "\t" in out[j].text or out[j].page_no not in ocr_pages or "|" not in body or not _row_opening(body):
                # the table's furniture between two of its parts: blank lines, a page number OCR garbled ('an.')
                k = j
                while k < len(out) and k - j < 4 and len(re.sub(r"[\W\d_]", "", fold(out[k].text))) <= 3 \
                        and "\t" not in out[k].text:
                    k += 1
                if k > j and k < len(out) and out[k].page_no in ocr_pages and _pipe_header(out[k].text.strip()):
                    for m in range(j, k):
                        out[m] = Line(out[m].idx, out[m].page_no, "")  # the page number: no paragraph's words
                    j = k
                    continue
                break
            parts, k = [body], j + 1
            while k < len(out) and out[k].page_no in ocr_pages and (t := out[k].text.strip()) and "\t" not in out[k].text:
                have = sum(p.count("|") for p in parts)
                if have == bars and (cut := month_tail(parts[-1], t)) is not None:
                    # ('… | Tháng' / '6/2026 3 | Rà soát …': the date this row's, the row run onto it the next one)
                    parts.append(cut[0])
                    if cut[1]:
                        out[k] = Line(out[k].idx, out[k].page_no, cut[1])
                        break
                    k += 1
                    continue
                if have < bars and (not _row_opening(t) or name_tail(parts[-1], t, bars - have)) \
                        or have < bars and t.startswith("|") \
                        or have >= bars and "|" not in t and (t[:1].islower() or _last_cell_line(parts[-1], t)) \
                        or have == bars and not _row_opening(t) and cut_deadline(parts[-1].rsplit("|", 1)[-1], t):
                    # (a deadline cut after 'Trước ngày' whose date goes on below, the next group row glued after it:
                    # '… | Trước ngày' / '30/9/2026 III | KIỂM TRA, BÁO CÁO | |')
                    parts.append(t)
                    k += 1
                    continue
                break
            row = clean_space(" ".join(parts)).strip()
            row = row[1:] if row.startswith("|") and row.count("|") > bars else row
            row = row[:-1] if row.endswith("|") and row.count("|") > bars else row
            cells = [c.strip() for c in row.split("|")]
            if _glued_group(cells, bars + 1) is not None:
                # the next group row run onto this row's last cell: the row's cells alone, the group's numeral dropped
                cells = [*cells[:bars], _GLUED_NUMERAL.sub("", cells[bars]).strip()]
            if (g := _group_cells(cells[0])) is not None:
                cells = [*g, *(c for c in cells[1:] if c)]  # a group row: its number's bar OCR lost ('IỊ NHÓM …')
            out[j] = Line(out[j].idx, out[j].page_no, "\t".join(cells))
            for m in range(j + 1, k):
                out[m] = Line(out[m].idx, out[m].page_no, "\t")
            j = k
        i = max(j, i + 1)
    return out


# a task table's header row as OCR reads it, its cells run together on one line ('STT Nội dung nhiệm vụ Cơ quan chủ trì
# Cơ quan phối hợp …', folded): before a document's first part, the capitals under it ('I NHIỆM VỤ VỀ THỂ CHẾ', '| SẢN
# PHẨM LÀ …') are the table's group rows, never the plan's parts
_TASK_TABLE_HEAD = re.compile(r"^(?:stt|tt|so tt)\b")
_TABLE_KEYS = re.compile(r"\b(?:noi ?dung|nhiem ?vu|chu ?tri|phoi ?hop|thoi ?gian|thoi ?han|san ?pham|ket ?qua)\b")
# a plan's or rule's own title printed after a quyết định's signature ('KẾ HOẠCH', 'QUY CHẾ'): its parts follow
_PLAN_TITLE = re.compile(r"^(?:KẾ HOẠCH|CHƯƠNG TRÌNH|ĐỀ ÁN|PHƯƠNG ÁN|QUY CHẾ|QUY ĐỊNH|HƯỚNG DẪN)\s*$")


def parse_structure(lines: list[Line]) -> Structure:
    cfg = load_json("sections.json")
    letter_seq: list[str] = cfg["letter_sequence"]
    skip = [rx(p) for p in cfg["skip_line"]]
    appendix_re = [rx(p) for p in cfg["roles"]["appendix"]]
    sections: dict[str, Section] = {}
    paras: list[Para] = []
    cur: dict[int, str | None] = {1: None, 2: None, 3: None}
    last_letter: dict[str | None, str] = {}
    started = False
    in_table = False  # before the first part: under an OCR'd task table's header, its group rows are no parts
    appendix_start: int | None = None
    blank = False
    closed = False  # after 'Nơi nhận': distribution list and signature, until the appendix
    part_no: dict[str, str] = {}  # a part numbered '3.' in a plan without roman parts: its label -> '3'
    named: set[int] = set()  # lines of 'Nhiệm vụ 1: …' items
    muc: set[str] = set()  # 'Mục 1. …' sub-parts of a roman part, their own '1.', '2.' items one level below
    # a plan without roman parts numbers them otherwise: 'A. MỤC TIÊU', or '1. MỤC TIÊU' (upper-case headings)
    texts = [ln.text.strip().strip("*").strip() for ln in lines]
    no_roman = not any(_classify(t)[0] == "roman" for t in texts if t)
    letter_parts = no_roman and any(
        (m := _CAP_PART.match(t)) and _is_upper_heading(m.group(2)) for t in texts)
    number_parts = no_roman and not letter_parts and any(
        (m := rx(cfg["number_heading"]).match(t)) and _is_upper_heading(m.group(2)) and len(m.group(2)) > 6
        for t in texts)

    def unique(label: str, parent: str | None, letter: str | None) -> str:
        if label in sections and letter == "d" and last_letter.get(parent) == "d":
            alt = label[:-1] + "đ"
            if alt not in sections:
                return alt
        n = 2
        base = label
        while label in sections:
            label = f"{base}~{n}"
            n += 1
        return label

    for line in lines:
        text = line.text.strip().strip("*").strip()
        if not text:
            blank = True
            continue
        fl = fold(text)
        if started and "\t" not in line.text and len(text) < 40 and any(
                p.search(_LEAD_JUNK.sub("", fl) if _is_upper_heading(text) else fl) for p in appendix_re):
            closed = False
            appendix_start = line.idx
            sections["PL"] = Section("PL", clean_space(text), 0, line.page_no, line.idx, None, {"appendix"}, "appendix")
            break
        if started and rx(r"^n\w{1,2}i nh\w{1,2}n").match(fl):
            closed = True
        if closed:
            continue
        marker, tok, rest = _classify(text)
        part_tok: str | None = None
        cap = re.match(r"^([A-Z])[.,]\s+(\S.{7,})$", text)
        last_roman = roman_to_int(cur[1].split("~")[0]) or 0 if cur[1] is not None else 0
        if (letter_parts and marker in ("letter", "plain") and cap and _is_upper_heading(cap.group(2))
                or number_parts and marker == "number" and _is_upper_heading(rest) and len(rest) > 6):
            part_tok = tok
            marker, tok = "roman", to_roman(last_roman + 1)  # 'A.'/'1.' parts of a plan without roman ones
            rest = cap.group(2) if cap and letter_parts else rest
        elif started and last_roman and marker in ("letter", "plain") and cap and _is_upper_heading(cap.group(2)):
            # an upper-case heading numbered with one capital after roman parts: a roman number misread
            # ('II.' -> 'I1.' -> restored 'A.'); it takes the next roman number
            marker, tok, rest = "roman", to_roman(last_roman + 1), cap.group(2)
        elif marker == "roman" and tok and last_roman and (roman_to_int(tok) or 0) <= last_roman:
            tok = to_roman(last_roman + 1)  # roman numbers only grow: 'I.' after 'II.' is a misread 'III.
        if not started:
            if "\t" not in line.text and _TASK_TABLE_HEAD.match(fl) and len(_TABLE_KEYS.findall(fl)) >= 2:
                in_table = True  # 'STT Nội dung nhiệm vụ Cơ quan chủ trì …' as OCR read a table's header row
            elif rx(r"^n\w{1,2}i nh\w{1,2}n").match(fl) or _PLAN_TITLE.match(text):
                in_table = False  # the signature, or a plan's own title after it: a part may open again
            if marker == "roman" and not in_table:
                started = True
            else:
                continue
        if "\t" in line.text or any(p.search(fl) for p in skip):
            blank = False
            continue
        rest = rest.strip()
        # continuation of the previous paragraph (OCR line wraps)
        if marker == "plain" and paras:
            prev = paras[-1]
            # an upper-case part heading ('II. MỤC TIÊU') does not run on into the sentence-case line below it
            after_upper = prev.marker == "roman" and _is_upper_heading(prev.text) and not _is_upper_heading(rest)
            # nor does a short named heading ('Mục 2. Chỉ tiêu', '1. Nhiệm vụ') into a sentence that starts below it
            # ('1. Trách nhiệm của Ủy ban nhân dân các xã, phường', a duty heading naming its agency, may be longer)
            after_named = (prev.marker in ("number", "subnumber", "letter")
                           and (len(prev.text) <= 40 or len(prev.text) <= 80 and _DUTY_HEADING.match(fold(prev.text)))
                           and rest[:1].isupper() and bool(roles_of(fold(prev.text)))
                           # 'Nhiệm vụ 1: …' names its item; the sentence below is the item's body
                           or prev.line_idx in named and rest[:1].isupper()
                           # a one-line topic heading ('1. Về công tác tuyên truyền') over its paragraph
                           or prev.marker in ("number", "subnumber", "letter") and rest[:1].isupper()
                           and len(prev.text) <= 80 and prev.last_line == prev.line_idx
                           and bool(TOPIC_HEADING.match(fold(prev.text))) and not _OPEN_END.search(fold(prev.text))
                           # a short heading over a sentence that opens with its agency ('1. Rà soát hệ thống thoát
                           # nước' over 'Sở Xây dựng chủ trì …')
                           or prev.marker in ("number", "subnumber", "letter") and prev.last_line == prev.line_idx
                           and heading_over_agency(prev.text, rest)
                           # a level's sub-part ('a) Tuyến tỉnh') over its agencies' sentences
                           or prev.marker in ("number", "subnumber", "letter") and rest[:1].isupper()
                           and prev.last_line == prev.line_idx and bool(LEVEL_HEADING.match(fold(prev.text))))
            if not after_upper and not after_named and ((rest[:1].islower() or rest[:1].isdigit())
                                    or (not blank and not re.search(r"[.;:!?]\s*$", prev.text))
                                    or (not blank and _open_label(prev.text))):
                prev.text = clean_space(prev.text + " " + rest)
                prev.line_end = line.idx
                if prev.marker in ("roman", "number", "subnumber", "letter") and prev.section in sections:
                    sec = sections[prev.section]
                    if len(sec.heading) < 200:
                        sec.heading = clean_space(sec.heading + " " + rest)[:300]
                        sec.roles = roles_of(fold(sec.heading))
                blank = False
                continue
        blank_before = blank
        blank = False
        if marker in ("roman", "number", "subnumber", "letter"):
            if marker == "number" and cur[2] in muc and not _MUC.match(text) and not rx(cfg["named_item"]).match(text):
                marker = "subnumber"  # '1. Phân công đầu mối …' under 'Mục 1. Tại các cơ sở …': a step of the Mục
            level = {"roman": 1, "number": 2, "subnumber": 3, "letter": 3}[marker]
            sub = rx(cfg["subnumber_heading"]).match(text) if marker == "subnumber" else None
            if sub and sub.group(3) and cur[2]:
                pass  # '3.1.1.' under '3.1.'
            elif sub and number_parts and cur[1] and part_no.get(cur[1]) == sub.group(1):
                level = 2  # '3.1.' right under the part '3. NHIỆM VỤ' of a plan whose parts are numbered
            parent = cur[level - 1] if level > 1 else None
            if level == 3 and parent is None:
                parent = cur[1]
            assert tok is not None
            if marker == "letter" and tok not in letter_seq:
                tok = tok if tok.isalpha() else "x"
            label = tok if parent is None else f"{parent}.{tok}"
            label = unique(label, parent, tok if marker == "letter" else None)
            if marker == "letter":
                last_letter[parent] = label.rsplit(".", 1)[-1].split("~")[0]
            heading = clean_space(rest)[:300]
            sections[label] = Section(label, heading, level, line.page_no, line.idx, parent, roles_of(fold(heading)),
                                      marker)
            cur[level] = label
            if level == 2 and _MUC.match(text):
                muc.add(label)
            if marker == "roman" and part_tok:
                part_no[label] = part_tok
            if rx(cfg["named_item"]).match(text):
                named.add(line.idx)
            for deeper in range(level + 1, 4):
                cur[deeper] = None
            paras.append(Para(clean_space(rest), line.page_no, line.idx, marker, label, blank_before))
            continue
        section = cur[3] or cur[2] or cur[1]
        paras.append(Para(clean_space(rest), line.page_no, line.idx, marker, section, blank_before))
    log.debug("parsed %d sections, %d paragraphs", len(sections), len(paras))
    return Structure(lines, sections, paras, appendix_start)
