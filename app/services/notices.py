"""Import a notice: parse it, classify its measures, match them against the catalog, and apply the
user's decisions. The GUI and the CLI both go through these functions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.core.errors import AnchaError
from app.core.proposals import Decision, ItemDraft, ProposalStatus, item_problems
from app.notices.classify import Lexicon, Measure, classify_notice, load_lexicon
from app.notices.match import Matcher, Proposal
from app.notices.parse import Notice, parse_notice
from app.notices.readers import read_text
from app.notices.scope import NoticeScope, scope_of
from app.services import user_catalog
from app.services.workspace import Workspace


class NoClausesError(AnchaError):
    """The file was read but no numbered clause was found in it."""


@dataclass
class ImportResult:
    notice: Notice
    measures: list[Measure]
    proposals: list[Proposal]
    text: str = ""  # the notice's text as read (shown beside the proposals)
    scope: NoticeScope = field(default_factory=NoticeScope)

    def counts(self) -> dict[ProposalStatus, int]:
        out = dict.fromkeys(ProposalStatus, 0)
        for p in self.proposals:
            out[p.status] += 1
        return out

    def summary(self) -> str:
        c = self.counts()
        return f"措施 {len(self.proposals)} 条：" + "，".join(f"{s.label} {c[s]}" for s in ProposalStatus)


@dataclass(frozen=True)
class ProposalDecision:
    """What the user decided for proposal number `index` (its position in ImportResult.proposals)."""

    index: int
    decision: Decision
    draft: ItemDraft | None = None  # for ACCEPTED: the item as it will be stored
    sector_id: str = ""  # for ACCEPTED
    item_id: str = ""  # for MERGED: the item the notice clause is added to


@dataclass
class ApplyReport:
    made: list[str] = field(default_factory=list)  # new item ids
    merged: list[str] = field(default_factory=list)  # item ids that gained a citation
    rejected: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)  # (proposal index, why) left for review

    def summary(self) -> str:
        out = f"新增检查项目 {len(self.made)} 项，合并 {len(self.merged)} 项，拒绝 {self.rejected} 条"
        if self.refused:
            out += f"；{len(self.refused)} 条未接受，需补充后再处理"
        return out


def lexicon_for(ws: Workspace) -> Lexicon:
    """The keyword lexicon of the workspace's catalog (its lexicon.yaml, else the shipped one).

    A catalog sector the lexicon does not list is still recognised by its own name (危险化学品),
    so a sector added as data is picked up by notice import without a lexicon entry.
    """
    own = ws.catalog_root / "lexicon.yaml" if ws.catalog_root else None
    lex = load_lexicon(own if own is not None and own.is_file() else None)
    for sec in ws.catalog.sorted_sectors():
        lex.sectors.setdefault(sec.id, {sec.name: lex.threshold})
    return lex


def analyse(ws: Workspace, path: Path) -> ImportResult:
    """Read, parse, classify and match a notice. Raises NoticeReadError or NoClausesError (Chinese)."""
    text = read_text(path)
    notice = parse_notice(text)
    if not notice.clauses:
        raise NoClausesError(
            f"{Path(path).name}：未找到编号的条款（如“一、”“（一）”“1.”），无法生成检查项目建议；"
            f"请确认文件是通知正文。已识别：{found_meta(notice)}"
        )
    measures = classify_notice(notice, lexicon_for(ws))
    cat = ws.catalog
    matcher = Matcher(
        [
            (
                it.id,
                it.text,
                [
                    (
                        cat.sources[c.source_id].doc_no if c.source_id in cat.sources else c.source_id,
                        cat.cite(c).split(" ", 1)[-1],
                    )
                    for c in it.basis
                ],
                it.sector_id,
            )
            for it in cat.items.values()
        ]
    )
    proposals = [matcher.propose(m, notice.doc_no) for m in measures]
    scope = scope_of(notice.issuer, notice.year, cat.areas)
    return ImportResult(notice, measures, proposals, text, scope)


def found_meta(n: Notice) -> str:
    """The notice's metadata as found, for messages: 发文机关 X，文号 Y，日期 Z (or 未识别)."""
    return "，".join(
        (
            f"发文机关 {n.issuer or '未识别'}",
            f"文号 {n.doc_no or '未识别'}",
            f"日期 {n.date.isoformat() if n.date else '未识别'}",
        )
    )


