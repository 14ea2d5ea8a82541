"""Progress-report sections on members and secretaries: evaluation, reports, commitments, ratings."""

from __future__ import annotations

from brandoffice.model.vocab import SecretaryRating
from brandoffice.reports.common import Numbering, ReportOptions, Steps, number, percent, widths
from brandoffice.reports.layout import ReportDocument
from brandoffice.reports.records.data import RecordsData
from brandoffice.reports.records.shared import NO_RECORDS, TABLE_SIZE, names_text, number_of
from brandoffice.reports.tables import Align
from brandoffice.services.evaluation_results import EvaluationPlanRow, MemberResult

TOP_MAX = 10
"""Members listed by score when nobody has been commended from the evaluation yet."""
UNIT_ALIGN: list[Align] = ["center", "left", "center", "center", "center", "center", "center"]
NAME_ALIGN: list[Align] = ["center", "center", "left", "center", "center", "center", "center"]


def evaluation(
    doc: ReportDocument, data: RecordsData, n: Numbering, steps: Steps, options: ReportOptions
) -> None:
    """Write 党员评议: the standard, members evaluated, the mean per unit, the top members."""
    ev = data.evaluation
    if ev is None:
        doc.paragraph(NO_RECORDS.format(what="本次活动尚未开展党员评议"))
        return
    res, plan = ev.results, ev.results.plan
    members = sum(u.members for u in res.units)
    scores = [m.combined for m in res.members if m.combined is not None]
    opening = f"本次活动按“{plan.standard}”标准开展党员评议，{_weights(plan)}。"
    if not scores:
        doc.paragraph(f"{opening}参评范围内党员{members}名，尚未登记完整的评议分数。")
        return
    best = bool(ev.nominees)
    top = [x.result for x in ev.nominees] or sorted(
        (m for m in res.members if m.combined is not None),
        key=lambda m: (-(m.combined or 0.0), m.unit_name, m.name),
    )[:TOP_MAX]
    units = [u for u in res.units if u.members]
    done = [u for u in units if u.evaluated]
    table_no = n.table("已开展评议单位的评议情况")
    top_no = n.table(f"{data.year}年度优秀共产党员推荐人选" if best else "综合得分靠前的党员")
    ending = (
        f"根据评议结果推荐表彰{data.year}年度优秀共产党员{len(top)}名（见{number_of(top_no)}）。"
        if best
        else f"尚未据此推荐表彰优秀共产党员，综合得分前{len(top)}名见{number_of(top_no)}。"
    )
    rest = len(units) - len(done)
    doc.paragraph(
        f"{opening}参评范围内{len(units)}个单位共有党员{members}名，已有{len(done)}个单位"
        f"完成评议党员{len(scores)}名，占党员总数的{percent(len(scores), members)}"
        + (f"，其余{rest}个单位尚未登记评议结果" if rest else "")
        + f"。平均综合得分{number(sum(scores) / len(scores))}分，最高{number(max(scores))}分"
        f"（见{number_of(table_no)}）。{ending}"
    )
    in_done = sum(u.members for u in done)
    total = ["", "合计", in_done, len(scores), percent(len(scores), in_done),
             number(round(sum(scores) / len(scores), 2)), number(max(scores))]  # fmt: skip
    rows = (
        [i, u.unit_name, u.members, u.evaluated, percent(u.evaluated, u.members),
         number(u.mean), number(u.best)]
        for i, u in enumerate(steps.rows(done), start=1)
    )  # fmt: skip
    doc.table(
        ["序号", "单位", "党员数", "已评议", "评议率", "平均分", "最高分"],
        [*rows, total],
        col_widths_mm=widths(12, 56, 16, 16, 18, 18, 18),
        font_size=TABLE_SIZE,
        align=UNIT_ALIGN,
        caption=table_no,
    )
    doc.table(
        ["序号", "姓名", "所在单位", "自评", "群众\n评议", "综合\n得分", "单位\n排名"],
        (_member_row(i, m) for i, m in enumerate(steps.rows(top), start=1)),
        col_widths_mm=widths(12, 20, 64, 16, 16, 16, 16),
        font_size=TABLE_SIZE,
        align=NAME_ALIGN,
        caption=top_no,
    )


def _member_row(i: int, m: MemberResult) -> list[object]:
    return [i, m.name, m.unit_name, number(m.self_total), number(m.mass_total),
            number(m.combined), m.unit_rank or ""]  # fmt: skip


def _weights(plan: EvaluationPlanRow) -> str:
    whole = plan.self_weight + plan.mass_weight
    own, mass = (number(100 * w / whole) for w in (plan.self_weight, plan.mass_weight))
    return f"综合得分由党员自评（占{own}%）和群众评议（占{mass}%）加权得出"


