"""The subcommands: init, demo, list, template, import, export, backup, restore, check."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brandoffice.cli import chart_cmd, report_cmd
from brandoffice.cli.holidays_cmd import register_holidays
from brandoffice.cli.packet_cmd import register_packet
from brandoffice.cli.report_cmd import meter
from brandoffice.cli.safety_cmd import guard_all, print_backups, register_safety
from brandoffice.cli.server_cmd import register_server
from brandoffice.cli.settings_cmd import register_settings
from brandoffice.cli.signin_cmd import cli_context, register_signin, sign_in_command
from brandoffice.errors import StorageError
from brandoffice.listing import KINDS, list_kind
from brandoffice.safety.masking import mask_url
from brandoffice.safety.permissions import Action

if TYPE_CHECKING:
    from brandoffice.services.context import AppContext

SubParsers = Any  # argparse's _SubParsersAction is private


def cmd_init(args: argparse.Namespace) -> int:
    """Create (or migrate) the database (no sign-in: nothing but the schema changes)."""
    from brandoffice.safety.beside import command_context

    ctx = command_context(args.db, writes=True)
    print(f"数据库已就绪：{mask_url(ctx.db.url)}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Fill an empty database with the demo street office, or the demo district."""
    from brandoffice.app import is_empty

    ctx = cli_context(args, writes=True, sign_in=False)
    if args.if_empty and not is_empty(ctx):
        print("数据库中已有数据，未生成示例数据")
        return 0
    sign_in_command(ctx, args)
    if args.district:
        from brandoffice.demo.district import build_district_demo

        print(build_district_demo(ctx, progress=meter("生成示例区")))
        return 0
    from brandoffice.demo import build_demo

    summary = build_demo(ctx, progress=meter("生成示例数据"))
    print(f"示例街道已生成：{summary}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """Print the records of one kind."""
    ctx = cli_context(args, writes=False)
    items = list_kind(ctx, args.kind, reveal=args.reveal)
    if args.reveal:
        from brandoffice.services import audit

        with ctx.db.write.begin() as s:
            audit.record(
                s, ctx, "列出（未遮蔽）", object_type=KINDS[args.kind][0], detail=f"{len(items)} 条"
            )
    if args.json:
        json.dump(items, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    label = KINDS[args.kind][0]
    print(f"{label}：共 {len(items)} 条")
    for item in items:
        print(f"  {item.get('id', '')}\t{item.get('name') or ''}")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    """Write an empty import template."""
    from brandoffice.excel import write_template

    write_template(args.kind, Path(args.file))
    print(f"已生成导入模板：{args.file}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import a filled template, all rows or none; or undo the last import."""
    from brandoffice.excel import import_kind, undo_last_import

    ctx = cli_context(args, writes=True)
    if args.undo_last:
        summary = undo_last_import(ctx)
        print(f"已撤销最近一次导入：{summary}")
        return 0
    if not args.kind or not args.file:
        print("错误：请给出 KIND 和 FILE，或使用 --undo-last", file=sys.stderr)
        return 2
    summary = import_kind(ctx, args.kind, Path(args.file), progress=meter("导入"))
    print(f"导入完成：{summary.report()}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Export records of one kind to Excel."""
    from brandoffice.excel import export_kind

    ctx = cli_context(args, writes=False)
    ctx.require(Action.EXPORT)
    if args.reveal:
        print(
            "注意：导出文件含未遮蔽的身份证号和电话，请妥善保管；此次导出已记入审计日志。",
            file=sys.stderr,
        )
    count = export_kind(ctx, args.kind, Path(args.file), reveal=args.reveal)
    print(f"已导出 {count} 条到 {args.file}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Write a verified backup, or list the backups."""
    from brandoffice.maintenance import backup

    if args.list:
        return print_backups(args.db)
    ctx = cli_context(args, writes=False)
    path = backup(ctx, Path(args.out) if args.out else None)
    print(f"备份完成并已校验：{path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore a backup after backing up the current state."""
    from brandoffice.maintenance import restore

    ctx = cli_context(args, writes=True)
    safety = restore(ctx, Path(args.file))
    print(f"已恢复 {args.file}；恢复前的数据已备份到 {safety}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Check the database and print a report."""
    from brandoffice.maintenance import check
    from brandoffice.safety.consistency import findings

    ctx = cli_context(args, writes=args.repair)
    if args.against:
        return _check_against(ctx, Path(args.against))
    report = check(ctx, repair=args.repair)
    for label, count in report.counts.items():
        print(f"{label}：{count}")
    for finding in findings(report):  # the window's 检查数据库 shows the same lines
        print(finding.line, file=sys.stderr if finding.kind == "问题" else sys.stdout)
    if report.repairable and not args.repair:
        print(f"其中 {report.repairable} 项可用 brandoffice check --repair 修复（修复前自动备份）")
    if report.ok:
        print("检查通过：未发现问题")
        return 0
    return 1


def _check_against(ctx: AppContext, path: Path) -> int:
    """Compare the audit anchor written into a backup, bundle or export with the database."""
    from brandoffice.safety.auditcopies import compare_anchor, read_anchor

    anchor = read_anchor(path)
    if anchor is None:
        raise StorageError(
            f"文件中没有审计日志锚点（旧版本写出的文件，或不是备份、材料包、导出表）：{path}"
        )
    with ctx.db.read() as s:
        problem = compare_anchor(s, anchor, f"“{path.name}”")
    if problem is not None:
        print(f"问题：{problem}", file=sys.stderr)
        return 1
    print(f"审计日志与“{path.name}”中的锚点一致：{anchor.describe()}")
    return 0


def _excel_parser(sub: SubParsers, name: str, summary: str, *, optional: bool = False) -> Any:
    """Add a subcommand on an Excel KIND and FILE.xlsx (both may be left out if ``optional``)."""
    from brandoffice.excel import EXCEL_KINDS

    excel_help = "、".join(f"{k}（{v}）" for k, v in EXCEL_KINDS.items())
    nargs = "?" if optional else None
    p = sub.add_parser(name, help=summary, description=f"KIND 可选：{excel_help}")
    p.add_argument("kind", nargs=nargs, choices=list(EXCEL_KINDS), metavar="KIND", help=excel_help)
    p.add_argument("file", nargs=nargs, metavar="FILE.xlsx")
    return p


def register(sub: SubParsers) -> None:
    """Add every subcommand to ``sub``."""
    list_help = "、".join(f"{k}（{v[0]}）" for k, v in KINDS.items())

    p = sub.add_parser("init", help="创建或升级数据库")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help="在空数据库中生成示例街道（幸福街道）或示例区（安和区）")
    p.add_argument("--if-empty", action="store_true", help="数据库已有数据时什么也不做")
    p.add_argument(
        "--district",
        action="store_true",
        help="生成示例区：区委组织部和所属街道、镇、区直党（工）委，供试用全区视图",
    )
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("list", help="列出某类记录", description=f"KIND 可选：{list_help}")
    p.add_argument("kind", choices=list(KINDS), metavar="KIND", help=f"记录种类：{list_help}")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（每条含 name 字段）")
    p.add_argument("--reveal", action="store_true", help="显示完整身份证号和电话")
    p.set_defaults(handler=cmd_list)

    _excel_parser(sub, "template", "生成 Excel 导入模板").set_defaults(handler=cmd_template)

    p = _excel_parser(sub, "import", "从 Excel 导入（全部成功或全部不导入）", optional=True)
    p.add_argument("--undo-last", action="store_true", help="撤销最近一次导入")
    p.set_defaults(handler=cmd_import)

    p = _excel_parser(sub, "export", "导出到 Excel")
    p.add_argument("--reveal", action="store_true", help="导出完整身份证号和电话（记入审计日志）")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("backup", help="备份数据库（校验后保存）")
    p.add_argument("--out", metavar="FILE", help="备份文件（默认存入数据目录下的 backups）")
    p.add_argument("--list", action="store_true", help="列出已有备份（最新的在前）")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="从备份恢复（先备份当前数据）")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=cmd_restore)

    report_cmd.register(sub)
    report_cmd.register_bundle(sub)
    chart_cmd.register(sub)

    p = sub.add_parser("check", help="检查数据库完整性与数据一致性")
    p.add_argument("--repair", action="store_true", help="安全时自动修复")
    p.add_argument(
        "--against",
        metavar="FILE",
        help="把备份、报送材料包或导出的 Excel 中记下的审计日志锚点与数据库比对",
    )
    p.set_defaults(handler=cmd_check)

    register_signin(sub)
    register_safety(sub)
    register_settings(sub)
    register_holidays(sub)
    register_server(sub)
    register_packet(sub)
    guard_all(sub)
