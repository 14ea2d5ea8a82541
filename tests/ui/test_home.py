"""The dashboard summary and the home page that shows it."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from brandoffice.errors import KnownError
from brandoffice.maintenance import backup
from brandoffice.paths import backup_dir
from brandoffice.services.context import AppContext
from brandoffice.services.dashboard import NO_GRADE, add_months, summary
from ui.home import COUNTING, HomePage, backup_text, chinese_date
from ui.home_models import Column, RecordTableModel, SectorGradeModel
from ui.roles import ROW_ROLE, SORT_ROLE
from ui.tasks import TaskRunner


@pytest.fixture
def home(qtbot: QtBot, street_ctx: AppContext) -> Iterator[HomePage]:
    page = HomePage(street_ctx, TaskRunner())
    qtbot.addWidget(page)
    page.resize(1100, 700)
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.reload()
    yield page
    page.runner.wait(5000)


def test_summary_counts_units_brands_and_terms(street_ctx: AppContext) -> None:
    board = summary(street_ctx)
    assert board.today == dt.date(2026, 5, 20)
    assert board.week_end == dt.date(2026, 5, 24)
    assert board.sectors == ("街道", "社区", "学校")
    assert board.grades == ("先进", "中间", "后进", NO_GRADE)
    assert board.units == ((0, 0, 0, 1), (1, 0, 1, 0), (0, 1, 0, 0))
    assert board.unit_total == 4
    assert board.sector_total(1) == 2 and board.grade_total(3) == 1
    assert dict(board.brand_counts)["培育"] == 2 and board.brand_total == 2
    assert [(t.org_name, t.secretary, t.expired) for t in board.terms] == [
        ("临江社区党委", "张强", True),
        ("和平社区党委", "李红", False),
    ]
    assert board.last_backup is None and board.backup_hint is None


def test_overdue_follows_the_clock(street_ctx: AppContext, clock: object) -> None:
    board = summary(street_ctx)
    overdue = sorted(i.org_name for i in board.due if i.overdue)
    assert overdue == ["临江社区党委", "实验小学党支部"]  # the street organises (issue 17)
    assert {i.task_name for i in board.due if i.overdue} == {"制定实施方案"}
    assert board.due_this_week_count == 3
    assert {i.task_name for i in board.due if not i.overdue} == {"确定创建品牌"}
    assert all(i.status == "逾期" for i in board.due if i.overdue)

    clock.advance(days=5)  # type: ignore[attr-defined]  # Monday 25 May: 确定创建品牌 is late
    later = summary(street_ctx)
    assert later.overdue_count == 5
    assert later.due_this_week_count == 0
    assert later.due[0].due_on <= later.due[-1].due_on


def test_the_list_is_capped_but_the_counts_are_not(
    qtbot: QtBot, street_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brandoffice.services import dashboard

    monkeypatch.setattr(dashboard, "DUE_LISTED", 3)
    board = summary(street_ctx)
    assert (board.overdue_count, board.due_this_week_count) == (2, 3)
    assert [i.overdue for i in board.due] == [True, True, False]  # the earliest: overdue
    assert board.due_unlisted == 2
    page = HomePage(street_ctx, TaskRunner())
    qtbot.addWidget(page)
    page.show_dashboard(board)
    caption = page.due_card.caption.text()
    assert "逾期 2 项" in caption and "到期 3 项" in caption
    assert "列出最早的 3 项" in caption and page.due_model.rowCount() == 3


def test_done_tasks_leave_the_list(street_ctx: AppContext) -> None:
    from brandoffice.services.campaigns import CampaignService

    campaigns = CampaignService(street_ctx)
    board = summary(street_ctx)
    late = [(i.task_id, i.org_id) for i in board.due if i.overdue]
    campaigns.set_progress(late, "已完成")
    assert summary(street_ctx).overdue_count == 0


def test_last_backup_is_the_newest_file(street_ctx: AppContext) -> None:
    path = backup(street_ctx)
    older = backup_dir(street_ctx.db.path) / "brandoffice-old.sqlite3"
    older.write_bytes(b"")
    os.utime(older, (1_600_000_000, 1_600_000_000))
    board = summary(street_ctx)
    assert board.last_backup == dt.datetime.fromtimestamp(path.stat().st_mtime)


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 5, 20), 6) == dt.date(2026, 11, 20)


def test_models_pass_the_model_tester(qtmodeltester: ModelTester, street_ctx: AppContext) -> None:
    board = summary(street_ctx)
    grid = SectorGradeModel()
    qtmodeltester.check(grid)
    grid.set_dashboard(board)
    qtmodeltester.check(grid)
    assert grid.rowCount() == 4 and grid.columnCount() == 5
    assert grid.headerData(4, Qt.Orientation.Horizontal) == "合计"
    assert grid.data(grid.index(3, 4)) == "4"

    rows: RecordTableModel[object] = RecordTableModel(
        [Column("单位", lambda i: i.org_name), Column("截止", lambda i: i.due_on)]
    )
    qtmodeltester.check(rows)
    rows.set_rows(board.due)
    qtmodeltester.check(rows)
    assert rows.data(rows.index(0, 0), ROW_ROLE) is board.due[0]
    assert rows.data(rows.index(0, 1), SORT_ROLE) == board.due[0].due_on
    assert rows.rowCount(rows.index(0, 0)) == 0 and rows.columnCount(QModelIndex()) == 2


def test_home_page_shows_the_database(home: HomePage) -> None:
    board = home.board
    assert board is not None
    assert home.date_label.text() == "今天是 2026年5月20日 星期三"
    assert home.units_model.data(home.units_model.index(3, 4)) == "4"
    assert home.due_model.rowCount() == board.overdue_count + board.due_this_week_count == 5
    first = home.due_model.index(0, 4)
    assert home.due_model.data(first) == "逾期10天"
    red = home.due_model.data(first, Qt.ItemDataRole.ForegroundRole)
    assert red.color().name() == "#c0392b"
    week = home.due_model.index(4, 4)
    assert home.due_model.data(week, Qt.ItemDataRole.ForegroundRole) is None
    assert "逾期 2 项" in home.due_card.caption.text()
    assert home.terms_model.rowCount() == 2
    assert home.terms_model.data(home.terms_model.index(0, 3)) == "已到期140天"
    assert home.backup_label.text() == "尚未备份"
    assert home.due_card.stack.currentWidget() is home.due_card.table


def test_home_page_moves_with_the_clock(qtbot: QtBot, home: HomePage, clock: object) -> None:
    clock.advance(days=5)  # type: ignore[attr-defined]
    with qtbot.waitSignal(home.loaded, timeout=5000):
        home.refresh_button.click()
    assert home.due_model.rowCount() == 5
    overdue = [home.due_model.row_at(r).overdue for r in range(5)]
    assert overdue == [True] * 5


def test_empty_database_shows_notes_not_empty_tables(qtbot: QtBot, ctx: AppContext) -> None:
    page = HomePage(ctx, TaskRunner())
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.reload()
    for card in (page.units_card, page.due_card, page.terms_card):
        assert card.stack.currentWidget() is card.empty
    page.runner.wait(5000)


def test_says_counting_until_the_first_count_arrives(qtbot: QtBot, street_ctx: AppContext) -> None:
    """The window opens before the counts: no card claims there is nothing to list yet."""
    page = HomePage(street_ctx, TaskRunner())
    qtbot.addWidget(page)
    cards = (page.units_card, page.due_card, page.terms_card)
    assert all(card.empty.text() == COUNTING for card in cards)
    assert page.backup_label.text() == COUNTING
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.reload()
    assert page.units_card.stack.currentWidget() is page.units_card.table
    assert COUNTING not in page.backup_label.text()
    page.runner.wait(5000)


def test_work_after_the_count_waits_for_the_count_under_way(
    qtbot: QtBot, street_ctx: AppContext
) -> None:
    page = HomePage(street_ctx, TaskRunner())
    qtbot.addWidget(page)
    done: list[str] = []
    page.after_count(lambda: done.append("no count"))
    assert done == ["no count"]
    page.reload()
    page.after_count(lambda: done.append("counted"))
    assert done == ["no count"]
    qtbot.waitUntil(lambda: len(done) == 2, timeout=5000)
    assert page.board is not None and done == ["no count", "counted"]
    page.runner.wait(5000)


def test_work_after_a_failed_count_still_runs(
    qtbot: QtBot, street_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brandoffice.services import dashboard

    def broken(ctx: AppContext) -> None:
        raise KnownError("数据库文件不见了")

    monkeypatch.setattr(dashboard, "home_summary", broken)
    page = HomePage(street_ctx, TaskRunner())
    qtbot.addWidget(page)
    shown: list[str] = []
    monkeypatch.setattr(page.runner, "show_error", lambda exc, title: shown.append(title))
    done: list[str] = []
    page.reload()
    page.after_count(lambda: done.append("after"))
    qtbot.waitUntil(lambda: done == ["after"], timeout=5000)
    assert shown == ["工作台统计失败"] and page.board is None
    page.runner.wait(5000)


def test_backup_text() -> None:
    now = dt.datetime(2026, 5, 20, 9)

    class Board:
        backup_hint = None
        last_backup = dt.datetime(2026, 5, 1, 8, 30)

    text, attention = backup_text(Board(), now)  # type: ignore[arg-type]
    assert text == "上次备份：2026-05-01 08:30（19天前）" and attention
    Board.last_backup = dt.datetime(2026, 5, 20, 8)
    assert backup_text(Board(), now) == ("上次备份：2026-05-20 08:00（今天）", False)  # type: ignore[arg-type]
    assert chinese_date(dt.date(2026, 5, 24)) == "2026年5月24日 星期日"


def test_backup_button_asks_the_window(qtbot: QtBot, home: HomePage) -> None:
    with qtbot.waitSignal(home.backupRequested, timeout=1000):
        home.backup_button.click()


def test_read_only_disables_the_backup_button_until_editable(qtbot: QtBot, home: HomePage) -> None:
    home.set_read_only(True)
    assert not home.backup_button.isEnabled() and home.refresh_button.isEnabled()
    with qtbot.waitSignal(home.loaded, timeout=5000):
        home.reload()  # the recount sets the button from the database path: still off
    assert not home.backup_button.isEnabled()
    home.set_read_only(False)
    assert home.backup_button.isEnabled()


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, showing a window
@pytest.mark.parametrize("size", [(1280, 800), (1600, 1000)])
def test_nothing_is_cut_off(qtbot: QtBot, home: HomePage, size: tuple[int, int]) -> None:
    home.resize(size[0] - 170, size[1] - 110)  # minus navigation, menu, toolbar, status bar
    home.show()
    qtbot.waitExposed(home)
    for card in (
        home.units_card,
        home.brand_card,
        home.backup_card,
        home.due_card,
        home.terms_card,
    ):
        assert card.height() >= card.minimumSizeHint().height(), card.title()
        assert card.width() >= card.minimumSizeHint().width(), card.title()
    units = home.units_card.table
    assert units is not None and units.verticalScrollBar().maximum() == 0
    due = home.due_card.table
    assert due is not None and due.horizontalScrollBar().maximum() == 0
    terms = home.terms_card.table
    assert terms is not None and terms.horizontalScrollBar().maximum() == 0


def test_home_shows_brand_coverage_and_quota(qtbot: QtBot, demo_ctx: AppContext) -> None:
    from brandoffice.services.coverage import coverage

    page = HomePage(demo_ctx, TaskRunner())
    qtbot.addWidget(page)
    board = summary(demo_ctx)
    page.show_dashboard(board)
    cov = coverage(demo_ctx, board.today.year)
    assert f"{cov.covered}/{cov.communities} 个社区已有品牌" in page.coverage_label.text()
    assert cov.uncovered[0].name in page.coverage_label.text()
