"""The district's brands: 街道级, 区级 and 市级, in every life-cycle state, each with its history.

Registered and walked through the life cycle by the same code as the street demo
(:func:`brandoffice.demo.brands.schedule_brands`), so every step is validated by
BrandService: levels climb one at a time, 市级 only after 区级, dates run forward.
"""

from __future__ import annotations

import datetime as dt

from brandoffice.demo.brand_texts import BrandSpec, Step
from brandoffice.demo.district.tree import CITY_DEPARTMENT, DEPARTMENT

D = dt.date
ORGANS_EXCEPTION = "区直单位党建品牌由区委组织部直接考核命名（实施方案§三2）"
"""Why a district organ's brand is named 区级 at its first naming."""


def _climb(start: D, level: str, body: str, exception: str | None = None) -> tuple[Step, ...]:
    """申报 (for ``level``) → 评审 → 命名 over about seven weeks from ``start``."""
    return (
        Step(start, "transition", "申报", level=level, exception=exception),
        Step(start + dt.timedelta(days=21), "transition", "评审"),
        Step(start + dt.timedelta(days=49), "transition", "命名", level=level, body=body),
    )


def _apply(start: D, level: str, *, reviewed: bool) -> tuple[Step, ...]:
    """申报 for ``level``, and 评审 three weeks later when ``reviewed``."""
    steps = [Step(start, "transition", "申报", level=level)]
    if reviewed:
        steps.append(Step(start + dt.timedelta(days=21), "transition", "评审"))
    return tuple(steps)


def _check(on: D, result: str, score: float, by: str, note: str | None = None) -> Step:
    return Step(on, "inspect", result, body=by, note=note, score=score)


def _plan(on: D, goals: str, measures: str) -> Step:
    return Step(on, "plan", goals, note=measures)


def _brand(
    name: str,
    org: str,
    registered: D,
    texts: tuple[str, str, str, str],
    site: str,
    items: list[str],
    *steps: Step,
) -> BrandSpec:
    """Return a brand; ``texts`` are its theme, slogan, connotation and concept."""
    theme, slogan, connotation, concept = texts
    fields: dict[str, str | list[str]] = {
        "logo_text": f"党徽与“{name}”字样组成的红色标识",
        "theme": theme,
        "slogan": slogan,
        "connotation": connotation,
        "concept": concept,
        "role_played": f"{org.removesuffix('党委').removesuffix('党总支').removesuffix('党支部')}"
        "党员亮身份、作表率，在品牌服务中担任骨干和志愿者。",
        "service_site": site,
        "service_items": items,
        "objectives": f"把“{name}”打造成党员认同、群众满意、社会公认的党建品牌。",
        "measures": "书记任第一责任人，建立品牌创建档案，每季度向上级党组织报告进展。",
    }
    return BrandSpec(name, org, registered, fields, steps=steps)


HEXI, DONGCHENG, XINHUA = "河西街道党工委", "东城街道党工委", "新华街道党工委"
BINJIANG, QINGSHI = "滨江街道党工委", "青石镇党委"

