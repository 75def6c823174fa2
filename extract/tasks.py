"""Tasks (nhiệm vụ): appendix tables (tab-separated text or rebuilt from OCR boxes), body sections
named 'nhiệm vụ', and the duties of each agency in 'tổ chức thực hiện'."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extract.agencies import (
    FUZZY_THRESHOLD,
    MERGE_THRESHOLD,
    AgencyRegistry,
    best_seed_name,
    national_branch,
    plausible_agency,
)
from extract.deadlines import (
    announced_deadline,
    condition_only,
    cut_deadline,
    deadline_outside,
    find_deadline,
    parse_deadline,
)
from extract.letterhead import body_name
from extract.patterns import load_json, rx
from extract.provenance import Provenance, columns
from extract.rows import TaskAgencyRow, TaskRow, section_id, task_id, unplaced
from extract.structure import LEVEL_HEADING, Line, Para, Section, Structure
from extract.tables import column_fields
from extract.targets import STATEMENT
from ingest.records import Word
from normalize.text import clean_space, fold, strip_tags

log = logging.getLogger(__name__)

# A row of an appendix table: (line_idx, page_no, cells), a str for a line outside the table; rows rebuilt
# from OCR boxes add the words each of the row's tasks was read from (line_idx -1).
TableRow = tuple[int, int, list[str] | str] | tuple[int, int, list[str] | str, list[list[Word]]]


# how draft_rows reads a draft's lead or support cell into mentions (the second item of TaskDraft.lead's pairs):
SPLIT = ""  # at its commas and 'và' (AgencyRegistry.split_mentions)
WHOLE = "="  # one whole mention, its commas no separators ('Phòng Giáo dục và Đào tạo các quận, huyện', a 'Kính gửi' item)
LISTED = ";"  # members apart by ';', each whole ('Thường trực HĐND; các Ban của HĐND; các Tổ đại biểu HĐND tỉnh')


@dataclass
class TaskDraft:
    source: str
    text: str
    page_no: int
    line_idx: int
    section_label: str | None
    task_no: str | None = None
    group: str | None = None
    product: str | None = None
    deadline_text: str | None = None
    lead: list[tuple[str, str]] = field(default_factory=list)  # (mention, how it splits: SPLIT/WHOLE/LISTED)
    support: list[tuple[str, str]] = field(default_factory=list)
    confidence: float = 0.9
    line_end: int = -1  # last line (Line.idx) of the source text; -1: line_idx only
    words: list[Word] = field(default_factory=list)  # words of a table row rebuilt from OCR boxes
    context: str | None = None  # the list item that announces this one ('- Sở Tư pháp:'): its agency leads it
    # from a submission's summary of the plan it submits: the document's tasks only when it assigns nothing elsewhere
    summary: bool = False


# ---------------------------------------------------------------------------------------------------
# appendix tables


def _paras(cell: str) -> list[str]:
    """Paragraphs of one cell: '<p>a</p> <p>b</p>' -> ['a', 'b']; HTML lists flattened."""
    if "<p>" in cell.lower():
        parts = re.findall(r"<p>(.*?)</p>", cell, flags=re.IGNORECASE | re.DOTALL)
        rest = re.sub(r"<p>.*?</p>", " ", cell, flags=re.IGNORECASE | re.DOTALL)
        parts = [clean_space(strip_tags(p)) for p in parts]
        if clean_space(strip_tags(rest)):
            parts.append(clean_space(strip_tags(rest)))
        return [p for p in parts if p]
    text = clean_space(strip_tags(cell))
    return [text] if text else []


def map_columns(cells: list[str], single_task_column: bool = False) -> dict[int, str] | None:
    """Header cells -> {column: field} (``tables.column_fields``); None when the row names no lead and no task column."""
    mapping = {i: name for i, name in enumerate(column_fields(cells, single_task_column)) if name}
    return mapping if "lead" in mapping.values() and "text" in mapping.values() else None


def _is_numbering_row(cells: list[str]) -> bool:
    pat = rx(load_json("appendix.json")["numbering_cell"])
    filled = [c for c in cells if c.strip()]
    if len(filled) < 3:
        return False
    # OCR misreads a few digits of the row ('z', '5;', 'S')
    hits = sum(bool(pat.match(c)) for c in filled)
    return all(pat.match(c) or len(re.sub(r"\W", "", c)) <= 2 for c in filled) and hits >= max(3, 0.6 * len(filled))


# a content cell that hands its work to a body itself ('Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã vận động …'), folded
_REQUEST = re.compile(r"^\s*(?:de nghi|giao(?: cho)?)\s+\S")


def parse_table_rows(
    rows: list[TableRow], section_label: str | None, reg: AgencyRegistry | None = None,
    named_lead: Callable[[str], str | None] | None = None,
) -> list[TaskDraft]:
    """Rows (line_idx, page_no, cells) of an appendix; a str row is a line outside the table. ``named_lead``: the
    agency a request names first ('Đề nghị X vận động …' -> X), the lead of a row whose lead cell is empty."""
    cfg = load_json("appendix.json")
    group_re, no_re = rx(cfg["group_line"]), rx(cfg["task_no"])
    cols: dict[int, str] | None = None
    group: str | None = None
    drafts: list[TaskDraft] = []
    wrapped_ok = False  # the row above was a task row: a row of text alone below it is its wrapped cells
    for r_i, row in enumerate(rows):
        line_idx, page_no, cells = row[0], row[1], row[2]
        row_words: list[list[Word]] = row[3] if len(row) > 3 else []  # type: ignore[misc]
        if not isinstance(cells, str) and not row_words and not any(c.strip() for c in cells):
            if wrapped_ok and drafts and max(drafts[-1].line_idx, drafts[-1].line_end) == line_idx - 1:
                # a line the row above took (an OCR'd '|' row wrapped over the page's lines, extract.structure's
                # ocr_pipe_rows leaves it a lone tab): the row's source runs on to it
                drafts[-1].line_end = line_idx
            continue
        if isinstance(cells, str):
            m = group_re.match(_roman_fold(cells.strip()))
            if m and cols is not None and m.group(2)[:1].isupper():
                group = clean_space(m.group(2))
            continue
        header = map_columns(cells, single_task_column=True)
        if header:
            cols = header
            continue
        if cols is None:
            continue
        if _is_numbering_row(cells):
            # text spilled into the numbering row continues the previous row's cell
            for i, c in enumerate(cells):
                extra = rx(cfg["numbering_cell"]).sub("", c, count=1).strip()
                if extra and drafts and cols.get(i) == "product":
                    drafts[-1].product = clean_space((drafts[-1].product or "") + " " + extra)
            continue
        fields: dict[str, list[str]] = {}
        for i, c in enumerate(cells):
            name = cols.get(i)
            if name:
                fields[name] = _paras(c)
        no_cell = " ".join(fields.get("no", []))
        if rx(cfg["boxes"]["roman_like"]).match(no_cell) and not fields.get("lead") or _group_row(
                no_cell, fields, _next_row(rows, r_i, cols), bool(row_words)):
            group = clean_space(" ".join(fields.get("text", []) or fields.get("group", []))) or group
            wrapped_ok = False
            continue  # a group row: 'I | Hạ tầng và dữ liệu', 'A | Nhóm nhiệm vụ …', '1 | Cải cách …' over '1.1'
        if wrapped_ok and not row_words and _wrapped_row(no_cell, fields, cols, drafts[-1]):
            # a row of the text layer that holds the rest of the row above (its cells wrapped onto another line)
            d = drafts[-1]
            d.text = clean_space(d.text + " " + " ".join(fields.get("text", [])))
            if fields.get("deadline"):
                more = clean_space(" ".join(fields["deadline"]))
                # ('Trước ngày' over '30/5/2026': the date the cell wrapped onto the next line, the phrase whole)
                d.deadline_text = f"{d.deadline_text} {more}" if cut_deadline(d.deadline_text, more) else more
            if fields.get("product"):
                d.product = clean_space((d.product or "") + " " + " ".join(fields["product"]))
            for key in ("lead", "support"):
                more = clean_space(" ".join(fields.get(key, [])))
                had = getattr(d, key)
                if more:  # the rest of the row above's agency cell: one cell with it ('Bảo hiểm xã hội Việt Nam,' + 'Kho …')
                    setattr(d, key, [*had[:-1], (clean_space(had[-1][0] + " " + more), had[-1][1])] if had
                            else [(more, "")])
            d.line_end = line_idx
            continue
        texts: list[str] = []
        merged = False
        for g in fields.get("group", []):
            g = _roman_fold(g)
            gm = group_re.match(g)
            if gm and gm.group(2)[:1].isupper():
                group = clean_space(gm.group(2))
            elif no_re.match(g):
                texts.append(g)  # a task pushed into the 'Nhiệm vụ chung' column (merged row)
                merged = True
            elif not fields.get("text"):
                texts.append(g)
        texts += fields.get("text", [])
        if not texts:
            continue
        k = len(texts)
        merged = merged or any(len(v) not in (1, k) for v in fields.values() if v)
        for t_i, text in enumerate(texts):
            m = no_re.match(text)
            if not m and _is_header_cell(text):
                continue  # a repeated header row, garbled by OCR ('Cơquan chủmì')
            d = TaskDraft(
                "appendix", clean_space(text[m.end() :] if m else text), page_no, line_idx, section_label,
                task_no=m.group(1) if m else None, group=group, confidence=0.6 if merged else 0.9,
            )
            if row_words:
                d.words = row_words[t_i] if len(row_words) == k else [w for ws in row_words for w in ws]
            d.product = _pick(fields.get("product", []), t_i, k)
            d.deadline_text = _span_end(_pick(fields.get("deadline", []), t_i, k))
            d.lead = [(x, "") for x in _pick_agencies(fields.get("lead", []), t_i, k, reg)]
            if len(d.lead) == 1:
                lead_part, support_part = _split_roles(d.lead[0][0])
                d.lead = [(lead_part, "")] if lead_part else []
                fields.setdefault("support", [])
                if support_part:
                    fields["support"] = [*fields["support"], support_part]
            if d.task_no is None and re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*\.?", no_cell):
                d.task_no = no_cell.rstrip(".")  # '3', or '1.2' under a group row '1'
            wrapped_ok = True
            # a row number OCR garbled ('+' for 4) is still a short token in the STT column
            # (a row rebuilt from OCR boxes is a row of its own even when OCR lost its number at the ruling)
            numbered = d.task_no or 0 < len(no_cell.strip()) <= 2 or bool(row_words) and "no" in cols.values()
            inline = _inline_leads(d.text, reg) if not fields.get("lead") and reg is not None else None
            if inline:
                d.lead = [(x, "") for x in inline]  # 'Phòng Kinh tế: chủ trì lập …' in the content cell leads it
            if not d.lead and not fields.get("lead") and named_lead is not None and _REQUEST.match(fold(d.text)) \
                    and (named := named_lead(d.text)):
                d.lead = [(named, "")]  # 'Đề nghị Ủy ban Mặt trận … vận động …' with its lead cell empty: not the row above's
            if not d.lead and "lead" in cols.values() and not fields.get("lead") and numbered and drafts \
                    and drafts[-1].group == group:
                d.lead = list(drafts[-1].lead)  # a lead cell merged down over this row (empty in the text)
            if not d.lead and "lead" in cols.values() and not fields.get("lead") and group and _agency_heading(group):
                d.lead = [(group, "")]  # a group row that names an agency alone ('I | Sở Văn hóa và Thể thao') leads it
            d.support = [(x, "") for x in _pick_agencies(fields.get("support", []), t_i, k, reg)]
            drafts.append(d)
    return drafts


def _span_end(cell: str | None) -> str | None:
    """A deadline cell that spans a time ('Từ tháng 11/2026 đến tháng 4/2027') read as its end ('đến tháng 4/2027'),
    as a sentence's span is (extract.deadlines.find_deadline); a cell that names a condition alone ('Khi triều cường
    vượt báo động III') none; any other cell as printed."""
    if condition_only(cell):
        return None
    if cell and re.match(r"\s*tu\b", fold(cell)) and re.search(r"\bden\b", fold(cell)):
        return find_deadline(cell) or cell
    return cell


