"""``inwriting parse``: read a draft into provisions, with no database."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from inwriting.cli.output import console, errors, print_json
from inwriting.domain.documents import AnswerLevel, ParsedDocument, Provision

if TYPE_CHECKING:
    from rich.tree import Tree


class InputFormat(StrEnum):
    AUTO = "auto"
    MARKDOWN = "markdown"
    TEXT = "text"
    DOCX = "docx"
    PDF = "pdf"
    AKN = "akn"
    JSON = "json"


FILE = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="The draft to read.")
FORMAT = typer.Option(InputFormat.AUTO, "--format", help="How to read FILE (default: guess).")
ANSWER_BY = typer.Option(
    None,
    "--answer-by",
    help="What parties answer one by one: article, section (US style: the Sections of an "
    "ARTICLE) or paragraph (Article 5(2) ...). Default: what the structure makes obvious.",
    case_sensitive=False,
)


def parse(
    file: Path = FILE,
    fmt: InputFormat = FORMAT,
    answer_by: AnswerLevel | None = ANSWER_BY,
    as_json: bool = typer.Option(False, "--json", help="Print the provisions as JSON."),
) -> None:
    """Split a draft into its provisions, at an answer level, and print them in document
    order with what to check before tabling it (empty provisions, repeated labels ...).

    Example: inwriting parse treaty.md --answer-by paragraph --json
    """
    from inwriting.formats import read_document
    from inwriting.formats.preview import preview

    shown = preview(read_document(file, format=fmt.value), answer_by)
    if as_json:
        print_json(
            {
                **shown.document.as_dict(),
                "answer_level": shown.level.value,
                "warnings": list(shown.warnings),
            }
        )
        return
    console.print(outline(shown.document))
    console.print(f"answered by {shown.level.value}", markup=False)
    for warning in shown.warnings:
        errors.print(f"warning: {warning}", markup=False)


def outline(parsed: ParsedDocument) -> Tree:
    """A tree of groups and provisions: label, heading and key, then counts."""
    from rich.markup import escape
    from rich.tree import Tree

    tree = Tree(f"[bold]{escape(parsed.title)}[/]")
    nodes: dict[str, Tree] = {}
    for p in parsed.provisions:
        parent = nodes.get(p.parent or "", tree)
        nodes[p.key] = parent.add(_line(p))
    kinds: dict[str, int] = {}
    for p in parsed.provisions:
        kinds[p.kind.value] = kinds.get(p.kind.value, 0) + 1
    tree.add("[dim]" + ", ".join(f"{n} {k}" for k, n in kinds.items()) + "[/]")
    return tree


def _line(p: Provision) -> str:
    from rich.markup import escape

    heading = f" — {escape(p.heading)}" if p.heading else ""
    style = "bold" if not p.answerable else ""
    label = escape(p.label or p.key)
    text = f"[{style}]{label}[/]" if style else label
    return f"{text}{heading}  [dim]{p.key}[/]"
