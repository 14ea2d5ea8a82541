"""First-start flows: open the welcome page, save the office, build the demo street."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from brandoffice.office import OfficeIdentity
from brandoffice.paths import backup_dir
from brandoffice.services.context import AppContext
from brandoffice.services.settings import office_identity, set_office_identity
from ui import messages
from ui.tasks import TaskHandle
from ui.welcome import DEMO, WelcomeDialog

if TYPE_CHECKING:
    from ui.shell import WindowShell

BLANK_BACKUP = "空白数据库"


class DemoResult(NamedTuple):
    """What setting up the demo street produced."""

    summary: object
    blank: Path | None


def open_welcome(window: WindowShell, *, empty: bool = True) -> WelcomeDialog:
    """Open the welcome page over the window; when accepted, set the database up.

    Args:
        window: The main window.
        empty: Whether the database is still empty (only then the demo is offered).

    Returns:
        The open dialog (window-modal, deleted when closed).
    """
    dialog = WelcomeDialog(window.ctx, window.runner, window, empty=empty, settings=window.settings)
    dialog.accepted.connect(lambda: apply_welcome(window, dialog.choice(), dialog.identity()))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def blank_backup(ctx: AppContext) -> Path | None:
    """Back up the still-empty database as ``backups/空白数据库-<时间>.sqlite3``.

    Restoring it (文件 → 恢复…) clears the demo street again.

    Returns:
        The backup, or None for a server database (no file to copy).
    """
    from brandoffice.maintenance import backup

    path = ctx.db.path
    if path is None:
        return None
    name = f"{BLANK_BACKUP}-{ctx.clock():%Y%m%d-%H%M%S}{path.suffix or '.sqlite3'}"
    return backup(ctx, backup_dir(path) / name)


def apply_welcome(
    window: WindowShell, choice: str | None, office: OfficeIdentity | None
) -> TaskHandle:
    """Save the office and, for the demo street, back up and fill the database.

    Args:
        window: The main window (its context, runner and pages).
        choice: :data:`ui.welcome.DEMO`, :data:`ui.welcome.EMPTY` or None.
        office: The office as typed; None (the demo sets its own) leaves it as it is.

    Returns:
        The background task (a write).
    """
    ctx = window.ctx
    demo = choice == DEMO

    def work(progress: Callable[[int, int], None]) -> DemoResult | None:
        if office is not None and office != office_identity(ctx):
            set_office_identity(ctx, office)
        if not demo:
            return None
        from brandoffice.demo import build_demo  # off the start-up path

        blank = blank_backup(ctx)
        return DemoResult(build_demo(ctx, progress=progress), blank)

    def done(result: DemoResult | None) -> None:
        if result is None:
            window.notify_data_changed("settings")
            signer = office.signer if office is not None else ""
            window.statusBar().showMessage(f"本单位：{signer}", 5000)
            return
        window.notify_data_changed("demo")
        note = (
            f"\n\n生成前的空白数据库已备份到：\n{result.blank}\n"
            "需要清空示例数据时，用“文件 → 恢复…”选择这个备份。"
            if result.blank is not None
            else ""
        )
        messages.inform(window, "示例街道已生成", f"{result.summary}{note}")

    return window.runner.run(
        work,
        done,
        write=True,
        with_progress=True,
        title="生成示例数据" if demo else "保存本单位信息",
        label="正在生成示例街道…" if demo else "",
    )
