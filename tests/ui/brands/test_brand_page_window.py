"""The brand page inside the main window: unsaved edits asked about, splitters remembered."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from pytestqt.qtbot import QtBot

from brandoffice.services.brands import BrandService
from brandoffice.services.context import AppContext
from tests.ui.brands.helpers import type_text
from ui.brands.page import BrandPage
from ui.dialogs import SaveChoice
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen


def test_page_in_the_window(
    qtbot: QtBot,
    brand_ctx: AppContext,
    ids: dict[str, int],
    settings: QSettings,
    save_asker: Any,
) -> None:
    window = MainWindow(brand_ctx, settings=settings)
    qtbot.addWidget(window)
    page = BrandPage(brand_ctx, window.runner)
    window.add_page("brands", "品牌登记", QIcon(), page)
    window.resize(1500, 950)
    window.show()
    qtbot.waitExposed(window)
    runner: TaskRunner = window.runner
    qtbot.waitUntil(lambda: not runner.is_busy())  # coverage computed off the UI thread
    assert page.coverage.result is not None

    page.select_brand(ids["幸福驿站"])
    type_text(page.editor.form.slogan, "！")
    assert not window.settle_pages()  # 取消
    save_asker.answers.append(SaveChoice.SAVE)
    assert window.settle_pages()
    assert BrandService(brand_ctx).get(ids["幸福驿站"]).slogan == "幸福社区，家园共治！"

    page.splitter().setSizes([900, 600])
    window.save_settings()
    assert settings.value("splitters/brands/0") is not None
    assert settings.value("splitters/brands/1") is not None
    window.notify_data_changed("import")
    assert page.editor.brand_id() == ids["幸福驿站"]
