"""Tables of a text in the layouts other than tab-separated cells, as tab-separated lines (the layout the targets'
table reader knows): cells separated by '|', by runs of spaces (aligned columns, a row pasted with single spaces
among them), or written one cell per line. The view keeps each line's index (its provenance) and, for the first two
layouts, its length; the lines it rewrites are returned so that the sentence reader leaves them to the table's."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from extract.deadlines import cut_deadline, dated
from extract.patterns import load_json
from extract.structure import Line, Structure, pipe_table_lines, to_roman
from normalize.model import get_model
from normalize.text import clean_space, fold, strip_tags

_TABLE = load_json("targets.json")["table"]
_INDICATOR = re.compile(_TABLE["indicator"])
_ROW_NUMBER = re.compile(_TABLE["row_number"])
_UNIT = re.compile(_TABLE["unit"])
_YEAR = re.compile(_TABLE["year"])
# a run of two or more spaces between two cells of an aligned table
_RUN = re.compile(r"(?<=\S) {2,}(?=\S)")
_FIGURE = re.compile(r"^\d+(?:[.,]\d+)*%?$")
# a row number cell ('1', '2.', 'II', 'a)')
_ROW_NO = re.compile(r"^(?:\d{1,3}|[IVXLivxl]{1,4}|[a-zđ])[.)]?$")
# a total row's label ('Tổng cộng', 'Cộng', 'Tổng', 'Toàn tỉnh', a commune's or ward's 'Toàn xã', 'Toàn phường', a
# ministry's 'Toàn quốc'), folded
_TOTAL = re.compile(r"^(?:tong cong|cong|tong|tong so|toan (?:quoc|tinh|thanh pho|huyen|thi xa|quan|xa|phuong|dac khu))$")
# a multiplier or counting word before a unit: part of the unit ('nghìn tấn', 'tỷ USD', 'lượt xe/ngày'), folded
MULTIPLIER = re.compile(r"^(?:nghin|ngan|trieu|ty|van|tram|luot)$")


# a table's vertical bar as OCR reads it on a scan: a glyph alone between two cells ('1 I Giá trị … l 4,2 ! 4,6', 'STT Ị
# Chỉ tiêu'), or
# run onto a figure ('4,2l', '[4,6'); never a line's first character (a group row's roman 'I')
_LONE_BAR = re.compile(r"(?<= )[|IỊl!\[\]](?= |$)")
_GLUED_BAR = re.compile(r"(?<=\d)[Il!\]](?= |$)|(?<= )[Il!\[](?=\d)")
# a unit's slash OCR lost between a counted noun and the time it is counted per ('lượt xengày' for 'lượt xe/ngày')
_PER = re.compile(r"^(\w+?)(ngày|tháng|năm|giờ|người)$")


def _cells(text: str) -> int:
    return text.count("|") + 1


def _bars(text: str) -> str:
    """A scanned table line with the bars OCR read as other glyphs made '|' again."""
    return _GLUED_BAR.sub("|", _LONE_BAR.sub("|", text))


def _per_unit(cell: str) -> str:
    """A unit cell whose slash OCR dropped, put back: its last word two known syllables, the second a time or a person
    ('lượt xengày' -> 'lượt xe/ngày'); a cell that is no such word as it stands."""
    words = cell.split(" ")
    ids = get_model().ids
    m = _PER.match(words[-1]) if words else None
    if m is None or len(words) > 3 or words[-1].lower() in ids or m.group(1).lower() not in ids:
        return cell
    return " ".join([*words[:-1], f"{m.group(1)}/{m.group(2)}"])


# a digit as OCR misreads it in a figure cell ('Z7' for 27, 'l,2' for 1,2, '1O5' for 105)
_DIGIT_AS = {"Z": "2", "z": "2", "O": "0", "o": "0", "l": "1", "I": "1", "S": "5", "§": "8"}


def _ocr_figure(cell: str) -> str:
    """A figure cell with one digit OCR read as a letter put back ('Z7' -> '27'); a cell that is no figure so, as it
    stands (a word, two letters misread)."""
    c = cell.strip()
    fixed = "".join(_DIGIT_AS.get(ch, ch) for ch in c)
    if fixed == c or sum(ch in _DIGIT_AS for ch in c) > 1 or not _FIGURE.match(fixed):
        return cell
    return cell.replace(c, fixed)


def scan_pipe_rows(lines: list[Line], ocr_pages: set[int] | frozenset[int]) -> list[Line]:
    """The '|'-separated table of an OCR'd page as its text layer would give it, before the bars become tabs: where two
    or more lines of a page hold a bar, each line's bars OCR read as 'I', 'l', '!', '[' or ']' are bars again when that
    gives the line the table's width (the cells most of its rows have); a row the page wrapped onto the next line
    ('STT | … | Tỷ lệ … (%)' / '| Số hộ thoát nghèo (hộ)', '… | 95 |' / '98') is joined back into one line, the
    second left blank; a unit cell whose slash OCR dropped gets it back. Lines of other pages are left alone."""
    out = list(lines)
    barred = {k for k, ln in enumerate(out) if ln.page_no in ocr_pages and "|" in ln.text}
    # a line of the table with a bar, or beside one that has (a row whose bars OCR all misread)
    rows = [k for k, ln in enumerate(out) if ln.page_no in ocr_pages and "\t" not in ln.text
            and barred & {k - 1, k, k + 1} and _cells(_bars(ln.text)) >= 3]
    blocks: list[list[int]] = []  # the tables: rows on consecutive lines, or a wrapped row's tail between two
    for k in rows:
        if blocks and (k - blocks[-1][-1] == 1 or k - blocks[-1][-1] == 2 and out[k - 1].text.strip()) \
                and out[k].page_no == out[blocks[-1][-1]].page_no:
            blocks[-1].append(k)
        else:
            blocks.append([k])
    for block in blocks:
        if len(block) >= 2:
            joined = _mend_block(out, block)
            # the rows on consecutive lines (each keeps its index), the joined rows' emptied lines after them: the
            # targets reader reads a table down to its first blank line
            span = range(block[0], min(block[-1] + 2, len(out)))
            kept = [out[k] for k in span if k not in joined]
            for k, ln in zip(span, kept + [out[k] for k in span if k in joined], strict=True):
                out[k] = ln
    return out


def _mend_block(out: list[Line], rows: list[int]) -> set[int]:
    """scan_pipe_rows on one table's lines (``rows``, indices into ``out``, mended in place); the positions of the
    lines emptied by joining them to the row above."""
    done: set[int] = set()
    widths = [_cells(_bars(out[k].text)) for k in rows]
    width = max(set(widths), key=lambda w: (widths.count(w), w))
    for k in rows:
        text = out[k].text
        if _cells(text) != width and _cells(_bars(text)) == width:
            out[k] = replace(out[k], text=_bars(text))
    bordered = 2 * sum(out[k].text.rstrip().endswith("|") for k in rows) > len(rows)  # '| 1 | … | 98 |' rows
    for k in rows:
        text = out[k].text
        if k + 1 >= len(out) or not (nxt := out[k + 1].text.strip()) or out[k + 1].page_no != out[k].page_no:
            continue
        open_end = text.rstrip().endswith("|") and not bordered  # '… | 95 |': its last cell on the next line
        if _cells(text) == width and not open_end or _cells(nxt) == width:
            continue
        joined = text.rstrip() + " " + nxt
        if text.rstrip().endswith("|") and nxt.startswith("|"):
            joined = text.rstrip() + " " + nxt[1:].lstrip()
        if _cells(joined) == width + (1 if joined.rstrip().endswith("|") else 0):
            out[k] = replace(out[k], text=joined)
            out[k + 1] = replace(out[k + 1], text="")
            done.add(k + 1)
    for k in rows:
        cells = out[k].text.split("|")
        fixed = [_ocr_figure(c) if re.search(r"\d", c) else c.replace(c.strip(), _per_unit(c.strip())) if c.strip()
                 else c for c in cells]
        if fixed != cells:
            out[k] = replace(out[k], text="|".join(fixed))
    return done


def _aligned(text: str) -> list[str]:
    """The cells of a line of an aligned table: its runs of spaces cut them (one cell when it has none)."""
    return _RUN.split(text.strip())


def _spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of an aligned line: words that single spaces join."""
    return [m.span() for m in re.finditer(r"\S+(?: \S+)*", text)]


