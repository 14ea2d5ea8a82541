"""Progress-report sections on the work done: models, demo points, funds, training, 对标晋档."""

from __future__ import annotations

from collections import Counter, defaultdict

from brandoffice.model.vocab import TrainingLevel
from brandoffice.numbers import wan, wan_yuan
from brandoffice.reports.common import (
    Numbering,
    ReportOptions,
    Steps,
    free_text,
    number,
    percent,
    short_day,
    widths,
)
from brandoffice.reports.layout import ReportDocument
from brandoffice.reports.records.data import RecordsData
from brandoffice.reports.records.shared import NO_RECORDS, TABLE_SIZE, names_text
from brandoffice.services.funds import FundTotals
from brandoffice.services.grades import GradePath

NOTE_MAX = 60
"""Characters of a demonstration point's latest note printed in its table cell."""


def models(
    doc: ReportDocument, data: RecordsData, n: Numbering, steps: Steps, options: ReportOptions
) -> None:
    """Write 先进典型与示范点: deeds by unit and member; demo points against the target."""
    deeds, demo = data.deeds, data.demo_points
    if not deeds and demo is None:
        doc.paragraph(NO_RECORDS.format(what=f"{data.year}年度尚未登记先进典型事迹和示范点"))
        return
    if deeds:
        by_unit: dict[str, Counter[str]] = defaultdict(Counter)
        people: dict[str, list[str]] = defaultdict(list)
        for d in deeds:
            by_unit[d.unit_name]["个人" if d.member_id is not None else "集体"] += 1
            if d.member_id is not None and d.subject_name not in people[d.unit_name]:
                people[d.unit_name].append(d.subject_name)
        own = sum(c["集体"] for c in by_unit.values())
        linked = sum(1 for d in deeds if d.commendation_id is not None)
        doc.paragraph(
            f"{data.year}年度登记先进典型事迹{len(deeds)}篇，涉及{len(by_unit)}个单位，"
            f"其中集体事迹{own}篇、党员个人事迹{len(deeds) - own}篇；"
            f"{linked}篇已与表彰挂钩。"
        )
        units = sorted(by_unit, key=lambda u: (-sum(by_unit[u].values()), u))
        doc.table(
            ["序号", "单位", "集体事迹", "个人事迹", "典型党员", "合计"],
            (
                [i, u, by_unit[u]["集体"], by_unit[u]["个人"], "、".join(people[u]),
                 sum(by_unit[u].values())]
                for i, u in enumerate(steps.rows(units), start=1)
            ),
            col_widths_mm=widths(12, 46, 18, 18, 44, 16),
            font_size=TABLE_SIZE,
            align=["center", "left", "center", "center", "left", "center"],
            caption=n.table("先进典型事迹（篇）"),
        )  # fmt: skip
    if demo is None:
        return
    reached = "已完成目标" if demo.reached else f"尚差{demo.shortfall}个"
    doc.paragraph(
        f"{demo.scope_name}{data.year}年度示范点建设目标{demo.target}个，现有示范点"
        f"{demo.count}个（{names_text(p.name for p in demo.points)}），{reached}。"
    )

    def latest(note: str | None) -> str:
        text = free_text(note, options)
        return text if len(text) <= NOTE_MAX else text[: NOTE_MAX - 1] + "…"

    doc.table(
        ["序号", "示范点", "本年进展\n记录（条）", "最近进展"],
        (
            [i, p.name, p.notes_in_year,
             f"{short_day(p.last_noted_on)} {latest(p.last_note)}".strip() or "尚无记录"]
            for i, p in enumerate(steps.rows(demo.points), start=1)
        ),
        col_widths_mm=widths(12, 40, 22, 82),
        font_size=TABLE_SIZE,
        align=["center", "left", "center", "left"],
        caption=n.table("示范点建设进展"),
    )  # fmt: skip


def funds(
    doc: ReportDocument, data: RecordsData, n: Numbering, steps: Steps, options: ReportOptions
) -> None:
    """Write 专项经费: applied, approved, spent and balance per brand or demo point, in yuan."""
    lines = data.funds
    if not lines:
        doc.paragraph(NO_RECORDS.format(what=f"{data.year}年度尚未登记专项经费"))
        return
    total = FundTotals.over([x.totals for x in lines])
    sums = (total.applied_fen, total.approved_fen, total.spent_fen, total.balance_fen)
    shown = [wan_yuan(v) for v in sums]
    kinds = Counter(x.kind for x in lines)
    doc.paragraph(
        f"{data.year}年度专项经费涉及党建品牌{kinds['品牌']}个、示范点{kinds['示范点']}个，"
        f"共申请{shown[0]}，批准{shown[1]}，已支出{shown[2]}，结余{shown[3]}。"
    )
    rows = (
        [i, x.totals.target_name, x.kind,
         *(wan(v) for v in (x.totals.applied_fen, x.totals.approved_fen,
                            x.totals.spent_fen, x.totals.balance_fen))]
        for i, x in enumerate(steps.rows(lines), start=1)
    )  # fmt: skip
    doc.table(
        ["序号", "品牌或示范点", "类别", "申请", "批准", "支出", "结余"],
        [*rows, ["", "合计", "", *(wan(v) for v in sums)]],
        col_widths_mm=widths(12, 28, 16, 25, 25, 25, 25),
        font_size=TABLE_SIZE,
        align=["center", "left", "center", "right", "right", "right", "right"],
        caption=n.table("专项经费申请、批准和使用情况（万元）"),
    )


