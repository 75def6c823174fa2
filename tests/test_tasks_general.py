"""Tasks on documents of kinds the earlier rules had not seen (issue 11, round 7): requests written as paragraphs led
by their agency under a heading, parts that assess or close and assign nothing, lead cells whose names hold commas or
a qualifier, the people's committee of another place, a name whose last part holds a verb word, school-year
deadlines. Each case failed on the code before the round."""

from __future__ import annotations

import datetime as dt

from extract.agencies import AgencyRegistry
from extract.deadlines import find_deadline, parse_deadline
from extract.letters import item_lead
from tests.conftest import task_rows

NOTICE = """ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ
VĂN PHÒNG
Số: 88/TB-VP
Quảng Trị, ngày 4 tháng 3 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp về phòng, chống cháy rừng

Ngày 02 tháng 3 năm 2026, Chủ tịch Ủy ban nhân dân tỉnh chủ trì cuộc họp. Sau khi nghe báo cáo, Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:

1. Đánh giá chung
Năm 2025, diện tích rừng bị cháy giảm 40% so với năm trước; lực lượng kiểm lâm đã trực 24/24 giờ trong mùa khô.

2. Nhiệm vụ thời gian tới
Giao Sở Nông nghiệp và Môi trường:
- Chủ trì, phối hợp với Công an tỉnh xây dựng phương án chữa cháy rừng, trình trước ngày 20/3/2026.
- Tổ chức diễn tập chữa cháy rừng tại các xã trọng điểm trong tháng 4/2026.
Sở Tài chính thẩm định, bố trí kinh phí mua sắm trang thiết bị chữa cháy trong Quý II/2026.
Ban Quản lý rừng phòng hộ Hướng Hóa bố trí lực lượng tuần tra, thực hiện hằng ngày trong mùa khô.

3. Các cơ quan, đơn vị nêu trên khẩn trương triển khai thực hiện, báo cáo kết quả về Văn phòng Ủy ban nhân dân tỉnh.

Văn phòng Ủy ban nhân dân tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.

Nơi nhận:
- Lưu: VT.
"""


def test_paragraphs_led_by_their_agency_under_a_heading() -> None:
    """'Giao Sở X:' over its '-' lines, then unnumbered paragraphs that open with their agency: each is a request of
    its own with that agency as lead (they were read as the wrapped end of the last '-' line)."""
    rows = task_rows(NOTICE)
    got = [(r["text"][:30], r["lead"], r["deadline"]) for r in rows]
    assert got == [
        ("Chủ trì, phối hợp với Công an ", ["Sở Nông nghiệp và Môi trường"], "trước ngày 20/3/2026"),
        ("Tổ chức diễn tập chữa cháy rừn", ["Sở Nông nghiệp và Môi trường"], "trong tháng 4/2026"),
        ("Sở Tài chính thẩm định, bố trí", ["Sở Tài chính"], "trong Quý II/2026"),
        ("Ban Quản lý rừng phòng hộ Hướn", ["Ban Quản lý rừng phòng hộ Hướng Hóa"], "hằng ngày"),
    ]


def test_assessment_and_closing_remark_assign_nothing() -> None:
    """'1. Đánh giá chung' (results: no task, and its 40% no target) and '3. Các cơ quan, đơn vị nêu trên khẩn trương
    …' (a remark to the agencies already named) give no row."""
    from tests.conftest import extract_text

    ex = extract_text(NOTICE)
    assert not any(t["text"].startswith(("Đánh giá chung", "Các cơ quan, đơn vị nêu trên")) for t in ex.tasks)
    assert not any(t["value"] == 40 for t in ex.targets)


def test_a_wrapped_line_still_continues_its_request() -> None:
    """A line a page wrapped mid-sentence continues the item, even when it starts with an agency's name."""
    text = ("Sở Nội vụ đề nghị các cơ quan, đơn vị thực hiện các nội dung sau:\n"
            "1. Rà soát vị trí việc làm và gửi kết quả về\n"
            "Sở Nội vụ trước ngày 30/6/2026.\n")
    rows = task_rows(text)
    assert len(rows) == 1 and rows[0]["text"].endswith("gửi kết quả về Sở Nội vụ trước ngày 30/6/2026.")


