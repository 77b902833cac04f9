"""统计: counts by sector, status and level; overdue; opened and closed per month."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from app.services.ledger import FindingFilter, conditions, overdue_clause
from app.services.workspace import Workspace
from app.storage.models import Finding


@dataclass
class Summary:
    by_key: Counter[tuple[str, str, str]]  # (sector, status, level) -> count
    overdue: Counter[str]  # sector -> overdue open findings
    opened: dict[str, int]  # "YYYY-MM" -> count
    closed: dict[str, int]

    def total(self) -> int:
        return sum(self.by_key.values())


def summary(ws: Workspace, flt: FindingFilter | None = None, months: int | None = None) -> Summary:
    """Counts for the filter; the monthly series cover the last `months` months (all if None)."""
    flt = flt or FindingFilter()
    today = flt.today or dt.date.today()
    conds = conditions(flt, ws)
    since = None
    if months:
        y, m = divmod(today.year * 12 + today.month - 1 - (months - 1), 12)
        since = dt.date(y, m + 1, 1)
    with ws.db.engine.connect() as conn:
        rows = conn.execute(
            select(Finding.sector_id, Finding.status, Finding.level, func.count())
            .where(*conds)
            .group_by(Finding.sector_id, Finding.status, Finding.level)
        ).all()
        overdue_rows = conn.execute(
            select(Finding.sector_id, func.count())
            .where(*conds, overdue_clause(today))
            .group_by(Finding.sector_id)
        ).all()
        month = func.substr(func.cast(Finding.found_on, type_=Finding.title.type), 1, 7)
        recent = [Finding.found_on >= since] if since else []
        opened = conn.execute(select(month, func.count()).where(*conds, *recent).group_by(month)).all()
        cmonth = func.substr(func.cast(Finding.closed_on, type_=Finding.title.type), 1, 7)
        closed = conn.execute(
            select(cmonth, func.count())
            .where(*conds, Finding.closed_on >= since if since else Finding.closed_on.is_not(None))
            .group_by(cmonth)
        ).all()
    return Summary(
        by_key=Counter({(s, st, lv): n for s, st, lv, n in rows}),
        overdue=Counter(dict(overdue_rows)),
        opened={m: n for m, n in opened if m},
        closed={m: n for m, n in closed if m},
    )
