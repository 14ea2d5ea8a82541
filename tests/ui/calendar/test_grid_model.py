"""The progress grid on a large campaign: every cell's text, and no header scan of all units."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from brandoffice.services.context import AppContext
from tests.bench.calendar_case import synthetic_calendar
from ui.calendar import grid_model
from ui.calendar.grid import ProgressGrid
from ui.calendar.grid_model import NO_ROW, RECORD_MARK, STATUS_ROLE, cell_text
from ui.orgs.runner import ImmediateRunner


def test_every_cell_shows_its_text_and_an_update_replaces_a_shown_one(
    qtbot: QtBot, ctx: AppContext
) -> None:
    data = synthetic_calendar(units=60, tasks=8)
    grid = ProgressGrid(ctx, ImmediateRunner())
    qtbot.addWidget(grid)
    grid.set_grid(data, list(data.units), list(data.tasks))
    model = grid.model
    assert len(model.cells_in(0, 59, 0, 7)) == len(data.progress)  # before any cell is shown
    first = model.index(0, 0)
    assert model.data(first) == cell_text(data.progress[(data.tasks[0].id, data.units[0].id)])
    texts = set()
    for r, unit in enumerate(data.units):
        for c, task in enumerate(data.tasks):
            row = data.progress.get((task.id, unit.id))
            index = model.index(r, c)
            assert model.data(index) == ("" if row is None else cell_text(row))
            assert model.data(index, STATUS_ROLE) == (None if row is None else row.shown_status)
            texts.add(model.data(index))
    assert "✓ 5/1" in texts and "逾期" in texts
    before = data.progress[(data.tasks[0].id, data.units[0].id)]
    done = dataclasses.replace(
        before,
        status="已完成",
        shown_status="已完成",
        done_on=dt.date(2026, 6, 3),
        record_evidence="会议记录",
    )
    assert model.update_cells([done]) == 1
    assert model.data(first) == "✓ 6/3" + RECORD_MARK
    assert model.data(first, STATUS_ROLE) == "已完成"
    later = dataclasses.replace(done, status="进行中", shown_status="进行中", done_on=None)
    model.update_cells([later])
    assert model.data(first) == "进行中"
    assert NO_ROW == ""


def test_opening_a_thousand_units_asks_only_for_the_shown_unit_names(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []
    original = grid_model.ProgressGridModel.headerData

    def counting(self: object, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Vertical:
            asked.append(section)
        return original(self, section, orientation, role)  # type: ignore[arg-type]

    monkeypatch.setattr(grid_model.ProgressGridModel, "headerData", counting)
    data = synthetic_calendar()
    grid = ProgressGrid(ctx, ImmediateRunner())
    qtbot.addWidget(grid)
    grid.set_grid(data, list(data.units), list(data.tasks))
    grid.view.resize(1200, 800)
    grid.view.grab()
    assert asked and max(asked) < 100, "the unit header measured sections far out of view"
    assert grid.view.verticalHeader().width() < 320
