"""Benchmark cases of the phase calendar: the 1,000 × 20 progress grid, loading, the four charts."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from brandoffice.services import calendar_view as cv
from brandoffice.services import progress_stats as stats
from brandoffice.services.context import AppContext
from brandoffice.services.lazy_rows import LazyRows
from brandoffice.services.plain_read import field_names
from brandoffice.services.rows import CampaignRow, PhaseRow, ProgressRow, TaskRow
from tests.bench.cases import Case

GRID_UNITS, GRID_TASKS = 1_000, 20
VIEW_SIZE = (1200, 800)
STATUSES = ("未开始", "进行中", "已完成", "已完成", "逾期", "不适用")


def synthetic_calendar(units: int = GRID_UNITS, tasks: int = GRID_TASKS) -> cv.CalendarData:
    """Return an in-memory campaign of ``units`` × ``tasks`` cells over four phases."""
    year = 2026
    campaign = CampaignRow(1, "基准活动", year, None, None, None, None, None, 1)
    phases = tuple(
        PhaseRow(
            p + 1,
            1,
            f"阶段{p + 1}",
            dt.date(year, 3 + 2 * p, 1),
            dt.date(year, 4 + 2 * p, 28),
            p,
            None,
        )
        for p in range(4)
    )
    task_rows = tuple(
        TaskRow(
            k + 1,
            phases[k * 4 // tasks].id,
            f"第{k + 1}项任务名称",
            None,
            dt.date(year, 4 + 2 * (k * 4 // tasks), 20),
            "全部",
            [],
            "文件",
            None,
            None,
            1.0,
            k,
            1,
        )
        for k in range(tasks)
    )
    unit_rows = tuple(
        cv.UnitInfo(10 + u, f"第{u + 1}网格党支部", 1, "社区", "党支部") for u in range(units)
    )
    progress: dict[tuple[int, int], tuple[Any, ...]] = {}  # fetched tuples, as SQLite gives
    n = 0
    for task in task_rows:
        for unit in unit_rows:
            status = STATUSES[(task.id * 7 + unit.id * 3) % len(STATUSES)]
            stored = "未开始" if status == "逾期" else status
            done_on = dt.date(year, 5, 1) if status == "已完成" else None
            n += 1
            progress[(task.id, unit.id)] = (
                n,
                task.id,
                unit.id,
                stored,
                done_on,
                None,
                None,
                1,
                status,
                None,
            )
    parents: dict[int, int | None] = {u.id: 1 for u in unit_rows}
    parents[1] = None
    names = {u.id: u.name for u in unit_rows}
    cells = LazyRows(progress, ProgressRow, field_names(ProgressRow))
    return cv.CalendarData(
        campaign, phases, task_rows, unit_rows, cells, {}, parents, names, dt.date(year, 5, 20)
    )


def _app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def grid_cases(ctx: AppContext) -> Iterator[Case]:
    """The grid built and painted once, against a bare table over a constant model."""
    _app()
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QTableView

    from ui.calendar.grid import ProgressGrid
    from ui.orgs.runner import ImmediateRunner

    data = synthetic_calendar()
    units, tasks = list(data.units), list(data.tasks)

    class Bare(QAbstractTableModel):
        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else GRID_UNITS

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else GRID_TASKS

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            return "进行中" if role == Qt.ItemDataRole.DisplayRole else None

    def ours() -> object:
        grid = ProgressGrid(ctx, ImmediateRunner())
        grid.set_grid(data, units, tasks)
        grid.view.resize(*VIEW_SIZE)
        image = grid.view.grab()
        grid.deleteLater()
        return image

    def floor() -> object:
        view = QTableView()
        model = Bare(view)
        view.setModel(model)
        view.resize(*VIEW_SIZE)
        image = view.grab()
        view.deleteLater()
        return image

    yield Case(
        f"progress grid {GRID_UNITS}×{GRID_TASKS}: build + first paint", ours, floor, goal=1.5
    )

    grid = ProgressGrid(ctx, ImmediateRunner())
    grid.set_grid(data, units, tasks)
    grid.view.resize(*VIEW_SIZE)
    model = grid.model
    bare = Bare()

    def scan(target: Any) -> Callable[[], object]:
        roles = (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.DecorationRole,
        )

        def read() -> int:
            return sum(
                target.data(target.index(r, c), role) is not None
                for r in range(GRID_UNITS)
                for c in range(GRID_TASKS)
                for role in roles
            )

        return read

    yield Case(
        "progress grid data() over all 20,000 cells × 4 roles", scan(model), scan(bare), goal=1.5
    )


def load_cases(ctx: AppContext, raw: sqlite3.Connection) -> Iterator[Case]:
    """Loading the district campaign (all its units and progress) for the calendar."""
    in_campaign = (
        " FROM task_progress p WHERE p.task_id IN (SELECT t.id FROM tasks t"
        " JOIN phases h ON h.id = t.phase_id WHERE h.campaign_id = 1)"
    )
    units_sql = (
        "SELECT id, name, parent_id, sector, kind FROM organisations ORDER BY sort_order, id"
    )
    progress_sql = (
        "SELECT p.id, p.task_id, p.org_id, p.status, p.done_on, p.count_value, p.note,"
        " p.version, CASE WHEN p.status IN ('未开始', '进行中') AND p.task_id IN"
        " (SELECT id FROM tasks WHERE due_on < ?) THEN '逾期' ELSE p.status END,"
        " p.record_evidence" + in_campaign
    )

    def honest() -> object:
        day = dt.date.fromisoformat
        today = ctx.today().isoformat()
        cells = {(r[1], r[2]): r for r in raw.execute(progress_sql, (today,))}
        for key, r in cells.items():
            if r[4] is not None:
                cells[key] = (*r[:4], day(r[4]), *r[5:])
        return cells, raw.execute(units_sql).fetchall()

    yield Case(
        "load the calendar of a campaign (all progress)",
        lambda: cv.load_calendar(ctx, 1),
        lambda: (
            raw.execute(
                "SELECT p.id, p.task_id, p.org_id, p.status, p.done_on, p.count_value, p.note,"
                " p.version" + in_campaign
            ).fetchall(),
            raw.execute(units_sql).fetchall(),
        ),
        goal=1.5,
        honest=honest,
        unfair="it skips what the calendar must show: 逾期 (open cells of tasks past due),"
        " whether a record completed the cell, the done date as a date, and the cells keyed"
        " by (task, unit) for the grid; the honest floor does these on plain tuples",
    )


def chart_cases(ctx: AppContext) -> Iterator[Case]:
    """Each chart built and drawn, against matplotlib drawing the same figure directly."""
    from brandoffice.charts import adapters
    from brandoffice.charts.brands import brand_status_level_figure
    from brandoffice.charts.figures import completion_rate_figure, phase_completion_figure
    from brandoffice.charts.timeline import progress_figure

    phases = adapters.phase_completions(stats.by_phase(ctx, 1))
    rates = adapters.unit_rates(stats.by_unit(ctx, 1), adapters.MAX_UNIT_BARS)
    actual, planned = adapters.progress_points(stats.over_time(ctx, 1))
    brands = adapters.brand_tallies(stats.brands_by_status_and_level(ctx))
    today = ctx.today()

    def drawn(build: Callable[[], Any]) -> Callable[[], object]:
        def run() -> object:
            figure = build()
            figure.canvas.draw()
            return figure

        return run

    yield Case(
        "chart: completion by phase (stacked)",
        drawn(lambda: phase_completion_figure(phases)),
        drawn(lambda: _plain_phase(phases)),
        goal=1.5,
    )
    yield Case(
        "chart: completion rate by unit (40 bars)",
        drawn(lambda: completion_rate_figure(rates)),
        drawn(lambda: _plain_rates(rates)),
        goal=1.5,
    )
    yield Case(
        "chart: progress against plan",
        drawn(lambda: progress_figure(actual, planned, today=today)),
        drawn(lambda: _plain_progress(actual, planned, today)),
        goal=1.5,
    )
    yield Case(
        "chart: brands by status and level",
        drawn(lambda: brand_status_level_figure(brands)),
        drawn(lambda: _plain_brands(brands)),
        goal=1.5,
        honest=drawn(lambda: _plain_brands(brands, for_paper=True)),
        unfair="it draws bare bars; a printed page needs each level's count inside its bar,"
        " the total above it and a pattern per level that a black-and-white printer keeps"
        " apart; the honest floor adds these with plain matplotlib calls",
    )


def _plain(width: float, height: float, title: str) -> tuple[Any, Any]:
    """A figure as matplotlib makes it without our helpers: fixed axes, a CJK font by rc."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from brandoffice.charts.fonts import font_families

    with matplotlib.rc_context(
        {
            "font.family": "sans-serif",
            "font.sans-serif": list(font_families()),
            "axes.unicode_minus": False,
        }
    ):
        fig = Figure(figsize=(width, height), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.2, 0.15, 0.7, 0.65))
        fig.suptitle(title)
    for text in (fig._suptitle,):
        text.set_fontfamily(list(font_families()))
    return fig, ax


