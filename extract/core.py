"""extract_document: one ingested (and restored) document -> rows of the extraction tables."""

from __future__ import annotations

import logging
import statistics
from dataclasses import dataclass, field
from typing import Any

from extract.agencies import AgencyRegistry, plausible_agency
from extract.boxes import BoxTableReader, page_has_table_header, restored_words, with_target_tables
from extract.criteria import criteria_rows
from extract.deadlines import deadline_outside, unless_past
from extract.header import extract_header
from extract.header_fields import header_field_rows
from extract.letters import (
    item_lead,
    lead_cell,
    letter_drafts,
    split_agency_sentences,
    strip_role,
    trailing_lead,
)
from extract.patterns import load_json, rx
from extract.provenance import Provenance, Span, assign_ordinals, columns, page_text, place
from extract.rows import SectionRow, section_id, target_id, unplaced
from extract.structure import Line, ocr_pipe_rows, page_lines, parse_structure, pipe_table_lines
from extract.tables import aligned_task_lines, cell_task_lines, run_together_task_lines
from extract.targets import default_year, extract_targets, plan_start, stray_ocr_years
from extract.tasks import (
    WHOLE,
    TaskDraft,
    addressee_items,
    appendix_rows_from_text,
    body_drafts,
    draft_rows,
    parse_table_rows,
    responsibility_drafts,
    standing_body,
    text_table_blocks,
)
from ingest.records import Document
from normalize.text import fold

log = logging.getLogger(__name__)

META_COLUMNS = (
    "doc_type", "doc_number", "issuer", "issuer_level", "province", "issue_place", "issue_date",
    "title", "period_start", "period_end", "signer", "issuer_parent", "subject", "recipients", "distribution",
    "signer_authority", "signer_title",
)


@dataclass
class Extraction:
    """What extract_document found in one document.

    The lists hold rows built as the typed dataclasses of ``extract.rows`` and handed over as dicts of
    exactly their table's columns (non-nullable ones checked), which is what the store writes.
    """

    meta: dict[str, Any] = field(default_factory=dict)
    sections: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    agencies: list[dict[str, Any]] = field(default_factory=list)
    task_agencies: list[dict[str, Any]] = field(default_factory=list)
    header_fields: list[dict[str, Any]] = field(default_factory=list)


def _line_tops(pages: list[Any], lines: list[Line], prov: Provenance) -> dict[int, int]:
    """Each scanned line's top in its page's pixels (Line.idx -> y), from the OCR word boxes; empty for a text."""
    ocr = {p.page_no for p in pages if p.method.startswith("ocr") and p.words}
    if not ocr:
        return {}
    tops: dict[int, int] = {}
    for ln in lines:
        if ln.page_no in ocr and ln.text.strip() and (sp := prov.lines(ln.idx)) is not None and sp.bbox:
            tops[ln.idx] = sp.bbox[1]
    return tops