def test_lead_cells_whose_name_holds_a_comma_or_a_qualifier() -> None:
    reg = AgencyRegistry("Việt Nam", None, None)
    # a piece after a comma in lower case, no agency of its own, continues the name
    assert reg.split_mentions("Cục Phổ biến, giáo dục pháp luật") == ["Cục Phổ biến, giáo dục pháp luật"]
    assert reg.split_mentions("Các đơn vị thu gom, vận chuyển chất thải") == ["Các đơn vị thu gom, vận chuyển chất thải"]
    # two agencies stay two
    assert reg.split_mentions("Sở Tư pháp, các phòng chuyên môn") == ["Sở Tư pháp", "các phòng chuyên môn"]
    # a collective narrowed by a qualifier is the collective ('có khu' was read as 'đặc khu')
    names = [reg.resolve(m).name for m in reg.split_mentions("Ủy ban nhân dân các xã, phường có khu, điểm du lịch")]
    assert names == ["Ủy ban nhân dân các xã, phường"]
    names = [reg.resolve(m).name for m in reg.split_mentions("Các sở, ban, ngành, Ủy ban nhân dân các xã, phường có cửa khẩu")]
    assert names == ["Các sở, ban, ngành", "Ủy ban nhân dân các xã, phường"]
    # a registry name that holds the qualifier stays whole
    assert [reg.resolve(m).name for m in reg.split_mentions("Các cơ quan, đơn vị có liên quan")] == [
        "Các cơ quan, đơn vị liên quan"]
    # a long name the registry lacks is still an agency (16 syllables)
    ag = reg.resolve("Cục Quản lý xử lý vi phạm hành chính và theo dõi thi hành pháp luật")
    assert ag.name == "Cục Quản lý xử lý vi phạm hành chính và theo dõi thi hành pháp luật"


def test_people_committee_of_another_place_keeps_its_place() -> None:
    """A ministry writes to 'Ủy ban nhân dân tỉnh Đắk Lắk': the registry's 'Ủy ban nhân dân' names no place, so the
    place is kept (abbreviation written out); a province's own committee is still the registry's one."""
    ministry = AgencyRegistry(None, None, None)
    assert ministry.resolve("Ủy ban nhân dân tỉnh Đắk Lắk").name == "Ủy ban nhân dân tỉnh Đắk Lắk"
    assert ministry.resolve("UBND tỉnh Đắk Lắk").name == "Ủy ban nhân dân tỉnh Đắk Lắk"
    assert ministry.resolve("Sở Y tế tỉnh Đắk Lắk").name == "Sở Y tế"  # no bare body: the registry's name
    own = AgencyRegistry("tỉnh Đắk Lắk", "Đắk Lắk", "tỉnh")
    assert own.resolve("Ủy ban nhân dân tỉnh Đắk Lắk").name == "Ủy ban nhân dân"
    assert own.resolve("Ủy ban nhân dân tỉnh").name == "Ủy ban nhân dân"
    text = ("Kính gửi: Ủy ban nhân dân tỉnh Gia Lai.\n\nBộ Xây dựng có ý kiến như sau:\n\n"
            "1. Đề nghị Ủy ban nhân dân tỉnh Gia Lai chỉ đạo rà soát quy hoạch, hoàn thành trước ngày 30/9/2026.\n")
    assert task_rows(text)[0]["lead"] == ["Ủy ban nhân dân tỉnh Gia Lai"]


def test_a_verb_word_inside_a_names_last_part() -> None:
    reg = AgencyRegistry(None, None, None)
    lead = item_lead("Cục Nhà giáo và Cán bộ quản lý giáo dục tổ chức bồi dưỡng giáo viên.", reg)
    assert lead == "Cục Nhà giáo và Cán bộ quản lý giáo dục"
    # a registry name ends where it ends, and a list after the verb is no part of a name
    assert item_lead("Sở Văn hóa và Thể thao tổ chức các hoạt động, hướng dẫn …", reg) == "Sở Văn hóa và Thể thao"
    assert item_lead("Sở Khoa học và Công nghệ tổ chức thẩm định hồ sơ.", reg) == "Sở Khoa học và Công nghệ"


def test_school_year_deadline() -> None:
    phrase = find_deadline("Sở Giáo dục và Đào tạo tổ chức bồi dưỡng giáo viên trong năm học 2026 - 2027.")
    assert phrase == "trong năm học 2026 - 2027"
    dl = parse_deadline(phrase)
    assert (dl.date, dl.recurrence) == (dt.date(2027, 5, 31), "once")
    assert parse_deadline("Năm học 2026-2027").date == dt.date(2027, 5, 31)
