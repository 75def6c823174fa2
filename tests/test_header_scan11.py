"""Header fields from scans (issue 11, batch 60): the filing line's code that vie ran into its 'VT,' or split in two
('VI,T1H1,' for 'VT, TH3.', 'HỆ LH,' for 'HCTH.') is read again with ``eng`` as the words it covers
(ingest/recheck.py); a block Tesseract set before the letterhead above it goes back to its place by height
(ingest/layout.py); 'UBND TP …' over an office names the city ('thành phố')."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PIL import Image

from devkit import synth
from extract.header import extract_header
from extract.letterhead import _split_place
from extract.structure import page_lines
from ingest import layout, recheck
from ingest.ocr import read_page
from ingest.records import Word

_LETTER = ("UBND TỈNH SƠN LA          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
           "SỞ NỘI VỤ          Độc lập - Tự do - Hạnh phúc\n"
           "Số: 215/SNV-TH3          Sơn La, ngày 14 tháng 7 năm 2026\nV/v rà soát thủ tục hành chính\n\n"
           "Kính gửi: Ủy ban nhân dân các xã, phường.\n\nSở Nội vụ đề nghị Ủy ban nhân dân các xã, phường rà soát "
           "thủ tục trước ngày 30/12/2026.\n\nNơi nhận:          KT. GIÁM ĐỐC\n- Như trên;          PHÓ GIÁM ĐỐC\n"
           "- Chủ tịch UBND tỉnh (b/c);\n- Lưu: VT, TH3.\n\n          Lò Văn Phương\n")


@pytest.fixture(scope="module")
def page() -> tuple[Image.Image, list[Word]]:
    img = synth.render_pages(_LETTER, degrade="light", seed=2)[0].convert("L")
    return img, read_page(img).words


def _filing(words: list[Word]) -> tuple[int, int]:
    """Indices of the filing line's 'VT,' and its code as vie read the clean page."""
    vt = next(k for k, w in enumerate(words) if w.text.startswith("VT") and words[k - 1].text.endswith("Lưu:"))
    return vt, vt + 1


def _line_after_vt(words: list[Word], vt: int) -> list[str]:
    key = (words[vt].block, words[vt].par, words[vt].line)
    return [w.text for w in words[vt:] if (w.block, w.par, w.line) == key]


@pytest.mark.parametrize(("word", "vt"), [
    ("VT,", True), ("VI,", True), ("VE,", True), ("VTI,", True), ("VT,QLXDHT.", True), ("VI,T1H1,", True),
    ("Vụ", False), ("Văn", False), ("V", False),
])
def test_vt_as_vie_reads_it_opens_a_filing_line(word: str, vt: bool) -> None:
    assert bool(recheck._VT.match(word) or recheck._VT_LOOSE.match(word)) is vt


def test_a_code_vie_ran_into_its_vt_is_read_again(page: tuple[Image.Image, list[Word]]) -> None:
    img, words = page
    vt, code = _filing(words)
    assert _line_after_vt(words, vt)[:2] == ["VT,", "TH3."]  # the clean page, as printed
    run = list(words)
    a, b = words[vt], words[code]
    run[vt] = replace(a, text="VI,T1H1,", confidence=0.0, width=b.left + b.width - a.left)
    del run[code]
    fixed = recheck.filing_codes(img, run, 1.0)
    assert [w.text.rstrip(".,") for w in fixed[vt : vt + 1]] == ["VT,TH3"]
    assert len(fixed) == len(run)
    # the rest of the page as vie read it
    assert [w.text for k, w in enumerate(fixed) if k != vt] == [w.text for k, w in enumerate(run) if k != vt]


def _split_line() -> list[Word]:
    # 'Lưu: VT, HCTH.' whose code vie split in two glyph-soup words ('HỆ LH,', confidence 2)
    return [Word(5, 1, 1, 1, "-", 300, 900, 12, 36, 93.0), Word(5, 1, 1, 2, "Lưu:", 320, 900, 90, 36, 93.0),
            Word(5, 1, 1, 3, "VT,", 430, 900, 70, 36, 93.0), Word(5, 1, 1, 4, "HỆ", 520, 900, 45, 36, 2.0),
            Word(5, 1, 1, 5, "LH,", 570, 900, 50, 36, 2.0)]


def test_a_code_vie_split_in_two_is_one_word_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # eng reads the one code over both words at every size
    monkeypatch.setattr(recheck, "_read_zooms", lambda work, groups, scale, zooms: [
        [[("Luu:", 60.0, 320.0, 410.0), ("VT,", 92.0, 430.0, 500.0), ("HCTH.", 91.0, 520.0, 620.0)]]] * len(zooms))
    line = _split_line()
    fixed = recheck.filing_codes(Image.new("L", (800, 1000), 255), line, 1.0)
    assert [w.text for w in fixed] == ["-", "Lưu:", "VT,", "HCTH."]
    assert (fixed[3].left, fixed[3].left + fixed[3].width, fixed[3].confidence) == (520, 620, 91.0)


