"""Accounts: passwords (argon2id), browser sessions, API tokens, and sign-in rate limits.

Secrets handed to a client (session cookies, API tokens) are random 256-bit values; only
their SHA-256 is stored, so a copy of the database lets nobody sign in. Every state lives in
the database, so any number of server processes behave as one. A new session is issued at
every sign-in (no session fixation), and failed sign-ins are counted per user name and per
client address over a sliding window.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import CursorResult, Result, delete, func, select, update
from sqlalchemy.orm import Session, joinedload

from inwriting.errors import NotFound, NotSignedIn, PermissionDenied, RateLimited, ValidationError
from inwriting.services.actors import Actor, acting_user, now_or, require_admin
from inwriting.services.users import User, user_value
from inwriting.storage import queries
from inwriting.storage.engine import Database
from inwriting.storage.models import ApiTokenRow, LoginAttemptRow, PasswordRow, SessionRow

SESSION_LIFETIME = timedelta(hours=12)
ATTEMPT_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_CLIENT = 20
MIN_PASSWORD = 10
TOKEN_PREFIX = "iw_"  # noqa: S105 - a public marker, not a secret

_hasher = PasswordHasher()  # argon2id, the library's default


@dataclass(frozen=True)
class SignedIn:
    user: User
    session_token: str  # goes into the cookie; never stored
    csrf_secret: str  # goes into forms; stored with the session


@dataclass(frozen=True)
class CurrentSession:
    user: User
    csrf_secret: str
    expires_at: datetime


@dataclass(frozen=True)
class ApiToken:
    id: int
    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class CredentialsEnded:
    """What a password change ended: whoever held these had the old password's access."""

    sessions: int
    tokens: int


def set_password(
    db: Database, actor: Actor, username: str, password: str, *, now: datetime | None = None
) -> CredentialsEnded:
    """Set ``username``'s password: the user themself, an administrator or the operator.

    A new password is how a user locks out whoever learnt the old one, so every session and
    every API token of the user ends with it (a token made with a stolen password would
    otherwise outlive the change)."""
    if not MIN_PASSWORD <= len(password) <= 1024:
        raise ValidationError(f"a password has {MIN_PASSWORD} to 1024 characters")
    with db.transaction() as session:
        user = queries.get_user(session, username)
        if actor.username != username:
            require_admin(session, actor)
        row = session.get(PasswordRow, user.id)
        if row is None:
            row = PasswordRow(user_id=user.id)
            session.add(row)
        when = now_or(now)
        row.hash = _hasher.hash(password)
        row.changed_at = when
        ended = session.execute(delete(SessionRow).where(SessionRow.user_id == user.id))
        revoked = session.execute(
            update(ApiTokenRow)
            .where(ApiTokenRow.user_id == user.id, ApiTokenRow.revoked_at.is_(None))
            .values(revoked_at=when)
        )
        return CredentialsEnded(_rowcount(ended), _rowcount(revoked))


def _rowcount(result: Result[Any]) -> int:
    """Rows a bulk ``DELETE`` or ``UPDATE`` touched (a session returns it untyped)."""
    return cast(CursorResult[Any], result).rowcount


def sign_in(
    db: Database, username: str, password: str, client: str, *, now: datetime | None = None
) -> SignedIn:
    """A new session for the right password; refused, after too many failures, for a while.

    The password is checked (argon2id: about 0.1 s of CPU) between two transactions, not
    inside the writing one: that one holds the lock every write to the record takes, and a
    crowd signing in at the start of a session must not stall everyone's submissions. The
    limit is checked before (so a flood of guesses costs no hashing) and again in the writing
    transaction, where attempts are serialised: a guess sent alongside others once the limit
    is reached is answered "too many", whatever its password."""
    when = now_or(now)
    with db.reading() as session:
        if _limited(session, username, client, when):
            raise RateLimited(_TOO_MANY)
        user = queries.find_user(session, username)
        stored = session.get(PasswordRow, user.id) if user is not None else None
        # An unknown name costs one argon2 verification too, so timing does not tell
        # which user names exist.
        hashed = stored.hash if stored is not None else _dummy_hash()
    right = _verify(hashed, password) and user is not None and stored is not None
    rehashed = _hasher.hash(password) if right and _hasher.check_needs_rehash(hashed) else None
    with db.transaction() as session:
        limited = _limited(session, username, client, when)
        if not right:
            session.add(
                LoginAttemptRow(username=username[:64], client=client[:64], attempted_at=when)
            )
        elif not limited and user is not None:
            if rehashed is not None:
                row = session.get(PasswordRow, user.id)
                if row is not None and row.hash == hashed:
                    row.hash = rehashed
            token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            session.add(
                SessionRow(
                    token_sha256=_digest(token),
                    user_id=user.id,
                    csrf_secret=csrf,
                    created_at=when,
                    expires_at=when + SESSION_LIFETIME,
                )
            )
            signed = SignedIn(user_value(user), token, csrf)
    # committed above, so a failure counts even though it is refused
    if limited:
        raise RateLimited(_TOO_MANY)
    if not right:
        raise NotSignedIn("wrong user name or password")
    return signed