def party_spirit(
    doc: ReportDocument, data: RecordsData, n: Numbering, steps: Steps, options: ReportOptions
) -> None:
    """Write 党性分析报告: required, submitted and the rate per unit; units short of 100 %."""
    units = data.spirit
    if not units:
        doc.paragraph(NO_RECORDS.format(what=f"{data.year}年度尚未登记党性分析报告"))
        return
    required = sum(u.required for u in units)
    submitted = sum(u.submitted for u in units)
    short = sorted(
        (u for u in units if u.submitted < u.required),
        key=lambda u: (u.submitted / u.required, u.unit_name),
    )
    nobody = sum(1 for u in short if not u.submitted)
    behind = (
        f"完成率未达100%的单位{len(short)}个"
        + (f"（其中{nobody}个单位尚无人提交）" if nobody else "")
        + f"，按完成率从低到高依次为：{names_text(u.unit_name for u in short)}，请督促补交。"
        if short
        else "各单位均已全部提交。"
    )
    doc.paragraph(
        f"{data.year}年度应撰写党性分析报告的在职党员{required}名，已提交{submitted}名，"
        f"完成率{percent(submitted, required)}。{behind}"
    )
    rows = (
        [i, u.unit_name, u.required, u.submitted, u.required - u.submitted,
         percent(u.submitted, u.required)]
        for i, u in enumerate(steps.rows(units), start=1)
    )  # fmt: skip
    total = ["", "合计", required, submitted, required - submitted, percent(submitted, required)]
    doc.table(
        ["序号", "单位", "应提交", "已提交", "未提交", "完成率"],
        [*rows, total],
        col_widths_mm=widths(12, 64, 18, 18, 18, 20),
        font_size=TABLE_SIZE,
        align=UNIT_ALIGN[:6],
        caption=n.table("党性分析报告提交情况"),
    )


def commitments(
    doc: ReportDocument, data: RecordsData, n: Numbering, steps: Steps, options: ReportOptions
) -> None:
    """Write 公开承诺: made, fulfilled, partly, not and unchecked by unit; the fulfilled rate."""
    units = data.commitments
    if not units:
        doc.paragraph(NO_RECORDS.format(what=f"{data.year}年度尚未登记公开承诺"))
        return
    own, by_members = sum(u.by_unit for u in units), sum(u.by_members for u in units)
    done = sum(u.fulfilled for u in units)
    partly = sum(u.partly for u in units)
    failed = sum(u.not_fulfilled for u in units)
    checked = done + partly + failed
    unchecked = own + by_members - checked
    check = (
        f"年终已核查{checked}项：已兑现{done}项、部分兑现{partly}项、未兑现{failed}项，"
        f"兑现率{percent(done, checked)}" + (f"；尚未核查{unchecked}项。" if unchecked else "。")
        if checked
        else f"年终兑现情况尚未核查（{unchecked}项待核查）。"
    )
    doc.paragraph(
        f"{data.year}年度{len(units)}个单位及其党员共作出公开承诺{own + by_members}项，"
        f"其中单位承诺{own}项、党员承诺{by_members}项。{check}"
    )
    rows = (
        [i, u.unit_name, u.total, u.fulfilled, u.partly, u.not_fulfilled, u.unchecked,
         _rate(u.fulfilled, u.total - u.unchecked)]
        for i, u in enumerate(steps.rows(units), start=1)
    )  # fmt: skip
    total = ["", "合计", own + by_members, done, partly, failed, unchecked, _rate(done, checked)]
    doc.table(
        ["序号", "单位", "承诺数", "已兑现", "部分\n兑现", "未兑现", "未核查", "兑现率"],
        [*rows, total],
        col_widths_mm=widths(12, 52, 16, 16, 14, 16, 16, 18),
        font_size=TABLE_SIZE,
        align=[*UNIT_ALIGN, "center"],
        caption=n.table("公开承诺及兑现情况（项）"),
    )


def _rate(part: int, whole: int) -> str:
    """Return a share, or ``—`` when there is nothing to divide by (nothing checked yet)."""
    return percent(part, whole) if whole else "—"


def secretaries(
    doc: ReportDocument, data: RecordsData, n: Numbering, steps: Steps, options: ReportOptions
) -> None:
    """Write 书记抓党建述职评议: counts by rating and the units rated 一般 or 差."""
    sec = data.secretaries
    if sec is None:
        doc.paragraph(NO_RECORDS.format(what="尚未登记书记抓党建述职评议"))
        return
    c = sec.counts
    ratings = [r.value for r in SecretaryRating]
    rated = "、".join(f"“{k}”的{c.get(k, 0)}个" for k in ratings)
    unrated = sec.total - sum(c.get(k, 0) for k in ratings)
    low = (
        f"评为“一般”“差”的单位：{names_text(f'{r.unit_name}（{r.rating}）' for r in sec.low)}，"
        "须针对评议中提出的问题限期整改。"
        if sec.low
        else "没有评为“一般”或“差”的单位。"
    )
    doc.paragraph(
        f"{sec.year}年度共有{sec.total}个单位的书记述职并接受评议，评为{rated}"
        + (f"，尚未评定{unrated}个" if unrated else "")
        + f"。{low}"
    )
    doc.table(
        [*c, "合计"],
        [[*c.values(), sec.total]],
        caption=n.table(f"{sec.year}年度书记抓党建述职评议结果（个）"),
    )
    if not sec.low:
        return
    doc.table(
        ["序号", "单位", "得分", "评议等次", "提出问题", "已整改"],
        (
            [i, r.unit_name, number(r.score), r.rating, len(r.points),
             sum(1 for p in r.points if p.done)]
            for i, r in enumerate(steps.rows(sec.low), start=1)
        ),
        col_widths_mm=widths(12, 64, 18, 22, 20, 20),
        font_size=TABLE_SIZE,
        align=UNIT_ALIGN[:6],
        caption=n.table("评为“一般”“差”的单位"),
    )  # fmt: skip
