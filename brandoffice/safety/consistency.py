"""The database check: SQLite's own checks and the program's consistency rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session

from brandoffice.model import (
    Brand,
    Campaign,
    LeadingGroupSeat,
    Member,
    Organisation,
    Phase,
    Task,
    TaskProgress,
    table_of,
)
from brandoffice.safety.auditchain import inspect_chain
from brandoffice.services.member_counts import roster_counts
from brandoffice.services.participation import (
    progress_gaps,
    retire_rows,
    settle_progress,
    stale_progress,
)
from brandoffice.services.record_tasks import pending_records, settle_records

ORG = table_of(Organisation)
MEMBER = table_of(Member)
PROGRESS = table_of(TaskProgress)
TASK = table_of(Task)

# (child table, foreign key column, parent table, what the child is, what the parent is)
_LINKS: list[tuple[Table, str, Table, str, str]] = [
    (ORG, "parent_id", ORG, "组织", "上级组织"),
    (MEMBER, "org_id", ORG, "党员", "所属组织"),
    (table_of(Brand), "org_id", ORG, "品牌", "所属组织"),
    (PROGRESS, "task_id", TASK, "任务进度", "任务"),
    (PROGRESS, "org_id", ORG, "任务进度", "组织"),
    (table_of(LeadingGroupSeat), "org_id", ORG, "领导小组成员", "组织"),
    (TASK, "phase_id", table_of(Phase), "任务", "阶段"),
    (table_of(Phase), "campaign_id", table_of(Campaign), "阶段", "创建活动"),
]
_COVERED = {(child.name, parent.name) for child, _c, parent, _l, _p in _LINKS}


@dataclass
class CheckReport:
    """What ``check`` found.

    Attributes:
        problems: Faults; ``ok`` is False while any remains.
        warnings: Things to look at that are not faults (a roster shorter than 党员人数).
        repaired: What ``repair=True`` fixed.
        counts: Records per kind.
        repairable: How many of the problems ``repair=True`` would fix.
    """

    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    repairable: int = 0

    @property
    def ok(self) -> bool:
        """True when no problem remains."""
        return not self.problems

    def fixable(self, repaired: bool, done: str, found: str) -> None:
        """Note a problem ``repair`` fixes: ``done`` when it was repaired, else ``found``."""
        if repaired:
            self.repaired.append(done)
        else:
            self.problems.append(found)
            self.repairable += 1


def sqlite_checks(session: Session, report: CheckReport) -> bool:
    """Run ``integrity_check`` and ``foreign_key_check``; False when the file is damaged."""
    result = [str(r[0]) for r in session.execute(text("PRAGMA integrity_check"))]
    if result != ["ok"]:
        report.problems += [f"完整性检查：{r}" for r in result[:20]]
        report.problems.append("数据库文件已损坏：请从备份恢复（不会自动修复）")
        return False
    for table, rowid, parent, _fk in session.execute(text("PRAGMA foreign_key_check")).all()[:200]:
        if (table, parent) not in _COVERED:
            report.problems.append(
                f"外键不一致：表 {table} 第 {rowid} 行指向不存在的 {parent} 记录"
            )
    return True


def orphans(session: Session, report: CheckReport) -> None:
    """Report records pointing at a missing parent (possible when foreign keys were off)."""
    for child, column, parent, child_label, parent_label in _LINKS:
        parent_alias = parent.alias("p")
        fk = child.c[column]
        query = (
            select(child.c.id, fk)
            .outerjoin(parent_alias, parent_alias.c.id == fk)
            .where(fk.is_not(None), parent_alias.c.id.is_(None))
            .order_by(child.c.id)
        )
        rows = session.execute(query).all()
        if rows:
            sample = "、".join(str(r[0]) for r in rows[:10])
            report.problems.append(
                f"{len(rows)} 条{child_label}记录的{parent_label}不存在（编号 {sample}"
                f"{' 等' if len(rows) > 10 else ''}）：请在界面中为其重新指定{parent_label}"
            )


def cycles(session: Session, report: CheckReport) -> None:
    """Report each cycle in the organisation tree once, with the units' names."""
    parents = {int(i): p for i, p in session.execute(select(ORG.c.id, ORG.c.parent_id))}
    names = dict(session.execute(select(ORG.c.id, ORG.c.name)).all())
    done: set[int] = set()
    for start in parents:
        path: list[int] = []
        current: int | None = start
        while current is not None and current in parents and current not in done:
            if current in path:
                loop = path[path.index(current) :]
                shown = " → ".join(str(names.get(i, i)) for i in [*loop, current])
                report.problems.append(
                    f"组织树存在循环：{shown}（请把其中一个单位移到正确的上级下）"
                )
                break
            path.append(current)
            current = parents[current]
        done.update(path)


