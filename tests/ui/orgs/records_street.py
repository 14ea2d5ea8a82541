"""Helpers of the campaign-record tab tests: the page on the records street, a tab, a table."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from brandoffice.services.context import AppContext
from tests.ui.shown import shown
from ui.orgs.detail import RECORDS_TAB
from ui.orgs.page import OrgPage
from ui.orgs.records.common import HintedTable, RecordTab
from ui.orgs.runner import ImmediateRunner


def open_page(qtbot: QtBot, ctx: AppContext) -> OrgPage:
    """Show the organisation page (reads run at once)."""
    return shown(qtbot, OrgPage(ctx, ImmediateRunner()), 1500, 900)


def open_kind(page: OrgPage, org_id: int, title: str) -> Any:
    """Select a unit, open 创建活动记录 and one kind of record; return its (loaded) tab."""
    assert page.select_org(org_id)
    page.detail.tabs.setCurrentIndex(RECORDS_TAB)
    tab = page.detail.records.show_kind(title)
    assert isinstance(tab, RecordTab)
    assert tab.data is not None, "the tab was not read when shown"
    return tab


def open_tab(qtbot: QtBot, ctx: AppContext, org_id: int, title: str) -> Any:
    """Show the organisation page and open one kind of record of a unit; return its tab."""
    return open_kind(open_page(qtbot, ctx), org_id, title)


def texts(table: HintedTable, column: str) -> list[str]:
    """Return the shown texts of a column, by its title."""
    model = table.model
    titles = [model.headerData(c, _horizontal()) for c in range(model.columnCount())]
    at = titles.index(column)
    return [model.index(r, at).data() for r in range(model.rowCount())]


def pick(table: HintedTable, **wanted: object) -> Any:
    """Select the first row whose attributes have the wanted values; return it."""
    assert table.select_first(lambda r: all(getattr(r, k) == v for k, v in wanted.items()))
    return table.current()


def _horizontal() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
