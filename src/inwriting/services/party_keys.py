"""Party keys: members' own signing keys, and checking what they sign.

A member makes an Ed25519 key on their own machine (``inwriting keys generate``); a principal
of their party registers its public half (a C2SP verifier key) for that member, and may
revoke or rotate it. Each of these is a record entry, as is a party's choice to *require*
signatures. The private key never reaches InWriting: the member signs a statement of the act
(``domain.statements``) and sends the signature with it; :func:`accept_signature` checks it
inside the transaction of the act, against the digest the act is about to put on the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from inwriting.domain.events import Event, EventType
from inwriting.domain.negotiations import Role
from inwriting.domain.statements import (
    SignedStatement,
    Statement,
    StatementError,
    check_timely,
    mismatch,
    parse_signature,
)
from inwriting.errors import Conflict, NotFound, PermissionDenied, ValidationError
from inwriting.services.actors import Actor, now_or, require_read, require_role
from inwriting.services.record import append_event
from inwriting.storage import queries
from inwriting.storage.conversions import (
    party_key_digest,
    party_key_revocation_digest,
    signature_policy_digest,
)
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    ApprovalSignatureRow,
    MemberRow,
    PartyKeyRevocationRow,
    PartyKeyRow,
    PartyRow,
    RecordEntryRow,
    SignaturePolicyRow,
    UserRow,
)
from inwriting.tlog import TlogError, parse_vkey
from inwriting.tlog.notes import Ed25519Verifier


@dataclass(frozen=True)
class PartyKey:
    id: int
    party: str
    member: str  # the username of the member whose key it is
    name: str  # the verifier key's name
    vkey: str
    registered_at: datetime
    revoked_at: datetime | None
    record_index: int | None  # the entry that registered it
    revocation_index: int | None  # the entry that revoked it

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class Signing:
    """A signature that was accepted: the file, as kept, and the key that made it."""

    signature: str
    key: PartyKeyRow


def register_key(
    db: Database,
    actor: Actor,
    negotiation: str,
    party: str,
    vkey: str,
    *,
    member: str | None = None,
    now: datetime | None = None,
) -> PartyKey:
    """A principal registers ``vkey`` as the signing key of ``member`` (default: themself),
    a member of their party. Recorded."""
    when = now_or(now)
    verifier = _parse(vkey)
    with db.transaction() as session:
        party_row, principal = _principal(session, actor, negotiation, party)
        member_row = _member(session, party_row, member or principal.username)
        row = _register(session, party_row, member_row, verifier, principal, when)
        return _key(session, row)


def revoke_key(
    db: Database,
    actor: Actor,
    negotiation: str,
    party: str,
    key: str,
    *,
    now: datetime | None = None,
) -> PartyKey:
    """A principal revokes a key of their party (named by its verifier key or its name):
    nothing signed with it is accepted any more. Recorded."""
    when = now_or(now)
    with db.transaction() as session:
        party_row, principal = _principal(session, actor, negotiation, party)
        row = _active_key(session, party_row, key)
        _revoke(session, party_row, row, principal, when)
        return _key(session, row)


def rotate_key(
    db: Database,
    actor: Actor,
    negotiation: str,
    party: str,
    old: str,
    new_vkey: str,
    *,
    now: datetime | None = None,
) -> PartyKey:
    """Replace a key by a new one for the same member, in one transaction (two entries:
    the new key registered, the old one revoked). Returns the new key."""
    when = now_or(now)
    verifier = _parse(new_vkey)
    with db.transaction() as session:
        party_row, principal = _principal(session, actor, negotiation, party)
        old_row = _active_key(session, party_row, old)
        row = _register(session, party_row, old_row.member, verifier, principal, when)
        _revoke(session, party_row, old_row, principal, when)
        return _key(session, row)


def list_keys(db: Database, actor: Actor, negotiation: str, party: str) -> list[PartyKey]:
    """A party's keys, revoked ones included: public to whoever may read the negotiation,
    so anyone can check what its members signed."""
    with db.reading() as session:
        neg = queries.get_negotiation(session, negotiation)
        require_read(session, neg, actor)
        party_row = queries.get_party(session, neg, party)
        rows = session.scalars(
            select(PartyKeyRow).where(PartyKeyRow.party_id == party_row.id).order_by(PartyKeyRow.id)
        )
        return [_key(session, row) for row in rows]


def set_signature_policy(
    db: Database,
    actor: Actor,
    negotiation: str,
    party: str,
    required: bool,
    *,
    now: datetime | None = None,
) -> int:
    """A principal decides whether the party's acts must be signed by its members' keys;
    returns the index of the entry recording it."""
    when = now_or(now)
    with db.transaction() as session:
        party_row, principal = _principal(session, actor, negotiation, party)
        if required and not _has_active_key(session, party_row):
            raise Conflict(
                f"{party_row.name} has no registered key: register one (`keys register`) "
                "before requiring signatures"
            )
        row = SignaturePolicyRow(
            party_id=party_row.id, required=required, set_at=when, set_by_user_id=principal.id
        )
        session.add(row)
        session.flush()
        event = Event(
            EventType.SIGNATURE_POLICY_SET,
            when,
            principal.id,
            party_row.negotiation_id,
            party_row.id,
            {"signature_policy": row.id},
            signature_policy_digest(row),
        )
        return append_event(session, event, ("signature_policy", row.id))


def requires_signatures(session: Session, party: PartyRow) -> bool:
    """Whether ``party``'s latest recorded policy requires signed acts."""
    required: bool | None = session.scalar(
        select(SignaturePolicyRow.required)
        .where(SignaturePolicyRow.party_id == party.id)
        .order_by(SignaturePolicyRow.id.desc())
        .limit(1)
    )
    return bool(required)


