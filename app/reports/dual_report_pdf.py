"""双报告 drawn from a plain view: the major-hazard report to the supervising department, the
report to the workers (职工大会/职代会), and the 治理验收/销号 record."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer

from app.core.documents import Stopped, cn_date
from app.reports.pdf_base import Progress, Styles, boxes, esc, form_table, grid_table, spacer, write_pdf
from app.reports.views import DualReportView

LABEL_W = 33 * mm  # fits 统一社会信用代码 on one line
ROOM = 9 * mm  # a blank answer leaves room to write by hand
WORKER_FORMS = (None, "职工大会", "职工代表大会")


def _d(day: Any) -> str:
    return cn_date(day, "")


def _section(title: str, st: Styles) -> list[Any]:
    return [spacer(3), st.fixed(f"<b>{esc(title)}</b>", st.body), spacer(1)]


def _unit(v: DualReportView, st: Styles) -> Any:
    return form_table(
        [
            ("单位名称", v.unit.name),
            ("统一社会信用代码", v.unit.uscc),
            ("地址", v.unit.address),
            ("主要负责人", v.unit.principal),
            ("联系人及电话", v.contact or None),
            ("单位电话", v.unit.phone),
        ],
        st,
        label_w=LABEL_W,
    )


def _hazard(v: DualReportView, st: Styles) -> Any:
    return form_table(
        [
            ("隐患名称", v.title),
            ("隐患部位", v.location or None),
            ("隐患描述", v.description or None),
            ("判定依据", v.basis or None),
            ("违反的规定", v.legal or None),
            ("隐患级别", v.level),
            ("发现方式", v.discovery),
        ],
        st,
        cols=1,
        label_w=30 * mm,
        blank_h=ROOM / 2,
    )


def _analysis(v: DualReportView, st: Styles) -> Any:
    return form_table(
        [("隐患现状及产生原因", v.cause or None), ("危害程度和整改难易程度", v.harm or None)],
        st,
        cols=1,
        label_w=30 * mm,
        blank_h=ROOM,
    )


def _plan(v: DualReportView, st: Styles) -> Any:
    """治理方案: the six elements of 原国家安全监管总局令第16号 (the 五落实 within them)."""
    return form_table(
        [
            ("治理的目标和任务", v.goal or None),
            ("采取的方法和措施", v.measures or None),
            ("经费和物资", v.materials or None),
            ("负责治理的机构和人员", v.organisation or None),
            ("治理时限", _d(v.deadline) + "前完成" if v.deadline else None),
            ("安全措施和应急预案", v.contingency or None),
        ],
        st,
        cols=1,
        label_w=36 * mm,
        blank_h=ROOM,
    )


def _stop_and_supervision(v: DualReportView, st: Styles) -> Any:
    chosen = v.stopped or None
    return form_table(
        [
            ("是否停产停业", boxes([s.label for s in Stopped], st, chosen)),
            ("挂牌督办", v.supervision or "未挂牌督办"),
        ],
        st,
        cols=1,
        label_w=30 * mm,
    )


def _sign(st: Styles, report_day: Any) -> list[Any]:
    rows = [
        [st.fixed("主要负责人（签字）：", st.body), st.fixed("单位（盖章）", st.body)],
        [Paragraph(f"报告日期：{_d(report_day) or '______年____月____日'}", st.body), ""],
    ]
    t = grid_table(
        rows,
        [95 * mm, 85 * mm],
        header_rows=0,
        heights=[15 * mm, 8 * mm],
        extra=[("SPAN", (1, 0), (1, 1)), ("VALIGN", (0, 0), (-1, -1), "TOP")],
    )
    return [spacer(2), t]


def dual_report_story(v: DualReportView, st: Styles) -> list[Any]:
    dept_report = [
        st.fixed("重大事故隐患报告表", st.title),
        st.fixed("（报负有安全生产监督管理职责的部门）", st.subtitle),
        spacer(2),
        Paragraph(f"报送部门：{esc(v.reported_dept) or '____________________'}", st.body),
        spacer(2),
        _unit(v, st),
        *_section("一、隐患基本情况", st),
        _hazard(v, st),
        *_section("二、隐患现状及产生原因、危害程度和整改难易程度分析", st),
        _analysis(v, st),
        *_section("三、隐患治理方案", st),
        _plan(v, st),
        spacer(3),
        _stop_and_supervision(v, st),
        *_sign(st, v.reported_dept_on),
    ]
    how = v.workers_how or None
    workers = [
        PageBreak(),
        st.fixed("重大事故隐患情况报告", st.title),
        st.fixed("（向职工大会或者职工代表大会报告）", st.subtitle),
        spacer(2),
        form_table(
            [
                ("报告形式", boxes(("职工大会", "职工代表大会"), st, how) if how in WORKER_FORMS else how),
                ("会议日期", _d(v.workers_on) or None),
                ("参会情况", v.workers_attendance or None),
                ("单位名称", v.unit.name),
                ("主要负责人", v.unit.principal or None),
                ("联系人及电话", v.contact or None),
            ],
            st,
            cols=2,
            label_w=LABEL_W,
            blank_h=7 * mm,
        ),
        *_section("一、隐患基本情况", st),
        _hazard(v, st),
        *_section("二、隐患现状、原因和危害", st),
        _analysis(v, st),
        *_section("三、治理方案", st),
        _plan(v, st),
        spacer(2),
        st.fixed(
            "根据《中华人民共和国安全生产法》第四十一条，重大事故隐患排查治理情况应当及时向负有安全生产"
            "监督管理职责的部门和职工大会或者职工代表大会报告。",
            st.small,
        ),
        *_sign(st, v.workers_on),
    ]
    resume: list[tuple[str, Any]] = []
    if v.stopped_any or not v.stopped:  # stopped, or not yet known: room to fill in
        resume = [
            ("停产停业情况", v.stopped or None),
            (
                "恢复生产申请",
                f"已于{_d(v.resume_requested_on)}书面申请恢复生产经营" if v.resume_requested_on else None,
            ),
        ]
    acceptance = [
        PageBreak(),
        st.fixed("重大事故隐患治理验收及销号记录", st.title),
        spacer(3),
        form_table(
            [
                ("单位名称", v.unit.name),
                ("隐患名称", v.title),
                ("判定依据", v.basis or None),
                ("治理措施", v.measures or None),
                ("治理情况评估", v.assessment or None),
                *resume,
                ("当前状态", v.status),
                ("验收人", v.accepted_by or None),
                ("验收日期", _d(v.accepted_on) or None),
                ("验收意见", v.acceptance_note or None),
                ("销号日期", _d(v.closed_on) or None),
                ("签字领导", v.closed_by or None),
            ],
            st,
            cols=1,
            label_w=30 * mm,
            blank_h=7 * mm,
        ),
        spacer(3),
        st.fixed(
            "重大事故隐患治理完成后，生产经营单位对治理情况进行评估；停产停业治理的，评估合格后向"
            "监管部门提出恢复生产的书面申请，经审查同意后方可恢复生产经营。",
            st.small,
        ),
        spacer(6),
        st.fixed("验收组成员（签字）：________________________________", st.body),
        spacer(6),
        st.fixed("挂牌督办单位（盖章）　　　　　　　　　　　日期：______年____月____日", st.body),
        Spacer(1, 2),
    ]
    return dept_report + workers + acceptance


def render_dual_report(v: DualReportView, path: Path, overwrite: bool = False) -> Path:
    return write_pdf(
        Path(path),
        dual_report_story(v, Styles()),
        f"重大事故隐患双报告 {v.title[:20]}",
        overwrite,
        footer=v.unit.name,
    )


def render_batch(
    items: Sequence[DualReportView], path: Path, overwrite: bool = False, progress: Progress | None = None
) -> Path:
    """Several major hazards' 双报告 forms in one PDF."""
    st = Styles()
    story: list[Any] = []
    for i, v in enumerate(items):
        if story:
            story.append(PageBreak())
        story += dual_report_story(v, st)
        if progress:
            progress(i + 1, len(items))
    return write_pdf(Path(path), story, "重大事故隐患双报告（批量）", overwrite)
