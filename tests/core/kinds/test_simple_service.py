"""The generic service of the simple kinds at its edges: empty, future, missing, stale, unknown."""

from __future__ import annotations

import datetime as dt

import pytest

from brandoffice.errors import NotFoundError, StaleEditError, ValidationError
from brandoffice.kinds import by_name
from brandoffice.kinds.simple_service import SimpleRecords, clean
from brandoffice.services.context import AppContext
from tests.core.services.records_fixtures import build_street

KIND = by_name("member-posts")
POST = {"name": "便民服务岗", "set_up_on": dt.date(2026, 3, 5), "note": None}


def test_clean_names_the_empty_and_the_future_date() -> None:
    today = dt.date(2026, 6, 1)
    with pytest.raises(ValidationError, match="设岗日期不能为空") as empty:
        clean(KIND, {**POST, "set_up_on": None}, today)
    assert empty.value.field == "set_up_on"
    with pytest.raises(ValidationError, match="设岗日期不能晚于今天"):
        clean(KIND, {**POST, "set_up_on": dt.date(2026, 6, 2)}, today)
    with pytest.raises(ValidationError, match="岗位名称") as blank:
        clean(KIND, {**POST, "name": "  "}, today)
    assert blank.value.field == "name"
    assert clean(KIND, POST, today) == POST


def test_a_row_reads_its_fields_as_attributes_and_nothing_else(ctx: AppContext) -> None:
    street = build_street(ctx)
    row = SimpleRecords(ctx, KIND).add(street.members["张伟"], POST)
    assert (row.name, row.set_up_on, row.member_name) == ("便民服务岗", dt.date(2026, 3, 5), "张伟")
    with pytest.raises(AttributeError, match="no_such_field"):
        _ = row.no_such_field


def test_a_missing_record_and_a_stale_edit_are_refused(ctx: AppContext) -> None:
    street = build_street(ctx)
    service = SimpleRecords(ctx, KIND)
    row = service.add(street.members["张伟"], POST)
    with pytest.raises(NotFoundError, match="找不到编号为 9999 的党员示范岗"):
        service.get(9999)
    service.update(row.id, row.version, street.members["张伟"], {**POST, "note": "第一次"})
    with pytest.raises(StaleEditError, match="已被他人修改"):
        service.update(row.id, row.version, street.members["张伟"], {**POST, "note": "第二次"})
    service.delete(row.id)
    with pytest.raises(NotFoundError, match="找不到编号为"):
        service.update(row.id, row.version + 1, street.members["张伟"], POST)
    assert service.rows() == []


def test_a_second_post_of_the_same_name_is_refused(ctx: AppContext) -> None:
    street = build_street(ctx)
    service = SimpleRecords(ctx, KIND)
    service.add(street.members["张伟"], POST)
    with pytest.raises(ValidationError, match="该党员已有“便民服务岗”这一党员示范岗"):
        service.add(street.members["张伟"], {**POST, "note": "重复"})


def test_a_hook_the_kind_lacks_is_named() -> None:
    assert KIND.batch_rules is None
    with pytest.raises(LookupError, match="member-posts has no batch_rules"):
        KIND.hook("batch_rules")