def _inline_leads(text: str, reg: AgencyRegistry) -> list[str] | None:
    """The agencies a content cell opens with before a colon ('Phòng Kinh tế: chủ trì lập …', 'Công an xã, Ban Chỉ huy
    Quân sự xã: huy động …'), each a registry's name or a plausible one; None when it opens otherwise ('Kiểm tra: …')."""
    head, colon, duty = text.partition(":")
    if not colon or len(head) > 100 or len(duty.strip()) < 10 or not head[:1].isupper():
        return None
    found = reg.split_mentions(head.strip())
    if not found or not all(reg.best_seed(c)[1] >= FUZZY_THRESHOLD or plausible_agency(c) for c in found):
        return None
    return found


_ROLE_SUPPORT = re.compile(r"\(?\s*\b(?:va |cung )?phoi hop(?: voi)?\b\)?")
_ROLE_LEAD = re.compile(r"\(?\s*\bchu tri\b\)?")
_LEAD_LABEL = re.compile(r"^\s*(?:don vi |co quan )?chu tri\s*:\s*")


def _split_roles(cell: str) -> tuple[str, str | None]:
    """One 'Cơ quan thực hiện' cell that names both roles: 'Sở Tư pháp chủ trì; Sở Nội vụ phối hợp', 'Sở Nội vụ
    chủ trì, phối hợp với Thanh tra tỉnh', 'Sở Tư pháp (chủ trì), Sở Nội vụ', 'Chủ trì: Sở Tư pháp; phối hợp: Sở Nội vụ'
    -> (lead, supporting agencies)."""
    fc = fold(cell)
    sm = _ROLE_SUPPORT.search(fc)
    lm = _ROLE_LEAD.search(fc)
    labelled = _LEAD_LABEL.match(fc)
    if labelled:
        # the roles as labels: 'Chủ trì: Sở Nông nghiệp và Môi trường; phối hợp: Công an tỉnh'
        sm = _ROLE_SUPPORT.search(fc, labelled.end())
        lead, rest = cell[labelled.end() : sm.start() if sm else len(cell)], cell[sm.end() :] if sm else ""
    elif lm and (sm is None or lm.start() < sm.start()):
        lead, rest = cell[: lm.start()], cell[lm.end() :]
    elif sm:
        lead, rest = cell[: sm.start()], cell[sm.end() :]
    else:
        return cell, None
    rest = re.sub(r"(?i)\(?\s*\b(v[àa] |c[ùu]ng )?ph\w{0,2}i h\w{0,2}p( v\w{0,2}i)?\s*\)?", " ", rest)
    strip = " ,;:.-–()"
    return clean_space(lead).strip(strip), clean_space(rest).strip(strip) or None


def _next_row(rows: list[TableRow], i: int, cols: dict[int, str]) -> dict[str, str]:
    """The next table row after row ``i``, its cells by field ({} at the table's end)."""
    for row in rows[i + 1 :]:
        cells = row[2]
        if isinstance(cells, str):
            continue
        return {name: clean_space(cells[c]) for c, name in cols.items() if c < len(cells)}
    return {}


_GROUP_NO = re.compile(r"^(?:[A-ZĐ]|\d{1,2}|[a-zđ])[.)]?$")
_SUB_NO = re.compile(r"^\d{1,3}\.\d")


def _group_row(no: str, fields: dict[str, list[str]], nxt: dict[str, str], boxed: bool) -> bool:
    """A group heading inside a task table: its number and its name and nothing else (no agency, deadline or product),
    numbered with a capital letter ('A'), or with the number the next row's number starts with ('1' over '1.1',
    'a' over 'a.1'). Read from OCR boxes, a short name alone above a row that names its agency or deadline is one
    too, whatever OCR made of its number ('l' for 1, lost at the ruling)."""
    # (a cell of a bar's glyph alone, 'II| NHÓM … | I|', is an empty cell whose rule OCR read as a letter)
    if any(c.strip(" |Il![]") for k in ("lead", "support", "deadline", "product") for c in fields.get(k) or []) \
            or not fields.get("text"):
        return False
    no, next_no = no.strip(), nxt.get("no", "")
    name = " ".join(fields["text"])
    if len(no) <= 3 and len(name.split()) >= 2 and name.isupper() and not name.rstrip().endswith((".", ";")):
        return True  # a name in capitals: a group row whatever OCR made of its number ('IỊ', '¡', lost)
    if boxed and len(name.split()) <= 12 and not name.rstrip().endswith((".", ";")) \
            and (nxt.get("lead") or nxt.get("deadline")) and not _SUB_NO.match(no):
        return True
    if not no:
        return False
    if _SUB_NO.match(next_no) and not no[:1].isdigit() and len(no) <= 2:
        return True  # its number garbled by OCR ('»' for 2), the next row numbered under it ('2.1')
    if not _GROUP_NO.match(no):
        return False
    if no[:1].isupper() and not no[:1].isdigit():
        return True
    return bool(next_no) and next_no.startswith(no.rstrip(".)") + ".")


