"""The header's lists as OCR reads them ('Kính gửi:' and 'Nơi nhận:': items wrapped over two lines, run on over
several lines, two items on one line, the first item beside the label) and JOINT documents (liên tịch, liên sở):
two issuers in the header and two signature blocks side by side, read column by column. Lists and joint fields
are read with the general rules of extract/letterhead.py; a part OCR lost stays empty, never guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.header import extract_header
from extract.letterhead import two_names
from extract.structure import page_lines
from tests.conftest import scanned_document_row

HEAD = ("UBND TỈNH KHÁNH HÒA\nSỞ NỘI VỤ\nSố: 902/SNV-CCHC\nV/v khảo sát mức độ hài lòng\n"
        "Khánh Hòa, ngày 16 tháng 3 năm 2026\n\n")
BODY = "\nThực hiện Kế hoạch cải cách hành chính năm 2026, Sở Nội vụ đề nghị các cơ quan thực hiện./.\n\n"
CLOSING = "Nơi nhận:\n- Như trên;\n- Lưu: VT, CCHC.\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nNguyễn Thị Minh Hạnh\n"


def _meta(text: str) -> dict:
    return extract_header(page_lines([(1, text)]), None)


@pytest.mark.parametrize(("listing", "want"), [
    # an item wrapped onto a second line that opens with a small letter is one item
    ("Kính gửi:\n- Các sở, ban, ngành tỉnh;\n- Ủy ban nhân dân các xã, phường, đặc khu trên địa bàn\ntỉnh Khánh Hòa;\n"
     "- Bưu điện tỉnh Khánh Hòa.\n",
     ["Các sở, ban, ngành tỉnh", "Ủy ban nhân dân các xã, phường, đặc khu trên địa bàn tỉnh Khánh Hòa",
      "Bưu điện tỉnh Khánh Hòa"]),
    # addressees run on after the label, over two lines (the render wrapped the line)
    ("Kính gửi: Phòng Kinh tế; Phòng Văn hóa - Xã hội; Trung tâm Phục vụ hành chính công\nxã; Công an xã.\n",
     ["Phòng Kinh tế", "Phòng Văn hóa - Xã hội", "Trung tâm Phục vụ hành chính công xã", "Công an xã"]),
    ("Kính gửi: Sở Tài chính; Sở Nội vụ;\nỦy ban nhân dân các xã, phường.\n",
     ["Sở Tài chính", "Sở Nội vụ", "Ủy ban nhân dân các xã, phường"]),
    # the first dashed item on the label's line (OCR read the label beside the list)
    ("Kính gửi: - Các bộ, cơ quan ngang bộ;\n- Ủy ban nhân dân các tỉnh, thành phố.\n",
     ["Các bộ, cơ quan ngang bộ", "Ủy ban nhân dân các tỉnh, thành phố"]),
    # two items OCR set on one line: a capital or a dash after the ';' opens the next
    ("Kính gửi:\n- Sở Tài chính; - Sở Nội vụ;\n- Công an tỉnh; Bảo hiểm xã hội tỉnh.\n",
     ["Sở Tài chính", "Sở Nội vụ", "Công an tỉnh", "Bảo hiểm xã hội tỉnh"]),
    # one addressee
    ("Kính gửi: Ủy ban nhân dân tỉnh Hà Tĩnh.\n", ["Ủy ban nhân dân tỉnh Hà Tĩnh"]),
    # a speck OCR read after the label ('Kính gửi: :') is no addressee
    ("Kính gửi: :\n- Sở Tài chính;\n- Sở Nội vụ.\n", ["Sở Tài chính", "Sở Nội vụ"]),
])
def test_recipients_as_ocr_reads_them(listing: str, want: list[str]) -> None:
    assert _meta(HEAD + listing + BODY + CLOSING)["recipients"] == want


def test_the_list_ends_at_the_body_and_its_last_item() -> None:
    """A line that starts with a capital and no dash is the body, not an item; a small-letter line after the list's
    closing '.' is no continuation either."""
    meta = _meta(HEAD + "Kính gửi:\n- Sở Tài chính;\n- Sở Nội vụ.\nđề nghị các cơ quan thực hiện.\n" + BODY + CLOSING)
    assert meta["recipients"] == ["Sở Tài chính", "Sở Nội vụ"]
    meta = _meta(HEAD + "Kính gửi: Sở Tài chính; Sở Nội vụ.\nThực hiện Kế hoạch số 12/KH-UBND;\n" + BODY + CLOSING)
    assert meta["recipients"] == ["Sở Tài chính", "Sở Nội vụ"]


def test_the_body_after_the_list_is_no_item_whose_dash_was_lost() -> None:
    """A letter whose body opens with one paragraph and then its own dashed requests: the paragraph sits between the
    list and dashed lines, as an item whose dash OCR lost does, but the list's last item closed it with '.', and a
    sentence is no addressee either."""
    intro = ("Để triển khai kịp thời các nhiệm vụ chuyển đổi số trong quý II năm 2026, Sở Nội vụ đề nghị các cơ quan, "
             "đơn vị thực hiện các nội dung sau:\n")
    tasks = "- Sở Tài chính: bố trí kinh phí trước ngày 30/4/2026;\n- Công an tỉnh: cập nhật dữ liệu dân cư.\n"
    listing = "Kính gửi:\n- Sở Tài chính;\n- Công an tỉnh.\n"
    assert _meta(HEAD + listing + intro + tasks + BODY + CLOSING)["recipients"] == ["Sở Tài chính", "Công an tỉnh"]
    # the last item's '.' lost: the paragraph is still a sentence, not an addressee
    listing = "Kính gửi:\n- Sở Tài chính;\n- Công an tỉnh\n"
    assert _meta(HEAD + listing + intro + tasks + BODY + CLOSING)["recipients"] == ["Sở Tài chính", "Công an tỉnh"]


def test_distribution_items_wrapped_merged_and_kept() -> None:
    closing = ("Nơi nhận:\n- Như trên;\n- Trung tâm Phục vụ hành chính công tỉnh và các\nđiểm tiếp nhận;\n"
               "- Sở Tư pháp; - Sở Tài chính;\n- CT; các PCT UBND tỉnh;\n- Lưu: VT; CCHC.\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\n"
               "Nguyễn Thị Minh Hạnh\n")
    meta = _meta(HEAD + BODY + closing)
    assert meta["distribution"] == ["Như trên", "Trung tâm Phục vụ hành chính công tỉnh và các điểm tiếp nhận",
                                    "Sở Tư pháp", "Sở Tài chính", "CT, các PCT UBND tỉnh", "Lưu: VT, CCHC"]
    assert (meta["signer"], meta["signer_authority"], meta["signer_title"]) == (
        "Nguyễn Thị Minh Hạnh", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


JOINT_PLAN = """ỦY BAN NHÂN DÂN
ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM
TỈNH QUẢNG TRỊ
Số: 15/KHLT-UBND-MTTQ
Quảng Trị, ngày 20 tháng 3 năm 2026

