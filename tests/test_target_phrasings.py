"""Targets in the phrasings the newest held-out round missed (issue 11, the dv290-dv293 round): targets set by a later
sentence of a paragraph that opens with results, a purpose clause's share, a conclusion's assessment part that sets
the coming period's targets, an 'indicator + year: value' item, a currency's capitals in brackets; and figures that
are no targets: a task's frequency, the places a count is reached in. Each rule has its own case; the last ones go
through the real extractor."""

from __future__ import annotations

from functools import partial

from extract.targets import parse_target_text, sentences, target_sentences
from tests.conftest import extract_text, official_head, target_tuples

_TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn Bình\n"

_head = partial(official_head, issuer="ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH", place="Hà Tĩnh", date="ngày 14 tháng 01 năm 2026")


def _units(text: str, statement: bool = True) -> list[tuple[float, str]]:
    return [(p["value"], p["unit"]) for p in parse_target_text(text, statement=statement)]


def test_a_frequency_is_no_target_a_count_of_events_is() -> None:
    """'ít nhất 01 lần/năm' (a rate) and 'tối thiểu 02 đợt, …' (nothing counted after it) say how often a task is done;
    'ít nhất 03 đợt kiểm tra' counts inspections, a target as before."""
    assert _units("Sở Y tế kiểm tra liên ngành ít nhất 01 lần/năm tại các chợ đầu mối.", statement=False) == []
    assert _units("Kiểm tra các cơ sở kinh doanh tối thiểu 02 đợt, thực hiện trong Quý I/2026.", statement=False) == []
    assert _units("Các xã kiểm tra tiến độ tối thiểu 02 đợt trong năm.") == []
    assert _units("Sở Nội vụ tổ chức ít nhất 03 đợt kiểm tra đột xuất trong năm 2026.", statement=False) == [(3, "đợt")]
    # a count an indicator is to reach stays one ('Số lượt … đạt 150 lượt' is no frequency either)
    assert _units("Số lần kiểm tra đạt 12 lần.") == [(12, "lần")]


def test_the_places_a_count_is_reached_in_are_no_target() -> None:
    """'hỗ trợ … tại 12 xã, đạt 500 hộ': the households are the figure, the communes where."""
    assert _units("Phấn đấu hỗ trợ chuyển đổi sản xuất tại 12 xã, đạt 500 hộ.") == [(500, "hộ")]
    assert _units("Phấn đấu xây dựng 12 xã đạt chuẩn.") == [(12, "xã")]


def test_a_currency_in_brackets_with_capitals_is_the_unit() -> None:
    """An indicator with its unit in brackets and its figure after a colon, the currency in capitals: lower-cased as the
    unit ('triệu usd', 'tỷ vnđ'); a bracket that is no unit gives nothing."""
    assert _units("- Kim ngạch xuất khẩu thủy sản (triệu USD): 1.450.") == [(1450, "triệu usd")]
    assert _units("Giá trị sản xuất thủy sản (tỷ VNĐ): 28.500.") == [(28500, "tỷ vnđ")]
    assert _units("Tỷ lệ hộ dùng nước sạch (%): 92,5") == [(92.5, "%")]
    assert _units("Số văn bản (Phụ lục II): 12.") == []
    assert _units("Giá trị xuất khẩu đạt 28.500 tỷ VNĐ.") == [(28500, "tỷ vnđ")]


def test_an_item_of_an_indicator_its_year_and_a_colon() -> None:
    """'- Số hộ được hỗ trợ năm 2026: 350 hộ' under a heading of tasks is an indicator and its figure, a target."""
    body = ("I. NHIỆM VỤ\n\n1. Hỗ trợ sinh kế cho hộ nuôi\n\n"
            "- Số hộ được hỗ trợ năm 2026: 350 hộ;\n"
            "- Sở Nông nghiệp và Môi trường chủ trì hướng dẫn các xã, hoàn thành trước ngày 30/6/2026.\n" + _TAIL)
    ex = extract_text(_head("KẾ HOẠCH", "61/KH-UBND", "Hỗ trợ sinh kế hộ nuôi thủy sản năm 2026") + body, "kh")
    assert target_tuples(ex) == [(350, "hộ", 2026)]


def test_the_sentences_of_a_paragraph_that_set_targets() -> None:
    """A paragraph that opens with results: its sentence on the document's year that strives and its purpose clause's
    share are targets, its results are not; a figure's stop ('1.450') or a stop before lower case ends no sentence."""
    text = ("Năm 2025, toàn tỉnh đã đạt 85% số xã đạt chuẩn. Năm 2026, toàn tỉnh phấn đấu giảm ít nhất 10% số vụ ngộ "
            "độc so với năm 2025. Để bảo đảm 100% bếp ăn tập thể được kiểm tra, Chủ tịch chỉ thị:")
    assert len(sentences(text)) == 3
    assert sentences("Đạt 1.450 tấn. và hơn nữa. Hết") == ["Đạt 1.450 tấn. và hơn nữa.", "Hết"]
    picked = target_sentences(text, 2026)
    assert picked is not None and picked.startswith("Năm 2026") and "85%" not in picked
    assert [p["value"] for p in parse_target_text(picked)] == [10, 100]
    # a purpose clause without a share, or the year's results in a báo cáo, set nothing
    assert target_sentences("Để bảo đảm an toàn, các xã kiểm tra 12 điểm.", 2026) is None
    assert target_sentences("Năm 2026, tỷ lệ che phủ rừng đạt 47%.", 2026, report=True) is None


