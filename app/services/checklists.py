"""Checklists: item snapshots from the catalog, named templates.

Building a checklist from the catalog needs no database, so this module imports the database
layer only inside the template functions: the GUI shows the 检查清单 page from the cached
catalog before SQLAlchemy is imported (tests/test_startup.py checks it).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.catalog import Catalog, Item
from app.core.checklist_item import ChecklistItem
from app.core.errors import DuplicateError, NotFoundError, ValidationError
from app.core.findings import check_text
from app.core.jurisdiction import Jurisdiction, Place, for_catalog
from app.core.versions import criteria_on

if TYPE_CHECKING:
    from app.services.workspace import Workspace
    from app.storage.models import Template

__all__ = ["ChecklistItem", "ChosenChecklist", "TemplateInfo", "build", "choose", "custom_item", "snapshot"]


@dataclass(frozen=True)
class TemplateInfo:
    """A saved checklist template as plain data."""

    id: uuid.UUID
    name: str
    sector_id: str
    site_type_id: str | None
    items: list[ChecklistItem]


def _info(t: Template) -> TemplateInfo:
    items = [ChecklistItem.from_dict(d) for d in t.items]
    return TemplateInfo(t.id, t.name, t.sector_id, t.site_type_id, items)


@dataclass(frozen=True)
class ChosenChecklist:
    """The checklist an inspection or a printed form uses, and where it came from."""

    sector_id: str
    site_type_id: str | None
    items: list[ChecklistItem]
    template_name: str | None  # None: built from the catalog for the sector and site type


def choose(
    ws: Workspace,
    template: uuid.UUID | str | None = None,
    sector: str | None = None,
    site_type: str | None = None,
    with_common: bool = False,
    place: Place | None = None,
    other_areas: bool = False,
) -> ChosenChecklist:
    """A saved template when one is named, else the catalog's checklist for a sector (id or
    name) and site type. The one rule behind 新建检查 (GUI) and `print checklist` (CLI).

    With a place, the lines cite the notices applying there (a template's catalog lines are
    re-cited) and lines of other areas only are left out unless `other_areas`."""
    cat = ws.catalog
    if template is not None:
        t = get_template(ws, template)
        items = list(t.items)
        if place is not None and place.area is not None:
            items = localise(cat, items, place)
        return ChosenChecklist(t.sector_id, t.site_type_id, items, t.name)
    if not sector:
        raise ValidationError("检查清单", "请选择行业（和场所类型），或选择已保存的模板")
    sector_id = resolve_sector(cat, sector)
    site = resolve_site_type(cat, sector_id, site_type) if site_type else None
    items = build(cat, sector_id, site, with_common, place=place, other_areas=other_areas)
    return ChosenChecklist(sector_id, site, items, None)


def rules(cat: Catalog) -> Jurisdiction:
    """The catalog's jurisdiction rules (areas from the catalog, else the shipped areas.yaml)."""
    from app.core.catalog_loader import shipped_root

    return for_catalog(cat, shipped_root() / "areas.yaml")


def sources_for(cat: Catalog, place: Place) -> set[str] | None:
    """The notices that apply at a place on its day (None when no area is known: every notice)."""
    if place.area is None:
        return None
    r = rules(cat)
    return {sid for sid in cat.sources if r.applies(sid, place)}


def citation_sources(
    ws: Workspace, unit_id: uuid.UUID | None, day: dt.date | None = None
) -> Collection[str] | None:
    """The notices a unit's forms may cite (None: every notice). The one place where the
    citations of a form are chosen: a unit is under the notices of its own area (its county, its
    city, the province; the inspector's jurisdiction when the unit has none) in force on `day`;
    start_inspection freezes each line's basis with it."""
    from app.services import jurisdiction

    return sources_for(ws.catalog, jurisdiction.place(ws, unit_id, day))


def snapshot(
    cat: Catalog, item: Item, source_ids: Collection[str] | None = None, place: Place | None = None
) -> ChecklistItem:
    """A frozen copy: the printed basis (only `source_ids`' notices, if given), the hazard
    wording and the provisions (ids and text). With a place, it cites only the notices applying
    there and links the criteria versions in force on the place's day."""
    criteria = list(item.criteria)
    if place is not None:
        source_ids = sources_for(cat, place)
        criteria = criteria_on(cat, criteria, place.day)
    return ChecklistItem(
        text=item.text,
        group=item.group,
        methods="、".join(item.methods),
        basis=cat.basis_text(item, source_ids),
        item_id=item.id,
        sector_id=item.sector_id,
        criteria=criteria,
        hazard=getattr(item, "hazard", "") or "",
        legal=legal_of(cat, item),
        legal_missing=getattr(item, "legal_missing", "") or "",
    )


def legal_of(cat: Catalog, item: Item) -> list[dict[str, str]]:
    """The item's provisions as {"id", "text"} (text as printed: 《安全生产法》第四十一条第二款)."""
    ids = getattr(item, "legal", ()) or ()
    if isinstance(ids, str):  # first-round catalogs: free text
        return [{"id": "", "text": ids}] if ids else []
    printer = getattr(cat, "provision_text", None)
    return [{"id": pid, "text": printer(pid) if printer else pid} for pid in ids]