def correct_meta(result: ImportResult, issuer: str, doc_no: str, date_text: str) -> None:
    """The user's corrections of issuer, 文号 and date, checked before anything is stored: a 文号 in
    any bracket is written 〔〕; a date is YYYY-MM-DD (empty: none). Raises AnchaError (Chinese)."""
    import datetime as dt

    from app.notices.parse import normalise_doc_no

    date_text = date_text.strip()
    try:
        date = dt.date.fromisoformat(date_text) if date_text else None
    except ValueError:
        raise AnchaError(f"成文日期“{date_text}”无法识别：请写成 2025-03-05 的形式") from None
    n = result.notice
    n.issuer, n.doc_no, n.date = issuer.strip(), normalise_doc_no(doc_no.strip()), date


def meta(n: Notice, scope: NoticeScope | None = None) -> user_catalog.NoticeMeta:
    scope = scope or NoticeScope(year=n.year)
    return user_catalog.NoticeMeta(
        n.doc_no, n.issuer, n.title, n.date, scope.year or n.year, scope.area, scope.level
    )


def problems(ws: Workspace, draft: ItemDraft | None, sector_id: str) -> list[str]:
    """Why a draft cannot be accepted yet (empty when it can)."""
    if draft is None:
        return ["缺少可检查的表述、隐患描述和法律依据"]
    out = item_problems(draft, ws.catalog.provisions)
    if sector_id not in ws.catalog.sectors:
        out.append(f"未选择行业（{sector_id or '空'}）")
    return out


def apply(
    ws: Workspace, result: ImportResult, decisions: list[ProposalDecision], scope: NoticeScope | None = None
) -> ApplyReport:
    """Store the user's decisions in one transaction: accepted drafts become user-catalog items (only
    those meeting the catalog contract: the rest are reported, not stored), merges add the notice
    clause to an item, rejections store nothing."""
    report = ApplyReport()
    cat = ws.catalog
    m = meta(result.notice, scope or result.scope)
    with ws.db.session() as s:
        for d in decisions:
            p = result.proposals[d.index]
            if d.decision is Decision.REJECTED:
                report.rejected += 1
            elif d.decision is Decision.MERGED:
                item_id = d.item_id or p.item_id or ""
                if item_id not in cat.items:
                    report.refused.append((d.index, "没有可合并的相近项目"))
                    continue
                user_catalog.add_citation(s, m, p.measure.clause, item_id, cat, ws.user)
                report.merged.append(item_id)
            elif d.decision is Decision.ACCEPTED:
                why = problems(ws, d.draft, d.sector_id)
                if why or d.draft is None:
                    report.refused.append((d.index, "；".join(why)))
                    continue
                report.made.append(
                    user_catalog.add_item(
                        s,
                        m,
                        p.measure.clause,
                        d.draft,
                        d.sector_id,
                        cat,
                        ws.user,
                        departments="；".join(p.measure.departments) or None,
                    )
                )
    ws.refresh_catalog()
    return report


def accept_new(
    ws: Workspace,
    result: ImportResult,
    drafts: dict[int, tuple[ItemDraft, str]] | None = None,
    scope: NoticeScope | None = None,
) -> ApplyReport:
    """Accept every "new" proposal for which a draft (statement, hazard, legal basis; sector) is given
    and meets the contract; every other "new" proposal is reported for review, never stored as
    prose."""
    drafts = drafts or {}
    decisions = []
    for i, p in enumerate(result.proposals):
        if p.status is not ProposalStatus.NEW:
            continue
        draft, sector = drafts.get(i, (None, ""))
        decisions.append(
            ProposalDecision(i, Decision.ACCEPTED, draft, sector or next(iter(p.measure.sectors), ""))
        )
    return apply(ws, result, decisions, scope)
