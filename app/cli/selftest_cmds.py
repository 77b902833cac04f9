"""`selftest`."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("selftest", help="自检：在临时文件夹中建库、检查、打印、导出并逐项读回")
    p.add_argument("--dir", type=Path, default=None, help="临时文件夹（默认自动创建）")
    p.set_defaults(func=_selftest)


def _selftest(args: argparse.Namespace) -> int:
    from app.selftest import run

    return run(folder=args.dir)
