"""Importing the organisation sheet: parents by name or path, in the file or the database."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandoffice.errors import ValidationError
from brandoffice.excel.batch import BatchLog, update_rows
from brandoffice.excel.orgindex import OrgIndex, path_text, split_path
from brandoffice.excel.rowcheck import CheckedRow, Job, Problems
from brandoffice.excel.tables import ORG, insert_one
from brandoffice.excel.uids import count_notes, drop_copied, load_by_uid, row_uid
from brandoffice.services.context import AppContext
from brandoffice.services.member_counts import shown_count
from brandoffice.services.org_defaults import kind_from_name, level_below
from brandoffice.services.orgs import OrgDraft, clean_org, units_written

FIELDS = (
    "name",
    "kind",
    "level",
    "sector",
    "secretary",
    "contact",
    "phone",
    "address",
    "member_count",
    "grade",
    "is_demo_point",
    "founded_on",
    "term_start",
    "term_end",
    "sort_order",
    "note",
)
WRITTEN = (*FIELDS, "initials")
NO_KIND = (
    "组织类别未填，也无法从名称看出（名称以党委、党工委、党总支、党支部等结尾时可自动判断），"
    "请填写组织类别"
)


@dataclass
class OrgPlan:
    """Units to add (parents first) and units to change."""

    inserts: list[tuple[int, int | None, dict[str, Any]]] = field(default_factory=list)
    updates: list[tuple[int, int, dict[str, Any], dict[str, Any]]] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Rows to write."""
        return len(self.inserts) + len(self.updates)


def plan(session: Session, ctx: AppContext, job: Job) -> OrgPlan:
    """Resolve every row's parent and decide what to add and what to update."""
    problems = job.problems
    index = OrgIndex.load(session)
    drop_copied(job, job.rows)
    known = load_by_uid(session, ORG, job.rows, ORG.c.parent_id)
    placed = _place(job.rows, index, problems, known)
    existing = _load_existing(session, [k for k, _p in placed.values() if k > 0])
    _derive(session, job, placed, existing)
    result = OrgPlan()
    by_number = {row.number: row for row in job.rows}
    job.ticker.tick(len(job.rows) - len(placed))
    foreign = other = 0
    for number, (key, parent) in placed.items():  # parents before their children
        job.ticker.tick()
        row = by_number[number]
        if not row.ok:
            continue
        draft = OrgDraft(**{f: row.values[f] for f in FIELDS if row.values[f] is not None})
        try:
            values = clean_org(draft)
        except ValidationError as exc:
            problems.from_error(row, exc, "name")
            continue
        values.pop("parent_id")
        uid = row_uid(row)
        if key < 0:
            if uid is not None:
                values["uid"] = uid  # not stored here: the unit keeps it
                foreign += 1
            result.inserts.append((key, parent, values))
            continue
        if uid is not None and uid not in known:
            other += 1
        current = existing[key]
        changed = job.changes(current, values, {"initials": "name"})
        if changed:
            before = {k: current[k] for k in changed}
            result.updates.append((key, current["version"], before, changed))
    count_notes(job, foreign, other)
    return result


def _derive(
    session: Session,
    job: Job,
    placed: dict[int, tuple[int, int | None]],
    existing: dict[int, dict[str, Any]],
) -> None:
    """Fill blank kinds from the names and blank levels from the parents, and say so.

    A unit already stored keeps its kind and level when the sheet leaves them blank.
    ``placed`` lists parents before their children, so a level derived for a unit of
    the sheet is known before its children need it.
    """
    rows = {row.number: row for row in job.rows}
    parents = [p for _k, p in placed.values() if p is not None and p > 0]
    levels = _stored_levels(session, [p for p in parents if p not in existing])
    levels.update({k: v["level"] for k, v in existing.items()})
    kinds = derived_levels = 0
    for number, (key, parent) in placed.items():
        row = rows[number]
        values = row.values
        stored = existing.get(key)
        if not values["kind"] and row.good("kind"):
            if stored is not None:
                values["kind"] = stored["kind"]
            elif (kind := kind_from_name(values["name"])) is not None:
                values["kind"] = kind.value
                kinds += 1
            else:
                job.problems.add(row, "kind", NO_KIND)
        if not values["level"] and row.good("level"):
            if stored is not None:
                values["level"] = stored["level"]
            else:
                above = levels.get(parent) if parent is not None else None
                values["level"] = level_below(above).value
                derived_levels += 1
        levels[key] = values["level"]
    job.note(kinds, "组织类别按名称推断", "个")
    job.note(derived_levels, "组织层级按上级组织推断（顶层为“街道乡镇”）", "个")


