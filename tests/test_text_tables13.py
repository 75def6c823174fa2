"""Task tables from text in two layouts (issue 11, the dt146-dt149 round): a task table written one cell per line (as
a text copied from a Word table comes out), its group rows, empty cells written '-' or as blank lines, a content cell
on two lines, its lead in the last column or its deadline before the lead; and a '|' table's group rows as OCR reads
them on a scan (the bar after the roman number lost or read as a letter, a row of one cell in capitals). Each case
goes through the real extractor or the helper that reads it."""

from __future__ import annotations

from functools import partial

from extract.structure import _group_cells, ocr_pipe_rows, page_lines
from extract.tables import cell_task_lines
from extract.tasks import _group_row
from tests.conftest import SIGNED_TAIL, official_head, task_triples

_head = partial(official_head, issuer="ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSỞ KHOA HỌC VÀ CÔNG NGHỆ", place="Bắc Ninh",
                date="ngày 09 tháng 3 năm 2026")

_CELLS = ("STT\nNội dung\nĐơn vị chủ trì\nĐơn vị phối hợp\nThời gian\n"
          "I\nNHÓM NHIỆM VỤ VỀ HẠ TẦNG\n"
          "1\nNâng cấp hệ thống mạng nội bộ của Sở\nTrung tâm Chuyển đổi số\nVăn phòng Sở\nQuý II/2026\n"
          "2\nRà soát, chuẩn hóa cơ sở dữ liệu về tổ chức\nkhoa học và công nghệ\nPhòng Quản lý khoa học\n-\n"
          "Trước ngày 30/6/2026\n"
          "3\nĐánh giá mức độ chuyển đổi số của các đơn vị\nVăn phòng Sở\n\nQuý IV/2026\n")


def test_a_task_table_one_cell_per_line_becomes_tab_rows() -> None:
    """The header on its first line, each row on its number's line, a group row its name alone, '-' and a blank line
    empty cells, a content cell on two lines joined; the other lines a lone tab, each line keeping its index."""
    lines = cell_task_lines(page_lines([(1, _CELLS + "\nIII. TỔ CHỨC THỰC HIỆN\n")]))
    rows = [ln.text for ln in lines if ln.text.strip()]
    assert rows == [
        "STT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian",
        "I\tNHÓM NHIỆM VỤ VỀ HẠ TẦNG\t\t\t",
        "1\tNâng cấp hệ thống mạng nội bộ của Sở\tTrung tâm Chuyển đổi số\tVăn phòng Sở\tQuý II/2026",
        "2\tRà soát, chuẩn hóa cơ sở dữ liệu về tổ chức khoa học và công nghệ\tPhòng Quản lý khoa học\t\t"
        "Trước ngày 30/6/2026",
        "3\tĐánh giá mức độ chuyển đổi số của các đơn vị\tVăn phòng Sở\t\tQuý IV/2026",
        "III. TỔ CHỨC THỰC HIỆN",
    ]
    assert [ln.idx for ln in lines] == list(range(len(lines)))


def test_lines_under_a_lone_stt_that_name_no_task_columns_are_left_alone() -> None:
    """A target table so written ('STT' / 'Thôn' / 'Số hộ (hộ)') is the targets' reader's, not a task table."""
    text = "STT\nThôn\nSố hộ (hộ)\nTỷ lệ (%)\n1\nThôn Phú Lợi\n385\n90\n"
    assert [ln.text for ln in cell_task_lines(page_lines([(1, text)]))] == text.split("\n")


def test_a_task_table_one_cell_per_line_gives_its_tasks() -> None:
    body = ("I. NHIỆM VỤ CỤ THỂ\n" + _CELLS + "\nII. TỔ CHỨC THỰC HIỆN\nVăn phòng Sở là đầu mối theo dõi việc thực "
            "hiện Kế hoạch này.\n" + SIGNED_TAIL)
    got = task_triples(_head("KẾ HOẠCH", "215/KH-SKHCN", "Chuyển đổi số năm 2026") + body)
    assert [(t["text"], t["lead"], t["deadline"]) for t in got] == [
        ("Nâng cấp hệ thống mạng nội bộ của Sở", ["Trung tâm Chuyển đổi số"], "Quý II/2026"),
        ("Rà soát, chuẩn hóa cơ sở dữ liệu về tổ chức khoa học và công nghệ", ["Phòng Quản lý khoa học"],
         "Trước ngày 30/6/2026"),
        ("Đánh giá mức độ chuyển đổi số của các đơn vị", ["Văn phòng Sở"], "Quý IV/2026"),
    ]