def party_requires_signatures(db: Database, actor: Actor, negotiation: str, party: str) -> bool:
    with db.reading() as session:
        neg = queries.get_negotiation(session, negotiation)
        require_read(session, neg, actor)
        return requires_signatures(session, queries.get_party(session, neg, party))


def signing_key_name(session: Session, key_id: int | None) -> str | None:
    """The name of party key ``key_id`` (None for none)."""
    if key_id is None:
        return None
    return session.get_one(PartyKeyRow, key_id).name


def accept_signature(
    session: Session,
    user: UserRow,
    party: PartyRow,
    expected: Statement,
    signature: str | bytes | None,
    now: datetime,
) -> Signing | None:
    """Check ``signature`` signs exactly ``expected`` with an active key of ``user``'s
    membership in ``party``; None if there is no signature and ``party`` does not require
    one. Raises ``ValidationError`` for a signature that is bad, ``PermissionDenied`` for
    an unsigned act of a party that requires signatures, ``Conflict`` for a replay."""
    if signature is None or (isinstance(signature, str | bytes) and not signature.strip()):
        if requires_signatures(session, party):
            raise PermissionDenied(
                f"{party.name} requires its members to sign what they do: sign this "
                f"{expected.action.noun} with your registered key "
                "(--sign-with KEYFILE, a signature file, or in the browser)"
            )
        return None
    try:
        signed = parse_signature(signature)
        check_timely(signed.statement, now)
    except StatementError as error:
        raise ValidationError(f"signature refused: {error}") from None
    different = mismatch(signed.statement, expected)
    if different is not None:
        raise ValidationError(f"signature refused: {different}")
    key = _signing_key(session, user, party, signed, now)
    text = signed.format()
    if _already_used(session, text):
        raise Conflict("signature refused: this signed statement was already used (a replay)")
    return Signing(text, key)


def _signing_key(
    session: Session, user: UserRow, party: PartyRow, signed: SignedStatement, now: datetime
) -> PartyKeyRow:
    row = session.scalar(
        select(PartyKeyRow).where(PartyKeyRow.party_id == party.id, PartyKeyRow.vkey == signed.vkey)
    )
    if row is None:
        raise ValidationError(
            f"signature refused: the key {signed.key_name} is not registered for {party.name}"
        )
    if row.member.user_id != user.id:
        raise ValidationError(
            f"signature refused: the key {row.name} is {row.member.user.username}'s, "
            f"not {user.username}'s"
        )
    if row.revocation is not None and row.revocation.revoked_at <= now:
        raise ValidationError(
            f"signature refused: the key {row.name} was revoked on "
            f"{row.revocation.revoked_at:%Y-%m-%d %H:%M} UTC"
        )
    return row


