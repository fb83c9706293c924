"""``inwriting export`` and ``inwriting import``: a negotiation as files."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from inwriting.cli.context import state
from inwriting.cli.output import console
from inwriting.errors import FormatError, ValidationError

MAX_IMPORT = 200 * 1024 * 1024


class ExportFormat(StrEnum):
    JSON = "json"
    RESPONSE_DOCX = "response-docx"
    REDLINE_DOCX = "redline-docx"
    REDLINE_PDF = "redline-pdf"
    DOCX = "docx"
    PDF = "pdf"
    AKN = "akn"
    MARKDOWN = "markdown"
    CONSOLIDATED_DOCX = "consolidated-docx"
    CONSOLIDATED_PDF = "consolidated-pdf"
    MATRIX_XLSX = "matrix-xlsx"
    MATRIX_CSV = "matrix-csv"


def export(
    ctx: typer.Context,
    negotiation: str = typer.Argument(..., help="Negotiation slug or id."),
    fmt: ExportFormat = typer.Option(ExportFormat.JSON, "--format", help="What to write."),
    output: Path = typer.Option(..., "--output", "-o", dir_okay=False, help="File to write."),
    version: int | None = typer.Option(None, "--version", help="For a version's exports."),
    old: int | None = typer.Option(None, "--old", help="For a redline: the earlier version."),
    response: int | None = typer.Option(None, "--response", help="For response-docx."),
    language: list[str] = typer.Option(
        [],
        "--language",
        help="A language text of the version (docx, pdf, akn, markdown, response-docx); "
        "twice or more: side by side (docx, pdf).",
    ),
) -> None:
    """Export from the database. json: the whole negotiation (see `inwriting import`);
    docx, pdf, akn, markdown, consolidated-docx/pdf, matrix-xlsx/csv: of --version;
    redline-docx/pdf: from --old to --version; response-docx: of --response. --language
    picks the version's language texts (docs/languages.md).

    Example: inwriting export un --format docx --version 1 --language en --language nl -o un.docx
    """
    from inwriting.services import exchange, exports

    st = state(ctx)
    db = st.database()
    if fmt is ExportFormat.JSON:
        data = exchange.export_negotiation(db, st.actor, negotiation)
        body = (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()
    elif fmt is ExportFormat.RESPONSE_DOCX:
        which_response = _needed(response, "--response")
        tag = language[0] if language else ""
        body = exports.export_response(db, st.actor, negotiation, which_response, language=tag)[2]
    elif fmt in (ExportFormat.REDLINE_DOCX, ExportFormat.REDLINE_PDF):
        kind = "pdf" if fmt is ExportFormat.REDLINE_PDF else "docx"
        new = _needed(version, "--version")
        earlier = _needed(old, "--old")
        body = exports.export_redline(db, st.actor, negotiation, earlier, new, kind)[2]
    else:
        which = exports.VersionFormat(fmt.value)
        number = _needed(version, "--version")
        found = exports.export_version(db, st.actor, negotiation, number, which, language=language)
        body = found[2]
    output.write_bytes(body)
    console.print(f"wrote {output} ({len(body):,} bytes)", markup=False)


def _needed(value: int | None, option: str) -> int:
    if value is None:
        raise ValidationError(f"this export needs {option}")
    return value


def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A JSON export."),
) -> None:
    """Replay a JSON export into this database (as the operator or an administrator): every
    rule is checked again and every change is put on this database's record.

    Example: inwriting import lysra.json
    """
    from inwriting.services import exchange

    if file.stat().st_size > MAX_IMPORT:
        raise FormatError("larger than 200 MB", source=str(file))
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FormatError(f"not JSON: {error}", source=str(file)) from None
    st = state(ctx)
    slug = exchange.import_negotiation(st.database(), st.actor, data)
    console.print(f"imported negotiation {slug}", markup=False)
