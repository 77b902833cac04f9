"""The blank checklist (检查表) an inspector takes on site."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from app.core.catalog import Catalog
from app.core.checklist_item import ChecklistItem
from app.reports.pdf_base import (
    PAD,
    WIDTH,
    CheckColumn,
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

COLS = [10 * mm, 62 * mm, 17 * mm, 42 * mm, 19 * mm]
COLS.append(WIDTH - sum(COLS))  # 备注
RESULTS = ("符合", "不符合", "不适用")
HEADS = ("序号", "检查内容", "检查方法", "依据", "检查结果", "备注")


def result_cell(st: Styles, chosen: str | None = None) -> list[Any]:
    return [CheckColumn(RESULTS, chosen, st.font)]


def items_table(
    items: Sequence[ChecklistItem],
    st: Styles,
    results: Sequence[str | None] | None = None,
    notes: Sequence[str | None] | None = None,
    progress: Progress | None = None,
) -> Any:
    head = [st.lines(h, st.head, w - 2 * PAD) or Para(h, st.head) for h, w in zip(HEADS, COLS, strict=True)]
    rows: list[list[Any]] = [head]
    extra: list[tuple[Any, ...]] = []
    group = None
    for i, it in enumerate(items):
        if it.group != group:
            group = it.group
            rows.append([Para(f"<b>{esc(group)}</b>", st.cell), "", "", "", "", ""])
            r = len(rows) - 1
            extra += [
                ("SPAN", (0, r), (-1, r)),
                ("BACKGROUND", (0, r), (-1, r), colors.HexColor("#f4f4f4")),
                ("NOSPLIT", (0, r), (-1, r + 1)),  # a group heading never ends a page alone
            ]
        rows.append(_item_row(i + 1, it, st, results[i] if results else None, notes[i] if notes else None))
        if progress and i % 50 == 0:
            progress(i, len(items))
    extra += [  # for the cells held as plain lines (see _item_row)
        ("FONT", (0, 0), (-1, 0), st.font, st.head.fontSize, st.head.leading),
        ("ALIGNMENT", (0, 0), (-1, 0), "CENTER"),
        ("FONT", (0, 1), (1, -1), st.font, st.cell.fontSize, st.cell.leading),
        ("ALIGNMENT", (0, 1), (0, -1), "CENTER"),
        ("FONT", (2, 1), (-1, -1), st.font, st.small.fontSize, st.small.leading),
    ]
    return grid_table(rows, COLS, extra=extra)


MAJOR_MARK = '<br/><font size="7.5" color="#b71c1c">【可能构成重大事故隐患】</font>'


def _item_row(no: int, it: ChecklistItem, st: Styles, chosen: str | None, note: str | None) -> list[Any]:
    """One item's row. Its short plain texts are held as their lines, already broken where a
    Paragraph would break them (see pdf_base.form_table); a row with a long text keeps Paragraphs,
    so that it can continue overleaf."""
    texts = (str(no), it.text, it.methods, it.basis, note or "")
    styles = (st.head, st.cell, st.small, st.small, st.small)
    widths = [COLS[c] - 2 * PAD for c in (0, 1, 2, 3, 5)]  # 4: the check boxes
    lines = [st.lines(t, s, w) if t else "" for t, s, w in zip(texts, styles, widths, strict=True)]
    cells: list[Any] = lines
    if any(x is None for x in lines):
        cells = [Para(esc(t), s) for t, s in zip(texts, styles, strict=True)]
    if it.criteria:
        cells[1] = Para(esc(it.text) + MAJOR_MARK, st.cell)
    return [*cells[:4], result_cell(st, chosen), cells[4]]


def write_checklist(
    path: Path,
    items: Sequence[ChecklistItem],
    catalog: Catalog | None = None,
    *,
    sector_id: str | None = None,
    site_type_id: str | None = None,
    title: str | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> Path:
    """Write the blank checklist for `items` to `path`."""
    heading, story = checklist_story(items, Styles(), catalog, sector_id, site_type_id, title, progress)
    out = write_pdf(Path(path), story, heading, overwrite, footer=f"共 {len(items)} 项")
    if progress:
        progress(len(items), len(items))
    return out


def checklist_story(
    items: Sequence[ChecklistItem],
    st: Styles,
    catalog: Catalog | None = None,
    sector_id: str | None = None,
    site_type_id: str | None = None,
    title: str | None = None,
    progress: Progress | None = None,
) -> tuple[str, list[Any]]:
    """The checklist's heading and story."""
    sector = catalog.sectors[sector_id].name if catalog and sector_id in catalog.sectors else ""
    site = catalog.site_types[site_type_id].name if catalog and site_type_id in catalog.site_types else ""
    heading = title or f"{sector}安全生产检查表"
    sub = "　".join(
        x for x in (f"行业：{sector}" if sector else "", f"场所类型：{site}" if site else "") if x
    )
    story: list[Any] = [Paragraph(esc(heading), st.title)]
    if sub:
        story.append(Paragraph(esc(sub), st.subtitle))
    story += [
        spacer(3),
        form_table(
            [("被检查单位", None), ("地址", None), ("检查日期", "______年____月____日"), ("检查人员", None)],
            st,
        ),
        spacer(3),
        items_table(items, st, progress=progress),
        spacer(3),
        Paragraph(
            "说明：在“检查结果”栏勾选；不符合项在备注栏写明具体问题和部位。"
            "标注【可能构成重大事故隐患】的项目不符合时，应对照判定标准确认。",
            st.small,
        ),
        spacer(4),
        signature_lines(["检查人员", "被检查单位负责人"], st),
    ]
    return heading, story
