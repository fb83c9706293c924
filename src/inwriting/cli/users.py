"""``inwriting users``: the people who act for parties."""

from __future__ import annotations

import sys

import typer

from inwriting.cli.context import state
from inwriting.cli.output import add_row, console, errors, print_json, when

app = typer.Typer(help="Users: the people who act for parties.")


@app.command("add")
def add(
    ctx: typer.Context,
    username: str = typer.Argument(..., help="Login name: lower-case letters, digits, . _ -"),
    name: str = typer.Option("", "--name", help="Display name."),
    admin: bool = typer.Option(False, "--admin", help="May administer negotiations."),
    email: str = typer.Option("", "--email", help="Where notifications are e-mailed."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Create a user.

    Example: inwriting users add ana --name "Ana Ortiz" --email ana@example.org
    """
    from inwriting.services import users

    st = state(ctx)
    user = users.create_user(st.database(), st.actor, username, name, is_admin=admin, email=email)
    if as_json:
        print_json(user)
    else:
        console.print(f"created user {user.username} ({user.display_name})", markup=False)


@app.command("list")
def list_(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print as JSON.")
) -> None:
    """List users.

    Example: inwriting users list --json
    """
    from rich.table import Table

    from inwriting.services import users

    st = state(ctx)
    found = users.list_users(st.database(), st.actor)
    if as_json:
        print_json(found)
        return
    table = Table("username", "name", "admin")
    for u in found:
        add_row(table, u.username, u.display_name, "yes" if u.is_admin else "")
    console.print(table)


@app.command("email")
def email(
    ctx: typer.Context,
    username: str = typer.Argument(..., help="Whose address to set."),
    address: str = typer.Argument(..., help="The e-mail address; '' for none."),
) -> None:
    """Set where a user's notifications are e-mailed (as an administrator or the operator).

    Example: inwriting users email ana ana@example.org
    """
    from inwriting.services import users

    st = state(ctx)
    users.set_email(st.database(), st.actor, username, address)
    console.print(f"e-mail address of {username} set", markup=False)


@app.command("password")
def password(
    ctx: typer.Context,
    username: str = typer.Argument(..., help="Whose password to set."),
    from_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input (for scripts)."
    ),
) -> None:
    """Set a user's password (yourself, or anyone as an administrator or the operator).

    Example: inwriting users password ana
    """
    from inwriting.services import accounts

    st = state(ctx)
    if from_stdin:
        secret = sys.stdin.readline().rstrip("\n")
    else:
        secret = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    ended = accounts.set_password(st.database(), st.actor, username, secret)
    console.print(
        f"password of {username} set; {ended.sessions} session(s) ended and "
        f"{ended.tokens} API token(s) revoked",
        markup=False,
    )


tokens = typer.Typer(help="API tokens: for scripts and the API; shown once, stored hashed.")
app.add_typer(tokens, name="tokens")


@tokens.command("create")
def token_create(
    ctx: typer.Context, name: str = typer.Argument(..., help="What it is for, e.g. 'CI'.")
) -> None:
    """Create an API token for yourself (--as USER). It is printed once: keep it safe.

    Example: inwriting --as ana users tokens create "laptop"
    """
    from inwriting.services import accounts

    st = state(ctx)
    secret, token = accounts.create_token(st.database(), st.actor, name)
    typer.echo(secret)
    errors.print(f"token {token.id} ({token.name}): shown once, stored hashed", markup=False)


@tokens.command("list")
def token_list(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print as JSON.")
) -> None:
    """List your API tokens (never their secrets).

    Example: inwriting --as ana users tokens list
    """
    from rich.table import Table

    from inwriting.services import accounts

    st = state(ctx)
    found = accounts.list_tokens(st.database(), st.actor)
    if as_json:
        print_json(found)
        return
    table = Table("id", "name", "starts with", "created", "revoked")
    for t in found:
        add_row(table, str(t.id), t.name, t.prefix + "…", when(t.created_at), when(t.revoked_at))
    console.print(table)


@tokens.command("revoke")
def token_revoke(ctx: typer.Context, token: int = typer.Argument(..., help="Token id.")) -> None:
    """Revoke an API token; it stops working at once.

    Example: inwriting --as ana users tokens revoke 3
    """
    from inwriting.services import accounts

    st = state(ctx)
    accounts.revoke_token(st.database(), st.actor, token)
    console.print(f"token {token} revoked", markup=False)
