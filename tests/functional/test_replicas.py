"""Two app nodes over one PostgreSQL primary and its streaming replica behave as one.

Node A reads and writes on the primary; node B writes on the primary and reads from the
replica. With the replica's replay paused, a write through node B is visible to its author
through node B at once (their reads go to the primary until the replica has it) and to
everyone else once the replica has replayed it. Needs ``INWRITING_TEST_REPLICA_URL`` (a hot
standby of the server in ``INWRITING_TEST_DATABASE_URL``; ``.ci/run`` starts one).
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, make_url, select, text

from inwriting.app import create_app
from inwriting.errors import Unavailable
from inwriting.http.replicas import COOKIE, HEADER
from inwriting.services import accounts
from inwriting.services.actors import Actor
from inwriting.services.demo import CORVINIA, DEMO_PASSWORD, SLUG, load_demo
from inwriting.services.record import publish_checkpoint
from inwriting.settings import Settings
from inwriting.storage.engine import Database, normalise_url, read_your_writes, wal_position
from inwriting.storage.models import CheckpointRow
from tests.conftest import PG_URL, _pg_admin, _pg_url

REPLICA_URL = os.environ.get("INWRITING_TEST_REPLICA_URL", "")

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def replica_admin() -> Iterator[Engine]:
    if not (PG_URL and REPLICA_URL):
        if os.environ.get("INWRITING_TEST_REQUIRE_POSTGRES"):
            pytest.fail("INWRITING_TEST_REQUIRE_POSTGRES is set but no replica URL is")
        pytest.skip("no streaming replica: set INWRITING_TEST_REPLICA_URL (.ci/run does)")
    engine = create_engine(normalise_url(REPLICA_URL), isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def _replica_url(database: str) -> str:
    return make_url(normalise_url(REPLICA_URL)).set(database=database).render_as_string(False)


def _replayed(replica_admin: Engine) -> None:
    """Wait until the replica has replayed everything the primary has written so far."""
    primary = create_engine(_pg_url("postgres"), isolation_level="AUTOCOMMIT")
    with primary.connect() as conn:
        target = wal_position(conn.execute(text("SELECT pg_current_wal_lsn()::text")).scalar())
    primary.dispose()
    deadline = time.monotonic() + 60
    with replica_admin.connect() as conn:
        # A test run killed inside ``paused`` leaves replay paused on a server that outlives
        # it (a developer's): nothing would ever catch up.
        conn.execute(text("SELECT pg_wal_replay_resume()"))
        while True:
            done = conn.execute(text("SELECT pg_last_wal_replay_lsn()::text")).scalar()
            if done and wal_position(done) >= target:
                return
            assert time.monotonic() < deadline, "the replica did not catch up within 60 s"
            time.sleep(0.05)


@dataclass
class Cluster:
    a: FastAPI  # primary only
    b: FastAPI  # writes to the primary, reads from the replica
    token: str  # cleo's API token
    replica_admin: Engine

    def paused(self) -> _Paused:
        return _Paused(self.replica_admin)


class _Paused:
    """The replica's replay paused for the block, resumed (and caught up) after it."""

    def __init__(self, admin: Engine) -> None:
        self.admin = admin

    def __enter__(self) -> None:
        _replayed(self.admin)
        with self.admin.connect() as conn:
            conn.execute(text("SELECT pg_wal_replay_pause()"))

    def __exit__(self, *_exc: object) -> None:
        with self.admin.connect() as conn:
            conn.execute(text("SELECT pg_wal_replay_resume()"))
        _replayed(self.admin)


