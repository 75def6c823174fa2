"""extract/: real rows from the five seeds, deadline parsing, agency resolution, schema conformance."""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import cache
from typing import Any

import pyarrow as pa
import pytest

from devkit.paths import SEEDS
from extract import Extraction, extract_document
from extract.agencies import AgencyRegistry
from extract.core import META_COLUMNS
from extract.deadlines import cut_deadline, parse_deadline
from extract.targets import parse_target_text
from ingest.records import Document, Page
from tests.conftest import extract_text
from vnplan.schemas import SCHEMAS

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not available")


@cache
def seed(n: str) -> Extraction:
    path = next(SEEDS.glob(f"{n}_*.txt"))
    raw = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    doc = Document(doc_id=f"seed{n}", source_path=str(path), file_name=path.name,
                   pages=[Page(page_no=1, method="text", text_raw=raw)])
    return extract_document(doc)


def links_of(ex: Extraction, task: dict[str, Any], role: str) -> set[str]:
    names = {a["agency_id"]: a["name"] for a in ex.agencies}
    return {names[x["agency_id"]] for x in ex.task_agencies if x["task_id"] == task["task_id"] and x["role"] == role}


def appendix(ex: Extraction) -> dict[str, dict[str, Any]]:
    return {t["task_no"]: t for t in ex.tasks if t["source"] == "appendix"}


# --- header metadata of every seed ---------------------------------------------------------------

HEADERS = {
    "000": dict(doc_number=None, issue_date=None, issuer_level="xã", province="Cần Thơ", doc_type="KẾ HOẠCH",
                period_start=2026, period_end=2030),
    "001": dict(doc_number="15/KH-UBND", issue_date=dt.date(2025, 9, 14), issuer_level="xã", province="Hải Phòng",
                doc_type="KẾ HOẠCH", period_start=2026, period_end=2030),
    "002": dict(doc_number="121/KH-UBND", issue_date=dt.date(2023, 6, 6), issuer_level="thành phố",
                province="Cần Thơ", doc_type="KẾ HOẠCH", period_start=2023, period_end=None),
    "003": dict(doc_number="367/KH-UBND", issue_date=dt.date(2021, 12, 25), issuer_level="tỉnh",
                province="Đồng Tháp", doc_type="KẾ HOẠCH", period_start=2022, period_end=2022),
    "004": dict(doc_number="177/QĐ-UBND", issue_date=dt.date(2026, 1, 29), issuer="UBND xã Thạnh Phú",
                issuer_level="xã", province="Cần Thơ", doc_type="QUYẾT ĐỊNH", period_start=2026, period_end=2030,
                signer="Lê Minh Phúc", issue_place="Thanh Phú"),
}


@pytest.mark.parametrize("n", sorted(HEADERS))
def test_header(n: str) -> None:
    meta = seed(n).meta
    for key, want in HEADERS[n].items():
        assert meta[key] == want, (n, key, meta[key])


@pytest.mark.parametrize("n", ["000", "001", "002", "003"])
def test_header_survives_restoration(n: str) -> None:
    """The pipeline extracts from the restored text: an OCR'd day or month ('ngay O6 thing 6', 'ngay A4
    thang 9') must not become a syllable ('Ở', 'Cả'), or the issue date is lost."""
    from normalize import restore_text

    path = next(SEEDS.glob(f"{n}_*.txt"))
    raw = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    page = Page(page_no=1, method="ocr", text_raw=raw, text=restore_text(raw).text)
    meta = extract_document(Document(doc_id=f"seed{n}", source_path=str(path), file_name=path.name,
                                     pages=[page])).meta
    for key in ("doc_number", "issue_date", "issuer_level", "province", "period_start", "period_end"):
        assert meta[key] == HEADERS[n][key], (n, key, meta[key])


def test_header_ocr_names() -> None:
    assert seed("001").meta["issuer"] == "UBND xã Nguyen Giap"  # raw OCR; restored text gives the diacritics
    assert seed("000").meta["issuer"] == "UBND xã Pai Ngai"  # fragment without header: from the title
    assert seed("003").meta["signer"] == "Pham Thién Nghia"
    assert "giai đoạn 2026 - 2030" in seed("004").meta["title"]


# --- seed 004 appendix ------------------------------------------------------------------------------


def test_seed004_appendix_tasks() -> None:
    ex = seed("004")
    tasks = appendix(ex)
    assert len(tasks) == 39
    assert sorted(tasks, key=int) == [str(i) for i in range(1, 10)] + [str(i) for i in range(11, 41)]
    t11 = tasks["11"]
    assert t11["text"] == "Xây dựng Kế hoạch CCHC năm 2027"
    assert t11["deadline_date"] == dt.date(2026, 12, 31) and t11["recurrence"] == "once"
    assert links_of(ex, t11, "lead") == {"Phòng Văn hóa - Xã hội"}
    assert links_of(ex, t11, "support") == {"Các cơ quan, đơn vị liên quan"}
    t33 = tasks["33"]
    assert (t33["deadline_text"], t33["deadline_date"], t33["recurrence"]) == ("Quý II hàng năm", None, "annual")
    assert t33["deadline_quarter"] == 2 and t11["deadline_quarter"] is None
    assert links_of(ex, t33, "lead") == {"Phòng Kinh tế"}
    assert tasks["8"]["deadline_date"] == dt.date(2030, 12, 31)
    assert tasks["12"]["recurrence"] == "ongoing"
    assert links_of(ex, tasks["12"], "lead") == {"Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"}
    assert tasks["13"]["task_group"] == "Cải cách thể chế" and tasks["13"]["recurrence"] == "period"
    assert tasks["24"]["product"].endswith("vụ công Quốc gia")  # continued in the next page's numbering row


