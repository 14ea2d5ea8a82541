"""Benchmark case: the district progress report against python-docx and matplotlib used directly."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from brandoffice.services.context import AppContext
from tests.bench.cases import Case

OPEN = ("未开始", "进行中")


def report_cases(
    ctx: AppContext, raw: sqlite3.Connection, work: Path, scale: float
) -> Iterator[Case]:
    """Yield the report cases (for ``cases.all_cases``)."""
    yield progress_report_case(ctx, raw, work)


def progress_report_case(ctx: AppContext, raw: sqlite3.Connection, work: Path) -> Case:
    """The 进展情况报告 of the district's campaign (10,000 units at scale 1)."""
    from brandoffice.reports.common import ReportOptions
    from brandoffice.reports.progress_report import write_progress

    campaign_id = raw.execute("SELECT id FROM campaigns ORDER BY year DESC, id").fetchone()[0]
    today = ctx.today()

    def run() -> object:
        return write_progress(ctx, work / "progress.docx", ReportOptions(campaign=campaign_id))

    return Case(
        "district progress report (Word, 4 charts)",
        run,
        lambda: floor_progress_report(raw, campaign_id, today, work / "floor.docx"),
        goal=1.5,
    )


def _counts(raw: sqlite3.Connection, campaign_id: int, today: dt.date) -> dict[str, Any]:
    """Count the cells by phase, sector and unit in one grouped query."""
    rows = raw.execute(
        "SELECT p.org_id, t.phase_id, p.status, t.due_on < ?, count(*)"
        " FROM task_progress p JOIN tasks t ON t.id = p.task_id"
        " JOIN phases ph ON ph.id = t.phase_id"
        " WHERE ph.campaign_id = ? AND p.status != '不适用'"
        " GROUP BY p.org_id, t.phase_id, p.status, t.due_on < ?",
        (today.isoformat(), campaign_id, today.isoformat()),
    ).fetchall()
    orgs = {
        r[0]: (r[1], r[2] or "其他")
        for r in raw.execute("SELECT id, name, sector FROM organisations")
    }
    phases = dict(raw.execute("SELECT id, name FROM phases WHERE campaign_id = ?", (campaign_id,)))
    by: dict[str, dict[Any, Counter[str]]] = {
        k: defaultdict(Counter) for k in ("phase", "sector", "unit")
    }
    for org_id, phase_id, status, past, n in rows:
        shown = "逾期" if status in OPEN and past else status
        by["phase"][phases[phase_id]][shown] += n
        by["sector"][orgs[org_id][1]][shown] += n
        by["unit"][org_id][shown] += n
    overdue = raw.execute(
        "SELECT o.name, t.name, ph.name, t.due_on FROM task_progress p"
        " JOIN tasks t ON t.id = p.task_id JOIN phases ph ON ph.id = t.phase_id"
        " JOIN organisations o ON o.id = p.org_id"
        " WHERE ph.campaign_id = ? AND p.status IN ('未开始', '进行中') AND t.due_on < ?"
        " ORDER BY t.due_on, o.id",
        (campaign_id, today.isoformat()),
    ).fetchall()
    due = dict(raw.execute(
        "SELECT t.due_on, count(*) FROM task_progress p JOIN tasks t ON t.id = p.task_id"
        " JOIN phases ph ON ph.id = t.phase_id WHERE ph.campaign_id = ? AND p.status != '不适用'"
        " GROUP BY t.due_on", (campaign_id,)))  # fmt: skip
    brands = raw.execute(
        "SELECT status, level, count(*) FROM brands GROUP BY status, level"
    ).fetchall()
    return {"by": by, "orgs": orgs, "overdue": overdue, "due": due, "brands": brands}


def _line(c: Counter[str]) -> list[str]:
    total = c["已完成"] + c["进行中"] + c["未开始"] + c["逾期"]
    rate = f"{100 * c['已完成'] / total:.1f}%" if total else "0.0%"
    return [str(v) for v in (total, c["已完成"], c["进行中"], c["未开始"], c["逾期"])] + [rate]


