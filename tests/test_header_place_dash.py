"""Places named for two places joined by a dash, as the 2025 reform named many communes and wards ('Lâm Viên -
Đà Lạt', 'Cam Ly - Đà Lạt'): the date line's place is the whole name, wherever the OCR put the left column's words."""

from __future__ import annotations

import pytest

from tests.conftest import extract_text

_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
_FREEDOM = "Độc lập - Tự do - Hạnh phúc"
_BODY = ("\nKẾ HOẠCH\nPhòng, chống sạt lở đất mùa mưa năm 2026\n\nI. MỤC ĐÍCH, YÊU CẦU\nChủ động phòng, chống thiên tai.\n"
         "\nII. NHIỆM VỤ\n1. Phòng Kinh tế, Hạ tầng và Đô thị rà soát các điểm có nguy cơ sạt lở, hoàn thành trước ngày "
         "30/4/2026.\n\nNơi nhận:\n- UBND tỉnh (b/c);\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nTrần Văn Bình\n")


def _meta(head: str) -> dict:
    ex = extract_text(head + _BODY, "kh")
    return ex.meta if hasattr(ex, "meta") else ex.document


@pytest.mark.parametrize("ward, date_line", [
    # the date on its own line
    ("LÂM VIÊN - ĐÀ LẠT", "{gap}Lâm Viên - Đà Lạt, ngày 02 tháng 3 năm 2026"),
    # the number on the date's line, as two columns are typed
    ("CAM LY - ĐÀ LẠT", "Số: 21/KH-UBND{gap}Cam Ly - Đà Lạt, ngày 02 tháng 3 năm 2026"),
    # OCR read the left column's last line (in capitals) onto the date's line
    ("LÂM VIÊN - ĐÀ LẠT", "PHƯỜNG LÂM VIÊN - ĐÀ LẠT Lâm Viên - Đà Lạt, ngày 02 tháng 3 năm 2026"),
    # and a speck between the columns as a dash after it: no dash opens a place
    ("LÂM VIÊN - ĐÀ LẠT", "PHƯỜNG LÂM VIÊN - ĐÀ LẠT - Lâm Viên - Đà Lạt, ngày 02 tháng 3 năm 2026"),
])
def test_a_place_joined_by_a_dash_is_kept_whole(ward: str, date_line: str) -> None:
    gap = " " * 10
    head = (f"ỦY BAN NHÂN DÂN{gap}{_MOTTO}\nPHƯỜNG {ward}{gap}{_FREEDOM}\n"
            + ("" if date_line.startswith("Số") else "Số: 21/KH-UBND\n") + date_line.format(gap=gap) + "\n")
    meta = _meta(head)
    assert meta["issue_place"] == ward.title()
    assert str(meta["issue_date"]) == "2026-03-02"


def test_a_speck_read_as_a_dash_between_the_columns_opens_no_place() -> None:
    from extract.letterhead import place_start
    line = "TỈNH NGHỆ AN - Nghệ An, ngày 02 tháng 3 năm 2026"
    end = line.index(",")
    assert line[place_start(line, 0, end) : end] == "Nghệ An"


def test_a_dash_after_the_left_columns_words_is_not_taken_into_the_place() -> None:
    """A dash whose left word is not capitalised (a subject line's 'giai đoạn 2026 - 2030' the OCR ran onto the
    date's line) stays out of the place."""
    gap = " " * 10
    head = (f"ỦY BAN NHÂN DÂN{gap}{_MOTTO}\nTỈNH LÂM ĐỒNG{gap}{_FREEDOM}\nSố: 21/KH-UBND\n"
            "giai đoạn 2026 - Lâm Đồng, ngày 02 tháng 3 năm 2026\n")
    assert _meta(head)["issue_place"] == "Lâm Đồng"


def test_a_ward_named_for_two_places_in_the_issuer() -> None:
    gap = " " * 10
    for ward in ("LÂM VIÊN - ĐÀ LẠT", "LÂM VIÊN-ĐÀ LẠT"):
        head = (f"ỦY BAN NHÂN DÂN{gap}{_MOTTO}\nPHƯỜNG {ward}{gap}{_FREEDOM}\nSố: 21/KH-UBND{gap}Lâm Viên - Đà Lạt, "
                "ngày 02 tháng 3 năm 2026\n")
        assert _meta(head)["issuer"] == f"UBND phường {ward.title()}"
