"""The columns of every Excel sheet as data: header, field, type, rules and example."""

from __future__ import annotations

import datetime as dt

from brandoffice.errors import ValidationError
from brandoffice.excel.colspec import ColType, Column, SheetSpec, uid_column
from brandoffice.idcard import make_id_number
from brandoffice.kinds import KINDS
from brandoffice.model.vocab import (
    BrandLevel,
    BrandStatus,
    EvidenceKind,
    Gender,
    Grade,
    MemberCategory,
    MemberPost,
    OrgKind,
    OrgLevel,
    ProgressStatus,
    Sector,
    TaskScope,
)

__all__ = [
    "CHOICES_SHEET",
    "EXCEL_KINDS",
    "HELP_SHEET",
    "IGNORED_HEADERS",
    "SPECS",
    "ColType",
    "Column",
    "SheetSpec",
    "spec_for",
]

LONG_TEXT = 4000
NOTE_TEXT = 2000

C = Column
T = ColType
PHONE_ALIASES = ("电话", "手机", "手机号", "手机号码", "电话号码", "联系方式", "联系手机")
ORG_PHONE_ALIASES = (*PHONE_ALIASES, "办公电话", "固定电话")
MEMBER_EXTRAS = (
    "民族",
    "籍贯",
    "学历",
    "学位",
    "文化程度",
    "工作岗位",
    "岗位",
    "职务",
    "工作单位",
    "家庭住址",
    "现居住地",
    "户籍所在地",
    "党籍状态",
    "党员状态",
    "政治面貌",
    "党内职务",
    "行政职务",
    "专业技术职务",
    "婚姻状况",
    "办公电话",
    "固定电话",
    "家庭电话",
)
"""Roster columns (national member system's export and clerks' own lists) not kept."""
NOT_KEPT = "本程序不记录"
PHONE_HINT = "手机或带区号的座机；可带空格、横线、括号或 +86，如 138-0013-8001、(0571) 8800 1234"
_PATH_HINT = "填组织名称；有重名时写出上级路径，如 ××街道党工委/××社区党委"
_EXAMPLE_ORG = "××街道党工委/××社区党委"

# fmt: off
# The specs are a table: one column per line reads better than the formatter's layout.
ORGS = SheetSpec("orgs", "组织", (
    C("组织名称", "name", required=True, example="幸福驿站社区党委", width=24,
      aliases=("名称", "党组织名称", "党组织全称", "单位名称", "组织全称", "基层党组织名称"),
      hint="名称中不能有“/”"),
    C("上级组织", "parent", T.ORG, max_len=500, example="××街道党工委", width=30,
      aliases=("上级党组织", "上级", "上级党组织名称", "上级组织名称", "隶属党组织",
               "所属上级党组织"),
      hint=f"顶层组织留空；{_PATH_HINT}；上级可以在本表前面或后面的行中"),
    C("组织类别", "kind", T.CHOICE, choices=OrgKind, example="党委",
      aliases=("党组织类别", "组织类型", "党组织类型"),
      hint="留空时按名称末尾（党委、党工委、党总支、党支部……）判断"),
    C("组织层级", "level", T.CHOICE, choices=OrgLevel, example="村社区",
      aliases=("层级", "党组织层级"),
      hint="留空时按上级组织推断（顶层为“街道乡镇”）"),
    C("领域", "sector", T.CHOICE, choices=Sector, example="社区",
      aliases=("所属领域", "行业领域")),
    C("书记", "secretary", max_len=50, example="王建华", width=10,
      aliases=("书记姓名", "党组织书记", "支部书记")),
    C("联系人", "contact", max_len=50, example="李敏", width=10, aliases=("联系人姓名",)),
    C("联系电话", "phone", T.PHONE, example="0571-88001234", width=16,
      aliases=ORG_PHONE_ALIASES, hint=PHONE_HINT),
    C("地址", "address", max_len=200, example="幸福路18号", width=24,
      aliases=("办公地址", "通讯地址", "详细地址")),
    C("党员人数", "member_count", T.INT, example=78, width=10,
      aliases=("党员数", "党员数量", "党员总数")),
    C("评定等次", "grade", T.CHOICE, choices=Grade, example="先进", width=10),
    C("示范点", "is_demo_point", T.BOOL, example="是", width=8),
    C("成立日期", "founded_on", T.DATE, example=dt.date(2003, 6, 18), width=12,
      aliases=("成立时间",)),
    C("任期开始", "term_start", T.DATE, example=dt.date(2021, 7, 1), width=12),
    C("任期结束", "term_end", T.DATE, example=dt.date(2026, 6, 30), width=12),
    C("排序", "sort_order", T.INT, example=1, width=8, hint="同级组织的显示顺序"),
    C("备注", "note", max_len=NOTE_TEXT, width=24),
    uid_column(),
), "每行一个基层党组织。已有的组织（上级路径和名称相同）会被更新。",
   ignored=tuple((name, NOT_KEPT) for name in ("组织简称", "党组织简称", "组织编码",
                                               "党组织编码", "单位性质")))