def _column_tabs(text: str, head: list[tuple[int, int]]) -> str:
    """An aligned row with its cells' gaps made tabs (same length), as many in a gap as the header's columns it
    crosses: each cell goes under the header column whose extent (its start up to the next one's) it overlaps most,
    so that a row that leaves a column empty ('2  Số xã đạt chuẩn  xã        7') keeps its figures under their years, a
    group row ('I  KINH TẾ') its name under the indicator's. Its runs of spaces one tab each when its cells do not
    fall under the header's columns in order, or a gap is too narrow for its tabs."""
    plain = _RUN.sub(lambda m: "\t" + m.group()[1:], text)
    extents = [(a, head[k + 1][0] if k + 1 < len(head) else 10**6) for k, (a, _) in enumerate(head)]
    cols: list[int] = []
    for a, b in _spans(text):
        overlap = [min(b, e) - max(a, s) for s, e in extents]
        cols.append(max(range(len(extents)), key=lambda k: (overlap[k], -k)))
    if any(c2 <= c1 for c1, c2 in zip(cols, cols[1:], strict=False)):
        return plain
    out = list(text)
    cells = _spans(text)
    gaps = [(0 if k == 0 else cells[k - 1][1], a, cols[k] - (cols[k - 1] if k else 0)) for k, (a, _) in enumerate(cells)]
    for start, end, n in gaps:
        if n > end - start:
            return plain
        out[start : start + n] = "\t" * n
    return "".join(out)


def _sub_header(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]] | None:
    """The columns of an aligned header whose group cells span sub-columns on the line below ('TT  Chỉ tiêu  ĐVT  Kết
    quả  Kế hoạch' over 'Năm 2024  Năm 2025  Năm 2026'): the header's cells left of the lower line's first, then the
    lower line's, then the header's right of the lower line's last ('Năm 2025  KH 2026' over 'KH  TH'); None when the lower line is no such row (two or more cells right of the indicator's, each a year or
    words without a figure, one of them where the header has none or under a header cell it shares)."""
    if "\t" in text or "|" in text or not text.strip() or len(spans) < 3:
        return None
    low = _spans(text)
    if len(low) < 2 or low[0][0] <= spans[1][0] or _ROW_NO.match(text[low[0][0] : low[0][1]]):
        return None
    if any(re.search(r"\d", c := text[a:b]) and not _YEAR.search(fold(c)) for a, b in low):
        return None
    left = [s for s in spans if s[1] <= low[0][0]]
    # (a header cell right of the lower line's last, 'KH 2026' beside 'Năm 2025' over 'KH  TH': a column of its own)
    right = [s for s in spans if s[0] >= low[-1][1]]
    if len(left) + len(low) + len(right) <= len(spans):
        return None  # as many columns as the header's: a row of its own, not its sub-columns
    return left + low + right


def _is_header(cells: list[str]) -> bool:
    """Whether aligned cells read as a targets table's header: an indicator's cell and a year's or a unit's; or one
    cell that names the rows (after the row number's) and only years' cells after it, two or more ('Loại nhà ở   Năm
    2026   Năm 2027   Đến năm 2030')."""
    fcells = [fold(c).lower() for c in cells]
    if len(cells) >= 3 and any(_INDICATOR.match(c) for c in fcells[:3]) and \
            any(_YEAR.search(c) or _UNIT.match(c) for c in fcells):
        return True
    # (a year's header has words, 'Năm 2026', 'Đến năm 2030': a row's figure '2.000' or '2026' is none)
    rest = fcells[2:] if fcells and _ROW_NUMBER.match(fcells[0]) else fcells[1:]
    return len(rest) >= 2 and all(_YEAR.search(c) and re.search(r"[a-z]", c) for c in rest)


def unit_words(toks: list[str], compound: Any = None) -> int:
    """How many of a row's last words (before its figures) are its unit: the last one, with the words before it that
    make one word with it (``compound``) and a multiplier or counting word before them ('nghìn tấn', 'tỷ USD',
    'lượt xe/ngày')."""
    n = 1
    while compound is not None and n < 4 and len(toks) > n + 1 and compound(toks[-n - 1], toks[-n]):
        n += 1
    if len(toks) > n + 1 and MULTIPLIER.match(fold(toks[-n - 1]).lower()):
        n += 1
    return n


def _pasted_tabs(text: str, head: list[str], compound: Any) -> str | None:
    """A row pasted with single spaces under an aligned header ('3 Sản lượng … nghìn tấn 176,4 182,0 190 230'), its
    cell boundaries made tabs (same length): a row number, the indicator, the unit when the header has its column,
    then as many figures as the header has columns after it. None when the row does not end with those figures."""
    fhead = [fold(c).lower() for c in head]
    unit_col = next((k for k, c in enumerate(fhead) if _UNIT.match(c)), None)
    ind = next((k for k, c in enumerate(fhead) if _INDICATOR.match(c)), None)
    if ind is None:
        return None
    after = (unit_col if unit_col is not None else ind) + 1
    nvals = len(head) - after
    toks = text.split(" ")
    if nvals < 1 or len(toks) < nvals + 2 or not all(_FIGURE.match(t) for t in toks[-nvals:]):
        return None
    rest = toks[:-nvals]
    cuts = [len(rest)]  # token indices where a new cell starts
    if unit_col is not None:
        cuts.insert(0, len(rest) - unit_words(rest, compound))
    if ind > 0 and _ROW_NO.match(rest[0]):
        cuts.insert(0, 1)
    out = ""
    for k, t in enumerate(toks):
        out += ("\t" if k in cuts or k > len(rest) else " " if k else "") + t
    return out


def _wrapped_name(text: str, spans: list[tuple[int, int]], ind: int | None = None) -> bool:
    """Whether a line under an aligned table's row is the rest of that row's indicator that wrapped ('người', 'nước
    sạch'): words in lower case, no figure, standing under the header's first columns only (up to its second's), or,
    the indicator's column ``ind`` given, anywhere under that column's extent (after a row number's column, 'TT  Chỉ
    tiêu  ĐVT …' over '     nâng cấp, sửa chữa': up to where the next column starts)."""
    cells = _spans(text)
    if len(cells) != 1 or len(spans) < 3 or not text.strip()[:1].islower() or re.search(r"\d", text):
        return False
    extent = spans[ind + 1][0] if ind is not None and ind + 1 < len(spans) else 0
    return cells[0][1] <= max(spans[1][1] + 2, extent)


