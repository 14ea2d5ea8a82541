"""The 党性分析报告 tab: who must write one, who handed it in, the files and the completion rate."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberService
from brandoffice.services.orgs import OrgService
from brandoffice.services.party_spirit import (
    REQUIRED_CATEGORIES,
    PartySpiritRow,
    PartySpiritService,
    UnitSpiritCompletion,
)
from brandoffice.services.record_helpers import percent, rate
from brandoffice.services.rows import OrgRow
from ui import messages
from ui.calendar.evidence import open_with_system
from ui.home_models import CENTER, Column
from ui.orgs.records.common import (
    HintedTable,
    RecordDialog,
    RecordTab,
    RowsModel,
    attempt,
    button_bar,
    choose_file,
    optional,
    text_box,
)
from ui.orgs.runner import Runner
from ui.widgets import date_edit, date_of, day_text

REQUIRED = {c.value for c in REQUIRED_CATEGORIES}
LATE = QColor("#c0392b")


@dataclass(frozen=True, slots=True)
class SpiritLine:
    """A member who must write a report (or handed one in anyway) and the report, if any."""

    member_id: int
    name: str
    category: str
    org_id: int
    unit_name: str
    report: PartySpiritRow | None

    @property
    def required(self) -> bool:
        """Tell whether the member's category must write one."""
        return self.category in REQUIRED

    @property
    def submitted(self) -> bool:
        """Tell whether the report was handed in."""
        return self.report is not None and self.report.submitted

    @property
    def state(self) -> str:
        """Return 已提交 / 未提交 (registered, not handed in) / 未登记."""
        if self.report is None:
            return "未登记"
        return "已提交" if self.report.submitted else "未提交"


@dataclass(frozen=True)
class SpiritData:
    """The lines of the unit's subtree and its completion per unit."""

    lines: list[SpiritLine]
    completion: list[UnitSpiritCompletion]

    @property
    def required(self) -> int:
        """Return the members who must write one."""
        return sum(c.required for c in self.completion)

    @property
    def submitted(self) -> int:
        """Return how many of them handed one in."""
        return sum(c.submitted for c in self.completion)


def load_spirit(ctx: AppContext, org_id: int, year: int) -> SpiritData:
    """Read the members of a unit's subtree, their reports of a year and the completion."""
    service = PartySpiritService(ctx)
    units = OrgService(ctx).subtree(org_id)
    names = {o.id: o.name for o in OrgService(ctx).all_rows() if o.id in set(units)}
    members = MemberService(ctx)
    people = members.page(units, 0, max(members.count(units), 1))
    reports = {r.member_id: r for r in service.reports(year, org_id=org_id)}
    lines = [
        SpiritLine(m.id, m.name, m.category, m.org_id, names.get(m.org_id, ""), reports.get(m.id))
        for m in people
        if m.category in REQUIRED or m.id in reports
    ]
    lines.sort(
        key=lambda line: (
            line.org_id != org_id,  # the unit's own members first, then unit by unit
            line.unit_name,
            line.submitted,
            line.name,
            line.member_id,
        )
    )
    return SpiritData(lines, service.completion(year, org_id))


class SubmitDialog(RecordDialog):
    """Mark a member's report of a year as handed in on a date."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, line: SpiritLine, year: int):
        super().__init__(parent, f"标记已提交：{line.name}")
        self.service, self.line, self.year = PartySpiritService(ctx), line, year
        self.report = line.report
        when = line.report.submitted_on if line.report and line.report.submitted_on else None
        self.date = date_edit(self, when or ctx.today())
        self.add_row("党员", QLabel(f"{line.name}（{line.unit_name}）", self))
        self.add_row("年度", QLabel(f"{year}年度", self), "year")
        self.add_row("提交日期", self.date, "submitted_on")
        self.finish(380)

    def save(self) -> PartySpiritRow:
        """Register the report as handed in, or mark the registered one."""
        if self.report is None:
            return self.service.record(
                self.line.member_id, self.year, submitted=True, submitted_on=date_of(self.date)
            )
        return self.service.update(
            self.report.id,
            self.report.version,
            submitted=True,
            submitted_on=date_of(self.date),
            campaign_id=self.report.campaign_id,
        )

    def reload(self) -> None:
        """Take the stored report's version after someone else changed it."""
        if self.report is not None:
            self.report = self.service.get(self.report.id)


