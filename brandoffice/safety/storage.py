"""Storage failures a clerk can act on: disk full, read-only, locked, corrupt, network share."""

from __future__ import annotations

import errno
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from brandoffice.errors import KnownError, StaleEditError, StorageError

if TYPE_CHECKING:  # the window opens an SQLite file before SQLAlchemy is loaded
    from sqlalchemy import Engine
    from sqlalchemy.engine import ExceptionContext

SAFE_NOTE = "已保存的数据没有受到影响。"


class DiskFullError(StorageError):
    """The disk (or the server's disk) is full."""


class ReadOnlyStorageError(StorageError):
    """The file or folder cannot be written, or the database was opened read-only."""


class DatabaseBusyError(StorageError):
    """Another program kept the database locked beyond the busy timeout."""


class DatabaseUnavailableError(StorageError):
    """The file cannot be opened, or the server cannot be reached."""


class ConcurrentUpdateError(StorageError):
    """The server rolled the transaction back for another one; running it again is safe.

    PostgreSQL's deadlock (40P01) and serialization failure (40001): nothing of the
    transaction was saved, so :func:`brandoffice.db.retry.retry_conflicts` may run
    the whole operation again.
    """


class ServerPermissionError(StorageError):
    """The server refused the statement: the login's role lacks the grant."""


class CorruptDatabaseError(StorageError):
    """The database file is damaged or is not a database.

    Attributes:
        backup: The newest backup that passed ``integrity_check``, or None.
        moved_to: Where the damaged file was put aside, or None.
    """

    def __init__(
        self, message: str, *, backup: Path | None = None, moved_to: Path | None = None
    ) -> None:
        super().__init__(message)
        self.backup = backup
        self.moved_to = moved_to


DISK_FULL = "磁盘空间已满，本次改动没有保存。请清理磁盘（或把数据库移到空间充足的磁盘）后重试。"
READ_ONLY = (
    "数据库不能写入：文件或所在文件夹是只读的，或本窗口以只读方式打开。"
    "请检查文件权限、U 盘写保护或光盘，改动没有保存。"
)
BUSY = (
    "数据库正被另一个程序占用（等待后仍未释放），本次改动没有保存。"
    "请关闭另一个 BrandOffice 或正在打开此文件的程序后重试。"
)
CORRUPT = "数据库文件已损坏或不是 BrandOffice 数据库。请从备份恢复。"
CANNOT_OPEN = "无法打开数据库文件：请检查路径是否存在、是否有访问权限。"
IO_ERROR = "读写数据库文件时出错（磁盘或网络故障）。请检查磁盘或网络连接后重试。"
SERVER_DOWN = "无法连接数据库服务器，或连接已中断。请检查网络和服务器后重试。"
SERVER_LOST = (
    "与数据库服务器的连接中断了，这一步可能没有完成。"
    "请检查网络和服务器，连接恢复后重新打开数据核对，再决定是否重做。"
)
DEADLOCK = (
    "您的操作与其他用户同时进行的操作互相等待（死锁），数据库服务器取消了您这一步，"
    "本次改动没有保存。请稍后重试。"
)
SERIALIZATION = (
    "其他用户同时修改了相关数据，数据库服务器为保证数据一致取消了您这一步，"
    "本次改动没有保存。请稍后重试。"
)
PERMISSION_DENIED = (
    "数据库服务器拒绝了这一步：您登录服务器所用的账号没有这项权限，未作任何改动。"
    "如确需此权限，请联系服务器管理员。"
)
ROW_LOCKED = "其他用户正在修改同一条记录，等待后仍未完成，本次改动没有保存。请稍后重试。"

