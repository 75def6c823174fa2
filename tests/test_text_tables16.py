"""Target and task tables of the dt162-dt167 round (issue 11, xtbl15): a table by place and year whose unit only the
sentence over it gives after 'đơn vị tính' and before its colon ('… như sau (đơn vị tính: căn):'); a table by
residential group whose count and rate headers say what the households do ('Số hộ thực hiện phân loại (hộ)', 'Tỷ lệ
hộ thực hiện (%)': no result's columns); a ' | ' task table whose rows a line break cut inside a cell or after a
deadline's 'Trước ngày'. Each case goes through the real extractor or the helper that reads it."""

from __future__ import annotations

from functools import partial

from extract.structure import ocr_pipe_rows, page_lines, pipe_table_lines
from extract.tables import _TOTAL, _run_header, run_together_task_lines
from extract.targets import _UNIT_NOTE, _doing_head, _garbled_sub_header
from normalize.text import fold
from tests.conftest import SIGNED_TAIL, extract_text, official_head, target_tuples, task_triples

_head = partial(official_head, issuer="HỘI ĐỒNG NHÂN DÂN\nTỈNH HÀ TĨNH", place="Hà Tĩnh",
                date="ngày 10 tháng 12 năm 2025")


def test_a_unit_note_before_the_sentences_colon() -> None:
    """'(đơn vị tính: căn):' closing the sentence over a table gives its unit, as '(Đơn vị tính: căn)' alone does."""
    for line in ("… theo địa bàn như sau (đơn vị tính: căn):", "(Đơn vị tính: căn)", "ĐVT: căn"):
        m = _UNIT_NOTE.search(fold(line))
        assert m is not None and m.group(1) == "can"
    assert _UNIT_NOTE.search(fold("(đơn vị tính: căn) của các dự án đã hoàn thành")) is None


def test_a_place_by_year_table_whose_unit_the_sentence_gives() -> None:
    """'STT | Địa bàn | Năm 2026 | Năm 2027 | Giai đoạn 2028 - 2030' under '… (đơn vị tính: căn):': one target per cell,
    long place cells and the 'Toàn tỉnh' row too, a phase's figures of its end year; the past count in the sentence and
    the investment below give none."""
    body = ("QUYẾT NGHỊ:\n\nĐiều 1. Thông qua chỉ tiêu phát triển nhà ở xã hội\n"
            "Giai đoạn 2021 - 2025 đã hoàn thành 2.100 căn. Chỉ tiêu theo địa bàn như sau (đơn vị tính: căn):\n"
            "STT\tĐịa bàn\tNăm 2026\tNăm 2027\tGiai đoạn 2028 - 2030\n"
            "1\tPhường Thành Sen, phường Trần Phú và các phường lân cận\t800\t1.000\t3.000\n"
            "2\tCác xã, phường còn lại\t120\t150\t600\n"
            "\tToàn tỉnh\t920\t1.150\t3.600\n\n"
            "Tổng vốn đầu tư dự kiến khoảng 6.500 tỷ đồng.\n\n"
            "Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.\n" + SIGNED_TAIL)
    ex = extract_text(_head("NGHỊ QUYẾT", "52/NQ-HĐND", "Về chỉ tiêu phát triển nhà ở xã hội giai đoạn 2026 - 2030")
                      + body)
    assert target_tuples(ex) == [(120.0, "căn", 2026), (150.0, "căn", 2027), (600.0, "căn", 2030),
                                 (800.0, "căn", 2026), (920.0, "căn", 2026), (1000.0, "căn", 2027),
                                 (1150.0, "căn", 2027), (3000.0, "căn", 2030), (3600.0, "căn", 2030)]


def test_what_the_counted_households_do_is_no_result() -> None:
    """'thực hiện' after a count's or a rate's noun says what the counted do; 'Thực hiện 2025', 'Tỷ lệ thực hiện (%)',
    a header with a year or another result word stay results'."""
    assert _doing_head(fold("Số hộ thực hiện phân loại (hộ)"))
    assert _doing_head(fold("Tỷ lệ hộ thực hiện (%)"))
    assert not _doing_head(fold("Thực hiện 2025"))
    assert not _doing_head(fold("Tỷ lệ thực hiện (%)"))
    assert not _doing_head(fold("Số hộ thực hiện năm 2025 (hộ)"))
    assert not _doing_head(fold("Số hộ thực hiện đạt được (hộ)"))


