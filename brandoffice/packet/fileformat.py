"""The packet file: parts, a manifest with each part's hash and a chain over them, a seal.

``manifest.json`` lists every part (``records/<kind>.json``, ``files/<sha256>``) with its
size and SHA-256, and ``chain``: the hashes folded one after another, so that a part
removed, added, reordered or altered changes it. ``seal.txt`` holds the SHA-256 of the
manifest's bytes. The reader checks all of it before it hands out a single record: a
truncated or altered packet is refused whole. The hashes show a packet is complete and
unaltered since it was built; they are not a signature (offices share no key).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from brandoffice.errors import ValidationError
from brandoffice.filesave import save_file
from brandoffice.packet.kinds import BY_NAME, Record

FORMAT = "brandoffice-packet"
FORMAT_VERSION = 1
MANIFEST, SEAL = "manifest.json", "seal.txt"
GENESIS = "0" * 64
MAX_PART = 512 * 1024 * 1024
"""A part larger than this once unpacked is refused (a zip bomb, not a street's data)."""


class PacketError(ValidationError):
    """A packet that cannot be trusted or read; nothing of it is used."""


@dataclass(frozen=True)
class Packet:
    """A verified packet.

    Attributes:
        manifest: The manifest as read.
        records: Records per kind name.
        files: Evidence file contents by SHA-256.
        digest: The seal (the manifest's SHA-256), naming this packet.
    """

    manifest: dict[str, Any]
    records: dict[str, list[Record]]
    files: dict[str, bytes]
    digest: str


def chain_hash(previous: str, name: str, sha256: str) -> str:
    """Fold one part into the chain."""
    return hashlib.sha256(f"{previous}\n{name}\n{sha256}".encode()).hexdigest()


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def build_packet(
    manifest: Mapping[str, Any], records: Mapping[str, list[Record]], files: Mapping[str, bytes]
) -> bytes:
    """Return a packet's bytes: the parts, the manifest completed with hashes, the seal."""
    parts: list[tuple[str, bytes]] = [
        (f"records/{name}.json", _dump(rows)) for name, rows in records.items()
    ]
    parts += [(f"files/{sha}", content) for sha, content in sorted(files.items())]
    listing, chain = [], GENESIS
    for name, data in parts:
        sha = hashlib.sha256(data).hexdigest()
        listing.append({"name": name, "size": len(data), "sha256": sha})
        chain = chain_hash(chain, name, sha)
    full = {
        **manifest,
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "counts": {name: len(rows) for name, rows in records.items()},
        "parts": listing,
        "chain": chain,
    }
    manifest_bytes = _dump(full)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(name, data)
        archive.writestr(MANIFEST, manifest_bytes)
        archive.writestr(SEAL, hashlib.sha256(manifest_bytes).hexdigest())
    return buffer.getvalue()


def write_packet(
    path: Path,
    manifest: Mapping[str, Any],
    records: Mapping[str, list[Record]],
    files: Mapping[str, bytes],
) -> Path:
    """Write a packet file whole or not at all (see :func:`brandoffice.filesave.save_file`)."""
    data = build_packet(manifest, records, files)

    def write(stream: IO[bytes]) -> None:
        stream.write(data)

    return save_file(write, path, opened_by="其他程序")


def _refuse(name: str, why: str) -> PacketError:
    return PacketError(f"数据包“{name}”{why}，已拒绝导入，数据库未作任何修改")


def read_packet(path: Path) -> Packet:
    """Read and verify a packet file.

    Raises:
        PacketError: The file is not a packet, is truncated or altered (nothing is returned).
    """
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as archive:
            return _verify(name, archive)
    except FileNotFoundError as exc:
        raise PacketError(f"找不到数据包“{name}”") from exc
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, OSError) as exc:
        raise _refuse(name, "不完整或已损坏（无法读取压缩包）") from exc


def _part(archive: zipfile.ZipFile, name: str, label: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError as exc:
        raise _refuse(label, f"缺少“{name}”") from exc
    if info.file_size > MAX_PART:
        raise _refuse(label, f"中的“{name}”过大")
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise _refuse(label, f"中的“{name}”已损坏") from exc


def _verify(label: str, archive: zipfile.ZipFile) -> Packet:
    manifest_bytes = _part(archive, MANIFEST, label)
    seal = _part(archive, SEAL, label).decode("ascii", "replace").strip()
    digest = hashlib.sha256(manifest_bytes).hexdigest()
    if seal != digest:
        raise _refuse(label, "的清单与封签不符（已被修改）")
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError as exc:
        raise _refuse(label, "的清单无法读取") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(label, "不是党建品牌工作台的数据包")
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise _refuse(label, "由较新版本的程序生成，请先升级本程序")
    listed = manifest.get("parts") or []
    names = {MANIFEST, SEAL} | {str(p.get("name")) for p in listed}
    extra = sorted(set(archive.namelist()) - names)
    if extra:
        raise _refuse(label, f"含有清单以外的内容（{extra[0]}）")
    chain, data_of = GENESIS, {}
    for item in listed:
        part_name = str(item["name"])
        data = _part(archive, part_name, label)
        sha = hashlib.sha256(data).hexdigest()
        if len(data) != item.get("size") or sha != item.get("sha256"):
            raise _refuse(label, f"中的“{part_name}”与清单不符（不完整或已被修改）")
        chain = chain_hash(chain, part_name, sha)
        data_of[part_name] = data
    if chain != manifest.get("chain"):
        raise _refuse(label, "的哈希链与清单不符（内容被增删或调换）")
    return _unpack(label, manifest, data_of, digest)


def _unpack(label: str, manifest: dict[str, Any], data_of: dict[str, bytes], digest: str) -> Packet:
    records: dict[str, list[Record]] = {}
    files: dict[str, bytes] = {}
    for part_name, data in data_of.items():
        if part_name.startswith("files/"):
            sha = part_name.removeprefix("files/")
            if hashlib.sha256(data).hexdigest() != sha:
                raise _refuse(label, f"中的文件“{part_name}”已被修改")
            files[sha] = data
            continue
        kind = part_name.removeprefix("records/").removesuffix(".json")
        if kind not in BY_NAME:
            raise _refuse(label, f"含有本程序不认识的记录类别“{kind}”")
        rows = json.loads(data)
        if not isinstance(rows, list) or not all(
            isinstance(r, dict) and isinstance(r.get("uid"), str) for r in rows
        ):
            raise _refuse(label, f"中的“{part_name}”格式不对")
        records[kind] = rows
    counts = manifest.get("counts") or {}
    for kind, rows in records.items():
        if counts.get(kind) != len(rows):
            raise _refuse(label, f"中{BY_NAME[kind].label}的条数与清单不符")
    return Packet(manifest, records, files, digest)
