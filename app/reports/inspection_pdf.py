"""现场检查记录 filled in: every item's result and note, the findings, photos."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph

from app.core.findings import Level, Status
from app.core.inspections import Result
from app.reports.checklist_pdf import items_table
from app.reports.pdf_base import (
    Progress,
    Styles,
    esc,
    form_table,
    grid_table,
    signature_lines,
    spacer,
    write_pdf,
)
from app.services import inspections, photos
from app.services.checklists import ChecklistItem
from app.services.workspace import Workspace

THUMB = 40 * mm


def _photo_cells(ws: Workspace, inspection_id: uuid.UUID, st: Styles) -> list[Any]:
    cells: list[Any] = []
    insp = inspections.get_inspection(ws, inspection_id)
    for ii in insp.items:
        for p in photos.photos_of_item(ws, ii.id):
            path = photos.photo_path(ws, p)
            caption = Paragraph(f"第{ii.position}项：{esc(ii.text[:30])}", st.small)
            if not path.is_file():
                cells.append(
                    [Paragraph(f"照片文件缺失：{esc(p.original_name or p.file_name)}", st.small), caption]
                )
                continue
            w, h = (p.width or 4), (p.height or 3)
            scale = min(THUMB / w, THUMB / h)
            cells.append([Image(str(path), width=w * scale, height=h * scale), caption])
    return cells


def inspection_story(
    ws: Workspace, inspection_id: uuid.UUID, st: Styles, progress: Progress | None = None
) -> list[Any]:
    insp = inspections.get_inspection(ws, inspection_id)
    u = insp.unit
    cat = ws.catalog
    sector = cat.sectors[insp.sector_id].name if insp.sector_id in cat.sectors else insp.sector_id
    site = cat.site_types[insp.site_type_id].name if insp.site_type_id in cat.site_types else ""
    items = [
        ChecklistItem(
            text=ii.text,
            group=ii.group or "其他",
            methods=ii.methods or "",
            basis=ii.basis or "",
            item_id=ii.item_id,
            criteria=list(ii.criteria),
        )
        for ii in insp.items
    ]
    results = [Result(ii.result).label if ii.result != Result.UNCHECKED.value else None for ii in insp.items]
    counts = {r: sum(1 for ii in insp.items if ii.result == r.value) for r in Result}
    story: list[Any] = [
        Paragraph("现场检查记录", st.title),
        Paragraph(esc("　".join(x for x in (sector, site) if x)), st.subtitle),
        spacer(3),
        form_table(
            [
                ("被检查单位", u.name),
                ("统一社会信用代码", u.uscc),
                ("地址", u.address),
                ("主要负责人", u.principal),
                ("联系电话", u.phone),
                ("检查场所", insp.place),
                ("检查日期", f"{insp.date.year}年{insp.date.month}月{insp.date.day}日"),
                ("检查人员", "、".join(insp.inspectors)),
            ],
            st,
            label_w=33 * mm,  # fits 统一社会信用代码 on one line
        ),
        spacer(2),
        Paragraph(
            esc(
                f"共 {len(items)} 项：符合 {counts[Result.PASS]}，不符合 {counts[Result.FAIL]}，"
                f"不适用 {counts[Result.NA]}，未检查 {counts[Result.UNCHECKED]}"
            ),
            st.body,
        ),
        spacer(2),
        items_table(items, st, results, [ii.note for ii in insp.items], progress),
    ]
    found = inspections.findings_of(ws, inspection_id)
    if found:
        rows: list[list[Any]] = [
            [Paragraph(h, st.head) for h in ("序号", "隐患", "级别", "整改时限", "状态")]
        ]
        for i, f in enumerate(found, start=1):
            level = Level(f.level).label
            rows.append(
                [
                    Paragraph(str(i), st.head),
                    Paragraph(esc(f.title), st.cell),
                    Paragraph(
                        f'<font color="#b71c1c">{level}</font>' if f.level == Level.MAJOR.value else level,
                        st.cell,
                    ),
                    Paragraph(f.deadline.isoformat() if f.deadline else "", st.cell),
                    Paragraph(Status(f.status).label, st.cell),
                ]
            )
        story += [
            spacer(3),
            Paragraph("<b>发现的隐患</b>", st.body),
            spacer(1),
            grid_table(rows, [10 * mm, 100 * mm, 26 * mm, 24 * mm, 20 * mm]),
        ]
    cells = _photo_cells(ws, inspection_id, st)
    if cells:
        grid = [cells[i : i + 4] for i in range(0, len(cells), 4)]
        grid[-1] += [""] * (4 - len(grid[-1]))
        story += [
            spacer(3),
            Paragraph("<b>现场照片</b>", st.body),
            spacer(1),
            grid_table(grid, [45 * mm] * 4, header_rows=0),
        ]
    story += [spacer(4), signature_lines(["检查人员", "被检查单位现场负责人"], st)]
    return story


def write_inspection(
    ws: Workspace,
    inspection_id: uuid.UUID,
    path: Path,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> Path:
    st = Styles()
    insp = inspections.get_inspection(ws, inspection_id)
    return write_pdf(
        Path(path),
        inspection_story(ws, inspection_id, st, progress),
        "现场检查记录",
        overwrite,
        footer=insp.unit.name,
    )