def test_a_table_by_residential_group_one_cell_per_line() -> None:
    """'STT' / 'Tổ dân phố' / 'Số hộ thực hiện phân loại (hộ)' / 'Tỷ lệ hộ thực hiện (%)' over rows one cell per line:
    each row's count in 'hộ' and its rate, the 'Toàn phường' row's too, of the plan's year."""
    head = official_head("KẾ HOẠCH", "21/KH-UBND", "Phân loại rác tại nguồn trên địa bàn phường năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nPHƯỜNG BẮC HỒNG LĨNH", place="Bắc Hồng Lĩnh",
                         date="ngày 12 tháng 01 năm 2026")
    body = ("I. CHỈ TIÊU NĂM 2026\nChỉ tiêu giao cho các tổ dân phố như sau:\n"
            "STT\nTổ dân phố\nSố hộ thực hiện phân loại (hộ)\nTỷ lệ hộ thực hiện (%)\n"
            "1\nTổ dân phố 2\n210\n70\n2\nTổ dân phố 5\n340\n65\nToàn phường\n550\n67\n\n"
            "II. TỔ CHỨC THỰC HIỆN\nPhòng Kinh tế là cơ quan thường trực.\n" + SIGNED_TAIL)
    assert target_tuples(extract_text(head + body)) == [
        (65.0, "%", 2026), (67.0, "%", 2026), (70.0, "%", 2026), (210.0, "hộ", 2026), (340.0, "hộ", 2026),
        (550.0, "hộ", 2026)]


_TASKS = ("III. NHIỆM VỤ CỤ THỂ\n"
          "TT | Nội dung nhiệm vụ | Cơ quan thực hiện | Thời hạn\n"
          "1 | Dự báo nguồn nước và xâm nhập mặn\n"
          "theo từng tuần | Cục Khí tượng Thủy văn | Hằng tuần\n"
          "2 | Điều chỉnh lịch thời vụ vùng thiếu nước | Cục Trồng trọt và Bảo vệ thực vật | Trước ngày\n"
          "30/6/2026\n"
          "3 | Tổng hợp thiệt hại và đề xuất hỗ trợ | Sở Nông nghiệp và Môi trường | Trước ngày 15/10/2026\n\n")


def test_pasted_rows_a_line_break_cut() -> None:
    """A row short of the header's bars goes on with the line below it up to them; a full row cut after 'Trước ngày'
    with the date below; each written on its first line, the lines taken a lone tab."""
    rows = pipe_table_lines(page_lines([(1, _TASKS)]))
    texts = [ln.text for ln in rows]
    assert texts[2].split("\t")[1].strip() == "Dự báo nguồn nước và xâm nhập mặn theo từng tuần"
    assert texts[3] == "\t"
    assert texts[4].split("\t")[3].strip() == "Trước ngày 30/6/2026"
    assert texts[5] == "\t"
    # a line below a full row that is no date, and a row the lines below do not complete, stay as they are
    other = pipe_table_lines(page_lines([(1, "TT | Nội dung nhiệm vụ | Cơ quan thực hiện | Thời hạn\n"
                                             "1 | Rà soát | Sở Tài chính | Trước ngày\nGhi chú: không\n"
                                             "2 | Kiểm tra\nIV. TỔ CHỨC THỰC HIỆN\n")]))
    assert [ln.text for ln in other][2:5] == ["Ghi chú: không", "2 | Kiểm tra", "IV. TỔ CHỨC THỰC HIỆN"]


def test_a_task_table_with_cut_rows() -> None:
    """Through the extractor: each row one task with its whole text, its lead from 'Cơ quan thực hiện' and its deadline
    joined; the rows after the cut ones are read too."""
    head = official_head("PHƯƠNG ÁN", "12/PA-UBND", "Ứng phó hạn hán mùa khô năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH", place="Hà Tĩnh", date="ngày 12 tháng 02 năm 2026")
    got = task_triples(head + _TASKS + SIGNED_TAIL)
    assert [(t["text"], t["deadline"]) for t in got] == [
        ("Dự báo nguồn nước và xâm nhập mặn theo từng tuần", "Hằng tuần"),
        ("Điều chỉnh lịch thời vụ vùng thiếu nước", "Trước ngày 30/6/2026"),
        ("Tổng hợp thiệt hại và đề xuất hỗ trợ", "Trước ngày 15/10/2026")]
    assert got[2]["lead"] == ["Sở Nông nghiệp và Môi trường"]


