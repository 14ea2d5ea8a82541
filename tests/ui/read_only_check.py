"""What a page still lets the clerk change: the usable fields, buttons and editable views."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QWidget

from ui.orgs.page import OrgPage
from ui.readonly import TEXT_FIELDS, inputs_of


def _name(widget: QWidget) -> str:
    if isinstance(widget, QAbstractButton) and widget.text():
        return widget.text()
    return widget.accessibleName() or widget.objectName() or type(widget).__name__


def usable(widget: QWidget) -> bool:
    """Tell whether a field, button or view can change something in its current state."""
    if not widget.isEnabled():
        return False
    if isinstance(widget, TEXT_FIELDS):
        return not widget.isReadOnly()
    if isinstance(widget, QAbstractItemView):
        none = QAbstractItemView.EditTrigger.NoEditTriggers
        return widget.editTriggers() != none or widget.dragEnabled() or widget.acceptDrops()
    return True


def usable_inputs(page: QWidget, reads: set[QWidget]) -> list[str]:
    """Return the names of the page's usable inputs other than ``reads`` (viewing only)."""
    return sorted(_name(w) for w in inputs_of(page) if w not in reads and usable(w))


def org_page_reads(page: OrgPage) -> set[QWidget]:
    """Return what only finds, chooses or opens on the organisation page (stays usable)."""
    records = page.detail.records
    opening = {b for tab in records.tabs.values() for t, b in tab.buttons.items() if "打开" in t}
    evaluation = records.tabs["党员评议"]
    return {
        page.search.edit,
        page.search.popup,
        page.tree,
        page.detail.members.view,
        records.year_spin,
        records.kinds,
        evaluation.plan_combo,  # type: ignore[attr-defined]
        *opening,
    }
