"""The 党性分析报告 tab: who must write one, who handed it in, the files and the completion rate."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget

from brandoffice.services.context import AppContext
from brandoffice.services.party_spirit import PartySpiritService, SpiritLine, SpiritView
from brandoffice.services.record_helpers import percent, rate
from brandoffice.services.rows import OrgRow
from ui import messages
from ui.calendar.evidence import open_with_system
from ui.home_models import CENTER, Column
from ui.orgs.records.common import attempt, choose_file
from ui.orgs.records.kind_form import KindForm, Store
from ui.orgs.records.kind_tab import RosterTab
from ui.orgs.runner import Runner
from ui.widgets import day_text

LATE = QColor("#c0392b")


class SpiritTab(RosterTab):
    """党性分析报告 of the unit's members (and those of the units below) in the year."""

    KIND, PICK, FORM_WIDTH = "spirit-reports", "请先在列表中选择一名党员。", 380

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        self.service = s = PartySpiritService(ctx)
        super().__init__(
            ctx,
            runner,
            parent,
            store=Store(dict, lambda _v: None, get=s.get),
            columns=[
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
            widths=[70, 150, 80, 54, 60, 90, 150],
            hint="本单位及下级组织没有须提交党性分析报告的在职党员。",
            extra=[
                ("标记已提交…", self.mark_submitted),
                ("上传报告文件…", self.attach_file),
                ("打开文件", self.open_file),
                ("审阅意见…", self.review),
            ],
            foreground=lambda r: LATE if r.required and not r.submitted else None,
            tooltip=lambda r: r.report.reviewer_comment if r.report else None,
        )

    def fetch(self, org: OrgRow, year: int) -> SpiritView:
        """Read the roster and the completion of the unit's subtree."""
        return self.service.view(org.id, year)

    def present(self, data: SpiritView) -> None:
        """Show the lines and the completion rate."""
        self.model.set_rows(data.lines)
        missing = [line.name for line in data.lines if line.required and not line.submitted]
        shown = "、".join(missing[:8]) + ("等" if len(missing) > 8 else "")
        tail = f"；未提交：{shown}" if missing else ""
        self.note.setText(
            f"{self.year}年度应提交 <b>{data.required}</b> 人，已提交 <b>{data.submitted}</b> 人，"
            f"完成率 <b>{percent(rate(data.submitted, data.required))}</b>{tail}"
        )

    def mark_submitted(self) -> KindForm | None:
        """Open the form that marks the selected member's report as handed in."""
        line: SpiritLine | None = self.need()
        if line is None:
            return None
        s, report, year = self.service, line.report, self.year
        store = Store(
            dict,
            lambda v: s.record(line.member_id, year, submitted_on=v["submitted_on"]),
            lambda i, version, v: s.update(i, version, submitted=True,
                                           submitted_on=v["submitted_on"],
                                           campaign_id=report.campaign_id if report else None),
            s.get,
        )  # fmt: skip
        dialog = self.line_form(line, store, f"标记已提交：{line.name}", ("submitted_on",), report)
        dialog.form.insertRow(0, "党员", QLabel(f"{line.name}（{line.unit_name}）", dialog))
        dialog.form.insertRow(1, "年度", QLabel(f"{year}年度", dialog))
        return dialog

    def attach_file(self) -> None:
        """Choose the report's file and store it (the report then counts as handed in)."""
        line: SpiritLine | None = self.need()
        if line is None:
            return
        chosen = choose_file(self, f"选择{line.name}的党性分析报告")
        if chosen is None:
            return
        name, content = chosen
        report, s, year = line.report, self.service, self.year
        store = (
            (lambda: s.record(line.member_id, year, filename=name, data=content))
            if report is None
            else (lambda: s.attach(report.id, report.version, name, content))
        )
        if attempt(self, "上传报告文件", store) is not None:
            self.changed(line)

    def open_file(self) -> None:
        """Open the selected report's file with the system's program."""
        line: SpiritLine | None = self.need()
        if line is None:
            return
        if line.report is None or line.report.attachment_id is None:
            messages.inform(self, "打开文件", f"{line.name}的报告没有上传文件。")
            return
        report_id = line.report.id
        found = attempt(self, "打开文件", lambda: self.service.file(report_id))
        if found is not None:
            open_with_system(*found)

    def review(self) -> KindForm | None:
        """Open the reviewer's form of the selected, handed-in report."""
        line: SpiritLine | None = self.need()
        if line is None:
            return None
        if line.report is None or not line.report.submitted:
            messages.inform(self, "审阅意见", f"{line.name}的报告尚未提交，不能填写审阅意见。")
            return None
        s = self.service
        store = Store(dict, lambda _v: None, lambda i, version, v: s.review(
            i, version, v["reviewer"] or "", v["reviewer_comment"]
        ), s.get)  # fmt: skip
        fields = ("reviewer", "reviewer_comment")
        return self.line_form(line, store, f"审阅意见：{line.name}", fields, line.report)
