"""The printed forms, when the reports package provides them (imported only when used).

The buttons that print are shown only when the matching report module exists, so the
program never offers a form it cannot make.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import Any

from app.services.checklists import ChecklistItem
from app.services.workspace import Workspace
from app.ui.worker import Progress


def _available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def checklist_pdf_available() -> bool:
    return _available("app.reports.checklist_pdf")


def write_checklist_pdf(
    ws: Workspace,
    path: Path,
    items: list[ChecklistItem],
    sector_id: str,
    site_type_id: str | None,
    title: str,
    progress: Progress,
) -> Path:
    """Write the blank checklist PDF (runs in the worker thread)."""
    module: Any = importlib.import_module("app.reports.checklist_pdf")
    progress.report(0, 1)
    module.write_checklist(
        path,
        items,
        ws.catalog,
        sector_id=sector_id,
        site_type_id=site_type_id,
        title=title,
        overwrite=True,  # the save dialog already asked
    )
    progress.report(1, 1)
    return path
