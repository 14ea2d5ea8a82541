"""Undo the last campaign-record import: deleted, restored (child lists too), or refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from brandoffice.errors import KnownError
from brandoffice.excel import export_kind, import_kind, undo_last_import
from brandoffice.excel.columns import SPECS
from brandoffice.model import Base
from brandoffice.paths import backup_dir
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.commitments import CommitmentService
from brandoffice.services.context import AppContext
from brandoffice.services.evaluation import EvaluationService
from brandoffice.services.grades import GradeService
from brandoffice.services.models_deeds import ModelService
from brandoffice.services.orgs import OrgService
from brandoffice.services.party_spirit import PartySpiritService
from tests.core.excel.excel_helpers import write_xlsx
from tests.core.excel.records_data import RECORD_KINDS, Records, sheet_rows

VOLATILE = {"version", "updated_at"}
SKIPPED = {"audit_log", "import_batches"}
XF = "幸福街道党工委/幸福驿站社区党委"

EDITS: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = {
    "evaluation": ({"姓名": "张伟"}, {"分数": 77}, {"姓名": "陈静", "所属组织": "东风社区党委"}),
    "spirit-reports": (
        {"姓名": "张伟"},
        {"审阅意见": "已阅"},
        {"姓名": "孙丽", "所属组织": "光明社区党委"},
    ),
    "commitments": ({"党员姓名": "赵磊"}, {"岗位职责": "楼栋长"}, {"承诺内容": "新承诺"}),
    "secretary-reviews": (
        {"评议等次": "好"},
        {"评议问题": "流动党员联系不够经常\n新问题", "备注": "改"},
        {"年度": 2024},
    ),
    "deeds": ({"党员姓名": "孙丽"}, {"事迹简介": "改写"}, {"事迹标题": "新事迹"}),
    "funds": (
        {"经费项目": "宣传展板"},
        {"备注": "发票已交"},
        {"经费项目": "新项目", "金额（元）": 1},
    ),
    "training": ({"培训主题": "网格党员服务"}, {"出席党员": "李娜、王芳"}, {"培训主题": "新培训"}),
    "benchmarks": ({"年度": 2026}, {"找差距": "改"}, {"年度": 2025}),
    "grades": (
        {"年度": 2025, "单位": "幸福街道党工委/东风社区党委"},
        {"等次": "先进"},
        {"年度": 2023},
    ),
}
"""Per kind: the exported row to edit (by cells), the edit, and a copy made new by these cells."""


def tables(ctx: AppContext) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table but the log and the batches, without what each save changes."""
    out = {}
    with ctx.db.read() as s:
        for table in Base.metadata.sorted_tables:
            if table.name in SKIPPED:
                continue
            rows = s.execute(select(table).order_by(*table.primary_key.columns))
            out[table.name] = [
                {k: v for k, v in r._mapping.items() if k not in VOLATILE} for r in rows
            ]
    return out


def edited_export(ctx: AppContext, kind: str, path: Path) -> Path:
    """Export a kind, change one row and add one, the way a clerk would in Excel."""
    export_kind(ctx, kind, path, reveal=True)
    where, change, new = EDITS[kind]
    rows = sheet_rows(path, kind)
    target = next(r for r in rows if all(str(r[k]).endswith(str(v)) for k, v in where.items()))
    added = {**target, **new}
    target.update(change)
    header = list(rows[0])
    return write_xlsx(
        path, header, [[r[h] for h in header] for r in [*rows, added]], sheet=SPECS[kind].label
    )


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_undo_deletes_added_and_restores_changed_records(
    filled: tuple[AppContext, Records], kind: str, tmp_path: Path
) -> None:
    ctx, _ = filled
    before = tables(ctx)
    path = edited_export(ctx, kind, tmp_path / f"{kind}.xlsx")
    summary = import_kind(ctx, kind, path)
    assert (summary.inserted, summary.updated) == (1, 1)
    assert tables(ctx) != before
    assert list(backup_dir(ctx.db.path).glob("*before-import*"))  # type: ignore[arg-type]
    undone = undo_last_import(ctx)
    assert (undone.inserted, undone.updated, undone.batch_id) == (1, 1, summary.batch_id)
    assert tables(ctx) == before
    with pytest.raises(KnownError, match="没有可以撤销的导入"):
        undo_last_import(ctx)


