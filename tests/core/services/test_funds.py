"""Special funds in fen: applications, approvals, spending, balance, and no overspending."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from brandoffice.errors import StaleEditError, ValidationError
from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.funds import FundDraft, FundService, to_fen, yuan
from tests.core.services.records_fixtures import Street

D = dt.date


def test_amounts_are_whole_fen() -> None:
    assert to_fen("1,234.56") == 123456
    assert to_fen(0.1) == 10
    assert to_fen(0.1 + 0.2) == 30  # a spreadsheet's 0.30000000000000004
    assert to_fen(1200.25) == 120025
    assert to_fen(1234) == 123400
    assert to_fen(Decimal("88.80")) == 8880
    assert to_fen("100元") == 10000
    with pytest.raises(ValidationError, match="最多保留两位小数"):
        to_fen("12.345")
    with pytest.raises(ValidationError, match="最多保留两位小数"):
        to_fen(12.345)
    with pytest.raises(ValidationError, match="金额应大于0"):
        to_fen(-5)
    with pytest.raises(ValidationError, match="金额“abc”不是有效的金额"):
        to_fen("abc")
    assert (yuan(123456), yuan(123456, grouping=True), yuan(5), yuan(-150)) == (
        "1234.56", "1,234.56", "0.05", "-1.50",
    )  # fmt: skip


def test_funds_walk_to_totals_and_balance(ctx: AppContext, street: Street) -> None:
    brand = (
        BrandService(ctx).create(BrandDraft(org_id=street.xingfu, name="幸福驿站", year=2026)).id
    )
    service = FundService(ctx)

    def add(kind: str, amount: str, item: str, when: dt.date, **target: int) -> int:
        return service.add(FundDraft(kind, amount, item, when, **target)).id

    add("申请", "1000", "上年阵地维修", D(2025, 11, 1), brand_id=brand)
    add("申请", "5000", "品牌标识制作", D(2026, 3, 1), brand_id=brand)
    approval = add("批准", "3000.50", "品牌标识制作", D(2026, 3, 10), brand_id=brand)
    add("支出", "1200.25", "标识牌", D(2026, 4, 1), brand_id=brand)
    add("支出", "800", "宣传册", D(2026, 4, 2), brand_id=brand)
    with pytest.raises(ValidationError, match=r"超出批准额度：已批准 3000\.50 元.*超出 0\.01 元"):
        add("支出", "1000.26", "展板", D(2026, 4, 3), brand_id=brand)
    add("申请", "20000", "示范点阵地建设", D(2026, 2, 1), org_id=street.guangming)
    add("批准", "15000", "示范点阵地建设", D(2026, 2, 20), org_id=street.guangming)
    spent = add("支出", "4999.99", "桌椅", D(2026, 3, 3), org_id=street.guangming)

    totals = {t.target_name: t for t in service.totals(2026)}
    assert totals["幸福驿站"].shown() == {
        "申请": "5000.00", "批准": "3000.50", "支出": "2000.25", "结余": "1000.25",
    }  # fmt: skip
    assert totals["光明社区党委"].balance_fen == 1_000_001
    overall = service.overall(2026)
    assert (overall.applied_fen, overall.approved_fen, overall.spent_fen, overall.balance_fen) == (
        2_500_000, 1_800_050, 700_024, 1_100_026,
    )  # fmt: skip
    assert service.overall().applied_fen == 2_600_000  # with the 2025 application
    assert [e.amount for e in service.entries(brand_id=brand, year=2026)] == [
        "5000.00", "3000.50", "1200.25", "800.00",
    ]  # fmt: skip
    assert service.get(spent).target_name == "光明社区党委"

    with pytest.raises(ValidationError, match="支出将超出批准额度"):
        service.delete(approval)
    row = service.get(approval)
    lowered = service.update(
        approval,
        row.version,
        FundDraft("批准", "2000.25", "品牌标识制作", D(2026, 3, 10), brand_id=brand),
    )
    assert {t.target_name: t for t in service.totals()}["幸福驿站"].balance_fen == 0
    with pytest.raises(ValidationError, match=r"超出 0\.01 元"):
        service.update(
            approval,
            lowered.version,
            FundDraft("批准", "2000.24", "品牌标识制作", D(2026, 3, 10), brand_id=brand),
        )
    with pytest.raises(StaleEditError):
        service.update(
            approval, row.version, FundDraft("批准", "1", "x", D(2026, 3, 10), brand_id=brand)
        )
    service.delete(spent)
    assert {t.target_name: t for t in service.totals()}["光明社区党委"].spent_fen == 0


def test_fund_rules(ctx: AppContext, street: Street) -> None:
    service = FundService(ctx)
    with pytest.raises(ValidationError, match="经费须属于一个品牌或一个示范点（二者选一）"):
        service.add(FundDraft("申请", "100", "项目", D(2026, 3, 1)))
    with pytest.raises(ValidationError, match="“东风社区党委”不是示范点"):
        service.add(FundDraft("申请", "100", "项目", D(2026, 3, 1), org_id=street.dongfeng))
    with pytest.raises(ValidationError, match="经费类别“报销”无效"):
        service.add(FundDraft("报销", "100", "项目", D(2026, 3, 1), org_id=street.guangming))
    with pytest.raises(ValidationError, match="日期不能晚于今天"):
        service.add(FundDraft("申请", "100", "项目", D(2026, 7, 1), org_id=street.guangming))
    with pytest.raises(ValidationError, match="品牌（编号 99）不存在"):
        service.add(FundDraft("申请", "100", "项目", D(2026, 3, 1), brand_id=99))
    with pytest.raises(ValidationError, match=r"支出将超出批准额度：已批准 0\.00 元"):
        service.add(FundDraft("支出", "0.01", "项目", D(2026, 3, 1), org_id=street.guangming))
