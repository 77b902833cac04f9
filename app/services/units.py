"""被检查单位: create, edit, find."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.core import inputs, uscc
from app.core.errors import NotFoundError, ValidationError
from app.core.findings import check_text
from app.services.workspace import Workspace
from app.storage.models import Finding, Unit


@dataclass
class UnitInput:
    name: str
    uscc: str | None = None
    address: str | None = None
    principal: str | None = None
    phone: str | None = None
    sector_id: str | None = None
    industry: str | None = None
    area_code: str | None = None  # 所在地区 (行政区划代码); None = the inspector's jurisdiction


@dataclass(frozen=True)
class UnitRecord:
    """A unit as the screens and commands read it (plain data, no session attached)."""

    id: uuid.UUID
    name: str
    uscc: str | None
    address: str | None
    principal: str | None
    phone: str | None
    sector_id: str | None
    industry: str | None
    area_code: str | None = None  # 所在地区; None = the inspector's jurisdiction

    @classmethod
    def of(cls, u: Unit) -> UnitRecord:
        return cls(
            u.id, u.name, u.uscc, u.address, u.principal, u.phone, u.sector_id, u.industry, u.area_code
        )


def _clean(data: UnitInput) -> UnitInput:
    name = check_text("单位名称", data.name, inputs.limit("unit.name"))
    if not name:
        raise ValidationError("单位名称", "不能为空")
    code = uscc.validate(data.uscc) if data.uscc and data.uscc.strip() else None
    return UnitInput(
        name=name,
        uscc=code,
        address=check_text("地址", data.address, inputs.limit("unit.address")),
        principal=check_text("主要负责人", data.principal, inputs.limit("unit.principal")),
        phone=inputs.check_phone("联系电话", data.phone),
        sector_id=data.sector_id,
        industry=check_text("行业", data.industry, inputs.limit("unit.industry")),
        area_code=(data.area_code or "").strip() or None,
    )


def _with_area(ws: Workspace, data: UnitInput) -> UnitInput:
    """Check the unit's area; a new unit without one gets the inspector's jurisdiction."""
    from app.services import jurisdiction

    data.area_code = jurisdiction.check_area(ws, data.area_code) or jurisdiction.get_code(ws)
    return data


def _check_unique(s: Session, code: str | None, own_id: uuid.UUID | None) -> None:
    if not code:
        return
    other = s.execute(select(Unit).where(Unit.uscc == code)).scalar_one_or_none()
    if other is not None and other.id != own_id:
        raise ValidationError("统一社会信用代码", f"已被单位“{other.name}”使用")


def create_unit(ws: Workspace, data: UnitInput) -> UnitRecord:
    clean = _with_area(ws, _clean(data))
    with ws.db.session() as s:
        _check_unique(s, clean.uscc, None)
        unit = Unit(**clean.__dict__)
        s.add(unit)
        s.flush()
        return UnitRecord.of(unit)


def update_unit(ws: Workspace, unit_id: uuid.UUID, data: UnitInput) -> UnitRecord:
    clean = _with_area(ws, _clean(data))
    with ws.db.session() as s:
        unit = s.get(Unit, unit_id)
        if unit is None:
            raise NotFoundError("单位不存在或已被删除")
        _check_unique(s, clean.uscc, unit_id)
        renamed = unit.name != clean.name
        for k, v in clean.__dict__.items():
            setattr(unit, k, v)
        if renamed:  # the ledger keeps a copy of the unit name
            for f in s.execute(select(Finding).where(Finding.unit_id == unit_id)).scalars():
                f.unit_name = clean.name
        return UnitRecord.of(unit)


def get_unit(ws: Workspace, unit_id: uuid.UUID) -> UnitRecord:
    with ws.db.session() as s:
        unit = s.get(Unit, unit_id)
        if unit is None:
            raise NotFoundError("单位不存在或已被删除")
        return UnitRecord.of(unit)


def list_units(ws: Workspace, text: str = "", limit: int | None = None) -> list[UnitRecord]:
    with ws.db.session() as s:
        q = select(Unit).order_by(Unit.name)
        if text.strip():
            like = f"%{text.strip()}%"
            q = q.where(or_(Unit.name.like(like), Unit.uscc.like(like), Unit.address.like(like)))
        if limit:
            q = q.limit(limit)
        return [UnitRecord.of(u) for u in s.execute(q).scalars()]


def count_units(ws: Workspace) -> int:
    with ws.db.session() as s:
        return s.execute(select(func.count(Unit.id))).scalar_one()


@dataclass(frozen=True)
class UnitChoice:
    """A unit as offered in a pick list."""

    id: uuid.UUID
    name: str
    uscc: str | None
    sector_id: str | None
    address: str | None


PICK_LIMIT = 200  # units offered at once in a pick list; typing searches the rest


def unit_choices(
    ws: Workspace, text: str = "", limit: int | None = PICK_LIMIT, include: uuid.UUID | None = None
) -> list[UnitChoice]:
    """Units by name whose name or credit code contains `text`, at most `limit` of them (one
    light query: a pick list never loads 10,000 units); `include` (the unit chosen) is always
    among them."""
    cols = select(Unit.id, Unit.name, Unit.uscc, Unit.sector_id, Unit.address)
    q = cols.order_by(Unit.name, Unit.id)
    needle = text.strip()
    if needle:
        contains = func.instr if ws.db.is_sqlite else func.strpos  # both (text, part)
        q = q.where(
            or_(
                contains(Unit.name, needle) > 0,
                contains(func.upper(func.coalesce(Unit.uscc, "")), needle.upper()) > 0,
            )
        )
    if limit is not None:
        q = q.limit(limit)
    with ws.db.engine.connect() as conn:
        found = [UnitChoice(*r) for r in conn.execute(q)]
        if include is not None and all(u.id != include for u in found):
            row = conn.execute(cols.where(Unit.id == include)).first()
            if row is not None:
                found.append(UnitChoice(*row))
                found.sort(key=lambda u: (u.name, str(u.id)))
    return found