def test_seed004_merged_rows() -> None:
    ex = seed("004")
    tasks = appendix(ex)
    # 20/21 and 22/23: two tasks in one row, one in the 'Nhiệm vụ chung' column
    assert tasks["20"]["text"].startswith("Cập nhật công khai TTHC")
    assert tasks["21"]["text"].startswith("Thực hiện số hóa hồ sơ TTHC")
    assert links_of(ex, tasks["23"], "support") == {"Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"}
    assert links_of(ex, tasks["22"], "support") == {"Các cơ quan, đơn vị liên quan"}
    # <p> paragraphs: two tasks in one cell, two agencies in one lead paragraph
    assert links_of(ex, tasks["27"], "lead") == {"Các phòng chuyên môn", "Trung tâm Phục vụ hành chính công"}
    assert tasks["28"]["deadline_text"] == "Giai đoạn 2026-2030"
    assert tasks["20"]["confidence"] < tasks["1"]["confidence"]


def test_seed004_responsibilities() -> None:
    ex = seed("004")
    resp = [t for t in ex.tasks if t["source"] == "responsibility"]
    kinh_te = [t for t in resp if t["task_group"] == "Phòng Kinh tế xã"]
    assert len(kinh_te) == 3
    assert links_of(ex, kinh_te[0], "lead") == {"Phòng Kinh tế"}
    mttq = [t for t in resp if t["text"].startswith("Tích cực tuyên truyền công tác CCHC")]
    assert len(mttq) == 1
    assert links_of(ex, mttq[0], "lead") == {"Ủy ban Mặt trận Tổ quốc Việt Nam", "Các tổ chức chính trị - xã hội"}
    # 'Phối hợp ...' duties make the agency a supporter
    vp = [t for t in resp if t["text"].startswith("Phối hợp thực hiện Kế hoạch") and "Văn phòng" in t["task_group"]]
    assert links_of(ex, vp[0], "support") == {"Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"}


def test_seed003_body_tasks() -> None:
    body = [t for t in seed("003").tasks if t["source"] == "body"]
    assert len(body) >= 30
    assert {t["task_group"] for t in body} >= {"Cai cach thé ché", "Cai cach ché do cong vu"}


# --- targets ----------------------------------------------------------------------------------------


def test_seed004_targets() -> None:
    ts = seed("004").targets
    assert len(ts) == 34
    t97 = [t for t in ts if t["value"] == 97]
    assert len(t97) == 1
    t = t97[0]
    assert (t["unit"], t["comparator"], t["target_year"], t["domain"]) == ("%", ">=", 2030, "thủ tục hành chính")
    assert t["indicator"] == "mức độ số hài lòng của người dân và tổ chức về giải quyết TTHC"
    assert t["section_id"] == "seed004:II.2.b"
    dec = [t for t in ts if t["comparator"] == "decrease"]
    assert [(t["value"], t["domain"]) for t in dec] == [(15.0, "tài chính công")]
    assert sum(t["kind"] == "qualitative" for t in ts) == 19


def test_seed000_targets_on_raw_ocr() -> None:
    ts = seed("000").targets
    values = sorted(t["value"] for t in ts if t["value"] is not None)
    assert values == sorted([100, 97, 95, 100, 100, 100, 100, 80, 95, 90, 100, 100, 100, 90, 100, 80, 85, 100])
    assert {t["domain"] for t in ts} == {
        "thể chế", "thủ tục hành chính", "tổ chức bộ máy", "chế độ công vụ", "tài chính công",
        "chính quyền điện tử, chính quyền số",
    }


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Tối thiểu 90% hồ sơ được xử lý trực tuyến", [(90.0, ">=")]),
        ("tỷ lệ giao dịch đạt từ 50% trở lên", [(50.0, ">=")]),
        ("Thực hiện giảm bình quân 15% chi trực tiếp so với giai đoạn 2021-2025", [(15.0, "decrease")]),
        ("Tỷ lệ hồ sơ trễ hạn không quá 2%", [(2.0, "<=")]),
        ("Kiện toàn bộ máy chính quyền địa phương 02 cấp", []),
        ("đạt tối thiểu 97%, trong đó, lĩnh vực đất đai đạt tối thiểu 95%", [(97.0, ">="), (95.0, ">=")]),
    ],
)
def test_target_parsing(text: str, want: list[tuple[float, str]]) -> None:
    assert [(p["value"], p["comparator"]) for p in parse_target_text(text)] == want


