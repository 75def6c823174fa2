"""Tasks of batch da362-da365 (issue 11): an unnumbered line naming a body for every province over '-' items ('Sở Nông
nghiệp và Môi trường các tỉnh, thành phố trực thuộc Trung ương:'), a plural subject in no registry whose name holds a
verb-like word ('Các ban quản lý rừng …'), a youth union named with its place ('Đề nghị Huyện đoàn Tam Nông …'), a unit
named with the body it belongs to ('… thuộc Sở Y tế'), and a span of days after each recurring event."""

from __future__ import annotations

import pytest

from extract.agencies import AgencyRegistry
from extract.deadlines import find_deadline
from extract.letters import item_lead
from extract.tasks import _agency_heading
from tests.conftest import SIGNED_TAIL, official_head, task_triples


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("Gửi cảnh báo cho các hộ dân trong 03 ngày làm việc sau mỗi đợt rét đậm kéo dài.",
     "trong 03 ngày làm việc sau mỗi đợt rét đậm kéo dài"),
    ("Thu gom rác thải trong 02 ngày sau khi nước rút, báo cáo Ủy ban nhân dân xã.", "trong 02 ngày sau khi nước rút"),
    ("Hoàn thành hồ sơ trong 05 ngày làm việc.", "trong 05 ngày làm việc"),
    ("Tổ chức dọn dẹp trong 03 ngày.", None),
])
def test_days_after_an_event_kept_with_it(sentence: str, phrase: str | None) -> None:
    assert find_deadline(sentence) == phrase


REG = AgencyRegistry("tỉnh Bình Định", "Bình Định", "tỉnh")


@pytest.mark.parametrize(("sentence", "lead"), [
    # a plural subject whose name's second word is a verb-like word: kept whole up to its verb
    ("Các ban quản lý dự án chuyên ngành kiểm tra tiến độ thi công các công trình.",
     "Các ban quản lý dự án chuyên ngành"),
    # a district's or a city's youth union with its place: the body as written
    ("Đề nghị Huyện đoàn Phù Cát tổ chức ra quân làm sạch bãi biển.", "Huyện đoàn Phù Cát"),
    ("Đề nghị Quận đoàn Ngô Mây vận động đoàn viên hiến máu.", "Quận đoàn Ngô Mây"),
    # a unit and the named body it belongs to: the unit alone, up to 'thuộc'
    ("Trung tâm Y tế khu vực Phù Mỹ thuộc Sở Y tế tổ chức tiêm chủng bổ sung.", "Trung tâm Y tế khu vực Phù Mỹ"),
    ("Hạt Kiểm lâm huyện trực thuộc Chi cục Kiểm lâm tỉnh kiểm tra các cơ sở chế biến gỗ.", "Hạt Kiểm lâm huyện"),
    # 'thuộc Bộ' alone (the issuer, unnamed) stays as written
    ("Các Ban Quản lý dự án thuộc Bộ rà soát hồ sơ quyết toán.", "Các Ban Quản lý dự án thuộc Bộ"),
    # a plural group named by the body it belongs to (which schools): kept whole (the lead's merge)
    ("Các trường trung học phổ thông trực thuộc Sở Giáo dục và Đào tạo tổ chức ôn tập cho học sinh lớp 12.",
     "Các trường trung học phổ thông trực thuộc Sở Giáo dục và Đào tạo"),
])
def test_plural_subjects_youth_unions_and_units_of_a_parent(sentence: str, lead: str) -> None:
    assert item_lead(sentence, REG) == lead


def test_a_citys_youth_union_is_the_province_level_union() -> None:
    # 'Thành đoàn' of a centrally run city is the registry's 'Tỉnh đoàn' (the lead's merge: only a district's union,
    # 'Huyện đoàn …', is a body of its own)
    mention = item_lead("Đề nghị Thành đoàn Quy Nhơn huy động đoàn viên dọn vệ sinh bãi biển.", REG)
    assert mention == "Thành đoàn"
    assert REG.resolve(mention).name == "Tỉnh đoàn"


def test_a_body_for_every_province_is_one_heading_however_long() -> None:
    assert _agency_heading("Sở Nông nghiệp và Môi trường các tỉnh, thành phố trực thuộc Trung ương")
    assert not _agency_heading("Rà soát phương án chữa cháy rừng của các tỉnh, thành phố trực thuộc Trung ương")
    assert not _agency_heading("Sở Nông nghiệp và Môi trường chủ trì, phối hợp với các sở, ngành liên quan kiểm tra")


def test_bullets_under_an_every_province_line_in_a_task_part() -> None:
    head = official_head("CHƯƠNG TRÌNH", "77/CTr-BKHCN", "Kiểm định phương tiện đo năm 2027",
                         issuer="BỘ KHOA HỌC VÀ CÔNG NGHỆ", place="Hà Nội", date="ngày 05 tháng 12 năm 2026")
    body = ("I. MỤC ĐÍCH, YÊU CẦU\nBảo đảm phương tiện đo nhóm 2 được kiểm định đúng hạn.\n\n"
            "II. NHIỆM VỤ\nSở Khoa học và Công nghệ các tỉnh, thành phố trực thuộc Trung ương:\n"
            "- Lập danh sách phương tiện đo đến hạn kiểm định trước ngày 20/01/2027.\n"
            "- Cập nhật kết quả kiểm định lên hệ thống trong 05 ngày làm việc sau mỗi đợt kiểm tra.\n")
    every = ["Sở Khoa học và Công nghệ các tỉnh, thành phố trực thuộc Trung ương"]
    assert [(t["text"][:12], t["lead"], t["deadline"]) for t in task_triples(head + body + SIGNED_TAIL)] == [
        ("Lập danh sác", every, "trước ngày 20/01/2027"),
        ("Cập nhật kết", every, "trong 05 ngày làm việc sau mỗi đợt kiểm tra")]


@pytest.mark.parametrize(("cell", "condition"), [
    ("Khi có lệnh sơ tán", False),  # an event: when the work is due, a deadline as printed
    ("Khi mực nước vượt báo động III", True),  # a threshold alone: none
])
def test_a_condition_cell_is_a_deadline_when_it_names_an_event(cell: str, condition: bool) -> None:
    from extract.deadlines import condition_only
    assert condition_only(cell) is condition


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("Tuyên truyền phòng, chống đuối nước cho học sinh trước kỳ nghỉ hè năm 2027.", "trước kỳ nghỉ hè năm 2027"),
    ("Sửa chữa phòng học xuống cấp trước kỳ nghỉ Tết Nguyên đán.", "trước kỳ nghỉ Tết Nguyên đán"),
    ("Tổ chức hoạt động trải nghiệm trong kỳ nghỉ hè.", None),  # a time the work happens in, no deadline
])
def test_a_school_holiday_before_which_the_work_is_done(sentence: str, phrase: str | None) -> None:
    assert find_deadline(sentence) == phrase
