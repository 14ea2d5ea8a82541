"""表彰 (seeds 002, 004): honours of units, members and brands, from nomination to decision."""

from __future__ import annotations

import datetime as dt

from brandoffice.excel.colspec import ColType, Column, SheetSpec, uid_column
from brandoffice.excel.record_columns import TEXT, member_columns
from brandoffice.kinds.base import BRAND_NAME, MEMBER_NAME, ORG_NAME, Owner, RecordKind, Undo
from brandoffice.model.vocab import CommendationKind, HonourLevel, HonourStatus

C = Column
T = ColType

# fmt: off
SPEC = SheetSpec("commendations", "表彰", (
    C("表彰类别", "kind", T.CHOICE, required=True, choices=CommendationKind,
      example="优秀共产党员", width=14, aliases=("类别", "表彰项目")),
    C("年度", "year", T.INT, required=True, example=2026, width=8),
    *member_columns("党员姓名", required=False, example="陈晓红"),
    C("品牌", "brand", max_len=20, width=12, aliases=("品牌名称",),
      hint="只在“品牌表彰奖励”时填写，须是所属组织的品牌"),
    C("级别", "level", T.CHOICE, choices=HonourLevel, example="乡镇街道级", width=12),
    C("状态", "status", T.CHOICE, choices=HonourStatus, example="表彰", width=8,
      hint="推荐、表彰或未通过；留空时填了决定日期为“表彰”，否则为“推荐”"),
    C("推荐单位", "nominated_by", max_len=100, width=18),
    C("推荐日期", "nominated_on", T.DATE, example=dt.date(2026, 6, 10), width=12,
      not_in_future=True),
    C("表彰机关", "awarded_by", max_len=100, example="幸福街道党工委", width=18,
      aliases=("决定机关",), hint="表彰或未通过时必填"),
    C("决定日期", "awarded_on", T.DATE, example=dt.date(2026, 6, 28), width=12,
      aliases=("表彰日期",), hint="表彰或未通过时必填；不早于推荐日期", not_in_future=True),
    C("文号", "doc_number", max_len=100, example="幸街党工〔2026〕12号", width=20,
      aliases=("表彰文号", "文件文号")),
    C("备注", "note", max_len=TEXT, width=24),
    uid_column(),
), "每行一项表彰：先进基层党组织只填所属组织；优秀共产党员、优秀党务工作者再填党员姓名；"
   "品牌表彰奖励再填品牌。推荐时只填推荐信息，决定后填状态、表彰机关和决定日期。"
   "同一对象、同一年度的同类表彰会被更新。")
# fmt: on
COMMENDATIONS = RecordKind(
    name="commendations",
    label="表彰",
    spec=SPEC,
    owner=Owner.BOTH,
    key=("kind", "org", "member", "brand", "year"),
    names_members=True,
    summary="对单位、党员或品牌的一项表彰，从推荐到决定",
    table="commendations",
    undo=Undo(
        tables=("commendations",),
        labels={"commendations": "表彰"},
        by_org=(("commendations", "org_id"),),
        by_member=(("commendations", "member_id"),),
        editable=("commendations",),
    ),
    planner="brandoffice.excel.honours_sheet:plan",
    applier="brandoffice.excel.honours_sheet:apply",
    exporter="brandoffice.excel.honours_sheet:export",
    tab="ui.orgs.records.honours_tab:HonoursTab",
    section="brandoffice.reports.records.honours:section",
    rules="brandoffice.services.commendations:clean",
    list_name="kind",
    list_joins={"org": ORG_NAME, "member": MEMBER_NAME, "brand": BRAND_NAME},
    rule_fields={"brand_id": "brand"},
)
