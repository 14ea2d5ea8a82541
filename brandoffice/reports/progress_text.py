"""The sentences of the progress report: figures, phases, highlights, problems, next steps.

Each function reads :class:`~brandoffice.reports.progress_data.ProgressData` and
returns finished Chinese sentences, so the body reads well with any data: no
"共0个，其中。", a unit named rather than counted when there is only one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from brandoffice.kinds import KINDS
from brandoffice.numbers import percent, percent_of, wan_yuan
from brandoffice.office import Wording
from brandoffice.reports.progress_data import ProgressData, UnitLine
from brandoffice.reports.records import RecordsData
from brandoffice.reports.records.shared import names_text
from brandoffice.reports.standard import chinese_date
from brandoffice.services.areas import AREA_HEADING
from brandoffice.services.funds import FundTotals
from brandoffice.services.rows import PhaseRow

HIGHLIGHT_MAX = 3
"""Units named as examples (best or lagging) in a sentence."""
ORDINALS = "一二三四五六七八九十"


def month_day(day: dt.date) -> str:
    """Return ``9月18日`` for a date of the report's year context."""
    return f"{day.month}月{day.day}日"


def span(phase: PhaseRow, year: int) -> str:
    """Return a phase's dates: ``9月18日至10月31日``, a year written where it is not ``year``."""
    start, end = phase.start_on, phase.end_on
    first = month_day(start) if start.year == year else chinese_date(start)
    last = month_day(end) if end.year in (year, start.year) else chinese_date(end)
    return f"{first}至{last}"


def overview(data: ProgressData) -> str:
    """Return the overview in figures: tasks, units, done, rate, overdue, plan."""
    total = data.total
    late = (
        f"逾期未完成{total.overdue}项，涉及{data.overdue_units}个单位"
        if total.overdue
        else "没有逾期未完成的任务"
    )
    planned = percent_of(data.planned_share(data.today), empty="0.0%")
    ahead = data.planned_share(data.today)
    actual = total.rate
    pace = (
        "，总体进度快于计划"
        if actual > ahead
        else ("，总体进度落后于计划" if actual < ahead else "，总体进度与计划持平")
    )
    return (
        f"本次活动共设{len(data.phases)}个阶段、{data.task_count}项任务，"
        f"{len(data.units)}个单位参加，需完成的单位任务共{total.total}项。截至{chinese_date(data.today)}，已完成{total.done}项，"
        f"完成率{percent(total.done, total.total)}；进行中{total.in_progress}项，"
        f"未开始{total.not_started}项；{late}。按各任务截止日期，目前应完成{planned}{pace}。"
    )


def phase_sentences(data: ProgressData, phases: Sequence[PhaseRow]) -> list[str]:
    """Return one sentence per phase with tasks: dates, state, counts and rate."""
    rows = {p.name: p for p in phases}
    out = []
    for counts in data.phases:
        row = rows.get(counts.label)
        parts = []
        if row is not None and row.end_on < data.today:
            parts.append("已结束")
        elif row is not None and row.start_on <= data.today:
            parts.append("正在进行")
        elif row is not None:
            parts.append("尚未开始")
        parts.append(f"单位任务{counts.total}项")
        if counts.done == counts.total:
            parts.append("已全部完成")
        elif counts.done:
            parts.append(f"已完成{counts.done}项，完成率{percent(counts.done, counts.total)}")
        if counts.overdue:
            parts.append(f"逾期未完成{counts.overdue}项")
        when = f"（{span(row, data.today.year)}）" if row else ""
        out.append(f"“{counts.label}”阶段{when}" + "，".join(parts) + "。")
    return out


def _named(units: Sequence[UnitLine]) -> str:
    return names_text([u.counts.label for u in units], HIGHLIGHT_MAX)


