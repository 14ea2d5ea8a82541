"""A second program on the same SQLite file is told another instance has it."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from brandoffice.app import open_context
from brandoffice.errors import StorageError
from brandoffice.maintenance import backup, restore
from brandoffice.safety.instance_lock import (
    acquire_instance_lock,
    held_elsewhere,
    lock_path,
    read_holder,
)
from brandoffice.services.context import AppContext
from tests.core.safety.lock_holder import hold_lock, kill


def test_second_instance_is_refused_until_the_first_is_gone(db_path: Path) -> None:
    proc = hold_lock(db_path)
    try:
        assert acquire_instance_lock(db_path) is None
        assert held_elsewhere(db_path)
        holder = read_holder(db_path)
        assert holder is not None
        assert holder.pid == proc.pid and holder.hostname == socket.gethostname()
        assert str(proc.pid) in holder.describe()
    finally:
        kill(proc)
    # the crashed holder left its file behind, but the OS released its lock
    assert lock_path(db_path).exists()
    lock = acquire_instance_lock(db_path)
    assert lock is not None
    assert read_holder(db_path).pid == os.getpid()  # type: ignore[union-attr]
    assert not held_elsewhere(db_path)
    assert acquire_instance_lock(db_path) is lock  # same process: the same lock
    lock.release()
    assert not lock_path(db_path).exists()
    lock.release()


def test_a_stale_lock_file_of_a_dead_process_is_taken_over(db_path: Path) -> None:
    lock_path(db_path).write_text(
        json.dumps({"pid": 2**22 + 12345, "hostname": socket.gethostname(), "since": "x"}),
        encoding="utf-8",
    )
    with acquire_instance_lock(db_path) as lock:  # type: ignore[union-attr]
        assert lock.held


def test_restore_is_refused_while_another_instance_has_the_database(
    ctx: AppContext, db_path: Path
) -> None:
    saved = backup(ctx)
    proc = hold_lock(db_path)
    try:
        with pytest.raises(StorageError, match="另一个 BrandOffice 正在使用此数据库"):
            restore(ctx, saved)
    finally:
        kill(proc)
    with acquire_instance_lock(db_path) as lock:  # type: ignore[union-attr]
        assert lock.held
        restore(ctx, saved)  # our own lock does not block us


def test_the_second_instance_can_open_read_only(db_path: Path) -> None:
    first = open_context(str(db_path))
    proc = hold_lock(db_path)
    try:
        assert acquire_instance_lock(db_path) is None
        second = open_context(str(db_path), read_only=True)
        with second.db.read() as s:
            assert s.connection().exec_driver_sql("PRAGMA query_only").scalar() == 1
        second.db.dispose()
    finally:
        kill(proc)
        first.db.dispose()


def test_open_database_takes_the_lock_and_tells_a_second_opener(db_path: Path) -> None:
    from brandoffice.safety.opening import InstanceBusyError, open_database

    open_context(str(db_path)).db.dispose()
    proc = hold_lock(db_path)
    try:
        with pytest.raises(InstanceBusyError, match="另一个 BrandOffice 正在使用此数据库") as err:
            open_database(str(db_path))
        assert err.value.holder is not None and err.value.holder.pid == proc.pid
        viewer = open_database(str(db_path), read_only=True)
        assert viewer.read_only and viewer.lock is None and viewer.warnings == []
        viewer.close()
    finally:
        kill(proc)
    opened = open_database(str(db_path))
    assert opened.lock is not None and opened.lock.held and not held_elsewhere(db_path)
    opened.close()
    assert not lock_path(db_path).exists()
