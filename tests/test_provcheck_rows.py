"""devkit.provcheck's gold words of a task row in a ruled table on a scan: a row's cells hold no '.', so the row's
'sentence' ends where the next row opens with its number ('3 | Chuẩn bị …', or '4 Khắc phục …' with the rule OCR
lost), not at the first '.' some rows below. Before, a row's gold words ran into the rows under it and a box that held
the row exactly was scored a miss. A wrapped line of prose that opens with a number in small words ('15 tháng …')
goes on with the sentence."""

from __future__ import annotations

from devkit.provcheck import sentence
from ingest.records import Word


def _words(rows: list[str]) -> list[Word]:
    return [Word(1, 1, i + 1, k + 1, tok, 100 + 60 * k, 100 + 60 * i, 50, 40, 90.0)
            for i, row in enumerate(rows) for k, tok in enumerate(row.split())]


def test_a_row_ends_at_the_next_rows_number() -> None:
    for nxt in ("3 | Chuẩn bị lực lượng tại các điểm sơ tán. | Sở Y tế", "3 Chuẩn bị lực lượng tại các điểm sơ tán."):
        ws = _words(["2 | Kêu gọi tàu thuyền vào nơi tránh trú an toàn, kiểm đếm", "số người | Bộ Chỉ huy | Thường xuyên",
                     nxt])
        got = sentence(ws[2:4], ws)
        assert {w.line for w in got} == {1, 2}, nxt


def test_prose_wrapped_on_a_number_goes_on() -> None:
    ws = _words(["Sở Y tế báo cáo kết quả trước ngày", "15 tháng 12 năm 2026."])
    assert {w.line for w in sentence(ws[:3], ws)} == {1, 2}


def test_a_date_printed_as_one_word_is_located() -> None:
    from devkit.provcheck import locate
    ws = _words(["3 Rà soát danh sách Phòng Kinh tế Trước ngày 30/8/2026"])
    got = locate("Trước ngày 30/8/2026", ws)
    assert [w.text for w in got] == ["Trước", "ngày", "30/8/2026"]
