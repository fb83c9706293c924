"""``inwriting check-response``: check a response file against a draft, with no database."""

from __future__ import annotations

from pathlib import Path

import typer

from inwriting.cli.output import console, errors, print_json, print_problems
from inwriting.cli.parse import FORMAT, InputFormat
from inwriting.errors import FormatError, Problem


def check_response(
    document: Path = typer.Argument(..., exists=True, dir_okay=False, help="The draft."),
    response: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="The response file (YAML or JSON)."
    ),
    fmt: InputFormat = FORMAT,
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Check that RESPONSE answers every provision of DOCUMENT, with reasons where due.

    Exit 0 and a one-line summary when it is valid; otherwise exit 1 and every problem.

    Example: inwriting check-response draft.md our-answer.yaml
    """
    from inwriting.formats import read_document
    from inwriting.formats.responses.checking import CheckReport
    from inwriting.formats.responses.checking import check_response as check
    from inwriting.formats.responses.files import read_response_file

    parsed = read_document(document, format=fmt.value)
    try:
        report = check(parsed, read_response_file(response))
    except FormatError as error:
        # A response we cannot read is reported like any other problem: exit 1, with its line.
        problem = Problem(error.detail, str(response), "", "malformed", line=error.line)
        report = CheckReport.unreadable(problem)
    if as_json:
        print_json(report.as_dict())
    elif report.ok:
        console.print(report.summary, markup=False)
    else:
        errors.print(report.summary, markup=False)
        print_problems(report.problems)
    raise typer.Exit(0 if report.ok else 1)
