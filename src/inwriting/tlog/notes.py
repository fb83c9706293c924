"""C2SP signed notes: UTF-8 text followed by one or more signature lines, and their keys.

::

    <text, ending in \\n>
    <blank line>
    — <key name> <base64(key id[4] ‖ signature)>\\n     (one line per signature; "—" is U+2014)

A note is trusted through *known* keys: a verifier is identified by both its name and its 4-byte
key id, ``SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4]``. Signature lines whose (name, id) is
unknown are ignored, so a log can gain witnesses without breaking old clients; but a line that
names a known key and fails to verify rejects the whole note, because it means someone tampered.

Supported signature types: 0x01 (Ed25519 over the text, as logs sign checkpoints) and 0x04
(C2SP tlog-cosignature/v1: Ed25519 over ``"cosignature/v1\\ntime <t>\\n" ‖ text``, as witnesses
cosign). Key strings follow golang.org/x/mod/sumdb/note: a verifier key is
``<name>+<hex id>+base64(type ‖ public key)``, a signer key is
``PRIVATE+KEY+<name>+<hex id>+base64(type ‖ seed)``. Nothing here reads a clock or a random
source: callers pass seeds and cosignature timestamps in.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from .errors import InvalidSignatureError, KeyFormatError, NoteError, UnverifiedNoteError

SIG_ED25519 = 0x01
SIG_COSIGNATURE_V1 = 0x04
SIGNATURE_PREFIX = "\u2014 "  # an em dash and a space
MAX_SIGNATURES = 100
"""Signature lines accepted per note (the spec requires at least 16; Go's note package: 100)."""
KEY_ID_SIZE = 4
ED25519_KEY_SIZE = 32
COSIGNATURE_TIMESTAMP_LIMIT = 1 << 63


def strict_b64decode(text: str) -> bytes | None:
    """Decode standard, padded base64 (RFC 4648 §4); None unless ``text`` is its canonical form.

    Rejecting non-canonical encodings keeps one byte string per value, so a note or a checkpoint
    cannot be re-encoded into a different text that still verifies.
    """
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if base64.b64encode(raw).decode("ascii") == text else None


def b64encode(data: bytes) -> str:
    """Encode standard, padded base64, as every format here writes it."""
    return base64.b64encode(data).decode("ascii")


def is_valid_key_name(name: str) -> bool:
    """A key name is non-empty, has no Unicode space, no ``+`` and no control character."""
    return bool(name) and "+" not in name and not any(c.isspace() or _is_control(c) for c in name)


def _is_control(char: str) -> bool:
    return (char < " " and char != "\n") or char == "\x7f"


def compute_key_id(name: str, key_type: int, public_key: bytes) -> bytes:
    """Return SHA-256(name ‖ 0x0A ‖ key_type ‖ public_key)[:4], the key id of a verifier."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([key_type]) + public_key).digest()[:4]


def cosignature_message(text: bytes, timestamp: int) -> bytes:
    """Return the message a tlog-cosignature/v1 (type 0x04) signature covers at ``timestamp``."""
    return b"cosignature/v1\ntime %d\n" % timestamp + text


# -- keys ------------------------------------------------------------------------------------


class Verifier(Protocol):
    """Anything that can check a signature line by one (name, key id)."""

    @property
    def name(self) -> str: ...

    @property
    def key_id(self) -> bytes: ...

    def verify(self, message: bytes, signature: bytes) -> bool:
        """Return whether ``signature`` (the line's bytes after the key id) signs ``message``."""
        ...


class Signer(Protocol):
    """Anything that can produce a signature line under one (name, key id)."""

    @property
    def name(self) -> str: ...

    @property
    def key_id(self) -> bytes: ...

    def sign(self, message: bytes) -> bytes:
        """Return the signature bytes that follow the key id on the line."""
        ...


def _check_key(name: str, key: bytes, what: str) -> None:
    if not is_valid_key_name(name):
        raise KeyFormatError(f"invalid key name {name!r}")
    if len(key) != ED25519_KEY_SIZE:
        raise KeyFormatError(f"an Ed25519 {what} is 32 bytes, got {len(key)}")


def _ed25519_verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except InvalidSignature:
        return False
    return True


@dataclass(frozen=True)
class _PublicKey:
    """An Ed25519 public key under a name; the signature type comes from the subclass."""

    key_type: ClassVar[int] = SIG_ED25519
    name: str
    public_key: bytes
    key_id: bytes = field(init=False, repr=False)

    def __post_init__(self) -> None:
        _check_key(self.name, self.public_key, "public key")
        key_id = compute_key_id(self.name, self.key_type, self.public_key)
        object.__setattr__(self, "key_id", key_id)

    @property
    def vkey(self) -> str:
        """The verifier key string ``name+hexid+base64(type ‖ public key)``."""
        encoded = b64encode(bytes([self.key_type]) + self.public_key)
        return f"{self.name}+{self.key_id.hex()}+{encoded}"


@dataclass(frozen=True)
class Ed25519Verifier(_PublicKey):
    """Verifies type 0x01 signatures: plain Ed25519 over the note text (a log's signature)."""

    def verify(self, message: bytes, signature: bytes) -> bool:
        return len(signature) == 64 and _ed25519_verify(self.public_key, message, signature)


@dataclass(frozen=True)
class CosignatureVerifier(_PublicKey):
    """Verifies type 0x04 cosignatures (C2SP tlog-cosignature/v1) by a witness or mirror."""

    key_type: ClassVar[int] = SIG_COSIGNATURE_V1

    def verify(self, message: bytes, signature: bytes) -> bool:
        if len(signature) != 8 + 64:
            return False
        timestamp = int.from_bytes(signature[:8], "big")
        if timestamp >= COSIGNATURE_TIMESTAMP_LIMIT:
            return False
        signed = cosignature_message(message, timestamp)
        return _ed25519_verify(self.public_key, signed, signature[8:])


@dataclass(frozen=True)
class _SecretKey:
    """An Ed25519 key made from a 32-byte seed, under a name; the type comes from the subclass."""

    key_type: ClassVar[int] = SIG_ED25519
    name: str
    seed: bytes = field(repr=False)
    public_key: bytes = field(init=False, repr=False)
    key_id: bytes = field(init=False, repr=False)

    def __post_init__(self) -> None:
        _check_key(self.name, self.seed, "seed")
        raw = self._private_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        object.__setattr__(self, "public_key", raw)
        object.__setattr__(self, "key_id", compute_key_id(self.name, self.key_type, raw))

    def _private_key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.seed)


@dataclass(frozen=True)
class Ed25519Signer(_SecretKey):
    """Signs type 0x01 signature lines: plain Ed25519 over the note text."""

    def sign(self, message: bytes) -> bytes:
        return self._private_key().sign(message)

    @property
    def skey(self) -> str:
        """The signer key string ``PRIVATE+KEY+name+hexid+base64(0x01 ‖ seed)``: keep it secret."""
        encoded = b64encode(bytes([self.key_type]) + self.seed)
        return f"PRIVATE+KEY+{self.name}+{self.key_id.hex()}+{encoded}"

    def verifier(self) -> Ed25519Verifier:
        return Ed25519Verifier(self.name, self.public_key)


@dataclass(frozen=True)
class CosignatureSigner(_SecretKey):
    """Signs type 0x04 cosignatures as of ``timestamp`` (POSIX seconds, supplied by the caller)."""

    key_type: ClassVar[int] = SIG_COSIGNATURE_V1
    timestamp: int

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 0 <= self.timestamp < COSIGNATURE_TIMESTAMP_LIMIT:
            raise KeyFormatError(f"cosignature timestamp {self.timestamp} is out of range")

    def sign(self, message: bytes) -> bytes:
        signed = cosignature_message(message, self.timestamp)
        return self.timestamp.to_bytes(8, "big") + self._private_key().sign(signed)

    def verifier(self) -> CosignatureVerifier:
        return CosignatureVerifier(self.name, self.public_key)


def _split_key(parts: list[str], what: str) -> tuple[str, bytes, int, bytes]:
    """Check ``name, hexid, base64`` parts; return (name, key id, type, key bytes)."""
    name, hex_id, encoded = parts
    raw = strict_b64decode(encoded)
    if not is_valid_key_name(name):
        raise KeyFormatError(f"{what}: invalid key name {name!r}")
    if len(hex_id) != 8 or not all(c in "0123456789abcdefABCDEF" for c in hex_id):
        raise KeyFormatError(f"{what}: key id must be 8 hex digits, got {hex_id!r}")
    if not raw:
        raise KeyFormatError(f"{what}: key is not valid base64")
    return name, bytes.fromhex(hex_id), raw[0], raw[1:]


def parse_vkey(vkey: str) -> Ed25519Verifier | CosignatureVerifier:
    """Parse a verifier key ``name+hexid+base64(type ‖ public key)`` (types 0x01 and 0x04)."""
    parts = vkey.split("+", 2)
    if len(parts) != 3:
        raise KeyFormatError("a verifier key has the form name+keyid+base64key")
    name, key_id, key_type, public_key = _split_key(parts, "verifier key")
    if compute_key_id(name, key_type, public_key) != key_id:
        raise KeyFormatError(f"verifier key {name}: key id does not match the key")
    if key_type == SIG_ED25519:
        return Ed25519Verifier(name, public_key)
    if key_type == SIG_COSIGNATURE_V1:
        return CosignatureVerifier(name, public_key)
    raise KeyFormatError(f"verifier key {name}: unsupported signature type {key_type:#04x}")


def parse_skey(skey: str) -> Ed25519Signer:
    """Parse a Go-style signer key ``PRIVATE+KEY+name+hexid+base64(0x01 ‖ seed)``."""
    parts = skey.split("+", 4)
    if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
        raise KeyFormatError("a signer key has the form PRIVATE+KEY+name+keyid+base64key")
    name, key_id, key_type, seed = _split_key(parts[2:], "signer key")
    if key_type != SIG_ED25519:
        raise KeyFormatError(f"signer key {name}: unsupported signature type {key_type:#04x}")
    signer = Ed25519Signer(name, seed)
    if signer.key_id != key_id:
        raise KeyFormatError(f"signer key {name}: key id does not match the key")
    return signer


def generate_signer(name: str, seed: bytes) -> tuple[str, str]:
    """Return (skey, vkey) strings for an Ed25519 key made from the caller's 32 random bytes."""
    signer = Ed25519Signer(name, seed)
    return signer.skey, signer.verifier().vkey


# -- notes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    """One signature line: a key name, its 4-byte key id and the signature bytes after it."""

    name: str
    key_id: bytes
    signature: bytes

    def __post_init__(self) -> None:
        if not is_valid_key_name(self.name) or len(self.key_id) != KEY_ID_SIZE:
            raise NoteError(
                f"a signature needs a valid key name and a 4-byte key id: {self.name!r}"
            )

    @property
    def line(self) -> str:
        """The signature line as it appears in a note, with its final newline."""
        return f"{SIGNATURE_PREFIX}{self.name} {b64encode(self.key_id + self.signature)}\n"


@dataclass(frozen=True)
class Note:
    """A parsed note: its text (ending in a newline) and its signatures, in order."""

    text: str
    signatures: tuple[Signature, ...]

    def format(self) -> str:
        """Serialize the note: text, blank line, one line per signature."""
        return self.text + "\n" + "".join(sig.line for sig in self.signatures)


@dataclass(frozen=True)
class VerifiedNote:
    """A note that verified: which known keys signed it, and which lines were ignored."""

    note: Note
    verified: tuple[Signature, ...]
    ignored: tuple[Signature, ...]

    @property
    def text(self) -> str:
        return self.note.text

    @property
    def signer_names(self) -> tuple[str, ...]:
        return tuple(sig.name for sig in self.verified)


def _check_characters(message: str) -> None:
    """Reject what is not UTF-8 text, and control characters other than newline."""
    try:
        message.encode("utf-8")
    except UnicodeEncodeError:
        raise NoteError("note is not valid UTF-8") from None
    for char in message:
        if _is_control(char):
            raise NoteError(f"note contains control character {ord(char):#04x}")


def _check_text(text: str) -> None:
    """A note's text is clean UTF-8 ending in a newline (the blank line is not part of it)."""
    _check_characters(text)
    if not text.endswith("\n"):
        raise NoteError("note text must end with a newline")


def _parse_signature_line(line: str) -> Signature:
    if not line.startswith(SIGNATURE_PREFIX):
        raise NoteError(f"signature line does not start with an em dash and a space: {line!r}")
    name, _, encoded = line[len(SIGNATURE_PREFIX) :].partition(" ")
    if not is_valid_key_name(name):
        raise NoteError(f"invalid key name in signature line: {name!r}")
    raw = strict_b64decode(encoded)
    if raw is None or len(raw) <= KEY_ID_SIZE:
        raise NoteError(f"signature by {name} is not base64 of a key id and a signature")
    return Signature(name, raw[:KEY_ID_SIZE], raw[KEY_ID_SIZE:])


def parse_note(data: str | bytes) -> Note:
    """Parse a signed note without verifying it; raises NoteError if it is malformed.

    The text may itself hold blank lines, so it ends at the *last* blank line.
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise NoteError("note is not valid UTF-8") from None
    _check_characters(data)
    split = data.rfind("\n\n")
    if split < 0:
        raise NoteError("note has no blank line before its signatures")
    text, block = data[: split + 1], data[split + 2 :]
    if not block.endswith("\n"):
        raise NoteError("note must end with a signature line and a newline")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise NoteError(f"note has {len(lines)} signatures, more than {MAX_SIGNATURES}")
    return Note(text, tuple(_parse_signature_line(line) for line in lines))


def _index_verifiers(verifiers: Iterable[Verifier]) -> dict[tuple[str, bytes], Verifier]:
    known: dict[tuple[str, bytes], Verifier] = {}
    for verifier in verifiers:
        slot = (verifier.name, verifier.key_id)
        if slot in known and known[slot] != verifier:
            raise KeyFormatError(f"two different keys share name and id {verifier.name}")
        known[slot] = verifier
    return known


def verify_note(note: str | bytes | Note, verifiers: Iterable[Verifier]) -> VerifiedNote:
    """Open a signed note with the known ``verifiers``; return who signed it.

    Raises InvalidSignatureError if a known key's signature fails, UnverifiedNoteError if no
    known key signed, and NoteError if the note is malformed.
    """
    parsed = note if isinstance(note, Note) else parse_note(note)
    _check_text(parsed.text)
    known = _index_verifiers(verifiers)
    message = parsed.text.encode("utf-8")
    verified: list[Signature] = []
    ignored: list[Signature] = []
    for sig in parsed.signatures:
        verifier = known.get((sig.name, sig.key_id))
        if verifier is None:
            ignored.append(sig)
        elif not verifier.verify(message, sig.signature):
            raise InvalidSignatureError(sig.name, sig.key_id)
        elif all((v.name, v.key_id) != (sig.name, sig.key_id) for v in verified):
            verified.append(sig)
    if not verified:
        names = ", ".join(sorted({sig.name for sig in parsed.signatures}))
        raise UnverifiedNoteError(f"no signature by a known key (signed by: {names})")
    return VerifiedNote(parsed, tuple(verified), tuple(ignored))


def sign_note(note: str | Note, signers: Iterable[Signer]) -> str:
    """Sign a text (or add signatures to a parsed note) and return the serialized note.

    Existing signatures come first, except those by a (name, key id) that signs again; the new
    signatures follow in the order of ``signers``, as Go's ``note.Sign`` does.
    """
    text, existing = (note.text, note.signatures) if isinstance(note, Note) else (note, ())
    _check_text(text)
    message = text.encode("utf-8")
    fresh = []
    for signer in signers:
        if not is_valid_key_name(signer.name) or len(signer.key_id) != KEY_ID_SIZE:
            raise KeyFormatError(f"invalid signer {signer.name!r}")
        fresh.append(Signature(signer.name, signer.key_id, signer.sign(message)))
    replaced = {(sig.name, sig.key_id) for sig in fresh}
    kept = [sig for sig in existing if (sig.name, sig.key_id) not in replaced]
    signed = Note(text, (*kept, *fresh))
    if len(signed.signatures) > MAX_SIGNATURES:
        raise NoteError(f"a note carries at most {MAX_SIGNATURES} signatures")
    return signed.format()


def cosignature_timestamp(signature: Signature) -> int:
    """Return the POSIX time a type 0x04 cosignature claims (read from its first 8 bytes)."""
    if len(signature.signature) != 8 + 64:
        raise NoteError(f"signature by {signature.name} is not a cosignature/v1")
    return int.from_bytes(signature.signature[:8], "big")
