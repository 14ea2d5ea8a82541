"""Entry point: no arguments opens the window, subcommands do the clerk's work."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable, Sequence

from brandoffice import __version__
from brandoffice.errors import ImportRejected, KnownError
from brandoffice.safety.masking import install_log_masking

EXIT_OK, EXIT_ERROR, EXIT_BAD_INPUT = 0, 1, 2

Handler = Callable[[argparse.Namespace], int]


class ChineseParser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit 2 with a Chinese hint."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Print usage and the problem, then exit 2."""
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: 参数错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    """Build the parser with every subcommand registered."""
    from brandoffice.cli import commands

    parser = ChineseParser(
        prog="brandoffice",
        description="党建品牌工作台：不带参数时打开主窗口。",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help="数据库文件或 SQLAlchemy URL（默认取 BRANDOFFICE_DB 或用户数据目录）",
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="以此账户执行本条命令（提示输入密码；不在终端时从标准输入读一行）",
    )
    parser.add_argument(
        "--self-test", action="store_true", help="自检：临时数据库上迁移、写登记表和图表后退出"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ChineseParser)
    commands.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    install_log_masking()
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    try:
        if args.self_test:
            from brandoffice.selftest import run_self_test

            return run_self_test()
        if handler is None:
            return _open_window(args)
        return handler(args)
    except ImportRejected as exc:
        print(str(exc), file=sys.stderr)
        for line in exc.detail_lines():
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    except KnownError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


def _open_window(args: argparse.Namespace) -> int:
    if args.db:
        os.environ["BRANDOFFICE_DB"] = args.db
    try:
        from ui.app import run
    except ImportError as exc:
        print(
            f"无法加载图形界面（{exc}）；可使用命令行子命令，见 brandoffice --help", file=sys.stderr
        )
        return EXIT_ERROR
    return int(run(args.db))
