"""Agency resolution that never forces a wrong match (issue 11): a name the registry does not hold is kept as
written, never resolved to another body's canonical name. The gold table tests/gold/agency_names.json holds agency
names of every level with their expected resolution; the rules that keep them apart each have a test of their own:
the level word must agree ('Công an huyện' is no 'Công an xã'), a name with words the registry's lacks is another
body ('Phòng Văn hóa, Khoa học và Thông tin'), a collective lists the same levels ('Ủy ban nhân dân các tỉnh'), and
a name cut short by its level is no reordered registry name ('Văn phòng Hội đồng nhân dân tỉnh')."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from extract.agencies import AgencyRegistry, plausible_agency, seed_agencies

GOLD = Path(__file__).parent / "gold" / "agency_names.json"
TABLE = json.loads(GOLD.read_text(encoding="utf-8"))
CONTEXTS = {k: tuple(v) for k, v in TABLE["contexts"].items()}
REGISTRY_NAMES = {s.name for s in seed_agencies()}


@cache
def _reg(context: str) -> AgencyRegistry:
    return AgencyRegistry(*CONTEXTS[context])


def _resolved(context: str, mention: str) -> str:
    return _reg(context).resolve(mention).name


def test_the_table_is_large_and_names_only_registry_agencies() -> None:
    """150+ names of all levels; every expected name is a registry canonical name (or null, kept as written), and
    both kinds are there in number."""
    rows = TABLE["names"]
    assert len(rows) >= 150
    assert {r[0] for r in rows} == set(CONTEXTS)
    expected = [r[2] for r in rows]
    assert all(e in REGISTRY_NAMES for e in expected if e is not None)
    assert sum(e is None for e in expected) >= 100 and sum(e is not None for e in expected) >= 50


def test_every_name_resolves_as_the_gold_table_says() -> None:
    """No name is forced to another body's canonical name, and registry names still resolve to themselves."""
    wrong = []
    for context, mention, expected, *_ in TABLE["names"]:
        got = _resolved(context, mention)
        if got != (expected or mention):
            wrong.append((context, mention, got, expected or mention))
    assert wrong == []


@pytest.mark.parametrize(("context", "mention", "expected"), [
    ("tinh", "Công an huyện", "Công an huyện"),              # registry 'Công an xã' / 'Công an tỉnh': another level
    ("xa", "Ban Chỉ huy Quân sự huyện", "Ban Chỉ huy Quân sự huyện"),
    ("xa", "Công an phường", "Công an xã"),                  # a ward is a commune's level: the registry's alias
    ("huyen", "Thanh tra xã", "Thanh tra xã"),               # 'Thanh tra Sở' is named by its owner, no level
    ("tinh", "Phòng Tư pháp tỉnh", "Phòng Tư pháp tỉnh"),    # a province's units are Sở: a Phòng is no province's
    ("huyen", "Phòng Y tế huyện", "Phòng Y tế"),             # the issuer's own level: the registry's name
    ("xa", "Thanh tra tỉnh", "Thanh tra tỉnh"),              # a parent agency at the province's level
    ("tinh", "Trung tâm Phục vụ hành chính công tỉnh", "Trung tâm Phục vụ hành chính công"),
])
def test_the_level_word_must_agree(context: str, mention: str, expected: str) -> None:
    assert _resolved(context, mention) == expected


@pytest.mark.parametrize(("context", "mention", "expected"), [
    ("huyen", "Phòng Văn hóa, Khoa học và Thông tin", "Phòng Văn hóa, Khoa học và Thông tin"),
    ("tinh", "Sở Văn hóa, Thể thao, Du lịch và Thông tin", "Sở Văn hóa, Thể thao, Du lịch và Thông tin"),
    ("bo", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"),
    ("huyen", "Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Kinh tế"),     # the registry's alias: no extra word
    ("tinh", "Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Trị", "Sở Văn hóa, Thể thao và Du lịch"),  # own place
    ("xa", "Phòng Văn hoá - Xã hộii", "Phòng Văn hóa - Xã hội"),        # OCR's variant of its own word
    ("tinh", "Sự Tại chính", "Sở Tài chính"),                           # a short word with one letter misread
    ("tinh", "Sự Ké hoạch và Đầu tư", "Sở Kế hoạch và Đầu tư"),
])
def test_words_the_registry_name_lacks_make_another_body(context: str, mention: str, expected: str) -> None:
    assert _resolved(context, mention) == expected


@pytest.mark.parametrize(("mention", "expected"), [
    ("Ủy ban nhân dân các tỉnh", "Ủy ban nhân dân các tỉnh"),         # many committees, never the one 'Ủy ban nhân dân',
    ("UBND các tỉnh, thành phố", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"),  # nor the cities' too
    ("Ủy ban nhân dân các xã", "Ủy ban nhân dân các xã, phường"),      # a commune level's are addressed together
    ("Ủy ban nhân dân các phường", "Ủy ban nhân dân các phường"),      # but the wards alone, a city's: as written
    ("UBND các phường, xã", "Ủy ban nhân dân các xã, phường"),         # the same levels in another order
    ("Ủy ban nhân dân cấp xã", "Ủy ban nhân dân các xã, phường"),      # lists no level: the registry's alias
])
def test_a_collective_lists_the_registry_collectives_levels(mention: str, expected: str) -> None:
    assert _resolved("tinh", mention) == expected


def test_a_name_cut_short_by_its_level_is_no_reordered_registry_name() -> None:
    """'Văn phòng Hội đồng nhân dân tỉnh' holds most words of the commune's 'Văn phòng HĐND và UBND' but ends on its
    level where that name goes on: another office; the words of a registry name reordered still find it."""
    assert _resolved("tinh", "Văn phòng Hội đồng nhân dân tỉnh") == "Văn phòng Hội đồng nhân dân tỉnh"
    assert _reg("xa").reordered_seed("Phục vụ Trung tâm hành chính công").name == "Trung tâm Phục vụ hành chính công"


@pytest.mark.parametrize("mention", ["Tòa án nhân dân tỉnh", "Thông tấn xã Việt Nam",
                                     "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam", "Thống kê tỉnh"])
def test_more_heads_of_agencies_kept_as_written(mention: str) -> None:
    assert plausible_agency(mention)
    assert _resolved("tinh", mention) == mention


@pytest.mark.parametrize("text", ["Thống kê số liệu hộ nghèo", "Tòa nhà trụ sở xã"])
def test_the_new_heads_open_no_sentence(text: str) -> None:
    assert not plausible_agency(text)
