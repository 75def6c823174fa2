"""Clean Vietnamese text comes out of restoration unchanged: a marked word keeps its marks unless the document
itself shows mark misreads (normalize.mode.marked_change_extra); Tesseract vie text keeps its repairs."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from normalize import restore_text
from normalize.config import DEFAULT_CONFIG
from normalize.mode import WordStats, marked_change_extra, marked_counts, marked_extra_of
from normalize.model import get_model
from normalize.text import syllable_key, to_nfc
from normalize.tokens import tokenize
from tests.test_normalize import corpus_excerpt

# the behaviour before the document-level estimate: other marks at the vie channel's cost in every document
CHANNEL_ONLY = dataclasses.replace(DEFAULT_CONFIG, marked_extra_max=0.0)
DOCTYPES = Path(__file__).resolve().parent / "data" / "doctypes"
_WORD = re.compile(r"[^\W\d_]+")

# written for this test: correctly typed administrative paragraphs
CLEAN_PARAGRAPHS = [
    "Để bảo đảm an toàn giao thông trong dịp nghỉ lễ và mùa du lịch hè năm 2026, Ủy ban nhân dân phường yêu cầu "
    "các cơ quan, đơn vị tăng cường tuyên truyền, kiểm tra và xử lý nghiêm các hành vi vi phạm. Cán bộ, công chức "
    "được bố trí trực trong dịp nghỉ lễ theo lịch do Văn phòng phường ban hành.",
    "Trung tâm Phục vụ hành chính công phường tiếp nhận và giải quyết hồ sơ của người dân, doanh nghiệp đúng hạn; "
    "công khai đầy đủ thủ tục hành chính trên Cổng thông tin điện tử của phường. Ủy ban nhân dân phường tổ chức "
    "đối thoại với người dân về cải cách hành chính mỗi quý một lần.",
    "Các đơn vị sự nghiệp công lập được áp dụng cơ chế khoán chi đối với nhiệm vụ khoa học và công nghệ; kinh phí "
    "khoán chi được quyết toán theo kết quả nghiệm thu. Hoạt động thăm dò, khai thác khoáng sản trên địa bàn xã "
    "phải tuân thủ quy hoạch đã được phê duyệt.",
    "Phòng Văn hóa - Xã hội chủ trì, phối hợp với Công an xã rà soát, cập nhật dữ liệu dân cư; hoàn thành số hóa "
    "sổ hộ tịch trước ngày 30 tháng 9 năm 2026. Vùng có đông đồng bào dân tộc thiểu số sinh sống được ưu tiên bố "
    "trí nguồn lực để thực hiện các dự án hạ tầng thiết yếu.",
]


def _words(text: str) -> list[str]:
    return [p.text for p in tokenize(to_nfc(text)) if p.kind == "word"]


def _changed(a: str, b: str) -> list[tuple[str, str]]:
    return [(x, y) for x, y in zip(_WORD.findall(a), _WORD.findall(b), strict=True) if x != y]


@pytest.mark.parametrize("text", [*CLEAN_PARAGRAPHS, "\n\n".join(CLEAN_PARAGRAPHS)])
def test_clean_paragraphs_come_back_byte_identical(text: str):
    res = restore_text(text)
    assert res.text == text
    assert all(t.raw == t.restored for t in res.tokens)


def test_clean_paragraphs_were_changed_by_the_channel_alone():
    """What the document-level cost prevents: the vie channel's cost alone let the law-trained LM re-mark correct
    words (a holiday 'nghỉ lễ' read as a ceremony 'nghi lễ', 'khoán chi' as 'khoản chi', 'đông đồng bào')."""
    whole = "\n\n".join(CLEAN_PARAGRAPHS)
    assert _changed(whole, restore_text(whole, config=CHANNEL_ONLY).text) == [
        ("nghỉ", "nghi"), ("nghỉ", "nghi"), ("khoán", "khoản"), ("đông", "đồng")]


def test_dip_nghi_le_of_a_clean_directive_is_kept():
    """dl93 (a development document, a minister's directive typed with its marks) had its 'dịp nghỉ lễ' restored
    as 'dịp nghi lễ' twice; it now comes back byte-identical."""
    text = to_nfc((DOCTYPES / "dl93_bo_xd_ct.txt").read_text(encoding="utf-8"))
    assert text.count("dịp nghỉ lễ") == 2
    assert ("nghỉ", "nghi") in _changed(text, restore_text(text, config=CHANNEL_ONLY).text)
    assert restore_text(text).text == text


def test_a_page_the_pipeline_ocrd_keeps_the_channels_cost():
    """A page vnplan OCR'd is OCR output whatever its own marks look like (one vie page can show no misread-looking
    form and still hold mark confusions), so it is restored at the channel's cost; a .txt or text-layer page is
    judged by its own evidence."""
    from ingest.records import Page
    from vnplan.work import restore_page

    whole = "\n\n".join(CLEAN_PARAGRAPHS)
    channel = restore_text(whole, config=CHANNEL_ONLY).text
    assert channel != whole
    assert restore_text(whole, ocr=True).text == channel
    for method, expected in (("ocr", channel), ("ocr_replaced_layer", channel), ("text", whole),
                             ("text_layer", whole)):
        page = Page(page_no=1, method=method, text_raw=whole)
        restore_page(page)
        assert page.text == expected, method


def test_the_estimate_follows_the_documents_misread_looking_marked_forms():
    m = get_model()
    clean = " ".join(CLEAN_PARAGRAPHS)
    n, bad = marked_counts(_words(clean), m.ids, m.index)
    assert n > 100 and bad == frozenset()
    assert marked_change_extra(_words(clean), m.ids, m.index) >= 6.0
    # a rare well-formed word whose letters spell no lexicon word ('siết') is no sign of a misread
    assert syllable_key("siết") not in m.index
    assert marked_counts(_words("siết chặt kỷ luật"), m.ids, m.index)[1] == frozenset()
    # forms a mark confusion leaves ('triên' for 'triển', 'đân' for 'dân') are: such a page keeps the channel's cost
    ocr_like = clean.replace("tuyên truyền", "tuyên truyên", 1).replace("người dân", "người đân", 1)
    assert marked_counts(_words(ocr_like), m.ids, m.index)[1] == {"truyên", "đân"}
    assert marked_change_extra(_words(ocr_like), m.ids, m.index) == 0.0
    # a short line says little: a small cost, at most 0.1 nats a marked syllable, so a sentence's own context can
    # still repair it (the single vie sentences of tests/test_normalize.py are)
    line = _words(CLEAN_PARAGRAPHS[0][:120])
    assert 0.0 < marked_change_extra(line, m.ids, m.index) <= 0.1 * marked_counts(line, m.ids, m.index)[0] < 2.5
    assert marked_change_extra([], m.ids, m.index) == 0.0
    # a long text restored in parts gets the whole text's estimate (counts add up, forms are distinct over parts)
    a, b = _words(ocr_like[:300]), _words(ocr_like[300:])
    whole = WordStats.of(a + b, m.ids, m.index)
    assert WordStats.of(a, m.ids, m.index) + WordStats.of(b, m.ids, m.index) == whole
    assert marked_extra_of(whole) == marked_change_extra(a + b, m.ids, m.index)


def test_vie_ocr_of_a_degraded_page_keeps_its_mark_repairs():
    """Real Tesseract vie on a held-out law page rendered as a phone-photo-like image (the model build's hard
    variant, devkit.channel): its text has misread-looking forms, so the estimate leaves the channel's cost and
    the mark confusions are repaired exactly as before."""
    pytesseract = pytest.importorskip("pytesseract")
    from devkit.channel import render_variant, vie_params

    ref = to_nfc(corpus_excerpt("luat-cu-tru.txt", start=100, n_lines=25))  # held-out file
    pages = render_variant(ref, vie_params(3), seed=77)
    ocr = to_nfc("\n".join(pytesseract.image_to_string(p, lang="vie") for p in pages))
    m = get_model()
    assert marked_counts(_words(ocr), m.ids, m.index)[1]  # misread-looking forms
    assert marked_change_extra(_words(ocr), m.ids, m.index) == 0.0
    out = restore_text(ocr).text
    assert out == restore_text(ocr, config=CHANNEL_ONLY).text
    # mark confusions repaired: tokens OCR read with other marks that the restored text has right
    ref_w, ocr_w, out_w = _WORD.findall(ref.lower()), _WORD.findall(ocr.lower()), _WORD.findall(out.lower())
    assert len(ocr_w) == len(out_w)
    import difflib

    fixed = 0
    sm = difflib.SequenceMatcher(None, ref_w, ocr_w, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            for r, o, h in zip(ref_w[i1:i2], ocr_w[j1:j2], out_w[j1:j2], strict=True):
                fixed += syllable_key(r) == syllable_key(o) and h == r
    assert fixed >= 10
    # and the clean page itself comes back unchanged
    assert restore_text(ref).text == ref
