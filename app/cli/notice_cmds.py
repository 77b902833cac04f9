"""`notices import FILE [--json] [--apply [--drafts FILE]] [--issuer --doc-no --date --area --level
--year]`."""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path
from typing import Any

from app.cli.common import table, workspace
from app.core.catalog import AREA_LEVELS
from app.core.errors import AnchaError
from app.core.proposals import ItemDraft


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("notices", help="导入新的安全生产工作通知，生成检查项目建议")
    ps = p.add_subparsers(dest="notices_command", metavar="ACTION", required=True)
    i = ps.add_parser("import", help="识别文号、条款和措施，与现有检查项目比对")
    i.add_argument("file", type=Path, help="通知文件（.txt、.docx 或文字版 .pdf）")
    i.add_argument("--json", action="store_true", help="以 JSON 输出（可填写其中的 item 后用 --drafts 接受）")
    i.add_argument(
        "--apply",
        action="store_true",
        help="接受“新增”建议：只接受已写明可检查表述、隐患描述和法律依据的（见 --drafts），其余列出待处理",
    )
    i.add_argument("--drafts", type=Path, help="填写了 item 的 JSON 文件（--json 的输出）")
    i.add_argument("--issuer", help="发文机关（默认按通知识别）")
    i.add_argument("--doc-no", dest="doc_no", help="文号，如 晋政发〔2025〕1号（默认按通知识别）")
    i.add_argument("--date", help="成文日期 YYYY-MM-DD（默认按通知识别）")
    i.add_argument("--area", help="发文机关所在行政区划代码（6位，默认按发文机关识别）")
    i.add_argument("--level", choices=AREA_LEVELS, help="发文级别（默认按发文机关识别）")
    i.add_argument("--year", type=int, help="通知适用的工作年度（默认按文号或日期）")
    i.set_defaults(func=_import)


def _drafts(path: Path) -> dict[int, tuple[ItemDraft, str]]:
    """Proposal number -> (draft, sector) from an edited --json output."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        out: dict[int, tuple[ItemDraft, str]] = {}
        for p in data["proposals"]:
            item = p.get("item") or {}
            if not str(item.get("text", "")).strip():
                continue
            draft = ItemDraft(
                str(item["text"]),
                str(item.get("hazard", "")),
                tuple(str(x) for x in item.get("legal") or ()),
                str(item.get("legal_missing", "")),
            )
            out[int(p["no"]) - 1] = (draft, str(item.get("sector", "")))
        return out
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AnchaError(f"建议文件 {path} 无法读取：{exc}") from exc


def _proposal_json(no: int, p: Any) -> dict[str, Any]:
    return {
        "no": no,
        "clause": p.measure.clause,
        "text": p.measure.text,
        "kind": str(p.measure.kind),
        "status": str(p.status),
        "status_label": p.status.label,
        "item_id": p.item_id,
        "score": round(p.score, 1),
        "candidates": [{"item_id": i, "score": round(s, 1)} for i, s in p.candidates],
        "sectors": p.measure.sectors,
        "departments": p.measure.departments,
        # to accept a "new" proposal, write the item (FORMAT.md contract) and pass this file to --drafts
        "item": {
            "text": "",
            "hazard": "",
            "legal": [],
            "legal_missing": "",
            "sector": next(iter(p.measure.sectors), ""),
        },
    }


def _import(args: argparse.Namespace) -> int:
    from app.services import notices

    ws = workspace(args)
    r = notices.analyse(ws, args.file)
    n = r.notice
    if args.issuer is not None or args.doc_no is not None or args.date is not None:
        notices.correct_meta(
            r,
            n.issuer if args.issuer is None else args.issuer,
            n.doc_no if args.doc_no is None else args.doc_no,
            (n.date.isoformat() if n.date else "") if args.date is None else args.date,
        )
    scope = dataclasses.replace(
        r.scope,
        area=args.area if args.area is not None else r.scope.area,
        level=args.level or r.scope.level,
        year=args.year or r.scope.year,
    )
    report = (
        notices.accept_new(ws, r, _drafts(args.drafts) if args.drafts else {}, scope) if args.apply else None
    )
    if args.json:
        print(
            json.dumps(
                {
                    "issuer": n.issuer,
                    "doc_no": n.doc_no,
                    "title": n.title,
                    "date": n.date.isoformat() if n.date else None,
                    "year": n.year,
                    "area": scope.area,
                    "level": scope.level,
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
                    "proposals": [_proposal_json(i, p) for i, p in enumerate(r.proposals, 1)],
                    "applied": report.made if report else [],
                    "refused": [{"no": i + 1, "reason": why} for i, why in report.refused] if report else [],
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    print(f"发文机关：{n.issuer or '（未识别）'}\n文号：{n.doc_no or '（未识别）'}\n标题：{n.title}")
    print(f"日期：{n.date or (str(n.year) + '年' if n.year else '（未识别）')}")
    print(f"级别：{scope.label}　行政区划：{scope.area or '（未识别）'}　年度：{scope.year or '（未识别）'}")
    print(f"条款：{len(n.top_level)} 条（含行业分项共 {len(n.clauses)} 条）")
    print()
    sectors = ws.catalog.sectors
    rows = [
        [
            str(i),
            p.measure.clause,
            p.status.label,
            " ".join(c for c, _s in p.candidates[:3]) if p.status.actionable else "",
            "、".join(sectors[x].name if x in sectors else x for x in p.measure.sectors),
            p.measure.text[:40],
        ]
        for i, p in enumerate(r.proposals, 1)
    ]
    print(table(rows, ["序号", "条款", "建议", "相近项目", "行业", "措施"]))
    print("\n" + r.summary())
    if report:
        print(report.summary())
        if report.made:
            print("已加入用户检查清单：" + "、".join(report.made))
        for i, why in report.refused[:50]:
            print(f"  序号 {i + 1} 待处理：{why}")
        if report.refused and not args.drafts:
            print(
                "提示：用 --json 导出建议，为要接受的措施填写 item"
                "（检查内容、隐患描述、法律依据），再用 --drafts 接受"
            )
    return 0
