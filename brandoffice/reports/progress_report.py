"""进展情况报告: a campaign's progress for leaders, with the phase calendar's charts."""

from __future__ import annotations

from pathlib import Path

from brandoffice.charts.adapters import brand_tallies, phase_completions, progress_points
from brandoffice.charts.adapters import unit_rates as rates_of
from brandoffice.charts.brands import BRAND_STATUS_ORDER, LEVEL_COLOURS, NO_LEVEL
from brandoffice.errors import ValidationError
from brandoffice.reports.common import (
    Numbering,
    Progress,
    ReportOptions,
    Steps,
    add_chart,
    as_of,
    day_text,
    finish,
    new_document,
    percent,
    short_day,
    widths,
)
from brandoffice.reports.layout import ReportDocument
from brandoffice.reports.progress_data import ProgressData, load_progress
from brandoffice.reports.records import load_records, write_records
from brandoffice.reports.standard import SIZE_5
from brandoffice.reports.tables import Align
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.progress_stats import StatusCounts
from brandoffice.services.rows import CampaignRow

LABEL = "进展情况报告"
UNIT_CHART_MAX = 20
"""More units than this get a table only: a bar each would make a chart pages tall."""
CHART_STEPS = 40
"""Progress steps a chart counts for: drawing one takes about as long as 40 table rows."""
UNNAMED = "未命名"
COUNT_HEADERS = ["任务数", "已完成", "进行中", "未开始", "逾期", "完成率"]
UNIT_ALIGN: list[Align] = [
    "center",
    "left",
    "center",
    "center",
    "center",
    "center",
    "center",
    "center",
    "center",
]


def resolve_campaign(ctx: AppContext, wanted: str | int | None) -> CampaignRow:
    """Return the named campaign, or the newest one when none is named.

    Raises:
        NotFoundError: No campaign has that name.
        ValidationError: There is no campaign at all.
    """
    campaigns = CampaignService(ctx)
    if wanted is not None:
        return campaigns.campaign(wanted)
    every = campaigns.campaigns()
    if not every:
        raise ValidationError("还没有创建活动，无法生成进展情况报告")
    return every[0]


