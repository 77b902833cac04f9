"""`backup`, `restore`, `audit verify`."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import table
from app.core.errors import AnchaError
from app.services import backups, integrity
from app.services.workspace import Workspace
from app.storage.backup import KEEP, MAX_KEEP, check_keep


def _keep(text: str) -> int:
    try:
        return check_keep(int(text))
    except (ValueError, AnchaError) as exc:
        raise argparse.ArgumentTypeError(f"保留份数应为 1 到 {MAX_KEEP} 之间的整数：{text}") from exc


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    b = sub.add_parser(
        "backup", help="备份数据库（SQLite）和它登记的照片原片；--list 列出已有备份及其照片是否齐全"
    )
    b.add_argument("--keep", type=_keep, default=KEEP, help=f"保留最近几份备份（默认 {KEEP}）")
    b.add_argument("--list", action="store_true", help="只列出已有备份")
    b.set_defaults(func=_backup)
    r = sub.add_parser(
        "restore", help="从备份恢复数据库，并找回照片文件夹中缺少的照片原片；当前数据库另存，不会被覆盖"
    )
    r.add_argument("file", type=Path, help="备份文件")
    r.set_defaults(func=_restore)
    a = sub.add_parser("audit", help="审计日志")
    asub = a.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = asub.add_parser(
        "verify",
        help="校验审计日志：哈希链、锚点（数据库旁的锚点文件、备份、数据包）、保护触发器、隐患数据；照片原始文件的校验值",
    )
    v.add_argument(
        "--anchor",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="另外对照的锚点：导出的数据包（.zip）、备份（.db）或锚点文件（.json），可多次指定",
    )
    v.set_defaults(func=_verify)


def _sqlite_path(ws: Workspace) -> Path:
    if not ws.db.path:
        raise AnchaError("备份和恢复只适用于本机 SQLite 数据库；PostgreSQL 请使用 pg_dump")
    return ws.db.path


def _backup(args: argparse.Namespace) -> int:
    ws = Workspace(args.db, upgrade=not args.list)
    path = _sqlite_path(ws)
    if args.list:
        rows = [
            [
                b.file.taken.strftime("%Y-%m-%d %H:%M:%S"),
                f"{b.file.size / 1024:.0f} KB",
                b.photo_text,
                str(b.file.path),
            ]
            for b in backups.list_backups(path)
        ]
        print(table(rows, ["时间", "大小", "照片原片", "文件"]) if rows else "还没有备份")
        return 0
    made = backups.make_backup(path, keep=args.keep)
    print(made.summary)
    for line in made.problems:
        print(line)
    return 1 if made.problems else 0


def _restore(args: argparse.Namespace) -> int:
    ws = Workspace(args.db, upgrade=False)
    path = _sqlite_path(ws)
    ws.close()
    done = backups.restore(path, args.file)
    print(f"已从 {args.file} 恢复；原数据库已另存为 {done.aside}")
    if done.photos:
        print(f"照片原片：{done.photos} 张，从备份找回 {done.brought_back} 张")
    for line in done.problems:
        print(line)
    return 1 if done.problems else 0


def _verify(args: argparse.Namespace) -> int:
    done = integrity.verify(Workspace(args.db), args.anchor)
    print(done.audit_text)
    for line in done.bad_photos:
        print(f"照片：{line}")
    if not done.bad_photos:
        print("照片：原始文件与登记的校验值一致")
    return 0 if done.ok else 1
