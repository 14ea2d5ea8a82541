"""The 党员人数 field follows the roster while the unit is shown."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgService
from ui.orgs.detail import MEMBER_TAB
from ui.orgs.page import OrgPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen


def test_deleting_a_member_updates_the_form_and_saving_keeps_it(
    page: OrgPage, orgs_ctx: AppContext, ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    page.select_org(ids["station"])
    form = page.detail.form
    assert form.member_count_spin.value() == 250
    page.detail.tabs.setCurrentIndex(MEMBER_TAB)
    panel = page.detail.members
    panel.view.selectRow(0)
    panel.delete_selected()
    assert form.member_count_spin.value() == 249  # the form shows the unit's new version
    assert not page.detail.has_unsaved_changes()
    form.secretary_edit.setText("李红英")
    page.detail.save()
    saved = OrgService(orgs_ctx).get(ids["station"])
    assert (saved.secretary, saved.member_count) == ("李红英", 249)
