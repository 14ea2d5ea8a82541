"""Checks and look-ups shared by the campaign-record services (evaluation, funds, training …)."""

from __future__ import annotations

import math
import mimetypes
from typing import Any, Protocol, TypeVar

from sqlalchemy import ScalarSelect, Select, delete, func, or_, select
from sqlalchemy.orm import Session

from brandoffice.errors import NotFoundError, StaleEditError, ValidationError
from brandoffice.model import Attachment, Base, Member, Organisation, table_of
from brandoffice.numbers import percent_of
from brandoffice.services import audit, validate
from brandoffice.services.attachments import store_attachment
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import subtree_ids
from brandoffice.services.record_tasks import kinds_logged_as, settle_records
from brandoffice.services.rows import from_mapping

ORG = table_of(Organisation)
MEMBER = table_of(Member)
ATTACHMENT = table_of(Attachment)
M = TypeVar("M", bound=Base)
R = TypeVar("R")
Q = TypeVar("Q", bound=Select[Any])

MIN_YEAR, MAX_YEAR = 1949, 2200


def year(value: int | str | None, field: str = "year", label: str = "年度") -> int:
    """Return a plausible year or raise a ValidationError naming it."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(f"{label}“{value}”不是有效的年份", field) from None
    if not MIN_YEAR <= number <= MAX_YEAR:
        raise ValidationError(f"{label}“{number}”不是有效的年份", field)
    return number


def number(
    value: float | int | str | None,
    label: str,
    field: str,
    *,
    low: float = 0.0,
    high: float | None = None,
    low_inclusive: bool = True,
) -> float:
    """Return a finite number within ``[low, high]`` (``(low, high]`` when not inclusive)."""
    try:
        got = float(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(f"{label}“{value}”不是数字", field) from None
    if not math.isfinite(got):
        raise ValidationError(f"{label}“{value}”不是数字", field)
    if got < low or (not low_inclusive and got == low):
        floor = f"不能小于{low:g}" if low_inclusive else f"必须大于{low:g}"
        raise ValidationError(f"{label}{floor}（现为{got:g}）", field)
    if high is not None and got > high:
        raise ValidationError(f"{label}不能大于{high:g}（现为{got:g}）", field)
    return got


def one_subject(org_id: int | None, member_id: int | None, what: str) -> None:
    """Refuse anything but exactly one of a unit and a member."""
    if (org_id is None) == (member_id is None):
        raise ValidationError(f"{what}须属于一个组织或一名党员（二者选一）", "org_id")


def org_name(session: Session, org_id: int, label: str = "组织", field: str = "org_id") -> str:
    """Return a unit's name or raise a ValidationError when it does not exist."""
    name = session.scalar(select(ORG.c.name).where(ORG.c.id == org_id))
    if name is None:
        raise ValidationError(f"{label}（编号 {org_id}）不存在", field)
    return str(name)


def member(session: Session, member_id: int, field: str = "member_id") -> Member:
    """Return a member or raise a ValidationError when it does not exist."""
    found = session.get(Member, member_id)
    if found is None:
        raise ValidationError(f"党员（编号 {member_id}）不存在", field)
    return found


def subject_name(session: Session, org_id: int | None, member_id: int | None) -> str:
    """Return the name of a unit or a member (whichever is given)."""
    if org_id is not None:
        return org_name(session, org_id)
    assert member_id is not None
    return member(session, member_id).name


def load(session: Session, model: type[M], record_id: int, version: int | None, label: str) -> M:
    """Load a record, refusing a missing one or one changed since ``version`` was read.

    Args:
        session: The open write session.
        model: A mapped class with the ``Versioned`` mixin (or any class when version is None).
        record_id: Its id.
        version: The version the clerk opened; None skips the check.
        label: What the record is called in messages (党性分析报告 …).
    """
    found = session.get(model, record_id, with_for_update=True)
    if found is None:
        raise NotFoundError(f"找不到编号为 {record_id} 的{label}")
    current = getattr(found, "version", None)
    if version is not None and current != version:
        raise StaleEditError(
            f"该{label}已被他人修改（您打开的是第 {version} 版，现在是第 {current} 版），"
            "请重新打开后再改"
        )
    return found


def scope_units(session: Session, root_id: int | None) -> list[int] | None:
    """Return the ids of a unit's subtree, or None (no restriction) for all units."""
    return None if root_id is None else subtree_ids(session, root_id)


def in_scope(session: Session, query: Q, org_id: int | None, *units_of: Any) -> Q:
    """Return ``query``; with ``org_id``, kept to rows of a unit (any of ``units_of``) below it."""
    units = scope_units(session, org_id)
    if units is None:
        return query
    return query.where(or_(*(column.in_(units) for column in units_of)))


def rows_of(
    ctx: AppContext, row_type: type[R], query: Any, *units_of: Any, org_id: int | None = None
) -> list[R]:
    """Return a query's frozen rows; with ``org_id``, those of a unit (any of ``units_of``) below it."""
    with ctx.db.read() as s:
        query = in_scope(s, query, org_id, *units_of)
        return [from_mapping(row_type, r._mapping) for r in s.execute(query)]


def row_of(
    ctx: AppContext, row_type: type[R], query: Any, table: Any, record_id: int, what: str
) -> R:
    """Return the frozen row of ``table``'s record ``record_id`` as a query reads it.

    Raises:
        NotFoundError: No such record (找不到编号为 … 的 ``what``).
    """
    with ctx.db.read() as s:
        row = s.execute(query.where(table.c.id == record_id)).first()
    if row is None:
        raise NotFoundError(f"找不到编号为 {record_id} 的{what}")
    return from_mapping(row_type, row._mapping)


