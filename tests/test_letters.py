"""Tasks of documents that are no plan, in layouts the first rounds had not met (issue 11, batch dq60-dq69): articles
that head numbered clauses, a decision printed before the plan it issues, a lead named after the request's content,
several addressees under their heads' titles, a submission's own undertakings, a report's long next-period part,
half-yearly and spending words in deadlines, ministries' own units in the registry."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.agencies import AgencyRegistry
from extract.deadlines import find_deadline, parse_deadline
from extract.letters import intro_addressee, item_lead
from tests.conftest import task_rows as _tasks

HEAD = ("{issuer}\n\nSố: {number}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "{place}, ngày 10 tháng 3 năm 2026\n\n")
TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nNguyễn Văn An\n"


def test_article_heads_its_numbered_clauses() -> None:
    """'Điều 1. Giao … các nhiệm vụ sau:' announces clauses: it is no task, its clauses are, each with its agency
    (a clause's lettered and bulleted items take the clause's agency)."""
    text = HEAD.format(issuer="ỦY BAN NHÂN DÂN\nTỈNH HẬU GIANG", number="5/QĐ-UBND", place="Hậu Giang") + (
        "QUYẾT ĐỊNH\nVề việc giao nhiệm vụ\n\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n\nQUYẾT ĐỊNH:\n\n"
        "Điều 1. Giao các cơ quan, đơn vị thực hiện các nhiệm vụ sau:\n"
        "1. Sở Y tế:\na) Kết nối dữ liệu khám chữa bệnh trước ngày 30/6/2026;\nb) Bảo đảm an toàn thông tin thường xuyên.\n"
        "2. Công an tỉnh chủ trì hướng dẫn kích hoạt tài khoản định danh trong tháng 5/2026.\n\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n" + TAIL)
    tasks = _tasks(text)
    assert [(t["text"][:22], t["lead"], t["deadline"]) for t in tasks] == [
        ("Kết nối dữ liệu khám c", ["Sở Y tế"], "trước ngày 30/6/2026"),
        ("Bảo đảm an toàn thông ", ["Sở Y tế"], "thường xuyên"),
        ("Công an tỉnh chủ trì h", ["Công an tỉnh"], "trong tháng 5/2026")]


def test_decision_printed_before_the_plan_it_issues() -> None:
    """A quyết định whose plan follows its signature: the articles before 'Nơi nhận' are read as a letter's, the plan
    as a plan; a lead named after the content ('…; Vụ X chủ trì', '…: Văn phòng Bộ thực hiện …'), a numbered
    sentence of the implementation part that opens with its agency, a ministry's own office (never a Sở's)."""
    text = HEAD.format(issuer="BỘ TƯ PHÁP", number="9/QĐ-BTP", place="Hà Nội") + (
        "QUYẾT ĐỊNH\nBan hành Kế hoạch kiểm soát thủ tục hành chính năm 2026\n\nBỘ TRƯỞNG BỘ TƯ PHÁP\n\nQUYẾT ĐỊNH:\n\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch kiểm soát thủ tục hành chính năm 2026.\n\n"
        "Điều 2. Giao Văn phòng Bộ theo dõi việc thực hiện Kế hoạch, báo cáo Bộ trưởng trước ngày 10/12/2026.\n"
        "\nNơi nhận:\n- Lưu: VT.\n\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nNguyễn Văn An\n\n"
        "KẾ HOẠCH\nKiểm soát thủ tục hành chính năm 2026\n\nI. MỤC ĐÍCH, YÊU CẦU\n1. Kiểm soát chặt chẽ thủ tục.\n\n"
        "II. NHIỆM VỤ\n1. Rà soát, đơn giản hóa quy định về kinh doanh; Vụ Pháp chế chủ trì, hoàn thành trong Quý III/2026.\n"
        "2. Công bố, công khai thủ tục hành chính mới ban hành: Văn phòng Bộ thực hiện thường xuyên.\n\n"
        "III. TỔ CHỨC THỰC HIỆN\n1. Thanh tra Bộ hướng dẫn, theo dõi, kiểm tra các đơn vị thực hiện Kế hoạch hằng quý.\n")
    tasks = {t["text"][:20]: (t["lead"], t["deadline"]) for t in _tasks(text)}
    assert tasks == {
        "Giao Văn phòng Bộ th": (["Văn phòng Bộ"], "trước ngày 10/12/2026"),
        "Rà soát, đơn giản hó": (["Vụ Pháp chế"], "trong Quý III/2026"),
        "Công bố, công khai t": (["Văn phòng Bộ"], "thường xuyên"),
        "Thanh tra Bộ hướng d": (["Thanh tra Bộ"], "hằng quý"),
    }


def test_submission_undertakings_and_report_next_period() -> None:
    """A tờ trình's implementation part lists what the issuer will do ('Sở Tài chính sẽ: 1. Hướng dẫn …'); a báo
    cáo's 'PHƯƠNG HƯỚNG, NHIỆM VỤ VÀ GIẢI PHÁP …' part holds tasks however long its upper-case title."""
    text = HEAD.format(issuer="UBND TỈNH TÂY NINH\nSỞ TÀI CHÍNH", number="8/TTr-STC", place="Tây Ninh") + (
        "TỜ TRÌNH\nVề việc ban hành Kế hoạch số hóa\n\nKính gửi: Ủy ban nhân dân tỉnh Tây Ninh.\n\n"
        "I. SỰ CẦN THIẾT\nViệc số hóa còn chậm.\n\nII. TỔ CHỨC THỰC HIỆN\nSau khi Kế hoạch được ban hành, Sở Tài chính sẽ:\n"
        "1. Hướng dẫn các sở, ban, ngành lập dự toán kinh phí số hóa trước ngày 15/02/2026.\n"
        "2. Tổng hợp, báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện định kỳ 6 tháng.\n\n"
        "Sở Tài chính kính trình Ủy ban nhân dân tỉnh xem xét, quyết định./.\n" + TAIL)
    assert [(t["lead"], t["deadline"], t["recurrence"]) for t in _tasks(text)] == [
        (["Sở Tài chính"], "trước ngày 15/02/2026", "once"), (["Sở Tài chính"], "định kỳ 6 tháng", "semiannual")]
    report = HEAD.format(issuer="ỦY BAN NHÂN DÂN\nXÃ PHÚ LỘC", number="3/BC-UBND", place="Phú Lộc") + (
        "BÁO CÁO\nKết quả 6 tháng đầu năm 2026\n\nI. KẾT QUẢ\nĐã tiếp nhận nhiều hồ sơ.\n\n"
        "II. PHƯƠNG HƯỚNG, NHIỆM VỤ VÀ GIẢI PHÁP TRỌNG TÂM CÔNG TÁC CẢI CÁCH HÀNH CHÍNH 6 THÁNG CUỐI NĂM 2026\n"
        "1. Phòng Văn hóa - Xã hội tuyên truyền về dịch vụ công trực tuyến trong Quý III/2026.\n" + TAIL)
    assert [(t["lead"], t["deadline"]) for t in _tasks(report)] == [(["Phòng Văn hóa - Xã hội"], "trong Quý III/2026")]


