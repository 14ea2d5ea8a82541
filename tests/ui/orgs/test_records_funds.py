"""The 专项经费 tab: entries of brands and demo points, totals and balance in yuan."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.funds import FundService, yuan
from tests.core.services.records_fixtures import Street
from tests.ui.conftest import Messages
from tests.ui.orgs.records_street import open_kind, open_page, open_tab, pick, texts
from ui.orgs.records.funds_tab import FundsTab
from ui.widgets import set_date

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def _enter(tab: FundsTab, target: str, kind: str, amount: str, item: str) -> Any:
    dialog = tab.add()
    assert dialog is not None
    dialog.widget("owner").setCurrentText(target)
    dialog.widget("kind").setCurrentText(kind)
    dialog.widget("amount_fen").setText(amount)
    dialog.widget("item").setText(item)
    set_date(dialog.widget("entry_on"), dt.date(2026, 4, 1))
    dialog.submit()
    return dialog


def test_entries_walk_to_totals_in_yuan(
    qtbot: QtBot, ctx: AppContext, street: Street, msgs: Messages, qtmodeltester: Any
) -> None:
    brand = BrandService(ctx).create(BrandDraft(org_id=street.xingfu, name="幸福驿站", year=2026))
    page = open_page(qtbot, ctx)
    tab: FundsTab = open_kind(page, street.dongfeng, "专项经费")
    assert not tab.buttons["登记经费"].isEnabled()
    assert "没有党建品牌或示范点" in tab.total_table.hint.text()

    tab = open_kind(page, street.root, "专项经费")
    targets = [text for text, _key in tab.data.targets]
    assert targets == ["幸福驿站（品牌）", "光明社区党委（示范点）"]
    assert _enter(tab, "幸福驿站（品牌）", "申请", "12,000", "宣传阵地").saved
    assert _enter(tab, "幸福驿站（品牌）", "批准", "10000", "宣传阵地").saved
    refused = _enter(tab, "幸福驿站（品牌）", "支出", "10000.01", "展板")
    assert refused.saved is None
    assert "超出批准额度" in refused.errors["amount"].text()
    refused.widget("amount_fen").setText("3560.5")
    refused.submit()
    assert refused.result() == refused.DialogCode.Accepted
    typo = _enter(tab, "光明社区党委（示范点）", "申请", "12.345", "阅览室")
    assert "最多保留两位小数" in typo.errors["amount"].text()

    totals = [t for t in FundService(ctx).totals(2026) if t.brand_id == brand.id]
    assert len(totals) == 1 and totals[0].balance_fen == 643950
    assert texts(tab.total_table, "结余（元）") == ["6,439.50", "6,439.50"]  # the brand, 合计
    assert texts(tab.total_table, "经费对象") == ["幸福驿站（品牌）", "合计"]
    assert texts(tab.total_table, "支出占批准") == ["35.6%", "35.6%"]
    assert "申请 <b>12,000.00</b> 元，批准 <b>10,000.00</b> 元" in tab.note.text()
    assert f"结余 <b>{yuan(643950, grouping=True)}</b> 元" in tab.note.text()
    assert texts(tab.table, "金额（元）") == ["12,000.00", "10,000.00", "3,560.50"]
    qtmodeltester.check(tab.totals)
    qtmodeltester.check(tab.model)

    spent = pick(tab.table, kind="支出")
    dialog = tab.edit()
    assert dialog is not None and dialog.widget("amount_fen").text() == "3560.50"
    FundService(ctx).delete(spent.id)  # removed elsewhere meanwhile
    dialog.widget("amount_fen").setText("3000")
    dialog.submit()
    assert "找不到" in dialog.general_error.text()


def test_an_equal_entry_is_recorded_only_once_confirmed(
    qtbot: QtBot, ctx: AppContext, street: Street, msgs: Messages
) -> None:
    tab: FundsTab = open_tab(qtbot, ctx, street.root, "专项经费")
    assert _enter(tab, "光明社区党委（示范点）", "申请", "800", "阅览室").saved
    again = _enter(tab, "光明社区党委（示范点）", "申请", "800", "阅览室")
    assert again.saved is None and "已有一笔相同的经费记录" in again.errors["item"].text()
    assert again.save_button.text() == "仍然登记"
    assert len(FundService(ctx).entries()) == 1
    again.submit()
    assert again.result() == again.DialogCode.Accepted
    assert len(FundService(ctx).entries()) == 2
