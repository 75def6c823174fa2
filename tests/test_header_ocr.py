"""Header fields as OCR reads them on scans (issue 11, round 4): names with the Central Highlands' apostrophe,
a bold 'Đ' read as several glyphs, a subject's line after a blank line, garbled filing lines, a date line and a
signer name set apart by the reading order, signing marks with their dot garbled. What OCR lost stays null."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from devkit import doctype_gold
from extract.header import extract_header
from extract.letterhead import person_name
from extract.structure import page_lines
from tests.conftest import scanned_document_row

DOCS = Path(__file__).resolve().parent / "data" / "doctypes"
GOLD = doctype_gold.load()


def _letter(number: str = "1/SNV-VP", tail: str = "", head_extra: str = "") -> dict:
    text = (f"SỞ NỘI VỤ\nSố: {number}\nV/v việc\n{head_extra}Hà Nội, ngày 1 tháng 2 năm 2026\n\nNội dung./.\n\n"
            f"{tail}\n")
    return extract_header(page_lines([(1, text)]), None)


@pytest.mark.parametrize(("read", "want"), [
    ("H'Hen Niê", "H'Hen Niê"), ("H’Hen Niê", "H'Hen Niê"),
    # OCR lost the apostrophe: a prefix glued to a capitalised word is a name's prefix
    ("HHen Niê", "H'Hen Niê"), ("HYim Kđoh", "H'Yim Kđoh"),
    ("K' Bình", "K' Bình"), ("K‘ Bình", "K' Bình"),
    ("Y Ngọc Niê", "Y Ngọc Niê"), ("Giàng A Páo", "Giàng A Páo"),
    # a case slip of a syllable ('KHoa' for 'Khoa') is no prefix; upper-case lines and phrases are no names
    ("KHoa Lê", None), ("PHÓ CHỦ TỊCH", None), ("Như trên", None),
])
def test_person_names_with_the_highlands_apostrophe(read: str, want: str | None) -> None:
    assert person_name(read) == want


def test_signer_with_apostrophe_read_from_the_signature_block() -> None:
    meta = _letter(tail="Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nHHen Niê")
    assert (meta["signer"], meta["signer_authority"], meta["signer_title"]) == ("H'Hen Niê", "KT. GIÁM ĐỐC",
                                                                               "PHÓ GIÁM ĐỐC")


@pytest.mark.parametrize(("read", "want"), [
    ("96/HĐÐĐND-VP", "96/HĐND-VP"), ("58/QĐÐ-UBND", "58/QĐ-UBND"),
    # a real double 'Đ' (no 'Ð' in the run) is kept
    ("12/ĐĐBQH-VP", "12/ĐĐBQH-VP"),
])
def test_number_with_a_bold_d_read_as_several_glyphs(read: str, want: str) -> None:
    assert _letter(number=read)["doc_number"] == want


def test_number_ocr_garbled_stays_null() -> None:
    """'1288' read 'I128§§': five digits where four were printed; nothing is guessed."""
    assert _letter(number="I128§§/UBND-NC")["doc_number"] is None


@pytest.mark.parametrize(("subject_lines", "want"), [
    # the left column's block with a blank line OCR set inside it: the lower-case line still continues
    ("V/v đôn đốc thực hiện số hóa hồ sơ, kết quả giải\nquyết\n\nthủ tục hành chính tại cấp xã năm 2026",
     "đôn đốc thực hiện số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại cấp xã năm 2026"),
    # ... an upper-case or capitalised line after the blank is not the subject's
    ("V/v triển khai công tác tuyển sinh\n\nNăm học mới bắt đầu", "triển khai công tác tuyển sinh"),
])
def test_subject_line_after_a_blank_line(subject_lines: str, want: str) -> None:
    text = (f"SỞ NỘI VỤ\nSố: 1/SNV\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            f"Hà Nội, ngày 1 tháng 2 năm 2026\n\n{subject_lines}\n\nKính gửi: Sở Tư pháp.\n")
    assert extract_header(page_lines([(1, text)]), None)["subject"] == want


@pytest.mark.parametrize(("line", "number", "want"), [
    # units OCR garbled with small-capital confusions, mended where exactly one reading is a known unit
    ("-1UU: VI, 1H, KSI].", "85/TB-VPUB", "Lưu: VT, TH, KSTT"),
    ("- Lưu: VT, CĐš, VP.", "142/BC-SKHCN", "Lưu: VT, CĐS, VP"),
    # no dash and a first word OCR garbled further: still the line that closes the list; units kept as read
    ("x10 VÌ, Rosll, LH,", "2150/VP-KSTT", "Lưu: VT, Rosll, LH"),
    # 'VT' read 'Vĩ', or run into the unit ('VICCH'); the unit one letter off the number's takes its spelling
    ("LƯU Vĩ CCHC", "215/SNV-CCHC", "Lưu: VT, CCHC"),
    ("1000u VICCH", "215/SNV-CCHC", "Lưu: VT, CCHC"),
    (">LƯU: VÌ, NC.", "402/QĐ-UBND", "Lưu: VT, NC"),
    # a unit no confusion turns into a known one is kept as read, never replaced
    ("- Lưu: VT, Rsil1, 1H.", "2150/VP-KSTT", "Lưu: VT, Rsil1, TH"),
    ("- Lưu: VT, CCHỊC.", "875/QĐ-BNV", "Lưu: VT, CCHỊC"),
])
def test_filing_line_garbled_on_scans(line: str, number: str, want: str) -> None:
    meta = _letter(number=number, tail=f"Nơi nhận:\n- Như trên;\n{line}\n\nGIÁM ĐỐC\n\nLê Văn Bình")
    assert meta["distribution"] == ["Như trên", want] and meta["signer"] == "Lê Văn Bình"


def test_date_line_and_signer_set_apart_by_the_reading_order() -> None:
    """A page OCR read in column blocks (a task table split it): the date line came last and the signature marks
    after the table, away from the name beside the Nơi nhận list. Both are still read."""
    text = ("ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA\n\nSố: 61/KH-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n"
            "KẾ HOẠCH\nThực hiện Đề án phát triển dịch vụ công trực tuyến\n\nMục 1. MỤC ĐÍCH\n"
            "Triển khai thực hiện ngày 15 tháng 3 năm 2026 tại tỉnh.\n\n"
            "Nơi nhận:\n- Bộ Nội vụ;\n- Lưu: VT, NC.\n\nĐỗ Minh Tuấn\n\nThời gian hoàn\nthành\nQuý II/2026\n"
            "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nĐộc lập - Tự do - Hạnh phúc\nThanh Hóa, ngày 28 tháng 01 năm 2026\n")
    meta = extract_header(page_lines([(1, text)]), None)
    assert (meta["issue_place"], meta["issue_date"]) == ("Thanh Hóa", dt.date(2026, 1, 28))
    assert (meta["signer"], meta["signer_authority"], meta["signer_title"]) == ("Đỗ Minh Tuấn",
                                                                               "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")


def test_date_in_a_sentence_is_no_date_line() -> None:
    """Far below the head, only a line that is nothing but a date line counts; a date in a sentence does not."""
    body = "Nội dung thực hiện.\n" * 70
    text = (f"ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA\nSố: 61/KH-UBND\n\nKẾ HOẠCH\nVề việc\n\n{body}"
            "Thực hiện từ Hà Nội, ngày 2 tháng 3 năm 2026 trở đi.\n")
    meta = extract_header(page_lines([(1, text)]), None)
    assert meta["issue_place"] is None and meta["issue_date"] is None


@pytest.mark.parametrize(("block", "authority", "title"), [
    ("TM, ỦY BAN NHÂN DÂN\nKT: CHỦ TỊCH\nPHÓ CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    ("KT GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    # a known title whose diacritics OCR misread takes its spelling; another title is kept as read
    ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐÔC", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC THƯỜNG TRỰC", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC THƯỜNG TRỰC"),
    ("TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG", "TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG",
     "PHÓ CHÁNH VĂN PHÒNG"),
    ("TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
     "TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN / KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
])
def test_signing_marks_with_their_dot_garbled(block: str, authority: str, title: str) -> None:
    meta = _letter(tail=f"Nơi nhận:\n- Lưu: VT.\n\n{block}\n\nTrần Văn Bình")
    assert (meta["signer_authority"], meta["signer_title"], meta["signer"]) == (authority, title, "Trần Văn Bình")


def test_rendered_scan_of_a_letter_with_a_two_line_subject_and_an_ethnic_name(tmp_path: Path) -> None:
    """Real Tesseract on a rendered light scan of dh40: OCR loses the apostrophe of 'H'Yim Kđoh' and reads the
    filing line's 'VT' as 'VI'; the header is read as printed."""
    name = "dh40_daklak_cv_snv"
    seed = list(GOLD).index(name)  # the same scan as bench/doctype_eval.py renders
    doc = scanned_document_row((DOCS / f"{name}.txt").read_text(encoding="utf-8"), seed, tmp_path)
    want = GOLD[name]["header"]
    for key in ("doc_number", "issuer", "issuer_parent", "subject", "recipients", "distribution", "signer",
                "signer_authority", "signer_title"):
        assert doc[key] == want[key], key


