"""The one place where progress statistics become chart input, and the chart kinds by name."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from brandoffice.charts.brands import BrandTally
from brandoffice.charts.common import DEFAULT_WIDTH
from brandoffice.charts.figures import PhaseCompletion, UnitRate
from brandoffice.charts.timeline import ProgressPoint
from brandoffice.text_safety import one_line

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from brandoffice.services.context import AppContext
    from brandoffice.services.progress_stats import StatusCounts, TimePoint

CHART_KINDS: dict[str, str] = {
    "phase": "各阶段完成情况（堆叠条形图）",
    "unit": "各单位完成率（条形图，按完成率排序）",
    "sector": "各领域完成率（条形图，按完成率排序）",
    "area": "各党（工）委完成率（条形图，全区活动按街道、镇和区直党工委）",
    "progress": "创建进度：实际与计划（折线图）",
    "brands": "党建品牌状态与级别（堆叠柱形图）",
}
"""Chart kinds of ``brandoffice chart KIND`` and of the window's charts tab."""

MAX_UNIT_BARS = 40
"""More bars than this stop being legible: the unit chart then keeps the lowest rates."""

UNNAMED_LEVEL = "未命名"
"""What ``progress_stats.brands_by_status_and_level`` calls a brand without a level."""


def phase_completions(rows: Iterable[StatusCounts]) -> list[PhaseCompletion]:
    """Turn status counts by phase into the stacked-bar input."""
    return [
        PhaseCompletion(one_line(r.label), r.done, r.in_progress, r.not_started, r.overdue)
        for r in rows
    ]


def unit_rates(rows: Iterable[StatusCounts], limit: int | None = None) -> list[UnitRate]:
    """Turn status counts by unit or sector into completion rates.

    Args:
        rows: Counts per unit or sector.
        limit: Keep only this many with the lowest rates (the ones a leader asks about).
    """
    rates = [UnitRate(one_line(r.label), r.done, r.total) for r in rows]
    if limit is not None and len(rates) > limit:
        rates = sorted(rates, key=lambda u: (u.rate or 0.0, u.name))[:limit]
    return rates


def progress_points(
    points: Sequence[TimePoint],
) -> tuple[list[ProgressPoint], list[ProgressPoint]]:
    """Split cumulative shares over time into actual and planned percent lines."""
    actual = [ProgressPoint(p.day, 100 * p.actual) for p in points if p.actual is not None]
    planned = [ProgressPoint(p.day, 100 * p.planned) for p in points]
    return actual, planned


def brand_tallies(counts: Mapping[str, Mapping[str, int]]) -> list[BrandTally]:
    """Turn ``{status: {level: count}}`` into tallies (no level → None)."""
    return [
        BrandTally(status, None if level == UNNAMED_LEVEL else level, n)
        for status, levels in counts.items()
        for level, n in levels.items()
    ]


def chart_figure(
    ctx: AppContext,
    kind: str,
    campaign_id: int | None,
    *,
    org_ids: list[int] | None = None,
    campaign_name: str = "",
    width: float | None = None,
) -> Figure:
    """Read the statistics of one chart kind and draw the figure (no Qt, no pyplot).

    Args:
        ctx: The service context.
        kind: A key of :data:`CHART_KINDS`.
        campaign_id: The campaign (not needed for ``brands``).
        org_ids: Limit the unit chart to these units (the calendar's filter).
        campaign_name: Put in front of the title.
        width: Figure width in inches (the charts' A4 default when None).

    Returns:
        The figure, ready to save or to put on a Qt canvas.

    Raises:
        ValueError: ``kind`` is unknown, or a campaign chart got no campaign.
    """
    from brandoffice.charts.brands import brand_status_level_figure
    from brandoffice.charts.figures import completion_rate_figure, phase_completion_figure
    from brandoffice.charts.timeline import progress_figure
    from brandoffice.services import progress_stats as stats
    from brandoffice.services.areas import AREA_HEADING

    if kind not in CHART_KINDS:
        raise ValueError(f"unknown chart kind {kind!r}")
    w = width if width is not None else DEFAULT_WIDTH
    if kind == "brands":
        tallies = brand_tallies(stats.brands_by_status_and_level(ctx))
        return brand_status_level_figure(tallies, width=w)
    if campaign_id is None:
        raise ValueError(f"chart {kind!r} needs a campaign")
    prefix = f"{one_line(campaign_name)}：" if campaign_name else ""
    if kind == "phase":
        return phase_completion_figure(
            phase_completions(stats.by_phase(ctx, campaign_id)),
            title=f"{prefix}各阶段任务完成情况",
            width=w,
        )
    if kind == "unit":
        rows = stats.by_unit(ctx, campaign_id, org_ids)
        title = f"{prefix}各单位任务完成率"
        if len(rows) > MAX_UNIT_BARS:
            title = f"{prefix}完成率最低的{MAX_UNIT_BARS}个单位"
        return completion_rate_figure(unit_rates(rows, MAX_UNIT_BARS), title=title, width=w)
    if kind in ("sector", "area"):
        count, group = (
            (stats.by_sector, "领域") if kind == "sector" else (stats.by_area, AREA_HEADING)
        )
        rates = unit_rates(count(ctx, campaign_id))
        return completion_rate_figure(rates, title=f"{prefix}各{group}任务完成率", width=w)
    actual, planned = progress_points(stats.over_time(ctx, campaign_id))
    return progress_figure(
        actual, planned, today=ctx.today(), title=f"{prefix}创建进度：实际与计划", width=w
    )
