"""An item's numbering as OCR reads it on a scan ('2,' or '2.Sở' for '2. Sở', 'b}' for 'b)'): the item stays an item of
its own instead of folding into the one above it (extract.structure._classify; issue 11, round xsct1)."""

from __future__ import annotations

import pytest

from extract.structure import _classify
from tests.conftest import SIGNED_TAIL, official_head, task_triples


@pytest.mark.parametrize(("line", "marker", "number"), [
    ("2, Sở Y tế chủ trì kiểm tra các cơ sở.", "number", "2"),
    ("2.Sở Y tế chủ trì kiểm tra các cơ sở.", "number", "2"),
    ("3, Trạm Y tế các xã, phường tuyên truyền.", "number", "3"),
    ("b} Tập huấn phác đồ điều trị.", "letter", "b"),
    ("a] Sở Y tế:", "letter", "a"),
    # no agency after the comma, a figure after the dot: no item
    ("2, 3 và 4 tháng đầu năm.", "plain", None),
    ("2, tháng sau", "plain", None),
    ("2.5 ha đất", "subnumber", "5"),
])
def test_an_items_numbering_ocr_garbled(line: str, marker: str, number: str | None) -> None:
    assert _classify(line)[:2] == (marker, number)


def test_items_with_garbled_numbers_are_tasks_of_their_own() -> None:
    text = official_head("KẾ HOẠCH", "12/KH-UBND", "Phòng, chống dịch bệnh năm 2026", issuer="ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH",
                         place="Hà Tĩnh", date="ngày 10 tháng 3 năm 2026") + (
        "II. NHIỆM VỤ\n"
        "1. Sở Y tế chủ trì giám sát dịch bệnh tại các xã, phường, báo cáo trước ngày 30/6/2026.\n"
        "2, Sở Giáo dục và Đào tạo chỉ đạo các trường vệ sinh lớp học trước ngày 15/5/2026.\n"
        "3.Công an tỉnh bảo đảm an ninh trật tự tại các khu cách ly.\n") + SIGNED_TAIL
    leads = [t["lead"] for t in task_triples(text)]
    assert leads == [["Sở Y tế"], ["Sở Giáo dục và Đào tạo"], ["Công an tỉnh"]]
