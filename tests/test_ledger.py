from __future__ import annotations

import datetime as dt

from app.core.findings import Action, Level
from app.services import findings, ledger, stats, units
from app.services.workspace import Workspace
from tests.helpers import ws_fixture  # noqa: F401 - fixture

D = dt.date(2025, 3, 1)


def _fill(ws: Workspace) -> None:
    a = units.create_unit(ws, units.UnitInput(name="甲燃气公司"))
    b = units.create_unit(ws, units.UnitInput(name="乙饭店"))
    for i in range(30):
        u = a if i % 2 else b
        f = findings.create_finding(
            ws,
            findings.FindingInput(
                unit_id=u.id,
                sector_id="gas" if i % 3 else "fire",
                title=f"隐患{i:02d}" + ("瓦斯超限" if i % 5 == 0 else ""),
                found_on=D + dt.timedelta(days=i),
                level=Level.MAJOR if i % 7 == 0 else Level.GENERAL,
                extra={"deadline": D + dt.timedelta(days=i + 10)},
            ),
        )
        if i % 4 == 0:
            findings.transition(ws, f.id, Action.START)


def test_filters_sort_and_pages(ws: Workspace) -> None:
    _fill(ws)
    today = D + dt.timedelta(days=25)
    every = ledger.FindingFilter(today=today)
    assert ledger.count(ws, every) == 30
    assert ledger.count(ws, ledger.FindingFilter(sector_id="fire")) == 10
    assert ledger.count(ws, ledger.FindingFilter(level="major")) == 5
    assert ledger.count(ws, ledger.FindingFilter(status="in_progress")) == 8
    assert ledger.count(ws, ledger.FindingFilter(text="瓦斯")) == 6
    assert ledger.count(ws, ledger.FindingFilter(text="乙饭店 瓦斯")) == 3
    overdue = ledger.FindingFilter(overdue=True, today=today)
    assert ledger.count(ws, overdue) == 15  # deadlines D+10 .. D+24 are past
    # pages read forwards and backwards agree with one full read
    full = ledger.page(ws, every, 0, 100, sort="unit", descending=False)
    assert [r.unit for r in full[:15]] == ["乙饭店"] * 15 or [r.unit for r in full[:15]] == [
        "甲燃气公司"
    ] * 15
    pages = [ledger.page(ws, every, o, 7, sort="unit", descending=False, total=30) for o in range(0, 30, 7)]
    assert [r.id for p in pages for r in p] == [r.id for r in full]
    # renaming a unit shows in the ledger
    a = units.list_units(ws, "甲燃气")[0]
    units.update_unit(ws, a.id, units.UnitInput(name="甲燃气有限公司"))
    assert ledger.count(ws, ledger.FindingFilter(text="有限公司")) == 15


def test_summary_counts(ws: Workspace) -> None:
    _fill(ws)
    s = stats.summary(ws, ledger.FindingFilter(today=D + dt.timedelta(days=25)))
    assert s.total() == 30
    assert sum(n for (sec, _st, _lv), n in s.by_key.items() if sec == "fire") == 10
    assert sum(s.overdue.values()) == 15
    assert sum(s.opened.values()) == 30


def test_monthly_series_window(ws: Workspace) -> None:
    _fill(ws)  # found on 2025-03-01 .. 2025-03-30
    flt = ledger.FindingFilter(today=dt.date(2025, 4, 15))
    assert stats.summary(ws, flt, months=2).opened == {"2025-03": 30}
    assert stats.summary(ws, flt, months=1).opened == {}
