"""A clerk's server password, kept only in the operating system's keyring (never a file)."""

from __future__ import annotations

import logging

from brandoffice.db.connection import ServerConnection

log = logging.getLogger(__name__)

KEYRING_SERVICE = "BrandOffice 服务器连接"


def keyring_available() -> bool:
    """Tell whether this computer has a usable keyring (not keyring's fail backend)."""
    import keyring
    from keyring.backends import fail

    return not isinstance(keyring.get_keyring(), fail.Keyring)


def stored_password(connection: ServerConnection) -> str | None:
    """Return the password kept for ``connection``, or None (none kept, or no keyring)."""
    import keyring
    from keyring.errors import KeyringError

    if not keyring_available():
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, connection.key)
    except KeyringError as exc:
        log.warning("无法读取系统密码库：%s", exc)
        return None


def store_password(connection: ServerConnection, password: str) -> bool:
    """Keep ``password`` in the keyring; return False when the system has no usable keyring."""
    import keyring
    from keyring.errors import KeyringError

    if not keyring_available():
        return False
    try:
        keyring.set_password(KEYRING_SERVICE, connection.key, password)
    except KeyringError as exc:
        log.warning("无法写入系统密码库：%s", exc)
        return False
    return True


def forget_password(connection: ServerConnection) -> None:
    """Remove the kept password of ``connection`` (nothing happens when none is kept)."""
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    if not keyring_available():
        return
    try:
        keyring.delete_password(KEYRING_SERVICE, connection.key)
    except PasswordDeleteError:
        pass
    except KeyringError as exc:
        log.warning("无法删除系统密码库中的密码：%s", exc)
