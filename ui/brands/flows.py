"""File flows of the register: export the current view to Excel, print registration forms."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from brandoffice.services import brand_view
from brandoffice.services.brand_view import BrandFilter
from brandoffice.services.context import AppContext
from ui import file_dialogs, messages
from ui.orgs.runner import Runner

if TYPE_CHECKING:
    from brandoffice.reports.forms import FormsWritten

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
DOCX_FILTER = "Word 文档 (*.docx)"
FORM_TITLE = "党建品牌创建申报登记表"


def with_suffix(path: str, suffix: str) -> Path:
    """Return ``path`` with ``suffix`` added when the clerk left it out."""
    p = Path(path)
    return p if p.suffix.lower() == suffix else p.with_name(p.name + suffix)


def open_path(path: Path) -> bool:
    """Open a file or folder with the system's program (Word, WPS, the file manager)."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


def forms_available() -> bool:
    """Tell whether the registration form writer is installed."""
    try:
        from brandoffice.reports import forms  # noqa: F401
    except ImportError:
        return False
    return True


class RegisterFlows:
    """Export and print flows of the brand page; dialogs open from ``parent``."""

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget) -> None:
        self.ctx = ctx
        self.runner = runner
        self.parent = parent
        self.last_dir = str(Path.home())
        self.full_phone = False

    # -- export ----------------------------------------------------------------
    def export_view(self, f: BrandFilter, sort: str, descending: bool, count: int) -> None:
        """Ask a file name and write the brands of the current view to it."""
        today = self.ctx.today()
        suggested = str(Path(self.last_dir) / f"党建品牌登记_{today:%Y%m%d}.xlsx")
        chosen, _ = file_dialogs.get_save_file_name(
            self.parent, f"导出当前视图（{count} 个品牌）", suggested, XLSX_FILTER
        )
        if not chosen:
            return
        path = with_suffix(chosen, ".xlsx")
        self.last_dir = str(path.parent)
        ctx = self.ctx

        def done(n: int) -> None:
            messages.inform(self.parent, "导出完成", f"已导出 {n} 个品牌到：\n{path}")

        self.runner.run(
            lambda: brand_view.export_view(ctx, f, path, sort, descending),
            done,
            write=True,
            title="导出品牌登记",
            label="正在导出…",
        )

    # -- registration forms ----------------------------------------------------
    def print_forms(self, brand_ids: list[int], names: list[str]) -> None:
        """Write the registration forms of the selected brands, asking how when several.

        The form goes to the upper level, which needs the contact phone: the clerk
        confirms once for the batch whether to print it in full (the writer audits it).
        """
        if not brand_ids:
            messages.warn(self.parent, "打印登记表", "请先在登记簿中选择一个或多个品牌。")
            return
        if not forms_available():
            messages.warn(self.parent, "打印登记表", "本版本尚未安装登记表生成功能。")
            return

        def answer(choice: int) -> None:
            if choice in (0, 1):
                self.full_phone = choice == 0
                self._choose_target(brand_ids, names)

        messages.ask(
            self.parent, "打印登记表", "登记表报上级党组织，联系电话是否完整列出？",
            ["列出完整电话", "遮蔽电话", "取消"], answer,
            informative="上级党组织需要联系电话；选择“列出完整电话”会记入审计日志。",
        )  # fmt: skip

    def _choose_target(self, brand_ids: list[int], names: list[str]) -> None:
        if len(brand_ids) == 1:
            self._forms_to_file(brand_ids, f"{FORM_TITLE}_{names[0]}.docx")
            return

        def answer(choice: int) -> None:
            if choice == 0:
                self._forms_to_file(brand_ids, f"{FORM_TITLE}_{len(brand_ids)}个品牌.docx")
            elif choice == 1:
                self._forms_to_folder(brand_ids)

        messages.ask(
            self.parent,
            "打印登记表",
            f"已选择 {len(brand_ids)} 个品牌，登记表如何生成？",
            ["合并为一个文件（每个品牌一页）", "每个品牌一个文件", "取消"],
            answer,
        )

    def _forms_to_file(self, brand_ids: list[int], name: str) -> None:
        chosen, _ = file_dialogs.get_save_file_name(
            self.parent, "保存登记表", str(Path(self.last_dir) / name), DOCX_FILTER
        )
        if not chosen:
            return
        path = with_suffix(chosen, ".docx")
        self.last_dir = str(path.parent)
        self._write(brand_ids, path, one_file=True)

    def _forms_to_folder(self, brand_ids: list[int]) -> None:
        folder = file_dialogs.get_existing_directory(
            self.parent, "登记表保存到文件夹", self.last_dir
        )
        if not folder:
            return
        self.last_dir = folder
        self._write(brand_ids, Path(folder), one_file=False)

    def _write(self, brand_ids: list[int], out: Path, *, one_file: bool) -> None:
        ctx, ids, full_phone = self.ctx, list(brand_ids), self.full_phone

        def work() -> FormsWritten:
            from brandoffice.reports.forms import write_brand_forms

            return write_brand_forms(ctx, ids, out, one_file=one_file, reveal_phone=full_phone)

        self.runner.run(
            work,
            self._written,
            write=True,
            title="生成登记表",
            label="正在生成登记表…",
        )

    def _written(self, written: FormsWritten) -> None:
        """Say which fields continue on a 续页 or are blank, then open the forms."""
        notes = written.messages()
        if not notes:
            self._open(written.paths)
            return
        shown = "\n".join(notes[:15]) + (
            f"\n……另有 {len(notes) - 15} 份" if len(notes) > 15 else ""
        )
        messages.ask(
            self.parent, "打印前请注意", f"登记表已生成，打印前请核对：\n{shown}",
            ["打开登记表", "稍后打开"],
            lambda choice: self._open(written.paths) if choice == 0 else None,
        )  # fmt: skip

    def _open(self, paths: list[Path]) -> None:
        """Open the form (or the folder of several forms) in the system's program."""
        if not paths:
            return
        target = paths[0] if len(paths) == 1 else paths[0].parent
        if not open_path(target):
            listing = "\n".join(str(p) for p in paths[:10]) + ("\n…" if len(paths) > 10 else "")
            messages.inform(self.parent, "登记表已生成", f"已生成（未能自动打开）：\n{listing}")
