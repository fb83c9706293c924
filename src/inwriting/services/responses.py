"""Responses: drafting, approving, submitting and superseding a party's written answer.

A draft is private to its party and can be rewritten at will. Submitting checks the rules of
DESIGN.md (complete, reasoned, approved where the party requires it) and refuses with the full
list of problems; once submitted, a response is never changed: a party answers again with a
new response that names (supersedes) the old one.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from inwriting.domain.digests import response_digest
from inwriting.domain.documents import Provision
from inwriting.domain.events import Event, EventType
from inwriting.domain.negotiations import Role
from inwriting.domain.responses import (
    SENT,
    UNSENT,
    Lacking,
    Position,
    ResponseContent,
    ResponseKind,
    ResponseStatus,
    coverage,
    lacking,
    resolve_positions,
    validate_response,
    wording_problems,
)
from inwriting.domain.statements import Action, Statement, statement_time
from inwriting.errors import Conflict, PermissionDenied, Problem, ValidationError, missing
from inwriting.services import clearance
from inwriting.services.actors import (
    Actor,
    is_member_of,
    now_or,
    require_read,
    require_role,
)
from inwriting.services.cache import StateCache
from inwriting.services.deadlines import settle_deadlines
from inwriting.services.notifications import on_answer, on_awaiting_clearance
from inwriting.services.party_keys import (
    Signing,
    accept_signature,
    requires_signatures,
    signing_key_name,
)
from inwriting.services.record import append_event
from inwriting.storage import queries
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    ApprovalSignatureRow,
    MemberRow,
    PartyRow,
    ResponseAuthorRow,
    ResponseRow,
    UserRow,
    VersionRow,
)
from inwriting.storage.record import unsigned_where_required

DRAFT, APPROVED = ResponseStatus.DRAFT, ResponseStatus.APPROVED
SUBMITTED, SUPERSEDED = ResponseStatus.SUBMITTED, ResponseStatus.SUPERSEDED


@dataclass(frozen=True)
class Response:
    id: int
    version_id: int
    party: str
    kind: ResponseKind
    status: ResponseStatus
    cover_note: str
    request_id: int | None
    supersedes_id: int | None
    drafted_by: str
    approved_by: str | None
    submitted_by: str | None
    submitted_at: datetime | None
    content_sha256: str | None
    record_index: int | None  # its entry in the record, once submitted
    signed_with: str | None  # the name of the party key that signed its submission
    approval_signed_with: str | None  # ... and its approval
    requires_signatures: bool  # its party requires its acts to be signed (now)
    unsigned: bool  # submitted without the signature its party then required: the host alone
    answered: int
    answerable: int
    content: ResponseContent
    problems: tuple[Problem, ...]  # what stands between this draft and submission
    # The version's languages, its own first; the positions whose proposed text is not
    # given in each of the others (allowed: said, never a problem that blocks submission).
    languages: tuple[str, ...] = ()
    lacking: tuple[Lacking, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.problems


def save_draft(
    db: Database,
    actor: Actor,
    version_id: int,
    draft: ResponseContent,
    *,
    now: datetime | None = None,
) -> Response:
    """Write ``draft`` as the party's open draft for the version, replacing any earlier one.

    Saving never refuses an incomplete draft (drafts are work in progress); the problems are
    returned with it. If the party already submitted a response, the draft supersedes it.
    """
    when = now_or(now)
    with db.transaction() as session:
        version = queries.get_version(session, version_id)
        party = queries.get_party(session, version.document.negotiation, draft.party)
        user = require_role(session, actor, party, Role.DRAFTER, Role.PRINCIPAL)
        provisions = _provisions(session, version)
        positions, _ = resolve_positions(draft.positions, provisions)
        _refuse_bad_wordings(version, positions)
        existing = queries.current_responses_of(session, version, party)
        row = next((r for r in existing if r.status in UNSENT), None)
        if row is None:
            sent = [r for r in existing if r.status == SUBMITTED]
            row = ResponseRow(
                version=version,
                party=party,
                supersedes_id=sent[-1].id if sent else None,
                created_at=when,
            )
            session.add(row)
        row.kind = draft.kind
        row.status = DRAFT  # any edit withdraws an approval
        row.cover_note = draft.cover_note.strip()
        row.drafted_by = user
        _add_author(row, user.id)
        row.approved_by = None
        row.approval_signature = None  # an edit voids the signed approval too
        row.approved_at = None
        row.updated_at = when
        session.flush()  # a new row gets its id
        queries.replace_positions(session, row, positions)
        stored = (
            Position(
                p.kind,
                p.provision,
                p.after,
                p.text,
                p.reason,
                p.exception,
                wordings=dict(sorted(p.wordings.items())),
            )
            for p in positions
        )
        content = _content(row, stored)  # as read back
        clearance.withdraw_after_edit(session, party, user, "response", row.id, when)
        clearance.notify_awaiting(session, party, when)  # a chain's: once complete
        saved = _response(session, row, provisions, content)
        if party.requires_approval and saved.complete:  # ready: it now awaits clearance
            digest = response_digest(version.content_sha256, content)
            on_awaiting_clearance(session, row, digest, when)
        return saved


def approve_response(
    db: Database,
    actor: Actor,
    response_id: int,
    *,
    signature: str | bytes | None = None,
    origin: str = "",
    now: datetime | None = None,
) -> Response:
    """A principal who wrote none of the draft (see :func:`_add_author`) approves it, complete,
    for submission; signed with their key (a signature file over :func:`statement_for`,
    ``origin`` being the record's) where given or where the party requires it.

    For a party with a clearance chain this clears the chain's current step instead, for a
    member that step admits who wrote none of the draft; the last clearance submits it (and
    its signature, over the submission's statement, is the submission's)."""
    when = now_or(now)
    with db.transaction() as session:
        row = _open_response(session, actor, response_id)
        provisions = _provisions(session, row.version)
        if clearance.steps_of(session, row.party):
            return _clear(session, actor, row, provisions, when, signature, origin)
        user = _require_approver(session, actor, row)
        content = _stored_content(session, row)
        problems = _submission_problems(session, row, provisions, content)
        if problems:
            raise ValidationError(_refusal("approved", problems), problems)
        expected = _statement(session, row, Action.RESPONSE_APPROVED, origin, when, content)
        signing = accept_signature(session, user, row.party, expected, signature, when)
        row.status = APPROVED
        row.approved_by = user
        row.approved_at = when
        row.approval_signature = (
            None
            if signing is None
            else ApprovalSignatureRow(
                signature=signing.signature, party_key_id=signing.key.id, signed_at=when
            )
        )
        session.flush()
        return _response(session, row, provisions, content)


def _clear(
    session: Session,
    actor: Actor,
    row: ResponseRow,
    provisions: tuple[Provision, ...],
    when: datetime,
    signature: str | bytes | None,
    origin: str,
) -> Response:
    """Clear the current step of ``row``'s chain (it must be complete to be cleared); the
    last clearance submits it, by the member who gave it, signed as a submission is."""
    user = require_role(session, actor, row.party, *Role)
    content = _stored_content(session, row)
    problems = _submission_problems(session, row, provisions, content)
    if problems:
        raise ValidationError(_refusal("cleared", problems), problems)
    authors = [session.get_one(UserRow, a.user_id).username for a in row.authors]
    digest = response_digest(row.version.content_sha256, content)
    if clearance.give(session, row.party, user, "response", row.id, authors, digest, when):
        expected = _statement(session, row, Action.RESPONSE_SUBMITTED, origin, when, content)
        signing = accept_signature(session, user, row.party, expected, signature, when)
        _submit(session, row, user, when, content, signing)
    return _response(session, row, provisions, content)


def statement_for(
    db: Database,
    actor: Actor,
    response_id: int,
    action: Action,
    origin: str,
    *,
    now: datetime | None = None,
) -> Statement:
    """What a member signs to approve or submit the draft as it is now: the digest its
    submission would put on the record. Any later edit of the draft changes the digest,
    so a signature over an older text is refused."""
    with db.reading() as session:
        row = _open_response(session, actor, response_id)
        if action is Action.RESPONSE_APPROVED and clearance.steps_of(session, row.party):
            # Clearing a chain's last step submits: what is signed is the submission.
            require_role(session, actor, row.party, *Role)
            return _statement(session, row, Action.RESPONSE_SUBMITTED, origin, now_or(now))
        check = _require_approver if action is Action.RESPONSE_APPROVED else _require_submitter
        check(session, actor, row)
        return _statement(session, row, action, origin, now_or(now))


def _statement(
    session: Session,
    row: ResponseRow,
    action: Action,
    origin: str,
    when: datetime,
    content: ResponseContent | None = None,
) -> Statement:
    """The statement of ``action`` on ``row``, over its stored content (``content``, when
    the caller has just read it from storage in this transaction)."""
    stored = _stored_content(session, row) if content is None else content
    digest = response_digest(row.version.content_sha256, stored)
    return Statement(
        record=origin or "-",
        action=action,
        negotiation=row.version.document.negotiation_id,
        party=row.party_id,
        about=("version", row.version_id),
        content_sha256=digest,
        time=statement_time(when),
    )


def submit_response(
    db: Database,
    actor: Actor,
    response_id: int,
    *,
    signature: str | bytes | None = None,
    origin: str = "",
    now: datetime | None = None,
) -> Response:
    """A principal sends the response. Refused, with every problem, unless it is complete;
    and unless signed (see :func:`approve_response`) where the party requires signatures."""
    when = now_or(now)
    with db.transaction() as session:
        row = _open_response(session, actor, response_id)
        user = _require_submitter(session, actor, row)
        provisions = _provisions(session, row.version)
        content = _stored_content(session, row)
        problems = _submission_problems(session, row, provisions, content)
        steps = clearance.steps_of(session, row.party)
        if steps:
            problems.append(_clearance_missing(row))
        elif row.party.requires_approval and row.status != APPROVED:
            problems.append(_approval_missing(row))
        if problems:
            raise _refused(problems)
        expected = _statement(session, row, Action.RESPONSE_SUBMITTED, origin, when, content)
        signing = accept_signature(session, user, row.party, expected, signature, when)
        _submit(session, row, user, when, content, signing)
        return _response(session, row, provisions, content)


def _submit(
    session: Session,
    row: ResponseRow,
    user: UserRow,
    when: datetime,
    content: ResponseContent,
    signing: Signing | None,
) -> None:
    """Send ``row`` (checked by the caller, ``content`` what it says) and record it, with
    the member's signature if any, in the caller's transaction."""
    requests = queries.requests_for(session, row.version, row.party)
    row.request_id = requests[-1].id if requests else None
    if row.supersedes_id is not None:
        old = queries.get_response(session, row.supersedes_id)
        old.status = SUPERSEDED
        old.updated_at = when
    row.status = SUBMITTED
    row.submitted_by = user
    row.submitted_at = when
    row.updated_at = when
    row.content_sha256 = response_digest(row.version.content_sha256, content)
    session.flush()
    index = append_event(
        session,
        _submitted(row, user.id, when),
        ("response", row.id),
        signature=signing.signature if signing else None,
        party_key_id=signing.key.id if signing else None,
    )
    settle_deadlines(session, row, index)
    on_answer(session, row, when)


@dataclass(frozen=True)
class Actions:
    """What an actor may do with a response now: the buttons a page offers them."""

    approve: bool
    submit: bool


def allowed_actions(db: Database, actor: Actor, response_id: int) -> Actions:
    """Whether :func:`approve_response` and :func:`submit_response` would let ``actor`` act
    on the response, by the very checks they make: a page asks here rather than restating
    the rules. A draft that is not ready is still offered; trying shows its problems."""
    with db.reading() as session:
        row = queries.get_response(session, response_id)
        _require_visible(session, actor, row)
        if row.status in SENT:
            return Actions(approve=False, submit=False)
        if clearance.steps_of(session, row.party):
            authors = [session.get_one(UserRow, a.user_id).username for a in row.authors]
            status = clearance.status_of(session, row.party, actor, "response", row.id, authors)
            return Actions(approve=status.may_clear, submit=False)
        checks = (_require_approver, _require_submitter)
        approve, submit = (_passes(check, session, actor, row) for check in checks)
        return Actions(approve=approve, submit=submit)


def clearance_status(db: Database, actor: Actor, response_id: int) -> clearance.Status | None:
    """Where the response stands in its party's clearance chain, for the party's members
    (None if the party has no chain). Anyone else is told it does not exist."""
    with db.reading() as session:
        row = queries.get_response(session, response_id)
        _require_visible(session, actor, row)
        if not is_member_of(session, row.party, actor):
            raise missing("response clearance")
        if not clearance.steps_of(session, row.party):
            return None
        authors = [session.get_one(UserRow, a.user_id).username for a in row.authors]
        return clearance.status_of(session, row.party, actor, "response", row.id, authors)


def _passes(check: Callable[[Session, Actor, ResponseRow], object], *args: Any) -> bool:
    try:
        check(*args)
    except PermissionDenied:
        return False
    return True


def _require_approver(session: Session, actor: Actor, row: ResponseRow) -> UserRow:
    """The principal who may approve ``row``: one of its party's who wrote none of it (saved
    no draft of it, changed or not)."""
    user = require_role(session, actor, row.party, Role.PRINCIPAL)
    if any(a.user_id == user.id for a in row.authors):
        raise PermissionDenied(
            f"{user.username} saved a draft of this response, so wrote part of it; "
            "a principal who wrote none of it must approve it"
        )
    return user


def _require_submitter(session: Session, actor: Actor, row: ResponseRow) -> UserRow:
    """The principal who may send ``row`` on its party's behalf."""
    return require_role(session, actor, row.party, Role.PRINCIPAL)


