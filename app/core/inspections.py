"""Inspections and item results."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.core.errors import ValidationError


class Result(StrEnum):
    UNCHECKED = "unchecked"
    PASS = "pass"
    FAIL = "fail"
    NA = "na"

    @property
    def label(self) -> str:
        return RESULT_LABELS[self]


RESULT_LABELS = {
    Result.UNCHECKED: "未检查",
    Result.PASS: "符合",
    Result.FAIL: "不符合",
    Result.NA: "不适用",
}

METHODS = ("查资料", "现场查看", "询问", "抽查")


def parse_inspectors(text: str | list[str]) -> list[str]:
    """Split names typed as '张三、李四' (or commas/spaces); at least two are required."""
    if isinstance(text, str):
        for sep in ("，", ",", "；", ";", " ", "　"):
            text = text.replace(sep, "、")
        names = [n.strip() for n in text.split("、")]
    else:
        names = [n.strip() for n in text]
    from app.core.validation import clean_text

    names = [n for n in (clean_text("检查人员", x, 50) for x in names) if n]
    if len(names) < 2:
        raise ValidationError("检查人员", "执法检查应有两名以上检查人员")
    if len(set(names)) != len(names):
        raise ValidationError("检查人员", "检查人员姓名重复")
    return names


@dataclass(frozen=True)
class InspectionLine:
    """One frozen checklist line of an inspection, with its result: plain data, no session."""

    id: uuid.UUID
    inspection_id: uuid.UUID
    position: int
    item_id: str | None
    group: str | None
    text: str
    methods: str | None
    basis: str | None
    criteria: tuple[str, ...]
    sector_id: str | None
    hazard: str | None
    legal: tuple[dict[str, str], ...]  # provisions breached {"id", "text"}
    legal_missing: str | None
    result: str
    note: str | None
    updated_at: dt.datetime


@dataclass(frozen=True)
class InspectionRecord:
    """An inspection with its lines in order, as screens and commands read it."""

    id: uuid.UUID
    unit_id: uuid.UUID
    unit_name: str
    date: dt.date
    inspectors: tuple[str, ...]
    sector_id: str
    site_type_id: str | None
    template_name: str | None
    place: str | None
    summary: str | None
    created_by: str | None
    officers: tuple[dict[str, Any], ...]  # as registered when it started {"name", "cert_no"}
    site_contact: str | None
    record_no: str | None
    area_code: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    items: tuple[InspectionLine, ...]
