"""Who a review round scores: candidate brands or units, the defaults, and a picker."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QWidget

from brandoffice.model.vocab import BrandStatus, OrgLevel, ReviewSubject
from brandoffice.services import brand_view
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgService
from ui.widgets import dialog_layout


def candidates(ctx: AppContext, subject: str) -> list[tuple[int, str, str]]:
    """Return what a round may score: (id, name, detail) of brands or organisations."""
    if subject == ReviewSubject.BRAND.value:
        rows = brand_view.page(ctx, brand_view.BrandFilter(), 0, None, "name")
        return [
            (r.brand.id, r.brand.name, f"{r.unit} · {r.brand.status}")
            for r in rows
            if r.brand.status != BrandStatus.WITHDRAWN.value
        ]
    return [(o.id, o.name, f"{o.kind} · {o.level}") for o in OrgService(ctx).all_rows()]


def default_subjects(ctx: AppContext, subject: str) -> list[tuple[int, str]]:
    """Return the subjects a new round starts with: brands under review, or communities."""
    if subject == ReviewSubject.BRAND.value:
        f = brand_view.BrandFilter(status=BrandStatus.REVIEWING.value)
        return [(r.brand.id, r.brand.name) for r in brand_view.page(ctx, f, 0, None, "name")]
    community = OrgLevel.COMMUNITY.value
    return [(o.id, o.name) for o in OrgService(ctx).all_rows() if o.level == community]


class SubjectPicker(QDialog):
    """Tick brands or organisations to add to a round."""

    def __init__(
        self, parent: QWidget | None, title: str, items: list[tuple[int, str, str]]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("输入名称筛选")
        self.list = QListWidget(self)
        for subject_id, name, detail in items:
            item = QListWidgetItem(f"{name}　（{detail}）")
            item.setData(Qt.ItemDataRole.UserRole, (subject_id, name))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.filter.textChanged.connect(self._filter)
        dialog_layout(self, self.filter, (self.list, 1), ok_text="添加")
        self.resize(420, 480)

    def _filter(self, text: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(text) and text.strip() not in item.text())

    def chosen(self) -> list[tuple[int, str]]:
        """Return (id, name) of the ticked entries."""
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out
