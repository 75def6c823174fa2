"""Target and task tables of the dt156-dt161 round (issue 11): an aligned target table by category whose columns are
all years ('Loại công trình   Năm 2026   Năm 2027   Đến năm 2030') and whose unit the sentence over it gives; a
report's two-row header that sets 'KH' and 'TH' under 'Năm 2025' and 'KH' under 'Năm 2026'; a ' | ' task table
whose next group row ran onto a row's deadline cell ('Hằng quý II | PHÁT TRIỂN …'); a ' | ' row wrapped onto a
line of its own whose text goes on in small letters with the rest of the lead cell. Each case goes through the
real extractor or the helper that reads it."""

from __future__ import annotations

from functools import partial

from extract.agencies import residential_units
from extract.structure import _glued_group, page_lines, pipe_table_lines
from extract.tables import _figure_then_row, _is_header, cell_task_lines, column_fields
from tests.conftest import SIGNED_TAIL, extract_text, official_head, target_tuples, task_triples

_head = partial(official_head, issuer="ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA", place="Thanh Hóa",
                date="ngày 10 tháng 02 năm 2026")


def test_a_header_of_a_name_and_years_alone() -> None:
    """A row-naming cell and two or more years' cells is a header; a row of figures (a '2.000', a bare '2026') or of
    one year is none."""
    assert _is_header(["Loại công trình", "Năm 2026", "Năm 2027", "Đến năm 2030"])
    assert _is_header(["STT", "Hạng mục", "Năm 2026", "Năm 2027"])
    assert not _is_header(["Nhà ở xã hội", "850", "2.000", "2026"])
    assert not _is_header(["Hạng mục", "Năm 2026"])


def test_a_category_table_whose_unit_the_sentence_above_gives() -> None:
    """'… (km) như sau:' over an aligned table 'Loại công trình | Năm 2026 | Năm 2027 | Đến năm 2030' with no unit
    column: one target per figure, the total row's too, each of its column's year; an investment sum below is none."""
    body = ("QUYẾT NGHỊ:\n\nĐiều 1. Thông qua chỉ tiêu cứng hóa giao thông nông thôn đến năm 2030 (km) như sau:\n\n"
            "Loại công trình            Năm 2026     Năm 2027     Đến năm 2030\n"
            "Đường trục xã                    45           50              260\n"
            "Đường thôn, xóm                 120          130              700\n"
            "Tổng                            165          180              960\n\n"
            "Tổng vốn đầu tư dự kiến khoảng 3.200 tỷ đồng.\n\n"
            "Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.\n" + SIGNED_TAIL)
    ex = extract_text(_head("NGHỊ QUYẾT", "31/NQ-HĐND", "Về chỉ tiêu giao thông nông thôn đến năm 2030") + body)
    assert target_tuples(ex) == [(45.0, "km", 2026), (50.0, "km", 2027), (120.0, "km", 2026), (130.0, "km", 2027),
                                 (165.0, "km", 2026), (180.0, "km", 2027), (260.0, "km", 2030), (700.0, "km", 2030),
                                 (960.0, "km", 2030)]


def test_a_name_and_years_table_without_a_unit_is_no_category_table() -> None:
    """The same table with no unit over it and no indicator's header: not read as targets by category."""
    body = ("I. TÌNH HÌNH\n\n"
            "Loại công trình            Năm 2026     Năm 2027\n"
            "Đường trục xã                    45           50\n\n" + SIGNED_TAIL)
    ex = extract_text(_head("BÁO CÁO", "31/BC-UBND", "Tình hình giao thông nông thôn") + body)
    assert target_tuples(ex) == []


def test_plan_and_result_sub_columns_under_years() -> None:
    """'Năm 2025' over 'KH | TH' and 'Năm 2026' over 'KH': the plan of the year ahead gives the targets; the past
    year's plan and its result give none, nor the row number."""
    body = ("I. KẾT QUẢ VÀ KẾ HOẠCH\n"
            "STT | Chỉ tiêu | Đơn vị | Năm 2025 | | Năm 2026\n"
            " | | | KH | TH | KH\n"
            "1 | Tỷ lệ hộ dùng nước sạch | % | 60 | 58,5 | 65\n"
            "2 | Công trình cấp nước được nâng cấp | công trình | 8 | 7 | 10\n\n" + SIGNED_TAIL)
    ex = extract_text(_head("BÁO CÁO", "40/BC-UBND", "Kết quả năm 2025 và kế hoạch năm 2026") + body)
    assert target_tuples(ex) == [(10.0, "công trình", 2026), (65.0, "%", 2026)]


