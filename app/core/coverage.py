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
    names = "、".join(sec.name for sec in cat.sorted_sectors()) or "各行业"
    lines = [
        "# 检查清单覆盖情况（COVERAGE）",
        "",
        "由 `python -m app checklists coverage -o checklists/COVERAGE.md` 生成，请勿手工编辑。",
        f"每份通知中涉及{names}及通用要求的条款，列出引用它的检查项目；",
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
    lines += _legal_section(cat)
    lines += _laws_section(cat)
    lines += _criteria_section(cat)
    return "\n".join(lines)


def _legal_section(cat: Catalog) -> list[str]:
    """Per sector: items with hazard wording, with legal provisions, and those without (with reasons)."""
    lines = [
        "## 隐患描述与法律依据",
        "",
        "| 行业 | 检查项目 | 有隐患描述 | 有法律依据 | 未找到法律依据（说明理由） |",
        "|---|---|---|---|---|",
    ]
    missing: list[str] = []
    for sec in cat.sorted_sectors(include_common=True):
        items = [it for it in cat.items.values() if it.sector_id == sec.id and it.origin == "shipped"]
        if not items:
            continue
        hazard = sum(1 for it in items if it.hazard)
        legal = sum(1 for it in items if it.legal)
        stated = [it for it in items if not it.legal and it.legal_missing]
        lines.append(f"| {sec.name} | {len(items)} | {hazard} | {legal} | {len(stated)} |")
        missing += [f"- {it.id}：{it.legal_missing}" for it in sorted(stated, key=lambda i: i.id)]
    lines.append("")
    if missing:
        lines += ["未找到法律依据的检查项目：", "", *missing, ""]
    return lines


def _laws_section(cat: Catalog) -> list[str]:
    """The laws catalog: provisions per document by verification mark."""
    lines = [
        "## 法律法规条款（laws/）",
        "",
        "| 文件 | 版本施行 | 条款数 | V | S | K | 被引用条款 |",
        "|---|---|---|---|---|---|---|",
    ]
    used = {p for it in cat.items.values() for p in it.legal}
    totals = {"V": 0, "S": 0, "K": 0}
    for law in sorted(cat.laws.values(), key=lambda x: x.id):
        provs = [p for p in cat.provisions.values() if p.law_id == law.id]
        marks = {m: sum(1 for p in provs if p.verified == m) for m in totals}
        for m in totals:
            totals[m] += marks[m]
        start = law.in_force.isoformat() if law.in_force else "—"
        cited = sum(1 for p in provs if p.id in used)
        counts = " | ".join(str(marks[m]) for m in totals)
        lines.append(f"| {law.title()} | {start} | {len(provs)} | {counts} | {cited} |")
    n = sum(totals.values())
    lines += [
        "",
        f"合计：{len(cat.laws)} 份文件，{n} 条条款（V {totals['V']}，S {totals['S']}，K {totals['K']}）。",
        "",
    ]
    return lines


def _criteria_section(cat: Catalog) -> list[str]:
    """Every criterion clause: the items linked to it, or why none is."""
    linked: dict[str, list[str]] = defaultdict(list)
    for it in sorted(cat.items.values(), key=lambda i: i.id):
        for cid in it.criteria:
            linked[cid].append(it.id)
    lines = ["## 重大事故隐患判定标准条款", ""]
    total = with_items = explained = 0
    for std in sorted(cat.standards.values(), key=lambda s: (s.sector_id, s.family or s.id, s.id)):
        until = f"，{std.superseded.isoformat()}废止" if std.superseded else ""
        start = std.in_force.isoformat() if std.in_force else "施行日期待核实"
        lines += [f"### {std.name}（{std.doc_no}，{start}施行{until}）", ""]
        lines += ["| 条款 | 情形 | 核实 | 关联检查项目 / 未关联理由 |", "|---|---|---|---|"]
        for c in cat.criteria.values():
            if c.standard_id != std.id:
                continue
            total += 1
            ids = linked.get(c.id, [])
            if ids:
                with_items += 1
                cell = "、".join(ids)
            elif c.note:
                explained += 1
                cell = f"未关联：{c.note}"
            else:
                cell = "**未关联，未说明理由**"
            lines.append(f"| {c.ref} | {c.summary} | {c.verified} | {cell} |")
        lines.append("")
    lines += [f"合计：{total} 条情形，关联检查项目 {with_items}，说明未关联理由 {explained}。", ""]
    return lines
