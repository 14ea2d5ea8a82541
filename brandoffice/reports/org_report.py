"""组织架构与换届: the organisation tree with secretaries and members, and terms ending soon."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from brandoffice.model.vocab import OrgKind
from brandoffice.reports.common import (
    Numbering,
    Progress,
    ReportOptions,
    Steps,
    as_of,
    day_text,
    finish,
    new_document,
    phone,
    short_day,
    shows_numbers,
    widths,
)
from brandoffice.reports.layout import ReportDocument
from brandoffice.reports.standard import SIZE_5
from brandoffice.reports.tables import Align
from brandoffice.services.context import AppContext
from brandoffice.services.dashboard import TERM_HORIZON_MONTHS, add_months
from brandoffice.services.orgs import OrgService
from brandoffice.services.rows import OrgRow
from brandoffice.services.settings import office_name
from brandoffice.tree_order import tree_order

LABEL = "组织架构与换届"
INDENT = "\u3000"
"""One ideographic space per level of the tree."""
MAX_INDENT = 4


def write_orgs(
    ctx: AppContext, out: Path, options: ReportOptions, progress: Progress | None = None
) -> Path:
    """Write the organisation tree and the list of terms ending within six months.

    Units' phone numbers are printed only with ``reveal_level`` 1 (masked) or 2.

    Args:
        ctx: Services' context.
        out: The .docx to write.
        options: ``reveal_level`` for the phone column.
        progress: Called as ``progress(done, total)``.

    Returns:
        ``out``.
    """
    orgs = OrgService(ctx).all_rows()
    tree = tree_order(orgs)
    today = ctx.today()
    horizon = add_months(today, TERM_HORIZON_MONTHS)
    ending = sorted(
        (o for o in orgs if o.term_end is not None and o.term_end <= horizon),
        key=lambda o: (o.term_end, o.name),
    )
    steps = Steps(progress, 10 + len(tree) + len(ending) + max(10, len(tree) // 3))
    steps.advance(10)
    doc = new_document(ctx, f"{office_name(ctx)}党组织架构与换届情况", as_of(ctx))
    n = Numbering()
    kinds = Counter(o.kind for o in orgs)
    order = [k.value for k in OrgKind] + sorted(set(kinds) - set(OrgKind))
    counted = "、".join(f"{k}{kinds[k]}个" for k in order if kinds[k])
    members = sum(o.member_count for o in orgs)
    doc.heading1("组织架构")
    doc.paragraph(
        f"共有党组织{len(orgs)}个" + (f"，其中{counted}" if counted else "")
        + f"；登记党员{members}名。各党组织的隶属关系、书记和党员人数如下（下级组织缩进排列）。"
    )  # fmt: skip
    _tree_table(doc, tree, options, n, steps)
    doc.heading1("换届提醒")
    expired = sum(1 for o in ending if o.term_end is not None and o.term_end < today)
    if not ending:
        doc.paragraph(f"截至{day_text(today)}，没有任期在六个月内届满的党组织。")
    else:
        doc.paragraph(
            f"任期已届满或将在六个月内（{day_text(horizon)}前）届满的党组织共{len(ending)}个，"
            f"其中已届满{expired}个，请督促按期做好换届工作。"
        )
        doc.table(
            ["序号", "党组织名称", "书记", "任期届满", "状态"],
            (
                [i, o.name, o.secretary, short_day(o.term_end), _term_state(o, today)]
                for i, o in enumerate(steps.rows(ending), start=1)
            ),
            col_widths_mm=[12, 62, 22, 26, 34],
            font_size=SIZE_5,
            align=["center", "left", "center", "center", "center"],
            caption=n.table("换届提醒"),
        )
    path = finish(ctx, doc, out, LABEL, options, steps=steps)
    steps.finish()
    return path


def _term_state(org: OrgRow, today: dt.date) -> str:
    days = (org.term_end - today).days if org.term_end else 0
    return f"已届满{-days}天" if days < 0 else ("今日届满" if days == 0 else f"还有{days}天")


def _tree_table(
    doc: ReportDocument,
    tree: list[tuple[int, OrgRow]],
    options: ReportOptions,
    n: Numbering,
    steps: Steps,
) -> None:
    numbers = shows_numbers(options)
    headers = ["党组织名称", "类别", "书记", "党员数", "任期届满"]
    parts: list[float] = [60, 24, 18, 14, 24]
    align: list[Align] = ["left", "center", "center", "center", "center"]
    if numbers:
        headers.append("联系电话")
        parts.append(26)
        align.append("center")

    def cells(depth: int, org: OrgRow) -> list[object]:
        name = INDENT * min(depth, MAX_INDENT) + org.name
        row: list[object] = [
            name,
            org.kind,
            org.secretary,
            org.member_count,
            short_day(org.term_end),
        ]
        return [*row, phone(org.phone, options)] if numbers else row

    doc.table(
        headers,
        (cells(depth, org) for depth, org in steps.rows(tree)),
        col_widths_mm=widths(*parts),
        font_size=SIZE_5,
        align=align,
        caption=n.table("党组织架构"),
    )
