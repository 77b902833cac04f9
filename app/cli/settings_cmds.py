"""`settings list | set | inspector | inspectors | retire`: issuing department per sector, document
number prefixes, appeal bodies and the register of officers, kept with the data."""

from __future__ import annotations

import argparse

from app.cli.common import workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    st = sub.add_parser("settings", help="执法机关（按行业）、文书编号前缀、执法人员及执法证号等设置")
    sts = st.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    sts.add_parser("list", help="列出设置").set_defaults(func=_settings_list)
    sts.add_parser("show", help="列出设置（含本人辖区）").set_defaults(func=_settings_list)
    sset = sts.add_parser(
        "set", help="修改一项设置（按行业设置时写 键.行业编号，如 office.gas；本人辖区：jurisdiction 沁水县）"
    )
    sset.add_argument("key")
    sset.add_argument("value")
    sset.set_defaults(func=_settings_set)
    ia = sts.add_parser("inspector", help="登记执法人员及执法证号（已登记的则修改证号）")
    ia.add_argument("name")
    ia.add_argument("cert_no", help="执法证号")
    ia.add_argument("--role", help="职务")
    ia.set_defaults(func=_inspector_add)
    il = sts.add_parser("inspectors", help="列出执法人员")
    il.add_argument("--all", action="store_true", help="包括已停用的")
    il.set_defaults(func=_inspector_list)
    ir = sts.add_parser("retire", help="停用执法人员（旧文书保留其姓名和证号）")
    ir.add_argument("name")
    ir.set_defaults(func=_inspector_retire)


def _settings_list(args: argparse.Namespace) -> int:
    from app.services import jurisdiction, settings

    ws = workspace(args)
    code = jurisdiction.get_code(ws)
    print(f"{jurisdiction.SETTING_KEY}\t{jurisdiction.LABEL}\t{jurisdiction.describe(ws, code)}")
    for key, label, value in settings.items(ws):
        print(f"{key}\t{label}\t{value}")
    for sector in ws.catalog.sorted_sectors():
        office = settings.office_for(ws, sector.id)
        print(f"[{sector.name}]\t执法机关：{office.department}\t职权依据：{office.power_basis}")
    officers = settings.list_inspectors(ws)
    print("执法人员：" + ("；".join(f"{o.name} {o.cert_no}" for o in officers) or "（未登记）"))
    return 0


def _inspector_add(args: argparse.Namespace) -> int:
    from app.services import settings

    ws = workspace(args)
    o = settings.save_inspector(ws, args.name, args.cert_no, args.role)
    print(f"已登记执法人员 {o.name}，执法证号 {o.cert_no}")
    return 0


def _inspector_list(args: argparse.Namespace) -> int:
    from app.services import settings

    ws = workspace(args)
    for o in settings.list_inspectors(ws, active_only=not args.all):
        print(f"{o.name}\t{o.cert_no}\t{o.role}\t{'在用' if o.active else '停用'}")
    return 0


def _inspector_retire(args: argparse.Namespace) -> int:
    from app.services import settings

    ws = workspace(args)
    settings.retire_inspector(ws, args.name)
    print(f"已停用执法人员 {args.name}")
    return 0


def _settings_set(args: argparse.Namespace) -> int:
    from app.services import jurisdiction, settings

    ws = workspace(args)
    if args.key == jurisdiction.SETTING_KEY:
        area = jurisdiction.set_jurisdiction(ws, args.value)
        print(f"已设置 {jurisdiction.LABEL} = {jurisdiction.describe(ws, area.code)}")
        return 0
    settings.put(ws, args.key, args.value)
    print(f"已设置 {args.key} = {args.value}")
    return 0