@pytest.mark.parametrize(("recipients_label", "distribution_label"), [
    ("Kính gửi:", "Nơi nhận:"), ("Kinh gửi:", "Noi nhận:"), ("Kínhgửi;", "Nơinhận."),
])
def test_list_labels_as_ocr_reads_them(recipients_label: str, distribution_label: str) -> None:
    meta = _letter(head_extra=f"{recipients_label}\n- Sở Tư pháp;\n- Sở Tài chính.\n",
                   tail=f"{distribution_label}\n- Như trên;\n- Lưu: VT, VP.\n\nGIÁM ĐỐC\n\nLê Văn Bình")
    assert meta["recipients"] == ["Sở Tư pháp", "Sở Tài chính"]
    assert meta["distribution"] == ["Như trên", "Lưu: VT, VP"]


# --- round 5: unseen layouts (dr80-dr87): long filing lines, numbers with a year, the Prime Minister as issuer


@pytest.mark.parametrize(("line", "number", "want"), [
    # a unit one glyph off the number's own drafting unit, on a line of several units ('KHTIC' for KHTC); a unit
    # nothing makes known ('(15') is kept as read, and so are the separators as printed
    ("- Lưu: VT, KHTIC (15.", "1234/SNNMT-KHTC", "Lưu: VT, KHTC (15"),
    # a letter OCR split in two glyphs ('II' for H)
    ("- Lưu: VT, KIIIC,C3.", "1234/SNNMT-KHTC", "Lưu: VT, KHTC,C3"),
    # the copy count '(02b)' whose small 'b' OCR read 'Đ' or 'Ð'; three digits are no copy count
    ("- Lưu: VT, P.KSTT(02Đ).", "3056/VP-KSTT", "Lưu: VT, P.KSTT(02b)"),
    ("- Lưu: VT, CCHC (03Ð).", "2817/BNV-CCHC", "Lưu: VT, CCHC (03b)"),
    ("- Lưu: VT, CCHC (035).", "2817/BNV-CCHC", "Lưu: VT, CCHC (035)"),
    # a unit one glyph off a common unit that is not the number's own stays as read (QLNS is not guessed)
    ("- Lưu: VT, QLUNS, TCDN.", "415/TTr-STC", "Lưu: VT, QLUNS, TCDN"),
])
def test_filing_line_of_several_units_garbled(line: str, number: str, want: str) -> None:
    meta = _letter(number=number, tail=f"Nơi nhận:\n- Như trên;\n{line}\n\nGIÁM ĐỐC\n\nLê Văn Bình")
    assert meta["distribution"] == ["Như trên", want]


