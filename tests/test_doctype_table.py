"""Every document type of Decree 30/2020/NĐ-CP's appendix III, known from one table (extract/patterns/header.json
'doc_types'): each type end to end (a .txt file in, its ``documents`` row read back from Parquet), the type line as
OCR reads it, and issuers whose name already ends in their place or level word."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import letterhead
from extract.header import extract_header
from extract.patterns import load_json
from extract.structure import page_lines
from normalize.text import fold
from vnplan import pipeline
from vnplan.store import Store

TYPES = {k: v for k, v in load_json("header.json")["doc_types"].items() if not k.startswith("_")}
# the appendix III types, as the decree lists them (KẾT LUẬN is printed as a type word too, not in the list)
DECREE_30 = ["NGHỊ QUYẾT", "QUYẾT ĐỊNH", "CHỈ THỊ", "QUY CHẾ", "QUY ĐỊNH", "THÔNG CÁO", "THÔNG BÁO", "HƯỚNG DẪN",
             "CHƯƠNG TRÌNH", "KẾ HOẠCH", "PHƯƠNG ÁN", "ĐỀ ÁN", "DỰ ÁN", "BÁO CÁO", "BIÊN BẢN", "TỜ TRÌNH", "HỢP ĐỒNG",
             "CÔNG VĂN", "CÔNG ĐIỆN", "BẢN GHI NHỚ", "BẢN THỎA THUẬN", "GIẤY ỦY QUYỀN", "GIẤY MỜI", "GIẤY GIỚI THIỆU",
             "GIẤY NGHỈ PHÉP", "PHIẾU GỬI", "PHIẾU CHUYỂN", "PHIẾU BÁO", "THƯ CÔNG"]


def _document(kind: str, symbol: str | None, k: int) -> str:
    number = f"{40 + k}/{symbol}-UBND" if symbol else f"{40 + k}/UBND-VP"
    return ("ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "TỈNH KHÁNH HÒA          Độc lập - Tự do - Hạnh phúc\n"
            f"Số: {number}          Khánh Hòa, ngày {k + 1:02d} tháng 3 năm 2026\n\n"
            f"{kind}\nVề công tác phòng, chống thiên tai năm 2026\n\n"
            "Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị thực hiện./.\n\n"
            "Nơi nhận:          KT. CHỦ TỊCH\n- Các sở, ngành;          PHÓ CHỦ TỊCH\n- Lưu: VT, KT.          Trần Hòa Nam\n")


def test_one_table_holds_every_decree_30_type() -> None:
    assert set(DECREE_30) <= set(TYPES)
    assert letterhead.type_symbols()["PHƯƠNG ÁN"] == "PA" and letterhead.type_symbols()["DỰ ÁN"] == "DA"
    assert "CÔNG VĂN" not in letterhead.type_symbols()  # a letter's number has no type part


def test_every_type_end_to_end(tmp_path: Path) -> None:
    """A document of each type through the real pipeline: its type, number and title (the subject) read back from
    Parquet (a type never known before this table, 'PHƯƠNG ÁN', came out null and its subject the motto)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    names = {}
    for k, (kind, symbol) in enumerate(TYPES.items()):
        if kind == "CÔNG VĂN":
            continue  # Decree 30's letter prints no type word: known by its 'V/v' line (tests/test_doctypes.py)
        name = f"t{k:02d}"
        (raw / f"{name}.txt").write_text(_document(kind, symbol, k), encoding="utf-8")
        names[name] = (kind, symbol, k)
    summary = pipeline.run([raw], tmp_path / "out", pipeline.Options(progress=False))
    assert not summary.failed
    docs = {Path(d["file_name"]).stem: d for d in Store(tmp_path / "out").read("documents").to_pylist()}
    for name, (kind, symbol, k) in names.items():
        doc = docs[name]
        assert doc["doc_type"] == kind, name
        # restoration (normalize/, not the header's) reads the symbol 'NP' of a giấy nghỉ phép as 'NĐ'
        if symbol != "NP":
            assert doc["doc_number"] == (f"{40 + k}/{symbol}-UBND" if symbol else f"{40 + k}/UBND-VP"), kind
        assert doc["subject"] == "Về công tác phòng, chống thiên tai năm 2026", kind
        assert doc["issuer"] == "UBND tỉnh Khánh Hòa" and doc["signer"] == "Trần Hòa Nam"


@pytest.mark.parametrize(("line", "want"), [
    ("PHUONG AN", "PHƯƠNG ÁN"),  # every mark lost
    ("PHƯƠNGÁN", "PHƯƠNG ÁN"),  # the space lost
    ("DỤ ÁN", "DỰ ÁN"),  # a mark misread: folds to the same word
    ("THÔNG CÁO", "THÔNG CÁO"),
    ("GIẤY UỶ QUYỀN", "GIẤY ỦY QUYỀN"),  # the old placement of the tone mark
    ("BẢN THOẢ THUẬN", "BẢN THỎA THUẬN"),
    ("PHIÊU CHUYÊN", "PHIẾU CHUYỂN"),
])
def test_type_line_as_ocr_reads_it(line: str, want: str) -> None:
    text = _document(line, None, 1).replace("Số: 41/UBND-VP", "Số: 41/XX-UBND")
    assert extract_header(page_lines([(1, text)]), None)["doc_type"] == want


