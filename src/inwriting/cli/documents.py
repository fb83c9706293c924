"""``inwriting documents``: table versions of a text and read them back."""

from __future__ import annotations

from pathlib import Path

import typer

from inwriting.cli.context import state
from inwriting.cli.output import add_row, console, errors, print_json, when
from inwriting.cli.parse import FORMAT, InputFormat

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
    fmt: InputFormat = FORMAT,
    sign_with: Path | None = typer.Option(
        None,
        "--sign-with",
        exists=True,
        dir_okay=False,
        help="Sign the tabling with your key file (`keys generate`); it stays on this machine.",
    ),
    as_json: bool = JSON,
) -> None:
    """Parse FILE and table it as a new version. Tabled versions never change. Signed with
    your key where you give one or your party requires it; --json prints its record_index.

    Example: inwriting --as amos documents import draft.md -n river --party "Party A"
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from inwriting.formats import read_document
    from inwriting.services import documents

    st = state(ctx)
    db = st.database()
    with console.status(f"reading {file.name}…"):
        parsed = read_document(file, format=fmt.value)
    origin, signature = st.settings.record_origin, None
    if sign_with is not None:
        from inwriting.cli.keys import load_signer
        from inwriting.domain.statements import sign_statement

        signer = load_signer(sign_with)
        said = documents.statement_for_tabling(db, st.actor, negotiation, party, parsed, origin)
        signature = sign_statement(said, signer).format()
    with Progress(
        TextColumn("tabling provisions"),
        BarColumn(),
        MofNCompleteColumn(),
        console=errors,
        transient=True,
        disable=as_json or len(parsed.provisions) < 200,
    ) as bar:
        task = bar.add_task("table", total=len(parsed.provisions))
        version = documents.table_version(
            db,
            st.actor,
            negotiation,
            party,
            parsed,
            document=document,
            label=label,
            baseline_id=baseline,
            source_name=file.name,
            signature=signature,
            origin=origin,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    if as_json:
        print_json(version)
    else:
        console.print(
            f"tabled version {version.id} of {version.document}: {version.label}, "
            f"{version.answerable} provisions to answer ({version.provision_count} in all)",
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
    as_json: bool = JSON,
) -> None:
    """Print a tabled version, provision by provision.

    Example: inwriting documents show 1 --json
    """
    from rich.markup import escape

    from inwriting.services import documents

    st = state(ctx)
    found = documents.get_version(st.database(), st.actor, version)
    if as_json:
        print_json(
            {"version": found.version, "provisions": [p.as_dict() for p in found.provisions]}
        )
        return
    v = found.version
    console.print(
        f"[bold]{escape(v.title)}[/] — {escape(v.label)}, tabled by {escape(v.tabled_by)} "
        f"on {when(v.tabled_at)}"
    )
    console.print(f"[dim]sha256 {v.content_sha256}[/]")
    for p in found.provisions:
        heading = f" — {p.heading}" if p.heading else ""
        console.print(f"\n[bold]{escape((p.label or p.key) + heading)}[/]  [dim]{escape(p.key)}[/]")
        if p.text:
            console.print(p.text, markup=False)
