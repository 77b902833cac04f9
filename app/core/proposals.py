"""Proposals made from an imported notice: what each measure is, what the user decided, and the rule
an accepted proposal must meet before it becomes a checklist item (the catalog contract)."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum


class MeasureKind(StrEnum):
    """What a notice's measure asks for, and of whom."""

    DUTY = "duty"  # a duty of the units inspected: a site inspection can check it
    INTERNAL = "internal"  # work of the government and its departments (学习, 督导, 执法 …)
    ASSIGNMENT = "assignment"  # who of the staff leads or does a task (由某某同志负责)

    @property
    def label(self) -> str:
        return {"duty": "企业责任", "internal": "政府内部工作", "assignment": "人员分工"}[self.value]


class ProposalStatus(StrEnum):
    """What the import proposes for a measure."""

    COVERED = "covered"  # an item of the catalog already asks for it
    NEW = "new"  # a duty no item asks for yet
    INTERNAL = "internal"  # government work: not a checklist item
    ASSIGNMENT = "assignment"  # a staff assignment: not a checklist item
    SHORT = "short"  # a fragment too short to judge: not matched

    @property
    def label(self) -> str:
        return {
            "covered": "已覆盖",
            "new": "新增",
            "internal": "不可现场检查",
            "assignment": "人员分工",
            "short": "片段过短",
        }[self.value]

    @property
    def actionable(self) -> bool:
        """The user may accept it as an item or merge it into one."""
        return self in (ProposalStatus.NEW, ProposalStatus.COVERED)


class Decision(StrEnum):
    """What the user did with a proposal."""

    NONE = ""
    ACCEPTED = "accepted"
    MERGED = "merged"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {"": "", "accepted": "已接受", "merged": "已合并", "rejected": "已拒绝"}[self.value]


# Words that make a statement prose or a government action rather than a condition an inspector can
# see: an item says what is in place, not what somebody should strengthen or push.
PROSE_LEADS = (
    "加强",
    "强化",
    "深化",
    "推动",
    "推进",
    "督促",
    "指导",
    "组织",
    "开展",
    "持续",
    "全面",
    "严厉",
    "扎实",
    "切实",
    "进一步",
    "认真",
    "积极",
    "着力",
    "坚决",
)
VAGUE = re.compile(r"按规定|按要求|符合要求|符合规定|有关规定")
SENTENCES = re.compile(r"[。；;！？]")


@dataclass(frozen=True)
class ItemDraft:
    """An accepted proposal as it would be stored: the FORMAT.md item contract."""

    text: str  # 检查内容: one checkable condition
    hazard: str  # 隐患描述: the violation as an inspector writes it
    legal: tuple[str, ...] = ()  # provision ids
    legal_missing: str = ""  # why no provision could be found, when `legal` is empty


def item_problems(draft: ItemDraft, provisions: Collection[str]) -> list[str]:
    """Why a draft cannot become a checklist item yet (empty when it can), in Chinese."""
    out: list[str] = []
    text = draft.text.strip()
    if not text:
        out.append("缺少检查内容")
    else:
        if len(text) > 120:
            out.append("检查内容过长（应为一项可检查的条件，不超过120字）")
        if len([s for s in SENTENCES.split(text.rstrip("。；; ")) if s.strip()]) > 2:
            out.append("检查内容含多句，应改写为一项可检查的条件")
        if text.startswith(PROSE_LEADS) or re.match(r"^(各级|各地|各部门|各县|各乡镇|县|市|区|省)", text):
            out.append("检查内容是工作要求的原文，应改写为被检查单位的可检查条件")
        if VAGUE.search(text) and not re.search(r"《[^》]+》|GB|AQ|第[一二三四五六七八九十百\d]+条", text):
            out.append("检查内容写“按规定/符合要求”却未写明依据")
    if not draft.hazard.strip():
        out.append("缺少隐患描述")
    elif draft.hazard.strip() == text:
        out.append("隐患描述应写违反情形，不能与检查内容相同")
    unknown = [p for p in draft.legal if p not in provisions]
    if unknown:
        out.append("未知的法律依据条款：" + "、".join(unknown))
    if not draft.legal and not draft.legal_missing.strip():
        out.append("缺少法律依据（填写条款，或说明未找到的原因）")
    return out