def test_grades_import_moves_the_current_grade_and_undo_moves_it_back(
    filled: tuple[AppContext, Records], tmp_path: Path
) -> None:
    ctx, records = filled
    orgs = OrgService(ctx)
    assert orgs.get(records.street.dongfeng).grade == "中间"
    summary = import_kind(ctx, "grades", edited_export(ctx, "grades", tmp_path / "g.xlsx"))
    assert str(summary).endswith(f"同步组织当前等次 1 个（批次 {summary.batch_id}）")
    assert orgs.get(records.street.dongfeng).grade == "先进"
    undo_last_import(ctx)
    assert orgs.get(records.street.dongfeng).grade == "中间"


def refused(ctx: AppContext, reason: str) -> None:
    before = tables(ctx)
    with pytest.raises(KnownError) as info:
        undo_last_import(ctx)
    assert reason in str(info.value)
    assert tables(ctx) == before


def test_undo_refused_once_a_new_deed_has_materials(
    filled: tuple[AppContext, Records], tmp_path: Path
) -> None:
    ctx, _ = filled
    import_kind(ctx, "deeds", edited_export(ctx, "deeds", tmp_path / "deeds.xlsx"))
    deed = next(d for d in ModelService(ctx).deeds() if d.title == "新事迹")
    ModelService(ctx).add_material(deed.id, "照片.txt", b"photo")
    refused(ctx, "新增的先进典型添加了事迹材料（1 条）")


def test_undo_refused_once_a_new_evaluation_got_other_scores(
    filled: tuple[AppContext, Records], tmp_path: Path
) -> None:
    ctx, records = filled
    CampaignService(ctx).create_campaign("2027年创建活动", 2027)
    path = write_xlsx(
        tmp_path / "e.xlsx",
        ["创建活动", "姓名", "所属组织", "评议项目", "评分来源", "分数"],
        [["2027年创建活动", "张伟", XF, "带头学习提高", "自评", 90]],
        sheet="党员评议",
    )
    summary = import_kind(ctx, "evaluation", path)
    assert "新建党员评议 1 项" in str(summary)
    plan = next(p for p in EvaluationService(ctx).plans() if p.year == 2027)
    EvaluationService(ctx).set_scores(
        plan.id, records.members["王芳"], "自评", {"带头学习提高": 80}
    )
    refused(ctx, "新建的党员评议又登记了评分（1 条）")


def test_undo_refused_once_an_added_record_was_edited(
    filled: tuple[AppContext, Records], tmp_path: Path
) -> None:
    ctx, _ = filled
    path = edited_export(ctx, "commitments", tmp_path / "c.xlsx")
    import_kind(ctx, "commitments", path)
    service = CommitmentService(ctx)
    row = next(c for c in service.commitments() if c.content == "新承诺")
    service.check(row.id, row.version, "已兑现")
    refused(ctx, "导入新增的公开承诺后来又被修改（1 条）")


def test_undo_refused_once_an_updated_record_was_edited(
    filled: tuple[AppContext, Records], tmp_path: Path
) -> None:
    ctx, records = filled
    import_kind(ctx, "spirit-reports", edited_export(ctx, "spirit-reports", tmp_path / "s.xlsx"))
    service = PartySpiritService(ctx)
    report = service.reports(2026, member_id=records.members["张伟"])[0]
    service.review(report.id, report.version, "幸福书记", "再次审阅")
    refused(ctx, "导入时更新的 1 条记录后来又被修改或删除")


def test_undo_of_units_refused_once_they_have_records(
    filled: tuple[AppContext, Records], tmp_path: Path
) -> None:
    ctx, _ = filled
    path = write_xlsx(
        tmp_path / "orgs.xlsx",
        ["组织名称", "上级组织", "组织类别", "组织层级"],
        [["阳光社区党委", "幸福街道党工委", "党委", "村社区"]],
    )
    import_kind(ctx, "orgs", path)
    GradeService(ctx).record(OrgService(ctx).find("阳光社区党委").id, 2025, "中间")
    refused(ctx, "新增的组织有了评定等次记录（1 条）")
