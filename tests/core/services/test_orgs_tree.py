"""The organisation tree's reads: the first view in one session, then a level at a time."""

from __future__ import annotations

import pytest
from sqlalchemy import event, update

from brandoffice.model import Brand, table_of
from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.orgs_tree import OrgTreeService


def _build(ctx: AppContext) -> dict[str, int]:
    """Two roots: 幸福街道 (two communities, the first with a branch) and 直属机关 (none)."""
    orgs = OrgService(ctx)

    def unit(name: str, parent: int | None, order: int = 0) -> int:
        draft = OrgDraft(
            name=name, kind="党委", level="街道乡镇", parent_id=parent, sort_order=order
        )
        return orgs.create(draft).id

    street = unit("幸福街道党工委", None)
    organ = unit("直属机关党委", None, order=1)
    second = unit("阳光社区党委", street, order=2)
    first = unit("驿站社区党委", street, order=1)
    branch = unit("驿站第一党支部", first)
    brands = BrandService(ctx)
    brands.create(BrandDraft(org_id=first, name="驿站暖心", year=2026))
    brands.create(BrandDraft(org_id=first, name="红色驿站", year=2026))
    gone = brands.create(BrandDraft(org_id=second, name="阳光先锋", year=2025))
    with ctx.db.write.begin() as s:
        s.execute(
            update(table_of(Brand)).where(table_of(Brand).c.id == gone.id).values(status="摘牌")
        )
    return {"street": street, "organ": organ, "first": first, "second": second, "branch": branch}


@pytest.fixture
def tree(each_db_ctx: AppContext) -> tuple[AppContext, dict[str, int]]:
    """The small tree on each database."""
    ctx = each_db_ctx
    return ctx, _build(ctx)


def test_top_opens_the_few_roots_with_their_children(
    tree: tuple[AppContext, dict[str, int]],
) -> None:
    ctx, ids = tree
    top = OrgTreeService(ctx).top(open_roots=3, open_limit=10)
    assert [r.org.id for r in top.roots] == [ids["street"], ids["organ"]]
    assert [r.has_children for r in top.roots] == [True, False]
    assert list(top.children) == [ids["street"]]  # 直属机关 has nothing to open
    children = top.children[ids["street"]]
    assert [r.org.name for r in children] == ["驿站社区党委", "阳光社区党委"]  # sort order
    assert [r.has_children for r in children] == [True, False]
    assert children[0].brands == ("驿站暖心", "红色驿站")  # oldest first
    assert children[1].brands == ()  # a withdrawn brand is not shown


def test_top_leaves_many_roots_and_big_units_closed(
    tree: tuple[AppContext, dict[str, int]],
) -> None:
    ctx, _ids = tree
    service = OrgTreeService(ctx)
    assert service.top(open_roots=1, open_limit=10).children == {}
    assert service.top(open_roots=3, open_limit=1).children == {}
    assert service.top().children == {}


def test_top_reads_in_one_session_of_three_queries(
    tree: tuple[AppContext, dict[str, int]],
) -> None:
    ctx, _ids = tree
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    engine = ctx.db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        OrgTreeService(ctx).top(open_roots=3, open_limit=10)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 3


def test_a_level_and_one_unit(tree: tuple[AppContext, dict[str, int]]) -> None:
    ctx, ids = tree
    service = OrgTreeService(ctx)
    level = service.level(ids["first"])
    assert [(r.org.name, r.has_children, r.brands) for r in level] == [
        ("驿站第一党支部", False, ())
    ]
    assert [r.org.id for r in service.level(None)] == [ids["street"], ids["organ"]]
    assert service.level(ids["branch"]) == []
    unit = service.unit(ids["first"])
    assert unit is not None and unit.has_children and unit.brands == ("驿站暖心", "红色驿站")
    assert service.unit(999_999) is None
    assert service.child_count(ids["street"]) == 2
    assert service.child_count(ids["branch"]) == 0