def _wrapped_row(no: str, fields: dict[str, list[str]], cols: dict[int, str], above: TaskDraft | None = None) -> bool:
    """A line of a text table that carries only the wrapped end of the row above: no number where the table numbers
    its rows, no agency and no deadline, some text. A deadline on it is the row above's when that row's deadline
    cell is empty (a cell printed against the bottom of a wrapped row: 'Số hóa hồ sơ … và xả | | Cục …' over
    '| thải vào nguồn nước | Tháng 9/2026')."""
    late = {"deadline"} if above is not None and (not above.deadline_text or cut_deadline(above.deadline_text)) else set()
    if late and fields.get("deadline") and not fields.get("text") and "no" in cols.values() and not no.strip() \
            and cut_deadline(above.deadline_text if above is not None else None):
        return not any(fields.get(k) for k in ("lead", "support"))  # only the date of 'Trước ngày' above
    if fields.get("text") and fields["text"][0][:1].islower() and above is not None:
        # its text cell goes on in small letters ('| thu ngân sách | | Kho bạc Nhà nước' under '1 | Kết nối … với hệ
        # thống | Quý II/2026 | Bảo hiểm xã hội Việt Nam,'): the row above's wrapped cells, its lead's and support's too
        late |= {"lead", "support"}
    return ("no" in cols.values() and not no.strip() and bool(fields.get("text"))
            and not any(fields.get(k) for k in ("lead", "support", "deadline") if k not in late))


def _is_header_cell(text: str) -> bool:
    """A short cell that reads as one of the table's header labels, spaces and marks aside."""
    key = re.sub(r"\W", "", fold(text))
    return len(text.split()) <= 4 and any(
        fuzz.ratio(key, label) >= 85 for label in load_json("appendix.json")["header_cells"])


def _roman_fold(s: str) -> str:
    """'VỊ. Cải cách ...' (a roman number given a tone by restoration) -> 'VI. Cải cách ...'."""
    return re.sub(r"^(\s*)([IVXỊÌÍ]{1,5})(?=[\s.,])", lambda m: m.group(1) + fold(m.group(2)).upper(), s)


def _pick(paras: list[str], i: int, k: int) -> str | None:
    if not paras:
        return None
    if len(paras) == k:
        return paras[i]
    if len(paras) > k:
        return paras[i] if i < k - 1 else paras[-1]
    return " ".join(paras)


def _pick_agencies(paras: list[str], i: int, k: int, reg: AgencyRegistry | None) -> list[str]:
    """Agency cell(s) of task i of k in one row; one cell naming exactly k agencies is split among them."""
    if k > 1 and len(paras) != k and reg is not None:
        parts = _agency_parts(paras, k, reg)
        if parts is not None:
            return [parts[i]]
    v = _pick(paras, i, k)
    return [v] if v else []


def _agency_parts(paras: list[str], k: int, reg: AgencyRegistry) -> list[str] | None:
    """k agency cells out of one cell's paragraphs (or paragraph candidates cut at wrapped names):
    the cell's mentions when there are k of them, else its paragraph breaks that fall between mentions."""
    joined = "; ".join(paras)
    mentions = reg.split_mentions(joined)
    if len(mentions) == k:
        return [m.replace("; ", " ") for m in mentions]
    if len(paras) < k:
        return None
    spans, pos = [], 0
    for m in mentions:
        at = joined.find(m, pos)
        if at < 0:
            return None
        spans.append((at, at + len(m)))
        pos = at + len(m)
    cuts, off = [], 0
    for p in paras[:-1]:
        off += len(p) + 2
        if not any(a < off - 1 < b for a, b in spans):
            cuts.append(off)
    if len(cuts) != k - 1:
        return None
    bounds = [0, *cuts, len(joined) + 2]
    # inside a part, a break between two mentions stays '; ', one inside a wrapped name becomes a space
    return ["; ".join(joined[x:y].replace("; ", " ") for x, y in spans if a <= x < b)
            for a, b in zip(bounds, bounds[1:], strict=False)]


def appendix_rows_from_text(lines: list[Line], start: int) -> list[TableRow]:
    rows: list[TableRow] = []
    for ln in lines[start:]:
        if not ln.text.strip():
            continue
        if "\t" in ln.text:
            rows.append((ln.idx, ln.page_no, ln.text.split("\t")))
        else:
            rows.append((ln.idx, ln.page_no, ln.text))
    return rows


def text_table_blocks(lines: list[Line], start: int = 0, end: int | None = None) -> list[list[TableRow]]:
    """Tab-separated tables of a text between lines ``start`` and ``end``, wherever they stand (in the body of a
    thông báo or a plan's 'Nhiệm vụ' section, or an appendix after the signature): one list of rows per run of
    tab lines whose first row names a task and a lead column. A table of another kind (results by year) is
    skipped whole, so its rows never take an earlier table's columns."""
    blocks: list[list[TableRow]] = []
    cur: list[TableRow] = []
    gap: list[str] = []  # lines since the last table row
    for ln in lines[start:end] + [Line(-1, 0, "")]:
        if "\t" in ln.text:
            if not cur and blocks and _page_break(gap) and _same_header(blocks[-1][0][2], ln.text.split("\t")):
                cur = blocks.pop()  # the table goes on over a page break, its header repeated: one table
            cur.append((ln.idx, ln.page_no, ln.text.split("\t")))
            gap = []
            continue
        if cur and not gap and _GROUP_LINE.match(_roman_fold(ln.text.strip())) \
                and map_columns(cur[0][2], single_task_column=True):  # type: ignore[arg-type]
            # a group row written across the table ('I. CÔNG TÁC QUY HOẠCH', its cells merged: no tab) right under
            # a row: the table goes on below it, the rows under it in that group
            cur.append((ln.idx, ln.page_no, ln.text))
            continue
        gap.append(ln.text)
        if cur and map_columns(cur[0][2], single_task_column=True):  # type: ignore[arg-type]
            blocks.append(cur)
        cur = []
    return blocks


_GROUP_LINE = rx(load_json("appendix.json")["group_line"])


def _page_break(gap: list[str]) -> bool:
    """Lines between two runs of table rows that are only a page's furniture: blank, a page number ('- 2 -')."""
    return len(gap) <= 3 and all(len(re.sub(r"[\W\d_]", "", fold(g))) <= 5 for g in gap)


def _same_header(a: list[str] | str, b: list[str]) -> bool:
    return not isinstance(a, str) and [fold(clean_space(c)) for c in a] == [fold(clean_space(c)) for c in b]


# ---------------------------------------------------------------------------------------------------
# body sections and responsibilities

# 'Trên đây là ...', 'Trong quá trình triển khai thực hiện, nếu có khó khăn ...': closing sentences, no task
_CLOSING = rx(load_json("appendix.json")["closing"])


# 'NHIỆM VỤ VÀ GIẢI PHÁP', 'PHƯƠNG HƯỚNG, NHIỆM VỤ VÀ GIẢI PHÁP NĂM 2026' (a report's next-year part)
_TASKS_FIRST = rx(r"^(ph\w{0,2}ng h\w{0,2}ng,?\s+(va\s+)?)?nhi\w{0,2}m v\w{0,2}\b")
# a sentence that opens with a request verb ('Hướng dẫn …', 'Phối hợp với …') names no agency before it
_VERB_FIRST = rx(f"^({load_json('letters.json')['verbs']})\\b")
# items that assign nothing: a plan's or submission's funding, legal basis, necessity ('2. Kinh phí thực hiện: …')
_NO_TASK = rx(load_json("letters.json")["item_no_task"])
_TO_ALL = rx(load_json("letters.json")["closing_to_all"])
_HEADS_CLOSING = rx(load_json("letters.json")["heads_closing"])
_STANDING = rx(load_json("letters.json")["standing_body"])
_RESULT_OPENING = rx(load_json("letters.json")["result_opening"])
_ACHIEVED = rx(load_json("targets.json")["achieved"])


def results_sentence(marker: str, text: str) -> bool:
    """An unnumbered sentence of results under a task part ('Năm học 2025-2026, 100% học sinh … đã được cấp học bạ
    số.', 'Đến nay, … đã hoàn thành …'): a period, then a result reached (targets.json 'achieved', or 'đã' with
    'được'): what was done, no task."""
    ft = fold(text)
    return marker == "plain" and _RESULT_OPENING.match(ft) is not None and (
        _ACHIEVED.search(ft) is not None or re.search(r"\bda (?:duoc\s|\w+ \w+ duoc\b)", ft) is not None)


