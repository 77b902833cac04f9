"""Catalog types: sources, sectors, site types, items, major-hazard criteria."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
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
    area: str = ""  # 行政区划代码 of the issuing government's area
    level: str = ""  # province | city | county | town | national
    until: dt.date | None = None  # explicit last day it applies, if any
    partial: bool = False  # only part of the text could be found
    provenance: str = ""


AREA_LEVELS = ("national", "province", "city", "county", "town")


@dataclass(frozen=True)
class Area:
    """An administrative division (行政区划)."""

    code: str  # six digits
    name: str
    level: str  # one of AREA_LEVELS
    parent: str | None = None


LAW_KINDS = (
    "法律",
    "行政法规",
    "部门规章",
    "地方性法规",
    "地方政府规章",
    "国家标准",
    "行业标准",
    "规范性文件",
)


@dataclass(frozen=True)
class Law:
    """A law, regulation, rule or standard that items rest on (one version of it)."""

    id: str
    name: str
    short: str
    kind: str
    doc_no: str = ""
    issuer: str = ""
    in_force: dt.date | None = None
    superseded: dt.date | None = None
    source: str = ""
    note: str = ""

    @property
    def is_standard(self) -> bool:
        return self.kind in ("国家标准", "行业标准")

    def title(self) -> str:
        """How the document is named in print: 《安全生产法》, or GB 55009-2021《燃气工程项目规范》."""
        if self.is_standard and self.doc_no:
            return f"{self.doc_no}《{self.short or self.name}》"
        return f"《{self.short or self.name}》"


@dataclass(frozen=True)
class Provision:
    """One cited 条/款/项 of a law, with a summary in our own words."""

    id: str
    law_id: str
    ref: str  # the document's own numbering, e.g. 第四十一条第二款
    summary: str
    verified: str  # V / S / K


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
    authority: str = ""  # default department holding the enforcement power, e.g. 住房和城乡建设局


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
    hazard: str = ""  # 隐患描述: the violation as written in a record
    legal: tuple[str, ...] = ()  # provision ids (laws/*.yaml): what a failure breaches
    legal_missing: str = ""  # why no provision could be found, when `legal` is empty
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
    note: str = ""  # for a clause no item links to: why


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
    family: str = ""  # versions of one standard share a family; defaults to the id

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
    laws: dict[str, Law] = field(default_factory=dict)
    provisions: dict[str, Provision] = field(default_factory=dict)
    areas: dict[str, Area] = field(default_factory=dict)

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

    def notice_text(self, item: Item, source_ids: Collection[str] | None = None) -> str:
        """工作要求 as printed: the notice clauses asking for the item (only `source_ids`, if given)."""
        cites = [c for c in item.basis if source_ids is None or c.source_id in source_ids]
        return "；".join(self.cite(c) for c in cites)

    def provision_text(self, provision_id: str) -> str:
        """A provision as printed: 《安全生产法》第四十一条第二款."""
        p = self.provisions.get(provision_id)
        if p is None:
            return provision_id
        law = self.laws.get(p.law_id)
        return f"{law.title() if law else p.law_id}{p.ref}"

    def legal_text(self, item: Item) -> str:
        """法律依据 as printed: every provision the item rests on, or an empty string."""
        return "；".join(self.provision_text(p) for p in item.legal)

    def basis_text(self, item: Item, source_ids: Collection[str] | None = None) -> str:
        """依据 as printed: the notice clauses, then the legal provisions."""
        parts = [self.notice_text(item, source_ids), self.legal_text(item)]
        return "；".join(p for p in parts if p)

    def family_of(self, standard_id: str) -> str:
        std = self.standards[standard_id]
        return std.family or std.id

    def versions(self, family: str) -> list[Standard]:
        """The versions of one standard, oldest first."""
        out = [s for s in self.standards.values() if (s.family or s.id) == family]
        return sorted(out, key=lambda s: (s.in_force or dt.date.min, s.id))

    def version_on(self, family: str, day: dt.date) -> Standard | None:
        """The version of a standard in force on `day`, if any."""
        live = [s for s in self.versions(family) if s.in_force_on(day)]
        return live[-1] if live else None

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
            hay = f"{it.text} {it.hazard} {it.group} {self.basis_text(it)} {it.id}"
            if all(w in hay for w in words):
                out.append(it)
        return out
