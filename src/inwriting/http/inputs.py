"""Refuse text no database can hold before a handler sees it (a dependency of every route).

A NUL character can never be stored in PostgreSQL text, and on SQLite it silently cuts
strings short in places. The storage layer refuses it in every statement
(:func:`inwriting.storage.guards.refuse_nul`); this check names the path segment or query
parameter that carried it, and covers values that never reach a statement (file names in
headers, links), so a ``%00`` anywhere in a URL is a 422, never a 500.
"""

from __future__ import annotations

from fastapi import Request

from inwriting.errors import Problem, ValidationError

NUL = "\x00"


async def refuse_nul_in_url(request: Request) -> None:
    problems = [
        Problem("text cannot contain a NUL character", where, name, "nul_character")
        for where, params in (("path", request.path_params), ("query", request.query_params))
        for name, value in params.items()
        if (isinstance(value, str) and NUL in value) or NUL in name
    ]
    if problems:
        raise ValidationError("the address contains a NUL character", problems)
