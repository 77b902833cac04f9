"""The user catalog: notices imported by the user and the items accepted from them.

Kept in the database, apart from the shipped files in checklists/, and laid over the shipped
catalog when a workspace loads it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.catalog import AREA_LEVELS, Catalog, Citation, Item, Source
from app.core.errors import ValidationError
from app.core.findings import check_text
from app.core.inspections import METHODS
from app.core.proposals import ItemDraft, item_problems
from app.storage.models import UserCitation, UserItem, UserSource

USER_GROUP = "新增（通知导入）"


@dataclass(frozen=True)
class NoticeMeta:
    doc_no: str
    issuer: str = ""
    title: str = ""
    date: dt.date | None = None
    year: int | None = None
    area: str = ""  # 行政区划代码 of the issuer's area
    level: str = ""  # province | city | county | town | national


def source_id(doc_no: str) -> str:
    return "user-" + hashlib.sha1(doc_no.encode("utf-8")).hexdigest()[:10]


def overlay(cat: Catalog, s: Session) -> Catalog:
    """A copy of `cat` with the user's sources, items and extra citations added; `cat` itself
    when the user has none (the GUI then keeps the list it showed before the database opened)."""
    user_sources = list(s.execute(select(UserSource)).scalars())
    user_citations = list(s.execute(select(UserCitation).order_by(UserCitation.created_at)).scalars())
    user_items = list(s.execute(select(UserItem).order_by(UserItem.id)).scalars())
    if not (user_sources or user_citations or user_items):
        return cat
    sources = dict(cat.sources)
    for us in user_sources:
        if us.id not in sources:
            sources[us.id] = Source(
                us.id,
                us.doc_no,
                us.issuer or "",
                us.title or "",
                us.date,
                us.year,
                area=us.area or "",
                level=us.level or "",
            )
    items = dict(cat.items)
    cites: dict[str, list[Citation]] = {}
    for uc in user_citations:
        cites.setdefault(uc.item_id, []).append(Citation(uc.source_id, uc.clause))
    for ui in user_items:
        if ui.sector_id not in cat.sectors:
            continue
        items[ui.id] = Item(
            id=ui.id,
            sector_id=ui.sector_id,
            group=ui.group,
            text=ui.text,
            methods=tuple(ui.methods),
            basis=(),
            site_types=tuple(ui.site_types) or ("all",),
            hazard=ui.hazard or "",
            legal=tuple(ui.legal or ()),
            legal_missing=ui.legal_missing or "",
            origin="user",
        )
    for item_id, extra in cites.items():
        if item_id in items:
            it = items[item_id]
            items[item_id] = dataclasses.replace(it, basis=it.basis + tuple(extra))
    sectors = dict(cat.sectors)
    with_user = {i.sector_id for i in items.values() if i.origin == "user"}
    for sec_id in with_user:
        sec = sectors[sec_id]
        if USER_GROUP not in sec.groups:
            sectors[sec_id] = dataclasses.replace(sec, groups=(*sec.groups, USER_GROUP))
    return dataclasses.replace(cat, sources=sources, items=items, sectors=sectors)


def _ensure_source(s: Session, meta: NoticeMeta, user: str) -> str:
    doc_no = check_text("文号", meta.doc_no, 100)
    if not doc_no:
        raise ValidationError("文号", "未识别到通知文号，请先填写")
    if meta.level and meta.level not in AREA_LEVELS:
        raise ValidationError("级别", f"未知的级别“{meta.level}”")
    if meta.area and not (meta.area.isdigit() and len(meta.area) == 6):
        raise ValidationError("行政区划代码", f"应为6位数字：{meta.area}")
    sid = source_id(doc_no)
    if s.get(UserSource, sid) is None:
        s.add(
            UserSource(
                id=sid,
                doc_no=doc_no,
                issuer=meta.issuer,
                title=meta.title,
                date=meta.date,
                year=meta.year or (meta.date.year if meta.date else None),
                area=meta.area or None,
                level=meta.level or None,
                created_by=user,
            )
        )
        s.flush()
    return sid


def _next_id(s: Session) -> str:
    last = s.execute(select(func.max(UserItem.id))).scalar()
    n = int(last.split("-")[1]) + 1 if last else 1
    return f"USR-{n:03d}"


def add_item(
    s: Session,
    meta: NoticeMeta,
    clause: str,
    draft: ItemDraft,
    sector_id: str,
    cat: Catalog,
    user: str,
    methods: tuple[str, ...] = ("现场查看",),
    site_types: tuple[str, ...] = ("all",),
    departments: str | None = None,
) -> str:
    """Accept a measure as a new item of the user catalog; returns its id. The draft must meet the
    catalog contract (a checkable statement, hazard wording, legal basis): notice prose never
    becomes an item."""
    clean = check_text("检查内容", draft.text, 1000)
    if not clean:
        raise ValidationError("检查内容", "不能为空")
    hazard = check_text("隐患描述", draft.hazard, 1000) or ""
    problems = item_problems(ItemDraft(clean, hazard, draft.legal, draft.legal_missing), cat.provisions)
    if problems:
        raise ValidationError("检查项目", "；".join(problems))
    if sector_id not in cat.sectors:
        raise ValidationError("行业", f"未知的行业“{sector_id}”")
    for m in methods:
        if m not in METHODS:
            raise ValidationError("检查方法", f"未知的检查方法“{m}”")
    for st in site_types:
        if st != "all" and st not in cat.site_types:
            raise ValidationError("场所类型", f"未知的场所类型“{st}”")
    sid = _ensure_source(s, meta, user)
    item_id = _next_id(s)
    s.add(
        UserItem(
            id=item_id,
            sector_id=sector_id,
            group=USER_GROUP,
            text=clean,
            methods=list(methods),
            site_types=list(site_types),
            hazard=hazard,
            legal=list(draft.legal),
            legal_missing=draft.legal_missing.strip() or None,
            created_by=user,
        )
    )
    s.add(UserCitation(item_id=item_id, source_id=sid, clause=clause, departments=departments))
    s.flush()
    return item_id


def add_citation(s: Session, meta: NoticeMeta, clause: str, item_id: str, cat: Catalog, user: str) -> bool:
    """Merge a measure into an existing item by citing the new notice; False if already cited."""
    if item_id not in cat.items:
        raise ValidationError("检查项目", f"未知的检查项目“{item_id}”")
    sid = _ensure_source(s, meta, user)
    exists = s.execute(
        select(UserCitation).where(
            UserCitation.item_id == item_id,
            UserCitation.source_id == sid,
            UserCitation.clause == clause,
        )
    ).first()
    if exists:
        return False
    s.add(UserCitation(item_id=item_id, source_id=sid, clause=clause))
    s.flush()
    return True