def _fonts(fig: Any) -> Any:
    from matplotlib.text import Text

    from brandoffice.charts.fonts import font_families

    families = list(font_families())
    for text in fig.findobj(Text):
        text.set_fontfamily(families)
    for ax in fig.axes:
        ax.tick_params(labelfontfamily=families)
    return fig


def _plain_phase(phases: list[Any]) -> Any:
    fig, ax = _plain(6.3, 2.4 + 0.5 * len(phases), "各阶段任务完成情况")
    rows, left = list(range(len(phases))), [0] * len(phases)
    for attr, colour, label in (
        ("done", "#2e9d5b", "已完成"),
        ("in_progress", "#3b7dd8", "进行中"),
        ("not_started", "#b4b4b4", "未开始"),
        ("overdue", "#d64541", "逾期"),
    ):
        values = [getattr(p, attr) for p in phases]
        bars = ax.barh(rows, values, left=left, color=colour, label=label)
        ax.bar_label(bars, [str(v) for v in values], label_type="center")
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(rows, [p.phase for p in phases])
    ax.legend(ncols=4, loc="lower left", bbox_to_anchor=(0, 1))
    ax.set_xlabel("任务数（单位×任务）")
    return _fonts(fig)


def _plain_rates(rates: list[Any]) -> Any:
    fig, ax = _plain(6.3, 1.0 + 0.24 * len(rates), "各单位任务完成率")
    rows = list(range(len(rates)))
    bars = ax.barh(rows, [100 * (u.rate or 0) for u in rates], color="#d64541")
    ax.bar_label(bars, [f"{u.rate or 0:.0%}（{u.done}/{u.total}）" for u in rates], padding=3)
    ax.set_yticks(rows, [u.name for u in rates])
    ax.set_xlim(0, 100)
    ax.axvline(50, linestyle="--")
    return _fonts(fig)


