"""The demo brands: their register texts and the life-cycle steps each one went through."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from brandoffice.demo.data import CITY_DEPARTMENT, DISTRICT_DEPARTMENT, STREET_COMMITTEE

D = dt.date


@dataclass(frozen=True)
class Step:
    """One life-cycle step: ``transition`` (to status), ``inspect`` (result) or ``plan``.

    Attributes:
        on: The date of the step.
        action: transition, inspect or plan.
        value: Target status, inspection result, or the plan's goals.
        level: The level applied for (申报) or named (命名).
        body: Naming body, or the inspector.
        note: Note, or the plan's measures.
        score: Inspection score.
        exception: Why the district let the brand skip a level (申报).
    """

    on: dt.date
    action: str
    value: str
    level: str | None = None
    body: str | None = None
    note: str | None = None
    score: float | None = None
    exception: str | None = None


@dataclass(frozen=True)
class BrandSpec:
    """A demo brand: owner, register fields, carriers and its history after registration."""

    name: str
    org: str
    registered: dt.date
    fields: dict[str, str | list[str]]
    carriers: tuple[tuple[str, str], ...] = ()
    steps: tuple[Step, ...] = field(default_factory=tuple)


def _t(on: D, target: str, note: str | None = None) -> Step:
    return Step(on, "transition", target, note=note)


def _name(on: D, level: str, body: str) -> Step:
    return Step(on, "transition", "命名", level=level, body=body)


def _check(
    on: D, result: str, score: float, note: str | None = None, by: str = STREET_COMMITTEE
) -> Step:
    return Step(on, "inspect", result, body=by, note=note, score=score)


def _plan(on: D, goals: str, measures: str) -> Step:
    return Step(on, "plan", goals, note=measures)


def _climb(start: D, level: str, body: str, exception: str | None = None) -> tuple[Step, ...]:
    """申报 (for ``level``) → 评审 → 命名 over six weeks from ``start``."""
    return (
        Step(start, "transition", "申报", level=level, exception=exception),
        _t(start + dt.timedelta(days=21), "评审"),
        _name(start + dt.timedelta(days=42), level, body),
    )


OWN_BRAND = "街道党工委本级品牌由区委组织部直接考核命名（实施方案§三2）"
"""The district's decision that lets the street's own brand be named 区级 at once."""


STREET_BRAND = BrandSpec(
    name="党情暖万家",
    org="幸福街道党工委",
    registered=D(2020, 3, 5),
    fields={
        "logo_text": "红色党徽居中，环绕万家灯火的暖色光晕，下方为“党情暖万家”字样",
        "theme": "把党的关怀送进千家万户，以创先争优推动街道各项事业和谐发展",
        "slogan": "党情连民心，温暖进万家",
        "connotation": "“党情”一指党组织对党员和群众的情谊，二指街道党建工作本身；“暖万家”"
        "指心系群众、关注民生，让每一户居民都感受到党组织的温度。",
        "concept": "以品牌创建为总抓手，书记抓、抓书记；规定动作与自选动作结合，"
        "目标看得见、工作能落实、党员好参加。",
        "role_played": "各党组织书记担任第一责任人，街道设立党员示范岗和党员责任区，"
        "党员在民情走访、志愿服务、结对帮扶中亮身份、作表率。",
        "service_site": "幸福街道党群服务中心（幸福路1号）",
        "service_items": ["民情走访", "志愿服务", "结对帮扶", "走访慰问", "政策宣讲"],
        "objectives": "基层党组织普遍达到“五个好”，党员普遍做到“五带头”；"
        "每个社区形成一个特色、一个品牌。",
        "measures": "成立品牌创建领导小组；各单位实施方案报街道组织科备案；"
        "听取汇报、经常督查、随机抽查，创建情况纳入年度党建考核。",
    },
    carriers=(
        ("民情处理室", "民意表达、民困排解、民情监督三个环节闭环处理居民诉求"),
        ("社区党员群众民主日", "每月固定一天，党员群众当面议事、提意见"),
        ("党员示范岗", "在窗口和一线岗位挂牌，亮明党员身份接受监督"),
    ),
    steps=(
        *_climb(D(2020, 5, 20), "区级", DISTRICT_DEPARTMENT, OWN_BRAND),
        _check(D(2021, 12, 10), "通过", 91.0, by=DISTRICT_DEPARTMENT),
        _check(D(2023, 12, 12), "通过", 93.5, by=DISTRICT_DEPARTMENT),
        _check(D(2025, 12, 9), "通过", 94.0, by=DISTRICT_DEPARTMENT),
        _plan(D(2026, 1, 15), "全年开展民情走访全覆盖，新培育两个社区品牌",
              "每季度督查一次创建进度；年底组织群众评议"),
    ),
)  # fmt: skip

COMMUNITY_BRAND = BrandSpec(
    name="幸福驿站",
    org="幸福驿站社区党委",
    registered=D(2023, 4, 3),
    fields={
        "logo_text": "红色屋檐下一颗金色爱心，寓意社区是居民共同的家",
        "theme": "问计于民、问需于民、服务于民",
        "slogan": "幸福社区，家园共治",
        "connotation": "以“八个在先”（政治、学习、律己、工作、奉献、群众、事业、榜样在先）"
        "为主要内容，用品牌效应激发社区党建活力。",
        "concept": "党建工作网络化、综合服务便民化、社区管理多元化、居民事务自治化、"
        "服务居民精细化；家园行动、岗位行动、志愿者行动相结合。",
        "role_played": "开展“三亮、三比、三创”：党员亮身份、示范亮标牌、党建亮品牌，"
        "比业务水平、比服务质量、比奉献精神，流动党员和外来党员同样发挥作用。",
        "service_site": "社区党员活动室内的“幸福驿站”",
        "service_items": ["为民服务", "扶贫解困", "家园共治", "城市管理", "纠纷调解", "政策咨询",
                          "信息发布"],
        "objectives": "提高社区自管、自教、自服、自督的能力，"
        "以品牌增强党组织在居民中的感召力和向心力。",
        "measures": "建立品牌创建领导小组；以社区为阵地建立党建网络；加强活动阵地建设，"
        "在载体、内容、机制上不断创新。",
    },
    carriers=(
        ("幸福驿站", "设在社区党员活动室，联系、服务和凝聚流动党员"),
        ("“365”为民服务工作室", "全年受理居民急难愁盼，撑起惠民、平安、连心几把“伞”"),
        ("幸福热线", "党员信箱与热线电话，支部党员、流动党员、外来党员三方互动"),
        ("新市民党支部", "把居住在社区的流动党员、外来党员组织起来"),
    ),
    steps=(
        *_climb(D(2023, 5, 10), "街道级", STREET_COMMITTEE),
        _check(D(2024, 12, 5), "通过", 92.0),
        *_climb(D(2025, 3, 10), "区级", DISTRICT_DEPARTMENT),
        _check(D(2025, 12, 8), "通过", 95.0, by=DISTRICT_DEPARTMENT),
        _plan(D(2026, 1, 12), "幸福热线全年接听不少于1000件次，新增两个网格服务点",
              "每月一次“三亮三比三创”讲评；流动党员季度交流会"),
    ),
)  # fmt: skip


Fields = dict[str, str | list[str]]


def _fields(theme: str, slogan: str, logo: str, connotation: str, concept: str, role: str,
            site: str, items: list[str], objectives: str, measures: str) -> Fields:  # fmt: skip
    return {
        "theme": theme, "slogan": slogan, "logo_text": logo, "connotation": connotation,
        "concept": concept, "role_played": role, "service_site": site, "service_items": items,
        "objectives": objectives, "measures": measures,
    }  # fmt: skip


OTHER_BRANDS = (
    BrandSpec("和平邻里情", "和平里社区党委", D(2021, 3, 10), _fields(
        "远亲不如近邻，党员带头结邻里情", "邻里一家亲，有事找党员", "两只相握的手托起红色小楼",
        "以楼栋党员为纽带，把邻里互助变成常态", "小事不出楼、大事不出社区",
        "楼栋党员包户联系，调解邻里纠纷", "和平里社区党群服务站",
        ["邻里互助", "纠纷调解", "助老服务"], "楼栋党员联系户全覆盖", "楼栋长与党员双向认领"),
        (("楼栋议事会", "楼栋党员召集居民议事"),),
        (*_climb(D(2021, 5, 20), "街道级", STREET_COMMITTEE), _check(D(2022, 12, 15), "通过", 92.0),
         *_climb(D(2023, 3, 1), "区级", DISTRICT_DEPARTMENT), _check(D(2024, 12, 6), "通过", 94.0),
         *_climb(D(2025, 3, 20), "市级", CITY_DEPARTMENT))),
    BrandSpec("机关先锋号", "街道机关第一党支部", D(2023, 3, 6), _fields(
        "讲党性、重品行、作表率", "服务基层，先锋在前", "冲锋号与党徽", "机关党员服务基层走在前列",
        "建设为民、务实、清廉机关", "创服务满意科室、争一流服务科员", "街道便民服务大厅",
        ["窗口服务", "下沉社区"], "群众满意率保持在95%以上", "科室党员包联社区"),
        (("党员先锋窗口", "便民服务大厅挂牌窗口"),),
        (*_climb(D(2024, 5, 6), "街道级", STREET_COMMITTEE),
         _check(D(2025, 12, 11), "通过", 88.0))),
    BrandSpec("燃气暖心", "市燃气集团幸福营业所党支部", D(2022, 4, 1), _fields(
        "安全用气，温暖入户", "一户一检，暖心到家", "蓝色火苗组成的心形",
        "把安全和温暖一起送进居民家", "服务在前、隐患清零", "党员带队入户安检",
        "幸福营业所", ["入户安检", "老旧管线改造咨询"], "辖区入户安检全覆盖", "党员责任区包片"),
        (("红色安检队", "党员带队入户检查"),),
        (*_climb(D(2023, 4, 10), "街道级", STREET_COMMITTEE),
         _check(D(2025, 12, 12), "整改", 72.0, "入户安检台账不全，限期整改"))),
    BrandSpec("朝阳夕阳红", "朝阳社区党总支", D(2021, 4, 8), _fields(
        "离退休党员发挥余热", "夕阳更红，余热生辉", "朝阳与红霞", "老党员带头参与社区治理",
        "老有所为", "老党员义务巡逻、宣讲", "朝阳社区老年活动室", ["义务巡逻", "政策宣讲"],
        "老党员参与率80%", "组建老党员志愿队"),
        (("银发志愿队", "老党员义务巡逻"),),
        (*_climb(D(2022, 4, 12), "街道级", STREET_COMMITTEE),
         _check(D(2024, 12, 10), "整改", 70.0, "活动长期停滞"),
         _check(D(2025, 12, 10), "摘牌", 55.0, "整改未见成效，予以摘牌"))),
    BrandSpec("光明先锋岗", "光明社区党委", D(2025, 9, 8), _fields(
        "网格党员守护光明", "网格有先锋，服务无死角", "灯塔与网格线", "每个网格都有党员先锋岗",
        "网格化管理、精细化服务", "网格党员认领岗位", "光明社区网格服务站",
        ["网格巡查", "代办服务"], "网格党员岗覆盖全部网格", "网格党员每周走访"),
        (("网格先锋岗", "每个网格一名党员"),),
        (_t(D(2026, 3, 20), "申报"), _t(D(2026, 4, 25), "评审"))),
    BrandSpec("红色物业", "恒信物业服务有限公司党支部", D(2025, 6, 16), _fields(
        "党建引领物业服务", "红色物业，贴心管家", "红色钥匙", "物业党员做居民的贴心管家",
        "物业服务融入社区治理", "物业党员参与小区议事", "恒信物业服务中心",
        ["维修服务", "小区议事"], "物业投诉下降三成", "党员维修队挂牌服务"),
        (("党员维修队", "二十四小时响应报修"),),
        (_t(D(2026, 3, 25), "申报"), _t(D(2026, 4, 25), "评审"))),
    BrandSpec("春晖共治圈", "春晖社区党委", D(2025, 5, 12), _fields(
        "共驻共建，资源共享", "携手共建，春晖满园", "相连的绿色圆环", "驻区单位与社区共治",
        "共驻共建、优势互补", "驻区单位党员到社区报到", "春晖社区党群服务中心",
        ["共建活动", "双报到"], "驻区单位全部参与共建", "签订共建协议"),
        (("共建联席会", "每季度召开一次"),),
        (_t(D(2026, 3, 28), "申报"), _t(D(2026, 4, 25), "评审"))),
    BrandSpec("翠园和美家", "翠园社区党总支", D(2025, 8, 4), _fields(
        "和睦美好的家园", "和美翠园，你我共建", "翠绿树叶环抱小屋", "以家风建设带动社风",
        "家和邻睦", "党员示范户带头", "翠园社区议事厅", ["家风讲堂", "邻里节"],
        "评选党员示范户二十户", "每年举办邻里节"),
        (("家风讲堂", "每月一讲"),),
        (_t(D(2026, 4, 1), "申报"), _t(D(2026, 4, 25), "评审"))),
    BrandSpec("滨河议事厅", "滨河社区党总支", D(2025, 11, 6), _fields(
        "有事好商量", "滨河议事，众人的事众人商量", "河流环绕的圆桌", "党组织领导下的居民协商",
        "协商民主", "党员召集议事", "滨河社区议事厅", ["居民议事", "矛盾调解"],
        "重大事项全部议事", "每月一次议事会"),
        (("圆桌议事会", "每月第一个周五"),),
        (_t(D(2026, 5, 10), "申报"),)),
    BrandSpec("楼宇红立方", "幸福商务楼宇联合党支部", D(2025, 4, 14), {
        "theme": "商务楼宇党建全覆盖", "slogan": "楼宇有党旗，企业有依靠",
        "logo_text": "红色立方体", "connotation": "把楼宇里的小微企业党员组织起来",
        "concept": "服务企业、凝聚人才", "role_played": "楼宇党员参与企业服务",
    }, (), (_t(D(2025, 6, 2), "申报"), _t(D(2025, 6, 20), "评审"),
            _t(D(2025, 7, 5), "培育", "内涵不够鲜明，退回继续培育"))),
)  # fmt: skip

ALL_BRANDS = (STREET_BRAND, COMMUNITY_BRAND, *OTHER_BRANDS)
