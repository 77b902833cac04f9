"""`units add|list`: the inspected units (被检查单位)."""

from __future__ import annotations

import argparse

from app.cli.common import workspace
from app.cli.records import emit, emit_one, row_dict

FIELDS = ("id", "name", "uscc", "address", "principal", "phone", "sector_id", "industry")
HEADERS = [
    ("id", "编号"),
    ("name", "单位名称"),
    ("uscc", "统一社会信用代码"),
    ("sector_id", "行业"),
    ("address", "地址"),
]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("units", help="被检查单位：登记、列出")
    us = p.add_subparsers(dest="units_command", metavar="ACTION", required=True)
    add = us.add_parser("add", help="登记一个被检查单位")
    add.add_argument("--name", required=True, help="单位名称")
    add.add_argument("--uscc", help="统一社会信用代码（18位，校验位检查）")
    add.add_argument("--address", help="地址")
    add.add_argument("--principal", help="主要负责人")
    add.add_argument("--phone", help="联系电话")
    add.add_argument("--sector", help="行业（编号或名称，如 gas 或 燃气）")
    add.add_argument("--industry", help="行业细类")
    add.add_argument("--json", action="store_true", help="以 JSON 输出")
    add.set_defaults(func=_add)
    ls = us.add_parser("list", help="列出被检查单位")
    ls.add_argument("--search", default="", help="名称、代码或地址中的文字")
    ls.add_argument("--limit", type=int, default=200)
    ls.add_argument("--json", action="store_true", help="以 JSON 输出")
    ls.set_defaults(func=_list)


def _add(args: argparse.Namespace) -> int:
    from app.services import units
    from app.services.checklists import resolve_sector

    ws = workspace(args)
    sector = resolve_sector(ws.catalog, args.sector) if args.sector else None
    unit = units.create_unit(
        ws,
        units.UnitInput(
            name=args.name,
            uscc=args.uscc,
            address=args.address,
            principal=args.principal,
            phone=args.phone,
            sector_id=sector,
            industry=args.industry,
        ),
    )
    record = row_dict(unit, FIELDS)
    if args.json:
        emit_one(True, record)
    else:
        print(f"已登记被检查单位：{unit.name}（编号 {unit.id.hex[:8]}）")
    return 0


def _list(args: argparse.Namespace) -> int:
    from app.services import units

    ws = workspace(args)
    rows = [row_dict(u, FIELDS) for u in units.list_units(ws, args.search, limit=args.limit)]
    if not args.json:
        names = {k: v.name for k, v in ws.catalog.sectors.items()}
        for r in rows:
            r["id"] = r["id"][:8]
            r["sector_id"] = names.get(r["sector_id"], r["sector_id"])
    emit(args.json, rows, HEADERS, "（没有被检查单位）")
    return 0
