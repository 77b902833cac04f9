"""企业名录: reading a list of units (one row per unit) and checking each row.

The columns are found by their heading (several usual spellings each); every problem is named
by row and column. Nothing here touches the database: duplicates against stored units are the
service's part (app.services.unit_directory).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.core import inputs, uscc
from app.core.errors import ValidationError

# field -> (the heading we write, other headings people use)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("单位名称", ("企业名称", "名称", "单位", "企业")),
    "uscc": ("统一社会信用代码", ("信用代码", "社会信用代码", "统一代码")),
    "address": ("地址", ("注册地址", "经营地址", "单位地址", "住所")),
    "principal": ("法定代表人/主要负责人", ("法定代表人", "主要负责人", "负责人", "法人代表", "法人")),
    "phone": ("联系电话", ("电话", "联系方式", "手机", "联系人电话")),
    "sector": ("行业", ("所属行业", "行业类别", "行业类型")),
    "area": ("所在地区", ("所属区域", "区域", "地区", "行政区划", "所属地区", "乡镇")),
}
REQUIRED = ("name",)
HEADINGS = [heading for heading, _other in COLUMNS.values()]


@dataclass
class RowProblem:
    row: int  # the row number as the spreadsheet shows it
    column: str  # the heading as written in the file ("" for the whole row)
    reason: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"“{self.column}”列" if self.column else "")
        return f"{where}：{self.reason}"


@dataclass
class DirectoryRow:
    row: int
    values: dict[str, Any]  # name, uscc, address, principal, phone, sector_id, industry, area_code
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _norm(text: object) -> str:
    return "".join(str(text or "").split()).replace("（", "(").replace("）", ")")


def find_columns(header: Sequence[object]) -> tuple[dict[str, int], list[str]]:
    """Which column holds each field; the headings not used. ValidationError if 单位名称 is missing."""
    found: dict[str, int] = {}
    names = [_norm(h) for h in header]
    for fld, (heading, others) in COLUMNS.items():
        for i, h in enumerate(names):
            if h and (h == _norm(heading) or h in {_norm(o) for o in others}) and i not in found.values():
                found[fld] = i
                break
    unused = [str(header[i]) for i, h in enumerate(names) if h and i not in found.values()]
    for fld in REQUIRED:
        if fld not in found:
            heading, others = COLUMNS[fld]
            raise ValidationError(
                "企业名录", f"第1行没有“{heading}”列（也可写作：{'、'.join(others)}）；第1行应为列标题"
            )
    return found, unused


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():  # a phone typed as a number in Excel
        value = int(value)
    return str(value).strip()


def _limited(value: str, column: str, key: str, row: DirectoryRow) -> str | None:
    limit = inputs.limit(key)
    if len(value) > limit:
        row.problems.append(RowProblem(row.row, column, f"内容过长（{len(value)}字，最多{limit}字）"))
    return value or None


def check_rows(
    header: Sequence[object],
    rows: Iterable[tuple[int, Sequence[object]]],
    sector_of: Callable[[str], str | None],
    area_of: Callable[[str], str],
) -> tuple[list[DirectoryRow], list[str]]:
    """Every non-empty row checked on its own; duplicate codes within the file are flagged too.

    `sector_of(text)` gives a catalog sector id (None: kept as free-text 行业); `area_of(text)`
    gives an area code or raises ValidationError.
    """
    cols, unused = find_columns(header)
    heading = {fld: str(header[i]) for fld, i in cols.items()}
    out: list[DirectoryRow] = []
    seen_codes: dict[str, int] = {}
    for number, raw in rows:
        cells = {fld: _cell_text(raw[i]) if i < len(raw) else "" for fld, i in cols.items()}
        if not any(cells.values()):
            continue  # blank lines between blocks
        r = DirectoryRow(number, {})
        problems = r.problems

        r.values["name"] = _limited(cells["name"], heading["name"], "unit.name", r)
        if not r.values["name"]:
            problems.append(RowProblem(number, heading["name"], "不能为空"))
        code = uscc.normalize(cells.get("uscc", ""))
        if code:
            why = uscc.problem(code)
            if why:
                problems.append(RowProblem(number, heading["uscc"], why))
            elif code in seen_codes:
                why = f"与第{seen_codes[code]}行重复（同一统一社会信用代码）"
                problems.append(RowProblem(number, heading["uscc"], why))
            else:
                seen_codes[code] = number
        r.values["uscc"] = code or None
        r.values["address"] = _limited(
            cells.get("address", ""), heading.get("address", ""), "unit.address", r
        )
        r.values["principal"] = _limited(
            cells.get("principal", ""), heading.get("principal", ""), "unit.principal", r
        )
        phone = cells.get("phone", "")
        why = inputs.phone_problem(phone)
        if why:
            problems.append(RowProblem(number, heading["phone"], why))
        r.values["phone"] = phone or None
        sector = cells.get("sector", "")
        r.values["sector_id"] = sector_of(sector) if sector else None
        r.values["industry"] = sector if sector and r.values["sector_id"] is None else None
        area = cells.get("area", "")
        r.values["area_code"] = None
        if area:
            try:
                r.values["area_code"] = area_of(area)
            except ValidationError as exc:
                problems.append(RowProblem(number, heading["area"], exc.detail))
        out.append(r)
    return out, unused
