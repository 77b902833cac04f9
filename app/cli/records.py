"""Shared pieces of the record commands (units, inspections, findings): lookups and output."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from app.cli.common import table
from app.core.errors import AnchaError

if TYPE_CHECKING:
    from app.services.lookup import Kind
    from app.services.workspace import Workspace


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def row_dict(obj: Any, fields: Sequence[str]) -> dict[str, Any]:
    """The named attributes of a row (ORM object or dataclass) as JSON-ready values."""
    if dataclasses.is_dataclass(obj) and not fields:
        return {k: _plain(v) for k, v in dataclasses.asdict(obj).items()}  # type: ignore[arg-type]
    return {name: _plain(getattr(obj, name, None)) for name in fields}


def emit(
    as_json: bool,
    records: list[dict[str, Any]],
    headers: Sequence[tuple[str, str]],
    empty: str = "（无记录）",
) -> None:
    """Print `records` as JSON (one array) or as a text table of `headers` (key, 中文列名)."""
    if as_json:
        print(json.dumps(records, ensure_ascii=False, indent=1))
        return
    if not records:
        print(empty)
        return
    rows = [["" if r.get(k) is None else str(r.get(k)) for k, _ in headers] for r in records]
    print(table(rows, [label for _, label in headers]))


def emit_one(as_json: bool, record: dict[str, Any], labels: dict[str, str] | None = None) -> None:
    if as_json:
        print(json.dumps(record, ensure_ascii=False, indent=1))
        return
    labels = labels or {}
    for key, value in record.items():
        if value not in (None, "", [], {}):
            print(f"{labels.get(key, key)}：{value}")


def resolve(ws: Workspace, kind: Kind, prefix: str, what: str) -> uuid.UUID:
    """A record's full id from a unique prefix of its id (services.lookup)."""
    from app.services import lookup

    return lookup.by_prefix(ws, kind, prefix, what)


def resolve_unit(ws: Workspace, key: str) -> uuid.UUID:
    """A unit by its 统一社会信用代码, its exact name, or a prefix of its id."""
    from app.services import lookup

    return lookup.unit_id(ws, key)


def choice(value: str, options: dict[str, str], what: str) -> str:
    """A code from its code or its Chinese label (`options`: code -> label)."""
    text = value.strip()
    if text in options:
        return text
    for code, label in options.items():
        if text == label:
            return code
    allowed = "、".join(f"{label}（{code}）" for code, label in options.items())
    raise AnchaError(f"未知的{what}“{value}”，可用：{allowed}")


def pairs(values: Sequence[str] | None) -> dict[str, str]:
    """`FIELD=VALUE` arguments as a dict."""
    out: dict[str, str] = {}
    for text in values or []:
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise AnchaError(f"应写为 字段=值：{text}")
        out[name.strip()] = value.strip()
    return out