def localise(cat: Catalog, items: list[ChecklistItem], place: Place) -> list[ChecklistItem]:
    """Catalog items re-cited for a place (a template made elsewhere or earlier); custom items
    and items no longer in the catalog stay as they are (the inspector's own wording is kept)."""
    out = []
    for ci in items:
        it = cat.items.get(ci.item_id) if ci.item_id else None
        if it is None:
            out.append(ci)
            continue
        fresh = snapshot(cat, it, place=place)
        fresh.text, fresh.group, fresh.methods = ci.text, ci.group, ci.methods
        out.append(fresh)
    return out


def build(
    cat: Catalog,
    sector_id: str,
    site_type_id: str | None,
    with_common: bool = False,
    place: Place | None = None,
    other_areas: bool = False,
) -> list[ChecklistItem]:
    """The default checklist for a sector and site type (optionally with the common section).

    With a place, items whose only notice basis is another area's are left out unless
    `other_areas` asks for them (they then cite no notice of that other area)."""
    if sector_id not in cat.sectors:
        raise ValidationError("行业", f"未知的行业“{sector_id}”")
    if site_type_id and site_type_id not in cat.site_types:
        raise ValidationError("场所类型", f"未知的场所类型“{site_type_id}”")
    chosen = cat.items_for(sector_id, site_type_id)
    if with_common:
        chosen += cat.common_items()
    if place is not None and not other_areas:
        r = rules(cat)
        chosen = [it for it in chosen if not r.other_area_only(it, place)]
    return [snapshot(cat, it, place=place) for it in chosen]


def split_by_area(cat: Catalog, items: list[Item], place: Place) -> tuple[list[Item], list[Item]]:
    """(items of this place, items whose only notice basis is another area's: 其他地区通知要求)."""
    r = rules(cat)
    own: list[Item] = []
    other: list[Item] = []
    for it in items:
        (other if r.other_area_only(it, place) else own).append(it)
    return own, other


def custom_item(text: str, group: str = "自定义", methods: str = "现场查看") -> ChecklistItem:
    clean = check_text("检查内容", text, 1000)
    if not clean:
        raise ValidationError("检查内容", "不能为空")
    return ChecklistItem(text=clean, group=group, methods=methods, basis="检查人员自定义")


def resolve_sector(cat: Catalog, key: str) -> str:
    """A sector id from an id or a Chinese name (燃气)."""
    for s in cat.sectors.values():
        if key in (s.id, s.name):
            return s.id
    names = "、".join(f"{s.id}（{s.name}）" for s in cat.sorted_sectors())
    raise ValidationError("行业", f"未知的行业“{key}”，可用：{names}")


def resolve_site_type(cat: Catalog, sector_id: str, key: str) -> str:
    for t in cat.site_types_of(sector_id):
        if key in (t.id, t.name):
            return t.id
    names = "、".join(f"{t.id}（{t.name}）" for t in cat.site_types_of(sector_id))
    raise ValidationError("场所类型", f"未知的场所类型“{key}”，可用：{names}")


# --- templates -----------------------------------------------------------


def save_template(
    ws: Workspace,
    name: str,
    sector_id: str,
    site_type_id: str | None,
    items: list[ChecklistItem],
    overwrite: bool = False,
) -> TemplateInfo:
    clean = check_text("模板名称", name, 200)
    if not clean:
        raise ValidationError("模板名称", "不能为空")
    if not items:
        raise ValidationError("检查项目", "清单中没有检查项目")
    from sqlalchemy import select

    from app.storage.models import Template

    with ws.db.session() as s:
        t = s.execute(select(Template).where(Template.name == clean)).scalar_one_or_none()
        if t is not None and not overwrite:
            raise DuplicateError("模板名称", f"已有名为“{clean}”的模板", clean)
        if t is None:
            t = Template(name=clean)
            s.add(t)
        t.sector_id = sector_id
        t.site_type_id = site_type_id
        t.items = [i.to_dict() for i in items]
        s.flush()
        return _info(t)


def list_templates(ws: Workspace) -> list[TemplateInfo]:
    from sqlalchemy import select

    from app.storage.models import Template

    with ws.db.session() as s:
        return [_info(t) for t in s.execute(select(Template).order_by(Template.name)).scalars()]


def get_template(ws: Workspace, key: uuid.UUID | str) -> TemplateInfo:
    from sqlalchemy import select

    from app.storage.models import Template

    with ws.db.session() as s:
        if isinstance(key, uuid.UUID):
            t = s.get(Template, key)
        else:
            t = s.execute(select(Template).where(Template.name == key)).scalar_one_or_none()
        if t is None:
            raise NotFoundError(f"检查清单模板“{key}”不存在")
        return _info(t)


def template_items(t: TemplateInfo) -> list[ChecklistItem]:
    return list(t.items)


def delete_template(ws: Workspace, template_id: uuid.UUID) -> None:
    from app.storage.models import Template

    with ws.db.session() as s:
        t = s.get(Template, template_id)
        if t is not None:
            s.delete(t)