def test_an_aligned_task_table_headed_nhiem_vu_with_its_lead_last() -> None:
    """'TT  Nhiệm vụ  Thời hạn  Cơ quan thực hiện' in aligned columns: the lone 'Nhiệm vụ' column holds the tasks (as
    the tasks' reader takes it), the lead column last; a wrapped deadline and a wrapped lead cell naming two plural
    bodies joined under their columns."""
    head = official_head("ĐỀ ÁN", "12/ĐA-UBND", "Phát triển du lịch cộng đồng năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH", place="Hà Tĩnh", date="ngày 12 tháng 02 năm 2026")
    body = ("III. NHIỆM VỤ\n"
            "TT   Nhiệm vụ                                        Thời hạn              Cơ quan thực hiện\n"
            "1    Xây dựng bộ nhận diện du lịch tỉnh              Quý II/2026           Sở Văn hóa, Thể thao và Du lịch\n"
            "2    Rà soát hạ tầng các điểm du lịch cộng           Trước ngày            Các bộ, ngành; UBND các tỉnh,\n"
            "     đồng                                            30/6/2026             thành phố\n\n")
    assert task_triples(head + body + SIGNED_TAIL) == [
        {"text": "Xây dựng bộ nhận diện du lịch tỉnh", "deadline": "Quý II/2026",
         "lead": ["Sở Văn hóa, Thể thao và Du lịch"]},
        {"text": "Rà soát hạ tầng các điểm du lịch cộng đồng", "deadline": "Trước ngày 30/6/2026",
         "lead": ["Các bộ, cơ quan ngang bộ", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]}]


def test_a_cut_deadline_before_a_last_lead_column_one_cell_per_line() -> None:
    """A one-cell-per-line task table whose lead column stands after the deadline's: a deadline cell the text cut
    after 'Trước ngày' with its date on the next line is one cell, the lead cell after it the row's lead."""
    head = official_head("HƯỚNG DẪN", "12/HD-BTC", "Triển khai số hóa hồ sơ năm 2026", issuer="BỘ TÀI CHÍNH",
                         place="Hà Nội", date="ngày 12 tháng 02 năm 2026")
    body = ("II. NHIỆM VỤ\nTT\nNội dung công việc\nThời hạn\nCơ quan thực hiện\n"
            "1\nBan hành danh mục hồ sơ số hóa\nQuý I/2026\nThanh tra Bộ\n"
            "2\nRà soát hồ sơ tồn đọng\nTrước ngày\n30/6/2026\nCác bộ, ngành; UBND các tỉnh, thành phố\n"
            "3\nKiểm tra việc thực hiện\nQuý IV/2026\nThanh tra Bộ\n\nIII. TỔ CHỨC THỰC HIỆN\nThanh tra Bộ là đầu mối.\n")
    got = task_triples(head + body + SIGNED_TAIL)
    assert [(t["text"], t["deadline"]) for t in got] == [
        ("Ban hành danh mục hồ sơ số hóa", "Quý I/2026"), ("Rà soát hồ sơ tồn đọng", "Trước ngày 30/6/2026"),
        ("Kiểm tra việc thực hiện", "Quý IV/2026")]
    assert got[1]["lead"] == ["Các bộ, cơ quan ngang bộ", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]


def test_an_aligned_place_by_year_table_whose_place_cell_wraps() -> None:
    """'STT  Địa bàn  Năm 2026  Năm 2027  Giai đoạn 2028 - 2030' in aligned columns: a place cell wrapped onto a line of
    its own under the place column is the row's, and the rows below it are read too."""
    body = ("QUYẾT NGHỊ:\n\nĐiều 1. Thông qua chỉ tiêu phát triển nhà ở xã hội\n"
            "Chỉ tiêu theo địa bàn như sau (đơn vị tính: căn):\n"
            "STT   Địa bàn                                   Năm 2026   Năm 2027   Giai đoạn 2028 - 2030\n"
            "1     Phường Thành Sen, phường Trần Phú và các        800      1.000                   3.000\n"
            "      phường lân cận\n"
            "2     Các xã, phường còn lại                          120        150                     600\n\n"
            "Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.\n" + SIGNED_TAIL)
    ex = extract_text(_head("NGHỊ QUYẾT", "52/NQ-HĐND", "Về chỉ tiêu phát triển nhà ở xã hội giai đoạn 2026 - 2030")
                      + body)
    assert target_tuples(ex) == [(120.0, "căn", 2026), (150.0, "căn", 2027), (600.0, "căn", 2030),
                                 (800.0, "căn", 2026), (1000.0, "căn", 2027), (3000.0, "căn", 2030)]
    assert "Phường Thành Sen, phường Trần Phú và các phường lân cận" in {t["indicator"] for t in ex.targets}