def _swallowed_unit(text: str, head: list[str], spans: list[tuple[int, int]], compound: Any) -> str | None:
    """An aligned row whose indicator ran so long that one space only parts it from its unit ('Diện tích nhà ở bình
    quân đầu người m2/người    27,5    27,8    28,5' under 'Chỉ tiêu   Đơn vị   KH 2025   TH 2025   KH 2026'), that
    space made a tab: the row has one cell fewer than the header, a figure in each column after the unit's, and its
    indicator's cell runs on into the unit's column; the unit is its last words (unit_words). None for any other row."""
    fhead = [fold(c).lower() for c in head]
    unit_col = next((k for k, c in enumerate(fhead) if _UNIT.match(c)), None)
    cells = _spans(text)
    if unit_col is None or unit_col == 0 or len(cells) != len(head) - 1 or len(spans) != len(head):
        return None
    nvals = len(head) - unit_col - 1
    if nvals < 1 or not all(_FIGURE.match(text[a:b]) for a, b in cells[-nvals:]) or len(cells) - nvals != unit_col:
        return None
    a, b = cells[unit_col - 1]
    if b <= spans[unit_col][0] or any(_FIGURE.match(w) for w in text[a:b].split(" ")[-1:]):
        return None  # the cell ends before the unit's column: a row that leaves its unit empty
    words = text[a:b].split(" ")
    n = unit_words(words, compound)
    if n >= len(words):
        return None
    cut = a + len(" ".join(words[:-n]))
    return text[:cut] + "\t" + text[cut + 1 :]


# the first cell of a table by place or by unit after its number ('Xã, phường', 'Phường, xã', 'Đơn vị'; a hamlet's
# 'Ấp', 'Khóm', 'Buôn', 'Làng', 'Sóc' in the south and the highlands), folded
_PLACE = re.compile(r"(?:ten )?(?:khu vuc|khu dan cu|dia ban|dia phuong|xa, phuong|phuong, xa|xa|phuong|thon"
                    r"|to dan pho|khu pho|ap|khom|buon|lang|soc|don vi(?! tinh))\b")
# a header cell of figures: its words and its unit in brackets ('Số hộ được sử dụng nước sạch (hộ)')
PLACE_CELL = _PLACE  # the targets' reader: a header cell that names a table's places or units
_BRACKETED = re.compile(r"\s*([^()\t]*?\(\s*[^()\d\t]{1,20}\s*\))")
_FIGURES = r"(?:\s+\d{1,3}(?:\.\d{3})*(?:,\d+)?%?)"


def _title_cells(cell: str) -> list[str]:
    """A bracketed header cell cut before each inner word in title case: the cells of words before it that OCR ran
    into it ('Số hồ sơ trực tuyến Tỷ lệ (%)' -> 'Số hồ sơ trực tuyến', 'Tỷ lệ (%)'; a count's header without brackets,
    as a text's 'Số hồ sơ trực tuyến' beside 'Tỷ lệ (%)'). An abbreviation in capitals ('BHXH') cuts nothing."""
    words = cell.split(" ")
    cuts = [k for k, w in enumerate(words) if k and len(w) > 1 and w[0].isupper() and w[1:].islower()]
    return [" ".join(words[a:b]) for a, b in zip([0, *cuts], [*cuts, len(words)], strict=True)]


def _place_header(text: str, split: bool = False) -> list[str] | None:
    """The cells of a table-by-place header whose cells stand one after another with single spaces (a scan's line,
    or a text's aligned header): its number cell ('STT'), its place or unit cell, then one cell per bracketed unit
    (``split``: with the cells of words OCR ran into a bracketed one, _title_cells)."""
    f = fold(text).lower()
    if len(f) != len(text):
        return None
    m = re.match(r"\s*(?:(stt|tt)\s+)?", f)
    first = text[m.start(1) : m.end(1)] if m and m.group(1) else None
    at = m.end() if m else 0
    pm = _PLACE.match(f, at)
    if pm is None:
        return None
    cells = [*([first] if first else []), text[at : pm.end()]]
    at = pm.end()
    while (bm := _BRACKETED.match(text, at)) is not None:
        cells.extend(_title_cells(bm.group(1).strip()) if split else [bm.group(1).strip()])
        at = bm.end()
    return cells if len(cells) >= (3 if first else 2) + 1 and not text[at:].strip() else None


def _place_table(lines: list[Line], i: int) -> tuple[list[tuple[int, str]], int] | None:
    """A table by place or by unit whose header and rows read with single spaces between cells, as OCR gives a table
    the page set without rules ('STT Xã, phường Số hộ … (hộ) Tỷ lệ … (%)' / '1 Xã Cao Lộc 3.420 91,5' / 'Tổng cộng
    15.795 91,3'; the header wrapped over up to three lines): its header and rows as tab-separated cells, each with
    the index of its line, and the position after its last line. Each row its number (when the header has the
    column), its name, then exactly as many figures as the header has bracketed cells; a total row its label."""
    if "\t" in lines[i].text or "|" in lines[i].text:
        return None
    text, k, head = lines[i].text.strip(), i + 1, None
    while (head := _place_header(text)) is None and k < len(lines) and k - i < 3 and lines[k].text.strip() \
            and not re.match(r"\d", lines[k].text.strip()):
        text, k = f"{text} {lines[k].text.strip()}", k + 1
    if head is None:
        return None
    split = _place_header(text, split=True)
    if split is not None and split != head:
        # a count's header without brackets run into the next one: its cells when the rows bear them out
        got = _place_rows(lines, i, k, split)
        if got is not None:
            return got
    return _place_rows(lines, i, k, head)


# a row number OCR read as a letter or a mark ('Ị' for '1')
_MISREAD_NO = re.compile(r"^[IỊịÌìÍíl|!?]$")


def _place_rows(lines: list[Line], i: int, k: int, head: list[str]) -> tuple[list[tuple[int, str]], int] | None:
    """_place_table's rows under ``head`` (the header's cells, its lines up to ``k``); a row's number OCR misread
    ('Ị Phường Hạ Long 6.400 90') is its number all the same."""
    numbered = _ROW_NUMBER.match(fold(head[0]).lower()) is not None
    n = len(head) - (2 if numbered else 1)
    row_re = re.compile(r"^(?:(\d{1,3})[.)]?\s+)?(\D.*?)(" + _FIGURES + "{" + str(n) + r"})\s*$")
    rows = [(lines[i].idx, "\t".join(head))]
    while k < len(lines) and (t := lines[k].text.strip()) and "\t" not in t:
        # a figure with a digit OCR read as a letter ('S0'), a decimal comma read as a point ('72.0')
        t = " ".join(_ocr_figure(w).replace(".", ",") if re.fullmatch(r"\d{1,3}\.\d{1,2}", _ocr_figure(w))
                     else _ocr_figure(w) if re.search(r"\d", w) else w for w in t.split(" "))
        m = row_re.match(t)
        misread = m is not None and not m.group(1) and (w := m.group(2).split(" ", 1))[0] and _MISREAD_NO.match(w[0]) \
            and len(w) > 1
        if m is None or not (m.group(1) or misread or _TOTAL.match(fold(m.group(2)).lower())):
            break
        name = m.group(2).split(" ", 1)[1] if misread else m.group(2)
        cells = [*([m.group(1) or ("?" if misread else "")] if numbered else []), name.strip(), *m.group(3).split()]
        rows.append((lines[k].idx, "\t".join(cells)))
        k += 1
    return (rows, k) if len(rows) > 1 else None


