"""Names, places and the organisation plan of the demo street office (all fictitious)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from brandoffice.model.vocab import Grade, OrgKind, OrgLevel, Sector
from brandoffice.office import OfficeIdentity, OfficeKind

DEMO_NOW = dt.datetime(2026, 5, 20, 9, 0)
"""The demo tells the street office as it stood on this morning."""

SETUP_DAY = dt.date(2020, 1, 2)
"""When the clerk is supposed to have typed in the organisation list."""

SEED = 20260520
STREET = "幸福街道"
STREET_COMMITTEE = "中共幸福街道工作委员会"
DISTRICT_DEPARTMENT = "区委组织部"
CITY_DEPARTMENT = "市委组织部"
DEMO_ACCOUNT = "演示数据"
DEMO_IDENTITY = OfficeIdentity(
    OfficeKind.STREET, STREET, issuer="幸福街道党工委", contact="街道组织科 王建国 0437-3216800"
)
"""The demo's own office: set with the demo, so no real office ever signs with it."""

REGION_CODES = ("220402", "220403", "220421", "220422")
"""Districts and counties of one city (辽源市), used for the fictitious ID numbers."""

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
)
MALE_CHARS = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁健国建文志海东林峰德成龙宏兵锋俊庆永胜晨博"
FEMALE_CHARS = "芳娜敏静丽艳娟霞秀玲桂英华红梅兰琴云莲慧燕萍洁琳雪倩婷颖佳晶蓉月凤珍淑悦欣怡雅"
MOBILE_PREFIXES = ("133", "135", "136", "137", "138", "139", "150", "151", "152", "158", "159",
                   "177", "180", "182", "186", "187", "188", "189", "199")  # fmt: skip
ROADS = ("幸福路", "和平路", "光明街", "朝阳大街", "民主路", "滨河路", "建设大街", "文化路",
         "春晖路", "翠园街", "东风路", "锦绣大街", "长乐路")  # fmt: skip

COMMITTEE_TITLES = ("组织委员", "宣传委员", "纪检委员", "青年委员", "党员代表")
BRAND_REVIEWERS = ("周文博", "陈雅琴", "郑国栋")
ORG_REVIEWERS = ("街道组织科", "党建指导员", "居民代表评议组")

TERM_ENDS = (
    dt.date(2026, 7, 15),  # 换届 due within six months of the demo day
    dt.date(2028, 9, 30),
    dt.date(2027, 3, 31),  # due within six months of 2026-11-22
    dt.date(2029, 4, 30),
    dt.date(2026, 10, 31),
    dt.date(2030, 12, 31),
    dt.date(2027, 1, 20),
    dt.date(2031, 3, 15),
    dt.date(2026, 3, 31),  # already overdue on the demo day
    dt.date(2028, 5, 31),
)


@dataclass(frozen=True)
class OrgPlan:
    """One unit of the demo tree.

    Attributes:
        name: Unit name, unique under its parent.
        kind: 组织类别.
        sector: 领域.
        level: 层级.
        members: Members belonging to this unit itself (not to its children).
        grade: Grade before the 2025 五个好 round.
        founded: Founding date.
        demo_point: A demonstration point (示范点).
        children: Units below it.
        mix: Member category mix name (see ``CATEGORY_MIX``).
    """

    name: str
    kind: OrgKind
    sector: Sector | None
    level: OrgLevel
    members: int
    grade: Grade | None
    founded: dt.date
    demo_point: bool = False
    children: tuple[OrgPlan, ...] = field(default_factory=tuple)
    mix: str = "staff"


K, S, L, G = OrgKind, Sector, OrgLevel, Grade
D = dt.date


def _grid(name: str, members: int, founded: D, mix: str = "community") -> OrgPlan:
    return OrgPlan(name, K.BRANCH, S.COMMUNITY, L.GRASSROOTS, members, G.MIDDLE, founded, mix=mix)


