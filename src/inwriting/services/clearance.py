"""Clearance chains: configuring them, and clearing a party's pending outgoing texts.

The rules are pure (:mod:`inwriting.domain.clearance`); this module keeps them on the
database. A party with no chain configured keeps the one-step approval of
:mod:`inwriting.services.responses` and tables versions at once. With a chain, a response, a
version to table and a derived version stay pending until every step is cleared in order;
:mod:`responses` and :mod:`version_drafts` send them on the last clearance.

Each clearance is a record entry (``clearance_given``) that names no actor and no text: it
commits to the text's digest, the step, and a salted hash of the clearer's username
(``storage.conversions.clearance_content``), opened to the party's own members only. An edit
withdraws the later clearances (``withdrawn_at``); nothing is ever deleted, so the pending
text's history shows every clearance and every withdrawal.

The session-level helpers (``steps_of``, ``give``, ``withdraw_after_edit``...) run in the
caller's transaction; the functions taking a ``Database`` are use cases of their own.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from inwriting.domain.clearance import (
    Given,
    Progress,
    Step,
    StepState,
    current_step,
    progress,
    refusal,
    validate_chain,
    withdrawn_from,
)
from inwriting.domain.digests import version_digest
from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.domain.events import SALT_BYTES, Event, EventType
from inwriting.domain.negotiations import Role
from inwriting.domain.notifications import NotificationKind
from inwriting.domain.responses import UNSENT, validate_response
from inwriting.errors import NotFound, PermissionDenied, ValidationError, missing
from inwriting.services.actors import Actor, acting_user, is_member_of, now_or, require_role
from inwriting.services.notifications import notify
from inwriting.services.record import append_event
from inwriting.storage import queries
from inwriting.storage.conversions import clearance_digest, draft_from_row, provision_from_row
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    ClearanceRow,
    ClearanceStepMemberRow,
    ClearanceStepRow,
    MemberRow,
    PartyRow,
    ResponseRow,
    UserRow,
    VersionDraftAuthorRow,
    VersionDraftRow,
)

SubjectKind = Literal["response", "version_draft"]


@dataclass(frozen=True)
class Chain:
    negotiation: str
    party: str
    steps: tuple[Step, ...]  # empty: none configured (one-step approval of responses)


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a pending text's clearance history."""

    what: Literal["cleared", "withdrawn"]
    step: str
    username: str  # who cleared (for a withdrawal: whose clearance)
    at: datetime
    text_sha256: str
    by: str | None = None  # for a withdrawal: whose edit withdrew it
    record_index: int | None = None


@dataclass(frozen=True)
class Status:
    """Where a pending text stands in its party's chain, as one of its members sees it."""

    subject: SubjectKind
    subject_id: int
    party: str
    steps: tuple[Progress, ...]
    history: tuple[HistoryEntry, ...]
    may_clear: bool  # whether the member asking may clear the current step now
    why_not: str | None  # if not, why

    @property
    def current(self) -> Progress | None:
        return next((p for p in self.steps if p.state is StepState.CURRENT), None)


@dataclass(frozen=True)
class PendingVersion:
    """A version (or derived version) waiting for its party's clearances before tabling."""

    id: int
    negotiation: str
    party: str
    document: str | None  # its slug; None for a new document
    label: str
    title: str
    baseline_id: int | None
    derived: bool
    content_sha256: str
    created_by: str
    version_id: int | None  # the tabled version, once cleared
    provisions: tuple[Provision, ...]


@dataclass(frozen=True)
class Awaiting:
    """A pending text whose current step the user may clear: what a notification links to."""

    subject: SubjectKind
    subject_id: int
    negotiation: str
    party: str
    step: str
    title: str
    path: str  # the page of the text, relative to the site's root


# -- configuring ---------------------------------------------------------------------------


def set_chain(
    db: Database,
    actor: Actor,
    negotiation: str,
    party: str,
    steps: Sequence[Step],
    *,
    now: datetime | None = None,
) -> Chain:
    """Replace ``party``'s chain by ``steps`` (none: back to the one-step approval). A
    principal of the party sets it; refused, with every problem, unless each step can be
    cleared by enough of its members."""
    when = now_or(now)
    with db.transaction() as session:
        party_row = _own_party(session, actor, negotiation, party)
        neg = party_row.negotiation
        require_role(session, actor, party_row, Role.PRINCIPAL)
        members = {m.user.username: m.role for m in party_row.members}
        cleaned = [
            Step(" ".join(s.name.split()), s.required, s.role, tuple(s.members)) for s in steps
        ]
        problems = validate_chain(cleaned, members)
        if problems:
            raise ValidationError("the clearance chain cannot be set", problems)
        for old in _step_rows(session, party_row):
            session.delete(old)
        session.flush()
        users = {m.user.username: m.user_id for m in party_row.members}
        for ordinal, step in enumerate(cleaned):
            row = ClearanceStepRow(
                party_id=party_row.id,
                ordinal=ordinal,
                name=step.name,
                role=step.role,
                required=step.required,
                created_at=when,
            )
            row.members.extend(ClearanceStepMemberRow(user_id=users[m]) for m in step.members)
            session.add(row)
        session.flush()
        return Chain(neg.slug, party_row.name, tuple(cleaned))


