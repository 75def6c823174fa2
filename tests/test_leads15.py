"""Round w5task (issue 11, batch 74: da332-da335): deadlines and leads read from prose."""

from extract.deadlines import find_deadline, parse_deadline


def test_latest_counted_span_in_working_days():
    """'chậm nhất N ngày làm việc kể từ …' is a counted span as 'trong N ngày làm việc kể từ …' is: read whole."""
    s = "Cấp giấy xác nhận chậm nhất 07 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."
    assert find_deadline(s) == "chậm nhất 07 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"
    assert find_deadline("Giải quyết hồ sơ chậm nhất 05 ngày làm việc.") == "chậm nhất 05 ngày làm việc"


def test_latest_hours_after_an_event():
    """'chậm nhất 48 giờ sau khi xảy ra …' is read with its event, as 'trong 48 giờ sau khi …' is."""
    s = "Sở Công Thương: chỉ đạo vận hành hồ chứa; bảo đảm báo cáo sự cố chậm nhất 48 giờ sau khi xảy ra sự cố."
    assert find_deadline(s) == "chậm nhất 48 giờ sau khi xảy ra sự cố"


def test_day_without_year_keeps_its_recurrence():
    """A day without its year followed by 'hằng năm' keeps it ('trước ngày 15/12 hằng năm', an annual deadline);
    without it the day alone."""
    due = find_deadline("Tổng hợp kết quả, gửi về Bộ trước ngày 15/12 hằng năm.")
    assert due == "trước ngày 15/12 hằng năm"
    assert parse_deadline(due).recurrence == "annual"
    assert find_deadline("Gửi về Sở trước ngày 15/12 để tổng hợp.") == "trước ngày 15/12"
