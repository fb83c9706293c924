"""``inwriting documents``: table versions of a text and read them back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from inwriting.cli.context import state
from inwriting.cli.output import add_row, console, errors, print_json, print_pending, when
from inwriting.cli.parse import FORMAT, InputFormat

if TYPE_CHECKING:
    from inwriting.domain.documents import ParsedDocument

app = typer.Typer(help="Documents: texts under negotiation, one version at a time.")
NEGOTIATION = typer.Option(..., "--negotiation", "-n", help="Negotiation slug or id.")
JSON = typer.Option(False, "--json", help="Print as JSON.")


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="The text to table."),
    negotiation: str = NEGOTIATION,
    party: str = typer.Option(..., "--party", help="The party tabling it (you act for it)."),
    document: str | None = typer.Option(
        None, "--document", help="Table as the next version of this document (slug)."
    ),
    label: str = typer.Option("", "--label", help="e.g. 'Counter-proposal of 3 May'."),
    baseline: int | None = typer.Option(None, "--baseline", help="Version id it derives from."),
    language: str | None = typer.Option(
        None, "--language", help="BCP 47 tag of FILE's language (default en), e.g. nl, zh-Hans."
    ),
    version: int | None = typer.Option(
        None, "--version", help="Add FILE as this version's text in --language instead."
    ),
    mapping: Path | None = typer.Option(
        None,
        "--map",
        exists=True,
        dir_okay=False,
        help="With --version: YAML 'translation provision: version key' pairs, confirming "
        "where provisions that do not line up belong.",
    ),
    fmt: InputFormat = FORMAT,
    as_json: bool = JSON,
) -> None:
    """Parse FILE and table it as a new version, or, with --version and --language, add it
    as one more equally authentic language text of a tabled version (aligned to its
    provisions; refused, naming each provision that does not line up, unless --map confirms
    where they belong). Neither ever changes afterwards.

    Example: inwriting --as amos documents import charter.nl.md -n river --party "Party A"
    --language nl --version 1
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from inwriting.formats import read_document
    from inwriting.services import documents
    from inwriting.services.clearance import PendingVersion

    st = state(ctx)
    db = st.database()
    with console.status(f"reading {file.name}…"):
        parsed = read_document(file, format=fmt.value)
    if version is not None:
        _add_language_text(ctx, file, parsed, version, language, mapping, as_json)
        return
    if mapping is not None:
        raise typer.BadParameter("--map goes with --version (a language text)", param_hint="--map")
    with Progress(
        TextColumn("tabling provisions"),
        BarColumn(),
        MofNCompleteColumn(),
        console=errors,
        transient=True,
        disable=as_json or len(parsed.provisions) < 200,
    ) as bar:
        task = bar.add_task("table", total=len(parsed.provisions))
        tabled = documents.table_version(
            db,
            st.actor,
            negotiation,
            party,
            parsed,
            document=document,
            label=label,
            baseline_id=baseline,
            source_name=file.name,
            language=language or "en",
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    if as_json:
        print_json(tabled)
    elif isinstance(tabled, PendingVersion):
        print_pending(tabled)
    else:
        console.print(
            f"tabled version {tabled.id} of {tabled.document}: {tabled.label}, "
            f"{tabled.answerable} provisions to answer ({tabled.provision_count} in all)",
            markup=False,
        )


def _add_language_text(
    ctx: typer.Context,
    file: Path,
    parsed: ParsedDocument,
    version: int,
    language: str | None,
    mapping: Path | None,
    as_json: bool,
) -> None:
    from inwriting.formats.mappings import read_mapping
    from inwriting.services import languages

    if language is None:
        raise typer.BadParameter("say which language FILE is in", param_hint="--language")
    pairs = {}
    if mapping is not None:
        pairs = read_mapping(mapping.read_text(encoding="utf-8"), source=mapping.name)
    st = state(ctx)
    added = languages.add_language_text(
        st.database(), st.actor, version, language, parsed, mapping=pairs, source_name=file.name
    )
    if as_json:
        print_json(added)
    else:
        console.print(
            f"added the {added.language} text of version {version}: "
            f"{len(added.provisions)} provisions aligned; sha256 {added.content_sha256}, "
            f"record entry {added.record_index}",
            markup=False,
        )


@app.command("list")
def list_(ctx: typer.Context, negotiation: str = NEGOTIATION, as_json: bool = JSON) -> None:
    """List documents and their versions.

    Example: inwriting documents list -n river
    """
    from rich.table import Table

    from inwriting.services import documents

    st = state(ctx)
    found = documents.list_documents(st.database(), st.actor, negotiation)
    if as_json:
        print_json(found)
        return
    table = Table("version", "document", "label", "tabled by", "tabled", "provisions")
    for d in found:
        for v in d.versions:
            add_row(
                table, str(v.id), d.slug, v.label, v.tabled_by, when(v.tabled_at), str(v.answerable)
            )
    console.print(table)


@app.command("show")
def show(
    ctx: typer.Context,
    version: int = typer.Argument(..., help="Version id."),
    language: str | None = typer.Option(
        None, "--language", help="Print this language text of it (e.g. nl)."
    ),
    as_json: bool = JSON,
) -> None:
    """Print a tabled version, provision by provision (or one of its language texts).

    Example: inwriting documents show 1 --json
    """
    from rich.markup import escape

    from inwriting.services import documents

    st = state(ctx)
    if language is not None:
        _show_language_text(ctx, version, language, as_json)
        return
    found = documents.get_version(st.database(), st.actor, version)
    if as_json:
        print_json(
            {"version": found.version, "provisions": [p.as_dict() for p in found.provisions]}
        )
        return
    v = found.version
    console.print(
        f"[bold]{escape(v.title)}[/] — {escape(v.label)}, tabled by {escape(v.tabled_by)} "
        f"on {when(v.tabled_at)}, in {escape(v.language)}"
    )
    console.print(f"[dim]sha256 {v.content_sha256}[/]")
    for p in found.provisions:
        heading = f" — {p.heading}" if p.heading else ""
        console.print(f"\n[bold]{escape((p.label or p.key) + heading)}[/]  [dim]{escape(p.key)}[/]")
        if p.text:
            console.print(p.text, markup=False)


def _show_language_text(ctx: typer.Context, version: int, language: str, as_json: bool) -> None:
    from rich.markup import escape

    from inwriting.services import languages

    st = state(ctx)
    found = languages.get_language_text(st.database(), st.actor, version, language)
    if as_json:
        print_json(found)
        return
    origin = "original" if found.original else f"added by {found.added_by}"
    console.print(f"[bold]{escape(found.title)}[/] — {found.language} text ({escape(origin)})")
    console.print(f"[dim]sha256 {found.content_sha256}[/]")
    for p in found.provisions:
        heading = f" — {p.heading}" if p.heading else ""
        console.print(f"\n[bold]{escape((p.label or p.key) + heading)}[/]  [dim]{escape(p.key)}[/]")
        if p.text:
            console.print(p.text, markup=False)