def closing_to_all(marker: str, text: str) -> bool:
    """An unnumbered closing sentence to every unit ('Các cơ quan, đơn vị … căn cứ Kế hoạch này xây dựng kế hoạch …',
    '… chịu trách nhiệm trước Chủ tịch …'; patterns/letters.json 'closing_to_all'): no task. A numbered item so
    worded ('2. Các sở giáo dục và đào tạo căn cứ Kế hoạch này …') is one, but for the heads' closing formula ('2. Thủ
    trưởng các sở, ban, ngành … chịu trách nhiệm tổ chức thực hiện Kế hoạch này'; letters.json 'heads_closing')."""
    ft = fold(text)
    return marker in ("plain", "para") and bool(_TO_ALL.match(ft)) or bool(_HEADS_CLOSING.match(ft))


def standing_body(text: str, deadline: str | None) -> bool:
    """'X là cơ quan thường trực, theo dõi, tổng hợp …' with no deadline of its own: it names the body that follows
    the plan up, no task (with '…, báo cáo … trước ngày 15/12/2026' it assigns that report; a closing sentence to
    every unit run on after it sets no deadline of the role's). 'Giao X là cơ quan đầu mối …' is the same role."""
    if not _STANDING.match(fold(text)):
        return False
    if not deadline:
        return True
    # the deadline a closing sentence after it sets to every unit ('Giao Chi cục … là cơ quan đầu mối theo dõi … .
    # Các cơ quan, đơn vị báo cáo kết quả về Sở … trước ngày 20/12/2026.') is none of the role's
    first, *rest = re.split(r"(?<=\.)\s+(?=[A-ZĐÂĂÊÔƠƯ])", text.strip())
    return bool(rest) and fold(deadline) not in fold(first) and all(closing_to_all("plain", x) for x in rest)


def _decides(sec: Section) -> str | None:
    # a long sentence is no heading; an upper-case part title may be long ('III. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM
    # CÔNG TÁC CẢI CÁCH HÀNH CHÍNH 6 THÁNG CUỐI NĂM 2026')
    if len(sec.heading) > (150 if sec.level == 1 and sec.heading.isupper() else 60):
        return None
    r = sec.roles
    if "tasks" in r and "solutions" in r and _TASKS_FIRST.match(fold(sec.heading)):
        return "tasks"  # 'II. NHIỆM VỤ VÀ GIẢI PHÁP': a plan's task part (a 'GIẢI PHÁP THỰC HIỆN' part is not)
    if r & {"purpose", "solutions", "funding", "implementation", "appendix"}:
        return "no"
    if "tasks" in r:
        return "tasks"
    if r & {"goals", "targets"}:
        return "no"
    return None


_HEADINGS = ("roman", "number", "subnumber", "letter")


_DEPTH = {"roman": 0, "number": 1, "subnumber": 2, "letter": 3, "bullet": 4, "sub": 5}


def _announcers(paras: list[Para]) -> tuple[dict[int, Para], set[int]]:
    """For each paragraph (by index), the list item above it that announces it with a colon ('- Sở Tư pháp:' over
    '+ Rà soát …'), or the numbered heading above it that is an agency's name alone ('3. Sở Khoa học và Công nghệ'
    over its '-' tasks); and the indexes of such announcing items, which are headings of the items under them."""
    above: dict[int, Para] = {}
    heads: set[int] = set()
    stack: list[tuple[int, int]] = []  # (depth, index) of items that end with ':'
    for i, p in enumerate(paras):
        depth = _DEPTH.get(p.marker)
        if depth is None:
            continue
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            above[i] = paras[stack[-1][1]]
            heads.add(stack[-1][1])
        if p.text.rstrip().endswith(":") or p.marker in ("number", "subnumber", "letter") and _agency_heading(p.text):
            stack.append((depth, i))
    return above, heads


# 'Đối với' before the agency a sub-heading names ('Đối với Ủy ban nhân dân các xã, phường')
_FOR = re.compile(r"^(?:doi voi|trach nhiem cua)\s+")
# the places a body is named for in every province, at a name's end, folded
_EVERY_PLACE = re.compile(r"\s+cac\s+tinh,\s*thanh pho(?:\s+truc thuoc trung uong)?\s*$")
_HEADING_REGISTRY = AgencyRegistry(None, None, None)  # no jurisdiction: whether a heading is a registry name


def _agency_heading(text: str) -> bool:
    """A heading that is an agency's name and nothing else, no colon after it ('3. Sở Khoa học và Công nghệ', '2. Đối
    với Ủy ban nhân dân các xã, phường'): the items under it are its tasks, as under '3. Sở Khoa học và Công nghệ:'.
    A sentence (a full stop, more than 12 words) or a topic ('1. Về cải cách thể chế') is none."""
    name = text.strip()
    m = _FOR.match(fold(name))
    name = name[m.end() :] if m else name
    # a body named for every province ('Sở Nông nghiệp và Môi trường các tỉnh, thành phố trực thuộc Trung ương'): its
    # places are no words of its name that the count should see
    every = _EVERY_PLACE.search(fold(name))
    name = name[: every.start()].strip() if every and every.start() else name
    if not name or len(name.split()) > 12 or re.search(r"[.;:]\s*$", name):
        return False
    return _HEADING_REGISTRY.best_seed(name)[1] >= MERGE_THRESHOLD or plausible_agency(name)


# an item's attributes on lines of their own under it: '- Cơ quan chủ trì: Sở Tư pháp.', '- Thời gian hoàn thành: …';
# several on one line ('Đơn vị chủ trì: Phòng Kinh tế; phối hợp: …'), or after the item's own sentence ('… thôn Phú
# Hà. Chủ trì: Phòng Kinh tế, thời gian: Quý III/2026.')
_ATTRS = [(name, rx(pat)) for name, pat in load_json("appendix.json")["item_attributes"]]
# where a further attribute may start: after a separator (a ':' too, OCR's reading of a ';')
_ATTR_AT = re.compile(r"[.;,:]\s+")


def _label_at(ft: str, pos: int) -> tuple[str, int] | None:
    """(field, end of its label) of an attribute label starting at ``pos`` of folded text, if one does."""
    for name, pat in _ATTRS:
        m = pat.match(ft[pos:])  # (the patterns open with '^', which matches at a string's start only)
        if m:
            return name, pos + m.end()
    return None


def _attributes(text: str, inline: bool = False) -> tuple[str, dict[str, str]] | None:
    """(the text before the first label, {field: value}) of a line of attributes ('Cơ quan chủ trì: Sở Tư pháp;
    phối hợp: Sở Nội vụ.' -> ('', {'lead': 'Sở Tư pháp', 'support': 'Sở Nội vụ'})). With ``inline`` the labels may
    follow the item's own sentence ('Kiểm tra … tập trung. Đơn vị chủ trì: Trạm Y tế xã; thời gian: hằng quý.'),
    which must then name a lead or a deadline; None when the text holds no labels so placed. A deadline value keeps
    its deadline phrase ('hoàn thành trước ngày 30/4/2026' -> 'trước ngày 30/4/2026')."""
    ft = fold(text)
    starts = [0] + [m.end() for m in _ATTR_AT.finditer(ft)] if inline else [0]
    found: list[tuple[int, str, int]] = []  # (label start, field, value start)
    for pos in starts:
        hit = _label_at(ft, pos)
        if hit is not None:
            found.append((pos, *hit))
    if not found or not inline and found[0][0] != 0:
        return None
    # after the first label, further labels on the line split the values ('…; phối hợp: …, thời gian: …')
    first = found[0][0]
    found = [found[0]] + [(pos, *hit) for pos in (m.end() for m in _ATTR_AT.finditer(ft, found[0][2]))
                          if (hit := _label_at(ft, pos)) is not None]
    if inline and first and not {"lead", "deadline"} & {f for _, f, _ in found}:
        return None
    out: dict[str, str] = {}
    for k, (_, name, vstart) in enumerate(found):
        vend = found[k + 1][0] if k + 1 < len(found) else len(text)
        value = clean_space(text[vstart:vend]).strip(" .;,:")
        if name == "deadline" and value:
            value = find_deadline(value) or value
        if value and name not in out:
            out[name] = value
    return clean_space(text[:first]).strip(" .;,"), out


# a plan's sub-part heading named 'Mục 2. Phát triển hạ tầng và nền tảng số' (extract.structure reads it as '2.')
# ('Mục I.' as OCR reads a '1.': a digit misread as a roman one, which structure then leaves a plain line)
_MUC_LINE = re.compile(r"^\s*(?:Mục|MỤC)\s+(?:\d{1,2}|[IVXl]{1,4})\s*[.:]")


