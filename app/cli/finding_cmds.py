"""`findings list|show|add|set|move`: the findings ledger (隐患台账) from the command line."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import iso_date, workspace
from app.cli.records import choice, emit, emit_one, pairs, resolve, resolve_unit, row_dict
from app.core.errors import AnchaError
from app.core.findings import ACTION_LABELS, STATUS_LABELS, Level

STATUSES = {s.value: label for s, label in STATUS_LABELS.items()}
ACTIONS = {a.value: label for a, label in ACTION_LABELS.items()}
LEVELS = {lv.value: lv.label for lv in Level}
ROW_KEYS = ("id", "unit", "sector_id", "title", "level", "status", "found_on", "deadline", "responsible")
HEADERS = [
    ("id", "编号"),
    ("found_on", "发现日期"),
    ("unit", "单位"),
    ("title", "隐患名称"),
    ("level", "级别"),
    ("status", "状态"),
    ("deadline", "整改时限"),
]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("findings", help="隐患：列出、查看、登记、修改字段、整改流程")
    fs = p.add_subparsers(dest="findings_command", metavar="ACTION", required=True)
    ls = fs.add_parser("list", help="列出隐患（条件同台账筛选）")
    ls.add_argument("--sector", help="行业（编号或名称）")
    ls.add_argument("--status", help="状态：" + "、".join(f"{v}（{k}）" for k, v in STATUSES.items()))
    ls.add_argument("--level", help="级别：" + "、".join(f"{v}（{k}）" for k, v in LEVELS.items()))
    ls.add_argument("--unit", help="被检查单位：全称、统一社会信用代码或编号")
    ls.add_argument("--text", default="", help="关键词")
    ls.add_argument("--from", dest="date_from", type=iso_date)
    ls.add_argument("--to", dest="date_to", type=iso_date)
    ls.add_argument("--open", action="store_true", help="只列未销号的")
    ls.add_argument("--overdue", action="store_true", help="只列逾期未销号的")
    ls.add_argument("--limit", type=int, default=500)
    ls.add_argument("--json", action="store_true", help="以 JSON 输出")
    ls.set_defaults(func=_list)
    sh = fs.add_parser("show", help="查看一条隐患的全部字段和修改记录")
    sh.add_argument("id", help="隐患编号（可只写前几位）")
    sh.add_argument("--json", action="store_true")
    sh.set_defaults(func=_show)
    add = fs.add_parser("add", help="把不符合的检查项目登记为隐患")
    add.add_argument(
        "--from-item", required=True, dest="item", help="检查编号:序号、检查编号:项目编号或项目编号"
    )
    add.add_argument("--level", help="级别（默认：关联判定标准的为重大事故隐患）")
    add.add_argument("--set", action="append", metavar="字段=值", help="同时填写的字段，可多次使用")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=_add)
    st = fs.add_parser("set", help="修改一个字段（与界面相同的校验和审计）")
    st.add_argument("id", help="隐患编号")
    st.add_argument("field", help="字段名或中文名，如 deadline 或 整改时限")
    st.add_argument("value", help="新值（日期写 YYYY-MM-DD；空字符串清除）")
    st.set_defaults(func=_set)
    mv = fs.add_parser("move", help="整改流程：" + "、".join(f"{v}（{k}）" for k, v in ACTIONS.items()))
    mv.add_argument("id", help="隐患编号")
    mv.add_argument(
        "action", help="开始整改、提交验收、验收通过并销号、验收不通过（或 start、submit、accept、reject）"
    )
    mv.add_argument("--set", action="append", metavar="字段=值", help="同时填写的字段，如 accepted_by=王五")
    mv.set_defaults(func=_move)


def field_name(text: str) -> str:
    """An editable field from its name or its Chinese label."""
    from app.services.findings import EDITABLE

    key = text.strip()
    if key in EDITABLE:
        return key
    for name, label in EDITABLE.items():
        if key == label:
            return name
    raise AnchaError(
        f"不可修改或未知的字段“{text}”，可用：{'、'.join(f'{v}（{k}）' for k, v in EDITABLE.items())}"
    )


def _changes(values: list[str] | None) -> dict[str, Any]:
    return {field_name(k): v for k, v in pairs(values).items()}


def _list(args: argparse.Namespace) -> int:
    from app.services import ledger
    from app.services.checklists import resolve_sector

    ws = workspace(args)
    flt = ledger.FindingFilter(
        sector_id=resolve_sector(ws.catalog, args.sector) if args.sector else None,
        level=choice(args.level, LEVELS, "级别") if args.level else None,
        status=choice(args.status, STATUSES, "状态") if args.status else None,
        overdue=args.overdue,
        open_only=args.open,
        date_from=args.date_from,
        date_to=args.date_to,
        unit_id=resolve_unit(ws, args.unit) if args.unit else None,
        text=args.text,
    )
    rows = []
    for r in ledger.page(ws, flt, 0, args.limit):
        d = row_dict(r, ROW_KEYS)
        if not args.json:
            d["id"] = r.id.hex[:8]
            d["level"] = LEVELS.get(r.level, r.level)
            d["status"] = STATUSES.get(r.status, r.status)
        rows.append(d)
    emit(args.json, rows, HEADERS, "（没有符合条件的隐患）")
    return 0


def _show(args: argparse.Namespace) -> int:
    from app.services import findings

    ws = workspace(args)
    fid = resolve(ws, "finding", args.id, "隐患")
    f = findings.get_finding(ws, fid)
    keys = ["id", "unit_name", "sector_id", "status", *findings.EDITABLE, "closed_on", "basis", "criterion"]
    record = row_dict(f, list(dict.fromkeys(keys)))
    history = [
        {"at": e.at.isoformat(timespec="seconds"), "by": e.by, "change": findings.describe_entry(e)}
        for e in findings.history(ws, fid)
    ]
    if args.json:
        emit_one(True, {**record, "history": history})
        return 0
    record["status"] = STATUSES.get(record["status"], record["status"])
    sector = ws.catalog.sectors.get(record["sector_id"])
    record["sector_id"] = sector.name if sector else record["sector_id"]
    record["level"] = LEVELS.get(record.get("level") or "", record.get("level"))
    emit_one(False, record, {**findings.LABELS, "id": "编号", "unit_name": "单位", "sector_id": "行业"})
    print("修改记录：")
    for h in history:
        print(f"  {h['at']}  {h['by'] or ''}  {h['change']}")
    return 0


def _add(args: argparse.Namespace) -> int:
    from app.cli.inspection_cmds import resolve_item
    from app.services import findings, inspections

    ws = workspace(args)
    draft = inspections.finding_draft(ws, resolve_item(ws, args.item))
    if args.level:
        draft.level = choice(args.level, LEVELS, "级别")
    draft.extra.update(_changes(args.set))
    for name in ("title", "location", "description"):
        if name in draft.extra:
            setattr(draft, name, draft.extra.pop(name))
    f = findings.create_finding(ws, draft)
    if args.json:
        emit_one(True, row_dict(f, ("id", "title", "level", "status", "sector_id", "deadline")))
    else:
        print(f"已登记{LEVELS[f.level]}：{f.title}（编号 {f.id.hex[:8]}）")
    return 0


def _set(args: argparse.Namespace) -> int:
    from app.services import findings

    ws = workspace(args)
    name = field_name(args.field)
    f = findings.update_finding(ws, resolve(ws, "finding", args.id, "隐患"), {name: args.value})
    print(f"已修改{findings.EDITABLE[name]}：{getattr(f, name) or '（空）'}")
    return 0


def _move(args: argparse.Namespace) -> int:
    from app.services import findings

    ws = workspace(args)
    action = choice(args.action, ACTIONS, "整改流程操作")
    f = findings.transition(ws, resolve(ws, "finding", args.id, "隐患"), action, _changes(args.set))
    print(f"{ACTIONS[action]}：现为{STATUSES[f.status]}")
    return 0
