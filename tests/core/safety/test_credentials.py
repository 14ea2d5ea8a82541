"""A server password in the OS keyring: kept, read and forgotten; no keyring, no failure."""

from __future__ import annotations

import logging

import pytest
from keyring.backends import fail
from keyring.errors import KeyringError

from brandoffice.db.connection import ServerConnection
from brandoffice.safety import credentials
from tests.memory_keyring import MemoryKeyring, swapped_keyring

CONNECTION = ServerConnection("db.district.cn", 5432, "brandoffice", "zhangsan", "require")
OTHER = ServerConnection("db.district.cn", 5432, "brandoffice", "lisi", "require")


def test_a_password_is_kept_per_connection_and_forgotten() -> None:
    with swapped_keyring(MemoryKeyring()) as memory:
        assert credentials.keyring_available()
        assert credentials.stored_password(CONNECTION) is None
        assert credentials.store_password(CONNECTION, "Qingming-2026")
        assert credentials.stored_password(CONNECTION) == "Qingming-2026"
        assert credentials.stored_password(OTHER) is None
        assert memory.store == {(credentials.KEYRING_SERVICE, CONNECTION.key): "Qingming-2026"}
        credentials.forget_password(CONNECTION)
        credentials.forget_password(CONNECTION)  # nothing kept: no error
        assert memory.store == {}


def test_without_a_keyring_nothing_is_kept_and_nothing_fails() -> None:
    with swapped_keyring(fail.Keyring()):
        assert not credentials.keyring_available()
        assert not credentials.store_password(CONNECTION, "Qingming-2026")
        assert credentials.stored_password(CONNECTION) is None
        credentials.forget_password(CONNECTION)


class BrokenKeyring(MemoryKeyring):
    """A keyring that is there but refuses every call (a locked Secret Service, say)."""

    def get_password(self, service: str, username: str) -> str | None:
        """Refuse."""
        raise KeyringError("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        """Refuse."""
        raise KeyringError("locked")


def test_a_refusing_keyring_is_logged_without_the_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with swapped_keyring(BrokenKeyring()), caplog.at_level(logging.WARNING):
        assert credentials.stored_password(CONNECTION) is None
        assert not credentials.store_password(CONNECTION, "Qingming-2026")
    assert "系统密码库" in caplog.text and "Qingming-2026" not in caplog.text