def test_a_group_row_glued_onto_a_deadline_cell() -> None:
    """'… | Hằng quý II | PHÁT TRIỂN ĐỐI TƯỢNG | |' under a four-cell header: the row ends before the group's numeral,
    its length kept; a 'Quý II' deadline in a row of the header's width is left alone."""
    cells = ["2 ", " Đối thoại ", " Sở Nội vụ ", " Hằng quý II ", " PHÁT TRIỂN ĐỐI TƯỢNG ", " ", ""]
    assert "|".join(cells)[: _glued_group(cells, 4)] == "2 | Đối thoại | Sở Nội vụ | Hằng quý"
    assert _glued_group(["2 ", " Đối thoại ", " Sở Nội vụ ", " Quý II"], 4) is None
    assert _glued_group(["2 ", " Đối thoại ", " Sở Nội vụ ", " Quý II ", " Sở Tài chính"], 4) is None
    rows = pipe_table_lines(page_lines([(1, "TT | Nội dung | Cơ quan chủ trì | Thời gian\n"
                                            "2 | Đối thoại | Sở Nội vụ | Hằng quý II | PHÁT TRIỂN ĐỐI TƯỢNG | |\n")]))
    assert rows[1].text.rstrip() == "2 \t Đối thoại \t Sở Nội vụ \t Hằng quý"
    assert len(rows[1].text) == len("2 | Đối thoại | Sở Nội vụ | Hằng quý II | PHÁT TRIỂN ĐỐI TƯỢNG | |")


_GLUED = ("I. NHIỆM VỤ\n"
          "TT | Nội dung | Cơ quan chủ trì | Thời gian\n"
          "I | TUYÊN TRUYỀN | |\n"
          "1 | Tuyên truyền chính sách bảo hiểm xã hội tự nguyện | Bảo hiểm xã hội tỉnh | Quý I/2026\n"
          "2 | Đối thoại với người lao động tại các khu công nghiệp | Sở Nội vụ | Hằng quý II | PHÁT TRIỂN ĐỐI TƯỢNG | |\n"
          "3 | Rà soát người lao động chưa tham gia bảo hiểm xã hội | Sở Tài chính | Quý II\n\n" + SIGNED_TAIL)


def test_a_glued_group_row_leaves_the_deadline_its_own() -> None:
    rows = task_triples(_head("KẾ HOẠCH", "77/KH-UBND", "Phát triển bảo hiểm xã hội tự nguyện năm 2026") + _GLUED)
    assert [(r["text"][:20], r["deadline"]) for r in rows] == [
        ("Tuyên truyền chính s", "Quý I/2026"), ("Đối thoại với người ", "Hằng quý"), ("Rà soát người lao độ", "Quý II")]


_WRAPPED = ("I. NHIỆM VỤ\n"
            "TT | Nội dung | Thời gian | Đơn vị chủ trì\n"
            "1 | Kết nối dữ liệu thu bảo hiểm với hệ thống | Quý II/2026 | Bảo hiểm xã hội Việt Nam,\n"
            " | thu ngân sách nhà nước | | Kho bạc Nhà nước\n"
            "2 | Số hóa chứng từ chi thường xuyên | Năm 2026 | Sở Văn hóa, Thể thao\n"
            " | của các đơn vị | | và Du lịch\n"
            "3 | Rà soát hồ sơ | Quý IV/2026 | Sở Tài chính\n"
            " | Lập danh mục hồ sơ lưu trữ | Năm 2026 | Sở Nội vụ\n\n" + SIGNED_TAIL)