def _already_used(session: Session, signature: str) -> bool:
    in_record = select(RecordEntryRow.index).where(RecordEntryRow.signature == signature)
    approved = select(ApprovalSignatureRow.response_id).where(
        ApprovalSignatureRow.signature == signature
    )
    return (
        session.scalar(in_record.limit(1)) is not None
        or session.scalar(approved.limit(1)) is not None
    )


def _parse(vkey: str) -> Ed25519Verifier:
    try:
        verifier = parse_vkey(vkey.strip())
    except TlogError as error:
        raise ValidationError(f"not a verifier key: {error}") from None
    if not isinstance(verifier, Ed25519Verifier):
        raise ValidationError("a party key signs with Ed25519: its verifier key has type 0x01")
    return verifier


def _principal(
    session: Session, actor: Actor, negotiation: str, party: str
) -> tuple[PartyRow, UserRow]:
    neg = queries.get_negotiation(session, negotiation)
    require_read(session, neg, actor)
    party_row = queries.get_party(session, neg, party)
    return party_row, require_role(session, actor, party_row, Role.PRINCIPAL)


def _member(session: Session, party: PartyRow, username: str) -> MemberRow:
    found = queries.find_member(session, party, queries.get_user(session, username))
    if found is None:
        raise ValidationError(f"{username} is not a member of {party.name}")
    return found


def _register(
    session: Session,
    party: PartyRow,
    member: MemberRow,
    verifier: Ed25519Verifier,
    principal: UserRow,
    when: datetime,
) -> PartyKeyRow:
    taken = select(PartyKeyRow.id).where(
        PartyKeyRow.party_id == party.id, PartyKeyRow.vkey == verifier.vkey
    )
    if session.scalar(taken) is not None:
        raise Conflict(f"the key {verifier.name} is already registered for {party.name}")
    row = PartyKeyRow(
        party_id=party.id,
        member=member,
        name=verifier.name,
        vkey=verifier.vkey,
        registered_at=when,
        registered_by_user_id=principal.id,
    )
    session.add(row)
    session.flush()
    event = Event(
        EventType.PARTY_KEY_REGISTERED,
        when,
        principal.id,
        party.negotiation_id,
        party.id,
        {"party_key": row.id, "member": member.id},
        party_key_digest(row),
    )
    append_event(session, event, ("party_key", row.id))
    return row


def _revoke(
    session: Session, party: PartyRow, row: PartyKeyRow, principal: UserRow, when: datetime
) -> None:
    revocation = PartyKeyRevocationRow(key=row, revoked_at=when, revoked_by_user_id=principal.id)
    session.add(revocation)
    session.flush()
    event = Event(
        EventType.PARTY_KEY_REVOKED,
        when,
        principal.id,
        party.negotiation_id,
        party.id,
        {"party_key_revocation": revocation.id, "party_key": row.id},
        party_key_revocation_digest(revocation),
    )
    append_event(session, event, ("party_key_revocation", revocation.id))


def _active_key(session: Session, party: PartyRow, key: str) -> PartyKeyRow:
    """The party's unrevoked key named by its verifier key or, if unambiguous, its name."""
    wanted = key.strip()
    rows = [
        row
        for row in session.scalars(select(PartyKeyRow).where(PartyKeyRow.party_id == party.id))
        if row.revocation is None and wanted in (row.vkey, row.name)
    ]
    if not rows:
        raise NotFound(f"{party.name} has no active key {wanted!r}")
    if len(rows) > 1:
        raise ValidationError(f"{party.name} has several keys named {wanted!r}: give the vkey")
    return rows[0]


def _has_active_key(session: Session, party: PartyRow) -> bool:
    rows = session.scalars(select(PartyKeyRow).where(PartyKeyRow.party_id == party.id))
    return any(row.revocation is None for row in rows)


def _key(session: Session, row: PartyKeyRow) -> PartyKey:
    party = session.get_one(PartyRow, row.party_id)
    return PartyKey(
        id=row.id,
        party=party.name,
        member=row.member.user.username,
        name=row.name,
        vkey=row.vkey,
        registered_at=row.registered_at,
        revoked_at=row.revocation.revoked_at if row.revocation else None,
        record_index=queries.record_index(session, "party_key", row.id),
        revocation_index=(
            queries.record_index(session, "party_key_revocation", row.revocation.id)
            if row.revocation
            else None
        ),
    )
