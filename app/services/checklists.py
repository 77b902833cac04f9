"""Checklists: item snapshots from the catalog, named templates."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select

from app.core.catalog import Catalog, Item
from app.core.checklist_item import ChecklistItem
from app.core.errors import DuplicateError, NotFoundError, ValidationError
from app.core.findings import check_text
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
) -> ChosenChecklist:
    """A saved template when one is named, else the catalog's checklist for a sector (id or
    name) and site type. The one rule behind 新建检查 (GUI) and `print checklist` (CLI)."""
    if template is not None:
        t = get_template(ws, template)
        return ChosenChecklist(t.sector_id, t.site_type_id, t.items, t.name)
    if not sector:
        raise ValidationError("检查清单", "请选择行业（和场所类型），或选择已保存的模板")
    cat = ws.catalog
    sector_id = resolve_sector(cat, sector)
    site = resolve_site_type(cat, sector_id, site_type) if site_type else None
    return ChosenChecklist(sector_id, site, build(cat, sector_id, site, with_common), None)


def citation_sources(ws: Workspace, unit_id: uuid.UUID | None) -> Collection[str] | None:
    """The notices a unit's forms may cite (None: every notice). The one place where the
    citations of a form are chosen: the area filter (a unit is under its own area's notices)
    plugs in here; start_inspection freezes each line's basis with it."""
    return None


def snapshot(cat: Catalog, item: Item, source_ids: Collection[str] | None = None) -> ChecklistItem:
    """A frozen copy: the printed basis (only `source_ids`' notices, if given), the hazard
    wording and the provisions (ids and text)."""
    return ChecklistItem(
        text=item.text,
        group=item.group,
        methods="、".join(item.methods),
        basis=cat.basis_text(item, source_ids),
        item_id=item.id,
        sector_id=item.sector_id,
        criteria=list(item.criteria),
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


def build(
    cat: Catalog, sector_id: str, site_type_id: str | None, with_common: bool = False
) -> list[ChecklistItem]:
    """The default checklist for a sector and site type (optionally with the common section)."""
    if sector_id not in cat.sectors:
        raise ValidationError("行业", f"未知的行业“{sector_id}”")
    if site_type_id and site_type_id not in cat.site_types:
        raise ValidationError("场所类型", f"未知的场所类型“{site_type_id}”")
    items = [snapshot(cat, it) for it in cat.items_for(sector_id, site_type_id)]
    if with_common:
        items += [snapshot(cat, it) for it in cat.common_items()]
    return items


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
    with ws.db.session() as s:
        return [_info(t) for t in s.execute(select(Template).order_by(Template.name)).scalars()]


def get_template(ws: Workspace, key: uuid.UUID | str) -> TemplateInfo:
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
    with ws.db.session() as s:
        t = s.get(Template, template_id)
        if t is not None:
            s.delete(t)