_TOO_MANY = "too many failed sign-ins; try again in 15 minutes"


def _limited(session: Session, username: str, client: str, when: datetime) -> bool:
    """Whether the user name or the client has failed too often lately."""
    since = when - ATTEMPT_WINDOW
    failures = select(func.count()).select_from(LoginAttemptRow)
    by_user = session.scalar(
        failures.where(LoginAttemptRow.username == username, LoginAttemptRow.attempted_at > since)
    )
    by_client = session.scalar(
        failures.where(LoginAttemptRow.client == client, LoginAttemptRow.attempted_at > since)
    )
    return (by_user or 0) >= MAX_FAILURES_PER_USER or (by_client or 0) >= MAX_FAILURES_PER_CLIENT


def current_session(db: Database, token: str, *, now: datetime | None = None) -> CurrentSession:
    with db.reading() as session:
        query = select(SessionRow).options(joinedload(SessionRow.user))
        row = session.scalar(query.where(SessionRow.token_sha256 == _digest(token)))
        if row is None or row.expires_at <= now_or(now):
            raise NotSignedIn("your session has ended; sign in again")
        return CurrentSession(user_value(row.user), row.csrf_secret, row.expires_at)


def sign_out(db: Database, token: str) -> None:
    with db.transaction() as session:
        session.execute(delete(SessionRow).where(SessionRow.token_sha256 == _digest(token)))


def create_token(
    db: Database, actor: Actor, name: str, *, now: datetime | None = None
) -> tuple[str, ApiToken]:
    """A new API token for the acting user: the secret is returned once, never stored."""
    if not name.strip():
        raise ValidationError("name the token (e.g. 'laptop CLI')")
    with db.transaction() as session:
        user = acting_user(session, actor)
        if user is None:
            raise PermissionDenied("tokens belong to a user: act as one (--as USER)")
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        row = ApiTokenRow(
            user_id=user.id,
            name=name.strip()[:200],
            prefix=secret[:10],
            token_sha256=_digest(secret),
            created_at=now_or(now),
            revoked_at=None,
        )
        session.add(row)
        session.flush()
        return secret, _token(row)


def list_tokens(db: Database, actor: Actor) -> list[ApiToken]:
    with db.reading() as session:
        user = acting_user(session, actor)
        if user is None:
            raise PermissionDenied("tokens belong to a user: act as one (--as USER)")
        rows = session.scalars(
            select(ApiTokenRow).where(ApiTokenRow.user_id == user.id).order_by(ApiTokenRow.id)
        )
        return [_token(r) for r in rows]


def revoke_token(
    db: Database, actor: Actor, token_id: int, *, now: datetime | None = None
) -> ApiToken:
    with db.transaction() as session:
        row = queries.by_id(session, ApiTokenRow, token_id)
        user = acting_user(session, actor)
        if row is None or (user is not None and row.user_id != user.id and not user.is_admin):
            raise NotFound(f"no token {token_id} of yours")
        if row.revoked_at is None:
            row.revoked_at = now_or(now)
        return _token(row)


def token_user(db: Database, secret: str) -> User:
    """The user a bearer token acts for; ``NotSignedIn`` if it is unknown or revoked."""
    with db.reading() as session:
        row = session.scalar(select(ApiTokenRow).where(ApiTokenRow.token_sha256 == _digest(secret)))
        if row is None or row.revoked_at is not None:
            raise NotSignedIn("unknown or revoked API token")
        return user_value(row.user)


@functools.cache
def _dummy_hash() -> str:
    """Made on first need, not at import: every CLI start would pay for it otherwise."""
    return _hasher.hash(secrets.token_urlsafe(16))


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _token(row: ApiTokenRow) -> ApiToken:
    return ApiToken(row.id, row.name, row.prefix, row.created_at, row.revoked_at)
