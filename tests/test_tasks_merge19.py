"""Two kinds the round-19 merge of xtask16's guide rules met (issue 11): a step named by its word ('Bước 1: Rà soát,
lập danh mục' over the paragraph that says who does it) is a heading, its paragraph the task; and a part titled
for a body in general ('TRÁCH NHIỆM CỦA ĐỊA PHƯƠNG') whose items sit under an unnumbered body line with a colon
is read by that body's line, so a request after them ('Đề nghị Ủy ban Mặt trận … vận động …') is still a task."""

from __future__ import annotations

from tests.conftest import SIGNED_TAIL, official_head, task_triples

GUIDE = official_head("HƯỚNG DẪN", "17/HD-SNN", "Điều tra hiện trạng hồ chứa nước năm 2026",
                      issuer="ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", place="Quảng Trị",
                      date="ngày 12 tháng 3 năm 2026")


def test_a_step_named_by_its_word_heads_the_paragraph_that_is_its_task() -> None:
    body = ("I. MỤC ĐÍCH\nNắm chắc hiện trạng các hồ chứa trước mùa mưa.\n\n"
            "II. CÁC BƯỚC THỰC HIỆN\n"
            "Bước 1: Thu thập số liệu\n"
            "Chi cục Thủy lợi tổng hợp hồ sơ thiết kế của các hồ chứa, hoàn thành trước ngày 15/4/2026.\n"
            "Bước 2: Kiểm tra hiện trường\n"
            "Ủy ban nhân dân các xã kiểm tra đập, tràn xả lũ của các hồ trên địa bàn trong tháng 5/2026.\n")
    tasks = task_triples(GUIDE + body + SIGNED_TAIL)
    assert [(t["text"][:16], t["lead"], t["deadline"]) for t in tasks] == [
        ("Chi cục Thủy lợi", ["Chi cục Thủy lợi"], "trước ngày 15/4/2026"),
        ("Ủy ban nhân dân ", ["Ủy ban nhân dân các xã, phường"], "trong tháng 5/2026")]


MINISTRY = official_head("HƯỚNG DẪN", "09/HD-BNNMT", "Điều tra hiện trạng hồ chứa nước năm 2026",
                         issuer="BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", place="Hà Nội", date="ngày 12 tháng 3 năm 2026")


def test_a_body_line_with_a_colon_in_a_part_titled_for_localities_keeps_the_request_after_it() -> None:
    body = ("I. MỤC ĐÍCH\nNắm chắc hiện trạng các hồ chứa trước mùa mưa.\n\n"
            "II. TRÁCH NHIỆM CỦA ĐỊA PHƯƠNG\n"
            "Sở Nông nghiệp và Môi trường các tỉnh, thành phố:\n"
            "- Rà soát danh mục hồ chứa trên địa bàn, gửi Sở trước ngày 30/4/2026.\n"
            "- Báo cáo tình hình an toàn hồ chứa định kỳ hằng quý.\n"
            "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh vận động nhân dân bảo vệ hành lang hồ chứa.\n")
    tasks = task_triples(MINISTRY + body + SIGNED_TAIL)
    texts = [t["text"][:20] for t in tasks]
    assert "Đề nghị Ủy ban Mặt t" in texts
    assert texts.count("Rà soát danh mục hồ ") == 1