def _cell_header(lines: list[Line], i: int, garbled: bool = False) -> tuple[list[str], int] | None:
    """The header of a table written one cell per line from line ``i``: a lone 'STT' / 'TT', then the cells of words
    on the lines below it up to a row number, a figure, a blank line or a sentence; with the position after it. None
    when line ``i`` is no number's label. ``garbled``: a scan's label OCR misread ('ý bí È', 'TÌ' for 'TT': a few
    glyphs, no word) is one too, read 'STT', when the header's cells below it end at the row '1' (or a mark OCR made
    of it); a header cell's ' :' after its words (a rule OCR read) is dropped."""
    text = lines[i].text
    if "\t" in text or "|" in text:
        return None
    label = text.strip()
    if not _ROW_NUMBER.match(fold(text).strip().lower()):
        if not garbled or not _garbled_label(label):
            return None
        label = "STT"
    k = i + 1
    head = [label]
    while k < len(lines) and (t := lines[k].text.strip()) and not _ROW_NO.match(t) and len(t) <= 80 \
            and not (t.endswith((".", ";", ":")) and not (garbled and re.search(r"\w\s+:$", t))) \
            and not _FIGURE.match(t) and "\t" not in t and "|" not in t:
        head.append(t.rstrip(": ") if garbled else t)
        k += 1
    if label != text.strip():
        # (a garbled label: the header must end at the first row's number, past a blank line OCR left)
        nxt = next((ln.text.strip() for ln in lines[k : k + 2] if ln.text.strip()), "")
        if len(head) < 3 or not (nxt.rstrip(".") in ("1", "l", "I", "Ị", "|") or _mark_no(nxt)):
            return None
    return head, k


def _garbled_label(t: str) -> bool:
    """A line that may be a table's 'STT' / 'TT' as OCR misread it: up to five glyphs, no figure, no word of three
    letters or of a capital and small ones ('Sở'), no row number."""
    s = t.replace(" ", "")
    return 0 < len(s) <= 5 and not any(c.isdigit() for c in s) and not _ROW_NO.match(t.strip()) \
        and not any(w.isalpha() and (len(w) >= 3 or w[0].isupper() and w[1:].islower()) for w in t.split())


# a header line that only carries on the cell above it: its unit in brackets alone ('(ha)', '(%)'), or words in lower
# case ('khâu thu hoạch (%)' under 'Tỷ lệ cơ giới hóa'), as a Word table's cell with a line break inside is copied
_HEAD_TAIL = re.compile(r"^(?:\([^()]{1,30}\)|[a-zà-ỹđ][^()]*(?:\([^()]{1,30}\))?)$")


def _wrapped_head(head: list[str]) -> list[str]:
    """A one-cell-per-line table's header cells with the lines that carry on a cell joined to it ('Diện tích lúa' /
    '(ha)' -> 'Diện tích lúa (ha)'): each row has one cell per header cell, not per header line. The label ('STT')
    is never carried on, nor a cell that already ends with its unit in brackets. A scan's '(%)' OCR garbled into a few
    marks about the sign ('Œ%&)') is '(%)'."""
    out = list(head[:2])
    for cell in head[2:]:
        if len(cell) <= 6 and "%" in cell and not re.search(r"\w{2}", cell.replace("%", " ")):
            cell = "(%)"  # a scan's '(%)' OCR garbled ('Œ%&)'): a few marks about the sign
        # (a capital 'Đ' falls in the class's range à-ỹ: 'Đã thực hiện năm 2025 (hộ)' opens a cell of its own)
        if _HEAD_TAIL.match(cell) and not cell[:1].isupper() and not out[-1].endswith(")"):
            out[-1] = f"{out[-1]} {cell}"
        else:
            out.append(cell)
    return out


# an empty figure cell as a table prints it ('-', '–', '—', 'x')
_NO_FIGURE = re.compile(r"^[-–—x]$")


def _lost_mark(cells: list[str], j: int) -> bool:
    """Whether a one-cell-per-line row's empty cell ``j`` is a '-' cell a scan's OCR left as a blank line: past the
    name and unit, with a figure after it in the row; or the row's last cell, a figure before it (the blank line then
    ends the table)."""
    if j < 2:
        return False
    if j == len(cells) - 1:
        return any(_FIGURE.match(c) for c in cells[2:j])
    return any(_FIGURE.match(c) for c in cells[j + 1 :])


def _row_ends(lines: list[Line], k: int, no: str) -> bool:
    """Whether a one-cell-per-line table's row ends before line ``k``: a blank line or the end, the next row's number
    (after ``no``), or a total row's label."""
    if k >= len(lines) or not (t := lines[k].text.strip()):
        return True
    return bool(_ROW_NO.match(t)) and _next_row_no(no, t) or bool(_TOTAL.match(fold(t).lower()))


def _wrapped_name_lines(lines: list[Line], k: int, width: int) -> int:
    """How many lines a one-cell-per-line table's row from line ``k`` (its number) wrapped its name cell onto
    ('Diện tích rừng được cấp chứng chỉ quản lý' / 'rừng bền vững' / 'Ha' / '-' / '25.000'): 0 when the row of
    ``width`` lines ends where the next row opens; else the fewest lines of words (no figure, no empty mark) after the
    name's first line that make it end so, its unit then its figure cells ('-' or, on a scan, a blank line between
    figures), up to two."""
    no = lines[k].text.strip()
    if _row_ends(lines, k + width, no):
        return 0
    for extra in (1, 2):
        wrapped = [ln.text.strip() for ln in lines[k + 2 : k + 2 + extra]]
        if any(not w or _FIGURE.match(w) or _NO_FIGURE.match(w) for w in wrapped):
            return 0
        tail = [ln.text.strip() for ln in lines[k + 2 + extra : k + width + extra]]
        figures = tail[1:]
        if len(tail) == width - 2 and tail[0] and any(_FIGURE.match(c) for c in figures) \
                and all(_FIGURE.match(c) or _NO_FIGURE.match(c) or not c and any(_FIGURE.match(x) for x in figures[j + 1 :])
                        for j, c in enumerate(figures)) \
                and _row_ends(lines, k + width + extra, no):
            return extra
    return 0


