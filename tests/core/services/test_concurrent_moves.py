"""Clerks moving units at the same moment never make a loop (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from brandoffice.app import open_context
from brandoffice.backup import copy_database
from brandoffice.errors import KnownError
from brandoffice.maintenance import check
from brandoffice.services import brand_view
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import ORG, OrgDraft, OrgService

LOOP_REFUSED = "不能把组织移到它自己或它的下级组织之下（会形成循环）"
NAMES = ("甲支部", "乙支部", "丙支部")


def _unit(service: OrgService, name: str, parent_id: int | None) -> int:
    kind = "党工委" if parent_id is None else "党支部"
    level = "街道乡镇" if parent_id is None else "基层单位"
    return service.create(OrgDraft(name=name, kind=kind, level=level, parent_id=parent_id)).id


def _loops(ctx: AppContext) -> list[list[int]]:
    with ctx.db.read() as s:
        rows = s.execute(select(ORG.c.id, ORG.c.parent_id)).all()
    parent: dict[int, int | None] = {int(i): p for i, p in rows}
    found: list[list[int]] = []
    for start in parent:
        chain: list[int] = []
        current: int | None = start
        while current is not None and current not in chain:
            chain.append(current)
            current = parent[current]
        if current is not None and sorted(chain[chain.index(current) :]) not in found:
            found.append(sorted(chain[chain.index(current) :]))
    return found


class Clerk(threading.Thread):
    """A clerk with its own connections, moving one unit under another each round."""

    def __init__(self, url: str, barrier: threading.Barrier, rounds: int, use_form: bool) -> None:
        super().__init__(daemon=True)
        self.ctx = open_context(url)
        self.barrier = barrier
        self.rounds = rounds
        self.use_form = use_form
        self.unit = 0
        self.target = 0
        self.moved = 0
        self.refused: list[str] = []
        self.failures: list[BaseException] = []

    def run(self) -> None:
        service = OrgService(self.ctx)
        try:
            for n in range(self.rounds):
                self.barrier.wait(timeout=60)  # the tree was reset
                form = service.get(self.unit) if self.use_form and n % 2 else None
                self.barrier.wait(timeout=60)  # everybody starts at once
                try:
                    if form is None:
                        service.move(self.unit, self.target)
                    else:
                        fields = {k: getattr(form, k) for k in OrgDraft.__dataclass_fields__}
                        draft = OrgDraft(**{**fields, "parent_id": self.target})
                        service.update(self.unit, form.version, draft)
                    self.moved += 1
                except KnownError as exc:
                    self.refused.append(str(exc))
                self.barrier.wait(timeout=60)  # done: the referee looks
        except BaseException as exc:  # reported by the test
            self.failures.append(exc)
            self.barrier.abort()
        finally:
            self.ctx.db.dispose()


def _race(url: str, clerks: int, rounds: int) -> tuple[int, int]:
    """Run ``rounds`` rounds of ``clerks`` moving a ring of units; return (moved, refused)."""
    referee = open_context(url)
    service = OrgService(referee)
    root = _unit(service, "幸福街道党工委", None)
    units = [_unit(service, name, root) for name in NAMES[:clerks]]
    barrier = threading.Barrier(clerks + 1)
    team = [Clerk(url, barrier, rounds, use_form=i == 0) for i in range(clerks)]
    for i, clerk in enumerate(team):  # A under B, B under C, C under A: a ring
        clerk.unit, clerk.target = units[i], units[(i + 1) % clerks]
        clerk.start()
    loops = 0
    try:
        for _ in range(rounds):
            for unit in units:
                service.move(unit, root)
            barrier.wait(timeout=60)
            barrier.wait(timeout=60)
            barrier.wait(timeout=60)
            loops += bool(_loops(referee))
        for clerk in team:
            clerk.join(timeout=60)
        assert not [f for c in team for f in c.failures]
        assert loops == 0
        for clerk in team:
            assert set(clerk.refused) <= {LOOP_REFUSED}
        moved = sum(c.moved for c in team)
        refused = sum(len(c.refused) for c in team)
        # Each round all moves but one go through: the last one would close the ring.
        assert (moved, refused) == ((clerks - 1) * rounds, rounds)
        assert check(referee).ok
    finally:
        barrier.abort()
        referee.db.dispose()
    return moved, refused


def test_a_loop_left_by_an_older_program_does_not_hang_subtree_queries(
    each_db_ctx: AppContext,
) -> None:
    service = OrgService(each_db_ctx)
    root = _unit(service, "幸福街道党工委", None)
    a, b = (_unit(service, name, root) for name in NAMES[:2])
    with each_db_ctx.db.write.begin() as s:  # as the old moves could leave it: a under b
        s.execute(ORG.update().where(ORG.c.id == a).values(parent_id=b))
        s.execute(ORG.update().where(ORG.c.id == b).values(parent_id=a))
    assert sorted(service.subtree(a)) == sorted([a, b])
    assert brand_view.count(each_db_ctx, brand_view.BrandFilter(unit_id=a)) == 0
    assert _loops(each_db_ctx) == [sorted([a, b])]
    with pytest.raises(KnownError, match="循环"):
        service.move(root, a)


@pytest.fixture
def sqlite_url(empty_template: Path, db_path: Path) -> Iterator[str]:
    """The test's own SQLite file, migrated (a copy of the migrated empty database)."""
    open_context(str(copy_database(empty_template, db_path))).db.dispose()
    yield str(db_path)


@pytest.mark.parametrize("clerks", [2, 3])
def test_sqlite_moves_at_once_make_no_loop(sqlite_url: str, clerks: int) -> None:
    _race(sqlite_url, clerks, rounds=100)


@pytest.mark.postgres
@pytest.mark.parametrize("clerks", [2, 3])
def test_pg_moves_at_once_make_no_loop(pg_url: str, clerks: int) -> None:
    _race(pg_url, clerks, rounds=200)