def _submitted(row: ResponseRow, user_id: int, when: datetime) -> Event:
    ids = {"response": row.id, "version": row.version_id}
    if row.supersedes_id is not None:
        ids["supersedes"] = row.supersedes_id
    if row.request_id is not None:
        ids["request"] = row.request_id
    negotiation = row.version.document.negotiation_id
    digest = row.content_sha256 or ""
    return Event(
        EventType.RESPONSE_SUBMITTED, when, user_id, negotiation, row.party_id, ids, digest
    )


def get_response(db: Database, actor: Actor, response_id: int) -> Response:
    """A submitted response for participants; a draft only for its own party's members."""
    with db.reading() as session:
        row = queries.get_response(session, response_id)
        _require_visible(session, actor, row)
        return _response(
            session, row, _provisions(session, row.version), _stored_content(session, row)
        )


def list_responses(db: Database, actor: Actor, version_id: int) -> list[Response]:
    with db.reading() as session:
        version = queries.get_version(session, version_id)
        require_read(session, version.document.negotiation, actor, "version")
        provisions = _provisions(session, version)
        rows = [
            r
            for party in version.document.negotiation.parties
            for r in queries.responses_of(session, version, party)
        ]
        visible = [r for r in rows if r.status in SENT or is_member_of(session, r.party, actor)]
        visible.sort(key=lambda r: r.id)
        given = queries.positions_of(session, [r.id for r in visible])
        return [
            _response(session, r, provisions, _content(r, given.get(r.id, ()))) for r in visible
        ]


