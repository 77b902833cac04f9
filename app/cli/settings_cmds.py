"""`settings list | set`: office name, document number prefix and other settings kept with the data."""

from __future__ import annotations

import argparse

from app.cli.common import workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    st = sub.add_parser("settings", help="执法机关名称、文书编号前缀等设置")
    sts = st.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    sts.add_parser("list", help="列出设置").set_defaults(func=_settings_list)
    sset = sts.add_parser("set", help="修改一项设置")
    sset.add_argument("key")
    sset.add_argument("value")
    sset.set_defaults(func=_settings_set)


def _settings_list(args: argparse.Namespace) -> int:
    from app.reports import settings

    ws = workspace(args)
    for key, (label, _default) in settings.KEYS.items():
        print(f"{key}\t{label}\t{settings.get(ws, key)}")
    return 0


def _settings_set(args: argparse.Namespace) -> int:
    from app.reports import settings

    ws = workspace(args)
    settings.put(ws, args.key, args.value)
    print(f"已设置 {args.key} = {args.value}")
    return 0
