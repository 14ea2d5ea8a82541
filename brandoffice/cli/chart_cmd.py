"""The ``chart`` subcommand: write a progress chart of a campaign as a PNG file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from brandoffice.charts.adapters import CHART_KINDS

EXIT_BAD_INPUT = 2


def cmd_chart(args: argparse.Namespace) -> int:
    """Draw one chart kind of a campaign (the newest by default) into ``--out``."""
    from brandoffice.charts.adapters import chart_figure
    from brandoffice.charts.common import save_png
    from brandoffice.cli.signin_cmd import cli_context
    from brandoffice.services.campaigns import CampaignService

    out = Path(args.out)
    if not out.parent.is_dir():
        print(f"错误：文件夹“{out.parent}”不存在", file=sys.stderr)
        return EXIT_BAD_INPUT
    ctx = cli_context(args, writes=False)
    service = CampaignService(ctx)
    campaign_id: int | None = None
    name = ""
    if args.kind != "brands" or args.campaign:
        if args.campaign:
            key: str | int = int(args.campaign) if args.campaign.isdigit() else args.campaign
            campaign = service.campaign(key)  # NotFoundError: exit 2 with its message
        else:
            campaigns = service.campaigns()
            if not campaigns:
                print("错误：数据库中还没有创建活动，请先新建或导入", file=sys.stderr)
                return EXIT_BAD_INPUT
            campaign = campaigns[0]
        campaign_id, name = campaign.id, campaign.name
    figure = chart_figure(ctx, args.kind, campaign_id, campaign_name=name)
    save_png(figure, out)
    print(f"已生成图表：{out}")
    return 0


def register(sub: Any) -> None:
    """Add the ``chart`` subcommand to the subparsers ``sub``."""
    lines = "\n".join(f"  {k:<9}{v}" for k, v in CHART_KINDS.items())
    p = sub.add_parser(
        "chart",
        help="把创建活动的进度图表保存为 PNG 图片",
        description=f"把创建活动的进度图表保存为 PNG 图片。\n\nKIND 可选：\n{lines}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "kind",
        choices=list(CHART_KINDS),
        metavar="KIND",
        help="图表种类：" + "、".join(CHART_KINDS),
    )
    p.add_argument(
        "--campaign",
        metavar="NAME",
        help="创建活动名称或编号（默认最新的一个；brands 图不需要）",
    )
    p.add_argument("--out", required=True, metavar="FILE.png", help="保存到的 PNG 文件")
    p.set_defaults(handler=cmd_chart)
