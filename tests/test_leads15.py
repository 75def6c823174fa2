"""Round w5task (issue 11, batch 74: da332-da335): deadlines and leads read from prose."""

from extract.deadlines import find_deadline, parse_deadline
from tests.conftest import SIGNED_TAIL, official_head, task_triples


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


def test_association_heads_an_agency_name():
    """'Hiệp hội …' (an association, in no registry) is an agency's head word, as 'Hội …' is: the subject of a request
    leads it, named as written with its place."""
    from extract.agencies import plausible_agency
    from extract.letters import _registry, item_lead

    assert plausible_agency("Hiệp hội Du lịch tỉnh")
    assert item_lead("Đề nghị Hiệp hội Du lịch tỉnh phối hợp quảng bá sản phẩm du lịch.", _registry()) == \
        "Hiệp hội Du lịch tỉnh"
    assert not plausible_agency("Hiệp")


def test_one_name_holding_a_comma():
    """A department whose name holds a comma, and a body named for every province, are one name; peers and a body
    with the others it names stay apart."""
    from extract.letters import _registry
    from extract.tasks import one_name

    reg = _registry()
    assert one_name("Cục Kinh tế, Hợp tác và Phát triển nông thôn", reg)
    assert one_name("Sở Y tế các tỉnh, thành phố", reg)
    assert not one_name("Phòng Kinh tế, Phòng Văn hóa - Xã hội", reg)
    assert not one_name("Sở Y tế, các đơn vị liên quan", reg)
    assert not one_name("Sở Tài chính", reg)


GUIDE = official_head("HƯỚNG DẪN", "912/HD-BYT", "Phòng, chống dịch cúm mùa đông năm 2026",
                      issuer="BỘ Y TẾ", place="Hà Nội", date="ngày 05 tháng 11 năm 2026")


def test_province_wide_heading_and_comma_department_lead_whole():
    """'1. Sở Giáo dục và Đào tạo các tỉnh, thành phố:' over lettered items leads each by the whole heading's body;
    '2. Cục Kinh tế, Hợp tác và … chủ trì …' is led by the one department, never split at its comma."""
    body = ("I. MỤC ĐÍCH, YÊU CẦU\nPhát hiện sớm ca bệnh cúm trong trường học.\n\n"
            "II. TỔ CHỨC THỰC HIỆN\n1. Sở Giáo dục và Đào tạo các tỉnh, thành phố:\n"
            "a) Chỉ đạo các trường học theo dõi sức khỏe học sinh hằng ngày.\n"
            "b) Tổng hợp số học sinh nghỉ học do cúm, gửi về Bộ trước ngày 10/12 hằng năm.\n"
            "2. Cục Kinh tế, Hợp tác và Phát triển nông thôn chủ trì, phối hợp với các đơn vị liên quan "
            "rà soát kinh phí trong Quý I/2027.\n")
    tasks = task_triples(GUIDE + body + SIGNED_TAIL)
    assert [(t["lead"], t["deadline"]) for t in tasks] == [
        (["Sở Giáo dục và Đào tạo các tỉnh, thành phố"], "hằng ngày"),
        (["Sở Giáo dục và Đào tạo các tỉnh, thành phố"], "trước ngày 10/12 hằng năm"),
        (["Cục Kinh tế, Hợp tác và Phát triển nông thôn"], "trong Quý I/2027"),
    ]


DISPATCH = official_head("CÔNG ĐIỆN", "31/CĐ-UBND", "Về việc ứng phó bão số 9",
                         issuer="ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ", place="Quảng Trị", date="ngày 03 tháng 11 năm 2026")


def test_request_after_a_standing_body_sentence_is_a_task():
    """'X là cơ quan thường trực, theo dõi …' assigns nothing, but a sentence after it that asks another body ('Đề
    nghị Hiệp hội Vận tải tỉnh …') is that body's task."""
    body = ("Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:\n"
            "1. Sở Xây dựng chỉ đạo bảo đảm giao thông thông suốt trên các tuyến quốc lộ.\n"
            "2. Sở Nông nghiệp và Môi trường là cơ quan thường trực, theo dõi diễn biến của bão, tham mưu ứng phó. "
            "Đề nghị Hiệp hội Vận tải tỉnh huy động phương tiện hỗ trợ sơ tán người dân.\n")
    tasks = task_triples(DISPATCH + body + SIGNED_TAIL)
    assert [t["lead"] for t in tasks] == [["Sở Xây dựng"], ["Hiệp hội Vận tải tỉnh"]]
    assert tasks[1]["text"].startswith("Đề nghị Hiệp hội Vận tải tỉnh huy động")


RESOLUTION = official_head("NGHỊ QUYẾT", "12/NQ-HĐND", "Về phát triển giao thông nông thôn năm 2027",
                           issuer="HỘI ĐỒNG NHÂN DÂN\nXÃ TÂN PHÚ", place="Tân Phú", date="ngày 10 tháng 12 năm 2026")


def test_council_groups_of_deputies_named_with_their_council_lead_as_written():
    """Three bodies as a sentence's subject, the third the council's groups of deputies named with their council
    ('… và các Tổ đại biểu Hội đồng nhân dân xã'): each leads, the group as written; 'các Tổ đại biểu' alone before
    'và đại biểu HĐND …' (the deputies) is left out as before."""
    from extract.agencies import plausible_agency

    assert plausible_agency("các Tổ đại biểu HĐND tỉnh") and not plausible_agency("các Tổ đại biểu")
    body = ("QUYẾT NGHỊ:\n\nĐiều 1. Giao Ủy ban nhân dân xã tổ chức thực hiện Nghị quyết.\n"
            "Điều 2. Thường trực Hội đồng nhân dân, các Ban của Hội đồng nhân dân và các Tổ đại biểu Hội đồng nhân dân "
            "xã giám sát việc thực hiện Nghị quyết.\n"
            "Điều 3. Giao Thường trực HĐND, các Ban của HĐND, các Tổ đại biểu và đại biểu HĐND xã giám sát việc "
            "triển khai.\n\nNghị quyết này có hiệu lực từ ngày thông qua./.\n")
    tasks = task_triples(RESOLUTION + body + SIGNED_TAIL)
    assert sorted(tasks[1]["lead"]) == ["Các Ban của Hội đồng nhân dân", "Các Tổ đại biểu Hội đồng nhân dân xã",
                                        "Thường trực Hội đồng nhân dân"]
    assert sorted(tasks[2]["lead"]) == ["Các Ban của Hội đồng nhân dân", "Thường trực Hội đồng nhân dân"]


def test_latest_hours_before_an_event_read_with_the_event():
    """'chậm nhất N giờ trước khi …' is still read with its event (the span before it), not cut at 'giờ'."""
    assert find_deadline("Báo cáo danh sách chậm nhất 06 giờ trước khi khai mạc hội nghị.") == \
        "chậm nhất 06 giờ trước khi khai mạc hội nghị"
    assert find_deadline("Nộp hồ sơ chậm nhất 03 ngày làm việc trước khi tổ chức.") == \
        "chậm nhất 03 ngày làm việc trước khi tổ chức"


def test_no_name_kept_whole_without_a_comma():
    """A mention the registry splits at no comma ('Bảo hiểm xã hội Việt Nam chia', a name run on into its verb) is no
    one name: the registry's reading stands."""
    from extract.letters import _registry
    from extract.tasks import one_name

    assert not one_name("Bảo hiểm xã hội Việt Nam chia", _registry())
