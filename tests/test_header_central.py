"""Header parts still missed after round 9 (issue 11, batch 29): a công điện's addressees, central bodies alone on
the left of the header, and the filing line's codes on a scan (the ``vie`` model garbles runs of Latin capitals;
ingest/recheck.py reads them again with ``eng``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import ImageDraw

from devkit import doctype_gold, synth
from extract.header import extract_header
from extract.structure import page_lines
from ingest import recheck
from ingest.ocr import read_page
from ingest.records import Word
from vnplan import pipeline
from vnplan.store import Store

DOCS = Path(__file__).resolve().parent / "data" / "doctypes"
GOLD = doctype_gold.load()
RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


def _head(left: list[str]) -> str:
    rows = [f"{left[k]}          {RIGHT[k]}" if k < len(left) else RIGHT[k] for k in range(2)]
    rows += [f"{x}" for x in left[2:]]
    return ("\n".join(rows) + "\nSố: 12/TH-VP          Hà Nội, ngày 02 tháng 3 năm 2026\n"
            "V/v triển khai nhiệm vụ năm 2026\n\nKính gửi: Sở Tài chính tỉnh Phú Thọ.\n\n"
            "Đề nghị Sở Tài chính báo cáo kết quả trước ngày 30/3/2026.\n")


@pytest.mark.parametrize(("left", "issuer", "parent"), [
    (["KIỂM TOÁN NHÀ NƯỚC"], "Kiểm toán nhà nước", None),  # was null: 'KIỂM TOÁN' opened no body
    (["BẢO HIỂM XÃ HỘI VIỆT NAM"], "Bảo hiểm xã hội Việt Nam", None),  # was 'Bảo Hiểm xã hội việt nam'
    (["BẢO HIỂM XÃ HỘI", "VIỆT NAM"], "Bảo hiểm xã hội Việt Nam", None),
    (["BẢO HIỂM XÃ HỘI VIỆT NAM", "BẢO HIỂM XÃ HỘI TỈNH PHÚ THỌ"], "Bảo hiểm xã hội tỉnh Phú Thọ",
     "Bảo hiểm xã hội Việt Nam"),
    (["THANH TRA CHÍNH PHỦ"], "Thanh tra Chính phủ", None),
    (["VĂN PHÒNG CHÍNH PHỦ"], "Văn phòng Chính phủ", None),
    (["NGÂN HÀNG NHÀ NƯỚC", "VIỆT NAM"], "Ngân hàng Nhà nước Việt Nam", None),
    (["NGÂN HÀNG NHÀ NƯỚC VIỆT NAM"], "Ngân hàng Nhà nước Việt Nam", None),
    (["BỘ DÂN TỘC VÀ TÔN GIÁO"], "Bộ Dân tộc và Tôn giáo", None),
    (["BỘ TÀI CHÍNH", "CỤC THỐNG KÊ"], "Cục Thống kê", "Bộ Tài chính"),
    (["KIỂM TOÁN NHÀ NƯỚC", "VỤ TỔNG HỢP"], "Vụ Tổng hợp", "Kiểm toán nhà nước"),
    (["BỘ NỘI VỤ", "TỔNG CỤC THANH NIÊN"], "Tổng cục Thanh niên", "Bộ Nội vụ"),
])
def test_central_body_issuer_in_a_one_or_two_line_header(left: list[str], issuer: str, parent: str | None) -> None:
    meta = extract_header(page_lines([(1, _head(left))]), None)
    assert (meta["issuer"], meta["issuer_parent"]) == (issuer, parent)


def test_cable_addressees_are_recipients_and_a_sentence_ending_in_dien_is_no_label() -> None:
    text = (DOCS / "dz260_dienbien_congdien_lu.txt").read_text(encoding="utf-8")
    assert extract_header(page_lines([(1, text)]), None)["recipients"] == GOLD["dz260_dienbien_congdien_lu"]["header"][
        "recipients"]
    # the label is the sender's title in capitals; a body sentence ending in 'điện:' names no addressees
    body = text.replace("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:", "Các đơn vị cung cấp điện:")
    assert extract_header(page_lines([(1, body)]), None)["recipients"] is None


def test_cong_dien_end_to_end(tmp_path: Path) -> None:
    """A công điện file in, its documents row and header_fields rows read back from Parquet."""
    name = "dz261_bo_nnmt_congdien_ret"
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(DOCS / f"{name}.txt", raw / f"{name}.txt")
    summary = pipeline.run([raw], tmp_path / "out", pipeline.Options(progress=False))
    assert not summary.failed
    store = Store(tmp_path / "out")
    doc = store.read("documents").to_pylist()[0]
    want = GOLD[name]["header"]
    assert doc["doc_type"] == "CÔNG ĐIỆN" and doc["issuer"] == want["issuer"]
    assert doc["recipients"] == want["recipients"]
    assert doc["distribution"] == want["distribution"]
    fields = {f["field"]: f for f in store.read("header_fields").to_pylist()}
    assert fields["recipients"]["line_start"] is not None  # placed on the page, where the '… điện:' list is


def _letter(code: str) -> str:
    return ("UBND TỈNH ĐIỆN BIÊN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "SỞ CÔNG THƯƠNG          Độc lập - Tự do - Hạnh phúc\n"
            "Số: 512/SCT-VP          Điện Biên, ngày 14 tháng 7 năm 2026\n"
            "V/v kiểm tra thị trường dịp cuối năm\n\nKính gửi: Ủy ban nhân dân các xã, phường.\n\n"
            "Sở Công Thương đề nghị Ủy ban nhân dân các xã, phường phối hợp kiểm tra thị trường trước ngày "
            "30/12/2026.\n\nNơi nhận:          KT. GIÁM ĐỐC\n- Như trên;          PHÓ GIÁM ĐỐC\n"
            f"- UBND tỉnh (để b/c);\n- Lưu: VT, {code}.          Lò Văn Phương\n")


# a seed under which vie reads the code garbled on the rendered page ('QLUTM', confidence 38)
_SEED = 302


def test_filing_code_of_a_rendered_scan_through_the_pipeline(tmp_path: Path) -> None:
    pdf = synth.save_pdf(synth.render_pages(_letter("QLTM"), degrade="light", seed=_SEED), tmp_path / "cv.pdf")
    pipeline.run([pdf], tmp_path / "out", pipeline.Options(progress=False, force=True))
    doc = Store(tmp_path / "out").read("documents").to_pylist()[0]
    assert doc["distribution"][-1] == "Lưu: VT, QLTM"


def test_filing_code_vie_garbles_is_read_again_and_a_lost_one_stays_as_read() -> None:
    page = synth.render_pages(_letter("QLTM"), degrade="light", seed=_SEED)[0].convert("L")
    words = read_page(page).words
    vt = next(k for k, w in enumerate(words) if w.text.startswith("VT") and words[k - 1].text.startswith("Lưu"))
    code = words[vt + 1]
    # the code as vie read it on another page of this kind ('QLUTM.', confidence 38): eng reads the crop again
    doubtful = [*words[: vt + 1], Word(code.block, code.par, code.line, code.word, "QLUTM.", code.left, code.top,
                                      code.width, code.height, 38.0), *words[vt + 2 :]]
    assert recheck.filing_codes(page, doubtful, 1.0)[vt + 1].text == "QLTM."
    # the same line with its code erased: eng reads nothing there, so the word vie gave is kept, never invented
    blank = page.copy()
    ImageDraw.Draw(blank).rectangle((code.left - 2, code.top - 2, code.left + code.width + 2,
                                     code.top + code.height + 2), fill=255)
    assert recheck.filing_codes(blank, doubtful, 1.0)[vt + 1].text == "QLUTM."
    # a name beside the line and the words before 'VT' are never re-read
    assert [w.text for w in recheck.filing_codes(page, doubtful, 1.0)][: vt] == [w.text for w in words[:vt]]


def test_list_items_as_ocr_sets_them() -> None:
    """A first item whose dash OCR lost, an item wrapped after its ',' onto a capitalised line, a filing line after
    two specks: all items; the signature block beside a filing line ending in ',' is not joined to it."""
    text = _letter("KT").replace("Kính gửi: Ủy ban nhân dân các xã, phường.",
                                 "Kính gửi:\nỦy ban nhân dân tỉnh Phú Thọ;\n- Sở Tài chính tỉnh Phú Thọ.")
    text = text.replace("- UBND tỉnh (để b/c);", "- UBND các tỉnh: Điện Biên, Cao Bằng,\nLạng Sơn, Sơn La;")
    text = text.replace("- Lưu: VT, KT.          Lò Văn Phương", "_~ Lưu: VT, KT.          Lò Văn Phương")
    meta = extract_header(page_lines([(1, text)]), None)
    assert meta["recipients"] == ["Ủy ban nhân dân tỉnh Phú Thọ", "Sở Tài chính tỉnh Phú Thọ"]
    assert meta["distribution"] == ["Như trên", "UBND các tỉnh: Điện Biên, Cao Bằng, Lạng Sơn, Sơn La", "Lưu: VT, KT"]
    closing = ("Nơi nhận:          TL. CHỦ TỊCH\n- Các sở;          CHÁNH VĂN PHÒNG\n- Lưu: VT, KT,\n\n"
               "          Huỳnh Thanh Phong\n")
    meta = extract_header(page_lines([(1, text.split("Nơi nhận:")[0] + closing)]), None)
    assert meta["distribution"] == ["Các sở", "Lưu: VT, KT"]
