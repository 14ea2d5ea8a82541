"""The 党(工)委 of a district: which street or town each unit is in, and none in a street."""

from __future__ import annotations

from typing import NamedTuple

from brandoffice.services.areas import areas_of


class Unit(NamedTuple):
    id: int
    parent_id: int | None
    name: str
    kind: str
    level: str | None


DISTRICT = [
    Unit(1, None, "安和区委", "党委", "区县"),
    Unit(2, 1, "河西街道党工委", "党工委", "街道乡镇"),
    Unit(3, 1, "青石镇党委", "党委", "街道乡镇"),
    Unit(4, 1, "区直机关工委", "党工委", "区县"),
    Unit(5, 2, "滨河社区党委", "党委", "村社区"),
    Unit(6, 5, "滨河第一网格党支部", "党支部", "基层单位"),
    Unit(7, 3, "青石村党支部", "党支部", "村社区"),
    Unit(8, 1, "区档案馆党支部", "党支部", "基层单位"),  # directly under the district
]


def test_each_unit_belongs_to_its_street_town_or_the_organs() -> None:
    found = areas_of(DISTRICT, 1)
    assert {i: name for i, (_a, name) in found.items()} == {
        2: "河西街道党工委",
        3: "青石镇党委",
        4: "区直机关工委",
        5: "河西街道党工委",
        6: "河西街道党工委",
        7: "青石镇党委",
    }
    assert areas_of(DISTRICT, None) == found  # the only root is the scope


def test_a_street_a_single_committee_or_a_forest_has_no_areas() -> None:
    street = [
        Unit(1, None, "幸福街道党工委", "党工委", "街道乡镇"),
        Unit(2, 1, "幸福驿站社区党委", "党委", "村社区"),
        Unit(3, 1, "和平里社区党委", "党委", "村社区"),
    ]
    assert areas_of(street, 1) == {}
    assert areas_of(DISTRICT, 2) == {}  # a campaign over one street
    assert areas_of([*DISTRICT, Unit(9, None, "另一棵树", "党委", "区县")], None) == {}


def test_a_loop_in_the_tree_does_not_hang() -> None:
    looped = [*DISTRICT[:4], Unit(10, 11, "甲", "党支部", None), Unit(11, 10, "乙", "党支部", None)]
    assert set(areas_of(looped, 1)) == {2, 3, 4}