def get_chain(db: Database, actor: Actor, negotiation: str, party: str) -> Chain:
    """The party's chain, for its own members only (others: as if it had none to show)."""
    with db.reading() as session:
        party_row = _own_party(session, actor, negotiation, party)
        steps = tuple(steps_of(session, party_row))
        return Chain(party_row.negotiation.slug, party_row.name, steps)


def _own_party(session: Session, actor: Actor, negotiation: str, party: str) -> PartyRow:
    """The party, if ``actor`` is one of its members. A party's internal review is its own
    business: to anyone else, a chain of a party, of a party that does not exist and of a
    negotiation they may not read all answer the same."""
    try:
        neg = queries.get_negotiation(session, negotiation)
    except NotFound:
        raise missing("clearance chain") from None
    found = queries.find_party(session, neg, party)
    if found is None or not is_member_of(session, found, actor):
        raise missing("clearance chain")
    return found


def _step_rows(session: Session, party: PartyRow) -> list[ClearanceStepRow]:
    query = select(ClearanceStepRow).where(ClearanceStepRow.party_id == party.id)
    return list(session.scalars(query.order_by(ClearanceStepRow.ordinal)))


def steps_of(session: Session, party: PartyRow) -> list[Step]:
    """The party's chain ([] when it configured none)."""
    rows = _step_rows(session, party)
    if not rows:  # most parties: no chain, so no members to load (every save asks)
        return []
    users = {m.user_id: m.user.username for m in party.members}
    return [
        Step(r.name, r.required, r.role, tuple(users[m.user_id] for m in r.members)) for r in rows
    ]


# -- clearing, in the caller's transaction ---------------------------------------------------


def _subject_filter(kind: SubjectKind, subject_id: int) -> ColumnElement[bool]:
    if kind == "response":
        return ClearanceRow.response_id == subject_id
    return ClearanceRow.version_draft_id == subject_id


def clearance_rows(session: Session, kind: SubjectKind, subject_id: int) -> list[ClearanceRow]:
    """Every clearance given to the text, withdrawn or not, oldest first."""
    query = select(ClearanceRow).where(_subject_filter(kind, subject_id))
    return list(session.scalars(query.order_by(ClearanceRow.id)))


def standing(steps: Sequence[Step], rows: Sequence[ClearanceRow]) -> list[Given]:
    """The clearances that count: not withdrawn, given at a step that is still the same
    (same place, same name) in the chain as configured now."""
    names = {index: step.name for index, step in enumerate(steps)}
    return [
        Given(r.step, r.user.username)
        for r in rows
        if r.withdrawn_at is None and names.get(r.step) == r.step_name
    ]


def member_role(session: Session, party: PartyRow, user: UserRow) -> Role | None:
    member = queries.find_member(session, party, user)
    return None if member is None else member.role


def give(
    session: Session,
    party: PartyRow,
    user: UserRow,
    kind: SubjectKind,
    subject_id: int,
    authors: Sequence[str],
    text_sha256: str,
    when: datetime,
) -> bool:
    """Clear the current step of the text for ``user`` (refused with the reason if they may
    not), recording it; returns whether every step is now cleared."""
    steps = steps_of(session, party)
    rows = clearance_rows(session, kind, subject_id)
    given = standing(steps, rows)
    reason = refusal(steps, given, user.username, member_role(session, party, user), authors)
    if reason is not None:
        raise PermissionDenied(reason)
    index = current_step(steps, given)
    assert index is not None  # refusal() said a step is open
    row = ClearanceRow(
        party_id=party.id,
        response_id=subject_id if kind == "response" else None,
        version_draft_id=subject_id if kind == "version_draft" else None,
        step=index,
        step_name=steps[index].name,
        user_id=user.id,
        user=user,
        clearer_salt=secrets.token_bytes(SALT_BYTES),
        text_sha256=text_sha256,
        cleared_at=when,
    )
    session.add(row)
    session.flush()
    event = Event(
        EventType.CLEARANCE_GIVEN,
        when,
        None,  # the clearer stays inside the commitment: no member id in the public entry
        party.negotiation_id,
        party.id,
        {"clearance": row.id},
        clearance_digest(row),
    )
    append_event(session, event, ("clearance", row.id))
    done = current_step(steps, [*given, Given(index, user.username)]) is None
    if not done:
        notify_awaiting(session, party, when)
    return done


