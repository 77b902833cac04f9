"""`print ...` (PDF forms) and `export findings` (Excel)."""

from __future__ import annotations

import argparse
import uuid
from pathlib import Path
from typing import Any

from app.cli.common import iso_date, workspace
from app.core.errors import AnchaError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("print", help="打印 PDF：检查表、现场检查记录、双报告")
    ps = p.add_subparsers(dest="print_command", metavar="FORM", required=True)
    c = ps.add_parser("checklist", help="空白检查表")
    c.add_argument("--sector", help="行业（编号或名称，如 gas 或 燃气）")
    c.add_argument("--site", help="场所类型（编号或名称）")
    c.add_argument("--template", help="已保存的检查清单模板名称")
    c.add_argument("--common", action="store_true", help="加入通用要求")
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
    f.add_argument("--status", choices=["pending", "in_progress", "awaiting", "closed"])
    f.add_argument("--level", choices=["general", "major"])
    f.add_argument("--from", dest="date_from", type=iso_date)
    f.add_argument("--to", dest="date_to", type=iso_date)
    f.add_argument("--overdue", action="store_true", help="只导出逾期未销号的")
    f.set_defaults(func=_export)
    ec = es.add_parser("checklist", help="检查清单模板（可在 Excel 中编辑后导入）")
    ec.add_argument("--template", required=True, help="模板名称")
    ec.add_argument("-o", "--output", type=Path, required=True)
    ec.add_argument("--force", action="store_true", help="覆盖已有文件")
    ec.set_defaults(func=_export_checklist)

    im = sub.add_parser("import", help="导入")
    ims = im.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    ic = ims.add_parser("checklist", help="从 Excel 导入检查清单，保存为新模板")
    ic.add_argument("file", type=Path)
    ic.add_argument("--name", help="新模板名称（默认取工作簿中的名称）")
    ic.set_defaults(func=_import_checklist)


def resolve_id(ws: Any, model: Any, prefix: str, what: str) -> uuid.UUID:
    """A full id from a unique prefix of its hex form."""
    from sqlalchemy import select

    key = prefix.replace("-", "").lower()
    if not key or any(ch not in "0123456789abcdef" for ch in key):
        raise AnchaError(f"{what}编号格式不正确：{prefix}")
    with ws.db.session() as s:
        ids = [i for i in s.execute(select(model.id)).scalars() if i.hex.startswith(key)]
    if not ids:
        raise AnchaError(f"找不到{what}：{prefix}")
    if len(ids) > 1:
        raise AnchaError(f"{what}编号“{prefix}”不唯一（{len(ids)} 条），请多写几位")
    return ids[0]


def _done(path: Path) -> int:
    print(f"已生成 {path}")
    return 0


def _checklist(args: argparse.Namespace) -> int:
    from app.reports.checklist_pdf import write_checklist
    from app.services import checklists

    ws = workspace(args)
    cat = ws.catalog
    if args.template:
        t = checklists.get_template(ws, args.template)
        items = checklists.template_items(t)
        sector, site, title = t.sector_id, t.site_type_id, t.name
    else:
        if not args.sector:
            raise AnchaError("请用 --sector 指定行业，或用 --template 指定模板")
        sector = checklists.resolve_sector(cat, args.sector)
        site = checklists.resolve_site_type(cat, sector, args.site) if args.site else None
        items = checklists.build(cat, sector, site, with_common=args.common)
        title = None
    write_checklist(
        args.output, items, cat, sector_id=sector, site_type_id=site, title=title, overwrite=args.force
    )
    return _done(args.output)


def _inspection(args: argparse.Namespace) -> int:
    from app.services.documents import write_inspection
    from app.storage.models import Inspection

    ws = workspace(args)
    write_inspection(ws, resolve_id(ws, Inspection, args.id, "检查记录"), args.output, args.force)
    return _done(args.output)


def _dual(args: argparse.Namespace) -> int:
    from app.services.documents import write_dual_report
    from app.storage.models import Finding

    ws = workspace(args)
    write_dual_report(ws, resolve_id(ws, Finding, args.id, "隐患"), args.output, args.force)
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
    from app.storage.models import Inspection

    ws = workspace(args)
    write_record(ws, resolve_id(ws, Inspection, args.id, "检查记录"), args.output, args.force)
    return _done(args.output)


def _order(args: argparse.Namespace) -> int:
    from app.services.documents import write_order
    from app.storage.models import Inspection

    ws = workspace(args)
    _p, number = write_order(
        ws, resolve_id(ws, Inspection, args.id, "检查记录"), args.output, args.number, args.force, args.date
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
