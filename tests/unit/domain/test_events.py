"""The record's entries (inwriting.domain.events): one canonical encoding per format, byte for
byte as docs/record.md publishes it; format 2 commits to content under a secret salt; decoding
refuses anything else."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from inwriting.domain.events import (
    MAX_ENTRY_BYTES,
    SALT_BYTES,
    EntryError,
    Event,
    EventType,
    RecordedEvent,
    commit,
    decode_event,
)

DIGEST = "9791cf8c28611634a3394c91e03c6278ff90625d50d3447a371841d8fd5aa1ba"
WHEN = datetime(2026, 11, 16, 3, 24, 16, 901246, tzinfo=UTC)
IDS = {"version": 1, "response": 1, "request": 1}
FORMAT_1 = RecordedEvent(1, EventType.RESPONSE_SUBMITTED, WHEN, 3, 1, 2, IDS, DIGEST)
# Format 1, as published before salts: keys sorted, no spaces, UTC with microseconds.
PUBLISHED_1 = (
    b'{"actor":3,"content_sha256":"' + DIGEST.encode() + b'",'
    b'"format_version":1,"ids":{"request":1,"response":1,"version":1},"negotiation":1,'
    b'"party":2,"time":"2026-11-16T03:24:16.901246Z","type":"response_submitted"}'
)
SALT = bytes(range(SALT_BYTES))
EVENT = Event(EventType.RESPONSE_SUBMITTED, WHEN, 99, 1, 2, IDS, DIGEST)


def test_format_1_entries_keep_their_published_bytes_and_meaning() -> None:
    assert FORMAT_1.encode() == PUBLISHED_1
    assert decode_event(PUBLISHED_1) == FORMAT_1
    assert FORMAT_1.opens(DIGEST, None)
    assert not FORMAT_1.opens(DIGEST, SALT)  # a format 1 entry has no salt to open with


def test_format_2_commits_to_the_digest_under_the_salt_and_names_the_membership() -> None:
    sealed = EVENT.seal(SALT, member=3)
    expected = hmac.new(SALT, DIGEST.encode("ascii"), hashlib.sha256).hexdigest()
    assert sealed.commitment == commit(SALT, DIGEST) == expected
    assert sealed.actor == 3  # the membership, not the user id 99
    data = sealed.encode()
    assert b'"commitment":"' + expected.encode() + b'"' in data
    assert DIGEST.encode() not in data and b'"content_sha256"' not in data
    assert decode_event(data) == sealed


def test_only_the_right_digest_and_salt_open_a_format_2_entry() -> None:
    sealed = EVENT.seal(SALT, member=3)
    assert sealed.opens(DIGEST, SALT)
    assert not sealed.opens(DIGEST, bytes(SALT_BYTES))  # another salt
    assert not sealed.opens("0" * 64, SALT)  # another content
    assert not sealed.opens(DIGEST, None)
    assert not sealed.opens(DIGEST, SALT[:16])


def test_the_same_moment_in_any_zone_encodes_alike() -> None:
    elsewhere = WHEN.astimezone(timezone(timedelta(hours=5, minutes=30)))
    assert replace(FORMAT_1, time=elsewhere).encode() == PUBLISHED_1


def test_the_operator_and_a_partyless_event_encode_as_null() -> None:
    event = Event(EventType.NEGOTIATION_CREATED, WHEN, None, 4, None, {}, DIGEST)
    data = event.seal(SALT, None).encode()
    assert b'"actor":null' in data and b'"party":null' in data and b'"ids":{}' in data
    assert decode_event(data) == event.seal(SALT, None)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"time": datetime(2026, 11, 16)}, "event time must be aware"),
        ({"commitment": DIGEST.upper()}, "commitment must be 64 lower-case hex digits"),
        ({"commitment": ""}, "commitment must be 64 lower-case hex digits"),
    ],
)
def test_an_entry_that_cannot_be_recorded_is_refused(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        replace(FORMAT_1, **change).encode()  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [DIGEST.upper(), "", "0" * 63])
def test_only_a_digest_can_be_committed_to(bad: str) -> None:
    with pytest.raises(ValueError, match="content_sha256 must be 64 lower-case hex digits"):
        replace(EVENT, content_sha256=bad).seal(SALT, 3)
    with pytest.raises(ValueError, match="a salt is 32 bytes"):
        EVENT.seal(SALT[:31], 3)


def test_an_entry_too_large_for_a_tile_bundle_is_refused() -> None:
    ids = {f"k{i:05}": i for i in range(MAX_ENTRY_BYTES // 10)}
    with pytest.raises(ValueError, match="exceeds 65535"):
        replace(FORMAT_1, ids=ids).encode()


def _variant(**changes: object) -> bytes:
    raw = json.loads(PUBLISHED_1)
    raw.update(changes)
    return json.dumps(raw, sort_keys=True, separators=(",", ":")).encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (PUBLISHED_1.replace(b",", b", ", 1), "not in canonical form"),
        (json.dumps(json.loads(PUBLISHED_1)).encode(), "not in canonical form"),
        (_variant(format_version=3), "unknown format_version 3"),
        (_variant(format_version=2), "wrong fields"),  # format 2 carries a commitment
        (_variant(extra=1), "wrong fields"),
        (_variant(type="version_deleted"), "not a record entry"),
        (_variant(actor="3"), "expected an integer id"),
        (_variant(party=True), "expected an integer id"),
        (_variant(ids=[1]), "ids must be an object"),
        (_variant(time="2026-11-16 03:24:16"), "not a record entry"),
        (b"\xff", "not canonical JSON"),
        (b"[]", "not an object"),
    ],
)
def test_decoding_refuses_anything_but_a_canonical_entry(data: bytes, message: str) -> None:
    with pytest.raises(EntryError, match=message):
        decode_event(data)