def _community(
    name: str, kind: OrgKind, members: int, grade: Grade, founded: D, *children: OrgPlan,
    demo_point: bool = False, mix: str = "community",
) -> OrgPlan:  # fmt: skip
    return OrgPlan(name, kind, S.COMMUNITY, L.COMMUNITY, members, grade, founded, demo_point,
                   tuple(children), mix)  # fmt: skip


def _unit(name: str, kind: OrgKind, sector: Sector, members: int, grade: Grade, founded: D,
          mix: str = "staff", demo_point: bool = False) -> OrgPlan:  # fmt: skip
    return OrgPlan(name, kind, sector, L.GRASSROOTS, members, grade, founded, demo_point, (), mix)


COMMUNITIES = (
    _community(
        "幸福驿站社区党委", K.COMMITTEE, 12, G.ADVANCED, D(2003, 6, 18),
        _grid("第一网格党支部", 18, D(2016, 4, 1)),
        _grid("第二网格党支部", 17, D(2016, 4, 1)),
        _grid("第三网格党支部", 16, D(2017, 9, 12)),
        OrgPlan("新市民党支部", K.FUNCTIONAL_BRANCH, S.COMMUNITY, L.GRASSROOTS, 15, G.MIDDLE,
                D(2019, 5, 20), mix="newcomer"),
        demo_point=True,
    ),
    _community(
        "和平里社区党委", K.COMMITTEE, 20, G.ADVANCED, D(2001, 9, 1),
        _grid("和平小区党支部", 17, D(2015, 7, 1)),
        _grid("里仁小区党支部", 15, D(2018, 3, 8)),
        demo_point=True,
    ),
    _community(
        "光明社区党委", K.COMMITTEE, 16, G.MIDDLE, D(2002, 5, 10),
        _grid("光明第一网格党支部", 15, D(2017, 6, 30)),
        _grid("光明第二网格党支部", 13, D(2017, 6, 30)),
    ),
    _community("朝阳社区党总支", K.GENERAL_BRANCH, 26, G.LAGGING, D(2004, 3, 15)),
    _community(
        "民主路社区党委", K.COMMITTEE, 22, G.MIDDLE, D(2005, 8, 1),
        _grid("民主小区党支部", 16, D(2019, 10, 9)),
    ),
    _community("滨河社区党总支", K.GENERAL_BRANCH, 30, G.MIDDLE, D(2008, 4, 22)),
    _community("建设社区党委", K.COMMITTEE, 28, G.LAGGING, D(2006, 11, 3)),
    _community("文化苑社区党总支", K.GENERAL_BRANCH, 33, G.MIDDLE, D(2010, 7, 1)),
    _community(
        "春晖社区党委", K.COMMITTEE, 26, G.ADVANCED, D(2007, 12, 26),
        _grid("春晖花园小区党支部", 15, D(2020, 6, 1)),
    ),
    _community("翠园社区党总支", K.GENERAL_BRANCH, 29, G.MIDDLE, D(2011, 9, 9)),
    _community("东风社区党委", K.COMMITTEE, 24, G.LAGGING, D(2009, 3, 1), mix="village"),
    _community("锦绣社区党总支", K.GENERAL_BRANCH, 31, G.MIDDLE, D(2012, 5, 4)),
    _community("长乐社区党委", K.COMMITTEE, 35, G.MIDDLE, D(2010, 1, 18), mix="village"),
)  # fmt: skip

