"""Jurisdictions: administrative areas and which notices apply to a unit's area on a date.

A unit in a county is under the notices of its county, its city and its province (plus national
law). A notice applies from its date (or the first day of its work year) until its explicit
`until`, or until the same area's next year's notice takes over.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from app.core.catalog import Area
from app.core.errors import ValidationError

LEVELS = {"national": "国家", "province": "省", "city": "市", "county": "县（市、区）", "town": "乡镇"}
OTHER_AREAS = "其他地区通知要求"


class Areas:
    """The bundled list of administrative areas, by code."""

    def __init__(self, areas: Iterable[Any]) -> None:
        self.by_code: dict[str, Area] = {}
        for a in areas:
            area = a if isinstance(a, Area) else Area(str(a.code), a.name, a.level, a.parent)
            self.by_code[area.code] = area

    def __len__(self) -> int:
        return len(self.by_code)

    def __contains__(self, code: object) -> bool:
        return code in self.by_code

    def get(self, code: str | None) -> Area | None:
        return self.by_code.get(code) if code else None

    def chain(self, code: str | None) -> list[Area]:
        """The area and its parents: county, city, province."""
        out: list[Area] = []
        seen: set[str] = set()
        area = self.get(code)
        while area is not None and area.code not in seen:
            out.append(area)
            seen.add(area.code)
            area = self.get(area.parent)
        return out

    def full_name(self, code: str | None) -> str:
        """山西省晋城市沁水县."""
        return "".join(a.name for a in reversed(self.chain(code)))

    def label(self, code: str | None) -> str:
        """沁水县（晋城市）: a short name that is unique."""
        area = self.get(code)
        if area is None:
            return ""
        parent = self.get(area.parent)
        if area.level == "county" and parent is not None:
            return f"{area.name}（{parent.name}）"
        return area.name

    def counties(self) -> list[Area]:
        """County-level areas, ordered by code (grouped by city)."""
        return sorted((a for a in self.by_code.values() if a.level == "county"), key=lambda a: a.code)

    def resolve(self, text: str) -> Area:
        """An area from its code, its name (沁水县, 沁水) or its full name (晋城市城区)."""
        key = "".join(text.split())
        if not key:
            raise ValidationError("辖区", "不能为空")
        if key in self.by_code:
            return self.by_code[key]
        exact = [a for a in self.by_code.values() if key in (a.name, self.full_name(a.code))]
        if not exact:
            exact = [a for a in self.by_code.values() if self._joined(a).endswith(key)]
        if not exact:
            short = [a for a in self.by_code.values() if a.name[:-1] == key and len(a.name) > 2]
            exact = short
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            names = "、".join(f"{self.full_name(a.code)}（{a.code}）" for a in exact)
            raise ValidationError("辖区", f"“{text}”不唯一，请写明所属市或填写代码：{names}")
        hint = "可填写县区名称或6位行政区划代码，如 沁水县 或 140521"
        raise ValidationError("辖区", f"未找到行政区划“{text}”（{hint}）")

    def _joined(self, a: Area) -> str:
        return self.full_name(a.code)

    def find_in(self, text: str) -> Area | None:
        """The most specific area whose name an issuer's name starts with (沁水县人民政府 -> 沁水县)."""
        clean = "".join(text.split())
        if not clean:
            return None
        best: list[Area] = []
        for a in self.by_code.values():
            if clean.startswith(a.name) or clean.startswith(self.full_name(a.code)):
                best.append(a)
        if not best:
            return None
        rank = {"county": 0, "city": 1, "province": 2}
        best.sort(key=lambda a: (rank.get(a.level, 3), -len(a.name)))
        top = [a for a in best if rank.get(a.level) == rank.get(best[0].level) and a.name == best[0].name]
        return best[0] if len(top) == 1 else None


def load_areas(path: Path) -> Areas:
    """Read an areas.yaml file; a clear message names what is wrong."""
    import yaml

    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise ValidationError("行政区划", f"无法读取{path.name}：{exc}") from exc
    rows = data.get("areas") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise ValidationError("行政区划", f"{path.name}中缺少areas列表")
    areas = []
    for row in rows:
        if not isinstance(row, dict) or not row.get("code") or not row.get("name"):
            raise ValidationError("行政区划", f"{path.name}中有不完整的条目：{row!r}")
        parent = row.get("parent")
        level = str(row.get("level") or "")
        areas.append(Area(str(row["code"]), str(row["name"]), level, str(parent) if parent else None))
    return Areas(areas)


# --- notices --------------------------------------------------------------


class NoticeLike(Protocol):
    id: str
    issuer: str
    date: dt.date | None
    year: int | None


def _attr(src: Any, name: str) -> Any:
    return getattr(src, name, None)


def source_area(areas: Areas, src: Any) -> str | None:
    """The area code of a notice: its own `area`, else read from the issuer's name."""
    code = _attr(src, "area")
    if code:
        return str(code)
    level = _attr(src, "level")
    if level == "national":
        return None
    found = areas.find_in(_attr(src, "issuer") or "")
    return found.code if found else None


def source_level(areas: Areas, src: Any) -> str | None:
    level = _attr(src, "level")
    if level:
        return str(level)
    area = areas.get(source_area(areas, src))
    return area.level if area else None


