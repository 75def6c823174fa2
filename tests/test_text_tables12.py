"""Task and target tables from text in unusual layouts (issue 11, the dt140-dt145 round): a task table in aligned
columns whose every row wraps (content, lead and deadline cells going on below) with roman group rows; a task table
whose columns come in another order with a last 'Đề nghị …' row that leaves its lead cell empty; a quota table by
unit whose 'Chỉ tiêu giao (người)' column is no indicator's, under an announcement with an aside in brackets; a table
by place written one cell per line with a 'Toàn xã' total; an aligned targets header over two lines whose 'Kết quả'
group gives no target. Each case goes through the real extractor, the helpers on their own too."""

from __future__ import annotations

from functools import partial

from extract.structure import page_lines
from extract.tables import _TOTAL, _sub_header, aligned_task_lines
from extract.targets import _announces, _quota_head
from tests.conftest import SIGNED_TAIL, extract_text, official_head, target_tuples, task_triples

_head = partial(official_head, issuer="ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", place="Nghệ An",
                date="ngày 16 tháng 3 năm 2026")

_ALIGNED = (
    "TT    Nội dung công việc                      Đơn vị chủ trì          Thời gian\n"
    "                                                                      hoàn thành\n"
    "I     CÔNG TÁC TRIỂN KHAI\n"
    "1     Xây dựng hướng dẫn đánh giá, phân hạng  Chi cục Phát triển      Trước ngày\n"
    "      sản phẩm năm 2026                        nông thôn               31/3/2026\n"
    "2     Tổ chức tập huấn cho chủ thể sản xuất   Trung tâm Khuyến        Quý II/2026\n"
    "      kinh doanh trên địa bàn tỉnh            nông\n"
    "II    KIỂM TRA, GIÁM SÁT\n"
    "3     Kiểm tra việc duy trì chất lượng sản    Thanh tra Sở            Trước ngày\n"
    "      phẩm đã được công nhận                                          30/9/2026\n"
)


def test_aligned_task_rows_are_joined_under_their_columns() -> None:
    """Each row from its number down to the next, its cells' lines joined; the header's wrapped cell joined to it; the
    lines a row took left as a lone tab, the group rows rows of their own."""
    lines = aligned_task_lines(page_lines([(1, _ALIGNED)]))
    texts = [ln.text for ln in lines]
    assert texts[0] == "TT\tNội dung công việc\tĐơn vị chủ trì\tThời gian hoàn thành"
    assert texts[1] == "\t"
    assert texts[2] == "I\tCÔNG TÁC TRIỂN KHAI\t\t"
    assert texts[3] == ("1\tXây dựng hướng dẫn đánh giá, phân hạng sản phẩm năm 2026\tChi cục Phát triển nông thôn"
                        "\tTrước ngày 31/3/2026")
    assert texts[4] == "\t"
    assert texts[5].split("\t")[2:] == ["Trung tâm Khuyến nông", "Quý II/2026"]
    assert [ln.idx for ln in lines] == list(range(len(lines)))
    # a scan's page is left alone (OCR gives runs of spaces as one)
    assert [ln.text for ln in aligned_task_lines(page_lines([(1, _ALIGNED)]), {1})] == _ALIGNED.split("\n")


def test_an_aligned_paragraph_is_no_task_table() -> None:
    """A line that opens no header ('TT' first, a content and a lead column) leaves the text as it is."""
    text = "Số TT  Chỉ tiêu  Năm 2026\n1  Tỷ lệ hộ nghèo  2\n"
    assert [ln.text for ln in aligned_task_lines(page_lines([(1, text)]))] == text.split("\n")


def test_an_aligned_task_table_whose_rows_wrap_gives_its_tasks() -> None:
    body = ("I. MỤC ĐÍCH, YÊU CẦU\n- Phát triển sản phẩm gắn với lợi thế của địa phương.\n\n"
            "II. NHIỆM VỤ CỤ THỂ\nCác đơn vị thuộc Sở thực hiện các nhiệm vụ sau:\n\n" + _ALIGNED + "\n"
            "III. TỔ CHỨC THỰC HIỆN\nChi cục Phát triển nông thôn là đầu mối theo dõi việc thực hiện Kế hoạch.\n"
            + SIGNED_TAIL)
    got = task_triples(_head("KẾ HOẠCH", "412/KH-SNNMT", "Phát triển sản phẩm năm 2026") + body)
    assert [(t["text"], t["lead"], t["deadline"]) for t in got] == [
        ("Xây dựng hướng dẫn đánh giá, phân hạng sản phẩm năm 2026", ["Chi cục Phát triển nông thôn"],
         "Trước ngày 31/3/2026"),
        ("Tổ chức tập huấn cho chủ thể sản xuất kinh doanh trên địa bàn tỉnh", ["Trung tâm Khuyến nông"], "Quý II/2026"),
        ("Kiểm tra việc duy trì chất lượng sản phẩm đã được công nhận", ["Thanh tra Sở"], "Trước ngày 30/9/2026"),
    ]