def subject_select(table: Any, *columns: Any) -> Select[Any]:
    """Return ``select(*columns)`` over the records of a unit or of a member, naming both.

    ``subject_name`` is the unit's or the member's name; ``unit_id`` and ``unit_name``
    are the unit's, or for a member's record the member's unit.
    """
    own = ORG.alias("own")
    member_unit = ORG.alias("member_unit")
    return (
        select(
            *columns,
            func.coalesce(own.c.name, MEMBER.c.name).label("subject_name"),
            func.coalesce(table.c.org_id, MEMBER.c.org_id).label("unit_id"),
            func.coalesce(own.c.name, member_unit.c.name).label("unit_name"),
        )
        .outerjoin(own, own.c.id == table.c.org_id)
        .outerjoin(MEMBER, MEMBER.c.id == table.c.member_id)
        .outerjoin(member_unit, member_unit.c.id == MEMBER.c.org_id)
    )


def count_of(parent: Any, *where: Any) -> ScalarSelect[int]:
    """Return, for each row of ``parent`` a query reads, how many rows match ``where``."""
    return select(func.count()).where(*where).correlate(parent).scalar_subquery()


def member_counts(session: Session, org_ids: list[int] | None, **where: Any) -> dict[int, int]:
    """Count member rows per unit, optionally only those with column values ``where``."""
    query = select(MEMBER.c.org_id, func.count()).group_by(MEMBER.c.org_id)
    if org_ids is not None:
        query = query.where(MEMBER.c.org_id.in_(org_ids))
    for column, value in where.items():
        query = query.where(MEMBER.c[column] == value)
    return {int(org): int(n) for org, n in session.execute(query)}


def org_names(session: Session, org_ids: set[int] | list[int]) -> dict[int, str]:
    """Return the names of some units by id."""
    if not org_ids:
        return {}
    rows = session.execute(select(ORG.c.id, ORG.c.name).where(ORG.c.id.in_(list(org_ids))))
    return {int(i): str(n) for i, n in rows}


def rate(done: int, total: int) -> float | None:
    """Return ``done / total``, or None when there is nothing to count.

    Not rounded: :func:`percent` rounds once, from the exact share, as the reports do.
    """
    return done / total if total else None


def percent(value: float | None) -> str:
    """Format a rate for a grid or a report: ``87.5%``, or ``—`` when there is none."""
    return percent_of(value)


MAX_FILE_BYTES = 50 * 1024 * 1024
"""Files larger than this are refused: the database is not a file server."""


def store_file(session: Session, filename: str, data: bytes, mime: str | None) -> tuple[int, str]:
    """Store a file's content by hash in the caller's transaction; return its id and name."""
    name = validate.text(filename, "文件名", "filename", max_len=255)
    if not data:
        raise ValidationError(f"文件“{name}”是空的", "filename")
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            f"文件“{name}”超过 {MAX_FILE_BYTES // 1024 // 1024} MB，请压缩后再添加", "filename"
        )
    return store_attachment(session, data, mime or mimetypes.guess_type(name)[0]), name


def drop_if_unused(session: Session, attachment_id: int) -> bool:
    """Delete stored content no table refers to any more; return whether it was deleted.

    Every foreign key to ``attachments.id`` in the model is looked at, so content shared
    with evidence files or a brand logo stays.
    """
    for table in Base.metadata.tables.values():
        for fk in table.foreign_keys:
            if fk.column.table.name == "attachments" and fk.parent.table is table:
                used = session.scalar(
                    select(func.count()).select_from(table).where(fk.parent == attachment_id)
                )
                if used:
                    return False
    session.execute(delete(ATTACHMENT).where(ATTACHMENT.c.id == attachment_id))
    return True


def file_content(session: Session, attachment_id: int) -> bytes:
    """Return stored content by attachment id."""
    data = session.scalar(select(ATTACHMENT.c.content).where(ATTACHMENT.c.id == attachment_id))
    if data is None:
        raise NotFoundError("该文件已被删除")
    return bytes(data)


def log(
    session: Session,
    ctx: AppContext,
    action: str,
    kind: str,
    obj_id: int | None = None,
    name: str | None = None,
    detail: str | None = None,
) -> None:
    """Append an audit entry for a campaign record inside the caller's transaction.

    Every record service logs each write here, so the tasks tied to the record's kind
    (党性教育 ← 党性分析报告 …) follow the write in the same transaction.
    """
    audit.record(
        session,
        ctx,
        action,
        object_type=kind,
        object_id=obj_id,
        object_name=name,
        detail=detail,
    )
    tied = kinds_logged_as(kind)
    if tied:
        settle_records(session, ctx.today(), kinds=tied)


class Identified(Protocol):
    """A new record, which has its id once flushed."""

    @property
    def id(self) -> int: ...


def add(
    session: Session,
    ctx: AppContext,
    row: Identified,
    action: str,
    kind: str,
    name: str | None,
    detail: str | None = None,
) -> int:
    """Insert a new record, log the write (see :func:`log`) and return the record's id."""
    session.add(row)
    session.flush()
    log(session, ctx, action, kind, row.id, name, detail)
    return row.id


Owner = tuple[int | None, int | None]
"""(org_id, member_id) of a record: a unit's or a member's."""


def owners(session: Session, org_id: int) -> list[tuple[str, Owner]]:
    """Return whose record a unit's form offers: the unit, then its own members by name."""
    unit = org_name(session, org_id)
    members = session.execute(
        select(MEMBER.c.id, MEMBER.c.name)
        .where(MEMBER.c.org_id == org_id)
        .order_by(MEMBER.c.name, MEMBER.c.id)
    )
    found: list[tuple[str, Owner]] = [(f"{unit}（本组织）", (org_id, None))]
    return found + [(f"{name}（党员）", (None, int(i))) for i, name in members]
