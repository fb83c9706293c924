"""``inwriting demo``: load a demo negotiation to explore."""

from __future__ import annotations

import typer

from inwriting.cli.context import state
from inwriting.cli.output import add_row, console


def demo(ctx: typer.Context) -> None:
    """Load a demo negotiation (three parties, a ten-article draft, one answer, one overdue).

    Creates the schema first if the database is new.

    Example: inwriting --database sqlite:///demo.db demo
    """
    from rich.table import Table

    from inwriting.services.demo import DEMO_PASSWORD, load_demo

    db = state(ctx).database(migrated=False)
    db.upgrade()
    loaded = load_demo(db)
    console.print(
        f"Loaded the demo negotiation [bold]{loaded.negotiation}[/] into {db.display_url}"
    )
    table = Table(
        "--as", "name", "party", "role", title=f"Demo accounts (password: {DEMO_PASSWORD})"
    )
    for username, name, party, role in loaded.accounts:
        add_row(table, username, name, party, role)
    console.print(table)
    console.print(
        f"Try: inwriting negotiations show {loaded.negotiation}\n"
        f"     inwriting --as cato responses list --version {loaded.version_id}\n"
        f"     inwriting --as cato responses show {loaded.response_id}",
        markup=False,
    )
