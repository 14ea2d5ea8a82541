"""What a unit's list may leave out: the kind read from the name, the level from the parent."""

from __future__ import annotations

from brandoffice.model.vocab import OrgKind, OrgLevel

KIND_ENDINGS: tuple[tuple[str, OrgKind], ...] = (
    ("功能型党支部", OrgKind.FUNCTIONAL_BRANCH),
    ("联合党支部", OrgKind.JOINT_BRANCH),
    ("联合支部", OrgKind.JOINT_BRANCH),
    ("党工委", OrgKind.WORKING_COMMITTEE),
    ("工作委员会", OrgKind.WORKING_COMMITTEE),
    ("党总支", OrgKind.GENERAL_BRANCH),
    ("党总支部", OrgKind.GENERAL_BRANCH),
    ("总支部委员会", OrgKind.GENERAL_BRANCH),
    ("党支部", OrgKind.BRANCH),
    ("支部委员会", OrgKind.BRANCH),
    ("支部", OrgKind.BRANCH),
    ("党委", OrgKind.COMMITTEE),
    ("委员会", OrgKind.COMMITTEE),
)
"""Name endings that tell a unit's kind, most specific first (中共…工作委员会 is a 党工委)."""

NEXT_LEVEL = {
    OrgLevel.CITY: OrgLevel.DISTRICT,
    OrgLevel.DISTRICT: OrgLevel.STREET,
    OrgLevel.STREET: OrgLevel.COMMUNITY,
}
"""The level of a unit below a unit of this level; below the rest, 基层单位."""

TOP_LEVEL = OrgLevel.STREET
"""The level of a top unit when the list does not say: the office itself."""


def kind_from_name(name: str) -> OrgKind | None:
    """Return the kind a unit's name ends with (…社区党委 is a 党委), or None."""
    for ending, kind in KIND_ENDINGS:
        if name.endswith(ending):
            return kind
    return None


def level_below(parent_level: str | None) -> OrgLevel:
    """Return the level of a unit under a parent of ``parent_level`` (None for a top unit)."""
    if parent_level is None:
        return TOP_LEVEL
    try:
        return NEXT_LEVEL.get(OrgLevel(parent_level), OrgLevel.GRASSROOTS)
    except ValueError:
        return OrgLevel.GRASSROOTS
