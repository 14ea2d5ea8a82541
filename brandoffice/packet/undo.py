"""Undoing the last packet import: added records removed, changed and deleted ones restored."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select

from brandoffice.errors import NotFoundError
from brandoffice.model import PacketBaseline, PacketReceipt, table_of
from brandoffice.packet.kinds import BY_NAME, KINDS, Record
from brandoffice.packet.merge import ordered_orgs
from brandoffice.packet.rows import UidIndex, delete_record, write_record
from brandoffice.safety.permissions import Action
from brandoffice.services import audit
from brandoffice.services.context import AppContext

BASELINE = table_of(PacketBaseline)
ORDER = {kind.name: position for position, kind in enumerate(KINDS)}


def undo_last_packet(ctx: AppContext) -> str:
    """Undo the most recent packet import not yet undone; return a Chinese summary.

    Raises:
        NotFoundError: No packet import is left to undo.
    """
    ctx.require(Action.IMPORT)
    with ctx.db.write.begin() as s:
        receipt = s.scalars(
            select(PacketReceipt)
            .where(PacketReceipt.undone_at.is_(None))
            .order_by(PacketReceipt.id.desc())
            .limit(1)
        ).first()
        if receipt is None:
            raise NotFoundError("没有可以撤销的数据包导入")
        conn = s.connection()
        index = UidIndex(conn)
        undo = receipt.undo
        added = list(reversed(undo.get("added", [])))
        for kind_name, uid in sorted(added, key=lambda item: -ORDER[item[0]]):
            delete_record(conn, BY_NAME[kind_name], uid, index)
        before = _restore_order(undo.get("before", []))
        for kind_name, record in before:
            write_record(conn, BY_NAME[kind_name], record, index)
        key = undo["key"]
        s.execute(delete(BASELINE).where(BASELINE.c.office_uid == key))
        rows = [
            {"office_uid": key, "kind": kind, "uid": uid, "content_hash": digest}
            for (kind, uid), digest in undo.get("baselines", [])
        ]
        if rows:
            s.execute(insert(BASELINE), rows)
        receipt.undone_at = ctx.clock()
        way = "报送" if receipt.direction == "up" else "下发"
        audit.record(
            s,
            ctx,
            f"撤销导入{way}数据包",
            object_type="数据包",
            object_id=receipt.id,
            object_name=f"{receipt.office_name}：{receipt.filename}",
        )
        return (
            f"已撤销导入“{receipt.office_name}”的{way}数据包“{receipt.filename}”："
            f"删除新增 {len(added)} 条，恢复 {len(before)} 条"
        )


def _restore_order(items: list[list[Any]]) -> list[tuple[str, Record]]:
    """Return the rows to restore parents first (units above their children)."""
    ordered: list[tuple[str, Record]] = []
    for kind in KINDS:
        rows = [record for name, record in items if name == kind.name]
        if kind.name == "orgs":
            rows = ordered_orgs(rows)
        ordered += [(kind.name, record) for record in rows]
    return ordered
