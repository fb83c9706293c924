"""The record's confidentiality and who may take what from it (issue 11, items 5, 15, 18).

* Entries commit to subjects under a secret salt: a dictionary attack on the public entries
  (the one that recovered every party and member of the private demo from format 1 entries)
  recovers nothing, while a member of the negotiation opens and checks any entry.
* Receipts and openings follow read access to the thing recorded; everyone else is told
  exactly what they are told of an entry that does not exist.
* A commitment recorded by one party's member about another party names the acting party.
* A database written in format 1 migrates and still verifies.
"""

from __future__ import annotations

import hashlib
import hmac
import shutil
from datetime import UTC, datetime, timedelta
from itertools import product
from pathlib import Path

import pytest
from sqlalchemy import select, update

from inwriting.domain.commitments import Source, SourceKind
from inwriting.domain.digests import canonical_json, record_digest, sha256_hex
from inwriting.domain.events import EventType, RecordedEvent
from inwriting.domain.negotiations import Role, Visibility
from inwriting.errors import NotFound
from inwriting.services import commitments, negotiations, parties, record, users
from inwriting.services.actors import ANONYMOUS, OPERATOR, Actor
from inwriting.services.demo import ACCOUNTS, SLUG, load_demo
from inwriting.services.record_keys import RecordKey
from inwriting.services.verification import verify_record
from inwriting.storage.engine import Database
from inwriting.storage.models import MemberRow, PartyRow, RecordEntryRow, UserRow
from inwriting.tlog import parse_vkey
from inwriting.tlog.notes import Ed25519Signer
from inwriting.tlog.receipts import parse_receipt, verify_receipt
from tests.conftest import REPO

KEY = RecordKey(Ed25519Signer("test.example/record", bytes(range(32))))
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
FIXTURE = REPO / "tests" / "data" / "record"
PARTIES = sorted({party for _, _, party, _ in ACCOUNTS})
DECOYS = [f"{p} of {c}" for p in ("Republic", "Kingdom", "State") for c in ("Ostra", "Velm")]
NAMES = [*(u for u, *_ in ACCOUNTS), "admin", "lavrov", "blinken", "alice", "bob", "root"]


def _dictionary() -> dict[str, str]:
    """Digest -> guess, for every party, member and negotiation the attacker can imagine."""
    guesses: dict[str, str] = {}
    for name, approval in product([*PARTIES, *DECOYS], (False, True)):
        content = {"name": name, "requires_approval": approval}
        guesses[record_digest("party", content)] = name
    for username, role in product(NAMES, [r.value for r in Role]):
        guesses[record_digest("member", {"username": username, "role": role})] = username
    return guesses


def _attack(db: Database) -> set[str]:
    """Every name recovered from the public entries by hashing the dictionary."""
    guesses, found = _dictionary(), set()
    for entry in record.list_entries(db, 0, record.record_size(db)):
        event = entry.event
        if event.commitment in guesses:
            found.add(guesses[event.commitment])
        for key in (bytes.fromhex(event.commitment), event.commitment.encode()):
            for digest, guess in guesses.items():  # and as if it were keyed by a name
                if hmac.new(key, digest.encode(), hashlib.sha256).hexdigest() == event.commitment:
                    found.add(guess)
    return found


def _demo(db: Database) -> None:
    load_demo(db, now=NOW)
    users.create_user(db, OPERATOR, "zed", "Zed Outsider", now=NOW)
    users.create_user(db, OPERATOR, "root", "Root", is_admin=True, now=NOW)


def _entries_of(db: Database, kind: EventType) -> list[record.Entry]:
    return [e for e in record.list_entries(db, 0, record.record_size(db)) if e.event.type is kind]


def test_a_dictionary_attack_on_the_public_entries_recovers_nothing(db: Database) -> None:
    _demo(db)
    assert _attack(db) == set()
    members = _entries_of(db, EventType.MEMBER_REGISTERED)
    assert len(members) == len(ACCOUNTS) == len({e.event.commitment for e in members})


