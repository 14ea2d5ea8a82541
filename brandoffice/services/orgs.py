"""Organisations: the tree, its edits and the rules that keep it a tree."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import CTE, func, literal, select, update
from sqlalchemy.orm import Session

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import NotFoundError, StaleEditError, ValidationError
from brandoffice.model import Brand, LeadingGroupSeat, Member, Organisation, table_of
from brandoffice.model.base import utcnow
from brandoffice.model.vocab import Grade, GroupRole, OrgKind, OrgLevel, Sector
from brandoffice.services import audit, grade_history, validate
from brandoffice.services.context import AppContext, Service
from brandoffice.services.member_counts import (
    drop_figures_within_roster,
    shown_count,
    typed_figure,
)
from brandoffice.services.participation import resync_units
from brandoffice.services.plain_read import plain_rows
from brandoffice.services.rows import OrgRow, SeatRow, build, columns_for
from brandoffice.textsearch import initials

ORG = table_of(Organisation)
ORG_COLUMNS = [shown_count() if c.name == "member_count" else c for c in columns_for(OrgRow, ORG)]
"""The columns of an :class:`OrgRow`; 党员人数 as shown (see :mod:`member_counts`)."""


@dataclass(frozen=True)
class OrgDraft:
    """The editable fields of an organisation, as typed in a form or a sheet.

    ``member_count`` is the 党员人数 typed; it counts only where it is larger than the
    unit's roster (see :mod:`brandoffice.services.member_counts`).
    """

    name: str
    kind: str
    level: str
    parent_id: int | None = None
    sector: str | None = None
    secretary: str | None = None
    contact: str | None = None
    phone: str | None = None
    address: str | None = None
    member_count: int = 0
    grade: str | None = None
    is_demo_point: bool = False
    founded_on: dt.date | None = None
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    sort_order: int = 0
    note: str | None = None


def clean_org(draft: OrgDraft) -> dict[str, Any]:
    """Validate a draft and return column values (raises ValidationError)."""
    name = validate.name(draft.name, "组织名称", "name", max_len=100)
    if "/" in name or "／" in name:
        raise ValidationError("组织名称中不能有“/”：它用来分隔上下级路径", "name")
    validate.date_order(draft.term_start, draft.term_end, "任期", "term_end")
    return {
        "name": name,
        "initials": initials(name),
        "parent_id": draft.parent_id,
        "kind": validate.choice(draft.kind, OrgKind, "组织类别", "kind").value,
        "level": validate.choice(draft.level, OrgLevel, "组织层级", "level").value,
        "sector": _opt(validate.optional_choice(draft.sector, Sector, "领域", "sector")),
        "secretary": validate.optional_name(draft.secretary, "书记", "secretary", max_len=50),
        "contact": validate.optional_name(draft.contact, "联系人", "contact", max_len=50),
        "phone": validate.phone(draft.phone),
        "address": validate.optional_text(draft.address, "地址", "address", max_len=200),
        "member_count": validate.non_negative(draft.member_count, "党员人数", "member_count"),
        "grade": _opt(validate.optional_choice(draft.grade, Grade, "评定等次", "grade")),
        "is_demo_point": bool(draft.is_demo_point),
        "founded_on": draft.founded_on,
        "term_start": draft.term_start,
        "term_end": draft.term_end,
        "sort_order": int(draft.sort_order or 0),
        "note": validate.optional_text(draft.note, "备注", "note", max_len=2000),
    }


def _opt(value: Any) -> str | None:
    return None if value is None else str(value.value)


def ancestor_ids(session: Session, org_id: int) -> list[int]:
    """Return the ids from ``org_id`` up to the root (itself first)."""
    chain: list[int] = []
    current: int | None = org_id
    while current is not None:
        if current in chain:
            raise ValidationError("组织树中存在循环，请运行“检查数据库”修复")
        chain.append(current)
        current = session.scalar(select(ORG.c.parent_id).where(ORG.c.id == current))
    return chain


def subtree_ids(session: Session, root_id: int) -> list[int]:
    """Return the ids of ``root_id`` and every unit below it (recursive CTE).

    The CTE is a UNION, not UNION ALL: a unit seen once is not walked again, so a
    loop in the tree (which :func:`lock_tree` keeps moves from making) still ends.
    """
    return list(session.scalars(select(subtree_cte(root_id, "tree").c.id)))


def subtree_cte(root_id: int, name: str) -> CTE:
    """Return a recursive CTE of ``root_id`` and every unit below it, safe on a loop."""
    tree = select(ORG.c.id).where(ORG.c.id == root_id).cte(name, recursive=True)
    return tree.union(select(ORG.c.id).where(ORG.c.parent_id == tree.c.id))


TREE_LOCK_KEY = 0x42524E444F524753  # "BRNDORGS"
"""The PostgreSQL advisory lock that serialises changes of the tree's shape."""


