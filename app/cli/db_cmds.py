"""`db upgrade`, `demo`."""

from __future__ import annotations

import argparse

from app.cli.common import workspace
from app.core.errors import AnchaError
from app.services.units import count_units
from app.services.workspace import Workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = sub.add_parser("db", help="数据库维护")
    dbsub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = dbsub.add_parser("upgrade", help="创建数据库或升级到最新结构")
    up.set_defaults(func=_upgrade)

    demo = sub.add_parser("demo", help="向数据库填入演示数据（单位、检查、各状态隐患）")
    demo.add_argument("--seed", type=int, default=7, help="随机种子")
    demo.set_defaults(func=_demo)


def _upgrade(args: argparse.Namespace) -> int:
    ws = Workspace(args.db, upgrade=False)
    before = ws.db.current_revision()
    changed = ws.db.upgrade()
    after = ws.db.current_revision()
    if changed:
        print(f"数据库已升级：{before or '空'} → {after}（{ws.db.display_url}）")
    else:
        print(f"数据库已是最新结构：{after}（{ws.db.display_url}）")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from app.services import demo

    ws = workspace(args)
    if count_units(ws):
        raise AnchaError(f"数据库中已有数据，演示数据请填入新的数据库（{ws.db.display_url}）")
    made = demo.fill(ws, seed=args.seed)
    print(
        f"已生成演示数据：单位 {made['units']} 个，检查 {made['inspections']} 次，"
        f"隐患 {made['findings']} 条（{ws.db.display_url}）"
    )
    return 0
