"""进展情况报告: a campaign's progress for leaders, with the phase calendar's charts."""

from __future__ import annotations

from pathlib import Path

from brandoffice.charts.adapters import brand_tallies, phase_completions
from brandoffice.charts.adapters import unit_rates as rates_of
from brandoffice.charts.brands import BRAND_STATUS_ORDER, LEVEL_COLOURS, NO_LEVEL
from brandoffice.errors import ValidationError
from brandoffice.reports.common import (
    Numbering,
    Progress,
    ReportOptions,
    Steps,
    add_chart,
    day_text,
    finish,
    new_document,
    percent,
    short_day,
    widths,
)
from brandoffice.reports.layout import ReportDocument
from brandoffice.reports.official import Attachments, recipient, write_recipient
from brandoffice.reports.progress_data import ProgressData, load_progress
from brandoffice.reports.progress_text import (
    highlights,
    next_steps,
    overview,
    phase_sentences,
    problems,
    records_summary,
)
from brandoffice.reports.records import RecordsData, load_records, write_records
from brandoffice.reports.standard import SIZE_5
from brandoffice.reports.tables import Align
from brandoffice.services.areas import AREA_HEADING
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgService
from brandoffice.services.progress_stats import StatusCounts
from brandoffice.services.rows import CampaignRow, PhaseRow
from brandoffice.services.settings import office_identity
from brandoffice.tree_order import tree_order

