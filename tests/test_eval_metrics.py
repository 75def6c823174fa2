"""The scoring helpers behind `make eval` (bench/restore_eval.py): what set 3's figures count."""

from __future__ import annotations

import importlib.util

from devkit.paths import REPO


def _restore_eval():
    spec = importlib.util.spec_from_file_location("restore_eval", REPO / "bench" / "restore_eval.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_error_budget_separates_wording_from_restoration_errors():
    ev = _restore_eval()
    # seed 000 says 'địa phương' where seed 004 says 'của xã'; 'can b' is garbled OCR of 'cán bộ'
    raw = "trên dia phuong, can b cong chirc"
    ref = "trên của xã, cán bộ công chức"
    assert ev.wording_mask(raw, ref) == [True, False, False, True, True, True, True]
    # 'của xã' cannot come from the raw text; 'cần' has the letters of 'cán' (marks); 'ở' is not 'bộ' (letters)
    assert ev.error_budget([raw], ["trên địa phương, cần ở công chức"], [ref]) == {
        "wording": 2, "marks": 1, "letters": 1}
    assert ev.error_budget([raw], [ref], [ref]) == {"wording": 0, "marks": 0, "letters": 0}
    # only insertions count as absent for present_mask (3c); wording_mask also drops other words (3d)
    assert ev.present_mask(raw, ref) == [True] * 7


def test_doctype_list_fields_per_item():
    """bench/doctype_eval.py scores a list field as a whole (one garbled filing code zeroes it) and per item: the
    other items of that list still count as right; items pair one to one on folded text."""
    spec = importlib.util.spec_from_file_location("doctype_eval", REPO / "bench" / "doctype_eval.py")
    ev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ev)
    gold = ["Như trên", "UBND tỉnh (để b/c)", "Lưu: VT, KSTT, TH"]
    read = ["Như trên", "UBND tỉnh (để b/c)", "Lưu: VT, Rsil1, TH"]
    assert not ev.same(gold, read)
    assert ev.item_counts(gold, read) == [2, 3, 3]
    assert ev.item_counts(gold, ["Như trên", "Như trên"]) == [1, 2, 3]  # one to one
    assert ev.item_counts(None, ["Như trên"]) == [0, 1, 0] and ev.item_counts(gold, None) == [0, 0, 3]
