"""Excel flows of the 数据 menu: import, export, templates and undoing the last import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMenu

from brandoffice.kinds import member_kinds
from ui import messages
from ui.menu_flows import MenuFlows

if TYPE_CHECKING:
    from brandoffice.excel.batch import ImportSummary
    from brandoffice.services.context import AppContext

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
LAST_DIR_KEY = "paths/excel"
PERSONAL_NUMBERS = {
    "members": "身份证号和手机号",
    "orgs": "联系电话",
    **dict.fromkeys(member_kinds(), "党员身份证号"),
}
"""Kinds whose export masks numbers unless the clerk asks for them in full (audited)."""


def excel_kinds() -> dict[str, str]:
    """Return ``{kind: 中文名称}`` of the importable kinds (imports the Excel code lazily)."""
    from brandoffice.excel import EXCEL_KINDS  # openpyxl off the start-up path

    return dict(EXCEL_KINDS)


class ExcelFlows(MenuFlows):
    """Each flow: pick a file, run the work through the TaskRunner, report in Chinese."""

    LAST_DIR_KEY = LAST_DIR_KEY

    # -- helpers -----------------------------------------------------------------
    def label(self, kind: str) -> str:
        """Return the Chinese name of a kind."""
        return excel_kinds().get(kind, kind)

    def fill_kind_menu(self, menu: QMenu, handler: Callable[[str], None]) -> None:
        """Fill a kind menu on first opening; a broken Excel module shows a disabled entry."""
        if not menu.isEmpty():
            return
        try:
            kinds = excel_kinds()
        except ImportError:
            menu.addAction("（Excel 功能尚不可用）").setEnabled(False)
            return
        for kind, label in kinds.items():
            action = menu.addAction(label)
            action.setData(kind)
            action.triggered.connect(lambda _checked=False, k=kind: handler(k))

    def _offer_folder(self, title: str, text: str, path: Path) -> None:
        def answer(choice: int) -> None:
            if choice == 0:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

        messages.ask(
            self.window,
            title,
            text,
            ["打开所在文件夹", "关闭"],
            answer,
            icon=messages.Icon.Information,
            default=1,
        )

    # -- flows -------------------------------------------------------------------
    def import_file(self, kind: str) -> None:
        """Choose a filled workbook and import it: every row or none."""
        label = self.label(kind)
        path = self._open_path(f"导入{label}：选择 Excel 工作簿", XLSX_FILTER)
        if path is None:
            return
        if not self.window.settle_pages():
            return
        ctx = self.window.ctx

        def work(progress: Callable[[int, int], None]) -> Any:
            from brandoffice.excel import import_kind

            return import_kind(ctx, kind, path, progress=progress)

        def done(summary: ImportSummary) -> None:
            self.window.notify_data_changed("import")
            messages.inform(
                self.window,
                "导入完成",
                f"导入完成：{summary.report()}",
                details=f"文件：{path}\n如发现导入有误，可用“数据 → 撤销上次导入”撤回本次导入。",
            )

        self.window.runner.run(
            work,
            done,
            write=True,
            with_progress=True,
            cancellable=True,
            title=f"导入{label}",
            label=f"正在导入{label}…",
            cancelled=f"已取消导入{label}，数据库没有改动。",
        )

    def export(self, kind: str) -> None:
        """Export one kind; for personal data first ask whether to show full numbers."""
        numbers = PERSONAL_NUMBERS.get(kind)
        if numbers is None:
            self._export_to(kind, reveal=False)
            return

        def answer(choice: int) -> None:
            if choice in (0, 1):
                self._export_to(kind, reveal=choice == 1)

        label = self.label(kind)
        messages.ask(
            self.window,
            f"导出{label}",
            f"{label}数据含{numbers}，请选择导出方式。",
            ["遮蔽后导出（推荐）", "完整导出", "取消"],
            answer,
            informative=(
                "遮蔽导出只保留号码的前后几位，适合打印和报送；号码不完整，不能再导入回来。\n"
                "完整导出显示全部号码，可修改后再导入；本次导出将记入审计日志"
                "（操作人、时间、文件名），请妥善保管导出的文件。"
            ),
        )

    def _export_to(self, kind: str, *, reveal: bool) -> None:
        label = self.label(kind)
        today = self.window.ctx.today()
        path = self._save_path(f"导出{label}", f"{label}_{today:%Y%m%d}.xlsx", XLSX_FILTER)
        if path is None:
            return
        ctx = self.window.ctx

        def work(progress: Callable[[int, int], None]) -> int:
            from brandoffice.excel import export_kind

            return int(export_kind(ctx, kind, path, reveal=reveal, progress=progress))

        def done(count: int) -> None:
            note = (
                f"（含完整{PERSONAL_NUMBERS.get(kind, '号码')}，已记入审计日志）" if reveal else ""
            )
            self._offer_folder("导出完成", f"已导出 {count} 条{label}{note}到：\n{path}", path)

        self.window.runner.run(
            work,
            done,
            write=True,  # every export is written to the audit log
            with_progress=True,
            cancellable=True,
            title=f"导出{label}",
            label=f"正在导出{label}…",
            cancelled=f"已取消导出{label}，没有写入文件。",
        )

    def template(self, kind: str) -> None:
        """Write an empty import template for one kind."""
        label = self.label(kind)
        path = self._save_path(f"生成{label}导入模板", f"{label}导入模板.xlsx", XLSX_FILTER)
        if path is None:
            return

        def work() -> Path:
            from brandoffice.excel import write_template

            write_template(kind, path)
            return path

        def done(_: object) -> None:
            self._offer_folder(
                "模板已生成", f"已生成{label}导入模板：\n{path}\n按表头填写后用“导入…”导入。", path
            )

        self.window.runner.run(work, done, title="生成导入模板", label="正在生成模板…")

    def undo_last(self) -> None:
        """Confirm, then undo the most recent import."""

        def work(ctx: AppContext) -> object:
            from brandoffice.excel import undo_last_import

            return undo_last_import(ctx)

        self._ask_then_undo(
            "撤销上次导入",
            "要撤销最近一次导入吗？",
            work,
            lambda summary: (
                "已撤销导入",
                f"已撤销最近一次导入（{summary}）。\n"
                "该次导入新增的记录已删除，修改过的记录已恢复为导入前的内容。",
            ),
            label="正在撤销最近一次导入…",
            informative="本次导入新增的记录将被删除，被修改的记录恢复为导入前的内容。",
        )
