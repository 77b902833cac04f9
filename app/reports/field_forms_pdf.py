"""The inspector's own 执法文书 drawn from plain views: 现场检查记录, 责令限期整改指令书,
整改复查意见书 (the 安全生产 model set; fire rescue's names where it has its own)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from app.core.documents import cn_date
from app.reports.pdf_base import Styles, esc, form_table, grid_table, spacer, write_pdf
from app.reports.views import Officer, OrderView, RecordView, ReviewView

LINE = "______________"


def _numbers(nos: list[int]) -> str:
    return "、".join(str(n) for n in nos)


def _heading(st: Styles, department: str, title: str, number: str) -> list[Any]:
    out = [Paragraph(esc(department), st.title), Paragraph(esc(title), st.title)]
    if number:
        out.append(Paragraph(esc(number), ParagraphStyle("no", parent=st.body, alignment=TA_RIGHT)))
    return [*out, spacer(3)]


def _officer_rows(st: Styles, officers: list[Officer]) -> list[list[Any]]:
    people = list(officers[:2]) + [Officer("")] * max(0, 2 - len(officers))
    return [
        [
            Paragraph(
                f"执法人员（签名）：{esc(o.name) or LINE}　　　执法证号：{esc(o.cert_no) or LINE}", st.body
            )
        ]
        for o in people
    ]


def _sign_block(st: Styles, rows: list[list[Any]]) -> Any:
    return grid_table(
        rows,
        [180 * mm],
        header_rows=0,
        extra=[("GRID", (0, 0), (-1, -1), 0, "white"), ("TOPPADDING", (0, 0), (-1, -1), 8)],
    )


def _closing(st: Styles, department: str, officers: list[Officer]) -> list[Any]:
    """Signatures, seal and the 一式两份 note that end an order or a review."""
    rows = _officer_rows(st, officers)
    rows.append([Paragraph(f"被检查单位负责人（签名）：{LINE}　　　日期：{cn_date(None)}", st.body)])
    return [
        spacer(6),
        _sign_block(st, rows),
        spacer(6),
        Paragraph(
            f"{esc(department)}（印章）　　　{cn_date(None)}",
            ParagraphStyle("r", parent=st.body, alignment=TA_RIGHT),
        ),
        spacer(3),
        Paragraph(f"本文书一式两份：一份由{esc(department)}留存，一份交被检查单位。", st.small),
    ]


def record_story(v: RecordView, st: Styles) -> list[Any]:
    dept = v.issuer.department
    intro = f"依据检查表对{v.total}项内容进行了检查（已检查{v.checked}项），" + (
        "发现下列问题：" if v.entries else "未发现问题。"
    )
    lines = [intro]
    for i, e in enumerate(v.entries, 1):
        extra = "；".join(
            x
            for x in (
                f"部位：{e.location}" if e.location else "",
                f"证据：{e.photos}" if e.photos else "",
                e.note,
            )
            if x
        )
        lines.append(f"{i}. {e.hazard}" + (f"（{extra}）" if extra else ""))
    names = "、".join(o.name for o in v.officers)
    certs = "、".join(o.cert_no or "______" for o in v.officers)
    rows = _officer_rows(st, v.officers)
    rows += [
        [
            Paragraph(
                f"被检查单位现场负责人（签名）：{esc(v.site_contact) or ''}{LINE}　　　日期：{cn_date(None)}",
                st.body,
            )
        ],
        [
            Paragraph(
                f"被检查单位现场负责人拒绝签名的，执法人员注明情况：{LINE}{LINE}"
                f"　见证人（签名）：{LINE}　日期：{cn_date(None)}",
                st.body,
            )
        ],
    ]
    return [
        *_heading(st, dept, v.title, v.number),
        form_table(
            [
                ("被检查单位", v.unit.name),
                ("地址", v.unit.address),
                ("法定代表人（负责人）", v.unit.principal),
                ("职务", None),
                ("联系电话", v.unit.phone),
                ("检查场所", v.place or v.unit.address),
                ("检查时间", f"{cn_date(v.date)}____时____分至____时____分"),
                ("现场负责人", v.site_contact or None),
            ],
            st,
            cols=1,
            label_w=40 * mm,
        ),
        spacer(3),
        Paragraph(
            esc(
                f"我们是{dept}的行政执法人员{names}，执法证号分别为{certs}，这是我们的执法证件，"
                "请过目确认。现依法对你单位进行现场检查，请予配合。"
            ),
            st.body,
        ),
        spacer(3),
        form_table([("检查情况", "\n".join(lines))], st, cols=1, label_w=30 * mm),
        spacer(6),
        _sign_block(st, rows),
    ]


def order_story(v: OrderView, st: Styles) -> list[Any]:
    rows: list[list[Any]] = [
        [Paragraph(h, st.head) for h in ("序号", "存在的问题（部位）", "违反的规定", "整改期限")]
    ]
    for i, e in enumerate(v.entries, 1):
        where = f"（{e.location}）" if e.location else ""
        law = "；".join(e.provisions) or (
            f"未列明条款：{e.provision_missing}" if e.provision_missing else LINE
        )
        rows.append(
            [
                Paragraph(str(i), st.head),
                Paragraph(esc(e.hazard + where), st.cell),
                Paragraph(esc(law), st.cell),
                Paragraph(
                    "立即整改" if e.immediate else (cn_date(e.deadline) + "前" if e.deadline else LINE),
                    st.cell,
                ),
            ]
        )
    now = [i for i, e in enumerate(v.entries, 1) if e.immediate]
    by_day: dict[Any, list[int]] = {}
    for i, e in enumerate(v.entries, 1):
        if not e.immediate:
            by_day.setdefault(e.deadline, []).append(i)
    parts = [f"对上述第{_numbers(now)}项问题立即整改"] if now else []
    parts += [
        f"对上述第{_numbers(nos)}项问题于{cn_date(day)}前整改完毕"
        for day, nos in sorted(by_day.items(), key=lambda x: (x[0] is None, x[0] or 0))
    ]
    basis = v.issuer.power_basis or "有关法律法规"
    this = "通知" if "通知" in v.title else "指令"
    return [
        *_heading(st, v.issuer.department, v.title, v.number),
        Paragraph(f"{esc(v.unit_name)}：", st.body),
        spacer(2),
        Paragraph(f"经查，你单位存在下列问题（{cn_date(v.inspection_date)}现场检查）：", st.body),
        spacer(1),
        grid_table(rows, [11 * mm, 74 * mm, 60 * mm, 35 * mm]),
        spacer(3),
        Paragraph(
            esc(
                f"依据{basis}的规定，现责令你单位{'；'.join(parts)}，达到有关法律法规规章和标准规定的要求。"
                "整改期间，你单位应当采取措施，确保安全生产。逾期不整改或者达不到要求的，依法给予行政处罚；"
                "由此造成事故的，依法追究有关人员的责任。"
            ),
            st.body,
        ),
        spacer(2),
        Paragraph(
            esc(
                f"如果不服本{this}，可以依法在60日内向{v.issuer.review_body}申请行政复议，"
                f"或者在6个月内依法向{v.issuer.court}提起行政诉讼，但本{this}不停止执行，法律另有规定的除外。"
            ),
            st.body,
        ),
        *_closing(st, v.issuer.department, v.officers),
    ]


def review_story(v: ReviewView, st: Styles) -> list[Any]:
    rows: list[list[Any]] = [[Paragraph(h, st.head) for h in ("序号", "问题", "整改期限", "复查情况")]]
    for i, e in enumerate(v.entries, 1):
        rows.append(
            [
                Paragraph(str(i), st.head),
                Paragraph(esc(e.hazard), st.cell),
                Paragraph(esc(e.deadline_text), st.cell),
                Paragraph(esc(e.result), st.cell),
            ]
        )
    pending = [i for i, e in enumerate(v.entries, 1) if not e.done]
    tail = (
        f"上述第{_numbers(pending)}项问题未整改完毕，你单位应当继续整改，整改期间采取措施确保安全；"
        "逾期仍未整改的，依法处理。"
        if pending
        else "经复查，上述问题已整改完毕。"
    )
    return [
        *_heading(st, v.issuer.department, v.title, v.number),
        Paragraph(f"{esc(v.unit_name)}：", st.body),
        spacer(2),
        Paragraph(
            esc(
                f"本机关于{cn_date(v.order_date)}作出了{v.order_title}（{v.order_number}），"
                f"于{cn_date(v.review_date)}对你单位整改情况进行了复查，提出如下意见："
            ),
            st.body,
        ),
        spacer(2),
        grid_table(rows, [11 * mm, 85 * mm, 34 * mm, 50 * mm]),
        spacer(3),
        Paragraph(esc(tail), st.body),
        *_closing(st, v.issuer.department, v.officers),
    ]


def render_record(v: RecordView, path: Path, overwrite: bool = False) -> Path:
    return write_pdf(Path(path), record_story(v, Styles()), v.title, overwrite)


def render_order(v: OrderView, path: Path, overwrite: bool = False) -> Path:
    return write_pdf(Path(path), order_story(v, Styles()), v.title, overwrite)


def render_review(v: ReviewView, path: Path, overwrite: bool = False) -> Path:
    return write_pdf(Path(path), review_story(v, Styles()), v.title, overwrite)
