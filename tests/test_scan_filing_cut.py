"""A filing line's drafting unit whose last letter the scan cut ('Lưu: VT, KGV' for KGVX): the one known unit of
3-5 capitals it begins (extract.letterhead.drafting_unit)."""

from __future__ import annotations

import pytest

from extract.letterhead import drafting_unit


@pytest.mark.parametrize(("read", "number", "want"), [
    ("Lưu: VT, KGV", "72/KH-UBND", "Lưu: VT, KGVX"),  # the number names no unit: the common one it begins
    ("Lưu: VT, KST", None, "Lưu: VT, KSTT"),
    ("Lưu: VT, VHX", "15/KH-UBND", "Lưu: VT, VHXH"),
    ("Lưu: VT, KGVX", "72/KH-UBND", "Lưu: VT, KGVX"),  # read whole: kept
    ("Lưu: VT, KTN", None, "Lưu: VT, KTN"),  # a known unit of its own, though it begins none
    ("Lưu: VT, ABC", None, "Lưu: VT, ABC"),  # begins no known unit: kept
    ("Lưu: VT, TC", None, "Lưu: VT, TC"),  # two letters: too short to tell
])
def test_a_unit_cut_at_its_last_letter(read: str, number: str | None, want: str) -> None:
    assert drafting_unit(["Như trên", read], number) == ["Như trên", want]
