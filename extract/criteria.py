"""Index-criteria appendices (PAR-INDEX style): one row per criterion (tiêu chí / tiêu chí thành phần) with its
full score (điểm chuẩn), the score achieved in the baseline year (điểm đạt được <năm>), the tasks and
solutions to improve it, the lead agency (cơ quan chủ trì), the supporting units and a deadline.

The tables come out of OCR as text: cells of a row's first line separated by '|' (often, not always),
wrapped cell text on the following lines without separators, page headers repeated and garbled. A row
starts at a criterion code ('2.4.1', OCR '242', '34.1', '6.24'); a line 'N | UPPER-CASE HEADING' is a
criterion group. Continuation lines are joined heuristically:

- the criterion name continues in the first characters of the next few lines (the name column's width,
  in characters, is taken from the first line's name cell);
- the rest of each line goes to the task text; when a continuation line has '|' separators its cells are
  aligned from the right with (lead, support, deadline);
- a task cell whose first line starts in lower case continues the previous criterion's cell (a merged
  cell shared by several criteria): the criteria share that text, its lead and its deadline;
- a lead cell cut by the wrap ('Sở Tài' / 'chính') is completed with words of the next lines while that
  makes it a better match for a known agency.

Each criterion becomes a quantitative target (value = max_value = full score, comparator '=': a score
cannot exceed the full score, so reaching it is the target; baseline_value/baseline_year = the score
achieved; target_year = the plan's year) and, when it has task text, an appendix task
(task_no = criterion code, group = the criterion group heading).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from extract.agencies import FUZZY_THRESHOLD, AgencyRegistry
from extract.patterns import load_json, match_domain, section_roles
from extract.provenance import Provenance, place
from extract.rows import TargetRow, unplaced
from extract.structure import Line
from extract.tasks import TaskDraft
from normalize.text import clean_space, fold

log = logging.getLogger(__name__)

_CFG = load_json("criteria.json")


def _row_re(key: str) -> re.Pattern[str]:
    return re.compile(_CFG[key].replace("CODE", _CFG["code"]).replace("NUM", _CFG["num"]))


# code, then the name, then full score and achieved score (standalone tokens), then the rest
_ROW = _row_re("row")
# a row whose achieved score is unreadable or missing: code, name, one number
_ROW1 = _row_re("row_one_number")
_GROUP = re.compile(_CFG["group"])
_DEADLINE_START = re.compile(_CFG["deadline_start"])
_XUYEN = re.compile(_CFG["xuyen"])
_NOTE = re.compile(_CFG["note"])  # Điều tra (restored), Diéu / Piéu tra (OCR)
_SCORE_HEAD = re.compile(_CFG["score_head"])
_TASK_HEAD = re.compile(_CFG["task_header"])
_DEADLINE_SPLIT = re.compile(_CFG["deadline_split"])
_HEADER_WORDS = frozenset(load_json("tables.json")["header_words"] + load_json("tables.json")["criteria_table_words"])


@dataclass
class Criterion:
    code: str
    name: str
    max_value: float | None
    baseline_value: float | None
    group: str | None
    line_idx: int
    page_no: int
    task: list[str] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    deadline: list[str] = field(default_factory=list)
    name_width: int = 24
    name_lines: int = 0
    shares_previous: bool = False
    raw: list[str] = field(default_factory=list)
    line_end: int = -1  # last line (Line.idx) of the row; -1: line_idx only


def _code(raw: str) -> str:
    digits = raw.replace(".", "")
    return ".".join(digits)


def _num(tok: str) -> float | None:
    if tok in ("l", "]"):
        return 1.0
    if re.fullmatch(r"0\d{2,4}", tok):  # '07426': the decimal comma lost
        return float("0." + tok[1:])
    try:
        return float(tok.replace(",", "."))
    except ValueError:
        return None


def _is_header(text: str) -> bool:
    """A repeated (garbled) table header line, or a stray fragment of one."""
    toks = [re.sub(r"[^a-z0-9]", "", t) for t in fold(text).split()]
    toks = [t for t in toks if t]
    if not toks:
        return True
    if _SCORE_HEAD.search(fold(text)) and len(toks) <= 8:
        return True  # 'Điểm đạt được' starting a repeated header
    known = sum(t in _HEADER_WORDS or re.fullmatch(r"20\d\d", t) is not None for t in toks)
    if _TASK_HEAD.search(fold(text)) and "|" in text and (
        "chu tri" in fold(text) or "coquan" in fold(text).replace(" ", "")
    ):
        return True
    return len(toks) <= 6 and known / len(toks) >= 0.5


def _split_deadline(cells: list[str]) -> list[str]:
    """[.., support + ' Thường', note] -> [.., support, 'Thường'] (a lost separator)."""
    if len(cells) >= 2 and _NOTE.fullmatch(" " + cells[-1]):
        cells = cells[:-1]  # the 'Ghi chú' column ('Điều tra xã hội học')
    if not cells:
        return cells
    last = clean_space(cells[-1])
    if _DEADLINE_START.match(fold(last)):
        return cells
    m = _DEADLINE_SPLIT.search(last)
    if m:
        return [*cells[:-1], last[: m.start()], m.group(1) + m.group(2)]
    return cells


def find_criteria(lines: list[Line], start: int = 0) -> tuple[list[Criterion], int | None]:
    """Criterion rows of the first index-criteria table at or after ``start``; (rows, baseline year)."""
    crits: list[Criterion] = []
    group: str | None = None
    active = False
    years: Counter[int] = Counter()
    for ln in lines[start:]:
        text = ln.text.strip()
        if not text:
            continue
        ft = fold(text)
        if active and any(p.match(ft) for p in section_roles()["appendix"]):
            break
        m = _ROW.match(text)
        m1 = None if m else _ROW1.match(text)
        if not active and (m or m1) and "." in (m or m1).group("code"):
            active = True
        g = _GROUP.match(text)
        if g and not m and not m1:
            heading = clean_space(g.group("heading").replace("|", " "))
            letters = [c for c in heading if c.isalpha()]
            if len(letters) >= 8 and sum(c.isupper() for c in letters) / len(letters) >= 0.7:
                group = heading
                continue
        if not active:
            if "diem" in ft or "2022" in ft or re.search(r"\b20\d\d\b", ft) and _is_header(text):
                years.update(int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", ft) if _is_header(text))
            continue
        if m or m1:
            mm = m or m1
            assert mm is not None
            if m:
                max_v, base = _num(m.group("max")), _num(m.group("score"))
            else:
                v = _num(mm.group("num"))
                # one number: a decimal below the usual full score is the achieved score
                max_v, base = (None, v) if v is not None and v < 1 and "," in mm.group("num") else (v, None)
            name = clean_space(mm.group("name").replace("|", " ").replace("[", " "))
            rest = re.sub(r"^\s*\|", "", mm.group("rest"))
            cells = [c.strip() for c in rest.split("|")]
            cells = _split_deadline(cells) if len(cells) >= 3 else cells
            c = Criterion(_code(mm.group("code")), name, max_v, base, group, ln.idx, ln.page_no,
                          name_width=max(len(name) + 3, 18))
            c.raw.append(text)
            task = cells[0] if cells else ""
            if task:
                c.task.append(task)
            if len(cells) >= 2 and cells[1]:
                c.lead.append(cells[1])
            if len(cells) >= 3 and cells[2]:
                c.support.append(cells[2])
            if len(cells) >= 4 and cells[3]:
                c.deadline.append(_NOTE.sub("", cells[3]))
            first = re.sub(r"^[^\w(]+", "", task)
            c.shares_previous = bool(crits) and (not first or first[:1].islower()) and crits[-1].group == group
            crits.append(c)
            continue
        if not crits or _is_header(text):
            if _is_header(text):
                years.update(int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", ft))
            continue
        _continue(crits[-1], text)
        crits[-1].line_end = ln.idx
    _repair_codes(crits)
    log.debug("%d criteria rows", len(crits))
    base_year = years.most_common(1)[0][0] if years else None
    return crits, base_year


def _repair_codes(crits: list[Criterion]) -> None:
    """'574' read for 5.7.1 before 5.7.2 ... 5.7.4: a code repeated later takes its successor's predecessor."""
    for i, c in enumerate(crits[:-1]):
        later = {x.code for x in crits[i + 1 :]}
        nxt = crits[i + 1].code.split(".")
        if c.code in later and len(nxt) == 3 and c.code[:3] == crits[i + 1].code[:3] and int(nxt[2]) > 1:
            fixed = f"{nxt[0]}.{nxt[1]}.{int(nxt[2]) - 1}"
            if fixed not in {x.code for x in crits}:
                c.code = fixed


