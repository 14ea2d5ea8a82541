"""A small street for the search tests: five units, 27 members, names sharing initials."""

from __future__ import annotations

import datetime as dt

from brandoffice.idcard import make_id_number
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.orgs import OrgDraft, OrgService

ZHANG_WEI = 25  # more than the default limit of 20 hits per kind
ZHAO_ID = make_id_number("320102", dt.date(1980, 3, 9), 7)


def build_search_street(ctx: AppContext) -> dict[str, int]:
    """Create the units and members the search tests look for; return ids by short name.

    Units: 幸福街道党工委 → 幸福驿站社区党委 (with 示范_党支部), 阳光社区党委.
    Members: 张三 (13800000000) and 25 × 张伟 (initials zw) in 幸福驿站, all with
    ID numbers from region 110105; 赵六 (13912345678, region 320102) in 阳光.
    """
    orgs = OrgService(ctx)

    def unit(name: str, kind: str, level: str, parent: int | None) -> int:
        draft = OrgDraft(name=name, kind=kind, level=level, parent_id=parent, sector="社区")
        return orgs.create(draft).id

    street = unit("幸福街道党工委", "党工委", "街道乡镇", None)
    station = unit("幸福驿站社区党委", "党委", "村社区", street)
    sunshine = unit("阳光社区党委", "党委", "村社区", street)
    underscore = unit("示范_党支部", "党支部", "基层单位", station)
    members = MemberService(ctx)

    def member(org_id: int, name: str, phone: str, id_number: str) -> int:
        draft = MemberDraft(org_id, name, "在职党员", id_number=id_number, phone=phone)
        return members.create(draft).id

    zhang = member(station, "张三", "13800000000", make_id_number("110105", dt.date(1970, 1, 1), 0))
    for i in range(1, ZHANG_WEI + 1):
        born = dt.date(1970 + i, 1 + i % 12, 1 + i % 28)
        member(station, "张伟", f"137{i:08d}", make_id_number("110105", born, i))
    zhao = member(sunshine, "赵六", "13912345678", ZHAO_ID)
    return {
        "street": street,
        "station": station,
        "sunshine": sunshine,
        "underscore": underscore,
        "zhang": zhang,
        "zhao": zhao,
    }