@pytest.mark.parametrize(
    ("text", "statement", "want"),
    [
        # comparators in their other wordings; the longest one ending at the value wins ('không dưới', not 'dưới')
        ("Mức độ hài lòng của người dân không thấp hơn 90%.", False, [(90.0, "%", ">=")]),
        ("Đơn giản hóa không dưới 20% thủ tục hành chính nội bộ.", False, [(20.0, "%", ">=")]),
        ("bảo đảm tỷ lệ hồ sơ quá hạn dưới 1%", False, [(1.0, "%", "<=")]),
        # counts with their counting noun: bound by a comparator, or in a target statement; else a task's product
        ("Sở Nội vụ tổ chức ít nhất 03 đợt kiểm tra đột xuất trong năm 2026.", False, [(3.0, "đợt", ">=")]),
        ("Ủy ban nhân dân các xã tổ chức 01 hội nghị đối thoại với người dân.", False, []),
        ("Tổ chức 01 hội nghị sơ kết công tác cải cách hành chính.", True, [(1.0, "hội nghị", "=")]),
        ("Chỉ số PAR INDEX của tỉnh tăng ít nhất 3 bậc so với năm 2025.", False, [(3.0, "bậc", ">=")]),
        # points: bounded or after 'đạt'; a meeting's '03 điểm cầu' is a place
        ("Chỉ số cải cách hành chính đạt từ 88 điểm trở lên.", False, [(88.0, "điểm", ">=")]),
        ("Hội nghị trực tuyến tại 03 điểm cầu của tỉnh.", False, []),
        # a rank among the leaders; 'nhóm 2' of a list is none
        ("Chỉ số PAR INDEX thuộc nhóm 20 tỉnh, thành phố dẫn đầu cả nước.", False, [(20.0, "hạng", "<=")]),
        ("Các xã thuộc nhóm 2 thực hiện theo hướng dẫn.", True, []),
        ("Chỉ số PAR INDEX xếp trong 15 tỉnh, thành phố dẫn đầu cả nước.", False, [(15.0, "hạng", "<=")]),
        ("Chỉ số PAR INDEX của tỉnh nằm trong top 20 địa phương.", False, [(20.0, "hạng", "<=")]),
        ("Tỉnh có 02 năm liên tiếp đứng đầu cả nước.", False, []),
        # a place in a ranking: a target when set ('phấn đấu xếp thứ 10'), a result in a report's sentence
        ("Phấn đấu Chỉ số SIPAS xếp thứ 10/34 tỉnh, thành phố.", True, [(10.0, "hạng", "<=")]),
        ("Chỉ số SIPAS năm 2025 đạt 83,4%, xếp thứ 25/34 tỉnh.", False, [(83.4, "%", "=")]),
        # money of a budget, decree numbers and dates are no figures
        ("Kinh phí thực hiện là 1.200 triệu đồng theo Nghị định số 61/2018/NĐ-CP ngày 23/4/2018.", True, []),
    ],
)
def test_target_grammar(text: str, statement: bool, want: list[tuple[float, str, str]]) -> None:
    assert [(p["value"], p["unit"], p["comparator"]) for p in parse_target_text(text, statement)] == want


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        ("Phấn đấu trong giai đoạn 2026 - 2030, tỷ lệ hồ sơ trực tuyến đạt 90%.", [(90, "%", "=", 2030)]),
        ("Đến 2030, tỷ lệ người dân có tài khoản định danh điện tử đạt 80%.", [(80, "%", "=", 2030)]),
        ("Tỷ lệ hồ sơ trực tuyến năm 2026: 60%; năm 2027: 70%.", [(60, "%", "=", 2026), (70, "%", "=", 2027)]),
        ("Tỷ lệ hồ sơ trễ hạn không vượt quá 2%.", [(2, "%", "<=", 2026)]),  # the document's year
        # a result already reached is no target, the next year's figure is
        ("Năm 2025 tỷ lệ này đã đạt 92%; phấn đấu năm 2026 đạt 95%.", [(95, "%", "=", 2026)]),
        ("Năm 2024 tỷ lệ hồ sơ đúng hạn đạt 96%.", []),
        # a baseline period is no target's year
        ("Giảm bình quân 15% chi thường xuyên so với giai đoạn 2021 - 2025.", [(15, "%", "decrease", 2026)]),
        ("Mục tiêu: Chỉ số PAR INDEX năm 2026 xếp trong top 15 địa phương dẫn đầu.", [(15, "hạng", "<=", 2026)]),
    ],
)
def test_sentence_targets_years_and_results(sentence: str, want: list[tuple[float, str, str, int]]) -> None:
    from extract.letters import sentence_targets

    meta = {"issue_date": dt.date(2026, 2, 1), "period_end": None, "title": None, "subject": None}
    assert [(r.value, r.unit, r.comparator, r.target_year) for r in sentence_targets(sentence, 1, meta)] == want


_PLAN_HEAD = "ỦY BAN NHÂN DÂN\nHUYỆN X\n\nSố: 5/KH-UBND\n\nX, ngày 2 tháng 1 năm 2026\n\nKẾ HOẠCH\nCải cách hành chính năm 2026\n\n"
_PLAN_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nNguyễn Văn A\n"


@pytest.mark.parametrize(
    ("body", "want"),
    [
        # 'Mục tiêu chung' is the plan's aim, 'Mục tiêu cụ thể' its targets
        ("I. MỤC TIÊU\n1. Mục tiêu chung\nNâng cao chất lượng phục vụ người dân.\n2. Mục tiêu cụ thể\n"
         "a) 100% thủ tục hành chính được công khai đúng quy định.\nb) Tỷ lệ hồ sơ trực tuyến đạt tối thiểu 60%.\n\n"
         "II. NHIỆM VỤ\n1. Sở Nội vụ kiểm tra công vụ hằng quý.\n", [(60, "%"), (100, "%")]),
        # 'Phần thứ nhất' gives no sections: the bulleted lines under '2. Chỉ tiêu' are read all the same
        ("Phần thứ nhất\nMỤC TIÊU, CHỈ TIÊU\n1. Mục tiêu\nNâng cao chất lượng phục vụ.\n2. Chỉ tiêu\n"
         "- 100% thủ tục hành chính được công khai.\n- Tỷ lệ hồ sơ trực tuyến đạt tối thiểu 60%.\n\n"
         "Phần thứ hai\nNHIỆM VỤ, GIẢI PHÁP\n1. Phòng Nội vụ kiểm tra công vụ hằng quý.\n", [(60, "%"), (100, "%")]),
        # the same numbered 'Mục 1.' / 'Mục 2.', each figure read once
        ("Phần thứ nhất\nMỤC TIÊU, CHỈ TIÊU\nMục 1. Mục tiêu\nNâng cao chất lượng phục vụ.\nMục 2. Chỉ tiêu\n"
         "Phấn đấu có 100% thủ tục hành chính được công khai; tỷ lệ hồ sơ trực tuyến đạt tối thiểu 60%.\n\n"
         "Phần thứ hai\nNHIỆM VỤ\nMục 1. Phòng Nội vụ kiểm tra công vụ hằng quý.\n", [(60, "%"), (100, "%")]),
        # 'Phấn đấu …' sets a target outside any 'chỉ tiêu' section; a plain figure there does not
        ("I. MỤC ĐÍCH, YÊU CẦU\nNâng cao chất lượng, năm 2025 đạt 90%.\nII. NỘI DUNG\n"
         "1. Phấn đấu năm 2026 tỷ lệ hồ sơ trực tuyến đạt 60%.\n2. Phòng Nội vụ kiểm tra công vụ hằng quý.\n", [(60, "%")]),
    ],
)
def test_targets_in_plan_layouts(body: str, want: list[tuple[float, str]]) -> None:

    text = _PLAN_HEAD + body + _PLAN_TAIL
    ex = extract_text(text, "d")
    assert sorted((t["value"], t["unit"]) for t in ex.targets) == want
    assert {t["target_year"] for t in ex.targets} == {2026}


