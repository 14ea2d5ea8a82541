"""``brandoffice settings show|set``: the office's identity (street or town, name, issuer)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from brandoffice.cli.signin_cmd import cli_context
from brandoffice.office import UNSET_HINT, OfficeIdentity, kind_choices

SET_HINT = (
    "用 brandoffice settings set --kind 街道|镇|乡|区 --name 单位名称 [--issuer 发文机关] 设置"
)


def identity_dict(identity: OfficeIdentity) -> dict[str, object]:
    """Return the identity as JSON-ready values, the derived wording included."""
    return {
        "kind": identity.kind.value,
        "name": identity.name,
        "issuer": identity.issuer,
        "contact": identity.contact,
        "signer": identity.signer,
        "committee": identity.wording.committee,
        "section": identity.wording.section,
        "is_set": identity.is_set,
    }


def warn_if_unset(ctx: Any) -> None:
    """Tell the clerk on stderr to set the office first when documents would be unsigned."""
    from brandoffice.services.settings import office_identity

    if not office_identity(ctx).is_set:
        print(f"提示：{UNSET_HINT}请先设置本单位信息：{SET_HINT}。", file=sys.stderr)


def cmd_settings_show(args: argparse.Namespace) -> int:
    """Print the office's identity."""
    from brandoffice.services.settings import office_identity

    identity = office_identity(cli_context(args, writes=False))
    if args.json:
        json.dump(identity_dict(identity), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    _print(identity)
    if not identity.is_set:
        print(f"提示：{UNSET_HINT}{SET_HINT}", file=sys.stderr)
    return 0


def _print(identity: OfficeIdentity) -> None:
    unset = "（未设置）"
    print(f"单位类别：{identity.kind.value}")
    print(f"单位名称：{identity.name or unset}")
    issuer = identity.issuer or (f"{identity.signer}（按单位名称）" if identity.is_set else unset)
    print(f"发文机关：{issuer}")
    print(f"联系方式：{identity.contact or unset}")
    print(f"党委称谓：{identity.wording.committee}；备案部门：{identity.wording.section}")


def cmd_settings_set(args: argparse.Namespace) -> int:
    """Change the given fields of the office's identity (checked, audited)."""
    from brandoffice.errors import ValidationError
    from brandoffice.services.settings import check_identity, office_identity, set_office_identity

    if all(v is None for v in (args.kind, args.name, args.issuer, args.contact)):
        raise ValidationError(f"请至少给出一项要修改的内容；{SET_HINT}")
    ctx = cli_context(args, writes=True)
    identity = check_identity(
        office_identity(ctx),
        kind=args.kind,
        name=args.name,
        issuer=args.issuer,
        contact=args.contact,
    )
    set_office_identity(ctx, identity)
    print("本单位信息已保存：")
    _print(identity)
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    """Run ``settings show`` or ``settings set``."""
    if args.settings_action == "show":
        return cmd_settings_show(args)
    return cmd_settings_set(args)


def register_settings(sub: Any) -> None:
    """Add the ``settings`` subcommand with ``show`` and ``set``."""
    p = sub.add_parser(
        "settings",
        help="本单位信息：街道或乡镇、名称、发文机关、联系方式",
        description="查看或修改本单位信息；登记表和报告的标题、落款和用语按它生成。",
    )
    actions = p.add_subparsers(dest="settings_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="显示本单位信息")
    show.add_argument("--json", action="store_true", help="以 JSON 输出")
    change = actions.add_parser(
        "set",
        help="修改本单位信息（只改给出的项）",
        description=f"单位类别可选：{kind_choices()}。街道用“党工委”“组织科”用语，镇、乡用“党委”“组织办”。",
    )
    change.add_argument("--kind", metavar="KIND", help=f"单位类别，可选：{kind_choices()}")
    change.add_argument("--name", metavar="NAME", help="单位名称，如 和平街道、青山镇")
    change.add_argument(
        "--issuer", metavar="ISSUER", help="发文机关（落款），默认按单位名称，如 青山镇党委"
    )
    change.add_argument("--contact", metavar="TEXT", help="联系方式，如 党建办 张明 0431-1234567")
    p.set_defaults(handler=cmd_settings)
