"""The record's entries (inwriting.domain.events): one canonical encoding, byte for byte as
docs/record.md publishes it, and decoding that refuses anything else."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from inwriting.domain.events import (
    MAX_ENTRY_BYTES,
    EntryError,
    Event,
    EventType,
    decode_event,
)

DIGEST = "9791cf8c28611634a3394c91e03c6278ff90625d50d3447a371841d8fd5aa1ba"
EVENT = Event(
    type=EventType.RESPONSE_SUBMITTED,
    time=datetime(2026, 11, 16, 3, 24, 16, 901246, tzinfo=UTC),
    actor=3,
    negotiation=1,
    party=2,
    ids={"version": 1, "response": 1, "request": 1},
    content_sha256=DIGEST,
)
# The example of docs/record.md, unwrapped: keys sorted, no spaces, UTC with microseconds.
PUBLISHED = (
    b'{"actor":3,"content_sha256":"' + DIGEST.encode() + b'",'
    b'"format_version":1,"ids":{"request":1,"response":1,"version":1},"negotiation":1,'
    b'"party":2,"time":"2026-11-16T03:24:16.901246Z","type":"response_submitted"}'
)


def test_the_encoding_is_the_published_one_byte_for_byte() -> None:
    assert EVENT.encode() == PUBLISHED
    assert decode_event(PUBLISHED) == EVENT


def test_the_same_moment_in_any_zone_encodes_alike() -> None:
    elsewhere = EVENT.time.astimezone(timezone(timedelta(hours=5, minutes=30)))
    assert Event(**{**EVENT.__dict__, "time": elsewhere}).encode() == PUBLISHED


def test_the_operator_and_a_partyless_event_encode_as_null() -> None:
    event = Event(EventType.NEGOTIATION_CREATED, EVENT.time, None, 4, None, {}, DIGEST)
    data = event.encode()
    assert b'"actor":null' in data and b'"party":null' in data and b'"ids":{}' in data
    assert decode_event(data) == event


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"time": datetime(2026, 11, 16)}, "event time must be aware"),
        ({"content_sha256": DIGEST.upper()}, "content_sha256 must be 64 lower-case hex digits"),
        ({"content_sha256": ""}, "content_sha256 must be 64 lower-case hex digits"),
    ],
)
def test_an_event_that_cannot_be_recorded_is_refused(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Event(**{**EVENT.__dict__, **change}).encode()


def test_an_entry_too_large_for_a_tile_bundle_is_refused() -> None:
    ids = {f"k{i:05}": i for i in range(MAX_ENTRY_BYTES // 10)}
    with pytest.raises(ValueError, match="exceeds 65535"):
        Event(**{**EVENT.__dict__, "ids": ids}).encode()


def _variant(**changes: object) -> bytes:
    raw = json.loads(PUBLISHED)
    raw.update(changes)
    return json.dumps(raw, sort_keys=True, separators=(",", ":")).encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (PUBLISHED.replace(b",", b", ", 1), "not in canonical form"),
        (json.dumps(json.loads(PUBLISHED)).encode(), "not in canonical form"),
        (_variant(format_version=2), "unknown format_version 2"),
        (_variant(extra=1), "wrong fields"),
        (_variant(type="version_deleted"), "not a record entry"),
        (_variant(actor="3"), "expected an integer id"),
        (_variant(party=True), "expected an integer id"),
        (_variant(ids=[1]), "ids must be an object"),
        (_variant(time="2026-11-16 03:24:16"), "not a record entry"),
        (b"\xff", "not canonical JSON"),
        (b"[]", "wrong fields"),
    ],
)
def test_decoding_refuses_anything_but_a_canonical_entry(data: bytes, message: str) -> None:
    with pytest.raises(EntryError, match=message):
        decode_event(data)
