"""C2SP tlog-checkpoint: the signed statement "log <origin> has <size> leaves with root <hash>".

The checkpoint body is the text of a signed note::

    <origin>\\n              a non-empty log identity, e.g. example.com/log42 (not always a URL)
    <tree size>\\n           ASCII decimal, no leading zeros ("0" for the empty tree)
    <base64 root hash>\\n    MTH of the first <tree size> leaves, 32 bytes
    [extension lines]\\n     optional, non-empty; parsed but never written by default

Opening a checkpoint means: parse the note, require a valid signature by the log's own key,
verify any cosignatures by known witnesses, then parse the body and check the origin. The
signature is checked before the body is trusted, so a forged body fails as a signature error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import CheckpointError, UnverifiedNoteError
from .hashing import HASH_SIZE
from .notes import (
    Signature,
    Signer,
    VerifiedNote,
    Verifier,
    b64encode,
    sign_note,
    strict_b64decode,
    verify_note,
)

MAX_TREE_SIZE = (1 << 64) - 1
_DECIMAL = re.compile(r"0|[1-9][0-9]*", re.ASCII)


def _check_line(what: str, line: str) -> None:
    if not line:
        raise CheckpointError(f"checkpoint {what} must not be empty")
    if "\n" in line or any(c < " " or c == "\x7f" for c in line):
        raise CheckpointError(f"checkpoint {what} must be one line without control characters")


@dataclass(frozen=True)
class Checkpoint:
    """A log's tree head: origin, tree size and root hash, plus rare extension lines."""

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_line("origin", self.origin)
        if not 0 <= self.size <= MAX_TREE_SIZE:
            raise CheckpointError(f"tree size {self.size} is outside 0..2^64-1")
        if len(self.root_hash) != HASH_SIZE:
            raise CheckpointError(f"root hash must be {HASH_SIZE} bytes, got {len(self.root_hash)}")
        for line in self.extensions:
            _check_line("extension line", line)

    def body(self) -> str:
        """Return the note text this checkpoint signs, ending in a newline."""
        lines = [self.origin, str(self.size), b64encode(self.root_hash), *self.extensions]
        return "".join(line + "\n" for line in lines)


def parse_checkpoint(body: str) -> Checkpoint:
    """Parse a checkpoint body (the note text, without signatures); raise CheckpointError."""
    if not body.endswith("\n"):
        raise CheckpointError("checkpoint body must end with a newline")
    lines = body[:-1].split("\n")
    if len(lines) < 3:
        raise CheckpointError("checkpoint body needs an origin, a tree size and a root hash")
    origin, size_text, root_text, *extensions = lines
    if not _DECIMAL.fullmatch(size_text):
        raise CheckpointError(f"tree size {size_text!r}: not decimal, or has leading zeros")
    root = strict_b64decode(root_text)
    if root is None:
        raise CheckpointError(f"root hash {root_text!r} is not canonical base64")
    return Checkpoint(origin, int(size_text), root, tuple(extensions))


@dataclass(frozen=True)
class SignedCheckpoint:
    """A checkpoint whose log signature verified, and the note it came in."""

    checkpoint: Checkpoint
    note: VerifiedNote
    log_signature: Signature
    cosignatures: tuple[Signature, ...]
    """Verified signatures by the known witnesses (not the log), for a k-of-n policy."""

    @property
    def cosigner_names(self) -> tuple[str, ...]:
        return tuple(sig.name for sig in self.cosignatures)


def sign_checkpoint(checkpoint: Checkpoint, signers: Iterable[Signer]) -> str:
    """Return the signed note for ``checkpoint`` (the log's key should be named as the origin)."""
    return sign_note(checkpoint.body(), signers)


def open_checkpoint(
    data: str | bytes,
    log_verifier: Verifier,
    *,
    origin: str | None = None,
    witnesses: Iterable[Verifier] = (),
) -> SignedCheckpoint:
    """Verify a signed checkpoint by the log's key (and known witnesses), then parse it.

    ``origin``, when given, must equal the checkpoint's origin line: a checkpoint of another log
    signed by the same key must not be accepted as this log's. Raises NoteError subclasses for
    signature problems and CheckpointError for a malformed body or an unexpected origin.
    """
    verified = verify_note(data, [log_verifier, *witnesses])
    slot = (log_verifier.name, log_verifier.key_id)
    by_log = [sig for sig in verified.verified if (sig.name, sig.key_id) == slot]
    if not by_log:
        raise UnverifiedNoteError(f"checkpoint is not signed by the log key {log_verifier.name}")
    checkpoint = parse_checkpoint(verified.text)
    if origin is not None and checkpoint.origin != origin:
        raise CheckpointError(f"checkpoint origin {checkpoint.origin!r}, expected {origin!r}")
    cosignatures = tuple(sig for sig in verified.verified if (sig.name, sig.key_id) != slot)
    return SignedCheckpoint(checkpoint, verified, by_log[0], cosignatures)
