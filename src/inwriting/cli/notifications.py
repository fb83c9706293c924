"""``inwriting notifications``: what needs you, sending it by e-mail, and how you want it."""

from __future__ import annotations

import typer

from inwriting.cli.context import state
from inwriting.cli.output import add_row, console, print_json, when

app = typer.Typer(help="Notifications: in the app, and e-mailed as each user prefers.")

DELIVERIES = ("immediate", "digest", "off")


@app.command("send")
def send(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print as JSON.")
) -> None:
    """Make the reminders now due and e-mail what is due, through INWRITING_SMTP_URL. Safe
    to repeat, and to run from several places: nothing is sent twice, and a run finding
    another one at work does nothing. `serve` runs it in the background.

    Example: inwriting notifications send --json
    """
    from inwriting.services.sending import send_notifications

    st = state(ctx)
    summary = send_notifications(st.database(), st.settings)
    if as_json:
        print_json(summary)
        return
    if not summary.ran:
        console.print("another process is sending notifications; nothing done", markup=False)
        return
    server = summary.server or "no SMTP server configured (INWRITING_SMTP_URL)"
    console.print(
        f"{summary.reminders} reminder(s) made; {summary.emails} e-mail(s) sent carrying "
        f"{summary.mailed} notification(s); {summary.skipped} not to be e-mailed; "
        f"{summary.pending} still due ({server})",
        markup=False,
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    unread: bool = typer.Option(False, "--unread", help="Only those not yet read."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Your notifications, newest first (--as USER).

    Example: inwriting --as bo notifications list --unread
    """
    from rich.table import Table

    from inwriting.services import notifications

    st = state(ctx)
    found = notifications.list_notifications(st.database(), st.actor, unread_only=unread)
    if as_json:
        print_json(found)
        return
    table = Table("id", "when", "what", "", "page")
    for n in found:
        add_row(table, str(n.id), when(n.created_at), n.summary, "" if n.read else "new", n.path)
    console.print(table)


@app.command("read")
def read(
    ctx: typer.Context,
    notification: int | None = typer.Argument(None, help="Its id; all of yours if omitted."),
) -> None:
    """Mark one of your notifications read, or all of them.

    Example: inwriting --as bo notifications read 12
    """
    from inwriting.services import notifications

    st = state(ctx)
    changed = notifications.mark_read(st.database(), st.actor, notification)
    console.print(f"{changed} notification(s) marked read", markup=False)


@app.command("preferences")
def preferences(
    ctx: typer.Context,
    delivery: str | None = typer.Option(
        None, "--delivery", help="immediate (one e-mail each), digest (daily) or off."
    ),
    email: str | None = typer.Option(None, "--email", help="Your address; '' for none."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Show, or change, how your notifications are e-mailed to you.

    Example: inwriting --as bo notifications preferences --delivery digest
    """
    from inwriting.domain.notifications import Delivery
    from inwriting.errors import ValidationError
    from inwriting.services import notifications

    st = state(ctx)
    if delivery is not None and delivery not in DELIVERIES:
        raise ValidationError(f"--delivery: use one of {', '.join(DELIVERIES)}, not {delivery!r}")
    chosen = Delivery(delivery) if delivery is not None else None
    if chosen is None and email is None:
        found = notifications.get_preferences(st.database(), st.actor)
    else:
        found = notifications.set_preferences(st.database(), st.actor, delivery=chosen, email=email)
    if as_json:
        print_json(found)
        return
    console.print(
        f"{found.username}: {found.delivery.value}, to {found.email or '(no address)'}",
        markup=False,
    )