def _ocr_extract(text: str):  # -> extract.Extraction of a one-page OCR'd document (no word boxes)
    from extract.core import extract_document
    from ingest.records import Document, Page

    return extract_document(Document("d", "d.pdf", "d.pdf", pages=[Page(1, "ocr", text, text=text)]))


_RUN_TOGETHER = ("QUYẾT NGHỊ:\n\nĐiều 1. Thông qua chỉ tiêu phát triển nhà ở xã hội đến năm 2030 ({unit}) như sau:\n\n"
                 "Loại nhà ở Năm 2026 Năm 2027 Đến năm 2030\n"
                 "Nhà ở xã hội 850 1.200 5.000\nNhà ở công nhân 300 450 2.000\nTổng 1.150 1.650 7.000\n\n"
                 "Tổng vốn đầu tư dự kiến khoảng 9.800 tỷ đồng.\n\n"
                 "Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.\n" + SIGNED_TAIL)
_RUN_TOGETHER_TARGETS = [(300.0, "căn", 2026), (450.0, "căn", 2027), (850.0, "căn", 2026), (1150.0, "căn", 2026),
                         (1200.0, "căn", 2027), (1650.0, "căn", 2027), (2000.0, "căn", 2030), (5000.0, "căn", 2030),
                         (7000.0, "căn", 2030)]


def test_a_category_table_whose_cells_ocr_ran_together() -> None:
    """'Loại nhà ở Năm 2026 Năm 2027 Đến năm 2030' over 'Nhà ở xã hội 850 1.200 5.000' (a scan's aligned table, its
    cells one space apart) under '… (căn) như sau:': each row's figures by the header's years, the unit the sentence's;
    without the unit over it, or with words after its years, no table."""
    head = _head("NGHỊ QUYẾT", "27/NQ-HĐND", "Thông qua chỉ tiêu phát triển nhà ở xã hội đến năm 2030")
    assert target_tuples(extract_text(head + _RUN_TOGETHER.format(unit="căn"))) == _RUN_TOGETHER_TARGETS
    bare = _RUN_TOGETHER.replace(" (căn) như sau:", " như sau:").format(unit="")
    assert target_tuples(extract_text(head + bare)) == []
    tail = _RUN_TOGETHER.replace("Đến năm 2030\n", "Đến năm 2030 Ghi chú\n").format(unit="căn")
    assert target_tuples(extract_text(head + tail)) == []


def test_a_region_table_whose_cells_ocr_ran_together() -> None:
    """'Vùng KH 2026 TH 2025' under a title that brackets its unit ('… theo vùng (%):'): the plan column's figures,
    the result column's none."""
    head = official_head("HƯỚNG DẪN", "18/HD-BNV", "Chi trả lương hưu qua tài khoản năm 2026", issuer="BỘ NỘI VỤ",
                         place="Hà Nội", date="ngày 22 tháng 01 năm 2026")
    body = ("I. CHỈ TIÊU\nTỷ lệ người hưởng nhận lương hưu qua tài khoản năm 2026 theo vùng (%):\n"
            "Vùng KH 2026 TH 2025\nTrung du và miền núi phía Bắc 75 61,5\nĐồng bằng sông Hồng 90 84,2\n"
            "Toàn quốc 85 76,4\n\nII. NHIỆM VỤ\nBảo hiểm xã hội Việt Nam hướng dẫn chi trả.\n" + SIGNED_TAIL)
    assert target_tuples(extract_text(head + body)) == [(75.0, "%", 2026), (85.0, "%", 2026), (90.0, "%", 2026)]


