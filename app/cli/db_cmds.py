"""`db upgrade`, `demo`."""

from __future__ import annotations

import argparse

from app.cli.common import workspace
from app.core.errors import AnchaError
from app.services import office
from app.services.units import count_units
from app.services.workspace import Workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = sub.add_parser("db", help="数据库维护")
    dbsub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = dbsub.add_parser("upgrade", help="创建数据库或升级到最新结构")
    up.set_defaults(func=_upgrade)
    roles = dbsub.add_parser(
        "roles", help="（管理员，PostgreSQL）建立角色 检查员/审核销号/管理员 并授予数据权限"
    )
    roles.set_defaults(func=_roles)
    user = dbsub.add_parser("add-user", help="（管理员，PostgreSQL）为一名检查人员建立数据库账号或改变其角色")
    user.add_argument("login", help="数据库账号（小写字母、数字、下划线）")
    user.add_argument("--role", required=True, choices=office.ROLE_LABELS, help="角色")
    user.add_argument(
        "--password-stdin", action="store_true", help="从标准输入读一行作为密码（默认在终端提示输入）"
    )
    user.add_argument("--no-password", action="store_true", help="不设密码（服务器用其他方式认证时）")
    user.set_defaults(func=_add_user)

    demo = sub.add_parser("demo", help="向数据库填入演示数据（单位、检查、各状态隐患）")
    demo.add_argument("--seed", type=int, default=7, help="随机种子")
    demo.set_defaults(func=_demo)


def _upgrade(args: argparse.Namespace) -> int:
    ws = Workspace(args.db, upgrade=False)
    done = office.upgrade(ws)
    if done.changed:
        print(f"数据库已升级：{done.before or '空'} → {done.after}（{ws.db.display_url}）")
    else:
        print(f"数据库已是最新结构：{done.after}（{ws.db.display_url}）")
    return 0


def _roles(args: argparse.Namespace) -> int:
    n = office.setup_roles(Workspace(args.db, upgrade=False))
    print(
        f"已建立角色并授权（{n} 条语句）：检查员 ancha_inspector、审核销号 ancha_reviewer、管理员 ancha_admin"
    )
    return 0


def _add_user(args: argparse.Namespace) -> int:
    import getpass
    import sys

    ws = Workspace(args.db, upgrade=False)
    password: str | None = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif not args.no_password:
        password = getpass.getpass(f"{args.login} 的密码：")
        if password != getpass.getpass("再输入一次："):
            raise AnchaError("两次输入的密码不一致，账号未建立")
    office.add_user(ws, args.login, args.role, password)
    print(f"数据库账号 {args.login} 的角色为 {args.role}")
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