def _plain_progress(actual: list[Any], planned: list[Any], today: dt.date) -> Any:
    fig, ax = _plain(6.3, 3.4, "创建进度：实际与计划")
    ax.plot(
        [p.day.toordinal() for p in planned], [p.percent for p in planned], "--", label="计划进度"
    )
    ax.plot(
        [p.day.toordinal() for p in actual], [p.percent for p in actual], "-o", label="实际完成"
    )
    ax.axvline(today.toordinal(), linestyle=":", label="今天")
    ax.legend(ncols=3, loc="lower left", bbox_to_anchor=(0, 1))
    ax.set_ylabel("累计完成率")
    return _fonts(fig)


def _plain_brands(tallies: list[Any], *, for_paper: bool = False) -> Any:
    """The brand chart with bare bars; ``for_paper`` adds what a printed page needs.

    On paper a leader reads the numbers (the total above each bar, each level's count
    inside a bar of several levels) and tells the levels apart in black and white (a
    pattern per level).
    """
    fig, ax = _plain(6.3, 3.4, "党建品牌状态与级别")
    statuses = list(dict.fromkeys(t.status for t in tallies))
    levels = list(dict.fromkeys(t.level for t in tallies))
    mixed = [len({t.level for t in tallies if t.status == s and t.count}) > 1 for s in statuses]
    bottom = [0] * len(statuses)
    for n, level in enumerate(levels):
        values = [
            sum(t.count for t in tallies if t.status == s and t.level == level) for s in statuses
        ]
        if for_paper:
            bars = ax.bar(
                statuses, values, bottom=bottom, label=level or "未定级",
                hatch=("", "...", "///", "xxx", "\\\\")[n % 5], edgecolor="white",
            )  # fmt: skip
            ax.bar_label(
                bars, [str(v) if v and m else "" for v, m in zip(values, mixed, strict=True)],
                label_type="center",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6},
            )  # fmt: skip
        else:
            ax.bar(statuses, values, bottom=bottom, label=level or "未定级")
        bottom = [a + b for a, b in zip(bottom, values, strict=True)]
    if for_paper:
        for column, total in enumerate(bottom):
            ax.annotate(str(total), (column, total), xytext=(0, 2), textcoords="offset points")
    ax.legend(ncols=4, loc="lower left", bbox_to_anchor=(0, 1))
    return _fonts(fig)


def calendar_cases(
    ctx: AppContext, raw: sqlite3.Connection, work: Path, scale: float
) -> Iterator[Case]:
    """Yield every calendar case (add ``yield from calendar_cases(...)`` to ``all_cases``)."""
    yield from grid_cases(ctx)
    yield from load_cases(ctx, raw)
    yield from chart_cases(ctx)
