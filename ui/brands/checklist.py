"""The live 五有一好 checklist of the brand editor and the name check as you type."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from brandoffice.services.brands import BrandService, brand_name_problem
from brandoffice.services.lifecycle import Requirement

MET, MISSING = "#1e8449", "#c0392b"


def name_message(brands: BrandService, name: str, own_id: int | None) -> str | None:
    """Explain what is wrong with a brand name as typed (length, then uniqueness), or None."""
    problem = brand_name_problem(name)
    if problem:
        return problem
    if brands.name_taken(name, own_id):
        return f"品牌名称“{name.strip()}”已被其他品牌使用，请换一个"
    return None


class ChecklistView(QWidget):
    """✓/✗ for each 五有一好 requirement and what is still missing before applying."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items = QHBoxLayout()
        self.items.setSpacing(10)
        self.labels: list[QLabel] = []
        self.missing = QLabel(self)
        self.missing.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(QLabel("<b>五有一好：</b>", self))
        head.addLayout(self.items)
        head.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.missing)

    def set_requirements(self, requirements: list[Requirement]) -> None:
        """Show whether each requirement is met."""
        while len(self.labels) < len(requirements):
            label = QLabel(self)
            self.items.addWidget(label)
            self.labels.append(label)
        for label, req in zip(self.labels, requirements, strict=False):
            mark, colour = ("✓", MET) if req.met else ("✗", MISSING)
            label.setText(f"{mark} {req.label}")
            label.setStyleSheet(f"color: {colour};")
            label.setToolTip("已具备" if req.met else "尚缺，补齐后才能申报")
        lacking = [r.label for r in requirements if not r.met]
        if lacking:
            self.missing.setText(f"尚缺：{'、'.join(lacking)}，补齐并保存后才能申报")
            self.missing.setStyleSheet(f"color: {MISSING};")
        else:
            self.missing.setText("五有一好已齐备，可以申报")
            self.missing.setStyleSheet(f"color: {MET};")

    def missing_text(self) -> str:
        """Return the line under the marks."""
        return self.missing.text()

    def marks(self) -> list[str]:
        """Return the mark texts, such as ``✓ 有名称``."""
        return [label.text() for label in self.labels]