def _muc_heading(st: Structure, p: Para) -> bool:
    """A 'Mục N.' line that is no sentence ('Mục 1. Hoàn thiện cơ chế, chính sách phát triển kinh tế số' over its
    'Nhiệm vụ 1:', 'Nhiệm vụ 2:' items, which structure reads as its siblings): the part's title, never a task."""
    line = next((ln for ln in st.lines if ln.idx == p.line_idx), None)
    return line is not None and bool(_MUC_LINE.match(line.text)) and not re.search(r"[.;]\s*$", p.text)


# a clause that strives for a figure ('phấn đấu đến hết năm 2027 hoàn thành 96 công trình'; folded)
_STRIVES = re.compile(r"\bphan dau\b[^.;]{0,100}?\d")


def body_drafts(st: Structure) -> list[TaskDraft]:
    out: list[TaskDraft] = []
    # a closing paragraph ('Trên đây là báo cáo …') under the last item does not make that item a heading
    # (nor does a sentence that states a target, 'Phấn đấu đến hết năm 2026, 100% …': the targets reader's)
    parents = {s.parent for s in st.sections.values()} | {
        p.section for p in st.paras if p.marker not in _HEADINGS and not _CLOSING.match(fold(p.text))
        and not (p.marker == "plain" and STATEMENT.match(fold(p.text))) and not closing_to_all(p.marker, p.text)}
    above, heads = _announcers(st.paras)
    # attribute lines, and the item each belongs to (the nearest item above that is none)
    attrs: dict[int, dict[str, str]] = {}
    attr_lines: set[int] = set()
    own_text: dict[int, str] = {}  # an item's text without the attributes written after it on its own line
    owner: int | None = None
    for i, p in enumerate(st.paras):
        a = _attributes(p.text) if p.marker not in ("roman", "number", "subnumber") else None
        if a is None:
            owner = i
            inline = _attributes(p.text, inline=True) if p.marker != "roman" else None
            if inline is not None and len(inline[0]) >= 15:
                own_text[i] = inline[0]
                attrs.setdefault(i, {}).update(inline[1])
        elif owner is not None:
            attr_lines.add(i)
            attrs.setdefault(owner, {}).update(a[1])
    for i, p in enumerate(st.paras):
        if i in attr_lines:
            continue
        if i in attrs and "lead" in attrs[i] or "deadline" in attrs.get(i, {}):
            # an item whose lead or deadline stands on lines below it is a task, whatever its shape
            verdict = next((v for v in (_decides(s) for s in st.chain(p.section)) if v), None)
            if verdict == "tasks" and p.marker != "roman":
                a = attrs[i]
                no = p.section.rsplit(".", 1)[-1] if p.marker in ("letter", "number", "subnumber") and p.section else None
                last = max([st.paras[j].last_line for j in attr_lines if j > i and all(
                    k in attr_lines for k in range(i + 1, j + 1))] or [p.last_line])
                d = TaskDraft("body", own_text.get(i, p.text), p.page_no, p.line_idx, p.section, task_no=no,
                              confidence=0.7, line_end=last, product=a.get("product"), deadline_text=a.get("deadline"))
                d.lead = [(a["lead"], "")] if a.get("lead") else []
                d.support = [(a["support"], "")] if a.get("support") else []
                out.append(d)
                continue
        if i in heads:
            continue  # '- Rà soát, đơn giản hóa thủ tục hành chính:' over its '+' items: their heading
        # a numbered sentence with nothing under it is a task itself ('III. NHIỆM VỤ / 1. Sở Tư pháp rà soát …'),
        # a numbered line with items under it is their heading
        item = p.marker == "number" and p.section not in parents and len(p.text) >= 40
        if p.marker in ("roman", "number") and not item or p.text.startswith("(") or len(p.text) < 25 \
                or p.marker in ("number", "plain") and _muc_heading(st, p):
            continue
        chain = st.chain(p.section)
        if p.marker == "letter" and chain and len(chain[0].heading) < 60 and (
                p.section in parents or not re.search(r"[.;]\s*$", p.text)):
            continue  # a short 'b) Nhiệm vụ' heading (a short sentence 'a) Rà soát … trong Quý I/2026.' is a task)
        if p.marker == "plain" and p.section and _STRIVES.search(fold(p.text)) and any(
                q.section and q.section.startswith(p.section + ".") for q in st.paras[i + 1 :]):
            # a part's opening paragraph that sets its goal ('Tiếp tục huy động …, phấn đấu đến hết năm 2027 hoàn thành
            # 96 công trình …') above the numbered tasks that reach it: the targets reader's, no task
            continue
        if _NO_TASK.match(fold(p.text)) or p.marker == "plain" and STATEMENT.match(fold(p.text)) \
                or closing_to_all(p.marker, p.text) or results_sentence(p.marker, p.text):
            continue  # 'Kinh phí thực hiện: …', 'Căn cứ pháp lý: …', 'Phấn đấu … đạt 100%' assign nothing
        nxt = st.paras[i + 1] if i + 1 < len(st.paras) else None
        if p.marker == "subnumber" and nxt is not None and nxt.marker in ("letter", "bullet", "sub") \
                and not re.search(r"[.;]\s*$", p.text):
            continue  # '1.1. Về kiểm soát thủ tục hành chính' over its 'a)' / '-' items: their heading
        # a submission's summary of the plan it submits ('II. NỘI DUNG CHỦ YẾU CỦA DỰ THẢO KẾ HOẠCH'): extract_document
        # keeps its items only when the submission assigns no task of its own
        summary = any("summary" in s.roles for s in chain)
        verdict = next((v for v in (_decides(s) for s in chain) if v), None)
        if verdict != "tasks" or "phu luc" in fold(p.text) or _CLOSING.match(fold(p.text)):
            continue
        group = next((s.heading for s in chain if s.level == 2), None)
        no = p.section.rsplit(".", 1)[-1] if p.marker in ("letter", "number") and p.section else None
        out.append(TaskDraft("body", p.text, p.page_no, p.line_idx, p.section, task_no=no, group=group,
                             confidence=0.7, line_end=p.last_line, context=above[i].text if i in above else None,
                             summary=summary))
    return out


