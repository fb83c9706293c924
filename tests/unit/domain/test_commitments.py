"""Which moves a commitment's status may make, and what a promise or a change must carry
(inwriting.domain.commitments), with plain values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from inwriting.domain.commitments import (
    TRANSITIONS,
    CommitmentStatus,
    Evidence,
    Source,
    SourceKind,
    change_problems,
    effective_status,
    promise_problems,
    transition_problem,
)
from inwriting.errors import Problem

MADE = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
SOURCE = Source(SourceKind.RESPONSE, "Cover note of Brenmark's response", "We will answer by June")
EVIDENCE = Evidence(citation="Letter of 2 June")
OPEN = [CommitmentStatus.NOT_YET_RATED, CommitmentStatus.IN_THE_WORKS, CommitmentStatus.STALLED]


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


@pytest.mark.parametrize("current", list(CommitmentStatus))
def test_nothing_goes_back_to_not_yet_rated_or_stays_where_it_is(current: CommitmentStatus) -> None:
    assert CommitmentStatus.NOT_YET_RATED not in TRANSITIONS[current]
    assert current not in TRANSITIONS[current]


@pytest.mark.parametrize("current", OPEN)
def test_an_open_commitment_may_reach_any_outcome_withdrawal_or_dispute(
    current: CommitmentStatus,
) -> None:
    for new in (
        CommitmentStatus.KEPT,
        CommitmentStatus.COMPROMISE,
        CommitmentStatus.BROKEN,
        CommitmentStatus.WITHDRAWN,
        CommitmentStatus.DISPUTED,
    ):
        assert transition_problem(current, new) is None


@pytest.mark.parametrize(
    "final", [CommitmentStatus.KEPT, CommitmentStatus.BROKEN, CommitmentStatus.WITHDRAWN]
)
def test_a_final_outcome_can_only_be_disputed(final: CommitmentStatus) -> None:
    assert TRANSITIONS[final] == {CommitmentStatus.DISPUTED}
    refused = transition_problem(final, CommitmentStatus.IN_THE_WORKS)
    assert refused is not None
    assert refused.code == "transition_refused"
    assert refused.message == (
        f"a commitment that is {final.value} cannot become in_the_works (allowed: disputed)"
    )
    assert (refused.where, refused.field) == ("commitment", "status")


def test_an_interim_answer_may_still_be_followed_by_the_full_answer_or_its_absence() -> None:
    assert TRANSITIONS[CommitmentStatus.COMPROMISE] == {
        CommitmentStatus.KEPT,
        CommitmentStatus.BROKEN,
        CommitmentStatus.DISPUTED,
    }
    assert transition_problem(CommitmentStatus.COMPROMISE, CommitmentStatus.STALLED) is not None


def test_a_disputed_commitment_may_be_rated_again_but_not_unrated() -> None:
    assert transition_problem(CommitmentStatus.DISPUTED, CommitmentStatus.KEPT) is None
    assert transition_problem(CommitmentStatus.DISPUTED, CommitmentStatus.WITHDRAWN) is None
    assert transition_problem(CommitmentStatus.DISPUTED, CommitmentStatus.NOT_YET_RATED) is not None


def test_only_the_three_unrated_or_ongoing_statuses_are_open() -> None:
    assert [s for s in CommitmentStatus if s.open] == OPEN


def test_a_status_change_needs_a_rationale_and_evidence_and_an_allowed_move() -> None:
    assert (
        change_problems(
            CommitmentStatus.IN_THE_WORKS, CommitmentStatus.KEPT, "Answered in full", EVIDENCE
        )
        == []
    )
    everything_wrong = change_problems(
        CommitmentStatus.KEPT, CommitmentStatus.STALLED, "  ", Evidence()
    )
    assert codes(everything_wrong) == [
        "transition_refused",
        "missing_rationale",
        "missing_evidence",
    ]


def test_evidence_is_a_citation_a_link_or_a_record_entry_and_links_are_web_links() -> None:
    assert Evidence().empty and Evidence(citation=" \t").empty
    assert not Evidence(record_index=0).empty
    assert not Evidence(link="https://example.org/letter").empty
    bad = change_problems(
        CommitmentStatus.STALLED, CommitmentStatus.BROKEN, "late", Evidence(link="file:///etc")
    )
    assert codes(bad) == ["bad_link"]


def test_a_promise_is_written_quoted_cited_and_due_after_it_was_made() -> None:
    assert promise_problems("Answer in writing", SOURCE, MADE, MADE + timedelta(days=30)) == []
    empty = Source(SourceKind.MEETING, " ", "", link="ftp://x")
    assert codes(promise_problems("", empty, MADE, MADE)) == [
        "missing_text",
        "missing_quote",
        "missing_citation",
        "bad_link",
        "due_before_promise",
    ]
    assert promise_problems("Answer", SOURCE, MADE, None) == []


@pytest.mark.parametrize("status", OPEN)
def test_an_open_commitment_past_its_due_date_is_broken(status: CommitmentStatus) -> None:
    due = MADE + timedelta(days=7)
    assert effective_status(status, due, due) is status  # due means "by the end of": not yet
    assert effective_status(status, due, due + timedelta(seconds=1)) is CommitmentStatus.BROKEN
    assert effective_status(status, None, due + timedelta(days=999)) is status


@pytest.mark.parametrize(
    "status", [CommitmentStatus.KEPT, CommitmentStatus.COMPROMISE, CommitmentStatus.WITHDRAWN]
)
def test_a_rated_commitment_keeps_its_status_after_the_due_date(status: CommitmentStatus) -> None:
    due = MADE + timedelta(days=7)
    assert effective_status(status, due, due + timedelta(days=30)) is status
