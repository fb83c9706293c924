"""``inwriting consultations``: a version out for public comment, its comments and summary."""

from __future__ import annotations

from pathlib import Path

import typer

from inwriting.cli.context import state
from inwriting.cli.output import console, print_json, when
from inwriting.cli.requests import parse_due
from inwriting.errors import ValidationError

app = typer.Typer(help="Public consultations: comments from anyone who is not a party.")
JSON = typer.Option(False, "--json", help="Print as JSON.")
VERSION = typer.Argument(..., help="Version id.")


@app.command("open")
def open_(
    ctx: typer.Context,
    version: int = VERSION,
    closes: str = typer.Option("", "--closes", help="When comment closes: 2027-01-31 or ISO."),
) -> None:
    """Put a version of a public negotiation out for public comment (its tabling party).

    Example: inwriting --as amos consultations open 1 --closes 2027-03-31
    """
    from inwriting.services import consultations

    st = state(ctx)
    found = consultations.open_consultation(
        st.database(), st.actor, version, closes_at=parse_due(closes) if closes else None
    )
    closing = f", until {when(found.closes_at)}" if found.closes_at else ""
    console.print(f"version {version} is open for public comment{closing}", markup=False)


@app.command("close")
def close(ctx: typer.Context, version: int = VERSION) -> None:
    """Close a version's public comment.

    Example: inwriting --as amos consultations close 1
    """
    from inwriting.services import consultations

    st = state(ctx)
    consultations.close_consultation(st.database(), st.actor, version)
    console.print(f"version {version} is closed for public comment", markup=False)


@app.command("comment")
def comment(
    ctx: typer.Context,
    version: int = VERSION,
    provision: str = typer.Argument(..., help="Provision key, e.g. art-5."),
    stance: str = typer.Option(..., "--stance", help="support, oppose or amend."),
    reason: str = typer.Option(..., "--reason", help="Why."),
    wording: str = typer.Option("", "--wording", help="The wording proposed (amend only)."),
    as_json: bool = JSON,
) -> None:
    """Comment on a provision of a version out for public comment (once per provision).

    Example: inwriting --as zed consultations comment 1 art-2 --stance oppose --reason "..."
    """
    from inwriting.domain.consultations import CommentText, Stance
    from inwriting.services import consultations

    try:
        chosen = Stance(stance)
    except ValueError:
        raise ValidationError(f"stance {stance!r}: write support, oppose or amend") from None
    st = state(ctx)
    made = consultations.add_comment(
        st.database(), st.actor, version, provision, CommentText(chosen, reason, wording)
    )
    if as_json:
        print_json(made)
        return
    console.print(f"comment {made.id} received; it counts once moderated", markup=False)


@app.command("summary")
def summary(
    ctx: typer.Context,
    version: int = VERSION,
    provision: str = typer.Argument(..., help="Provision key, e.g. art-5."),
    as_json: bool = JSON,
) -> None:
    """What the public said about a provision: counts, and each distinct argument's count.

    Example: inwriting consultations summary 1 art-2 --json
    """
    from inwriting.services import consultations

    st = state(ctx)
    found = consultations.summary(st.database(), st.actor, version, provision)
    if as_json:
        print_json(found)
        return
    counts = ", ".join(f"{n} {stance.value}" for stance, n in found.counts.items())
    console.print(f"{provision}: {counts}; {found.arguments} distinct arguments", markup=False)
    if found.pending is not None:
        console.print(f"{found.pending} waiting for moderation", markup=False)
    for argument in found.largest:
        text = argument.wording or argument.reason
        line = f"  {argument.count:>7} x {argument.stance.value}: {text[:100]}"
        console.print(line, markup=False)


@app.command("queue")
def queue(ctx: typer.Context, version: int = VERSION, as_json: bool = JSON) -> None:
    """Pending comments by argument, the largest first (moderators).

    Example: inwriting --as amos consultations queue 1
    """
    from inwriting.services import consultations

    st = state(ctx)
    found = consultations.moderation_queue(st.database(), st.actor, version)
    if as_json:
        print_json(found)
        return
    for group in found:
        text = group.wording or group.reason
        line = f"group {group.group_id} {group.provision_key} {group.count} x"
        console.print(f"{line} {group.stance.value}: {text[:100]}", markup=False)


@app.command("moderate")
def moderate(
    ctx: typer.Context,
    version: int = VERSION,
    comment: list[int] = typer.Option([], "--comment", help="A comment id (repeatable)."),
    group: list[int] = typer.Option([], "--group", help="A group id: all its pending comments."),
    reject: bool = typer.Option(False, "--reject", help="Reject instead of publishing."),
) -> None:
    """Publish (on the record, in batches) or reject pending comments.

    Example: inwriting --as amos consultations moderate 1 --group 3
    """
    from inwriting.services import consultations

    st = state(ctx)
    count = consultations.moderate(
        st.database(),
        st.actor,
        version,
        publish=not reject,
        comments=tuple(comment),
        groups=tuple(group),
    )
    console.print(f"{count} comments {'rejected' if reject else 'published'}", markup=False)


@app.command("export")
def export(
    ctx: typer.Context,
    version: int = VERSION,
    provision: str = typer.Argument(..., help="Provision key, e.g. art-5."),
    output: Path = typer.Option(..., "-o", "--output", help="A .csv or .xlsx file to write."),
) -> None:
    """A provision's comments as CSV or XLSX (by the output's suffix).

    Example: inwriting consultations export 1 art-2 -o art-2-comments.xlsx
    """
    from inwriting.formats.tables import write_csv, write_xlsx
    from inwriting.services import consultations

    suffix = output.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationError(f"{output.name}: write a .csv or .xlsx file")
    st = state(ctx)
    header, rows = consultations.comment_table(st.database(), st.actor, version, provision)
    if suffix == ".csv":
        output.write_text(write_csv(header, rows), encoding="utf-8")
    else:
        output.write_bytes(write_xlsx(header, rows, sheet=f"{provision} comments"))
    console.print(f"{len(rows)} comments written to {output}", markup=False)
