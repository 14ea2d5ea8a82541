"""Coverage and quotas: 一个社区一个品牌, and a new brand a year per working committee."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

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
    year anywhere in its subtree.
    """
    year = year or ctx.today().year
    with ctx.db.read() as s:
        units = s.execute(
            select(
                ORG.c.id,
                ORG.c.parent_id,
                ORG.c.name,
                ORG.c.kind,
                ORG.c.level,
                ORG.c.sector,
                ORG.c.secretary,
            )
        ).all()
        brands = s.execute(select(BRAND.c.org_id, BRAND.c.status, BRAND.c.year)).all()
    parent = {u.id: u.parent_id for u in units}
    sector = {u.id: u.sector for u in units}

    def chain(org_id: int) -> list[int]:
        out: list[int] = []
        current: int | None = org_id
        while current is not None and current not in out:
            out.append(current)
            current = parent.get(current)
        return out

    live_below: set[int] = set()
    new_below: dict[int, int] = {}
    for b in brands:
        up = chain(b.org_id)
        if b.status != BrandStatus.WITHDRAWN.value:
            live_below.update(up)
        if b.year == year:
            for org_id in up:
                new_below[org_id] = new_below.get(org_id, 0) + 1
    # A community is a 社区 unit whose parent is not itself inside a community (grid branches).
    community = Sector.COMMUNITY.value
    communities = [
        u
        for u in units
        if u.sector == community and sector.get(parent.get(u.id) or -1) != community
    ]
    uncovered = tuple(
        UncoveredUnit(u.id, u.name, u.secretary) for u in communities if u.id not in live_below
    )
    committees = [u for u in units if _has_quota(u.kind, u.level, u.parent_id)]
    quotas = tuple(
        QuotaLine(u.id, u.name, new_below.get(u.id, 0), new_below.get(u.id, 0) >= 1)
        for u in committees
    )
    return Coverage(year, len(communities), uncovered, quotas)


def _has_quota(kind: str, level: str | None, parent_id: int | None) -> bool:
    """Tell whether a unit owes a new brand a year: a 党(工)委 of a street or town, or the root."""
    if parent_id is None or kind == OrgKind.WORKING_COMMITTEE.value:
        return True
    return kind == OrgKind.COMMITTEE.value and level == OrgLevel.STREET.value
