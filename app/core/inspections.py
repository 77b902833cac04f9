"""Inspections and item results."""

from __future__ import annotations

from enum import StrEnum

from app.core.errors import ValidationError


class Result(StrEnum):
    UNCHECKED = "unchecked"
    PASS = "pass"
    FAIL = "fail"
    NA = "na"

    @property
    def label(self) -> str:
        return RESULT_LABELS[self]


RESULT_LABELS = {
    Result.UNCHECKED: "未检查",
    Result.PASS: "符合",
    Result.FAIL: "不符合",
    Result.NA: "不适用",
}

METHODS = ("查资料", "现场查看", "询问", "抽查")


def parse_inspectors(text: str | list[str]) -> list[str]:
    """Split names typed as '张三、李四' (or commas/spaces); at least two are required."""
    if isinstance(text, str):
        for sep in ("，", ",", "；", ";", " ", "　"):
            text = text.replace(sep, "、")
        names = [n.strip() for n in text.split("、")]
    else:
        names = [n.strip() for n in text]
    from app.core.validation import clean_text

    names = [n for n in (clean_text("检查人员", x, 50) for x in names) if n]
    if len(names) < 2:
        raise ValidationError("检查人员", "执法检查应有两名以上检查人员")
    if len(set(names)) != len(names):
        raise ValidationError("检查人员", "检查人员姓名重复")
    return names
