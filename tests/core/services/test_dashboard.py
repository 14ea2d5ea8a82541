"""The home page's due list, counted and capped in the database, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from brandoffice.services import dashboard
from brandoffice.services.context import AppContext
from tests.conftest import FakeClock
from tests.ui.conftest import build_street


def test_due_items_and_counts_on_each_database(
    each_db_ctx: AppContext, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_street(each_db_ctx)
    board = dashboard.summary(each_db_ctx)
    # three units: the street itself organises and owes nothing (issue 17)
    assert (board.overdue_count, board.due_this_week_count, board.due_unlisted) == (2, 3, 0)
    assert [(i.task_name, i.overdue, i.status) for i in board.due] == [
        *[("制定实施方案", True, "逾期")] * 2,
        *[("确定创建品牌", False, "未开始")] * 3,
    ]
    names = [i.org_name for i in board.due]
    assert names[:2] == sorted(names[:2]) and names[2:] == sorted(names[2:])
    assert "幸福街道党工委" not in names
    monkeypatch.setattr(dashboard, "DUE_LISTED", 4)
    clock.advance(days=5)  # Monday: 确定创建品牌 is late too
    later = dashboard.summary(each_db_ctx)
    assert (later.overdue_count, later.due_this_week_count, len(later.due)) == (5, 0, 4)
    assert [i.task_name for i in later.due] == ["制定实施方案"] * 2 + ["确定创建品牌"] * 2