def source_start(src: Any) -> dt.date | None:
    """The first day a notice applies: its date, else the first day of its work year."""
    year = _attr(src, "year")
    day = _attr(src, "date")
    if isinstance(day, dt.date):
        # a work year's notice issued in the year before still plans that year
        if year and day.year < year:
            return dt.date(year, 1, 1)
        return day
    if year:
        return dt.date(int(year), 1, 1)
    return None


def _work_year(src: Any) -> int | None:
    year = _attr(src, "year")
    if year:
        return int(year)
    day = _attr(src, "date")
    return day.year if isinstance(day, dt.date) else None


@dataclass(frozen=True)
class Period:
    start: dt.date | None
    end: dt.date | None  # last day it applies; None = still applies
    replaced_by: str | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def source_periods(areas: Areas, sources: Mapping[str, Any]) -> dict[str, Period]:
    """When each notice applies: explicit `until`, else until the same area's next year's notice."""
    by_area: dict[str, list[Any]] = {}
    for src in sources.values():
        code = source_area(areas, src)
        if code:
            by_area.setdefault(code, []).append(src)
    out: dict[str, Period] = {}
    for src in sources.values():
        start = source_start(src)
        until = _attr(src, "until")
        end: dt.date | None = until if isinstance(until, dt.date) else None
        replaced_by = None
        code = source_area(areas, src)
        year = _work_year(src)
        if end is None and code and year:
            later = [o for o in by_area.get(code, []) if (_work_year(o) or 0) > year]
            if later:
                nxt = min(later, key=lambda o: (_work_year(o), o.id))
                nstart = source_start(nxt)
                if nstart is not None:
                    end = nstart - dt.timedelta(days=1)
                    replaced_by = nxt.id
        out[src.id] = Period(start, end, replaced_by)
    return out


@dataclass(frozen=True)
class Place:
    """Where and when citations are chosen: a unit's area (or the inspector's) and a date."""

    area: str | None  # 行政区划代码; None = no filter (every notice applies)
    day: dt.date

    @classmethod
    def today(cls, area: str | None) -> Place:
        return cls(area, dt.date.today())


class Jurisdiction:
    """Which notices apply where and when, for one catalog."""

    def __init__(self, areas: Areas, sources: Mapping[str, Any]) -> None:
        self.areas = areas
        self.sources = sources
        self.periods = source_periods(areas, sources)

    def applies(self, source_id: str, place: Place) -> bool:
        """True when the notice is one of the place's own (its county, city, province or national)
        and in force on the day. Unknown or area-less notices count as the place's own."""
        src = self.sources.get(source_id)
        if src is None or place.area is None:
            return True
        level = source_level(self.areas, src)
        code = source_area(self.areas, src)
        own = {a.code for a in self.areas.chain(place.area)}
        if level != "national" and code is not None and code not in own:
            return False
        period = self.periods.get(source_id)
        return period is None or period.covers(place.day)

    def is_elsewhere(self, source_id: str, place: Place) -> bool:
        """A notice of another area (not merely out of date)."""
        src = self.sources.get(source_id)
        if src is None or place.area is None:
            return False
        code = source_area(self.areas, src)
        if source_level(self.areas, src) == "national" or code is None:
            return False
        return code not in {a.code for a in self.areas.chain(place.area)}

    def citations(self, item: Any, place: Place) -> tuple[Any, ...]:
        """The item's notice citations that apply at the place."""
        return tuple(c for c in item.basis if self.applies(c.source_id, place))

    def other_area_only(self, item: Any, place: Place) -> bool:
        """The item's only notice basis is another area's and no law requires it, so it is not this
        unit's requirement. An item resting on a legal provision applies everywhere: it stays in the
        checklist, citing the law and none of the other area's notices (see `localise`)."""
        basis = tuple(item.basis)
        if not basis or place.area is None or getattr(item, "legal", None):
            return False
        if any(self.applies(c.source_id, place) for c in basis):
            return False
        return any(self.is_elsewhere(c.source_id, place) for c in basis)

    def localise(self, item: Any, place: Place) -> Any:
        """A copy of the item citing only the notices that apply at the place."""
        kept = self.citations(item, place)
        if kept == tuple(item.basis):
            return item
        return dataclasses.replace(item, basis=kept)

    def current_sources(self, place: Place) -> list[Any]:
        """The notices that apply at the place, province first."""
        rank = {"national": 0, "province": 1, "city": 2, "county": 3, "town": 4}
        found = [s for sid, s in self.sources.items() if self.applies(sid, place)]
        return sorted(found, key=lambda s: (rank.get(source_level(self.areas, s) or "", 5), s.id))


def catalog_areas(cat: Any, fallback: Path | None = None) -> Areas:
    """The catalog's areas (a mapping or list of area records), else those read from `fallback`."""
    raw = getattr(cat, "areas", None)
    if raw:
        return Areas(raw.values() if isinstance(raw, Mapping) else raw)
    if fallback is not None and fallback.exists():
        return load_areas(fallback)
    return Areas([])


_CACHE: dict[int, tuple[Any, Jurisdiction]] = {}


def for_catalog(cat: Any, fallback: Path | None = None) -> Jurisdiction:
    """The jurisdiction rules of a catalog (cached per catalog object)."""
    hit = _CACHE.get(id(cat))
    if hit is not None and hit[0] is cat:
        return hit[1]
    j = Jurisdiction(catalog_areas(cat, fallback), cat.sources)
    if len(_CACHE) > 8:
        _CACHE.clear()
    _CACHE[id(cat)] = (cat, j)
    return j
