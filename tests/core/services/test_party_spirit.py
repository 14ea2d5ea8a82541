"""Party-spirit analysis reports: serving members, files by hash, completion per unit."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from brandoffice.errors import StaleEditError, ValidationError
from brandoffice.model import Attachment
from brandoffice.services.context import AppContext
from brandoffice.services.party_spirit import PartySpiritService
from brandoffice.services.record_helpers import percent
from tests.core.services.records_fixtures import Street

D = dt.date
TEXT = "对照党章查找差距：理论学习不够系统，联系群众不够经常。".encode()


def _attachments(ctx: AppContext) -> int:
    with ctx.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Attachment)) or 0)


def test_reports_walk_to_completion_per_unit(ctx: AppContext, street: Street) -> None:
    m = street.members
    service = PartySpiritService(ctx)
    zhang = service.record(
        m["张伟"],
        2026,
        submitted_on=D(2026, 5, 10),
        campaign_id=street.campaign,
        filename="张伟党性分析报告.docx",
        data=TEXT,
    )
    assert (zhang.submitted, zhang.submitted_on, zhang.filename) == (
        True, D(2026, 5, 10), "张伟党性分析报告.docx",
    )  # fmt: skip
    assert (zhang.unit_name, zhang.required) == ("幸福驿站社区党委", True)
    assert service.file(zhang.id) == ("张伟党性分析报告.docx", TEXT)
    wang = service.record(m["王芳"], 2026, submitted=False)
    assert (wang.submitted, wang.submitted_on, wang.attachment_id) == (False, None, None)
    liu = service.record(m["刘洋"], 2026)  # handed in today, on paper
    assert liu.submitted_on == D(2026, 5, 20)
    voluntary = service.record(m["李娜"], 2026, filename="李娜.pdf", data=b"%PDF-1.4 li na")
    assert (voluntary.required, voluntary.submitted) == (False, True)
    service.record(m["张伟"], 2025, submitted_on=D(2025, 6, 30))

    # 在职党员 only: 幸福驿站 2 (张伟 yes, 王芳 no; 李娜 is 流动), 第一党支部 1 (赵磊 no),
    # 东风 2 (刘洋 yes, 陈静 no), 光明 1 (孙丽 no).
    rows = {r.unit_name: r for r in service.completion(2026)}
    assert {n: (r.required, r.submitted) for n, r in rows.items()} == {
        "幸福驿站社区党委": (2, 1),
        "幸福驿站第一党支部": (1, 0),
        "东风社区党委": (2, 1),
        "光明社区党委": (1, 0),
    }
    assert rows["幸福驿站社区党委"].outstanding == ("王芳",)
    assert percent(rows["东风社区党委"].rate) == "50.0%"
    assert {r.unit_name for r in service.completion(2026, street.xingfu)} == {
        "幸福驿站社区党委", "幸福驿站第一党支部",
    }  # fmt: skip
    assert [r.member_name for r in service.reports(2026, org_id=street.xingfu)] == [
        "张伟", "李娜", "王芳",
    ]  # fmt: skip

    # Handing in later: the file makes it submitted; the reviewer comments afterwards.
    wang = service.attach(wang.id, wang.version, "王芳.docx", b"wang fang report")
    assert (wang.submitted, wang.submitted_on) == (True, D(2026, 5, 20))
    with pytest.raises(StaleEditError):
        service.review(wang.id, wang.version - 1, "周建国", "剖析深刻")
    wang = service.review(wang.id, wang.version, "周建国", "剖析深刻，整改措施具体")
    assert (wang.reviewer, wang.reviewer_comment) == ("周建国", "剖析深刻，整改措施具体")
    rows = {r.unit_name: r for r in service.completion(2026)}
    assert rows["幸福驿站社区党委"].rate == 1.0


def test_report_rules_and_files(ctx: AppContext, street: Street) -> None:
    m = street.members
    service = PartySpiritService(ctx)
    report = service.record(m["张伟"], 2026, filename="a.docx", data=TEXT)
    with pytest.raises(ValidationError, match="党员“张伟”的2026年度党性分析报告已登记"):
        service.record(m["张伟"], 2026)
    with pytest.raises(ValidationError, match="未提交的报告不能填写提交日期"):
        service.record(m["王芳"], 2026, submitted=False, submitted_on=D(2026, 5, 1))
    with pytest.raises(ValidationError, match="提交日期不能晚于今天"):
        service.record(m["王芳"], 2026, submitted_on=D(2026, 6, 1))
    with pytest.raises(ValidationError, match="提交日期早于2026年"):
        service.record(m["王芳"], 2026, submitted_on=D(2025, 12, 31))
    with pytest.raises(ValidationError, match="年度“1900”不是有效的年份"):
        service.record(m["王芳"], 1900)
    with pytest.raises(ValidationError, match="党员（编号 999）不存在"):
        service.record(999, 2026)
    with pytest.raises(ValidationError, match=r"文件“空\.docx”是空的"):
        service.record(m["王芳"], 2026, filename="空.docx", data=b"")
    pending = service.record(m["王芳"], 2026, submitted=False)
    with pytest.raises(ValidationError, match="报告尚未提交，不能填写审阅意见"):
        service.review(pending.id, pending.version, "周建国", "好")

    # Same content is stored once; replacing or deleting drops content nothing uses.
    service.record(m["刘洋"], 2026, filename="copy.docx", data=TEXT)
    assert _attachments(ctx) == 1
    report = service.attach(report.id, report.version, "b.docx", b"second version")
    assert _attachments(ctx) == 2
    service.delete(report.id)
    assert _attachments(ctx) == 1
    cleared = service.update(
        pending.id, pending.version, submitted=True, submitted_on=D(2026, 5, 2)
    )
    assert (cleared.submitted, cleared.submitted_on) == (True, D(2026, 5, 2))


def test_view_lists_who_must_write_one_unit_first(ctx: AppContext, street: Street) -> None:
    m = street.members
    service = PartySpiritService(ctx)
    service.record(m["赵磊"], 2026, submitted_on=D(2026, 5, 2))
    service.record(m["李娜"], 2026, submitted=False)  # 流动党员: listed once registered
    view = service.view(street.xingfu, 2026)
    lines = [(x.name, x.required, x.state) for x in view.lines]
    assert lines == [
        ("张伟", True, "未登记"),
        ("李娜", False, "未提交"),
        ("王芳", True, "未登记"),
        ("赵磊", True, "已提交"),  # the branch below comes after the unit's own
    ]
    assert (view.required, view.submitted) == (3, 1)
    assert [x.name for x in service.view(street.branch, 2026).lines] == ["赵磊"]
    assert service.view(street.xingfu, 2025).submitted == 0