def test_addressees_under_their_heads_titles_and_a_list_without_colon() -> None:
    """'Giám đốc các sở, Thủ trưởng các ban, ngành tỉnh; Chủ tịch UBND các xã, phường' are two agencies; an
    introduction that OCR left without its colon ('… các nội dung sau') still announces the list below it."""
    reg = AgencyRegistry("tỉnh Sơn La", "Sơn La", "tỉnh")
    intro = ("Chủ tịch UBND tỉnh yêu cầu Giám đốc các sở, Thủ trưởng các ban, ngành tỉnh; Chủ tịch UBND các xã, "
             "phường tập trung triển khai thực hiện các nội dung sau:")
    addressee = intro_addressee(intro, reg)
    assert isinstance(addressee, str)
    assert [reg.resolve(x).name for x in reg.split_mentions(addressee)] == [
        "Các sở, ban, ngành", "Ủy ban nhân dân các xã, phường"]
    assert item_lead("Trong Quý II/2026, Sở Nội vụ tổ chức kiểm tra công vụ.", reg) == "Sở Nội vụ"
    assert item_lead("Chánh Văn phòng UBND tỉnh theo dõi, đôn đốc.", reg) == "Văn phòng UBND tỉnh"
    text = HEAD.format(issuer="ỦY BAN NHÂN DÂN\nTỈNH SƠN LA", number="7/CT-UBND", place="Sơn La") + (
        "CHỈ THỊ\nVề kỷ cương hành chính\n\n" + intro.rstrip(":") + "\n\n"
        "1. Rà soát quy trình nội bộ giải quyết thủ tục hành chính, hoàn thành trong tháng 5/2026.\n"
        "2. Sở Tài chính bố trí kinh phí số hóa từ nguồn chi thường xuyên của ngân sách tỉnh.\n" + TAIL)
    assert [(t["lead"], t["deadline"]) for t in _tasks(text)] == [
        (["Các sở, ban, ngành", "Ủy ban nhân dân các xã, phường"], "trong tháng 5/2026"),
        (["Sở Tài chính"], None)]  # 'chi thường xuyên' is recurrent spending, no deadline