KẾ HOẠCH
Phối hợp tuyên truyền sử dụng dịch vụ công trực tuyến năm 2026

I. MỤC ĐÍCH, YÊU CẦU
Phát huy vai trò của Mặt trận Tổ quốc.

{blocks}

Nơi nhận:
- Thường trực Tỉnh ủy;
- Lưu: VT, VHXH, MTTQ.
"""


@pytest.mark.parametrize("blocks", [
    # a text layer: the gutter between the blocks; the right block's line alone set off by leading spaces
    "TM. BAN THƯỜNG TRỰC          TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH          KT. CHỦ TỊCH\n          PHÓ CHỦ TỊCH\n\n"
    "Hồ Thị Thu Hằng          Hoàng Nam",
    # OCR's line-by-line reading: each row of the two blocks run together, the names too
    "TM. BAN THƯỜNG TRỰC TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nHồ Thị Thu Hằng Hoàng Nam",
])
def test_joint_plan_two_issuers_two_blocks(blocks: str) -> None:
    """Both bodies, each with the place they share; each block its own part, in the issuers' order (the block
    'TM. ỦY BAN NHÂN DÂN' goes with the People's Committee, whatever its column)."""
    meta = _meta(JOINT_PLAN.format(blocks=blocks))
    assert meta["issuer"] == "UBND tỉnh Quảng Trị; Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Trị"
    assert meta["issuer_parent"] is None and meta["issuer_level"] == "tỉnh" and meta["province"] == "Quảng Trị"
    assert meta["signer"] == "Hoàng Nam; Hồ Thị Thu Hằng"
    assert meta["signer_authority"] == "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH; TM. BAN THƯỜNG TRỰC"
    assert meta["signer_title"] == "PHÓ CHỦ TỊCH; CHỦ TỊCH"
    assert meta["distribution"] == ["Thường trực Tỉnh ủy", "Lưu: VT, VHXH, MTTQ"]


