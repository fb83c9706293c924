"""Load the demo negotiation: three parties, a ten-article draft, one complete response,
one overdue request. Times are set relative to ``now`` so the demo always shows an answer
given in time and a deadline that has passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources

from inwriting.domain.commitments import CommitmentStatus, Evidence, Source, SourceKind
from inwriting.domain.negotiations import Role, Visibility
from inwriting.errors import Conflict
from inwriting.formats import parse_document
from inwriting.formats.responses.files import read_response
from inwriting.services import (
    accounts,
    commitments,
    documents,
    negotiations,
    parties,
    requests,
    responses,
    users,
)
from inwriting.services.actors import OPERATOR, Actor, now_or
from inwriting.storage import queries
from inwriting.storage.engine import Database

SLUG = "lysra-basin"
DEMO_PASSWORD = "lysra-demo"  # noqa: S105 - the demo's published password, printed by `make run`
ALDAVIA, BRENMARK, CORVINIA = (
    "Republic of Aldavia",
    "Kingdom of Brenmark",
    "Federal Republic of Corvinia",
)
# Reserved for examples (RFC 2606): mail sent there reaches no one.
DEMO_MAIL_DOMAIN = "example.org"
# (username, display name, party, role): one account per party and role.
ACCOUNTS = (
    ("ana", "Ana Varga", ALDAVIA, Role.PRINCIPAL),
    ("aron", "Aron Lind", ALDAVIA, Role.DRAFTER),
    ("bo", "Bo Hallström", BRENMARK, Role.PRINCIPAL),
    ("britt", "Britt Nyqvist", BRENMARK, Role.DRAFTER),
    ("cato", "Cato Marin", CORVINIA, Role.PRINCIPAL),
    ("cleo", "Cleo Ferrand", CORVINIA, Role.DRAFTER),
    ("oskar", "Oskar Weil", CORVINIA, Role.OBSERVER),
)


@dataclass(frozen=True)
class Demo:
    negotiation: str
    version_id: int
    response_id: int
    accounts: tuple[tuple[str, str, str, str], ...]  # username, name, party, role


def load_demo(db: Database, *, now: datetime | None = None, public: bool = False) -> Demo:
    """Create the demo negotiation (private unless ``public``). Refused (``Conflict``) if it
    is already there."""
    now = now_or(now)
    with db.reading() as session:
        if queries.find_user(session, "ana") is not None:
            raise Conflict(f"the demo is already loaded (negotiation {SLUG!r})")
    start = now - timedelta(days=40)
    for username, name, _, _ in ACCOUNTS:
        email = f"{username}@{DEMO_MAIL_DOMAIN}"
        users.create_user(db, OPERATOR, username, name, email=email, now=start)
        accounts.set_password(db, OPERATOR, username, DEMO_PASSWORD, now=start)
    title = "Agreement on the Joint Management of the Lysra River Basin"
    negotiations.create_negotiation(
        db,
        OPERATOR,
        title,
        slug=SLUG,
        now=start,
        visibility=Visibility.PUBLIC if public else Visibility.PRIVATE,
    )
    for party in (ALDAVIA, BRENMARK, CORVINIA):
        parties.add_party(db, OPERATOR, SLUG, party, requires_approval=party == BRENMARK, now=start)
    for username, _, party, role in ACCOUNTS:
        parties.add_member(db, OPERATOR, SLUG, party, username, role, now=start)

    text = resources.files("inwriting.demo").joinpath("draft.md").read_text("utf-8")
    parsed = parse_document(text, format="markdown", source="draft.md")
    version = documents.table_version(
        db,
        Actor("aron"),
        SLUG,
        ALDAVIA,
        parsed,
        label="Aldavian draft",
        now=start,
        source_name="draft.md",
    )
    requests.create_request(
        db,
        Actor("ana"),
        version.id,
        ALDAVIA,
        [BRENMARK, CORVINIA],
        now - timedelta(days=9),
        note="Please answer every article in writing.",
        now=start + timedelta(hours=1),
    )
    answer = resources.files("inwriting.demo").joinpath("response-brenmark.yaml")
    draft = read_response(answer.read_text("utf-8"), source=answer.name).content
    saved = responses.save_draft(
        db, Actor("britt"), version.id, draft, now=now - timedelta(days=14)
    )
    responses.approve_response(db, Actor("bo"), saved.id, now=now - timedelta(days=13))
    responses.submit_response(db, Actor("bo"), saved.id, now=now - timedelta(days=13))
    _promises(db, start, now)
    commitments.sweep_deadlines(db, now=now)  # Corvinia's deadline passed: put it on record
    return Demo(
        negotiation=SLUG,
        version_id=version.id,
        response_id=saved.id,
        accounts=tuple((u, n, p, r.value) for u, n, p, r in ACCOUNTS),
    )


def _promises(db: Database, start: datetime, now: datetime) -> None:
    """Three promises beside the deadlines: one in the works, one kept, one disputed."""
    counter = commitments.record_commitment(
        db,
        Actor("aron"),
        SLUG,
        BRENMARK,
        "Table a counter-proposal on planned measures (Article 8), with a twelve-month period.",
        Source(
            SourceKind.RESPONSE,
            "Brenmark's written response to the Aldavian draft, position on Article 8",
            "Brenmark will table a counter-proposal on planned measures, with a period of "
            "twelve months.",
        ),
        made_at=now - timedelta(days=13),
        to=[ALDAVIA],
        due_at=now + timedelta(days=20),
        now=now - timedelta(days=12),
    )
    commitments.change_status(
        db,
        Actor("bo"),
        counter.id,
        CommitmentStatus.IN_THE_WORKS,
        "Brenmark's drafters circulated an outline at the second round.",
        Evidence(citation="Summary record of the second round, item 3"),
        now=now - timedelta(days=5),
    )
    data = commitments.record_commitment(
        db,
        Actor("ana"),
        SLUG,
        CORVINIA,
        "Share the daily gauge readings of the Corvinian stations for 2020-2025.",
        Source(
            SourceKind.MEETING,
            "First round, Tervan, opening statement of Corvinia",
            "Corvinia will share its gauge data for the last five years before the next round.",
        ),
        made_at=start + timedelta(days=2),
        to=[],
        due_at=start + timedelta(days=20),
        now=start + timedelta(days=2),
    )
    commitments.change_status(
        db,
        Actor("ana"),
        data.id,
        CommitmentStatus.KEPT,
        "The data arrived through the Commission.",
        Evidence(citation="Letter of the Corvinian hydrological service, ref. HS/114"),
        now=start + timedelta(days=18),
    )
    dam = commitments.record_commitment(
        db,
        Actor("cleo"),
        SLUG,
        ALDAVIA,
        "Not to begin construction of the Upper Lysra dam while these talks continue.",
        Source(
            SourceKind.PUBLIC_STATEMENT,
            "Press conference of the Aldavian foreign minister",
            "Aldavia will not begin construction on the Lysra while we are talking.",
            "https://example.org/aldavia/press/lysra",
        ),
        made_at=start + timedelta(days=1),
        to=[CORVINIA, BRENMARK],
        now=start + timedelta(days=3),
    )
    commitments.dispute(
        db,
        Actor("ana"),
        dam.id,
        ALDAVIA,
        "Aldavia undertook not to commission new works. The Upper Lysra dam was commissioned "
        "in 2024 and is not covered by the statement.",
        Evidence(citation="Verbatim transcript of the press conference, answer to question 4"),
        now=start + timedelta(days=6),
    )
