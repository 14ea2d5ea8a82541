"""Campaign records: export every kind, import into a fresh database, get the same rows back."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from brandoffice.app import open_context
from brandoffice.errors import ImportRejected
from brandoffice.excel import (
    EXCEL_KINDS,
    export_kind,
    import_kind,
    undo_last_import,
    write_template,
)
from brandoffice.listing import list_kind
from brandoffice.services.commitments import CommitmentService
from brandoffice.services.context import AppContext
from brandoffice.services.evaluation import EvaluationService
from brandoffice.services.funds import FundService
from brandoffice.services.grades import GradeService
from brandoffice.services.party_spirit import PartySpiritService
from brandoffice.services.secretary_reviews import SecretaryReviewService
from brandoffice.services.training import TrainingService
from tests.conftest import FakeClock
from tests.core.excel.excel_helpers import id_number
from tests.core.excel.records_data import (
    BASE_KINDS,
    RECORD_KINDS,
    Records,
    sheet_rows,
)

EXPECTED = {
    "evaluation": 25,
    "spirit-reports": 4,
    "commitments": 4,
    "secretary-reviews": 2,
    "deeds": 2,
    "funds": 5,
    "training": 2,
    "benchmarks": 1,
    "grades": 3,
}


def export_all(ctx: AppContext, folder: Path, *, reveal: bool = True) -> dict[str, int]:
    folder.mkdir(exist_ok=True)
    return {
        kind: export_kind(ctx, kind, folder / f"{kind}.xlsx", reveal=reveal)
        for kind in (*BASE_KINDS, *RECORD_KINDS)
    }


def test_the_record_kinds_are_listed_for_the_cli() -> None:
    assert set(RECORD_KINDS) <= set(EXCEL_KINDS)
    assert EXCEL_KINDS["evaluation"] == "党员评议" and EXCEL_KINDS["funds"] == "专项经费"


def test_round_trip_into_a_fresh_database(
    filled: tuple[AppContext, Records], fresh: AppContext, tmp_path: Path
) -> None:
    ctx, _ = filled
    counts = export_all(ctx, tmp_path / "out")
    assert {k: counts[k] for k in RECORD_KINDS} == EXPECTED
    for kind in BASE_KINDS:
        import_kind(fresh, kind, tmp_path / "out" / f"{kind}.xlsx")
    summaries = {k: import_kind(fresh, k, tmp_path / "out" / f"{k}.xlsx") for k in RECORD_KINDS}
    assert {k: (s.inserted, s.updated) for k, s in summaries.items()} == {
        k: (n, 0) for k, n in EXPECTED.items()
    }
    assert str(summaries["evaluation"]).startswith(
        "党员评议 新增 25 条，更新 0 条，新建党员评议 1 项"
    )
    export_all(fresh, tmp_path / "again")
    for kind in RECORD_KINDS:
        first = sheet_rows(tmp_path / "out" / f"{kind}.xlsx", kind)
        again = sheet_rows(tmp_path / "again" / f"{kind}.xlsx", kind)
        assert again == first, kind
    # What the reports read agrees too.
    assert (
        evaluated(fresh)
        == evaluated(ctx)
        == [
            ("李强", "光明社区党委", 90.8, 1),
            ("张伟", "幸福驿站社区党委", 86.15, 1),
            ("王芳", "幸福驿站社区党委", None, None),
        ]
    )
    assert [t.shown() for t in FundService(fresh).totals()] == [
        t.shown() for t in FundService(ctx).totals()
    ]
    assert FundService(fresh).overall().balance_fen == 800050 - 123456 + 500000 - 499999
    assert per_unit(fresh) == per_unit(ctx)
    assert [p.shown() for p in GradeService(fresh).paths()] == [
        p.shown() for p in GradeService(ctx).paths()
    ]
    rows = SecretaryReviewService(fresh).reviews(2025)
    good = next(r for r in rows if r.rating == "好")
    assert [(p.issue, p.done) for p in good.points] == [
        ("“三会一课”记录不够规范，缺少签到", False),
        ("流动党员联系不够经常", False),
    ]  # the rectification is not in the sheet: a new database starts without it


def evaluated(ctx: AppContext) -> list[tuple[object, ...]]:
    """The scored members with their combined result and rank in the unit."""
    (plan,) = EvaluationService(ctx).plans()
    members = EvaluationService(ctx).results(plan.id).members
    return [(m.name, m.unit_name, m.combined, m.unit_rank) for m in members if m.self_total]


def per_unit(ctx: AppContext) -> tuple[list[tuple[object, ...]], ...]:
    """The per-unit figures of reports, training and commitments."""
    return (
        [(r.unit_name, r.required, r.submitted) for r in PartySpiritService(ctx).completion(2026)],
        [(r.unit_name, r.trained, r.hours) for r in TrainingService(ctx).coverage(2026)],
        [
            (r.unit_name, r.fulfilled, r.partly, r.unchecked)
            for r in CommitmentService(ctx).counts(2025)
        ],
    )


def test_importing_an_export_again_changes_nothing(
    filled: tuple[AppContext, Records], tmp_path: Path
) -> None:
    ctx, _ = filled
    export_all(ctx, tmp_path)
    for kind in RECORD_KINDS:
        summary = import_kind(ctx, kind, tmp_path / f"{kind}.xlsx")
        assert (summary.inserted, summary.updated, summary.batch_id) == (0, 0, None), kind


def test_cells_as_written(filled: tuple[AppContext, Records], tmp_path: Path) -> None:
    ctx, _ = filled
    export_all(ctx, tmp_path)
    funds = sheet_rows(tmp_path / "funds.xlsx", "funds")
    assert [(r["品牌"], r["示范点"], r["金额（元）"]) for r in funds][:3] == [
        ("幸福驿站", None, 10000),
        ("幸福驿站", None, 8000.5),
        ("幸福驿站", None, 1234.56),
    ]
    sheet = openpyxl.load_workbook(tmp_path / "funds.xlsx")["专项经费"]
    assert sheet["D3"].number_format == "0.00"
    training = {r["培训主题"]: r for r in sheet_rows(tmp_path / "training.xlsx", "training")}
    listed = training["党建品牌创建培训"]["出席党员"].split("、")
    assert listed == [
        "幸福街道党工委/幸福驿站社区党委/张伟",
        "幸福街道党工委/幸福驿站社区党委/幸福驿站第一党支部/张伟",
        "刘洋",
        id_number(311),
    ]
    assert training["党建品牌创建培训"]["缺席党员"] == "陈静"
    reviews = {
        r["评议等次"]: r
        for r in sheet_rows(tmp_path / "secretary-reviews.xlsx", "secretary-reviews")
    }
    assert reviews["好"]["评议问题"] == "“三会一课”记录不够规范，缺少签到\n流动党员联系不够经常"
    commitments = sheet_rows(tmp_path / "commitments.xlsx", "commitments")
    member_row = next(r for r in commitments if r["党员姓名"] == "赵磊")
    assert (member_row["所属组织"], member_row["兑现情况"], member_row["兑现说明"]) == (
        "幸福街道党工委/幸福驿站社区党委/幸福驿站第一党支部",
        "部分兑现",
        "下半年因病请假两个月",
    )


def test_a_masked_export_imports_by_name_and_unit(
    filled: tuple[AppContext, Records], fresh: AppContext, tmp_path: Path
) -> None:
    ctx, _ = filled
    export_all(ctx, tmp_path / "base")
    for kind in BASE_KINDS:
        import_kind(fresh, kind, tmp_path / "base" / f"{kind}.xlsx")
    for kind in ("spirit-reports", "commitments", "deeds"):
        export_kind(ctx, kind, tmp_path / f"{kind}.xlsx")
        assert all(r["身份证号"] is None for r in sheet_rows(tmp_path / f"{kind}.xlsx", kind))
    # Two 李强 in one unit: without their ID numbers the sheet cannot tell them apart.
    with pytest.raises(ImportRejected) as info:
        import_kind(fresh, "spirit-reports", tmp_path / "spirit-reports.xlsx")
    assert [(p.row, p.column, p.value, p.reason) for p in info.value.problems] == [
        (5, "姓名", "李强", "“幸福街道党工委/光明社区党委”有 2 名党员叫“李强”，请填写身份证号")
    ]
    summary = import_kind(fresh, "deeds", tmp_path / "deeds.xlsx")
    assert (summary.inserted, summary.updated) == (2, 0)
    export_kind(ctx, "training", tmp_path / "training.xlsx")
    with pytest.raises(ImportRejected) as info:
        import_kind(fresh, "training", tmp_path / "training.xlsx")
    (problem,) = info.value.problems
    assert (problem.row, problem.column) == (2, "出席党员")
    assert problem.reason.startswith("身份证号已遮蔽")


def test_revealed_record_exports_are_audited(
    filled: tuple[AppContext, Records], tmp_path: Path
) -> None:
    ctx, _ = filled
    export_kind(ctx, "evaluation", tmp_path / "masked.xlsx")
    export_kind(ctx, "evaluation", tmp_path / "revealed.xlsx", reveal=True)
    export_kind(ctx, "funds", tmp_path / "funds.xlsx", reveal=True)
    audit = [(a["action"], a["detail"]) for a in list_kind(ctx, "audit")][-3:]
    assert audit == [
        ("导出", "25 条"),
        ("导出（未遮蔽）", "25 条，含完整的身份证号"),
        ("导出", "5 条"),
    ]


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_the_untouched_template_is_refused(ctx: AppContext, kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"{kind}.xlsx"
    write_template(kind, path)
    with pytest.raises(ImportRejected) as info:
        import_kind(ctx, kind, path)
    assert any("示例行" in p.reason and p.row == 2 for p in info.value.problems)


def test_a_filled_funds_template_imports_yuan_as_fen(
    filled: tuple[AppContext, Records], tmp_path: Path
) -> None:
    ctx, _ = filled
    path = tmp_path / "funds.xlsx"
    write_template("funds", path)
    book = openpyxl.load_workbook(path)
    sheet = book["专项经费"]
    assert (sheet["D2"].value, sheet["D2"].number_format) == (20000, "0.00")  # yuan, not fen
    sheet["E2"] = "宣传册印制"
    sheet["D2"] = "1,200.5"
    sheet["C2"] = "支出"
    sheet["F2"] = "2026-5-18"
    sheet.append([None, "光明社区党委", "批准", 0.1 + 0.2, "零星补贴", "2026年5月19日"])
    book.save(path)
    summary = import_kind(ctx, "funds", path)
    assert (summary.inserted, summary.updated) == (2, 0)
    entries = {e.item: e for e in FundService(ctx).entries()}
    assert (entries["宣传册印制"].amount_fen, entries["宣传册印制"].target_name) == (
        120050,
        "幸福驿站",
    )
    assert (entries["零星补贴"].amount_fen, entries["零星补贴"].amount) == (30, "0.30")


@pytest.mark.postgres
def test_round_trip_into_postgres_and_undo(
    filled: tuple[AppContext, Records], pg_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    ctx, _ = filled
    export_all(ctx, tmp_path / "out")
    server = open_context(pg_url, clock=clock)
    try:
        for kind in (*BASE_KINDS, *RECORD_KINDS):
            import_kind(server, kind, tmp_path / "out" / f"{kind}.xlsx")
        export_all(server, tmp_path / "again")
        for kind in RECORD_KINDS:
            first = sheet_rows(tmp_path / "out" / f"{kind}.xlsx", kind)
            assert sheet_rows(tmp_path / "again" / f"{kind}.xlsx", kind) == first, kind
        assert per_unit(server) == per_unit(ctx)
        for kind in reversed(RECORD_KINDS):
            assert undo_last_import(server).kind == kind
        assert FundService(server).totals() == []
        assert TrainingService(server).sessions() == []
    finally:
        server.db.dispose()