def test_joint_letter_of_two_departments_under_their_parent() -> None:
    text = ("UBND TỈNH AN GIANG\nSỞ NỘI VỤ - SỞ TÀI CHÍNH\nSố: 27/LS-SNV-STC\nV/v hướng dẫn lập dự toán\n"
            "An Giang, ngày 11 tháng 5 năm 2026\n\nKính gửi: Các sở, ban, ngành tỉnh.\n" + BODY
            + "GIÁM ĐỐC SỞ TÀI CHÍNH GIÁM ĐỐC SỞ NỘI VỤ\n\nNguyễn Thanh Phong Đoàn Thị Kim Liên\n\n"
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n")
    meta = _meta(text)
    assert meta["issuer"] == "Sở Nội vụ tỉnh An Giang; Sở Tài chính tỉnh An Giang"
    assert meta["issuer_parent"] == "Ủy ban nhân dân tỉnh An Giang"
    # each block names its body: the Sở Nội vụ's block first, as the header names it first
    assert meta["signer"] == "Đoàn Thị Kim Liên; Nguyễn Thanh Phong"
    assert meta["signer_title"] == "GIÁM ĐỐC SỞ NỘI VỤ; GIÁM ĐỐC SỞ TÀI CHÍNH"
    assert meta["signer_authority"] is None


def test_joint_names_never_guessed() -> None:
    """Two names run together are cut only where exactly one cut gives two names, the second opening with a family
    name; a cut two ways ('Nguyễn Văn Hà Lê Thị Mai': 'Hà' is a family name too) or none is no cut, and the block
    whose name is lost keeps an empty part."""
    assert two_names("Hồ Thị Thu Hằng Hoàng Nam") == ("Hồ Thị Thu Hằng", "Hoàng Nam")
    assert two_names("Nguyễn Văn Hà Lê Thị Mai") is None
    assert two_names("Hoàng Nam") is None
    blocks = "TM. BAN THƯỜNG TRỰC TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn Hà Lê Thị Mai"
    meta = _meta(JOINT_PLAN.format(blocks=blocks))
    assert meta["signer"] is None
    assert meta["signer_title"] == "PHÓ CHỦ TỊCH; CHỦ TỊCH"


def test_one_issuer_one_block_unchanged() -> None:
    """A document of one body is no joint document: a dash inside a body's name ('VỤ KẾ HOẠCH - TÀI CHÍNH') or a
    number of two parts changes nothing."""
    text = ("BỘ Y TẾ\nVỤ KẾ HOẠCH - TÀI CHÍNH\nSố: 1530/BYT-KHTC\nV/v báo cáo\nHà Nội, ngày 22 tháng 4 năm 2026\n"
            + BODY + CLOSING)
    meta = _meta(text)
    assert ";" not in meta["issuer"] and meta["signer"] == "Nguyễn Thị Minh Hạnh"


def test_joint_plan_on_a_rendered_scan(tmp_path: Path) -> None:
    """The joint plan dj142 rendered as a light scan and read by real Tesseract: both issuers, and each signature
    block's marks and title in the issuers' order."""
    text = (Path(__file__).parent / "data" / "doctypes" / "dj142_quangtri_kh_lientich.txt").read_text(encoding="utf-8")
    doc = scanned_document_row(text, 7, tmp_path)
    assert doc["issuer"] == "UBND tỉnh Quảng Trị; Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Trị"
    assert doc["signer_authority"] == "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH; TM. BAN THƯỜNG TRỰC"
    assert doc["signer_title"] == "PHÓ CHỦ TỊCH; CHỦ TỊCH"


def test_item_whose_dash_ocr_lost_between_two_items() -> None:
    """A line without a dash between two list lines is an item OCR lost the dash of ('SỞ Y TẾ:' as seed-like scans
    read '- Sở Y tế;'); a signature line there is not (the block beside the list)."""
    closing = ("Nơi nhận:\n- Như Điều 4;\nSỞ Y TẾ:\n- Lưu: VT,\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLò Văn Hùng\n")
    meta = _meta(HEAD + BODY + closing)
    assert meta["distribution"] == ["Như Điều 4", "SỞ Y TẾ", "Lưu: VT"]
    assert (meta["signer"], meta["signer_authority"], meta["signer_title"]) == (
        "Lò Văn Hùng", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    closing = "Nơi nhận:\n- Như trên;\nKT. GIÁM ĐỐC\n- Lưu: VT.\nPHÓ GIÁM ĐỐC\n\nNguyễn Thị Minh Hạnh\n"
    meta = _meta(HEAD + BODY + closing)
    assert "KT. GIÁM ĐỐC" not in meta["distribution"] and meta["signer"] == "Nguyễn Thị Minh Hạnh"
