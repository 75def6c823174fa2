"""The 'Nơi nhận' list read from scans (issue 11, batch 51): small capitals that the ``vie`` model reads as glyph
soup ('KSÏl1' for a filing code, 'UBRI)' for UBND inside an item) are read again with ``eng``
(ingest/recheck.py); an item wrapped after a word no name ends with ('… Sở Nông nghiệp và' / 'Môi trường;') is one
item; a purpose mark without its 'để' ('(b/©)') is mended like one with it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PIL import Image

from devkit import synth
from extract.header import extract_header
from extract.letterhead import _purpose, _wraps
from extract.structure import page_lines
from ingest import recheck
from ingest.ocr import read_page
from ingest.records import Word

_LETTER = ("UBND TỈNH QUẢNG TRỊ          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
           "SỞ NỘI VỤ          Độc lập - Tự do - Hạnh phúc\n"
           "Số: 512/SNV-KSTT          Quảng Trị, ngày 14 tháng 7 năm 2026\nV/v rà soát thủ tục hành chính\n\n"
           "Kính gửi: Ủy ban nhân dân các xã, phường.\n\nSở Nội vụ đề nghị Ủy ban nhân dân các xã, phường rà soát "
           "thủ tục trước ngày 30/12/2026.\n\nNơi nhận:          KT. GIÁM ĐỐC\n- Như trên;          PHÓ GIÁM ĐỐC\n"
           "- Chủ tịch UBND tỉnh (b/c);\n- Sở Tài chính, Sở Nông nghiệp và\nMôi trường;\n- Lưu: VT, KSTT.\n\n"
           "          Lò Văn Phương\n")


@pytest.fixture(scope="module")
def page() -> tuple[Image.Image, list[Word]]:
    img = synth.render_pages(_LETTER, degrade="light", seed=1)[0].convert("L")
    return img, read_page(img).words


def _at(words: list[Word], text: str, before: str) -> int:
    return next(k for k, w in enumerate(words) if w.text.startswith(text) and words[k - 1].text.startswith(before))


@pytest.mark.parametrize(("word", "soup"), [
    ("KSÏl1.", True), ("Rö5I1", True), ("UB№D", True), ("KHoa", True),
    ("KSTT.", False), ("VP(2b).", False), ("Nguyễn", False), ("tỉnh;", False), ("HĐND", False), ("(b/c);", False),
])
def test_glyph_soup_is_a_word_no_spelling_gives(word: str, soup: bool) -> None:
    assert recheck._soup(word) is soup


def test_glyph_soup_codes_are_read_again_and_clean_words_are_left(page: tuple[Image.Image, list[Word]]) -> None:
    img, words = page
    ub, code = _at(words, "UBND", "tịch"), _at(words, "KSTT", "VT")
    soup = list(words)
    soup[ub] = replace(words[ub], text="UBRI)", confidence=41.0)
    soup[code] = replace(words[code], text="KSÏl1.", confidence=33.0)
    fixed = recheck.list_codes(img, recheck.filing_codes(img, soup, 1.0), 1.0)
    assert (fixed[ub].text, fixed[code].text) == ("UBND", "KSTT.")
    # everything else as vie read it; a page whose list vie read confidently costs no second reading
    assert [w.text for k, w in enumerate(fixed) if k not in (ub, code)] == [
        w.text for k, w in enumerate(words) if k not in (ub, code)]
    assert recheck.list_codes(img, words, 1.0) == words


def test_a_doubtful_list_word_eng_does_not_read_as_a_code_stays(page: tuple[Image.Image, list[Word]]) -> None:
    img, words = page
    # 'Môi' read as soup: eng reads a word in small letters there, no code, so vie's reading is kept (never guessed)
    moi = _at(words, "Môi", "và")
    soup = list(words)
    soup[moi] = replace(words[moi], text="MÔï", confidence=30.0)
    assert recheck.list_codes(img, soup, 1.0)[moi].text == "MÔï"


def test_an_item_wrapped_after_a_conjunction_is_one_item() -> None:
    assert _wraps("Sở Tài chính, Sở Nông nghiệp và", "Môi trường;")
    assert _wraps("Ban Dân tộc và Tôn giáo, Sở Giáo dục và", "Đào tạo;")
    # a new item, the filing line or the signer's name after such a line is not run into it
    assert not _wraps("Sở Nội vụ", "Sở Tài chính;")
    assert not _wraps("Sở Xây dựng và", "Lưu: VT, KSTT.")
    assert not _wraps("Sở Xây dựng và", "Lò Văn Phương")
    meta = extract_header(page_lines([(1, _LETTER)]), None)
    assert meta["distribution"] == ["Như trên", "Chủ tịch UBND tỉnh (b/c)",
                                    "Sở Tài chính, Sở Nông nghiệp và Môi trường", "Lưu: VT, KSTT"]
    assert meta["signer"] == "Lò Văn Phương"


def test_a_purpose_mark_without_its_de_is_mended_too() -> None:
    assert _purpose("UBND tỉnh (b/©)") == "UBND tỉnh (b/c)"
    assert _purpose("UBND tỉnh (b/€)") == "UBND tỉnh (b/c)"  # the euro and cent signs OCR makes of a small c
    assert _purpose("UBND tỉnh (để b/)") == "UBND tỉnh (để b/c)"
    assert _purpose("UBND tỉnh (b/c)") == "UBND tỉnh (b/c)"
    # a word other than 'để' before the mark, or a mark no known one starts like: as read
    assert _purpose("Sở Tài chính (xem b/©)") == "Sở Tài chính (xem b/©)"
    assert _purpose("Sở Tài chính (a/©)") == "Sở Tài chính (a/©)"
