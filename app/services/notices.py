"""Import a notice: parse it, classify its measures, match them against the catalog, accept."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.notices.classify import Lexicon, Measure, classify, load_lexicon
from app.notices.match import Proposal, match_measures
from app.notices.parse import Notice, parse_notice
from app.notices.readers import read_text
from app.services import user_catalog
from app.services.workspace import Workspace


@dataclass
class ImportResult:
    notice: Notice
    measures: list[Measure]
    proposals: list[Proposal]

    def counts(self) -> dict[str, int]:
        out = {"covered": 0, "new": 0, "internal": 0}
        for p in self.proposals:
            out[p.status] += 1
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
    notice = parse_notice(read_text(path))
    measures = classify(notice.clauses, lexicon_for(ws))
    cat = ws.catalog
    items = [
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
        )
        for it in cat.items.values()
    ]
    return ImportResult(notice, measures, match_measures(measures, items, notice.doc_no))


def meta(n: Notice) -> user_catalog.NoticeMeta:
    return user_catalog.NoticeMeta(n.doc_no, n.issuer, n.title, n.date, n.year)


def accept_new(ws: Workspace, result: ImportResult) -> list[str]:
    """Every new, checkable measure with a known sector becomes a user-catalog item."""
    made: list[str] = []
    cat = ws.catalog
    with ws.db.session() as s:
        for p in result.proposals:
            if p.status != "new":
                continue
            sector = next((x for x in p.measure.sectors if x in cat.sectors), None)
            if sector is None:
                continue
            made.append(
                user_catalog.add_item(
                    s,
                    meta(result.notice),
                    p.measure.clause,
                    p.measure.text,
                    sector,
                    cat,
                    ws.user,
                    departments="；".join(p.measure.departments) or None,
                )
            )
    ws.refresh_catalog()
    return made
