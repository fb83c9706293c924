"""``inwriting discuss``: threads on provisions, internal to a party or shared with all."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from inwriting.cli.context import state
from inwriting.cli.output import console, print_json, when
from inwriting.domain.discussion import ThreadStatus

if TYPE_CHECKING:
    from inwriting.services.discussion import Thread

app = typer.Typer(help="Discussion per provision: threads, replies, resolve and reopen.")
VERSION = typer.Argument(..., help="Version id.")
THREAD = typer.Argument(..., help="Thread id.")
PARTY = typer.Option(None, "--party", help="The party you write for, if you act for several.")
JSON = typer.Option(False, "--json", help="Print as JSON.")


@app.command("add")
def add(
    ctx: typer.Context,
    version: int = VERSION,
    key: str = typer.Argument(..., help="The provision's key, e.g. art-5."),
    text: str = typer.Argument(..., help="The first message (Markdown; @username mentions)."),
    internal: bool = typer.Option(
        False, "--internal", help="Only your party's members may read it (default: shared)."
    ),
    party: str | None = PARTY,
    as_json: bool = JSON,
) -> None:
    """Start a thread on a provision, shared with all parties or internal to your own.

    Example: inwriting --as cleo discuss add 1 art-5 "Can @cato live with this?" --internal
    """
    from inwriting.services import discussion

    st = state(ctx)
    found = discussion.start_thread(
        st.database(), st.actor, version, key, text, internal=internal, party=party
    )
    _show(found, as_json)


@app.command("reply")
def reply(
    ctx: typer.Context,
    thread: int = THREAD,
    text: str = typer.Argument(..., help="The message (Markdown; @username mentions)."),
    party: str | None = PARTY,
    as_json: bool = JSON,
) -> None:
    """Reply in a thread.

    Example: inwriting --as aron discuss reply 3 "We can table a compromise."
    """
    from inwriting.services import discussion

    st = state(ctx)
    _show(discussion.reply(st.database(), st.actor, thread, text, party=party), as_json)


@app.command("resolve")
def resolve(ctx: typer.Context, thread: int = THREAD, as_json: bool = JSON) -> None:
    """Mark a thread resolved (anyone who may write in it may reopen it).

    Example: inwriting --as cato discuss resolve 3
    """
    from inwriting.services import discussion

    st = state(ctx)
    _show(discussion.resolve(st.database(), st.actor, thread), as_json)


@app.command("reopen")
def reopen(ctx: typer.Context, thread: int = THREAD, as_json: bool = JSON) -> None:
    """Open a resolved thread again.

    Example: inwriting --as aron discuss reopen 3
    """
    from inwriting.services import discussion

    st = state(ctx)
    _show(discussion.reopen(st.database(), st.actor, thread), as_json)


@app.command("show")
def show(ctx: typer.Context, thread: int = THREAD, as_json: bool = JSON) -> None:
    """A thread with all its messages.

    Example: inwriting --as cleo discuss show 3
    """
    from inwriting.services import discussion

    st = state(ctx)
    _show(discussion.get_thread(st.database(), st.actor, thread), as_json)


@app.command("list")
def list_(
    ctx: typer.Context,
    version: int = VERSION,
    key: str | None = typer.Option(None, "--key", help="Only threads on this provision."),
    only: ThreadStatus | None = typer.Option(None, "--status", help="open or resolved."),
    as_json: bool = JSON,
) -> None:
    """The threads you may read on a version's provisions, followed from other versions.

    Example: inwriting --as cleo discuss list 1 --status open --json
    """
    from inwriting.services import discussion

    st = state(ctx)
    found = discussion.list_threads(st.database(), st.actor, version, key=key, status=only)
    if as_json:
        print_json(found)
        return
    if not found:
        console.print("No threads you may read on this version.")
    for t in found:
        _show(t, False)


def _show(t: Thread, as_json: bool) -> None:
    if as_json:
        print_json(t)
        return
    where = "internal to " + (t.party or "") if t.internal else "shared"
    moved = (
        f" (started on {t.version_label} as {t.provision_key})" if t.key != t.provision_key else ""
    )
    console.print(f"Thread {t.id} on {t.key}{moved}: {where}, {t.status.value}", markup=False)
    for m in t.messages:
        by = f"{m.author} ({m.party})" if m.party else str(m.author)
        console.print(f"  {when(m.created_at)}  {by}:", markup=False)
        for line in m.body.splitlines():
            console.print(f"    {line}", markup=False)
    if t.resolved_by:
        console.print(f"  resolved by {t.resolved_by} {when(t.resolved_at)}", markup=False)
