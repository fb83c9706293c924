"""What every command receives: the settings and who is acting."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

from inwriting.errors import InWritingError

if TYPE_CHECKING:  # the services load SQLAlchemy: only the commands that use them do
    from inwriting.services.actors import Actor
    from inwriting.services.record_keys import RecordKey
    from inwriting.settings import Settings
    from inwriting.storage.engine import Database


class NotMigrated(InWritingError):
    code = "not_migrated"


@dataclass
class State:
    settings: Settings
    username: str | None
    _db: Database | None = field(default=None, repr=False)

    @property
    def actor(self) -> Actor:
        from inwriting.services.actors import Actor

        return Actor(self.username)

    def database(self, *, migrated: bool = True) -> Database:
        if self._db is None:
            from inwriting.storage.engine import Database

            self._db = Database(self.settings.database_url, echo=self.settings.echo_sql)
        if migrated and self._db.current_revision() != self._db.head_revision():
            raise NotMigrated(
                f"the database at {self._db.display_url} is not at the current schema; "
                "run `inwriting db upgrade` first"
            )
        return self._db

    def close(self) -> None:
        """Release the database's connections when the command ends (a pool left open
        warns, and on PostgreSQL holds server connections until the process exits)."""
        if self._db is not None:
            self._db.dispose()
            self._db = None

    def record_key(self, *, may_create: bool = True) -> RecordKey:
        """The record's signing key; created on first signing while the record has no
        checkpoint, never by a command that only reads (see docs/operations.md)."""
        from inwriting.services.record_keys import load_key, open_record_key

        path, origin = self.settings.record_key_path, self.settings.record_origin
        if not may_create:
            return load_key(path, origin)
        return open_record_key(self.database(), path, origin)


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    assert isinstance(obj, State)  # set by the root callback, always
    return obj
