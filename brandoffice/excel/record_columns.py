"""The columns of the campaign-record sheets: evaluation, reports, commitments, funds, training."""

from __future__ import annotations

import datetime as dt

from brandoffice.excel.colspec import ColType, Column, SheetSpec, uid_column
from brandoffice.model.vocab import (
    EvaluationSource,
    Fulfilment,
    FundKind,
    Grade,
    MemberStandard,
    PublishChannel,
    SecretaryRating,
    TrainingLevel,
)

C = Column
T = ColType
TEXT = 2000
LONG = 5000
_PATH = "填组织名称；有重名时写出上级路径，如 ××街道党工委/××社区党委"
_ORG = "××街道党工委/××社区党委"
_CAMPAIGN = "2026年党建品牌创建活动"
_ID_HINT = "可留空，按“姓名＋所属组织”查找；同一组织有同名党员时必填（请设为“文本”格式）"


def member_columns(name_header: str, *, required: bool, example: str | None) -> tuple[Column, ...]:
    """The three columns that name a member: name, unit and (to tell namesakes apart) ID number."""
    hint = "单位的记录留空；党员的记录填写党员姓名" if not required else ""
    return (
        C(name_header, "member", required=required, max_len=50, example=example, width=10,
          aliases=("姓名",) if name_header != "姓名" else ("党员姓名",), hint=hint),
        C("所属组织", "org", T.ORG, required=not required, max_len=500, example=_ORG, width=32,
          aliases=("所属党组织", "单位"),
          hint=_PATH if not required else f"{_PATH}；填了身份证号时可留空"),
        C("身份证号", "id_number", T.ID_NUMBER, max_len=18, width=22,
          aliases=("身份证号码", "公民身份号码"), hint=_ID_HINT),
    )  # fmt: skip


def _unit(header: str = "单位", example: str = _ORG) -> Column:
    return C(header, "org", T.ORG, required=True, max_len=500, example=example, width=32,
             aliases=("组织", "所属组织", "党组织"), hint=_PATH)  # fmt: skip


def _year(example: int = 2026, hint: str = "") -> Column:
    return C("年度", "year", T.INT, required=not hint, example=example, width=8, hint=hint)


def _campaign(required: bool) -> Column:
    hint = "须是已导入或已建立的创建活动" + ("" if required else "；可留空")
    return C("创建活动", "campaign", required=required, example=_CAMPAIGN, width=24, hint=hint)


# fmt: off
# The specs are a table: one column per line reads better than the formatter's layout.
EVALUATION = SheetSpec("evaluation", "党员评议", (
    _campaign(True),
    C("评议标准", "standard", T.CHOICE, choices=MemberStandard, example="五带头", width=10,
      hint="该活动还没有党员评议时，按此标准新建（留空为“五带头”）；已有的不会更改"),
    *member_columns("姓名", required=True, example="陈晓红"),
    C("评议项目", "criterion", required=True, max_len=50, example="带头学习提高", width=14,
      hint="须是该活动党员评议中的项目，如 五带头 的“带头学习提高”"),
    C("评分来源", "source", T.CHOICE, required=True, choices=EvaluationSource, example="自评",
      width=10),
    C("分数", "score", T.FLOAT, required=True, example=92, width=8,
      hint="0 到该项目的满分（通常为100）；群众评议填各测评表的平均分"),
    C("参评人数", "evaluator_count", T.INT, example=1, width=8,
      hint="群众评议的测评表份数；自评为1；留空为1"),
    uid_column(),
), "每行一名党员在一个评议项目上的一种评分（自评或群众评议）。同一党员、项目和来源的评分会被更新。")

SPIRIT_REPORTS = SheetSpec("spirit-reports", "党性分析报告", (
    *member_columns("姓名", required=True, example="陈晓红"),
    _year(),
    C("是否提交", "submitted", T.BOOL, example="是", width=8,
      hint="留空时：填了提交日期为“是”，否则为“否”"),
    C("提交日期", "submitted_on", T.DATE, example=dt.date(2026, 4, 18), width=12,
      hint="只在已提交时填写；留空则取今天", not_in_future=True),
    C("审阅人", "reviewer", max_len=50, example="王建华", width=10),
    C("审阅意见", "reviewer_comment", max_len=TEXT, example="剖析深刻，整改措施具体", width=24),
    _campaign(False),
    uid_column(),
), "每行一名党员一个年度的党性分析报告。报告文件请在软件中上传，不经 Excel 导入。"
   "同一党员同一年度的报告会被更新。")

COMMITMENTS = SheetSpec("commitments", "公开承诺", (
    *member_columns("党员姓名", required=False, example=None),
    _year(hint="留空取承诺日期的年份"),
    C("承诺内容", "content", required=True, max_len=TEXT, width=30,
      example="年内为辖区居民办实事10件"),
    C("岗位职责", "post", max_len=100, example="党员示范岗", width=14, aliases=("承诺岗位",)),
    C("承诺日期", "made_on", T.DATE, required=True, example=dt.date(2026, 3, 15), width=12,
      not_in_future=True),
    C("公开方式", "published_in", T.LIST, choices=PublishChannel, example="公示栏、微信群",
      width=18),
    C("兑现情况", "fulfilment", T.CHOICE, choices=Fulfilment, width=10,
      hint="年终检查后填写；未检查留空"),
    C("检查日期", "checked_on", T.DATE, width=12, hint="填写兑现情况时填写；留空取今天",
      not_in_future=True),
    C("兑现说明", "check_note", max_len=TEXT, width=24, hint="“部分兑现”“未兑现”须说明原因"),
    uid_column(),
), "每行一项公开承诺：单位的承诺只填所属组织，党员的承诺再填党员姓名。"
   "同一承诺主体、年度和承诺内容的记录会被更新。")

