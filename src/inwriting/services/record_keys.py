"""The record's signing key: generated on first use, kept in a file outside the database.

The file holds one line, the C2SP signed-note private key (``PRIVATE+KEY+<name>+<id>+...``),
readable by its owner only. Its name is the record's *origin*, the first line of every
checkpoint. The key is never printed or logged; ``vkey`` (the public verifier key) is what
outsiders need to verify checkpoints and receipts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from inwriting.errors import InWritingError
from inwriting.tlog.notes import Ed25519Signer, generate_signer, parse_skey


class RecordKeyError(InWritingError):
    code = "record_key"


@dataclass(frozen=True)
class RecordKey:
    signer: Ed25519Signer

    @property
    def origin(self) -> str:
        return self.signer.name

    @property
    def vkey(self) -> str:
        return self.signer.verifier().vkey

    def __repr__(self) -> str:  # never show the private key, even in a traceback
        return f"RecordKey(origin={self.origin!r}, vkey={self.vkey!r})"


def load_or_create_key(path: Path, origin: str) -> RecordKey:
    """Read the key at ``path``; create it (mode 0600) if there is none yet."""
    if path.exists():
        return load_key(path, origin)
    path.parent.mkdir(parents=True, exist_ok=True)
    skey, _ = generate_signer(origin, os.urandom(32))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(skey + "\n")
    return load_key(path, origin)


def load_key(path: Path, origin: str) -> RecordKey:
    try:
        signer = parse_skey(path.read_text().strip())
    except (OSError, ValueError) as error:
        raise RecordKeyError(
            f"cannot read the record signing key {path}: {type(error).__name__}"
        ) from None
    if signer.name != origin:
        raise RecordKeyError(
            f"the record signing key {path} is for origin {signer.name!r}, "
            f"but the record origin is set to {origin!r}"
        )
    return RecordKey(signer)
