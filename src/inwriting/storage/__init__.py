"""Storage: SQLAlchemy 2 models (suffix ``Row``), the engine, and Alembic migrations.

SQLite (a file, WAL mode, foreign keys on) is the embedded default; PostgreSQL via psycopg 3
is the production engine, chosen by one URL. Keep SQL portable: no engine-specific types,
constraint names fixed by a naming convention so migrations match on both.

Tabled versions, their provisions, and submitted responses with their positions are
immutable. :mod:`inwriting.storage.guards` refuses changes to them made through the ORM;
a change made behind the ORM's back (a raw ``UPDATE``) is caught by the content digests that
:mod:`inwriting.services.ledger` recomputes.

Transactions are opened by services only (``Database.transaction``), never here.
"""
