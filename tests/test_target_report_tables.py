"""Targets in a report's aligned table and in notices, and figures that are no targets (issue 11, round w5tgt, batch
75): an aligned row whose indicator runs into its unit with one space, a notice's opening item of results then
'phấn đấu' goals, a bulleted count of criteria a short subject strives for, a project's share that is only a condition,
and the ';' clauses of a 'Kết quả giai đoạn …:' label. Each rule has its own case; the last ones go through the real
extractor."""

from __future__ import annotations

import datetime as dt

from extract.letters import results_label, sentence_targets
from extract.tables import _is_header, _spans, _swallowed_unit, _wrapped_name
from extract.targets import compound, past_opening
from normalize.text import fold
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Văn Nam\n"
_HEAD = "Chỉ tiêu                             Đơn vị      KH 2025    TH 2025    KH 2026"


def test_a_row_whose_indicator_runs_into_its_unit() -> None:
    """One space between the indicator and its unit: that space becomes a tab, a two-word unit kept whole; a row with
    its cells apart, one that leaves its unit empty and one with a figure missing are left alone."""
    head = ["Chỉ tiêu", "Đơn vị", "KH 2025", "TH 2025", "KH 2026"]
    spans = _spans(_HEAD)
    row = "Diện tích nhà ở bình quân đầu người m2/người    27,5       27,8       28,5"
    assert _swallowed_unit(row, head, spans, compound) == row.replace(" m2/người", "\tm2/người", 1)
    row = "Số dự án nhà ở xã hội khởi công mới dự án       3          2          5"
    assert _swallowed_unit(row, head, spans, compound) == row.replace("mới dự án", "mới\tdự án", 1)
    assert _swallowed_unit("Tỷ lệ đô thị hóa                     %           42         41,6       44", head, spans,
                           compound) is None
    assert _swallowed_unit("Tỷ lệ đô thị hóa                                 42         41,6       44", head, spans,
                           compound) is None
    assert _swallowed_unit("Diện tích nhà ở bình quân đầu người m2/người    27,5       27,8", head, spans,
                           compound) is None


def test_an_indicator_wrapped_onto_the_next_line() -> None:
    """Lower-case words without a figure under the first columns are the row's indicator wrapped; a capital, a figure or
    words under the figures' columns are none."""
    spans = _spans(_HEAD)
    assert _wrapped_name("người", spans)
    assert _wrapped_name("đầu người", spans)
    assert not _wrapped_name("Tổng vốn đầu tư", spans)
    assert not _wrapped_name("năm 2026", spans)
    assert not _wrapped_name("                                                          ghi chú", spans)


