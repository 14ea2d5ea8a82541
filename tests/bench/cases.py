"""The benchmark cases: what the program does, and the bare floor doing the same work."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from brandoffice.services.brands import BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberService
from brandoffice.services.orgs import OrgService


@dataclass
class Case:
    """One measured operation and its floor.

    Attributes:
        goal: The largest ratio allowed (to ``honest`` when there is one).
        self_timed: ``run`` and ``floor`` return the seconds to count themselves
            (a child process reporting when its window became interactive), instead
            of being timed from call to return.
        honest: A second floor that also does work the bare ``floor`` skips but
            the program must do (checks a clerk needs); the goal applies to it.
        unfair: Why the bare floor is unfair, printed beside the ratios.
        budget: Set on a memory case: ``run`` and ``floor`` return peak RSS in MB
            and the goal is the floor plus this many MB (not a ratio).
    """

    name: str
    run: Callable[[], object]
    floor: Callable[[], object]
    goal: float | None = None
    self_timed: bool = False
    honest: Callable[[], object] | None = None
    unfair: str = ""
    budget: float | None = None


def all_cases(ctx: AppContext, raw: sqlite3.Connection, work: Path, scale: float) -> Iterator[Case]:
    """Yield every case; later issues add theirs here."""
    orgs, members, brands = OrgService(ctx), MemberService(ctx), BrandService(ctx)
    org_sql = (
        "SELECT id, parent_id, name, kind, sector, level, secretary, contact, phone, address,"
        " {}, grade, is_demo_point, founded_on, term_start, term_end, sort_order,"
        " note, version FROM organisations ORDER BY sort_order, id"
    )
    roster = "(SELECT count(*) FROM members m WHERE m.org_id = organisations.id)"
    yield Case(
        "load the whole organisation tree",
        orgs.all_rows,
        lambda: raw.execute(org_sql.format("member_count")).fetchall(),
        goal=1.5,
        honest=lambda: raw.execute(org_sql.format(f"max(member_count, {roster})")).fetchall(),
        unfair="it reads the stored member_count, which holds only a figure the clerk typed;"
        " 党员人数 shown is that or the roster's count, whichever is larger (issue 14), so the"
        " honest floor counts each unit's roster in the same SQL",
    )
    yield Case(
        "search members (name, initials, phone)",
        lambda: members.search("zw", limit=50),
        lambda: raw.execute(
            "SELECT * FROM members WHERE name LIKE '%zw%' ESCAPE '\\' OR initials LIKE '%zw%'"
            " ESCAPE '\\' ORDER BY id LIMIT 50"
        ).fetchall(),
        goal=1.5,
    )
    yield Case(
        "search members by part of a phone number",
        lambda: members.search("13912", limit=50),
        lambda: raw.execute(
            "SELECT * FROM members WHERE name LIKE '%13912%' ESCAPE '\\' OR phone LIKE '%13912%'"
            " ESCAPE '\\' OR id_number LIKE '%13912%' ESCAPE '\\' ORDER BY id LIMIT 50"
        ).fetchall(),
        goal=1.5,
    )
    yield Case(
        "load the brand list",
        brands.all_rows,
        lambda: raw.execute("SELECT * FROM brands ORDER BY id").fetchall(),
        goal=1.5,
    )
    yield Case(
        "load a page of 200 members sorted by name",
        lambda: members.page(None, 1000, 200, sort="name"),
        lambda: raw.execute(
            "SELECT * FROM members ORDER BY name, id LIMIT 200 OFFSET 1000"
        ).fetchall(),
        goal=1.5,
    )
    yield from _import_cases(ctx, raw, work, scale)
    from tests.bench.calendar_case import calendar_cases

    yield from calendar_cases(ctx, raw, work, scale)
    from tests.bench.report_case import report_cases
    from tests.bench.ui_case import ui_cases

    yield from ui_cases(ctx, raw, work, scale)

    yield from report_cases(ctx, raw, work, scale)
    from tests.bench.issue21_cases import issue21_cases

    yield from issue21_cases(ctx, raw, work, scale)


def _import_cases(
    ctx: AppContext, raw: sqlite3.Connection, work: Path, scale: float
) -> Iterator[Case]:
    try:
        from tests.bench.import_case import import_members_case
    except ImportError:  # the Excel importer is not there yet
        return
    yield import_members_case(ctx, work, scale)
