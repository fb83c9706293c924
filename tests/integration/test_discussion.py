"""Discussion per provision, on SQLite and PostgreSQL: who reads and writes which thread,
mentions, resolve and reopen, and threads following a provision across versions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from inwriting.domain.derivation import Action, Choice
from inwriting.domain.discussion import ThreadStatus, ThreadVisibility
from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.errors import Conflict, NotFound, PermissionDenied, ValidationError
from inwriting.services import derivation, discussion, documents, search, users
from inwriting.services.actors import ANONYMOUS, OPERATOR, Actor
from inwriting.storage.engine import Database
from inwriting.storage.models import MentionRow, MessageRow, ThreadRow, UserRow
from tests.integration.builders import (
    ALICE,
    AMOS,
    BEA,
    BEN,
    CARL,
    OLGA,
    PROVISIONS,
    T0,
    ZED,
    build,
)

ROOT = Actor("root")


def _counts(db: Database) -> tuple[int, int, int]:
    with db.reading() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(t))
            for t in (ThreadRow, MessageRow, MentionRow)
        )


def test_a_shared_thread_is_read_by_every_participant_and_written_by_drafters(
    db: Database,
) -> None:
    s = build(db)
    users.create_user(db, OPERATOR, "root", "Root", is_admin=True, now=T0)
    t = discussion.start_thread(db, BEN, s.version_id, "art-2", "Why **two** paragraphs?", now=T0)
    assert t.visibility is ThreadVisibility.SHARED and t.party == "Party B"
    assert t.status is ThreadStatus.OPEN and t.created_by == "ben"
    assert [m.body for m in t.messages] == ["Why **two** paragraphs?"]
    for reader in (ALICE, AMOS, BEN, OLGA, CARL, ROOT, OPERATOR):
        assert discussion.get_thread(db, reader, t.id).id == t.id
        assert [x.id for x in discussion.list_threads(db, reader, s.version_id)] == [t.id]
    for outsider in (ZED, ANONYMOUS):
        with pytest.raises(NotFound, match=r"^no such thread$"):
            discussion.get_thread(db, outsider, t.id)
        with pytest.raises(NotFound, match=r"^no such version$"):
            discussion.list_threads(db, outsider, s.version_id)
        with pytest.raises(NotFound, match=r"^no such version$"):
            discussion.thread_counts(db, outsider, s.version_id)
    later = discussion.reply(db, CARL, t.id, "Agreed, one is enough.", now=T0 + timedelta(1))
    assert [(m.author, m.party) for m in later.messages] == [
        ("ben", "Party B"),
        ("carl", "Party C"),
    ]
    # An observer reads but does not speak for the party; an administrator acts for none.
    for silent in (OLGA, ROOT, OPERATOR):
        with pytest.raises(PermissionDenied):
            discussion.reply(db, silent, t.id, "Me too.")
    assert _counts(db) == (1, 2, 0)


def test_an_internal_thread_is_its_partys_alone_on_every_route(db: Database) -> None:
    s = build(db)
    users.create_user(db, OPERATOR, "root", "Root", is_admin=True, now=T0)
    t = discussion.start_thread(
        db, BEN, s.version_id, "art-1", "Can we live with the zebra clause?", internal=True, now=T0
    )
    assert t.internal and t.party == "Party B"
    # Any member of Party B, an observer included, reads and writes in it.
    discussion.reply(db, OLGA, t.id, "Only with an exception.", now=T0)
    for member in (BEN, BEA, OLGA):
        assert discussion.get_thread(db, member, t.id).id == t.id
        assert discussion.thread_counts(db, member, s.version_id) == {
            "art-1": discussion.Count(1, 0)
        }
        assert [h.kind for h in search.search(db, member, "zebra")] == [search.TextKind.MESSAGE]
    for other in (ALICE, AMOS, CARL, ROOT, OPERATOR, ZED, ANONYMOUS):
        with pytest.raises(NotFound, match=r"^no such thread$"):
            discussion.get_thread(db, other, t.id)
        with pytest.raises(NotFound, match=r"^no such thread$"):
            discussion.reply(db, other, t.id, "Hello")
        with pytest.raises(NotFound, match=r"^no such thread$"):
            discussion.resolve(db, other, t.id)
        assert search.search(db, other, "zebra") == []
        if other not in (ZED, ANONYMOUS):
            assert discussion.list_threads(db, other, s.version_id) == []
            assert discussion.thread_counts(db, other, s.version_id) == {}


def test_mentions_name_members_who_can_read_the_thread(db: Database) -> None:
    s = build(db)
    t = discussion.start_thread(
        db, BEN, s.version_id, "art-1", "@bea and @carl: see this. Mail ana@example.org", now=T0
    )
    assert t.messages[0].mentions == ("bea", "carl")
    with db.reading() as session:
        carl = session.scalar(select(UserRow).where(UserRow.username == "carl"))
        assert carl is not None
        found = discussion.mentions_of(session, carl.id)
        assert [(m.thread_id, m.author) for m in found] == [(t.id, "ben")]
        assert discussion.mentions_of(session, carl.id, since=T0 + timedelta(1)) == []
    inside = discussion.start_thread(db, BEN, s.version_id, "art-1", "Ask @bea.", internal=True)
    assert inside.messages[0].mentions == ("bea",)
    before = _counts(db)
    # Another party's member cannot be mentioned in an internal thread; an unknown name and
    # a user in no party are refused in the same words; nothing is saved.
    for name in ("carl", "nobody", "zed"):
        with pytest.raises(ValidationError) as refused:
            discussion.reply(db, BEN, inside.id, f"And @{name}?")
        assert refused.value.problems[0].message == (
            f"@{name} is not a member of its party who can read this thread"
        )
    with pytest.raises(ValidationError, match="cannot be posted"):
        discussion.start_thread(db, BEN, s.version_id, "art-1", "Hi @zed")
    assert _counts(db) == before


def test_bad_input_is_refused_and_changes_nothing(db: Database) -> None:
    s = build(db)
    for body in ("", "   \n ", "x" * 20_001, "NUL \x00 here"):
        with pytest.raises(ValidationError):
            discussion.start_thread(db, BEN, s.version_id, "art-1", body)
    with pytest.raises(NotFound, match=r"^no such provision$"):
        discussion.start_thread(db, BEN, s.version_id, "art-99", "Hello")
    with pytest.raises(NotFound):
        discussion.start_thread(db, BEN, 987654, "art-1", "Hello")
    with pytest.raises(PermissionDenied):
        discussion.start_thread(db, BEN, s.version_id, "art-1", "Hello", party="Party A")
    with pytest.raises(PermissionDenied):
        discussion.start_thread(db, OPERATOR, s.version_id, "art-1", "Hello")
    assert _counts(db) == (0, 0, 0)


def test_resolve_and_reopen(db: Database) -> None:
    s = build(db)
    t = discussion.start_thread(db, BEN, s.version_id, "art-3", "Entry into force?", now=T0)
    done = discussion.resolve(db, ALICE, t.id, now=T0 + timedelta(hours=1))
    assert done.status is ThreadStatus.RESOLVED and done.resolved_by == "alice"
    assert done.resolved_at == T0 + timedelta(hours=1)
    with pytest.raises(Conflict, match="already resolved"):
        discussion.resolve(db, BEN, t.id)
    assert discussion.thread_counts(db, CARL, s.version_id) == {"art-3": discussion.Count(0, 1)}
    assert discussion.list_threads(db, CARL, s.version_id, status=ThreadStatus.OPEN) == []
    again = discussion.reopen(db, CARL, t.id)
    assert again.status is ThreadStatus.OPEN and again.resolved_by is None
    with pytest.raises(Conflict, match="already open"):
        discussion.reopen(db, CARL, t.id)


def test_a_thread_follows_its_provision_into_a_derived_version(db: Database) -> None:
    s = build(db)
    t = discussion.start_thread(db, BEN, s.version_id, "art-3", "Dates?", now=T0)
    derived = derivation.derive_version(db, AMOS, s.version_id, [Choice("art-1", Action.DELETE)])
    found = discussion.list_threads(db, CARL, derived.id)
    assert [(x.id, x.key, x.version_id) for x in found] == [(t.id, "art-3", s.version_id)]
    # and back: a thread started on the new version shows on the old one
    back = discussion.start_thread(db, CARL, derived.id, "art-2", "Two?", now=T0)
    keys = {x.id: x.key for x in discussion.list_threads(db, CARL, s.version_id)}
    assert keys == {t.id: "art-3", back.id: "art-2"}
    assert discussion.list_threads(db, CARL, derived.id, key="art-2")[0].id == back.id


def test_a_thread_follows_a_renumbered_provision_of_an_imported_version(db: Database) -> None:
    s = build(db)
    t = discussion.start_thread(db, BEN, s.version_id, "art-2", "Why more?", now=T0)
    other = discussion.start_thread(db, BEN, s.version_id, "art-1", "Purpose?", now=T0)
    inserted = Provision(
        "art-2", ProvisionKind.ARTICLE, "Article 2", "2", "New", "Something else entirely."
    )
    renumbered = [
        PROVISIONS[0],
        PROVISIONS[1],
        PROVISIONS[2],
        inserted,
        Provision("art-3", ProvisionKind.ARTICLE, "Article 3", "3", "", "Two.\n\nMore.", "part-1"),
        Provision("art-4", ProvisionKind.ARTICLE, "Article 4", "4", "Entry", "Three.", "part-1"),
    ]
    with db.reading() as session:
        doc = session.get_one(ThreadRow, t.id).version.document.slug
    counter = documents.table_version(
        db,
        BEN,
        s.negotiation,
        "Party B",
        ParsedDocument("Agreement on testing", tuple(renumbered)),
        document=doc,
        baseline_id=s.version_id,
        now=T0,
    )
    keys = {x.id: x.key for x in discussion.list_threads(db, CARL, counter.id)}
    assert keys == {t.id: "art-3", other.id: "art-1"}
    assert discussion.thread_counts(db, CARL, counter.id) == {
        "art-1": discussion.Count(1, 0),
        "art-3": discussion.Count(1, 0),
    }


def test_migration_0017_goes_down_and_up_again_with_its_search_index(db: Database) -> None:
    from alembic import command

    from inwriting.storage.engine import alembic_config

    s = build(db)
    head = db.current_revision()
    with db.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0016")
    assert db.current_revision() == "0016"
    db.upgrade()
    assert db.current_revision() == head
    discussion.start_thread(db, BEN, s.version_id, "art-1", "The yodel clause", now=T0)
    assert [h.kind for h in search.search(db, BEN, "yodel")] == [search.TextKind.MESSAGE]