def test_a_unit_ocr_read_with_a_mark_wrong() -> None:
    """On an OCR'd page '(cân)' over a table is 'căn' (targets.json 'ocr_units'); on a text page it stays as printed."""
    head = _head("NGHỊ QUYẾT", "27/NQ-HĐND", "Thông qua chỉ tiêu phát triển nhà ở xã hội đến năm 2030")
    assert target_tuples(_ocr_extract(head + _RUN_TOGETHER.format(unit="cân"))) == _RUN_TOGETHER_TARGETS
    assert {t[1] for t in target_tuples(extract_text(head + _RUN_TOGETHER.format(unit="cân")))} == {"cân"}


_RUN_TASKS = ("IV. NHIỆM VỤ, GIẢI PHÁP\n"
              "TT Nội dung thực hiện Thời gian Đơn vị thực hiện\n"
              "1 Tuyên truyền phân loại rác trên hệ thống Quý I/2026 Văn phòng Hội đồng nhân dân\n"
              "loa truyền thanh của phường và Ủy ban nhân dân phường\n"
              "2 Cấp túi đựng rác phân loại cho các hộ Tháng 4/2026 Phòng Kinh tế, Hạ tầng và\n"
              "Đô thị\n"
              "3 Kiểm tra, nhắc nhở hộ chưa phân loại Hằng tháng Các tổ dân phố\n\n"
              "Kinh phí thực hiện khoảng 185 triệu đồng.\n")


def test_run_together_header_cells() -> None:
    """A task table's header OCR ran together parts at its words in capitals, when each part names a field and the
    deadline's stands between the content's and the lead's; a sentence, or a lead before the deadline, is none."""
    assert _run_header("TT Nội dung thực hiện Thời gian Đơn vị thực hiện") == [
        "TT", "Nội dung thực hiện", "Thời gian", "Đơn vị thực hiện"]
    assert _run_header("TT Nội dung Cơ quan chủ trì Thời hạn") is None
    assert _run_header("Tổ chức thực hiện Kế hoạch này") is None


def test_a_task_table_whose_cells_ocr_ran_together() -> None:
    """On an OCR'd page each row parts at its deadline cell; a line without a number gives the content its words up to
    the first in capitals (with the 'và' before it) and the lead the rest; the sentence after the blank line is none.
    On a text page the lines are left to the other readers."""
    rows = run_together_task_lines(page_lines([(1, _RUN_TASKS)]), {1})
    assert [ln.text for ln in rows[1:7]] == [
        "TT\tNội dung thực hiện\tThời gian\tĐơn vị thực hiện",
        "1\tTuyên truyền phân loại rác trên hệ thống loa truyền thanh của phường\tQuý I/2026\tVăn phòng Hội đồng nhân "
        "dân và Ủy ban nhân dân phường", "\t",
        "2\tCấp túi đựng rác phân loại cho các hộ\tTháng 4/2026\tPhòng Kinh tế, Hạ tầng và Đô thị", "\t",
        "3\tKiểm tra, nhắc nhở hộ chưa phân loại\tHằng tháng\tCác tổ dân phố"]
    assert rows[8].text == "Kinh phí thực hiện khoảng 185 triệu đồng."
    assert [ln.text for ln in run_together_task_lines(page_lines([(1, _RUN_TASKS)]), set())] == \
        [ln.text for ln in page_lines([(1, _RUN_TASKS)])]
    head = official_head("KẾ HOẠCH", "15/KH-UBND", "Phân loại rác thải sinh hoạt năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nPHƯỜNG LÊ CHÂN", place="Lê Chân", date="ngày 20 tháng 01 năm 2026")
    ex = _ocr_extract(head + _RUN_TASKS + SIGNED_TAIL)
    assert [(t["text"], t["deadline_text"]) for t in ex.tasks] == [
        ("Tuyên truyền phân loại rác trên hệ thống loa truyền thanh của phường", "Quý I/2026"),
        ("Cấp túi đựng rác phân loại cho các hộ", "Tháng 4/2026"), ("Kiểm tra, nhắc nhở hộ chưa phân loại", "Hằng tháng")]


