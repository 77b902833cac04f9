"""`settings list | set`: office name, document number prefix and other settings kept with the data."""

from __future__ import annotations

import argparse

from app.cli.common import workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    st = sub.add_parser("settings", help="执法机关名称、文书编号前缀等设置")
    sts = st.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    sts.add_parser("list", help="列出设置").set_defaults(func=_settings_list)
    sts.add_parser("show", help="列出设置（含本人辖区）").set_defaults(func=_settings_list)
    sset = sts.add_parser("set", help="修改一项设置（本人辖区：set jurisdiction 沁水县 或 140521）")
    sset.add_argument("key")
    sset.add_argument("value")
    sset.set_defaults(func=_settings_set)


def _settings_list(args: argparse.Namespace) -> int:
    from app.reports import settings
    from app.services import jurisdiction

    ws = workspace(args)
    code = jurisdiction.get_code(ws)
    print(f"{jurisdiction.SETTING_KEY}\t{jurisdiction.LABEL}\t{jurisdiction.describe(ws, code)}")
    for key, (label, _default) in settings.KEYS.items():
        print(f"{key}\t{label}\t{settings.get(ws, key)}")
    return 0


def _settings_set(args: argparse.Namespace) -> int:
    from app.reports import settings
    from app.services import jurisdiction

    ws = workspace(args)
    if args.key == jurisdiction.SETTING_KEY:
        area = jurisdiction.set_jurisdiction(ws, args.value)
        print(f"已设置 {jurisdiction.LABEL} = {jurisdiction.describe(ws, area.code)}")
        return 0
    settings.put(ws, args.key, args.value)
    print(f"已设置 {args.key} = {args.value}")
    return 0
