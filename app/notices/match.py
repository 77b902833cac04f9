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
# Items are ranked (not judged) by the same cosine with each bigram weighted by how rare it is among
# the catalog's items (挂靠 tells more than 车辆 or 安全), and an item of a sector the measure is not
# of ranks OTHER_SECTOR lower: a generic duty (教育培训) goes to the common item before the roads item
# that restates it for drivers. On the corpus this raised top-1 from 101 to 104 of 108 covered duties.
SECTOR_BONUS = 10.0
COVERED = 25.0
OTHER_SECTOR = 10.0
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
        df: dict[str, int] = {}
        for g in self.grams:
            for b in g:
                df[b] = df.get(b, 0) + 1
        n = len(self.grams)
        self.unseen = math.log((n + 1) / 0.5)  # the weight of a bigram no item has
        self.idf = {b: math.log((n + 1) / (k + 0.5)) for b, k in df.items()}
        self.norms = [math.sqrt(sum(self.idf[b] ** 2 for b in g)) for g in self.grams]

    def weighted(self, q: frozenset[str], k: int, q_norm: float) -> float:
        """Cosine of measure (bigrams q, weighted norm q_norm) and item k, each bigram weighted by
        its rarity among the items."""
        if not q_norm or not self.norms[k]:
            return 0.0
        shared = sum(self.idf[b] ** 2 for b in q & self.grams[k])
        return 100.0 * shared / (q_norm * self.norms[k])

    def ranked(self, m: Measure, only: set[str] | None = None) -> list[tuple[str, float]]:
        """Items best first, with their score. A common item (应急预案, 主体责任) applies to units of
        every sector: it ranks as if it were of the measure's sector, so a generic duty is not given to
        the sector item that restates it for gas or fire; an item of another sector ranks lower. The
        order is by rarity-weighted similarity; the score (what "covered" is decided on) is the plain
        one, and keeps no common bonus, so a loose common item does not make a new duty covered."""
        q = bigrams(m.text)
        q_norm = math.sqrt(sum(self.idf.get(b, self.unseen) ** 2 for b in q))
        scored = []
        for k, g in enumerate(self.grams):
            if only is not None and self.ids[k] not in only:
                continue
            bonus = SECTOR_BONUS if self.sectors[k] in m.sectors else 0.0
            # common: as if of the measure's sector; another sector: lower
            rank_bonus = SECTOR_BONUS if self.sectors[k] == COMMON else (bonus or -OTHER_SECTOR)
            scored.append((self.weighted(q, k, q_norm) + rank_bonus, self.ids[k], similarity(q, g) + bonus))
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
