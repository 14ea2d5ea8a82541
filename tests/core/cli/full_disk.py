"""Test helper: run the command line with every file under a folder on a "full disk".

Run as ``python full_disk.py FOLDER ARGS...``: files opened for writing under FOLDER
accept 4 KB, then every write fails with ENOSPC (as on a nearly full disk), and
``os.write`` likewise (SQLite writes through its own calls and is not affected).
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import sys

FOLDER = os.path.abspath(sys.argv[1])
LIMIT = 4096
_open = builtins.open


class FullFile(io.RawIOBase):
    """A raw file that takes LIMIT bytes, then raises ENOSPC."""

    def __init__(self, raw: io.FileIO) -> None:
        self.raw, self.written = raw, 0

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return self.raw.readable()

    def seek(self, pos: int, whence: int = 0) -> int:
        return self.raw.seek(pos, whence)

    def tell(self) -> int:
        return self.raw.tell()

    def fileno(self) -> int:
        return self.raw.fileno()

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if self.written + len(data) > LIMIT:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.written += len(data)
        return self.raw.write(data)

    def close(self) -> None:
        self.raw.close()
        super().close()


def full_open(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
    """Open as usual; a file written under FOLDER fills up after LIMIT bytes."""
    path = os.path.abspath(os.fspath(file)) if isinstance(file, (str, os.PathLike)) else ""
    if path.startswith(FOLDER) and any(c in mode for c in "wxa+") and "b" in mode:
        raw = io.FileIO(path, mode.replace("b", "").replace("t", "") or "w")
        return io.BufferedWriter(FullFile(raw))
    return _open(file, mode, *args, **kwargs)


builtins.open = full_open
io.open = full_open

from brandoffice.cli.main import main  # noqa: E402 - after the patch

sys.exit(main(sys.argv[2:]))