def _continue(c: Criterion, text: str) -> None:
    """Join one wrapped line into the open criterion's cells."""
    c.raw.append(text)
    cells = [x.strip() for x in text.split("|")]
    head = cells[0]
    if len(cells) >= 2:
        right = cells[1:]
        names = ["deadline", "support", "lead"]
        for name, val in zip(names, reversed(right), strict=False):
            if not val:
                continue
            getattr(c, name).append(_NOTE.sub("", val) if name == "deadline" else val)
    elif c.deadline and len(c.deadline) == 1 and len(c.deadline[0].split()) == 1:
        # 'Thường' / ... / 'xuyên' at the end of an unseparated line
        toks = head.split()
        if toks and _XUYEN.match(fold(toks[-1]).strip(".,")):
            c.deadline.append(toks[-1])
            head = " ".join(toks[:-1])
    if c.name_lines < 3 and head:
        words = head.split()
        taken: list[str] = []
        for w in words:
            if len(" ".join([*taken, w])) > c.name_width:
                break
            taken.append(w)
        if taken and len(taken) < len(words):
            c.name = clean_space(c.name + " " + " ".join(taken))
            head = " ".join(words[len(taken) :])
            c.name_lines += 1
        else:
            c.name_lines = 3
    if head:
        c.task.append(head)


