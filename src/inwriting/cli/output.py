"""Printing: Rich for people, ``--json`` for programs, one way to fail."""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, NoReturn

from rich.console import Console
from rich.table import Table
from rich.text import Text

from inwriting.errors import InWritingError, Problem

if TYPE_CHECKING:
    from inwriting.services.clearance import PendingVersion, Status

console = Console(highlight=False, soft_wrap=True)
errors = Console(stderr=True, highlight=False, soft_wrap=True)


def jsonable(value: object) -> object:
    """Dataclasses, enums and datetimes as plain JSON values, recursively."""
    if isinstance(value, Problem):
        return value.as_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def print_json(value: object) -> None:
    sys.stdout.write(json.dumps(jsonable(value), ensure_ascii=False, indent=2) + "\n")


def print_pending(pending: PendingVersion) -> None:
    """What a party with a clearance chain gets instead of a tabled version."""
    what = "derived version" if pending.derived else "version"
    console.print(
        f"{what} {pending.label or pending.title!r} awaits {pending.party}'s clearance "
        f"(pending version {pending.id}); see it with: inwriting versions pending show "
        f"{pending.id}",
        markup=False,
    )


def print_status(status: Status) -> None:
    """A pending text's clearance chain, step by step, then its history."""
    for number, item in enumerate(status.steps, 1):
        cleared = f" — cleared by {', '.join(item.cleared_by)}" if item.cleared_by else ""
        console.print(
            f"  {number}. {item.step.describe()} [{item.state.value}]{cleared}", markup=False
        )
    if status.current is not None:
        you = "you may clear it" if status.may_clear else (status.why_not or "")
        console.print(f"  now: {status.current.step.name} ({you})", markup=False)
    for h in status.history:
        by = f" (edit by {h.by})" if h.by else ""
        console.print(
            f"  {h.at:%Y-%m-%d %H:%M} {h.what}: {h.step} by {h.username}{by}, "
            f"text {h.text_sha256[:12]}",
            markup=False,
        )


def print_problems(problems: tuple[Problem, ...] | list[Problem], *, stderr: bool = True) -> None:
    out = errors if stderr else console
    for problem in problems:
        out.print(f"  - {problem}", markup=False)


def fail(error: InWritingError, *, status: int = 1) -> NoReturn:
    errors.print(f"error: {error.message}", markup=False)
    print_problems(error.problems)
    sys.exit(status)


def when(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M UTC")


def add_row(table: Table, *cells: str) -> None:
    """Add cells as literal text: names and titles are user data, never Rich markup."""
    table.add_row(*(Text(cell) for cell in cells))
