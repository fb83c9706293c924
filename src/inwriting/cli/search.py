"""``inwriting search``: find words in everything the acting user may read."""

from __future__ import annotations

import typer

from inwriting.cli.context import state
from inwriting.cli.output import console, print_json


def search(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="Words; every one must appear."),
    negotiation: str | None = typer.Option(None, "--negotiation", "-n", help="Slug or id."),
    limit: int = typer.Option(50, "--limit", min=1, max=500, help="At most this many hits."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Search provision texts, positions (reasons, exceptions, proposed texts) and
    commitments, grouped by negotiation. Drafts are searched only for their party's members.

    Example: inwriting --as cleo search "gauge data" -n lysra-basin
    """
    from inwriting.services import search as searching

    st = state(ctx)
    hits = searching.search(st.database(), st.actor, query, negotiation=negotiation, limit=limit)
    if as_json:
        print_json(hits)
        return
    current = None
    for hit in hits:
        if hit.negotiation != current:
            current = hit.negotiation
            console.print(
                f"\n{hit.negotiation_title} ({hit.negotiation})", markup=False, style="bold"
            )
        provision = hit.provision_label or hit.provision_key
        provision = hit.provision_label or hit.provision_key
        where = (
            f"commitment {hit.commitment_id}"
            if hit.commitment_id
            else f"{hit.document} · {hit.version_label} · {provision}"
        )
        console.print(
            f"  {where} [{hit.kind}, {hit.party}, {hit.status}]  {hit.path}", markup=False
        )
        console.print(f"    {hit.excerpt}", markup=False)
    if not hits:
        console.print("Nothing found that you may read.")
