"""The fast list reads (plain_read) give exactly the rows of the ordinary SQLAlchemy path."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
from typing import Any

import pytest
from sqlalchemy import text

from brandoffice.model.base import new_uid
from brandoffice.services import brands as brands_module
from brandoffice.services import members as members_module
from brandoffice.services import orgs as orgs_module
from brandoffice.services.brands import BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.members import SORTABLE, MemberService
from brandoffice.services.orgs import OrgService
from brandoffice.services.plain_read import row_maker
from brandoffice.services.rows import BrandRow, MemberRow, OrgRow, StatusChangeRow

MODULES = (brands_module, members_module, orgs_module)


def _slow(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the services take the ordinary path, as on a server database."""
    for module in MODULES:
        monkeypatch.setattr(module, "plain_rows", lambda *args, **kwargs: None)


def _same(fast: list[Any], slow: list[Any]) -> None:
    """Assert the same rows in the same order, each value of the same type."""
    assert fast == slow
    for a, b in zip(fast, slow, strict=True):
        assert type(a) is type(b)
        for f in dataclasses.fields(a):
            x, y = getattr(a, f.name), getattr(b, f.name)
            assert type(x) is type(y), (f.name, x, y)


def _reads(ctx: AppContext) -> dict[str, list[Any]]:
    members = MemberService(ctx)
    units = [o.id for o in OrgService(ctx).all_rows()]
    out: dict[str, list[Any]] = {
        "orgs": OrgService(ctx).all_rows(),
        "brands": BrandService(ctx).all_rows(),
        "no units": members.page([], 0, 50),
        "some units": members.page(units[: len(units) // 2], 3, 40, sort="name"),
    }
    for sort in [*sorted(SORTABLE), "no such column"]:
        for descending in (False, True):
            for offset, limit in ((0, 30), (7, 11), (10_000, 5)):
                out[f"{sort} {descending} {offset}"] = members.page(
                    None, offset, limit, sort=sort, descending=descending
                )
    return out


def test_the_demo_reads_the_same_both_ways(
    demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _reads(demo_ctx)
    assert len(fast["orgs"]) > 10 and len(fast["brands"]) > 3
    assert any(m.posts for rows in fast.values() for m in rows if isinstance(m, MemberRow))
    assert any(m.join_date for m in fast["join_date False 0"])
    _slow(monkeypatch)
    slow = _reads(demo_ctx)
    assert fast.keys() == slow.keys()
    for key in fast:
        _same(fast[key], slow[key])


def test_odd_stored_values_read_as_sqlalchemy_reads_them(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dates, JSON lists with items, a demo point, a typed 党员人数: typed the same."""
    from brandoffice.services.orgs import OrgDraft

    orgs = OrgService(ctx)
    root = orgs.create(
        OrgDraft(parent_id=None, name="幸福街道党工委", kind="党工委", level="街道乡镇")
    )
    unit = orgs.create(
        OrgDraft(parent_id=root.id, name="阳光社区党支部", kind="党支部", level="基层单位")
    )
    with ctx.db.write.begin() as s:
        s.execute(
            text(
                "UPDATE organisations SET founded_on = '2021-07-01', term_start = '2023-01-05',"
                " is_demo_point = 1, member_count = 12 WHERE id = :id"
            ),
            {"id": unit.id},
        )
        s.execute(
            text(
                "INSERT INTO members (org_id, name, initials, category, posts, join_date, version,"
                " created_at, updated_at, uid) VALUES (:o, '张三', 'zs', '', '[\"党员先锋岗\"]',"
                " '1999-12-31', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, :u1),"
                " (:o, '李四', 'ls', '', '[]', NULL, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, :u2)"
            ),
            {"o": unit.id, "u1": new_uid(), "u2": new_uid()},
        )
        s.execute(
            text(
                "INSERT INTO brands (org_id, name, initials, status, year, service_items,"
                " named_on, version, created_at, updated_at, uid) VALUES (:o, '红色阳光', 'hsyg',"
                " '培育', 2026, '[\"助老\", \"助学\"]', '2026-05-20', 1, CURRENT_TIMESTAMP,"
                " CURRENT_TIMESTAMP, :u)"
            ),
            {"o": unit.id, "u": new_uid()},
        )
    fast = _reads(ctx)
    shown = {o.id: o for o in fast["orgs"]}[unit.id]
    assert shown.founded_on == dt.date(2021, 7, 1) and shown.is_demo_point is True
    assert shown.member_count == 12
    assert fast["brands"][0].service_items == ["助老", "助学"]
    _slow(monkeypatch)
    slow = _reads(ctx)
    for key in fast:
        _same(fast[key], slow[key])


def test_a_made_row_is_the_frozen_row() -> None:
    values = (1, 2, "张三", "男", None, None, "在职党员", dt.date(2001, 7, 1), ["a"], None, 3)
    made, built = row_maker(MemberRow)(*values), MemberRow(*values)
    assert type(made) is MemberRow and made == built and hash(made.id) == hash(built.id)
    assert repr(made) == repr(built)
    assert pickle.loads(pickle.dumps(made)) == built
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.name = "李四"  # type: ignore[misc]
    assert dataclasses.replace(made, name="李四").name == "李四"
    change = row_maker(StatusChangeRow)(*([1, 2, dt.date(2026, 1, 1)] + [None] * 12))
    assert change.undone is False  # properties of the row type still work
    assert row_maker(OrgRow) is row_maker(OrgRow) and row_maker(BrandRow) is not BrandRow


def test_the_calendar_reads_the_same_both_ways(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Progress with dates, notes, counts, records and 逾期 (worked out in SQL) read alike."""
    from brandoffice.services import calendar_view as cv
    from brandoffice.services.campaigns import CampaignService
    from tests.core.services.calendar_fixtures import seed000_campaign

    campaign, _root, units = seed000_campaign(ctx)
    service = CampaignService(ctx)
    tasks = service.tasks(campaign)
    late = [t for t in tasks if t.due_on < ctx.today()]
    assert late and len(late) < len(tasks)
    unit_ids = list(units.values())
    service.set_progress([(late[0].id, unit_ids[0])], "已完成", done_on=dt.date(2026, 4, 2))
    service.set_progress([(late[0].id, unit_ids[1])], "进行中", note="已开会", count_value=3)
    late_ids = {t.id for t in late}
    future = next(k for k in cv.load_calendar(ctx, campaign).progress if k[0] not in late_ids)
    service.set_progress([future], "进行中")
    with ctx.db.write.begin() as s:
        s.execute(
            text("UPDATE task_progress SET record_evidence = '会议记录' WHERE org_id = :o"),
            {"o": unit_ids[3]},
        )
    fast = cv.load_calendar(ctx, campaign)
    shown = {key: row.shown_status for key, row in fast.progress.items()}
    assert shown[(late[0].id, unit_ids[0])] == "已完成"
    assert shown[(late[0].id, unit_ids[1])] == "逾期"
    assert shown[(late[0].id, unit_ids[2])] == "逾期"
    assert shown[future] == "进行中"
    assert fast.progress[(late[0].id, unit_ids[0])].done_on == dt.date(2026, 4, 2)
    for module in ("plain_index", "plain_tuples"):
        monkeypatch.setattr(cv, module, lambda *args, **kwargs: None)
    slow = cv.load_calendar(ctx, campaign)
    assert fast == slow
    assert list(fast.progress) == list(slow.progress)
    _same(list(fast.progress.values()), list(slow.progress.values()))
    _same(list(fast.units), list(slow.units))
