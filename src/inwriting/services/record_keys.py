"""The record's signing key: generated on first use, kept in a file outside the database.

Only a command that signs may create it, only while the record has no checkpoint, and only
atomically; a command that only reads (``record verify``, ``record key``) never writes it.

The file holds one line, the C2SP signed-note private key (``PRIVATE+KEY+<name>+<id>+...``),
readable by its owner only. Its name is the record's *origin*, the first line of every
checkpoint. The key is never printed or logged; ``vkey`` (the public verifier key) is what
outsiders need to verify checkpoints and receipts.
"""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select

from inwriting.errors import InWritingError
from inwriting.storage.engine import Database
from inwriting.storage.models import CheckpointRow
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


def open_record_key(db: Database, path: Path, origin: str) -> RecordKey:
    """The key at ``path``; a new one only while the record has no checkpoint.

    A record whose checkpoints were signed by a key that is not at ``path`` must not get a
    second key silently: every later checkpoint would fail verification as forged. That
    happens when the data folder moved (or the server started from another folder while the
    default was ``./.inwriting``), so the error says where to point ``INWRITING_DATA_DIR``.
    """
    if path.exists():
        return load_key(path, origin)
    signed = _signed_checkpoints(db)
    if signed:
        raise RecordKeyError(
            f"the record already has {signed} signed checkpoint(s) but there is no signing key "
            f"at {path}; set INWRITING_DATA_DIR to the folder that holds record-signing.key "
            "(installations before this release kept it in ./.inwriting, relative to the "
            "folder the server was started from). A new key would make every later checkpoint "
            "fail verification."
        )
    return create_key(path, origin)


class KeyHolder:
    """A server's signing key, opened on first use and kept: a server whose database is
    unreachable when it starts still starts, and answers 503 until the database is back,
    instead of failing to start (opening a missing key asks the database for checkpoints)."""

    def __init__(self, db: Database, path: Path, origin: str) -> None:
        self._db, self._path, self._origin = db, path, origin
        self._key = load_key(path, origin) if path.exists() else None
        self._lock = threading.Lock()

    def get(self) -> RecordKey:
        with self._lock:
            if self._key is None:
                self._key = open_record_key(self._db, self._path, self._origin)
            return self._key


def create_key(path: Path, origin: str) -> RecordKey:
    """Write a new key atomically: a full disk or a crash leaves either no file or a whole
    one (temporary file, fsync, then a hard link that never replaces an existing key)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    skey, _ = generate_signer(origin, os.urandom(32))
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        try:
            _write_all(fd, (skey + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        with contextlib.suppress(FileExistsError):  # another process made one first: use it
            os.link(temporary, path)
        _fsync_folder(path.parent)
    except OSError as error:
        raise RecordKeyError(
            f"cannot write the record signing key {path}: {error.strerror or error}"
        ) from None
    finally:
        temporary.unlink(missing_ok=True)
    return load_key(path, origin)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _signed_checkpoints(db: Database) -> int:
    """How many checkpoints the record has (0 before the schema exists)."""
    if not inspect(db.engine).has_table(CheckpointRow.__tablename__):
        return 0
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(CheckpointRow)) or 0


def load_key(path: Path, origin: str) -> RecordKey:
    try:
        signer = parse_skey(path.read_text().strip())
    except FileNotFoundError:
        raise RecordKeyError(
            f"no record signing key at {path}; set INWRITING_DATA_DIR to the folder that "
            "holds record-signing.key (before this release the default was ./.inwriting, "
            "relative to the folder the server was started from), or give --key VKEY"
        ) from None
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
