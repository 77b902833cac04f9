"""The findings ledger workbook: the service streams rows and counts, the renderer writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from app.core.findings import Level, Status
from app.reports.pdf_base import Progress
from app.reports.views import LedgerExport, SummaryRow
from app.services import ledger, stats
from app.services.ledger import FindingFilter
from app.services.workspace import Workspace


def ledger_export(ws: Workspace, flt: FindingFilter) -> LedgerExport:
    sectors = {s.id: s.name for s in ws.catalog.sorted_sectors(include_common=True)}
    s = stats.summary(ws, flt)
    rows: list[SummaryRow] = []
    # sectors of the catalog in its order, then any sector a finding holds that the catalog lacks
    names = dict(sectors)
    for sec_id in sorted({k[0] for k in s.by_key} - set(names)):
        names[sec_id] = sec_id
    for sec_id, sec_name in names.items():
        for lv in Level:
            counts = [s.by_key.get((sec_id, st.value, lv.value), 0) for st in Status]
            if not any(counts):
                continue
            overdue = (
                ledger.count(ws, replace(flt, sector_id=sec_id, level=lv.value, overdue=True))
                if s.overdue.get(sec_id)
                else 0
            )
            rows.append(SummaryRow(sec_name, lv.label, counts, overdue))
    return LedgerExport(
        keys=ledger.EXPORT_KEYS,
        rows=ledger.iter_export_rows(ws, flt),
        total=ledger.count(ws, flt),
        today=flt.today or dt.date.today(),
        sectors=sectors,
        summary=rows,
        status_totals=[sum(n for (_, st2, _), n in s.by_key.items() if st2 == st.value) for st in Status],
        overdue_total=sum(s.overdue.values()),
        filter_text=flt.describe(),
    )


def write_findings(
    ws: Workspace, flt: FindingFilter, path: Path, overwrite: bool = False, progress: Progress | None = None
) -> int:
    """Write every finding matching `flt` to an Excel workbook; returns the number of rows."""
    from app.reports.findings_xlsx import render_findings

    return render_findings(ledger_export(ws, flt), path, overwrite, progress)
