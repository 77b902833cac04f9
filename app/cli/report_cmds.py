"""`print ...` (PDF forms) and `export findings` (Excel)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import uuid
from pathlib import Path
from typing import Any

from app.cli.common import iso_date, workspace
from app.core.errors import AnchaError
from app.core.findings import Level, Status


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("print", help="打印 PDF：检查表、现场检查记录、双报告")
    ps = p.add_subparsers(dest="print_command", metavar="FORM", required=True)
    c = ps.add_parser("checklist", help="空白检查表")
    c.add_argument("--sector", help="行业（编号或名称，如 gas 或 燃气）")
    c.add_argument("--site", help="场所类型（编号或名称）")
    c.add_argument("--template", help="已保存的检查清单模板名称")
    c.add_argument("--common", action="store_true", help="加入通用要求")
    c.add_argument("--unit", help="为某单位打印：按该单位所在地区选择通知依据（单位编号前几位或名称）")
    c.add_argument("--area", help="按指定地区选择通知依据（县区名称或行政区划代码），默认本人辖区")
    c.add_argument("--other-areas", action="store_true", help="也列出仅有其他地区通知依据的项目")
    c.set_defaults(func=_checklist)
    i = ps.add_parser("inspection", help="现场检查记录（含结果、隐患和照片）")
    i.add_argument("id", help="检查记录编号（可只写前几位）")
    i.set_defaults(func=_inspection)
    d = ps.add_parser("dual-report", help="重大事故隐患双报告（报监管部门、报职工）及验收销号记录")
    d.add_argument("id", help="隐患编号（可只写前几位）")
    d.set_defaults(func=_dual)
    b = ps.add_parser("dual-reports", help="某期间全部未销号重大事故隐患的双报告，合为一个 PDF")
    b.add_argument("--from", dest="date_from", type=iso_date)
    b.add_argument("--to", dest="date_to", type=iso_date)
    b.set_defaults(func=_batch)
    r = ps.add_parser("record", help="执法文书：现场检查记录")
    r.add_argument("id", help="检查记录编号（可只写前几位）")
    r.set_defaults(func=_record)
    o = ps.add_parser("order", help="执法文书：责令限期整改指令书（自动编号）")
    o.add_argument("id", help="检查记录编号（可只写前几位）")
    o.add_argument("--number", help="文书编号（默认按设置的前缀自动编号）")
    o.add_argument("--date", type=iso_date, help="指令书日期 YYYY-MM-DD（默认今天）")
    o.add_argument("--again", metavar="文书编号", help="重新打印已开具的指令书（内容和编号不变）")
    o.set_defaults(func=_order)
    v = ps.add_parser("review", help="执法文书：整改复查意见书（按所复查的指令书逐项填写）")
    v.add_argument("order", help="所复查的责令限期整改指令书编号，或检查记录编号（取其最近一份指令书）")
    v.add_argument("--date", type=iso_date, help="复查日期 YYYY-MM-DD（默认今天）")
    v.add_argument("--not-done", help="未整改完毕的项目序号，如 2,3（默认按隐患状态判断）")
    v.add_argument("--number", help="文书编号（默认自动编号）")
    v.set_defaults(func=_review)
    for q in (c, i, d, b, r, o, v):
        q.add_argument("-o", "--output", type=Path, required=True, help="输出文件")
        q.add_argument("--force", action="store_true", help="覆盖已有文件")

    e = sub.add_parser("export", help="导出 Excel")
    es = e.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    f = es.add_parser("findings", help="隐患台账（按筛选条件）")
    f.add_argument("-o", "--output", type=Path, required=True)
    f.add_argument("--force", action="store_true", help="覆盖已有文件")
    f.add_argument("--sector")
    for option, enum in (("--status", Status), ("--level", Level)):
        codes = "；".join(f"{m.value}={m.label}" for m in enum)
        f.add_argument(option, choices=[m.value for m in enum], help=codes)
    f.add_argument("--from", dest="date_from", type=iso_date)
    f.add_argument("--to", dest="date_to", type=iso_date)
    f.add_argument("--overdue", action="store_true", help="只导出逾期未销号的")
    f.set_defaults(func=_export)
    ec = es.add_parser("checklist", help="检查清单模板（可在 Excel 中编辑后导入）")
    ec.add_argument("--template", required=True, help="模板名称")
    ec.add_argument("-o", "--output", type=Path, required=True)
    ec.add_argument("--force", action="store_true", help="覆盖已有文件")
    ec.set_defaults(func=_export_checklist)
    eu = es.add_parser("units", help="企业名录（被检查单位，可再导入）")
    eu.add_argument("-o", "--output", type=Path, required=True)
    eu.add_argument("--force", action="store_true", help="覆盖已有文件")
    eu.set_defaults(func=_export_units)

    im = sub.add_parser("import", help="导入")
    ims = im.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    ic = ims.add_parser("checklist", help="从 Excel 导入检查清单，保存为新模板")
    ic.add_argument("file", type=Path)
    ic.add_argument("--name", help="新模板名称（默认取工作簿中的名称）")
    ic.set_defaults(func=_import_checklist)
    iu = ims.add_parser("units", help="导入企业名录（xlsx/csv）：逐行检查，加 --apply 才写入")
    iu.add_argument("file", type=Path)
    iu.add_argument("--apply", action="store_true", help="导入全部有效的新单位（有问题的行不导入）")
    iu.set_defaults(func=_import_units)


def resolve_id(ws: Any, kind: Any, prefix: str, what: str) -> uuid.UUID:
    """A full id from a unique prefix of its hex form (the one rule: cli.records.resolve)."""
    from app.cli.records import resolve

    return resolve(ws, kind, prefix, what)


def _done(path: Path) -> int:
    print(f"已生成 {path}")
    return 0


def _checklist_place(ws: Any, args: argparse.Namespace) -> Any:
    """The place a printed checklist cites for: --unit's area, --area, else the jurisdiction."""
    from app.core.jurisdiction import Place
    from app.services import jurisdiction

    if args.unit:
        unit = _find_unit(ws, args.unit)
        return Place(jurisdiction.unit_area(ws, unit), dt.date.today()), unit
    if args.area:
        return Place(jurisdiction.areas(ws).resolve(args.area).code, dt.date.today()), None
    code = jurisdiction.get_code(ws)
    if code is None:
        hint = "提示：未设置本人辖区，检查表列出全部地区的通知依据（settings set jurisdiction 县区名称）"
        print(hint, file=sys.stderr)
    return Place(code, dt.date.today()), None


