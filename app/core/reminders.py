"""到期提醒: which hazards and documents need the inspector's attention soon (the daily list).

Three kinds, one rule each:
- 整改时限: an open hazard whose deadline is past or within N days;
- 复查: a 责令限期整改指令书 without a 整改复查意见书 once its last deadline is within N days or past
  (an order whose items are all 立即整改 is due from its issue date);
- 双报告: an open 重大事故隐患 missing one of the two report dates 销号 requires.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from app.core.findings import Level, Status

DEFAULT_DAYS = 7
DEADLINE, REVIEW, DUAL = "整改时限", "复查", "双报告"


@dataclass(frozen=True)
class Reminder:
    kind: str  # DEADLINE | REVIEW | DUAL
    day: dt.date | None  # the date it is about (deadline, review due, discovery for 双报告)
    unit: str
    what: str  # hazard title or 文书编号
    note: str  # 已逾期3天 / 还有2天 / 未填写向职工大会报告日期
    finding_id: uuid.UUID | None = None
    document_id: uuid.UUID | None = None
    overdue: bool = False  # the day is past (is_late), set where the note is written


def is_late(day: dt.date, today: dt.date) -> bool:
    """A deadline or a review date before today; the day itself is not late (as is_overdue)."""
    return day < today


def horizon(today: dt.date, days: int) -> dt.date:
    """The last day a reminder looks ahead to."""
    return today + dt.timedelta(days=max(0, days))


def timing(day: dt.date, today: dt.date) -> str:
    if is_late(day, today):
        return f"已逾期{(today - day).days}天"
    if day == today:
        return "今天到期"
    return f"还有{(day - today).days}天"


def deadline_due(status: str, deadline: dt.date | None, today: dt.date, days: int) -> bool:
    return status != Status.CLOSED and deadline is not None and deadline <= horizon(today, days)


def review_due_on(issued_on: dt.date, deadlines: Iterable[dt.date | None]) -> dt.date:
    """A review is due when the order's last deadline has come (immediate items: the issue date)."""
    days = [d for d in deadlines if d is not None]
    return max(days) if days else issued_on


def missing_reports(
    level: str, status: str, dept_on: dt.date | None, workers_on: dt.date | None
) -> list[str]:
    """The 双报告 dates an open major hazard still lacks."""
    if level != Level.MAJOR or status == Status.CLOSED:
        return []
    missing = []
    if dept_on is None:
        missing.append("向负有安全生产监督管理职责的部门报告日期")
    if workers_on is None:
        missing.append("向职工大会/职代会报告日期")
    return missing
