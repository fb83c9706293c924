"""Accounts: passwords (argon2id), browser sessions, API tokens, and sign-in rate limits.

Secrets handed to a client (session cookies, API tokens) are random 256-bit values; only
their SHA-256 is stored, so a copy of the database lets nobody sign in. Every state lives in
the database, so any number of server processes behave as one. A new session is issued at
every sign-in (no session fixation), and failed sign-ins slow down further guesses of the same
user name from the same address (never the right password from elsewhere; see "Signing in"
in docs/operations.md).
"""

from __future__ import annotations

import functools
import hashlib
import math
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import CursorResult, Result, delete, func, select, update
from sqlalchemy.orm import Session, joinedload

from inwriting.errors import (
    Conflict,
    NotFound,
    NotSignedIn,
    PermissionDenied,
    RateLimited,
    ValidationError,
)
from inwriting.services.actors import Actor, acting_user, now_or, require_admin
from inwriting.services.users import User, check_username, user_value
from inwriting.storage import queries
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    ApiTokenRow,
    LoginAttemptRow,
    PasswordRow,
    SessionRow,
    SignUpRow,
    UserRow,
)

SESSION_LIFETIME = timedelta(hours=12)
ATTEMPT_WINDOW = timedelta(minutes=15)  # how long a failed sign-in counts
FREE_FAILURES = 3  # failures of one user name from one address before each one slows it
MAX_DELAY = timedelta(minutes=5)  # the longest wait those failures impose
MAX_FAILURES_PER_CLIENT = 20  # failures from one address, any names, before it must wait
HASHING_SLOTS = 2  # passwords checked at once per process (argon2id: 64 MiB each)
MIN_PASSWORD = 10
SIGN_UPS_PER_CLIENT = 5  # accounts one address may open in SIGN_UP_WINDOW
SIGN_UP_WINDOW = timedelta(hours=24)
TOKEN_PREFIX = "iw_"  # noqa: S105 - a public marker, not a secret

_hasher = PasswordHasher()  # argon2id, the library's default
_HASHING = threading.BoundedSemaphore(HASHING_SLOTS)


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
    """A new session for the right password (see "Signing in" in docs/operations.md).

    The attempt is admitted and recorded as a failure *before* its password is checked, in
    one writing transaction, so guesses sent together count against each other; the right
    password then deletes it. The check itself (argon2id: about 0.1 s of CPU and 64 MiB)
    runs in one of :data:`HASHING_SLOTS` per process, outside any transaction: a crowd
    signing in neither stalls the record's writers nor fills the memory, and when every slot
    is taken the attempt is answered at once, unhashed and unrecorded."""
    when = now_or(now)
    if not _HASHING.acquire(blocking=False):
        raise RateLimited(_BUSY, retry_after=1)
    try:
        user_id, hashed = _admit(db, username[:64], client[:64], when)
        right = _verify(hashed, password) and user_id is not None
        rehashed = _hasher.hash(password) if right and _hasher.check_needs_rehash(hashed) else None
    finally:
        _HASHING.release()
    if not right or user_id is None:
        raise NotSignedIn("wrong user name or password")
    with db.transaction() as session:
        session.execute(
            delete(LoginAttemptRow).where(
                LoginAttemptRow.username == username[:64], LoginAttemptRow.client == client[:64]
            )
        )
        return _new_session(session, user_id, hashed, rehashed, when)


