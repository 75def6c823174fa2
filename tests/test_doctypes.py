"""Documents of every Decree 30/2020/NĐ-CP type, end to end: the .txt development documents in tests/data/doctypes
go through vnplan.pipeline.run (ingest, restoration, extraction, Parquet) and their rows are read back through
Store.read, then compared with the hand-made gold in tests/gold/doctypes*.json."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from devkit import doctype_gold
from extract.agencies import AgencyRegistry
from extract.deadlines import find_deadline, parse_deadline
from extract.header import extract_header
from extract.structure import page_lines
from tests.conftest import extract_text
from vnplan import pipeline
from vnplan.store import Store

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "tests" / "data" / "doctypes"
GOLD = doctype_gold.load()


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """One pipeline run over every development document; rows per file stem, read back from Parquet."""
    raw = tmp_path_factory.mktemp("raw")
    for p in DOCS.glob("*.txt"):
        shutil.copy(p, raw / p.name)
    out = tmp_path_factory.mktemp("out")
    summary = pipeline.run([raw], out, pipeline.Options(progress=False))
    assert not summary.failed
    store = Store(out)
    # each document's own name for an agency: two documents may spell one agency_id otherwise ('Vụ Kế hoạch, Tài
    # chính' of one ministry, 'Vụ Kế hoạch - Tài chính' of another), and the merged registry keeps one spelling
    names = {(a["doc_id"], a["agency_id"]): a["name"] for a in store.read_stored("agencies").to_pylist()}
    links = store.read("task_agencies").to_pylist()
    tasks = store.read("tasks").to_pylist()
    targets = store.read("targets").to_pylist()
    result = {}
    for d in store.read("documents").to_pylist():
        doc_tasks = []
        for t in tasks:
            if t["doc_id"] == d["doc_id"]:
                lead = sorted(names[(d["doc_id"], x["agency_id"])] for x in links
                              if x["task_id"] == t["task_id"] and x["role"] == "lead")
                doc_tasks.append(dict(t, lead=lead))
        result[Path(d["file_name"]).stem] = {"doc": d, "tasks": doc_tasks,
                                             "targets": [t for t in targets if t["doc_id"] == d["doc_id"]]}
    return result


def _check(rows: dict[str, dict[str, Any]], name: str) -> None:
    got, gold = rows[name], GOLD[name]
    assert got["doc"]["status"] == "ok", got["doc"]["error"]
    for key, want in gold["header"].items():
        if key in gold.get("header_open", {}):
            continue  # a field another stage still misreads, said why in the gold; bench/doctype_eval.py scores it
        value = got["doc"][key]
        if isinstance(value, dt.date):
            value = value.isoformat()
        assert value == want, (name, key)
    # a document whose gold says its tasks are still open is pinned on its header and targets; bench/doctype_eval.py
    # scores its tasks
    tasks = [] if gold.get("tasks_open") else gold["tasks"]
    assert gold.get("tasks_open") or len(got["tasks"]) == len(tasks), [t["text"][:40] for t in got["tasks"]]
    for g in tasks:
        t = next(t for t in got["tasks"] if t["text"].startswith(g["text"]))
        assert t["lead"] == sorted(g["lead"]), (name, g["text"])
        assert t["deadline_text"] == g["deadline"], (name, g["text"])
    # likewise a document whose targets are still open ("targets_open"): bench/doctype_eval.py scores them
    assert gold.get("targets_open") or sorted((t["value"], t["unit"], t["target_year"]) for t in got["targets"]) == sorted(
        (g["value"], g["unit"], g["year"]) for g in gold["targets"])


# one document of each type, end to end
@pytest.mark.parametrize("name", ["cv01_danang_sgddt", "qd04_hue_ubnd", "kh06_nghean_phan", "bc08_hcm_snv",
                                  "tb09_lamdong_vp", "tt10_bacninh_snv", "ct11_dongthap_ubnd", "nq12_hdnd_dongnai",
                                  "kh14_daklak_abc", "kh15_phutho_muc_bang", "qd16_tayninh_phuluc",
                                  "bc17_vinhlong_nhiemvu", "ct18_laocai_chu"])
def test_document_type_end_to_end(rows: dict[str, dict[str, Any]], name: str) -> None:
    _check(rows, name)


def test_every_development_document(rows: dict[str, dict[str, Any]]) -> None:
    # the held-out documents are measured by bench/doctype_eval.py, never fitted by a test; so are the development
    # documents a round kept aside as its own check (written before its code, never tuned on: "own_heldout")
    dev = [name for name, g in GOLD.items() if not g.get("heldout") and not g.get("own_heldout")]
    assert len(dev) >= 12 and len({GOLD[name]["header"]["doc_type"] for name in dev}) >= 6
    for name in dev:
        _check(rows, name)


def test_heldout_documents_are_marked_and_read() -> None:
    """At least four held-out documents of four types, each with its text and gold."""
    held = {name: g for name, g in GOLD.items() if g.get("heldout")}
    assert len(held) >= 4 and len({g["header"]["doc_type"] for g in held.values()}) >= 4
    assert all((DOCS / f"{name}.txt").is_file() for name in held)


def test_lost_parts_are_null_never_guessed(rows: dict[str, dict[str, Any]]) -> None:
    """A handwritten number ('Số:      /UBND-VP') and day ('ngày      tháng 8 năm 2025') a scan lost stay null;
    the parts printed around them are still read."""
    doc = rows["cv03_lost_number"]["doc"]
    assert doc["doc_number"] is None and doc["issue_date"] is None
    assert doc["issue_place"] == "Hòa Vang" and doc["doc_type"] == "CÔNG VĂN"
    text = "ỦY BAN NHÂN DÂN\nXÃ TÂN AN\nSố: /UBND\nV/v việc\nTân An, ngày 12 tháng   năm 2025\nKính gửi: Phòng Kinh tế.\n"
    meta = extract_header(page_lines([(1, text)]), None)
    assert meta["doc_number"] is None and meta["issue_date"] is None and meta["issue_place"] == "Tân An"


def test_two_column_header_interleaved_or_in_blocks() -> None:
    """OCR reads a two-column header line by line ('UBND TỈNH QUẢNG NAM CỘNG HÒA …', spaces collapsed) or column by
    column (left first): the header is the same."""
    interleaved = (DOCS / "cv02_quangnam_snv.txt").read_text(encoding="utf-8")
    head, body = interleaved.split("\n\n", 1)
    left = [ln.split("          ")[0] for ln in head.splitlines()]
    right = [ln.split("          ")[1] for ln in head.splitlines() if "          " in ln]
    blocks = "\n".join(left[:2] + [left[2], ""] + right + ["", left[3]]) + "\n\n" + body
    collapsed = "\n".join(" ".join(ln.split()) for ln in interleaved.splitlines())
    want = GOLD["cv02_quangnam_snv"]["header"]
    for text in (interleaved, blocks, collapsed):
        meta = extract_header(page_lines([(1, text)]), None)
        for key in ("doc_type", "doc_number", "issuer", "issuer_parent", "issue_place", "subject", "recipients",
                    "signer", "signer_authority", "signer_title"):
            assert meta[key] == want[key], (key, text[:200])


@pytest.mark.parametrize(("sentence", "phrase", "date", "recurrence"), [
    ("Gửi về Sở trước 14 giờ 00 ngày 10/3/2025.", "trước 14 giờ 00 ngày 10/3/2025", dt.date(2025, 3, 10), "once"),
    ("hoàn thành trước ngày 29/7/2020", "trước ngày 29/7/2020", dt.date(2020, 7, 29), "once"),
    ("báo cáo trong Quý IV/2025", "trong Quý IV/2025", dt.date(2025, 12, 31), "once"),
    ("Nâng cấp hệ thống, Quý II/2026", "Quý II/2026", dt.date(2026, 6, 30), "once"),
    ("bố trí kinh phí trong tháng 9/2025", "trong tháng 9/2025", dt.date(2025, 9, 30), "once"),
    ("bố trí kinh phí thực hiện hằng năm", "hằng năm", None, "annual"),
    ("giám sát thường xuyên", "thường xuyên", None, "ongoing"),
    ("số hóa 100% hồ sơ từ năm 2026", None, None, None),
    # OCR split the month's two digits
    ("báo cáo trước ngày 30/1 1/2026.", "trước ngày 30/1 1/2026", dt.date(2026, 11, 30), "once"),
    # dates in words; OCR's '§' for a blurred 8
    ("hoàn thành chậm nhất ngày 31 tháng 8 năm 2026.", "chậm nhất ngày 31 tháng 8 năm 2026", dt.date(2026, 8, 31),
     "once"),
    ("hoàn thành chậm nhất ngày 31 tháng § năm 2026.", "chậm nhất ngày 31 tháng § năm 2026", dt.date(2026, 8, 31),
     "once"),
    ("bố trí công chức trong tháng 4 năm 2026.", "trong tháng 4 năm 2026", dt.date(2026, 4, 30), "once"),
])
def test_deadlines_in_sentences(sentence: str, phrase: str | None, date: dt.date | None, recurrence: str | None) -> None:
    assert find_deadline(sentence) == phrase
    dl = parse_deadline(phrase)
    assert (dl.date, dl.recurrence) == (date, recurrence)


def test_national_registry_abbreviations_and_unknown_agencies() -> None:
    reg = AgencyRegistry("thành phố Đà Nẵng", "Đà Nẵng", "thành phố")
    assert reg.resolve("SGDĐT").name == "Sở Giáo dục và Đào tạo"
    assert reg.resolve("SNV").name == "Sở Nội vụ"
    assert reg.resolve("CA tỉnh").name == "Công an tỉnh"
    assert reg.resolve("HĐND").name == "Hội đồng nhân dân"
    assert reg.resolve("UBND các xã, phường").name == "Ủy ban nhân dân các xã, phường"
    assert reg.resolve("Bộ GD&ĐT").name == "Bộ Giáo dục và Đào tạo"
    assert reg.resolve("Bộ Khoa học và Công nghệ").jurisdiction == "Việt Nam"
    assert reg.resolve("Sở Khoa học và Công nghệ").jurisdiction == "thành phố Đà Nẵng"
    # unknown agencies stay themselves: no rapidfuzz match forced onto a registry name that merely looks alike
    for name in ("Vụ Kế hoạch - Tài chính", "Ban Quản lý các khu công nghiệp", "Sở Giao thông công chính",
                 "Phòng Quản lý đầu tư"):  # once taken for 'Phòng Quản lý đô thị'
        ag = reg.resolve(name)
        assert ag.name == name, (name, ag.name)
    assert reg.resolve("Văn phòng Sở").name == "Văn phòng Sở"  # a department's office, once 'unresolved'
    assert reg.resolve("Phòng Quản lý đô thi").name == "Phòng Quản lý đô thị"  # OCR noise still matches


def test_lost_number_on_a_rendered_scan(tmp_path: Path) -> None:
    """The one OCR'd test here: the công văn with a handwritten number and day, rendered as a light-degradation
    scan (real Tesseract), keeps them null and still reads what is printed around them."""
    from devkit import synth

    text = (DOCS / "cv03_lost_number.txt").read_text(encoding="utf-8")
    head = text.split("Căn cứ", 1)[0]  # the header and addressees: one small page
    pdf = synth.save_pdf(synth.render_pages(head, degrade="light", seed=3), tmp_path / "cv03.pdf")
    summary = pipeline.run([pdf], tmp_path / "out", pipeline.Options(progress=False, workers=1))
    assert not summary.failed
    doc = Store(tmp_path / "out").read("documents").to_pylist()[0]
    assert doc["doc_type"] == "CÔNG VĂN" and doc["issuer"] == "UBND xã Hòa Vang"
    assert doc["doc_number"] is None and doc["issue_date"] is None
    assert doc["issue_place"] == "Hòa Vang"
    assert doc["subject"] == GOLD["cv03_lost_number"]["header"]["subject"]
    assert doc["recipients"] == GOLD["cv03_lost_number"]["header"]["recipients"]


@pytest.mark.parametrize(("block", "authority", "title"), [
    ("Q. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nTrần Văn Bình", "Q. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Văn Bình", "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH",
     "PHÓ CHỦ TỊCH"),
    ("GIÁM ĐỐC\n\nTrần Văn Bình", None, "GIÁM ĐỐC"),
    # OCR ran the title's words together and left specks: the mark's known title is written back
    ("TUQ.BỘTRƯỞNG — -\nCỤC TRƯỞNG\n\nTrần Văn Bình", "TUQ. BỘ TRƯỞNG", "CỤC TRƯỞNG"),
])
def test_signature_authority_marks(block: str, authority: str | None, title: str) -> None:
    text = f"SỞ NỘI VỤ\nSố: 1/SNV\nV/v việc\nHà Nội, ngày 1 tháng 2 năm 2025\n\nNội dung./.\n\nNơi nhận:\n- Lưu: VT.\n\n{block}\n"
    meta = extract_header(page_lines([(1, text)]), None)
    assert (meta["signer_authority"], meta["signer_title"], meta["signer"]) == (authority, title, "Trần Văn Bình")


def test_issuer_of_a_garbled_interleaved_header() -> None:
    """The issue's case: OCR read the header across both columns and garbled the motto; the issuer must not take
    it in ('UBND thành phố Đà Nẵng Công Hcok Xã Hội Chủ Nghĩa Việt Nam' was the old reading)."""
    text = ("UBND THÀNH PHỐ ĐÀ NẴNG CÔNG HCOK XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "SỞ GIÁO DỤC VÀ ĐÀO TẠO Độc lập - Tự do - Hạnh phúc\n"
            "Số: 1906 /SGDĐT-CTrTT Đà Nẵng, ngày 15 tháng 7 năm 2020\n"
            "V/v triển khai công tác tuyển sinh\n\nKính gửi: Các trường trung học phổ thông.\n")
    meta = extract_header(page_lines([(1, text)]), None)
    assert meta["issuer"] == "Sở Giáo dục và Đào tạo thành phố Đà Nẵng"
    assert meta["issuer_parent"] == "Ủy ban nhân dân thành phố Đà Nẵng"
    assert (meta["doc_type"], meta["doc_number"], meta["issue_place"]) == ("CÔNG VĂN", "1906/SGDĐT-CTrTT", "Đà Nẵng")
    assert meta["issue_date"] == dt.date(2020, 7, 15) and meta["subject"] == "triển khai công tác tuyển sinh"


@pytest.mark.parametrize(("read", "want"), [
    ("Lưu: VTý CTrTT", "Lưu: VT, CTrTT"), ("LẠU: VT,CCHC", "Lưu: VT, CCHC"), ("Lưu: VTE", "Lưu: VT"),
    ("Lưu: VT, NV", "Lưu: VT, NV"), ("Lưu: VP", "Lưu: VP"), ("Như trên", "Như trên"),
])
def test_filing_line_as_decree_30_writes_it(read: str, want: str) -> None:
    text = f"SỞ NỘI VỤ\nSố: 1/SNV\nV/v việc\n\nNơi nhận:\n- Như trên;\n- {read}.\n\nGIÁM ĐỐC\n\nTrần Văn Bình\n"
    assert extract_header(page_lines([(1, text)]), None)["distribution"][-1] == want


@pytest.mark.parametrize(("lines", "number", "want"), [
    # OCR lost the small dash of the filing line and garbled it ('Lưu: VT, CCHC' read '1ƯU. VÌ CCHC.')
    (["- Như Điều 4;", "1ƯU. VÌ CCHC."], "5/QĐ-BNV", ["Như Điều 4", "Lưu: VT, CCHC"]),
    (["- UBND tỉnh Đắk Lắk;", "-1.0u: VT"], "27/KH-UBND", ["UBND tỉnh Đắk Lắk", "Lưu: VT"]),
    (["- Như trên;", "I1ƯU VI,CCHC"], "2210/BC-SNV", ["Như trên", "Lưu: VT, CCHC"]),
    (["- UBND các xã, phường;", "LƯU: VỊ."], "12/CT-UBND", ["UBND các xã, phường", "Lưu: VT"]),
    (["- Như trên;", "=LUU: VI,CCHỊC."], "512/SNV-CCHC", ["Như trên", "Lưu: VT, CCHC"]),
    # the number names another unit: the unit is kept as read, not guessed
    (["- Như Điều 4;", "=LUU: VI,CCHỊC."], "875/QĐ-BNV", ["Như Điều 4", "Lưu: VT, CCHỊC"]),
    (["- Giám đốc Sở;", "~LÀIU VI (CHC,"], "512/SNV-CCHC", ["Giám đốc Sở", "Lưu: VT, CCHC"]),
    # the drafting unit one character off the number's own ('(CHC' for CCHC in '512/SNV-CCHC') takes its spelling
    (["- Như trên;", "1U VÌ (CHC."], "512/SNV-CCHC", ["Như trên", "Lưu: VT, CCHC"]),
    # ... a unit further off, or another unit, is kept as read
    (["- Như trên;", "- Lưu: VT, NV."], "1520/QĐ-UBND", ["Như trên", "Lưu: VT, NV"]),
    (["- Như trên;", "1U VÌ (CH."], "512/SNV-CCHC", ["Như trên", "Lưu: VT, (CH"]),
])
def test_distribution_filing_line_as_ocr_reads_it(lines: list[str], number: str, want: list[str]) -> None:
    block = "\n".join(lines)
    text = f"SỞ NỘI VỤ\nSố: {number}\nV/v việc\n\nNội dung./.\n\nNơi nhận:\n{block}\n\nGIÁM ĐỐC\n\nLê Văn Bình\n"
    meta = extract_header(page_lines([(1, text)]), None)
    assert meta["distribution"] == want and meta["signer"] == "Lê Văn Bình"


def test_signer_title_garbled_word_mended_from_the_documents_text() -> None:
    """'CHUYÊỀN' is no syllable; the body prints the office's name ('Cục Chuyển đổi số quốc gia'): written back.
    A garbled word the text never prints is kept as read (no guess)."""
    body = "Báo cáo kết quả về Bộ (qua Cục Chuyển đổi số quốc gia) trước ngày 15/11/2025."
    sign = "TUQ. BỘ TRƯỞNG\nCỤC TRƯỞNG CỤC CHUYÊỀN ĐỔI SỐ QUỐC GIA\n\nLê Quang Huy\n"
    head = "BỘ KHOA HỌC VÀ CÔNG NGHỆ\nSố: 1/BKHCN\nV/v việc\n\n"
    meta = extract_header(page_lines([(1, f"{head}{body}\n\nNơi nhận:\n- Lưu: VT.\n\n{sign}")]), None)
    assert meta["signer_title"] == "CỤC TRƯỞNG CỤC CHUYỂN ĐỔI SỐ QUỐC GIA"
    meta = extract_header(page_lines([(1, f"{head}Nội dung.\n\nNơi nhận:\n- Lưu: VT.\n\n{sign}")]), None)
    assert meta["signer_title"] == "CỤC TRƯỞNG CỤC CHUYÊỀN ĐỔI SỐ QUỐC GIA"


def test_quarter_misread_by_ocr_is_not_guessed() -> None:
    """'Quý I1⁄2026' was 'Quý III/2026' on the page: a quarter whose strokes OCR misread gets no date; the
    fraction slash alone is a slash."""
    dl = parse_deadline("Quý I1⁄2026")
    assert dl.date is None and dl.quarter is None
    assert parse_deadline("Trước ngày 30⁄9/2026").date == dt.date(2026, 9, 30)


def test_subject_line_read_after_the_right_column() -> None:
    """A two-column header OCR'd column block by column block, the left column longer: the 'V/v' subject's
    last line comes after the motto and the date; it is still the subject's, and the addressees stay apart."""
    text = ("UBND THÀNH PHỐ ĐÀ NẴNG\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 1906/SGDĐT-CTrTT\nV/v triển khai công tác tuyển sinh và\n\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐà Nẵng, ngày 15 tháng 7 năm 2020\n\n"
            "cải cách thủ tục hành chính năm học 2020-2021\n\nKính gửi:\n- Các trường trung học phổ thông.\n")
    meta = extract_header(page_lines([(1, text)]), None)
    assert meta["subject"] == GOLD["cv01_danang_sgddt"]["header"]["subject"]
    assert meta["recipients"] == ["Các trường trung học phổ thông"] and meta["issue_place"] == "Đà Nẵng"


