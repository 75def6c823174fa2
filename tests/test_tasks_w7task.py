"""Tasks of batch da352-da355 (issue 11): deadlines that are a crop season ('trước vụ Đông Xuân năm 2026-2027') or
a time counted in months from an event or after months of the work ('trong 03 tháng kể từ ngày … có hiệu lực',
'sau 6 tháng triển khai'), kept as written."""

from __future__ import annotations

import pytest

from extract.deadlines import find_deadline


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("Giám sát dư lượng thuốc trong rau, quả trước vụ Đông Xuân năm 2026-2027.", "trước vụ Đông Xuân năm 2026-2027"),
    ("Cung ứng đủ giống cho nông dân trước vụ Hè Thu.", "trước vụ Hè Thu"),
    ("Gieo cấy tập trung trong vụ Đông Xuân 2026-2027.", "trong vụ Đông Xuân 2026-2027"),
    ("Tổ chức kiểm tra trong 03 tháng kể từ ngày Kế hoạch này có hiệu lực.",
     "trong 03 tháng kể từ ngày Kế hoạch này có hiệu lực"),
    ("Hoàn thành trong 02 tuần kể từ ngày nhận được văn bản, báo cáo Sở.", "trong 02 tuần kể từ ngày nhận được văn bản"),
    ("Tổng hợp, báo cáo Bộ kết quả sau 6 tháng triển khai.", "sau 6 tháng triển khai"),
    ("Phun hóa chất sau 6 tháng kể từ ngày Đề án được phê duyệt.", "sau 6 tháng kể từ ngày Đề án được phê duyệt"),
    # a crop season that only names the work's topic, a season within it with no year: none
    ("Cung ứng giống phục vụ sản xuất vụ Đông Xuân năm 2026-2027.", None),
    ("Theo dõi sâu bệnh trong vụ Đông Xuân.", None),
    ("Đánh giá kết quả sau 6 tháng.", None),
])
def test_season_and_after_event_deadlines(sentence: str, phrase: str | None) -> None:
    assert find_deadline(sentence) == phrase
