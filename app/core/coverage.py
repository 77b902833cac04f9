"""checklists/COVERAGE.md: which items cover each notice clause, and why any is left out."""

from __future__ import annotations

from collections import defaultdict

from app.core.catalog import Catalog


def _clause_key(clause: str) -> tuple[int, str]:
    digits = "".join(ch for ch in clause if ch.isdigit())
    cn = "一二三四五六七八九十"
    value = int(digits) if digits else 0
    if not digits:  # Chinese numerals up to 九十九
        text = "".join(ch for ch in clause if ch in cn)
        if text:
            if "十" in text:
                tens, _, ones = text.partition("十")
                value = (cn.index(tens) + 1 if tens else 1) * 10 + (cn.index(ones) + 1 if ones else 0)
            else:
                value = cn.index(text[0]) + 1
    return value, clause


def coverage_markdown(cat: Catalog) -> str:
    cited: dict[tuple[str, str], list[str]] = defaultdict(list)
    for it in sorted(cat.items.values(), key=lambda i: i.id):
        if it.origin != "shipped":
            continue
        for c in it.basis:
            cited[(c.source_id, c.clause)].append(it.id)
    lines = [
        "# 检查清单覆盖情况（COVERAGE）",
        "",
        "由 `python -m app checklists coverage -o checklists/COVERAGE.md` 生成，请勿手工编辑。",
        "每份通知中涉及燃气、消防、矿山、道路交通及通用要求的条款，列出引用它的检查项目；",
        "未转化为检查项目的条款写明理由。",
        "",
    ]
    total = covered = excluded = 0
    for src in cat.sources.values():
        entries = [e for e in cat.coverage if e.source_id == src.id]
        if not entries:
            continue
        day = src.date.isoformat() if src.date else str(src.year or "")
        lines += [f"## {src.doc_no} {src.issuer}（{day}）", ""]
        lines += ["| 条款 | 行业 | 覆盖的检查项目 / 不纳入理由 |", "|---|---|---|"]
        for e in sorted(entries, key=lambda e: (_clause_key(e.clause), e.sector_id)):
            total += 1
            sector = cat.sectors[e.sector_id].name if e.sector_id in cat.sectors else e.sector_id
            ids = cited.get((e.source_id, e.clause), [])
            own = [i for i in ids if cat.items[i].sector_id == e.sector_id]
            if e.excluded:
                excluded += 1
                cell = f"不纳入：{e.excluded}"
                if own:
                    cell += "（另见 " + "、".join(own) + "）"
            else:
                covered += 1
                cell = "、".join(own or ids)
            lines.append(f"| {e.clause} | {sector} | {cell} |")
        lines.append("")
    lines += [f"合计：{total} 条（行业×条款），已覆盖 {covered}，说明不纳入 {excluded}。", ""]
    return "\n".join(lines)
