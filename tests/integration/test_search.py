"""Search (services/search.py) on both engines over the demo, role by role: a hit never comes
from a text the actor may not read, and a word only in a private draft is found by the
drafting party's members and by no one else."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator

import pytest

from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.domain.negotiations import Role, Visibility
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.errors import NotFound
from inwriting.services import documents, negotiations, parties, responses, users
from inwriting.services.actors import ANONYMOUS, OPERATOR, Actor
from inwriting.services.demo import CORVINIA, SLUG, load_demo
from inwriting.services.search import Hit, TextKind, search
from inwriting.storage.engine import Database
from tests.conftest import _pg_admin, _pg_url
from tests.integration.builders import T0

SECRET = "quillback"  # only in Corvinia's draft
PUBLIC_WORD = "moorland"  # only in a public negotiation
DRAFTERS = ("cleo", "cato", "oskar")  # Corvinia: drafter, principal, observer
OTHERS = ("aron", "ana", "britt", "bo")  # Aldavia and Brenmark
OUTSIDER, ADMIN = "olaf", "ada"


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """The demo, a private draft of Corvinia's, an outsider, an administrator who is no
    member, and a public negotiation: built once per engine (the demo hashes passwords)."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("search") / "search.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        db = Database(f"sqlite:///{path}")
        name = ""
    else:
        name = f"inwriting_t_{uuid.uuid4().hex[:10]}"
        _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{request.getfixturevalue("pg_template")}"')
        db = Database(_pg_url(name))
    demo = load_demo(db)
    article = documents.get_version(db, OPERATOR, demo.version_id).provisions[1].key
    secret = Position(PositionKind.REJECT, article, reason=f"The {SECRET} clause is unworkable.")
    responses.save_draft(
        db, Actor("cleo"), demo.version_id, ResponseContent(CORVINIA, positions=(secret,))
    )
    users.create_user(db, OPERATOR, OUTSIDER, "Olaf Outside", now=T0)
    users.create_user(db, OPERATOR, ADMIN, "Ada Admin", now=T0, is_admin=True)
    negotiations.create_negotiation(
        db, OPERATOR, "Open talks", slug="open", visibility=Visibility.PUBLIC, now=T0
    )
    parties.add_party(db, OPERATOR, "open", "Moor Party", now=T0)
    users.create_user(db, OPERATOR, "mo", "Mo", now=T0)
    parties.add_member(db, OPERATOR, "open", "Moor Party", "mo", Role.DRAFTER, now=T0)
    shared = Provision(
        "art-1", ProvisionKind.ARTICLE, "Article 1", "1", "", f"The {PUBLIC_WORD} is shared."
    )
    moor = ParsedDocument("Moor agreement", (shared,))
    documents.table_version(db, Actor("mo"), "open", "Moor Party", moor, label="Moor draft", now=T0)
    yield db
    db.dispose()
    if name:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def who(name: str) -> Actor:
    return {"anonymous": ANONYMOUS, "operator": OPERATOR}.get(name, Actor(name))


def negotiations_of(hits: list[Hit]) -> set[str]:
    return {h.negotiation for h in hits}


@pytest.mark.parametrize("name", DRAFTERS)
def test_the_drafting_partys_members_find_their_draft(demo: Database, name: str) -> None:
    (hit,) = search(demo, who(name), SECRET)
    assert (hit.kind, hit.status, hit.party) == (TextKind.REASON, "draft", CORVINIA)
    assert [s.text for s in hit.snippet if s.matched] == [SECRET]
    assert hit.path.startswith(f"/negotiations/{SLUG}/versions/") and hit.provision_key


@pytest.mark.parametrize("name", [*OTHERS, OUTSIDER, ADMIN, "operator", "anonymous"])
def test_no_one_else_finds_a_word_of_a_private_draft(demo: Database, name: str) -> None:
    assert search(demo, who(name), SECRET) == []
    assert search(demo, who(name), f"{SECRET} clause") == []