def lock_tree(session: Session) -> None:
    """Serialise changes of the tree's shape until the session's transaction ends.

    A move is checked (the new parent's ancestors must not include the unit) and
    made under this lock, so two clerks moving units at once cannot make a loop:
    the second waits, then checks against the first's committed move. On
    PostgreSQL it is a transaction-scoped advisory lock; SQLite's write
    transactions begin IMMEDIATE, one at a time, so nothing more is needed there.
    Take it before any row lock, so that waiting for it never closes a cycle of
    waits.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(TREE_LOCK_KEY)))


class OrgService(Service):
    """Reads and edits of the organisation tree."""

    # -- reads ---------------------------------------------------------------
    def all_rows(self) -> list[OrgRow]:
        """Return every organisation, parents before children is not guaranteed."""
        fast = plain_rows(
            self.ctx,
            OrgRow,
            "all",
            lambda: select(*ORG_COLUMNS).order_by(ORG.c.sort_order, ORG.c.id),
        )
        if fast is not None:
            return fast
        with self.ctx.db.read() as s:
            rows = s.execute(select(*ORG_COLUMNS).order_by(ORG.c.sort_order, ORG.c.id))
            return [build(OrgRow, r) for r in rows]

    def children(self, parent_id: int | None) -> list[OrgRow]:
        """Return the direct children of a unit (roots for None)."""
        cond = ORG.c.parent_id.is_(None) if parent_id is None else ORG.c.parent_id == parent_id
        with self.ctx.db.read() as s:
            rows = s.execute(select(*ORG_COLUMNS).where(cond).order_by(ORG.c.sort_order, ORG.c.id))
            return [build(OrgRow, r) for r in rows]

    def get(self, org_id: int) -> OrgRow:
        """Return one organisation or raise NotFoundError."""
        with self.ctx.db.read() as s:
            row = s.execute(select(*ORG_COLUMNS).where(ORG.c.id == org_id)).first()
        if row is None:
            raise NotFoundError(f"找不到编号为 {org_id} 的组织")
        return build(OrgRow, row)

    def path_of(self, org_id: int) -> list[str]:
        """Return the names from the root down to ``org_id``."""
        with self.ctx.db.read() as s:
            ids = ancestor_ids(s, org_id)
            names = dict(s.execute(select(ORG.c.id, ORG.c.name).where(ORG.c.id.in_(ids))).all())
        return [names[i] for i in reversed(ids)]

    def find(self, name_or_path: str) -> OrgRow:
        """Find a unit by its name (when unique) or its path ``上级/下级``."""
        with self.ctx.db.read() as s:
            org_id = resolve_org(s, name_or_path)
        return self.get(org_id)

    def subtree(self, root_id: int) -> list[int]:
        """Return the ids of a unit and all units below it."""
        with self.ctx.db.read() as s:
            return subtree_ids(s, root_id)

    def leading_group(self, org_id: int) -> list[SeatRow]:
        """Return the seats of a unit's leading group, 组长 first."""
        seats = table_of(LeadingGroupSeat)
        order = {GroupRole.LEADER.value: 0, GroupRole.DEPUTY.value: 1, GroupRole.MEMBER.value: 2}
        with self.ctx.db.read() as s:
            rows = s.execute(select(*columns_for(SeatRow, seats)).where(seats.c.org_id == org_id))
            found = [build(SeatRow, r) for r in rows]
        return sorted(found, key=lambda r: (order.get(r.role, 9), r.position, r.id))

    # -- writes --------------------------------------------------------------
    @retry_conflicts
    def create(self, draft: OrgDraft) -> OrgRow:
        """Add a unit under ``draft.parent_id`` (a root when None)."""
        values = clean_org(draft)
        with self.ctx.db.write.begin() as s:
            if values["parent_id"] is not None:
                _require_org(s, values["parent_id"])
            _require_unique_name(s, values["parent_id"], values["name"], None)
            org = Organisation(**values)
            s.add(org)
            s.flush()
            resync_units(s, [org.id])  # the new unit joins the tasks that apply to it
            _log(s, self.ctx, "新增组织", org)
            new_id = org.id
        return self.get(new_id)

    @retry_conflicts
    def update(self, org_id: int, version: int, draft: OrgDraft) -> OrgRow:
        """Save a form; refused when someone else saved the unit since ``version``."""
        values = clean_org(draft)
        with self.ctx.db.write.begin() as s:
            locked = _lock_tree_for(s, org_id, values["parent_id"])
            org = _load(s, org_id, version)
            moved = values["parent_id"] != org.parent_id
            if moved:
                if not locked:  # moved by someone else since the peek: lock now
                    lock_tree(s)
                _check_move(s, org_id, values["parent_id"])
            _require_unique_name(s, values["parent_id"], values["name"], org_id)
            values["member_count"] = typed_figure(s, org_id, values["member_count"])
            regrouped = (values["sector"], values["kind"]) != (org.sector, org.kind)
            if values["grade"] != org.grade:  # this year's grading; the latest year's shows
                year = self.ctx.today().year
                values["grade"] = grade_history.typed(s, org_id, year, values["grade"])
            for key, value in values.items():
                setattr(org, key, value)
            s.flush()
            if moved or regrouped:
                resync_units(s, subtree_ids(s, org_id) if moved else [org_id])
            _log(s, self.ctx, "修改组织", org)
        return self.get(org_id)

    def rename(self, org_id: int, name: str) -> OrgRow:
        """Rename a unit."""
        current = self.get(org_id)
        draft = OrgDraft(**{**_draft_fields(current), "name": name})
        return self.update(org_id, current.version, draft)

    @retry_conflicts
    def move(self, org_id: int, new_parent_id: int | None) -> OrgRow:
        """Move a unit under another; refused when it would create a cycle."""
        with self.ctx.db.write.begin() as s:
            lock_tree(s)  # before the unit's row lock: see lock_tree
            org = _load(s, org_id, None)
            _check_move(s, org_id, new_parent_id)
            _require_unique_name(s, new_parent_id, org.name, org_id)
            old = org.parent_id
            org.parent_id = new_parent_id
            s.flush()
            resync_units(s, subtree_ids(s, org_id))  # a campaign's scope may gain or lose them
            _log(s, self.ctx, "移动组织", org, f"上级 {old} → {new_parent_id}")
        return self.get(org_id)

    @retry_conflicts
    def bulk_update(self, org_ids: list[int], **changes: Any) -> int:
        """Set sector, grade or demonstration point on many units at once."""
        allowed = {"sector": Sector, "grade": Grade}
        values: dict[str, Any] = {}
        for key, value in changes.items():
            if key == "is_demo_point":
                values[key] = bool(value)
            elif key in allowed:
                label = "领域" if key == "sector" else "评定等次"
                values[key] = _opt(validate.optional_choice(value, allowed[key], label, key))
            else:
                raise ValidationError(f"不能批量修改字段 {key}")
        if not org_ids or not values:
            return 0
        with self.ctx.db.write.begin() as s:
            result = s.execute(
                update(ORG).where(ORG.c.id.in_(org_ids)).values(**values, version=ORG.c.version + 1)
            )
            if "sector" in values:
                resync_units(s, org_ids)  # tasks by sector
            if "grade" in values:  # this year's grading of each; the latest year's shows
                for org_id in org_ids:
                    grade_history.typed(s, org_id, self.ctx.today().year, values["grade"])
                    grade_history.follow_latest(s, org_id)
            audit.record(
                s,
                self.ctx,
                "批量修改组织",
                object_type="组织",
                detail=f"{len(org_ids)} 个单位：{values}",
            )
            return int(result.rowcount)  # type: ignore[attr-defined]

    @retry_conflicts
    def delete(self, org_id: int) -> None:
        """Delete a unit that has no children, members or brands."""
        with self.ctx.db.write.begin() as s:
            org = _load(s, org_id, None)
            blockers = []
            for label, table, column in (
                ("下级组织", ORG, ORG.c.parent_id),
                ("党员", table_of(Member), table_of(Member).c.org_id),
                ("品牌", table_of(Brand), table_of(Brand).c.org_id),
            ):
                n = s.scalar(select(func.count()).select_from(table).where(column == org_id))
                if n:
                    blockers.append(f"{n} 个{label}" if label != "党员" else f"{n} 名党员")
            if blockers:
                raise ValidationError(f"“{org.name}”下还有{'、'.join(blockers)}，请先移走后再删除")
            s.delete(org)
            validate.flush_or_explain(s, f"“{org.name}”")
            _log(s, self.ctx, "删除组织", org)

    @retry_conflicts
    def set_leading_group(
        self, org_id: int, seats: list[tuple[str, str, str | None]], version: int | None = None
    ) -> OrgRow:
        """Replace a unit's leading group with ``(role, person_name, title)`` seats.

        The group belongs to the unit's record: saving it makes a new version of the
        unit, so another clerk's open form of the unit sees the change.

        Args:
            org_id: The unit.
            seats: The seats in order.
            version: The unit's version the clerk opened; None skips the check (imports,
                the demo).

        Returns:
            The unit with its new version.

        Raises:
            StaleEditError: Someone saved the unit since ``version``.
            ValidationError: A seat is not acceptable, or there are two 组长.
        """
        cleaned = []
        for i, (role, person, title) in enumerate(seats):
            cleaned.append(
                {
                    "org_id": org_id,
                    "role": validate.choice(role, GroupRole, "领导小组职务", "role").value,
                    "person_name": validate.text(person, "姓名", "person_name", max_len=50),
                    "title": validate.optional_text(title, "职务", "title", max_len=100),
                    "position": i,
                }
            )
        if sum(1 for c in cleaned if c["role"] == GroupRole.LEADER.value) > 1:
            raise ValidationError("领导小组只能有一名组长", "role")
        seats_table = table_of(LeadingGroupSeat)
        with self.ctx.db.write.begin() as s:
            org = _load(s, org_id, version)
            s.execute(seats_table.delete().where(seats_table.c.org_id == org_id))
            if cleaned:
                s.execute(seats_table.insert(), cleaned)
            org.updated_at = utcnow()  # a new version of the unit (the ORM bumps it)
            _log(s, self.ctx, "设置领导小组", org)
        return self.get(org_id)