def find_current_response(
    db: Database, actor: Actor, version_id: int, party: str
) -> Response | None:
    """The response ``party`` is working on for the version (its open draft), else its
    current submitted one, else ``None``: what its editor starts from."""
    found = [r for r in list_responses(db, actor, version_id) if r.party == party]
    latest = [r for r in found if not r.status.sent] or [
        r for r in found if r.status is ResponseStatus.SUBMITTED
    ]
    return latest[-1] if latest else None


def _add_author(row: ResponseRow, user_id: int) -> None:
    """Whoever saves a draft is one of its authors for good, even if they changed nothing:
    re-saving someone else's text must not launder it into theirs (four eyes)."""
    if all(a.user_id != user_id for a in row.authors):
        row.authors.append(ResponseAuthorRow(user_id=user_id))


def _open_response(session: Session, actor: Actor, response_id: int) -> ResponseRow:
    row = queries.get_response(session, response_id)
    _require_visible(session, actor, row)
    if row.status in SENT:
        raise Conflict(
            f"response {row.id} was submitted and can never be changed; "
            "submit a new response that supersedes it"
        )
    return row


def _require_visible(session: Session, actor: Actor, row: ResponseRow) -> None:
    require_read(session, row.version.document.negotiation, actor, "response")
    if row.status not in SENT and not is_member_of(session, row.party, actor):
        raise missing("response")  # a draft's existence is private too


