"""Database tables as typed SQLAlchemy 2 models. Keys are UUIDs so databases can be merged."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.core.findings import Discovery, Level, Status
from app.core.inspections import Result


def utcnow() -> dt.datetime:
    """Naive UTC time: stored the same on SQLite and PostgreSQL."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, uuid.UUID: Uuid}


def one_of(table: str, column: str, enum: type[StrEnum]) -> CheckConstraint:
    """A CHECK that `column` holds one of the enum's codes, named ck_<table>_<column>.

    The codes come from core, so a new enum member shows up as a difference between the
    models and the migrations (tests/test_schema.py) until a migration adds it.
    """
    codes = ", ".join(f"'{m.value}'" for m in enum)
    return CheckConstraint(f'"{column}" IN ({codes})', name=f"ck_{table}_{column}")


class Stamped:
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)


class Unit(Stamped, Base):
    """被检查单位."""

    __tablename__ = "units"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200), index=True)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    address: Mapped[str | None] = mapped_column(String(300))
    principal: Mapped[str | None] = mapped_column(String(50))  # 主要负责人
    phone: Mapped[str | None] = mapped_column(String(50))
    sector_id: Mapped[str | None] = mapped_column(String(40))
    industry: Mapped[str | None] = mapped_column(String(100))
    # 所在地区 (行政区划代码); NULL = the inspector's jurisdiction
    area_code: Mapped[str | None] = mapped_column(String(6), index=True)


class Template(Stamped, Base):
    """A named checklist: the item snapshots an inspector chose, in order."""

    __tablename__ = "templates"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    sector_id: Mapped[str] = mapped_column(String(40))
    site_type_id: Mapped[str | None] = mapped_column(String(60))
    items: Mapped[list[Any]] = mapped_column(default=list)


class Inspection(Stamped, Base):
    __tablename__ = "inspections"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("units.id"), index=True)
    date: Mapped[dt.date] = mapped_column(index=True)
    inspectors: Mapped[list[Any]] = mapped_column(default=list)
    sector_id: Mapped[str] = mapped_column(String(40), index=True)
    site_type_id: Mapped[str | None] = mapped_column(String(60))
    template_name: Mapped[str | None] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(300))  # 检查场所
    summary: Mapped[str | None] = mapped_column(Text)  # 检查情况
    created_by: Mapped[str | None] = mapped_column(String(50))
    # officers as registered when the inspection started: [{"name", "cert_no"}]
    officers: Mapped[list[Any] | None] = mapped_column(JSON)
    site_contact: Mapped[str | None] = mapped_column(String(100))  # 被检查单位现场负责人
    record_no: Mapped[str | None] = mapped_column(String(100))  # 现场检查记录的文书编号
    area_code: Mapped[str | None] = mapped_column(String(6))  # the area its citations were chosen for

    unit: Mapped[Unit] = relationship(lazy="joined")
    items: Mapped[list[InspectionItem]] = relationship(
        back_populates="inspection", order_by="InspectionItem.position", cascade="all"
    )


class InspectionItem(Base):
    """A frozen copy of one checklist item as used, with its result."""

    __tablename__ = "inspection_items"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    inspection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("inspections.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    item_id: Mapped[str | None] = mapped_column(String(40))
    group: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    methods: Mapped[str | None] = mapped_column(String(100))
    basis: Mapped[str | None] = mapped_column(Text)
    criteria: Mapped[list[Any]] = mapped_column(default=list)
    # frozen from the catalog so an old inspection prints the same later
    sector_id: Mapped[str | None] = mapped_column(String(40))
    hazard: Mapped[str | None] = mapped_column(Text)  # 隐患描述 when the item fails
    legal: Mapped[list[Any] | None] = mapped_column(JSON)  # [{"id", "text"}] provisions breached
    legal_missing: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str] = mapped_column(String(20), default=Result.UNCHECKED.value)
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    inspection: Mapped[Inspection] = relationship(back_populates="items")

    __table_args__ = (one_of("inspection_items", "result", Result),)


# Ledger columns that get an (column, id) index, so any sort pages through an index.
LEDGER_SORT_COLUMNS = (
    "unit_name",
    "sector_id",
    "title",
    "level",
    "status",
    "found_on",
    "deadline",
    "responsible",
    "supervised_by",
)


