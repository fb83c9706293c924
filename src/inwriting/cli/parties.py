"""``inwriting parties``: the sides of a negotiation and their members."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from inwriting.cli.context import state
from inwriting.cli.output import add_row, console, print_json
from inwriting.domain.negotiations import Role

if TYPE_CHECKING:
    from inwriting.services.clearance import Chain

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


clearance_app = typer.Typer(
    help="Clearance chains: the steps a party's outgoing texts go through before they leave it."
)
app.add_typer(clearance_app, name="clearance")


@clearance_app.command("set")
def clearance_set(
    ctx: typer.Context,
    party: str = typer.Argument(..., help="Party name."),
    negotiation: str = NEGOTIATION,
    steps: list[str] = typer.Option(
        [],
        "--step",
        help="NAME = WHO [* COUNT], in order; WHO is role:ROLE or usernames separated by commas.",
    ),
    as_json: bool = JSON,
) -> None:
    """Set the steps your party's responses, versions and counter-proposals go through (a
    principal of the party). No --step: back to the one-step approval of responses.

    Example: inwriting --as bea parties clearance set "Party B" -n river
    --step "review = olga" --step "legal = boris, lena * 2" --step "principal = role:principal"
    """
    from inwriting.domain.clearance import parse_steps
    from inwriting.services import clearance

    st = state(ctx)
    parsed = parse_steps("\n".join(steps))
    chain = clearance.set_chain(st.database(), st.actor, negotiation, party, parsed)
    _print_chain(chain, as_json)


@clearance_app.command("show")
def clearance_show(
    ctx: typer.Context,
    party: str = typer.Argument(..., help="Party name."),
    negotiation: str = NEGOTIATION,
    as_json: bool = JSON,
) -> None:
    """Show your party's clearance chain (its members only).

    Example: inwriting --as ben parties clearance show "Party B" -n river
    """
    from inwriting.services import clearance

    st = state(ctx)
    _print_chain(clearance.get_chain(st.database(), st.actor, negotiation, party), as_json)


@clearance_app.command("awaiting")
def clearance_awaiting(ctx: typer.Context, as_json: bool = JSON) -> None:
    """List the pending texts whose current step you may clear now.

    Example: inwriting --as olga parties clearance awaiting
    """
    from inwriting.services import clearance

    st = state(ctx)
    found = clearance.list_awaiting(st.database(), st.actor)
    if as_json:
        print_json(found)
        return
    if not found:
        console.print("nothing awaits your clearance", markup=False)
    for a in found:
        what = "response" if a.subject == "response" else "pending version"
        console.print(
            f"{what} {a.subject_id} of {a.party} ({a.negotiation}): {a.title} — "
            f"step {a.step!r}; {a.path}",
            markup=False,
        )


def _print_chain(chain: Chain, as_json: bool) -> None:
    from inwriting.domain.clearance import format_step

    if as_json:
        print_json(chain)
    elif not chain.steps:
        console.print(
            f"{chain.party} has no clearance chain: a principal who wrote none of a response "
            "approves it where the party requires approval; versions are tabled at once",
            markup=False,
        )
    else:
        console.print(f"clearance chain of {chain.party}:", markup=False)
        for number, step in enumerate(chain.steps, 1):
            console.print(f"  {number}. {format_step(step)}", markup=False)