def test_the_same_attack_recovered_every_name_from_format_1_entries(tmp_path: Path) -> None:
    old = Database(f"sqlite:///{_copy_fixture(tmp_path)}")
    old.upgrade()
    assert _attack(old) >= {*PARTIES, *(u for u, *_ in ACCOUNTS)}  # why format 2 exists
    old.dispose()


def test_a_member_opens_an_entry_and_checks_it_with_no_inwriting_code(db: Database) -> None:
    _demo(db)
    for entry in _entries_of(db, EventType.MEMBER_REGISTERED):
        opening = record.open_entry(db, Actor("oskar"), entry.index)
        assert opening.verified and opening.salt is not None and opening.content is not None
        digest = sha256_hex(canonical_json(opening.content))
        mac = hmac.new(opening.salt, digest.encode("ascii"), hashlib.sha256).hexdigest()
        assert digest == opening.content_sha256 and mac == entry.event.commitment
    (party,) = [
        e for e in _entries_of(db, EventType.PARTY_REGISTERED) if e.event.party == _id(db, 2)
    ]
    assert record.open_entry(db, Actor("aron"), party.index).content == {
        "format_version": 1,
        "kind": "party",
        "name": "Kingdom of Brenmark",
        "requires_approval": True,
    }


def _id(db: Database, nth: int) -> int:
    with db.reading() as session:
        return sorted(session.scalars(select(PartyRow.id)))[nth - 1]


def test_an_altered_salt_no_longer_opens_and_verify_says_so(db: Database) -> None:
    _demo(db)
    (entry, *_) = _entries_of(db, EventType.PARTY_REGISTERED)
    with db.transaction() as session:
        session.execute(
            update(RecordEntryRow).where(RecordEntryRow.index == entry.index).values(salt=bytes(32))
        )
    assert not record.open_entry(db, OPERATOR, entry.index).verified
    report = verify_record(db, KEY.signer.verifier())
    assert [(d.index, d.what) for d in report.discrepancies][:1] == [
        (entry.index, "content changed")
    ]


# Role by role: every participant may take a receipt and an opening for any entry of the
# private demo, whichever party acted; an outsider and an anonymous visitor are answered as
# for an entry that does not exist.
READERS = ("ana", "aron", "bo", "oskar", "cleo", "cato", "root", None)
OUTSIDERS = (Actor("zed"), ANONYMOUS)


def _lavrov_commitment(db: Database) -> int:
    """aron, a drafter of Aldavia, records a promise Brenmark made."""
    found = commitments.record_commitment(
        db,
        Actor("aron"),
        SLUG,
        "Kingdom of Brenmark",
        "Brenmark will share its gauge data monthly.",
        Source(SourceKind.MEETING, "Plenary, 20 November", "We will share the data monthly."),
        made_at=NOW - timedelta(days=1),
        now=NOW,
    )
    assert found.record_index is not None
    return found.record_index


def test_receipts_and_openings_follow_read_access_role_by_role(db: Database) -> None:
    _demo(db)
    promise = _lavrov_commitment(db)
    (response,) = _entries_of(db, EventType.RESPONSE_SUBMITTED)
    for index in (promise, response.index):
        for username in READERS:
            who = OPERATOR if username is None else Actor(username)
            receipt = parse_receipt(record.receipt(db, who, index, KEY).format())
            verify_receipt(receipt, KEY.signer.verifier())
            assert record.open_entry(db, who, index).verified
        for who in OUTSIDERS:
            for take in (
                lambda w, i: record.receipt(db, w, i, KEY),
                lambda w, i: record.open_entry(db, w, i),
            ):
                with pytest.raises(NotFound) as refused:
                    take(who, index)
                with pytest.raises(NotFound) as missing:
                    take(who, 10**9)
                assert str(refused.value) == "no such record entry"
                assert str(missing.value) == "no such record entry"