def extract_document(doc: Document) -> Extraction:
    """Extract header metadata, sections, targets, tasks and agencies from one document.

    Uses each page's restored ``text`` (falls back to ``text_raw``). Scanned appendix pages with OCR word
    boxes get their table rebuilt from the boxes.
    """
    doc_id = doc.doc_id
    pages = sorted(doc.pages, key=lambda p: p.page_no)
    lines = page_lines([(p.page_no, page_text(p)) for p in pages])
    lines = pipe_table_lines(lines, {p.page_no for p in pages if p.method.startswith("ocr")})  # 'STT | Nội dung | …'
    lines = ocr_pipe_rows(lines, {p.page_no for p in pages if p.method.startswith("ocr")})  # its rows OCR wrapped
    lines = aligned_task_lines(lines, {p.page_no for p in pages if p.method.startswith("ocr")})  # a text's spaced table
    lines = run_together_task_lines(lines, {p.page_no for p in pages if p.method.startswith("ocr")})  # a scan's one
    prov = Provenance(pages, lines)
    lines = cell_task_lines(lines, _line_tops(pages, lines, prov))  # a task table written one cell per line
    prov = prov.relined(lines)
    st = parse_structure(lines)
    body_start = min((s.line_idx for s in st.sections.values()), default=None)
    meta = extract_header(lines, body_start)
    jurisdiction = meta.pop("_jurisdiction", None)
    issuer_body = meta.pop("_issuer_body", None)
    reg = AgencyRegistry(jurisdiction, meta.get("province"), meta.get("issuer_level"))
    # the addressees the 'Kính gửi' list names: where their names end when a request opens with one
    reg.local_names = [n for n in (strip_role(r) for r in meta.get("recipients") or []) if plausible_agency(n)]
    reg.addressees = {fold(strip_role(r)) for r in meta.get("recipients") or []}
    ocr_pages = {p.page_no for p in pages if p.method.startswith("ocr")}

    # a heading's last line: the paragraph it opens ends where the heading's wrapped lines end
    heading_end = {p.line_idx: p.last_line for p in st.paras}
    sections = [
        SectionRow(
            doc_id=doc_id,
            section_id=section_id(doc_id, s.label),
            parent_id=section_id(doc_id, s.parent) if s.parent else None,
            label=s.label,
            heading=s.heading,
            **{**unplaced(), "page_no": s.page_no,
               **columns(prov.lines(s.line_idx, heading_end.get(s.line_idx, s.line_idx)))}, overridden=None,
        )
        for s in st.sections.values()
    ]
    # a scanned page's table of targets is read from its word boxes, as a text table is (tasks keep the OCR'd lines);
    # a báo cáo's table with a results column keeps its OCR'd lines: a results column whose header OCR garbled is not
    # told from a plan's column once rebuilt (held-out reports' results tables came out as targets)
    report = meta.get("doc_type") == "BÁO CÁO"
    box_lines, box_rows = with_target_tables(pages, lines, report=report)
    targets = extract_targets(parse_structure(box_lines) if box_rows else st, doc_id, default_year(meta), ocr_pages,
                              prov, meta["issue_date"].year if meta.get("issue_date") else None,
                              report=report, plan_start=plan_start(meta))
    # a year OCR misread in a scanned table's header ('2050' for '2030') does not win over the document's period
    stray_ocr_years(targets, "\n".join(ln.text for ln in lines), ocr_pages,
                    meta["issue_date"].year if meta.get("issue_date") else None, meta.get("period_end"))
    for r in targets:
        if (r.page_no, r.line_start) in box_rows:
            place(r, prov.words(r.page_no, box_rows[(r.page_no, r.line_start)]))  # the row's own words

    own = load_json("letters.json")["own_undertakings"]
    drafts = body_drafts(st) + responsibility_drafts(st, reg, lambda text: item_lead(text, reg),
                                                     issuer_body if meta.get("doc_type") in own else None)
    drafts = addressee_items(st, drafts, reg, lambda text: item_lead(text, reg))  # 'Công an phường:' over '-' items
    for d in drafts:
        if d.source in ("body", "responsibility"):
            named = (item_lead(d.text, reg) or trailing_lead(d.text, reg)
                     or (item_lead(d.context, reg) if d.context else None)
                     if d.source == "body" and not d.lead else None)
            if named:
                d.lead = [lead_cell(named, reg)]  # 'Sở Tư pháp rà soát …': the agency the sentence names first
            d.deadline_text = d.deadline_text or deadline_outside(d.text, [m for m, _ in d.lead])
            if not d.lead and issuer_body and meta.get("doc_type") in own:
                d.lead = [(issuer_body, WHOLE)]  # a report's or submission's own undertakings
    distribution = rx(load_json("header.json")["letterhead"]["distribution"])  # 'Nơi nhận:' ends the body
    end = next((ln.idx for ln in lines if distribution.match(ln.folded)), len(lines))
    # no plan structure (công văn, thông báo, quyết định, …), or a plan issued by the document and printed after its
    # signature (a quyết định's articles, then the plan's parts): the numbered requests and articles of the body
    if not st.sections or body_start is not None and end < body_start:
        letter_tasks, letter_targets = letter_drafts(lines, end, meta, issuer_body, reg, prov)
        drafts += letter_tasks
        for r in letter_targets:
            r.doc_id = doc_id
            r.confidence = 0.65 if r.page_no in ocr_pages else r.confidence
            targets.append(r)
    issue_year = meta["issue_date"].year if meta.get("issue_date") else None
    crit_targets, crit_drafts = criteria_rows(lines, doc_id, meta.get("period_end") or meta.get("period_start"),
                                              issue_year, reg, ocr_pages, body_start or 0, prov)
    targets += crit_targets
    for n, r in enumerate(targets, 1):  # a document's targets in order: body, letters, index criteria
        r.target_id = target_id(doc_id, n)
    drafts += crit_drafts
    appendix_start = st.appendix_start if st.appendix_start is not None else _letter_appendix(lines)
    pasted: list[TaskDraft] = []  # rows of '|' tables on OCR'd pages (ocr_pipe_rows)
    for block in text_table_blocks(lines, 0, appendix_start):
        # a task table in the body (a thông báo's assignments, a plan's 'Nhiệm vụ cụ thể'): its section is the
        # one the last paragraph above it belongs to
        above = [p.section for p in st.paras if p.line_idx < block[0][0]]
        rows_of = parse_table_rows(block, above[-1] if above else None, reg, lambda text: item_lead(text, reg))
        drafts += rows_of
        pasted += [d for d in rows_of if d.page_no in ocr_pages]
    body_pages = [p for p in pages if appendix_start is None or p.page_no < lines[appendix_start].page_no]
    body_reader = BoxTableReader()
    runs: list[list[tuple[int, list[Any]]]] = []  # one list of (page, rows) per table, pages it runs over
    for p in body_pages:
        # a scanned page with a task table in its body: the table from the word boxes (a table that ran to the
        # foot of the page before goes on at the top of this one), and the body paragraphs OCR made of its rows
        # dropped
        words = restored_words(p.words, p.text) if p.method.startswith("ocr") and p.words else []
        goes_on = bool(words) and body_reader.runs_off and body_reader.layout is not None
        if not words or not (goes_on or page_has_table_header(words)):
            body_reader.runs_off = False
            continue
        if not goes_on:
            body_reader.layout = None
            runs.append([])
        elif not runs:
            runs.append([])
        runs[-1].append((p.page_no, body_reader.rows(words, p.page_no, body=True)))
    for run in runs:
        table = parse_table_rows([r for _, rows in run for r in rows], None, reg)
        if table:
            on = {n for n, _ in run}
            drafts = [d for d in drafts if not (d.source == "body" and d.page_no in on and _covered(d.text, table)
                                                and not (_above(prov.lines(d.line_idx, d.line_end), table)
                                                         and not _header_like(d.text)))]
            # a ruled table whose rulings OCR read as '|' is read from its boxes, not again from its OCR'd lines
            drafts = [d for d in drafts if not (d.page_no in on and any(d is x for x in pasted))]
            drafts += table
    if appendix_start is not None:
        start_page = lines[appendix_start].page_no
        rows: list[tuple[int, int, list[str] | str]] = []
        reader = BoxTableReader()
        for p in pages:
            if p.page_no < start_page:
                continue
            box_rows = reader.rows(restored_words(p.words, p.text), p.page_no) if p.method.startswith("ocr") and p.words else []
            if box_rows:
                rows += box_rows
            else:
                first = next((ln.idx for ln in lines if ln.page_no == p.page_no), None)
                if first is None:
                    continue
                start = max(first, appendix_start)
                rows += [r for r in appendix_rows_from_text(lines, start) if lines[r[0]].page_no == p.page_no]
        drafts += parse_table_rows(rows, "PL", reg)
    if any(not d.summary for d in drafts):
        # a submission that assigns tasks of its own ('III. TỔ CHỨC THỰC HIỆN': 'Sở … hướng dẫn …') only sums up the
        # plan's in its summary; one whose summary holds the plan's assignments alone has those as its tasks
        drafts = [d for d in drafts if not d.summary]
    drafts = split_agency_sentences(drafts, reg)  # 'Sở A chủ trì … . Sở B phối hợp …': two tasks
    # 'X là cơ quan thường trực, theo dõi …' and no deadline: who follows the plan up, no task (read after the split:
    # a sentence after it that asks another body ('… . Đề nghị Hiệp hội Doanh nghiệp tỉnh vận động …') is a task)
    drafts = [d for d in drafts if not (d.source in ("body", "responsibility") and standing_body(d.text, d.deadline_text))]
    for d in drafts:  # a date the task speaks of, years before the document, is no deadline
        d.deadline_text = unless_past(d.text, d.deadline_text, [m for m, _ in d.lead], meta.get("issue_date"))
    task_rows, links = draft_rows(drafts, doc_id, reg, prov)
    for table in (sections, targets, task_rows, links):
        assign_ordinals(table)
    # Logs name the file (the reader knows it), not the content hash.
    log.info("%s: %d sections, %d targets, %d tasks, %d agency links", getattr(doc, "file_name", None) or doc_id,
             len(sections), len(targets), len(task_rows), len(links))
    return Extraction(
        meta={k: meta.get(k) for k in META_COLUMNS},
        sections=[r.as_dict() for r in sections],
        targets=[r.as_dict() for r in targets],
        tasks=[r.as_dict() for r in task_rows],
        agencies=[r.as_dict() for r in reg.rows()],
        task_agencies=[r.as_dict() for r in links],
        header_fields=[r.as_dict() for r in header_field_rows(doc_id, {**meta, "_issuer_body": issuer_body},
                                                              META_COLUMNS, lines, prov, body_start)],
    )


