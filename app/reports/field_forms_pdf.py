"""The inspector's own 执法文书: 现场检查记录, 责令限期整改指令书, 整改复查意见书."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from app.core.errors import AnchaError
from app.core.findings import Status
from app.core.inspections import Result
from app.reports import settings
from app.reports.pdf_base import Styles, esc, form_table, grid_table, spacer, write_pdf
from app.services import inspections
from app.services.workspace import Workspace

BLANK_DATE = "______年____月____日"


def _d(day: Any) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else BLANK_DATE


def _officers(st: Styles, names: list[str]) -> Any:
    rows = [
        [Paragraph(f"执法人员（签名）：{esc(n)}　　　执法证号：______________", st.body)] for n in names[:2]
    ]
    rows.append([Paragraph("被检查单位负责人（签名）：______________　　　日期：" + BLANK_DATE, st.body)])
    return grid_table(
        rows,
        [180 * mm],
        header_rows=0,
        extra=[("GRID", (0, 0), (-1, -1), 0, "white"), ("TOPPADDING", (0, 0), (-1, -1), 8)],
    )


def _closing(st: Styles, office: str, inspectors: list[str]) -> list[Any]:
    """Signatures, seal and the 一式两份 note that end an order or a review."""
    return [
        spacer(6),
        _officers(st, inspectors),
        spacer(6),
        Paragraph(
            f"{esc(office)}（印章）　　　{BLANK_DATE}",
            ParagraphStyle("r", parent=st.body, alignment=TA_RIGHT),
        ),
        spacer(3),
        Paragraph("本文书一式两份：一份由安全生产执法部门留存，一份交被检查单位。", st.small),
    ]


def _heading(st: Styles, office: str, title: str, number: str | None) -> list[Any]:
    out = [Paragraph(esc(office), st.title), Paragraph(esc(title), st.title)]
    if number:
        out.append(Paragraph(esc(number), ParagraphStyle("no", parent=st.body, alignment=TA_RIGHT)))
    return [*out, spacer(3)]


def record_story(ws: Workspace, inspection_id: uuid.UUID, st: Styles) -> list[Any]:
    insp = inspections.get_inspection(ws, inspection_id)
    u = insp.unit
    office = settings.get(ws, "office")
    failed = [ii for ii in insp.items if ii.result == Result.FAIL.value]
    checked = sum(1 for ii in insp.items if ii.result != Result.UNCHECKED.value)
    lines = (
        [f"依据检查表对{len(insp.items)}项内容进行了检查（已检查{checked}项），发现下列问题："]
        if failed
        else [f"依据检查表对{len(insp.items)}项内容进行了检查（已检查{checked}项），未发现问题。"]
    )
    lines += [f"{i}. {ii.text}{('（' + ii.note + '）') if ii.note else ''}" for i, ii in enumerate(failed, 1)]
    return [
        *_heading(st, office, "现场检查记录", None),
        form_table(
            [
                ("被检查单位", u.name),
                ("地址", u.address),
                ("法定代表人（负责人）", u.principal),
                ("职务", None),
                ("联系电话", u.phone),
                ("检查场所", insp.place or u.address),
                ("检查时间", f"{_d(insp.date)}____时____分至____时____分"),
            ],
            st,
            cols=1,
            label_w=40 * mm,
        ),
        spacer(3),
        Paragraph(
            esc(
                f"我们是{office}的行政执法人员{'、'.join(insp.inspectors)}，这是我们的执法证件"
                "（证号见签名栏），请过目确认。现依法对你单位进行现场检查，请予配合。"
            ),
            st.body,
        ),
        spacer(3),
        form_table([("检查情况", "\n".join(lines))], st, cols=1, label_w=30 * mm),
        spacer(6),
        _officers(st, list(insp.inspectors)),
    ]


def order_story(ws: Workspace, inspection_id: uuid.UUID, st: Styles, number: str) -> list[Any]:
    insp = inspections.get_inspection(ws, inspection_id)
    found = [f for f in inspections.findings_of(ws, inspection_id)]
    if not found:
        raise AnchaError("这次检查没有登记隐患，不需要责令限期整改指令书")
    office = settings.get(ws, "office")
    deadline = max((f.deadline for f in found if f.deadline), default=None)
    rows: list[list[Any]] = [[Paragraph(h, st.head) for h in ("序号", "存在的问题", "整改期限")]]
    for i, f in enumerate(found, 1):
        rows.append(
            [
                Paragraph(str(i), st.head),
                Paragraph(esc(f.title), st.cell),
                Paragraph(_d(f.deadline) if f.deadline else "", st.cell),
            ]
        )
    return [
        *_heading(st, office, "责令限期整改指令书", number),
        Paragraph(f"{esc(insp.unit.name)}：", st.body),
        spacer(2),
        Paragraph("经查，你单位存在下列问题：", st.body),
        spacer(1),
        grid_table(rows, [12 * mm, 128 * mm, 40 * mm]),
        spacer(3),
        Paragraph(
            esc(
                f"依据《中华人民共和国安全生产法》的有关规定，现责令你单位对上述问题于{_d(deadline)}前"
                "整改完毕，达到有关法律法规规章和标准规定的要求。整改期间，你单位应当采取措施，"
                "确保安全生产。对安全生产违法行为，将依法予以处理。"
            ),
            st.body,
        ),
        spacer(2),
        Paragraph(
            esc(
                f"如果不服本指令，可以依法在60日内向{settings.get(ws, 'review_body')}申请行政复议，"
                f"或者在6个月内依法向{settings.get(ws, 'court')}提起行政诉讼，但本指令不停止执行。"
            ),
            st.body,
        ),
        *_closing(st, office, list(insp.inspectors)),
    ]


def review_story(
    ws: Workspace, inspection_id: uuid.UUID, st: Styles, number: str, order_no: str, order_date: Any
) -> list[Any]:
    insp = inspections.get_inspection(ws, inspection_id)
    found = inspections.findings_of(ws, inspection_id)
    office = settings.get(ws, "office")
    rows: list[list[Any]] = [[Paragraph(h, st.head) for h in ("序号", "问题", "复查情况")]]
    for i, f in enumerate(found, 1):
        done = Status(f.status) in (Status.AWAITING, Status.CLOSED)
        rows.append(
            [
                Paragraph(str(i), st.head),
                Paragraph(esc(f.title), st.cell),
                Paragraph("已整改" if done else f"未整改完毕（{Status(f.status).label}）", st.cell),
            ]
        )
    return [
        *_heading(st, office, "整改复查意见书", number),
        Paragraph(f"{esc(insp.unit.name)}：", st.body),
        spacer(2),
        Paragraph(
            esc(
                f"本机关于{_d(order_date)}作出了责令限期整改指令书（{order_no}），"
                "经对你单位整改情况进行复查，提出如下意见："
            ),
            st.body,
        ),
        spacer(2),
        grid_table(rows, [12 * mm, 120 * mm, 48 * mm]),
        spacer(3),
        Paragraph(
            "对未整改完毕的问题，你单位应当继续整改并采取措施确保安全；逾期未整改的，将依法处理。", st.body
        ),
        *_closing(st, office, list(insp.inspectors)),
    ]


def write_record(ws: Workspace, inspection_id: uuid.UUID, path: Path, overwrite: bool = False) -> Path:
    return write_pdf(Path(path), record_story(ws, inspection_id, Styles()), "现场检查记录", overwrite)


def write_order(
    ws: Workspace, inspection_id: uuid.UUID, path: Path, number: str | None = None, overwrite: bool = False
) -> tuple[Path, str]:
    st = Styles()
    story = order_story(ws, inspection_id, st, "")  # validate before using up a number
    number = number or settings.next_document_number(ws, "order")
    story = order_story(ws, inspection_id, st, number)
    return write_pdf(Path(path), story, "责令限期整改指令书", overwrite), number


def write_review(
    ws: Workspace,
    inspection_id: uuid.UUID,
    path: Path,
    order_no: str,
    order_date: Any,
    number: str | None = None,
    overwrite: bool = False,
) -> tuple[Path, str]:
    number = number or settings.next_document_number(ws, "review")
    story = review_story(ws, inspection_id, Styles(), number, order_no, order_date)
    return write_pdf(Path(path), story, "整改复查意见书", overwrite), number
