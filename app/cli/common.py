"""Helpers shared by command modules."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.services.workspace import Workspace


def workspace(args: argparse.Namespace) -> Workspace:
    from app.services.workspace import Workspace

    return Workspace(getattr(args, "db", None))


def iso_date(text: str) -> dt.date:
    """An argparse type: a date written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为YYYY-MM-DD：{text}") from exc


def table(rows: list[list[str]], headers: list[str]) -> str:
    """A plain text table; CJK characters count as two columns."""

    def width(s: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    cols = list(zip(headers, *rows, strict=False)) if rows else [(h,) for h in headers]
    widths = [max(width(str(c)) for c in col) for col in cols]

    def line(cells: list[str]) -> str:
        return "  ".join(
            str(c) + " " * (w - width(str(c))) for c, w in zip(cells, widths, strict=False)
        ).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    return "\n".join(out)