def test_a_wrapped_row_carries_the_rest_of_the_lead_cell() -> None:
    """A row with no number whose text goes on in small letters is the row above's wrapped cells, the rest of its lead
    cell too (a second body, or the end of a body's name); one whose text opens in capitals is a row of its own."""
    rows = task_triples(_head("KẾ HOẠCH", "25/KH-UBND", "Số hóa hồ sơ thu, chi ngân sách năm 2026") + _WRAPPED)
    assert [(r["text"], sorted(r["lead"])) for r in rows] == [
        ("Kết nối dữ liệu thu bảo hiểm với hệ thống thu ngân sách nhà nước", ["Bảo hiểm xã hội", "Kho bạc Nhà nước"]),
        ("Số hóa chứng từ chi thường xuyên của các đơn vị", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("Rà soát hồ sơ", ["Sở Tài chính"]),
        ("Lập danh mục hồ sơ lưu trữ", ["Sở Nội vụ"]),
    ]


def test_an_aligned_two_row_header_with_a_plan_column_right_of_its_group() -> None:
    """Aligned 'Năm 2025' over 'KH  TH' with 'KH 2026' right of it (no sub-cell under it): the rows' last figures are
    the plan's, the past year's plan and result give none."""
    body = ("I. KẾT QUẢ VÀ KẾ HOẠCH\n"
            "STT   Chỉ tiêu                             Đơn vị      Năm 2025          KH 2026\n"
            "                                                       KH       TH\n"
            "1     Tỷ lệ hộ dùng nước sạch              %           60       58,5     65\n"
            "2     Công trình cấp nước được nâng cấp    công trình  8        7        10\n\n" + SIGNED_TAIL)
    ex = extract_text(_head("BÁO CÁO", "40/BC-UBND", "Kết quả năm 2025 và kế hoạch năm 2026") + body)
    assert target_tuples(ex) == [(10.0, "công trình", 2026), (65.0, "%", 2026)]


_WRAPPED_CELLS = ("STT\nNhiệm vụ\nThời gian hoàn thành\nCơ quan chủ trì\nKinh phí (triệu đồng)\n"
                  "1\nLập cơ sở dữ liệu nông hộ\nQuý III/2026\nSở Nông nghiệp và Môi trường\n2.500\n"
                  "2\nHướng dẫn hợp tác xã ghi\nnhật ký sản xuất điện tử\nNăm 2026\nLiên minh Hợp tác xã tỉnh\n800\n"
                  "3\nĐưa nông sản lên sàn thương mại điện tử\nQuý IV/2026\nSở Công Thương\n1.200\n")


def test_a_budget_figure_after_a_wrapped_content_cell() -> None:
    """One cell per line, a content cell wrapped onto a second line fills the row's count before its budget: '800'
    with the next row's '3' after it is the row's last cell, not a row of its own."""
    rows = [ln.text for ln in cell_task_lines(page_lines([(1, _WRAPPED_CELLS + "\n")])) if ln.text.strip()]
    assert rows[1:] == [
        "1\tLập cơ sở dữ liệu nông hộ\tQuý III/2026\tSở Nông nghiệp và Môi trường\t2.500",
        "2\tHướng dẫn hợp tác xã ghi nhật ký sản xuất điện tử\tNăm 2026\tLiên minh Hợp tác xã tỉnh\t800",
        "3\tĐưa nông sản lên sàn thương mại điện tử\tQuý IV/2026\tSở Công Thương\t1.200",
    ]
    assert _figure_then_row("2", "3") and not _figure_then_row("2", "4") and not _figure_then_row("II", "3")


def test_lead_and_deadline_columns_of_other_names() -> None:
    """A lead column headed 'Đơn vị triển khai' / 'Cơ quan triển khai' and a đề án's deadline column 'Lộ trình' are read
    by the one header reader (column_fields); a 'phối hợp triển khai' column is the support's."""
    assert column_fields(["STT", "Hoạt động", "Đơn vị triển khai", "Thời gian"]) == ["no", "text", "lead", "deadline"]
    assert column_fields(["TT", "Nội dung", "Lộ trình thực hiện", "Cơ quan triển khai"]) == \
        ["no", "text", "deadline", "lead"]
    assert column_fields(["STT", "Nội dung", "Lộ trình", "Cơ quan chủ trì"])[2] == "deadline"
    assert column_fields(["STT", "Nội dung", "Đơn vị phối hợp triển khai", "Thời gian"])[2] == "support"
    body = ("II. NHIỆM VỤ\nTT | Nội dung | Lộ trình | Cơ quan triển khai\n"
            "1 | Xây dựng bản đồ số vùng trồng | Năm 2026 | Sở Nông nghiệp và Môi trường\n\n" + SIGNED_TAIL)
    rows = task_triples(_head("ĐỀ ÁN", "04/ĐA-UBND", "Chuyển đổi số nông nghiệp") + body)
    assert [(r["deadline"], r["lead"]) for r in rows] == [("Năm 2026", ["Sở Nông nghiệp và Môi trường"])]


def test_a_southern_wards_residential_units_lead_as_written() -> None:
    """'Các khóm' (a southern ward's residential units, as 'Các tổ dân phố' a northern one's) is a lead kept as
    written, not an unresolved body."""
    assert residential_units("Các khóm") and residential_units("Các khóm, ấp")
    assert not residential_units("Các khoa")
