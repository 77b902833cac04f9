"""Dates in the screens: QDate conversions and the one display format."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate

DATE_FORMAT = "yyyy-MM-dd"


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def fmt_date(day: dt.date | None) -> str:
    return day.strftime("%Y-%m-%d") if day else ""