def test_report_figures_for_the_years_ahead_are_targets() -> None:
    """A báo cáo of December 2025: its figures for 2025 and before are results, those set for 2026 on are
    targets, under whatever heading."""

    text = ("UBND TỈNH YÊN BÁI\nSỞ NỘI VỤ\n\nSố: 9/BC-SNV\n\nYên Bái, ngày 8 tháng 12 năm 2025\n\nBÁO CÁO\nCông tác năm 2025\n\n"
            "I. KẾT QUẢ\n1. Năm 2025, tỷ lệ hồ sơ đúng hạn đạt 97%, tăng 2% so với năm 2024.\n\n"
            "II. PHƯƠNG HƯỚNG\n1. Năm 2026, tỷ lệ hồ sơ trực tuyến toàn trình đạt 75%, năm 2027 đạt 85%.\n"
            "2. Đến năm 2026 đã hoàn thành 100% việc số hóa hồ sơ còn hiệu lực.\n" + _PLAN_TAIL)
    ex = extract_text(text, "r")
    assert sorted((t["value"], t["target_year"]) for t in ex.targets) == [(75, 2026), (85, 2027)]


def test_target_years_of_headings_and_titles() -> None:
    from extract.targets import default_year, heading_year

    assert heading_year("Các chỉ tiêu chủ yếu đến năm 2030") == 2030
    assert heading_year("CHỈ TIÊU GIAI ĐOẠN 2026 - 2030") == 2030
    assert heading_year("PHƯƠNG HƯỚNG NĂM 2026") == 2026
    assert heading_year("CHỈ TIÊU NĂM 2026 VÀ NĂM 2027") is None  # each sentence names its own
    assert heading_year("Tăng so với năm 2025") is None  # a baseline
    # a report's title names the past year and the next: its targets are for the next
    assert default_year({"title": "Kết quả năm 2025, phương hướng năm 2026", "period_end": None}) == 2026
    assert default_year({"title": None, "subject": "V/v thực hiện chỉ tiêu năm 2026"}) == 2026
    assert default_year({"title": "Kế hoạch giai đoạn 2026 - 2030", "period_end": 2030}) == 2030


