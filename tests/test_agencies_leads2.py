"""Leads and agency resolution on documents never seen (issue 11, batch da160-da169): words in brackets after a lead
name a unit or a channel, never a second lead, and '(chủ trì)' marks the lead of several; an agency the registry
lacks stays as written unless the registry's match is truly the same body (no word the registry's name lacks, no other
place); a national body's branch keeps its place; a collective narrowed by 'thuộc …' / 'trên địa bàn …' is the
collective; public-service units and state companies are agencies; 'Công trình' inside a name ends no lead."""

from __future__ import annotations

from typing import Any

import pytest

from extract.agencies import AgencyRegistry, plausible_agency
from extract.letters import item_lead
from tests.conftest import SIGNED_TAIL, task_triples

HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH GIA LAI\n\nSố: 12/TB-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nGia Lai, ngày 10 tháng 3 năm 2026\n\nTHÔNG BÁO\nKết luận tại cuộc họp về nước sạch\n\n"
        "Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:\n\n")


def _tasks(text: str) -> list[dict[str, Any]]:
    return task_triples(HEAD + text + SIGNED_TAIL)


@pytest.fixture(scope="module")
def reg() -> AgencyRegistry:
    return AgencyRegistry("tỉnh Gia Lai", "Gia Lai", "tỉnh")


@pytest.mark.parametrize(("text", "lead"), [
    # a unit of the lead, or the channel through it, in brackets: the lead is the agency before them
    ("Sở Tài chính (Phòng Quản lý giá) thẩm định phương án giá nước sạch.", "Sở Tài chính"),
    ("Ủy ban nhân dân các xã, phường (qua Phòng Kinh tế) thống kê số hộ thiếu nước.", "Ủy ban nhân dân các xã, phường"),
    ("Bộ Quốc phòng (Cục Cứu hộ - Cứu nạn) chỉ đạo các đơn vị quân đội.", "Bộ Quốc phòng"),
    # '(chủ trì)' marks the lead of several; its own verb-like words ('phối hợp') do not run into it
    ("Sở Văn hóa và Thể thao (chủ trì), Sở Du lịch hoàn thiện kịch bản.", "Sở Văn hóa và Thể thao"),
    ("Cục Phòng bệnh (chủ trì) phối hợp với các đơn vị tổng hợp tình hình.", "Cục Phòng bệnh"),
    # 'trình' after a capitalised syllable is the half of a word of the name; after a registry name it is the verb
    ("Công ty Cổ phần Môi trường và Công trình đô thị Huế thu gom rác thải.",
     "Công ty Cổ phần Môi trường và Công trình đô thị Huế"),
    ("Văn phòng Bộ trình Bộ trưởng dự thảo quy chế.", "Văn phòng Bộ"),
    # a verb the rules lacked
    ("Trung tâm Bảo tồn Di tích Cố đô Huế chỉnh trang không gian Đại Nội.", "Trung tâm Bảo tồn Di tích Cố đô Huế"),
])
def test_lead_before_brackets_and_name_words(reg: AgencyRegistry, text: str, lead: str) -> None:
    assert item_lead(text, reg) == lead


def test_bracketed_unit_is_no_second_lead_end_to_end() -> None:
    got = _tasks("1. Sở Tài chính (Phòng Quản lý giá) thẩm định phương án giá nước sạch trong tháng 10/2026.\n"
                 "2. Sở Nông nghiệp và Môi trường (chủ trì), Sở Xây dựng rà soát các công trình cấp nước trước ngày "
                 "15/9/2026.\n"
                 "3. Ủy ban nhân dân các xã, phường (qua Phòng Kinh tế) thống kê số hộ thiếu nước hằng tuần.\n")
    assert [t["lead"] for t in got] == [["Sở Tài chính"], ["Sở Nông nghiệp và Môi trường"],
                                        ["Ủy ban nhân dân các xã, phường"]]
    assert [t["deadline"] for t in got] == ["trong tháng 10/2026", "trước ngày 15/9/2026", "hằng tuần"]


@pytest.mark.parametrize(("cell", "mentions"), [
    ("Sở Nông nghiệp và Môi trường (Chi cục Chăn nuôi và Thú y)", ["Sở Nông nghiệp và Môi trường"]),
    ("Bảo hiểm xã hội tỉnh (Phòng Quản lý thu)", ["Bảo hiểm xã hội tỉnh"]),
    ("Sở Y tế (Trung tâm Kiểm soát bệnh tật), Sở Tài chính", ["Sở Y tế", "Sở Tài chính"]),
])
def test_cell_brackets_dropped(reg: AgencyRegistry, cell: str, mentions: list[str]) -> None:
    assert reg.split_mentions(cell) == mentions