class Finding(Stamped, Base):
    """隐患: a hazard found, followed to closure."""

    __tablename__ = "findings"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("units.id"), index=True)
    inspection_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("inspections.id"), index=True)
    inspection_item_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("inspection_items.id"))
    sector_id: Mapped[str] = mapped_column(String(40), index=True)
    item_id: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(500))  # 隐患名称
    location: Mapped[str | None] = mapped_column(String(300))  # 部位
    description: Mapped[str | None] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True, default=Status.PENDING.value)
    discovery: Mapped[str] = mapped_column(String(20), default=Discovery.INSPECTION.value)
    found_on: Mapped[dt.date] = mapped_column(index=True)
    found_by: Mapped[str | None] = mapped_column(String(100))
    basis: Mapped[str | None] = mapped_column(Text)  # 依据 (notice clauses), frozen
    criterion: Mapped[dict[str, Any] | None] = mapped_column()  # 判定依据 snapshot
    legal: Mapped[list[Any] | None] = mapped_column(JSON)  # provisions breached [{"id", "text"}], frozen
    # 五落实
    measures: Mapped[str | None] = mapped_column(Text)
    responsible: Mapped[str | None] = mapped_column(String(100))
    funds: Mapped[str | None] = mapped_column(String(100))
    deadline: Mapped[dt.date | None] = mapped_column(index=True)
    contingency: Mapped[str | None] = mapped_column(Text)
    # 重大事故隐患报告 and 治理方案 (原国家安全监管总局令第16号)
    cause: Mapped[str | None] = mapped_column(Text)  # 隐患现状及产生原因
    harm: Mapped[str | None] = mapped_column(Text)  # 危害程度和整改难易程度
    goal: Mapped[str | None] = mapped_column(Text)  # 治理的目标和任务
    materials: Mapped[str | None] = mapped_column(Text)  # 经费和物资
    organisation: Mapped[str | None] = mapped_column(Text)  # 负责治理的机构和人员
    contact: Mapped[str | None] = mapped_column(String(100))  # 联系人及电话
    stopped: Mapped[str | None] = mapped_column(String(20))  # 停产停业: none | partial | full
    # 双报告
    reported_dept: Mapped[str | None] = mapped_column(String(200))
    reported_dept_on: Mapped[dt.date | None]
    reported_workers_how: Mapped[str | None] = mapped_column(String(100))
    reported_workers_on: Mapped[dt.date | None]
    reported_workers_attendance: Mapped[str | None] = mapped_column(String(200))  # 参会人数/应到实到
    # 挂牌督办
    supervised_by: Mapped[str | None] = mapped_column(String(200))
    supervised_on: Mapped[dt.date | None]
    supervision_no: Mapped[str | None] = mapped_column(String(100))
    # 验收 / 销号
    accepted_by: Mapped[str | None] = mapped_column(String(100))
    accepted_on: Mapped[dt.date | None]
    acceptance_note: Mapped[str | None] = mapped_column(Text)
    assessment: Mapped[str | None] = mapped_column(Text)  # 治理情况评估
    resume_requested_on: Mapped[dt.date | None]  # 恢复生产（经营）书面申请日期
    closed_on: Mapped[dt.date | None]
    closed_by: Mapped[str | None] = mapped_column(String(100))  # 签字领导

    # Denormalised for the ledger: sorting by unit and text search without a join.
    unit_name: Mapped[str | None] = mapped_column(String(200))
    search_text: Mapped[str | None] = mapped_column(Text)

    unit: Mapped[Unit] = relationship(lazy="joined")

    __table_args__ = (
        Index("ix_findings_status_deadline", "status", "deadline"),
        # statistics: counts by sector, status and level; overdue by sector
        Index("ix_findings_sector_status_level", "sector_id", "status", "level"),
        Index("ix_findings_sector_status_deadline", "sector_id", "status", "deadline"),
        *(Index(f"ix_findings_{c}_id", c, "id") for c in LEDGER_SORT_COLUMNS),
        one_of("findings", "level", Level),
        one_of("findings", "status", Status),
        one_of("findings", "discovery", Discovery),
    )

    def refresh_search_text(self) -> None:
        self.search_text = search_text_of({k: getattr(self, k) for k in SEARCHED})


SEARCHED = ("title", "location", "responsible", "unit_name", "supervised_by")


def search_text_of(values: Any) -> str:
    """The ledger's search text of a finding's values (a mapping of its fields)."""
    return " ".join(str(values[k]) for k in SEARCHED if values.get(k))


