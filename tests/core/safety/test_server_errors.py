"""PostgreSQL's errors get messages that fit them; deadlocks and serialization failures are retried."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import select, text

from brandoffice.app import open_context
from brandoffice.db import retry
from brandoffice.db.engine import make_engine
from brandoffice.db.retry import retry_conflicts
from brandoffice.safety.storage import (
    DEADLOCK,
    PERMISSION_DENIED,
    ROW_LOCKED,
    SERIALIZATION,
    SERVER_LOST,
    ConcurrentUpdateError,
    DatabaseBusyError,
    DatabaseUnavailableError,
    ServerPermissionError,
    storage_error_of,
    translate_storage_errors,
)
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import ORG, OrgDraft, OrgService

LOCAL_FILE_WORDS = ("关闭", "文件", "另一个程序")


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("state", "kind", "message"),
    [
        ("40P01", ConcurrentUpdateError, DEADLOCK),
        ("40001", ConcurrentUpdateError, SERIALIZATION),
        ("42501", ServerPermissionError, PERMISSION_DENIED),
        ("55P03", DatabaseBusyError, ROW_LOCKED),
        ("57P01", DatabaseUnavailableError, SERVER_LOST),
    ],
)
def test_server_states_get_their_own_message(state: str, kind: type, message: str) -> None:
    found = storage_error_of(_PgError(state))
    assert type(found) is kind
    assert str(found) == message
    assert not any(word in message for word in LOCAL_FILE_WORDS)


def test_a_conflict_is_retried_then_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retry, "PAUSE_S", 0.0)
    calls: list[int] = []

    @retry_conflicts
    def always() -> None:
        calls.append(1)
        raise ConcurrentUpdateError(DEADLOCK)

    with pytest.raises(ConcurrentUpdateError, match="死锁"):
        always()
    assert len(calls) == retry.ATTEMPTS

    @retry_conflicts
    def twice() -> int:
        calls.append(2)
        if calls.count(2) < 3:
            raise ConcurrentUpdateError(SERIALIZATION)
        return 7

    assert twice() == 7
    assert calls.count(2) == 3


def test_other_errors_are_not_retried() -> None:
    calls: list[int] = []

    @retry_conflicts
    def lost() -> None:
        calls.append(1)
        raise DatabaseUnavailableError(SERVER_LOST)

    with pytest.raises(DatabaseUnavailableError):
        lost()
    assert calls == [1]


# -- against a real server ----------------------------------------------------


@pytest.fixture
def pg_ctx(pg_url: str) -> Iterator[AppContext]:
    """A migrated PostgreSQL database with two units, 甲 (id first) and 乙."""
    ctx = open_context(pg_url)
    service = OrgService(ctx)
    for name in ("甲街道党工委", "乙街道党工委"):
        service.create(OrgDraft(name=name, kind="党工委", level="街道乡镇"))
    yield ctx
    ctx.db.dispose()


def _at_once(clerk: Callable[[int], None]) -> None:
    """Run ``clerk(0)`` and ``clerk(1)`` in two threads at once; wait for both (60 s each)."""
    threads = [threading.Thread(target=clerk, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)


def _two_clerks(url: str, work: Callable[[AppContext, int, int], None]) -> list[BaseException]:
    """Run ``work(ctx, clerk, attempt)`` in two threads with their own contexts."""
    failures: list[BaseException] = []

    def clerk(number: int) -> None:
        ctx = open_context(url)
        attempts = 0

        @retry_conflicts
        def once() -> None:
            nonlocal attempts
            attempts += 1
            work(ctx, number, attempts)

        try:
            once()
        except BaseException as exc:
            failures.append(exc)
        finally:
            ctx.db.dispose()

    _at_once(clerk)
    return failures


@pytest.mark.postgres
def test_a_deadlock_is_retried_and_both_clerks_finish(pg_ctx: AppContext) -> None:
    ids = sorted(u.id for u in OrgService(pg_ctx).all_rows())
    met = threading.Barrier(2)
    tries: list[int] = []

    def work(ctx: AppContext, clerk: int, attempt: int) -> None:
        tries.append(clerk)
        first, second = ids if clerk == 0 else ids[::-1]  # opposite orders: a deadlock
        with ctx.db.write.begin() as s:
            s.execute(select(ORG.c.id).where(ORG.c.id == first).with_for_update())
            if attempt == 1:
                met.wait(timeout=30)
            s.execute(select(ORG.c.id).where(ORG.c.id == second).with_for_update())
            s.execute(ORG.update().where(ORG.c.id == second).values(note=f"第{clerk}位"))

    assert _two_clerks(pg_ctx.db.url, work) == []
    assert len(tries) == 3 and set(tries) == {0, 1}  # one was cancelled once and ran again
    with pg_ctx.db.read() as s:
        notes = set(s.scalars(select(ORG.c.note)))
    assert notes == {"第0位", "第1位"}


@pytest.mark.postgres
def test_a_deadlock_not_retried_says_so(pg_ctx: AppContext) -> None:
    ids = sorted(u.id for u in OrgService(pg_ctx).all_rows())
    met = threading.Barrier(2)
    results: list[BaseException | None] = []

    def clerk(number: int) -> None:
        ctx = open_context(pg_ctx.db.url)
        first, second = ids if number == 0 else ids[::-1]
        try:
            with ctx.db.write.begin() as s:
                s.execute(select(ORG.c.id).where(ORG.c.id == first).with_for_update())
                met.wait(timeout=30)
                s.execute(select(ORG.c.id).where(ORG.c.id == second).with_for_update())
            results.append(None)
        except BaseException as exc:
            results.append(exc)
        finally:
            ctx.db.dispose()

    _at_once(clerk)
    failed = [r for r in results if r is not None]
    assert len(results) == 2 and len(failed) == 1
    assert isinstance(failed[0], ConcurrentUpdateError)
    assert str(failed[0]) == DEADLOCK


@pytest.mark.postgres
def test_a_serialization_failure_is_retried(pg_ctx: AppContext) -> None:
    target = min(u.id for u in OrgService(pg_ctx).all_rows())
    read = threading.Barrier(2)
    tries: list[int] = []

    def work(ctx: AppContext, clerk: int, attempt: int) -> None:
        tries.append(clerk)
        with ctx.db.write.begin() as s:
            s.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            count = s.scalar(select(ORG.c.member_count).where(ORG.c.id == target)) or 0
            if attempt == 1:
                read.wait(timeout=30)  # both read the same count
            s.execute(ORG.update().where(ORG.c.id == target).values(member_count=count + 1))

    assert _two_clerks(pg_ctx.db.url, work) == []
    assert len(tries) == 3  # the second writer's snapshot was stale: it ran again
    with pg_ctx.db.read() as s:
        assert s.scalar(select(ORG.c.member_count).where(ORG.c.id == target)) == 2


@pytest.mark.postgres
def test_permission_denied_names_the_account_not_a_file(pg_ctx: AppContext) -> None:
    role = f"bo_nobody_{os.getpid()}"
    with pg_ctx.db.engine.begin() as conn:
        conn.execute(text(f"CREATE ROLE {role} LOGIN"))
    url = pg_ctx.db.url.replace("brandoffice@", f"{role}@", 1)
    engine = make_engine(url)
    translate_storage_errors(engine)
    try:
        with pytest.raises(ServerPermissionError) as caught, engine.begin() as conn:
            conn.execute(select(ORG.c.name))
        assert str(caught.value) == PERMISSION_DENIED
    finally:
        engine.dispose()
        with pg_ctx.db.engine.begin() as conn:
            conn.execute(text(f"DROP ROLE {role}"))


@pytest.mark.postgres
def test_a_lost_connection_says_so_and_the_next_operation_works(pg_ctx: AppContext) -> None:
    service = OrgService(pg_ctx)
    with pytest.raises(DatabaseUnavailableError) as caught, pg_ctx.db.write.begin() as s:
        pid = s.scalar(text("SELECT pg_backend_pid()"))
        killer = make_engine(pg_ctx.db.url)
        with killer.begin() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        killer.dispose()
        s.execute(ORG.update().values(note="断线前"))
    assert str(caught.value) == SERVER_LOST
    assert all(u.note is None for u in service.all_rows())  # nothing half-saved
    service.create(OrgDraft(name="丙街道党工委", kind="党工委", level="街道乡镇"))
    assert len(service.all_rows()) == 3
