"""The audit log's key, kept outside the database, and the newest anchors this install saw.

Every audit entry is authenticated with HMAC-SHA256 under a key that is not in the
database: by default ``audit.key`` in the user data folder, created on first use
and readable by this user only; ``BRANDOFFICE_AUDIT_KEY`` names another file (a
district shares its server's key among its clerk PCs this way). Beside the key,
``audit-anchors.json`` keeps the newest entry this install wrote or saw in each
database (its id, count and MAC), and the anchor of each backup it took, so a
``check`` notices entries deleted from the end and copies put back in place.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from brandoffice.errors import StorageError
from brandoffice.paths import data_dir

log = logging.getLogger(__name__)

KEY_ENV = "BRANDOFFICE_AUDIT_KEY"
KEY_NAME = "audit.key"
ANCHORS_NAME = "audit-anchors.json"
_KEY_ID_LABEL = b"brandoffice audit key id"
_BACKUPS_KEPT = 300
_cache: dict[tuple[str, int], AuditKey] = {}


@dataclass(frozen=True)
class AuditKey:
    """The secret and its public fingerprint (stored with every entry it signs)."""

    secret: bytes
    id: str
    path: Path

    def mac(self, payload: dict[str, object]) -> str:
        """Return the HMAC-SHA256 of a canonical JSON payload, as hex."""
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
        return hmac.new(self.secret, text.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Anchor:
    """The newest audit entry at one moment: its id, the count so far and its MAC.

    Attributes:
        id: The entry's id.
        seq: How many entries the log held with it (its sequence number).
        mac: The entry's MAC (its ``hash`` column).
        key: Fingerprint of the key the anchor is signed with.
        sig: MAC of the other fields under that key (a copy edited by hand fails).
    """

    id: int
    seq: int | None
    mac: str
    key: str
    sig: str = ""

    def payload(self) -> dict[str, object]:
        """Return the signed fields."""
        return {"id": self.id, "seq": self.seq, "mac": self.mac, "key": self.key}

    def signed(self, key: AuditKey) -> Anchor:
        """Return this anchor signed with ``key``."""
        return Anchor(self.id, self.seq, self.mac, key.id, key.mac(self.payload()))

    def sig_ok(self, key: AuditKey) -> bool:
        """Tell whether the signature is the one ``key`` makes."""
        return self.key == key.id and hmac.compare_digest(self.sig, key.mac(self.payload()))

    def to_json(self) -> str:
        """Return the anchor as one line of JSON."""
        return json.dumps(asdict(self), sort_keys=True)

    @staticmethod
    def from_json(text: str | None) -> Anchor | None:
        """Parse :meth:`to_json`'s output; None for anything else."""
        try:
            raw = json.loads(text or "")
            seq = raw.get("seq")
            return Anchor(
                int(raw["id"]),
                None if seq is None else int(seq),
                str(raw["mac"]),
                str(raw["key"]),
                str(raw.get("sig", "")),
            )
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    def describe(self) -> str:
        """Return the anchor in Chinese for messages."""
        count = f"，共 {self.seq} 条" if self.seq is not None else ""
        return f"第 {self.id} 条{count}（签名 {self.mac[:12]}…）"


def key_path() -> Path:
    """Return the key file: ``BRANDOFFICE_AUDIT_KEY``, else ``audit.key`` in the data folder."""
    explicit = os.environ.get(KEY_ENV)
    return Path(explicit) if explicit else data_dir() / KEY_NAME


def key_is_explicit() -> bool:
    """Tell whether the key file was named by ``BRANDOFFICE_AUDIT_KEY``."""
    return bool(os.environ.get(KEY_ENV))


def _key_id(secret: bytes) -> str:
    return hmac.new(secret, _KEY_ID_LABEL, hashlib.sha256).hexdigest()[:16]


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except FileExistsError:
        return  # another process created it first
    try:
        os.write(fd, secrets.token_hex(32).encode("ascii"))
    finally:
        os.close(fd)


def load_key(*, create: bool = False) -> AuditKey | None:
    """Return this install's audit key, or None when it has none.

    Args:
        create: Create the default key file when it is missing (first use); a
            file named by ``BRANDOFFICE_AUDIT_KEY`` is never created.

    Raises:
        StorageError: The key file exists but cannot be read or is damaged.
    """
    path = key_path()
    if create and not key_is_explicit() and not path.exists():
        _create(path)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    cached = _cache.get((str(path), stamp))
    if cached is not None:
        return cached
    try:
        text = path.read_text("ascii").strip()
        secret = bytes.fromhex(text)
    except (OSError, ValueError) as exc:
        raise StorageError(f"审计日志密钥文件无法读取或已损坏：{path}（{exc}）") from exc
    if len(secret) < 16:
        raise StorageError(f"审计日志密钥文件已损坏（太短）：{path}")
    key = AuditKey(secret, _key_id(secret), path)
    _cache[(str(path), stamp)] = key
    return key


