"""Subcommands ``account`` and ``audit``, ``backup --list``, and the storage-error guard."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_BAD_INPUT = 2
Handler = Callable[[argparse.Namespace], int]


def guarded(handler: Handler) -> Handler:
    """Wrap a subcommand: clean up killed backups, storage failures become messages (exit 2).

    A damaged database prints where it was put aside and how to restore the
    newest good backup.
    """

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        from brandoffice.db.engine import resolve_url, sqlite_path
        from brandoffice.safety.backups import clean_interrupted_backups
        from brandoffice.safety.storage import CorruptDatabaseError, storage_guard

        # Copies of killed backups are plaintext personal data: gone at every start.
        clean_interrupted_backups(sqlite_path(resolve_url(args.db)))
        try:
            with storage_guard():
                return handler(args)
        except CorruptDatabaseError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            if exc.backup is not None:
                db = f'--db "{args.db}" ' if args.db else ""
                print(f'恢复方法：brandoffice {db}restore "{exc.backup}"', file=sys.stderr)
            return EXIT_BAD_INPUT

    return run


def guard_all(sub: Any) -> None:
    """Wrap the handler of every registered subcommand with :func:`guarded`."""
    for parser in sub.choices.values():
        handler = parser.get_default("handler")
        if handler is not None and not getattr(handler, "_guarded", False):
            wrapped = guarded(handler)
            wrapped._guarded = True  # type: ignore[attr-defined]
            parser.set_defaults(handler=wrapped)


def print_backups(db: str | None) -> int:
    """List the backups of the database, newest first."""
    from brandoffice.db.engine import resolve_url, sqlite_path
    from brandoffice.safety.backups import SERVER_BACKUP, list_backups

    path = sqlite_path(resolve_url(db))
    if path is None:
        print(SERVER_BACKUP)
        return 0
    backups = list_backups(path)
    print(f"备份：共 {len(backups)} 个（{path.parent / 'backups'}）")
    for b in backups:
        print(f"  {b.time:%Y-%m-%d %H:%M:%S}\t{b.reason_label}\t{b.size // 1024} KB\t{b.path.name}")
    return 0


def _read_password(args: argparse.Namespace, prompt: str = "密码：") -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(prompt)
    if getpass.getpass("再次输入：") != first:
        from brandoffice.errors import ValidationError

        raise ValidationError("两次输入的密码不一致")
    return first


def cmd_account(args: argparse.Namespace) -> int:
    """Manage login accounts and the login settings."""
    from brandoffice.cli.signin_cmd import cli_context
    from brandoffice.model.vocab import Role
    from brandoffice.safety import accounts

    first_admin = args.action == "add" and args.role == Role.ADMIN.value
    ctx = cli_context(args, writes=args.action != "list", first_admin=first_admin)
    if args.action == "list":
        rows = accounts.list_accounts(ctx)
        print(
            f"账户：共 {len(rows)} 个；登录{'已开启' if accounts.login_required(ctx) else '未开启'}"
        )
        for a in rows:
            state = "停用" if a.disabled else ("锁定" if a.locked_at(ctx.clock()) else "正常")
            last = f"{a.last_login:%Y-%m-%d %H:%M}" if a.last_login else "从未登录"
            print(f"  {a.name}\t{a.role}\t{state}\t{last}")
    elif args.action == "add":
        accounts.create_account(ctx, args.name, args.role, _read_password(args))
        print(f"已创建账户“{args.name}”（{args.role}）")
    elif args.action == "passwd":
        accounts.change_password(ctx, args.name, _read_password(args, "新密码："))
        print(f"已重置“{args.name}”的密码")
    elif args.action == "role":
        accounts.set_role(ctx, args.name, args.role)
        print(f"“{args.name}”的角色已改为{args.role}")
    elif args.action == "unlock":
        accounts.unlock(ctx, args.name)
        print(f"已解除“{args.name}”的锁定")
    elif args.action == "login":
        accounts.set_login_required(ctx, args.state == "on")
        print("已开启登录" if args.state == "on" else "已关闭登录")
    return 0


def _day(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def cmd_audit(args: argparse.Namespace) -> int:
    """Export the audit log (masked) to .xlsx."""
    from brandoffice.cli.signin_cmd import cli_context
    from brandoffice.safety.auditlog import AuditFilter, export_audit

    ctx = cli_context(args, writes=False)
    end = _day(args.to)
    flt = AuditFilter(
        start=_day(args.since),
        end=end + dt.timedelta(days=1) if end and len(args.to) <= 10 else end,
        account=args.account,
        action=args.action,
    )
    count = export_audit(ctx, Path(args.file), flt)
    print(f"已导出 {count} 条审计日志到 {args.file}（证件号、手机号已遮蔽）")
    return 0


def add_login_arguments(parser: Any) -> None:
    """Add what a new login takes: NAME, ``--role`` (组织员 unless given), ``--password-stdin``."""
    from brandoffice.model.vocab import Role

    roles = [r.value for r in Role]
    parser.add_argument("name", metavar="NAME")
    parser.add_argument("--role", choices=roles, default="组织员", help="、".join(roles))
    parser.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码")


def register_safety(sub: Any) -> None:
    """Add ``account`` and ``audit``."""
    from brandoffice.model.vocab import Role

    roles = [r.value for r in Role]
    p = sub.add_parser("account", help="登录账户：list、add、passwd、role、unlock、login on|off")
    acts = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    acts.add_parser("list", help="列出账户")
    add_login_arguments(acts.add_parser("add", help="新建账户（提示输入密码）"))
    a = acts.add_parser("passwd", help="重置密码")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码")
    a = acts.add_parser("role", help="修改角色")
    a.add_argument("name", metavar="NAME")
    a.add_argument("role", choices=roles, metavar="ROLE", help="、".join(roles))
    a = acts.add_parser("unlock", help="解除锁定")
    a.add_argument("name", metavar="NAME")
    a = acts.add_parser("login", help="开启或关闭登录（单机 SQLite）")
    a.add_argument("state", choices=["on", "off"], metavar="on|off", help="on 或 off")
    p.set_defaults(handler=cmd_account)

    p = sub.add_parser("audit", help="导出审计日志到 Excel（证件号、手机号遮蔽）")
    p.add_argument("file", metavar="FILE.xlsx")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="起始日期")
    p.add_argument("--to", metavar="YYYY-MM-DD", help="截止日期（含当天）")
    p.add_argument("--account", help="只导出此账户的记录")
    p.add_argument("--action", help="操作名称包含此文字（如 导入、登录）")
    p.set_defaults(handler=cmd_audit)