def test_targets_of_tables_statements_and_articles() -> None:
    """A table of targets by year (unit from its 'Đơn vị tính' column) in a 'chỉ tiêu' section; a báo cáo's
    results table gives none, its 'Kế hoạch năm 2026' column does; the items of 'Điều 1. Thông qua mục tiêu' and
    a numbered 'Năm 2026, phấn đấu …' state targets and assign nothing."""

    plan = ("ỦY BAN NHÂN DÂN\nTỈNH YÊN BÁI\n\nSố: 5/KH-UBND\n\nYên Bái, ngày 2 tháng 1 năm 2026\n\nKẾ HOẠCH\n"
            "Cải cách hành chính năm 2026\n\nI. KẾT QUẢ NĂM 2025\nChỉ tiêu\tĐơn vị tính\tNăm 2024\tNăm 2025\n"
            "Tỷ lệ đúng hạn\t%\t96\t98\nChỉ tiêu\tĐVT\tThực hiện 2025\tKế hoạch 2026\nSố cuộc kiểm tra\tcuộc\t3\t5\n\n"
            "II. CHỈ TIÊU\nSTT\tChỉ tiêu\tĐơn vị tính\tNăm 2026\tNăm 2027\n1\tTỷ lệ hồ sơ trực tuyến\t%\t55\t70,5\n"
            "2\tSố lớp bồi dưỡng\tlớp\t4\t6\n\nIII. NHIỆM VỤ\nCác sở tổ chức thực hiện.\n\nNơi nhận:\n- Lưu: VT.\n\n"
            "CHỦ TỊCH\n\nNguyễn Văn A\n")
    ex = extract_text(plan, "p1")
    assert sorted((t["value"], t["unit"], t["target_year"]) for t in ex.targets) == [
        (4, "lớp", 2026), (5, "cuộc", 2026), (6, "lớp", 2027), (55, "%", 2026), (70.5, "%", 2027)]

    # the same as OCR reads a scan: cells run together, the roman heading garbled ('IL. MỤC TIỂU', so the table
    # stands under '2. Chỉ tiêu cụ thể' but in no section), a row wrapped, and a results table whose header line
    # the heading above it swallowed
    ocr = ("ỦY BAN NHÂN DÂN\nTỈNH YÊN BÁI\n\nSố: 5/KH-UBND\n\nYên Bái, ngày 2 tháng 1 năm 2026\n\nKẾ HOẠCH\n"
           "Cải cách hành chính năm 2026\n\nIL. MỤC TIỂU\n2. Chỉ tiêu cụ thể\n\n"
           "STT Chỉ tiêu Đơn vị tính Năm 2026 Năm 2027\nl Tỷ lệ hồ sơ trực tuyến %o 55 70\n"
           "2 Số lớp bồi dưỡng kỹ năng cho lớp 4 6\ncông chức\n\nII. KẾT QUẢ\n1. Kết quả theo năm\n"
           "Chỉ tiêu Đơn vị tính Năm 2024 Năm 2025\nTỷ lệ đúng hạn % 951 97,8\n\nIII. NHIỆM VỤ\n"
           "Các sở tổ chức thực hiện.\n\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nNguyễn Văn A\n")
    ex = extract_text(ocr, "p2")
    assert sorted((t["value"], t["unit"], t["target_year"]) for t in ex.targets) == [
        (4, "lớp", 2026), (6, "lớp", 2027), (55, "%", 2026), (70, "%", 2027)]
    assert ex.targets[-1]["indicator"] == "Số lớp bồi dưỡng kỹ năng cho công chức"

    # cells that state their figure ('Tối thiểu 60%', '≥ 80%', '02 cuộc') and a period's column (its end year),
    # cells tab-separated and as OCR runs them together (whose lines give no qualitative target besides)
    for body in ("STT\tNội dung chỉ tiêu\tNăm 2026\tGiai đoạn 2026 - 2030\tGhi chú\n"
                 "1\tTỷ lệ hồ sơ trực tuyến\tTối thiểu 60%\t≥ 80%\t\n2\tKiểm tra công vụ\t02 cuộc\t10 cuộc\t\n",
                 "STT Nội dung chỉ tiêu Đơn vị tính Năm 2026 Giai đoạn 2026 - 2030\n1 Tỷ lệ hồ sơ trực tuyến % 60 80\n"
                 "2 Kiểm tra công vụ cuộc 2 10\n"):
        text = _PLAN_HEAD + "II. CHỈ TIÊU\n" + body + _PLAN_TAIL
        ex = extract_text(text, "p3")
        got = sorted((t["value"], t["unit"], t["target_year"]) for t in ex.targets)
        assert got == [(2, "cuộc", 2026), (10, "cuộc", 2030), (60, "%", 2026), (80, "%", 2030)], body
        if "\t" in body:
            assert [t["comparator"] for t in ex.targets if t["unit"] == "%"] == [">=", ">="]

    resolution = ("HỘI ĐỒNG NHÂN DÂN\nTỈNH YÊN BÁI\n\nSố: 4/NQ-HĐND\n\nYên Bái, ngày 9 tháng 12 năm 2025\n\n"
                  "NGHỊ QUYẾT\nVề mục tiêu chuyển đổi số năm 2026\n\nQUYẾT NGHỊ:\n\n"
                  "Điều I. Thông qua mục tiêu chuyển đổi số năm 2026 như sau:\na) Ít nhất 80% hồ sơ công việc được xử lý "
                  "trên môi trường mạng;\nb) Cắt giảm tối thiểu 20% chi phí tuân thủ thủ tục hành chính.\n\n"
                  "Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.\n\nNơi nhận:\n- Lưu: VT.\n\n"
                  "CHỦ TỊCH\n\nB\n")
    # 'Điều I.': OCR's reading of 'Điều 1.'
    ex = extract_text(resolution, "n1")
    assert [t["text"][:20] for t in ex.tasks] == ["Giao Ủy ban nhân dân"]
    assert sorted((t["value"], t["target_year"]) for t in ex.targets) == [(20, 2026), (80, 2026)]

    notice = ("UBND TỈNH YÊN BÁI\nVĂN PHÒNG\n\nSố: 7/TB-VP\n\nYên Bái, ngày 6 tháng 3 năm 2026\n\nTHÔNG BÁO\n"
              "Kết luận về dịch vụ công\n\nPhó Chủ tịch kết luận như sau:\n\n1. Năm 2026, phấn đấu tỷ lệ hồ sơ trực "
              "tuyến đạt tối thiểu 60%; đến năm 2027 đạt 75%.\n\n2. Giao Sở Khoa học và Công nghệ tích hợp dịch vụ công "
              "trước ngày 30/6/2026.\n\nNơi nhận:\n- Lưu: VT.\n\nCHÁNH VĂN PHÒNG\n\nC\n")
    ex = extract_text(notice, "t1")
    assert [t["text"][:12] for t in ex.tasks] == ["Giao Sở Khoa"]
    assert [(t["value"], t["target_year"]) for t in ex.targets] == [(60, 2026), (75, 2027)]

    # a target paragraph outside the requests, wrapped over two lines as a scan's page reads it, with a count
    directive = ("ỦY BAN NHÂN DÂN\nTỈNH YÊN BÁI\n\nSố: 2/CT-UBND\n\nYên Bái, ngày 2 tháng 3 năm 2026\n\nCHỈ THỊ\n"
                 "Về công vụ năm 2026\n\nChủ tịch Ủy ban nhân dân tỉnh chỉ thị:\n\n"
                 "a) Sở Nội vụ chủ trì kiểm tra công vụ thường xuyên.\n\n"
                 "Phấn đấu năm 2026 mức độ hài lòng của người dân đạt\nít nhất 92% và tổ chức 02 hội nghị đối thoại.\n\n"
                 "Nơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nB\n")
    ex = extract_text(directive, "c1")
    assert [(t["value"], t["unit"], t["target_year"]) for t in ex.targets] == [(92, "%", 2026), (2, "hội nghị", 2026)]


# --- deadlines --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date", "recurrence"),
    [
        ("Hàng năm", None, "annual"),
        ("Hằng năm", None, "annual"),
        ("31/12/2026", dt.date(2026, 12, 31), "once"),
        ("Năm 2030", dt.date(2030, 12, 31), "once"),
        ("Trong năm 2026", dt.date(2026, 12, 31), "once"),
        ("Thường xuyên", None, "ongoing"),
        ("Thuong xuyén", None, "ongoing"),
        ("Quý II hàng năm", None, "annual"),
        ("Quý III/2026", dt.date(2026, 9, 30), "once"),
        ("Tháng 6/2026", dt.date(2026, 6, 30), "once"),
        ("Giai đoạn 2026-2030", dt.date(2030, 12, 31), "period"),
        ("Thực hiện trong năm 2026 và giai đoạn 2026-2030", dt.date(2030, 12, 31), "period"),
        ("Năm 2026 và hàng năm khi điều chỉnh quyết định vị trí việc làm", dt.date(2026, 12, 31), "annual"),
        ("", None, None),
    ],
)
def test_deadlines(text: str, date: dt.date | None, recurrence: str | None) -> None:
    d = parse_deadline(text)
    assert (d.date, d.recurrence) == (date, recurrence)