def _cell_per_line(lines: list[Line], i: int) -> tuple[list[tuple[int, str]], int] | None:
    """A table written one cell per line from line ``i`` ('STT' / 'Xã, phường' / 'Số hộ (hộ)' / '1' / 'Phường …' /
    '150' / … / 'Tổng cộng' / '880'): its header then each row, each as (index of its first line, tab-separated
    cells), and the position after its last line. A row opens with its number, a total row with its label (no
    number: one cell fewer). None when line ``i`` opens no such table (a lone 'STT' / 'TT', two or more header cells
    of words, then the row '1')."""
    got = _cell_header(lines, i)
    if got is None:
        return None
    head, k = got
    head = _wrapped_head(head)
    n = len(head)
    # (the first row's number as OCR may misread it on a scan: 'l', 'I', 'Ị'; or written with a zero, '01')
    if n < 3 or k >= len(lines) or lines[k].text.strip() not in ("1", "1.", "01", "01.", "l", "I", "Ị", "|"):
        return None
    rows = [(lines[i].idx, "\t".join(head))]
    # a notes column ('Ghi chú') whose empty cells the copied text leaves as blank lines
    notes = {j for j, c in enumerate(head) if j > 1 and fold(c).lower().startswith("ghi chu")}
    while k < len(lines) and (t := lines[k].text.strip()):
        total = _TOTAL.match(fold(t).lower())
        if not (_ROW_NO.match(t) or total or rows[1:] and _mark_no(t)):  # ('ñ' for a later row's number)
            break
        width = n - 1 if total else n
        cells = [c.text.strip() for c in lines[k : k + width]]
        extra = 0 if total else _wrapped_name_lines(lines, k, width)
        if extra:
            cells = [cells[0], " ".join(c.text.strip() for c in lines[k + 1 : k + 2 + extra]),
                     *(c.text.strip() for c in lines[k + 2 + extra : k + width + extra])]
        if len(cells) < width or not all(c or (j + (1 if total else 0)) in notes or _lost_mark(cells, j)
                                         for j, c in enumerate(cells)) \
                or not any(_FIGURE.match(c) for c in cells[2 if not total else 1 :]):
            break
        rows.append((lines[k].idx, "\t".join(["", *cells] if total else cells)))
        k += width + extra
    return (rows, k) if len(rows) > 1 else None


def table_view(st: Structure, compound: Any = None,
               ocr_pages: set[int] | frozenset[int] = frozenset()) -> tuple[Structure, set[int]]:
    """The structure with its tables in other layouts rewritten as tab-separated lines, and the indices of the lines
    rewritten. '|' becomes a tab; an aligned table's runs of spaces (from a header with an indicator's cell and a
    year's or unit's, over the rows that follow it) and the cell boundaries of a row pasted among them become tabs;
    a table of one cell per line becomes its header and rows on consecutive lines, blank lines after them. On
    ``ocr_pages`` a '|' table's bars OCR garbled and its rows the page wrapped are mended first (scan_pipe_rows)."""
    lines = pipe_table_lines(scan_pipe_rows(list(st.lines), ocr_pages), headless=True)
    done = {b.idx for a, b in zip(st.lines, lines, strict=True) if a.text != b.text}
    i = 0
    while i < len(lines):
        text = lines[i].text
        if "\t" not in text and _is_header(head := _aligned(text)):
            spans = _spans(text)
            # the indicator's column among the header's cells (its wrapped words stand under it)
            ind = next((k for k, c in enumerate(head) if _INDICATOR.match(fold(c).lower())), None)
            if ind is None and len(head) > 2:
                # a table by place or category and year ('STT  Địa bàn  Năm 2026 …'): its rows' names after the number
                ind = 1 if _ROW_NUMBER.match(fold(head[0]).lower()) else 0
            j = i
            sub = _sub_header(spans, lines[i + 1].text) if i + 1 < len(lines) else None
            if sub is not None:
                # a header over two lines, its group cells merged over the years below ('Kết quả' over 'Năm 2024  Năm
                # 2025'): the columns the lower line's cells give, both lines tab rows under them (the targets' reader
                # joins a two-row header)
                spans = sub
                for k in (i, i + 1):
                    lines[k] = replace(lines[k], text=_column_tabs(lines[k].text, spans))
                    done.add(lines[k].idx)
                j = i + 2
            while j < len(lines) and (t := lines[j].text).strip() and "\t" not in t:
                cells = _aligned(t)
                if len(cells) >= 2:
                    t = _swallowed_unit(t, head, spans, compound) or t
                    lines[j] = replace(lines[j], text=_column_tabs(t, spans))
                elif (pasted := _pasted_tabs(t, head, compound)) is not None:
                    lines[j] = replace(lines[j], text=pasted)
                elif j > i + 1 and lines[j - 1].idx in done and _wrapped_name(t, spans, ind):
                    # 'người' under 'Diện tích nhà ở bình quân đầu   m2/người   27,5 …': the indicator's words the row
                    # wrapped onto the next line, a row without figures (a tab after it) so the table goes on
                    lines[j] = replace(lines[j], text=t.rstrip() + "\t")
                else:
                    break
                done.add(lines[j].idx)
                j += 1
            i = max(j, i + 1)
            continue
        got = _cell_per_line(lines, i) if "\t" not in text else None
        got = got or _place_table(lines, i)
        if got is not None:
            rows, end = got
            for k in range(i, end):
                done.add(lines[k].idx)
                lines[k] = replace(lines[k], text="")
            for k, (idx, row) in enumerate(rows):
                lines[i + k] = Line(idx, lines[i + k].page_no, row)
            i = end
            continue
        i += 1
    if not done:
        return st, done
    return replace(st, lines=lines), done


# a task table's header cells (extract/patterns/appendix.json 'columns': 'Nội dung công việc', 'Đơn vị chủ trì', …)
_TASK_COLUMNS = [(name, re.compile(pat)) for name, pat in load_json("appendix.json")["columns"]]


def column_fields(cells: list[str], single_task_column: bool = False) -> list[str | None]:
    """The field each header cell of a task table names ('no', 'text', 'lead', 'support', 'deadline', …; None for
    one it does not), each field once: the one reading of a task table's header, whatever layout the table came in.

    ``single_task_column``: a table with one 'Nhiệm vụ' column and no 'Nhiệm vụ chung' beside it holds the tasks
    themselves there (the OCR'd header of the seeds' template, which lost 'cụ thể', takes its template instead).
    """
    out: list[str | None] = []
    for cell in cells:
        fc = clean_space(fold(strip_tags(cell))).strip(" -–_.,:;|'\"»«")  # specks OCR reads beside a label ('TT -')
        out.append(next((name for name, pat in _TASK_COLUMNS if pat.search(fc) and name not in out), None))
    if single_task_column and "text" not in out and "group" in out:
        out[out.index("group")] = "text"
    return out


def _cut_spans(text: str, starts: list[int]) -> list[tuple[int, int]]:
    """The cells of an aligned line: its words that single spaces join, a run cut again where a header column starts
    after a space (a cell written up to its column's edge, one space from the next: 'đánh giá, Chi cục …'): the words
    before it fill at least half the column they stand in (a wrapped cell's short tail, 'quân chiến dịch', is one)."""
    out: list[tuple[int, int]] = []
    for a, b in _spans(text):
        cuts = [c for n, c in enumerate(starts) if a < c < b and text[c - 1] == " " and text[c] != " " and n
                and 2 * (c - 1 - max(a, starts[n - 1])) >= c - starts[n - 1]]
        for c in cuts:
            out.append((a, c - 1))
            a = c
        out.append((a, b))
    return out


