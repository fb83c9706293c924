"""The ``inwriting`` command line: one module per command group, each a thin shell over
one service call per command.

Global options choose the database (``--database`` / ``INWRITING_DATABASE_URL``) and who is
acting (``--as`` / ``INWRITING_USER``). Errors from the package's exception family are
printed as a message (and, for refused input, every problem) with a non-zero exit status,
never as a traceback.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from inwriting import __version__
from inwriting.cli import (
    check,
    commitments,
    concordance,
    consultations,
    convert,
    db,
    deadlines,
    demo,
    documents,
    exports,
    negotiations,
    notifications,
    parse,
    parties,
    record,
    redline,
    requests,
    responses,
    search,
    serve,
    users,
    versions,
    witness,
)
from inwriting.cli.context import State
from inwriting.cli.output import fail
from inwriting.errors import InWritingError
from inwriting.http.logs import configure_logging
from inwriting.settings import Settings


class _Group(TyperGroup):
    """Maps the package's errors to a message and exit status, for every command."""

    def invoke(self, ctx: Any) -> Any:  # Typer vendors Click; its Context type is private
        try:
            return super().invoke(ctx)
        except InWritingError as error:
            fail(error)
        except Exception as error:
            if _does_not_verify(error):  # a receipt or key
                fail(InWritingError(f"does not verify: {error}"))
            raise


def _does_not_verify(error: Exception) -> bool:
    """Whether ``error`` is the record's or a receipt's refusal. Their modules are loaded
    here only if the command loaded them: no other command can raise their errors (and
    ``--help``, which ends in an exception too, stays quick)."""
    if "inwriting.domain.events" in sys.modules:
        from inwriting.domain.events import EntryError

        if isinstance(error, EntryError):
            return True
    if "inwriting.tlog" in sys.modules:
        from inwriting.tlog import TlogError

        if isinstance(error, TlogError):
            return True
    return False


app = typer.Typer(
    name="inwriting",
    cls=_Group,
    help=(
        "Negotiate an agreement article by article, in writing.\n\n"
        "Example: inwriting demo && inwriting --as ben responses list --version 1"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    """``--version``: eager, so it answers before settings are read or a database opened."""
    if value:
        typer.echo(f"inwriting {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    _version: bool = typer.Option(
        False,
        "--version",
        help="Print the version and exit.",
        callback=_print_version,
        is_eager=True,
    ),
    database: str | None = typer.Option(
        None,
        "--database",
        help="Database URL (default: sqlite:///inwriting.db).",
        envvar="INWRITING_DATABASE_URL",
        show_envvar=True,
    ),
    acting_as: str | None = typer.Option(
        None,
        "--as",
        help="Act as this user (a member of a party).",
        envvar="INWRITING_USER",
        show_envvar=True,
    ),
) -> None:
    # --database stands for INWRITING_DATABASE_URL, so that what derives from it (the data
    # folder beside a SQLite file, where the signing key lives) follows it too.
    environ = {**os.environ, "INWRITING_DATABASE_URL": database} if database else os.environ
    try:  # once, here at the edge: library code never configures logging
        settings = Settings.from_env(environ)
        configure_logging(settings)
    except ValueError as error:
        fail(InWritingError(str(error)))
    ctx.obj = State(settings=settings, username=acting_as)
    ctx.call_on_close(ctx.obj.close)


app.command("parse")(parse.parse)
app.command("convert")(convert.convert)
app.command("check-response")(check.check_response)
app.command("redline")(redline.redline)
app.command("concordance")(concordance.concordance)
app.command("consolidate")(versions.consolidate)
app.command("demo")(demo.demo)
app.command("export")(exports.export)
app.command("import")(exports.import_)
app.command("serve")(serve.serve)
app.command("search")(search.search)
app.add_typer(db.app, name="db")
app.add_typer(users.app, name="users")
app.add_typer(negotiations.app, name="negotiations")
app.add_typer(parties.app, name="parties")
app.add_typer(documents.app, name="documents")
app.add_typer(requests.app, name="requests")
app.add_typer(consultations.app, name="consultations")
app.add_typer(responses.app, name="responses")
app.add_typer(versions.app, name="versions")
app.add_typer(record.app, name="record")
app.add_typer(witness.app, name="witness")
app.add_typer(commitments.app, name="commitments")
app.add_typer(deadlines.app, name="deadlines")
app.add_typer(notifications.app, name="notifications")
app.command("verify-receipt")(record.verify_receipt)


def main() -> None:
    app()