def test_a_two_row_headers_lower_line_ocr_garbled() -> None:
    """On an OCR'd page, 'STT | Chỉ tiêu | Đơn vị | Năm 2025 | | KH 2026' over its lower line garbled ('|I[I KHỊ THỊ'
    for ' | | | KH | TH |') then the rows: the rows are read, the plan column's figures the targets; a line of words
    in small letters there is no such line, nor any line under a header that leaves no cell empty."""
    assert _garbled_sub_header("|I[I KHỊ THỊ", ["STT", "Chỉ tiêu", "Đơn vị", "Năm 2025", "", "KH 2026"])
    assert not _garbled_sub_header("Ghi chú: số liệu ước", ["STT", "Chỉ tiêu", "Đơn vị", "Năm 2025", "", "KH 2026"])
    assert not _garbled_sub_header("KH TH", ["STT", "Chỉ tiêu", "Năm 2025", "KH 2026"])
    head = official_head("BÁO CÁO", "52/BC-SXD", "Kết quả phát triển đô thị năm 2025 và kế hoạch năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH HƯNG YÊN\nSỞ XÂY DỰNG", place="Hưng Yên",
                         date="ngày 06 tháng 01 năm 2026")
    body = ("I. KẾT QUẢ NĂM 2025 VÀ KẾ HOẠCH NĂM 2026\n"
            "STT | Chỉ tiêu | Đơn vị | Năm 2025 | | KH 2026\n|I[I KHỊ THỊ\n"
            "1 | Tỷ lệ đô thị hóa | % | 50 | 51„2 | 55\n"
            "2 | Dự án phát triển đô thị được chấp thuận đầu tư | dự án | 10 | 9 | 12\n\n" + SIGNED_TAIL)
    assert target_tuples(_ocr_extract(head + body)) == [(12.0, "dự án", 2026), (55.0, "%", 2026)]


def test_an_ocr_pipe_row_cut_after_truoc_ngay_with_a_group_glued() -> None:
    """On an OCR'd page a row whose deadline the page cut after 'Trước ngày' goes on with the date below it, the next
    group row glued after that date dropped from the row ('30/9/2026 III | KIỂM TRA, BÁO CÁO | |'); a deadline cut
    after 'Trước' with 'ngày …' below is joined too."""
    text = ("TT | Nội dung nhiệm vụ | Cơ quan thực hiện | Thời hạn\n"
            "5 | Hỗ trợ nước sinh hoạt cho hộ dân vùng hạn | UBND các tỉnh, thành phố | Trước ngày\n"
            "30/9/2026 III | KIỂM TRA, BÁO CÁO | |\n"
            "6 | Tổng hợp thiệt hại | Cục Quản lý đê điều và Phòng, chống thiên tai | Trước\n"
            "ngày 15/10/2026\n")
    rows = ocr_pipe_rows(pipe_table_lines(page_lines([(1, text)]), {1}), {1})
    assert [ln.text for ln in rows[1:5]] == [
        "5\tHỗ trợ nước sinh hoạt cho hộ dân vùng hạn\tUBND các tỉnh, thành phố\tTrước ngày 30/9/2026", "\t",
        "6\tTổng hợp thiệt hại\tCục Quản lý đê điều và Phòng, chống thiên tai\tTrước ngày 15/10/2026", "\t"]


def test_a_reports_plan_part_and_a_national_total() -> None:
    """A báo cáo's part 'II. KẾ HOẠCH GIAI ĐOẠN 2026 - 2030' is the plan ahead: its table by place gives targets of
    its years, its result column 'Thực hiện 2025' none; a 'Toàn quốc' row is a total row, one cell short (made from
    the kept-aside dt166-dt167's misses, after their check was recorded)."""
    head = official_head("BÁO CÁO", "34/BC-SXD", "Kết quả năm 2025 và kế hoạch giai đoạn 2026 - 2030",
                         issuer="ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH\nSỞ XÂY DỰNG", place="Hà Tĩnh",
                         date="ngày 08 tháng 01 năm 2026")
    body = ("I. KẾT QUẢ NĂM 2025\nNăm 2025 hoàn thành 640 căn.\n\nII. KẾ HOẠCH GIAI ĐOẠN 2026 - 2030\n"
            "Số căn hoàn thành theo địa bàn như sau (đơn vị tính: căn):\n"
            "STT\tĐịa bàn\tThực hiện 2025\tNăm 2026\tGiai đoạn 2027 - 2030\n"
            "1\tPhường Thành Sen và các phường lân cận\t410\t700\t2.600\n\tToàn tỉnh\t410\t700\t2.600\n\n" + SIGNED_TAIL)
    assert target_tuples(extract_text(head + body)) == [(700.0, "căn", 2026), (700.0, "căn", 2026),
                                                        (2600.0, "căn", 2030), (2600.0, "căn", 2030)]
    assert _TOTAL.match("toan quoc")
