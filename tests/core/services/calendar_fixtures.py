"""A small street with units in several sectors and the seed-000 campaign from its template."""

from __future__ import annotations

from collections.abc import Sequence

from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.template_campaigns import create_from_template

SEED_000 = "seed000_street"
UNITS = (
    ("甲社区党委", "党委", "社区"),
    ("乙社区党委", "党委", "社区"),
    ("丙社区党委", "党委", "社区"),
    ("街道机关党支部", "党支部", "机关"),
    ("幸福小学党支部", "党支部", "学校"),
    ("光明科技公司党支部", "党支部", "非公企业"),
)


def small_street(
    ctx: AppContext, units: Sequence[tuple[str, str, str]] = UNITS
) -> tuple[int, dict[str, int]]:
    """Create a street working committee with ``units`` (name, kind, sector) below it.

    Returns:
        The street's id and the units' ids by name.
    """
    orgs = OrgService(ctx)
    root = orgs.create(
        OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇", sector="街道")
    )
    ids = {
        name: orgs.create(
            OrgDraft(name=name, kind=kind, level="村社区", parent_id=root.id, sector=sector)
        ).id
        for name, kind, sector in units
    }
    return root.id, ids


def seed000_campaign(ctx: AppContext, year: int = 2026) -> tuple[int, int, dict[str, int]]:
    """Create the street and the seed-000 campaign on it; return (campaign, root, units)."""
    root, ids = small_street(ctx)
    campaign = create_from_template(ctx, SEED_000, f"{year}年党建品牌创建", year, root)
    return campaign.id, root, ids