class ReviewDialog(RecordDialog):
    """Record who read a handed-in report and what they said."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, report: PartySpiritRow):
        super().__init__(parent, f"审阅意见：{report.member_name}")
        self.service, self.report = PartySpiritService(ctx), report
        self.reviewer = QLineEdit(report.reviewer or "", self)
        self.comment = text_box(self, report.reviewer_comment, lines=4)
        self.add_row("审阅人", self.reviewer, "reviewer")
        self.add_row("审阅意见", self.comment, "reviewer_comment")
        self.finish()

    def save(self) -> PartySpiritRow:
        """Store the reviewer and the comment."""
        return self.service.review(
            self.report.id,
            self.report.version,
            self.reviewer.text(),
            optional(self.comment.toPlainText()),
        )

    def reload(self) -> None:
        """Show the stored reviewer and comment after someone else changed them."""
        self.report = self.service.get(self.report.id)
        self.reviewer.setText(self.report.reviewer or "")
        self.comment.setPlainText(self.report.reviewer_comment or "")


class SpiritTab(RecordTab):
    """党性分析报告 of the unit's members (and those of the units below) in the year."""

    table: HintedTable  # made in __init__

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.service = PartySpiritService(ctx)
        self.model: RowsModel[SpiritLine] = RowsModel(
            [
                Column("党员", lambda r: r.name),
                Column("所在单位", lambda r: r.unit_name),
                Column("类别", lambda r: r.category),
                Column(
                    "须提交", lambda r: r.required, lambda r: "是" if r.required else "否", CENTER
                ),
                Column("状态", lambda r: r.state, align=CENTER),
                Column(
                    "提交日期",
                    lambda r: r.report.submitted_on if r.report else None,
                    lambda r: day_text(r.report.submitted_on if r.report else None),
                ),
                Column("文件", lambda r: (r.report.filename if r.report else None) or ""),
                Column("审阅", lambda r: (r.report.reviewer if r.report else None) or ""),
            ],
            foreground=lambda r: LATE if r.required and not r.submitted else None,
            tooltip=lambda r: r.report.reviewer_comment if r.report else None,
            parent=self,
        )
        self.table = HintedTable(
            self.model, "本单位及下级组织没有须提交党性分析报告的在职党员。", self
        )
        self.table.set_widths([70, 150, 80, 54, 60, 90, 150])
        bar, self.buttons = button_bar(
            self,
            ("标记已提交…", self.mark_submitted),
            ("上传报告文件…", self.attach_file),
            ("打开文件", self.open_file),
            ("审阅意见…", self.review),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def fetch(self, org: OrgRow, year: int) -> SpiritData:
        """Read the lines and the completion of the unit's subtree."""
        return load_spirit(self.ctx, org.id, year)

    def present(self, data: SpiritData) -> None:
        """Show the lines and the completion rate."""
        self.model.set_rows(data.lines)
        missing = [line.name for line in data.lines if line.required and not line.submitted]
        shown = "、".join(missing[:8]) + ("等" if len(missing) > 8 else "")
        tail = f"；未提交：{shown}" if missing else ""
        self.note.setText(
            f"{self.year}年度应提交 <b>{data.required}</b> 人，已提交 <b>{data.submitted}</b> 人，"
            f"完成率 <b>{percent(rate(data.submitted, data.required))}</b>{tail}"
        )

    def selected(self) -> SpiritLine | None:
        """Return the line selected."""
        found = self.table.current()
        return found if isinstance(found, SpiritLine) else None

    def _need_line(self) -> SpiritLine | None:
        line = self.selected()
        if line is None:
            messages.inform(self, "党性分析报告", "请先在列表中选择一名党员。")
        return line

    def mark_submitted(self) -> SubmitDialog | None:
        """Open the form that marks the selected member's report as handed in."""
        line = self._need_line()
        if line is None:
            return None
        dialog = SubmitDialog(self.ctx, self, line, self.year)
        self.open_dialog(dialog, lambda _s: self._changed(line.member_id))
        return dialog

    def attach_file(self) -> None:
        """Choose the report's file and store it (the report then counts as handed in)."""
        line = self._need_line()
        if line is None:
            return
        chosen = choose_file(self, f"选择{line.name}的党性分析报告")
        if chosen is None:
            return
        name, content = chosen
        report = line.report
        if report is None:
            stored = attempt(
                self,
                "上传报告文件",
                lambda: self.service.record(line.member_id, self.year, filename=name, data=content),
            )
        else:
            stored = attempt(
                self,
                "上传报告文件",
                lambda: self.service.attach(report.id, report.version, name, content),
            )
        if stored is not None:
            self._changed(line.member_id)

    def open_file(self) -> None:
        """Open the selected report's file with the system's program."""
        line = self._need_line()
        if line is None:
            return
        if line.report is None or line.report.attachment_id is None:
            messages.inform(self, "打开文件", f"{line.name}的报告没有上传文件。")
            return
        report_id = line.report.id
        found = attempt(self, "打开文件", lambda: self.service.file(report_id))
        if found is not None:
            open_with_system(*found)

    def review(self) -> ReviewDialog | None:
        """Open the reviewer's form of the selected, handed-in report."""
        line = self._need_line()
        if line is None:
            return None
        if line.report is None or not line.report.submitted:
            messages.inform(self, "审阅意见", f"{line.name}的报告尚未提交，不能填写审阅意见。")
            return None
        dialog = ReviewDialog(self.ctx, self, line.report)
        self.open_dialog(dialog, lambda _s: self._changed(line.member_id))
        return dialog

    def _changed(self, member_id: int) -> None:
        self.refresh(lambda r: r.member_id == member_id)
