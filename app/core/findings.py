"""Findings (隐患): levels, statuses and the lifecycle state machine."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from app.core.errors import TransitionError, ValidationError


class Level(StrEnum):
    GENERAL = "general"
    MAJOR = "major"

    @property
    def label(self) -> str:
        return {"general": "一般隐患", "major": "重大事故隐患"}[self.value]


class Status(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    AWAITING = "awaiting"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.PENDING: "待整改",
    Status.IN_PROGRESS: "整改中",
    Status.AWAITING: "待验收",
    Status.CLOSED: "已销号",
}


class Discovery(StrEnum):
    INSPECTION = "inspection"
    SELF_REPORT = "self_report"

    @property
    def label(self) -> str:
        return {"inspection": "执法检查发现", "self_report": "企业自查自报"}[self.value]


class Action(StrEnum):
    START = "start"
    SUBMIT = "submit"
    ACCEPT = "accept"
    REJECT = "reject"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.START: "开始整改",
    Action.SUBMIT: "提交验收",
    Action.ACCEPT: "验收通过并销号",
    Action.REJECT: "验收不通过",
}

# The only legal moves: (from, action) -> to.
TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.PENDING, Action.START): Status.IN_PROGRESS,
    (Status.IN_PROGRESS, Action.SUBMIT): Status.AWAITING,
    (Status.AWAITING, Action.ACCEPT): Status.CLOSED,
    (Status.AWAITING, Action.REJECT): Status.PENDING,
}

# 五落实: attribute name -> label.
FIVE_FIELDS: dict[str, str] = {
    "measures": "整改措施",
    "responsible": "责任人",
    "funds": "整改资金",
    "deadline": "整改时限",
    "contingency": "应急预案/临时管控措施",
}

MAX_TEXT = 4000  # characters in one free-text field


class FindingState(Protocol):
    """What the lifecycle rules read from a finding (a model row or a plain object)."""

    @property
    def status(self) -> str: ...

    @property
    def level(self) -> str: ...

    @property
    def measures(self) -> str | None: ...

    @property
    def responsible(self) -> str | None: ...

    @property
    def funds(self) -> str | None: ...

    @property
    def deadline(self) -> dt.date | None: ...

    @property
    def contingency(self) -> str | None: ...

    @property
    def found_on(self) -> dt.date | None: ...

    @property
    def reported_dept_on(self) -> dt.date | None: ...

    @property
    def reported_workers_on(self) -> dt.date | None: ...

    @property
    def accepted_by(self) -> str | None: ...

    @property
    def accepted_on(self) -> dt.date | None: ...


def legal_actions(status: str) -> list[Action]:
    """The actions a finding in `status` can take, in lifecycle order."""
    st = Status(status)
    return [a for (s, a) in TRANSITIONS if s is st]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def closing_problems(f: FindingState) -> list[str]:
    """Why the finding cannot be closed (销号) yet; empty when it can."""
    problems: list[str] = []
    if _blank(f.accepted_by):
        problems.append("未填写验收人")
    if f.accepted_on is None:
        problems.append("未填写验收日期")
    if Level(f.level) is Level.MAJOR:
        if f.reported_dept_on is None:
            problems.append("双报告：未填写向负有监管职责部门报告的日期")
        if f.reported_workers_on is None:
            problems.append("双报告：未填写向职工大会/职代会报告的日期")
        missing = [label for name, label in FIVE_FIELDS.items() if _blank(getattr(f, name))]
        if missing:
            problems.append("五落实未填全：" + "、".join(missing))
    if f.accepted_on is not None and f.found_on is not None and f.accepted_on < f.found_on:
        problems.append("验收日期早于发现日期")
    return problems


def next_status(f: FindingState, action: Action | str) -> Status:
    """The status after `action`, or TransitionError saying why the move is illegal."""
    act = Action(action)
    current = Status(f.status)
    target = TRANSITIONS.get((current, act))
    if target is None:
        allowed = "、".join(a.label for a in legal_actions(current)) or "无"
        raise TransitionError(f"隐患当前状态为“{current.label}”，不能执行“{act.label}”（可执行：{allowed}）")
    if target is Status.CLOSED:
        problems = closing_problems(f)
        if problems:
            level = Level(f.level).label
            raise TransitionError(f"{level}不能销号：" + "；".join(problems))
    return target


def check_dates(found_on: dt.date | None, deadline: dt.date | None) -> None:
    """Deadline must not precede discovery."""
    if found_on is not None and deadline is not None and deadline < found_on:
        raise ValidationError("整改时限", f"{deadline:%Y-%m-%d} 早于发现日期 {found_on:%Y-%m-%d}")


def check_text(field: str, value: str | None, limit: int = MAX_TEXT) -> str | None:
    """Strip a text field (control characters too) and reject overlong input."""
    from app.core.validation import clean_text

    return clean_text(field, value, limit)


OPEN_STATUSES: tuple[Status, ...] = tuple(s for s in Status if s is not Status.CLOSED)


def is_overdue(status: str, deadline: dt.date | None, today: dt.date) -> bool:
    """逾期: not yet closed (销号) and past its deadline; the deadline day itself is not overdue.

    The one definition: the ledger's and the statistics' SQL filters are built from
    OPEN_STATUSES and the same comparison (services.ledger.overdue_clause).
    """
    return deadline is not None and deadline < today and status != Status.CLOSED


@dataclass(frozen=True)
class CriterionSnapshot:
    """The 判定依据 as it stood when a finding was made (standards change)."""

    criterion_id: str
    standard: str
    doc_no: str
    ref: str
    summary: str
    verified: str

    def text(self) -> str:
        mark = "" if self.verified == "V" else "（条款待核实）"
        return f"《{self.standard}》（{self.doc_no}）{self.ref}：{self.summary}{mark}"


@dataclass(frozen=True)
class FindingRecord:
    """A finding as screens, commands and benchmarks read it: plain data, no session attached.

    Every column of the findings table but the search text (services.findings builds it from
    the row; tests/test_schema.py checks that no column is forgotten)."""

    id: uuid.UUID
    unit_id: uuid.UUID
    unit_name: str
    inspection_id: uuid.UUID | None
    inspection_item_id: uuid.UUID | None
    sector_id: str
    item_id: str | None
    title: str
    location: str | None
    description: str | None
    level: str
    status: str
    discovery: str
    found_on: dt.date
    found_by: str | None
    basis: str | None
    criterion: dict[str, Any] | None  # 判定依据 snapshot, with its "text"
    legal: tuple[dict[str, str], ...]  # provisions breached {"id", "text"}
    measures: str | None
    responsible: str | None
    funds: str | None
    deadline: dt.date | None
    contingency: str | None
    cause: str | None
    harm: str | None
    goal: str | None
    materials: str | None
    organisation: str | None
    contact: str | None
    stopped: str | None
    reported_dept: str | None
    reported_dept_on: dt.date | None
    reported_workers_how: str | None
    reported_workers_on: dt.date | None
    reported_workers_attendance: str | None
    supervised_by: str | None
    supervised_on: dt.date | None
    supervision_no: str | None
    accepted_by: str | None
    accepted_on: dt.date | None
    acceptance_note: str | None
    assessment: str | None
    resume_requested_on: dt.date | None
    closed_on: dt.date | None
    closed_by: str | None
    created_at: dt.datetime
    updated_at: dt.datetime  # changes with every save: tells a reload whether someone else saved