def _column_of(span: tuple[int, int], starts: list[int]) -> int | None:
    """The header column a cell stands under: the one whose extent (its start up to the next one's) it overlaps most;
    None when it runs well past that extent (a paragraph's line, not a cell)."""
    a, b = span
    ends = [*starts[1:], 10**6]
    overlap = [min(b, e) - max(a, s) for s, e in zip(starts, ends, strict=True)]
    k = max(range(len(starts)), key=lambda j: (overlap[j], -j))
    return k if overlap[k] > 0 and b <= ends[k] + 2 else None


# a task table's row number: '1', '1.2', a group's 'II' or 'A'
_TASK_ROW_NO = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*|[IVXLivxl]{1,4}|[a-zđA-ZĐ])[.)]?$")


def aligned_task_lines(lines: list[Line], skip_pages: set[int] | frozenset[int] = frozenset()) -> list[Line]:
    """A task table set in aligned columns (runs of spaces, no tabs or bars) whose rows wrap over several lines (each
    cell going on below: 'Xây dựng … đánh giá,' / 'phân hạng sản phẩm …', 'Chi cục Phát triển' / 'nông thôn', 'Trước
    ngày' / '31/3/2026'), as the tab-separated table the tasks' reader knows: from a header row ('TT  Nội dung công
    việc  Đơn vị chủ trì  …': its first cell the number's label, a content and a lead column among the others, in
    any order, once its cells wrapped onto the next lines are joined: 'Thời gian' / 'hoàn thành'), each row from the line that
    fills the number column ('1', 'II') down to the next such line, its cells' lines joined under the header's
    columns, written as one tab row on its first line and the lines it took as a lone tab (empty cells: no row, no
    paragraph). The table ends at a blank line or a line whose words do not fall under the header's columns. Pages in
    ``skip_pages`` (scans: OCR gives a text's runs of spaces as one) are left alone."""
    out = list(lines)
    i = 0
    while i < len(out):
        text = out[i].text
        if "\t" in text or "|" in text or not _RUN.search(text.strip()) or out[i].page_no in skip_pages:
            i += 1
            continue
        heads = _cut_spans(text, [])
        cells = [text[a:b] for a, b in heads]
        fields = column_fields(cells)
        if len(cells) < 3 or fields[0] != "no":
            i += 1
            continue
        starts = [a for a, _ in heads]
        head = list(cells)
        rows: list[tuple[int, list[list[str]]]] = []  # (position of the row's first line, each cell's lines)
        left: int | None = None  # where the rows' second cells start (under a header centred over its column)
        j = i + 1
        while j < len(out) and (t := out[j].text).strip() and "\t" not in t and "|" not in t \
                and out[j].page_no == out[i].page_no:
            spans = _cut_spans(t, starts)
            cols = [_column_of(s, starts) for s in spans]
            # the number's column holds numbers alone: a wrapped cell's short tail ('năm 2026') that starts where the
            # rows' second cells start stands in that column
            cols = [1 if c in (0, None) and left is not None and left - 1 <= a < starts[1] and b <= starts[2] + 2
                    and not _TASK_ROW_NO.match(t[a:b]) else c for c, (a, b) in zip(cols, spans, strict=True)]
            if any(c is None for c in cols) or len(set(cols)) < len(cols):
                break
            got = {c: t[a:b] for c, (a, b) in zip(cols, spans, strict=True) if c is not None}
            if 0 in got and _TASK_ROW_NO.match(got[0].strip()):
                rows.append((j, [[] for _ in starts]))
            elif 0 in got or not rows and j > i + 2:
                break
            for c, cell in got.items():
                (rows[-1][1][c] if rows else [head[c]]).append(cell.strip())
                if not rows:
                    head[c] = f"{head[c]} {cell.strip()}"  # the header's own cell wrapped ('Thời gian' / 'hoàn thành')
            if rows:
                left = min([a for c, (a, _) in zip(cols, spans, strict=True) if c == 1] + ([left] if left else []),
                           default=None)
            j += 1
        # the header's cells with their wrapped lines ('Đơn vị' / 'chủ trì'); a lone 'Nhiệm vụ' column holds the tasks, as
        # the tasks' reader takes it (map_columns)
        fields = column_fields(head, single_task_column=True)
        if not rows or "text" not in fields or "lead" not in fields:
            i += 1
            continue
        out[i] = Line(out[i].idx, out[i].page_no, "\t".join(c.strip() for c in head))
        for k in range(i + 1, j):
            out[k] = Line(out[k].idx, out[k].page_no, "\t")
        for at, row in rows:
            out[at] = Line(out[at].idx, out[at].page_no, "\t".join(" ".join(c) for c in row))
        i = j
    return out


# a line that ends a table written one cell per line: a numbered heading ('III. TỔ CHỨC THỰC HIỆN'; on a scan OCR may
# drop its space, 'IV.TỔ CHỨC THỰC HIỆN'), an article, a 'Chương' part
_TABLE_END = re.compile(r"^(?:[IVXLC]{1,5}|\d{1,2}|[a-zđ])[.)]\s+\S|^[IVXL]{1,4}\.[A-ZĐ]|^Điều \d|^Nơi nhận|^Chương [IVXL\d]")
# an empty cell as a text copied from a table writes it
_EMPTY_CELL = re.compile(r"^[-–—.]?$")
_GROUP_NO = re.compile(r"^(?:[IVXLivxl]{1,4}|[A-ZĐ])[.)]?$")


def _next_row_no(no: str, t: str) -> bool:
    """Whether ``t`` can open the row after the one numbered ``no``: a group's numeral or letter, any number after a
    group's or a sub-row's ('1.2'), else the number that follows ``no`` ('2' after '1'; '800' after '1' is a cell)."""
    a, b = no.rstrip(".)"), t.rstrip(".)")
    if not b.isdigit() or not a.isdigit():
        return True
    return int(b) == int(a) + 1


def _figure_then_row(no: str, after: str) -> bool:
    """Whether the line after a figure is the number of the row after the one numbered ``no`` ('3' after '2'): the
    figure is a cell of row ``no`` (a budget's '800'), not a row of its own (_next_row_no between two plain numbers)."""
    return no.rstrip(".)").isdigit() and after.rstrip(".)").isdigit() and _next_row_no(no, after)


def _mark_no(t: str) -> bool:
    """Whether a line is a row's number as OCR misread it on a scan ('?', 'Ẫ', '°', 'lì', '` ` z'): up to three
    glyphs, no figure, no empty cell's dash, no abbreviation in capitals."""
    s = t.replace(" ", "")
    return 0 < len(s) <= 3 and not _EMPTY_CELL.match(s) and not _FIGURE.match(s) \
        and not (len(s) >= 2 and s.isalpha() and s.isupper())


def _short_row_done(t: str, cells: list[str], fields: list[str | None], after: list[Line]) -> bool:
    """Whether the line ``t`` (a number or a mark OCR made of one: '3' read '_') opens the next row of a table whose
    last column is the deadline, though the row before holds one cell short: OCR dropped an empty cell's '-' line,
    and the row's last cell taken is its deadline ('Trước ngày 31/3/2026'), so the row is whole (_dropped_cell puts
    the empty cell back) and the lines below are the next row's, never this one's deadline."""
    return (bool(_TASK_ROW_NO.match(t) or _mark_no(t)) and len(fields) >= 4 and fields[-1] == "deadline"
            and len(cells) == len(fields) - 2 and dated(cells[-1])
            and any(ln.text.strip() for ln in after))


