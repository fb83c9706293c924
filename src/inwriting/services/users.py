"""Users: the people who act for parties."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from inwriting.errors import Conflict, ValidationError
from inwriting.services.actors import Actor, now_or, require_admin
from inwriting.services.notifications import check_email
from inwriting.storage import queries
from inwriting.storage.engine import Database
from inwriting.storage.models import UserRow

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    is_admin: bool


def create_user(
    db: Database,
    actor: Actor,
    username: str,
    display_name: str = "",
    *,
    is_admin: bool = False,
    email: str = "",
    now: datetime | None = None,
) -> User:
    check_username(username)
    address = check_email(email)
    with db.transaction() as session:
        require_admin(session, actor)
        if queries.find_user(session, username) is not None:
            raise Conflict(f"user {username!r} already exists")
        row = UserRow(
            username=username,
            display_name=display_name.strip() or username,
            is_admin=is_admin,
            email=address,
            created_at=now_or(now),
        )
        session.add(row)
        return user_value(row)


def check_username(username: str) -> None:
    if not _USERNAME.match(username):
        raise ValidationError(
            f"username {username!r}: use 2-64 lower-case letters, digits, '.', '_' or '-'"
        )


def set_email(db: Database, actor: Actor, username: str, email: str) -> None:
    """Set where ``username``'s notifications are e-mailed ("" for nowhere): an
    administrator (or the operator) for anyone; users change their own in their
    notification preferences."""
    address = check_email(email)
    with db.transaction() as session:
        require_admin(session, actor)
        queries.get_user(session, username).email = address


def list_users(db: Database, actor: Actor) -> list[User]:
    """Every user, for an administrator (or the operator)."""
    with db.reading() as session:
        require_admin(session, actor)
        return [user_value(r) for r in session.scalars(select(UserRow).order_by(UserRow.username))]


def check_administrator(db: Database, actor: Actor) -> None:
    """Refuse anyone but an administrator (or the operator)."""
    with db.reading() as session:
        require_admin(session, actor)


def user_value(row: UserRow) -> User:
    return User(username=row.username, display_name=row.display_name, is_admin=row.is_admin)
