"""Anchors of the audit log written into backups, bundles and Excel files, and read back.

Every backup carries the newest entry's signed anchor in its ``settings`` table
(and this install's anchors file records it by the backup's name); every reporting
bundle in its zip comment; every exported workbook in a custom document property
(nothing hidden that the importer would refuse). ``brandoffice check --against FILE``
compares such a file's anchor with the database.
"""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brandoffice.backup import readonly_uri
from brandoffice.errors import StorageError
from brandoffice.safety.auditkey import (
    Anchor,
    file_identity,
    forget,
    load_key,
    remember,
    remember_backup,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

COPY_ANCHOR = "audit_backup_anchor"
WORKBOOK_PROPERTY = "BrandOfficeAuditAnchor"
ZIP_PREFIX = b"BrandOffice audit anchor: "


def stamp_copy(con: sqlite3.Connection) -> Anchor | None:
    """Write the newest entry's signed anchor into a backup copy being made; return it."""
    row = con.execute("SELECT id, seq, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    key = load_key(create=True)
    if row is None or key is None:
        return None
    anchor = Anchor(int(row[0]), row[1], str(row[2]), key.id).signed(key)
    con.execute(
        "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
        (COPY_ANCHOR, anchor.to_json()),
    )
    con.commit()
    return anchor


def note_backup(name: str, anchor: Anchor | None) -> None:
    """Record in this install's anchors file which anchor a backup was written with."""
    if anchor is not None:
        remember_backup(name, anchor)


def adopt_copy(db_path: Path) -> Anchor | None:
    """Make a restored copy the database's own: drop its copy anchor and trust its newest entry.

    Called after a restore the program made (``restore``, recovery from a damaged
    file), so that ``check`` compares later changes with the restored state.

    Returns:
        The anchor the copy carried, or None.
    """
    con = sqlite3.connect(db_path, timeout=10)
    try:
        found = con.execute("SELECT value FROM settings WHERE key = ?", (COPY_ANCHOR,)).fetchone()
        con.execute("DELETE FROM settings WHERE key = ?", (COPY_ANCHOR,))
        con.commit()
        row = con.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        try:
            seq = con.execute("SELECT seq FROM audit_log WHERE id = ?", (row[0],)).fetchone()[0]
        except (sqlite3.Error, TypeError):
            seq = None  # an older program's backup: no column yet
    finally:
        con.close()
    key = load_key(create=True)
    if row is None:  # a copy with an empty log: nothing older to compare with
        forget(file_identity(db_path))
    elif key is not None:
        remember(
            file_identity(db_path),
            Anchor(int(row[0]), seq, str(row[1]), key.id).signed(key),
            replace=True,
        )
    return Anchor.from_json(found[0]) if found else None


def stamp_workbook(book: Any, anchor: Anchor | None) -> None:
    """Put the log's signed anchor into a workbook's custom document properties."""
    from openpyxl.packaging.custom import StringProperty

    if anchor is not None:
        book.custom_doc_props.append(StringProperty(name=WORKBOOK_PROPERTY, value=anchor.to_json()))


def zip_comment(anchor: Anchor | None) -> bytes:
    """Return a zip comment holding the log's signed anchor (empty without one)."""
    return ZIP_PREFIX + anchor.to_json().encode("ascii") if anchor is not None else b""


def read_anchor(path: Path) -> Anchor | None:
    """Return the anchor written into a backup, a bundle or an exported workbook.

    Raises:
        StorageError: The file cannot be read.
    """
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                if "docProps/custom.xml" in archive.namelist():
                    return _workbook_anchor(path)
                comment = archive.comment
            return Anchor.from_json(comment.removeprefix(ZIP_PREFIX).decode("ascii", "replace"))
        con = sqlite3.connect(readonly_uri(path), uri=True)
        try:
            row = con.execute("SELECT value FROM settings WHERE key = ?", (COPY_ANCHOR,)).fetchone()
        finally:
            con.close()
    except (OSError, zipfile.BadZipFile, sqlite3.Error) as exc:
        raise StorageError(f"无法读取文件中的审计日志锚点：{path}（{exc}）") from exc
    return Anchor.from_json(row[0]) if row else None


def _workbook_anchor(path: Path) -> Anchor | None:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        props = book.custom_doc_props
        if WORKBOOK_PROPERTY not in props.names:
            return None
        return Anchor.from_json(str(props[WORKBOOK_PROPERTY].value))
    finally:
        book.close()


def compare_anchor(session: Session, anchor: Anchor, source: str) -> str | None:
    """Compare a file's anchor with the log; return the problem in Chinese, or None when it agrees."""
    from sqlalchemy import select

    from brandoffice.model import AuditEntry

    key = load_key()
    if key is None or anchor.key != key.id:
        raise StorageError(
            f"{source}中的锚点由另一个密钥（指纹 {anchor.key}）签名，本机无法验证；"
            "请在写出它的电脑上比对"
        )
    if not anchor.sig_ok(key):
        return f"审计日志被篡改（换回被篡改的副本）：{source}中的锚点签名不符，文件被改动过"
    mac = session.scalar(select(AuditEntry.hash).where(AuditEntry.id == anchor.id))
    if mac == anchor.mac:
        return None
    state = "没有这一条" if mac is None else "这一条与它不同"
    return (
        f"审计日志被篡改（删除最新的条目）：{source}写出时最新的记录是{anchor.describe()}，"
        f"数据库中{state}：那以后的条目被删除或改动过"
    )
