"""Markers of dated campaign records in the month view: one small coloured chip per kind."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter

from brandoffice.services.calendar_records import DatedRecord, RecordKind, kind_counts

MARKS: dict[RecordKind, tuple[str, str]] = {
    RecordKind.TRAINING: ("训", "#7d3c98"),
    RecordKind.COMMITMENT: ("诺", "#1f618d"),
    RecordKind.CHECK: ("检", "#117a65"),
    RecordKind.SECRETARY: ("述", "#a04000"),
    RecordKind.DEMO_NOTE: ("示", "#b7950b"),
}
"""Chip letter and colour of each kind."""


def legend_html() -> str:
    """Return the legend of the chips: ``训＝培训　诺＝公开承诺 …``."""
    return "　".join(
        f"<span style='color:{colour}'><b>{letter}</b></span>＝{kind.value}"
        for kind, (letter, colour) in MARKS.items()
    )


def records_html(records: Sequence[DatedRecord]) -> list[str]:
    """Return one rich-text line per record for tooltips and the day details."""
    lines = []
    for record in records:
        letter, colour = MARKS[record.kind]
        text = html.escape(record.text())
        lines.append(f"<span style='color:{colour}'><b>[{letter}]</b></span> {text}")
    return lines


def paint_marks(painter: QPainter, rect: QRect, records: Sequence[DatedRecord], size: int) -> None:
    """Draw a chip per kind (``训``, ``诺2`` …) along the bottom of a day cell.

    Args:
        painter: The month view's painter, with the font already set.
        rect: The day cell.
        records: The day's records.
        size: Chip height in pixels.
    """
    x = rect.left() + 4
    y = rect.bottom() - size - 2
    metrics = painter.fontMetrics()
    for kind, count in kind_counts(records).items():
        letter, colour = MARKS[kind]
        label = letter if count == 1 else f"{letter}{count}"
        width = max(size, metrics.horizontalAdvance(label) + 6)
        if x + width > rect.right() - 2:
            break
        chip = QRect(x, y, width, size)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawRoundedRect(chip, 3, 3)
        painter.setPen(QColor("white"))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, label)
        x += width + 3
    if len(records) == 1 and x < rect.right() - size:
        # One record: its title fits beside the chip and says what happened at a glance.
        record = records[0]
        room = QRect(x, y, rect.right() - 3 - x, size)
        painter.setPen(QColor(MARKS[record.kind][1]))
        text = metrics.elidedText(record.title, Qt.TextElideMode.ElideRight, room.width())
        painter.drawText(room, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
