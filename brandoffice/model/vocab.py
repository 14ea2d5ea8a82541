"""Controlled vocabularies of the domain; the stored values are the Chinese labels."""

from enum import StrEnum


class OrgKind(StrEnum):
    """Organisation kind (组织类别)."""

    COMMITTEE = "党委"
    WORKING_COMMITTEE = "党工委"
    GENERAL_BRANCH = "党总支"
    BRANCH = "党支部"
    JOINT_BRANCH = "联合党支部"
    FUNCTIONAL_BRANCH = "功能型党支部"


class Sector(StrEnum):
    """Sector (领域) of an organisation."""

    STREET = "街道"
    ORGAN = "机关"
    COMMUNITY = "社区"
    VILLAGE = "农村"
    SCHOOL = "学校"
    STATE_ENTERPRISE = "国有企业"
    ENTERPRISE = "非公企业"
    SOCIAL = "社会组织"
    INSTITUTION = "事业单位"
    HEALTH = "卫生"


TWO_NEW_SECTORS = (Sector.ENTERPRISE, Sector.SOCIAL)
"""两新组织: non-public enterprises and social organisations."""


class OrgLevel(StrEnum):
    """Level of an organisation in the four-level hierarchy (seed 002)."""

    CITY = "市"
    DISTRICT = "区县"
    STREET = "街道乡镇"
    COMMUNITY = "村社区"
    GRASSROOTS = "基层单位"


class Grade(StrEnum):
    """Grade after assessment (晋档升级)."""

    ADVANCED = "先进"
    MIDDLE = "中间"
    LAGGING = "后进"


GRADE_ORDER = {Grade.LAGGING: 0, Grade.MIDDLE: 1, Grade.ADVANCED: 2}


class Gender(StrEnum):
    """Gender as written on the ID card."""

    MALE = "男"
    FEMALE = "女"


class MemberCategory(StrEnum):
    """Member category (seed 001)."""

    SERVING = "在职党员"
    MOBILE = "流动党员"
    INCOMING = "外来党员"
    VILLAGER = "村民党员"
    RETIRED = "离退休党员"


class MemberPost(StrEnum):
    """Ways of showing identity (亮牌示范)."""

    MODEL_POST = "党员示范岗"
    MODEL_HOUSEHOLD = "党员示范户"
    RESPONSIBILITY_ZONE = "党员责任区"
    BADGE = "佩戴党徽"


class GroupRole(StrEnum):
    """Role in a unit's leading group (领导小组)."""

    LEADER = "组长"
    DEPUTY = "副组长"
    MEMBER = "组员"


class BrandStatus(StrEnum):
    """Life-cycle state of a brand."""

    CULTIVATING = "培育"
    APPLIED = "申报"
    REVIEWING = "评审"
    NAMED = "命名"
    RECTIFYING = "整改"
    WITHDRAWN = "摘牌"


class BrandLevel(StrEnum):
    """Level at which a brand is named, lowest first."""

    UNIT = "单位级"
    STREET = "街道级"
    DISTRICT = "区级"
    CITY = "市级"


BRAND_LEVEL_ORDER = {lvl: i for i, lvl in enumerate(BrandLevel)}


class InspectionResult(StrEnum):
    """Outcome of the yearly re-inspection (年度复查验收)."""

    PASSED = "通过"
    IMPROVE = "整改"
    WITHDRAW = "摘牌"


class ReviewSubject(StrEnum):
    """What a review round scores."""

    BRAND = "品牌"
    ORG = "组织"


class TaskScope(StrEnum):
    """Which units a campaign task applies to."""

    ALL = "全部"
    SECTOR = "按领域"
    KIND = "按类别"
    PICKED = "指定单位"


class EvidenceKind(StrEnum):
    """Evidence a task requires."""

    DOCUMENT = "文件"
    PHOTOS = "照片"
    COUNT = "数量"
    NONE = "无"


class ProgressStatus(StrEnum):
    """Stored status of a unit's task; 逾期 is derived from the due date."""

    NOT_STARTED = "未开始"
    IN_PROGRESS = "进行中"
    DONE = "已完成"
    NOT_APPLICABLE = "不适用"


OVERDUE = "逾期"
"""Displayed status of an unfinished task past its due date (never stored)."""


class CommendationKind(StrEnum):
    """Honours (表彰)."""

    ADVANCED_ORG = "先进基层党组织"
    EXCELLENT_MEMBER = "优秀共产党员"
    EXCELLENT_WORKER = "优秀党务工作者"
    BRAND_AWARD = "品牌表彰奖励"
    """A brand that stands out at the yearly re-inspection (复查, seed 002)."""


class HonourStatus(StrEnum):
    """Where an honour stands: nominated, then decided one way or the other."""

    NOMINATED = "推荐"
    AWARDED = "表彰"
    REFUSED = "未通过"


class HonourLevel(StrEnum):
    """The level of the body that decides an honour, lowest first."""

    STREET = "乡镇街道级"
    DISTRICT = "县区级"
    CITY = "市级"
    PROVINCE = "省级"
    NATION = "全国"


class Role(StrEnum):
    """Account roles for the optional login."""

    ADMIN = "管理员"
    CLERK = "组织员"
    LEADER = "领导"


class EvaluationSource(StrEnum):
    """Who scored a member in the member evaluation (党员评议)."""

    SELF = "自评"
    MASSES = "群众评议"


class MemberStandard(StrEnum):
    """The criteria set a member evaluation starts from."""

    FIVE_LEADS = "五带头"
    FIVE_MODELS = "五个模范"
    CUSTOM = "自定义"


class PublishChannel(StrEnum):
    """Where a public commitment (公开承诺) was published."""

    NOTICE_BOARD = "公示栏"
    WEBSITE = "网站"
    WECHAT = "微信群"
    BROADCAST = "广播"
    BULLETIN = "信息简报"
    RESIDENTS_MEETING = "居民代表大会"
    LEAFLET = "明白纸"


class Fulfilment(StrEnum):
    """Year-end check of a public commitment."""

    FULFILLED = "已兑现"
    PARTLY = "部分兑现"
    NOT_FULFILLED = "未兑现"


class SecretaryRating(StrEnum):
    """Rating of a secretary's report on party building (书记抓党建述职评议), best first."""

    GOOD = "好"
    FAIRLY_GOOD = "较好"
    AVERAGE = "一般"
    POOR = "差"


class FundKind(StrEnum):
    """Kind of a special-fund (专项经费) entry."""

    APPLIED = "申请"
    APPROVED = "批准"
    SPENT = "支出"


class TrainingLevel(StrEnum):
    """Level of a training session (分级分批培训), highest first."""

    CITY = "市级"
    DISTRICT = "区级"
    STREET = "街道级"
    COMMUNITY = "社区级"
    BRANCH = "支部级"
