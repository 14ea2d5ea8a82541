"""Coverage and quotas: 一个社区一个品牌, and a new brand a year per working committee."""

from __future__ import annotations

from dataclasses import dataclass

from brandoffice.services import home_sql
from brandoffice.services.context import AppContext
from brandoffice.services.home_sql import CONSTANTS, Query
from brandoffice.services.text_query import engine_query


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
    """Compute coverage for ``year`` (default: the clock's year) on any database.

    A community counts as covered by a brand of its own or of a unit below it that is
    not withdrawn (摘牌). A working committee (党工委, a town's 镇党委 under a district,
    or the root of the tree) meets its quota with at least one brand registered that
    year anywhere in its subtree. Counted in grouped SQL (:data:`home_sql.COMMUNITIES`,
    :data:`home_sql.QUOTAS`): each brand climbs the tree once, stopping on a loop.
    """
    with engine_query(ctx) as query:
        return count_coverage(query, year or ctx.today().year)


def count_coverage(query: Query, year: int) -> Coverage:
    """Compute coverage for ``year`` with ``query`` (see :mod:`brandoffice.services.text_query`)."""
    params = {**CONSTANTS, "year": year}
    units = query(home_sql.COMMUNITIES, params)
    lines = query(home_sql.QUOTAS, params)
    uncovered = tuple(UncoveredUnit(i, name, sec) for i, name, sec, has in units if not has)
    return Coverage(
        year,
        len(units),
        uncovered,
        tuple(QuotaLine(i, name, int(n), n >= 1) for i, name, n in lines),
    )
