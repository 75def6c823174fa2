"""Target and task tables of the dt150-dt155 round (issue 11): a target table by category whose year columns read
'Đến 2027' / 'Đến 2030' (a horizon: a target column wherever the table stands), a table under an article that
announces 'các chỉ tiêu sau:', and a task table written one cell per line with a column of figures (a budget) whose
cells look like row numbers. Each case goes through the real extractor or the helper that reads it."""

from __future__ import annotations

from functools import partial

from extract.structure import page_lines
from extract.tables import _next_row_no, cell_task_lines
from tests.conftest import SIGNED_TAIL, extract_text, official_head, target_tuples

_head = partial(official_head, issuer="ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG", place="Cao Bằng",
                date="ngày 14 tháng 02 năm 2026")


def test_columns_up_to_a_year_give_that_years_targets() -> None:
    """'Đến 2027 | Đến 2030' columns are targets of their years; the result column beside them gives none, and the
    unit stands in the row label's brackets. The table stands under a plain heading that names no targets."""
    body = ("I. NỘI DUNG\n"
            "STT | Nội dung | Thực hiện 2025 | Đến 2027 | Đến năm 2030\n"
            "1 | Nhà ở xã hội hoàn thành (căn) | 120 | 450 | 1.200\n"
            "2 | Đường đô thị được chỉnh trang (km) | 8 | 15 | 42\n\n"
            "II. TỔ CHỨC THỰC HIỆN\nSở Xây dựng là cơ quan thường trực.\n" + SIGNED_TAIL)
    ex = extract_text(_head("KẾ HOẠCH", "12/KH-UBND", "Phát triển nhà ở") + body)
    assert target_tuples(ex) == [(15.0, "km", 2027), (42.0, "km", 2030), (450.0, "căn", 2027), (1200.0, "căn", 2030)]


def test_a_column_up_to_a_past_year_gives_none() -> None:
    """'Đến 2025' in a document of 2026 is a result up to then: no target."""
    body = ("I. NỘI DUNG\n"
            "STT | Nội dung | Đến 2025 | Đến 2027\n"
            "1 | Nhà ở xã hội hoàn thành (căn) | 120 | 450\n\n" + SIGNED_TAIL)
    ex = extract_text(_head("KẾ HOẠCH", "12/KH-UBND", "Phát triển nhà ở") + body)
    assert target_tuples(ex) == [(450.0, "căn", 2027)]


def test_an_article_that_announces_the_targets_after_it() -> None:
    """'Điều 1. Ban hành Kế hoạch … với các chỉ tiêu sau:' over a table of plain year columns: its targets."""
    body = ("QUYẾT ĐỊNH:\n\nĐiều 1. Ban hành Kế hoạch phát triển đô thị với các chỉ tiêu sau:\n"
            "STT\tChỉ tiêu\tĐơn vị tính\tNăm 2026\tNăm 2027\n"
            "1\tĐường đô thị được chỉnh trang\tkm\t6\t9\n\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n" + SIGNED_TAIL)
    ex = extract_text(_head("QUYẾT ĐỊNH", "205/QĐ-UBND", "Về việc ban hành Kế hoạch phát triển đô thị") + body)
    assert target_tuples(ex) == [(6.0, "km", 2026), (9.0, "km", 2027)]


_BUDGET = ("STT\nNhiệm vụ\nCơ quan chủ trì\nKinh phí (triệu đồng)\nThời hạn\n"
           "1\nLập chương trình phát triển nhà ở xã hội\nSở Xây dựng\n1.500\nQuý II/2026\n"
           "2\nBố trí quỹ đất cho các dự án nhà ở xã hội\nSở Nông nghiệp và Môi trường\n800\nTrước ngày 30/9/2026\n"
           "3\nCân đối vốn đầu tư công cho chỉnh trang đô thị\nSở Tài chính\n-\nHằng năm\n")


def test_a_budget_cell_that_reads_as_a_number_is_a_cell() -> None:
    """'800' in the budget column is no row number (the row after '2' is '3'): every row keeps its cells."""
    rows = [ln.text for ln in cell_task_lines(page_lines([(1, _BUDGET + "\n")])) if ln.text.strip()]
    assert rows[1:] == [
        "1\tLập chương trình phát triển nhà ở xã hội\tSở Xây dựng\t1.500\tQuý II/2026",
        "2\tBố trí quỹ đất cho các dự án nhà ở xã hội\tSở Nông nghiệp và Môi trường\t800\tTrước ngày 30/9/2026",
        "3\tCân đối vốn đầu tư công cho chỉnh trang đô thị\tSở Tài chính\t\tHằng năm",
    ]


def test_the_next_row_number() -> None:
    assert _next_row_no("2", "3") and _next_row_no("I", "1") and _next_row_no("1", "II") and _next_row_no("1", "1.1")
    assert not _next_row_no("2", "800") and not _next_row_no("1", "1")