def _stored_levels(session: Session, ids: list[int]) -> dict[int, str | None]:
    found: dict[int, str | None] = {}
    for start in range(0, len(ids), 500):
        query = select(ORG.c.id, ORG.c.level).where(ORG.c.id.in_(ids[start : start + 500]))
        found.update({r.id: r.level for r in session.execute(query)})
    return found


def _place(
    rows: list[CheckedRow],
    index: OrgIndex,
    problems: Problems,
    known: dict[str, dict[str, Any]],
) -> dict[int, tuple[int, int | None]]:
    """Give each row its full path, resolving parents defined anywhere in the sheet.

    A row whose identity is stored is that unit, under its new name if the clerk renamed it.

    Returns:
        Excel row → (key, parent key): the key is the unit's id when it exists, or
        minus the row number for a unit to create; the parent key is None for a root.
    """
    pending = []
    for row in rows:
        name = row.values["name"]
        if not name or not row.good("name") or not row.good("parent"):
            continue
        if "/" in name or "／" in name:
            problems.add(row, "name", "组织名称中不能有“/”（它用来分隔上级路径）")
            continue
        pending.append(row)
    placed: dict[int, tuple[int, int | None]] = {}
    claimed: dict[int, int] = {}
    stuck = False
    while pending:
        waiting = Counter(r.values["name"] for r in pending)
        progressed = False
        for row in list(pending):
            outcome = _try_place(row, index, problems, waiting, stuck, (placed, claimed, known))
            if outcome:
                pending.remove(row)
                waiting[row.values["name"]] -= 1
                progressed = True
        stuck = not progressed
        if stuck:
            for row in _refuse_cycles(pending, problems):
                pending.remove(row)
    return placed


def _refuse_cycles(pending: list[CheckedRow], problems: Problems) -> list[CheckedRow]:
    """Name the rows whose parents lead back to themselves, and those hanging below them.

    Called when no pending row can be placed: each waits for a parent that is itself
    waiting. Returns the rows refused.
    """
    by_name: dict[str, list[CheckedRow]] = {}
    for row in pending:
        by_name.setdefault(row.values["name"], []).append(row)

    def parent_row(row: CheckedRow) -> CheckedRow | None:
        path = split_path(row.values["parent"] or "")
        above = by_name.get(path[-1], []) if path else []
        return above[0] if len(above) == 1 else None

    refused: dict[int, CheckedRow] = {}
    in_cycle: dict[str, int] = {}
    for start in pending:
        chain: list[CheckedRow] = []
        current: CheckedRow | None = start
        while current is not None and current not in chain and current.number not in refused:
            chain.append(current)
            current = parent_row(current)
        if current is None or current.number in refused:
            continue
        cycle = chain[chain.index(current) :]
        first = min(cycle, key=lambda r: r.number)
        at = cycle.index(first)
        cycle = cycle[at:] + cycle[:at]  # told from its first row in the sheet
        names = " → ".join(r.values["name"] for r in (*cycle, first))
        numbers = [f"第{n}行" for n in sorted(r.number for r in cycle)]
        if len(cycle) == 1:
            reason = f"上级组织是它自己，形成循环：{names}"
        else:
            rows = "与".join(numbers) if len(numbers) == 2 else "、".join(numbers)
            reason = f"{rows}的上级组织互相引用，形成循环：{names}"
        problems.add(first, "parent", reason)
        for row in cycle:
            refused[row.number] = row
            in_cycle[row.values["name"]] = first.number
    for row in pending:
        if row.number in refused:
            continue
        current = parent_row(row)
        seen: set[int] = set()
        while current is not None and current.number not in refused and current.number not in seen:
            seen.add(current.number)
            current = parent_row(current)
        if current is not None and current.number in refused:
            name = current.values["name"]
            problems.add(
                row,
                "parent",
                f"上级组织在本表中处于循环引用中（“{name}”，见第{in_cycle[name]}行），无法确定位置",
            )
            refused[row.number] = row
            # rows further below point at the same cycle
            in_cycle.setdefault(row.values["name"], in_cycle[name])
    return list(refused.values())


