"""Campaign-record sheets with bad cells: refused whole, one line per cell, database unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from brandoffice.errors import ImportRejected
from brandoffice.excel import import_kind
from brandoffice.excel.columns import SPECS
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.core.excel.excel_helpers import id_number, snapshot, write_xlsx
from tests.core.excel.records_data import CAMPAIGN, Records

Line = tuple[int, str, str, str]
XF = "幸福驿站社区党委"


def refused(
    ctx: AppContext, tmp_path: Path, kind: str, header: list[str], rows: list[list[Any]]
) -> list[Line]:
    """Import a sheet that must be refused; return its problems and check nothing changed."""
    path = write_xlsx(tmp_path / f"{kind}.xlsx", header, rows, sheet=SPECS[kind].label)
    before = snapshot(ctx)
    with pytest.raises(ImportRejected) as info:
        import_kind(ctx, kind, path)
    assert snapshot(ctx) == before
    return [(p.row, p.column, p.value, p.reason) for p in info.value.problems]


def test_evaluation_scores(filled: tuple[AppContext, Records], tmp_path: Path) -> None:
    ctx, _ = filled
    header = [
        "创建活动",
        "姓名",
        "所属组织",
        "身份证号",
        "评议项目",
        "评分来源",
        "分数",
        "参评人数",
    ]
    rows = [
        [CAMPAIGN, "张伟", XF, None, "带头学习提高", "自评", 88, None],  # fine on its own
        ["2030年创建活动", "张伟", XF, None, "带头学习提高", "自评", 88, None],
        [CAMPAIGN, "张三", XF, None, "带头学习提高", "自评", 88, None],
        [CAMPAIGN, "张伟", XF, None, "带头学习", "自评", 88, None],
        [CAMPAIGN, "张伟", XF, None, "带头争创佳绩", "自评", 101, 3],
        [CAMPAIGN, "张伟", XF, None, "带头学习提高", "自评", 70, None],
        [CAMPAIGN, "李强", "光明社区党委", None, "带头学习提高", "群众评议", 80, 9],
        [CAMPAIGN, "王芳", None, id_number(311), "带头学习提高", "群众评议", 80, 9],
    ]
    assert refused(ctx, tmp_path, "evaluation", header, rows) == [
        (
            3,
            "创建活动",
            "2030年创建活动",
            "找不到创建活动“2030年创建活动”，请先在软件中建立或用任务表导入",
        ),
        (4, "姓名", "张三", f"“幸福街道党工委/{XF}”中找不到党员“张三”"),
        (
            5,
            "评议项目",
            "带头学习",
            "评议项目“带头学习”不存在，可选：带头学习提高、带头争创佳绩、带头服务群众、带头遵纪守法、"
            "带头弘扬正气",
        ),
        (6, "分数", "101", "“带头争创佳绩”的评分不能大于100（现为101）"),
        (6, "参评人数", "3", "自评只能由党员本人打分（参评人数应为1）"),
        (7, "评议项目", "带头学习提高", "与第 2 行重复：同一党员、同一评议项目、同一评分来源"),
        (8, "姓名", "李强", "“幸福街道党工委/光明社区党委”有 2 名党员叫“李强”，请填写身份证号"),
        (
            9,
            "姓名",
            "王芳",
            f"身份证号 {id_number(311)[:6]}********{id_number(311)[-4:]} 登记的党员是“李强”，与本行姓名不符",
        ),
    ]


def test_a_new_evaluation_and_the_campaign_scope(
    filled: tuple[AppContext, Records], tmp_path: Path
) -> None:
    ctx, records = filled
    CampaignService(ctx).create_campaign(
        "东风社区2026年活动", 2026, scope_org_id=records.street.dongfeng
    )
    header = ["创建活动", "评议标准", "姓名", "所属组织", "评议项目", "评分来源", "分数"]
    rows = [
        ["东风社区2026年活动", "自定义", "刘洋", "东风社区党委", "带头学习提高", "自评", 90],
        ["东风社区2026年活动", "五个模范", "孙丽", "光明社区党委", "自觉学习", "自评", 90],
        ["东风社区2026年活动", "五个模范", "刘洋", "东风社区党委", "带头学习提高", "自评", 90],
        ["东风社区2026年活动", "五带头", "陈静", "东风社区党委", "自觉学习", "自评", 90],
        [CAMPAIGN, "五个模范", "张伟", XF, "带头学习提高", "自评", 90],
    ]
    assert refused(ctx, tmp_path, "evaluation", header, rows) == [
        (2, "评议标准", "自定义", "自定义评议标准须先在软件中设置评议项目"),
        (3, "姓名", "孙丽", "党员“孙丽”所在组织不在该创建活动范围内"),
        (
            4,
            "评议项目",
            "带头学习提高",
            "评议项目“带头学习提高”不存在，可选：自觉学习、执行政策、服务群众、爱岗敬业、遵纪守法",
        ),
        (5, "评议标准", "五带头", "与前面的行不一致：该活动按“五个模范”新建党员评议"),
        (6, "评议标准", "五个模范", "该活动的党员评议已按“五带头”设置"),
    ]


def test_party_spirit_reports(filled: tuple[AppContext, Records], tmp_path: Path) -> None:
    ctx, _ = filled
    header = ["姓名", "所属组织", "身份证号", "年度", "是否提交", "提交日期", "审阅人", "审阅意见"]
    rows = [
        ["王芳", XF, None, 2026, "否", "2026-5-1", None, None],
        ["张伟", XF, None, 2026, "否", None, None, None],
        ["刘洋", "东风社区党委", None, 2026, "是", "2026-6-1", None, "很好"],
        ["陈静", "东风社区党委", None, 2027, "是", "2026-5-1", None, None],
        ["孙丽", "光明社区党委", None, 3000, None, None, None, None],
        ["赵磊", None, None, 2026, None, None, None, None],
        ["李强", None, id_number(999), 2026, None, None, None, None],
    ]
    assert refused(ctx, tmp_path, "spirit-reports", header, rows) == [
        (2, "提交日期", "2026-5-1", "未提交的报告不能填写提交日期"),
        (3, "是否提交", "否", "该报告已上传文件，不能改为未提交"),
        (4, "提交日期", "2026-6-1", "提交日期不能晚于今天"),
        (4, "审阅人", "", "审阅人不能为空"),
        (5, "提交日期", "2026-5-1", "提交日期早于2027年，请核对年度"),
        (6, "年度", "3000", "年度“3000”不是有效的年份"),
        (7, "所属组织", "", "没有身份证号时须填写所属组织"),
        (8, "身份证号", id_number(999), "找不到该身份证号的党员，请先导入党员"),
    ]


def test_commitments(filled: tuple[AppContext, Records], tmp_path: Path) -> None:
    ctx, _ = filled
    header = [
        "所属组织",
        "党员姓名",
        "年度",
        "承诺内容",
        "承诺日期",
        "公开方式",
        "兑现情况",
        "检查日期",
        "兑现说明",
    ]
    rows = [
        [XF, None, None, "办实事", "2025-3-1", "公示栏、电视台", "部分兑现", "2025-12-1", None],
        ["东风社区党委", "刘洋", None, "带头", "2026-6-1", None, None, "2026-5-1", None],
        ["东风社区党委", None, 2026, "诉求答复", "2026-3-1", None, "已兑现", "2026-2-1", None],
        ["不存在社区党委", None, 2026, "诉求答复", "2026-3-1", None, None, None, None],
        [XF, None, None, "办实事", "2025-3-1", "公示栏", None, None, None],
        [XF, None, None, "办实事", "2025-4-1", "公示栏", None, None, None],
    ]
    assert refused(ctx, tmp_path, "commitments", header, rows) == [
        (
            2,
            "公开方式",
            "公示栏、电视台",
            "公开方式“电视台”无效，可选：公示栏、网站、微信群、广播、信息简报、居民代表大会、明白纸",
        ),
        (2, "兑现说明", "", "“部分兑现”须说明原因"),
        (3, "承诺日期", "2026-6-1", "承诺日期不能晚于今天"),
        (3, "检查日期", "2026-5-1", "没有填写兑现情况时不能填写检查日期"),
        (4, "检查日期", "2026-2-1", "检查日期早于承诺日期"),
        (5, "所属组织", "不存在社区党委", "找不到组织“不存在社区党委”"),
        (7, "承诺内容", "办实事", "与第 6 行重复：同一承诺主体、同一年度的相同承诺"),
    ]


def test_secretary_reviews_and_deeds(filled: tuple[AppContext, Records], tmp_path: Path) -> None:
    ctx, records = filled
    OrgService(ctx).create(
        OrgDraft(name="新建党支部", kind="党支部", level="基层单位", parent_id=records.street.root)
    )
    header = ["单位", "年度", "书记", "得分", "评议等次", "评议问题"]
    rows = [
        [XF, 2025, None, 120, None, "问题一"],
        ["新建党支部", 2025, None, 80, None, None],
        ["东风社区党委", 2026, "东风书记", None, "很好", None],
    ]
    assert refused(ctx, tmp_path, "secretary-reviews", header, rows) == [
        (2, "得分", "120", "述职评议得分不能大于100（现为120）"),
        (3, "书记", "", "请填写书记姓名（该组织资料中没有登记书记）"),
        (4, "评议等次", "很好", "评议等次“很好”无效，可选：好、较好、一般、差"),
    ]
    header = ["事迹标题", "所属组织", "党员姓名", "事迹日期"]
    rows = [
        ["明天的事迹", XF, None, "2026-5-21"],
        ["别人的事迹", XF, "孙丽", "2026-5-1"],
    ]
    assert refused(ctx, tmp_path, "deeds", header, rows) == [
        (2, "事迹日期", "2026-5-21", "事迹日期不能晚于今天"),
        (3, "党员姓名", "孙丽", f"“幸福街道党工委/{XF}”中找不到党员“孙丽”"),
    ]


def test_funds(filled: tuple[AppContext, Records], tmp_path: Path) -> None:
    ctx, _ = filled
    header = ["品牌", "示范点", "经费类别", "金额（元）", "经费项目", "日期"]
    rows = [
        ["幸福驿站", "光明社区党委", "申请", 100, "两个都填", "2026-5-1"],
        [None, None, "申请", 100, "都没填", "2026-5-1"],
        [None, "东风社区党委", "申请", 100, "不是示范点", "2026-5-1"],
        ["红星领航", None, "申请", 100, "没有这个品牌", "2026-5-1"],
        ["幸福驿站", None, "申请", 12.345, "三位小数", "2026-5-1"],
        ["幸福驿站", None, "申请", "-5", "负数", "2026-5-1"],
        ["幸福驿站", None, "支出", "6000", "超支", "2026-5-1"],
        ["幸福驿站", None, "支出", "1000", "再超支", "2026-5-2"],
    ]
    assert refused(ctx, tmp_path, "funds", header, rows) == [
        (2, "品牌", "幸福驿站", "经费须属于一个品牌或一个示范点（二者选一）"),
        (3, "品牌", "", "经费须属于一个品牌或一个示范点（二者选一）"),
        (4, "示范点", "东风社区党委", "“东风社区党委”不是示范点，专项经费只能记在品牌或示范点上"),
        (5, "品牌", "红星领航", "找不到该品牌，请先登记或导入品牌"),
        (6, "金额（元）", "12.345", "金额（元）“12.345”最多保留两位小数（到分）"),
        (7, "金额（元）", "-5", "金额（元）应大于0（现为“-5”）"),
        (
            9,
            "金额（元）",
            "1000",
            "“幸福驿站”的支出将超出批准额度：已批准 8000.50 元，支出合计将为 8234.56 元，"
            "超出 234.06 元",
        ),
    ]


def test_training(filled: tuple[AppContext, Records], tmp_path: Path) -> None:
    ctx, _ = filled
    header = ["举办单位", "培训日期", "培训级别", "培训主题", "学时", "出席党员", "缺席党员"]
    rows = [
        [XF, "2026-5-1", "社区级", "零学时", 0, "李娜", None],
        [XF, "2026-5-2", "社区级", "外单位的人", 1, "刘洋、李娜", None],
        [XF, "2026-5-3", "社区级", "重名", 1, "张伟", None],
        [XF, "2026-5-4", "社区级", "又来又缺", 1, "李娜", "李娜"],
        ["光明社区党委", "2026-5-5", "社区级", "写错身份证", 1, id_number(124), None],
        ["光明社区党委", "2028-5-5", "社区级", "太远", 1, None, None],
    ]
    assert refused(ctx, tmp_path, "training", header, rows) == [
        (2, "学时", "0", "培训学时必须大于0（现为0）"),
        (3, "出席党员", "刘洋", "举办单位及其下级组织中找不到党员“刘洋”"),
        (4, "出席党员", "张伟", "有 2 名党员叫“张伟”，请写成“组织/张伟”或填身份证号"),
        (5, "缺席党员", "李娜", "同一名党员不能既出席又缺席"),
        (
            6,
            "出席党员",
            id_number(124),
            f"举办单位及其下级组织中找不到身份证号为 {id_number(124)[:6]}********{id_number(124)[-4:]} 的党员",
        ),
        (7, "培训日期", "2028-5-5", "培训日期过远，请核对"),
    ]


def test_benchmarks_and_grades(filled: tuple[AppContext, Records], tmp_path: Path) -> None:
    ctx, _ = filled
    header = ["单位", "年度", "标杆单位"]
    rows = [
        ["东风社区党委", 2025, "东风社区党委"],
        ["光明社区党委", 2025, "东风社区党委"],
        ["光明社区党委", 2024, XF],
    ]
    assert refused(ctx, tmp_path, "benchmarks", header, rows) == [
        (2, "标杆单位", "东风社区党委", "不能以本单位作为对标的标杆"),
        (3, "标杆单位", "东风社区党委", "标杆“东风社区党委”（中间）的等次低于本单位（先进）"),
        (4, "标杆单位", XF, "标杆“幸福驿站社区党委”（中间）的等次低于本单位（先进）"),
    ]
    header = ["单位", "年度", "等次"]
    rows = [
        ["东风社区党委", 2026, "优秀"],
        ["东风社区党委", 2026, "先进"],
        ["东风社区党委", 2026, "中间"],
        ["第一党支部", 2026, "中间"],
    ]
    assert refused(ctx, tmp_path, "grades", header, rows) == [
        (2, "等次", "优秀", "等次“优秀”无效，可选：先进、中间、后进"),
        (4, "年度", "2026", "与第 3 行重复：同一组织同一年度"),
        (5, "单位", "第一党支部", "找不到组织“第一党支部”"),
    ]
