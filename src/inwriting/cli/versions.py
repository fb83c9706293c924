"""``inwriting versions`` and ``inwriting consolidate``: the consolidated text of a version,
redlines between stored versions, and deriving the next version from the answers."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from inwriting.cli.context import state
from inwriting.cli.output import console, jsonable, print_json
from inwriting.cli.redline import RedlineFormat, render_redline

app = typer.Typer(help="Versions: redlines between them, and deriving the next one.")
VERSION = typer.Argument(..., help="Version id.")
OUTPUT = typer.Option(None, "--output", "-o", dir_okay=False, help="Write to this file.")


class ConsolidatedFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"


def consolidate(
    ctx: typer.Context,
    version: int = VERSION,
    fmt: ConsolidatedFormat = typer.Option(ConsolidatedFormat.TEXT, "--format", help="Output."),
    output: Path | None = OUTPUT,
) -> None:
    """The bracketed consolidated text: each provision's state and every party's position
    in place, with counts of brackets and options.

    Example: inwriting consolidate 1 --format html -o consolidated.html
    """
    from inwriting.redline.bracket_render import (
        consolidated_html,
        consolidated_markdown,
        consolidated_text,
        summary_line,
    )
    from inwriting.redline.render import html_page
    from inwriting.services import consolidation

    st = state(ctx)
    found = consolidation.consolidated_text(st.database(), st.actor, version)
    title = f"Consolidated text: {found.title} ({found.version_label})"
    if fmt is ConsolidatedFormat.JSON:
        data = {
            "version": found.version_id,
            "summary": summary_line(found.text),
            "brackets": found.text.brackets,
            "options": found.text.options,
            "items": jsonable(found.text.items),
        }
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif fmt is ConsolidatedFormat.HTML:
        text = html_page(title, consolidated_html(found.text))
    elif fmt is ConsolidatedFormat.MARKDOWN:
        text = consolidated_markdown(found.text, title=title)
    else:
        text = consolidated_text(found.text, title=title)
    _write(text, output)


@app.command("redline")
def redline(
    ctx: typer.Context,
    old: int = typer.Argument(..., help="The earlier version id."),
    new: int = typer.Argument(..., help="The later version id."),
    fmt: RedlineFormat = typer.Option(RedlineFormat.TEXT, "--format", help="What to write."),
    output: Path | None = OUTPUT,
) -> None:
    """The redline between two tabled versions (aligned by key within one document).

    Example: inwriting versions redline 1 2 --format html -o changes.html
    """
    from inwriting.services import consolidation

    st = state(ctx)
    old_label, new_label, result = consolidation.version_redline(st.database(), st.actor, old, new)
    title = f"Redline: {old_label} → {new_label}"
    _write(render_redline(result, fmt, title=title, intro=title + ".", author=""), output)


@app.command("derive")
def derive(
    ctx: typer.Context,
    version: int = VERSION,
    choices: Path = typer.Option(
        ..., "--choices", exists=True, dir_okay=False, help="YAML: what to do with each provision."
    ),
    label: str = typer.Option("", "--label", help="Label of the new version."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Derive and table the next version from the answers: keep, adopt a party's amendment,
    write a compromise, delete, or insert a proposed addition (see docs/redline.md).

    Example: inwriting --as aron versions derive 1 --choices draft-2.yaml --label "Draft 2"
    """
    from inwriting.formats.responses.choices import read_choices
    from inwriting.services import derivation

    st = state(ctx)
    read = read_choices(choices.read_text(encoding="utf-8"), source=str(choices))
    made = derivation.derive_version(
        st.database(), st.actor, version, read.choices, label=label or read.label
    )
    if as_json:
        print_json(made)
    else:
        console.print(
            f"tabled version {made.id} ({made.label}) derived from version {version}; "
            f"see it with: inwriting versions redline {version} {made.id}",
            markup=False,
        )


@app.command("check-languages")
def check_languages(
    ctx: typer.Context,
    version: int = VERSION,
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Check the language texts of a version against its original, provision by provision:
    numbers, dates, article cross-references, quoted terms and paragraph counts that differ
    are listed. Exits 1 when something diverges (see docs/languages.md).

    Example: inwriting versions check-languages 1 --json
    """
    from inwriting.services import languages

    st = state(ctx)
    found = languages.check_languages(st.database(), st.actor, version)
    if as_json:
        print_json(
            {
                "version": found.version_id,
                "original": found.original,
                "languages": list(found.languages),
                "diverges": found.diverges,
                "divergences": [d.as_dict() for d in found.divergences],
            }
        )
    elif len(found.languages) < 2:
        console.print(f"version {version} has only its {found.original} text", markup=False)
    else:
        names = ", ".join(found.languages)
        console.print(
            f"version {version} in {names}: {len(found.divergences)} divergence(s)", markup=False
        )
        for d in found.divergences:
            console.print(f"  {d}", markup=False)
    if found.diverges:
        raise typer.Exit(1)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"written to {output}", markup=False)
