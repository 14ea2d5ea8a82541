"""Search-as-you-type in the database, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberService
from brandoffice.services.search import QueryShape, quick_search
from tests.core.services.search_fixtures import ZHANG_WEI, ZHAO_ID, build_search_street


@pytest.fixture
def street(each_db_ctx: AppContext) -> tuple[AppContext, dict[str, int]]:
    """The search street on each database."""
    ctx = each_db_ctx
    return ctx, build_search_street(ctx)


def test_pinyin_initials_find_units_in_any_case(street: tuple[AppContext, dict[str, int]]) -> None:
    ctx, ids = street
    for typed in ("xfyz", "XFYZ", " xfyz "):
        units, members = quick_search(ctx, typed)
        assert [u.id for u in units] == [ids["station"]] and members == []
    assert units[0].name == "幸福驿站社区党委" and units[0].kind == "党委"


def test_units_come_shortest_name_first(street: tuple[AppContext, dict[str, int]]) -> None:
    ctx, ids = street
    units, _members = quick_search(ctx, "社区党委")
    assert [u.id for u in units] == [ids["sunshine"], ids["station"]]


def test_member_hits_carry_their_unit_name_and_obey_the_limit(
    street: tuple[AppContext, dict[str, int]],
) -> None:
    ctx, _ids = street
    _units, members = quick_search(ctx, "zw")
    assert len(members) == 20 < ZHANG_WEI
    assert {(m.name, m.unit_name) for m in members} == {("张伟", "幸福驿站社区党委")}
    assert [m.id for m in members] == sorted(m.id for m in members)
    assert len(quick_search(ctx, "zw", limit=5)[1]) == 5
    assert len(quick_search(ctx, "张伟", limit=50)[1]) == ZHANG_WEI
    assert quick_search(ctx, "zw", members=False) == ([], [])


def test_parts_of_phone_and_id_numbers_find_members(
    street: tuple[AppContext, dict[str, int]],
) -> None:
    ctx, ids = street
    _units, by_phone = quick_search(ctx, "912345")
    assert [(m.id, m.phone, m.unit_name) for m in by_phone] == [
        (ids["zhao"], "13912345678", "阳光社区党委")
    ]
    _units, by_id = quick_search(ctx, "320102")
    assert [(m.id, m.id_number) for m in by_id] == [(ids["zhao"], ZHAO_ID)]
    assert quick_search(ctx, ZHAO_ID[-6:].lower())[1][0].id == ids["zhao"]  # 'x' typed small
    assert quick_search(ctx, "00000000")[1][0].id == ids["zhang"]
    assert quick_search(ctx, "91")[1] == []  # two digits search names only


def test_wildcards_are_matched_literally(street: tuple[AppContext, dict[str, int]]) -> None:
    ctx, ids = street
    units, members = quick_search(ctx, "_")
    assert [u.id for u in units] == [ids["underscore"]] and members == []
    assert quick_search(ctx, "%") == ([], [])
    assert quick_search(ctx, "\\") == ([], [])
    assert quick_search(ctx, "   ") == ([], [])


def test_member_service_search_shares_the_condition(
    street: tuple[AppContext, dict[str, int]],
) -> None:
    ctx, ids = street
    service = MemberService(ctx)
    assert [m.id for m in service.search("912345")] == [ids["zhao"]]
    assert len(service.search("zw")) == ZHANG_WEI
    assert service.search("%") == [] and service.search(" ") == []


def test_query_shape() -> None:
    assert QueryShape.of("xfyz") == QueryShape(initials=True, numbers=False, escape=False)
    assert QueryShape.of("13912") == QueryShape(initials=False, numbers=True, escape=False)
    assert QueryShape.of("123x") == QueryShape(initials=False, numbers=True, escape=False)
    assert QueryShape.of("张_") == QueryShape(initials=False, numbers=False, escape=True)


def test_search_reads_without_the_write_lock(ctx: AppContext, db_path: Path) -> None:
    build_search_street(ctx)
    statements: list[str] = []

    @event.listens_for(ctx.db.engine, "before_cursor_execute")
    def _log(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    writer = sqlite3.connect(db_path, isolation_level=None, timeout=0)
    writer.execute("BEGIN IMMEDIATE")  # another process is writing
    try:
        assert quick_search(ctx, "zw")[1]
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert "BEGIN DEFERRED" in statements and "BEGIN IMMEDIATE" not in statements
