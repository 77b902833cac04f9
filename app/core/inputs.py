"""Rules for what a user may type: dates in the forms people type, phone numbers, text limits.

The one place these rules live; services enforce them and the GUI shows them in the fields.
"""

from __future__ import annotations

import datetime as dt
import re

from app.core.errors import ValidationError

DATE_HINT = "如 2026-11-20、2026/11/20 或 20261120"
_DATE_SEPARATED = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def date_problem(text: str) -> str | None:
    """Why `text` is not a date we accept, or None (empty text is "no date")."""
    try:
        parse_date(text)
    except ValidationError as exc:
        return exc.detail
    return None


def parse_date(text: str, field: str = "日期") -> dt.date | None:
    """A typed date: 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日 or 20261120; "" is None."""
    text = text.strip()
    if not text:
        return None
    m = _DATE_SEPARATED.match(text) or _DATE_DIGITS.match(text)
    if m is None:
        raise ValidationError(field, f"“{text}”不是日期（{DATE_HINT}）")
    year, month, day = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValidationError(field, f"“{text}”不是有效日期（没有这一天）") from exc


# Phone numbers: a mobile (11 digits from 1), a landline with optional area code and extension,
# or several of them separated by 、/,;. Spaces and dashes as people write them.
PHONE_HINT = "如 13912345678 或 0356-1234567"
_PHONE_ONE = re.compile(r"^(?:1\d{10}|(?:0\d{2,3}-?)?\d{7,8}(?:-\d{1,6})?|400-?\d{3}-?\d{4}|\d{3,5})$")
_PHONE_SPLIT = re.compile(r"[、,，;；/]")
PHONE_MAX = 50


def phone_problem(text: str | None) -> str | None:
    """Why `text` is not one or more phone numbers, or None (empty is allowed)."""
    if text is None or not text.strip():
        return None
    if len(text.strip()) > PHONE_MAX:
        return f"内容过长（{len(text.strip())}字，最多{PHONE_MAX}字）"
    for part in _PHONE_SPLIT.split(text):
        number = part.strip().replace(" ", "").replace("（", "(").replace("）", ")")
        number = re.sub(r"^\((0\d{2,3})\)", r"\1-", number)
        if not number:
            continue
        if not _PHONE_ONE.match(number):
            return f"“{part.strip()}”不是电话号码（{PHONE_HINT}）"
    return None


def check_phone(field: str, text: str | None) -> str | None:
    """The stripped phone text, or ValidationError naming the field."""
    why = phone_problem(text)
    if why is not None:
        raise ValidationError(field, why)
    return text.strip() or None if text is not None else None


# Text limits in characters, by field; the GUI shows the count as the user types.
LIMITS: dict[str, int] = {
    "finding.title": 100,
    "finding.location": 300,
    "finding.responsible": 100,
    "finding.funds": 100,
    "finding.found_by": 100,
    "finding.closed_by": 100,
    "finding.accepted_by": 100,
    "finding.contact": 100,
    "finding.reported_dept": 200,
    "finding.reported_workers_how": 100,
    "finding.reported_workers_attendance": 200,
    "finding.supervised_by": 200,
    "finding.supervision_no": 100,
    "unit.name": 200,
    "unit.address": 300,
    "unit.principal": 50,
    "unit.phone": PHONE_MAX,
    "unit.industry": 100,
}
LONG_TEXT = 4000


def limit(key: str) -> int:
    return LIMITS.get(key, LONG_TEXT)
