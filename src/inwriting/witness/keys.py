"""The witness's key file: one line ``PRIVATE+KEY+<name>+<id>+base64(0x04 ‖ seed)``, mode 0600.

Made on first use from 32 random bytes and never replaced: a witness that lost its key would
have to be trusted anew by every party.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from inwriting.files import create_exclusive
from inwriting.tlog.witness import cosigner_skey, parse_cosigner_skey


def load_or_create_key(path: Path, name: str) -> tuple[str, bytes]:
    """Return (name, seed) from ``path``, making the file (mode 0600) with ``name`` if absent."""
    if not path.exists():
        create_exclusive(path, (cosigner_skey(name, secrets.token_bytes(32)) + "\n").encode())
    return parse_cosigner_skey(path.read_text(encoding="utf-8"))
