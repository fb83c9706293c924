"""``inwriting parse``: read a draft into provisions, with no database."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from inwriting.cli.output import console, print_json
from inwriting.domain.documents import ParsedDocument, Provision

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


def parse(
    file: Path = FILE,
    fmt: InputFormat = FORMAT,
    as_json: bool = typer.Option(False, "--json", help="Print the provisions as JSON."),
) -> None:
    """Split a draft into its provisions and print them in document order.

    Example: inwriting parse treaty.md --json
    """
    from inwriting.formats import read_document

    parsed = read_document(file, format=fmt.value)
    if as_json:
        print_json(parsed.as_dict())
    else:
        console.print(outline(parsed))


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
