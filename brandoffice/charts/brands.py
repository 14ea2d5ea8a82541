"""Brands by life-cycle status and level: one stacked bar per status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brandoffice.charts.common import (
    DEFAULT_WIDTH,
    LABEL_SIZE,
    finish_figure,
    integer_axis,
    label_segments,
    place_axes,
    show_empty,
    titled_figure,
)
from brandoffice.charts.fonts import cjk_context

if TYPE_CHECKING:
    from matplotlib.figure import Figure

BRAND_STATUS_ORDER = ("培育", "申报", "评审", "命名", "整改", "摘牌")
"""Life-cycle order of vocab ``BrandStatus`` (kept here so charts need not import the model)."""

NO_LEVEL = "未定级"
LEVEL_COLOURS = {
    NO_LEVEL: "#c9c9c9",
    "单位级": "#f5b7a8",
    "街道级": "#e8765e",
    "区级": "#c3352b",
    "市级": "#7f1616",
}
"""Vocab ``BrandLevel`` lowest first, after brands not yet named at a level."""
LEVEL_HATCHES = {NO_LEVEL: "", "单位级": "...", "街道级": "///", "区级": "xxx", "市级": ""}
"""Patterns that keep neighbouring levels apart on a black-and-white printer."""


@dataclass(frozen=True, slots=True)
class BrandTally:
    """Number of brands in one status at one level (``None``: not yet named at a level)."""

    status: str
    level: str | None
    count: int


def brand_status_level_figure(
    tallies: Sequence[BrandTally],
    *,
    title: str = "党建品牌状态与级别",
    width: float = DEFAULT_WIDTH,
    height: float = 3.4,
) -> Figure:
    """Draw one bar per brand status, stacked by level, with the total on top.

    Known statuses appear in life-cycle order even at zero; other statuses follow in
    the order met. Levels appear only when some brand has them.

    Args:
        tallies: Counts by status and level; repeated pairs are added up.
        title: Figure title.
        width: Figure width in inches.
        height: Figure height in inches.

    Returns:
        The figure.
    """
    counts: dict[tuple[str, str], int] = {}
    for tally in tallies:
        key = (tally.status, tally.level or NO_LEVEL)
        counts[key] = counts.get(key, 0) + tally.count
    extra = [s for s, _ in counts if s not in BRAND_STATUS_ORDER]
    statuses = list(dict.fromkeys([*BRAND_STATUS_ORDER, *extra]))
    present = {level for _, level in counts}
    levels = [lvl for lvl in LEVEL_COLOURS if lvl in present]
    levels += sorted(present - set(LEVEL_COLOURS))
    with cjk_context():
        fig, meter = titled_figure(width, height, title)
        ax = place_axes(fig, left=0.6, right=0.2, bottom=0.45)
        totals = [sum(counts.get((s, lvl), 0) for lvl in levels) for s in statuses]
        if not any(totals):
            return show_empty(fig, ax)
        columns = range(len(statuses))
        slot = ax.get_position().width * width / len(statuses)
        labels = [meter.fit(s, slot * 0.95) for s in statuses]
        ymax = max(totals) * 1.15 + 0.5
        per_unit = ax.get_position().height * height / ymax
        bottoms = [0] * len(statuses)
        # A bar of one level only needs its total, not the same number inside it too.
        mixed = [sum(1 for lvl in levels if counts.get((s, lvl))) > 1 for s in statuses]
        for level in levels:
            values = [counts.get((s, level), 0) for s in statuses]
            colour = LEVEL_COLOURS.get(level, "#8c6d9e")
            bars = ax.bar(
                columns, values, bottom=bottoms, width=0.6, color=colour, label=level,
                hatch=LEVEL_HATCHES.get(level, "\\\\"), edgecolor="white", linewidth=0.6,
            )  # fmt: skip
            shown = [
                str(v) if v and many and v * per_unit >= 0.17 else ""
                for v, many in zip(values, mixed, strict=True)
            ]
            label_segments(ax, bars, shown)
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
        for column, total in zip(columns, totals, strict=True):
            ax.annotate(
                str(total),
                (column, total),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=LABEL_SIZE,
                weight="bold",
            )
        ax.set_xticks(list(columns), labels, fontsize=LABEL_SIZE)
        ax.set_ylim(0, ymax)
        integer_axis(ax, "y")
        ax.set_ylabel("品牌数", fontsize=LABEL_SIZE)
        return finish_figure(fig, ax, *ax.get_legend_handles_labels(), grid="y")
