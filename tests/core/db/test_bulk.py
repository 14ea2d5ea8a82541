"""Bulk inserts store exactly what SQLAlchemy's own insert stores, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from brandoffice.db.bulk import insert_many
from brandoffice.idcard import make_id_number
from brandoffice.model import Member, table_of
from brandoffice.model.base import new_uid
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService

MEMBER = table_of(Member)


def _row(org_id: int, sequence: int, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "org_id": org_id,
        "name": "陈晓红",
        "initials": "cxh",
        "gender": "女",
        "id_number": make_id_number("330106", dt.date(1985, 3, 12), sequence),
        "phone": "13812345678",
        "category": "在职党员",
        "join_date": dt.date(2010, 7, 1),
        "posts": ["党员示范岗", "佩戴党徽"],
        "note": "备注",
        "uid": new_uid(),
    }
    return {**row, **changes}


def _stored(ctx: AppContext, uid: str) -> dict[str, Any]:
    with ctx.db.read() as s:
        row = s.execute(select(MEMBER).where(MEMBER.c.uid == uid)).one()._asdict()
    return {k: v for k, v in row.items() if k not in ("id", "uid", "id_number")}


def test_bulk_rows_read_back_like_rows_sqlalchemy_inserted(each_db_ctx: AppContext) -> None:
    ctx = each_db_ctx
    unit = OrgService(ctx).create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
    now = dt.datetime(2026, 5, 20, 9, 30, 15, 123456)
    shared = {"created_at": now, "updated_at": now}
    full = _row(unit.id, 1)
    blank = _row(unit.id, 2, gender=None, phone=None, join_date=None, posts=[], note=None)
    like_full = {**_row(unit.id, 3), **shared}
    like_blank = {**_row(unit.id, 4), **shared, **_blank_fields()}
    with ctx.db.write.begin() as s:
        insert_many(s, MEMBER, [full, blank], shared)
        s.execute(MEMBER.insert(), [like_full, like_blank])
    assert _stored(ctx, full["uid"]) == _stored(ctx, like_full["uid"])
    assert _stored(ctx, blank["uid"]) == _stored(ctx, like_blank["uid"])
    stored = _stored(ctx, full["uid"])
    assert stored["join_date"] == dt.date(2010, 7, 1)
    assert stored["posts"] == ["党员示范岗", "佩戴党徽"]
    assert stored["created_at"] == now
    assert stored["version"] == 1  # the column's default, not named by the rows


def _blank_fields() -> dict[str, Any]:
    return {"gender": None, "phone": None, "join_date": None, "posts": [], "note": None}


def test_nothing_to_insert_sends_no_statement(ctx: AppContext) -> None:
    with ctx.db.write.begin() as s:
        insert_many(s, MEMBER, [])
        assert s.scalar(select(MEMBER.c.id)) is None


def test_equal_values_of_different_types_are_stored_apart(ctx: AppContext) -> None:
    """Each distinct value is converted once: 1, 1.0 and True compare equal, and must not
    share a converted form."""
    unit = OrgService(ctx).create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
    posts: list[list[Any]] = [[1], [True], [1.0], [1], [], ["党员示范岗"], []]
    rows = [_row(unit.id, n, posts=p) for n, p in enumerate(posts)]
    with ctx.db.write.begin() as s:
        insert_many(s, MEMBER, rows)
    stored = [_stored(ctx, row["uid"])["posts"] for row in rows]
    assert stored == posts
    assert [[type(v) for v in p] for p in stored] == [[type(v) for v in p] for p in posts]
