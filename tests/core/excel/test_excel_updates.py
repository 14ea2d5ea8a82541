"""Re-importing updates existing records: only the sheet's columns, remembered for undo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from brandoffice.cli.main import main
from brandoffice.errors import ImportRejected
from brandoffice.excel import import_kind, undo_last_import
from brandoffice.listing import list_kind
from brandoffice.paths import backup_dir
from brandoffice.services.brands import BrandService
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberDraft, MemberService
from tests.core.excel.conftest import Street
from tests.core.excel.excel_helpers import TASKS_HEADER, id_number, write_xlsx


def test_absent_columns_are_left_alone(ctx: AppContext, street: Street, tmp_path: Path) -> None:
    members = MemberService(ctx)
    member = members.create(
        MemberDraft(
            org_id=street.happy,
            name="陈晓红",
            category="在职党员",
            id_number=id_number(124),
            phone="13812345678",
            join_date=dt.date(2010, 7, 1),
            note="支部委员",
        )
    )
    path = write_xlsx(
        tmp_path / "m.xlsx",
        ["身份证号", "姓名", "所属组织", "党员类别"],
        [
            [id_number(124), "陈晓红", "幸福驿站社区党委", "流动党员"],
        ],
    )
    summary = import_kind(ctx, "members", path)
    assert (summary.inserted, summary.updated) == (0, 1)
    after = members.get(member.id)
    assert after.category == "流动党员"
    assert (after.phone, after.join_date, after.note) == (
        "13812345678",
        dt.date(2010, 7, 1),
        "支部委员",
    )
    assert after.version == member.version + 1


def test_a_member_without_id_is_found_by_name_and_unit(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    members = MemberService(ctx)
    member = members.create(
        MemberDraft(org_id=street.peace_branch, name="张伟", category="离退休党员")
    )
    path = write_xlsx(
        tmp_path / "m.xlsx",
        ["姓名", "所属组织", "党员类别", "身份证号"],
        [
            ["张伟", "和平社区党委/第一党支部", "离退休党员", id_number(133)],
        ],
    )
    summary = import_kind(ctx, "members", path)
    assert (summary.inserted, summary.updated) == (0, 1)
    assert members.get(member.id).id_number == id_number(133)
    assert members.get(member.id).gender == "男"


def test_import_is_audited_and_backed_up_first(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "m.xlsx",
        ["姓名", "所属组织", "党员类别"],
        [["王芳", "幸福驿站社区党委", "在职党员"]],
    )
    summary = import_kind(ctx, "members", path)
    entry = list_kind(ctx, "audit")[-1]
    assert (entry["action"], entry["object_type"], entry["object_name"]) == (
        "导入",
        "党员",
        "m.xlsx",
    )
    assert entry["detail"] == str(summary)
    assert ctx.db.path is not None
    assert list(backup_dir(ctx.db.path).glob("*before-import*"))
    batch = list_kind(ctx, "imports")[-1]
    assert (batch["kind"], batch["inserted"], batch["filename"]) == ("members", 1, str(path))


def test_brand_and_task_changes_are_undone_with_dates_and_children(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    brands = write_xlsx(
        tmp_path / "b.xlsx",
        ["品牌名称", "所属组织", "创建年度", "创建载体", "服务内容"],
        [
            [
                "幸福驿站",
                "幸福驿站社区党委",
                2026,
                "红色议事厅：议事\n幸福热线",
                "为民服务；纠纷调解",
            ],
        ],
    )
    import_kind(ctx, "brands", brands)
    tasks = write_xlsx(
        tmp_path / "t.xlsx",
        [*TASKS_HEADER, "适用范围", "领域/类别"],
        [
            [
                "2026年创建活动",
                2026,
                "动员部署",
                dt.date(2026, 3, 1),
                dt.date(2026, 5, 31),
                "结对共建",
                dt.date(2026, 3, 31),
                "指定单位",
                "和平社区党委、幸福驿站社区党委",
            ],
        ],
    )
    import_kind(ctx, "tasks", tasks)
    service = BrandService(ctx)
    brand = service.by_name("幸福驿站")
    assert [c.name for c in service.carriers(brand.id)] == ["红色议事厅", "幸福热线"]
    assert brand.service_items == ["为民服务", "纠纷调解"]

    changed = write_xlsx(
        tmp_path / "t2.xlsx",
        ["创建活动", "阶段", "阶段结束", "任务", "截止日期", "适用范围", "领域/类别"],
        [
            [
                "2026年创建活动",
                "动员部署",
                dt.date(2026, 6, 15),
                "结对共建",
                "2026年4月30日",
                "指定单位",
                "和平社区党委",
            ],
        ],
    )
    summary = import_kind(ctx, "tasks", changed)
    assert (summary.inserted, summary.updated) == (0, 2)  # the task and its phase
    campaigns = CampaignService(ctx)
    assert campaigns.tasks()[0].due_on == dt.date(2026, 4, 30)
    undo_last_import(ctx)
    assert campaigns.tasks()[0].due_on == dt.date(2026, 3, 31)
    assert campaigns.phases(campaigns.campaigns()[0].id)[0].end_on == dt.date(2026, 5, 31)
    targets = list_kind(ctx, "progress")
    assert len(targets) == 2

    named = write_xlsx(
        tmp_path / "b1.xlsx",
        ["品牌名称", "所属组织", "创建年度", "创建载体", "状态", "命名级别"],
        [
            ["幸福驿站", "幸福驿站社区党委", 2026, "幸福热线", "命名", "街道级"],
        ],
    )
    with pytest.raises(ImportRejected) as info:  # the life cycle is not imported
        import_kind(ctx, "brands", named)
    assert [(p.row, p.column) for p in info.value.problems] == [(2, "状态"), (2, "命名级别")]
    assert info.value.problems[0].reason.startswith("状态不能通过导入修改（现为“培育”）")
    assert "“品牌登记”" in info.value.problems[0].reason
    assert "办理下一步" in info.value.problems[0].reason
    assert service.by_name("幸福驿站").status == "培育"
    renamed = write_xlsx(
        tmp_path / "b2.xlsx",
        ["品牌名称", "所属组织", "创建年度", "创建载体", "状态", "命名级别"],
        [
            ["幸福驿站", "幸福驿站社区党委", 2026, "幸福热线", "培育", None],
        ],
    )
    import_kind(ctx, "brands", renamed)  # the same status as stored is fine
    assert service.by_name("幸福驿站").status == "培育"
    assert [c.name for c in service.carriers(brand.id)] == ["幸福热线"]
    assert [h.to_status for h in service.history(brand.id)] == ["培育"]
    undo_last_import(ctx)
    restored = service.by_name("幸福驿站")
    assert (restored.status, restored.level) == ("培育", None)
    assert [c.name for c in service.carriers(brand.id)] == ["红色议事厅", "幸福热线"]


def test_a_column_with_data_but_no_header(ctx: AppContext, street: Street, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "m.xlsx",
        ["姓名", "所属组织", "党员类别", None],
        [["王芳", "幸福驿站社区党委", "在职党员", "13812345678"]],
    )
    with pytest.raises(ImportRejected) as info:
        import_kind(ctx, "members", path)
    assert [(p.row, p.column, p.value) for p in info.value.problems] == [(1, "表头", "D列")]


def test_through_the_command_line(
    ctx: AppContext, street: Street, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(ctx.db.path)
    template = tmp_path / "orgs.xlsx"
    assert main(["--db", db, "template", "orgs", str(template)]) == 0
    assert main(["--db", db, "import", "orgs", str(template)]) == 2
    assert "示例行" in capsys.readouterr().err
    exported = tmp_path / "export.xlsx"
    assert main(["--db", db, "export", "orgs", str(exported)]) == 0
    assert "已导出 5 条" in capsys.readouterr().out
    assert main(["--db", db, "import", "orgs", str(exported)]) == 0
    assert "未作改动" in capsys.readouterr().out
    assert main(["--db", db, "import", "--undo-last"]) == 2
    assert "没有可以撤销的导入" in capsys.readouterr().err


def test_an_id_number_of_someone_else_is_refused(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    MemberService(ctx).create(
        MemberDraft(
            org_id=street.happy, name="陈晓红", category="在职党员", id_number=id_number(124)
        )
    )
    path = write_xlsx(
        tmp_path / "m.xlsx",
        ["姓名", "所属组织", "党员类别", "身份证号"],
        [["王芳", "幸福驿站社区党委", "在职党员", id_number(124)]],
    )
    with pytest.raises(ImportRejected) as info:
        import_kind(ctx, "members", path)
    problem = info.value.problems[0]
    assert (problem.row, problem.column) == (2, "身份证号")
    assert problem.reason.endswith("已登记在党员“陈晓红”名下，与本行姓名不符")
    assert "********" in problem.reason
