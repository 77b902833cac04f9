"""Rules of the 执法文书: names per department, the power basis, per-item deadlines, results."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class DocKind(StrEnum):
    RECORD = "record"  # 现场检查记录
    ORDER = "order"  # 责令限期整改指令书
    REVIEW = "review"  # 整改复查意见书


# Number codes, as in 沁应急责改〔2026〕3号.
KIND_CODES = {DocKind.RECORD: "检记", DocKind.ORDER: "责改", DocKind.REVIEW: "复查"}

# The 安全生产 model set (安全生产监管执法文书式样) names.
TITLES = {
    DocKind.RECORD: "现场检查记录",
    DocKind.ORDER: "责令限期整改指令书",
    DocKind.REVIEW: "整改复查意见书",
}
# Fire rescue (消防救援机构) names its documents after its own 消防监督检查 set. The names
# come from secondary sources; the current 消防救援 model text itself was not found, so the
# body keeps the 安全生产 model's structure. The review keeps the 安全生产 name (no fire name found).
FIRE_TITLES = {
    DocKind.RECORD: "消防监督检查记录",
    DocKind.ORDER: "责令改正通知书",
    DocKind.REVIEW: "整改复查意见书",
}

# Where the power to inspect and order correction comes from, per sector (printed in the order).
# 安全生产法 (2021) 第六十五条: the 监督检查职权 of 应急管理部门 and the other departments with
# safety supervision duties (enter and inspect; order correction within a time limit; order
# hazards removed). 消防法 (2021) 第五十三条 (监督检查) and 第五十四条 (火灾隐患 to be removed).
# Printed from the laws catalog's provisions when it holds them, else the fallback text.
POWER_PROVISIONS_DEFAULT = ("aqsc-2021-65-1-2", "aqsc-2021-65-1-3")
POWER_PROVISIONS = {"fire": ("xff-2021-53-1", "xff-2021-54")}
POWER_BASIS_DEFAULT = "《中华人民共和国安全生产法》第六十五条"
POWER_BASIS = {"fire": "《中华人民共和国消防法》第五十三条、第五十四条"}

DEFAULT_AUTHORITY = "应急管理局"
# Number codes of other departments, replacing 应急 in the office-wide prefix (沁应急 -> 沁建).
AUTHORITY_CODES = {"住房和城乡建设局": "建", "消防救援大队": "消", "交通运输局": "交"}


def sector_prefix(office_prefix: str, authority: str) -> str:
    code = AUTHORITY_CODES.get(authority)
    if code and office_prefix.endswith("应急"):
        return office_prefix[: -len("应急")] + code
    return office_prefix


def titles_for(sector_id: str | None) -> dict[DocKind, str]:
    return FIRE_TITLES if sector_id == "fire" else TITLES


def power_basis_for(sector_id: str | None) -> str:
    return POWER_BASIS.get(sector_id or "", POWER_BASIS_DEFAULT)


def power_provisions_for(sector_id: str | None) -> tuple[str, ...]:
    return POWER_PROVISIONS.get(sector_id or "", POWER_PROVISIONS_DEFAULT)


def is_immediate(found_on: dt.date | None, deadline: dt.date | None) -> bool:
    """A deadline on the day the hazard was found means 立即整改."""
    return deadline is not None and found_on is not None and deadline <= found_on


def cn_date(day: dt.date | None, blank: str = "______年____月____日") -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else blank


def deadline_text(found_on: dt.date | None, deadline: dt.date | None) -> str:
    if is_immediate(found_on, deadline):
        return "立即整改"
    return f"{cn_date(deadline)}前整改完毕" if deadline else "整改期限待定"


class Stopped(StrEnum):
    """Whether production was stopped because of a major hazard (停产停业)."""

    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"

    @property
    def label(self) -> str:
        return {"none": "未停产停业", "partial": "局部停产停业", "full": "停产停业"}[self.value]


def review_result(done: bool, status_label: str) -> str:
    return "已按要求整改完毕" if done else f"未整改完毕（{status_label}），责令继续整改"
