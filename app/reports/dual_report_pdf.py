"""双报告: a major hazard reported to the supervising department and to the workers,
plus the 整改验收/销号 record."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer

from app.core.errors import AnchaError
from app.core.findings import Discovery, Level, Status
from app.reports.pdf_base import (
    Progress,
    Styles,
    boxes,
    esc,
    form_table,
    grid_table,
    spacer,
    write_pdf,
)
from app.services.findings import get_finding
from app.services.workspace import Workspace
from app.storage.models import Finding

LABEL_W = 33 * mm  # fits 统一社会信用代码 on one line


def _d(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _basis(f: Finding) -> str:
    if f.criterion and f.criterion.get("text"):
        return str(f.criterion["text"])
    return f.basis or ""


def _common(f: Finding, st: Styles) -> list[Any]:
    u = f.unit
    five = [
        [
            Paragraph(h, st.head)
            for h in ("整改措施", "责任人", "整改资金", "整改时限", "应急预案/临时管控措施")
        ],
        [
            # a blank cell leaves room to fill it in by hand
            Paragraph(esc(v), st.cell) if v else Spacer(1, 16 * mm)
            for v in (f.measures, f.responsible, f.funds, _d(f.deadline), f.contingency)
        ],
    ]
    return [
        form_table(
            [
                ("单位名称", u.name),
                ("统一社会信用代码", u.uscc),
                ("地址", u.address),
                ("主要负责人", u.principal),
            ],
            st,
            label_w=LABEL_W,
        ),
        spacer(3),
        form_table(
            [
                ("隐患名称", f.title),
                ("隐患部位", f.location),
                ("隐患描述", f.description),
                ("判定依据", _basis(f)),
                ("隐患级别", Level(f.level).label),
                ("发现方式", f"{Discovery(f.discovery).label}，{_d(f.found_on)}，发现人：{f.found_by or ''}"),
            ],
            st,
            cols=1,
            label_w=30 * mm,
        ),
        spacer(3),
        Paragraph("<b>整改“五落实”</b>", st.body),
        spacer(1),
        grid_table(five, [55 * mm, 22 * mm, 22 * mm, 26 * mm, 55 * mm]),
        spacer(3),
        form_table(
            [
                ("是否停产停业", boxes(("是", "否", "局部停产停业"), st)),
                (
                    "挂牌督办",
                    "　".join(x for x in (f.supervised_by, _d(f.supervised_on), f.supervision_no) if x)
                    or "未挂牌督办",
                ),
            ],
            st,
            cols=1,
            label_w=30 * mm,
        ),
    ]


def _sign(st: Styles, report_day: dt.date | None) -> list[Any]:
    rows = [
        [Paragraph("主要负责人（签字）：", st.body), Paragraph("单位（盖章）", st.body)],
        [Paragraph(f"报告日期：{_d(report_day) or '______年____月____日'}", st.body), ""],
    ]
    # room for a signature and a seal
    t = grid_table(
        rows,
        [95 * mm, 85 * mm],
        header_rows=0,
        heights=[22 * mm, 12 * mm],
        extra=[("SPAN", (1, 0), (1, 1)), ("VALIGN", (0, 0), (-1, -1), "TOP")],
    )
    return [spacer(4), t]


def dual_report_story(f: Finding, st: Styles) -> list[Any]:
    if Level(f.level) is not Level.MAJOR:
        raise AnchaError(f"“{f.title}”是一般隐患，双报告只用于重大事故隐患")
    story: list[Any] = [
        Paragraph("重大事故隐患报告表", st.title),
        Paragraph("（报负有安全生产监督管理职责的部门）", st.subtitle),
        spacer(2),
        Paragraph(f"报送部门：{esc(f.reported_dept) or '____________________'}", st.body),
        spacer(2),
        *_common(f, st),
        *_sign(st, f.reported_dept_on),
        PageBreak(),
        Paragraph("重大事故隐患情况报告", st.title),
        Paragraph("（向职工大会/职工代表大会报告）", st.subtitle),
        spacer(2),
        form_table(
            [("报告方式", f.reported_workers_how or boxes(("职工大会", "职工代表大会"), st))],
            st,
            cols=1,
            label_w=30 * mm,
        ),
        spacer(2),
        *_common(f, st),
        spacer(2),
        Paragraph(
            "根据《安全生产法》第四十一条，重大事故隐患排查治理情况应当及时向负有安全生产监督管理"
            "职责的部门和职工大会或者职工代表大会报告。",
            st.small,
        ),
        *_sign(st, f.reported_workers_on),
        PageBreak(),
        Paragraph("重大事故隐患整改验收/销号记录", st.title),
        spacer(3),
        form_table(
            [
                ("单位名称", f.unit.name),
                ("隐患名称", f.title),
                ("判定依据", _basis(f)),
                ("整改措施", f.measures),
                ("当前状态", Status(f.status).label),
                ("验收人", f.accepted_by),
                ("验收日期", _d(f.accepted_on)),
                ("验收意见", f.acceptance_note),
                ("销号日期", _d(f.closed_on)),
                ("签字领导", f.closed_by),
            ],
            st,
            cols=1,
            label_w=30 * mm,
            blank_h=7 * mm,
        ),
        spacer(6),
        Paragraph("验收组成员（签字）：________________________________", st.body),
        spacer(6),
        Paragraph("挂牌督办单位（盖章）　　　　　　　　　　　日期：______年____月____日", st.body),
    ]
    return story


def write_dual_report(ws: Workspace, finding_id: uuid.UUID, path: Path, overwrite: bool = False) -> Path:
    f = get_finding(ws, finding_id)
    return write_pdf(
        Path(path),
        dual_report_story(f, Styles()),
        f"重大事故隐患双报告 {f.title[:20]}",
        overwrite,
        footer=f.unit.name,
    )


def open_major_hazards(ws: Workspace, date_from: dt.date | None, date_to: dt.date | None) -> list[Finding]:
    from sqlalchemy import select

    with ws.db.session() as s:
        q = select(Finding).where(Finding.level == Level.MAJOR.value, Finding.status != Status.CLOSED.value)
        if date_from:
            q = q.where(Finding.found_on >= date_from)
        if date_to:
            q = q.where(Finding.found_on <= date_to)
        return list(s.execute(q.order_by(Finding.found_on, Finding.id)).scalars())


def write_batch(
    ws: Workspace,
    findings: Sequence[Finding],
    path: Path,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> Path:
    """All the given major hazards' 双报告 forms in one PDF."""
    if not findings:
        raise AnchaError("所选期间没有未销号的重大事故隐患")
    st = Styles()
    story: list[Any] = []
    for i, f in enumerate(findings):
        if story:
            story.append(PageBreak())
        story += dual_report_story(f, st)
        if progress:
            progress(i + 1, len(findings))
    return write_pdf(Path(path), story, "重大事故隐患双报告（批量）", overwrite)
