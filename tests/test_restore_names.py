"""Restoration keeps proper names and document codes that are already right (the mission: never invent text).

Text typed with its marks, or read by Tesseract vie, keeps a plain-letter word inside a capitalised name that has
a marked word ('phường Ba Đình', 'Chư Yang Sin', 'Hồ An Phong'), and its document codes and abbreviations as
written ('12/HD-UBND', '05/NP-VP', 'DU LỊCH').  Text that lost its marks is still repaired.  The sentences are
written for these tests."""

from __future__ import annotations

import dataclasses
import difflib
import re

import pytest

from normalize import restore_text
from normalize.config import DEFAULT_CONFIG
from normalize.markers import plain_in_marked_names
from normalize.mode import WordStats, plain_names_of
from normalize.model import get_model
from normalize.text import strip_diacritics, syllable_key, to_nfc
from normalize.tokens import tokenize

# the behaviour before these rules: plain words of marked names read by the LM, codes in the corpus's spelling
NAMES_OFF = dataclasses.replace(DEFAULT_CONFIG, name_lost_share=float("-inf"))
CODES_OFF = dataclasses.replace(DEFAULT_CONFIG, native_codes_as_written=False)
_WORD = re.compile(r"[^\W\d_]+")

NAME_LINES = [
    # a ward and a street whose first word is a plain syllable (ba: three; bà: grandmother)
    "Đoàn công tác làm việc với Ủy ban nhân dân phường Ba Đình về việc chỉnh trang vỉa hè.",
    # a mountain of the Central Highlands in a lead cell
    "Vườn quốc gia Chư Yang Sin và Ban quản lý rừng phòng hộ phối hợp tuần tra bảo vệ rừng trong mùa khô.",
    # a signer under the title, and a person named in the text
    "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nHồ An Phong",
    "Giao đồng chí Hồ An Phong, Phó Giám đốc Sở, theo dõi việc thực hiện kế hoạch.",
]

CODE_LINES = [
    "Số: 12/HD-UBND          Tuyên Quang, ngày 3 tháng 5 năm 2026",
    "Công chức nộp giấy nghỉ phép theo mẫu số 05/NP-VP tại bộ phận tổ chức của cơ quan.",
    "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
]


@pytest.mark.parametrize("text", NAME_LINES)
def test_names_typed_with_their_marks_come_back_as_written(text: str):
    res = restore_text(text)
    assert res.text == text
    assert res.text == restore_text(text, ocr=True).text  # a vie-OCR'd page reads them the same way


def test_names_were_rewritten_before_the_rule():
    """The law-trained LM (and the name lists) marked the plain syllables of these names."""
    changed = [line for line in NAME_LINES if restore_text(line, config=NAMES_OFF).text != line]
    assert len(changed) >= 3, changed
    assert "Bà Đình" in restore_text(NAME_LINES[0], config=NAMES_OFF).text


@pytest.mark.parametrize("text", CODE_LINES)
def test_codes_typed_as_written_stay(text: str):
    res = restore_text(text)
    assert res.text == text
    assert restore_text(text, ocr=True).text == text


def test_codes_were_rewritten_before_and_now_say_to_look():
    """Before: the corpus's spelling or the P-for-Đ rewrite ('NP' giấy nghỉ phép -> 'NĐ' nghị định, 'DU' ->
    'ĐU'); now kept as read, at a low confidence where the corpus spells them otherwise."""
    assert "05/NĐ-VP" in restore_text(CODE_LINES[1], config=CODES_OFF).text
    assert "ĐU LỊCH" in restore_text(CODE_LINES[2], config=CODES_OFF).text
    res = restore_text(CODE_LINES[1])
    code = next(t for t in res.tokens if t.raw == "05/NP-VP")
    assert code.restored == code.raw and code.confidence <= DEFAULT_CONFIG.guess_conf
    plain = next(t for t in restore_text(CODE_LINES[0]).tokens if t.raw == "12/HD-UBND")
    assert plain.confidence > DEFAULT_CONFIG.guess_conf  # spelt as the corpus spells it: nothing to look at


def test_only_plain_syllables_of_marked_names_are_picked():
    pieces = tokenize("phường Ba Đình và Kim Mã, thôn Ba Lan, PHƯỜNG BA ĐÌNH, Chư Yang Sin, xã Nam Ban, "
                      "UBND Hòa Vang, Ba ngày")
    picked = [pieces[i].text for i in sorted(plain_in_marked_names(pieces))]
    # 'Ba Lan' and 'Nam Ban' have no marked word, 'UBND' is no syllable, 'Ba ngày' no run of capitals
    assert picked == ["Ba", "Kim", "BA", "Yang", "Sin", "Vang"]


def test_text_that_lost_marks_is_still_repaired():
    """Stripped text, and marked text with many words stripped, keep their repairs: the rule asks the document's
    plain words to show few lost marks."""
    m = get_model()
    stripped = strip_diacritics(NAME_LINES[1])
    out = restore_text(stripped).text
    assert out != stripped and "quản lý" in out
    partly = "Vuon quốc gia Chư Yang Sin va Ban quan ly rung phong ho phoi hop tuần tra bảo vệ rừng trong mùa khô."
    words = [p.text for p in tokenize(partly) if p.kind == "word"]
    assert not plain_names_of(WordStats.of_plain(words, m.ids, m.index))
    assert restore_text(partly).text == restore_text(partly, config=NAMES_OFF).text
    assert plain_names_of(WordStats.of_plain([p.text for p in tokenize(NAME_LINES[1]) if p.kind == "word"],
                                             m.ids, m.index))


