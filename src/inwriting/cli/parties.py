"""``inwriting parties``: the sides of a negotiation and their members."""

from __future__ import annotations

import typer

from inwriting.cli.context import state
from inwriting.cli.output import add_row, console, print_json
from inwriting.domain.negotiations import Role

app = typer.Typer(help="Parties: the sides of a negotiation, and their members.")
NEGOTIATION = typer.Option(..., "--negotiation", "-n", help="Negotiation slug or id.")
JSON = typer.Option(False, "--json", help="Print as JSON.")


@app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The party's name, e.g. 'Republic of Aldavia'."),
    negotiation: str = NEGOTIATION,
    approval: bool = typer.Option(
        False, "--requires-approval", help="A second principal approves each response."
    ),
    as_json: bool = JSON,
) -> None:
    """Add a party to a negotiation.

    Example: inwriting parties add "Party B" -n river --requires-approval
    """
    from inwriting.services import parties

    st = state(ctx)
    party = parties.add_party(
        st.database(), st.actor, negotiation, name, requires_approval=approval
    )
    if as_json:
        print_json(party)
    else:
        console.print(f"added party {party.name}", markup=False)


@app.command("add-member")
def add_member(
    ctx: typer.Context,
    party: str = typer.Argument(..., help="Party name."),
    username: str = typer.Argument(..., help="User to add."),
    role: Role = typer.Option(Role.DRAFTER, "--role", help="drafter, principal or observer."),
    negotiation: str = NEGOTIATION,
    as_json: bool = JSON,
) -> None:
    """Make a user a member of a party, with a role.

    Example: inwriting parties add-member "Party B" ana --role principal -n river
    """
    from inwriting.services import parties

    st = state(ctx)
    found = parties.add_member(st.database(), st.actor, negotiation, party, username, role)
    if as_json:
        print_json(found)
    else:
        console.print(f"{username} is now a {role.value} of {found.name}", markup=False)


@app.command("list")
def list_(ctx: typer.Context, negotiation: str = NEGOTIATION, as_json: bool = JSON) -> None:
    """List the parties of a negotiation and their members.

    Example: inwriting parties list -n river --json
    """
    from rich.table import Table

    from inwriting.services import parties

    st = state(ctx)
    found = parties.list_parties(st.database(), st.actor, negotiation)
    if as_json:
        print_json(found)
        return
    table = Table("party", "members", "approval")
    for p in found:
        members = ", ".join(f"{m.username} ({m.role})" for m in p.members)
        add_row(table, p.name, members, "required" if p.requires_approval else "")
    console.print(table)