def _submission_problems(
    session: Session, row: ResponseRow, provisions: tuple[Provision, ...], content: ResponseContent
) -> list[Problem]:
    problems = validate_response(content, provisions, resolved=True)
    if row.kind == ResponseKind.INTERIM:
        requests = queries.requests_for(session, row.version, row.party)
        if requests and not requests[-1].allows_interim:
            problems.append(
                Problem(
                    f"request {requests[-1].id} asks for a formal response; "
                    "an interim answer is not allowed",
                    "response",
                    "kind",
                    "interim_not_allowed",
                )
            )
    return problems


def _approval_missing(row: ResponseRow) -> Problem:
    return Problem(
        f"{row.party.name} requires approval by a principal who wrote none of the response "
        "before it is submitted",
        "response",
        "status",
        "approval_required",
    )


def _clearance_missing(row: ResponseRow) -> Problem:
    return Problem(
        f"{row.party.name} clears its responses through its clearance chain; the last "
        "clearance submits it",
        "response",
        "status",
        "approval_required",
    )


def _refused(problems: list[Problem]) -> Conflict | ValidationError:
    """Every problem at once: a missing approval alone is a state to change (Conflict);
    anything wrong with the text makes it invalid, the approval listed with the rest."""
    if all(p.code == "approval_required" for p in problems):
        return Conflict(problems[0].message, problems)
    return ValidationError(_refusal("submitted", problems), problems)


def _refusal(verb: str, problems: list[Problem]) -> str:
    return f"the response cannot be {verb}: {len(problems)} problem(s) to fix"


