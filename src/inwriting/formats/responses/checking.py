"""Check a response file against the document it answers: the pure core of
``inwriting check-response DOCUMENT RESPONSE [--json]``.

Reading the two files (and turning a :class:`~inwriting.errors.FormatError` into exit
status 2) is the CLI's job; this module takes what was read and returns a
:class:`CheckReport`: whether the response may be submitted as it stands, every problem
(each with the line of the response file it concerns, where there is one) and a one-line
summary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from inwriting.domain.documents import ParsedDocument
from inwriting.domain.responses import (
    PositionKind,
    ResponseKind,
    coverage,
    locate_problems,
    resolve_positions,
)
from inwriting.errors import Problem
from inwriting.formats.responses.files import ResponseFile


@dataclass(frozen=True)
class CheckReport:
    ok: bool
    party: str
    kind: ResponseKind
    answered: int  # answerable provisions answered (each counted once)
    answerable: int  # answerable provisions in the document
    counts: Mapping[str, int] = field(hash=False)  # positions by kind, every kind listed
    problems: tuple[Problem, ...] = ()  # in file order; unanswered provisions last
    summary: str = ""

    @classmethod
    def unreadable(cls, problem: Problem, *, answerable: int = 0) -> CheckReport:
        """The report on a response file that could not be read at all: one problem (the
        file, and the line where reading stopped), nothing answered."""
        return cls(
            ok=False,
            party="",
            kind=ResponseKind.FORMAL,
            answered=0,
            answerable=answerable,
            counts=MappingProxyType({kind.value: 0 for kind in PositionKind}),
            problems=(problem,),
            summary="Invalid: the response file cannot be read.",
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "summary": self.summary,
            "party": self.party,
            "kind": self.kind.value,
            "answered": self.answered,
            "answerable": self.answerable,
            "counts": dict(self.counts),
            "problems": [problem.as_dict() for problem in self.problems],
        }


def check_response(document: ParsedDocument, response: ResponseFile) -> CheckReport:
    """Every problem with ``response`` as an answer to ``document``, from the domain rules
    (:func:`~inwriting.domain.responses.validate_response`), each given the line of the
    position it concerns."""
    provisions = document.provisions
    draft = response.content
    located = locate_problems(draft, provisions)
    problems = [replace(problem, line=response.line_of(index)) for index, problem in located]
    problems.sort(key=lambda p: (p.line is None, p.line or 0))  # stable: rule order kept
    resolved, _ = resolve_positions(draft.positions, provisions)
    answered, answerable = coverage(replace(draft, positions=resolved), provisions)
    counts = {kind.value: 0 for kind in PositionKind}
    for pos in draft.positions:
        counts[pos.kind.value] += 1
    ok = not problems
    party = draft.party.strip() or "(no party)"
    progress = f"{answered} of {_plural(answerable, 'provision')} answered"
    if ok:
        answers = ", ".join(
            f"{n} {kind}" for kind, n in counts.items() if n and kind != PositionKind.ADD
        )
        summary = f"Valid {draft.kind.value} response from {party}: {progress}"
        summary += f" ({answers})" if answers else ""
        if counts[PositionKind.ADD]:
            summary += f", {_plural(counts[PositionKind.ADD], 'addition')}"
        summary += "."
    else:
        summary = (
            f"Invalid: {_plural(len(problems), 'problem')} in {draft.kind.value} response "
            f"from {party} ({progress})."
        )
    return CheckReport(
        ok=ok,
        party=draft.party,
        kind=draft.kind,
        answered=answered,
        answerable=answerable,
        counts=MappingProxyType(counts),
        problems=tuple(problems),
        summary=summary,
    )


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
