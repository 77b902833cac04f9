"""The 文书台账 (register of issued document numbers) as an Excel workbook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from app.files import atomic_output

COLUMNS = [
    ("文书编号", 30),
    ("文书种类", 22),
    ("年度", 7),
    ("序号", 7),
    ("日期", 12),
    ("被检查单位", 32),
    ("经办人", 14),
]


class Entry(Protocol):
    """What a register line must offer (read-only, so frozen dataclasses fit)."""

    @property
    def number(self) -> str: ...
    @property
    def kind_label(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def seq(self) -> int: ...
    @property
    def issued_on(self) -> dt.date: ...
    @property
    def unit_name(self) -> str: ...
    @property
    def issued_by(self) -> str: ...


def write_register(entries: Sequence[Entry], path: Path, title: str, overwrite: bool = True) -> Path:
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("文书台账")
    for i, (_name, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    head = WriteOnlyCell(sheet, value=title)
    head.font = Font(bold=True, size=14)
    sheet.append([head])
    cells = []
    for name, _w in COLUMNS:
        c = WriteOnlyCell(sheet, value=name)
        c.font = Font(bold=True)
        cells.append(c)
    sheet.append(cells)
    for e in entries:
        sheet.append([e.number, e.kind_label, e.year, e.seq, e.issued_on, e.unit_name, e.issued_by])
    sheet.append([f"共 {len(entries)} 份"])
    with atomic_output(path, overwrite) as tmp:
        wb.save(tmp)
    return path
