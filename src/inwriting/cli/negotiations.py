"""``inwriting negotiations``: create, list and show negotiations."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import typer

from inwriting.cli.context import state
from inwriting.cli.output import add_row, console, print_json, when
from inwriting.domain.negotiations import Visibility

if TYPE_CHECKING:
    from rich.table import Table

    from inwriting.services import requests

app = typer.Typer(help="Negotiations: one effort to agree texts among parties.")
JSON = typer.Option(False, "--json", help="Print as JSON.")


@app.command("create")
def create(
    ctx: typer.Context,
    title: str = typer.Argument(..., help="What is being negotiated."),
    slug: str | None = typer.Option(None, "--slug", help="Short name (default: from the title)."),
    public: bool = typer.Option(False, "--public", help="Readable by anyone."),
    as_json: bool = JSON,
) -> None:
    """Create a negotiation.

    Example: inwriting negotiations create "Agreement on river management" --slug river
    """
    from inwriting.services import negotiations

    st = state(ctx)
    visibility = Visibility.PUBLIC if public else Visibility.PRIVATE
    neg = negotiations.create_negotiation(
        st.database(), st.actor, title, slug=slug, visibility=visibility
    )
    if as_json:
        print_json(neg)
    else:
        console.print(f"created negotiation {neg.slug} ({neg.visibility})", markup=False)


@app.command("list")
def list_(ctx: typer.Context, as_json: bool = JSON) -> None:
    """List the negotiations you may read.

    Example: inwriting --as ben negotiations list
    """
    from rich.table import Table

    from inwriting.services import negotiations

    st = state(ctx)
    found = negotiations.list_negotiations(st.database(), st.actor)
    if as_json:
        print_json(found)
        return
    table = Table("slug", "title", "visibility", "parties", "documents")
    for n in found:
        add_row(table, n.slug, n.title, n.visibility, ", ".join(n.parties), str(n.documents))
    console.print(table)


@app.command("show")
def show(
    ctx: typer.Context,
    negotiation: str = typer.Argument(..., help="Slug or id."),
    as_json: bool = JSON,
) -> None:
    """Where a negotiation stands: parties, documents and versions, requests and who is overdue.

    Example: inwriting negotiations show river
    """
    from rich.markup import escape

    from inwriting.services import commitments, documents, negotiations, parties, requests

    st = state(ctx)
    db, now = st.database(), datetime.now(UTC)
    neg = negotiations.get_negotiation(db, st.actor, negotiation)
    party_list = parties.list_parties(db, st.actor, neg.slug)
    docs = documents.list_documents(db, st.actor, neg.slug)
    reqs = requests.list_requests(db, st.actor, neg.slug, now=now)
    if as_json:
        overdue = commitments.list_commitments(db, st.actor, neg.slug, overdue_only=True, now=now)
        print_json(
            {
                "negotiation": neg,
                "parties": party_list,
                "documents": docs,
                "requests": reqs,
                "overdue": overdue,
            }
        )
        return
    console.print(f"[bold]{escape(neg.title)}[/]  ({neg.slug}, {neg.visibility})")
    for p in party_list:
        members = ", ".join(f"{m.username} ({m.role})" for m in p.members) or "no members"
        approval = "; approval required" if p.requires_approval else ""
        console.print(f"  {p.name}: {members}{approval}", markup=False)
    for d in docs:
        console.print(f"\n[bold]{escape(d.title)}[/] ({d.slug})")
        for v in d.versions:
            console.print(
                f"  version {v.id}: {v.label}, tabled by {v.tabled_by} on {when(v.tabled_at)}, "
                f"{v.answerable} provisions to answer",
                markup=False,
            )
    if reqs:
        console.print()
        console.print(requests_table(reqs))
    overdue = commitments.list_commitments(db, st.actor, neg.slug, overdue_only=True, now=now)
    if overdue:
        console.print()
        console.print(f"[red bold]Overdue ({len(overdue)})[/]")
        for c in overdue:
            console.print(f"  {c.party}: {c.text} (due {when(c.due_at)})", markup=False)


def requests_table(reqs: list[requests.Request]) -> Table:
    from rich.markup import escape
    from rich.table import Table

    table = Table("request", "version", "asked by", "due", "answers", title="Requests")
    for r in reqs:
        answers = "\n".join(
            f"[red]{escape(a.party)}: OVERDUE[/]"
            if a.state.overdue
            else f"{escape(a.party)}: {a.state.value}"
            for a in r.answers
        )
        version = f"{r.version_id}: {escape(r.version_label)}"
        table.add_row(str(r.id), version, escape(r.requested_by), when(r.due_at), answers)
    return table
