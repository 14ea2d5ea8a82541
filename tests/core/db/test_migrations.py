"""Migrations from the first revision upward on databases holding data."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from brandoffice.app import open_context
from brandoffice.db.engine import make_engine
from brandoffice.db.migrate import (
    HEAD_REVISION,
    alembic_config,
    current_revision,
    head_revision,
    upgrade,
)
from brandoffice.errors import SchemaTooNewError
from brandoffice.model import Base
from brandoffice.paths import backup_dir
from tests.core.db.raw_sql import TWO_MEMBERS, execute

REVISIONS = [
    r.revision
    for r in reversed(
        list(ScriptDirectory.from_config(alembic_config("sqlite://")).walk_revisions())
    )
]


def _fill(url: str) -> None:
    """Insert a little of everything the first revision knows."""
    execute(
        url,
        "INSERT INTO organisations (id, parent_id, name, initials, kind, level, member_count,"
        " is_demo_point, sort_order) VALUES (1, NULL, '幸福街道党工委', 'xfjddgw', '党工委',"
        " '街道乡镇', 0, false, 0), (2, 1, '幸福驿站社区党委', 'xfyzsqdw', '党委', '村社区',"
        " 2, false, 0)",
        TWO_MEMBERS,
        "INSERT INTO brands (org_id, name, initials, status, year, service_items) VALUES"
        " (2, '幸福驿站', 'xfyz', '培育', 2026, '[\"为民服务\"]')",
    )


def _walk_up(url: str) -> None:
    upgrade(url, REVISIONS[0])
    _fill(url)
    for revision in REVISIONS[1:]:
        assert upgrade(url, revision)
        assert current_revision(url) == revision
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM members")).scalar() == 2
        assert conn.execute(text("SELECT name FROM brands")).scalar() == "幸福驿站"
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    engine.dispose()


def test_head_is_the_last_revision() -> None:
    assert REVISIONS[-1] == head_revision()


def test_head_constant_matches_the_scripts() -> None:
    """HEAD_REVISION lets start-up skip Alembic; a new revision must update it."""
    assert head_revision() == HEAD_REVISION


def test_sqlite_migrates_from_first_revision_with_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    _walk_up(url)
    if len(REVISIONS) > 1:  # a verified backup was taken before migrating a database with data
        backups = list(backup_dir(tmp_path / "old.sqlite3").glob("*before-migration*"))
        assert backups
        con = sqlite3.connect(backups[0])
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        con.close()


@pytest.mark.postgres
def test_postgres_migrates_from_first_revision_with_data(pg_url: str) -> None:
    _walk_up(pg_url)


def test_downgrade_to_base_and_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    upgrade(url)
    command.downgrade(alembic_config(url), "base")
    assert current_revision(url) is None
    assert upgrade(url)


def test_database_from_a_newer_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    url = f"sqlite:///{path}"
    upgrade(url)
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    with pytest.raises(SchemaTooNewError, match="比本程序新"):
        open_context(str(path))


def test_sqlite_connections_carry_the_pragmas(tmp_path: Path) -> None:
    ctx = open_context(str(tmp_path / "p.sqlite3"))
    with ctx.db.engine.connect() as conn:
        got = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in (
                "journal_mode",
                "synchronous",
                "foreign_keys",
                "busy_timeout",
                "secure_delete",
            )
        }
    assert got == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 10_000,
        "secure_delete": 1,
    }
    ctx.db.dispose()


def test_writes_begin_immediate(tmp_path: Path) -> None:
    """A second writer queues behind an open write transaction instead of failing later."""
    ctx = open_context(str(tmp_path / "w.sqlite3"))
    statements: list[str] = []
    from sqlalchemy import event

    @event.listens_for(ctx.db.engine, "before_cursor_execute")
    def _log(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    with ctx.db.write.begin() as s:
        s.execute(text("SELECT 1"))
    with ctx.db.read() as s:
        s.execute(text("SELECT 1"))
    ctx.db.dispose()
    assert "BEGIN IMMEDIATE" in statements
    assert "BEGIN DEFERRED" in statements


@pytest.mark.postgres
def test_services_work_on_postgres(pg_url: str) -> None:
    from brandoffice.services.brands import BrandDraft, BrandService
    from brandoffice.services.orgs import OrgDraft, OrgService
    from brandoffice.services.search import quick_search

    ctx = open_context(pg_url, clock=lambda: dt.datetime(2026, 5, 20, 9))
    orgs = OrgService(ctx)
    root = orgs.create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
    child = orgs.create(
        OrgDraft(name="幸福驿站社区党委", kind="党委", level="村社区", parent_id=root.id)
    )
    assert quick_search(ctx, "xfyz")[0][0].id == child.id
    assert sorted(orgs.subtree(root.id)) == [root.id, child.id]
    brand = BrandService(ctx).create(BrandDraft(org_id=child.id, name="幸福驿站", year=2026))
    assert BrandService(ctx).by_name("幸福驿站").id == brand.id
    ctx.db.dispose()


def test_honours_migrate_from_commendations(tmp_path: Path) -> None:
    """0008: an honour with body and date stays 表彰; the evaluation's blank-body 推荐 becomes 推荐."""
    url = f"sqlite:///{tmp_path / 'honours.sqlite3'}"
    upgrade(url, "0007")
    _fill(url)
    execute(
        url,
        "INSERT INTO commendations (id, year, kind, org_id, member_id, awarded_by,"
        " awarded_on, note) VALUES (1, 2026, '先进基层党组织', 2, NULL, '街道党工委',"
        " '2026-06-28', NULL), (2, 2026, '优秀共产党员', NULL, 1, NULL, '2026-06-20',"
        " '由党员评议推荐')",
    )
    assert upgrade(url, "0008")
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, status, nominated_on, awarded_on, version FROM commendations ORDER BY id"
            )
        ).all()
        assert [tuple(r) for r in rows] == [
            (1, "表彰", None, "2026-06-28", 1),
            (2, "推荐", "2026-06-20", None, 1),
        ]
        with pytest.raises(Exception, match="CHECK"):  # one nominee exactly
            conn.execute(
                text(
                    "INSERT INTO commendations (year, kind, org_id, member_id) VALUES (2026, 'x', 2, 1)"
                )
            )
    engine.dispose()
    command.downgrade(alembic_config(url), "0007")
    engine = make_engine(url)
    with engine.connect() as conn:
        back = conn.execute(text("SELECT id, awarded_on FROM commendations ORDER BY id")).all()
        assert [tuple(r) for r in back] == [(1, "2026-06-28"), (2, "2026-06-20")]
    engine.dispose()
