"""``inwriting export`` and ``inwriting import``: a negotiation as files."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from inwriting.cli.context import state
from inwriting.cli.output import console
from inwriting.errors import FormatError
from inwriting.services import exchange

MAX_IMPORT = 200 * 1024 * 1024


class ExportFormat(StrEnum):
    JSON = "json"


def export(
    ctx: typer.Context,
    negotiation: str = typer.Argument(..., help="Negotiation slug or id."),
    fmt: ExportFormat = typer.Option(ExportFormat.JSON, "--format", help="What to write."),
    output: Path = typer.Option(..., "--output", "-o", dir_okay=False, help="File to write."),
) -> None:
    """Export a whole negotiation: json is everything you may see (versions, requests,
    submitted responses, commitments), with a format_version, for archives and moves.

    Example: inwriting export lysra-basin --format json -o lysra.json
    """
    st = state(ctx)
    data = exchange.export_negotiation(st.database(), st.actor, negotiation)
    output.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    console.print(f"wrote {output}", markup=False)


def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A JSON export."),
) -> None:
    """Replay a JSON export into this database (as the operator or an administrator): every
    rule is checked again and every change is put on this database's record.

    Example: inwriting import lysra.json
    """
    if file.stat().st_size > MAX_IMPORT:
        raise FormatError("larger than 200 MB", source=str(file))
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FormatError(f"not JSON: {error}", source=str(file)) from None
    st = state(ctx)
    slug = exchange.import_negotiation(st.database(), st.actor, data)
    console.print(f"imported negotiation {slug}", markup=False)
