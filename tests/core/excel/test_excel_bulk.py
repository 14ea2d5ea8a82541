"""50,000 members import in seconds, through Core executemany, not ORM objects."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from sqlalchemy import event

from brandoffice.excel import import_kind
from brandoffice.idcard import make_id_number
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberService
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.core.excel.excel_helpers import write_big_xlsx

ROWS = 50_000
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅志"
HEADER = ["姓名", "所属组织", "党员类别", "性别", "身份证号", "联系电话", "入党日期", "亮牌示范"]


def roster(units: list[str]) -> list[list[Any]]:
    pick = random.Random(7)
    rows = []
    for i in range(ROWS):
        born = dt.date(1950, 1, 1) + dt.timedelta(days=37 * (i // 1000))
        rows.append(
            [
                pick.choice(SURNAMES) + pick.choice(GIVEN) + pick.choice(GIVEN),
                pick.choice(units),
                pick.choice(("在职党员", "离退休党员", "流动党员")),
                None,
                make_id_number("330106", born, i),
                f"139{i:08d}",
                dt.date(1990, 1, 1) + dt.timedelta(days=pick.randrange(12000)),
                "党员示范岗" if i % 5 == 0 else None,
            ]
        )
    return rows


def test_fifty_thousand_members(ctx: AppContext, tmp_path: Path) -> None:
    orgs = OrgService(ctx)
    root = orgs.create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
    units = []
    for i in range(12):
        unit = orgs.create(
            OrgDraft(name=f"第{i + 1}社区党委", kind="党委", level="村社区", parent_id=root.id)
        )
        units.append(f"幸福街道党工委/{unit.name}")
    path = write_big_xlsx(tmp_path / "members.xlsx", "党员", HEADER, roster(units))

    statements: list[tuple[bool, int]] = []

    def seen(conn: Any, cursor: Any, sql: str, params: Any, context: Any, many: bool) -> None:
        if sql.startswith("INSERT INTO members"):
            statements.append((many, len(params) if many else 1))

    event.listen(ctx.db.engine, "before_cursor_execute", seen)
    calls: list[tuple[int, int]] = []
    summary = import_kind(ctx, "members", path, progress=lambda d, t: calls.append((d, t)))
    event.remove(ctx.db.engine, "before_cursor_execute", seen)

    assert (summary.inserted, summary.updated) == (ROWS, 0)
    assert MemberService(ctx).count() == ROWS
    assert sum(n for _many, n in statements) == ROWS
    assert all(many for many, _n in statements), "members go in with executemany"
    assert len(statements) <= 30
    assert calls[-1][0] == calls[-1][1] and [d for d, _t in calls] == sorted(d for d, _t in calls)
    # Its speed is measured against a floor by the benchmark (python -m tests.bench).
    first = MemberService(ctx).page(None, 0, 1)[0]
    assert first.gender in ("男", "女") and first.join_date is not None
