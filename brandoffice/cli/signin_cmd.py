"""Signing the command line in: ``login``, ``logout``, ``--user``, and the context every command opens.

With sign-in on (always on a server database) a command acts as the account of
``brandoffice login`` (a token valid 8 hours) or of ``--user NAME`` (a password
prompt for this command only); without either it is refused with exit 2 before
it reads or changes anything. The role's rights are then checked by the core.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from brandoffice.safety.permissions import NotSignedInError
from brandoffice.services.context import AppContext

FIRST_ADMIN = (
    "此数据库已开启登录（服务器数据库总是需要登录），但还没有可用的管理员账户。"
    "请先运行 brandoffice account add 用户名 --role 管理员 创建第一个管理员，"
    "再运行 brandoffice login 登录。"
)


def _ask(prompt: str, *, secret: bool) -> str:
    """Read one answer: a prompt at a terminal, else a line of standard input."""
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt) if secret else input(prompt)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise NotSignedInError(f"没有读到{prompt.rstrip('：:')}（标准输入已结束）")
    return line.rstrip("\r\n")


def _no_admin(ctx: AppContext) -> bool:
    from sqlalchemy import func, select

    from brandoffice.model.vocab import Role
    from brandoffice.safety.accounts import ACCOUNT

    query = select(func.count()).where(ACCOUNT.c.role == Role.ADMIN.value, ~ACCOUNT.c.disabled)
    with ctx.db.read() as s:
        return not s.scalar(query)


def sign_in_command(
    ctx: AppContext, args: argparse.Namespace, *, first_admin: bool = False
) -> None:
    """Sign a command's context in when the database asks for a sign-in.

    Args:
        ctx: The command's context; its gate starts enforcing the role.
        args: The parsed command line (``--user``).
        first_admin: The command creates a 管理员: allowed without a sign-in while
            the database has none.

    Raises:
        NotSignedInError: Sign-in is on and there is no valid sign-in.
        LoginError: ``--user`` with a wrong password, a locked or disabled account.
    """
    from brandoffice.safety.login_settings import login_required

    if not login_required(ctx):
        return
    ctx.gate.enforce(True)
    if _no_admin(ctx):
        if first_admin:
            return
        raise NotSignedInError(FIRST_ADMIN)
    user = getattr(args, "user", None)
    if user:
        from brandoffice.safety.accounts import sign_in

        sign_in(ctx, user, _ask("密码：", secret=True))
        return
    from brandoffice.safety.signin_token import read_token

    read_token(ctx)


def cli_context(
    args: argparse.Namespace, *, writes: bool, sign_in: bool = True, first_admin: bool = False
) -> AppContext:
    """Open the database of a command (see ``command_context``) and sign it in.

    Args:
        args: The parsed command line (``--db``, ``--user``).
        writes: The command changes data.
        sign_in: Sign in now; False when the command decides later
            (call :func:`sign_in_command`).
        first_admin: See :func:`sign_in_command`.
    """
    from brandoffice.safety.beside import command_context

    ctx = command_context(args.db, writes=writes)
    if sign_in:
        try:
            sign_in_command(ctx, args, first_admin=first_admin)
        except BaseException:
            ctx.db.dispose()
            raise
    return ctx


def cmd_login(args: argparse.Namespace) -> int:
    """Check a password and keep the command line signed in for 8 hours."""
    from brandoffice.safety.accounts import authenticate
    from brandoffice.safety.login_settings import login_required
    from brandoffice.safety.signin_token import issue_token

    ctx = cli_context(args, writes=False, sign_in=False)
    if not login_required(ctx):
        print("此数据库未开启登录，命令行无需登录")
        return 0
    if _no_admin(ctx):
        raise NotSignedInError(FIRST_ADMIN)
    name = args.login_user or args.user or _ask("用户名：", secret=False)
    row = authenticate(ctx, name, _ask("密码：", secret=True))
    token = issue_token(ctx, row.name)
    print(f"已登录：{row.name}（{row.role}），有效至 {token.expires:%Y-%m-%d %H:%M}")
    print("用完请运行 brandoffice logout 退出登录")
    return 0


def cmd_logout(args: argparse.Namespace) -> int:
    """Forget the command line's sign-in to the database."""
    from brandoffice.db.engine import resolve_url
    from brandoffice.safety.signin_token import remove_token

    print("已退出登录" if remove_token(resolve_url(args.db)) else "命令行未登录此数据库")
    return 0


def register_signin(sub: Any) -> None:
    """Add ``login`` and ``logout``."""
    p = sub.add_parser("login", help="登录（开启登录的数据库须先登录命令行，8 小时内有效）")
    p.add_argument("--user", dest="login_user", metavar="NAME", help="用户名（不给时提示输入）")
    p.set_defaults(handler=cmd_login)
    p = sub.add_parser("logout", help="退出命令行登录")
    p.set_defaults(handler=cmd_logout)
