"""``inwriting users``: the people who act for parties."""

from __future__ import annotations

import typer
from rich.table import Table

from inwriting.cli.context import state
from inwriting.cli.output import add_row, console, print_json
from inwriting.services import users

app = typer.Typer(help="Users: the people who act for parties.")


@app.command("add")
def add(
    ctx: typer.Context,
    username: str = typer.Argument(..., help="Login name: lower-case letters, digits, . _ -"),
    name: str = typer.Option("", "--name", help="Display name."),
    admin: bool = typer.Option(False, "--admin", help="May administer negotiations."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Create a user.

    Example: inwriting users add ana --name "Ana Ortiz"
    """
    st = state(ctx)
    user = users.create_user(st.database(), st.actor, username, name, is_admin=admin)
    if as_json:
        print_json(user)
    else:
        console.print(f"created user {user.username} ({user.display_name})", markup=False)


@app.command("list")
def list_(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print as JSON.")
) -> None:
    """List users.

    Example: inwriting users list --json
    """
    found = users.list_users(state(ctx).database())
    if as_json:
        print_json(found)
        return
    table = Table("username", "name", "admin")
    for u in found:
        add_row(table, u.username, u.display_name, "yes" if u.is_admin else "")
    console.print(table)