def notify_awaiting(session: Session, party: PartyRow, when: datetime) -> None:
    """Tell each member of ``party`` who may clear a pending text's current step that it
    waits for them: once per step reached (a repeated call tells nobody twice)."""
    if not _step_rows(session, party):  # no chain: nothing of this party awaits clearance
        return
    for member in party.members:
        for waiting in awaiting_clearance(session, member.user_id):
            if waiting.party != party.name:
                continue
            reached = len(clearance_rows(session, waiting.subject, waiting.subject_id))
            notify(
                session,
                member.user_id,
                NotificationKind.AWAITING_CLEARANCE,
                f"{waiting.subject}:{waiting.subject_id}",
                f"step:{waiting.step}:{reached}",
                f"“{waiting.title}” of {party.name} waits for your clearance "
                f"(step “{waiting.step}”)",
                waiting.path,
                when,
                negotiation_id=party.negotiation_id,
            )


def withdraw_after_edit(
    session: Session,
    party: PartyRow,
    editor: UserRow,
    kind: SubjectKind,
    subject_id: int,
    when: datetime,
) -> int:
    """An edit by ``editor`` withdraws the clearances of their own step and every later one
    (see :func:`inwriting.domain.clearance.withdrawn_from`); returns how many."""
    steps = steps_of(session, party)
    if not steps:
        return 0
    first = withdrawn_from(steps, editor.username, member_role(session, party, editor))
    count = 0
    for row in clearance_rows(session, kind, subject_id):
        if row.withdrawn_at is None and row.step >= first:
            row.withdrawn_at = when
            row.withdrawn_by_user_id = editor.id
            count += 1
    session.flush()
    return count


def status_of(
    session: Session,
    party: PartyRow,
    actor: Actor,
    kind: SubjectKind,
    subject_id: int,
    authors: Sequence[str],
) -> Status:
    """The chain's progress on the text and its history, and whether ``actor`` may clear."""
    steps = steps_of(session, party)
    rows = clearance_rows(session, kind, subject_id)
    given = standing(steps, rows)
    user = acting_user(session, actor)
    if user is None:
        why: str | None = f"act as a member of {party.name} (--as USER)"
    else:
        role = member_role(session, party, user)
        why = refusal(steps, given, user.username, role, authors)
    return Status(
        kind,
        subject_id,
        party.name,
        tuple(progress(steps, given)),
        tuple(_history(session, rows)),
        why is None,
        why,
    )


def _history(session: Session, rows: Sequence[ClearanceRow]) -> list[HistoryEntry]:
    events: list[HistoryEntry] = []
    for r in rows:
        index = queries.record_index(session, "clearance", r.id)
        events.append(
            HistoryEntry(
                "cleared", r.step_name, r.user.username, r.cleared_at, r.text_sha256, None, index
            )
        )
        if r.withdrawn_at is not None:
            by = r.withdrawn_by.username if r.withdrawn_by else None
            events.append(
                HistoryEntry(
                    "withdrawn", r.step_name, r.user.username, r.withdrawn_at, r.text_sha256, by
                )
            )
    return sorted(events, key=lambda e: e.at)


# -- pending versions, in the caller's transaction -------------------------------------------


def save_version_draft(
    session: Session,
    party: PartyRow,
    user: UserRow,
    parsed: ParsedDocument,
    *,
    document: str | None,
    label: str,
    baseline_id: int | None,
    source_name: str,
    when: datetime,
    language: str,
    derived: bool = False,
    adoptions: Sequence[dict[str, object]] = (),
) -> VersionDraftRow:
    """Keep ``parsed`` as a pending version of ``party`` until its chain is cleared."""
    if not parsed.answerable():
        raise ValidationError("the text has no answerable provision")
    neg = party.negotiation
    doc = queries.get_document(session, neg, document) if document is not None else None
    if baseline_id is not None:
        baseline = queries.get_version(session, baseline_id)
        if baseline.document.negotiation_id != neg.id:
            raise missing("version")
    row = VersionDraftRow(
        party=party,
        document=doc,
        baseline_id=baseline_id,
        derived=derived,
        label=label.strip(),
        source_name=source_name,
        language=language,
        created_by_user_id=user.id,
        created_at=when,
    )
    fill_version_draft(row, parsed, adoptions, when)
    row.authors.append(VersionDraftAuthorRow(user_id=user.id))
    session.add(row)
    session.flush()
    notify_awaiting(session, party, when)
    return row