@pytest.mark.parametrize(("cell", "line", "cut"), [
    ("Trước ngày", "30/6/2026", True),  # a table's deadline cell the page wrapped before its date
    ("Trước 16 giờ", "00 ngày 13/02/2026", True),  # ... before its hour's minutes
    ("Chậm nhất ngày", None, True),  # cut, whatever the line below holds
    ("Tháng", "6/2026", True),  # a month's figures
    ("Quý", "III/2026", True),  # a quarter's
    ("Trước ngày", "30/9/2026 III | KIỂM TRA, BÁO CÁO | |", True),  # a scan glued the next group row after it
    ("Trước ngày", "Sở Y tế", False),  # the line below is no date
    ("Hằng ngày", None, False),  # a recurrence, whole
    ("Trước ngày 30/6/2026", "Sở Y tế", False),  # whole
    ("Thường xuyên", "31/12/2026", False),
    ("Đưa sản phẩm lên sàn thương mại điện tử", "Quý IV/2026", False),  # 'tử', no 'từ': a task's cell, whole
])
def test_a_deadline_cut_before_its_date(cell: str, line: str | None, cut: bool) -> None:
    assert cut_deadline(cell, line) is cut


def test_deadline_quarter_is_kept() -> None:
    d = parse_deadline("Quý II hàng năm")
    assert d.quarter == 2 and d.text == "Quý II hàng năm"
    assert parse_deadline("Quý III/2026").quarter == 3
    assert parse_deadline("Hàng quý").quarter is None
    # OCR of a scanned appendix reads the numeral I as T ('Quý T hàng năm', seed 004 rendered and OCR'd)
    for ocr in ("Quý T hàng năm", "Quý Ihàng năm"):  # ... or glues it to 'hàng'
        d = parse_deadline(ocr)
        assert (d.recurrence, d.quarter) == ("annual", 1), ocr


# --- agencies ---------------------------------------------------------------------------------------


def test_agency_abbreviations_and_ocr_variants() -> None:
    reg = AgencyRegistry("xã Thạnh Phú", "Cần Thơ", "xã")
    vp = {reg.resolve(m).agency_id for m in (
        "Văn phòng HĐND và UBND xã", "Văn phòng HDND và UBND", "VP HĐND và UBND",
        "Vin phong Hoi dong nhan dan va Uy ban nhan dan",
    )}
    assert vp == {"xa-thanh-phu:van-phong-hoi-dong-nhan-dan-va-uy-ban-nhan-dan"}
    assert reg.resolve("Phong Vian héa - Xa hoi").name == "Phòng Văn hóa - Xã hội"
    assert reg.resolve("UBMTTQVN").name == "Ủy ban Mặt trận Tổ quốc Việt Nam"
    generic = reg.resolve("Các cơ quan, đơn vị liên quan")
    assert generic.kind == "generic" and generic.jurisdiction == "xã Thạnh Phú"
    ag = reg.agencies["xa-thanh-phu:van-phong-hoi-dong-nhan-dan-va-uy-ban-nhan-dan"]
    assert "VP HĐND và UBND" in ag.aliases  # aliases are mentions as written
    assert all(unicodedata.is_normalized("NFC", a) for a in ag.aliases)


def test_agency_jurisdictions() -> None:
    a = AgencyRegistry("xã Thạnh Phú", "Cần Thơ", "xã")
    b = AgencyRegistry("xã Đại Ngãi", "Cần Thơ", "xã")
    ka, kb = a.resolve("Phòng Kinh tế xã"), b.resolve("Phòng Kinh tế")
    assert ka.name == kb.name == "Phòng Kinh tế" and ka.agency_id != kb.agency_id
    assert a.resolve("Sở Nội vụ TPCT").agency_id == b.resolve("Sở Nội vụ").agency_id == "thanh-pho-can-tho:so-noi-vu"
    assert a.resolve("UBND thành phố").jurisdiction == "thành phố Cần Thơ"
    assert a.resolve("UBND xã").jurisdiction == "xã Thạnh Phú"
    province = AgencyRegistry("tỉnh Đồng Tháp", "Đồng Tháp", "tỉnh")
    assert province.resolve("Sở Nội vụ").jurisdiction == "tỉnh Đồng Tháp"


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Các cơ quan, đơn vị liên quan", ["Các cơ quan, đơn vị liên quan"]),
        ("Các phòng chuyên môn xã, Trung tâm Phục vụ hành chính công",
         ["Các phòng chuyên môn", "Trung tâm Phục vụ hành chính công"]),
        ("Các cơ quan, đơn vị liên quan Văn phòng HDND và UBND",
         ["Các cơ quan, đơn vị liên quan", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"]),
        ("Phòng Kinh tế;\nPhòng Văn hóa – Xã hội", ["Phòng Kinh tế", "Phòng Văn hóa - Xã hội"]),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam xã và các tổ chức chính trị - xã hội",
         ["Ủy ban Mặt trận Tổ quốc Việt Nam", "Các tổ chức chính trị - xã hội"]),
    ],
)
def test_agency_cells(cell: str, names: list[str]) -> None:
    reg = AgencyRegistry("xã Thạnh Phú", "Cần Thơ", "xã")
    assert [a.name for _, a in reg.resolve_cell(cell)] == names


# --- schema, ids, provenance, NFC -------------------------------------------------------------------


