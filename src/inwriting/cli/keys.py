"""``inwriting keys``: members' own signing keys, registered for their party; and
``inwriting sign``, which signs a statement with one, offline."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from inwriting.cli.context import state
from inwriting.cli.output import add_row, console, print_json, when
from inwriting.errors import InWritingError, ValidationError

if TYPE_CHECKING:
    from inwriting.tlog.notes import Ed25519Signer

app = typer.Typer(help="Party keys: members sign their party's acts with their own keys.")
NEGOTIATION = typer.Option(..., "--negotiation", "-n", help="Negotiation slug or id.")
PARTY = typer.Option(..., "--party", "-p", help="The party whose key it is.")
JSON = typer.Option(False, "--json", help="Print as JSON.")


class KeyFileError(InWritingError):
    code = "key_file"


@app.command("generate")
def generate(
    ctx: typer.Context,
    output: Path = typer.Option(..., "--output", "-o", help="The private key file to make."),
    name: str | None = typer.Option(
        None, "--name", help="The key's name (default: the --as user, else your login)."
    ),
) -> None:
    """Make an Ed25519 key pair on this machine: the private key goes to a new file (mode
    0600, never replaced), the public key is printed as a C2SP signed-note verifier key, for
    a principal of your party to register (`keys register`). The private key never leaves
    this machine.

    Example: inwriting keys generate -o ~/.inwriting/bea.key --name bea@brenmark
    """
    import secrets

    from inwriting.files import create_exclusive
    from inwriting.tlog import TlogError, generate_signer

    key_name = name or state(ctx).username or getpass.getuser()
    try:
        skey, vkey = generate_signer(key_name, secrets.token_bytes(32))
    except TlogError as error:
        raise ValidationError(f"--name {key_name!r}: {error}") from None
    try:
        made = create_exclusive(output, (skey + "\n").encode())
    except OSError as error:
        raise KeyFileError(f"{output}: {error.strerror or error}") from None
    if not made:
        raise KeyFileError(f"{output} already exists: a key file is never replaced")
    console.print(vkey, markup=False, soft_wrap=True)


def load_signer(path: Path) -> Ed25519Signer:
    """The private key in ``path`` (``keys generate``), checked."""
    from inwriting.tlog import TlogError, parse_skey

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KeyFileError(f"{path}: cannot read the key file ({error})") from None
    try:
        return parse_skey(text.strip())
    except TlogError as error:
        raise KeyFileError(f"{path}: not a key file made by `keys generate` ({error})") from None


@app.command("register")
def register(
    ctx: typer.Context,
    vkey: str = typer.Argument(..., help="The verifier key `keys generate` printed."),
    negotiation: str = NEGOTIATION,
    party: str = PARTY,
    member: str | None = typer.Option(
        None, "--member", help="Whose key it is (default: yourself), a member of the party."
    ),
    as_json: bool = JSON,
) -> None:
    """Register a member's key for your party (principals only). Recorded.

    Example: inwriting --as bea keys register "bea@brenmark+1a2b3c4d+AU…" -n river -p "Party B"
    """
    from inwriting.services import party_keys

    st = state(ctx)
    found = party_keys.register_key(
        st.database(), st.actor, negotiation, party, vkey, member=member
    )
    _report(found, "registered", as_json)


@app.command("revoke")
def revoke(
    ctx: typer.Context,
    key: str = typer.Argument(..., help="The key: its verifier key, or its name."),
    negotiation: str = NEGOTIATION,
    party: str = PARTY,
    as_json: bool = JSON,
) -> None:
    """Revoke a key of your party (principals only): nothing signed with it is accepted any
    more. Recorded.

    Example: inwriting --as bea keys revoke bea@brenmark -n river -p "Party B"
    """
    from inwriting.services import party_keys

    st = state(ctx)
    found = party_keys.revoke_key(st.database(), st.actor, negotiation, party, key)
    _report(found, "revoked", as_json)


@app.command("rotate")
def rotate(
    ctx: typer.Context,
    key: str = typer.Argument(..., help="The key to replace: its verifier key, or its name."),
    new_vkey: str = typer.Argument(..., help="The verifier key that replaces it."),
    negotiation: str = NEGOTIATION,
    party: str = PARTY,
    as_json: bool = JSON,
) -> None:
    """Replace a member's key by a new one at once (principals only): the new key is
    registered and the old one revoked, both recorded.

    Example: inwriting --as bea keys rotate bea@brenmark "bea@brenmark+5e6f…" -n river -p "Party B"
    """
    from inwriting.services import party_keys

    st = state(ctx)
    db = st.database()
    found = party_keys.rotate_key(db, st.actor, negotiation, party, key, new_vkey)
    _report(found, "registered (the old key is revoked)", as_json)


@app.command("list")
def list_(
    ctx: typer.Context, negotiation: str = NEGOTIATION, party: str = PARTY, as_json: bool = JSON
) -> None:
    """List a party's keys, revoked ones included, and whether it requires signatures.

    Example: inwriting --as ben keys list -n river -p "Party B"
    """
    from rich.table import Table

    from inwriting.services import party_keys

    st = state(ctx)
    found = party_keys.list_keys(st.database(), st.actor, negotiation, party)
    required = party_keys.party_requires_signatures(st.database(), st.actor, negotiation, party)
    if as_json:
        print_json({"requires_signatures": required, "keys": found})
        return
    table = Table("name", "member", "registered", "revoked", "entry", "verifier key")
    for key in found:
        revoked = when(key.revoked_at) if key.revoked_at else ""
        add_row(
            table,
            key.name,
            key.member,
            when(key.registered_at),
            revoked,
            str(key.record_index),
            key.vkey,
        )
    console.print(table)
    console.print(
        f"{party} {'requires' if required else 'does not require'} signatures", markup=False
    )


@app.command("require")
def require(
    ctx: typer.Context,
    negotiation: str = NEGOTIATION,
    party: str = PARTY,
    off: bool = typer.Option(False, "--off", help="Stop requiring signatures."),
    as_json: bool = JSON,
) -> None:
    """Require every act of your party (submissions, approvals) to be signed by the acting
    member's registered key (principals only); unsigned acts are then refused. Recorded.

    Example: inwriting --as bea keys require -n river -p "Party B"
    """
    from inwriting.services import party_keys

    st = state(ctx)
    index = party_keys.set_signature_policy(st.database(), st.actor, negotiation, party, not off)
    if as_json:
        print_json({"party": party, "requires_signatures": not off, "record_index": index})
    else:
        said = "no longer requires" if off else "requires"
        console.print(f"{party} {said} signatures (record entry {index})", markup=False)


def _report(key: object, verb: str, as_json: bool) -> None:
    from inwriting.services.party_keys import PartyKey

    assert isinstance(key, PartyKey)
    if as_json:
        print_json(key)
        return
    console.print(
        f"key {key.name} of {key.member} ({key.party}) {verb}; record entry {key.record_index}",
        markup=False,
        soft_wrap=True,
    )


def sign(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="A statement (`responses statement`)."
    ),
    key: Path = typer.Option(..., "--key", exists=True, dir_okay=False, help="Your key file."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="The signature file to write (default: FILE.sig)."
    ),
) -> None:
    """Sign a statement with your key, offline: writes a detached signature file that the
    web upload, the API and `--signature` accept. Prints the statement it signs; read it.

    Needs no database and no network: the key stays on this machine.

    Example: inwriting sign answer.statement --key ~/.inwriting/bea.key
    """
    from inwriting.domain.statements import parse_statement, sign_statement

    data = file.read_bytes()
    if len(data) > 4096:
        raise ValidationError(f"{file}: too large for a statement")
    try:
        statement = parse_statement(data.decode("utf-8").replace("\r\n", "\n"))
    except UnicodeDecodeError:
        raise ValidationError(f"{file}: a statement is UTF-8 text") from None
    signed = sign_statement(statement, load_signer(key))
    target = output or file.with_name(file.name + ".sig")
    target.write_text(signed.format(), encoding="utf-8")
    console.print(statement.text(), markup=False, end="")
    console.print(f"signed with {signed.key_name}: {target}", markup=False)