def test_a_public_negotiations_entries_open_to_anyone(db: Database) -> None:
    load_demo(db, now=NOW, public=True)
    (party, *_) = _entries_of(db, EventType.PARTY_REGISTERED)
    assert record.open_entry(db, ANONYMOUS, party.index).content is not None
    assert record.receipt(db, ANONYMOUS, party.index, KEY).extra == party.entry


def test_a_commitment_recorded_about_another_party_names_the_party_that_acted(
    db: Database,
) -> None:
    _demo(db)
    index = _lavrov_commitment(db)
    (entry,) = record.list_entries(db, index, index + 1)
    aldavia, brenmark = _id(db, 1), _id(db, 2)
    assert (entry.event.party, entry.event.ids["promiser"]) == (aldavia, brenmark)
    assert entry.event.actor is not None
    # A deadline: the asking party acts, the party asked is the one that promises.
    deadlines = [
        e
        for e in _entries_of(db, EventType.COMMITMENT_RECORDED)
        if "request" in e.event.ids and e.event.ids["promiser"] != e.event.party
    ]
    assert deadlines  # the demo's requests


def _copy_fixture(tmp_path: Path) -> Path:
    path = tmp_path / "v1.db"
    shutil.copy(FIXTURE / "v1.db", path)
    return path


def test_a_database_written_in_format_1_migrates_and_still_verifies(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{_copy_fixture(tmp_path)}")
    db.upgrade()
    verifier = parse_vkey((FIXTURE / "v1.vkey").read_text().strip())
    before = verify_record(db, verifier)
    assert before.ok and before.entries == 31, before.first
    old = record.open_entry(db, Actor("cleo"), 29)
    assert old.salt is None and old.verified and decode_format(db, 29) == 1
    index = _lavrov_commitment(db)  # new entries are format 2, on the same tree
    assert decode_format(db, index) == 2 and record.open_entry(db, OPERATOR, index).verified
    assert verify_record(db, verifier).ok
    db.dispose()


def decode_format(db: Database, index: int) -> int:
    (entry,) = record.list_entries(db, index, index + 1)
    return entry.event.format_version


def test_entries_name_the_actor_by_membership_so_negotiations_cannot_be_linked(
    db: Database,
) -> None:
    """aron acts in the private demo and in a public negotiation whose openings anyone
    reads: nothing in the private entries ties them to his public membership or account."""
    users.create_user(db, OPERATOR, "early", "Early Bird", now=NOW)  # user ids != member ids
    _demo(db)
    public = negotiations.create_negotiation(
        db, OPERATOR, "Open talks", visibility=Visibility.PUBLIC, now=NOW
    ).slug
    parties.add_party(db, OPERATOR, public, "Observers", now=NOW)
    parties.add_member(db, OPERATOR, public, "Observers", "aron", Role.DRAFTER, now=NOW)
    (joined,) = _entries_of(db, EventType.MEMBER_REGISTERED)[-1:]
    shown = record.open_entry(db, ANONYMOUS, joined.index)
    assert shown.content is not None and shown.content["username"] == "aron"
    acted = _entry(db, _lavrov_commitment(db))  # aron, in the private negotiation
    with db.reading() as session:
        private_member, user = session.execute(
            select(MemberRow.id, UserRow.id)
            .join(UserRow)
            .join(PartyRow)
            .where(UserRow.username == "aron", PartyRow.negotiation_id == acted.negotiation)
        ).one()
    assert acted.actor == private_member != joined.event.ids["member"]
    assert user != private_member  # the entry does not carry his account
    assert all("user" not in e.event.ids for e in _entries_of(db, EventType.MEMBER_REGISTERED))


def _entry(db: Database, index: int) -> RecordedEvent:
    (entry,) = record.list_entries(db, index, index + 1)
    return entry.event
