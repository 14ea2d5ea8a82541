"""``brandoffice holidays import|list|clear``: the year's days off and 调休 working days."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from brandoffice.cli.signin_cmd import cli_context
from brandoffice.errors import ValidationError
from brandoffice.workdays import ESTIMATE, OFF, year_source

ENCODINGS = ("utf-8-sig", "gb18030")
"""A notice saved on Windows may be in GBK; UTF-8 (with or without BOM) is tried first."""


def read_notice(path: Path) -> str:
    """Return a notice file's text in UTF-8 or GB18030.

    Raises:
        ValidationError: The file is missing or is not text.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ValidationError(f"文件“{path}”不存在") from exc
    except OSError as exc:
        raise ValidationError(f"无法读取文件“{path}”：{exc.strerror or exc}") from exc
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(f"文件“{path}”不是文本文件（应为 UTF-8 或 GBK 编码的通知全文）")


def cmd_holidays_import(args: argparse.Namespace) -> int:
    """Read a notice, print the preview, and save the year (unless ``--dry-run``)."""
    from brandoffice.holiday_notice import parse_notice
    from brandoffice.services.holidays import save_year

    plan = parse_notice(read_notice(Path(args.file)), args.year)
    for line in plan.preview():
        print(line)
    if args.dry_run:
        print("预览完毕，未写入数据库（去掉 --dry-run 即导入）")
        return 0
    ctx = cli_context(args, writes=True)
    replaced = year_source(plan.year)
    save_year(ctx, plan.year, plan.days(), action="导入节假日通知")
    before = f"（替换了原有的{replaced}）" if replaced else ""
    print(f"已导入{plan.year}年节假日安排{before}")
    return 0


def cmd_holidays_list(args: argparse.Namespace) -> int:
    """Print a year's special days, and where they come from."""
    from brandoffice.services.holidays import year_days

    cli_context(args, writes=False)  # loads the database's plans
    days = year_days(args.year)
    source = year_source(args.year)
    if args.json:
        items = [{"date": d.day.isoformat(), "kind": d.kind, "name": d.name} for d in days]
        json.dump(items, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        off = sum(d.kind == OFF for d in days)
        print(f"{args.year}年节假日安排（{source}）：放假{off}天，调休上班{len(days) - off}天")
        for d in days:
            print(f"  {d.day.isoformat()}\t{d.kind}\t{d.name}")
    if source is None:
        print(f"提示：{args.year}年没有节假日安排，工作日{ESTIMATE}；", end="", file=sys.stderr)
        print("用 brandoffice holidays import 通知.txt 导入", file=sys.stderr)
    return 0


def cmd_holidays_clear(args: argparse.Namespace) -> int:
    """Delete a year's plan from the database (back to the built-in data or the estimate)."""
    from brandoffice.services.holidays import clear_year

    ctx = cli_context(args, writes=True)
    if year_source(args.year) is None or not _in_database(args.year):
        print(f"数据库中没有{args.year}年的节假日安排，未作改动")
        return 0
    clear_year(ctx, args.year)
    after = year_source(args.year)
    print(f"已删除本机的{args.year}年节假日安排；现在使用：{after or ESTIMATE}")
    return 0


def _in_database(year: int) -> bool:
    from brandoffice.workdays import holiday_data

    return year in holiday_data().years


def cmd_holidays(args: argparse.Namespace) -> int:
    """Dispatch ``holidays import|list|clear``."""
    handlers = {
        "import": cmd_holidays_import,
        "list": cmd_holidays_list,
        "clear": cmd_holidays_clear,
    }
    return handlers[args.holidays_action](args)


def register_holidays(sub: Any) -> None:
    """Add the ``holidays`` subcommand with ``import``, ``list`` and ``clear``."""
    p = sub.add_parser(
        "holidays",
        help="节假日安排：导入国务院办公厅通知、查看某年的放假和调休上班日",
        description=(
            "某年的放假和调休上班日先取本机数据（导入或修改过的），否则取内置数据"
            f"（chinese-calendar），都没有的年份{ESTIMATE}。"
        ),
    )
    actions = p.add_subparsers(dest="holidays_action", metavar="ACTION", required=True)
    imp = actions.add_parser(
        "import",
        help="导入《关于XXXX年部分节假日安排的通知》全文（先打印预览，再写入）",
        description="读出通知中各节日的放假日期和调休上班日，打印预览，替换本机该年的安排。",
    )
    imp.add_argument("file", metavar="FILE.txt", help="通知全文（UTF-8 或 GBK 编码的文本文件）")
    imp.add_argument("--year", type=int, metavar="YEAR", help="年份（文本中没有标题时必须给出）")
    imp.add_argument("--dry-run", action="store_true", help="只打印预览，不写入数据库")
    shown = actions.add_parser("list", help="列出某年的放假日和调休上班日")
    shown.add_argument("--year", type=int, required=True, metavar="YEAR", help="年份")
    shown.add_argument(
        "--json", action="store_true", help="以 JSON 输出（每天一条：date、kind 休/班、name）"
    )
    clear = actions.add_parser("clear", help="删除本机保存的某年安排（恢复内置数据或按周末估算）")
    clear.add_argument("--year", type=int, required=True, metavar="YEAR", help="年份")
    p.set_defaults(handler=cmd_holidays)
