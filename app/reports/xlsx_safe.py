"""Text that looks like a formula stays text in a workbook.

openpyxl stores any string starting with "=" as a live formula, and Excel evaluates "+", "-"
and "@" openings when a cell is edited. A finding's title or an imported template could then
run `=cmd|' /C calc'!A0` on the reader's machine. Such cells are written as strings with
Excel's quote prefix (the leading apostrophe a user would type).
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell import WriteOnlyCell

from app.core.validation import FORMULA_START, strip_controls


def risky(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def as_text(cell: Any) -> None:  # a Cell or a write-only cell
    """Make a cell holding formula-like text a plain text cell."""
    if risky(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def safe_value(sheet: Any, value: object) -> object:
    """For a write-only sheet: a cell for risky text, the plain value otherwise."""
    if isinstance(value, str):
        value = strip_controls(value)  # an old row may still hold a control character
        if risky(value):
            c = WriteOnlyCell(sheet, value=value)
            as_text(c)
            return c
    return value


def safe_row(sheet: Any, row: list[object]) -> list[object]:
    return [safe_value(sheet, v) for v in row]
