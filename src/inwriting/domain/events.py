"""Record entries: one small canonical statement per state change that matters.

An entry says *what* happened (its type), *when*, *who* did it, *where* (negotiation, party),
to *which* rows (ids), and the SHA-256 of the full content (the whole version text, the whole
response...). The content itself stays in the database, shown only to those entitled to it;
whoever holds it can show that its hash is in the record.

Entries name things by numeric id, never by name or text, so the public tree and entry
bundles reveal no negotiation's words. The encoding is canonical JSON (see
``domain.digests.canonical_json``) and is documented byte for byte in ``docs/record.md``. Its
meaning never changes once published: a new encoding gets a new ``format_version``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from inwriting.domain.digests import canonical_json

FORMAT_VERSION = 1
MAX_ENTRY_BYTES = 65_535  # C2SP tlog-tiles entry bundles store lengths as u16
_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
_FIELDS = {
    "format_version",
    "type",
    "time",
    "actor",
    "negotiation",
    "party",
    "ids",
    "content_sha256",
}


class EventType(StrEnum):
    NEGOTIATION_CREATED = "negotiation_created"
    PARTY_REGISTERED = "party_registered"
    MEMBER_REGISTERED = "member_registered"
    VERSION_TABLED = "version_tabled"
    REQUEST_MADE = "request_made"
    RESPONSE_SUBMITTED = "response_submitted"  # names the response it supersedes, if any
    COMMITMENT_RECORDED = "commitment_recorded"
    COMMITMENT_STATUS_CHANGED = "commitment_status_changed"  # a dispute included


class EntryError(ValueError):
    """Bytes that are not a record entry of a known format."""


@dataclass(frozen=True)
class Event:
    type: EventType
    time: datetime  # aware; encoded in UTC with microseconds
    actor: int | None  # user id; None for the local operator
    negotiation: int
    party: int | None
    ids: Mapping[str, int] = field(default_factory=dict)  # e.g. {"version": 5, "document": 2}
    content_sha256: str = ""

    def encode(self) -> bytes:
        if self.time.tzinfo is None:
            raise ValueError("event time must be aware")
        if not _SHA256_HEX.match(self.content_sha256):
            raise ValueError("content_sha256 must be 64 lower-case hex digits")
        data = canonical_json(
            {
                "format_version": FORMAT_VERSION,
                "type": self.type.value,
                "time": format_time(self.time),
                "actor": self.actor,
                "negotiation": self.negotiation,
                "party": self.party,
                "ids": dict(self.ids),
                "content_sha256": self.content_sha256,
            }
        )
        if len(data) > MAX_ENTRY_BYTES:
            raise ValueError(f"entry of {len(data)} bytes exceeds {MAX_ENTRY_BYTES}")
        return data


def format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def decode_event(data: bytes) -> Event:
    """Parse and check an entry; raises :class:`EntryError` naming what is wrong."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise EntryError(f"not canonical JSON: {error}") from None
    if not isinstance(raw, dict) or set(raw) != _FIELDS:
        raise EntryError("not a record entry: wrong fields")
    if raw["format_version"] != FORMAT_VERSION:
        raise EntryError(f"unknown format_version {raw['format_version']!r}")
    try:
        event = Event(
            type=EventType(raw["type"]),
            time=datetime.strptime(raw["time"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC),
            actor=_optional_int(raw["actor"]),
            negotiation=_int(raw["negotiation"]),
            party=_optional_int(raw["party"]),
            ids={str(k): _int(v) for k, v in _mapping(raw["ids"]).items()},
            content_sha256=str(raw["content_sha256"]),
        )
    except (ValueError, TypeError) as error:
        raise EntryError(f"not a record entry: {error}") from None
    if event.encode() != data:
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
