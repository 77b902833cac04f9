"""The inspector's jurisdiction (辖区) and the area each unit and inspection is judged by."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from app.core.catalog import Area
from app.core.errors import ValidationError
from app.core.jurisdiction import Areas, Jurisdiction, Place, for_catalog
from app.services.workspace import Workspace
from app.storage.models import Setting, Unit

SETTING_KEY = "jurisdiction"
LABEL = "本人辖区"


def _areas_file(ws: Workspace) -> Any:
    from app.core.catalog_loader import shipped_root

    return (ws.catalog_root or shipped_root()) / "areas.yaml"


def rules(ws: Workspace) -> Jurisdiction:
    """Which notices apply where, for the workspace's catalog."""
    return for_catalog(ws.catalog, _areas_file(ws))


def areas(ws: Workspace) -> Areas:
    return rules(ws).areas


def get_code(ws: Workspace) -> str | None:
    """The inspector's jurisdiction as a 行政区划代码, or None when not chosen yet."""
    with ws.db.session() as s:
        row = s.get(Setting, SETTING_KEY)
        return row.value if row and row.value else None


def get_area(ws: Workspace) -> Area | None:
    return areas(ws).get(get_code(ws))


def set_jurisdiction(ws: Workspace, text: str) -> Area:
    """Choose the jurisdiction by name (沁水县) or code (140521)."""
    area = areas(ws).resolve(text or "")
    if area.level not in ("county", "city"):
        raise ValidationError(LABEL, f"请选择县（市、区）或设区的市，而不是“{area.name}”")
    with ws.db.session() as s:
        row = s.get(Setting, SETTING_KEY) or Setting(key=SETTING_KEY)
        row.value = area.code
        s.add(row)
    return area


def check_area(ws: Workspace, code: str | None) -> str | None:
    """A unit's area code checked against the list; None or '' stays None."""
    if not code:
        return None
    area = areas(ws).resolve(code)
    if area.level not in ("county", "city"):
        raise ValidationError("所在地区", f"请选择县（市、区），而不是“{area.name}”")
    return area.code


def unit_area(ws: Workspace, unit: Any) -> str | None:
    """The area a unit (a row or a UnitRecord) is judged by: its own, else the inspector's
    jurisdiction."""
    code = getattr(unit, "area_code", None) if unit is not None else None
    return str(code) if code else get_code(ws)


def place(ws: Workspace, unit_id: uuid.UUID | None = None, day: dt.date | None = None) -> Place:
    """Where and when citations are chosen: the unit's area (or the jurisdiction) on `day`."""
    unit = None
    if unit_id is not None:
        with ws.db.session() as s:
            unit = s.get(Unit, unit_id)
    return Place(unit_area(ws, unit), day or dt.date.today())


def describe(ws: Workspace, code: str | None) -> str:
    """山西省晋城市沁水县（140521）, or a note that none is set."""
    if not code:
        return "未设置"
    a = areas(ws)
    name = a.full_name(code)
    return f"{name}（{code}）" if name else f"未知地区（{code}）"
