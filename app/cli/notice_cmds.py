"""`notices import FILE [--json] [--apply]`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.cli.common import table, workspace

STATUS = {"covered": "已覆盖", "new": "新增", "internal": "不可现场检查"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("notices", help="导入新的安全生产工作通知，生成检查项目建议")
    ps = p.add_subparsers(dest="notices_command", metavar="ACTION", required=True)
    i = ps.add_parser("import", help="识别文号、条款和措施，与现有检查项目比对")
    i.add_argument("file", type=Path, help="通知文件（.txt、.docx 或文字版 .pdf）")
    i.add_argument("--json", action="store_true", help="以 JSON 输出")
    i.add_argument("--apply", action="store_true", help="把所有“新增”建议加入用户检查清单")
    i.set_defaults(func=_import)


def _import(args: argparse.Namespace) -> int:
    from app.services import notices

    ws = workspace(args)
    r = notices.analyse(ws, args.file)
    n = r.notice
    made = notices.accept_new(ws, r) if args.apply else []
    if args.json:
        print(
            json.dumps(
                {
                    "issuer": n.issuer,
                    "doc_no": n.doc_no,
                    "title": n.title,
                    "date": n.date.isoformat() if n.date else None,
                    "year": n.year,
                    "clauses": [
                        {
                            "label": c.label,
                            "heading": c.heading,
                            "text": c.text,
                            "departments": c.departments,
                            "parent": c.parent,
                        }
                        for c in n.clauses
                    ],
                    "proposals": [
                        {
                            "clause": p.measure.clause,
                            "text": p.measure.text,
                            "status": p.status,
                            "item_id": p.item_id,
                            "score": round(p.score, 1),
                            "sectors": p.measure.sectors,
                            "departments": p.measure.departments,
                        }
                        for p in r.proposals
                    ],
                    "applied": made,
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    print(f"发文机关：{n.issuer or '（未识别）'}\n文号：{n.doc_no or '（未识别）'}\n标题：{n.title}")
    print(f"日期：{n.date or (str(n.year) + '年' if n.year else '（未识别）')}")
    print(f"条款：{len(n.top_level)} 条（含行业分项共 {len(n.clauses)} 条）")
    print()
    rows = [
        [
            p.measure.clause,
            STATUS[p.status],
            p.item_id or "",
            "、".join(p.measure.sectors),
            p.measure.text[:40],
        ]
        for p in r.proposals
    ]
    print(table(rows, ["条款", "建议", "相近项目", "行业", "措施"]))
    c = r.counts()
    print(
        f"\n措施 {len(r.proposals)} 条：已覆盖 {c['covered']}，新增 {c['new']}，不可现场检查 {c['internal']}"
    )
    if args.apply:
        print(f"已加入用户检查清单 {len(made)} 项：{'、'.join(made[:20])}{'…' if len(made) > 20 else ''}")
    return 0