def responsibility_drafts(st: Structure, reg: AgencyRegistry, lead_of: Callable[[str], str | None] | None = None,
                          own: str | None = None) -> list[TaskDraft]:
    """Duties under the agencies an implementation part names ('1. Sở Nội vụ: …'). ``lead_of`` gives the agency a
    sentence names before its verb (extract.letters.item_lead): a numbered sentence that opens with an agency and
    its verb ('1. Văn phòng Bộ hướng dẫn, theo dõi …; báo cáo Bộ trưởng hằng quý.') is that agency's duty, whole.
    A numbered sentence that opens with its verb names no agency: with ``own`` (the issuer of a report or a
    submission) it is the issuer's own undertaking ('Sở Tài chính sẽ: 1. Hướng dẫn …'), else no duty."""
    cfg = load_json("appendix.json")
    out: list[TaskDraft] = []
    impl = [s for s in st.sections.values() if s.level == 1 and "implementation" in s.roles]
    for top in impl:
        subs = [s for s in st.sections.values() if s.kind in ("number", "subnumber") and top in st.chain(s.label)[1:]]
        labels = {s.label for s in subs}
        if lead_of is not None and (body := _part_body(top)) is not None:
            duties = _part_duties(st, top, body, reg, lead_of)
            if duties is not None:
                out += duties
                continue
        if lead_of is not None:
            # (with numbered duties below, the paragraphs above the first of them: a heading OCR garbled, '[. Trách
            # nhiệm của các sở, ngành', leaves its agencies' paragraphs in the part itself)
            out += _agency_paragraphs(st, top, lead_of)
        for sub in subs:
            mention_src = sub.heading
            fh = fold(mention_src)
            if _HEADS_CLOSING.match(fh):
                continue  # '2. Thủ trưởng các sở, … chịu trách nhiệm tổ chức thực hiện Kế hoạch này./.': the closing
            pm = rx(cfg["agency_prefix"]).match(fh)
            start = pm.end() if pm else 0
            sm = rx(cfg["agency_suffix"]).search(fh, start)
            end = sm.start() if sm else len(mention_src)
            mention = mention_src[start:end].strip(" .:")
            duty_in_heading = mention_src[end:].strip(" .:;") if sm else ""
            if lead_of is not None and sm and not duty_in_heading:
                # 'Đề nghị các bộ, … và Ủy ban nhân dân các tỉnh, … phối hợp thực hiện các nội dung sau:': the
                # addressees end at the heading's verb, the words after are no agency
                named = lead_of(mention_src[:end])
                if named and len(named) < len(mention) and fold(mention).startswith(fold(named)) \
                        and _VERB_FIRST.match(fold(mention)[len(fold(named)) :].lstrip(" ,")):
                    mention = named
            if lead_of is not None and "implementation" in sub.roles and len(mention_src) <= 60 \
                    and not mention_src.rstrip().endswith((".", ";", ":")) and _VERB_FIRST.match(fh[start:]):
                # a sub-part that is the implementation's own title ('1. Trách nhiệm thực hiện') over sub-parts by level
                # ('a) Cấp thành phố'): the items under it that open with their agency are its duties
                out += _named_duties(st, sub, labels, "", top, lead_of)
                continue
            named = lead_of(mention_src) if lead_of is not None and mention_src.rstrip().endswith((".", ";")) else None
            subject = bool(named and not fh[len(named):].lstrip().startswith(":"))  # the sentence's own subject
            if subject and named:
                mention, duty_in_heading = named, mention_src.strip(" ;")
            elif lead_of is not None and _VERB_FIRST.match(fh[start:]):
                heading_lead = _heading_agency(st.sections.get(sub.parent or ""), reg) if sub.kind == "subnumber" else None
                if heading_lead:
                    # '1. Sở Xây dựng' (no colon) over '1.1. Hướng dẫn …', '1.2. Kiểm tra …': each item its duty
                    para = next(p for p in st.paras if p.line_idx == sub.line_idx)
                    d = TaskDraft("responsibility", mention_src.strip(" ;"), para.page_no, para.line_idx, sub.label,
                                  task_no=sub.label.rsplit(".", 1)[-1], group=heading_lead[:120], confidence=0.75,
                                  line_end=para.last_line)
                    d.lead = [(heading_lead, "")]
                    out.append(d)
                    continue
                if own and mention_src.rstrip().endswith((".", ";")):
                    para = next(p for p in st.paras if p.line_idx == sub.line_idx)
                    d = TaskDraft("responsibility", mention_src.strip(" ;"), para.page_no, para.line_idx, sub.label,
                                  task_no=sub.label.rsplit(".", 1)[-1], group=top.heading[:120], confidence=0.7,
                                  line_end=para.last_line)
                    d.lead = [(own, WHOLE)]
                    out.append(d)
                continue
            found = reg.split_mentions(mention)
            # ('Thuế tỉnh Nghệ An hướng dẫn …': a national body's branch by its place is an agency, named as written)
            known = [c for c in found if reg.best_seed(c)[1] >= FUZZY_THRESHOLD or national_branch(c)]
            # (a sentence's subject before its verb is a body even when its name holds a comma no plausible name has:
            # '2. Trung tâm Khảo kiểm nghiệm giống, sản phẩm cây trồng quốc gia lấy mẫu …')
            if lead_of is not None and not known and found and not any(plausible_agency(c) for c in found) \
                    and not (subject and len(found) == 1):
                # a heading that names no agency: a phase ('1. Giai đoạn triển khai (từ tháng 7 …)') or a topic ('2. Về
                # chế độ báo cáo: Sở … tổng hợp …'): each item under it, and the duty after its colon, that opens with
                # its agency is that agency's duty
                out += _named_duties(st, sub, labels, duty_in_heading if sm else "", top, lead_of)
                continue
            # several agencies no registry holds before one colon ('Trung tâm Nước sạch …, Trung tâm Khuyến nông thành
            # phố: vận động …'): each leads, and the item is kept as printed
            listed = not known and len(found) > 1 and duty_in_heading and fh[end:].lstrip().startswith(":") \
                and all(plausible_agency(c) for c in found)
            cells = known or (found if len(mention) <= 60 or listed or subject and len(found) == 1 else [])
            if subject and known and len(found) > 1:
                # bodies as one sentence's subject, one in no registry and written with or without its place word
                # ('2. Sở Nông nghiệp và Môi trường, Chi cục Kiểm lâm tỉnh hướng dẫn …'): each leads, not the known one
                # alone (a piece no name has, 'khu vực' of 'Kho bạc Nhà nước khu vực', is none)
                cells = [c for c in found if c in known or plausible_agency(c)]
            whole = one_name(mention, reg)  # one name that holds a comma: never split at it
            if whole:
                cells = [mention]
            if not cells:
                log.debug("no agency in responsibility heading %r", sub.heading[:80])
                continue
            paras = [
                p for p in st.paras
                if p.section and _owner(st, p, labels) == sub.label and p.line_idx != sub.line_idx
                and not _CLOSING.match(fold(p.text)) and not closing_to_all(p.marker, p.text)
            ]
            collective = re.search(r"(?:^|\s)cac\s", fold(mention)) is not None  # 'các sở, ngành'
            # '1. Phòng … thực hiện các nhiệm vụ sau, hoàn thành trước ngày 30/6/2025:': the deadline of every item
            # under it that sets none of its own
            due = announced_deadline(mention_src, cells) if mention_src.rstrip().endswith(":") else None
            if len(duty_in_heading) > 20:
                # the duty after the agency's colon is kept with its 'Agency:' lead as printed ('1. Phòng Nghiệp vụ Y:
                # kiểm tra …', 'Cục A, Vụ B: rà soát …'); a duty after a verb phrase ('… có trách nhiệm …') alone
                para = next(p for p in st.paras if p.line_idx == sub.line_idx)
                inline = listed or fh[end:].lstrip().startswith(":")
                paras.insert(0, Para(mention_src.strip(" ;") if inline else duty_in_heading, para.page_no,
                                     para.line_idx, "plain", sub.label, line_end=para.last_line))
            for p in paras:
                if len(p.text) < 15:
                    continue
                no = p.section.rsplit(".", 1)[-1] if p.marker == "letter" and p.section else None
                role = "support" if rx(cfg["support_start"]).match(fold(p.text)) else "lead"
                d = TaskDraft("responsibility", p.text, p.page_no, p.line_idx, p.section, task_no=no,
                              group=sub.heading[:120], confidence=0.75, line_end=p.last_line)
                mentions = [(c, WHOLE if whole else SPLIT) for c in cells]
                named_here = lead_of(p.text) if lead_of is not None and collective else None
                if named_here:
                    # under a heading that names many bodies ('1. Trách nhiệm của các sở, ngành'), a paragraph that
                    # opens with its own agency ('Sở Tài chính chủ trì xây dựng …') is that agency's duty
                    mentions, role = [(named_here, "")], "lead"
                if role == "lead":
                    d.lead = mentions
                else:
                    d.support = mentions
                if due and p.line_idx != sub.line_idx and not deadline_outside(p.text, [m for m, _ in mentions]):
                    d.deadline_text = due
                out.append(d)
    if lead_of is not None:
        for top in (s for s in st.sections.values() if s.level == 1 and "activities" in s.roles):
            out += _activity_paragraphs(st, top, lead_of, reg)
    return out


_PART_OF = re.compile(r"^trach nhiem (?:thuc hien )?cua\s+")  # folded: 'III. TRÁCH NHIỆM CỦA CÁC CƠ SỞ GIÁO DỤC'


def _part_body(top: Section) -> str | None:
    """A part titled for the body that does its items ('III. TRÁCH NHIỆM CỦA CÁC CƠ SỞ GIÁO DỤC', 'II. Trách nhiệm
    của Trung tâm Kiểm soát bệnh tật tỉnh'): that body's name as printed (a name printed in capitals in small letters
    but for its first, and for the registry's spelling of the name it opens with), else None."""
    m = _PART_OF.match(fold(top.heading))
    if not m:
        return None
    name = top.heading[m.end() :].strip(" .:;")
    if not name or len(name.split()) > 12 or _VERB_FIRST.match(fold(name)) or re.search(r"[.;:]", name):
        return None
    if name.isupper():
        words = name.split()
        for n in range(len(words), 0, -1):
            known = best_seed_name(" ".join(words[:n]))
            if known and fold(known).split() == fold(" ".join(words[:n])).split():
                return " ".join([known, *(w.lower() for w in words[n:])])
        return body_name(name)
    return name


