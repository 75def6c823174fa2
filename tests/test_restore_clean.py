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


# ---------------------------------------------------------------- plain-letter words and names of clean text
# the behaviour before the plain words' own evidence (normalize.mode.plain_clean_of): never judged clean
PLAIN_SHARE_ONLY = dataclasses.replace(DEFAULT_CONFIG, clean_plain_min_change=float("inf"))

# written for this test: clean paragraphs with plain-letter words the law-trained LM likes to re-mark ('du khách',
# 'liên hoan phim', 'sơ mi', 'đường gom') and place names written with plain letters in a name's place ('Sa Pa',
# 'Y Tý', 'Pa Tần')
PLAIN_PARAGRAPHS = [
    "Năm 2026, tỉnh phấn đấu đón 5 triệu lượt du khách, trong đó có 800 nghìn lượt du khách quốc tế. Các khu du "
    "lịch Sa Pa, Bắc Hà và Y Tý được đầu tư hạ tầng mạng di động, phủ sóng 5G tại các điểm đến chính; du khách được "
    "hỗ trợ tra cứu thông tin, đặt phòng và thanh toán không dùng tiền mặt. Sở Văn hóa, Thể thao và Du lịch chủ trì "
    "xây dựng cơ sở dữ liệu du lịch, kết nối với cổng thông tin của tỉnh và cập nhật thường xuyên theo quy định.",
    "Trung tâm Phát hành phim và Chiếu bóng tổ chức chiếu phim lưu động phục vụ đồng bào vùng sâu, vùng xa ít nhất "
    "hai buổi mỗi tháng; tham gia liên hoan phim toàn quốc với ít nhất một bộ phim tài liệu về di sản văn hóa của "
    "địa phương. Kinh phí in sang, nhân bản phim và thuê thiết bị do ngân sách tỉnh bảo đảm theo dự toán được giao; "
    "đơn vị báo cáo kết quả về Sở Văn hóa, Thể thao và Du lịch trước ngày 15 tháng 12 năm 2026 để tổng hợp, báo cáo "
    "Ủy ban nhân dân tỉnh.",
    "Đoàn công tác do đồng chí Phó Chủ tịch Ủy ban nhân dân tỉnh làm trưởng đoàn đã làm việc với Ủy ban nhân dân xã "
    "Pa Tần và xã Y Tý về tình hình thu hút đầu tư, phát triển du lịch cộng đồng. Học sinh được cấp đồng phục sơ mi "
    "và sách giáo khoa trước năm học mới; xe chở nông sản của người dân được hướng dẫn đi theo tuyến đường gom, không "
    "dừng, đỗ trên quốc lộ; lực lượng chức năng tăng cường tuần tra, kiểm soát, xử lý nghiêm các trường hợp vi phạm "
    "trong dịp cao điểm.",
]
PLAIN_PAGE = "\n\n".join(PLAIN_PARAGRAPHS + CLEAN_PARAGRAPHS)


def _stats(text: str) -> WordStats:
    m = get_model()
    return WordStats.of(_words(text), m.ids, m.index)


def test_a_clean_page_keeps_its_plain_words_and_names():
    """A clean page's plain-letter words show no lost marks, so they and the plain-letter names in a name's place
    are kept: before, the law-trained LM read 'liên hoan phim' as 'liên hoàn phim', 'sơ mi' as 'sơ mới', and OCR's
    P-for-Đ rewrite 'Pa Tần' as 'Đá Tần'.  A paragraph on its own says less (about 19 plain words without a
    lost-looking one are needed): the first and third are restored as before, the second is kept whole."""
    res = restore_text(PLAIN_PAGE)
    assert res.text == PLAIN_PAGE
    assert all(t.raw == t.restored for t in res.tokens)
    before = _changed(PLAIN_PAGE, restore_text(PLAIN_PAGE, config=PLAIN_SHARE_ONLY).text)
    assert {("Pa", "Đá"), ("hoan", "hoàn"), ("mi", "mới")} <= set(before)
    for k, para in enumerate(PLAIN_PARAGRAPHS):
        want = para if k == 1 else restore_text(para, config=PLAIN_SHARE_ONLY).text
        assert restore_text(para).text == want


def test_a_clean_tourism_plan_keeps_du_khach_and_its_place_names():
    """dt133 (a development document typed with its marks): its plain share is high ('du lịch' throughout), so
    before, 'du khách' became 'dự khách' twice, 'Sa Pa' 'Sa Đá' and 'Y Tý' 'Ý Tý'; none of its plain words looks
    as if it lost its marks, and it now comes back byte-identical."""
    text = to_nfc((DOCTYPES / "dt133_laocai_kh_dulich_so.txt").read_text(encoding="utf-8"))
    # before both this evidence and the rule for plain words of marked names (tests/test_restore_names.py)
    neither = dataclasses.replace(PLAIN_SHARE_ONLY, name_lost_share=float("-inf"))
    before = _changed(text, restore_text(text, config=neither).text)
    assert sorted(before) == [("Pa", "Đá"), ("Y", "Ý"), ("du", "dự"), ("du", "dự")]
    # the names rule alone keeps 'Y' of 'Y Tý' (a name with a marked word), not 'Sa Pa' (none) nor 'du khách'
    assert sorted(_changed(text, restore_text(text, config=PLAIN_SHARE_ONLY).text)) == [
        ("Pa", "Đá"), ("du", "dự"), ("du", "dự")]
    assert restore_text(text).text == text


