"""Coverage and quotas: 一个社区一个品牌, and a new brand a year per working committee."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import CTE, ColumnElement, and_, func, or_, select

from brandoffice.model import Brand, Organisation, table_of
from brandoffice.model.vocab import BrandStatus, OrgKind, OrgLevel, Sector
from brandoffice.services.context import AppContext

ORG = table_of(Organisation)
BRAND = table_of(Brand)


@dataclass(frozen=True)
class UncoveredUnit:
    """A community with no live brand."""

    org_id: int
    name: str
    secretary: str | None


@dataclass(frozen=True)
class QuotaLine:
    """Whether one working committee created a brand in the year."""

    org_id: int
    name: str
    new_brands: int
    met: bool


@dataclass(frozen=True)
class Coverage:
    """Brand coverage of the communities and the yearly quota of working committees."""

    year: int
    communities: int
    uncovered: tuple[UncoveredUnit, ...]
    quotas: tuple[QuotaLine, ...]

    @property
    def covered(self) -> int:
        """Communities with at least one live brand."""
        return self.communities - len(self.uncovered)


def coverage(ctx: AppContext, year: int | None = None) -> Coverage:
    """Compute coverage for ``year`` (default: the clock's year).

    A community counts as covered by a brand of its own or of a unit below it that is
    not withdrawn (摘牌). A working committee (党工委, a town's 镇党委 under a district,
    or the root of the tree) meets its quota with at least one brand registered that
    year anywhere in its subtree. Counted in grouped SQL: each brand climbs the tree
    once (a recursive query that stops on a loop), on SQLite and PostgreSQL alike.
    """
    year = year or ctx.today().year
    up = _brands_up()
    parent = ORG.alias("parent")
    community = Sector.COMMUNITY.value
    # A community is a 社区 unit whose parent is not itself inside a community (grid branches).
    is_community = and_(
        ORG.c.sector == community,
        or_(parent.c.sector.is_(None), parent.c.sector != community),
    )
    communities = (
        select(ORG.c.id, ORG.c.name, ORG.c.secretary)
        .select_from(ORG.outerjoin(parent, parent.c.id == ORG.c.parent_id))
        .where(is_community)
        .order_by(ORG.c.id)
    )
    live = select(up.c.org).where(up.c.status != BrandStatus.WITHDRAWN.value)
    new_brands = func.count(up.c.brand)
    quotas = (
        select(ORG.c.id, ORG.c.name, new_brands)
        .select_from(ORG.outerjoin(up, and_(up.c.org == ORG.c.id, up.c.year == year)))
        .where(_has_quota())
        .group_by(ORG.c.id, ORG.c.name)
        .order_by(ORG.c.id)
    )
    with ctx.db.read_engine.connect() as conn:
        units = conn.execute(communities.add_columns(ORG.c.id.in_(live))).all()
        lines = conn.execute(quotas).all()
    uncovered = tuple(UncoveredUnit(i, name, sec) for i, name, sec, has in units if not has)
    return Coverage(
        year,
        len(units),
        uncovered,
        tuple(QuotaLine(i, name, int(n), n >= 1) for i, name, n in lines),
    )


def _brands_up() -> CTE:
    """Every (brand, unit at or above the brand's unit) pair, with the brand's status and year."""
    start = select(
        BRAND.c.id.label("brand"),
        BRAND.c.org_id.label("org"),
        BRAND.c.status.label("status"),
        BRAND.c.year.label("year"),
    ).cte("up", recursive=True)
    step = select(start.c.brand, ORG.c.parent_id, start.c.status, start.c.year).where(
        ORG.c.id == start.c.org, ORG.c.parent_id.is_not(None)
    )
    return start.union(step)


def _has_quota() -> ColumnElement[bool]:
    """Whether a unit owes a new brand a year: a 党(工)委 of a street or town, or the root."""
    return or_(
        ORG.c.parent_id.is_(None),
        ORG.c.kind == OrgKind.WORKING_COMMITTEE.value,
        and_(ORG.c.kind == OrgKind.COMMITTEE.value, ORG.c.level == OrgLevel.STREET.value),
    )
