"""Page preprocessing and layout with real Tesseract on small rendered pages: two-column header read
column by column, low-resolution text enlarged, pages turned by 90/180/270 degrees set upright."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from devkit.synth import AdminDoc, layout_admin_pages, layout_pages, photo_page, resample_dpi
from ingest import layout, ocr, preprocess
from ingest.records import Word
from tests.conftest import plan_text
from vnplan.metrics import cer

DOC = AdminDoc(
    "UBND TỈNH QUẢNG NAM",
    "SỞ NỘI VỤ",
    "Số: 215/SNV-CCHC",
    "V/v triển khai kế hoạch cải cách hành chính năm 2024",
    "Quảng Nam, ngày 3 tháng 4 năm 2024",
    "Thực hiện Kế hoạch số 12/KH-UBND của Ủy ban nhân dân tỉnh, Sở Nội vụ đề nghị các cơ quan, đơn vị "
    "triển khai các nhiệm vụ cải cách hành chính năm 2024 và báo cáo kết quả trước ngày 15 tháng 12.",
    ("Như trên;", "UBND các huyện, thị xã;", "Lưu: VT, CCHC."),
    ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    "Nguyễn Văn An",
)
LEFT = {"UBND", "TỈNH", "QUẢNG", "SỞ", "NỘI", "VỤ", "Số:", "215/SNV-CCHC", "V/v"}
RIGHT = {"CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA", "VIỆT", "Độc", "lập", "Hạnh", "phúc", "ngày"}


def _lines(words: list[Word]) -> dict[tuple[int, int, int], list[Word]]:
    out: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        out.setdefault((w.block, w.par, w.line), []).append(w)
    return out


@pytest.fixture(scope="module")
def admin_reading():
    # Header, one paragraph and the signature block at 150 dpi: small and quick to OCR.
    page = layout_admin_pages(DOC, dpi=150)[0]
    page = page.crop((0, 0, page.width, page.height // 2))
    return ocr.read_page(page, dpi=150)


def test_two_column_header_is_read_column_by_column(admin_reading):
    words = admin_reading.words
    header = [w for w in words if w.text in LEFT | RIGHT and w.top < 300]
    assert len(header) >= 15
    for key, ln in _lines(words).items():
        texts = {w.text for w in ln}
        assert not (texts & LEFT and texts & RIGHT), f"line {key} mixes both header columns: {texts}"
    left_blocks = {w.block for w in header if w.text in LEFT}
    right_blocks = {w.block for w in header if w.text in RIGHT}
    assert len(left_blocks) == 1 and len(right_blocks) == 1 and left_blocks != right_blocks
    text = admin_reading.text
    # Left column (issuer, number, subject) first, then the national title, motto and date.
    assert text.index("SỞ NỘI VỤ") < text.index("V/v") < text.index("CỘNG HÒA") < text.index("Quảng Nam, ngày")
    assert text.index("Quảng Nam, ngày") < text.index("Thực hiện")


def test_signature_block_is_read_column_by_column(admin_reading):
    text = admin_reading.text
    assert text.index("Nơi nhận") < text.index("Lưu: VT") < text.index("GIÁM ĐỐC") < text.index("Nguyễn Văn An")
    for ln in _lines(admin_reading.words).values():
        texts = " ".join(w.text for w in ln)
        assert not ("Như trên" in texts and "GIÁM" in texts), texts


def test_word_numbering_matches_text(admin_reading):
    words = admin_reading.words
    assert ocr.words_to_text(words) == admin_reading.text
    keys = [(w.block, w.par, w.line, w.word) for w in words]
    assert keys == sorted(keys), "block/par/line/word numbers follow reading order"
    for ln in _lines(words).values():
        assert [w.word for w in ln] == list(range(1, len(ln) + 1))
        assert all(a.left < b.left for a, b in zip(ln, ln[1:], strict=False))


def _w(text: str, left: int, top: int, height: int = 30, conf: float = 95.0, line: int = 1) -> Word:
    return Word(1, 1, line, 0, text, left, top, 20 * len(text), height, conf)


def _body_line(texts: list[str], top: int, line: int) -> list[Word]:
    out, x = [], 100
    for t in texts:
        w = _w(t, x, top - 20 if t == "XyZ" else top, height=95 if t == "XyZ" else 30, line=line)
        if t == "XyZ":
            w.confidence = 12.0
        out.append(w)
        x += w.width + 15
    return out


def test_interleaved_header_line_is_split_and_glued_handwriting_dropped():
    # What Tesseract psm 3 returned on the real photo: one line across both header columns.
    words = [
        _w("UBND", 100, 100), _w("TỈNH", 200, 100), _w("_", 520, 95, conf=70), _w("CỘNG", 700, 100),
        _w("HÒA", 800, 100),
        _w("SỞ", 150, 140, line=2), _w("NỘI", 210, 140, line=2), _w("VỤ", 280, 140, line=2),
        _w("Độc", 720, 140, line=2), _w("lập", 800, 140, line=2),
        # A justified body line across the page, with a handwritten scrawl Tesseract glued into it:
        # three times the height of the printed words, read at 12% confidence.
        *_body_line(["Điều", "một", "XyZ", "quy", "định", "chung", "của", "luật", "này", "là"], top=200, line=3),
    ]
    text = ocr.words_to_text(layout.arrange(words))
    assert text.split("\n\n") == ["UBND TỈNH\nSỞ NỘI VỤ", "CỘNG HÒA\nĐộc lập", "Điều một quy định chung của luật này là"]


def test_title_line_whose_dash_falls_in_the_gutter_is_no_header_row():
    # Under a two-column header, the title 'Về kế hoạch phát triển kinh tế - xã hội năm 2027' runs across the page,
    # its ' - ' where the header's gutter is: the line stays whole, after the header's two columns.
    words = [
        _w("HỘI", 100, 100), _w("ĐỒNG", 180, 100), _w("CỘNG", 700, 100), _w("HÒA", 800, 100),
        _w("TỈNH", 150, 140, line=2), _w("HƯNG", 250, 140, line=2), _w("Độc", 720, 140, line=2),
        _w("lập", 800, 140, line=2),
        _w("NGHỊ", 560, 200, line=3), _w("QUYẾT", 660, 200, line=3),
        _w("Về", 100, 240, line=4), _w("kinh", 160, 240, line=4), _w("tế", 460, 240, line=4),
        _w("-", 520, 240, line=4), _w("xã", 560, 240, line=4), _w("hội", 620, 240, line=4),
    ]
    text = ocr.words_to_text(layout.arrange(words))
    blocks = text.split("\n\n")
    assert blocks[0] == "HỘI ĐỒNG\nTỈNH HƯNG" and blocks[1].startswith("CỘNG HÒA\nĐộc lập")
    assert blocks[-1].endswith("Về kinh tế - xã hội")


def test_columns_without_national_title_keep_tesseract_order():
    # Two table columns at the top of a page look like a two-column header but are not one.
    words = [
        _w("STT", 100, 100), _w("Nhiệm", 200, 100), _w("vụ", 330, 100), _w("Cơ", 700, 100), _w("quan", 760, 100),
        _w("1.", 100, 140, line=2), _w("Rà", 200, 140, line=2), _w("soát", 260, 140, line=2),
        _w("Văn", 700, 140, line=2), _w("phòng", 780, 140, line=2),
    ]
    assert ocr.words_to_text(layout.arrange(words)) == "STT Nhiệm vụ Cơ quan\n1. Rà soát Văn phòng"


def test_low_resolution_photo_is_enlarged_and_reads_better():
    text = plan_text(99, 14)
    page = photo_page(layout_pages(text)[0], seed=4)  # 576 px wide: ~70 dpi for A4, as phones send
    page = page.crop((0, 0, page.width, page.height // 2))
    ref = text[: len(text) // 2]
    native = ocr.read_page(page, dpi=300, opts=ocr.ReadOptions(upscale=False, rotate=False))
    enlarged = ocr.read_page(page, dpi=300, opts=ocr.ReadOptions(rotate=False))
    assert 2.0 <= enlarged.scale <= 4.0
    # CER on the common prefix of what both read (the crop cuts the text mid-page).
    n = min(len(native.text), len(enlarged.text), len(ref))
    assert cer(ref[: n - 60], enlarged.text[: n - 60]) < 0.05
    assert cer(ref[: n - 60], enlarged.text[: n - 60]) < cer(ref[: n - 60], native.text[: n - 60]) - 0.1
    # Boxes are reported in pixels of the photo as given, not of the enlarged copy.
    assert max(w.left + w.width for w in enlarged.words) <= page.width
    assert max(w.top + w.height for w in enlarged.words) <= page.height


def test_text_height_follows_resolution():
    page = layout_pages(plan_text(99, 14))[0]
    h300 = preprocess.text_height(page)
    h150 = preprocess.text_height(resample_dpi(page, 300, 150))
    assert h300 and h150 and 1.7 < h300 / h150 < 2.3
    assert preprocess.upscale_factor(h300) == 1.0 and preprocess.upscale_factor(h150 / 2) >= 2.0


@pytest.mark.parametrize("angle", [90, 180, 270])
def test_turned_page_is_set_upright(angle):
    text = plan_text(89, 14)
    page = resample_dpi(layout_pages(text)[0], 300, 150)
    page = page.crop((0, 0, page.width, page.height // 2))
    turned = page.rotate(angle, expand=True)
    found, conf = ocr.detect_rotation(turned, 150)
    assert found == angle and conf >= 5
    res = ocr.read_page(turned, dpi=150)
    assert res.rotation == angle
    assert "Hiến pháp" in res.text or "Nhân dân" in res.text


def test_shadow_is_flattened_and_even_pages_are_left_alone():
    page = layout_pages(plan_text(99, 14))[0].reduce(2)
    arr = np.asarray(page, dtype=np.float32)
    shade = np.ones_like(arr)
    shade[:, arr.shape[1] // 2 :] = 0.5  # the right half in a hand's shadow
    shadowed = Image.fromarray((arr * shade).astype(np.uint8))
    assert not preprocess.uneven_light(page)
    assert preprocess.uneven_light(shadowed)
    flat = np.asarray(preprocess.normalise_background(shadowed), dtype=np.float32)
    ink = arr < 128
    left, right = np.zeros_like(ink), np.zeros_like(ink)
    left[:, : arr.shape[1] // 2 - 20], right[:, arr.shape[1] // 2 + 20 :] = True, True
    # Paper on both sides of the shadow's edge comes out equally white, ink equally dark.
    assert abs(flat[~ink & left].mean() - flat[~ink & right].mean()) < 5
    assert flat[~ink & right].mean() > 240 and flat[ink & right].mean() < 100


def test_table_rows_rebuild_from_boxes_of_an_enlarged_page():
    # A low-resolution table page is read enlarged; its word boxes come back in the page's own
    # pixels and extract.boxes still rebuilds the rows from them (columns, task numbers).
    from devkit.synth import render_pages
    from extract.agencies import AgencyRegistry
    from extract.boxes import appendix_rows_from_words
    from extract.tasks import parse_table_rows
    from tests.test_extract_boxes import HEADER, ROWS

    text = "PHỤ LỤC\n" + "\n".join("\t".join(r) for r in [HEADER, *ROWS])
    # 150 dpi: the table's smaller type measures ~10 px and is read enlarged x2.
    page = resample_dpi(render_pages(text, dpi=300, seed=0, degrade="light")[0], 300, 150)
    res = ocr.read_page(page, dpi=150)
    assert res.scale >= 1.6
    assert max(w.left + w.width for w in res.words) <= page.width
    rows = appendix_rows_from_words(res.words, 1)
    drafts = parse_table_rows(rows, "PL", AgencyRegistry("xã Thạnh Phú", "Cần Thơ", "xã"))
    assert [d.task_no for d in drafts] == ["1", "2", "3"]


def _b(block: int, text: str, left: int, top: int, line: int = 1) -> Word:
    return Word(block, 1, line, 0, text, left, top, 20 * len(text), 30, 95.0)


def test_table_cut_into_column_blocks_is_read_row_by_row():
    # What Tesseract returned on a two-column-header scan (dc124): a target table's columns as blocks of their
    # own, the last one only after the next heading's block; its figures came out far from their rows.
    words = [
        _b(1, "Năm", 100, 50), _b(1, "2026,", 200, 50), _b(1, "phấn", 330, 50), _b(1, "đấu", 440, 50),
        _b(1, "đạt", 530, 50), _b(1, "các", 620, 50), _b(1, "chỉ", 700, 50), _b(1, "tiêu", 780, 50),
        _b(2, "STT", 100, 100), _b(2, "Chỉ", 200, 100), _b(2, "tiêu", 280, 100),
        _b(2, "1", 100, 150, line=2), _b(2, "Diện", 200, 150, line=2), _b(2, "tích", 300, 150, line=2),
        _b(3, "Đơn", 450, 102), _b(3, "vị", 530, 102), _b(3, "ha", 450, 151, line=2),
        _b(4, "III.", 100, 250), _b(4, "NHIỆM", 200, 250), _b(4, "VỤ", 330, 250),
        _b(5, "Năm", 650, 101), _b(5, "2026", 730, 101), _b(5, "5000", 650, 152, line=2),
    ]
    text = ocr.words_to_text(layout.arrange(words, header=False, signature=False))
    assert text.split("\n\n") == [
        "Năm 2026, phấn đấu đạt các chỉ tiêu",
        "STT Chỉ tiêu Đơn vị Năm 2026\n1 Diện tích ha 5000",
        "III. NHIỆM VỤ",
    ]


def test_signature_columns_side_by_side_are_no_table():
    # 'Nơi nhận:' and the signer's title as Tesseract's blocks: read column by column, never row by row.
    words = [
        _b(1, "Nơi", 100, 100), _b(1, "nhận:", 180, 100), _b(1, "-", 100, 150, line=2), _b(1, "Lưu:", 140, 150, line=2),
        _b(2, "KT.", 600, 100), _b(2, "CHỦ", 680, 100), _b(2, "TỊCH", 770, 100),
        _b(2, "PHÓ", 600, 150, line=2), _b(2, "CHỦ", 680, 150, line=2),
    ]
    text = ocr.words_to_text(layout.arrange(words, header=False, signature=False))
    assert text.split("\n\n") == ["Nơi nhận:\n- Lưu:", "KT. CHỦ TỊCH\nPHÓ CHỦ"]
