"""Passwords, sessions, tokens and sign-in limits, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from inwriting.errors import NotFound, NotSignedIn, PermissionDenied, RateLimited, ValidationError
from inwriting.services import accounts, parties, users
from inwriting.services.actors import ANONYMOUS, OPERATOR
from inwriting.storage.engine import Database
from inwriting.storage.models import ApiTokenRow, LoginAttemptRow, PasswordRow, SessionRow
from tests.integration.builders import BEN, CARL, T0, build

PASSWORD = "correct horse battery"


@pytest.fixture
def ready(db: Database) -> Database:
    build(db)
    accounts.set_password(db, OPERATOR, "ben", PASSWORD, now=T0)
    return db


def test_passwords_are_stored_as_argon2id_only(ready: Database) -> None:
    with ready.reading() as session:
        stored = session.scalars(select(PasswordRow.hash)).one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_a_password_has_a_minimum_length_and_only_its_owner_or_an_admin_sets_it(
    ready: Database,
) -> None:
    with pytest.raises(ValidationError, match="10 to 1024"):
        accounts.set_password(ready, OPERATOR, "ben", "short", now=T0)
    with pytest.raises(PermissionDenied):
        accounts.set_password(ready, CARL, "ben", "carl chose this", now=T0)
    accounts.set_password(ready, BEN, "ben", "ben chose another", now=T0)


def test_signing_in_gives_a_fresh_session_each_time(ready: Database) -> None:
    first = accounts.sign_in(ready, "ben", PASSWORD, "10.0.0.1", now=T0)
    second = accounts.sign_in(ready, "ben", PASSWORD, "10.0.0.1", now=T0)
    assert first.session_token != second.session_token
    assert first.csrf_secret != second.csrf_secret
    assert accounts.current_session(ready, first.session_token, now=T0).user.username == "ben"
    with ready.reading() as session:  # only digests are stored
        stored = set(session.scalars(select(SessionRow.token_sha256)))
    assert first.session_token not in stored and len(stored) == 2


def test_wrong_passwords_and_unknown_users_get_the_same_answer(ready: Database) -> None:
    with pytest.raises(NotSignedIn, match="wrong user name or password"):
        accounts.sign_in(ready, "ben", "not the password", "10.0.0.1", now=T0)
    with pytest.raises(NotSignedIn, match="wrong user name or password"):
        accounts.sign_in(ready, "nobody", PASSWORD, "10.0.0.1", now=T0)
    with pytest.raises(NotSignedIn):
        accounts.sign_in(ready, "carl", "no password set", "10.0.0.1", now=T0)


def test_failures_slow_that_address_for_that_name_without_locking_the_user_out(
    ready: Database,
) -> None:
    when = T0
    for failures in range(accounts.FREE_FAILURES + 2):  # each as soon as allowed
        when += accounts.failure_delay(failures)
        with pytest.raises(NotSignedIn):
            accounts.sign_in(ready, "ben", "guess", "10.0.0.9", now=when)
    assert when == T0 + timedelta(seconds=3)  # 0, 0, 0, +1 s, +2 s
    with pytest.raises(RateLimited) as waiting:  # unhashed, even the right password
        accounts.sign_in(ready, "ben", PASSWORD, "10.0.0.9", now=when + timedelta(seconds=1))
    assert waiting.value.retry_after == 3  # 4 s after the last failure
    # the rightful user, from anywhere else, at once
    elsewhere = accounts.sign_in(ready, "ben", PASSWORD, "10.0.0.1", now=when)
    assert elsewhere.user.username == "ben"
    # from the same address too, once the delay has passed; which clears that address
    later = when + accounts.failure_delay(accounts.FREE_FAILURES + 2)
    assert accounts.sign_in(ready, "ben", PASSWORD, "10.0.0.9", now=later).user.username == "ben"
    with pytest.raises(NotSignedIn):  # a typo afterwards is a first failure again
        accounts.sign_in(ready, "ben", "typo", "10.0.0.9", now=later)


def test_the_delay_doubles_up_to_its_cap() -> None:
    delays = [accounts.failure_delay(n).total_seconds() for n in range(8)]
    assert delays == [0, 0, 0, 1, 2, 4, 8, 16]
    assert accounts.failure_delay(10_000) == accounts.MAX_DELAY


def test_an_address_failing_for_many_names_waits_for_the_window(ready: Database) -> None:
    for n in range(accounts.MAX_FAILURES_PER_CLIENT):
        with pytest.raises(NotSignedIn):
            accounts.sign_in(ready, f"name{n}", "guess", "10.0.0.7", now=T0)
    with pytest.raises(RateLimited) as waiting:
        accounts.sign_in(ready, "ben", PASSWORD, "10.0.0.7", now=T0)
    assert waiting.value.retry_after == accounts.ATTEMPT_WINDOW.total_seconds()
    assert accounts.sign_in(ready, "ben", PASSWORD, "10.0.0.8", now=T0).user.username == "ben"


def test_when_every_hashing_slot_is_taken_a_sign_in_is_refused_unrecorded(
    ready: Database,
) -> None:
    taken = [accounts._HASHING.acquire(blocking=False) for _ in range(accounts.HASHING_SLOTS)]
    try:
        assert all(taken)
        with pytest.raises(RateLimited) as busy:
            accounts.sign_in(ready, "ben", PASSWORD, "10.0.0.1", now=T0)
        assert busy.value.retry_after == 1
    finally:
        for _ in taken:
            accounts._HASHING.release()
    with ready.reading() as session:
        assert session.scalar(select(func.count()).select_from(LoginAttemptRow)) == 0


def test_sessions_end_by_expiry_sign_out_and_password_change(ready: Database) -> None:
    signed = accounts.sign_in(ready, "ben", PASSWORD, "c", now=T0)
    with pytest.raises(NotSignedIn):
        accounts.current_session(ready, signed.session_token, now=T0 + timedelta(hours=13))
    accounts.sign_out(ready, signed.session_token)
    with pytest.raises(NotSignedIn):
        accounts.current_session(ready, signed.session_token, now=T0)
    other = accounts.sign_in(ready, "ben", PASSWORD, "c", now=T0)
    accounts.set_password(ready, BEN, "ben", "a brand new secret", now=T0)
    with pytest.raises(NotSignedIn):
        accounts.current_session(ready, other.session_token, now=T0)


def test_a_password_change_revokes_every_api_token_of_the_user(ready: Database) -> None:
    laptop, _ = accounts.create_token(ready, BEN, "laptop", now=T0)
    script, _ = accounts.create_token(ready, BEN, "script", now=T0)
    accounts.sign_in(ready, "ben", PASSWORD, "c", now=T0)
    ended = accounts.set_password(ready, OPERATOR, "ben", "a brand new secret", now=T0)
    assert (ended.sessions, ended.tokens) == (1, 2)
    for secret in (laptop, script):
        with pytest.raises(NotSignedIn):
            accounts.token_user(ready, secret)
    assert all(t.revoked_at is not None for t in accounts.list_tokens(ready, BEN))
    fresh, _ = accounts.create_token(ready, BEN, "new laptop", now=T0)
    assert accounts.token_user(ready, fresh).username == "ben"


def test_api_tokens_are_shown_once_stored_hashed_and_revocable(ready: Database) -> None:
    secret, token = accounts.create_token(ready, BEN, "laptop", now=T0)
    assert secret.startswith("iw_") and token.prefix == secret[:10]
    assert accounts.token_user(ready, secret).username == "ben"
    with ready.reading() as session:
        assert secret not in set(session.scalars(select(ApiTokenRow.token_sha256)))
    assert [t.name for t in accounts.list_tokens(ready, BEN)] == ["laptop"]
    assert accounts.list_tokens(ready, CARL) == []
    with pytest.raises(PermissionDenied):
        accounts.create_token(ready, OPERATOR, "nobody's", now=T0)
    with pytest.raises(NotFound, match="no token"):
        accounts.revoke_token(ready, CARL, token.id, now=T0)
    accounts.revoke_token(ready, BEN, token.id, now=T0)
    with pytest.raises(NotSignedIn):
        accounts.token_user(ready, secret)
    with pytest.raises(NotSignedIn):
        accounts.token_user(ready, "iw_made-up")


def test_checking_a_password_holds_no_lock_that_writers_wait_for(
    ready: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """argon2id costs about 0.1 s: while it runs, other writes (here a party registered
    through another thread) must go ahead, not queue behind the sign-in."""
    checked = accounts._verify
    wrote: list[str] = []

    def verify_while_another_writes(hashed: str, password: str) -> bool:
        def write() -> None:
            parties.add_party(ready, OPERATOR, "test-talks", "Party D", now=T0)
            wrote.append("Party D")

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        writer.join(timeout=20)  # a lock held by the sign-in would keep it waiting
        return checked(hashed, password)

    monkeypatch.setattr(accounts, "_verify", verify_while_another_writes)
    signed = accounts.sign_in(ready, "ben", PASSWORD, "198.51.100.7", now=T0)
    assert signed.user.username == "ben"
    assert wrote == ["Party D"]


def test_an_attempt_is_counted_before_its_password_is_checked(
    ready: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guesses sent together count against each other: while one is being hashed, it is
    already a failure, so the one after the free ones is refused without hashing."""
    for _ in range(accounts.FREE_FAILURES - 1):
        with pytest.raises(NotSignedIn):
            accounts.sign_in(ready, "ben", "wrong guess", "203.0.113.9", now=T0)
    checked = accounts._verify
    hashed: list[str] = []

    def another_guess_lands_meanwhile(stored: str, password: str) -> bool:
        monkeypatch.setattr(accounts, "_verify", checked)
        with pytest.raises(RateLimited):  # the pending one counts: 3 failures, wait 1 s
            accounts.sign_in(ready, "ben", "another guess", "203.0.113.9", now=T0)
        hashed.append(password)
        return checked(stored, password)

    monkeypatch.setattr(accounts, "_verify", another_guess_lands_meanwhile)
    with pytest.raises(NotSignedIn):
        accounts.sign_in(ready, "ben", "third guess", "203.0.113.9", now=T0)
    assert hashed == ["third guess"]


def test_only_administrators_list_the_users(ready: Database) -> None:
    assert [u.username for u in users.list_users(ready, OPERATOR)][:2] == ["alice", "amos"]
    with pytest.raises(PermissionDenied):
        users.list_users(ready, BEN)
    with pytest.raises(PermissionDenied):
        users.check_administrator(ready, ANONYMOUS)
