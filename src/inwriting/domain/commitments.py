"""Commitments: promises made by a party to others, kept as facts with sources.

A commitment records who promised (a party, optionally a named person), to whom, the promise
in writing, when and where it was made (a provision, a response, a request, a meeting, a
public statement: with a citation, an optional link and the exact quote), an optional due
date, and a history of statuses, each with a date, who recorded it, a rationale and evidence.
Nothing is ever deleted or rewritten: a dispute is a statement recorded *beside* the original.

The statuses follow the vocabulary promise trackers use:

==================  ======================================================================
``not_yet_rated``   recorded, nothing said yet of how it is going (the initial status)
``in_the_works``    being acted on
``stalled``         no progress
``kept``            done as promised
``compromise``      partly done (an interim answer to a request for a written response)
``broken``          not done (a due date passed without it)
``withdrawn``       taken back by the party that made it
``disputed``        a party states it was never made, or means something else
==================  ======================================================================

Who may record what is checked in the services; *which* moves are allowed is here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from inwriting.errors import Problem


class CommitmentStatus(StrEnum):
    NOT_YET_RATED = "not_yet_rated"
    IN_THE_WORKS = "in_the_works"
    STALLED = "stalled"
    KEPT = "kept"
    COMPROMISE = "compromise"
    BROKEN = "broken"
    WITHDRAWN = "withdrawn"
    DISPUTED = "disputed"

    @property
    def open(self) -> bool:
        return self in _OPEN


class SourceKind(StrEnum):
    PROVISION = "provision"  # a provision of a tabled version
    RESPONSE = "response"  # a submitted response (e.g. its cover note)
    REQUEST = "request"  # asked to answer a version in writing by a date
    MEETING = "meeting"
    PUBLIC_STATEMENT = "public_statement"


_OPEN = frozenset(
    {CommitmentStatus.NOT_YET_RATED, CommitmentStatus.IN_THE_WORKS, CommitmentStatus.STALLED}
)
_OUTCOMES = frozenset({CommitmentStatus.KEPT, CommitmentStatus.COMPROMISE, CommitmentStatus.BROKEN})

# from -> the statuses it may move to. Outcomes are final but for a dispute, except that an
# interim answer (compromise) may still be followed by the full answer or by its absence.
# Nothing goes back to not_yet_rated: once rated, a commitment stays rated.
TRANSITIONS: dict[CommitmentStatus, frozenset[CommitmentStatus]] = {
    **{
        s: (_OPEN | _OUTCOMES | {CommitmentStatus.WITHDRAWN, CommitmentStatus.DISPUTED})
        - {s, CommitmentStatus.NOT_YET_RATED}
        for s in _OPEN
    },
    CommitmentStatus.KEPT: frozenset({CommitmentStatus.DISPUTED}),
    CommitmentStatus.BROKEN: frozenset({CommitmentStatus.DISPUTED}),
    CommitmentStatus.COMPROMISE: frozenset(
        {CommitmentStatus.KEPT, CommitmentStatus.BROKEN, CommitmentStatus.DISPUTED}
    ),
    CommitmentStatus.WITHDRAWN: frozenset({CommitmentStatus.DISPUTED}),
    CommitmentStatus.DISPUTED: (_OPEN | _OUTCOMES | {CommitmentStatus.WITHDRAWN})
    - {CommitmentStatus.NOT_YET_RATED},
}


def transition_problem(current: CommitmentStatus, new: CommitmentStatus) -> Problem | None:
    if new in TRANSITIONS[current]:
        return None
    allowed = ", ".join(sorted(s.value for s in TRANSITIONS[current])) or "none"
    return Problem(
        f"a commitment that is {current.value} cannot become {new.value} (allowed: {allowed})",
        "commitment",
        "status",
        "transition_refused",
    )


@dataclass(frozen=True)
class Source:
    kind: SourceKind
    citation: str  # "Cover note of Brenmark's response of 16 Nov 2026", "Press conference, Tervan"
    quote: str  # the exact words
    link: str = ""


@dataclass(frozen=True)
class Evidence:
    citation: str = ""
    link: str = ""
    record_index: int | None = None  # an entry of the record that proves it

    @property
    def empty(self) -> bool:
        return not (self.citation.strip() or self.link.strip()) and self.record_index is None


def promise_problems(
    text: str, source: Source, made_at: datetime, due_at: datetime | None
) -> list[Problem]:
    """Everything wrong with a new commitment, each naming its field."""
    problems = []
    if not text.strip():
        problems.append(Problem("write the promise down", "commitment", "text", "missing_text"))
    if not source.quote.strip():
        problems.append(Problem("give the exact quote", "source", "quote", "missing_quote"))
    if not source.citation.strip():
        problems.append(
            Problem("say where and when it was made", "source", "citation", "missing_citation")
        )
    if source.link and not source.link.startswith(("https://", "http://")):
        problems.append(Problem("a link starts with https://", "source", "link", "bad_link"))
    if due_at is not None and due_at <= made_at:
        problems.append(
            Problem(
                f"the due date {due_at:%Y-%m-%d} is not after the promise ({made_at:%Y-%m-%d})",
                "commitment",
                "due_at",
                "due_before_promise",
            )
        )
    return problems


def change_problems(
    current: CommitmentStatus, new: CommitmentStatus, rationale: str, evidence: Evidence
) -> list[Problem]:
    """Everything wrong with a status change: refused transitions, no rationale, no evidence."""
    problems = []
    refused = transition_problem(current, new)
    if refused is not None:
        problems.append(refused)
    if not rationale.strip():
        problems.append(
            Problem("give a written rationale", "status", "rationale", "missing_rationale")
        )
    if evidence.empty:
        problems.append(
            Problem(
                "give evidence: a citation, a link or a record entry",
                "status",
                "evidence",
                "missing_evidence",
            )
        )
    if evidence.link and not evidence.link.startswith(("https://", "http://")):
        problems.append(Problem("a link starts with https://", "evidence", "link", "bad_link"))
    return problems


def effective_status(
    status: CommitmentStatus, due_at: datetime | None, now: datetime
) -> CommitmentStatus:
    """What the facts say at ``now``: an open commitment whose due date has passed is broken,
    whether or not that has been recorded yet."""
    if status.open and due_at is not None and now > due_at:
        return CommitmentStatus.BROKEN
    return status