OTHER_UNITS = (
    _unit("街道机关第一党支部", K.BRANCH, S.ORGAN, 12, G.ADVANCED, D(1988, 7, 1)),
    _unit("街道机关第二党支部", K.BRANCH, S.ORGAN, 14, G.MIDDLE, D(1988, 7, 1)),
    _unit("街道机关第三党支部", K.BRANCH, S.ORGAN, 10, G.MIDDLE, D(2012, 3, 1)),
    _unit("幸福街道中心小学党支部", K.BRANCH, S.SCHOOL, 22, G.ADVANCED, D(1985, 9, 10)),
    _unit("第十七中学党总支", K.GENERAL_BRANCH, S.SCHOOL, 26, G.MIDDLE, D(1979, 9, 1)),
    _unit("市燃气集团幸福营业所党支部", K.BRANCH, S.STATE_ENTERPRISE, 16, G.MIDDLE,
          D(1996, 5, 1)),
    _unit("市公交集团第五车队党支部", K.BRANCH, S.STATE_ENTERPRISE, 20, G.ADVANCED,
          D(1992, 8, 1)),
    _unit("恒信物业服务有限公司党支部", K.BRANCH, S.ENTERPRISE, 12, G.MIDDLE, D(2014, 6, 6),
          mix="private"),
    _unit("鑫源商贸有限公司党支部", K.BRANCH, S.ENTERPRISE, 8, G.LAGGING, D(2018, 10, 15),
          mix="private"),
    _unit("康达精密机械有限公司党支部", K.BRANCH, S.ENTERPRISE, 15, G.MIDDLE, D(2011, 4, 20),
          mix="private"),
    _unit("幸福商务楼宇联合党支部", K.JOINT_BRANCH, S.ENTERPRISE, 10, G.MIDDLE, D(2017, 7, 1),
          mix="private"),
    _unit("幸福街道社会组织联合党支部", K.JOINT_BRANCH, S.SOCIAL, 7, G.LAGGING, D(2019, 12, 2),
          mix="private"),
    _unit("幸福街道社区卫生服务中心党支部", K.BRANCH, S.HEALTH, 16, G.ADVANCED, D(2009, 9, 1)),
    _unit("幸福街道综合文化站党支部", K.BRANCH, S.INSTITUTION, 6, G.MIDDLE, D(2012, 11, 8)),
)  # fmt: skip

ROOT = OrgPlan(
    "幸福街道党工委", K.WORKING_COMMITTEE, S.STREET, L.STREET, 9, None, D(1984, 10, 1),
    children=COMMUNITIES + OTHER_UNITS,
)  # fmt: skip

CATEGORY_MIX: dict[str, tuple[tuple[str, int], ...]] = {
    "staff": (("在职党员", 88), ("离退休党员", 12)),
    "private": (("在职党员", 82), ("流动党员", 18)),
    "community": (("离退休党员", 45), ("在职党员", 30), ("流动党员", 12), ("外来党员", 8),
                  ("村民党员", 5)),
    "village": (("村民党员", 40), ("离退休党员", 30), ("在职党员", 20), ("流动党员", 10)),
    "newcomer": (("流动党员", 60), ("外来党员", 40)),
}  # fmt: skip
"""Weights of member categories by kind of unit (the secretary is always 在职)."""

BIRTH_YEARS = {
    "在职党员": (1966, 2001),
    "离退休党员": (1940, 1964),
    "流动党员": (1976, 1999),
    "外来党员": (1972, 1998),
    "村民党员": (1950, 1990),
}

FINAL_COMMUNITY_SCORES = {
    "幸福驿站社区党委": 93.0,
    "和平里社区党委": 90.0,
    "光明社区党委": 79.0,
    "朝阳社区党总支": 64.0,
    "民主路社区党委": 76.0,
    "滨河社区党总支": 81.0,
    "建设社区党委": 74.0,
    "文化苑社区党总支": 72.0,
    "春晖社区党委": 88.0,
    "翠园社区党总支": 78.0,
    "东风社区党委": 61.0,
    "锦绣社区党总支": 83.0,
    "长乐社区党委": 58.0,
}
"""Target totals of the 2025 五个好 round: ≥85 先进, ≥70 中间, else 后进."""

BRAND_REVIEW_TARGETS = {
    "光明先锋岗": 89.0,
    "红色物业": 88.5,
    "春晖共治圈": 92.0,
    "翠园和美家": 76.0,
}
"""Target totals of the 2026 brand round: ≥85 proposes naming."""
