"""Where and when an imported notice applies: the area (行政区划代码), level and work year of its issuer."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core.catalog import AREA_LEVELS
from app.notices.parse import ISSUER_KIND

LEVEL_LABELS = {"national": "国家", "province": "省级", "city": "市级", "county": "县级", "town": "乡镇"}
# the body's own level when no area list names it: 省/自治区 … 乡/镇/街道, read from the end of the
# place name in front of the issuing body (长治市上党区人民政府 -> 长治市上党区 -> 区 -> county)
BODY = re.compile(rf"{ISSUER_KIND}$")
# the place names a body's name starts with (长治市潞城区 of 长治市潞城区住房和城乡建设局)
PLACES = re.compile(
    r"^(?:[\u4e00-\u9fa5]{1,7}?(?:自治区|自治州|自治县|特别行政区|省|市|州|盟|县|区|旗|镇|(?<!城)乡|街道))+"
)
BY_SUFFIX = (
    (("街道", "镇", "乡", "苏木"), "town"),
    (("县", "区", "旗", "自治县"), "county"),
    (("市", "州", "盟", "自治州"), "city"),
    (("省", "自治区", "特别行政区"), "province"),
)


@dataclass(frozen=True)
class NoticeScope:
    area: str = ""  # 行政区划代码, "" when unknown
    level: str = ""  # one of AREA_LEVELS, "" when unknown
    year: int | None = None

    @property
    def label(self) -> str:
        return LEVEL_LABELS.get(self.level, "级别未识别")


def _level_of_place(place: str) -> str:
    for suffixes, level in BY_SUFFIX:
        if place.endswith(suffixes):
            return level
    return ""


def scope_of(issuer: str, year: int | None, areas: Mapping[str, Any]) -> NoticeScope:
    """The issuer's area from the area list (the longest area name it contains, preferring one whose
    parent is also named: 长治市上党区 -> 上党区 under 长治市), else its level from the place name."""
    if not issuer:
        return NoticeScope(year=year)
    named = [a for a in areas.values() if a.name and a.name in issuer]
    if named:

        def rank(a: Any) -> tuple[int, int]:
            parent = areas.get(a.parent) if a.parent else None
            depth = AREA_LEVELS.index(a.level) if a.level in AREA_LEVELS else 0
            return (depth, int(bool(parent and parent.name in issuer)))

        best = max(named, key=rank)
        return NoticeScope(best.code, best.level, year)
    if issuer.startswith(("国务院", "国家", "应急管理部")):
        return NoticeScope("", "national", year)
    if issuer.endswith(("街道办事处", "街道办")):  # a 街道 office is a town-level body wherever it is
        return NoticeScope("", "town", year)
    issuer = re.sub(r"^(?:中共|XX|××)", "", issuer)  # 中共…厅党组; a template's placeholder
    level = _level_of_place(BODY.sub("", issuer))
    if not level:  # another kind of body (沁源县住房和城乡建设局): the places its name starts with
        places = PLACES.match(issuer)
        level = _level_of_place(places.group(0)) if places else ""
    return NoticeScope("", level, year)