def fill_version_draft(
    row: VersionDraftRow,
    parsed: ParsedDocument,
    adoptions: Sequence[dict[str, object]],
    when: datetime,
) -> None:
    row.title = parsed.title
    row.provisions = json.dumps([p.as_dict() for p in parsed.provisions], ensure_ascii=False)
    row.adoptions = json.dumps(list(adoptions))
    row.content_sha256 = version_digest(parsed.title, parsed.provisions)
    row.updated_at = when


def draft_provisions(row: VersionDraftRow) -> tuple[Provision, ...]:
    return tuple(
        Provision(
            key=p["key"],
            kind=ProvisionKind(p["kind"]),
            label=p["label"],
            number=p["number"],
            heading=p["heading"],
            text=p["text"],
            parent=p["parent"],
        )
        for p in json.loads(row.provisions)
    )


def draft_authors(row: VersionDraftRow, session: Session) -> list[str]:
    return [session.get_one(UserRow, a.user_id).username for a in row.authors]


def pending_version(row: VersionDraftRow) -> PendingVersion:
    return PendingVersion(
        id=row.id,
        negotiation=row.party.negotiation.slug,
        party=row.party.name,
        document=row.document.slug if row.document else None,
        label=row.label,
        title=row.title,
        baseline_id=row.baseline_id,
        derived=row.derived,
        content_sha256=row.content_sha256,
        created_by=row.created_by.username,
        version_id=row.version_id,
        provisions=draft_provisions(row),
    )


# -- what awaits a user --------------------------------------------------------------------


def awaiting_clearance(session: Session, user_id: int) -> list[Awaiting]:
    """The pending texts whose current step ``user_id`` may clear now (and wrote none of):
    for notifications ("a draft awaits your clearance") and the user's own lists. A response
    is listed once it is complete (answered and reasoned), as only then can it be cleared.
    Runs in the caller's session; reveals only texts of the user's own parties."""
    user = session.get(UserRow, user_id)
    if user is None:
        return []
    memberships = list(session.scalars(select(MemberRow).where(MemberRow.user_id == user_id)))
    found: list[Awaiting] = []
    for member in memberships:
        party = member.party
        steps = steps_of(session, party)
        if not steps:
            continue
        for kind, subject_id, title, path, authors in _pending_of(session, party):
            given = standing(steps, clearance_rows(session, kind, subject_id))
            if refusal(steps, given, user.username, member.role, authors) is None:
                index = current_step(steps, given)
                assert index is not None
                neg = party.negotiation.slug
                found.append(
                    Awaiting(kind, subject_id, neg, party.name, steps[index].name, title, path)
                )
    return found


def _pending_of(
    session: Session, party: PartyRow
) -> list[tuple[SubjectKind, int, str, str, list[str]]]:
    found: list[tuple[SubjectKind, int, str, str, list[str]]] = []
    responses = select(ResponseRow).where(
        ResponseRow.party_id == party.id, ResponseRow.status.in_(list(UNSENT))
    )
    for r in session.scalars(responses.order_by(ResponseRow.id)):
        provisions = [provision_from_row(p) for p in r.version.provisions]
        if validate_response(draft_from_row(r), provisions, resolved=True):
            continue  # work in progress: nobody may clear it yet
        authors = [session.get_one(UserRow, a.user_id).username for a in r.authors]
        title = f"Response of {party.name} to {r.version.label}"
        path = f"/negotiations/{party.negotiation.slug}/responses/{r.id}"
        found.append(("response", r.id, title, path, authors))
    drafts = select(VersionDraftRow).where(
        VersionDraftRow.party_id == party.id, VersionDraftRow.version_id.is_(None)
    )
    for d in session.scalars(drafts.order_by(VersionDraftRow.id)):
        title = d.label or d.title
        path = f"/negotiations/{party.negotiation.slug}/pending/{d.id}"
        found.append(("version_draft", d.id, title, path, draft_authors(d, session)))
    return found


def list_awaiting(db: Database, actor: Actor) -> list[Awaiting]:
    """:func:`awaiting_clearance` for the acting user, as a use case of its own."""
    with db.reading() as session:
        user = acting_user(session, actor)
        return [] if user is None else awaiting_clearance(session, user.id)
