"""The small exception family every layer raises and every front door maps once.

::

    InWritingError          code "error"
    ├── FormatError         code "format_error"  a file we cannot read (names file, line)
    ├── ValidationError     code "invalid"       input breaks a rule; carries every problem
    ├── NotFound            code "not_found"
    ├── PermissionDenied    code "forbidden"
    ├── Conflict            code "conflict"      the state forbids it (e.g. already submitted)
    ├── ImmutableRecord     code "immutable"     a tabled version / submitted response changed
    ├── NotSignedIn         code "unauthenticated"  no valid session or token (HTTP 401)
    ├── RateLimited         code "rate_limited"  too many attempts; try later (HTTP 429)
    ├── Unavailable         code "unavailable"   the database cannot be reached or written
                                                 (down, full disk, read-only); try later (503)
    └── PayloadTooLarge     code "too_large"     a request body over the limit (HTTP 413)

The CLI prints ``message`` (and ``problems``) and exits non-zero; the API returns
``{"error": {"code", "message", "details"}}`` (``api/errors.py``); pages render it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, named precisely enough to find and fix it."""

    message: str
    where: str = ""  # a provision key/label, "line 12", a file name...
    field: str = ""  # the field at fault: "reason", "text", "exception", "provision"...
    code: str = ""  # stable machine name: "unanswered", "missing_reason", ...
    line: int | None = None  # 1-based line in the file the input came from, where known

    def __str__(self) -> str:
        """``art-3 (line 12) [reason]: amend needs a reason``"""
        at_line = f"line {self.line}" if self.line is not None else ""
        if self.where and at_line:
            at_line = f"({at_line})"
        parts = (self.where, at_line, self.field and f"[{self.field}]")
        place = " ".join(part for part in parts if part)
        return f"{place}: {self.message}" if place else self.message

    def as_dict(self) -> dict[str, str | int | None]:
        return {
            "code": self.code,
            "where": self.where,
            "field": self.field,
            "line": self.line,
            "message": self.message,
        }


class InWritingError(Exception):
    code = "error"

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)


class FormatError(InWritingError):
    """A file could not be read. The message names the source and, where known, the line."""

    code = "format_error"

    def __init__(self, message: str, *, source: str = "", line: int | None = None) -> None:
        where = source + (f", line {line}" if line is not None else "") if source else ""
        if not where and line is not None:
            where = f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.detail = message  # without the source and line, for reports that show them apart
        self.source = source
        self.line = line


class ValidationError(InWritingError):
    code = "invalid"


class NotFound(InWritingError):
    code = "not_found"


def missing(what: str) -> NotFound:
    """The one answer for a thing that does not exist *or that the caller may not see*.

    It names the kind asked for and nothing else — not the reference, not the negotiation it
    was found in — so a hidden thing answers byte for byte like a missing one, and counting
    ids reveals nothing (DESIGN rule 10).
    """
    return NotFound(f"no such {what}")


class PermissionDenied(InWritingError):
    code = "forbidden"


class Conflict(InWritingError):
    code = "conflict"


class NotSignedIn(InWritingError):
    code = "unauthenticated"


class RateLimited(InWritingError):
    """Too many attempts: ``retry_after`` says in how many seconds to try again, if known."""

    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ImmutableRecord(InWritingError):
    code = "immutable"


class Unavailable(InWritingError):
    """The database cannot answer or cannot write just now: nothing was changed."""

    code = "unavailable"


class PayloadTooLarge(InWritingError):
    """A request body over the server's limit, refused before it was read whole."""

    code = "too_large"