DISTRICT_BRANDS = (
    _brand(
        "红色港湾", "滨河社区党委", D(2023, 3, 10),
        ("把党组织建在居民家门口，让群众有事找得到党员", "港湾有红心，有事找党员",
         "“港湾”指居民遇事可以停靠的地方，“红色”指党组织和党员在其中的作用。",
         "网格化管理、组团式服务，一网格一支部一阵地。"),
        "滨河社区党群服务中心", ["为民服务", "纠纷调解", "政策咨询", "志愿服务"],
        *_climb(D(2023, 5, 8), "街道级", HEXI),
        _check(D(2023, 12, 12), "通过", 90.5, HEXI),
        *_climb(D(2024, 3, 18), "区级", DEPARTMENT),
        _check(D(2024, 12, 10), "通过", 92.0, DEPARTMENT),
        *_climb(D(2025, 3, 24), "市级", CITY_DEPARTMENT),
        _plan(D(2026, 1, 12), "两个网格各建一个党员服务点，全年办理居民诉求不少于800件",
              "每月一次网格党员议事会；季度向区委组织部报告"),
    ),
    _brand(
        "邻里守望", "柳荫社区党总支", D(2024, 3, 5),
        ("党员带头结对帮扶独居老人和困难家庭", "远亲不如近邻，党员就在身边",
         "以楼栋为单位，党员与邻里结成守望小组，互相照应。",
         "小事不出楼栋，难事党员帮办。"),
        "柳荫社区邻里中心", ["扶贫解困", "走访慰问", "志愿服务"],
        *_climb(D(2024, 4, 15), "街道级", HEXI),
        *_climb(D(2025, 4, 14), "区级", DEPARTMENT),
        _check(D(2025, 12, 9), "通过", 88.0, DEPARTMENT),
    ),
    _brand(
        "楼宇红帆", "河西商务楼宇联合党支部", D(2026, 3, 18),
        ("以党建引领楼宇企业共建共享", "红帆引航，楼宇同心",
         "“红帆”寓意党组织为楼宇里的小微企业和青年员工引航。",
         "组织共建、活动共办、资源共享。"),
        "河西商务楼宇党群服务站", ["政策咨询", "人才服务", "志愿服务"],
    ),
    _brand(
        "暖心驿站", "东关社区党委", D(2024, 2, 26),
        ("为户外劳动者和困难群众提供歇脚、暖心服务", "一站暖人心，党员在身边",
         "驿站既是歇脚的地方，也是党员联系群众的窗口。",
         "阵地共用、服务共担、群众共评。"),
        "东关社区党群服务站", ["为民服务", "扶贫解困", "志愿服务"],
        *_climb(D(2024, 4, 22), "街道级", DONGCHENG),
        _check(D(2025, 12, 8), "通过", 89.0, DONGCHENG),
        *_apply(D(2026, 3, 20), "区级", reviewed=True),
    ),
    _brand(
        "书香东城", "东城实验小学党支部", D(2026, 3, 25),
        ("党员教师带头开展社区阅读和课后服务", "书香润心，党员领读",
         "以阅读为纽带，把学校党建延伸到社区家庭。",
         "一名党员教师联系一个社区读书点。"),
        "东城实验小学图书馆", ["课后服务", "志愿服务"],
        *_apply(D(2026, 4, 28), "街道级", reviewed=False),
    ),
    _brand(
        "三心服务", "东城街道机关党支部", D(2025, 3, 1),
        ("机关党员以耐心、细心、真心服务群众", "三心办实事，群众最满意",
         "耐心听、细心办、真心帮，机关作风看得见。",
         "窗口亮身份，办事有回音。"),
        "东城街道便民服务大厅", ["为民服务", "政策咨询"],
        *_climb(D(2025, 4, 7), "街道级", DONGCHENG),
    ),
    _brand(
        "红色管家", "新华社区党委", D(2023, 4, 10),
        ("党组织牵头物业、业委会共同管好老旧小区", "红色管家，管好大家",
         "党员当“管家”，把物业服务和小区治理统起来。",
         "党建引领、三方联动、居民共治。"),
        "新华社区党群服务中心", ["纠纷调解", "城市管理", "为民服务"],
        *_climb(D(2023, 5, 15), "街道级", XINHUA),
        *_climb(D(2024, 4, 8), "区级", DEPARTMENT),
        _check(D(2025, 12, 10), "整改", 72.5, DEPARTMENT, "服务台账不全，载体活动减少，限期整改"),
    ),
    _brand(
        "共享小院", "育才社区党总支", D(2025, 3, 12),
        ("把闲置院落改成居民共享的议事和活动空间", "小院共享，大家共商",
         "小院是居民议事、活动、互助的公共空间。",
         "党员带头、居民自治、共建单位支持。"),
        "育才社区共享小院", ["家园共治", "志愿服务"],
        *_climb(D(2025, 4, 21), "街道级", XINHUA),
    ),
    _brand(
        "江畔红哨", "滨江社区党委", D(2024, 3, 1),
        ("党员巡河护江、守护平安", "红哨一响，党员到场",
         "“红哨”是党员巡查发现问题后的第一声提醒。",
         "网格巡查、吹哨报到、限时办结。"),
        "滨江社区江畔党员服务岗", ["城市管理", "志愿服务", "纠纷调解"],
        *_climb(D(2024, 4, 29), "街道级", BINJIANG),
        _check(D(2025, 12, 11), "通过", 87.0, BINJIANG),
        *_apply(D(2026, 3, 16), "区级", reviewed=True),
    ),
    _brand(
        "夕阳红驿", "临江社区党总支", D(2023, 3, 15),
        ("离退休党员为老年居民提供互助服务", "夕阳正红，老有所为",
         "离退休党员发挥余热，老年人帮老年人。",
         "老党员带头，低龄助高龄。"),
        "临江社区老年活动中心", ["走访慰问", "志愿服务"],
        *_climb(D(2023, 4, 24), "街道级", BINJIANG),
        _check(D(2024, 12, 10), "通过", 80.0, BINJIANG),
        _check(D(2025, 12, 11), "摘牌", 55.0, BINJIANG, "活动长期停滞，已不符合品牌要求"),
    ),
    _brand(
        "红心物流", "江城物流有限公司党支部", D(2026, 4, 2),
        ("党员司机和快递员参与社区治理", "红心在路上，服务送到家",
         "把流动的党员组织起来，在路上发挥作用。",
         "党员先锋车、平安观察员。"),
        "江城物流有限公司党员活动室", ["志愿服务", "城市管理"],
    ),
    _brand(
        "田园先锋", "青石村党支部", D(2023, 3, 20),
        ("党员带头发展特色种植，带动村民增收", "先锋领路，田园增收",
         "党员示范户带着村民种好地、卖好货。",
         "支部加合作社加农户。"),
        "青石村党群服务中心", ["技术指导", "扶贫解困", "政策咨询"],
        *_climb(D(2023, 5, 22), "街道级", QINGSHI),
        *_climb(D(2025, 3, 31), "区级", DEPARTMENT),
        _check(D(2025, 12, 11), "通过", 91.0, DEPARTMENT),
        *_apply(D(2026, 4, 20), "市级", reviewed=False),
    ),
    _brand(
        "果乡红韵", "石桥村党总支", D(2026, 3, 10),
        ("以林果产业为依托建设美丽乡村", "红韵果乡，富民石桥",
         "把党建和林果产业、乡村旅游结合起来。",
         "一名党员联系一片果园。"),
        "石桥村党员活动室", ["技术指导", "扶贫解困"],
        *_apply(D(2026, 5, 6), "街道级", reviewed=False),
    ),
    _brand(
        "柳林先锋", "柳林村党总支", D(2025, 4, 15),
        ("党员带头参与人居环境整治", "先锋带头，村美民富",
         "从身边的环境整治做起，让党员作用看得见。",
         "党员包片、群众参与。"),
        "柳林村党群服务中心", ["人居环境", "志愿服务"],
    ),
    _brand(
        "政务先锋", "区政务服务中心党支部", D(2024, 3, 1),
        ("党员窗口带头提速增效", "一窗受理，党员先行",
         "在政务窗口设党员先锋岗，群众办事少跑腿。",
         "党员先锋岗、首问负责、限时办结。"),
        "安和区政务服务中心", ["为民服务", "政策咨询"],
        *_climb(D(2024, 4, 8), "区级", DEPARTMENT, ORGANS_EXCEPTION),
        _check(D(2025, 12, 15), "通过", 93.0, DEPARTMENT),
    ),
    _brand(
        "仁心护航", "区人民医院党委", D(2026, 2, 27),
        ("党员医护人员下沉社区开展健康服务", "仁心仁术，健康护航",
         "党员医生走出医院，把健康服务送到社区和村里。",
         "科室支部联系社区，党员专家定期义诊。"),
        "安和区人民医院", ["健康义诊", "志愿服务"],
    ),
)  # fmt: skip

REVIEWED = ("暖心驿站", "江畔红哨")
"""The brands in the district's 2026 区级 review round."""
