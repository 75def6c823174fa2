"""A 'Nơi nhận' item vie read as capitals that spell nothing ('- Bộ Y tế;' read 'EBO YTIE;', its dash an 'E') is
read again by vie at other sizes (ingest.recheck.glyph_items, in distribution_codes): the line takes the reading
two sizes give alike when it spells Vietnamese words; a crop with nothing legible keeps vie's words (never guessed);
items read right and items of initials are not re-read."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PIL import Image, ImageDraw

from devkit import synth
from ingest import recheck
from ingest.ocr import read_page
from ingest.records import Word

_LETTER = ("UBND TỈNH SƠN LA          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
           "SỞ NỘI VỤ          Độc lập - Tự do - Hạnh phúc\n"
           "Số: 215/SNV-TH3          Sơn La, ngày 14 tháng 7 năm 2026\nV/v rà soát thủ tục hành chính\n\n"
           "Kính gửi: Ủy ban nhân dân các xã, phường.\n\nSở Nội vụ đề nghị Ủy ban nhân dân các xã, phường rà soát "
           "thủ tục trước ngày 30/12/2026.\n\nNơi nhận:          KT. GIÁM ĐỐC\n- Như trên;          PHÓ GIÁM ĐỐC\n"
           "- Bộ Y tế;\n- Chủ tịch UBND tỉnh (b/c);\n- Lưu: VT, TH3.\n\n          Lò Văn Phương\n")


@pytest.fixture(scope="module")
def page() -> tuple[Image.Image, list[Word]]:
    img = synth.render_pages(_LETTER, degrade="light", seed=2)[0].convert("L")
    return img, read_page(img).words


def _key(w: Word) -> tuple[int, int, int]:
    return (w.block, w.par, w.line)


def _garbled(words: list[Word]) -> tuple[list[Word], tuple[int, int, int]]:
    """The page's words with the line '- Bộ Y tế;' as vie read it on a marred scan: 'EBO' over the dash and 'Bộ',
    'YTIE;' over 'Y tế;'."""
    k = next(i for i, w in enumerate(words) if w.text == "Bộ")
    line = [i for i, w in enumerate(words) if _key(w) == _key(words[k])]
    assert [words[i].text for i in line] == ["-", "Bộ", "Y", "tế;"]
    d, bo, y, te = (words[i] for i in line)
    out = list(words)
    out[line[0]] = replace(d, text="EBO", width=bo.left + bo.width - d.left, confidence=40.0)
    out[line[3]] = replace(te, text="YTIE;", left=y.left, width=te.left + te.width - y.left, confidence=30.0)
    return [w for i, w in enumerate(out) if i not in (line[1], line[2])], _key(d)


def test_a_glyph_run_item_is_read_again(page: tuple[Image.Image, list[Word]]) -> None:
    img, words = page
    garbled, key = _garbled(words)
    fixed = recheck.distribution_codes(img, garbled, 1.0)
    assert [w.text for w in fixed if _key(w) == key] == ["-", "Bộ", "Y", "tế;"]
    # the other lines as they were
    assert [w.text for w in fixed if _key(w) != key] == [w.text for w in garbled if _key(w) != key]


def test_nothing_legible_keeps_the_reading(page: tuple[Image.Image, list[Word]]) -> None:
    img, words = page
    garbled, key = _garbled(words)
    line = [w for w in garbled if _key(w) == key]
    blank = img.copy()
    ImageDraw.Draw(blank).rectangle((min(w.left for w in line) - 4, min(w.top for w in line) - 4,
                                     max(w.left + w.width for w in line) + 4, max(w.top + w.height for w in line) + 4),
                                    fill=255)
    assert [w.text for w in recheck.glyph_items(blank, garbled, 1.0) if _key(w) == key] == ["EBO", "YTIE;"]


def test_a_page_read_right_is_left_alone(page: tuple[Image.Image, list[Word]]) -> None:
    img, words = page
    assert recheck.glyph_items(img, words, 1.0) == words


@pytest.mark.parametrize(("texts", "run"), [
    (["EBO", "YTIE;"], True), (["-", "EBO", "YTIE"], True),
    (["TT", "UBND", "TP"], False), (["Bộ", "Y", "tế;"], False), (["UNICEF"], False), (["BO", "YTE"], False),
])
def test_glyph_run(texts: list[str], run: bool) -> None:
    assert recheck._glyph_run([t for t in texts if t.strip("-–—+•")]) is run
