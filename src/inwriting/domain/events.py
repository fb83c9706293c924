"""Record entries: one small canonical statement per state change that matters.

An entry says *what* happened (its type), *when*, *who* did it, *where* (negotiation, party),
to *which* rows (ids), and the SHA-256 of the full content (the whole version text, the whole
response...). The content itself stays in the database, shown only to those entitled to it;
whoever holds it can show that its hash is in the record.

Entries name things by numeric id, never by name or text, so the public tree and entry
bundles reveal no negotiation's words. The encoding is canonical JSON (see
``domain.digests.canonical_json``) and is documented byte for byte in ``docs/record.md``. Its
meaning never changes once published: a new encoding gets a new ``format_version``.

Format 1 put the content digest itself in the entry. A digest of a small, guessable subject
(a party's name, a member's username and role) can be found by hashing a dictionary, so
format 2 puts a *commitment* there instead: HMAC-SHA-256 keyed by a random 32-byte salt kept
in the database, over the content digest (``commit``). The salt and the digest (the
*opening*) go only to those who may read the subject. Old entries keep their format and
verify as they always did.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from inwriting.domain.digests import canonical_json

FORMAT_VERSION = 2
SALT_BYTES = 32
MAX_ENTRY_BYTES = 65_535  # C2SP tlog-tiles entry bundles store lengths as u16
_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
_COMMON = {"format_version", "type", "time", "actor", "negotiation", "party", "ids"}
# The key that carries what the entry commits to, by format_version.
_COMMITMENT_KEY = {1: "content_sha256", 2: "commitment"}


class EventType(StrEnum):
    NEGOTIATION_CREATED = "negotiation_created"
    PARTY_REGISTERED = "party_registered"
    MEMBER_REGISTERED = "member_registered"
    VERSION_TABLED = "version_tabled"
    LANGUAGE_TEXT_ADDED = "language_text_added"  # another language's text of a version
    REQUEST_MADE = "request_made"
    RESPONSE_SUBMITTED = "response_submitted"  # names the response it supersedes, if any
    COMMITMENT_RECORDED = "commitment_recorded"
    COMMITMENT_STATUS_CHANGED = "commitment_status_changed"  # a dispute included
    COMMENTS_PUBLISHED = "comments_published"  # a batch of public comments
    # A step of a party's clearance chain cleared for a pending text. Names only the
    # clearance and no actor: which text, step and member stay inside the commitment.
    CLEARANCE_GIVEN = "clearance_given"


class EntryError(ValueError):
    """Bytes that are not a record entry of a known format."""


@dataclass(frozen=True)
class Event:
    """A change as a service records it: ``content_sha256`` is the digest of the content,
    which the entry does not show (see :meth:`seal`)."""

    type: EventType
    time: datetime  # aware; encoded in UTC with microseconds
    actor: int | None  # user id; None for the local operator (entries name a member instead)
    negotiation: int
    party: int | None  # the party that acted (or was registered)
    ids: Mapping[str, int] = field(default_factory=dict)  # e.g. {"version": 5, "document": 2}
    content_sha256: str = ""

    def seal(self, salt: bytes, member: int | None) -> RecordedEvent:
        """The entry of the current format: commits to the content under ``salt`` and names
        the actor by ``member``, their membership in this negotiation (a user id is global,
        and would link their acts across negotiations)."""
        return RecordedEvent(
            FORMAT_VERSION,
            self.type,
            self.time,
            member,
            self.negotiation,
            self.party,
            self.ids,
            commit(salt, self.content_sha256),
        )


@dataclass(frozen=True)
class RecordedEvent:
    """An entry as the record holds it. ``commitment`` is, in format 1, the content digest
    itself; in format 2, ``commit(salt, content digest)``. ``actor`` is, in format 1, a user
    id; in format 2, the id of the acting user's membership in the negotiation."""

    format_version: int
    type: EventType
    time: datetime
    actor: int | None
    negotiation: int
    party: int | None
    ids: Mapping[str, int]
    commitment: str

    def encode(self) -> bytes:
        if self.time.tzinfo is None:
            raise ValueError("event time must be aware")
        if not _SHA256_HEX.match(self.commitment):
            raise ValueError("the commitment must be 64 lower-case hex digits")
        data = canonical_json(
            {
                "format_version": self.format_version,
                "type": self.type.value,
                "time": format_time(self.time),
                "actor": self.actor,
                "negotiation": self.negotiation,
                "party": self.party,
                "ids": dict(self.ids),
                _COMMITMENT_KEY[self.format_version]: self.commitment,
            }
        )
        if len(data) > MAX_ENTRY_BYTES:
            raise ValueError(f"entry of {len(data)} bytes exceeds {MAX_ENTRY_BYTES}")
        return data

    def opens(self, content_sha256: str, salt: bytes | None) -> bool:
        """Whether the entry commits to ``content_sha256`` (with ``salt``, from format 2)."""
        if self.format_version == 1:
            return salt is None and hmac.compare_digest(self.commitment, content_sha256)
        if salt is None or len(salt) != SALT_BYTES or not _SHA256_HEX.match(content_sha256):
            return False
        return hmac.compare_digest(self.commitment, commit(salt, content_sha256))


def commit(salt: bytes, content_sha256: str) -> str:
    """HMAC-SHA-256 keyed by ``salt`` over the 64 ASCII hex digits of ``content_sha256``:
    unguessable without the salt, however small the set of possible contents."""
    if len(salt) != SALT_BYTES:
        raise ValueError(f"a salt is {SALT_BYTES} bytes")
    if not _SHA256_HEX.match(content_sha256):
        raise ValueError("content_sha256 must be 64 lower-case hex digits")
    return hmac.new(salt, content_sha256.encode("ascii"), hashlib.sha256).hexdigest()


def format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def decode_event(data: bytes) -> RecordedEvent:
    """Parse and check an entry of any published format; raises :class:`EntryError`
    naming what is wrong."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise EntryError(f"not canonical JSON: {error}") from None
    if not isinstance(raw, dict):
        raise EntryError("not a record entry: not an object")
    version = raw.get("format_version")
    if type(version) is not int or version not in _COMMITMENT_KEY:
        raise EntryError(f"unknown format_version {version!r}")
    key = _COMMITMENT_KEY[version]
    if set(raw) != _COMMON | {key}:
        raise EntryError("not a record entry: wrong fields")
    try:
        event = RecordedEvent(
            format_version=version,
            type=EventType(raw["type"]),
            time=datetime.strptime(raw["time"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC),
            actor=_optional_int(raw["actor"]),
            negotiation=_int(raw["negotiation"]),
            party=_optional_int(raw["party"]),
            ids={str(k): _int(v) for k, v in _mapping(raw["ids"]).items()},
            commitment=str(raw[key]),
        )
        encoded = event.encode()
    except (ValueError, TypeError) as error:
        raise EntryError(f"not a record entry: {error}") from None
    if encoded != data:
        raise EntryError("not in canonical form")
    return event


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer id, got {value!r}")
    return value


def _optional_int(value: object) -> int | None:
    return None if value is None else _int(value)


def _mapping(value: object) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise TypeError("ids must be an object")
    return value
