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
    WIDTH,
    CheckBox,
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


def result_cell(st: Styles, chosen: str | None = None) -> list[Any]:
    return [CheckBox(label, label == chosen, st.font) for label in RESULTS]


def items_table(
    items: Sequence[ChecklistItem],
    st: Styles,
    results: Sequence[str | None] | None = None,
    notes: Sequence[str | None] | None = None,
    progress: Progress | None = None,
) -> Any:
    head = [Paragraph(h, st.head) for h in ("序号", "检查内容", "检查方法", "依据", "检查结果", "备注")]
    rows: list[list[Any]] = [head]
    extra: list[tuple[Any, ...]] = []
    group = None
    for i, it in enumerate(items):
        if it.group != group:
            group = it.group
            rows.append([Paragraph(f"<b>{esc(group)}</b>", st.cell), "", "", "", "", ""])
            r = len(rows) - 1
            extra += [
                ("SPAN", (0, r), (-1, r)),
                ("BACKGROUND", (0, r), (-1, r), colors.HexColor("#f4f4f4")),
                ("NOSPLIT", (0, r), (-1, r + 1)),  # a group heading never ends a page alone
            ]
        text = esc(it.text)
        if it.criteria:
            text += '<br/><font size="7.5" color="#b71c1c">【可能构成重大事故隐患】</font>'
        rows.append(
            [
                Paragraph(str(i + 1), st.head),
                Paragraph(text, st.cell),
                Paragraph(esc(it.methods), st.small),
                Paragraph(esc(it.basis), st.small),
                result_cell(st, results[i] if results else None),
                Paragraph(esc(notes[i]) if notes and notes[i] else "", st.small),
            ]
        )
        if progress and i % 50 == 0:
            progress(i, len(items))
    return grid_table(rows, COLS, extra=extra)


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
    st = Styles()
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
    out = write_pdf(Path(path), story, heading, overwrite, footer=f"共 {len(items)} 项")
    if progress:
        progress(len(items), len(items))
    return out
