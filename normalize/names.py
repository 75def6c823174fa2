"""Personal names in restoration: kept when written right, restored only on strong evidence, never invented.

The syllable LM is trained on laws, which hold almost no personal names, so on its own it reads a name as the
commonest words with its letters: ``Đỗ Thị Thu Hà`` became ``Đô Thị …`` (đô thị, urban) and ``Phan Văn Hùng``
``Phần Văn …``.  This module finds the runs of capitalised words that are a person's name and decides each of
their tokens before decoding (the decoder takes the decision as fixed, like a gazetteer name):

* **where**: a run after a form of address (``ông``, ``bà``, ``đồng chí``, ``Đ/c``, ``các ông``, ``Người ký:``
  …; a further name after ``và`` in such a list); a line that is nothing but the run, under a line in capitals
  (the signer under ``PHÓ CHỦ TỊCH``); a run followed by a comma or dash and a title or role (``…, Phó Chủ
  tịch``); or a run of three or four words shaped like a Kinh name (a surname, then a common middle name: ``Lò
  Văn Pánh``).  A run must start with a surname (in OCR text: a token the channel reads as one) or a
  minority-name prefix (``Y``, ``H'…``, ``K'``, ``Ksor``, ``Rơ`` …); after a role or on a signer line its other
  words must be middle or given names; runs the gazetteer spelt as places are left to it.
* **what**: a token written with its marks, or one that is no Vietnamese syllable (``Kđăm``, ``Mah``), is kept
  as written.  A token without marks (stripped or English-model OCR text, or an unmarked name in marked text)
  gets a name's spelling only when that spelling has at least ``NameConfig.min_share`` of the weight of the
  names its letters can spell in its slot (surname, middle, given name: ``Nguyen`` → ``Nguyễn``, ``Thi`` →
  ``Thị``, ``Ha`` → ``Hà``), with that share as confidence; otherwise (``Hung``: Hùng or Hưng) it is kept as it
  came, with confidence ``NameConfig.keep_conf``.  In OCR text the learned channel says which names a garbled
  token can spell (``Nguyén``).  The name's tokens are unknown words to the LM and stay out of the document
  cache: a surname ``Trương`` must not draw the document's other ``Truong`` (``Trưởng``) to it.

The name lists are general knowledge of Vietnamese names (surnames by their usual frequency, the common middle
and given names in rough tiers), not taken from any evaluation document.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from .model import SPECIALS
from .text import apply_case, case_pattern, is_vietnamese_syllable, syllable_key

if TYPE_CHECKING:
    from .candidates import CandidateGenerator

# --------------------------------------------------------------------------------------------- name lists
# "spelling weight" pairs; weights are rough relative frequencies within the slot (public knowledge: the big
# surnames' shares of the population; middle and given names in tiers 0.3 rare .. 10 very common)
_SURNAMES = """
Nguyễn 38 Trần 11 Lê 9.5 Phạm 7 Hoàng 5 Huỳnh 2 Phan 4.5 Vũ 3.9 Võ 2 Đặng 2.1 Bùi 2 Đỗ 1.4 Hồ 1.3 Ngô 1.3
Dương 1 Lý 0.5 Trương 0.5 Đinh 0.5 Đoàn 0.5 Mai 0.4 Trịnh 0.4 Lương 0.4 Tô 0.3 Hà 0.4 Đào 0.4 Cao 0.4 Lâm 0.3
Tạ 0.3 Vương 0.2 Châu 0.2 Thái 0.2 Chu 0.2 Kiều 0.1 Quách 0.1 Tống 0.1 Lại 0.1 Lưu 0.2 Triệu 0.2 Nông 0.2
Lục 0.1 Lò 0.1 Lường 0.05 Quàng 0.05 Cầm 0.05 Sầm 0.03 Vi 0.05 Bế 0.05 Ma 0.05 Mạc 0.05 Giàng 0.05 Sùng 0.05
Vàng 0.05 Thào 0.05 Lầu 0.03 Mùa 0.03 Hầu 0.03 Khổng 0.05 Nghiêm 0.05 Phùng 0.1 Thân 0.05 Diệp 0.05 Doãn 0.05
Hứa 0.05 Âu 0.03 Kha 0.03 La 0.05 Khúc 0.03 Ninh 0.05 Tăng 0.05 Từ 0.05 Giáp 0.05 Bạch 0.03 Đàm 0.05
Đồng 0.05 Tiêu 0.03 Khuất 0.03 Phí 0.03 Lã 0.02 Chế 0.02 Quan 0.03 Cù 0.02 Đậu 0.05 Thạch 0.05 Danh 0.03
Kim 0.03 Lữ 0.02 Tôn 0.05 Chử 0.02 Trình 0.02 Ông 0.02 Văn 0.02 Mẫn 0.02 Nhữ 0.01 Viên 0.01 Giang 0.02
Lộc 0.02 Hàn 0.02 Tòng 0.02 Lèo 0.01 Đèo 0.01 Vừ 0.02 Ly 0.02 Tráng 0.01 Hạng 0.01 Sình 0.01
"""
_MIDDLE = """
Văn 30 Thị 30 Hữu 5 Đức 5 Minh 6 Thanh 6 Ngọc 5 Quang 4 Xuân 4 Thu 3 Kim 3 Hồng 3 Quốc 4 Công 3 Đình 3
Tiến 2 Trọng 2 Mạnh 2 Thế 2 Bá 2 Anh 2 Tấn 2 Thành 2 Hoàng 2 Duy 2 Việt 2 Phương 1.5 Bích 1.5 Mỹ 2 Hải 2
Đăng 1.5 Đại 1 Khánh 1 Gia 1.5 Trung 1.5 Thái 1 Nhật 1 Như 1 Thúy 1 Diệu 1 Lệ 1 Tuấn 1 Huy 1 Hoài 1 Hà 1
Cẩm 1 Ánh 1 Tú 0.5 Chí 2 Sỹ 1 Sĩ 0.5 Vĩnh 1 Phú 1 Lan 0.5 Hương 1 Thiện 0.5 Nam 0.5 Bảo 1.5 Kiều 0.5 Thùy 1
Thủy 0.5 Đông 0.5 Hạnh 0.3 Tân 0.5 Thư 0.5 Vân 0.5 Đinh 0.1 Ân 0.1 Nguyên 0.5 Hoa 0.3 Hòa 0.3 Yến 0.3
Trường 0.5 Hiếu 0.3 Tường 0.5 Cao 0.3 Hưng 0.3 Hùng 0.3 Long 0.3 Sơn 0.3 Kỳ 0.3 Khắc 1 Doãn 0.5 Viết 1
A 2 Seo 1 Y 0.5 Lâm 0.3 Trí 0.3 Mai 0.3 Tố 0.3 Thuận 0.3
"""
_GIVEN = """
An 8 Ân 1 Anh 10 Ánh 2 Bảo 4 Bích 2 Bình 8 Bính 0.5 Châu 3 Chi 3 Chí 1 Chiến 3 Chính 3 Chinh 1 Chung 2
Công 2 Cường 6 Dân 2 Dần 0.5 Đạt 4 Diệp 1 Diệu 1 Định 2 Đình 0.3 Dũng 8 Dung 6 Đức 5 Dương 3 Dưỡng 0.5
Duy 3 Giang 4 Hà 8 Hạ 0.5 Hải 8 Hai 1.5 Hân 2 Hàn 0.5 Hằng 5 Hạnh 5 Hành 0.3 Hảo 2 Hào 2 Hậu 2 Hiền 4
Hiến 1 Hiển 1 Hiếu 5 Hiểu 0.3 Hoa 5 Hòa 5 Hoài 2 Hoàn 1 Hoan 1 Hoàng 3 Hồng 4 Huệ 3 Huế 2 Hùng 6 Hưng 5
Hương 6 Hường 1 Huy 6 Huyền 5 Khánh 4 Khoa 3 Kiên 3 Kiện 0.5 Lâm 3 Lan 5 Lệ 2 Liên 3 Linh 6 Loan 3
Lộc 3 Lợi 3 Long 5 Luân 1 Luận 1 Ly 2 Lý 0.5 Mai 4 Mạnh 3 Minh 8 My 2 Mỹ 2 Nam 6 Năm 1 Nga 4 Ngà 1 Ngân 3
Nghĩa 4 Ngọc 4 Nguyệt 2 Nhân 3 Nhàn 2 Nhung 4 Oanh 3 Phát 2 Phong 4 Phúc 3 Phục 0.3 Phương 6 Phượng 1
Quân 4 Quản 0.3 Quang 4 Quyên 2 Quyền 1 Quỳnh 3 Sang 2 Sáng 1 Sơn 6 Tài 3 Tâm 5 Tám 1 Tân 3 Tấn 1
Thắng 5 Thăng 0.5 Thanh 5 Thành 5 Thạnh 1 Thảo 5 Thịnh 2 Thọ 2 Thơ 2 Thu 3 Thư 3 Thủy 4 Thúy 4 Thùy 2
Tiến 3 Tiên 2 Toàn 3 Toản 1 Trang 5 Trí 2 Trọng 2 Trung 5 Trường 2 Tú 3 Tư 1 Tuấn 6 Tuyết 2 Vân 4 Văn 0.3
Việt 3 Vinh 4 Vĩnh 1 Xuân 3 Yến 4 Yên 0.5 Thương 2 Thưởng 1 Phú 2 Quốc 1 Đào 1 Bảy 1 Sáu 1 Ba 0.5 Bốn 0.3
Chín 0.5 Mười 0.5 Khiết 0.5 Đông 2 Đồng 0.5 Tùng 3 Tuyên 1 Tuyến 1 Uyên 2 Vy 2 Vũ 2 Vượng 1 Kha 0.5
Khải 1 Khang 2 Khôi 2 Kiệt 2 Lực 1 Nhật 2 Nhi 2 Như 1 Nhu 0.3 Ninh 1 Phi 1 Phước 2 Phụng 1 Quý 2 Sinh 1
Sỹ 1 Tạo 1 Thái 2 Thân 0.5 Thiện 2 Thông 2 Thống 1 Thuận 2 Thục 1 Tín 2 Tình 1 Tịnh 0.5 Trâm 2 Trân 1 Tri 0.3
Triều 1 Trinh 2 Trình 0.5 Tường 1 Tuệ 1 Uy 0.5 Vui 0.5 Xuyến 1 Cúc 1 Diễm 1 Diễn 1 Điệp 1
Doanh 1 Dự 0.5 Được 0.5 Giao 1 Hiệp 2 Hiệu 0.5 Học 0.5 Hội 0.5 Huân 1 Hưởng 1 Kháng 0.5 Lành 0.5
Lanh 0.3 Lập 1 Liễu 0.5 Lĩnh 1 Lụa 0.5 Lương 1 Mạo 0.3 Mến 1 Mừng 0.5 Nghị 1 Nguyên 2 Nhạn 0.5 Nhã 1 Nương 0.5
Oánh 0.3 Phấn 0.5 Phòng 0.5 Quế 1 Quyết 1 Sâm 0.5 Sương 1 Thạch 0.5 Thiêm 0.3 Thiều 0.3 Thoa 2 Thuần 1
Thuật 0.5 Thược 0.3 Toại 0.3 Trà 1 Trực 1 Tuân 1 Tước 0.3 Út 1 Vàng 0.3 Vấn 0.3 Viên 1 Vỹ 0.5 Xanh 0.3
Chương 1 Chức 0.3 Cương 1 Cảnh 2 Cần 0.5 Đăng 1 Đoàn 0.5 Giáp 0.5 Hòe 0.5 Hợi 0.5 Khiêm 1
Khuê 1 Kiều 1 Lai 0.3 Lài 0.3 Lê 0.3 Liêm 1 Luyến 1 Mẫn 0.5 Mậu 0.5 Nhiên 0.5 Pháp 0.3 Quảng 0.5 Sửu 0.3
Thìn 0.5 Thoại 0.5 Tỵ 0.3 Ngôn 0.3 Huỳnh 0.3 Vĩ 0.5 Lịch 0.3 Tuyền 1
"""


def _parse(block: str) -> dict[str, dict[str, float]]:
    """key -> spelling -> weight; a spelling listed twice keeps its largest weight."""
    out: dict[str, dict[str, float]] = {}
    items = block.split()
    for name, w in zip(items[::2], items[1::2], strict=True):
        d = out.setdefault(syllable_key(name), {})
        d[name] = max(d.get(name, 0.0), float(w))
    return {k: {s: w for s, w in d.items() if w > 0} for k, d in out.items() if any(w > 0 for w in d.values())}


SURNAMES = _parse(_SURNAMES)
MIDDLE = _parse(_MIDDLE)
GIVEN = _parse(_GIVEN)
# inner syllables of a long name ('Đỗ Thị Thu Hà': Thu) may be a middle name or part of a compound given name
INNER = {k: {s: MIDDLE.get(k, {}).get(s, 0.0) + 0.5 * GIVEN.get(k, {}).get(s, 0.0)
             for s in {*MIDDLE.get(k, {}), *GIVEN.get(k, {})}} for k in {*MIDDLE, *GIVEN}}

# the first word of an ethnic-minority name (Ê Đê 'Y' / 'H'…', K'Ho 'K'', Jrai / Bahnar clan and prefixes)
MINORITY_FIRST = frozenset({"y", "h", "k", "ksor", "ro", "siu", "nay", "kpa", "rcom", "rmah", "puih", "rahlan",
                            "nie", "mlo", "bya", "eban", "ayun", "hwing", "dinh", "a", "ding"})
# words before a person's name (keys, one or two words)
ADDRESS = {"ong": "ông", "ba": "bà", "dong chi": "đồng chí", "anh": "anh", "chi": "chị", "cac ong": "các ông",
           "cac ba": "các bà", "cac dong chi": "các đồng chí", "d/c": "", "ths": "", "ts": "", "pgs": "", "gs": "",
           "bs": "", "ks": "", "ls": "", "nguoi ky": "người ký", "ky": ""}  # their spelling ('': kept as written)
# the first word of a title or role after a name and a comma / dash ('…, Phó Chủ tịch', '- Trưởng ban')
ROLE_FIRST = frozenset({"chu", "pho", "giam", "truong", "bi", "chanh", "uy", "thanh", "cong", "can", "chuyen",
                        "hieu", "ke", "chi", "van", "gia", "tham", "thu", "dai", "tong", "nguyen", "bo", "si",
                        "thuong", "nhan", "hoi", "to", "dang", "lam", "cuu", "nha", "ky", "bac", "giao"})
_COMMON_MIDDLE = 3.0  # weight of a middle name that marks a name without other context (Văn, Thị, Minh, Quốc …)
# words joining two names of one list ('ông A và bà B')
_JOIN = frozenset({"va", "cung"})


@dataclass(frozen=True)
class NameConfig:
    min_share: float = 0.9  # a spelling needs this share of its slot's weight for the token's letters
    max_channel: float = 5.0  # OCR text: a name spelling the channel reads from the token this cheaply
    keep_conf: float = 0.3  # a name token kept as it came (no strong evidence): low confidence
    kept_marked_conf: float = 0.99  # a name written with its marks, kept as written
    max_conf: float = 0.95

    def __reduce__(self) -> tuple[type, tuple]:
        # pickle and copy by the constructor: compiled by mypyc (normalize/aot.py), a frozen dataclass has no
        # setattr-based state to restore
        return type(self), tuple(getattr(self, f.name) for f in fields(self))


DEFAULT_NAMES = NameConfig()


@dataclass(frozen=True, slots=True)
class NameToken:
    """The decision for one token of a personal name: its spelling and confidence; ``known``: the spelling
    is a name of the lists (the LM may see it as that word), else it is kept as it came."""

    text: str
    confidence: float
    known: bool

    def __reduce__(self) -> tuple[type, tuple]:
        # pickle and copy by the constructor: compiled by mypyc (normalize/aot.py), a frozen dataclass has no
        # setattr-based state to restore
        return type(self), tuple(getattr(self, f.name) for f in fields(self))


def _line_of(pieces: list, pi: int) -> tuple[int, int]:
    """[lo, hi) piece range of the line holding piece ``pi`` (newline pieces excluded)."""
    lo = pi
    while lo > 0 and pieces[lo - 1].kind != "nl":
        lo -= 1
    hi = pi
    while hi < len(pieces) and pieces[hi].kind != "nl":
        hi += 1
    return lo, hi


def _runs(pieces: list, norm: str, lo: int, hi: int) -> list[list[int]]:
    """Runs of capitalised word pieces separated by single spaces (an apostrophe glued to a one-letter prefix,
    ``K' Bình``, stays in the run): lists of piece indices."""
    out: list[list[int]] = []
    run: list[int] = []
    prev_end = -1
    pi = lo
    while pi < hi:
        p = pieces[pi]
        if p.kind == "word" and p.text[:1].isupper():  # capitalised (a test inline: it runs on every piece)
            if run and norm[prev_end:p.start].strip(" '’") == "" and p.start - prev_end <= 3:
                run.append(pi)
            else:
                if run:
                    out.append(run)
                run = [pi]
            prev_end = p.end
            # "K'" / "H'": the apostrophe is a punct piece right after the letter
            if (len(p.text) == 1 and pi + 1 < hi and pieces[pi + 1].kind == "punct"
                    and pieces[pi + 1].text[:1] in "'’" and pieces[pi + 1].start == p.end):
                prev_end = pieces[pi + 1].end
                pi += 1
        elif run:
            out.append(run)
            run = []
        pi += 1
    if run:
        out.append(run)
    return out


def _key(text: str) -> str:
    return syllable_key(text).replace("'", "").replace("’", "")


def _starts_name(text: str, fits: Callable[[str, dict[str, dict[str, float]]], bool]) -> bool:
    """A surname (``fits``: also what OCR made of one, ``Nguyén``), or a minority name's first word."""
    k = _key(text)
    return k in MINORITY_FIRST or text[:2].lower() in ("h'", "h’", "k'", "k’") or fits(text, SURNAMES)


def _address_before(pieces: list, lo: int, first: int) -> list[int] | None:
    """The pieces of a form of address right before ``first`` on its line (``ông``, ``các đồng chí``, ``Đ/c``,
    ``Người ký:``), or None."""
    words: list[int] = []
    pi = first - 1
    while pi >= lo and len(words) < 3:
        p = pieces[pi]
        if p.kind in ("word", "code"):
            words.append(pi)
        elif not (p.kind == "punct" and p.text.strip() == ":"):  # 'Người ký: Nguyễn …'
            break
        pi -= 1
    for n in (3, 2, 1):  # the longest form ('đồng chí', not 'chị')
        if len(words) >= n:
            got = words[:n][::-1]
            if " ".join(syllable_key(pieces[j].text) for j in got) in ADDRESS:
                return got
    return None


def _role_after(pieces: list, last: int, hi: int) -> bool:
    """A comma or dash after the run, then a title or role word ('…, Phó Chủ tịch', '- Trưởng ban')."""
    j = last + 1
    if j >= hi:
        return False
    p = pieces[j]
    if p.kind == "punct" and (p.text.startswith(",") or p.text in ("-", "–")):
        j += 1
    elif p.kind == "punct" and p.text in (")",):
        return False
    else:
        return False
    while j < hi and pieces[j].kind == "punct":
        j += 1
    return j < hi and pieces[j].kind == "word" and _key(pieces[j].text) in ROLE_FIRST


def _kinh_shaped(pieces: list, run: list[int]) -> bool:
    """Three or four words: a surname, then a common middle name (``Lò Văn Pánh``, ``Nguyễn Thị Minh Hằng``;
    not the Hmong ``A``, which OCR'd table headers also have: ``Lo A Pon vi`` for ``Đơn vị``)."""
    if not 3 <= len(run) <= 4:
        return False
    first, second = _key(pieces[run[0]].text), _key(pieces[run[1]].text)
    return first in SURNAMES and second in MIDDLE and max(MIDDLE[second].values()) >= _COMMON_MIDDLE


def _prev_line_caps(pieces: list, lo: int) -> bool:
    """The line before (blank lines skipped) has words and all of them in capitals (``PHÓ CHỦ TỊCH``)."""
    j = lo - 1
    while j >= 0 and pieces[j].kind == "nl":
        j -= 1
    if j < 0:
        return False
    plo, _ = _line_of(pieces, j)
    words = [p.text for p in pieces[plo:j + 1] if p.kind == "word"]
    return bool(words) and all(w.isupper() for w in words)


def _listed(pieces: list, prev_end: int, first: int) -> bool:
    """'và' (and commas, forms of address) between the end of a name and ``first`` ('ông A và bà B')."""
    if prev_end < 0:
        return False
    joined = False
    for p in pieces[prev_end + 1:first]:
        if p.kind == "punct" and p.text.strip() == ",":
            continue
        if p.kind == "word" and (_key(p.text) in _JOIN or _key(p.text) in ADDRESS):
            joined = True
            continue
        return False
    return joined


def _shaped(pieces: list, run: list[int], fits: Callable[[str, dict[str, dict[str, float]]], bool]) -> bool:
    """Every word after the first may be a middle or given name, and a two-word name's last a given name
    (``Tô Lâm``); so ``Trưởng Ban Dân vận`` (its first word spelt like the surname Trương) is none."""
    rest = [pieces[j].text for j in run[1:]]
    if len(rest) == 1:
        return fits(rest[0], GIVEN)
    return all(fits(t, INNER) for t in rest[:-1])


def find_runs(pieces: list, norm: str, skip: dict[int, str] | None = None,
              spans: list[tuple[int, int]] | None = None,
              reads: Callable[[str, dict[str, dict[str, float]]], bool] | None = None,
              ) -> list[tuple[list[int], list[int]]]:
    """The runs of word pieces that are a person's name (see the module's docstring), each with the pieces of
    the form of address before it (none: []).  ``skip``: pieces already spelt (the gazetteer's place names); a
    run holding one is no name.  ``spans``: only these [lo, hi) ranges.  ``reads``: whether OCR's channel reads a
    name of a slot from a token (``Nguyén``, ``D6`` for Đỗ)."""
    skip = skip or {}
    out: list[tuple[list[int], list[int]]] = []

    def fits(text: str, slot: dict[str, dict[str, float]]) -> bool:
        return _key(text) in slot or (reads is not None and reads(text, slot))

    seen_lines: set[int] = set()
    for lo_s, hi_s in spans if spans is not None else ((0, len(pieces)),):
        pi = lo_s
        while pi < hi_s:
            if pieces[pi].kind == "nl":
                pi += 1
                continue
            lo, hi = _line_of(pieces, pi)
            if lo in seen_lines:
                pi = hi + 1
                continue
            seen_lines.add(lo)
            line_words = [j for j in range(lo, hi) if pieces[j].kind == "word"]
            if not any(pieces[j].text[:1].isupper() for j in line_words):
                pi = hi + 1
                continue  # no capitalised word: no run (two lines in five of a plan)
            prev_name_end = -1
            for run in _runs(pieces, norm, lo, hi):
                # a capitalised form of address opens the run ('Ông Trần Văn Bảy', 'Đồng chí …'): the name follows
                address: list[int] = []
                for n in (2, 1):
                    if len(run) > n and " ".join(_key(pieces[j].text) for j in run[:n]) in ADDRESS:
                        address, run = run[:n], run[n:]
                        break
                if any(j in skip for j in run):
                    continue
                if not _starts_name(pieces[run[0]].text, fits) and not (
                        address and len(run) >= 3 and _key(pieces[run[1]].text) in MIDDLE
                        and max(MIDDLE[_key(pieces[run[1]].text)].values()) >= _COMMON_MIDDLE):
                    # after 'Ông' / 'Bà' a garbled surname still opens a name when a middle name follows
                    # ('Ba D6 Thi Huong'); the surname is then kept as it came
                    continue
                caps = all(pieces[j].text.isupper() for j in run)
                if caps and not _kinh_shaped(pieces, run):
                    continue  # headings are in capitals too ('ĐÀO TẠO NGHỀ'): a name in capitals needs 'VĂN', 'THỊ' …
                first = run[0]
                if not address and not caps:
                    address = _address_before(pieces, lo, first) or []
                only = line_words == run
                is_name = (
                    bool(address)
                    or _listed(pieces, prev_name_end, first)
                    or (only and 2 <= len(run) <= 5 and _shaped(pieces, run, fits)
                        and (_prev_line_caps(pieces, lo) or _kinh_shaped(pieces, run)))
                    or (2 <= len(run) <= 5 and not caps and _role_after(pieces, run[-1], hi)
                        and _shaped(pieces, run, fits))
                    or (not caps and _kinh_shaped(pieces, run))
                )
                if is_name and len(run) <= 6:
                    out.append((address, run))
                    prev_name_end = run[-1]
            pi = hi + 1
    return out


def _slot(i: int, n: int, kinh: bool) -> dict[str, dict[str, float]]:
    if not kinh:
        return GIVEN
    if i == 0:
        return SURNAMES
    if i == n - 1:
        return GIVEN
    return MIDDLE if i == 1 else INNER


def decide(text: str, slot: dict[str, dict[str, float]], mode: str,
           channel: Callable[[str], dict[str, float]] | None, cfg: NameConfig = DEFAULT_NAMES,
           case: str | None = None) -> NameToken:
    """The spelling of one name token: kept when written with its marks (or no Vietnamese syllable), else the
    slot's dominant spelling for its letters (in OCR text: for what the channel reads from it), else kept as
    it came with low confidence.  ``case``: the case a spelt name gets ('title', 'upper'; else the token's)."""
    low = text.lower()
    key = _key(text)
    if not text.isascii() and mode == "native":
        return NameToken(text, cfg.kept_marked_conf, True)
    if mode != "ocr" and not is_vietnamese_syllable(low.replace("'", "")):
        # an ethnic-minority name's word ('Kđăm', 'Mah', 'H'Hen'): its letters are the name
        return NameToken(text, cfg.kept_marked_conf if mode == "native" else cfg.keep_conf, False)
    # readings of the token: spelling -> channel cost (same letters cost nothing outside OCR text)
    readings: dict[str, float] = {}
    if mode == "ocr" and channel is not None:
        costs = channel(low)
        for d in slot.values():
            for s in d:
                c = costs.get(s.lower())
                if c is not None and c <= cfg.max_channel:
                    readings[s] = c
        # the names with the token's letters, which the channel's top list may leave out among the many words
        # with those letters ('dang': đang, đăng, đáng … before Đặng): marks lost, as its cheapest such reading
        same = [c for w, c in costs.items() if syllable_key(w) == key]
        for s in slot.get(key, {}):
            readings.setdefault(s, min(same, default=cfg.max_channel))
    else:
        readings = dict.fromkeys(slot.get(key, {}), 0.0)
        if mode == "native" and text in readings:
            return NameToken(text, cfg.kept_marked_conf, True)  # an unmarked name that is spelt so (Minh, Lan)
    if not readings:
        return NameToken(text, cfg.keep_conf, False)
    scores = {s: math.log(_weight(slot, s)) - c for s, c in readings.items()}
    top = max(scores.values())
    total = sum(math.exp(v - top) for v in scores.values())
    best = max(scores, key=lambda s: (scores[s], s))
    share = 1.0 / total
    if share < cfg.min_share:
        return NameToken(text, cfg.keep_conf, False)
    return NameToken(apply_case(best.lower(), case or case_pattern(text)), round(min(share, cfg.max_conf), 4), True)


def _weight(slot: dict[str, dict[str, float]], spelling: str) -> float:
    return slot[syllable_key(spelling)][spelling]


_N_SPECIAL = len(SPECIALS)  # LM ids below this are no words


class ChannelReadings:
    """What OCR's channel reads from a lower-cased token: word -> cost (the restorer's candidates, as words)."""

    __slots__ = ("generator",)

    def __init__(self, generator: CandidateGenerator) -> None:
        self.generator = generator  # its per-token memos also answer _slot_reader's question

    def __call__(self, low: str) -> dict[str, float]:
        vocab = self.generator.m.vocab
        return {vocab[w]: c for w, c in self.generator.candidates(low, "ocr") if w >= _N_SPECIAL}


def name_readings(r: CandidateGenerator, mode: str) -> Callable[[str], dict[str, float]] | None:
    """In OCR text, what the channel reads from a lower-cased token: word -> cost (None in other text, where a
    name token is read by its letters)."""
    if mode != "ocr":
        return None
    return ChannelReadings(r)


_SPELLINGS: dict[int, tuple[dict, frozenset[str]]] = {}  # id(slot) -> (slot, its lower-cased spellings)


def _spellings(slot: dict[str, dict[str, float]]) -> frozenset[str]:
    """The lower-cased spellings of a slot (the name tables are module constants: made once per process, not once
    per line restored)."""
    hit = _SPELLINGS.get(id(slot))
    if hit is None or hit[0] is not slot:
        hit = _SPELLINGS[id(slot)] = (slot, frozenset(s.lower() for d in slot.values() for s in d))
    return hit[1]


def _slot_reader(channel: Callable[[str], dict[str, float]] | None,
                 cfg: NameConfig) -> Callable[[str, dict[str, dict[str, float]]], bool] | None:
    """Whether the OCR channel reads a name of a slot from a token (``Nguyén``, ``D6``, ``Vii`` as surnames)."""
    if channel is None:
        return None

    if isinstance(channel, ChannelReadings):
        # the restorer's channel: its answer per (token, slot) is memoised with its candidate lists (it was asked
        # of every capitalised word of every line, building the token's readings each time)
        gen = channel.generator

        def reads_memo(text: str, slot: dict[str, dict[str, float]]) -> bool:
            return gen.reads_any(text.lower(), _spellings(slot), cfg.max_channel)

        return reads_memo

    def reads(text: str, slot: dict[str, dict[str, float]]) -> bool:
        names = _spellings(slot)
        return any(c <= cfg.max_channel and w in names for w, c in channel(text.lower()).items())

    return reads


def person_names(pieces: list, norm: str, mode: str, channel: Callable[[str], dict[str, float]] | None = None,
                 skip: dict[int, str] | None = None, spans: list[tuple[int, int]] | None = None,
                 cfg: NameConfig = DEFAULT_NAMES, keep_plain: bool = False) -> dict[int, NameToken]:
    """Piece index -> decision for every token of the personal names in ``pieces`` (:func:`find_runs`,
    :func:`decide`), and for the words of address before them (``ông``, ``đồng chí``: spelt as such unless
    written with marks).  ``channel``: OCR text's readings of a lower-cased token, spelling -> cost.
    ``keep_plain`` (native text whose plain words show few lost marks, :func:`normalize.mode.plain_names_of`): in a
    name that has a word with marks, a plain word that is a Vietnamese syllable is kept as written ('Hồ An
    Phong', not 'Hồ Ân Phong'): the name was typed, or read by Tesseract vie, with its marks."""
    out: dict[int, NameToken] = {}
    for address, run in find_runs(pieces, norm, skip, spans, _slot_reader(channel, cfg)):
        words = [j for j in address if pieces[j].kind == "word"]
        spelt = ADDRESS.get(" ".join(syllable_key(pieces[j].text) for j in words), "").split()
        if len(spelt) == len(words):
            for j, w in zip(words, spelt, strict=True):
                text = pieces[j].text
                if mode == "native" and (not text.isascii() or (keep_plain and text[:1].isupper())):
                    # written with its marks; or a capital in plain letters in text whose plain words are written
                    # so ('phường Ba Đình': a ward, not 'bà')
                    out[j] = NameToken(text, cfg.kept_marked_conf, True)
                else:
                    out[j] = NameToken(apply_case(w, case_pattern(text)), cfg.max_conf, True)
        first = pieces[run[0]].text
        kinh = _key(first) in SURNAMES or (channel is not None and _key(first) not in MINORITY_FIRST)
        n = len(run)
        # a name is in capitals or in title case as a whole: OCR's 'TO' in 'Ông TO Lâm' is 'Tô', not 'TÔ'
        case = "upper" if all(case_pattern(pieces[j].text) == "upper" for j in run) else "title"
        marked = keep_plain and mode == "native" and any(not pieces[j].text.isascii() for j in run)
        for i, pi in enumerate(run):
            text = pieces[pi].text
            if marked and text.isascii() and is_vietnamese_syllable(text.lower()):
                out[pi] = NameToken(text, cfg.kept_marked_conf, False)
                continue
            # a minority name's words are read by their letters only: the channel would make Kinh names of them
            t = decide(text, _slot(i, n, kinh), mode, channel if kinh else None, cfg, case)
            out[pi] = NameToken(t.text, t.confidence, False)
    return out
