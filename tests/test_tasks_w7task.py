"""Tasks of batch da352-da355 (issue 11): deadlines that are a crop season ('trước vụ Đông Xuân năm 2026-2027') or
a time counted in months from an event or after months of the work ('trong 03 tháng kể từ ngày … có hiệu lực',
'sau 6 tháng triển khai'), kept as written; '-' items under an unnumbered line that is a body's name and a colon
('Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương:') led by that body; a lone 'Đề nghị Ủy ban Mặt trận Tổ
quốc …' sentence in the implementation part a task; a numbered sentence whose subject's name holds a comma."""

from __future__ import annotations

import pytest

from extract.deadlines import find_deadline
from tests.conftest import SIGNED_TAIL, official_head, task_triples


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


GUIDE = official_head("HƯỚNG DẪN", "12/HD-BKHCN", "Triển khai dữ liệu đo lường năm 2027", issuer="BỘ KHOA HỌC VÀ CÔNG NGHỆ",
                      place="Hà Nội", date="ngày 05 tháng 12 năm 2026")


def test_items_under_an_unnumbered_addressee_line() -> None:
    body = ("I. MỤC ĐÍCH, YÊU CẦU\nBảo đảm dữ liệu đo lường được cập nhật đầy đủ, kịp thời.\n\n"
            "II. TỔ CHỨC THỰC HIỆN\n"
            "1. Cục Chuyển đổi số quốc gia hướng dẫn kết nối dữ liệu đo lường với cơ sở dữ liệu của Bộ.\n\n"
            "Các trung tâm kỹ thuật tiêu chuẩn đo lường chất lượng:\n"
            "- Cập nhật kết quả kiểm định phương tiện đo lên hệ thống.\n\n"
            "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương:\n"
            "- Chỉ đạo Sở Khoa học và Công nghệ rà soát phương tiện đo nhóm 2 trên địa bàn.\n"
            "- Báo cáo Bộ Khoa học và Công nghệ kết quả thực hiện sau 6 tháng triển khai.\n\n"
            "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị các địa phương phản ánh về Bộ để được hướng dẫn./.\n")
    tasks = task_triples(GUIDE + body + SIGNED_TAIL)
    ubnd = ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]
    assert [(t["text"][:12], t["lead"], t["deadline"]) for t in tasks] == [
        ("Cục Chuyển đ", ["Cục Chuyển đổi số quốc gia"], None),
        ("Cập nhật kết", ["Các trung tâm kỹ thuật tiêu chuẩn đo lường chất lượng"], None),
        ("Chỉ đạo Sở K", ubnd, None),
        ("Báo cáo Bộ K", ubnd, "sau 6 tháng triển khai")]


def test_a_colon_line_that_is_no_body_name_leads_nothing() -> None:
    body = ("I. TỔ CHỨC THỰC HIỆN\n1. Cục Chuyển đổi số quốc gia hướng dẫn kết nối dữ liệu đo lường.\n\n"
            "Nội dung kiểm tra gồm:\n- Việc cập nhật kết quả kiểm định phương tiện đo lên hệ thống.\n")
    assert all(t["lead"] != ["Nội dung kiểm tra gồm"] for t in task_triples(GUIDE + body + SIGNED_TAIL))


PLAN = official_head("KẾ HOẠCH", "90/KH-UBND", "Phòng, chống dịch bệnh mùa đông xuân", issuer="ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH",
                     place="Hà Tĩnh", date="ngày 02 tháng 12 năm 2026")


def test_a_lone_request_to_a_body_in_the_implementation_part() -> None:
    body = ("I. NHIỆM VỤ\n1. Sở Y tế giám sát chặt chẽ các ca bệnh truyền nhiễm trên địa bàn tỉnh.\n\n"
            "II. TỔ CHỨC THỰC HIỆN\n"
            "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh phối hợp vận động Nhân dân giữ gìn vệ sinh môi trường.\n\n"
            "Các sở, ngành, địa phương báo cáo kết quả thực hiện về Sở Y tế để tổng hợp, báo cáo Ủy ban nhân dân tỉnh./.\n")
    tasks = task_triples(PLAN + body + SIGNED_TAIL)
    assert [(t["text"][:10], t["lead"]) for t in tasks] == [
        ("Sở Y tế gi", ["Sở Y tế"]), ("Đề nghị Ủy", ["Ủy ban Mặt trận Tổ quốc Việt Nam"])]


def test_a_lone_standing_body_sentence_stays_no_task() -> None:
    body = ("I. NHIỆM VỤ\n1. Sở Y tế giám sát chặt chẽ các ca bệnh truyền nhiễm trên địa bàn tỉnh.\n\n"
            "II. TỔ CHỨC THỰC HIỆN\nSở Y tế là cơ quan thường trực của Kế hoạch, điện thoại: 0239.3855.111, theo dõi, "
            "tổng hợp kết quả thực hiện.\n")
    assert [t["text"][:10] for t in task_triples(PLAN + body + SIGNED_TAIL)] == ["Sở Y tế gi"]


def test_a_numbered_sentence_whose_subject_name_holds_a_comma() -> None:
    body = ("I. TỔ CHỨC THỰC HIỆN\n1. Trung tâm Kiểm định, hiệu chuẩn phương tiện đo lường quốc gia lấy "
            "mẫu đối chứng trong 03 tháng kể từ ngày Hướng dẫn này có hiệu lực.\n"
            "2. Cục Chuyển đổi số quốc gia hướng dẫn kết nối dữ liệu đo lường.\n")
    tasks = task_triples(GUIDE + body + SIGNED_TAIL)
    assert [(t["text"][:12], t["lead"], t["deadline"]) for t in tasks] == [
        ("Trung tâm Ki", ["Trung tâm Kiểm định, hiệu chuẩn phương tiện đo lường quốc gia"],
         "trong 03 tháng kể từ ngày Hướng dẫn này có hiệu lực"),
        ("Cục Chuyển đ", ["Cục Chuyển đổi số quốc gia"], None)]
