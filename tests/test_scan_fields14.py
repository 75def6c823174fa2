"""Header fields scans garble (batch 81, ds342-ds347): a 'Nơi nhận' item vie ran together into capitals and small
letters ('- TT HĐND xã;' read 'TĨHPNDxã;') is read again by vie at other sizes, also on a page that opens on the list
the page before began (its 'Nơi nhận:' label on that page); the reading is taken only when it spells an item
(syllables and abbreviations of capitals), never guessed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PIL import Image

from devkit import synth
from ingest import recheck
from ingest.ocr import read_page
from ingest.records import Word

# the second page of a decision: its list goes on from the page before, the signature beside and below it
_PAGE2 = ("- Như Điều 3;\n- Hạt Kiểm lâm (p/h);\n- TT Đảng ủy xã;\n- TT HĐND xã;\n- Các ĐB HĐND xã;\n"
          "- Lưu: VT, KT.\n\n          CHỦ TỊCH\n\n          Hồ Đức Thuận\n")


@pytest.fixture(scope="module")
def page() -> tuple[Image.Image, list[Word]]:
    # a fixed render whose re-read sizes agree on the item (on other renders of this small page they read 'HDND',
    # 'HDND)', 'HDNDN)' apart, and the item is kept as read: never guessed)
    img = synth.render_pages(_PAGE2, degrade="light", seed=7)[0].convert("L")
    return img, read_page(img).words


def _key(w: Word) -> tuple[int, int, int]:
    return (w.block, w.par, w.line)


def _glued(words: list[Word]) -> tuple[list[Word], tuple[int, int, int]]:
    """The page's words with '- TT HĐND xã;' as vie read it on ds343's scan: one word 'TĨHPNDxã;' after the dash."""
    k = next(i for i, w in enumerate(words) if w.text == "HĐND" and words[i - 1].text == "TT")
    line = [i for i, w in enumerate(words) if _key(w) == _key(words[k])]
    assert [words[i].text for i in line] == ["-", "TT", "HĐND", "xã;"]
    tt, xa = words[line[1]], words[line[3]]
    out = list(words)
    out[line[1]] = replace(tt, text="TĨHPNDxã;", width=xa.left + xa.width - tt.left, confidence=35.0)
    return [w for i, w in enumerate(out) if i not in (line[2], line[3])], _key(tt)


def test_a_run_together_item_on_a_continued_list_is_read_again(page: tuple[Image.Image, list[Word]]) -> None:
    img, words = page
    garbled, key = _glued(words)
    fixed = recheck.distribution_codes(img, garbled, 1.0)
    assert [w.text for w in fixed if _key(w) == key] == ["-", "TT", "HĐND", "xã;"]
    assert [w.text for w in fixed if _key(w) != key] == [w.text for w in garbled if _key(w) != key]


def test_a_continued_list_read_right_is_left_alone(page: tuple[Image.Image, list[Word]]) -> None:
    img, words = page
    assert recheck.glyph_items(img, words, 1.0) == words


def test_a_page_not_opening_on_an_item_has_no_list_lines(page: tuple[Image.Image, list[Word]]) -> None:
    img, words = page
    body = [replace(w, text="Điều") if i == 0 else w for i, w in enumerate(words)]
    assert recheck._list_lines(img, body, 1.0) == []


@pytest.mark.parametrize(("texts", "glued"), [
    (["TĨHPNDxã;"], True), (["-", "CTcácPCT"], True),
    (["TT", "HĐND", "xã;"], False), (["Đảng", "ủy"], False), (["UBND"], False), (["Sở"], False), (["(b/c);"], False),
    (["P.KT"], False),
])
def test_glued_caps(texts: list[str], glued: bool) -> None:
    assert recheck._glued_caps(texts) is glued


@pytest.mark.parametrize(("text", "ok"), [
    ("- TT HĐND xã;", True), ("- CT, các PCT UBND xã;", True), ("- Các ĐB HĐND xã;", True),
    ("- TĨHPNDxã;", False), ("- TT HĐND;", False), ("- TT HDNDX xã", True), ("- TT HĐNDXYZ xã;", False),
])
def test_spelled_item(text: str, ok: bool) -> None:
    assert recheck._spelled_item(text) is ok


@pytest.mark.parametrize(("read", "want"), [
    # an item left run together (its re-read sizes disagreed) is dropped, never kept as an item
    ("- TĨHPNDxã;", None),
    # an item with a word of the language, or of capitals and initials, is kept
    ("- TT HĐND xã;", "TT HĐND xã"), ("- Các ĐB HĐND xã;", "Các ĐB HĐND xã"), ("- UBND TP;", "UBND TP"),
    ("- Sở NN&MT;", "Sở NN&MT"), ("- Hạt Kiểm lâm (p/h);", "Hạt Kiểm lâm (p/h)"),
])
def test_run_together_item_is_dropped(read: str, want: str | None) -> None:
    from extract.header import extract_header
    from extract.structure import page_lines

    text = f"Nơi nhận:\n- Như Điều 3;\n{read}\n- Lưu: VT, KT.\n\nCHỦ TỊCH\n\nHồ Đức Thuận"
    items = extract_header(page_lines([(1, text)]), None)["distribution"]
    assert items == ["Như Điều 3", *([want] if want else []), "Lưu: VT, KT"]


_HEAD = ("ỦY BAN NHÂN DÂN\n{iss}\n\nSố: 215/UBND-VHXH\nV/v {subj}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
         "Độc lập - Tự do - Hạnh phúc\n\n{date}, ngày 23 tháng 01 năm 2026\n\nKính gửi: Công an phường.\n\n"
         "Công an phường bảo đảm an ninh, trật tự.\n")


@pytest.mark.parametrize(("iss", "date", "subj", "issuer", "place"), [
    # a letter OCR doubled in the issuer's place, the date line printing it right: the date line's spelling
    ("PHƯỜNG HOA LLƯ", "Hoa Lư", "quản lý du lịch", "UBND phường Hoa Lư", "Hoa Lư"),
    # ... in the date line's place, the issuer's line printing it right
    ("PHƯỜNG HOA LƯ", "Hoa Llư", "quản lý du lịch", "UBND phường Hoa Lư", "Hoa Lư"),
    # a vowel stacked on its copy ('Châầu'), the subject naming the place right
    ("XÃ THUẬN CHÂẦU", "Thuận Châầu", "quản lý du lịch trên địa bàn xã Thuận Châu", "UBND xã Thuận Châu",
     "Thuận Châu"),
    # nowhere printed without the doubled letter: kept as read (never guessed)
    ("XÃ THUẬN CHÂẦU", "Thuận Châầu", "quản lý du lịch", "UBND xã Thuận Châầu", "Thuận Châầu"),
    # a name that is a syllable as read ('Xoong'), and a name read right, are unchanged
    ("XÃ XOONG", "Xoong", "quản lý du lịch", "UBND xã Xoong", "Xoong"),
    ("PHƯỜNG HOA LƯ", "Hoa Lư", "quản lý du lịch", "UBND phường Hoa Lư", "Hoa Lư"),
])
def test_place_with_a_doubled_letter(iss: str, date: str, subj: str, issuer: str, place: str) -> None:
    from extract.header import extract_header
    from extract.structure import page_lines

    meta = extract_header(page_lines([(1, _HEAD.format(iss=iss, date=date, subj=subj))]), None)
    assert (meta["issuer"], meta["issue_place"]) == (issuer, place)