def _part_duties(st: Structure, top: Section, body: str, reg: AgencyRegistry,
                 lead_of: Callable[[str], str | None]) -> list[TaskDraft] | None:
    """A guide's or plan's part titled for the body that does its items ('II. TRÁCH NHIỆM CỦA SỞ GIÁO DỤC VÀ ĐÀO TẠO
    CÁC TỈNH, THÀNH PHỐ' over '1. Chỉ đạo …', '2. Tổng hợp …'; 'III. TRÁCH NHIỆM CỦA CÁC CƠ SỞ GIÁO DỤC' over 'a) Lập
    sổ …'): each numbered, lettered or dashed item in it is that body's duty, though none names it (an item that opens
    with an agency of its own is that one's). None when a heading in the part names a body of its own ('1. Sở Tư
    pháp:', '2. Ủy ban nhân dân các xã'): the part is read by its agencies' headings then."""
    under = [s for s in st.sections.values() if top in st.chain(s.label)[1:]]
    for s in under:
        if s.heading.rstrip().endswith(":") or _agency_heading(s.heading):
            return None
        named = lead_of(s.heading)
        if named and fold(s.heading).startswith(fold(named)):
            return None
    for p in st.paras:
        # an unnumbered line that heads its body's items ('Sở Xây dựng các tỉnh, thành phố …:' over '- Rà soát …') is
        # such a heading too
        if p.marker == "plain" and p.text.rstrip().endswith(":") and top in st.chain(p.section) \
                and (named := lead_of(p.text)) and fold(p.text).startswith(fold(named)):
            return None
    how = WHOLE if one_name(body, reg) else SPLIT
    out = []
    for p in st.paras:
        if p.marker not in ("number", "subnumber", "letter", "bullet", "sub") or top not in st.chain(p.section) \
                or len(p.text) < 15:
            continue
        ft = fold(p.text)
        if _CLOSING.match(ft) or closing_to_all(p.marker, p.text) or _NO_TASK.match(ft) or p.text.rstrip().endswith(":"):
            continue
        own = lead_of(p.text)
        no = p.section.rsplit(".", 1)[-1] if p.marker in ("number", "subnumber", "letter") and p.section else None
        d = TaskDraft("responsibility", p.text, p.page_no, p.line_idx, p.section, task_no=no, group=top.heading[:120],
                      confidence=0.7, line_end=p.last_line)
        d.lead = [(own, "")] if own and ft.startswith(fold(own)) else [(body, how)]
        out.append(d)
    return out


_DONE = re.compile(r"(?<!\w)đã(?!\w)")  # 'Sở Y tế đã tổ chức …' (an agency name may swallow it)
_ASKS = re.compile(r"(?:de nghi|giao)\s+")  # folded: 'Đề nghị Hội Cựu chiến binh xã …', the body asked


def _activity_paragraphs(st: Structure, top: Section, lead_of: Callable[[str], str | None],
                         reg: AgencyRegistry) -> list[TaskDraft]:
    """A guide's or plan's part of activities ('II. NỘI DUNG HOẠT ĐỘNG', 'II. NỘI DUNG') by topic ('1. Giám sát, phát
    hiện ca bệnh', headings): each unnumbered paragraph or line under it that opens with an agency as its subject
    ('Trạm Y tế các xã, phường tổ chức khám …', 'Bảo tàng tỉnh chủ trì, phối hợp với … hoàn thiện …') is that
    agency's task (extract.letters.split_agency_sentences parts one paragraph's sentences). The rest describes the
    activity and assigns nothing; a topic named as a task or implementation part is read as such, not here."""
    out = []
    for p in st.paras:
        chain = st.chain(p.section)
        if top not in chain or p.marker not in ("plain", "bullet") or len(p.text) < 25 or any(
                _decides(s) for s in chain):
            continue
        ft = fold(p.text)
        if _CLOSING.match(ft) or closing_to_all(p.marker, p.text) or _NO_TASK.match(ft) or STATEMENT.match(ft):
            continue
        agency = lead_of(p.text)
        asks = _ASKS.match(ft)  # 'Đề nghị Hội Cựu chiến binh xã … phát động …': the body asked, its request
        if not agency or not ft[asks.end() if asks else 0 :].startswith(fold(agency)) \
                or _DONE.search(p.text[: len(agency) + 4]):
            continue  # opens otherwise, or reports what the agency did ('Sở Y tế đã tổ chức …')
        if p.text.rstrip().endswith(":") and p.section:
            out += _announced_steps(st, p, agency, lead_of, reg)
            continue
        d = TaskDraft("responsibility", p.text, p.page_no, p.line_idx, p.section, group=top.heading[:120],
                      confidence=0.7, line_end=p.last_line)
        d.lead = [(agency, "")]
        out.append(d)
    return out


def _announced_steps(st: Structure, intro: Para, agency: str, lead_of: Callable[[str], str | None],
                     reg: AgencyRegistry) -> list[TaskDraft]:
    """A sub-part's opening line that names its unit once and announces the steps below ('Các cơ sở khám bệnh, chữa
    bệnh thực hiện theo các bước sau:' over '1. Phân công đầu mối …', '2. Cập nhật …'): no task itself, each numbered
    or lettered step under it that unit's task (a step that opens with an agency of its own is that one's)."""
    parts = reg.split_mentions(agency)
    # one name, whole, unless every piece is an agency ('Sở Y tế các tỉnh, thành phố …' is one; 'Sở A, Sở B' two)
    how = SPLIT if len(parts) > 1 and all(reg.best_seed(x)[1] >= FUZZY_THRESHOLD or plausible_agency(x)
                                          for x in parts) else WHOLE
    out = []
    for p in st.paras:
        if p.line_idx <= intro.line_idx or p.section == intro.section or p.marker not in ("subnumber", "letter") \
                or intro.section not in [s.label for s in st.chain(p.section)] or len(p.text) < 15:
            continue
        ft = fold(p.text)
        if _CLOSING.match(ft) or closing_to_all(p.marker, p.text) or _NO_TASK.match(ft):
            continue
        own = lead_of(p.text)
        d = TaskDraft("responsibility", p.text, p.page_no, p.line_idx, p.section, task_no=p.section.rsplit(".", 1)[-1],
                      group=intro.text[:120], confidence=0.7, line_end=p.last_line)
        d.lead = [(own, "")] if own and ft.startswith(fold(own)) else [(agency, how)]
        out.append(d)
    return out


# the places of a body named for every province or commune ('Sở Nông nghiệp và Môi trường các tỉnh, thành phố')
_PLACES_OF = re.compile(r"^cac\s+(?:tinh|thanh pho|xa|phuong|huyen|quan|dac khu)\b")


def one_name(mention: str, reg: AgencyRegistry) -> bool:
    """A mention that the registry splits at a comma inside one name: a department whose name holds a comma ('Cục
    Chất lượng, Chế biến và Phát triển thị trường', the piece after it capitalised and no agency) or a body named
    for every province ('Sở Nông nghiệp và Môi trường các tỉnh, thành phố'). Peers stay apart ('Phòng Kinh tế,
    Phòng Văn hóa - Xã hội'), and so does a body and the others it names ('Sở Y tế, các đơn vị liên quan')."""
    parts = reg.split_mentions(mention)
    if len(parts) < 2 or "," not in mention:
        return False  # (a split at no comma is the registry's reading of a name run on: 'Bảo hiểm xã hội Việt Nam chia')
    for x in parts[1:]:
        if _PLACES_OF.match(fold(x)):
            continue
        if not x[:1].isupper() or f", {x}" not in mention or reg.best_seed(x)[1] >= FUZZY_THRESHOLD \
                or plausible_agency(x):
            return False
    return True


def _heading_agency(sec: Section | None, reg: AgencyRegistry) -> str | None:
    """A numbered heading that is one agency's name alone, no colon, no duty ('1. Sở Xây dựng', '2. Ban Quản lý dự án
    đầu tư xây dựng tỉnh'): that agency (a registry's or a plausible name as written), else None."""
    if sec is None or sec.kind != "number" or len(sec.heading) > 80 or re.search(r"[:;.,()]", sec.heading.rstrip(" .")):
        return None
    name = sec.heading.strip(" .")
    if reg.best_seed(name)[1] >= FUZZY_THRESHOLD or plausible_agency(name) and not _VERB_FIRST.match(fold(name)):
        found = reg.split_mentions(name)
        return name if found == [name] else None
    return None


