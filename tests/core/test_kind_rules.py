"""Each kind's rules exist once: the window's service call and the Excel import refuse alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from brandoffice.errors import ImportRejected, ValidationError
from brandoffice.excel import import_kind
from brandoffice.excel.rowcheck import SERVICE_FIELDS
from brandoffice.kinds import KINDS, RecordKind
from brandoffice.kinds.simple_service import SimpleRecords
from brandoffice.listing import list_kind
from brandoffice.services.benchmarking import BenchmarkDraft, BenchmarkService
from brandoffice.services.commendations import CommendationService, HonourDraft
from brandoffice.services.commitments import CommitmentDraft, CommitmentService
from brandoffice.services.context import AppContext
from brandoffice.services.evaluation import EvaluationService
from brandoffice.services.funds import DuplicateEntryError, FundDraft, FundService
from brandoffice.services.grades import GradeService
from brandoffice.services.models_deeds import DeedDraft, ModelService
from brandoffice.services.party_spirit import PartySpiritService
from brandoffice.services.secretary_reviews import SecretaryReviewService
from brandoffice.services.training import TrainingDraft, TrainingService
from tests.core.excel.excel_helpers import write_xlsx
from tests.core.services.records_fixtures import CAMPAIGN, Street, build_street

XF = "幸福街道党工委/幸福驿站社区党委"
LATER = dt.date(2026, 6, 1)
"""After the test clock's today (2026-05-20)."""


@dataclass(frozen=True)
class Case:
    """A bad record: the window's service call and the same record as a sheet row."""

    call: Callable[[AppContext, Street], Any]
    header: list[str]
    row: list[object]


CASES: dict[str, Case] = {
    "evaluation": Case(
        lambda c, s: EvaluationService(c).set_scores(
            1, s.members["张伟"], "自评", {"带头学习提高": 90}, evaluator_count=3
        ),
        ["创建活动", "姓名", "所属组织", "评议项目", "评分来源", "分数", "参评人数"],
        [CAMPAIGN, "张伟", XF, "带头学习提高", "自评", 90, 3],
    ),
    "spirit-reports": Case(
        lambda c, s: PartySpiritService(c).record(s.members["张伟"], 2026, submitted_on=LATER),
        ["姓名", "所属组织", "年度", "是否提交", "提交日期"],
        ["张伟", XF, 2026, "是", LATER],
    ),
    "commitments": Case(
        lambda c, s: CommitmentService(c).create(
            CommitmentDraft("入户走访20次", LATER, member_id=s.members["张伟"])
        ),
        ["党员姓名", "所属组织", "承诺内容", "承诺日期"],
        ["张伟", XF, "入户走访20次", LATER],
    ),
    "secretary-reviews": Case(
        lambda c, s: SecretaryReviewService(c).create(s.xingfu, 2026, reported_on=LATER),
        ["单位", "年度", "述职日期"],
        [XF, 2026, LATER],
    ),
    "deeds": Case(
        lambda c, s: ModelService(c).create_deed(DeedDraft("红管家", LATER, org_id=s.xingfu)),
        ["事迹标题", "所属组织", "事迹日期"],
        ["红管家", XF, LATER],
    ),
    "funds": Case(
        lambda c, s: FundService(c).add(
            FundDraft("申请", "100", "阵地", LATER, org_id=s.guangming)
        ),
        ["品牌", "示范点", "经费类别", "金额（元）", "经费项目", "日期"],
        [None, "光明社区党委", "申请", 100, "阵地", LATER],
    ),
    "training": Case(
        lambda c, s: TrainingService(c).create(
            TrainingDraft(s.xingfu, dt.date(2026, 5, 1), "社区级", "业务培训", 30)
        ),
        ["举办单位", "培训日期", "培训级别", "培训主题", "学时"],
        [XF, dt.date(2026, 5, 1), "社区级", "业务培训", 30],
    ),
    "benchmarks": Case(
        lambda c, s: BenchmarkService(c).create(BenchmarkDraft(s.xingfu, 2026, s.dongfeng)),
        ["单位", "年度", "标杆单位"],
        [XF, 2026, "东风社区党委"],
    ),
    "grades": Case(
        lambda c, s: GradeService(c).record(s.xingfu, 2025, "先进", source="依" * 101),
        ["单位", "年度", "等次", "评定依据"],
        [XF, 2025, "先进", "依" * 101],
    ),
    "member-posts": Case(
        lambda c, s: SimpleRecords(c, next(k for k in KINDS if k.name == "member-posts")).add(
            s.members["张伟"], {"name": "便民服务岗", "set_up_on": LATER}
        ),
        ["姓名", "所属组织", "岗位名称", "设岗日期"],
        ["张伟", XF, "便民服务岗", LATER],
    ),
    "commendations": Case(
        lambda c, s: CommendationService(c).add(
            HonourDraft(
                2026,
                "优秀共产党员",
                member_id=s.members["张伟"],
                status="表彰",
                awarded_by="幸福街道党工委",
            )
        ),
        ["表彰类别", "年度", "党员姓名", "所属组织", "状态", "表彰机关"],
        ["优秀共产党员", 2026, "张伟", XF, "表彰", "幸福街道党工委"],
    ),
}


def _sheet_field(kind: RecordKind, field: str | None) -> str:
    names = {**SERVICE_FIELDS, **kind.rule_fields}
    return names.get(field or "", field or "")


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_kind_registers_rules_that_import(kind: RecordKind) -> None:
    assert kind.rules is not None, f"{kind.name} has no rules registered"
    assert callable(kind.hook("rules"))
    if kind.batch_rules is not None:
        assert callable(kind.hook("batch_rules"))


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_the_window_and_excel_refuse_a_bad_record_alike(
    ctx: AppContext, tmp_path: Path, kind: RecordKind
) -> None:
    assert kind.name in CASES, f"add a bad record of {kind.name} to CASES"
    case = CASES[kind.name]
    street = build_street(ctx)
    with pytest.raises(ValidationError) as refused:
        case.call(ctx, street)
    column = kind.spec.column(_sheet_field(kind, refused.value.field)).header
    path = write_xlsx(tmp_path / f"{kind.name}.xlsx", case.header, [case.row], sheet=kind.label)
    with pytest.raises(ImportRejected) as rejected:
        import_kind(ctx, kind.name, path)
    problems = [(p.row, p.column, p.reason) for p in rejected.value.problems]
    assert problems == [(2, column, str(refused.value))]
    assert list_kind(ctx, kind.name) == []


def test_a_fund_entry_equal_to_one_on_record_warns_first(ctx: AppContext) -> None:
    street = build_street(ctx)
    service = FundService(ctx)
    draft = FundDraft("申请", "1,000", "阵地改造", dt.date(2026, 5, 1), org_id=street.guangming)
    service.add(draft)
    with pytest.raises(DuplicateEntryError, match="已有一笔相同的经费记录") as warned:
        service.add(draft)
    assert warned.value.field == "item"
    assert len(service.entries()) == 1
    service.add(FundDraft("申请", "1,000.01", "阵地改造", draft.entry_on, org_id=street.guangming))
    service.add(draft, duplicate_ok=True)
    assert [e.amount for e in service.entries()] == ["1000.00", "1000.01", "1000.00"]