LABEL = "进展情况报告"
CHART_STEPS = 40
"""Progress steps a chart counts for: drawing one takes about as long as 40 table rows."""
UNNAMED = "未命名"
BRAND_CHART_HEIGHT = 2.6
"""Inches: six bars read well this low, and the body stays within five pages."""
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
    """Write the progress report of a campaign as a 公文 of a few pages, the lists attached.

    Args:
        ctx: Services' context.
        out: The .docx to write.
        options: ``campaign`` names the campaign (the newest when None); ``recipient``
            the 主送机关 (the organisation department above by default).
        progress: Called as ``progress(done, total)``.

    Returns:
        ``out``.
    """
    campaign = resolve_campaign(ctx, options.campaign)
    data = load_progress(ctx, campaign.id)
    records = load_records(ctx, campaign)
    phases = CampaignService(ctx).phases(campaign.id)
    identity = office_identity(ctx)
    charts = 4 if data.areas else 3
    rows = len(data.units) + len(data.overdue) + len(data.sectors) + len(data.phases)
    rows += len(data.areas)
    rows += records.rows
    steps = Steps(progress, 10 + charts * CHART_STEPS + rows + max(10, rows // 3))
    steps.advance(10)
    doc = new_document(ctx, f"关于{campaign.name}\n进展情况的报告")
    write_recipient(doc, recipient(identity, options.recipient))
    start = f"自{day_text(campaign.start_on)}启动以来，" if campaign.start_on else ""
    doc.paragraph(
        f"{campaign.name}{start}各参创单位按照阶段安排推进创建任务。"
        f"现将截至{day_text(ctx.today())}的进展情况报告如下。"
    )
    n = Numbering()
    attachments = Attachments()
    overdue_ref = None
    if data.total.total:
        overdue_ref = _overdue(attachments, data, steps)
        _overall(doc, data, phases, n, steps)
        _sectors_and_units(ctx, doc, data, n, attachments, steps)
    else:
        doc.heading1("总体进展")
        doc.paragraph("本次活动尚未布置任务，或还没有承担任务的单位，暂无进展数据。")
    counts = _brands(doc, data, n, steps)
    _records(doc, records, attachments, steps, options)
    doc.heading1("存在问题")
    for text in problems(data, counts.get("整改", 0), overdue_ref):
        doc.paragraph(text)
    doc.heading1("下一步工作")
    pending = {s: counts.get(s, 0) for s in ("培育", "申报", "评审")}
    for text in next_steps(data, phases, identity.wording, pending):
        doc.paragraph(text)
    doc.paragraph("特此报告。")
    attachments.write_note(doc)
    path = finish(
        ctx, doc, out, f"{LABEL}：{campaign.name}", options,
        attachments=attachments, title=f"关于{campaign.name}进展情况的报告", steps=steps,
    )  # fmt: skip
    steps.finish()
    return path


def _counts_row(counts: StatusCounts) -> list[object]:
    c = counts
    return [c.total, c.done, c.in_progress, c.not_started, c.overdue, percent(c.done, c.total)]


def _overall(
    doc: ReportDocument, data: ProgressData, phases: list[PhaseRow], n: Numbering, steps: Steps
) -> None:
    from brandoffice.charts.figures import phase_completion_figure

    doc.heading1("总体进展")
    doc.paragraph(overview(data))
    doc.paragraph("分阶段看，" + "".join(phase_sentences(data, phases)))
    add_chart(
        doc, phase_completion_figure(phase_completions(data.phases)), n.figure("各阶段任务完成情况")
    )
    steps.advance(CHART_STEPS)


def _sectors_and_units(
    ctx: AppContext,
    doc: ReportDocument,
    data: ProgressData,
    n: Numbering,
    attachments: Attachments,
    steps: Steps,
) -> None:
    from brandoffice.charts.figures import completion_rate_figure

    parts = (f"各{AREA_HEADING}、" if data.areas else "") + "各领域、各单位"
    doc.heading1(f"{parts}完成情况")
    units = attachments.add(
        f"各阶段、{parts}任务完成情况", lambda d: _unit_tables(ctx, d, data, steps)
    )
    doc.paragraph(highlights(data) + f"各阶段、{parts}的完成情况见{units}。")
    if data.areas:
        title = f"各{AREA_HEADING}任务完成率"
        add_chart(doc, completion_rate_figure(rates_of(data.areas), title=title), n.figure(title))
        steps.advance(CHART_STEPS)
    title = "各领域任务完成率"
    add_chart(doc, completion_rate_figure(rates_of(data.sectors), title=title), n.figure(title))
    steps.advance(CHART_STEPS)


def _unit_tables(ctx: AppContext, doc: ReportDocument, data: ProgressData, steps: Steps) -> None:
    """Write the 附件 of sectors and units: units in the order of the organisation tree."""
    doc.heading1("各阶段")
    body = [[p.label, *_counts_row(p)] for p in steps.rows(data.phases)]
    doc.table(
        ["阶段", *COUNT_HEADERS],
        [*body, ["合计", *_counts_row(data.total)]],
        col_widths_mm=widths(36, 18, 17, 17, 17, 15, 18),
    )
    if data.areas:
        doc.heading1(f"各{AREA_HEADING}")
        doc.table(
            [AREA_HEADING, *COUNT_HEADERS],
            [[a.label, *_counts_row(a)] for a in steps.rows(data.areas)],
            col_widths_mm=widths(36, 18, 17, 17, 17, 15, 18),
        )
    doc.heading1("各领域")
    doc.table(
        ["领域", *COUNT_HEADERS],
        [[s.label, *_counts_row(s)] for s in steps.rows(data.sectors)],
        col_widths_mm=widths(36, 18, 17, 17, 17, 15, 18),
    )
    doc.heading1("各单位（按组织架构顺序）")
    order = {org.id: i for i, (_depth, org) in enumerate(tree_order(OrgService(ctx).all_rows()))}
    units = sorted(data.units, key=lambda u: (order.get(u.org_id, len(order)), u.counts.label))
    doc.table(
        ["序号", "单位", "领域", *COUNT_HEADERS],
        (
            [i, u.counts.label, u.sector, *_counts_row(u.counts)]
            for i, u in enumerate(steps.rows(units), start=1)
        ),
        col_widths_mm=widths(12, 41, 18, 14, 14, 14, 14, 12, 17),
        font_size=SIZE_5,
        align=UNIT_ALIGN,
    )


def _records(
    doc: ReportDocument,
    records: RecordsData,
    attachments: Attachments,
    steps: Steps,
    options: ReportOptions,
) -> None:
    """Sum up the year's record work in the body; attach the sections in full."""
    doc.heading1("各项基础工作")
    done, skipped = records_summary(records)
    text = ""
    if done:
        ref = attachments.add(
            "各项基础工作开展情况",
            lambda d: write_records(d, records, Numbering(), steps, options),
        )
        text = f"{records.year}年度，" + "，".join(done) + f"。具体情况见{ref}。"
    if skipped:
        text += f"{'、'.join(skipped)}等工作尚无{records.year}年度记录。"
    doc.paragraph(text)


def _overdue(attachments: Attachments, data: ProgressData, steps: Steps) -> str | None:
    """Attach the list of overdue tasks; return how the body refers to it, or None."""
    if not data.overdue:
        return None

    def write(doc: ReportDocument) -> None:
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
        )  # fmt: skip

    return attachments.add("逾期未完成任务清单", write)


def _brands(doc: ReportDocument, data: ProgressData, n: Numbering, steps: Steps) -> dict[str, int]:
    """Write the brands' section; return the number of brands per status."""
    from brandoffice.charts.brands import brand_status_level_figure

    counts = {
        status: {(NO_LEVEL if level == UNNAMED else level): k for level, k in levels.items()}
        for status, levels in data.brands.items()
    }
    statuses = list(dict.fromkeys([*BRAND_STATUS_ORDER, *counts]))
    levels = list(LEVEL_COLOURS)
    total = sum(sum(v.values()) for v in counts.values())
    per_status = {s: sum(counts.get(s, {}).values()) for s in statuses}
    doc.heading1("党建品牌创建情况")
    if not total:
        doc.paragraph("尚未登记党建品牌。")
        return per_status
    named = counts.get("命名", {})
    named_text = "、".join(f"{lvl}{named[lvl]}个" for lvl in reversed(levels) if named.get(lvl))
    parts = [f"{s}{k}个" for s, k in per_status.items() if k]
    only = next(s for s, k in per_status.items() if k)
    split = f"，其中{'，'.join(parts)}" if len(parts) > 1 else f"，均处于“{only}”阶段"
    doc.paragraph(
        f"登记在册的党建品牌共{total}个{split}。"
        + (f"已命名的品牌中，{named_text}。" if named_text else "")
    )
    add_chart(
        doc,
        brand_status_level_figure(brand_tallies(data.brands), height=BRAND_CHART_HEIGHT),
        n.figure("党建品牌状态与级别"),
    )
    steps.advance(CHART_STEPS)
    return per_status
