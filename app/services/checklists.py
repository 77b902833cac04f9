"""Checklists: item snapshots from the catalog, named templates."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.core.catalog import Catalog, Item
from app.core.checklist_item import ChecklistItem
from app.core.errors import NotFoundError, ValidationError
from app.core.findings import check_text
from app.services.workspace import Workspace
from app.storage.models import Template

__all__ = ["ChecklistItem", "build", "custom_item", "snapshot"]


def snapshot(cat: Catalog, item: Item) -> ChecklistItem:
    """A frozen copy: the printed basis, the hazard wording and the provisions (ids and text)."""
    return ChecklistItem(
        text=item.text,
        group=item.group,
        methods="、".join(item.methods),
        basis=cat.basis_text(item),
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
) -> Template:
    clean = check_text("模板名称", name, 200)
    if not clean:
        raise ValidationError("模板名称", "不能为空")
    if not items:
        raise ValidationError("检查项目", "清单中没有检查项目")
    with ws.db.session() as s:
        t = s.execute(select(Template).where(Template.name == clean)).scalar_one_or_none()
        if t is not None and not overwrite:
            raise ValidationError("模板名称", f"已有名为“{clean}”的模板")
        if t is None:
            t = Template(name=clean)
            s.add(t)
        t.sector_id = sector_id
        t.site_type_id = site_type_id
        t.items = [i.to_dict() for i in items]
    return t


def list_templates(ws: Workspace) -> list[Template]:
    with ws.db.session() as s:
        return list(s.execute(select(Template).order_by(Template.name)).scalars())


def get_template(ws: Workspace, key: uuid.UUID | str) -> Template:
    with ws.db.session() as s:
        if isinstance(key, uuid.UUID):
            t = s.get(Template, key)
        else:
            t = s.execute(select(Template).where(Template.name == key)).scalar_one_or_none()
        if t is None:
            raise NotFoundError(f"检查清单模板“{key}”不存在")
        return t


def template_items(t: Template) -> list[ChecklistItem]:
    return [ChecklistItem.from_dict(d) for d in t.items]


def delete_template(ws: Workspace, template_id: uuid.UUID) -> None:
    with ws.db.session() as s:
        t = s.get(Template, template_id)
        if t is not None:
            s.delete(t)