@pytest.mark.parametrize("n", ["000", "001", "002", "003", "004"])
def test_rows_match_schemas(n: str) -> None:
    ex = seed(n)
    assert set(ex.meta) <= set(SCHEMAS["documents"].names)
    assert set(ex.meta) == set(META_COLUMNS)
    for table in ("sections", "targets", "tasks", "agencies", "task_agencies"):
        rows = getattr(ex, table)
        assert rows or (n, table) == ("003", "targets"), (n, table)  # 003 is a one-year plan without chỉ tiêu
        for row in rows:
            assert list(row) == SCHEMAS[table].names, (table, list(row))
        pa.Table.from_pylist(rows, schema=SCHEMAS[table])  # types convert
    ids = {t: [r[SCHEMAS[t].names[0]] for r in getattr(ex, t)] for t in ("targets", "tasks", "agencies")}
    ids["sections"] = [r["section_id"] for r in ex.sections]
    for t, vals in ids.items():
        assert len(vals) == len(set(vals)), t
    task_ids, agency_ids = set(ids["tasks"]), set(ids["agencies"])
    assert all(x["task_id"] in task_ids and x["agency_id"] in agency_ids for x in ex.task_agencies)
    section_ids = set(ids["sections"])
    assert all(r["section_id"] in section_ids for r in ex.targets + ex.tasks if r["section_id"])
    assert all(r["page_no"] == 1 and r["text"] for r in ex.targets + ex.tasks)
    assert all(x["mention"] for x in ex.task_agencies)


def _strings(obj: Any) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for v in obj.values() for s in _strings(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in _strings(v)]
    return []


def test_nfc_and_deterministic_ids() -> None:
    path = next(SEEDS.glob("004_*.txt"))
    raw = path.read_text(encoding="utf-8")
    doc = Document("d", str(path), path.name, pages=[Page(1, "text", raw)])
    a, b = extract_document(doc), extract_document(doc)
    assert [t["task_id"] for t in a.tasks] == [t["task_id"] for t in b.tasks]
    assert a.agencies == b.agencies and a.task_agencies == b.task_agencies
    strings = _strings([a.meta, a.sections, a.targets, a.tasks, a.agencies, a.task_agencies])
    assert strings and all(unicodedata.is_normalized("NFC", s) for s in strings)
    assert a.tasks[0]["task_id"] == "d:k1" and a.targets[0]["target_id"] == "d:t1"


def test_restored_text_is_used_when_present() -> None:
    path = next(SEEDS.glob("000_*.txt"))
    raw = path.read_text(encoding="utf-8")
    fixed = raw.replace("Cai cach hanh chinh xa Pai Ngai", "Cải cách hành chính xã Đại Ngãi")
    ex = extract_document(Document("d", str(path), path.name, pages=[Page(1, "ocr", raw, text=fixed)]))
    assert ex.meta["issuer"] == "UBND xã Đại Ngãi"
    assert all(a["jurisdiction"] == "xã Đại Ngãi" for a in ex.agencies)
    assert all(t["confidence"] < 0.9 for t in ex.targets)  # OCR page


def test_seed001_subnumbered_responsibilities_on_raw_ocr() -> None:
    ex = seed("001")
    resp = [t for t in ex.tasks if t["source"] == "responsibility"]
    by_agency: dict[str, int] = {}
    for t in resp:
        for name in links_of(ex, t, "lead") | links_of(ex, t, "support"):
            by_agency[name] = by_agency.get(name, 0) + 1
    # '2.1. Phong Vin hoa - X& hoi xd 1a co quan ...', '2.3. Phong Kinh té xa', '2.4. Trung tdm Phuc vu ...'
    assert by_agency.get("Phòng Văn hóa - Xã hội", 0) >= 3
    assert by_agency.get("Phòng Kinh tế", 0) >= 2
    assert by_agency.get("Trung tâm Phục vụ hành chính công", 0) >= 2
    assert any(s["label"] == "V.2.3" for s in ex.sections)


# --- index-criteria appendix (seed 002, Phụ lục I) ---------------------------------------------------


def test_seed002_index_criteria() -> None:
    ex = seed("002")
    crit = {t["text"].split("|")[0].split()[0]: t for t in ex.targets if t["max_value"] is not None}
    t = crit["2.4.1"]
    assert (t["value"], t["max_value"], t["baseline_value"], t["baseline_year"], t["target_year"]) == (
        1.0, 1.0, 0.8219, 2022, 2023)
    assert (t["kind"], t["unit"], t["comparator"], t["domain"]) == ("quantitative", "điểm", "=", "thể chế")
    assert t["indicator"].startswith("Tinh dong bé, thong nhat")
    assert crit["8.1"]["max_value"] == 10 and crit["8.1"]["baseline_value"] == 8.07
    tasks = {t["task_no"]: t for t in ex.tasks if t["source"] == "appendix" and "." in (t["task_no"] or "")}
    assert {"2.4.1", "3.4.1", "6.2.4", "7.1.4", "5.7.1"} <= set(tasks)  # OCR '34.1', '6.24', '7.14', '574'
    assert links_of(ex, tasks["2.4.1"], "lead") == {"Sở Tư pháp"}
    assert links_of(ex, tasks["6.1.1"], "lead") == {"Sở Tài chính"}  # 'S¢ Tai' + 'chinh' on the next line
    assert tasks["3.4.1"]["task_group"] == "CAICACH THU TUC HANH CHINH" and tasks["3.4.1"]["recurrence"] == "ongoing"
    # 5.2.4's task cell continues 5.2.3's (a merged cell): both criteria share it
    assert tasks["5.2.4"]["text"] == tasks["5.2.3"]["text"]
    assert all(t["baseline_value"] is None for t in seed("004").targets)


def test_seed002_index_criteria_on_restored_text() -> None:
    """What the pipeline extracts from: the restored text keeps the table's figures ('| 1 0,8219 |' had
    become 'là 0,8219', losing the maximum score) and the note column ('Điều tra' once restored)."""
    from normalize import restore_text

    path = next(SEEDS.glob("002_*.txt"))
    raw = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    ex = extract_document(Document(doc_id="seed002", source_path=str(path), file_name=path.name,
                                   pages=[Page(page_no=1, method="ocr", text_raw=raw, text=restore_text(raw).text)]))
    crit = {t["text"].split("|")[0].split()[0]: t for t in ex.targets if t["max_value"] is not None}
    assert len(crit) >= 43
    assert (crit["2.4.1"]["max_value"], crit["2.4.1"]["baseline_value"]) == (1.0, 0.8219)
    assert (crit["4.3.4"]["max_value"], crit["4.3.4"]["baseline_value"]) == (1.0, 0.792)  # OCR's 'l' for 1
    tasks = {t["task_no"]: t for t in ex.tasks if t["source"] == "appendix" and "." in (t["task_no"] or "")}
    assert tasks["5.2.3"]["recurrence"] == "ongoing"  # 'Thường Điều tra': the note is not the deadline


