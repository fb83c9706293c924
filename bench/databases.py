"""Throwaway databases for the benchmarks: an SQLite file in a temporary folder, or a fresh
database on a PostgreSQL server, dropped afterwards even after an error."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, make_url, text

from inwriting.storage.engine import normalise_url


@contextmanager
def sqlite_url(prefix: str) -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        yield f"sqlite:///{folder}/bench.db"


@contextmanager
def postgres_url(url: str) -> Iterator[str]:
    """A fresh database on the server of ``url``."""
    server = make_url(normalise_url(url))
    name = f"inwriting_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(
        server.set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
