"""``inwriting convert``: a draft from one format to another, with no database."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path

import typer

from inwriting.cli.output import console, errors
from inwriting.cli.parse import FILE, InputFormat
from inwriting.errors import FormatError


class Target(StrEnum):
    MARKDOWN = "markdown"
    DOCX = "docx"
    AKN = "akn"
    JSON = "json"
    PDF = "pdf"


BINARY = (Target.DOCX, Target.PDF)


def convert(
    file: Path = FILE,
    to: Target = typer.Option(..., "--to", help="The format to write."),
    output: Path = typer.Option(
        ..., "--output", "-o", dir_okay=False, help="The file to write ('-': standard output)."
    ),
    source_format: InputFormat = typer.Option(
        InputFormat.AUTO,
        "--from",
        help="How to read FILE (default: guess from its name and content).",
    ),
    author: str = typer.Option(
        "InWriting", "--author", help="Akoma Ntoso: who tabled the text (FRBR author)."
    ),
    when: str = typer.Option(
        "", "--date", help="Akoma Ntoso: the date of the text, YYYY-MM-DD (default: today)."
    ),
) -> None:
    """Convert a draft between Markdown, DOCX, Akoma Ntoso XML and JSON, or print it to PDF.

    The provisions (keys, labels, headings, text) are kept; what a format cannot carry is
    listed in docs/formats.md. PDF is for reading and printing only (headers with the title
    and FILE's name, page numbers) and, like DOCX, needs a file. Notes on how FILE was read
    (tracked changes accepted, page markers folded) are printed to standard error.

    Example: inwriting convert treaty.docx --to akn -o treaty.xml
    """
    from inwriting.formats import import_document, render_document
    from inwriting.formats.akn.writer import AknMetadata
    from inwriting.formats.pdf import version_pdf

    if output == Path("-") and to in BINARY:
        raise FormatError(f"{to.value.upper()} is binary: write it to a file with -o FILE")
    if output != Path("-") and output.resolve() == file.resolve():
        raise FormatError("refusing to overwrite the input: choose another -o", source=str(file))
    imported = import_document(file, format=source_format.value)
    for note in imported.notes:
        errors.print(f"note: {note}", markup=False)
    doc = imported.document
    if to is Target.PDF:
        data = version_pdf(doc, title=doc.title or file.name, version_label=file.name)
    else:
        metadata = AknMetadata(work_date=_date(when), author=author)
        data = render_document(doc, to.value, metadata=metadata)
    if output == Path("-"):
        typer.echo(data.decode("utf-8"), nl=False)
        return
    _write(output, data)
    count = len(imported.document.provisions)
    console.print(f"Wrote {count} provisions to {output} ({to.value})", markup=False)


def _date(text: str) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FormatError(f"--date must be YYYY-MM-DD, not {text!r}") from None


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        reason = error.strerror or str(error)
        raise FormatError(f"cannot write the file: {reason}", source=str(path)) from error