def units_written(
    session: Session, org_ids: list[int], *, import_batch_id: int | None = None
) -> None:
    """Settle units a bulk write (an Excel import) added or changed, in its session.

    A 党员人数 not above the unit's roster is dropped (the roster counts), and the
    units join the tasks that now apply to them (rows stamped with the import, so
    undoing it removes them) or leave those that no longer do.
    """
    drop_figures_within_roster(session, org_ids)
    resync_units(session, org_ids, import_batch_id=import_batch_id)


def _draft_fields(row: OrgRow) -> dict[str, Any]:
    data = asdict(row)
    for key in ("id", "version"):
        data.pop(key)
    return data


def _require_org(session: Session, org_id: int) -> None:
    if session.scalar(select(literal(1)).where(ORG.c.id == org_id)) is None:
        raise ValidationError(f"上级组织（编号 {org_id}）不存在", "parent_id")


def _require_unique_name(
    session: Session, parent_id: int | None, name: str, own_id: int | None
) -> None:
    cond = ORG.c.parent_id.is_(None) if parent_id is None else ORG.c.parent_id == parent_id
    query = select(ORG.c.id).where(cond, ORG.c.name == name)
    if own_id is not None:
        query = query.where(ORG.c.id != own_id)
    if session.scalar(query) is not None:
        raise ValidationError(f"同一上级下已有名为“{name}”的组织", "name")


