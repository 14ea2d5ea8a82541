"""The register's filter bar (search, level, sector, year, unit) and the status chips."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from brandoffice.errors import NotFoundError
from brandoffice.model.vocab import BrandLevel, BrandStatus, Sector
from brandoffice.services import brand_view
from brandoffice.services.brand_view import BrandFilter
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgService
from ui.brands.common import STATUS_COLOURS
from ui.orgs.picker import UnitPicker

DEBOUNCE_MS = 250
ALL = "全部"


def _combo(parent: QWidget, everything: str, values: list[str]) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem(everything, None)
    for value in values:
        combo.addItem(value, value)
    return combo


class FilterBar(QWidget):
    """Search box and filters; emits the new filter (the status comes from the chips).

    Signals:
        changed(object): The new :class:`BrandFilter` (without the status).
    """

    changed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._unit_id: int | None = None
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("查找品牌：名称、口号或拼音首字母（如 xfyz）")
        self.search.setClearButtonEnabled(True)
        self.level = _combo(self, "全部级别", [v.value for v in BrandLevel])
        self.sector = _combo(self, "全部领域", [v.value for v in Sector])
        self.year = QComboBox(self)
        self.unit_button = QPushButton("所属单位：全部", self)
        self.unit_button.setToolTip("只看某个单位及其下级单位的品牌")
        self.unit_clear = QToolButton(self)
        self.unit_clear.setText("×")
        self.unit_clear.setToolTip("不按单位筛选")
        self.unit_clear.setEnabled(False)
        self.picker: UnitPicker | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._emit)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        for combo in (self.level, self.sector, self.year):
            combo.currentIndexChanged.connect(lambda _i: self._emit())
        self.unit_button.clicked.connect(self.pick_unit)
        self.unit_clear.clicked.connect(lambda: self.set_unit(None))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 3)
        layout.addWidget(self.level)
        layout.addWidget(self.sector)
        layout.addWidget(self.year)
        layout.addWidget(self.unit_button, 1)
        layout.addWidget(self.unit_clear)
        self.reload_years()

    def reload_years(self) -> None:
        """Refill the year list from the register, keeping the chosen year if present."""
        kept = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem("全部年度", None)
        for year in brand_view.years(self.ctx):
            self.year.addItem(f"{year}年", year)
        self.year.setCurrentIndex(max(self.year.findData(kept), 0))
        self.year.blockSignals(False)

    def value(self) -> BrandFilter:
        """Return the filter the widgets describe."""
        return BrandFilter(
            level=self.level.currentData(),
            sector=self.sector.currentData(),
            year=self.year.currentData(),
            unit_id=self._unit_id,
            text=self.search.text().strip(),
        )

    def set_unit(self, org_id: int | None) -> None:
        """Restrict the register to a unit's subtree (None: every unit)."""
        name = ALL
        if org_id is not None:
            try:
                name = OrgService(self.ctx).get(org_id).name
            except NotFoundError:
                org_id = None
        self._unit_id = org_id
        self.unit_button.setText(f"所属单位：{name}")
        self.unit_clear.setEnabled(org_id is not None)
        self._emit()

    def pick_unit(self) -> None:
        """Open the unit picker (window-modal, answered through ``accepted``)."""
        picker = UnitPicker(self.ctx, self, "按单位筛选", "只看这个单位及其下级单位的品牌：")
        self.picker = picker.ask(self.set_unit, select=self._unit_id)

    def flush(self) -> None:
        """Apply a pending search at once (instead of after the pause)."""
        if self.timer.isActive():
            self.timer.stop()
            self._emit()

    def _emit(self) -> None:
        self.timer.stop()
        self.changed.emit(self.value())


class StatusChips(QWidget):
    """One checkable chip per status with its count; the checked chip filters the register.

    Signals:
        statusChosen(object): The status value, or None for 全部.
    """

    statusChosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str | None, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("状态：", self))
        for status in [None, *[s.value for s in BrandStatus]]:
            button = QPushButton(self)
            button.setCheckable(True)
            colour = STATUS_COLOURS.get(status or "", "#34495e")
            button.setStyleSheet(
                f"QPushButton {{ border: 1px solid {colour}; border-radius: 11px;"
                f" padding: 2px 10px; color: {colour}; background: white; }}"
                f"QPushButton:checked {{ background: {colour}; color: white; }}"
            )
            button.clicked.connect(lambda _c=False, s=status: self.statusChosen.emit(s))
            self.group.addButton(button)
            self.buttons[status] = button
            layout.addWidget(button)
        layout.addStretch(1)
        self.buttons[None].setChecked(True)
        self.set_counts({})

    def status(self) -> str | None:
        """Return the status of the checked chip (None for 全部)."""
        return next((s for s, b in self.buttons.items() if b.isChecked()), None)

    def set_status(self, status: str | None) -> None:
        """Check the chip of ``status`` without emitting."""
        self.buttons[status].setChecked(True)

    def set_counts(self, counts: dict[str, int]) -> None:
        """Show how many brands of the view are in each status."""
        for status, button in self.buttons.items():
            n = sum(counts.values()) if status is None else counts.get(status, 0)
            button.setText(f"{status or ALL} {n}")

    def counts_text(self) -> str:
        """Return the chips' labels (for tests and the status line)."""
        return "  ".join(b.text() for b in self.buttons.values())


def without_status(f: BrandFilter) -> BrandFilter:
    """Return ``f`` with no status restriction."""
    return replace(f, status=None)
