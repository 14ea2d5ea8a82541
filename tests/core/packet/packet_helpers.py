"""Reading a database's records as packets carry them, for comparing two databases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from brandoffice.app import open_context
from brandoffice.cli.main import main
from brandoffice.office import OfficeIdentity
from brandoffice.packet.kinds import BY_NAME, Record
from brandoffice.packet.rows import UidIndex, read_records
from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.context import AppContext, Clock
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.settings import set_office_identity

ID_NUMBER = "110101199003070011"


def records(ctx: AppContext, kind: str) -> dict[str, Record]:
    """Return every record of a kind as a packet would carry it, by uid."""
    with ctx.db.read() as s:
        conn = s.connection()
        rows = read_records(conn, BY_NAME[kind], UidIndex(conn))
    return {r["uid"]: r for r in rows}


def root_of(ctx: AppContext, org_uid: str) -> str:
    """Return the uid of the top unit above a unit."""
    orgs = records(ctx, "orgs")
    current = orgs[org_uid]
    while current["parent_id"] is not None:
        current = orgs[current["parent_id"]]
    return str(current["uid"])


def uid_key(ctx: AppContext, kind: str, uid: str) -> int:
    """Return the local key of a record by uid."""
    table = BY_NAME[kind].table
    with ctx.db.read() as s:
        key = s.scalar(select(table.c.id).where(table.c.uid == uid))
    assert key is not None
    return int(key)


def open_office(url: str, name: str, clock: Clock) -> AppContext:
    """Open the database at ``url`` on ``clock`` as the office called ``name``."""
    ctx = open_context(url, clock=clock)
    set_office_identity(ctx, OfficeIdentity(name=name))
    return ctx


def name_at_district_level(district: AppContext, brand_uid: str) -> None:
    """Take a street's brand, at the district, through 申报 and 评审 to 命名 at 区级 on 2026-05-20."""
    brands = BrandService(district)
    key = uid_key(district, "brands", brand_uid)
    brands.transition(key, "申报", level="区级", on=dt.date(2026, 5, 20))
    brands.transition(key, "评审", on=dt.date(2026, 5, 20))
    brands.transition(
        key, "命名", level="区级", naming_body="西安区委组织部", on=dt.date(2026, 5, 20)
    )


def small_street(path: Path, name: str = "和平街道") -> str:
    """A street started from an empty database: two units, a member, a brand."""
    db = str(path)
    assert main(["--db", db, "init"]) == 0
    assert main(["--db", db, "settings", "set", "--kind", "街道", "--name", name]) == 0
    ctx = open_context(db)
    orgs = OrgService(ctx)
    root = orgs.create(OrgDraft(name=f"{name}党工委", kind="党工委", level="街道乡镇"))
    unit = orgs.create(
        OrgDraft(name="和平社区党委", kind="党委", level="村社区", parent_id=root.id, sector="社区")
    )
    MemberService(ctx).create(
        MemberDraft(org_id=unit.id, name="张三", category="在职党员", id_number=ID_NUMBER)
    )
    BrandService(ctx).create(BrandDraft(org_id=unit.id, name="和美邻里", year=2026))
    ctx.db.dispose()
    return db
