"""``inwriting witness``: run a C2SP tlog-witness that cosigns only consistent checkpoints."""

from __future__ import annotations

import platform
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from inwriting.cli.output import console
from inwriting.errors import InWritingError

if TYPE_CHECKING:  # the record's cryptography loads when a command runs, not for --help
    from inwriting.tlog.notes import Verifier

app = typer.Typer(help="A witness: cosigns a record's checkpoints only if they never fork.")
KEY = typer.Option(..., "--key", help="The witness's key file (made, mode 0600, if absent).")
NAME = typer.Option(None, "--name", help="Key name for a new key file (default: <host>/witness).")


class WitnessSetupError(InWritingError):
    code = "witness_setup"


def _key(path: Path, name: str | None) -> tuple[str, bytes]:
    from inwriting.tlog import TlogError
    from inwriting.witness.keys import load_or_create_key

    try:
        return load_or_create_key(path, name or f"{platform.node() or 'localhost'}/witness")
    except (OSError, TlogError) as error:
        raise WitnessSetupError(f"witness key {path}: {error}") from None


@app.command("key")
def key(key_file: Path = KEY, name: str | None = NAME) -> None:
    """Print the witness's verifier key (C2SP vkey, type 0x04), making the key if needed.

    Example: inwriting witness key --key witness.key --name witness.example.org
    """
    from inwriting.tlog.witness import cosigner_verifier

    console.print(cosigner_verifier(*_key(key_file, name)).vkey, markup=False, soft_wrap=True)


def _logs(vkeys: list[str]) -> dict[str, Verifier]:
    from inwriting.tlog import TlogError, parse_vkey
    from inwriting.tlog.notes import Ed25519Verifier

    logs: dict[str, Verifier] = {}
    for vkey in vkeys:
        try:
            verifier = parse_vkey(vkey)
        except TlogError as error:
            raise WitnessSetupError(f"--log {vkey!r}: {error}") from None
        if not isinstance(verifier, Ed25519Verifier):
            raise WitnessSetupError(f"--log {vkey!r}: a log signs with Ed25519 (type 0x01)")
        logs[verifier.name] = verifier  # the log's key name is its origin (tlog-checkpoint)
    if not logs:
        raise WitnessSetupError("name at least one log to witness: --log VKEY")
    return logs


@app.command("serve")
def serve(
    key_file: Path = KEY,
    data: Path = typer.Option(..., "--data", help="Folder for what the witness has cosigned."),
    logs: list[str] = typer.Option(
        [], "--log", help="Verifier key of a log to witness (repeatable); its name is the origin."
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(7380, "--port", help="Port to listen on."),
    name: str | None = NAME,
) -> None:
    """Serve POST /add-checkpoint (C2SP tlog-witness) for the logs named by --log.

    Example: inwriting witness serve --key witness.key --data witness/ --port 7380
    --log "$(inwriting record key)"
    """
    from inwriting.witness.server import Witness, WitnessServer
    from inwriting.witness.state import StateError, WitnessState

    witnessed = _logs(logs)
    witness_name, seed = _key(key_file, name)
    state = WitnessState(data)
    try:
        state.lock()
    except StateError as error:
        raise WitnessSetupError(str(error)) from None
    server = WitnessServer((host, port), Witness(witness_name, seed, witnessed, state))
    console.print(
        f"witness {witness_name} on http://{host}:{server.server_port}/add-checkpoint "
        f"for {', '.join(sorted(witnessed))}",
        markup=False,
        soft_wrap=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        state.unlock()