def member_counts(session: Session, report: CheckReport) -> None:
    """Name the units whose 党员人数 is a typed figure above their roster.

    Not a fault (a unit may keep part of its members off the roster) and nothing to
    repair: the count shown follows the roster elsewhere (see ``member_counts``).
    """
    roster = roster_counts(session)
    typed = session.execute(
        select(ORG.c.id, ORG.c.name, ORG.c.member_count)
        .where(ORG.c.member_count > 0)
        .order_by(ORG.c.id)
    )
    for org_id, name, figure in typed:
        listed = roster.get(int(org_id), 0)
        if listed and figure > listed:
            report.warnings.append(
                f"“{name}”党员人数 {figure}，名册中有 {listed} 名党员"
                f"（另有 {figure - listed} 名未录入名册）"
            )


def _task_names(session: Session, task_ids: Iterable[int]) -> dict[int, str]:
    query = select(TASK.c.id, TASK.c.name).where(TASK.c.id.in_(list(task_ids)))
    return dict(session.execute(query).all())


def missing_progress(session: Session, report: CheckReport, *, repair: bool) -> None:
    """Find tasks lacking progress rows for units they apply to; ``repair`` creates them."""
    gaps = progress_gaps(session)
    if not gaps:
        return
    names = _task_names(session, gaps)
    added = settle_progress(session, task_ids=list(gaps)) if repair else {}
    for task_id, missing in gaps.items():
        report.fixable(
            repair,
            f"任务“{names[task_id]}”补建 {added.get(task_id)} 个单位的进度记录",
            f"任务“{names[task_id]}”缺少 {len(missing)} 个适用单位的进度记录",
        )


def retired_progress(session: Session, report: CheckReport, *, repair: bool) -> None:
    """Find progress rows of units a task no longer applies to (the organising unit …).

    ``repair`` retires them: untouched rows are deleted, rows holding work become 不适用.
    """
    stale = stale_progress(session)
    if not stale:
        return
    names = _task_names(session, stale)
    for task_id, rows in stale.items():
        removed, kept = retire_rows(session, rows) if repair else (0, 0)
        report.fixable(
            repair,
            f"任务“{names[task_id]}”清理 {len(rows)} 个已不参加单位的进度记录"
            f"（删除未开展的 {removed} 条，{kept} 条改为“不适用”）",
            f"任务“{names[task_id]}”有 {len(rows)} 个已不参加的单位（如组织单位本身）仍有进度记录",
        )


def record_progress(session: Session, report: CheckReport, *, repair: bool, today: dt.date) -> None:
    """Find tied tasks whose progress disagrees with the records; ``repair`` settles them."""
    pending = pending_records(session, today)
    if not pending:
        return
    names = _task_names(session, pending)
    if repair:
        settle_records(session, today, task_ids=list(pending))
    for task_id, cells in pending.items():
        report.fixable(
            repair,
            f"任务“{names[task_id]}”按已登记的记录更新 {cells} 个单位的进度",
            f"任务“{names[task_id]}”有 {cells} 个单位的进度与已登记的记录不符",
        )


def audit_chain(session: Session, report: CheckReport) -> None:
    """Verify the audit log (signatures, links, anchors, triggers) and name each tampering."""
    chain = inspect_chain(session)
    report.problems.extend(t.line for t in chain.tampering)
    report.warnings.extend(chain.notes)


def counts(session: Session, report: CheckReport) -> None:
    """Count the main records."""
    for label, model in (("组织", Organisation), ("党员", Member), ("任务进度", TaskProgress)):
        report.counts[label] = int(session.scalar(select(func.count()).select_from(model)) or 0)


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of a check's result: a problem, a warning (提示) or a repair."""

    kind: str
    text: str

    @property
    def line(self) -> str:
        """Return the line as printed and shown: ``问题：…``, ``提示：…`` or ``已修复：…``."""
        return f"{self.kind}：{self.text}"


def findings(report: CheckReport) -> list[Finding]:
    """Return what a check found, in the order the command line and the window show it."""
    return [
        *(Finding("已修复", r) for r in report.repaired),
        *(Finding("提示", w) for w in report.warnings),
        *(Finding("问题", p) for p in report.problems),
    ]
