"""Subcommand ``server``: set up a district's PostgreSQL server and its clerks' logins."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from brandoffice.cli.safety_cmd import _read_password, add_login_arguments


def cmd_server(args: argparse.Namespace) -> int:
    """Set up roles and grants, or add, remove and list the clerks' logins (as the owner)."""
    from brandoffice.db import server
    from brandoffice.db.engine import resolve_url

    url = resolve_url(args.db)
    if args.action == "setup":
        report = server.setup_server(url)
        groups = "、".join(report.created_groups) or "已存在，未改动"
        print(f"服务器已设置：数据表所有者“{report.owner}”，程序角色 {groups}")
        print(
            f"已按角色授权 {report.tables} 张表" + ("；数据库结构已升级" if report.migrated else "")
        )
    elif args.action == "add-login":
        args.password_stdin = args.password_stdin or not sys.stdin.isatty()
        login = server.add_login(url, args.name, args.role, _read_password(args))
        print(f"已创建登录“{login.name}”（{login.role}）；请把服务器地址、数据库名和登录名告诉本人")
    elif args.action == "remove-login":
        server.remove_login(url, args.name)
        print(f"已删除登录“{args.name}”")
    else:
        logins = server.list_logins(url)
        print(f"程序角色的登录：共 {len(logins)} 个")
        for login in logins:
            print(f"  {login.name}\t{login.role}" + ("" if login.can_login else "\t不能登录"))
    return 0


def register_server(sub: Any) -> None:
    """Add ``server``."""
    p = sub.add_parser(
        "server",
        help="区级 PostgreSQL 服务器：setup、add-login、remove-login、list-logins（用所有者账号运行）",
    )
    acts = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    acts.add_parser("setup", help="升级数据库结构，创建程序角色并按最小权限授权（可重复运行）")
    add_login_arguments(acts.add_parser("add-login", help="为一位同事新建登录（提示输入密码）"))
    a = acts.add_parser("remove-login", help="删除一位同事的登录")
    a.add_argument("name", metavar="NAME")
    acts.add_parser("list-logins", help="列出程序角色的登录")
    p.set_defaults(handler=cmd_server)