# Primary result codes of SQLite (extended codes keep them in the low byte).
_SQLITE_CODES: dict[int, tuple[type[StorageError], str]] = {
    3: (ReadOnlyStorageError, READ_ONLY),  # SQLITE_PERM
    5: (DatabaseBusyError, BUSY),  # SQLITE_BUSY
    6: (DatabaseBusyError, BUSY),  # SQLITE_LOCKED
    8: (ReadOnlyStorageError, READ_ONLY),  # SQLITE_READONLY
    10: (StorageError, IO_ERROR),  # SQLITE_IOERR
    11: (CorruptDatabaseError, CORRUPT),  # SQLITE_CORRUPT
    13: (DiskFullError, DISK_FULL),  # SQLITE_FULL
    14: (DatabaseUnavailableError, CANNOT_OPEN),  # SQLITE_CANTOPEN
    26: (CorruptDatabaseError, CORRUPT),  # SQLITE_NOTADB
}
_SQLITE_TEXTS = [
    ("database or disk is full", 13),
    ("readonly database", 8),
    ("read-only", 8),
    ("database is locked", 5),
    ("database table is locked", 6),
    ("file is not a database", 26),
    ("malformed", 11),
    ("unable to open database", 14),
    ("disk i/o error", 10),
]
_OS_ERRNOS: dict[int, tuple[type[StorageError], str]] = {
    errno.ENOSPC: (DiskFullError, DISK_FULL),
    errno.EDQUOT: (DiskFullError, DISK_FULL),
    errno.EFBIG: (DiskFullError, DISK_FULL),
    errno.EROFS: (ReadOnlyStorageError, READ_ONLY),
    errno.EACCES: (ReadOnlyStorageError, READ_ONLY),
    errno.EPERM: (ReadOnlyStorageError, READ_ONLY),
    errno.EIO: (StorageError, IO_ERROR),
}
# SQLSTATE classes and codes of PostgreSQL.
_PG_STATES: dict[str, tuple[type[StorageError], str]] = {
    "53100": (DiskFullError, "数据库服务器磁盘已满，本次改动没有保存。请联系服务器管理员。"),
    "25006": (ReadOnlyStorageError, "数据库服务器处于只读状态，本次改动没有保存。"),
    "55P03": (DatabaseBusyError, ROW_LOCKED),
    "40P01": (ConcurrentUpdateError, DEADLOCK),
    "40001": (ConcurrentUpdateError, SERIALIZATION),
    "42501": (ServerPermissionError, PERMISSION_DENIED),
    "28000": (
        ServerPermissionError,
        "数据库服务器拒绝登录：此账号不能从本机登录，请联系服务器管理员。",
    ),
    "28P01": (ServerPermissionError, "数据库服务器拒绝登录：用户名或密码不正确。"),
    "53300": (DatabaseUnavailableError, "数据库服务器的连接数已满，请稍后重试或联系服务器管理员。"),
    "57P01": (DatabaseUnavailableError, SERVER_LOST),
    "57P02": (DatabaseUnavailableError, SERVER_LOST),
    "57P03": (DatabaseUnavailableError, "数据库服务器正在启动或关闭，请稍后重试。"),
    "57014": (DatabaseBusyError, "数据库操作超时被取消，本次改动没有保存，请稍后重试。"),
    "XX001": (CorruptDatabaseError, "数据库服务器报告数据损坏，请联系服务器管理员。"),
}


def _sqlalchemy_exc() -> ModuleType | None:
    """Return ``sqlalchemy.exc`` if SQLAlchemy is loaded (none of its errors exist before)."""
    return sys.modules.get("sqlalchemy.exc")


def _sqlite_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(error).lower()
    return next((c for needle, c in _SQLITE_TEXTS if needle in text), None)


def storage_error_of(exc: BaseException) -> StorageError | None:
    """Recognise a storage failure in ``exc`` (or its cause); None when it is not one.

    Args:
        exc: An exception from SQLAlchemy, sqlite3, psycopg or the operating system.

    Returns:
        A StorageError subclass with a Chinese message, or None for anything else
        (a constraint broken by a bug, a missing table, …), which stays a bug.
    """
    if isinstance(exc, StorageError):
        return exc
    inner: BaseException = exc
    sa_exc = _sqlalchemy_exc()
    if sa_exc is not None and isinstance(exc, sa_exc.DBAPIError) and exc.orig is not None:
        inner = exc.orig
        if exc.connection_invalidated and not isinstance(inner, sqlite3.Error):
            return DatabaseUnavailableError(SERVER_LOST)
    if isinstance(inner, sqlite3.Error):
        code = _sqlite_code(inner)
        if code in _SQLITE_CODES:
            cls, message = _SQLITE_CODES[code]
            return cls(message)
        return None
    if isinstance(inner, OSError):
        found = _OS_ERRNOS.get(inner.errno or 0)
        return found[0](found[1]) if found else None
    state = getattr(inner, "sqlstate", None)
    if isinstance(state, str):
        if state in _PG_STATES:
            cls, message = _PG_STATES[state]
            return cls(message)
        if state.startswith(("08", "57P")):
            return DatabaseUnavailableError(SERVER_DOWN)
        return None
    if (
        sa_exc is not None
        and isinstance(exc, sa_exc.OperationalError)
        and type(inner).__module__.startswith("psycopg")
    ):
        return DatabaseUnavailableError(SERVER_DOWN)
    return None


def is_database_error(exc: BaseException) -> bool:
    """Tell whether ``exc`` came from the database driver or the file system.

    Those are the failures :func:`explain_db_error` explains when opening a
    database; anything else is a bug.
    """
    sa_exc = _sqlalchemy_exc()
    if sa_exc is not None and isinstance(exc, sa_exc.DBAPIError):
        return True
    return isinstance(exc, (sqlite3.Error, OSError))


def explain_db_error(exc: BaseException) -> StorageError:
    """Turn any storage exception into a StorageError with a clear Chinese message.

    Unlike :func:`storage_error_of` this always answers; an unknown database
    error becomes a generic StorageError naming the original text.
    """
    known = storage_error_of(exc)
    if known is not None:
        return known
    detail = getattr(exc, "orig", None) or exc
    return StorageError(f"数据库出错：{detail}")


