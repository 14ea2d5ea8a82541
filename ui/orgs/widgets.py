"""Small widgets and drawing helpers shared by the organisation page."""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import cache

from PySide6.QtCore import QDate, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QWidget,
)

from brandoffice.errors import KnownError
from brandoffice.model.vocab import Grade, OrgKind
from ui.widgets import DATE_FORMAT

EMPTY_DATE = QDate(1900, 1, 1)

KIND_COLOURS: dict[str, str] = {
    OrgKind.COMMITTEE.value: "#c0392b",
    OrgKind.WORKING_COMMITTEE.value: "#7b241c",
    OrgKind.GENERAL_BRANCH.value: "#d35400",
    OrgKind.BRANCH.value: "#b7950b",
    OrgKind.JOINT_BRANCH.value: "#2874a6",
    OrgKind.FUNCTIONAL_BRANCH.value: "#148f77",
}
GRADE_COLOURS: dict[str, str] = {
    Grade.ADVANCED.value: "#1e8449",
    Grade.LAGGING.value: "#d35400",
}
ERROR_COLOUR = "#c0392b"
WARNING_COLOUR = "#b9770e"


@cache
def kind_icon(kind: str, demo_point: bool = False) -> QIcon:
    """Return a small round icon coloured by organisation kind, starred for demo points.

    Args:
        kind: An ``OrgKind`` value.
        demo_point: Draw a gold star in the corner.

    Returns:
        A 16×16 icon (drawn once per kind and flag).
    """
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(QColor(KIND_COLOURS.get(kind, "#7f8c8d"))))
    painter.drawEllipse(1, 1, 13, 13)
    if demo_point:
        painter.setBrush(QBrush(QColor("#f1c40f")))
        painter.setPen(QColor("#9a7d0a"))
        painter.drawPolygon(_star(QPointF(11.5, 11.5), 4.5))
    painter.end()
    return QIcon(pixmap)


def _star(centre: QPointF, radius: float) -> QPolygonF:
    import math

    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(QPointF(centre.x() + r * math.cos(angle), centre.y() + r * math.sin(angle)))
    return QPolygonF(points)


def grade_colour(grade: str | None) -> QColor | None:
    """Return the text colour of a grade (先进 green, 后进 orange), None for the default."""
    colour = GRADE_COLOURS.get(grade or "")
    return QColor(colour) if colour else None


def add_months(day: dt.date, months: int) -> dt.date:
    """Return ``day`` moved by whole months, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days


class ErrorLabel(QLabel):
    """A red message under a field; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None, colour: str = ERROR_COLOUR) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {colour};")
        self.hide()

    def set_message(self, text: str | None) -> None:
        """Show ``text``, or hide the label when it is empty."""
        self.setText(text or "")
        self.setVisible(bool(text))


def field_labels(parent: QWidget, draft: type, *, skip: str = "") -> dict[str, ErrorLabel]:
    """Return a message label for each field of the dataclass ``draft`` except ``skip``.

    The services name these fields in their refusals (``ValidationError.field``).
    """
    return {f.name: ErrorLabel(parent) for f in dataclasses.fields(draft) if f.name != skip}


class FieldErrors:
    """Mixin of a form with a message line under its fields and one for the whole form.

    The form sets ``errors`` (service field name to label) and ``general_error``.
    """

    errors: dict[str, ErrorLabel]
    general_error: ErrorLabel

    def show_error(self, exc: KnownError) -> None:
        """Show a refusal under the field it names (or in the form's line when it names none)."""
        field = getattr(exc, "field", None)
        self.errors.get(field or "", self.general_error).set_message(str(exc))

    def clear_errors(self) -> None:
        """Hide every message of the fields and of the form."""
        for label in (*self.errors.values(), self.general_error):
            label.set_message(None)


class OptionalDateEdit(QWidget):
    """A date field that may be empty (shown as 未填写), with a clear button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QDateEdit(self)
        self.edit.setDisplayFormat(DATE_FORMAT)
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(EMPTY_DATE)
        self.edit.setSpecialValueText("未填写")
        self.edit.setDate(EMPTY_DATE)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("清空")
        self.clear_button.setToolTip("清空此日期")
        self.clear_button.clicked.connect(lambda: self.set_value(None))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.clear_button)
        self.edit.calendarWidget().setCurrentPage(dt.date.today().year, dt.date.today().month)

    def value(self) -> dt.date | None:
        """Return the date, or None when empty."""
        qdate = self.edit.date()
        if qdate == EMPTY_DATE:
            return None
        return dt.date(qdate.year(), qdate.month(), qdate.day())

    def set_value(self, value: dt.date | None) -> None:
        """Show a date, or the empty marker for None."""
        if value is None:
            self.edit.setDate(EMPTY_DATE)
        else:
            self.edit.setDate(QDate(value.year, value.month, value.day))