PAGE = """ỦY BAN NHÂN DÂN
TỈNH ĐẮK LẮK
Số: 27/HD-UBND
HƯỚNG DẪN
Bảo vệ rừng mùa khô năm 2026
Ủy ban nhân dân tỉnh hướng dẫn các cơ quan, đơn vị thực hiện công tác phòng cháy, chữa cháy rừng như sau:
1. Ban quản lý Vườn quốc gia Chư Yang Sin chủ trì tổ chức tuần tra, canh gác tại các điểm có nguy cơ cháy cao.
2. Ủy ban nhân dân xã Hòa Phong phối hợp với Hạt Kiểm lâm tuyên truyền đến từng hộ dân sống gần rừng.
3. Các phòng chuyên môn thuộc Ủy ban nhân dân huyện kiểm tra việc chấp hành quy định về phòng cháy, chữa cháy
rừng; kịp thời phát hiện và xử lý nghiêm các hành vi vi phạm theo quy định của pháp luật.
4. Giao đồng chí Hồ An Phong, Phó Chủ tịch Ủy ban nhân dân tỉnh, chỉ đạo thực hiện hướng dẫn này.
Nơi nhận:
- Như trên;
- Lưu: VT, NNMT.
"""


def test_vie_ocr_of_a_degraded_page_keeps_names_and_repairs_marks():
    """Real Tesseract vie on the page rendered and degraded like a scan (devkit.synth), restored as the pipeline
    restores a page it OCR'd: a name or code OCR read right stays so, and its mark misreads are repaired as well
    as before the rules (what the rules change is only the names' and codes' tokens)."""
    pytesseract = pytest.importorskip("pytesseract")
    from devkit.synth import render_pages

    ref = to_nfc(PAGE)
    pages = render_pages(ref, dpi=200, seed=11, degrade="heavy")
    ocr = to_nfc("\n".join(pytesseract.image_to_string(p, lang="vie") for p in pages))
    out = restore_text(ocr, ocr=True)
    before = restore_text(ocr, ocr=True, config=dataclasses.replace(NAMES_OFF, native_codes_as_written=False))
    ref_vocab = set(_WORD.findall(ref)) | set(re.findall(r"\S+", ref))
    # nothing OCR read right is made wrong by restoration among the names and codes
    for t in out.tokens:
        if t.raw in ref_vocab and t.raw[:1].isupper():
            assert t.restored == t.raw or t.restored in ref_vocab, (t.raw, t.restored)

    def repairs(text: str) -> tuple[int, int]:
        ref_w, ocr_w, out_w = _WORD.findall(ref.lower()), _WORD.findall(ocr.lower()), _WORD.findall(text.lower())
        assert len(ocr_w) == len(out_w)
        fixed = broken = 0
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ref_w, ocr_w, autojunk=False).get_opcodes():
            if tag in ("replace", "equal") and i2 - i1 == j2 - j1:
                for r, o, h in zip(ref_w[i1:i2], ocr_w[j1:j2], out_w[j1:j2], strict=True):
                    fixed += r != o and syllable_key(r) == syllable_key(o) and h == r
                    broken += r == o and h != r
        return fixed, broken

    if "Hồ An Phong" in ocr:  # the name's plain syllable, which the name lists read as 'Ân' before
        assert "Hồ An Phong" in out.text and "Hồ Ân Phong" in before.text
    fixed, broken = repairs(out.text)
    fixed_before, broken_before = repairs(before.text)
    assert fixed >= fixed_before and broken <= broken_before, (fixed, broken, fixed_before, broken_before)
    assert fixed > broken


def test_a_page_without_lost_marks_keeps_a_plain_name_in_a_names_place():
    """A page (here one the pipeline OCR'd, where the typed text's own clean-page rules do not run) whose
    lower-case plain words show no lost marks keeps a plain title-case name after a word ('phường Sa Pa'), which
    OCR's P-for-Đ rewrite read as 'Sa Đá'; a line alone says too little for that, and keeps the old reading."""
    page = ("Trong dịp nghỉ lễ, lượng khách du lịch đến phường Sa Pa tăng cao; các khách sạn, nhà nghỉ phải niêm yết "
            "giá phòng, bảo đảm an toàn cho du khách. Ban tổ chức hội chợ bố trí khu trưng bày sản phẩm, các gian "
            "hàng ăn uống và khu vui chơi cho trẻ em; đoàn viên thanh niên tham gia hướng dẫn khách tham quan, giữ "
            "gìn vệ sinh môi trường, trật tự an toàn giao thông tại các tuyến phố trung tâm.")
    m = get_model()
    assert plain_names_of(WordStats.of_plain([p.text for p in tokenize(page) if p.kind == "word"], m.ids,
                                             m.index)) == 2
    assert "phường Sa Pa" in restore_text(page, ocr=True).text
    assert "phường Sa Pa" not in restore_text(page, ocr=True, config=NAMES_OFF).text