def _agency_paragraphs(st: Structure, top: Section, lead_of: Callable[[str], str | None]) -> list[TaskDraft]:
    """An implementation part written as one paragraph per agency, unnumbered ('Sở Công Thương là cơ quan thường trực,
    theo dõi …' / 'Sở Tài chính tham mưu bố trí kinh phí …' / 'Các sở, ban, ngành … căn cứ …'): each paragraph that
    opens with its agency is that agency's duty. A part of one such sentence is the plan's closing word on who
    follows it up, no task (as the earlier documents have it)."""
    # sub-parts by level ('a) Tuyến tỉnh', 'b) Tuyến xã'): their agencies' paragraphs are the part's own
    levels = {s.label for s in st.sections.values() if s.parent == top.label and s.kind == "letter"
              and LEVEL_HEADING.match(fold(s.heading))}
    paras = [p for p in st.paras if (p.section == top.label or p.section in levels) and p.marker in ("plain", "bullet")
             and not _CLOSING.match(fold(p.text)) and not closing_to_all(p.marker, p.text) and len(p.text) >= 25
             and not _NO_TASK.match(fold(p.text))]  # 'Các nội dung cụ thể giao các đơn vị như sau:' announces them
    named = [(p, lead_of(p.text)) for p in paras]
    # a role sentence beside them ('Cục Cơ sở vật chất là đơn vị đầu mối, theo dõi …') is one of the part's
    # paragraphs by agency too, though no duty (standing_body): with it, one duty more makes the part so written
    roles = sum(1 for p in st.paras if p.section == top.label and p.marker in ("plain", "bullet")
                and _STANDING.match(fold(p.text)) and p not in paras)
    if sum(1 for _, n in named if n) + roles < 2:
        # one sentence that gives the follow-up to an agency ('Giao Sở Y tế theo dõi, đôn đốc …') or asks a body
        # outside the issuer's line ('Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh phối hợp tuyên truyền …') assigns
        # it a task; any other lone sentence ('Sở Nội vụ là cơ quan thường trực, theo dõi …') is the closing word
        named = [(p, n) for p, n in named if n and fold(p.text).startswith(("giao ", "de nghi "))]
        if len(paras) != 1 or not named:
            return []
    out = []
    for p, agency in named:
        if not agency:
            continue
        # '- Sở Tài chính: tham mưu …': kept with its 'Agency:' lead as printed, as under a numbered heading
        d = TaskDraft("responsibility", p.text, p.page_no, p.line_idx, top.label, group=top.heading[:120],
                      confidence=0.7, line_end=p.last_line)
        d.lead = [(agency, "")]
        out.append(d)
    return out


_ITEM_MARKS = ("bullet", "letter", "sub")


def addressee_items(st: Structure, drafts: list[TaskDraft], reg: AgencyRegistry,
                    lead_of: Callable[[str], str | None]) -> list[TaskDraft]:
    """An UNNUMBERED line that is a body's name alone and a colon ('Ủy ban nhân dân các tỉnh, thành phố trực thuộc
    Trung ương:', 'Các viện nghiên cứu thuộc Bộ:', 'Công an phường:') over '-' or 'a)' items, in a part that assigns
    tasks: each item is that body's task (an item that opens with an agency of its own keeps it), whatever numbered
    item stands above the line; the line itself is no task. Items no other reader took are added."""
    by_line: dict[int, list[TaskDraft]] = {}
    for d in drafts:
        by_line.setdefault(d.line_idx, []).append(d)
    heads: set[int] = set()
    out = list(drafts)
    for i, p in enumerate(st.paras):
        if p.marker != "plain" or not p.text.rstrip().endswith(":") or not p.section:
            continue
        name = p.text.rstrip()[:-1].strip()
        if not _agency_heading(name) or _VERB_FIRST.match(fold(name)) or not any(
                "implementation" in s.roles or _decides(s) == "tasks" for s in st.chain(p.section)):
            continue
        items = []
        for q in st.paras[i + 1 :]:
            if q.marker not in _ITEM_MARKS:
                break
            items.append(q)
        if not items:
            continue
        heads.add(p.line_idx)
        how = WHOLE if one_name(name, reg) else SPLIT
        for q in items:
            ft = fold(q.text)
            if len(q.text) < 15 or _CLOSING.match(ft) or closing_to_all(q.marker, q.text):
                continue
            own = lead_of(q.text)
            lead = [(own, "")] if own and ft.startswith(fold(own)) else [(name, how)]
            taken = by_line.get(q.line_idx)
            if not taken:
                no = q.section.rsplit(".", 1)[-1] if q.marker == "letter" and q.section else None
                taken = [TaskDraft("responsibility", q.text, q.page_no, q.line_idx, q.section, task_no=no,
                                   group=name[:120], confidence=0.7, line_end=q.last_line)]
                out += taken
            for d in taken:
                d.lead, d.support = list(lead), []
    return [d for d in out if d.line_idx not in heads]


def _named_duties(st: Structure, sub: Section, labels: set[str], duty: str, top: Section,
                  lead_of: Callable[[str], str | None]) -> list[TaskDraft]:
    """Under a heading of an implementation part that names no agency, the items that open with theirs (and the
    duty after the heading's own colon): each that agency's duty; the rest assign nothing."""
    head = next(p for p in st.paras if p.line_idx == sub.line_idx)
    paras = [p for p in st.paras if p.section and _owner(st, p, labels) == sub.label and p.line_idx != sub.line_idx
             and not _CLOSING.match(fold(p.text)) and not closing_to_all(p.marker, p.text)]
    if len(duty) > 20:
        paras.insert(0, Para(duty, head.page_no, head.line_idx, "plain", sub.label, line_end=head.last_line))
    out = []
    for p in paras:
        agency = lead_of(p.text)
        if not agency or len(p.text) < 15:
            continue
        no = p.section.rsplit(".", 1)[-1] if p.marker == "letter" and p.section else None
        d = TaskDraft("responsibility", p.text, p.page_no, p.line_idx, p.section, task_no=no,
                      group=sub.heading[:120], confidence=0.7, line_end=p.last_line)
        d.lead = [(agency, "")]
        out.append(d)
    return out


def _owner(st: Structure, p: Para, labels: set[str]) -> str | None:
    """The deepest agency subsection ('2.', '2.1.') a paragraph belongs to."""
    return next((s.label for s in st.chain(p.section) if s.label in labels), None)


# ---------------------------------------------------------------------------------------------------
# rows


def draft_rows(drafts: list[TaskDraft], doc_id: str, reg: AgencyRegistry,
               prov: Provenance | None = None) -> tuple[list[TaskRow], list[TaskAgencyRow]]:
    """Task rows and their agency links; with ``prov``, each placed on its page (its lines, or the words of
    its table row), a link on its mention's words (else where its task is)."""
    tasks: list[TaskRow] = []
    links: list[TaskAgencyRow] = []
    for n, d in enumerate(drafts, 1):
        tid = task_id(doc_id, n)
        dl = parse_deadline(d.deadline_text)
        span = None
        if prov is not None:
            span = prov.words(d.page_no, d.words) if d.words else prov.lines(d.line_idx, d.line_end)
        where = {**unplaced(), **columns(span)}
        where["page_no"] = where["page_no"] or d.page_no
        tasks.append(
            TaskRow(
                task_id=tid, doc_id=doc_id,
                section_id=section_id(doc_id, d.section_label) if d.section_label else None,
                source=d.source, task_no=d.task_no, task_group=d.group, text=d.text, product=d.product,
                deadline_text=dl.text, deadline_date=dl.date, recurrence=dl.recurrence,
                deadline_quarter=dl.quarter, **where, confidence=d.confidence, overridden=None,
            )
        )
        seen: set[tuple[str, str]] = set()
        for role, cells in (("lead", d.lead), ("support", d.support)):
            for cell, how in cells:
                # (one name the registry would split at its comma: 'Sở Y tế các tỉnh, thành phố trực thuộc Trung ương')
                mentions = [cell] if how == WHOLE or how == SPLIT and one_name(cell, reg) \
                    else [x.strip() for x in cell.split(";")] if how == LISTED else reg.split_mentions(cell)
                resolved = [(m, reg.resolve(m)) for m in mentions]
                if any(ag.kind != "unresolved" for _, ag in resolved):
                    # a fragment the split left beside a real agency ('… và' cut off a name) is no agency of its own
                    resolved = [(m, ag) for m, ag in resolved if ag.kind != "unresolved"] \
                        if len(resolved) > 1 else resolved
                for mention, ag in resolved:
                    if ag.kind == "unresolved":
                        tasks[-1].confidence = min(tasks[-1].confidence, 0.5)
                    if (ag.agency_id, role) in seen:
                        continue
                    seen.add((ag.agency_id, role))
                    # the mention's own words where the task's text or row holds them, else the task's place
                    own = prov.within(mention, span) if prov is not None else None
                    at = {**where, **columns(own)} if own is not None else where
                    links.append(TaskAgencyRow(task_id=tid, doc_id=doc_id, agency_id=ag.agency_id, role=role,
                                               mention=mention, **at, overridden=None))
    return tasks, links
