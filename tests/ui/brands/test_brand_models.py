"""Every model of the brand page passes Qt's model tester, before and after edits."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from brandoffice.services.rows import CarrierRow
from ui.brands.carriers import CarrierTableModel
from ui.brands.common import ROW_ROLE, SORT_ROLE
from ui.brands.history import H_CHANGE, H_DATE, H_VIA
from ui.brands.page import BrandPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen


def test_carrier_model_edits(qtmodeltester: Any) -> None:
    model = CarrierTableModel()
    model.set_carriers([CarrierRow("幸福驿站", "党员服务站"), CarrierRow("连心热线", None)])
    qtmodeltester.check(model)
    edited: list[None] = []
    model.edited.connect(lambda: edited.append(None))
    assert model.setData(model.index(1, 1), "24小时热线")
    assert not model.setData(model.index(0, 0), "  ")  # a carrier needs a name
    model.add(CarrierRow("红色议事厅", None))
    assert model.move(2, -1) == 1
    assert model.move(0, 1) == 1
    model.remove(0)
    assert model.carriers() == [
        CarrierRow("幸福驿站", "党员服务站"),
        CarrierRow("连心热线", "24小时热线"),
    ]
    assert len(edited) == 5
    assert model.data(model.index(1, 0), ROW_ROLE) == CarrierRow("连心热线", "24小时热线")
    assert model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable


def test_history_model(page: BrandPage, ids: dict[str, int], qtmodeltester: Any) -> None:
    page.select_brand(ids["楼宇先锋"])
    history = page.lifecycle.history
    qtmodeltester.check(history)
    assert [history.cell(r, H_CHANGE) for r in history.rows()] == [
        "培育",
        "培育 → 申报",
        "申报 → 评审",
        "评审 → 命名",
    ]
    applied = history.index(1, H_VIA)
    assert history.data(applied) == "幸福街道党工委"  # the parent, by default
    assert history.data(history.index(0, H_DATE), SORT_ROLE).isoformat() == "2026-05-04"
    page.select_brand(ids["幸福驿站"])
    assert history.rowCount() == 1
    qtmodeltester.check(page.lifecycle.inspections)
    qtmodeltester.check(page.lifecycle.plans)


def test_register_model_on_the_page(page: BrandPage, qtmodeltester: Any) -> None:
    qtmodeltester.check(page.model)
    row = page.model.data(page.model.index(0, 0), ROW_ROLE)
    assert row.brand.name and row.unit
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "品牌名称"
