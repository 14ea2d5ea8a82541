"""The report section of a simple kind: how many records, then a table of them by unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from brandoffice.kinds.base import RecordKind, takes_kind
from brandoffice.kinds.simple_service import own_columns
from brandoffice.reports.common import Numbering, ReportOptions, Steps, free_text, short_day, widths
from brandoffice.reports.layout import ReportDocument
from brandoffice.reports.records.data import RecordsData
from brandoffice.reports.records.shared import NO_RECORDS, TABLE_SIZE
from brandoffice.reports.tables import Align

LEFT: Align = "left"
TEXT_MM = 150
"""The width the text columns share (the page's width less 序号, 单位 and 党员)."""


@takes_kind
def section(
    kind: RecordKind,
    doc: ReportDocument,
    data: RecordsData,
    n: Numbering,
    steps: Steps,
    options: ReportOptions,
) -> None:
    """Write a simple kind's section: the count, the units and members, one row a record."""
    rows = data.simple.get(kind.name, [])
    if not rows:
        doc.paragraph(NO_RECORDS.format(what=f"{data.year}年度尚未登记{kind.label}"))
        return
    units = {r.org_id for r in rows}
    members = {r.member_id for r in rows}
    doc.paragraph(
        f"{data.year}年度登记{kind.label}{len(rows)}个，涉及{len(units)}个单位、"
        f"{len(members)}名党员。"
    )
    columns = own_columns(kind)
    each = TEXT_MM / max(len(columns), 1)
    doc.table(
        ["序号", "单位", "党员", *(c.header for c in columns)],
        (
            [i, r.org_name, r.member_name, *(_shown(r.values[c.field], options) for c in columns)]
            for i, r in enumerate(steps.rows(rows), start=1)
        ),
        col_widths_mm=widths(12, 34, 18, *(each for _c in columns)),
        font_size=TABLE_SIZE,
        align=["center", "left", "left", *(LEFT for _c in columns)],
        caption=n.table(kind.label),
    )


def _shown(value: Any, options: ReportOptions) -> str:
    if isinstance(value, dt.date):
        return short_day(value)
    return free_text(None if value is None else str(value), options)