def test_number_with_its_year_and_the_prime_minister_as_issuer() -> None:
    text = ("THỦ TƯỚNG CHÍNH PHỦ          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 45/2026/CT-TTg          Hà Nội, ngày 12 tháng 3 năm 2026\n\nCHỈ THỊ\nVề việc\n\nNội dung.\n")
    meta = extract_header(page_lines([(1, text)]), None)
    assert (meta["issuer"], meta["issuer_parent"], meta["doc_number"]) == ("Thủ tướng Chính phủ", None,
                                                                           "45/2026/CT-TTg")


def test_list_items_whose_dash_ocr_misread_and_marks_over_a_blank_line() -> None:
    """The dash of a list item read ':' or '=' (followed by a space) is still a dash; a blank line OCR set between
    'TM. ỦY BAN NHÂN DÂN' and 'KT. CHỦ TỊCH' does not cut the marks."""
    meta = _letter(head_extra="Kính gửi:\n: Ủy ban nhân dân các xã, phường:\n= Chi cục Kiểm lâm;\n",
                   tail="Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n"
                        "Hồ Văn Mên")
    assert meta["recipients"] == ["Ủy ban nhân dân các xã, phường", "Chi cục Kiểm lâm"]
    assert (meta["signer_authority"], meta["signer_title"], meta["signer"]) == (
        "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hồ Văn Mên")


@pytest.mark.parametrize(("line", "number", "want"), [
    # the line closing the list whose first word OCR made any short run of glyphs, 'VT' after it
    ("'lỪ) VÌ", "27/KH-UBND", "Lưu: VT"),
    ("°1/jữUu: VÌ.", "27/BC-STP", "Lưu: VT"),
    # an accented small letter among a unit's capitals is a speck ('KöSIT' for KSTT)
    ("- Lưu: VT, TH,KöSIT.", "85/TB-VPUB", "Lưu: VT, TH,KSTT"),
])
def test_filing_line_first_word_and_specks(line: str, number: str, want: str) -> None:
    meta = _letter(number=number, tail=f"Nơi nhận:\n- Như trên;\n{line}\n\nGIÁM ĐỐC\n\nLê Văn Bình")
    assert meta["distribution"] == ["Như trên", want] and meta["signer"] == "Lê Văn Bình"


