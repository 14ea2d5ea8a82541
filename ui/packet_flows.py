"""Data packet flows of the 数据 menu: 报送, 下发决定, 导入 (with a preview) and undo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from brandoffice.reports.kinds import safe_file_name
from ui import file_dialogs, messages
from ui.menu_flows import MenuFlows, with_suffix
from ui.packet_down import DOWN_TITLE, Choices, DownPacketDialog, load_choices

if TYPE_CHECKING:
    from brandoffice.packet.export import ExportResult
    from brandoffice.packet.merge import ImportResult, Plan
    from brandoffice.services.context import AppContext
    from ui.shell import WindowShell

PACKET_FILTER = "数据包 (*.bopkt);;所有文件 (*)"
LAST_DIR_KEY = "paths/packet"


class PacketPreviewDialog(QDialog):
    """Show what a packet adds, changes and deletes, and its conflicts, before importing."""

    def __init__(self, parent: QWidget | None, plan: Plan, filename: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入数据包：预览")
        self.resize(620, 460)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"文件：{filename}\n以下是导入后数据库将发生的变化，确认无误后点“导入”。"
            "导入是整体的：要么全部写入，要么一条也不写；导入后也可用“撤销数据包导入”撤回。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.text = QPlainTextEdit("\n".join(plan.lines()))
        self.text.setReadOnly(True)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class PacketFlows(MenuFlows):
    """Each flow: pick a file, run the core through the TaskRunner, report in Chinese.

    Attributes:
        preview: The open preview dialog, if any.
        down: The open 下发决定数据包 dialog, if any.
    """

    LAST_DIR_KEY = LAST_DIR_KEY

    def __init__(self, window: WindowShell) -> None:
        super().__init__(window)
        self.preview: PacketPreviewDialog | None = None
        self.down: DownPacketDialog | None = None

    # -- export ------------------------------------------------------------------
    def export(self) -> None:
        """Ask about ID numbers, choose a file, then write this office's packet."""

        def answer(choice: int) -> None:
            if choice in (0, 1):
                self._export_to(full_id=choice == 1)

        messages.ask(
            self.window,
            "报送数据包",
            "数据包含本单位的组织、党员、品牌、创建活动、评审和表彰数据，请选择党员身份证号的处理方式。",
            ["遮蔽身份证号（推荐）", "包含完整身份证号", "取消"],
            answer,
            informative=(
                "数据包供上级（区委组织部）导入，文件带校验，被截断或改动过的数据包会被整体拒绝。\n"
                "包含完整身份证号时，本次导出将记入审计日志，请妥善保管和传递数据包。"
            ),
        )

    def _export_to(self, *, full_id: bool) -> None:
        ctx = self.window.ctx
        name = f"报送数据包_{ctx.today():%Y%m%d}.bopkt"
        path = self._save_path("报送数据包", name, PACKET_FILTER)
        if path is None:
            return

        def work() -> ExportResult:
            from brandoffice.packet.export import export_up

            return export_up(ctx, path, full_id=full_id)

        def done(result: ExportResult) -> None:
            note = "（含完整身份证号，已记入审计日志）" if full_id else ""
            messages.inform(
                self.window,
                "数据包已生成",
                f"已生成第 {result.sequence} 号报送数据包{note}：\n{result.path}",
                details="\n".join(result.lines()),
            )

        self.window.runner.run(work, done, write=True, title="报送数据包", label="正在生成数据包…")

    # -- decisions down ----------------------------------------------------------
    def export_down(self) -> None:
        """Read the offices that reported here in the background, then ask whom to send to."""
        ctx = self.window.ctx
        self.window.runner.run(lambda: load_choices(ctx), self._ask_down, title=DOWN_TITLE)

    def _ask_down(self, choices: Choices) -> None:
        if not choices.offices:
            messages.inform(
                self.window,
                DOWN_TITLE,
                "还没有导入过任何单位报送的数据包，无法下发决定。\n"
                "请先用“数据 → 导入数据包…”导入街道（乡镇）报送的数据包。",
            )
            return
        dialog = DownPacketDialog(self.window, choices)
        dialog.accepted.connect(lambda: self._choose_down_file(dialog))
        dialog.finished.connect(lambda _r: self._down_closed(dialog))
        self.down = dialog
        dialog.open()

    def _down_closed(self, dialog: DownPacketDialog) -> None:
        if self.down is dialog:
            self.down = None
        dialog.deleteLater()

    def _choose_down_file(self, dialog: DownPacketDialog) -> None:
        uid, name, campaigns = dialog.office_uid(), dialog.office_name(), dialog.campaigns()
        suggested = safe_file_name(f"下发数据包_{name}_{self.window.ctx.today():%Y%m%d}")
        file_dialogs.open_save_dialog(
            self.window,
            DOWN_TITLE,
            str(Path(self._last_dir()) / f"{suggested}.bopkt"),
            PACKET_FILTER,
            "bopkt",
            lambda chosen: self._export_down_to(
                with_suffix(chosen, ".bopkt"), uid, name, campaigns
            ),
        )

    def _export_down_to(self, path: Path, uid: str, name: str, campaigns: list[str]) -> None:
        self._remember_dir(path)
        ctx = self.window.ctx

        def work() -> ExportResult:
            from brandoffice.packet.export import export_down

            return export_down(ctx, path, uid, campaigns)

        def done(result: ExportResult) -> None:
            sent = "\n".join(result.lines()) or "  （没有需要下发的记录）"
            messages.inform(
                self.window,
                "下发数据包已生成",
                f"已生成下发给“{name}”的第 {result.sequence} 号数据包：\n{result.path}\n\n"
                f"其中包含：\n{sent}",
                details=f"请把该文件交给{name}，由其在“数据 → 导入数据包…”中导入；"
                "导入前会先显示将新增和更新的内容。",
            )

        self.window.runner.run(
            work, done, write=True, title=DOWN_TITLE, label="正在生成下发数据包…"
        )

    # -- import ------------------------------------------------------------------
    def import_file(self) -> None:
        """Choose a packet, verify it and show the preview; import only when confirmed."""
        path = self._open_path("导入数据包：选择文件", PACKET_FILTER)
        if path is None:
            return
        ctx = self.window.ctx

        def work() -> ImportResult:
            from brandoffice.packet.merge import import_packet

            return import_packet(ctx, path, dry_run=True)

        self.window.runner.run(
            work,
            lambda result: self._show_preview(path, result.plan),
            title="导入数据包",
            label="正在校验数据包…",
        )

    def _show_preview(self, path: Path, plan: Plan) -> None:
        if plan.already:
            messages.inform(self.window, "导入数据包", "\n".join(plan.lines()))
            return
        dialog = PacketPreviewDialog(self.window, plan, path.name)
        dialog.accepted.connect(lambda: self._import(path))
        dialog.finished.connect(lambda _r: self._closed(dialog))
        self.preview = dialog
        dialog.open()

    def _closed(self, dialog: PacketPreviewDialog) -> None:
        if self.preview is dialog:
            self.preview = None
        dialog.deleteLater()

    def _import(self, path: Path) -> None:
        if not self.window.settle_pages():
            return
        ctx = self.window.ctx

        def work() -> ImportResult:
            from brandoffice.packet.merge import import_packet

            return import_packet(ctx, path)

        def done(result: ImportResult) -> None:
            self.window.notify_data_changed("packet")
            messages.inform(
                self.window,
                "导入完成",
                "数据包已导入。" if result.written else "\n".join(result.plan.lines()),
                details="\n".join(result.plan.lines())
                + "\n如发现有误，可用“数据 → 撤销数据包导入”撤回本次导入。",
            )

        self.window.runner.run(work, done, write=True, title="导入数据包", label="正在导入数据包…")

    # -- undo --------------------------------------------------------------------
    def undo_last(self) -> None:
        """Confirm, then undo the most recent packet import."""

        def work(ctx: AppContext) -> str:
            from brandoffice.packet.undo import undo_last_packet

            return undo_last_packet(ctx)

        self._ask_then_undo(
            "撤销数据包导入",
            "要撤销最近一次数据包导入吗？",
            work,
            lambda summary: ("已撤销数据包导入", summary),
            label="正在撤销…",
            informative="该次导入新增的记录将被删除，更新或删除的记录恢复为导入前的内容。",
        )
