"""Issuers the agency registry lacks (public-service units, a Ban quản lý, a Chi cục, a hospital, a state-owned
company) and signature blocks whose title runs over two lines, read by extract.letterhead / extract.header."""

from __future__ import annotations

import pytest

from extract.header import extract_header
from extract.letterhead import signature, two_line_issuer
from extract.structure import Line

GAP = "          "  # the development texts' gutter between the two header columns


def _lines(text: str) -> list[Line]:
    return [Line(i, 1, t) for i, t in enumerate(text.split("\n"))]


@pytest.mark.parametrize(("left", "issuer", "parent"), [
    # 'QUẢN' folds to 'quan' like the level word 'QUẬN': it was read as a district ('Ban quận Lý Các Khu …')
    (["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI", "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP", "VÀ CHẾ XUẤT HÀ NỘI"],
     "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội", "Ủy ban nhân dân thành phố Hà Nội"),
    (["SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "TỈNH ĐẮK LẮK", "CHI CỤC KIỂM LÂM"],
     "Chi cục Kiểm lâm tỉnh Đắk Lắk", "Sở Nông nghiệp và Môi trường tỉnh Đắk Lắk"),
    # the body's name ends with its level word: the parent's place name completes it, not a second 'tỉnh'
    (["SỞ Y TẾ TỈNH LAI CHÂU", "BỆNH VIỆN ĐA KHOA TỈNH"], "Bệnh viện Đa khoa tỉnh Lai Châu", "Sở Y tế tỉnh Lai Châu"),
    # a company is a body of its own under its parent, its legal form in small letters, 'TNHH' as printed
    (["UBND TỈNH ĐỒNG NAI", "CÔNG TY TNHH MỘT THÀNH VIÊN", "XỔ SỐ KIẾN THIẾT ĐỒNG NAI"],
     "Công ty TNHH một thành viên Xổ số kiến thiết Đồng Nai", "Ủy ban nhân dân tỉnh Đồng Nai"),
    (["UBND THÀNH PHỐ CẦN THƠ", "BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG", "CÔNG TRÌNH DÂN DỤNG VÀ CÔNG NGHIỆP"],
     "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp thành phố Cần Thơ",
     "Ủy ban nhân dân thành phố Cần Thơ"),
    # a body the registry knows keeps the registry's spelling; a district is still a district
    (["UBND THÀNH PHỐ ĐÀ NẴNG", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"], "Sở Giáo dục và Đào tạo thành phố Đà Nẵng",
     "Ủy ban nhân dân thành phố Đà Nẵng"),
    (["UBND QUẬN BA ĐÌNH", "VĂN PHÒNG"], "Văn phòng Ủy ban nhân dân quận Ba Đình", "Ủy ban nhân dân quận Ba Đình"),
])
def test_issuer_of_a_body_the_registry_lacks_keeps_its_words(left: list[str], issuer: str, parent: str) -> None:
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    head = [f"{a}{GAP}{right[k]}" if k < len(right) else a for k, a in enumerate(left)]
    text = "\n".join([*head, f"Số: 12/KH-BQL{GAP}Hà Nội, ngày 12 tháng 3 năm 2026", "", "KẾ HOẠCH", "Cải cách hành chính"])
    got = two_line_issuer(_lines(text))
    assert got is not None
    assert (got["issuer"], got["issuer_parent"]) == (issuer, parent)


@pytest.mark.parametrize(("block", "authority", "title", "signer"), [
    # a title printed over two lines under its mark is one title
    (["TL. GIÁM ĐỐC", "TRƯỞNG PHÒNG", "KẾ HOẠCH TỔNG HỢP", "", "Lò Văn Thưởng"], "TL. GIÁM ĐỐC",
     "TRƯỞNG PHÒNG KẾ HOẠCH TỔNG HỢP", "Lò Văn Thưởng"),
    (["TL. GIÁM ĐỐC", "TRƯỞNG PHÒNG", "TỔ CHỨC - HÀNH CHÍNH", "Giàng Thị Mai"], "TL. GIÁM ĐỐC",
     "TRƯỞNG PHÒNG TỔ CHỨC - HÀNH CHÍNH", "Giàng Thị Mai"),
    # two lines that each open with a title stay the last one ('KT. GIÁM ĐỐC' / 'PHÓ GIÁM ĐỐC')
    (["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trương Công Minh"], "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trương Công Minh"),
])
def test_signing_title_over_two_lines(block: list[str], authority: str, title: str, signer: str) -> None:
    lines = _lines("\n".join(["Nơi nhận:", "- Như trên;", "- Lưu: VT, TCHC.", "", *block]))
    got = signature(lines, len(lines))
    assert (got["signer_authority"], got["signer_title"], got["signer"]) == (authority, title, signer)


@pytest.mark.parametrize(("mark", "title"), [("KT. CHI CỤC TRƯỞNG", "PHÓ CHI CỤC TRƯỞNG"),
                                             ("KT. TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC")])
def test_one_signature_block_beside_the_list_is_not_two(mark: str, title: str) -> None:
    """'KT. CHI CỤC TRƯỞNG' was cut into two side-by-side blocks 'KT. CHI' | 'CỤC TRƯỞNG' (a joint document's), the
    signer lost; a cut never falls inside a title that reads on over it."""
    text = "\n".join([
        "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TỈNH ĐẮK LẮK          Độc lập - Tự do - Hạnh phúc", "CHI CỤC KIỂM LÂM",
        "Số: 318/CCKL-QLBV          Đắk Lắk, ngày 21 tháng 4 năm 2026", "V/v tăng cường phòng cháy rừng", "",
        "Kính gửi: Các Hạt Kiểm lâm trực thuộc.", "", "Đề nghị các đơn vị thực hiện./.", "",
        f"Nơi nhận:          {mark}", f"- Như trên;          {title}", "- Lưu: VT, QLBV.          Y Điêng Niê"])
    meta = extract_header(_lines(text), None)
    assert (meta["signer_authority"], meta["signer_title"], meta["signer"]) == (mark, title, "Y Điêng Niê")
    assert meta["issuer"] == "Chi cục Kiểm lâm tỉnh Đắk Lắk"


def test_second_title_line_beside_a_list_item_goes_to_the_signature() -> None:
    """OCR reads the block beside the 'Nơi nhận' list line by line: the title's second line ('KẾ HOẠCH TỔNG HỢP') came
    on an item's line ('- Ban Giám đốc; KẾ HOẠCH TỔNG HỢP'), kept in the item and lost from the title. A body's name in
    capitals after an item ('SỞ TÀI CHÍNH') stays an item."""
    text = "\n".join([
        "SỞ Y TẾ TỈNH LAI CHÂU", "BỆNH VIỆN ĐA KHOA TỈNH", "Số: 205/BC-BVĐK", "Lai Châu, ngày 15 tháng 6 năm 2026", "",
        "BÁO CÁO", "Kết quả ứng dụng công nghệ thông tin", "", "I. KẾT QUẢ", "Bệnh viện đã triển khai bệnh án điện tử.", "",
        "Nơi nhận: TL. GIÁM ĐỐC", "- Sở Y tế (để b/c); TRƯỞNG PHÒNG", "- Ban Giám đốc; KẾ HOẠCH TỔNG HỢP",
        "- Các khoa, phòng; SỞ TÀI CHÍNH", "- Lưu: VT, KHTH.", "", "Lò Văn Thưởng"])
    meta = extract_header(_lines(text), 8)
    assert meta["distribution"] == ["Sở Y tế (để b/c)", "Ban Giám đốc", "Các khoa, phòng", "SỞ TÀI CHÍNH", "Lưu: VT, KHTH"]
    assert (meta["signer_authority"], meta["signer_title"], meta["signer"]) == (
        "TL. GIÁM ĐỐC", "TRƯỞNG PHÒNG KẾ HOẠCH TỔNG HỢP", "Lò Văn Thưởng")
    assert meta["issuer"] == "Bệnh viện Đa khoa tỉnh Lai Châu"


@pytest.mark.parametrize(("body", "head", "place"), [
    ("UBND THÀNH PHÔ HUÊ", "UBND", "thành phố Huế"),  # OCR lost one mark of 'PHỐ': still the level word
    ("ỦY BAN NHÂN DÂN XÂ HÒA VANG", "ỦY BAN NHÂN DÂN", "xã Hòa Vang"),  # 'Ã' misread 'Â'
    ("UBND QUAN BA DINH", "UBND", "quận Ba Dinh"),  # every mark lost
    ("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP", "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP", None),  # 'QUẢN' is no 'QUẬN'
])
def test_level_word_as_ocr_slips_on_it_but_not_another_word(body: str, head: str, place: str | None) -> None:
    from extract.letterhead import _split_place

    assert _split_place(body) == (head, place)