def highlights(data: ProgressData) -> str:
    """Return the sentence on areas, sectors and units: best and lagging, with their rates."""
    parts = []
    areas = [a for a in data.areas if a.total]
    if len(areas) > 1:
        best, worst = areas[0], areas[-1]
        behind = [a.label for a in areas if a.rate < data.total.rate]
        parts.append(
            f"分{AREA_HEADING}看，{best.label}完成率最高，为{percent(best.done, best.total)}；"
            f"{worst.label}最低，为{percent(worst.done, worst.total)}"
            + (f"，{names_text(behind, HIGHLIGHT_MAX)}低于全区平均。" if behind else "。")
        )
    sectors = [s for s in data.sectors if s.total]
    if len(sectors) > 1:
        best, worst = sectors[0], sectors[-1]
        parts.append(
            f"分领域看，{best.label}领域完成率最高，为{percent(best.done, best.total)}；"
            f"{worst.label}领域最低，为{percent(worst.done, worst.total)}。"
        )
    units = [u for u in data.units if u.counts.total]
    if len(units) > 1:
        top_rate = units[0].counts.rate
        tops = [u for u in units if u.counts.rate == top_rate]
        low_rate = units[-1].counts.rate
        lows = [u for u in units if u.counts.rate == low_rate]
        finished = [u for u in units if u.counts.done == u.counts.total]
        first = units[0].counts
        best_text = (
            f"{_named(finished)}已完成全部任务"
            if finished
            else f"{_named(tops)}完成率最高，达{percent(first.done, first.total)}"
        )
        parts.append(f"分单位看，{best_text}")
        if low_rate < top_rate:
            last = units[-1].counts
            parts[-1] += f"；{_named(lows)}完成率最低，为{percent(last.done, last.total)}"
        parts[-1] += "。"
    elif units:
        only = units[0].counts
        parts.append(f"{only.label}完成率{percent(only.done, only.total)}。")
    return "".join(parts)


def worst_overdue(data: ProgressData) -> list[tuple[str, int]]:
    """Return units with the most overdue tasks, most first (ties by name), at most a few."""
    counts = Counter(item.org_name for item in data.overdue)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ranked[:HIGHLIGHT_MAX]


def problems(data: ProgressData, brands_rectifying: int, overdue_ref: str | None) -> list[str]:
    """Return the 存在问题, each starting 一是, 二是 …; a single sentence when all is well."""
    found: list[str] = []
    total = data.total
    if data.overdue:
        worst = worst_overdue(data)
        named = "、".join(f"{name}{k}项" for name, k in worst)
        more = "等" if data.overdue_units > len(worst) else ""
        ref = f"（清单见{overdue_ref}）" if overdue_ref else ""
        found.append(
            f"部分任务逾期未完成。{data.overdue_units}个单位有{len(data.overdue)}项任务"
            f"超过截止日期仍未完成，其中逾期较多的有{named}{more}{ref}。"
        )
    ahead = data.planned_share(data.today)
    if total.total and total.rate < ahead:
        found.append(
            f"整体进度落后于计划。目前完成率{percent(total.done, total.total)}，"
            f"低于按截止日期应完成的{percent_of(ahead)}。"
        )
    units = [u for u in data.units if u.counts.total]
    if len(units) > 1 and units[-1].counts.rate < units[0].counts.rate:
        low = units[-1].counts.rate
        lows = [u for u in units if u.counts.rate == low]
        last = units[-1].counts
        found.append(
            f"单位之间进展不平衡。{_named(lows)}完成率仅{percent(last.done, last.total)}，"
            f"与完成率最高的单位相差较大。"
        )
    if brands_rectifying:
        found.append(f"有{brands_rectifying}个党建品牌正在整改，需跟踪整改落实。")
    if not found:
        return ["目前创建活动总体进展顺利，未发现需要报告的突出问题。"]
    return [f"{ORDINALS[i]}是{text}" for i, text in enumerate(found)]


