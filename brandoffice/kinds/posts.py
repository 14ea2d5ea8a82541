"""党员示范岗 (seed 000 §四(二)4, 亮牌示范): a post set up in a unit and the member who holds it."""

from __future__ import annotations

import datetime as dt

from brandoffice.excel.colspec import ColType, Column, SheetSpec, uid_column
from brandoffice.excel.record_columns import TEXT, member_columns
from brandoffice.kinds.base import GENERIC_SECTION, MEMBER_NAME, ORG_NAME, Owner, RecordKind, Undo

SIMPLE = "brandoffice.kinds.simple_"

# fmt: off
SPEC = SheetSpec("member-posts", "党员示范岗", (
    *member_columns("姓名", required=True, example="陈晓红"),
    Column("岗位名称", "name", required=True, max_len=100, example="便民服务示范岗",
           width=18, aliases=("示范岗", "岗位")),
    Column("设岗日期", "set_up_on", ColType.DATE, required=True, example=dt.date(2026, 3, 5),
           width=12, aliases=("设立日期",), not_in_future=True),
    Column("备注", "note", max_len=TEXT, width=24),
    uid_column(),
), "每行一名党员的一个示范岗位：填党员姓名和所属组织（重名时再填身份证号）。"
   "同一党员的同名岗位会被更新。")
# fmt: on
MEMBER_POSTS = RecordKind(
    name="member-posts",
    label="党员示范岗",
    spec=SPEC,
    owner=Owner.MEMBER,
    key=("member", "name"),
    names_members=True,
    summary="党员认领的示范岗位",
    table="member_posts",
    undo=Undo(
        tables=("member_posts",),
        labels={"member_posts": "党员示范岗"},
        by_org=(("member_posts", "org_id"),),
        by_member=(("member_posts", "member_id"),),
        editable=("member_posts",),
    ),
    planner=SIMPLE + "sheet:plan",
    applier=SIMPLE + "sheet:apply",
    exporter=SIMPLE + "sheet:export",
    tab="ui.orgs.records.simple_tab:SimpleTab",
    section=GENERIC_SECTION,
    rules=SIMPLE + "service:clean",
    dated="set_up_on",
    list_name="name",
    list_joins={"org": ORG_NAME, "member": MEMBER_NAME},
)