@event.listens_for(Finding, "before_insert")
@event.listens_for(Finding, "before_update")
def _finding_search_text(_mapper: Any, _conn: Any, target: Finding) -> None:
    target.refresh_search_text()


class Inspector(Base):
    """A registered enforcement officer: 执法证号 entered once, printed on every document."""

    __tablename__ = "inspectors"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    cert_no: Mapped[str | None] = mapped_column(String(50))  # 执法证号
    role: Mapped[str | None] = mapped_column(String(50))  # reserved for the settings dialog
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Document(Base):
    """An issued 执法文书 (责令限期整改指令书, 整改复查意见书) with its content frozen as printed."""

    __tablename__ = "documents"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(20), index=True)  # order | review
    number: Mapped[str] = mapped_column(String(100), unique=True)
    issued_on: Mapped[dt.date] = mapped_column()
    inspection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("inspections.id"), index=True)
    order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("documents.id"))  # a review's order
    sector_id: Mapped[str | None] = mapped_column(String(40))
    department: Mapped[str | None] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(100))


class Photo(Base):
    """A photo copied into the program's own storage."""

    __tablename__ = "photos"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    inspection_item_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("inspection_items.id"), index=True
    )
    finding_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("findings.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(200))  # relative to the photo folder
    original_name: Mapped[str | None] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """Append-only history of changes; each entry's hash chains to the previous one."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(String(40))
    field: Mapped[str | None] = mapped_column(String(60))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    by: Mapped[str | None] = mapped_column(String(100))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Setting(Base):
    """Small key-value settings kept with the data (document number prefixes, office name)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)


class DocumentCounter(Base):
    """The last 文书编号 issued per document kind and year.

    Allocation increments the row in the caller's transaction (UPDATE ... RETURNING), so two
    writers on a shared database never get the same number.
    """

    __tablename__ = "document_counters"
    kind: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        PrimaryKeyConstraint("kind", "year"),
        CheckConstraint('"last" >= 0', name="ck_document_counters_last"),
    )


class IssuedNumber(Base):
    """The register of issued 文书编号 (文书台账): written in the transaction that takes the number."""

    __tablename__ = "issued_numbers"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    number: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # record | order | review
    counter: Mapped[str] = mapped_column(String(20))  # the document_counters kind it came from
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    inspection_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("inspections.id"))
    unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("units.id"))
    unit_name: Mapped[str | None] = mapped_column(String(200))
    issued_on: Mapped[dt.date] = mapped_column()
    issued_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("number", name="uq_issued_numbers_number"),
        UniqueConstraint("counter", "year", "seq", name="uq_issued_numbers_counter_year_seq"),
        Index("ix_issued_numbers_year_kind", "year", "kind"),
        Index("ix_issued_numbers_inspection_id", "inspection_id"),
    )


class UserSource(Base):
    """A notice the user imported (user catalog, kept apart from the shipped files)."""

    __tablename__ = "user_sources"
    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    doc_no: Mapped[str] = mapped_column(String(100), unique=True)
    issuer: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(500))
    date: Mapped[dt.date | None]
    year: Mapped[int | None] = mapped_column(Integer)
    area: Mapped[str | None] = mapped_column(String(12))  # 行政区划代码 of the issuer's area
    level: Mapped[str | None] = mapped_column(String(20))  # province | city | county | town | national
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(100))


class UserItem(Base):
    """A checklist item accepted from an imported notice."""

    __tablename__ = "user_items"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)  # USR-001
    sector_id: Mapped[str] = mapped_column(String(40))
    group: Mapped[str] = mapped_column(String(100), default="新增（通知导入）")
    text: Mapped[str] = mapped_column(Text)
    methods: Mapped[list[Any]] = mapped_column(default=list)
    site_types: Mapped[list[Any]] = mapped_column(default=list)
    hazard: Mapped[str | None] = mapped_column(Text)  # 隐患描述 (the catalog contract)
    legal: Mapped[list[Any] | None] = mapped_column(JSON)  # provision ids
    legal_missing: Mapped[str | None] = mapped_column(Text)  # why no provision was found
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(100))


class UserCitation(Base):
    """A citation of an imported notice clause, on a user item or on a shipped item (merge)."""

    __tablename__ = "user_citations"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    item_id: Mapped[str] = mapped_column(String(40), index=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("user_sources.id"))
    clause: Mapped[str] = mapped_column(String(100))
    departments: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
