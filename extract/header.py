"""Header metadata: issuer, number, place and date, document type, title, period, signer."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter
from typing import Any

from rapidfuzz import fuzz, process

from extract import letterhead
from extract.patterns import load_json, rx
from extract.structure import Line
from normalize.text import clean_space, fold, title_case_vi

log = logging.getLogger(__name__)
# a part's heading ('Chương I', 'Phần II', with its name in capitals after it) closing a title's line
_PART_RUN_ON = re.compile(r"(?<=\w)\s+(?:Chương|Phần)\s+(?P<no>[IVXL]{1,4})\b(?P<name>[^a-z]*)$")


def _without_part(title: str) -> str:
    """A title without a part's heading OCR ran on to its line: its name in capitals after it, or the first part's
    number alone ('… cho học sinh Chương I'; a title may end on another part it amends, 'sửa đổi Chương II')."""
    m = _PART_RUN_ON.search(title)
    name = m.group("name").strip(" .:-") if m else ""
    return title[: m.start()] if m and (name.isupper() or not name and m.group("no") == "I") else title

HEAD_LINES = 60


def _digits(tok: str, ocr: dict[str, str]) -> int | None:
    """A day's or month's figures as printed ('18'), or as a scan read them: each glyph of 'digit_ocr' its digit, as
    read ('ó' for 6, 'Ø' for 0) or folded ('ò' as 'o')."""
    s = "".join(c if c.isdigit() else ocr.get(c) or ocr.get(fold(c), c) for c in tok)
    return int(s) if s.isdigit() else None


def _issuer(lines: list[Line], cfg: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(issuer, issuer_level, jurisdiction) e.g. ('UBND xã Thạnh Phú', 'xã', 'xã Thạnh Phú')."""
    levels: dict[str, str] = cfg["levels"]
    level_ocr: dict[str, str] = cfg["level_ocr"]
    cut = rx(cfg["right_column_cut"])
    head_re = rx(cfg["issuer_head"])
    head = [ln.text.strip().replace("*", "") for ln in lines[:HEAD_LINES] if ln.text.strip().strip("*")]

    def level_name(text: str) -> tuple[str, str] | None:
        ftext = fold(text)
        cm = cut.search(" " + ftext)
        if cm:
            text, ftext = text[: max(cm.start() - 1, 0)], ftext[: max(cm.start() - 1, 0)]
        words = text.split()
        fwords = [level_ocr.get(w, w) for w in ftext.split()]
        for key in sorted(levels, key=lambda k: -len(k.split())):
            n = len(key.split())
            if " ".join(fwords[:n]) == key and len(words) > n:
                return levels[key], title_case_vi(" ".join(words[n:]))
        return None

    for i, text in enumerate(head[:12]):
        m = head_re.match(fold(text))
        cands = [text[m.end() :], *head[i + 1 : i + 3]] if m else ([text] if i < 2 else [])
        for cand in cands:
            found = level_name(cand.strip())
            if found:
                level, name = found
                juris = f"{level} {name}"
                return f"UBND {juris}", level, juris
        if m:
            break
    return None, None, None


def _province(text: str, issuer_level: str | None, jurisdiction: str | None) -> str | None:
    provs: list[str] = load_json("provinces.json")["provinces"]
    if jurisdiction and issuer_level in ("tỉnh", "thành phố"):
        fj = fold(jurisdiction).split(" ", 1 if issuer_level == "tỉnh" else 2)[-1]
        for p in provs:
            if fold(p) == fj or fold(p).replace("d", "p") == fj.replace("d", "p"):
                return p
    ft = fold(text).replace("\n", " ")
    counts: Counter[str] = Counter()
    folded = {fold(p): p for p in provs}
    for m in re.finditer(r"\b(thanh ph\w|tinh|tp\.?)\s+((?:[a-z]+ ){1,3})", ft + " "):
        words = m.group(2).split()
        for n in (len(words), 2, 1):
            cand = " ".join(words[:n]).replace("p", "d") if words[:1] and words[0].startswith("p") else " ".join(words[:n])
            best = process.extractOne(cand, list(folded), scorer=fuzz.ratio, score_cutoff=85)
            if best:
                counts[folded[best[0]]] += 1
                break
    if counts:
        return counts.most_common(1)[0][0]
    return None


