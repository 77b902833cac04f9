"""Rules written once in core and used the same way by the ledger, the statistics and the exports."""

from __future__ import annotations

import datetime as dt

from app.core.findings import OPEN_STATUSES, Status, is_overdue
from app.services import ledger, stats
from app.services.ledger import FindingFilter
from app.services.workspace import Workspace


def test_overdue_is_open_and_past_the_deadline() -> None:
    today = dt.date(2025, 6, 10)
    assert is_overdue("pending", dt.date(2025, 6, 9), today)
    assert not is_overdue("pending", today, today)  # the deadline day itself is not late
    assert not is_overdue("closed", dt.date(2025, 1, 1), today)
    assert not is_overdue("awaiting", None, today)
    assert Status.CLOSED not in OPEN_STATUSES and len(OPEN_STATUSES) == len(Status) - 1


def test_ledger_statistics_and_rows_agree_on_overdue(demo_ws: Workspace) -> None:
    for today in (dt.date(2025, 3, 1), dt.date.today(), dt.date.today() + dt.timedelta(days=400)):
        everything = FindingFilter(today=today)
        rows = ledger.page(demo_ws, everything, 0, 10_000)
        by_rule = sum(1 for r in rows if r.overdue(today))
        assert ledger.count(demo_ws, FindingFilter(today=today, overdue=True)) == by_rule
        assert sum(stats.summary(demo_ws, everything).overdue.values()) == by_rule
    assert by_rule > 0  # far in the future every open finding with a deadline is late