@pytest.mark.parametrize(("mention", "name"), [
    # a registry name alike but for a word it lacks: another body, kept as written
    ("Trung tâm Dịch vụ nông nghiệp xã", "Trung tâm Dịch vụ nông nghiệp xã"),
    # another province's or commune's body keeps its place; the document's own province is the registry's
    ("Sở Y tế tỉnh Đắk Lắk", "Sở Y tế tỉnh Đắk Lắk"),
    ("Trung tâm Phục vụ hành chính công tỉnh Kon Tum", "Trung tâm Phục vụ hành chính công tỉnh Kon Tum"),
    ("Phòng Kinh tế xã Ia Grai", "Phòng Kinh tế xã Ia Grai"),
    ("Sở Y tế tỉnh Gia Lai", "Sở Y tế"),
    # OCR's variants of the registry's own words still resolve to it
    ("Phòng Văn hóa - Xã hộl", "Phòng Văn hóa - Xã hội"),
    ("Giám đốc Sở Nội vụ", "Sở Nội vụ"),
    # a national body's branch named by its place, as written; the bare name is the registry's
    ("Bảo hiểm xã hội tỉnh", "Bảo hiểm xã hội tỉnh"),
    ("Thuế tỉnh Tuyên Quang", "Thuế tỉnh Tuyên Quang"),
    # … but the registry's name when the place it is written with is the document's own (the name ends on its level)
    ("Thuế tỉnh Gia Lai", "Thuế tỉnh"),
    ("Bưu điện tỉnh Gia Lai", "Bưu điện tỉnh Gia Lai"),
    ("Bảo hiểm xã hội", "Bảo hiểm xã hội"),
    # a collective narrowed by 'thuộc …', 'trên địa bàn …' (given whole, as a 'Kính gửi' item) is the collective
    ("Các sở, ban, ngành thuộc Ủy ban nhân dân tỉnh", "Các sở, ban, ngành"),
    ("Ủy ban nhân dân các xã, phường, đặc khu trên địa bàn tỉnh Khánh Hòa", "Ủy ban nhân dân các xã, phường, đặc khu"),
    ("Các Bộ, cơ quan ngang Bộ", "Các bộ, cơ quan ngang bộ"),
    # units the registry lacks, as written: public-service units, funds, state companies, numbered regional units
    ("Hạt Kiểm lâm Vườn quốc gia Kon Ka Kinh", "Hạt Kiểm lâm Vườn quốc gia Kon Ka Kinh"),
    ("Quỹ Bảo vệ và Phát triển rừng tỉnh", "Quỹ Bảo vệ và Phát triển rừng tỉnh"),
    ("Ngân hàng Nhà nước Khu vực 11", "Ngân hàng Nhà nước Khu vực 11"),
])
def test_resolution_keeps_other_bodies(reg: AgencyRegistry, mention: str, name: str) -> None:
    assert reg.resolve(mention).name == name


@pytest.mark.parametrize(("mention", "ok"), [
    ("Hạt Kiểm lâm Vườn quốc gia Chư Yang Sin", True),
    ("Quỹ Bảo vệ và Phát triển rừng tỉnh", True),
    ("Tổng công ty Điện lực miền Trung", True),
    ("Trường Tiểu học số 2", True),
    ("Quy định về quản lý rừng", False),  # a sentence, not a fund
    ("Sở Y tế ngày 15", False),  # a date's digit is no part of a name
])
def test_plausible_agency_heads(mention: str, ok: bool) -> None:
    assert plausible_agency(mention) is ok


@pytest.mark.parametrize(("cell", "names"), [
    # plural addressees written without their 'các', or under their heads' titles: the collective registry agencies
    ("Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương",
     ["Các bộ, cơ quan ngang bộ", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]),
    ("Chủ tịch UBND các xã, phường", ["Ủy ban nhân dân các xã, phường"]),
    ("Giám đốc các Sở, Thủ trưởng các ban, ngành", ["Các sở, ban, ngành"]),
    ("Sở, ban, ngành tỉnh", ["Các sở, ban, ngành"]),
])
def test_plural_addressees(cell: str, names: list[str]) -> None:
    reg = AgencyRegistry(None, None, None)
    assert [reg.resolve(m).name for m in reg.split_mentions(cell)] == names
