"""Qt-free queries behind the brand register window: filtered pages, counts, export, logo."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, or_, select

from brandoffice.filesave import save_file
from brandoffice.model import (
    Attachment,
    Brand,
    BrandInspection,
    BrandYearPlan,
    Organisation,
    table_of,
)
from brandoffice.model.vocab import BRAND_LEVEL_ORDER, BrandStatus
from brandoffice.safety.auditchain import signed_anchor
from brandoffice.safety.auditcopies import stamp_workbook
from brandoffice.services import audit
from brandoffice.services.attachments import store_attachment
from brandoffice.services.brands import BRAND_COLUMNS, BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import subtree_cte
from brandoffice.services.rows import BrandRow, build
from brandoffice.text_safety import append_row
from brandoffice.textsearch import like_pattern

BRAND = table_of(Brand)
ORG = table_of(Organisation)
ATTACHMENT = table_of(Attachment)
PLAN = table_of(BrandYearPlan)
INSPECTION = table_of(BrandInspection)

EXPORT_HEADERS = (
    "品牌名称",
    "所属单位",
    "领域",
    "级别",
    "状态",
    "创建年度",
    "品牌口号",
    "命名机关",
    "命名日期",
    "品牌主题",
    "服务地点",
    "服务内容",
)
"""Column titles of :func:`export_view`, in order."""

_STATUS_ORDER = case(
    {status.value: i for i, status in enumerate(BrandStatus)}, value=BRAND.c.status, else_=99
)
_LEVEL_ORDER = case(
    {level.value: i for level, i in BRAND_LEVEL_ORDER.items()}, value=BRAND.c.level, else_=-1
)
SORT_KEYS: dict[str, ColumnElement[Any]] = {
    "name": BRAND.c.initials,
    "unit": ORG.c.initials,
    "sector": ORG.c.sector,
    "level": _LEVEL_ORDER,
    "status": _STATUS_ORDER,
    "year": BRAND.c.year,
    "slogan": BRAND.c.slogan,
    "naming_body": BRAND.c.naming_body,
    "id": BRAND.c.id,
}
"""Sort keys the register offers; names sort by their pinyin initials."""


@dataclass(frozen=True)
class BrandFilter:
    """What the register shows; None (or empty text) means no restriction.

    Attributes:
        status: One ``BrandStatus`` value.
        level: One ``BrandLevel`` value.
        sector: The owning unit's ``Sector`` value.
        year: The year the brand was created.
        unit_id: This unit and every unit below it.
        text: Part of the name or the slogan, or pinyin initials.
    """

    status: str | None = None
    level: str | None = None
    sector: str | None = None
    year: int | None = None
    unit_id: int | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """One line of the register: the brand with its unit's name and sector."""

    brand: BrandRow
    unit: str
    sector: str | None


@dataclass(frozen=True, slots=True)
class YearPlanRow:
    """A named brand's goals and measures for one year."""

    id: int
    year: int
    goals: str
    measures: str | None


@dataclass(frozen=True, slots=True)
class InspectionRow:
    """One yearly re-inspection (年度复查) of a brand."""

    id: int
    year: int
    inspected_on: dt.date
    result: str
    score: float | None
    inspector: str | None
    note: str | None


def _conditions(f: BrandFilter, *, with_status: bool = True) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if with_status and f.status:
        where.append(BRAND.c.status == f.status)
    if f.level:
        where.append(BRAND.c.level == f.level)
    if f.sector:
        where.append(ORG.c.sector == f.sector)
    if f.year is not None:
        where.append(BRAND.c.year == f.year)
    if f.unit_id is not None:
        tree = subtree_cte(f.unit_id, "unit_tree")
        where.append(BRAND.c.org_id.in_(select(tree.c.id)))
    text = f.text.strip()
    if text:
        where.append(
            or_(
                BRAND.c.name.like(like_pattern(text), escape="\\"),
                BRAND.c.slogan.like(like_pattern(text), escape="\\"),
                BRAND.c.initials.like(like_pattern(text.lower()), escape="\\"),
            )
        )
    return where


def _joined(query: Select[Any]) -> Select[Any]:
    return query.select_from(BRAND.join(ORG, ORG.c.id == BRAND.c.org_id))


def count(ctx: AppContext, f: BrandFilter) -> int:
    """Return how many brands match the filter."""
    query = _joined(select(func.count())).where(*_conditions(f))
    with ctx.db.read() as s:
        return int(s.scalar(query) or 0)


def counts_by_status(ctx: AppContext, f: BrandFilter) -> dict[str, int]:
    """Return, per status, how many brands match the filter's other restrictions."""
    query = (
        _joined(select(BRAND.c.status, func.count()))
        .where(*_conditions(f, with_status=False))
        .group_by(BRAND.c.status)
    )
    with ctx.db.read() as s:
        return {str(k): int(v) for k, v in s.execute(query)}


