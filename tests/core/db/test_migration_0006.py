"""Revision 0006: the holidays table, empty, on a database holding data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from brandoffice.app import open_context
from brandoffice.db.engine import make_engine
from brandoffice.db.migrate import HEAD_REVISION, alembic_config, current_revision, upgrade
from brandoffice.workdays import SOURCE_BUILTIN, day_info, year_source
from tests.core.db.raw_sql import execute


def test_0005_database_gains_an_empty_holidays_table_and_keeps_builtin_days(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    upgrade(url, "0005")
    execute(url, "INSERT INTO settings (key, value) VALUES ('office_name', '青山镇')")
    ctx = open_context(url)
    assert current_revision(url) == HEAD_REVISION
    with ctx.db.read() as s:
        assert s.execute(text("SELECT count(*) FROM holidays")).scalar() == 0
        assert s.execute(text("SELECT value FROM settings")).scalar() == "青山镇"
    assert year_source(2026) == SOURCE_BUILTIN
    assert day_info(dt.date(2026, 10, 1)).holiday == "国庆节"
    ctx.db.dispose()
    command.downgrade(alembic_config(url), "0005")
    engine = make_engine(url)
    assert "holidays" not in inspect(engine).get_table_names()
    engine.dispose()
