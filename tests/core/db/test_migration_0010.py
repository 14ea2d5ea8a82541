"""Revision 0010: stable identities given to existing rows, names no longer unique."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from brandoffice.db.engine import make_engine
from brandoffice.db.migrate import alembic_config, current_revision, upgrade
from tests.core.db.raw_sql import STREET_AND_COMMUNITY, TWO_MEMBERS, execute

UID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def _fill(url: str) -> None:
    execute(
        url,
        STREET_AND_COMMUNITY,
        TWO_MEMBERS,
        "INSERT INTO brands (id, org_id, name, initials, status, year, service_items)"
        " VALUES (1, 2, '幸福驿站', 'x', '培育', 2026, '[]')",
        "INSERT INTO campaigns (id, name, year, scope_org_id) VALUES (1, '2026年', 2026, 1)",
    )


def _walk(url: str) -> None:
    upgrade(url, "0009")
    _fill(url)
    assert upgrade(url, "0010")
    assert current_revision(url) == "0010"
    engine = make_engine(url)
    with engine.begin() as conn:
        uids = [
            uid
            for table in ("organisations", "members", "brands", "campaigns")
            for uid in conn.execute(text(f"SELECT uid FROM {table}")).scalars()
        ]
        assert len(uids) == 6
        assert all(UID.match(uid) for uid in uids)
        assert len(set(uids)) == 6
        # Two streets may use one brand name in the district's database.
        conn.execute(
            text(
                "INSERT INTO brands (id, org_id, name, initials, status, year, service_items, uid)"
                " VALUES (2, 1, '幸福驿站', 'x', '培育', 2026, '[]', 'a')"
            )
        )
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("UPDATE members SET uid = 'same'"))
    engine.dispose()


def test_sqlite_0009_database_gets_uids(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    _walk(url)
    execute(url, "DELETE FROM brands WHERE uid = 'a'")
    command.downgrade(alembic_config(url), "0009")
    assert current_revision(url) == "0009"
    assert upgrade(url)


@pytest.mark.postgres
def test_postgres_0009_database_gets_uids(pg_url: str) -> None:
    _walk(pg_url)
