"""A small street for the campaign-record tests: four units, seven members, one campaign."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.orgs import OrgDraft, OrgService

CAMPAIGN = "2026年“党情暖万家”创建活动"


@dataclass(frozen=True)
class Street:
    """Ids of the test street.

    Units: the street (root) → 幸福驿站社区党委 (中间) with its 第一党支部,
    东风社区党委 (后进), 光明社区党委 (先进, a demonstration point).
    Members: 张伟, 王芳 (在职), 李娜 (流动) in 幸福驿站; 赵磊 (在职) in its 第一党支部;
    刘洋, 陈静 (在职) in 东风; 孙丽 (在职) in 光明.
    """

    root: int
    xingfu: int
    branch: int
    dongfeng: int
    guangming: int
    members: dict[str, int]
    campaign: int


def build_street(ctx: AppContext) -> Street:
    """Create the street, its members and the 2026 campaign over it."""
    orgs = OrgService(ctx)
    root = orgs.create(
        OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇", secretary="周建国")
    ).id

    def unit(name: str, parent: int, grade: str | None, demo: bool = False) -> int:
        draft = OrgDraft(
            name=name,
            kind="党委" if parent == root else "党支部",
            level="村社区" if parent == root else "基层单位",
            parent_id=parent,
            grade=grade,
            is_demo_point=demo,
            secretary=f"{name[:2]}书记",
        )
        return orgs.create(draft).id

    xingfu = unit("幸福驿站社区党委", root, "中间")
    branch = unit("幸福驿站第一党支部", xingfu, None)
    dongfeng = unit("东风社区党委", root, "后进")
    guangming = unit("光明社区党委", root, "先进", demo=True)
    people = MemberService(ctx)
    members = {}
    for name, org, category in (
        ("张伟", xingfu, "在职党员"),
        ("王芳", xingfu, "在职党员"),
        ("李娜", xingfu, "流动党员"),
        ("赵磊", branch, "在职党员"),
        ("刘洋", dongfeng, "在职党员"),
        ("陈静", dongfeng, "在职党员"),
        ("孙丽", guangming, "在职党员"),
    ):
        members[name] = people.create(MemberDraft(org_id=org, name=name, category=category)).id
    campaign = (
        CampaignService(ctx)
        .create_campaign(
            CAMPAIGN,
            2026,
            scope_org_id=root,
            start_on=dt.date(2026, 3, 1),
            end_on=dt.date(2026, 12, 31),
        )
        .id
    )
    return Street(root, xingfu, branch, dongfeng, guangming, members, campaign)