def test_the_plain_words_evidence():
    from normalize.mode import change_cost_of, plain_clean_of, plain_lost_count

    m = get_model()
    st = _stats(PLAIN_PAGE)
    # 'mi' (sơ mi) is the one plain word that spells no lexicon word but a lexicon word's letters: a rare word
    assert st.plain_lost == 1 and st.plain_ascii > 80
    assert plain_clean_of(st)
    # dt133: a high plain share ('du lịch') gave 1.9 nats; none of its 80 plain words looks as if it lost its marks
    dt = _stats((DOCTYPES / "dt133_laocai_kh_dulich_so.txt").read_text(encoding="utf-8"))
    assert dt.plain_lost == 0 and plain_clean_of(dt)
    assert change_cost_of(dt) < 2.0 < 4.0 < change_cost_of(dt, bounded=True)
    assert plain_lost_count(["nguoi", "duoc", "cho", "Phim", "Pa"], m.ids, m.index) == 2
    # a line says little: never judged clean on its own
    assert not plain_clean_of(_stats(PLAIN_PARAGRAPHS[0][:200]))
    # text that lost the marks of a third of its words shows it, and keeps the share-only cost
    partly = strip_some_words(PLAIN_PAGE, 3)
    sp = _stats(partly)
    assert sp.plain_lost > 40 and not plain_clean_of(sp)
    assert change_cost_of(sp, bounded=True) == change_cost_of(sp)


def strip_some_words(text: str, every: int) -> str:
    """``text`` with the marks of every ``every``-th word removed (text typed without some marks)."""
    from normalize.text import strip_diacritics

    k = iter(range(10**9))
    return re.sub(r"[^\W\d_]+", lambda mt: strip_diacritics(mt.group()) if next(k) % every == 0 else mt.group(), text)


@pytest.mark.parametrize("stripped", ["all", "third"])
def test_stripped_text_is_still_restored_as_before(stripped: str):
    """Text without marks (all, or a third of its words) is no clean text: restored exactly as before, and well."""
    from normalize.text import strip_diacritics

    raw = strip_diacritics(PLAIN_PAGE) if stripped == "all" else strip_some_words(PLAIN_PAGE, 3)
    out = restore_text(raw).text
    assert out == restore_text(raw, config=PLAIN_SHARE_ONLY).text
    ref_w, raw_w, out_w = _WORD.findall(PLAIN_PAGE), _WORD.findall(raw), _WORD.findall(out)
    assert len(ref_w) == len(out_w)
    lost = [i for i, (a, b) in enumerate(zip(ref_w, raw_w, strict=True)) if a != b]
    assert len(lost) > 100
    assert sum(out_w[i].lower() == ref_w[i].lower() for i in lost) >= 0.85 * len(lost)


def test_vie_ocr_of_a_rendered_degraded_page_is_repaired_as_before():
    """Real Tesseract vie on the page rendered and degraded like a scan (devkit.synth): whatever its own words look
    like, it is restored as before this change (whole and line by line), and its misreads are repaired.  What
    differs is only names the later rule for plain words in a name's place keeps as OCR read them (its page's
    lower-case plain words show no lost marks: 'Sa Pa', which had become 'Sa Đá'; tests/test_restore_names.py)."""
    pytesseract = pytest.importorskip("pytesseract")
    from devkit.synth import render_pages

    pages = render_pages(PLAIN_PAGE, dpi=200, seed=5, degrade="heavy")
    ocr = to_nfc("\n".join(pytesseract.image_to_string(p, lang="vie") for p in pages))
    out = restore_text(ocr).text

    def same_but_names_kept(text: str, now: str, before: str) -> None:
        raw_w, now_w, before_w = _WORD.findall(text), _WORD.findall(now), _WORD.findall(before)
        assert len(raw_w) == len(now_w) == len(before_w)
        for r, a, b in zip(raw_w, now_w, before_w, strict=True):
            assert a == b or (a == r and r[:1].isupper() and r.isascii()), (r, a, b)

    same_but_names_kept(ocr, out, restore_text(ocr, config=PLAIN_SHARE_ONLY).text)
    assert "Sa Pa" in out
    same_but_names_kept(ocr, restore_text(ocr, ocr=True).text,
                        restore_text(ocr, ocr=True, config=PLAIN_SHARE_ONLY).text)
    for line in ocr.split("\n"):
        same_but_names_kept(line, restore_text(line).text, restore_text(line, config=PLAIN_SHARE_ONLY).text)
    import difflib

    ref_w, ocr_w, out_w = _WORD.findall(PLAIN_PAGE.lower()), _WORD.findall(ocr.lower()), _WORD.findall(out.lower())
    assert len(ocr_w) == len(out_w)
    fixed = broken = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ref_w, ocr_w, autojunk=False).get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            for r, o, h in zip(ref_w[i1:i2], ocr_w[j1:j2], out_w[j1:j2], strict=True):
                fixed += syllable_key(r) == syllable_key(o) and h == r
                broken += h != r
    assert fixed >= 5 and fixed > broken, (fixed, broken)  # 7 and 4 when written
