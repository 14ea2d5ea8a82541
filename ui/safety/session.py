"""Who is signed in: the login at start, the idle lock, and what the role may do."""

from __future__ import annotations

import logging
from functools import cached_property
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from brandoffice.safety.login_settings import idle_lock_minutes, login_required
from ui.safety.access import Access
from ui.safety.idle import IdleWatcher

if TYPE_CHECKING:
    from brandoffice.safety.accounts import AccountRow
    from brandoffice.safety.readonly_login import MemoryLockout
    from ui.safety.login import LoginDialog
    from ui.shell import WindowShell

log = logging.getLogger(__name__)
IDLE_REASON = "空闲锁定"
MANUAL_REASON = "锁定窗口"


class SessionGate(QObject):
    """Signs the clerk in, locks the window when idle, and applies the role to the window.

    :meth:`begin` is called once the window is shown: without sign-in the window
    is open at once; with sign-in it stays covered until someone signs in.
    Giving up at the login dialog closes the window (and so the program).

    Attributes:
        account: The signed-in account, or None (sign-in off, or not yet).
        login_on: The database asks for a sign-in.
        read_only_db: The database was opened read-only.
        dialog: The login dialog while it is open.

    Signals:
        started(): The window is open for use (first sign-in, or no sign-in) — once.
        signedIn(object): An :class:`AccountRow` signed in (also after a lock).
        locked(): The window was covered and the login dialog opened.
    """

    started = Signal()
    signedIn = Signal(object)
    locked = Signal()

    def __init__(
        self, window: WindowShell, *, read_only_db: bool = False, idle: IdleWatcher | None = None
    ) -> None:
        super().__init__(window)
        self.window = window
        self.read_only_db = read_only_db
        self.account: AccountRow | None = None
        self.login_on = False
        self.dialog: LoginDialog | None = None
        self.idle = idle or IdleWatcher(self)
        self.idle.idle.connect(lambda: self.lock(IDLE_REASON))
        self._hidden: list[QWidget] = []
        self._started = False

    @cached_property
    def lockout(self) -> MemoryLockout:
        """Failed sign-ins counted in memory, for a database opened read-only."""
        from brandoffice.safety.readonly_login import MemoryLockout

        return MemoryLockout()

    # -- start -------------------------------------------------------------------
    def begin(self) -> None:
        """Open the window for use, or cover it and ask for a sign-in first."""
        ctx = self.window.ctx
        self.login_on = login_required(ctx)
        ctx.gate.enforce(self.login_on)  # the core refuses what the role may not do
        if not self.login_on:
            self.window.apply_access(Access(read_only_db=self.read_only_db))
            self._start()
            return
        self.window.apply_access(Access(role="", read_only_db=self.read_only_db))
        from brandoffice.safety.accounts import needs_first_admin  # the ORM: only with sign-in

        first = not self.read_only_db and needs_first_admin(ctx)
        self._cover("请登录")
        self._open_login(first_admin=first, note="")

    def _start(self) -> None:
        if not self._started:
            self._started = True
            self.started.emit()

    # -- locking -----------------------------------------------------------------
    def lock(self, reason: str = IDLE_REASON) -> None:
        """Cover the window and ask for a sign-in again (the end of the session is audited).

        Args:
            reason: ``空闲锁定`` for the idle lock, ``锁定窗口`` when asked for.
        """
        if self.dialog is not None:
            return
        self.idle.disarm()
        ctx = self.window.ctx
        if self.account is not None and not self.read_only_db:
            from brandoffice.safety.accounts import sign_out

            self.window.runner.run(
                lambda: sign_out(ctx, reason),  # after the writes already queued
                on_error=lambda exc: log.warning("无法记录锁定：%s", exc),
                write=True,
            )
        else:
            ctx.gate.sign_out()  # nothing passes the core while the window is locked
        text = "窗口已锁定（长时间没有操作）" if reason == IDLE_REASON else "窗口已锁定"
        self._cover(f"{text}，请重新登录。")
        name = self.account.name if self.account is not None else ""
        self._open_login(first_admin=False, note=f"{text}。请重新登录，或退出程序。", name=name)
        self.locked.emit()

    def _open_login(self, *, first_admin: bool, note: str, name: str = "") -> None:
        note = note or (
            "数据库以只读方式打开：登录不会被记录，连续输错 5 次同样会被锁定 15 分钟。"
            if self.read_only_db
            else ""
        )
        from ui.safety.login import LoginDialog

        dialog = LoginDialog(
            self.window.ctx,
            self.window.runner,
            read_only_db=self.read_only_db,
            first_admin=first_admin,
            lockout=self.lockout,
            note=note,
            name=name,
            parent=self.window,
        )
        dialog.signedIn.connect(self._signed_in)
        dialog.rejected.connect(self._gave_up)
        dialog.finished.connect(lambda _r: self._login_closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _login_closed(self, dialog: LoginDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _gave_up(self) -> None:
        self.dialog = None
        if (
            not self.window.close()
            and self.window.isVisible()
            and not self.window.runner.is_writing()
        ):
            # Closing was cancelled (unsaved edits kept): the window stays locked.
            self._open_login(first_admin=False, note="请登录，或退出程序。")

    def _signed_in(self, row: AccountRow) -> None:
        self.account = row
        self.window.ctx.sign_in(row.name, row.role)
        self.window.apply_access(
            Access(role=row.role, account=row.name, read_only_db=self.read_only_db)
        )
        self.window.show_lock_command(True)
        self._uncover()
        self.idle.arm(idle_lock_minutes(self.window.ctx) * 60)
        self.signedIn.emit(row)
        self._start()

    def refresh_access(self) -> None:
        """Read the login settings and the signed-in account again (after the account page)."""
        ctx, account = self.window.ctx, self.account

        from brandoffice.safety.accounts import get_account

        def work() -> tuple[bool, int, AccountRow | None]:
            row = get_account(ctx, account.name) if account is not None else None
            return login_required(ctx), idle_lock_minutes(ctx), row

        def done(found: tuple[bool, int, AccountRow | None]) -> None:
            self.login_on, minutes, row = found
            if row is not None:
                self.account = row
                self.window.ctx.sign_in(row.name, row.role)
                self.window.apply_access(
                    Access(role=row.role, account=row.name, read_only_db=self.read_only_db)
                )
            self.window.show_lock_command(self.login_on)
            if self.dialog is None:
                self.idle.arm(minutes * 60 if self.login_on else 0)

        self.window.runner.run(work, done, on_error=lambda exc: log.warning("%s", exc))

    # -- covering ----------------------------------------------------------------
    def _cover(self, text: str) -> None:
        """Hide the pages and every other window of the program (their data too)."""
        from ui.safety.login import LoginDialog

        self.window.set_covered(True, text)
        for widget in QApplication.topLevelWidgets():
            if (
                widget is not self.window
                and widget.isVisible()
                and not isinstance(widget, (QProgressDialog, LoginDialog))
            ):
                widget.hide()
                self._hidden.append(widget)

    def _uncover(self) -> None:
        self.window.set_covered(False)
        hidden, self._hidden = self._hidden, []
        for widget in hidden:
            if shiboken6.isValid(widget):
                widget.show()
