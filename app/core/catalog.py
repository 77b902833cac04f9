"""Catalog types: sources, sectors, site types, items, major-hazard criteria."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.core.findings import CriterionSnapshot


@dataclass(frozen=True)
class Source:
    """A notice that items cite."""

    id: str
    doc_no: str
    issuer: str
    title: str
    date: dt.date | None = None
    year: int | None = None
    numbering: str = ""


@dataclass(frozen=True)
class SiteType:
    id: str
    name: str
    sector_id: str
    description: str = ""


@dataclass(frozen=True)
class Sector:
    id: str
    name: str
    order: int = 0
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Citation:
    source_id: str
    clause: str


@dataclass(frozen=True)
class Item:
    id: str
    sector_id: str
    group: str
    text: str
    methods: tuple[str, ...]
    basis: tuple[Citation, ...]
    site_types: tuple[str, ...]
    criteria: tuple[str, ...] = ()
    legal: str = ""
    origin: str = "shipped"  # shipped | user

    def applies_to(self, site_type_id: str) -> bool:
        return "all" in self.site_types or site_type_id in self.site_types


@dataclass(frozen=True)
class Criterion:
    id: str
    standard_id: str
    ref: str
    summary: str
    verified: str  # V / S / K


@dataclass(frozen=True)
class Standard:
    id: str
    sector_id: str
    name: str
    doc_no: str
    in_force: dt.date | None
    superseded: dt.date | None = None
    replaces: str = ""
    note: str = ""

    def in_force_on(self, day: dt.date) -> bool:
        started = self.in_force is None or self.in_force <= day
        return started and (self.superseded is None or day < self.superseded)


@dataclass(frozen=True)
class CoverageEntry:
    sector_id: str
    source_id: str
    clause: str
    excluded: str = ""


VERIFIED_LABELS = {"V": "已核对官方文本", "S": "二手来源，待核实", "K": "未核实"}


@dataclass
class Catalog:
    sources: dict[str, Source] = field(default_factory=dict)
    sectors: dict[str, Sector] = field(default_factory=dict)
    site_types: dict[str, SiteType] = field(default_factory=dict)
    items: dict[str, Item] = field(default_factory=dict)
    standards: dict[str, Standard] = field(default_factory=dict)
    criteria: dict[str, Criterion] = field(default_factory=dict)
    coverage: list[CoverageEntry] = field(default_factory=list)

    COMMON = "common"

    def sorted_sectors(self, include_common: bool = False) -> list[Sector]:
        secs = [s for s in self.sectors.values() if include_common or s.id != self.COMMON]
        return sorted(secs, key=lambda s: (s.order, s.id))

    def site_types_of(self, sector_id: str) -> list[SiteType]:
        return [t for t in self.site_types.values() if t.sector_id == sector_id]

    def items_for(self, sector_id: str, site_type_id: str | None = None) -> list[Item]:
        """Items of a sector (optionally for one site type), grouped in the sector's order."""
        sector = self.sectors[sector_id]
        order = {g: i for i, g in enumerate(sector.groups)}
        items = [
            it
            for it in self.items.values()
            if it.sector_id == sector_id and (site_type_id is None or it.applies_to(site_type_id))
        ]
        return sorted(items, key=lambda it: (order.get(it.group, len(order)), it.id))

    def common_items(self) -> list[Item]:
        return self.items_for(self.COMMON) if self.COMMON in self.sectors else []

    def cite(self, c: Citation) -> str:
        src = self.sources.get(c.source_id)
        doc = src.doc_no if src else c.source_id
        clause = c.clause
        if clause and not clause.startswith(("第", "（", "(")) and clause[0].isdigit():
            clause = f"第{clause}条"
        return f"{doc} {clause}".strip()

    def basis_text(self, item: Item) -> str:
        """依据 as printed: every citation, then the law reference if any."""
        parts = [self.cite(c) for c in item.basis]
        if item.legal:
            parts.append(item.legal)
        return "；".join(parts)

    def snapshot(self, criterion_id: str) -> CriterionSnapshot:
        c = self.criteria[criterion_id]
        s = self.standards[c.standard_id]
        return CriterionSnapshot(c.id, s.name, s.doc_no, c.ref, c.summary, c.verified)

    def search(self, text: str, sector_id: str | None = None) -> list[Item]:
        """Items whose text, group or basis contains every word of `text`."""
        words = [w for w in text.split() if w]
        out = []
        for it in self.items.values():
            if sector_id and it.sector_id != sector_id:
                continue
            hay = f"{it.text} {it.group} {self.basis_text(it)} {it.id}"
            if all(w in hay for w in words):
                out.append(it)
        return out