def extract_header(lines: list[Line], body_start: int | None) -> dict[str, Any]:
    cfg = load_json("header.json")
    ocr = cfg["digit_ocr"]
    meta: dict[str, Any] = dict.fromkeys(
        [
            "doc_type", "doc_number", "issuer", "issuer_level", "province", "issue_place", "issue_date",
            "title", "period_start", "period_end", "signer", "issuer_parent", "subject", "recipients", "distribution",
            "signer_authority", "signer_title",
        ]
    )
    limit = body_start if body_start is not None else HEAD_LINES
    head = lines[: max(limit, 5)]
    issuer, level, juris = _issuer(lines, cfg)
    body = None
    # a department under its city ('UBND THÀNH PHỐ ĐÀ NẴNG' / 'SỞ GIÁO DỤC VÀ ĐÀO TẠO'), or a ministry / HĐND alone
    other = letterhead.two_line_issuer(lines) or letterhead.one_line_issuer(lines)
    if other:
        issuer, level, juris, body = other["issuer"], other["issuer_level"], other["jurisdiction"], other["issuer_body"]
        meta["issuer_parent"] = other.get("issuer_parent")
    meta.update(issuer=issuer, issuer_level=level)
    # number
    for ln in head:
        text = _number_glyphs(_eth_run(ln.text).replace("§", "8"), ocr)  # OCR's '§' for a degraded 8 ('Số: §8/KH')
        m = rx(cfg["number"]).search(fold(text))
        if m:
            raw = text[m.start(1) : m.end(2)]
            meta["doc_number"] = re.sub(r"\s*/\s*", "/", raw)  # as printed: '1906/SGDĐT-CTrTT'
            break
    if meta["doc_number"] is None:
        # 'Số' lost from the number's line (': 1032/QĐ-SKHCN'): the letterhead's first lines only
        for ln in head[:12]:
            text = _number_glyphs(_eth_run(ln.text.strip()), ocr)
            m = letterhead.LOST_SO.match(fold(text)) or _LOOSE_NUMBER.match(fold(text))
            glued = None if m else _GLUED_NUMBER.match(text)
            if glued:
                meta["doc_number"] = f"{glued.group(1)}/{glued.group(2)}"  # the slash OCR lost between them
                break
            if m:
                meta["doc_number"] = re.sub(r"\s*/\s*", "/", text[m.start(1) : m.end(2)])
                if m.re is _LOOSE_NUMBER and "/" not in meta["doc_number"]:
                    meta["doc_number"] = re.sub(r"\s+", "/", meta["doc_number"], count=1)  # the slash OCR lost
                break
    # a joint document (liên tịch, liên sở): every issuing body, '; '-joined (README: Data dictionary)
    joint = letterhead.joint_issuers(lines, meta["doc_number"])
    if joint:
        issuer, level, juris, body = joint["issuer"], joint["issuer_level"], joint["jurisdiction"], joint["issuer_body"]
        meta.update(issuer=issuer, issuer_level=level, issuer_parent=joint["issuer_parent"])
    # place and date: on one line, else over two (a scan's date line broken after its day or month, or its place
    # left at the end of the line above: 'Hạnh phúc Cao Bằng,' / 'ngày 18 tháng 8 năm 2026')
    for ln_text, m in _date_lines(head, rx(cfg["date_line"])):
        d, mo, y = (_digits(ln_text[m.start(2) : m.end(2)], ocr), _digits(ln_text[m.start(3) : m.end(3)], ocr),
                    scan_year(ln_text[m.start(4) : m.end(4)]))
        place = clean_space(ln_text[letterhead.place_start(ln_text, m.start(1), m.end(1)) : m.end(1)])
        # an OCR'd header line holds the number on the left: keep what follows it
        num = rx(cfg["number"]).search(fold(place))
        if num:
            place = clean_space(place[num.end() :])
        try:
            meta["issue_date"] = dt.date(y, mo or 1, d or 1) if d and mo and y else None
        except ValueError:
            meta["issue_date"] = None
        meta["issue_place"] = place.strip("*_ ") or None
        break
    # document type and title
    types = letterhead.doc_types()
    type_re = letterhead.type_line_re()
    stop = rx(cfg["title_stop"])
    for i, ln in enumerate(head):
        # the type is printed in capitals: a line of small letters alone is a wrapped subject's tail ('V/v … trực
        # tuyến' / 'toàn trình', which folds as 'tờ trình' does)
        if type_re.match(ln.folded.strip().strip("*")) and any(c.isupper() for c in ln.text):
            key = clean_space(re.sub(r"[^a-z ]", "", ln.folded))
            meta["doc_type"] = types.get(key) or _guess_type(key, types)
            title: list[str] = []
            for nxt in lines[i + 1 : i + 8]:
                t = nxt.text.strip().strip("*").strip()
                if not t:
                    if title:
                        break
                    continue
                if stop.match(nxt.folded) and (title or not nxt.folded.lstrip().startswith("th")) or t.isupper() and title:
                    break
                if title and t.endswith(":"):
                    break  # the body's introduction ('… chỉ thị:'), run on to the title where OCR lost the blank line
                title.append(t)
            # a part's heading OCR ran on to the title's line ('… cho học sinh Chương I QUY ĐỊNH CHUNG'): not the title's
            meta["title"] = _without_part(clean_space(" ".join(title))) or None
            break
    if meta["title"] is None:
        # fragment without a header: first non-empty line before the body
        for ln in lines[: limit or 5]:
            if ln.text.strip():
                meta["title"] = clean_space(ln.text)
                break
    meta["subject"] = letterhead.subject(lines)
    if meta["doc_type"] is None and meta["subject"]:
        meta["doc_type"], meta["title"] = "CÔNG VĂN", None  # Decree 30: a công văn has a 'V/v' line, no type word
    meta["doc_number"] = letterhead.mend_number(meta["doc_number"], meta["doc_type"])
    if meta["issue_place"] is None:
        meta["issue_place"], meta["issue_date"] = letterhead.lenient_place_date(lines)
    if meta["issue_place"] is None:
        meta["issue_place"], meta["issue_date"] = letterhead.date_line_anywhere(lines)
    if meta["doc_type"] is None and re.search(cfg["doc_type_fallback"], fold("\n".join(x.text for x in lines))):
        meta["doc_type"] = "KẾ HOẠCH"
    # period
    ft = fold(meta["title"] or "")
    m = rx(cfg["period"]).search(ft)
    if m:
        meta["period_start"], meta["period_end"] = int(m.group(1)), int(m.group(2))
    else:
        years = [int(y) for y in rx(cfg["single_year"]).findall(ft)]
        if years:
            meta["period_start"] = years[0]
            meta["period_end"] = years[0] if len(years) == 1 and "tiep theo" not in ft else None
    if issuer is None and meta["title"]:
        # header cut off (fragment): the plan's own place is named in its title ('... xã Đại Ngãi giai đoạn ...')
        ft = fold(meta["title"])
        for key, lvl in cfg["levels"].items():
            m = re.search(rf"\b{key} (.+?)(?= giai d| n\w{{1,2}}m \d|$)", ft)
            if m and len(m.group(1).split()) <= 4:
                name = title_case_vi(meta["title"][m.start(1) : m.end(1)])
                level, juris = lvl, f"{lvl} {name}"
                meta.update(issuer=f"UBND {juris}", issuer_level=level)
                break
    # a place name with a letter OCR doubled or stacked ('PHƯỜNG HOA LLƯ', 'Thuận Châầu, ngày …'): the spelling the
    # head prints elsewhere (the date line, the subject), when that is certain (letterhead.undoubled_place)
    head_text = "\n".join(x.text for x in lines[:HEAD_LINES])
    if juris and issuer and level and level != "bộ":
        lvl, _, name = letterhead.level_and_name(juris)
        fixed = letterhead.undoubled_place(name, head_text) if lvl else name
        if fixed != name and issuer.endswith(name):
            juris, issuer = f"{lvl} {fixed}", issuer[: -len(name)] + fixed
            meta["issuer"] = issuer
    meta["issue_place"] = letterhead.undoubled_place(meta["issue_place"], head_text)
    meta["province"] = _province("\n".join(x.text for x in lines), level, juris) if level != "bộ" else None
    meta["subject"] = meta["subject"] or meta["title"]
    end = _appendix_line(lines)
    meta["recipients"] = letterhead.recipients(lines, min(end, HEAD_LINES + 20))
    # the signature block beside the 'Nơi nhận' list, read column by column (list first, then the block)
    closing = letterhead.closing_columns(lines, end)
    meta["distribution"] = letterhead.drafting_unit(letterhead.distribution(closing, len(closing)), meta["doc_number"])
    blocks = letterhead.signature_blocks(closing, len(closing))
    if blocks:
        # two signature blocks side by side (a joint document): one part per block, in the issuers' order
        meta.update(letterhead.joint_signature(blocks, joint["heads"] if joint else None))
    else:
        sig = letterhead.signature(closing, len(closing))
        meta["signer"] = sig["signer"] or _signer(closing, cfg)
        if meta["signer"] is None and (sig["signer_authority"] or sig["signer_title"]):
            meta["signer"] = letterhead.name_beside_distribution(closing, len(closing))
            if meta["signer"] is None:
                meta["signer"], meta["distribution"] = letterhead.name_after_item(meta["distribution"])
        meta["signer_authority"], meta["signer_title"] = sig["signer_authority"], sig["signer_title"]
    meta["_issuer_body"] = body
    meta["_jurisdiction"] = juris
    return meta


