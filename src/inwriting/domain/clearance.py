"""Clearance chains: the steps a party's outgoing texts go through before they leave it.

A party may configure an ordered chain of steps (drafter -> legal review -> principal, any
number of them). Each step names who may clear it — the members with a role, or a listed set
of members — and how many of them must. A response, a version to table or a derived version
(counter-proposal) of that party is *pending* until every step is cleared, in order; the last
clearance sends it.

The rules, as functions of values:

* steps are cleared in order: only the first step not yet fully cleared (the *current* step)
  takes clearances;
* four eyes at every step: nobody who wrote any of the text (saved, edited or proposed it)
  clears it, at any step, and nobody clears two steps of the same text;
* an edit withdraws the later clearances: those of the editor's own step (the first step that
  admits them; the first step for anyone no step admits, such as a drafter) and of every step
  after it. Earlier steps stay cleared, on the text they cleared (their digest says which).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from inwriting.domain.negotiations import Role
from inwriting.errors import Problem, ValidationError

MAX_STEPS = 20
MAX_STEP_NAME = 100
MAX_REQUIRED = 50


@dataclass(frozen=True)
class Step:
    """One step: its name, who may clear it (``role`` or ``members``, exactly one), and how
    many distinct clearers it needs."""

    name: str
    required: int = 1
    role: Role | None = None
    members: tuple[str, ...] = ()  # usernames

    def admits(self, username: str, role: Role | None) -> bool:
        """Whether a member ``username`` with ``role`` may clear this step (authorship aside)."""
        if self.role is not None:
            return role is self.role
        return username in self.members

    def describe(self) -> str:
        who = f"a {self.role.value}" if self.role is not None else " or ".join(self.members)
        return (
            f"{self.name}: {self.required} × {who}" if self.required > 1 else f"{self.name}: {who}"
        )


class StepState(StrEnum):
    CLEARED = "cleared"
    CURRENT = "current"  # the step that takes clearances now
    WAITING = "waiting"  # a later step


@dataclass(frozen=True)
class Given:
    """A clearance still standing (not withdrawn): at step ``step`` (0-based), by ``username``."""

    step: int
    username: str


@dataclass(frozen=True)
class Progress:
    step: Step
    state: StepState
    cleared_by: tuple[str, ...]  # usernames, in the order they cleared


def validate_chain(steps: Sequence[Step], members: Mapping[str, Role]) -> list[Problem]:
    """Every problem with ``steps`` for a party whose members (username -> role) are
    ``members``: each step must be clearable by enough members."""
    problems: list[Problem] = []
    if len(steps) > MAX_STEPS:
        problems.append(Problem(f"at most {MAX_STEPS} steps", "chain", "steps", "too_many_steps"))
    seen: set[str] = set()
    for number, step in enumerate(steps, 1):
        where = f"step {number}"
        name = step.name.strip()
        if not name:
            problems.append(Problem("a step needs a name", where, "name", "missing_name"))
        elif len(name) > MAX_STEP_NAME:
            problems.append(
                Problem(f"a name of at most {MAX_STEP_NAME} characters", where, "name", "too_long")
            )
        elif name.casefold() in seen:
            problems.append(Problem(f"two steps named {name!r}", where, "name", "duplicate_name"))
        seen.add(name.casefold())
        if not 1 <= step.required <= MAX_REQUIRED:
            problems.append(
                Problem(f"between 1 and {MAX_REQUIRED} clearances", where, "required", "bad_count")
            )
        problems.extend(_who_problems(step, where, members))
    return problems


def _who_problems(step: Step, where: str, members: Mapping[str, Role]) -> list[Problem]:
    if (step.role is None) == (not step.members):
        return [Problem("name a role or a list of members, not both", where, "who", "bad_who")]
    unknown = [m for m in step.members if m not in members]
    if unknown:
        names = ", ".join(unknown)
        return [Problem(f"not members of the party: {names}", where, "members", "not_a_member")]
    if len(set(step.members)) != len(step.members):
        return [Problem("a member listed twice", where, "members", "duplicate_member")]
    if step.role is Role.OBSERVER:
        return [Problem("observers do not clear texts", where, "role", "observer")]
    eligible = sum(1 for name, role in members.items() if step.admits(name, role))
    if eligible < step.required <= MAX_REQUIRED:  # a count out of range is named already
        return [
            Problem(
                f"needs {step.required} clearance(s) but only {eligible} member(s) may give one",
                where,
                "required",
                "too_few_clearers",
            )
        ]
    return []


def progress(steps: Sequence[Step], given: Sequence[Given]) -> list[Progress]:
    """Each step's state. Steps clear in order, so the first step short of clearances is
    current and every step after it waits, whatever it holds."""
    result: list[Progress] = []
    current_found = False
    for index, step in enumerate(steps):
        names = tuple(g.username for g in given if g.step == index)
        if current_found:
            state = StepState.WAITING
        elif len(names) >= step.required:
            state = StepState.CLEARED
        else:
            state, current_found = StepState.CURRENT, True
        result.append(Progress(step, state, names))
    return result


def current_step(steps: Sequence[Step], given: Sequence[Given]) -> int | None:
    """The index of the step that takes clearances now; None once every step is cleared."""
    for index, item in enumerate(progress(steps, given)):
        if item.state is StepState.CURRENT:
            return index
    return None


def refusal(
    steps: Sequence[Step],
    given: Sequence[Given],
    username: str,
    role: Role | None,
    authors: Sequence[str],
) -> str | None:
    """Why ``username`` may not clear the text now, or None if they may (at the current
    step)."""
    index = current_step(steps, given)
    if index is None:
        return "every step is already cleared"
    step = steps[index]
    if not step.admits(username, role):
        return f"{username} may not clear the step {step.name!r} ({step.describe()})"
    if username in authors:
        return (
            f"{username} wrote part of this text, so may not clear it at any step "
            "(four eyes: someone who wrote none of it must)"
        )
    if any(g.username == username for g in given):
        return f"{username} already cleared this text; each step needs other eyes"
    return None


def withdrawn_from(steps: Sequence[Step], username: str, role: Role | None) -> int:
    """The first step whose clearances an edit by ``username`` withdraws: their own step
    (the first that admits them), or the first step for anyone no step admits."""
    for index, step in enumerate(steps):
        if step.admits(username, role):
            return index
    return 0


def parse_steps(text: str) -> list[Step]:
    """Steps written one a line (the CLI's ``--step`` and the settings page use this form)::

        review = olga
        legal = boris, lena * 2
        principal = role:principal

    ``NAME = WHO [* COUNT]``: WHO is ``role:ROLE`` or members' usernames separated by commas;
    COUNT defaults to 1. Blank lines are skipped. Raises ``ValidationError`` naming each bad
    line; whether the members exist is :func:`validate_chain`'s business."""
    steps: list[Step] = []
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        step = _parse_step(line)
        if isinstance(step, str):
            problems.append(Problem(step, f"line {number}", "step", "bad_step", number))
        else:
            steps.append(step)
    if problems:
        raise ValidationError("the clearance steps cannot be read", problems)
    return steps


def _parse_step(line: str) -> Step | str:
    name, sep, rest = line.partition("=")
    if not sep or not name.strip():
        return f"write NAME = WHO [* COUNT], not {line!r}"
    who, star, count = rest.partition("*")
    required = 1
    if star:
        if not count.strip().isdigit():
            return f"the count after * must be a whole number, not {count.strip()!r}"
        required = int(count.strip())
    who = who.strip()
    if who.startswith("role:"):
        try:
            return Step(name.strip(), required, role=Role(who[5:].strip()))
        except ValueError:
            return f"no role {who[5:].strip()!r} (drafter, principal or observer)"
    members = tuple(m.strip() for m in who.split(",") if m.strip())
    if not members:
        return "name who clears it: role:ROLE or usernames"
    return Step(name.strip(), required, members=members)


def format_step(step: Step) -> str:
    """The line :func:`parse_steps` reads back as ``step``."""
    who = f"role:{step.role.value}" if step.role is not None else ", ".join(step.members)
    count = f" * {step.required}" if step.required != 1 else ""
    return f"{step.name} = {who}{count}"
