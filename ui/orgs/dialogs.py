"""Small dialogs of the organisation page: confirmations, a new unit, a choice."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from brandoffice.errors import KnownError, ValidationError
from brandoffice.model.vocab import OrgKind, OrgLevel, Sector
from brandoffice.services.orgs import OrgDraft
from brandoffice.services.rows import OrgRow
from ui.orgs.widgets import ErrorLabel
from ui.widgets import dialog_layout

NONE_CHOICE = "（未设置）"


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask a yes/no question; the answer defaults to no."""
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    return QMessageBox.question(parent, title, text, yes | no, no) == yes


def warn(parent: QWidget | None, text: str, title: str = "无法完成操作") -> None:
    """Show a refusal or problem the clerk can act on."""
    QMessageBox.warning(parent, title, text)


def fill_combo(combo: QComboBox, values: list[str], *, optional: bool) -> None:
    """Fill a combo with vocabulary values, with a blank first entry when optional."""
    combo.clear()
    if optional:
        combo.addItem(NONE_CHOICE, None)
    for value in values:
        combo.addItem(value, value)


def combo_value(combo: QComboBox) -> str | None:
    """Return the vocabulary value chosen in a combo filled by :func:`fill_combo`."""
    value = combo.currentData()
    return None if value is None else str(value)


def set_combo_value(combo: QComboBox, value: str | None) -> None:
    """Select ``value`` (or the blank entry for None)."""
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


_NEXT_LEVEL = {
    OrgLevel.CITY.value: OrgLevel.DISTRICT.value,
    OrgLevel.DISTRICT.value: OrgLevel.STREET.value,
    OrgLevel.STREET.value: OrgLevel.COMMUNITY.value,
}


class NewOrgDialog(QDialog):
    """Asks for the name, kind, level and sector of a new unit and creates it.

    The dialog stays open and shows the message next to the field when the
    service refuses the draft.
    """

    def __init__(
        self,
        parent: QWidget | None,
        parent_row: OrgRow | None,
        create: Callable[[OrgDraft], OrgRow],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("新增下级组织" if parent_row else "新增顶层组织")
        self._parent_row = parent_row
        self._create = create
        self.created: OrgRow | None = None
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("如：幸福驿站社区党委")
        self.name_error = ErrorLabel(self)
        self.kind_combo = QComboBox(self)
        fill_combo(self.kind_combo, [k.value for k in OrgKind], optional=False)
        set_combo_value(self.kind_combo, OrgKind.BRANCH.value)
        self.level_combo = QComboBox(self)
        fill_combo(self.level_combo, [lv.value for lv in OrgLevel], optional=False)
        level = _NEXT_LEVEL.get(parent_row.level if parent_row else "", OrgLevel.GRASSROOTS.value)
        set_combo_value(self.level_combo, level if parent_row else OrgLevel.STREET.value)
        self.sector_combo = QComboBox(self)
        fill_combo(self.sector_combo, [s.value for s in Sector], optional=True)
        set_combo_value(self.sector_combo, parent_row.sector if parent_row else None)
        self.error = ErrorLabel(self)
        form = QFormLayout()
        form.addRow("上级组织", QLabel(parent_row.name if parent_row else "（无，顶层组织）"))
        form.addRow("名称", self.name_edit)
        form.addRow("", self.name_error)
        form.addRow("类别", self.kind_combo)
        form.addRow("层级", self.level_combo)
        form.addRow("领域", self.sector_combo)
        dialog_layout(self, form, self.error, on_ok=self._submit)
        self.resize(380, self.sizeHint().height())

    def draft(self) -> OrgDraft:
        """Return what the clerk typed as a draft."""
        return OrgDraft(
            name=self.name_edit.text(),
            kind=combo_value(self.kind_combo) or "",
            level=combo_value(self.level_combo) or "",
            sector=combo_value(self.sector_combo),
            parent_id=self._parent_row.id if self._parent_row else None,
        )

    def _submit(self) -> None:
        self.name_error.set_message(None)
        self.error.set_message(None)
        try:
            self.created = self._create(self.draft())
        except ValidationError as exc:
            target = self.name_error if exc.field == "name" else self.error
            target.set_message(str(exc))
            return
        except KnownError as exc:
            self.error.set_message(str(exc))
            return
        self.accept()


class ChoiceDialog(QDialog):
    """Picks one value from a list (used by the bulk edits)."""

    def __init__(
        self, parent: QWidget | None, title: str, label: str, choices: list[tuple[str, object]]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.combo = QComboBox(self)
        for text, value in choices:
            self.combo.addItem(text, value)
        dialog_layout(self, QLabel(label, self), self.combo)

    def value(self) -> object:
        """Return the value of the chosen entry."""
        return self.combo.currentData()