def _letter_appendix(lines: list[Line]) -> int | None:
    """The appendix title ('Phụ lục') after the signature of a document without a plan's roman parts (a quyết
    định's list of tasks): the line its table starts from, read from boxes on a scan."""
    cfg = load_json("sections.json")["roles"]["appendix"]
    distribution = rx(load_json("header.json")["letterhead"]["distribution"])
    signed = False
    for ln in lines:
        fl = ln.folded.strip()
        signed = signed or bool(distribution.match(fl))
        if signed and "\t" not in ln.text and len(fl) < 40 and any(rx(p).search(fl) for p in cfg):
            return ln.idx
    return None


_TABLE_WORDS = frozenset(load_json("tables.json")["header_words"] + load_json("tables.json")["task_table_words"])


def _above(span: Span | None, table: list[TaskDraft]) -> bool:
    """Whether a body paragraph's lines end well above the first row of a table read from the boxes on its page (more
    than three word heights: the table's header band lies between): prose over the table ('1. Sở Nông nghiệp và Môi
    trường rà soát …' above 'STT | Nhiệm vụ | Đơn vị chủ trì'), never OCR's reading of the table, however many of its
    words the table's cells hold."""
    if span is None or span.bbox is None:
        return False
    words = [w for d in table if d.page_no == span.page_no for w in d.words]
    if not words:
        return False
    h = statistics.median(w.height for w in words)
    return span.bbox[3] < min(w.top for w in words) - 3 * h


def _header_like(text: str) -> bool:
    """Whether a paragraph is a table's header as OCR read it ('STT Nội dung nhiệm vụ Cơ quan chủ trì …'): half its
    words or more the header's words."""
    own = fold(text).split()
    return bool(own) and sum(w in _TABLE_WORDS for w in own) >= 0.5 * len(own)


def _covered(text: str, table: list[TaskDraft]) -> bool:
    """Whether a body paragraph is mostly words of a table's rows, group rows or header (OCR's reading of the table
    as lines)."""
    words = set(fold(" ".join(f"{d.text} {d.deadline_text or ''} {d.group or ''} {' '.join(m for m, _ in d.lead)}"
                              for d in table)).split()) | _TABLE_WORDS
    own = fold(text).split()
    return bool(own) and sum(w in words for w in own) >= 0.6 * len(own)
