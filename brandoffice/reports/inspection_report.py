"""复查验收结果: a year's re-inspections of named brands, ranked by score."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from brandoffice.model import Brand, BrandInspection, Organisation, table_of
from brandoffice.model.vocab import InspectionResult
from brandoffice.reports.common import (
    Numbering,
    Progress,
    ReportOptions,
    Steps,
    as_of,
    finish,
    free_text,
    new_document,
    number,
    short_day,
)
from brandoffice.reports.layout import ReportDocument
from brandoffice.reports.standard import SIZE_5
from brandoffice.reports.tables import Align
from brandoffice.services.context import AppContext
from brandoffice.services.reviews import rank_totals
from brandoffice.services.settings import office_name

LABEL = "复查验收结果"
INSPECTION, BRAND, ORG = table_of(BrandInspection), table_of(Brand), table_of(Organisation)
HEADERS = ["名次", "品牌名称", "所属单位", "复查日期", "复查结果", "得分", "复查人", "备注"]
ALIGN: list[Align] = ["center", "left", "left", "center", "center", "center", "center", "left"]


@dataclass(frozen=True, slots=True)
class InspectionLine:
    """One re-inspection with the names the list shows."""

    brand: str
    unit: str
    inspected_on: dt.date
    result: str
    score: float | None
    inspector: str | None
    note: str | None


def latest_year(ctx: AppContext) -> int:
    """Return the latest year with re-inspections, or this year when there are none."""
    with ctx.db.read() as s:
        year = s.scalar(select(func.max(INSPECTION.c.year)))
    return int(year) if year is not None else ctx.today().year


def inspections(ctx: AppContext, year: int) -> list[InspectionLine]:
    """Return a year's re-inspections, highest score first (unscored last)."""
    query = (
        select(
            BRAND.c.name,
            ORG.c.name,
            INSPECTION.c.inspected_on,
            INSPECTION.c.result,
            INSPECTION.c.score,
            INSPECTION.c.inspector,
            INSPECTION.c.note,
        )
        .join(BRAND, BRAND.c.id == INSPECTION.c.brand_id)
        .join(ORG, ORG.c.id == BRAND.c.org_id)
        .where(INSPECTION.c.year == year)
    )
    with ctx.db.read() as s:
        lines = [InspectionLine(*r) for r in s.execute(query)]
    return sorted(lines, key=lambda x: (x.score is None, -(x.score or 0), x.brand))


def write_inspection(
    ctx: AppContext, out: Path, options: ReportOptions, progress: Progress | None = None
) -> Path:
    """Write the re-inspection results of a year.

    Args:
        ctx: Services' context.
        out: The .docx to write.
        options: ``year`` (the latest year with re-inspections when None).
        progress: Called as ``progress(done, total)``.

    Returns:
        ``out``.
    """
    year = options.year or latest_year(ctx)
    lines = inspections(ctx, year)
    steps = Steps(progress, 10 + 2 * len(lines) + 10)
    steps.advance(10)
    doc = new_document(ctx, f"{office_name(ctx)}{year}年度\n党建品牌复查验收结果", as_of(ctx))
    if not lines:
        doc.paragraph(f"{year}年度尚无党建品牌复查验收记录。")
        return _done(ctx, doc, out, year, options, steps)
    results = Counter(line.result for line in lines)
    order = [r.value for r in InspectionResult] + sorted(set(results) - set(InspectionResult))
    counted = "，".join(f"{r}{results[r]}个" for r in order if results[r])
    scores = [line.score for line in lines if line.score is not None]
    mean = f"平均得分{number(round(sum(scores) / len(scores), 1))}分。" if scores else ""
    doc.paragraph(
        f"按照党建品牌年度复查验收要求，{year}年度共对{len(lines)}个已命名的党建品牌进行了"
        f"复查验收，其中{counted}。{mean}结果按得分从高到低排列如下。"
    )
    ranks = iter(rank_totals(scores))
    doc.table(
        HEADERS,
        (
            [next(ranks) if line.score is not None else "", line.brand, line.unit,
             short_day(line.inspected_on), line.result, number(line.score), line.inspector,
             free_text(line.note, options)]
            for line in steps.rows(lines)
        ),
        col_widths_mm=[10, 24, 28, 25, 12, 11, 24, 22],
        font_size=SIZE_5,
        align=ALIGN,
        caption=Numbering().table(f"{year}年度党建品牌复查验收结果"),
    )  # fmt: skip
    return _done(ctx, doc, out, year, options, steps)


def _done(
    ctx: AppContext,
    doc: ReportDocument,
    out: Path,
    year: int,
    options: ReportOptions,
    steps: Steps,
) -> Path:
    path = finish(ctx, doc, out, f"{LABEL}：{year}年度", options, steps=steps)
    steps.finish()
    return path
