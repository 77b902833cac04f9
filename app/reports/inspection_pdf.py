"""现场检查记录 filled in: every item's result and note, the findings, photos."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph

from app.reports.checklist_pdf import items_table
from app.reports.pdf_base import (
    Para,
    Progress,
    Styles,
    esc,
    form_table,
    grid_table,
    signature_lines,
    spacer,
    write_pdf,
)
from app.reports.print_images import print_copy
from app.reports.views import InspectionView

THUMB = 40 * mm


def _photo_cells(v: InspectionView, st: Styles) -> list[Any]:
    cells: list[Any] = []
    for ph in v.photos:
        text = f"{ph.caption}\n{ph.taken}" if ph.taken else ph.caption
        # one Paragraph a line of the caption, each wrapped once, though the table asks on each
        # page it tries (a Paragraph with a line break in it is several times slower to wrap)
        caption = [Para(esc(line), st.small) for line in text.split("\n")]
        if ph.path is None:
            why = ph.problem or "照片文件缺失"
            cells.append([Paragraph(f"{esc(why)}：{esc(ph.missing_name)}", st.small), *caption])
            continue
        try:
            pic = print_copy(ph.path, THUMB)
        except (OSError, ValueError, SyntaxError):  # unreadable now: say so, print the rest
            cells.append([Paragraph(f"照片文件无法读取：{esc(ph.path.name)}", st.small), *caption])
            continue
        scale = min(THUMB / pic.width, THUMB / pic.height)
        cells.append([Image(pic.data, width=pic.width * scale, height=pic.height * scale), *caption])
    return cells


def inspection_story(v: InspectionView, st: Styles, progress: Progress | None = None) -> list[Any]:
    u = v.unit
    counts = v.counts
    story: list[Any] = [
        Paragraph("现场检查记录", st.title),
        Paragraph(esc("　".join(x for x in (v.sector, v.site) if x)), st.subtitle),
        spacer(3),
        form_table(
            [
                ("被检查单位", u.name),
                ("统一社会信用代码", u.uscc),
                ("地址", u.address),
                ("主要负责人", u.principal),
                ("联系电话", u.phone),
                ("检查场所", v.place),
                ("检查日期", f"{v.date.year}年{v.date.month}月{v.date.day}日"),
                ("检查人员", "、".join(v.inspectors)),
            ],
            st,
            label_w=33 * mm,  # fits 统一社会信用代码 on one line
        ),
        spacer(2),
        Paragraph(
            esc(f"共 {len(v.items)} 项：" + "，".join(f"{label} {n}" for label, n in counts.items())),
            st.body,
        ),
        spacer(2),
        items_table(v.items, st, v.results, v.notes, progress),
    ]
    if v.findings:
        rows: list[list[Any]] = [
            [Paragraph(h, st.head) for h in ("序号", "隐患", "级别", "整改时限", "状态")]
        ]
        for i, f in enumerate(v.findings, start=1):
            rows.append(
                [
                    Paragraph(str(i), st.head),
                    Paragraph(esc(f.title), st.cell),
                    Paragraph(f'<font color="#b71c1c">{f.level}</font>' if f.major else f.level, st.cell),
                    Paragraph(esc(f.deadline), st.cell),
                    Paragraph(esc(f.status), st.cell),
                ]
            )
        story += [
            spacer(3),
            Paragraph("<b>发现的隐患</b>", st.body),
            spacer(1),
            grid_table(rows, [10 * mm, 100 * mm, 26 * mm, 24 * mm, 20 * mm]),
        ]
    cells = _photo_cells(v, st)
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


def render_inspection(
    v: InspectionView, path: Path, overwrite: bool = False, progress: Progress | None = None
) -> Path:
    return write_pdf(
        Path(path), inspection_story(v, Styles(), progress), "现场检查记录", overwrite, footer=v.unit.name
    )