def _find_unit(ws: Any, key: str) -> Any:
    """A unit by id prefix or by (part of) its name, when that is unique."""
    from app.services import units

    hexkey = key.replace("-", "").lower()
    if hexkey and all(ch in "0123456789abcdef" for ch in hexkey) and len(hexkey) >= 4:
        try:
            return units.get_unit(ws, resolve_id(ws, "unit", key, "单位"))
        except AnchaError:
            pass
    found = units.list_units(ws, key)
    exact = [u for u in found if u.name == key]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0]
    if not found:
        raise AnchaError(f"找不到单位：{key}")
    raise AnchaError(f"单位“{key}”不唯一（{len(found)} 个），请写全名称或用编号")


def _checklist(args: argparse.Namespace) -> int:
    from app.reports.checklist_pdf import write_checklist
    from app.services import checklists

    ws = workspace(args)
    place, _unit = _checklist_place(ws, args)
    if not args.template and not args.sector:
        raise AnchaError("请用 --sector 指定行业，或用 --template 指定模板")
    chosen = checklists.choose(
        ws, args.template, args.sector, args.site, args.common, place=place, other_areas=args.other_areas
    )
    write_checklist(
        args.output,
        chosen.items,
        ws.catalog,
        sector_id=chosen.sector_id,
        site_type_id=chosen.site_type_id,
        title=chosen.template_name,
        overwrite=args.force,
    )
    return _done(args.output)


def _inspection(args: argparse.Namespace) -> int:
    from app.services.documents import write_inspection

    ws = workspace(args)
    write_inspection(ws, resolve_id(ws, "inspection", args.id, "检查记录"), args.output, args.force)
    return _done(args.output)


def _dual(args: argparse.Namespace) -> int:
    from app.services.documents import write_dual_report

    ws = workspace(args)
    write_dual_report(ws, resolve_id(ws, "finding", args.id, "隐患"), args.output, args.force)
    return _done(args.output)


