from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import TransitionError
from app.core.findings import (
    TRANSITIONS,
    Action,
    Level,
    Status,
    closing_problems,
    legal_actions,
    next_status,
)

D = dt.date(2025, 3, 1)


@dataclass
class F:
    status: str = Status.PENDING.value
    level: str = Level.GENERAL.value
    measures: str | None = None
    responsible: str | None = None
    funds: str | None = None
    deadline: dt.date | None = None
    contingency: str | None = None
    found_on: dt.date | None = D
    reported_dept_on: dt.date | None = None
    reported_workers_on: dt.date | None = None
    accepted_by: str | None = None
    accepted_on: dt.date | None = None


def test_happy_path_general() -> None:
    f = F()
    for act, expect in [
        (Action.START, Status.IN_PROGRESS),
        (Action.SUBMIT, Status.AWAITING),
    ]:
        f.status = next_status(f, act).value
        assert f.status == expect.value
    with pytest.raises(TransitionError, match="验收人"):
        next_status(f, Action.ACCEPT)
    f.accepted_by, f.accepted_on = "李明", D
    assert next_status(f, Action.ACCEPT) is Status.CLOSED


def test_reject_goes_back_to_pending() -> None:
    f = F(status=Status.AWAITING.value)
    assert next_status(f, Action.REJECT) is Status.PENDING


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.PENDING, Action.SUBMIT),
        (Status.PENDING, Action.ACCEPT),
        (Status.IN_PROGRESS, Action.ACCEPT),
        (Status.CLOSED, Action.START),
        (Status.CLOSED, Action.REJECT),
    ],
)
def test_illegal_moves_are_refused_with_a_message(status: Status, action: Action) -> None:
    f = F(status=status.value, accepted_by="x", accepted_on=D)
    with pytest.raises(TransitionError) as exc:
        next_status(f, action)
    assert status.label in str(exc.value) and action.label in str(exc.value)


def test_major_hazard_needs_double_report_and_five_fields() -> None:
    f = F(status=Status.AWAITING.value, level=Level.MAJOR.value, accepted_by="张华", accepted_on=D)
    problems = closing_problems(f)
    assert any("监管职责部门" in p for p in problems)
    assert any("职工大会" in p for p in problems)
    assert any("五落实" in p for p in problems)
    f.reported_dept_on = D
    f.reported_workers_on = D
    f.measures, f.responsible, f.funds, f.contingency = "更换", "王", "1万元", "警戒"
    f.deadline = D + dt.timedelta(days=10)
    with pytest.raises(TransitionError):  # one report is not enough: remove the workers' date
        g = F(**{**f.__dict__, "reported_workers_on": None})
        next_status(g, Action.ACCEPT)
    assert next_status(f, Action.ACCEPT) is Status.CLOSED


def test_legal_actions_match_table() -> None:
    assert legal_actions("pending") == [Action.START]
    assert set(legal_actions("awaiting")) == {Action.ACCEPT, Action.REJECT}
    assert legal_actions("closed") == []


@given(st.lists(st.sampled_from(list(Action)), max_size=20), st.booleans())
def test_random_walks_only_follow_the_table(actions: list[Action], major: bool) -> None:
    f = F(level=(Level.MAJOR if major else Level.GENERAL).value, accepted_by="x", accepted_on=D)
    for act in actions:
        before = Status(f.status)
        try:
            after = next_status(f, act)
        except TransitionError:
            assert (before, act) not in TRANSITIONS or (major and act is Action.ACCEPT)
            continue
        assert TRANSITIONS[(before, act)] is after
        f.status = after.value
    # a major hazard with no reports never reaches 已销号
    if major:
        assert f.status != Status.CLOSED.value
