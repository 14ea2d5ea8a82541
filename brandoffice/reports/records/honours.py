"""The progress report's 表彰 section: the year's honours from nomination to decision."""

from __future__ import annotations

from brandoffice.model.vocab import CommendationKind, HonourStatus
from brandoffice.reports.common import Numbering, ReportOptions, Steps, short_day, widths
from brandoffice.reports.layout import ReportDocument
from brandoffice.reports.records.data import RecordsData
from brandoffice.reports.records.shared import NO_RECORDS, TABLE_SIZE
from brandoffice.services.commendations import CommendationRow


def section(
    doc: ReportDocument, data: RecordsData, n: Numbering, steps: Steps, options: ReportOptions
) -> None:
    """Write how many were nominated, commended and refused by kind, then one row an honour."""
    rows = data.honours
    if not rows:
        doc.paragraph(NO_RECORDS.format(what=f"{data.year}年度尚未登记表彰"))
        return
    parts = []
    for kind in [k.value for k in CommendationKind]:
        mine = [r for r in rows if r.kind == kind]
        if not mine:
            continue
        counts = [(s.value, sum(1 for r in mine if r.status == s.value)) for s in HonourStatus]
        shown = "，".join(f"{s}{c}" for s, c in counts if c)
        parts.append(f"{kind}{len(mine)}项（{shown}）")
    doc.paragraph(f"{data.year}年度登记表彰{len(rows)}项：{'；'.join(parts)}。")
    doc.table(
        ["序号", "表彰类别", "对象", "所在单位", "状态", "表彰机关", "决定日期", "文号"],
        (
            [i, r.kind, r.recipient, r.unit, r.status, r.awarded_by or "",
             short_day(r.awarded_on) if r.awarded_on else "", r.doc_number or ""]
            for i, r in enumerate(steps.rows(_ordered(rows)), start=1)
        ),
        col_widths_mm=widths(10, 26, 22, 30, 12, 24, 18, 26),
        font_size=TABLE_SIZE,
        align=["center", "left", "left", "left", "center", "left", "center", "left"],
        caption=n.table(f"{data.year}年度表彰"),
    )  # fmt: skip


def _ordered(rows: list[CommendationRow]) -> list[CommendationRow]:
    kinds = [k.value for k in CommendationKind]
    status = [s.value for s in HonourStatus]
    return sorted(
        rows,
        key=lambda r: (
            kinds.index(r.kind) if r.kind in kinds else len(kinds),
            status.index(r.status) if r.status in status else len(status),
            r.unit,
            r.recipient,
        ),
    )
