"""``inwriting db``: the database schema and its integrity."""

from __future__ import annotations

import typer

from inwriting.cli.context import state
from inwriting.cli.output import console, errors, print_json
from inwriting.services.integrity import check_integrity

app = typer.Typer(help="The database: create or upgrade its schema, check its integrity.")


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Create the schema, or bring it to the current version.

    Example: inwriting --database postgresql://localhost/inwriting db upgrade
    """
    db = state(ctx).database(migrated=False)
    before = db.current_revision()
    db.upgrade()
    after = db.current_revision()
    console.print(f"{db.display_url}: schema {before or 'empty'} -> {after}", markup=False)


@app.command("check")
def check(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print as JSON.")
) -> None:
    """Check every row put in writing against its digest and the record, both ways.

    Each tabled version and submitted response must match its stored digest; each record
    entry must name a row whose content still matches it; each row put in writing must have
    exactly its entry, with the status the record gives it; nothing already signed or cited
    may lie past the record's end. Exits 1 naming each table, row and entry that differs.

    Example: inwriting db check
    """
    report = check_integrity(state(ctx).database())
    if as_json:
        print_json({"ok": report.ok, **vars(report)})
    elif report.ok:
        console.print(
            f"ok: {report.entries} record entries, {report.versions} versions and "
            f"{report.responses} submitted responses match the rows put in writing",
            markup=False,
        )
    else:
        for item in report.discrepancies:
            errors.print(f"TAMPERED: {item}", markup=False)
    raise typer.Exit(0 if report.ok else 1)