def _png(kind: str, labels: list[str], values: list[float]) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from brandoffice.charts.fonts import cjk_context

    with cjk_context():
        return _draw(kind, labels, values, Figure, FigureCanvasAgg)


def _draw(kind: str, labels: list[str], values: list[float], figure: Any, canvas: Any) -> bytes:
    from brandoffice.charts.fonts import cjk_context

    fig = figure(figsize=(6.3, 3.4), dpi=100)
    canvas(fig)
    ax = fig.add_subplot()
    positions = range(len(values))
    if kind == "barh":
        ax.barh(positions, values)
        ax.set_yticks(positions, labels)
    elif kind == "bar":
        ax.bar(positions, values)
        ax.set_xticks(positions, labels)
    else:
        ax.plot(positions, values)
    buffer = io.BytesIO()
    with cjk_context():
        fig.savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()


def floor_progress_report(
    raw: sqlite3.Connection, campaign_id: int, today: dt.date, out: Path
) -> Path:
    """Write the same report with plain python-docx and matplotlib (no GB/T styling)."""
    import docx
    from docx.oxml import OxmlElement
    from docx.shared import Mm
    from docx.table import _Cell

    data = _counts(raw, campaign_id, today)
    by, orgs = data["by"], data["orgs"]
    doc = docx.Document()
    doc.add_heading("进展情况的报告", 0)
    doc.add_paragraph("截至今日的进展情况报告如下。")

    def table(headers: list[str], rows: list[list[str]]) -> None:
        # python-docx's add_row() and row.cells each walk the whole table (quadratic):
        # append the w:tr directly and take cells from its own w:tc elements.
        t = doc.add_table(rows=0, cols=len(headers))
        tbl = t._tbl
        for values in [headers, *rows]:
            tr = OxmlElement("w:tr")
            tbl.append(tr)
            for text in values:
                tc = tr.add_tc()
                _Cell(tc, t).text = text

    def picture(kind: str, labels: list[str], values: list[float]) -> None:
        doc.add_picture(io.BytesIO(_png(kind, labels, values)), width=Mm(156))

    doc.add_heading("一、总体进展", 1)
    phases = by["phase"]
    picture("barh", list(phases), [c["已完成"] for c in phases.values()])
    table(["阶段", "任务数", "已完成", "进行中", "未开始", "逾期", "完成率"],
          [[name, *_line(c)] for name, c in phases.items()])  # fmt: skip
    due = sorted(data["due"].items())
    picture("line", [d for d, _ in due], [n for _, n in due])
    doc.add_heading("二、各领域、各单位完成情况", 1)
    sectors = by["sector"]
    picture(
        "barh", list(sectors), [c["已完成"] / max(sum(c.values()), 1) for c in sectors.values()]
    )
    table(["领域", "任务数", "已完成", "进行中", "未开始", "逾期", "完成率"],
          [[name, *_line(c)] for name, c in sectors.items()])  # fmt: skip
    units = sorted(by["unit"].items(), key=lambda kv: orgs[kv[0]][0])
    unit_rows = [[str(i), orgs[o][0], orgs[o][1], *_line(c)] for i, (o, c) in enumerate(units, 1)]
    table(
        ["序号", "单位", "领域", "任务数", "已完成", "进行中", "未开始", "逾期", "完成率"],
        unit_rows,
    )
    doc.add_heading("三、逾期未完成任务", 1)
    table(["序号", "单位", "任务", "阶段", "截止日期"],
          [[str(i), *map(str, r)] for i, r in enumerate(data["overdue"], 1)])  # fmt: skip
    doc.add_heading("四、党建品牌创建情况", 1)
    brands = data["brands"]
    picture("bar", [str(b[0]) for b in brands], [b[2] for b in brands])
    table(["状态", "级别", "数量"], [[str(b[0]), str(b[1] or "未定级"), str(b[2])] for b in brands])
    doc.add_paragraph("幸福街道党工委")
    doc.save(str(out))
    return out