def _refuse_bad_wordings(version: VersionRow, positions: Iterable[Position]) -> None:
    """Refuse, before anything is written, a wording the version has no place for: in a
    language it has no text in, empty, or on a position proposing no text. A draft is saved
    with its problems, but a wording that could only be lost or mislabelled is not one."""
    problems = wording_problems(list(positions), version.language, _other_languages(version))
    if problems:
        raise ValidationError(_refusal("saved", problems), problems)


def _other_languages(version: VersionRow) -> tuple[str, ...]:
    return tuple(t.language for t in version.language_texts)


def _provisions(session: Session, version: VersionRow) -> tuple[Provision, ...]:
    """The version's provisions. A tabled version never changes, so each process keeps the
    provisions of the versions it answered lately, per engine, under the version's content
    digest (checked on every use: an id reused after a rolled-back tabling, or another
    database behind the same engine, never gets another version's text)."""
    engine = session.get_bind().engine  # sessions are bound to a connection of it
    kept = _kept.get(engine) or _kept.setdefault(engine, StateCache(KEPT_VERSIONS))
    found = kept.get(version.id, version.content_sha256)
    if found is None:
        found = queries.provisions_of(session, version.id)
        kept.put(version.id, version.content_sha256, found)
    return found


KEPT_VERSIONS = 32  # 400 provisions of a UN-sized version: about 1 MB
_kept: weakref.WeakKeyDictionary[Engine, StateCache[int, str, tuple[Provision, ...]]]
_kept = weakref.WeakKeyDictionary()


def _content(row: ResponseRow, positions: Iterable[Position]) -> ResponseContent:
    """What ``row`` says, with ``positions`` (as stored): ``draft_from_row`` without loading
    a position object per provision."""
    return ResponseContent(
        party=row.party.name,
        kind=ResponseKind(row.kind),
        cover_note=row.cover_note,
        positions=tuple(positions),
    )


def _stored_content(session: Session, row: ResponseRow) -> ResponseContent:
    return _content(row, queries.positions_of(session, [row.id]).get(row.id, ()))


def _response(
    session: Session,
    row: ResponseRow,
    provisions: tuple[Provision, ...],
    draft: ResponseContent,
) -> Response:
    answered, answerable = coverage(draft, provisions)
    problems = (
        () if row.status in SENT else tuple(_submission_problems(session, row, provisions, draft))
    )
    # Only a submitted response is on the record (a draft never is): one query fewer a save.
    entry = None if row.status in UNSENT else queries.record_entry(session, "response", row.id)
    return Response(
        id=row.id,
        version_id=row.version_id,
        party=row.party.name,
        kind=row.kind,
        status=row.status,
        cover_note=row.cover_note,
        request_id=row.request_id,
        supersedes_id=row.supersedes_id,
        drafted_by=row.drafted_by.username,
        approved_by=row.approved_by.username if row.approved_by else None,
        submitted_by=row.submitted_by.username if row.submitted_by else None,
        submitted_at=row.submitted_at,
        content_sha256=row.content_sha256,
        record_index=entry.index if entry else None,
        signed_with=signing_key_name(session, entry.party_key_id if entry else None),
        approval_signed_with=signing_key_name(
            session, row.approval_signature.party_key_id if row.approval_signature else None
        ),
        requires_signatures=requires_signatures(session, row.party),
        unsigned=entry is not None and unsigned_where_required(session, entry),
        answered=answered,
        answerable=answerable,
        content=draft,
        problems=problems,
        languages=(row.version.language, *_other_languages(row.version)),
        lacking=lacking(draft.positions, _other_languages(row.version)),
    )


def drafts_awaiting(session: Session, user: UserRow) -> list[ResponseRow]:
    """The complete drafts ``user`` may clear now: of the parties that require approval
    where they are a principal who wrote none of the draft (see :func:`approve_response`)."""
    rows = session.scalars(
        select(ResponseRow)
        .join(PartyRow, ResponseRow.party_id == PartyRow.id)
        .join(MemberRow, MemberRow.party_id == PartyRow.id)
        .where(
            PartyRow.requires_approval.is_(True),
            MemberRow.user_id == user.id,
            MemberRow.role == Role.PRINCIPAL,
            ResponseRow.status == DRAFT,
        )
        .order_by(ResponseRow.updated_at, ResponseRow.id)
    )
    return [
        row
        for row in rows
        if all(a.user_id != user.id for a in row.authors)
        and not _submission_problems(
            session, row, _provisions(session, row.version), _stored_content(session, row)
        )
    ]
