"""One set of member rules: a bad member gets the same field and message from the form's
service call and from an Excel import (each field is checked once, by the service's rule)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from brandoffice.errors import ImportRejected, ValidationError
from brandoffice.excel import import_kind
from brandoffice.excel.columns import spec_for
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.core.excel.excel_helpers import id_number, write_xlsx

UNIT = "幸福街道党工委"
FEMALE_ID = id_number(124)  # sequence 124: an even digit, a woman
GOOD: dict[str, Any] = {
    "name": "陈晓红",
    "category": "在职党员",
    "gender": "女",
    "id_number": FEMALE_ID,
    "phone": "13812345678",
    "join_date": dt.date(2010, 7, 1),
    "posts": ["党员示范岗"],
    "note": "备注",
}
BAD = [
    ("name", ""),
    ("name", "陈" * 51),
    ("id_number", FEMALE_ID[:17] + ("0" if FEMALE_ID[17] != "0" else "1")),
    ("id_number", "12345"),
    ("id_number", "330106203001011234"),
    ("gender", "未知"),
    ("gender", "男"),  # the ID number says 女: a rule across fields
    ("category", "普通党员"),
    ("phone", "12345"),
    ("posts", ["佩戴党章"]),
    ("note", "备" * 2001),
    ("join_date", dt.date(2030, 1, 1)),  # after the test clock's today
]


@pytest.mark.parametrize(("field", "value"), BAD, ids=[f"{f}-{i}" for i, (f, _v) in enumerate(BAD)])
def test_a_bad_member_reads_the_same_in_the_form_and_in_excel(
    ctx: AppContext, tmp_path: Path, field: str, value: Any
) -> None:
    unit = OrgService(ctx).create(OrgDraft(name=UNIT, kind="党工委", level="街道乡镇"))
    values = {**GOOD, field: value}
    with pytest.raises(ValidationError) as form:
        MemberService(ctx).create(MemberDraft(org_id=unit.id, **values))
    columns = {c.field: c.header for c in spec_for("members").columns}
    cells = {**values, "org": UNIT, "posts": "、".join(values["posts"])}
    header = [columns[f] for f in cells]
    path = write_xlsx(tmp_path / "members.xlsx", header, [list(cells.values())])
    with pytest.raises(ImportRejected) as sheet:
        import_kind(ctx, "members", path)
    [problem] = sheet.value.problems
    assert (problem.column, problem.reason) == (columns[form.value.field], str(form.value))
