"""The demo district (安和区, fictitious): its identity and the tree of its streets and towns."""

from __future__ import annotations

import datetime as dt

from brandoffice.demo.data import OrgPlan
from brandoffice.model.vocab import Grade, OrgKind, OrgLevel, Sector
from brandoffice.office import OfficeIdentity, OfficeKind

DISTRICT = "安和区"
DEPARTMENT = "安和区委组织部"
CITY_DEPARTMENT = "市委组织部"
DISTRICT_IDENTITY = OfficeIdentity(
    OfficeKind.DISTRICT,
    DISTRICT,
    issuer="中共安和区委组织部",
    contact="区委组织部组织科 赵明远 0437-3106800",
)
"""The demo district's own office: set with the demo, so no real office signs with it."""

DISTRICT_SEED = 20261020

K, S, L, G = OrgKind, Sector, OrgLevel, Grade
D = dt.date


def _unit(
    name: str, sector: Sector, members: int, grade: Grade, founded: D, *children: OrgPlan,
    kind: OrgKind = K.BRANCH, level: OrgLevel = L.GRASSROOTS, mix: str = "staff",
    demo_point: bool = False,
) -> OrgPlan:  # fmt: skip
    return OrgPlan(name, kind, sector, level, members, grade, founded, demo_point, children, mix)


def _community(name: str, kind: OrgKind, members: int, grade: Grade, founded: D,
               *children: OrgPlan, demo_point: bool = False) -> OrgPlan:  # fmt: skip
    return _unit(name, S.COMMUNITY, members, grade, founded, *children, kind=kind,
                 level=L.COMMUNITY, mix="community", demo_point=demo_point)  # fmt: skip


def _grid(name: str, members: int, founded: D) -> OrgPlan:
    return _unit(name, S.COMMUNITY, members, G.MIDDLE, founded, mix="community")


def _village(name: str, kind: OrgKind, members: int, grade: Grade, founded: D,
             demo_point: bool = False) -> OrgPlan:  # fmt: skip
    return _unit(name, S.VILLAGE, members, grade, founded, kind=kind, level=L.COMMUNITY,
                 mix="village", demo_point=demo_point)  # fmt: skip


def _committee(name: str, kind: OrgKind, members: int, founded: D, *children: OrgPlan,
               level: OrgLevel = L.STREET, sector: Sector | None = S.STREET) -> OrgPlan:  # fmt: skip
    return OrgPlan(name, kind, sector, level, members, None, founded, False, children)


HEXI = _committee(
    "河西街道党工委", K.WORKING_COMMITTEE, 8, D(1986, 7, 1),
    _community("滨河社区党委", K.COMMITTEE, 14, G.ADVANCED, D(2002, 6, 18),
               _grid("滨河第一网格党支部", 12, D(2016, 4, 1)),
               _grid("滨河第二网格党支部", 11, D(2016, 4, 1)), demo_point=True),
    _community("柳荫社区党总支", K.GENERAL_BRANCH, 18, G.ADVANCED, D(2005, 9, 1)),
    _community("西关社区党委", K.COMMITTEE, 16, G.MIDDLE, D(2004, 3, 12)),
    _unit("河西街道机关党支部", S.ORGAN, 12, G.ADVANCED, D(1986, 7, 1)),
    _unit("河西商务楼宇联合党支部", S.ENTERPRISE, 9, G.MIDDLE, D(2018, 7, 1),
          kind=K.JOINT_BRANCH, mix="private"),
)  # fmt: skip

DONGCHENG = _committee(
    "东城街道党工委", K.WORKING_COMMITTEE, 8, D(1984, 10, 1),
    _community("东关社区党委", K.COMMITTEE, 14, G.ADVANCED, D(2001, 5, 8),
               _grid("东关花园小区党支部", 10, D(2019, 6, 1))),
    _community("文昌社区党总支", K.GENERAL_BRANCH, 15, G.MIDDLE, D(2006, 8, 15)),
    _community("兴业社区党总支", K.GENERAL_BRANCH, 13, G.LAGGING, D(2012, 4, 20)),
    _unit("东城街道机关党支部", S.ORGAN, 11, G.MIDDLE, D(1984, 10, 1)),
    _unit("东城实验小学党支部", S.SCHOOL, 14, G.ADVANCED, D(1990, 9, 1)),
)  # fmt: skip

XINHUA = _committee(
    "新华街道党工委", K.WORKING_COMMITTEE, 7, D(1988, 3, 1),
    _community("新华社区党委", K.COMMITTEE, 16, G.MIDDLE, D(2003, 7, 1),
               _grid("新华北区党支部", 10, D(2017, 9, 12))),
    _community("育才社区党总支", K.GENERAL_BRANCH, 14, G.MIDDLE, D(2007, 11, 3)),
    _community("铁北社区党总支", K.GENERAL_BRANCH, 12, G.LAGGING, D(2009, 3, 1)),
    _unit("新华街道机关党支部", S.ORGAN, 10, G.MIDDLE, D(1988, 3, 1)),
    _unit("新华街道社区卫生服务中心党支部", S.HEALTH, 9, G.ADVANCED, D(2010, 5, 12)),
)  # fmt: skip

