"""C2SP tlog-witness: the decision a witness makes on ``POST /add-checkpoint``, as a pure function.

A request body is::

    old <size>\\n             the size of the checkpoint the log thinks this witness last cosigned
    <base64 hash>\\n          0 to 63 consistency-proof hashes, from that size to the new one
    \\n
    <signed checkpoint>      a C2SP signed note, signed by the log

The witness keeps, per log (origin), the last checkpoint it cosigned, and cosigns a new one only
if it extends that one: same size and root, or a larger tree with a valid consistency proof. So
two witnesses' cosignatures on two checkpoints of one origin mean the log never forked or rolled
back in front of them. Refusals carry the spec's HTTP status (``WitnessError.status``): 400
malformed, 403 no trusted log signature, 404 unknown log, 409 a stale ``old`` size (the body then
names the witness's size), 422 not consistent.

Nothing here touches a disk, a socket or a clock: the caller supplies the witness's state, the
time, and stores the returned state atomically before answering (check-and-persist).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .checkpoints import Checkpoint, parse_checkpoint
from .errors import CheckpointError, NoteError, ProofError, TlogError, UnverifiedNoteError
from .hashing import EMPTY_ROOT
from .notes import (
    KEY_ID_SIZE,
    SIG_COSIGNATURE_V1,
    CosignatureSigner,
    CosignatureVerifier,
    Note,
    Signature,
    Verifier,
    b64encode,
    compute_key_id,
    parse_note,
    strict_b64decode,
    verify_note,
)
from .proofs import verify_append_only

MAX_PROOF_HASHES = 63
MAX_REQUEST_BYTES = 64 * 1024
"""A body this large already holds 63 proof lines and a checkpoint with 100 signatures."""
SIZE_CONTENT_TYPE = "text/x.tlog.size"
_OLD_LINE = re.compile(r"old (0|[1-9][0-9]{0,19})", re.ASCII)


class WitnessError(TlogError):
    """A refused ``add-checkpoint`` request: ``status`` is the C2SP tlog-witness HTTP status."""

    def __init__(self, status: int, message: str, *, size: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.size = size
        """For 409 only: the size of the checkpoint the witness last cosigned for this log."""

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self.status, str(self), self.size))


def _rebuild(status: int, message: str, size: int | None) -> WitnessError:
    return WitnessError(status, message, size=size)


@dataclass(frozen=True)
class AddCheckpoint:
    """A parsed ``add-checkpoint`` body; the note is not yet verified."""

    old_size: int
    proof: tuple[bytes, ...]
    note: str


@dataclass(frozen=True)
class Cosigned:
    """What a witness remembers of a log: the last checkpoint it cosigned (tree size, root)."""

    size: int
    root_hash: bytes


NOTHING_COSIGNED = Cosigned(0, EMPTY_ROOT)
"""A log the witness has not cosigned yet counts as the empty tree, as the spec says."""


def parse_add_checkpoint(body: bytes) -> AddCheckpoint:
    """Parse an ``add-checkpoint`` body; raise WitnessError(400) naming what is malformed."""
    if len(body) > MAX_REQUEST_BYTES:
        raise WitnessError(400, f"request body is over {MAX_REQUEST_BYTES} bytes")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise WitnessError(400, "request body is not UTF-8") from None
    head, blank, note = text.partition("\n\n")
    if not blank:
        raise WitnessError(400, "request has no blank line between the proof and the checkpoint")
    lines = head.split("\n")
    match = _OLD_LINE.fullmatch(lines[0])
    if match is None:
        raise WitnessError(400, f"first line must be 'old <size>' (decimal), got {lines[0]!r}")
    if len(lines) - 1 > MAX_PROOF_HASHES:
        raise WitnessError(400, f"proof has {len(lines) - 1} hashes, at most 63 are allowed")
    proof = []
    for number, line in enumerate(lines[1:], start=2):
        value = strict_b64decode(line)
        if value is None or len(value) != 32:
            raise WitnessError(400, f"line {number}: not the base64 of a 32-byte hash")
        proof.append(value)
    return AddCheckpoint(int(match.group(1)), tuple(proof), note)


def add_checkpoint(
    request: AddCheckpoint,
    logs: Mapping[str, Verifier],
    cosigned: Mapping[str, Cosigned],
    signer: CosignatureSigner,
) -> tuple[Checkpoint, Signature]:
    """Decide on a request: return the checkpoint and this witness's cosignature, or raise.

    ``logs`` maps each witnessed origin to its log's verifier; ``cosigned`` holds the last
    checkpoint cosigned per origin. On success the caller must persist
    ``Cosigned(checkpoint.size, checkpoint.root_hash)`` for the origin before answering.
    """
    origin = _origin(request.note)
    log = logs.get(origin)
    if log is None:
        raise WitnessError(404, f"unknown log {origin!r}: this witness does not witness it")
    try:
        verified = verify_note(request.note, [log])
        checkpoint = parse_checkpoint(verified.text)
    except (UnverifiedNoteError, NoteError) as error:
        raise WitnessError(403, f"checkpoint of {origin}: {error}") from None
    except CheckpointError as error:
        raise WitnessError(400, f"malformed checkpoint of {origin}: {error}") from None
    if request.old_size > checkpoint.size:
        raise WitnessError(400, f"old size {request.old_size} > checkpoint size {checkpoint.size}")
    latest = cosigned.get(origin, NOTHING_COSIGNED)
    if request.old_size != latest.size:
        raise WitnessError(
            409,
            f"old size {request.old_size} is not the size this witness last cosigned for "
            f"{origin}: {latest.size}",
            size=latest.size,
        )
    try:
        verify_append_only(
            latest.size, checkpoint.size, request.proof, latest.root_hash, checkpoint.root_hash
        )
    except ProofError as error:
        raise WitnessError(
            422, f"checkpoint of size {checkpoint.size} does not extend size {latest.size}: {error}"
        ) from None
    text = verified.text.encode("utf-8")  # cosign exactly the bytes that were verified
    return checkpoint, Signature(signer.name, signer.key_id, signer.sign(text))


def _origin(note: str) -> str:
    """The origin line, read before verifying so the right log key can be chosen."""
    try:
        parsed = parse_note(note)
    except NoteError as error:
        raise WitnessError(400, f"malformed signed checkpoint: {error}") from None
    return parsed.text.split("\n", 1)[0]


# -- the log's side ---------------------------------------------------------------------------


def format_add_checkpoint(old_size: int, proof: Sequence[bytes], note: str) -> bytes:
    """The ``add-checkpoint`` body a log posts: the inverse of :func:`parse_add_checkpoint`."""
    if len(proof) > MAX_PROOF_HASHES:
        raise WitnessError(400, f"proof has {len(proof)} hashes, at most 63 are allowed")
    lines = [f"old {old_size}", *(b64encode(h) for h in proof)]
    return ("\n".join(lines) + "\n\n" + note).encode("utf-8")


def read_cosignature(body: bytes, witness: CosignatureVerifier, text: str) -> Signature:
    """The cosignature by ``witness`` on the checkpoint ``text``, from a 200 answer.

    The answer is one or more signature lines (a witness may hold several keys); the one
    by this witness's key must verify, or the answer is worthless: raise NoteError.
    """
    try:
        # The answer's lines are a note's signature block: parse them as one.
        lines = parse_note(text + "\n" + body.decode("utf-8")).signatures
    except (UnicodeDecodeError, NoteError) as error:
        raise NoteError(
            f"witness {witness.name} answered with no signature lines: {error}"
        ) from None
    for signature in lines:
        if (signature.name, signature.key_id) == (witness.name, witness.key_id):
            if not witness.verify(text.encode("utf-8"), signature.signature):
                raise NoteError(f"witness {witness.name}: its cosignature does not verify")
            return signature
    raise NoteError(f"witness {witness.name} answered without a line by its key")


def with_cosignature(note: str, signature: Signature) -> str:
    """``note`` with ``signature`` appended; unchanged if that key already signed it (a
    stored note only ever grows, see ``storage.guards``)."""
    parsed = parse_note(note)
    if any((s.name, s.key_id) == (signature.name, signature.key_id) for s in parsed.signatures):
        return note
    return Note(parsed.text, (*parsed.signatures, signature)).format()


def cosigners(note: str, witnesses: Iterable[Verifier]) -> int:
    """How many of ``witnesses`` have a signature line on ``note``, unverified: for notes
    the log stored only after checking each cosignature (see :func:`read_cosignature`)."""
    lines = {(s.name, s.key_id) for s in parse_note(note).signatures}
    return len({(w.name, w.key_id) for w in witnesses} & lines)


# -- the witness's own key -------------------------------------------------------------------


def cosigner_skey(name: str, seed: bytes) -> str:
    """The witness's secret key string ``PRIVATE+KEY+name+hexid+base64(0x04 ‖ seed)``."""
    verifier = cosigner_verifier(name, seed)
    encoded = b64encode(bytes([SIG_COSIGNATURE_V1]) + seed)
    return f"PRIVATE+KEY+{name}+{verifier.key_id.hex()}+{encoded}"


def cosigner_verifier(name: str, seed: bytes) -> CosignatureVerifier:
    """The verifier (and so the vkey) of the witness key ``(name, seed)``."""
    return CosignatureSigner(name, seed, 0).verifier()


def parse_cosigner_skey(skey: str) -> tuple[str, bytes]:
    """Parse a witness key string; return (name, seed). Raises NoteError subclasses."""
    parts = skey.strip().split("+", 4)
    if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
        raise NoteError("a witness key has the form PRIVATE+KEY+name+keyid+base64key")
    name, hex_id, encoded = parts[2:]
    raw = strict_b64decode(encoded)
    if raw is None or len(raw) != 33 or raw[0] != SIG_COSIGNATURE_V1:
        raise NoteError(f"witness key {name}: not base64 of 0x04 and a 32-byte seed")
    seed = raw[1:]
    key_id = compute_key_id(name, SIG_COSIGNATURE_V1, cosigner_verifier(name, seed).public_key)
    if len(hex_id) != 2 * KEY_ID_SIZE or key_id.hex() != hex_id.lower():
        raise NoteError(f"witness key {name}: key id does not match the key")
    return name, seed
