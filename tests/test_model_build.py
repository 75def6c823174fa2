"""The committed restoration model is what `make model` builds from the current sources, and its abbreviation table
keeps the document types' codes spelt with a plain D (Decree 30/2020/NĐ-CP: HD hướng dẫn, DA dự án)."""

from __future__ import annotations

from devkit.build_model import _abbreviation_forms, phrase_lines, phrases_digest
from normalize import restore_text
from normalize.model import get_model


def test_committed_model_was_built_from_the_current_registry() -> None:
    """The LM learns the agency registry's names as phrases: a registry edited without `make model` leaves the
    committed model behind what `make model` gives (rebuild it and commit normalize/model/)."""
    assert get_model().meta.get("phrases_sha256") == phrases_digest(phrase_lines())


def test_codes_with_a_plain_d_are_no_misread_d_stroke() -> None:
    table = _abbreviation_forms(["Quyết định số 12/QĐ-UBND và Hợp đồng số 3/HĐ-VP; QĐ, HĐ, QĐ, HĐ, QĐ, HĐ."])
    assert table["HD"] == "HD" and table["DA"] == "DA"
    assert table["QD"] == "QĐ" and table["HĐ"] == "HĐ"  # the other D-for-Đ forms are still mended
    for number in ("Số: 96/HD-SNNMT", "Số: 5/DA-BQLDA", "Số: 7/ĐA-UBND", "Số: 2/HĐ-VP"):
        assert restore_text(number).text == number
    assert restore_text("Số: 12/QD-UBND").text == "Số: 12/QĐ-UBND"