BINJIANG = _committee(
    "滨江街道党工委", K.WORKING_COMMITTEE, 8, D(1995, 6, 1),
    _community("滨江社区党委", K.COMMITTEE, 15, G.ADVANCED, D(2004, 6, 1)),
    _community("望江社区党总支", K.GENERAL_BRANCH, 13, G.MIDDLE, D(2008, 4, 22)),
    _community("临江社区党总支", K.GENERAL_BRANCH, 12, G.MIDDLE, D(2010, 7, 1)),
    _unit("滨江街道机关党支部", S.ORGAN, 10, G.MIDDLE, D(1995, 6, 1)),
    _unit("江城物流有限公司党支部", S.ENTERPRISE, 8, G.MIDDLE, D(2015, 10, 15), mix="private"),
    _unit("滨江街道社会组织联合党支部", S.SOCIAL, 6, G.LAGGING, D(2020, 12, 2),
          kind=K.JOINT_BRANCH, mix="private"),
)  # fmt: skip

QINGSHI = _committee(
    "青石镇党委", K.COMMITTEE, 9, D(1958, 9, 1),
    _village("青石村党支部", K.BRANCH, 16, G.ADVANCED, D(1956, 3, 1), demo_point=True),
    _village("石桥村党总支", K.GENERAL_BRANCH, 18, G.MIDDLE, D(1957, 5, 1)),
    _village("南岭村党支部", K.BRANCH, 12, G.LAGGING, D(1960, 8, 1)),
    _community("青石社区党支部", K.BRANCH, 11, G.MIDDLE, D(2014, 6, 6)),
    _unit("青石镇机关党支部", S.ORGAN, 11, G.MIDDLE, D(1958, 9, 1)),
    _unit("青石镇中心学校党支部", S.SCHOOL, 10, G.MIDDLE, D(1978, 9, 1)),
)  # fmt: skip

LIULIN = _committee(
    "柳林镇党委", K.COMMITTEE, 8, D(1961, 4, 1),
    _village("柳林村党总支", K.GENERAL_BRANCH, 17, G.MIDDLE, D(1956, 10, 1)),
    _village("河湾村党支部", K.BRANCH, 13, G.LAGGING, D(1962, 3, 1)),
    _village("杏花村党支部", K.BRANCH, 11, G.LAGGING, D(1965, 7, 1)),
    _unit("柳林镇机关党支部", S.ORGAN, 10, G.MIDDLE, D(1961, 4, 1)),
    _unit("柳林农业专业合作社联合党支部", S.ENTERPRISE, 7, G.LAGGING, D(2019, 11, 8),
          kind=K.JOINT_BRANCH, mix="private"),
)  # fmt: skip

ORGANS = _committee(
    "区直机关工委", K.WORKING_COMMITTEE, 6, D(1984, 5, 1),
    _unit("区委办公室党支部", S.ORGAN, 12, G.ADVANCED, D(1984, 5, 1)),
    _unit("区政务服务中心党支部", S.ORGAN, 14, G.ADVANCED, D(2012, 3, 1)),
    _unit("区人民医院党委", S.HEALTH, 8, G.MIDDLE, D(1979, 7, 1),
          _unit("区人民医院内科党支部", S.HEALTH, 12, G.ADVANCED, D(1992, 7, 1)),
          _unit("区人民医院外科党支部", S.HEALTH, 11, G.MIDDLE, D(1992, 7, 1)),
          kind=K.COMMITTEE),
    _unit("区教育局机关党支部", S.ORGAN, 9, G.MIDDLE, D(1985, 9, 1)),
    _unit("区市场监管局党支部", S.ORGAN, 10, G.LAGGING, D(2019, 3, 1)),
    level=L.DISTRICT, sector=S.ORGAN,
)  # fmt: skip

COMMITTEES = (HEXI, DONGCHENG, XINHUA, BINJIANG, QINGSHI, LIULIN, ORGANS)
"""The district's 党(工)委: four streets, two towns and the district organs' committee."""

ROOT = OrgPlan(
    "安和区委", K.COMMITTEE, None, L.DISTRICT, 6, None, D(1984, 5, 1), children=COMMITTEES
)

PACE = {
    "河西街道党工委": 2.2,
    "东城街道党工委": 1.6,
    "区直机关工委": 1.3,
    "滨江街道党工委": 1.0,
    "青石镇党委": 0.8,
    "新华街道党工委": 0.55,
    "柳林镇党委": 0.45,
}
"""How far each 党(工)委's units have come in the campaign (1.0: as planned)."""