def test_task_tables_anywhere_and_items_of_other_layouts() -> None:
    """A task table in the body (columns in another order, a lead cell merged down), a results table beside it
    that is no task table, report items under 'NHIỆM VỤ' with the agency they name first, lettered requests
    without numbers, and targets whose years are paired with their values."""

    text = ("ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\n\nSố: 9/BC-UBND\n\nAn Giang, ngày 2 tháng 12 năm 2025\n\nBÁO CÁO\n"
            "Kết quả năm 2025\n\nI. KẾT QUẢ\nTT\tChỉ tiêu\tNăm 2024\tNăm 2025\n1\tTỷ lệ đúng hạn\t96%\t98%\n\n"
            "II. CHỈ TIÊU\nTỷ lệ hồ sơ trực tuyến đạt 80% trong năm 2026 và 90% trong năm 2027.\n"
            "Năm 2026, phấn đấu 100% thủ tục hành chính được công khai.\n\n"
            "III. NHIỆM VỤ\n1. Sở Tư pháp rà soát quy định về thủ tục hành chính trước ngày 30/6/2026.\n"
            "2. Phòng công tác\nTT\tThời hạn\tNội dung\tCơ quan chủ trì\n1\tQuý I/2026\tCập nhật cơ sở dữ liệu\tSở Nội vụ\n"
            "2\tHằng quý\tKiểm tra việc công khai thủ tục\t\n\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nNguyễn Văn A\n")
    ex = extract_text(text, "d1")
    tasks = {t["text"]: t for t in ex.tasks}
    assert sorted(tasks) == ["Cập nhật cơ sở dữ liệu", "Kiểm tra việc công khai thủ tục",
                             "Sở Tư pháp rà soát quy định về thủ tục hành chính trước ngày 30/6/2026."]
    assert tasks["Kiểm tra việc công khai thủ tục"]["deadline_text"] == "Hằng quý"
    names = {a["agency_id"]: a["name"] for a in ex.agencies}
    lead = {x["task_id"]: names[x["agency_id"]] for x in ex.task_agencies if x["role"] == "lead"}
    assert lead[tasks["Kiểm tra việc công khai thủ tục"]["task_id"]] == "Sở Nội vụ"  # merged down
    assert lead[tasks["Sở Tư pháp rà soát quy định về thủ tục hành chính trước ngày 30/6/2026."]["task_id"]] == "Sở Tư pháp"
    assert sorted((t["value"], t["target_year"]) for t in ex.targets) == [(80, 2026), (90, 2027), (100, 2026)]

    letter = ("ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\n\nSố: 1/CT-UBND\n\nAn Giang, ngày 2 tháng 3 năm 2026\n\nCHỈ THỊ\n"
              "Về công vụ\n\nChủ tịch Ủy ban nhân dân tỉnh chỉ thị:\n\n"
              "a) Sở Nội vụ chủ trì kiểm tra công vụ chậm nhất ngày 31 tháng 8 năm 2026.\n\n"
              "b) Các sở, ban, ngành tiếp nhận phản ánh của người dân thường xuyên.\n\n"
              "Phấn đấu trong năm 2026 mức độ hài lòng đạt ít nhất 92%.\n\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nB\n")
    ex = extract_text(letter, "d2")
    assert [(t["task_no"], t["deadline_text"]) for t in ex.tasks] == [
        ("a", "chậm nhất ngày 31 tháng 8 năm 2026"), ("b", "thường xuyên")]
    assert [(t["value"], t["target_year"]) for t in ex.targets] == [(92, 2026)]


