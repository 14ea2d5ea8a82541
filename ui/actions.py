"""The window's actions, menus (文件, 数据, 工具, 帮助) and toolbar, wired to the flows."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QDialog, QMenu, QToolBar, QToolButton

from brandoffice.safety.permissions import Action
from ui.icons import icon
from ui.safety.access import Access
from ui.safety.actions import SafetyActions, enable_by_role
from ui.widgets import make_action

if TYPE_CHECKING:
    from ui.excel_flows import ExcelFlows
    from ui.help import GuideDialog
    from ui.holidays_dialog import HolidaysDialog
    from ui.maintenance_flows import MaintenanceFlows
    from ui.office import OfficeDialog
    from ui.packet_flows import PacketFlows
    from ui.shell import WindowShell
    from ui.welcome import WelcomeDialog


class WindowActions(QObject):
    """Builds and owns every menu and toolbar action of the main window.

    Attributes:
        excel: The import / export / template / undo flows.
        packet: The data packet export / import / undo flows.
        maintenance: The backup / restore / check / about flows.
        safety: The backup page, accounts, audit log and lock actions.

    The flows behind the actions are imported and built on first use, so the
    window opens without loading the services they need (issue 3: start-up).
    """

    def __init__(self, window: WindowShell) -> None:
        super().__init__(window)
        self.window = window
        action = partial(make_action, window)

        def m(name: str) -> Callable[[], object]:
            return lambda: getattr(self.maintenance, name)()

        self.backup = action(
            "备份",
            m("backup"),
            icon("backup"),
            "Ctrl+B",
            tip="把数据库备份到数据目录下的 backups 文件夹（校验后保存）",
        )
        self.backup_to = action(
            "备份到…", m("backup_to"), icon("backup"), tip="把数据库备份到指定的文件"
        )
        self.restore = action(
            "恢复…",
            m("restore"),
            icon("restore"),
            tip="用备份文件替换当前数据（恢复前自动备份当前数据）",
        )
        self.quit = action("退出", window.close, shortcut="Ctrl+Q")
        self.check = action(
            "检查数据库", m("check"), icon("check"), tip="检查数据库完整性与数据一致性"
        )
        self.open_folder = action("打开数据文件夹", m("open_data_folder"), icon("folder"))
        self.guide = action(
            "使用指南",
            self.show_guide,
            icon("help"),
            "F1",
            tip="打开使用指南（常用操作步骤与截图）",
        )
        self.welcome = action(
            "欢迎与入门…",
            self.show_welcome,
            icon("app"),
            tip="本单位信息、导入模板和示例街道",
        )
        self.office = action(
            "本单位信息…",
            self.show_office,
            icon("app"),
            tip="街道或乡镇、单位名称、发文机关和联系方式：登记表和报告的落款与用语按它生成",
        )
        self.connect_server = action(
            "连接服务器…",
            self.show_connect_server,
            icon("folder"),
            tip="连接区里的 PostgreSQL 服务器（服务器地址、登录名、密码、加密方式）",
        )
        self.holidays = action(
            "节假日安排…",
            self.show_holidays,
            icon("calendar"),
            tip="各年的放假和调休上班日：导入国务院办公厅的通知，或逐日修改",
        )
        self.about = action("关于", m("about"), icon("about"))
        self.refresh = action(
            "刷新",
            window.reload_current,
            icon("refresh"),
            "F5",
            tip="重新读取当前页面的数据",
        )

        self.import_menu = self._kind_menu("导入", lambda kind: self.excel.import_file(kind))
        self.export_menu = self._kind_menu("导出", lambda kind: self.excel.export(kind))
        self.template_menu = self._kind_menu("生成导入模板", lambda kind: self.excel.template(kind))
        self.import_action = self._menu_action(
            self.import_menu, icon("import"), "从 Excel 工作簿导入（全部成功或全部不导入）"
        )
        self.export_action = self._menu_action(
            self.export_menu, icon("export"), "导出到 Excel 工作簿"
        )
        self.template_action = self._menu_action(
            self.template_menu, icon("template"), "生成空白的 Excel 导入模板"
        )
        self.undo_import = action(
            "撤销上次导入",
            lambda: self.excel.undo_last(),
            icon("undo"),
            tip="撤销最近一次导入的全部改动",
        )
        self.packet_export = action(
            "报送数据包…",
            lambda: self.packet.export(),
            icon("export"),
            tip="把本单位的数据生成一个带校验的数据包（.bopkt），供上级导入",
        )
        self.packet_down = action(
            "下发决定数据包…",
            lambda: self.packet.export_down(),
            icon("export"),
            tip="把区里对某个报送单位的命名、评审、表彰决定（可附创建活动）生成数据包，供其导入",
        )
        self.packet_import = action(
            "导入数据包…",
            lambda: self.packet.import_file(),
            icon("import"),
            tip="导入下级报送或上级下发的数据包：先预览新增、更新和冲突，确认后整体导入",
        )
        self.packet_undo = action(
            "撤销数据包导入",
            lambda: self.packet.undo_last(),
            icon("undo"),
            tip="撤销最近一次数据包导入的全部改动",
        )
        self.report = action(
            "生成报告…",
            self.show_report_dialog,
            icon("report"),
            "Ctrl+R",
            tip="生成进展情况报告、品牌名录、评审结果、复查验收结果、表彰名单或组织架构与换届",
        )
        self.bundle = action(
            "报送材料包…",
            self.show_bundle_dialog,
            icon("folder"),
            tip="把报告、Excel 名单、登记表和佐证材料打包成一个 zip 文件报送上级",
        )
        self.safety = SafetyActions(window)

        self._build_menus()
        self._build_toolbar()

    @cached_property
    def excel(self) -> ExcelFlows:
        """The import / export / template / undo flows."""
        from ui.excel_flows import ExcelFlows

        return ExcelFlows(self.window)

    @cached_property
    def maintenance(self) -> MaintenanceFlows:
        """The backup / restore / check / about flows."""
        from ui.maintenance_flows import MaintenanceFlows

        return MaintenanceFlows(self.window)

    @cached_property
    def packet(self) -> PacketFlows:
        """The data packet export / import / undo flows."""
        from ui.packet_flows import PacketFlows

        return PacketFlows(self.window)

    def _kind_menu(self, title: str, handler: Callable[[str], None]) -> QMenu:
        """Return a menu listing the Excel kinds, filled when first opened (lazy import)."""
        menu = QMenu(title, self.window)
        menu.aboutToShow.connect(lambda: self.excel.fill_kind_menu(menu, handler))
        return menu

    def _menu_action(self, menu: QMenu, icon: QIcon, tip: str) -> QAction:
        action = menu.menuAction()
        action.setIcon(icon)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        return action

    def _build_menus(self) -> None:
        bar = self.window.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        file_menu.addActions([self.backup, self.backup_to, self.restore])
        file_menu.addSeparator()
        file_menu.addAction(self.office)
        file_menu.addAction(self.connect_server)
        file_menu.addSeparator()
        file_menu.addAction(self.safety.lock)
        file_menu.addAction(self.quit)
        data_menu = bar.addMenu("数据(&D)")
        data_menu.addMenu(self.import_menu)
        data_menu.addMenu(self.export_menu)
        data_menu.addMenu(self.template_menu)
        data_menu.addAction(self.undo_import)
        data_menu.addSeparator()
        data_menu.addActions(
            [self.packet_export, self.packet_down, self.packet_import, self.packet_undo]
        )
        data_menu.addSeparator()
        data_menu.addAction(self.refresh)
        report_menu = bar.addMenu("报告(&R)")
        report_menu.addActions([self.report, self.bundle])
        tools_menu = bar.addMenu("工具(&T)")
        tools_menu.addActions([self.check, self.safety.backups])
        tools_menu.addSeparator()
        tools_menu.addAction(self.holidays)
        tools_menu.addSeparator()
        tools_menu.addActions([self.safety.accounts, self.safety.audit])
        tools_menu.addSeparator()
        tools_menu.addAction(self.open_folder)
        help_menu = bar.addMenu("帮助(&H)")
        help_menu.addActions([self.guide, self.welcome])
        help_menu.addSeparator()
        help_menu.addAction(self.about)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("常用操作", self.window)
        toolbar.setObjectName("mainToolBar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.import_action)
        toolbar.addAction(self.export_action)
        for action in (self.import_action, self.export_action):
            button = toolbar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        toolbar.addSeparator()
        toolbar.addAction(self.report)
        toolbar.addSeparator()
        toolbar.addAction(self.backup)
        toolbar.addAction(self.check)
        toolbar.addSeparator()
        toolbar.addAction(self.refresh)
        toolbar.addSeparator()
        toolbar.addAction(self.guide)
        self.window.addToolBar(toolbar)
        self.toolbar = toolbar

    def apply_access(self, access: Access) -> None:
        """Enable only the actions the role and the database allow."""
        enable_by_role(
            [
                (self.backup, Action.BACKUP),
                (self.backup_to, Action.BACKUP),
                (self.restore, Action.RESTORE),
                (self.import_action, Action.IMPORT),
                (self.undo_import, Action.IMPORT),
                (self.export_action, Action.EXPORT),
                (self.packet_export, Action.EXPORT),
                (self.packet_down, Action.EXPORT),
                (self.packet_import, Action.IMPORT),
                (self.packet_undo, Action.IMPORT),
                (self.report, Action.REPORT),
                (self.bundle, Action.REPORT),
                (self.welcome, Action.EDIT),
                (self.office, Action.EDIT),
            ],
            access,
        )
        self.safety.apply_access(access)

    # -- reports ---------------------------------------------------------------
    def show_report_dialog(self) -> QDialog:
        """Open the report dialog (报告 → 生成报告…)."""
        from ui.reports import open_report_dialog

        return open_report_dialog(self.window, self.window.ctx, self.window.runner)

    def show_bundle_dialog(self) -> QDialog:
        """Open the reporting bundle dialog (报告 → 报送材料包…)."""
        from ui.reports import open_bundle_dialog

        return open_bundle_dialog(self.window, self.window.ctx, self.window.runner)

    # -- help ------------------------------------------------------------------
    def show_guide(self) -> GuideDialog:
        """Open the user guide beside the window (帮助 → 使用指南, F1)."""
        from ui.help import open_guide

        return open_guide(self.window)

    def show_office(self) -> OfficeDialog:
        """Open the office's identity (文件 → 本单位信息…)."""
        from ui.office import open_office_dialog

        return open_office_dialog(self.window)

    def show_connect_server(self) -> None:
        """Connect to a server (文件 → 连接服务器…), then open it in place of this database."""
        from ui.connect_server import connect_from_window

        connect_from_window(self.window)

    def show_holidays(self) -> HolidaysDialog:
        """Open 节假日安排 (工具 → 节假日安排…) on next year in December, else this year."""
        from brandoffice.workdays import calendar_knows
        from ui.holidays_dialog import open_holidays_dialog

        today = self.window.ctx.today()
        year = (
            today.year + 1
            if today.month == 12 and not calendar_knows(today.year + 1)
            else today.year
        )
        dialog = open_holidays_dialog(self.window.ctx, year, self.window)
        dialog.changed.connect(lambda _year: self.window.notify_data_changed("holidays"))
        return dialog

    def show_welcome(self) -> WelcomeDialog:
        """Open the welcome page again: office name, templates, the demo while still empty."""
        from brandoffice.app import is_empty
        from ui.setup_flows import open_welcome

        return open_welcome(self.window, empty=is_empty(self.window.ctx))
