"""企业名录 import and export: read an xlsx/csv list of units, check it, write only on confirmation.

`preview()` reads and checks every row and writes nothing; `apply()` adds the valid new units in
one transaction. A unit already stored (same 统一社会信用代码, or same name when the row has no
code) is counted as existing and left alone, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from app.core.errors import AnchaError, ValidationError
from app.core.unit_directory import HEADINGS, DirectoryRow, RowProblem, check_rows
from app.files import atomic_output
from app.services.workspace import Workspace
from app.storage.models import Unit

MAX_ROWS = 20000


@dataclass
class DirectoryPreview:
    path: Path
    new: list[DirectoryRow] = field(default_factory=list)  # valid and not stored yet
    existing: list[DirectoryRow] = field(default_factory=list)  # already stored: skipped
    bad: list[DirectoryRow] = field(default_factory=list)
    unused_columns: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[RowProblem]:
        return [p for r in self.bad for p in r.problems]

    def summary(self) -> str:
        text = f"共 {len(self.new) + len(self.existing) + len(self.bad)} 行：可导入 {len(self.new)} 个单位"
        if self.existing:
            text += f"，已登记 {len(self.existing)} 个（跳过）"
        if self.bad:
            text += f"，有问题 {len(self.bad)} 行（不导入）"
        if self.unused_columns:
            text += f"；未使用的列：{'、'.join(self.unused_columns)}"
        return text


def _read(path: Path) -> tuple[list[object], Iterator[tuple[int, Sequence[object]]]]:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise AnchaError(f"找不到文件：{path}")
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # a damaged or mis-named file
            raise AnchaError(f"无法读取 Excel 文件 {path.name}：{exc}") from exc
        sheet = wb.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header: list[object] = list(next(rows, ()) or ())
        return header, ((i, list(r)) for i, r in enumerate(rows, start=2))
    if suffix in (".csv", ".txt"):
        data = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise AnchaError(f"无法识别 {path.name} 的文字编码（请另存为 UTF-8 或 Excel 文件）")
        lines = list(csv.reader(text.splitlines()))
        head: list[object] = list(lines[0]) if lines else []
        return head, ((i, r) for i, r in enumerate(lines[1:], start=2))
    raise AnchaError(f"不支持的文件类型 {path.suffix or '（无扩展名）'}：请使用 .xlsx 或 .csv")


def preview(ws: Workspace, path: Path) -> DirectoryPreview:
    """Read and check every row; nothing is written."""
    from app.services import jurisdiction

    path = Path(path)
    header, rows = _read(path)
    if not any(h not in (None, "") for h in header):
        raise ValidationError("企业名录", f"{path.name} 第1行为空：第1行应为列标题（{'、'.join(HEADINGS)}）")
    sectors: dict[str, str] = {}
    for s in ws.catalog.sorted_sectors():
        sectors[s.name] = s.id
        sectors[s.id] = s.id
    areas = jurisdiction.areas(ws)

    def area_of(text: str) -> str:
        area = areas.resolve(text)
        if area.level not in ("county", "city"):
            raise ValidationError("所在地区", f"请填写县（市、区），而不是“{area.name}”")
        return area.code

    checked, unused = check_rows(header, rows, lambda t: sectors.get(t.strip()), area_of)
    if len(checked) > MAX_ROWS:
        raise ValidationError("企业名录", f"共{len(checked)}行，一次最多导入{MAX_ROWS}行，请分成几个文件")
    result = DirectoryPreview(path, unused_columns=unused)
    with ws.db.session() as session:
        codes = set(session.execute(select(Unit.uscc).where(Unit.uscc.is_not(None))).scalars())
        names_without_code = set(session.execute(select(Unit.name)).scalars())
    seen_names: set[str] = set()
    for r in checked:
        if not r.ok:
            result.bad.append(r)
            continue
        code, name = r.values["uscc"], r.values["name"]
        if (code and code in codes) or (not code and (name in names_without_code or name in seen_names)):
            result.existing.append(r)
            continue
        seen_names.add(name)
        result.new.append(r)
    return result


def apply(ws: Workspace, checked: DirectoryPreview) -> int:
    """Add the valid new units of a preview, all or none; returns how many were added."""
    from app.services import jurisdiction

    home = jurisdiction.get_code(ws)
    with ws.db.session() as s:
        codes = set(s.execute(select(Unit.uscc).where(Unit.uscc.is_not(None))).scalars())
        added = 0
        for r in checked.new:
            v = dict(r.values)
            if v["uscc"] and v["uscc"] in codes:  # stored since the preview (another user)
                continue
            v["area_code"] = v["area_code"] or home
            s.add(Unit(**v))
            added += 1
    return added


def export_units(ws: Workspace, path: Path, overwrite: bool = False) -> int:
    """Every unit as a 企业名录 workbook with the headings `preview` reads back."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from app.services import jurisdiction

    path = Path(path)
    if path.exists() and not overwrite:
        raise AnchaError(f"文件已存在：{path}（如需覆盖请使用 --force 或另选文件名）")
    sectors = {s.id: s.name for s in ws.catalog.sorted_sectors()}
    areas = jurisdiction.areas(ws)
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("企业名录")
    for letter, width in zip("ABCDEFG", (34, 22, 40, 16, 18, 12, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    from openpyxl.cell import WriteOnlyCell

    head = []
    for h in HEADINGS:
        c = WriteOnlyCell(sheet, value=h)
        c.font = Font(bold=True)
        head.append(c)
    sheet.append(head)
    n = 0
    with ws.db.session() as s:
        for u in s.execute(select(Unit).order_by(Unit.name)).scalars():
            area = areas.get(u.area_code) if u.area_code else None
            sector = sectors.get(u.sector_id or "", u.sector_id) if u.sector_id else u.industry
            place = area.name if area else None
            sheet.append([u.name, u.uscc, u.address, u.principal, u.phone, sector, place])
            n += 1
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return n
