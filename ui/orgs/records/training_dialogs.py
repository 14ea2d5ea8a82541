"""Forms of the 培训 tab: a session's particulars and who attended it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from brandoffice.errors import KnownError
from brandoffice.model.vocab import OrgLevel, TrainingLevel
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberService
from brandoffice.services.orgs import OrgService
from brandoffice.services.rows import MemberRow, OrgRow
from brandoffice.services.training import TrainingDraft, TrainingRow, TrainingService
from ui.home_models import Column
from ui.orgs.records.checks_model import ChecksModel
from ui.orgs.records.common import RecordDialog, make_view, optional, text_box
from ui.orgs.widgets import ErrorLabel
from ui.widgets import date_edit, date_of, dialog_layout, save_cancel, set_date

LEVEL_OF_UNIT = {
    OrgLevel.DISTRICT.value: TrainingLevel.DISTRICT.value,
    OrgLevel.STREET.value: TrainingLevel.STREET.value,
    OrgLevel.COMMUNITY.value: TrainingLevel.COMMUNITY.value,
}
PRESENT, ABSENT = 0, 1


class SessionDialog(RecordDialog):
    """Record or edit a training session run by a unit."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None, org: OrgRow, row: TrainingRow | None = None
    ) -> None:
        super().__init__(parent, "编辑培训" if row else "新增培训")
        self.service, self.org, self.row = TrainingService(ctx), org, row
        self.held_on = date_edit(self, ctx.today())
        self.level = QComboBox(self)
        for level in TrainingLevel:
            self.level.addItem(level.value, level.value)
        default = LEVEL_OF_UNIT.get(org.level, TrainingLevel.BRANCH.value)
        self.level.setCurrentIndex(self.level.findData(default))
        self.topic = QLineEdit(self)
        self.topic.setPlaceholderText("如：学习贯彻党的二十大精神")
        self.trainer = QLineEdit(self)
        self.hours = QDoubleSpinBox(self)
        self.hours.setRange(0, 24)
        self.hours.setSingleStep(0.5)
        self.hours.setDecimals(1)
        self.hours.setValue(2)
        self.hours.setSuffix(" 学时")
        self.location = QLineEdit(self)
        self.note = text_box(self, lines=2)
        organiser = row.organiser_name if row else org.name
        self.add_row("举办单位", QLabel(organiser, self), "org_id", "member_ids")
        self.add_row("培训日期", self.held_on, "held_on")
        self.add_row("培训级别", self.level, "level")
        self.add_row("培训主题", self.topic, "topic")
        self.add_row("授课人", self.trainer, "trainer")
        self.add_row("学时", self.hours, "hours")
        self.add_row("培训地点", self.location, "location")
        self.add_row("备注", self.note, "note")
        self.finish()
        if row is not None:
            self._fill(row)

    def _fill(self, row: TrainingRow) -> None:
        set_date(self.held_on, row.held_on)
        self.level.setCurrentIndex(max(self.level.findData(row.level), 0))
        self.topic.setText(row.topic)
        self.trainer.setText(row.trainer or "")
        self.hours.setValue(row.hours)
        self.location.setText(row.location or "")
        self.note.setPlainText(row.note or "")

    def draft(self) -> TrainingDraft:
        """Return the form as a draft."""
        return TrainingDraft(
            org_id=self.row.org_id if self.row else self.org.id,
            held_on=date_of(self.held_on),
            level=str(self.level.currentData()),
            topic=self.topic.text(),
            hours=self.hours.value(),
            trainer=optional(self.trainer.text()),
            location=optional(self.location.text()),
            campaign_id=self.row.campaign_id if self.row else None,
            note=optional(self.note.toPlainText()),
        )

    def save(self) -> TrainingRow:
        """Create or update the session."""
        if self.row is None:
            return self.service.create(self.draft())
        return self.service.update(self.row.id, self.row.version, self.draft())

    def reload(self) -> None:
        """Show the stored session after someone else changed it."""
        if self.row is not None:
            self.row = self.service.get(self.row.id)
            self._fill(self.row)


class AttendanceDialog(QDialog):
    """Tick who attended a session (出席) and who was listed but missed it (缺席)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, session: TrainingRow) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"登记出席：{session.topic}")
        self.service, self.session = TrainingService(ctx), session
        self.saved: object = None
        orgs = OrgService(ctx)
        units = orgs.subtree(session.org_id)
        names = {o.id: o.name for o in orgs.all_rows() if o.id in set(units)}
        people = MemberService(ctx)
        members = people.page(units, 0, max(people.count(units), 1), sort="name")
        self.model: ChecksModel[MemberRow] = ChecksModel(
            ["出席", "缺席"],
            [
                Column("党员", lambda m: m.name),
                Column("所在单位", lambda m: names.get(m.org_id, "")),
                Column("类别", lambda m: m.category),
            ],
            lambda m: m.id,
            parent=self,
        )
        listed = self.service.attendees(session.id)
        self.model.set_rows(
            members, {a.member_id: PRESENT if a.attended else ABSENT for a in listed}
        )
        self.view = make_view(self.model, self)  # type: ignore[arg-type]
        for column, width in ((0, 50), (1, 50), (2, 80), (3, 170)):
            self.view.setColumnWidth(column, width)
        everyone = QPushButton("全部出席", self)
        everyone.clicked.connect(lambda: self.model.set_all(PRESENT))
        nobody = QPushButton("全部清除", self)
        nobody.clicked.connect(lambda: self.model.set_all(None))
        tools = QHBoxLayout()
        tools.addWidget(
            QLabel(
                f"{session.held_on:%Y-%m-%d} {session.organiser_name} {session.hours:g}学时", self
            ),
            1,
        )
        tools.addWidget(everyone)
        tools.addWidget(nobody)
        self.error = ErrorLabel(self)
        dialog_layout(
            self, tools, (self.view, 1), self.error, on_ok=self.submit, buttons=save_cancel(self)
        )
        self.resize(520, 520)

    def submit(self) -> None:
        """Store the list; stay open with the reason when it is refused."""
        present = [m.id for m in self.model.marked(PRESENT)]
        absent = [m.id for m in self.model.marked(ABSENT)]
        try:
            self.saved = self.service.set_attendees(self.session.id, present, absent=absent)
        except KnownError as exc:
            self.error.set_message(str(exc))
            return
        self.accept()
