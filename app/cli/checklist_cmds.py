"""`checklists validate | list | coverage`."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from app.cli.common import table
from app.core.catalog_loader import load_catalog, read_catalog
from app.core.errors import AnchaError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("checklists", help="检查清单数据：校验、列表、覆盖情况")
    cs = p.add_subparsers(dest="cl_command", metavar="ACTION", required=True)
    v = cs.add_parser("validate", help="校验清单数据，错误按 文件:编号:字段: 说明 列出")
    v.add_argument("--root", type=Path, default=None, help="清单目录（默认为程序自带的 checklists/）")
    v.add_argument(
        "--strict",
        action="store_true",
        help="同时要求每个项目有隐患描述和法律依据、每条判定标准条款有关联项目或说明",
    )
    v.set_defaults(func=_validate)
    ls = cs.add_parser("list", help="列出行业、场所类型和检查项目数")
    ls.add_argument("--root", type=Path, default=None)
    ls.set_defaults(func=_list)
    cov = cs.add_parser("coverage", help="生成 COVERAGE.md：各通知条款的覆盖情况")
    cov.add_argument("--root", type=Path, default=None)
    cov.add_argument("-o", "--output", type=Path, default=None, help="写入文件（默认输出到屏幕）")
    cov.add_argument("--check", action="store_true", help="只检查文件是否与生成结果一致")
    cov.set_defaults(func=_coverage)


def _validate(args: argparse.Namespace) -> int:
    cat, problems = read_catalog(args.root, strict=True if args.strict else None)
    for p in problems:
        print(p)
    if problems:
        print(f"共 {len(problems)} 处错误", file=sys.stderr)
        return 1
    print(
        f"检查清单数据有效：{len(cat.sectors)} 个行业，{len(cat.site_types)} 种场所，"
        f"{len(cat.items)} 个检查项目，{len(cat.criteria)} 条判定标准条款，"
        f"{len(cat.sources)} 份来源通知"
    )
    return 0


def _list(args: argparse.Namespace) -> int:
    cat = load_catalog(args.root)
    rows: list[list[str]] = []
    for sec in cat.sorted_sectors(include_common=True):
        items = cat.items_for(sec.id)
        major = sum(1 for it in items if it.criteria)
        rows.append([sec.id, sec.name, "（全部）", str(len(items)), str(major)])
        for st in cat.site_types_of(sec.id):
            n = len(cat.items_for(sec.id, st.id))
            m = sum(1 for it in cat.items_for(sec.id, st.id) if it.criteria)
            rows.append(["", "", f"{st.name}（{st.id}）", str(n), str(m)])
    print(table(rows, ["行业", "名称", "场所类型", "检查项目", "关联重大隐患"]))
    verified = Counter(c.verified for c in cat.criteria.values())
    print()
    print(
        f"判定标准 {len(cat.standards)} 部，条款 {len(cat.criteria)} 条"
        f"（已核对 {verified['V']}，二手来源 {verified['S']}，未核实 {verified['K']}）；"
        f"来源通知 {len(cat.sources)} 份"
    )
    return 0


def _coverage(args: argparse.Namespace) -> int:
    from app.core.coverage import coverage_markdown

    text = coverage_markdown(load_catalog(args.root))
    if args.check:
        target = args.output or Path(__file__).resolve().parents[2] / "checklists" / "COVERAGE.md"
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            raise AnchaError(f"{target} 与生成结果不一致，请重新生成")
        print(f"{target} 与清单数据一致")
        return 0
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"已写入 {args.output}")
    else:
        print(text)
    return 0
