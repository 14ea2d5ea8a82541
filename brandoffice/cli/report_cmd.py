"""``brandoffice report KIND --out FILE.docx`` and ``brandoffice bundle --out FILE.zip``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from brandoffice.cli.settings_cmd import warn_if_unset
from brandoffice.cli.signin_cmd import cli_context
from brandoffice.errors import ValidationError
from brandoffice.reports.options import FULL, ReportOptions

FORM_KIND = "form"
FORM_HELP = "党建品牌创建申报登记表（--brand 品牌名，可重复；或 --all）"


def report_kinds() -> dict[str, str]:
    """Return KIND → description, the registration form first."""
    from brandoffice.reports.kinds import REPORT_KINDS

    return {FORM_KIND: FORM_HELP, **{k: v.description for k, v in REPORT_KINDS.items()}}


REPORT_KINDS = report_kinds()
"""KIND → description for ``--help``."""


def meter(label: str) -> Any:
    """Return a progress callback printing to stderr when attached to a terminal."""
    if not sys.stderr.isatty():
        return None

    def report(done: int, total: int) -> None:
        print(f"\r{label} {done}/{total}", end="" if done < total else "\n", file=sys.stderr)

    return report


def _docx(out: Path) -> Path:
    if out.suffix.lower() != ".docx":
        raise ValidationError(f"输出文件应以 .docx 结尾：{out.name}")
    if not out.parent.is_dir():
        raise ValidationError(f"找不到输出文件夹：{out.parent}")
    return out


def _say_fonts(ctx: Any, preference: str | None) -> None:
    """Tell on stderr which faces the documents name and why."""
    from brandoffice.reports.fonts import preferred, report_fonts

    with preferred(preference):
        choice = report_fonts(ctx)
    print(f"字体：{choice.reason}", file=sys.stderr)


def cmd_report(args: argparse.Namespace) -> int:
    """Write the requested form or report."""
    from brandoffice.reports.fonts import preferred

    ctx = cli_context(args, writes=False)
    warn_if_unset(ctx)
    out = Path(args.out)
    _say_fonts(ctx, args.fonts)
    if args.kind == FORM_KIND:
        with preferred(args.fonts):
            return _forms(ctx, args, out)
    from brandoffice.reports.kinds import report_kind, write_report

    kind = report_kind(args.kind)
    options = ReportOptions(
        campaign=args.campaign,
        review_round=args.round,
        year=args.year,
        reveal_level=min(args.reveal, FULL),
        fonts=args.fonts,
        recipient=args.to,
    )
    path = write_report(ctx, kind.key, _docx(out), options, meter(f"正在生成{kind.label}"))
    print(f"已生成{kind.label}：{path}")
    return 0


def _forms(ctx: Any, args: argparse.Namespace, out: Path) -> int:
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
    written = write_brand_forms(ctx, ids, out, one_file=one_file, reveal_phone=args.reveal > 0)
    for line in written.messages():
        print(f"打印前请注意：{line}", file=sys.stderr)
    for path in written.paths:
        print(f"已生成：{path}")
    return 0


def register(sub: Any) -> None:
    """Add the ``report`` subcommand."""
    kinds = "；".join(f"{k}：{v}" for k, v in REPORT_KINDS.items())
    p = sub.add_parser("report", help="生成 Word 登记表或报告", description=f"KIND 可选：{kinds}")
    p.add_argument("kind", choices=list(REPORT_KINDS), metavar="KIND", help=kinds)
    p.add_argument(
        "--out", required=True, metavar="FILE.docx", help="输出文件；多个品牌分别成文件时为文件夹"
    )
    p.add_argument("--brand", action="append", metavar="NAME", help="品牌名称（可重复；form）")
    p.add_argument("--all", action="store_true", help="全部品牌（form）")
    p.add_argument("--campaign", metavar="NAME", help="创建活动名称（progress，默认最新一项）")
    p.add_argument("--round", metavar="NAME", help="评审名称（review，默认最近一轮）")
    p.add_argument(
        "--to",
        metavar="主送机关",
        help="主送机关（progress，默认：街道为区委组织部，镇、乡为县委组织部，区为市委组织部）",
    )
    p.add_argument(
        "--year", type=int, metavar="YEAR", help="年度（inspection、honours，默认最近有记录的年度）"
    )
    p.add_argument(
        "--reveal",
        action="count",
        default=0,
        help="报告中列出身份证号和电话：给一次显示遮蔽后的号码，给两次显示完整号码"
        "（记入审计日志）；登记表（报上级党组织）给出即列出完整联系电话，同样记入审计日志",
    )
    _fonts_option(p)
    p.set_defaults(handler=cmd_report)


def _fonts_option(p: Any) -> None:
    from brandoffice.reports.fonts import FONT_PREFERENCES

    choices = "；".join(f"{k}：{v}" for k, v in FONT_PREFERENCES.items())
    p.add_argument(
        "--fonts", choices=list(FONT_PREFERENCES), metavar="auto|gb2312|windows",
        help=f"文档字体（默认按设置，未设置时为 auto）。{choices}",
    )  # fmt: skip


def cmd_bundle(args: argparse.Namespace) -> int:
    """Write the reporting bundle (报送材料包)."""
    from brandoffice.reports.bundle import write_bundle

    ctx = cli_context(args, writes=False)
    warn_if_unset(ctx)
    out = Path(args.out)
    if out.suffix.lower() != ".zip":
        raise ValidationError(f"输出文件应以 .zip 结尾：{out.name}")
    _say_fonts(ctx, args.fonts)
    path = write_bundle(
        ctx, out, year=args.year, campaign=args.campaign, progress=meter("正在生成材料包"),
        fonts=args.fonts, form_phone=args.form_phone,
    )  # fmt: skip
    print(f"已生成报送材料包：{path}")
    return 0


def register_bundle(sub: Any) -> None:
    """Add the ``bundle`` subcommand."""
    p = sub.add_parser(
        "bundle",
        help="生成报送材料包（zip：Word 报告、Excel 名册、登记表、佐证材料和目录）",
        description="把一个年度的报告、名册、登记表和佐证材料打包成一个 zip 文件，附目录。",
    )
    p.add_argument("--out", required=True, metavar="FILE.zip", help="输出的 zip 文件")
    p.add_argument("--year", type=int, metavar="YEAR", help="年度（默认今年）")
    p.add_argument("--campaign", metavar="NAME", help="创建活动名称（默认该年度最新的一项）")
    p.add_argument(
        "--form-phone", action="store_true",
        help="登记表列出完整联系电话（报上级党组织用；记入审计日志），默认遮蔽",
    )  # fmt: skip
    _fonts_option(p)
    p.set_defaults(handler=cmd_bundle)