def sign_up(
    db: Database,
    username: str,
    display_name: str,
    password: str,
    client: str,
    *,
    now: datetime | None = None,
) -> SignedIn:
    """Open an account for oneself and sign it in, where the site allows it (a public
    consultation's commenters): the name must be free, the password as long as any, and one
    address may open :data:`SIGN_UPS_PER_CLIENT` accounts a day. The new account belongs to
    no party and administers nothing."""
    when = now_or(now)
    check_username(username)
    if not MIN_PASSWORD <= len(password) <= 1024:
        raise ValidationError(f"a password has {MIN_PASSWORD} to 1024 characters")
    if not _HASHING.acquire(blocking=False):
        raise RateLimited(_BUSY, retry_after=1)
    try:
        hashed = _hasher.hash(password)
    finally:
        _HASHING.release()
    with db.transaction() as session:
        since = when - SIGN_UP_WINDOW
        recent = session.execute(
            select(func.count(), func.min(SignUpRow.created_at)).where(
                SignUpRow.client == client[:64], SignUpRow.created_at > since
            )
        ).one()
        if recent[0] >= SIGN_UPS_PER_CLIENT:
            wait = int((recent[1] + SIGN_UP_WINDOW - when).total_seconds()) + 1
            raise RateLimited(
                f"{SIGN_UPS_PER_CLIENT} accounts have been opened from here today, the most "
                f"one address may; try again in {wait} seconds",
                retry_after=wait,
            )
        if queries.find_user(session, username) is not None:
            raise Conflict(f"the user name {username!r} is taken; choose another")
        user = UserRow(
            username=username,
            display_name=display_name.strip()[:200] or username,
            is_admin=False,
            created_at=when,
        )
        session.add(user)
        session.flush()
        session.add(PasswordRow(user_id=user.id, hash=hashed, changed_at=when))
        session.add(SignUpRow(client=client[:64], created_at=when))
        session.flush()
        return _new_session(session, user.id, hashed, None, when)


def _admit(db: Database, username: str, client: str, when: datetime) -> tuple[int | None, str]:
    """Refuse an attempt that must wait; else record it (as a failure until proven right) and
    return the user's id and the hash to check (a dummy one for an unknown name, so
    timing does not tell which names exist)."""
    with db.transaction() as session:
        wait = _wait(session, username, client, when)
        if wait > 0:
            raise RateLimited(_too_many(wait), retry_after=wait)
        attempt = LoginAttemptRow(username=username, client=client, attempted_at=when)
        session.add(attempt)
        user = queries.find_user(session, username)
        stored = session.get(PasswordRow, user.id) if user is not None else None
        if user is None or stored is None:
            return None, _dummy_hash()
        return user.id, stored.hash


def _new_session(
    session: Session, user_id: int, hashed: str, rehashed: str | None, when: datetime
) -> SignedIn:
    row = session.get(PasswordRow, user_id)
    if rehashed is not None and row is not None and row.hash == hashed:
        row.hash = rehashed
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(
        SessionRow(
            token_sha256=_digest(token),
            user_id=user_id,
            csrf_secret=csrf,
            created_at=when,
            expires_at=when + SESSION_LIFETIME,
        )
    )
    user = queries.by_id(session, UserRow, user_id)
    assert user is not None  # its password row was just read
    return SignedIn(user_value(user), token, csrf)


_BUSY = "the server is checking many sign-ins at once; try again in a moment"


def _too_many(seconds: int) -> str:
    return f"too many failed sign-ins from here; try again in {seconds} seconds"


def failure_delay(failures: int) -> timedelta:
    """How long after its last failure a (user name, address) pair may try again: nothing
    for the first :data:`FREE_FAILURES`, then 1 s, 2 s, 4 s ... up to :data:`MAX_DELAY`."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(failures - FREE_FAILURES, 20)), MAX_DELAY)


def _wait(session: Session, username: str, client: str, when: datetime) -> int:
    """Whole seconds this attempt must wait (0: it may go ahead). Failures of one user name
    from one address slow that address down for that name; an address failing for any names
    :data:`MAX_FAILURES_PER_CLIENT` times in the window waits for the oldest to age out."""
    since = when - ATTEMPT_WINDOW
    recent = (LoginAttemptRow.client == client, LoginAttemptRow.attempted_at > since)
    pair = select(func.count(), func.max(LoginAttemptRow.attempted_at)).where(
        LoginAttemptRow.username == username, *recent
    )
    failures, last = session.execute(pair).one()
    waits = [last + failure_delay(failures) - when] if last is not None else []
    by_client = select(func.count(), func.min(LoginAttemptRow.attempted_at)).where(*recent)
    count, oldest = session.execute(by_client).one()
    if count >= MAX_FAILURES_PER_CLIENT and oldest is not None:
        waits.append(oldest + ATTEMPT_WINDOW - when)
    longest = max(waits, default=timedelta(0))
    return math.ceil(longest.total_seconds()) if longest > timedelta(0) else 0


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