def test_a_reports_aligned_table_through_the_extractor() -> None:
    """Every row's coming-year column is a target when long indicators touch their units."""
    head = official_head("BÁO CÁO", "742/BC-UBND", "Kết quả phát triển đô thị năm 2025 và kế hoạch năm 2026",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH", place="Bắc Ninh", date="ngày 19 tháng 12 năm 2025")
    ex = extract_text(head + "I. KẾT QUẢ THỰC HIỆN NĂM 2025\n\nKết quả các chỉ tiêu chủ yếu như sau:\n\n" + _HEAD + "\n"
                      "Tỷ lệ đô thị hóa                     %           42         41,6       44\n"
                      "Diện tích nhà ở bình quân đầu người m2/người    27,5       27,8       28,5\n"
                      "Số dự án nhà ở xã hội khởi công mới dự án       3          2          5\n"
                      "Tỷ lệ dân số đô thị được cấp nước sạch %        96         96,4       98\n" + _TAIL)
    assert target_tuples(ex) == [(5, "dự án", 2026), (28.5, "m2/người", 2026), (44, "%", 2026), (98, "%", 2026)]
    ex = extract_text(head + "I. KẾT QUẢ THỰC HIỆN NĂM 2025\n\nKết quả các chỉ tiêu chủ yếu như sau:\n\n" + _HEAD + "\n"
                      "Diện tích nhà ở bình quân đầu        m2/người    27,5       27,8       28,5\n"
                      "người\n"
                      "Số dự án nhà ở xã hội khởi công      dự án       3          2          5\n"
                      "mới\n"
                      "Tỷ lệ dân số đô thị được cấp         %           96         96,4       98\n"
                      "nước sạch\n" + _TAIL)
    assert target_tuples(ex) == [(5, "dự án", 2026), (28.5, "m2/người", 2026), (98, "%", 2026)]


def test_an_indicator_header_cell() -> None:
    """'Các chỉ tiêu' and a row number one space joins ('Số TT Chỉ tiêu') head an indicator's column; 'Danh mục' not."""
    assert _is_header(["TT", "Các chỉ tiêu", "ĐVT", "Năm 2026"])
    assert _is_header(["Số TT Chỉ tiêu", "Đơn vị", "Năm 2026"])
    assert not _is_header(["STT", "Danh mục", "ĐVT", "Năm 2026"])


def test_a_results_label() -> None:
    """'Kết quả giai đoạn 2021 - 2025:' up to the issue year labels results; a later year's or a yearless label not."""
    assert results_label(fold("1. Kết quả giai đoạn 2021 - 2025: toàn tỉnh có 61% số xã …"), 2025)
    assert results_label(fold("Kết quả thực hiện năm 2025: …"), 2026)
    assert not results_label(fold("Kết quả năm 2026: …"), 2025)
    assert not results_label(fold("Kết quả đầu ra: 100% hồ sơ được số hóa"), 2026)


def test_a_results_label_opens_on_a_past_period() -> None:
    """'Kết quả giai đoạn 2021 - 2025: …' and 'Kết quả thực hiện năm 2025, …' open on a time over at the issue, as
    'Giai đoạn 2021 - 2025, …' does; a later period's label does not."""
    assert past_opening("1. Kết quả giai đoạn 2021 - 2025: toàn tỉnh có 61% số xã có …", 2025)
    assert past_opening("Kết quả thực hiện năm 2025, tỷ lệ … đạt 92%", 2026)
    assert not past_opening("Kết quả giai đoạn 2026 - 2030: …", 2025)


def test_clauses_after_a_results_label_and_a_striving_subject() -> None:
    """The ';' clauses after a results label are results up to one that aims; a short subject that strives gives its
    count of criteria; 'đã phấn đấu' gives none."""
    meta = {"issue_date": dt.date(2025, 12, 8), "doc_type": "NGHỊ QUYẾT"}

    def got(text: str) -> list[tuple[float | None, str | None, int | None]]:
        return [(r.value, r.unit, r.target_year) for r in sentence_targets(text, 1, meta)]

    assert got("Kết quả giai đoạn 2021 - 2025: toàn tỉnh có 78% số thôn có nhà văn hóa; 66% số xã có sân thể thao.") == []
    assert got("Kết quả giai đoạn 2021 - 2025: 78% số thôn có nhà văn hóa; phấn đấu đến năm 2030 đạt 95%.") == \
        [(95, "%", 2030)]
    assert got("Các xã chưa đạt chuẩn phấn đấu đạt thêm 03 tiêu chí trong năm 2026.") == [(3, "tiêu chí", 2026)]
    assert got("Các xã đã phấn đấu đạt thêm 03 tiêu chí trong năm 2025.") == []


def test_a_notice_opening_results_then_goals_and_a_condition() -> None:
    """A notice's first item of last year's results then 'phấn đấu năm 2026 …' gives the goals only (a count too); a
    task's projects with a disbursement below a share name a condition, no target."""
    head = official_head("THÔNG BÁO", "215/TB-UBND", "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh về các dự án giao thông",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH", place="Hà Tĩnh", date="ngày 12 tháng 3 năm 2026")
    ex = extract_text(head + "Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:\n\n1. Năm 2025, toàn tỉnh đã hoàn thành 9 "
                      "tuyến đường, giải ngân đạt 86% kế hoạch; phấn đấu năm 2026 hoàn thành 12 tuyến đường trục xã và "
                      "giải ngân 100% kế hoạch vốn.\n\n2. Giao Sở Tài chính tham mưu điều chuyển vốn của các dự án có tỷ lệ "
                      "giải ngân dưới 30% sang các dự án khác; hoàn thành trước ngày 15/4/2026.\n" + _TAIL)
    assert target_tuples(ex) == [(12, "tuyến", 2026), (100, "%", 2026)]
    assert [t["text"][:20] for t in ex.tasks] == ["Giao Sở Tài chính th"]