MEMBERS = SheetSpec("members", "党员", (
    C("姓名", "name", T.NAME, required=True, max_len=50, example="陈晓红", width=10,
      aliases=("党员姓名",)),
    C("所属组织", "org", T.ORG, max_len=500, example=_EXAMPLE_ORG, width=32,
      aliases=("所属党组织", "所在党组织", "党组织", "所在党支部", "所在支部", "所属支部",
               "所属党支部", "党支部", "所在党组织名称", "党组织名称"),
      hint=f"{_PATH_HINT}；新党员必填，已登记的党员（按身份证号）可留空"),
    C("党员类别", "category", T.CHOICE, choices=MemberCategory,
      example="在职党员", aliases=("类别", "党员类型"), hint="可留空，以后补填"),
    C("性别", "gender", T.CHOICE, choices=Gender, example="女", width=6,
      hint="可留空，按身份证号自动填写"),
    C("身份证号", "id_number", T.ID_NUMBER, max_len=18, width=22,
      example=make_id_number("330106", dt.date(1985, 3, 12), 124),
      aliases=("身份证号码", "公民身份号码", "身份证", "公民身份证号", "公民身份证号码",
               "证件号码", "证件号", "身份证件号码"),
      hint="请把该列设为“文本”格式，否则 Excel 会丢失末几位"),
    C("联系电话", "phone", T.PHONE, example="13812345678", width=16,
      aliases=PHONE_ALIASES, hint=PHONE_HINT),
    C("入党日期", "join_date", T.DATE, example=dt.date(2010, 7, 1), width=12,
      aliases=("入党时间", "入党年月")),
    C("亮牌示范", "posts", T.LIST, choices=MemberPost, example="党员示范岗、佩戴党徽", width=24),
    C("备注", "note", max_len=NOTE_TEXT, width=24),
    uid_column(),
), "每行一名党员。身份证号相同的党员会被更新；没有身份证号时按“姓名＋所属组织”查找。",
   ignored=(
       ("人员类别", "正式党员/预备党员，本程序不记录；它不是党员类别"),
       ("转正时间", NOT_KEPT), ("转正日期", NOT_KEPT),
       ("出生日期", "由身份证号得出"), ("年龄", "由身份证号得出"),
       *((name, NOT_KEPT) for name in MEMBER_EXTRAS),
   ))

BRANDS = SheetSpec("brands", "品牌", (
    C("品牌名称", "name", required=True, max_len=20, example="幸福驿站", width=14,
      hint="4–8 个字"),
    C("所属组织", "org", T.ORG, required=True, max_len=500, example=_EXAMPLE_ORG, width=32,
      aliases=("所属党组织", "所在党组织", "党组织", "创建单位", "党组织名称"), hint=_PATH_HINT),
    C("创建年度", "year", T.INT, example=2026, width=10,
      aliases=("年度", "创建年份", "年份"), hint="留空为今年"),
    C("文字标识", "logo_text", max_len=200, example="红色驿站·幸福家园", width=18),
    C("品牌主题", "theme", max_len=LONG_TEXT, example="党建引领，幸福共建", width=20),
    C("品牌口号", "slogan", max_len=200, example="有事找驿站，幸福在身边", width=20),
    C("品牌内涵", "connotation", max_len=LONG_TEXT, width=24,
      example="把党组织建在群众家门口，让居民在驿站里办事、议事、解忧"),
    C("品牌理念", "concept", max_len=LONG_TEXT, example="以人民为中心，服务零距离", width=20),
    C("作用发挥", "role_played", max_len=LONG_TEXT, width=24,
      example="党员认领服务岗位，每周轮值驿站"),
    C("服务地点", "service_site", max_len=200, example="幸福驿站社区党群服务中心", width=20),
    C("服务内容", "service_items", T.LIST, max_len=100, width=24,
      example="为民服务、纠纷调解、政策咨询"),
    C("目标要求", "objectives", max_len=LONG_TEXT, example="年内服务居民1000人次", width=20),
    C("创建载体", "carriers", T.CARRIERS, max_len=100, width=30,
      example="红色议事厅：居民议事协商\n幸福热线：每天接听居民求助",
      hint="每行一个载体，写成“名称：说明”（说明可省略）"),
    C("创建措施", "measures", max_len=LONG_TEXT, example="建立党员轮值制度", width=20),
    C("状态", "status", T.CHOICE, choices=BrandStatus, example="培育", width=8,
      hint="新品牌留空或填“培育”；已登记品牌的状态、级别只能在窗口中逐步办理，导入时须与现状相同"),
    C("命名级别", "level", T.CHOICE, choices=BrandLevel, width=10),
    C("命名机关", "naming_body", max_len=100, width=16),
    C("命名日期", "named_on", T.DATE, width=12),
    C("备注", "note", max_len=NOTE_TEXT, width=20),
    uid_column(),
), "每行一个党建品牌。品牌名称相同的品牌会被更新。")