def training(
    doc: ReportDocument, data: RecordsData, n: Numbering, steps: Steps, options: ReportOptions
) -> None:
    """Write 分级分批培训: sessions by level, members trained, coverage and hours per unit."""
    tr = data.training
    if tr is None:
        doc.paragraph(NO_RECORDS.format(what=f"{data.year}年度尚未登记培训"))
        return
    levels = list(
        dict.fromkeys([*(lv.value for lv in TrainingLevel), *(s.level for s in tr.sessions)])
    )
    by_level = {lv: [s for s in tr.sessions if s.level == lv] for lv in levels}
    held = "、".join(f"{lv}{len(v)}期" for lv, v in by_level.items() if v)
    hours = sum(s.hours for s in tr.sessions)
    seats = sum(s.attended for s in tr.sessions)
    members = sum(c.members for c in tr.coverage)
    trained = sum(c.trained for c in tr.coverage)
    attended_hours = sum(c.hours for c in tr.coverage)
    per_member = _hours(attended_hours / members if members else 0.0)
    none = [c.unit_name for c in tr.coverage if not c.trained]
    missing = f"尚有{len(none)}个单位无党员参训：{names_text(none)}。" if none else ""
    doc.paragraph(
        f"{data.year}年度共举办分级分批培训{len(tr.sessions)}期（{held}），合计{number(hours)}学时，"
        f"参训{seats}人次。全体党员{members}名中参加培训的{trained}名，覆盖率"
        f"{percent(trained, members)}，人均{per_member}学时。{missing}"
    )
    level_rows = [
        [lv, len(v), number(sum(s.hours for s in v)), sum(s.attended for s in v)]
        for lv, v in by_level.items()
        if v
    ]
    doc.table(
        ["培训层级", "期数", "学时", "参训人次"],
        [*level_rows, ["合计", len(tr.sessions), number(hours), seats]],
        caption=n.table("分级分批培训情况"),
    )
    rows = (
        [i, c.unit_name, c.members, c.trained, percent(c.trained, c.members),
         _hours(c.hours_per_member)]
        for i, c in enumerate(steps.rows(tr.coverage), start=1)
    )  # fmt: skip
    doc.table(
        ["序号", "单位", "党员数", "参训党员", "覆盖率", "人均学时"],
        [*rows, ["", "合计", members, trained, percent(trained, members), per_member]],
        col_widths_mm=widths(12, 64, 18, 20, 20, 20),
        font_size=TABLE_SIZE,
        align=["center", "left", "center", "center", "center", "center"],
        caption=n.table("各单位党员培训覆盖情况"),
    )


def benchmarking(
    doc: ReportDocument, data: RecordsData, n: Numbering, steps: Steps, options: ReportOptions
) -> None:
    """Write 对标晋档: the 四找 filed, and each graded unit's move (up, same, down) with its path."""
    bm = data.benchmarking
    if bm is None:
        doc.paragraph(NO_RECORDS.format(what=f"{data.year}年度尚未登记“四找”对标和评定等次"))
        return
    mv = bm.movement
    incomplete = sum(1 for b in bm.benchmarks if b.missing)
    filed = (
        f"{data.year}年度{len(bm.benchmarks)}个单位开展“四找”对标定位"
        + (f"，其中{incomplete}个单位“四找”尚未填全" if incomplete else "")
        + "。"
    )
    graded = len(mv.moves) + len(mv.first_graded)
    moved = (
        f"{data.year}年度评定等次的单位{graded}个，与上次评定相比晋档升级{mv.moved_up}个、"
        f"保持{mv.stayed}个、降档{mv.moved_down}个"
        + (f"，首次评定{len(mv.first_graded)}个" if mv.first_graded else "")
        + "。"
        if graded
        else f"{data.year}年度尚未评定等次。"
    )
    doc.paragraph(filed + moved)
    if bm.benchmarks:
        doc.table(
            ["序号", "单位", "对标单位", "尚未填写"],
            (
                [i, b.unit_name, b.model_name or "（已删除）", "、".join(b.missing) or "—"]
                for i, b in enumerate(steps.rows(bm.benchmarks), start=1)
            ),
            col_widths_mm=widths(12, 54, 54, 36),
            font_size=TABLE_SIZE,
            align=["center", "left", "left", "center"],
            caption=n.table("“四找”对标定位"),
        )
    if not mv.moves and not mv.first_graded:
        return
    rows = [
        [
            m.unit_name,
            f"{m.before}（{m.before_year}）",
            m.after,
            m.word,
            _path(bm.paths[m.org_id]) if m.org_id in bm.paths else "",
        ]
        for m in mv.moves
    ]
    rows += [[name, "—", grade, "首次评定", ""] for name, grade in mv.first_grades]
    doc.table(
        ["序号", "单位", "上次等次", "现等次", "变化", "历年等次"],
        ([i, *row] for i, row in enumerate(steps.rows(rows), start=1)),
        col_widths_mm=widths(10, 32, 30, 16, 20, 48),
        font_size=TABLE_SIZE,
        align=["center", "left", "center", "center", "center", "left"],
        caption=n.table(f"{data.year}年度各单位晋档升级情况"),
    )  # fmt: skip


def _path(path: GradePath) -> str:
    """Return a unit's grades over the years as a report writes them: 2024年后进—2025年中间."""
    return "—".join(f"{year}年{grade}" for year, grade in path.steps)


def _hours(value: float | None) -> str:
    """Return hours per member with one decimal, as the service rounds them."""
    return "" if value is None else f"{value:.1f}"
