"""A small negotiation built through the services, for integration tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.domain.negotiations import Role, Visibility
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.services import documents, negotiations, parties, users
from inwriting.services.actors import OPERATOR, Actor
from inwriting.storage.engine import Database

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

PROVISIONS = (
    Provision("preamble", ProvisionKind.PREAMBLE, "Preamble", "", "", "The Parties agree."),
    Provision("part-1", ProvisionKind.GROUP, "Part I", "1", "General", ""),
    Provision("art-1", ProvisionKind.ARTICLE, "Article 1", "1", "Purpose", "One.", "part-1"),
    Provision("art-2", ProvisionKind.ARTICLE, "Article 2", "2", "", "Two.\n\nMore.", "part-1"),
    Provision("art-3", ProvisionKind.ARTICLE, "Article 3", "3", "Entry", "Three.", "part-1"),
)
DRAFT = ParsedDocument("Agreement on testing", PROVISIONS)

ALICE = Actor("alice")  # Party A principal
AMOS = Actor("amos")  # Party A drafter
BEN = Actor("ben")  # Party B drafter
BEA = Actor("bea")  # Party B principal
BORIS = Actor("boris")  # Party B principal
OLGA = Actor("olga")  # Party B observer
CARL = Actor("carl")  # Party C principal
ZED = Actor("zed")  # takes part in nothing


@dataclass(frozen=True)
class Setup:
    negotiation: str
    version_id: int


def build(
    db: Database, *, b_requires_approval: bool = False, visibility: Visibility = Visibility.PRIVATE
) -> Setup:
    for name in ("alice", "amos", "ben", "bea", "boris", "olga", "carl", "zed"):
        users.create_user(db, OPERATOR, name, name.title(), now=T0)
    neg = negotiations.create_negotiation(
        db, OPERATOR, "Test talks", visibility=visibility, now=T0
    ).slug
    parties.add_party(db, OPERATOR, neg, "Party A", now=T0)
    parties.add_party(db, OPERATOR, neg, "Party B", requires_approval=b_requires_approval, now=T0)
    parties.add_party(db, OPERATOR, neg, "Party C", now=T0)
    for party, user, role in (
        ("Party A", "alice", Role.PRINCIPAL),
        ("Party A", "amos", Role.DRAFTER),
        ("Party B", "ben", Role.DRAFTER),
        ("Party B", "bea", Role.PRINCIPAL),
        ("Party B", "boris", Role.PRINCIPAL),
        ("Party B", "olga", Role.OBSERVER),
        ("Party C", "carl", Role.PRINCIPAL),
    ):
        parties.add_member(db, OPERATOR, neg, party, user, role, now=T0)
    version = documents.table_version(db, AMOS, neg, "Party A", DRAFT, now=T0)
    return Setup(neg, version.id)


def full_answer(party: str = "Party B", **overrides: Position) -> ResponseContent:
    """A complete formal answer: accept everything unless a key is overridden."""
    positions = [
        overrides.get(key.replace("-", "_"), Position(PositionKind.ACCEPT, provision=key))
        for key in ("preamble", "art-1", "art-2", "art-3")
    ]
    return ResponseContent(party=party, cover_note="Our answer.", positions=tuple(positions))
