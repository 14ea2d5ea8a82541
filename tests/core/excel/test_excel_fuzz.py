"""Random cells never raise anything but ImportRejected or KnownError, nor half-change the DB."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from brandoffice.errors import ImportRejected, KnownError
from brandoffice.excel import EXCEL_KINDS, import_kind
from brandoffice.excel.columns import SPECS
from brandoffice.services.context import AppContext
from tests.core.excel.conftest import Street
from tests.core.excel.excel_helpers import id_number, snapshot, write_xlsx

PLAUSIBLE = [
    "幸福街道党工委",
    "幸福驿站社区党委",
    "幸福驿站社区党委/第一党支部",
    "第一党支部",
    "党委",
    "党支部",
    "村社区",
    "基层单位",
    "社区",
    "在职党员",
    "女",
    "男",
    "是",
    "否",
    "已完成",
    "进行中",
    "全部",
    "按领域",
    "指定单位",
    "文件",
    "命名",
    "街道级",
    "2026年创建活动",
    "动员部署",
    "成立领导小组",
    "幸福驿站",
    "红色议事厅：议事",
    "党员示范岗、佩戴党徽",
    "2023-5-1",
    "2023年5月1日",
    "20230501",
    "13812345678",
    "0571-88001234",
    id_number(124),
    id_number(125),
    "330106********124X",
    "=SUM(A1:A2)",
    "  ",
    "\n",
    "/",
    "幸福/街道",
]
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20) | st.text(
    max_size=3, alphabet="、；;，\n /*"
)

# Hypothesis runs each test on 30 sheets; the database fixtures are shared across them.
THIRTY_EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

CELL = st.one_of(
    st.none(),
    st.sampled_from(PLAUSIBLE),
    TEXT,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2300, 12, 31)),
)


@st.composite
def sheets(draw: st.DrawFn) -> tuple[str, list[str], list[list[Any]]]:
    kind = draw(st.sampled_from(list(EXCEL_KINDS)))
    spec = SPECS[kind]
    required = [c.header for c in spec.columns if c.required]
    optional = [c.header for c in spec.columns if not c.required]
    header = required + draw(st.lists(st.sampled_from(optional), unique=True, max_size=6))
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    rows = draw(
        st.lists(st.lists(CELL, min_size=len(header), max_size=len(header)), min_size=1, max_size=4)
    )
    return kind, header, rows


@THIRTY_EXAMPLES
@given(sheet=sheets())
def test_random_cells(
    ctx: AppContext, street: Street, tmp_path: Path, sheet: tuple[str, list[str], list[list[Any]]]
) -> None:
    kind, header, rows = sheet
    path = write_xlsx(tmp_path / "random.xlsx", header, rows, sheet=SPECS[kind].label)
    before = snapshot(ctx)
    try:
        import_kind(ctx, kind, path)
        event(f"{kind} imported")
    except (ImportRejected, KnownError) as exc:
        event(f"{kind} {type(exc).__name__}")
        assert str(exc)
        if isinstance(exc, ImportRejected):
            assert exc.problems and all(p.row >= 1 and p.column and p.reason for p in exc.problems)
        assert snapshot(ctx) == before


ORG_HEADER = [
    "组织名称",
    "上级组织",
    "组织类别",
    "组织层级",
    "领域",
    "联系电话",
    "党员人数",
    "示范点",
    "成立日期",
    "任期开始",
    "任期结束",
    "备注",
]


@st.composite
def org_rows(draw: st.DrawFn) -> list[list[Any]]:
    names = draw(
        st.lists(
            st.text(alphabet="幸福和平阳光社区党委支部第一二三", min_size=1, max_size=8),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    rows = []
    for name in names:
        rows.append(
            [
                name,
                draw(st.sampled_from([None, "幸福街道党工委", "幸福驿站社区党委", *names])),
                draw(st.sampled_from(["党委", "党支部", "党总支"])),
                draw(st.sampled_from(["村社区", "基层单位"])),
                *(draw(CELL) for _ in range(len(ORG_HEADER) - 4)),
            ]
        )
    return rows


@THIRTY_EXAMPLES
@given(rows=org_rows())
def test_nearly_valid_units_import_whole_or_not_at_all(
    ctx: AppContext, street: Street, tmp_path: Path, rows: list[list[Any]]
) -> None:
    path = write_xlsx(tmp_path / "orgs.xlsx", ORG_HEADER, rows, sheet="组织")
    before = snapshot(ctx)
    try:
        summary = import_kind(ctx, "orgs", path)
    except (ImportRejected, KnownError):
        event("rejected")
        assert snapshot(ctx) == before
        return
    event("imported")
    assert summary.inserted + summary.updated <= len(rows)
    again = import_kind(ctx, "orgs", path)
    assert (again.inserted, again.updated) == (0, 0)
