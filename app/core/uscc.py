"""统一社会信用代码 (unified social credit code) check, GB 32100-2015."""

from __future__ import annotations

from app.core.errors import ValidationError

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
FIELD = "统一社会信用代码"


def check_char(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def normalize(code: str) -> str:
    """Upper-case and strip spaces, as users often type them."""
    return "".join(code.split()).upper()


def problem(code: str) -> str | None:
    """Why `code` is not a valid USCC, in Chinese, or None if it is valid."""
    code = normalize(code)
    if len(code) != 18:
        return f"应为18位，实际为{len(code)}位"
    for pos, c in enumerate(code, start=1):
        if c not in CHARSET:
            return f"第{pos}位“{c}”不是允许的字符（不使用I、O、Z、S、V）"
    if not code[2:8].isdigit():
        return "第3–8位登记管理机关行政区划码应为数字"
    expected = check_char(code[:17])
    if code[17] != expected:
        return f"校验码错误：第18位应为“{expected}”，实际为“{code[17]}”"
    return None


def is_valid(code: str) -> bool:
    return problem(code) is None


def validate(code: str) -> str:
    """Return the normalised code or raise ValidationError naming the problem."""
    why = problem(code)
    if why is not None:
        raise ValidationError(FIELD, why)
    return normalize(code)
