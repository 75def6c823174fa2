"""header_fields rows: each non-null header field of a document with where it was read.

The header extractor (extract/header.py, extract/letterhead.py) returns values; here each value is
looked up again in the lines it comes from (extract.provenance.Provenance.find, on letters and digits,
so OCR's spacing and marks do not matter): the letterhead and title in the document's head, the
signature block and distribution list at its end (their last occurrence). Values the document does
not print as such (a letter's 'CÔNG VĂN', a level read off the issuer) keep a null place.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from extract.provenance import Provenance, Span, assign_ordinals, columns
from extract.rows import HeaderFieldRow
from extract.structure import Line
from normalize.text import fold

HEAD_LINES = 80  # the header's fields (Kính gửi list included) lie within the first lines of a document
LETTERHEAD_LINES = 25  # the issuer's lines (two columns read interleaved included) open the document
_NUMBER_LINE = re.compile(r"(?:^|\s)s[o06]\w?\s*:")  # 'Số:' on folded text, as OCR may read its 'ố'
_ITEM_GAP = 6  # a list item lies within a few lines of the one before it (a wrap, the signature block's lines)
_AT_END = ("signer", "signer_authority", "signer_title", "distribution")
# looked up first: the authority and title are above the signer, the place is on the date's line
_ORDER = ("signer", "issue_date", "issuer_parent")
# the letterhead prints the long forms, the extractor may give the short ones, and the other way round
# a day's digit as OCR may read it on a scan: 'I'/'l'/'i' for 1, 'O'/'o' for 0, 'Z' for 2, 'S' for 5, 'B' for 8, 'G'
# for 6, 'Ø' for 0 (folded: small letters); a mark ('§' for 8) drops out of the keyed letters and digits
_DIGIT_LIKE = "[ilozsbgø]"
_FORMS = (("UBND", "Ủy ban nhân dân"), ("HĐND", "Hội đồng nhân dân"))


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _join(a: Span | None, b: Span | None) -> Span | None:
    """From a's start to b's end, when both lie on one page in that order (else a)."""
    if a is None or b is None or a.page_no != b.page_no or b.char_end < a.char_start:
        return a
    boxes = [s.bbox for s in (a, b) if s.bbox]
    box = (min(x[0] for x in boxes), min(x[1] for x in boxes), max(x[2] for x in boxes),
           max(x[3] for x in boxes)) if boxes else None
    return Span(a.page_no, a.line_start, b.line_end, a.char_start, b.char_end, box)


def _letters(text: str) -> str:
    return "".join(c for c in fold(text) if c.isalnum())


def _join_all(spans: list[Span]) -> Span:
    """From the first span's start to the last one's end (one page, in order), the box the union of theirs."""
    boxes = [s.bbox for s in spans if s.bbox]
    box = (min(x[0] for x in boxes), min(x[1] for x in boxes), max(x[2] for x in boxes),
           max(x[3] for x in boxes)) if boxes else None
    a, b = spans[0], spans[-1]
    return Span(a.page_no, a.line_start, b.line_end, a.char_start, b.char_end, box)


def _locate(field: str, value: Any, meta: dict[str, Any], prov: Provenance, head: int, found: dict[str, Span | None],
            letterhead: int = LETTERHEAD_LINES) -> Span | None:
    last = field in _AT_END
    lo, hi = (0, None) if last else (0, head)
    if isinstance(value, (list, tuple)):
        items = [str(v) for v in value if str(v).strip()]
        if not items:
            return None
        first = prov.find(items[0], lo, hi, last=last)  # the distribution list: its last occurrence
        if first is None or len(items) == 1:
            return first
        # each item after the one before it, within a few lines (an item wrapped over two lines, the signature
        # block's lines beside or between them): the box is the union of the items' own boxes, the whole list and
        # not the signature set beside it; an item OCR garbled ('Lưu: VT, CCHC' read 'I1ƯU VI,CCHC') is passed over
        at = prov.line_idx(first)
        spans = [first]
        gap = _ITEM_GAP
        for item in items[1:]:
            stop = at + gap if hi is None else min(hi, at + gap)
            span = prov.find(item, at, stop, fuzzy=len(item) >= 12) or prov.find_split(item, at, stop)
            if span is not None and span.page_no == first.page_no and span.char_start >= spans[-1].char_start:
                spans.append(span)
                at, gap = prov.line_idx(span), _ITEM_GAP
            else:
                gap += _ITEM_GAP  # the next item lies further on by the lines of this one
        return _join_all(spans)
    if field == "issue_date" and isinstance(value, dt.date):
        # 'ngày 29 tháng 01 năm 2026' on letters and digits, the words between as OCR may spell them
        pat = rf"(?<!\d)0?{value.day}[a-z]{{2,8}}0?{value.month}[a-z]{{2,6}}{value.year}"
        # a digit OCR turned into a mark ('ngày 0§ tháng 10'): the words and the year alone
        loose = rf"ngay[0-9]{{0,2}}thang[0-9]{{0,2}}nam{value.year}"
        # a digit OCR read as a letter ('ngày I2 tháng § năm 2026', 'ngày 12 tháng I năm 2026': 'I' for 1, '§' for 8)
        lettered = rf"ngay(?:[0-9]|{_DIGIT_LIKE}){{0,2}}thang(?:[0-9]|{_DIGIT_LIKE}){{0,2}}nam{value.year}"
        # a year's digit OCR read as a letter too ('năm 2O26', extract.header.scan_year), on the date's words alone
        year = "".join(f"(?:{c}|{_DIGIT_LIKE})" for c in str(value.year))
        year_lettered = rf"n[gq]ay(?:[0-9]|{_DIGIT_LIKE}){{0,2}}thang(?:[0-9]|{_DIGIT_LIKE}){{0,2}}nam{year}"
        pats = (pat, loose, lettered, year_lettered)
        # the date line first: each pattern right after the issue place ('Hoa Lư, ngày …'), so a date the body cites
        # in the same year ('Căn cứ Quyết định … ngày 12 tháng 02 năm 2026') is not taken for it when the date line's
        # own digits OCR garbled; then anywhere, as before
        place = _letters(str(meta.get("issue_place") or ""))
        anchored = [rf"(?<={re.escape(place)}){p}" for p in pats] if place else []
        return next((s for p in (*anchored, *pats) if (s := prov.find("", lo, hi, pattern=p)) is not None), None)
    if field == "issue_place":
        want = _letters(str(value))
        if found.get("issue_date") is not None:
            at = prov.line_idx(found["issue_date"])  # type: ignore[arg-type]
            span = prov.find(str(value), at, at + 1)
            if span is not None:
                return span
        # the date line where the date itself was not found ('Mường La, ngày I2 tháng § …'): the place right before
        # 'ngày', not its first occurrence, which is the issuer's line ('XÃ MƯỜNG LA', 'TỈNH THANH HÓA')
        return ((prov.find("", lo, hi, pattern=rf"{re.escape(want)}(?=ngay)") if want else None)
                or prov.find(str(value), lo, hi))
    if field in ("period_start", "period_end"):
        start, end = meta.get("period_start"), meta.get("period_end")
        return (prov.find(f"{start}{end}", lo, hi) if start and end else None) or prov.find(str(value), lo, hi)
    if field == "issuer_level":
        return found.get("issuer")
    if field in ("issuer", "issuer_parent"):
        text = str(value)
        # 'UBND xã Thạnh Phú' is printed 'ỦY BAN NHÂN DÂN / XÃ THẠNH PHÚ'; a department under its parent
        # ('Sở Nội vụ tỉnh Quảng Nam') prints its own name ('SỞ NỘI VỤ') under the parent's
        cands = [text, *(text.replace(a, b) for a, b in _FORMS if a in text),
                 *(text.replace(b, a) for a, b in _FORMS if b in text), text.removeprefix("UBND ")]
        # 'UBND TP HẢI PHÒNG': Decree 30's 'TP' for the city's 'thành phố' (extract.letterhead._level_at)
        cands += [c.replace(" thành phố ", " TP ") for c in cands if " thành phố " in c]
        if field == "issuer" and meta.get("_issuer_body"):
            cands.append(str(meta["_issuer_body"]))
        top = min(hi or LETTERHEAD_LINES, LETTERHEAD_LINES)
        # the letterhead above the number's line first (Decree 30 prints the issuer over it), where a name printed
        # over two lines of the left column has the right column's motto between its lines (find_split), the
        # fullest form found there ('ỦY BAN NHÂN DÂN' / 'TỈNH LÀO CAI', not 'tỉnh Lào Cai' alone); then the first
        # lines of the page, where the body may name the issuer again
        head_end = min(top, letterhead)
        found_in_head = [(len(_letters(c)), s) for c in cands
                         if (s := prov.find(c, lo, head_end, fuzzy=False) or prov.find_split(c, lo, head_end))]
        span = None
        if found_in_head:
            span = min(found_in_head, key=lambda x: (-x[0], x[1].page_no, x[1].char_start))[1]
        for find in (lambda c: prov.find(c, lo, head_end), lambda c: prov.find(c, lo, top, fuzzy=False),
                     lambda c: prov.find(c, lo, top)):
            if span is not None:
                break
            # exact matches first; of those, the first on the page (a title may repeat it)
            spans = [s for c in cands if (s := find(c))]
            if spans:
                span = min(spans, key=lambda s: (s.page_no, s.char_start))
        if field == "issuer" and found.get("issuer_parent") is not None and span is not None:
            span = _join(found["issuer_parent"], span)  # a department prints its name under its parent's
        return span
    if field in ("signer_authority", "signer_title") and found.get("signer") is not None:
        # the signature block: the lines just above the signer's name
        at = prov.line_idx(found["signer"])  # type: ignore[arg-type]
        span = prov.find(str(value), at - 12, at + 1, last=True)
        if span is None and " / " in str(value):
            # marks on two lines with list items between them (the block beside the 'Nơi nhận' list, read line by
            # line): from the first mark to the last
            first, *_, end = [prov.find(m, at - 16, at + 1, last=True) for m in str(value).split(" / ")]
            span = _join(first, end) if first is not None and end is not None else None
        return span
    if field == "province":
        return prov.find(str(value), lo, hi) or prov.find(str(value))
    return prov.find(_text(value), lo, hi, last=last)


def header_field_rows(doc_id: str, meta: dict[str, Any], fields: tuple[str, ...], lines: list[Line],
                      prov: Provenance, body_start: int | None) -> list[HeaderFieldRow]:
    """One row per non-null field of ``meta`` (in ``fields`` order), placed where it was read, in document order.
    ``meta`` may carry ``_issuer_body``, the issuer's own name under its parent, to find the issuer by."""
    head = max(body_start or 0, HEAD_LINES)
    # the number's line ('Số: 12/KH-UBND', its number perhaps left blank): the issuer's lines are above it
    letterhead = next((ln.idx for ln in lines[:LETTERHEAD_LINES] if _NUMBER_LINE.search(ln.folded)),
                      LETTERHEAD_LINES)
    found: dict[str, Span | None] = {}
    rows: list[HeaderFieldRow] = []
    for field in sorted(fields, key=lambda f: f not in _ORDER):
        value = meta.get(field)
        if value is None or value == [] or value == "":
            continue
        found[field] = _locate(field, value, meta, prov, head, found, letterhead)
    for field in fields:
        if field in found:
            rows.append(HeaderFieldRow(doc_id=doc_id, field=field, value=_text(meta[field]), **columns(found[field]),
                                       ordinal=None))
    assign_ordinals(rows)
    return rows