def _lock_tree_for(session: Session, org_id: int, parent_id: int | None) -> bool:
    """Take :func:`lock_tree` when a form's parent differs from the stored one."""
    stored = session.execute(select(ORG.c.parent_id).where(ORG.c.id == org_id)).first()
    if stored is None or stored[0] == parent_id:
        return False
    lock_tree(session)
    return True


def _check_move(session: Session, org_id: int, new_parent_id: int | None) -> None:
    if new_parent_id is None:
        return
    _require_org(session, new_parent_id)
    if org_id in ancestor_ids(session, new_parent_id):
        raise ValidationError("不能把组织移到它自己或它的下级组织之下（会形成循环）", "parent_id")


def _log(
    session: Session, ctx: AppContext, action: str, org: Organisation, detail: str | None = None
) -> None:
    """Append an audit entry about ``org`` inside the caller's transaction."""
    audit.record_about(session, ctx, action, "组织", org, detail)


def _load(session: Session, org_id: int, version: int | None) -> Organisation:
    org = session.get(Organisation, org_id, with_for_update=True)
    if org is None:
        raise NotFoundError(f"找不到编号为 {org_id} 的组织")
    if version is not None and org.version != version:
        raise StaleEditError(
            f"“{org.name}”已被他人修改（您打开的是第 {version} 版，现在是第 {org.version} 版），"
            "请重新打开后再改"
        )
    return org


def resolve_org(session: Session, name_or_path: str) -> int:
    """Return the id of a unit named by its name or its path ``上级/下级``.

    Raises:
        ValidationError: No such unit, or the bare name is ambiguous.
    """
    parts = [p.strip() for p in name_or_path.replace("／", "/").split("/") if p.strip()]
    if not parts:
        raise ValidationError("组织名称为空")
    if len(parts) == 1:
        ids = list(session.scalars(select(ORG.c.id).where(ORG.c.name == parts[0]).limit(2)))
        if not ids:
            raise ValidationError(f"找不到组织“{parts[0]}”")
        if len(ids) > 1:
            raise ValidationError(
                f"有多个名为“{parts[0]}”的组织，请写出上级路径，如 上级/{parts[0]}"
            )
        return int(ids[0])
    candidates = list(session.scalars(select(ORG.c.id).where(ORG.c.name == parts[-1])))
    for candidate in candidates:
        chain = ancestor_ids(session, candidate)
        names = dict(session.execute(select(ORG.c.id, ORG.c.name).where(ORG.c.id.in_(chain))).all())
        path = [names[i] for i in reversed(chain)]
        if path[-len(parts) :] == parts:
            return int(candidate)
    raise ValidationError(f"找不到组织“{name_or_path}”")
