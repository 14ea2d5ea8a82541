"""示范点 part of the 先进典型与示范点 tab: a street's target and points, a point's progress notes."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QWidget

from brandoffice.model.vocab import OrgLevel
from brandoffice.services.context import AppContext
from brandoffice.services.demo_points import (
    DemoNoteRow,
    DemoPointRow,
    DemoPointService,
    DemoPointSummary,
)
from brandoffice.services.rows import OrgRow
from brandoffice.services.settings import office_identity
from ui import messages
from ui.home_models import CENTER, Column
from ui.orgs.records.common import (
    HINT_STYLE,
    HintedTable,
    RecordDialog,
    RecordTab,
    RowsModel,
    attempt,
    button_bar,
    text_box,
)
from ui.widgets import date_edit, date_of, day_text, spin_box, stack


@dataclass(frozen=True)
class DemoData:
    """A street's (or town's) summary of the year and a demonstration point's notes."""

    summary: DemoPointSummary | None
    notes: list[DemoNoteRow] | None


def is_street(org: OrgRow) -> bool:
    """Tell whether a unit sets demonstration point targets (a street or town)."""
    return org.level == OrgLevel.STREET.value


def load_demo(ctx: AppContext, org: OrgRow, year: int) -> DemoData:
    """Read what the section shows for a unit: the summary if a street, notes if a point."""
    service = DemoPointService(ctx)
    summary = service.summary(org.id, year) if is_street(org) else None
    notes = service.notes(org.id, year) if org.is_demo_point else None
    return DemoData(summary, notes)


class TargetDialog(RecordDialog):
    """Set how many demonstration points a street aims at in a year."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, org: OrgRow, year: int) -> None:
        super().__init__(parent, "设置示范点目标")
        self.service, self.org, self.year = DemoPointService(ctx), org, year
        self.target = spin_box(self, 0, 999, self.service.target(org.id, year)[0], " 个")
        self.add_row(office_identity(ctx).kind.value, QLabel(org.name, self), "org_id")
        self.add_row("年度", QLabel(f"{year}年", self), "year")
        self.add_row("示范点目标数", self.target, "target")
        self.finish(360)

    def save(self) -> int:
        """Store the target."""
        self.service.set_target(self.org.id, self.year, self.target.value())
        return self.target.value()


class NoteDialog(RecordDialog):
    """Record progress of a demonstration point on a day."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, org: OrgRow) -> None:
        super().__init__(parent, "登记示范点进展")
        self.service, self.org = DemoPointService(ctx), org
        self.noted_on = date_edit(self, ctx.today())
        self.content = text_box(self, lines=4)
        self.add_row("示范点", QLabel(org.name, self), "org_id")
        self.add_row("日期", self.noted_on, "noted_on")
        self.add_row("进展情况", self.content, "content")
        self.finish()

    def save(self) -> DemoNoteRow:
        """Store the note."""
        return self.service.add_note(
            self.org.id, date_of(self.noted_on), self.content.toPlainText()
        )


class DemoSection(QWidget):
    """The street's points against its target, and/or the point's own progress notes."""

    def __init__(self, ctx: AppContext, tab: RecordTab) -> None:
        super().__init__(tab)
        self.ctx, self.tab = ctx, tab
        self.org: OrgRow | None = None
        self.year = ctx.today().year
        self.service = DemoPointService(ctx)
        self.summary_note = QLabel(self)
        self.summary_note.setWordWrap(True)
        self.points: RowsModel[DemoPointRow] = RowsModel(
            [
                Column("示范点", lambda p: p.name),
                Column(
                    "本年进展", lambda p: p.notes_in_year, lambda p: f"{p.notes_in_year} 次", CENTER
                ),
                Column(
                    "最近进展日期", lambda p: p.last_noted_on, lambda p: day_text(p.last_noted_on)
                ),
                Column("最近进展", lambda p: p.last_note or ""),
            ],
            parent=self,
        )
        self.point_table = HintedTable(self.points, "街道下尚未标记示范点。", self)
        self.point_table.set_widths([160, 70, 100])
        self.notes: RowsModel[DemoNoteRow] = RowsModel(
            [
                Column("日期", lambda n: n.noted_on, lambda n: day_text(n.noted_on)),
                Column("进展情况", lambda n: n.content),
            ],
            parent=self,
        )
        self.note_table = HintedTable(self.notes, "", self)
        self.note_table.set_widths([90])
        target_bar, target_buttons = button_bar(self, ("设置目标…", self.set_target))
        target_bar.insertWidget(0, self.summary_note, 1)
        note_bar, note_buttons = button_bar(
            self, ("登记进展…", self.add_note), ("删除进展", self.remove_note)
        )
        self.note_title = QLabel(self)
        note_bar.insertWidget(0, self.note_title, 1)
        self.buttons = {**target_buttons, **note_buttons}
        self.street_part = QWidget(self)
        stack(self.street_part, target_bar, (self.point_table, 1), flush=True)
        self.point_part = QWidget(self)
        stack(self.point_part, note_bar, (self.note_table, 1), flush=True)
        self.none_hint = QLabel(
            "本组织不是示范点。在“基本信息”中勾选“示范点”后，可在此记录示范点的建设进展；"
            "选择街道可查看示范点目标和完成情况。",
            self,
        )
        self.none_hint.setWordWrap(True)
        self.none_hint.setStyleSheet(HINT_STYLE)
        title = QLabel("<b>示范点</b>", self)
        layout = stack(
            self, title, (self.street_part, 1), (self.point_part, 1), self.none_hint, flush=True
        )
        layout.addStretch(0)

    def show_data(self, org: OrgRow, year: int, data: DemoData) -> None:
        """Show a unit's demonstration point figures of a year."""
        self.org, self.year = org, year
        summary = data.summary
        self.street_part.setVisible(summary is not None)
        self.point_part.setVisible(data.notes is not None)
        self.none_hint.setVisible(summary is None and data.notes is None)
        if summary is not None:
            self.points.set_rows(summary.points)
            origin = "" if summary.target_set else "（默认）"
            state = "已完成目标" if summary.reached else f"尚差 <b>{summary.shortfall}</b> 个"
            self.summary_note.setText(
                f"{year}年示范点目标 <b>{summary.target}</b> 个{origin}，"
                f"已有 <b>{summary.count}</b> 个，{state}"
            )
        if data.notes is not None:
            self.notes.set_rows(data.notes)
            self.note_title.setText(f"<b>{org.name}</b> {year}年建设进展 {len(data.notes)} 条")
            self.note_table.set_hint(f"{year}年尚未登记进展。点击“登记进展…”记录示范点建设情况。")

    def set_target(self) -> TargetDialog | None:
        """Open the target form of the street shown."""
        if self.org is None:
            return None
        return self.tab.open_dialog(TargetDialog(self.ctx, self, self.org, self.year))

    def add_note(self) -> NoteDialog | None:
        """Open the progress form of the demonstration point shown."""
        if self.org is None:
            return None
        return self.tab.open_dialog(NoteDialog(self.ctx, self, self.org))

    def remove_note(self) -> None:
        """Delete the selected note."""
        note = self.note_table.current()
        if not isinstance(note, DemoNoteRow):
            messages.inform(self, "示范点进展", "请先选择一条进展。")
            return
        attempt(self.tab, "删除进展", lambda: self.service.remove_note(note.id))
        self.tab.refresh()
