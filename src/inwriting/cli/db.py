"""``inwriting db``: the database schema and its integrity."""

from __future__ import annotations

from pathlib import Path

import typer

from inwriting.cli.context import state
from inwriting.cli.output import console, errors, print_json

app = typer.Typer(
    help="The database: create or upgrade its schema, check its integrity, back it up."
)


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
    from inwriting.services.ledger import check_database

    report = check_database(state(ctx).database())
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


@app.command("backup")
def backup(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="A new folder to write the backup to."),
    as_json: bool = typer.Option(False, "--json", help="Print the manifest as JSON."),
) -> None:
    """Back up the live database, the record's signing key and the data directory.

    Safe while the server runs: the copy is one consistent snapshot (SQLite's online
    backup API; pg_dump of an exported snapshot on PostgreSQL).

    Example: inwriting db backup backups/2026-03-02
    """
    from inwriting.services import backups

    st = state(ctx)
    manifest = backups.back_up(st.database(migrated=False), st.settings, path)
    if as_json:
        print_json(manifest)
        return
    console.print(
        f"backed up {manifest.engine} database with {manifest.record.size} record entries "
        f"and {len(manifest.files)} files to {path}",
        markup=False,
    )


@app.command("restore")
def restore(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="A folder written by `inwriting db backup`."),
    force: bool = typer.Option(
        False, "--force", help="Overwrite a database that holds data, and a different key."
    ),
) -> None:
    """Restore a backup: checks every file's digest first and the record's size after.

    Stop the server first. Refuses to overwrite a database that holds data unless --force.

    Example: inwriting --database sqlite:///restored.db db restore backups/2026-03-02
    """
    from inwriting.services import backups

    st = state(ctx)
    manifest = backups.restore(st.database(migrated=False), st.settings, path, force=force)
    console.print(
        f"restored {path} ({manifest.created_at}): {manifest.record.size} record entries; "
        "run `inwriting db check` and `inwriting record verify`",
        markup=False,
    )