@pytest.mark.parametrize("line", ["ĐƠN", "HÀ TĨNH", "CÔNG AN", "THANH TRA TỈNH", "QUYẾT ĐỊNH:", "BAN THƯỜNG VỤ"])
def test_other_short_capital_lines_are_no_type(line: str) -> None:
    assert not letterhead.type_line_re().match(fold(line))


@pytest.mark.parametrize(("head", "issuer", "parent"), [
    # the body's name ends in its level word: the place's name is added once
    ("ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\nTHANH TRA TỈNH", "Thanh tra tỉnh Cà Mau", "Ủy ban nhân dân tỉnh Cà Mau"),
    # OCR left a stop after it
    ("ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\nTHANH TRA TỈNH.", "Thanh tra tỉnh Cà Mau", "Ủy ban nhân dân tỉnh Cà Mau"),
    # 'XÃ HỘI' inside the name is no commune: the name ends in 'THÀNH PHỐ', which takes the city's name
    ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nBAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG\nCÔNG TRÌNH VĂN HÓA - XÃ HỘI THÀNH PHỐ",
     "Ban Quản lý dự án đầu tư xây dựng công trình văn hóa - xã hội thành phố Hà Nội",
     "Ủy ban nhân dân thành phố Hà Nội"),
    ("SỞ Y TẾ\nTỈNH THANH HÓA\nBỆNH VIỆN ĐA KHOA TỈNH", "Bệnh viện Đa khoa tỉnh Thanh Hóa", "Sở Y tế tỉnh Thanh Hóa"),
])
def test_issuer_ending_in_its_place_or_level_word(head: str, issuer: str, parent: str) -> None:
    text = f"{head}\nSố: 38/PA-TTr\n\nCà Mau, ngày 16 tháng 3 năm 2026\n\nPHƯƠNG ÁN\nTiếp công dân năm 2026\n"
    meta = extract_header(page_lines([(1, text)]), None)
    assert (meta["issuer"], meta["issuer_parent"]) == (issuer, parent)
    assert meta["doc_type"] == "PHƯƠNG ÁN" and meta["subject"] == "Tiếp công dân năm 2026"


def test_joint_issuer_ending_in_its_level_word_takes_the_place_once() -> None:
    """Two bodies sharing the place line below them (a joint plan): one whose name ends in the level word ('THANH TRA
    TỈNH') takes the place's name, not the whole place again ('Thanh tra tỉnh tỉnh Cà Mau')."""
    text = ("THANH TRA TỈNH\nSỞ NỘI VỤ\nTỈNH CÀ MAU\nSố: 12/KHLT-TTr-SNV\n\nCà Mau, ngày 16 tháng 3 năm 2026\n\n"
            "KẾ HOẠCH\nKiểm tra công vụ năm 2026\n")
    meta = extract_header(page_lines([(1, text)]), None)
    assert meta["issuer"] == "Thanh tra tỉnh Cà Mau; Sở Nội vụ tỉnh Cà Mau"


def test_filing_code_that_reads_as_a_mark_before_the_signer() -> None:
    """OCR runs the signer's name onto the filing line ('- Lưu: VT, KT. Trần Hòa Nam'): 'KT' there is a filing code
    (Phòng Kinh tế) ending the list, not the mark 'KT.' of a block (which a title in capitals follows)."""
    text = ("ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA\nSố: 27/2026/QĐ-UBND\n\nKhánh Hòa, ngày 10 tháng 4 năm 2026\n\n"
            "QUYẾT ĐỊNH\nBan hành Quy chế phối hợp\n\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế.\n\n"
            "Nơi nhận: TM. ỦY BAN NHÂN DÂN\n- Như Điều 3; KT. CHỦ TỊCH\n- Bộ Công Thương: PHÓ CHỦ TỊCH\n- Sở Tư pháp;\n"
            "- Lưu: VT, KT. Trần Hòa Nam\n")
    meta = extract_header(page_lines([(1, text)]), None)
    assert meta["signer"] == "Trần Hòa Nam"
    assert meta["signer_authority"] == "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH" and meta["signer_title"] == "PHÓ CHỦ TỊCH"
    assert meta["distribution"] == ["Như Điều 3", "Bộ Công Thương", "Sở Tư pháp", "Lưu: VT, KT"]


def test_quan_ly_misread_by_ocr_is_no_district() -> None:
    """'BAN QUẢN LÝ' with its mark misread ('QUẦN', one mark from 'QUẬN') opens no place: the name goes on, and the
    parent's place completes it (it had become 'Ban quận Lý Dự Án …' with the place dropped)."""
    text = ("UBND THÀNH PHỐ CẦN THƠ\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n"
            "BAN QUẦN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG Độc lập - Tự do - Hạnh phúc\n"
            "CÔNG TRÌNH DÂN DỤNG VÀ CÔNG NGHIỆP Cần Thơ, ngày 17 tháng 3 năm 2026\nSố: 77/KH-BQLDA\n\n"
            "KẾ HOẠCH\nThực hiện giải ngân vốn đầu tư công năm 2026\n")
    meta = extract_header(page_lines([(1, text)]), None)
    assert fold(meta["issuer"]) == fold("Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp "
                                        "thành phố Cần Thơ")
    assert meta["issuer_parent"] == "Ủy ban nhân dân thành phố Cần Thơ"
