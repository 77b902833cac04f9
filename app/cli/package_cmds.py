"""`package export | import`: offline field work between databases."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import iso_date, workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("package", help="离线数据包：导出本机记录，合并到另一数据库")
    ps = p.add_subparsers(dest="package_command", metavar="ACTION", required=True)
    e = ps.add_parser("export", help="导出某期间或某检查人员的检查、隐患、照片和审计记录")
    e.add_argument("-o", "--output", type=Path, required=True)
    e.add_argument("--from", dest="date_from", type=iso_date)
    e.add_argument("--to", dest="date_to", type=iso_date)
    e.add_argument("--inspector", help="只导出该检查人员参加的检查")
    e.add_argument("--force", action="store_true", help="覆盖已有文件")
    e.set_defaults(func=_export)
    i = ps.add_parser("import", help="按编号合并数据包（可重复导入）")
    i.add_argument("file", type=Path)
    i.set_defaults(func=_import)


def _export(args: argparse.Namespace) -> int:
    from app.services.packages import export_package

    print(
        export_package(workspace(args), args.output, args.date_from, args.date_to, args.inspector, args.force)
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    from app.services.packages import import_package

    print(import_package(workspace(args), args.file))
    return 0