def test_the_lead_last_or_the_deadline_before_it() -> None:
    """Columns in another order: the deadline before the lead, the lead in the last column."""
    table = ("TT\nNội dung công việc\nĐơn vị phối hợp\nThời gian hoàn thành\nĐơn vị chủ trì\n"
             "1\nTuyên truyền pháp luật về an toàn giao thông\nCác thôn\nThường xuyên\nPhòng Văn hóa - Xã hội\n"
             "2\nTổ chức tuần tra, kiểm soát, xử lý vi phạm\n\nTháng 6/2026\nCông an xã\n")
    rows = [ln.text for ln in cell_task_lines(page_lines([(1, table + "\n")])) if ln.text.strip()]
    assert rows[1:] == ["1\tTuyên truyền pháp luật về an toàn giao thông\tCác thôn\tThường xuyên\tPhòng Văn hóa - Xã hội",
                        "2\tTổ chức tuần tra, kiểm soát, xử lý vi phạm\t\tTháng 6/2026\tCông an xã"]


def test_a_task_column_named_nhiem_vu_with_the_deadline_before_the_lead() -> None:
    """'STT' / 'Nhiệm vụ' / 'Thời hạn' / 'Cơ quan chủ trì': the table's one task column is its content."""
    table = ("STT\nNhiệm vụ\nThời hạn\nCơ quan chủ trì\nCơ quan phối hợp\n"
             "1\nKiện toàn Ban Chỉ đạo các cấp\nTrước ngày 28/02/2026\nSở Nông nghiệp và Môi trường\nSở Nội vụ\n")
    rows = [ln.text for ln in cell_task_lines(page_lines([(1, table + "\n")])) if ln.text.strip()]
    assert rows[1] == "1\tKiện toàn Ban Chỉ đạo các cấp\tTrước ngày 28/02/2026\tSở Nông nghiệp và Môi trường\tSở Nội vụ"


def test_a_scanned_pipe_tables_group_rows() -> None:
    """On an OCR'd page a group row whose bar after its number OCR read as a letter ('IỊ NHÓM …') or lost with the
    others (a row of one cell in capitals) stays in the table as a group row, the rows under it read on."""
    text = ("STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian\n"
            "IỊ NHÓM NHIỆM VỤ VỀ HẠ TẦNG SỐ | | |\n"
            "1 | Nâng cấp mạng nội bộ | Trung tâm Chuyển đổi số | Văn phòng Sở | Quý II/2026\n"
            "NHÓM NHIỆM VỤ ĐÁNH GIÁ\n"
            "2 | Đánh giá mức độ chuyển đổi số | Văn phòng Sở | | Quý IV/2026\n")
    rows = [ln.text for ln in ocr_pipe_rows(page_lines([(1, text)]), {1})]
    assert rows[1] == "IỊ\tNHÓM NHIỆM VỤ VỀ HẠ TẦNG SỐ"
    assert rows[2].split("\t")[:2] == ["1", "Nâng cấp mạng nội bộ"]
    assert rows[3] == "\tNHÓM NHIỆM VỤ ĐÁNH GIÁ"
    assert rows[4].split("\t")[2] == "Văn phòng Sở"
    assert _group_cells("Nâng cấp mạng nội bộ") is None
    assert _group_cells("III. TỔ CHỨC THỰC HIỆN.") is None


def test_a_row_in_capitals_with_no_agency_is_a_group_row() -> None:
    assert _group_row("", {"text": ["NHÓM NHIỆM VỤ ĐÁNH GIÁ"]}, {"no": "2"}, False)
    assert _group_row("¡", {"text": ["NHÓM NHIỆM VỤ VỀ NHÂN LỰC"]}, {"no": "3"}, False)
    assert not _group_row("", {"text": ["Đánh giá mức độ chuyển đổi số"]}, {"no": "2"}, False)
    assert not _group_row("", {"text": ["KIỂM TRA"], "lead": ["Công an xã"]}, {}, False)
