"""A file with bad rows is refused whole, one line per bad cell, the database unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from brandoffice.errors import CellProblem, ImportRejected
from brandoffice.excel import import_kind
from brandoffice.services.context import AppContext
from tests.core.excel.conftest import Street
from tests.core.excel.excel_helpers import (
    LEADING_GROUP_TASK,
    TASKS_HEADER,
    id_number,
    snapshot,
    write_tasks,
    write_xlsx,
)


def rejected(ctx: AppContext, kind: str, path: Path) -> list[tuple[int, str, str]]:
    """Import a file that must be refused; return (row, column, reason) and check the DB."""
    problems = rejected_problems(ctx, kind, path)
    return [(p.row, p.column, p.reason) for p in problems]


def rejected_problems(ctx: AppContext, kind: str, path: Path) -> list[CellProblem]:
    before = snapshot(ctx)
    with pytest.raises(ImportRejected) as info:
        import_kind(ctx, kind, path)
    assert snapshot(ctx) == before
    assert str(info.value).endswith("数据库未作任何改动")
    return info.value.problems


def cells(problems: list[tuple[int, str, str]]) -> list[tuple[int, str]]:
    return [(row, column) for row, column, _reason in problems]


def test_bad_organisation_rows(ctx: AppContext, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "orgs.xlsx",
        ["组织名称", "上级组织", "组织类别", "组织层级", "成立日期"],
        [
            ["幸福街道党工委", None, "党工委", "街道乡镇", None],
            ["幸福驿站社区党委", "幸福街道党工委", "党委", "村社区", "2003-6-18"],
            ["阳光社区党委", "不存在的街道党工委", "党委", "村社区", None],
            ["和平社区党委", "幸福街道党工委", "党委", "村社区", "2023-2-30"],
            ["第二党支部", "幸福驿站社区党委", "党小组", "基层单位", None],
            ["第三党支部", "和平社区党委", "党支部", "基层单位", None],
            ["幸福驿站社区党委", "幸福街道党工委", "党委", "村社区", None],
            ["第四/党支部", "幸福驿站社区党委", "党支部", "基层单位", None],
        ],
    )
    problems = rejected(ctx, "orgs", path)
    assert cells(problems) == [
        (4, "上级组织"),
        (5, "成立日期"),
        (6, "组织类别"),
        (8, "组织名称"),
        (9, "组织名称"),
    ]
    reasons = [r for _row, _col, r in problems]
    assert "找不到上级组织“不存在的街道党工委”" in reasons[0]
    assert reasons[1] == "日期“2023-2-30”不存在"
    assert reasons[2].startswith("组织类别“党小组”无效，可选：党委、党工委")
    assert reasons[3] == "与第 3 行重复：同一上级下已有“幸福驿站社区党委”"
    assert "“/”" in reasons[4]


def test_a_parent_of_separators_only_is_refused(ctx: AppContext, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "orgs.xlsx",
        ["组织名称", "上级组织", "组织类别", "组织层级"],
        [["幸福街道党工委", " / ／", "党工委", "街道乡镇"]],
    )
    assert rejected(ctx, "orgs", path) == [
        (2, "上级组织", "上级组织只有分隔符“/”，请填写组织名称或路径")
    ]


def test_bad_member_rows(ctx: AppContext, street: Street, tmp_path: Path) -> None:
    good = id_number(124)
    wrong_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    path = write_xlsx(
        tmp_path / "members.xlsx",
        ["姓名", "所属组织", "党员类别", "身份证号", "入党日期", "性别"],
        [
            ["陈晓红", "幸福驿站社区党委/第一党支部", "在职党员", good, "2010-7-1", None],
            ["刘强", "幸福驿站社区党委", "在职党员", wrong_check, None, None],
            ["王芳", "幸福驿站社区党委", "预备党员", None, None, None],
            ["赵军", "和平社区党委", "在职党员", None, "2010-13-01", None],
            ["孙丽", "幸福驿站社区党委", "在职党员", good, None, None],
            ["周涛", "第一党支部", "在职党员", None, None, None],
            ["吴静", "不存在社区党委", "在职党员", None, None, None],
            ["钱伟", "幸福驿站社区党委", "在职党员", None, dt.date(2030, 1, 1), None],
            ["何平", "幸福驿站社区党委", "在职党员", id_number(125), None, "女"],
            ["郑明", "幸福驿站社区党委", "在职党员", 330106198503121250, None, None],
        ],
        sheet="党员",
    )
    problems = rejected(ctx, "members", path)
    assert cells(problems) == [
        (3, "身份证号"),
        (4, "党员类别"),
        (5, "入党日期"),
        (6, "身份证号"),
        (7, "所属组织"),
        (8, "所属组织"),
        (9, "入党日期"),
        (10, "性别"),
        (11, "身份证号"),
    ]
    reasons = {(row, col): r for row, col, r in problems}
    assert reasons[(3, "身份证号")].startswith("身份证号校验位错误（应为")
    assert reasons[(6, "身份证号")] == "与第 2 行的身份证号重复"
    assert reasons[(7, "所属组织")].startswith("有多个名为“第一党支部”的组织，请写出上级路径")
    assert reasons[(8, "所属组织")] == "找不到组织“不存在社区党委”"
    assert reasons[(9, "入党日期")] == "入党日期不能晚于今天"
    assert reasons[(10, "性别")] == "性别“女”与身份证号不符"
    assert "文本" in reasons[(11, "身份证号")]


def test_bad_brand_rows(ctx: AppContext, street: Street, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "brands.xlsx",
        ["品牌名称", "所属组织", "创建年度", "状态", "命名级别", "命名日期"],
        [
            ["幸福驿站", "幸福驿站社区党委", 2026, None, None, None],
            ["和平家园红色先锋岗", "和平社区党委", 2026, None, None, None],
            ["“幸福驿站”", "和平社区党委", 2026, None, None, None],
            ["和睦之家", "和平社区党委", "二〇二六", None, None, None],
            ["邻里守望", "和平社区党委", 2026, "命名", None, None],
            ["红色港湾", "和平社区党委", 2026, "培育", None, "2026/2/30"],
            ["暖心小屋", "阳光社区党委", 2026, None, None, None],
        ],
    )
    problems = rejected(ctx, "brands", path)
    assert cells(problems) == [
        (3, "品牌名称"),
        (4, "品牌名称"),
        (5, "创建年度"),
        (6, "状态"),
        (7, "命名日期"),
        (8, "所属组织"),
    ]
    reasons = [r for _row, _col, r in problems]
    assert reasons[0] == "品牌名称应为4–8个字，“和平家园红色先锋岗”有9个字"
    assert reasons[1] == "与第 2 行的品牌名称重复"
    assert reasons[3].startswith("新品牌只能以“培育”状态导入，状态请在“品牌登记”")


def test_header_problems(ctx: AppContext, street: Street, tmp_path: Path) -> None:
    """Extra columns are read past; a near-miss of a column name and a missing 姓名 are refused."""
    path = write_xlsx(
        tmp_path / "members.xlsx",
        ["序号", "民族", "所属组织", "爱好", "鞋码", "身分证号"],
        [[1, "汉族", "幸福驿站社区党委", "书法", "40", "110101199003071234"]],
    )
    problems = rejected_problems(ctx, "members", path)
    assert [(p.row, p.column, p.value) for p in problems] == [
        (1, "表头", "身分证号（是否应为“身份证号”？）"),
        (1, "姓名", ""),
    ]
    assert problems[0].reason.startswith("列名与模板中的列相近但不一致")
    assert problems[1].reason == "缺少必填列“姓名”"
    assert str(problems[1]) == "第1行 [姓名] “”：缺少必填列“姓名”"


def test_a_column_with_data_but_no_name_is_named_by_its_letter(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "members.xlsx",
        ["姓名", "所属组织", None, "党员类别"],
        [["李秀英", "幸福驿站社区党委", "13812345678", "在职党员"]],
    )
    problems = rejected_problems(ctx, "members", path)
    assert [(p.row, p.column, p.value, p.reason) for p in problems] == [
        (1, "表头", "C列", "这一列有数据但没有列名；请填写列名或删除该列")
    ]


def test_extra_columns_are_ignored_and_named(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    """Columns the program does not keep import as nothing and are listed in the result."""
    path = write_xlsx(
        tmp_path / "members.xlsx",
        ["序号", "姓名", "所属组织", "爱好", "鞋码"],
        [[1, "李秀英", "幸福驿站社区党委", "书法", "40"]],
    )
    summary = import_kind(ctx, "members", path)
    assert summary.inserted == 1
    assert any("爱好、鞋码（本程序没有这一项，未导入）" in note for note in summary.notes)


def test_title_rows_aliases_and_any_column_order(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "members.xlsx",
        ["手机号", "身份证号码", "*党员类别", "所属党组织", "姓名"],
        [
            ["13812345678", id_number(124), "在职党员", "幸福驿站社区党委", "陈晓红"],
            [None, None, "在职党员", "和平社区党委", ""],
        ],
        above=[["幸福街道党员名册"], []],
    )
    problems = rejected(ctx, "members", path)
    assert cells(problems) == [(5, "姓名")]
    assert problems[0][2] == "姓名不能为空"


def test_duplicated_column(ctx: AppContext, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "orgs.xlsx",
        ["组织名称", "组织类别", "组织层级", "名称"],
        [["幸福街道党工委", "党工委", "街道乡镇", "x"]],
    )
    problems = rejected(ctx, "orgs", path)
    assert cells(problems) == [(1, "组织名称")]
    assert "第 1 列和第 4 列" in problems[0][2]


def test_bad_task_rows(ctx: AppContext, street: Street, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "tasks.xlsx",
        [*TASKS_HEADER, "适用范围", "领域/类别"],
        [
            [*LEADING_GROUP_TASK, None, None],
            ["2026年创建活动", 2025, "动员部署", None, None, "制定方案", "2026-4-15", None, None],
            [
                "2026年创建活动",
                None,
                "具体实施",
                None,
                None,
                "亮牌示范",
                "2026-6-30",
                "按领域",
                "社区、工厂",
            ],
            [
                "2026年创建活动",
                None,
                "具体实施",
                "2026-8-31",
                "2026-6-1",
                "结对共建",
                "2026-7-30",
                "指定单位",
                "阳光社区党委",
            ],
            ["2026年创建活动", None, "动员部署", None, None, "成立领导小组", None, None, None],
            [
                "2027年创建活动",
                None,
                "宣传",
                "2027-4-1",
                "2027-4-30",
                "宣传动员",
                None,
                "全部",
                "社区",
            ],
        ],
    )
    problems = rejected(ctx, "tasks", path)
    assert cells(problems) == [
        (3, "年度"),
        (4, "阶段开始"),
        (4, "领域/类别"),
        (5, "阶段结束"),
        (5, "领域/类别"),
        (6, "任务"),
        (7, "年度"),
        (7, "截止日期"),
    ]
    reasons = {(row, col): r for row, col, r in problems}
    assert reasons[(3, "年度")] == "与第 2 行的年度不一致"
    assert reasons[(4, "阶段开始")] == "新建阶段须填写阶段开始和阶段结束"
    assert reasons[(4, "领域/类别")].startswith("领域“工厂”无效")
    assert reasons[(5, "阶段结束")] == "阶段的结束日期早于开始日期"
    assert reasons[(5, "领域/类别")] == "找不到组织“阳光社区党委”"
    assert reasons[(6, "任务")] == "与第 2 行重复：同一阶段下已有这项任务"
    assert reasons[(7, "年度")] == "新建创建活动须填写年度"


def test_bad_progress_rows(ctx: AppContext, street: Street, tmp_path: Path) -> None:
    tasks = write_tasks(
        tmp_path / "tasks.xlsx",
        ["2026年创建活动", 2026, "具体实施", "2026-6-1", "2026-8-31", "成立领导小组", "2026-6-30"],
    )
    import_kind(ctx, "tasks", tasks)
    path = write_xlsx(
        tmp_path / "progress.xlsx",
        ["创建活动", "阶段", "任务", "单位", "完成情况", "完成日期", "数量"],
        [
            [
                "2026年创建活动",
                "动员部署",
                "成立领导小组",
                "幸福驿站社区党委",
                "已完成",
                "2026-3-20",
                1,
            ],
            ["2026年创建活动", None, "成立领导小组", "和平社区党委", "已完成", None, None],
            [
                "2026年创建活动",
                "动员部署",
                "成立领导小组",
                "和平社区党委",
                "进行中",
                "2026-3-20",
                -2,
            ],
            ["2025年创建活动", "动员部署", "成立领导小组", "和平社区党委", "已完成", None, None],
            ["2026年创建活动", "动员部署", "制定方案", "和平社区党委", "已完成", None, None],
            ["2026年创建活动", "动员部署", "成立领导小组", "幸福驿站社区党委", "完成", None, None],
            [
                "2026年创建活动",
                "动员部署",
                "成立领导小组",
                "幸福驿站社区党委",
                "未开始",
                None,
                None,
            ],
        ],
    )
    problems = rejected(ctx, "progress", path)
    assert cells(problems) == [
        (3, "任务"),
        (4, "完成日期"),
        (4, "数量"),
        (5, "创建活动"),
        (6, "任务"),
        (7, "单位"),
        (7, "完成情况"),
        (8, "单位"),
    ]
    reasons = {(row, col): r for row, col, r in problems}
    assert reasons[(3, "任务")] == "该活动有 2 项名为“成立领导小组”的任务，请填写阶段"
    assert reasons[(4, "完成日期")] == "只有“已完成”的任务才填写完成日期"
    assert reasons[(8, "单位")] == "与第 2 行重复：同一单位的同一项任务"