def writing_key() -> AuditKey:
    """Return the key to sign new entries with, creating the default one on first use.

    Raises:
        StorageError: ``BRANDOFFICE_AUDIT_KEY`` names a file that does not exist.
    """
    key = load_key(create=True)
    if key is None:
        raise StorageError(
            f"找不到审计日志密钥文件：{key_path()}（由 {KEY_ENV} 指定）。"
            "请向区里的管理员要服务器的密钥文件并放到该位置，或去掉这个设置改用本机的密钥。"
        )
    return key


def missing_key_message() -> str:
    """Return why the chain's signatures cannot be verified on this PC."""
    return (
        f"本机没有审计日志密钥（{key_path()}），无法在本机验证审计日志的签名；"
        "这不说明日志被改动过。请在写入这些记录的电脑上检查，"
        f"或把那里的密钥文件拷到本机并用 {KEY_ENV} 指定"
    )


# -- the anchors this install saw -------------------------------------------------


def anchors_path() -> Path:
    """Return the file beside the key that keeps the newest anchors this install saw."""
    return key_path().with_name(ANCHORS_NAME)


def database_identity(url: Any) -> str:
    """Return how the anchors file names a database: the file's full path, or the URL without password."""
    from sqlalchemy.engine import make_url

    parsed = make_url(str(url)) if not hasattr(url, "set") else url
    if parsed.get_backend_name() == "sqlite":
        return file_identity(Path(parsed.database or ""))
    return str(parsed.set(password=None).render_as_string(hide_password=False))


def file_identity(path: Path) -> str:
    """Return how the anchors file names an SQLite database file."""
    return "sqlite:" + os.path.normcase(os.path.abspath(path))


def _read_store() -> dict[str, Any]:
    try:
        raw = json.loads(anchors_path().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return raw if isinstance(raw, dict) else {}


def _write_store(store: dict[str, Any]) -> None:
    path = anchors_path()
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(store, ensure_ascii=False, indent=1), "utf-8")
        os.replace(tmp, path)
    except OSError as exc:  # a read-only shared folder: the chain is still signed
        log.warning("cannot write the audit anchors file %s: %s", path, exc)
        with contextlib.suppress(OSError):
            tmp.unlink()


def known_anchor(identity: str) -> Anchor | None:
    """Return the newest anchor this install saw in a database, or None."""
    entry = _read_store().get("databases", {}).get(identity)
    return Anchor.from_json(json.dumps(entry)) if isinstance(entry, dict) else None


def remember(identity: str, anchor: Anchor, *, replace: bool = False) -> None:
    """Keep ``anchor`` as the newest seen in a database (only a newer one, unless ``replace``)."""
    store = _read_store()
    databases = store.setdefault("databases", {})
    old = known_anchor_in(databases, identity)
    if not replace and old is not None and old.key == anchor.key and old.id > anchor.id:
        return
    databases[identity] = json.loads(anchor.to_json())
    _write_store(store)


def known_anchor_in(databases: dict[str, Any], identity: str) -> Anchor | None:
    """Return the anchor kept for ``identity`` in a loaded store, or None."""
    entry = databases.get(identity)
    return Anchor.from_json(json.dumps(entry)) if isinstance(entry, dict) else None


def forget(identity: str) -> None:
    """Drop what this install knew of a database (a new file made at the same path)."""
    store = _read_store()
    if store.get("databases", {}).pop(identity, None) is not None:
        _write_store(store)


def remember_backup(name: str, anchor: Anchor) -> None:
    """Keep the anchor a backup file was written with (the newest few hundred)."""
    store = _read_store()
    backups = store.setdefault("backups", {})
    backups[name] = json.loads(anchor.to_json())
    for old in list(backups)[:-_BACKUPS_KEPT]:
        del backups[old]
    _write_store(store)


def backup_anchor(name: str) -> Anchor | None:
    """Return the anchor this install wrote into the backup called ``name``, or None."""
    entry = _read_store().get("backups", {}).get(name)
    return Anchor.from_json(json.dumps(entry)) if isinstance(entry, dict) else None
