"""Plain view objects the renderers draw. Services fill them; renderers never query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.checklist_item import ChecklistItem


@dataclass(frozen=True)
class Officer:
    name: str
    cert_no: str = ""


@dataclass(frozen=True)
class Issuer:
    """The department a document is issued in the name of, and its appeal bodies."""

    department: str
    review_body: str = ""
    court: str = ""
    power_basis: str = ""


@dataclass(frozen=True)
class UnitInfo:
    name: str
    uscc: str = ""
    address: str = ""
    principal: str = ""
    phone: str = ""
    industry: str = ""


# --- 执法文书 -------------------------------------------------------------------


@dataclass(frozen=True)
class RecordEntry:
    """One hazard as the 现场检查记录 states it."""

    hazard: str
    location: str = ""
    photos: str = ""  # e.g. 照片1、2
    note: str = ""


@dataclass(frozen=True)
class RecordView:
    title: str
    number: str
    issuer: Issuer
    unit: UnitInfo
    place: str
    date: dt.date
    officers: list[Officer]
    site_contact: str
    total: int
    checked: int
    entries: list[RecordEntry]


@dataclass(frozen=True)
class OrderEntry:
    hazard: str
    location: str
    provisions: list[str]  # as printed: 《安全生产法》第四十一条第二款
    deadline: dt.date | None
    immediate: bool
    provision_missing: str = ""


@dataclass(frozen=True)
class OrderView:
    title: str
    number: str
    issuer: Issuer
    unit_name: str
    inspection_date: dt.date
    issued_on: dt.date
    entries: list[OrderEntry]
    officers: list[Officer]


@dataclass(frozen=True)
class ReviewEntry:
    hazard: str
    deadline_text: str
    result: str
    done: bool


@dataclass(frozen=True)
class ReviewView:
    title: str
    number: str
    issuer: Issuer
    unit_name: str
    order_title: str
    order_number: str
    order_date: dt.date
    review_date: dt.date
    entries: list[ReviewEntry]
    officers: list[Officer]


# --- 双报告 ---------------------------------------------------------------------


@dataclass(frozen=True)
class DualReportView:
    unit: UnitInfo
    title: str  # 隐患名称
    location: str
    description: str
    basis: str  # 判定依据: the criterion clause as printed
    legal: str  # provisions breached
    level: str  # label
    discovery: str  # e.g. 执法检查发现，2026年3月1日，发现人：李明、王强
    cause: str
    harm: str
    goal: str
    measures: str
    materials: str  # 经费和物资 (funds included)
    organisation: str  # 机构和人员 (the person responsible included)
    deadline: dt.date | None
    contingency: str  # 安全措施和应急预案
    contact: str
    stopped: str  # label, or "" when not recorded
    stopped_any: bool
    supervision: str
    reported_dept: str
    reported_dept_on: dt.date | None
    workers_how: str
    workers_on: dt.date | None
    workers_attendance: str
    status: str
    accepted_by: str
    accepted_on: dt.date | None
    acceptance_note: str
    assessment: str
    resume_requested_on: dt.date | None
    closed_on: dt.date | None
    closed_by: str


# --- the filled inspection record (checklist with results) ----------------------


@dataclass(frozen=True)
class PhotoView:
    number: int
    caption: str
    path: Path | None  # None when the file is missing
    width: int = 4
    height: int = 3
    missing_name: str = ""
    taken: str = ""  # 拍摄于 … and the place, from the photo's EXIF
    problem: str = ""  # why there is no path: 照片文件缺失, or altered since it was attached


@dataclass(frozen=True)
class FindingLine:
    title: str
    level: str
    major: bool
    deadline: str
    status: str


@dataclass(frozen=True)
class InspectionView:
    unit: UnitInfo
    sector: str
    site: str
    place: str
    date: dt.date
    inspectors: list[str]
    items: list[ChecklistItem]
    results: list[str | None]
    notes: list[str | None]
    counts: dict[str, int]  # label -> count
    findings: list[FindingLine] = field(default_factory=list)
    photos: list[PhotoView] = field(default_factory=list)


# --- the findings ledger workbook -----------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    sector: str
    level: str
    counts: list[int]  # per status, in Status order
    overdue: int


@dataclass
class LedgerExport:
    """Rows are streamed: plain tuples whose fields are named, in order, by `keys`."""

    keys: tuple[str, ...]
    rows: Iterable[tuple[Any, ...]]
    total: int
    today: dt.date
    sectors: dict[str, str]
    summary: list[SummaryRow]
    status_totals: list[int]
    overdue_total: int
    filter_text: str
