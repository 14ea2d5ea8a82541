"""Service writes other than units' run again after a real serialization failure on PostgreSQL."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.engine import make_url

from brandoffice.app import open_context
from brandoffice.db import retry
from brandoffice.db.engine import make_engine
from brandoffice.model import AuditEntry
from brandoffice.safety.storage import SERIALIZATION, ConcurrentUpdateError
from brandoffice.services import campaign_edit
from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.reviews import ReviewService

pytestmark = pytest.mark.postgres


@pytest.fixture
def rr_ctx(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppContext]:
    """A migrated PostgreSQL database whose transactions are REPEATABLE READ.

    At that level a row changed by another transaction after this one's first
    statement cannot be updated: the server raises a serialization failure (40001).
    """
    monkeypatch.setattr(retry, "PAUSE_S", 0.0)
    owner = make_engine(pg_url)
    with owner.begin() as conn:
        name = make_url(pg_url).database
        conn.execute(
            text(f'ALTER DATABASE "{name}" SET default_transaction_isolation = "repeatable read"')
        )
    owner.dispose()
    ctx = open_context(pg_url)
    yield ctx
    ctx.db.dispose()


@pytest.fixture
def other_clerk(rr_ctx: AppContext) -> Iterator[Engine]:
    """Another clerk's connection to the same database."""
    engine = make_engine(rr_ctx.db.url)
    yield engine
    engine.dispose()


def _meddle_once(ctx: AppContext, other: Engine, table: str, row_id: int, change: str) -> list[int]:
    """Let another clerk change a row just after the operation first reads it.

    Returns:
        A list that gets one item when the other clerk has committed.
    """
    done: list[int] = []

    def after(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if done or not statement.lstrip().upper().startswith("SELECT"):
            return
        if f"FROM {table}" not in statement or conn.get_transaction() is None:
            return
        done.append(1)  # the operation's snapshot is taken: commit a change under it
        with other.begin() as c:
            c.execute(text(f"UPDATE {table} SET {change} WHERE id = :id"), {"id": row_id})

    event.listen(ctx.db.engine, "after_cursor_execute", after)
    return done


def _audited(ctx: AppContext, action: str) -> int:
    with ctx.db.read() as s:
        query = select(func.count()).where(AuditEntry.action == action)
        return int(s.scalar(query) or 0)


def test_a_campaign_edit_runs_again_after_a_serialization_failure(
    rr_ctx: AppContext, other_clerk: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    made = CampaignService(rr_ctx).create_campaign("春季创建", 2026)
    meddled = _meddle_once(rr_ctx, other_clerk, "campaigns", made.id, "description = '他人的说明'")
    with caplog.at_level(logging.INFO, logger=retry.__name__):
        saved, _ = campaign_edit.update_campaign(
            rr_ctx, made.id, made.version, name="春季创建（修订）", year=2026, scope_org_id=None
        )
    assert meddled == [1]
    retries = [r for r in caplog.records if r.name == retry.__name__]
    assert len(retries) == 1 and "update_campaign" in retries[0].getMessage()
    assert saved.name == "春季创建（修订）" and saved.version == made.version + 1
    assert _audited(rr_ctx, "修改创建活动") == 1  # the rolled-back attempt left no entry


def test_without_the_retry_the_same_edit_fails_with_its_message(
    rr_ctx: AppContext, other_clerk: Engine
) -> None:
    made = CampaignService(rr_ctx).create_campaign("春季创建", 2026)
    _meddle_once(rr_ctx, other_clerk, "campaigns", made.id, "description = '他人的说明'")
    once = campaign_edit.update_campaign.__wrapped__  # type: ignore[attr-defined]
    with pytest.raises(ConcurrentUpdateError) as caught:
        once(rr_ctx, made.id, made.version, name="春季创建（修订）", year=2026, scope_org_id=None)
    assert str(caught.value) == SERIALIZATION
    assert CampaignService(rr_ctx).campaign(made.id).name == "春季创建"
    assert _audited(rr_ctx, "修改创建活动") == 0


def test_a_review_score_runs_again_after_a_serialization_failure(
    rr_ctx: AppContext, other_clerk: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    org = OrgService(rr_ctx).create(
        OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇")
    )
    brand = BrandService(rr_ctx).create(BrandDraft(org_id=org.id, name="幸福驿站", year=2026))
    service = ReviewService(rr_ctx)
    round_ = service.create_round("品牌评审", rr_ctx.today(), "品牌")
    first = service.set_score(round_.id, "评委甲", brand.id, "专家评审", 60)
    meddled = _meddle_once(rr_ctx, other_clerk, "review_scores", first.id, "score = 70")
    with caplog.at_level(logging.INFO, logger=retry.__name__):
        again = service.set_score(round_.id, "评委甲", brand.id, "专家评审", 95)
    assert meddled == [1]
    retries = [r for r in caplog.records if r.name == retry.__name__]
    assert len(retries) == 1 and "set_scores" in retries[0].getMessage()
    assert (again.id, again.score) == (first.id, 95)
    assert _audited(rr_ctx, "登记评分") == 2  # the first scoring and this one, once
