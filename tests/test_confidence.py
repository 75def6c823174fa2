"""Row confidence (extract/confidence.py): the evidence gathered for a row, and the fitted model."""

from __future__ import annotations

import json

import numpy as np
import pytest

from devkit.calibrate import fit_logistic
from extract import confidence
from extract.confidence import Evidence, box_words, key_words, probability
from ingest.records import Page, Word


def _w(text: str, left: int, conf: float, top: int = 100) -> Word:
    return Word(1, 1, 1, 1, text, left, top, 40, 20, conf)


def test_key_words_find_a_deadline_ocr_glued_to_its_neighbour():
    words = [_w("Quý", 0, 92), _w("Ihàng", 50, 86), _w("năm", 100, 95), _w("Báo", 150, 96)]
    assert [w.text for w in key_words(words, "Quý I hàng năm")] == ["Quý", "Ihàng", "năm"]
    # a one-letter token other than a Roman numeral does not pull in every word that starts with it
    assert key_words([_w("bảo", 0, 90)], "b") == []
    assert [w.text for w in key_words([_w("97%", 0, 40), _w("2025", 50, 90)], "97")] == ["97%"]


def test_box_words_are_the_words_centred_in_the_row_box():
    page = Page(1, "ocr", "x", words=[_w("a", 0, 90), _w("b", 300, 90), _w("c", 0, 90, top=400)])
    row = {"bbox_x0": 0, "bbox_y0": 90, "bbox_x1": 200, "bbox_y1": 130}
    assert [w.text for w in box_words(page, row)] == ["a"]
    assert box_words(page, {"bbox_x0": None}) == []


def test_low_confidence_key_words_lower_the_evidence():
    page = Page(1, "ocr", "x", words=[_w("Quý", 0, 92), _w("I", 50, 39), _w("hàng", 100, 96), _w("năm", 150, 95)],
                ocr_confidence=90, restore_confidence=0.97)
    row = {"confidence": 0.9, "deadline_text": "Quý I hàng năm", "bbox_x0": 0, "bbox_y0": 90, "bbox_x1": 200, "bbox_y1": 130}
    ev = confidence.evidence("tasks", row, page)
    assert ev.key_min == pytest.approx(0.39) and ev.low_share == pytest.approx(0.25) and ev.ocr == 1.0
    # a text page has no word confidences: the OCR terms are neutral
    text_ev = confidence.evidence("tasks", row, Page(1, "text", "x", restore_confidence=1.0))
    assert (text_ev.ocr_mean, text_ev.key_min, text_ev.ocr) == (1.0, 1.0, 0.0)


def test_without_weights_the_rule_certainty_stands():
    assert probability("tasks", Evidence(0.75), params={}) == 0.75


def test_logistic_fit_recovers_known_weights():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4000, 2))
    y = (rng.random(4000) < 1 / (1 + np.exp(-(0.5 + 2.0 * x[:, 0] - 1.0 * x[:, 1])))).astype(float)
    bias, w = fit_logistic(x, y, l2=0.0)
    assert bias == pytest.approx(0.5, abs=0.15) and w[0] == pytest.approx(2.0, abs=0.2) and w[1] == pytest.approx(-1.0, abs=0.15)


def test_committed_weights_trust_rows_less_when_their_key_words_read_badly():
    params = json.loads(confidence.PARAMS.read_text(encoding="utf-8"))
    assert params["features"] == list(confidence.FEATURES)
    for table, p in params["tables"].items():
        good = probability(table, Evidence(0.9, ocr_mean=0.95, key_min=0.95, low_share=0.0, restore=0.98, ocr=1.0), p)
        bad = probability(table, Evidence(0.9, ocr_mean=0.95, key_min=0.35, low_share=0.25, restore=0.98, ocr=1.0), p)
        assert 0.0 < bad < good < 1.0, table