def translate_storage_errors(engine: Engine) -> None:
    """Make every statement on ``engine`` raise StorageError subclasses for storage failures.

    Services then fail with a Chinese message (disk full, read-only, locked,
    damaged; on a server also deadlock, serialization failure, permission denied
    and a lost connection) without each caller wrapping them; constraint errors
    and bugs stay SQLAlchemy errors. Pool pings keep SQLAlchemy's own handling,
    and a connection lost is still invalidated (SQLAlchemy does that whatever the
    hook raises); SQLite's disconnects are explained by :func:`storage_guard`.
    """

    from sqlalchemy import event

    def translate(context: ExceptionContext) -> None:
        if context.is_pre_ping:
            return
        if context.is_disconnect:
            if context.dialect.name != "sqlite":
                raise DatabaseUnavailableError(SERVER_LOST) from context.original_exception
            return
        known = storage_error_of(context.original_exception)
        if known is not None:
            raise known from context.original_exception

    event.listen(engine, "handle_error", translate)


STALE_GENERIC = "此记录已被他人修改，请重新打开后再改（您的改动没有保存）"


@contextmanager
def storage_guard() -> Iterator[None]:
    """Re-raise storage failures inside the block as StorageError, stale rows as StaleEditError.

    Anything else passes through unchanged: it is a bug and belongs in the log
    with its traceback. Use around a service call from the UI or the CLI.
    """
    try:
        yield
    except KnownError:
        raise
    except Exception as exc:
        sa_exc = _sqlalchemy_exc()
        if sa_exc is not None and isinstance(exc, sa_exc.SQLAlchemyError):
            from sqlalchemy.orm.exc import StaleDataError  # imported late: start-up skips the ORM

            if isinstance(exc, StaleDataError):
                # The ORM's version check fired at flush: on PostgreSQL another clerk's
                # commit landed between our read and our UPDATE.
                raise StaleEditError(STALE_GENERIC) from exc
        elif not isinstance(exc, (sqlite3.Error, OSError)):
            raise
        known = storage_error_of(exc)
        if known is None:
            raise
        raise known from exc


# -- network shares ------------------------------------------------------------

NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "9p",
        "sshfs",
        "fuse.sshfs",
        "davfs",
        "fuse.davfs2",
        "glusterfs",
        "fuse.glusterfs",
        "ceph",
        "fuse.ceph",
        "lustre",
        "gpfs",
        "fuse.rclone",
        "fuse.s3fs",
    }
)


def is_unc_path(path: str) -> bool:
    r"""Tell whether a Windows path names a network share (``\\server\share\…``)."""
    return path.startswith(("\\\\", "//")) and not path.startswith(("\\\\?\\", "\\\\.\\"))


def _unescape_mount(field: str) -> str:
    return (
        field.replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\")
    )


def mount_fstype(path: Path, mounts: str) -> str | None:
    """Return the file-system type of the mount holding ``path``, from /proc/mounts text."""
    best: tuple[int, str] | None = None
    target = str(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape_mount(fields[1]).rstrip("/") or "/"
        inside = point == "/" or target == point or target.startswith(point + "/")
        if inside and (best is None or len(point) >= best[0]):
            best = (len(point), fields[2])
    return best[1] if best else None


def network_filesystem(path: Path, *, mounts: str | None = None) -> str | None:
    """Name the network file system ``path`` lives on, or None for a local disk.

    Args:
        path: The database file (it need not exist yet).
        mounts: /proc/mounts text (tests); read from the system when None.

    Returns:
        ``UNC`` or ``网络驱动器`` on Windows, the fstype (``nfs4``, ``cifs`` …) on
        Linux, None when local or unknown.
    """
    raw = str(path)
    if is_unc_path(raw):
        return "UNC"
    if sys.platform == "win32":
        return _windows_remote_drive(path)
    existing = Path(os.path.abspath(raw))
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    resolved = existing.resolve()
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    fstype = mount_fstype(resolved, mounts)
    return fstype if fstype in NETWORK_FILESYSTEMS else None


if sys.platform == "win32":

    def _windows_remote_drive(path: Path) -> str | None:
        import ctypes

        anchor = Path(os.path.abspath(path)).anchor
        drive_remote = 4
        if anchor and ctypes.windll.kernel32.GetDriveTypeW(anchor) == drive_remote:
            return "网络驱动器"
        return None

else:

    def _windows_remote_drive(path: Path) -> str | None:
        return None


def network_share_warning(path: Path | None, *, mounts: str | None = None) -> str | None:
    """Return the warning to show when the database file is on a network share."""
    if path is None:
        return None
    kind = network_filesystem(path, mounts=mounts)
    if kind is None:
        return None
    return (
        f"数据库文件位于网络共享（{kind}）上。网络文件系统上的文件锁不可靠，"
        "两台电脑同时打开可能损坏数据，断网时也可能丢失改动。请把数据库放在本机磁盘上；"
        "多人共用请改用 PostgreSQL 数据库服务器。"
    )