def test_a_split_code_with_a_confident_half_is_kept_as_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recheck, "_read_zooms", lambda work, groups, scale, zooms: [
        [[("Luu:", 60.0, 320.0, 410.0), ("VT,", 92.0, 430.0, 500.0), ("HCTH.", 91.0, 520.0, 620.0)]]] * len(zooms))
    line = _split_line()
    line[4] = replace(line[4], confidence=96.0)
    # the one eng word over both would drop a word vie read confidently: neither is touched (never guessed)
    assert recheck.filing_codes(Image.new("L", (800, 1000), 255), line, 1.0) == line


def test_readings_of_the_sizes_must_agree() -> None:
    assert recheck._agreed([None, ("TH3.", 89.0), None, None, ("TH3.", 87.0), None]) == ("TH3.", 89.0)
    assert recheck._agreed([None, ("TH3.", 89.0), None, None, None, None]) is None  # one reading alone
    assert recheck._agreed([("TH3.", 89.0), ("TH3.", 80.0), ("TH8.", 85.0), ("TH8.", 88.0)]) is None  # a tie


def _w(block: int, text: str, left: int, top: int, width: int = 300) -> Word:
    return Word(block, 1, 1, 1, text, left, top, width, 40, 90.0)


def test_a_block_tesseract_set_before_the_letterhead_goes_to_its_place() -> None:
    words = [_w(1, "Phát triển giáo dục", 360, 540, 1500), _w(2, "UBND", 360, 240), _w(2, "CỘNG HÒA", 1200, 240),
             _w(3, "KẾ HOẠCH", 1000, 460), _w(4, "I. MỤC ĐÍCH", 360, 630)]
    order = [w.text for w in layout.arrange(words, header=True, signature=False)]
    assert order.index("Phát triển giáo dục") == order.index("KẾ HOẠCH") + 1
    assert order[-1] == "I. MỤC ĐÍCH"
    # columns read one after the other (a lower left block before a higher right one) keep Tesseract's order
    cols = [_w(1, "left", 100, 500), _w(1, "left2", 100, 560), _w(2, "right", 900, 300), _w(2, "right2", 900, 360)]
    assert [w.text for w in layout.arrange(cols, header=True, signature=False)] == [w.text for w in cols]
    # not on later pages
    assert [w.text for w in layout.arrange(words, header=False, signature=False)][0] == "Phát triển giáo dục"


def test_ubnd_tp_names_the_city() -> None:
    assert _split_place("UBND TP HẢI PHÒNG") == ("UBND", "thành phố Hải Phòng")
    assert _split_place("UBND TP. HỒ CHÍ MINH") == ("UBND", "thành phố Hồ Chí Minh")
    text = ("UBND TP HẢI PHÒNG          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nVĂN PHÒNG          Độc lập - Tự do - Hạnh "
            "phúc\nSố: 386/TB-VP          Hải Phòng, ngày 24 tháng 7 năm 2026\n\nTHÔNG BÁO\nKết luận của Chủ tịch\n\n"
            "Nội dung.\n")
    meta = extract_header(page_lines([(1, text)]), None)
    assert (meta["issuer"], meta["issuer_parent"]) == ("Văn phòng Ủy ban nhân dân thành phố Hải Phòng",
                                                       "Ủy ban nhân dân thành phố Hải Phòng")
    # a small 'tp' in a name is no level word
    assert _split_place("BAN QUẢN LÝ DỰ ÁN")[1] is None


def test_a_number_line_whose_so_ocr_lost_still_gives_the_number() -> None:
    text = ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTHÀNH PHỐ HỒ CHÍ MINH Độc lập - Tự do - Hạnh phúc\n"
            "SỞ KHOA HỌC VÀ CÔNG NGHỆ\n: 1032/QĐ-SKHCN Thành phố Hồ Chí Minh, ngày 09 tháng 10 năm 2026\n\nS\n\n"
            "QUYẾT ĐỊNH\nVề việc giao nhiệm vụ số hóa hồ sơ năm 2026\n\nCăn cứ Luật Lưu trữ.\n")
    meta = extract_header(page_lines([(1, text)]), None)
    # the number, and the issuer without the number's line run into it
    assert (meta["doc_number"], meta["issuer"]) == ("1032/QĐ-SKHCN", "Sở Khoa học và Công nghệ thành phố Hồ Chí Minh")
    # a ':' line with no symbol's dash is no number (never guessed)
    assert extract_header(page_lines([(1, text.replace("1032/QĐ-SKHCN", "1032/2026"))]), None)["doc_number"] is None