def write_progress(
    ctx: AppContext, out: Path, options: ReportOptions, progress: Progress | None = None
) -> Path:
    """Write the progress report of a campaign.

    Args:
        ctx: Services' context.
        out: The .docx to write.
        options: ``campaign`` names the campaign (the newest when None).
        progress: Called as ``progress(done, total)``.

    Returns:
        ``out``.
    """
    campaign = resolve_campaign(ctx, options.campaign)
    data = load_progress(ctx, campaign.id)
    records = load_records(ctx, campaign)
    charts = 4 + (len(data.units) <= UNIT_CHART_MAX)
    rows = len(data.units) + len(data.overdue) + len(data.sectors) + len(data.phases)
    rows += records.rows
    steps = Steps(progress, 10 + charts * CHART_STEPS + rows + max(10, rows // 3))
    steps.advance(10)
    doc = new_document(ctx, f"关于{campaign.name}\n进展情况的报告", as_of(ctx))
    today = day_text(ctx.today())
    start = f"自{day_text(campaign.start_on)}启动以来" if campaign.start_on else ""
    doc.paragraph(
        f"{campaign.name}{start}，各参创单位按照阶段安排推进创建任务。"
        f"现将截至{today}的进展情况报告如下。"
    )
    n = Numbering()
    if data.total.total:
        _overall(doc, ctx, data, n, steps)
        _sectors_and_units(doc, data, n, steps)
        _overdue(doc, data, n, today, steps)
    else:
        doc.heading1("总体进展")
        doc.paragraph("本次活动尚未布置任务，或还没有承担任务的单位，暂无进展数据。")
    _brands(doc, data, n, steps)
    write_records(doc, records, n, steps, options)
    path = finish(ctx, doc, out, f"{LABEL}：{campaign.name}", options)
    steps.finish()
    return path


def _counts_row(counts: StatusCounts) -> list[object]:
    c = counts
    return [c.total, c.done, c.in_progress, c.not_started, c.overdue, percent(c.done, c.total)]


def _overall(
    doc: ReportDocument, ctx: AppContext, data: ProgressData, n: Numbering, steps: Steps
) -> None:
    from brandoffice.charts.figures import phase_completion_figure, progress_figure

    total = data.total
    doc.heading1("总体进展")
    doc.paragraph(
        f"本次活动共设{len(data.phases)}个阶段、{data.task_count}项任务，"
        f"{len(data.units)}个单位参加，需完成的单位任务共{total.total}项"
        f"（每个单位承担的每项任务计1项）。已完成{total.done}项，完成率"
        f"{percent(total.done, total.total)}；进行中{total.in_progress}项；"
        f"未开始{total.not_started}项；逾期未完成{total.overdue}项，"
        f"涉及{data.overdue_units}个单位。按计划，截至目前应完成的任务占"
        f"{100 * data.planned_share(ctx.today()):.1f}%。"
    )
    doc.table(
        ["参创单位", "任务", "单位任务", "已完成", "完成率", "逾期未完成"],
        [[len(data.units), data.task_count, total.total, total.done,
          percent(total.done, total.total), total.overdue]],
        caption=n.table("总体进展"),
    )  # fmt: skip
    doc.heading2("各阶段完成情况")
    add_chart(
        doc, phase_completion_figure(phase_completions(data.phases)), n.figure("各阶段任务完成情况")
    )
    steps.advance(CHART_STEPS)
    body = [[p.label, *_counts_row(p)] for p in steps.rows(data.phases)]
    doc.table(
        ["阶段", *COUNT_HEADERS],
        [*body, ["合计", *_counts_row(total)]],
        col_widths_mm=widths(36, 18, 17, 17, 17, 15, 18),
        caption=n.table("各阶段任务完成情况"),
    )
    doc.heading2("创建进度")
    actual, planned = progress_points(data.timeline)
    doc.paragraph("实线为实际累计完成比例，虚线为按各任务截止日期计划应完成的比例。")
    add_chart(
        doc, progress_figure(actual, planned, today=ctx.today()), n.figure("创建进度：实际与计划")
    )
    steps.advance(CHART_STEPS)


def _sectors_and_units(doc: ReportDocument, data: ProgressData, n: Numbering, steps: Steps) -> None:
    from brandoffice.charts.figures import completion_rate_figure

    doc.heading1("各领域、各单位完成情况")
    doc.heading2("各领域")
    title = "各领域任务完成率"
    add_chart(doc, completion_rate_figure(rates_of(data.sectors), title=title), n.figure(title))
    steps.advance(CHART_STEPS)
    doc.table(
        ["领域", *COUNT_HEADERS],
        [[s.label, *_counts_row(s)] for s in steps.rows(data.sectors)],
        col_widths_mm=widths(36, 18, 17, 17, 17, 15, 18),
        caption=n.table(title),
    )
    doc.heading2("各单位")
    if len(data.units) <= UNIT_CHART_MAX:
        title = "各单位任务完成率"
        units = rates_of(u.counts for u in data.units)
        add_chart(doc, completion_rate_figure(units, title=title), n.figure(title))
        steps.advance(CHART_STEPS)
    else:
        doc.paragraph(f"参创单位共{len(data.units)}个，按完成率从高到低列出如下。")
    doc.table(
        ["序号", "单位", "领域", *COUNT_HEADERS],
        (
            [i, u.counts.label, u.sector, *_counts_row(u.counts)]
            for i, u in enumerate(steps.rows(data.units), start=1)
        ),
        col_widths_mm=widths(12, 41, 18, 14, 14, 14, 14, 12, 17),
        font_size=SIZE_5,
        align=UNIT_ALIGN,
        caption=n.table("各单位任务完成情况"),
    )


def _overdue(
    doc: ReportDocument, data: ProgressData, n: Numbering, today: str, steps: Steps
) -> None:
    doc.heading1("逾期未完成任务")
    if not data.overdue:
        doc.paragraph(f"截至{today}，没有逾期未完成的任务。")
        return
    doc.paragraph(
        f"截至{today}，共有{data.overdue_units}个单位的{len(data.overdue)}项任务"
        "逾期未完成，名单如下，请督促尽快完成。"
    )
    doc.table(
        ["序号", "单位", "任务", "阶段", "截止日期", "逾期天数"],
        (
            [i, item.org_name, item.task_name, item.phase_name, short_day(item.due_on),
             (data.today - item.due_on).days]
            for i, item in enumerate(steps.rows(data.overdue), start=1)
        ),
        col_widths_mm=widths(12, 42, 42, 22, 24, 14),
        font_size=SIZE_5,
        align=["center", "left", "left", "center", "center", "center"],
        caption=n.table("逾期未完成任务"),
    )  # fmt: skip


def _brands(doc: ReportDocument, data: ProgressData, n: Numbering, steps: Steps) -> None:
    from brandoffice.charts.brands import brand_status_level_figure

    counts = {
        status: {(NO_LEVEL if level == UNNAMED else level): k for level, k in levels.items()}
        for status, levels in data.brands.items()
    }
    statuses = list(dict.fromkeys([*BRAND_STATUS_ORDER, *counts]))
    levels = list(LEVEL_COLOURS)
    total = sum(sum(v.values()) for v in counts.values())
    named = counts.get("命名", {})
    named_text = "、".join(f"{lvl}{named[lvl]}个" for lvl in reversed(levels) if named.get(lvl))
    doc.heading1("党建品牌创建情况")
    parts = [f"{s}{sum(counts[s].values())}个" for s in statuses if counts.get(s)]
    doc.paragraph(
        f"登记在册的党建品牌共{total}个，其中" + "，".join(parts) + "。"
        + (f"已命名的品牌中，{named_text}。" if named_text else "")
    )  # fmt: skip
    add_chart(
        doc, brand_status_level_figure(brand_tallies(data.brands)), n.figure("党建品牌状态与级别")
    )
    steps.advance(CHART_STEPS)
    body = [
        [status, *(counts.get(status, {}).get(lvl, 0) for lvl in levels),
         sum(counts.get(status, {}).values())]
        for status in statuses
    ]  # fmt: skip
    sums = [sum(int(str(r[i])) for r in body) for i in range(1, len(levels) + 2)]
    doc.table(
        ["状态", *levels, "合计"],
        [*body, ["合计", *sums]],
        caption=n.table("党建品牌状态与级别（个）"),
    )
