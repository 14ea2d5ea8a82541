"""表彰名单: a year's honours decided 表彰, by kind (先进基层党组织, 优秀共产党员, 优秀党务工作者, 品牌).

Nominations still waiting for the deciding body are counted after the list, not listed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from brandoffice.model import Commendation, Member, table_of
from brandoffice.model.vocab import CommendationKind, HonourStatus
from brandoffice.reports.common import (
    Progress,
    ReportOptions,
    Steps,
    as_of,
    day_text,
    finish,
    id_number,
    new_document,
    number,
    phone,
    short_day,
    shows_numbers,
    widths,
)
from brandoffice.reports.layout import ReportDocument
from brandoffice.reports.records.data import Nominee, evaluation_nominees
from brandoffice.reports.standard import SIZE_5, SIZE_S4, SIZE_S5
from brandoffice.reports.tables import Align
from brandoffice.services.commendations import BRAND_HONOURS, ORG_HONOURS, CommendationRow
from brandoffice.services.context import AppContext
from brandoffice.services.honours import HonourService
from brandoffice.services.settings import office_name

LABEL = "表彰名单"
MEMBER_LAYOUTS: dict[tuple[bool, bool], tuple[float, list[float]]] = {
    (False, False): (SIZE_S4, [14, 24, 14, 104]),
    (False, True): (SIZE_S4, [12, 20, 12, 70, 42]),
    (True, False): (SIZE_5, [11, 16, 11, 42, 46, 30]),
    (True, True): (SIZE_S5, [10, 14, 10, 33, 40, 26, 23]),
}
"""Font size and column widths (mm) of the member table by (numbers shown, body column)."""
SCORE_MM = {SIZE_S4: 16.0, SIZE_5: 14.0, SIZE_S5: 13.0}
"""Width of the 综合得分 column, taken from the unit column, by font size."""
COMMENDATION, MEMBER = table_of(Commendation), table_of(Member)


def latest_year(ctx: AppContext) -> int:
    """Return the latest year with commendations, or this year when there are none."""
    with ctx.db.read() as s:
        year = s.scalar(select(func.max(COMMENDATION.c.year)))
    return int(year) if year is not None else ctx.today().year


def has_honours(ctx: AppContext, year: int) -> bool:
    """Tell whether any commendation was given in ``year``."""
    with ctx.db.read() as s:
        found = s.scalar(select(COMMENDATION.c.id).where(COMMENDATION.c.year == year).limit(1))
    return found is not None


def _measure(kind: str) -> str:
    return "个" if kind in ORG_HONOURS or kind in BRAND_HONOURS else "名"


def write_honours(
    ctx: AppContext, out: Path, options: ReportOptions, progress: Progress | None = None
) -> Path:
    """Write the commendation list of a year, one section per kind.

    Members' ID and phone numbers are printed only with ``reveal_level`` 1 (masked)
    or 2 (in full).

    Args:
        ctx: Services' context.
        out: The .docx to write.
        options: ``year`` (the latest year with commendations when None), ``reveal_level``.
        progress: Called as ``progress(done, total)``.

    Returns:
        ``out``.
    """
    year = options.year or latest_year(ctx)
    every = HonourService(ctx).commendations(year)
    rows = [r for r in every if r.status == HonourStatus.AWARDED.value]
    pending = [r for r in every if r.status == HonourStatus.NOMINATED.value]
    steps = Steps(progress, 10 + 2 * len(rows) + 10)
    by_kind: dict[str, list[CommendationRow]] = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)
    people = _people(ctx, {r.member_id for r in rows if r.member_id is not None})
    nominees = evaluation_nominees(ctx, year)
    steps.advance(10)
    kinds = [k.value for k in CommendationKind] + sorted(set(by_kind) - set(CommendationKind))
    doc = new_document(ctx, f"{office_name(ctx)}{year}年度表彰名单", as_of(ctx))
    bodies = {r.awarded_by for r in rows}
    days = {r.awarded_on for r in rows}
    same_body = next(iter(bodies)) if len(bodies) == 1 else None
    same_day = next(iter(days)) if len(days) == 1 else None
    if not rows:
        doc.paragraph(f"{year}年度尚无表彰记录。")
    else:
        counted = "、".join(f"{k}{len(by_kind[k])}{_measure(k)}" for k in kinds if by_kind[k])
        when = day_text(same_day) if same_day else f"{year}年度"
        doc.paragraph(f"{when}，{same_body or ''}共表彰{counted}。名单如下。")
    columns = Columns(body=same_body is None, day=same_day is None)
    for kind in kinds:
        items = by_kind[kind]
        if not items:
            continue
        doc.heading1(f"{kind}（{len(items)}{_measure(kind)}）")
        numbers = {r.doc_number for r in items if r.doc_number}
        if len(numbers) == 1:
            doc.paragraph(f"表彰文件文号：{next(iter(numbers))}。")
        if kind in ORG_HONOURS or kind in BRAND_HONOURS:
            _org_table(doc, items, columns, steps, brand=kind in BRAND_HONOURS)
            continue
        scores = {r.id: nominees[r.id] for r in items if r.id in nominees}
        if scores:
            doc.paragraph(_from_evaluation(list(scores.values()), len(items)))
        _member_table(doc, items, people, options, columns, steps, scores)
    if pending:
        counted = "、".join(
            f"{k}{n}{_measure(k)}" for k in kinds if (n := sum(1 for r in pending if r.kind == k))
        )
        doc.paragraph(f"另有推荐人选{counted}尚待表彰机关决定，未列入本名单。")
    path = finish(ctx, doc, out, f"{LABEL}：{year}年度", options, steps=steps)
    steps.finish()
    return path


def _from_evaluation(nominees: list[Nominee], listed: int) -> str:
    """Say which evaluations the 优秀共产党员 were nominated from."""
    plans = {x.plan.id: x.plan for x in nominees}.values()
    named = "、".join(f"{p.campaign_name}党员评议（{p.standard}）" for p in plans)
    who = "以下人选" if len(nominees) == listed else f"以下人选中的{len(nominees)}名"
    return f"{who}根据{named}的综合得分推荐产生，综合得分和所在党组织列于表中。"


@dataclass(frozen=True)
class Columns:
    """Which optional columns the tables need: a single awarding body or day goes in the text."""

    body: bool
    day: bool


def _org_table(
    doc: ReportDocument,
    items: list[CommendationRow],
    columns: Columns,
    steps: Steps,
    *,
    brand: bool = False,
) -> None:
    """Write the table of honoured units, or of honoured brands with their units."""
    headers, parts = ["序号", "党组织名称"], [14.0, 80.0]
    align: list[Align] = ["center", "left"]
    if brand:
        headers, parts = ["序号", "品牌名称", "所属党组织"], [14.0, 40.0, 40.0]
        align.append("left")
    if columns.body:
        headers.append("表彰机关")
        parts.append(44)
        align.append("center")
    if columns.day:
        headers.append("表彰日期")
        parts.append(28)
        align.append("center")

    def cells(i: int, r: CommendationRow) -> list[object]:
        row: list[object] = [i, r.recipient] + ([r.unit] if brand else [])
        row += [r.awarded_by] if columns.body else []
        return row + ([short_day(r.awarded_on)] if columns.day else [])

    doc.table(
        headers,
        (cells(i, r) for i, r in enumerate(steps.rows(items), start=1)),
        col_widths_mm=widths(*parts),
        align=align,
    )


def _people(ctx: AppContext, ids: set[int]) -> dict[int, tuple[str, str, str]]:
    """Return ``{member id: (gender, id number, phone)}``, raw: mask before printing."""
    if not ids:
        return {}
    query = select(MEMBER.c.id, MEMBER.c.gender, MEMBER.c.id_number, MEMBER.c.phone).where(
        MEMBER.c.id.in_(ids)
    )
    with ctx.db.read() as s:
        return {r[0]: (r[1] or "", r[2] or "", r[3] or "") for r in s.execute(query)}


def _member_table(
    doc: ReportDocument,
    items: list[CommendationRow],
    people: dict[int, tuple[str, str, str]],
    options: ReportOptions,
    columns: Columns,
    steps: Steps,
    scores: dict[int, Nominee],
) -> None:
    numbers = shows_numbers(options)
    headers = ["序号", "姓名", "性别", "所在党组织"] + (["综合\n得分"] if scores else [])
    headers += ["身份证号", "联系电话"] if numbers else []
    headers += ["表彰机关"] if columns.body else []
    # An 18-digit ID needs 46 mm in 五号 with LibreOffice's fallback digits (DejaVu, 0.64 em).
    size, parts = MEMBER_LAYOUTS[numbers, columns.body]
    if scores:
        parts = [*parts[:3], parts[3] - SCORE_MM[size], SCORE_MM[size], *parts[4:]]
    align: list[Align] = ["center", "center", "center", "left"]
    middle: Align = "center"
    align += [middle] * (len(headers) - len(align))

    def cells(i: int, r: CommendationRow) -> list[object]:
        gender, id_no, tel = people.get(r.member_id or 0, ("", "", ""))
        extra = [id_number(id_no, options), phone(tel, options)] if numbers else []
        nominee = scores.get(r.id)
        score = [number(nominee.result.combined) if nominee else ""] if scores else []
        return [i, r.recipient, gender, r.unit, *score, *extra] + (
            [r.awarded_by] if columns.body else []
        )

    doc.table(
        headers,
        (cells(i, r) for i, r in enumerate(steps.rows(items), start=1)),
        col_widths_mm=parts,
        font_size=size,
        align=align,
    )