def _complete_lead(c: Criterion, reg: AgencyRegistry) -> str:
    """The lead cell, completed with words wrapped onto the next lines while that improves its match."""
    lead = clean_space(" ".join(c.lead))
    if not lead:
        return ""
    best = reg.best_seed(lead)[1]
    if best >= FUZZY_THRESHOLD:
        return lead
    for line in c.raw[1:4]:
        words = re.sub(r"[|]", " ", line).split()
        cand_best = (best, lead)
        for i in range(len(words)):
            for j in range(i + 1, min(i + 4, len(words)) + 1):
                cand = lead + " " + " ".join(words[i:j])
                s = reg.best_seed(cand)[1]
                if s > cand_best[0] + 3:
                    cand_best = (s, cand)
        if cand_best[1] != lead and cand_best[0] >= FUZZY_THRESHOLD:
            return cand_best[1]
    return lead


def _deadline(c: Criterion) -> str | None:
    d = clean_space(" ".join(c.deadline))
    return d or None


def criteria_rows(
    lines: list[Line], doc_id: str, target_year: int | None, issue_year: int | None, reg: AgencyRegistry,
    ocr_pages: set[int], start: int = 0, prov: Provenance | None = None,
) -> tuple[list[TargetRow], list[TaskDraft]]:
    """Targets rows (without target_id) and appendix task drafts of an index-criteria table, if any."""
    crits, base_year = find_criteria(lines, start)
    if len(crits) < 3:
        return [], []
    if base_year is None and issue_year:
        base_year = issue_year - 1
    targets: list[TargetRow] = []
    drafts: list[TaskDraft] = []
    prev: TaskDraft | None = None
    prev_c: Criterion | None = None
    for c in crits:
        conf = 0.5 if c.page_no in ocr_pages else 0.6  # OCR'd tables only, so far
        targets.append(TargetRow(
            target_id="", doc_id=doc_id, section_id=None,
            domain=match_domain(fold(c.group or "")) or match_domain(fold(c.name)),
            indicator=c.name or None, kind="quantitative", value=c.max_value,
            unit="điểm", comparator="=" if c.max_value is not None else None, target_year=target_year,
            max_value=c.max_value, baseline_value=c.baseline_value,
            baseline_year=base_year if c.baseline_value is not None else None,
            text=clean_space(" ".join(c.raw))[:600], **{**unplaced(), "page_no": c.page_no}, confidence=conf, overridden=None,
        ))
        place(targets[-1], prov.lines(c.line_idx, c.line_end) if prov is not None else None)
        text = clean_space(" ".join(c.task))
        lead = _complete_lead(c, reg)
        deadline = _deadline(c)
        if c.shares_previous and prev is not None and prev_c is not None:
            # a merged task cell: this row's text continues it; both criteria share text, lead and deadline
            if text:
                prev.text = clean_space(prev.text + " " + text)
                for d in drafts:
                    if d.line_idx == prev.line_idx:
                        d.text = prev.text
            d = TaskDraft("appendix", prev.text, c.page_no, prev.line_idx, None, task_no=c.code, group=c.group,
                          confidence=0.45, line_end=c.line_end)
            d.lead = [(lead, "")] if lead else list(prev.lead)
            d.support = [(x, "") for x in [clean_space(" ".join(c.support))] if x] or list(prev.support)
            d.deadline_text = deadline or prev.deadline_text
            drafts.append(d)
            continue
        if not text:
            continue
        d = TaskDraft("appendix", text, c.page_no, c.line_idx, None, task_no=c.code, group=c.group,
                      confidence=0.55, line_end=c.line_end)
        d.lead = [(lead, "")] if lead else []
        sup = clean_space(" ".join(c.support))
        d.support = [(sup, "")] if sup else []
        d.deadline_text = deadline
        if not lead and prev is not None and prev.group == c.group:
            # no lead/deadline cells on this row: a vertically merged cell from the row above
            d.lead, d.deadline_text = list(prev.lead), deadline or prev.deadline_text
            d.support = d.support or list(prev.support)
            d.confidence = 0.45
        drafts.append(d)
        prev, prev_c = d, c
    log.debug("%s: %d index criteria, %d criterion tasks", doc_id, len(targets), len(drafts))
    return targets, drafts