def next_steps(
    data: ProgressData, phases: Sequence[PhaseRow], wording: Wording, brands: dict[str, int]
) -> list[str]:
    """Return the 下一步工作, each starting 一是 …, from what remains to be done."""
    steps: list[str] = []
    if data.overdue:
        names = "、".join(name for name, _k in worst_overdue(data))
        more = "等" if data.overdue_units > HIGHLIGHT_MAX else ""
        steps.append(
            f"抓好逾期任务督办。由{wording.section}对{names}{more}{data.overdue_units}个单位"
            "逐一督促，限期补齐逾期任务，并将办理情况纳入年度考核。"
        )
    current = [p for p in phases if p.start_on <= data.today <= p.end_on]
    coming = [p for p in phases if p.start_on > data.today]
    if current or coming:
        text = "按计划推进各阶段工作。"
        if current:
            now = current[0]
            text += f"抓紧完成“{now.name}”阶段任务（{month_day(now.end_on)}截止）"
        if coming:
            nxt = coming[0]
            text += ("，" if current else "") + (
                f"于{chinese_date(nxt.start_on)}进入“{nxt.name}”阶段"
            )
        steps.append(text + "。")
    units = [u for u in data.units if u.counts.total]
    if len(units) > 1:
        tops = [u for u in units if u.counts.rate == units[0].counts.rate]
        steps.append(
            f"加强分类指导。总结推广{_named(tops)}的经验做法，对完成率较低的单位加强"
            "跟踪指导，推动各单位均衡发展。"
        )
    pending = [f"{status}中的{k}个" for status, k in brands.items() if k]
    if pending:
        steps.append(
            "扎实推进品牌创建。做好" + "、".join(pending) + "党建品牌的跟踪服务，"
            "成熟一个、命名一个，以品牌创建带动基层党建整体提升。"
        )
    if not steps:
        steps.append("做好总结提升。全面总结创建成效，提炼经验做法，巩固创建成果。")
    return [f"{ORDINALS[i]}是{text}" for i, text in enumerate(steps)]


def records_summary(data: RecordsData) -> tuple[list[str], list[str]]:
    """Return the year's record work in figures (phrases), and the kinds without records."""
    found: dict[str, str | None] = {kind.label: None for kind in KINDS if kind.section}
    ev = data.evaluation
    if ev is not None:
        scored = sum(1 for m in ev.results.members if m.combined is not None)
        found["党员评议"] = f"完成党员评议{scored}名" if scored else "启动党员评议"
    if data.spirit:
        required = sum(u.required for u in data.spirit)
        submitted = sum(u.submitted for u in data.spirit)
        found["党性分析报告"] = (
            f"提交党性分析报告{submitted}份（完成率{percent(submitted, required)}）"
        )
    if data.commitments:
        found["公开承诺"] = f"作出公开承诺{sum(u.total for u in data.commitments)}项"
    if data.secretaries is not None:
        found["书记述职评议"] = f"{data.secretaries.total}个单位书记述职并接受评议"
    models = []
    if data.deeds:
        models.append(f"登记先进典型事迹{len(data.deeds)}篇")
    if data.demo_points is not None and data.demo_points.count:
        models.append(f"建成示范点{data.demo_points.count}个")
    found["先进典型"] = "、".join(models) or None
    if data.funds:
        total = FundTotals.over([x.totals for x in data.funds])
        found["专项经费"] = (
            f"批准专项经费{wan_yuan(total.approved_fen)}、已支出{wan_yuan(total.spent_fen)}"
        )
    if data.training is not None and data.training.sessions:
        sessions = data.training.sessions
        found["培训"] = f"举办培训{len(sessions)}期、参训{sum(t.attended for t in sessions)}人次"
    if data.benchmarking is not None and data.benchmarking.benchmarks:
        found["对标定位"] = f"{len(data.benchmarking.benchmarks)}个单位开展“四找”对标定位"
    for kind in KINDS:
        rows = data.simple.get(kind.name)
        if kind.label in found and rows:
            found[kind.label] = f"登记{kind.label}{len(rows)}个"
    done = [text for text in found.values() if text]
    return done, [label for label, text in found.items() if not text]
