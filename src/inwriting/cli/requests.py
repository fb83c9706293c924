"""``inwriting requests``: ask parties for a written response by a date."""

from __future__ import annotations

from datetime import UTC, datetime, time

import typer

from inwriting.cli.context import state
from inwriting.cli.negotiations import requests_table
from inwriting.cli.output import console, print_json, when
from inwriting.errors import ValidationError

app = typer.Typer(help="Requests: a version tabled for written answers by a due date.")
JSON = typer.Option(False, "--json", help="Print as JSON.")


def parse_due(value: str) -> datetime:
    """``2027-01-31`` means the end of that day, UTC; a time without zone is UTC."""
    try:
        if len(value) == 10:
            day = datetime.fromisoformat(value).date()
            return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            f"due date {value!r}: write 2027-01-31 or 2027-01-31T17:00+01:00"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@app.command("create")
def create(
    ctx: typer.Context,
    version: int = typer.Argument(..., help="Version id to be answered."),
    party: str = typer.Option(..., "--party", help="The party asking (you act for it)."),
    ask: list[str] = typer.Option(..., "--ask", help="A party asked to answer (repeatable)."),
    due: str = typer.Option(..., "--due", help="Due date: 2027-01-31 or an ISO time."),
    interim: bool = typer.Option(False, "--allow-interim", help="Partial answers are allowed."),
    note: str = typer.Option("", "--note", help="A note to the parties asked."),
    as_json: bool = JSON,
) -> None:
    """Ask parties for a written, article-by-article response by a due date.

    Example: inwriting --as amos requests create 1 --party A --ask B --due 2027-01-31
    """
    from inwriting.services import requests

    st = state(ctx)
    request = requests.create_request(
        st.database(),
        st.actor,
        version,
        party,
        ask,
        parse_due(due),
        allows_interim=interim,
        note=note,
    )
    if as_json:
        print_json(request)
    else:
        asked = ", ".join(a.party for a in request.answers)
        console.print(
            f"request {request.id}: {asked} to answer version {version} by {when(request.due_at)}",
            markup=False,
        )


@app.command("list")
def list_(
    ctx: typer.Context,
    negotiation: str = typer.Option(..., "--negotiation", "-n", help="Negotiation slug or id."),
    overdue: bool = typer.Option(False, "--overdue", help="Only requests someone is late on."),
    as_json: bool = JSON,
) -> None:
    """List requests, their due dates and who has answered or is overdue.

    Example: inwriting requests list -n river --overdue
    """
    from inwriting.services import requests

    st = state(ctx)
    found = requests.list_requests(st.database(), st.actor, negotiation, overdue_only=overdue)
    if as_json:
        print_json(found)
    else:
        console.print(requests_table(found))
