"""A 'Nơi nhận' item OCR turned into capitals that spell nothing ('- Bộ Y tế;' read 'EBO YTIE;', its dash an 'E') is
left out of the list rather than kept as an item; items of initials ('TT UBND TP', 'VPUB: CVP, PCVP/KT') and items
with a word of the language stay (extract.letterhead._glyph_run)."""

from __future__ import annotations

import pytest

from extract.letterhead import _glyph_run, distribution
from extract.structure import page_lines


def _dist(rows: list[str]) -> list[str] | None:
    lines = page_lines([(1, "\n".join(rows))])
    return distribution(lines, len(lines))


def test_a_glyph_run_item_is_left_out() -> None:
    got = _dist(["Nơi nhận:", "- Như trên;", "EBO YTIE;", "- TT Tỉnh ủy, TT HĐND tỉnh;", "- Lưu: VT, KGVX."])
    assert got == ["Như trên", "TT Tỉnh ủy, TT HĐND tỉnh", "Lưu: VT, KGVX"]


@pytest.mark.parametrize(("item", "garbage"), [
    ("EBO YTIE", True), ("EBO YTIE (b/c)", True),
    ("TT UBND TP", False), ("VPUB: CVP, PCVP/KT", False), ("Bộ Y tế", False), ("BO YTE", False),
    ("TT HĐND tỉnh", False), ("UNICEF", False), ("MTTQ", False), ("Lưu: VT, KGVX", False),
])
def test_glyph_run(item: str, garbage: bool) -> None:
    assert _glyph_run(item) is garbage
