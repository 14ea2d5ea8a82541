"""Who may do what in this window: the signed-in role and a database opened read-only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from brandoffice.model.vocab import Role
from brandoffice.safety.permissions import Action, can

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

# Everything that writes to the database, the audit log included: refused when the
# database was opened read-only (a second instance), whatever the role.
WRITING = frozenset(
    {
        Action.EDIT,
        Action.IMPORT,
        Action.DELETE,
        Action.BACKUP,
        Action.RESTORE,
        Action.REPAIR,
        Action.ACCOUNTS,
        Action.SETTINGS,
        Action.EXPORT,
        Action.REPORT,
        Action.REVEAL,  # audited
    }
)

READ_ONLY_DB_TEXT = (
    "只读模式：另一个 BrandOffice 正在使用此数据库，本窗口只能查看，不能修改、导入或备份。"
    "关闭另一个窗口后重新打开本程序即可修改。"
)
LEADER_TEXT = "只读模式：您的角色（领导）可以查看数据和生成报表，不能修改。需要修改请联系组织员。"


@dataclass(frozen=True)
class Access:
    """What the window allows.

    Attributes:
        role: The signed-in role, None when sign-in is off (one PC: everything), or
            ``""`` before anyone signed in (nothing).
        account: The signed-in account name, or None.
        read_only_db: The database was opened read-only; nothing may be written.
    """

    role: str | None = None
    account: str | None = None
    read_only_db: bool = False

    def may(self, action: Action) -> bool:
        """Tell whether ``action`` is allowed in this window."""
        if self.read_only_db and action in WRITING:
            return False
        return self.role is None or can(self.role, action)

    @property
    def editable(self) -> bool:
        """Tell whether records may be changed (pages leave their read-only mode)."""
        return self.may(Action.EDIT)

    def banner(self) -> str | None:
        """Return the banner text explaining why the window is read-only, or None."""
        if self.read_only_db:
            return READ_ONLY_DB_TEXT
        if self.role == "":
            return None  # nobody signed in yet: the window is covered
        if not self.editable:
            return (
                LEADER_TEXT
                if self.role == Role.LEADER.value
                else "只读模式：您的角色不能修改数据。"
            )
        return None

    def status_text(self) -> str:
        """Return the account text of the status bar (empty when sign-in is off)."""
        if self.account is None:
            return ""
        return f"账户：{self.account}（{self.role}）"


def access_of(widget: QWidget | None) -> Access:
    """Return the :class:`Access` of the window a widget (or a dialog of it) belongs to.

    Outside a main window (a page tested on its own) everything is allowed, as with
    sign-in off.
    """
    while widget is not None:
        found = getattr(widget, "access", None)
        if isinstance(found, Access):
            return found
        widget = widget.parentWidget()
    return Access()
