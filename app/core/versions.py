"""Criteria versions: which version of a major-hazard standard is in force on a date.

Versions of one standard share a `family` (e.g. 煤矿重大事故隐患判定标准 令第4号 and 令第21号).
Items may link clauses of several versions; an inspection uses, per family, the version in force
on its date. When that version has no clause linked to the item, the link becomes a pending
marker ("pending:<standard id>") and the finding says the standard was revised and the clause is
still to be verified, naming the version in force, instead of citing the old one as current.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from app.core.catalog import Catalog, Standard
from app.core.findings import CriterionSnapshot

PENDING = "判定标准已修订，条款待核实"
PENDING_PREFIX = "pending:"


def family_of(std: Any) -> str:
    return str(getattr(std, "family", "") or std.id)


def version_on(cat: Catalog, family: str, day: dt.date) -> Standard | None:
    """The version of `family` in force on `day` (the catalog's rule)."""
    return cat.version_on(family, day)


def superseded_on(cat: Any, criterion_id: str, day: dt.date) -> bool:
    """The clause belongs to a version that no longer applies on `day`."""
    crit = cat.criteria.get(criterion_id)
    std = cat.standards.get(crit.standard_id) if crit else None
    return std is not None and std.superseded is not None and day >= std.superseded


def is_pending(criterion_id: str) -> bool:
    return criterion_id.startswith(PENDING_PREFIX)


def pending_id(standard_id: str) -> str:
    return PENDING_PREFIX + standard_id


def criteria_on(cat: Any, criterion_ids: Iterable[str], day: dt.date) -> list[str]:
    """The item's criterion links as they stand on `day`.

    Per family: the linked clauses of the version in force; if that version has none linked, one
    pending marker for it. Families with no version in force that day keep their links as they are
    (for example a date before any version took effect). Unknown ids are kept unchanged.
    """
    ids = list(dict.fromkeys(criterion_ids))
    by_family: dict[str, list[str]] = {}
    order: list[str] = []
    out: list[str] = []
    for cid in ids:
        crit = cat.criteria.get(cid)
        std = cat.standards.get(crit.standard_id) if crit else None
        if std is None:
            if is_pending(cid) and cid[len(PENDING_PREFIX) :] in cat.standards:
                std = cat.standards[cid[len(PENDING_PREFIX) :]]
            else:
                out.append(cid)
                continue
        fam = family_of(std)
        if fam not in by_family:
            order.append(fam)
        by_family.setdefault(fam, []).append(cid)
    for fam in order:
        linked = by_family[fam]
        current = version_on(cat, fam, day)
        if current is None:
            out += [c for c in linked if not is_pending(c)] or linked
            continue
        mine = [c for c in linked if c in cat.criteria and cat.criteria[c].standard_id == current.id]
        out += mine or [pending_id(current.id)]
    return out


def snapshot(cat: Any, criterion_id: str) -> CriterionSnapshot:
    """The 判定依据 snapshot of a clause, or of the pending state of a revised standard."""
    if is_pending(criterion_id):
        std = cat.standards[criterion_id[len(PENDING_PREFIX) :]]
        return CriterionSnapshot(criterion_id, std.name, std.doc_no, "", PENDING, "K")
    c = cat.criteria[criterion_id]
    s = cat.standards[c.standard_id]
    return CriterionSnapshot(c.id, s.name, s.doc_no, c.ref, c.summary, c.verified)


def known(cat: Any, criterion_id: str) -> bool:
    if is_pending(criterion_id):
        return criterion_id[len(PENDING_PREFIX) :] in cat.standards
    return criterion_id in cat.criteria


def snapshot_text(snap: CriterionSnapshot) -> str:
    """How a 判定依据 reads on forms; the pending state names the version in force."""
    if is_pending(snap.criterion_id):
        return f"《{snap.standard}》（{snap.doc_no}）：{PENDING}"
    return snap.text()