SECRETARY_REVIEWS = SheetSpec("secretary-reviews", "书记述职评议", (
    _unit(),
    _year(2025),
    C("书记", "secretary", max_len=50, example="王建华", width=10, aliases=("书记姓名",),
      hint="留空取组织资料中登记的书记"),
    C("述职日期", "reported_on", T.DATE, example=dt.date(2026, 1, 15), width=12,
      not_in_future=True),
    C("得分", "score", T.FLOAT, example=92.5, width=8, hint="0–100"),
    C("评议等次", "rating", T.CHOICE, choices=SecretaryRating, example="好", width=10,
      hint="留空按得分评定：90分以上好，80分以上较好，60分以上一般，其余差"),
    C("备注", "note", max_len=TEXT, width=20),
    C("评议问题", "points", T.LINES, max_len=TEXT, width=36,
      example="党员教育管理不够经常\n服务群众的载体不多",
      aliases=("存在问题", "指出问题"),
      hint="每行一个问题；已登记的问题（文字相同）保留其整改情况"),
    uid_column(),
), "每行一个组织一个年度的书记抓党建述职评议。同一组织同一年度的记录会被更新。")

DEEDS = SheetSpec("deeds", "先进典型", (
    C("事迹标题", "title", required=True, max_len=100, example="楼道里的“红管家”", width=24),
    *member_columns("党员姓名", required=False, example="陈晓红"),
    C("事迹日期", "deed_on", T.DATE, required=True, example=dt.date(2025, 7, 1), width=12,
      not_in_future=True),
    C("事迹简介", "summary", max_len=LONG, width=36,
      example="十年如一日为独居老人代买代办，带动楼道党员结对帮扶"),
), "每行一个先进典型的事迹：单位的只填所属组织，党员的再填党员姓名。事迹材料请在软件中上传。"
   "同一对象、同一标题的事迹会被更新。")

FUNDS = SheetSpec("funds", "专项经费", (
    C("品牌", "brand", max_len=20, example="幸福驿站", width=12, aliases=("品牌名称",),
      hint="与“示范点”二选一"),
    C("示范点", "point", T.ORG, max_len=500, width=24,
      hint=f"与“品牌”二选一；须是标记为示范点的组织；{_PATH}"),
    C("经费类别", "kind", T.CHOICE, required=True, choices=FundKind, example="批准", width=10),
    C("金额（元）", "amount_fen", T.MONEY, required=True, example=2_000_000, width=12,
      aliases=("金额", "金额(元)"), hint="以元为单位，最多两位小数"),
    C("经费项目", "item", required=True, max_len=100, example="驿站阵地改造", width=18),
    C("日期", "entry_on", T.DATE, required=True, example=dt.date(2026, 3, 20), width=12,
      aliases=("经费日期",), not_in_future=True),
    C("备注", "note", max_len=TEXT, width=20),
), "每行一笔专项经费（申请、批准或支出）。同一对象、类别、日期和项目的记录会被更新；"
   "支出合计不能超过批准合计。")

TRAINING = SheetSpec("training", "培训", (
    _unit("举办单位", "××街道党工委"),
    C("培训日期", "held_on", T.DATE, required=True, example=dt.date(2026, 4, 10), width=12),
    C("培训级别", "level", T.CHOICE, required=True, choices=TrainingLevel, example="街道级",
      width=10),
    C("培训主题", "topic", required=True, max_len=200, example="党建品牌创建业务培训",
      width=24),
    C("授课人", "trainer", max_len=50, example="区委党校 李教授", width=14),
    C("学时", "hours", T.FLOAT, required=True, example=3, width=6, hint="大于0，最多24"),
    C("培训地点", "location", max_len=200, example="街道党群服务中心", width=18),
    _campaign(False),
    C("出席党员", "attended", T.LIST, max_len=600, example="陈晓红、刘强", width=30,
      aliases=("参训党员",),
      hint="举办单位及其下级组织的党员；填姓名，有重名时写成“组织/姓名”或填身份证号"),
    C("缺席党员", "absent", T.LIST, max_len=600, width=20, hint="写法同“出席党员”"),
    C("备注", "note", max_len=TEXT, width=20),
), "每行一次培训及其人员名单。同一举办单位、日期和主题的培训会被更新，名单整体替换。")

BENCHMARKS = SheetSpec("benchmarks", "对标定位", (
    _unit(example="××街道党工委/××社区党委"),
    _year(),
    C("标杆单位", "model", T.ORG, required=True, max_len=500, example=_ORG, width=30,
      hint=f"等次不低于本单位且不是后进；{_PATH}"),
    C("找标杆", "model_reason", max_len=LONG, example="品牌创建经验成熟", width=20,
      hint="为什么以它为标杆"),
    C("找差距", "gaps", max_len=LONG, example="党员服务群众的载体少", width=20),
    C("找方向", "direction", max_len=LONG, example="建设网格党员服务点", width=20),
    C("找措施", "measures", max_len=LONG, example="每月开展一次结对活动", width=20),
    uid_column(),
), "每行一个组织一个年度的“四找”对标定位。同一组织同一年度的记录会被更新。")

GRADES = SheetSpec("grades", "评定等次", (
    _unit(),
    _year(2025),
    C("等次", "grade", T.CHOICE, required=True, choices=Grade, example="先进", width=8,
      aliases=("评定等次",)),
    C("评定依据", "source", max_len=100, example="2025年度“五个好”评定", width=22),
    C("备注", "note", max_len=TEXT, width=20),
    uid_column(),
), "每行一个组织一个年度的评定等次，用来看晋档升级。同一组织同一年度的记录会被更新；"
   "是该组织最近年度的，同时更新组织的当前等次。")
# fmt: on
