"""Match measures against the catalog: covered by an item, new, or not a checklist matter."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.core.proposals import MeasureKind, ProposalStatus
from app.notices.classify import Measure

# Similarity is the cosine of the character-bigram sets of measure and item (0-100), plus SECTOR_BONUS
# when the item's sector is one of the measure's. Calibrated on the labelled corpus
# (tests/data/notices, 97 duties, 91 of them restating a catalog item, see BENCHMARKS.md): the item
# that covers a measure scores >= 29 for all but two loose summaries ("气、瓶、阀、灶、软管"), the best
# item for a duty no item covers scores <= 18; character bigrams rank paraphrases better than
# rapidfuzz's partial ratio (top-1 0.98 against 0.93), which lets any long item score high on a
# short measure. A common item ranks as if it were of the measure's sector (it applies to every
# sector), but "covered" is decided on scores without that bonus: on the held-out real pages this put
# the common item first for generic duties (应急预案, 主体责任) without making any new duty covered.
SECTOR_BONUS = 10.0
COVERED = 25.0
TOP = 3  # candidates kept for the user to choose from
COMMON = "common"

WORD = re.compile(r"[\u4e00-\u9fa5A-Za-z0-9]")


@dataclass
class Proposal:
    measure: Measure
    status: ProposalStatus
    item_id: str | None
    score: float
    cited: bool = False  # an item already cites this notice and clause
    candidates: list[tuple[str, float]] = field(default_factory=list)  # best items first


def bigrams(text: str) -> frozenset[str]:
    s = "".join(WORD.findall(text))
    return frozenset(s[i : i + 2] for i in range(len(s) - 1))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return 100.0 * len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0


def _norm_doc(doc_no: str) -> str:
    from app.notices.parse import normalise_doc_no

    return normalise_doc_no(doc_no)


def clause_cited(label: str, cited_labels: set[str]) -> bool:
    """A clause counts as cited when an item cites it or one of its parts (六、 ← 六、（燃气）)."""
    return any(c == label or c.startswith(label) or label.startswith(c) for c in cited_labels)


class Matcher:
    """The catalog's items, indexed once: (id, text, citations as (文号, clause label), sector id)."""

    def __init__(self, items: Sequence[tuple[str, str, list[tuple[str, str]], str]]) -> None:
        self.ids = [i for i, _t, _c, _s in items]
        self.sectors = [s for _i, _t, _c, s in items]
        self.grams = [bigrams(t) for _i, t, _c, _s in items]
        self.by_doc: dict[str, dict[str, set[str]]] = {}  # 文号 -> item id -> clause labels it cites
        for item_id, _t, cites, _s in items:
            for d, label in cites:
                self.by_doc.setdefault(_norm_doc(d), {}).setdefault(item_id, set()).add(label)

    def ranked(self, m: Measure, only: set[str] | None = None) -> list[tuple[str, float]]:
        """Items best first, with their score. A common item (应急预案, 主体责任) applies to units of
        every sector: it ranks as if it were of the measure's sector, so a generic duty is not given to
        the sector item that restates it for gas or fire; its score (what "covered" is decided on)
        keeps no bonus, so a loose common item does not make a new duty covered."""
        q = bigrams(m.text)
        scored = []
        for k, g in enumerate(self.grams):
            if only is not None and self.ids[k] not in only:
                continue
            sc = similarity(q, g) + (SECTOR_BONUS if self.sectors[k] in m.sectors else 0.0)
            rank = sc + (SECTOR_BONUS if self.sectors[k] == COMMON else 0.0)
            scored.append((rank, self.ids[k], sc))
        scored.sort(key=lambda x: -x[0])
        return [(i, sc) for _r, i, sc in scored]

    def propose(self, m: Measure, doc_no: str = "") -> Proposal:
        if m.kind is MeasureKind.INTERNAL:
            return Proposal(m, ProposalStatus.INTERNAL, None, 0.0)
        if m.kind is MeasureKind.ASSIGNMENT:
            return Proposal(m, ProposalStatus.ASSIGNMENT, None, 0.0)
        if m.short:  # a fragment matches anything: the user judges it
            return Proposal(m, ProposalStatus.SHORT, None, 0.0)
        ranked = self.ranked(m)
        top = ranked[:TOP]
        doc = doc_no or m.doc_no
        cited_by = self.by_doc.get(_norm_doc(doc), {}) if doc else {}
        citing = {i for i, labels in cited_by.items() if clause_cited(m.clause, labels)}
        if citing and (not top or top[0][0] not in citing or top[0][1] < COVERED):
            # the clause is cited: the citing item that matches best covers it
            item_id, sc = self.ranked(m, citing)[0]
            return Proposal(m, ProposalStatus.COVERED, item_id, sc, cited=True, candidates=top)
        if top and max(sc for _i, sc in top) >= COVERED:
            return Proposal(
                m, ProposalStatus.COVERED, top[0][0], top[0][1], cited=bool(citing), candidates=top
            )
        best = top[0] if top else (None, 0.0)
        return Proposal(m, ProposalStatus.NEW, best[0], best[1], candidates=top)


def match_measures(
    measures: Sequence[Measure],
    items: Sequence[tuple[str, str, list[tuple[str, str]]] | tuple[str, str, list[tuple[str, str]], str]],
    doc_no: str = "",
) -> list[Proposal]:
    """items: (item id, text, citations as (文号, clause label)[, sector id]).

    A duty whose clause an item already cites is "covered" (by the best-matching citing item);
    otherwise it is "covered" when an item scores >= COVERED, else "new". Government work and staff
    assignments are never proposed as items; fragments too short to judge are flagged, not matched.
    doc_no defaults to each measure's own 文号."""
    matcher = Matcher([(it[0], it[1], it[2], it[3] if len(it) > 3 else "") for it in items])
    return [matcher.propose(m, doc_no) for m in measures]
