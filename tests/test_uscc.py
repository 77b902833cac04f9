from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core import uscc
from app.core.errors import ValidationError

# Published codes of real organisations.
VALID = ["91350100M000100Y43", "91110000802100433B"]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes(code: str) -> None:
    assert uscc.is_valid(code)
    assert uscc.validate(code.lower()[:5] + " " + code[5:]) == code


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("91350100M000100Y4", "应为18位"),
        ("91350100M000100Y44", "校验码错误"),
        ("91350100M0001O0Y43", "不是允许的字符"),
        ("913501A0M000100Y43", "行政区划码"),
        ("", "应为18位"),
    ],
)
def test_invalid_codes_say_why(code: str, why: str) -> None:
    problem = uscc.problem(code)
    assert problem is not None and why in problem
    with pytest.raises(ValidationError) as exc:
        uscc.validate(code)
    assert "统一社会信用代码" in str(exc.value)


@given(st.text(alphabet=uscc.CHARSET, min_size=17, max_size=17).filter(lambda s: s[2:8].isdigit()))
def test_any_body_with_its_check_char_is_valid(body: str) -> None:
    code = body + uscc.check_char(body)
    assert uscc.is_valid(code)
    # changing the check character always breaks it
    wrong = next(c for c in uscc.CHARSET if c != code[-1])
    assert not uscc.is_valid(code[:-1] + wrong)


@given(st.text(max_size=30))
def test_problem_never_raises(text: str) -> None:
    assert uscc.problem(text) is None or isinstance(uscc.problem(text), str)