def page(
    ctx: AppContext,
    f: BrandFilter,
    offset: int = 0,
    limit: int | None = 200,
    sort: str = "id",
    descending: bool = False,
) -> list[RegisterRow]:
    """Return one page of the register, filtered and sorted in SQL.

    Args:
        ctx: The services' context.
        f: The filter.
        offset: Rows to skip.
        limit: Rows to return at most; None for all.
        sort: A key of :data:`SORT_KEYS`.
        descending: Reverse the order.
    """
    key = SORT_KEYS.get(sort, BRAND.c.id)
    order = [key.desc() if descending else key.asc(), BRAND.c.name, BRAND.c.id]
    query = (
        _joined(select(*BRAND_COLUMNS, ORG.c.name.label("unit"), ORG.c.sector.label("sector")))
        .where(*_conditions(f))
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    width = len(BRAND_COLUMNS)
    with ctx.db.read() as s:
        return [
            RegisterRow(build(BrandRow, r[:width]), str(r.unit), r.sector) for r in s.execute(query)
        ]


def register_row(ctx: AppContext, brand_id: int) -> RegisterRow | None:
    """Return one brand's register line (after an edit), or None when it is gone."""
    query = _joined(
        select(*BRAND_COLUMNS, ORG.c.name.label("unit"), ORG.c.sector.label("sector"))
    ).where(BRAND.c.id == brand_id)
    with ctx.db.read() as s:
        r = s.execute(query).first()
    if r is None:
        return None
    return RegisterRow(build(BrandRow, r[: len(BRAND_COLUMNS)]), str(r.unit), r.sector)


def years(ctx: AppContext) -> list[int]:
    """Return the creation years present in the register, newest first."""
    with ctx.db.read() as s:
        rows = s.scalars(select(BRAND.c.year).distinct().order_by(BRAND.c.year.desc()))
        return [int(y) for y in rows]


def year_plans(ctx: AppContext, brand_id: int) -> list[YearPlanRow]:
    """Return a brand's yearly goals and measures, newest year first."""
    query = (
        select(PLAN.c.id, PLAN.c.year, PLAN.c.goals, PLAN.c.measures)
        .where(PLAN.c.brand_id == brand_id)
        .order_by(PLAN.c.year.desc(), PLAN.c.id.desc())
    )
    with ctx.db.read() as s:
        return [YearPlanRow(*r) for r in s.execute(query)]


def inspections(ctx: AppContext, brand_id: int) -> list[InspectionRow]:
    """Return a brand's yearly re-inspections, oldest first."""
    t = INSPECTION
    query = (
        select(t.c.id, t.c.year, t.c.inspected_on, t.c.result, t.c.score, t.c.inspector, t.c.note)
        .where(t.c.brand_id == brand_id)
        .order_by(t.c.inspected_on, t.c.id)
    )
    with ctx.db.read() as s:
        return [InspectionRow(*r) for r in s.execute(query)]


def unit_names(ctx: AppContext, ids: set[int]) -> dict[int, str]:
    """Return the names of the units with these ids."""
    if not ids:
        return {}
    with ctx.db.read() as s:
        rows = s.execute(select(ORG.c.id, ORG.c.name).where(ORG.c.id.in_(ids)))
        return {int(i): str(n) for i, n in rows}


def load_attachment(ctx: AppContext, attachment_id: int) -> bytes | None:
    """Return the content of an attachment, or None when it is gone."""
    with ctx.db.read() as s:
        data = s.scalar(select(ATTACHMENT.c.content).where(ATTACHMENT.c.id == attachment_id))
    return None if data is None else bytes(data)


def logo_digest(data: bytes) -> str:
    """Return the SHA-256 of logo content (how attachments are told apart)."""
    return hashlib.sha256(data).hexdigest()


def store_logo(ctx: AppContext, brand_id: int, data: bytes | None, mime: str | None) -> BrandRow:
    """Store an image as the brand's logo (or remove the logo for None).

    Returns:
        The brand after the change (with its new version number).
    """
    attachment_id = None
    if data is not None:
        with ctx.db.write.begin() as s:
            attachment_id = store_attachment(s, data, mime)
    return BrandService(ctx).set_logo(brand_id, attachment_id)


def export_view(
    ctx: AppContext, f: BrandFilter, path: Path, sort: str = "id", descending: bool = False
) -> int:
    """Write the brands of the current view to an .xlsx file with Chinese headers.

    Returns:
        The number of brands written.

    Raises:
        StorageError: The file cannot be written.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    rows = page(ctx, f, 0, None, sort, descending)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "品牌登记"
    sheet.append(list(EXPORT_HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for r in rows:
        b = r.brand
        append_row(
            sheet,
            [
                b.name,
                r.unit,
                r.sector,
                b.level,
                b.status,
                b.year,
                b.slogan,
                b.naming_body,
                b.named_on,
                b.theme,
                b.service_site,
                "、".join(b.service_items),
            ],
        )
    widths = (14, 24, 10, 8, 8, 10, 28, 18, 12, 36, 20, 30)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in sheet.iter_rows(min_row=2, min_col=9, max_col=9):
        row[0].number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    with ctx.db.read() as s:
        stamp_workbook(book, signed_anchor(s))
    target = Path(path)
    save_file(book.save, target)
    with ctx.db.write.begin() as s:
        audit.record(
            s, ctx, "导出", object_type="品牌", object_name=target.name, detail=f"{len(rows)} 条"
        )
    return len(rows)