def test_a_directives_opening_and_a_conclusions_assessment_give_their_coming_targets() -> None:
    """Through the extractor: a chỉ thị's opening paragraph (strived and purpose figures; its items' frequencies no
    targets), and a thông báo kết luận's assessment part (the coming year's figures, not those reached)."""
    ct = ("Năm 2025, công tác bảo đảm an toàn thực phẩm có chuyển biến. Năm 2026, toàn tỉnh phấn đấu giảm ít nhất 10% "
          "số vụ ngộ độc thực phẩm so với năm 2025, tỷ lệ cơ sở được kiểm tra đạt yêu cầu đạt trên 90%. Để bảo đảm "
          "100% bếp ăn tập thể tại các trường học được kiểm tra, Chủ tịch Ủy ban nhân dân tỉnh chỉ thị:\n\n"
          "1. Sở Y tế chủ trì kiểm tra liên ngành ít nhất 01 lần/năm, hoàn thành trước ngày 30/11/2026.\n\n"
          "2. Sở Công Thương chủ trì kiểm tra các cơ sở kinh doanh tối thiểu 02 đợt, thực hiện trong Quý I/2026.\n" + _TAIL)
    ex = extract_text(_head("CHỈ THỊ", "05/CT-UBND", "Về bảo đảm an toàn thực phẩm năm 2026") + ct, "ct")
    assert target_tuples(ex) == [(10, "%", 2026), (90, "%", 2026), (100, "%", 2026)]
    tb = ("Sau khi nghe báo cáo, Phó Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:\n\n1. Đánh giá chung\n\n"
          "Năm 2025, toàn tỉnh đã đạt 85% số xã đạt chuẩn nông thôn mới nâng cao, thu nhập bình quân đạt 72 triệu "
          "đồng. Năm 2026, phấn đấu tỷ lệ xã đạt chuẩn nông thôn mới nâng cao đạt 92%; hỗ trợ chuyển đổi sản xuất "
          "tại 12 xã, đạt 500 hộ.\n\n2. Nhiệm vụ thời gian tới\n\n"
          "a) Sở Tài chính tham mưu bố trí vốn đối ứng cho các xã, trình Ủy ban nhân dân tỉnh trong tháng 5/2026.\n"
          + _TAIL)
    ex = extract_text(_head("THÔNG BÁO", "142/TB-VP", "Kết luận của Phó Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp về "
                            "nông thôn mới năm 2026") + tb, "tb")
    assert target_tuples(ex) == [(92, "%", 2026), (500, "hộ", 2026)]


def test_a_strive_clause_inside_a_sentence_that_opens_otherwise() -> None:
    """'Thực hiện …, nhằm phấn đấu đến hết năm 2026 có … 60% …, đến năm 2030 đạt 90%, Bộ … đề nghị …': the letter's
    opening sentence sets two targets from its 'phấn đấu' on, each with its own year; a result before it stays out."""
    from extract.targets import target_sentences

    head = official_head("CÔNG VĂN", "812/BCT-TMĐT", "V/v hỗ trợ hộ kinh doanh bán hàng trực tuyến",
                         issuer="BỘ CÔNG THƯƠNG", place="Hà Nội", date="ngày 12 tháng 3 năm 2026")
    body = ("Kính gửi: Ủy ban nhân dân các tỉnh, thành phố.\n\n"
            "Thực hiện Chương trình phát triển kinh tế số giai đoạn 2026-2030, nhằm phấn đấu đến hết năm 2026 có ít "
            "nhất 60% hộ kinh doanh có tài khoản thanh toán số, đến năm 2030 đạt 90%, Bộ Công Thương đề nghị Quý Ủy "
            "ban quan tâm chỉ đạo một số nội dung sau:\n"
            "1. Chỉ đạo Sở Công Thương hướng dẫn hộ kinh doanh mở gian hàng trực tuyến trước ngày 30/6/2026.\n"
            "2. Báo cáo kết quả về Bộ Công Thương trước ngày 15/12/2026.\n" + _TAIL)
    assert target_tuples(extract_text(head + body, "cv")) == [(60, "%", 2026), (90, "%", 2030)]
    assert target_sentences("Năm 2025, toàn tỉnh đã đạt 78% số hộ, phấn đấu đã hoàn thành.", 2026) is None
