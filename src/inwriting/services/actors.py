"""Who is acting, and the permission checks every service shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from inwriting.domain.negotiations import Role, Visibility
from inwriting.errors import NotFound, PermissionDenied, missing
from inwriting.storage import queries
from inwriting.storage.models import NegotiationRow, PartyRow, UserRow


@dataclass(frozen=True)
class Actor:
    """A user acting by name, the local operator, or an anonymous visitor.

    The operator is whoever runs the CLI against a database they own, without ``--as``:
    they may administer (create negotiations, parties, members) but act for no party, and
    see no party's drafts. An anonymous visitor (an HTTP request with no account) may read
    public negotiations and nothing else.
    """

    username: str | None = None
    anonymous: bool = False

    @property
    def is_operator(self) -> bool:
        return self.username is None and not self.anonymous

    def __str__(self) -> str:
        return self.username or ("an anonymous visitor" if self.anonymous else "the operator")


OPERATOR = Actor()
ANONYMOUS = Actor(anonymous=True)


def now_or(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    return now


def acting_user(session: Session, actor: Actor) -> UserRow | None:
    """The actor's user row, asked of the database once per session (a service checks the
    same actor several times: may read, is a member, has a role); the row is the session's
    own, so a change made to it in the transaction shows in every later answer."""
    if actor.username is None:
        return None
    known: dict[str, UserRow] = session.info.setdefault("acting_users", {})
    user = known.get(actor.username)
    if user is None:
        user = known[actor.username] = queries.get_user(session, actor.username)
    return user


def require_admin(session: Session, actor: Actor) -> UserRow | None:
    """The acting administrator (``None`` for the local operator)."""
    if actor.anonymous:
        raise PermissionDenied("sign in as an administrator")
    user = acting_user(session, actor)
    if user is not None and not user.is_admin:
        raise PermissionDenied(f"{actor} is not an administrator")
    return user


def require_role(session: Session, actor: Actor, party: PartyRow, *roles: Role) -> UserRow:
    """The acting user, if they are a member of ``party`` with one of ``roles``."""
    user = acting_user(session, actor)
    if user is None:
        raise PermissionDenied(f"act as a member of {party.name} (--as USER)")
    if not has_role(session, user, party, *roles):
        wanted = " or ".join(r.value for r in roles)
        raise PermissionDenied(f"{user.username} is not a {wanted} of {party.name}")
    return user


def has_role(session: Session, user: UserRow | None, party: PartyRow, *roles: Role) -> bool:
    """Whether ``user`` is a member of ``party`` with one of ``roles``."""
    if user is None:
        return False
    member = queries.find_member(session, party, user)
    return member is not None and member.role in roles


def is_participant(session: Session, negotiation: NegotiationRow, actor: Actor) -> bool:
    if actor.anonymous:
        return False
    if actor.username is None:  # the operator
        return True
    found = queries.participation(session, negotiation, actor.username)
    if found is None:
        raise NotFound(f"no user {actor.username!r}")
    is_admin, is_member = found
    return is_admin or is_member


def is_member_of(session: Session, party: PartyRow, actor: Actor) -> bool:
    user = acting_user(session, actor)
    return user is not None and queries.find_member(session, party, user) is not None


def require_read(
    session: Session, negotiation: NegotiationRow, actor: Actor, what: str = "negotiation"
) -> None:
    """Tabled versions, requests and submitted responses: participants, or anyone if public.

    ``what`` is the kind of thing the caller asked for (a version, a response...) that led
    to ``negotiation``. An outsider is told that thing does not exist, in the very words used
    for one that does not (:func:`~inwriting.errors.missing`): naming the negotiation would
    reveal a private negotiation's name to anyone counting ids.
    """
    if negotiation.visibility == Visibility.PUBLIC or is_participant(session, negotiation, actor):
        return
    raise missing(what)
