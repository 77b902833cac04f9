"""`documents list|export`: the 文书台账 (register of issued document numbers)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import table, workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    d = sub.add_parser("documents", help="文书台账：已编号的执法文书（编号、种类、检查、单位、日期、经办人）")
    dsub = d.add_subparsers(dest="documents_command", metavar="ACTION", required=True)
    ls = dsub.add_parser("list", help="列出文书台账")
    ex = dsub.add_parser("export", help="导出文书台账 Excel")
    ex.add_argument("-o", "--output", required=True, type=Path, help="输出文件（.xlsx）")
    for p in (ls, ex):
        p.add_argument("--year", type=int, default=None, help="年度（默认全部）")
        p.add_argument(
            "--kind",
            choices=["record", "order", "review"],
            default=None,
            help="文书种类：record 现场检查记录、order 责令限期整改指令书、review 整改复查意见书",
        )
    ls.set_defaults(func=_list)
    ex.set_defaults(func=_export)


def _list(args: argparse.Namespace) -> int:
    from app.services.doc_numbers import document_register

    ws = workspace(args)
    entries = document_register(ws, args.year, args.kind)
    rows = [[e.number, e.kind_label, f"{e.issued_on:%Y-%m-%d}", e.unit_name, e.issued_by] for e in entries]
    print(table(rows, ["文书编号", "种类", "日期", "被检查单位", "经办人"]))
    print(f"共 {len(entries)} 份")
    return 0


def _export(args: argparse.Namespace) -> int:
    from app.services.doc_numbers import export_register

    ws = workspace(args)
    n = export_register(ws, args.output, args.year, args.kind)
    print(f"已导出文书台账 {n} 份：{args.output}")
    return 0
