"""``brandoffice packet export|import|undo``: data packets up to the district and back down."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from brandoffice.safety.beside import command_context


def cmd_packet_export(args: argparse.Namespace) -> int:
    """Write this office's packet (or, with ``--down``, the decisions for one office)."""
    from brandoffice.packet.export import export_down, export_up

    ctx = command_context(args.db, writes=True)
    if args.down:
        if not args.office:
            print("错误：下发数据包需用 --office 指明发给哪个单位", file=sys.stderr)
            return 2
        result = export_down(ctx, Path(args.out), args.office, args.campaign or ())
        print(f"已生成下发给“{args.office}”的数据包：{result.path}（第 {result.sequence} 号）")
    else:
        if args.full_id:
            print(
                "注意：数据包含完整身份证号，请妥善保管和传递；此次导出已记入审计日志。",
                file=sys.stderr,
            )
        result = export_up(ctx, Path(args.out), full_id=args.full_id)
        print(f"已生成报送数据包：{result.path}（第 {result.sequence} 号）")
    for line in result.lines():
        print(line)
    return 0


def cmd_packet_import(args: argparse.Namespace) -> int:
    """Verify a packet, show what it adds and changes, then import it (unless ``--dry-run``)."""
    from brandoffice.packet.merge import import_packet

    ctx = command_context(args.db, writes=not args.dry_run)
    result = import_packet(ctx, Path(args.file), dry_run=args.dry_run)
    for line in result.plan.lines():
        print(line)
    if result.written:
        print("已导入（如需撤销：brandoffice packet undo）")
    elif args.dry_run and not result.plan.already:
        print("预览完毕，未写入数据库（去掉 --dry-run 即导入）")
    return 0


def cmd_packet_undo(args: argparse.Namespace) -> int:
    """Undo the last packet import."""
    from brandoffice.packet.undo import undo_last_packet

    ctx = command_context(args.db, writes=True)
    print(undo_last_packet(ctx))
    return 0


def register_packet(sub: Any) -> None:
    """Add ``packet`` with its export, import and undo subcommands."""
    p = sub.add_parser("packet", help="数据包：向上报送、向下下发（离线传递）")
    inner = p.add_subparsers(dest="packet_command", metavar="ACTION", required=True)

    e = inner.add_parser("export", help="生成数据包（.bopkt）")
    e.add_argument("--out", required=True, metavar="FILE.bopkt", help="数据包文件")
    e.add_argument(
        "--full-id", action="store_true", help="包含完整身份证号（默认遮蔽；记入审计日志）"
    )
    e.add_argument("--down", action="store_true", help="生成下发给某个报送单位的决定（区级使用）")
    e.add_argument("--office", metavar="OFFICE", help="下发给哪个单位（其报送数据包中的单位名称）")
    e.add_argument(
        "--campaign", action="append", metavar="NAME", help="一并下发的创建活动（可重复）"
    )
    e.set_defaults(handler=cmd_packet_export)

    i = inner.add_parser("import", help="校验并导入数据包（先显示将新增、更新的内容）")
    i.add_argument("file", metavar="FILE.bopkt")
    i.add_argument("--dry-run", action="store_true", help="只预览，不写入")
    i.set_defaults(handler=cmd_packet_import)

    u = inner.add_parser("undo", help="撤销最近一次数据包导入")
    u.set_defaults(handler=cmd_packet_undo)
