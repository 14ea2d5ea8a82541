"""品牌名录: the named brands by level (highest first) and sector."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from brandoffice.model.vocab import BrandLevel, BrandStatus, Sector
from brandoffice.reports.common import (
    Progress,
    ReportOptions,
    Steps,
    as_of,
    finish,
    new_document,
    short_day,
)
from brandoffice.reports.standard import SIZE_5
from brandoffice.reports.tables import Align
from brandoffice.services.brands import BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.lifecycle import holds_title
from brandoffice.services.orgs import OrgService
from brandoffice.services.rows import BrandRow
from brandoffice.services.settings import office_name

LABEL = "品牌名录"
LISTED = (BrandStatus.NAMED.value, BrandStatus.RECTIFYING.value)
"""A brand under rectification keeps its name until it is withdrawn."""
NO_LEVEL = "未定级"
NO_SECTOR = "其他"
LEVELS = [level.value for level in reversed(BrandLevel)]
HEADERS = ["序号", "品牌名称", "所属单位", "命名时间", "命名机关", "品牌口号", "备注"]
ALIGN: list[Align] = ["center", "left", "left", "center", "left", "left", "center"]


def listed_brands(ctx: AppContext) -> list[BrandRow]:
    """Return the brands the directory lists: named, being rectified, or applying higher."""
    return [
        b
        for b in BrandService(ctx).all_rows()
        if b.status in LISTED or holds_title(b.status, b.level)
    ]


def write_directory(
    ctx: AppContext, out: Path, options: ReportOptions, progress: Progress | None = None
) -> Path:
    """Write the brand directory, grouped by level and, within a level, by sector.

    Args:
        ctx: Services' context.
        out: The .docx to write.
        options: Not used (the directory has no choices); kept for the common signature.
        progress: Called as ``progress(done, total)``.

    Returns:
        ``out``.
    """
    brands = listed_brands(ctx)
    orgs = {o.id: o for o in OrgService(ctx).all_rows()}
    steps = Steps(progress, 10 + len(brands) + max(10, len(brands) // 3))
    steps.advance(10)
    groups: dict[str, dict[str, list[BrandRow]]] = defaultdict(lambda: defaultdict(list))
    for brand in brands:
        sector = orgs[brand.org_id].sector or NO_SECTOR
        groups[brand.level or NO_LEVEL][sector].append(brand)
    level_order = [lvl for lvl in [*LEVELS, NO_LEVEL] if lvl in groups]
    level_order += sorted(set(groups) - set(level_order))
    sector_order = [s.value for s in Sector]

    doc = new_document(ctx, f"{office_name(ctx)}党建品牌名录", as_of(ctx))
    counts = "、".join(f"{lvl}{sum(map(len, groups[lvl].values()))}个" for lvl in level_order)
    rectifying = sum(b.status == BrandStatus.RECTIFYING.value for b in brands)
    if brands:
        doc.paragraph(
            f"已命名的党建品牌共{len(brands)}个，其中{counts}。"
            + (f"正在整改的{rectifying}个在备注栏注明。" if rectifying else "")
            + "按命名级别和所属领域排列如下。"
        )
    else:
        doc.paragraph("目前还没有已命名的党建品牌。")
    for level in level_order:
        by_sector = groups[level]
        doc.heading1(f"{level}党建品牌（{sum(map(len, by_sector.values()))}个）")
        order = sorted(
            by_sector, key=lambda s: (sector_order.index(s) if s in sector_order else 99, s)
        )
        for sector in order:
            items = sorted(
                by_sector[sector], key=lambda b: (b.named_on is None, b.named_on, b.name)
            )
            doc.heading2(f"{sector}领域（{len(items)}个）")
            doc.table(
                HEADERS,
                (
                    [i, b.name, orgs[b.org_id].name, short_day(b.named_on), b.naming_body,
                     b.slogan, "整改中" if b.status == BrandStatus.RECTIFYING.value else ""]
                    for i, b in enumerate(steps.rows(items), start=1)
                ),
                col_widths_mm=[11, 25, 29, 24, 25, 28, 14],
                font_size=SIZE_5,
                align=ALIGN,
            )  # fmt: skip
    path = finish(ctx, doc, out, LABEL, options, steps=steps)
    steps.finish()
    return path