TASKS = SheetSpec("tasks", "任务", (
    C("创建活动", "campaign", required=True, example="2026年党建品牌创建活动", width=24),
    C("年度", "campaign_year", T.INT, example=2026, width=8, hint="新建创建活动时必填"),
    C("活动范围", "campaign_scope", T.ORG, max_len=500, example="××街道党工委", width=20,
      hint="参加活动的组织（含下级）；留空为全部组织"),
    C("阶段", "phase", max_len=50, example="动员部署", width=12, hint="填写任务时必填"),
    C("阶段开始", "phase_start", T.DATE, example=dt.date(2026, 3, 1), width=12,
      hint="新建阶段时必填"),
    C("阶段结束", "phase_end", T.DATE, example=dt.date(2026, 5, 31), width=12),
    C("任务", "task", max_len=100, example="成立创建工作领导小组", width=24,
      hint="留空时本行只建创建活动或阶段"),
    C("任务说明", "description", max_len=LONG_TEXT, width=24,
      example="明确组长、副组长和组员，报上级党组织备案"),
    C("截止日期", "due_on", T.DATE, example=dt.date(2026, 3, 31), width=12,
      hint="填写任务时必填"),
    C("适用范围", "scope", T.CHOICE, choices=TaskScope, example="全部", width=10,
      hint="留空为“全部”"),
    C("领域/类别", "scope_values", T.LIST, max_len=500, width=20,
      hint="按领域或按类别时填领域或组织类别；指定单位时填单位；多项用“、”分隔"),
    C("佐证材料", "evidence_kind", T.CHOICE, choices=EvidenceKind, example="文件", width=10,
      hint="留空为“文件”"),
    C("材料说明", "evidence_note", max_len=200, example="领导小组名单及分工", width=18),
    C("目标数量", "target_count", T.INT, width=10),
    C("权重", "weight", T.FLOAT, example=1, width=8, hint="留空为 1"),
), "每行一个任务，连同它所属的创建活动和阶段；没有的创建活动和阶段会自动新建。",
   (("领域", Sector), ("组织类别", OrgKind)))

PROGRESS = SheetSpec("progress", "任务进度", (
    C("创建活动", "campaign", required=True, example="2026年党建品牌创建活动", width=24),
    C("阶段", "phase", max_len=50, example="动员部署", width=12,
      hint="任务名称在活动中唯一时可留空"),
    C("任务", "task", required=True, example="成立创建工作领导小组", width=24),
    C("单位", "unit", T.ORG, required=True, max_len=500, example=_EXAMPLE_ORG, width=32,
      aliases=("组织", "所属组织"), hint=_PATH_HINT),
    C("完成情况", "status", T.CHOICE, required=True, choices=ProgressStatus,
      example="已完成", width=10),
    C("完成日期", "done_on", T.DATE, example=dt.date(2026, 3, 20), width=12,
      hint="只在“已完成”时填写；留空则取今天"),
    C("数量", "count_value", T.INT, width=8),
    C("备注", "note", max_len=NOTE_TEXT, width=24),
), "每行一个单位在一项任务上的完成情况；任务须已导入或已建立。")
# fmt: on

SPECS: dict[str, SheetSpec] = {
    s.kind: s for s in (ORGS, MEMBERS, BRANDS, TASKS, PROGRESS, *(k.spec for k in KINDS))
}
EXCEL_KINDS: dict[str, str] = {kind: spec.label for kind, spec in SPECS.items()}
"""Importable kinds: kind → Chinese label."""

IGNORED_HEADERS = frozenset({"序号"})
"""Headers clerks often add that carry nothing to import."""

HELP_SHEET = "说明"
CHOICES_SHEET = "可选值"


def spec_for(kind: str) -> SheetSpec:
    """Return the sheet spec of a kind.

    Raises:
        ValidationError: The kind is not importable.
    """
    try:
        return SPECS[kind]
    except KeyError:
        allowed = "、".join(f"{k}（{v}）" for k, v in EXCEL_KINDS.items())
        raise ValidationError(f"不支持的导入种类“{kind}”，可选：{allowed}") from None
