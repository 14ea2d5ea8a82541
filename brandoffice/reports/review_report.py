"""评审结果: a review round's criteria and weights, each subject's total, rank and outcome."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from brandoffice.errors import NotFoundError, ValidationError
from brandoffice.model.vocab import ReviewSubject
from brandoffice.reports.common import (
    Numbering,
    Progress,
    ReportOptions,
    Steps,
    day_text,
    finish,
    new_document,
    number,
    widths,
)
from brandoffice.reports.layout import ReportDocument
from brandoffice.reports.standard import SIZE_5, TEXT_WIDTH_MM
from brandoffice.reports.tables import Align
from brandoffice.services.brands import BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgService
from brandoffice.services.reviews import ReviewService, RoundResults, RoundRow, SubjectResult

LABEL = "评审结果"
PENDING = "待定"


def resolve_round(ctx: AppContext, wanted: str | int | None) -> RoundRow:
    """Return the named review round, or the newest one when none is named.

    Raises:
        NotFoundError: No round has that name.
        ValidationError: There is no round at all.
    """
    service = ReviewService(ctx)
    if isinstance(wanted, int):
        return service.get_round(wanted)
    rounds = service.rounds()
    if wanted is None:
        if not rounds:
            raise ValidationError("还没有评审记录，无法生成评审结果")
        return rounds[0]
    for row in rounds:
        if row.name == wanted:
            return row
    raise NotFoundError(f"找不到评审“{wanted}”")


def outcome_text(result: SubjectResult) -> str:
    """Return the outcome, or 待定 naming the criteria nobody scored yet."""
    if result.outcome:
        return result.outcome
    return f"{PENDING}（缺{'、'.join(result.missing)}）"


def write_review(
    ctx: AppContext, out: Path, options: ReportOptions, progress: Progress | None = None
) -> Path:
    """Write the results of a review round, best total first.

    Args:
        ctx: Services' context.
        out: The .docx to write.
        options: ``review_round`` names the round (the newest when None).
        progress: Called as ``progress(done, total)``.

    Returns:
        ``out``.
    """
    service = ReviewService(ctx)
    round_row = resolve_round(ctx, options.review_round)
    results = service.results(round_row.id)
    reviewers = {s.reviewer for s in service.scores(round_row.id)}
    steps = Steps(progress, 10 + 2 * len(results.subjects) + 10)
    steps.advance(10)
    is_brand = round_row.subject == ReviewSubject.BRAND.value
    what = "党建品牌" if is_brand else "基层党组织"
    doc = new_document(ctx, f"{round_row.name}结果", f"（{day_text(round_row.held_on)}）")
    n = Numbering()
    doc.paragraph(_intro(round_row, results, what, len(reviewers)))
    doc.heading1("评审指标及权重")
    doc.table(
        ["序号", "评审指标", "权重", "满分"],
        [
            [i, c.name, f"{100 * c.weight:g}%", number(c.max_score)]
            for i, c in enumerate(results.criteria, start=1)
        ],
        col_widths_mm=widths(14, 70, 36, 36),
        caption=n.table("评审指标及权重"),
    )
    doc.heading1("评审结果")
    outcomes = Counter(r.outcome or PENDING for r in results.subjects)
    if results.subjects:
        doc.paragraph(
            f"共评审{what}{len(results.subjects)}个，其中"
            + "，".join(f"{k}{v}个" for k, v in outcomes.items())
            + "。按总分从高到低排列如下（各项为加权前的平均分）。"
        )
    else:
        doc.paragraph("本轮评审尚未录入评分。")
    _results_table(ctx, doc, results, is_brand, n, steps)
    path = finish(ctx, doc, out, f"{LABEL}：{round_row.name}", options, steps=steps)
    steps.finish()
    return path


def _intro(round_row: RoundRow, results: RoundResults, what: str, reviewers: int) -> str:
    trimmed = "去掉一个最高分和一个最低分后" if round_row.drop_extremes else ""
    thresholds = sorted(round_row.thresholds.items(), key=lambda kv: -kv[1])
    rules = "；".join(f"总分达到{number(v)}分的为“{k}”" for k, v in thresholds)
    return (
        f"{day_text(round_row.held_on)}，对{len(results.subjects)}个{what}进行了评审，"
        f"{reviewers}名评审人员参加评分。各项指标的得分为评审人员评分{trimmed}的平均分，"
        f"按权重加权求和得出总分，按总分排出名次；{rules}。"
    )


def _results_table(
    ctx: AppContext,
    doc: ReportDocument,
    results: RoundResults,
    is_brand: bool,
    n: Numbering,
    steps: Steps,
) -> None:
    units: dict[int, str] = {}
    if is_brand:
        orgs = {o.id: o.name for o in OrgService(ctx).all_rows()}
        units = {b.id: orgs.get(b.org_id, "") for b in BrandService(ctx).all_rows()}
    k = len(results.criteria)
    headers = ["名次", "品牌名称" if is_brand else "党组织名称"]
    parts: list[float] = [11, 30 if is_brand else 42]
    if is_brand:
        headers.append("所属单位")
        parts.append(32)
    headers += [c.name for c in results.criteria] + ["总分", "评审结论"]
    parts += [15, 22]
    share = max(13.0, (TEXT_WIDTH_MM - sum(parts)) / max(k, 1))
    parts[-2:-2] = [share] * k
    left: Align = "left"
    middle: Align = "center"
    align = [middle, left] + [left] * is_brand + [middle] * (k + 2)
    doc.table(
        headers,
        (
            [r.rank, r.name, *([units.get(r.subject_id, "")] if is_brand else []),
             *(number(m) for m in r.means), number(r.total), outcome_text(r)]
            for r in steps.rows(results.subjects)
        ),
        col_widths_mm=widths(*parts),
        font_size=SIZE_5,
        align=align,
        caption=n.table("评审结果"),
    )  # fmt: skip
