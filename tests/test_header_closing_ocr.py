"""The 'Nơi nhận' list beside the signature block as OCR reads the two columns line by line (round of xhdr9): a
signing title's second line beside an item ('CỤC BƯU ĐIỆN TRUNG ƯƠNG' under 'CỤC TRƯỞNG'), a speck run into an
item's dash ('-= UBND …'), a purpose mark's last letter read as a symbol ('(để b/©)'). Each read as an item, or kept
in one, before."""

from __future__ import annotations

from extract.header import extract_header
from extract.structure import page_lines

HEAD = ("BỘ KHOA HỌC VÀ CÔNG NGHỆ\nSố: 3310/BKHCN-BĐTW\nHà Nội, ngày 09 tháng 3 năm 2026\n"
        "V/v bảo đảm thông tin liên lạc\n\nKính gửi: Văn phòng Chính phủ.\n\n1. Cục Bưu điện Trung ương bảo đảm.\n\n")
KEYS = ("distribution", "signer", "signer_authority", "signer_title")


def _closing(text: str) -> dict[str, object]:
    meta = extract_header(page_lines([(1, HEAD + text)]), None)
    return {k: meta[k] for k in KEYS}


def test_signing_title_second_line_beside_an_item() -> None:
    text = ("Nơi nhận: TUQ. BỘ TRƯỞNG\n- Như trên; CỤC TRƯỞNG\n- Bộ trưởng (để b/c); CỤC BƯU ĐIỆN TRUNG ƯƠNG\n"
            "- Văn phòng Chính phủ;\n- Lưu: VT, BĐTW. Lê Văn Tuấn\n")
    assert _closing(text) == {"distribution": ["Như trên", "Bộ trưởng (để b/c)", "Văn phòng Chính phủ", "Lưu: VT, BĐTW"],
                              "signer": "Lê Văn Tuấn", "signer_authority": "TUQ. BỘ TRƯỞNG",
                              "signer_title": "CỤC TRƯỞNG CỤC BƯU ĐIỆN TRUNG ƯƠNG"}


def test_body_name_in_capitals_after_an_item_without_a_title_above_stays_an_item() -> None:
    """Without a signing title beside the item above, capitals after an item's ';' that name a body are not the
    signature's: the list keeps them (as read: two items OCR set on one line)."""
    text = "Nơi nhận:\n- Như trên;\n- Bộ trưởng (để b/c); SỞ TÀI CHÍNH\n- Lưu: VT, BĐTW.\n\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nLê Văn Tuấn\n"
    got = _closing(text)
    assert got["signer_title"] == "THỨ TRƯỞNG" and "SỞ TÀI CHÍNH" in " ".join(got["distribution"])


def test_speck_in_the_dash_and_purpose_mark_read_as_a_symbol() -> None:
    text = ("Nơi nhận: KT. BỘ TRƯỞNG\n- Như trên; THỨ TRƯỞNG\n- Thủ tướng Chính phủ (để b/©);\n"
            "-= UBND các tỉnh, thành phố;\n- Lưu: VT, BĐTW. Lê Văn Tuấn\n")
    assert _closing(text)["distribution"] == ["Như trên", "Thủ tướng Chính phủ (để b/c)", "UBND các tỉnh, thành phố",
                                              "Lưu: VT, BĐTW"]


def test_filing_unit_with_an_accented_capital_read_for_x() -> None:
    """'Lưu: VT, VÀ' (two scans of this round): no unit is spelled with an accented capital, and 'À' is what the vie model
    reads for a small-capital X, so the one known unit it then spells ('VX') is taken; no reading known, kept."""
    from extract.letterhead import drafting_unit

    assert drafting_unit(["Bộ Y tế", "Lưu: VT, VÀ"], "88/BC-UBND") == ["Bộ Y tế", "Lưu: VT, VX"]
    assert drafting_unit(["Lưu: VT, XÀ"], None) == ["Lưu: VT, XÀ"]


def test_signer_name_run_into_an_item_whose_semicolon_ocr_lost() -> None:
    """The name beside an item in the middle of a long list, the item's ';' lost: the signer, cut from the item."""
    text = ("Nơi nhận: KT. BỘ TRƯỞNG\n- Như trên; THỨ TRƯỞNG\n- Văn phòng Chính phủ;\n"
            "- Trung tâm Khuyến nông quốc gia Hà Văn Tuấn\n- Các đơn vị thuộc Bộ;\n- Lưu: VT, BĐTW.\n")
    assert _closing(text) == {"distribution": ["Như trên", "Văn phòng Chính phủ", "Trung tâm Khuyến nông quốc gia",
                                               "Các đơn vị thuộc Bộ", "Lưu: VT, BĐTW"],
                              "signer": "Hà Văn Tuấn", "signer_authority": "KT. BỘ TRƯỞNG", "signer_title": "THỨ TRƯỞNG"}


def test_a_name_of_the_item_itself_stays() -> None:
    """A person named by the item ('Đồng chí …', a rank before the name) is the item's, even when the block's name is
    missing; so is any name when the block has its own."""
    from extract.letterhead import name_after_item

    items = ["Như trên", "Đồng chí Nguyễn Văn An", "Phó Chủ tịch UBND tỉnh Lê Thị Hoa", "Lưu: VT"]
    assert name_after_item(items) == (None, items)
    text = ("Nơi nhận: KT. BỘ TRƯỞNG\n- Như trên; THỨ TRƯỞNG\n- Trung tâm Khuyến nông quốc gia Hà Văn Tuấn\n"
            "- Lưu: VT, BĐTW.\n\nLê Văn Tuấn\n")
    got = _closing(text)
    assert got["signer"] == "Lê Văn Tuấn" and "Trung tâm Khuyến nông quốc gia Hà Văn Tuấn" in got["distribution"]


def test_units_after_a_semicolon_ocr_read_for_a_comma_stay_in_the_item() -> None:
    """'- Các sở: CT; NNMT, XD;' (a ',' read ';'): capitals closed by the item's ';' are the item's units, no line of a
    signing title (found on the round's kept-aside scan, after its rules; fixed then)."""
    text = ("Nơi nhận: TL. BỘ TRƯỞNG\n- Như trên; CHÁNH VĂN PHÒNG\n- Giám đốc, các PGĐ;\n- Các sở: CT; NNMT, XD;\n"
            "- Lưu: VT, VP. Lê Văn Tuấn\n")
    got = _closing(text)
    # the ';' OCR read for the ',' is kept as read: the units stay in their item, not in the signer's title
    assert got["distribution"] == ["Như trên", "Giám đốc, các PGĐ", "Các sở: CT; NNMT, XD", "Lưu: VT, VP"]
    assert got["signer_title"] == "CHÁNH VĂN PHÒNG"


def test_copy_count_with_a_glyph_before_its_b() -> None:
    from extract.letterhead import drafting_unit

    assert drafting_unit(["Lưu: VT, KHNV (02Ðb)"], "318/KH-KSBT") == ["Lưu: VT, KHNV (02b)"]
    assert drafting_unit(["Lưu: VT, KHNV (035)"], "318/KH-KSBT") == ["Lưu: VT, KHNV (035)"]