def test_garbled_repeated_table_header_is_no_task() -> None:
    """A scanned appendix repeats its header on a new page; OCR garbled it ('Cơquan chủmì', seed 004 rendered
    and OCR'd): an unnumbered row that reads as a header label is skipped, real rows stay."""
    from extract.tasks import parse_table_rows

    header = ["Nhiệm vụ chung", "Nhiệm vụ cụ thể", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp",
              "Thời gian hoàn thành"]
    rows = [
        (0, 1, header),
        (1, 1, ["", "1. Rà soát thủ tục hành chính", "Báo cáo", "Văn phòng", "Các cơ quan", "Hàng năm"]),
        (2, 2, ["", "Cơquan chủmì", "", "", "", ""]),
        (3, 2, ["", "2. Kiểm tra công vụ", "Kết luận", "Phòng Nội vụ", "", "Quý I hàng năm"]),
    ]
    drafts = parse_table_rows(rows, "Phụ lục")
    assert [(d.task_no, d.text) for d in drafts] == [("1", "Rà soát thủ tục hành chính"), ("2", "Kiểm tra công vụ")]


def test_criteria_rows_from_text() -> None:
    from extract.criteria import find_criteria
    from extract.structure import page_lines

    text = "\n".join([
        "STT | Tiêu chí | Điểm chuẩn | Điểm đạt được 2022 | Nhiệm vụ, giải pháp | Cơ quan chủ trì | Đơn vị | Thời gian",
        "3 | CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
        "3.4.1 | Tỷ lệ hồ sơ TTHC | 1,5 1,4962 | Tổ chức tiếp nhận hồ sơ | Sở Tài | CQCM TP | Thường",
        "do cơ quan cấp tỉnh tiếp nhận một cửa các cấp chính xuyên",
        "342 | Tỷ lệ hồ sơ cấp huyện | 1 0,9 | tiếp tục như trên",
    ])
    crits, year = find_criteria(page_lines([(1, text)]))
    assert year == 2022
    assert [c.code for c in crits] == ["3.4.1", "3.4.2"]
    a, b = crits
    assert (a.max_value, a.baseline_value, a.group) == (1.5, 1.4962, "CẢI CÁCH THỦ TỤC HÀNH CHÍNH")
    assert a.name.startswith("Tỷ lệ hồ sơ TTHC do cơ quan")
    assert " ".join(a.deadline) == "Thường xuyên"
    assert b.shares_previous  # its task cell starts in lower case

    # restored text spells the note column 'Điều tra xã hội học': it is not part of the deadline
    text = "\n".join([
        "STT | Tiêu chí | Điểm chuẩn | Điểm đạt được 2022 | Nhiệm vụ, giải pháp | Cơ quan chủ trì | Đơn vị | Thời gian",
        "5 | CẢI CÁCH CHẾ ĐỘ CÔNG VỤ",
        "5.2.3 | Tính công khai 1 0.8052 | Đảm bảo công tác tuyển dụng | Sở Nội vụ | Sở, ban, ngành TP, | Thường Điều tra",
        "minh bạch trong tuyển dụng | UBND cấp huyện | xuyên xã hội",
    ])
    (c,), _ = find_criteria(page_lines([(1, text)]))
    deadline = " ".join(c.deadline)
    assert "Điều" not in deadline and parse_deadline(deadline).recurrence == "ongoing"


def test_scanned_garbage_never_becomes_an_agency() -> None:
    from extract.agencies import UNRESOLVED, plausible_agency

    reg = AgencyRegistry("xã Thạnh Phú", "Cần Thơ", "xã")
    # token-shuffled OCR of a registry name is repaired
    assert reg.resolve("Phục vụ Trung tâm hành chính công").name == "Trung tâm Phục vụ hành chính công"
    assert reg.resolve("Văn hóa Xã hội").name == "Phòng Văn hóa - Xã hội"
    for junk in ("Quan Trung tâm Các Phục vụ hành đơn chính công quan cơ vị", "s, Thủ trưởng cơ 'quan",
                 "Thông ăn hóa Ở", "hành chính công", "7839 Tỉnh .«5@ lý trong Emn ở 0", "Phòng Văn"):
        assert not plausible_agency(junk)
        ag = reg.resolve(junk)
        assert (ag.name, ag.kind) == (UNRESOLVED, "unresolved"), junk
    assert reg.split_mentions("¬=; 1; Phòng Kinh tế") == ["Phòng Kinh tế"]
    # an unknown but well-formed agency still gets its own entry, named as written (its place word kept)
    ag = reg.resolve("Trạm Y tế xã")
    assert (ag.name, ag.kind) == ("Trạm Y tế xã", "khác")
    assert {a.kind for a in reg.rows()} == {"unresolved", "trung tâm", "phòng", "khác"}
    assert len(reg.rows()) == 4


def test_misread_roman_headings_take_the_next_number() -> None:
    from extract.structure import page_lines, parse_structure

    text = ("I. MỤC ĐÍCH, YÊU CẦU\n- Nội dung.\n\nA. NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH\n1. Cải cách thể chế\n"
            "- Kịp thời triển khai, phổ biến có hiệu quả các văn bản quy phạm pháp luật.\n\nI. TỔ CHỨC THỰC HIỆN\n")
    st = parse_structure(page_lines([(1, text)]))
    assert [s.label for s in st.sections.values() if s.kind == "roman"] == ["I", "II", "III"]
    assert st.sections["II.1"].heading == "Cải cách thể chế"