def _gap_column(out: list[Line], k: int, j: int, fields: list[str | None], tops: dict[int, int] | None) -> int | None:
    """The column whose line OCR dropped in the row on lines ``k`` (its number) .. ``j`` (exclusive), told by the page:
    where a line is missing the gap to the line above is about two line pitches ('Bố trí lực lượng …' then, two
    pitches below, 'Công an phường' where a merged lead cell's '-' stood), so the dropped cell is the one before as many
    columns as the row has lines below the gap. None without positions, without one such gap, or when the row's
    cells went on over more lines than one each below it."""
    if not tops:
        return None
    idx = [m for m in range(k, j) if out[m].text.strip() and out[m].idx in tops]
    if len(idx) != j - k or len(idx) < 3:
        return None
    ys = [tops[out[m].idx] for m in idx]
    steps = [b - a for a, b in zip(ys, ys[1:], strict=False)]
    pitch = sorted(steps)[len(steps) // 2]
    if pitch <= 0:
        return None
    gaps = [g for g, d in enumerate(steps) if 1.6 * pitch <= d <= 2.6 * pitch]
    if len(gaps) != 1 or any(d > 2.6 * pitch for d in steps):
        return None
    below = len(idx) - 1 - gaps[0]
    col = len(fields) - 1 - below
    return col if 1 <= col < len(fields) else None


def _dropped_cell(cells: list[str], fields: list[str | None], text_col: int, gap: int | None = None
                  ) -> list[str] | None:
    """A row one cell short (OCR dropped an empty cell's blank or '-' line) with that cell put back empty: the column
    left out is the one that leaves the content in its column and a deadline-like cell in the deadline's column and
    no other (a coordinator's column first when two do); on a scan, the column at the row's gap on the page (``gap``:
    _gap_column) when the other cells fit it. None when no column does."""
    cols = list(range(1, len(fields)))
    if gap is not None and gap != text_col and gap in cols:
        # the page's gap says which cell: the others only need no date outside the deadline's column (a deadline
        # of words, 'Khi có bão', is no date for parse_deadline)
        kept = [c for c in cols if c != gap]
        if kept[0] == text_col and not any(fields[c] != "deadline" and dated(cell)
                                           for c, cell in zip(kept, cells, strict=True)):
            return [cells[kept.index(c)] if c != gap else "" for c in cols]
    best: list[str] | None = None
    for drop in sorted((c for c in cols if c != text_col), key=lambda c: fields[c] != "support"):
        kept = [c for c in cols if c != drop]
        if kept[0] != text_col:
            continue  # the content first
        if all((fields[c] == "deadline") == dated(cell) for c, cell in zip(kept, cells, strict=True)):
            best = [cells[kept.index(c)] if c != drop else "" for c in cols]
            break
    return best


def cell_task_lines(lines: list[Line], tops: dict[int, int] | None = None) -> list[Line]:
    """A task table written one cell per line (as a text copied from a Word table comes out: 'STT' / 'Nội dung' /
    'Đơn vị chủ trì' / 'Đơn vị phối hợp' / 'Thời gian', then each row's cells one per line) as the tab-separated
    table the tasks' reader knows. Its header the cells of words under a lone 'STT' / 'TT' (_cell_header, the
    reader of target tables so written), with a content and a lead column among them in any order; each row from
    a line with its number alone ('1', '1.2', a group's 'II') down to the next such line: a line '-' or a blank one
    an empty cell, a content cell on more lines than one (the row holds more lines than the header has cells after
    its number) joined, a row of its number and one cell (a group: 'I' / 'NHÓM NHIỆM VỤ …') its name alone. The table
    ends at a numbered heading or an article, a blank line once a row has its cells, or a row that does not fit;
    the header and each row are written on their first line, the other lines they took as a lone tab. ``tops``: a
    scanned line's top in its page's pixels (Line.idx -> y), which tells where in a row OCR dropped an empty cell's
    line (_gap_column)."""
    out = list(lines)
    i = 0
    while i < len(out):
        got = _cell_header(out, i, garbled=True)
        if got is not None and (cut := next((h for h, c in enumerate(got[0]) if h and _mark_no(c)), None)):
            got = (got[0][:cut], i + cut)  # the header ends at a row's number OCR misread ('` ` z' for a group's 'I')
        fields = column_fields(got[0], single_task_column=True) if got else []
        if got is None or len(got[0]) < 3 or fields[0] != "no" or "text" not in fields or "lead" not in fields:
            i += 1
            continue
        head, k = got
        if k + 1 < len(out) and not out[k].text.strip() and (_TASK_ROW_NO.match(t1 := out[k + 1].text.strip())
                                                             or _mark_no(t1)):
            k += 1  # a blank line OCR left between the header's last cell and the first row's number
        n = len(head)
        text_col = fields.index("text")
        rows: list[tuple[int, list[str]]] = []
        while k < len(out) and (_TASK_ROW_NO.match(no := out[k].text.strip()) or _mark_no(no)):
            cells: list[str] = []
            j = k + 1
            while j < len(out) and len(cells) < n + 2:
                t = out[j].text.strip()
                if not t and not cells:
                    j += 1  # a blank line OCR left between a row's number and its first cell
                    continue
                # (a figure cell before the row has its cells, 'Kinh phí (triệu đồng)' / '800', is a cell unless it is
                # the next row's number; a mark alone where the row's cells are full or after a group's name, '?',
                # 'Ẫ' or '°' for a number, is the next row's number OCR misread)
                # (a figure after a wrapped content cell filled the row, 'nhật ký sản xuất điện tử' / … / '800', is
                # its last cell when the line after it is the next row's number: '800' / '3')
                if (_TASK_ROW_NO.match(t) and j + 1 < len(out) and out[j + 1].text.strip()
                        and (len(cells) >= n - 1 or _next_row_no(no, t))
                        and (_next_row_no(no, t) or not _figure_then_row(no, out[j + 1].text.strip()))) \
                        or _mark_no(t) and (len(cells) >= n - 1 or len(cells) == 1 and cells[0].isupper()) \
                        and any(ln.text.strip() for ln in out[j + 1 : j + 3]) \
                        or _TABLE_END.match(t) or "\t" in t or "|" in t or not t and len(cells) >= n - 1 \
                        or _short_row_done(t, cells, fields, out[j + 1 : j + 3]):
                    break
                cells.append(t)
                j += 1
            while len(cells) > n - 1 and not cells[-1]:
                cells.pop()
            if len(cells) >= n - 1 and fields[-1] == "deadline" and cut_deadline(cells[-2], cells[-1]):
                cells[-2:] = [f"{cells[-2]} {cells[-1]}"]  # the deadline's cell the page wrapped: one cell
            elif len(cells) >= n and "deadline" in fields[:-1] and (
                    cut := next((m for m in range(1, len(cells) - 1) if cut_deadline(cells[m], cells[m + 1])), None)):
                # (a deadline's cell wrapped before the lead's that stands last: 'Trước ngày' / '30/6/2026' / 'Các bộ, …')
                cells[cut : cut + 2] = [f"{cells[cut]} {cells[cut + 1]}"]
            if 2 <= len(cells) <= n - 1 and cells[0]:
                # a content cell wrapped onto a line in small letters where OCR dropped an empty cell's line: joined
                while len(cells) > 2 and cells[1][:1].islower() and not dated(cells[1]):
                    cells[0:2] = [f"{cells[0]} {cells[1]}"]
                if len(cells) == n - 2:
                    cells = _dropped_cell(cells, fields, text_col, _gap_column(out, k, j, fields, tops)) or cells
            if len(cells) >= n - 1 and cells[0]:
                extra = len(cells) - (n - 1)
                wrapped = " ".join(c for c in cells[text_col - 1 : text_col + extra] if c)
                cells = [*cells[: text_col - 1], wrapped, *cells[text_col + extra :]]
                row = [no, *("" if _EMPTY_CELL.match(c) else c for c in cells)]
            elif len(cells) == 1 and cells[0] and (_GROUP_NO.match(no) or _mark_no(no) and cells[0].isupper()):
                # (a group's numeral OCR misread: the one after the groups' above)
                groups = sum(1 for _, r in rows if not any(r[c] for c in range(len(r)) if c not in (0, text_col)))
                row = [no if _GROUP_NO.match(no) else to_roman(min(groups, 9) + 1), *("" for _ in head[1:])]
                row[text_col] = cells[0]
            else:
                break
            if not _TASK_ROW_NO.match(no) and len(cells) > 1:
                # a number OCR misread: the one after the last row's
                last = next((r[0] for _, r in reversed(rows) if r[0].isdigit()), "0")
                row[0] = str(int(last) + 1)
            rows.append((k, row))
            k = j
        if not rows:
            i += 1
            continue
        out[i] = Line(out[i].idx, out[i].page_no, "\t".join(head))
        for m in range(i + 1, k):
            out[m] = Line(out[m].idx, out[m].page_no, "\t")
        for at, row in rows:
            out[at] = Line(out[at].idx, out[at].page_no, "\t".join(row))
        i = k
    return out


# a deadline cell as a task table prints it ('Quý I/2026', 'Tháng 4/2026', 'Trước ngày 30/6/2026', 'Hằng tháng',
# 'Thường xuyên', 'Năm 2026 - 2027'): a capital first, so a row run together parts at it
_DEADLINE_CELL = re.compile(r"(?<!\S)(?:(?:Trước|Đến|Chậm nhất) (?:ngày )?\d{1,2}/\d{1,2}/\d{4}|(?:Quý|Tháng) [IVX\d]{1,4}/\d{4}"
                            r"|Năm \d{4}(?: ?- ?\d{4})?|Hằng (?:ngày|tuần|tháng|quý|năm)|Thường xuyên)(?!\S)")
_RUN_ROW = re.compile(r"^(\d{1,3})\.?\s+(\S.*)$")


def _run_header(text: str) -> list[str] | None:
    """The cells of a task table's header OCR ran together ('TT Nội dung thực hiện Thời gian Đơn vị thực hiện'): the
    number's label, then each cell from a word in capitals to the next one, when each names a field once
    (column_fields) and the content's, the deadline's and the lead's are among them, in that order (the deadline's
    between the two: where a row run together parts them). None for any other line."""
    words = text.split()
    if len(words) < 4 or fold(words[0]).lower() not in ("stt", "tt"):
        return None
    cuts = [k for k, w in enumerate(words) if k >= 1 and w[:1].isupper()]
    if not cuts or cuts[0] != 1:
        return None
    cells = [words[0], *(" ".join(words[a:b]) for a, b in zip(cuts, [*cuts[1:], len(words)], strict=True))]
    fields = column_fields(cells, single_task_column=True)
    if None in fields or fields[0] != "no" or not {"text", "deadline", "lead"} <= set(fields):
        return None
    if not fields.index("text") < fields.index("deadline") < fields.index("lead"):
        return None
    return cells


def run_together_task_lines(lines: list[Line], ocr_pages: set[int] | frozenset[int]) -> list[Line]:
    """A task table set in aligned columns that a scan gives with its cells one space apart ('TT Nội dung thực hiện
    Thời gian Đơn vị thực hiện' / '1 Tuyên truyền … hệ thống Quý I/2026 Văn phòng Hội đồng nhân dân' / 'loa truyền
    thanh … và Ủy ban nhân dân phường'), as the tab-separated table the tasks' reader knows, when its deadline column
    stands between the content's and the lead's: each row parts at its deadline cell (_DEADLINE_CELL), the content
    before, the lead after; a line under it without a number goes on with both, its lead's part from its first word
    in capitals (with the 'và' or ',' before it); the table goes on over a page break (blank lines before a row or a
    lead's tail), ends at a blank line otherwise or at a heading. The header and each row are written on their first
    line, the other lines they took as a lone tab. Only OCR'd pages (a text's aligned table is aligned_task_lines')."""
    out = list(lines)
    i = 0
    while i < len(out):
        head = _run_header(out[i].text.strip()) if out[i].page_no in ocr_pages and "\t" not in out[i].text \
            and "|" not in out[i].text else None
        if head is None:
            i += 1
            continue
        fields = column_fields(head, single_task_column=True)
        t_col, d_col, l_col = fields.index("text"), fields.index("deadline"), fields.index("lead")
        rows: list[tuple[int, list[str]]] = []
        taken: list[int] = []
        j = i + 1
        while j < len(out):
            t = out[j].text.strip()
            nxt = next((m for m in range(j, min(j + 4, len(out))) if out[m].text.strip()), None)
            if not t:
                # blank lines: a page break inside the table when a row, or a short lead's tail, follows on another page
                if rows and nxt is not None and out[nxt].page_no in ocr_pages and out[nxt].page_no != out[j - 1].page_no \
                        and (_RUN_ROW.match(out[nxt].text.strip()) or len(out[nxt].text.strip()) <= 30):
                    j += 1
                    continue
                break
            if "\t" in out[j].text or "|" in t or _TABLE_END.match(t) or out[j].page_no not in ocr_pages:
                break
            m = _RUN_ROW.match(t)
            dm = _DEADLINE_CELL.search(m.group(2)) if m else None
            if m and dm and dm.start() > 0:
                cells = [""] * len(head)
                cells[0], cells[t_col] = m.group(1), m.group(2)[: dm.start()].strip()
                cells[d_col], cells[l_col] = dm.group(), m.group(2)[dm.end() :].strip()
                rows.append((j, cells))
            elif rows and not m and len(t) <= 80:
                words = t.split()
                cut = next((k for k, w in enumerate(words) if w[:1].isupper()), len(words))
                if 0 < cut < len(words) and words[cut - 1].lower() in ("và", ","):
                    cut -= 1
                cells = rows[-1][1]
                if cut:
                    cells[t_col] = clean_space(f"{cells[t_col]} {' '.join(words[:cut])}")
                if cut < len(words):
                    cells[l_col] = clean_space(f"{cells[l_col]} {' '.join(words[cut:])}")
                taken.append(j)
            else:
                break
            j += 1
        if not rows:
            i += 1
            continue
        out[i] = Line(out[i].idx, out[i].page_no, "\t".join(head))
        for k in range(i + 1, j):
            out[k] = Line(out[k].idx, out[k].page_no, "\t" if k in taken or not out[k].text.strip() else out[k].text)
        for at, cells in rows:
            out[at] = Line(out[at].idx, out[at].page_no, "\t".join(cells))
        i = j
    return out
