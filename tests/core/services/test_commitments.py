"""Public commitments of units and members: publication, year-end check and counts per unit."""

from __future__ import annotations

import datetime as dt

import pytest

from brandoffice.errors import StaleEditError, ValidationError
from brandoffice.services.commitments import CommitmentDraft, CommitmentService
from brandoffice.services.context import AppContext
from tests.core.services.records_fixtures import Street

D = dt.date


def test_commitments_walk_to_counts_per_unit(ctx: AppContext, street: Street) -> None:
    m = street.members
    service = CommitmentService(ctx)
    unit = service.create(
        CommitmentDraft(
            "每月开展一次便民服务日活动",
            D(2026, 3, 15),
            org_id=street.xingfu,
            published_in=["公示栏", "微信群", "公示栏"],
        )
    )
    assert (unit.subject_name, unit.unit_name, unit.year) == (
        "幸福驿站社区党委",
        "幸福驿站社区党委",
        2026,
    )
    assert unit.published_in == ["公示栏", "微信群"]
    zhang = service.create(
        CommitmentDraft(
            "包联3户困难群众，每季度走访一次",
            D(2026, 3, 20),
            member_id=m["张伟"],
            post="党员责任区",
            published_in=["居民代表大会"],
        )
    )
    assert (zhang.subject_name, zhang.unit_id, zhang.unit_name) == (
        "张伟", street.xingfu, "幸福驿站社区党委",
    )  # fmt: skip
    wang = service.create(CommitmentDraft("调解邻里纠纷", D(2026, 4, 1), member_id=m["王芳"]))
    zhao = service.create(CommitmentDraft("带头学习", D(2026, 4, 2), member_id=m["赵磊"]))
    liu = service.create(CommitmentDraft("义务巡逻", D(2026, 4, 3), member_id=m["刘洋"]))
    service.create(CommitmentDraft("上年承诺", D(2025, 4, 3), member_id=m["刘洋"]))

    service.check(unit.id, unit.version, "已兑现", checked_on=D(2026, 5, 18))
    service.check(zhang.id, zhang.version, "部分兑现", note="走访2户，1户外出")
    service.check(liu.id, liu.version, "未兑现", checked_on=D(2026, 5, 19), note="因病未能参加")
    checked = service.get(zhang.id)
    assert (checked.fulfilment, checked.checked_on) == ("部分兑现", D(2026, 5, 20))

    counts = {c.unit_name: c for c in service.counts(2026)}
    xingfu = counts["幸福驿站社区党委"]
    assert (xingfu.by_unit, xingfu.by_members, xingfu.total) == (1, 2, 3)
    assert (xingfu.fulfilled, xingfu.partly, xingfu.not_fulfilled, xingfu.unchecked) == (1, 1, 0, 1)
    assert xingfu.fulfilled_rate == 0.5
    dongfeng = counts["东风社区党委"]
    assert (dongfeng.by_members, dongfeng.not_fulfilled, dongfeng.fulfilled_rate) == (1, 1, 0.0)
    assert counts["幸福驿站第一党支部"].by_members == 1
    assert "光明社区党委" not in counts
    assert [c.unit_name for c in service.counts(2026, street.dongfeng)] == ["东风社区党委"]
    subtree = service.commitments(2026, org_id=street.xingfu)
    assert {c.subject_name for c in subtree} == {"幸福驿站社区党委", "张伟", "王芳", "赵磊"}
    assert [c.year for c in service.commitments(member_id=m["刘洋"])] == [2026, 2025]
    assert wang.fulfilment is None and zhao.fulfilment is None

    cleared = service.check(unit.id, service.get(unit.id).version, None)
    assert (cleared.fulfilment, cleared.checked_on) == (None, None)
    service.delete(wang.id)
    after = {c.unit_name: c for c in service.counts(2026)}
    assert (after["幸福驿站社区党委"].total, after["幸福驿站社区党委"].fulfilled) == (2, 0)


def test_commitment_rules(ctx: AppContext, street: Street) -> None:
    m = street.members
    service = CommitmentService(ctx)
    with pytest.raises(ValidationError, match="承诺须属于一个组织或一名党员（二者选一）"):
        service.create(CommitmentDraft("内容", D(2026, 3, 1)))
    with pytest.raises(ValidationError, match="二者选一"):
        service.create(
            CommitmentDraft("内容", D(2026, 3, 1), org_id=street.xingfu, member_id=m["张伟"])
        )
    with pytest.raises(ValidationError, match="承诺内容不能为空"):
        service.create(CommitmentDraft("  ", D(2026, 3, 1), org_id=street.xingfu))
    with pytest.raises(ValidationError, match="承诺日期不能晚于今天"):
        service.create(CommitmentDraft("内容", D(2026, 6, 1), org_id=street.xingfu))
    with pytest.raises(ValidationError, match="公开方式“抖音”无效"):
        service.create(
            CommitmentDraft("内容", D(2026, 3, 1), org_id=street.xingfu, published_in=["抖音"])
        )
    with pytest.raises(ValidationError, match="党员（编号 999）不存在"):
        service.create(CommitmentDraft("内容", D(2026, 3, 1), member_id=999))
    row = service.create(CommitmentDraft("内容", D(2026, 3, 1), member_id=m["张伟"]))
    with pytest.raises(ValidationError, match="“未兑现”须说明原因"):
        service.check(row.id, row.version, "未兑现")
    with pytest.raises(ValidationError, match="兑现情况“差不多”无效"):
        service.check(row.id, row.version, "差不多")
    with pytest.raises(ValidationError, match="检查日期早于承诺日期"):
        service.check(row.id, row.version, "已兑现", checked_on=D(2026, 2, 1))
    done = service.check(row.id, row.version, "已兑现", checked_on=D(2026, 4, 1))
    with pytest.raises(StaleEditError):
        service.check(row.id, row.version, "已兑现")
    late = CommitmentDraft("内容", D(2026, 4, 2), member_id=m["张伟"])
    with pytest.raises(ValidationError, match="承诺日期不能晚于兑现检查日期"):
        service.update(done.id, done.version, late)
    moved = service.update(
        done.id, done.version, CommitmentDraft("新内容", D(2026, 3, 2), org_id=street.dongfeng)
    )
    assert (moved.subject_name, moved.content, moved.fulfilment) == (
        "东风社区党委",
        "新内容",
        "已兑现",
    )
