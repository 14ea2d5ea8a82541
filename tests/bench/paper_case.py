"""Benchmark cases: the district progress report as a 公文 with its 附件 (issue 18, "paper").

The floor is python-docx writing the same text and tables directly: the program's own
output is read once (untimed) into paragraphs, page breaks, pictures and tables, and the
floor writes exactly those into a plain document (rows appended as XML, since
python-docx's ``add_row`` walks the whole table each time). That floor skips work the
program must do: it queries nothing and draws no chart. A second, honest floor also
counts the campaign in grouped SQL and draws the charts with matplotlib (phases, sectors,
brands, and for a district's campaign its 党(工)委).
"""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brandoffice.services.context import AppContext
from tests.bench.cases import Case
from tests.bench.report_case import _counts, _png

PICTURE_MM = 156
CHARTS = 3
"""Charts of a street's report; a district's has a fourth, by 党(工)委."""


@dataclass(frozen=True)
class Block:
    """One piece of the body in order: a paragraph (maybe after a page break) or a table."""

    text: str = ""
    page_break: bool = False
    pictures: tuple[bytes, ...] = ()
    rows: tuple[tuple[str, ...], ...] | None = None


def read_blocks(path: Path) -> list[Block]:
    """Return the body of a .docx as blocks: texts, page breaks, pictures and tables."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    related = document.part.related_parts
    blocks: list[Block] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            breaks = element.xpath('.//w:br[@w:type="page"] | ./w:pPr/w:pageBreakBefore')
            blips = element.xpath(".//a:blip/@r:embed")
            blocks.append(
                Block(
                    "".join(element.xpath(".//w:t/text()")),
                    bool(breaks),
                    tuple(related[rid].blob for rid in blips),
                )
            )
        elif element.tag == qn("w:tbl"):
            rows = tuple(
                tuple(
                    "\n".join("".join(p.xpath(".//w:t/text()")) for p in tc.xpath("./w:p"))
                    for tc in tr.xpath("./w:tc")
                )
                for tr in element.xpath("./w:tr")
            )
            blocks.append(Block(rows=rows))
    return blocks


def write_blocks(blocks: list[Block], out: Path, charts: Iterator[bytes] | None = None) -> Path:
    """Write ``blocks`` with plain python-docx; ``charts`` replaces the pictures in order."""
    import docx
    from docx.oxml import OxmlElement
    from docx.shared import Mm
    from docx.table import _Cell

    doc = docx.Document()
    for block in blocks:
        if block.rows is not None:
            table = doc.add_table(rows=0, cols=max((len(r) for r in block.rows), default=1))
            for values in block.rows:
                tr = OxmlElement("w:tr")
                table._tbl.append(tr)
                for text in values:
                    _Cell(tr.add_tc(), table).text = text
            continue
        if block.page_break:
            doc.add_page_break()
        for picture in block.pictures:
            png = next(charts) if charts is not None else picture
            doc.add_picture(io.BytesIO(png), width=Mm(PICTURE_MM))
        if block.text:
            doc.add_paragraph(block.text)
    doc.save(str(out))
    return out


def area_rates(raw: sqlite3.Connection, data: dict[str, Any]) -> dict[str, float]:
    """Return each 党(工)委's completion rate: units grouped under the root's children."""
    parent = dict(raw.execute("SELECT id, parent_id FROM organisations"))
    roots = {o for o, p in parent.items() if p is None}
    done: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for org_id, counts in data["by"]["unit"].items():
        top, seen = org_id, set()
        while parent.get(top) is not None and parent[top] not in roots and top not in seen:
            seen.add(top)
            top = parent[top]
        if parent.get(top) is None:
            continue  # the root itself has no area
        name = data["orgs"][top][0]
        done[name] += counts["已完成"]
        total[name] += sum(counts.values())
    return {name: done[name] / total[name] for name in total if total[name]}


def drawn_charts(data: dict[str, Any], areas: dict[str, float] | None) -> Iterator[bytes]:
    """Draw the report's charts from grouped counts: phases, sectors, brands (and areas)."""
    phases, sectors = data["by"]["phase"], data["by"]["sector"]
    yield _png("barh", list(phases), [c["已完成"] for c in phases.values()])
    yield _png(
        "barh", list(sectors), [c["已完成"] / max(sum(c.values()), 1) for c in sectors.values()]
    )
    brands = data["brands"]
    yield _png("bar", [str(b[0]) for b in brands], [b[2] for b in brands])
    if areas is not None:
        ranked = sorted(areas.items(), key=lambda kv: -kv[1])
        yield _png("barh", [k for k, _ in ranked], [v for _, v in ranked])


def paper_cases(ctx: AppContext, raw: sqlite3.Connection, work: Path) -> Iterator[Case]:
    """The report with its 附件, against the bare and the honest floor."""
    from brandoffice.reports.common import ReportOptions
    from brandoffice.reports.progress_report import write_progress

    campaign_id = raw.execute("SELECT id FROM campaigns ORDER BY year DESC, id").fetchone()[0]
    today: dt.date = ctx.today()
    out = work / "paper.docx"

    def run() -> object:
        return write_progress(ctx, out, ReportOptions(campaign=campaign_id))

    run()
    blocks = read_blocks(out)
    attached = [b.text for b in blocks if b.page_break or b.text.startswith("附件")]
    assert any(t.startswith("附件") for t in attached), "the report has no 附件 to measure"
    pictures = sum(len(b.pictures) for b in blocks)
    district = pictures == CHARTS + 1
    assert pictures == CHARTS or district, f"the report has {pictures} charts; expected {CHARTS}"
    rows = sum(len(b.rows) for b in blocks if b.rows)

    def honest() -> object:
        data = _counts(raw, campaign_id, today)
        charts = drawn_charts(data, area_rates(raw, data) if district else None)
        return write_blocks(blocks, work / "paper_honest.docx", charts)

    yield Case(
        f"district progress report + 附件 vs python-docx ({rows} rows)",
        run,
        lambda: write_blocks(blocks, work / "paper_floor.docx"),
    )
    yield Case(
        "district progress report + 附件 vs docx+SQL+charts",
        run,
        honest,
        goal=1.5,
    )