# a year's digit as a scan may read it: 'O'/'o'/'D' for 0, 'I'/'l'/'i'/'|' for 1, 'Z'/'z' for 2, 'S'/'s' for 5, 'G' or a
# small 'b' for 6, a capital 'B' or '§' for 8 (as printed, not folded: 'b' and 'B' stand for different digits)
_YEAR_GLYPHS = {"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "i": "1", "|": "1", "Z": "2", "z": "2", "S": "5",
                "s": "5", "G": "6", "b": "6", "B": "8", "§": "8"}


def scan_year(read: str) -> int | None:
    """The year of a date line as printed: its four digits, or, on a scan that read one or two of them as letters
    ('2O26', '2O2G'), the year those glyphs stand for, when two digits at least were read as digits, the first of them
    a 1 or a 2, and the year lies within 1945-2100. Anything else is no year (None): a date the scan does not show is
    never guessed."""
    if len(read) != 4:
        return None
    if read.isdigit():
        return int(read)
    digits = "".join(c if c.isdigit() else _YEAR_GLYPHS.get(c, "") for c in read)
    if len(digits) != 4 or sum(c.isdigit() for c in read) < 2 or not read[0].isdigit():
        return None
    return int(digits) if 1945 <= int(digits) <= 2100 else None


def _date_lines(head: list[Line], date_line: re.Pattern[str]) -> Any:
    """(text, match) of the header's place-and-date line: each line of the head that holds one; then, where none
    does, two lines joined where a scan broke the date between them ('Cao Bằng, ngày 18 tháng 8' / 'năm 2026',
    'Độc lập - Tự do - Hạnh phúc Cao Bằng,' / 'ngày 18 tháng 8 năm 2026'): the date's match must run from the first
    line into the second and take the second from its start. A citation ('Căn cứ …', '… kèm theo …') is none."""
    def cited(folded: str) -> bool:
        return "can cu" in folded or "kem theo" in folded

    found = False
    for ln in head:
        m = date_line.search(ln.folded)
        if m and not cited(ln.folded):
            found = True
            yield ln.text, m
    if found:
        return
    for a, b in zip(head, head[1:], strict=False):
        first, second = a.text.rstrip(), b.text.strip()
        if not first or not second or cited(a.folded) or cited(b.folded):
            continue
        text = f"{first} {second}"
        m = date_line.search(fold(text))
        if m and m.start(1) < len(first) and m.end() > len(first) + 1:
            yield text, m