@pytest.mark.parametrize("name", [*DRAFTERS, *OTHERS, ADMIN, "operator"])
def test_participants_find_tabled_texts_submitted_reasons_and_commitments(
    demo: Database, name: str
) -> None:
    kinds = {h.kind for h in search(demo, who(name), "equitable", negotiation=SLUG)}
    assert TextKind.PROVISION in kinds
    reasons = search(demo, who(name), "quarterly data")  # Brenmark's submitted response
    assert {(h.kind, h.status) for h in reasons} == {(TextKind.REASON, "submitted")}
    promises = search(demo, who(name), "gauge readings")
    assert [h.kind for h in promises] == [TextKind.COMMITMENT]
    assert promises[0].path == f"/negotiations/{SLUG}/commitments/{promises[0].commitment_id}"


@pytest.mark.parametrize("name", [OUTSIDER, "anonymous"])
def test_outsiders_find_nothing_of_a_private_negotiation(demo: Database, name: str) -> None:
    for query in ("equitable", "quarterly data", "gauge readings", "Lysra", "Article"):
        assert SLUG not in negotiations_of(search(demo, who(name), query))
    with pytest.raises(NotFound) as refused:
        search(demo, who(name), "Lysra", negotiation=SLUG)
    assert SLUG not in str(refused.value)


@pytest.mark.parametrize("name", [OUTSIDER, "anonymous", "cleo", "operator"])
def test_anyone_finds_a_public_negotiations_texts(demo: Database, name: str) -> None:
    (hit,) = search(demo, who(name), PUBLIC_WORD.upper())
    assert (hit.negotiation, hit.kind, hit.version_label) == (
        "open",
        TextKind.PROVISION,
        "Moor draft",
    )


HOSTILE = [
    f'"{SECRET}',
    f'{SECRET}"',
    f"{SECRET}*",
    f"-{SECRET}",
    f"({SECRET})",
    f"{SECRET} AND",
    f"NEAR({SECRET})",
    f"{SECRET}\x00",
    f"{SECRET}:",
    f"^{SECRET}",
    f"reason:{SECRET}",
    f"{SECRET} ' OR 1=1 --",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_plain_words(demo: Database, query: str) -> None:
    found = search(demo, Actor("cleo"), query)
    assert all(h.status == "draft" for h in found)
    assert search(demo, Actor("aron"), query) == []


@pytest.mark.parametrize(
    "query",
    ['"', "*", "-", "()", "NEAR", "AND OR NOT", "\x00", "", "   ", "x" * 10_000, "a " * 5_000],
)
def test_queries_without_words_or_too_long_are_refused_by_no_engine(
    demo: Database, query: str
) -> None:
    search(demo, Actor("cleo"), query)  # no exception from either engine


def test_a_draft_rewritten_leaves_nothing_behind(demo: Database) -> None:
    """The index follows the rows in the same transaction: a word removed from a draft is
    no longer found, a word added is, and a submitted answer is found by every party."""
    version = documents.get_version(demo, OPERATOR, 1)
    key = version.provisions[2].key
    draft = ResponseContent(
        "Kingdom of Brenmark", positions=(Position(PositionKind.REJECT, key, reason="zephyrine"),)
    )
    responses.save_draft(demo, Actor("britt"), version.version.id, draft)
    assert len(search(demo, Actor("bo"), "zephyrine")) == 1
    assert search(demo, Actor("cleo"), "zephyrine") == []
    draft = ResponseContent(
        "Kingdom of Brenmark", positions=(Position(PositionKind.REJECT, key, reason="marlinspike"),)
    )
    responses.save_draft(demo, Actor("britt"), version.version.id, draft)
    assert search(demo, Actor("bo"), "zephyrine") == []
    assert len(search(demo, Actor("bo"), "marlinspike")) == 1


def test_limit_and_negotiation_narrow_the_hits(demo: Database) -> None:
    assert len(search(demo, Actor("aron"), "the", limit=3)) == 3
    assert negotiations_of(search(demo, Actor("cleo"), "the", negotiation="open")) == {"open"}
    assert search(demo, Actor("aron"), "the", limit=0) == []
