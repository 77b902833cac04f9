"""Office settings kept with the data: the issuing department per sector, document numbers,
appeal bodies, and the register of enforcement officers (执法证号 entered once)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.documents import (
    DEFAULT_AUTHORITY,
    KIND_CODES,
    DocKind,
    power_basis_for,
    power_provisions_for,
    sector_prefix,
    titles_for,
)
from app.core.errors import NotFoundError, PermissionDenied, ValidationError
from app.core.findings import check_text
from app.services.workspace import Workspace
from app.storage import audit
from app.storage.models import Inspector, Setting

# key -> (label, default). A key may be given per sector as `key.<sector id>` (e.g. office.gas).
KEYS: dict[str, tuple[str, str]] = {
    "region": ("县（市）名称，如 沁水县", ""),
    "office": ("执法机关名称（默认：县名+行业主管部门）", ""),
    "doc_prefix": ("文书编号前缀（如 沁应急）", "应急"),
    "review_body": ("行政复议机关", "县人民政府"),
    "court": ("行政诉讼法院", "县人民法院"),
    "power_basis": ("执法职权依据（印在指令书中）", ""),
}
PER_SECTOR = ("office", "doc_prefix", "review_body", "court", "power_basis")


def _split(key: str) -> tuple[str, str | None]:
    base, _, sector = key.partition(".")
    return base, (sector or None)


def get(ws: Workspace, key: str) -> str:
    """A setting's value; `key.<sector>` falls back to the plain key, then to the default."""
    base, sector = _split(key)
    with ws.db.session() as s:
        for k in [key, base] if sector else [key]:
            row = s.get(Setting, k)
            if row and row.value:
                return row.value
    return KEYS.get(base, ("", ""))[1]


def stored(ws: Workspace, key: str) -> str:
    """The value stored under exactly this key ('' when only a fallback or the default applies)."""
    with ws.db.session() as s:
        row = s.get(Setting, key)
        return row.value if row and row.value else ""


def _admin_only(ws: Workspace, what: str) -> None:
    if not ws.may("管理员"):
        raise PermissionDenied(f"{ws.user} 没有“管理员”角色，不能{what}")


def put(ws: Workspace, key: str, value: str) -> None:
    base, sector = _split(key)
    if base not in KEYS:
        raise ValidationError(
            "设置", f"未知的设置项“{key}”，可用：{'、'.join(KEYS)}（可加 .行业编号，如 office.gas）"
        )
    if sector is not None:
        if base not in PER_SECTOR:
            raise ValidationError("设置", f"“{base}”不能按行业设置")
        if sector not in ws.catalog.sectors:
            raise ValidationError("设置", f"未知的行业“{sector}”，可用：{'、'.join(ws.catalog.sectors)}")
    value = value.strip()
    if not value or len(value) > 100:
        raise ValidationError(KEYS[base][0], "不能为空，且不超过100字")
    if base == "doc_prefix" and len(value) > 12:
        raise ValidationError(KEYS[base][0], "不超过12字")
    _admin_only(ws, "修改设置")
    with ws.db.session() as s:
        row = s.get(Setting, key) or Setting(key=key)
        row.value = value
        s.add(row)


def items(ws: Workspace) -> list[tuple[str, str, str]]:
    """Every setting as (key, label, value), the per-sector ones that were set included."""
    out = [(k, label, get(ws, k)) for k, (label, _d) in KEYS.items()]
    with ws.db.session() as s:
        rows = s.execute(select(Setting).order_by(Setting.key)).scalars()
        for row in rows:
            base, sector = _split(row.key)
            if sector and base in PER_SECTOR:
                out.append((row.key, f"{KEYS[base][0]}（{sector}）", row.value or ""))
    return out


@dataclass(frozen=True)
class Office:
    """The department that issues a sector's documents, and what its documents say."""

    sector_id: str | None
    department: str
    doc_prefix: str
    review_body: str
    court: str
    power_basis: str
    titles: dict[DocKind, str]


def office_for(ws: Workspace, sector_id: str | None) -> Office:
    """Settings for a sector: the department is `office.<sector>`, else the county name plus the
    sector's authority from the catalog (沁水县 + 住房和城乡建设局), else `office`."""

    def val(base: str) -> str:
        return get(ws, f"{base}.{sector_id}") if sector_id else get(ws, base)

    dept = val("office")
    if not dept:
        sector = ws.catalog.sectors.get(sector_id or "")
        authority = (getattr(sector, "authority", "") if sector else "") or DEFAULT_AUTHORITY
        dept = f"{get(ws, 'region') or '县'}{authority}"
    return Office(
        sector_id=sector_id,
        department=dept,
        doc_prefix=prefix_for(ws, sector_id),
        review_body=val("review_body"),
        court=val("court"),
        power_basis=val("power_basis") or _power_basis(ws, sector_id),
        titles=titles_for(sector_id),
    )


