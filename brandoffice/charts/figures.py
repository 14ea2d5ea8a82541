"""Chart builders for progress reports: plain data in, a matplotlib ``Figure`` out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brandoffice.charts.brands import (
    BRAND_STATUS_ORDER,
    LEVEL_COLOURS,
    NO_LEVEL,
    BrandTally,
    brand_status_level_figure,
)
from brandoffice.charts.common import (
    DEFAULT_WIDTH,
    LABEL_BOX,
    LABEL_SIZE,
    LEGEND_BAND,
    TITLE_BAND,
    TextMeter,
    add_title,
    finish_figure,
    integer_axis,
    label_segments,
    new_figure,
    place_axes,
    save_png,
    show_empty,
    titled_figure,
)
from brandoffice.charts.fonts import cjk_context
from brandoffice.charts.timeline import ProgressPoint, progress_figure
from brandoffice.numbers import percent

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure

__all__ = [
    "BRAND_STATUS_ORDER",
    "LEVEL_COLOURS",
    "NO_LEVEL",
    "BrandTally",
    "PhaseCompletion",
    "ProgressPoint",
    "UnitRate",
    "brand_status_level_figure",
    "completion_rate_figure",
    "phase_completion_figure",
    "progress_figure",
    "save_png",
]

STATUS_COLOURS = {"已完成": "#2e9d5b", "进行中": "#3b7dd8", "未开始": "#b4b4b4", "逾期": "#d64541"}
"""Displayed task statuses (vocab ``ProgressStatus`` plus ``OVERDUE``) and their colours."""
STATUS_HATCHES = {"已完成": "", "进行中": "///", "未开始": "", "逾期": "xxx"}
"""Patterns that keep the statuses apart on a black-and-white printer (greys alike)."""

RATE_BANDS = (
    (0.8, "≥80%", "#2e9d5b", ""),
    (0.5, "50%–80%", "#f0a030", "///"),
    (0.0, "<50%", "#d64541", "xxx"),
)
"""Completion-rate bands: lower bound, legend label, colour, pattern."""


@dataclass(frozen=True, slots=True)
class PhaseCompletion:
    """Task counts of one campaign phase; the four counts are disjoint.

    ``overdue`` holds unfinished tasks past their due date; ``in_progress`` and
    ``not_started`` hold only those not yet due.
    """

    phase: str
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        """All tasks of the phase."""
        return self.done + self.in_progress + self.not_started + self.overdue


@dataclass(frozen=True, slots=True)
class UnitRate:
    """Finished and assigned tasks of one unit (or sector)."""

    name: str
    done: int
    total: int

    @property
    def rate(self) -> float | None:
        """Share of tasks done, 0 to 1; ``None`` when the unit has no task."""
        return self.done / self.total if self.total else None


def phase_completion_figure(
    phases: Sequence[PhaseCompletion],
    *,
    title: str = "各阶段任务完成情况",
    width: float = DEFAULT_WIDTH,
) -> Figure:
    """Draw one stacked horizontal bar per phase: 已完成, 进行中, 未开始, 逾期.

    Args:
        phases: Phases in campaign order (drawn top to bottom).
        title: Figure title.
        width: Figure width in inches; the height follows the number of phases.

    Returns:
        The figure.
    """
    with cjk_context():
        height = max(2.4, TITLE_BAND + LEGEND_BAND + 0.55 + 0.5 * max(len(phases), 1))
        fig, meter = titled_figure(width, height, title)
        labels = [meter.fit(p.phase, 1.7) for p in phases]
        left = max(0.5, meter.widest(labels) + 0.18)
        right = meter.width("完成 100%") + 0.2
        ax = place_axes(fig, left=left, right=right, bottom=0.55)
        xmax = max((p.total for p in phases), default=0)
        if not xmax:
            return show_empty(fig, ax)
        per_unit = ax.get_position().width * width / xmax
        rows = range(len(phases))
        starts = [0] * len(phases)
        attrs = ("done", "in_progress", "not_started", "overdue")
        for (status, colour), attr in zip(STATUS_COLOURS.items(), attrs, strict=True):
            values = [getattr(p, attr) for p in phases]
            bars = ax.barh(
                rows, values, left=starts, height=0.6, color=colour, label=status,
                hatch=STATUS_HATCHES[status], edgecolor="white", linewidth=0.6,
            )  # fmt: skip
            counts = [
                str(v) if v and v * per_unit >= meter.width(str(v)) + 0.25 else "" for v in values
            ]
            label_segments(ax, bars, counts)
            starts = [s + v for s, v in zip(starts, values, strict=True)]
        for row, phase in zip(rows, phases, strict=True):
            ax.annotate(
                f"完成 {percent(phase.done, phase.total)}",
                (phase.total, row),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=LABEL_SIZE,
                annotation_clip=False,
            )
        ax.set_yticks(list(rows), labels, fontsize=LABEL_SIZE)
        ax.set_ylim(len(phases) - 0.5, -0.5)
        ax.set_xlim(0, xmax)
        integer_axis(ax, "x")
        ax.set_xlabel("任务数（单位×任务）", fontsize=LABEL_SIZE)
        return finish_figure(fig, ax, *ax.get_legend_handles_labels(), grid="x")


def completion_rate_figure(
    units: Sequence[UnitRate],
    *,
    title: str = "各单位任务完成率",
    width: float = DEFAULT_WIDTH,
) -> Figure:
    """Draw completion rates as horizontal bars, highest first, with the overall rate.

    The height grows with the number of bars (1 to about 60 stay legible); names
    too long for a third of the width break onto two lines, then end in "…".

    Args:
        units: Units or sectors in any order.
        title: Figure title (say 各领域任务完成率 for sectors).
        width: Figure width in inches.

    Returns:
        The figure.
    """
    ranked = sorted(units, key=lambda u: (u.rate is None, -(u.rate or 0.0)))
    size = LABEL_SIZE if len(ranked) <= 30 else LABEL_SIZE - 1
    with cjk_context():
        probe = new_figure(width, 1.0)
        meter = TextMeter(probe, size)
        labels = [meter.fit(u.name, width * 0.34) for u in ranked]
        lines = max((label.count("\n") + 1 for label in labels), default=1)
        pitch = max(0.24 if len(ranked) <= 30 else 0.2, lines * size * 1.2 / 72 + 0.06)
        top, bottom = TITLE_BAND + LEGEND_BAND, 0.5
        slots = max(len(ranked), 3)
        fig = new_figure(width, top + bottom + pitch * slots)
        add_title(fig, title)
        values = [
            f"{percent(u.done, u.total)}（{u.done}/{u.total}）" if u.total else "无任务"
            for u in ranked
        ]
        left = max(0.5, meter.widest(labels) + 0.15)
        right = max(0.3, meter.widest(values) + 0.15)
        ax = place_axes(fig, left=left, right=right, top=top, bottom=bottom)
        if not ranked:
            return show_empty(fig, ax)
        from matplotlib.patches import Patch
        from matplotlib.ticker import PercentFormatter

        rates = [100 * (u.rate or 0.0) for u in ranked]
        bands = [_band(u.rate or 0.0) for u in ranked]
        rows = list(range(len(ranked)))
        bars = ax.barh(
            rows, rates, height=0.62, color=[b[2] for b in bands], hatch=None,
            edgecolor="white", linewidth=0.6,
        )  # fmt: skip
        for bar, band in zip(bars, bands, strict=True):
            bar.set_hatch(band[3])
        # The white box keeps the overall-rate line from striking through a value.
        ax.bar_label(bars, values, padding=3, fontsize=size, clip_on=False, bbox=LABEL_BOX)
        done, total = sum(u.done for u in ranked), sum(u.total for u in ranked)
        overall = 100 * done / total if total else 0.0
        line = ax.axvline(overall, color="#555555", linestyle="--", linewidth=1, zorder=1.5)
        ax.set_yticks(rows, labels, fontsize=size)
        spare = (slots - len(ranked)) / 2
        ax.set_ylim(len(ranked) - 0.5 + spare, -0.5 - spare)
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_formatter(PercentFormatter(100, decimals=0))
        ax.tick_params(axis="y", length=0)
        handles: list[Artist] = [
            Patch(facecolor=colour, hatch=hatch, edgecolor="white")
            for _low, _label, colour, hatch in RATE_BANDS
        ]
        names = [label for _low, label, _colour, _hatch in RATE_BANDS]
        return finish_figure(
            fig, ax, [*handles, line], [*names, f"总体 {percent(done, total)}"], grid="x", size=size
        )


def _band(rate: float) -> tuple[float, str, str, str]:
    return next(band for band in RATE_BANDS if rate >= band[0])
