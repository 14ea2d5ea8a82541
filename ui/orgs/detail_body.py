"""The widgets of the unit detail panel: title, path, the five tabs, 撤销 and 保存."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QLabel,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from brandoffice.services.context import AppContext
from ui.form_undo import SaveBar
from ui.orgs.group_editor import LeadingGroupEditor
from ui.orgs.lazy_tab import LazyTab
from ui.orgs.member_panel import MemberPanel
from ui.orgs.org_form import OrgForm
from ui.orgs.records.panel import RecordsPanel
from ui.orgs.summary import SummaryPanel
from ui.readonly import ReadOnlyControls, inputs_of
from ui.widgets import stack

BASIC_TAB, GROUP_TAB, MEMBER_TAB, SUMMARY_TAB, RECORDS_TAB = range(5)

HINT = "请在左侧组织树中选择一个组织，\n或在上方搜索框中输入名称、拼音首字母查找。"
"""What the detail side shows while no unit is selected."""


class DetailBody(QWidget):
    """The detail panel's widgets, made when the first unit is shown.

    The 党员, 品牌与进度 and 创建活动记录 tabs wait longer, until they are opened or
    asked for: clicking through units then reads nothing for the tabs out of view.

    Args:
        ctx: The services' context.
        make_members: Makes the 党员 panel (for the unit shown), given its parent.
        make_summary: Makes the 品牌与进度 panel (for the unit shown), given its parent.
        make_records: Makes the 创建活动记录 panel (for the unit shown), given its parent.
        parent: The owning widget.
    """

    def __init__(
        self,
        ctx: AppContext,
        make_members: Callable[[QWidget], MemberPanel],
        make_summary: Callable[[QWidget], SummaryPanel],
        make_records: Callable[[QWidget], RecordsPanel],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.path_label = QLabel(self)
        self.path_label.setStyleSheet("color: #666;")
        self.form = OrgForm(ctx.today, self)
        self.group = LeadingGroupEditor(self)
        self.members = LazyTab(make_members, self)
        self.summary = LazyTab(make_summary, self)
        self.records = LazyTab(make_records, self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(scroll, "基本信息")
        self.tabs.addTab(self.group, "领导小组")
        self.tabs.addTab(self.members, "党员")
        self.tabs.addTab(self.summary, "品牌与进度")
        self.tabs.addTab(self.records, "创建活动记录")
        self.bar = SaveBar(self)
        self.status = self.bar.status
        self.undo_button = self.bar.undo_button
        self.save_button = self.bar.save_button
        stack(self, self.title, self.path_label, (self.tabs, 1), self.bar.row, flush=True)
        self.controls = ReadOnlyControls(
            writes=[self.undo_button, self.save_button, *inputs_of(self.form)],
            parts=[self.group, self.members, self.records],
        )
