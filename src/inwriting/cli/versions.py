"""``inwriting versions`` and ``inwriting consolidate``: the consolidated text of a version,
redlines between stored versions, and deriving the next version from the answers."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from inwriting.cli.context import state
from inwriting.cli.output import console, jsonable, print_json, print_pending, print_status
from inwriting.cli.redline import RedlineFormat, render_redline

if TYPE_CHECKING:
    from inwriting.services.version_drafts import PendingView

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
    language: str = typer.Option(
        "",
        "--language",
        help="In this language text of the version, each proposal in its wording in it.",
    ),
) -> None:
    """The bracketed consolidated text: each provision's state and every party's position
    in place, with counts of brackets and options.

    Example: inwriting consolidate 1 --format html -o consolidated.html --language nl
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
    found = consolidation.consolidated_text(st.database(), st.actor, version, language=language)
    title = f"Consolidated text: {found.title} ({found.version_label})"
    if fmt is ConsolidatedFormat.JSON:
        data = {
            "version": found.version_id,
            "language": found.language,
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
    sign_with: Path | None = typer.Option(
        None,
        "--sign-with",
        exists=True,
        dir_okay=False,
        help="Sign the tabling with your key file (`keys generate`); it stays on this machine.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Derive and table the next version from the answers: keep, adopt a party's amendment,
    write a compromise, delete, or insert a proposed addition (see docs/redline.md); signed
    with your key where you give one or your party requires it.

    Example: inwriting --as aron versions derive 1 --choices draft-2.yaml --label "Draft 2"
    """
    from inwriting.formats.responses.choices import read_choices
    from inwriting.services import derivation
    from inwriting.services.clearance import PendingVersion

    st = state(ctx)
    read = read_choices(choices.read_text(encoding="utf-8"), source=str(choices))
    db, origin, signature = st.database(), st.settings.record_origin, None
    if sign_with is not None:
        from inwriting.cli.keys import load_signer
        from inwriting.domain.statements import sign_statement

        said = derivation.statement_for_derivation(db, st.actor, version, read.choices, origin)
        signature = sign_statement(said, load_signer(sign_with)).format()
    made = derivation.derive_version(
        db,
        st.actor,
        version,
        read.choices,
        label=label or read.label,
        signature=signature,
        origin=origin,
    )
    if as_json:
        print_json(made)
    elif isinstance(made, PendingVersion):
        print_pending(made)
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


pending_app = typer.Typer(
    help="Pending versions: versions and counter-proposals awaiting your party's clearance."
)
app.add_typer(pending_app, name="pending")
PENDING = typer.Argument(..., help="Pending version id.")


@pending_app.command("list")
def pending_list(
    ctx: typer.Context,
    negotiation: str = typer.Option(..., "--negotiation", "-n", help="Negotiation slug or id."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """List your parties' versions awaiting clearance in a negotiation.

    Example: inwriting --as olga versions pending list -n river
    """
    from inwriting.services import version_drafts

    st = state(ctx)
    found = version_drafts.list_version_drafts(st.database(), st.actor, negotiation)
    if as_json:
        print_json(found)
        return
    if not found:
        console.print("no version awaits clearance", markup=False)
    for p in found:
        what = "derived version" if p.derived else "version"
        console.print(
            f"{p.id}: {what} {p.label or p.title!r} of {p.party}, by {p.created_by}",
            markup=False,
        )


@pending_app.command("show")
def pending_show(
    ctx: typer.Context,
    pending: int = PENDING,
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Show a pending version's clearance chain, step by step, and its history.

    Example: inwriting --as olga versions pending show 1
    """
    from inwriting.services import version_drafts

    st = state(ctx)
    _print_view(version_drafts.get_version_draft(st.database(), st.actor, pending), as_json)


@pending_app.command("clear")
def pending_clear(
    ctx: typer.Context,
    pending: int = PENDING,
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Clear the current step of a pending version; the last clearance tables it.

    Example: inwriting --as olga versions pending clear 1
    """
    from inwriting.services import version_drafts

    st = state(ctx)
    _print_view(version_drafts.clear_version_draft(st.database(), st.actor, pending), as_json)


@pending_app.command("edit")
def pending_edit(
    ctx: typer.Context,
    pending: int = PENDING,
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="The new text."),
    label: str | None = typer.Option(None, "--label", help="A new label."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Replace a pending version's text. You become one of its authors (so clear it at no
    step) and the clearances of your step and later ones are withdrawn.

    Example: inwriting --as lena versions pending edit 1 revised.md
    """
    from inwriting.formats import read_document
    from inwriting.services import version_drafts

    st = state(ctx)
    parsed = read_document(file)
    view = version_drafts.edit_version_draft(st.database(), st.actor, pending, parsed, label=label)
    _print_view(view, as_json)


def _print_view(view: PendingView, as_json: bool) -> None:
    if as_json:
        print_json(view)
        return
    draft = view.draft
    if draft.version_id is not None:
        console.print(
            f"pending version {draft.id} was cleared and tabled as version {draft.version_id}",
            markup=False,
        )
    else:
        what = "derived version" if draft.derived else "version"
        console.print(
            f"pending {what} {draft.id} of {draft.party}: {draft.label or draft.title}",
            markup=False,
        )
    print_status(view.status)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"written to {output}", markup=False)