@pytest.mark.parametrize(("sentence", "phrase", "date", "recurrence"), [
    ("Cập nhật kết quả trên Phần mềm định kỳ 6 tháng.", "định kỳ 6 tháng", None, "semiannual"),
    ("định kỳ hằng quý tổng hợp, báo cáo Chủ tịch", "định kỳ hằng quý", None, "quarterly"),
    ("gửi báo cáo 6 tháng một lần về Sở Nội vụ", "6 tháng một lần", None, "semiannual"),
    ("bố trí kinh phí từ nguồn chi thường xuyên", None, None, None),
    ("Xây dựng phần mềm. Thời hạn hoàn thành: 30/6/2026.", "30/6/2026", dt.date(2026, 6, 30), "once"),
    ("Báo cáo về Sở Nội vụ trước ngày 25/6.", "trước ngày 25/6", None, None),  # no year: the phrase, no date
])
def test_deadline_forms(sentence: str, phrase: str | None, date: dt.date | None, recurrence: str | None) -> None:
    assert find_deadline(sentence) == phrase
    dl = parse_deadline(phrase)
    assert (dl.date, dl.recurrence) == (date, recurrence)


def test_ministry_units_are_not_a_departments() -> None:
    reg = AgencyRegistry(None, None, None)
    assert reg.resolve("Văn phòng Bộ").name == "Văn phòng Bộ"  # was taken for 'Văn phòng Sở'
    assert reg.resolve("Thanh tra Bộ").name == "Thanh tra Bộ"
    assert reg.resolve("Văn phòng Sở").name == "Văn phòng Sở"
    assert reg.resolve("Cục Kế hoạch - Tài chính").name == "Cục Kế hoạch - Tài chính"  # unknown, kept as itself


def test_lead_after_the_assigner_and_names_holding_a_verb() -> None:
    """'Chủ tịch UBND tỉnh giao Sở Nội vụ chủ trì …' is led by the one assigned; 'Sở Xây dựng', 'Ban Quản lý …' hold
    a request verb in their name, 'Văn phòng Bộ chủ trì' ends at its verb; requests numbered '1/' and 'a/'."""
    reg = AgencyRegistry("tỉnh Sơn La", "Sơn La", "tỉnh")
    assert item_lead("Chủ tịch UBND tỉnh giao Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp rà soát.", reg) == "Sở Nội vụ"
    assert item_lead("Phòng Giáo dục và Đào tạo chủ trì tổ chức.", reg) == "Phòng Giáo dục và Đào tạo"
    assert item_lead("Sở Xây dựng, Sở Tư pháp chủ trì rà soát.", reg) == "Sở Xây dựng, Sở Tư pháp"
    assert item_lead("Giao Ban Quản lý dự án tổ chức nghiệm thu.", reg) == "Ban Quản lý dự án"
    assert item_lead("Văn phòng Bộ chủ trì theo dõi.", reg) == "Văn phòng Bộ"
    text = HEAD.format(issuer="ỦY BAN NHÂN DÂN\nTỈNH SƠN LA", number="9/TB-UBND", place="Sơn La") + (
        "THÔNG BÁO\nKết luận của Chủ tịch Ủy ban nhân dân tỉnh\n\nChủ tịch Ủy ban nhân dân tỉnh kết luận như sau:\n\n"
        "1/ Chủ tịch Ủy ban nhân dân tỉnh giao Sở Xây dựng chủ trì rà soát quy hoạch, hoàn thành chậm nhất vào ngày "
        "15/8/2026.\n"
        "2/ Đề nghị Sở Y tế:\na/ Kiểm tra các cơ sở khám chữa bệnh trong tháng 9/2026.\n" + TAIL)
    assert [(t["lead"], t["deadline"]) for t in _tasks(text)] == [
        (["Sở Xây dựng"], "chậm nhất vào ngày 15/8/2026"), (["Sở Y tế"], "trong tháng 9/2026")]


def test_known_name_first_of_several_addressees_is_no_lead_of_its_own() -> None:
    """A registry name at the start leads its request ('Sở Công Thương xúc tiến …'), unless a list of addressees goes
    on after it ('… tỉnh và các tổ chức …'): that sentence heads their duty; and an assigner's choice is never
    overridden by the registry name its first words hold."""
    reg = AgencyRegistry("tỉnh Sơn La", "Sơn La", "tỉnh")
    assert item_lead("Sở Công Thương xúc tiến thương mại tại các hội chợ.", reg) == "Sở Công Thương"
    assert item_lead("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội. Tích cực "
                     "tuyên truyền, vận động nhân dân.", reg) is None
    assert item_lead("Chủ tịch Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì thẩm định.", reg) == "Sở Tài chính"