def _eth_run(text: str) -> str:
    """Tesseract reads a bold 'Đ' as two or three glyphs, one of them the Icelandic 'Ð' ('96/HĐÐĐND-VP',
    '58/QĐÐ-UBND'). 'Ð' is no Vietnamese letter, so a run of D-with-stroke glyphs holding one is a single 'Đ'; a
    run without it ('ĐĐBQH') is kept."""
    return re.sub(r"[ĐÐ]*Ð[ĐÐ]*", "Đ", text)


# the number after 'Số:' up to its '/', on folded text: digits and the glyphs OCR reads for them ('l2', '1O32')
_NUMBER_GLYPHS = re.compile(r"(?:^|\s)s[o06]\w?\s*:\s*([0-9a-z|§ø]{1,5})(?=\s*/)")


# the number's line as a scan may read it, on its own at the head of a line: 'Số' with its ':' read ';' or '.' or
# lost ('Số 986/UBND-NNMT', 'Số; 986/…'), a speck before the number ('Số: _986/…'), the slash lost ('Số: 986
# UBND-NNMT', only before a code with its dash): folded text; the code is letters and digits with a dash
_LOOSE_NUMBER = re.compile(r"^s[o06]\w?\s*[:;.,]?\s*[_'`.,]?\s*(\d{1,5})(?:\s*/\s*|\s+(?=[a-z0-9]{1,10}-))"
                           r"((?:(?:19|20)\d\d\s*/\s*)?[a-z0-9]{1,10}(?:-[a-z0-9]{1,10})+)(?![\w/])")