def _try_place(
    row: CheckedRow,
    index: OrgIndex,
    problems: Problems,
    waiting: Counter[str],
    stuck: bool,
    found_so_far: tuple[
        dict[int, tuple[int, int | None]], dict[int, int], dict[str, dict[str, Any]]
    ],
) -> bool:
    """Place one row if its parent is known; False to wait for a parent still pending.

    ``found_so_far`` is the rows placed, the stored units they name (unit → first row)
    and the stored units by identity.
    """
    placed, claimed, known = found_so_far
    name = row.values["name"]
    ref = row.values["parent"]
    parent: int | None = None
    if ref and not split_path(ref):
        problems.add(row, "parent", "上级组织只有分隔符“/”，请填写组织名称或路径")
        return True
    if ref:
        last = split_path(ref)[-1]
        others = waiting[last] - (1 if name == last else 0)
        if others and not stuck:
            return False
        found = index.candidates(ref)
        if len(found) != 1:
            if not found and split_path(ref) == (name,):
                problems.add(row, "parent", f"上级组织是它自己（“{name}”）；顶层组织请留空")
            elif not found:
                problems.add(
                    row,
                    "parent",
                    f"找不到上级组织“{path_text(split_path(ref))}”（数据库和本表中都没有）",
                )
            else:
                problems.add(
                    row, "parent", f"有多个名为“{last}”的组织，请写出上级路径，如 上级/{last}"
                )
            return True
        parent = found[0]
    path = (*index.path_of[parent], name) if parent is not None else (name,)
    key = index.by_path.get(path)
    uid = row_uid(row)
    stored = known.get(uid) if uid is not None else None
    if stored is not None:
        if not _same_unit(row, index, problems, (key, parent, path), stored):
            return True
        key = stored["id"]
    if key is not None and key > 0:
        first = claimed.setdefault(key, row.number)
        if first != row.number:
            problems.add(row, "name", f"与第 {first} 行对应同一个组织“{index.text(key)}”")
            return True
    if key is not None and key < 0:
        problems.add(row, "name", f"与第 {-key} 行重复：同一上级下已有“{name}”")
        return True
    if key is None:
        key = -row.number
        index.add(key, path)
    placed[row.number] = (key, parent)
    return True


def _same_unit(
    row: CheckedRow,
    index: OrgIndex,
    problems: Problems,
    where: tuple[int | None, int | None, tuple[str, ...]],
    stored: dict[str, Any],
) -> bool:
    """Check that a row naming a stored unit by identity keeps its parent and takes a free name.

    ``where`` is the unit the row's path names (if any), the row's parent and that path.
    A renamed unit is also found by its new path from then on (its children may use it).
    """
    key, parent, path = where
    unit = stored["id"]
    if parent != stored["parent_id"]:
        above = index.text(stored["parent_id"]) if stored["parent_id"] else "无（顶层组织）"
        problems.add(
            row,
            "parent",
            f"按标识，本行是组织“{index.text(unit)}”，其上级组织为“{above}”："
            "导入不能调整上级组织，请在“组织架构”中用“更改上级组织”调整",
        )
        return False
    if key is not None and key != unit:
        problems.add(
            row,
            "name",
            f"同一上级下已有“{path[-1]}”（另一个组织），“{index.text(unit)}”不能改成这个名称",
        )
        return False
    if key is None:
        index.alias(unit, path)
    return True


def _load_existing(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        shown = (shown_count() if f == "member_count" else ORG.c[f] for f in WRITTEN)
        query = select(ORG.c.id, ORG.c.version, *shown)
        for r in session.execute(query.where(ORG.c.id.in_(chunk))):
            found[r.id] = dict(r._mapping)
    return found


def apply(session: Session, plan: OrgPlan, log: BatchLog, job: Job, ctx: AppContext) -> None:
    """Insert new units parents first, then update the changed ones."""
    new_ids: dict[int, int] = {}
    for key, parent, values in plan.inserts:
        parent_id = new_ids[parent] if parent is not None and parent < 0 else parent
        new_ids[key] = insert_one(
            session, ORG, {**values, "parent_id": parent_id, "import_batch_id": log.batch_id}
        )
        job.ticker.tick()
    update_rows(session, ORG, [(i, v, after) for i, v, _b, after in plan.updates])
    for org_id, version, before, _after in plan.updates:
        log.before(ORG, org_id, before, version + 1)
    written = [*new_ids.values(), *(i for i, _v, _b, _a in plan.updates)]
    units_written(session, written, import_batch_id=log.batch_id)
    job.ticker.tick(len(plan.updates))
    log.inserted += len(plan.inserts)
    log.updated += len(plan.updates)
