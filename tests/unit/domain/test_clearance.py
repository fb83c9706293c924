"""The clearance rules as functions of values."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inwriting.domain.clearance import (
    Given,
    Step,
    StepState,
    current_step,
    format_step,
    parse_steps,
    progress,
    refusal,
    validate_chain,
    withdrawn_from,
)
from inwriting.domain.negotiations import Role
from inwriting.errors import ValidationError

MEMBERS = {
    "ben": Role.DRAFTER,
    "lena": Role.DRAFTER,
    "olga": Role.OBSERVER,
    "bea": Role.PRINCIPAL,
    "boris": Role.PRINCIPAL,
}
CHAIN = (
    Step("review", 1, members=("olga",)),
    Step("legal", 2, members=("boris", "lena")),
    Step("principal", 1, role=Role.PRINCIPAL),
)


def test_steps_are_read_from_lines_and_written_back_the_same() -> None:
    text = "review = olga\n\n  legal = boris, lena * 2\nprincipal = role:principal\n"
    assert parse_steps(text) == list(CHAIN)
    assert parse_steps("\n".join(format_step(s) for s in CHAIN)) == list(CHAIN)


def test_bad_lines_are_each_named() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_steps("legal\nx = role:chair\ny = a * two\nz = \n= olga")
    assert [(p.where, p.code) for p in caught.value.problems] == [
        ("line 1", "bad_step"),
        ("line 2", "bad_step"),
        ("line 3", "bad_step"),
        ("line 4", "bad_step"),
        ("line 5", "bad_step"),
    ]
    assert "no role 'chair'" in caught.value.problems[1].message


def test_a_valid_chain_has_no_problem_and_an_empty_one_is_valid() -> None:
    assert validate_chain(CHAIN, MEMBERS) == []
    assert validate_chain((), MEMBERS) == []


@pytest.mark.parametrize(
    ("step", "code"),
    [
        (Step("", 1, role=Role.PRINCIPAL), "missing_name"),
        (Step("x" * 101, 1, role=Role.PRINCIPAL), "too_long"),
        (Step("x", 0, role=Role.PRINCIPAL), "bad_count"),
        (Step("x", 51, role=Role.PRINCIPAL), "bad_count"),
        (Step("x", 1), "bad_who"),
        (Step("x", 1, role=Role.PRINCIPAL, members=("bea",)), "bad_who"),
        (Step("x", 1, members=("carl",)), "not_a_member"),
        (Step("x", 1, members=("bea", "bea")), "duplicate_member"),
        (Step("x", 1, role=Role.OBSERVER), "observer"),
        (Step("x", 3, role=Role.PRINCIPAL), "too_few_clearers"),
    ],
)
def test_each_bad_step_is_refused_with_its_code(step: Step, code: str) -> None:
    problems = validate_chain([step], MEMBERS)
    assert [(p.where, p.code) for p in problems] == [("step 1", code)]


def test_two_steps_of_one_name_are_refused() -> None:
    steps = [Step("Legal", 1, role=Role.PRINCIPAL), Step("legal", 1, role=Role.PRINCIPAL)]
    assert [p.code for p in validate_chain(steps, MEMBERS)] == ["duplicate_name"]


def test_steps_clear_in_order_each_with_its_count() -> None:
    assert current_step(CHAIN, []) == 0
    given_ = [Given(0, "olga"), Given(1, "boris")]
    states = [(p.state, p.cleared_by) for p in progress(CHAIN, given_)]
    assert states == [
        (StepState.CLEARED, ("olga",)),
        (StepState.CURRENT, ("boris",)),
        (StepState.WAITING, ()),
    ]
    assert current_step(CHAIN, [*given_, Given(1, "lena")]) == 2
    assert current_step(CHAIN, [*given_, Given(1, "lena"), Given(2, "bea")]) is None


def test_a_later_step_holding_clearances_still_waits_for_an_earlier_one() -> None:
    states = [p.state for p in progress(CHAIN, [Given(2, "bea")])]
    assert states == [StepState.CURRENT, StepState.WAITING, StepState.WAITING]


def test_who_may_clear_now() -> None:
    assert refusal(CHAIN, [], "olga", Role.OBSERVER, ["ben"]) is None
    assert "may not clear the step 'review'" in (
        refusal(CHAIN, [], "bea", Role.PRINCIPAL, []) or ""
    )
    assert "wrote part" in (refusal(CHAIN, [], "olga", Role.OBSERVER, ["olga"]) or "")
    at_legal = [Given(0, "olga"), Given(1, "boris")]
    assert "already cleared" in (refusal(CHAIN, at_legal, "boris", Role.PRINCIPAL, []) or "")
    assert refusal(CHAIN, at_legal, "lena", Role.DRAFTER, ["ben"]) is None
    done = [*at_legal, Given(1, "lena"), Given(2, "bea")]
    assert refusal(CHAIN, done, "bea", Role.PRINCIPAL, []) == "every step is already cleared"


def test_an_edit_withdraws_from_the_editors_own_step() -> None:
    assert withdrawn_from(CHAIN, "ben", Role.DRAFTER) == 0  # no step admits a drafter by role
    assert withdrawn_from(CHAIN, "olga", Role.OBSERVER) == 0
    assert withdrawn_from(CHAIN, "lena", Role.DRAFTER) == 1
    assert withdrawn_from(CHAIN, "boris", Role.PRINCIPAL) == 1  # listed at legal, before principal
    assert withdrawn_from(CHAIN, "bea", Role.PRINCIPAL) == 2


NAMES = st.sampled_from(sorted(MEMBERS))


@given(st.lists(st.tuples(st.integers(0, 2), NAMES), max_size=8))
def test_the_current_step_is_the_first_not_fully_cleared(pairs: list[tuple[int, str]]) -> None:
    given_ = [Given(step, name) for step, name in pairs]
    states = [p.state for p in progress(CHAIN, given_)]
    assert states.count(StepState.CURRENT) <= 1
    index = current_step(CHAIN, given_)
    if index is None:
        assert all(s is StepState.CLEARED for s in states)
    else:
        assert all(s is StepState.CLEARED for s in states[:index])
        assert all(s is StepState.WAITING for s in states[index + 1 :])
