"""A record's full id from what a user types: a prefix of its id, a unit's name or
统一社会信用代码, or an inspection line as INSPECTION:POSITION / INSPECTION:ITEM-ID."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, Literal

from sqlalchemy import select

from app.core.errors import AnchaError, NotFoundError
from app.services.workspace import Workspace
from app.storage.models import Finding, Inspection, InspectionItem, Unit

Kind = Literal["unit", "inspection", "item", "finding"]
_ID_COLUMNS: dict[str, Any] = {
    "unit": Unit.id,
    "inspection": Inspection.id,
    "item": InspectionItem.id,
    "finding": Finding.id,
}


def hex_prefix(text: str) -> str | None:
    key = text.replace("-", "").lower()
    return key if key and all(ch in "0123456789abcdef" for ch in key) else None


def unique_id(ids: Iterable[uuid.UUID], prefix: str, what: str) -> uuid.UUID:
    """The one id starting with `prefix` (hex, dashes ignored)."""
    key = hex_prefix(prefix)
    if key is None:
        raise AnchaError(f"{what}编号格式不正确：{prefix}")
    found = [i for i in ids if i.hex.startswith(key)]
    if not found:
        raise NotFoundError(f"找不到{what}：{prefix}")
    if len(found) > 1:
        raise AnchaError(f"{what}编号“{prefix}”不唯一（{len(found)} 条），请多写几位")
    return found[0]


def by_prefix(ws: Workspace, kind: Kind, prefix: str, what: str) -> uuid.UUID:
    """A record's full id from a unique prefix of its id."""
    with ws.db.session() as s:
        return unique_id(s.execute(select(_ID_COLUMNS[kind])).scalars(), prefix, what)


def unit_id(ws: Workspace, key: str) -> uuid.UUID:
    """A unit by its 统一社会信用代码, its exact name, or a prefix of its id."""
    text = key.strip()
    with ws.db.session() as s:
        by_code = s.execute(select(Unit.id).where(Unit.uscc == text.upper())).scalars().all()
        if by_code:
            return by_code[0]
        by_name = s.execute(select(Unit.id).where(Unit.name == text)).scalars().all()
        if len(by_name) == 1:
            return by_name[0]
        if len(by_name) > 1:
            raise AnchaError(f"名为“{text}”的单位有 {len(by_name)} 个，请用统一社会信用代码或编号指定")
        if hex_prefix(text) is None:
            raise NotFoundError(f"找不到被检查单位：{text}（可写单位全称、统一社会信用代码或编号）")
        return unique_id(s.execute(select(Unit.id)).scalars(), text, "被检查单位")


def line_id(ws: Workspace, key: str) -> uuid.UUID:
    """An inspection line: INSPECTION:POSITION, INSPECTION:CATALOG-ID, or a prefix of its own id."""
    head, sep, tail = key.partition(":")
    if not sep:
        return by_prefix(ws, "item", key, "检查项目")
    insp_id = by_prefix(ws, "inspection", head, "检查记录")
    with ws.db.session() as s:
        q = select(InspectionItem.id, InspectionItem.position, InspectionItem.item_id).where(
            InspectionItem.inspection_id == insp_id
        )
        lines = s.execute(q.order_by(InspectionItem.position)).all()
    tail = tail.strip()
    if tail.isdigit():
        at = [line.id for line in lines if line.position == int(tail)]
        if not at:
            raise NotFoundError(f"检查记录 {head} 只有 {len(lines)} 个项目，没有第 {tail} 项")
        return at[0]
    matches = [line.id for line in lines if (line.item_id or "").upper() == tail.upper()]
    if not matches:
        raise NotFoundError(f"检查记录 {head} 中没有项目 {tail}")
    return matches[0]