# ... or the slash lost with no space left ('Số: 215UBND-VHXH'): the digits run straight into a code of capitals with its
# dash (as printed, not folded: a small letter there, 'Số: 215lUBND-…', may be the slash itself read 'l', and is left)
_GLUED_NUMBER = re.compile(r"^S\w{0,2}\s*[:;.,]?\s*[_'`.,]?\s*(\d{1,5})([A-ZĐ]{2,10}(?:-[A-ZĐ0-9]{1,10})+)(?![\w/])")


_FIRST_GLYPHS = frozenset("OoØøB§")  # a number's first digit as a scan may read it, never a speck's shape


def _number_glyphs(text: str, ocr: dict[str, str]) -> str:
    """'Số: 1O32/KH-UBND' -> 'Số: 1032/KH-UBND': a document's number is digits (Decree 30), so a glyph OCR reads for a
    digit ('digit_ocr': 'l', 'I', '|' for 1, 'O' for 0, 'S' for 5, 'B' for 8) between 'Số:' and the '/' is that
    digit, when the number holds a digit as read and every other glyph of it is one of those; a small letter with a
    diacritic after its digits ('486ó') a speck, dropped. A number of no digit
    at all ('Số: I /…', a speck where the number was left blank for a hand) is kept as read: a lost digit is never
    guessed."""
    m = _NUMBER_GLYPHS.search(fold(text))
    if not m:
        return text
    read = text[m.start(1) : m.end(1)]
    if len(read) >= 2 and read[:-1].isdigit() and read[-1].islower() and not read[-1].isascii():
        # a speck OCR read as a small letter with a mark after the number's digits ('Số: 486ó/UBND-KGVX' where the
        # digits touch the motto's column on a two-column header): no glyph of a digit, no letter a number holds
        return text[: m.start(1)] + read[:-1] + text[m.end(1) :]
    digits = "".join(c if c.isdigit() else ocr.get(c, "") for c in read)
    # a glyph before the first digit ('Số: I15/…') is as often a speck after the colon as a 1: not guessed; nor an 'S'
    # there, which a scan reads for a 5 and for an 8 alike ('S6' for 86). A round glyph no speck makes is the one
    # digit it stands for ('Số: O9/CT-UBND', 'B6/…'), with one digit read as a digit after it at least
    if (read.isdigit() or not (read[0].isdigit() or read[0] in _FIRST_GLYPHS and any(c.isdigit() for c in read))
            or len(digits) != len(read) or not digits.isdigit()):
        return text
    return text[: m.start(1)] + digits + text[m.end(1) :]


def _appendix_line(lines: list[Line]) -> int:
    """Index of the appendix title after the signature ('PHỤ LỤC'), else the number of lines."""
    seen_distribution = False
    for ln in lines:
        if re.match(r"^\s*n\w{1,2}i ?nh\w{1,2}n", ln.folded):
            seen_distribution = True
        elif seen_distribution and re.match(r"^(?:[\W_]+|\w\s+){0,3}ph\w{0,2} l\w{0,2}c\b", ln.folded.strip("* ")):
            return ln.idx
    return len(lines)


def _guess_type(key: str, types: dict[str, str]) -> str | None:
    from rapidfuzz import process

    best = process.extractOne(key, list(types))
    return types[best[0]] if best and best[1] >= 70 else None


def _is_name(part: str) -> bool:
    words = part.split()
    return 2 <= len(words) <= 5 and all(w.isalpha() and w[0].isupper() and w[1:].islower() for w in words)


def _signer(lines: list[Line], cfg: dict[str, Any]) -> str | None:
    """Name under the last 'TM./KT./CHỦ TỊCH' mark: a line of its own first, else the last name-like piece."""
    mark = rx(cfg["signer_mark"])
    marks = [i for i, ln in enumerate(lines) if re.search(r"\b(tm|kt)\.", ln.folded) or mark.match(ln.folded)]
    if not marks:
        return None
    whole: list[str] = []
    pieces: list[str] = []
    for nxt in lines[marks[-1] + 1 : marks[-1] + 25]:
        text = nxt.text.strip().strip("*").strip()
        if _is_name(text) and not mark.match(fold(text)):
            whole.append(text)
        for part in re.split(r";|\.\s|\)|\s{2,}", text):
            part = clean_space(re.sub(r"[^\w\s]", " ", part)) if "-" not in part[:2] else ""
            if _is_name(part) and not mark.match(fold(part)) and "nhan" not in fold(part):
                pieces.append(part)
    if whole:
        return whole[0]
    return pieces[-1] if pieces else None