def prefix_for(ws: Workspace, sector_id: str | None) -> str:
    """`doc_prefix.<sector>` if set, else the office-wide prefix with the sector department's
    code (沁应急 -> 沁建 for 住房和城乡建设局)."""
    with ws.db.session() as s:
        row = s.get(Setting, f"doc_prefix.{sector_id}") if sector_id else None
        if row and row.value:
            return row.value
    sector = ws.catalog.sectors.get(sector_id or "")
    return sector_prefix(get(ws, "doc_prefix"), getattr(sector, "authority", "") if sector else "")


def counter_kind(ws: Workspace, kind: str, prefix: str) -> str:
    """Numbers run per prefix: the office-wide prefix keeps the plain kind (its numbering goes
    on as before); a sector's own prefix gets its own counter."""
    return kind if prefix == get(ws, "doc_prefix") else f"{kind}:{prefix}"[:20]


def _power_basis(ws: Workspace, sector_id: str | None) -> str:
    """The provisions giving the power to order correction, printed with the law's full name
    (《中华人民共和国安全生产法》第六十五条第一款第（二）项、第六十五条第一款第（三）项)."""
    cat = ws.catalog
    laws = getattr(cat, "laws", {})
    provisions = [cat.provisions.get(pid) for pid in power_provisions_for(sector_id)]
    if not provisions or any(p is None or p.law_id not in laws for p in provisions):
        return power_basis_for(sector_id)
    out: list[str] = []
    for p in provisions:
        assert p is not None
        head = f"《{laws[p.law_id].name}》"
        out.append(p.ref if out and out[-1].startswith(head) else head + p.ref)
    return "、".join(out)


def next_document_number(
    ws: Workspace,
    kind: str,
    year: int | None = None,
    sector_id: str | None = None,
    session: Session | None = None,
    inspection_id: uuid.UUID | None = None,
    issued_on: dt.date | None = None,
) -> str:
    """The next number of a document kind, e.g. 沁应急责改〔2025〕12号 (counted per prefix and year).

    The number is taken and entered in the register of issued documents (文书台账: number,
    kind, inspection, unit, date, who) in one transaction: given a session, in its transaction
    (both given back if it rolls back)."""
    from app.services.doc_numbers import allocate, register

    year = year or dt.date.today().year
    prefix = prefix_for(ws, sector_id)
    key = counter_kind(ws, kind, prefix)

    def take(s: Session) -> str:
        n = allocate(s, key, year)
        number = f"{prefix}{KIND_CODES[DocKind(kind)]}〔{year}〕{n}号"
        register(s, number, DocKind(kind).value, key, year, n, inspection_id, issued_on, ws.user)
        return number

    if session is not None:
        return take(session)
    with ws.db.session() as s:
        return take(s)


# --- the officers' register ------------------------------------------------------


@dataclass(frozen=True)
class Officer:
    name: str
    cert_no: str = ""
    role: str = ""
    active: bool = True


def save_inspector(ws: Workspace, name: str, cert_no: str, role: str | None = None) -> Officer:
    """Register an officer or change his 执法证号."""
    clean = check_text("执法人员姓名", name, 50)
    if not clean:
        raise ValidationError("执法人员姓名", "不能为空")
    cert = check_text("执法证号", cert_no, 50)
    if not cert:
        raise ValidationError("执法证号", f"{clean}的执法证号不能为空")
    _admin_only(ws, "登记执法人员")
    with ws.db.session() as s:
        row = s.execute(select(Inspector).where(Inspector.name == clean)).scalar_one_or_none()
        if row is None:
            row = Inspector(name=clean)
            s.add(row)
            s.flush()
            audit.record(s, "inspector", row.id, "create", ws.user, new=f"{clean} {cert}")
        elif row.cert_no != cert:
            audit.record(s, "inspector", row.id, "update", ws.user, "cert_no", row.cert_no, cert)
        row.cert_no = cert
        row.active = True
        if role is not None:
            row.role = check_text("职务", role, 50)
        return Officer(row.name, row.cert_no or "", row.role or "", row.active)


def list_inspectors(ws: Workspace, active_only: bool = True) -> list[Officer]:
    with ws.db.session() as s:
        q = select(Inspector).order_by(Inspector.name)
        if active_only:
            q = q.where(Inspector.active.is_(True))
        return [Officer(r.name, r.cert_no or "", r.role or "", r.active) for r in s.execute(q).scalars()]


def retire_inspector(ws: Workspace, name: str) -> None:
    """Take an officer off the pick list (old documents keep his name and number)."""
    with ws.db.session() as s:
        row = s.execute(select(Inspector).where(Inspector.name == name)).scalar_one_or_none()
        if row is None:
            raise NotFoundError(f"执法人员“{name}”未登记")
        row.active = False
        audit.record(s, "inspector", row.id, "update", ws.user, "active", "在用", "停用")


def officers_of(ws: Workspace, names: list[str]) -> list[dict[str, str]]:
    """Names with their registered 执法证号 (blank when not registered), to freeze on an inspection."""
    with ws.db.session() as s:
        rows = {
            r.name: r.cert_no or ""
            for r in s.execute(select(Inspector).where(Inspector.name.in_(names))).scalars()
        }
    return [{"name": n, "cert_no": rows.get(n, "")} for n in names]
