"""Progress-over-time chart: actual cumulative completion against the plan, by date."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brandoffice.charts.common import (
    DEFAULT_WIDTH,
    LABEL_SIZE,
    finish_figure,
    place_axes,
    show_empty,
    titled_figure,
)
from brandoffice.charts.fonts import cjk_context
from brandoffice.numbers import percent_of

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure

ACTUAL_COLOUR = "#c3352b"
PLAN_COLOUR = "#7a7a7a"
TODAY_COLOUR = "#3b7dd8"


@dataclass(frozen=True, slots=True)
class ProgressPoint:
    """Cumulative completion on a day, in percent (0 to 100)."""

    day: dt.date
    percent: float


def progress_figure(
    actual: Sequence[ProgressPoint],
    planned: Sequence[ProgressPoint],
    *,
    today: dt.date | None = None,
    title: str = "创建进度：实际与计划",
    width: float = DEFAULT_WIDTH,
    height: float = 3.4,
) -> Figure:
    """Draw actual cumulative completion (solid) against the plan (dashed) by date.

    Dates are plotted as day ordinals with ticks chosen here (month starts, Mondays
    or days), so labels read 3月 / 3月15日 without locale-dependent ``strftime``.

    Args:
        actual: Measured points, in any order.
        planned: Planned points, in any order (e.g. 0 % at the start, 100 % at the end).
        today: Marked with a vertical line when it falls inside the plotted dates.
        title: Figure title.
        width: Figure width in inches.
        height: Figure height in inches.

    Returns:
        The figure.
    """
    actual = sorted(actual, key=lambda p: p.day)
    planned = sorted(planned, key=lambda p: p.day)
    days = [p.day for p in (*actual, *planned)]
    with cjk_context():
        fig, meter = titled_figure(width, height, title)
        ax = place_axes(fig, left=0.6, right=0.3, bottom=0.45)
        if not days:
            return show_empty(fig, ax)
        from matplotlib.lines import Line2D
        from matplotlib.ticker import PercentFormatter

        first, last = min(days), max(days)
        if first == last:
            first, last = first - dt.timedelta(days=1), last + dt.timedelta(days=1)
        pad = max(1.0, (last - first).days * 0.02)
        ax.set_xlim(first.toordinal() - pad, last.toordinal() + pad)
        ax.set_ylim(0, 105)

        handles: list[Artist] = []
        names: list[str] = []
        if planned:
            (plan_line,) = ax.plot(
                [p.day.toordinal() for p in planned],
                [p.percent for p in planned],
                color=PLAN_COLOUR,
                linestyle="--",
                linewidth=1.5,
            )
            handles.append(plan_line)
            names.append("计划进度")
        if actual:
            (actual_line,) = ax.plot(
                [p.day.toordinal() for p in actual],
                [p.percent for p in actual],
                color=ACTUAL_COLOUR,
                linewidth=2,
                marker="o" if len(actual) <= 40 else None,
                markersize=3,
            )
            end = actual[-1]
            ax.annotate(
                percent_of(end.percent / 100),
                (end.day.toordinal(), end.percent),
                xytext=(0, 6),
                textcoords="offset points",
                ha="center",
                color=ACTUAL_COLOUR,
                fontsize=LABEL_SIZE,
                weight="bold",
            )
            handles.append(actual_line)
            names.append("实际完成")
        if today is not None and first <= today <= last:
            ax.axvline(today.toordinal(), color=TODAY_COLOUR, linestyle=":", linewidth=1.2)
            handles.append(Line2D([], [], color=TODAY_COLOUR, linestyle=":", linewidth=1.2))
            names.append(f"今天（{today.month}月{today.day}日）")

        axes_width = ax.get_position().width * width
        slot = meter.width("2024年10月") + 0.3
        ticks = date_ticks(first, last, max(2, int(axes_width / slot)))
        ax.set_xticks([t.toordinal() for t in ticks], date_labels(ticks), fontsize=LABEL_SIZE)
        ax.set_yticks(range(0, 101, 20))
        ax.yaxis.set_major_formatter(PercentFormatter(100, decimals=0))
        ax.set_ylabel("累计完成率", fontsize=LABEL_SIZE)
        return finish_figure(fig, ax, handles, names)


def date_ticks(first: dt.date, last: dt.date, max_ticks: int) -> list[dt.date]:
    """Choose at most ``max_ticks`` round dates between ``first`` and ``last``.

    Args:
        first: First date shown.
        last: Last date shown.
        max_ticks: Upper bound on the number of ticks (at least 2).

    Returns:
        Month starts for spans over two months, Mondays for over two weeks, else days.
    """
    span = (last - first).days
    if span > 62:
        months = []
        year, month = (first.year, first.month) if first.day == 1 else _next_month(first)
        while dt.date(year, month, 1) <= last:
            months.append(dt.date(year, month, 1))
            year, month = _next_month(dt.date(year, month, 1))
        return months[:: math.ceil(len(months) / max_ticks)]
    if span > 14:
        monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
        weeks = (last - monday).days // 7 + 1
        step = math.ceil(weeks / max_ticks)
        return [monday + dt.timedelta(weeks=i) for i in range(0, weeks, step)]
    step = math.ceil((span + 1) / max_ticks)
    return [first + dt.timedelta(days=i) for i in range(0, span + 1, step)]


def date_labels(ticks: Sequence[dt.date]) -> list[str]:
    """Label dates in Chinese; the first tick and each new year carry the year.

    Args:
        ticks: Dates from ``date_ticks``.

    Returns:
        Labels such as 2024年3月, 4月 (month starts) or 2024年3月4日, 3月11日.
    """
    monthly = len(ticks) > 1 and all(t.day == 1 for t in ticks)
    labels = []
    previous_year = None
    for tick in ticks:
        text = f"{tick.month}月" if monthly else f"{tick.month}月{tick.day}日"
        if tick.year != previous_year:
            text = f"{tick.year}年{text}"
        previous_year = tick.year
        labels.append(text)
    return labels


def _next_month(day: dt.date) -> tuple[int, int]:
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
