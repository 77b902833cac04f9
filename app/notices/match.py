"""Match measures against the catalog: covered by an item, or new."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from app.notices.classify import Measure

COVERED = 60.0  # partial-ratio score at or above which a measure counts as covered


@dataclass
class Proposal:
    measure: Measure
    status: str  # covered | new | internal
    item_id: str | None
    score: float
    cited: bool = False  # an item already cites this notice and clause


def clause_cited(label: str, cited_labels: set[str]) -> bool:
    """A clause counts as cited when an item cites it or one of its parts (六、 ← 六、（燃气）)."""
    return any(c == label or c.startswith(label) or label.startswith(c) for c in cited_labels)


def match_measures(
    measures: Sequence[Measure],
    items: Sequence[tuple[str, str, list[tuple[str, str]]]],
    doc_no: str,
) -> list[Proposal]:
    """items: (item id, text, citations as (文号, clause label))."""
    texts = [t for _i, t, _c in items]
    ids = [i for i, _t, _c in items]
    cited_by: dict[str, set[str]] = {}
    for item_id, _t, cites in items:
        for d, label in cites:
            if d == doc_no:
                cited_by.setdefault(item_id, set()).add(label)
    out: list[Proposal] = []
    for m in measures:
        if not m.checkable:
            out.append(Proposal(m, "internal", None, 0.0))
            continue
        best = process.extractOne(m.text, texts, scorer=fuzz.partial_ratio) if texts else None
        item_id, sc = (ids[best[2]], float(best[1])) if best else (None, 0.0)
        citing = [i for i, labels in cited_by.items() if clause_cited(m.clause, labels)]
        if citing and (item_id not in citing or sc < COVERED):
            # the clause is cited: prefer the citing item that matches best
            scored = [(fuzz.partial_ratio(m.text, texts[ids.index(i)]), i) for i in citing]
            sc2, item_id = max(scored)
            out.append(Proposal(m, "covered", item_id, float(sc2), cited=True))
        elif sc >= COVERED:
            out.append(Proposal(m, "covered", item_id, sc, cited=bool(citing)))
        else:
            out.append(Proposal(m, "new", item_id, sc))
    return out