@pytest.fixture(scope="module")
def cluster(
    replica_admin: Engine, pg_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    name = f"inwriting_r_{os.getpid()}_{int(time.time())}"
    _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    folder = tmp_path_factory.mktemp("nodes")
    try:
        primary = Database(_pg_url(name))
        load_demo(primary)
        token = accounts.create_token(primary, Actor("cleo"), "replicas")[0]
        primary.dispose()
        _replayed(replica_admin)
        a = create_app(Settings(database_url=_pg_url(name), data_dir=folder), checkpointer=False)
        b = create_app(
            Settings(
                database_url=_pg_url(name),
                database_replica_url=_replica_url(name),
                data_dir=folder,
            ),
            checkpointer=False,
        )
        with TestClient(a) as _, TestClient(b) as __:
            yield Cluster(a, b, token, replica_admin)
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _replayed(replica_admin)


def _draft(reason: str) -> dict[str, object]:
    return {
        "party": CORVINIA,
        "positions": [{"position": "reject", "provision": "art-5", "reason": reason}],
    }


def test_the_author_reads_their_write_at_once_and_others_once_replayed(cluster: Cluster) -> None:
    auth = {"Authorization": f"Bearer {cluster.token}"}
    with TestClient(cluster.a) as a, TestClient(cluster.b) as b, TestClient(cluster.b) as other:
        with cluster.paused():
            saved = b.put("/api/v1/versions/1/draft", json=_draft("heronsbill"), headers=auth)
            assert saved.status_code == 200, saved.text
            position = saved.headers[HEADER]
            wal_position(position)  # well formed
            draft = f"/api/v1/responses/{saved.json()['id']}"
            mine = b.get(draft, headers={**auth, HEADER: position})
            assert mine.status_code == 200 and "heronsbill" in mine.text
            # The same person's cookie does it too (a browser keeps it).
            assert "heronsbill" in b.get(draft, headers=auth).text
            # Without the position, node B reads the paused replica: not there yet.
            assert "heronsbill" not in other.get(draft, headers=auth).text
            # Node A reads the primary: everyone sees it there.
            assert "heronsbill" in a.get(draft, headers=auth).text
        # Replayed: node B shows it to everyone.
        assert "heronsbill" in other.get(draft, headers=auth).text


def test_a_person_who_signs_in_through_a_replica_node_is_signed_in_at_once(
    cluster: Cluster,
) -> None:
    with TestClient(cluster.b) as b, cluster.paused():
        page = b.get("/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf is not None
        form = {"username": "cleo", "password": DEMO_PASSWORD, "csrf": csrf.group(1)}
        signed_in = b.post("/login", data=form, follow_redirects=False)
        assert signed_in.status_code == 303
        assert COOKIE in signed_in.cookies  # the sign-in wrote its session
        home = b.get("/")
        assert home.status_code == 200 and "Sign out" in home.text
        # Cleo's own session is found although the replica has not replayed it: had it read
        # the replica, the negotiation (private to its parties) would be hidden.
        assert b.get(f"/negotiations/{SLUG}").status_code == 200


PAGES = (
    "/",
    f"/negotiations/{SLUG}",
    f"/negotiations/{SLUG}/versions/1",
    f"/negotiations/{SLUG}/versions/1/matrix",
    f"/negotiations/{SLUG}/versions/1/provisions/art-5",
    f"/negotiations/{SLUG}/versions/1/consolidated",
    f"/negotiations/{SLUG}/commitments",
    f"/negotiations/{SLUG}/responses/1",
    f"/negotiations/{SLUG}/responses/1/receipt",
    f"/negotiations/{SLUG}/versions/1/respond",
    f"/negotiations/{SLUG}/versions/1/download/docx",
    f"/negotiations/{SLUG}/compare?a=1&b=1",
    "/account/tokens",
    "/record",
    "/record/checkpoint",
    "/search?q=water",
)


def test_every_page_reads_from_the_replica_without_writing_to_it(cluster: Cluster) -> None:
    """A page that wrote inside a read would fail on the read-only standby; writes (a
    receipt's checkpoint) go to the primary."""
    with TestClient(cluster.b) as b:
        page = b.get("/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf is not None
        form = {"username": "cleo", "password": DEMO_PASSWORD, "csrf": csrf.group(1)}
        b.post("/login", data=form)
        _replayed(cluster.replica_admin)
        b.cookies.delete(COOKIE)  # read from the replica from here on
        for path in PAGES:
            answer = b.get(path)
            assert answer.status_code == 200, (path, answer.status_code, answer.text[:300])
            b.cookies.delete(COOKIE)  # a receipt signs a checkpoint (on the primary)


def test_checkpointers_on_two_nodes_sign_each_size_once(cluster: Cluster) -> None:
    url = str(cluster.a.state.settings.database_url)
    keys = cluster.a.state.record_keys
    replica = cluster.b.state.settings.database_replica_url
    nodes = [Database(url), Database(url, replica_url=replica)]
    writer = Database(url)
    auth = {"Authorization": f"Bearer {cluster.token}"}
    errors: list[BaseException] = []

    def checkpoint(db: Database) -> None:
        try:
            for _ in range(15):
                publish_checkpoint(db, keys.get(), min_interval=timedelta(0))
        except BaseException as error:  # reported below
            errors.append(error)

    with TestClient(cluster.a) as a:
        threads = [threading.Thread(target=checkpoint, args=(db,)) for db in nodes]
        for thread in threads:
            thread.start()
        for n in range(5):  # the record grows meanwhile
            a.put("/api/v1/versions/1/draft", json=_draft(f"round {n}"), headers=auth)
        for thread in threads:
            thread.join()
    assert not errors, errors
    with writer.reading() as session:
        sizes = session.scalars(select(CheckpointRow.size).order_by(CheckpointRow.id)).all()
    assert sizes == sorted(set(sizes))  # one checkpoint per size, never two heads
    for db in (*nodes, writer):
        db.dispose()


def test_reads_go_to_the_primary_while_the_replica_cannot_be_reached(
    cluster: Cluster, caplog: pytest.LogCaptureFixture
) -> None:
    url = str(cluster.a.state.settings.database_url)
    unreachable = make_url(_pg_url("postgres")).set(port=1).render_as_string(False)
    db = Database(url, replica_url=unreachable)
    try:
        # A position to check: the replica is asked, and cannot be reached.
        with read_your_writes("0/1"), db.reading() as session:
            assert session.execute(text("SELECT 1")).scalar() == 1
        assert "read replica cannot be reached" in caplog.text
        with db.reading() as session:  # resting: the primary answers
            assert session.execute(text("SELECT 1")).scalar() == 1
    finally:
        db.dispose()


def test_a_replica_found_down_mid_read_answers_unavailable_once(cluster: Cluster) -> None:
    url = str(cluster.a.state.settings.database_url)
    unreachable = make_url(_pg_url("postgres")).set(port=1).render_as_string(False)
    db = Database(url, replica_url=unreachable)
    try:
        with pytest.raises(Unavailable), db.reading() as session:
            session.execute(text("SELECT 1"))
        with db.reading() as session:
            assert session.execute(text("SELECT 1")).scalar() == 1
    finally:
        db.dispose()
