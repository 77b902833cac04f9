"""Checklist templates through Excel: export, edit in Excel, import back as a new template."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from app.core.checklist_item import ChecklistItem
from app.core.errors import AnchaError
from app.core.inspections import METHODS
from app.core.validation import strip_controls
from app.files import atomic_output
from app.reports.xlsx_safe import as_text

SHEET = "检查项目"
HEADERS = ["序号", "分组", "检查内容", "检查方法", "依据", "编号", "关联判定标准"]
MAX_ROWS = 5000
MAX_UNCOMPRESSED = 50 * 1024 * 1024  # a checklist workbook is small; refuse archive bombs


@dataclass
class ImportedChecklist:
    name: str
    sector_id: str | None
    site_type_id: str | None
    items: list[ChecklistItem]


def export_template(
    path: Path,
    name: str,
    sector_id: str | None,
    site_type_id: str | None,
    items: list[ChecklistItem],
    overwrite: bool = False,
) -> Path:
    path = Path(path)
    if path.exists() and not overwrite:
        raise AnchaError(f"文件已存在：{path}（如需覆盖请使用 --force 或另选文件名）")
    wb = Workbook()
    sheet = wb.create_sheet(SHEET, 0)
    wb.remove(wb.worksheets[1])
    sheet.append(HEADERS)
    for c in sheet[1]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDE6F0")
    for i, it in enumerate(items, 1):
        sheet.append([i, it.group, it.text, it.methods, it.basis, it.item_id or "", "、".join(it.criteria)])
        for c in sheet[sheet.max_row]:
            as_text(c)
    for col, w in zip("ABCDEFG", (6, 16, 60, 16, 40, 12, 20), strict=True):
        sheet.column_dimensions[col].width = w
    for row in sheet.iter_rows(min_row=2):
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    info = wb.create_sheet("说明")
    for row in (
        ["模板名称", name],
        ["行业", sector_id or ""],
        ["场所类型", site_type_id or ""],
        [
            "说明",
            "可在“检查项目”表中修改、增删、调整顺序；检查内容不能为空；检查方法用“、”分隔，"
            "可用：" + "、".join(METHODS) + "。编号为空的行视为自定义项目。",
        ],
    ):
        info.append(row)
    info.column_dimensions["A"].width = 12
    info.column_dimensions["B"].width = 80
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return path


def _check_archive(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            total = sum(i.file_size for i in z.infolist())
            if total > MAX_UNCOMPRESSED:
                raise AnchaError(f"{path.name}：解压后过大（{total // 1048576} MB），拒绝导入")
            if any(i.filename.startswith("/") or ".." in i.filename.split("/") for i in z.infolist()):
                raise AnchaError(f"{path.name}：压缩包内含有非法路径，拒绝导入")
    except zipfile.BadZipFile as exc:
        raise AnchaError(f"{path.name} 不是有效的 Excel 工作簿（.xlsx）") from exc


def import_template(path: Path, name: str | None = None) -> ImportedChecklist:
    """Read a workbook written by export_template (and edited); every bad row is reported."""
    path = Path(path)
    if not path.is_file():
        raise AnchaError(f"文件不存在：{path}")
    _check_archive(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise AnchaError(f"{path.name} 无法读取：{exc}") from exc
    except Exception as exc:  # defusedxml refuses entity tricks with its own errors
        raise AnchaError(f"{path.name} 含有不安全或损坏的内容，拒绝导入：{type(exc).__name__}") from exc
    try:
        if SHEET not in wb.sheetnames:
            raise AnchaError(f"{path.name}：缺少工作表“{SHEET}”")
        meta: dict[str, str] = {}
        if "说明" in wb.sheetnames:
            for row in wb["说明"].iter_rows(max_row=10, values_only=True):
                if row and row[0]:
                    meta[str(row[0])] = "" if len(row) < 2 or row[1] is None else str(row[1])
        rows = wb[SHEET].iter_rows(values_only=True)
        head = [str(c or "").strip() for c in next(rows, [])]
        if head[: len(HEADERS)] != HEADERS[: len(head[: len(HEADERS)])] or "检查内容" not in head:
            raise AnchaError(f"工作表“{SHEET}”第1行应为表头：{'、'.join(HEADERS)}")
        col = {h: head.index(h) for h in HEADERS if h in head}
        problems: list[str] = []
        items: list[ChecklistItem] = []
        for r, row in enumerate(rows, start=2):
            if r > MAX_ROWS + 1:
                problems.append(f"工作表“{SHEET}”：超过{MAX_ROWS}行，其余未读取")
                break
            if row is None or all(v is None or str(v).strip() == "" for v in row):
                continue

            def cell(h: str, row: tuple[object, ...] = row) -> str:
                i = col.get(h)
                v = row[i] if i is not None and i < len(row) else None
                return "" if v is None else strip_controls(str(v)).strip()

            text = cell("检查内容")
            letter = "ABCDEFG"[col["检查内容"]]
            if not text:
                problems.append(f"工作表“{SHEET}”第{r}行{letter}列：检查内容为空")
                continue
            if len(text) > 1000:
                problems.append(f"工作表“{SHEET}”第{r}行{letter}列：检查内容过长（{len(text)}字）")
                continue
            methods = [m for m in cell("检查方法").replace("，", "、").replace(",", "、").split("、") if m]
            bad = [m for m in methods if m not in METHODS]
            if bad:
                letter = "ABCDEFG"[col.get("检查方法", 3)]
                problems.append(f"工作表“{SHEET}”第{r}行{letter}列：未知的检查方法“{'、'.join(bad)}”")
                continue
            crit = [c for c in cell("关联判定标准").split("、") if c]
            items.append(
                ChecklistItem(
                    text=text,
                    group=cell("分组") or "其他",
                    methods="、".join(methods),
                    basis=cell("依据"),
                    item_id=cell("编号") or None,
                    criteria=crit,
                )
            )
        if problems:
            raise AnchaError(f"{path.name} 有 {len(problems)} 处错误：" + "；".join(problems[:20]))
        if not items:
            raise AnchaError(f"{path.name}：没有检查项目")
        return ImportedChecklist(
            name or meta.get("模板名称") or path.stem,
            meta.get("行业") or None,
            meta.get("场所类型") or None,
            items,
        )
    finally:
        wb.close()