def test_a_request_row_with_an_empty_lead_cell_is_led_by_the_body_it_names() -> None:
    """'TT | Nội dung công việc | Thời gian hoàn thành | Đơn vị chủ trì | …': a last row 'Đề nghị Ủy ban Mặt trận …'
    whose lead cell is empty takes the body it names, not the row above's lead."""
    body = ("I. NHIỆM VỤ CỤ THỂ\n"
            "TT | Nội dung công việc | Thời gian hoàn thành | Đơn vị chủ trì | Đơn vị phối hợp\n"
            "1 | Kiểm tra, xử lý vi phạm vệ sinh môi trường tại các khu dân cư | Định kỳ 6 tháng | Công an xã | Các thôn\n"
            "2 | Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã vận động nhân dân hiến đất làm đường | Thường xuyên | |\n"
            "\nII. TỔ CHỨC THỰC HIỆN\nPhòng Kinh tế là cơ quan thường trực.\n" + SIGNED_TAIL)
    head = official_head("CHƯƠNG TRÌNH", "27/CTr-UBND", "Xây dựng nông thôn mới năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nXÃ PHÚ HÒA", place="Phú Hòa", date="ngày 22 tháng 12 năm 2025")
    got = task_triples(head + body)
    assert [(t["lead"], t["deadline"]) for t in got] == [
        (["Công an xã"], "Định kỳ 6 tháng"), (["Ủy ban Mặt trận Tổ quốc Việt Nam"], "Thường xuyên")]


def test_a_quota_column_is_no_indicator_column() -> None:
    assert _quota_head(["STT", "Đơn vị", "Chỉ tiêu giao (người)", "Tỷ lệ (%)"], 2)
    assert not _quota_head(["STT", "Chỉ tiêu (%)", "Năm 2026"], 1)
    assert _quota_head(["STT", "Đơn vị", "Chỉ tiêu giao", "Tỷ lệ (%)"], 2)  # after the units' names, no unit needed
    assert not _quota_head(["STT", "Lĩnh vực", "Chỉ tiêu", "Năm 2026"], 2)


def test_an_announcement_with_an_aside_in_brackets() -> None:
    assert _announces("Điều 1. Giao chỉ tiêu năm 2026 cho các xã như sau (năm 2025 toàn tỉnh đạt 6.912 người):")
    assert not _announces("Điều 1. Giao chỉ tiêu năm 2026 cho các xã (chi tiết tại Phụ lục).")


def test_a_quota_table_by_unit_in_a_decision() -> None:
    """A quyết định's Điều 1 with a tab table 'STT | Đơn vị | Chỉ tiêu giao (người) | Tỷ lệ bao phủ (%)' and a total
    row: a count and a rate target per row for the decision's year; the past figures of the announcement none."""
    rows = [["STT", "Đơn vị", "Chỉ tiêu giao (người)", "Tỷ lệ bao phủ (%)"], ["1", "Phường Thành Sen", "2.450", "8,5"],
            ["2", "Xã Thạch Hà", "1.320", "6,2"], ["", "Tổng cộng", "3.770", "7,4"]]
    body = ("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH\n\nQUYẾT ĐỊNH:\n\n"
            "Điều 1. Giao chỉ tiêu phát triển người tham gia bảo hiểm xã hội tự nguyện năm 2026 cho các xã, phường như"
            " sau (năm 2025 toàn tỉnh đạt 6.912 người, tỷ lệ bao phủ 6,3%):\n"
            + "\n".join("\t".join(r) for r in rows) + "\n\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n" + SIGNED_TAIL)
    head = official_head("QUYẾT ĐỊNH", "318/QĐ-UBND",
                         "Về việc giao chỉ tiêu phát triển người tham gia bảo hiểm xã hội tự nguyện năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH", place="Hà Tĩnh", date="ngày 05 tháng 02 năm 2026")
    assert target_tuples(extract_text(head + body)) == [
        (6.2, "%", 2026), (7.4, "%", 2026), (8.5, "%", 2026),
        (1320, "người", 2026), (2450, "người", 2026), (3770, "người", 2026)]


def test_a_commune_or_ward_total_row() -> None:
    for label in ("toan xa", "toan phuong", "toan huyen", "toan tinh", "tong cong"):
        assert _TOTAL.match(label)
    assert not _TOTAL.match("toan dien")


def test_a_cell_per_line_table_by_village_with_its_commune_total() -> None:
    body = ("I. CHỈ TIÊU\n1. Chỉ tiêu gia đình văn hóa năm 2026 theo thôn:\n"
            "STT\nThôn\nSố hộ đạt chuẩn văn hóa (hộ)\nTỷ lệ (%)\n1\nThôn Phú Thạnh\n420\n92\n2\nThôn Phú Lợi\n385\n90\n"
            "Toàn xã\n805\n91\n\nII. TỔ CHỨC THỰC HIỆN\nPhòng Văn hóa - Xã hội chủ trì thực hiện.\n" + SIGNED_TAIL)
    head = official_head("KẾ HOẠCH", "27/KH-UBND", "Xây dựng gia đình văn hóa năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nXÃ PHÚ HÒA", place="Phú Hòa", date="ngày 12 tháng 01 năm 2026")
    assert target_tuples(extract_text(head + body)) == [
        (90, "%", 2026), (91, "%", 2026), (92, "%", 2026), (385, "hộ", 2026), (420, "hộ", 2026), (805, "hộ", 2026)]