def _batch(args: argparse.Namespace) -> int:
    from app.services.documents import open_major_hazards, write_dual_reports

    ws = workspace(args)
    found = open_major_hazards(ws, args.date_from, args.date_to)
    write_dual_reports(ws, found, args.output, args.force)
    print(f"共 {len(found)} 条重大事故隐患")
    return _done(args.output)


def _export(args: argparse.Namespace) -> int:
    from app.services.checklists import resolve_sector
    from app.services.exports import write_findings
    from app.services.ledger import FindingFilter

    ws = workspace(args)
    flt = FindingFilter(
        sector_id=resolve_sector(ws.catalog, args.sector) if args.sector else None,
        status=args.status,
        level=args.level,
        date_from=args.date_from,
        date_to=args.date_to,
        overdue=args.overdue,
    )
    n = write_findings(ws, flt, args.output, args.force)
    print(f"共 {n} 条隐患")
    return _done(args.output)


def _record(args: argparse.Namespace) -> int:
    from app.services.documents import write_record

    ws = workspace(args)
    write_record(ws, resolve_id(ws, "inspection", args.id, "检查记录"), args.output, args.force)
    return _done(args.output)


def _order(args: argparse.Namespace) -> int:
    from app.services.documents import find_order, render_order_file, write_order

    ws = workspace(args)
    if args.again:
        order = find_order(ws, args.again)
        render_order_file(ws, order.id, args.output, args.force)
        print(f"重新打印：{order.number}")
        return _done(args.output)
    _p, number = write_order(
        ws, resolve_id(ws, "inspection", args.id, "检查记录"), args.output, args.number, args.force, args.date
    )
    print(f"文书编号：{number}")
    return _done(args.output)


def _review(args: argparse.Namespace) -> int:
    from app.services.documents import find_order, write_review

    ws = workspace(args)
    order = find_order(ws, args.order)
    results = _review_results(args.not_done, order.items)
    _p, number = write_review(ws, order.id, args.output, args.date, results, args.number, args.force)
    print(f"复查的指令书：{order.number}（{order.items} 项）")
    print(f"文书编号：{number}")
    return _done(args.output)


def _export_checklist(args: argparse.Namespace) -> int:
    from app.reports.checklist_xlsx import export_template
    from app.services import checklists

    ws = workspace(args)
    t = checklists.get_template(ws, args.template)
    export_template(
        args.output, t.name, t.sector_id, t.site_type_id, checklists.template_items(t), args.force
    )
    return _done(args.output)


def _import_checklist(args: argparse.Namespace) -> int:
    from app.reports.checklist_xlsx import import_template
    from app.services import checklists

    ws = workspace(args)
    got = import_template(args.file, args.name)
    sector = got.sector_id if got.sector_id in ws.catalog.sectors else "common"
    site = got.site_type_id if got.site_type_id in ws.catalog.site_types else None
    checklists.save_template(ws, got.name, sector, site, got.items)
    print(f"已导入模板“{got.name}”：{len(got.items)} 项")
    return 0


def _import_units(args: argparse.Namespace) -> int:
    from app.services import unit_directory

    ws = workspace(args)
    checked = unit_directory.preview(ws, args.file)
    print(checked.summary())
    for problem in checked.problems:
        print(f"  {problem}")
    if not args.apply:
        if checked.new:
            print(f"未写入：确认后加 --apply 导入 {len(checked.new)} 个有效的新单位（有问题的行不导入）")
        return 1 if checked.bad else 0
    added = unit_directory.apply(ws, checked)
    print(f"已导入 {added} 个单位")
    return 0


def _export_units(args: argparse.Namespace) -> int:
    from app.services import unit_directory

    n = unit_directory.export_units(workspace(args), args.output, args.force)
    print(f"已导出 {n} 个单位")
    return _done(args.output)


def _review_results(text: str | None, count: int) -> dict[int, bool] | None:
    """`--not-done 2,3`: those items not rectified, the others rectified."""
    if text is None:
        return None
    nos: set[int] = set()
    for part in text.replace("，", ",").replace("、", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= count:
            raise AnchaError(f"--not-done 中的序号“{part}”不正确，应为1至{count}之间的数字")
        nos.add(int(part))
    return {i: i not in nos for i in range(1, count + 1)}
