"""``inwriting deadlines``: who owes a written answer or a promised act, by when."""

from __future__ import annotations

import typer

from inwriting.cli.commitments import NEGOTIATION, ledger_table
from inwriting.cli.context import state
from inwriting.cli.output import console, print_json

app = typer.Typer(help="Deadlines: requests and promises with a due date.")


@app.command("list")
def list_(
    ctx: typer.Context,
    negotiation: str = NEGOTIATION,
    party: str | None = typer.Option(None, "--party", help="Only what this party owes."),
    overdue: bool = typer.Option(False, "--overdue", help="Only what is overdue."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Everything with a due date, soonest first; overdue items say so.

    Example: inwriting deadlines list -n river --overdue
    """
    from inwriting.services import commitments

    st = state(ctx)
    found = [
        c
        for c in commitments.list_commitments(
            st.database(), st.actor, negotiation, party=party, overdue_only=overdue
        )
        if c.due_at is not None
    ]
    if as_json:
        print_json(found)
    else:
        console.print(ledger_table(found))


@app.command("sweep")
def sweep(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print as JSON.")
) -> None:
    """Record as broken every open commitment whose due date has passed (safe to repeat;
    the ledger already shows them as broken when read — this puts it in the record).

    Example: inwriting deadlines sweep
    """
    from inwriting.services import commitments

    found = commitments.sweep_deadlines(state(ctx).database())
    if as_json:
        print_json(found)
    else:
        console.print(f"{len(found)} commitment(s) recorded as broken", markup=False)
