"""Alembic environment: always run with a connection handed in by ``Database.upgrade``
(or by tests), never from an ini file's URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from inwriting.storage.engine import normalise_url
from inwriting.storage.models import Base

config = context.config
connection = config.attributes.get("connection")


def run(conn: object) -> None:
    context.configure(
        connection=conn,  # type: ignore[arg-type]  # alembic types it loosely
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters tables by copy-and-move
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:  # `alembic -x url=... revision --autogenerate` from a developer's shell
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///migrations.db")
    with create_engine(normalise_url(url)).begin() as conn:
        run(conn)