_TWO_ROW = ("TT  Chỉ tiêu                          ĐVT     Kết quả                 Kế hoạch\n"
            "                                              Năm 2024    Năm 2025    Năm 2026\n"
            "1   Tỷ lệ đô thị hóa                  %       40,1        41,5        43\n"
            "2   Số nhà ở xã hội hoàn thành        căn     320         410         600\n")


def test_an_aligned_header_over_two_lines() -> None:
    """The lower line's cells give the columns right of the indicator's; a row of figures is no sub-header."""
    first, second, row = _TWO_ROW.split("\n")[:3]
    from extract.tables import _spans
    cols = _sub_header(_spans(first), second)
    assert cols is not None and [second[a:b] for a, b in cols[3:]] == ["Năm 2024", "Năm 2025", "Năm 2026"]
    assert [first[a:b] for a, b in cols[:3]] == ["TT", "Chỉ tiêu", "ĐVT"]
    assert _sub_header(_spans(first), row) is None


def test_a_report_whose_result_columns_stand_under_a_merged_cell() -> None:
    """'Kết quả' over 'Năm 2024  Năm 2025', 'Kế hoạch' over 'Năm 2026': the plan's column alone gives targets."""
    body = ("I. KẾT QUẢ VÀ KẾ HOẠCH\nCác chỉ tiêu chủ yếu như sau:\n" + _TWO_ROW + "\n"
            "II. NHIỆM VỤ\nTham mưu Ủy ban nhân dân tỉnh ban hành kế hoạch phát triển nhà ở.\n" + SIGNED_TAIL)
    head = official_head("BÁO CÁO", "12/BC-SXD", "Kết quả năm 2025 và kế hoạch năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSỞ XÂY DỰNG", place="Nghệ An",
                         date="ngày 10 tháng 01 năm 2026")
    assert target_tuples(extract_text(head + body)) == [(43, "%", 2026), (600, "căn", 2026)]


def test_an_aligned_header_whose_lead_cell_wraps() -> None:
    """'Đơn vị' over 'chủ trì': the header's columns named once its lines are joined; rows numbered '1.1' too."""
    text = ("STT   Nội dung                     Đơn vị       Thời hạn\n"
            "                                   chủ trì\n"
            "1.1   Rà soát danh mục thủ tục     Sở Tư pháp   Quý I/2026\n"
            "      hành chính\n")
    got = [ln.text for ln in aligned_task_lines(page_lines([(1, text)]))]
    assert got[:4] == ["STT\tNội dung\tĐơn vị chủ trì\tThời hạn", "\t",
                       "1.1\tRà soát danh mục thủ tục hành chính\tSở Tư pháp\tQuý I/2026", "\t"]


def test_a_quota_column_without_unit_gives_no_names_as_units() -> None:
    """'STT | Đơn vị | Chỉ tiêu giao | Tỷ lệ (%)': the rows' names are no units; the rates are the targets."""
    table = "STT\tĐơn vị\tChỉ tiêu giao\tTỷ lệ (%)\n1\tPhường Thành Sen\t2.450\t98\n2\tXã Thạch Hà\t1.320\t97\n"
    body = ("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH\n\nQUYẾT ĐỊNH:\n\n"
            "Điều 1. Giao chỉ tiêu tiêm chủng năm 2026 cho các đơn vị như sau:\n" + table + "\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n" + SIGNED_TAIL)
    head = official_head("QUYẾT ĐỊNH", "318/QĐ-UBND", "Về việc giao chỉ tiêu tiêm chủng năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH", place="Hà Tĩnh", date="ngày 05 tháng 02 năm 2026")
    assert target_tuples(extract_text(head + body)) == [(97, "%", 2026), (98, "%", 2026)]


def test_a_centred_header_and_a_cell_written_to_its_column_edge() -> None:
    """Header labels centred over their columns (the rows' cells start left of them): a wrapped cell's short tail
    ('năm 2026') stands under the content, not the number; a cell that runs to one space before the next column is
    cut there, a short tail whose words straddle a column start ('quân chiến dịch') is not."""
    text = (" TT        Nội dung công việc          Thời gian hoàn thành   Đơn vị chủ trì\n"
            "  1   Rà soát hộ nghèo, hộ cận nghèo     Trước ngày             Phòng Văn hóa - Xã\n"
            "      năm 2026                           30/11/2026             hội\n"
            "  2   Tổ chức ra quân chiến dịch tình nguyện hè của thanh niên Tháng 7/2026 Đoàn Thanh niên xã\n"
            "      quân chiến dịch\n")
    got = [ln.text for ln in aligned_task_lines(page_lines([(1, text)]))]
    assert got[1] == "1\tRà soát hộ nghèo, hộ cận nghèo năm 2026\tTrước ngày 30/11/2026\tPhòng Văn hóa - Xã hội"
    assert got[2] == "\t"
