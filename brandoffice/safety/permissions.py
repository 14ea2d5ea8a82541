"""What each role may do: 领导 reads and reports, 组织员 edits, 管理员 everything.

With sign-in on, nobody signed in yet has the role ``NOBODY`` (``""``) and may do nothing.
"""

from __future__ import annotations

from enum import StrEnum

from brandoffice.errors import KnownError
from brandoffice.model.vocab import Role


class Action(StrEnum):
    """Things a signed-in person does; the values name them in messages."""

    READ = "查看"
    REPORT = "生成报表"
    EXPORT = "导出"
    EDIT = "修改"
    IMPORT = "导入"
    DELETE = "删除"
    BACKUP = "备份"
    REVEAL = "查看完整证件号和电话"
    RESTORE = "恢复备份"
    REPAIR = "修复数据库"
    AUDIT = "查看和导出审计日志"
    ACCOUNTS = "管理账户"
    SETTINGS = "修改系统设置"


_LEADER = frozenset({Action.READ, Action.REPORT})
_CLERK = _LEADER | {
    Action.EXPORT,
    Action.EDIT,
    Action.IMPORT,
    Action.DELETE,
    Action.BACKUP,
    Action.REVEAL,
}
ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.LEADER: _LEADER,
    Role.CLERK: frozenset(_CLERK),
    Role.ADMIN: frozenset(Action),
}


NOBODY = ""
NOT_SIGNED_IN = "已开启登录，请先登录再操作"


class PermissionDeniedError(KnownError):
    """The signed-in role may not do this."""


class NotSignedInError(PermissionDeniedError):
    """Sign-in is on and nobody has signed in (or the sign-in expired)."""


def can(role: Role | str, action: Action | str) -> bool:
    """Tell whether ``role`` may do ``action`` (unknown roles may do nothing)."""
    try:
        return Action(action) in ROLE_ACTIONS[Role(role)]
    except ValueError:
        return False


def require(role: Role | str, action: Action | str) -> None:
    """Raise PermissionDeniedError unless ``role`` may do ``action``."""
    if role == NOBODY:
        raise NotSignedInError(NOT_SIGNED_IN)
    if not can(role, action):
        raise PermissionDeniedError(f"您的角色（{role}）无权{Action(action).value}，请联系管理员")
