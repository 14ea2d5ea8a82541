"""``brandoffice report KIND --out FILE.docx``: forms and reports as Word files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from brandoffice.app import open_context
from brandoffice.errors import ValidationError

REPORT_KINDS = {
    "form": "党建品牌创建申报登记表（--brand 品牌名，可重复；或 --all）",
}
"""KIND → description; the report issue adds the leader reports here."""


def cmd_report(args: argparse.Namespace) -> int:
    """Write the requested report."""
    ctx = open_context(args.db)
    out = Path(args.out)
    if args.kind == "form":
        from brandoffice.reports.forms import write_brand_forms
        from brandoffice.services.brands import BrandService

        brands = BrandService(ctx)
        if args.all:
            ids = [b.id for b in brands.all_rows()]
        elif args.brand:
            ids = [brands.by_name(name).id for name in args.brand]
        else:
            raise ValidationError("请用 --brand 指定品牌名称，或用 --all 打印全部品牌")
        one_file = len(ids) == 1 or out.suffix.lower() == ".docx"
        written = write_brand_forms(ctx, ids, out, one_file=one_file, reveal_phone=args.reveal)
        for path in written:
            print(f"已生成：{path}")
        return 0
    raise ValidationError(f"未知的报告种类：{args.kind}")


def register(sub: Any) -> None:
    """Add the ``report`` subcommand."""
    kinds = "；".join(f"{k}：{v}" for k, v in REPORT_KINDS.items())
    p = sub.add_parser("report", help="生成 Word 登记表或报告", description=f"KIND 可选：{kinds}")
    p.add_argument("kind", choices=list(REPORT_KINDS), metavar="KIND", help=kinds)
    p.add_argument(
        "--out", required=True, metavar="FILE.docx", help="输出文件；多个品牌分别成文件时为文件夹"
    )
    p.add_argument("--brand", action="append", metavar="NAME", help="品牌名称（可重复）")
    p.add_argument("--all", action="store_true", help="全部品牌")
    p.add_argument("--reveal", action="store_true", help="电话号码不遮蔽")
    p.set_defaults(handler=cmd_report)