@pytest.mark.parametrize(("item", "want"), [
    ("Bộ trưởng (để b/)", "Bộ trưởng (để b/c)"), ("UBND tỉnh (để b/e)", "UBND tỉnh (để b/c)"),
    # a mark no known one starts like, or a phrase, is kept as read
    ("Sở Tư pháp (để x/)", "Sở Tư pháp (để x/)"), ("Trung tâm Thông tin (để đăng tải)", "Trung tâm Thông tin (để đăng tải)"),
])
def test_purpose_mark_of_a_distribution_item(item: str, want: str) -> None:
    meta = _letter(tail=f"Nơi nhận:\n- {item};\n- Lưu: VT, VP.\n\nGIÁM ĐỐC\n\nLê Văn Bình")
    assert meta["distribution"] == [want, "Lưu: VT, VP"]


@pytest.mark.parametrize(("number", "doc_type", "want"), [
    # the type part of the number is the type word's Decree 30 abbreviation: a confusion of it is mended
    ("14/TIr--UBND", "TỜ TRÌNH", "14/TTr-UBND"),
    # another abbreviation is kept (no confusion reads it), and so is a letter's symbol (no type part)
    ("12/KT-UBND", "KẾ HOẠCH", "12/KT-UBND"), ("12/UBND-VP", None, "12/UBND-VP"),
])
def test_number_type_part_garbled(number: str, doc_type: str | None, want: str) -> None:
    word = f"{doc_type}\nVề việc\n\n" if doc_type else "V/v việc\n"
    text = f"ỦY BAN NHÂN DÂN\nXÃ TÂN AN\nSố: {number}\nTân An, ngày 2 tháng 3 năm 2026\n\n{word}Nội dung.\n"
    assert extract_header(page_lines([(1, text)]), None)["doc_number"] == want


def test_province_of_the_letterhead_misread_by_one_glyph() -> None:
    text = ("UBND TỈNH LAI CHÂẦU\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\nSố: 142/BC-SKHCN\nLai Châu, ngày 28 tháng 6 năm 2026\n\n"
            "BÁO CÁO\nKết quả\n\nNội dung.\n")
    meta = extract_header(page_lines([(1, text)]), None)
    assert (meta["issuer"], meta["issuer_parent"]) == ("Sở Khoa học và Công nghệ tỉnh Lai Châu",
                                                       "Ủy ban nhân dân tỉnh Lai Châu")


def test_commune_one_glyph_off_a_province_is_another_place() -> None:
    """Only a province-level name is mended by one glyph: 'xã Phúc Thọ' is a commune, not the province Phú Thọ."""
    text = ("UBND TỈNH PHÚ THỌ\nỦY BAN NHÂN DÂN XÃ PHÚC THỌ\nSố: 12/KH-UBND\nPhúc Thọ, ngày 2 tháng 3 năm 2026\n\n"
            "KẾ HOẠCH\nVề việc\n\nNội dung.\n")
    meta = extract_header(page_lines([(1, text)]), None)
    assert meta["issuer"] == "Ủy ban nhân dân xã Phúc Thọ"


@pytest.mark.parametrize("label", ["Nơi nhận: - Như trên;", "Hơi nhận:\n- Như trên;", "Nơi nhậm:\n- Như trên;"])
def test_distribution_label_garbled_or_with_its_first_item(label: str) -> None:
    """'Nơi nhận' one glyph off (with its colon), or the first item OCR set on the label's line; a name with a
    speck after it and a title one glyph off a known one are read too."""
    meta = _letter(tail=f"{label}\n- UBND tỉnh;\n- Lưu: VT, VP.\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nLê Văn Bình.")
    assert meta["distribution"] == ["Như trên", "UBND tỉnh", "Lưu: VT, VP"] and meta["signer"] == "Lê Văn Bình"
    meta = _letter(tail="Nơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TJCH\n\nLê Văn Bình")
    assert meta["signer_title"] == "PHÓ CHỦ TỊCH"
    # a title of its own one glyph from a known one is kept as printed
    meta = _letter(tail="Nơi nhận:\n- Lưu: VT.\n\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nLê Văn Bình")
    assert meta["signer_title"] == "THỨ TRƯỞNG"
    meta = _letter(head_extra="Kính sửi:\n- Sở Tư pháp;\n- Sở Tài chính.\n")
    assert meta["recipients"] == ["Sở Tư pháp", "Sở Tài chính"]
