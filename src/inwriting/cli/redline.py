"""``inwriting redline``: what changed between two versions of a draft, with no database."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from inwriting.cli.output import console
from inwriting.cli.parse import InputFormat
from inwriting.errors import FormatError

if TYPE_CHECKING:
    from inwriting.redline.compare import Redline


class RedlineFormat(StrEnum):
    TEXT = "text"
    HTML = "html"
    CRITICMARKUP = "criticmarkup"
    JSON = "json"
    DOCX = "docx"
    PDF = "pdf"


BINARY = (RedlineFormat.DOCX, RedlineFormat.PDF)

OLD = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="The earlier version.")
NEW = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="The later version.")


def redline(
    old: Path = OLD,
    new: Path = NEW,
    fmt: RedlineFormat = typer.Option(RedlineFormat.TEXT, "--format", help="What to write."),
    output: Path | None = typer.Option(
        None, "--output", "-o", dir_okay=False, help="Write to this file (default: print)."
    ),
    author: str = typer.Option(
        "",
        "--author",
        help="Who made the changes: named on each HTML insertion and deletion, and the "
        "author of DOCX tracked changes (default there: InWriting).",
    ),
    source_format: InputFormat = typer.Option(
        InputFormat.AUTO, "--from", help="How to read OLD and NEW (default: guess)."
    ),
) -> None:
    """Compare two versions of a draft provision by provision, word by word.

    Provisions are paired by text and label, so a renumbered, moved or split article is
    shown as such; whitespace-only differences are not changes. --format text marks
    changes [-like this-] {+like this+}; html writes a standalone page; criticmarkup writes
    Markdown with {++ ++} {-- --} {~~ ~> ~~}; json writes the operations (docs/redline.md);
    docx writes Word tracked changes (accept all: the new text, reject all: the old);
    pdf a printable redline. DOCX and PDF need -o.

    Example: inwriting redline treaty-v1.md treaty-v2.md --format docx -o redline.docx
    """
    from inwriting.formats import read_document
    from inwriting.redline.compare import compare

    if fmt in BINARY and output is None:
        raise FormatError(f"{fmt.value.upper()} is binary: write it to a file with -o FILE")
    before = read_document(old, format=source_format.value)
    after = read_document(new, format=source_format.value)
    result = compare(before.provisions, after.provisions)
    title = f"Redline: {old.name} → {new.name}"
    intro = f"From “{before.title}” ({old.name}) to “{after.title}” ({new.name})."
    if output is None:
        sys.stdout.write(render_redline(result, fmt, title=title, intro=intro, author=author))
        return
    if fmt in BINARY:
        data = render_binary(result, fmt, title=title, intro=intro, author=author)
    else:
        data = render_redline(result, fmt, title=title, intro=intro, author=author).encode()
    _write(output, data)
    console.print(f"Wrote the redline ({len(result.pairs)} pairs) to {output}", markup=False)


def _write(output: Path, data: bytes) -> None:
    try:
        output.write_bytes(data)
    except OSError as error:
        reason = error.strerror or str(error)
        raise FormatError(f"cannot write the file: {reason}", source=str(output)) from error


def render_binary(
    result: Redline, fmt: RedlineFormat, *, title: str, intro: str, author: str
) -> bytes:
    """DOCX (tracked changes dated now: the command line is where the clock is read) or
    PDF."""
    from inwriting.formats.docx.redline import write_redline_docx
    from inwriting.formats.pdf import redline_pdf

    if fmt is RedlineFormat.DOCX:
        return write_redline_docx(
            result, title=title, author=author or "InWriting", date=datetime.now(UTC)
        )
    return redline_pdf(result, title=title, intro=intro, author=author)


def render_redline(
    result: Redline, fmt: RedlineFormat, *, title: str, intro: str, author: str
) -> str:
    from inwriting.redline.render import render_criticmarkup, render_html, render_json, render_text

    if fmt is RedlineFormat.HTML:
        return render_html(result, title=title, intro=intro, author=author)
    if fmt is RedlineFormat.CRITICMARKUP:
        return render_criticmarkup(result, title=title)
    if fmt is RedlineFormat.JSON:
        return render_json(result)
    return render_text(result, title=title)
