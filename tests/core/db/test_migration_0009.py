"""Revision 0009: record-tied tasks and the organiser's rows retired, on a database with data."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from brandoffice.app import open_context
from brandoffice.db.engine import make_engine
from brandoffice.db.migrate import HEAD_REVISION, alembic_config, current_revision, upgrade
from brandoffice.maintenance import check
from tests.core.db.raw_sql import STREET_AND_COMMUNITY, execute


def _fill(url: str) -> None:
    """A street and one community, a campaign over the street, the street's rows as 0006 left them."""
    execute(
        url,
        STREET_AND_COMMUNITY,
        "INSERT INTO campaigns (id, name, year, scope_org_id) VALUES (1, '2026年创建', 2026, 1)",
        "INSERT INTO phases (id, campaign_id, name, start_on, end_on, position)"
        " VALUES (1, 1, '动员部署', '2026-03-01', '2026-05-31', 0)",
        "INSERT INTO tasks (id, phase_id, name, due_on, scope, scope_values, evidence_kind,"
        " weight, position) VALUES (1, 1, '宣传发动', '2026-03-31', '全部', '[]', '照片', 1, 0),"
        " (2, 1, '成立领导小组', '2026-03-31', '全部', '[]', '文件', 1, 1),"
        " (3, 1, '制定方案', '2026-04-30', '全部', '[]', '文件', 1, 2)",
        "INSERT INTO task_progress (task_id, org_id, status, note) VALUES"
        " (1, 1, '未开始', NULL), (2, 1, '已完成', NULL), (3, 1, '未开始', '已布置'),"
        " (1, 2, '未开始', NULL), (2, 2, '未开始', NULL), (3, 2, '进行中', NULL)",
    )


def test_0006_database_retires_the_street_rows_and_keeps_the_units(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    upgrade(url, "0008")
    _fill(url)
    ctx = open_context(url)
    assert current_revision(url) == HEAD_REVISION
    with ctx.db.read() as s:
        rows = s.execute(
            text("SELECT org_id, task_id, status FROM task_progress ORDER BY org_id, task_id")
        ).all()
        assert [tuple(r) for r in rows] == [
            (1, 2, "不适用"),  # work done is kept, but no longer counts
            (1, 3, "不适用"),  # a note is work too
            (2, 1, "未开始"),
            (2, 2, "未开始"),
            (2, 3, "进行中"),
        ]
        flags = s.execute(
            text("SELECT record_kind, organiser_takes_part FROM tasks WHERE id = 1")
        ).one()
        assert (flags[0], bool(flags[1])) == (None, False)  # raw SQL on SQLite reads 0
        assert not s.execute(text("SELECT organiser_takes_part FROM campaigns")).scalar()
    assert check(ctx).ok
    ctx.db.dispose()
    command.downgrade(alembic_config(url), "0008")
    engine = make_engine(url)
    assert "record_kind" not in {c["name"] for c in inspect(engine).get_columns("tasks")}
    engine.dispose()