def test_merged_lead_under_a_garbled_row_number_and_title_without_blank_line() -> None:
    """OCR read a table's last row number '4' as '+': its empty lead cell is still the one merged down. A title
    whose blank line OCR lost does not take in the introduction below it ('… chỉ thị:')."""
    from extract.tasks import parse_table_rows

    rows = [(0, 1, ["TT", "Cơ quan chủ trì", "Thời gian thực hiện", "Nội dung nhiệm vụ"]),
            (1, 1, ["3", "Sở Y tế", "Thường xuyên", "Niêm yết công khai thủ tục"]),
            (2, 1, ["+", "", "Quý II/2026", "Rà soát quy trình nội bộ"])]
    drafts = parse_table_rows(rows, None)  # type: ignore[arg-type]
    assert [(d.text, d.lead) for d in drafts] == [("Niêm yết công khai thủ tục", [("Sở Y tế", "")]),
                                                  ("Rà soát quy trình nội bộ", [("Sở Y tế", "")])]
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 03/CT-UBND\nLào Cai, ngày 12 tháng 3 năm 2026\n\nCHỈ THỊ\n\n"
            "Về nâng cao chất lượng phục vụ\nĐể nâng cao chất lượng, Chủ tịch Ủy ban nhân dân tỉnh chỉ thị:\n\na) Việc.\n")
    assert extract_header(page_lines([(1, text)]), None)["subject"] == "Về nâng cao chất lượng phục vụ"
