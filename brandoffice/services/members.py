"""Party members: edits with ID-number checks, paged lists and search."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, bindparam, func, select, update
from sqlalchemy.orm import Session

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import NotFoundError, StaleEditError, ValidationError
from brandoffice.idcard import gender as id_gender
from brandoffice.idcard import mask_id_number
from brandoffice.model import Member, Organisation, table_of
from brandoffice.model.vocab import Gender, MemberCategory, MemberPost
from brandoffice.safety.permissions import Action
from brandoffice.services import audit, validate
from brandoffice.services.context import Service
from brandoffice.services.member_counts import members_moved
from brandoffice.services.plain_read import plain_rows
from brandoffice.services.rows import MemberRow, build, columns_for
from brandoffice.services.search import QueryShape, member_condition, search_params
from brandoffice.textsearch import initials

MEMBER = table_of(Member)
MEMBER_COLUMNS = columns_for(MemberRow, MEMBER)
SORTABLE = {"name", "gender", "category", "join_date", "id", "phone", "id_number"}


@dataclass(frozen=True)
class MemberDraft:
    """The editable fields of a member; a blank ``category`` is stored as "" (not known yet)."""

    org_id: int
    name: str
    category: str
    gender: str | None = None
    id_number: str | None = None
    phone: str | None = None
    join_date: dt.date | None = None
    posts: list[str] = field(default_factory=list)
    note: str | None = None


def clean_member(draft: MemberDraft, today: dt.date) -> dict[str, Any]:
    """Validate a draft and return column values (raises ValidationError)."""
    checked = MemberDraft(
        org_id=draft.org_id,
        name=validate.name(draft.name, "姓名", "name", max_len=50),
        id_number=validate.id_number(draft.id_number),
        gender=_value(validate.optional_choice(draft.gender, Gender, "性别", "gender")),
        join_date=draft.join_date,
        posts=[validate.choice(p, MemberPost, "亮牌示范", "posts").value for p in draft.posts],
        category=_value(
            validate.optional_choice(draft.category, MemberCategory, "党员类别", "category")
        )
        or "",
        phone=validate.phone(draft.phone),
        note=validate.optional_text(draft.note, "备注", "note", max_len=2000),
    )
    return member_values(checked, today)


def member_values(checked: MemberDraft, today: dt.date) -> dict[str, Any]:
    """Return the column values of a draft whose fields passed their rules, after the rules
    across fields (raises ValidationError).

    The fields' rules are those of :func:`clean_member`; the member sheet reads each cell
    with the same rule (same label, limit and message) and then calls this, so that no
    field is checked twice.
    """
    id_number, sex = checked.id_number, checked.gender
    if id_number and sex and id_gender(id_number) != sex:
        raise ValidationError(f"性别“{sex}”与身份证号不符", "gender")
    if checked.join_date and checked.join_date > today:
        raise ValidationError("入党日期不能晚于今天", "join_date")
    posts = checked.posts
    return {
        "org_id": checked.org_id,
        "name": checked.name,
        "initials": initials(checked.name),
        "gender": sex or (id_gender(id_number) if id_number else None),
        "id_number": id_number,
        "phone": checked.phone,
        "category": checked.category or "",
        "join_date": checked.join_date,
        "posts": sorted(set(posts), key=posts.index),
        "note": checked.note,
    }


def _value(member: StrEnum | None) -> str | None:
    return member.value if member is not None else None


class MemberService(Service):
    """Reads and edits of party members."""

    def count(self, org_ids: list[int] | None = None) -> int:
        """Count members, of some units or all."""
        query = select(func.count()).select_from(MEMBER)
        if org_ids is not None:
            query = query.where(MEMBER.c.org_id.in_(org_ids))
        with self.ctx.db.read() as s:
            return int(s.scalar(query) or 0)

    def page(
        self,
        org_ids: list[int] | None,
        offset: int,
        limit: int,
        sort: str = "id",
        descending: bool = False,
    ) -> list[MemberRow]:
        """Return one page of members of some units, sorted in the database."""
        if sort not in SORTABLE:
            sort = "id"
        column = MEMBER.c[sort]
        order = [column.desc() if descending else column.asc(), MEMBER.c.id]

        def query(ids: Any, skip: Any, take: Any) -> Select[Any]:
            q = select(*MEMBER_COLUMNS).order_by(*order).offset(skip).limit(take)
            return q if org_ids is None else q.where(MEMBER.c.org_id.in_(ids))

        fast = plain_rows(
            self.ctx,
            MemberRow,
            ("page", sort, descending, org_ids is None),
            lambda: query(bindparam("ids", expanding=True), bindparam("skip"), bindparam("take")),
            {"ids": org_ids, "skip": offset, "take": limit},
        )
        if fast is not None:
            return fast
        with self.ctx.db.read() as s:
            return [build(MemberRow, r) for r in s.execute(query(org_ids, offset, limit))]

    def get(self, member_id: int) -> MemberRow:
        """Return one member or raise NotFoundError."""
        with self.ctx.db.read() as s:
            row = s.execute(select(*MEMBER_COLUMNS).where(MEMBER.c.id == member_id)).first()
        if row is None:
            raise NotFoundError(f"找不到编号为 {member_id} 的党员")
        return build(MemberRow, row)

    def search(self, query: str, limit: int = 50) -> list[MemberRow]:
        """Search members by name, pinyin initials, or part of a phone or ID number."""
        q = query.strip()
        if not q:
            return []
        condition = member_condition(QueryShape.of(q))  # shared with the search box
        statement = select(*MEMBER_COLUMNS).where(condition).order_by(MEMBER.c.id).limit(limit)
        with self.ctx.db.read_engine.connect() as conn:  # no ORM session: a plain read
            return [build(MemberRow, r) for r in conn.execute(statement, search_params(q))]

    @retry_conflicts
    def create(self, draft: MemberDraft) -> MemberRow:
        """Add a member."""
        values = clean_member(draft, self.ctx.today())
        with self.ctx.db.write.begin() as s:
            _require_org(s, values["org_id"])
            _require_unique_id(s, values["id_number"], None)
            member = Member(**values)
            s.add(member)
            s.flush()
            audit.record_about(s, self.ctx, "新增党员", "党员", member)
            new_id = member.id
        return self.get(new_id)

    @retry_conflicts
    def update(self, member_id: int, version: int, draft: MemberDraft) -> MemberRow:
        """Save a member form; refused when stale."""
        values = clean_member(draft, self.ctx.today())
        with self.ctx.db.write.begin() as s:
            member = _load(s, member_id, version)
            _require_org(s, values["org_id"])
            _require_unique_id(s, values["id_number"], member_id)
            old_org = member.org_id
            for key, value in values.items():
                setattr(member, key, value)
            s.flush()
            members_moved(s, [(old_org, member.org_id)])
            audit.record_about(s, self.ctx, "修改党员", "党员", member)
        return self.get(member_id)

    @retry_conflicts
    def move(self, member_ids: list[int], org_id: int) -> int:
        """Move members to another unit; both units' 党员人数 follow."""
        with self.ctx.db.write.begin() as s:
            _require_org(s, org_id)
            old_orgs = list(s.scalars(select(MEMBER.c.org_id).where(MEMBER.c.id.in_(member_ids))))
            result = s.execute(
                update(MEMBER)
                .where(MEMBER.c.id.in_(member_ids))
                .values(org_id=org_id, version=MEMBER.c.version + 1)
            )
            members_moved(s, [(old, org_id) for old in old_orgs])
            audit.record(
                s,
                self.ctx,
                "转移党员",
                object_type="党员",
                detail=f"{len(member_ids)} 名党员转至组织 {org_id}",
            )
            return int(result.rowcount)  # type: ignore[attr-defined]

    @retry_conflicts
    def delete(self, member_id: int) -> None:
        """Remove a member; the unit's 党员人数 follows."""
        with self.ctx.db.write.begin() as s:
            member = _load(s, member_id, None)
            s.delete(member)
            s.flush()
            members_moved(s, [(member.org_id, 0)])
            audit.record_about(s, self.ctx, "删除党员", "党员", member)

    @retry_conflicts
    def record_reveal(self, member_id: int) -> None:
        """Write to the audit log that someone looked at a member's full numbers.

        Call before showing them: a failure (a database opened read-only, a role that
        may not see them) shows nothing.
        """
        self.ctx.require(Action.REVEAL)
        with self.ctx.db.write.begin() as s:
            member = _load(s, member_id, None)
            audit.record_about(s, self.ctx, "查看完整号码", "党员", member)


def _require_org(session: Session, org_id: int) -> None:
    if session.get(Organisation, org_id) is None:
        raise ValidationError(f"所属组织（编号 {org_id}）不存在", "org_id")


def _require_unique_id(session: Session, id_number: str | None, own_id: int | None) -> None:
    if not id_number:
        return
    query = select(MEMBER.c.name).where(MEMBER.c.id_number == id_number)
    if own_id is not None:
        query = query.where(MEMBER.c.id != own_id)
    other = session.scalar(query)
    if other is not None:
        raise ValidationError(
            f"身份证号 {mask_id_number(id_number)} 已登记在党员“{other}”名下", "id_number"
        )


def _load(session: Session, member_id: int, version: int | None) -> Member:
    member = session.get(Member, member_id, with_for_update=True)
    if member is None:
        raise NotFoundError(f"找不到编号为 {member_id} 的党员")
    if version is not None and member.version != version:
        raise StaleEditError(
            f"党员“{member.name}”已被他人修改（您打开的是第 {version} 版，"
            f"现在是第 {member.version} 版），请重新打开后再改"
        )
    return member
