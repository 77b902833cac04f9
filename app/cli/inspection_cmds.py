"""`inspections start|list|items|record`: an inspection from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import uuid
from typing import TYPE_CHECKING

from app.cli.common import iso_date, workspace
from app.cli.records import choice, emit, emit_one, resolve, resolve_unit, row_dict
from app.core.errors import AnchaError
from app.core.inspections import RESULT_LABELS

if TYPE_CHECKING:
    from app.services.workspace import Workspace

RESULTS = {r.value: label for r, label in RESULT_LABELS.items()}
FIELDS = ("id", "date", "unit_id", "sector_id", "site_type_id", "template_name", "inspectors", "place")
ITEM_FIELDS = ("id", "position", "item_id", "sector_id", "text", "hazard", "result", "note")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("inspections", help="现场检查：开始、列出、记录结果")
    ins = p.add_subparsers(dest="inspections_command", metavar="ACTION", required=True)
    st = ins.add_parser("start", help="开始一次检查（冻结所用的检查清单）")
    st.add_argument("--unit", required=True, help="被检查单位：全称、统一社会信用代码或编号")
    st.add_argument("--template", help="已保存的检查清单模板名称")
    st.add_argument("--sector", help="行业（不用模板时），编号或名称")
    st.add_argument("--site", help="场所类型，编号或名称")
    st.add_argument("--common", action="store_true", help="加入通用检查项目")
    st.add_argument("--date", type=iso_date, default=None, help="检查日期 YYYY-MM-DD（默认今天）")
    st.add_argument("--inspectors", required=True, help="检查人员，至少两人，用“、”或逗号分隔")
    st.add_argument("--place", help="检查场所")
    st.add_argument("--contact", help="被检查单位现场负责人")
    st.add_argument("--json", action="store_true", help="以 JSON 输出")
    st.set_defaults(func=_start)
    ls = ins.add_parser("list", help="列出检查记录")
    ls.add_argument("--limit", type=int, default=100)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=_list)
    it = ins.add_parser("items", help="列出一次检查的检查项目及结果")
    it.add_argument("inspection", help="检查记录编号（可只写前几位）")
    it.add_argument("--json", action="store_true")
    it.set_defaults(func=_items)
    rec = ins.add_parser(
        "record",
        help="记录一个项目的结果",
        description="ITEM 写作 检查编号:序号（如 3f2a:5）、检查编号:项目编号（如 3f2a:GAS-010）或项目的编号",
    )
    rec.add_argument("item", help="检查编号:序号、检查编号:项目编号，或检查项目编号")
    rec.add_argument("result", help="符合、不符合、不适用、未检查（或 pass、fail、na、unchecked）")
    rec.add_argument("--note", help="备注（写明不符合的具体情况）")
    rec.set_defaults(func=_record)


def resolve_item(ws: Workspace, key: str) -> uuid.UUID:
    """An inspection line: INSPECTION:POSITION, INSPECTION:CATALOG-ID, or a prefix of its own id."""
    from app.services import lookup

    return lookup.line_id(ws, key)


def _start(args: argparse.Namespace) -> int:
    from app.services import checklists, inspections

    ws = workspace(args)
    if not args.template and not args.sector:
        raise AnchaError("请用 --template 指定模板，或用 --sector（和 --site）指定行业和场所类型")
    unit_id = resolve_unit(ws, args.unit)
    chosen = checklists.choose(ws, args.template, args.sector, args.site, args.common)
    insp = inspections.start_inspection(
        ws,
        unit_id,
        args.date or dt.date.today(),
        args.inspectors,
        chosen.sector_id,
        chosen.items,
        chosen.site_type_id,
        template_name=chosen.template_name,
        place=args.place,
        site_contact=args.contact,
    )
    if args.json:
        emit_one(True, {**row_dict(insp, FIELDS), "items": len(insp.items)})
    else:
        print(f"已开始检查：{insp.date:%Y-%m-%d}，{len(insp.items)} 个项目（编号 {insp.id.hex[:8]}）")
    return 0


def _list(args: argparse.Namespace) -> int:
    from app.services.inspection_list import inspection_rows

    ws = workspace(args)
    rows = []
    for insp in inspection_rows(ws, args.limit):
        r = row_dict(insp, FIELDS)
        r["unit"] = insp.unit
        if not args.json:
            r["id"] = insp.id.hex[:8]
            r["inspectors"] = "、".join(insp.inspectors)
        rows.append(r)
    headers = [
        ("id", "编号"),
        ("date", "日期"),
        ("unit", "被检查单位"),
        ("sector_id", "行业"),
        ("inspectors", "检查人员"),
    ]
    emit(args.json, rows, headers, "（没有检查记录）")
    return 0


def _items(args: argparse.Namespace) -> int:
    from app.services import inspections

    ws = workspace(args)
    insp = inspections.get_inspection(ws, resolve(ws, "inspection", args.inspection, "检查记录"))
    rows = []
    for ii in sorted(insp.items, key=lambda i: i.position):
        r = row_dict(ii, ITEM_FIELDS)
        if not args.json:
            r["result"] = RESULTS.get(ii.result, ii.result)
        rows.append(r)
    headers = [("position", "序号"), ("item_id", "项目"), ("result", "结果"), ("text", "检查内容")]
    emit(args.json, rows, headers)
    return 0


def _record(args: argparse.Namespace) -> int:
    from app.services import inspections

    ws = workspace(args)
    item_id = resolve_item(ws, args.item)
    result = choice(args.result, RESULTS, "检查结果")
    ii = inspections.set_result(ws, item_id, result, args.note)
    print(f"已记录：{ii.item_id or '自定义项目'} {RESULTS[result]}")
    return 0
