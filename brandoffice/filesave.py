"""Saving the clerk's Excel and Word files: whole or not at all, a Chinese message on failure.

openpyxl and python-docx write a zip straight into the target; when the disk fills
up midway the half-built ``ZipFile`` is left to the garbage collector, which tries
to finish it and prints a traceback ("Exception ignored in ZipFile.__del__") after
our message. Building the file in memory first leaves nothing half-done behind.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

from brandoffice.errors import StorageError
from brandoffice.safety.storage import DiskFullError

FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def file_write_error(exc: OSError, path: Path, opened_by: str = "Excel 或 WPS") -> StorageError:
    """Return the Chinese error for a file that could not be written.

    Args:
        exc: The operating system's error.
        path: The file being written.
        opened_by: The programs that may hold the file open (Windows refuses then).
    """
    name = path.name
    if exc.errno in FULL_ERRNOS:
        return DiskFullError(
            f"磁盘空间已满，无法保存“{name}”。请清理磁盘，或换一个保存位置后重试。"
        )
    if isinstance(exc, PermissionError):
        return StorageError(f"无法写入“{name}”：文件可能正被 {opened_by} 打开，请关闭后重试")
    return StorageError(f"无法写入“{name}”：{exc.strerror or exc}")


def save_file(
    write: Callable[[IO[bytes]], object], path: Path, *, opened_by: str = "Excel 或 WPS"
) -> Path:
    """Build a file in memory with ``write(stream)``, then put it at ``path`` atomically.

    Args:
        write: Writes the whole file into the stream (``workbook.save``, ``document.save``).
        path: The destination; its folder must exist.
        opened_by: For the message when the target is open in another program.

    Raises:
        StorageError: DiskFullError when the disk is full; nothing is left behind.
    """
    path = Path(path)
    buffer = io.BytesIO()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        write(buffer)
        with open(tmp, "xb") as fh:
            fh.write(buffer.getbuffer())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise file_write_error(exc, path, opened_by) from exc
    return path
