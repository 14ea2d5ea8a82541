"""Coverage of communities by brands and the yearly quota of working committees."""

from __future__ import annotations

from sqlalchemy import update

from brandoffice.services.brands import BRAND, BrandDraft, BrandService
from brandoffice.services.campaigns import ORG
from brandoffice.services.context import AppContext
from brandoffice.services.coverage import coverage
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.rows import OrgRow


def test_uncovered_communities_and_quota(ctx: AppContext) -> None:
    orgs, brands = OrgService(ctx), BrandService(ctx)
    root, a, b = _street_with_two_communities(orgs)
    grid = orgs.create(
        OrgDraft(
            name="乙社区网格党支部", kind="党支部", level="基层单位", parent_id=b.id, sector="社区"
        )
    )
    orgs.create(
        OrgDraft(name="丙社区党委", kind="党委", level="村社区", parent_id=root.id, sector="社区")
    )
    before = coverage(ctx, 2026)
    assert before.communities == 3 and before.covered == 0
    assert [q.met for q in before.quotas] == [False]
    brands.create(BrandDraft(org_id=a.id, name="甲社区之家", year=2025))
    brands.create(BrandDraft(org_id=grid.id, name="网格连心桥", year=2026))
    after = coverage(ctx, 2026)
    assert sorted(u.name for u in after.uncovered) == ["丙社区党委"]
    assert after.quotas[0].new_brands == 1 and after.quotas[0].met
    assert not coverage(ctx, 2027).quotas[0].met


def test_a_districts_towns_owe_the_quota_like_its_streets(ctx: AppContext) -> None:
    orgs, brands = OrgService(ctx), BrandService(ctx)
    district = orgs.create(OrgDraft(name="安和区委", kind="党委", level="区县"))
    street = orgs.create(
        OrgDraft(name="河西街道党工委", kind="党工委", level="街道乡镇", parent_id=district.id)
    )
    orgs.create(OrgDraft(name="青石镇党委", kind="党委", level="街道乡镇", parent_id=district.id))
    community = orgs.create(
        OrgDraft(name="滨河社区党委", kind="党委", level="村社区", parent_id=street.id)
    )
    brands.create(BrandDraft(org_id=community.id, name="红色港湾", year=2026))
    quotas = {q.name: (q.new_brands, q.met) for q in coverage(ctx, 2026).quotas}
    assert quotas == {"安和区委": (1, True), "河西街道党工委": (1, True), "青石镇党委": (0, False)}


def test_a_withdrawn_brand_covers_nothing_and_a_loop_ends(each_db_ctx: AppContext) -> None:
    ctx = each_db_ctx
    orgs, brands = OrgService(ctx), BrandService(ctx)
    root, a, b = _street_with_two_communities(orgs)
    kept = brands.create(BrandDraft(org_id=a.id, name="甲社区之家", year=2026))
    gone = brands.create(BrandDraft(org_id=b.id, name="乙社区驿站", year=2026))
    with ctx.db.write.begin() as s:
        s.execute(update(BRAND).where(BRAND.c.id == gone.id).values(status="摘牌"))
    board = coverage(ctx, 2026)
    assert [u.name for u in board.uncovered] == ["乙社区党委"]
    assert [(q.name, q.new_brands) for q in board.quotas] == [("幸福街道党工委", 2)]
    # a loop written past the program (two units each other's parent) does not hang the count
    with ctx.db.write.begin() as s:
        s.execute(update(ORG).where(ORG.c.id == root.id).values(parent_id=a.id))
    looped = coverage(ctx, 2026)
    assert kept.id and looped == board  # each brand counted once per unit, as before


def _street_with_two_communities(orgs: OrgService) -> tuple[OrgRow, OrgRow, OrgRow]:
    """A street's working committee with 甲社区党委 and 乙社区党委 under it."""
    root = orgs.create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
    communities = [
        orgs.create(
            OrgDraft(name=name, kind="党委", level="村社区", parent_id=root.id, sector="社区")
        )
        for name in ("甲社区党委", "乙社区党委")
    ]
    return root, communities[0], communities[1]
